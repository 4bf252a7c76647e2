//! The mark mokuhyo leaves in every workbook it writes (a defined name,
//! which Excel and LibreOffice keep when they save), so that its own outputs
//! are never taken for submissions: a consolidated workbook found among the
//! inputs is skipped, and so is a template or a correction file that nobody
//! has filled in since (its cells still have the fingerprint written).

/// The defined name that carries the mark. It does not start with the
/// template's prefix `mk_`, so the reader's names are not disturbed.
pub const NAME: &str = "mokuhyo_written";

/// What mokuhyo wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// The consolidated workbook of `build`.
    Consolidated,
    /// The year-end workbook of `rollup`.
    Rollup,
    /// The 中間評価 workbook of `review`.
    MidYear,
    /// A template (`template`, `template --from`), with the fingerprint of
    /// its sheet as written.
    Template(u64),
    /// A correction file (`check --feedback`), with the fingerprint of its
    /// sheet as written.
    Feedback(u64),
}

impl Mark {
    /// The defined name's formula: a text constant such as `="様式:0123…"`.
    pub fn formula(self) -> String {
        let text = match self {
            Mark::Consolidated => "集約ブック".to_string(),
            Mark::Rollup => "実績集計ブック".to_string(),
            Mark::MidYear => "中間評価ブック".to_string(),
            Mark::Template(print) => format!("様式:{print:016x}"),
            Mark::Feedback(print) => format!("修正依頼:{print:016x}"),
        };
        format!("=\"{text}\"")
    }

    /// Reads the mark back from the formula as a reader gives it (with or
    /// without the `=` and the quotes).
    pub fn parse(formula: &str) -> Option<Mark> {
        let text = formula.trim().trim_start_matches('=').trim_matches('"');
        let print = |hex: &str| u64::from_str_radix(hex, 16).ok();
        match text.split_once(':') {
            None if text == "集約ブック" => Some(Mark::Consolidated),
            None if text == "実績集計ブック" => Some(Mark::Rollup),
            None if text == "中間評価ブック" => Some(Mark::MidYear),
            Some(("様式", hex)) => print(hex).map(Mark::Template),
            Some(("修正依頼", hex)) => print(hex).map(Mark::Feedback),
            _ => None,
        }
    }

    /// What the file is, as the note that skips it says: 「mokuhyo が書き出した
    /// {what}のため…」.
    pub fn what(self) -> &'static str {
        match self {
            Mark::Consolidated => "集約ブック",
            Mark::Rollup => "実績集計ブック",
            Mark::MidYear => "中間評価ブック",
            Mark::Template(_) => "様式(記入されていません)",
            Mark::Feedback(_) => "修正依頼のファイル(修正されていません)",
        }
    }

    /// The fingerprint the sheet had when it was written, for the marks
    /// whose file is skipped only while unchanged.
    pub fn fingerprint(self) -> Option<u64> {
        match self {
            Mark::Template(print) | Mark::Feedback(print) => Some(print),
            Mark::Consolidated | Mark::Rollup | Mark::MidYear => None,
        }
    }
}

/// Where FNV-1a (64 bits) starts.
pub const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a (64 bits) of `bytes`, continuing from `hash` ([`FNV_START`] to
/// begin): the fingerprints and content-derived names mokuhyo writes.
pub fn fnv(bytes: impl IntoIterator<Item = u8>, mut hash: u64) -> u64 {
    for b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// The fingerprint of a sheet's content: FNV-1a (64 bits) over every
/// non-empty cell as `row col text`, in the order given (row by row).
pub fn fingerprint<'a>(cells: impl IntoIterator<Item = (u32, u32, &'a str)>) -> u64 {
    cells.into_iter().fold(FNV_START, |hash, (row, col, text)| {
        let bytes = row
            .to_le_bytes()
            .into_iter()
            .chain(col.to_le_bytes())
            .chain(text.bytes())
            .chain([0]);
        fnv(bytes, hash)
    })
}

/// True for a PDF that mokuhyo wrote (its document information names
/// mokuhyo as the creator, in the UTF-16 form the PDF writer uses).
pub fn is_own_pdf(bytes: &[u8]) -> bool {
    const CREATOR: &[u8] = b"/Creator<FEFF006D006F006B007500680079006F>";
    bytes.starts_with(b"%PDF") && bytes.windows(CREATOR.len()).any(|w| w == CREATOR)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_read_back() {
        for mark in [
            Mark::Consolidated,
            Mark::Rollup,
            Mark::Template(0x0123_4567_89ab_cdef),
            Mark::Feedback(7),
        ] {
            assert_eq!(Mark::parse(&mark.formula()), Some(mark));
            // Readers give the constant without its `=`.
            assert_eq!(
                Mark::parse(mark.formula().trim_start_matches('=')),
                Some(mark)
            );
        }
        assert_eq!(Mark::parse("=\"様式:xyz\""), None);
        assert_eq!(Mark::parse("=Sheet1!$A$1"), None);
    }

    #[test]
    fn fingerprints_see_every_cell() {
        let a = fingerprint([(0, 0, "総務部"), (3, 1, "木村")]);
        assert_eq!(a, fingerprint([(0, 0, "総務部"), (3, 1, "木村")]));
        assert_ne!(a, fingerprint([(0, 0, "総務部"), (3, 1, "木村 辰生")]));
        assert_ne!(a, fingerprint([(0, 0, "総務部"), (4, 1, "木村")]));
        assert_ne!(a, fingerprint([(0, 0, "総務部")]));
    }
}
