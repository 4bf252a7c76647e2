//! Workbooks a script or another program changed in ways Excel and
//! LibreOffice never do, and a valid workbook with as many strings as
//! mokuhyo's own large workbooks (tests/fixtures/edited, made by
//! make_edited.py from the 建設部 sample).

use crate::common::*;

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
