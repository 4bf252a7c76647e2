//! The pages that gather every department: the index (links to each
//! department, the lists, the SDGs and 施策 pages when written, and the
//! open data), the list of every indicator,
//! and at year end the city's results (counts per department, as a chart
//! drawn in SVG with the same data as a table beside it).

use std::fmt::Write;

use maud::{Markup, Render, html};

use crate::domain::model::Document;
use crate::outputs::present::{actual_text, numbered_name};
use crate::year_end::achievement::Grade;
use crate::year_end::rollup::{Counts, Rollup};

use super::markup::{columns, scrolling, table};

/// A department's page: its name and file.
pub struct Entry<'a> {
    /// 部局名.
    pub department: &'a str,
    /// The page's file name.
    pub file: String,
}

/// The index's body; `pages` are the other pages of the site written this
/// time (label, file), listed after the indicators.
pub fn index(
    heading: &str,
    entries: &[Entry],
    results: Option<&str>,
    pages: &[(&str, &str)],
    open_data: &[(&str, &str)],
) -> Markup {
    html! {
        h1 { (heading) } "\n"
        h2 { "部局ごとの目標" } "\n"
        ul {
            "\n"
            @for e in entries {
                li { a href=(e.file) { (e.department) } } "\n"
            }
        }
        "\n"
        h2 { "一覧とデータ" } "\n"
        ul {
            "\n"
            li { a href=(INDICATORS) { "指標一覧(全部局の指標と目標値)" } } "\n"
            @if let Some(file) = results {
                li { a href=(file) { "達成状況のまとめ(部局ごとの評価の件数)" } } "\n"
            }
            @for (label, file) in pages.iter().chain(open_data) {
                li { a href=(file) { (label) } } "\n"
            }
        }
        "\n"
    }
}

/// The file of the indicator list.
pub const INDICATORS: &str = "indicators.html";

/// Every indicator of every department in one data table.
pub fn indicators(heading: &str, docs: &[&Document], rollup: Option<&Rollup>) -> Markup {
    let rows = html! {
        @for (d, doc) in docs.iter().enumerate() {
            @for (p, project) in doc.projects.iter().enumerate() {
                @for (i, ind) in project.indicators.iter().enumerate() {
                    @let previous = match (ind.previous.as_ref(), ind.previous_estimate) {
                        (Some(q), true) => format!("{}(見込み)", ind.display(Some(q))),
                        (q, _) => ind.display(q),
                    };
                    tr {
                        td { (doc.department) }
                        td { (project.marker()) }
                        td { (project.title) }
                        th scope="row" { (numbered_name(project, i)) }
                        td { (ind.display(ind.target.as_ref())) }
                        td { (previous) }
                        @if let Some(r) = rollup {
                            @let a = r.achievement(d, p, i);
                            @let (rate, grade) = a
                                .map(|a| (a.rate_label(), a.grade.label()))
                                .unwrap_or_default();
                            td { (actual_text(ind)) }
                            td { (rate) }
                            td data-grade=(grade) { (grade) }
                        }
                    }
                    "\n"
                }
            }
        }
    };
    let mut head = vec!["部局", "番号", "事業名", "指標名", "目標値", "前年度実績値"];
    if rollup.is_some() {
        head.extend(["実績値", "達成率", "評価"]);
    }
    html! {
        h1 { (heading) } "\n"
        (scrolling("指標一覧の表", table(heading, columns(head), rows)))
    }
}

/// The file of the city's results.
pub const RESULTS: &str = "results.html";

/// At year end: the counts of each grade per department and for the city,
/// as a chart and as a table.
pub fn results(heading: &str, legend: &str, rollup: &Rollup) -> Markup {
    let cells = |c: &Counts| {
        html! {
            @for g in Grade::ALL {
                td { (c.get(g)) }
            }
            td { (c.total()) }
        }
    };
    let table = html! {
        table {
            "\n"
            caption { "部局ごとの評価の件数" } "\n"
            thead {
                "\n"
                tr {
                    th scope="col" { "部局" }
                    (columns(Grade::ALL.iter().map(|g| g.label())))
                    th scope="col" { "計" }
                }
                "\n"
            }
            "\n"
            tbody {
                "\n"
                @for d in &rollup.departments {
                    tr { th scope="row" { (d.department) } (cells(&d.counts)) } "\n"
                }
            }
            "\n"
            tfoot { "\n" tr { th scope="row" { "全体" } (cells(&rollup.counts)) } "\n" } "\n"
        }
        "\n"
    };
    html! {
        h1 { (heading) } "\n"
        p { (legend) } "\n"
        (chart(rollup))
        (scrolling("部局ごとの評価の件数の表", table))
    }
}

/// A 100% stacked bar per department in SVG; its text alternative says
/// that the table below holds the same numbers, and each segment wide
/// enough carries its grade's letter (nothing told by colour alone).
fn chart(rollup: &Rollup) -> Markup {
    const LABEL: f32 = 150.0;
    const BAR: f32 = 450.0;
    const ROW: f32 = 28.0;
    let height = ROW * rollup.departments.len() as f32 + 10.0;
    let svg = html! {
        svg xmlns="http://www.w3.org/2000/svg" viewBox=(format!("0 0 {} {height}", LABEL + BAR + 10.0))
            role="img" aria-labelledby="chart-title" {
            "\n"
            title id="chart-title" { "部局ごとの評価の割合(帯グラフ)。数値は下の表のとおりです。" } "\n"
            @for (i, d) in rollup.departments.iter().enumerate() {
                @let y = i as f32 * ROW + 5.0;
                text x=(format!("{}", LABEL - 8.0)) y=(format!("{}", y + 17.0)) text-anchor="end" font-size="13" {
                    (d.department)
                }
                "\n"
                (bars(&d.counts, LABEL, BAR, y))
            }
        }
        "\n"
    };
    html! {
        figure { "\n" (svg) figcaption { "部局ごとの評価の割合" } "\n" } "\n"
    }
}

/// One department's bar: a segment per grade it has, each as wide as its
/// share, with its letter and count where it is wide enough to hold them.
fn bars(counts: &Counts, left: f32, width: f32, y: f32) -> Markup {
    let total = counts.total().max(1) as f32;
    let mut x = left;
    let mut segments = Vec::new();
    for g in Grade::ALL {
        let n = counts.get(g);
        if n > 0 {
            let w = width * n as f32 / total;
            segments.push((g, n, x, w));
            x += w;
        }
    }
    html! {
        @for (g, n, x, w) in segments {
            (Rect { x, y, width: w, height: 22.0, fill: g.tint() }) "\n"
            @if w >= 24.0 {
                text x=(format!("{:.1}", x + w / 2.0)) y=(format!("{:.1}", y + 16.0))
                    text-anchor="middle" font-size="12" {
                    (g.label()) (n)
                }
                "\n"
            }
        }
    }
}

/// A bar's segment, `<rect …/>`. SVG inside HTML is foreign content, where
/// an element closes itself only with `/>`, which maud does not write (its
/// void elements end with `>`); so this one element is written here. Its
/// values are numbers, none of them text, so nothing in it needs escaping.
struct Rect {
    x: f32,
    y: f32,
    width: f32,
    height: f32,
    fill: u32,
}

impl Render for Rect {
    fn render_to(&self, buffer: &mut String) {
        let Rect {
            x,
            y,
            width,
            height,
            fill,
        } = self;
        // Writing to a String cannot fail.
        let _ = write!(
            buffer,
            "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{width:.1}\" height=\"{height}\" fill=\"#{fill:06X}\" stroke=\"#FFFFFF\"/>"
        );
    }
}
