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
