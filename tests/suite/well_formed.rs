//! The workbooks every command writes are as Excel reads them: in each
//! worksheet the rows come in strictly increasing order, each once, and
//! the cells of a row in strictly increasing columns, as the file format
//! requires (a row written twice makes Excel offer to repair the file).

use std::path::Path;
use std::process::Command;

use quick_xml::events::Event;

use crate::common::*;

/// The one-based column of a cell reference (`A1` → 1, `AA1` → 27).
fn column(reference: &str) -> u32 {
    reference
        .bytes()
        .take_while(u8::is_ascii_uppercase)
        .fold(0, |n, b| n * 26 + u32::from(b - b'A') + 1)
}

/// What is out of order in a worksheet's XML, if anything.
fn disorder(xml: &[u8]) -> Option<String> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let (mut last_row, mut last_col) = (0u32, 0u32);
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) | Event::Empty(e) => {
                let attr = |name: &str| {
                    e.attributes()
                        .flatten()
                        .find(|a| a.key.as_ref() == name)
                        .map(|a| a.value.to_string())
                };
                match e.name().as_ref() {
                    "row" => {
                        let row: u32 = attr("r")?.parse().ok()?;
                        if row <= last_row {
                            return Some(format!("row {row} after row {last_row}"));
                        }
                        (last_row, last_col) = (row, 0);
                    }
                    "c" => {
                        let reference = attr("r")?;
                        let col = column(&reference);
                        let row: u32 = reference
                            .trim_start_matches(char::is_uppercase)
                            .parse()
                            .ok()?;
                        if row != last_row || col <= last_col {
                            return Some(format!("cell {reference} in row {last_row}"));
                        }
                        last_col = col;
                    }
                    _ => {}
                }
            }
            Event::Eof => return None,
            _ => {}
        }
    }
}

/// Every .xlsx under `dir` and, for each worksheet out of order, why.
fn problems(dir: &Path) -> (usize, Vec<String>) {
    let mut books = 0;
    let mut found = Vec::new();
    for path in files_under(dir) {
        if path.extension().is_none_or(|e| e != "xlsx") {
            continue;
        }
        books += 1;
        let file = std::fs::File::open(&path).unwrap();
        let mut zip = zip::ZipArchive::new(file).unwrap();
        for i in 0..zip.len() {
            let mut part = zip.by_index(i).unwrap();
            let name = part.name().unwrap().to_string();
            if !name.starts_with("xl/worksheets/sheet") {
                continue;
            }
            let mut xml = Vec::new();
            std::io::Read::read_to_end(&mut part, &mut xml).unwrap();
            if let Some(why) = disorder(&xml) {
                found.push(format!("{} {name}: {why}", path.display()));
            }
        }
    }
    (books, found)
}

#[test]
fn every_workbook_written_has_its_rows_in_order_each_once() {
    let config = root().join("samples/mokuhyo.toml");
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let (start, year_end) = (
        root().join("samples/start"),
        root().join("samples/year-end"),
    );
    for source in [
        "samples/source/建設部.toml",
        "samples/source/総合政策部.toml",
    ] {
        let name = Path::new(source).file_stem().unwrap().to_str().unwrap();
        fill_next_year(dir, source, &Path::new("next").join(format!("{name}.xlsx")));
    }
    let p = Path::new;
    let runs: [&[&Path]; 5] = [
        &[p("build"), &start, p("-o"), p("build")],
        &[
            p("build"),
            p("next"),
            p("--year"),
            p("令和9年度"),
            p("--compare"),
            &year_end,
            p("-o"),
            p("compare"),
        ],
        &[p("rollup"), &year_end, p("-o"), p("rollup")],
        &[p("review"), &year_end, p("-o"), p("review")],
        &[
            p("template"),
            p("--from"),
            &year_end,
            p("--year"),
            p("令和9年度"),
            p("-o"),
            p("templates"),
        ],
    ];
    for args in runs {
        let out = output(
            Command::new(env!("CARGO_BIN_EXE_mokuhyo"))
                .args(args)
                .arg("--config")
                .arg(&config)
                .current_dir(dir),
        );
        assert!(code(&out) < 2, "{args:?}: {}", stderr(&out, dir));
    }
    let (books, found) = problems(dir);
    assert!(books >= 10, "{books} workbooks");
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn a_row_written_twice_is_found() {
    let twice = br#"<sheetData><row r="1"><c r="A1"/></row><row r="2"><c r="A2"/></row><row r="2"/></sheetData>"#;
    assert_eq!(disorder(twice).as_deref(), Some("row 2 after row 2"));
    let backwards = br#"<sheetData><row r="1"><c r="B1"/><c r="A1"/></row></sheetData>"#;
    assert_eq!(disorder(backwards).as_deref(), Some("cell A1 in row 1"));
    assert_eq!(
        disorder(br#"<sheetData><row r="1"><c r="A1"/><c r="AA1"/></row></sheetData>"#),
        None
    );
}
