//! Benchmark (not a test): the office workbench, `mokuhyo serve`, on a
//! working folder whose roster has N departments, against issue 29's
//! budgets. `cargo bench --bench workbench [-- N]`.
//!
//! Spoken to over plain HTTP/1.1 as tests/suite/workbench.rs does, it
//! times (the median of a few runs after one warm-up, and each run):
//! (a) one file dropped, from the end of sending the upload until the
//! whole 受付 page it is sent back to (with the file's findings) is
//! received, with 提出 otherwise empty and with the other N − 1 files in
//! it (budget 300 ms); (b) the 受付 page with N departments' files, the
//! status of the whole roster (budget 1 s); (c) the workbench's peak
//! resident memory (VmHWM, Linux) after those requests against one
//! `mokuhyo status` run's on the same folder (GNU time's maximum resident
//! size, /usr/bin/time: it is the command's parent, so the bench's own
//! size never counts). Prints PASS or OVER beside each budget and never
//! fails on a time.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use mokuhyo::outputs::xlsx::template::{self, TemplateOptions};

mod common;

/// The time the workbench's outputs are made at, as in the suite.
const EPOCH: &str = "1775001600";
/// Timed runs of each measurement, after one warm-up.
const RUNS: usize = 5;
/// Issue 29: a dropped file's findings on the page.
const UPLOAD_BUDGET: Duration = Duration::from_millis(300);
/// Issue 29: the status page of 1,000 departments.
const PAGE_BUDGET: Duration = Duration::from_secs(1);

/// A running workbench, stopped when dropped.
struct Workbench {
    child: Child,
    port: u16,
    cookie: String,
    token: String,
}

impl Drop for Workbench {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An answer, and when its last byte came.
struct Answer {
    code: u16,
    head: String,
    body: Vec<u8>,
    received: Instant,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().skip(1).find_map(|l| {
            let (n, v) = l.split_once(": ")?;
            n.eq_ignore_ascii_case(name).then_some(v)
        })
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Starts `serve` on `folder`, reads the address from its first line and
/// exchanges the address's token for the cookie, as the browser does.
fn start(folder: &Path) -> Workbench {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mokuhyo"))
        .args(["serve", "--no-browser"])
        .arg(folder)
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
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
    let mut wb = Workbench {
        child,
        port: port.parse().unwrap(),
        cookie: String::new(),
        token: token.trim().to_string(),
    };
    let first = wb.send(
        &format!("GET /?token={}", wb.token),
        &[("Host", wb.host())],
        b"",
    );
    assert_eq!(first.code, 303, "the token's redirect");
    let set = first.header("set-cookie").expect("the token's cookie");
    wb.cookie = set.split(';').next().unwrap().to_string();
    wb
}

impl Workbench {
    fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// Sends a request and reads the whole answer; also returns when the
    /// request's last byte was sent.
    fn exchange(&self, head: &str, headers: &[(&str, String)], body: &[u8]) -> (Instant, Answer) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream.set_nodelay(true).unwrap();
        let mut request = format!("{head} HTTP/1.1\r\nConnection: close\r\n");
        for (name, value) in headers {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        request.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
        stream.write_all(request.as_bytes()).unwrap();
        stream.write_all(body).unwrap();
        let sent = Instant::now();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        let received = Instant::now();
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .map_or(raw.len(), |i| i + 4);
        let head = String::from_utf8_lossy(&raw[..split]).into_owned();
        let code = head.get(9..12).and_then(|c| c.parse().ok()).unwrap_or(0);
        let answer = Answer {
            code,
            head,
            body: raw[split..].to_vec(),
            received,
        };
        (sent, answer)
    }

    fn send(&self, head: &str, headers: &[(&str, String)], body: &[u8]) -> Answer {
        self.exchange(head, headers, body).1
    }

    /// GET as the workbench's own browser; the time from the request sent
    /// to the whole answer received.
    fn get(&self, path: &str) -> (Duration, Answer) {
        let (sent, answer) = self.exchange(
            &format!("GET {path}"),
            &[("Host", self.host()), ("Cookie", self.cookie.clone())],
            b"",
        );
        assert_eq!(answer.code, 200, "GET {path}: {}", answer.head);
        (answer.received - sent, answer)
    }

    /// One file dropped on the 受付 page, and the page the upload sends the
    /// browser back to: the time from the upload's last byte sent to the
    /// page's last byte received, the part of it the upload's own answer
    /// took (saving the file), and the page.
    fn drop_file(&self, name: &str, bytes: &[u8]) -> (Duration, Duration, String) {
        let boundary = "----mokuhyo-bench-boundary";
        let mut body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        )
        .into_bytes();
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let headers = [
            ("Host", self.host()),
            ("Cookie", self.cookie.clone()),
            ("Origin", format!("http://{}", self.host())),
            (
                "Content-Type",
                format!("multipart/form-data; boundary={boundary}"),
            ),
        ];
        let (sent, saved) = self.exchange(
            &format!("POST /intake?csrf={}", self.token),
            &headers,
            &body,
        );
        assert_eq!(saved.code, 303, "the upload: {}", saved.head);
        let location = saved.header("location").expect("the upload's redirect");
        let (_, page) = self.get(location);
        (page.received - sent, saved.received - sent, page.text())
    }

    /// The workbench's peak and current resident memory in MB (VmHWM and
    /// VmRSS), where the system reports them.
    fn memory(&self) -> Option<(f64, f64)> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        let mb = |key: &str| -> Option<f64> {
            let line = status.lines().find(|l| l.starts_with(key))?;
            let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
            Some(kb / 1024.0)
        };
        Some((mb("VmHWM:")?, mb("VmRSS:")?))
    }
}

/// The name a department's file is sent under, as the samples are named.
fn file_name(department: &str) -> String {
    format!("令和8年度_部局経営目標_{department}.xlsx")
}

fn department(i: usize) -> String {
    format!("部局{i:04}")
}

/// A working folder: a mokuhyo.toml whose roster has `n` departments, an
/// empty 提出, and in `pending` the filled templates of all but the last
/// department (moved into 提出 later); returns the last one's file.
fn working_folder(dir: &Path, n: usize) -> (PathBuf, Vec<u8>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let source = mokuhyo::cli::load_document(&root.join("samples/source/総合政策部.toml")).unwrap();
    let mut config = String::from("municipality = \"真庭市\"\nyear = \"令和8年度\"\n");
    for i in 0..n {
        config.push_str(&format!("\n[[department]]\nname = \"{}\"\n", department(i)));
    }
    std::fs::write(dir.join("mokuhyo.toml"), config).unwrap();
    std::fs::create_dir(dir.join("提出")).unwrap();
    let pending = dir.join("pending");
    std::fs::create_dir(&pending).unwrap();
    let mut last = Vec::new();
    for i in 0..n {
        let mut doc = source.clone();
        doc.department = department(i);
        let bytes = template::to_bytes(&doc, &TemplateOptions::default()).unwrap();
        if i + 1 == n {
            last = bytes;
        } else {
            std::fs::write(pending.join(file_name(&doc.department)), bytes).unwrap();
        }
    }
    (pending, last)
}

fn median(times: &[Duration]) -> Duration {
    let mut sorted = times.to_vec();
    sorted.sort();
    sorted[sorted.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn runs(times: &[Duration]) -> String {
    times.iter().map(|&t| ms(t)).collect::<Vec<_>>().join(", ")
}

fn verdict(d: Duration, budget: Duration) -> &'static str {
    if d <= budget { "PASS" } else { "OVER" }
}

/// One file dropped `RUNS` times (after a warm-up), each time into 提出 as
/// it was: the saved file is removed again after each run, so that every
/// run finds the folder alike. Prints the times.
fn uploads(wb: &Workbench, folder: &Path, what: &str, n: usize, bytes: &[u8]) {
    let last = department(n - 1);
    let name = file_name(&last);
    let mut totals = Vec::new();
    let mut saves = Vec::new();
    for run in 0..=RUNS {
        let (total, saved, page) = wb.drop_file(&name, bytes);
        assert!(
            page.contains(&format!("<h3>提出/{name}</h3>")),
            "the dropped file's findings are not on the page"
        );
        let row = page
            .split(&format!("<th scope=\"row\">{last}</th>"))
            .nth(1)
            .expect("the department's row");
        assert!(row.starts_with("<td class=\"ok\">提出済</td>"), "{row:.80}");
        std::fs::remove_file(folder.join("提出").join(&name)).unwrap();
        if run > 0 {
            totals.push(total);
            saves.push(saved);
        }
    }
    let m = median(&totals);
    println!("  {what}:");
    println!("    runs: {}", runs(&totals));
    println!(
        "    median {} (budget {} ms): {}",
        ms(m),
        UPLOAD_BUDGET.as_millis(),
        verdict(m, UPLOAD_BUDGET)
    );
    println!(
        "    of which the upload's own answer (saving the file): median {} ({})",
        ms(median(&saves)),
        runs(&saves)
    );
}

/// One `mokuhyo status` run on the folder under GNU time: its wall time
/// and its maximum resident size in MB, if /usr/bin/time is there.
fn status_run(folder: &Path) -> (Duration, Option<f64>) {
    let time = Path::new("/usr/bin/time");
    let peak = folder.join("status-peak.txt");
    let mut command = if time.exists() {
        let mut c = Command::new(time);
        c.args(["-f", "%M", "-o"])
            .arg(&peak)
            .arg(env!("CARGO_BIN_EXE_mokuhyo"));
        c
    } else {
        Command::new(env!("CARGO_BIN_EXE_mokuhyo"))
    };
    command
        .args(["status", "提出", "--config", "mokuhyo.toml"])
        .current_dir(folder)
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let start = Instant::now();
    let status = command.status().unwrap();
    let wall = start.elapsed();
    assert!(
        matches!(status.code(), Some(0 | 1)),
        "mokuhyo status failed: {status}"
    );
    let mb = std::fs::read_to_string(&peak)
        .ok()
        .and_then(|t| t.split_whitespace().last()?.parse::<f64>().ok())
        .map(|kb| kb / 1024.0);
    let _ = std::fs::remove_file(&peak);
    (wall, mb)
}

fn mb(value: Option<f64>) -> String {
    value.map_or("n/a".to_string(), |v| format!("{v:.0} MB"))
}

fn main() {
    let n = common::count().max(1);
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path();
    let start_time = Instant::now();
    let (pending, last) = working_folder(folder, n);
    let made = start_time.elapsed();
    let cores = std::thread::available_parallelism().map_or(0, |c| c.get());
    println!(
        "workbench: roster of {n} departments, {cores} cores; medians of {RUNS} runs after one warm-up"
    );
    println!(
        "write {n} filled templates: {:.2} s (not timed below)",
        made.as_secs_f64()
    );

    let wb = start(folder);
    let idle = wb.memory();
    println!("(a) one file dropped: upload sent → the page with its findings received");
    uploads(&wb, folder, "提出 otherwise empty", n, &last);

    // The folder is the workbench's state: the other files moved in are
    // read by its next page.
    std::fs::remove_dir(folder.join("提出")).unwrap();
    std::fs::rename(&pending, folder.join("提出")).unwrap();
    uploads(
        &wb,
        folder,
        &format!("提出 holding the other {} files", n - 1),
        n,
        &last,
    );

    let last_name = file_name(&department(n - 1));
    std::fs::write(folder.join("提出").join(&last_name), &last).unwrap();
    let mut times = Vec::new();
    let mut size = 0;
    let mut after = Vec::new();
    for run in 0..=RUNS {
        let (took, page) = wb.get("/intake");
        let text = page.text();
        assert_eq!(
            text.matches("<td class=\"ok\">提出済</td>").count(),
            n,
            "every department 提出済"
        );
        assert_eq!(
            text.matches("<h3>提出/").count(),
            n,
            "every file's findings"
        );
        size = page.body.len();
        if run > 0 {
            times.push(took);
            after.push(wb.memory().map(|(_, rss)| rss));
        }
    }
    let m = median(&times);
    println!("(b) GET /intake, the status of {n} departments and their {n} files' findings:");
    println!("    runs: {}", runs(&times));
    println!(
        "    median {} (budget {} s): {}, page {} KB",
        ms(m),
        PAGE_BUDGET.as_secs(),
        verdict(m, PAGE_BUDGET),
        size / 1024
    );

    let (peak, rss) = wb
        .memory()
        .map_or((None, None), |(p, r)| (Some(p), Some(r)));
    let (status_wall, status_peak) = status_run(folder);
    println!("(c) memory (VmHWM of the workbench; GNU time's %M for the command):");
    println!(
        "    workbench: peak {} after the requests (at start {}), resident now {}",
        mb(peak),
        mb(idle.map(|(p, _)| p)),
        mb(rss)
    );
    println!(
        "    resident after each page of (b): {}",
        after.iter().map(|&v| mb(v)).collect::<Vec<_>>().join(", ")
    );
    println!(
        "    one `mokuhyo status 提出 --config mokuhyo.toml` run: peak {} in {:.2} s",
        mb(status_peak),
        status_wall.as_secs_f64()
    );
    if let (Some(p), Some(s)) = (peak, status_peak) {
        println!("    workbench peak / one run's peak: {:.2}x", p / s);
    }
}
