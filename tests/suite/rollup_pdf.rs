//! The year-end report read back with lopdf: cover, the city page with the
//! grade counts, each department with the achievement columns of indicators
//! checked by hand, a bookmark per department on its page, identical bytes,
//! and departments without indicators or actuals.

use std::path::PathBuf;
use std::sync::Arc;

use crate::common::pdf::*;
use crate::common::*;
use mokuhyo::config::Config;
use mokuhyo::consolidate::Consolidation;
use mokuhyo::domain::model::{Document, Project, Review};
use mokuhyo::year_end::rollup::{Rollup, rollup};

fn config() -> Config {
    Config::load(&root().join("samples/mokuhyo.toml")).unwrap()
}

/// The year-end sample departments in roster order, from their sources.
pub(crate) fn year_end() -> Consolidation {
    let config = config();
    let dir = root().join("samples/year-end/source");
    let mut documents: Vec<(PathBuf, Arc<Document>)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| {
            let doc = mokuhyo::cli::load_document(&p).unwrap();
            (p, Arc::new(doc))
        })
        .collect();
    documents.sort_by_key(|(_, d)| config.roster.index(&d.department));
    Consolidation {
        municipality: config.municipality.clone(),
        year: config.year,
        documents,
        submissions: Vec::new(),
        plans: Default::default(),
    }
}

fn report(c: &Consolidation) -> (mokuhyo::outputs::pdf::Pdf, Rollup) {
    let r = rollup(c, &config().rollup);
    (writer().rollup(c, &r).unwrap(), r)
}

#[test]
fn the_report_reads_in_order_with_the_city_counts_and_the_checked_rates() {
    let c = year_end();
    let (out, r) = report(&c);
    assert!(out.missing.is_empty(), "{:?}", out.missing);
    let pdf = load(&out.bytes);
    assert_eq!(pdf.get_pages().len(), out.pages);
    let all = text(&pdf, 1..=out.pages as u32);
    let mut pieces: Vec<String> = [
        "令和8年度",
        "部局経営目標",
        "実績報告",
        "真庭市",
        "目次",
        "全体の達成状況",
        "全55指標の評価:A 24、B 21、C 6、D 2、− 2",
        "評価の基準",
        "A B C D −",
        "100%以上 80%以上100%未満 50%以上80%未満 50%未満 測定不能",
        "維持を目指す指標は、実績値が目標値の±5%以内なら100%",
        "部局別の評価",
        "総合政策部 7 5 1 0 0 13",
        "全体 24 21 6 2 2 55",
        "評価の構成",
        "測定できなかった指標",
        "建設部 3-①空き家対策推進事業 ②危険空き家除却件数",
    ]
    .map(String::from)
    .to_vec();
    for dept in &r.departments {
        pieces.push(format!("部局名{}", dept.department));
    }
    assert_in_order(&all, &pieces);
    assert_eq!(r.counts.total(), 55);
    // The indicators checked by hand: 指標 目標値 実績値 達成率 評価 備考.
    let checked = [
        ("総合政策部", "④交流会参加者数 15人 12人 80.0% B"),
        (
            "健康福祉部",
            "①待機児童数 0人 0人 100.0% A 減少を目指す指標",
        ),
        (
            "建設部",
            "②危険空き家除却件数 10件 集計中 − − 実績値「集計中」が数値でない",
        ),
        (
            "建設部",
            "①水道有収率 85.0% 84.2% 100.0% A 維持を目指す指標 目標値の±5%以内のため100%",
        ),
        (
            "産業観光部",
            "①支援事業者の特産品販売額 3,500万円 0.33億円 94.3% B 3,300万円に換算",
        ),
        ("建設部", "①デマンド交通利用者数 18,000人 17,450人(見込み)"),
    ];
    for (department, row) in checked {
        let section = section_text(&pdf, out.pages as u32, department);
        assert!(
            section.contains(&squeeze(row)),
            "{department}: 「{row}」 not in\n{section}"
        );
    }
    // The chart of a department says the same rates.
    let construction = section_text(&pdf, out.pages as u32, "建設部");
    assert_in_order(
        &construction,
        &[
            "指標別の達成率".to_string(),
            "水道有収率".to_string(),
            "100.0% A".to_string(),
            "危険空き家除却件数".to_string(),
            "− 実績値「集計中」が数値でない".to_string(),
        ],
    );
}

/// The text of a department's pages: from its bookmark to the next.
fn section_text(pdf: &lopdf::Document, pages: u32, department: &str) -> String {
    let marks = bookmarks(pdf);
    let at = marks.iter().position(|(t, _)| t == department).unwrap();
    let first = marks[at].1;
    let last = marks.get(at + 1).map_or(pages, |(_, p)| p - 1);
    text(pdf, first..=last)
}

#[test]
fn a_bookmark_per_department_lands_on_its_first_page_and_the_bytes_repeat() {
    let c = year_end();
    let (out, _) = report(&c);
    let pdf = load(&out.bytes);
    let marks = bookmarks(&pdf);
    let titles: Vec<&str> = marks.iter().map(|(t, _)| t.as_str()).collect();
    let mut expected = vec!["目次", "全体の達成状況"];
    expected.extend(c.documents.iter().map(|(_, d)| d.department.as_str()));
    assert_eq!(titles, expected);
    assert_eq!(marks[1].1, 3, "the city page follows the contents");
    for (title, page) in &marks[2..] {
        let t = text(&pdf, [*page]);
        assert!(t.contains(&format!("部局名{title}")), "{title}: {t}");
        let header = format!("令和8年度部局経営目標実績報告{title}");
        assert!(t.contains(&header), "{title}: running header in {t}");
        let before = text(&pdf, [*page - 1]);
        assert!(
            !before.contains(&format!("部局名{title}")),
            "{title} starts earlier"
        );
    }
    // The contents give each section's page.
    let toc = text(&pdf, [2]);
    for (title, page) in &marks[1..] {
        assert!(toc.contains(&format!("{title}{page}")), "{title} in {toc}");
    }
    let again = report(&c).0;
    assert!(out.bytes == again.bytes, "two reports differ");
}

#[test]
fn departments_without_indicators_or_actuals_still_render_as_unmeasured() {
    let mut c = year_end();
    c.documents.truncate(2);
    // No indicators at all.
    for project in &mut Arc::make_mut(&mut c.documents[0].1).projects {
        project.indicators.clear();
    }
    // Indicators without any actual, and a comment with a character the
    // font lacks.
    for project in &mut Arc::make_mut(&mut c.documents[1].1).projects {
        for indicator in &mut project.indicators {
            indicator.actual = None;
            indicator.actual_text.clear();
            indicator.actual_unit.clear();
            indicator.actual_estimate = false;
        }
    }
    Arc::make_mut(&mut c.documents[1].1).projects.push(Project {
        code: None,
        title: "振り返りだけの事業".to_string(),
        description: String::new(),
        indicators: Vec::new(),
        review: Review {
            results: "成果\u{E000}あり".to_string(),
            ..Review::default()
        },
        ..Project::default()
    });
    let first = c.documents[0].1.department.clone();
    let second = c.documents[1].1.department.clone();
    let (out, r) = report(&c);
    assert_eq!(r.departments[0].counts.total(), 0);
    let measured = r.departments[1].counts.measured();
    assert_eq!(measured, 0);
    assert_eq!(out.missing.len(), 1);
    assert_eq!(out.missing[0].department, second);
    let pdf = load(&out.bytes);
    let all = text(&pdf, 1..=out.pages as u32);
    let n = r.departments[1].counts.total();
    assert_in_order(
        &all,
        &[
            format!("{first} 0 0 0 0 0 0"),
            format!("{second} 0 0 0 0 {n} {n}"),
            "指標なし".to_string(),
            format!("部局名{first}"),
            "この部局には指標がありません。".to_string(),
            format!("部局名{second}"),
            "− 実績値なし".to_string(),
            "成果〓あり".to_string(),
        ],
    );
    // No department at all.
    let empty = Consolidation {
        documents: Vec::new(),
        ..c
    };
    let (out, _) = report(&empty);
    let all = text(&load(&out.bytes), 1..=out.pages as u32);
    assert!(all.contains("全0指標の評価:A0、B0、C0、D0、−0"), "{all}");
}
