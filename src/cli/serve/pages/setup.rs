//! The 設定 page: the folder's mokuhyo.toml as it reads, or, without one,
//! the form that makes it (municipality, year, roster).

use maud::{Markup, html};

use super::{Context, Page, frame, link, next};

/// What the 設定 page shows.
pub(crate) struct SetupView {
    /// The configuration's text, when the folder has one.
    pub(crate) text: Option<String>,
    /// Why the last form was not saved, and what it said (to fill again).
    pub(crate) refused: Option<String>,
    pub(crate) municipality: String,
    pub(crate) code: String,
    pub(crate) year: String,
    pub(crate) roster: String,
}

/// The 設定 page.
pub(crate) fn setup(view: &SetupView, context: &Context) -> Markup {
    let content = html! {
        h1 { "設定" }
        @if let Some(why) = &view.refused {
            p.error role="alert" { (why) }
        }
        @if let Some(text) = &view.text {
            p { "作業フォルダの設定ファイル mokuhyo.toml を使っています。変えるときは、メモ帳などで直接編集してください(次に画面を開いたときから使われます)。" }
            pre.said tabindex="0" { (text) }
        } @else {
            p { "作業フォルダに設定ファイル mokuhyo.toml を作ります。名簿は、部局の順番が集約ブックと議会資料の順番になります。1行に1部局、部局名のあとにタブかコンマで区切って部局長名と連絡先(メールアドレス)も書けます(Excel の表から3列を貼り付けられます)。" }
            form #setup method="post" action={ "/setup?csrf=" (context.token) } {
                p {
                    label for="municipality" { "自治体名" }
                    input #municipality type="text" name="municipality" required value=(view.municipality) autocomplete="organization";
                }
                p {
                    label for="year" { "年度(例: 令和8年度)" }
                    input #year type="text" name="year" required value=(view.year);
                }
                p {
                    label for="code" { "全国地方公共団体コード(6桁、オープンデータに使います。なくても構いません)" }
                    input #code type="text" name="code" inputmode="numeric" value=(view.code);
                }
                p {
                    label for="roster" { "名簿(1行に1部局: 部局名、部局長名、連絡先)" }
                    textarea #roster name="roster" rows="10" { (view.roster) }
                }
                button type="submit" { "設定ファイルを作る" }
            }
        }
        (next(html! {
            (link(Page::Hand)) "で名簿の部局ごとの様式を作って配ってください。"
        }))
    };
    frame(Page::Setup, context, content)
}
