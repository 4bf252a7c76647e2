//! HTML text, written with maud, which escapes every value it is given: the
//! page every published file shares (language, title, stylesheet, skip
//! link, header with the breadcrumb, main, footer) and the pieces the pages
//! share (paragraphs, ・ bullets, data tables that scroll on a phone).
//!
//! The markup is one element or row a line, as the published pages have
//! always been: each template writes its `"\n"`s itself (maud adds no
//! whitespace of its own).

use maud::{DOCTYPE, Markup, Render, html};

use crate::outputs::present::IndicatorLine;

/// The non-empty lines of a text, trimmed.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines().map(str::trim).filter(|l| !l.is_empty())
}

/// Text as paragraphs: each non-empty line one `<p>`.
pub fn paragraphs(text: &str) -> Markup {
    html! {
        @for line in lines(text) {
            p { (line) } "\n"
        }
    }
}

/// Text whose lines starting with ・ are bullets, as the city's pages write
/// them: paragraphs, and runs of ・ lines as a list without markers (the ・
/// stays in the text, as written).
pub fn paragraphs_and_bullets(text: &str) -> Markup {
    // Each paragraph alone, each run of bullets together.
    let mut runs: Vec<Vec<&str>> = Vec::new();
    for line in lines(text) {
        let bullet = line.starts_with('・');
        match runs.last_mut() {
            Some(run) if bullet && run[0].starts_with('・') => run.push(line),
            _ => runs.push(vec![line]),
        }
    }
    html! {
        @for run in &runs {
            @if run[0].starts_with('・') {
                ul style="list-style-type: none" {
                    "\n"
                    @for line in run {
                        li { (line) } "\n"
                    }
                }
                "\n"
            } @else {
                p { (run[0]) } "\n"
            }
        }
    }
}

/// A value with its unit (「10.0億円」, 「①121組」) kept on one line: a
/// span that does not wrap, styled inline so that a fragment pasted into a
/// CMS keeps it too.
pub fn value(text: &str) -> Markup {
    html! { span style="white-space: nowrap" { (text) } }
}

/// A text whose numbers each stay on one line with what follows them (a
/// unit or counter of up to four characters: 「令和5年度」, 「48,500千円」,
/// 「①84人」), the rest free to wrap.
pub fn numbers(text: &str) -> Markup {
    let mut pieces = Vec::new();
    let mut at = 0;
    for run in quantities(text) {
        pieces.push((&text[at..run.start], false));
        pieces.push((&text[run.clone()], true));
        at = run.end;
    }
    pieces.push((&text[at..], false));
    html! {
        @for (piece, kept) in pieces {
            @if kept { (value(piece)) } @else { (piece) }
        }
    }
}

/// Where each number of a text begins and ends with what follows it: a
/// circled number (①) or a sign first when there is one, the digits with
/// their separators, then up to four characters that are not a space, a
/// digit or punctuation. Only runs of two characters or more (a digit
/// alone cannot break).
fn quantities(text: &str) -> Vec<std::ops::Range<usize>> {
    const UNIT: usize = 4;
    let not_unit = |c: char| c.is_whitespace() || c.is_ascii_digit() || ",.():、。・/".contains(c);
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let end_of = |k: usize| chars.get(k).map_or(text.len(), |&(i, _)| i);
    let mut runs = Vec::new();
    let mut k = 0;
    while k < chars.len() {
        let start = k;
        let mut j = k;
        if matches!(chars[j].1, '\u{2460}'..='\u{2473}') {
            j += 1;
        }
        if chars
            .get(j)
            .is_some_and(|&(_, c)| matches!(c, '-' | '\u{2212}' | '+'))
        {
            j += 1;
        }
        if !chars.get(j).is_some_and(|&(_, c)| c.is_ascii_digit()) {
            k += 1;
            continue;
        }
        while chars
            .get(j)
            .is_some_and(|&(_, c)| c.is_ascii_digit() || c == ',' || c == '.')
        {
            j += 1;
        }
        let mut unit = 0;
        while unit < UNIT && chars.get(j).is_some_and(|&(_, c)| !not_unit(c)) {
            j += 1;
            unit += 1;
        }
        if j - start >= 2 {
            runs.push(chars[start].0..end_of(j));
        }
        k = j;
    }
    runs
}

/// A line of the 指標名及び目標値 cell as a paragraph: the label on one
/// line, and each value with its unit on one line.
pub fn indicator_line(line: &IndicatorLine) -> Markup {
    html! {
        p {
            @if line.aside { "(" }
            @if line.values { (value(&line.label)) } @else { (line.label) }
            ":"
            @for (k, item) in line.items.iter().enumerate() {
                @if k > 0 { " " }
                @if line.values { (value(item)) } @else { (item) }
            }
            @if line.aside { ")" }
        }
    }
}

/// A link in the breadcrumb: its text and, but for the current page, where
/// it goes.
pub struct Crumb<'a> {
    /// The text.
    pub text: &'a str,
    /// The relative address; `None` for the page itself.
    pub href: Option<&'a str>,
}

impl Render for Crumb<'_> {
    fn render(&self) -> Markup {
        html! {
            @match self.href {
                Some(href) => li { a href=(href) { (self.text) } },
                None => li aria-current="page" { (self.text) },
            }
        }
    }
}

/// A whole page: `title` in the window (and the tab), `site` the header's
/// line, `body` the content of `main` (which opens with the page's h1).
pub fn page(title: &str, site: &str, crumbs: &[Crumb], body: &Markup) -> String {
    let page = html! {
        (DOCTYPE) "\n"
        html lang="ja" {
            "\n"
            head {
                "\n"
                meta charset="utf-8"; "\n"
                meta name="viewport" content="width=device-width, initial-scale=1"; "\n"
                title { (title) } "\n"
                link rel="stylesheet" href="style.css"; "\n"
            }
            "\n"
            body {
                "\n"
                a class="skip" href="#main" { "本文へ移動" } "\n"
                header {
                    "\n"
                    p class="site" { (site) } "\n"
                    @if !crumbs.is_empty() {
                        nav aria-label="現在位置" {
                            "\n"
                            ol class="crumbs" {
                                "\n"
                                @for crumb in crumbs {
                                    (crumb) "\n"
                                }
                            }
                            "\n"
                        }
                        "\n"
                    }
                }
                "\n"
                main id="main" { "\n" (body) }
                "\n"
                footer { "\n" p { (site) } "\n" }
                "\n"
            }
            "\n"
        }
        "\n"
    };
    finish(page)
}

/// Markup as the text of a file. maud escapes `&`, `<`, `>` and `"`; the
/// site has always written `'` as `&#39;` too, and its bytes are pinned
/// (tests/expected). No template here holds a `'` of its own, so each one
/// came from a value: it is written as before. (maud puts values only in
/// text and in double-quoted attributes, where the two read the same; the
/// pages have no script or style element, whose text is not decoded.)
pub fn finish(markup: Markup) -> String {
    markup.into_string().replace('\'', "&#39;")
}

/// A table that may be wider than a phone: scrollable on its own, and
/// reachable by keyboard to scroll it (styled inline, so that a fragment
/// pasted into a CMS scrolls too).
pub fn scrolling(label: &str, table: Markup) -> Markup {
    html! {
        div role="region" aria-label=(label) tabindex="0" style="overflow-x: auto" {
            "\n" (table)
        }
        "\n"
    }
}

/// A data table: its caption, the header row's cells (`th scope="col"`
/// each) and the body's rows, each row a line.
pub fn table(caption: &str, head: Markup, rows: Markup) -> Markup {
    html! {
        table {
            "\n"
            caption { (caption) } "\n"
            thead { "\n" tr { (head) } "\n" } "\n"
            tbody { "\n" (rows) } "\n"
        }
        "\n"
    }
}

/// The cells of a header row: `th scope="col"` for each label.
pub fn columns<'a>(labels: impl IntoIterator<Item = &'a str>) -> Markup {
    html! {
        @for label in labels {
            th scope="col" { (label) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_their_units() {
        fn kept(text: &str) -> Vec<&str> {
            quantities(text).into_iter().map(|r| &text[r]).collect()
        }
        assert_eq!(
            kept("(令和7年度実績値:①121組 ②34人)"),
            ["7年度実績", "①121組", "②34人"]
        );
        assert_eq!(kept("48,500千円"), ["48,500千円"]);
        assert_eq!(kept("−5.0% 9 No.8:働き"), ["−5.0%"]);
        assert_eq!(
            numbers("約3割<b>").into_string(),
            "約<span style=\"white-space: nowrap\">3割&lt;b&gt;</span>"
        );
    }

    #[test]
    fn escapes_and_keeps_bullets_as_written() {
        assert_eq!(
            finish(paragraphs("<a href='x'>&\"</a>")),
            "<p>&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;</p>\n"
        );
        assert_eq!(
            paragraphs_and_bullets("説明\n・一つ\n・二つ\n\nあと").into_string(),
            "<p>説明</p>\n<ul style=\"list-style-type: none\">\n<li>・一つ</li>\n<li>・二つ</li>\n</ul>\n<p>あと</p>\n"
        );
    }
}
