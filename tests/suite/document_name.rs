//! A city that names its document otherwise (`document = "部局長の実行宣言"`
//! in mokuhyo.toml): every output of every command says that name, in its
//! file name, its titles, its sheet names, its pages and its properties,
//! and none says 部局経営目標 where the name belongs.

use std::io::Read;
use std::path::Path;

use crate::common;

const NAME: &str = "部局長の実行宣言";
const DEFAULT: &str = "部局経営目標";

/// The city's filled templates of the samples' sources `samples/SOURCES`
/// (as samples/generate.sh makes them), written by the binary with the
/// city's configuration into `dir/to` under names of their department.
fn inputs(dir: &Path, sources: &str, to: &str) {
    for source in common::files_under(&common::root().join(sources)) {
        let Some(department) = source.file_stem().map(|s| s.to_string_lossy().into_owned()) else {
            continue;
        };
        if source.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let out = format!("{to}/{department}.xlsx");
        let run = common::mokuhyo(
            dir,
            &["template", "--fill", source.to_str().unwrap(), "-o", &out],
        );
        assert_eq!(common::code(&run), 0, "{}", common::stderr(&run, dir));
    }
}

/// The text a reader of the file sees: a workbook's parts (cells, sheet
/// names, properties), a PDF's pages and its title and subject, or the
/// text itself.
fn text_of(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap();
    match path.extension().and_then(|e| e.to_str()) {
        Some("xlsx") => {
            let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
            let mut text = String::new();
            for i in 0..zip.len() {
                let mut part = zip.by_index(i).unwrap();
                if part.name().unwrap().ends_with(".xml") {
                    part.read_to_string(&mut text).unwrap();
                }
            }
            text
        }
        Some("pdf") => {
            let pdf = common::pdf::load(&bytes);
            let pages: Vec<u32> = pdf.get_pages().keys().copied().collect();
            let info = pdf.trailer.get(b"Info").unwrap().as_reference().unwrap();
            let info = pdf.get_dictionary(info).unwrap();
            let mut text = common::pdf::text(&pdf, pages);
            for key in [&b"Title"[..], b"Subject"] {
                text.push_str(&common::pdf::utf16(info.get(key).unwrap()));
            }
            text
        }
        _ => String::from_utf8_lossy(&bytes).into_owned(),
    }
}

#[test]
fn every_output_says_the_city_s_own_name_for_the_document() {
    let dir = tempfile::tempdir().unwrap();
    let config = std::fs::read_to_string(common::root().join("samples/mokuhyo.toml")).unwrap();
    let config = config.replacen(
        "year = \"令和8年度\"",
        &format!("year = \"令和8年度\"\ndocument = \"{NAME}\""),
        1,
    );
    std::fs::write(dir.path().join("mokuhyo.toml"), config).unwrap();
    inputs(dir.path(), "samples/source", "提出");
    inputs(dir.path(), "samples/year-end/source", "年度末");
    let runs: [&[&str]; 7] = [
        &["template", "-o", "配布"],
        &["build", "提出", "-o", "集約", "--per-department"],
        &["publish", "提出", "-o", "公表", "--fragments"],
        &["rollup", "年度末", "-o", "実績"],
        &["review", "年度末", "-o", "中間評価"],
        // 建設部's 実績値 「集計中」 is a warning to check: a reply.
        &["check", "年度末", "--feedback", "修正依頼"],
        &["template", "--from", "年度末", "-o", "翌年度"],
    ];
    for args in runs {
        let out = common::mokuhyo(dir.path(), args);
        assert!(
            common::code(&out) <= 1,
            "{args:?}: {}",
            common::stderr(&out, dir.path())
        );
    }
    let mut named = 0;
    for folder in [
        "配布",
        "集約",
        "公表",
        "実績",
        "中間評価",
        "修正依頼",
        "翌年度",
    ] {
        let files = common::files_under(&dir.path().join(folder));
        assert!(!files.is_empty(), "{folder}");
        for path in files {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if name.starts_with('.') || name == "style.css" {
                continue;
            }
            let shown = path.strip_prefix(dir.path()).unwrap().display().to_string();
            assert!(!name.contains(DEFAULT), "{shown}: the file's name");
            // The year-end samples' own remark names the real document
            // they come from: what a department wrote is theirs.
            let text = text_of(&path).replace("実際の令和8年度部局経営目標", "");
            if let Some(at) = text.find(DEFAULT) {
                let around: String = text[at..].chars().take(40).collect();
                panic!("{shown} says {DEFAULT}: …{around}…");
            }
            // Every file that names the document at all (an open data row
            // or a CMS fragment has no title) names it as the city does.
            if text.contains(NAME) {
                named += 1;
            }
        }
    }
    for must in [
        "配布/令和8年度_部局長の実行宣言_総合政策部.xlsx",
        "集約/令和8年度_部局長の実行宣言_集約.xlsx",
        "集約/令和8年度_部局長の実行宣言.pdf",
        "集約/令和8年度_部局長の実行宣言_総合政策部.pdf",
        "実績/令和8年度_部局長の実行宣言_実績報告.pdf",
        "中間評価/令和8年度_部局長の実行宣言_中間評価.xlsx",
        "修正依頼/建設部_修正依頼.txt",
        "公表/index.html",
    ] {
        let text = text_of(&dir.path().join(must));
        assert!(text.contains(NAME), "{must} does not say {NAME}");
    }
    assert!(named >= 20, "only {named} files name the document");
}

#[test]
fn a_document_name_that_cannot_name_files_is_refused_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("mokuhyo.toml"),
        "municipality = \"松阪市\"\ndocument = \"部局長の『実行宣言』/課長\"\n",
    )
    .unwrap();
    let out = common::mokuhyo(dir.path(), &["template", "-o", "配布"]);
    assert_eq!(common::code(&out), 2);
    assert!(
        common::stderr(&out, dir.path()).contains(
            "2行目の document「部局長の『実行宣言』/課長」は使えません(ファイル名やシート名に使えない文字「/」があります)。"
        ),
        "{}",
        common::stderr(&out, dir.path())
    );
    assert!(!dir.path().join("配布").exists());
}

/// A city that labels the header its own way (`[headings]` department =
/// "部名", head = "部長名"): the template prints those labels, the pages and
/// the packet say them, and a message about the cell names it as the
/// department sees it.
#[test]
fn the_header_labels_are_the_city_s_and_messages_name_them() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("mokuhyo.toml"),
        "municipality = \"松阪市\"\nyear = \"令和8年度\"\ndocument = \"部局長の実行宣言\"\n\n[headings]\ndepartment = \"部名\"\nhead = \"部長名\"\n\n[[department]]\nname = \"建設部\"\n",
    )
    .unwrap();
    let out = common::mokuhyo(dir.path(), &["template", "-o", "配布"]);
    assert_eq!(
        common::code(&out),
        0,
        "{}",
        common::stderr(&out, dir.path())
    );
    let template = dir
        .path()
        .join("配布/令和8年度_部局長の実行宣言_建設部.xlsx");
    let text = text_of(&template);
    assert!(
        text.contains("部長名") && text.contains("部名"),
        "the template's labels"
    );
    assert!(
        !text.contains("部局長名"),
        "the template still says 部局長名"
    );
    // A filled file whose head's cell is empty: the message says 部長名.
    let source = std::fs::read_to_string(common::root().join("samples/source/建設部.toml"))
        .unwrap()
        .replace("head = \"架空 太郎\"", "head = \"\"");
    std::fs::write(dir.path().join("建設部.toml"), source).unwrap();
    let out = common::mokuhyo(
        dir.path(),
        &[
            "template",
            "--fill",
            "建設部.toml",
            "-o",
            "空欄/建設部.xlsx",
        ],
    );
    assert_eq!(
        common::code(&out),
        0,
        "{}",
        common::stderr(&out, dir.path())
    );
    let out = common::mokuhyo(dir.path(), &["check", "空欄"]);
    let said = common::stdout(&out, dir.path());
    assert!(said.contains("部長名が入力されていません。"), "{said}");
    assert!(!said.contains("部局長名"), "{said}");
    // Filled, its pages and packet carry the labels.
    inputs(dir.path(), "samples/source", "提出");
    for args in [
        &["build", "提出", "-o", "集約"][..],
        &["publish", "提出", "-o", "公表"],
    ] {
        let out = common::mokuhyo(dir.path(), args);
        assert!(
            common::code(&out) <= 1,
            "{}",
            common::stderr(&out, dir.path())
        );
    }
    let packet = text_of(&dir.path().join("集約/令和8年度_部局長の実行宣言.pdf"));
    assert!(packet.contains("部長名"), "the packet's header");
    assert!(
        !packet.contains("部局長名"),
        "the packet still says 部局長名"
    );
    let page = common::files_under(&dir.path().join("公表"))
        .into_iter()
        .find(|p| p.to_string_lossy().contains("department-"))
        .unwrap();
    let page = text_of(&page);
    assert!(page.contains("<dt>部長名</dt>"), "{page}");
}
