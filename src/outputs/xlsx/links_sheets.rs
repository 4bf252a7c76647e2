//! The consolidated workbook's sheets of what the goals serve (template
//! version 2), each written only when some document names one: 「SDGs」,
//! the matrix of departments × the 17 goals with its legend and, beside
//! it, the list of the themes and projects behind each mark; 「施策別」,
//! each 施策 with the themes, projects, indicators and targets serving it.

use rust_xlsxwriter::Worksheet;

use super::{Value, style, table_sheet, write_table_at};
use crate::consolidate::links::{self, Part};
use crate::domain::model::Document;
use crate::domain::plan::{Plans, SDGS_GOALS, sdg_label, sdg_name};
use crate::domain::quantity::Quantity;
use crate::error::Result;
use crate::outputs::present;

/// The sheet of the SDGs matrix.
pub(super) const SDGS: &str = "SDGs";
/// The sheet of the plan view.
pub(super) const PLANS: &str = "施策別";

/// The column where the list beside the matrix starts: after 部局, the 17
/// goals and one empty column.
const LIST_COLUMN: u16 = 19;

/// 「SDGs」: a row per department with ● under each goal one of its themes
/// or projects names; under it the 17 goals' names; beside it, one row per
/// goal, department and theme or project.
pub(super) fn write_sdgs(sheet: &mut Worksheet, docs: &[&Document]) -> Result<()> {
    sheet.set_name(SDGS)?;
    let matrix = links::sdgs_matrix(docs);
    let numbers: Vec<String> = (1..=SDGS_GOALS.len()).map(|n| n.to_string()).collect();
    let headers: Vec<&str> = std::iter::once("部局")
        .chain(numbers.iter().map(String::as_str))
        .collect();
    let rows: Vec<Vec<Value>> = matrix
        .iter()
        .map(|row| {
            let department = Value::text(&docs[row.department].department);
            let marks = row.goals.iter().map(|parts| {
                if parts.is_empty() {
                    Value::Blank
                } else {
                    Value::Centered("●".to_string())
                }
            });
            std::iter::once(department).chain(marks).collect()
        })
        .collect();
    write_table_at(sheet, (0, 0), &headers, &rows, &[])?;
    // The legend: long names overflow into the empty cells to their right.
    let mut row = rows.len().max(1) as u32 + 2;
    sheet.write_string_with_format(
        row,
        0,
        "SDGsの17の目標(●: その目標を掲げるテーマ・重点事業があります)",
        &style::heading(),
    )?;
    for n in 1..=SDGS_GOALS.len() as u8 {
        row += 1;
        sheet.write_string_with_format(row, 0, sdg_label(n), &style::base())?;
    }
    let mut list = Vec::new();
    for n in 1..=SDGS_GOALS.len() as u8 {
        for row in &matrix {
            let doc = docs[row.department];
            for part in &row.goals[usize::from(n) - 1] {
                list.push(vec![
                    Value::Number(Quantity::new(f64::from(n), 0)),
                    Value::text(sdg_name(n)),
                    Value::text(&doc.department),
                    Value::text(part.label(doc)),
                ]);
            }
        }
    }
    write_table_at(
        sheet,
        (0, LIST_COLUMN),
        &["No", "目標", "部局", "テーマ・重点事業"],
        &list,
        &[],
    )?;
    sheet.set_column_width(LIST_COLUMN - 1, 2.0)?;
    sheet.set_freeze_panes(1, 1)?;
    sheet.set_paper_size(9);
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(0, 0)?;
    Ok(())
}

/// 「施策別」: for each 施策 (the office's list in order, then those only
/// departments wrote), a row per theme, and per indicator of each project,
/// serving it; a listed 施策 nothing serves gets one row saying so.
pub(super) fn write_plans(sheet: &mut Worksheet, docs: &[&Document], plans: &Plans) -> Result<()> {
    let mut rows = Vec::new();
    for entry in links::plan_view(docs, plans) {
        let title = entry.title();
        let note = if entry.listed {
            ""
        } else {
            "施策の一覧(mokuhyo.toml)にない記載です"
        };
        let row = |department: &str, part: String, indicator: Vec<Value>, progress: String| {
            let mut row = vec![
                Value::text(&title),
                Value::text(department),
                Value::text(part),
            ];
            row.extend(indicator);
            row.push(Value::Centered(progress));
            row.push(Value::text(note));
            row
        };
        let no_indicator = || vec![Value::text(""), Value::Blank, Value::text("")];
        if entry.parts.is_empty() {
            rows.push(row(
                "",
                "該当する事業はありません".to_string(),
                no_indicator(),
                String::new(),
            ));
        }
        for (d, part) in &entry.parts {
            let doc = docs[*d];
            let label = part.label(doc);
            let project = match part {
                Part::Theme(_) => None,
                Part::Project(p) => doc.projects.get(*p),
            };
            let Some(project) = project else {
                rows.push(row(&doc.department, label, no_indicator(), String::new()));
                continue;
            };
            let progress = project
                .mid_year
                .progress
                .map(present::progress_text)
                .unwrap_or_default();
            if project.indicators.is_empty() {
                rows.push(row(
                    &doc.department,
                    label.clone(),
                    no_indicator(),
                    progress.clone(),
                ));
            }
            for (i, ind) in project.indicators.iter().enumerate() {
                let indicator = vec![
                    Value::text(present::numbered_name(project, i)),
                    Value::opt(ind.target),
                    Value::text(&ind.unit),
                ];
                rows.push(row(
                    &doc.department,
                    label.clone(),
                    indicator,
                    progress.clone(),
                ));
            }
        }
    }
    table_sheet(
        sheet,
        PLANS,
        &[
            "施策",
            "部局",
            "テーマ・重点事業",
            "指標名",
            "目標値",
            "単位",
            "進捗(中間評価)",
            "備考",
        ],
        &rows,
    )
}
