//! Bounds what a file declares about its size — the extent of a sheet,
//! repeated rows and columns, string counts — before calamine allocates for
//! it: calamine builds a dense grid and trusts those numbers, and a failed
//! allocation aborts the whole process.

use std::io::Read;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

/// A worksheet part of an .xlsx: the cells its references span.
pub fn check_xlsx_sheet(xml: &[u8], max_cells: u64) -> Result<(), String> {
    let mut span: Option<((u64, u64), (u64, u64))> = None;
    let grow = |span: Option<((u64, u64), (u64, u64))>, row: u64, col: u64| {
        Some(match span {
            None => ((row, col), (row, col)),
            Some(((r0, c0), (r1, c1))) => ((r0.min(row), c0.min(col)), (r1.max(row), c1.max(col))),
        })
    };
    for (tag, value) in r_attributes(xml) {
        if tag == b'c' {
            if let Some((row, col)) = parse_a1(value) {
                span = grow(span, row, col);
            }
        } else if let Some(row) = std::str::from_utf8(value)
            .ok()
            .and_then(|s| s.parse::<u64>().ok())
        {
            span = grow(span, row, span.map_or(1, |s| s.0.1));
        }
    }
    if let Some(((r0, c0), (r1, c1))) = span {
        let cells = (r1 - r0 + 1).saturating_mul(c1 - c0 + 1);
        if cells > max_cells {
            return Err(too_large(cells, max_cells));
        }
    }
    Ok(())
}

/// The shared strings part of an .xlsx: the counts it announces.
pub fn check_shared_strings(xml: &[u8]) -> Result<(), String> {
    let head = &xml[..xml.len().min(2048)];
    for key in [&b"uniqueCount=\""[..], &b" count=\""[..]] {
        if let Some(at) = find(head, key) {
            let digits: Vec<u8> = head[at + key.len()..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .copied()
                .collect();
            let count: u64 = std::str::from_utf8(&digits)
                .ok()
                .and_then(|s| s.parse().ok())
                .unwrap_or(0);
            // Each string takes at least `<si/>` (5 bytes).
            if count > xml.len() as u64 / 5 + 1 {
                return Err(format!(
                    "文字列の数({count})がファイルの中身と合いません。ファイルが壊れているか、改変されています"
                ));
            }
        }
    }
    Ok(())
}

/// The content part of an .ods: the cells its repeated rows and columns
/// expand to, up to the last cell that holds something.
pub fn check_ods_content(xml: &[u8], max_cells: u64) -> Result<(), String> {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    // Per table: rows so far, cells expanded so far, and the expansion up to
    // the last row holding something.
    let (mut row, mut expanded, mut needed) = (0u64, 0u64, 0u64);
    let (mut row_repeat, mut row_width, mut row_used) = (1u64, 0u64, false);
    // The dense box calamine builds: last row and last column holding something.
    let (mut last_row, mut last_col) = (0u64, 0u64);
    let mut cell: Option<(u64, bool)> = None;
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|_| "ファイルの中身(content.xml)が壊れています".to_string())?;
        match event {
            Event::Start(e) | Event::Empty(e) if is(&e, "table:table") => {
                (row, expanded, needed, last_row, last_col) = (0, 0, 0, 0, 0);
            }
            Event::Start(ref e) if is(e, "table:table-row") => {
                (row_repeat, row_width, row_used) =
                    (repeat(e, "table:number-rows-repeated"), 0, false);
            }
            Event::Empty(ref e) if is(e, "table:table-row") => {
                row = row.saturating_add(repeat(e, "table:number-rows-repeated"));
            }
            Event::Start(ref e) if is_cell(e) => {
                cell = Some((repeat(e, "table:number-columns-repeated"), has_value(e)))
            }
            Event::Empty(ref e) if is_cell(e) => {
                let columns = repeat(e, "table:number-columns-repeated");
                row_width = row_width.saturating_add(columns);
                if has_value(e) {
                    row_used = true;
                    last_col = last_col.max(row_width);
                }
            }
            Event::Start(_) | Event::Empty(_) if cell.is_some() => {
                if let Some((_, used)) = cell.as_mut() {
                    *used = true;
                }
            }
            Event::End(ref e)
                if e.name().0 == "table:table-cell" || e.name().0 == "table:covered-table-cell" =>
            {
                if let Some((columns, used)) = cell.take() {
                    row_width = row_width.saturating_add(columns);
                    if used {
                        row_used = true;
                        last_col = last_col.max(row_width);
                    }
                }
            }
            Event::End(ref e) if e.name().0 == "table:table-row" => {
                row = row.saturating_add(row_repeat);
                expanded = expanded.saturating_add(row_repeat.saturating_mul(row_width));
                if row_used {
                    needed = expanded;
                    last_row = row;
                }
                let dense = last_row.saturating_mul(last_col);
                if needed.max(dense) > max_cells {
                    return Err(too_large(needed.max(dense), max_cells));
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    let _ = row;
    Ok(())
}

/// The workbook stream of an .xls: DIMENSIONS and SST records.
pub fn check_xls(bytes: &[u8], max_cells: u64) -> Result<(), String> {
    let Ok(mut file) = cfb::CompoundFile::open(std::io::Cursor::new(bytes)) else {
        return Err("ファイルが壊れています(Office の複合ファイルとして読めません)".to_string());
    };
    let name = ["/Workbook", "/Book"]
        .into_iter()
        .find(|n| file.is_stream(n));
    let Some(name) = name else { return Ok(()) };
    let mut stream = Vec::new();
    let read = file
        .open_stream(name)
        .and_then(|mut s| s.read_to_end(&mut stream));
    if read.is_err() {
        return Err("ファイルが壊れています(ブックの本体を読めません)".to_string());
    }
    let mut at = 0usize;
    while at + 4 <= stream.len() {
        let kind = u16::from_le_bytes([stream[at], stream[at + 1]]);
        let len = u16::from_le_bytes([stream[at + 2], stream[at + 3]]) as usize;
        let data = &stream[at + 4..(at + 4 + len).min(stream.len())];
        match kind {
            0x0200 if data.len() >= 12 => {
                let u32_at = |i: usize| {
                    u32::from_le_bytes([data[i], data[i + 1], data[i + 2], data[i + 3]]) as u64
                };
                let u16_at = |i: usize| u16::from_le_bytes([data[i], data[i + 1]]) as u64;
                let rows = u32_at(4).saturating_sub(u32_at(0));
                let cols = u16_at(10).saturating_sub(u16_at(8));
                if rows.saturating_mul(cols) > max_cells {
                    return Err(too_large(rows.saturating_mul(cols), max_cells));
                }
            }
            0x00FC if data.len() >= 8 => {
                let unique = u32::from_le_bytes([data[4], data[5], data[6], data[7]]) as u64;
                if unique > stream.len() as u64 / 3 + 1 {
                    return Err(format!(
                        "文字列の数({unique})がファイルの中身と合いません。ファイルが壊れているか、改変されています"
                    ));
                }
            }
            _ => {}
        }
        at += 4 + len;
    }
    Ok(())
}

fn too_large(cells: u64, max: u64) -> String {
    format!(
        "シートの大きさが {cells} セル分あり、上限({max} セル)を超えます。様式ではありえない大きさのため読み込みません"
    )
}

fn is(e: &BytesStart, name: &str) -> bool {
    e.name().0 == name
}

fn is_cell(e: &BytesStart) -> bool {
    is(e, "table:table-cell") || is(e, "table:covered-table-cell")
}

fn repeat(e: &BytesStart, key: &str) -> u64 {
    e.attributes()
        .flatten()
        .find(|a| a.key.0 == key)
        .and_then(|a| a.value.trim().parse().ok())
        .unwrap_or(1)
        .max(1)
}

fn has_value(e: &BytesStart) -> bool {
    e.attributes()
        .flatten()
        .any(|a| a.key.0 == "office:value-type")
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The values of `r="…"` attributes of `<c …>` and `<row …>` tags, with
/// the tag's letter (`c` or `r`).
fn r_attributes(xml: &[u8]) -> impl Iterator<Item = (u8, &[u8])> {
    let mut at = 0;
    std::iter::from_fn(move || {
        while let Some(open) = xml[at..].iter().position(|b| *b == b'<') {
            let start = at + open + 1;
            at = start;
            let tag = if xml[start..].starts_with(b"c ") {
                b'c'
            } else if xml[start..].starts_with(b"row ") {
                b'r'
            } else {
                continue;
            };
            let end = xml[start..]
                .iter()
                .position(|b| *b == b'>')
                .map_or(xml.len(), |e| start + e);
            let inner = &xml[start..end];
            if let Some(pos) = find(inner, b" r=\"") {
                let value = &inner[pos + 4..];
                let close = value.iter().position(|b| *b == b'"').unwrap_or(value.len());
                return Some((tag, &value[..close]));
            }
        }
        None
    })
}

/// `XFD1048576` → (row, column), both one-based.
fn parse_a1(text: &[u8]) -> Option<(u64, u64)> {
    let split = text.iter().position(|b| b.is_ascii_digit())?;
    let (letters, digits) = text.split_at(split);
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    let col = letters.iter().try_fold(0u64, |acc, b| {
        b.is_ascii_alphabetic()
            .then(|| acc * 26 + (b.to_ascii_uppercase() - b'A') as u64 + 1)
    })?;
    let row = std::str::from_utf8(digits).ok()?.parse().ok()?;
    Some((row, col))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_extent() {
        let ok = br#"<sheetData><row r="1"><c r="A1"><v>1</v></c><c r="P70"/></row></sheetData>"#;
        assert_eq!(check_xlsx_sheet(ok, 10_000), Ok(()));
        let far = br#"<sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>"#;
        assert!(
            check_xlsx_sheet(far, 10_000_000)
                .unwrap_err()
                .contains("17179869184 セル")
        );
        let rows_only = br#"<sheetData><row r="1"><c><v>1</v></c></row><row r="900000"><c><v>1</v></c></row></sheetData>"#;
        assert_eq!(check_xlsx_sheet(rows_only, 1_000_000), Ok(()));
    }

    #[test]
    fn shared_string_counts() {
        assert_eq!(
            check_shared_strings(
                br#"<sst count="2" uniqueCount="2"><si><t>a</t></si><si><t>b</t></si></sst>"#
            ),
            Ok(())
        );
        assert!(
            check_shared_strings(
                br#"<sst count="2" uniqueCount="4294967295"><si><t>a</t></si></sst>"#
            )
            .is_err()
        );
    }

    #[test]
    fn ods_repeats() {
        let trailing = br#"<table:table><table:table-row><table:table-cell office:value-type="float"/></table:table-row><table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table>"#;
        assert_eq!(check_ods_content(trailing, 1_000_000), Ok(()));
        let tall = br#"<table:table><table:table-row><table:table-cell table:number-columns-repeated="15"/><table:table-cell office:value-type="float"/></table:table-row><table:table-row table:number-rows-repeated="1000000"><table:table-cell office:value-type="float" table:number-columns-repeated="3"/></table:table-row></table:table>"#;
        assert!(
            check_ods_content(tall, 5_000_000)
                .unwrap_err()
                .contains("16000016 セル")
        );
        let bomb = br#"<table:table><table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="1000"/></table:table-row><table:table-row><table:table-cell office:value-type="float"/></table:table-row></table:table>"#;
        assert!(check_ods_content(bomb, 10_000_000).is_err());
        let wide = br#"<table:table><table:table-row table:number-rows-repeated="100000"><table:table-cell table:number-columns-repeated="1000" office:value-type="float"/></table:table-row></table:table>"#;
        assert!(check_ods_content(wide, 10_000_000).is_err());
    }
}
