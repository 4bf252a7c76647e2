//! Bounds what the XML parts of an .xlsx or .ods declare about their size —
//! cell references, table areas, repeated rows and columns, runs of spaces,
//! string counts — before calamine allocates for it: calamine builds a dense
//! grid and trusts those numbers, and a failed allocation aborts the whole
//! process. A part is parsed in place when the guard holds it inflated
//! (an .xlsx within `repack::KEEP_LIMIT`), else read as a stream.

use std::io::BufRead;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::unreadable::Unreadable;
use mokuhyo_domain::finding::excerpt;

/// Excel's last row (one-based).
const MAX_ROW: u64 = 1_048_576;
/// The longest text a cell may hold in Excel.
const MAX_CELL_CHARS: u64 = 32_767;

/// The smallest box holding every cell seen: ((first row, first column),
/// (last row, last column)), zero-based.
#[derive(Default)]
struct Span(Option<((u64, u64), (u64, u64))>);

impl Span {
    fn grow(&mut self, row: u64, col: u64) {
        self.0 = Some(match self.0 {
            None => ((row, col), (row, col)),
            Some(((r0, c0), (r1, c1))) => ((r0.min(row), c0.min(col)), (r1.max(row), c1.max(col))),
        });
    }

    fn cells(&self) -> u64 {
        self.0.map_or(0, |((r0, c0), (r1, c1))| {
            (r1 - r0 + 1).saturating_mul(c1 - c0 + 1)
        })
    }
}

/// Where a part's XML is read from: bytes in memory (parsed in place) or
/// a stream.
pub trait Source {
    /// The reader of the events.
    type Pull: Pull;
    /// Starts reading.
    fn pull(self) -> Self::Pull;
}

/// Gives the XML events of a part one by one.
pub trait Pull {
    /// The next event.
    fn next(&mut self) -> quick_xml::Result<Event<'_>>;
    /// Bytes read so far.
    fn position(&self) -> u64;
}

impl<'a> Source for &'a [u8] {
    type Pull = Reader<&'a [u8]>;
    fn pull(self) -> Self::Pull {
        Reader::from_reader(self)
    }
}

impl Pull for Reader<&[u8]> {
    fn next(&mut self) -> quick_xml::Result<Event<'_>> {
        self.read_event()
    }
    fn position(&self) -> u64 {
        self.buffer_position()
    }
}

/// A part read as a stream.
pub struct Stream<R>(pub R);

/// The reader of a [`Stream`] and its buffer.
pub struct Buffered<R> {
    reader: Reader<R>,
    buf: Vec<u8>,
}

impl<R: BufRead> Source for Stream<R> {
    type Pull = Buffered<R>;
    fn pull(self) -> Self::Pull {
        Buffered {
            reader: Reader::from_reader(self.0),
            buf: Vec::new(),
        }
    }
}

impl<R: BufRead> Pull for Buffered<R> {
    fn next(&mut self) -> quick_xml::Result<Event<'_>> {
        self.buf.clear();
        self.reader.read_event_into(&mut self.buf)
    }
    fn position(&self) -> u64 {
        self.reader.buffer_position()
    }
}

/// Walks the elements of an XML stream; fails on broken or unfinished XML,
/// which calamine may loop on or read differently.
/// Returns the part's size in bytes.
fn walk(
    input: impl Source,
    part: &str,
    mut visit: impl FnMut(&Event) -> Result<(), Unreadable>,
) -> Result<u64, Unreadable> {
    let mut reader = input.pull();
    let mut depth = 0u32;
    let mut seen = false;
    loop {
        let event = reader.next().map_err(|_| Unreadable::Xml {
            part: part.to_string(),
        })?;
        match &event {
            Event::Start(_) => {
                depth += 1;
                seen = true;
            }
            Event::Empty(_) => seen = true,
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Eof => {
                if depth != 0 || !seen {
                    return Err(Unreadable::Unfinished {
                        part: part.to_string(),
                    });
                }
                drop(event);
                return Ok(reader.position());
            }
            _ => {}
        }
        visit(&event)?;
    }
}

/// A worksheet part of an .xlsx: the box its cells span, counted as
/// calamine places them (a cell without a reference follows the previous one).
/// True when some cell has a formula without a saved result (calamine reads
/// such a cell as empty).
pub fn check_xlsx_sheet(input: impl Source, max_cells: u64) -> Result<bool, Unreadable> {
    let mut span = Span::default();
    let (mut row, mut col) = (0u64, 0u64);
    let mut rows_seen = false;
    // The open cell: (has a formula, has a value); inside its <v>.
    let mut cell: Option<(bool, bool)> = None;
    let mut in_value = false;
    let mut uncomputed = false;
    walk(input, "シート", |event| {
        let e = match event {
            Event::Start(e) | Event::Empty(e) => e,
            Event::End(e) => {
                match e.local_name().as_ref() {
                    "c" => uncomputed |= cell.take() == Some((true, false)),
                    "v" => in_value = false,
                    _ => {}
                }
                return Ok(());
            }
            // A script may write an empty <v></v> for a formula's result.
            Event::Text(t) if in_value && !t.trim().is_empty() => {
                if let Some((_, value)) = cell.as_mut() {
                    *value = true;
                }
                return Ok(());
            }
            _ => return Ok(()),
        };
        let name = e.local_name();
        if let Some((formula, _)) = cell.as_mut() {
            match name.as_ref() {
                "f" => *formula = true,
                "v" => in_value = matches!(event, Event::Start(_)),
                _ => {}
            }
        }
        match name.as_ref() {
            "row" => {
                row = match value(e, "r") {
                    Some(r) => parse_row(&r)? - 1,
                    None if rows_seen => row + 1,
                    None => 0,
                };
                rows_seen = true;
                col = 0;
            }
            "c" => {
                let (r, c) = match value(e, "r") {
                    Some(r) => parse_a1(&r)?,
                    None => (row, col),
                };
                span.grow(r, c);
                col = c + 1;
                if matches!(event, Event::Start(_)) {
                    cell = Some((false, false));
                }
                if span.cells() > max_cells {
                    return Err(too_large(span.cells(), max_cells));
                }
            }
            _ => {}
        }
        Ok(())
    })
    .map(|_| uncomputed)
}

/// A table part of an .xlsx: its area must be a real range within the
/// limits, and its header and totals rows must fit in it (calamine panics or
/// allocates the whole area otherwise).
pub fn check_xlsx_table(input: impl Source, max_cells: u64) -> Result<(), Unreadable> {
    let mut checked = false;
    walk(input, "テーブル", |event| {
        let (Event::Start(e) | Event::Empty(e)) = event else {
            return Ok(());
        };
        if e.local_name().as_ref() != "table" || checked {
            return Ok(());
        }
        checked = true;
        let bad = |what: &str| Unreadable::BadTable(what.to_string());
        let area = attribute(e, "ref").ok_or_else(|| bad("範囲がありません"))?;
        let (first, last) = area.split_once(':').unwrap_or((&area, &area));
        let (r0, c0) = parse_a1(first)?;
        let (r1, c1) = parse_a1(last)?;
        let count = |key: &str| -> Result<u64, Unreadable> {
            match attribute(e, key) {
                None => Ok(if key == "headerRowCount" { 1 } else { 0 }),
                Some(v) => v
                    .trim()
                    .parse::<u64>()
                    .ok()
                    .filter(|n| *n <= 1)
                    .ok_or_else(|| bad(&format!("{key}=\"{v}\""))),
            }
        };
        let (header, totals) = (count("headerRowCount")?, count("totalsRowCount")?);
        // calamine: data from r0 + header to r1 - header when there are totals.
        let data_last = if totals > 0 {
            r1.checked_sub(header)
        } else {
            Some(r1)
        };
        if r0 > r1 || c0 > c1 || data_last.is_none_or(|last| r0 + header > last) {
            return Err(bad(&format!("範囲 {area}")));
        }
        let cells = (r1 - r0 + 1).saturating_mul(c1 - c0 + 1);
        if cells > max_cells {
            return Err(too_large(cells, max_cells));
        }
        Ok(())
    })
    .map(drop)
}

/// The workbook part (`sheet` names) or a relationships part
/// (`Relationship` ids) of an .xlsx: each must be unique. Excel never
/// writes duplicates; calamine reads every table part once per duplicate.
pub fn check_unique(input: impl Source, element: &str, key: &str) -> Result<(), Unreadable> {
    let mut seen = std::collections::BTreeSet::new();
    walk(input, "ブックの構成", |event| {
        if let Event::Start(e) | Event::Empty(e) = event
            && e.local_name().as_ref() == element
            && let Some(value) = attribute(e, key)
            && !seen.insert(value.clone())
        {
            return Err(Unreadable::duplicate(&value));
        }
        Ok(())
    })
    .map(drop)
}

/// The shared strings part of an .xlsx: the number of strings its `sst`
/// element announces (`uniqueCount`, wherever its attributes are) must fit
/// the part's size, as calamine reserves room for them. `count` is not
/// bounded: it counts the cells that use a string (Excel, LibreOffice and
/// rust_xlsxwriter write it), so a valid workbook whose cells share a few
/// strings has a count far above what the part lists, and calamine never
/// reads it.
pub fn check_shared_strings(input: impl Source) -> Result<(), Unreadable> {
    let mut unique: Option<String> = None;
    let mut seen = false;
    let size = walk(input, "共有文字列", |event| {
        if let (Event::Start(e) | Event::Empty(e), false) = (event, seen)
            && e.local_name().as_ref() == "sst"
        {
            seen = true;
            unique = attribute(e, "uniqueCount");
        }
        Ok(())
    })?;
    if let Some(count) = unique {
        // Each string takes at least `<si/>` (5 bytes).
        let fits = count.trim().parse::<u64>().is_ok_and(|n| n <= size / 5 + 1);
        if !fits {
            return Err(Unreadable::StringCount(excerpt(&count)));
        }
    }
    Ok(())
}

/// Counts of the .ods table being read.
#[derive(Default)]
struct OdsTable {
    /// Rows so far, cells expanded so far, and the expansion up to the last
    /// row holding something.
    row: u64,
    expanded: u64,
    needed: u64,
    /// The open row: how often it repeats, its width so far, whether it holds something.
    row_repeat: u64,
    row_width: u64,
    row_used: bool,
    /// The dense box calamine builds: last row and last column holding something.
    last_row: u64,
    last_col: u64,
    /// The open cell: columns it repeats to, holds something, spaces in it.
    cell: Option<(u64, bool, u64)>,
}

impl OdsTable {
    fn close_cell(&mut self, cell: Option<(u64, bool, u64)>) {
        if let Some((columns, used, _)) = cell {
            self.row_width = self.row_width.saturating_add(columns);
            if used {
                self.row_used = true;
                self.last_col = self.last_col.max(self.row_width);
            }
        }
    }

    fn close_row(&mut self, max_cells: u64) -> Result<(), Unreadable> {
        self.row = self.row.saturating_add(self.row_repeat);
        self.expanded = self
            .expanded
            .saturating_add(self.row_repeat.saturating_mul(self.row_width));
        if self.row_used {
            self.needed = self.expanded;
            self.last_row = self.row;
        }
        let cells = self.needed.max(self.last_row.saturating_mul(self.last_col));
        if cells > max_cells {
            return Err(too_large(cells, max_cells));
        }
        Ok(())
    }

    fn add_spaces(&mut self, count: u64) -> Result<(), Unreadable> {
        if let Some((_, used, spaces)) = self.cell.as_mut() {
            *used = true;
            *spaces = spaces.saturating_add(count);
            if *spaces > MAX_CELL_CHARS {
                return Err(Unreadable::SpaceRun {
                    spaces: *spaces,
                    max: MAX_CELL_CHARS,
                });
            }
        }
        Ok(())
    }
}

/// The content part of an .ods: the cells its repeated rows and columns
/// expand to, up to the last cell that holds something, and the runs of
/// spaces (`<text:s text:c="…"/>`) its texts expand to. True when some
/// cell has a formula without a saved result.
pub fn check_ods_content(input: impl Source, max_cells: u64) -> Result<bool, Unreadable> {
    let mut t = OdsTable::default();
    let mut uncomputed = false;
    walk(input, "content.xml", |event| {
        if let Event::Start(e) | Event::Empty(e) = event
            && is_cell(e)
            && !has_value(e)
            && attribute(e, "table:formula").is_some()
        {
            uncomputed = true;
        }
        match event {
            Event::Start(e) | Event::Empty(e) if is(e, "table:table") => t = OdsTable::default(),
            Event::Start(e) if is(e, "table:table-row") => {
                (t.row_repeat, t.row_width, t.row_used) =
                    (repeat(e, "table:number-rows-repeated"), 0, false);
            }
            Event::Empty(e) if is(e, "table:table-row") => {
                t.row = t
                    .row
                    .saturating_add(repeat(e, "table:number-rows-repeated"));
            }
            Event::Start(e) if is_cell(e) => {
                t.cell = Some((repeat(e, "table:number-columns-repeated"), has_value(e), 0));
            }
            Event::Empty(e) if is_cell(e) => {
                t.close_cell(Some((
                    repeat(e, "table:number-columns-repeated"),
                    has_value(e),
                    0,
                )));
            }
            Event::Start(e) | Event::Empty(e) if t.cell.is_some() => {
                let spaces = if is(e, "text:s") {
                    repeat(e, "text:c")
                } else {
                    0
                };
                t.add_spaces(spaces)?;
            }
            Event::End(e) if is_cell_name(e.name().0) => {
                let cell = t.cell.take();
                t.close_cell(cell);
            }
            Event::End(e) if e.name().0 == "table:table-row" => t.close_row(max_cells)?,
            _ => {}
        }
        Ok(())
    })
    .map(|_| uncomputed)
}

/// The reason a sheet is refused for its size.
pub(crate) fn too_large(cells: u64, max: u64) -> Unreadable {
    Unreadable::TooManyCells { cells, max }
}

fn is(e: &BytesStart, name: &str) -> bool {
    e.name().0 == name
}

fn is_cell(e: &BytesStart) -> bool {
    is_cell_name(e.name().0)
}

fn is_cell_name(name: &str) -> bool {
    name == "table:table-cell" || name == "table:covered-table-cell"
}

pub(super) fn attribute(e: &BytesStart, key: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.0 == key || a.key.local_name().as_ref() == key)
        .map(|a| a.value.into_owned())
}

/// The value of an attribute, borrowed where it can be. The first of
/// duplicates is found, as by [`attribute`].
fn value<'a>(e: &'a BytesStart, key: &str) -> Option<std::borrow::Cow<'a, str>> {
    // The common case, without the attribute parser: the key is the first
    // attribute, written `key="…"` (every cell and row of a sheet).
    let raw = e.attributes_raw();
    let bytes = raw.as_bytes();
    let start = bytes
        .iter()
        .position(|b| !matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
        .unwrap_or(bytes.len());
    let rest = &bytes[start..];
    let open = key.len() + 1;
    if rest.starts_with(key.as_bytes())
        && rest.get(key.len()) == Some(&b'=')
        && let Some(&quote) = rest.get(open).filter(|q| matches!(q, b'"' | b'\''))
        && let Some(end) = rest[open + 1..].iter().position(|&b| b == quote)
    {
        // ASCII around the value: these are character boundaries.
        let value = start + open + 1;
        return Some(std::borrow::Cow::Borrowed(&raw[value..value + end]));
    }
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.0 == key || a.key.local_name().as_ref() == key)
        .map(|a| a.value)
}

pub(super) fn repeat(e: &BytesStart, key: &str) -> u64 {
    attribute(e, key)
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(1)
        .max(1)
}

fn has_value(e: &BytesStart) -> bool {
    e.attributes()
        .flatten()
        .any(|a| a.key.0 == "office:value-type")
}

fn bad_reference(text: &str) -> Unreadable {
    Unreadable::bad_reference(text)
}

/// A row number, one-based, within Excel's rows.
fn parse_row(text: &str) -> Result<u64, Unreadable> {
    text.parse::<u64>()
        .ok()
        .filter(|r| (1..=MAX_ROW).contains(r))
        .ok_or_else(|| bad_reference(text))
}

/// `XFD1048576` → (row, column), both zero-based, within Excel's sheet.
fn parse_a1(text: &str) -> Result<(u64, u64), Unreadable> {
    mokuhyo_domain::form::parse_a1(text)
        .map(|(row, col)| (u64::from(row), u64::from(col)))
        .ok_or_else(|| bad_reference(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_without_results() {
        let sheet = |cells: &str| {
            format!("<worksheet><sheetData><row r=\"1\">{cells}</row></sheetData></worksheet>")
        };
        let saved = sheet(r#"<c r="A1"><f>100+15</f><v>115</v></c>"#);
        assert_eq!(check_xlsx_sheet(saved.as_bytes(), 100), Ok(false));
        let unsaved = sheet(r#"<c r="A1"><f>100+15</f></c><c r="B1"><v>3</v></c>"#);
        assert_eq!(check_xlsx_sheet(unsaved.as_bytes(), 100), Ok(true));
        // openpyxl writes an empty value.
        let empty = sheet(r#"<c r="A1"><f>100+15</f><v></v></c>"#);
        assert_eq!(check_xlsx_sheet(empty.as_bytes(), 100), Ok(true));
        let ods = br#"<table:table><table:table-row><table:table-cell table:formula="of:=100+15"/></table:table-row></table:table>"#;
        assert_eq!(check_ods_content(&ods[..], 100), Ok(true));
    }

    #[test]
    fn sheet_extent() {
        let ok = br#"<sheetData><row r="1"><c r="A1"><v>1</v></c><c r="P70"/></row></sheetData>"#;
        assert_eq!(check_xlsx_sheet(&ok[..], 10_000), Ok(false));
        let far = br#"<sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>"#;
        assert!(
            check_xlsx_sheet(&far[..], 10_000_000)
                .unwrap_err()
                .to_string()
                .contains("セル分あり")
        );
        let rows_only = br#"<sheetData><row r="1"><c><v>1</v></c></row><row r="900000"><c><v>1</v></c></row></sheetData>"#;
        assert_eq!(check_xlsx_sheet(&rows_only[..], 1_000_000), Ok(false));
        assert!(check_xlsx_sheet(&rows_only[..], 100_000).is_err());
    }

    #[test]
    fn references_however_the_attributes_are_written() {
        // The first attribute, quoted either way, after any spaces; after
        // another attribute; with a prefix; spaced around `=`; not `rr`.
        let far = |c: &str| {
            let xml = format!("<sheetData><row r=\"1\"><c r=\"A1\"/>{c}</row></sheetData>");
            check_xlsx_sheet(xml.as_bytes(), 100).is_err()
        };
        for c in [
            r#"<c r="Z99"/>"#,
            "<c r='Z99'/>",
            "<c \n r=\"Z99\"/>",
            r#"<c s="1" r="Z99"/>"#,
            r#"<x:c x:r="Z99"/>"#,
            r#"<c r = "Z99"/>"#,
            r#"<c rr="A1" r="Z99"/>"#,
        ] {
            assert!(far(c), "{c}: Z99 is past 100 cells");
        }
        assert!(!far(r#"<c r="B2"/>"#));
    }

    #[test]
    fn cell_references_outside_excel() {
        for r in [
            "ZZZZ1",
            "MWER41",
            "A99999999999999999999",
            "A0",
            "XFE1",
            "A1048577",
            "A1B",
            "1",
        ] {
            let xml = format!(r#"<sheetData><row r="1"><c r="{r}"/></row></sheetData>"#);
            let reason = check_xlsx_sheet(xml.as_bytes(), 5_000_000)
                .unwrap_err()
                .to_string();
            assert!(
                reason.starts_with(&format!("セル番地「{r}」")),
                "{r}: {reason}"
            );
        }
        let row = br#"<sheetData><row r="99999999999"><c/></row></sheetData>"#;
        assert!(check_xlsx_sheet(&row[..], 5_000_000).is_err());
    }

    #[test]
    fn unfinished_xml() {
        let cut = br#"<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c>"#;
        assert!(
            check_xlsx_sheet(&cut[..], 10_000)
                .unwrap_err()
                .to_string()
                .contains("途中で切れています")
        );
        let cut = br#"<office:document-content><table:table><table:table-row>"#;
        assert!(check_ods_content(&cut[..], 10_000).is_err());
        assert!(check_ods_content(&b""[..], 10_000).is_err());
    }

    #[test]
    fn table_areas() {
        let table = |attrs: &str| format!(r#"<table xmlns="x" {attrs}><tableColumns/></table>"#);
        let check = |attrs: &str| check_xlsx_table(table(attrs).as_bytes(), 5_000_000);
        assert_eq!(check(r#"ref="B8:C19""#), Ok(()));
        assert_eq!(
            check(r#"ref="B8:C19" headerRowCount="0" totalsRowCount="1""#),
            Ok(())
        );
        assert!(
            check(r#"ref="A23:XFD1048576""#)
                .unwrap_err()
                .to_string()
                .contains("セル分あり")
        );
        assert!(
            check(r#"ref="AAAA72""#)
                .unwrap_err()
                .to_string()
                .starts_with("セル番地「AAAA72」")
        );
        assert!(check(r#"ref="B8:C19" headerRowCount="16383""#).is_err());
        assert!(check(r#"ref="B8:C8" totalsRowCount="1""#).is_err());
        assert!(check(r#"ref="C19:B8""#).is_err());
        assert!(check("").is_err());
    }

    #[test]
    fn duplicates_in_the_workbook_structure() {
        let book = br#"<workbook><sheets><sheet name="A" r:id="rId1"/><sheet name="B" r:id="rId2"/></sheets></workbook>"#;
        assert_eq!(check_unique(&book[..], "sheet", "name"), Ok(()));
        let twice = br#"<workbook><sheets><sheet name="A" r:id="rId1"/><sheet name="A" r:id="rId1"/></sheets></workbook>"#;
        assert!(
            check_unique(&twice[..], "sheet", "name")
                .unwrap_err()
                .to_string()
                .contains("「A」")
        );
    }

    #[test]
    fn shared_string_counts() {
        let ok = br#"<sst count="2" uniqueCount="2"><si><t>a</t></si><si><t>b</t></si></sst>"#;
        assert_eq!(check_shared_strings(&ok[..]), Ok(()));
        let lie = br#"<sst count="2" uniqueCount="4294967295"><si><t>a</t></si></sst>"#;
        assert!(check_shared_strings(&lie[..]).is_err());
        // Attributes far from the start of the part are read too.
        let far = format!(
            r#"<sst a="{}" uniqueCount="2147483647"><si><t>a</t></si></sst>"#,
            "x".repeat(5000)
        );
        assert!(check_shared_strings(far.as_bytes()).is_err());
        // Every cell that uses a string counts: 3,500 cells sharing two
        // strings, as Excel writes it, are a valid part.
        let shared =
            br#"<sst count="3500" uniqueCount="2"><si><t>a</t></si><si><t>b</t></si></sst>"#;
        assert_eq!(check_shared_strings(&shared[..]), Ok(()));
        let huge = br#"<sst count="99999999999999999999" uniqueCount="1"><si><t>a</t></si></sst>"#;
        assert_eq!(check_shared_strings(&huge[..]), Ok(()));
    }

    #[test]
    fn ods_repeats() {
        let trailing = br#"<table:table><table:table-row><table:table-cell office:value-type="float"/></table:table-row><table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table>"#;
        assert_eq!(check_ods_content(&trailing[..], 1_000_000), Ok(false));
        let tall = br#"<table:table><table:table-row><table:table-cell table:number-columns-repeated="15"/><table:table-cell office:value-type="float"/></table:table-row><table:table-row table:number-rows-repeated="1000000"><table:table-cell office:value-type="float" table:number-columns-repeated="3"/></table:table-row></table:table>"#;
        assert!(
            check_ods_content(&tall[..], 5_000_000)
                .unwrap_err()
                .to_string()
                .contains("16000016 セル")
        );
        let bomb = br#"<table:table><table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="1000"/></table:table-row><table:table-row><table:table-cell office:value-type="float"/></table:table-row></table:table>"#;
        assert!(check_ods_content(&bomb[..], 10_000_000).is_err());
        let wide = br#"<table:table><table:table-row table:number-rows-repeated="100000"><table:table-cell table:number-columns-repeated="1000" office:value-type="float"/></table:table-row></table:table>"#;
        assert!(check_ods_content(&wide[..], 10_000_000).is_err());
    }

    #[test]
    fn ods_space_runs() {
        let cell = |c: &str| {
            format!(
                r#"<table:table><table:table-row><table:table-cell><text:p>a<text:s text:c="{c}"/></text:p></table:table-cell></table:table-row></table:table>"#
            )
        };
        assert_eq!(check_ods_content(cell("3").as_bytes(), 1_000), Ok(false));
        assert!(
            check_ods_content(cell("2147483647").as_bytes(), 1_000)
                .unwrap_err()
                .to_string()
                .contains("空白の繰り返し")
        );
    }
}
