//! The parts of an .xlsx, inflated once by the guard, packed again without
//! compression for calamine, which then reads them without inflating them
//! a second time. A second, smaller package (the probe) gives calamine's
//! table areas without parsing the sheets again.

use std::io::{Cursor, Write};

/// Inflated parts of a zip kept for packing again (a filled template
/// inflates to under 1 MB); beyond this total the
/// guard streams them as before and calamine reads the original bytes.
pub(super) const KEEP_LIMIT: u64 = 4 * 1024 * 1024;

/// The workbook packed again: what calamine reads in place of the file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Repacked {
    /// Every part, stored (not compressed), in the file's order.
    pub stored: Vec<u8>,
    /// The parts calamine reads tables from, with every worksheet one cell:
    /// its table areas are the file's, found without parsing the sheets.
    pub probe: Vec<u8>,
}

/// The sheet that stands in for each worksheet in the probe.
const PROBE_SHEET: &[u8] =
    b"<worksheet><sheetData><row r=\"1\"><c r=\"A1\"><v>0</v></c></row></sheetData></worksheet>";

/// True for a worksheet part, as the guard scans them.
pub(super) fn is_worksheet(name: &str) -> bool {
    name.ends_with(".xml") && name.starts_with("xl/worksheets/") && !name[14..].contains('/')
}

/// The parts calamine reads tables from, where Excel puts them: the
/// relationships, the workbook, the tables. When a file puts them
/// elsewhere, the probe does not list the file's sheets and tables and is
/// not used (see `xlsx::tables`).
fn in_probe(name: &str) -> bool {
    name.ends_with(".rels")
        || name == "[Content_Types].xml"
        || name == "xl/workbook.xml"
        || (name.starts_with("xl/tables/") && name.ends_with(".xml"))
}

/// Packs the parts again; `None` when some name cannot be written as it
/// was (calamine then reads the original bytes).
pub(super) fn repack(parts: &[(String, Vec<u8>)]) -> Option<Repacked> {
    let stored = pack(parts.iter().map(|(n, d)| (n.as_str(), d.as_slice())))?;
    let probe = pack(parts.iter().filter_map(|(name, data)| {
        if is_worksheet(name) {
            Some((name.as_str(), PROBE_SHEET))
        } else if in_probe(name) {
            Some((name.as_str(), data.as_slice()))
        } else {
            None
        }
    }))?;
    Some(Repacked { stored, probe })
}

fn pack<'a>(parts: impl Iterator<Item = (&'a str, &'a [u8])>) -> Option<Vec<u8>> {
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .large_file(false);
    for (name, data) in parts {
        if name.is_empty() || name.ends_with('/') {
            return None;
        }
        out.start_file(name, options).ok()?;
        out.write_all(data).ok()?;
    }
    Some(out.finish().ok()?.into_inner())
}
