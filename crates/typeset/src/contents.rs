//! The table of contents: entries, dotted leaders, page numbers, links;
//! tagged as a TOC of TOCI, each a Reference to a Link holding its text
//! and number.

use super::blocks::TocEntry;
use super::layout::{Item, Layout, line_height};
use super::structure::{Artifact, Kind, Role};

impl Layout<'_> {
    pub(super) fn toc(&mut self, entries: &[TocEntry]) {
        let size = 10.5;
        let h = line_height(size) + 4.0;
        let left = self.geo.side + 12.0;
        let right = self.geo.width - self.geo.side - 12.0;
        for entry in entries {
            self.need(h);
            let number = self
                .known
                .get(&entry.anchor)
                .map(|p| (p + 1).to_string())
                .unwrap_or_else(|| "0".to_string());
            let number_width = self.m.width(&number, size, false);
            let text_width = self.m.width(&entry.text, size, false);
            let baseline = self.y + size * 1.16 + 2.0;
            let structure = &mut self.laid.structure;
            let item = structure.add(Kind::ContentsItem, structure.container());
            let reference = structure.add(Kind::Reference, item);
            let link = structure.add(Kind::Link, reference);
            structure.elements[link].alt = Some(format!("{} {number}ページ", entry.text).into());
            let role = Role::Element(link);
            let page = self.page();
            page.items.push(Item::Text {
                x: left,
                y: baseline,
                size,
                bold: false,
                gray: 0.0,
                text: entry.text.clone(),
                role,
            });
            page.items.push(Item::Text {
                x: right - number_width,
                y: baseline,
                size,
                bold: false,
                gray: 0.0,
                text: number,
                role,
            });
            page.items.push(Item::Line {
                from: (left + text_width + 6.0, baseline),
                to: (right - number_width - 6.0, baseline),
                width: 0.8,
                dotted: true,
                role: Role::Artifact(Artifact::Layout),
            });
            let y = self.y;
            self.page().items.push(Item::Link {
                x: left,
                y,
                w: right - left,
                h,
                anchor: entry.anchor.clone(),
                element: Some(link),
            });
            self.y += h;
        }
    }
}
