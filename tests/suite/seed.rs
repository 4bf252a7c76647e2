//! Seed fidelity: reading the 総合政策部 sample yields every value of the
//! real document (../shared/seed/000_eab234e6a144cc72.txt), listed here.

use crate::common::*;
use mokuhyo::domain::model::Document;
use std::sync::Arc;

fn seed() -> Document {
    let submission = read(&sample("総合政策部"));
    assert_clean(&submission);
    Arc::unwrap_or_clone(submission.document.unwrap())
}

#[test]
fn header() {
    let doc = seed();
    assert_eq!(doc.year.label(), "令和8年度");
    assert_eq!(doc.year.gregorian(), 2026);
    assert_eq!(
        doc.created
            .map(mokuhyo::domain::wareki::format_date)
            .as_deref(),
        Some("令和8年4月1日")
    );
    assert_eq!(doc.department, "総合政策部");
    assert_eq!(doc.head, "木村 辰生");
}

#[test]
fn themes() {
    let doc = seed();
    let titles: Vec<&str> = doc.themes.iter().map(|t| t.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "真庭ライフスタイル・「共生社会まにわ」・SDGsの実現",
            "「こどもまんなか」のまちづくりの推進",
            "人口減少対策の取組強化",
            "地域自治・協働のまちづくりの推進と特色ある地域振興",
            "広聴広報の充実と選ばれる地域を目指した情報発信",
            "行政経営の推進、dXの推進による市民サービスの向上",
        ]
    );
    assert!(
        doc.themes[0]
            .body
            .starts_with("第3期総合戦略に掲げる目標の達成に向けた")
    );
    assert!(
        doc.themes[1]
            .body
            .ends_with("だれもが参画できる持続可能な地域の実現を目指す。")
    );
    assert!(
        doc.themes[2]
            .body
            .contains("多様なステークホルダーとの連携を強化し、推進する。")
    );
    assert!(
        doc.themes[3]
            .body
            .contains("新たな公共の担い手の育成を促進する。")
    );
    assert!(
        doc.themes[4]
            .body
            .contains("課題解決に向けた施策立案に反映させていく。\n真庭市で暮らすことの魅力")
    );
    assert!(
        doc.themes[5]
            .body
            .ends_with("豊かで活力ある地域の実現を目指す。")
    );
}

#[test]
fn projects() {
    let doc = seed();
    let projects: Vec<(Option<&str>, &str)> = doc
        .projects
        .iter()
        .map(|p| (p.code.as_deref(), p.title.as_str()))
        .collect();
    assert_eq!(
        projects,
        [
            (None, "人口減少抑制対策"),
            (None, "こどもまんなか関連"),
            (Some("1-①"), "キャッシュレス・市民ポイント推進事業"),
            (Some("2-①"), "デジタル共創拠点調査研究事業"),
            (Some("2-②"), "情報化計画推進事業"),
            (Some("3-①"), "政策形成や事業評価における市民参画の推進"),
            (Some("3-②"), "広報広聴推進事業"),
            (
                Some("3-③"),
                "インターネットメディア(ホームページ、SNS)の効果的活用"
            ),
        ]
    );
    assert_eq!(doc.projects[0].marker(), "●");
    let bullets = |i: usize| {
        doc.projects[i]
            .description
            .lines()
            .filter(|l| l.starts_with('・'))
            .count()
    };
    assert_eq!(bullets(1), 2);
    assert_eq!(bullets(2), 3);
    assert_eq!(bullets(3), 2);
    assert_eq!(bullets(7), 4);
    assert!(doc.projects[4].description.contains("POP冗長化"));
    assert!(doc.projects[5].description.contains("「市長と話そう!」"));
}

/// Every indicator of the seed: project, name, target, previous actual as
/// printed, estimate flag.
#[test]
fn every_indicator_value() {
    let doc = seed();
    let expected = [
        ("●", "市内成婚数", "115組", "121組", false),
        ("●", "移住者数", "30人", "34人", false),
        ("●", "ワークショップ等の延べ参加者数", "100%", "-", false),
        (
            "1-①",
            "まにこいん決済額(累計)",
            "10.0億円",
            "7.4億円",
            false,
        ),
        ("1-①", "加盟店数", "350店", "297店", false),
        (
            "2-①",
            "拠点の運営体制構築に向けた協議回数",
            "3回",
            "-",
            false,
        ),
        ("2-②", "作業進捗率", "100%", "100%", true),
        ("3-①", "市長と話そう!開催数", "15回", "17回", false),
        ("3-②", "セミナー、ワークショップ実施数", "3回", "3回", false),
        (
            "3-②",
            "セミナー、ワークショップ参加者数",
            "45人",
            "81人",
            false,
        ),
        ("3-②", "交流会開催数", "1回", "2回", false),
        ("3-②", "交流会参加者数", "15人", "23人", false),
        ("3-③", "アクセス件数", "450万件", "395万件", true),
    ];
    let actual: Vec<(&str, String, String, String, bool)> = doc
        .projects
        .iter()
        .flat_map(|p| {
            p.indicators.iter().map(move |i| {
                (
                    p.marker(),
                    i.display_name(),
                    i.display(i.target.as_ref()),
                    i.display(i.previous.as_ref()),
                    i.previous_estimate,
                )
            })
        })
        .collect();
    assert_eq!(actual.len(), expected.len());
    for (a, e) in actual.iter().zip(expected) {
        assert_eq!((a.0, a.1.as_str(), a.2.as_str(), a.3.as_str(), a.4), e);
    }
}

#[test]
fn numeric_values_scale_by_unit() {
    let doc = seed();
    let find = |name: &str| {
        doc.projects
            .iter()
            .flat_map(|p| &p.indicators)
            .find(|i| i.name == name)
            .unwrap()
    };
    let money = find("まにこいん決済額(累計)");
    assert!(money.cumulative);
    assert_eq!(money.scaled(&money.target.unwrap()), 1_000_000_000.0);
    assert_eq!(money.base_unit(), "円");
    let access = find("アクセス件数");
    assert_eq!(access.scaled(&access.target.unwrap()), 4_500_000.0);
    assert_eq!(access.scaled(&access.previous.unwrap()), 3_950_000.0);
    assert!(
        doc.projects
            .iter()
            .flat_map(|p| &p.indicators)
            .all(|i| i.direction.is_none()),
        "the published document states no 方向: none is invented"
    );
    assert_eq!(find("ワークショップ等の延べ参加者数").previous, None);
}

#[test]
fn right_column_reads_like_the_seed() {
    let doc = seed();
    let lines = mokuhyo::outputs::present::indicator_lines(&doc, &doc.projects[0].indicators);
    assert_eq!(
        lines,
        [
            "指標:①市内成婚数 ②移住者数",
            "目標値:①115組 ②30人",
            "(令和7年度実績値:①121組 ②34人)"
        ]
    );
    let lines = mokuhyo::outputs::present::indicator_lines(&doc, &doc.projects[4].indicators);
    assert_eq!(
        lines,
        [
            "指標:作業進捗率",
            "目標値:100%",
            "(令和7年度実績値(見込み):100%)"
        ]
    );
    let lines = mokuhyo::outputs::present::indicator_lines(&doc, &doc.projects[1].indicators);
    assert_eq!(lines[2], "(令和7年度実績値:-)");
}
