//! The open data: every indicator as one row of a table that machines read
//! (総務省's 統一ルール): one header row, one value per cell, numbers without
//! separators or units (each unit and each 見込み flag in its own column),
//! the year in 西暦 beside the 和暦, the municipality's name and code on
//! every row; as CSV (UTF-8 with a BOM, or Shift_JIS) and as JSON.
//!
//! A number is written as typed, in both: whole numbers as integers (年度
//! 2026, 指標番号 1) and the digits typed kept (99.50, 10.0). In the JSON
//! it is a number whose literal is the CSV's text (`"目標値": 99.50`, not
//! 99.5 nor the string "99.50"), written through serde_json's `RawValue`
//! (its `raw_value` feature): a reader gets a number, and one that keeps
//! the literal gets the digits typed.

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

use crate::outputs::present::formula_like;
pub use crate::outputs::present::open_data::{Table, Value, table};

impl Value {
    /// The cell's text in the CSV. A text that a spreadsheet would take for
    /// a formula gets a `'` in front (OWASP), so that `=HYPERLINK(…)` opens
    /// as the text typed; a number is written as typed (−5 stays a number).
    fn csv(&self) -> String {
        match self {
            Value::Text(t) if formula_like(t) => format!("'{t}"),
            Value::Text(t) | Value::Number(t) => t.clone(),
            Value::Flag(f) => u8::from(*f).to_string(),
            Value::Empty => String::new(),
        }
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Text(t) => s.serialize_str(t),
            // The number's text as the literal (99.50, 2026): a float
            // would write 99.5 and 2026.0.
            Value::Number(n) => match literal(n) {
                Some(raw) => raw.serialize(s),
                None => s.serialize_str(n),
            },
            Value::Flag(f) => s.serialize_bool(*f),
            Value::Empty => s.serialize_none(),
        }
    }
}

/// A number's text as a JSON number literal, digits unchanged: `-?D+(.D+)?`
/// without leading zeros. `None` for any other text (kept a string).
fn literal(text: &str) -> Option<Box<serde_json::value::RawValue>> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, "0"));
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let number = all_digits(int) && all_digits(frac) && (int == "0" || !int.starts_with('0'));
    number
        .then(|| serde_json::value::RawValue::from_string(text.to_string()).ok())
        .flatten()
}

/// The CSV's text encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    /// UTF-8 with a byte order mark, which Excel on Windows opens right.
    #[default]
    Utf8Bom,
    /// UTF-8 without a BOM.
    Utf8,
    /// Shift_JIS, for portals that ask for it.
    ShiftJis,
}

/// A character the CSV's Shift_JIS cannot hold, where it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lost {
    /// The CSV's line (the header is line 1).
    pub line: usize,
    /// The column's name.
    pub column: &'static str,
    /// The row's 部局名.
    pub department: String,
    /// The characters replaced by 〓, each once, in order.
    pub chars: Vec<char>,
}

/// The CSV: quoted where needed (RFC 4180: a cell holding `,`, `"` or a
/// line break, its `"` doubled), CRLF line ends; and, for Shift_JIS, each
/// cell that held a character Windows-31J lacks (written 〓). Written by
/// the `csv` crate to memory, as UTF-8, then encoded.
pub fn csv(table: &Table, encoding: Encoding) -> (Vec<u8>, Vec<Lost>) {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .quote_style(csv::QuoteStyle::Necessary)
        .flexible(true)
        .from_writer(Vec::new());
    let department = table.columns.iter().position(|c| *c == "部局名");
    let mut lost = Vec::new();
    // Into memory, rows of any width (flexible): nothing can fail.
    writer
        .write_record(&table.columns)
        .expect("a CSV record written to memory");
    for (r, row) in table.rows.iter().enumerate() {
        let mut cells: Vec<String> = row.iter().map(Value::csv).collect();
        if encoding == Encoding::ShiftJis {
            for (cell, column) in cells.iter_mut().zip(&table.columns) {
                let (text, chars) = windows_31j(cell);
                *cell = text;
                if !chars.is_empty() {
                    lost.push(Lost {
                        line: r + 2,
                        column,
                        // As typed (not the CSV's text, which may start with ').
                        department: match department.and_then(|d| row.get(d)) {
                            Some(Value::Text(t)) => t.clone(),
                            _ => String::new(),
                        },
                        chars,
                    });
                }
            }
        }
        writer
            .write_record(&cells)
            .expect("a CSV record written to memory");
    }
    let bytes = writer.into_inner().expect("a CSV flushed to memory");
    let bytes = match encoding {
        Encoding::Utf8Bom => [b"\xEF\xBB\xBF".as_slice(), &bytes].concat(),
        Encoding::Utf8 => bytes,
        // Every cell was a str, and holds only what Windows-31J has.
        Encoding::ShiftJis => encoding_rs::SHIFT_JIS
            .encode(&String::from_utf8_lossy(&bytes))
            .0
            .into_owned(),
    };
    (bytes, lost)
}

/// The characters that Unicode has twice, where Windows-31J (Shift_JIS as
/// Windows and Excel read it) has the other one: a Mac's 〜 (WAVE DASH) is
/// Windows' ～, and so on. Each is written as the character Excel shows.
const WINDOWS_31J: &[(char, char)] = &[
    ('\u{301C}', '\u{FF5E}'), // 〜 → ～
    ('\u{2014}', '\u{2015}'), // — → ―
    ('\u{2016}', '\u{2225}'), // ‖ → ∥
    ('\u{00A2}', '\u{FFE0}'), // ¢ → ￠
    ('\u{00A3}', '\u{FFE1}'), // £ → ￡
    ('\u{00AC}', '\u{FFE2}'), // ¬ → ￢
    ('\u{2212}', '\u{FF0D}'), // − → －
];

/// A text as Windows-31J can hold it: each character of [`WINDOWS_31J`] as
/// Windows writes it, 〓 for what it has not (𠮷), and those characters.
fn windows_31j(text: &str) -> (String, Vec<char>) {
    let mut out = String::with_capacity(text.len());
    let mut lost = Vec::new();
    let mut buf = [0u8; 4];
    for c in text.chars() {
        let c = WINDOWS_31J
            .iter()
            .find(|(from, _)| *from == c)
            .map_or(c, |(_, to)| *to);
        let (_, _, bad) = encoding_rs::SHIFT_JIS.encode(c.encode_utf8(&mut buf));
        if bad {
            if !lost.contains(&c) {
                lost.push(c);
            }
            out.push('〓');
        } else {
            out.push(c);
        }
    }
    (out, lost)
}

/// The JSON: a list of objects, one per row, keys in the columns' order.
pub fn json(table: &Table) -> Vec<u8> {
    struct Rows<'a>(&'a Table);
    struct Row<'a>(&'a [&'static str], &'a [Value]);
    impl Serialize for Rows<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut seq = s.serialize_seq(Some(self.0.rows.len()))?;
            for row in &self.0.rows {
                seq.serialize_element(&Row(&self.0.columns, row))?;
            }
            seq.end()
        }
    }
    impl Serialize for Row<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut map = s.serialize_map(Some(self.0.len()))?;
            for (k, v) in self.0.iter().zip(self.1) {
                map.serialize_entry(k, v)?;
            }
            map.end()
        }
    }
    let mut out = serde_json::to_vec_pretty(&Rows(table)).unwrap_or_default();
    out.push(b'\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_and_encodes() {
        let table = Table {
            columns: vec!["a", "b"],
            rows: vec![
                vec![Value::Text("x,\"y\"".into()), Value::Flag(true)],
                vec![Value::Text("一\r\n二".into()), Value::Empty],
                vec![Value::Text("'a' b".into()), Value::Number("1.50".into())],
            ],
        };
        let (bytes, lost) = csv(&table, Encoding::Utf8);
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "a,b\r\n\"x,\"\"y\"\"\",1\r\n\"一\r\n二\",\r\n'a' b,1.50\r\n"
        );
        let (bom, _) = csv(&table, Encoding::Utf8Bom);
        assert!(bom.starts_with(b"\xEF\xBB\xBFa,b\r\n"));
        assert!(lost.is_empty());
    }

    #[test]
    fn shift_jis_is_what_excel_reads_and_says_what_it_lost() {
        let table = Table {
            columns: vec!["部局名", "指標名", "評価"],
            rows: vec![
                vec![
                    Value::Text("総務部".into()),
                    Value::Text("40〜50代—‖¢£¬の数".into()),
                    Value::Text("−".into()),
                ],
                vec![
                    Value::Text("髙𠮷部".into()),
                    Value::Text("𠮷野家の𠮷".into()),
                    Value::Text("A".into()),
                ],
            ],
        };
        let (bytes, lost) = csv(&table, Encoding::ShiftJis);
        let (back, _, bad) = encoding_rs::SHIFT_JIS.decode(&bytes);
        assert!(!bad);
        assert_eq!(
            back,
            "部局名,指標名,評価\r\n総務部,40～50代―∥￠￡￢の数,－\r\n髙〓部,〓野家の〓,A\r\n"
        );
        // Python's cp932 (Windows-31J) reads the same bytes the same way:
        // 〜 is 0x8160, − is 0x817C.
        assert!(bytes.windows(2).any(|w| w == [0x81, 0x60]));
        assert!(bytes.windows(2).any(|w| w == [0x81, 0x7C]));
        let lost_at = |line, column: &str| {
            lost.iter()
                .find(|l| l.line == line && l.column == column)
                .map(|l| (l.department.as_str(), l.chars.clone()))
        };
        assert_eq!(lost.len(), 2, "{lost:?}");
        assert_eq!(lost_at(3, "部局名"), Some(("髙𠮷部", vec!['𠮷'])));
        assert_eq!(lost_at(3, "指標名"), Some(("髙𠮷部", vec!['𠮷'])));
    }

    #[test]
    fn numbers_are_json_literals_with_their_digits() {
        let table = Table {
            columns: vec!["年度", "値", "率", "名"],
            rows: vec![vec![
                Value::Number("2026".into()),
                Value::Number("99.50".into()),
                Value::Number("-0.5".into()),
                Value::Text("5.0".into()),
            ]],
        };
        let json = String::from_utf8(json(&table)).unwrap();
        assert_eq!(
            json,
            "[\n  {\n    \"年度\": 2026,\n    \"値\": 99.50,\n    \"率\": -0.5,\n    \"名\": \"5.0\"\n  }\n]\n"
        );
        for text in ["2026", "0", "0.50", "-3.25", "100.0"] {
            assert_eq!(
                literal(text).map(|r| r.get().to_string()).as_deref(),
                Some(text)
            );
        }
        for text in [
            "", "-", "01", "1.", ".5", "1e3", "1,500", "NaN", "inf", "1.2.3",
        ] {
            assert!(literal(text).is_none(), "{text:?}");
        }
    }
}
