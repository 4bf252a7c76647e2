//! The packet's section 前年度との比較 (`build --compare`): per department,
//! its indicators against last year's.

use super::packet::Builder;
use crate::domain::model::Direction;
use crate::year_end::diff::{Change, Comparison, headline, kept_name, shown, target_text};
use mokuhyo_typeset::blocks::{Block, Cell, Para, Table, Widths};

/// The anchor of the section.
pub const COMPARISON: &str = "comparison";

/// Size of the section's table text.
const SMALL: f32 = 8.0;

impl Builder<'_> {
    /// The comparison section.
    pub fn comparison(&mut self, cmp: &Comparison) -> Vec<Block> {
        let mut blocks = vec![
            Block::RunningHeader("前年度との比較".to_string()),
            Block::Anchor {
                id: COMPARISON.to_string(),
                bookmark: Some("前年度との比較".to_string()),
            },
            Block::Heading(1, Para::new("前年度との比較").size(15.0).bold()),
            Block::Para(
                Para::new(format!(
                    "{}の部局経営目標の指標を{}と比べたものです。名称が似ている指標は名称変更として対応させています。目標の変化は{}の目標値との比較です。",
                    cmp.this, cmp.last, cmp.last
                ))
                .size(9.0),
            ),
            Block::Space(6.0),
        ];
        let label = |text: &str| {
            let mut cell = Cell::label(text);
            cell.paras[0].size = SMALL;
            cell
        };
        for d in &cmp.departments {
            let department = self.drawable(None, &d.department);
            blocks.push(Block::Heading(
                2,
                Para::new(department).size(11.0).bold().space_before(8.0),
            ));
            blocks.push(Block::Para(Para::new(headline(d)).size(SMALL)));
            let rows: Vec<Vec<Cell>> = d
                .changes
                .iter()
                .filter(|c| !is_unchanged(c))
                .map(|change| {
                    let [what, last_target, last_actual, target, moved] = columns(change);
                    let cell = |text: String| Cell::text(Para::new(text).size(SMALL));
                    vec![
                        cell(change.label().to_string()),
                        cell(self.drawable(None, &what)),
                        cell(last_target),
                        cell(last_actual),
                        cell(target),
                        cell(moved),
                    ]
                })
                .collect();
            if rows.is_empty() {
                blocks.push(Block::Para(
                    Para::new("指標と目標値の変更はありません。").size(SMALL),
                ));
                continue;
            }
            blocks.push(Block::Table(Table {
                widths: Widths::Fractions(vec![0.09, 0.38, 0.12, 0.12, 0.11, 0.18]),
                header: vec![vec![
                    label("区分"),
                    label("事業 / 指標"),
                    label("前年度目標値"),
                    label("前年度実績値"),
                    label("目標値"),
                    label("目標の変化"),
                ]],
                rows,
            }));
        }
        blocks
    }
}

/// The cells of a change: 事業 / 指標, last year's target and actual, this
/// year's target, and how the target moved.
fn columns(change: &Change) -> [String; 5] {
    match change {
        Change::Added { project, indicator } => [
            format!("{project} / {}", indicator.display_name()),
            String::new(),
            String::new(),
            indicator.display(indicator.target.as_ref()),
            String::new(),
        ],
        Change::Dropped { project, indicator } => [
            format!("{project} / {}", indicator.display_name()),
            indicator.display(indicator.target.as_ref()),
            indicator.display(indicator.actual.as_ref()),
            String::new(),
            String::new(),
        ],
        Change::Kept {
            project,
            renamed_from,
            indicator,
            last_target,
            last_actual,
            versus_target,
            versus_actual,
            ..
        } => {
            let name = kept_name(renamed_from.as_deref(), indicator);
            let direction = match indicator.direction {
                None | Some(Direction::Increase) => String::new(),
                Some(d) => format!("[{}]", d.label()),
            };
            let moved = [
                versus_target.map(|t| t.versus_target()),
                versus_actual.map(|t| t.versus_actual()),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("、");
            [
                format!("{project} / {name}{direction}"),
                shown(indicator, last_target.as_ref()),
                shown(indicator, last_actual.as_ref()),
                target_text(indicator),
                moved,
            ]
        }
    }
}

/// A kept indicator whose name and target did not change: left out of the
/// PDF (the workbook lists it).
fn is_unchanged(change: &Change) -> bool {
    matches!(
        change,
        Change::Kept {
            renamed_from: None,
            versus_target: Some(crate::year_end::diff::Trend::Same),
            ..
        }
    )
}
