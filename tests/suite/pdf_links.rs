//! Template version 2 in the packet, read back with lopdf: the SDGs marks,
//! 施策, 予算額 and the indicators' 基準値 … on their own department's pages,
//! the sections 「SDGs との関連」 and 「総合計画の施策との関連」 with their
//! bookmarks and contents lines, 総合政策部 (no field of version 2) as
//! before, and identical bytes.

use std::ops::RangeInclusive;
use std::sync::Arc;

use crate::common::pdf::*;
use crate::pdf::samples;
use mokuhyo::consolidate::Consolidation;
use mokuhyo::domain::model::Document;
use mokuhyo::domain::plan::Progress;

const SDGS: &str = "SDGs との関連";
const PLANS: &str = "総合計画の施策との関連";

/// The pages of the section a bookmark starts: to the page before the next
/// bookmark's (the same page when the next starts there too).
fn section(marks: &[(String, u32)], title: &str, pages: usize) -> RangeInclusive<u32> {
    let at = marks.iter().position(|(t, _)| t == title).unwrap();
    let first = marks[at].1;
    let last = marks
        .get(at + 1)
        .map_or(pages as u32, |(_, p)| (*p - 1).max(first));
    first..=last
}

/// The text of the pages without their running header and page number
/// (drawn after the content, so at the end of each page's text).
fn body(pdf: &lopdf::Document, pages: RangeInclusive<u32>) -> String {
    pages
        .map(|p| {
            let t = text(pdf, [p]);
            match t.rfind("令和8年度部局経営目標") {
                Some(at) => t[..at].to_string(),
                None => t,
            }
        })
        .collect()
}

fn pieces(texts: &[&str]) -> Vec<String> {
    texts.iter().map(|t| t.to_string()).collect()
}

#[test]
fn each_department_shows_its_sdgs_plans_budgets_and_baselines() {
    let c = samples();
    let out = writer().packet(&c).unwrap();
    assert!(out.missing.is_empty(), "{:?}", out.missing);
    let pdf = load(&out.bytes);
    let marks = bookmarks(&pdf);
    let industry = body(&pdf, section(&marks, "産業観光部", out.pages));
    // A theme: its marks under the title, its 施策 after the body.
    assert_in_order(
        &industry,
        &pieces(&[
            "・選ばれる観光地づくり",
            "【No.8:働きがいも経済成長も】【No.11:住み続けられるまちづくりを】",
            "観光消費額の増加により、観光を地域経済の柱として育てることを目指す。",
            "施策:2-1 観光と交流による地域経済の活性化",
            "・持続可能な農業の振興",
            "【No.2:飢餓をゼロに】【No.15:陸の豊かさも守ろう】",
        ]),
    );
    // A project: marks under the title, then the description, 施策, 予算額.
    assert_in_order(
        &industry,
        &pieces(&[
            "1-①観光誘客推進事業",
            "【No.8:働きがいも経済成長も】【No.11:住み続けられるまちづくりを】【No.17:パートナーシップで目標を達成しよう】",
            "・バイオマスツアーなど産業観光の受入体制の強化",
            "施策:2-1 観光と交流による地域経済の活性化",
            "予算額:48,500千円",
        ]),
    );
    // Its indicators: the seed's lines, then each one's fields.
    assert_in_order(
        &industry,
        &pieces(&[
            "指標:①観光入込客数 ②観光消費額 ③外国人宿泊者数 ④バイオマスツアー参加者数",
            "①観光入込客数",
            "指標の種類:成果",
            "基準値:205.3万人(令和5年度)",
            "長期目標値:250万人(令和12年度)",
            "根拠となる計画:第3期真庭市総合戦略の KPI。観光による交流の規模を表すため。",
            "②観光消費額",
            "基準値:10.9億円(令和5年度)",
            "④バイオマスツアー参加者数",
            "指標の種類:活動",
        ]),
    );
    // ③ has none of them: no line for it.
    assert!(
        !industry.contains("③外国人宿泊者数指標の種類"),
        "{industry}"
    );
    assert!(industry.contains(&squeeze(
        "施策:2-3 地域資源を生かした産業と雇用の創出、1-2 移住・定住の促進"
    )));
    assert!(industry.contains("予算額:15,750千円"));

    let construction = body(&pdf, section(&marks, "建設部", out.pages));
    assert_in_order(
        &construction,
        &pieces(&[
            "①水道有収率",
            "指標の種類:成果",
            "基準値:82.4%(令和5年度)",
            "長期目標値:88.0%(令和12年度)",
            "根拠となる計画:真庭市水道事業経営戦略。",
        ]),
    );
    assert!(construction.contains("予算額:356,000千円"));
    assert!(!industry.contains("82.4%"));
    assert!(!construction.contains("48,500千円"));
    // A project without any: no empty line (下水道 has neither 予算額 nor 施策).
    let sewer = construction
        .split("2-②下水道事業広域化・共同化検討事業")
        .nth(1)
        .unwrap();
    let sewer = &sewer[..sewer.find("3-①空き家対策推進事業").unwrap()];
    assert!(
        !sewer.contains("予算額") && !sewer.contains("施策:"),
        "{sewer}"
    );

    // The seed's department has none of these fields.
    let seed = body(&pdf, section(&marks, "総合政策部", out.pages));
    for absent in ["【No.", "施策:", "予算額", "基準値", "指標の種類"] {
        assert!(!seed.contains(absent), "{absent} in 総合政策部");
    }
}

/// The samples with every field of template version 2 dropped: how the
/// documents of version 1 read.
fn version_1(mut c: Consolidation) -> Consolidation {
    let strip = |doc: &mut Document| {
        for theme in &mut doc.themes {
            theme.sdgs.clear();
            theme.plan.clear();
        }
        for p in &mut doc.projects {
            p.sdgs.clear();
            p.plan.clear();
            p.budget = None;
            p.mid_year = Default::default();
            for ind in &mut p.indicators {
                ind.kind = None;
                ind.baseline = None;
                ind.baseline_as_of.clear();
                ind.long_term = None;
                ind.long_term_year.clear();
                ind.basis.clear();
            }
        }
    };
    for (_, doc) in &mut c.documents {
        strip(Arc::make_mut(doc));
    }
    c
}

#[test]
fn the_seed_department_reads_as_before_and_alone_has_no_new_section() {
    let c = samples();
    let w = writer();
    let now = w.packet(&c).unwrap();
    let before = w.packet(&version_1(c.clone())).unwrap();
    let (now_pdf, before_pdf) = (load(&now.bytes), load(&before.bytes));
    let (now_marks, before_marks) = (bookmarks(&now_pdf), bookmarks(&before_pdf));
    // Version 1 documents: no new section.
    let titles: Vec<&str> = before_marks.iter().map(|(t, _)| t.as_str()).collect();
    assert!(
        !titles.contains(&SDGS) && !titles.contains(&PLANS),
        "{titles:?}"
    );
    for name in [
        "総合政策部",
        "健康福祉部",
        "消防本部",
        "教育委員会",
        "指標一覧",
    ] {
        let a = section(&now_marks, name, now.pages);
        let b = section(&before_marks, name, before.pages);
        assert_eq!(a.clone().count(), b.clone().count(), "{name}: pages");
        assert_eq!(body(&now_pdf, a), body(&before_pdf, b), "{name}: text");
    }
    // The department alone: the same bytes with or without the others'
    // fields, and a packet of it alone has no SDGs or 施策 section.
    let index = c
        .documents
        .iter()
        .position(|(_, d)| d.department == "総合政策部")
        .unwrap();
    assert!(
        w.department(&c, index).unwrap().bytes
            == w.department(&version_1(c.clone()), index).unwrap().bytes
    );
    let mut alone = c.clone();
    alone
        .documents
        .retain(|(_, d)| d.department == "総合政策部");
    let out = w.packet(&alone).unwrap();
    let pdf = load(&out.bytes);
    let titles: Vec<String> = bookmarks(&pdf).into_iter().map(|(t, _)| t).collect();
    assert_eq!(titles, ["目次", "総合政策部", "指標一覧"]);
    let all = text(&pdf, 1..=out.pages as u32);
    assert!(!all.contains("SDGsとの関連") && !all.contains("総合計画の施策"));
}

#[test]
fn the_sdgs_and_plan_sections_follow_the_summary_with_bookmarks_and_contents() {
    let c = samples();
    let out = writer().packet(&c).unwrap();
    let pdf = load(&out.bytes);
    let marks = bookmarks(&pdf);
    let titles: Vec<&str> = marks.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(&titles[titles.len() - 3..], ["指標一覧", SDGS, PLANS]);
    let contents = text(&pdf, [2]);
    for (title, page) in &marks[marks.len() - 2..] {
        assert!(
            contents.contains(&format!("{}{page}", squeeze(title))),
            "{title} {page} in {contents}"
        );
        let t = text(&pdf, [*page]);
        assert!(t.starts_with(&squeeze(title)), "{title}: {t}");
    }

    let sdgs = body(&pdf, section(&marks, SDGS, out.pages));
    // The matrix: goal numbers as heads, a row per department naming one.
    let heads: String = (1..=17).map(|n| n.to_string()).collect();
    assert!(sdgs.contains(&format!("部局{heads}")), "{sdgs}");
    // 産業観光部 names goals 2 7 8 9 11 12 15 17: eight marks in its row.
    assert!(sdgs.contains("産業観光部●●●●●●●●建設部"), "{sdgs}");
    assert!(
        sdgs.contains("SDGsの目標の記載がない部局:総合政策部、健康福祉部、消防本部、教育委員会")
    );
    // The legend names the 17 goals in order.
    let legend: Vec<String> = mokuhyo::domain::plan::SDGS_GOALS
        .iter()
        .enumerate()
        .map(|(i, name)| format!("{}{name}", i + 1))
        .collect();
    assert_in_order(&sdgs, &legend);
    // Then per goal the themes and projects behind the marks.
    assert_in_order(
        &sdgs,
        &pieces(&[
            "No.2:飢餓をゼロに産業観光部テーマ:持続可能な農業の振興2-① 農業担い手確保・育成事業",
            "No.8:働きがいも経済成長も産業観光部テーマ:選ばれる観光地づくり",
            "1-① 観光誘客推進事業",
            "No.11:住み続けられるまちづくりを建設部",
            "● 地域公共交通・交通安全推進事業",
            "No.17:パートナーシップで目標を達成しよう産業観光部1-① 観光誘客推進事業",
        ]),
    );

    let plans = body(&pdf, section(&marks, PLANS, out.pages));
    assert_in_order(
        &plans,
        &pieces(&[
            "1-1 結婚・出産・子育ての希望をかなえる",
            "該当する事業はありません",
            "1-2 移住・定住の促進",
            "産業観光部3-① 創業・事業承継支援事業①創業件数:15件②事業承継相談件数:40件",
            "建設部テーマ: 空き家対策と住環境の向上",
            "2-1 観光と交流による地域経済の活性化",
            "産業観光部1-① 観光誘客推進事業①観光入込客数:230万人",
            "3-2 持続可能な地域公共交通の確保",
            "4-1 健康で生き生きと暮らせるまちづくり",
            "該当する事業はありません",
        ]),
    );
    assert!(!plans.contains("進捗"), "no 中間評価 in the start samples");
}

#[test]
fn a_project_s_progress_joins_it_in_the_plan_section() {
    let mut c = samples();
    let (_, doc) = c
        .documents
        .iter_mut()
        .find(|(_, d)| d.department == "産業観光部")
        .unwrap();
    let doc = Arc::make_mut(doc);
    doc.projects[0].mid_year.progress = Some(Progress::Behind);
    let out = writer().packet(&c).unwrap();
    let pdf = load(&out.bytes);
    let plans = body(&pdf, section(&bookmarks(&pdf), PLANS, out.pages));
    assert_in_order(
        &plans,
        &pieces(&[
            "中間評価の進捗は記載のあるものに添えています。",
            "2-1 観光と交流による地域経済の活性化",
            "1-① 観光誘客推進事業中間評価の進捗:△ やや遅れ①観光入込客数:230万人",
        ]),
    );
    assert_eq!(plans.matches("中間評価の進捗:").count(), 1);
}

#[test]
fn a_plan_not_on_the_list_is_shown_as_written() {
    let mut c = samples();
    c.plans = Default::default();
    let out = writer().packet(&c).unwrap();
    let pdf = load(&out.bytes);
    let plans = body(&pdf, section(&bookmarks(&pdf), PLANS, out.pages));
    assert_in_order(
        &plans,
        &pieces(&[
            "2-1",
            "設定の施策一覧にない記載です",
            "産業観光部テーマ: 選ばれる観光地づくり",
        ]),
    );
    assert!(!plans.contains("該当する事業はありません"));
}

#[test]
fn two_builds_give_identical_bytes() {
    let c = samples();
    let a = writer().packet(&c).unwrap();
    let b = writer().packet(&c).unwrap();
    assert!(a.bytes == b.bytes, "two packets differ");
}
