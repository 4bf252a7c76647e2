//! A run interrupted or killed: Ctrl-C leaves no temporary file and the
//! last run's outputs as they were; what a killed run left is removed by
//! the next run, and nothing else is.

use std::path::Path;

use crate::common::*;

/// Whether a file's name is that of mokuhyo's temporary files.
#[cfg(unix)]
fn temporary(name: &str) -> bool {
    name.starts_with(".mokuhyo-") && name.ends_with(".tmp")
}

/// The names in a folder, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The files of a folder with their bytes.
#[cfg(unix)]
fn contents(dir: &Path) -> Vec<(String, Vec<u8>)> {
    names(dir)
        .into_iter()
        .map(|n| {
            let bytes = std::fs::read(dir.join(&n)).unwrap();
            (n, bytes)
        })
        .collect()
}

/// `n` filled templates of as many departments in `dir/in` (the samples
/// cycled and renamed), written by `template --fill`.
#[cfg(unix)]
fn departments(dir: &Path, n: usize) -> std::path::PathBuf {
    let start = root().join("samples/start");
    let out = mokuhyo(dir, &["check", "--json", start.to_str().unwrap()]);
    let checked: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let accepted: Vec<&serde_json::Value> = checked["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["status"] == "accepted")
        .collect();
    let files: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            let mut file = accepted[i % accepted.len()].clone();
            let name = format!("{}{i:04}", file["document"]["department"].as_str().unwrap());
            file["document"]["department"] = name.into();
            file["path"] = format!("{i:04}.xlsx").into();
            file
        })
        .collect();
    let json = dir.join("many.json");
    std::fs::write(&json, serde_json::json!({ "files": files }).to_string()).unwrap();
    let out = mokuhyo(dir, &["template", "--fill", "many.json", "-o", "in"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out, dir));
    dir.join("in")
}

#[cfg(unix)]
#[test]
fn ctrl_c_during_a_build_leaves_no_temporary_file_and_the_last_outputs() {
    use std::os::unix::process::ExitStatusExt;
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};

    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let inputs = departments(dir, 300);
    // The last run's outputs, of the samples.
    let start = root().join("samples/start");
    let out = mokuhyo(dir, &["build", start.to_str().unwrap(), "-o", "out"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out, dir));
    let output = dir.join("out");
    let last = contents(&output);
    assert_eq!(last.len(), 2, "{:?}", names(&output));

    let mut child = spawn(
        Command::new(env!("CARGO_BIN_EXE_mokuhyo"))
            .args(["build", inputs.to_str().unwrap(), "-o", "out"])
            .current_dir(dir)
            .env_remove("SOURCE_DATE_EPOCH")
            .stdout(Stdio::null())
            .stderr(Stdio::null()),
    );
    // Interrupted while both the packet and the workbook are being written.
    let begun = Instant::now();
    loop {
        let staged = names(&output).iter().filter(|n| temporary(n)).count();
        if staged >= 2 {
            break;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "the build ended before it was interrupted"
        );
        assert!(begun.elapsed() < Duration::from_secs(120), "nothing staged");
        std::thread::sleep(Duration::from_millis(5));
    }
    // SAFETY: a signal sent to the child this test started.
    assert_eq!(unsafe { libc::kill(child.id() as i32, libc::SIGINT) }, 0);
    let status = child.wait().unwrap();
    assert_eq!(status.signal(), Some(libc::SIGINT), "{status:?}");
    let now = contents(&output);
    let names_now: Vec<&String> = now.iter().map(|(n, _)| n).collect();
    let names_last: Vec<&String> = last.iter().map(|(n, _)| n).collect();
    assert_eq!(names_now, names_last);
    for ((name, bytes), (_, before)) in now.iter().zip(&last) {
        assert!(bytes == before, "{name} is not the last run's any more");
    }
}

#[test]
fn a_killed_runs_temporary_files_are_removed_by_the_next_and_nothing_else() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let samples = samples_copy(dir);
    let output = dir.join("out");
    std::fs::create_dir_all(output.join("sub")).unwrap();
    // What a run killed before it could remove them leaves (by `kill -9`,
    // a power cut): its temporary files.
    let left = [
        ".mokuhyo-partial-a1B2c3D4e5F6.tmp",
        ".mokuhyo-partial-000000000000.tmp",
    ];
    // The user's own files, named alike.
    let users = [
        ".mokuhyo-notes.txt",
        ".mokuhyo-partial-notes.tmp",
        ".mokuhyo-partial-a1B2c3D4e5F6.tmp.bak",
        ".mokuhyo-partial-a1B2c3D4e5F67.tmp",
        "mokuhyo-partial-a1B2c3D4e5F6.tmp",
        ".mokuhyo-abcdef.tmp",
        "x.tmp",
        ".mokuhyo-written.txt.tmp",
    ];
    for name in left {
        std::fs::write(output.join(name), b"").unwrap();
    }
    for name in users {
        std::fs::write(output.join(name), name).unwrap();
    }
    // A folder named as a temporary file is not a file mokuhyo left.
    std::fs::create_dir(output.join(".mokuhyo-partial-FOLDER000000.tmp")).unwrap();
    // A temporary file's name in another folder: not written in, not touched.
    std::fs::write(output.join("sub").join(left[0]), b"").unwrap();

    let out = mokuhyo(dir, &["build", samples.to_str().unwrap(), "-o", "out"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out, dir));
    let mut expected: Vec<String> = users.iter().map(|n| n.to_string()).collect();
    expected.extend([
        ".mokuhyo-partial-FOLDER000000.tmp".to_string(),
        "sub".to_string(),
        "令和8年度_部局経営目標.pdf".to_string(),
        "令和8年度_部局経営目標_集約.xlsx".to_string(),
    ]);
    expected.sort();
    assert_eq!(names(&output), expected);
    for name in users {
        assert_eq!(std::fs::read(output.join(name)).unwrap(), name.as_bytes());
    }
    assert_eq!(names(&output.join("sub")), [left[0]]);
}
