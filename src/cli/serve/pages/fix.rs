//! The 修正依頼 page: per department, the reply `check --feedback` wrote,
//! with a button that copies it and a mail to the roster's contact, and
//! the marked workbook to attach.

use maud::{Markup, html};

use super::{Context, Page, file_query, frame, link, next, run_button};
use crate::cli::serve::folders::{FIX, INBOX};
use crate::cli::serve::run::Action;

/// One department's correction, as written in 修正依頼.
pub(crate) struct Reply {
    /// Whom it is for: the file's name before `_修正依頼`.
    pub(crate) to: String,
    /// The reply's file and its text.
    pub(crate) text_file: String,
    pub(crate) text: String,
    /// The marked workbook beside it, when there is one.
    pub(crate) workbook: Option<String>,
}

/// What the 修正依頼 page shows.
pub(crate) struct FixView {
    pub(crate) replies: Vec<Reply>,
    /// Whether 提出 holds any file.
    pub(crate) has_inbox: bool,
    /// The document's name, for the mail's subject.
    pub(crate) document: String,
}

impl FixView {
    /// The replies of a 修正依頼 folder's files (`…_修正依頼.txt` and the
    /// workbook of the same name).
    pub(crate) fn of(files: &[(String, u64)], read: impl Fn(&str) -> Option<String>) -> Vec<Reply> {
        files
            .iter()
            .filter_map(|(name, _)| {
                let stem = name.strip_suffix(".txt")?;
                let workbook = format!("{stem}.xlsx");
                Some(Reply {
                    to: stem.strip_suffix("_修正依頼").unwrap_or(stem).to_string(),
                    text: read(name)?,
                    text_file: name.clone(),
                    workbook: files
                        .iter()
                        .any(|(n, _)| *n == workbook)
                        .then_some(workbook),
                })
            })
            .collect()
    }
}

/// The mail address a reply is for: its first line `宛先: …`, when that is
/// a mail address.
fn address(text: &str) -> Option<&str> {
    let to = text.lines().next()?.strip_prefix("宛先: ")?.trim();
    let plain =
        to.contains('@') && !to.contains(|c: char| c.is_whitespace() || "<>\"?&#%,;".contains(c));
    plain.then_some(to)
}

/// A `mailto:` link (RFC 6068) to `to` with the reply as its body (the
/// `宛先` line left out).
fn mailto(to: &str, subject: &str, text: &str) -> String {
    let body = text.split_once("\n\n").map_or(text, |(_, rest)| rest);
    let encode = |s: &str| {
        s.replace("\r\n", "\n")
            .replace('\n', "\r\n")
            .bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect::<String>()
    };
    format!(
        "mailto:{to}?subject={}&body={}",
        encode(subject),
        encode(body)
    )
}

/// The 修正依頼 page.
pub(crate) fn fix(view: &FixView, context: &Context) -> Markup {
    let content = html! {
        h1 { "修正依頼" }
        p { "「" (INBOX) "」のファイルを点検し、エラーや警告のある部局ごとに、直す箇所に色とメモを付けた様式と、メールに貼る返信文を作業フォルダの「" (FIX) "」に書き出します。コマンドの mokuhyo check " (INBOX) " --feedback " (FIX) " と同じ処理です。" }
        @if !view.has_inbox {
            p.note { "「" (INBOX) "」にまだファイルがありません。先に" (link(Page::Intake)) "でファイルを受け付けてください。" }
        }
        (run_button(Action::Fix, "修正依頼を作る", context))
        @if view.replies.is_empty() {
            p { "「" (FIX) "」に修正依頼はありません。" }
        }
        @for (i, reply) in view.replies.iter().enumerate() {
            section.reply aria-labelledby={ "reply-" (i) } {
                h2 id={ "reply-" (i) } { (reply.to) }
                label for={ "text-" (i) } { "返信文" }
                textarea id={ "text-" (i) } readonly rows="12" { (reply.text) }
                p.actions {
                    button type="button" data-copy={ "text-" (i) } { "返信文をコピー" }
                    @if let Some(to) = address(&reply.text) {
                        " "
                        a.button href=(mailto(to, &format!("{}の修正のお願い({})", view.document, reply.to), &reply.text)) {
                            "メールを作る(" (to) ")"
                        }
                    }
                }
                ul.files {
                    @if let Some(workbook) = &reply.workbook {
                        li { "添付する様式: " a href={ "/download?" (file_query(FIX, workbook, false)) } download=(workbook) { (workbook) } }
                    }
                    li { "返信文のファイル: " a href={ "/download?" (file_query(FIX, &reply.text_file, false)) } download=(reply.text_file) { (reply.text_file) } }
                }
            }
        }
        (next(html! {
            "返信文をメールに貼り、様式を添付して部局に送ってください(メールを作るボタンは、名簿の連絡先がメールアドレスのときに出ます。添付はメールソフトで行います)。直したファイルが届いたら"
            (link(Page::Intake)) "で受け付けてください。"
        }))
    };
    frame(Page::Fix, context, content)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reply_to_a_mail_address_opens_a_mail() {
        let text = "宛先: seisaku@example.jp\n\n総合政策部 ご担当者様\n\n1. セル D5\n";
        assert_eq!(address(text), Some("seisaku@example.jp"));
        assert_eq!(
            mailto("seisaku@example.jp", "件名", text),
            "mailto:seisaku@example.jp?subject=%E4%BB%B6%E5%90%8D&body=%E7%B7%8F%E5%90%88%E6%94%BF%E7%AD%96%E9%83%A8%20%E3%81%94%E6%8B%85%E5%BD%93%E8%80%85%E6%A7%98%0D%0A%0D%0A1.%20%E3%82%BB%E3%83%AB%20D5%0D%0A"
        );
        assert_eq!(address("宛先: 政策推進課 内線123\n\n…"), None);
        assert_eq!(address("宛先: a@b.jp?cc=x@evil.jp\n"), None);
        assert_eq!(address("総合政策部 ご担当者様\n"), None);
    }

    #[test]
    fn a_reply_is_paired_with_its_workbook() {
        let files = vec![
            ("建設部_修正依頼.txt".to_string(), 1),
            ("建設部_修正依頼.xlsx".to_string(), 1),
            ("不明_修正依頼.txt".to_string(), 1),
        ];
        let replies = FixView::of(&files, |n| Some(n.to_string()));
        assert_eq!(replies.len(), 2);
        assert_eq!(replies[0].to, "建設部");
        assert_eq!(replies[0].workbook.as_deref(), Some("建設部_修正依頼.xlsx"));
        assert_eq!(replies[1].to, "不明");
        assert_eq!(replies[1].workbook, None);
    }
}
