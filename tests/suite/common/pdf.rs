//! Reading written PDFs back with lopdf: text of pages without whitespace,
//! pieces in order, the outline, and a writer with fixed options.

use lopdf::{Document as Pdf, Object, ObjectId};
use mokuhyo::outputs::pdf::{PdfOptions, Writer};
use mokuhyo::outputs::present::Headings;
use mokuhyo_typeset::font::FontSet;

/// A writer with the default headings, the embedded fonts and a fixed date.
pub fn writer() -> Writer {
    Writer::new(PdfOptions {
        headings: Headings::default(),
        timestamp: chrono::NaiveDate::from_ymd_opt(2026, 4, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap(),
        fonts: FontSet::embedded(),
    })
    .unwrap()
}

/// Parses PDF bytes.
pub fn load(bytes: &[u8]) -> Pdf {
    Pdf::load_mem(bytes).unwrap()
}

/// The text of pages (from 1), whitespace removed (lines of one cell are
/// joined in the content stream).
pub fn text(pdf: &Pdf, pages: impl IntoIterator<Item = u32>) -> String {
    let pages: Vec<u32> = pages.into_iter().collect();
    let text = pdf.extract_text(&pages).unwrap();
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// `s` without whitespace.
pub fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Asserts every piece occurs in `text`, each after the one before.
pub fn assert_in_order(text: &str, pieces: &[String]) {
    let mut at = 0;
    for piece in pieces {
        let piece = squeeze(piece);
        match text[at..].find(&piece) {
            Some(i) => at += i + piece.len(),
            None => panic!(
                "「{piece}」 missing or out of order after …{}",
                &text[at.saturating_sub(60).min(at)..at]
            ),
        }
    }
}

/// A UTF-16 text string (with its byte order mark) as a String.
pub fn utf16(object: &Object) -> String {
    let bytes = object.as_str().unwrap();
    let units: Vec<u16> = bytes[2..]
        .chunks(2)
        .map(|c| u16::from_be_bytes([c[0], c[1]]))
        .collect();
    String::from_utf16(&units).unwrap()
}

/// Page number (from 1) of a page object.
pub fn page_number(pdf: &Pdf, id: ObjectId) -> u32 {
    pdf.get_pages()
        .into_iter()
        .find(|(_, p)| *p == id)
        .map(|(n, _)| n)
        .unwrap()
}

/// The outline: (title, page from 1), in order.
pub fn bookmarks(pdf: &Pdf) -> Vec<(String, u32)> {
    let catalog = pdf.catalog().unwrap();
    let outlines = catalog
        .get_deref(b"Outlines", pdf)
        .unwrap()
        .as_dict()
        .unwrap();
    let mut next = outlines.get(b"First").ok().cloned();
    let mut out = Vec::new();
    while let Some(Object::Reference(id)) = next {
        let item = pdf.get_dictionary(id).unwrap();
        let dest = item.get(b"Dest").unwrap().as_array().unwrap();
        let page = page_number(pdf, dest[0].as_reference().unwrap());
        out.push((utf16(item.get(b"Title").unwrap()), page));
        next = item.get(b"Next").ok().cloned();
    }
    out
}
