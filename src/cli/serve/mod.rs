//! `mokuhyo serve`: the office workbench, a web page on this PC's loopback
//! address in front of the same pipeline as the commands. The working
//! folder is the state: each page reads it again, each upload is a file
//! saved into its 提出, and nothing is kept only in memory.

mod collect;
mod guard;
mod intake;
mod pages;

use std::io::Write;
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Multipart, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;

use super::settings::{Settings, read_all};
use crate::cli::args::ServeArgs;
use crate::consolidate::status;
use crate::error::{Error, Result};
use guard::{Guard, Refusal};
use intake::INBOX;
use pages::{FileView, IntakeView};

/// Most files one upload may carry.
const MAX_FILES: usize = 200;

/// What every request handler shares: the working folder and the guard.
struct App {
    /// The working folder: the current directory (`serve` moves into it),
    /// so an empty path to which each file's name is joined.
    folder: PathBuf,
    guard: Guard,
    /// The largest file accepted, in bytes (the reader's limit).
    max_file: u64,
}

/// `mokuhyo serve`.
pub(super) fn run_serve(args: ServeArgs) -> Result<ExitCode> {
    let folder = args.folder.unwrap_or_else(|| PathBuf::from("."));
    if !folder.is_dir() {
        return Err(Error::NoWorkFolder(folder));
    }
    // The configuration is read once here so that a broken one is said
    // before the browser opens; each page reads it again.
    let settings = Settings::of_folder(&folder)?;
    let port = args.port.unwrap_or(0);
    let listener = TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, port)))
        .map_err(|_| Error::Listen(port))?;
    let port = listener
        .local_addr()
        .map_err(|_| Error::Listen(port))?
        .port();
    let guard = Guard::new(port).map_err(|_| Error::Listen(port))?;
    let address = format!("http://127.0.0.1:{port}/?token={}", guard.token());
    let mut out = std::io::stdout();
    let _ = writeln!(out, "{address}");
    let _ = writeln!(
        out,
        "mokuhyo の作業画面を開きました(作業フォルダ: {})。ブラウザが開かないときは、上のアドレスをブラウザに貼り付けてください。このウィンドウを閉じると作業画面は終わります。",
        folder.display()
    );
    let _ = out.flush();
    if !args.no_browser {
        open_browser(&address);
    }
    // The workbench works in the folder as a clerk's command would, so that
    // what it writes names the files as the command line does (提出/…, not
    // a full path) and is byte for byte the same.
    std::env::set_current_dir(&folder).map_err(|_| Error::NoWorkFolder(folder.clone()))?;
    let app = Arc::new(App {
        folder: PathBuf::new(),
        guard,
        max_file: settings.config.limits.max_file_bytes(),
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|_| Error::Listen(port))?;
    runtime.block_on(async move {
        listener
            .set_nonblocking(true)
            .map_err(|_| Error::Listen(port))?;
        let listener =
            tokio::net::TcpListener::from_std(listener).map_err(|_| Error::Listen(port))?;
        axum::serve(listener, router(app))
            .await
            .map_err(|_| Error::Listen(port))
    })?;
    Ok(ExitCode::SUCCESS)
}

/// The workbench's routes behind its guard.
fn router(app: Arc<App>) -> Router {
    let body_limit = usize::try_from(app.max_file.saturating_mul(4))
        .unwrap_or(usize::MAX)
        .saturating_add(1 << 20);
    Router::new()
        .route("/", get(|| async { Redirect::to("/intake") }))
        .route("/intake", get(intake_page).post(upload))
        .route("/collect", get(collect_page).post(collect_run))
        .route("/download", get(download))
        .route("/style.css", get(style))
        .route("/drop.js", get(script))
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(middleware::from_fn_with_state(app.clone(), guarded))
        .with_state(app)
}

/// Refuses what is not this PC's own browser on this workbench, exchanges
/// the address's token for a cookie, and sets the headers every answer
/// carries.
async fn guarded(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let headers = request.headers();
    let text = |name: header::HeaderName| headers.get(name).and_then(|v| v.to_str().ok());
    let mut response = if !app.guard.host_allowed(text(header::HOST)) {
        refuse(StatusCode::MISDIRECTED_REQUEST, Refusal::Host)
    } else if let Some(token) = query_value(request.uri().query(), "token") {
        if app.guard.is_token(&token) {
            let mut r = Redirect::to(request.uri().path()).into_response();
            if let Ok(cookie) = HeaderValue::from_str(&app.guard.set_cookie()) {
                r.headers_mut().insert(header::SET_COOKIE, cookie);
            }
            r
        } else {
            refuse(StatusCode::FORBIDDEN, Refusal::Token)
        }
    } else if !app.guard.cookie_allowed(text(header::COOKIE)) {
        refuse(StatusCode::FORBIDDEN, Refusal::Token)
    } else if !matches!(*request.method(), Method::GET | Method::HEAD)
        && !own_change(&app.guard, headers, request.uri().query())
    {
        refuse(StatusCode::FORBIDDEN, Refusal::Origin)
    } else {
        next.run(request).await
    };
    let headers = response.headers_mut();
    for (name, value) in [
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; frame-ancestors 'none'; form-action 'self'",
        ),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        // Not no-referrer: with it a browser sends `Origin: null` on the
        // form's POST, which the guard must refuse.
        (header::REFERRER_POLICY, "same-origin"),
        (header::CACHE_CONTROL, "no-store"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

/// Whether a request that changes something comes from the workbench's
/// own page: its origin, and the form's token in the address.
fn own_change(guard: &Guard, headers: &HeaderMap, query: Option<&str>) -> bool {
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    guard.origin_allowed(text("origin"), text("sec-fetch-site"))
        && query_value(query, "csrf").is_some_and(|t| guard.is_token(&t))
}

fn refuse(code: StatusCode, why: Refusal) -> Response {
    (code, Html(pages::refused(why.message()).into_string())).into_response()
}

/// The value of `name` in a query string, percent-decoded.
fn query_value(query: Option<&str>, name: &str) -> Option<String> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query?).ok()?;
    pairs.into_iter().find(|(k, _)| k == name).map(|(_, v)| v)
}

/// GET /intake: the 受付 page, with what the last upload saved and refused.
async fn intake_page(
    State(app): State<Arc<App>>,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    let folder = app.folder.clone();
    let view = tokio::task::spawn_blocking(move || intake_view(&folder)).await;
    let Ok(mut view) = view else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    for (key, value) in query {
        match key.as_str() {
            "saved" => {
                if let Some((given, saved)) = value.split_once('\n') {
                    view.saved.push((given.to_string(), saved.to_string()));
                }
            }
            "refused" => {
                if let Some((given, why)) = value.split_once('\n') {
                    view.refused.push((given.to_string(), why.to_string()));
                }
            }
            _ => {}
        }
    }
    Html(pages::intake(&view, app.guard.token()).into_string()).into_response()
}

/// POST /intake: each file of the form saved into 提出 (whole, under a new
/// name when the name is taken), then back to the 受付 page, which checks
/// them with the rest.
async fn upload(State(app): State<Arc<App>>, mut form: Multipart) -> Response {
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
        let saved =
            tokio::task::spawn_blocking(move || intake::save(&folder, &given, &bytes)).await;
        match saved {
            Ok(Ok(path)) => {
                let shown = shown_path(&app.folder, &path);
                results.push(("saved", name, shown));
            }
            Ok(Err(e)) => {
                let why = format!(
                    "「{INBOX}」に保存できません。{}。",
                    crate::error::OsReason::from(&e)
                );
                results.push(("refused", name, why));
            }
            Err(_) => results.push(("refused", name, "保存できませんでした。".to_string())),
        }
    }
    let query: Vec<(&str, String)> = results
        .into_iter()
        .map(|(key, given, said)| (key, format!("{given}\n{said}")))
        .collect();
    let query = serde_urlencoded::to_string(&query).unwrap_or_default();
    let target = if query.is_empty() {
        "/intake".to_string()
    } else {
        format!("/intake?{query}")
    };
    Redirect::to(&target).into_response()
}

/// GET /collect: the 集約 page, the files of 集約 and what the last run said.
async fn collect_page(
    State(app): State<Arc<App>>,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    let folder = app.folder.clone();
    let Ok(view) = tokio::task::spawn_blocking(move || collect::view(&folder)).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let said = query.into_iter().find(|(k, _)| k == "said").map(|(_, v)| v);
    Html(pages::collect(&view, said.as_deref(), app.guard.token()).into_string()).into_response()
}

/// POST /collect: `mokuhyo build` on 提出 into 集約, then back to the page.
async fn collect_run(State(app): State<Arc<App>>) -> Response {
    let folder = app.folder.clone();
    let done = tokio::task::spawn_blocking(move || collect::build(&folder)).await;
    let said = match done {
        Ok(Ok(())) => format!(
            "集約しました。ファイルは作業フォルダの「{}」にあります。",
            collect::OUTBOX
        ),
        Ok(Err(why)) => why,
        Err(_) => "集約できませんでした。".to_string(),
    };
    let query = serde_urlencoded::to_string([("said", said)]).unwrap_or_default();
    Redirect::to(&format!("/collect?{query}")).into_response()
}

/// GET /download?from=集約&name=…: a file of a served folder, as it is on
/// the disk.
async fn download(
    State(app): State<Arc<App>>,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    let value = |key: &str| {
        query
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let (from, name) = (value("from"), value("name"));
    let Some(path) = collect::served_file(&app.folder, &from, &name) else {
        return refuse(StatusCode::NOT_FOUND, Refusal::NotServed);
    };
    let Ok(Ok(bytes)) = tokio::task::spawn_blocking(move || std::fs::read(path)).await else {
        return refuse(StatusCode::NOT_FOUND, Refusal::NotServed);
    };
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(collect::media_type(&name)),
    );
    if let Ok(value) = HeaderValue::from_str(&collect::disposition(&name)) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
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
fn intake_view(folder: &Path) -> IntakeView {
    let mut view = IntakeView {
        year: None,
        config_note: String::new(),
        error: None,
        status: status::Status::default(),
        files: Vec::new(),
        saved: Vec::new(),
        refused: Vec::new(),
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
    let inbox = folder.join(INBOX);
    let (submissions, walk) = if intake::has_files(folder) {
        match read_all(&[inbox], &settings) {
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

async fn style() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        include_str!("style.css"),
    )
}

async fn script() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        include_str!("drop.js"),
    )
}

/// Opens `address` in the default browser; the address is printed in case
/// it does not open.
fn open_browser(address: &str) {
    let opener = if cfg!(windows) {
        "explorer.exe"
    } else if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    let _ = std::process::Command::new(opener)
        .arg(address)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
}
