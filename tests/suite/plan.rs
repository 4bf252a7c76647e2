//! The plan behind the goals (template version 2): SDGs, 施策, budgets,
//! baselines, long-term targets and the 中間評価, read and written back;
//! version 1 files read to the same data as before; every new message at
//! its cell.

use crate::common::*;
use mokuhyo::check::{Expectations, check};
use mokuhyo::config::Config;
use mokuhyo::domain::finding::{Problem, Severity};
use mokuhyo::domain::form::Col;
use mokuhyo::domain::model::{Document, MidYear};
use mokuhyo::domain::plan::{IndicatorKind, Progress};
use mokuhyo::domain::quantity::Quantity;

fn s(text: &str) -> String {
    text.to_string()
}

/// 総合政策部 with every version 2 field filled (invented values).
fn with_links() -> Document {
    let mut doc = source("総合政策部");
    doc.projects.truncate(3);
    doc.themes[0].sdgs = vec![11, 17];
    doc.themes[0].plan = vec![s("1-1"), s("2-3")];
    let project = &mut doc.projects[0];
    project.sdgs = vec![5, 11];
    project.plan = vec![s("1-1")];
    project.budget = Some(Quantity::new(12_345.0, 0));
    project.mid_year = MidYear {
        progress: Some(Progress::Behind),
        results: s("成婚数は前年並み。"),
        issues: s("出会いの場の参加者が少ない。"),
        next_steps: s("下半期に交流会を2回開催する。"),
    };
    let indicator = &mut project.indicators[0];
    indicator.kind = Some(IndicatorKind::Outcome);
    indicator.baseline = Some(Quantity::new(98.0, 0));
    indicator.baseline_as_of = s("令和6年度");
    indicator.long_term = Some(Quantity::new(130.0, 0));
    indicator.long_term_year = s("令和12年度");
    indicator.basis = s("第3期総合戦略(基本目標1)。結婚の希望をかなえる成果として選んだ。");
    doc.projects[1].indicators[0].kind = Some(IndicatorKind::Activity);
    doc
}

#[test]
fn version_2_fields_are_written_and_read_back_as_they_were() {
    let doc = with_links();
    for fullwidth in [false, true] {
        let read = round_trip(&doc, fullwidth);
        assert_eq!(
            read.document.as_deref(),
            Some(&doc),
            "fullwidth {fullwidth}"
        );
        assert!(!read.has_errors(), "{:#?}", read.findings);
    }
}

#[test]
fn version_1_files_read_to_the_same_data_as_before() {
    for name in ["総合政策部", "健康福祉部", "建設部_年度末"] {
        let file = fixture(&format!("v1/{name}.xlsx"));
        let read = read(&file);
        let before = mokuhyo::cli::load_document(&fixture(&format!("v1/{name}.toml"))).unwrap();
        assert_eq!(read.document.as_deref(), Some(&before), "{name}");
        assert!(!read.has_errors(), "{name}: {:#?}", read.findings);
    }
}

#[test]
fn next_years_template_of_a_version_1_file_is_version_2_and_carries_the_links() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::copy(fixture("v1/建設部_年度末.xlsx"), dir.join("建設部.xlsx")).unwrap();
    let out = mokuhyo(
        dir,
        &[
            "template",
            "--from",
            "建設部.xlsx",
            "--year",
            "令和9年度",
            "-o",
            "next",
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out, dir));
    let written: Vec<_> = std::fs::read_dir(dir.join("next"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(written.len(), 1, "{written:?}");
    use calamine::Reader;
    let mut book = calamine::open_workbook_auto(&written[0]).unwrap();
    let range = book.worksheet_range("部局経営目標").unwrap();
    assert!(
        range.used_cells().any(|(_, _, d)| *d == "mokuhyo-2"),
        "the version cell"
    );
    let next = read(&written[0]).document.unwrap();
    assert_eq!(next.year.label(), "令和9年度");

    // A version 2 file's links are carried to next year; its budget and
    // 中間評価 are not.
    let doc = with_links();
    let next = mokuhyo::year_end::next_year::next_year(&doc, doc.year.next(), false);
    assert_eq!(next.themes[0].sdgs, vec![11, 17]);
    assert_eq!(next.projects[0].plan, vec![s("1-1")]);
    assert_eq!(next.projects[0].budget, None);
    assert!(next.projects[0].mid_year.is_empty());
    let indicator = &next.projects[0].indicators[0];
    assert_eq!(indicator.baseline, Some(Quantity::new(98.0, 0)));
    assert_eq!(indicator.long_term_year, "令和12年度");
    assert_eq!(indicator.kind, Some(IndicatorKind::Outcome));
}

/// The cell of a project's column in the template of `doc`.
fn project_at(doc: &Document, project: usize, col: Col) -> (String, (u32, u16)) {
    let cell = source_map(doc).project_cell(project, col).unwrap();
    let pos = position(&cell);
    (cell, pos)
}

#[test]
fn sdgs_that_are_not_goals_are_an_error_at_the_cell() {
    let doc = with_links();
    let (cell, (r, c)) = project_at(&doc, 0, Col::Sdgs);
    let read = edited(&doc, |s| {
        s.write_string(r, c, "11、18").unwrap();
    });
    assert_finding(
        &read,
        Severity::Error,
        Some(&cell),
        "SDGs「11、18」のうち「18」は SDGs の目標ではありません。目標の番号(1〜17)を「、」で区切って入力してください(例: 11、17)。",
    );
    // As the city's pages write them, and as numbers: read.
    let read = edited(&doc, |s| {
        s.write_string(r, c, "【No.17:パートナーシップで目標を達成しよう】")
            .unwrap();
    });
    assert_eq!(read.document.unwrap().projects[0].sdgs, vec![17]);
    let read = edited(&doc, |s| {
        s.write_number(r, c, 3.0).unwrap();
    });
    assert_eq!(read.document.unwrap().projects[0].sdgs, vec![3]);
}

#[test]
fn progress_and_kind_that_are_not_choices_are_errors_at_the_cell() {
    let doc = with_links();
    let (cell, (r, c)) = project_at(&doc, 0, Col::Progress);
    let read = edited(&doc, |s| {
        s.write_string(r, c, "順調").unwrap();
    });
    assert_finding(
        &read,
        Severity::Error,
        Some(&cell),
        "進捗「順調」は選べる値ではありません。「◎予定以上」「○予定通り」「△やや遅れ」「×大幅な遅れ」のいずれかを選んでください。",
    );
    let read = edited(&doc, |s| {
        s.write_string(r, c, "〇").unwrap();
    });
    assert_eq!(
        read.document.unwrap().projects[0].mid_year.progress,
        Some(Progress::OnTrack)
    );
    let cell = source_map(&doc)
        .indicator_cell(0, 0, Col::IndicatorKind)
        .unwrap();
    let (r, c) = position(&cell);
    let read = edited(&doc, |s| {
        s.write_string(r, c, "参考").unwrap();
    });
    assert_finding(
        &read,
        Severity::Error,
        Some(&cell),
        "指標の種類「参考」は選べる値ではありません。「成果」「活動」のいずれかを選んでください。",
    );
}

#[test]
fn a_budget_in_another_unit_is_converted_or_refused() {
    let doc = with_links();
    let (cell, (r, c)) = project_at(&doc, 0, Col::Budget);
    let read = edited(&doc, |s| {
        s.write_string(r, c, "1,500万円").unwrap();
    });
    assert_eq!(
        read.document.unwrap().projects[0].budget,
        Some(Quantity::new(15_000.0, 0))
    );
    let read = edited(&doc, |s| {
        s.write_string(r, c, "３，０００千円").unwrap();
    });
    assert_eq!(
        read.document.unwrap().projects[0].budget,
        Some(Quantity::new(3_000.0, 0))
    );
    let read = edited(&doc, |s| {
        s.write_string(r, c, "30人").unwrap();
    });
    assert_finding(
        &read,
        Severity::Error,
        Some(&cell),
        "予算額「30人」は金額として読めません。千円単位の数値だけを入力してください(例: 12,345)。",
    );
}

#[test]
fn a_plan_not_on_the_offices_list_is_a_warning_when_there_is_a_list() {
    let doc = with_links();
    let config = Config::parse(
        "[[plan]]\ncode = \"1-1\"\nname = \"結婚・出産・子育ての希望をかなえる\"\n[[plan]]\ncode = \"2-1\"\nname = \"移住・定住の促進\"\n",
    )
    .unwrap();
    let expect = Expectations {
        plans: Some(&config.plans),
        ..Expectations::default()
    };
    let mut read = round_trip(&doc, false);
    check(&mut read, &expect);
    let cell = read.source.as_ref().unwrap().theme_cell(0, Col::ThemePlan);
    assert_finding(
        &read,
        Severity::Warning,
        cell.as_deref(),
        "施策「2-3」は mokuhyo.toml の施策一覧([[plan]])にありません。施策の番号か名称を一覧のとおりに入力してください(一覧の例: 「1-1」「2-1」)。",
    );
    let warnings = |read: &mokuhyo::read::Submission| {
        read.findings
            .iter()
            .filter(|f| matches!(f.problem, Problem::UnknownPlan { .. }))
            .count()
    };
    assert_eq!(warnings(&read), 1, "1-1 is on the list");
    // Without a list, any text is taken.
    let mut read = round_trip(&doc, false);
    check(&mut read, &Expectations::default());
    assert_eq!(warnings(&read), 0);
}

#[test]
fn the_offices_list_of_plans_is_checked_when_read() {
    let twice =
        "[[plan]]\ncode = \"1-1\"\nname = \"a\"\n[[plan]]\ncode = \"１-１\"\nname = \"b\"\n";
    assert_eq!(
        Config::parse(twice).unwrap_err(),
        "施策一覧([[plan]])に番号「１-１」が2か所あります。番号は1つの施策に1つにしてください。"
    );
    let nameless = "[[plan]]\ncode = \"1-1\"\nname = \"\"\n";
    assert_eq!(
        Config::parse(nameless).unwrap_err(),
        "施策一覧([[plan]])の 1 番目に code か name がありません。code = \"1-1\" と name = \"施策の名称\" を書いてください。"
    );
}

#[test]
fn the_rollup_gives_progress_from_the_baseline_toward_the_long_term_target() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let inputs = root().join("samples/year-end");
    let out = mokuhyo(
        dir,
        &["rollup", inputs.to_str().unwrap(), "-o", "r", "--json"],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out, dir));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut found = Vec::new();
    for department in json["rollup"]["departments"].as_array().unwrap() {
        for row in department["rows"].as_array().unwrap() {
            if let Some(p) = row["long_term_progress"].as_f64() {
                found.push((row["name"].as_str().unwrap().to_string(), p));
            }
        }
    }
    // (実績 − 基準値) ÷ (長期目標値 − 基準値): 水道有収率 (84.2 − 82.4) ÷
    // (88.0 − 82.4); 人身交通事故件数, a decrease, (52 − 61) ÷ (40 − 61).
    let expected = [
        ("修繕完了橋梁数(累計)", 25.0),
        ("水道有収率", 32.1),
        ("人身交通事故件数", 42.9),
        ("観光入込客数", 70.5),
        ("観光消費額", 48.8),
        ("新規就農者数", 0.0),
    ];
    let expected: Vec<(String, f64)> = expected.iter().map(|(n, p)| (s(n), *p)).collect();
    assert_eq!(found, expected);
    // The report says it in 備考, beside the 達成率.
    let pdf = std::fs::read(dir.join("r/令和8年度_部局経営目標_実績報告.pdf")).unwrap();
    let pdf = crate::common::pdf::load(&pdf);
    let text = crate::common::pdf::text(&pdf, 1..=pdf.get_pages().len() as u32);
    let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(
        text.contains("長期目標への進捗32.1%(基準値82.4%(令和5年度)→長期目標値88.0%(令和12年度))"),
        "{text}"
    );
}

#[test]
fn the_diff_carries_the_long_term_target() {
    use mokuhyo::outputs::present::change::Shown;
    use mokuhyo::year_end::diff::{Change, Trend, compare};
    let last = with_links();
    let mut this = mokuhyo::year_end::next_year::next_year(&last, last.year.next(), false);
    this.projects[0].indicators[0].long_term = Some(Quantity::new(140.0, 0));
    let roster = mokuhyo::domain::roster::Roster::default();
    let c = compare(&[&last], &[&this], &roster, (last.year, this.year));
    let change = &c.departments[0].changes[0];
    let Change::Kept {
        last_long_term,
        versus_long_term,
        ..
    } = change
    else {
        panic!("{change:?}")
    };
    assert_eq!(*last_long_term, Some(Quantity::new(130.0, 0)));
    assert_eq!(*versus_long_term, Some(Trend::Up));
    let line = Shown::of(change).line();
    assert!(
        line.ends_with(" ※長期目標値を引上げ(前年度 130組)"),
        "{line}"
    );
}

#[test]
fn version_2_saved_by_libreoffice_as_ods_and_xls_reads_the_same() {
    let source = root().join("samples/year-end/source/建設部.toml");
    let expected = mokuhyo::cli::load_document(&source).unwrap();
    for format in ["ods", "xls"] {
        let read = read(&fixture(&format!("v2/建設部_年度末.{format}")));
        assert_eq!(read.document.as_deref(), Some(&expected), "{format}");
        assert!(!read.has_errors(), "{format}: {:#?}", read.findings);
    }
}
