//! What calamine does not read from an .xls or .ods. How numbers are shown
//! (it gives number formats for .xlsx only): the number format of each
//! numeric cell of an .xls (its XF and FORMAT records), and a format made
//! from the text an .ods shows for each number (`10.0` → `0.0`); the reader
//! takes a number's decimals and its percent sign from them, as it does
//! from an .xlsx, so that 10.0億円 typed in LibreOffice stays 10.0億円. And
//! the text of a defined name in an .xls (mokuhyo's [`mokuhyo_domain::mark`]).

use std::collections::HashMap;
use std::io::{BufReader, Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::extent;

/// Number format codes by (row, column) of one sheet; only cells whose
/// format shows decimals or a percent sign are kept.
pub(crate) type Formats = HashMap<(u32, u32), String>;

/// The most cells kept per sheet: a template has a few hundred numbers.
const MAX_KEPT: usize = 100_000;

/// Whether a format code says anything the reader uses.
fn telling(code: &str) -> bool {
    code.contains('.') || code.contains('%')
}

// ---- .xls ---------------------------------------------------------------

const FORMAT: u16 = 0x041E;
const XF: u16 = 0x00E0;
const BOUNDSHEET: u16 = 0x0085;
const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const NUMBER: u16 = 0x0203;
const RK: u16 = 0x027E;
const MULRK: u16 = 0x00BD;
const FORMULA: u16 = 0x0006;

fn u16_at(data: &[u8], i: usize) -> Option<u16> {
    Some(u16::from_le_bytes([*data.get(i)?, *data.get(i + 1)?]))
}

fn u32_at(data: &[u8], i: usize) -> Option<u32> {
    Some(u32::from_le_bytes(data.get(i..i + 4)?.try_into().ok()?))
}

/// Excel's built-in number formats that show decimals or a percent sign.
fn builtin(index: u16) -> Option<&'static str> {
    Some(match index {
        2 => "0.00",
        4 => "#,##0.00",
        9 => "0%",
        10 => "0.00%",
        39 => "#,##0.00;(#,##0.00)",
        40 => "#,##0.00;[Red](#,##0.00)",
        _ => return None,
    })
}

/// A BIFF8 string of `len_bytes`-byte length, then a flags byte: Latin-1 or
/// UTF-16 characters.
fn biff_string(data: &[u8], at: usize, len_bytes: usize) -> Option<String> {
    let count = match len_bytes {
        1 => usize::from(*data.get(at)?),
        _ => usize::from(u16_at(data, at)?),
    };
    let flags = *data.get(at + len_bytes)?;
    biff_chars(data.get(at + len_bytes + 1..)?, count, flags & 1 == 1)
}

/// `count` characters, Latin-1 or (`wide`) UTF-16.
fn biff_chars(chars: &[u8], count: usize, wide: bool) -> Option<String> {
    if !wide {
        return Some(chars.get(..count)?.iter().map(|&b| char::from(b)).collect());
    }
    let units: Vec<u16> = chars
        .get(..count * 2)?
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    Some(String::from_utf16_lossy(&units))
}

/// The workbook stream of an .xls.
fn workbook_stream(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).ok()?;
    let name = ["/Workbook", "/Book"]
        .into_iter()
        .find(|n| file.is_stream(n))?;
    let mut stream = Vec::new();
    file.open_stream(name)
        .and_then(|mut s| s.read_to_end(&mut stream))
        .ok()?;
    Some(stream)
}

/// The records of a workbook stream: (type, data, offset of the record).
fn records(stream: &[u8]) -> impl Iterator<Item = (u16, &[u8], usize)> {
    let mut at = 0usize;
    std::iter::from_fn(move || {
        let (kind, len) = (u16_at(stream, at)?, usize::from(u16_at(stream, at + 2)?));
        let start = at;
        at += 4 + len;
        let data = stream.get(start + 4..start + 4 + len).unwrap_or_default();
        Some((kind, data, start))
    })
}

const NAME: u16 = 0x0018;
/// A formula token: a text constant.
const PTG_STR: u8 = 0x17;

/// The text constant a workbook-level defined name of an .xls holds
/// (`="…"`), which calamine reads as "Unsupported ptg".
pub(crate) fn xls_name_text(bytes: &[u8], wanted: &str) -> Option<String> {
    let stream = workbook_stream(bytes)?;
    records(&stream)
        .take_while(|(kind, _, _)| *kind != EOF)
        .filter(|(kind, _, _)| *kind == NAME)
        .find_map(|(_, data, _)| {
            let count = usize::from(*data.get(3)?);
            let formula_len = usize::from(u16_at(data, 4)?);
            let wide = data.get(14)? & 1 == 1;
            let name = biff_chars(data.get(15..)?, count, wide)?;
            let rgce = data.get(15 + count * if wide { 2 } else { 1 }..)?;
            let rgce = rgce.get(..formula_len)?;
            if !name.eq_ignore_ascii_case(wanted) || *rgce.first()? != PTG_STR {
                return None;
            }
            biff_string(rgce, 1, 1)
        })
}

/// The formats of the numeric cells of the sheet named `sheet` in an .xls.
pub(crate) fn xls(bytes: &[u8], sheet: &str) -> Formats {
    let mut out = Formats::new();
    let Some(stream) = workbook_stream(bytes) else {
        return out;
    };
    let mut formats: HashMap<u16, String> = HashMap::new();
    let mut xfs: Vec<u16> = Vec::new();
    let mut wanted: Option<usize> = None;
    // Substreams follow each other (globals first, then each sheet); a
    // chart inside a sheet nests one deeper.
    let (mut depth, mut substreams, mut inside) = (0u32, 0u32, false);
    for (kind, data, start) in records(&stream) {
        match kind {
            BOF => {
                depth += 1;
                if depth == 1 {
                    substreams += 1;
                    inside = wanted == Some(start);
                }
            }
            EOF => depth = depth.saturating_sub(1),
            _ if depth != 1 => {}
            FORMAT if substreams == 1 => {
                if let (Some(index), Some(code)) = (u16_at(data, 0), biff_string(data, 2, 2)) {
                    formats.insert(index, code);
                }
            }
            XF if substreams == 1 => xfs.push(u16_at(data, 2).unwrap_or(0)),
            BOUNDSHEET if substreams == 1 && biff_string(data, 6, 1).as_deref() == Some(sheet) => {
                wanted = u32_at(data, 0).map(|p| p as usize);
            }
            NUMBER | RK | FORMULA if inside => {
                if let (Some(row), Some(col), Some(xf)) =
                    (u16_at(data, 0), u16_at(data, 2), u16_at(data, 4))
                {
                    keep(&mut out, &formats, &xfs, row, col, xf);
                }
            }
            MULRK if inside && data.len() >= 6 => {
                let (Some(row), Some(first)) = (u16_at(data, 0), u16_at(data, 2)) else {
                    continue;
                };
                for (i, pair) in data[4..data.len() - 2].chunks_exact(6).enumerate() {
                    let xf = u16::from_le_bytes([pair[0], pair[1]]);
                    let col = first.saturating_add(i as u16);
                    keep(&mut out, &formats, &xfs, row, col, xf);
                }
            }
            _ => {}
        }
    }
    out
}

fn keep(
    out: &mut Formats,
    formats: &HashMap<u16, String>,
    xfs: &[u16],
    row: u16,
    col: u16,
    xf: u16,
) {
    let Some(&index) = xfs.get(usize::from(xf)) else {
        return;
    };
    let code = formats
        .get(&index)
        .map(String::as_str)
        .or_else(|| builtin(index));
    if let Some(code) = code
        && telling(code)
        && out.len() < MAX_KEPT
    {
        out.insert((u32::from(row), u32::from(col)), code.to_string());
    }
}

// ---- .ods ---------------------------------------------------------------

/// The format an .ods number shows as `text`: its decimals and percent sign.
fn format_of_text(text: &str) -> Option<String> {
    let number: String = text
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
        .collect();
    let decimals = number.split_once('.').map_or(0, |(_, f)| f.len());
    let percent = text.contains('%');
    if decimals == 0 && !percent {
        return None;
    }
    let mut code = "0".to_string();
    if decimals > 0 {
        code.push('.');
        code.push_str(&"0".repeat(decimals));
    }
    if percent {
        code.push('%');
    }
    Some(code)
}

/// A repeat count of an .ods element, as a row or column number (the
/// guard has bounded the repeats already).
fn repeat(e: &BytesStart, key: &str) -> u32 {
    u32::try_from(extent::repeat(e, key)).unwrap_or(u32::MAX)
}

/// The formats of the numeric cells of the sheet named `sheet` in an .ods,
/// from the text each number is shown as.
pub(crate) fn ods(bytes: &[u8], sheet: &str) -> Formats {
    let mut out = Formats::new();
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return out;
    };
    let Ok(content) = archive.by_name("content.xml") else {
        return out;
    };
    let mut reader = Reader::from_reader(BufReader::new(content));
    let mut buf = Vec::new();
    let (mut inside, mut row, mut col) = (false, 0u32, 0u32);
    let mut rows_repeated = 1u32;
    // The open numeric cell: (columns it repeats, its text so far).
    let mut cell: Option<(u32, String)> = None;
    let mut in_text = false;
    loop {
        let event = match reader.read_event_into(&mut buf) {
            Ok(Event::Eof) | Err(_) => break,
            Ok(event) => event,
        };
        match &event {
            Event::Start(e) if e.name().0 == "table:table" => {
                inside = extent::attribute(e, "table:name").as_deref() == Some(sheet);
                row = 0;
            }
            Event::End(e) if e.name().0 == "table:table" && inside => break,
            _ if !inside => {}
            Event::Start(e) if e.name().0 == "table:table-row" => {
                rows_repeated = repeat(e, "table:number-rows-repeated");
                col = 0;
            }
            Event::Empty(e) if e.name().0 == "table:table-row" => {
                row = row.saturating_add(repeat(e, "table:number-rows-repeated"));
            }
            Event::End(e) if e.name().0 == "table:table-row" => {
                row = row.saturating_add(rows_repeated);
            }
            Event::Start(e) | Event::Empty(e)
                if matches!(e.name().0, "table:table-cell" | "table:covered-table-cell") =>
            {
                let columns = repeat(e, "table:number-columns-repeated");
                let numeric = matches!(
                    extent::attribute(e, "office:value-type").as_deref(),
                    Some("float" | "percentage" | "currency")
                );
                if matches!(event, Event::Start(_)) && numeric {
                    cell = Some((columns, String::new()));
                } else {
                    col = col.saturating_add(columns);
                }
            }
            Event::End(e)
                if matches!(e.name().0, "table:table-cell" | "table:covered-table-cell") =>
            {
                if let Some((columns, text)) = cell.take() {
                    if let Some(code) = format_of_text(&text) {
                        for c in col..col.saturating_add(columns) {
                            if out.len() >= MAX_KEPT {
                                break;
                            }
                            out.insert((row, c), code.clone());
                        }
                    }
                    col = col.saturating_add(columns);
                }
            }
            Event::Start(e) if e.name().0 == "text:p" => in_text = cell.is_some(),
            Event::End(e) if e.name().0 == "text:p" => in_text = false,
            Event::Text(t) if in_text => {
                if let Some((_, text)) = cell.as_mut() {
                    text.push_str(t);
                }
            }
            _ => {}
        }
        buf.clear();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_from_shown_text() {
        assert_eq!(format_of_text("10.0").as_deref(), Some("0.0"));
        assert_eq!(format_of_text("1,234.50").as_deref(), Some("0.00"));
        assert_eq!(format_of_text("85.0%").as_deref(), Some("0.0%"));
        assert_eq!(format_of_text("100%").as_deref(), Some("0%"));
        assert_eq!(format_of_text("10.0億円").as_deref(), Some("0.0"));
        assert_eq!(format_of_text("115"), None);
    }

    #[test]
    fn ods_cells_are_placed_with_their_repeats() {
        let content = r#"<office:document-content><office:body><office:spreadsheet>
<table:table table:name="other"><table:table-row><table:table-cell office:value-type="float" office:value="1"><text:p>1.0</text:p></table:table-cell></table:table-row></table:table>
<table:table table:name="部局経営目標">
<table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="3"/></table:table-row>
<table:table-row><table:table-cell/><table:table-cell office:value-type="float" office:value="10"><text:p>10.0</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="7"><text:p>7</text:p></table:table-cell><table:table-cell office:value-type="percentage" office:value="0.85" table:number-columns-repeated="2"><text:p>85.0%</text:p></table:table-cell></table:table-row>
</table:table></office:spreadsheet></office:body></office:document-content>"#;
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        zip.start_file("content.xml", zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut zip, content.as_bytes()).unwrap();
        let bytes = zip.finish().unwrap().into_inner();
        let formats = ods(&bytes, "部局経営目標");
        assert_eq!(formats.get(&(2, 1)).map(String::as_str), Some("0.0"));
        assert_eq!(formats.get(&(2, 2)), None, "7 shows no decimals");
        assert_eq!(formats.get(&(2, 3)).map(String::as_str), Some("0.0%"));
        assert_eq!(formats.get(&(2, 4)).map(String::as_str), Some("0.0%"));
        assert_eq!(formats.len(), 3);
    }

    #[test]
    fn xls_strings() {
        assert_eq!(
            biff_string(&[3, 0, 0, b'0', b'.', b'0'], 0, 2).as_deref(),
            Some("0.0")
        );
        let utf16 = [1, 1, b'%', 0];
        assert_eq!(biff_string(&utf16, 0, 1).as_deref(), Some("%"));
        assert_eq!(biff_string(&[5, 0], 0, 1), None);
    }
}
