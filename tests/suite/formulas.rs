//! Texts that a spreadsheet would take for a formula (CSV injection): a
//! department that types `=HYPERLINK(…)`, `+…`, `-…` or `@…` gets the text
//! it typed in every output, never a live formula. The open data's CSV puts
//! a `'` before such a text (OWASP) and leaves numbers as typed; every
//! workbook writes it as a string with Excel's quote prefix, so that editing
//! the cell does not turn it into a formula either.

use std::path::Path;

use crate::common::*;
use crate::expected::render;

const CONFIG: &str = r#"
municipality = "見本市"
code = "011002"
year = "令和8年度"

[[department]]
name = "総務部"
"#;

const LINK: &str = r#"=HYPERLINK("http://example.com/","指標")"#;

/// [`LINK`] as the document's TOML writes it.
const LINK_TOML: &str = r#""=HYPERLINK(\"http://example.com/\",\"指標\")""#;

/// A department whose texts begin as formulas do.
const DOCUMENT: &str = r#"
year = "令和8年度"
created = "2026-04-01"
department = "総務部"
head = "@SUM(1+1)"
remark = "+cmd|' /C calc'!A0"

[[theme]]
title = "=1+1"
sdgs = [9]
body = "-2+3 の本文"

[[project]]
code = "1-①"
title = "=HYPERLINK(\"http://example.com/\",\"事業\")"
description = "説明"

[[project.indicator]]
name = "=HYPERLINK(\"http://example.com/\",\"指標\")"
unit = "件"
target = "-5"
previous = "8"
actual = "-4"
actual_as_of = "2027-03-31"
direction = "減少"
"#;

fn setup(dir: &Path) {
    std::fs::write(dir.join("mokuhyo.toml"), CONFIG).unwrap();
    fill_toml(dir, DOCUMENT, "in/総務部.xlsx");
}

fn run(dir: &Path, args: &[&str]) {
    let output = mokuhyo(dir, args);
    assert!(code(&output) <= 1, "{}", stderr(&output, dir));
}

/// The CSV's cells by column name, row by row (the UTF-8 BOM dropped).
fn csv_rows(path: &Path) -> Vec<Vec<(String, String)>> {
    let bytes = std::fs::read(path).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            headers
                .iter()
                .cloned()
                .zip(r.iter().map(String::from))
                .collect()
        })
        .collect()
}

#[test]
fn a_formula_typed_opens_as_the_text_typed_in_the_csv() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    setup(dir);
    run(
        dir,
        &["publish", "in", "--config", "mokuhyo.toml", "-o", "web"],
    );
    let rows = csv_rows(&dir.join("web/指標一覧.csv"));
    assert_eq!(rows.len(), 1, "{rows:?}");
    let cell = |name: &str| {
        rows[0]
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or_else(|| panic!("no column {name}"))
    };
    assert_eq!(cell("指標名"), format!("'{LINK}"));
    assert_eq!(
        cell("事業名"),
        r#"'=HYPERLINK("http://example.com/","事業")"#
    );
    // Numbers are numbers: the negative target and actual keep their sign.
    assert_eq!(cell("目標値"), "-5");
    assert_eq!(cell("実績値"), "-4");
    for (name, value) in &rows[0] {
        let numeric = ["目標値", "実績値", "前年度実績値", "達成率"].contains(&name.as_str());
        assert!(
            numeric || !value.starts_with(['=', '+', '-', '@', '\t', '\r']),
            "{name}: {value:?} opens as a formula"
        );
    }
    // The JSON is read by programs, not spreadsheets: the text as typed.
    let json = std::fs::read_to_string(dir.join("web/指標一覧.json")).unwrap();
    let rows: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(rows[0]["指標名"], LINK);
    assert_eq!(rows[0]["目標値"], -5);
}

/// The cells of a workbook's rendering that hold a formula-like text, and
/// whether each has the quote prefix.
fn formula_like_cells(workbook: &Path) -> Vec<(String, bool)> {
    let text = render::workbook(&std::fs::read(workbook).unwrap());
    text.lines()
        .filter(|l| {
            l.split_once(' ').is_some_and(|(_, v)| {
                v.starts_with("\"=")
                    || v.starts_with("\"+")
                    || v.starts_with("\"@")
                    || v.starts_with("\"-")
            })
        })
        .map(|l| (l.to_string(), l.ends_with("quote]")))
        .collect()
}

#[test]
fn a_formula_typed_stays_a_text_when_a_workbook_cell_is_edited() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    setup(dir);
    let config = ["--config", "mokuhyo.toml"];
    let runs: [(&str, Vec<&str>, &str); 4] = [
        (
            "build",
            vec!["build", "in", "-o", "out"],
            "out/令和8年度_部局経営目標_集約.xlsx",
        ),
        (
            "rollup",
            vec!["rollup", "in", "-o", "year-end"],
            "year-end/令和8年度_部局経営目標_実績集計.xlsx",
        ),
        (
            "template --from",
            vec![
                "template",
                "--from",
                "in",
                "--year",
                "令和9年度",
                "-o",
                "next",
            ],
            "next/令和9年度_部局経営目標_総務部.xlsx",
        ),
        ("template --fill", vec![], "in/総務部.xlsx"),
    ];
    for (what, args, workbook) in runs {
        if !args.is_empty() {
            run(dir, &[&args[..], &config[..]].concat());
        }
        let cells = formula_like_cells(&dir.join(workbook));
        assert!(
            cells.len() >= 3,
            "{what}: {workbook} holds only {cells:?} of the typed formulas"
        );
        for (cell, quoted) in cells {
            assert!(quoted, "{what}: {workbook}: {cell} has no quote prefix");
        }
    }
}

/// Issue 28 item 9: the Shift_JIS CSV holds what Windows-31J has (a Mac's
/// 〜 as Excel's ～), 〓 only for what it has not, and the warning names the
/// department, the line and the column, is counted, and shows with --quiet.
#[test]
fn the_shift_jis_csv_is_what_excel_reads_and_says_what_it_lost() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(dir.join("mokuhyo.toml"), CONFIG).unwrap();
    let document = DOCUMENT
        .replace("title = \"=1+1\"", "title = \"40〜50代\"")
        .replace(LINK_TOML, "\"𠮷野家の数\"");
    fill_toml(dir, &document, "in/総務部.xlsx");
    let args = ["publish", "in", "--config", "mokuhyo.toml", "-o", "web"];
    let warning = "[警告] in/総務部.xlsx: 部局「総務部」の「指標名」(指標一覧.csv の 2 行目)に、Shift_JIS(Windows-31J)にない文字「𠮷」があります。";
    for quiet in [false, true] {
        let mut args = [&args[..], &["--csv-encoding", "shift_jis"]].concat();
        if quiet {
            args.push("--quiet");
        }
        let output = mokuhyo(dir, &args);
        let said = stdout(&output, dir);
        assert!(said.contains(warning), "quiet {quiet}: {said}");
        if !quiet {
            assert!(said.contains("警告 1 件"), "{said}");
        }
    }
    let bytes = std::fs::read(dir.join("web/指標一覧.csv")).unwrap();
    let (text, _, bad) = encoding_rs::SHIFT_JIS.decode(&bytes);
    assert!(!bad);
    assert!(text.contains(",〓野家の数,"), "{text}");
}
