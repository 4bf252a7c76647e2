//! The template's sheet of an .xlsx read with one parse: its values and
//! number formats in the same pass, and its Excel tables' areas from the
//! probe package (see [`super::repack`]) rather than a parse per table.
//! Wherever the shortcut could differ from calamine's own calls (a sheet
//! out of order, a probe that does not match), those calls are made.

use std::io::{Cursor, Read, Seek};

use calamine::{Cell, Data, DataRef, Range, Reader, StyleRange, Xlsx, XlsxError};

/// The number formats of a sheet's cells.
pub(super) enum Styles {
    /// As calamine's `worksheet_style` gives them.
    Calamine(StyleRange),
    /// Read in the pass over the values: what `worksheet_style` gives for
    /// cells in order.
    Ids(IdStyles),
}

impl Styles {
    /// The number format code of a cell, if its style has one.
    pub(super) fn format(&self, pos: (u32, u32)) -> Option<&str> {
        match self {
            Styles::Calamine(range) => range
                .get(pos)
                .and_then(|style| style.number_format.as_ref())
                .map(|f| f.format_code.as_str()),
            Styles::Ids(ids) => ids.format(pos),
        }
    }
}

/// The styled cells of a sheet, in order, and the workbook's formats.
pub(super) struct IdStyles {
    /// The box of the styled cells; `None` when none is.
    bounds: Option<((u32, u32), (u32, u32))>,
    /// (position, style id) of each styled cell, strictly increasing.
    cells: Vec<((u32, u32), usize)>,
    /// The number format code of each style id.
    palette: Vec<Option<String>>,
}

impl IdStyles {
    fn format(&self, pos: (u32, u32)) -> Option<&str> {
        let ((r0, c0), (r1, c1)) = self.bounds?;
        if pos.0 < r0 || pos.0 > r1 || pos.1 < c0 || pos.1 > c1 {
            return None;
        }
        // Inside the box, a cell without a style has the default (id 0).
        let id = match self.cells.binary_search_by_key(&pos, |(p, _)| *p) {
            Ok(i) => self.cells[i].1,
            Err(_) => 0,
        };
        self.palette.get(id)?.as_deref()
    }
}

/// The values of a sheet as `worksheet_range` gives them, and its styles
/// as `worksheet_style` does, from one parse. `None` when calamine's own
/// calls must be made (not a worksheet; styled cells out of order).
pub(super) fn read_cells<RS: Read + Seek>(
    xlsx: &mut Xlsx<RS>,
    sheet: &str,
) -> Option<Result<(Range<Data>, Styles), XlsxError>> {
    let mut reader = match xlsx.worksheet_cells_reader(sheet) {
        Ok(reader) => reader,
        Err(XlsxError::NotAWorksheet(_)) => return None,
        Err(e) => return Some(Err(e)),
    };
    let palette: Vec<Option<String>> = reader
        .styles()
        .iter()
        .map(|s| s.number_format.as_ref().map(|f| f.format_code.clone()))
        .collect();
    let mut values: Vec<Cell<Data>> = Vec::new();
    let mut styled: Vec<((u32, u32), usize)> = Vec::new();
    loop {
        match reader.next_cell_with_style_id() {
            Ok(Some((cell, id))) => {
                let pos = cell.get_position();
                if id > 0 && id < palette.len() {
                    if styled.last().is_some_and(|(last, _)| *last >= pos) {
                        return None;
                    }
                    styled.push((pos, id));
                }
                if !matches!(cell.get_value(), DataRef::Empty) {
                    let value = Data::from(cell.get_value().clone());
                    values.push(Cell::new(pos, value));
                }
            }
            Ok(None) => break,
            Err(e) => return Some(Err(e)),
        }
    }
    let range = Range::from_sparse(values);
    let bounds = styled
        .iter()
        .fold(None, |b: Option<((u32, u32), (u32, u32))>, &((r, c), _)| {
            Some(match b {
                None => ((r, c), (r, c)),
                Some(((r0, c0), (r1, c1))) => ((r0.min(r), c0.min(c)), (r1.max(r), c1.max(c))),
            })
        });
    let styles = Styles::Ids(IdStyles {
        bounds,
        cells: styled,
        palette,
    });
    Some(Ok((range, styles)))
}

/// The most Excel tables looked at on one sheet.
const MAX_TABLES: usize = 16;

/// (header row, first column, last row) of each Excel table on the sheet,
/// as `table_by_name` gives them; the areas are taken from the probe
/// when it holds the same tables, so that the sheet is not parsed again.
pub(super) fn tables<RS: Read + Seek>(
    xlsx: &mut Xlsx<RS>,
    probe: Option<&[u8]>,
    sheet: &str,
) -> Vec<(u32, u32, u32)> {
    let mut tables = Vec::new();
    if xlsx.load_tables().is_err() {
        return tables;
    }
    let mut names: Vec<String> = xlsx
        .table_names_in_sheet(sheet)
        .into_iter()
        .cloned()
        .collect();
    if names.is_empty() {
        return tables;
    }
    // Each table read parses the sheet again: a file repeating its
    // relationships must not multiply that. The template has two.
    names.sort();
    names.dedup();
    let mut probe = probe
        .and_then(|bytes| Xlsx::new(Cursor::new(bytes)).ok())
        .filter(|p: &Xlsx<Cursor<&[u8]>>| p.sheet_names() == xlsx.sheet_names());
    if let Some(p) = probe.as_mut()
        && (p.load_tables().is_err() || p.table_names() != xlsx.table_names())
    {
        probe = None;
    }
    for name in names.into_iter().take(MAX_TABLES) {
        let area = probe
            .as_mut()
            .and_then(|p| p.table_by_name(&name).ok())
            .or_else(|| xlsx.table_by_name(&name).ok())
            .and_then(|table| Some((table.data().start()?, table.data().end()?)));
        if let Some((start, end)) = area {
            tables.push((start.0.saturating_sub(1), start.1, end.0));
        }
    }
    tables
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_xlsxwriter::{Format, Table, TableColumn, Workbook};

    /// A sheet with formatted cells, blank styled cells and two tables.
    fn book() -> Vec<u8> {
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet().set_name("様式").unwrap();
        let percent = Format::new().set_num_format("0.0%");
        let date = Format::new().set_num_format("yyyy/m/d");
        let bold = Format::new().set_bold();
        sheet.write_string(0, 0, "見出し").unwrap();
        sheet
            .write_number_with_format(1, 1, 0.25, &percent)
            .unwrap();
        sheet
            .write_number_with_format(2, 2, 45000.0, &date)
            .unwrap();
        sheet.write_blank(3, 5, &percent).unwrap();
        sheet.write_string_with_format(4, 0, "太字", &bold).unwrap();
        for (first, header) in [(6u32, "テーマ"), (12, "事業")] {
            sheet.write_string(first, 0, header).unwrap();
            sheet.write_string(first, 1, "内容").unwrap();
            sheet.write_number(first + 1, 0, 1.0).unwrap();
            let columns = [TableColumn::new().set_header(header), TableColumn::new()];
            let table = Table::new().set_columns(&columns);
            sheet.add_table(first, 0, first + 3, 1, &table).unwrap();
        }
        workbook.save_to_buffer().unwrap()
    }

    #[test]
    fn one_pass_reads_what_calamine_reads() {
        let bytes = book();
        let inspected = super::super::guard::inspect(&bytes, &Default::default()).unwrap();
        let repacked = inspected.repacked.expect("packed again");
        for package in [&bytes[..], &repacked.stored[..]] {
            let mut xlsx: Xlsx<_> = Xlsx::new(Cursor::new(package)).unwrap();
            let (range, styles) = read_cells(&mut xlsx, "様式").unwrap().unwrap();
            assert_eq!(range, xlsx.worksheet_range("様式").unwrap());
            let calamine = Styles::Calamine(xlsx.worksheet_style("様式").unwrap());
            for row in 0..20 {
                for col in 0..8 {
                    assert_eq!(styles.format((row, col)), calamine.format((row, col)));
                }
            }
            assert_eq!(styles.format((1, 1)), Some("0.0%"));
            let from_probe = tables(&mut xlsx, Some(&repacked.probe), "様式");
            assert_eq!(from_probe, vec![(6, 0, 9), (12, 0, 15)]);
            assert_eq!(from_probe, tables(&mut xlsx, None, "様式"));
        }
    }
}
