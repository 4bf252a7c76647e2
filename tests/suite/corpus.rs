//! The committed corpus of broken and hostile files
//! (tests/fixtures/broken/corpus.toml, made by make_corpus.py): each file is
//! refused with its own clear message naming the file, the lock file is
//! skipped, and `check` on the whole folder plus a good file goes on to
//! accept the good one and exits 1.

use std::path::Path;

use crate::common::*;
use mokuhyo::domain::finding::Severity;

#[derive(serde::Deserialize)]
struct Corpus {
    file: Vec<Entry>,
}

#[derive(serde::Deserialize)]
struct Entry {
    file: String,
    expect: String,
    #[serde(default)]
    generated: bool,
}

fn corpus() -> Vec<Entry> {
    let text = std::fs::read_to_string(fixture("broken/corpus.toml")).unwrap();
    let corpus: Corpus = toml::from_str(&text).unwrap();
    corpus
        .file
        .into_iter()
        .filter(|e| !e.generated && Path::new(&e.file).extension().is_some())
        .collect()
}

#[test]
fn every_file_gets_its_own_message() {
    let entries = corpus();
    assert!(entries.len() >= 13, "{}", entries.len());
    for entry in entries {
        let path = fixture(&format!("broken/{}", entry.file));
        if !path.exists() {
            continue;
        }
        let read = read(&path);
        let messages: Vec<String> = read.findings.iter().map(|f| f.to_string()).collect();
        assert!(
            messages.iter().any(|m| m.contains(&entry.expect)),
            "{}: no message containing 「{}」:\n{}",
            entry.file,
            entry.expect,
            listing(&read.findings)
        );
        assert!(
            messages.iter().all(|m| m.contains(&entry.file)),
            "{}: a message without the file name",
            entry.file
        );
        assert!(
            !messages.iter().any(|m| m.contains("内部エラー")),
            "{}: internal error",
            entry.file
        );
        if entry.file.starts_with("~$") {
            assert!(read.is_skipped());
        } else {
            assert!(!read.is_accepted(), "{} was accepted", entry.file);
            assert!(read.findings.iter().any(|f| f.severity == Severity::Error));
        }
    }
}

#[test]
fn the_run_goes_on_with_the_other_files() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("in");
    std::fs::create_dir(&dir).unwrap();
    for entry in std::fs::read_dir(fixture("broken")).unwrap() {
        let path = entry.unwrap().path();
        if mokuhyo::input::is_spreadsheet(&path) {
            std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
        }
    }
    std::fs::copy(sample("建設部"), dir.join("建設部.xlsx")).unwrap();
    let out = crate::common::output(
        std::process::Command::new(env!("CARGO_BIN_EXE_mokuhyo"))
            .args(["build", "in", "-o", "out"])
            .current_dir(tmp.path()),
    );
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("受付 1、"), "{stdout}");
    assert!(
        tmp.path()
            .join("out/令和8年度_部局経営目標_集約.xlsx")
            .exists()
    );
}
