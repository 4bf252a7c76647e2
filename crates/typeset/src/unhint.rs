//! Removes TrueType hinting from an embedded font subset: the glyphs'
//! instructions and the fpgm, prep and cvt tables, about a fifth of BIZ
//! UDゴシック's glyph data. PDF viewers draw the outlines the same; only
//! hinting for low-resolution screens is lost. Anything unexpected leaves
//! the font as it was.

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*b.get(at)?, *b.get(at + 1)?]))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, c| {
        let mut word = [0u8; 4];
        word[..c.len()].copy_from_slice(c);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

/// The font without hinting, or `None` when it is not a TrueType font this
/// understands (then it is embedded unchanged).
pub fn unhint(font: &[u8]) -> Option<Vec<u8>> {
    let count = usize::from(u16_at(font, 4)?);
    let mut tables: Vec<([u8; 4], &[u8])> = Vec::with_capacity(count);
    for i in 0..count {
        let entry = 12 + 16 * i;
        let tag: [u8; 4] = font.get(entry..entry + 4)?.try_into().ok()?;
        let offset = u32_at(font, entry + 8)? as usize;
        let length = u32_at(font, entry + 12)? as usize;
        tables.push((tag, font.get(offset..offset.checked_add(length)?)?));
    }
    let table = |tag: &[u8; 4]| tables.iter().find(|(t, _)| t == tag).map(|(_, d)| *d);
    let head = table(b"head")?;
    let loca = table(b"loca")?;
    let glyf = table(b"glyf")?;
    let long = u16_at(head, 50)? == 1;
    let offsets: Vec<usize> = if long {
        loca.chunks(4)
            .map(|c| u32_at(c, 0).map(|v| v as usize))
            .collect::<Option<_>>()?
    } else {
        loca.chunks(2)
            .map(|c| u16_at(c, 0).map(|v| 2 * v as usize))
            .collect::<Option<_>>()?
    };
    let mut new_glyf = Vec::with_capacity(glyf.len());
    let mut new_loca = Vec::with_capacity(offsets.len() * 4);
    for pair in offsets.windows(2) {
        new_loca.extend((new_glyf.len() as u32).to_be_bytes());
        let glyph = glyf.get(pair[0]..pair[1])?;
        if glyph.is_empty() {
            continue;
        }
        let contours = u16_at(glyph, 0)? as i16;
        if contours < 0 {
            new_glyf.extend_from_slice(glyph); // composite: kept as is
        } else {
            let at = 10 + 2 * contours as usize;
            let instructions = usize::from(u16_at(glyph, at)?);
            new_glyf.extend_from_slice(glyph.get(..at)?);
            new_glyf.extend([0, 0]);
            new_glyf.extend_from_slice(glyph.get(at + 2 + instructions..)?);
        }
        while !new_glyf.len().is_multiple_of(4) {
            new_glyf.push(0);
        }
    }
    new_loca.extend((new_glyf.len() as u32).to_be_bytes());
    let mut new_head = head.to_vec();
    new_head[50..52].copy_from_slice(&1u16.to_be_bytes());
    new_head[8..12].copy_from_slice(&[0; 4]);
    let kept: Vec<([u8; 4], Vec<u8>)> = tables
        .iter()
        .filter(|(t, _)| !matches!(t, b"fpgm" | b"prep" | b"cvt "))
        .map(|(t, d)| {
            let data = match t {
                b"head" => new_head.clone(),
                b"loca" => new_loca.clone(),
                b"glyf" => new_glyf.clone(),
                _ => d.to_vec(),
            };
            (*t, data)
        })
        .collect();
    Some(assemble(font.get(0..4)?, &kept))
}

/// An sfnt from its tables (tags in the order given, which is sorted).
fn assemble(version: &[u8], tables: &[([u8; 4], Vec<u8>)]) -> Vec<u8> {
    let n = tables.len() as u16;
    let power = 1u16 << (15 - n.max(1).leading_zeros());
    let mut out = version.to_vec();
    out.extend(n.to_be_bytes());
    out.extend((power * 16).to_be_bytes());
    out.extend((power.trailing_zeros() as u16).to_be_bytes());
    out.extend((n * 16 - power * 16).to_be_bytes());
    let mut offset = 12 + 16 * tables.len();
    let mut head_at = None;
    for (tag, data) in tables {
        out.extend(tag);
        out.extend(checksum(data).to_be_bytes());
        out.extend((offset as u32).to_be_bytes());
        out.extend((data.len() as u32).to_be_bytes());
        offset += data.len().div_ceil(4) * 4;
    }
    for (tag, data) in tables {
        if tag == b"head" {
            head_at = Some(out.len());
        }
        out.extend(data);
        while !out.len().is_multiple_of(4) {
            out.push(0);
        }
    }
    if let Some(at) = head_at {
        let adjust = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        out[at + 8..at + 12].copy_from_slice(&adjust.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_font_loses_its_hints_and_keeps_its_glyphs() {
        let font = crate::font::FontSet::embedded().regular;
        let out = unhint(&font.bytes).unwrap();
        assert!(out.len() < font.bytes.len());
        let before = ttf_parser::Face::parse(&font.bytes, 0).unwrap();
        let after = ttf_parser::Face::parse(&out, 0).unwrap();
        assert_eq!(before.number_of_glyphs(), after.number_of_glyphs());
        for c in "令和8年度 部局経営目標①%".chars() {
            let g = before.glyph_index(c).unwrap();
            assert_eq!(after.glyph_index(c), Some(g));
            assert_eq!(before.glyph_bounding_box(g), after.glyph_bounding_box(g));
        }
        assert!(
            after
                .raw_face()
                .table(ttf_parser::Tag::from_bytes(b"fpgm"))
                .is_none()
        );
        assert_eq!(checksum(&out), 0xB1B0_AFBA);
    }

    #[test]
    fn what_is_not_a_font_is_left_alone() {
        assert_eq!(unhint(b"not a font"), None);
        assert_eq!(unhint(&[]), None);
    }
}
