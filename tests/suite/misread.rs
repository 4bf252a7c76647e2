//! Nothing lost, nothing misread: what a new user met with real files. The
//! files real programs write are fixtures made by
//! tests/fixtures/misread/make_fixtures.py (openpyxl, LibreOffice); the
//! clerks' mistakes are made here, in temporary folders.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::common::*;
use calamine::{Data, Reader, open_workbook_auto};
use chrono::NaiveDate;
use mokuhyo::domain::finding::Severity;
use mokuhyo::domain::form::{Col, Field};

fn out(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn err(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The indicator named `name` in a document: (project, indicator) indices.
fn find(doc: &mokuhyo::domain::model::Document, name: &str) -> (usize, usize) {
    doc.projects
        .iter()
        .enumerate()
        .find_map(|(p, project)| {
            let i = project.indicators.iter().position(|i| i.name == name)?;
            Some((p, i))
        })
        .unwrap_or_else(|| panic!("no indicator {name}"))
}

/// Every file of a folder (recursively) with its bytes.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir(dir)
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p.strip_prefix(dir).unwrap().to_path_buf(), bytes)
        })
        .collect()
}

fn walkdir(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walkdir(&path));
        } else {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// A folder with the six start-of-year samples in 提出/ and the roster.
fn office() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("提出")).unwrap();
    for entry in std::fs::read_dir(root().join("samples/start")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(
            &path,
            tmp.path().join("提出").join(path.file_name().unwrap()),
        )
        .unwrap();
    }
    std::fs::copy(
        root().join("samples/mokuhyo.toml"),
        tmp.path().join("mokuhyo.toml"),
    )
    .unwrap();
    tmp
}

// ---- 1. The 1904 date system ---------------------------------------------

#[test]
fn dates_are_read_in_the_workbooks_own_date_system() {
    for file in ["date1904.xlsx", "date1904.xls"] {
        let read = read(&fixture(&format!("misread/{file}")));
        assert!(read.is_accepted(), "{file}:\n{}", listing(&read.findings));
        let doc = read.document.unwrap();
        assert_eq!(
            doc.created,
            NaiveDate::from_ymd_opt(2026, 4, 1),
            "{file}: 作成日 typed 2026-04-01 (read 2022-03-31 when the 1904 system was ignored)"
        );
        let (p, i) = find(&doc, "市内成婚数");
        assert_eq!(
            doc.projects[p].indicators[i].actual_as_of,
            NaiveDate::from_ymd_opt(2027, 3, 31),
            "{file}: 実績時点 of 市内成婚数"
        );
    }
}

// ---- 2. Formulas without a saved result, cached errors -------------------

#[test]
fn a_formula_without_its_result_is_named_on_its_cell() {
    let read = read(&fixture("misread/uncomputed.xlsx"));
    assert!(!read.is_accepted());
    let source = read.source.as_ref().unwrap();
    let doc = read.document.as_ref().unwrap();
    let (p, i) = find(doc, "市内成婚数");
    let target = source.indicator_cell(p, i, Col::Target);
    assert_finding(
        &read,
        Severity::Error,
        target.as_deref(),
        "目標値のセルの数式「=100+15」は、計算結果がファイルに保存されていません。Excel か LibreOffice で開いて保存し直すか、数式ではなく値を入力してください。",
    );
    assert_finding(
        &read,
        Severity::Error,
        source.field(Field::Head).as_deref(),
        "部局長名のセルの数式「=\"木村 \"&\"辰生\"」は、計算結果がファイルに保存されていません。Excel か LibreOffice で開いて保存し直すか、数式ではなく値を入力してください。",
    );
    assert_eq!(read.findings.len(), 2, "{}", listing(&read.findings));
}

#[test]
fn a_cached_error_is_an_error_on_its_cell_in_every_field() {
    let read = read(&fixture("misread/cached_errors.xlsx"));
    assert!(!read.is_accepted());
    let source = read.source.as_ref().unwrap();
    let doc = read.document.as_ref().unwrap();
    assert_finding(
        &read,
        Severity::Error,
        source.field(Field::Head).as_deref(),
        "部局長名のセルがエラー値「#DIV/0!」です。数式を見直すか、値を直接入力してください。",
    );
    assert_eq!(doc.head, "", "an error value is not a name");
    // 移住者数 is the second indicator of the first project; its name cell
    // now holds an error.
    let name = source.indicator_cell(0, 1, Col::IndicatorName);
    let target = source.indicator_cell(0, 1, Col::Target);
    assert_finding(
        &read,
        Severity::Error,
        name.as_deref(),
        "指標名のセルがエラー値「#VALUE!」です。数式を見直すか、値を直接入力してください。",
    );
    assert_finding(
        &read,
        Severity::Error,
        target.as_deref(),
        "目標値のセルがエラー値「#N/A」です。数式を見直すか、値を直接入力してください。",
    );
    assert_eq!(
        read.findings.len(),
        3,
        "nothing more about those cells:\n{}",
        listing(&read.findings)
    );
}

// ---- 3. Values as typed --------------------------------------------------

#[test]
fn every_value_appears_as_written_and_computed_numbers_are_rounded() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let output = mokuhyo(
        dir,
        &[
            "build",
            root().join("samples/year-end").to_str().unwrap(),
            "--config",
            root().join("samples/mokuhyo.toml").to_str().unwrap(),
            "-o",
            "out",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", out(&output));
    let packet = std::fs::read(dir.join("out/令和8年度_部局経営目標.pdf")).unwrap();
    let pdf = crate::common::pdf::load(&packet);
    let text = crate::common::pdf::text(&pdf, 1..=pdf.get_pages().len() as u32);
    assert!(
        text.contains("目標値:450万件"),
        "typed and published 450万件"
    );
    assert!(!text.contains("450.0万件"), "an actual of 412.5 has no say");
    assert!(text.contains("目標値:①10.0億円"), "typed 10.0億円");

    let mut book = open_workbook_auto(dir.join("out/令和8年度_部局経営目標_集約.xlsx")).unwrap();
    let sheet = book.worksheet_range("指標一覧").unwrap();
    let header = header_row(&sheet);
    let col = |h: &str| header.iter().position(|x| x == h).unwrap();
    let row = sheet
        .rows()
        .find(|r| r[col("指標名")] == "まにこいん決済額(累計)")
        .unwrap();
    assert_eq!(row[col("目標値")], Data::Float(10.0));
    assert_eq!(
        row[col("増減(目標−前年度)")],
        Data::Float(2.6),
        "10.0 − 7.4 rounded as a number, not 2.5999999999999996"
    );
    assert_eq!(row[col("増減率")], Data::Float(0.351), "35.1%");
    let access = sheet
        .rows()
        .find(|r| r[col("指標名")] == "アクセス件数")
        .unwrap();
    assert_eq!(access[col("目標値")], Data::Float(450.0));
}

#[test]
fn xls_and_ods_numbers_keep_the_format_they_were_shown_in() {
    for file in ["shown.xls", "shown.ods"] {
        let read = read(&fixture(&format!("misread/{file}")));
        assert!(read.is_accepted(), "{file}:\n{}", listing(&read.findings));
        assert_clean(&read);
        let doc = read.document.unwrap();
        let indicator = |name: &str| {
            let (p, i) = find(&doc, name);
            doc.projects[p].indicators[i].clone()
        };
        let progress = indicator("作業進捗率");
        assert_eq!(
            progress.display(progress.target.as_ref()),
            "50%",
            "{file}: typed 50% in a General cell"
        );
        let talks = indicator("市長と話そう!開催数");
        assert_eq!(talks.display(talks.target.as_ref()), "12.50回", "{file}");
    }
}

// ---- 4. An invalid choice is not defaulted -------------------------------

#[test]
fn an_invalid_direction_is_shown_as_nothing_not_as_a_default() {
    let doc = source("総合政策部");
    let cell = source_map(&doc)
        .indicator_cell(0, 0, Col::Direction)
        .unwrap();
    let (r, c) = position(&cell);
    let read = edited(&doc, |s| {
        s.write_string(r, c, "増やす").unwrap();
    });
    assert_finding(
        &read,
        Severity::Error,
        Some(&cell),
        "方向「増やす」は選べる値ではありません。「増加」「減少」「維持」のいずれかを選んでください。",
    );
    let json = serde_json::to_value(read.document.as_ref().unwrap()).unwrap();
    let indicator = &json["project"][0]["indicator"][0];
    assert_eq!(indicator["name"], "市内成婚数");
    assert!(
        indicator.get("direction").is_none(),
        "not a direction the department chose: {indicator}"
    );
    // A blank one is blank too, and graded as 増加.
    let blank = &read.document.as_ref().unwrap().projects[0].indicators[1];
    assert_eq!(blank.direction, None);
    assert_eq!(
        blank.graded_direction(),
        mokuhyo::domain::model::Direction::Increase
    );
}

// ---- 5–7. What gets into the packet --------------------------------------

#[test]
fn a_name_not_on_the_roster_stays_out_of_every_output() {
    let tmp = office();
    let dir = tmp.path();
    let mut section = source("総合政策部");
    section.department = "総合政策課".to_string();
    let bytes = mokuhyo::outputs::xlsx::template::to_bytes(&section, &Default::default()).unwrap();
    std::fs::write(dir.join("提出/総合政策課.xlsx"), bytes).unwrap();
    let output = mokuhyo(dir, &["build", "提出", "-o", "out"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        out(&output).contains(&native("[エラー] 提出/総合政策課.xlsx シート「部局経営目標」 セルB4: 部局名「総合政策課」は名簿(設定ファイルの department)にありません。「総合政策部」の誤りではありませんか。")),
        "{}",
        out(&output)
    );
    let packet = std::fs::read(dir.join("out/令和8年度_部局経営目標.pdf")).unwrap();
    let text = crate::common::pdf::text(&crate::common::pdf::load(&packet), 1..=3);
    assert!(!text.contains("総合政策課"), "not a department of its own");
}

#[test]
fn a_template_sent_back_blank_is_not_a_submission() {
    let tmp = office();
    let dir = tmp.path();
    // Handed out by mokuhyo and sent back as it was: skipped, 未提出.
    let output = mokuhyo(dir, &["template", "--department", "総務部", "-o", "提出"]);
    assert_eq!(output.status.code(), Some(0), "{}", out(&output));
    // Typed into a copy of someone else's blank template: an error, 要修正.
    let mut blank = source("総合政策部");
    blank.department = "生活環境部".to_string();
    blank.themes.clear();
    blank.projects.clear();
    let bytes = mokuhyo::outputs::xlsx::template::to_bytes(&blank, &Default::default()).unwrap();
    std::fs::write(dir.join("提出/生活環境部.xlsx"), bytes).unwrap();
    let output = mokuhyo(dir, &["status", "提出"]);
    let shown = out(&output);
    let line = |department: &str| {
        shown
            .lines()
            .find(|l| l.starts_with(&format!("{department} ")))
            .unwrap_or_else(|| panic!("no line for {department}:\n{shown}"))
            .split_whitespace()
            .nth(1)
            .unwrap()
            .to_string()
    };
    assert_eq!(line("総務部"), "未提出", "{shown}");
    assert_eq!(line("生活環境部"), "要修正", "{shown}");
    let output = mokuhyo(dir, &["build", "提出", "-o", "out"]);
    let shown = out(&output);
    assert!(
        shown.contains(&native("[お知らせ] 提出/令和8年度_部局経営目標_総務部.xlsx: mokuhyo が書き出した様式(記入されていません)のため、提出として読み込みませんでした。")),
        "{shown}"
    );
    assert!(
        shown.contains(&native("[エラー] 提出/生活環境部.xlsx シート「部局経営目標」: 部局の方向性(テーマ)も重点事業も入力されていません。")),
        "{shown}"
    );
}

#[test]
fn templates_handed_out_are_recognised_after_libreoffice_saved_them() {
    for ext in ["xlsx", "xls", "ods"] {
        let read = read(&fixture(&format!("misread/handed_out_unchanged.{ext}")));
        assert!(read.is_skipped(), "{ext}:\n{}", listing(&read.findings));
        assert_finding(
            &read,
            Severity::Note,
            None,
            "mokuhyo が書き出した様式(記入されていません)のため、提出として読み込みませんでした。",
        );
    }
    let filled = read(&fixture("misread/handed_out_filled.xlsx"));
    assert!(filled.is_accepted(), "{}", listing(&filled.findings));
    assert_eq!(filled.document.unwrap().themes[0].title, "行財政改革の推進");
}

#[test]
fn a_department_listed_twice_is_a_configuration_error() {
    let tmp = office();
    let dir = tmp.path();
    let mut config = std::fs::read_to_string(dir.join("mokuhyo.toml")).unwrap();
    config.push_str("\n[[department]]\nname = \"総務部\"\n");
    std::fs::write(dir.join("mokuhyo.toml"), &config).unwrap();
    let first = config
        .lines()
        .position(|l| l == "name = \"総務部\"")
        .unwrap()
        + 1;
    let last = config.lines().count();
    let output = mokuhyo(dir, &["check", "提出"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        err(&output).contains(&format!(
            "名簿([[department]])に「総務部」が2か所あります({first}行目と{last}行目)。"
        )),
        "{}",
        err(&output)
    );
}

// ---- 8–9. Nothing lost ---------------------------------------------------

#[test]
fn a_run_that_accepts_nothing_keeps_the_last_good_outputs() {
    let tmp = office();
    let dir = tmp.path();
    let output = mokuhyo(dir, &["build", "提出", "-o", "集約"]);
    assert_eq!(output.status.code(), Some(0), "{}", out(&output));
    let good = files(&dir.join("集約"));
    assert_eq!(good.len(), 2);
    // A typo.
    let output = mokuhyo(dir, &["build", "提出2", "-o", "集約"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        out(&output),
        "[エラー] 提出2: 指定されたファイルまたはフォルダが見つかりません。名前と場所を確かめてください。\n0 ファイルを点検しました: 受付 0、不受理 0(エラー 1 件、警告 0 件)\n受け付けた様式が1件もないため、何も書き出していません(出力先に前回の出力があれば、そのまま残っています)。\n"
    );
    assert_eq!(files(&dir.join("集約")), good);
    // An empty folder, and a rollup of it.
    std::fs::create_dir(dir.join("空")).unwrap();
    for command in ["build", "rollup"] {
        let output = mokuhyo(dir, &[command, "空", "-o", "集約"]);
        assert_eq!(output.status.code(), Some(1), "{command}");
        assert!(out(&output).ends_with(
            "何も書き出していません(出力先に前回の出力があれば、そのまま残っています)。\n"
        ));
        assert_eq!(files(&dir.join("集約")), good, "{command}");
    }
}

#[test]
fn the_tools_own_outputs_are_not_submissions() {
    let tmp = office();
    let dir = tmp.path();
    for run in 0..2 {
        let output = mokuhyo(dir, &["build", "提出", "-o", "提出"]);
        assert_eq!(
            output.status.code(),
            Some(0),
            "run {run}: {}{}",
            out(&output),
            err(&output)
        );
    }
    let output = mokuhyo(dir, &["check", "提出"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(
        out(&output).starts_with(&native("[お知らせ] 提出/令和8年度_部局経営目標_集約.xlsx: mokuhyo が書き出した集約ブックのため、提出として読み込みませんでした。\n")),
        "{}",
        out(&output)
    );
    let output = mokuhyo(dir, &["check", "提出/令和8年度_部局経営目標.pdf"]);
    assert_eq!(output.status.code(), Some(0));

    // A department with an error; its correction file written into the
    // input folder is not its latest submission.
    let mut broken = source("健康福祉部");
    broken.head = String::new();
    let p = broken
        .projects
        .iter()
        .position(|p| !p.indicators.is_empty())
        .unwrap();
    let cell = source_map(&broken)
        .indicator_cell(p, 0, Col::Target)
        .unwrap();
    let (r, c) = position(&cell);
    let mut workbook =
        mokuhyo::outputs::xlsx::template::workbook(&broken, &Default::default()).unwrap();
    workbook
        .worksheet_from_name(mokuhyo::domain::form::SHEET)
        .unwrap()
        .write_string(r, c, "約40")
        .unwrap();
    std::fs::write(
        dir.join("提出/令和8年度_部局経営目標_健康福祉部.xlsx"),
        workbook.save_to_buffer().unwrap(),
    )
    .unwrap();
    let output = mokuhyo(dir, &["check", "提出", "--feedback", "提出/修正依頼"]);
    assert!(
        out(&output).ends_with(&native("修正依頼を 1 件書き出しました: 提出/修正依頼\n")),
        "{}",
        out(&output)
    );
    let output = mokuhyo(dir, &["status", "提出"]);
    let shown = out(&output);
    let line = shown
        .lines()
        .find(|l| l.starts_with("健康福祉部 "))
        .unwrap_or_else(|| panic!("{shown}"));
    assert!(
        line.ends_with(&native("要修正  最新の提出「提出/令和8年度_部局経営目標_健康福祉部.xlsx」にエラーが 1 件あります")),
        "{shown}"
    );
    assert!(!shown.contains("修正依頼.xlsx"), "{shown}");
}

/// The tool's own workbooks of 22 departments (the consolidated workbook's
/// cells use its strings 6,887 times, the year-end workbook's 2,786 times)
/// are skipped like those of six, and so they are past `[limits]` they
/// alone exceed (here 40 parts in a zip: each department's file has 16).
#[test]
fn the_tools_own_workbooks_are_known_whatever_the_number_of_departments() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let names: Vec<String> = (1..=22).map(|i| format!("第{i}部")).collect();
    let roster: String = names
        .iter()
        .map(|n| format!("[[department]]\nname = \"{n}\"\n"))
        .collect();
    std::fs::create_dir(dir.join("提出")).unwrap();
    for (limits, outputs) in [("", "提出"), ("[limits]\nmax_zip_entries = 40\n", "提出2")] {
        let config = format!("municipality = \"真庭市\"\nyear = \"令和8年度\"\n{limits}{roster}");
        std::fs::write(dir.join("mokuhyo.toml"), config).unwrap();
        for name in &names {
            let mut doc = source("建設部");
            doc.department = name.clone();
            let bytes = mokuhyo::outputs::xlsx::template::to_bytes(&doc, &Default::default());
            std::fs::write(dir.join(format!("提出/{name}.xlsx")), bytes.unwrap()).unwrap();
        }
        let folder = format!("提出/{outputs}");
        for command in ["build", "rollup"] {
            let output = mokuhyo(dir, &[command, "提出", "-o", &folder]);
            assert!(
                matches!(output.status.code(), Some(0 | 1)),
                "{command}: {}{}",
                out(&output),
                err(&output)
            );
        }
        let output = mokuhyo(dir, &["check", "提出", "--quiet"]);
        assert_eq!(output.status.code(), Some(0), "{limits}: {}", out(&output));
        let output = mokuhyo(dir, &["check", "提出"]);
        let shown = out(&output);
        for (file, what) in [
            ("令和8年度_部局経営目標_集約.xlsx", "集約ブック"),
            ("令和8年度_部局経営目標_実績集計.xlsx", "実績集計ブック"),
        ] {
            let note = native(&format!(
                "[お知らせ] {folder}/{file}: mokuhyo が書き出した{what}のため、提出として読み込みませんでした。\n"
            ));
            assert!(shown.contains(&note), "{limits}: {note}\n{shown}");
        }
        assert!(
            shown.ends_with("受付 22、不受理 0(エラー 0 件、警告 0 件)\n"),
            "{limits}: {shown}"
        );
    }
}

// ---- 10. Feedback never changes what was typed ---------------------------

#[test]
fn a_blank_cell_stays_blank_in_the_correction_file() {
    let tmp = office();
    let dir = tmp.path();
    let mut doc = source("総合政策部");
    doc.department = "総務部".to_string();
    doc.head = "総務 太郎".to_string();
    let cell = source_map(&doc)
        .indicator_cell(0, 1, Col::Previous)
        .unwrap();
    let (r, c) = position(&cell);
    let mut workbook =
        mokuhyo::outputs::xlsx::template::workbook(&doc, &Default::default()).unwrap();
    workbook
        .worksheet_from_name(mokuhyo::domain::form::SHEET)
        .unwrap()
        .write_blank(r, c, &rust_xlsxwriter::Format::new())
        .unwrap();
    std::fs::write(
        dir.join("提出/総務部.xlsx"),
        workbook.save_to_buffer().unwrap(),
    )
    .unwrap();
    let output = mokuhyo(dir, &["check", "提出/総務部.xlsx", "--feedback", "返信"]);
    assert!(
        out(&output).contains(&format!(
            "セル{cell}: 指標「移住者数」の前年度実績値が空欄です。"
        )),
        "{}",
        out(&output)
    );
    let path = dir.join("返信/総務部_修正依頼.xlsx");
    let mut book = open_workbook_auto(&path).unwrap();
    let sheet = book.worksheet_range(mokuhyo::domain::form::SHEET).unwrap();
    let rebuilt = read(&path).source.unwrap();
    let (r, c) = position(&rebuilt.indicator_cell(0, 1, Col::Previous).unwrap());
    assert!(
        matches!(sheet.get_value((r, c as u32)), None | Some(Data::Empty)),
        "blank stays blank: {:?}",
        sheet.get_value((r, c as u32))
    );
    let (r, c) = position(&rebuilt.indicator_cell(0, 0, Col::Previous).unwrap());
    assert_eq!(sheet.get_value((r, c as u32)), Some(&Data::Float(121.0)));
}
