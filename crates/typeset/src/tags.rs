//! The structure tree of the tagged PDF, written after the pages: one
//! StructElem per element of [`super::structure`] (packed in object
//! streams), their marked content by page and MCID, the links' annotations
//! as OBJR, and the ParentTree.

use std::collections::BTreeMap;
use std::io::Write;

use super::file::{File, Ref, reals, reference, references, text};
use super::layout::{Geometry, Item, Laid};
use super::structure::{Element, Kind, Role, Scope};

/// The document's language.
pub const LANG: &str = "ja-JP";

/// What a page's content holds for the structure tree.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageTags {
    /// The element of each marked-content sequence, by MCID (`u32`: a
    /// 10,000-department packet has millions of them).
    pub mcids: Vec<u32>,
    /// The link element of each link annotation, in the page's /Annots
    /// order.
    pub links: Vec<Option<usize>>,
}

/// Each figure's bounding box on the page where it starts (from 0), in PDF
/// coordinates: the body's width, from the top of its first drawing to the
/// bottom of its last there.
pub fn figure_boxes(laid: &Laid, geo: Geometry) -> BTreeMap<usize, (usize, [f32; 4])> {
    let mut boxes: BTreeMap<usize, (usize, [f32; 4])> = BTreeMap::new();
    for (p, page) in laid.pages.iter().enumerate() {
        for item in &page.items {
            let (e, top, bottom) = match *item {
                Item::Text {
                    y,
                    size,
                    role: Role::Element(e),
                    ..
                } => (e, y - size, y + size * 0.25),
                Item::Rect {
                    y,
                    h,
                    role: Role::Element(e),
                    ..
                } => (e, y, y + h),
                Item::Line {
                    from,
                    to,
                    role: Role::Element(e),
                    ..
                } => (e, from.1.min(to.1), from.1.max(to.1)),
                _ => continue,
            };
            if laid.structure.elements[e].kind != Kind::Figure {
                continue;
            }
            let (page, bbox) = boxes
                .entry(e)
                .or_insert((p, [geo.side, f32::MAX, geo.width - geo.side, f32::MIN]));
            if *page == p {
                // Bottom and top, measured up from the page's foot.
                bbox[1] = bbox[1].min(geo.height - bottom);
                bbox[3] = bbox[3].max(geo.height - top);
            }
        }
    }
    boxes
}

/// A link annotation that belongs to a link element.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LinkObject {
    /// The link element.
    pub element: usize,
    /// The page (from 0) it is on.
    pub page: usize,
    /// The annotation's object.
    pub annot: Ref,
    /// Its key in the ParentTree (its /StructParent).
    pub key: usize,
}

/// Row starts of a compressed table: `starts[e]..starts[e + 1]` are row
/// `e`'s entries in the table filled by [`fill`].
fn starts(len: usize, rows: impl Iterator<Item = usize>) -> Vec<usize> {
    let mut starts = vec![0usize; len + 1];
    for row in rows {
        starts[row + 1] += 1;
    }
    for i in 0..len {
        starts[i + 1] += starts[i];
    }
    starts
}

/// Fills a compressed table with `(row, value)` pairs, in their order.
fn fill<T: Copy + Default>(starts: &[usize], pairs: impl Iterator<Item = (usize, T)>) -> Vec<T> {
    let mut next = starts.to_vec();
    let mut values = vec![T::default(); starts[starts.len() - 1]];
    for (row, value) in pairs {
        values[next[row]] = value;
        next[row] += 1;
    }
    values
}

/// Writes the structure tree for `elements` as `root`: the pages' content
/// was marked as `pages` says, `links` are the tagged link annotations,
/// figures get their bounding box from `boxes`.
pub fn write(
    file: &mut File<'_>,
    root: Ref,
    elements: &[Element],
    pages: &[PageTags],
    page_ids: &[Ref],
    links: &[LinkObject],
    boxes: &BTreeMap<usize, (usize, [f32; 4])>,
) {
    let ids: Vec<Ref> = elements.iter().map(|_| file.reserve()).collect();
    let marked = || {
        pages.iter().enumerate().flat_map(|(p, page)| {
            page.mcids
                .iter()
                .enumerate()
                .map(move |(mcid, e)| (*e as usize, (p as u32, mcid as u32)))
        })
    };
    // Each element's marked content (page, MCID) in reading order, its
    // child elements, its annotations.
    let content_at = starts(elements.len(), marked().map(|(e, _)| e));
    let content = fill(&content_at, marked());
    let child = || {
        elements
            .iter()
            .enumerate()
            .filter_map(|(e, el)| el.parent().map(|p| (p, e)))
    };
    let children_at = starts(elements.len(), child().map(|(p, _)| p));
    let children = fill(&children_at, child());
    let objects_at = starts(elements.len(), links.iter().map(|l| l.element));
    let objects = fill(
        &objects_at,
        links.iter().map(|l| (l.element, (l.page, l.annot))),
    );

    for (e, element) in elements.iter().enumerate() {
        let content = &content[content_at[e]..content_at[e + 1]];
        let children = &children[children_at[e]..children_at[e + 1]];
        let objects = &objects[objects_at[e]..objects_at[e + 1]];
        let mut d = Vec::with_capacity(96);
        let _ = write!(d, "<</Type/StructElem/S/{}/P ", element.kind.tag());
        reference(&mut d, element.parent().map_or(root, |p| ids[p]));
        let page = content
            .first()
            .map(|(p, _)| *p as usize)
            .or(objects.first().map(|(p, _)| *p));
        if let Some(page) = page {
            d.extend_from_slice(b"/Pg ");
            reference(&mut d, page_ids[page]);
        }
        let kids = content.len() + children.len() + objects.len();
        if kids > 0 {
            d.extend_from_slice(if kids == 1 { b"/K " } else { b"/K[" });
            let mut first = true;
            let mut gap = |d: &mut Vec<u8>| {
                if !first {
                    d.push(b' ');
                }
                first = false;
            };
            for (p, mcid) in content {
                gap(&mut d);
                if Some(*p as usize) == page {
                    let _ = write!(d, "{mcid}");
                } else {
                    d.extend_from_slice(b"<</Type/MCR/Pg ");
                    reference(&mut d, page_ids[*p as usize]);
                    let _ = write!(d, "/MCID {mcid}>>");
                }
            }
            for c in children {
                gap(&mut d);
                reference(&mut d, ids[*c]);
            }
            for (p, annot) in objects {
                gap(&mut d);
                d.extend_from_slice(b"<</Type/OBJR/Pg ");
                reference(&mut d, page_ids[*p]);
                d.extend_from_slice(b"/Obj ");
                reference(&mut d, *annot);
                d.extend_from_slice(b">>");
            }
            if kids > 1 {
                d.push(b']');
            }
        }
        if let (Kind::Figure, Some(alt)) = (element.kind, &element.alt) {
            d.extend_from_slice(b"/Alt");
            text(&mut d, alt);
        }
        if let Some((_, bbox)) = boxes.get(&e) {
            d.extend_from_slice(b"/A<</O/Layout/BBox[");
            reals(&mut d, bbox);
            d.extend_from_slice(b"]>>");
        } else {
            let scope = match element.kind {
                Kind::Header(Scope::Column) => Some("Column"),
                Kind::Header(Scope::Row) => Some("Row"),
                _ => None,
            };
            if scope.is_some() || element.span > 1 {
                d.extend_from_slice(b"/A<</O/Table");
                if let Some(scope) = scope {
                    let _ = write!(d, "/Scope/{scope}");
                }
                if element.span > 1 {
                    let _ = write!(d, "/ColSpan {}", element.span);
                }
                d.extend_from_slice(b">>");
            }
        }
        d.extend_from_slice(b">>");
        file.packed(ids[e], d);
    }

    let parent_tree = file.reserve();
    let mut t = Vec::with_capacity(pages.len() * 64);
    t.extend_from_slice(b"<</Nums[");
    for (p, page) in pages.iter().enumerate() {
        let _ = write!(t, "{p}[");
        references(&mut t, page.mcids.iter().map(|e| ids[*e as usize]));
        t.extend_from_slice(b"] ");
    }
    for link in links {
        let _ = write!(t, "{} ", link.key);
        reference(&mut t, ids[link.element]);
        t.push(b' ');
    }
    t.extend_from_slice(b"]>>");
    file.packed(parent_tree, t);

    let mut r = b"<</Type/StructTreeRoot/K[".to_vec();
    let top = elements
        .iter()
        .zip(&ids)
        .filter(|(e, _)| e.parent.is_none());
    references(&mut r, top.map(|(_, id)| *id));
    r.extend_from_slice(b"]/ParentTree ");
    reference(&mut r, parent_tree);
    let next_key = pages.len() + links.len();
    let _ = write!(r, "/ParentTreeNextKey {next_key}>>");
    file.packed(root, r);
}
