//! The pages that gather every department: the index (links to each
//! department, the lists, the SDGs and 施策 pages when written, and the
//! open data), the list of every indicator,
//! and at year end the city's results (counts per department, as a chart
//! drawn in SVG with the same data as a table beside it).

use std::fmt::Write;

use maud::{Markup, Render, html};

use crate::domain::model::Document;
use crate::outputs::present::numbered_name;
use crate::year_end::achievement::Grade;
use crate::year_end::rollup::{Counts, Rollup};

use super::department::actual;
use super::markup::{columns, scrolling, table, value};

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
    let mut head = vec!["部局", "番号", "事業名", "指標名", "目標値", "前年度実績値"];
    if rollup.is_some() {
        head.extend(["実績値", "達成率", "評価"]);
    }
    let rows = html! {
        @for (d, doc) in docs.iter().enumerate() {
            @for (p, project) in doc.projects.iter().enumerate() {
                @for (i, ind) in project.indicators.iter().enumerate() {
                    @let label = |k: usize| head[k];
                    @let previous = match (ind.previous.as_ref(), ind.previous_estimate) {
                        (Some(q), true) => format!("{}(見込み)", ind.display(Some(q))),
                        (q, _) => ind.display(q),
                    };
                    tr {
                        td data-label=(label(0)) { (doc.department) }
                        td data-label=(label(1)) { (project.marker()) }
                        td data-label=(label(2)) { (project.title) }
                        th scope="row" { (numbered_name(project, i)) }
                        td data-label=(label(4)) { (value(&ind.display(ind.target.as_ref()))) }
                        td data-label=(label(5)) { (value(&previous)) }
                        @if let Some(r) = rollup {
                            @let a = r.achievement(d, p, i);
                            @let (rate, grade) = a
                                .map(|a| (a.rate_label(), a.grade.label()))
                                .unwrap_or_default();
                            td data-label=(label(6)) { (actual(ind)) }
                            td data-label=(label(7)) { (value(&rate)) }
                            td data-label=(label(8)) data-grade=(grade) { (grade) }
                        }
                    }
                    "\n"
                }
            }
        }
    };
    html! {
        h1 { (heading) } "\n"
        (scrolling("指標一覧の表", table(heading, columns(head.iter().copied()), rows)))
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
                td data-label=(g.label()) { (c.get(g)) }
            }
            td data-label="計" { (c.total()) }
        }
    };
    let table = html! {
        table class="counts" {
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

/// A 100% stacked bar per department: the bar drawn in SVG, stretched to
/// the width there is; the department's name and the count of each grade
/// in HTML text beside it, at the size of the body text whatever the width
/// (SVG text would shrink with the drawing on a phone). Its text
/// alternative says that the table below holds the same numbers; each
/// count is led by its grade's letter and a swatch of its colour, in the
/// order of the segments (nothing told by colour alone).
fn chart(rollup: &Rollup) -> Markup {
    html! {
        figure {
            "\n"
            div class="chart" role="img" aria-label="部局ごとの評価の割合(帯グラフ)。数値は下の表のとおりです。" {
                "\n"
                @for d in &rollup.departments {
                    div class="bar" {
                        span class="name" { (d.department) }
                        (bars(&d.counts))
                        span class="shares" {
                            @for (k, g) in Grade::ALL.into_iter().filter(|g| d.counts.get(*g) > 0).enumerate() {
                                @if k > 0 { " " }
                                span style="white-space: nowrap" {
                                    span class="swatch" data-grade=(g.label()) {}
                                    (g.label()) " " (d.counts.get(g)) "件"
                                }
                            }
                        }
                    }
                    "\n"
                }
            }
            "\n"
            figcaption { "部局ごとの評価の割合" } "\n"
        }
        "\n"
    }
}

/// One department's bar, 100 wide and stretched to its box: a segment per
/// grade it has, each as wide as its share.
fn bars(counts: &Counts) -> Markup {
    let total = counts.total().max(1) as f32;
    let mut x = 0.0;
    let mut segments = Vec::new();
    for g in Grade::ALL {
        let n = counts.get(g);
        if n > 0 {
            let w = 100.0 * n as f32 / total;
            segments.push(Rect {
                x,
                y: 0.0,
                width: w,
                height: 10.0,
                fill: g.tint(),
            });
            x += w;
        }
    }
    html! {
        svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 10" preserveAspectRatio="none"
            aria-hidden="true" focusable="false" {
            @for segment in segments {
                (segment)
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
            "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{width:.1}\" height=\"{height}\" fill=\"#{fill:06X}\" stroke=\"#FFFFFF\" vector-effect=\"non-scaling-stroke\"/>"
        );
    }
}
