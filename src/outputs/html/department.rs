//! One department's page in the city's published structure: the title, the
//! header (年度, 作成日, 部局名, 部局長名), (1) its themes, (2) its projects
//! with 指標名及び目標値, and at year end each indicator's result; where
//! template version 2's fields are written, the SDGs, 施策 and 予算額 of each
//! theme and project and a table of the indicators' 種類, 基準値, 長期目標値
//! and 根拠. Plain semantic markup without classes, so that the same body
//! pastes into a CMS.

use maud::{Markup, html};

use crate::domain::model::Document;
use crate::domain::model::Indicator;
use crate::domain::plan::Plans;
use crate::domain::quantity::Quantity;
use crate::domain::wareki::format_date;
use crate::outputs::present::{
    Headings, actual_text, indicator_cell, indicator_facts, link_facts, numbered_name,
};
use crate::year_end::achievement::Thresholds;
use crate::year_end::rollup::DepartmentRollup;

use super::markup::{
    columns, indicator_line, numbers, paragraphs, paragraphs_and_bullets, scrolling, table, value,
};

/// The page's title and h1: 「令和8年度 部局経営目標【総合政策部】」 (the
/// document as the city names it).
pub fn title(doc: &Document, document: &str) -> String {
    format!("{} {document}【{}】", doc.year.label(), doc.department)
}

/// The body of the page (its h1 first).
pub fn body(
    doc: &Document,
    headings: &Headings,
    plans: &Plans,
    result: Option<(&DepartmentRollup, &Thresholds)>,
) -> Markup {
    html! {
        h1 { (title(doc, &headings.document)) } "\n"
        (header(doc, headings))
        @if !doc.remark.is_empty() {
            (paragraphs(&format!("※{}", doc.remark)))
        }
        h2 { (headings.themes) } "\n"
        @for theme in &doc.themes {
            h3 { (theme.title) } "\n"
            (paragraphs(&theme.body))
            (facts(&link_facts(&theme.sdgs, &theme.plan, None, plans)))
        }
        h2 { (headings.projects) } "\n"
        (projects(doc, headings, plans))
        (indicator_details(doc))
        @if let Some((result, rules)) = result.filter(|_| has_actuals(doc)) {
            (results(doc, result, rules))
        }
    }
}

/// 年度, 作成日, 部局名, 部局長名 as a description list (not a layout table).
fn header(doc: &Document, headings: &Headings) -> Markup {
    let created = doc.created.map(format_date).unwrap_or_default();
    let items = [
        ("年度", doc.year.label()),
        ("作成日", created),
        (headings.department.as_str(), doc.department.clone()),
        (headings.head.as_str(), doc.head.clone()),
    ];
    let items: Vec<(&str, String)> = items.into_iter().filter(|(_, v)| !v.is_empty()).collect();
    description_list(&items)
}

/// Terms and their values as a description list, each pair in a `div`;
/// 予算額 (`link_facts`' only amount) kept with its unit on one line.
fn description_list(items: &[(&str, String)]) -> Markup {
    html! {
        dl {
            "\n"
            @for (term, text) in items {
                div {
                    dt { (term) }
                    dd { @if *term == "予算額" { (value(text)) } @else { (text) } }
                }
                "\n"
            }
        }
        "\n"
    }
}

/// (2) as the city's two-column table: the project (code, title, text and
/// ・ bullets) and its 指標名及び目標値.
fn projects(doc: &Document, headings: &Headings, plans: &Plans) -> Markup {
    if doc.projects.is_empty() {
        return Markup::default();
    }
    let rows = html! {
        @for p in &doc.projects {
            tr {
                "\n"
                td data-label=(headings.projects) {
                    "\n"
                    p { strong { (p.heading()) } } "\n"
                    (paragraphs_and_bullets(&p.description))
                    (facts(&link_facts(&p.sdgs, &p.plan, p.budget.as_ref(), plans)))
                }
                "\n"
                td data-label=(headings.indicators) {
                    "\n"
                    @for line in indicator_cell(doc, &p.indicators) {
                        (indicator_line(&line)) "\n"
                    }
                }
                "\n"
            }
            "\n"
        }
    };
    let caption = format!("{}の重点事業と{}", doc.department, headings.indicators);
    let head = columns([headings.projects.as_str(), headings.indicators.as_str()]);
    scrolling(
        &format!("{}の重点事業の表", doc.department),
        table(&caption, head, rows),
    )
}

/// Labelled facts (SDGs, 施策, 予算額) as a description list; nothing when
/// there are none.
fn facts(facts: &[(&str, String)]) -> Markup {
    if facts.is_empty() {
        return Markup::default();
    }
    description_list(facts)
}

/// The columns of the table of the indicators' version 2 fields, as
/// [`indicator_facts`] labels them.
const DETAILS: [&str; 4] = ["指標の種類", "基準値", "長期目標値", "根拠となる計画"];

/// The header row of that table.
const DETAIL_COLUMNS: [&str; 7] = [
    "番号",
    "指標名",
    "指標の種類",
    "基準値",
    "目標値",
    "長期目標値",
    "根拠となる計画",
];

/// 基準値 or 長期目標値 with its 時点 (「205.3万人(令和5年度)」), the value
/// kept with its unit; nothing when there is no value.
fn dated(ind: &Indicator, value_of: Option<&Quantity>, when: &str) -> Markup {
    html! {
        @if let Some(q) = value_of {
            (value(&ind.display(Some(q))))
            @if !when.is_empty() { "(" (numbers(when)) ")" }
        }
    }
}

/// An actual as shown, a number kept with its unit (and its (見込み)), a
/// text as typed with its numbers kept with theirs.
pub fn actual(ind: &Indicator) -> Markup {
    let text = actual_text(ind);
    if ind.actual.is_some() {
        value(&text)
    } else {
        numbers(&text)
    }
}

/// The indicators that carry 種類, 基準値, 長期目標値 or 根拠, in a table
/// with their 目標値 between 基準値 and 長期目標値; nothing when none does.
fn indicator_details(doc: &Document) -> Markup {
    let details: Vec<_> = doc
        .projects
        .iter()
        .flat_map(|p| {
            p.indicators
                .iter()
                .enumerate()
                .map(move |(i, ind)| (p, i, ind))
        })
        .map(|(p, i, ind)| (p, i, ind, indicator_facts(ind)))
        .filter(|(.., facts)| !facts.is_empty())
        .collect();
    if details.is_empty() {
        return Markup::default();
    }
    let rows = html! {
        @for (p, i, ind, facts) in &details {
            @let get = |label: &str| {
                facts.iter().find(|(l, _)| *l == label).map(|(_, v)| v.as_str()).unwrap_or_default()
            };
            tr {
                td data-label=(DETAIL_COLUMNS[0]) { (p.marker()) }
                th scope="row" { (numbered_name(p, *i)) }
                td data-label=(DETAILS[0]) { (get(DETAILS[0])) }
                td data-label=(DETAILS[1]) { (dated(ind, ind.baseline.as_ref(), &ind.baseline_as_of)) }
                td data-label=(DETAIL_COLUMNS[4]) { (value(&ind.display(ind.target.as_ref()))) }
                td data-label=(DETAILS[2]) { (dated(ind, ind.long_term.as_ref(), &ind.long_term_year)) }
                td data-label=(DETAILS[3]) { (get(DETAILS[3])) }
            }
            "\n"
        }
    };
    let head = columns(DETAIL_COLUMNS);
    let caption = format!("{}の指標の種類・基準値・長期目標値", doc.department);
    html! {
        h3 { "指標の種類・基準値・長期目標値" } "\n"
        (scrolling(&format!("{caption}の表"), table(&caption, head, rows)))
    }
}

/// Whether the document carries year-end actuals.
pub fn has_actuals(doc: &Document) -> bool {
    doc.projects
        .iter()
        .flat_map(|p| &p.indicators)
        .any(|i| i.actual.is_some() || !i.actual_text.is_empty())
}

/// The header row of the table of results.
const RESULT_COLUMNS: [&str; 7] = [
    "番号",
    "指標名",
    "目標値",
    "実績値",
    "達成率",
    "評価",
    "備考",
];

/// At year end: each indicator's target, actual, 達成率 and 評価, the
/// promise and its result published the same way.
fn results(doc: &Document, result: &DepartmentRollup, rules: &Thresholds) -> Markup {
    let rows = html! {
        @for row in &result.rows {
            @let (project, ind) = row.of(doc);
            @let a = &row.achievement;
            tr {
                td data-label=(RESULT_COLUMNS[0]) { (project.marker()) }
                th scope="row" { (numbered_name(project, row.indicator)) }
                td data-label=(RESULT_COLUMNS[2]) { (value(&ind.display(ind.target.as_ref()))) }
                td data-label=(RESULT_COLUMNS[3]) { (actual(ind)) }
                td data-label=(RESULT_COLUMNS[4]) { (value(&a.rate_label())) }
                td data-label=(RESULT_COLUMNS[5]) data-grade=(a.grade.label()) { (a.grade.label()) }
                td data-label=(RESULT_COLUMNS[6]) { (a.remark()) }
            }
            "\n"
        }
    };
    let head = columns(RESULT_COLUMNS);
    let caption = format!("{}の指標の達成状況", doc.department);
    html! {
        h2 { "指標の達成状況" } "\n"
        p { (legend(rules)) } "\n"
        (scrolling(&format!("{caption}の表"), table(&caption, head, rows)))
    }
}

/// 「評価は達成率による: A 100%以上、B 80%以上100%未満、…、− 測定不能」.
pub fn legend(rules: &Thresholds) -> String {
    let parts: Vec<String> = rules
        .legend()
        .iter()
        .map(|(grade, rule)| format!("{} {rule}", grade.label()))
        .collect();
    format!("評価は達成率によります: {}。", parts.join("、"))
}
