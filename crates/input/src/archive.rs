//! Spreadsheets inside a zip (a folder of submissions zipped, or a zip
//! attached to a mail), under the same limits as any input: entries
//! counted, sizes bounded while inflating, names decoded (UTF-8, else
//! Shift_JIS as Japanese Windows writes them, or EUC-JP, ISO-2022-JP:
//! `japanese::decode`) and never used as paths.

use std::io::{Cursor, Read};
use std::path::Path;

use super::limits::{ContainerError, Limits};
use super::{MailInfo, Source, is_spreadsheet_name, push_spreadsheet};

/// Adds the spreadsheets of a zip to `sources`.
pub fn spreadsheets(
    container: &Path,
    shown: &Path,
    bytes: &[u8],
    limits: &Limits,
    mail: Option<&MailInfo>,
    sources: &mut Vec<Source>,
) -> Result<(), ContainerError> {
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| ContainerError::ZipTruncated)?;
    if archive.len() > limits.max_zip_entries {
        return Err(ContainerError::TooManyEntries {
            max: limits.max_zip_entries,
        });
    }
    let budget = limits.max_inflated_bytes();
    let mut total = 0u64;
    for i in 0..archive.len() {
        let mut entry = archive
            .by_index(i)
            .map_err(|e| ContainerError::ZipEntry(e.to_string()))?;
        if entry.is_dir() {
            continue;
        }
        let name = decode_name(entry.name_raw());
        if !is_spreadsheet_name(&name)
            || name
                .rsplit(['/', '\\'])
                .next()
                .is_some_and(|n| n.starts_with("~$"))
        {
            continue;
        }
        if entry.encrypted() {
            sources.push(Source::Unreadable {
                path: shown.join(mokuhyo_domain::file_name::safe_name(&name)),
                reason: ContainerError::ZipPassword.to_string(),
                origin: super::Origin {
                    container: container.to_path_buf(),
                    name,
                    mail: mail.cloned(),
                },
            });
            continue;
        }
        // One more byte than allowed, so that the reader sees it is too big.
        let allowed = limits.max_file_bytes().min(budget - total) + 1;
        let mut data = Vec::new();
        (&mut entry)
            .take(allowed)
            .read_to_end(&mut data)
            .map_err(|_| ContainerError::ZipCorrupt)?;
        total += data.len() as u64;
        if total > budget {
            return Err(ContainerError::ZipBomb {
                max_mb: limits.max_inflated_mb,
            });
        }
        push_spreadsheet(container, shown, &name, data, mail, sources);
    }
    Ok(())
}

/// A zip entry's name: UTF-8 when it is valid UTF-8 (always, with the
/// UTF-8 flag), else one of the Japanese encodings (Shift_JIS from
/// Windows' Explorer, EUC-JP from older Unix tools).
fn decode_name(raw: &[u8]) -> String {
    super::japanese::decode(raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shift_jis_names() {
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("総合政策部.xlsx");
        assert_eq!(decode_name(&sjis), "総合政策部.xlsx");
        assert_eq!(decode_name("総務部.xlsx".as_bytes()), "総務部.xlsx");
        let (euc, _, _) = encoding_rs::EUC_JP.encode("健康福祉部_経営目標.xlsx");
        assert_eq!(decode_name(&euc), "健康福祉部_経営目標.xlsx");
    }
}
