//! Layout: blocks become pages of positioned, measured lines, rules and
//! shaded boxes (A4 portrait, points, y measured down from the top), each
//! with its role in the document's structure ([`super::structure`]).
//! Nothing here knows about printpdf.

use std::collections::HashMap;

use super::blocks::{Align, Block, Color, Para};
use super::font::Metrics;
use super::linebreak::break_lines_at;
use super::structure::{Kind, Role, Structure};

/// A4 portrait and its margins, in points.
#[derive(Debug, Clone, Copy)]
pub struct Geometry {
    /// Page width.
    pub width: f32,
    /// Page height.
    pub height: f32,
    /// Left and right margin.
    pub side: f32,
    /// Top margin (below the running header).
    pub top: f32,
    /// Bottom margin (above the page number).
    pub bottom: f32,
}

impl Geometry {
    /// A4 portrait with 18 mm side margins.
    pub const A4: Geometry = Geometry {
        width: 595.28,
        height: 841.89,
        side: 51.0,
        top: 62.0,
        bottom: 56.0,
    };

    /// The width between the margins.
    pub fn body_width(&self) -> f32 {
        self.width - 2.0 * self.side
    }

    /// The lowest y text may reach.
    pub fn body_bottom(&self) -> f32 {
        self.height - self.bottom
    }
}

/// Something drawn on a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A line of text; `y` is its baseline.
    Text {
        /// Left edge.
        x: f32,
        /// Baseline.
        y: f32,
        /// Size in points.
        size: f32,
        /// Bold face.
        bold: bool,
        /// Grey level (0 black).
        gray: f32,
        /// The text.
        text: String,
        /// What it belongs to.
        role: Role,
    },
    /// A rule.
    Line {
        /// Start.
        from: (f32, f32),
        /// End.
        to: (f32, f32),
        /// Thickness.
        width: f32,
        /// Dotted (table of contents leaders).
        dotted: bool,
        /// What it belongs to.
        role: Role,
    },
    /// A filled box; `y` is its top.
    Rect {
        /// Left.
        x: f32,
        /// Top.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
        /// The fill.
        color: Color,
        /// What it belongs to.
        role: Role,
    },
    /// A clickable area leading to an anchor.
    Link {
        /// Left.
        x: f32,
        /// Top.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
        /// The anchor.
        anchor: String,
        /// Its link element, if tagged.
        element: Option<usize>,
    },
}

/// One laid-out page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    /// What is drawn.
    pub items: Vec<Item>,
    /// The running header's text.
    pub header: String,
    /// No running header or page number.
    pub plain: bool,
}

/// The laid-out document.
#[derive(Debug, Clone, Default)]
pub struct Laid {
    /// The pages.
    pub pages: Vec<Page>,
    /// Page index (from 0) of every anchor.
    pub anchors: HashMap<String, usize>,
    /// Bookmarks: title and page index, in document order.
    pub bookmarks: Vec<(String, usize)>,
    /// The structure elements the items belong to.
    pub structure: Structure,
}

/// A line of a paragraph set to a width: offset from the box's left, the
/// text, and its style.
#[derive(Debug, Clone, PartialEq)]
pub struct SetLine {
    /// Offset from the left of the box.
    pub dx: f32,
    /// Space above the line box (a paragraph's space before).
    pub space: f32,
    /// The text.
    pub text: String,
    /// Size.
    pub size: f32,
    /// Bold.
    pub bold: bool,
    /// Which paragraph of a table cell it is a line of.
    pub para: usize,
}

impl SetLine {
    /// The height the line takes, space before included.
    pub fn height(&self) -> f32 {
        self.space + line_height(self.size)
    }
}

/// The line height for a text size.
pub fn line_height(size: f32) -> f32 {
    size * 1.55
}

/// Sets a paragraph in a box of `width`: breaks its lines and places them.
pub fn set_para(m: &Metrics, para: &Para, width: f32) -> Vec<SetLine> {
    let first_width = (width - para.indent).max(para.size);
    let rest_width = (first_width - para.hanging).max(para.size);
    let advance = |c: char| m.advance(c, para.size, para.bold);
    let mut out = Vec::new();
    for (p, part) in para.text.split('\n').enumerate() {
        let first = break_lines_at(part, first_width, &advance, para.at_spaces);
        let mut lines: Vec<(String, f32)> = Vec::new();
        if para.hanging == 0.0 || first.len() < 2 {
            lines.extend(first.into_iter().map(|l| (l, 0.0)));
        } else {
            // The lines after the first are set to their own width.
            let head = first[0].clone();
            let rest = part[head.len()..].trim_start();
            lines.push((head, 0.0));
            lines.extend(
                break_lines_at(rest, rest_width, &advance, para.at_spaces)
                    .into_iter()
                    .map(|l| (l, para.hanging)),
            );
        }
        for (i, (text, extra)) in lines.into_iter().enumerate() {
            let used = m.width(&text, para.size, para.bold);
            let dx = para.indent
                + extra
                + match para.align {
                    Align::Left => 0.0,
                    Align::Center => ((width - para.indent - used) / 2.0).max(0.0),
                    Align::Right => (width - para.indent - used).max(0.0),
                };
            out.push(SetLine {
                dx,
                space: if p == 0 && i == 0 {
                    para.space_before
                } else {
                    0.0
                },
                text,
                size: para.size,
                bold: para.bold,
                para: 0,
            });
        }
    }
    out
}

/// The layout in progress.
pub struct Layout<'a> {
    pub(super) m: &'a Metrics<'a>,
    pub(super) geo: Geometry,
    pub(super) laid: Laid,
    /// The current y (top of the next thing placed).
    pub(super) y: f32,
    pub(super) header: String,
    pub(super) known: &'a HashMap<String, usize>,
}

/// Lays out blocks into pages. `known` holds the anchors' pages from a
/// previous pass, for the table of contents.
pub fn paginate(
    blocks: &[Block],
    m: &Metrics,
    geo: Geometry,
    known: &HashMap<String, usize>,
) -> Laid {
    paginate_from(blocks, m, geo, known, "")
}

/// Lays out blocks into pages from a fresh page whose running header is
/// `header`.
pub fn paginate_from(
    blocks: &[Block],
    m: &Metrics,
    geo: Geometry,
    known: &HashMap<String, usize>,
    header: &str,
) -> Laid {
    let mut layout = Layout {
        m,
        geo,
        laid: Laid::default(),
        y: geo.top,
        header: header.to_string(),
        known,
    };
    layout.laid.pages.push(Page {
        header: header.to_string(),
        ..Page::default()
    });
    for (i, block) in blocks.iter().enumerate() {
        layout.block(block, blocks.get(i + 1));
    }
    layout.laid
}

/// Lays out until the table of contents' page numbers settle (two passes,
/// a third if the numbers changed the pages).
pub fn paginate_settled(blocks: &[Block], m: &Metrics, geo: Geometry) -> Laid {
    let mut known = HashMap::new();
    for _ in 0..3 {
        let laid = paginate(blocks, m, geo, &known);
        if laid.anchors == known {
            return laid;
        }
        known = laid.anchors;
    }
    paginate(blocks, m, geo, &known)
}

impl Layout<'_> {
    /// The page being filled.
    pub(super) fn page(&mut self) -> &mut Page {
        self.laid.pages.last_mut().expect("a page is always open")
    }

    /// The index of the page being filled.
    pub(super) fn page_index(&self) -> usize {
        self.laid.pages.len() - 1
    }

    /// Starts a new page unless the current one is still empty.
    pub(super) fn new_page(&mut self) {
        if self.page().items.is_empty() {
            self.y = self.geo.top;
            return;
        }
        self.laid.pages.push(Page {
            header: self.header.clone(),
            ..Page::default()
        });
        self.y = self.geo.top;
    }

    /// The room left on the page.
    pub(super) fn room(&self) -> f32 {
        self.geo.body_bottom() - self.y
    }

    /// Makes room for `h` points, starting a new page if needed.
    pub(super) fn need(&mut self, h: f32) {
        if h > self.room() {
            self.new_page();
        }
    }

    /// Draws set lines at `x`, from the current y.
    pub(super) fn draw_lines(&mut self, lines: &[SetLine], x: f32, top: f32) -> f32 {
        let mut y = top;
        for line in lines {
            y += line.space;
            let baseline = y + line.size * 1.16;
            if !line.text.is_empty() {
                let role = self.laid.structure.role;
                self.page().items.push(Item::Text {
                    x: x + line.dx,
                    y: baseline,
                    size: line.size,
                    bold: line.bold,
                    gray: 0.0,
                    text: line.text.clone(),
                    role,
                });
            }
            y += line_height(line.size);
        }
        y
    }

    pub(super) fn block(&mut self, block: &Block, next: Option<&Block>) {
        let width = self.geo.body_width();
        let left = self.geo.side;
        match block {
            Block::Para(para) => self.paragraph(para),
            Block::Heading(level, para) => self.tagged(Kind::Heading(*level), |this| {
                // Kept with the first lines of what follows.
                let lines = set_para(this.m, para, width);
                let h: f32 = lines.iter().map(SetLine::height).sum();
                let keep = if next.is_some() { 70.0 } else { 0.0 };
                this.need(h + keep);
                this.y = this.draw_lines(&lines, left, this.y);
            }),
            Block::Bullets(items) => {
                self.laid.structure.list = None;
                for item in items {
                    let para = Para::new(format!("・{item}"))
                        .hanging(Para::new("").size)
                        .bullet();
                    self.paragraph(&para);
                }
                self.laid.structure.list = None;
            }
            Block::Table(table) => self.tagged(Kind::Table, |this| this.table(table)),
            Block::Chart(chart) => self.chart(chart),
            Block::Stacked(chart) => self.stacked(chart),
            Block::Toc(entries) => self.tagged(Kind::Contents, |this| this.toc(entries)),
            Block::Anchor { id, bookmark } => {
                let page = self.page_index();
                self.laid.anchors.insert(id.clone(), page);
                if let Some(title) = bookmark {
                    self.laid.bookmarks.push((title.clone(), page));
                }
            }
            Block::RunningHeader(text) => {
                self.header = text.clone();
                if self.page().items.is_empty() {
                    self.page().header = text.clone();
                }
            }
            Block::Space(h) => {
                if self.y > self.geo.top {
                    self.y = (self.y + h).min(self.geo.body_bottom());
                }
            }
            Block::PageBreak => self.new_page(),
            Block::Together(blocks) => self.together(blocks),
            Block::PlainPage => self.page().plain = true,
        }
    }

    /// A paragraph across the body width, split over pages line by line:
    /// a P, or a list item when bulleted.
    fn paragraph(&mut self, para: &Para) {
        let lines = set_para(self.m, para, self.geo.body_width());
        let draw = |this: &mut Self| {
            for line in &lines {
                this.need(line.height());
                let x = this.geo.side;
                this.y = this.draw_lines(std::slice::from_ref(line), x, this.y);
            }
        };
        if para.bullet {
            let structure = &mut self.laid.structure;
            let body = structure.list_item(structure.container());
            let before = self.set_role(Role::Element(body));
            draw(self);
            self.set_role(before);
        } else {
            self.tagged(Kind::Paragraph, draw);
        }
    }
}

/// What is drawn belongs to the element open in the structure tree.
impl Layout<'_> {
    /// Runs `f` with what it draws as the content of a new element.
    pub(super) fn tagged<R>(&mut self, kind: Kind, f: impl FnOnce(&mut Self) -> R) -> R {
        self.laid.structure.list = None;
        self.laid.structure.open(kind);
        let out = f(self);
        self.laid.structure.close();
        out
    }

    /// The role of what is drawn now.
    pub(super) fn role(&self) -> Role {
        self.laid.structure.role
    }

    /// Sets the role of what is drawn next; returns the one before.
    pub(super) fn set_role(&mut self, role: Role) -> Role {
        std::mem::replace(&mut self.laid.structure.role, role)
    }
}
