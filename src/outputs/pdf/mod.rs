//! The PDF council packet, the year-end report, the mid-year review and a
//! department's section alone: what goes on their pages, as the
//! typesetter's blocks ([`packet`] with template version 2's [`fields`],
//! [`links`], [`rollup`], [`review`], [`compare`]); the typesetter
//! (`mokuhyo_typeset`) lays them out and writes the tagged PDF.

mod compare;
mod fields;
mod links;
mod packet;
mod review;
mod rollup;

use std::path::Path;

use mokuhyo_typeset::font::{FontSet, Metrics};
use mokuhyo_typeset::{Document, Meta, Typesetter, blocks};

use crate::consolidate::Consolidation;
use crate::error::{Error, OsReason, Result};
use crate::outputs::present::Headings;
pub use packet::MissingGlyphs;
use packet::{Builder, year_label};

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
    document: Document,
    /// Text the font could not draw.
    pub missing: Vec<MissingGlyphs>,
}

impl Prepared {
    /// The blocks the typesetter will lay out.
    pub fn blocks(&self) -> &[blocks::Block] {
        &self.document.blocks
    }
}

/// Writes packets; parses the fonts once.
pub struct Writer {
    options: PdfOptions,
    typesetter: Typesetter,
}

impl Writer {
    /// A writer with these options.
    pub fn new(options: PdfOptions) -> Result<Writer> {
        let typesetter =
            Typesetter::new(options.fonts.clone()).map_err(|e| typeset_error(e, Path::new("")))?;
        Ok(Writer {
            options,
            typesetter,
        })
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
        let (year, document) = (year_label(c), &self.options.headings.document);
        let title = format!("{year} {document}");
        let subject = format!("{}の{year}{document}(全部局)", c.municipality);
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
        let (year, document) = (year_label(c), &self.options.headings.document);
        let title = format!("{year} {document} 実績報告");
        let subject = format!("{}の{year}{document}の達成状況", c.municipality);
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
        let (year, document) = (year_label(c), &self.options.headings.document);
        let title = format!("{year} {document} 中間評価");
        let subject = format!(
            "{}の{year}{document}の中間評価(9月末の進捗)",
            c.municipality
        );
        self.prepare(c, &title, title.clone(), subject, |builder, date| {
            builder.mid_year(c, r, date)
        })
    }

    /// One department's section alone, for publication.
    pub fn department(&self, c: &Consolidation, index: usize) -> Result<Pdf> {
        self.write(self.prepare_department(c, index))
    }

    /// One department's section's blocks, before layout.
    pub fn prepare_department(&self, c: &Consolidation, index: usize) -> Prepared {
        let (path, doc) = &c.documents[index];
        let (year, document) = (doc.year.label(), &self.options.headings.document);
        let title = format!("{year} {document} {}", doc.department);
        let subject = format!("{}の{year}{document}({})", c.municipality, doc.department);
        let running = format!("{year} {document}");
        self.prepare(c, &title, running, subject, |builder, _| {
            let anchor = packet::department_anchor(index);
            builder.department(path, doc, &anchor, &c.plans)
        })
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
            document: Document {
                blocks,
                running,
                meta: Meta {
                    title: title.to_string(),
                    author: c.municipality.clone(),
                    subject,
                    creator: "mokuhyo".to_string(),
                    producer: format!("mokuhyo {}", env!("CARGO_PKG_VERSION")),
                    time: self.options.timestamp,
                },
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
        path: &Path,
        sink: &mut dyn std::io::Write,
    ) -> Result<Pdf> {
        self.write_into(prepared, Some((path, sink)))
    }

    fn write_into(
        &self,
        prepared: Prepared,
        sink: Option<(&Path, &mut dyn std::io::Write)>,
    ) -> Result<Pdf> {
        let Prepared { document, missing } = prepared;
        let (path, sink) = sink.unzip();
        let written = self
            .typesetter
            .write(document, sink)
            .map_err(|e| typeset_error(e, path.unwrap_or(Path::new(""))))?;
        Ok(Pdf {
            bytes: written.bytes,
            pages: written.pages,
            missing,
        })
    }
}

/// The fonts named (`PATH` or `PATH#N`; the bold face defaults to the
/// regular one named), else the embedded BIZ UDゴシック.
pub fn fonts(regular: Option<&str>, bold: Option<&str>) -> Result<FontSet> {
    FontSet::choose(regular, bold).map_err(|e| typeset_error(e, Path::new("")))
}

/// The typesetter's error as the command's: a font by its path, a write
/// by the file it was writing.
fn typeset_error(e: mokuhyo_typeset::Error, path: &Path) -> Error {
    use mokuhyo_typeset::Error as E;
    match e {
        E::Font { path, message } => Error::Font { path, message },
        E::FontFile { path, source } => Error::Font {
            path,
            message: OsReason::from(&source).to_string(),
        },
        E::Write(source) => Error::Write {
            path: path.to_path_buf(),
            reason: OsReason::from(&source),
        },
    }
}
