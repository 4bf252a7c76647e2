//! Fonts embedded in the PDF: each face's characters mapped to glyphs once,
//! the font program subset to them (allsorts, printpdf's subsetter) and
//! stripped of hinting ([`super::unhint`]), and the Type0 font with its widths,
//! descriptor and ToUnicode map written to the file. The codes drawn in
//! the content streams come from here.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{CmapTarget, SubsetProfile};

use super::file::{File, Ref};
use super::font::FontFace;
use crate::error::{Error, Result};

/// A face checked once for subsetting, reused across documents. Nothing
/// is parsed ahead: the subsetter reads the tables it needs from the bytes
/// (printpdf's `ParsedFont` would hold some 18 MB of glyph records that
/// subsetting never reads).
pub struct Face {
    source: FontFace,
}

impl Face {
    /// Checks that the subsetter can read a face's tables.
    pub fn parse(face: &FontFace) -> Result<Face> {
        let readable = ReadScope::new(&face.bytes)
            .read::<FontData<'_>>()
            .is_ok_and(|data| data.table_provider(face.index as usize).is_ok());
        if !readable {
            return Err(Error::Font {
                path: face.origin.clone().into(),
                message: "PDF に埋め込めません".to_string(),
            });
        }
        Ok(Face {
            source: face.clone(),
        })
    }
}

/// A subset font program and, by original glyph, its new glyph and text.
struct Subset {
    bytes: Vec<u8>,
    glyph_mapping: BTreeMap<u16, (u16, String)>,
}

/// The face's program subset to `glyphs` (original glyph → text), as
/// printpdf's `subset_font` does it: glyph 0 first, and each requested
/// glyph renumbered to its place in the request (allsorts appends the
/// components of composite glyphs after them).
fn subset(face: &FontFace, glyphs: &BTreeMap<u16, String>) -> Option<Subset> {
    let data = ReadScope::new(&face.bytes).read::<FontData<'_>>().ok()?;
    let provider = data.table_provider(face.index as usize).ok()?;
    let ids: Vec<u16> = std::iter::once(0)
        .chain(glyphs.keys().copied().filter(|&gid| gid != 0))
        .collect();
    let bytes =
        allsorts::subset::subset(&provider, &ids, &SubsetProfile::Pdf, CmapTarget::Unicode).ok()?;
    let glyph_mapping = ids
        .iter()
        .enumerate()
        .filter_map(|(new, gid)| {
            glyphs
                .get(gid)
                .map(|text| (*gid, (new as u16, text.clone())))
        })
        .collect();
    Some(Subset {
        bytes,
        glyph_mapping,
    })
}

/// The codes of a face's characters in the content stream (two bytes
/// each under Identity-H).
#[derive(Debug, Clone, Default)]
pub struct Codes {
    /// By character, for the Basic Multilingual Plane.
    bmp: Vec<u16>,
    /// Characters beyond it.
    other: HashMap<char, u16>,
}

impl Codes {
    /// The code of a character (0, the missing glyph, when not embedded).
    pub fn of(&self, c: char) -> u16 {
        let n = c as usize;
        if n < self.bmp.len() {
            self.bmp[n]
        } else {
            self.other.get(&c).copied().unwrap_or(0)
        }
    }

    fn set(&mut self, c: char, code: u16) {
        let n = c as usize;
        if n < 0x1_0000 {
            if self.bmp.is_empty() {
                self.bmp = vec![0; 0x1_0000];
            }
            self.bmp[n] = code;
        } else {
            self.other.insert(c, code);
        }
    }
}

/// Embeds a face subset to `chars` (sorted, distinct) as the font `tag`
/// (six capitals); returns the font's object and the characters' codes.
pub fn embed(file: &mut File<'_>, face: &Face, tag: &str, chars: &[char]) -> Result<(Ref, Codes)> {
    // The subsetter's reason is in English: the message names the font.
    let error = || Error::Font {
        path: face.source.origin.clone().into(),
        message: "PDF に埋め込む文字だけを取り出せません(別のフォントを指定してください)"
            .to_string(),
    };
    let ttf = face.source.face();
    // Each glyph's text: the first character drawn with it.
    let mut glyphs: BTreeMap<u16, String> = BTreeMap::new();
    let mut gid_of = Vec::with_capacity(chars.len());
    for &c in chars {
        let gid = ttf.glyph_index(c).map_or(0, |g| g.0);
        gid_of.push(gid);
        if gid != 0 {
            glyphs.entry(gid).or_insert_with(|| c.to_string());
        }
    }
    let subset = subset(&face.source, &glyphs).ok_or_else(error)?;
    let cids = printpdf::cff_charset_gid_to_cid_map(&subset.bytes, 0);
    let code = |new: u16| {
        cids.as_ref()
            .and_then(|m| m.get(&new).copied())
            .unwrap_or(new)
    };
    let mut codes = Codes::default();
    for (&c, gid) in chars.iter().zip(gid_of) {
        if let Some((new, _)) = subset.glyph_mapping.get(&gid) {
            codes.set(c, code(*new));
        }
    }
    // (code, original glyph, text), by code.
    let mut coded: Vec<(u16, u16, &str)> = subset
        .glyph_mapping
        .iter()
        .map(|(gid, (new, s))| (code(*new), *gid, s.as_str()))
        .collect();
    coded.sort_unstable();

    let upm = f32::from(ttf.units_per_em().max(1));
    let scale = |v: f32| (v * 1000.0 / upm).round() as i64;
    let name = ttf
        .names()
        .into_iter()
        .filter(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
        .find_map(|n| n.to_string())
        .unwrap_or_else(|| "Font".to_string());
    let name: String = name
        .chars()
        .filter(|c| c.is_ascii_graphic() && !"()<>[]{}/%#".contains(*c))
        .collect();
    let base = format!("{tag}+{name}");

    let program = file.reserve();
    let (subtype, key) = if let Some(cff) = printpdf::extract_cid_keyed_cff(&subset.bytes, 0) {
        file.stream(program, b"/Subtype/CIDFontType0C", &cff);
        ("CIDFontType0", "FontFile3")
    } else if subset.bytes.starts_with(b"OTTO") {
        file.stream(program, b"/Subtype/OpenType", &subset.bytes);
        ("CIDFontType0", "FontFile3")
    } else {
        let bytes = super::unhint::unhint(&subset.bytes).unwrap_or(subset.bytes);
        let entries = format!("/Length1 {}", bytes.len());
        file.stream(program, entries.as_bytes(), &bytes);
        ("CIDFontType2", "FontFile2")
    };

    let descriptor = file.reserve();
    let bbox = ttf.global_bounding_box();
    let ascent = scale(f32::from(ttf.ascender()));
    let cap = ttf.capital_height().map_or(ascent, |h| scale(f32::from(h)));
    let weight = ttf.weight().to_number();
    let stem = if weight == 0 {
        80
    } else {
        50 + ((f32::from(weight) / 65.0).powi(2)).round() as i64
    };
    let italic = ttf.italic_angle().round() as i64;
    let flags = 32 | if italic != 0 { 64 } else { 0 };
    let mut d = Vec::new();
    let _ = write!(
        d,
        "<</Type/FontDescriptor/FontName/{base}/Flags {flags}/FontBBox[{} {} {} {}]\
         /ItalicAngle {italic}/Ascent {ascent}/Descent {}/CapHeight {cap}/StemV {stem}\
         /{key} {} 0 R>>",
        scale(f32::from(bbox.x_min)),
        scale(f32::from(bbox.y_min)),
        scale(f32::from(bbox.x_max)),
        scale(f32::from(bbox.y_max)),
        scale(f32::from(ttf.descender())),
        program.0,
    );
    file.packed(descriptor, d);

    let unicode = file.reserve();
    file.stream(unicode, b"", &to_unicode(tag, &coded));

    let font = file.reserve();
    let mut f = Vec::new();
    let _ = write!(
        f,
        "<</Type/Font/Subtype/Type0/BaseFont/{base}/Encoding/Identity-H\
         /ToUnicode {} 0 R/DescendantFonts[<</Type/Font/Subtype/{subtype}/BaseFont/{base}\
         /CIDSystemInfo<</Registry(Adobe)/Ordering(Identity)/Supplement 0>>\
         /FontDescriptor {} 0 R/DW 1000/W[",
        unicode.0, descriptor.0
    );
    let mut last: Option<u16> = None;
    for &(code, gid, _) in &coded {
        let width = ttf
            .glyph_hor_advance(ttf_parser::GlyphId(gid))
            .map_or(0, |w| (f32::from(w) * 1000.0 / upm) as i64);
        match last {
            Some(l) if l + 1 == code => {
                let _ = write!(f, " {width}");
            }
            Some(_) => {
                let _ = write!(f, "]{code}[{width}");
            }
            None => {
                let _ = write!(f, "{code}[{width}");
            }
        }
        last = Some(code);
    }
    if last.is_some() {
        f.push(b']');
    }
    f.push(b']');
    if subtype == "CIDFontType2" {
        f.extend_from_slice(b"/CIDToGIDMap/Identity");
    }
    f.extend_from_slice(b">>]>>");
    file.packed(font, f);
    Ok((font, codes))
}

/// The ToUnicode CMap: each code's text.
fn to_unicode(tag: &str, coded: &[(u16, u16, &str)]) -> Vec<u8> {
    let mut out = Vec::new();
    let _ = write!(
        out,
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo <</Registry (Adobe) /Ordering (UCS) /Supplement 0>> def\n\
         /CMapName /{tag}-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
    );
    for chunk in coded.chunks(100) {
        let _ = writeln!(out, "{} beginbfchar", chunk.len());
        for (code, _, s) in chunk {
            let _ = write!(out, "<{code:04X}> <");
            for unit in s.encode_utf16() {
                let _ = write!(out, "{unit:04X}");
            }
            out.extend_from_slice(b">\n");
        }
        out.extend_from_slice(b"endbfchar\n");
    }
    out.extend_from_slice(b"endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    out
}
