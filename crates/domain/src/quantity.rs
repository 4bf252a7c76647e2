//! Numbers with units as written in cells: quantities that keep their written
//! decimals, unit scale prefixes (億, 万, 千) and the parsing of cell text such
//! as `10.0億円`, `１，５００人`, `▲5`, `-` or `100%(見込み)`.

use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use unicode_normalization::UnicodeNormalization;

/// The most decimals [`Quantity::from_f64`] keeps from a float.
const MAX_FLOAT_DECIMALS: usize = 6;

/// Characters that stand for "no value" when a cell holds only them.
const DASHES: &[char] = &['-', '−', '―', '—', '–', '‐', '‒', 'ー', '─', '━'];

/// Characters that make a number negative when written before it.
const MINUS_SIGNS: &[char] = &['-', '−', '▲', '△'];

/// Estimate markers, after normalisation; bracketed forms first so that the
/// brackets go with the word.
const ESTIMATE_MARKERS: &[&str] = &[
    "(見込み)",
    "(見込)",
    "[見込み]",
    "[見込]",
    "【見込み】",
    "【見込】",
    "見込み",
    "見込",
];

/// Scale prefixes of units, longest first where they share a first character.
const SCALE_PREFIXES: &[(&str, f64)] = &[
    ("兆", 1e12),
    ("千億", 1e11),
    ("百億", 1e10),
    ("十億", 1e9),
    ("億", 1e8),
    ("千万", 1e7),
    ("百万", 1e6),
    ("十万", 1e5),
    ("万", 1e4),
    ("千", 1e3),
];

/// Invisible characters dropped by [`normalize`].
const INVISIBLE: &[char] = &['\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}'];

/// A number as written: its value in the written unit and how many decimals were written.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Quantity {
    /// The value in the written unit: 10.0 for `10.0億円`, 450 for `450万件`.
    pub value: f64,
    /// How many decimals were written: 1 for `10.0`, 0 for `115`.
    pub decimals: u8,
}

impl Quantity {
    /// A quantity with the given value and number of written decimals.
    pub fn new(value: f64, decimals: u8) -> Quantity {
        Quantity { value, decimals }
    }

    /// From a float read from a numeric cell: decimals taken from the shortest
    /// round-trip repr, rounded to at most 6 decimals (so 0.30000000000000004
    /// -> 0.3, decimals 1; 7.4 -> 1; 115.0 -> 0). A non-finite value is kept
    /// as is with 0 decimals; -0.0 becomes 0.0.
    pub fn from_f64(value: f64) -> Quantity {
        if !value.is_finite() {
            return Quantity::new(value, 0);
        }
        let value = value + 0.0;
        let decimals = fraction_len(&value.to_string());
        if decimals <= MAX_FLOAT_DECIMALS {
            return Quantity::new(value, decimals as u8);
        }
        let rounded = format!("{value:.MAX_FLOAT_DECIMALS$}")
            .parse::<f64>()
            .unwrap_or(value)
            + 0.0;
        let decimals = fraction_len(&rounded.to_string()).min(MAX_FLOAT_DECIMALS);
        Quantity::new(rounded, decimals as u8)
    }

    /// The value rounded to its decimals, as a number (half away from zero):
    /// 2.5999999999999996 with 1 decimal is 2.6, so a computed difference
    /// never shows float noise in a cell.
    pub fn rounded(self) -> Quantity {
        if !self.value.is_finite() {
            return self;
        }
        let value = self.to_plain_string().parse::<f64>().unwrap_or(self.value) + 0.0;
        Quantity::new(value, self.decimals)
    }

    /// Formats with the given number of decimals and thousands separators in
    /// the integer part: 1500 -> "1,500", 10 with 1 -> "10.0", -3 -> "-3".
    /// Rounds half away from zero on the number as written (2.5 with 0
    /// decimals -> "3", 1.005 with 2 -> "1.01"), never shows "-0".
    pub fn format_with_decimals(&self, decimals: u8) -> String {
        self.format(decimals, true)
    }

    /// The number as written, without thousands separators, with its own
    /// decimals: "10.0", "115", "-3.25", "1500". This is the serde form.
    pub fn to_plain_string(&self) -> String {
        self.format(self.decimals, false)
    }

    fn format(&self, decimals: u8, grouped: bool) -> String {
        if !self.value.is_finite() {
            return self.value.to_string();
        }
        let (int_part, frac_part) = round_decimal(&self.value.abs().to_string(), decimals.into());
        let nonzero = int_part.bytes().chain(frac_part.bytes()).any(|b| b != b'0');
        let mut out = String::with_capacity(int_part.len() * 4 / 3 + frac_part.len() + 2);
        if self.value < 0.0 && nonzero {
            out.push('-');
        }
        if grouped {
            out.push_str(&group_thousands(&int_part));
        } else {
            out.push_str(&int_part);
        }
        if !frac_part.is_empty() {
            out.push('.');
            out.push_str(&frac_part);
        }
        out
    }
}

impl fmt::Display for Quantity {
    /// The value with its own decimals and thousands separators: "1,500", "10.0".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.format_with_decimals(self.decimals))
    }
}

impl Serialize for Quantity {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if !self.value.is_finite() {
            return Err(serde::ser::Error::custom(format!(
                "cannot serialize the non-finite number {}",
                self.value
            )));
        }
        serializer.serialize_str(&self.to_plain_string())
    }
}

impl<'de> Deserialize<'de> for Quantity {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Quantity, D::Error> {
        deserializer.deserialize_any(QuantityVisitor)
    }
}

struct QuantityVisitor;

impl QuantityVisitor {
    fn finite<E: de::Error>(value: f64) -> Result<Quantity, E> {
        if value.is_finite() {
            Ok(Quantity::from_f64(value))
        } else {
            Err(E::custom(format!("not a finite number: {value}")))
        }
    }
}

impl Visitor<'_> for QuantityVisitor {
    type Value = Quantity;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number, or a string holding one such as \"10.0\" or \"1,500\"")
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Quantity, E> {
        Self::finite(value as f64)
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Quantity, E> {
        Self::finite(value as f64)
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Quantity, E> {
        Self::finite(value)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Quantity, E> {
        parse_plain(value).ok_or_else(|| E::invalid_value(de::Unexpected::Str(value), &self))
    }
}

/// Scale and base unit of a unit as written: "億円" -> (1e8, "円"), "万件" ->
/// (1e4, "件"), "千円" -> (1e3, "円"), "百万円" -> (1e6, "円"), "兆円" ->
/// (1e12, "円"), "万" -> (1e4, ""), "%" -> (1.0, "%"), "組" -> (1.0, "組"),
/// "" -> (1.0, ""). Only a leading prefix counts ("万歩" -> (1e4, "歩")); the
/// prefixes are 兆, 千億, 百億, 十億, 億, 千万, 百万, 十万, 万 and 千.
/// Surrounding whitespace is trimmed.
pub fn unit_scale(unit: &str) -> (f64, &str) {
    let unit = unit.trim();
    for (prefix, scale) in SCALE_PREFIXES {
        if let Some(rest) = unit.strip_prefix(prefix) {
            return (*scale, rest.trim_start());
        }
    }
    (1.0, unit)
}

/// What the text of a cell says as a value.
#[derive(Debug, Clone, PartialEq)]
pub enum ParsedValue {
    /// No value: empty, or a dash (`-`, `－`, `―`, `—`, `–`, `‐`, `−`, `ー` alone). Not zero.
    Empty {
        /// The cell was marked (見込み).
        estimate: bool,
    },
    /// A number with the unit written after it (possibly empty).
    Number {
        /// The number as written, in the written unit.
        quantity: Quantity,
        /// The unit written after the number, normalised: `億円`, `%`, `km`, or empty.
        unit: String,
        /// The cell was marked (見込み).
        estimate: bool,
    },
}

/// Parses cell text. None when it is not a value (e.g. "未定", "abc", "1,50", "12a3").
///
/// The text is normalised ([`normalize`]), one leading `'` is dropped, and an
/// estimate marker (`(見込み)`, `(見込)`, `見込み`, `見込`, also in `[]` or
/// `【】`) anywhere sets `estimate` and is removed. What remains is either
/// nothing or a run of dashes (no value), or an optional sign (`-`, `−`, `▲`,
/// `△` for minus, `+`), digits with optional valid thousands separators, an
/// optional decimal part, and a unit that holds no digit and does not start
/// with `.`, `,` or a dash.
pub fn parse_value(text: &str) -> Option<ParsedValue> {
    let normalized = normalize(text);
    let mut rest = normalized
        .strip_prefix('\'')
        .unwrap_or(&normalized)
        .to_string();
    let mut estimate = false;
    for marker in ESTIMATE_MARKERS {
        if rest.contains(marker) {
            estimate = true;
            // A space, not nothing, so that "1(見込み)5" does not become 15.
            rest = rest.replace(marker, " ");
        }
    }
    let rest = rest.trim();
    if rest.chars().all(|c| DASHES.contains(&c)) {
        return Some(ParsedValue::Empty { estimate });
    }
    let (quantity, unit) = parse_number(rest)?;
    let unit = unit.trim();
    if !valid_unit(unit) {
        return None;
    }
    Some(ParsedValue::Number {
        quantity,
        unit: unit.to_string(),
        estimate,
    })
}

/// Normalises number-ish text: NFKC (full-width digits, ，．％（） to ASCII),
/// trims (also U+3000) and drops zero-width characters. Squared and cubed
/// units (`㎡`, `㎥`, `²`, `³`) and circled or parenthesised numbers (`①`,
/// `⑴`) are kept as written, so that neither turns into digits.
pub fn normalize(text: &str) -> String {
    // Invisible characters go first: what they separate must compose now,
    // not on a second pass (normalize is idempotent).
    let visible: String;
    let text = if text.contains(INVISIBLE) {
        visible = text.chars().filter(|c| !INVISIBLE.contains(c)).collect();
        visible.as_str()
    } else {
        text
    };
    let mut out = String::with_capacity(text.len());
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if keeps_form(c) {
            out.extend(text[start..i].nfkc());
            out.push(c);
            start = i + c.len_utf8();
        }
    }
    out.extend(text[start..].nfkc());
    out.retain(|c| !INVISIBLE.contains(&c));
    let trimmed = out.trim();
    if trimmed.len() == out.len() {
        out
    } else {
        trimmed.to_string()
    }
}

/// Whether NFKC would turn a unit or list-marker character into digits
/// (㎡ -> m2, ² -> 2, ① -> 1).
fn keeps_form(c: char) -> bool {
    match c {
        '\u{00B2}' | '\u{00B3}' | '\u{00B9}' | '\u{2070}'..='\u{2079}' => true,
        '\u{2460}'..='\u{24FF}'
        | '\u{2776}'..='\u{2793}'
        | '\u{3251}'..='\u{325F}'
        | '\u{32B1}'..='\u{32BF}' => true,
        '\u{3380}'..='\u{33DF}' => {
            let folded: String = std::iter::once(c).nfkc().collect();
            folded.chars().any(|f| f.is_ascii_digit())
                && folded.chars().any(|f| f.is_ascii_alphabetic())
        }
        _ => false,
    }
}

/// A plain number (no unit, no marker) as in serde strings: "10.0", "1,500", "▲5".
fn parse_plain(text: &str) -> Option<Quantity> {
    let normalized = normalize(text);
    let text = normalized.strip_prefix('\'').unwrap_or(&normalized).trim();
    match parse_number(text)? {
        (quantity, "") => Some(quantity),
        _ => None,
    }
}

/// Parses a sign, digits with optional thousands separators and an optional
/// decimal part at the start of normalised text; returns the rest.
fn parse_number(text: &str) -> Option<(Quantity, &str)> {
    let first = text.chars().next()?;
    let (negative, rest) = if MINUS_SIGNS.contains(&first) {
        (true, &text[first.len_utf8()..])
    } else if first == '+' {
        (false, &text[1..])
    } else {
        (false, text)
    };
    let rest = rest.trim_start();
    let int_len = rest
        .bytes()
        .take_while(|b| b.is_ascii_digit() || *b == b',')
        .count();
    let int_text = &rest[..int_len];
    if !valid_grouping(int_text) {
        return None;
    }
    let mut digits: String = int_text.chars().filter(|c| *c != ',').collect();
    let mut rest = &rest[int_len..];
    let mut decimals = 0;
    if let Some(after) = rest.strip_prefix('.') {
        let frac_len = after.bytes().take_while(u8::is_ascii_digit).count();
        if frac_len > 0 {
            digits.push('.');
            digits.push_str(&after[..frac_len]);
            decimals = frac_len;
            rest = &after[frac_len..];
        }
    }
    let decimals = u8::try_from(decimals).ok()?;
    let magnitude: f64 = digits.parse().ok()?;
    if !magnitude.is_finite() {
        return None;
    }
    // Adding 0.0 turns -0.0 into 0.0.
    let value = if negative { -magnitude } else { magnitude } + 0.0;
    Some((Quantity::new(value, decimals), rest))
}

/// Digits, optionally grouped by commas: 1–3 digits, then groups of exactly 3.
fn valid_grouping(int_text: &str) -> bool {
    let mut groups = int_text.split(',');
    let Some(first) = groups.next() else {
        return false;
    };
    if first.is_empty() || (int_text.contains(',') && first.len() > 3) {
        return false;
    }
    groups.all(|g| g.len() == 3)
}

/// A unit written after a number: no digits (squared and cubed excepted, for
/// m²), and not starting like more of a number.
fn valid_unit(unit: &str) -> bool {
    let starts_badly = unit.chars().next().is_some_and(|c| {
        c == '.' || c == ',' || c == '+' || DASHES.contains(&c) || MINUS_SIGNS.contains(&c)
    });
    let digit =
        |c: char| c.is_ascii_digit() || (c.is_numeric() && !matches!(c, '\u{00B2}' | '\u{00B3}'));
    !starts_badly && !unit.chars().any(digit)
}

/// A computed number rounded to `decimals` places (see [`Quantity::rounded`]).
pub fn round_to(value: f64, decimals: u8) -> f64 {
    Quantity::new(value, decimals).rounded().value
}

/// The number of digits after the decimal point in a plain decimal string.
fn fraction_len(text: &str) -> usize {
    text.split_once('.').map_or(0, |(_, frac)| frac.len())
}

/// Rounds a non-negative plain decimal string ("123.456", no exponent) to
/// `decimals` places, half away from zero; returns the integer and fraction digits.
fn round_decimal(text: &str, decimals: usize) -> (String, String) {
    let (int_part, frac_part) = text.split_once('.').unwrap_or((text, ""));
    if frac_part.len() <= decimals {
        let mut frac = frac_part.to_string();
        frac.extend(std::iter::repeat_n('0', decimals - frac_part.len()));
        return (int_part.to_string(), frac);
    }
    let round_up = frac_part.as_bytes()[decimals] >= b'5';
    let mut digits: Vec<u8> = int_part
        .bytes()
        .chain(frac_part.bytes().take(decimals))
        .collect();
    if round_up {
        let mut carry = true;
        for digit in digits.iter_mut().rev() {
            if *digit == b'9' {
                *digit = b'0';
            } else {
                *digit += 1;
                carry = false;
                break;
            }
        }
        if carry {
            digits.insert(0, b'1');
        }
    }
    let split = digits.len() - decimals;
    let frac = String::from_utf8_lossy(&digits[split..]).into_owned();
    digits.truncate(split);
    (String::from_utf8_lossy(&digits).into_owned(), frac)
}

/// Inserts a comma every three digits from the right: "1500" -> "1,500".
fn group_thousands(digits: &str) -> String {
    let len = digits.len();
    let mut out = String::with_capacity(len + len / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (len - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A value written in `from` as a value in `to`: the same unit, or units
/// that differ only by a scale prefix (万円 and 億円). `None` otherwise.
pub fn convert(value: f64, from: &str, to: &str) -> Option<f64> {
    if from.is_empty() || from == to {
        return Some(value);
    }
    let (from_scale, from_base) = unit_scale(from);
    let (to_scale, to_base) = unit_scale(to);
    (from_base == to_base).then(|| value * from_scale / to_scale)
}

/// A quantity written in `from` as a quantity in `to` ([`convert`]): in
/// the same unit it is the quantity as written, decimals and all (10.0
/// stays 10.0); converted, it has the decimals the converted value needs
/// (5000万円 → 0.5億円, 1.20億円 → 12000万円), as [`Quantity::from_f64`].
pub fn convert_quantity(q: Quantity, from: &str, to: &str) -> Option<Quantity> {
    if from.is_empty() || from == to || unit_scale(from) == unit_scale(to) {
        return Some(q);
    }
    convert(q.value, from, to).map(Quantity::from_f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(value: f64, decimals: u8, unit: &str, estimate: bool) -> Option<ParsedValue> {
        Some(ParsedValue::Number {
            quantity: Quantity::new(value, decimals),
            unit: unit.to_string(),
            estimate,
        })
    }

    fn empty(estimate: bool) -> Option<ParsedValue> {
        Some(ParsedValue::Empty { estimate })
    }

    #[test]
    fn parse_value_table() {
        let cases: Vec<(&str, Option<ParsedValue>)> = vec![
            ("115組", number(115.0, 0, "組", false)),
            ("１１５組", number(115.0, 0, "組", false)),
            ("10.0億円", number(10.0, 1, "億円", false)),
            ("450万件", number(450.0, 0, "万件", false)),
            ("４５０万件", number(450.0, 0, "万件", false)),
            ("１，５００人", number(1500.0, 0, "人", false)),
            ("1,500", number(1500.0, 0, "", false)),
            ("1，500", number(1500.0, 0, "", false)),
            ("12,345,678", number(12_345_678.0, 0, "", false)),
            ("1,500.25", number(1500.25, 2, "", false)),
            ("▲5", number(-5.0, 0, "", false)),
            ("△1.5%", number(-1.5, 1, "%", false)),
            ("−2", number(-2.0, 0, "", false)),
            ("-3", number(-3.0, 0, "", false)),
            ("－3", number(-3.0, 0, "", false)),
            ("+4", number(4.0, 0, "", false)),
            ("▲ 5億円", number(-5.0, 0, "億円", false)),
            ("-0", number(0.0, 0, "", false)),
            ("-", empty(false)),
            ("－", empty(false)),
            ("―", empty(false)),
            ("—", empty(false)),
            ("–", empty(false)),
            ("‐", empty(false)),
            ("−", empty(false)),
            ("ー", empty(false)),
            ("ｰ", empty(false)),
            ("――", empty(false)),
            ("", empty(false)),
            ("  ", empty(false)),
            ("\u{3000}", empty(false)),
            ("100%(見込み)", number(100.0, 0, "%", true)),
            ("100％（見込み）", number(100.0, 0, "%", true)),
            ("（見込み）395万件", number(395.0, 0, "万件", true)),
            ("395万件見込み", number(395.0, 0, "万件", true)),
            ("見込 395万件", number(395.0, 0, "万件", true)),
            ("395万件(見込)", number(395.0, 0, "万件", true)),
            ("395万件【見込み】", number(395.0, 0, "万件", true)),
            ("-(見込み)", empty(true)),
            ("(見込み)", empty(true)),
            ("'123", number(123.0, 0, "", false)),
            ("'", empty(false)),
            ("3回", number(3.0, 0, "回", false)),
            ("30 人", number(30.0, 0, "人", false)),
            ("12km", number(12.0, 0, "km", false)),
            ("１２ｋｍ", number(12.0, 0, "km", false)),
            ("350店", number(350.0, 0, "店", false)),
            ("7.40", number(7.4, 2, "", false)),
            ("0.5ha", number(0.5, 1, "ha", false)),
            ("100㎡", number(100.0, 0, "㎡", false)),
            ("100m²", number(100.0, 0, "m²", false)),
            ("100人(累計)", number(100.0, 0, "人(累計)", false)),
            ("007", number(7.0, 0, "", false)),
            ("\u{FEFF}42", number(42.0, 0, "", false)),
            ("abc", None),
            ("未定", None),
            ("約100人", None),
            ("1,50", None),
            ("1,5000", None),
            ("1234,567", None),
            (",500", None),
            ("1,500,", None),
            ("12a3", None),
            ("1e5", None),
            ("1.2.3", None),
            ("10.", None),
            (".5", None),
            ("3-5", None),
            ("5-", None),
            ("1(見込み)5", None),
            ("①", None),
            ("5①", None),
            ("5個⑴", None),
            ("5٣", None),
            ("▲", None),
            ("+", None),
            ("--5", None),
            ("▲▲5", None),
            ("%", None),
            ("人", None),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_value(text), expected, "parse_value({text:?})");
        }
    }

    #[test]
    fn parse_value_odd_input_never_panics() {
        let long_digits = "9".repeat(400);
        let long_decimals = format!("1.{}", "0".repeat(300));
        let odd = [
            long_digits.as_str(),
            long_decimals.as_str(),
            "😀",
            "5😀",
            "😀5",
            "1,😀",
            "▲😀",
            "\u{0301}",
            "٣",
            "\0",
            "'''",
            "(見込み",
            "見込み見込み",
        ];
        for text in odd {
            let _ = parse_value(text);
        }
        assert_eq!(parse_value(&long_digits), None, "overflow to infinity");
        assert_eq!(parse_value(&long_decimals), None, "more than 255 decimals");
        assert_eq!(parse_value("5😀"), number(5.0, 0, "😀", false));
    }

    #[test]
    fn normalize_table() {
        let cases = [
            ("１２３", "123"),
            ("１，５００．５", "1,500.5"),
            ("５０％", "50%"),
            ("（見込み）", "(見込み)"),
            ("\u{3000}４５０万件\u{3000}", "450万件"),
            ("  a  ", "a"),
            ("ｋｍ", "km"),
            ("㎡", "㎡"),
            ("１０㎥", "10㎥"),
            ("㎏", "kg"),
            ("㍻", "平成"),
            ("①", "①"),
            ("⑴", "⑴"),
            ("4\u{200B}2", "42"),
            ("", ""),
        ];
        for (text, expected) in cases {
            assert_eq!(normalize(text), expected, "normalize({text:?})");
        }
    }

    #[test]
    fn unit_scale_table() {
        let cases = [
            ("億円", 1e8, "円"),
            ("万件", 1e4, "件"),
            ("千円", 1e3, "円"),
            ("百万円", 1e6, "円"),
            ("千万円", 1e7, "円"),
            ("十億円", 1e9, "円"),
            ("兆円", 1e12, "円"),
            ("万", 1e4, ""),
            ("万歩", 1e4, "歩"),
            ("%", 1.0, "%"),
            ("組", 1.0, "組"),
            ("円", 1.0, "円"),
            ("人万", 1.0, "人万"),
            ("", 1.0, ""),
            (" 億円 ", 1e8, "円"),
        ];
        for (unit, scale, base) in cases {
            assert_eq!(unit_scale(unit), (scale, base), "unit_scale({unit:?})");
        }
    }

    #[test]
    fn from_f64_table() {
        let cases = [
            (0.1 + 0.2, 0.3, 1),
            (7.4, 7.4, 1),
            (115.0, 115.0, 0),
            (-3.25, -3.25, 2),
            (1500.0, 1500.0, 0),
            (0.0, 0.0, 0),
            (-0.0, 0.0, 0),
            (1.0 / 3.0, 0.333333, 6),
            (2.0 / 3.0, 0.666667, 6),
            (1e-7, 0.0, 0),
            (0.123_456_7, 0.123_457, 6),
            (1e20, 1e20, 0),
            (123_456_789.123_456_78, 123_456_789.123_457, 6),
        ];
        for (input, value, decimals) in cases {
            let q = Quantity::from_f64(input);
            assert_eq!(q, Quantity::new(value, decimals), "from_f64({input:?})");
            assert!(
                q.value.is_sign_positive() || q.value < 0.0,
                "no -0 for {input:?}"
            );
        }
        assert!(Quantity::from_f64(f64::NAN).value.is_nan());
        assert_eq!(Quantity::from_f64(f64::INFINITY).decimals, 0);
    }

    #[test]
    fn format_with_decimals_table() {
        let cases = [
            (1500.0, 0, "1,500"),
            (10.0, 1, "10.0"),
            (-3.0, 0, "-3"),
            (7.4, 1, "7.4"),
            (7.4, 3, "7.400"),
            (0.0, 0, "0"),
            (0.0, 2, "0.00"),
            (999.0, 0, "999"),
            (1000.0, 0, "1,000"),
            (12_345_678.0, 0, "12,345,678"),
            (-1_234_567.891, 2, "-1,234,567.89"),
            (2.5, 0, "3"),
            (-2.5, 0, "-3"),
            (1.005, 2, "1.01"),
            (9.96, 1, "10.0"),
            (999.95, 1, "1,000.0"),
            (-0.04, 1, "0.0"),
            (0.3, 0, "0"),
            (1e21, 0, "1,000,000,000,000,000,000,000"),
            (0.000_001, 6, "0.000001"),
        ];
        for (value, decimals, expected) in cases {
            let q = Quantity::new(value, 0);
            assert_eq!(
                q.format_with_decimals(decimals),
                expected,
                "format {value:?} with {decimals}"
            );
        }
        assert_eq!(Quantity::new(f64::NAN, 0).format_with_decimals(1), "NaN");
    }

    #[test]
    fn display_and_plain_string() {
        let cases = [
            (Quantity::new(1500.0, 0), "1,500", "1500"),
            (Quantity::new(10.0, 1), "10.0", "10.0"),
            (Quantity::new(-3.25, 2), "-3.25", "-3.25"),
            (Quantity::new(115.0, 0), "115", "115"),
            (Quantity::new(-1234.5, 1), "-1,234.5", "-1234.5"),
        ];
        for (q, display, plain) in cases {
            assert_eq!(q.to_string(), display);
            assert_eq!(q.to_plain_string(), plain);
        }
    }

    #[derive(Debug, Serialize, Deserialize, PartialEq)]
    struct Holder {
        q: Quantity,
    }

    #[test]
    fn serde_json_round_trip() {
        let cases = [
            (Quantity::new(10.0, 1), r#"{"q":"10.0"}"#),
            (Quantity::new(115.0, 0), r#"{"q":"115"}"#),
            (Quantity::new(-3.25, 2), r#"{"q":"-3.25"}"#),
            (Quantity::new(1500.0, 0), r#"{"q":"1500"}"#),
        ];
        for (q, json) in cases {
            let written = serde_json::to_string(&Holder { q }).expect("serialize");
            assert_eq!(written, json);
            let read: Holder = serde_json::from_str(json).expect("deserialize");
            assert_eq!(read.q, q);
        }
    }

    #[test]
    fn serde_deserialize_forms() {
        let cases = [
            (r#"{"q":"1,500"}"#, Quantity::new(1500.0, 0)),
            (r#"{"q":"１，５００"}"#, Quantity::new(1500.0, 0)),
            (r#"{"q":"１０．０"}"#, Quantity::new(10.0, 1)),
            (r#"{"q":"▲5"}"#, Quantity::new(-5.0, 0)),
            (r#"{"q":115}"#, Quantity::new(115.0, 0)),
            (r#"{"q":-3}"#, Quantity::new(-3.0, 0)),
            (r#"{"q":7.4}"#, Quantity::new(7.4, 1)),
            (r#"{"q":10.0}"#, Quantity::new(10.0, 0)),
            (
                r#"{"q":18446744073709551615}"#,
                Quantity::new(18_446_744_073_709_551_615.0, 0),
            ),
        ];
        for (json, expected) in cases {
            let read: Holder = serde_json::from_str(json).expect(json);
            assert_eq!(read.q, expected, "{json}");
        }
        for bad in [
            r#"{"q":"abc"}"#,
            r#"{"q":"10億円"}"#,
            r#"{"q":"1,50"}"#,
            r#"{"q":""}"#,
            r#"{"q":"-"}"#,
            r#"{"q":"NaN"}"#,
            r#"{"q":"inf"}"#,
            r#"{"q":true}"#,
            r#"{"q":null}"#,
        ] {
            assert!(
                serde_json::from_str::<Holder>(bad).is_err(),
                "{bad} must fail"
            );
        }
    }

    #[test]
    fn serde_toml() {
        let cases = [
            ("q = \"10.0\"", Quantity::new(10.0, 1)),
            ("q = 115", Quantity::new(115.0, 0)),
            ("q = 7.4", Quantity::new(7.4, 1)),
            ("q = \"1,500\"", Quantity::new(1500.0, 0)),
        ];
        for (text, expected) in cases {
            let read: Holder = toml::from_str(text).expect(text);
            assert_eq!(read.q, expected, "{text}");
        }
        for bad in ["q = nan", "q = inf", "q = -inf", "q = \"x\""] {
            assert!(toml::from_str::<Holder>(bad).is_err(), "{bad} must fail");
        }
        let written = toml::to_string(&Holder {
            q: Quantity::new(10.0, 1),
        })
        .expect("serialize");
        assert_eq!(written.trim(), "q = \"10.0\"");
    }

    #[test]
    fn serialize_non_finite_fails() {
        for value in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            let holder = Holder {
                q: Quantity::new(value, 0),
            };
            assert!(serde_json::to_string(&holder).is_err());
        }
    }

    #[test]
    fn convert_quantity_keeps_what_was_typed_in_the_same_unit() {
        let shown = |q: Option<Quantity>| q.map(|q| q.to_plain_string());
        let q = |value, decimals| Quantity::new(value, decimals);
        let cases = [
            (q(5.0, 1), "億円", "億円", Some("5.0")),
            (q(99.5, 2), "", "%", Some("99.50")),
            (q(10.0, 1), "時間", " 時間", Some("10.0")),
            (q(5000.0, 0), "万円", "億円", Some("0.5")),
            (q(1.2, 2), "億円", "万円", Some("12000")),
            (q(30.0, 0), "件", "人", None),
        ];
        for (quantity, from, to, expected) in cases {
            let converted = convert_quantity(quantity, from, to);
            assert_eq!(
                shown(converted).as_deref(),
                expected,
                "{quantity:?} {from} → {to}"
            );
        }
    }
}
