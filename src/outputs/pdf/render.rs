//! Rendering: laid-out pages become printpdf operations and PDF bytes. The
//! only module that uses printpdf; fonts embedded as subsets, fixed
//! resource names, bookmarks and a document ID derived from the content,
//! so the same pages give the same bytes. Every item is drawn inside a
//! marked-content sequence: its element's (`BDC` with an MCID) or an
//! artifact's; [`super::tags`] then adds the structure tree.

use std::collections::BTreeMap;

use printpdf::{
    Actions, BorderArray, Color, Destination, DictItem, FontId, Greyscale, Line, LineDashPattern,
    LinkAnnotation, Mm, Op, PageAnnotId, PageAnnotation, PaintMode, ParsedFont, PdfDocument,
    PdfFont, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, Rect, Rgb, TextItem, TextMatrix,
};

use super::blocks::Color as Fill;
use super::font::FontSet;
use super::layout::{Geometry, Item, Laid};
use super::structure::{Artifact, Role};
use super::tags::PageTags;
use crate::domain::mark::{FNV_START, fnv};
use crate::error::{Error, Result};

/// The fonts parsed for embedding, reused across documents.
pub struct Faces {
    regular: ParsedFont,
    bold: ParsedFont,
}

impl Faces {
    /// Parses both faces of a font set.
    pub fn parse(fonts: &FontSet) -> Result<Faces> {
        let parse = |face: &super::font::FontFace| {
            let mut warnings = Vec::new();
            ParsedFont::from_bytes(&face.bytes, face.index as usize, &mut warnings).ok_or_else(
                || Error::Font {
                    path: face.origin.clone().into(),
                    message: "PDF に埋め込めません".to_string(),
                },
            )
        };
        Ok(Faces {
            regular: parse(&fonts.regular)?,
            bold: parse(&fonts.bold)?,
        })
    }
}

/// Document properties.
#[derive(Debug, Clone, Default)]
pub struct Meta {
    /// Title.
    pub title: String,
    /// Author (the municipality).
    pub author: String,
    /// Subject.
    pub subject: String,
    /// Creation time (UTC).
    pub time: chrono::NaiveDateTime,
}

/// The characters a face draws, sorted, each once.
fn distinct_chars(laid: &Laid, bold: bool) -> Vec<char> {
    let mut chars: Vec<char> = laid
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|i| match i {
            Item::Text { text, bold: b, .. } if *b == bold => Some(text.chars()),
            _ => None,
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

/// The glyphs of a text in a face, looked up once per distinct character:
/// printpdf maps text to glyphs through the font's cmap on every character
/// it draws, twice (the profile's hot spot); given glyph ids it does not.
/// The font's reverse map (filled in [`render`]) gives each glyph's text
/// for the PDF's ToUnicode map, so no glyph carries a text of its own.
struct Glyphs<'a> {
    faces: &'a Faces,
    known: std::collections::HashMap<(bool, char), u16>,
}

impl<'a> Glyphs<'a> {
    fn new(faces: &'a Faces) -> Glyphs<'a> {
        Glyphs {
            faces,
            known: std::collections::HashMap::new(),
        }
    }

    fn gid(&mut self, bold: bool, c: char) -> u16 {
        let face = if bold {
            &self.faces.bold
        } else {
            &self.faces.regular
        };
        *self
            .known
            .entry((bold, c))
            .or_insert_with(|| face.lookup_glyph_index(c as u32).unwrap_or(0))
    }

    fn of(&mut self, bold: bool, text: &str) -> Vec<printpdf::Codepoint> {
        text.chars()
            .map(|c| printpdf::Codepoint {
                gid: self.gid(bold, c),
                offset: 0.0,
                cid: None,
            })
            .collect()
    }
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
        other => fnv(format!("{other:?}").into_bytes(), hash),
    }
}

fn gray(level: f32) -> Color {
    Color::Greyscale(Greyscale {
        percent: level,
        icc_profile: None,
    })
}

fn color(fill: Fill) -> Color {
    match fill {
        Fill::Gray(level) => gray(level),
        Fill::Rgb(_) => {
            let [r, g, b] = fill.components();
            Color::Rgb(Rgb {
                r,
                g,
                b,
                icc_profile: None,
            })
        }
    }
}

fn point(x: f32, y: f32, geo: &Geometry) -> Point {
    Point {
        x: Pt(x),
        y: Pt(geo.height - y),
    }
}

/// Renders the pages to PDF bytes.
pub fn render(laid: &Laid, faces: &Faces, meta: &Meta, geo: Geometry) -> Result<Vec<u8>> {
    let mut doc = PdfDocument::new(&meta.title);
    let chars = [distinct_chars(laid, false), distinct_chars(laid, true)];
    let regular = FontId(format!("{}R", subset_tag(&chars[0])));
    let bold = FontId(format!("{}B", subset_tag(&chars[1])));
    let fonts = &mut doc.resources.fonts.map;
    // Each glyph drawn knows its character from the font (ToUnicode), filled
    // once per distinct character instead of a text kept with every glyph.
    let mut glyphs = Glyphs::new(faces);
    let mut with_text = |face: &ParsedFont, bold: bool| {
        let mut face = face.clone();
        for &c in &chars[usize::from(bold)] {
            let gid = glyphs.gid(bold, c);
            if face.get_glyph_cluster_text(gid).is_none() {
                face.cache_glyph_mapping(gid, c.encode_utf8(&mut [0; 4]));
            }
        }
        PdfFont::new(face)
    };
    let (regular_font, bold_font) = (
        with_text(&faces.regular, false),
        with_text(&faces.bold, true),
    );
    fonts.insert(regular.clone(), regular_font);
    fonts.insert(bold.clone(), bold_font);
    let mut content = FNV_START;
    let mut tags = Vec::new();
    let pages: Vec<PdfPage> = laid
        .pages
        .iter()
        .map(|page| {
            let (ops, page_tags) = page_ops(&page.items, &regular, &bold, geo, laid, &mut glyphs);
            tags.push(page_tags);
            content = page.items.iter().fold(content, fingerprint);
            PdfPage::new(Mm::from(Pt(geo.width)), Mm::from(Pt(geo.height)), ops)
        })
        .collect();
    doc.pages = pages;
    for (i, (title, page)) in laid.bookmarks.iter().enumerate() {
        doc.bookmarks.map.insert(
            PageAnnotId(format!("B{i:06}")),
            PageAnnotation {
                name: title.clone(),
                page: page + 1,
            },
        );
    }
    let time = printpdf::OffsetDateTime::from_unix_timestamp(meta.time.and_utc().timestamp())
        .map_err(|e| Error::Pdf(e.to_string()))?;
    let info = &mut doc.metadata.info;
    info.author = meta.author.clone();
    info.subject = meta.subject.clone();
    info.creator = "mokuhyo".to_string();
    info.producer = format!("mokuhyo {} (printpdf 0.12.8)", env!("CARGO_PKG_VERSION"));
    info.creation_date = time;
    info.modification_date = time;
    info.metadata_date = time;

    let mut warnings = Vec::new();
    let options = PdfSaveOptions::default();
    let mut lo = doc.to_lopdf_document(&options, &mut warnings);
    // No PDF/X claim (printpdf writes an empty GTS_PDFXVersion).
    if let Ok(info) = lo
        .trailer
        .get(b"Info")
        .and_then(lopdf::Object::as_reference)
        && let Ok(lopdf::Object::Dictionary(dict)) = lo.get_object_mut(info)
    {
        for key in [
            &b"GTS_PDFXVersion"[..],
            b"Trapped",
            b"Identifier",
            b"Keywords",
        ] {
            dict.remove(key);
        }
    }
    // printpdf's IDs come from a process-wide counter: replace them.
    let id = format!("{:016x}", fnv(meta.title.bytes(), content));
    let id = lopdf::Object::String(id.into_bytes(), lopdf::StringFormat::Hexadecimal);
    lo.trailer
        .set("ID", lopdf::Object::Array(vec![id.clone(), id]));
    for object in lo.objects.values_mut() {
        if let lopdf::Object::Stream(stream) = object
            && stream.dict.has(b"Length1")
        {
            let font = if stream.dict.has(b"Filter") {
                stream.decompressed_content().ok()
            } else {
                Some(stream.content.clone())
            };
            if let Some(font) = font.as_deref().and_then(super::unhint::unhint) {
                stream.dict.remove(b"Filter");
                stream.dict.set("Length1", font.len() as i64);
                stream.set_content(font);
            }
        }
    }
    let boxes = super::tags::figure_boxes(laid, geo);
    super::tags::write(&mut lo, &laid.structure.elements, &tags, &boxes)?;
    lo.compress();
    let mut bytes = Vec::new();
    // The structure tree's many small objects go in object streams; the
    // document information stays outside them (lopdf keeps an object of
    // generation 1 out), readable as it was (`domain::mark::is_own_pdf`).
    if let Ok(info) = lo
        .trailer
        .get(b"Info")
        .and_then(lopdf::Object::as_reference)
        && let Some(object) = lo.objects.remove(&info)
    {
        let kept = (info.0, 1);
        lo.objects.insert(kept, object);
        lo.trailer.set("Info", lopdf::Object::Reference(kept));
    }
    let options = lopdf::SaveOptions {
        use_object_streams: true,
        use_xref_streams: true,
        ..Default::default()
    };
    lo.save_with_options(&mut bytes, options)
        .map_err(|e| Error::Pdf(e.to_string()))?;
    Ok(bytes)
}

/// Opens the marked-content sequence of a role: `BDC` with the next MCID
/// for an element, `BMC`/`BDC` `/Artifact` for an artifact.
fn begin(ops: &mut Vec<Op>, role: Role, laid: &Laid, tags: &mut PageTags) {
    let dict = |pairs: &[(&str, DictItem)]| DictItem::Dict {
        map: pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect::<BTreeMap<_, _>>(),
    };
    let pagination = |subtype: &str| {
        dict(&[
            ("Type", DictItem::Name(b"Pagination".to_vec())),
            ("Subtype", DictItem::Name(subtype.as_bytes().to_vec())),
        ])
    };
    ops.push(match role {
        Role::Element(e) => {
            let mcid = tags.mcids.len() as i64;
            tags.mcids.push(e);
            Op::BeginMarkedContentWithProperties {
                tag: laid.structure.elements[e].kind.tag().to_string(),
                properties: dict(&[("MCID", DictItem::Int(mcid))]),
            }
        }
        Role::Artifact(Artifact::Layout) => Op::BeginMarkedContent {
            tag: "Artifact".to_string(),
        },
        Role::Artifact(Artifact::Header) => Op::BeginMarkedContentWithProperties {
            tag: "Artifact".to_string(),
            properties: pagination("Header"),
        },
        Role::Artifact(Artifact::Footer) => Op::BeginMarkedContentWithProperties {
            tag: "Artifact".to_string(),
            properties: pagination("Footer"),
        },
    });
}

/// The role an item is drawn with (`None` for a link, which draws nothing).
fn role_of(item: &Item) -> Option<Role> {
    match item {
        Item::Text { role, .. } | Item::Line { role, .. } | Item::Rect { role, .. } => Some(*role),
        Item::Link { .. } => None,
    }
}

/// A page's operations and its marked content. A sequence is opened and
/// closed on the same side of a text object's `BT`/`ET`.
fn page_ops(
    items: &[Item],
    regular: &FontId,
    bold: &FontId,
    geo: Geometry,
    laid: &Laid,
    glyphs: &mut Glyphs,
) -> (Vec<Op>, PageTags) {
    let mut ops = Vec::new();
    let mut tags = PageTags::default();
    let mut open: Option<Role> = None;
    let mut in_text = false;
    let mut font: Option<(bool, f32)> = None;
    let mut fill = Fill::Gray(0.0);
    let set_fill = |ops: &mut Vec<Op>, fill: &mut Fill, to: Fill| {
        if *fill != to {
            ops.push(Op::SetFillColor { col: color(to) });
            *fill = to;
        }
    };
    ops.push(Op::SetOutlineColor { col: gray(0.0) });
    for item in items {
        let is_text = matches!(item, Item::Text { .. });
        let role = role_of(item);
        let restart = match item {
            Item::Text { gray: level, .. } => in_text && fill != Fill::Gray(*level),
            _ => false,
        };
        if open.is_some() && (open != role || in_text != is_text || restart) {
            ops.push(Op::EndMarkedContent);
            open = None;
        }
        if in_text && !is_text {
            ops.push(Op::EndTextSection);
            in_text = false;
        }
        let mut mark = |ops: &mut Vec<Op>, open: &mut Option<Role>| {
            if let (None, Some(role)) = (*open, role) {
                begin(ops, role, laid, &mut tags);
                *open = Some(role);
            }
        };
        match item {
            Item::Text {
                x,
                y,
                size,
                bold: b,
                gray: level,
                text,
                ..
            } => {
                if !in_text {
                    set_fill(&mut ops, &mut fill, Fill::Gray(*level));
                    ops.push(Op::StartTextSection);
                    in_text = true;
                    font = None;
                } else if fill != Fill::Gray(*level) {
                    ops.push(Op::EndTextSection);
                    set_fill(&mut ops, &mut fill, Fill::Gray(*level));
                    ops.push(Op::StartTextSection);
                    font = None;
                }
                mark(&mut ops, &mut open);
                if font != Some((*b, *size)) {
                    let id = if *b { bold } else { regular };
                    ops.push(Op::SetFont {
                        font: PdfFontHandle::External(id.clone()),
                        size: Pt(*size),
                    });
                    font = Some((*b, *size));
                }
                ops.push(Op::SetTextMatrix {
                    matrix: TextMatrix::Translate(Pt(*x), Pt(geo.height - y)),
                });
                ops.push(Op::ShowText {
                    items: vec![TextItem::GlyphIds(glyphs.of(*b, text))],
                });
            }
            Item::Line {
                from,
                to,
                width,
                dotted,
                ..
            } => {
                mark(&mut ops, &mut open);
                ops.push(Op::SetOutlineThickness { pt: Pt(*width) });
                let dash = if *dotted {
                    LineDashPattern::new(0.0, &[0.8, 2.2])
                } else {
                    LineDashPattern::solid()
                };
                ops.push(Op::SetLineDashPattern { dash });
                ops.push(Op::DrawLine {
                    line: Line {
                        points: vec![
                            printpdf::LinePoint {
                                p: point(from.0, from.1, &geo),
                                bezier: false,
                            },
                            printpdf::LinePoint {
                                p: point(to.0, to.1, &geo),
                                bezier: false,
                            },
                        ],
                        is_closed: false,
                    },
                });
            }
            Item::Rect {
                x,
                y,
                w,
                h,
                color: to,
                ..
            } => {
                mark(&mut ops, &mut open);
                set_fill(&mut ops, &mut fill, *to);
                ops.push(Op::DrawRectangle {
                    rectangle: Rect {
                        x: Pt(*x),
                        y: Pt(geo.height - y - h),
                        width: Pt(*w),
                        height: Pt(*h),
                        mode: Some(PaintMode::Fill),
                        winding_order: None,
                    },
                });
            }
            Item::Link {
                x,
                y,
                w,
                h,
                anchor,
                element,
            } => {
                let Some(target) = laid.anchors.get(anchor) else {
                    continue;
                };
                tags.links.push(*element);
                ops.push(Op::LinkAnnotation {
                    link: LinkAnnotation::new(
                        Rect::from_xywh(Pt(*x), Pt(geo.height - y - h), Pt(*w), Pt(*h)),
                        Actions::Goto(Destination::Xyz {
                            page: target + 1,
                            left: None,
                            top: None,
                            zoom: None,
                        }),
                        Some(BorderArray::Solid([0.0, 0.0, 0.0])),
                        None,
                        None,
                    ),
                });
            }
        }
    }
    if open.is_some() {
        ops.push(Op::EndMarkedContent);
    }
    if in_text {
        ops.push(Op::EndTextSection);
    }
    (ops, tags)
}
