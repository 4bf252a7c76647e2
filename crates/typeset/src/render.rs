//! Rendering: laid-out pages become a tagged PDF file, written as it is
//! made ([`super::file`]): the fonts embedded as subsets ([`super::embed`]),
//! the pages drawn in parallel ([`super::draw`]) and compressed, their
//! links, the bookmarks, the structure tree ([`super::tags`]), the document
//! properties (in the information dictionary and as XMP metadata,
//! [`super::properties`]) and an ID derived from the content, so the same pages
//! give the same bytes whatever the number of threads.

use std::io::Write;

use rayon::prelude::*;

use super::draw::{BOLD, Drawn, REGULAR, draw};
use super::embed::{Face, embed};
use super::file::{File, Ref, deflate_content, reals, reference, references, text};
use super::font::FontSet;
use super::layout::{Geometry, Item, Laid};
use super::properties::{Meta, information, xmp};
use super::tags::{LANG, LinkObject};
use crate::error::{Error, Result};
use crate::fnv::{FNV_START, fnv};

/// The fonts parsed for embedding, reused across documents.
pub struct Faces {
    regular: Face,
    bold: Face,
}

impl Faces {
    /// Parses both faces of a font set.
    pub fn parse(fonts: &FontSet) -> Result<Faces> {
        Ok(Faces {
            regular: Face::parse(&fonts.regular)?,
            bold: Face::parse(&fonts.bold)?,
        })
    }
}

/// Pages drawn at a time (their content waits in memory until written).
const BATCH: usize = 64;

/// The characters a face draws, sorted, each once.
fn distinct_chars(laid: &Laid, bold: bool) -> Vec<char> {
    let mut chars: Vec<char> = laid
        .pages
        .par_iter()
        .fold(Vec::new, |mut chars, page| {
            for item in &page.items {
                if let Item::Text { text, bold: b, .. } = item
                    && *b == bold
                {
                    chars.extend(text.chars());
                }
            }
            chars.sort_unstable();
            chars.dedup();
            chars
        })
        .flatten()
        .collect();
    chars.sort_unstable();
    chars.dedup();
    chars
}

/// A subset tag (six capitals) from the characters a face draws.
fn subset_tag(chars: &[char]) -> String {
    let mut hash = fnv(
        chars.iter().flat_map(|c| (*c as u32).to_le_bytes()),
        FNV_START,
    );
    (0..6)
        .map(|_| {
            let c = (b'A' + (hash % 26) as u8) as char;
            hash /= 26;
            c
        })
        .collect()
}

/// Feeds an item into the content's fingerprint (the document ID), field by
/// field: no text formatting on the hot path.
fn fingerprint(hash: u64, item: &Item) -> u64 {
    let floats = |hash: u64, values: &[f32]| fnv(values.iter().flat_map(|v| v.to_le_bytes()), hash);
    match item {
        Item::Text {
            x,
            y,
            size,
            bold,
            gray,
            text,
            ..
        } => {
            let hash = floats(fnv([0, u8::from(*bold)], hash), &[*x, *y, *size, *gray]);
            fnv(text.bytes().chain([0]), hash)
        }
        Item::Line {
            from,
            to,
            width,
            dotted,
            ..
        } => floats(
            fnv([1, u8::from(*dotted)], hash),
            &[from.0, from.1, to.0, to.1, *width],
        ),
        Item::Rect {
            x, y, w, h, color, ..
        } => {
            let hash = floats(fnv([2], hash), &[*x, *y, *w, *h]);
            floats(hash, &color.components())
        }
        Item::Link {
            x, y, w, h, anchor, ..
        } => {
            let hash = floats(fnv([3], hash), &[*x, *y, *w, *h]);
            fnv(anchor.bytes().chain([0]), hash)
        }
    }
}

/// A destination: the top of a page, zoom unchanged.
fn destination(out: &mut Vec<u8>, page: Ref) {
    out.push(b'[');
    reference(out, page);
    out.extend_from_slice(b"/XYZ null null null]");
}

/// Renders the pages to PDF bytes, given to `sink` as they are made when
/// there is one (the bytes left are returned: none then); the sink's
/// error is returned, naming the file it writes.
/// Each page's items are dropped once the page is written.
pub fn render(
    mut laid: Laid,
    faces: &Faces,
    meta: &Meta,
    geo: Geometry,
    sink: Option<&mut dyn Write>,
) -> Result<Vec<u8>> {
    let mut file = File::new(sink);
    let catalog = file.reserve();
    let tree = file.reserve();
    let info = file.reserve();
    let struct_root = file.reserve();

    let chars = [distinct_chars(&laid, false), distinct_chars(&laid, true)];
    let boxes = super::tags::figure_boxes(&laid, geo);
    let regular_tag = subset_tag(&chars[0]);
    let bold_tag = subset_tag(&chars[1]);
    let (regular, regular_codes) = embed(&mut file, &faces.regular, &regular_tag, &chars[0])?;
    let (bold, bold_codes) = embed(&mut file, &faces.bold, &bold_tag, &chars[1])?;
    let codes = [regular_codes, bold_codes];
    let resources = file.reserve();
    let mut r = Vec::new();
    let _ = write!(
        r,
        "<</Font<</{REGULAR} {} 0 R/{BOLD} {} 0 R>>>>",
        regular.0, bold.0
    );
    file.packed(resources, r);

    let page_ids: Vec<Ref> = laid.pages.iter().map(|_| file.reserve()).collect();
    let mut media = b"[".to_vec();
    reals(&mut media, &[0.0, 0.0, geo.width, geo.height]);
    media.push(b']');

    let mut content_hash = FNV_START;
    let mut page_tags = Vec::with_capacity(laid.pages.len());
    let mut links: Vec<LinkObject> = Vec::new();
    let mut key = laid.pages.len();
    let (structure, anchors) = (&laid.structure, &laid.anchors);
    for (batch, pages) in laid.pages.chunks_mut(BATCH).enumerate() {
        let drawn: Vec<(Vec<u8>, Drawn, u64)> = pages
            .par_iter_mut()
            .map(|page| {
                let items = std::mem::take(&mut page.items);
                let mut drawn = draw(&items, structure, anchors, &codes, geo);
                let compressed = deflate_content(&drawn.content);
                drawn.content = Vec::new();
                let hash = items.iter().fold(FNV_START, fingerprint);
                (compressed, drawn, hash)
            })
            .collect();
        for (i, (compressed, drawn, hash)) in drawn.into_iter().enumerate() {
            let p = batch * BATCH + i;
            content_hash = fnv(hash.to_le_bytes(), content_hash);
            let content = file.reserve();
            file.deflated(content, b"", &compressed);
            let mut annots = Vec::new();
            for link in &drawn.links {
                let annot = file.reserve();
                let mut a = b"<</Type/Annot/Subtype/Link/Rect[".to_vec();
                reals(&mut a, &link.rect);
                a.extend_from_slice(b"]/Border[0 0 0]/A<</S/GoTo/D");
                destination(&mut a, page_ids[link.target]);
                a.extend_from_slice(b">>");
                if let Some(e) = link.element {
                    let _ = write!(a, "/StructParent {key}");
                    if let Some(alt) = &structure.elements[e].alt {
                        a.extend_from_slice(b"/Contents");
                        text(&mut a, alt);
                    }
                    links.push(LinkObject {
                        element: e,
                        page: p,
                        annot,
                        key,
                    });
                    key += 1;
                }
                a.extend_from_slice(b">>");
                file.packed(annot, a);
                annots.push(annot);
            }
            let mut d = b"<</Type/Page/Parent ".to_vec();
            reference(&mut d, tree);
            d.extend_from_slice(b"/MediaBox");
            d.extend_from_slice(&media);
            let _ = write!(
                d,
                "/Resources {} 0 R/Contents {} 0 R/StructParents {p}",
                resources.0, content.0
            );
            if !annots.is_empty() {
                d.extend_from_slice(b"/Annots[");
                references(&mut d, annots);
                d.extend_from_slice(b"]/Tabs/S");
            }
            d.extend_from_slice(b">>");
            file.packed(page_ids[p], d);
            let mut tags = drawn.tags;
            tags.mcids.shrink_to_fit();
            page_tags.push(tags);
        }
    }

    let mut kids = b"<</Type/Pages/Kids[".to_vec();
    references(&mut kids, page_ids.iter().copied());
    let _ = write!(kids, "]/Count {}>>", page_ids.len());
    file.packed(tree, kids);

    let outlines = bookmarks(&mut file, &laid, &page_ids);
    super::tags::write(
        &mut file,
        struct_root,
        &laid.structure.elements,
        &page_tags,
        &page_ids,
        &links,
        &boxes,
    );

    let mut c = b"<</Type/Catalog/Pages ".to_vec();
    reference(&mut c, tree);
    if let Some(outlines) = outlines {
        c.extend_from_slice(b"/Outlines ");
        reference(&mut c, outlines);
        c.extend_from_slice(b"/PageMode/UseOutlines");
    }
    c.extend_from_slice(b"/PageLayout/OneColumn/StructTreeRoot ");
    reference(&mut c, struct_root);
    let metadata = file.reserve();
    c.extend_from_slice(b"/Metadata ");
    reference(&mut c, metadata);
    let _ = write!(
        c,
        "/MarkInfo<</Marked true>>/Lang({LANG})/ViewerPreferences<</DisplayDocTitle true>>>>"
    );
    file.packed(catalog, c);
    file.uncompressed(metadata, b"/Type/Metadata/Subtype/XML", &xmp(meta, LANG));

    // The document information stays outside the object streams, readable
    // as it is (the application knows its own PDFs by their creator).
    file.object(info, &information(meta));

    let id = format!("{:016X}", fnv(meta.title.bytes(), content_hash));
    file.finish(catalog, info, &id).map_err(Error::Write)
}

/// The outline: one entry per bookmark, in order; `None` without any.
fn bookmarks(file: &mut File<'_>, laid: &Laid, page_ids: &[Ref]) -> Option<Ref> {
    if laid.bookmarks.is_empty() {
        return None;
    }
    let outlines = file.reserve();
    let ids: Vec<Ref> = laid.bookmarks.iter().map(|_| file.reserve()).collect();
    for (n, (title, page)) in laid.bookmarks.iter().enumerate() {
        let mut b = b"<</Title".to_vec();
        text(&mut b, title);
        b.extend_from_slice(b"/Parent ");
        reference(&mut b, outlines);
        if n > 0 {
            b.extend_from_slice(b"/Prev ");
            reference(&mut b, ids[n - 1]);
        }
        if let Some(next) = ids.get(n + 1) {
            b.extend_from_slice(b"/Next ");
            reference(&mut b, *next);
        }
        b.extend_from_slice(b"/Dest");
        destination(&mut b, page_ids[*page]);
        b.extend_from_slice(b">>");
        file.packed(ids[n], b);
    }
    let mut o = b"<</Type/Outlines/First ".to_vec();
    reference(&mut o, ids[0]);
    o.extend_from_slice(b"/Last ");
    reference(&mut o, ids[ids.len() - 1]);
    let _ = write!(o, "/Count {}>>", ids.len());
    file.packed(outlines, o);
    Some(outlines)
}
