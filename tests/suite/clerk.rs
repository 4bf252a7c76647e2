//! What the clerk reads at the end of a run, end to end: the year of the
//! run said once when every file disagrees with it, who is still missing
//! after `build` and `rollup`, the hints of `diff` and `template --from`.

use std::path::Path;

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

/// Writes 建設部's sample, dated 令和9年度, as `path`.
fn kensetsu_of_next_year(dir: &Path, path: &Path) {
    fill_next_year(dir, "samples/source/建設部.toml", path);
}

/// One file of another year among the others is that file's error.
#[test]
fn one_file_of_another_year_is_that_files_error() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let samples = samples_copy(dir);
    kensetsu_of_next_year(dir, &samples.join("令和9年度_建設部.xlsx"));
    let out = mokuhyo(dir, &["check", "samples"]);
    assert_eq!(code(&out), 1);
    let text = stdout(&out, dir);
    assert!(
        text.contains("samples/令和9年度_建設部.xlsx シート「部局経営目標」 セルB3: 年度が「令和9年度」で、処理している年度「令和8年度」と異なります。"),
        "{text}"
    );
    assert_eq!(text.matches("処理している年度").count(), 1, "{text}");
}

/// `build` and `rollup` with a roster end with who is not in the outputs.
#[test]
fn build_and_rollup_end_with_who_is_missing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::create_dir(dir.join("in")).unwrap();
    std::fs::copy(sample("総合政策部"), dir.join("in/総合政策部.xlsx")).unwrap();
    kensetsu_of_next_year(dir, &dir.join("in/建設部.xlsx"));
    let roster = "year = \"令和8年度\"\n[[department]]\nname = \"総合政策部\"\n[[department]]\nname = \"建設部\"\n[[department]]\nname = \"総務部\"\n";
    std::fs::write(dir.join("mokuhyo.toml"), roster).unwrap();
    let out = mokuhyo(dir, &["build", "in", "-o", "out"]);
    assert_eq!(code(&out), 1);
    let text = stdout(&out, dir);
    assert!(
        text.ends_with("議会資料の PDF を書き出しました: out/令和8年度_部局経営目標.pdf\n名簿の 3 部局のうち 2 部局がそろっていません(出力には入っていません):\n  未提出 1: 総務部\n  要修正 1: 建設部\n提出状況の詳細は mokuhyo status で確かめられます。\n"),
        "{text}"
    );
    // An earlier good file of 建設部 is used: it is in the outputs, and said apart.
    let earlier = dir.join("in/建設部_前回.xlsx");
    std::fs::copy(sample("建設部"), &earlier).unwrap();
    let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000);
    std::fs::File::options()
        .write(true)
        .open(&earlier)
        .unwrap()
        .set_modified(old)
        .unwrap();
    let out = mokuhyo(dir, &["build", "in", "-o", "out"]);
    let text = stdout(&out, dir);
    assert!(
        text.ends_with("名簿の 3 部局のうち 1 部局がそろっていません(出力には入っていません):\n  未提出 1: 総務部\n最新の提出にエラーがあり、前の提出で集約した部局: 建設部\n提出状況の詳細は mokuhyo status で確かめられます。\n"),
        "{text}"
    );
    let roster = "[[department]]\nname = \"総合政策部\"\n";
    std::fs::write(dir.join("mokuhyo.toml"), roster).unwrap();
    let year_end = root().join("samples/year-end/令和8年度_部局経営目標_総合政策部.xlsx");
    let out = mokuhyo(dir, &["rollup", year_end.to_str().unwrap(), "-o", "out"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out, dir));
    assert!(
        stdout(&out, dir).ends_with("名簿の 1 部局がすべてそろっています。\n"),
        "{}",
        stdout(&out, dir)
    );
}

/// `diff` does not list warnings; it ends with how many each year has and
/// the command that lists them, which does list them.
#[test]
fn diff_ends_with_the_command_that_shows_its_warnings() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::create_dir(dir.join("令和9 年度")).unwrap();
    let to = Path::new("令和9 年度/建設部.xlsx");
    fill_next_year(dir, "samples/year-end/source/建設部.toml", to);
    let last = root().join("samples/start");
    let out = mokuhyo(dir, &["diff", last.to_str().unwrap(), "令和9 年度"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out, dir));
    let text = stdout(&out, dir);
    assert!(!text.contains("ほかに"), "{text}");
    let hint = "令和9年度の様式に警告が 1 件あります(比較には影響しません)。内容は次のコマンドで確かめられます: mokuhyo check --year 令和9年度 \"令和9 年度\"\n";
    assert!(text.ends_with(hint), "{text}");
    let out = mokuhyo(dir, &["check", "--year", "令和9年度", "令和9 年度"]);
    assert_eq!(code(&out), 0);
    assert!(
        stdout(&out, dir).contains("[警告] 令和9 年度/建設部.xlsx シート「部局経営目標」 セルX30: 指標「危険空き家除却件数」の実績値「集計中」"),
        "{}",
        stdout(&out, dir)
    );
}

/// `template --from` says what it could not carry and which roster
/// departments got no template, and leaves 備考 behind unless asked.
#[test]
fn template_from_says_what_it_did_not_carry_and_who_got_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::create_dir(dir.join("in")).unwrap();
    let year_end = root().join("samples/year-end");
    for department in ["建設部", "産業観光部"] {
        let name = format!("令和8年度_部局経営目標_{department}.xlsx");
        std::fs::copy(year_end.join(&name), dir.join("in").join(&name)).unwrap();
    }
    let config = "year = \"令和8年度\"\n[[department]]\nname = \"建設部\"\n[[department]]\nname = \"産業観光部\"\n[[department]]\nname = \"総務部\"\n";
    std::fs::write(dir.join("名簿.toml"), config).unwrap();
    let args = [
        "template",
        "--from",
        "in",
        "--config",
        "名簿.toml",
        "--year",
        "令和9年度",
        "-o",
        "配布",
    ];
    let out = mokuhyo(dir, &args);
    assert_eq!(code(&out), 0, "{}", stderr(&out, dir));
    let text = stdout(&out, dir);
    for line in [
        "[お知らせ] 配布/令和9年度_部局経営目標_建設部.xlsx: 指標「危険空き家除却件数」の前年度実績値は空欄にしました(今年度の実績値「集計中」が数値でないため)。実績が出たら部局で記入してください。\n",
        "[お知らせ] 配布/令和9年度_部局経営目標_総務部.xlsx: 書き出していません。部局「総務部」の前年度(令和8年度)の様式が見つからないためです。白紙の様式は mokuhyo template --year 令和9年度 --department 総務部 --config 名簿.toml -o 配布 で作れます。\n",
    ] {
        assert!(text.contains(line), "{line}\nnot in\n{text}");
    }
    assert!(
        !text.contains("産業観光部.xlsx: 指標"),
        "0.33億円 converts: {text}"
    );
    let read = |department: &str| {
        let path = dir.join(format!("配布/令和9年度_部局経営目標_{department}.xlsx"));
        read(&path).document.unwrap()
    };
    let kensetsu = read("建設部");
    let pending = kensetsu
        .projects
        .iter()
        .flat_map(|p| &p.indicators)
        .find(|i| i.name == "危険空き家除却件数")
        .unwrap();
    assert_eq!(pending.previous, None);
    assert!(
        pending.previous_blank,
        "blank, not 「-」: the figure is still to come"
    );
    assert_eq!(kensetsu.remark, "", "備考 is left behind");
    // With --carry-remark it is carried.
    std::fs::remove_dir_all(dir.join("配布")).unwrap();
    let out = mokuhyo(dir, &[&args[..], &["--carry-remark"]].concat());
    assert_eq!(code(&out), 0, "{}", stderr(&out, dir));
    assert!(read("建設部").remark.contains("架空"));
}

/// Writes `doc` as a filled template at `path`.
fn filled(doc: &mokuhyo::domain::model::Document, path: &Path) {
    use mokuhyo::outputs::xlsx::template::{TemplateOptions, to_bytes};
    std::fs::write(path, to_bytes(doc, &TemplateOptions::default()).unwrap()).unwrap();
}

fn reply(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join("返信").join(name)).unwrap()
}

/// Each reply is addressed to who can act on it and asks for what is
/// needed; a rerun leaves no stale correction file.
#[test]
fn feedback_is_addressed_and_worded_for_the_department() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let config = "year = \"令和8年度\"\nmunicipality = \"テスト市\"\n[[department]]\nname = \"総合政策部\"\ncontact = \"seisaku@example.jp\"\n[[department]]\nname = \"建設部\"\n[[department]]\nname = \"消防本部\"\n";
    std::fs::write(dir.join("mokuhyo.toml"), config).unwrap();
    std::fs::create_dir(dir.join("in")).unwrap();
    // 総合政策部: a warning only (a blank 前年度実績値).
    let mut warned = source("総合政策部");
    warned.projects[0].indicators[0].previous = None;
    warned.projects[0].indicators[0].previous_blank = true;
    filled(&warned, &dir.join("in/総合政策部.xlsx"));
    // A name not on the roster.
    let mut typo = source("建設部");
    typo.department = "建設課".into();
    filled(&typo, &dir.join("in/建設.xlsx"));
    // No 部局名 at all.
    let mut nameless = source("消防本部");
    nameless.department = String::new();
    filled(&nameless, &dir.join("in/d.xlsx"));

    let out = mokuhyo(dir, &["check", "in", "--feedback", "返信"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out, dir));
    assert!(stdout(&out, dir).ends_with("修正依頼を 3 件書き出しました: 返信\n"));

    let seisaku = reply(dir, "総合政策部_修正依頼.txt");
    assert!(
        seisaku.starts_with("宛先: seisaku@example.jp\n\n総合政策部 ご担当者様\n"),
        "{seisaku}"
    );
    assert!(
        seisaku.contains("内容に誤りがなければ、このままで差し支えありません(再提出は不要です)。"),
        "{seisaku}"
    );
    assert!(!seisaku.contains("修正のうえ"), "{seisaku}");

    // A misspelled name goes to the roster department it stands for.
    let kensetsu = reply(dir, "建設部_修正依頼.txt");
    assert!(kensetsu.starts_with("建設部 ご担当者様\n"), "{kensetsu}");
    assert!(
        kensetsu.contains("部局名「建設課」は、集約で用いる部局名と一致しません。部局名は「建設部」と入力してください(部局の名称が変わった場合は、集約担当にお知らせください)。"),
        "{kensetsu}"
    );
    assert!(!kensetsu.contains("設定ファイル"), "{kensetsu}");
    assert!(
        kensetsu.contains("修正のうえ、あらためてご提出"),
        "{kensetsu}"
    );

    let nameless = reply(dir, "d_修正依頼.txt");
    assert!(
        nameless.starts_with("「d.xlsx」をご提出いただいたご担当者様\n"),
        "{nameless}"
    );

    // Fixed and checked again: the stale replies go, one the clerk edited
    // stays and is named.
    filled(&source("建設部"), &dir.join("in/建設.xlsx"));
    filled(&source("総合政策部"), &dir.join("in/総合政策部.xlsx"));
    let edited = dir.join("返信/総合政策部_修正依頼.txt");
    std::fs::write(&edited, format!("{seisaku}\n(電話でも連絡済み)\n")).unwrap();
    let out = mokuhyo(dir, &["check", "in", "--feedback", "返信"]);
    let text = stdout(&out, dir);
    assert!(
        text.contains("修正依頼を 1 件書き出しました: 返信\n"),
        "{text}"
    );
    assert!(
        text.contains("前回の修正依頼のうち、今回は不要になったファイルを削除しました: 総合政策部_修正依頼.xlsx、建設部_修正依頼.txt、建設部_修正依頼.xlsx\n"),
        "{text}"
    );
    assert!(
        text.ends_with("前回の修正依頼のうち、書き換えられているファイルは残しています(不要なら削除してください): 総合政策部_修正依頼.txt\n"),
        "{text}"
    );
    let mut left: Vec<String> = std::fs::read_dir(dir.join("返信"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(
        left,
        [
            ".mokuhyo-written.txt",
            "d_修正依頼.txt",
            "d_修正依頼.xlsx",
            "総合政策部_修正依頼.txt"
        ]
    );
    // Nothing to ask any more: the unchanged files go too.
    std::fs::remove_file(dir.join("in/d.xlsx")).unwrap();
    let out = mokuhyo(dir, &["check", "in", "--feedback", "返信"]);
    assert_eq!(code(&out), 0, "{}", stdout(&out, dir));
    assert!(
        stdout(&out, dir).contains("修正依頼が必要な部局はありません: 返信\n前回の修正依頼のうち、今回は不要になったファイルを削除しました: d_修正依頼.txt、d_修正依頼.xlsx\n"),
        "{}",
        stdout(&out, dir)
    );
}

/// `template --fill` takes what `check --json` printed: one template per
/// accepted file, each read back to the same document; its errors are in
/// Japanese and never call it a sample.
#[test]
fn template_fill_takes_what_check_json_printed() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let samples = samples_copy(dir);
    let out = mokuhyo(dir, &["check", "samples", "--json"]);
    assert_eq!(code(&out), 0);
    std::fs::write(dir.join("点検.json"), &out.stdout).unwrap();
    let out = mokuhyo(dir, &["template", "--fill", "点検.json", "-o", "写し"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out, dir));
    for department in sample_departments() {
        let name = format!("令和8年度_部局経営目標_{department}.xlsx");
        let copy = read(&dir.join("写し").join(&name)).document.unwrap();
        let original = read(&samples.join(&name)).document.unwrap();
        assert_same(&original, &copy);
    }
    let out = mokuhyo(dir, &["template", "--fill", "点検.json", "-o", "一つ.xlsx"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out, dir).contains("--department で部局を選んでください"));
    let args = [
        "template",
        "--fill",
        "点検.json",
        "--department",
        "建設部",
        "-o",
        "一つ.xlsx",
    ];
    let out = mokuhyo(dir, &args);
    assert_eq!(code(&out), 0, "{}", stderr(&out, dir));
    assert_eq!(
        read(&dir.join("一つ.xlsx")).document.unwrap().department,
        "建設部"
    );
    std::fs::write(
        dir.join("誤り.json"),
        "{\"year\": 2026, \"departmnt\": \"x\"}",
    )
    .unwrap();
    let out = mokuhyo(dir, &["template", "--fill", "誤り.json"]);
    assert_eq!(code(&out), 2);
    assert_eq!(
        stderr(&out, dir),
        "mokuhyo: 記入内容のファイル「誤り.json」の書き方に誤りがあります: 1行目 26文字目(「{\"year\": 2026, \"departmnt\": \"x\"}」): 「departmnt」という項目は設定できません。もしかして「department」ですか。(ここに書ける項目: year、created、department、head、remark、theme、project)\n"
    );
    let out = mokuhyo(dir, &["template", "--fill", "ない.toml"]);
    assert_eq!(
        stderr(&out, dir),
        "mokuhyo: 記入内容のファイル「ない.toml」を読み込めません。見つかりません。パスを確かめてください。\n"
    );
}

/// The fatal errors a clerk meets (a file for an output, a missing input or
/// configuration, a mistyped one, a font or a `--fill` file that is not one)
/// are explained in Japanese: none quotes the OS's or a parser's English.
#[test]
fn fatal_errors_quote_no_english() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(dir.join("file"), "x").unwrap();
    std::fs::write(dir.join("bad.toml"), "municipalty = \"x\"\nyear = 2026\n").unwrap();
    std::fs::write(dir.join("bad.json"), "{\"year\": \"来年\"}").unwrap();
    std::fs::write(dir.join("font.ttf"), "not a font").unwrap();
    let start = root().join("samples/start");
    let start = start.to_str().unwrap();
    const ENGLISH: &[&str] = &[
        "os error", "No such", "denied", "error:", "invalid", "expected", "unknown", "magic",
        "missing", "Error", "found", "line ",
    ];
    let cases: &[&[&str]] = &[
        &["build", start, "-o", "file"],
        &["check", "ない"],
        &["check", start, "--config", "ない.toml"],
        &["check", start, "--config", "bad.toml"],
        &["build", start, "-o", "out", "--font", "ない.ttf"],
        &["build", start, "-o", "out", "--font", "font.ttf"],
        &["template", "--fill", "ない.toml"],
        &["template", "--fill", "bad.json"],
        &["template", "--fill", "bad.toml"],
    ];
    for args in cases {
        let out = mokuhyo(dir, args);
        let text = format!("{}{}", stdout(&out, dir), stderr(&out, dir));
        assert!(code(&out) > 0, "{args:?}: {text}");
        assert!(!text.trim().is_empty(), "{args:?} says nothing");
        for word in ENGLISH {
            assert!(!text.contains(word), "{args:?} shows {word:?}:\n{text}");
        }
    }
}

/// `--quiet` prints the errors only; a piped run draws no progress bar.
#[test]
fn quiet_prints_only_errors_and_a_piped_run_no_progress() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let samples = samples_copy(dir);
    kensetsu_of_next_year(dir, &samples.join("令和9年度_建設部.xlsx"));
    let out = mokuhyo(dir, &["build", "samples", "-o", "out"]);
    assert_eq!(stderr(&out, dir), "", "no progress bar when piped");
    assert!(stdout(&out, dir).contains("集約ブックを書き出しました"));
    let out = mokuhyo(dir, &["build", "samples", "-o", "out", "--quiet"]);
    assert_eq!(code(&out), 1);
    assert_eq!(
        stdout(&out, dir),
        "[エラー] samples/令和9年度_建設部.xlsx シート「部局経営目標」 セルB3: 年度が「令和9年度」で、処理している年度「令和8年度」と異なります。年度を確かめてください。\n"
    );
    let out = mokuhyo(
        dir,
        &["template", "-q", "--year", "R8", "--department", "総務部"],
    );
    assert_eq!((code(&out), stdout(&out, dir)), (0, String::new()));
}
