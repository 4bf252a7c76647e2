//! What the clerk reads at the end of a run, end to end: the year of the
//! run said once when every file disagrees with it, who is still missing
//! after `build` and `rollup`, the hints of `diff` and `template --from`.

use crate::common::*;

/// Every sample is 令和8年度: a run for 令和9年度 blames the run's year
/// once, never each file, and writes nothing.
#[test]
fn files_all_of_another_year_say_so_once_and_point_at_the_setting() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    samples_copy(dir);
    let out = mokuhyo(
        dir,
        &["build", "samples", "--year", "令和9年度", "-o", "out"],
    );
    assert_eq!(code(&out), 2);
    assert_eq!(stdout(&out, dir), "");
    assert_eq!(
        stderr(&out, dir),
        "mokuhyo: 読み込んだ 6 件の様式はどれも年度が「令和8年度」で、処理する年度「令和9年度」(--year の指定)と異なります。令和8年度のファイルを処理するときは --year 令和8年度 を付けるか、設定ファイルの year を \"令和8年度\" に書き換えてください。処理する年度が正しければ、ファイルの年度を確かめてください。\n"
    );
    assert!(!dir.join("out").exists(), "nothing written");
    let config = std::fs::read_to_string(dir.join("mokuhyo.toml")).unwrap();
    std::fs::write(
        dir.join("mokuhyo.toml"),
        config.replace("year = \"令和8年度\"", "year = \"令和9年度\""),
    )
    .unwrap();
    let out = mokuhyo(dir, &["check", "samples"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out, dir).contains("(設定ファイル mokuhyo.toml の year)と異なります。"),
        "{}",
        stderr(&out, dir)
    );
}

/// One file of another year among the others is that file's error.
#[test]
fn one_file_of_another_year_is_that_files_error() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let samples = samples_copy(dir);
    let source = root().join("samples/source/建設部.toml");
    let other = samples.join("令和9年度_建設部.xlsx");
    let out = mokuhyo(
        dir,
        &[
            "template",
            "--fill",
            source.to_str().unwrap(),
            "--year",
            "令和9年度",
            "-o",
            other.to_str().unwrap(),
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out, dir));
    let out = mokuhyo(dir, &["check", "samples"]);
    assert_eq!(code(&out), 1);
    let text = stdout(&out, dir);
    assert!(
        text.contains("samples/令和9年度_建設部.xlsx シート「部局経営目標」 セルB3: 年度が「令和9年度」で、処理している年度「令和8年度」と異なります。"),
        "{text}"
    );
    assert_eq!(text.matches("処理している年度").count(), 1, "{text}");
}
