//! Workbooks a script or another program changed in ways Excel and
//! LibreOffice never do, and a valid workbook with as many strings as
//! mokuhyo's own large workbooks (tests/fixtures/edited, made by
//! make_edited.py from the 建設部 sample).

use crate::common::*;
use mokuhyo::domain::finding::Severity;
use mokuhyo::domain::form::Field;

/// 3,500 cells of a checklist sheet sharing two strings: `count` 3,679
/// against `uniqueCount` 159, as Excel writes it. The guard once took the
/// count for the number of strings listed and refused the file as
/// tampered with; the broken file that lists 4,294,967,295 strings is
/// still refused.
#[test]
fn a_workbook_whose_cells_share_many_strings_is_read() {
    let read = read(&fixture("edited/many_strings.xlsx"));
    assert_clean(&read);
    let sample = crate::common::read(&sample("建設部"));
    assert_same(
        sample.document.as_deref().unwrap(),
        read.document.as_deref().unwrap(),
    );
    let broken = crate::common::read(&fixture("broken/sst_count.xlsx"));
    assert!(
        broken.findings[0]
            .message
            .contains("文字列の数(4294967295)がファイルの中身と合いません"),
        "{}",
        listing(&broken.findings)
    );
}

/// The sheet renamed 「R8建設部」 by openpyxl (and by an edit of
/// xl/workbook.xml alone), the defined names left naming 「部局経営目標」:
/// the renamed sheet holds the template's version where the names point,
/// so it is read, with a note naming it.
#[test]
fn a_sheet_renamed_by_a_script_is_read_under_its_new_name() {
    let sample = crate::common::read(&sample("建設部"));
    for file in ["renamed_openpyxl.xlsx", "renamed_workbook_xml.xlsx"] {
        let read = read(&fixture(&format!("edited/{file}")));
        assert!(read.is_accepted(), "{file}:\n{}", listing(&read.findings));
        assert_eq!(
            read.findings.len(),
            1,
            "{file}:\n{}",
            listing(&read.findings)
        );
        let note = &read.findings[0];
        assert_eq!(note.severity, Severity::Note);
        assert_eq!(note.sheet.as_deref(), Some("R8建設部"), "{file}");
        assert_eq!(
            note.message,
            "様式のシート「部局経営目標」の名前が「R8建設部」に変えられていたため、「R8建設部」を様式として読み込みました。次からはシートの名前を変えずに提出してください。"
        );
        assert_same(
            sample.document.as_deref().unwrap(),
            read.document.as_deref().unwrap(),
        );
        let source = read.source.as_ref().unwrap();
        assert_eq!(source.sheet, "R8建設部", "{file}");
        assert_eq!(
            source.field(Field::Department).as_deref(),
            Some("B4"),
            "{file}"
        );
    }
}

/// The template's sheet deleted by openpyxl, its defined names left: the
/// department is told the sheet 「部局経営目標」 is missing and what to do,
/// in the check and in the correction letter, which never names a defined
/// name (nor does the letter for a workbook that is not the template).
#[test]
fn a_missing_template_sheet_is_named_in_the_departments_words() {
    let message = "様式のシート「部局経営目標」が見つかりません(シートが削除されたか、名前が変えられています)。配布した様式のシート「部局経営目標」に記入し、シートを削除したり名前を変えたりせずに再提出してください。";
    let read = read(&fixture("edited/missing_sheet.xlsx"));
    assert!(read.document.is_none());
    assert_finding(&read, Severity::Error, None, message);

    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::create_dir(dir.join("提出")).unwrap();
    for (from, to) in [
        ("edited/missing_sheet.xlsx", "建設部.xlsx"),
        ("libreoffice/not_template.xlsx", "not_template.xlsx"),
    ] {
        std::fs::copy(fixture(from), dir.join("提出").join(to)).unwrap();
    }
    let config = root().join("samples/mokuhyo.toml");
    let config = config.to_str().unwrap();
    let output = mokuhyo(
        dir,
        &["check", "提出", "--config", config, "--feedback", "修正"],
    );
    assert_eq!(output.status.code(), Some(1));
    let letter = std::fs::read_to_string(dir.join("修正/建設部_修正依頼.txt")).unwrap();
    assert!(letter.contains(&format!("1. {message}\n")), "{letter}");
    for name in ["建設部_修正依頼.txt", "not_template_修正依頼.txt"] {
        let letter = std::fs::read_to_string(dir.join("修正").join(name)).unwrap();
        assert!(
            !letter.contains("名前定義") && !letter.contains("mk_"),
            "{name}:\n{letter}"
        );
    }
}
