//! Names written as bare bytes in the encodings Japanese programs use:
//! attachment names that an older mailer put in a header without encoding
//! them (Shift_JIS, ISO-2022-JP, EUC-JP), zip entry names without the UTF-8
//! flag (Shift_JIS from Windows' Explorer, EUC-JP from older Unix tools),
//! Outlook's 8-bit strings.

use encoding_rs::{EUC_JP, Encoding, ISO_2022_JP, SHIFT_JIS};

/// The text of a name given as bytes: ISO-2022-JP when it has its escape
/// sequences, else UTF-8 when it is valid UTF-8, else Shift_JIS or EUC-JP,
/// whichever reads as Japanese (Shift_JIS when both do; Shift_JIS with
/// replacement characters when neither does).
pub fn decode(raw: &[u8]) -> String {
    if raw.contains(&0x1B)
        && let Some(text) = strictly(ISO_2022_JP, raw)
    {
        return text;
    }
    if let Ok(text) = std::str::from_utf8(raw) {
        return text.to_string();
    }
    match (strictly(SHIFT_JIS, raw), strictly(EUC_JP, raw)) {
        (Some(sjis), Some(euc)) if odd(&euc) < odd(&sjis) => euc,
        (Some(sjis), _) => sjis,
        (None, Some(euc)) => euc,
        (None, None) => SHIFT_JIS.decode_without_bom_handling(raw).0.into_owned(),
    }
}

/// The bytes decoded, when they are valid in the encoding.
fn strictly(encoding: &'static Encoding, raw: &[u8]) -> Option<String> {
    encoding
        .decode_without_bom_handling_and_without_replacement(raw)
        .map(|text| text.into_owned())
}

/// How many characters a name would hardly hold: half-width katakana and
/// private-use characters are what bytes of the other encoding read as.
fn odd(text: &str) -> usize {
    text.chars()
        .filter(|c| {
            matches!(c, '\u{FF61}'..='\u{FF9F}' | '\u{E000}'..='\u{F8FF}') || c.is_control()
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_encoding_japanese_programs_write() {
        for name in [
            "令和8年度_部局経営目標_建設部.xlsx",
            "建設部_目標表.xlsx",
            "総合政策部※修正版.xlsx",
            "ソフト開発課.xlsx",
            "健康福祉部 (再提出).xlsx",
        ] {
            for encoding in [SHIFT_JIS, EUC_JP, ISO_2022_JP] {
                let (raw, _, failed) = encoding.encode(name);
                assert!(!failed, "{name}");
                assert_eq!(decode(&raw), name, "{name} in {}", encoding.name());
            }
            assert_eq!(decode(name.as_bytes()), name);
        }
        assert_eq!(decode(b"plain.xlsx"), "plain.xlsx");
        // Bytes of no Japanese encoding are kept visible, never dropped.
        assert_eq!(decode(b"\xFF\xFF.xlsx"), "\u{FFFD}\u{FFFD}.xlsx");
    }
}
