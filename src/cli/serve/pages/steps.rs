//! The pages of the year's steps that run a command and offer what it
//! wrote: 配布, 集約, 公表, 中間評価 and 年度末. Each says which command it
//! runs on which folders, so a clerk who later opens a terminal finds the
//! same files.

use std::path::Path;

use maud::{Markup, html};

use super::{
    Context, IntakeView, Page, checked, file_list, frame, inbox_list, link, next, run_button,
    upload_form,
};
use crate::cli::serve::folders::{
    COMPARED, COMPARISON, END_INBOX, HAND, INBOX, LAST_YEAR, MID, MID_INBOX, NEXT, OUTBOX, RESULTS,
    SITE, files, has_files, site_file,
};
use crate::cli::serve::run::Action;

/// The 配布 page: the roster's templates.
pub(crate) fn hand(folder: &Path, context: &Context) -> Markup {
    let content = html! {
        h1 { "配布" }
        p { "名簿(mokuhyo.toml)の部局ごとに、部局名と部局長名を記入した様式(Excel)を作り、作業フォルダの「" (HAND) "」に書き出します。コマンドの mokuhyo template -o " (HAND) " と同じ処理です。同じ名前の様式がすでにあるときは、記入済みかもしれないので書き換えません。" }
        (run_button(Action::Hand, "様式を作る", context))
        (file_list(folder, HAND, true, false))
        p { "翌年度の様式(今年度の実績値入り)は、" (link(Page::YearEnd)) "の画面で作ります。" }
        (next(html! {
            "様式をメールなどで各部局に送ってください。記入して返ってきたファイルは"
            (link(Page::Intake)) "で受け付けます。"
        }))
    };
    frame(Page::Hand, context, content)
}

/// The 集約 page: the workbook and the packet.
pub(crate) fn collect(folder: &Path, context: &Context) -> Markup {
    let content = html! {
        h1 { "集約" }
        p { "「" (INBOX) "」のファイルから、集約ブック(Excel)と議会資料(PDF)を作ります。コマンドの mokuhyo build " (INBOX) " -o " (OUTBOX) " と同じ処理で、作業フォルダの「" (OUTBOX) "」に書き出します。エラーのあるファイルは集約に入りません。" }
        @if !has_files(folder, INBOX) {
            p.note { "「" (INBOX) "」にまだファイルがありません。先に" (link(Page::Intake)) "でファイルを受け付けてください。" }
        }
        (run_button(Action::Collect, "集約する", context))
        (file_list(folder, OUTBOX, false, false))
        (next(html! {
            "議会資料の PDF を開いて確かめ、集約ブックとともに議会へ届けてください。市民への公表は"
            (link(Page::Publish)) "で行います。"
        }))
    };
    frame(Page::Collect, context, content)
}

/// The 公表 page: the citizens' site, previewed, zipped and in fragments.
pub(crate) fn publish(folder: &Path, context: &Context) -> Markup {
    let from = if has_files(folder, END_INBOX) {
        END_INBOX
    } else {
        INBOX
    };
    let fragments = files(&folder.join(SITE), "fragments");
    let content = html! {
        h1 { "公表" }
        p { "市民向けのウェブページ(部局ごとのページ、指標の一覧、年度末には実績)とオープンデータ(CSV・JSON・Excel)を、作業フォルダの「" (SITE) "」に書き出します。コマンドの mokuhyo publish " (from) " -o " (SITE) " --fragments と同じ処理です。" }
        p.note { "いまは「" (from) "」のファイルから作ります(「" (END_INBOX) "」にファイルがあれば、実績と評価を載せるためそちらから)。" }
        (run_button(Action::Publish, "公表ページを作る", context))
        @if site_file(folder, "index.html").is_some() {
            h2 { "市民が見るとおりに確かめる" }
            p {
                a href="/site/index.html" target="_blank" rel="noopener" { "公表ページを開く(新しいタブ)" }
                "。スマートフォンでの見え方は、ブラウザの幅を狭くして確かめられます。"
            }
        }
        (file_list(folder, SITE, true, false))
        @if !fragments.is_empty() {
            h3 { "CMS に貼り付ける本文(部局ごと)" }
            ul.files {
                @for (name, _) in &fragments {
                    li {
                        @if let Some(department) = super::site_department(folder, name) { (maud::PreEscaped(department)) ": " }
                        a href={ "/site/fragments/" (name) "?download=1" } download=(name) { (name) }
                    }
                }
            }
        }
        (next(html! {
            "「" (SITE) "」をまとめた zip を、市のウェブサイトの担当に渡してください(そのままウェブサーバーに置けます)。CMS を使う場合は、部局ごとの本文を貼り付けます。"
        }))
    };
    frame(Page::Publish, context, content)
}

/// An inbox of the year's later rounds: its drop form, its files, and the
/// roster's status of them with what their check found.
fn inbox_section(
    folder: &Path,
    (name, label): (&str, &str),
    inbox: &IntakeView,
    context: &Context,
) -> Markup {
    html! {
        (upload_form(name, label, context))
        (inbox_list(folder, name))
        (checked(inbox, &format!("「{name}」の提出状況")))
    }
}

/// The 中間評価 page: the files sent again in September (who sent them,
/// what their check found), and the review.
pub(crate) fn review(folder: &Path, inbox: &IntakeView, context: &Context) -> Markup {
    let content = html! {
        h1 { "中間評価" }
        h2 { "1. 中間評価を記入した様式を受け付ける" }
        p { "9月末に、各部局は様式の「中間評価」の列(進捗 ◎○△×、成果、課題、今後の取組)に記入して、もう一度提出します。届いたファイルをここで受け付けると、作業フォルダの「" (MID_INBOX) "」に保存します。" }
        (inbox_section(folder, (MID_INBOX, "中間評価を記入した様式"), inbox, context))
        h2 { "2. 集計する" }
        p { "進捗の印を部局ごと・市全体で数え、遅れている事業を並べたブックと PDF を「" (MID) "」に書き出します。コマンドの mokuhyo review " (MID_INBOX) " -o " (MID) " と同じ処理です。" }
        (run_button(Action::Review, "中間評価を集計する", context))
        (file_list(folder, MID, false, true))
        (next(html! {
            "遅れている事業の部局と、今後の取組を話し合ってください。年度末の実績は" (link(Page::YearEnd)) "で集計します。"
        }))
    };
    frame(Page::Review, context, content)
}

/// The 年度末 page: the actuals, next year's templates, and last year
/// compared.
pub(crate) fn year_end(folder: &Path, inbox: &IntakeView, context: &Context) -> Markup {
    // The last comparison, unless the button just showed it.
    let just_run = matches!(&context.said, Some((Action::Diff, _, _)));
    let comparison = std::fs::read_to_string(folder.join(COMPARED).join(COMPARISON))
        .ok()
        .filter(|_| !just_run);
    let content = html! {
        h1 { "年度末" }
        h2 { "1. 年度末の様式を受け付ける" }
        p { "各部局が実績値を記入して提出した様式を受け付けます。作業フォルダの「" (END_INBOX) "」に保存します。" }
        (inbox_section(folder, (END_INBOX, "実績値を記入した様式"), inbox, context))
        h2 { "2. 実績を集計する" }
        p { "指標ごとに達成率と評価(A〜D)を出し、ブックと PDF を「" (RESULTS) "」に書き出します。コマンドの mokuhyo rollup " (END_INBOX) " -o " (RESULTS) " と同じ処理です。" }
        (run_button(Action::Rollup, "実績を集計する", context))
        (file_list(folder, RESULTS, false, true))
        h2 { "3. 翌年度の様式を作る" }
        p { "今年度の実績値を前年度実績値として記入した翌年度の様式を、「" (NEXT) "」に書き出します。コマンドの mokuhyo template --from " (END_INBOX) " -o " (NEXT) " と同じ処理です。" }
        (run_button(Action::NextYear, "翌年度の様式を作る", context))
        (file_list(folder, NEXT, true, true))
        h2 { "4. 前年度と比べる" }
        p { "前年度の様式を受け付けると(「" (LAST_YEAR) "」に保存します)、今年度の「" (INBOX) "」の様式と比べて、増えた・なくなった・名前の変わった指標と、目標値の上げ下げを示します。コマンドの mokuhyo diff " (LAST_YEAR) " " (INBOX) " と同じ処理で、結果は「" (COMPARED) "」の " (COMPARISON) " にも保存します。" }
        (upload_form(LAST_YEAR, "前年度の様式", context))
        (inbox_list(folder, LAST_YEAR))
        (run_button(Action::Diff, "前年度と比べる", context))
        @if let Some(text) = &comparison {
            h3 { "前回の比較の結果" }
            pre.said tabindex="0" { (text) }
        }
        (next(html! {
            "実績報告の PDF を確かめて議会へ届け、" (link(Page::Publish)) "で実績を市民に公表してください。翌年度の様式は、翌年度の作業フォルダで配布します。"
        }))
    };
    frame(Page::YearEnd, context, content)
}
