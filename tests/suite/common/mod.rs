//! Helpers shared by the integration tests: samples, sources, reading a
//! workbook built in the test, and assertions that name the cell.
#![allow(dead_code)]

pub mod pdf;
pub mod structure;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use mokuhyo::domain::finding::{Finding, Severity};
use mokuhyo::domain::model::Document;
use mokuhyo::outputs::xlsx::template::{self, TemplateOptions};
use mokuhyo::read::{Submission, read_bytes_as, read_file};

/// The repository root. Under Wine (the .exe built on Linux) the path
/// cargo compiled in is a Unix one: it is the drive Z: there.
pub fn root() -> PathBuf {
    let dir = env!("CARGO_MANIFEST_DIR");
    if cfg!(windows) && dir.starts_with('/') {
        PathBuf::from(format!("Z:{}", dir.replace('/', "\\")))
    } else {
        PathBuf::from(dir)
    }
}

/// A relative path as the system writes it: `in/x.xlsx` is `in\x.xlsx`
/// on Windows.
pub fn native(path: &str) -> String {
    path.replace('/', std::path::MAIN_SEPARATOR_STR)
}

/// The committed sample of a department.
pub fn sample(department: &str) -> PathBuf {
    root()
        .join("samples/start")
        .join(format!("令和8年度_部局経営目標_{department}.xlsx"))
}

/// The departments that have a sample.
pub fn sample_departments() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root().join("samples/source"))
        .unwrap()
        .filter_map(|e| {
            let path = e.unwrap().path();
            (path.extension()? == "toml")
                .then(|| path.file_stem().unwrap().to_string_lossy().into_owned())
        })
        .collect();
    names.sort();
    names
}

/// The readable source of a sample.
pub fn source(department: &str) -> Document {
    let path = root()
        .join("samples/source")
        .join(format!("{department}.toml"));
    mokuhyo::cli::load_document(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A committed fixture.
pub fn fixture(path: &str) -> PathBuf {
    root().join("tests/fixtures").join(path)
}

/// Reads a file.
pub fn read(path: &Path) -> Submission {
    read_file(path)
}

/// Writes the template filled with `doc` and reads it back.
pub fn round_trip(doc: &Document, fullwidth: bool) -> Submission {
    let options = TemplateOptions {
        fullwidth,
        ..TemplateOptions::default()
    };
    let bytes = template::to_bytes(doc, &options).unwrap();
    read_bytes_as(Path::new("test.xlsx"), bytes)
}

/// Builds the template filled with `doc`, lets `edit` change cells of the
/// sheet (as a clerk would), and reads it back.
pub fn edited(doc: &Document, edit: impl FnOnce(&mut rust_xlsxwriter::Worksheet)) -> Submission {
    let mut workbook = template::workbook(doc, &TemplateOptions::default()).unwrap();
    edit(
        workbook
            .worksheet_from_name(mokuhyo::domain::form::SHEET)
            .unwrap(),
    );
    let bytes = workbook.save_to_buffer().unwrap();
    read_bytes_as(Path::new("test.xlsx"), bytes)
}

/// The findings, one per line, for failure messages.
pub fn listing(findings: &[Finding]) -> String {
    findings.iter().map(|f| format!("  {f}\n")).collect()
}

/// Asserts that there is exactly one finding of this severity at this cell
/// and that its message is the expected text.
pub fn assert_finding(
    submission: &Submission,
    severity: Severity,
    cell: Option<&str>,
    message: &str,
) {
    let found: Vec<&Finding> = submission
        .findings
        .iter()
        .filter(|f| f.severity == severity && f.cell.as_deref() == cell)
        .collect();
    assert!(
        found.len() == 1 && found[0].message == message,
        "not exactly one {severity:?} at {cell:?}, saying\n  {message}\nfindings:\n{}",
        listing(&submission.findings)
    );
}

/// Asserts the file has no finding at all.
pub fn assert_clean(submission: &Submission) {
    assert!(
        submission.findings.is_empty(),
        "{}: unexpected findings:\n{}",
        submission.path.display(),
        listing(&submission.findings)
    );
}

/// Asserts two documents are equal, naming the first field that differs.
pub fn assert_same(expected: &Document, actual: &Document) {
    let e = serde_json::to_value(expected).unwrap();
    let a = serde_json::to_value(actual).unwrap();
    if e != a {
        panic!(
            "documents differ at {}",
            first_difference(&e, &a, String::new())
        );
    }
    assert_eq!(expected, actual);
}

fn first_difference(e: &serde_json::Value, a: &serde_json::Value, path: String) -> String {
    use serde_json::Value;
    match (e, a) {
        (Value::Object(eo), Value::Object(ao)) => {
            for key in eo.keys().chain(ao.keys()) {
                let (ev, av) = (
                    eo.get(key).unwrap_or(&Value::Null),
                    ao.get(key).unwrap_or(&Value::Null),
                );
                if ev != av {
                    return first_difference(ev, av, format!("{path}.{key}"));
                }
            }
            path
        }
        (Value::Array(ea), Value::Array(aa)) if ea.len() == aa.len() => {
            for (i, (ev, av)) in ea.iter().zip(aa).enumerate() {
                if ev != av {
                    return first_difference(ev, av, format!("{path}[{i}]"));
                }
            }
            path
        }
        _ => format!("{path}: expected {e}, read {a}"),
    }
}

/// (row, column) of an A1 reference such as F23.
pub fn position(a1: &str) -> (u32, u16) {
    let split = a1.find(|c: char| c.is_ascii_digit()).unwrap();
    let col = a1[..split]
        .chars()
        .fold(0u32, |acc, c| acc * 26 + (c as u32 - 'A' as u32 + 1))
        - 1;
    (a1[split..].parse::<u32>().unwrap() - 1, col as u16)
}

/// Where a part of `doc` lands in its template: reads the clean template
/// and returns the source map.
pub fn source_map(doc: &Document) -> mokuhyo::read::SourceMap {
    round_trip(doc, false).source.unwrap()
}

/// Runs the binary in `dir`, without `SOURCE_DATE_EPOCH` from the caller.
pub fn mokuhyo(dir: &Path, args: &[&str]) -> Output {
    output(
        Command::new(env!("CARGO_BIN_EXE_mokuhyo"))
            .args(args)
            .current_dir(dir)
            .env_remove("SOURCE_DATE_EPOCH"),
    )
}

/// Runs a command and waits for its output (see [`started`]).
pub fn output(command: &mut Command) -> Output {
    started(command, Command::output)
}

/// Starts a command (see [`started`]).
pub fn spawn(command: &mut Command) -> std::process::Child {
    started(command, Command::spawn)
}

/// Starts a process. Under Wine, starting one now and then fails with
/// ERROR_INTERNAL_ERROR (1359) while many tests start processes at once:
/// the start, not the run, is tried again.
fn started<T>(command: &mut Command, start: impl Fn(&mut Command) -> std::io::Result<T>) -> T {
    let mut tries = 0;
    loop {
        match start(command) {
            Ok(started) => return started,
            Err(e) if cfg!(windows) && e.raw_os_error() == Some(1359) && tries < 5 => {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(200 * tries));
            }
            Err(e) => panic!("{command:?} could not be started: {e}"),
        }
    }
}

/// An .xlsx with one text replaced in one of its parts (`from` must be
/// there), as a clerk's edit saved by Excel: everything else, the defined
/// names among it, stays as it was.
pub fn edit_part(bytes: &[u8], part: &str, from: &str, to: &str) -> Vec<u8> {
    use std::io::{Cursor, Read, Write};
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let mut replaced = false;
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        if name == part {
            let text = String::from_utf8(data).unwrap();
            assert!(text.contains(from), "{part} has no {from:?}");
            data = text.replacen(from, to, 1).into_bytes();
            replaced = true;
        }
        out.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&data).unwrap();
    }
    assert!(replaced, "no part {part}");
    out.finish().unwrap().into_inner()
}

/// Stdout with the temporary folder and the repository replaced by [TMP]
/// and [ROOT], and Windows separators made forward.
pub fn stdout(output: &Output, dir: &Path) -> String {
    normalise(&String::from_utf8_lossy(&output.stdout), dir)
}

pub fn stderr(output: &Output, dir: &Path) -> String {
    normalise(&String::from_utf8_lossy(&output.stderr), dir)
}

pub fn normalise(text: &str, dir: &Path) -> String {
    text.replace(&dir.display().to_string(), "[TMP]")
        .replace(&root().display().to_string(), "[ROOT]")
        .replace('\\', "/")
}

pub fn samples_copy(dir: &Path) -> PathBuf {
    let samples = dir.join("samples");
    std::fs::create_dir_all(&samples).unwrap();
    for department in sample_departments() {
        let from = sample(&department);
        std::fs::copy(&from, samples.join(from.file_name().unwrap())).unwrap();
    }
    std::fs::copy(
        root().join("samples/mokuhyo.toml"),
        dir.join("mokuhyo.toml"),
    )
    .unwrap();
    samples
}

pub fn code(output: &Output) -> i32 {
    output.status.code().unwrap()
}

/// The seed's 総合政策部 document as published, piece by piece in reading
/// order: the title, the header's labels and values, each theme (its title
/// after `theme_mark`, its lines), the headings of (2), each project (code
/// and title, its lines, the 指標名及び目標値 lines). Every output shows
/// them in this order.
pub fn seed_pieces(doc: &Document, title: &str, theme_mark: &str) -> Vec<String> {
    let mut pieces: Vec<String> = [
        title,
        "年度",
        "令和8年度",
        "作成日",
        "令和8年4月1日",
        "部局名",
        "総合政策部",
        "部局長名",
        "木村 辰生",
        "(1) 部局の方向性 (テーマ)",
    ]
    .map(String::from)
    .to_vec();
    for theme in &doc.themes {
        pieces.push(format!("{theme_mark}{}", theme.title));
        pieces.extend(theme.body.lines().map(String::from));
    }
    pieces.push("(2) 事業成果目標 (重点事業)".to_string());
    pieces.push("指標名及び目標値".to_string());
    for project in &doc.projects {
        pieces.push(format!("{}{}", project.marker(), project.title));
        pieces.extend(project.description.lines().map(String::from));
        pieces.extend(mokuhyo::outputs::present::indicator_lines(
            doc,
            &project.indicators,
        ));
    }
    pieces
}

/// Writes the sample source `source` (relative to the repository) as a
/// filled template of 令和9年度 at `to` (relative to `dir`), by the binary.
pub fn fill_next_year(dir: &Path, source: &str, to: &Path) {
    let source = root().join(source);
    let args = [
        "template",
        "--fill",
        source.to_str().unwrap(),
        "--year",
        "令和9年度",
        "-o",
        to.to_str().unwrap(),
    ];
    let out = mokuhyo(dir, &args);
    assert_eq!(code(&out), 0, "{}", stderr(&out, dir));
}

/// Every file under `dir` (not the folders), sorted.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(at) = stack.pop() {
        for entry in std::fs::read_dir(&at).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Last year's document of the decimals' fixture (issue 26): values typed
/// with decimals that a float would drop (5.0, 1.20, 10.0, 99.50), one in
/// a unit this year's converts (5000万円 → 億円), one indicator dropped.
pub const DECIMALS_LAST_YEAR: &str = r#"
year = "令和8年度"
created = "2026-04-01"
department = "建設部"
head = "架空 太郎"
remark = "テスト用の架空の内容です。"

[[theme]]
title = "道路の維持管理"
body = "道路を計画的に補修する。"

[[project]]
code = "1-①"
title = "道路維持管理事業"
description = "道路の補修を進める。"

[[project.indicator]]
name = "補助金交付額"
unit = "億円"
target = "5.0"
previous = "4.5"
actual = "1.20"
actual_as_of = "2027-03-31"

[[project.indicator]]
name = "研修時間"
unit = "時間"
target = "10.0"
previous = "8.0"
actual = "9.50"
actual_as_of = "2027-03-31"

[[project.indicator]]
name = "水道有収率"
unit = "%"
target = "99.50"
previous = "98.00"
actual = "99.0"
actual_as_of = "2027-03-31"
baseline = "98.00"
baseline_as_of = "令和6年度"
long_term = "99.90"
long_term_year = "令和12年度"

[[project.indicator]]
name = "事業収入"
unit = "万円"
target = "5000"
previous = "4800"
actual = "4500"
actual_as_of = "2027-03-31"

[[project.indicator]]
name = "点検回数"
unit = "回"
target = "3.0"
previous = "2.0"
actual = "2.50"
actual_as_of = "2027-03-31"
"#;

/// This year's document of the decimals' fixture: every target raised,
/// 事業収入 in 億円, 点検回数 dropped.
pub const DECIMALS_THIS_YEAR: &str = r#"
year = "令和9年度"
created = "2027-04-01"
department = "建設部"
head = "架空 太郎"
remark = "テスト用の架空の内容です。"

[[theme]]
title = "道路の維持管理"
body = "道路を計画的に補修する。"

[[project]]
code = "1-①"
title = "道路維持管理事業"
description = "道路の補修を進める。"

[[project.indicator]]
name = "補助金交付額"
unit = "億円"
target = "6.0"
previous = "1.20"

[[project.indicator]]
name = "研修時間"
unit = "時間"
target = "12.0"
previous = "9.50"

[[project.indicator]]
name = "水道有収率"
unit = "%"
target = "99.60"
previous = "99.0"
baseline = "98.00"
baseline_as_of = "令和6年度"
long_term = "100.0"
long_term_year = "令和12年度"

[[project.indicator]]
name = "事業収入"
unit = "億円"
target = "0.60"
previous = "0.45"
"#;

/// Writes the document `toml` (the form of samples/source) as a filled
/// template at `to` (relative to `dir`), by `template --fill`.
pub fn fill_toml(dir: &Path, toml: &str, to: &str) {
    let source = dir.join(format!("{}.toml", to.replace(['/', '.'], "_")));
    std::fs::write(&source, toml).unwrap();
    if let Some(parent) = dir.join(to).parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    let args = ["template", "--fill", source.to_str().unwrap(), "-o", to];
    let out = mokuhyo(dir, &args);
    assert_eq!(code(&out), 0, "{}", stderr(&out, dir));
}

/// The first row of a sheet, as text: its column headers.
pub fn header_row(sheet: &calamine::Range<calamine::Data>) -> Vec<String> {
    sheet
        .rows()
        .next()
        .map(|row| row.iter().map(|c| c.to_string()).collect())
        .unwrap_or_default()
}
