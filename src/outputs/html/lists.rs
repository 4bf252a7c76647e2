//! The pages that gather every department: the index (links to each
//! department, the lists, the SDGs and 施策 pages when written, and the
//! open data), the list of every indicator,
//! and at year end the city's results (counts per department, as a chart
//! drawn in SVG with the same data as a table beside it).

use crate::domain::model::Document;
use crate::outputs::present::{actual_text, numbered_name};
use crate::year_end::achievement::Grade;
use crate::year_end::rollup::{Counts, Rollup};

use super::markup::{esc, scrolling};

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
) -> String {
    let mut out = format!("<h1>{}</h1>\n", esc(heading));
    out.push_str("<h2>部局ごとの目標</h2>\n<ul>\n");
    for e in entries {
        out.push_str(&format!(
            "<li><a href=\"{}\">{}</a></li>\n",
            esc(&e.file),
            esc(e.department)
        ));
    }
    out.push_str("</ul>\n<h2>一覧とデータ</h2>\n<ul>\n");
    out.push_str(&format!(
        "<li><a href=\"{}\">指標一覧(全部局の指標と目標値)</a></li>\n",
        INDICATORS
    ));
    if let Some(file) = results {
        out.push_str(&format!(
            "<li><a href=\"{}\">達成状況のまとめ(部局ごとの評価の件数)</a></li>\n",
            esc(file)
        ));
    }
    for (label, file) in pages.iter().chain(open_data) {
        out.push_str(&format!(
            "<li><a href=\"{}\">{}</a></li>\n",
            esc(file),
            esc(label)
        ));
    }
    out.push_str("</ul>\n");
    out
}

/// The file of the indicator list.
pub const INDICATORS: &str = "indicators.html";

/// Every indicator of every department in one data table.
pub fn indicators(heading: &str, docs: &[&Document], rollup: Option<&Rollup>) -> String {
    let year_end = rollup.is_some();
    let mut rows = String::new();
    for (d, doc) in docs.iter().enumerate() {
        for (p, project) in doc.projects.iter().enumerate() {
            for (i, ind) in project.indicators.iter().enumerate() {
                let number = project.marker();
                let name = numbered_name(project, i);
                let previous = match (ind.previous.as_ref(), ind.previous_estimate) {
                    (Some(q), true) => format!("{}(見込み)", ind.display(Some(q))),
                    (q, _) => ind.display(q),
                };
                rows.push_str(&format!(
                    "<tr><td>{}</td><td>{}</td><td>{}</td><th scope=\"row\">{}</th><td>{}</td><td>{}</td>",
                    esc(&doc.department),
                    esc(number),
                    esc(&project.title),
                    esc(&name),
                    esc(&ind.display(ind.target.as_ref())),
                    esc(&previous),
                ));
                if let Some(r) = rollup {
                    let a = r.achievement(d, p, i);
                    let (rate, grade) = a
                        .map(|a| (a.rate_label(), a.grade.label()))
                        .unwrap_or_default();
                    rows.push_str(&format!(
                        "<td>{}</td><td>{}</td><td data-grade=\"{grade}\">{grade}</td>",
                        esc(&actual_text(ind)),
                        esc(&rate),
                    ));
                }
                rows.push_str("</tr>\n");
            }
        }
    }
    let mut head = String::from(
        "<th scope=\"col\">部局</th><th scope=\"col\">番号</th><th scope=\"col\">事業名</th><th scope=\"col\">指標名</th><th scope=\"col\">目標値</th><th scope=\"col\">前年度実績値</th>",
    );
    if year_end {
        head.push_str(
            "<th scope=\"col\">実績値</th><th scope=\"col\">達成率</th><th scope=\"col\">評価</th>",
        );
    }
    let table = format!(
        "<table>\n<caption>{}</caption>\n<thead>\n<tr>{head}</tr>\n</thead>\n<tbody>\n{rows}</tbody>\n</table>\n",
        esc(heading)
    );
    format!(
        "<h1>{}</h1>\n{}",
        esc(heading),
        scrolling("指標一覧の表", &table)
    )
}

/// The file of the city's results.
pub const RESULTS: &str = "results.html";

/// At year end: the counts of each grade per department and for the city,
/// as a chart and as a table.
pub fn results(heading: &str, legend: &str, rollup: &Rollup) -> String {
    let mut out = format!("<h1>{}</h1>\n<p>{}</p>\n", esc(heading), esc(legend));
    out.push_str(&chart(rollup));
    let cells = |c: &Counts| -> String {
        Grade::ALL
            .iter()
            .map(|g| format!("<td>{}</td>", c.get(*g)))
            .chain(std::iter::once(format!("<td>{}</td>", c.total())))
            .collect()
    };
    let mut rows = String::new();
    for d in &rollup.departments {
        rows.push_str(&format!(
            "<tr><th scope=\"row\">{}</th>{}</tr>\n",
            esc(&d.department),
            cells(&d.counts)
        ));
    }
    let head: String = Grade::ALL
        .iter()
        .map(|g| format!("<th scope=\"col\">{}</th>", esc(g.label())))
        .collect();
    let table = format!(
        "<table>\n<caption>部局ごとの評価の件数</caption>\n<thead>\n<tr><th scope=\"col\">部局</th>{head}<th scope=\"col\">計</th></tr>\n</thead>\n<tbody>\n{rows}</tbody>\n<tfoot>\n<tr><th scope=\"row\">全体</th>{}</tr>\n</tfoot>\n</table>\n",
        cells(&rollup.counts)
    );
    out.push_str(&scrolling("部局ごとの評価の件数の表", &table));
    out
}

/// A 100% stacked bar per department in SVG; its text alternative says
/// that the table below holds the same numbers, and each segment wide
/// enough carries its grade's letter (nothing told by colour alone).
fn chart(rollup: &Rollup) -> String {
    const LABEL: f32 = 150.0;
    const BAR: f32 = 450.0;
    const ROW: f32 = 28.0;
    let height = ROW * rollup.departments.len() as f32 + 10.0;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {height}\" role=\"img\" aria-labelledby=\"chart-title\">\n<title id=\"chart-title\">部局ごとの評価の割合(帯グラフ)。数値は下の表のとおりです。</title>\n",
        LABEL + BAR + 10.0
    );
    for (i, d) in rollup.departments.iter().enumerate() {
        let y = i as f32 * ROW + 5.0;
        svg.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"13\">{}</text>\n",
            LABEL - 8.0,
            y + 17.0,
            esc(&d.department)
        ));
        let total = d.counts.total().max(1) as f32;
        let mut x = LABEL;
        for g in Grade::ALL {
            let n = d.counts.get(g);
            if n == 0 {
                continue;
            }
            let w = BAR * n as f32 / total;
            svg.push_str(&format!(
                "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"22\" fill=\"#{:06X}\" stroke=\"#FFFFFF\"/>\n",
                g.tint()
            ));
            if w >= 24.0 {
                svg.push_str(&format!(
                    "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"12\">{}{n}</text>\n",
                    x + w / 2.0,
                    y + 16.0,
                    esc(g.label())
                ));
            }
            x += w;
        }
    }
    svg.push_str("</svg>\n");
    format!("<figure>\n{svg}<figcaption>部局ごとの評価の割合</figcaption>\n</figure>\n")
}
