//! The packet's section 前年度との比較 (`build --compare`): per department,
//! its indicators against last year's.

use super::packet::Builder;
use crate::outputs::present::change::{Kind, Shown, headline};
use crate::year_end::diff::Comparison;
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
                    "{}の{}の指標を{}と比べたものです。名称が似ている指標は名称変更として対応させています。目標の変化は{}の目標値との比較です。",
                    cmp.this, self.headings.document, cmp.last, cmp.last
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
                .map(Shown::of)
                .filter(|c| !c.unchanged())
                .map(|change| {
                    let [what, last_target, last_actual, target, moved] = columns(&change);
                    let cell = |text: String| Cell::text(Para::new(text).size(SMALL));
                    vec![
                        cell(change.label.to_string()),
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
fn columns(c: &Shown) -> [String; 5] {
    let what = format!("{} / {}", c.project, c.name());
    match c.kind {
        Kind::Added => [
            what,
            String::new(),
            String::new(),
            c.value(c.target),
            String::new(),
        ],
        Kind::Dropped => [
            what,
            c.value(c.last_target),
            c.value(c.last_actual),
            String::new(),
            String::new(),
        ],
        Kind::Kept => [
            match c.direction() {
                Some(direction) => format!("{what}[{direction}]"),
                None => what,
            },
            c.value(c.last_target),
            c.value(c.last_actual),
            c.target_text(),
            c.moved().join("、"),
        ],
    }
}
