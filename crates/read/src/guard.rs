//! Checks on a file's bytes before any parser sees them: what kind of file
//! it is, whether it is one of mokuhyo's own output workbooks (by the mark
//! in its workbook part, before any limit: they grow with the roster), and
//! limits (file size, entries and inflated size of a zip) so that no input
//! can exhaust memory or time.

use std::io::{BufReader, Cursor, Read, Seek};
use std::path::Path;

use quick_xml::events::Event;

use super::extent::{self, Source};
use super::repack::{self, KEEP_LIMIT, Repacked};
use super::unreadable::Unreadable;
use mokuhyo_domain::mark::{self, Mark};
use mokuhyo_input::{Limits, MB};

const ZIP: &[u8] = b"PK\x03\x04";
const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// The kind of workbook the bytes are.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Format {
    /// Office Open XML (.xlsx, .xlsm).
    #[default]
    Xlsx,
    /// BIFF in an OLE compound file (.xls).
    Xls,
    /// OpenDocument (.ods).
    Ods,
}

/// What the inspection saw that the reader needs to know.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inspected {
    /// The kind of workbook.
    pub format: Format,
    /// Some cell holds a formula whose result was not saved (written by a
    /// script, or Excel in manual calculation): calamine reads it as empty.
    pub formulas_without_results: bool,
    /// The parts of an .xlsx as inflated here, for calamine to read them
    /// without inflating them again (none for a very large file).
    pub repacked: Option<Repacked>,
    /// The mark of one of mokuhyo's own output workbooks (集約ブック,
    /// 実績集計ブック, 中間評価ブック), read before any limit is applied:
    /// nothing else was inspected.
    pub output: Option<Mark>,
}

/// Refuses, with the reason in Japanese, bytes that are not a spreadsheet
/// we can read safely.
pub fn inspect(bytes: &[u8], limits: &Limits) -> Result<Inspected, Unreadable> {
    if bytes.is_empty() {
        return Err(Unreadable::Empty);
    }
    let too_large = bytes.len() as u64 > limits.max_file_bytes();
    let too_large_error = || Unreadable::TooLarge {
        max_mb: limits.max_file_mb,
    };
    if bytes.starts_with(ZIP) {
        let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
            return Err(if too_large {
                too_large_error()
            } else {
                Unreadable::Truncated
            });
        };
        // mokuhyo's own workbooks are known by their mark before any limit:
        // the workbook of many departments may pass them all.
        if let Some(mark) = archive_output(&mut archive) {
            return Ok(Inspected {
                output: Some(mark),
                ..Inspected::default()
            });
        }
        if too_large {
            return Err(too_large_error());
        }
        return inspect_zip(archive, limits);
    }
    if too_large {
        return Err(too_large_error());
    }
    if bytes.starts_with(OLE) {
        inspect_ole(bytes)?;
        // A BIFF formula record always carries its result.
        super::biff::check_xls(bytes, limits.max_cells)?;
        return Ok(Inspected {
            format: Format::Xls,
            ..Inspected::default()
        });
    }
    Err(not_a_spreadsheet(bytes))
}

fn inspect_zip(
    mut archive: zip::ZipArchive<Cursor<&[u8]>>,
    limits: &Limits,
) -> Result<Inspected, Unreadable> {
    if archive.len() > limits.max_zip_entries {
        return Err(Unreadable::TooManyEntries {
            max: limits.max_zip_entries,
        });
    }
    let names: Vec<String> = archive
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .collect();
    let has = |name: &str| names.iter().any(|n| n == name);
    if !has("xl/workbook.xml") && !has("content.xml") {
        return Err(if has("word/document.xml") {
            Unreadable::Word
        } else if has("ppt/presentation.xml") {
            Unreadable::PowerPoint
        } else if has("EncryptedPackage") {
            Unreadable::Password
        } else {
            Unreadable::NoWorkbook
        });
    }
    // Inflate everything once, counting, before any parser sees it: the
    // declared sizes in a zip can lie. The parts calamine sizes its grids
    // from are scanned on the way. The parts of an .xlsx are kept, up to
    // KEEP_LIMIT, and packed again for calamine (repack.rs): it reads them
    // without inflating them again. Past that, parts are scanned as
    // streams and calamine reads the file's own bytes.
    let budget = limits.max_inflated_mb.saturating_mul(MB);
    let bomb = || Unreadable::Bomb {
        max_mb: limits.max_inflated_mb,
    };
    let mut total: u64 = 0;
    let mut inspected = Inspected {
        format: if has("xl/workbook.xml") {
            Format::Xlsx
        } else {
            Format::Ods
        },
        ..Inspected::default()
    };
    // The parts as inflated, while they fit in KEEP_LIMIT.
    let mut kept: Option<Vec<(String, Vec<u8>)>> =
        (inspected.format == Format::Xlsx).then(Vec::new);
    let mut kept_total: u64 = 0;
    for i in 0..archive.len() {
        let mut entry = archive
            .by_index(i)
            .map_err(|e| Unreadable::Entry(e.to_string()))?;
        let name = entry.name().ok().map(|n| n.into_owned());
        let entry_size = entry.size();
        let mut counted = Counted {
            inner: (&mut entry).take(budget - total + 1),
            count: 0,
            failed: false,
        };
        let room = match (&kept, &name) {
            (Some(_), Some(_)) => KEEP_LIMIT.saturating_sub(kept_total),
            _ => 0,
        };
        let mut data = Vec::new();
        let whole = if room > 0 {
            // The declared size (which may lie) only sizes the buffer.
            let declared = entry_size.min(room).min(1 << 20);
            data.reserve_exact(declared as usize + 1);
            // A read error is remembered by `counted`: the part is corrupt.
            let _ = (&mut counted).take(room).read_to_end(&mut data);
            (data.len() as u64) < room
        } else {
            false
        };
        let name = name.unwrap_or_default();
        let scanned = if counted.failed {
            Ok(false)
        } else if whole {
            scan_part(&name, data.as_slice(), limits.max_cells)
        } else {
            kept = None;
            let rest = Cursor::new(&data).chain(&mut counted);
            let rest = BufReader::with_capacity(1 << 16, rest);
            scan_part(&name, extent::Stream(rest), limits.max_cells)
        };
        // A part read whole has reached its end (and its checksum).
        let drained = if whole && !counted.failed {
            Ok(0)
        } else {
            std::io::copy(&mut counted, &mut std::io::sink())
        };
        total += counted.count;
        if total > budget {
            return Err(bomb());
        }
        if counted.failed || drained.is_err() {
            return Err(Unreadable::Corrupt);
        }
        inspected.formulas_without_results |= scanned?;
        if let Some(parts) = kept.as_mut() {
            kept_total += data.len() as u64;
            parts.push((name, data));
        }
    }
    inspected.repacked = kept.as_deref().and_then(repack::repack);
    Ok(inspected)
}

/// The largest workbook part read for the mark: the list of sheets and
/// names (about 1 MB for 10,000 departments).
const WORKBOOK_PART_LIMIT: u64 = 16 * MB;

/// How far into a file too large to read whole the workbook part is
/// looked for, and among how many parts: mokuhyo writes it among the first.
const PREFIX_LIMIT: u64 = 32 * MB;
const PREFIX_PARTS: usize = 16;

/// The mark of one of mokuhyo's own output workbooks in a zip, from its
/// workbook part alone.
fn archive_output<R: Read + Seek>(archive: &mut zip::ZipArchive<R>) -> Option<Mark> {
    let part = archive.by_name("xl/workbook.xml").ok()?;
    workbook_output(part)
}

/// The mark of one of mokuhyo's own output workbooks (集約ブック,
/// 実績集計ブック, 中間評価ブック) in a file too large to be read whole:
/// its first parts are read as a stream, up to the workbook part. The
/// others, and any file that is not one of them, are left to the limits.
pub(super) fn file_output(path: &Path) -> Option<Mark> {
    let file = std::fs::File::open(path).ok()?;
    let mut head = BufReader::new(file).take(PREFIX_LIMIT);
    for _ in 0..PREFIX_PARTS {
        let part = zip::read::read_zipfile_from_stream(&mut head).ok()??;
        if part.name_raw() == b"xl/workbook.xml" {
            return workbook_output(part);
        }
    }
    None
}

/// The mark in a workbook part (`<definedName name="mokuhyo_written">`,
/// a text constant), when it is one of the output workbooks'; read as a
/// stream within [`WORKBOOK_PART_LIMIT`].
fn workbook_output(part: impl Read) -> Option<Mark> {
    let input = BufReader::new(part.take(WORKBOOK_PART_LIMIT));
    let mut reader = quick_xml::Reader::from_reader(input);
    let mut buf = Vec::new();
    // The mark's text while inside its definedName.
    let mut text: Option<String> = None;
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf).ok()? {
            Event::Start(e) if e.local_name().as_ref() == "definedName" => {
                let named = extent::attribute(&e, "name")
                    .is_some_and(|n| n.eq_ignore_ascii_case(mark::NAME));
                let local = extent::attribute(&e, "localSheetId").is_some();
                text = (named && !local).then(String::new);
            }
            Event::Text(t) => {
                if let Some(text) = text.as_mut() {
                    text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                if let Some(text) = text.as_mut() {
                    let c = match (r.resolve_char_ref(), &*r) {
                        (Ok(Some(c)), _) => c,
                        (_, "quot") => '"',
                        (_, "apos") => '\'',
                        (_, "amp") => '&',
                        (_, "lt") => '<',
                        (_, "gt") => '>',
                        _ => return None,
                    };
                    text.push(c);
                }
            }
            Event::End(e) if e.local_name().as_ref() == "definedName" => {
                if let Some(text) = text.take() {
                    return Mark::parse(&text).filter(|m| m.fingerprint().is_none());
                }
            }
            Event::End(e) if e.local_name().as_ref() == "definedNames" => return None,
            Event::Eof => return None,
            _ => {}
        }
    }
}

/// Scans one zip part that calamine sizes its grids from; true when it has
/// formulas without results.
fn scan_part(name: &str, input: impl Source, max_cells: u64) -> Result<bool, Unreadable> {
    let xml = name.ends_with(".xml");
    if name == "content.xml" {
        extent::check_ods_content(input, max_cells)
    } else if repack::is_worksheet(name) {
        extent::check_xlsx_sheet(input, max_cells)
    } else if name == "xl/sharedStrings.xml" {
        extent::check_shared_strings(input).map(|()| false)
    } else if name == "xl/workbook.xml" {
        extent::check_unique(input, "sheet", "name").map(|()| false)
    } else if name.starts_with("xl/") && name.ends_with(".rels") {
        extent::check_unique(input, "Relationship", "Id").map(|()| false)
    } else if xml && name.starts_with("xl/tables/") && !name[10..].contains('/') {
        extent::check_xlsx_table(input, max_cells).map(|()| false)
    } else {
        Ok(false)
    }
}

/// A reader that counts the bytes it gives and remembers a failure.
struct Counted<R> {
    inner: R,
    count: u64,
    failed: bool,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self.inner.read(buf) {
            Ok(n) => {
                self.count += n as u64;
                Ok(n)
            }
            Err(e) => {
                self.failed = true;
                Err(e)
            }
        }
    }
}

fn inspect_ole(bytes: &[u8]) -> Result<(), Unreadable> {
    let utf16 = |s: &str| {
        s.encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect::<Vec<u8>>()
    };
    let contains = |name: &str| {
        let needle = utf16(name);
        bytes.windows(needle.len()).any(|w| w == needle.as_slice())
    };
    if contains("EncryptedPackage") || contains("EncryptionInfo") {
        return Err(Unreadable::Password);
    }
    if contains("WordDocument") {
        return Err(Unreadable::Word);
    }
    if contains("Workbook") || contains("Book") {
        return Ok(());
    }
    Err(Unreadable::OtherOffice)
}

/// The reason a file that is neither zip nor OLE is refused.
fn not_a_spreadsheet(bytes: &[u8]) -> Unreadable {
    let head = &bytes[..bytes.len().min(4096)];
    let lower = String::from_utf8_lossy(head).to_ascii_lowercase();
    if lower.contains("<html") || lower.contains("<table") || lower.contains("<!doctype") {
        return Unreadable::Html;
    }
    if bytes.starts_with(b"%PDF") {
        return Unreadable::Pdf;
    }
    let text_like = !head.contains(&0) && head.contains(&b'\n');
    if text_like && head.iter().any(|b| *b == b',' || *b == b'\t') {
        return Unreadable::Text;
    }
    Unreadable::NotSpreadsheet
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
        use std::io::Write;
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        for (name, data) in parts {
            out.start_file(*name, options).unwrap();
            out.write_all(data).unwrap();
        }
        out.finish().unwrap().into_inner()
    }

    #[test]
    fn kinds_of_files() {
        let limits = Limits::default();
        let reason = |bytes: &[u8]| inspect(bytes, &limits).unwrap_err().to_string();
        assert_eq!(
            reason(b""),
            "空のファイル(0 バイト)です。保存し直して再提出してください"
        );
        assert!(reason(b"<!DOCTYPE html><table>").starts_with("HTML"));
        assert!(reason("部局,目標\n総務部,3\n".as_bytes()).starts_with("テキスト(CSV など)"));
        assert!(reason(b"%PDF-1.7").starts_with("PDF"));
        assert!(reason(b"PK\x03\x04\x00\x00").starts_with("ファイルが壊れています"));
        assert!(reason(&zip_of(&[("word/document.xml", b"<w/>")])).starts_with("Word の文書です"));
        assert!(reason(&zip_of(&[("a.txt", b"x")])).starts_with("ブックの本体"));
        let inspected = inspect(&zip_of(&[("xl/workbook.xml", b"<workbook/>")]), &limits).unwrap();
        assert_eq!(inspected.format, Format::Xlsx);
        assert!(!inspected.formulas_without_results);
        assert!(inspected.repacked.is_some());
    }

    #[test]
    fn inflated_size_is_bounded() {
        let limits = Limits {
            max_inflated_mb: 1,
            ..Limits::default()
        };
        let big = vec![b'a'; 2 * 1024 * 1024];
        let bytes = zip_of(&[
            ("xl/workbook.xml", b"<w/>"),
            ("xl/worksheets/sheet1.xml", &big),
        ]);
        assert!(bytes.len() < 100_000);
        assert!(
            inspect(&bytes, &limits)
                .unwrap_err()
                .to_string()
                .contains("圧縮爆弾")
        );
    }

    /// A workbook part with the mark's formula as a writer stores it.
    fn marked(formula: &str) -> Vec<u8> {
        format!(
            r#"<workbook><sheets><sheet name="A" r:id="rId1"/></sheets><definedNames><definedName name="_xlnm.Print_Area" localSheetId="0">A!$A$1</definedName><definedName name="mokuhyo_written">{formula}</definedName></definedNames></workbook>"#
        )
        .into_bytes()
    }

    #[test]
    fn own_output_workbooks_are_known_before_any_limit() {
        let limits = Limits {
            max_zip_entries: 2,
            ..Limits::default()
        };
        let workbook = |formula: &str| {
            let book = marked(formula);
            zip_of(&[
                ("[Content_Types].xml", b"<Types/>"),
                ("xl/workbook.xml", &book),
                ("xl/sharedStrings.xml", br#"<sst uniqueCount="99999"/>"#),
            ])
        };
        // As rust_xlsxwriter writes it, and as LibreOffice does (quotes escaped).
        for (formula, mark) in [
            ("\"集約ブック\"", Mark::Consolidated),
            ("&quot;実績集計ブック&quot;", Mark::Rollup),
            ("\"中間評価ブック\"", Mark::MidYear),
        ] {
            let inspected = inspect(&workbook(formula), &limits).unwrap();
            assert_eq!(inspected.output, Some(mark), "{formula}");
        }
        // A template is known by its fingerprint, once read: the limits hold.
        let template = Mark::Template(7).formula();
        assert!(
            inspect(&workbook(template.trim_start_matches('=')), &limits)
                .unwrap_err()
                .to_string()
                .contains("2 個を超えています")
        );
        // A mark in a sheet's own names is not the workbook's.
        let local = zip_of(&[(
            "xl/workbook.xml",
            r#"<workbook><definedNames><definedName name="mokuhyo_written" localSheetId="0">"集約ブック"</definedName></definedNames></workbook>"#.as_bytes(),
        )]);
        assert_eq!(inspect(&local, &Limits::default()).unwrap().output, None);
    }

    #[test]
    fn own_output_files_too_large_to_read_are_known() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("集約.xlsx");
        let book = marked("\"集約ブック\"");
        let parts = [
            ("[Content_Types].xml", &b"<Types/>"[..]),
            ("xl/_rels/workbook.xml.rels", b"<Relationships/>"),
            ("xl/workbook.xml", &book),
        ];
        std::fs::write(&path, zip_of(&parts)).unwrap();
        assert_eq!(file_output(&path), Some(Mark::Consolidated));
        std::fs::write(&path, zip_of(&parts[..2])).unwrap();
        assert_eq!(file_output(&path), None);
        std::fs::write(&path, b"PK\x03\x04 not a zip").unwrap();
        assert_eq!(file_output(&path), None);
    }

    #[test]
    fn entry_count_is_bounded() {
        let limits = Limits {
            max_zip_entries: 2,
            ..Limits::default()
        };
        let bytes = zip_of(&[("xl/workbook.xml", b""), ("b", b""), ("c", b"")]);
        assert!(
            inspect(&bytes, &limits)
                .unwrap_err()
                .to_string()
                .contains("2 個を超えています")
        );
    }
}
