//! The 集約 page: `mokuhyo build` run on the working folder's 提出 into its
//! 集約, by the command's own function, and the files of 集約 to download
//! as they are on the disk (so byte for byte what the command line writes).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::cli::args::{BuildArgs, Common};

use super::intake::{INBOX, has_files};

/// The folder, inside the working folder, that the build writes into.
pub(super) const OUTBOX: &str = "集約";

/// The folders a download may come from.
const SERVED: [&str; 1] = [OUTBOX];

/// What the 集約 page shows: the files of 集約, and what the last run said.
pub(super) struct CollectView {
    /// Each file of 集約: its name and size in bytes.
    pub(super) files: Vec<(String, u64)>,
    /// Whether 提出 holds any file.
    pub(super) has_inbox: bool,
}

/// The files of 集約, by name.
pub(super) fn view(folder: &Path) -> CollectView {
    let mut files: Vec<(String, u64)> = std::fs::read_dir(folder.join(OUTBOX))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            let meta = e.metadata().ok()?;
            (meta.is_file() && !name.starts_with('.')).then_some((name, meta.len()))
        })
        .collect();
    files.sort();
    CollectView {
        files,
        has_inbox: has_files(folder),
    }
}

/// Runs `mokuhyo build 提出 -o 集約` (with the folder's mokuhyo.toml) as the
/// command line does; `Err` with what to tell the clerk when it made
/// nothing.
pub(super) fn build(folder: &Path) -> Result<(), String> {
    if !folder.join(INBOX).is_dir() {
        return Err(format!(
            "「{INBOX}」にファイルがありません。先に受付でファイルを受け付けてください。"
        ));
    }
    let config = folder.join("mokuhyo.toml");
    let args = BuildArgs {
        common: Common {
            config: config.is_file().then_some(config),
            year: None,
            date: None,
            quiet: true,
        },
        inputs: vec![folder.join(INBOX)],
        output: folder.join(OUTBOX),
        json: false,
        font: None,
        per_department: false,
        compare: Vec::new(),
        status: false,
    };
    match crate::cli::build::run_build(args) {
        Ok(code) if code == ExitCode::SUCCESS => Ok(()),
        Ok(_) => Err(format!(
            "集約しましたが、エラーのあるファイルがあります(そのファイルは集約に入っていません)。受付の点検結果を確かめてください。出力は「{OUTBOX}」にあります。"
        )),
        Err(e) => Err(e.to_string()),
    }
}

/// The file a download asks for: `name` directly inside one of the served
/// folders of the working folder, and an existing file; `None` for
/// anything else (a path, `..`, a hidden file, another folder).
pub(super) fn served_file(folder: &Path, from: &str, name: &str) -> Option<PathBuf> {
    let plain = !name.is_empty()
        && !name.starts_with('.')
        && !name.contains(['/', '\\', ':', '\0'])
        && SERVED.contains(&from);
    let path = folder.join(from).join(name);
    (plain && path.is_file()).then_some(path)
}

/// A file name for `Content-Disposition` (RFC 6266): ASCII `filename`
/// fallback and the UTF-8 `filename*`, percent-encoded.
pub(super) fn disposition(name: &str) -> String {
    let mut encoded = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            encoded.push(b as char);
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    let extension = name.rsplit_once('.').map_or("", |(_, e)| e);
    let fallback = if extension.is_ascii() && !extension.is_empty() {
        format!("mokuhyo.{extension}")
    } else {
        "mokuhyo".to_string()
    };
    format!("attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}")
}

/// The media type of a file served, by its extension.
pub(super) fn media_type(name: &str) -> &'static str {
    match name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .as_deref()
    {
        Some("xlsx") => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        Some("pdf") => "application/pdf",
        Some("zip") => "application/zip",
        Some("csv") => "text/csv; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_plain_name_in_a_served_folder_is_served() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join(OUTBOX)).unwrap();
        std::fs::write(dir.path().join(OUTBOX).join("a.pdf"), b"%PDF").unwrap();
        std::fs::write(dir.path().join("mokuhyo.toml"), b"").unwrap();
        assert!(served_file(dir.path(), OUTBOX, "a.pdf").is_some());
        for (from, name) in [
            (OUTBOX, "../mokuhyo.toml"),
            (OUTBOX, "..\\mokuhyo.toml"),
            (OUTBOX, ".."),
            (OUTBOX, ""),
            (OUTBOX, "b.pdf"),
            ("提出", "a.pdf"),
            ("..", "mokuhyo.toml"),
        ] {
            assert!(
                served_file(dir.path(), from, name).is_none(),
                "{from}/{name}"
            );
        }
    }

    #[test]
    fn a_japanese_name_is_given_in_utf8() {
        assert_eq!(
            disposition("令和8年度.pdf"),
            "attachment; filename=\"mokuhyo.pdf\"; filename*=UTF-8''%E4%BB%A4%E5%92%8C8%E5%B9%B4%E5%BA%A6.pdf"
        );
    }
}
