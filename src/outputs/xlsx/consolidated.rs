//! The consolidated workbook of `build`: 概要, 提出状況, 指標一覧, 前年度比較,
//! テーマ一覧, 重点事業一覧, SDGs and 施策別 (when a document names them), one
//! print-ready sheet per department laid out like the published document
//! (with template version 2's fields where written), and 検証結果.

use rust_xlsxwriter::{DocProperties, FormatAlign, Workbook, Worksheet};

use super::{
    SheetNames, Value, WorkbookOptions, compare_sheet, department_print, links_sheets,
    status_sheet, style, table_sheet, table_sheet_wide, table_worksheet, unique_sheet_name,
    write_findings,
};
use crate::consolidate::{Consolidation, FileStatus, links};
use crate::domain::finding::Severity;
use crate::domain::model::{Document, Project, circled};
use crate::domain::plan::Plans;
use crate::domain::quantity::Quantity;
use crate::error::Result;
use crate::outputs::present::{self, Headings};

/// The consolidated workbook as .xlsx bytes.
pub fn to_bytes(c: &Consolidation, options: &WorkbookOptions) -> Result<Vec<u8>> {
    Ok(workbook(c, options)?.save_to_buffer()?)
}

/// The consolidated workbook, to be saved.
pub fn workbook(c: &Consolidation, options: &WorkbookOptions) -> Result<Workbook> {
    let mut workbook = Workbook::new();
    let year = c.year.map(|y| y.label()).unwrap_or_default();
    let mut properties = DocProperties::new()
        .set_title(format!("{year} {} 集約", options.headings.document))
        .set_author(&c.municipality);
    if let Some(time) = options.timestamp {
        properties = properties.set_creation_datetime(&style::excel_datetime(time)?);
    }
    workbook.set_properties(&properties);
    write_summary(workbook.add_worksheet(), c, &options.headings.document)?;
    if let Some(status) = &options.status {
        status_sheet::write(table_worksheet(&mut workbook), status)?;
    }
    let docs: Vec<&Document> = c.documents.iter().map(|(_, d)| &**d).collect();
    // Version 1 files give the sheets they always gave: the columns of
    // version 2 only when some document has its fields.
    let v2 = present::has_version_2_fields(&docs);
    write_indicators(table_worksheet(&mut workbook), c, v2)?;
    if let Some(cmp) = &options.comparison {
        compare_sheet::write(table_worksheet(&mut workbook), cmp)?;
    }
    write_themes(table_worksheet(&mut workbook), c, v2)?;
    write_projects(table_worksheet(&mut workbook), c, v2)?;
    if links::has_sdgs(&docs) {
        links_sheets::write_sdgs(workbook.add_worksheet(), &docs)?;
    }
    if links::has_plans(&docs) {
        links_sheets::write_plans(table_worksheet(&mut workbook), &docs, &c.plans)?;
    }
    // A department called like one of these gets another name: reserved
    // whether the sheet is written or not, so that its name does not
    // depend on the other departments.
    let mut used = SheetNames::reserved(&[
        "概要",
        "提出状況",
        "指標一覧",
        "前年度比較",
        "テーマ一覧",
        "重点事業一覧",
        links_sheets::SDGS,
        links_sheets::PLANS,
        "検証結果",
    ]);
    for (_, doc) in &c.documents {
        let name = unique_sheet_name(&doc.department, &mut used);
        write_department(
            workbook.add_worksheet(),
            &name,
            doc,
            &options.headings,
            &c.plans,
        )?;
    }
    write_findings(table_worksheet(&mut workbook), c)?;
    workbook.define_name(
        crate::domain::mark::NAME,
        &crate::domain::mark::Mark::Consolidated.formula(),
    )?;
    Ok(workbook)
}

fn write_summary(sheet: &mut Worksheet, c: &Consolidation, document: &str) -> Result<()> {
    sheet.set_name("概要")?;
    sheet.set_column_width(0, 16.0)?;
    sheet.set_column_width(1, 40.0)?;
    sheet.set_column_width(2, 12.0)?;
    sheet.set_column_width(3, 60.0)?;
    let year = c.year.map(|y| y.label()).unwrap_or_default();
    sheet.write_string_with_format(0, 0, format!("{year} {document} 集約"), &style::title())?;
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
            _ => style::write_text(sheet, row, 1, value, &style::cell())?,
        };
    }
    let mut row = 3 + facts.len() as u32;
    sheet.write_string_with_format(row, 0, "ファイル", &style::heading())?;
    row += 1;
    for (c_, header) in ["状態", "ファイル", "部局", "内容"].iter().enumerate() {
        sheet.write_string_with_format(row, c_ as u16, *header, &style::label())?;
    }
    for (s, status) in c.submissions.iter().zip(c.file_statuses()) {
        row += 1;
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
            style::write_text(
                sheet,
                row,
                col as u16,
                &style::cell_text(text),
                &style::cell(),
            )?;
        }
    }
    sheet.set_paper_size(9);
    sheet.set_print_fit_to_pages(1, 0);
    Ok(())
}

/// The columns 指標一覧, テーマ一覧 and 重点事業一覧 gain for version 2.
const INDICATOR_V2: [&str; 6] = [
    "指標の種類",
    "基準値",
    "基準値の時点",
    "長期目標値",
    "長期目標の年度",
    "根拠となる計画",
];
const LINK_V2: [&str; 3] = ["SDGs", "施策", "予算額(千円)"];

/// A project's (or a theme's, without a budget) SDGs, 施策 and 予算額 as
/// cells: the goals' numbers (8、11), the 施策 as [`present::plan_names`]
/// shows them, the budget as a number.
fn link_cells(sdgs: &[u8], plan: &[String], budget: Option<Quantity>, plans: &Plans) -> Vec<Value> {
    let goals = sdgs
        .iter()
        .map(u8::to_string)
        .collect::<Vec<_>>()
        .join("、");
    vec![
        Value::text(goals),
        Value::text(present::plan_names(plan, plans)),
        Value::opt(budget),
    ]
}

fn write_indicators(sheet: &mut Worksheet, c: &Consolidation, v2: bool) -> Result<()> {
    let mut headers = vec![
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
    if v2 {
        headers.extend(INDICATOR_V2);
        headers.extend(LINK_V2);
    }
    let mut rows = Vec::new();
    for (_, doc) in &c.documents {
        for project in &doc.projects {
            for (i, ind) in project.indicators.iter().enumerate() {
                let (diff, ratio) = ind.change();
                let mut row = vec![
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
                ];
                if v2 {
                    row.extend([
                        Value::text(ind.kind.map_or("", |k| k.label())),
                        Value::opt(ind.baseline),
                        Value::text(&ind.baseline_as_of),
                        Value::opt(ind.long_term),
                        Value::text(&ind.long_term_year),
                        Value::text(&ind.basis),
                    ]);
                    row.extend(project_link_cells(project, &c.plans));
                }
                rows.push(row);
            }
        }
    }
    table_sheet(sheet, "指標一覧", &headers, &rows)
}

fn project_link_cells(project: &Project, plans: &Plans) -> Vec<Value> {
    link_cells(&project.sdgs, &project.plan, project.budget, plans)
}

fn write_themes(sheet: &mut Worksheet, c: &Consolidation, v2: bool) -> Result<()> {
    let mut rows = Vec::new();
    for (_, doc) in &c.documents {
        for (i, theme) in doc.themes.iter().enumerate() {
            let mut row = vec![
                Value::text(&doc.department),
                Value::Number(Quantity::new(i as f64 + 1.0, 0)),
                Value::text(&theme.title),
                Value::text(&theme.body),
            ];
            if v2 {
                let mut cells = link_cells(&theme.sdgs, &theme.plan, None, &c.plans);
                cells.pop();
                row.extend(cells);
            }
            rows.push(row);
        }
    }
    let mut headers = vec!["部局", "No", "テーマ", "内容"];
    if v2 {
        headers.extend(&LINK_V2[..2]);
    }
    table_sheet_wide(sheet, "テーマ一覧", &headers, &rows, &[(3, 80.0)])
}

fn write_projects(sheet: &mut Worksheet, c: &Consolidation, v2: bool) -> Result<()> {
    let mut rows = Vec::new();
    for (_, doc) in &c.documents {
        for project in &doc.projects {
            let mut row = vec![
                Value::text(&doc.department),
                Value::text(project.code.clone().unwrap_or_default()),
                Value::text(&project.title),
                Value::text(&project.description),
                Value::Number(Quantity::new(project.indicators.len() as f64, 0)),
            ];
            if v2 {
                row.extend(project_link_cells(project, &c.plans));
                let progress = project.mid_year.progress;
                row.push(Value::text(
                    progress.map(present::progress_text).unwrap_or_default(),
                ));
            }
            rows.push(row);
        }
    }
    let mut headers = vec!["部局", "番号", "事業名", "事業内容", "指標数"];
    if v2 {
        headers.extend(LINK_V2);
        headers.push("進捗(中間評価)");
    }
    table_sheet_wide(sheet, "重点事業一覧", &headers, &rows, &[(3, 80.0)])
}

/// Lines `label:value` of labelled facts, each after `indent`.
fn fact_lines(facts: &[(&str, String)], indent: &str) -> String {
    facts
        .iter()
        .map(|(label, value)| format!("\n{indent}{label}:{value}"))
        .collect()
}

/// The 指標名及び目標値 cell: the seed's three lines, then each indicator's
/// fields of version 2 (種類, 基準値, 長期目標値, 根拠) under its name.
fn indicator_cell(doc: &Document, project: &Project) -> String {
    let mut text = present::indicator_lines(doc, &project.indicators).join("\n");
    for (i, ind) in project.indicators.iter().enumerate() {
        let facts = present::indicator_facts(ind);
        if !facts.is_empty() {
            text.push_str(&format!("\n{}", present::numbered_name(project, i)));
            text.push_str(&fact_lines(&facts, "\u{3000}"));
        }
    }
    text
}

fn write_department(
    sheet: &mut Worksheet,
    name: &str,
    doc: &Document,
    headings: &Headings,
    plans: &Plans,
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
        &format!("{} {}", doc.year, headings.document),
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
            headings.department.as_str(),
            doc.department.clone(),
            headings.head.as_str(),
            doc.head.clone(),
        ),
    ];
    for (i, (l1, v1, l2, v2)) in header.iter().enumerate() {
        let row = 1 + i as u32;
        sheet.write_string_with_format(row, 0, *l1, &style::label())?;
        style::write_text(sheet, row, 1, v1, &style::cell())?;
        sheet.write_string_with_format(row, 2, *l2, &style::label())?;
        style::write_text(sheet, row, 3, v2, &style::cell())?;
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
        let facts = present::link_facts(&theme.sdgs, &theme.plan, None, plans);
        let text = format!(
            "・{}\n{}{}",
            theme.title,
            theme.body,
            fact_lines(&facts, "")
        );
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
        let text = format!("{}\n{}", project.heading(), project.description);
        let facts =
            present::link_facts(&project.sdgs, &project.plan, project.budget.as_ref(), plans);
        let text = format!("{}{}", text.trim_end(), fact_lines(&facts, ""));
        let right = indicator_cell(doc, project);
        sheet.merge_range(row, 0, row, 2, &text, &style::text_format(&text, &body))?;
        style::write_text(sheet, row, 3, &right, &body)?;
        sheet.set_row_height(
            row,
            style::row_height([(text.as_str(), wide), (right.as_str(), widths[3])]),
        )?;
        row += 1;
    }
    write_mid_year(sheet, doc, row + 1, &body, wide, widths[3])?;
    department_print(sheet, doc, header_row)
}

/// The 中間評価 of the projects that have one, under (2): the project, and
/// its 進捗, 成果, 課題 and 今後の取組; nothing when none has.
fn write_mid_year(
    sheet: &mut Worksheet,
    doc: &Document,
    mut row: u32,
    body: &rust_xlsxwriter::Format,
    wide: f64,
    right: f64,
) -> Result<()> {
    let evaluated: Vec<&Project> = doc
        .projects
        .iter()
        .filter(|p| !p.mid_year.is_empty())
        .collect();
    if evaluated.is_empty() {
        return Ok(());
    }
    sheet.merge_range(row, 0, row, 2, "中間評価", &style::mid_year_label())?;
    sheet.write_string_with_format(
        row,
        3,
        "進捗・成果・課題・今後の取組",
        &style::mid_year_label(),
    )?;
    for project in evaluated {
        row += 1;
        let left = project.heading();
        let facts = present::mid_year_facts(&project.mid_year);
        let text = fact_lines(&facts, "");
        let text = text.trim_start_matches('\n');
        sheet.merge_range(row, 0, row, 2, &left, &style::text_format(&left, body))?;
        style::write_text(sheet, row, 3, text, body)?;
        sheet.set_row_height(
            row,
            style::row_height([(left.as_str(), wide), (text, right)]),
        )?;
    }
    Ok(())
}
