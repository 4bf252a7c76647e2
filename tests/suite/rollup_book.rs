//! The year-end rollup workbook of the year-end samples, written by
//! `mokuhyo rollup` and read back with calamine: the grade counts of 集計,
//! indicators checked by hand on 達成状況, the department sheets, a chart
//! per department plus the summary's, grades coloured by conditional
//! formatting, and identical bytes across runs.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::common::*;
use calamine::{Data, Range, Reader, open_workbook_auto};
use mokuhyo::config::Config;
use mokuhyo::year_end::achievement::Grade;

const BOOK: &str = "令和8年度_部局経営目標_実績集計.xlsx";

const DEPARTMENTS: [&str; 6] = [
    "総合政策部",
    "健康福祉部",
    "産業観光部",
    "建設部",
    "消防本部",
    "教育委員会",
];

/// Runs `mokuhyo rollup` on the year-end samples into `out`; the book's path.
fn rollup_book(out: &Path) -> PathBuf {
    let run = mokuhyo(
        &root(),
        &[
            "rollup",
            "samples/year-end",
            "--config",
            "samples/mokuhyo.toml",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert!(
        run.status.success(),
        "rollup failed:\n{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    out.join(BOOK)
}

fn sheet(book: &Path, name: &str) -> Range<Data> {
    let mut workbook = open_workbook_auto(book).unwrap();
    workbook
        .worksheet_range(name)
        .unwrap_or_else(|e| panic!("sheet {name}: {e}"))
}

/// The A1 name of a cell.
fn a1(row: u32, col: u16) -> String {
    let mut letters = String::new();
    let mut n = col as u32 + 1;
    while n > 0 {
        letters.insert(0, (b'A' + ((n - 1) % 26) as u8) as char);
        n = (n - 1) / 26;
    }
    format!("{letters}{}", row + 1)
}

fn is_text(cell: &Data, text: &str) -> bool {
    matches!(cell, Data::String(s) if s == text)
}

/// A sheet with its name, to find rows and name cells in messages.
struct Sheet {
    name: String,
    range: Range<Data>,
}

impl Sheet {
    fn open(book: &Path, name: &str) -> Sheet {
        Sheet {
            name: name.to_string(),
            range: sheet(book, name),
        }
    }

    fn get(&self, row: u32, col: u16) -> &Data {
        self.range
            .get_value((row, col as u32))
            .unwrap_or(&Data::Empty)
    }

    /// The row whose cells in the columns `keys` hold the texts.
    fn row_of(&self, keys: &[(u16, &str)]) -> u32 {
        let (end, _) = self.range.end().unwrap();
        (0..=end)
            .find(|r| keys.iter().all(|(c, text)| is_text(self.get(*r, *c), text)))
            .unwrap_or_else(|| panic!("{}: no row with {keys:?}", self.name))
    }

    /// The column of a header in `row`.
    fn column(&self, row: u32, header: &str) -> u16 {
        let (_, end) = self.range.end().unwrap();
        (0..=end as u16)
            .find(|c| is_text(self.get(row, *c), header))
            .unwrap_or_else(|| panic!("{}: no header {header} in row {}", self.name, row + 1))
    }

    fn assert_number(&self, row: u32, col: u16, expected: f64) {
        let cell = self.get(row, col);
        match cell {
            Data::Float(f) if (f - expected).abs() < 1e-9 => {}
            other => panic!(
                "{}!{}: expected the number {expected}, read {other:?}",
                self.name,
                a1(row, col)
            ),
        }
    }

    fn assert_text(&self, row: u32, col: u16, expected: &str) {
        let cell = self.get(row, col);
        assert!(
            matches!(cell, Data::String(s) if s == expected),
            "{}!{}: expected the text {expected:?}, read {cell:?}",
            self.name,
            a1(row, col)
        );
    }

    fn assert_empty(&self, row: u32, col: u16) {
        let cell = self.get(row, col);
        assert!(
            matches!(cell, Data::Empty),
            "{}!{}: expected an empty cell, read {cell:?}",
            self.name,
            a1(row, col)
        );
    }
}

#[test]
fn the_summary_counts_grades_per_department_and_for_the_city() {
    let tmp = tempfile::tempdir().unwrap();
    let book = rollup_book(tmp.path());
    let names = open_workbook_auto(&book).unwrap().sheet_names();
    let mut expected = vec!["集計".to_string(), "達成状況".to_string()];
    expected.extend(DEPARTMENTS.map(String::from));
    expected.extend(["提出状況".to_string(), "検証結果".to_string()]);
    assert_eq!(names, expected);

    let s = Sheet::open(&book, "集計");
    let header = s.row_of(&[(0, "部局")]);
    let columns: Vec<u16> = ["A", "B", "C", "D", "−(測定不能)", "指標数"]
        .iter()
        .map(|h| s.column(header, h))
        .collect();
    // The departments in roster order, each with the library's counts.
    let config = Config::load(&root().join("samples/mokuhyo.toml")).unwrap();
    let submissions = DEPARTMENTS
        .iter()
        .map(|d| read(&root().join(format!("samples/year-end/令和8年度_部局経営目標_{d}.xlsx"))))
        .collect();
    let c = mokuhyo::consolidate::consolidate(
        submissions,
        &config.roster,
        &config.municipality,
        config.year,
    );
    let r = mokuhyo::year_end::rollup::rollup(&c, &config.rollup);
    for (i, dept) in r.departments.iter().enumerate() {
        let row = header + 1 + i as u32;
        s.assert_text(row, 0, DEPARTMENTS[i]);
        assert_eq!(dept.department, DEPARTMENTS[i]);
        for (grade, col) in Grade::ALL.iter().zip(&columns) {
            s.assert_number(row, *col, dept.counts.get(*grade) as f64);
        }
        s.assert_number(row, columns[5], dept.counts.total() as f64);
    }
    let city = s.row_of(&[(0, "全体")]);
    assert_eq!(city, header + 7, "集計: 全体 right after the departments");
    for (count, col) in [24.0, 21.0, 6.0, 2.0, 2.0, 55.0].iter().zip(&columns) {
        s.assert_number(city, *col, *count);
    }
    // 達成(A)の割合 leaves the unmeasured out: 24 of 53.
    s.assert_number(city, s.column(header, "達成(A)の割合"), 24.0 / 53.0);
    // The grading rules.
    let rules = s.row_of(&[(0, "評価の基準")]);
    s.assert_text(rules + 1, 0, "A");
    s.assert_text(rules + 1, 1, "達成率 100%以上");
    s.assert_text(rules + 4, 1, "達成率 50%未満");
    let text: String = s.range.cells().map(|(_, _, d)| d.to_string()).collect();
    assert!(
        text.contains("目標値の±5%以内なら100%"),
        "集計: the tolerance of 維持"
    );
}

#[test]
fn every_indicator_has_target_actual_rate_and_grade() {
    let tmp = tempfile::tempdir().unwrap();
    let book = rollup_book(tmp.path());
    let s = Sheet::open(&book, "達成状況");
    let headers = [
        "部局",
        "番号",
        "事業名",
        "指標名",
        "単位",
        "方向",
        "目標値",
        "実績値",
        "見込み",
        "実績時点",
        "達成率",
        "評価",
        "備考",
    ];
    for (i, h) in headers.iter().enumerate() {
        s.assert_text(0, i as u16, h);
    }
    let (rows, _) = s.range.end().unwrap();
    assert_eq!(rows, 55, "達成状況: 55 indicators under the header");
    let col = |h: &str| s.column(0, h);
    let row = |dept: &str, name: &str| s.row_of(&[(0, dept), (3, name)]);

    let r = row("総合政策部", "交流会参加者数");
    // The published document states no 方向: graded as 増加, shown as typed.
    assert_eq!(s.get(r, col("方向")), &Data::Empty);
    s.assert_number(r, col("目標値"), 15.0);
    s.assert_number(r, col("実績値"), 12.0);
    s.assert_number(r, col("達成率"), 0.8);
    s.assert_text(r, col("評価"), "B");
    let as_of = s.get(r, col("実績時点"));
    assert!(
        matches!(as_of, Data::DateTime(d) if d.as_f64() == 46477.0),
        "達成状況!{}: expected the date 2027-03-31, read {as_of:?}",
        a1(r, col("実績時点"))
    );

    let r = row("健康福祉部", "待機児童数");
    s.assert_text(r, col("方向"), "減少");
    s.assert_number(r, col("目標値"), 0.0);
    s.assert_number(r, col("実績値"), 0.0);
    s.assert_number(r, col("達成率"), 1.0);
    s.assert_text(r, col("評価"), "A");
    s.assert_text(
        r,
        col("備考"),
        "目標値が0のため、達成(100%)か未達成(0%)で判定",
    );

    let r = row("建設部", "危険空き家除却件数");
    s.assert_text(r, col("実績値"), "集計中");
    s.assert_empty(r, col("達成率"));
    s.assert_text(r, col("評価"), "−");
    s.assert_text(r, col("備考"), "実績値「集計中」が数値でない");

    let r = row("建設部", "水道有収率");
    s.assert_text(r, col("方向"), "維持");
    s.assert_number(r, col("目標値"), 85.0);
    s.assert_number(r, col("実績値"), 84.2);
    s.assert_number(r, col("達成率"), 1.0);
    s.assert_text(r, col("評価"), "A");
    s.assert_text(r, col("備考"), "目標値の±5%以内のため100%");

    // 0.33億円 for an indicator in 万円: shown converted, as rated.
    let r = row("産業観光部", "支援事業者の特産品販売額");
    s.assert_text(r, col("単位"), "万円");
    s.assert_number(r, col("目標値"), 3500.0);
    s.assert_number(r, col("実績値"), 3300.0);
    s.assert_number(r, col("達成率"), 0.943);
    s.assert_text(r, col("評価"), "B");
    s.assert_text(r, col("備考"), "実績値「0.33億円」を万円に換算");

    let r = row("産業観光部", "観光入込客数");
    s.assert_text(r, col("見込み"), "見込み");
}

#[test]
fn each_department_sheet_has_its_indicators_and_comments() {
    let tmp = tempfile::tempdir().unwrap();
    let book = rollup_book(tmp.path());
    let s = Sheet::open(&book, "建設部");
    s.assert_text(0, 0, "建設部 令和8年度 部局経営目標 達成状況");
    let header = s.row_of(&[(0, "番号"), (2, "指標名")]);
    let col = |h: &str| s.column(header, h);
    let r = s.row_of(&[(2, "危険空き家除却件数")]);
    s.assert_text(r, col("評価"), "−");
    let r = s.row_of(&[(2, "水道有収率")]);
    s.assert_number(r, col("達成率"), 1.0);
    s.assert_text(r, col("評価"), "A");
    let r = s.row_of(&[(0, "成果")]);
    s.assert_text(r, 1, "空き家バンクの成約は 31 件で目標を達成した。");
    s.assert_text(r + 2, 0, "今後の方向性");
}

/// The text of every zip entry whose name matches.
fn entries(book: &Path, wanted: impl Fn(&str) -> bool) -> Vec<(String, String)> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(book).unwrap()).unwrap();
    let mut found = Vec::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        if wanted(&name) {
            let mut text = String::new();
            entry.read_to_string(&mut text).unwrap();
            found.push((name, text));
        }
    }
    found
}

#[test]
fn a_chart_per_department_and_two_on_the_summary() {
    let tmp = tempfile::tempdir().unwrap();
    let book = rollup_book(tmp.path());
    let charts = entries(&book, |n| {
        n.starts_with("xl/charts/chart") && n.ends_with(".xml")
    });
    assert_eq!(
        charts.len(),
        DEPARTMENTS.len() + 2,
        "charts: {:?}",
        charts.iter().map(|(n, _)| n).collect::<Vec<_>>()
    );
    // Each department's chart draws from its own sheet's 達成率.
    for dept in DEPARTMENTS {
        let own = charts
            .iter()
            .filter(|(_, xml)| xml.replace('\'', "").contains(&format!("<c:f>{dept}!")))
            .count();
        assert_eq!(own, 1, "{dept}: one chart reading its sheet");
    }
    let summary = charts
        .iter()
        .filter(|(_, xml)| xml.replace('\'', "").contains("<c:f>集計!"))
        .count();
    assert_eq!(summary, 2, "集計: the stacked bar and the city's columns");
}

#[test]
fn grades_are_coloured_by_conditional_formatting() {
    let tmp = tempfile::tempdir().unwrap();
    let book = rollup_book(tmp.path());
    // 達成状況 is the second sheet; 評価 is its column L, rows 2 to 56.
    let sheets = entries(&book, |n| n == "xl/worksheets/sheet2.xml");
    let xml = &sheets[0].1;
    let start = xml
        .find("<conditionalFormatting sqref=\"L2:L56\">")
        .expect("達成状況: conditional formatting on L2:L56");
    let end = start + xml[start..].find("</conditionalFormatting>").unwrap();
    assert_eq!(
        xml[start..end].matches("<cfRule type=\"cellIs\"").count(),
        Grade::ALL.len(),
        "達成状況: a rule per grade on L2:L56"
    );
    for grade in Grade::ALL {
        assert!(
            xml.contains(&format!("<formula>\"{}\"</formula>", grade.label())),
            "達成状況: a rule for {}",
            grade.label()
        );
    }
    let styles = &entries(&book, |n| n == "xl/styles.xml")[0].1;
    for grade in Grade::ALL {
        let tint = format!("{:06X}", grade.tint());
        assert!(
            styles.contains(&tint),
            "styles: the tint {tint} of {grade:?}"
        );
    }
    let core = &entries(&book, |n| n == "docProps/core.xml")[0].1;
    assert!(core.contains("<dc:title>令和8年度 部局経営目標 達成状況</dc:title>"));
    assert!(core.contains("<dc:creator>真庭市</dc:creator>"));
}

#[test]
fn two_runs_write_identical_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let a = std::fs::read(rollup_book(&tmp.path().join("a"))).unwrap();
    let b = std::fs::read(rollup_book(&tmp.path().join("b"))).unwrap();
    assert!(a == b, "the rollup workbook differs between two runs");
}
