//! 100%-stacked horizontal bar charts with a legend ([`StackedChart`]):
//! each bar's parts in the series' colours, their counts inside; tagged as
//! a Figure stating the counts in words.

use super::blocks::{Color, StackedBar, StackedChart};
use super::chart::{SIZE, SMALL, fit};
use super::layout::Layout;

impl Layout<'_> {
    pub(super) fn stacked(&mut self, chart: &StackedChart) {
        let row = 18.0;
        let legend = self.legend_lines(&chart.series);
        self.caption(&chart.caption, legend.len() as f32 * 14.0 + row * 2.0);
        self.figure(chart.alt(), |this| this.stacked_bars(chart, legend));
    }

    fn stacked_bars(&mut self, chart: &StackedChart, legend: Vec<Vec<(f32, String, Color)>>) {
        let row = 18.0;
        let bar_h = 12.0;
        for line in legend {
            let y = self.y;
            for (x, text, color) in line {
                self.rect(x, y + 3.0, 8.0, 8.0, color);
                self.text(x + 11.0, y + 10.5, SIZE, false, 0.0, text);
            }
            self.y += 14.0;
        }
        self.y += 2.0;
        let width = |b: &StackedBar| self.m.width(&b.label, SIZE, b.bold);
        let label_width = chart
            .bars
            .iter()
            .map(width)
            .fold(0.0f32, f32::max)
            .min(self.geo.body_width() * 0.35);
        let value_width = chart
            .bars
            .iter()
            .map(|b| self.m.width(&b.text, SIZE, false))
            .fold(0.0f32, f32::max);
        let right = self.geo.width - self.geo.side;
        let bar_left = self.geo.side + label_width + 8.0;
        let span = (right - bar_left - value_width - 8.0).max(10.0);
        for bar in &chart.bars {
            self.need(row);
            let y = self.y;
            let label = fit(self.m, &bar.label, label_width, SIZE);
            self.text(self.geo.side, y + 12.5, SIZE, bar.bold, 0.0, label);
            let total: f64 = bar.values.iter().sum();
            let mut x = bar_left;
            if total > 0.0 {
                for (value, (_, color)) in bar.values.iter().zip(&chart.series) {
                    let w = (value / total) as f32 * span;
                    if w <= 0.0 {
                        continue;
                    }
                    self.rect(x, y + 3.0, w, bar_h, *color);
                    let count = value.to_string();
                    let cw = self.m.width(&count, SIZE, false);
                    if cw + 2.0 <= w {
                        let gray = if color.is_dark() { 1.0 } else { 0.0 };
                        self.text(x + (w - cw) / 2.0, y + 12.5, SIZE, false, gray, count);
                    }
                    x += w;
                }
                x += 4.0;
            }
            self.text(x, y + 12.5, SIZE, false, 0.0, bar.text.clone());
            self.y += row;
        }
        // The axis under the bars.
        self.need(12.0);
        let y = self.y + 8.0;
        for (share, label) in [(0.0, "0%"), (0.5, "50%"), (1.0, "100%")] {
            let w = self.m.width(label, SMALL, false);
            let x = bar_left + span * share - w * share;
            self.text(x, y, SMALL, false, 0.3, label.to_string());
        }
        self.y += 12.0;
    }

    /// The legend's entries placed in lines: (x, text, colour).
    fn legend_lines(&self, series: &[(String, Color)]) -> Vec<Vec<(f32, String, Color)>> {
        let right = self.geo.width - self.geo.side;
        let mut lines: Vec<Vec<(f32, String, Color)>> = Vec::new();
        let mut x = right;
        for (text, color) in series {
            let w = 11.0 + self.m.width(text, SIZE, false);
            if x + w > right || lines.is_empty() {
                lines.push(Vec::new());
                x = self.geo.side;
            }
            if let Some(line) = lines.last_mut() {
                line.push((x, text.clone(), *color));
            }
            x += w + 12.0;
        }
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blocks::Block;
    use crate::chart::tests::{lay, rects, texts};

    #[test]
    fn stacked_parts_share_the_width_and_an_empty_bar_is_text_only() {
        let chart = StackedChart {
            caption: "評価".to_string(),
            series: vec![
                ("A".to_string(), Color::Rgb(0x2E7D32)),
                ("B".to_string(), Color::Rgb(0x9CCC65)),
            ],
            bars: vec![
                StackedBar {
                    label: "一".to_string(),
                    values: vec![3.0, 1.0],
                    text: "4指標".to_string(),
                    bold: false,
                },
                StackedBar {
                    label: "二".to_string(),
                    values: vec![0.0, 0.0],
                    text: "指標なし".to_string(),
                    bold: true,
                },
            ],
        };
        let items = lay(Block::Stacked(chart));
        // The legend's squares, then the parts.
        let a = rects(&items, Color::Rgb(0x2E7D32));
        let b = rects(&items, Color::Rgb(0x9CCC65));
        assert_eq!((a.len(), b.len()), (2, 2));
        assert!((a[1] - 3.0 * b[1]).abs() < 0.01, "{a:?} {b:?}");
        let texts = texts(&items);
        for text in ["3", "4指標", "指標なし", "0%", "100%"] {
            assert!(texts.iter().any(|t| t == text), "{text} in {texts:?}");
        }
    }
}
