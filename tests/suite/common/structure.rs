//! Tagged PDFs read back with lopdf: the structure tree (each element's
//! type, own text, alternative text, attributes, kids) and what each page's
//! content marks, for the tests of tagging and the committed expectations.

use std::collections::BTreeMap;

use lopdf::content::Content;
use lopdf::{Dictionary, Document as Pdf, Encoding, Object, ObjectId};

use super::pdf::{load, utf16};

/// An element of the structure tree read back: its type, the text of its
/// own marked content, its alternative text, attributes and children.
#[derive(Debug)]
pub struct Element {
    pub tag: String,
    pub text: String,
    pub alt: Option<String>,
    pub attributes: Option<Dictionary>,
    pub kids: Vec<Element>,
    pub objects: Vec<ObjectId>,
}

impl Element {
    /// Every element, depth first (reading order).
    pub fn all(&self) -> Vec<&Element> {
        let mut out = vec![self];
        for kid in &self.kids {
            out.extend(kid.all());
        }
        out
    }

    /// The text of this element and of those inside it, in order.
    pub fn deep_text(&self) -> String {
        self.all().iter().map(|e| e.text.as_str()).collect()
    }
}

/// What a page's content stream marks.
#[derive(Debug, Default)]
pub struct Marked {
    /// The text of each MCID.
    pub text: BTreeMap<i64, String>,
    /// Text drawn as an artifact.
    pub artifacts: String,
    /// Text-showing operators outside any marked-content sequence.
    pub unmarked: usize,
    /// The depth of marked content at the end (0 when balanced).
    pub depth: usize,
}

pub fn decode(encoding: Option<&Encoding>, operands: &[Object]) -> String {
    let Some(encoding) = encoding else {
        return String::new();
    };
    let mut out = String::new();
    for operand in operands {
        match operand {
            Object::String(bytes, _) => out.push_str(&Pdf::decode_text(encoding, bytes).unwrap()),
            Object::Array(items) => out.push_str(&decode(Some(encoding), items)),
            _ => {}
        }
    }
    out
}

/// Reads a page's content: which text each MCID holds, and what is outside.
pub fn marked(pdf: &Pdf, page: ObjectId) -> Marked {
    let fonts = pdf.get_page_fonts(page).unwrap();
    let encodings: BTreeMap<Vec<u8>, Encoding> = fonts
        .into_iter()
        .map(|(name, font)| (name, font.get_font_encoding(pdf).unwrap()))
        .collect();
    let content = Content::decode(&pdf.get_page_content(page)).unwrap();
    let mut out = Marked::default();
    // Each open sequence: its tag and MCID.
    let mut stack: Vec<(Vec<u8>, Option<i64>)> = Vec::new();
    let mut encoding = None;
    for op in &content.operations {
        match op.operator.as_str() {
            "BMC" => stack.push((op.operands[0].as_name().unwrap().to_vec(), None)),
            "BDC" => {
                let tag = op.operands[0].as_name().unwrap().to_vec();
                let mcid = op.operands[1]
                    .as_dict()
                    .ok()
                    .and_then(|d| d.get(b"MCID").ok())
                    .and_then(|m| m.as_i64().ok());
                stack.push((tag, mcid));
            }
            "EMC" => {
                stack.pop().expect("EMC without a sequence");
            }
            "Tf" => encoding = encodings.get(op.operands[0].as_name().unwrap()),
            "Tj" | "TJ" | "'" | "\"" => {
                let text = decode(encoding, &op.operands);
                if stack.is_empty() {
                    out.unmarked += 1;
                } else if stack.iter().any(|(tag, _)| tag == b"Artifact") {
                    out.artifacts.push_str(&text);
                } else {
                    let mcid = stack.iter().rev().find_map(|(_, m)| *m);
                    let mcid = mcid.expect("text in a sequence without an MCID");
                    out.text.entry(mcid).or_default().push_str(&text);
                }
            }
            _ => {}
        }
    }
    out.depth = stack.len();
    out
}

/// The document read back: the root element (the StructTreeRoot's kids)
/// and each page's marked content.
pub struct Tagged {
    pub pdf: Pdf,
    pub root: Element,
    pub pages: Vec<(ObjectId, Marked)>,
}

pub fn read_element(pdf: &Pdf, id: ObjectId, pages: &BTreeMap<ObjectId, Marked>) -> Element {
    let dict = pdf.get_dictionary(id).unwrap();
    assert_eq!(dict.get(b"Type").unwrap().as_name().unwrap(), b"StructElem");
    let page = dict.get(b"Pg").ok().map(|p| p.as_reference().unwrap());
    let mut element = Element {
        tag: String::from_utf8(dict.get(b"S").unwrap().as_name().unwrap().to_vec()).unwrap(),
        text: String::new(),
        alt: dict.get(b"Alt").ok().map(utf16),
        attributes: dict.get(b"A").ok().map(|a| a.as_dict().unwrap().clone()),
        kids: Vec::new(),
        objects: Vec::new(),
    };
    let kids = match dict.get(b"K") {
        Ok(Object::Array(kids)) => kids.clone(),
        Ok(kid) => vec![kid.clone()],
        Err(_) => Vec::new(),
    };
    let mcid_text = |page: ObjectId, mcid: i64| pages[&page].text.get(&mcid).cloned();
    for kid in kids {
        match kid {
            Object::Integer(mcid) => {
                element.text += &mcid_text(page.unwrap(), mcid).unwrap_or_default();
            }
            Object::Reference(kid) => element.kids.push(read_element(pdf, kid, pages)),
            Object::Dictionary(d) => {
                let pg = d.get(b"Pg").unwrap().as_reference().unwrap();
                match d.get(b"Type").unwrap().as_name().unwrap() {
                    b"MCR" => {
                        let mcid = d.get(b"MCID").unwrap().as_i64().unwrap();
                        element.text += &mcid_text(pg, mcid).unwrap_or_default();
                    }
                    b"OBJR" => element
                        .objects
                        .push(d.get(b"Obj").unwrap().as_reference().unwrap()),
                    other => panic!("kid {other:?}"),
                }
            }
            other => panic!("kid {other:?}"),
        }
    }
    element
}

pub fn tagged(bytes: &[u8]) -> Tagged {
    let pdf = load(bytes);
    let pages: Vec<(ObjectId, Marked)> = pdf
        .get_pages()
        .into_values()
        .map(|id| (id, marked(&pdf, id)))
        .collect();
    let by_id: BTreeMap<ObjectId, Marked> = pdf
        .get_pages()
        .into_values()
        .map(|id| (id, marked(&pdf, id)))
        .collect();
    let catalog = pdf.catalog().unwrap();
    let tree = catalog
        .get_deref(b"StructTreeRoot", &pdf)
        .unwrap()
        .as_dict()
        .unwrap();
    assert_eq!(
        tree.get(b"Type").unwrap().as_name().unwrap(),
        b"StructTreeRoot"
    );
    let top = tree.get(b"K").unwrap().as_array().unwrap();
    assert_eq!(top.len(), 1, "one Document element");
    let root = read_element(&pdf, top[0].as_reference().unwrap(), &by_id);
    Tagged { pdf, root, pages }
}
