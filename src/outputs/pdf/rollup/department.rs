//! One department in the year-end report: the packet's header with the
//! department's grade counts, its remark, a chart of its 達成率, its themes
//! by title, then each project with its indicators' achievement (目標値,
//! 実績値, 達成率, 評価 tinted, 備考) and the year-end comments.

use std::path::Path;

use crate::consolidate::Consolidation;
use crate::domain::model::{Direction, Document, Project, circled};
use crate::domain::quantity::Quantity;
use crate::outputs::present::actual_text;
use crate::year_end::achievement::Thresholds;
use crate::year_end::rollup::{DepartmentRollup, Row};

use super::super::packet::{Builder, department_anchor, section_opening, subheading};
use super::{cell, counts_text, grade_cell, label};
use mokuhyo_typeset::blocks::{
    Align, Bar, BarChart, Block, Cell, Color, Mark, Para, Table, Widths,
};

/// Size of the indicator tables' text.
const SIZE: f32 = 8.5;

/// The longest bar of the 達成率 chart, in percent (unless A starts higher).
const CHART_MAX: f64 = 150.0;

type Doc<'a> = Option<(&'a Path, &'a Document)>;

impl Builder<'_> {
    /// One department's section.
    pub(super) fn results(
        &mut self,
        c: &Consolidation,
        dept: &DepartmentRollup,
        rules: &Thresholds,
    ) -> Vec<Block> {
        let (path, doc) = &c.documents[dept.document];
        let d = Some((path.as_path(), &**doc));
        let name = self.drawable(d, &doc.department);
        let head = self.drawable(d, &doc.head);
        let counts = self.drawable(
            None,
            &format!(
                "{}(全{}指標)",
                counts_text(&dept.counts),
                dept.counts.total()
            ),
        );
        let mut blocks = section_opening(
            &name,
            &department_anchor(dept.document),
            format!(
                "{} {} 達成状況【{name}】",
                doc.year.label(),
                self.headings.document
            ),
            [
                [
                    ("年度", doc.year.label()),
                    (self.headings.department.as_str(), name.clone()),
                ],
                [(self.headings.head.as_str(), head), ("評価", counts)],
            ],
        );
        if !doc.remark.is_empty() {
            let remark = self.drawable(d, &doc.remark);
            blocks.push(Block::Para(Para::new(format!("※{remark}")).size(8.0)));
            blocks.push(Block::Space(4.0));
        }
        if dept.rows.is_empty() {
            blocks.push(Block::Para(Para::new("この部局には指標がありません。")));
        } else {
            blocks.push(self.rate_chart(d, doc, &dept.rows, rules));
        }
        if !doc.themes.is_empty() {
            let titles: Vec<Para> = doc
                .themes
                .iter()
                .map(|theme| {
                    Para::new(format!("・{}", self.drawable(d, &theme.title)))
                        .hanging(Para::new("").size)
                        .bullet()
                })
                .collect();
            let heading = self.drawable(None, &self.headings.themes.clone());
            blocks.push(subheading(&heading));
            blocks.extend(titles.into_iter().map(Block::Para));
        }
        // The heading goes with the first project: never alone at a foot.
        let heading = self.drawable(None, &self.headings.projects.clone());
        let mut group = vec![subheading(&heading)];
        for (i, project) in doc.projects.iter().enumerate() {
            let rows: Vec<&Row> = dept.rows.iter().filter(|r| r.project == i).collect();
            group.extend(self.project_results(d, doc, project, &rows));
            blocks.push(Block::Together(std::mem::take(&mut group)));
        }
        if !group.is_empty() {
            group.push(Block::Para(Para::new("重点事業はありません。")));
            blocks.push(Block::Together(group));
        }
        blocks
    }

    /// 達成率 per indicator in the grades' colours, cut at 150%, with the
    /// 100% line and the grades' thresholds.
    fn rate_chart(&mut self, d: Doc, doc: &Document, rows: &[Row], rules: &Thresholds) -> Block {
        let max = CHART_MAX.max(rules.a * 1.2);
        let pct = |v: f64| format!("{}%", Quantity::from_f64(v));
        let mut marks = vec![
            Mark {
                value: 0.0,
                label: "0%".to_string(),
                solid: true,
            },
            Mark {
                value: 100.0,
                label: "100%".to_string(),
                solid: true,
            },
        ];
        for value in [rules.a, rules.b, rules.c, max] {
            if value > 0.0 && marks.iter().all(|m| m.value != value) {
                marks.push(Mark {
                    value,
                    label: pct(value),
                    solid: false,
                });
            }
        }
        let bars = rows
            .iter()
            .map(|row| {
                let (_, ind) = row.of(doc);
                let a = &row.achievement;
                let text = match a.rate {
                    Some(_) => {
                        let estimate = if ind.actual_estimate {
                            "(見込み)"
                        } else {
                            ""
                        };
                        format!("{} {}{estimate}", a.rate_label(), a.grade.label())
                    }
                    None => format!("− {}", a.remark()),
                };
                Bar {
                    label: self.drawable(d, &ind.display_name()),
                    value: a.rate.unwrap_or(0.0),
                    text: self.drawable(d, &text),
                    color: Some(Color::Rgb(a.grade.color())),
                }
            })
            .collect();
        Block::Chart(BarChart {
            caption: format!(
                "指標別の達成率(実線は100%、点線は評価の境目。{}を超える分は省略)",
                pct(max)
            ),
            bars,
            max: Some(max),
            marks,
        })
    }

    /// A project: its title and description, then a table of its
    /// indicators' achievement and its year-end comments (to be kept
    /// together).
    fn project_results(
        &mut self,
        d: Doc,
        doc: &Document,
        project: &Project,
        rows: &[&Row],
    ) -> Vec<Block> {
        let title =
            crate::domain::model::marked_title(project.marker(), &self.drawable(d, &project.title));
        let mut blocks = vec![Block::Heading(
            3,
            Para::new(title).size(10.0).bold().space_before(6.0),
        )];
        for line in project.description.lines().filter(|l| !l.trim().is_empty()) {
            let text = self.drawable(d, line);
            let para = Para::new(text).size(SIZE).indent(SIZE);
            let para = if para.text.starts_with('・') {
                para.hanging(SIZE).bullet()
            } else {
                para
            };
            blocks.push(Block::Para(para.space_before(1.0)));
        }
        blocks.push(Block::Space(4.0));
        let mut body: Vec<Vec<Cell>> = rows
            .iter()
            .map(|row| self.indicator_row(d, doc, row))
            .collect();
        if body.is_empty() {
            body.push(vec![cell("指標なし", SIZE, Align::Left)]);
        }
        let review = &project.review;
        for (head, text) in [
            ("成果", &review.results),
            ("課題", &review.issues),
            ("今後の方向性", &review.next_steps),
        ] {
            if text.trim().is_empty() {
                continue;
            }
            let text = self.drawable(d, text);
            body.push(vec![Cell {
                paras: vec![
                    Para::new(head).size(SIZE).bold(),
                    Para::new(text).size(SIZE).indent(SIZE),
                ],
                fill: None,
                header: false,
            }]);
        }
        let header = ["指標", "目標値", "実績値", "達成率", "評価", "備考"]
            .into_iter()
            .enumerate()
            .map(|(i, text)| {
                let align = if i == 0 || i == 5 {
                    Align::Left
                } else {
                    Align::Center
                };
                label(text, SIZE, align)
            })
            .collect();
        blocks.push(Block::Table(Table {
            widths: Widths::Fractions(vec![0.29, 0.13, 0.17, 0.10, 0.07, 0.24]),
            header: vec![header],
            rows: body,
        }));
        blocks
    }

    fn indicator_row(&mut self, d: Doc, doc: &Document, row: &Row) -> Vec<Cell> {
        let (_, ind) = row.of(doc);
        let a = &row.achievement;
        let name = format!(
            "{}{}",
            circled(row.indicator + 1),
            self.drawable(d, &ind.display_name())
        );
        let mut actual = vec![
            Para::new(self.drawable(d, &actual_text(ind)))
                .size(SIZE)
                .align(Align::Right),
        ];
        if let Some(date) = ind.actual_as_of
            && date != doc.year.last_day()
            && (ind.actual.is_some() || !ind.actual_text.is_empty())
        {
            let text = format!("({}時点)", crate::domain::wareki::format_date(date));
            actual.push(Para::new(text).size(7.5).align(Align::Right));
        }
        let mut notes = Vec::new();
        match ind.direction {
            None | Some(Direction::Increase) => {}
            Some(other) => notes.push(format!("{}を目指す指標", other.label())),
        }
        let remark = a.remark();
        if !remark.is_empty() {
            notes.push(remark);
        }
        if let Some(converted) = a.actual
            && !ind.actual_unit.is_empty()
            && ind.actual_unit != ind.unit
        {
            notes.push(format!("{converted}{}に換算", ind.unit));
        }
        if let (Some(progress), Some(baseline), Some(long_term)) = (
            row.long_term_progress,
            crate::outputs::present::baseline_text(ind),
            crate::outputs::present::long_term_text(ind),
        ) {
            notes.push(format!(
                "長期目標への進捗 {progress:.1}%(基準値 {baseline} → 長期目標値 {long_term})"
            ));
        }
        let grade = self.drawable(None, a.grade.label());
        vec![
            cell(name, SIZE, Align::Left),
            cell(
                self.drawable(d, &ind.display(ind.target.as_ref())),
                SIZE,
                Align::Right,
            ),
            Cell {
                paras: actual,
                fill: None,
                header: false,
            },
            cell(self.drawable(None, &a.rate_label()), SIZE, Align::Right),
            grade_cell(a.grade, &grade, SIZE + 0.5),
            Cell {
                paras: notes
                    .iter()
                    .map(|n| Para::new(self.drawable(d, n)).size(SIZE))
                    .collect(),
                fill: None,
                header: false,
            },
        ]
    }
}
