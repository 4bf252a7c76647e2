//! One page's content stream, written as PDF operators: text as glyph
//! codes of the embedded fonts, rules, filled boxes, every item inside a
//! marked-content sequence (its element's `BDC` with an MCID, or an
//! artifact's), and the page's link areas; with what the structure tree
//! needs to know of the page ([`super::tags::PageTags`]).

use std::collections::HashMap;
use std::io::Write;

use super::blocks::Color as Fill;
use super::embed::Codes;
use super::file::{decimal, hex4, real};
use super::layout::{Geometry, Item};
use super::structure::{Artifact, Role, Structure};
use super::tags::PageTags;

/// A link area of a page: its rectangle in PDF coordinates (left, bottom,
/// right, top), the page (from 0) it leads to, and its link element.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkArea {
    /// Left, bottom, right, top.
    pub rect: [f32; 4],
    /// The target page, from 0.
    pub target: usize,
    /// Its link element, if tagged.
    pub element: Option<usize>,
}

/// A page drawn: its content stream (not compressed), its marked content
/// and its links.
#[derive(Debug, Clone, Default)]
pub struct Drawn {
    /// The content stream.
    pub content: Vec<u8>,
    /// Marked content and links, for the structure tree.
    pub tags: PageTags,
    /// The link areas, in the page's /Annots order.
    pub links: Vec<LinkArea>,
}

/// Font resource names of the two faces.
pub const REGULAR: &str = "R";
/// The bold face's resource name.
pub const BOLD: &str = "B";

/// The state of the content stream being written.
struct Pen<'a> {
    out: Vec<u8>,
    structure: &'a Structure,
    tags: PageTags,
    open: Option<Role>,
    in_text: bool,
    font: Option<(bool, f32)>,
    fill: Fill,
    line: Option<(f32, bool)>,
}

impl Pen<'_> {
    fn op(&mut self, op: &[u8]) {
        self.out.extend_from_slice(op);
        self.out.push(b'\n');
    }

    fn num(&mut self, v: f32) {
        real(&mut self.out, v);
        self.out.push(b' ');
    }

    fn set_fill(&mut self, to: Fill) {
        if self.fill == to {
            return;
        }
        match to {
            Fill::Gray(level) => {
                decimal(&mut self.out, level, 3);
                self.op(b" g");
            }
            Fill::Rgb(_) => {
                for c in to.components() {
                    decimal(&mut self.out, c, 3);
                    self.out.push(b' ');
                }
                self.op(b"rg");
            }
        }
        self.fill = to;
    }

    /// Opens the marked-content sequence of a role.
    fn begin(&mut self, role: Role) {
        match role {
            Role::Element(e) => {
                let mcid = self.tags.mcids.len();
                self.tags.mcids.push(e as u32);
                let tag = self.structure.elements[e].kind.tag();
                let _ = writeln!(self.out, "/{tag} <</MCID {mcid}>> BDC");
            }
            Role::Artifact(Artifact::Layout) => self.op(b"/Artifact BMC"),
            Role::Artifact(Artifact::Header) => {
                self.op(b"/Artifact <</Type /Pagination /Subtype /Header>> BDC");
            }
            Role::Artifact(Artifact::Footer) => {
                self.op(b"/Artifact <</Type /Pagination /Subtype /Footer>> BDC");
            }
        }
        self.open = Some(role);
    }

    fn mark(&mut self, role: Option<Role>) {
        if let (None, Some(role)) = (self.open, role) {
            self.begin(role);
        }
    }
}

/// The role an item is drawn with (`None` for a link, which draws nothing).
fn role_of(item: &Item) -> Option<Role> {
    match item {
        Item::Text { role, .. } | Item::Line { role, .. } | Item::Rect { role, .. } => Some(*role),
        Item::Link { .. } => None,
    }
}

/// Draws a page. A marked-content sequence is opened and closed on the
/// same side of a text object's `BT`/`ET`.
pub fn draw(
    items: &[Item],
    structure: &Structure,
    anchors: &HashMap<String, usize>,
    codes: &[Codes; 2],
    geo: Geometry,
) -> Drawn {
    let mut pen = Pen {
        out: Vec::with_capacity(items.len() * 48),
        structure,
        tags: PageTags::default(),
        open: None,
        in_text: false,
        font: None,
        fill: Fill::Gray(0.0),
        line: None,
    };
    let mut links = Vec::new();
    pen.op(b"0 G");
    for item in items {
        let is_text = matches!(item, Item::Text { .. });
        let role = role_of(item);
        let restart = match item {
            Item::Text { gray: level, .. } => pen.in_text && pen.fill != Fill::Gray(*level),
            _ => false,
        };
        if pen.open.is_some() && (pen.open != role || pen.in_text != is_text || restart) {
            pen.op(b"EMC");
            pen.open = None;
        }
        if pen.in_text && !is_text {
            pen.op(b"ET");
            pen.in_text = false;
        }
        match item {
            Item::Text {
                x,
                y,
                size,
                bold,
                gray: level,
                text,
                ..
            } => {
                if !pen.in_text {
                    pen.set_fill(Fill::Gray(*level));
                    pen.op(b"BT");
                    pen.in_text = true;
                    pen.font = None;
                } else if pen.fill != Fill::Gray(*level) {
                    pen.op(b"ET");
                    pen.set_fill(Fill::Gray(*level));
                    pen.op(b"BT");
                    pen.font = None;
                }
                pen.mark(role);
                if pen.font != Some((*bold, *size)) {
                    let name = if *bold { BOLD } else { REGULAR };
                    let _ = write!(pen.out, "/{name} ");
                    pen.num(*size);
                    pen.op(b"Tf");
                    pen.font = Some((*bold, *size));
                }
                pen.out.extend_from_slice(b"1 0 0 1 ");
                pen.num(*x);
                pen.num(geo.height - y);
                pen.op(b"Tm");
                pen.out.push(b'<');
                let face = &codes[usize::from(*bold)];
                for c in text.chars() {
                    hex4(&mut pen.out, face.of(c));
                }
                pen.op(b"> Tj");
            }
            Item::Line {
                from,
                to,
                width,
                dotted,
                ..
            } => {
                pen.mark(role);
                if pen.line != Some((*width, *dotted)) {
                    pen.num(*width);
                    pen.op(b"w");
                    pen.op(if *dotted { b"[0.8 2.2] 0 d" } else { b"[] 0 d" });
                    pen.line = Some((*width, *dotted));
                }
                pen.num(from.0);
                pen.num(geo.height - from.1);
                pen.op(b"m");
                pen.num(to.0);
                pen.num(geo.height - to.1);
                pen.op(b"l S");
            }
            Item::Rect {
                x, y, w, h, color, ..
            } => {
                pen.mark(role);
                pen.set_fill(*color);
                pen.num(*x);
                pen.num(geo.height - y - h);
                pen.num(*w);
                pen.num(*h);
                pen.op(b"re f");
            }
            Item::Link {
                x,
                y,
                w,
                h,
                anchor,
                element,
            } => {
                let Some(target) = anchors.get(anchor) else {
                    continue;
                };
                pen.tags.links.push(*element);
                links.push(LinkArea {
                    rect: [*x, geo.height - y - h, x + w, geo.height - y],
                    target: *target,
                    element: *element,
                });
            }
        }
    }
    if pen.open.is_some() {
        pen.op(b"EMC");
    }
    if pen.in_text {
        pen.op(b"ET");
    }
    Drawn {
        content: pen.out,
        tags: pen.tags,
        links,
    }
}
