//! What the goals serve, in the consolidated workbook and on the site
//! (template version 2): the sheets SDGs and 施策別, the new columns of
//! 指標一覧, the department sheets and pages with SDGs, 施策 and 予算額,
//! sdgs.html and plan.html; read back by name. A run of version 1 files
//! gives none of it, and its workbook is the one it always was.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, open_workbook_auto};

use crate::common::*;

const BOOK: &str = "令和8年度_部局経営目標_集約.xlsx";

/// Runs a command of the binary on `inputs` with the samples' settings,
/// writing to `out` in `dir`.
fn run(dir: &Path, command: &str, inputs: &Path, out: &str) {
    let config = root().join("samples/mokuhyo.toml");
    let args = [
        command,
        inputs.to_str().unwrap(),
        "--config",
        config.to_str().unwrap(),
        "-o",
        out,
    ];
    let output = mokuhyo(dir, &args);
    assert_eq!(code(&output), 0, "{}", stderr(&output, dir));
}

/// A sheet's cells as text, row by row.
fn sheet(book: &Path, name: &str) -> Vec<Vec<String>> {
    let mut workbook = open_workbook_auto(book).unwrap();
    let range = workbook
        .worksheet_range(name)
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    range
        .rows()
        .map(|row| {
            row.iter()
                .map(|d| match d {
                    Data::Float(f) => format!("{f}"),
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

/// The rows of the table whose header row is the first, as maps from the
/// header's names; `first_col` where the table starts.
fn records(rows: &[Vec<String>], first_col: usize) -> Vec<BTreeMap<String, String>> {
    let header: Vec<&String> = rows[0][first_col..]
        .iter()
        .take_while(|h| !h.is_empty())
        .collect();
    rows[1..]
        .iter()
        .filter(|r| r.get(first_col).is_some_and(|c| !c.is_empty()))
        .map(|r| {
            header
                .iter()
                .enumerate()
                .map(|(i, h)| {
                    let cell = r.get(first_col + i).cloned().unwrap_or_default();
                    (h.to_string(), cell)
                })
                .collect()
        })
        .collect()
}

fn build_start(dir: &Path) -> PathBuf {
    run(dir, "build", &root().join("samples/start"), "out");
    dir.join("out").join(BOOK)
}

#[test]
fn the_workbook_has_the_sdgs_matrix_and_its_list() {
    let tmp = tempfile::tempdir().unwrap();
    let book = build_start(tmp.path());
    let names = open_workbook_auto(&book).unwrap().sheet_names();
    let at = |name: &str| names.iter().position(|n| n == name).unwrap();
    assert!(at("重点事業一覧") < at("SDGs") && at("SDGs") < at("施策別"));
    assert!(at("施策別") < at("総合政策部"), "{names:?}");
    let rows = sheet(&book, "SDGs");
    let matrix = records(&rows, 0);
    let goal_numbers: Vec<String> = (1..=17).map(|n| n.to_string()).collect();
    assert_eq!(rows[0][1..18], goal_numbers[..]);
    let row = |department: &str| {
        matrix
            .iter()
            .find(|r| r["部局"] == department)
            .unwrap_or_else(|| panic!("no row of {department}: {matrix:?}"))
    };
    for goal in ["2", "7", "8", "9", "11", "12", "15", "17"] {
        assert_eq!(row("産業観光部")[goal], "●", "産業観光部 goal {goal}");
    }
    assert_eq!(row("産業観光部")["1"], "");
    assert_eq!(row("建設部")["6"], "●");
    assert_eq!(row("建設部")["8"], "");
    // The real document names no goal: its row is there, empty.
    assert!(goal_numbers.iter().all(|g| row("総合政策部")[g].is_empty()));
    // The legend under the matrix names the 17 goals.
    let column_a: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert!(
        column_a.contains(&"No.8:働きがいも経済成長も"),
        "{column_a:?}"
    );
    assert!(column_a.contains(&"No.17:パートナーシップで目標を達成しよう"));
    // Beside it, the list: goal, department, theme or project.
    let list = records(&rows, 19);
    assert!(list.iter().any(|r| r["No"] == "8"
        && r["目標"] == "働きがいも経済成長も"
        && r["部局"] == "産業観光部"
        && r["テーマ・重点事業"] == "1-① 観光誘客推進事業"));
    assert!(list.iter().any(|r| r["No"] == "6"
        && r["部局"] == "建設部"
        && r["テーマ・重点事業"] == "テーマ: 上下水道事業の持続可能な経営"));
    let goals: Vec<u32> = list.iter().map(|r| r["No"].parse().unwrap()).collect();
    assert!(goals.windows(2).all(|w| w[0] <= w[1]), "by goal: {goals:?}");
}

#[test]
fn the_workbook_lists_what_serves_each_plan() {
    let tmp = tempfile::tempdir().unwrap();
    let book = build_start(tmp.path());
    let plan = records(&sheet(&book, "施策別"), 0);
    let serving = |title: &str, department: &str, part: &str| {
        plan.iter()
            .filter(|r| {
                r["施策"] == title && r["部局"] == department && r["テーマ・重点事業"] == part
            })
            .collect::<Vec<_>>()
    };
    for title in [
        "1-2 移住・定住の促進",
        "3-1 安全・安心な暮らしを支える基盤づくり",
    ] {
        let rows = serving(title, "建設部", "3-① 空き家対策推進事業");
        let indicators: Vec<&str> = rows.iter().map(|r| r["指標名"].as_str()).collect();
        assert_eq!(
            indicators,
            ["①空き家バンク成約件数", "②危険空き家除却件数"],
            "{title}"
        );
        assert_eq!(rows[0]["目標値"], "30");
        assert_eq!(rows[0]["単位"], "件");
    }
    assert_eq!(
        serving(
            "1-2 移住・定住の促進",
            "建設部",
            "テーマ: 空き家対策と住環境の向上"
        )
        .len(),
        1
    );
    // The office's list in order; a listed 施策 nothing serves says so.
    let titles: Vec<&str> = plan.iter().map(|r| r["施策"].as_str()).collect();
    let first = |t: &str| titles.iter().position(|x| *x == t).unwrap();
    assert!(first("1-1 結婚・出産・子育ての希望をかなえる") < first("1-2 移住・定住の促進"));
    assert!(
        first("3-2 持続可能な地域公共交通の確保") < first("4-1 健康で生き生きと暮らせるまちづくり")
    );
    let nothing: Vec<_> = plan
        .iter()
        .filter(|r| r["テーマ・重点事業"] == "該当する事業はありません")
        .map(|r| r["施策"].as_str())
        .collect();
    assert!(
        nothing.contains(&"1-1 結婚・出産・子育ての希望をかなえる"),
        "{nothing:?}"
    );
    for title in nothing {
        assert_eq!(titles.iter().filter(|t| **t == title).count(), 1, "{title}");
    }
}

#[test]
fn the_progress_of_the_mid_year_review_is_listed_by_plan() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    run(dir, "build", &root().join("samples/year-end"), "out");
    let book = dir.join("out").join(BOOK);
    let plan = records(&sheet(&book, "施策別"), 0);
    let vacant: Vec<_> = plan
        .iter()
        .filter(|r| r["テーマ・重点事業"] == "3-① 空き家対策推進事業")
        .collect();
    assert!(!vacant.is_empty());
    assert!(vacant.iter().all(|r| r["進捗(中間評価)"] == "× 大幅な遅れ"));
    let roads = plan
        .iter()
        .find(|r| r["テーマ・重点事業"] == "1-① 道路維持補修事業")
        .unwrap();
    assert_eq!(roads["進捗(中間評価)"], "○ 予定通り");
    // The department sheet carries the 中間評価 under (2).
    let construction = sheet(&book, "建設部");
    let text: Vec<&str> = construction.iter().flatten().map(String::as_str).collect();
    assert!(text.contains(&"中間評価"));
    assert!(
        text.iter()
            .any(|t| t.starts_with("進捗:× 大幅な遅れ\n成果:空き家バンクの成約は 9 件。")),
        "{text:?}"
    );
}

#[test]
fn the_indicator_list_has_the_version_2_columns() {
    let tmp = tempfile::tempdir().unwrap();
    let book = build_start(tmp.path());
    let list = records(&sheet(&book, "指標一覧"), 0);
    let find = |name: &str| {
        list.iter()
            .find(|r| r["指標名"] == name)
            .unwrap_or_else(|| panic!("{name}"))
    };
    let water = find("水道有収率");
    assert_eq!(water["指標の種類"], "成果");
    assert_eq!(water["基準値"], "82.4");
    assert_eq!(water["基準値の時点"], "令和5年度");
    assert_eq!(water["長期目標値"], "88");
    assert_eq!(water["長期目標の年度"], "令和12年度");
    assert_eq!(water["根拠となる計画"], "真庭市水道事業経営戦略。");
    assert_eq!(water["SDGs"], "6");
    assert_eq!(water["施策"], "3-1 安全・安心な暮らしを支える基盤づくり");
    assert_eq!(water["予算額(千円)"], "356000");
    let tourists = find("観光入込客数");
    assert_eq!(tourists["SDGs"], "8、11、17");
    assert_eq!(tourists["予算額(千円)"], "48500");
    // The real document has none of them: its cells are empty.
    let seed = find("市内成婚数");
    for column in [
        "指標の種類",
        "基準値",
        "長期目標値",
        "SDGs",
        "施策",
        "予算額(千円)",
    ] {
        assert_eq!(seed[column], "", "{column}");
    }
}

#[test]
fn the_department_sheet_shows_the_links_where_written() {
    let tmp = tempfile::tempdir().unwrap();
    let book = build_start(tmp.path());
    let rows = sheet(&book, "産業観光部");
    let text: Vec<&str> = rows.iter().flatten().map(String::as_str).collect();
    let theme = text
        .iter()
        .find(|t| t.starts_with("・選ばれる観光地づくり\n"))
        .unwrap();
    assert!(
        theme.ends_with(
            "\nSDGs:【No.8:働きがいも経済成長も】【No.11:住み続けられるまちづくりを】\n施策:2-1 観光と交流による地域経済の活性化"
        ),
        "{theme}"
    );
    let project = text
        .iter()
        .find(|t| t.starts_with("1-①観光誘客推進事業\n"))
        .unwrap();
    assert!(project.ends_with("\n予算額:48,500千円"), "{project}");
    assert!(
        text.iter().any(|t| t.contains(
            "\n①観光入込客数\n\u{3000}指標の種類:成果指標\n\u{3000}基準値:205.3万人(令和5年度)\n\u{3000}長期目標値:250万人(令和12年度)\n"
        )),
        "{text:?}"
    );
}

#[test]
fn the_site_shows_the_links_and_their_pages() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    run(dir, "publish", &root().join("samples/start"), "web");
    let read = |file: &str| std::fs::read_to_string(dir.join("web").join(file)).unwrap();
    let index = read("index.html");
    assert!(index.contains("<a href=\"sdgs.html\">"), "{index}");
    assert!(index.contains("<a href=\"plan.html\">"));
    // Departments in roster order: 総合政策部, 健康福祉部, 産業観光部, 建設部, ….
    let tourism = read("department-sangyo-kanko.html");
    assert!(tourism.contains("<title>令和8年度 部局経営目標【産業観光部】"));
    assert!(tourism.contains(
        "<div><dt>SDGs</dt><dd>【No.8:働きがいも経済成長も】【No.11:住み続けられるまちづくりを】【No.17:パートナーシップで目標を達成しよう】</dd></div>"
    ));
    assert!(tourism.contains(
        "<div><dt>予算額</dt><dd><span style=\"white-space: nowrap\">48,500千円</span></dd></div>"
    ));
    assert!(
        tourism.contains("<div><dt>施策</dt><dd>2-1 観光と交流による地域経済の活性化</dd></div>")
    );
    assert!(tourism.contains(
        "<th scope=\"row\">①観光入込客数</th><td data-label=\"指標の種類\">成果指標</td><td data-label=\"基準値\"><span style=\"white-space: nowrap\">205.3万人</span>(令和<span style=\"white-space: nowrap\">5年度</span>)</td><td data-label=\"目標値\"><span style=\"white-space: nowrap\">230万人</span></td><td data-label=\"長期目標値\"><span style=\"white-space: nowrap\">250万人</span>(令和<span style=\"white-space: nowrap\">12年度</span>)</td>"
    ));
    // The real document has none: its page has no list of facts but the header.
    let seed = read("department-seisaku.html");
    assert_eq!(seed.matches("<dl>").count(), 1);
    assert!(!seed.contains("基準値"));
    let sdgs = read("sdgs.html");
    assert!(sdgs.contains("<caption>"));
    assert!(sdgs.contains(
        "<th scope=\"col\"><abbr title=\"働きがいも経済成長も\">8</abbr><span class=\"visually-hidden\">:働きがいも経済成長も</span></th>"
    ));
    assert!(sdgs.contains(
        "<tr><th scope=\"row\"><a href=\"department-sangyo-kanko.html\">産業観光部</a></th>"
    ));
    assert!(sdgs.contains("<h3>No.8:働きがいも経済成長も</h3>"));
    assert!(sdgs.contains(
        "<li>産業観光部: <a href=\"department-sangyo-kanko.html\">1-① 観光誘客推進事業</a></li>"
    ));
    assert!(sdgs.contains("<li aria-current=\"page\">SDGsの目標との関係</li>"));
    let plan = read("plan.html");
    assert!(plan.contains("<h2>1-2 移住・定住の促進</h2>"));
    assert!(plan.contains("<a href=\"department-kensetsu.html\">3-① 空き家対策推進事業</a>"));
    assert!(plan.contains(
        "<h2>4-1 健康で生き生きと暮らせるまちづくり</h2>\n<p>該当する事業はありません。</p>"
    ));
}

#[test]
fn version_1_files_give_no_sheet_and_no_page_of_links() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let inputs = dir.join("v1");
    std::fs::create_dir(&inputs).unwrap();
    for name in ["総合政策部", "健康福祉部"] {
        std::fs::copy(
            fixture(&format!("v1/{name}.xlsx")),
            inputs.join(format!("{name}.xlsx")),
        )
        .unwrap();
    }
    run(dir, "build", &inputs, "out");
    let book = dir.join("out").join(BOOK);
    let names = open_workbook_auto(&book).unwrap().sheet_names();
    assert!(
        !names.iter().any(|n| n == "SDGs" || n == "施策別"),
        "{names:?}"
    );
    let header = &sheet(&book, "指標一覧")[0];
    assert_eq!(
        header.last().map(String::as_str),
        Some("累計"),
        "{header:?}"
    );
    assert!(!header.iter().any(|h| h == "基準値"));
    run(dir, "publish", &inputs, "web");
    assert!(!dir.join("web/sdgs.html").exists());
    assert!(!dir.join("web/plan.html").exists());
    let index = std::fs::read_to_string(dir.join("web/index.html")).unwrap();
    assert!(!index.contains("sdgs.html") && !index.contains("plan.html"));
}

#[test]
fn a_department_called_like_a_sheet_of_links_gets_another_sheet() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let inputs = dir.join("in");
    std::fs::create_dir(&inputs).unwrap();
    for (department, name) in [("産業観光部", "SDGs"), ("建設部", "施策別")] {
        let mut doc = source(department);
        doc.department = name.to_string();
        let bytes = mokuhyo::outputs::xlsx::template::to_bytes(&doc, &Default::default()).unwrap();
        std::fs::write(inputs.join(format!("{department}.xlsx")), bytes).unwrap();
    }
    // Without the roster, whose names these are not.
    let output = mokuhyo(dir, &["build", "in", "-o", "out"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output, dir));
    let book = dir.join("out").join(BOOK);
    let names = open_workbook_auto(&book).unwrap().sheet_names();
    for name in ["SDGs", "施策別", "SDGs(2)", "施策別(2)"] {
        assert!(names.iter().any(|n| n == name), "{name} in {names:?}");
    }
    let rows = sheet(&book, "SDGs(2)");
    assert_eq!(rows[0][0], "令和8年度 部局経営目標");
    assert_eq!(sheet(&book, "SDGs")[0][0], "部局");
}
