//! The 中間評価 report of `review` as blocks: cover, contents, the city's
//! progress (the marks ◎○△× per department), the projects behind schedule
//! with their 課題 and 今後の取組, then each department's projects.

use crate::consolidate::Consolidation;
use crate::domain::plan::Progress;
use crate::outputs::present::progress_text;
use crate::year_end::mid_year::{COLUMNS, DepartmentReview, MidYearReview, column_label};

use super::packet::{Builder, department_anchor, year_label};
use mokuhyo_typeset::blocks::{
    Align, Block, Cell, Color, Para, Table, TocEntry, Widths, cell, label,
};

/// The anchor of the city-wide page.
pub const CITY: &str = "mid-year-city";
/// The title of the city-wide page.
pub const CITY_TITLE: &str = "全体の進捗";
/// The anchor of the projects behind schedule.
pub const BEHIND: &str = "mid-year-behind";
/// The title of the projects behind schedule.
pub const BEHIND_TITLE: &str = "遅れている事業";

/// Size of the tables' text.
const SIZE: f32 = 9.0;

/// The tint of a mark: behind schedule stands out, and the mark itself
/// says it (never the colour alone).
fn progress_cell(progress: Option<Progress>) -> Cell {
    let text = progress.map_or_else(|| "未記入".to_string(), progress_text);
    let mut cell = cell(text, SIZE, Align::Center);
    cell.fill = match progress {
        Some(Progress::FarBehind) => Some(Color::Rgb(0xF8D7DA)),
        Some(Progress::Behind) => Some(Color::Rgb(0xFFF3CD)),
        _ => None,
    };
    cell
}

fn heading(level: u8, text: &str, size: f32) -> Block {
    Block::Heading(level, Para::new(text).size(size).bold().space_before(6.0))
}

impl Builder<'_> {
    /// The 中間評価 report's blocks.
    pub fn mid_year(&mut self, c: &Consolidation, r: &MidYearReview, date: &str) -> Vec<Block> {
        let middle = vec![
            Block::Space(10.0),
            Block::Para(Para::new("中間評価").size(24.0).bold().align(Align::Center)),
            Block::Space(4.0),
            Block::Para(Para::new("(9月末の進捗)").size(14.0).align(Align::Center)),
            Block::Space(50.0),
        ];
        let mut blocks = self.front(c, date, 150.0, middle);
        let mut entries = vec![
            TocEntry {
                text: CITY_TITLE.to_string(),
                anchor: CITY.to_string(),
            },
            TocEntry {
                text: BEHIND_TITLE.to_string(),
                anchor: BEHIND.to_string(),
            },
        ];
        entries.extend(self.department_entries(c, r.departments.iter().map(|d| d.document)));
        blocks.push(Block::Toc(entries));
        blocks.push(Block::PageBreak);
        blocks.extend(self.mid_year_city(c, r));
        blocks.push(Block::PageBreak);
        blocks.extend(self.mid_year_behind(c, r));
        blocks.extend(self.sections(&r.departments, |builder, dept| {
            builder.mid_year_department(c, dept)
        }));
        blocks
    }

    fn mid_year_city(&mut self, c: &Consolidation, r: &MidYearReview) -> Vec<Block> {
        let municipality = self.drawable(None, &c.municipality);
        let total = r.counts.total();
        let mut header = vec![label("部局", SIZE, Align::Left)];
        header.extend(
            COLUMNS
                .iter()
                .map(|&p| label(&column_label(p), SIZE, Align::Center)),
        );
        header.push(label("計", SIZE, Align::Center));
        let mut rows = Vec::new();
        for dept in &r.departments {
            let (path, doc) = &c.documents[dept.document];
            let mut row = vec![cell(
                self.drawable(Some((path.as_path(), doc)), &doc.department),
                SIZE,
                Align::Left,
            )];
            row.extend(
                COLUMNS
                    .iter()
                    .map(|&p| cell(dept.counts.of(p).to_string(), SIZE, Align::Right)),
            );
            row.push(cell(dept.counts.total().to_string(), SIZE, Align::Right));
            rows.push(row);
        }
        let mut row = vec![cell("全体", SIZE, Align::Left)];
        row.extend(
            COLUMNS
                .iter()
                .map(|&p| cell(r.counts.of(p).to_string(), SIZE, Align::Right)),
        );
        row.push(cell(total.to_string(), SIZE, Align::Right));
        for cell in &mut row {
            cell.fill = Some(Color::Gray(0.95));
            cell.paras[0].bold = true;
        }
        rows.push(row);
        vec![
            Block::RunningHeader(CITY_TITLE.to_string()),
            Block::Anchor {
                id: CITY.to_string(),
                bookmark: Some(CITY_TITLE.to_string()),
            },
            Block::Heading(1, Para::new(CITY_TITLE).size(15.0).bold()),
            Block::Space(4.0),
            Block::Para(Para::new(format!(
                "{municipality}の{}{}について、{}部局の{total}事業の9月末の進捗をまとめました。",
                year_label(c),
                self.headings.document,
                r.departments.len(),
            ))),
            Block::Space(4.0),
            Block::Para(
                Para::new(format!("全{total}事業の進捗:{}", r.counts.listing()))
                    .size(11.0)
                    .bold(),
            ),
            Block::Para(
                Para::new(
                    "◎予定以上・○予定通り・△やや遅れ・×大幅な遅れ。未記入は中間評価の進捗が書かれていない事業です。",
                )
                .size(SIZE),
            ),
            heading(2, "部局別の進捗", 11.0),
            Block::Table(Table {
                widths: Widths::Fractions(vec![2.6, 1.2, 1.2, 1.2, 1.3, 1.0, 0.7]),
                header: vec![header],
                rows,
            }),
        ]
    }

    fn mid_year_behind(&mut self, c: &Consolidation, r: &MidYearReview) -> Vec<Block> {
        let mut blocks = vec![
            Block::RunningHeader(BEHIND_TITLE.to_string()),
            Block::Anchor {
                id: BEHIND.to_string(),
                bookmark: Some(BEHIND_TITLE.to_string()),
            },
            Block::Heading(1, Para::new(BEHIND_TITLE).size(15.0).bold()),
            Block::Space(4.0),
        ];
        let behind = r.behind();
        if behind.is_empty() {
            blocks.push(Block::Para(Para::new(
                "進捗が「△やや遅れ」「×大幅な遅れ」の事業はありません。",
            )));
            return blocks;
        }
        blocks.push(Block::Para(Para::new(format!(
            "進捗が「△やや遅れ」「×大幅な遅れ」の{}事業と、その課題・今後の取組です(×を先に)。",
            behind.len()
        ))));
        let header = ["部局", "事業", "進捗", "課題", "今後の取組"]
            .map(|h| label(h, SIZE, Align::Left))
            .to_vec();
        let rows = behind
            .into_iter()
            .map(|(d, p)| {
                let (path, doc) = &c.documents[d];
                let project = &doc.projects[p];
                let at = Some((path.as_path(), &**doc));
                vec![
                    cell(self.drawable(at, &doc.department), SIZE, Align::Left),
                    cell(
                        self.drawable(at, &format!("{} {}", project.marker(), project.title)),
                        SIZE,
                        Align::Left,
                    ),
                    progress_cell(project.mid_year.progress),
                    cell(
                        self.drawable(at, &project.mid_year.issues),
                        SIZE,
                        Align::Left,
                    ),
                    cell(
                        self.drawable(at, &project.mid_year.next_steps),
                        SIZE,
                        Align::Left,
                    ),
                ]
            })
            .collect();
        blocks.push(Block::Table(Table {
            widths: Widths::Fractions(vec![1.3, 2.2, 1.5, 2.3, 2.3]),
            header: vec![header],
            rows,
        }));
        blocks
    }

    fn mid_year_department(&mut self, c: &Consolidation, dept: &DepartmentReview) -> Vec<Block> {
        let (path, doc) = &c.documents[dept.document];
        let at = Some((path.as_path(), &**doc));
        let name = self.drawable(at, &doc.department);
        let mut blocks = vec![
            Block::RunningHeader(name.clone()),
            Block::Anchor {
                id: department_anchor(dept.document),
                bookmark: Some(name.clone()),
            },
            Block::Heading(1, Para::new(&name).size(15.0).bold()),
            Block::Space(2.0),
            Block::Para(Para::new(format!("進捗:{}", dept.counts.listing())).size(10.0)),
        ];
        if dept.rows.is_empty() {
            blocks.push(Block::Para(Para::new("重点事業はありません。")));
            return blocks;
        }
        let header = ["事業", "進捗", "成果", "課題", "今後の取組"]
            .map(|h| label(h, SIZE, Align::Left))
            .to_vec();
        let rows = dept
            .rows
            .iter()
            .map(|row| {
                let project = &doc.projects[row.project];
                let m = &project.mid_year;
                vec![
                    cell(
                        self.drawable(at, &format!("{} {}", project.marker(), project.title)),
                        SIZE,
                        Align::Left,
                    ),
                    progress_cell(m.progress),
                    cell(self.drawable(at, &m.results), SIZE, Align::Left),
                    cell(self.drawable(at, &m.issues), SIZE, Align::Left),
                    cell(self.drawable(at, &m.next_steps), SIZE, Align::Left),
                ]
            })
            .collect();
        blocks.push(Block::Space(4.0));
        blocks.push(Block::Table(Table {
            widths: Widths::Fractions(vec![2.2, 1.5, 2.1, 2.1, 2.1]),
            header: vec![header],
            rows,
        }));
        blocks
    }
}
