//! `mokuhyo serve`, the office workbench, spoken to over the loopback
//! address as a browser and as a hostile page would: the token, the Host,
//! the Origin, uploads saved whole and never overwritten, and the status.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use crate::common;

mod year;

/// The time the workbench's outputs and the command line's are made at.
const EPOCH: &str = "1775001600";

/// A running workbench, stopped when dropped.
struct Workbench {
    child: Child,
    port: u16,
    token: String,
    folder: PathBuf,
}

impl Drop for Workbench {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An answer: status code, headers (names in lower case), body.
struct Answer {
    code: u16,
    headers: Vec<(String, String)>,
    body: String,
    /// The body as sent.
    bytes: Vec<u8>,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Starts `serve` on `folder` and reads the address from its first line.
fn start(folder: &Path) -> Workbench {
    let mut child = common::spawn(
        Command::new(env!("CARGO_BIN_EXE_mokuhyo"))
            .args(["serve", "--no-browser"])
            .arg(folder)
            .env("SOURCE_DATE_EPOCH", EPOCH)
            .stdout(Stdio::piped())
            .stderr(Stdio::null()),
    );
    let mut stdout = child.stdout.take().unwrap();
    let mut line = Vec::new();
    let mut byte = [0u8; 1];
    while stdout.read(&mut byte).unwrap() == 1 && byte[0] != b'\n' {
        line.push(byte[0]);
    }
    let line = String::from_utf8(line).unwrap();
    let rest = line
        .strip_prefix("http://127.0.0.1:")
        .unwrap_or_else(|| panic!("the first line is not the address: {line:?}"));
    let (port, token) = rest.split_once("/?token=").unwrap();
    // The rest of stdout is read away so that the server never blocks on it.
    std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
    Workbench {
        child,
        port: port.parse().unwrap(),
        token: token.trim().to_string(),
        folder: folder.to_path_buf(),
    }
}

impl Workbench {
    fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    fn cookie(&self) -> String {
        format!("mokuhyo_token={}", self.token)
    }

    /// Sends a raw request: the request line, headers, a body.
    fn send(&self, head: &str, headers: &[(&str, String)], body: &[u8]) -> Answer {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        let mut request = format!("{head} HTTP/1.1\r\nConnection: close\r\n");
        for (name, value) in headers {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        request.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
        stream.write_all(request.as_bytes()).unwrap();
        stream.write_all(body).unwrap();
        let mut raw = Vec::new();
        let _ = stream.read_to_end(&mut raw);
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .map_or(raw.len(), |i| i + 4);
        let bytes = raw[split..].to_vec();
        let raw = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
        let mut lines = head.lines();
        let code = lines.next().unwrap_or("")[9..12].parse().unwrap();
        let headers = lines
            .filter_map(|l| l.split_once(": "))
            .map(|(n, v)| (n.to_ascii_lowercase(), v.to_string()))
            .collect();
        Answer {
            code,
            headers,
            body: body.to_string(),
            bytes,
        }
    }

    /// GET as the workbench's own browser (host and cookie right).
    fn get(&self, path: &str) -> Answer {
        self.send(
            &format!("GET {path}"),
            &[("Host", self.host()), ("Cookie", self.cookie())],
            b"",
        )
    }

    /// Uploads files as the 受付 form does, with the headers given.
    fn upload_with(
        &self,
        files: &[(&str, &[u8])],
        headers: &[(&str, String)],
        csrf: bool,
    ) -> Answer {
        let path = if csrf {
            format!("POST /intake?csrf={}", self.token)
        } else {
            "POST /intake".to_string()
        };
        self.post_files(&path, files, headers)
    }

    /// Uploads files as the drop form of `inbox` does (中間評価提出…).
    fn upload_into(&self, inbox: &str, files: &[(&str, &[u8])]) -> Answer {
        let query = serde_urlencoded::to_string([("csrf", self.token.as_str()), ("to", inbox)]);
        self.post_files(
            &format!("POST /intake?{}", query.unwrap()),
            files,
            &self.own(),
        )
    }

    /// Sends `files` as a multipart form's `files` field.
    fn post_files(
        &self,
        head: &str,
        files: &[(&str, &[u8])],
        headers: &[(&str, String)],
    ) -> Answer {
        let boundary = "----mokuhyo-test-boundary";
        let mut body = Vec::new();
        for (name, bytes) in files {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                )
                .as_bytes(),
            );
            body.extend_from_slice(bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let mut all = vec![(
            "Content-Type",
            format!("multipart/form-data; boundary={boundary}"),
        )];
        all.extend(headers.iter().cloned());
        self.send(head, &all, &body)
    }

    /// The headers of the workbench's own page.
    fn own(&self) -> Vec<(&'static str, String)> {
        vec![
            ("Host", self.host()),
            ("Cookie", self.cookie()),
            ("Origin", format!("http://{}", self.host())),
        ]
    }

    /// Uploads as the workbench's own page.
    fn upload(&self, files: &[(&str, &[u8])]) -> Answer {
        self.upload_with(files, &self.own(), true)
    }

    fn inbox(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.folder.join("提出"))
            .map(|d| {
                d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }
}

/// A working folder with the samples' configuration and nothing submitted.
fn folder(dir: &Path) -> PathBuf {
    std::fs::copy(
        common::root().join("samples/mokuhyo.toml"),
        dir.join("mokuhyo.toml"),
    )
    .unwrap();
    dir.to_path_buf()
}

fn sample_bytes(department: &str) -> Vec<u8> {
    std::fs::read(common::sample(department)).unwrap()
}

#[test]
fn the_address_s_token_becomes_a_cookie_and_opens_the_intake_page() {
    let dir = tempfile::tempdir().unwrap();
    let wb = start(&folder(dir.path()));
    let first = wb.send(
        &format!("GET /?token={}", wb.token),
        &[("Host", wb.host())],
        b"",
    );
    assert_eq!(first.code, 303);
    let cookie = first.header("set-cookie").unwrap();
    assert!(cookie.starts_with(&wb.cookie()), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    let page = wb.get("/intake");
    assert_eq!(page.code, 200);
    assert!(
        page.body.contains("<h1>受付(令和8年度)</h1>"),
        "{}",
        page.body
    );
    assert!(page.body.contains("未提出"), "{}", page.body);
    let csp = page.header("content-security-policy").unwrap();
    assert!(csp.starts_with("default-src 'self'"), "{csp}");
    assert_eq!(page.header("x-content-type-options"), Some("nosniff"));
    // With no-referrer a browser sends `Origin: null` on the form's POST.
    assert_eq!(page.header("referrer-policy"), Some("same-origin"));
}

#[test]
fn a_request_without_the_token_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let wb = start(&folder(dir.path()));
    let none = wb.send("GET /intake", &[("Host", wb.host())], b"");
    assert_eq!(none.code, 403);
    assert!(
        none.body.contains("token 付きのアドレスで開いてください"),
        "{}",
        none.body
    );
    let wrong = wb.send(
        "GET /intake",
        &[
            ("Host", wb.host()),
            ("Cookie", "mokuhyo_token=0".to_string()),
        ],
        b"",
    );
    assert_eq!(wrong.code, 403);
    let guessed = wb.send("GET /?token=0123", &[("Host", wb.host())], b"");
    assert_eq!(guessed.code, 403);
    assert_eq!(guessed.header("set-cookie"), None);
}

#[test]
fn another_host_is_refused_even_with_the_token() {
    // DNS rebinding: a hostile site's name resolved to 127.0.0.1.
    let dir = tempfile::tempdir().unwrap();
    let wb = start(&folder(dir.path()));
    for host in [
        format!("evil.example:{}", wb.port),
        "127.0.0.1".to_string(),
        format!("127.0.0.1:{}", wb.port + 1),
    ] {
        let answer = wb.send(
            &format!("GET /?token={}", wb.token),
            &[("Host", host.clone()), ("Cookie", wb.cookie())],
            b"",
        );
        assert_eq!(answer.code, 421, "{host}");
        assert_eq!(answer.header("set-cookie"), None, "{host}");
    }
    let localhost = wb.send(
        "GET /intake",
        &[
            ("Host", format!("localhost:{}", wb.port)),
            ("Cookie", wb.cookie()),
        ],
        b"",
    );
    assert_eq!(localhost.code, 200);
}

#[test]
fn a_change_from_another_page_is_refused_and_nothing_is_written() {
    // CSRF: a hostile page posting a form to the workbench.
    let dir = tempfile::tempdir().unwrap();
    let wb = start(&folder(dir.path()));
    let file = sample_bytes("建設部");
    let cases: Vec<(Vec<(&str, String)>, bool)> = vec![
        // Another origin, even with the cookie and the form token.
        (
            vec![
                ("Host", wb.host()),
                ("Cookie", wb.cookie()),
                ("Origin", "http://evil.example".to_string()),
            ],
            true,
        ),
        // A cross-site fetch that hides its origin.
        (
            vec![
                ("Host", wb.host()),
                ("Cookie", wb.cookie()),
                ("Sec-Fetch-Site", "cross-site".to_string()),
            ],
            true,
        ),
        // The cookie but not the form's token.
        (
            vec![
                ("Host", wb.host()),
                ("Cookie", wb.cookie()),
                ("Origin", format!("http://{}", wb.host())),
            ],
            false,
        ),
        // No cookie (SameSite=Strict keeps it from a cross-site form).
        (
            vec![
                ("Host", wb.host()),
                ("Origin", format!("http://{}", wb.host())),
            ],
            true,
        ),
    ];
    for (headers, csrf) in cases {
        let answer = wb.upload_with(&[("x.xlsx", &file)], &headers, csrf);
        assert_eq!(answer.code, 403, "{headers:?} {csrf}");
    }
    assert!(wb.inbox().is_empty(), "{:?}", wb.inbox());
}

#[test]
fn an_uploaded_file_is_saved_checked_and_shown_on_the_status() {
    let dir = tempfile::tempdir().unwrap();
    let wb = start(&folder(dir.path()));
    let file = sample_bytes("建設部");
    let name = "令和8年度_部局経営目標_建設部.xlsx";
    let answer = wb.upload(&[(name, &file)]);
    assert_eq!(answer.code, 303);
    let location = answer.header("location").unwrap().to_string();
    assert_eq!(wb.inbox(), vec![name.to_string()]);
    assert_eq!(
        std::fs::read(wb.folder.join("提出").join(name)).unwrap(),
        file
    );
    let page = wb.get(&location);
    assert_eq!(page.code, 200);
    assert!(
        page.body.contains(&format!("{name} → 提出/{name}")),
        "{}",
        page.body
    );
    let row = page
        .body
        .split("<th scope=\"row\">建設部</th>")
        .nth(1)
        .unwrap();
    assert!(row.starts_with("<td class=\"ok\">提出済</td>"), "{row}");
    assert!(
        page.body.contains(&format!("<h3>提出/{name}</h3>")),
        "{}",
        page.body
    );
}

#[test]
fn a_file_with_errors_shows_them_with_sheet_and_cell() {
    let dir = tempfile::tempdir().unwrap();
    let wb = start(&folder(dir.path()));
    let errors = std::fs::read(common::fixture("misread/cached_errors.xlsx")).unwrap();
    let answer = wb.upload(&[
        ("エラー値.xlsx", &errors),
        ("壊れた.xlsx", b"PK\x03\x04 no"),
    ]);
    assert_eq!(answer.code, 303);
    let page = wb.get(answer.header("location").unwrap());
    let section = page
        .body
        .split("<h3>提出/エラー値.xlsx</h3>")
        .nth(1)
        .unwrap();
    let item = section
        .split("<li class=\"error\">")
        .find(|li| li.contains("部局長名のセルがエラー値「#DIV/0!」です"))
        .unwrap_or_else(|| panic!("{section}"));
    assert!(item.starts_with("[エラー] シート「"), "{item}");
    assert!(item.contains("」セル"), "{item}");
    let broken = page.body.split("<h3>提出/壊れた.xlsx</h3>").nth(1).unwrap();
    assert!(broken.contains("<li class=\"error\">[エラー]"), "{broken}");
    let row = page
        .body
        .split("<th scope=\"row\">総合政策部</th>")
        .nth(1)
        .unwrap();
    assert!(row.starts_with("<td class=\"fix\">要修正</td>"), "{row}");
}

#[test]
fn a_second_file_of_a_name_is_saved_beside_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let wb = start(&folder(dir.path()));
    let file = sample_bytes("建設部");
    wb.upload(&[("建設部.xlsx", &file)]);
    wb.upload(&[("建設部.xlsx", b"second")]);
    assert_eq!(wb.inbox(), vec!["建設部 (2).xlsx", "建設部.xlsx"]);
    assert_eq!(
        std::fs::read(wb.folder.join("提出/建設部.xlsx")).unwrap(),
        file
    );
}

#[test]
fn a_path_in_a_file_name_never_leaves_the_inbox() {
    let dir = tempfile::tempdir().unwrap();
    let wb = start(&folder(dir.path()));
    let before = std::fs::read(wb.folder.join("mokuhyo.toml")).unwrap();
    for name in [
        "../mokuhyo.toml",
        "..\\..\\mokuhyo.toml",
        "/etc/x.xlsx",
        "CON.xlsx",
    ] {
        assert_eq!(wb.upload(&[(name, b"x")]).code, 303, "{name}");
    }
    assert_eq!(
        wb.inbox(),
        vec!["_CON.xlsx", "mokuhyo (2).toml", "mokuhyo.toml", "x.xlsx"]
    );
    assert_eq!(
        std::fs::read(wb.folder.join("mokuhyo.toml")).unwrap(),
        before
    );
    let mut top: Vec<String> = std::fs::read_dir(&wb.folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    top.sort();
    assert_eq!(top, vec!["mokuhyo.toml", "提出"]);
}

#[test]
fn a_file_over_the_size_limit_is_refused_with_nothing_written() {
    let dir = tempfile::tempdir().unwrap();
    let folder = folder(dir.path());
    let mut config = std::fs::read_to_string(folder.join("mokuhyo.toml")).unwrap();
    config.push_str("\n[limits]\nmax_file_mb = 1\n");
    std::fs::write(folder.join("mokuhyo.toml"), config).unwrap();
    let wb = start(&folder);
    let big = vec![b'x'; 1024 * 1024 + 1];
    let answer = wb.upload(&[("大きい.xlsx", &big), ("小さい.xlsx", b"small")]);
    assert_eq!(answer.code, 303);
    assert_eq!(wb.inbox(), vec!["小さい.xlsx"]);
    let page = wb.get(answer.header("location").unwrap());
    assert!(
        page.body
            .contains("大きい.xlsx: 1 MB を超えるため保存しませんでした"),
        "{}",
        page.body
    );
}

#[test]
fn files_dropped_at_once_by_several_clients_are_each_saved_once() {
    let dir = tempfile::tempdir().unwrap();
    let wb = std::sync::Arc::new(start(&folder(dir.path())));
    let clients: Vec<_> = (0..10)
        .map(|client| {
            let wb = wb.clone();
            std::thread::spawn(move || {
                for file in 0..5 {
                    let body = format!("client {client} file {file}");
                    let answer = wb.upload(&[("同じ名前.xlsx", body.as_bytes())]);
                    assert_eq!(answer.code, 303);
                }
            })
        })
        .collect();
    for c in clients {
        c.join().unwrap();
    }
    let names = wb.inbox();
    assert_eq!(names.len(), 50, "{names:?}");
    let mut bodies: Vec<String> = names
        .iter()
        .map(|n| std::fs::read_to_string(wb.folder.join("提出").join(n)).unwrap())
        .collect();
    bodies.sort();
    bodies.dedup();
    assert_eq!(bodies.len(), 50);
}

/// The 受付 page keeps each file's check between visits, but the folder is
/// the state: a file replaced on the disk (by a clerk in Explorer, or a
/// command) is checked again, and a file removed is gone from the page.
#[test]
fn a_file_changed_or_removed_on_the_disk_shows_as_it_is_now() {
    let dir = tempfile::tempdir().unwrap();
    let wb = start(&folder(dir.path()));
    let broken = std::fs::read(common::fixture("misread/cached_errors.xlsx")).unwrap();
    assert_eq!(wb.upload(&[("総合政策部.xlsx", &broken)]).code, 303);
    assert!(wb.get("/intake").body.contains("#DIV/0!"));
    let path = dir.path().join("提出/総合政策部.xlsx");
    std::fs::write(&path, sample_bytes("総合政策部")).unwrap();
    let page = wb.get("/intake").body;
    assert!(!page.contains("#DIV/0!"), "{page}");
    assert!(page.contains("問題は見つかりませんでした。"), "{page}");
    std::fs::remove_file(&path).unwrap();
    let page = wb.get("/intake").body;
    assert!(!page.contains("総合政策部.xlsx"), "{page}");
}
