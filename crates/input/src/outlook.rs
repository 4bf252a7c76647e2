//! Spreadsheets attached to Outlook's own saved mails (.msg: MAPI
//! properties in an OLE compound file), with the sender, subject and
//! submit time as provenance.

use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDateTime};

use super::limits::{ContainerError, Limits};
use super::{MailInfo, Source, attached_zip, is_spreadsheet_name, push_spreadsheet};

type Msg<'a> = cfb::CompoundFile<Cursor<&'a [u8]>>;

const SUBJECT: u16 = 0x0037;
const CLIENT_SUBMIT_TIME: u16 = 0x0039;
const SENDER_NAME: u16 = 0x0C1A;
const SENDER_EMAIL: u16 = 0x0C1F;
const DELIVERY_TIME: u16 = 0x0E06;
const SENDER_SMTP: u16 = 0x5D01;
const ATTACH_LONG_FILENAME: u16 = 0x3707;
const ATTACH_FILENAME: u16 = 0x3704;
const ATTACH_DATA: &str = "__substg1.0_37010102";

/// The spreadsheets attached to one .msg file.
pub fn msg(
    path: &Path,
    bytes: &[u8],
    limits: &Limits,
    sources: &mut Vec<Source>,
) -> Result<(), ContainerError> {
    let mut file =
        cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|_| ContainerError::NotMsg)?;
    let root = Path::new("/");
    let from = match (
        string(&mut file, root, SENDER_NAME),
        string(&mut file, root, SENDER_SMTP).or_else(|| string(&mut file, root, SENDER_EMAIL)),
    ) {
        (Some(name), Some(address)) => format!("{name} <{address}>"),
        (name, address) => address.or(name).unwrap_or_default(),
    };
    let info = MailInfo {
        from,
        subject: string(&mut file, root, SUBJECT).unwrap_or_default(),
        date: time(&mut file, CLIENT_SUBMIT_TIME).or_else(|| time(&mut file, DELIVERY_TIME)),
    };
    let mut attachments: Vec<PathBuf> = file
        .read_root_storage()
        .filter(|e| e.is_storage() && e.name().starts_with("__attach_version1.0_#"))
        .map(|e| e.path().to_path_buf())
        .collect();
    attachments.sort();
    for dir in attachments.iter().take(limits.max_zip_entries) {
        let name = string(&mut file, dir, ATTACH_LONG_FILENAME)
            .or_else(|| string(&mut file, dir, ATTACH_FILENAME))
            .unwrap_or_default();
        let zipped = name.to_ascii_lowercase().ends_with(".zip");
        if !is_spreadsheet_name(&name) && !zipped {
            continue;
        }
        let mut data = Vec::new();
        let read = file
            .open_stream(dir.join(ATTACH_DATA))
            .and_then(|s| s.take(limits.max_file_bytes() + 1).read_to_end(&mut data));
        if read.is_err() {
            continue;
        }
        if zipped {
            attached_zip(path, path, &name, &data, limits, Some(&info), sources);
        } else {
            push_spreadsheet(path, path, &name, data, Some(&info), sources);
        }
    }
    Ok(())
}

fn read_stream(file: &mut Msg, path: &Path) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut stream = file.open_stream(path).ok()?;
    (&mut stream).take(1 << 20).read_to_end(&mut out).ok()?;
    Some(out)
}

/// A string property: Unicode (PT_UNICODE), else 8-bit (PT_STRING8, UTF-8
/// when valid, else Shift_JIS as Japanese Outlook writes it, or EUC-JP,
/// ISO-2022-JP: `japanese::decode`).
fn string(file: &mut Msg, dir: &Path, id: u16) -> Option<String> {
    let unicode = dir.join(format!("__substg1.0_{id:04X}001F"));
    let text = if let Some(bytes) = read_stream(file, &unicode) {
        let units: Vec<u16> = bytes
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        let bytes = read_stream(file, &dir.join(format!("__substg1.0_{id:04X}001E")))?;
        super::japanese::decode(&bytes)
    };
    let text = text.trim_end_matches('\0').trim().to_string();
    (!text.is_empty()).then_some(text)
}

/// A time property of the message (PT_SYSTIME, UTC) in Japan time.
fn time(file: &mut Msg, id: u16) -> Option<NaiveDateTime> {
    let props = read_stream(file, Path::new("/__properties_version1.0"))?;
    // The message's property stream: a 32-byte header, then 16-byte entries.
    let wanted = (u32::from(id) << 16) | 0x0040;
    props.get(32..)?.chunks_exact(16).find_map(|entry| {
        let tag = u32::from_le_bytes(entry[0..4].try_into().ok()?);
        if tag != wanted {
            return None;
        }
        let filetime = u64::from_le_bytes(entry[8..16].try_into().ok()?);
        // 100 ns ticks since 1601-01-01.
        let seconds = (filetime / 10_000_000) as i64 - 11_644_473_600;
        let utc = DateTime::from_timestamp(seconds, 0)?;
        Some(super::mail::japan_time(utc.naive_utc()))
    })
}
