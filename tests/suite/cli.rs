//! End-to-end tests of the `mokuhyo` binary in temporary folders, with the
//! output compared after normalising paths.

use std::path::Path;

use crate::common::*;
use calamine::{Data, Reader, open_workbook_auto};

#[test]
fn template_for_one_department_then_check_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let out = mokuhyo(dir, &["template", "--year", "R8", "--department", "総務部"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out, dir));
    assert_eq!(
        stdout(&out, dir),
        "様式を書き出しました: ./令和8年度_部局経営目標_総務部.xlsx\n"
    );
    // Sent back as it was handed out, it is not a submission.
    let out = mokuhyo(dir, &["check", "令和8年度_部局経営目標_総務部.xlsx"]);
    assert_eq!(code(&out), 0);
    assert_eq!(
        stdout(&out, dir),
        "[お知らせ] 令和8年度_部局経営目標_総務部.xlsx: mokuhyo が書き出した様式(記入されていません)のため、提出として読み込みませんでした。\n1 ファイルを点検しました: 受付 0、不受理 0(エラー 0 件、警告 0 件)\n"
    );
    // Written again, the file (which may have been filled in meanwhile) is
    // left alone.
    let before = std::fs::read(dir.join("令和8年度_部局経営目標_総務部.xlsx")).unwrap();
    let out = mokuhyo(dir, &["template", "--year", "R8", "--department", "総務部"]);
    assert_eq!(code(&out), 1);
    assert_eq!(
        stdout(&out, dir),
        "[お知らせ] ./令和8年度_部局経営目標_総務部.xlsx: 同じ名前のファイルが既にあるため、書き出していません(記入済みかもしれないため)。置き換えるときは --force を付けてください。\n"
    );
    let after = std::fs::read(dir.join("令和8年度_部局経営目標_総務部.xlsx")).unwrap();
    assert_eq!(before, after);
    let out = mokuhyo(
        dir,
        &[
            "template",
            "--year",
            "R8",
            "--department",
            "総務部",
            "--force",
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out, dir));
}

#[test]
fn template_for_the_whole_roster() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::copy(
        root().join("samples/mokuhyo.toml"),
        dir.join("mokuhyo.toml"),
    )
    .unwrap();
    let out = mokuhyo(dir, &["template", "-o", "配布"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out, dir));
    let files = std::fs::read_dir(dir.join("配布")).unwrap().count();
    assert_eq!(files, 19);
    let read = read(&dir.join("配布/令和8年度_部局経営目標_総合政策部.xlsx"));
    let doc = read.document.unwrap();
    assert_eq!(
        (
            doc.department.as_str(),
            doc.head.as_str(),
            doc.year.gregorian()
        ),
        ("総合政策部", "木村 辰生", 2026)
    );
}

#[test]
fn template_years_in_every_form() {
    for year in ["令和8年度", "令和8", "R8", "2026", "２０２６年度"] {
        let tmp = tempfile::tempdir().unwrap();
        let out = mokuhyo(
            tmp.path(),
            &[
                "template",
                "--year",
                year,
                "--department",
                "建設部",
                "-o",
                "x.xlsx",
            ],
        );
        assert_eq!(code(&out), 0, "{year}");
        assert_eq!(
            read(&tmp.path().join("x.xlsx"))
                .document
                .unwrap()
                .year
                .gregorian(),
            2026,
            "{year}"
        );
    }
}

#[test]
fn a_bad_year_is_a_usage_error() {
    let tmp = tempfile::tempdir().unwrap();
    let out = mokuhyo(tmp.path(), &["template", "--year", "来年"]);
    assert_eq!(code(&out), 2);
    assert_eq!(
        stderr(&out, tmp.path()),
        "mokuhyo: 年度「来年」が読めません。「令和8年度」「R8」「2026」のように指定してください。\n"
    );
}

#[test]
fn check_the_samples() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    samples_copy(dir);
    let out = mokuhyo(dir, &["check", "samples"]);
    assert_eq!(code(&out), 0, "{}", stdout(&out, dir));
    assert_eq!(
        stdout(&out, dir),
        "6 ファイルを点検しました: 受付 6、不受理 0(エラー 0 件、警告 0 件)\n"
    );
}

#[test]
fn a_broken_file_is_reported_and_the_others_still_checked() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let samples = samples_copy(dir);
    std::fs::write(samples.join("壊れた.xlsx"), b"not a workbook").unwrap();
    std::fs::write(samples.join("~$総務部.xlsx"), b"lock").unwrap();
    let out = mokuhyo(dir, &["check", "samples", "missing.xlsx"]);
    assert_eq!(code(&out), 1);
    let text = stdout(&out, dir);
    let expected = "\
[エラー] missing.xlsx: 指定されたファイルまたはフォルダが見つかりません。名前と場所を確かめてください。
[お知らせ] samples/~$総務部.xlsx: Excel の一時ファイル(~$ で始まるファイル)のため読み飛ばしました。
[エラー] samples/壊れた.xlsx: ファイルを読み込めません。Excel・LibreOffice のファイル形式ではありません。配布した様式に記入して提出してください。
8 ファイルを点検しました: 受付 6、不受理 1(エラー 2 件、警告 0 件)
";
    assert_eq!(text, expected);
}

#[test]
fn check_json_carries_the_model() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let samples = samples_copy(dir);
    let file = samples.join("令和8年度_部局経営目標_総合政策部.xlsx");
    let out = mokuhyo(dir, &["check", "--json", file.to_str().unwrap()]);
    assert_eq!(code(&out), 0);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["year"], 2026);
    assert_eq!(json["files"][0]["status"], "accepted");
    let doc = &json["files"][0]["document"];
    assert_eq!(doc["department"], "総合政策部");
    assert_eq!(doc["project"][2]["indicator"][0]["target"], "10.0");
    assert_eq!(doc["project"][2]["indicator"][0]["unit"], "億円");
}

fn sheet_rows(path: &Path, sheet: &str) -> Vec<Vec<String>> {
    let mut workbook = open_workbook_auto(path).unwrap();
    let range = workbook.worksheet_range(sheet).unwrap();
    range
        .rows()
        .map(|row| {
            row.iter()
                .map(|d| match d {
                    Data::Float(f) => format!("{f}"),
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

#[test]
fn build_writes_the_consolidated_workbook_with_every_seed_value_on_its_row() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    samples_copy(dir);
    let out = mokuhyo(dir, &["build", "samples", "-o", "out"]);
    assert_eq!(code(&out), 0, "{}", stdout(&out, dir));
    assert!(stdout(&out, dir).contains(
        "集約ブックを書き出しました: out/令和8年度_部局経営目標_集約.xlsx\n議会資料の PDF を書き出しました: out/令和8年度_部局経営目標.pdf\n名簿の 19 部局のうち 13 部局がそろっていません"
    ));
    let book = dir.join("out/令和8年度_部局経営目標_集約.xlsx");
    let rows = sheet_rows(&book, "指標一覧");
    let header = &rows[0];
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("{name} in {header:?}"))
    };
    let seed_rows: Vec<Vec<&str>> = rows
        .iter()
        .filter(|r| r[col("部局")] == "総合政策部")
        .map(|r| {
            [
                "番号",
                "指標名",
                "単位",
                "目標値",
                "前年度実績値",
                "前年度見込み",
            ]
            .iter()
            .map(|c| r[col(c)].as_str())
            .collect()
        })
        .collect();
    let expected = [
        ["", "市内成婚数", "組", "115", "121", ""],
        ["", "移住者数", "人", "30", "34", ""],
        ["", "ワークショップ等の延べ参加者数", "%", "100", "", ""],
        ["1-①", "まにこいん決済額(累計)", "億円", "10", "7.4", ""],
        ["1-①", "加盟店数", "店", "350", "297", ""],
        [
            "2-①",
            "拠点の運営体制構築に向けた協議回数",
            "回",
            "3",
            "",
            "",
        ],
        ["2-②", "作業進捗率", "%", "100", "100", "見込み"],
        ["3-①", "市長と話そう!開催数", "回", "15", "17", ""],
        ["3-②", "セミナー、ワークショップ実施数", "回", "3", "3", ""],
        [
            "3-②",
            "セミナー、ワークショップ参加者数",
            "人",
            "45",
            "81",
            "",
        ],
        ["3-②", "交流会開催数", "回", "1", "2", ""],
        ["3-②", "交流会参加者数", "人", "15", "23", ""],
        ["3-③", "アクセス件数", "万件", "450", "395", "見込み"],
    ];
    assert_eq!(seed_rows, expected);
    let mut workbook = open_workbook_auto(&book).unwrap();
    let sheets = workbook.sheet_names();
    assert_eq!(
        sheets,
        [
            "概要",
            "提出状況",
            "指標一覧",
            "テーマ一覧",
            "重点事業一覧",
            "SDGs",
            "施策別",
            "総合政策部",
            "健康福祉部",
            "産業観光部",
            "建設部",
            "消防本部",
            "教育委員会",
            "検証結果"
        ]
    );
    let _ = workbook.worksheet_range("概要").unwrap();
}

#[test]
fn build_is_byte_identical_across_runs_and_leaves_inputs_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let samples = samples_copy(dir);
    let hash = |p: &Path| std::fs::read(p).unwrap();
    let before: Vec<Vec<u8>> = sample_departments()
        .iter()
        .map(|d| hash(&samples.join(sample(d).file_name().unwrap())))
        .collect();
    assert_eq!(code(&mokuhyo(dir, &["build", "samples", "-o", "a"])), 0);
    assert_eq!(code(&mokuhyo(dir, &["build", "samples", "-o", "b"])), 0);
    for name in [
        "令和8年度_部局経営目標_集約.xlsx",
        "令和8年度_部局経営目標.pdf",
    ] {
        assert!(
            hash(&dir.join("a").join(name)) == hash(&dir.join("b").join(name)),
            "two builds differ: {name}"
        );
    }
    let after: Vec<Vec<u8>> = sample_departments()
        .iter()
        .map(|d| hash(&samples.join(sample(d).file_name().unwrap())))
        .collect();
    assert!(before == after, "an input was modified");
}

#[test]
fn build_refuses_to_overwrite_an_input() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    samples_copy(dir);
    std::fs::copy(
        sample("建設部"),
        dir.join("samples/令和8年度_部局経営目標_集約.xlsx"),
    )
    .unwrap();
    let out = mokuhyo(dir, &["build", "samples", "-o", "samples"]);
    assert_eq!(code(&out), 2);
    assert_eq!(
        stderr(&out, dir),
        "mokuhyo: 出力先「samples/令和8年度_部局経営目標_集約.xlsx」は入力ファイルです。入力を上書きしないよう、別の場所を指定してください。\n"
    );
}

#[test]
fn an_output_folder_that_is_a_file_is_said_once_and_nothing_is_left() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    samples_copy(dir);
    std::fs::write(dir.join("out"), b"a file").unwrap();
    let out = mokuhyo(dir, &["build", "samples", "-o", "out/集約"]);
    assert_eq!(code(&out), 2);
    let shown = stderr(&out, dir);
    let message = "mokuhyo: 出力先「out」はフォルダではなくファイルです。-o には出力先のフォルダを指定してください。\n";
    assert!(shown.ends_with(message), "{shown}");
    assert_eq!(
        shown.matches("フォルダではなくファイルです").count(),
        1,
        "{shown}"
    );
    assert_eq!(std::fs::read(dir.join("out")).unwrap(), b"a file");
    let mut left: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["mokuhyo.toml", "out", "samples"]);
}

#[test]
fn build_with_errors_still_writes_accepted_files_and_lists_the_rejected() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let samples = samples_copy(dir);
    std::fs::write(samples.join("壊れた.xlsx"), b"").unwrap();
    let out = mokuhyo(dir, &["build", "samples", "-o", "out"]);
    assert_eq!(code(&out), 1);
    let rows = sheet_rows(&dir.join("out/令和8年度_部局経営目標_集約.xlsx"), "概要");
    let rejected = rows
        .iter()
        .find(|r| r.first().map(String::as_str) == Some("不受理ファイル数"))
        .unwrap();
    assert_eq!(rejected[1], "1");
    assert!(
        rows.iter()
            .any(|r| r[0] == "不受理" && r[1].ends_with("壊れた.xlsx")),
        "{rows:?}"
    );
}

#[test]
fn usage_errors_exit_with_2() {
    let tmp = tempfile::tempdir().unwrap();
    assert_eq!(code(&mokuhyo(tmp.path(), &["check"])), 2);
    assert_eq!(code(&mokuhyo(tmp.path(), &["frobnicate"])), 2);
    let out = mokuhyo(tmp.path(), &["check", "--config", "nothing.toml", "x.xlsx"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out, tmp.path())
            .starts_with("mokuhyo: 設定ファイル「nothing.toml」を読み込めません。見つかりません。")
    );
}

#[test]
fn templates_are_byte_identical_across_runs() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    for out in ["a.xlsx", "b.xlsx"] {
        assert_eq!(
            code(&mokuhyo(
                dir,
                &[
                    "template",
                    "--year",
                    "R8",
                    "--department",
                    "総務部",
                    "-o",
                    out
                ]
            )),
            0
        );
    }
    assert!(
        std::fs::read(dir.join("a.xlsx")).unwrap() == std::fs::read(dir.join("b.xlsx")).unwrap()
    );
}

#[test]
fn build_writes_the_pdf_packet_and_one_pdf_per_department() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    samples_copy(dir);
    let out = mokuhyo(dir, &["build", "samples", "-o", "out", "--per-department"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out, dir));
    assert!(
        stdout(&out, dir).contains("部局別の PDF を 6 件書き出しました: out\n"),
        "{}",
        stdout(&out, dir)
    );
    let packet = std::fs::read(dir.join("out/令和8年度_部局経営目標.pdf")).unwrap();
    assert!(packet.starts_with(b"%PDF-"));
    let mut names: Vec<String> = std::fs::read_dir(dir.join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".pdf"))
        .collect();
    names.sort();
    let mut expected: Vec<String> = sample_departments()
        .iter()
        .map(|d| format!("令和8年度_部局経営目標_{d}.pdf"))
        .chain(["令和8年度_部局経営目標.pdf".to_string()])
        .collect();
    expected.sort();
    assert_eq!(names, expected);
    let one = std::fs::read(dir.join("out/令和8年度_部局経営目標_総合政策部.pdf")).unwrap();
    assert!(one.len() < packet.len());
}

#[test]
fn build_with_a_font_that_is_not_there_stops_before_writing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    samples_copy(dir);
    let out = mokuhyo(
        dir,
        &["build", "samples", "-o", "out", "--font", "nai.ttc#1"],
    );
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out, dir).starts_with("mokuhyo: フォント「nai.ttc」を使えません("),
        "{}",
        stderr(&out, dir)
    );
    assert!(!dir.join("out").exists());
}

#[test]
fn build_refuses_a_pdf_name_that_is_an_input() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    samples_copy(dir);
    let config = std::fs::read_to_string(dir.join("mokuhyo.toml")).unwrap();
    let config = config.replace(
        "year = \"令和8年度\"\n",
        "year = \"令和8年度\"\n\n[output]\npdf = \"令和8年度_部局経営目標_建設部.xlsx\"\n",
    );
    std::fs::write(dir.join("mokuhyo.toml"), config).unwrap();
    let out = mokuhyo(dir, &["build", "samples", "-o", "samples"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out, dir).contains("は入力ファイルです"),
        "{}",
        stderr(&out, dir)
    );
}

#[test]
fn a_character_the_pdf_font_lacks_is_a_warning_on_the_file() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let source = std::fs::read_to_string(root().join("samples/source/消防本部.toml")).unwrap();
    let head = source.lines().find(|l| l.starts_with("head = ")).unwrap();
    let source = source.replace(head, "head = \"消防 \u{E000}郎\"");
    std::fs::write(dir.join("fill.toml"), source).unwrap();
    let out = mokuhyo(
        dir,
        &["template", "--fill", "fill.toml", "-o", "in/消防本部.xlsx"],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out, dir));
    let out = mokuhyo(dir, &["build", "in", "-o", "out"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out, dir));
    let text = stdout(&out, dir);
    assert!(
        text.contains(
            "[警告] in/消防本部.xlsx: 部局「消防本部」の「消防 \u{E000}郎」に、PDF のフォントにない文字「\u{E000}」があります。"
        ),
        "{text}"
    );
    assert!(text.contains("警告 1 件"), "{text}");
}

/// Help, usage errors and clap's suggestions, all in Japanese: no English
/// word of clap's reaches the user.
#[test]
fn help_and_usage_errors_are_in_japanese() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    const ENGLISH: &[&str] = &[
        "Usage",
        "Options",
        "Commands",
        "Arguments",
        "error:",
        "tip:",
        "Print",
        "[default",
        "[OPTIONS]",
        "<COMMAND>",
        "<INPUT>",
        "<DIR>",
        "For more information",
        "found",
        "unexpected",
        "required",
        "subcommand",
    ];
    let cases: &[(&[&str], i32, &str)] = &[
        (&[], 0, "アイコンの上にドラッグ＆ドロップしてください"),
        (&["help"], 0, "使い方: mokuhyo <コマンド>"),
        (&["--help"], 0, "コマンド:"),
        (
            &["help", "build"],
            0,
            "使い方: mokuhyo build [オプション] <入力>...",
        ),
        (&["build", "--help"], 0, "-o, --output <フォルダ>"),
        (
            &["chek"],
            2,
            "エラー: 「chek」というコマンドはありません。もしかして check ですか。",
        ),
        (&["help", "chek"], 2, "もしかして check ですか。"),
        (
            &["build", "--out", "x"],
            2,
            "エラー: 「--out」というオプションはありません。もしかして --output ですか。",
        ),
        (
            &["build"],
            2,
            "エラー: <入力>... を指定してください(必須です)。",
        ),
        (
            &["check", "x", "--year"],
            2,
            "エラー: --year <年度> には値を指定してください。",
        ),
        (
            &["template", "--from", "a", "--fill", "b"],
            2,
            "は同時には指定できません。",
        ),
        (
            &["check", "x", "--json", "--json"],
            2,
            "--json は1回だけ指定してください。",
        ),
    ];
    for (args, code, expected) in cases {
        let out = mokuhyo(dir, args);
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(out.status.code(), Some(*code), "{args:?}: {text}");
        assert!(text.contains(expected), "{args:?}:\n{text}");
        for word in ENGLISH {
            assert!(!text.contains(word), "{args:?} shows {word:?}:\n{text}");
        }
    }
}

/// `check --json > result.json` on a full disk (/dev/full): the report
/// that could not be printed is an error, not a success; a pipe closed by
/// its reader (`| head`) is not.
#[cfg(target_os = "linux")]
#[test]
fn a_report_that_cannot_be_printed_is_an_error_and_a_closed_pipe_is_not() {
    use std::process::{Command, Stdio};
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let samples = samples_copy(dir);
    let samples = samples.to_str().unwrap();
    let run = |args: &[&str], stdout: Stdio| {
        let mut child = spawn(
            Command::new(env!("CARGO_BIN_EXE_mokuhyo"))
                .args(args)
                .current_dir(dir)
                .stdout(stdout)
                .stderr(Stdio::piped()),
        );
        drop(child.stdout.take());
        child.wait_with_output().unwrap()
    };
    let full = || {
        Stdio::from(
            std::fs::File::options()
                .write(true)
                .open("/dev/full")
                .unwrap(),
        )
    };
    let said = "mokuhyo: 実行結果を標準出力(> で指定したファイルなど)に書き込めません。ディスクの空きが足りません。空きを作ってから実行し直してください。\n";
    for args in [
        &["check", "--json", samples][..],
        &["check", samples],
        &["status", samples],
        &["build", samples, "-o", "out"],
        &["template", "--department", "総務部", "-o", "blank"],
    ] {
        let out = run(args, full());
        assert_eq!(code(&out), 2, "{args:?}");
        assert_eq!(stderr(&out, dir), said, "{args:?}");
        let out = run(args, Stdio::piped());
        assert!(code(&out) < 2, "{args:?}: {}", stderr(&out, dir));
        assert_eq!(stderr(&out, dir), "", "{args:?}");
    }
    // The build's outputs were written all the same.
    assert_eq!(files_under(&dir.join("out")).len(), 2);
}
