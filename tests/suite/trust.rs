//! What the council and the citizens read is what was typed, of the right
//! year, dated right, and the status the clerk acts on is true: the
//! invented city 見本市's files of `tests/fixtures/trust` (made by its
//! make.sh), run as a clerk would, each scenario of issue 26 on its own.

use std::path::{Path, PathBuf};

use calamine::{Data, Reader, open_workbook_auto};

use crate::common::pdf::{load, squeeze, text};
use crate::common::{code, fixture, mokuhyo, stdout};

/// A folder `in` holding the named fixtures, and the city's configuration
/// beside it.
fn city(dir: &Path, files: &[&str]) -> PathBuf {
    let inputs = dir.join("in");
    std::fs::create_dir_all(&inputs).unwrap();
    for name in files {
        let from = fixture(&format!("trust/{name}.xlsx"));
        std::fs::copy(&from, inputs.join(format!("{name}.xlsx"))).unwrap();
    }
    std::fs::copy(fixture("trust/mokuhyo.toml"), dir.join("mokuhyo.toml")).unwrap();
    inputs
}

/// Every roster department's good file.
const ALL_GOOD: [&str; 7] = [
    "総務部",
    "総合政策部",
    "市民生活部",
    "健康福祉部",
    "産業振興部",
    "都市整備部",
    "教育委員会",
];

fn pdf_text(path: &Path) -> String {
    let pdf = load(&std::fs::read(path).unwrap());
    let pages = pdf.get_pages().len() as u32;
    text(&pdf, 1..=pages)
}

/// Every cell's text of every sheet of a workbook, one per line.
fn workbook_cells(path: &Path) -> String {
    let mut book = open_workbook_auto(path).unwrap();
    let mut out = String::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).unwrap();
        for cell in range.used_cells() {
            if let (_, _, Data::String(s)) = cell {
                out.push_str(s);
                out.push('\n');
            }
        }
    }
    out
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn an_estimate_is_marked_on_its_own_value_in_every_output() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    city(dir, &["総務部"]);
    let out = mokuhyo(dir, &["build", "in", "-o", "out", "--per-department"]);
    assert_eq!(code(&out), 0, "{}", stdout(&out, dir));
    let out = mokuhyo(dir, &["publish", "in", "-o", "web", "--fragments"]);
    assert_eq!(code(&out), 0, "{}", stdout(&out, dir));

    // ① 118件 is an estimate, ② 28.3% is not.
    let right = "(令和7年度実績値:①118件(見込み) ②28.3%)";
    let wrong = "実績値(見込み)";
    for pdf in [
        "out/令和8年度_部局経営目標.pdf",
        "out/令和8年度_部局経営目標_総務部.pdf",
    ] {
        let shown = pdf_text(&dir.join(pdf));
        assert!(shown.contains(&squeeze(right)), "{pdf}: {shown}");
        assert!(!shown.contains(wrong), "{pdf}");
    }
    let cells = workbook_cells(&dir.join("out/令和8年度_部局経営目標_集約.xlsx"));
    assert!(cells.contains(right), "workbook:\n{cells}");
    assert!(!cells.contains(wrong), "workbook");
    let file = mokuhyo::outputs::html::department_file("総務部", &Default::default());
    for page in [format!("web/{file}"), format!("web/fragments/{file}")] {
        // The text, each value with its unit kept on one line by a span.
        let html = read(&dir.join(&page))
            .replace("<span style=\"white-space: nowrap\">", "")
            .replace("</span>", "");
        assert!(html.contains(right), "{page}:\n{html}");
        assert!(!html.contains(wrong), "{page}");
    }
    // The open data: the flag on ①'s row only.
    let csv = read(&dir.join("web/指標一覧.csv"));
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let flag = header
        .iter()
        .position(|h| h.trim_start_matches('\u{feff}') == "前年度実績値見込み")
        .unwrap();
    let flags: Vec<String> = csv
        .lines()
        .skip(1)
        .filter(|l| l.contains("電子申請"))
        .map(|l| l.split(',').nth(flag).unwrap().to_string())
        .collect();
    assert_eq!(flags.len(), 2, "{csv}");
    assert_ne!(flags[0], flags[1], "{csv}");
}

#[test]
fn a_report_carries_the_date_given_or_the_day_it_is_made() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    city(dir, &["総務部"]);
    let cover = |pdf: &str| {
        let pdf = load(&std::fs::read(dir.join(pdf)).unwrap());
        text(&pdf, [1])
    };
    let creation = |pdf: &str| {
        let bytes = std::fs::read(dir.join(pdf)).unwrap();
        let pdf = load(&bytes);
        let info = pdf.trailer.get(b"Info").unwrap().as_reference().unwrap();
        let info = pdf.get_dictionary(info).unwrap();
        String::from_utf8_lossy(info.get(b"CreationDate").unwrap().as_str().unwrap()).into_owned()
    };
    // Today, without a date given.
    let today = chrono::Local::now().date_naive();
    let out = mokuhyo(dir, &["rollup", "in", "-o", "today"]);
    assert!(code(&out) <= 1, "{}", stdout(&out, dir));
    let report = "today/令和8年度_部局経営目標_実績報告.pdf";
    assert!(
        cover(report).contains(&mokuhyo::domain::wareki::format_date(today)),
        "{}",
        cover(report)
    );
    assert!(!cover(report).contains("令和8年4月1日"));
    // The date given, in each spelling a 作成日 may have, gives the same bytes.
    let mut made = Vec::new();
    for (i, date) in ["令和9年5月20日", "R9.5.20", "2027-05-20"]
        .iter()
        .enumerate()
    {
        let folder = format!("given{i}");
        for command in ["build", "rollup", "review"] {
            let out = mokuhyo(dir, &[command, "in", "-o", &folder, "--date", date]);
            assert!(code(&out) <= 1, "{command}: {}", stdout(&out, dir));
        }
        made.push(folder);
    }
    for pdf in [
        "令和8年度_部局経営目標.pdf",
        "令和8年度_部局経営目標_実績報告.pdf",
        "令和8年度_部局経営目標_中間評価.pdf",
    ] {
        let first = format!("{}/{pdf}", made[0]);
        assert!(
            cover(&first).contains("令和9年5月20日"),
            "{pdf}: {}",
            cover(&first)
        );
        assert!(
            creation(&first).starts_with("D:20270520"),
            "{pdf}: {}",
            creation(&first)
        );
        for other in &made[1..] {
            let bytes = |f: &str| std::fs::read(dir.join(f)).unwrap();
            assert!(
                bytes(&first) == bytes(&format!("{other}/{pdf}")),
                "{pdf} in {other}"
            );
        }
    }
    // The configuration's date.
    let config = read(&dir.join("mokuhyo.toml"));
    std::fs::write(
        dir.join("mokuhyo.toml"),
        format!("date = \"令和9年5月21日\"\n{config}"),
    )
    .unwrap();
    let out = mokuhyo(dir, &["rollup", "in", "-o", "configured"]);
    assert!(code(&out) <= 1, "{}", stdout(&out, dir));
    assert!(cover("configured/令和8年度_部局経営目標_実績報告.pdf").contains("令和9年5月21日"));
    // A date that is none is said before any work.
    let out = mokuhyo(dir, &["build", "in", "-o", "bad", "--date", "五月二十日"]);
    assert_eq!(code(&out), 2);
    assert!(
        crate::common::stderr(&out, dir).contains("日付「五月二十日」が読めません。"),
        "{}",
        crate::common::stderr(&out, dir)
    );
    assert!(!dir.join("bad").exists());
}

#[test]
fn a_date_in_the_configuration_that_is_none_names_its_line() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(dir.join("mokuhyo.toml"), "date = \"来月\"\n").unwrap();
    let out = mokuhyo(dir, &["check", "."]);
    assert_eq!(code(&out), 2);
    let said = crate::common::stderr(&out, dir);
    assert!(
        said.contains("1行目")
            && said.contains(
                "日付を \"令和9年5月20日\"、\"R9.5.20\" か \"2027-05-20\" のように書いてください。"
            ),
        "{said}"
    );
    std::fs::write(dir.join("mokuhyo.toml"), "date = 2027-05-20\n").unwrap();
    let out = mokuhyo(dir, &["template", "-o", "t"]);
    assert_eq!(code(&out), 0, "{}", crate::common::stderr(&out, dir));
}

#[test]
fn last_year_s_file_is_refused_when_no_year_is_given() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let mut files = ALL_GOOD.to_vec();
    files.push("総務部_令和7年度");
    city(dir, &files);
    // No configuration and no --year: the year is the one most files carry.
    std::fs::remove_file(dir.join("mokuhyo.toml")).unwrap();
    let out = mokuhyo(dir, &["build", "in", "-o", "out"]);
    assert_eq!(code(&out), 1);
    let said = stdout(&out, dir);
    assert!(
        said.contains("[エラー] in/総務部_令和7年度.xlsx シート「部局経営目標」 セルB3: 年度が「令和7年度」で、ほかの様式(8 件中 7 件)の年度「令和8年度」と異なります。"),
        "{said}"
    );
    let packet = pdf_text(&dir.join("out/令和8年度_部局経営目標.pdf"));
    assert!(!packet.contains("令和7年度部局経営目標"), "{packet}");
    assert!(!packet.contains("令和6年度実績値"), "{packet}");
}

#[test]
fn a_resubmission_that_fixes_the_errors_leaves_one_note() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let mut files = ALL_GOOD.to_vec();
    files.push("健康福祉部_目標空欄");
    city(dir, &files);
    let out = mokuhyo(dir, &["build", "in", "-o", "out"]);
    let said = stdout(&out, dir);
    assert_eq!(code(&out), 0, "{said}");
    assert!(!said.contains("[エラー]"), "{said}");
    assert!(
        said.contains("[お知らせ] in/健康福祉部_目標空欄.xlsx: 部局「健康福祉部」のこのファイル(エラー 1 件)は、後の提出「in/健康福祉部.xlsx」で差し替えられました。"),
        "{said}"
    );
}

#[test]
fn a_misspelled_department_is_its_closest_department_s_to_fix() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    city(dir, &["総務部", "都市整部"]);
    let out = mokuhyo(dir, &["status", "in"]);
    let said = stdout(&out, dir);
    assert!(
        said.contains("都市整備部  要修正  最新の提出「in/都市整部.xlsx」にエラーが 1 件あります"),
        "{said}"
    );
    let out = mokuhyo(dir, &["check", "in", "--feedback", "返信"]);
    assert_eq!(code(&out), 1);
    let letter = read(&dir.join("返信/都市整備部_修正依頼.txt"));
    assert!(
        letter.starts_with("宛先: toshi@example.jp\n\n都市整備部 ご担当者様\n"),
        "{letter}"
    );
    assert!(!dir.join("返信/都市整部_修正依頼.txt").exists());
    // The fixed file came: nothing to ask, the letter is not written again.
    std::fs::copy(
        fixture("trust/都市整備部.xlsx"),
        dir.join("in/都市整備部.xlsx"),
    )
    .unwrap();
    let out = mokuhyo(dir, &["check", "in", "--feedback", "返信"]);
    let said = stdout(&out, dir);
    assert_eq!(code(&out), 0, "{said}");
    assert!(!dir.join("返信/都市整備部_修正依頼.txt").exists(), "{said}");
    assert!(said.contains("差し替えられました"), "{said}");
}

#[test]
fn a_blank_target_is_an_error_and_a_dash_is_not() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    city(dir, &["総務部", "健康福祉部_目標空欄"]);
    let out = mokuhyo(dir, &["check", "in"]);
    let said = stdout(&out, dir);
    assert_eq!(code(&out), 1, "{said}");
    assert!(
        said.contains("[エラー] in/健康福祉部_目標空欄.xlsx シート「部局経営目標」 セルI23: 指標「実施回数」の目標値が空欄です。"),
        "{said}"
    );
    // 総務部's 相談件数 has 「-」: accepted, and shown as typed.
    assert!(!said.contains("in/総務部.xlsx"), "{said}");
    let out = mokuhyo(dir, &["build", "in", "-o", "out"]);
    assert_eq!(code(&out), 1);
    let packet = pdf_text(&dir.join("out/令和8年度_部局経営目標.pdf"));
    assert!(packet.contains("指標:相談件数目標値:-"), "{packet}");
    assert!(!packet.contains("健康福祉部"), "{packet}");
}

#[test]
fn a_plain_project_number_is_set_apart_from_its_name() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    city(dir, &["総務部"]);
    let out = mokuhyo(dir, &["build", "in", "-o", "out"]);
    assert_eq!(code(&out), 0, "{}", stdout(&out, dir));
    let pdf = load(&std::fs::read(dir.join("out/令和8年度_部局経営目標.pdf")).unwrap());
    let pages = pdf.get_pages().len() as u32;
    let spaced = pdf.extract_text(&(1..=pages).collect::<Vec<_>>()).unwrap();
    assert!(spaced.contains("1 移住相談窓口の運営"), "{spaced}");
    // The city's own form stays: 1-① and ● run into the title.
    assert!(spaced.contains("1-①電子申請推進事業"), "{spaced}");
    let cells = workbook_cells(&dir.join("out/令和8年度_部局経営目標_集約.xlsx"));
    assert!(cells.contains("1 移住相談窓口の運営"), "{cells}");
}

#[test]
fn next_year_s_messages_say_what_was_typed() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    city(dir, &["総務部"]);
    let out = mokuhyo(dir, &["template", "--from", "in", "-o", "next"]);
    let said = stdout(&out, dir);
    assert_eq!(code(&out), 0, "{said}");
    assert!(
        said.contains("令和9年度の様式を書き出しました(前年度実績値を記入済み): next/"),
        "{said}"
    );
    assert!(
        said.contains(
            "実績値のない指標(空欄か「-」) 6 件は、前年度実績値を「-」(実績なし)にしました。"
        ),
        "{said}"
    );
}

#[test]
fn a_folder_that_does_not_exist_is_no_file_checked() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    city(dir, &["総務部"]);
    let out = mokuhyo(dir, &["check", "in", "ないフォルダ"]);
    let said = stdout(&out, dir);
    assert!(
        said.contains("1 ファイルを点検しました: 受付 1、不受理 0"),
        "{said}"
    );
}
