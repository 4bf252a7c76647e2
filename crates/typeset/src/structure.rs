//! The logical structure the layout records beside the pages, for the
//! tagged PDF: the elements (headings, paragraphs, lists, tables, figures,
//! the contents) in reading order, and the role of each item drawn (the
//! element it belongs to, or an artifact). [`super::tags`] writes them.

/// A header cell's scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The header of its column (a header row).
    Column,
    /// The header of its row (a label beside values).
    Row,
}

/// A structure element's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The whole document (the root).
    Document,
    /// A heading of a level, from 1.
    Heading(u8),
    /// A paragraph.
    Paragraph,
    /// A list.
    List,
    /// A list item.
    ListItem,
    /// A list item's body.
    ListBody,
    /// A table.
    Table,
    /// A table row.
    Row,
    /// A header cell.
    Header(Scope),
    /// A data cell.
    Data,
    /// A figure (a chart), with its alternative text.
    Figure,
    /// The table of contents.
    Contents,
    /// A line of the table of contents.
    ContentsItem,
    /// A reference to another part of the document (a contents line's
    /// link is in one: a TOCI holds Lbl, Reference, NonStruct, P or TOC
    /// only, ISO 32000-1 table 333).
    Reference,
    /// A link (its text and its annotation).
    Link,
}

impl Kind {
    /// The standard structure type's name.
    pub fn tag(self) -> &'static str {
        match self {
            Kind::Document => "Document",
            Kind::Heading(1) => "H1",
            Kind::Heading(2) => "H2",
            Kind::Heading(3) => "H3",
            Kind::Heading(4) => "H4",
            Kind::Heading(5) => "H5",
            Kind::Heading(_) => "H6",
            Kind::Paragraph => "P",
            Kind::List => "L",
            Kind::ListItem => "LI",
            Kind::ListBody => "LBody",
            Kind::Table => "Table",
            Kind::Row => "TR",
            Kind::Header(_) => "TH",
            Kind::Data => "TD",
            Kind::Figure => "Figure",
            Kind::Contents => "TOC",
            Kind::ContentsItem => "TOCI",
            Kind::Reference => "Reference",
            Kind::Link => "Link",
        }
    }
}

/// One structure element.
/// (32 bytes: a 10,000-department packet has millions of them, each kept
/// until the structure tree is written.)
#[derive(Debug, Clone, PartialEq)]
pub struct Element {
    /// Its type.
    pub kind: Kind,
    /// The columns a table cell spans.
    pub span: u32,
    /// The element it is in (`None` for the document); see [`Element::parent`].
    pub parent: Option<u32>,
    /// Alternative text: a figure's /Alt, a link's /Contents.
    pub alt: Option<Box<str>>,
}

impl Element {
    /// The element it is in (`None` for the document).
    pub fn parent(&self) -> Option<usize> {
        self.parent.map(|p| p as usize)
    }
}

/// An element's number as [`Element::parent`] holds it (a document has
/// fewer than 4 billion elements: it would not fit in memory).
pub fn number(e: usize) -> u32 {
    e as u32
}

/// The kinds of artifact: drawn, but not part of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Artifact {
    /// Rules, shading, a repeated table header.
    Layout,
    /// The running header.
    Header,
    /// The page number.
    Footer,
}

/// What an item drawn belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Content of an element (an index into [`Structure::elements`]).
    Element(usize),
    /// An artifact.
    Artifact(Artifact),
}

/// The structure being recorded: the elements, those open, and the role
/// of what is drawn now.
#[derive(Debug, Clone, PartialEq)]
pub struct Structure {
    /// Every element in reading order; the first is the document.
    pub elements: Vec<Element>,
    /// The open elements, innermost last, with the role before each.
    open: Vec<(usize, Role)>,
    /// The role of the items drawn now.
    pub role: Role,
    /// The list that consecutive bulleted paragraphs join.
    pub list: Option<usize>,
}

impl Default for Structure {
    fn default() -> Structure {
        Structure {
            elements: vec![Element {
                kind: Kind::Document,
                span: 1,
                parent: None,
                alt: None,
            }],
            open: Vec::new(),
            role: Role::Element(0),
            list: None,
        }
    }
}

impl Structure {
    /// The innermost open element (the document when none is).
    pub fn container(&self) -> usize {
        self.open.last().map_or(0, |(e, _)| *e)
    }

    /// Adds an element in `parent`, without opening it.
    pub fn add(&mut self, kind: Kind, parent: usize) -> usize {
        self.elements.push(Element {
            kind,
            span: 1,
            parent: Some(number(parent)),
            alt: None,
        });
        self.elements.len() - 1
    }

    /// Opens an element in the innermost open one: what is drawn until it
    /// is closed is its content.
    pub fn open(&mut self, kind: Kind) -> usize {
        let e = self.add(kind, self.container());
        self.open.push((e, self.role));
        self.role = Role::Element(e);
        e
    }

    /// Closes the innermost open element.
    pub fn close(&mut self) {
        if let Some((_, role)) = self.open.pop() {
            self.role = role;
        }
    }

    /// A list item's body in the list being continued (or a new one).
    pub fn list_item(&mut self, parent: usize) -> usize {
        let list = match self.list {
            Some(list) if self.elements[list].parent() == Some(parent) => list,
            _ => self.add(Kind::List, parent),
        };
        self.list = Some(list);
        let item = self.add(Kind::ListItem, list);
        self.add(Kind::ListBody, item)
    }

    /// How far recording has come, to go back to.
    pub fn save(&self) -> Saved {
        Saved {
            elements: self.elements.len(),
            open: self.open.clone(),
            role: self.role,
            list: self.list,
        }
    }

    /// Goes back to a saved state, dropping the elements added since.
    pub fn restore(&mut self, saved: &Saved) {
        self.elements.truncate(saved.elements);
        self.open = saved.open.clone();
        self.role = saved.role;
        self.list = saved.list;
    }
}

/// The recording's state at a point, for [`super::keep`] to lay blocks out
/// again from there.
#[derive(Debug, Clone, PartialEq)]
pub struct Saved {
    elements: usize,
    open: Vec<(usize, Role)>,
    role: Role,
    list: Option<usize>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(target_pointer_width = "64")]
    fn an_element_takes_32_bytes() {
        assert_eq!(std::mem::size_of::<Element>(), 32);
    }
}
