//! The open data as a workbook, 指標一覧.xlsx: the CSV's table in one sheet
//! whose codes are text cells, so that a spreadsheet keeps 011002's leading
//! zero (a CSV cannot say so: Excel and LibreOffice read it as 11002).

use std::borrow::Cow;

use rust_xlsxwriter::{DocProperties, Format, Workbook};

use super::style;
use crate::error::Result;
use crate::outputs::present::open_data::{Table, Value};

/// The workbook's bytes: one sheet 指標一覧, the header row frozen with a
/// filter; a text as a text cell (a formula-like one with Excel's quote
/// prefix), a number as a number with the decimals written and no
/// separator, a flag as 1 or 0, nothing as an empty cell.
pub fn to_bytes(
    table: &Table,
    title: &str,
    timestamp: Option<chrono::NaiveDateTime>,
) -> Result<Vec<u8>> {
    let mut workbook = Workbook::new();
    let mut properties = DocProperties::new().set_title(title);
    if let Some(time) = timestamp {
        properties = properties.set_creation_datetime(&style::excel_datetime(time)?);
    }
    workbook.set_properties(&properties);
    let sheet = workbook.add_worksheet();
    sheet.set_name("指標一覧")?;
    let header = Format::new().set_bold();
    let text = Format::new();
    // One format per count of decimals, made once: 0, 0.0, 0.00…
    let mut numbers: Vec<Format> = Vec::new();
    for (c, name) in table.columns.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *name, &header)?;
        let texts = table.rows.iter().filter_map(|r| r.get(c)).map(|v| match v {
            Value::Text(t) | Value::Number(t) => Cow::Borrowed(t.as_str()),
            _ => Cow::Borrowed("0"),
        });
        let width = style::fit_width(texts.chain([Cow::Borrowed(*name)]), 4.0, 60.0);
        sheet.set_column_width(c as u16, width)?;
    }
    for (r, row) in table.rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, value) in row.iter().enumerate() {
            let c = c as u16;
            match value {
                Value::Text(t) => {
                    style::write_text(sheet, r, c, &style::cell_text(t), &text)?;
                }
                Value::Number(n) => match n.parse::<f64>() {
                    Ok(x) => {
                        let decimals = n.split_once('.').map_or(0, |(_, f)| f.len());
                        sheet.write_number_with_format(r, c, x, number(&mut numbers, decimals))?;
                    }
                    Err(_) => {
                        style::write_text(sheet, r, c, n, &text)?;
                    }
                },
                Value::Flag(f) => {
                    sheet.write_number(r, c, u8::from(*f))?;
                }
                Value::Empty => {}
            }
        }
    }
    let last_col = table.columns.len().saturating_sub(1) as u16;
    sheet.autofilter(0, 0, table.rows.len() as u32, last_col)?;
    sheet.set_freeze_panes(1, 0)?;
    Ok(workbook.save_to_buffer()?)
}

/// The format of a number with `decimals` decimals and no separator, from
/// `made` (grown as needed).
fn number(made: &mut Vec<Format>, decimals: usize) -> &Format {
    while made.len() <= decimals {
        let pattern = match made.len() {
            0 => "0".to_string(),
            d => format!("0.{}", "0".repeat(d)),
        };
        made.push(Format::new().set_num_format(pattern));
    }
    &made[decimals]
}
