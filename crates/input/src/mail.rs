//! Spreadsheets attached to mails: one .eml, or every message of an .mbox,
//! with the sender, subject and date kept as the submission's provenance.
//! Attachment names come decoded (ISO-2022-JP encoded words, RFC 2231,
//! Shift_JIS) by mail-parser; a name an older mailer wrote as bare bytes
//! (Shift_JIS, EUC-JP, ISO-2022-JP, no encoding) is read from the header's
//! bytes here. Forwarded mails and zipped attachments are opened too.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use mail_parser::{HeaderName, Message, MessageParser, MessagePart, MimeHeaders};

use super::limits::{ContainerError, Limits};
use super::{MailInfo, Source, attached_zip, is_spreadsheet_name, push_spreadsheet};

/// How deep forwarded mails are followed.
const MAX_NESTING: usize = 4;

/// The spreadsheets attached to one .eml file.
pub fn eml(
    path: &Path,
    bytes: &[u8],
    limits: &Limits,
    sources: &mut Vec<Source>,
) -> Result<(), ContainerError> {
    let message = MessageParser::default()
        .parse(bytes)
        .ok_or(ContainerError::NotMail)?;
    let place = Place {
        container: path,
        shown: path.to_path_buf(),
    };
    attachments(&place, &message, None, limits, sources, 0);
    Ok(())
}

/// The spreadsheets attached to every message of an .mbox file.
pub fn mbox(
    path: &Path,
    bytes: &[u8],
    limits: &Limits,
    sources: &mut Vec<Source>,
) -> Result<(), ContainerError> {
    let messages = mail_parser::mailbox::mbox::MessageIterator::new(std::io::Cursor::new(bytes));
    let mut count = 0;
    for (i, entry) in messages.enumerate() {
        let entry = entry.map_err(|_| ContainerError::NotMail)?;
        count += 1;
        if count > limits.max_zip_entries {
            return Err(ContainerError::TooManyMails {
                max: limits.max_zip_entries,
            });
        }
        let Some(message) = MessageParser::default().parse(entry.contents()) else {
            continue;
        };
        let place = Place {
            container: path,
            shown: path.join(format!("メール{}", i + 1)),
        };
        attachments(&place, &message, None, limits, sources, 0);
    }
    if count == 0 {
        return Err(ContainerError::NotMail);
    }
    Ok(())
}

/// A UTC time in Japan time (UTC+9, no daylight saving).
pub(super) fn japan_time(utc: chrono::NaiveDateTime) -> chrono::NaiveDateTime {
    utc + chrono::Duration::hours(9)
}

/// Where attachments are shown: the mail file, or a message inside it.
struct Place<'a> {
    container: &'a Path,
    shown: PathBuf,
}

/// The sender, subject and date of a message.
fn info(message: &Message) -> MailInfo {
    let from = message
        .from()
        .and_then(|a| a.first())
        .map(|addr| match (addr.name(), addr.address()) {
            (Some(name), Some(address)) => format!("{name} <{address}>"),
            (None, Some(address)) => address.to_string(),
            (Some(name), None) => name.to_string(),
            (None, None) => String::new(),
        })
        .unwrap_or_default();
    // The sender's local time, moved to Japan time so that dates of mails
    // from anywhere (and of .msg files, stored in UTC) compare.
    let date = message.date().and_then(|d| {
        let local = NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into())?
            .and_hms_opt(d.hour.into(), d.minute.into(), d.second.into())?;
        let offset = i64::from(d.tz_hour) * 60 + i64::from(d.tz_minute);
        let offset = if d.tz_before_gmt { -offset } else { offset };
        Some(japan_time(local - chrono::Duration::minutes(offset)))
    });
    MailInfo {
        from,
        subject: message.subject().unwrap_or_default().to_string(),
        date,
    }
}

fn attachments(
    place: &Place,
    message: &Message,
    outer: Option<&MailInfo>,
    limits: &Limits,
    sources: &mut Vec<Source>,
    depth: usize,
) {
    // A forwarded mail keeps the provenance of the mail that brought it.
    let own = info(message);
    let mail = outer.unwrap_or(&own);
    for part in message.attachments() {
        if let Some(inner) = part.message() {
            if depth < MAX_NESTING {
                attachments(place, inner, Some(mail), limits, sources, depth + 1);
            }
            continue;
        }
        let name = attachment_name(message, part);
        let name = name.as_str();
        let bytes = part.contents();
        if is_spreadsheet_name(name) {
            push_spreadsheet(
                place.container,
                &place.shown,
                name,
                bytes.to_vec(),
                Some(mail),
                sources,
            );
        } else if name.to_ascii_lowercase().ends_with(".zip") {
            let (container, shown) = (place.container, &place.shown);
            attached_zip(container, shown, name, bytes, limits, Some(mail), sources);
        }
    }
}

/// The attachment's name. mail-parser reads a header's bare 8-bit bytes as
/// UTF-8 (replacement characters for Shift_JIS or EUC-JP) and ends a quoted
/// name at a quote byte of ISO-2022-JP: such a name is read again from the
/// header's bytes, in the encodings Japanese mailers use.
fn attachment_name(message: &Message, part: &MessagePart) -> String {
    let parsed = part.attachment_name().unwrap_or_default();
    if !parsed.contains(['\u{FFFD}', '\x1b']) {
        return parsed.to_string();
    }
    let raw = |header: HeaderName, key: &str| {
        let header = part.headers.iter().find(|h| h.name == header)?;
        let value = message
            .raw_message
            .get(header.offset_start as usize..header.offset_end as usize)?;
        parameter(value, key).filter(|v| v.iter().any(|b| *b >= 0x80 || *b == 0x1B))
    };
    raw(HeaderName::ContentDisposition, "filename")
        .or_else(|| raw(HeaderName::ContentType, "name"))
        .map(|bytes| super::japanese::decode(&bytes))
        .unwrap_or_else(|| parsed.to_string())
}

/// The bytes of a parameter (`key=value` or `key="value"`) of a header's
/// value as written (folded lines joined). In a quoted value a quote or
/// a backslash is data inside ISO-2022-JP's two-byte mode and as the
/// second byte of a Shift_JIS character (表 is 0x95 0x5C).
fn parameter(value: &[u8], key: &str) -> Option<Vec<u8>> {
    let value: Vec<u8> = value
        .iter()
        .copied()
        .filter(|b| *b != b'\r' && *b != b'\n')
        .collect();
    let mut i = 0;
    // The parameters follow the first `;` (after the type or disposition).
    let mut quoted = false;
    while i < value.len() && (quoted || value[i] != b';') {
        quoted ^= value[i] == b'"';
        i += 1;
    }
    while i < value.len() {
        i += 1; // the `;`
        let start = i;
        while i < value.len() && !matches!(value[i], b'=' | b';') {
            i += 1;
        }
        let name = String::from_utf8_lossy(&value[start..i]);
        let wanted = name.trim().eq_ignore_ascii_case(key);
        if value.get(i) != Some(&b'=') {
            continue;
        }
        i += 1;
        while value.get(i).is_some_and(|b| *b == b' ' || *b == b'\t') {
            i += 1;
        }
        let mut data = Vec::new();
        if value.get(i) == Some(&b'"') {
            i += 1;
            let mut two_byte = false;
            while let Some(&b) = value.get(i) {
                match b {
                    0x1B => {
                        // ESC $ B (or $ @) enters the two-byte mode, ESC ( B or ( J leaves it.
                        two_byte = value.get(i + 1) == Some(&b'$');
                        let end = (i + 3).min(value.len());
                        data.extend_from_slice(&value[i..end]);
                        i = end;
                        continue;
                    }
                    _ if two_byte => data.push(b),
                    0x81..=0x9F | 0xE0..=0xFC
                        if value
                            .get(i + 1)
                            .is_some_and(|t| matches!(t, 0x40..=0x7E | 0x80..=0xFC)) =>
                    {
                        data.extend_from_slice(&value[i..i + 2]);
                        i += 2;
                        continue;
                    }
                    b'\\' if i + 1 < value.len() => {
                        data.push(value[i + 1]);
                        i += 2;
                        continue;
                    }
                    b'"' => {
                        i += 1;
                        break;
                    }
                    _ => data.push(b),
                }
                i += 1;
            }
            // Whatever follows the closing quote, up to the next `;`.
            while i < value.len() && value[i] != b';' {
                i += 1;
            }
        } else {
            while i < value.len() && value[i] != b';' {
                data.push(value[i]);
                i += 1;
            }
            while data.last().is_some_and(|b| b.is_ascii_whitespace()) {
                data.pop();
            }
        }
        if wanted {
            return Some(data);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_as_old_mailers_write_them() {
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("建設部_目標表.xlsx");
        let mut header = b"attachment;\r\n filename=\"".to_vec();
        header.extend_from_slice(&sjis);
        header.extend_from_slice(b"\"; size=100");
        assert_eq!(parameter(&header, "filename").as_deref(), Some(&sjis[..]));
        assert_eq!(parameter(&header, "size").as_deref(), Some(&b"100"[..]));
        let (jis, _, _) = encoding_rs::ISO_2022_JP.encode("総合政策部※修正版.xlsx");
        assert!(jis.contains(&b'"'));
        let mut header = b"application/x; charset=\"a;b\"; name=\"".to_vec();
        header.extend_from_slice(&jis);
        header.push(b'"');
        assert_eq!(parameter(&header, "name").as_deref(), Some(&jis[..]));
        assert_eq!(parameter(&header, "charset").as_deref(), Some(&b"a;b"[..]));
        let bare = b"attachment; FileName = x.xlsx ";
        assert_eq!(parameter(bare, "filename").as_deref(), Some(&b"x.xlsx"[..]));
        assert_eq!(parameter(b"attachment", "filename"), None);
        assert_eq!(
            parameter(b"attachment; filename=\"cut", "filename").as_deref(),
            Some(&b"cut"[..])
        );
    }
}
