//! The working folder's layout as the workbench uses it (the folders the
//! commands of the guide read and write), and what it serves from it: a
//! file of an output folder as it is on the disk, a page of the site, or a
//! folder as one zip.

use std::io::Write;
use std::path::{Path, PathBuf};

/// The templates handed out (`template -o 配布`).
pub(super) const HAND: &str = "配布";
/// The files submitted at the start of the year.
pub(super) const INBOX: &str = "提出";
/// The corrections sent back (`check 提出 --feedback 修正依頼`).
pub(super) const FIX: &str = "修正依頼";
/// The workbook and the packet (`build 提出 -o 集約`).
pub(super) const OUTBOX: &str = "集約";
/// The citizens' site (`publish … -o 公表ページ --fragments`).
pub(super) const SITE: &str = "公表ページ";
/// The files sent again at the end of September with the 中間評価.
pub(super) const MID_INBOX: &str = "中間評価提出";
/// The 中間評価 workbook and report (`review 中間評価提出 -o 中間評価`).
pub(super) const MID: &str = "中間評価";
/// The files sent again at the year end with the actuals.
pub(super) const END_INBOX: &str = "年度末提出";
/// The year-end workbook and report (`rollup 年度末提出 -o 実績`).
pub(super) const RESULTS: &str = "実績";
/// Next year's templates (`template --from 年度末提出 -o 翌年度配布`).
pub(super) const NEXT: &str = "翌年度配布";
/// Last year's documents, to compare this year's with.
pub(super) const LAST_YEAR: &str = "前年度";
/// `diff 前年度 提出`'s report, as the command prints it.
pub(super) const COMPARED: &str = "比較";
/// The comparison's file in [`COMPARED`].
pub(super) const COMPARISON: &str = "前年度との比較.txt";

/// The folders files may be dropped into, each on its page.
pub(super) const INBOXES: [&str; 4] = [INBOX, MID_INBOX, END_INBOX, LAST_YEAR];

/// The folders a download may come from.
const SERVED: [&str; 8] = [HAND, FIX, OUTBOX, SITE, MID, RESULTS, NEXT, COMPARED];

/// Whether `folder`'s `name` holds any file.
pub(super) fn has_files(folder: &Path, name: &str) -> bool {
    !files(folder, name).is_empty()
}

/// The files directly inside `folder`'s `name` (not hidden), by name, each
/// with its size in bytes.
pub(super) fn files(folder: &Path, name: &str) -> Vec<(String, u64)> {
    let mut files: Vec<(String, u64)> = std::fs::read_dir(folder.join(name))
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
    files
}

/// Whether `part` is one plain component of a path: not empty, not hidden,
/// no separator, no drive.
fn plain(part: &str) -> bool {
    !part.is_empty() && !part.starts_with('.') && !part.contains(['/', '\\', ':', '\0'])
}

/// The file a download asks for: `name` directly inside one of the served
/// folders of the working folder, and an existing file; `None` for
/// anything else (a path, `..`, a hidden file, another folder).
pub(super) fn served_file(folder: &Path, from: &str, name: &str) -> Option<PathBuf> {
    let path = folder.join(from).join(name);
    (plain(name) && SERVED.contains(&from) && path.is_file()).then_some(path)
}

/// A file of the site's folder by its path in the site (`index.html`,
/// `fragments/a.html`): plain components only, an existing file.
pub(super) fn site_file(folder: &Path, path: &str) -> Option<PathBuf> {
    let parts: Vec<&str> = path.split('/').collect();
    if parts.len() > 3 || !parts.iter().all(|p| plain(p)) {
        return None;
    }
    let file = parts
        .iter()
        .fold(folder.join(SITE), |at, part| at.join(part));
    file.is_file().then_some(file)
}

/// The files of `folder`'s `name` and its subfolders as one zip, entries
/// in name order under `name/`, each dated as the outputs are
/// (`SOURCE_DATE_EPOCH`, else the file's own time); `None` when it holds
/// none.
pub(super) fn zip_of(folder: &Path, name: &str) -> Option<Vec<u8>> {
    if !SERVED.contains(&name) {
        return None;
    }
    let root = folder.join(name);
    let mut entries: Vec<(String, PathBuf)> = walkdir::WalkDir::new(&root)
        .max_depth(3)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let inside = e.path().strip_prefix(&root).ok()?;
            let parts: Vec<String> = inside
                .components()
                .map(|c| c.as_os_str().to_str().map(str::to_string))
                .collect::<Option<_>>()?;
            parts.iter().all(|p| plain(p)).then(|| {
                (
                    format!("{name}/{}", parts.join("/")),
                    e.path().to_path_buf(),
                )
            })
        })
        .collect();
    if entries.is_empty() {
        return None;
    }
    entries.sort();
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (entry, path) in entries {
        let bytes = std::fs::read(&path).ok()?;
        let modified = std::fs::metadata(&path)
            .and_then(|m| m.modified())
            .ok()
            .map(|t| chrono::DateTime::<chrono::Utc>::from(t).naive_utc())
            .unwrap_or_default();
        let time = crate::outputs::write::timestamp(modified);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(zip_time(time));
        zip.start_file(entry, options).ok()?;
        zip.write_all(&bytes).ok()?;
    }
    zip.finish().ok().map(std::io::Cursor::into_inner)
}

/// A time as a zip entry's (from 1980; local time is not known, so the
/// time as given).
fn zip_time(time: chrono::NaiveDateTime) -> zip::DateTime {
    use chrono::{Datelike, Timelike};
    let part = |n: u32| u8::try_from(n).unwrap_or(0);
    u16::try_from(time.year())
        .ok()
        .and_then(|year| {
            zip::DateTime::from_date_and_time(
                year,
                part(time.month()),
                part(time.day()),
                part(time.hour()),
                part(time.minute()),
                part(time.second()),
            )
            .ok()
        })
        .unwrap_or_default()
}

/// A file name for `Content-Disposition` (RFC 6266): `attachment` (or
/// `inline`, to open in the browser), the ASCII `filename` fallback and
/// the UTF-8 `filename*`, percent-encoded.
pub(super) fn disposition(name: &str, inline: bool) -> String {
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
    let kind = if inline { "inline" } else { "attachment" };
    format!("{kind}; filename=\"{fallback}\"; filename*=UTF-8''{encoded}")
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
        Some("txt") => "text/plain; charset=utf-8",
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
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
            (LAST_YEAR, "a.pdf"),
            ("..", "mokuhyo.toml"),
        ] {
            assert!(
                served_file(dir.path(), from, name).is_none(),
                "{from}/{name}"
            );
        }
    }

    #[test]
    fn a_site_path_stays_in_the_site() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join(SITE).join("fragments")).unwrap();
        std::fs::write(dir.path().join(SITE).join("index.html"), b"<p>").unwrap();
        std::fs::write(dir.path().join(SITE).join("fragments/a.html"), b"<p>").unwrap();
        std::fs::write(dir.path().join("mokuhyo.toml"), b"").unwrap();
        assert!(site_file(dir.path(), "index.html").is_some());
        assert!(site_file(dir.path(), "fragments/a.html").is_some());
        for path in [
            "../mokuhyo.toml",
            "fragments/../../mokuhyo.toml",
            "",
            "fragments",
            "/etc/passwd",
            "C:/x",
        ] {
            assert!(site_file(dir.path(), path).is_none(), "{path}");
        }
    }

    #[test]
    fn a_folder_zips_in_name_order_at_the_outputs_time() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join(HAND)).unwrap();
        std::fs::write(dir.path().join(HAND).join("b.xlsx"), b"bb").unwrap();
        std::fs::write(dir.path().join(HAND).join("a.xlsx"), b"a").unwrap();
        let bytes = zip_of(dir.path(), HAND).unwrap();
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let names: Vec<String> = (0..archive.len())
            .map(|i| archive.by_index(i).unwrap().name().unwrap().to_string())
            .collect();
        assert_eq!(names, ["配布/a.xlsx", "配布/b.xlsx"]);
        assert_eq!(archive.by_index(1).unwrap().size(), 2);
        assert!(zip_of(dir.path(), LAST_YEAR).is_none());
        assert!(zip_of(dir.path(), NEXT).is_none());
    }

    #[test]
    fn a_japanese_name_is_given_in_utf8() {
        assert_eq!(
            disposition("令和8年度.pdf", false),
            "attachment; filename=\"mokuhyo.pdf\"; filename*=UTF-8''%E4%BB%A4%E5%92%8C8%E5%B9%B4%E5%BA%A6.pdf"
        );
    }
}
