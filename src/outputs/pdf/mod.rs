//! The PDF council packet and year-end report: the consolidation as blocks
//! ([`packet`] with template version 2's [`fields`], [`links`], [`rollup`],
//! [`compare`]), then pages of measured lines ([`layout`],
//! [`table`], [`contents`], [`chart`], [`stacked`], [`keep`],
//! [`linebreak`]), each item with its role in the [`structure`], then
//! tagged PDF bytes written as they are made ([`render`] over [`file`]:
//! pages drawn by [`draw`], the structure tree by [`tags`]), with the fonts
//! of [`font`] embedded by [`embed`] as subsets without hinting
//! ([`unhint`]).

pub mod blocks;
pub mod chart;
pub mod compare;
pub mod contents;
pub mod draw;
pub mod embed;
pub mod fields;
pub mod file;
pub mod font;
pub mod keep;
pub mod layout;
pub mod linebreak;
pub mod links;
pub mod packet;
pub mod pieces;
pub mod render;
pub mod review;
pub mod rollup;
pub mod stacked;
pub mod structure;
pub mod table;
pub mod tags;
pub mod unhint;

use crate::consolidate::Consolidation;
use crate::error::Result;
use crate::outputs::present::Headings;
use font::{FontSet, Metrics};
use layout::{Geometry, Item, Laid};
pub use packet::MissingGlyphs;
use packet::{Builder, year_label};
use render::{Faces, Meta, render};
use structure::{Artifact, Role};

/// How the PDF is written.
#[derive(Debug, Clone)]
pub struct PdfOptions {
    /// Section headings.
    pub headings: Headings,
    /// The document's date (cover, properties).
    pub timestamp: chrono::NaiveDateTime,
    /// The fonts.
    pub fonts: FontSet,
}

/// A PDF written.
#[derive(Debug, Clone)]
pub struct Pdf {
    /// Its bytes.
    pub bytes: Vec<u8>,
    /// The number of pages.
    pub pages: usize,
    /// Text the font could not draw.
    pub missing: Vec<MissingGlyphs>,
}

/// A document's blocks before layout, and what its font cannot draw.
pub struct Prepared {
    blocks: Vec<blocks::Block>,
    running: String,
    meta: Meta,
    /// Text the font could not draw.
    pub missing: Vec<MissingGlyphs>,
}

/// Writes packets; parses the fonts once.
pub struct Writer {
    options: PdfOptions,
    faces: Faces,
}

impl Writer {
    /// A writer with these options.
    pub fn new(options: PdfOptions) -> Result<Writer> {
        let faces = Faces::parse(&options.fonts)?;
        Ok(Writer { options, faces })
    }

    /// The whole packet: cover, contents, departments, summary.
    pub fn packet(&self, c: &Consolidation) -> Result<Pdf> {
        self.packet_compared(c, None)
    }

    /// The packet, with the section 前年度との比較 at the end when a
    /// comparison is given.
    pub fn packet_compared(
        &self,
        c: &Consolidation,
        comparison: Option<&crate::year_end::diff::Comparison>,
    ) -> Result<Pdf> {
        self.write(self.prepare_packet(c, comparison))
    }

    /// The packet's blocks, before layout: what the font cannot draw is
    /// known from here on.
    pub fn prepare_packet(
        &self,
        c: &Consolidation,
        comparison: Option<&crate::year_end::diff::Comparison>,
    ) -> Prepared {
        let year = year_label(c);
        let title = format!("{year} 部局経営目標");
        let subject = format!("{}の{year}部局経営目標(全部局)", c.municipality);
        self.prepare(c, &title, title.clone(), subject, |builder, date| {
            let mut blocks = builder.packet(c, date);
            if let Some(cmp) = comparison {
                for block in &mut blocks {
                    if let blocks::Block::Toc(entries) = block {
                        entries.push(blocks::TocEntry {
                            text: "前年度との比較".to_string(),
                            anchor: compare::COMPARISON.to_string(),
                        });
                    }
                }
                blocks.push(blocks::Block::PageBreak);
                blocks.extend(builder.comparison(cmp));
            }
            blocks
        })
    }

    /// The year-end report: the rollup's achievement and grades.
    pub fn rollup(&self, c: &Consolidation, r: &crate::year_end::rollup::Rollup) -> Result<Pdf> {
        self.write(self.prepare_rollup(c, r))
    }

    /// The year-end report's blocks, before layout.
    pub fn prepare_rollup(
        &self,
        c: &Consolidation,
        r: &crate::year_end::rollup::Rollup,
    ) -> Prepared {
        let year = year_label(c);
        let title = format!("{year} 部局経営目標 実績報告");
        let subject = format!("{}の{year}部局経営目標の達成状況", c.municipality);
        self.prepare(c, &title, title.clone(), subject, |builder, date| {
            builder.rollup(c, r, date)
        })
    }

    /// The 中間評価 report of `review`.
    pub fn mid_year(
        &self,
        c: &Consolidation,
        r: &crate::year_end::mid_year::MidYearReview,
    ) -> Result<Pdf> {
        self.write(self.prepare_mid_year(c, r))
    }

    /// The 中間評価 report's blocks, before layout.
    pub fn prepare_mid_year(
        &self,
        c: &Consolidation,
        r: &crate::year_end::mid_year::MidYearReview,
    ) -> Prepared {
        let year = year_label(c);
        let title = format!("{year} 部局経営目標 中間評価");
        let subject = format!(
            "{}の{year}部局経営目標の中間評価(9月末の進捗)",
            c.municipality
        );
        self.prepare(c, &title, title.clone(), subject, |builder, date| {
            builder.mid_year(c, r, date)
        })
    }

    /// One department's section alone, for publication.
    pub fn department(&self, c: &Consolidation, index: usize) -> Result<Pdf> {
        let (path, doc) = &c.documents[index];
        let year = doc.year.label();
        let title = format!("{year} 部局経営目標 {}", doc.department);
        let subject = format!("{}の{year}部局経営目標({})", c.municipality, doc.department);
        let running = format!("{year} 部局経営目標");
        let prepared = self.prepare(c, &title, running, subject, |builder, _| {
            let anchor = packet::department_anchor(index);
            builder.department(path, doc, &anchor, &c.plans)
        });
        self.write(prepared)
    }

    /// A document's blocks as `build` makes them (given the date of the
    /// cover), with its properties and running header.
    fn prepare(
        &self,
        c: &Consolidation,
        title: &str,
        running: String,
        subject: String,
        build: impl FnOnce(&mut Builder, &str) -> Vec<blocks::Block>,
    ) -> Prepared {
        let m = Metrics::new(&self.options.fonts);
        let mut builder = Builder::new(&m, &self.options.headings);
        let date = crate::domain::wareki::format_date(self.options.timestamp.date());
        let blocks = build(&mut builder, &date);
        Prepared {
            blocks,
            running,
            meta: Meta {
                title: title.to_string(),
                author: c.municipality.clone(),
                subject,
                time: self.options.timestamp,
            },
            missing: builder.missing,
        }
    }

    /// Lays out and writes a prepared document.
    pub fn write(&self, prepared: Prepared) -> Result<Pdf> {
        self.write_into(prepared, None)
    }

    /// Lays out a prepared document and writes it to `sink` as it is made
    /// (the returned `Pdf`'s bytes are empty): the file is never whole in
    /// memory. The sink's first error is returned, naming `path`, the file
    /// it writes (`outputs::write::stage_with`'s sink keeps its errors
    /// for the commit instead).
    pub fn write_to(
        &self,
        prepared: Prepared,
        path: &std::path::Path,
        sink: &mut dyn std::io::Write,
    ) -> Result<Pdf> {
        self.write_into(prepared, Some((path, sink)))
    }

    fn write_into(
        &self,
        prepared: Prepared,
        sink: Option<(&std::path::Path, &mut dyn std::io::Write)>,
    ) -> Result<Pdf> {
        let Prepared {
            blocks,
            running,
            meta,
            missing,
        } = prepared;
        let geo = Geometry::A4;
        let mut laid = pieces::paginate_parallel(blocks, &self.options.fonts, geo);
        decorate(&mut laid, &Metrics::new(&self.options.fonts), geo, &running);
        let pages = laid.pages.len();
        let bytes = render(laid, &self.faces, &meta, geo, sink)?;
        Ok(Pdf {
            bytes,
            pages,
            missing,
        })
    }
}

/// Adds the running header (title left, section right, a rule) and the
/// page number (n / N) to every page that is not plain.
fn decorate(laid: &mut Laid, m: &Metrics, geo: Geometry, title: &str) {
    let total = laid.pages.len();
    let size = 8.0;
    let right = geo.width - geo.side;
    for (i, page) in laid.pages.iter_mut().enumerate() {
        if page.plain {
            continue;
        }
        let header = page.header.clone();
        let number = format!("{} / {total}", i + 1);
        let text = |x: f32, y: f32, text: String, kind: Artifact| Item::Text {
            x,
            y,
            size,
            bold: false,
            gray: 0.35,
            text,
            role: Role::Artifact(kind),
        };
        // Room for exactly the four items below: the layout left none, and
        // a push into a full vector doubles its capacity.
        page.items.reserve_exact(4);
        page.items
            .push(text(geo.side, 38.0, title.to_string(), Artifact::Header));
        let header_width = m.width(&header, size, false);
        page.items
            .push(text(right - header_width, 38.0, header, Artifact::Header));
        page.items.push(Item::Line {
            from: (geo.side, 43.0),
            to: (right, 43.0),
            width: 0.4,
            dotted: false,
            role: Role::Artifact(Artifact::Header),
        });
        let number_width = m.width(&number, size, false);
        page.items.push(text(
            (geo.width - number_width) / 2.0,
            geo.height - 30.0,
            number,
            Artifact::Footer,
        ));
    }
}
