//! Shared look of every workbook we write: the Japanese font on every
//! format, the few formats we use, and width/height estimates for CJK text.

use std::borrow::Cow;

use rust_xlsxwriter::{Color, ExcelDateTime, Format, FormatAlign, FormatBorder};

use crate::error::Result;

/// The font of every cell. BIZ UDゴシック ships with Windows 10 and later and
/// is the font embedded in the PDF packet.
pub const FONT: &str = "BIZ UDゴシック";

/// Default font size in points.
pub const SIZE: f64 = 10.0;

/// Height of one text line at [`SIZE`], in points.
pub const LINE_HEIGHT: f64 = 13.5;

/// The base format: our font, our size.
pub fn base() -> Format {
    Format::new().set_font_name(FONT).set_font_size(SIZE)
}

/// A title line.
pub fn title() -> Format {
    base().set_font_size(16.0).set_bold()
}

/// A section heading such as (1) 部局の方向性.
pub fn heading() -> Format {
    base().set_font_size(12.0).set_bold()
}

/// A bordered label cell (header rows, field labels).
pub fn label() -> Format {
    base()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_background_color(Color::RGB(0xD9E1F2))
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap()
}

/// A label for the year-end columns, tinted apart.
pub fn year_end_label() -> Format {
    label().set_background_color(Color::RGB(0xFCE4D6))
}

/// A label of the columns filled for the 中間評価 (end of September).
pub fn mid_year_label() -> Format {
    label().set_background_color(Color::RGB(0xE2EFDA))
}

/// A bordered, wrapped text cell.
pub fn cell() -> Format {
    base()
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::Top)
}

/// A bordered number cell with `decimals` decimals and thousands separators.
pub fn number(decimals: u8) -> Format {
    let pattern = if decimals == 0 {
        "#,##0".to_string()
    } else {
        format!("#,##0.{}", "0".repeat(decimals as usize))
    };
    cell().set_num_format(pattern).set_align(FormatAlign::Right)
}

/// A percentage cell (0.5 shows 50.0%).
pub fn percent() -> Format {
    cell().set_num_format("0.0%").set_align(FormatAlign::Right)
}

/// A date cell shown in 和暦.
pub fn date() -> Format {
    cell().set_num_format("[$-411]ggge\"年\"m\"月\"d\"日\"")
}

/// The formats of a table's cells ([`cell`], [`number`], [`percent`],
/// [`date`] and a centred cell), each made once: a list of 10,000
/// departments writes millions of cells, and a `Format` is built field by
/// field, copied at each step.
pub struct TableFormats {
    /// [`cell`].
    pub cell: Format,
    /// [`cell`] centred.
    pub centered: Format,
    /// [`percent`].
    pub percent: Format,
    /// [`date`].
    pub date: Format,
    /// [`number`] with 0 to [`NUMBERS_MADE`] − 1 decimals.
    numbers: Vec<Format>,
}

/// Decimals whose [`number`] format is made once.
const NUMBERS_MADE: u8 = 8;

impl TableFormats {
    /// The formats, made on first use.
    pub fn get() -> &'static TableFormats {
        static FORMATS: std::sync::LazyLock<TableFormats> =
            std::sync::LazyLock::new(|| TableFormats {
                cell: cell(),
                centered: cell().set_align(FormatAlign::Center),
                percent: percent(),
                date: date(),
                numbers: (0..NUMBERS_MADE).map(number).collect(),
            });
        &FORMATS
    }

    /// [`number`] with `decimals` decimals.
    pub fn number(&self, decimals: u8) -> Cow<'_, Format> {
        match self.numbers.get(usize::from(decimals)) {
            Some(format) => Cow::Borrowed(format),
            None => Cow::Owned(number(decimals)),
        }
    }
}

/// Small grey text.
pub fn faint() -> Format {
    base()
        .set_font_size(8.0)
        .set_font_color(Color::RGB(0x808080))
}

/// Text as a cell can hold it: Excel refuses more than 32,767 characters.
/// Accepted documents never hold more (the reader rejects them); this
/// keeps a message or a path from ever failing the whole workbook.
pub fn cell_text(text: &str) -> Cow<'_, str> {
    const EXCEL_MAX: usize = 32_767;
    if text.chars().count() <= EXCEL_MAX {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(
            text.chars()
                .take(EXCEL_MAX - 10)
                .chain("…(以下略)".chars())
                .collect(),
        )
    }
}

/// The format for a text cell: with Excel's quote prefix (an invisible `'`)
/// when the text begins like a formula, so that editing the cell keeps it
/// a text instead of turning `=HYPERLINK(…)` into a live link.
pub fn text_format<'a>(text: &str, format: &'a Format) -> Cow<'a, Format> {
    if crate::outputs::present::formula_like(text) {
        Cow::Owned(format.clone().set_quote_prefix())
    } else {
        Cow::Borrowed(format)
    }
}

/// Writes a text cell in its [`text_format`] (as given: a text longer than
/// a cell holds is an error, unless the caller cut it by [`cell_text`]).
pub fn write_text<'s>(
    sheet: &'s mut rust_xlsxwriter::Worksheet,
    row: u32,
    col: u16,
    text: &str,
    format: &Format,
) -> Result<&'s mut rust_xlsxwriter::Worksheet> {
    Ok(sheet.write_string_with_format(row, col, text, &text_format(text, format))?)
}

/// Display width of text in Excel character units: wide and full-width
/// characters count two (East Asian ambiguous ones too, as Japanese fonts
/// draw them), others one.
pub fn text_width(text: &str) -> f64 {
    unicode_width::UnicodeWidthStr::width_cjk(text) as f64
}

/// How many lines the text takes in a column `width` characters wide.
/// Full-width characters print at about 1.7 units in Japanese fonts, a
/// little less than [`text_width`] counts, which stays generous for widths.
pub fn line_count(text: &str, width: f64) -> usize {
    let usable = (width * 1.15 - 1.0).max(1.0);
    text.split('\n')
        .map(|line| ((text_width(line) / usable).ceil() as usize).max(1))
        .sum()
}

/// Excel's tallest row, in points.
pub const MAX_ROW_HEIGHT: f64 = 409.0;

/// A row height fitting texts in their column widths, at most
/// [`MAX_ROW_HEIGHT`].
pub fn row_height<'a>(cells: impl IntoIterator<Item = (&'a str, f64)>) -> f64 {
    let lines = cells
        .into_iter()
        .map(|(text, width)| line_count(text, width))
        .max()
        .unwrap_or(1)
        .max(1);
    (lines as f64 * LINE_HEIGHT + 3.0).min(MAX_ROW_HEIGHT)
}

/// A column width fitting the longest line of the texts, within bounds.
pub fn fit_width(texts: impl IntoIterator<Item = impl AsRef<str>>, min: f64, max: f64) -> f64 {
    texts
        .into_iter()
        .map(|t| {
            t.as_ref()
                .split('\n')
                .map(|line| text_width(line) + 2.0)
                .fold(min, f64::max)
        })
        .fold(min, f64::max)
        .min(max)
}

/// Converts a time for rust_xlsxwriter.
pub fn excel_datetime(time: chrono::NaiveDateTime) -> Result<ExcelDateTime> {
    use chrono::{Datelike, Timelike};
    let year = time.year().clamp(1900, 9999) as u16;
    let date = ExcelDateTime::from_ymd(year, time.month() as u8, time.day() as u8)?;
    Ok(date.and_hms(
        time.hour() as u16,
        time.minute() as u8,
        time.second() as f64,
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn japanese_counts_double() {
        assert_eq!(text_width("abc"), 3.0);
        assert_eq!(text_width("総合政策部"), 10.0);
        assert_eq!(text_width("１０億円"), 8.0);
    }

    #[test]
    fn lines_wrap_by_width() {
        assert_eq!(line_count("", 10.0), 1);
        assert_eq!(line_count("総合政策部", 11.0), 1);
        assert_eq!(line_count("総合政策部総合政策部", 11.0), 2);
        assert_eq!(line_count("a\nb\nc", 10.0), 3);
    }

    #[test]
    fn rows_stop_at_excels_tallest() {
        assert_eq!(row_height([("a", 10.0)]), LINE_HEIGHT + 3.0);
        assert_eq!(
            row_height([("a\n".repeat(100).as_str(), 10.0)]),
            MAX_ROW_HEIGHT
        );
    }

    #[test]
    fn widths_are_bounded() {
        assert_eq!(fit_width(["ab"], 8.0, 40.0), 8.0);
        assert_eq!(fit_width(["総合政策部"], 8.0, 40.0), 12.0);
        assert_eq!(fit_width(["あ".repeat(100).as_str()], 8.0, 40.0), 40.0);
    }
}
