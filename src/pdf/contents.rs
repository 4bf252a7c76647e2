//! The table of contents (entries, dotted leaders, page numbers, links)
//! and horizontal bar charts, laid out like the other blocks.

use super::blocks::{BarChart, Para, TocEntry};
use super::font::Metrics;
use super::layout::{Item, Layout, SetLine, line_height, set_para};

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
            let page = self.page();
            page.items.push(Item::Text {
                x: left,
                y: baseline,
                size,
                bold: false,
                gray: 0.0,
                text: entry.text.clone(),
            });
            page.items.push(Item::Text {
                x: right - number_width,
                y: baseline,
                size,
                bold: false,
                gray: 0.0,
                text: number,
            });
            page.items.push(Item::Line {
                from: (left + text_width + 6.0, baseline),
                to: (right - number_width - 6.0, baseline),
                width: 0.8,
                dotted: true,
            });
            let y = self.y;
            self.page().items.push(Item::Link {
                x: left,
                y,
                w: right - left,
                h,
                anchor: entry.anchor.clone(),
            });
            self.y += h;
        }
    }

    pub(super) fn chart(&mut self, chart: &BarChart) {
        let size = 8.5;
        let row = 15.0;
        let caption = Para::new(&chart.caption).bold().space_before(6.0);
        let caption_lines = set_para(self.m, &caption, self.geo.body_width());
        self.need(caption_lines.iter().map(SetLine::height).sum::<f32>() + row * 2.0);
        self.y = self.draw_lines(&caption_lines, self.geo.side, self.y);
        let label_width = chart
            .bars
            .iter()
            .map(|b| self.m.width(&b.label, size, false))
            .fold(0.0f32, f32::max)
            .min(self.geo.body_width() * 0.4);
        let value_width = chart
            .bars
            .iter()
            .map(|b| self.m.width(&b.text, size, false))
            .fold(0.0f32, f32::max);
        let bar_left = self.geo.side + label_width + 8.0;
        let bar_span = (self.geo.width - self.geo.side - bar_left - value_width - 8.0).max(10.0);
        let max = chart.bars.iter().map(|b| b.value).fold(0.0f64, f64::max);
        for bar in &chart.bars {
            self.need(row);
            let label = fit(self.m, &bar.label, label_width, size);
            let length = if max > 0.0 {
                (bar.value / max) as f32 * bar_span
            } else {
                0.0
            };
            let baseline = self.y + 11.0;
            let (x, y) = (self.geo.side, self.y);
            let page = self.page();
            page.items.push(Item::Text {
                x,
                y: baseline,
                size,
                bold: false,
                gray: 0.0,
                text: label,
            });
            page.items.push(Item::Rect {
                x: bar_left,
                y: y + 3.0,
                w: length.max(0.5),
                h: 10.0,
                gray: 0.55,
            });
            page.items.push(Item::Text {
                x: bar_left + length + 4.0,
                y: baseline,
                size,
                bold: false,
                gray: 0.0,
                text: bar.text.clone(),
            });
            self.y += row;
        }
    }
}

/// `text` shortened with … to fit `width`.
pub fn fit(m: &Metrics, text: &str, width: f32, size: f32) -> String {
    if m.width(text, size, false) <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = m.advance('…', size, false);
    for c in text.chars() {
        used += m.advance(c, size, false);
        if used > width {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}
