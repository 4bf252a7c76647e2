//! The pages of what the goals serve (template version 2), each written
//! only when some document names one: sdgs.html, the matrix of departments
//! × the 17 goals as a data table and, per goal, the themes and projects
//! behind it; plan.html, each 施策 of the 総合計画 with the themes and
//! projects serving it and their indicators. Every entry links to its
//! department's page.

use maud::{Markup, Render, html};

use crate::consolidate::links::{self, Part};
use crate::domain::model::Document;
use crate::domain::plan::{Plans, SDGS_GOALS, sdg_label, sdg_name};
use crate::outputs::present::indicator_cell;

use super::markup::{columns, indicator_line, scrolling, table};

/// The file of the SDGs page.
pub const SDGS: &str = "sdgs.html";
/// The file of the plan page.
pub const PLANS: &str = "plan.html";

/// A link to the page of a department's theme or project: `部局: テーマ…`.
struct PartLink<'a> {
    doc: &'a Document,
    file: &'a str,
    part: Part,
}

impl Render for PartLink<'_> {
    fn render(&self) -> Markup {
        html! {
            (self.doc.department) ": " a href=(self.file) { (self.part.label(self.doc)) }
        }
    }
}

/// The SDGs page's body: `files[i]` is the page of `docs[i]`.
pub fn sdgs(heading: &str, docs: &[&Document], files: &[String]) -> Markup {
    let matrix = links::sdgs_matrix(docs);
    let goals = 1..=SDGS_GOALS.len() as u8;
    let table = html! {
        table class="matrix" {
            "\n"
            caption { "部局ごとのSDGsの目標(列は目標の番号、●は掲げている目標)" } "\n"
            thead {
                "\n"
                tr {
                    th scope="col" { "部局" }
                    @for n in goals.clone() {
                        @let name = sdg_name(n);
                        th scope="col" {
                            abbr title=(name) { (n) }
                            span class="visually-hidden" { ":" (name) }
                        }
                    }
                }
                "\n"
            }
            "\n"
            tbody {
                "\n"
                @for row in &matrix {
                    tr {
                        th scope="row" {
                            a href=(files[row.department]) { (docs[row.department].department) }
                        }
                        @for (n, parts) in (1u8..).zip(&row.goals) {
                            @if parts.is_empty() {
                                td data-label=(n) {}
                            } @else {
                                td data-label=(n) {
                                    span aria-hidden="true" { "●" }
                                    span class="visually-hidden" { "掲げている" }
                                }
                            }
                        }
                    }
                    "\n"
                }
            }
            "\n"
        }
        "\n"
    };
    // Per goal, the themes and projects that name it; the goals none names.
    let mut listed = Vec::new();
    let mut none = Vec::new();
    for n in goals {
        let items: Vec<PartLink> = matrix
            .iter()
            .flat_map(|row| {
                let d = row.department;
                row.goals[usize::from(n) - 1]
                    .iter()
                    .map(move |part| PartLink {
                        doc: docs[d],
                        file: &files[d],
                        part: *part,
                    })
            })
            .collect();
        if items.is_empty() {
            none.push(format!("No.{n}"));
        } else {
            listed.push((n, items));
        }
    }
    html! {
        h1 { (heading) } "\n"
        p {
            "各部局のテーマと重点事業が、SDGs(持続可能な開発目標)の17の目標のどれに取り組むかを示します。表の「●」は、その部局のテーマまたは重点事業がその目標を掲げていることを表します。目標ごとのテーマと重点事業は表の下にあります。"
        }
        "\n"
        (scrolling("部局ごとのSDGsの目標の表", table))
        h2 { "目標ごとのテーマと重点事業" } "\n"
        @for (n, items) in &listed {
            h3 { (sdg_label(*n)) } "\n"
            ul {
                "\n"
                @for item in items {
                    li { (item) } "\n"
                }
            }
            "\n"
        }
        @if !none.is_empty() {
            p { "掲げるテーマ・重点事業のない目標: " (none.join("、")) } "\n"
        }
    }
}

/// The plan page's body: each 施策 (the office's list in order, then those
/// only departments wrote) with a table of what serves it, or a line saying
/// nothing does.
pub fn plans(heading: &str, docs: &[&Document], files: &[String], plans: &Plans) -> Markup {
    html! {
        h1 { (heading) } "\n"
        p {
            "総合計画の施策ごとに、その施策に取り組む各部局のテーマと重点事業、重点事業の指標と目標値を示します。"
        }
        "\n"
        @for entry in links::plan_view(docs, plans) {
            @let title = entry.title();
            h2 { (title) } "\n"
            @if !entry.listed {
                p { "総合計画の施策の一覧にない記載です(部局の記載のまま)。" } "\n"
            }
            @if entry.parts.is_empty() {
                p { "該当する事業はありません。" } "\n"
            } @else {
                @let rows = html! {
                    @for (d, part) in &entry.parts {
                        (serving(docs[*d], &files[*d], *part))
                    }
                };
                @let head = columns(SERVING);
                @let caption = format!("{title}に取り組むテーマと重点事業");
                (scrolling(&format!("{title}の表"), table(&caption, head, rows)))
            }
        }
    }
}

/// The header row of a table of the plan page.
const SERVING: [&str; 3] = ["部局", "テーマ・重点事業", "指標名及び目標値"];

/// A row of the plan page: the department, the theme or project (a link to
/// its page) and, for a project, its indicators.
fn serving(doc: &Document, file: &str, part: Part) -> Markup {
    let indicators = match part {
        Part::Theme(_) => Vec::new(),
        Part::Project(p) => doc
            .projects
            .get(p)
            .map(|p| indicator_cell(doc, &p.indicators))
            .unwrap_or_default(),
    };
    html! {
        tr {
            td data-label=(SERVING[0]) { (doc.department) }
            th scope="row" { a href=(file) { (part.label(doc)) } }
            td data-label=(SERVING[2]) {
                @for line in &indicators {
                    (indicator_line(line))
                }
            }
        }
        "\n"
    }
}
