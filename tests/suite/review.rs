//! `mokuhyo review`, the 中間評価: the marks counted per department and for
//! the city (table-driven), the projects behind schedule in order, and the
//! workbook and PDF the command writes from the year-end samples.

use std::path::PathBuf;
use std::sync::Arc;

use calamine::{Data, Reader, open_workbook_auto};

use crate::common::*;
use mokuhyo::consolidate::Consolidation;
use mokuhyo::domain::model::{Document, MidYear, Project};
use mokuhyo::domain::plan::Progress;
use mokuhyo::domain::wareki::FiscalYear;
use mokuhyo::year_end::mid_year::{ProgressCounts, review};

fn department(name: &str, marks: &[Option<Progress>]) -> (PathBuf, Arc<Document>) {
    let projects = marks
        .iter()
        .enumerate()
        .map(|(i, &progress)| Project {
            title: format!("事業{}", i + 1),
            mid_year: MidYear {
                progress,
                ..MidYear::default()
            },
            ..Project::default()
        })
        .collect();
    let doc = Document {
        year: FiscalYear::new(2026),
        created: None,
        department: name.to_string(),
        head: String::new(),
        remark: String::new(),
        themes: Vec::new(),
        projects,
    };
    (PathBuf::from(format!("{name}.xlsx")), Arc::new(doc))
}

fn counts(
    ahead: usize,
    on_track: usize,
    behind: usize,
    far: usize,
    unrated: usize,
) -> ProgressCounts {
    ProgressCounts {
        ahead,
        on_track,
        behind,
        far_behind: far,
        unrated,
    }
}

#[test]
fn marks_are_counted_per_department_and_for_the_city() {
    use Progress::*;
    // (department, marks of its projects, its counts, what `listing` says)
    let table: [(&str, &[Option<Progress>], ProgressCounts, &str); 4] = [
        (
            "総合政策部",
            &[Some(Ahead), Some(OnTrack), Some(OnTrack)],
            counts(1, 2, 0, 0, 0),
            "◎ 1、○ 2、△ 0、× 0、未記入 0",
        ),
        (
            "建設部",
            &[Some(Behind), Some(FarBehind), None],
            counts(0, 0, 1, 1, 1),
            "◎ 0、○ 0、△ 1、× 1、未記入 1",
        ),
        (
            "消防本部",
            &[],
            counts(0, 0, 0, 0, 0),
            "◎ 0、○ 0、△ 0、× 0、未記入 0",
        ),
        (
            "教育委員会",
            &[None, Some(FarBehind)],
            counts(0, 0, 0, 1, 1),
            "◎ 0、○ 0、△ 0、× 1、未記入 1",
        ),
    ];
    let c = Consolidation {
        municipality: "真庭市".to_string(),
        year: Some(FiscalYear::new(2026)),
        documents: table.iter().map(|(n, m, _, _)| department(n, m)).collect(),
        submissions: Vec::new(),
        plans: Default::default(),
    };
    let r = review(&c);
    for (i, (name, _, expected, listing)) in table.iter().enumerate() {
        assert_eq!(r.departments[i].department, *name);
        assert_eq!(r.departments[i].counts, *expected, "{name}");
        assert_eq!(r.departments[i].counts.listing(), *listing, "{name}");
    }
    assert_eq!(r.counts, counts(1, 2, 1, 2, 2));
    assert_eq!(r.counts.total(), 8);
    assert_eq!(r.counts.behind_schedule(), 3);
    // × before △, then in the roster's order and the document's.
    assert_eq!(r.behind(), vec![(1, 1), (3, 1), (1, 0)]);
    assert!(!r.is_blank(&c));
}

fn cell_text(data: &Data) -> String {
    match data {
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        other => other.to_string(),
    }
}

#[test]
fn review_writes_the_book_and_the_report_from_the_year_end_samples() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let inputs = root().join("samples/year-end");
    let config = root().join("samples/mokuhyo.toml");
    let args = [
        "review",
        inputs.to_str().unwrap(),
        "--config",
        config.to_str().unwrap(),
        "-o",
        "m",
    ];
    let out = mokuhyo(dir, &args);
    assert_eq!(code(&out), 0, "{}", stderr(&out, dir));
    let text = stdout(&out, dir);
    assert!(
        text.contains("中間評価: 全34事業の進捗 ◎ 1、○ 2、△ 2、× 1、未記入 28\n"),
        "{text}"
    );
    assert!(
        text.contains("中間評価ブックを書き出しました: m/令和8年度_部局経営目標_中間評価.xlsx"),
        "{text}"
    );
    let book_path = dir.join("m/令和8年度_部局経営目標_中間評価.xlsx");
    let pdf_path = dir.join("m/令和8年度_部局経営目標_中間評価.pdf");
    let mut book = open_workbook_auto(&book_path).unwrap();
    let summary = book.worksheet_range("集計").unwrap();
    let rows: Vec<Vec<String>> = summary
        .rows()
        .map(|r| r.iter().map(cell_text).collect())
        .collect();
    assert_eq!(
        rows[0],
        [
            "部局",
            "◎ 予定以上",
            "○ 予定通り",
            "△ やや遅れ",
            "× 大幅な遅れ",
            "未記入",
            "計"
        ]
    );
    let row = |name: &str| rows.iter().find(|r| r[0] == name).unwrap().clone();
    assert_eq!(row("建設部"), ["建設部", "0", "1", "1", "1", "3", "6"]);
    assert_eq!(
        row("産業観光部"),
        ["産業観光部", "1", "1", "1", "0", "2", "5"]
    );
    assert_eq!(row("全体"), ["全体", "1", "2", "2", "1", "28", "34"]);
    let behind = book.worksheet_range("遅れている事業").unwrap();
    let first: Vec<String> = behind
        .rows()
        .nth(1)
        .unwrap()
        .iter()
        .map(cell_text)
        .collect();
    assert_eq!(
        first,
        [
            "建設部",
            "3-①",
            "空き家対策推進事業",
            "× 大幅な遅れ",
            "空き家バンクの成約は 9 件。",
            "危険空き家の所有者調整が難航し、除却が進んでいない。",
            "司法書士会と連携して相続人調査を早める。",
        ]
    );
    assert_eq!(
        behind.rows().count(),
        4,
        "a header and the 3 behind schedule"
    );

    let pdf = crate::common::pdf::load(&std::fs::read(&pdf_path).unwrap());
    let all = crate::common::pdf::text(&pdf, 1..=pdf.get_pages().len() as u32);
    let squeezed: String = all.chars().filter(|c| !c.is_whitespace()).collect();
    for wanted in [
        "全体の進捗",
        "全34事業の進捗:◎1、○2、△2、×1、未記入28",
        "遅れている事業",
        "3-①空き家対策推進事業×大幅な遅れ",
        "特産品販路拡大事業△やや遅れ",
    ] {
        assert!(squeezed.contains(wanted), "{wanted} in\n{all}");
    }

    // The same bytes on a rerun (the workbook closed first: Windows does
    // not replace a file held open); it is not read as a submission.
    drop(book);
    let before = (
        std::fs::read(&book_path).unwrap(),
        std::fs::read(&pdf_path).unwrap(),
    );
    let out = mokuhyo(dir, &args);
    assert_eq!(code(&out), 0, "{}", stderr(&out, dir));
    assert_eq!(std::fs::read(&book_path).unwrap(), before.0);
    assert_eq!(std::fs::read(&pdf_path).unwrap(), before.1);
    let out = mokuhyo(dir, &["check", "m"]);
    assert!(
        stdout(&out, dir)
            .contains("mokuhyo が書き出した中間評価ブックのため、提出として読み込みませんでした。"),
        "{}",
        stdout(&out, dir)
    );
}

#[test]
fn review_of_files_without_a_mid_year_review_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let inputs = fixture("v1");
    let out = mokuhyo(dir, &["review", inputs.to_str().unwrap(), "-o", "m"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out, dir));
    let text = stdout(&out, dir);
    assert!(
        text.contains("中間評価(進捗・成果・課題・今後の取組)はどの事業にも記入されていません。9月末に様式の「中間評価」の列に記入してから実行してください。"),
        "{text}"
    );
}
