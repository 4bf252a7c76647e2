//! The 受付 page: the form files are dropped on, the roster's status
//! (提出済・重複・要修正・未提出) and each file of 提出 with its findings on
//! their cells.

use maud::{Markup, html};

use super::{Context, Page, frame, link, next, upload_form};
use crate::cli::serve::folders::INBOX;
use crate::consolidate::status::{State, Status};
use crate::domain::finding::Finding;

/// One file of 提出 and what its check found.
pub(crate) struct FileView {
    /// Its path from the working folder: `提出/総合政策部.xlsx`.
    pub(crate) name: String,
    pub(crate) findings: Vec<Finding>,
}

/// What the 受付 page shows.
pub(crate) struct IntakeView {
    /// 「令和8年度」, when the files or the configuration say it.
    pub(crate) year: Option<String>,
    /// The configuration used, or why there is none.
    pub(crate) config_note: String,
    /// What stopped the check (a configuration that does not read).
    pub(crate) error: Option<String>,
    pub(crate) status: Status,
    pub(crate) files: Vec<FileView>,
}

/// The 受付 page.
pub(crate) fn intake(view: &IntakeView, context: &Context) -> Markup {
    let content = html! {
        h1 { "受付" @if let Some(year) = &view.year { "(" (year) ")" } }
        p { "各部局から届いたファイル(.xlsx・.xls・.ods、メールの .eml・.msg、.zip)を選んで「受け付ける」を押してください(この画面に直接ドラッグ＆ドロップもできます)。ファイルは作業フォルダの「" (INBOX) "」に保存され、すぐに点検されます。同じ名前のファイルは上書きせず、別の名前で保存します。" }
        p.note { (view.config_note) }
        (upload_form(INBOX, "受け付けるファイル", context))
        @if let Some(error) = &view.error {
            p.error role="alert" { (error) }
        }
        (status_table(&view.status, "提出状況"))
        (file_findings(&view.files, false))
        @if view.files.is_empty() {
            p { "「" (INBOX) "」フォルダにはまだファイルがありません。" }
        }
        (next(html! {
            "要修正の部局には、" (link(Page::Fix)) "で修正依頼(色とメモを付けた様式と返信文)を作って送ってください。すべての部局がそろったら、"
            (link(Page::Collect)) "で集約ブックと議会資料を作ります。"
        }))
    };
    frame(Page::Intake, context, content)
}

/// What the check of an inbox found, for the pages of the 中間評価 and the
/// year end: the roster's status of that inbox's files, and the files with
/// something to say.
pub(crate) fn checked(view: &IntakeView, title: &str) -> Markup {
    html! {
        @if let Some(error) = &view.error {
            p.error role="alert" { (error) }
        }
        (status_table(&view.status, title))
        (file_findings(&view.files, true))
    }
}

/// Each file and its findings (`only_found`: only the files with some),
/// each finding with its sheet and cell.
fn file_findings(files: &[FileView], only_found: bool) -> Markup {
    let shown: Vec<&FileView> = files
        .iter()
        .filter(|f| !only_found || !f.findings.is_empty())
        .collect();
    html! {
        @if !only_found || !shown.is_empty() {
            h2 { "ファイルごとの点検結果" }
        }
        @if only_found && !files.is_empty() && shown.len() < files.len() {
            p { "ほかのファイルには問題は見つかりませんでした。" }
        }
        @for file in shown {
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
    }
}

fn severity_class(f: &Finding) -> &'static str {
    match f.severity {
        crate::domain::finding::Severity::Error => "error",
        _ => "warning",
    }
}

/// The status of every department, as `mokuhyo status` lists it.
fn status_table(status: &Status, title: &str) -> Markup {
    let count = |s: State| status.count(s);
    html! {
        h2 { (title) }
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
