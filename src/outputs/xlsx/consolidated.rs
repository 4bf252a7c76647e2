//! The consolidated workbook of `build`: 概要, 提出状況, 指標一覧, 前年度比較,
//! テーマ一覧, 重点事業一覧, one print-ready sheet per department laid out like
//! the published document, and 検証結果.

use rust_xlsxwriter::{DocProperties, FormatAlign, Workbook, Worksheet};

use super::{
    Value, WorkbookOptions, compare_sheet, department_print, status_sheet, style, table_sheet,
    table_sheet_wide, unique_sheet_name, write_findings,
};
use crate::consolidate::{Consolidation, FileStatus};
use crate::domain::finding::Severity;
use crate::domain::model::{Document, circled};
use crate::domain::quantity::Quantity;
use crate::error::Result;
use crate::outputs::present::Headings;

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
