//! The workbench's request handlers: each page read again from the working
//! folder, the buttons' runs, the uploads into an inbox, the 設定 form, and
//! the files served (a download, a zip of a folder, a page of the site).
//! Every handler's disk work runs off the async threads.

use std::path::Path;
use std::sync::Arc;

use axum::Form;
use axum::extract::{Multipart, Path as UrlPath, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};

use super::folders::{self, END_INBOX, FIX, INBOX, INBOXES, MID_INBOX};
use super::guard::Refusal;
use super::pages::{self, Context, FileView, FixView, IntakeView, Page, SetupView};
use super::run::Action;
use super::setup::{self, CONFIG, SetupForm};
use super::{App, MAX_FILES, refuse};
use crate::cli::settings::Settings;
use crate::consolidate::status;
use crate::error::OsReason;

/// The longest report a page is sent back with (a run's findings can be
/// many); the rest is in the command's files.
const MAX_SAID: usize = 16_000;

/// A query's pairs.
type Pairs = Query<Vec<(String, String)>>;

/// The value of `key` in a query's pairs, or nothing.
fn value_of(query: &[(String, String)], key: &str) -> String {
    query
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

/// Runs `f` off the async threads.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    tokio::task::spawn_blocking(f).await.ok()
}

/// A page's HTML, or a server error when its thread failed.
fn html(markup: Option<maud::Markup>) -> Response {
    match markup {
        Some(m) => Html(m.into_string()).into_response(),
        None => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// What a page is given from its address: the last run's report and the
/// last upload's files.
fn context<'a>(app: &'a App, query: &[(String, String)]) -> Context<'a> {
    let mut c = Context {
        token: app.guard.token(),
        has_config: app.folder.join(CONFIG).is_file(),
        said: None,
        saved: Vec::new(),
        refused: Vec::new(),
        dropped_into: String::new(),
    };
    let mut did = None;
    let mut ok = false;
    let mut said = String::new();
    for (key, value) in query {
        match key.as_str() {
            "did" => did = Action::named(value),
            "ok" => ok = value == "1",
            "said" => said = value.clone(),
            "to" => c.dropped_into = value.clone(),
            "saved" => {
                if let Some((given, saved)) = value.split_once('\n') {
                    c.saved.push((given.to_string(), saved.to_string()));
                }
            }
            "refused" => {
                if let Some((given, why)) = value.split_once('\n') {
                    c.refused.push((given.to_string(), why.to_string()));
                }
            }
            _ => {}
        }
    }
    c.said = did.map(|a| (a, ok, said));
    c
}

/// GET /: the 設定 page while the folder has no configuration, else 受付.
pub(super) async fn home(State(app): State<Arc<App>>) -> Redirect {
    if app.folder.join(CONFIG).is_file() {
        Redirect::to(Page::Intake.path())
    } else {
        Redirect::to(Page::Setup.path())
    }
}

/// GET of a step's page (配布, 修正依頼, 集約, 公表, 中間評価, 年度末).
pub(super) async fn step_page(
    page: Page,
    State(app): State<Arc<App>>,
    Query(query): Pairs,
) -> Response {
    let shown = app.clone();
    html(
        blocking(move || {
            let context = context(&shown, &query);
            let folder = &shown.folder;
            match page {
                Page::Hand => pages::hand(folder, &context),
                Page::Fix => {
                    let files = folders::files(folder, FIX);
                    let view = FixView {
                        replies: FixView::of(&files, |name| {
                            std::fs::read_to_string(folder.join(FIX).join(name)).ok()
                        }),
                        has_inbox: folders::has_files(folder, INBOX),
                        document: Settings::of_folder(folder).map_or_else(
                            |_| crate::outputs::present::DEFAULT_DOCUMENT.to_string(),
                            |s| s.config.headings.document,
                        ),
                    };
                    pages::fix(&view, &context)
                }
                Page::Collect => pages::collect(folder, &context),
                Page::Publish => pages::publish(folder, &context),
                Page::Review => pages::review(folder, &intake_view(&shown, MID_INBOX), &context),
                _ => pages::year_end(folder, &intake_view(&shown, END_INBOX), &context),
            }
        })
        .await,
    )
}

/// POST /run?do=…: a button's command on the working folder, then back to
/// its page with what it said.
pub(super) async fn run_action(State(app): State<Arc<App>>, Query(query): Pairs) -> Response {
    let Some(action) = Action::named(&value_of(&query, "do")) else {
        return refuse(StatusCode::NOT_FOUND, Refusal::NotServed);
    };
    let running = app.clone();
    let said = blocking(move || {
        let _one_at_a_time = running
            .running
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        action.run(&running.folder)
    })
    .await;
    let (ok, mut text) = said.map_or(
        (false, "実行できませんでした。".to_string()),
        |s| (s.ok, s.text),
    );
    if text.len() > MAX_SAID {
        let mut cut = MAX_SAID;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
        text.push_str("\n…(長いため以下を省略しました)\n");
    }
    let query = serde_urlencoded::to_string([
        ("did", action.name()),
        ("ok", if ok { "1" } else { "0" }),
        ("said", text.as_str()),
    ])
    .unwrap_or_default();
    Redirect::to(&format!("{}?{query}", Page::of(action).path())).into_response()
}

/// GET /setup: the configuration, or the form that makes it.
pub(super) async fn setup_page(State(app): State<Arc<App>>, Query(query): Pairs) -> Response {
    let shown = app.clone();
    html(
        blocking(move || {
            let context = context(&shown, &query);
            let value = |key: &str| value_of(&query, key);
            let view = SetupView {
                text: std::fs::read_to_string(shown.folder.join(CONFIG)).ok(),
                refused: Some(value("why")).filter(|w| !w.is_empty()),
                municipality: value("municipality"),
                code: value("code"),
                year: value("year"),
                roster: value("roster"),
            };
            pages::setup(&view, &context)
        })
        .await,
    )
}

/// POST /setup: the form written as mokuhyo.toml (read back first, never
/// over one), or back to the form with what to fix and what was typed.
pub(super) async fn setup_save(
    State(app): State<Arc<App>>,
    Form(form): Form<SetupForm>,
) -> Response {
    let folder = app.folder.clone();
    let done = blocking(move || {
        let saved = setup::config_text(&form).and_then(|text| setup::save(&folder, &text));
        (saved, form)
    })
    .await;
    match done {
        Some((Ok(()), _)) => Redirect::to(Page::Hand.path()).into_response(),
        Some((Err(why), form)) => {
            let query = serde_urlencoded::to_string([
                ("why", why.as_str()),
                ("municipality", &form.municipality),
                ("code", &form.code),
                ("year", &form.year),
                ("roster", &form.roster),
            ])
            .unwrap_or_default();
            Redirect::to(&format!("/setup?{query}")).into_response()
        }
        None => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// GET /intake: the 受付 page, with what the last upload saved and refused.
pub(super) async fn intake_page(State(app): State<Arc<App>>, Query(query): Pairs) -> Response {
    let shown = app.clone();
    html(
        blocking(move || {
            let context = context(&shown, &query);
            pages::intake(&intake_view(&shown, INBOX), &context)
        })
        .await,
    )
}

/// POST /intake?to=…: each file of the form saved into the inbox (提出
/// unless another is named; whole, under a new name when the name is
/// taken), then back to the inbox's page, which shows them (受付 checks
/// them with the rest).
pub(super) async fn upload(
    State(app): State<Arc<App>>,
    Query(query): Pairs,
    mut form: Multipart,
) -> Response {
    let to = query
        .iter()
        .find(|(k, _)| k == "to")
        .map_or(INBOX, |(_, v)| v.as_str());
    let Some(inbox) = INBOXES.into_iter().find(|i| *i == to) else {
        return refuse(StatusCode::NOT_FOUND, Refusal::NotServed);
    };
    let mut results: Vec<(&'static str, String, String)> = Vec::new();
    let mut count = 0;
    loop {
        let mut field = match form.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(_) => {
                let why = format!(
                    "送られたファイルが大きすぎるか、途中で切れています(1ファイル {} MB まで)。",
                    app.max_file / (1024 * 1024)
                );
                results.push(("refused", "(残りのファイル)".to_string(), why));
                break;
            }
        };
        let Some(name) = field.file_name().map(str::to_string) else {
            continue;
        };
        if name.is_empty() {
            continue;
        }
        count += 1;
        if count > MAX_FILES {
            results.push((
                "refused",
                name,
                format!("一度に受け付けるのは {MAX_FILES} ファイルまでです。"),
            ));
            continue;
        }
        let mut bytes = Vec::new();
        let mut too_big = false;
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) => {
                    if too_big || (bytes.len() + chunk.len()) as u64 > app.max_file {
                        too_big = true;
                        bytes = Vec::new();
                    } else {
                        bytes.extend_from_slice(&chunk);
                    }
                }
                Ok(None) => break,
                Err(_) => {
                    too_big = true;
                    break;
                }
            }
        }
        if too_big {
            let why = format!(
                "{} MB を超えるため保存しませんでした(設定ファイルの max_file_mb で変えられます)。",
                app.max_file / (1024 * 1024)
            );
            results.push(("refused", name, why));
            continue;
        }
        let folder = app.folder.clone();
        let given = name.clone();
        let saved = tokio::task::spawn_blocking(move || {
            super::intake::save(&folder, inbox, &given, &bytes)
        })
        .await;
        match saved {
            Ok(Ok(path)) => {
                let shown = shown_path(&app.folder, &path);
                results.push(("saved", name, shown));
            }
            Ok(Err(e)) => {
                let why = format!("「{inbox}」に保存できません。{}。", OsReason::from(&e));
                results.push(("refused", name, why));
            }
            Err(_) => results.push(("refused", name, "保存できませんでした。".to_string())),
        }
    }
    let mut query: Vec<(&str, String)> = vec![("to", inbox.to_string())];
    query.extend(
        results
            .into_iter()
            .map(|(key, given, said)| (key, format!("{given}\n{said}"))),
    );
    let query = serde_urlencoded::to_string(&query).unwrap_or_default();
    let page = match inbox {
        folders::MID_INBOX => Page::Review,
        folders::END_INBOX | folders::LAST_YEAR => Page::YearEnd,
        _ => Page::Intake,
    };
    Redirect::to(&format!("{}?{query}", page.path())).into_response()
}

/// A file's bytes as an answer: its media type, and a name to save it as
/// (or to open it in the browser when `inline`).
fn file_answer(bytes: Vec<u8>, name: &str, inline: bool) -> Response {
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(folders::media_type(name)),
    );
    if let Ok(value) = HeaderValue::from_str(&folders::disposition(name, inline)) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

/// GET /download?from=集約&name=…(&open=1): a file of a served folder, as
/// it is on the disk.
pub(super) async fn download(State(app): State<Arc<App>>, Query(query): Pairs) -> Response {
    let value = |key: &str| value_of(&query, key);
    let (from, name) = (value("from"), value("name"));
    let open = value("open") == "1" && name.ends_with(".pdf");
    let Some(path) = folders::served_file(&app.folder, &from, &name) else {
        return refuse(StatusCode::NOT_FOUND, Refusal::NotServed);
    };
    match blocking(move || std::fs::read(path)).await {
        Some(Ok(bytes)) => file_answer(bytes, &name, open),
        _ => refuse(StatusCode::NOT_FOUND, Refusal::NotServed),
    }
}

/// GET /zip?from=配布: a served folder as one zip.
pub(super) async fn zip(State(app): State<Arc<App>>, Query(query): Pairs) -> Response {
    let from = value_of(&query, "from");
    let folder = app.folder.clone();
    let name = format!("{from}.zip");
    match blocking(move || folders::zip_of(&folder, &from)).await {
        Some(Some(bytes)) => file_answer(bytes, &name, false),
        _ => refuse(StatusCode::NOT_FOUND, Refusal::NotServed),
    }
}

/// GET /site/…: a file of the published site, shown as a citizen's
/// browser shows it (its own style, no script), or saved with
/// `?download=1`.
pub(super) async fn site(
    State(app): State<Arc<App>>,
    UrlPath(path): UrlPath<String>,
    Query(query): Pairs,
) -> Response {
    let download = query.iter().any(|(k, v)| k == "download" && v == "1");
    let Some(file) = folders::site_file(&app.folder, &path) else {
        return refuse(StatusCode::NOT_FOUND, Refusal::NotServed);
    };
    let name = path.rsplit('/').next().unwrap_or_default().to_string();
    let Some(Ok(bytes)) = blocking(move || std::fs::read(file)).await else {
        return refuse(StatusCode::NOT_FOUND, Refusal::NotServed);
    };
    let mut response = if download {
        file_answer(bytes, &name, false)
    } else {
        let mut r = bytes.into_response();
        r.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(folders::media_type(&name)),
        );
        r
    };
    // The site's pages style values inline (so that a fragment keeps its
    // look in a CMS) and run no script.
    response.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; style-src 'self' 'unsafe-inline'; script-src 'none'; frame-ancestors 'none'; form-action 'none'",
        ),
    );
    response
}

/// A path inside the working folder as the page shows it: `提出/x.xlsx`.
fn shown_path(folder: &Path, path: &Path) -> String {
    path.strip_prefix(folder)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// The 受付 page's content: every file of 提出 checked as `check` checks
/// it, and the roster's status.
fn intake_view(app: &App, inbox_name: &'static str) -> IntakeView {
    let folder = app.folder.as_path();
    let mut view = IntakeView {
        year: None,
        config_note: String::new(),
        error: None,
        status: status::Status::default(),
        files: Vec::new(),
    };
    let mut settings = match Settings::of_folder(folder) {
        Ok(settings) => settings,
        Err(e) => {
            view.error = Some(e.to_string());
            return view;
        }
    };
    settings.headers_only = true;
    view.config_note = match &settings.config_path {
        Some(_) => {
            "作業フォルダの設定ファイル mokuhyo.toml(名簿など)を使って点検しています。".to_string()
        }
        None => "作業フォルダに設定ファイル mokuhyo.toml がないため、名簿なしで点検しています。"
            .to_string(),
    };
    let inbox = folder.join(inbox_name);
    let (submissions, walk) = if folders::has_files(folder, inbox_name) {
        let mut checked = app
            .checked
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match checked
            .entry(inbox_name)
            .or_default()
            .read(&inbox, &settings)
        {
            Ok(read) => read,
            Err(e) => {
                view.error = Some(e.to_string());
                return view;
            }
        }
    } else {
        (Vec::new(), Vec::new())
    };
    let c = settings.consolidate(submissions, settings.year);
    view.year = c.year.or(settings.year).map(|y| y.label());
    view.status = status::status(&c, &settings.config.roster);
    for s in &c.submissions {
        view.files.push(FileView {
            name: shown_path(folder, &s.path),
            findings: s.findings.clone(),
        });
    }
    for f in walk {
        view.files.push(FileView {
            name: shown_path(folder, &f.file),
            findings: vec![f],
        });
    }
    view
}
