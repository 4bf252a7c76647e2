//! Spreadsheets attached to mails: one .eml, or every message of an .mbox,
//! with the sender, subject and date kept as the submission's provenance.
//! Attachment names come decoded (ISO-2022-JP encoded words, RFC 2231,
//! Shift_JIS) by mail-parser; forwarded mails and zipped attachments are
//! opened too.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use mail_parser::{Message, MessageParser, MimeHeaders};

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
        let name = part.attachment_name().unwrap_or_default();
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
