//! Pagination in parallel: the blocks cut at the page breaks that start a
//! fresh page, each piece laid out on its own (rayon, one [`Metrics`] per
//! task) and the pieces joined, their pages, anchors, bookmarks and
//! structure elements renumbered; only the pieces with a table of contents
//! are laid out again until its page numbers settle. The pages are those
//! of laying everything out in one pass ([`super::layout::paginate_settled`]).

use std::collections::HashMap;
use std::ops::Range;

use rayon::prelude::*;

use super::blocks::Block;
use super::font::{FontSet, Metrics};
use super::layout::{Geometry, Item, Laid, paginate_from};
use super::structure::Role;

/// A run of blocks laid out on its own, and the running header it starts
/// with.
struct Piece {
    blocks: Range<usize>,
    header: String,
    has_toc: bool,
}

/// Whether a block drawn first after a page break ends any list being
/// continued (so a piece may start there with none).
fn ends_list(block: &Block) -> Option<bool> {
    match block {
        Block::Anchor { .. }
        | Block::RunningHeader(_)
        | Block::Space(_)
        | Block::PageBreak
        | Block::PlainPage => None,
        Block::Heading(..) | Block::Table(_) | Block::Toc(_) | Block::Bullets(_) => Some(true),
        Block::Para(para) => Some(!para.bullet),
        Block::Together(blocks) => Some(blocks.iter().find_map(ends_list).unwrap_or(false)),
        Block::Chart(_) | Block::Stacked(_) => Some(false),
    }
}

/// The running header after `blocks`, given the one before.
fn header_after(blocks: &[Block], mut header: String) -> String {
    for block in blocks {
        match block {
            Block::RunningHeader(text) => header = text.clone(),
            Block::Together(inner) => header = header_after(inner, header),
            _ => {}
        }
    }
    header
}

fn has_toc(blocks: &[Block]) -> bool {
    blocks.iter().any(|b| match b {
        Block::Toc(_) => true,
        Block::Together(inner) => has_toc(inner),
        _ => false,
    })
}

/// Cuts the blocks before each page break that can start a piece.
fn pieces(blocks: &[Block]) -> Vec<Piece> {
    let mut starts = vec![0];
    for (i, block) in blocks.iter().enumerate().skip(1) {
        if matches!(block, Block::PageBreak)
            && blocks[i + 1..].iter().find_map(ends_list) != Some(false)
        {
            starts.push(i);
        }
    }
    starts.push(blocks.len());
    let mut header = String::new();
    starts
        .windows(2)
        .map(|w| {
            let range = w[0]..w[1];
            let piece = Piece {
                blocks: range.clone(),
                header: header.clone(),
                has_toc: has_toc(&blocks[range.clone()]),
            };
            header = header_after(&blocks[range], std::mem::take(&mut header));
            piece
        })
        .collect()
}

/// Where each piece's first page goes: after the pages before it, or onto
/// the last of them when that was left empty (a page break there starts
/// no new page).
fn offsets(laid: &[Laid]) -> Vec<usize> {
    let mut at = 0;
    laid.iter()
        .map(|piece| {
            let offset = at;
            at = offset + piece.pages.len();
            let last_empty = piece.pages.last().is_some_and(|p| p.items.is_empty());
            if last_empty {
                at -= 1;
            }
            offset
        })
        .collect()
}

/// The anchors' pages in the joined document.
fn anchors(laid: &[Laid], offsets: &[usize]) -> HashMap<String, usize> {
    let mut anchors = HashMap::new();
    for (piece, offset) in laid.iter().zip(offsets) {
        for (id, page) in &piece.anchors {
            anchors.insert(id.clone(), page + offset);
        }
    }
    anchors
}

/// Lays out blocks as [`super::layout::paginate_settled`] does, piece by
/// piece in parallel. Each piece's blocks are dropped once it is laid out
/// (those with a table of contents once it has settled), and its pages
/// keep no spare room: the whole document is never held twice.
pub fn paginate_parallel(blocks: Vec<Block>, fonts: &FontSet, geo: Geometry) -> Laid {
    let pieces = pieces(&blocks);
    let mut blocks = blocks.into_iter();
    let owned: Vec<(&Piece, Vec<Block>)> = pieces
        .iter()
        .map(|p| (p, blocks.by_ref().take(p.blocks.len()).collect()))
        .collect();
    let lay = |piece: &Piece, blocks: &[Block], m: &mut Metrics, known: &HashMap<String, usize>| {
        let mut laid = paginate_from(blocks, m, geo, known, &piece.header);
        for page in &mut laid.pages {
            page.items.shrink_to_fit();
        }
        laid
    };
    let none = HashMap::new();
    let (mut laid, kept): (Vec<Laid>, Vec<Option<Vec<Block>>>) = owned
        .into_par_iter()
        .map_init(
            || Metrics::new(fonts),
            |m, (piece, blocks)| {
                let laid = lay(piece, &blocks, m, &none);
                (laid, piece.has_toc.then_some(blocks))
            },
        )
        .unzip();
    let with_toc: Vec<(usize, Vec<Block>)> = kept
        .into_iter()
        .enumerate()
        .filter_map(|(i, blocks)| Some((i, blocks?)))
        .collect();
    let mut known = HashMap::new();
    for _ in 0..3 {
        let now = anchors(&laid, &offsets(&laid));
        if now == known {
            break;
        }
        known = now;
        if with_toc.is_empty() {
            break;
        }
        let again: Vec<Laid> = with_toc
            .par_iter()
            .map_init(
                || Metrics::new(fonts),
                |m, (i, blocks)| lay(&pieces[*i], blocks, m, &known),
            )
            .collect();
        for ((i, _), piece) in with_toc.iter().zip(again) {
            laid[*i] = piece;
        }
    }
    join(laid)
}

/// Renumbers an element of a piece (0, the document, stays).
fn element(e: usize, base: usize) -> usize {
    if e == 0 { 0 } else { e + base - 1 }
}

fn role(role: Role, base: usize) -> Role {
    match role {
        Role::Element(e) => Role::Element(element(e, base)),
        artifact => artifact,
    }
}

/// Joins laid-out pieces into one document.
fn join(pieces: Vec<Laid>) -> Laid {
    let offsets = offsets(&pieces);
    let mut out = Laid::default();
    // Room for exactly what the pieces hold: grown by doubling, the
    // elements and pages would take up to twice their size at the peak.
    let elements: usize = pieces
        .iter()
        .map(|p| p.structure.elements.len().saturating_sub(1))
        .sum();
    out.structure.elements.reserve_exact(elements);
    out.pages
        .reserve_exact(pieces.iter().map(|p| p.pages.len()).sum());
    for (piece, offset) in pieces.into_iter().zip(offsets) {
        let base = out.structure.elements.len();
        for (id, page) in piece.anchors {
            out.anchors.insert(id, page + offset);
        }
        out.bookmarks.extend(
            piece
                .bookmarks
                .into_iter()
                .map(|(title, page)| (title, page + offset)),
        );
        for mut el in piece.structure.elements.into_iter().skip(1) {
            el.parent = el
                .parent()
                .map(|p| super::structure::number(element(p, base)));
            out.structure.elements.push(el);
        }
        let mut pages = piece.pages.into_iter();
        if out.pages.len() > offset
            && let (Some(empty), Some(first)) = (out.pages.pop(), pages.next())
        {
            let plain = empty.plain || first.plain;
            out.pages.push(super::layout::Page { plain, ..first });
        }
        for page in pages {
            out.pages.push(page);
        }
        for page in &mut out.pages[offset..] {
            for item in &mut page.items {
                match item {
                    Item::Text { role: r, .. }
                    | Item::Line { role: r, .. }
                    | Item::Rect { role: r, .. } => *r = role(*r, base),
                    Item::Link { element: e, .. } => *e = e.map(|e| element(e, base)),
                }
            }
        }
    }
    out
}
