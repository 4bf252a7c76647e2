//! The document as blocks (headings, paragraphs, bullet lists, tables,
//! charts, page breaks): what the packet says, before any measuring.

/// A fill colour.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Color {
    /// A grey level (0.0 black, 1.0 white).
    Gray(f32),
    /// RGB as `0xRRGGBB`.
    Rgb(u32),
}

impl Color {
    /// The red, green and blue components, from 0.0 to 1.0.
    pub fn components(self) -> [f32; 3] {
        match self {
            Color::Gray(level) => [level; 3],
            Color::Rgb(rgb) => [16, 8, 0].map(|shift| ((rgb >> shift) & 0xFF) as f32 / 255.0),
        }
    }

    /// Whether text drawn on it should be white (its luminance is low).
    pub fn is_dark(self) -> bool {
        let [r, g, b] = self.components();
        0.299 * r + 0.587 * g + 0.114 * b < 0.5
    }
}

/// Horizontal alignment of a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    /// Flush left.
    #[default]
    Left,
    /// Centred.
    Center,
    /// Flush right.
    Right,
}

/// A run of text set in one style, broken into lines by the layout.
#[derive(Debug, Clone, PartialEq)]
pub struct Para {
    /// The text; `\n` forces a line break.
    pub text: String,
    /// Size in points.
    pub size: f32,
    /// Bold face.
    pub bold: bool,
    /// Alignment.
    pub align: Align,
    /// Indent of every line, in points.
    pub indent: f32,
    /// Extra indent of the lines after the first (a bullet's hanging indent).
    pub hanging: f32,
    /// Space before, in points.
    pub space_before: f32,
    /// Break lines at spaces when they have one (lists of items).
    pub at_spaces: bool,
    /// An item of a bulleted list (its `・` is in the text): tagged as a
    /// list item, consecutive items as one list.
    pub bullet: bool,
}

/// Body text size in points.
pub const BODY: f32 = 9.5;

impl Para {
    /// Body text.
    pub fn new(text: impl Into<String>) -> Para {
        Para {
            text: text.into(),
            size: BODY,
            bold: false,
            align: Align::Left,
            indent: 0.0,
            hanging: 0.0,
            space_before: 0.0,
            at_spaces: false,
            bullet: false,
        }
    }

    /// The same, as an item of a bulleted list.
    pub fn bullet(mut self) -> Para {
        self.bullet = true;
        self
    }

    /// The same, broken at spaces where possible.
    pub fn at_spaces(mut self) -> Para {
        self.at_spaces = true;
        self
    }

    /// The same, bold.
    pub fn bold(mut self) -> Para {
        self.bold = true;
        self
    }

    /// The same, at another size.
    pub fn size(mut self, size: f32) -> Para {
        self.size = size;
        self
    }

    /// The same, aligned.
    pub fn align(mut self, align: Align) -> Para {
        self.align = align;
        self
    }

    /// The same, indented.
    pub fn indent(mut self, indent: f32) -> Para {
        self.indent = indent;
        self
    }

    /// The same, with a hanging indent for lines after the first.
    pub fn hanging(mut self, hanging: f32) -> Para {
        self.hanging = hanging;
        self
    }

    /// The same, with space before.
    pub fn space_before(mut self, space: f32) -> Para {
        self.space_before = space;
        self
    }
}

/// One cell of a table: paragraphs, optionally shaded.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Cell {
    /// The content.
    pub paras: Vec<Para>,
    /// The background, if shaded.
    pub fill: Option<Color>,
    /// A header cell (tagged TH): every cell of a header row, and a label
    /// beside the values in a body row.
    pub header: bool,
}

impl Cell {
    /// A cell of one paragraph.
    pub fn text(para: Para) -> Cell {
        Cell {
            paras: vec![para],
            fill: None,
            header: false,
        }
    }

    /// A shaded label cell (bold).
    pub fn label(text: impl Into<String>) -> Cell {
        Cell {
            paras: vec![Para::new(text).bold()],
            fill: Some(Color::Gray(0.9)),
            header: true,
        }
    }
}

/// A shaded label cell (tagged TH) at a size, aligned.
pub fn label(text: &str, size: f32, align: Align) -> Cell {
    let mut cell = Cell::label(text);
    cell.paras[0].size = size;
    cell.paras[0].align = align;
    cell
}

/// A plain cell of one paragraph at a size, aligned.
pub fn cell(text: impl Into<String>, size: f32, align: Align) -> Cell {
    Cell::text(Para::new(text).size(size).align(align))
}

/// How a table's columns get their widths.
#[derive(Debug, Clone, PartialEq)]
pub enum Widths {
    /// From the content, within the page.
    Auto,
    /// Fixed fractions of the page width.
    Fractions(Vec<f32>),
}

/// A table: header rows (repeated on every page it spans) and body rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// How the columns are sized.
    pub widths: Widths,
    /// Header rows.
    pub header: Vec<Vec<Cell>>,
    /// Body rows; a row may have fewer cells than columns when its last
    /// cell spans the rest.
    pub rows: Vec<Vec<Cell>>,
}

/// One bar of a chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// The label left of the bar.
    pub label: String,
    /// The value; bars are scaled to the chart's maximum.
    pub value: f64,
    /// The value as printed after the bar.
    pub text: String,
    /// The bar's colour; `None` for the default grey.
    pub color: Option<Color>,
}

/// A vertical line across a bar chart at a value, labelled above it.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    /// Where the line is.
    pub value: f64,
    /// The label above the chart.
    pub label: String,
    /// A solid line (a reference) rather than a dotted one (a guide).
    pub solid: bool,
}

/// A horizontal bar chart.
#[derive(Debug, Clone, PartialEq)]
pub struct BarChart {
    /// The chart's caption.
    pub caption: String,
    /// The bars, top to bottom.
    pub bars: Vec<Bar>,
    /// The value at full length: longer bars are cut there (with a notch)
    /// and their text still says the true value. `None`: the largest bar.
    pub max: Option<f64>,
    /// Lines across the bars.
    pub marks: Vec<Mark>,
}

impl BarChart {
    /// A chart scaled to its largest bar, without marks.
    pub fn new(caption: impl Into<String>, bars: Vec<Bar>) -> BarChart {
        BarChart {
            caption: caption.into(),
            bars,
            max: None,
            marks: Vec::new(),
        }
    }
}

impl BarChart {
    /// The chart in words, for its alternative text: the caption, then every
    /// bar's label and value, and the lines across the bars.
    pub fn alt(&self) -> String {
        let bars: Vec<String> = self
            .bars
            .iter()
            .map(|b| format!("{} {}", b.label, b.text))
            .collect();
        let mut alt = format!("棒グラフ「{}」:{}。", self.caption, bars.join("、"));
        if !self.marks.is_empty() {
            let marks: Vec<&str> = self.marks.iter().map(|m| m.label.as_str()).collect();
            alt.push_str(&format!("線:{}。", marks.join("、")));
        }
        alt
    }
}

/// One bar of a stacked chart: its parts, one per series.
#[derive(Debug, Clone, PartialEq)]
pub struct StackedBar {
    /// The label left of the bar.
    pub label: String,
    /// One value per series; each part is printed inside when it fits.
    pub values: Vec<f64>,
    /// Printed after the bar (or in its place when every value is 0).
    pub text: String,
    /// A bold label (a total).
    pub bold: bool,
}

/// A horizontal 100%-stacked bar chart with a legend.
#[derive(Debug, Clone, PartialEq)]
pub struct StackedChart {
    /// The chart's caption.
    pub caption: String,
    /// The series in stacking order: legend text and colour.
    pub series: Vec<(String, Color)>,
    /// The bars, top to bottom.
    pub bars: Vec<StackedBar>,
}

impl StackedChart {
    /// The chart in words, for its alternative text: the caption, then each
    /// bar's label, its parts by series and its text.
    pub fn alt(&self) -> String {
        let bars: Vec<String> = self
            .bars
            .iter()
            .map(|b| {
                let parts: Vec<String> = self
                    .series
                    .iter()
                    .zip(&b.values)
                    .map(|((name, _), value)| format!("{name} {value}"))
                    .collect();
                format!("{} {}({})", b.label, parts.join("、"), b.text)
            })
            .collect();
        format!(
            "100%積み上げ棒グラフ「{}」:{}。",
            self.caption,
            bars.join(";")
        )
    }
}

/// A line of the table of contents.
#[derive(Debug, Clone, PartialEq)]
pub struct TocEntry {
    /// The text.
    pub text: String,
    /// The anchor it leads to.
    pub anchor: String,
}

/// A block of the document.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A paragraph.
    Para(Para),
    /// A heading of a level (1 for a section's title, 2 and 3 below it):
    /// bold, kept with what follows.
    Heading(u8, Para),
    /// A bulleted list: `・` and a hanging indent.
    Bullets(Vec<String>),
    /// A table.
    Table(Table),
    /// A bar chart.
    Chart(BarChart),
    /// A 100%-stacked bar chart.
    Stacked(StackedChart),
    /// The table of contents; page numbers come from the previous pass.
    Toc(Vec<TocEntry>),
    /// A place that links and the table of contents point to, with an
    /// optional bookmark (outline entry).
    Anchor {
        /// The anchor's name.
        id: String,
        /// The bookmark's title, if any.
        bookmark: Option<String>,
    },
    /// The running header of the pages from here on.
    RunningHeader(String),
    /// Vertical space in points.
    Space(f32),
    /// Starts a new page.
    PageBreak,
    /// Blocks kept on one page when they fit on one: moved to a new page
    /// rather than broken (a project with its table).
    Together(Vec<Block>),
    /// The page has no running header or page number (the cover).
    PlainPage,
}
