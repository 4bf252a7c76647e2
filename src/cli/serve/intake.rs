//! Files dropped on the workbench: saved into one of the working folder's
//! inboxes (提出, 中間評価提出…) under a safe name that is never an existing
//! file's, whole or not at all.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::domain::file_name::safe_name;

/// Saves `bytes` as `name` (reduced to a safe base name) in `folder`'s
/// `inbox`. A name already taken gets ` (2)`, ` (3)`… before its extension, as
/// a mail client saves a second attachment; the file appears whole (it is
/// written beside and moved in without replacing anything).
pub(super) fn save(
    folder: &Path,
    inbox: &str,
    name: &str,
    bytes: &[u8],
) -> std::io::Result<PathBuf> {
    let inbox = folder.join(inbox);
    std::fs::create_dir_all(&inbox)?;
    let mut staged = tempfile::Builder::new()
        .prefix(".mokuhyo-upload-")
        .tempfile_in(folder)?;
    staged.write_all(bytes)?;
    staged.as_file().sync_all()?;
    let safe = safe_name(name);
    let (stem, extension) = match safe.rfind('.') {
        Some(dot) if dot > 0 => safe.split_at(dot),
        _ => (safe.as_str(), ""),
    };
    for n in 1u32.. {
        let candidate = if n == 1 {
            inbox.join(&safe)
        } else {
            inbox.join(format!("{stem} ({n}){extension}"))
        };
        match staged.persist_noclobber(&candidate) {
            Ok(_) => return Ok(candidate),
            Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => staged = e.file,
            Err(e) => return Err(e.error),
        }
    }
    unreachable!("a free name is found before u32 runs out")
}

#[cfg(test)]
mod tests {
    use super::super::folders::INBOX;
    use super::*;

    #[test]
    fn a_second_file_of_a_name_gets_a_new_one() {
        let dir = tempfile::tempdir().unwrap();
        let first = save(dir.path(), INBOX, "総合政策部.xlsx", b"one").unwrap();
        let second = save(dir.path(), INBOX, "総合政策部.xlsx", b"two").unwrap();
        let third = save(dir.path(), INBOX, "総合政策部.xlsx", b"three").unwrap();
        assert_eq!(first, dir.path().join("提出/総合政策部.xlsx"));
        assert_eq!(second, dir.path().join("提出/総合政策部 (2).xlsx"));
        assert_eq!(third, dir.path().join("提出/総合政策部 (3).xlsx"));
        assert_eq!(std::fs::read(&first).unwrap(), b"one");
        assert_eq!(std::fs::read(&third).unwrap(), b"three");
    }

    #[test]
    fn a_path_in_the_name_stays_in_the_inbox() {
        let dir = tempfile::tempdir().unwrap();
        let saved = save(dir.path(), INBOX, "../../mokuhyo.toml", b"x").unwrap();
        assert_eq!(saved, dir.path().join("提出/mokuhyo.toml"));
        let saved = save(dir.path(), INBOX, "CON.xlsx", b"x").unwrap();
        assert_eq!(saved, dir.path().join("提出/_CON.xlsx"));
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left, vec![std::ffi::OsString::from("提出")]);
    }
}
