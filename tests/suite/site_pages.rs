//! The site's pages as addresses and as a phone shows them (issue 28): each
//! department's page keeps its address whichever departments are published
//! and wherever the roster lists it; what `publish` keeps of an earlier set
//! it says; values keep their units on one line; the chart's text is the
//! body's size. (The layout in a real browser: scripts/a11y.py.)

use std::path::Path;

use crate::common::*;

/// The page the index links to for `department`.
fn page_of(dir: &Path, site: &str, department: &str) -> String {
    let index = std::fs::read_to_string(dir.join(site).join("index.html")).unwrap();
    let end = format!("\">{department}</a>");
    let at = index
        .find(&end)
        .unwrap_or_else(|| panic!("{department} in {index}"));
    let start = index[..at].rfind("href=\"").unwrap() + "href=\"".len();
    index[start..at].to_string()
}

fn run(dir: &Path, args: &[&str]) -> String {
    let out = mokuhyo(dir, args);
    assert_eq!(code(&out), 0, "{}", stderr(&out, dir));
    stdout(&out, dir)
}

/// The 総合政策部 sample's source as another department's.
fn another_department(name: &str) -> String {
    let source = std::fs::read_to_string(root().join("samples/source/総合政策部.toml")).unwrap();
    source
        .replace(
            "department = \"総合政策部\"",
            &format!("department = \"{name}\""),
        )
        .replace("head = \"木村 辰生\"", "head = \"山田 花子\"")
}

fn copy_samples(dir: &Path, to: &str) {
    std::fs::create_dir_all(dir.join(to)).unwrap();
    for department in sample_departments() {
        let from = sample(&department);
        std::fs::copy(&from, dir.join(to).join(from.file_name().unwrap())).unwrap();
    }
}

#[test]
fn a_department_keeps_its_page_whichever_departments_are_published() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    copy_samples(dir, "in");
    let departments = sample_departments();
    // Without a roster, and then with two rosters in other orders (危機管理監
    // first in one), no page keys.
    let roster = |names: Vec<&str>| -> String {
        names
            .iter()
            .map(|n| format!("[[department]]\nname = \"{n}\"\n"))
            .collect()
    };
    let listed: Vec<&str> = departments.iter().map(String::as_str).collect();
    let reversed: Vec<&str> = std::iter::once("危機管理監")
        .chain(listed.iter().rev().copied())
        .collect();
    let rosters = [
        None,
        Some(roster(
            listed.iter().copied().chain(["危機管理監"]).collect(),
        )),
        Some(roster(reversed)),
    ];
    let mut before: Vec<String> = Vec::new();
    for (n, roster) in rosters.iter().enumerate() {
        let _ = std::fs::remove_file(dir.join("in/危機管理監.xlsx"));
        let mut args = vec!["publish", "in", "-o", "web"];
        if let Some(roster) = roster {
            std::fs::write(dir.join("roster.toml"), roster).unwrap();
            args.extend(["--config", "roster.toml"]);
        }
        publish_samples(dir);
        let pages: Vec<String> = departments.iter().map(|d| page_of(dir, "web", d)).collect();
        let seisaku = &pages[departments.iter().position(|d| d == "総合政策部").unwrap()];
        assert!(
            seisaku.starts_with("department-") && seisaku.ends_with(".html"),
            "{seisaku}"
        );
        assert_ne!(seisaku, "department-01.html");
        if n == 0 {
            before = pages.clone();
        }
        assert_eq!(pages, before, "the same addresses with roster {roster:?}");
        // A department added to the set: every other page stays where it was.
        fill_toml(dir, &another_department("危機管理監"), "in/危機管理監.xlsx");
        publish_samples(dir);
        let after: Vec<String> = departments.iter().map(|d| page_of(dir, "web", d)).collect();
        assert_eq!(after, before, "with 危機管理監 added, roster {roster:?}");
        let crisis = page_of(dir, "web", "危機管理監");
        assert!(!before.contains(&crisis), "{crisis}");
        let page = std::fs::read_to_string(dir.join("web").join(seisaku)).unwrap();
        assert!(page.contains("<title>令和8年度 部局経営目標【総合政策部】"));
    }
}

/// `publish in -o web --fragments` with the samples' configuration.
fn publish_samples(dir: &Path) -> String {
    let config = root().join("samples/mokuhyo.toml");
    let args = [
        "publish",
        "in",
        "--config",
        config.to_str().unwrap(),
        "-o",
        "web",
        "--fragments",
    ];
    run(dir, &args)
}

#[test]
fn a_page_key_in_the_roster_is_the_department_s_address() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    copy_samples(dir, "in");
    publish_samples(dir);
    assert_eq!(page_of(dir, "web", "総合政策部"), "department-seisaku.html");
    assert!(dir.join("web/fragments/department-seisaku.html").is_file());
    fill_toml(dir, &another_department("危機管理監"), "in/危機管理監.xlsx");
    publish_samples(dir);
    assert_eq!(page_of(dir, "web", "総合政策部"), "department-seisaku.html");
    assert_eq!(
        page_of(dir, "web", "危機管理監"),
        "department-kikikanri.html"
    );
    let crisis = std::fs::read_to_string(dir.join("web/department-kikikanri.html")).unwrap();
    assert!(crisis.contains("<title>令和8年度 部局経営目標【危機管理監】"));
    // An address that is not one is refused, by its line, in Japanese.
    std::fs::write(
        dir.join("bad.toml"),
        "[[department]]\nname = \"総合政策部\"\npage = \"総合政策\"\n",
    )
    .unwrap();
    let out = mokuhyo(
        dir,
        &["publish", "in", "--config", "bad.toml", "-o", "web2"],
    );
    assert_ne!(code(&out), 0);
    let said = stderr(&out, dir);
    assert!(
        said.contains("名簿([[department]])の3行目の page「総合政策」は使えません。"),
        "{said}"
    );
}

/// `publish --fragments` keeps a fragment of an earlier set that was edited
/// since (someone's work) and says so, by name, with why.
#[test]
fn a_kept_fragment_is_named_with_why() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    copy_samples(dir, "in");
    publish_samples(dir);
    let fragment = dir.join("web/fragments/department-kensetsu.html");
    let mut edited = std::fs::read_to_string(&fragment).unwrap();
    edited.push_str("<p>CMS 用に追記</p>\n");
    std::fs::write(&fragment, &edited).unwrap();
    std::fs::remove_file(dir.join("in/令和8年度_部局経営目標_建設部.xlsx")).unwrap();
    let said = publish_samples(dir);
    assert_eq!(std::fs::read_to_string(&fragment).unwrap(), edited, "kept");
    assert!(
        !dir.join("web/department-kensetsu.html").exists(),
        "removed"
    );
    assert!(
        said.contains(
            "[注意] web/fragments/department-kensetsu.html: 前回の公表で書き出したファイルですが、今回の公表には含まれません。書き出した後に編集されているので削除せずに残しました。不要なら削除してください。"
        ),
        "{said}"
    );
    assert_eq!(said.matches("[注意]").count(), 1, "{said}");
    // With --json, the file kept is named in `kept`.
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    copy_samples(dir, "in");
    publish_samples(dir);
    std::fs::write(dir.join("web/fragments/department-kensetsu.html"), &edited).unwrap();
    std::fs::remove_file(dir.join("in/令和8年度_部局経営目標_建設部.xlsx")).unwrap();
    let config = root().join("samples/mokuhyo.toml");
    let config = config.to_str().unwrap();
    let args = [
        "publish",
        "in",
        "--config",
        config,
        "-o",
        "web",
        "--fragments",
        "--json",
    ];
    let json = run(dir, &args);
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    // (On Windows the JSON's `\\` reaches here as `//`.)
    let kept: Vec<String> = report["kept"]
        .as_array()
        .unwrap_or_else(|| panic!("{json}"))
        .iter()
        .map(|p| p.as_str().unwrap().replace("//", "/"))
        .collect();
    assert_eq!(kept, ["web/fragments/department-kensetsu.html"], "{json}");
}

/// A tag or a text of a page, as the site writes them (maud: attributes
/// double-quoted with `&`, `<`, `>`, `"` escaped, no comments, no script).
enum Piece<'a> {
    Open { name: &'a str, attrs: &'a str },
    Close(&'a str),
    Text(String),
}

fn decoded(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

fn pieces(html: &str) -> Vec<Piece<'_>> {
    const VOID: [&str; 5] = ["meta", "link", "br", "img", "rect"];
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push(Piece::Text(decoded(&rest[..lt])));
        let gt = lt + rest[lt..].find('>').unwrap();
        let tag = &rest[lt + 1..gt];
        if let Some(name) = tag.strip_prefix('/') {
            out.push(Piece::Close(name));
        } else if !tag.starts_with('!') {
            let (name, attrs) = tag.split_once(' ').unwrap_or((tag, ""));
            out.push(Piece::Open { name, attrs });
            if VOID.contains(&name) || tag.ends_with('/') {
                out.push(Piece::Close(name));
            }
        }
        rest = &rest[gt + 1..];
    }
    out.push(Piece::Text(decoded(rest)));
    out
}

/// An attribute's value as written.
fn attribute<'a>(attrs: &'a str, name: &str) -> Option<&'a str> {
    let key = format!("{name}=\"");
    let at = attrs
        .match_indices(&key)
        .find(|(i, _)| *i == 0 || attrs[..*i].ends_with(' '))?
        .0
        + key.len();
    Some(&attrs[at..at + attrs[at..].find('"')?])
}

/// A cell, or a line or value in one, with each character's nowrap span
/// (`None` outside one).
struct Held {
    /// What it is, for the message: `td 目標値`, `p`, `dd 予算額`.
    what: String,
    /// The `data-label` of a cell.
    label: Option<String>,
    /// The header of its column, for a cell in a table's body.
    column: Option<String>,
    chars: Vec<(char, Option<usize>)>,
}

impl Held {
    fn text(&self) -> String {
        self.chars.iter().map(|(c, _)| c).collect()
    }
}

/// Every cell (td and th) of a page, every paragraph of a cell and every
/// value of a description list, with its text.
fn held(html: &str) -> Vec<Held> {
    let mut done = Vec::new();
    // Open elements (name, nowrap span id), the open captures (depth).
    let mut stack: Vec<(&str, Option<usize>)> = Vec::new();
    let mut open: Vec<(usize, Held)> = Vec::new();
    let mut spans = 0;
    let (mut header, mut in_head, mut column) = (Vec::<String>::new(), false, 0);
    let mut last_term = String::new();
    for piece in pieces(html) {
        match piece {
            Piece::Open { name, attrs } => {
                let nowrap = (name == "span"
                    && attribute(attrs, "style") == Some("white-space: nowrap"))
                .then(|| {
                    spans += 1;
                    spans
                });
                stack.push((name, nowrap));
                let capture = |what: String| Held {
                    what,
                    label: attribute(attrs, "data-label").map(decoded),
                    column: None,
                    chars: Vec::new(),
                };
                match name {
                    "table" => header.clear(),
                    "thead" => in_head = true,
                    "tr" => column = 0,
                    "td" | "th" => {
                        let mut cell = capture(name.to_string());
                        if !in_head {
                            cell.column = header.get(column).cloned();
                        }
                        column += 1;
                        open.push((stack.len(), cell));
                    }
                    "p" if stack.iter().any(|(n, _)| *n == "td") => {
                        open.push((stack.len(), capture("p".to_string())))
                    }
                    "dd" => open.push((stack.len(), capture(format!("dd {last_term}")))),
                    _ => {}
                }
            }
            Piece::Close(name) => {
                let (top, _) = stack.pop().unwrap();
                assert_eq!(top, name, "</{name}> closes <{top}>");
                while open.last().is_some_and(|(depth, _)| *depth > stack.len()) {
                    let (_, held) = open.pop().unwrap();
                    if in_head && held.what == "th" {
                        header.push(held.text());
                    }
                    done.push(held);
                }
                if name == "thead" {
                    in_head = false;
                }
            }
            Piece::Text(text) => {
                let keep = stack.iter().find_map(|(_, id)| *id);
                for (_, held) in &mut open {
                    held.chars.extend(text.chars().map(|c| (c, keep)));
                }
                if stack.last().is_some_and(|(n, _)| *n == "dt") {
                    last_term = text.trim().to_string();
                }
            }
        }
    }
    assert!(stack.is_empty(), "unclosed: {stack:?}");
    done
}

/// Each number of a text with what follows it, as scripts/a11y.py finds
/// them: a circled number or a sign, digits and separators, then up to
/// four characters that are not a space, a digit or punctuation; runs of
/// two characters or more, as (start, end) in characters.
fn quantities(chars: &[char]) -> Vec<(usize, usize)> {
    let unit = |c: char| !c.is_whitespace() && !c.is_ascii_digit() && !",.():、。・/".contains(c);
    let mut runs = Vec::new();
    let mut k = 0;
    while k < chars.len() {
        let mut j = k;
        if ('\u{2460}'..='\u{2473}').contains(&chars[j]) {
            j += 1;
        }
        if chars.get(j).is_some_and(|c| "-\u{2212}+".contains(*c)) {
            j += 1;
        }
        if !chars.get(j).is_some_and(char::is_ascii_digit) {
            k += 1;
            continue;
        }
        while chars
            .get(j)
            .is_some_and(|c| c.is_ascii_digit() || ",.".contains(*c))
        {
            j += 1;
        }
        let digits = j;
        while j - digits < 4 && chars.get(j).is_some_and(|c| unit(*c)) {
            j += 1;
        }
        if j - k >= 2 {
            runs.push((k, j));
        }
        k = j;
    }
    runs
}

/// Every page of the samples' sites: start (with the fragments) and year end.
fn sample_pages(dir: &Path) -> Vec<(String, String)> {
    let mut pages = Vec::new();
    for (inputs, out, extra) in [
        ("samples/start", "start", &["--fragments"][..]),
        ("samples/year-end", "year-end", &[][..]),
    ] {
        crate::publish::publish(dir, inputs, out, extra);
        for entry in walkdir::WalkDir::new(dir.join(out)) {
            let path = entry.unwrap().into_path();
            if path.extension().is_some_and(|e| e == "html") {
                let name = path.strip_prefix(dir).unwrap().display().to_string();
                pages.push((name, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    pages.sort();
    pages
}

/// On a phone a table's rows are stacked, each cell led by its column's
/// name (style.css): every data cell carries that name, in every table of
/// every page and fragment. (The SDGs matrix's columns are goal numbers:
/// its headers read 「1:貧困をなくそう」 to a screen reader.)
#[test]
fn every_cell_carries_its_column_s_name() {
    let tmp = tempfile::tempdir().unwrap();
    let mut cells = 0;
    for (page, html) in sample_pages(tmp.path()) {
        for cell in held(&html).iter().filter(|h| h.what == "td") {
            let column = cell
                .column
                .as_deref()
                .unwrap_or_else(|| panic!("{page}: a cell outside a column: 「{}」", cell.text()));
            let label = cell.label.as_deref().unwrap_or_else(|| {
                panic!("{page}: no data-label on 「{}」 ({column})", cell.text())
            });
            assert!(
                label == column || column.starts_with(&format!("{label}:")),
                "{page}: 「{}」 is labelled {label}, its column is {column}",
                cell.text()
            );
            cells += 1;
        }
    }
    assert!(cells > 1000, "{cells} cells");
}

/// A value and its unit never break apart (「10.0億/円」, 「①121/組」): in
/// the value columns, the 目標値 and 実績値 lines of a cell and the 予算額,
/// 基準値 and 長期目標値, each number with what follows it is inside one
/// nowrap span (styled inline, so that a fragment pasted into a CMS keeps
/// it too).
#[test]
fn every_value_keeps_its_unit_on_one_line() {
    const VALUE_COLUMNS: [&str; 6] = [
        "目標値",
        "実績値",
        "前年度実績値",
        "基準値",
        "長期目標値",
        "達成率",
    ];
    const VALUE_TERMS: [&str; 3] = ["dd 予算額", "dd 基準値", "dd 長期目標値"];
    let tmp = tempfile::tempdir().unwrap();
    let mut values = 0;
    let mut broken = Vec::new();
    for (page, html) in sample_pages(tmp.path()) {
        for held in held(&html) {
            let text = held.text();
            let holds = match held.what.as_str() {
                "td" => held
                    .column
                    .as_deref()
                    .is_some_and(|c| VALUE_COLUMNS.contains(&c)),
                "p" => {
                    let text = text.trim();
                    text.starts_with("目標値:")
                        || (text.starts_with('(') && text.contains("実績値"))
                }
                what => VALUE_TERMS.contains(&what),
            };
            if !holds {
                continue;
            }
            let chars: Vec<char> = held.chars.iter().map(|(c, _)| *c).collect();
            for (start, end) in quantities(&chars) {
                values += 1;
                let span = held.chars[start].1;
                if span.is_none() || held.chars[start..end].iter().any(|(_, s)| *s != span) {
                    let run: String = chars[start..end].iter().collect();
                    broken.push(format!("{page}: 「{run}」 in 「{}」", text.trim()));
                }
            }
        }
    }
    assert!(
        broken.is_empty(),
        "{} of {values}:\n{}",
        broken.len(),
        broken.join("\n")
    );
    assert!(values > 500, "{values} values");
}

/// The results chart's text is the page's own text (HTML at the body's
/// size, whatever the width), not SVG text that shrinks with the drawing:
/// each department's name and each grade's count beside its bar.
#[test]
fn the_chart_s_text_is_the_page_s_text() {
    let tmp = tempfile::tempdir().unwrap();
    let pages = sample_pages(tmp.path());
    let (_, results) = pages
        .iter()
        .find(|(page, _)| page.ends_with("results.html"))
        .unwrap();
    let figure = &results[results.find("<figure>").unwrap()..results.find("</figure>").unwrap()];
    assert!(!figure.contains("<text"), "{figure}");
    assert!(figure.contains("<svg"), "{figure}");
    for department in sample_departments() {
        assert!(
            figure.contains(&format!("<span class=\"name\">{department}</span>")),
            "{department}: {figure}"
        );
    }
    assert!(figure.contains("A 7件"), "{figure}");
}
