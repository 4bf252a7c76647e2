//! The workbench's pages, in Japanese, made with maud as the site is: the
//! frame (title, the year's steps in order, the main content) and the
//! parts the pages share (a button that runs a command, what it said, a
//! folder's files to download, a form to drop files into an inbox).

mod fix;
mod intake;
mod setup;
mod steps;

use maud::{DOCTYPE, Markup, html};

pub(super) use fix::{FixView, fix};
pub(super) use intake::{FileView, IntakeView, checked, intake};
pub(super) use setup::{SetupView, setup};
pub(super) use steps::{collect, hand, publish, review, year_end};

use super::folders::{SITE, files, site_file};
use super::run::Action;

/// A page of the workbench, in the order of the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Page {
    Hand,
    Intake,
    Fix,
    Collect,
    Publish,
    Review,
    YearEnd,
    Setup,
}

impl Page {
    /// Every page, in the order of the menu.
    pub(super) const ALL: [Page; 8] = [
        Page::Hand,
        Page::Intake,
        Page::Fix,
        Page::Collect,
        Page::Publish,
        Page::Review,
        Page::YearEnd,
        Page::Setup,
    ];

    /// Its address.
    pub(super) fn path(self) -> &'static str {
        match self {
            Page::Hand => "/hand",
            Page::Intake => "/intake",
            Page::Fix => "/fix",
            Page::Collect => "/collect",
            Page::Publish => "/publish",
            Page::Review => "/review",
            Page::YearEnd => "/year-end",
            Page::Setup => "/setup",
        }
    }

    /// Its title, as the menu says it.
    pub(super) fn title(self) -> &'static str {
        match self {
            Page::Hand => "配布",
            Page::Intake => "受付",
            Page::Fix => "修正依頼",
            Page::Collect => "集約",
            Page::Publish => "公表",
            Page::Review => "中間評価",
            Page::YearEnd => "年度末",
            Page::Setup => "設定",
        }
    }

    /// The page an action's button is on.
    pub(super) fn of(action: Action) -> Page {
        match action {
            Action::Hand => Page::Hand,
            Action::Fix => Page::Fix,
            Action::Collect => Page::Collect,
            Action::Publish => Page::Publish,
            Action::Review => Page::Review,
            Action::Rollup | Action::NextYear | Action::Diff => Page::YearEnd,
        }
    }
}

/// What every page is given: the form token, whether the folder has its
/// configuration, and what the last run of a button said.
pub(super) struct Context<'a> {
    pub(super) token: &'a str,
    pub(super) has_config: bool,
    /// The action run last, whether it went as asked, and its report.
    pub(super) said: Option<(Action, bool, String)>,
    /// Files just saved: the name given and the path saved as.
    pub(super) saved: Vec<(String, String)>,
    /// Files just refused: the name given and why.
    pub(super) refused: Vec<(String, String)>,
    /// The inbox those files were dropped into.
    pub(super) dropped_into: String,
}

/// A page of the workbench: its title, the steps of the year, the content.
pub(super) fn frame(page: Page, context: &Context, content: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="ja" {
            (head(page.title(), html! {
                link rel="stylesheet" href="/style.css";
                script src="/drop.js" defer {}
            }))
            body {
                header {
                    p.product { "mokuhyo 作業画面" }
                    nav aria-label="年度の作業" {
                        ul {
                            @for p in Page::ALL {
                                li { a href=(p.path()) aria-current=[(p == page).then_some("page")] { (p.title()) } }
                            }
                        }
                    }
                }
                main {
                    @if !context.has_config && page != Page::Setup {
                        p.note {
                            "作業フォルダに設定ファイル mokuhyo.toml がありません。"
                            a href=(Page::Setup.path()) { "設定" }
                            "で自治体名・年度・名簿を入力すると作れます(名簿がなくても点検・集約はできます)。"
                        }
                    }
                    (content)
                }
                footer {
                    p { "この画面はこのパソコンの中だけで動いています。作業を終えるときは、mokuhyo のウィンドウを閉じてください。" }
                }
            }
        }
    }
}

/// A page's head: its title, then `assets` (the style sheet and script a
/// page of the workbench loads; a refusal loads none, since they would be
/// refused too).
fn head(title: &str, assets: Markup) -> Markup {
    html! {
        head {
            meta charset="utf-8";
            meta name="viewport" content="width=device-width, initial-scale=1";
            title { (title) " | mokuhyo 作業画面" }
            (assets)
        }
    }
}

/// A button that runs `action`, and under it what its last run said.
fn run_button(action: Action, label: &str, context: &Context) -> Markup {
    html! {
        form.run method="post" action={ "/run?do=" (action.name()) "&csrf=" (context.token) } {
            button type="submit" { (label) }
        }
        div role="status" {
            @if let Some((done, ok, text)) = &context.said {
                @if *done == action {
                    pre.said.(if *ok { "ok" } else { "fix" }) tabindex="0" { (text) }
                }
            }
        }
    }
}

/// A form that saves the chosen (or dropped) files into `inbox`, and
/// under it what the last upload saved and refused.
fn upload_form(inbox: &str, label: &str, context: &Context) -> Markup {
    let query =
        serde_urlencoded::to_string([("csrf", context.token), ("to", inbox)]).unwrap_or_default();
    let n = inbox_id(inbox);
    // The 受付 form keeps the ids it has always had.
    let (form_id, input_id) = if n == 0 {
        ("intake".to_string(), "files".to_string())
    } else {
        (format!("drop-{n}"), format!("files-{n}"))
    };
    html! {
        form.drop id=(form_id) method="post" action={ "/intake?" (query) } enctype="multipart/form-data" {
            label for=(input_id) { (label) }
            input id=(input_id) type="file" name="files" multiple;
            button type="submit" { "受け付ける" }
        }
        div role="status" {
            @if context.dropped_into == inbox && !context.saved.is_empty() {
                p { strong { "保存したファイル" } }
                ul {
                    @for (given, saved) in &context.saved {
                        li { (given) " → " (saved) }
                    }
                }
            }
            @if context.dropped_into == inbox && !context.refused.is_empty() {
                p { strong { "保存しなかったファイル" } }
                ul {
                    @for (given, why) in &context.refused {
                        li { (given) ": " (why) }
                    }
                }
            }
        }
    }
}

/// An inbox's name in an element's id (ASCII).
fn inbox_id(inbox: &str) -> usize {
    super::folders::INBOXES
        .iter()
        .position(|i| *i == inbox)
        .unwrap_or(0)
}

/// The files of `from` (a folder of the working folder) to download, a PDF
/// also to open in the browser, and the whole folder as a zip when asked;
/// under a heading of the page's second level, or of the third in a
/// section.
fn file_list(folder: &std::path::Path, from: &str, zip: bool, in_section: bool) -> Markup {
    let list = files(folder, from);
    let title = format!("「{from}」のファイル");
    html! {
        @if in_section { h3 { (title) } } @else { h2 { (title) } }
        @if list.is_empty() {
            p { "まだありません。" }
        } @else {
            ul.files {
                @for (name, size) in &list {
                    li {
                        @if from == SITE {
                            @if let Some(department) = site_department(folder, name) {
                                (maud::PreEscaped(department)) ": "
                            }
                        }
                        a href={ "/download?" (file_query(from, name, false)) } download=(name) { (name) }
                        " (" (kilobytes(*size)) ")"
                        @if from == SITE && name.ends_with(".html") {
                            " "
                            a href={ "/site/" (name) } target="_blank" rel="noopener" {
                                "ブラウザで開く" span.hidden { "(" (name) ")" }
                            }
                        }
                        @if name.ends_with(".pdf") {
                            " "
                            a href={ "/download?" (file_query(from, name, true)) } target="_blank" rel="noopener" {
                                "ブラウザで開く" span.hidden { "(" (name) ")" }
                            }
                        }
                    }
                }
            }
            @if zip && (list.len() > 1 || from == SITE) {
                p {
                    a href={ "/zip?" (serde_urlencoded::to_string([("from", from)]).unwrap_or_default()) }
                        download={ (from) ".zip" } { "「" (from) "」をまとめて zip でダウンロード" }
                }
            }
        }
    }
}

/// The department a page of the site is for, from its title
/// (「令和8年度 部局経営目標【総合政策部】 | 真庭市」): page files are named
/// by a key, not by the department. The name is as the page escaped it.
pub(super) fn site_department(folder: &std::path::Path, page: &str) -> Option<String> {
    let html = std::fs::read_to_string(site_file(folder, page)?).ok()?;
    let title = html.split_once("<title>")?.1.split_once("</title>")?.0;
    let name = title.split_once('【')?.1.split_once('】')?.0;
    Some(name.to_string()).filter(|n| !n.is_empty())
}

/// The files dropped into `inbox`, by name (they are the departments'
/// own; the page does not offer them back).
fn inbox_list(folder: &std::path::Path, inbox: &str) -> Markup {
    let list = files(folder, inbox);
    html! {
        h3 { "「" (inbox) "」のファイル(" (list.len()) " 件)" }
        @if list.is_empty() {
            p { "まだありません。" }
        } @else {
            ul.files {
                @for (name, size) in &list {
                    li { (name) " (" (kilobytes(*size)) ")" }
                }
            }
        }
    }
}

/// The query of a link to a file of `from`.
fn file_query(from: &str, name: &str, open: bool) -> String {
    let mut pairs = vec![("from", from), ("name", name)];
    if open {
        pairs.push(("open", "1"));
    }
    serde_urlencoded::to_string(pairs).unwrap_or_default()
}

/// A size as the page says it: 「12 KB」.
fn kilobytes(bytes: u64) -> String {
    format!("{} KB", bytes.div_ceil(1024))
}

/// The section saying what to do next.
fn next(text: Markup) -> Markup {
    html! {
        h2 { "次に" }
        p { (text) }
    }
}

/// A link to another page of the workbench.
fn link(page: Page) -> Markup {
    html! { a href=(page.path()) { (page.title()) } }
}

/// A refusal's page.
pub(super) fn refused(message: &str) -> Markup {
    html! {
        (DOCTYPE)
        html lang="ja" {
            (head("開けません", html! {}))
            body { main { h1 { "開けません" } p { (message) } } }
        }
    }
}
