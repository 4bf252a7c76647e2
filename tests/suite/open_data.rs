//! The open data by the 統一ルール, as a reader of each file meets it: the
//! Shift_JIS file reads back as the UTF-8 one, field by field.

use std::path::Path;

use crate::common::*;

/// `mokuhyo publish` of the samples' `inputs` into `out`.
fn publish(dir: &Path, inputs: &str, out: &str, extra: &[&str]) {
    let config = root().join("samples/mokuhyo.toml");
    let inputs = root().join(inputs);
    let args = [
        &[
            "publish",
            inputs.to_str().unwrap(),
            "--config",
            config.to_str().unwrap(),
            "-o",
            out,
        ][..],
        extra,
    ]
    .concat();
    let output = mokuhyo(dir, &args);
    assert_eq!(code(&output), 0, "{}", stderr(&output, dir));
}

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
