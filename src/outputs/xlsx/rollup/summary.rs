//! The sheet 集計 of the rollup workbook: the grade counts per department
//! and for the city, the grading rules, a stacked bar of the grades per
//! department and a column chart of the city's grades.

use rust_xlsxwriter::{
    Chart, ChartDataLabel, ChartDataLabelPosition, ChartFont, ChartFormat, ChartLegendPosition,
    ChartPoint, ChartSolidFill, ChartType, Color, FormatAlign, FormatBorder, ObjectMovement,
    Worksheet,
};

use crate::consolidate::Consolidation;
use crate::error::Result;
use crate::outputs::xlsx::style;
use crate::year_end::achievement::{Grade, Thresholds};
use crate::year_end::rollup::{Counts, Rollup};

use super::{categories_top_down, grade_format, set_title};

/// The sheet's name.
pub(super) const SHEET: &str = "集計";

/// The row of the count table's header.
const HEADER_ROW: u32 = 3;
/// The column of the first grade (A) in the count table.
const FIRST_GRADE: u16 = 1;
/// The columns of the count table.
const LAST_COLUMN: u16 = 7;
/// Where the charts start: a column right of the table.
const CHART_COLUMN: u16 = 9;

/// Writes 集計.
pub(super) fn write(
    sheet: &mut Worksheet,
    c: &Consolidation,
    r: &Rollup,
    document: &str,
) -> Result<()> {
    sheet.set_name(SHEET)?;
    let year = c.year.map(|y| y.label()).unwrap_or_default();
    let title = format!("{} {year} {document} 達成状況", c.municipality);
    sheet.write_string_with_format(0, 0, title.trim(), &style::title())?;
    sheet.set_row_height(0, 24.0)?;
    let subtitle = format!(
        "{} 部局・全 {} 指標の評価(達成率と評価の基準は下の表のとおり)",
        r.departments.len(),
        r.counts.total()
    );
    sheet.write_string_with_format(1, 0, subtitle, &style::base())?;
    let names = r.departments.iter().map(|d| d.department.as_str());
    let name_width = style::fit_width(names.chain(["部局", "全体"]), 14.0, 30.0);
    let widths = [name_width, 7.0, 7.0, 7.0, 7.0, 13.0, 9.0, 15.0];
    for (col, width) in widths.iter().enumerate() {
        sheet.set_column_width(col as u16, *width)?;
    }
    let total_row = write_counts(sheet, r)?;
    sheet.write_string_with_format(
        total_row + 1,
        0,
        "達成(A)の割合は、測定不能(−)を除いた指標に占める A の割合です。",
        &style::faint(),
    )?;
    write_rules(sheet, &r.thresholds, total_row + 3)?;
    if !r.departments.is_empty() {
        let height = 90 + 34 * r.departments.len() as u32;
        sheet.insert_chart(HEADER_ROW, CHART_COLUMN, &department_chart(r, height))?;
        if r.counts.total() > 0 {
            let below = HEADER_ROW + height.div_ceil(20) + 1;
            sheet.insert_chart(below, CHART_COLUMN, &city_chart(r, total_row))?;
        }
    }
    sheet.set_paper_size(9);
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    sheet.set_footer("&C&P / &N");
    Ok(())
}

/// The count table; returns the row of 全体.
fn write_counts(sheet: &mut Worksheet, r: &Rollup) -> Result<u32> {
    let header = style::label();
    sheet.write_string_with_format(HEADER_ROW, 0, "部局", &header)?;
    for (i, grade) in Grade::ALL.iter().enumerate() {
        let text = match grade {
            Grade::Unmeasured => "−(測定不能)",
            g => g.label(),
        };
        let format = header
            .clone()
            .set_background_color(Color::RGB(grade.tint()))
            .set_font_color(Color::RGB(super::text_color(*grade)));
        sheet.write_string_with_format(HEADER_ROW, FIRST_GRADE + i as u16, text, &format)?;
    }
    sheet.write_string_with_format(HEADER_ROW, LAST_COLUMN - 1, "指標数", &header)?;
    sheet.write_string_with_format(HEADER_ROW, LAST_COLUMN, "達成(A)の割合", &header)?;
    sheet.set_row_height(HEADER_ROW, 20.0)?;
    let mut row = HEADER_ROW;
    for dept in &r.departments {
        row += 1;
        counts_row(sheet, row, &dept.department, &dept.counts, false)?;
    }
    row += 1;
    counts_row(sheet, row, "全体", &r.counts, true)?;
    Ok(row)
}

fn counts_row(
    sheet: &mut Worksheet,
    row: u32,
    name: &str,
    counts: &Counts,
    total: bool,
) -> Result<()> {
    let emphasis = |f: rust_xlsxwriter::Format| {
        if total {
            f.set_bold()
                .set_border_top(FormatBorder::Double)
                .set_background_color(Color::RGB(0xF2F2F2))
        } else {
            f
        }
    };
    style::write_text(sheet, row, 0, name, &emphasis(style::cell()))?;
    let number = emphasis(style::number(0));
    for (i, grade) in Grade::ALL.iter().enumerate() {
        let n = counts.get(*grade) as f64;
        sheet.write_number_with_format(row, FIRST_GRADE + i as u16, n, &number)?;
    }
    sheet.write_number_with_format(row, LAST_COLUMN - 1, counts.total() as f64, &number)?;
    let percent = emphasis(style::percent());
    if counts.measured() > 0 {
        let share = counts.get(Grade::A) as f64 / counts.measured() as f64;
        sheet.write_number_with_format(row, LAST_COLUMN, share, &percent)?;
    } else {
        sheet.write_blank(row, LAST_COLUMN, &percent)?;
    }
    Ok(())
}

/// 評価の基準 from `row`.
fn write_rules(sheet: &mut Worksheet, t: &Thresholds, mut row: u32) -> Result<()> {
    sheet.write_string_with_format(row, 0, "評価の基準", &style::heading())?;
    row += 1;
    let text = style::cell().set_align(FormatAlign::VerticalCenter);
    for (grade, rule) in t.legend() {
        let rule = match grade {
            Grade::Unmeasured => {
                format!("{rule}(目標値・実績値がない、実績値が数値でない、単位が換算できない)")
            }
            _ => format!("達成率 {rule}"),
        };
        let label = grade_format(grade)
            .set_font_name(style::FONT)
            .set_font_size(style::SIZE)
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::Center);
        sheet.write_string_with_format(row, 0, grade.label(), &label)?;
        sheet.merge_range(row, 1, row, LAST_COLUMN, &rule, &text)?;
        row += 1;
    }
    let tolerance = crate::domain::quantity::Quantity::from_f64(t.tolerance);
    let notes = [
        "達成率は、増加の指標は 実績値 ÷ 目標値、減少の指標は 目標値 ÷ 実績値。".to_string(),
        format!(
            "維持の指標は、実績値が目標値の±{tolerance}%以内なら100%、外れたときは 100% − 目標値からの乖離率。"
        ),
        "0以下の値を含むときは目標値との差で算出し、目標値が0のときは達成(100%)か未達成(0%)で判定。"
            .to_string(),
        "達成率は小数第1位に四捨五入してから評価。実績値が別の単位(万円と億円など)のときは換算して算出。"
            .to_string(),
    ];
    for note in notes {
        sheet.write_string_with_format(row, 0, format!("・{note}"), &style::base())?;
        row += 1;
    }
    Ok(())
}

/// A stacked bar per department, one series per grade in its colour.
fn department_chart(r: &Rollup, height: u32) -> Chart {
    let first = HEADER_ROW + 1;
    let last = HEADER_ROW + r.departments.len() as u32;
    let mut chart = Chart::new(ChartType::BarStacked);
    for (i, grade) in Grade::ALL.iter().enumerate() {
        let col = FIRST_GRADE + i as u16;
        let dark = matches!(grade, Grade::A | Grade::D);
        let label_color = if dark { 0xFFFFFF } else { 0x000000 };
        chart
            .add_series()
            .set_name((SHEET, HEADER_ROW, col))
            .set_categories((SHEET, first, 0, last, 0))
            .set_values((SHEET, first, col, last, col))
            .set_format(&mut solid(grade.color()))
            .set_gap(60)
            .set_data_label(
                ChartDataLabel::new()
                    .show_value()
                    .set_num_format("0;;;")
                    .set_position(ChartDataLabelPosition::Center)
                    .set_font(ChartFont::new().set_color(Color::RGB(label_color))),
            );
    }
    set_title(&mut chart, "部局別の評価(指標数)");
    categories_top_down(&mut chart);
    let most = r.departments.iter().map(|d| d.counts.total()).max();
    let step = (most.unwrap_or(0) as f64 / 8.0).ceil().max(1.0);
    chart.x_axis().set_min(0).set_major_unit(step);
    chart.legend().set_position(ChartLegendPosition::Bottom);
    chart
        .set_width(560)
        .set_height(height)
        .set_object_movement(ObjectMovement::MoveButDontSizeWithCells);
    chart
}

/// A column per grade: the city's counts.
fn city_chart(r: &Rollup, total_row: u32) -> Chart {
    let mut chart = Chart::new(ChartType::Column);
    let points: Vec<ChartPoint> = Grade::ALL
        .iter()
        .map(|g| ChartPoint::new().set_format(&mut solid(g.color())))
        .collect();
    let last = FIRST_GRADE + Grade::ALL.len() as u16 - 1;
    chart
        .add_series()
        .set_name("全体")
        .set_categories((SHEET, HEADER_ROW, FIRST_GRADE, HEADER_ROW, last))
        .set_values((SHEET, total_row, FIRST_GRADE, total_row, last))
        .set_points(&points)
        .set_gap(50)
        .set_data_label(
            ChartDataLabel::new()
                .show_value()
                .set_position(ChartDataLabelPosition::OutsideEnd),
        );
    set_title(
        &mut chart,
        &format!("全体の評価(全 {} 指標)", r.counts.total()),
    );
    let step = (r.counts.total() as f64 / 16.0).ceil().max(1.0);
    chart.y_axis().set_min(0).set_major_unit(step);
    chart.legend().set_hidden();
    chart
        .set_width(560)
        .set_height(300)
        .set_object_movement(ObjectMovement::MoveButDontSizeWithCells);
    chart
}

/// A solid fill in a colour.
pub(super) fn solid(color: u32) -> ChartFormat {
    let mut format = ChartFormat::new();
    format.set_solid_fill(ChartSolidFill::new().set_color(Color::RGB(color)));
    format
}
