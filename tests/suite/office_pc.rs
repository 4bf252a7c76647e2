//! The office PC: folders dropped on the binary, a double-click, never
//! waiting without a console; and on Windows (run under Wine by
//! scripts/windows.sh) paths in one style, an output held open as Excel
//! holds it, long Japanese paths with spaces.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::common::{mokuhyo, samples_copy};

/// Runs the binary as Explorer does (from another folder, the paths as its
/// only arguments), its standard input a pipe left open: a run that waited
/// for Enter would never end, and fails the test after a minute.
fn dropped(cwd: &Path, paths: &[&Path]) -> Output {
    let mut child = crate::common::spawn(
        Command::new(env!("CARGO_BIN_EXE_mokuhyo"))
            .args(paths)
            .current_dir(cwd)
            .env_remove("SOURCE_DATE_EPOCH")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped()),
    );
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(60) {
            child.kill().unwrap();
            panic!("the run waited for input without a console");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().unwrap()
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn a_dropped_folder_is_built_beside_it_with_the_configuration_there() {
    let tmp = tempfile::tempdir().unwrap();
    let samples = samples_copy(tmp.path());
    let elsewhere = tmp.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    let out = dropped(&elsewhere, &[&samples]);
    let shown = text(&out);
    assert_eq!(out.status.code(), Some(0), "{shown}");
    assert!(shown.contains("設定ファイル"), "{shown}");
    assert!(
        shown.contains("提出済 6、重複 0、要修正 0、未提出 13"),
        "{shown}"
    );
    assert!(shown.contains("総合政策部      提出済"), "{shown}");
    let folder = tmp.path().join(mokuhyo::cli::DROP_FOLDER);
    let pdf = folder.join("令和8年度_部局経営目標.pdf");
    assert!(folder.join("令和8年度_部局経営目標_集約.xlsx").is_file());
    // The same packet as the command typed out.
    let typed = mokuhyo(
        tmp.path(),
        &[
            "build",
            "samples",
            "-o",
            "typed",
            "--config",
            "mokuhyo.toml",
        ],
    );
    assert_eq!(typed.status.code(), Some(0), "{}", text(&typed));
    assert!(
        std::fs::read(&pdf).unwrap()
            == std::fs::read(tmp.path().join("typed").join("令和8年度_部局経営目標.pdf")).unwrap(),
        "the dropped folder's packet differs from build's"
    );
    assert!(
        std::fs::read_dir(&elsewhere).unwrap().next().is_none(),
        "nothing is written where the program was started"
    );
}

#[test]
fn dropped_files_without_a_configuration_are_built_without_a_roster() {
    let tmp = tempfile::tempdir().unwrap();
    let samples = samples_copy(tmp.path());
    std::fs::remove_file(tmp.path().join("mokuhyo.toml")).unwrap();
    let a = samples.join("令和8年度_部局経営目標_総合政策部.xlsx");
    let b = samples.join("令和8年度_部局経営目標_建設部.xlsx");
    let out = dropped(tmp.path(), &[&a, &b]);
    let shown = text(&out);
    assert_eq!(out.status.code(), Some(0), "{shown}");
    assert!(
        shown.contains("設定ファイル mokuhyo.toml が見つからないため、名簿なしで集約します"),
        "{shown}"
    );
    assert!(
        shown.contains("2 ファイルを点検しました: 受付 2"),
        "{shown}"
    );
    let folder = samples.join(mokuhyo::cli::DROP_FOLDER);
    assert!(
        folder.join("令和8年度_部局経営目標.pdf").is_file(),
        "{shown}"
    );
}

#[test]
fn a_double_click_explains_and_does_not_wait_without_a_console() {
    let tmp = tempfile::tempdir().unwrap();
    let out = dropped(tmp.path(), &[]);
    let shown = text(&out);
    assert_eq!(out.status.code(), Some(0), "{shown}");
    assert!(
        shown.contains("アイコンの上にドラッグ＆ドロップしてください"),
        "{shown}"
    );
    assert!(!shown.contains("Enter キー"), "{shown}");
}

/// Every path a run shows, in its messages and in the workbook, is written
/// with `\` on Windows, though the command line said `samples/start`.
#[cfg(windows)]
#[test]
fn paths_are_shown_in_one_style() {
    use calamine::{Reader, open_workbook_auto};
    let tmp = tempfile::tempdir().unwrap();
    let samples = samples_copy(tmp.path());
    let nested = tmp.path().join("提出").join("start");
    std::fs::create_dir_all(nested.parent().unwrap()).unwrap();
    std::fs::rename(&samples, &nested).unwrap();
    let out = mokuhyo(
        tmp.path(),
        &["build", "提出/start", "-o", "out/集約", "--status"],
    );
    let shown = text(&out);
    assert_eq!(out.status.code(), Some(0), "{shown}");
    for line in shown
        .lines()
        .filter(|l| l.contains(".xlsx") || l.contains(".pdf"))
    {
        assert!(!line.contains('/'), "mixed separators: {line}");
        assert!(line.contains('\\'), "no path: {line}");
    }
    let book = tmp
        .path()
        .join("out\\集約\\令和8年度_部局経営目標_集約.xlsx");
    let mut workbook = open_workbook_auto(&book).unwrap();
    let mut paths = 0;
    for name in workbook.sheet_names() {
        let range = workbook.worksheet_range(&name).unwrap();
        for (row, col, cell) in range.used_cells() {
            let value = cell.to_string();
            if value.contains(".xlsx") {
                paths += 1;
                assert!(!value.contains('/'), "{name}!R{row}C{col}: {value}");
            }
        }
    }
    assert!(paths >= 6, "the workbook shows the files read");
}

/// Excel holds the workbooks it has open without sharing: the run says
/// which file, that it is open, to close it and run again; the packet is
/// still written and no temporary file is left.
#[cfg(windows)]
#[test]
fn an_output_open_in_excel_is_named_and_the_others_are_written() {
    use std::os::windows::fs::OpenOptionsExt;
    let tmp = tempfile::tempdir().unwrap();
    samples_copy(tmp.path());
    let first = mokuhyo(tmp.path(), &["build", "samples", "-o", "out"]);
    assert_eq!(first.status.code(), Some(0), "{}", text(&first));
    let out_dir = tmp.path().join("out");
    let book = out_dir.join("令和8年度_部局経営目標_集約.xlsx");
    let pdf = out_dir.join("令和8年度_部局経営目標.pdf");
    std::fs::remove_file(&pdf).unwrap();
    let held = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .share_mode(0)
        .open(&book)
        .unwrap();
    let before = std::fs::read(
        tmp.path()
            .join("samples")
            .join("令和8年度_部局経営目標_建設部.xlsx"),
    );
    let second = mokuhyo(tmp.path(), &["build", "samples", "-o", "out"]);
    drop(held);
    let shown = text(&second);
    assert_eq!(second.status.code(), Some(2), "{shown}");
    assert!(
        shown.contains(&format!(
            "「{}」に書き込めません。ほかのプログラム(Excel など)で開かれています。そのファイルを閉じてから、もう一度実行してください。",
            Path::new("out").join("令和8年度_部局経営目標_集約.xlsx").display()
        )),
        "{shown}"
    );
    assert!(pdf.is_file(), "the packet is written all the same: {shown}");
    assert!(shown.contains("議会資料の PDF を書き出しました"), "{shown}");
    assert!(!shown.contains("集約ブックを書き出しました"), "{shown}");
    let left: Vec<_> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "temporary files left: {left:?}");
    assert_eq!(
        before.ok(),
        std::fs::read(
            tmp.path()
                .join("samples")
                .join("令和8年度_部局経営目標_建設部.xlsx")
        )
        .ok()
    );
}

/// A folder synced by OneDrive, deep enough to pass Windows' old 260
/// character limit, with Japanese names and spaces, dropped on the binary.
#[cfg(windows)]
#[test]
fn a_long_japanese_path_with_spaces_is_dropped() {
    let tmp = tempfile::tempdir().unwrap();
    let mut deep = tmp.path().join("OneDrive - 真庭市");
    for i in 0..8 {
        deep = deep.join(format!("令和8年度 部局経営目標 提出 フォルダ {i}"));
    }
    let inbox = deep.join("提出");
    std::fs::create_dir_all(&inbox).unwrap();
    assert!(inbox.as_os_str().len() > 260);
    let samples = samples_copy(tmp.path());
    for entry in std::fs::read_dir(&samples).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), inbox.join(entry.file_name())).unwrap();
    }
    let out = dropped(tmp.path(), &[&inbox]);
    let shown = text(&out);
    assert_eq!(out.status.code(), Some(0), "{shown}");
    assert!(shown.contains("受付 6"), "{shown}");
    let folder = deep.join(mokuhyo::cli::DROP_FOLDER);
    assert!(
        folder.join("令和8年度_部局経営目標.pdf").is_file(),
        "{shown}"
    );
    assert!(
        folder.join("令和8年度_部局経営目標_集約.xlsx").is_file(),
        "{shown}"
    );
}

/// Every sheet's name and cells, as calamine reads them.
fn sheets(path: &Path) -> Vec<(String, calamine::Range<calamine::Data>)> {
    use calamine::Reader;
    let mut book = calamine::open_workbook_auto(path).unwrap();
    let names = book.sheet_names().to_vec();
    names
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).unwrap();
            (name, range)
        })
        .collect()
}

/// The list sheets are written through temporary files; a PC whose
/// temporary folder cannot be written (a locked-down profile) still gets
/// the same workbook, its sheets held in memory instead.
#[test]
fn a_temporary_folder_that_cannot_be_written_still_gives_the_workbook() {
    let tmp = tempfile::tempdir().unwrap();
    samples_copy(tmp.path());
    let missing = tmp.path().join("無い一時フォルダ");
    let normal = mokuhyo(tmp.path(), &["build", "samples", "-o", "normal"]);
    assert_eq!(normal.status.code(), Some(0), "{normal:?}");
    let out = crate::common::output(
        Command::new(env!("CARGO_BIN_EXE_mokuhyo"))
            .args(["build", "samples", "-o", "no-temp"])
            .current_dir(tmp.path())
            .env_remove("SOURCE_DATE_EPOCH")
            .env("TMPDIR", &missing)
            .env("TMP", &missing)
            .env("TEMP", &missing),
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(!String::from_utf8_lossy(&out.stderr).contains("Ignoring"));
    let book = |dir: &str| {
        tmp.path()
            .join(dir)
            .join("令和8年度_部局経営目標_集約.xlsx")
    };
    // Written the other way: the shared strings come in another order.
    let bytes = |dir: &str| std::fs::read(book(dir)).unwrap();
    assert_ne!(
        bytes("normal"),
        bytes("no-temp"),
        "no temporary file was refused"
    );
    let (with, without) = (sheets(&book("normal")), sheets(&book("no-temp")));
    assert_eq!(with.len(), without.len());
    for ((name, a), (other, b)) in with.iter().zip(&without) {
        assert_eq!(name, other);
        assert_eq!(a, b, "sheet {name}");
    }
    let list = &with.iter().find(|(n, _)| n == "指標一覧").unwrap().1;
    assert_eq!(
        list.get_value((0, 0)),
        Some(&calamine::Data::String("部局".to_string())),
        "指標一覧 A1: the header row written before the rows"
    );
}

/// The configuration kept inside the dropped folder is found, and a file
/// of last year among this year's stays out of the packet.
#[test]
fn a_dropped_folder_uses_the_configuration_inside_it() {
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("提出");
    std::fs::create_dir(&folder).unwrap();
    for name in ["総務部", "総合政策部", "総務部_令和7年度"] {
        let from = crate::common::fixture(&format!("trust/{name}.xlsx"));
        std::fs::copy(from, folder.join(format!("{name}.xlsx"))).unwrap();
    }
    std::fs::copy(
        crate::common::fixture("trust/mokuhyo.toml"),
        folder.join("mokuhyo.toml"),
    )
    .unwrap();
    let out = dropped(tmp.path(), &[&folder]);
    let shown = text(&out);
    assert_eq!(out.status.code(), Some(1), "{shown}");
    assert!(shown.contains("設定ファイル"), "{shown}");
    assert!(shown.contains("を使って集約します"), "{shown}");
    assert!(shown.contains("総務部_令和7年度.xlsx"), "{shown}");
    assert!(shown.contains("年度が「令和7年度」"), "{shown}");
    assert!(shown.contains("市民生活部"), "the roster is used: {shown}");
}
