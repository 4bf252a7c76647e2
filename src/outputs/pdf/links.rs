//! The packet's sections on what the goals serve, after the summary and
//! only when some document has the data: 「SDGs との関連」 (departments ×
//! the 17 goals, the goals' names, the themes and projects behind each
//! mark) and 「総合計画の施策との関連」 (each 施策 with the themes and
//! projects serving it, their indicators' targets and 中間評価's 進捗).

use super::packet::{Builder, SMALL};
use crate::consolidate::Consolidation;
use crate::consolidate::links::{Part, PlanEntry, has_plans, has_sdgs, plan_view, sdgs_matrix};
use crate::domain::model::Document;
use crate::domain::plan::{SDGS_GOALS, sdg_label};
use crate::outputs::present::{numbered_name, progress_text};
use mokuhyo_typeset::blocks::{Align, Block, Cell, Para, Table, TocEntry, Widths, cell, label};

/// The anchor of 「SDGs との関連」.
pub const SDGS: &str = "sdgs";
/// The anchor of 「総合計画の施策との関連」.
pub const PLANS: &str = "plans";
const SDGS_TITLE: &str = "SDGs との関連";
const PLANS_TITLE: &str = "総合計画の施策との関連";

/// Size of the matrix's text.
const TINY: f32 = 7.5;

fn documents(c: &Consolidation) -> Vec<&Document> {
    c.documents.iter().map(|(_, d)| &**d).collect()
}

/// A section's start: a new page, its running header, anchor, bookmark
/// and heading, and a sentence on what it shows.
fn opening(title: &str, anchor: &str, intro: &str) -> Vec<Block> {
    vec![
        Block::PageBreak,
        Block::RunningHeader(title.to_string()),
        Block::Anchor {
            id: anchor.to_string(),
            bookmark: Some(title.to_string()),
        },
        Block::Heading(1, Para::new(title).size(15.0).bold()),
        Block::Para(Para::new(intro).size(9.0)),
        Block::Space(6.0),
    ]
}

fn subheading(text: &str) -> Block {
    Block::Heading(2, Para::new(text).size(11.0).bold().space_before(8.0))
}

impl Builder<'_> {
    /// The contents' lines of the sections the packet has.
    pub fn link_entries(&self, c: &Consolidation) -> Vec<TocEntry> {
        let docs = documents(c);
        let mut entries = Vec::new();
        if has_sdgs(&docs) {
            entries.push(TocEntry {
                text: SDGS_TITLE.to_string(),
                anchor: SDGS.to_string(),
            });
        }
        if has_plans(&docs) {
            entries.push(TocEntry {
                text: PLANS_TITLE.to_string(),
                anchor: PLANS.to_string(),
            });
        }
        entries
    }

    /// The sections the consolidation has data for, each from a new page.
    pub fn links(&mut self, c: &Consolidation) -> Vec<Block> {
        let docs = documents(c);
        let mut blocks = Vec::new();
        if has_sdgs(&docs) {
            blocks.extend(self.sdgs(c));
        }
        if has_plans(&docs) {
            blocks.extend(self.plans(c));
        }
        blocks
    }

    /// A department's name and a part's label, checked against the font.
    fn part(&mut self, c: &Consolidation, department: usize, part: Part) -> (String, String) {
        let (path, doc) = &c.documents[department];
        let d = Some((path.as_path(), &**doc));
        (
            self.drawable(d, &doc.department),
            self.drawable(d, &part.label(doc)),
        )
    }

    /// 「SDGs との関連」: the matrix, the goals' names, then per goal the
    /// themes and projects naming it.
    fn sdgs(&mut self, c: &Consolidation) -> Vec<Block> {
        let matrix = sdgs_matrix(&documents(c));
        let mut blocks = opening(
            SDGS_TITLE,
            SDGS,
            "各部局のテーマと重点事業が関連付けている SDGs の目標です(●:関連あり)。列の番号は目標の番号で、名称は下の表のとおりです。",
        );
        let mut header = vec![label("部局", TINY, Align::Left)];
        header.extend((1..=17).map(|n| label(&n.to_string(), TINY, Align::Center)));
        let mut rows = Vec::new();
        let mut without = Vec::new();
        for row in &matrix {
            let (path, doc) = &c.documents[row.department];
            let name = self.drawable(Some((path.as_path(), doc)), &doc.department);
            if row.is_empty() {
                without.push(name);
                continue;
            }
            let mut cells = vec![label(&name, TINY, Align::Left)];
            cells.extend(row.goals.iter().map(|parts| {
                let mark = if parts.is_empty() { "" } else { "●" };
                Cell::text(Para::new(mark).size(TINY).align(Align::Center))
            }));
            rows.push(cells);
        }
        let mut widths = vec![4.0];
        widths.extend([1.0; 17]);
        blocks.push(Block::Table(Table {
            widths: Widths::Fractions(widths),
            header: vec![header],
            rows,
        }));
        if !without.is_empty() {
            blocks.push(Block::Para(
                Para::new(format!(
                    "SDGs の目標の記載がない部局:{}",
                    without.join("、")
                ))
                .size(SMALL),
            ));
        }
        // The legend, two goals a row so that it reads 1, 2, 3, ….
        let rows = SDGS_GOALS
            .chunks(2)
            .enumerate()
            .map(|(i, pair)| {
                pair.iter()
                    .enumerate()
                    .flat_map(|(k, name)| {
                        [
                            cell(format!("{}", 2 * i + k + 1), SMALL, Align::Left),
                            cell(*name, SMALL, Align::Left),
                        ]
                    })
                    .collect()
            })
            .collect();
        blocks.push(Block::Together(vec![
            subheading("SDGs の目標"),
            Block::Table(Table {
                widths: Widths::Fractions(vec![0.5, 4.0, 0.5, 4.0]),
                header: vec![vec![
                    label("No.", SMALL, Align::Left),
                    label("目標", SMALL, Align::Left),
                    label("No.", SMALL, Align::Left),
                    label("目標", SMALL, Align::Left),
                ]],
                rows,
            }),
        ]));
        let mut rows = Vec::new();
        for goal in 1..=17u8 {
            for row in &matrix {
                let parts = &row.goals[usize::from(goal) - 1];
                if parts.is_empty() {
                    continue;
                }
                let mut department = String::new();
                let mut paras = Vec::new();
                for &part in parts {
                    let (name, text) = self.part(c, row.department, part);
                    department = name;
                    paras.push(Para::new(text).size(SMALL));
                }
                rows.push(vec![
                    label(&sdg_label(goal), SMALL, Align::Left),
                    cell(department, SMALL, Align::Left),
                    Cell {
                        paras,
                        fill: None,
                        header: false,
                    },
                ]);
            }
        }
        blocks.push(subheading("目標ごとのテーマと重点事業"));
        blocks.push(Block::Table(Table {
            widths: Widths::Fractions(vec![1.7, 0.9, 2.8]),
            header: vec![vec![
                label("目標", SMALL, Align::Left),
                label("部局", SMALL, Align::Left),
                label("テーマ・重点事業", SMALL, Align::Left),
            ]],
            rows,
        }));
        blocks
    }

    /// 「総合計画の施策との関連」: per 施策 the themes and projects that
    /// serve it, a project with its indicators' targets and its 進捗.
    fn plans(&mut self, c: &Consolidation) -> Vec<Block> {
        let view = plan_view(&documents(c), &c.plans);
        let progress = c.documents.iter().any(|(_, d)| {
            d.projects
                .iter()
                .any(|p| !p.plan.is_empty() && p.mid_year.progress.is_some())
        });
        let mut intro = "総合計画の施策ごとに、それに取り組む各部局のテーマと重点事業、重点事業の指標と目標値を示します。".to_string();
        if progress {
            intro.push_str("中間評価の進捗は記載のあるものに添えています。");
        }
        let mut blocks = opening(PLANS_TITLE, PLANS, &intro);
        for entry in &view {
            blocks.push(Block::Together(self.plan_entry(c, entry)));
        }
        blocks
    }

    fn plan_entry(&mut self, c: &Consolidation, entry: &PlanEntry) -> Vec<Block> {
        let mut blocks = vec![subheading(&self.drawable(None, &entry.title()))];
        if !entry.listed {
            blocks.push(Block::Para(
                Para::new("※設定の施策一覧にない記載です(記載のとおり示します)。").size(SMALL),
            ));
        }
        if entry.parts.is_empty() {
            blocks.push(Block::Para(Para::new("該当する事業はありません").size(9.0)));
            return blocks;
        }
        let mut rows = Vec::new();
        for &(department, part) in &entry.parts {
            let (name, text) = self.part(c, department, part);
            let mut row = vec![cell(name, SMALL, Align::Left)];
            let project = match part {
                Part::Project(p) => c.documents[department].1.projects.get(p),
                Part::Theme(_) => None,
            };
            let mut paras = vec![Para::new(text).size(SMALL)];
            let Some(project) = project else {
                row.push(Cell::text(paras.remove(0)));
                rows.push(row);
                continue;
            };
            if let Some(progress) = project.mid_year.progress {
                paras.push(
                    Para::new(format!("中間評価の進捗:{}", progress_text(progress)))
                        .size(SMALL)
                        .space_before(1.5),
                );
            }
            row.push(Cell {
                paras,
                fill: None,
                header: false,
            });
            let (path, doc) = &c.documents[department];
            let d = Some((path.as_path(), &**doc));
            let indicators: Vec<Para> = project
                .indicators
                .iter()
                .enumerate()
                .map(|(i, ind)| {
                    let name = self.drawable(d, &numbered_name(project, i));
                    let target = self.drawable(d, &ind.display(ind.target.as_ref()));
                    Para::new(format!("{name}:{target}")).size(SMALL)
                })
                .collect();
            if !indicators.is_empty() {
                row.push(Cell {
                    paras: indicators,
                    fill: None,
                    header: false,
                });
            }
            rows.push(row);
        }
        blocks.push(Block::Table(Table {
            widths: Widths::Fractions(vec![0.8, 2.2, 2.0]),
            header: vec![vec![
                label("部局", SMALL, Align::Left),
                label("テーマ・重点事業", SMALL, Align::Left),
                label("指標:目標値", SMALL, Align::Left),
            ]],
            rows,
        }));
        blocks
    }
}
