//! The workbench's pages of the year (配布, 修正依頼, 集約, 公表, 中間評価,
//! 年度末, 設定): each button writes byte for byte what its command line
//! writes on the same folder, downloads are those bytes, a folder comes
//! as one zip, the site is previewed and nothing outside it is served.

use std::path::Path;
use std::process::Command;

use super::{EPOCH, Workbench, folder, start};
use crate::common;

/// The files of the samples' folder `samples/NAME`, as uploads.
fn sample_files(name: &str) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> =
        std::fs::read_dir(common::root().join("samples").join(name))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
            .map(|p| {
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                (name, std::fs::read(p).unwrap())
            })
            .collect();
    files.sort();
    files
}

fn refs(files: &[(String, Vec<u8>)]) -> Vec<(&str, &[u8])> {
    files
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect()
}

/// A working folder with every inbox filled: 提出 with the start of the
/// year and a file with errors, 中間評価提出 and 年度末提出 with the year
/// end, 前年度 with the samples written as 令和7年度.
fn full_folder(dir: &Path, wb: &Workbench) {
    let mut start_files = sample_files("start");
    start_files.push((
        "cached_errors.xlsx".to_string(),
        std::fs::read(common::fixture("misread/cached_errors.xlsx")).unwrap(),
    ));
    assert_eq!(wb.upload(&refs(&start_files)).code, 303);
    let year_end = sample_files("year-end");
    for inbox in ["中間評価提出", "年度末提出"] {
        assert_eq!(wb.upload_into(inbox, &refs(&year_end)).code, 303, "{inbox}");
    }
    for source in common::files_under(&common::root().join("samples/source")) {
        let last = common::mokuhyo(
            dir,
            &[
                "template",
                "--fill",
                source.to_str().unwrap(),
                "--year",
                "令和7年度",
                "-o",
                "last",
            ],
        );
        assert_eq!(common::code(&last), 0, "{}", common::stderr(&last, dir));
    }
    let last_files: Vec<(String, Vec<u8>)> = common::files_under(&dir.join("last"))
        .into_iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(p).unwrap())
        })
        .collect();
    assert_eq!(wb.upload_into("前年度", &refs(&last_files)).code, 303);
    std::fs::remove_dir_all(dir.join("last")).unwrap();
}

/// Presses a button of the workbench's page and reads the page it leads
/// back to.
fn press(wb: &Workbench, action: &str) -> String {
    let answer = wb.send(
        &format!("POST /run?do={action}&csrf={}", wb.token),
        &wb.own(),
        b"",
    );
    assert_eq!(answer.code, 303, "{action}");
    let page = wb.get(answer.header("location").unwrap());
    assert_eq!(page.code, 200, "{action}");
    page.body
}

/// Each file under `dir` (not the hidden record of a set written), by
/// its path in it, with its bytes.
fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    common::files_under(dir)
        .into_iter()
        .filter(|p| !p.file_name().unwrap().to_string_lossy().starts_with('.'))
        .map(|p| {
            let name = p
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (name, std::fs::read(&p).unwrap())
        })
        .collect()
}

#[test]
fn every_button_writes_what_its_command_line_writes() {
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().join("work");
    std::fs::create_dir(&work).unwrap();
    let wb = start(&folder(&work));
    full_folder(dir.path(), &wb);
    // The same inboxes, for the command line: the same files at the same
    // times (the later of two files of a department replaces the other).
    let cli = dir.path().join("cli");
    std::fs::create_dir(&cli).unwrap();
    for (name, bytes) in tree(&work) {
        let to = cli.join(&name);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::write(&to, bytes).unwrap();
        let modified = std::fs::metadata(work.join(&name))
            .unwrap()
            .modified()
            .unwrap();
        let file = std::fs::File::options().write(true).open(&to).unwrap();
        file.set_modified(modified).unwrap();
    }
    let steps: [(&str, &[&str], &str, &str); 7] = [
        (
            "hand",
            &["template", "-o", "配布"],
            "配布",
            "様式を書き出しました: 配布",
        ),
        (
            "fix",
            &["check", "提出", "--feedback", "修正依頼"],
            "修正依頼",
            "修正依頼",
        ),
        (
            "collect",
            &["build", "提出", "-o", "集約"],
            "集約",
            "議会資料の PDF を書き出しました: 集約",
        ),
        (
            "publish",
            &["publish", "年度末提出", "-o", "公表ページ", "--fragments"],
            "公表ページ",
            "公表用のウェブページを書き出しました",
        ),
        (
            "review",
            &["review", "中間評価提出", "-o", "中間評価"],
            "中間評価",
            "中間評価の PDF を書き出しました",
        ),
        (
            "rollup",
            &["rollup", "年度末提出", "-o", "実績"],
            "実績",
            "実績報告の PDF を書き出しました",
        ),
        (
            "next-year",
            &["template", "--from", "年度末提出", "-o", "翌年度配布"],
            "翌年度配布",
            "令和9年度の様式を書き出しました",
        ),
    ];
    for (action, args, out, said) in steps {
        let page = press(&wb, action);
        assert!(page.contains(said), "{action}: {page}");
        let mut line: Vec<&str> = args.to_vec();
        line.extend(["--config", "mokuhyo.toml"]);
        let output = common::output(
            Command::new(env!("CARGO_BIN_EXE_mokuhyo"))
                .args(&line)
                .current_dir(&cli)
                .env("SOURCE_DATE_EPOCH", EPOCH),
        );
        assert!(
            common::code(&output) <= 1,
            "{action}: {}",
            common::stderr(&output, &cli)
        );
        let (ours, theirs) = (tree(&work.join(out)), tree(&cli.join(out)));
        assert!(!ours.is_empty(), "{action} wrote nothing");
        let names = |t: &[(String, Vec<u8>)]| t.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
        assert_eq!(names(&ours), names(&theirs), "{action}");
        for ((name, a), (_, b)) in ours.iter().zip(&theirs) {
            assert!(a == b, "{action}: {out}/{name} is not the command line's");
        }
        // What the page offers to download is those bytes.
        for (name, bytes) in ours.iter().filter(|(n, _)| !n.contains('/')) {
            let query =
                serde_urlencoded::to_string([("from", out), ("name", name.as_str())]).unwrap();
            let file = wb.get(&format!("/download?{query}"));
            assert_eq!(file.code, 200, "{out}/{name}");
            assert!(
                file.bytes == *bytes,
                "{out}/{name}: the download is not the file"
            );
        }
    }
    // The comparison: the command's report, saved and on the page.
    let page = press(&wb, "diff");
    let output = common::output(
        Command::new(env!("CARGO_BIN_EXE_mokuhyo"))
            .args(["diff", "前年度", "提出", "--config", "mokuhyo.toml"])
            .current_dir(&cli)
            .env("SOURCE_DATE_EPOCH", EPOCH),
    );
    let printed = String::from_utf8(output.stdout).unwrap();
    assert!(printed.contains("令和7年度"), "{printed}");
    assert_eq!(
        std::fs::read_to_string(work.join("比較/前年度との比較.txt")).unwrap(),
        printed
    );
    let first_line = printed.lines().next().unwrap();
    assert!(
        page.contains(&maud::html!((first_line)).into_string()),
        "{page}"
    );
}

#[test]
fn a_button_pressed_from_another_page_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let wb = start(&folder(dir.path()));
    let without_token = wb.send("POST /run?do=hand", &wb.own(), b"");
    assert_eq!(without_token.code, 403);
    let mut foreign = wb.own();
    foreign[2].1 = "http://evil.example".to_string();
    let answer = wb.send(
        &format!("POST /run?do=hand&csrf={}", wb.token),
        &foreign,
        b"",
    );
    assert_eq!(answer.code, 403);
    assert!(!dir.path().join("配布").exists());
    let unknown = wb.send(
        &format!("POST /run?do=rm&csrf={}", wb.token),
        &wb.own(),
        b"",
    );
    assert_eq!(unknown.code, 404);
}

#[test]
fn a_folder_downloads_as_one_zip_of_its_files() {
    let dir = tempfile::tempdir().unwrap();
    let wb = start(&folder(dir.path()));
    press(&wb, "hand");
    let answer = wb.get("/zip?from=%E9%85%8D%E5%B8%83");
    assert_eq!(answer.code, 200);
    assert_eq!(answer.header("content-type"), Some("application/zip"));
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(answer.bytes)).unwrap();
    let on_disk = tree(&dir.path().join("配布"));
    assert_eq!(zip.len(), on_disk.len());
    for (name, bytes) in &on_disk {
        let mut entry = zip.by_name(&format!("配布/{name}")).unwrap();
        let mut inside = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut inside).unwrap();
        assert!(inside == *bytes, "配布/{name}");
    }
    // Only the workbench's output folders.
    for from in ["%E6%8F%90%E5%87%BA", "..", "%E5%89%8D%E5%B9%B4%E5%BA%A6"] {
        assert_eq!(wb.get(&format!("/zip?from={from}")).code, 404, "{from}");
    }
}

#[test]
fn the_site_is_previewed_as_a_citizen_sees_it_and_nothing_outside_it() {
    let dir = tempfile::tempdir().unwrap();
    let wb = start(&folder(dir.path()));
    assert_eq!(wb.upload(&refs(&sample_files("start"))).code, 303);
    let page = press(&wb, "publish");
    assert!(page.contains("href=\"/site/index.html\""), "{page}");
    let index = wb.get("/site/index.html");
    assert_eq!(index.code, 200);
    assert_eq!(
        index.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(index.bytes == std::fs::read(dir.path().join("公表ページ/index.html")).unwrap());
    let policy = index.header("content-security-policy").unwrap();
    assert!(policy.contains("script-src 'none'"), "{policy}");
    let fragment = common::files_under(&dir.path().join("公表ページ/fragments"))[0].clone();
    let name = fragment.file_name().unwrap().to_string_lossy().into_owned();
    let saved = wb.get(&format!("/site/fragments/{name}?download=1"));
    assert!(
        saved
            .header("content-disposition")
            .unwrap()
            .starts_with("attachment;")
    );
    for path in [
        "/site/../mokuhyo.toml",
        "/site/%2E%2E/mokuhyo.toml",
        "/site/fragments/../../mokuhyo.toml",
        "/site/..%5Cmokuhyo.toml",
        "/site/",
    ] {
        assert_eq!(wb.get(path).code, 404, "{path}");
    }
}

#[test]
fn the_correction_page_offers_each_reply_to_copy_and_mail() {
    let dir = tempfile::tempdir().unwrap();
    let work = folder(dir.path());
    let toml = std::fs::read_to_string(work.join("mokuhyo.toml")).unwrap();
    let toml = toml.replacen(
        "name = \"総合政策部\"",
        "name = \"総合政策部\"\ncontact = \"seisaku@example.jp\"",
        1,
    );
    std::fs::write(work.join("mokuhyo.toml"), toml).unwrap();
    let wb = start(&work);
    // 総合政策部's file with its head's cell an error value.
    let bytes = std::fs::read(common::fixture("misread/cached_errors.xlsx")).unwrap();
    assert_eq!(wb.upload(&[("総合政策部.xlsx", &bytes)]).code, 303);
    let page = press(&wb, "fix");
    let replies = tree(&work.join("修正依頼"));
    let (_, text) = replies.iter().find(|(n, _)| n.ends_with(".txt")).unwrap();
    let text = String::from_utf8(text.clone()).unwrap();
    assert!(page.contains(&maud::html!((text)).into_string()), "{page}");
    assert!(page.contains("data-copy=\"text-0\""), "{page}");
    assert!(text.starts_with("宛先: seisaku@example.jp\n"), "{text}");
    assert!(
        page.contains("href=\"mailto:seisaku@example.jp?subject="),
        "{page}"
    );
}

#[test]
fn a_folder_without_configuration_gets_one_from_the_form() {
    let dir = tempfile::tempdir().unwrap();
    let wb = start(dir.path());
    assert_eq!(wb.get("/").header("location"), Some("/setup"));
    let form = serde_urlencoded::to_string([
        ("municipality", "真庭市"),
        ("year", "R8"),
        ("code", "332143"),
        (
            "roster",
            "総合政策部\t木村 辰生\tseisaku@example.jp\n建設部\n",
        ),
    ])
    .unwrap();
    let mut headers = wb.own();
    headers.push((
        "Content-Type",
        "application/x-www-form-urlencoded".to_string(),
    ));
    assert_eq!(wb.send("POST /setup", &headers, form.as_bytes()).code, 403);
    assert!(!dir.path().join("mokuhyo.toml").exists());
    let head = format!("POST /setup?csrf={}", wb.token);
    let answer = wb.send(&head, &headers, form.as_bytes());
    assert_eq!(answer.header("location"), Some("/hand"));
    let written = std::fs::read_to_string(dir.path().join("mokuhyo.toml")).unwrap();
    assert!(written.contains("year = \"令和8年度\""), "{written}");
    // The roster it wrote is the one the templates are made for.
    let page = press(&wb, "hand");
    assert!(
        page.contains("令和8年度_部局経営目標_建設部.xlsx"),
        "{page}"
    );
    // A second form never replaces it.
    let again = wb.send(&head, &headers, form.replace("R8", "R9").as_bytes());
    let page = wb.get(again.header("location").unwrap());
    assert!(
        page.body.contains("すでに mokuhyo.toml があります"),
        "{}",
        page.body
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("mokuhyo.toml")).unwrap(),
        written
    );
}

#[test]
fn the_year_end_page_says_who_has_not_sent_the_actuals_and_what_was_found() {
    let dir = tempfile::tempdir().unwrap();
    let wb = start(&folder(dir.path()));
    let mut year_end = sample_files("year-end");
    year_end.retain(|(name, _)| !name.contains("消防本部"));
    assert_eq!(wb.upload_into("年度末提出", &refs(&year_end)).code, 303);
    let page = wb.get("/year-end").body;
    assert!(page.contains("「年度末提出」の提出状況"), "{page}");
    assert!(page.contains("未提出 "), "{page}");
    let row = page.split("消防本部").nth(1).unwrap_or_default();
    assert!(row.contains("未提出"), "{page}");
    // 建設部's 実績値 「集計中」 is said on its cell.
    assert!(page.contains("セルX30"), "{page}");
    assert!(page.contains("集計中"), "{page}");
    // 提出 is another inbox: its page knows nothing of these files.
    assert!(!wb.get("/intake").body.contains("集計中"));
}

/// A button and the command line on the same folder at the same time
/// (the clerk in the browser, a colleague in a terminal) leave every
/// output whole: each write is a temporary file renamed into place.
#[test]
fn a_button_and_a_command_at_once_leave_every_output_whole() {
    let dir = tempfile::tempdir().unwrap();
    let wb = start(&folder(dir.path()));
    assert_eq!(wb.upload(&refs(&sample_files("start"))).code, 303);
    let work = dir.path().to_path_buf();
    let command = std::thread::spawn(move || {
        (0..3)
            .map(|_| {
                let out = common::mokuhyo(&work, &["build", "提出", "-o", "集約", "--quiet"]);
                common::code(&out)
            })
            .collect::<Vec<_>>()
    });
    for _ in 0..3 {
        press(&wb, "collect");
    }
    assert_eq!(command.join().unwrap(), [0, 0, 0]);
    let outputs = tree(&dir.path().join("集約"));
    assert_eq!(
        outputs.len(),
        2,
        "{:?}",
        outputs.iter().map(|(n, _)| n).collect::<Vec<_>>()
    );
    for (name, bytes) in outputs {
        if name.ends_with(".pdf") {
            assert!(lopdf::Document::load_mem(&bytes).is_ok(), "{name}");
        } else {
            let workbook = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes));
            assert!(workbook.is_ok(), "{name}");
        }
    }
}
