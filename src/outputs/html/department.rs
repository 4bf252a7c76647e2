//! One department's page in the city's published structure: the title, the
//! header (年度, 作成日, 部局名, 部局長名), (1) its themes, (2) its projects
//! with 指標名及び目標値, and at year end each indicator's result; where
//! template version 2's fields are written, the SDGs, 施策 and 予算額 of each
//! theme and project and a table of the indicators' 種類, 基準値, 長期目標値
//! and 根拠. Plain semantic markup without classes, so that the same body
//! pastes into a CMS.

use crate::domain::model::Document;
use crate::domain::plan::Plans;
use crate::domain::wareki::format_date;
use crate::outputs::present::{
    Headings, actual_text, indicator_facts, indicator_lines, link_facts, numbered_name,
};
use crate::year_end::achievement::Thresholds;
use crate::year_end::rollup::DepartmentRollup;

use super::markup::{esc, paragraphs, paragraphs_and_bullets, scrolling};

/// The page's title and h1: 「令和8年度 部局経営目標【総合政策部】」.
pub fn title(doc: &Document) -> String {
    format!("{} 部局経営目標【{}】", doc.year.label(), doc.department)
}

/// The body of the page (its h1 first).
pub fn body(
    doc: &Document,
    headings: &Headings,
    plans: &Plans,
    result: Option<(&DepartmentRollup, &Thresholds)>,
) -> String {
    let mut out = format!("<h1>{}</h1>\n", esc(&title(doc)));
    out.push_str(&header(doc));
    if !doc.remark.is_empty() {
        out.push_str(&paragraphs(&format!("※{}", doc.remark)));
    }
    out.push_str(&format!("<h2>{}</h2>\n", esc(&headings.themes)));
    for theme in &doc.themes {
        out.push_str(&format!("<h3>{}</h3>\n", esc(&theme.title)));
        out.push_str(&paragraphs(&theme.body));
        out.push_str(&facts(&link_facts(&theme.sdgs, &theme.plan, None, plans)));
    }
    out.push_str(&format!("<h2>{}</h2>\n", esc(&headings.projects)));
    out.push_str(&projects(doc, headings, plans));
    out.push_str(&indicator_details(doc));
    if let Some((result, rules)) = result.filter(|_| has_actuals(doc)) {
        out.push_str(&results(doc, result, rules));
    }
    out
}

/// 年度, 作成日, 部局名, 部局長名 as a description list (not a layout table).
fn header(doc: &Document) -> String {
    let created = doc.created.map(format_date).unwrap_or_default();
    let items = [
        ("年度", doc.year.label()),
        ("作成日", created),
        ("部局名", doc.department.clone()),
        ("部局長名", doc.head.clone()),
    ];
    let mut out = String::from("<dl>\n");
    for (term, value) in items {
        if !value.is_empty() {
            out.push_str(&format!(
                "<div><dt>{term}</dt><dd>{}</dd></div>\n",
                esc(&value)
            ));
        }
    }
    out.push_str("</dl>\n");
    out
}

/// (2) as the city's two-column table: the project (code, title, text and
/// ・ bullets) and its 指標名及び目標値.
fn projects(doc: &Document, headings: &Headings, plans: &Plans) -> String {
    if doc.projects.is_empty() {
        return String::new();
    }
    let mut rows = String::new();
    for p in &doc.projects {
        rows.push_str("<tr>\n<td>\n");
        rows.push_str(&format!("<p><strong>{}</strong></p>\n", esc(&p.heading())));
        rows.push_str(&paragraphs_and_bullets(&p.description));
        rows.push_str(&facts(&link_facts(
            &p.sdgs,
            &p.plan,
            p.budget.as_ref(),
            plans,
        )));
        rows.push_str("</td>\n<td>\n");
        for line in indicator_lines(doc, &p.indicators) {
            rows.push_str(&format!("<p>{}</p>\n", esc(&line)));
        }
        rows.push_str("</td>\n</tr>\n");
    }
    let table = format!(
        "<table>\n<caption>{}の重点事業と{}</caption>\n<thead>\n<tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr>\n</thead>\n<tbody>\n{rows}</tbody>\n</table>\n",
        esc(&doc.department),
        esc(&headings.indicators),
        esc(&headings.projects),
        esc(&headings.indicators),
    );
    scrolling(&format!("{}の重点事業の表", doc.department), &table)
}

/// Labelled facts (SDGs, 施策, 予算額) as a description list; nothing when
/// there are none.
fn facts(facts: &[(&str, String)]) -> String {
    if facts.is_empty() {
        return String::new();
    }
    let mut out = String::from("<dl>\n");
    for (term, value) in facts {
        out.push_str(&format!(
            "<div><dt>{}</dt><dd>{}</dd></div>\n",
            esc(term),
            esc(value)
        ));
    }
    out.push_str("</dl>\n");
    out
}

/// The columns of the table of the indicators' version 2 fields, as
/// [`indicator_facts`] labels them.
const DETAILS: [&str; 4] = ["指標の種類", "基準値", "長期目標値", "根拠となる計画"];

/// The indicators that carry 種類, 基準値, 長期目標値 or 根拠, in a table
/// with their 目標値 between 基準値 and 長期目標値; nothing when none does.
fn indicator_details(doc: &Document) -> String {
    let mut rows = String::new();
    for p in &doc.projects {
        for (i, ind) in p.indicators.iter().enumerate() {
            let facts = indicator_facts(ind);
            if facts.is_empty() {
                continue;
            }
            let get = |label: &str| {
                facts
                    .iter()
                    .find(|(l, _)| *l == label)
                    .map(|(_, v)| esc(v))
                    .unwrap_or_default()
            };
            rows.push_str(&format!(
                "<tr><td>{}</td><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                esc(p.marker()),
                esc(&numbered_name(p, i)),
                get(DETAILS[0]),
                get(DETAILS[1]),
                esc(&ind.display(ind.target.as_ref())),
                get(DETAILS[2]),
                get(DETAILS[3]),
            ));
        }
    }
    if rows.is_empty() {
        return String::new();
    }
    let table = format!(
        "<table>\n<caption>{}の指標の種類・基準値・長期目標値</caption>\n<thead>\n<tr><th scope=\"col\">番号</th><th scope=\"col\">指標名</th><th scope=\"col\">指標の種類</th><th scope=\"col\">基準値</th><th scope=\"col\">目標値</th><th scope=\"col\">長期目標値</th><th scope=\"col\">根拠となる計画</th></tr>\n</thead>\n<tbody>\n{rows}</tbody>\n</table>\n",
        esc(&doc.department)
    );
    format!(
        "<h3>指標の種類・基準値・長期目標値</h3>\n{}",
        scrolling(
            &format!("{}の指標の種類・基準値・長期目標値の表", doc.department),
            &table
        )
    )
}

/// Whether the document carries year-end actuals.
pub fn has_actuals(doc: &Document) -> bool {
    doc.projects
        .iter()
        .flat_map(|p| &p.indicators)
        .any(|i| i.actual.is_some() || !i.actual_text.is_empty())
}

/// At year end: each indicator's target, actual, 達成率 and 評価, the
/// promise and its result published the same way.
fn results(doc: &Document, result: &DepartmentRollup, rules: &Thresholds) -> String {
    let mut rows = String::new();
    for row in &result.rows {
        let (project, ind) = row.of(doc);
        let number = project.marker();
        let name = numbered_name(project, row.indicator);
        let a = &row.achievement;
        rows.push_str(&format!(
            "<tr><td>{}</td><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td data-grade=\"{}\">{}</td><td>{}</td></tr>\n",
            esc(number),
            esc(&name),
            esc(&ind.display(ind.target.as_ref())),
            esc(&actual_text(ind)),
            esc(&a.rate_label()),
            esc(a.grade.label()),
            esc(a.grade.label()),
            esc(&a.remark()),
        ));
    }
    let table = format!(
        "<table>\n<caption>{}の指標の達成状況</caption>\n<thead>\n<tr><th scope=\"col\">番号</th><th scope=\"col\">指標名</th><th scope=\"col\">目標値</th><th scope=\"col\">実績値</th><th scope=\"col\">達成率</th><th scope=\"col\">評価</th><th scope=\"col\">備考</th></tr>\n</thead>\n<tbody>\n{rows}</tbody>\n</table>\n",
        esc(&doc.department)
    );
    format!(
        "<h2>指標の達成状況</h2>\n<p>{}</p>\n{}",
        esc(&legend(rules)),
        scrolling(&format!("{}の指標の達成状況の表", doc.department), &table)
    )
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
