//! The city-wide page of the year-end report: the grading rules, the grade
//! counts of every department and of the city, their distribution as a
//! chart in the grades' colours, and the indicators that could not be
//! measured, with why.

use crate::consolidate::Consolidation;
use crate::domain::model::circled;
use crate::domain::quantity::Quantity;
use crate::year_end::achievement::{Grade, Thresholds};
use crate::year_end::rollup::Rollup;

use super::super::packet::{Builder, year_label};
use super::{CITY, CITY_TITLE, cell, counts_text, grade_cell, label, subheading};
use mokuhyo_typeset::blocks::{Align, Block, Color, Para, StackedBar, StackedChart, Table, Widths};

/// Size of the tables' text.
const SIZE: f32 = 9.0;

impl Builder<'_> {
    /// The city-wide page.
    pub(super) fn city(&mut self, c: &Consolidation, r: &Rollup) -> Vec<Block> {
        let municipality = self.drawable(None, &c.municipality);
        let total = r.counts.total();
        let mut blocks = vec![
            Block::RunningHeader(CITY_TITLE.to_string()),
            Block::Anchor {
                id: CITY.to_string(),
                bookmark: Some(CITY_TITLE.to_string()),
            },
            Block::Heading(1, Para::new(CITY_TITLE).size(15.0).bold()),
            Block::Space(4.0),
            Block::Para(Para::new(format!(
                "{municipality}の{}{}について、{}部局の{total}指標の年度末の実績を目標値と比べ、達成状況を評価しました。",
                year_label(c),
                self.headings.document,
                r.departments.len(),
            ))),
            Block::Space(4.0),
            Block::Para(
                Para::new(self.drawable(
                    None,
                    &format!("全{total}指標の評価:{}", counts_text(&r.counts)),
                ))
                .size(11.0)
                .bold(),
            ),
            subheading("評価の基準"),
        ];
        blocks.push(self.legend(&r.thresholds));
        for rule in rules(&r.thresholds) {
            let text = self.drawable(None, &format!("・{rule}"));
            blocks.push(Block::Para(
                Para::new(text).size(SIZE).hanging(SIZE).bullet(),
            ));
        }
        blocks.push(subheading("部局別の評価"));
        blocks.push(self.counts_table(c, r));
        blocks.push(self.distribution(c, r));
        blocks.extend(self.unmeasured(c, r));
        blocks
    }

    /// The grades and their rules, each grade in its tint.
    fn legend(&mut self, rules: &Thresholds) -> Block {
        let legend = rules.legend();
        let mut grades = vec![label("評価", SIZE, Align::Center)];
        let mut ranges = vec![label("達成率", SIZE, Align::Center)];
        for (grade, rule) in legend {
            let text = self.drawable(None, grade.label());
            grades.push(grade_cell(grade, &text, SIZE));
            ranges.push(cell(self.drawable(None, &rule), SIZE, Align::Center));
        }
        Block::Table(Table {
            widths: Widths::Fractions(vec![0.8, 1.0, 1.25, 1.25, 1.0, 1.0]),
            header: Vec::new(),
            rows: vec![grades, ranges],
        })
    }

    /// 部局 × A B C D − 計, then 全体.
    fn counts_table(&mut self, c: &Consolidation, r: &Rollup) -> Block {
        let mut header = vec![label("部局", SIZE, Align::Left)];
        for grade in Grade::ALL {
            let text = self.drawable(None, grade.label());
            header.push(grade_cell(grade, &text, SIZE));
        }
        header.push(label("計", SIZE, Align::Center));
        let mut rows = Vec::new();
        let mut line = |name: String, counts: &crate::year_end::rollup::Counts, total: bool| {
            let mut row = vec![cell(name, SIZE, Align::Left)];
            row.extend(
                Grade::ALL
                    .iter()
                    .map(|g| cell(counts.get(*g).to_string(), SIZE, Align::Right)),
            );
            row.push(cell(counts.total().to_string(), SIZE, Align::Right));
            if total {
                for cell in &mut row {
                    cell.fill = Some(Color::Gray(0.95));
                    cell.paras[0].bold = true;
                }
            }
            rows.push(row);
        };
        for dept in &r.departments {
            let (path, doc) = &c.documents[dept.document];
            let name = self.drawable(Some((path, doc)), &doc.department);
            line(name, &dept.counts, false);
        }
        line("全体".to_string(), &r.counts, true);
        Block::Table(Table {
            widths: Widths::Fractions(vec![3.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0]),
            header: vec![header],
            rows,
        })
    }

    /// Each department's grades as a 100% bar, then the city's.
    fn distribution(&mut self, c: &Consolidation, r: &Rollup) -> Block {
        let series = r
            .thresholds
            .legend()
            .into_iter()
            .map(|(grade, rule)| {
                let text = self.drawable(None, &format!("{} {rule}", grade.label()));
                (text, Color::Rgb(grade.color()))
            })
            .collect();
        let bar =
            |label: String, counts: &crate::year_end::rollup::Counts, bold: bool| StackedBar {
                label,
                values: Grade::ALL.iter().map(|g| counts.get(*g) as f64).collect(),
                text: match counts.total() {
                    0 => "指標なし".to_string(),
                    n => format!("{n}指標"),
                },
                bold,
            };
        let mut bars = Vec::new();
        for dept in &r.departments {
            let (path, doc) = &c.documents[dept.document];
            let name = self.drawable(Some((path, doc)), &doc.department);
            bars.push(bar(name, &dept.counts, false));
        }
        bars.push(bar("全体".to_string(), &r.counts, true));
        Block::Stacked(StackedChart {
            caption: "評価の構成(部局別・全体、棒の中の数字は指標数)".to_string(),
            series,
            bars,
        })
    }

    /// The indicators graded −, with why: what to follow up.
    fn unmeasured(&mut self, c: &Consolidation, r: &Rollup) -> Vec<Block> {
        let small = super::super::packet::SMALL + 0.5;
        let mut rows = Vec::new();
        for dept in &r.departments {
            let (path, doc) = &c.documents[dept.document];
            let d = Some((path.as_path(), &**doc));
            for row in &dept.rows {
                if row.achievement.grade != Grade::Unmeasured {
                    continue;
                }
                let (project, indicator) = row.of(doc);
                rows.push(vec![
                    cell(self.drawable(d, &doc.department), small, Align::Left),
                    cell(
                        crate::domain::model::marked_title(
                            project.marker(),
                            &self.drawable(d, &project.title),
                        ),
                        small,
                        Align::Left,
                    ),
                    cell(
                        format!(
                            "{}{}",
                            circled(row.indicator + 1),
                            self.drawable(d, &indicator.display_name())
                        ),
                        small,
                        Align::Left,
                    ),
                    cell(
                        self.drawable(d, &row.achievement.remark()),
                        small,
                        Align::Left,
                    ),
                ]);
            }
        }
        if rows.is_empty() {
            return Vec::new();
        }
        vec![Block::Together(vec![
            subheading("測定できなかった指標(−)"),
            Block::Table(Table {
                widths: Widths::Fractions(vec![1.0, 2.0, 2.0, 2.2]),
                header: vec![vec![
                    label("部局", small, Align::Left),
                    label("重点事業", small, Align::Left),
                    label("指標", small, Align::Left),
                    label("理由", small, Align::Left),
                ]],
                rows,
            }),
        ])]
    }
}

/// How the rates are found, in sentences for the reader.
fn rules(t: &Thresholds) -> Vec<String> {
    let tolerance = Quantity::from_f64(t.tolerance);
    vec![
        "達成率は、増加を目指す指標は「実績値÷目標値」、減少を目指す指標は「目標値÷実績値」で求めます(0以下の値を含み、割り算では求められないときは、目標値との差で求めます)。".to_string(),
        format!(
            "維持を目指す指標は、実績値が目標値の±{tolerance}%以内なら100%とし、それを超えるときは100%から目標値との差の割合を引いた値とします。"
        ),
        "達成率は小数第1位までに四捨五入してから評価します。実績値が見込みの指標も同じように評価し、「(見込み)」と示します。".to_string(),
        "目標値や実績値がない指標、実績値が数値でない指標、単位を換算できない指標は、評価を「−」(測定不能)とします。".to_string(),
    ]
}
