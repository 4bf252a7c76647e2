//! The sheet 前年度比較 of the consolidated workbook (`build --compare`):
//! one row per indicator of either year with what changed.

use rust_xlsxwriter::Worksheet;

use super::{Value, table_sheet};
use crate::error::Result;
use crate::outputs::present::change::{Kind, Shown};
use crate::year_end::diff::{Comparison, Trend};

/// Writes the comparison sheet.
pub(super) fn write(sheet: &mut Worksheet, cmp: &Comparison) -> Result<()> {
    let mut rows: Vec<Vec<Value>> = Vec::new();
    for d in &cmp.departments {
        for change in &d.changes {
            let c = Shown::of(change);
            let ind = c.indicator;
            // A dropped indicator's name is last year's; a renamed one's
            // old name has its own column.
            let (name, last_name) = match c.kind {
                Kind::Dropped => (Value::Blank, Value::text(ind.display_name())),
                Kind::Added => (Value::text(ind.display_name()), Value::Blank),
                Kind::Kept => (
                    Value::text(ind.display_name()),
                    Value::text(c.renamed_from.unwrap_or_default()),
                ),
            };
            let kept = c.kind == Kind::Kept;
            let word = |w: Option<&'static str>| match (kept, w) {
                (true, w) => Value::text(w.unwrap_or("")),
                (false, _) => Value::Blank,
            };
            rows.push(vec![
                Value::text(&d.department),
                Value::text(c.label),
                Value::text(c.project),
                name,
                last_name,
                Value::text(&ind.unit),
                Value::text(ind.direction_label()),
                Value::opt(c.last_target),
                Value::opt(c.last_actual),
                Value::opt(c.target),
                word(c.versus_target.map(Trend::versus_target)),
                word(c.versus_actual.map(Trend::versus_actual)),
                Value::text(c.notes()),
            ]);
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
