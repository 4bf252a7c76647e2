//! mokuhyo's typesetter: blocks of Japanese text, tables and charts
//! ([`blocks`]) laid out on pages of measured lines ([`layout`]: line
//! breaking with kinsoku, tables, a table of contents that settles, charts,
//! blocks kept together, pieces laid out in parallel), each item with its
//! role in the structure tree, then written as a tagged PDF as the pages are
//! made, with the fonts ([`font`]) embedded as subsets without hinting. It
//! knows nothing of 部局経営目標: the application says what goes on the page.

pub mod blocks;
mod chart;
mod contents;
mod draw;
mod embed;
pub mod error;
mod file;
mod fnv;
pub mod font;
mod keep;
pub mod layout;
pub mod linebreak;
pub mod pieces;
mod properties;
mod render;
mod stacked;
mod structure;
pub mod table;
mod tags;
mod unhint;

use std::io::Write;

pub use error::{Error, Result};
use font::{FontSet, Metrics};
use layout::{Geometry, Item, Laid};
pub use properties::Meta;
use render::{Faces, render};
use structure::{Artifact, Role};

/// A document to typeset: its blocks, the title of its running header, and
/// its properties.
pub struct Document {
    /// What goes on the pages, in order.
    pub blocks: Vec<blocks::Block>,
    /// The running header's title, left on every page that is not plain.
    pub running: String,
    /// The document's properties.
    pub meta: Meta,
}

/// A document written.
#[derive(Debug, Clone)]
pub struct Written {
    /// Its bytes (empty when written to a sink).
    pub bytes: Vec<u8>,
    /// The number of pages.
    pub pages: usize,
}

/// Typesets documents with one set of fonts, parsed once.
pub struct Typesetter {
    fonts: FontSet,
    faces: Faces,
}

impl Typesetter {
    /// A typesetter with these fonts (checked for embedding here).
    pub fn new(fonts: FontSet) -> Result<Typesetter> {
        let faces = Faces::parse(&fonts)?;
        Ok(Typesetter { fonts, faces })
    }

    /// The fonts it sets with.
    pub fn fonts(&self) -> &FontSet {
        &self.fonts
    }

    /// Lays out a document on A4 pages and writes it: to `sink` as it is
    /// made when one is given (the returned bytes are empty, the file is
    /// never whole in memory), else into the returned bytes.
    pub fn write(&self, document: Document, sink: Option<&mut dyn Write>) -> Result<Written> {
        let Document {
            blocks,
            running,
            meta,
        } = document;
        let geo = Geometry::A4;
        let mut laid = pieces::paginate_parallel(blocks, &self.fonts, geo);
        decorate(&mut laid, &Metrics::new(&self.fonts), geo, &running);
        let pages = laid.pages.len();
        let bytes = render(laid, &self.faces, &meta, geo, sink)?;
        Ok(Written { bytes, pages })
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
