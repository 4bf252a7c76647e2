//! One cell as the reader sees it, whatever program saved the file: the
//! calamine value normalised, and its number format where the file has one.

use calamine::Data;
use chrono::NaiveDate;

use mokuhyo_domain::quantity::Quantity;
use mokuhyo_domain::wareki::{self, DateSystem};

/// A cell's content.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing, or only whitespace.
    Empty,
    /// Text, with line breaks as `\n` and surrounding whitespace trimmed.
    Text(String),
    /// A number, with its number format code when known (xlsx only).
    Number(f64, Option<String>),
    /// A date (a date-formatted number, or an ISO date from .ods).
    Date(NaiveDate),
    /// A formula error such as `#DIV/0!`.
    Error(String),
    /// A formula whose result was not saved (as written, with its `=`).
    Uncomputed(String),
}

impl Cell {
    /// Converts a calamine value; dates are read in the workbook's system.
    pub fn from_data(data: Option<&Data>, format: Option<&str>, dates: DateSystem) -> Cell {
        let format = format
            .filter(|f| !f.eq_ignore_ascii_case("general"))
            .map(str::to_string);
        match data {
            None | Some(Data::Empty) => Cell::Empty,
            Some(Data::String(s)) => text(s),
            Some(Data::Float(f)) => number(*f, format),
            Some(Data::Int(i)) => number(*i as f64, format),
            Some(Data::Bool(b)) => Cell::Text(if *b { "TRUE" } else { "FALSE" }.to_string()),
            Some(Data::DateTime(dt)) => match dates.date(dt.as_f64()) {
                Some(date) if !dt.is_duration() => Cell::Date(date),
                _ => number(dt.as_f64(), format),
            },
            Some(Data::DateTimeIso(s)) => match wareki::parse_date(s) {
                Some(date) => Cell::Date(date),
                None => text(s),
            },
            Some(Data::DurationIso(s)) => text(s),
            Some(Data::Error(e)) => Cell::Error(error_code(e)),
        }
    }

    /// True when the cell holds nothing.
    pub fn is_empty(&self) -> bool {
        matches!(self, Cell::Empty)
    }

    /// The content as text, as a person would read it in the cell.
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Number(f, _) => Quantity::from_f64(*f).to_string().replace(',', ""),
            Cell::Date(d) => wareki::format_date(*d),
            Cell::Error(e) | Cell::Uncomputed(e) => e.clone(),
        }
    }
}

fn text(s: &str) -> Cell {
    let s = s.replace("\r\n", "\n").replace('\r', "\n");
    let trimmed = s.trim_matches(|c: char| c.is_whitespace());
    if trimmed.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(trimmed.to_string())
    }
}

fn number(f: f64, format: Option<String>) -> Cell {
    if f.is_finite() {
        Cell::Number(f, format)
    } else {
        Cell::Error("#NUM!".to_string())
    }
}

fn error_code(e: &calamine::CellErrorType) -> String {
    e.to_string()
}

/// Decimals shown by a number format code: `#,##0.0` → 1, `0%` → 0.
pub fn format_decimals(code: &str) -> Option<u8> {
    let section = code.split(';').next()?;
    let unquoted: String = strip_literals(section);
    let after = unquoted.split_once('.')?.1;
    Some(
        after
            .chars()
            .take_while(|c| *c == '0' || *c == '#')
            .filter(|c| *c == '0')
            .count() as u8,
    )
}

/// True when a number format shows the value as a percentage.
pub fn format_is_percent(code: &str) -> bool {
    strip_literals(code.split(';').next().unwrap_or("")).contains('%')
}

fn strip_literals(section: &str) -> String {
    let mut out = String::new();
    let mut quoted = false;
    let mut chars = section.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => quoted = !quoted,
            '\\' if !quoted => {
                chars.next();
            }
            '[' if !quoted => {
                for c in chars.by_ref() {
                    if c == ']' {
                        break;
                    }
                }
            }
            c if !quoted => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(format_decimals("#,##0.0"), Some(1));
        assert_eq!(format_decimals("0.00%"), Some(2));
        assert_eq!(format_decimals("0"), None);
        assert_eq!(format_decimals("\"約\"0.0\"件\""), Some(1));
        assert!(format_is_percent("0%"));
        assert!(format_is_percent("0.0%"));
        assert!(!format_is_percent("0\"%\""));
        assert!(!format_is_percent("[$-411]ggge\"年\""));
    }

    #[test]
    fn values_are_normalised() {
        assert_eq!(
            Cell::from_data(
                Some(&Data::String("  \r\n".into())),
                None,
                DateSystem::From1900
            ),
            Cell::Empty
        );
        assert_eq!(
            Cell::from_data(
                Some(&Data::String(" a\r\nb ".into())),
                None,
                DateSystem::From1900
            ),
            Cell::Text("a\nb".into())
        );
        assert_eq!(
            Cell::from_data(Some(&Data::Int(3)), Some("General"), DateSystem::From1900),
            Cell::Number(3.0, None)
        );
        assert_eq!(
            Cell::from_data(
                Some(&Data::DateTimeIso("2026-04-01".into())),
                None,
                DateSystem::From1900
            ),
            Cell::Date(NaiveDate::from_ymd_opt(2026, 4, 1).unwrap())
        );
        assert_eq!(
            Cell::from_data(Some(&Data::Float(f64::NAN)), None, DateSystem::From1900),
            Cell::Error("#NUM!".into())
        );
    }
}
