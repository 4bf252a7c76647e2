//! The sheet 前年度比較 of the consolidated workbook (`build --compare`):
//! one row per indicator of either year with what changed.

use rust_xlsxwriter::Worksheet;

use super::{Value, table_sheet};
use crate::error::Result;
use crate::year_end::diff::{Change, Comparison};

/// Writes the comparison sheet.
pub(super) fn write(sheet: &mut Worksheet, cmp: &Comparison) -> Result<()> {
    let mut rows: Vec<Vec<Value>> = Vec::new();
    for d in &cmp.departments {
        for change in &d.changes {
            let row = match change {
                Change::Added { project, indicator } => vec![
                    Value::text(&d.department),
                    Value::text(change.label()),
                    Value::text(project),
                    Value::text(indicator.display_name()),
                    Value::Blank,
                    Value::text(&indicator.unit),
                    Value::text(indicator.direction_label()),
                    Value::Blank,
                    Value::Blank,
                    Value::opt(indicator.target),
                    Value::Blank,
                    Value::Blank,
                    Value::text(""),
                ],
                Change::Dropped { project, indicator } => vec![
                    Value::text(&d.department),
                    Value::text(change.label()),
                    Value::text(project),
                    Value::Blank,
                    Value::text(indicator.display_name()),
                    Value::text(&indicator.unit),
                    Value::text(indicator.direction_label()),
                    Value::opt(indicator.target),
                    Value::opt(indicator.actual),
                    Value::Blank,
                    Value::Blank,
                    Value::Blank,
                    Value::text(""),
                ],
                Change::Kept {
                    project,
                    renamed_from,
                    indicator,
                    last_target,
                    last_actual,
                    versus_target,
                    versus_actual,
                    previous_differs,
                    versus_long_term,
                    ..
                } => {
                    let mut notes = Vec::new();
                    if *previous_differs {
                        notes.push("前年度実績値が前年度の実績値と異なります".to_string());
                    }
                    if let Some(t) =
                        versus_long_term.filter(|t| *t != crate::year_end::diff::Trend::Same)
                    {
                        notes.push(format!("長期目標値を{}", t.versus_target()));
                    }
                    let note = notes.join("。");
                    vec![
                        Value::text(&d.department),
                        Value::text(change.label()),
                        Value::text(project),
                        Value::text(indicator.display_name()),
                        Value::text(renamed_from.clone().unwrap_or_default()),
                        Value::text(&indicator.unit),
                        Value::text(indicator.direction_label()),
                        Value::opt(*last_target),
                        Value::opt(*last_actual),
                        Value::opt(indicator.target),
                        Value::text(versus_target.map_or("", |t| t.versus_target())),
                        Value::text(versus_actual.map_or("", |t| t.versus_actual())),
                        Value::text(&note),
                    ]
                }
            };
            rows.push(row);
        }
    }
    let last_target = format!("{}目標値", cmp.last);
    let last_actual = format!("{}実績値", cmp.last);
    let target = format!("{}目標値", cmp.this);
    table_sheet(
        sheet,
        "前年度比較",
        &[
            "部局",
            "区分",
            "事業名",
            "指標名",
            "前年度の指標名",
            "単位",
            "方向",
            &last_target,
            &last_actual,
            &target,
            "目標の変化",
            "前年度実績との比較",
            "備考",
        ],
        &rows,
    )
}
