//! The open data by the 統一ルール, as a reader of each file meets it: the
//! Shift_JIS file reads back as the UTF-8 one, field by field.

use crate::common::*;
use crate::publish::publish;

/// The records of a CSV's text, the header first.
fn records(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.trim_start_matches('\u{FEFF}').as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect()
}

/// What the Shift_JIS file writes for a character Unicode has twice
/// (docs/reference/commands.md): the one Windows-31J holds.
const WINDOWS_31J: &[(char, char)] = &[
    ('〜', '～'),
    ('—', '―'),
    ('‖', '∥'),
    ('¢', '￠'),
    ('£', '￡'),
    ('¬', '￢'),
    ('−', '－'),
];

/// Issue 28, item 9: the Shift_JIS file, decoded as Windows-31J, holds the
/// UTF-8 file's every field, but for the characters Windows writes
/// otherwise; the grade of an indicator 測定不能 is 「－」 in both.
#[test]
fn the_shift_jis_open_data_reads_back_as_the_utf8_field_by_field() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    for samples in ["samples/start", "samples/year-end"] {
        publish(dir, samples, "utf8", &[]);
        publish(dir, samples, "sjis", &["--csv-encoding", "shift_jis"]);
        let utf8 = std::fs::read_to_string(dir.join("utf8/指標一覧.csv")).unwrap();
        let bytes = std::fs::read(dir.join("sjis/指標一覧.csv")).unwrap();
        let (sjis, _, bad) = encoding_rs::SHIFT_JIS.decode(&bytes);
        assert!(!bad, "{samples}: the Shift_JIS file decodes");
        let (utf8, sjis) = (records(&utf8), records(&sjis));
        assert_eq!(utf8.len(), sjis.len(), "{samples}: as many rows");
        for (line, (u, s)) in utf8.iter().zip(&sjis).enumerate() {
            assert_eq!(u.len(), s.len(), "{samples}: line {}", line + 1);
            for (column, (u, s)) in u.iter().zip(s).enumerate() {
                let windows: String = u
                    .chars()
                    .map(|c| WINDOWS_31J.iter().find(|(f, _)| *f == c).map_or(c, |p| p.1))
                    .collect();
                assert_eq!(
                    *s,
                    windows,
                    "{samples}: line {}, {}",
                    line + 1,
                    utf8[0][column]
                );
            }
        }
        let grade = utf8[0].iter().position(|h| h == "評価");
        if let Some(grade) = grade {
            let grades: Vec<(&str, &str)> = utf8[1..]
                .iter()
                .zip(&sjis[1..])
                .map(|(u, s)| (u[grade].as_str(), s[grade].as_str()))
                .collect();
            assert!(grades.iter().all(|(u, s)| u == s), "{grades:?}");
            assert!(grades.contains(&("－", "－")), "測定不能: {grades:?}");
            assert!(!utf8.iter().flatten().any(|f| f == "−"), "no U+2212 grade");
        } else {
            assert_eq!(samples, "samples/start", "the year end has 評価");
        }
    }
}

/// Issue 28, item 8: a code with a leading zero (札幌市 011002) stays
/// 011002 where a spreadsheet opens the open data: 指標一覧.xlsx holds it,
/// and every other text, as a text cell; its numbers are numbers.
#[test]
fn the_open_data_workbook_keeps_the_code_s_leading_zero() {
    use calamine::{Data, Reader, Xlsx};
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let toml = std::fs::read_to_string(root().join("samples/mokuhyo.toml")).unwrap();
    std::fs::write(
        dir.join("sapporo.toml"),
        toml.replacen("code = \"332143\"", "code = \"011002\"", 1),
    )
    .unwrap();
    let inputs = root().join("samples/year-end");
    let output = mokuhyo(
        dir,
        &[
            "publish",
            inputs.to_str().unwrap(),
            "--config",
            "sapporo.toml",
            "-o",
            "web",
        ],
    );
    assert_eq!(code(&output), 0, "{}", stderr(&output, dir));
    let mut book: Xlsx<_> = calamine::open_workbook(dir.join("web/指標一覧.xlsx")).unwrap();
    let sheet = book.worksheet_range("指標一覧").unwrap();
    let header = header_row(&sheet);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let csv = records(&std::fs::read_to_string(dir.join("web/指標一覧.csv")).unwrap());
    assert_eq!(header, csv[0], "the CSV's columns");
    assert_eq!(sheet.height(), csv.len(), "the CSV's rows");
    for (r, row) in sheet.rows().enumerate().skip(1) {
        let at = |name: &str| &row[col(name)];
        assert_eq!(
            *at("全国地方公共団体コード"),
            Data::String("011002".into()),
            "row {}",
            r + 1
        );
        assert!(matches!(at("ID"), Data::String(id) if id.starts_with("011002-2026-")));
        assert_eq!(*at("年度"), Data::Float(2026.0), "row {}", r + 1);
        assert!(
            matches!(at("目標値"), Data::Float(_) | Data::Empty),
            "row {}",
            r + 1
        );
    }
    // The CSV says 011002 too; it is the spreadsheet that drops the zero.
    assert!(csv[1..].iter().all(|row| row[1] == "011002"));
}

/// Issue 28, item 8: a line break inside a text is written 「／」 in the
/// CSV, the JSON and the workbook (the 統一ルール forbid one in a cell).
#[test]
fn a_line_break_in_a_text_is_a_slash_in_the_open_data() {
    use mokuhyo::outputs::open_data::{Value, csv, json};
    use mokuhyo::outputs::present::open_data::table;
    let mut c = crate::pdf::samples();
    let doc = std::sync::Arc::make_mut(&mut c.documents[0].1);
    doc.projects[0].title = "人口減少\n抑制対策".into();
    doc.projects[0].indicators[0].name = "市内\r\n成婚数".into();
    let t = table(&c, "332143", &[], None);
    let texts: Vec<&str> = t.rows[0]
        .iter()
        .filter_map(|v| match v {
            Value::Text(s) => Some(s.as_str()),
            _ => None,
        })
        .collect();
    assert!(texts.contains(&"人口減少／抑制対策"), "{texts:?}");
    assert!(texts.contains(&"市内／成婚数"), "{texts:?}");
    let (bytes, _) = csv(&t, Default::default());
    let text = String::from_utf8(bytes).unwrap();
    assert_eq!(
        text.matches('\n').count(),
        t.rows.len() + 1,
        "one line per row"
    );
    assert!(!String::from_utf8(json(&t)).unwrap().contains("\\n"));
}
