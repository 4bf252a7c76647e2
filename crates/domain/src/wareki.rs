//! Fiscal years (年度) and dates in 和暦: parsing and labelling 令和8年度,
//! formatting and parsing 令和8年4月1日 / R8.4.1 / 2026-04-01, and dates
//! from Excel serials.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::quantity::normalize;

/// The earliest fiscal year [`FiscalYear::parse`] accepts (平成元年度).
const FIRST_PARSED_YEAR: i32 = 1989;
/// The latest fiscal year [`FiscalYear::parse`] accepts.
const LAST_PARSED_YEAR: i32 = 2200;
/// The largest Excel serial: 9999-12-31.
const MAX_SERIAL: f64 = 2_958_465.0;

/// A Japanese era as far as dates go.
#[derive(Debug, PartialEq, Eq)]
struct Era {
    /// 令和.
    name: &'static str,
    /// R, as in R8.4.1 (matched case-insensitively).
    letter: char,
    /// The first day written in this era (year, month, day). For 明治, the
    /// first day of the Gregorian calendar in Japan.
    first_day: (i32, u32, u32),
    /// The Gregorian year of the era's first year (元年).
    first_year: i32,
}

/// Eras, newest first.
const ERAS: &[Era] = &[
    Era {
        name: "令和",
        letter: 'R',
        first_day: (2019, 5, 1),
        first_year: 2019,
    },
    Era {
        name: "平成",
        letter: 'H',
        first_day: (1989, 1, 8),
        first_year: 1989,
    },
    Era {
        name: "昭和",
        letter: 'S',
        first_day: (1926, 12, 25),
        first_year: 1926,
    },
    Era {
        name: "大正",
        letter: 'T',
        first_day: (1912, 7, 30),
        first_year: 1912,
    },
    Era {
        name: "明治",
        letter: 'M',
        first_day: (1873, 1, 1),
        first_year: 1868,
    },
];

/// Index of 令和 and 平成 in [`ERAS`], the eras a fiscal year may be written in.
const REIWA: usize = 0;
const HEISEI: usize = 1;

/// A fiscal year (年度), April to March, held as its Gregorian start year (令和8年度 = 2026).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FiscalYear(i32);

impl FiscalYear {
    /// The fiscal year starting in April of the given Gregorian year.
    pub fn new(gregorian: i32) -> FiscalYear {
        FiscalYear(gregorian)
    }

    /// The Gregorian year the fiscal year starts in (2026 for 令和8年度).
    pub fn gregorian(self) -> i32 {
        self.0
    }

    /// The fiscal year a date falls in: 2027-03-31 is in 令和8年度 (2026).
    pub fn of_date(date: NaiveDate) -> FiscalYear {
        if date.month() >= 4 {
            FiscalYear(date.year())
        } else {
            FiscalYear(date.year() - 1)
        }
    }

    /// Accepts 令和8年度, 令和8, 令和８年度, 令和元年度, R8, r8, R8年度, Ｒ８,
    /// 2026, 2026年度, ２０２６, H30, 平成30年度, 平成元年度 (1989),
    /// surrounding spaces. None otherwise (also for 令和0, 平成32+,
    /// years outside 1989..=2200). 平成31年度 is 2019, the same as 令和元年度.
    pub fn parse(text: &str) -> Option<FiscalYear> {
        let compact = compact(text);
        let body = compact.strip_suffix("年度").unwrap_or(&compact);
        let year = match split_era(body) {
            Some((era, rest)) => {
                let n = era_year(rest)?;
                let max = match era {
                    // As far as the years read go: label() writes 令和100年度 for 2118.
                    REIWA => LAST_PARSED_YEAR - ERAS[REIWA].first_year + 1,
                    HEISEI => 31,
                    _ => return None,
                };
                if n > max {
                    return None;
                }
                ERAS[era].first_year + n - 1
            }
            None => four_digit_year(body)?,
        };
        (FIRST_PARSED_YEAR..=LAST_PARSED_YEAR)
            .contains(&year)
            .then_some(FiscalYear(year))
    }

    /// "令和8年度"; 2019 -> "令和元年度"; 2018 -> "平成30年度"; 1989 ->
    /// "平成元年度". Never "1年". A fiscal year takes the era in force at
    /// the end of its starting calendar year (so FY2019, which began under
    /// 平成, is 令和元年度, as the government calls it). Years before 明治
    /// are written in Gregorian: "1867年度".
    pub fn label(self) -> String {
        match ERAS.iter().find(|era| era.first_year <= self.0) {
            Some(era) => format!(
                "{}{}年度",
                era.name,
                era_year_label(self.0 - era.first_year + 1)
            ),
            None => format!("{}年度", self.0),
        }
    }

    /// A fiscal year as typed in a 年度 cell: what [`FiscalYear::parse`]
    /// accepts, or a year written without 度 (「令和8年」, 「2026年」),
    /// which in a fiscal-year field means that 年度; the flag says the 度
    /// was missing, so the reader can say how it read it.
    pub fn parse_field(text: &str) -> Option<(FiscalYear, bool)> {
        if let Some(year) = FiscalYear::parse(text) {
            return Some((year, false));
        }
        let compact = compact(text);
        let body = compact.strip_suffix('年')?;
        FiscalYear::parse(body).map(|year| (year, true))
    }

    /// How many fiscal years ahead of `today`'s a document may be dated: a
    /// template is made for next year during this one; more is likely a typo.
    pub const MAX_YEARS_AHEAD: i32 = 2;

    /// Whether a document of this year could be meant, seen from `today`'s
    /// fiscal year: not more than [`FiscalYear::MAX_YEARS_AHEAD`] ahead.
    pub fn is_plausible_from(self, today: FiscalYear) -> bool {
        self.0 <= today.0.saturating_add(Self::MAX_YEARS_AHEAD)
    }

    /// The fiscal year before this one.
    pub fn previous(self) -> FiscalYear {
        FiscalYear(self.0.saturating_sub(1))
    }

    /// The fiscal year after this one.
    pub fn next(self) -> FiscalYear {
        FiscalYear(self.0.saturating_add(1))
    }

    /// April 1 of the starting year (saturating at chrono's date range).
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.0, 4, 1).unwrap_or_else(|| saturated(self.0))
    }

    /// March 31 of the following year (saturating at chrono's date range).
    pub fn last_day(self) -> NaiveDate {
        let year = self.0.saturating_add(1);
        NaiveDate::from_ymd_opt(year, 3, 31).unwrap_or_else(|| saturated(year))
    }

    /// Whether the date falls within this fiscal year.
    pub fn contains(self, date: NaiveDate) -> bool {
        self.first_day() <= date && date <= self.last_day()
    }
}

impl fmt::Display for FiscalYear {
    /// The label: 令和8年度.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())
    }
}

impl Serialize for FiscalYear {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_i32(self.0)
    }
}

impl<'de> Deserialize<'de> for FiscalYear {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<FiscalYear, D::Error> {
        deserializer.deserialize_any(FiscalYearVisitor)
    }
}

struct FiscalYearVisitor;

impl Visitor<'_> for FiscalYearVisitor {
    type Value = FiscalYear;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "a fiscal year such as 2026 or \"令和8年度\" ({FIRST_PARSED_YEAR}..={LAST_PARSED_YEAR})"
        )
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<FiscalYear, E> {
        i32::try_from(value)
            .ok()
            .filter(|year| (FIRST_PARSED_YEAR..=LAST_PARSED_YEAR).contains(year))
            .map(FiscalYear)
            .ok_or_else(|| E::invalid_value(de::Unexpected::Signed(value), &self))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<FiscalYear, E> {
        i64::try_from(value)
            .map_err(|_| E::invalid_value(de::Unexpected::Unsigned(value), &self))
            .and_then(|value| self.visit_i64(value))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<FiscalYear, E> {
        FiscalYear::parse(value).ok_or_else(|| E::invalid_value(de::Unexpected::Str(value), &self))
    }
}

/// Formats a date in 和暦: 令和8年4月1日, 令和元年5月1日, 平成31年4月30日 (the
/// era by the actual date: 令和 from 2019-05-01, 平成 1989-01-08..=2019-04-30;
/// earlier dates: 昭和 from 1926-12-25, 大正 from 1912-07-30, 明治 from
/// 1873-01-01). Never "1年": 元年. Dates before 1873 are written in Gregorian:
/// 1872年12月31日.
pub fn format_date(date: NaiveDate) -> String {
    match era_of(date) {
        Some(era) => format!(
            "{}{}年{}月{}日",
            era.name,
            era_year_label(date.year() - era.first_year + 1),
            date.month(),
            date.day()
        ),
        None => format!("{}年{}月{}日", date.year(), date.month(), date.day()),
    }
}

/// Parses a date written as text: 令和8年4月1日, 令和元年5月1日, R8.4.1, R8/4/1,
/// R8-4-1, H31.4.30, 2026/4/1, 2026-04-01, 2026年4月1日, 2026.4.1, ISO
/// datetime from .ods "2026-04-01T00:00:00", full-width digits, spaces, a
/// trailing time ("2026/4/1 0:00") or weekday ("(水)"), which are ignored.
/// Eras 令和 R, 平成 H, 昭和 S, 大正 T, 明治 M. None when not a date or not a
/// valid date, and when the era does not cover the date (令和元年4月1日 and
/// 平成31年5月1日 are None).
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let normalized = normalize(text);
    let without_time = strip_time(&normalized);
    let without_weekday = strip_weekday(without_time);
    let compact: String = without_weekday
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    match split_era(&compact) {
        Some((era, rest)) => {
            let (year, month, day) = split_ymd(rest)?;
            let era = &ERAS[era];
            let year = era.first_year.checked_add(era_year(year)? - 1)?;
            let date = NaiveDate::from_ymd_opt(year, month, day)?;
            (era_of(date) == Some(era)).then_some(date)
        }
        None => {
            let (year, month, day) = split_ymd(&compact)?;
            NaiveDate::from_ymd_opt(four_digit_year(year)?, month, day)
        }
    }
}

/// A date from an Excel serial (1900 date system, with Excel's fictitious
/// 1900-02-29: serial 1 = 1900-01-01, 60 = the fake leap day -> None, 61 =
/// 1900-03-01, 45383 = 2024-04-01). Fractions (time of day) are dropped.
/// None outside 1..=2958465 or non-finite.
pub fn date_from_serial(serial: f64) -> Option<NaiveDate> {
    DateSystem::From1900.date(serial)
}

/// The date system of a workbook: Excel counts days from 1900 (Windows) or,
/// when 「1904 年から計算する」 is set (Excel for Mac's old default), from
/// 1904-01-01, so the same serial is 1,462 days later in the 1900 system.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum DateSystem {
    /// Serial 1 = 1900-01-01 (with Excel's fictitious 1900-02-29).
    #[default]
    From1900,
    /// Serial 0 = 1904-01-01.
    From1904,
}

impl DateSystem {
    /// The date of a serial in this system (see [`date_from_serial`]):
    /// calamine's conversion (Excel's fictitious 1900-02-29 included, which
    /// is no date), within Excel's range, the time of day dropped.
    pub fn date(self, serial: f64) -> Option<NaiveDate> {
        use calamine::{ExcelDateTime, ExcelDateTimeType};
        const DAYS_1900_TO_1904: f64 = 1462.0;
        let (first, last, is_1904) = match self {
            DateSystem::From1900 => (1.0, MAX_SERIAL, false),
            DateSystem::From1904 => (0.0, MAX_SERIAL - DAYS_1900_TO_1904, true),
        };
        if !serial.is_finite() || !(first..last + 1.0).contains(&serial) {
            return None;
        }
        let datetime = ExcelDateTime::new(serial.floor(), ExcelDateTimeType::DateTime, is_1904);
        let (year, month, day, ..) = datetime.to_ymd_hms_milli();
        NaiveDate::from_ymd_opt(year.into(), month.into(), day.into())
    }
}

/// Normalised text without any whitespace.
fn compact(text: &str) -> String {
    normalize(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// The era a date is written in, if any (None before 1873).
fn era_of(date: NaiveDate) -> Option<&'static Era> {
    let ymd = (date.year(), date.month(), date.day());
    ERAS.iter().find(|era| era.first_day <= ymd)
}

/// Splits a leading era name or letter off: "令和8" -> (REIWA, "8").
fn split_era(text: &str) -> Option<(usize, &str)> {
    ERAS.iter().enumerate().find_map(|(i, era)| {
        if let Some(rest) = text.strip_prefix(era.name) {
            return Some((i, rest));
        }
        let first = text.chars().next()?;
        first
            .eq_ignore_ascii_case(&era.letter)
            .then(|| (i, &text[first.len_utf8()..]))
    })
}

/// The number of an era year: "元" is 1; otherwise 1 to 3 ASCII digits, not 0.
fn era_year(text: &str) -> Option<i32> {
    if text == "元" {
        return Some(1);
    }
    let n = small_number(text, 3)?;
    (n >= 1).then_some(n)
}

/// A Gregorian year written with exactly four ASCII digits.
fn four_digit_year(text: &str) -> Option<i32> {
    (text.len() == 4).then(|| small_number(text, 4)).flatten()
}

/// 1 to `max_len` ASCII digits as a number.
fn small_number(text: &str, max_len: usize) -> Option<i32> {
    if text.is_empty() || text.len() > max_len || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// "8" as "8", 1 as "元".
fn era_year_label(n: i32) -> String {
    if n == 1 {
        "元".to_string()
    } else {
        n.to_string()
    }
}

/// Splits "Y年M月D日" (日 optional) or "Y.M.D", "Y/M/D", "Y-M-D" (one kind of
/// separator) into the year text, month and day.
fn split_ymd(text: &str) -> Option<(&str, u32, u32)> {
    let (year, month, day) = if let Some((year, rest)) = text.split_once('年') {
        let (month, rest) = rest.split_once('月')?;
        (year, month, rest.strip_suffix('日').unwrap_or(rest))
    } else {
        let separator = text.chars().find(|c| matches!(c, '.' | '/' | '-'))?;
        let mut parts = text.split(separator);
        let year = parts.next()?;
        let month = parts.next()?;
        let day = parts.next()?;
        if parts.next().is_some() {
            return None;
        }
        (year, month, day)
    };
    let month = u32::try_from(small_number(month, 2)?).ok()?;
    let day = u32::try_from(small_number(day, 2)?).ok()?;
    Some((year, month, day))
}

/// Drops a time of day after a date: "2026-04-01T00:00:00", "2026/4/1 9:30",
/// "…T00:00:00.000Z", "…T00:00:00+09:00".
fn strip_time(text: &str) -> &str {
    let looks_like_time = |time: &str| {
        time.starts_with(|c: char| c.is_ascii_digit())
            && time.contains(':')
            && time
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, ':' | '.' | 'Z' | '+' | '-'))
    };
    if let Some((date, time)) = text.split_once('T')
        && !date.is_empty()
        && looks_like_time(time)
    {
        return date.trim_end();
    }
    if let Some((date, time)) = text.rsplit_once(char::is_whitespace)
        && !date.trim().is_empty()
        && looks_like_time(time)
    {
        return date.trim_end();
    }
    text
}

/// Drops a trailing weekday in brackets: "(水)", "(水曜)", "(水曜日)".
fn strip_weekday(text: &str) -> &str {
    let Some(open) = text.rfind('(') else {
        return text;
    };
    let Some(inside) = text[open..]
        .strip_prefix('(')
        .and_then(|rest| rest.strip_suffix(')'))
    else {
        return text;
    };
    let inside = inside.trim();
    let day = inside
        .strip_suffix("曜日")
        .or_else(|| inside.strip_suffix('曜'))
        .unwrap_or(inside);
    let mut chars = day.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if "月火水木金土日".contains(c) => text[..open].trim_end(),
        _ => text,
    }
}

/// The earliest or latest date chrono holds, for years beyond its range.
fn saturated(year: i32) -> NaiveDate {
    if year < 0 {
        NaiveDate::MIN
    } else {
        NaiveDate::MAX
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, day).expect("valid test date")
    }

    #[test]
    fn a_year_field_without_do_and_plausibility() {
        let field = |t: &str| FiscalYear::parse_field(t).map(|(y, missing)| (y.0, missing));
        assert_eq!(field("令和8年度"), Some((2026, false)));
        assert_eq!(field("令和8年"), Some((2026, true)));
        assert_eq!(field("2026年"), Some((2026, true)));
        assert_eq!(field("Ｒ８年"), Some((2026, true)));
        assert_eq!(field("令和8年4月"), None);
        assert_eq!(field("年"), None);
        let today = FiscalYear(2026);
        assert!(FiscalYear(2028).is_plausible_from(today));
        assert!(!FiscalYear(2029).is_plausible_from(today));
        assert!(FiscalYear(1989).is_plausible_from(today));
    }

    #[test]
    fn fiscal_year_parse_table() {
        let cases: &[(&str, Option<i32>)] = &[
            ("令和8年度", Some(2026)),
            ("令和8", Some(2026)),
            ("令和８年度", Some(2026)),
            ("令和元年度", Some(2019)),
            ("令和元", Some(2019)),
            ("令和1年度", Some(2019)),
            ("令和08年度", Some(2026)),
            ("R8", Some(2026)),
            ("r8", Some(2026)),
            ("R8年度", Some(2026)),
            ("Ｒ８", Some(2026)),
            ("ｒ８年度", Some(2026)),
            ("R99", Some(2117)),
            ("2026", Some(2026)),
            ("2026年度", Some(2026)),
            ("２０２６", Some(2026)),
            ("２０２６年度", Some(2026)),
            ("H30", Some(2018)),
            ("h30", Some(2018)),
            ("平成30年度", Some(2018)),
            ("平成元年度", Some(1989)),
            ("平成31年度", Some(2019)),
            ("H31", Some(2019)),
            ("㍻30年度", Some(2018)),
            ("㋿8年度", Some(2026)),
            ("  令和8年度  ", Some(2026)),
            ("\u{3000}令和 8 年度\u{3000}", Some(2026)),
            ("1989", Some(1989)),
            ("2200", Some(2200)),
            ("令和0", None),
            ("令和0年度", None),
            ("R0", None),
            ("R100", Some(2118)),
            ("令和182年度", Some(2200)),
            ("R183", None),
            ("R999", None),
            ("R1000", None),
            ("平成32年度", None),
            ("平成0年度", None),
            ("昭和63年度", None),
            ("S63", None),
            ("1988", None),
            ("2201", None),
            ("0", None),
            ("26", None),
            ("20260", None),
            ("-2026", None),
            ("+2026", None),
            ("令和", None),
            ("R", None),
            ("年度", None),
            ("", None),
            ("   ", None),
            ("令和八年度", None),
            ("令和8年", None),
            ("令和8年度度", None),
            ("令和元元", None),
            ("令和-1", None),
            ("R 8 年度", Some(2026)),
            ("X8", None),
            ("2026年4月1日", None),
            ("😀", None),
            ("令和😀年度", None),
        ];
        for (text, expected) in cases {
            assert_eq!(
                FiscalYear::parse(text).map(FiscalYear::gregorian),
                *expected,
                "FiscalYear::parse({text:?})"
            );
        }
    }

    #[test]
    fn fiscal_year_label_table() {
        let cases = [
            (2026, "令和8年度"),
            (2025, "令和7年度"),
            (2020, "令和2年度"),
            (2019, "令和元年度"),
            (2018, "平成30年度"),
            (1990, "平成2年度"),
            (1989, "平成元年度"),
            (1988, "昭和63年度"),
            (1926, "昭和元年度"),
            (1925, "大正14年度"),
            (1912, "大正元年度"),
            (1911, "明治44年度"),
            (1868, "明治元年度"),
            (1867, "1867年度"),
            (2117, "令和99年度"),
        ];
        for (year, label) in cases {
            let fy = FiscalYear::new(year);
            assert_eq!(fy.label(), label, "label({year})");
            assert_eq!(fy.to_string(), label, "Display({year})");
        }
    }

    #[test]
    fn label_parse_round_trip() {
        for year in FIRST_PARSED_YEAR..=2117 {
            let fy = FiscalYear::new(year);
            assert_eq!(FiscalYear::parse(&fy.label()), Some(fy), "{year}");
        }
    }

    #[test]
    fn fiscal_year_days_and_neighbours() {
        let fy = FiscalYear::new(2026);
        assert_eq!(fy.gregorian(), 2026);
        assert_eq!(fy.first_day(), ymd(2026, 4, 1));
        assert_eq!(fy.last_day(), ymd(2027, 3, 31));
        assert_eq!(fy.previous(), FiscalYear::new(2025));
        assert_eq!(fy.previous().label(), "令和7年度");
        assert_eq!(fy.next(), FiscalYear::new(2027));
        assert!(FiscalYear::new(2025) < fy);

        let cases = [
            (ymd(2026, 4, 1), true),
            (ymd(2027, 3, 31), true),
            (ymd(2026, 12, 31), true),
            (ymd(2027, 1, 1), true),
            (ymd(2026, 3, 31), false),
            (ymd(2027, 4, 1), false),
        ];
        for (date, inside) in cases {
            assert_eq!(fy.contains(date), inside, "contains({date})");
            assert_eq!(FiscalYear::of_date(date) == fy, inside, "of_date({date})");
        }
        // Leap year: FY2023 ends 2024-03-31 and contains 2024-02-29.
        assert!(FiscalYear::new(2023).contains(ymd(2024, 2, 29)));
    }

    #[test]
    fn fiscal_year_extremes_do_not_panic() {
        for year in [i32::MIN, i32::MAX, 0, -1, 262_143, 262_144] {
            let fy = FiscalYear::new(year);
            let _ = (
                fy.label(),
                fy.first_day(),
                fy.last_day(),
                fy.previous(),
                fy.next(),
            );
            let _ = fy.contains(ymd(2026, 4, 1));
        }
        assert_eq!(
            FiscalYear::new(i32::MIN).previous(),
            FiscalYear::new(i32::MIN)
        );
        assert_eq!(FiscalYear::new(i32::MAX).next(), FiscalYear::new(i32::MAX));
    }

    #[derive(Debug, Serialize, Deserialize, PartialEq)]
    struct Holder {
        year: FiscalYear,
    }

    #[test]
    fn fiscal_year_serde() {
        let holder = Holder {
            year: FiscalYear::new(2026),
        };
        assert_eq!(
            serde_json::to_string(&holder).expect("json"),
            r#"{"year":2026}"#
        );
        assert_eq!(
            toml::to_string(&holder).expect("toml").trim(),
            "year = 2026"
        );

        let good = [
            "year = 2026",
            "year = \"令和8年度\"",
            "year = \"R8\"",
            "year = \"2026\"",
            "year = \"２０２６年度\"",
        ];
        for text in good {
            let read: Holder = toml::from_str(text).expect(text);
            assert_eq!(read, holder, "{text}");
        }
        let read: Holder = serde_json::from_str(r#"{"year":"令和8年度"}"#).expect("json str");
        assert_eq!(read, holder);

        let bad = [
            "year = 0",
            "year = 1988",
            "year = 2201",
            "year = -2026",
            "year = 9999999999",
            "year = \"令和0年度\"",
            "year = \"abc\"",
            "year = 2026.0",
            "year = true",
        ];
        for text in bad {
            assert!(toml::from_str::<Holder>(text).is_err(), "{text} must fail");
        }
        assert!(serde_json::from_str::<Holder>(r#"{"year":18446744073709551615}"#).is_err());
    }

    #[test]
    fn format_date_table() {
        let cases = [
            (ymd(2026, 4, 1), "令和8年4月1日"),
            (ymd(2019, 5, 1), "令和元年5月1日"),
            (ymd(2019, 12, 31), "令和元年12月31日"),
            (ymd(2020, 1, 1), "令和2年1月1日"),
            (ymd(2019, 4, 30), "平成31年4月30日"),
            (ymd(2019, 1, 1), "平成31年1月1日"),
            (ymd(1989, 1, 8), "平成元年1月8日"),
            (ymd(1989, 1, 7), "昭和64年1月7日"),
            (ymd(1926, 12, 25), "昭和元年12月25日"),
            (ymd(1926, 12, 24), "大正15年12月24日"),
            (ymd(1912, 7, 30), "大正元年7月30日"),
            (ymd(1912, 7, 29), "明治45年7月29日"),
            (ymd(1873, 1, 1), "明治6年1月1日"),
            (ymd(1872, 12, 31), "1872年12月31日"),
            (ymd(2117, 12, 31), "令和99年12月31日"),
            (ymd(2118, 1, 1), "令和100年1月1日"),
        ];
        for (date, expected) in cases {
            assert_eq!(format_date(date), expected, "format_date({date})");
        }
    }

    #[test]
    fn parse_date_table() {
        let cases: &[(&str, Option<NaiveDate>)] = &[
            ("令和8年4月1日", Some(ymd(2026, 4, 1))),
            ("令和元年5月1日", Some(ymd(2019, 5, 1))),
            ("令和1年5月1日", Some(ymd(2019, 5, 1))),
            ("令和８年４月１日", Some(ymd(2026, 4, 1))),
            ("令和 8 年 4 月 1 日", Some(ymd(2026, 4, 1))),
            ("\u{3000}令和8年4月1日\u{3000}", Some(ymd(2026, 4, 1))),
            ("令和8年04月01日", Some(ymd(2026, 4, 1))),
            ("令和8年4月1", Some(ymd(2026, 4, 1))),
            ("令和8年4月1日(水)", Some(ymd(2026, 4, 1))),
            ("令和8年4月1日（水曜日）", Some(ymd(2026, 4, 1))),
            ("㋿8年4月1日", Some(ymd(2026, 4, 1))),
            ("R8.4.1", Some(ymd(2026, 4, 1))),
            ("r8.4.1", Some(ymd(2026, 4, 1))),
            ("Ｒ８．４．１", Some(ymd(2026, 4, 1))),
            ("R8/4/1", Some(ymd(2026, 4, 1))),
            ("R8-4-1", Some(ymd(2026, 4, 1))),
            ("R08.04.01", Some(ymd(2026, 4, 1))),
            ("令和8.4.1", Some(ymd(2026, 4, 1))),
            ("H31.4.30", Some(ymd(2019, 4, 30))),
            ("平成31年4月30日", Some(ymd(2019, 4, 30))),
            ("平成元年1月8日", Some(ymd(1989, 1, 8))),
            ("昭和64年1月7日", Some(ymd(1989, 1, 7))),
            ("S64.1.7", Some(ymd(1989, 1, 7))),
            ("昭和元年12月25日", Some(ymd(1926, 12, 25))),
            ("T15.12.24", Some(ymd(1926, 12, 24))),
            ("M45.7.29", Some(ymd(1912, 7, 29))),
            ("2026/4/1", Some(ymd(2026, 4, 1))),
            ("2026-04-01", Some(ymd(2026, 4, 1))),
            ("2026年4月1日", Some(ymd(2026, 4, 1))),
            ("2026.4.1", Some(ymd(2026, 4, 1))),
            ("２０２６／４／１", Some(ymd(2026, 4, 1))),
            ("2026-04-01T00:00:00", Some(ymd(2026, 4, 1))),
            ("2026-04-01T13:45:10.123", Some(ymd(2026, 4, 1))),
            ("2026-04-01T00:00:00Z", Some(ymd(2026, 4, 1))),
            ("2026-04-01T00:00:00+09:00", Some(ymd(2026, 4, 1))),
            ("2026/4/1 0:00:00", Some(ymd(2026, 4, 1))),
            ("2026/4/1 9:30", Some(ymd(2026, 4, 1))),
            ("2024/2/29", Some(ymd(2024, 2, 29))),
            // Era boundaries.
            ("令和元年4月30日", None),
            ("令和元年4月1日", None),
            ("平成31年5月1日", None),
            ("平成32年1月1日", None),
            ("平成元年1月7日", None),
            ("昭和64年1月8日", None),
            ("M5.12.31", None),
            // Invalid dates and junk.
            ("令和0年4月1日", None),
            ("2026年13月1日", None),
            ("令和８年２月３０日", None),
            ("2023/2/29", None),
            ("2026/0/1", None),
            ("2026/4/0", None),
            ("2026/4/31", None),
            ("2026/4/1/5", None),
            ("2026/4-1", None),
            ("2026/4", None),
            ("2026年4月", None),
            ("26/4/1", None),
            ("20260401", None),
            ("2026/004/1", None),
            ("令和", None),
            ("R", None),
            ("年度", None),
            ("令和8年度", None),
            ("令和8年4月1日日", None),
            ("令和8年4月1日(x)", None),
            ("2026-04-01T", None),
            ("2026-04-01Tabc", None),
            ("T", None),
            ("T15.1.1", Some(ymd(1926, 1, 1))),
            ("", None),
            ("   ", None),
            ("abc", None),
            ("😀", None),
            ("R😀.4.1", None),
            ("2026/4/1😀", None),
            ("-2026/4/1", None),
            ("R-1.4.1", None),
            ("R1000.4.1", None),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_date(text), *expected, "parse_date({text:?})");
        }
    }

    #[test]
    fn format_parse_round_trip() {
        let mut date = ymd(1873, 1, 1);
        let end = ymd(2130, 12, 31);
        while date <= end {
            assert_eq!(parse_date(&format_date(date)), Some(date), "{date}");
            date += chrono::Duration::days(7);
        }
        for date in [
            ymd(2019, 4, 30),
            ymd(2019, 5, 1),
            ymd(1989, 1, 7),
            ymd(1989, 1, 8),
        ] {
            assert_eq!(parse_date(&format_date(date)), Some(date), "{date}");
        }
    }

    #[test]
    fn odd_input_never_panics() {
        let long_digits = "9".repeat(500);
        let long_date = format!("{long_digits}/4/1");
        let long_era = format!("R{long_digits}.4.1");
        let long_fy = format!("令和{long_digits}年度");
        let odd = [
            "令和",
            "R",
            "年度",
            "年",
            "年月日",
            "2026年13月1日",
            "令和８年２月３０日",
            long_digits.as_str(),
            long_date.as_str(),
            long_era.as_str(),
            long_fy.as_str(),
            "😀",
            "👨‍👩‍👧",
            "令和😀",
            "(",
            ")",
            "()",
            "(水",
            "T:",
            " T ",
            "..",
            "//",
            "--",
            "元",
            "元年",
            "\0",
            "\u{0301}",
        ];
        for text in odd {
            assert_eq!(parse_date(text), None, "parse_date({text:?})");
            assert_eq!(FiscalYear::parse(text), None, "FiscalYear::parse({text:?})");
        }
    }

    #[test]
    fn date_from_serial_table() {
        let cases: &[(f64, Option<NaiveDate>)] = &[
            (1.0, Some(ymd(1900, 1, 1))),
            (31.0, Some(ymd(1900, 1, 31))),
            (59.0, Some(ymd(1900, 2, 28))),
            (60.0, None),
            (60.5, None),
            (61.0, Some(ymd(1900, 3, 1))),
            (43_586.0, Some(ymd(2019, 5, 1))),
            (45_383.0, Some(ymd(2024, 4, 1))),
            (45_383.75, Some(ymd(2024, 4, 1))),
            (46_113.0, Some(ymd(2026, 4, 1))),
            (2_958_465.0, Some(ymd(9999, 12, 31))),
            (2_958_465.99, Some(ymd(9999, 12, 31))),
            (2_958_466.0, None),
            (0.0, None),
            (0.5, None),
            (0.999, None),
            (-1.0, None),
            (f64::NAN, None),
            (f64::INFINITY, None),
            (f64::NEG_INFINITY, None),
            (f64::MAX, None),
            (f64::MIN, None),
        ];
        for (serial, expected) in cases {
            assert_eq!(
                date_from_serial(*serial),
                *expected,
                "date_from_serial({serial})"
            );
        }
    }

    #[test]
    fn the_1904_date_system() {
        let april = NaiveDate::from_ymd_opt(2026, 4, 1);
        assert_eq!(DateSystem::From1900.date(46113.0), april);
        // The same date saved by Excel for Mac with 1904 dates: 1,462 less.
        assert_eq!(DateSystem::From1904.date(44651.0), april);
        assert_eq!(
            DateSystem::From1900.date(44651.0),
            NaiveDate::from_ymd_opt(2022, 3, 31),
            "what the 1904 serial reads as when the system is ignored"
        );
        assert_eq!(
            DateSystem::From1904.date(0.0),
            NaiveDate::from_ymd_opt(1904, 1, 1)
        );
        assert_eq!(
            DateSystem::From1904.date(2_957_003.0),
            NaiveDate::from_ymd_opt(9999, 12, 31)
        );
        assert_eq!(DateSystem::From1904.date(2_957_004.0), None);
        assert_eq!(DateSystem::From1904.date(-1.0), None);
    }
}
