//! Intake end to end: a folder of mails (tests/fixtures/mail, made by
//! make_mail.py) from several departments, one missing, one sent twice, one
//! with errors; the status table, the workbook from the latest valid
//! submissions, and feedback a department could act on.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::common::*;
use calamine::{Data, Reader, open_workbook_auto};

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).replace('\\', "/")
}

/// A copy of the mail fixtures in a temporary folder, as `mail/`.
fn mail_folder() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixture("mail"), &tmp.path().join("mail"));
    tmp
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Every file under a folder with its bytes.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).unwrap().to_path_buf();
            out.insert(rel, std::fs::read(entry.path()).unwrap());
        }
    }
    out
}

#[test]
fn status_of_a_folder_of_mails() {
    let tmp = mail_folder();
    let out = mokuhyo(
        tmp.path(),
        &["status", "mail", "--config", "mail/mokuhyo.toml"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let expected = "\
令和8年度 提出状況
[警告] mail/inbox/06_お知らせ.eml: 添付ファイルに様式(.xlsx .xlsm .xls .ods)がありません。添付を忘れていないか確かめてください。
総合政策部  提出済  mail/inbox/01_総合政策部.eml/令和8年度_部局経営目標_総合政策部.xlsx(メール: 総合 政子 <sogo@city.example.lg.jp> 2026-04-09 10:15)
建設部      重複    2 件の提出のうち「mail/inbox/03_建設部_再送.eml/令和8年度_部局経営目標_建設部.xlsx」を採用(メールの日時が最も新しい)(メール: kensetsu@city.example.lg.jp 2026-04-11 08:30)
健康福祉部  要修正  最新の提出「mail/inbox/04_健康福祉部.eml/令和8年度_部局経営目標_健康福祉部.xlsx」にエラーが 1 件あります(メール: fukushi@city.example.lg.jp 2026-04-13 17:45)
教育委員会  提出済  mail/inbox/05_教育委員会.eml/x.xlsx(メール: kyoiku-somu@city.example.lg.jp 2026-04-14 13:00)
消防本部    提出済  mail/more/archive.mbox/メール1/shobo.zip/令和8年度_部局経営目標_消防本部.xlsx(メール: shobo@city.example.lg.jp 2026-04-15 16:20)
市民環境部  未提出
提出済 3、重複 1、要修正 1、未提出 1
";
    assert_eq!(text(&out.stdout), expected);
}

#[test]
fn status_as_json_keeps_provenance() {
    let tmp = mail_folder();
    let out = mokuhyo(
        tmp.path(),
        &["status", "mail", "--config", "mail/mokuhyo.toml", "--json"],
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let departments = json["departments"].as_array().unwrap();
    let states: Vec<(&str, &str)> = departments
        .iter()
        .map(|d| {
            (
                d["department"].as_str().unwrap(),
                d["state"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        states,
        [
            ("総合政策部", "submitted"),
            ("建設部", "duplicate"),
            ("健康福祉部", "needs_fix"),
            ("教育委員会", "submitted"),
            ("消防本部", "submitted"),
            ("市民環境部", "missing"),
        ]
    );
    let kensetsu = &departments[1]["received"];
    assert_eq!(kensetsu[0]["taken"], true);
    assert_eq!(kensetsu[0]["mail"]["from"], "kensetsu@city.example.lg.jp");
    assert_eq!(
        kensetsu[0]["mail"]["date"], "2026-04-11T08:30:00",
        "ISO 8601"
    );
    assert_eq!(kensetsu[0]["created"], "2026-04-01", "ISO 8601, not 和暦");
    assert_eq!(kensetsu[1]["taken"], false);
    assert_eq!(departments[0]["contact"], "sogo@city.example.lg.jp");
}

#[test]
fn build_takes_the_latest_valid_submissions() {
    let tmp = mail_folder();
    let out = mokuhyo(
        tmp.path(),
        &[
            "build",
            "mail",
            "--config",
            "mail/mokuhyo.toml",
            "-o",
            "out",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let path = tmp.path().join("out/令和8年度_部局経営目標_集約.xlsx");
    let mut workbook = open_workbook_auto(&path).unwrap();
    let status = workbook.worksheet_range("提出状況").unwrap();
    let rows: Vec<(String, String, String)> = status
        .rows()
        .skip(1)
        .map(|r| (r[0].to_string(), r[1].to_string(), r[2].to_string()))
        .collect();
    let shown: Vec<(&str, &str)> = rows
        .iter()
        .map(|(d, s, _)| (d.as_str(), s.as_str()))
        .collect();
    assert_eq!(
        shown,
        [
            ("総合政策部", "提出済"),
            ("建設部", "重複"),
            ("健康福祉部", "要修正"),
            ("教育委員会", "提出済"),
            ("消防本部", "提出済"),
            ("市民環境部", "未提出"),
        ]
    );
    assert!(
        rows[1].2.ends_with(&native(
            "03_建設部_再送.eml/令和8年度_部局経営目標_建設部.xlsx"
        )),
        "{rows:?}"
    );
    assert_eq!(rows[2].2, "", "no valid 健康福祉部 to take: {rows:?}");
    let sheets = workbook.sheet_names();
    for department in ["総合政策部", "建設部", "教育委員会", "消防本部"] {
        assert!(
            sheets.iter().any(|s| s == department),
            "{department}: {sheets:?}"
        );
    }
    assert!(!sheets.iter().any(|s| s == "健康福祉部"), "{sheets:?}");
}

#[test]
fn feedback_a_department_can_act_on() {
    let tmp = mail_folder();
    let before = files(&tmp.path().join("mail"));
    let out = mokuhyo(
        tmp.path(),
        &[
            "check",
            "mail",
            "--config",
            "mail/mokuhyo.toml",
            "--feedback",
            "返信",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(text(&out.stdout).ends_with("修正依頼を 1 件書き出しました: 返信\n"));
    // Inputs untouched; nothing written but the two feedback files (and the
    // list a rerun uses to replace them).
    assert_eq!(files(&tmp.path().join("mail")), before);
    let written: Vec<PathBuf> = files(tmp.path())
        .into_keys()
        .filter(|p| !p.starts_with("mail"))
        .collect();
    assert_eq!(
        written,
        [
            PathBuf::from("返信/.mokuhyo-written.txt"),
            PathBuf::from("返信/健康福祉部_修正依頼.txt"),
            PathBuf::from("返信/健康福祉部_修正依頼.xlsx"),
        ]
    );
    let reply = std::fs::read_to_string(tmp.path().join("返信/健康福祉部_修正依頼.txt")).unwrap();
    assert!(reply.starts_with("健康福祉部 ご担当者様\n"), "{reply}");
    assert!(
        reply.contains("提出ファイル: 令和8年度_部局経営目標_健康福祉部.xlsx\n"),
        "{reply}"
    );
    assert!(
        reply.contains("【修正をお願いする点】\n1. シート「部局経営目標」セル F25: 目標値「約40」は数値として読めません。"),
        "{reply}"
    );
    assert!(
        reply.ends_with("テスト市 部局経営目標 集約担当\n"),
        "{reply}"
    );

    // The rebuilt workbook keeps what was typed, where the template has it,
    // with a note. Found among the inputs as it was written, it is not a
    // submission; once the department has worked on it, it is one again and
    // shows the same problem at the same cell.
    let path = tmp.path().join("返信/健康福祉部_修正依頼.xlsx");
    let unchanged = read(&path);
    assert!(unchanged.is_skipped() && !unchanged.is_accepted());
    assert_finding(
        &unchanged,
        mokuhyo::domain::finding::Severity::Note,
        None,
        "mokuhyo が書き出した修正依頼のファイル(修正されていません)のため、提出として読み込みませんでした。",
    );
    let bytes = std::fs::read(&path).unwrap();
    let head = unchanged.document.as_ref().unwrap().head.clone();
    let worked_on = edit_part(&bytes, "xl/sharedStrings.xml", &head, "福祉 花子");
    let rebuilt = mokuhyo::read::read_bytes_as(&path, worked_on);
    let source = rebuilt.source.as_ref().unwrap();
    let cell = source
        .indicator_cell(1, 0, mokuhyo::domain::form::Col::Target)
        .unwrap();
    assert_finding(
        &rebuilt,
        mokuhyo::domain::finding::Severity::Error,
        Some(&cell),
        "目標値「約40」は数値として読めません。数値だけを入力してください(単位は「単位」列へ。値がなければ「-」)。",
    );
    let mut workbook =
        open_workbook_auto(tmp.path().join("返信/健康福祉部_修正依頼.xlsx")).unwrap();
    let range = workbook.worksheet_range("部局経営目標").unwrap();
    let (row, col) = position(&cell);
    assert_eq!(
        range.get_value((row, col as u32)),
        Some(&Data::String("約40".into()))
    );
    let doc = rebuilt.document.unwrap();
    assert_eq!(doc.department, "健康福祉部");
    assert_eq!(doc.projects.len(), source_doc_projects("健康福祉部"));
}

fn source_doc_projects(department: &str) -> usize {
    source(department).projects.len()
}

#[test]
fn typos_and_wrong_years_in_the_status() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::create_dir_all(dir.join("in")).unwrap();
    let mut typo = source("総合政策部");
    typo.department = "総合政箖部".into();
    let mut old = source("建設部");
    old.year = mokuhyo::domain::wareki::FiscalYear::new(2025);
    for (name, doc) in [("a.xlsx", &typo), ("b.xlsx", &old)] {
        let bytes = mokuhyo::outputs::xlsx::template::to_bytes(doc, &Default::default()).unwrap();
        std::fs::write(dir.join("in").join(name), bytes).unwrap();
    }
    std::fs::copy(fixture("mail/mokuhyo.toml"), dir.join("mokuhyo.toml")).unwrap();
    let out = mokuhyo(dir, &["status", "in"]);
    let shown = text(&out.stdout);
    // A misspelled name is the closest roster department's file, to be fixed.
    assert!(
        shown.contains("総合政策部  要修正  最新の提出「in/a.xlsx」にエラーが 1 件あります\n"),
        "{shown}"
    );
    assert!(
        shown.contains("建設部      要修正  最新の提出「in/b.xlsx」にエラーが 1 件あります\n"),
        "{shown}"
    );
    assert!(!shown.contains("名簿にない部局"), "{shown}");
}

/// An Outlook .msg as Outlook saves it: MAPI properties in an OLE compound
/// file, one attachment.
fn outlook_msg(subject: &str, attachment: &str, data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    type Msg = cfb::CompoundFile<std::io::Cursor<Vec<u8>>>;
    fn put(file: &mut Msg, path: &str, bytes: &[u8]) {
        file.create_stream(path).unwrap().write_all(bytes).unwrap();
    }
    let utf16 = |s: &str| {
        s.encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect::<Vec<u8>>()
    };
    let mut file = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    put(&mut file, "/__substg1.0_0037001F", &utf16(subject));
    put(&mut file, "/__substg1.0_0C1A001F", &utf16("市民 環子"));
    put(
        &mut file,
        "/__substg1.0_5D01001F",
        &utf16("shimin@city.example.lg.jp"),
    );
    // PR_CLIENT_SUBMIT_TIME: 2026-04-16 01:30 UTC (10:30 in Japan).
    let filetime: u64 = (1_776_303_000 + 11_644_473_600) * 10_000_000;
    let mut props = vec![0u8; 32];
    props.extend(0x0039_0040u32.to_le_bytes());
    props.extend(6u32.to_le_bytes());
    props.extend(filetime.to_le_bytes());
    put(&mut file, "/__properties_version1.0", &props);
    let dir = "/__attach_version1.0_#00000000";
    file.create_storage(dir).unwrap();
    put(
        &mut file,
        &format!("{dir}/__substg1.0_3707001F"),
        &utf16(attachment),
    );
    put(&mut file, &format!("{dir}/__substg1.0_37010102"), data);
    file.flush().unwrap();
    file.into_inner().into_inner()
}

#[test]
fn outlook_msg_attachments_are_read() {
    let tmp = mail_folder();
    let mut doc = source("総合政策部");
    doc.department = "市民環境部".into();
    let xlsx = mokuhyo::outputs::xlsx::template::to_bytes(&doc, &Default::default()).unwrap();
    let msg = outlook_msg("部局経営目標(市民環境部)", "市民環境部.xlsx", &xlsx);
    std::fs::write(tmp.path().join("mail/inbox/07_市民環境部.msg"), msg).unwrap();
    let out = mokuhyo(
        tmp.path(),
        &["status", "mail", "--config", "mail/mokuhyo.toml"],
    );
    let shown = text(&out.stdout);
    assert!(
        shown.contains(
            "市民環境部  提出済  mail/inbox/07_市民環境部.msg/市民環境部.xlsx(メール: 市民 環子 <shimin@city.example.lg.jp> 2026-04-16 10:30)\n"
        ),
        "{shown}"
    );
}

#[test]
fn a_broken_zip_attachment_does_not_hide_the_others() {
    let tmp = tempfile::tempdir().unwrap();
    let good = std::fs::read(sample("総合政策部")).unwrap();
    let mail = format!(
        "From: sogo@city.example.lg.jp\r\nSubject: test\r\nDate: Thu, 09 Apr 2026 10:15:00 +0900\r\n\
         MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n\
         --b\r\nContent-Type: application/zip\r\nContent-Transfer-Encoding: base64\r\n\
         Content-Disposition: attachment; filename=\"bad.zip\"\r\n\r\n{}\r\n\
         --b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\
         Content-Disposition: attachment; filename=\"good.xlsx\"\r\n\r\n{}\r\n--b--\r\n",
        base64(b"PK\x03\x04junk"),
        base64(&good)
    );
    std::fs::write(tmp.path().join("m.eml"), mail).unwrap();
    let out = mokuhyo(tmp.path(), &["check", "m.eml"]);
    let shown = text(&out.stdout);
    assert!(
        shown.contains(
            "[エラー] m.eml/bad.zip: ファイルを読み込めません。ZIP ファイルが壊れています"
        ),
        "{shown}"
    );
    assert!(
        shown.ends_with("2 ファイルを点検しました: 受付 1、不受理 1(エラー 1 件、警告 0 件)\n"),
        "{shown}"
    );
}

/// Base64 with line breaks every 76 characters, as mailers write it.
fn base64(bytes: &[u8]) -> String {
    const TABLE: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n =
            chunk.iter().fold(0u32, |acc, b| acc << 8 | u32::from(*b)) << (8 * (3 - chunk.len()));
        for i in 0..4 {
            let c = if i <= chunk.len() {
                TABLE[(n >> (18 - 6 * i) & 63) as usize]
            } else {
                b'='
            };
            out.push(c as char);
        }
    }
    out.as_bytes()
        .chunks(76)
        .map(|l| std::str::from_utf8(l).unwrap())
        .collect::<Vec<_>>()
        .join("\r\n")
}

/// Attachment names an older mailer wrote as bare bytes, with no RFC 2047
/// or 2231 encoding (tests/fixtures/mail_raw, made by make_raw_mail.py):
/// Shift_JIS (a backslash as the second byte of 表), EUC-JP (in
/// Content-Type name= only) and ISO-2022-JP (a quote byte inside the
/// quoted name) are shown as their Japanese names in messages, in
/// `status` and in the workbook's 提出状況, never as 「���ݕ�_�ڕW.xlsx」.
#[test]
fn attachment_names_written_as_bare_japanese_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixture("mail_raw"), &tmp.path().join("mail_raw"));
    let config = ["--config", "mail_raw/mokuhyo.toml"];
    let run = |args: &[&str]| mokuhyo(tmp.path(), &[args, &config[..]].concat());
    let check = run(&["check", "mail_raw"]);
    assert_eq!(
        text(&check.stdout),
        "\
[エラー] mail_raw/02_健康福祉部.eml/健康福祉部_経営目標.xlsx シート「部局経営目標」 セルF25: 予算額(千円)「約40」は数値として読めません。数値だけを入力してください(単位は「単位」列へ。値がなければ「-」)。
3 ファイルを点検しました: 受付 2、不受理 1(エラー 1 件、警告 0 件)
"
    );
    let status = run(&["status", "mail_raw"]);
    assert_eq!(
        text(&status.stdout),
        "\
令和8年度 提出状況
総合政策部  提出済  mail_raw/03_総合政策部.eml/総合政策部※修正版.xlsx(メール: sogo@city.example.lg.jp 2026-04-09 10:15)
建設部      提出済  mail_raw/01_建設部.eml/建設部_目標表.xlsx(メール: kensetsu@city.example.lg.jp 2026-04-10 09:00)
健康福祉部  要修正  最新の提出「mail_raw/02_健康福祉部.eml/健康福祉部_経営目標.xlsx」にエラーが 1 件あります(メール: fukushi@city.example.lg.jp 2026-04-13 17:45)
提出済 2、重複 0、要修正 1、未提出 0
"
    );
    let build = run(&["build", "mail_raw", "-o", "out", "--quiet"]);
    assert_eq!(build.status.code(), Some(1), "{}", text(&build.stdout));
    let path = tmp.path().join("out/令和8年度_部局経営目標_集約.xlsx");
    let mut workbook = open_workbook_auto(&path).unwrap();
    let sheet = workbook.worksheet_range("提出状況").unwrap();
    let cells: Vec<String> = sheet
        .rows()
        .flat_map(|r| r.iter().map(|c| c.to_string().replace('\\', "/")))
        .collect();
    for name in [
        "03_総合政策部.eml/総合政策部※修正版.xlsx",
        "01_建設部.eml/建設部_目標表.xlsx",
        "02_健康福祉部.eml/健康福祉部_経営目標.xlsx",
    ] {
        assert!(
            cells.iter().any(|c| c.contains(name)),
            "提出状況 has no cell with 「{name}」: {cells:?}"
        );
    }
    assert!(!cells.iter().any(|c| c.contains('\u{FFFD}')), "{cells:?}");
}
