//! Files really saved by LibreOffice after a clerk's edits (rows inserted
//! above, inside and at the end of lists, the sheet renamed, a column
//! inserted, numbers retyped in full width), as .xlsx, .xls and .ods. Made
//! by tests/fixtures/libreoffice/make_fixtures.py; see the README there.

use crate::common::*;
use mokuhyo::domain::finding::Severity;
use mokuhyo::domain::model::{Direction, Document, Indicator, Project};
use mokuhyo::domain::quantity::Quantity;
use std::sync::Arc;

/// A source as the fixtures were made from it: the sample as it was then,
/// with 「増加」 in every 方向 cell (the template no longer invents a 方向
/// the document does not state).
fn as_made(mut doc: Document) -> Document {
    for ind in doc.projects.iter_mut().flat_map(|p| &mut p.indicators) {
        ind.direction = Some(Direction::Increase);
    }
    doc
}

/// The 総合政策部 source with the edits the script makes.
fn expected() -> Document {
    let mut doc = as_made(source("総合政策部"));
    let q = |v: f64| Some(Quantity::new(v, 0));
    doc.projects[0].indicators[0].target = q(115.0);
    doc.projects[0].indicators[1].previous = None;
    doc.projects[2].indicators.push(Indicator {
        name: "アプリ登録者数".to_string(),
        unit: "人".to_string(),
        target: q(1200.0),
        previous: q(980.0),
        previous_estimate: true,
        direction: Some(Direction::Increase),
        ..Indicator::default()
    });
    let project = |code: &str, title: &str, description: &str| Project {
        code: Some(code.to_string()),
        title: title.to_string(),
        description: description.to_string(),
        ..Project::default()
    };
    doc.projects
        .push(project("4-①", "試行事業", "記入例の事業です。"));
    doc.projects.push(project("4-②", "範囲外事業", ""));
    doc
}

fn check_edited(file: &str) -> Document {
    let read = read(&fixture(&format!("libreoffice/{file}")));
    assert!(read.is_accepted(), "{file}:\n{}", listing(&read.findings));
    assert_eq!(read.source.as_ref().unwrap().sheet, "R8目標(総合政策部)");
    assert_finding(
        &read,
        Severity::Warning,
        Some("E27"),
        "列「メモ」は様式にない列のため、入力された内容を読み込んでいません。必要な内容は様式の列に移してください。",
    );
    assert_finding(
        &read,
        Severity::Warning,
        Some("A69"),
        "重点事業の表のすぐ下の行に入力があります。表の続きとして読み込みました。行を追加するときは表の中に行を挿入してください。",
    );
    assert_eq!(
        read.findings.len(),
        2,
        "{file}:\n{}",
        listing(&read.findings)
    );
    Arc::unwrap_or_clone(read.document.unwrap())
}

#[test]
fn edited_xlsx_reads_back_to_the_same_data() {
    assert_same(&expected(), &check_edited("edited.xlsx"));
}

/// .xls and .ods keep no number format calamine reads: the decimals typed
/// (10.0) come from the file's own formats, as in .xlsx.
#[test]
fn edited_xls_reads_back_to_the_same_data() {
    let doc = check_edited("edited.xls");
    assert_same(&expected(), &doc);
    let money = &doc.projects[2].indicators[0];
    assert_eq!(money.display(money.target.as_ref()), "10.0億円", "as typed");
}

#[test]
fn edited_ods_reads_back_to_the_same_data() {
    let doc = check_edited("edited.ods");
    assert_same(&expected(), &doc);
    let money = &doc.projects[2].indicators[0];
    assert_eq!(money.display(money.target.as_ref()), "10.0億円", "as typed");
}

#[test]
fn an_identical_copy_of_the_sheet_is_read_once() {
    let read = read(&fixture("libreoffice/sheet_copy_same.xlsx"));
    assert!(read.is_accepted());
    assert_finding(
        &read,
        Severity::Note,
        None,
        "様式のシートが複数ありますが内容は同じです(「部局経営目標」「部局経営目標_2」)。「部局経営目標」を読み込みました。",
    );
    assert_same(
        &as_made(source("総合政策部")),
        read.document.as_ref().unwrap(),
    );
}

#[test]
fn a_changed_copy_of_the_sheet_is_refused() {
    let read = read(&fixture("libreoffice/sheet_copy_changed.xlsx"));
    assert!(!read.is_accepted());
    assert_finding(
        &read,
        Severity::Error,
        None,
        "様式のシートが複数あり、内容が異なります(「部局経営目標」「部局経営目標_2」)。どれを採用すべきか判断できないため、提出するシートを1つにして再提出してください。",
    );
}

#[test]
fn another_version_and_another_workbook_are_refused() {
    let read = read(&fixture("libreoffice/wrong_version.xlsx"));
    assert!(read.document.is_none());
    assert_finding(
        &read,
        Severity::Error,
        Some("J2"),
        "様式のバージョン「mokuhyo-0」はこの mokuhyo では読めません(対応する様式は「mokuhyo-2」)。最新の様式に記入し直して再提出してください。",
    );
    let other = crate::common::read(&fixture("libreoffice/not_template.xlsx"));
    assert_finding(
        &other,
        Severity::Error,
        None,
        "mokuhyo の様式ではありません(配布した様式のファイルではないか、様式の目印が消えています)。配布した様式のファイルにそのまま記入して再提出してください(内容を別のブックに貼り付けたものは読み込めません)。",
    );
}

/// The year's actuals typed in LibreOffice (full-width digits, a number
/// with its unit, 集計中, a 見込み flag, dates typed as 2027/3/31), saved as
/// .xls and .ods: graded as the same values typed in Excel would be.
#[test]
fn year_end_actuals_typed_in_libreoffice_are_graded() {
    use mokuhyo::consolidate::consolidate;
    use mokuhyo::year_end::achievement::Thresholds;
    let expected = [
        ("市内成婚数", "93.9%", "B"),
        ("移住者数", "120.0%", "A"),
        ("ワークショップ等の延べ参加者数", "100.0%", "A"),
        ("まにこいん決済額(累計)", "96.0%", "B"),
        ("加盟店数", "103.4%", "A"),
        ("拠点の運営体制構築に向けた協議回数", "−", "−"),
        ("作業進捗率", "100.0%", "A"),
        ("市長と話そう!開催数", "106.7%", "A"),
        ("セミナー、ワークショップ実施数", "100.0%", "A"),
        ("セミナー、ワークショップ参加者数", "84.4%", "B"),
        ("交流会開催数", "100.0%", "A"),
        ("交流会参加者数", "80.0%", "B"),
        ("アクセス件数", "89.4%", "B"),
    ];
    for file in ["libreoffice/year_end.xls", "libreoffice/year_end.ods"] {
        let submission = read(&fixture(file));
        assert!(
            submission.is_accepted(),
            "{file}: {:?}",
            submission.findings
        );
        let c = consolidate(vec![submission], &Default::default(), "", None);
        let r = mokuhyo::year_end::rollup::rollup(&c, &Thresholds::default());
        let doc = &c.documents[0].1;
        let got: Vec<(String, String, String)> = r.departments[0]
            .rows
            .iter()
            .map(|row| {
                let (_, indicator) = row.of(doc);
                (
                    indicator.name.clone(),
                    row.achievement.rate_label(),
                    row.achievement.grade.label().to_string(),
                )
            })
            .collect();
        for (got, want) in got.iter().zip(&expected) {
            assert_eq!(
                (got.0.as_str(), got.1.as_str(), got.2.as_str()),
                *want,
                "{file}: {}",
                want.0
            );
        }
        assert_eq!(got.len(), expected.len(), "{file}");
        let cashless = &doc.projects[2].indicators[0];
        assert!(cashless.actual_estimate, "{file}: 見込み");
        assert_eq!(
            cashless.actual_as_of,
            chrono::NaiveDate::from_ymd_opt(2027, 3, 31),
            "{file}: 実績時点"
        );
        assert_eq!(
            doc.projects[0].review.results, "移住者数は目標を上回った(試験用の架空の値)。",
            "{file}: 成果"
        );
    }
}
