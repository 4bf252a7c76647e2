//! The council packet as blocks: cover, table of contents, one section per
//! department laid out like the published document (with template version
//! 2's fields where written, [`super::fields`]), the summary of every
//! indicator, and what the goals serve ([`super::links`]). Every text is
//! checked against the font here.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::consolidate::Consolidation;
use crate::domain::model::{Document, Indicator, Project, circled, marked_title};
use crate::domain::plan::Plans;
use crate::domain::wareki::FiscalYear;
use crate::outputs::present::Headings;
use crate::outputs::present::indicator_lines;
use mokuhyo_typeset::blocks::{Align, Bar, BarChart, Block, Cell, Para, Table, TocEntry, Widths};
use mokuhyo_typeset::font::{Metrics, REPLACEMENT};
use mokuhyo_typeset::table::cell_width;

/// Text the font cannot draw: replaced by 〓 and reported.
#[derive(Debug, Clone, PartialEq)]
pub struct MissingGlyphs {
    /// The department whose text it is (empty for the configuration's).
    pub department: String,
    /// The department's file.
    pub file: Option<PathBuf>,
    /// The text, as written.
    pub text: String,
    /// The characters the font lacks.
    pub chars: Vec<char>,
}

/// Builds blocks, checking every text against the font.
pub struct Builder<'a> {
    pub(super) m: &'a Metrics<'a>,
    pub(super) headings: &'a Headings,
    seen: HashSet<(String, String)>,
    /// What could not be drawn.
    pub missing: Vec<MissingGlyphs>,
}

/// The anchor of a department's section.
pub fn department_anchor(i: usize) -> String {
    format!("department-{i}")
}

/// The anchor of the summary.
pub const SUMMARY: &str = "summary";

/// Size of the summary table's text.
pub(super) const SMALL: f32 = 8.0;

/// The project column's share of (2)'s table.
const PROJECT: f32 = 0.6;

impl<'a> Builder<'a> {
    /// A builder measuring with `m`.
    pub fn new(m: &'a Metrics<'a>, headings: &'a Headings) -> Builder<'a> {
        Builder {
            m,
            headings,
            seen: HashSet::new(),
            missing: Vec::new(),
        }
    }

    /// `text` with the characters the font lacks replaced by 〓, each
    /// (department, text) reported once.
    pub(super) fn drawable(&mut self, doc: Option<(&Path, &Document)>, text: &str) -> String {
        let chars = self.m.missing(text);
        if chars.is_empty() {
            return text.to_string();
        }
        self.report(MissingGlyphs {
            department: doc.map(|(_, d)| d.department.clone()).unwrap_or_default(),
            file: doc.map(|(p, _)| p.to_path_buf()),
            text: text.to_string(),
            chars: chars.clone(),
        });
        text.chars()
            .map(|c| if chars.contains(&c) { REPLACEMENT } else { c })
            .collect()
    }

    /// Reports text the font cannot draw, once per department and text.
    fn report(&mut self, glyphs: MissingGlyphs) {
        if self
            .seen
            .insert((glyphs.department.clone(), glyphs.text.clone()))
        {
            self.missing.push(glyphs);
        }
    }

    /// The whole packet.
    pub fn packet(&mut self, c: &Consolidation, date: &str) -> Vec<Block> {
        let mut blocks = self.front(c, date, 190.0, vec![Block::Space(40.0)]);
        let mut entries = self.department_entries(c, 0..c.documents.len());
        entries.push(TocEntry {
            text: "指標一覧".to_string(),
            anchor: SUMMARY.to_string(),
        });
        entries.extend(self.link_entries(c));
        blocks.push(Block::Toc(entries));
        let sections = c.documents.iter().enumerate().collect::<Vec<_>>();
        blocks.extend(self.sections(&sections, |builder, (i, (path, doc))| {
            builder.department(path, doc, &department_anchor(*i), &c.plans)
        }));
        blocks.push(Block::PageBreak);
        blocks.extend(self.summary(c));
        blocks.extend(self.links(c));
        blocks
    }

    /// A section per item, each after a page break, made in parallel
    /// (rayon, one [`Metrics`] per task); what the font cannot draw is
    /// reported as one builder going through them in order would.
    pub(super) fn sections<T: Sync>(
        &mut self,
        items: &[T],
        section: impl Fn(&mut Builder, &T) -> Vec<Block> + Sync,
    ) -> Vec<Block> {
        let (fonts, headings) = (self.m.fonts(), self.headings);
        let made: Vec<(Vec<Block>, Vec<MissingGlyphs>)> = items
            .par_iter()
            .map_init(
                || Metrics::new(fonts),
                |m, item| {
                    let mut builder = Builder::new(m, headings);
                    let mut blocks = vec![Block::PageBreak];
                    blocks.extend(section(&mut builder, item));
                    (blocks, builder.missing)
                },
            )
            .collect();
        let mut blocks = Vec::new();
        for (made, missing) in made {
            blocks.extend(made);
            for glyphs in missing {
                self.report(glyphs);
            }
        }
        blocks
    }

    /// The contents' entries of the departments `documents` (indices in
    /// `c.documents`), each pointing at its section.
    pub(super) fn department_entries(
        &mut self,
        c: &Consolidation,
        documents: impl IntoIterator<Item = usize>,
    ) -> Vec<TocEntry> {
        documents
            .into_iter()
            .map(|i| {
                let (path, doc) = &c.documents[i];
                TocEntry {
                    text: self.drawable(Some((path, doc)), &doc.department),
                    anchor: department_anchor(i),
                }
            })
            .collect()
    }

    /// The cover (the year, 部局経営目標, `middle`, the municipality and the
    /// date; the title `top` points below the page's top) and the heading of
    /// the contents, which the caller lists.
    pub(super) fn front(
        &mut self,
        c: &Consolidation,
        date: &str,
        top: f32,
        middle: Vec<Block>,
    ) -> Vec<Block> {
        let year = year_label(c);
        let municipality = self.drawable(None, &c.municipality);
        let mut blocks = vec![
            Block::PlainPage,
            // Space at the top of a page is dropped by the layout: the
            // title carries its own.
            Block::Para(
                Para::new(&year)
                    .size(20.0)
                    .bold()
                    .align(Align::Center)
                    .space_before(top),
            ),
            Block::Space(8.0),
            Block::Para(
                Para::new(&self.headings.document)
                    .size(30.0)
                    .bold()
                    .align(Align::Center),
            ),
        ];
        blocks.extend(middle);
        blocks.extend([
            Block::Para(Para::new(&municipality).size(18.0).align(Align::Center)),
            Block::Space(220.0),
            Block::Para(Para::new(date).size(13.0).align(Align::Center)),
            Block::PageBreak,
            Block::RunningHeader("目次".to_string()),
            Block::Anchor {
                id: "contents".to_string(),
                bookmark: Some("目次".to_string()),
            },
            Block::Heading(1, Para::new("目次").size(15.0).bold()),
            Block::Space(8.0),
        ]);
        blocks
    }

    /// One department's section, as in the published document; the 施策
    /// a theme or project names are shown by their names in `plans`.
    pub fn department(
        &mut self,
        path: &Path,
        doc: &Document,
        anchor: &str,
        plans: &Plans,
    ) -> Vec<Block> {
        let d = Some((path, doc));
        let name = self.drawable(d, &doc.department);
        let created = doc
            .created
            .map(crate::domain::wareki::format_date)
            .unwrap_or_default();
        let head = self.drawable(d, &doc.head);
        let mut blocks = section_opening(
            &name,
            anchor,
            format!("{} {}【{name}】", doc.year.label(), self.headings.document),
            [
                [("年度", doc.year.label()), ("作成日", created)],
                [
                    (self.headings.department.as_str(), name.clone()),
                    (self.headings.head.as_str(), head),
                ],
            ],
        );
        if !doc.remark.is_empty() {
            let remark = self.drawable(d, &doc.remark);
            blocks.push(Block::Para(Para::new(format!("※{remark}")).size(SMALL)));
            blocks.push(Block::Space(6.0));
        }
        // The themes are text under their heading, not a table: a table of
        // one column without a header cell would be a layout table.
        let size = Para::new("").size;
        blocks.push(subheading(&self.headings.themes));
        for theme in &doc.themes {
            let mut paras = vec![
                Para::new(format!("・{}", self.drawable(d, &theme.title)))
                    .bold()
                    .hanging(size)
                    .space_before(4.0),
            ];
            // 【No.…】 under the title, as the city's pages tag a theme.
            paras.extend(self.sdgs_para(&theme.sdgs, cell_width(1.0), size));
            if !theme.body.is_empty() {
                paras.push(Para::new(self.drawable(d, &theme.body)).indent(size));
            }
            paras.extend(self.plan_para(d, &theme.plan, plans, size));
            blocks.push(Block::Together(
                paras.into_iter().map(Block::Para).collect(),
            ));
        }
        let projects = doc
            .projects
            .iter()
            .map(|p| {
                let mut indicators = self.indicator_paras(d, doc, &p.indicators);
                indicators.extend(self.indicator_fields(d, &p.indicators));
                vec![
                    Cell {
                        paras: self.project_paras(d, p, plans),
                        fill: None,
                        header: false,
                    },
                    Cell {
                        paras: indicators,
                        fill: None,
                        header: false,
                    },
                ]
            })
            .collect();
        blocks.push(subheading(&self.headings.projects));
        blocks.push(Block::Table(Table {
            widths: Widths::Fractions(vec![PROJECT, 0.4]),
            header: vec![vec![
                Cell::label(&self.headings.projects),
                Cell::label(&self.headings.indicators),
            ]],
            rows: projects,
        }));
        blocks
    }

    /// The project cell: marker and title (its SDGs marks under it), then
    /// the description, ・ lines with a hanging indent, then its 施策 and
    /// 予算額.
    fn project_paras(
        &mut self,
        d: Option<(&Path, &Document)>,
        p: &Project,
        plans: &Plans,
    ) -> Vec<Para> {
        let size = Para::new("").size;
        let mut paras =
            vec![Para::new(marked_title(p.marker(), &self.drawable(d, &p.title))).bold()];
        paras.extend(self.sdgs_para(&p.sdgs, cell_width(PROJECT), 0.0));
        for line in p.description.lines().filter(|l| !l.trim().is_empty()) {
            let text = self.drawable(d, line);
            let para = if text.starts_with('・') {
                Para::new(text).hanging(size).bullet()
            } else {
                Para::new(text)
            };
            paras.push(para.space_before(1.5));
        }
        paras.extend(self.plan_para(d, &p.plan, plans, 0.0));
        paras.extend(self.budget_para(d, p.budget.as_ref()));
        paras
    }

    /// The indicator cell, worded as the seed: 指標:①… / 目標値:①… /
    /// (令和7年度実績値:①…), continuation lines under the text after the colon.
    fn indicator_paras(
        &mut self,
        d: Option<(&Path, &Document)>,
        doc: &Document,
        indicators: &[Indicator],
    ) -> Vec<Para> {
        indicator_lines(doc, indicators)
            .into_iter()
            .map(|line| {
                let text = self.drawable(d, &line);
                let head: String = text.chars().take_while(|c| *c != ':').collect();
                let hanging = if head.len() < text.len() {
                    self.m.width(&format!("{head}:"), Para::new("").size, false)
                } else {
                    0.0
                };
                Para::new(text)
                    .hanging(hanging)
                    .space_before(1.5)
                    .at_spaces()
            })
            .collect()
    }

    /// Every indicator of every department in one table, after a chart of
    /// the number of indicators by department.
    fn summary(&mut self, c: &Consolidation) -> Vec<Block> {
        let previous = year_of(c).previous().label();
        let cell = |text: String| Cell::text(Para::new(text).size(SMALL));
        let label = |text: &str| {
            let mut cell = Cell::label(text);
            cell.paras[0].size = SMALL;
            cell
        };
        let mut rows = Vec::new();
        let mut bars = Vec::new();
        for (path, doc) in &c.documents {
            let d = Some((path.as_path(), &**doc));
            let department = self.drawable(d, &doc.department);
            let count: usize = doc.projects.iter().map(|p| p.indicators.len()).sum();
            bars.push(Bar {
                label: department.clone(),
                value: count as f64,
                text: format!("{count}"),
                color: None,
            });
            for p in &doc.projects {
                let project = marked_title(p.marker(), &self.drawable(d, &p.title));
                for (i, ind) in p.indicators.iter().enumerate() {
                    let estimate = if ind.previous_estimate && ind.previous.is_some() {
                        "(見込み)"
                    } else {
                        ""
                    };
                    rows.push(vec![
                        cell(department.clone()),
                        cell(project.clone()),
                        cell(format!(
                            "{}{}",
                            circled(i + 1),
                            self.drawable(d, &ind.display_name())
                        )),
                        cell(self.drawable(d, &ind.display(ind.target.as_ref()))),
                        cell(format!(
                            "{}{estimate}",
                            self.drawable(d, &ind.display(ind.previous.as_ref()))
                        )),
                    ]);
                }
            }
        }
        vec![
            Block::RunningHeader("指標一覧".to_string()),
            Block::Anchor {
                id: SUMMARY.to_string(),
                bookmark: Some("指標一覧".to_string()),
            },
            Block::Heading(1, Para::new("指標一覧").size(15.0).bold()),
            Block::Chart(BarChart::new("部局別の指標数", bars)),
            Block::Space(10.0),
            Block::Table(Table {
                widths: Widths::Auto,
                header: vec![vec![
                    label("部局"),
                    label("重点事業"),
                    label("指標名"),
                    label("目標値"),
                    label(&format!("{previous}実績値")),
                ]],
                rows,
            }),
        ]
    }
}

/// A section's subheading (H2): bold, with space before, kept with what
/// follows.
pub(super) fn subheading(text: &str) -> Block {
    Block::Heading(2, Para::new(text).size(11.0).bold().space_before(10.0))
}

/// The opening of a department's section: its running header and bookmark
/// `name`, the anchor, the heading `title`, and a table of two rows of two
/// (label, value) pairs.
pub(super) fn section_opening(
    name: &str,
    anchor: &str,
    title: String,
    rows: [[(&str, String); 2]; 2],
) -> Vec<Block> {
    vec![
        Block::RunningHeader(name.to_string()),
        Block::Anchor {
            id: anchor.to_string(),
            bookmark: Some(name.to_string()),
        },
        Block::Heading(1, Para::new(title).size(15.0).bold().align(Align::Center)),
        Block::Space(6.0),
        Block::Table(Table {
            widths: Widths::Fractions(vec![1.0, 2.2, 1.0, 2.2]),
            header: Vec::new(),
            rows: rows
                .into_iter()
                .map(|row| {
                    row.into_iter()
                        .flat_map(|(label, value)| {
                            [Cell::label(label), Cell::text(Para::new(value))]
                        })
                        .collect()
                })
                .collect(),
        }),
    ]
}

/// The year of the packet: the run's, else that of the first document.
pub fn year_of(c: &Consolidation) -> FiscalYear {
    c.year
        .or_else(|| c.documents.first().map(|(_, d)| d.year))
        .unwrap_or_else(|| FiscalYear::new(2026))
}

/// `令和8年度`.
pub fn year_label(c: &Consolidation) -> String {
    year_of(c).label()
}
