//! The city's web pages: a static site of plain HTML (one page per
//! department in the published structure, the index, the list of every
//! indicator, the year's results, the SDGs and 施策 pages when a document
//! names them), one stylesheet of our own, no script and
//! nothing loaded from elsewhere, every link relative; and, for a CMS, each
//! department's content alone as a fragment (the CMS page gives the title).

pub mod department;
pub mod links;
pub mod lists;
pub mod markup;

use crate::consolidate::Consolidation;
use crate::domain::model::Document;
use crate::domain::roster::Roster;
use crate::domain::wareki::FiscalYear;
use crate::outputs::present::Headings;
use crate::outputs::present::page_key::{page_key, page_keys};
use crate::year_end::rollup::Rollup;

use markup::{Crumb, finish, page};

/// The stylesheet every page links to.
pub const STYLESHEET: &str = include_str!("style.css");

/// What the site is made with besides the documents.
#[derive(Debug, Clone, Default)]
pub struct SiteOptions {
    /// 自治体名, in every page's header and title.
    pub municipality: String,
    /// The section headings, as configured.
    pub headings: Headings,
    /// Also write each department's body as a fragment (`fragments/…`).
    pub fragments: bool,
    /// The open data files the index links to: (label, file name).
    pub open_data: Vec<(String, String)>,
    /// The roster, whose `page` keys name the departments' pages.
    pub roster: Roster,
}

/// The file of a department's page: `department-{key}.html` with its
/// [`page_key`] (the roster's `page`, else a short hash of its name).
pub fn department_file(department: &str, roster: &Roster) -> String {
    format!("department-{}.html", page_key(department, roster))
}

/// The files of the departments' pages, in order ([`page_keys`]).
fn department_files(docs: &[&Document], roster: &Roster) -> Vec<String> {
    page_keys(docs, roster)
        .into_iter()
        .map(|key| format!("department-{key}.html"))
        .collect()
}

/// Every file of the site: (path relative to the site's folder, bytes).
/// `rollup` is given when the documents carry year-end actuals.
pub fn site(
    c: &Consolidation,
    rollup: Option<&Rollup>,
    options: &SiteOptions,
) -> Vec<(String, Vec<u8>)> {
    let year = c.year.map(FiscalYear::label).unwrap_or_default();
    let town = &options.municipality;
    let document = &options.headings.document;
    let site_name = format!("{town} {year} {document}").trim().to_string();
    let with_town = |title: &str| {
        if town.is_empty() {
            title.to_string()
        } else {
            format!("{title} | {town}")
        }
    };
    let home = Crumb {
        text: document,
        href: Some("index.html"),
    };
    let docs: Vec<&Document> = c.documents.iter().map(|(_, d)| &**d).collect();
    let mut files = Vec::new();
    let mut entries = Vec::new();
    for (i, (doc, file)) in docs
        .iter()
        .zip(department_files(&docs, &options.roster))
        .enumerate()
    {
        let result = rollup.and_then(|r| Some((r.departments.get(i)?, &r.thresholds)));
        let body = department::body(doc, &options.headings, &c.plans, result);
        let title = department::title(doc, document);
        let crumbs = [
            Crumb { ..home },
            Crumb {
                text: &doc.department,
                href: None,
            },
        ];
        files.push((
            file.clone(),
            page(&with_town(&title), &site_name, &crumbs, &body),
        ));
        if options.fragments {
            // The CMS page has its own title (the h1): the fragment is what follows.
            let body = finish(body);
            let content = body.split_once('\n').map_or("", |(_, rest)| rest);
            files.push((format!("fragments/{file}"), content.to_string()));
        }
        entries.push(lists::Entry {
            department: &doc.department,
            file,
        });
    }
    let heading = format!("{year} {document} 指標一覧");
    let body = lists::indicators(&heading, &docs, rollup);
    let crumbs = [
        Crumb { ..home },
        Crumb {
            text: "指標一覧",
            href: None,
        },
    ];
    files.push((
        lists::INDICATORS.to_string(),
        page(&with_town(&heading), &site_name, &crumbs, &body),
    ));
    if let Some(r) = rollup {
        let heading = format!("{year} {document} 達成状況");
        let legend = department::legend(&r.thresholds);
        let body = lists::results(&heading, &legend, r);
        let crumbs = [
            Crumb { ..home },
            Crumb {
                text: "達成状況",
                href: None,
            },
        ];
        files.push((
            lists::RESULTS.to_string(),
            page(&with_town(&heading), &site_name, &crumbs, &body),
        ));
    }
    let files_of: Vec<String> = entries.iter().map(|e| e.file.clone()).collect();
    let mut pages: Vec<(&str, &str)> = Vec::new();
    if crate::consolidate::links::has_sdgs(&docs) {
        let heading = format!("{year} {document} SDGsの目標との関係");
        let body = links::sdgs(&heading, &docs, &files_of);
        let crumbs = [
            Crumb { ..home },
            Crumb {
                text: "SDGsの目標との関係",
                href: None,
            },
        ];
        files.push((
            links::SDGS.to_string(),
            page(&with_town(&heading), &site_name, &crumbs, &body),
        ));
        pages.push(("SDGsの目標との関係(部局ごとの目標と事業)", links::SDGS));
    }
    if crate::consolidate::links::has_plans(&docs) {
        let heading = format!("{year} {document} 総合計画の施策との関係");
        let body = links::plans(&heading, &docs, &files_of, &c.plans);
        let crumbs = [
            Crumb { ..home },
            Crumb {
                text: "総合計画の施策との関係",
                href: None,
            },
        ];
        files.push((
            links::PLANS.to_string(),
            page(&with_town(&heading), &site_name, &crumbs, &body),
        ));
        pages.push((
            "総合計画の施策との関係(施策ごとのテーマと事業)",
            links::PLANS,
        ));
    }
    let open_data: Vec<(&str, &str)> = options
        .open_data
        .iter()
        .map(|(label, file)| (label.as_str(), file.as_str()))
        .collect();
    let heading = format!("{town} {year} {document}").trim().to_string();
    let body = lists::index(
        &heading,
        &entries,
        rollup.map(|_| lists::RESULTS),
        &pages,
        &open_data,
    );
    files.push((
        "index.html".to_string(),
        page(
            &with_town(&format!("{year} {document}")),
            &site_name,
            &[],
            &body,
        ),
    ));
    files.push(("style.css".to_string(), STYLESHEET.to_string()));
    files
        .into_iter()
        .map(|(name, text)| (name, text.into_bytes()))
        .collect()
}
