//! `mokuhyo publish`: the site carries every value of the seed as written,
//! in order; its links stay inside it; the fragments are plain markup; the
//! open data reads back as a machine reads it; reruns give the same bytes and
//! drop the pages of departments no longer published. (axe-core in a real
//! browser: scripts/a11y.sh, run by CI.)

use std::path::Path;

use crate::common::pdf::assert_in_order;
use crate::common::*;

/// The text of an HTML page, tags dropped and entities decoded.
fn text_of(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag && !c.is_whitespace() => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// `mokuhyo publish` of the samples' `inputs` into `out` (with the
/// samples' configuration); its stdout.
pub(crate) fn publish(dir: &Path, inputs: &str, out: &str, extra: &[&str]) -> String {
    let config = root().join("samples/mokuhyo.toml");
    let inputs = root().join(inputs);
    let args = [
        &[
            "publish",
            inputs.to_str().unwrap(),
            "--config",
            config.to_str().unwrap(),
            "-o",
            out,
        ][..],
        extra,
    ]
    .concat();
    let output = mokuhyo(dir, &args);
    assert_eq!(code(&output), 0, "{}", stderr(&output, dir));
    stdout(&output, dir)
}

fn read(dir: &Path, path: &str) -> String {
    std::fs::read_to_string(dir.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn the_department_page_carries_every_value_of_the_seed_in_order() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let said = publish(dir, "samples/start", "web", &["--fragments"]);
    assert!(
        said.contains("公表用のウェブページを書き出しました: web/index.html\n"),
        "{said}"
    );
    let html = read(dir, "web/department-seisaku.html");
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"ja\">"));
    assert!(html.contains("<title>令和8年度 部局経営目標【総合政策部】 | 真庭市</title>"));
    assert_eq!(html.matches("<h1>").count(), 1);
    let doc = source("総合政策部");
    let pieces = seed_pieces(&doc, "令和8年度 部局経営目標【総合政策部】", "");
    assert_in_order(&text_of(&html), &pieces);
    for seed in [
        "目標値:①10.0億円 ②350店",
        "(令和7年度実績値(見込み):100%)",
        "目標値:450万件",
        "(令和7年度実績値(見込み):395万件)",
        "(令和7年度実績値:-)",
    ] {
        let seed: String = seed.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(text_of(&html).contains(&seed), "「{seed}」 not on the page");
    }
    // The fragment: the content after the title, plain markup to paste into a CMS.
    let fragment = read(dir, "web/fragments/department-seisaku.html");
    assert!(
        html.contains(&fragment),
        "the page's main holds the fragment"
    );
    assert!(
        fragment.starts_with("<dl>"),
        "the CMS page gives the title: {fragment}"
    );
    assert!(
        !fragment.contains("<html") && !fragment.contains("class="),
        "{fragment}"
    );
}

#[test]
fn every_link_stays_inside_the_site_and_every_page_has_its_own_title() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    publish(dir, "samples/year-end", "web", &[]);
    let mut titles = Vec::new();
    for entry in std::fs::read_dir(dir.join("web")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = std::fs::read_to_string(&path).unwrap();
        for part in html.split("href=\"").skip(1) {
            let target = &part[..part.find('"').unwrap()];
            assert!(
                !target.contains("//") && !target.starts_with('/'),
                "{}: {target}",
                path.display()
            );
            let file = target.split('#').next().unwrap();
            assert!(
                file.is_empty() || dir.join("web").join(file).exists(),
                "{}: broken link {target}",
                path.display()
            );
        }
        assert!(!html.contains("<script"), "no script");
        let title = html
            .split("<title>")
            .nth(1)
            .unwrap()
            .split("</title>")
            .next()
            .unwrap();
        titles.push(title.to_string());
    }
    let count = titles.len();
    titles.sort();
    titles.dedup();
    assert_eq!(titles.len(), count, "distinct titles: {titles:?}");
    // Year end: results on the department's page and the city's summary.
    let page = read(dir, "web/department-seisaku.html");
    assert!(page.contains("<h2>指標の達成状況</h2>"));
    assert!(
        page.contains("<td data-label=\"評価\" data-grade=\"A\">A</td>"),
        "the grade carries its letter"
    );
    let results = read(dir, "web/results.html");
    assert!(
        results.contains("<svg") && results.contains("<caption>部局ごとの評価の件数</caption>")
    );
    assert!(results.contains("<tr><th scope=\"row\">全体</th><td data-label=\"A\">24</td><td data-label=\"B\">21</td><td data-label=\"C\">6</td><td data-label=\"D\">2</td><td data-label=\"−\">2</td><td data-label=\"計\">55</td></tr>"));
}

#[test]
fn the_open_data_reads_back_as_a_machine_reads_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    publish(dir, "samples/year-end", "web", &[]);
    let bytes = std::fs::read(dir.join("web/指標一覧.csv")).unwrap();
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").expect("a BOM")).unwrap();
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    let header: Vec<&str> = lines[0].split(',').collect();
    assert_eq!(
        header[..5],
        [
            "ID",
            "全国地方公共団体コード",
            "地方公共団体名",
            "年度",
            "年度(和暦)"
        ]
    );
    let indicators: usize = sample_departments()
        .iter()
        .map(|d| {
            let doc = mokuhyo::cli::load_document(
                &root().join(format!("samples/year-end/source/{d}.toml")),
            )
            .unwrap();
            doc.projects
                .iter()
                .map(|p| p.indicators.len())
                .sum::<usize>()
        })
        .sum();
    assert_eq!(lines.len() - 1, indicators, "one row per indicator");
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    // Each row has its ID, and the 統一ルール's key is unique: a project
    // without a number (●) is ●1, ●2… in its document.
    let mut ids = std::collections::BTreeSet::new();
    let mut keys = std::collections::BTreeSet::new();
    for line in &lines[1..] {
        let cells: Vec<&str> = line.split(',').collect();
        let id = cells[col("ID")];
        assert!(id.starts_with("332143-2026-") && id.is_ascii(), "{id}");
        assert!(ids.insert(id), "ID {id} twice");
        let key = [
            "全国地方公共団体コード",
            "年度",
            "部局名",
            "事業番号",
            "指標番号",
        ]
        .map(|name| cells[col(name)]);
        assert!(!key[3].is_empty(), "{line}");
        assert!(keys.insert(key), "key {key:?} twice");
    }
    assert!(ids.contains("332143-2026-seisaku-1-2"), "{ids:?}");
    assert!(keys.contains(&["332143", "2026", "総合政策部", "●2", "1"]));
    for line in &lines[1..] {
        // No sample value holds a comma or a quote: a plain split is the row.
        let cells: Vec<&str> = line.split(',').collect();
        assert_eq!(cells.len(), header.len(), "{line}");
        assert_eq!(cells[col("全国地方公共団体コード")], "332143");
        assert_eq!(cells[col("年度")], "2026");
        for name in ["目標値", "前年度実績値", "実績値", "達成率(%)"] {
            let cell = cells[col(name)];
            assert!(
                cell.is_empty() || cell.parse::<f64>().is_ok(),
                "{name} {cell:?}: {line}"
            );
        }
        for name in ["前年度実績値見込み", "累計", "実績値見込み"] {
            assert!(["0", "1"].contains(&cells[col(name)]), "{name}: {line}");
        }
    }
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("web/指標一覧.json")).unwrap()).unwrap();
    assert_eq!(json.as_array().unwrap().len(), indicators);
    assert_eq!(json[0]["全国地方公共団体コード"], "332143");
    // Shift_JIS on request.
    publish(
        dir,
        "samples/start",
        "sjis",
        &["--csv-encoding", "shift_jis"],
    );
    let bytes = std::fs::read(dir.join("sjis/指標一覧.csv")).unwrap();
    let (text, _, bad) = encoding_rs::SHIFT_JIS.decode(&bytes);
    assert!(!bad && text.starts_with("ID,全国地方公共団体コード,"));
}

#[test]
fn reruns_give_the_same_bytes_and_drop_pages_no_longer_published() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    publish(dir, "samples/start", "a", &["--fragments"]);
    publish(dir, "samples/start", "b", &["--fragments"]);
    let files = |sub: &str| {
        let mut out = Vec::new();
        for entry in walkdir::WalkDir::new(dir.join(sub)).sort_by_file_name() {
            let entry = entry.unwrap();
            if entry.file_type().is_file() {
                let rel = entry
                    .path()
                    .strip_prefix(dir.join(sub))
                    .unwrap()
                    .to_path_buf();
                out.push((rel, std::fs::read(entry.path()).unwrap()));
            }
        }
        out
    };
    assert_eq!(files("a"), files("b"), "identical bytes");
    // Published again from one department: the others' pages go.
    std::fs::create_dir(dir.join("one")).unwrap();
    std::fs::copy(sample("総合政策部"), dir.join("one/総合政策部.xlsx")).unwrap();
    let config = root().join("samples/mokuhyo.toml");
    let args = [
        "publish",
        "one",
        "--config",
        config.to_str().unwrap(),
        "-o",
        "a",
        "--fragments",
    ];
    assert_eq!(code(&mokuhyo(dir, &args)), 0);
    assert!(dir.join("a/department-seisaku.html").exists());
    assert!(!dir.join("a/department-kenko-fukushi.html").exists());
    assert!(
        !dir.join("a/fragments/department-kenko-fukushi.html")
            .exists()
    );
}

/// Issue 26: the open data carries each number as typed: whole numbers
/// as integers (年度 2026, 指標番号 1, never 2026.0) and the digits typed
/// kept (99.50, 1.20, 5.0), in the CSV and as the JSON's number literals,
/// which are the CSV's text.
#[test]
fn the_open_data_keeps_every_number_as_typed() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    fill_toml(dir, DECIMALS_LAST_YEAR, "r8/建設部.xlsx");
    let config = root().join("samples/mokuhyo.toml");
    let args = [
        "publish",
        "r8",
        "--config",
        config.to_str().unwrap(),
        "-o",
        "web",
    ];
    let output = mokuhyo(dir, &args);
    assert_eq!(code(&output), 0, "{}", stderr(&output, dir));
    let csv = read(dir, "web/指標一覧.csv");
    let lines: Vec<Vec<&str>> = csv
        .trim_start_matches('\u{FEFF}')
        .split("\r\n")
        .filter(|l| !l.is_empty())
        .map(|l| l.split(',').collect())
        .collect();
    let col = |name: &str| lines[0].iter().position(|h| *h == name).unwrap();
    let numbers: Vec<Vec<&str>> = lines[1..]
        .iter()
        .map(|cells| {
            [
                "年度",
                "指標番号",
                "目標値",
                "前年度実績値",
                "実績値",
                "達成率(%)",
            ]
            .iter()
            .map(|name| cells[col(name)])
            .collect()
        })
        .collect();
    assert_eq!(
        numbers,
        [
            ["2026", "1", "5.0", "4.5", "1.20", "24.0"],
            ["2026", "2", "10.0", "8.0", "9.50", "95.0"],
            ["2026", "3", "99.50", "98.00", "99.0", "99.5"],
            ["2026", "4", "5000", "4800", "4500", "90.0"],
            ["2026", "5", "3.0", "2.0", "2.50", "83.3"],
        ],
        "指標一覧.csv: 年度, 指標番号, 目標値, 前年度実績値, 実績値, 達成率"
    );
    // The JSON, object by object: every value is the CSV's cell, a number
    // written as its literal, text quoted, an empty cell null.
    let json = read(dir, "web/指標一覧.json");
    let parsed: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    assert_eq!(parsed[0]["年度"], 2026);
    assert!(parsed[0]["年度"].is_u64() && parsed[0]["指標番号"].is_u64());
    let objects: Vec<Vec<(String, String)>> = json
        .split("\n  {\n")
        .skip(1)
        .map(|object| {
            object
                .lines()
                .filter_map(|l| l.trim().strip_prefix('"'))
                .filter_map(|l| l.split_once("\": "))
                .map(|(k, v)| (k.to_string(), v.trim_end_matches(',').to_string()))
                .collect()
        })
        .collect();
    assert_eq!(objects.len(), lines.len() - 1, "{json}");
    let flags = ["前年度実績値見込み", "累計", "実績値見込み"];
    for (object, cells) in objects.iter().zip(&lines[1..]) {
        assert_eq!(object.len(), lines[0].len(), "{object:?}");
        for ((key, value), (header, cell)) in object.iter().zip(lines[0].iter().zip(cells)) {
            assert_eq!(key, header);
            let expected = if cell.is_empty() {
                "null".to_string()
            } else if flags.contains(header) {
                (*cell == "1").to_string()
            } else if cell.parse::<f64>().is_ok() && *header != "全国地方公共団体コード"
            {
                cell.to_string()
            } else {
                format!("\"{cell}\"")
            };
            assert_eq!(*value, expected, "指標一覧.json: {header}");
        }
    }
    assert!(json.contains("\"実績値\": 1.20,") && json.contains("\"目標値\": 99.50,"));
}

/// The roster and 施策 of [`MARKUP`], their names carrying markup too.
const MARKUP_CONFIG: &str = r#"
municipality = "<b>見本市</b> & 'x' \"y\""
code = "332143"
year = "令和8年度"

[[department]]
name = "<script>alert('部')</script>&\"局\""

[[plan]]
code = "1-1"
name = "<u>施策</u> & 'は' \"に\""
"#;

/// A department whose every text carries markup, quotes and ampersands.
const MARKUP: &str = r#"
year = "令和8年度"
created = "2026-04-01"
department = "<script>alert('部')</script>&\"局\""
head = "<i>架空</i> & 'い' \"ろ\""
remark = "<em>備考</em> & 'ほ' \"へ\""

[[theme]]
title = "<h1>テーマ</h1> & 'と' \"ち\""
sdgs = [9]
plan = ["1-1", "<s>自由記載</s> & 'り' \"ぬ\""]
body = """<p>本文</p> & 'る'
二行目 "を" </main>"""

[[project]]
code = "1-①"
title = "<b>事業</b> & 'わ' \"か\""
sdgs = [9]
plan = ["1-1"]
description = """<div>説明</div> & 'よ' "た"
・<li>箇条</li> & 'れ'"""

[[project.indicator]]
name = "<k>指標</k> & 'ね' \"な\""
unit = "<u>件</u>&'\""
target = "10"
previous = "8"
actual = "9"
actual_as_of = "2027-03-31"
kind = "活動"
baseline = "5"
baseline_as_of = "<y>令和5年度末</y>"
basis = "<z>計画</z> & 'む' \"う\""
"#;

/// Issue 27: the site escapes what departments type. Every page (and the
/// fragment) carries each value's `<`, `>`, `&`, `"` and `'` as entities,
/// in text and in attributes, and reads back as typed; no markup typed
/// reaches a page as markup. The open data keeps the text as typed.
#[test]
fn markup_typed_in_a_document_is_published_escaped() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(dir.join("mokuhyo.toml"), MARKUP_CONFIG).unwrap();
    fill_toml(dir, MARKUP, "in/局.xlsx");
    let args = [
        "publish",
        "in",
        "--config",
        "mokuhyo.toml",
        "-o",
        "web",
        "--fragments",
    ];
    let output = mokuhyo(dir, &args);
    assert_eq!(code(&output), 0, "{}", stderr(&output, dir));
    let department = "&lt;script&gt;alert(&#39;部&#39;)&lt;/script&gt;&amp;&quot;局&quot;";
    // No page key in the roster: the page is named by a hash of the name.
    let file = mokuhyo::outputs::html::department_file(
        "<script>alert('部')</script>&\"局\"",
        &Default::default(),
    );
    let fragment = format!("fragments/{file}");
    let pages = [
        "index.html",
        &file,
        &fragment,
        "indicators.html",
        "results.html",
        "sdgs.html",
        "plan.html",
    ];
    for name in pages {
        let html = read(dir, &format!("web/{name}"));
        assert!(html.contains(department), "{name}: {html}");
        assert!(
            !html.contains("<script") && !html.contains("</script"),
            "{name}"
        );
        // No template holds a ' of its own: each one typed is an entity.
        assert!(!html.contains('\''), "{name}: a ' unescaped");
        for tag in [
            "<b>", "<i>", "<em>", "<h1>テ", "<p>本", "<u>", "<k>", "<z>", "<li>箇",
        ] {
            assert!(
                !html.contains(tag),
                "{name}: {tag} reached the page as markup"
            );
        }
    }
    let page = read(dir, &format!("web/{file}"));
    assert!(page.contains(&format!(
        "<title>令和8年度 部局経営目標【{department}】 | &lt;b&gt;見本市&lt;/b&gt; &amp; &#39;x&#39; &quot;y&quot;</title>"
    )));
    assert!(page.contains(&format!("aria-label=\"{department}の重点事業の表\"")));
    assert!(page.contains("<li>・&lt;li&gt;箇条&lt;/li&gt; &amp; &#39;れ&#39;</li>"));
    let typed = [
        "<i>架空</i> & 'い' \"ろ\"",
        "※<em>備考</em> & 'ほ' \"へ\"",
        "<h1>テーマ</h1> & 'と' \"ち\"",
        "<p>本文</p> & 'る'",
        "二行目 \"を\" </main>",
        "<s>自由記載</s> & 'り' \"ぬ\"",
        "<b>事業</b> & 'わ' \"か\"",
        "<div>説明</div> & 'よ' \"た\"",
        "<k>指標</k> & 'ね' \"な\"",
        "10<u>件</u>&'\"",
        "<z>計画</z> & 'む' \"う\"",
    ];
    let text = text_of(&page);
    for value in typed {
        let value: String = value.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(
            text.contains(&value),
            "「{value}」 not on the page as typed"
        );
    }
    let plan = text_of(&read(dir, "web/plan.html"));
    assert!(plan.contains("1-1<u>施策</u>&'は'\"に\""), "{plan}");
    // The CSV quotes the cells holding a quote, and keeps the text as typed.
    let csv = read(dir, "web/指標一覧.csv");
    assert!(
        csv.contains(
            ",\"<script>alert('部')</script>&\"\"局\"\"\",1-①,\"<b>事業</b> & 'わ' \"\"か\"\"\","
        ),
        "{csv}"
    );
}
