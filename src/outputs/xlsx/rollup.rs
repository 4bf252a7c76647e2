//! The year-end rollup workbook: 集計 (grade counts per department and for
//! the city, with charts), 達成状況 (every indicator with 目標値, 実績値,
//! 達成率, 評価, 方向), one sheet per department with a chart of its 達成率,
//! 提出状況 and 検証結果.

mod department;
mod summary;

use rust_xlsxwriter::{
    Chart, ChartAxisCrossing, ChartFont, Color, ConditionalFormatCell, ConditionalFormatCellRule,
    DocProperties, Format, Workbook, Worksheet,
};

use crate::consolidate::Consolidation;
use crate::domain::model::{Document, Indicator};
use crate::domain::quantity::convert;
use crate::domain::quantity::{Quantity, round_to};
use crate::error::Result;
use crate::year_end::achievement::Grade;
use crate::year_end::rollup::{Rollup, Row};

use super::{
    SheetNames, Value, WorkbookOptions, status_sheet, table_sheet, table_worksheet,
    unique_sheet_name, write_findings,
};

/// The sheet of every indicator.
const ACHIEVEMENTS: &str = "達成状況";

/// The columns of an indicator line, on 達成状況 (after 部局) and on the
/// department sheets.
const COLUMNS: [&str; 12] = [
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

/// The position of 指標名 in [`COLUMNS`].
const NAME_COLUMN: u16 = 2;
/// The position of 達成率 in [`COLUMNS`].
const RATE_COLUMN: u16 = 9;
/// The position of 評価 in [`COLUMNS`].
const GRADE_COLUMN: u16 = 10;

/// The rollup workbook as .xlsx bytes.
pub fn to_bytes(c: &Consolidation, r: &Rollup, options: &WorkbookOptions) -> Result<Vec<u8>> {
    Ok(workbook(c, r, options)?.save_to_buffer()?)
}

/// The rollup workbook, to be saved.
pub fn workbook(c: &Consolidation, r: &Rollup, options: &WorkbookOptions) -> Result<Workbook> {
    let mut workbook = Workbook::new();
    let year = c.year.map(|y| y.label()).unwrap_or_default();
    let mut properties = DocProperties::new()
        .set_title(format!("{year} {} 達成状況", options.headings.document))
        .set_author(&c.municipality);
    if let Some(time) = options.timestamp {
        properties = properties.set_creation_datetime(&super::style::excel_datetime(time)?);
    }
    workbook.set_properties(&properties);
    summary::write(workbook.add_worksheet(), c, r, &options.headings.document)?;
    write_achievements(table_worksheet(&mut workbook), c, r)?;
    let mut used = SheetNames::reserved(&[summary::SHEET, ACHIEVEMENTS, "提出状況", "検証結果"]);
    for dept in &r.departments {
        let name = unique_sheet_name(&dept.department, &mut used);
        let doc = &c.documents[dept.document].1;
        department::write(
            workbook.add_worksheet(),
            &name,
            doc,
            dept,
            &options.headings.document,
        )?;
    }
    if let Some(status) = &options.status {
        status_sheet::write(table_worksheet(&mut workbook), status)?;
    }
    write_findings(table_worksheet(&mut workbook), c)?;
    workbook.define_name(
        crate::domain::mark::NAME,
        &crate::domain::mark::Mark::Rollup.formula(),
    )?;
    Ok(workbook)
}

/// 達成状況: one line per indicator of every department.
fn write_achievements(sheet: &mut Worksheet, c: &Consolidation, r: &Rollup) -> Result<()> {
    // Template version 2: progress from the 基準値 toward the 長期目標値,
    // a column only when some indicator has it.
    let long_term = r
        .departments
        .iter()
        .any(|d| d.rows.iter().any(|row| row.long_term_progress.is_some()));
    let mut headers: Vec<&str> = std::iter::once("部局").chain(COLUMNS).collect();
    if long_term {
        headers.push("長期目標への進捗");
    }
    let mut rows = Vec::new();
    for dept in &r.departments {
        let doc = &c.documents[dept.document].1;
        for row in &dept.rows {
            let mut cells = vec![Value::text(&doc.department)];
            cells.extend(indicator_cells(doc, row));
            if long_term {
                cells.push(
                    row.long_term_progress
                        .map_or(Value::Blank, |p| Value::Ratio(p / 100.0)),
                );
            }
            rows.push(cells);
        }
    }
    table_sheet(sheet, ACHIEVEMENTS, &headers, &rows)?;
    color_grades(sheet, 1, rows.len() as u32, GRADE_COLUMN + 1)?;
    Ok(())
}

/// The cells of one indicator under [`COLUMNS`].
///
/// An actual written in another unit that converts (0.33億円 for an
/// indicator in 万円) is shown converted, as the rate is computed, and 備考
/// says so; one that does not convert (30件 for 人) is shown as written.
fn indicator_cells(doc: &Document, row: &Row) -> Vec<Value> {
    let (project, ind) = row.of(doc);
    let a = &row.achievement;
    let mut remarks = vec![a.remark()];
    let actual = match ind.actual {
        None if !ind.actual_text.is_empty() => Value::Centered(ind.actual_text.clone()),
        None => Value::Blank,
        Some(q) if foreign_unit(ind) => match convert(q.value, &ind.actual_unit, &ind.unit) {
            Some(value) => {
                remarks.push(format!(
                    "実績値「{}{}」を{}に換算",
                    q.to_plain_string(),
                    ind.actual_unit,
                    ind.unit
                ));
                Value::Number(Quantity::from_f64(value))
            }
            None => Value::Centered(format!("{}{}", q.to_plain_string(), ind.actual_unit)),
        },
        Some(q) => Value::Number(q),
    };
    let remark = remarks
        .into_iter()
        .filter(|r| !r.is_empty())
        .collect::<Vec<_>>()
        .join("。");
    vec![
        Value::text(project.code.clone().unwrap_or_default()),
        Value::text(&project.title),
        Value::text(ind.display_name()),
        Value::text(&ind.unit),
        Value::Centered(ind.direction_label().to_string()),
        Value::opt(ind.target),
        actual,
        Value::Centered(if ind.actual_estimate { "見込み" } else { "" }.to_string()),
        ind.actual_as_of.map(Value::Date).unwrap_or(Value::Blank),
        a.rate
            .map(|rate| Value::Ratio(round_to(rate / 100.0, 3)))
            .unwrap_or(Value::Blank),
        Value::Centered(a.grade.label().to_string()),
        Value::text(remark),
    ]
}

/// Whether the actual was written in a unit other than the indicator's.
fn foreign_unit(ind: &Indicator) -> bool {
    !ind.actual_unit.is_empty() && ind.actual_unit != ind.unit
}

/// A chart's title, in the size and weight of every rollup chart.
fn set_title(chart: &mut Chart, title: &str) {
    chart.title().set_name(title);
    chart
        .title()
        .set_font(ChartFont::new().set_size(12).set_bold());
}

/// In a bar chart the y axis holds the categories: this puts them top to
/// bottom in table order, the value axis below.
fn categories_top_down(chart: &mut Chart) {
    chart
        .y_axis()
        .set_reverse()
        .set_crossing(ChartAxisCrossing::Max);
}

/// Colours the 評価 cells of rows `first..=last` in `col` by conditional
/// formatting, one rule per grade: the grade's tint behind dark text.
fn color_grades(sheet: &mut Worksheet, first: u32, last: u32, col: u16) -> Result<()> {
    for grade in Grade::ALL {
        let rule = ConditionalFormatCell::new()
            .set_rule(ConditionalFormatCellRule::EqualTo(grade.label()))
            .set_format(grade_format(grade));
        sheet.add_conditional_format(first, col, last.max(first), col, &rule)?;
    }
    Ok(())
}

/// The look of a grade: its tint behind bold dark text of its hue.
fn grade_format(grade: Grade) -> Format {
    Format::new()
        .set_background_color(Color::RGB(grade.tint()))
        .set_font_color(Color::RGB(text_color(grade)))
        .set_bold()
}

/// A dark shade of the grade's hue, readable on its tint.
fn text_color(grade: Grade) -> u32 {
    match grade {
        Grade::A => 0x1B5E20,
        Grade::B => 0x33691E,
        Grade::C => 0x8A5A00,
        Grade::D => 0xB71C1C,
        Grade::Unmeasured => 0x505050,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::{Document, Project};
    use crate::domain::wareki::FiscalYear;
    use crate::year_end::achievement::Thresholds;

    fn book(documents: Vec<Document>) -> Vec<u8> {
        let c = Consolidation {
            municipality: "真庭市".to_string(),
            year: Some(FiscalYear::new(2026)),
            documents: documents
                .into_iter()
                .map(|d| (std::path::PathBuf::from("x.xlsx"), d.into()))
                .collect(),
            submissions: Vec::new(),
            plans: Default::default(),
        };
        let r = crate::year_end::rollup::rollup(&c, &Thresholds::default());
        to_bytes(&c, &r, &WorkbookOptions::default()).unwrap()
    }

    fn document(department: &str, projects: Vec<Project>) -> Document {
        Document {
            year: FiscalYear::new(2026),
            created: None,
            department: department.to_string(),
            head: String::new(),
            remark: String::new(),
            themes: Vec::new(),
            projects,
        }
    }

    #[test]
    fn no_department_no_indicator_and_nothing_measured_still_write() {
        book(Vec::new());
        let empty = Project {
            code: None,
            title: "指標のない事業".to_string(),
            ..Project::default()
        };
        let unmeasured = Project {
            indicators: vec![Indicator {
                name: "目標のない指標".to_string(),
                ..Indicator::default()
            }],
            ..empty.clone()
        };
        book(vec![
            document("集計", vec![empty]),
            document("達成状況", vec![unmeasured]),
        ]);
    }
}
