//! The pages of what the goals serve (template version 2), each written
//! only when some document names one: sdgs.html, the matrix of departments
//! × the 17 goals as a data table and, per goal, the themes and projects
//! behind it; plan.html, each 施策 of the 総合計画 with the themes and
//! projects serving it and their indicators. Every entry links to its
//! department's page.

use crate::consolidate::links::{self, Part};
use crate::domain::model::Document;
use crate::domain::plan::{Plans, SDGS_GOALS, sdg_label, sdg_name};
use crate::outputs::present::indicator_lines;

use super::markup::{esc, scrolling};

/// The file of the SDGs page.
pub const SDGS: &str = "sdgs.html";
/// The file of the plan page.
pub const PLANS: &str = "plan.html";

/// A link to the page of a department's theme or project: `部局: テーマ…`.
fn part_link(doc: &Document, file: &str, part: Part) -> String {
    format!(
        "{}: <a href=\"{}\">{}</a>",
        esc(&doc.department),
        esc(file),
        esc(&part.label(doc))
    )
}

/// The SDGs page's body: `files[i]` is the page of `docs[i]`.
pub fn sdgs(heading: &str, docs: &[&Document], files: &[String]) -> String {
    let matrix = links::sdgs_matrix(docs);
    let mut out = format!("<h1>{}</h1>\n", esc(heading));
    out.push_str(
        "<p>各部局のテーマと重点事業が、SDGs(持続可能な開発目標)の17の目標のどれに取り組むかを示します。表の「●」は、その部局のテーマまたは重点事業がその目標を掲げていることを表します。目標ごとのテーマと重点事業は表の下にあります。</p>\n",
    );
    let head: String = (1..=SDGS_GOALS.len() as u8)
        .map(|n| {
            format!(
                "<th scope=\"col\"><abbr title=\"{name}\">{n}</abbr><span class=\"visually-hidden\">:{name}</span></th>",
                name = esc(sdg_name(n))
            )
        })
        .collect();
    let mut rows = String::new();
    for row in &matrix {
        let d = row.department;
        rows.push_str(&format!(
            "<tr><th scope=\"row\"><a href=\"{}\">{}</a></th>",
            esc(&files[d]),
            esc(&docs[d].department)
        ));
        for parts in &row.goals {
            if parts.is_empty() {
                rows.push_str("<td></td>");
            } else {
                rows.push_str(
                    "<td><span aria-hidden=\"true\">●</span><span class=\"visually-hidden\">掲げている</span></td>",
                );
            }
        }
        rows.push_str("</tr>\n");
    }
    let table = format!(
        "<table class=\"matrix\">\n<caption>部局ごとのSDGsの目標(列は目標の番号、●は掲げている目標)</caption>\n<thead>\n<tr><th scope=\"col\">部局</th>{head}</tr>\n</thead>\n<tbody>\n{rows}</tbody>\n</table>\n"
    );
    out.push_str(&scrolling("部局ごとのSDGsの目標の表", &table));
    out.push_str("<h2>目標ごとのテーマと重点事業</h2>\n");
    let mut none = Vec::new();
    for n in 1..=SDGS_GOALS.len() as u8 {
        let items: Vec<String> = matrix
            .iter()
            .flat_map(|row| {
                let d = row.department;
                row.goals[usize::from(n) - 1]
                    .iter()
                    .map(move |part| part_link(docs[d], &files[d], *part))
            })
            .collect();
        if items.is_empty() {
            none.push(format!("No.{n}"));
            continue;
        }
        out.push_str(&format!("<h3>{}</h3>\n<ul>\n", esc(&sdg_label(n))));
        for item in items {
            out.push_str(&format!("<li>{item}</li>\n"));
        }
        out.push_str("</ul>\n");
    }
    if !none.is_empty() {
        out.push_str(&format!(
            "<p>掲げるテーマ・重点事業のない目標: {}</p>\n",
            none.join("、")
        ));
    }
    out
}

/// The plan page's body: each 施策 (the office's list in order, then those
/// only departments wrote) with a table of what serves it, or a line saying
/// nothing does.
pub fn plans(heading: &str, docs: &[&Document], files: &[String], plans: &Plans) -> String {
    let mut out = format!("<h1>{}</h1>\n", esc(heading));
    out.push_str(
        "<p>総合計画の施策ごとに、その施策に取り組む各部局のテーマと重点事業、重点事業の指標と目標値を示します。</p>\n",
    );
    for entry in links::plan_view(docs, plans) {
        let title = entry.title();
        out.push_str(&format!("<h2>{}</h2>\n", esc(&title)));
        if !entry.listed {
            out.push_str("<p>総合計画の施策の一覧にない記載です(部局の記載のまま)。</p>\n");
        }
        if entry.parts.is_empty() {
            out.push_str("<p>該当する事業はありません。</p>\n");
            continue;
        }
        let mut rows = String::new();
        for (d, part) in &entry.parts {
            let doc = docs[*d];
            let indicators = match part {
                Part::Theme(_) => Vec::new(),
                Part::Project(p) => doc
                    .projects
                    .get(*p)
                    .map(|p| indicator_lines(doc, &p.indicators))
                    .unwrap_or_default(),
            };
            let indicators: String = indicators
                .iter()
                .map(|line| format!("<p>{}</p>", esc(line)))
                .collect();
            rows.push_str(&format!(
                "<tr><td>{}</td><th scope=\"row\"><a href=\"{}\">{}</a></th><td>{indicators}</td></tr>\n",
                esc(&doc.department),
                esc(&files[*d]),
                esc(&part.label(doc)),
            ));
        }
        let table = format!(
            "<table>\n<caption>{}に取り組むテーマと重点事業</caption>\n<thead>\n<tr><th scope=\"col\">部局</th><th scope=\"col\">テーマ・重点事業</th><th scope=\"col\">指標名及び目標値</th></tr>\n</thead>\n<tbody>\n{rows}</tbody>\n</table>\n",
            esc(&title)
        );
        out.push_str(&scrolling(&format!("{title}の表"), &table));
    }
    out
}
