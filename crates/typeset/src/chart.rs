//! Horizontal bar charts laid out like the other blocks: plain or coloured
//! bars with reference lines and cut long bars ([`BarChart`]), tagged as a
//! Figure whose alternative text states the data after the caption's P;
//! the helpers that [`super::stacked`] shares.

use super::blocks::{BarChart, Color, Mark, Para};
use super::font::Metrics;
use super::layout::{Item, Layout, SetLine, set_para};
use super::structure::Kind;

/// Size of a chart's text.
pub(super) const SIZE: f32 = 8.5;
/// Size of the marks' and the axis' labels.
pub(super) const SMALL: f32 = 7.0;
/// Height of a bar's row with a one-line label.
const ROW: f32 = 15.0;
/// Step between the lines of a two-line label.
const STEP: f32 = 10.5;
/// The default bar colour.
const GREY: Color = Color::Gray(0.55);

impl Layout<'_> {
    /// Draws the caption, keeping room for `first` more points after it.
    pub(super) fn caption(&mut self, caption: &str, first: f32) {
        let caption = Para::new(caption).bold().space_before(6.0);
        let lines = set_para(self.m, &caption, self.geo.body_width());
        self.need(lines.iter().map(SetLine::height).sum::<f32>() + first);
        self.tagged(Kind::Paragraph, |this| {
            this.y = this.draw_lines(&lines, this.geo.side, this.y);
        });
    }

    /// Runs `f` with what it draws as a figure with this alternative text.
    pub(super) fn figure(&mut self, alt: String, f: impl FnOnce(&mut Self)) {
        self.tagged(Kind::Figure, |this| {
            let structure = &mut this.laid.structure;
            let e = structure.container();
            structure.elements[e].alt = Some(alt.into_boxed_str());
            f(this);
        });
    }

    pub(super) fn text(&mut self, x: f32, y: f32, size: f32, bold: bool, gray: f32, text: String) {
        let role = self.role();
        self.page().items.push(Item::Text {
            x,
            y,
            size,
            bold,
            gray,
            text,
            role,
        });
    }

    pub(super) fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, color: Color) {
        let role = self.role();
        self.page().items.push(Item::Rect {
            x,
            y,
            w,
            h,
            color,
            role,
        });
    }

    pub(super) fn chart(&mut self, chart: &BarChart) {
        let marks_height = if chart.marks.is_empty() { 0.0 } else { 11.0 };
        self.caption(&chart.caption, ROW * 2.0 + marks_height);
        self.figure(chart.alt(), |this| this.bars(chart, marks_height));
    }

    fn bars(&mut self, chart: &BarChart, marks_height: f32) {
        let label_width = chart
            .bars
            .iter()
            .map(|b| self.m.width(&b.label, SIZE, false))
            .fold(0.0f32, f32::max)
            .min(self.geo.body_width() * 0.4);
        // Texts of empty bars start where the bar would: they do not narrow
        // the bars.
        let value_width = chart
            .bars
            .iter()
            .filter(|b| b.value > 0.0)
            .map(|b| self.m.width(&b.text, SIZE, false))
            .fold(0.0f32, f32::max);
        let right = self.geo.width - self.geo.side;
        let bar_left = self.geo.side + label_width + 8.0;
        let bar_span = (right - bar_left - value_width - 8.0).max(10.0);
        let max = chart
            .max
            .unwrap_or_else(|| chart.bars.iter().map(|b| b.value).fold(0.0f64, f64::max));
        let at = |value: f64| {
            if max > 0.0 {
                (value.clamp(0.0, max) / max) as f32 * bar_span
            } else {
                0.0
            }
        };
        let marks: Vec<(f32, &Mark)> = chart
            .marks
            .iter()
            .filter(|m| m.value >= 0.0 && m.value <= max)
            .map(|m| (bar_left + at(m.value), m))
            .collect();
        let mut first = true;
        for bar in &chart.bars {
            let label = label_lines(self.m, &bar.label, label_width);
            let extra = STEP * (label.len().max(1) - 1) as f32;
            let row = ROW + extra;
            if first || row > self.room() {
                self.need(row + marks_height);
                self.mark_labels(&marks);
                first = false;
            }
            let (x, y) = (self.geo.side, self.y);
            for (k, line) in label.into_iter().enumerate() {
                self.text(x, y + 11.0 + STEP * k as f32, SIZE, false, 0.0, line);
            }
            let length = at(bar.value);
            let top = y + 3.0 + extra / 2.0;
            self.rect(
                bar_left,
                top,
                length.max(0.5),
                10.0,
                bar.color.unwrap_or(GREY),
            );
            if bar.value > max && max > 0.0 {
                // A cut bar: a notch before its end.
                self.rect(bar_left + length - 7.0, top, 1.6, 10.0, Color::Gray(1.0));
            }
            for (mx, mark) in &marks {
                let role = self.role();
                self.page().items.push(Item::Line {
                    from: (*mx, y),
                    to: (*mx, y + row),
                    width: if mark.solid { 0.8 } else { 0.5 },
                    dotted: !mark.solid,
                    role,
                });
            }
            let text_left = bar_left + length + 4.0;
            let text = fit(self.m, &bar.text, right - text_left, SIZE);
            let baseline = y + 11.0 + extra / 2.0;
            if !marks.is_empty() {
                // The text over the lines, on white.
                let w = self.m.width(&text, SIZE, false);
                self.rect(text_left - 1.5, top, w + 3.0, 10.0, Color::Gray(1.0));
            }
            self.text(text_left, baseline, SIZE, false, 0.0, text);
            self.y += row;
        }
    }

    /// The marks' labels above the bars, each centred on its line, left out
    /// where it would overlap the one before.
    fn mark_labels(&mut self, marks: &[(f32, &Mark)]) {
        if marks.is_empty() {
            return;
        }
        let mut taken = f32::MIN;
        let right = self.geo.width - self.geo.side;
        let mut placed: Vec<(f32, &Mark)> = marks.to_vec();
        placed.sort_by(|a, b| a.0.total_cmp(&b.0));
        for (x, mark) in placed {
            let w = self.m.width(&mark.label, SMALL, false);
            let left = (x - w / 2.0).min(right - w);
            if left < taken + 2.0 {
                continue;
            }
            taken = left + w;
            let y = self.y + 8.0;
            self.text(left, y, SMALL, false, 0.3, mark.label.clone());
        }
        self.y += 11.0;
    }
}

/// A label broken into at most two lines of `width`, the second shortened
/// with … when more would follow.
fn label_lines(m: &Metrics, label: &str, width: f32) -> Vec<String> {
    if m.width(label, SIZE, false) <= width {
        return vec![label.to_string()];
    }
    let lines: Vec<String> = set_para(m, &Para::new(label).size(SIZE), width)
        .into_iter()
        .map(|l| l.text)
        .collect();
    match lines.as_slice() {
        [] => vec![String::new()],
        [one] => vec![fit(m, one, width, SIZE)],
        [first, rest @ ..] => vec![first.clone(), fit(m, &rest.concat(), width, SIZE)],
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

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::blocks::{Bar, Block};
    use crate::font::FontSet;
    use crate::layout::{Geometry, paginate};

    pub(crate) fn lay(block: Block) -> Vec<Item> {
        let fonts = FontSet::embedded();
        let m = Metrics::new(&fonts);
        let laid = paginate(&[block], &m, Geometry::A4, &Default::default());
        laid.pages.into_iter().flat_map(|p| p.items).collect()
    }

    pub(crate) fn rects(items: &[Item], color: Color) -> Vec<f32> {
        items
            .iter()
            .filter_map(|i| match i {
                Item::Rect { w, color: c, .. } if *c == color => Some(*w),
                _ => None,
            })
            .collect()
    }

    pub(crate) fn texts(items: &[Item]) -> Vec<String> {
        items
            .iter()
            .filter_map(|i| match i {
                Item::Text { text, .. } => Some(text.clone()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_bar_past_the_maximum_is_cut_with_a_notch_and_says_its_true_value() {
        let bar = |label: &str, value: f64, rgb: u32| Bar {
            label: label.to_string(),
            value,
            text: format!("{value:.1}%"),
            color: Some(Color::Rgb(rgb)),
        };
        let chart = BarChart {
            caption: "達成率".to_string(),
            bars: vec![
                bar("大", 300.0, 0x2E7D32),
                bar("小", 50.0, 0xFFB300),
                bar("負", -20.0, 0xE53935),
            ],
            max: Some(150.0),
            marks: vec![Mark {
                value: 100.0,
                label: "100%".to_string(),
                solid: true,
            }],
        };
        let items = lay(Block::Chart(chart));
        let long = rects(&items, Color::Rgb(0x2E7D32));
        let short = rects(&items, Color::Rgb(0xFFB300));
        assert!(
            (long[0] - 3.0 * short[0]).abs() < 0.01,
            "{long:?} {short:?}"
        );
        assert_eq!(
            rects(&items, Color::Gray(1.0))
                .iter()
                .filter(|w| **w == 1.6)
                .count(),
            1
        );
        let texts = texts(&items);
        for text in ["100%", "300.0%", "50.0%"] {
            assert!(texts.iter().any(|t| t == text), "{text} in {texts:?}");
        }
        let solid = items
            .iter()
            .filter(|i| matches!(i, Item::Line { dotted: false, .. }))
            .count();
        assert_eq!(solid, 3, "the 100% line across every row");
        // A negative value has no bar, and its text stays right of the labels.
        let x_of = |wanted: &str| {
            items.iter().find_map(|i| match i {
                Item::Text { x, text, .. } if text == wanted => Some(*x),
                _ => None,
            })
        };
        // Both start at the bars' left: 4 points after the end of the bar.
        let start = x_of("50.0%").unwrap() - short[0];
        assert!((x_of("-20.0%").unwrap() - start).abs() < 0.01);
        assert_eq!(rects(&items, Color::Rgb(0xE53935)), [0.5]);
    }
}
