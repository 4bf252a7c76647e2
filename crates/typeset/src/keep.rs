//! Blocks kept together ([`Block::Together`]): laid out in place, and from
//! the top of a new page instead when they ran over a page break there but
//! fit on one page.

use std::collections::HashMap;

use super::blocks::Block;
use super::layout::{Layout, Page};
use super::structure::Saved;

/// Where the layout stood, to go back to.
struct Mark {
    pages: usize,
    items: usize,
    y: f32,
    header: String,
    bookmarks: usize,
    anchors: HashMap<String, usize>,
    structure: Saved,
}

impl Layout<'_> {
    pub(super) fn together(&mut self, blocks: &[Block]) {
        let fresh = self.page().items.is_empty();
        let start = self.mark();
        self.lay(blocks);
        if fresh || self.laid.pages.len() == start.pages {
            return;
        }
        self.back_to(&start);
        self.new_page();
        let top = self.mark();
        self.lay(blocks);
        if self.laid.pages.len() > top.pages {
            // Longer than a page: it breaks anyway, so it starts in place.
            self.back_to(&start);
            self.lay(blocks);
        }
    }

    fn lay(&mut self, blocks: &[Block]) {
        for (i, block) in blocks.iter().enumerate() {
            self.block(block, blocks.get(i + 1));
        }
    }

    fn mark(&mut self) -> Mark {
        Mark {
            pages: self.laid.pages.len(),
            items: self.page().items.len(),
            y: self.y,
            header: self.header.clone(),
            bookmarks: self.laid.bookmarks.len(),
            anchors: self.laid.anchors.clone(),
            structure: self.laid.structure.save(),
        }
    }

    fn back_to(&mut self, mark: &Mark) {
        self.laid.pages.truncate(mark.pages);
        if self.laid.pages.is_empty() {
            self.laid.pages.push(Page::default());
        }
        self.page().items.truncate(mark.items);
        self.y = mark.y;
        self.header = mark.header.clone();
        self.laid.bookmarks.truncate(mark.bookmarks);
        self.laid.anchors = mark.anchors.clone();
        self.laid.structure.restore(&mark.structure);
    }
}

#[cfg(test)]
mod tests {
    use crate::blocks::{Block, Para};
    use crate::font::{FontSet, Metrics};
    use crate::layout::{Geometry, Item, Laid, paginate};

    fn lay(blocks: &[Block]) -> Laid {
        let fonts = FontSet::embedded();
        let m = Metrics::new(&fonts);
        paginate(blocks, &m, Geometry::A4, &Default::default())
    }

    /// The page (from 0) of the first line saying `text`.
    fn page_of(laid: &Laid, text: &str) -> usize {
        laid.pages
            .iter()
            .position(|p| {
                p.items
                    .iter()
                    .any(|i| matches!(i, Item::Text { text: t, .. } if t == text))
            })
            .unwrap()
    }

    fn filler(lines: usize) -> Block {
        Block::Para(Para::new(vec!["埋め草"; lines].join("\n")))
    }

    #[test]
    fn a_group_that_would_break_starts_on_the_next_page() {
        let group = Block::Together(vec![
            Block::Heading(1, Para::new("見出し").bold()),
            Block::Para(Para::new(["本文"; 10].join("\n"))),
        ]);
        let laid = lay(&[filler(40), group.clone()]);
        assert_eq!(page_of(&laid, "見出し"), 1);
        assert_eq!(laid.pages.len(), 2);
        // With room, it stays.
        let laid = lay(&[filler(5), group]);
        assert_eq!(page_of(&laid, "見出し"), 0);
    }

    #[test]
    fn a_group_longer_than_a_page_starts_in_place() {
        let group = Block::Together(vec![
            Block::Heading(1, Para::new("見出し").bold()),
            Block::Para(Para::new(["本文"; 80].join("\n"))),
        ]);
        let laid = lay(&[filler(10), group]);
        assert_eq!(page_of(&laid, "見出し"), 0);
        let lines: usize = laid
            .pages
            .iter()
            .flat_map(|p| &p.items)
            .filter(|i| matches!(i, Item::Text { text, .. } if text == "本文"))
            .count();
        assert_eq!(lines, 80, "laid once");
    }
}
