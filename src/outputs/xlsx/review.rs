//! The 中間評価 workbook of `review`: 集計 (the marks ◎○△× per department
//! and for the city), 遅れている事業 (every project behind schedule with its
//! 課題 and 今後の取組), 中間評価一覧 (every project), 提出状況 and 検証結果.

use rust_xlsxwriter::{DocProperties, Workbook};

use crate::consolidate::Consolidation;
use crate::domain::mark::Mark;
use crate::error::Result;
use crate::outputs::present::progress_text;
use crate::year_end::mid_year::{COLUMNS, MidYearReview, ProgressCounts, column_label};

use super::{
    Value, WorkbookOptions, status_sheet, table_sheet_wide, table_worksheet, write_findings,
};

fn count(n: usize) -> Value {
    Value::Number(crate::domain::quantity::Quantity::new(n as f64, 0))
}

/// The sheet names, in order.
pub const SHEETS: [&str; 3] = ["集計", "遅れている事業", "中間評価一覧"];

/// The 中間評価 workbook as .xlsx bytes.
pub fn to_bytes(
    c: &Consolidation,
    r: &MidYearReview,
    options: &WorkbookOptions,
) -> Result<Vec<u8>> {
    Ok(workbook(c, r, options)?.save_to_buffer()?)
}

/// The 中間評価 workbook, to be saved.
pub fn workbook(
    c: &Consolidation,
    r: &MidYearReview,
    options: &WorkbookOptions,
) -> Result<Workbook> {
    let mut workbook = Workbook::new();
    let year = c.year.map(|y| y.label()).unwrap_or_default();
    let mut properties = DocProperties::new()
        .set_title(format!("{year} {} 中間評価", options.headings.document))
        .set_author(&c.municipality);
    if let Some(time) = options.timestamp {
        properties = properties.set_creation_datetime(&super::style::excel_datetime(time)?);
    }
    workbook.set_properties(&properties);

    let mut headers = vec!["部局".to_string()];
    headers.extend(COLUMNS.iter().map(|&p| column_label(p)));
    headers.push("計".to_string());
    let count_row = |name: &str, counts: &ProgressCounts| {
        let mut row = vec![Value::text(name)];
        row.extend(
            COLUMNS
                .iter()
                .map(|&p| count(counts.of(p)))
                .chain([count(counts.total())]),
        );
        row
    };
    let mut rows: Vec<Vec<Value>> = r
        .departments
        .iter()
        .map(|d| count_row(&d.department, &d.counts))
        .collect();
    rows.push(count_row("全体", &r.counts));
    let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
    table_sheet_wide(
        table_worksheet(&mut workbook),
        SHEETS[0],
        &headers,
        &rows,
        &[],
    )?;

    let project_headers = [
        "部局",
        "番号",
        "事業名",
        "進捗",
        "成果",
        "課題",
        "今後の取組",
    ];
    let wide = [(4, 36.0), (5, 36.0), (6, 36.0)];
    let project_row = |document: usize, project: usize| {
        let (_, doc) = &c.documents[document];
        let p = &doc.projects[project];
        vec![
            Value::text(&doc.department),
            Value::text(p.marker()),
            Value::text(&p.title),
            p.mid_year
                .progress
                .map_or(Value::Centered("未記入".into()), |g| {
                    Value::Centered(progress_text(g))
                }),
            Value::text(&p.mid_year.results),
            Value::text(&p.mid_year.issues),
            Value::text(&p.mid_year.next_steps),
        ]
    };
    let behind: Vec<Vec<Value>> = r
        .behind()
        .into_iter()
        .map(|(d, p)| project_row(d, p))
        .collect();
    table_sheet_wide(
        table_worksheet(&mut workbook),
        SHEETS[1],
        &project_headers,
        &behind,
        &wide,
    )?;
    let all: Vec<Vec<Value>> = r
        .departments
        .iter()
        .flat_map(|d| {
            d.rows
                .iter()
                .map(|row| project_row(d.document, row.project))
        })
        .collect();
    table_sheet_wide(
        table_worksheet(&mut workbook),
        SHEETS[2],
        &project_headers,
        &all,
        &wide,
    )?;
    if let Some(status) = &options.status {
        status_sheet::write(table_worksheet(&mut workbook), status)?;
    }
    write_findings(table_worksheet(&mut workbook), c)?;
    workbook.define_name(crate::domain::mark::NAME, &Mark::MidYear.formula())?;
    Ok(workbook)
}
