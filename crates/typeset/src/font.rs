//! The fonts of the PDF: BIZ UDゴシック compiled into the binary, or a
//! TrueType font or collection named by `--font` or the configuration;
//! glyph coverage and advances (ttf-parser) for the layout.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::error::{Error, Result};

static REGULAR: &[u8] = include_bytes!("../../../templates/fonts/BIZUDGothic-Regular.ttf");
static BOLD: &[u8] = include_bytes!("../../../templates/fonts/BIZUDGothic-Bold.ttf");

/// The character drawn in place of one the font lacks (げた), as Japanese
/// typesetting does; each replacement is reported.
pub const REPLACEMENT: char = '〓';

/// A font file's bytes: compiled into the binary (not copied: the embedded
/// faces are 9 MB) or read from a file and shared.
#[derive(Debug, Clone)]
pub enum FontBytes {
    /// Compiled into the binary.
    Static(&'static [u8]),
    /// Read from a file.
    Loaded(Arc<[u8]>),
}

impl std::ops::Deref for FontBytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            FontBytes::Static(bytes) => bytes,
            FontBytes::Loaded(bytes) => bytes,
        }
    }
}

/// One font face: its bytes and its index in a collection (.ttc).
#[derive(Debug, Clone)]
pub struct FontFace {
    /// The font file's bytes.
    pub bytes: FontBytes,
    /// The face's index in a collection; 0 for a plain .ttf.
    pub index: u32,
    /// Where it came from, for messages.
    pub origin: String,
}

impl FontFace {
    fn embedded(bytes: &'static [u8], origin: &str) -> FontFace {
        FontFace {
            bytes: FontBytes::Static(bytes),
            index: 0,
            origin: origin.to_string(),
        }
    }

    /// Reads a font named as `PATH` or `PATH#N` (face N of a collection,
    /// counted from 0) and checks that it parses.
    pub fn load(spec: &str) -> Result<FontFace> {
        let (path, index) = split_spec(spec);
        let err = |message: String| Error::Font {
            path: path.clone(),
            message,
        };
        let bytes = std::fs::read(&path).map_err(|source| Error::FontFile {
            path: path.clone(),
            source,
        })?;
        let faces = ttf_parser::fonts_in_collection(&bytes).unwrap_or(1);
        if index >= faces {
            return Err(err(format!(
                "フォント集にはフォントが {faces} 個あり、番号は 0 から {} までです",
                faces - 1
            )));
        }
        let face =
            ttf_parser::Face::parse(&bytes, index).map_err(|e| err(font_reason(e).to_string()))?;
        if face.glyph_index('あ').is_none() {
            return Err(err("日本語(ひらがな)の文字がないフォントです".to_string()));
        }
        Ok(FontFace {
            bytes: FontBytes::Loaded(Arc::from(bytes)),
            index,
            origin: spec.to_string(),
        })
    }

    /// The parsed face (parsing only reads the table directory).
    pub fn face(&self) -> ttf_parser::Face<'_> {
        ttf_parser::Face::parse(&self.bytes, self.index).expect("checked when loaded")
    }
}

/// Why a file is not a usable font, in words.
fn font_reason(e: ttf_parser::FaceParsingError) -> &'static str {
    use ttf_parser::FaceParsingError as E;
    match e {
        E::UnknownMagic => "TrueType / OpenType のフォントファイルではありません",
        E::FaceIndexOutOfBounds => "フォント集にその番号のフォントがありません",
        _ => "フォントファイルが壊れているか、対応していない形式です",
    }
}

/// `PATH#N` → (PATH, N); a `#` not followed by digits is part of the path.
fn split_spec(spec: &str) -> (PathBuf, u32) {
    if let Some((path, n)) = spec.rsplit_once('#')
        && let Ok(n) = n.parse::<u32>()
    {
        return (PathBuf::from(path), n);
    }
    (PathBuf::from(spec), 0)
}

/// The regular and bold faces of the document.
#[derive(Debug, Clone)]
pub struct FontSet {
    /// Body text.
    pub regular: FontFace,
    /// Titles, headings and table headers.
    pub bold: FontFace,
}

impl FontSet {
    /// BIZ UDゴシック Regular and Bold, compiled into the binary.
    pub fn embedded() -> FontSet {
        FontSet {
            regular: FontFace::embedded(REGULAR, "BIZ UDGothic Regular"),
            bold: FontFace::embedded(BOLD, "BIZ UDGothic Bold"),
        }
    }

    /// The fonts named by the options: `regular` (else the embedded font)
    /// and `bold` (else `regular` when given, else the embedded bold).
    pub fn choose(regular: Option<&str>, bold: Option<&str>) -> Result<FontSet> {
        let embedded = FontSet::embedded();
        let regular_face = match regular {
            Some(spec) => Some(FontFace::load(spec)?),
            None => None,
        };
        let bold_face = match bold {
            Some(spec) => FontFace::load(spec)?,
            None => regular_face.clone().unwrap_or(embedded.bold),
        };
        Ok(FontSet {
            regular: regular_face.unwrap_or(embedded.regular),
            bold: bold_face,
        })
    }
}

/// Advances and coverage of both faces, cached per character: a table for
/// the Basic Multilingual Plane (no hashing on the hot path), a map beyond.
pub struct Metrics<'a> {
    fonts: &'a FontSet,
    faces: [ttf_parser::Face<'a>; 2],
    units: [f32; 2],
    bmp: RefCell<Vec<f32>>,
    cache: RefCell<HashMap<(char, bool), Option<f32>>>,
}

/// In the table: not looked up yet, and not in the face.
const UNKNOWN: f32 = -1.0;
const ABSENT: f32 = -2.0;

impl<'a> Metrics<'a> {
    /// Metrics of a font set.
    pub fn new(fonts: &'a FontSet) -> Metrics<'a> {
        let faces = [fonts.regular.face(), fonts.bold.face()];
        let units = [
            f32::from(faces[0].units_per_em()),
            f32::from(faces[1].units_per_em()),
        ];
        Metrics {
            fonts,
            faces,
            units,
            bmp: RefCell::new(Vec::new()),
            cache: RefCell::new(HashMap::new()),
        }
    }

    /// The font set measured, for more metrics of it (one per thread).
    pub fn fonts(&self) -> &'a FontSet {
        self.fonts
    }

    /// The advance of a character in em, `None` when the face lacks it.
    pub fn advance_em(&self, c: char, bold: bool) -> Option<f32> {
        let i = usize::from(bold);
        let lookup = || {
            let face = &self.faces[i];
            face.glyph_index(c)
                .map(|g| f32::from(face.glyph_hor_advance(g).unwrap_or(0)) / self.units[i])
        };
        let n = c as usize;
        if n < 0x1_0000 {
            let mut bmp = self.bmp.borrow_mut();
            if bmp.is_empty() {
                *bmp = vec![UNKNOWN; 2 * 0x1_0000];
            }
            let slot = &mut bmp[i * 0x1_0000 + n];
            if *slot == UNKNOWN {
                *slot = lookup().unwrap_or(ABSENT);
            }
            return (*slot >= 0.0).then_some(*slot);
        }
        if let Some(found) = self.cache.borrow().get(&(c, bold)) {
            return *found;
        }
        let found = lookup();
        self.cache.borrow_mut().insert((c, bold), found);
        found
    }

    /// The advance of a character at a size in points (a missing character
    /// measures as its replacement).
    pub fn advance(&self, c: char, size: f32, bold: bool) -> f32 {
        self.advance_em(c, bold)
            .or_else(|| self.advance_em(REPLACEMENT, bold))
            .unwrap_or(1.0)
            * size
    }

    /// The width of a text at a size in points.
    pub fn width(&self, text: &str, size: f32, bold: bool) -> f32 {
        text.chars().map(|c| self.advance(c, size, bold)).sum()
    }

    /// The characters of `text` that either face lacks (control characters
    /// aside), each once, in order.
    pub fn missing(&self, text: &str) -> Vec<char> {
        let mut out: Vec<char> = Vec::new();
        for c in text.chars() {
            if c.is_control() || out.contains(&c) {
                continue;
            }
            if self.advance_em(c, false).is_none() || self.advance_em(c, true).is_none() {
                out.push(c);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_font_covers_the_seed_and_measures_full_width() {
        let fonts = FontSet::embedded();
        let m = Metrics::new(&fonts);
        assert!(
            m.missing("令和8年度 部局経営目標①㉑●・「」(累計)％")
                .is_empty()
        );
        assert_eq!(m.advance_em('あ', false), Some(1.0));
        assert_eq!(m.advance_em('A', false), Some(0.5));
        assert_eq!(
            m.missing("a\u{E000}b\u{10FFFD}"),
            vec!['\u{E000}', '\u{10FFFD}']
        );
    }

    #[test]
    fn font_specs_with_a_collection_index() {
        assert_eq!(split_spec("a/b.ttc#2"), (PathBuf::from("a/b.ttc"), 2));
        assert_eq!(split_spec("a/#b.ttf"), (PathBuf::from("a/#b.ttf"), 0));
        assert_eq!(split_spec("c.ttf"), (PathBuf::from("c.ttf"), 0));
    }
}
