//! The workbooks and templates mokuhyo writes (rust_xlsxwriter): the
//! consolidated workbook, the year-end rollup, the template departments
//! fill and the correction files; and what they share here: tables of
//! values with widths and heights fitted to Japanese text, unique sheet
//! names, the department sheet's print setup, the sheet 検証結果.

mod compare_sheet;
pub mod consolidated;
pub mod feedback;
mod guide;
mod links_sheets;
pub mod open_data;
pub mod review;
pub mod rollup;
mod status_sheet;
pub mod style;
pub mod template;
mod validation;

use std::borrow::Cow;

use rust_xlsxwriter::{Format, Table, TableColumn, TableStyle, Workbook, Worksheet};

use crate::consolidate::Consolidation;
use crate::domain::model::Document;
use crate::domain::quantity::Quantity;
use crate::error::Result;
use crate::outputs::present::Headings;

/// How the workbook is written.
#[derive(Debug, Clone, Default)]
pub struct WorkbookOptions {
    /// Section headings for the department sheets.
    pub headings: Headings,
    /// Creation time written in the file's properties.
    pub timestamp: Option<chrono::NaiveDateTime>,
    /// The submission status, written as the sheet 提出状況.
    pub status: Option<crate::consolidate::status::Status>,
    /// The comparison with last year, written as the sheet 前年度比較.
    pub comparison: Option<crate::year_end::diff::Comparison>,
}

/// A valid, unique sheet name (≤ 31 characters, no []:*?/\).
fn unique_sheet_name(wanted: &str, used: &mut SheetNames) -> String {
    let clean: String = wanted
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .collect();
    let clean = clean.trim_matches('\'');
    let base: String = if clean.is_empty() {
        "部局".to_string()
    } else {
        clean.chars().take(28).collect()
    };
    let mut name = base.clone();
    let mut n = 2;
    while !used.0.insert(name.to_lowercase()) {
        name = format!("{base}({n})");
        n += 1;
    }
    name
}

/// The sheet names taken so far, compared without case as Excel does.
#[derive(Debug, Default)]
struct SheetNames(std::collections::HashSet<String>);

impl SheetNames {
    /// Names reserved for the book's own sheets.
    fn reserved(names: &[&str]) -> SheetNames {
        SheetNames(names.iter().map(|n| n.to_lowercase()).collect())
    }
}

/// A new sheet for [`table_sheet`]: written row by row to a temporary file
/// rather than held until the workbook is saved (rust_xlsxwriter's low
/// memory mode; a list of every indicator of 10,000 departments is large).
/// Only a sheet written strictly from top to bottom may be one. When no
/// temporary file can be made, an ordinary sheet.
fn table_worksheet(workbook: &mut Workbook) -> &mut Worksheet {
    if workbook.add_worksheet_with_low_memory().is_ok() {
        return workbook.worksheets_mut().last_mut().expect("just added");
    }
    workbook.add_worksheet()
}

/// Writes a table with a header row, filters and a frozen header, fitting
/// column widths to Japanese text.
pub(crate) fn table_sheet(
    sheet: &mut Worksheet,
    name: &str,
    headers: &[&str],
    rows: &[Vec<Value>],
) -> Result<()> {
    table_sheet_wide(sheet, name, headers, rows, &[])
}

/// [`table_sheet`] with some columns of a fixed width: `(column, width)`.
pub(crate) fn table_sheet_wide(
    sheet: &mut Worksheet,
    name: &str,
    headers: &[&str],
    rows: &[Vec<Value>],
    wide: &[(usize, f64)],
) -> Result<()> {
    sheet.set_name(name)?;
    let widths = write_table(sheet, 0, headers, rows, wide)?;
    // rust_xlsxwriter 0.102 writes the last row of a sheet written row by
    // row twice when it has a height of its own, and Excel then offers to
    // repair the file: an empty cell below makes it a row like the others.
    if rows
        .last()
        .is_some_and(|row| wrapped_height(row, &widths).is_some())
    {
        sheet.write_blank(rows.len() as u32 + 1, 0, &Format::new())?;
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.set_paper_size(9);
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(0, 0)?;
    Ok(())
}

/// Writes an Excel table whose header row is `first_row`, fitting column
/// widths to Japanese text except the `wide` ones (`(column, width)`), and
/// row heights to wrapped text; returns the widths.
pub(crate) fn write_table(
    sheet: &mut Worksheet,
    first_row: u32,
    headers: &[&str],
    rows: &[Vec<Value>],
    wide: &[(usize, f64)],
) -> Result<Vec<f64>> {
    write_table_at(sheet, (first_row, 0), headers, rows, wide)
}

/// [`write_table`] with the header's first cell at `(first_row,
/// first_col)`, beside what the sheet already holds; `wide` counts columns
/// from the table's first.
pub(crate) fn write_table_at(
    sheet: &mut Worksheet,
    (first_row, first_col): (u32, u16),
    headers: &[&str],
    rows: &[Vec<Value>],
    wide: &[(usize, f64)],
) -> Result<Vec<f64>> {
    let mut widths = Vec::with_capacity(headers.len());
    for (c, header) in headers.iter().enumerate() {
        let width = match wide.iter().find(|(col, _)| *col == c) {
            Some((_, width)) => *width,
            None => {
                let texts = rows.iter().filter_map(|r| r.get(c)).map(Value::width_text);
                style::fit_width(texts.chain([Cow::Borrowed(*header)]), 6.0, 50.0)
            }
        };
        sheet.set_column_width(first_col + c as u16, width)?;
        widths.push(width);
    }
    // The table (and so its header row) first: a sheet written row by row
    // (see [`table_worksheet`]) cannot go back to a row.
    let last_row = first_row + rows.len().max(1) as u32;
    let columns: Vec<TableColumn> = headers
        .iter()
        .map(|h| {
            TableColumn::new()
                .set_header(*h)
                .set_header_format(style::label())
        })
        .collect();
    let table = Table::new()
        .set_columns(&columns)
        .set_style(TableStyle::Light9);
    let last_col = first_col + headers.len() as u16 - 1;
    sheet.add_table(first_row, first_col, last_row, last_col, &table)?;
    for (r, row) in rows.iter().enumerate() {
        let r = first_row + r as u32 + 1;
        for (c, value) in row.iter().enumerate() {
            value.write(sheet, r, first_col + c as u16)?;
        }
        // Excel does not fit row heights on opening: a text that wraps
        // gets its lines here.
        if let Some(height) = wrapped_height(row, &widths) {
            sheet.set_row_height(r, height)?;
        }
    }
    Ok(widths)
}

/// The height of a table row whose text wraps onto more than one line, for
/// the columns' `widths`.
fn wrapped_height(row: &[Value], widths: &[f64]) -> Option<f64> {
    let texts = row
        .iter()
        .zip(widths)
        .filter_map(|(value, width)| match value {
            Value::Text(s) => Some((s.as_str(), *width)),
            _ => None,
        });
    let height = style::row_height(texts);
    (height > style::LINE_HEIGHT + 3.0).then_some(height)
}

/// A cell value of a generated sheet.
pub(crate) enum Value {
    Text(String),
    /// Short text centred in its cell (評価).
    Centered(String),
    Number(Quantity),
    Ratio(f64),
    /// A date shown in 和暦.
    Date(chrono::NaiveDate),
    Blank,
}

impl Value {
    pub(crate) fn text(s: impl Into<String>) -> Value {
        Value::Text(s.into())
    }

    pub(crate) fn opt(q: Option<Quantity>) -> Value {
        q.map(Value::Number).unwrap_or(Value::Blank)
    }

    fn width_text(&self) -> Cow<'_, str> {
        match self {
            Value::Text(s) | Value::Centered(s) => Cow::Borrowed(s.lines().next().unwrap_or("")),
            Value::Number(q) => Cow::Owned(q.to_string()),
            Value::Date(d) => Cow::Owned(crate::domain::wareki::format_date(*d)),
            Value::Ratio(_) => Cow::Borrowed("100.0%"),
            Value::Blank => Cow::Borrowed(""),
        }
    }

    fn write(&self, sheet: &mut Worksheet, row: u32, col: u16) -> Result<()> {
        let formats = style::TableFormats::get();
        match self {
            Value::Text(s) => {
                style::write_text(sheet, row, col, &style::cell_text(s), &formats.cell)?
            }
            Value::Number(q) => {
                sheet.write_number_with_format(row, col, q.value, &formats.number(q.decimals))?
            }
            Value::Centered(s) => {
                style::write_text(sheet, row, col, &style::cell_text(s), &formats.centered)?
            }
            Value::Ratio(r) => sheet.write_number_with_format(row, col, *r, &formats.percent)?,
            Value::Date(d) => match excel_date(*d) {
                Some(date) => sheet.write_datetime_with_format(row, col, &date, &formats.date)?,
                None => sheet.write_string_with_format(
                    row,
                    col,
                    crate::domain::wareki::format_date(*d),
                    &formats.cell,
                )?,
            },
            Value::Blank => sheet.write_blank(row, col, &formats.cell)?,
        };
        Ok(())
    }
}

/// A date as Excel holds it; `None` outside Excel's years (1900–9999).
fn excel_date(d: chrono::NaiveDate) -> Option<rust_xlsxwriter::ExcelDateTime> {
    use chrono::Datelike;
    let year = u16::try_from(d.year())
        .ok()
        .filter(|y| (1900..=9999).contains(y))?;
    rust_xlsxwriter::ExcelDateTime::from_ymd(year, d.month() as u8, d.day() as u8).ok()
}

/// A department sheet's print setup: A4, fit to width, margins, the row
/// `repeat` on every page, year and department in the header, page numbers
/// in the footer.
pub(crate) fn department_print(sheet: &mut Worksheet, doc: &Document, repeat: u32) -> Result<()> {
    sheet.set_paper_size(9);
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    sheet.set_repeat_rows(repeat, repeat)?;
    sheet.set_header(format!(
        "&L{}&R{}",
        doc.year.label(),
        doc.department.replace('&', "&&")
    ));
    sheet.set_footer("&C&P / &N");
    Ok(())
}

fn write_findings(sheet: &mut Worksheet, c: &Consolidation) -> Result<()> {
    let rows: Vec<Vec<Value>> = c
        .findings()
        .map(|f| {
            vec![
                Value::text(f.severity.label()),
                Value::text(f.file.display().to_string()),
                Value::text(f.sheet.clone().unwrap_or_default()),
                Value::text(f.cell.clone().unwrap_or_default()),
                Value::text(&f.message),
            ]
        })
        .collect();
    table_sheet_wide(
        sheet,
        "検証結果",
        &["重大度", "ファイル", "シート", "セル", "内容"],
        &rows,
        &[(4, 90.0)],
    )
}
