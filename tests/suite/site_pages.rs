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
}
