//! The workbench's pages, in Japanese, made with maud as the site is: the
//! frame (title, the year's steps, the main content) and the 受付 page
//! (the file form, what was just saved, the status, each file's findings).

use maud::{DOCTYPE, Markup, html};

use super::collect::{CollectView, OUTBOX};
use crate::consolidate::status::{State, Status};
use crate::domain::finding::Finding;

/// One file of 提出 and what its check found.
pub(super) struct FileView {
    /// Its path from the working folder: `提出/総合政策部.xlsx`.
    pub(super) name: String,
    pub(super) findings: Vec<Finding>,
}

/// What the 受付 page shows.
pub(super) struct IntakeView {
    /// 「令和8年度」, when the files or the configuration say it.
    pub(super) year: Option<String>,
    /// The configuration used, or why there is none.
    pub(super) config_note: String,
    /// What stopped the check (a configuration that does not read).
    pub(super) error: Option<String>,
    pub(super) status: Status,
    pub(super) files: Vec<FileView>,
    /// Files just saved: the name given and the name in 提出.
    pub(super) saved: Vec<(String, String)>,
    /// Files just refused: the name given and why.
    pub(super) refused: Vec<(String, String)>,
}

/// A page of the workbench: its title, the steps of the year, the content.
pub(super) fn frame(title: &str, content: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="ja" {
            (head(title, html! {
                link rel="stylesheet" href="/style.css";
                script src="/drop.js" defer {}
            }))
            body {
                header {
                    p.product { "mokuhyo 作業画面" }
                    nav aria-label="年度の作業" {
                        ul {
                            @for (href, step) in [("/intake", "受付"), ("/collect", "集約")] {
                                li { a href=(href) aria-current=[(title == step).then_some("page")] { (step) } }
                            }
                        }
                    }
                }
                main { (content) }
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

/// The 受付 page.
pub(super) fn intake(view: &IntakeView, token: &str) -> Markup {
    let content = html! {
        h1 { "受付" @if let Some(year) = &view.year { "(" (year) ")" } }
        p { "各部局から届いたファイル(.xlsx・.xls・.ods、メールの .eml・.msg、.zip)を選んで「受け付ける」を押してください(この画面に直接ドラッグ＆ドロップもできます)。ファイルは作業フォルダの「提出」に保存され、すぐに点検されます。同じ名前のファイルは上書きせず、別の名前で保存します。" }
        p.note { (view.config_note) }
        form #intake method="post" action={ "/intake?csrf=" (token) } enctype="multipart/form-data" {
            label for="files" { "受け付けるファイル" }
            input #files type="file" name="files" multiple;
            button type="submit" { "受け付ける" }
        }
        div role="status" {
            @if !view.saved.is_empty() {
                h2 { "保存したファイル" }
                ul {
                    @for (given, saved) in &view.saved {
                        li { (given) " → " (saved) }
                    }
                }
            }
            @if !view.refused.is_empty() {
                h2 { "保存しなかったファイル" }
                ul {
                    @for (given, why) in &view.refused {
                        li { (given) ": " (why) }
                    }
                }
            }
        }
        @if let Some(error) = &view.error {
            p.error role="alert" { (error) }
        }
        (status_table(&view.status))
        h2 { "ファイルごとの点検結果" }
        @if view.files.is_empty() {
            p { "「提出」フォルダにはまだファイルがありません。" }
        }
        @for file in &view.files {
            section.file aria-label=(file.name) {
                h3 { (file.name) }
                @if file.findings.is_empty() {
                    p { "問題は見つかりませんでした。" }
                } @else {
                    ul {
                        @for f in &file.findings {
                            li.(severity_class(f)) {
                                "[" (f.severity.label()) "] "
                                @if let Some(sheet) = &f.sheet { "シート「" (sheet) "」" }
                                @if let Some(cell) = &f.cell { "セル" (cell) }
                                @if f.sheet.is_some() || f.cell.is_some() { ": " }
                                (f.message)
                            }
                        }
                    }
                }
            }
        }
        h2 { "次に" }
        p {
            "要修正の部局には、ファイルごとの点検結果を伝えて修正を依頼してください。すべての部局がそろったら、"
            a href="/collect" { "集約" } "で集約ブックと議会資料を作ります。"
        }
    };
    frame("受付", content)
}

/// The 集約 page.
pub(super) fn collect(view: &CollectView, said: Option<&str>, token: &str) -> Markup {
    let content = html! {
        h1 { "集約" }
        p { "「提出」のファイルから、集約ブック(Excel)と議会資料(PDF)を作ります。コマンドの mokuhyo build と同じ処理で、作業フォルダの「" (OUTBOX) "」に書き出します。エラーのあるファイルは集約に入りません。" }
        @if !view.has_inbox {
            p.note { "「提出」にまだファイルがありません。先に" a href="/intake" { "受付" } "でファイルを受け付けてください。" }
        }
        form #collect method="post" action={ "/collect?csrf=" (token) } {
            button type="submit" { "集約する" }
        }
        div role="status" {
            @if let Some(said) = said { p { (said) } }
        }
        h2 { "「" (OUTBOX) "」のファイル" }
        @if view.files.is_empty() {
            p { "まだありません。" }
        } @else {
            ul {
                @for (name, size) in &view.files {
                    li {
                        a href={ "/download?" (download_query(name)) } download=(name) { (name) }
                        " (" (kilobytes(*size)) ")"
                    }
                }
            }
        }
        h2 { "次に" }
        p { "議会資料の PDF を開いて確かめ、集約ブックとともに議会へ届けてください。" }
    };
    frame("集約", content)
}

/// The query of a download link to a file of 集約.
fn download_query(name: &str) -> String {
    serde_urlencoded::to_string([("from", OUTBOX), ("name", name)]).unwrap_or_default()
}

/// A size as the page says it: 「12 KB」.
fn kilobytes(bytes: u64) -> String {
    format!("{} KB", bytes.div_ceil(1024))
}

fn severity_class(f: &Finding) -> &'static str {
    match f.severity {
        crate::domain::finding::Severity::Error => "error",
        _ => "warning",
    }
}

/// The status of every department, as `mokuhyo status` lists it.
fn status_table(status: &Status) -> Markup {
    let count = |s: State| status.count(s);
    html! {
        h2 { "提出状況" }
        @if status.departments.is_empty() {
            p { "名簿(mokuhyo.toml の [[department]])がないため、届いた部局だけを示します。" }
        } @else {
            p {
                "名簿の " (status.departments.len()) " 部局のうち、提出済 " (count(State::Submitted))
                "、重複 " (count(State::Duplicate)) "、要修正 " (count(State::NeedsFix))
                "、未提出 " (count(State::Missing)) "。"
            }
            table {
                caption { "部局ごとの提出状況" }
                thead { tr { th scope="col" { "部局" } th scope="col" { "状況" } th scope="col" { "受け取ったファイル" } th scope="col" { "備考" } } }
                tbody {
                    @for d in &status.departments {
                        tr {
                            th scope="row" { (d.department) }
                            td.(state_class(d.state)) { (d.state.label()) }
                            td {
                                @for r in &d.received {
                                    span.received {
                                        (file_name(&r.path))
                                        @if r.errors > 0 { "(エラー " (r.errors) " 件)" }
                                    }
                                    " "
                                }
                            }
                            td { (d.note) }
                        }
                    }
                }
            }
        }
        @if !status.unlisted.is_empty() {
            h3 { "名簿にない部局名" }
            ul {
                @for u in &status.unlisted {
                    li {
                        (file_name(&u.path)) ": 「" (u.name) "」"
                        @if let Some(s) = &u.suggestion { "(「" (s) "」のことですか)" }
                    }
                }
            }
        }
        @if !status.unknown.is_empty() {
            h3 { "部局がわからないファイル" }
            ul { @for p in &status.unknown { li { (file_name(p)) } } }
        }
    }
}

fn state_class(state: State) -> &'static str {
    match state {
        State::Submitted | State::Duplicate => "ok",
        State::NeedsFix => "fix",
        State::Missing => "missing",
    }
}

/// A file's name as shown: its last component.
fn file_name(path: &std::path::Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
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
