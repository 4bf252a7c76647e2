//! The structure tree of the tagged PDF, added with lopdf after printpdf
//! wrote the pages: one StructElem per element of [`super::structure`],
//! their marked content by page and MCID, the ParentTree, the links'
//! annotations as OBJR, and the catalog's Lang, MarkInfo and
//! ViewerPreferences.

use std::collections::BTreeMap;

use lopdf::{Dictionary, Document, Object, ObjectId, StringFormat};

use super::layout::{Geometry, Item, Laid};
use super::structure::{Element, Kind, Role, Scope};
use crate::error::{Error, Result};

/// The document's language.
pub const LANG: &str = "ja-JP";

/// What a page's content holds for the structure tree.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageTags {
    /// The element of each marked-content sequence, by MCID.
    pub mcids: Vec<usize>,
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

/// A text string: UTF-16BE with its byte order mark.
fn text_string(text: &str) -> Object {
    let mut bytes = vec![0xFE, 0xFF];
    bytes.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    Object::String(bytes, StringFormat::Hexadecimal)
}

fn name(name: &str) -> Object {
    Object::Name(name.as_bytes().to_vec())
}

fn error(message: impl std::fmt::Display) -> Error {
    Error::Pdf(format!("構造ツリーを書けません: {message}"))
}

/// Adds the structure tree for `elements` to `doc`, whose pages' content
/// was marked as `pages` says; figures get their bounding box from `boxes`.
pub fn write(
    doc: &mut Document,
    elements: &[Element],
    pages: &[PageTags],
    boxes: &BTreeMap<usize, (usize, [f32; 4])>,
) -> Result<()> {
    let page_ids: Vec<ObjectId> = doc.get_pages().into_values().collect();
    if page_ids.len() != pages.len() {
        return Err(error("ページ数が合いません"));
    }
    let root = doc.new_object_id();
    let ids: Vec<ObjectId> = elements.iter().map(|_| doc.new_object_id()).collect();
    // Each element's marked content: (page, MCID), in reading order.
    let mut content: Vec<Vec<(usize, i64)>> = vec![Vec::new(); elements.len()];
    let mut parent_tree: Vec<Object> = Vec::new();
    for (p, page) in pages.iter().enumerate() {
        for (mcid, e) in page.mcids.iter().enumerate() {
            content[*e].push((p, mcid as i64));
        }
        let refs = page
            .mcids
            .iter()
            .map(|e| Object::Reference(ids[*e]))
            .collect();
        parent_tree.push(Object::Integer(p as i64));
        parent_tree.push(Object::Array(refs));
    }
    // The links' annotations become objects of their own, in their link.
    let mut objects: Vec<Vec<(usize, ObjectId)>> = vec![Vec::new(); elements.len()];
    let mut key = pages.len() as i64;
    for (p, page) in pages.iter().enumerate() {
        let page_id = page_ids[p];
        let annots = match doc.get_dictionary(page_id).map_err(error)?.get(b"Annots") {
            Ok(Object::Array(annots)) => annots.clone(),
            _ => Vec::new(),
        };
        let mut replaced = Vec::new();
        for (i, annot) in annots.into_iter().enumerate() {
            let (Object::Dictionary(mut dict), Some(Some(e))) = (annot.clone(), page.links.get(i))
            else {
                replaced.push(annot);
                continue;
            };
            dict.set("StructParent", key);
            if let Some(alt) = &elements[*e].alt {
                dict.set("Contents", text_string(alt));
            }
            let id = doc.add_object(dict);
            objects[*e].push((p, id));
            parent_tree.push(Object::Integer(key));
            parent_tree.push(Object::Reference(ids[*e]));
            key += 1;
            replaced.push(Object::Reference(id));
        }
        let page_dict = doc.get_dictionary_mut(page_id).map_err(error)?;
        if !replaced.is_empty() {
            page_dict.set("Annots", replaced);
            page_dict.set("Tabs", name("S"));
        }
        page_dict.set("StructParents", p as i64);
    }
    let mut children: Vec<Vec<Object>> = vec![Vec::new(); elements.len()];
    for (e, element) in elements.iter().enumerate() {
        if let Some(parent) = element.parent {
            children[parent].push(Object::Reference(ids[e]));
        }
    }
    for (e, element) in elements.iter().enumerate() {
        let mut dict = Dictionary::new();
        dict.set("Type", name("StructElem"));
        dict.set("S", name(element.kind.tag()));
        dict.set(
            "P",
            Object::Reference(element.parent.map_or(root, |p| ids[p])),
        );
        let page = content[e]
            .first()
            .map(|(p, _)| *p)
            .or(objects[e].first().map(|(p, _)| *p));
        if let Some(page) = page {
            dict.set("Pg", Object::Reference(page_ids[page]));
        }
        let mut kids: Vec<Object> = content[e]
            .iter()
            .map(|(p, mcid)| {
                if Some(*p) == page {
                    Object::Integer(*mcid)
                } else {
                    Object::Dictionary(Dictionary::from_iter([
                        ("Type", name("MCR")),
                        ("Pg", Object::Reference(page_ids[*p])),
                        ("MCID", Object::Integer(*mcid)),
                    ]))
                }
            })
            .collect();
        kids.append(&mut children[e]);
        kids.extend(objects[e].iter().map(|(p, id)| {
            Object::Dictionary(Dictionary::from_iter([
                ("Type", name("OBJR")),
                ("Pg", Object::Reference(page_ids[*p])),
                ("Obj", Object::Reference(*id)),
            ]))
        }));
        match kids.len() {
            0 => {}
            1 => dict.set("K", kids.remove(0)),
            _ => dict.set("K", kids),
        }
        if let (Kind::Figure, Some(alt)) = (element.kind, &element.alt) {
            dict.set("Alt", text_string(alt));
        }
        let mut attributes = Dictionary::new();
        if let Kind::Header(scope) = element.kind {
            let scope = match scope {
                Scope::Column => "Column",
                Scope::Row => "Row",
            };
            attributes.set("Scope", name(scope));
        }
        if element.span > 1 {
            attributes.set("ColSpan", element.span as i64);
        }
        if !attributes.is_empty() {
            attributes.set("O", name("Table"));
            dict.set("A", attributes);
        }
        if let Some((_, bbox)) = boxes.get(&e) {
            let bbox = bbox.iter().map(|v| Object::Real(*v)).collect::<Vec<_>>();
            dict.set(
                "A",
                Dictionary::from_iter([("O", name("Layout")), ("BBox", Object::Array(bbox))]),
            );
        }
        doc.objects.insert(ids[e], Object::Dictionary(dict));
    }
    let parent_tree = doc.add_object(Dictionary::from_iter([(
        "Nums",
        Object::Array(parent_tree),
    )]));
    let top: Vec<Object> = elements
        .iter()
        .zip(&ids)
        .filter(|(element, _)| element.parent.is_none())
        .map(|(_, id)| Object::Reference(*id))
        .collect();
    doc.objects.insert(
        root,
        Object::Dictionary(Dictionary::from_iter([
            ("Type", name("StructTreeRoot")),
            ("K", Object::Array(top)),
            ("ParentTree", Object::Reference(parent_tree)),
            ("ParentTreeNextKey", Object::Integer(key)),
        ])),
    );
    let catalog = doc.catalog_mut().map_err(error)?;
    catalog.set("StructTreeRoot", Object::Reference(root));
    catalog.set(
        "MarkInfo",
        Dictionary::from_iter([("Marked", Object::Boolean(true))]),
    );
    catalog.set("Lang", Object::string_literal(LANG));
    catalog.set(
        "ViewerPreferences",
        Dictionary::from_iter([("DisplayDocTitle", Object::Boolean(true))]),
    );
    Ok(())
}
