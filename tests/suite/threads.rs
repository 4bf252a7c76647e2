//! The outputs are the same bytes whatever the number of threads: every
//! command that writes files, run with one thread and with four.

use std::path::Path;
use std::process::Command;

use crate::common::*;

fn run(dir: &Path, threads: &str, args: &[&str]) {
    let out = crate::common::output(
        Command::new(env!("CARGO_BIN_EXE_mokuhyo"))
            .args(args)
            .current_dir(dir)
            .env_remove("SOURCE_DATE_EPOCH")
            .env("RAYON_NUM_THREADS", threads),
    );
    assert!(code(&out) < 2, "{args:?}: {}", stderr(&out, dir));
}

/// Every file under `dir`, by relative path, with its bytes.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    files_under(dir)
        .into_iter()
        .map(|path| {
            let name = path.strip_prefix(dir).unwrap().display().to_string();
            (name, std::fs::read(&path).unwrap())
        })
        .collect()
}

#[test]
fn one_thread_and_four_write_the_same_bytes() {
    let config = root().join("samples/mokuhyo.toml");
    let config = config.to_str().unwrap();
    let start = root().join("samples/start");
    let year_end = root().join("samples/year-end");
    let (start, year_end) = (start.to_str().unwrap(), year_end.to_str().unwrap());
    let mut written = Vec::new();
    for threads in ["1", "4"] {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        run(
            dir,
            threads,
            &[
                "build",
                start,
                year_end,
                "--config",
                config,
                "--per-department",
                "-o",
                "build",
            ],
        );
        run(
            dir,
            threads,
            &["rollup", year_end, "--config", config, "-o", "rollup"],
        );
        run(
            dir,
            threads,
            &["review", year_end, "--config", config, "-o", "review"],
        );
        run(
            dir,
            threads,
            &["publish", year_end, "--config", config, "-o", "web"],
        );
        written.push(files(dir));
    }
    let names: Vec<&String> = written[0].iter().map(|(n, _)| n).collect();
    assert!(names.len() > 15, "{names:?}");
    for ((name, one), (other, four)) in written[0].iter().zip(&written[1]) {
        assert_eq!(name, other);
        assert!(one == four, "{name} differs between 1 and 4 threads");
    }
    assert_eq!(written[0].len(), written[1].len());
}
