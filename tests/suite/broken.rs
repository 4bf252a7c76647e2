//! Broken and hostile inputs: every one gets one clear message naming the
//! file, exit code 1, the other inputs still processed, memory bounded.
//! Committed files come from tests/fixtures/broken/make_corpus.py (listed in
//! corpus.toml); the cases git cannot carry are made here at run time.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::common::*;
use mokuhyo::domain::finding::Severity;

fn with_one_good_sample(dir: &Path) -> PathBuf {
    let inputs = dir.join("in");
    std::fs::create_dir_all(&inputs).unwrap();
    std::fs::copy(sample("建設部"), inputs.join("建設部.xlsx")).unwrap();
    inputs
}

/// Runs `check` on the folder and returns (exit code, stdout).
fn check_folder(dir: &Path) -> (i32, String) {
    let out = mokuhyo(dir, &["check", "in"]);
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

fn assert_one_rejected(stdout: &str, line: &str) {
    assert!(stdout.contains(line), "missing\n  {line}\nin\n{stdout}");
    assert!(stdout.contains("受付 1、不受理 1"), "{stdout}");
}

/// The parts zipped at deflate level 1: the fixtures here are large and
/// repetitive, and what they prove does not depend on the ratio.
fn zip_with(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_level(Some(1));
    for (name, data) in parts {
        out.start_file(name.as_str(), options).unwrap();
        out.write_all(data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// The parts of a sample, with one replaced by what `make` returns, given
/// the inflated size of the other parts.
fn sample_with_part(name: &str, make: impl FnOnce(u64) -> Vec<u8>) -> Vec<u8> {
    let bytes = std::fs::read(sample("建設部")).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let entry_name = entry.name().unwrap().to_string();
        let mut content = Vec::new();
        if entry_name != name {
            std::io::Read::read_to_end(&mut entry, &mut content).unwrap();
        }
        parts.push((entry_name, content));
    }
    let others: u64 = parts.iter().map(|(_, c)| c.len() as u64).sum();
    let replaced = parts.iter_mut().find(|(n, _)| n == name).unwrap();
    replaced.1 = make(others);
    zip_with(&parts)
}

#[test]
fn a_zip_bomb_is_refused_before_parsing() {
    // One byte over the reader's limit of inflated bytes (200 MB, all the
    // parts counted), in a file of about 1 MB: the proof is the limit, not
    // the size.
    let limit = mokuhyo::input::Limits::default().max_inflated_bytes();
    assert_eq!(limit, 200 * 1024 * 1024);
    let bytes = sample_with_part("xl/worksheets/sheet1.xml", |others| {
        let head = b"<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>";
        let tail = b"</sheetData></worksheet>";
        let size = (limit + 1 - others) as usize;
        let mut xml = Vec::with_capacity(size);
        xml.extend_from_slice(head);
        xml.resize(size - tail.len(), b' ');
        xml.extend_from_slice(tail);
        xml
    });
    assert!(bytes.len() < 4 * 1024 * 1024, "{}", bytes.len());
    let read = mokuhyo::read::read_bytes_as(Path::new("bomb.xlsx"), bytes);
    assert_finding(
        &read,
        Severity::Error,
        None,
        "ファイルを読み込めません。展開すると 200 MB を超えます(圧縮爆弾の疑い)。様式ではありえない大きさのため読み込みません。",
    );
}

#[test]
fn a_sheet_of_a_million_rows_is_read_within_bounds() {
    use std::fmt::Write as _;
    let mut xml = String::with_capacity(48 * 1024 * 1024);
    xml.push_str(
        "<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>",
    );
    for r in 1..=1_000_000u32 {
        write!(xml, "<row r=\"{r}\"><c r=\"A{r}\"><v>{r}</v></c></row>").unwrap();
    }
    xml.push_str("</sheetData></worksheet>");
    let bytes = sample_with_part("xl/worksheets/sheet1.xml", |_| xml.into_bytes());
    let read = mokuhyo::read::read_bytes_as(Path::new("rows.xlsx"), bytes);
    // The million rows are read through to the end, in bounded memory and
    // time, and the one thing said is what the sheet lacks: the template's
    // version cell (S2), which the numbers in column A replaced.
    assert_eq!(read.findings.len(), 1, "{}", listing(&read.findings));
    crate::common::assert_finding(
        &read,
        mokuhyo::domain::finding::Severity::Error,
        Some("S2"),
        "様式のバージョン「」はこの mokuhyo では読めません(対応する様式は「mokuhyo-2」)。最新の様式に記入し直して再提出してください。",
    );
}

#[test]
fn nested_entities_are_not_expanded() {
    let mut xml = String::from("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
    for i in 1..=9 {
        let prev = if i == 1 {
            "lol".to_string()
        } else {
            format!("lol{}", i - 1)
        };
        xml.push_str(&format!(
            "<!ENTITY lol{i} \"{}\">",
            format!("&{prev};").repeat(10)
        ));
    }
    xml.push_str("]><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>");
    let bytes = sample_with_part("xl/worksheets/sheet1.xml", |_| xml.into_bytes());
    let read = mokuhyo::read::read_bytes_as(Path::new("lol.xlsx"), bytes);
    assert!(!read.is_accepted());
}

#[test]
fn a_folder_named_like_a_workbook() {
    let tmp = tempfile::tempdir().unwrap();
    let inputs = with_one_good_sample(tmp.path());
    std::fs::create_dir(inputs.join("x.xlsx")).unwrap();
    let (code, stdout) = check_folder(tmp.path());
    assert_eq!(code, 1);
    assert_one_rejected(
        &stdout,
        &native(
            "[エラー] in/x.xlsx: ファイルを読み込めません。ファイルではなくフォルダです(名前が .xlsx などで終わっています)。",
        ),
    );
}

#[cfg(unix)]
#[test]
fn a_broken_symlink_and_a_symlink_loop() {
    let tmp = tempfile::tempdir().unwrap();
    let inputs = with_one_good_sample(tmp.path());
    std::os::unix::fs::symlink("nowhere.xlsx", inputs.join("broken.xlsx")).unwrap();
    std::fs::create_dir(inputs.join("sub")).unwrap();
    std::os::unix::fs::symlink("..", inputs.join("sub/loop")).unwrap();
    let (code, stdout) = check_folder(tmp.path());
    assert_eq!(code, 1);
    assert!(stdout.contains("in/broken.xlsx"), "{stdout}");
    assert!(stdout.contains("in/sub/loop: ファイルを読み込めません。フォルダのリンクが循環しています。リンクを外してください。"), "{stdout}");
    assert!(stdout.contains("受付 1、"), "{stdout}");
}

#[cfg(unix)]
#[test]
fn a_file_name_in_shift_jis() {
    use std::os::unix::ffi::OsStrExt;
    let tmp = tempfile::tempdir().unwrap();
    let inputs = with_one_good_sample(tmp.path());
    // 総務部.xlsx in Shift_JIS, as an unzip of a Windows archive leaves it.
    let name = std::ffi::OsStr::from_bytes(b"\x91\x8d\x96\xb1\x95\x94.xlsx");
    std::fs::copy(sample("消防本部"), inputs.join(name)).unwrap();
    let out = mokuhyo(tmp.path(), &["check", "--json", "in"]);
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let paths: Vec<&str> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert!(
        paths
            .iter()
            .any(|p| p.starts_with("in/") && p.ends_with(".xlsx") && p.contains('\u{FFFD}')),
        "{paths:?}"
    );
}

#[test]
fn text_that_looks_like_a_formula_stays_text() {
    let mut doc = source("建設部");
    doc.department = "=HYPERLINK(\"http://example.com\",\"x\")".to_string();
    doc.projects[0].title = "+SUM(1,2)".to_string();
    doc.projects[0].indicators[0].name = "@cmd".to_string();
    doc.themes[0].title = "-1+2".to_string();
    let tmp = tempfile::tempdir().unwrap();
    let bytes = mokuhyo::outputs::xlsx::template::to_bytes(&doc, &Default::default()).unwrap();
    std::fs::write(tmp.path().join("f.xlsx"), bytes).unwrap();
    let out = mokuhyo(tmp.path(), &["build", "f.xlsx", "-o", "out"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let book = std::fs::read_dir(tmp.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .unwrap();
    use calamine::Reader;
    let mut workbook = calamine::open_workbook_auto(&book).unwrap();
    for sheet in workbook.sheet_names() {
        let formulas = workbook.worksheet_formula(&sheet).unwrap();
        assert!(
            formulas.used_cells().next().is_none(),
            "a formula in {sheet}"
        );
    }
    let range = workbook.worksheet_range("指標一覧").unwrap();
    assert!(range.used_cells().any(|(_, _, d)| *d == "+SUM(1,2)"));
}

#[test]
fn an_unwritable_output_is_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    let inputs = with_one_good_sample(tmp.path());
    let _ = inputs;
    // The output file's place is taken by a folder.
    std::fs::create_dir_all(tmp.path().join("out/令和8年度_部局経営目標_集約.xlsx/x")).unwrap();
    let out = mokuhyo(tmp.path(), &["build", "in", "-o", "out"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with(&native("mokuhyo: 「out/令和8年度_部局経営目標_集約.xlsx」に書き込めません。同じ名前のフォルダがあります。")),
        "{stderr}"
    );
    assert!(
        stderr.contains("別の名前か場所を指定してください。") && !stderr.contains("os error"),
        "{stderr}"
    );
}

#[test]
fn a_cell_beyond_excel_s_limit_is_an_error_not_a_failed_build() {
    let mut doc = source("建設部");
    doc.projects[0].description = "あ".repeat(40_000);
    let bytes = mokuhyo::outputs::xlsx::template::to_bytes(&doc, &Default::default());
    // rust_xlsxwriter itself refuses such a cell, as Excel does; the corpus
    // has a file made by editing the XML (tests/fixtures/broken/huge_cell.xlsx).
    assert!(bytes.is_err());
}
