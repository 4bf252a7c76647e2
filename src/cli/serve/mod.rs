//! `mokuhyo serve`: the office workbench, a web page on this PC's loopback
//! address in front of the same pipeline as the commands. The working
//! folder is the state: each page reads it again, each upload is a file
//! saved into its 提出, and nothing is kept only in memory.

mod checked;
mod folders;
mod guard;
mod handlers;
mod intake;
mod pages;
mod run;
mod setup;

use std::io::Write;
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};

use super::settings::Settings;
use crate::cli::args::ServeArgs;
use crate::error::{Error, Result};
use guard::{Guard, Refusal};
use handlers::{
    download, home, intake_page, run_action, setup_page, setup_save, site, step_page, upload, zip,
};
use pages::Page;

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
    /// The checks of each inbox's files (提出, 中間評価提出, 年度末提出),
    /// until they change.
    checked: std::sync::Mutex<std::collections::HashMap<&'static str, checked::Checked>>,
    /// Held while a button's command runs: two tabs pressing at once run
    /// one after the other, as two commands typed one after the other.
    running: std::sync::Mutex<()>,
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
        checked: Default::default(),
        running: Default::default(),
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
    let mut router = Router::new()
        .route("/", get(home))
        .route("/intake", get(intake_page).post(upload))
        .route("/run", post(run_action))
        .route("/setup", get(setup_page).post(setup_save))
        .route("/download", get(download))
        .route("/zip", get(zip))
        .route("/site/{*path}", get(site))
        .route("/style.css", get(style))
        .route("/drop.js", get(script));
    for page in Page::ALL {
        if !matches!(page, Page::Intake | Page::Setup) {
            router = router.route(
                page.path(),
                get(move |state, query| step_page(page, state, query)),
            );
        }
    }
    router
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
        // A page of the site previewed says its own policy.
        headers
            .entry(name)
            .or_insert(HeaderValue::from_static(value));
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
