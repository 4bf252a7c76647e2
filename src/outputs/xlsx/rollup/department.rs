//! One department's sheet of the rollup workbook: its indicators with
//! 達成率 and 評価, a bar chart of the 達成率 against the target (100%),
//! and the year-end comments (成果・課題・今後の方向性) of its projects.

use rust_xlsxwriter::{
    Chart, ChartDataLabel, ChartDataLabelPosition, ChartFormat, ChartLine, ChartLineDashType,
    ChartPoint, ChartType, FormatAlign, ObjectMovement, Worksheet,
};

use crate::domain::model::Document;
use crate::error::Result;
use crate::outputs::xlsx::style;
use crate::year_end::rollup::DepartmentRollup;

use super::summary::solid;
use super::{
    COLUMNS, GRADE_COLUMN, NAME_COLUMN, RATE_COLUMN, categories_top_down, color_grades,
    indicator_cells, set_title,
};
use crate::outputs::xlsx::write_table;

/// The row of the table's header.
const TABLE_ROW: u32 = 3;
/// A hidden column of 100% per measured indicator: the chart's target frame.
const REFERENCE_COLUMN: u16 = COLUMNS.len() as u16 + 1;
/// Width of the label column of the comments (今後の方向性).
const LABEL_WIDTH: f64 = 14.0;

/// Writes the sheet `name` of one department.
pub(super) fn write(
    sheet: &mut Worksheet,
    name: &str,
    doc: &Document,
    dept: &DepartmentRollup,
    document: &str,
) -> Result<()> {
    sheet.set_name(name)?;
    let title = format!("{} {} {document} 達成状況", doc.department, doc.year);
    sheet.write_string_with_format(0, 0, &title, &style::title())?;
    sheet.set_row_height(0, 24.0)?;
    sheet.write_string_with_format(1, 0, counts_line(dept), &style::base())?;
    let rows: Vec<_> = dept.rows.iter().map(|r| indicator_cells(doc, r)).collect();
    let mut widths = write_table(sheet, TABLE_ROW, &COLUMNS, &rows, &[])?;
    let (first, last) = (TABLE_ROW + 1, TABLE_ROW + rows.len() as u32);
    color_grades(sheet, first, last, GRADE_COLUMN)?;
    widths[0] = widths[0].max(LABEL_WIDTH);
    sheet.set_column_width(0, widths[0])?;
    let mut row = TABLE_ROW + rows.len().max(1) as u32 + 2;
    if !rows.is_empty() {
        sheet.write_string(TABLE_ROW, REFERENCE_COLUMN, "基準")?;
        for (i, r) in dept.rows.iter().enumerate() {
            if r.achievement.rate.is_some() {
                sheet.write_number(first + i as u32, REFERENCE_COLUMN, 1.0)?;
            }
        }
        sheet.set_column_hidden(REFERENCE_COLUMN)?;
        let chart = rate_chart(name, dept, first, last);
        sheet.insert_chart(row, 0, &chart)?;
        row += chart_height(rows.len()).div_ceil(20) + 2;
    }
    write_reviews(sheet, doc, row, &widths)?;
    sheet.set_freeze_panes(TABLE_ROW + 1, 0)?;
    sheet.set_landscape();
    crate::outputs::xlsx::department_print(sheet, doc, TABLE_ROW)
}

/// `A 3・B 2・C 1・D 0・−(測定不能)1(全 7 指標)`.
fn counts_line(dept: &DepartmentRollup) -> String {
    format!(
        "評価: {}(全 {} 指標)",
        dept.counts.listing("・", "−(測定不能)"),
        dept.counts.total()
    )
}

/// The chart's height in pixels for `n` indicators.
fn chart_height(n: usize) -> u32 {
    (110 + 34 * n as u32).max(240)
}

/// A horizontal bar per indicator in its grade's colour, each in a frame
/// reaching the target (100%); unmeasured indicators have neither.
fn rate_chart(sheet: &str, dept: &DepartmentRollup, first: u32, last: u32) -> Chart {
    let categories = (sheet, first, NAME_COLUMN, last, NAME_COLUMN);
    let points: Vec<ChartPoint> = dept
        .rows
        .iter()
        .map(|r| ChartPoint::new().set_format(&mut solid(r.achievement.grade.color())))
        .collect();
    let mut chart = Chart::new(ChartType::Bar);
    chart
        .add_series()
        .set_name("達成率")
        .set_categories(categories)
        .set_values((sheet, first, RATE_COLUMN, last, RATE_COLUMN))
        .set_points(&points)
        .set_overlap(100)
        .set_gap(60)
        .set_data_label(
            ChartDataLabel::new()
                .show_value()
                .set_num_format("0.0%")
                .set_position(ChartDataLabelPosition::OutsideEnd),
        );
    let mut frame = ChartFormat::new();
    frame.set_no_fill().set_border(
        ChartLine::new()
            .set_color(rust_xlsxwriter::Color::RGB(0x404040))
            .set_width(1.25)
            .set_dash_type(ChartLineDashType::Dash),
    );
    chart
        .add_series()
        .set_name("目標値(100%)")
        .set_categories(categories)
        .set_values((sheet, first, REFERENCE_COLUMN, last, REFERENCE_COLUMN))
        .set_format(&mut frame);
    chart.show_hidden_data();
    set_title(&mut chart, "指標別の達成率(破線の枠は目標値 = 100%)");
    categories_top_down(&mut chart);
    chart.x_axis().set_num_format("0%").set_min(0);
    chart.legend().set_hidden();
    chart
        .set_width(760)
        .set_height(chart_height(dept.rows.len()))
        .set_object_movement(ObjectMovement::MoveButDontSizeWithCells);
    chart
}

/// 振り返り: each project's 成果, 課題 and 今後の方向性, when written.
fn write_reviews(
    sheet: &mut Worksheet,
    doc: &Document,
    mut row: u32,
    widths: &[f64],
) -> Result<()> {
    let reviewed: Vec<_> = doc
        .projects
        .iter()
        .filter(|p| !p.review.is_empty())
        .collect();
    if reviewed.is_empty() {
        return Ok(());
    }
    let last = COLUMNS.len() as u16 - 1;
    let wide: f64 = widths[1..].iter().sum();
    sheet.write_string_with_format(
        row,
        0,
        "振り返り(成果・課題・今後の方向性)",
        &style::heading(),
    )?;
    row += 1;
    let body = style::cell().set_align(FormatAlign::VerticalCenter);
    for project in reviewed {
        let title = format!("{} {}", project.marker(), project.title);
        sheet.merge_range(
            row,
            0,
            row,
            last,
            &title,
            &style::label().set_align(FormatAlign::Left),
        )?;
        row += 1;
        let review = &project.review;
        for (label, text) in [
            ("成果", &review.results),
            ("課題", &review.issues),
            ("今後の方向性", &review.next_steps),
        ] {
            if text.is_empty() {
                continue;
            }
            sheet.write_string_with_format(row, 0, label, &style::label())?;
            let format = style::text_format(text, &body);
            sheet.merge_range(row, 1, row, last, &style::cell_text(text), &format)?;
            sheet.set_row_height(row, style::row_height([(text.as_str(), wide)]))?;
            row += 1;
        }
        row += 1;
    }
    Ok(())
}
