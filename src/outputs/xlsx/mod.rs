//! Writes the consolidated workbook: summary, 指標一覧, themes, projects,
//! one print-ready sheet per department, and 検証結果.

mod compare_sheet;
pub mod feedback;
pub mod rollup;
mod status_sheet;
pub mod style;
pub mod template;

use rust_xlsxwriter::{
    DocProperties, FormatAlign, Table, TableColumn, TableStyle, Workbook, Worksheet,
};

use crate::consolidate::{Consolidation, FileStatus};
use crate::domain::finding::Severity;
use crate::domain::model::{Document, circled};
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

/// The consolidated workbook as .xlsx bytes.
pub fn to_bytes(c: &Consolidation, options: &WorkbookOptions) -> Result<Vec<u8>> {
    let mut workbook = Workbook::new();
    let year = c.year.map(|y| y.label()).unwrap_or_default();
    let mut properties = DocProperties::new()
        .set_title(format!("{year} 部局経営目標 集約"))
        .set_author(&c.municipality);
    if let Some(time) = options.timestamp {
        properties = properties.set_creation_datetime(&style::excel_datetime(time)?);
    }
    workbook.set_properties(&properties);
    write_summary(workbook.add_worksheet(), c)?;
    if let Some(status) = &options.status {
        status_sheet::write(workbook.add_worksheet(), status)?;
    }
    write_indicators(workbook.add_worksheet(), c)?;
    if let Some(cmp) = &options.comparison {
        compare_sheet::write(workbook.add_worksheet(), cmp)?;
    }
    write_themes(workbook.add_worksheet(), c)?;
    write_projects(workbook.add_worksheet(), c)?;
    let mut used = vec![
        "概要",
        "提出状況",
        "指標一覧",
        "前年度比較",
        "テーマ一覧",
        "重点事業一覧",
        "検証結果",
    ]
    .into_iter()
    .map(String::from)
    .collect::<Vec<_>>();
    for (_, doc) in &c.documents {
        let name = unique_sheet_name(&doc.department, &mut used);
        write_department(workbook.add_worksheet(), &name, doc, &options.headings)?;
    }
    write_findings(workbook.add_worksheet(), c)?;
    workbook.define_name(
        crate::domain::mark::NAME,
        &crate::domain::mark::Mark::Consolidated.formula(),
    )?;
    Ok(workbook.save_to_buffer()?)
}

/// A valid, unique sheet name (≤ 31 characters, no []:*?/\).
fn unique_sheet_name(wanted: &str, used: &mut Vec<String>) -> String {
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
    while used.iter().any(|u| u.to_lowercase() == name.to_lowercase()) {
        name = format!("{base}({n})");
        n += 1;
    }
    used.push(name.clone());
    name
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
    write_table(sheet, 0, headers, rows, wide)?;
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
    let mut widths = Vec::with_capacity(headers.len());
    for (c, header) in headers.iter().enumerate() {
        let texts = rows
            .iter()
            .map(|r| r.get(c).map(Value::width_text).unwrap_or_default())
            .collect::<Vec<_>>();
        let fitted = style::fit_width(texts.iter().map(String::as_str).chain([*header]), 6.0, 50.0);
        let width = wide
            .iter()
            .find(|(col, _)| *col == c)
            .map_or(fitted, |(_, width)| *width);
        sheet.set_column_width(c as u16, width)?;
        widths.push(width);
    }
    for (r, row) in rows.iter().enumerate() {
        let r = first_row + r as u32 + 1;
        for (c, value) in row.iter().enumerate() {
            value.write(sheet, r, c as u16)?;
        }
        // Excel does not fit row heights on opening: a text that wraps
        // gets its lines here.
        let texts = row
            .iter()
            .zip(&widths)
            .filter_map(|(value, width)| match value {
                Value::Text(s) => Some((s.as_str(), *width)),
                _ => None,
            });
        let height = style::row_height(texts);
        if height > style::LINE_HEIGHT + 3.0 {
            sheet.set_row_height(r, height)?;
        }
    }
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
    sheet.add_table(first_row, 0, last_row, headers.len() as u16 - 1, &table)?;
    Ok(widths)
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

    fn width_text(&self) -> String {
        match self {
            Value::Text(s) | Value::Centered(s) => s.lines().next().unwrap_or("").to_string(),
            Value::Number(q) => q.to_string(),
            Value::Date(d) => crate::domain::wareki::format_date(*d),
            Value::Ratio(_) => "100.0%".to_string(),
            Value::Blank => String::new(),
        }
    }

    fn write(&self, sheet: &mut Worksheet, row: u32, col: u16) -> Result<()> {
        match self {
            Value::Text(s) => {
                sheet.write_string_with_format(row, col, style::cell_text(s), &style::cell())?
            }
            Value::Number(q) => {
                sheet.write_number_with_format(row, col, q.value, &style::number(q.decimals))?
            }
            Value::Centered(s) => sheet.write_string_with_format(
                row,
                col,
                style::cell_text(s),
                &style::cell().set_align(FormatAlign::Center),
            )?,
            Value::Ratio(r) => sheet.write_number_with_format(row, col, *r, &style::percent())?,
            Value::Date(d) => match excel_date(*d) {
                Some(date) => sheet.write_datetime_with_format(row, col, &date, &style::date())?,
                None => sheet.write_string_with_format(
                    row,
                    col,
                    crate::domain::wareki::format_date(*d),
                    &style::cell(),
                )?,
            },
            Value::Blank => sheet.write_blank(row, col, &style::cell())?,
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

fn write_summary(sheet: &mut Worksheet, c: &Consolidation) -> Result<()> {
    sheet.set_name("概要")?;
    sheet.set_column_width(0, 16.0)?;
    sheet.set_column_width(1, 40.0)?;
    sheet.set_column_width(2, 12.0)?;
    sheet.set_column_width(3, 60.0)?;
    let year = c.year.map(|y| y.label()).unwrap_or_default();
    sheet.write_string_with_format(0, 0, format!("{year} 部局経営目標 集約"), &style::title())?;
    let projects: usize = c.documents.iter().map(|(_, d)| d.projects.len()).sum();
    let indicators: usize = c
        .documents
        .iter()
        .flat_map(|(_, d)| &d.projects)
        .map(|p| p.indicators.len())
        .sum();
    let rejected: Vec<_> = c.rejected().collect();
    let facts = [
        ("自治体", c.municipality.clone()),
        ("年度", year),
        ("部局数", c.documents.len().to_string()),
        ("重点事業数", projects.to_string()),
        ("指標数", indicators.to_string()),
        ("受付ファイル数", c.accepted_count().to_string()),
        ("不受理ファイル数", rejected.len().to_string()),
    ];
    for (i, (label, value)) in facts.iter().enumerate() {
        let row = 2 + i as u32;
        sheet.write_string_with_format(row, 0, *label, &style::label())?;
        match value.parse::<f64>() {
            Ok(n) if *label != "年度" => sheet.write_number_with_format(
                row,
                1,
                n,
                &style::number(0).set_align(FormatAlign::Left),
            )?,
            _ => sheet.write_string_with_format(row, 1, value, &style::cell())?,
        };
    }
    let mut row = 3 + facts.len() as u32;
    sheet.write_string_with_format(row, 0, "ファイル", &style::heading())?;
    row += 1;
    for (c_, header) in ["状態", "ファイル", "部局", "内容"].iter().enumerate() {
        sheet.write_string_with_format(row, c_ as u16, *header, &style::label())?;
    }
    for s in &c.submissions {
        row += 1;
        let status = c.file_status(s);
        let used = status == FileStatus::Accepted;
        let department = s
            .document
            .as_ref()
            .map(|d| d.department.clone())
            .unwrap_or_default();
        let first = s
            .findings
            .iter()
            .find(|f| f.severity == Severity::Error || !used)
            .map(|f| f.to_string())
            .unwrap_or_default();
        let cells = [
            status.label().to_string(),
            s.path.display().to_string(),
            department,
            first,
        ];
        for (col, text) in cells.iter().enumerate() {
            sheet.write_string_with_format(
                row,
                col as u16,
                style::cell_text(text),
                &style::cell(),
            )?;
        }
    }
    sheet.set_paper_size(9);
    sheet.set_print_fit_to_pages(1, 0);
    Ok(())
}

fn write_indicators(sheet: &mut Worksheet, c: &Consolidation) -> Result<()> {
    let headers = [
        "部局",
        "番号",
        "事業名",
        "No",
        "指標名",
        "単位",
        "目標値",
        "前年度実績値",
        "前年度見込み",
        "増減(目標−前年度)",
        "増減率",
        "方向",
        "累計",
    ];
    let mut rows = Vec::new();
    for (_, doc) in &c.documents {
        for project in &doc.projects {
            for (i, ind) in project.indicators.iter().enumerate() {
                let (diff, ratio) = ind.change();
                rows.push(vec![
                    Value::text(&doc.department),
                    Value::text(project.code.clone().unwrap_or_default()),
                    Value::text(&project.title),
                    Value::text(circled(i + 1)),
                    Value::text(ind.display_name()),
                    Value::text(&ind.unit),
                    Value::opt(ind.target),
                    Value::opt(ind.previous),
                    Value::text(if ind.previous_estimate {
                        "見込み"
                    } else {
                        ""
                    }),
                    Value::opt(diff),
                    ratio.map(Value::Ratio).unwrap_or(Value::Blank),
                    Value::text(ind.direction_label()),
                    Value::text(if ind.cumulative { "累計" } else { "" }),
                ]);
            }
        }
    }
    table_sheet(sheet, "指標一覧", &headers, &rows)
}

fn write_themes(sheet: &mut Worksheet, c: &Consolidation) -> Result<()> {
    let mut rows = Vec::new();
    for (_, doc) in &c.documents {
        for (i, theme) in doc.themes.iter().enumerate() {
            rows.push(vec![
                Value::text(&doc.department),
                Value::Number(Quantity::new(i as f64 + 1.0, 0)),
                Value::text(&theme.title),
                Value::text(&theme.body),
            ]);
        }
    }
    table_sheet_wide(
        sheet,
        "テーマ一覧",
        &["部局", "No", "テーマ", "内容"],
        &rows,
        &[(3, 80.0)],
    )
}

fn write_projects(sheet: &mut Worksheet, c: &Consolidation) -> Result<()> {
    let mut rows = Vec::new();
    for (_, doc) in &c.documents {
        for project in &doc.projects {
            rows.push(vec![
                Value::text(&doc.department),
                Value::text(project.code.clone().unwrap_or_default()),
                Value::text(&project.title),
                Value::text(&project.description),
                Value::Number(Quantity::new(project.indicators.len() as f64, 0)),
            ]);
        }
    }
    table_sheet_wide(
        sheet,
        "重点事業一覧",
        &["部局", "番号", "事業名", "事業内容", "指標数"],
        &rows,
        &[(3, 80.0)],
    )
}

fn write_department(
    sheet: &mut Worksheet,
    name: &str,
    doc: &Document,
    headings: &Headings,
) -> Result<()> {
    sheet.set_name(name)?;
    let widths = [11.0, 24.0, 11.0, 36.0];
    sheet.set_column_width(0, widths[0])?;
    sheet.set_column_width(1, widths[1])?;
    sheet.set_column_width(2, widths[2])?;
    sheet.set_column_width(3, widths[3])?;
    let wide = widths[0] + widths[1] + widths[2];
    sheet.merge_range(
        0,
        0,
        0,
        3,
        &format!("{} 部局経営目標", doc.year),
        &style::title().set_align(FormatAlign::Center),
    )?;
    sheet.set_row_height(0, 26.0)?;
    let created = doc
        .created
        .map(crate::domain::wareki::format_date)
        .unwrap_or_default();
    let header = [
        ("年度", doc.year.label(), "作成日", created),
        (
            "部局名",
            doc.department.clone(),
            "部局長名",
            doc.head.clone(),
        ),
    ];
    for (i, (l1, v1, l2, v2)) in header.iter().enumerate() {
        let row = 1 + i as u32;
        sheet.write_string_with_format(row, 0, *l1, &style::label())?;
        sheet.write_string_with_format(row, 1, v1, &style::cell())?;
        sheet.write_string_with_format(row, 2, *l2, &style::label())?;
        sheet.write_string_with_format(row, 3, v2, &style::cell())?;
    }
    let mut row = 4;
    if !doc.remark.is_empty() {
        sheet.merge_range(3, 0, 3, 3, &format!("※{}", doc.remark), &style::base())?;
        row = 5;
    }
    sheet.merge_range(
        row,
        0,
        row,
        3,
        &headings.themes,
        &style::label().set_align(FormatAlign::Left),
    )?;
    row += 1;
    let body = style::cell().set_border(rust_xlsxwriter::FormatBorder::Thin);
    for theme in &doc.themes {
        let text = format!("・{}\n{}", theme.title, theme.body);
        sheet.merge_range(row, 0, row, 3, &text, &body)?;
        sheet.set_row_height(row, style::row_height([(text.as_str(), wide + widths[3])]))?;
        row += 1;
    }
    row += 1;
    let header_row = row;
    sheet.merge_range(row, 0, row, 2, &headings.projects, &style::label())?;
    sheet.write_string_with_format(row, 3, &headings.indicators, &style::label())?;
    row += 1;
    for project in &doc.projects {
        let text = format!(
            "{}{}\n{}",
            project.marker(),
            project.title,
            project.description
        );
        let text = text.trim_end().to_string();
        let right = crate::outputs::present::indicator_lines(doc, &project.indicators).join("\n");
        sheet.merge_range(row, 0, row, 2, &text, &body)?;
        sheet.write_string_with_format(row, 3, &right, &body)?;
        sheet.set_row_height(
            row,
            style::row_height([(text.as_str(), wide), (right.as_str(), widths[3])]),
        )?;
        row += 1;
    }
    department_print(sheet, doc, header_row)
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
