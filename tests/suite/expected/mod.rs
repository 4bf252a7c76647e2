//! The samples' outputs against the expectations committed in
//! `tests/expected/`: every command run on the samples (as
//! scripts/snapshot.sh runs them, with publish and review), what each
//! printed and its exit code, each output rendered as text (`render`), and
//! every file's hash. A change to any output shows as a diff of those
//! files; when the change is meant, bless it and commit the diff:
//!
//!     MOKUHYO_BLESS=1 cargo test --test suite expected
//!
//! Linux only: under Wine the printed paths and the workbook's file list
//! use `\`, and scripts/windows.sh already compares the .exe's bytes with
//! the Linux build's.

pub mod render;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{files_under, fixture, normalise, root};

/// 2026-04-01T00:00:00Z: the samples' date.
const EPOCH: &str = "1775001600";

/// The commands, each a name (its folder of expectations) and its
/// arguments; `OUT` is the run's own output folder. The outputs of a
/// `-json` run are those of the run before it: only their hashes are kept.
const RUNS: &[(&str, &[&str])] = &[
    ("template", &["template", "-o", "OUT"]),
    (
        "template-fill",
        &[
            "template",
            "--fill",
            "samples/source/建設部.toml",
            "-o",
            "OUT/建設部.xlsx",
        ],
    ),
    (
        "template-from",
        &[
            "template",
            "--from",
            "samples/year-end",
            "--year",
            "令和9年度",
            "-o",
            "OUT",
        ],
    ),
    (
        "check-json",
        &["check", "samples/start", "samples/year-end", "--json"],
    ),
    (
        "check-feedback",
        &["check", "samples/start", "problems", "--feedback", "OUT"],
    ),
    ("status", &["status", "samples/start"]),
    ("status-json", &["status", "samples/start", "--json"]),
    (
        "build",
        &["build", "samples/start", "-o", "OUT", "--per-department"],
    ),
    (
        "build-json",
        &["build", "samples/start", "-o", "OUT", "--json"],
    ),
    (
        "build-year-end",
        &["build", "samples/year-end", "-o", "OUT"],
    ),
    (
        "build-compare",
        &[
            "build",
            "next",
            "--year",
            "令和9年度",
            "--compare",
            "samples/year-end",
            "-o",
            "OUT",
        ],
    ),
    ("rollup", &["rollup", "samples/year-end", "-o", "OUT"]),
    (
        "rollup-json",
        &["rollup", "samples/year-end", "-o", "OUT", "--json"],
    ),
    ("review", &["review", "samples/year-end", "-o", "OUT"]),
    ("diff", &["diff", "samples/year-end", "next"]),
    ("diff-json", &["diff", "samples/year-end", "next", "--json"]),
    (
        "publish",
        &["publish", "samples/start", "-o", "OUT", "--fragments"],
    ),
    (
        "publish-year-end",
        &[
            "publish",
            "samples/year-end",
            "-o",
            "OUT",
            "--csv-encoding",
            "shift_jis",
        ],
    ),
];

/// The work folder: the samples, the files with errors that the
/// correction files are made from, and next year's files filled from this
/// year's year-end sources (for `diff` and `build --compare`).
fn work(dir: &Path) -> PathBuf {
    let work = dir.join("work");
    let copy = |from: &Path, to: &Path| {
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(from, to).unwrap();
    };
    for file in files_under(&root().join("samples")) {
        let relative = file.strip_prefix(root()).unwrap();
        copy(&file, &work.join(relative));
    }
    for name in [
        "misread/cached_errors.xlsx",
        "misread/uncomputed.xlsx",
        "libreoffice/edited.xls",
    ] {
        let from = fixture(name);
        copy(
            &from,
            &work.join("problems").join(from.file_name().unwrap()),
        );
    }
    std::fs::copy(work.join("samples/mokuhyo.toml"), work.join("mokuhyo.toml")).unwrap();
    for source in files_under(&work.join("samples/year-end/source")) {
        let department = source.file_stem().unwrap().to_string_lossy().into_owned();
        let to = format!("next/{department}.xlsx");
        let from = source.to_string_lossy().into_owned();
        let args = [
            "template",
            "--year",
            "令和9年度",
            "--fill",
            &from,
            "-o",
            &to,
        ];
        let out = mokuhyo(&work, &args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    work
}

fn mokuhyo(cwd: &Path, args: &[&str]) -> std::process::Output {
    crate::common::output(
        Command::new(env!("CARGO_BIN_EXE_mokuhyo"))
            .args(args)
            .current_dir(cwd)
            .env("SOURCE_DATE_EPOCH", EPOCH)
            .env("NO_COLOR", "1"),
    )
}

/// Every expectation of the samples' runs: a relative path under
/// `tests/expected` and its text.
fn rendered(dir: &Path) -> BTreeMap<String, String> {
    let work = work(dir);
    let mut out = BTreeMap::new();
    for (name, args) in RUNS {
        let folder = dir.join("out").join(name);
        let folder_text = folder.to_string_lossy().into_owned();
        let args: Vec<&str> = args
            .iter()
            .map(|a| if *a == "OUT" { folder_text.as_str() } else { a })
            .collect();
        let args: Vec<String> = args
            .iter()
            .map(|a| a.replace("OUT/", &format!("{folder_text}/")))
            .collect();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = mokuhyo(&work, &args);
        let printed = |bytes: &[u8]| {
            normalise(&String::from_utf8_lossy(bytes), dir).replace("[TMP]/out/", "OUT/")
        };
        let mut log = format!("exit {}\n", run.status.code().unwrap_or(-1));
        log.push_str(&printed(&run.stdout));
        let stderr = printed(&run.stderr);
        if !stderr.is_empty() {
            log.push_str("--- stderr\n");
            log.push_str(&stderr);
        }
        out.insert(format!("{name}/printed.txt"), log);
        let mut hashes = String::new();
        let written = if folder.exists() {
            files_under(&folder)
        } else {
            Vec::new()
        };
        for file in written {
            let relative = file
                .strip_prefix(&folder)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let bytes = std::fs::read(&file).unwrap();
            hashes.push_str(&format!("{}  {relative}\n", render::hash(&bytes)));
            if name.ends_with("-json") {
                continue;
            }
            if let Some(text) = render::render(&relative, &bytes) {
                out.insert(format!("{name}/{relative}.txt"), text);
            }
        }
        out.insert(format!("{name}/sha256.txt"), hashes);
    }
    out
}

fn committed(folder: &Path) -> BTreeMap<String, String> {
    files_under(folder)
        .into_iter()
        .map(|file| {
            let relative = file
                .strip_prefix(folder)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (relative, std::fs::read_to_string(&file).unwrap())
        })
        .collect()
}

/// The first line where two texts differ, both sides.
fn first_difference(expected: &str, actual: &str) -> String {
    let (mut e, mut a) = (expected.lines(), actual.lines());
    for number in 1.. {
        match (e.next(), a.next()) {
            (None, None) => break,
            (x, y) if x == y => {}
            (x, y) => {
                return format!(
                    "line {number}\n    expected: {}\n    actual:   {}",
                    x.unwrap_or("(end)"),
                    y.unwrap_or("(end)")
                );
            }
        }
    }
    "(line endings)".to_string()
}

#[test]
#[cfg(not(windows))]
fn the_samples_outputs_are_the_committed_expectations() {
    let tmp = tempfile::tempdir().unwrap();
    let actual = rendered(tmp.path());
    let folder = root().join("tests/expected");
    if std::env::var_os("MOKUHYO_BLESS").is_some() {
        let _ = std::fs::remove_dir_all(&folder);
        for (relative, text) in &actual {
            let path = folder.join(relative);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        return;
    }
    let expected = committed(&folder);
    let mut problems = Vec::new();
    for (relative, text) in &actual {
        match expected.get(relative) {
            None => problems.push(format!("new: {relative}")),
            Some(e) if e != text => problems.push(format!(
                "changed: {relative}, {}",
                first_difference(e, text)
            )),
            Some(_) => {}
        }
    }
    for relative in expected.keys().filter(|r| !actual.contains_key(*r)) {
        problems.push(format!("gone: {relative}"));
    }
    assert!(
        problems.is_empty(),
        "the samples' outputs differ from tests/expected ({} files); if the change is meant, \
         run MOKUHYO_BLESS=1 cargo test --test suite expected and commit the diff:\n{}",
        problems.len(),
        problems
            .iter()
            .take(20)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
