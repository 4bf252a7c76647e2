//! Writes the standard template that departments fill: blank, pre-filled
//! with the department, or filled with a whole [`Document`] (samples, tests).

use rust_xlsxwriter::{
    DocProperties, Format, FormatAlign, Note, ProtectionOptions, Table, TableColumn, TableStyle,
    Workbook, Worksheet,
};

use super::validation::{add_project_validations, add_validation, date_validation};
use crate::domain::form::{self, CUMULATIVE, Col, ESTIMATE, Field, List};
use crate::domain::mark::Mark;
use crate::domain::model::{Document, Indicator, Project};
use crate::domain::plan::{IndicatorKind, Plans, Progress};
use crate::domain::quantity::Quantity;
use crate::error::Result;
use crate::outputs::present::Headings;
use crate::outputs::xlsx::style;
use crate::outputs::xlsx::style::excel_datetime;
use crate::read::SourceMap;

/// How the template is written.
#[derive(Debug, Clone, Default)]
pub struct TemplateOptions {
    /// Municipality shown in the title.
    pub municipality: String,
    /// Section headings.
    pub headings: Headings,
    /// Write numbers as full-width text, as a clerk typing with the IME on
    /// would (used by samples to exercise the reader).
    pub fullwidth: bool,
    /// Document creation time written in the file's properties.
    pub timestamp: Option<chrono::NaiveDateTime>,
    /// The 施策 the office lists, shown on the guide sheet.
    pub plans: Plans,
}

/// What a writer needs to know of what it wrote, found by reading it back.
/// Writers never read files: the command that runs them gives these.
pub struct Readback<'a> {
    /// Where each part of a document lands in the template it was written
    /// into (the reader's source map of the saved bytes).
    pub source_map: &'a dyn Fn(&[u8]) -> Option<SourceMap>,
    /// The fingerprint of the template sheet of saved bytes (the reader's).
    pub fingerprint: &'a dyn Fn(&[u8]) -> Option<u64>,
}

/// Blank data rows offered below the filled ones.
const SPARE_THEME_ROWS: u32 = 6;
const SPARE_PROJECT_ROWS: u32 = 20;
const MIN_THEME_ROWS: u32 = 10;
const MIN_PROJECT_ROWS: u32 = 40;

/// Where the template's parts start (zero-based rows). The reader finds
/// them by name; these positions are only where they start out.
const TITLE_ROW: u32 = 0;
const VERSION_ROW: u32 = 1;
const YEAR_ROW: u32 = 2;
const DEPARTMENT_ROW: u32 = 3;
const REMARK_ROW: u32 = 4;
const THEME_HEADING_ROW: u32 = 6;
const THEME_HEADER_ROW: u32 = 7;
/// Themes sit in the project list's second and third columns (wide ones).
const THEME_FIRST_COL: u16 = 1;

/// Builds the template workbook for a document.
pub fn workbook(doc: &Document, options: &TemplateOptions) -> Result<Workbook> {
    let mut workbook = Workbook::new();
    let mut properties = DocProperties::new()
        .set_title(format!(
            "{} {} {}",
            doc.year, options.headings.document, doc.department
        ))
        .set_author(&options.municipality)
        .set_comment(format!("mokuhyo 様式 {}", form::TEMPLATE_VERSION));
    if let Some(time) = options.timestamp {
        properties = properties.set_creation_datetime(&excel_datetime(time)?);
    }
    workbook.set_properties(&properties);

    // The sheet is named as the city names the document (the reader finds
    // its cells by the defined names, whatever the sheet is called).
    let sheet_name = sheet_name(options);
    let sheet = workbook.add_worksheet();
    sheet.set_name(sheet_name)?;
    let names = write_sheet(sheet, doc, options)?;
    for (name, range) in names {
        workbook.define_name(name, &format!("='{sheet_name}'!{range}"))?;
    }
    super::guide::write(workbook.add_worksheet(), &options.headings, &options.plans)?;
    Ok(workbook)
}

/// The template sheet's name: the document's (部局経営目標 by default,
/// [`form::SHEET`]).
pub fn sheet_name(options: &TemplateOptions) -> &str {
    &options.headings.document
}

/// The template as .xlsx bytes, as written for a document already filled
/// (`--fill`, samples, tests).
pub fn to_bytes(doc: &Document, options: &TemplateOptions) -> Result<Vec<u8>> {
    Ok(workbook(doc, options)?.save_to_buffer()?)
}

/// The template handed out to be filled (`template`, `template --from`): it
/// carries the [`Mark`] with its fingerprint, so that a copy sent back
/// unfilled is not taken for a submission.
pub fn handed_out(doc: &Document, options: &TemplateOptions, back: &Readback) -> Result<Vec<u8>> {
    let mut workbook = workbook(doc, options)?;
    let bytes = workbook.save_to_buffer()?;
    seal(&mut workbook, bytes, Mark::Template, back)
}

/// Saves a template workbook again with the [`Mark`] of what it is and the
/// fingerprint of its sheet as first saved (`bytes`): the mark, a defined
/// name, leaves the cells and so the fingerprint as they were.
pub(crate) fn seal(
    workbook: &mut Workbook,
    bytes: Vec<u8>,
    mark: fn(u64) -> Mark,
    back: &Readback,
) -> Result<Vec<u8>> {
    let Some(print) = (back.fingerprint)(&bytes) else {
        return Ok(bytes);
    };
    workbook.define_name(crate::domain::mark::NAME, &mark(print).formula())?;
    Ok(workbook.save_to_buffer()?)
}

/// An absolute A1 range such as `$B$3` or `$A$22:$P$62`.
fn abs_range(first: (u32, u16), last: (u32, u16)) -> String {
    let cell = |(r, c): (u32, u16)| format!("${}${}", form::column_letters(c as u32), r + 1);
    if first == last {
        cell(first)
    } else {
        format!("{}:{}", cell(first), cell(last))
    }
}

fn write_sheet(
    sheet: &mut Worksheet,
    doc: &Document,
    options: &TemplateOptions,
) -> Result<Vec<(&'static str, String)>> {
    let cols = &form::PROJECT_COLUMNS;
    for (i, col) in cols.iter().enumerate() {
        sheet.set_column_width(i as u16, col.width())?;
    }
    // What is filled at the start of the year is printed; the 中間評価 and
    // the year-end columns follow to the right.
    let first_mid_year = cols
        .iter()
        .position(|c| c.is_mid_year())
        .unwrap_or(cols.len()) as u16;
    let first_year_end = cols
        .iter()
        .position(|c| c.is_year_end())
        .unwrap_or(cols.len()) as u16;
    let last_print_col = first_mid_year - 1;
    let first_indicator_col = cols
        .iter()
        .position(|c| *c == Col::IndicatorName)
        .unwrap_or(0) as u16;
    let mut names = Vec::new();

    // Title and version.
    let title = format!("{} {}", doc.year, options.headings.document);
    sheet.merge_range(
        TITLE_ROW,
        0,
        TITLE_ROW,
        last_print_col,
        &title,
        &style::title(),
    )?;
    sheet.set_row_height(TITLE_ROW, 24.0)?;
    if !options.municipality.is_empty() {
        sheet.write_string_with_format(VERSION_ROW, 0, &options.municipality, &style::base())?;
    }
    let version_col = last_print_col;
    sheet.write_string_with_format(
        VERSION_ROW,
        version_col - 1,
        Field::Version.label(),
        &style::faint().set_align(FormatAlign::Right),
    )?;
    sheet.write_string_with_format(
        VERSION_ROW,
        version_col,
        form::TEMPLATE_VERSION,
        &style::faint(),
    )?;
    names.push((
        Field::Version.name(),
        abs_range((VERSION_ROW, version_col), (VERSION_ROW, version_col)),
    ));

    // Header fields: two per row, label then value.
    let input = style::cell()
        .set_unlocked()
        .set_align(FormatAlign::VerticalCenter);
    let header_fields = [
        (YEAR_ROW, 0u16, Field::Year),
        (YEAR_ROW, 2, Field::Created),
        (DEPARTMENT_ROW, 0, Field::Department),
        (DEPARTMENT_ROW, 2, Field::Head),
    ];
    for (row, col, field) in header_fields {
        sheet.write_string_with_format(
            row,
            col,
            options.headings.field_label(field),
            &style::label(),
        )?;
        let at = (row, col + 1);
        match field {
            Field::Year => {
                sheet.write_string_with_format(row, col + 1, doc.year.label(), &input)?
            }
            Field::Created => match doc.created {
                Some(date) => sheet.write_datetime_with_format(
                    row,
                    col + 1,
                    &excel_datetime(date.and_hms_opt(0, 0, 0).unwrap_or_default())?,
                    &style::date().set_unlocked(),
                )?,
                None => sheet.write_blank(row, col + 1, &style::date().set_unlocked())?,
            },
            Field::Department => style::write_text(sheet, row, col + 1, &doc.department, &input)?,
            _ => style::write_text(sheet, row, col + 1, &doc.head, &input)?,
        };
        names.push((field.name(), abs_range(at, at)));
    }
    sheet.set_row_height(YEAR_ROW, 20.0)?;
    sheet.set_row_height(DEPARTMENT_ROW, 20.0)?;
    sheet.write_string_with_format(REMARK_ROW, 0, Field::Remark.label(), &style::label())?;
    sheet.merge_range(
        REMARK_ROW,
        1,
        REMARK_ROW,
        last_print_col,
        &doc.remark,
        &style::text_format(&doc.remark, &input),
    )?;
    names.push((
        Field::Remark.name(),
        abs_range((REMARK_ROW, 1), (REMARK_ROW, 1)),
    ));
    add_validation(sheet, (YEAR_ROW, 3), (YEAR_ROW, 3), date_validation())?;

    // (1) Themes.
    sheet.write_string_with_format(
        THEME_HEADING_ROW,
        0,
        &options.headings.themes,
        &style::heading(),
    )?;
    let theme_rows = (doc.themes.len() as u32 + SPARE_THEME_ROWS).max(MIN_THEME_ROWS);
    let first = THEME_HEADER_ROW + 1;
    for i in 0..theme_rows {
        let row = first + i;
        let theme = doc.themes.get(i as usize);
        let title = theme.map(|t| t.title.as_str()).unwrap_or("");
        let body = theme.map(|t| t.body.as_str()).unwrap_or("");
        let sdgs = theme.map(|t| sdgs_text(&t.sdgs)).unwrap_or_default();
        let plan = theme.map(|t| t.plan.join("、")).unwrap_or_default();
        let text = style::cell().set_unlocked();
        style::write_text(sheet, row, THEME_FIRST_COL, title, &text)?;
        style::write_text(sheet, row, THEME_FIRST_COL + 1, body, &text)?;
        style::write_text(sheet, row, THEME_FIRST_COL + 2, &sdgs, &text)?;
        style::write_text(sheet, row, THEME_FIRST_COL + 3, &plan, &text)?;
        let widths = [cols[1].width(), cols[2].width()];
        sheet.set_row_height(
            row,
            style::row_height([(title, widths[0]), (body, widths[1])]),
        )?;
    }
    let theme_last = (
        first + theme_rows - 1,
        THEME_FIRST_COL + form::THEME_COLUMNS.len() as u16 - 1,
    );
    add_list_table(
        sheet,
        List::Themes,
        (THEME_HEADER_ROW, THEME_FIRST_COL),
        theme_last.0,
    )?;
    names.push((
        List::Themes.name(),
        abs_range((THEME_HEADER_ROW, THEME_FIRST_COL), theme_last),
    ));

    // (2) Projects with their indicators.
    let heading_row = theme_last.0 + 2;
    sheet.write_string_with_format(
        heading_row,
        0,
        &options.headings.projects,
        &style::heading(),
    )?;
    let group_row = heading_row + 1;
    let header_row = group_row + 1;
    let groups = [
        (0u16, first_indicator_col - 1, "重点事業", style::label()),
        (
            first_indicator_col,
            last_print_col,
            options.headings.indicators.as_str(),
            style::label(),
        ),
        (
            first_mid_year,
            first_year_end - 1,
            "中間評価(9月末に記入)",
            style::mid_year_label(),
        ),
        (
            first_year_end,
            cols.len() as u16 - 1,
            "年度末に記入",
            style::year_end_label(),
        ),
    ];
    for (from, to, text, format) in groups {
        sheet.merge_range(group_row, from, group_row, to, text, &format)?;
    }
    let rows = project_rows(&doc.projects);
    let data_rows = (rows.len() as u32 + SPARE_PROJECT_ROWS).max(MIN_PROJECT_ROWS);
    for i in 0..data_rows {
        let row = header_row + 1 + i;
        let cells = rows.get(i as usize);
        let mut heights = Vec::new();
        for (c, col) in cols.iter().enumerate() {
            let value = cells
                .map(|r| cell_value(r, *col))
                .unwrap_or(CellValue::Blank);
            write_input(sheet, row, c as u16, *col, &value, options.fullwidth)?;
            if let CellValue::Text(text) = &value {
                heights.push((text.clone(), col.width()));
            }
        }
        let height = style::row_height(heights.iter().map(|(t, w)| (t.as_str(), *w)));
        sheet.set_row_height(row, height.max(style::LINE_HEIGHT * 2.0))?;
    }
    let last_row = header_row + data_rows;
    add_list_table(sheet, List::Projects, (header_row, 0), last_row)?;
    names.push((
        List::Projects.name(),
        abs_range((header_row, 0), (last_row, cols.len() as u16 - 1)),
    ));
    add_project_validations(sheet, header_row + 1, last_row)?;

    // Printing: A4 landscape, one page wide, the list header repeated.
    sheet.set_paper_size(9);
    sheet.set_landscape();
    sheet.set_margins(0.4, 0.4, 0.5, 0.5, 0.3, 0.3);
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_print_area(0, 0, last_row, last_print_col)?;
    sheet.set_repeat_rows(group_row, header_row)?;
    sheet.set_footer("&C&P / &N");

    // Labels locked, inputs unlocked, lists can grow.
    let protection = ProtectionOptions {
        insert_rows: true,
        delete_rows: true,
        format_rows: true,
        format_columns: true,
        ..ProtectionOptions::default()
    };
    sheet.protect_with_options(&protection);
    Ok(names)
}

/// One row of the project list: the project on its first row, then one
/// indicator per row.
struct ProjectRow<'a> {
    project: Option<&'a Project>,
    indicator: Option<&'a Indicator>,
}

fn project_rows(projects: &[Project]) -> Vec<ProjectRow<'_>> {
    let mut rows = Vec::new();
    for project in projects {
        if project.indicators.is_empty() {
            rows.push(ProjectRow {
                project: Some(project),
                indicator: None,
            });
        }
        for (i, indicator) in project.indicators.iter().enumerate() {
            rows.push(ProjectRow {
                project: (i == 0).then_some(project),
                indicator: Some(indicator),
            });
        }
    }
    rows
}

enum CellValue {
    Blank,
    Text(String),
    Number(Quantity),
    Date(chrono::NaiveDate),
}

fn text(value: &str) -> CellValue {
    if value.is_empty() {
        CellValue::Blank
    } else {
        CellValue::Text(value.to_string())
    }
}

fn flag(set: bool, label: &str) -> CellValue {
    if set {
        CellValue::Text(label.to_string())
    } else {
        CellValue::Blank
    }
}

fn cell_value(row: &ProjectRow, col: Col) -> CellValue {
    if col.is_project_level() {
        let Some(p) = row.project else {
            return CellValue::Blank;
        };
        return match col {
            Col::Code => text(p.code.as_deref().unwrap_or("")),
            Col::Title => text(&p.title),
            Col::Description => text(&p.description),
            Col::Sdgs => text(&sdgs_text(&p.sdgs)),
            Col::Plan => text(&p.plan.join("、")),
            Col::Budget => p.budget.map(CellValue::Number).unwrap_or(CellValue::Blank),
            Col::Progress => text(&p.mid_year.progress.map(Progress::label).unwrap_or_default()),
            Col::MidResults => text(&p.mid_year.results),
            Col::MidIssues => text(&p.mid_year.issues),
            Col::MidNextSteps => text(&p.mid_year.next_steps),
            Col::Results => text(&p.review.results),
            Col::Issues => text(&p.review.issues),
            _ => text(&p.review.next_steps),
        };
    }
    let Some(ind) = row.indicator else {
        return CellValue::Blank;
    };
    let number = |q: &Option<Quantity>| q.map(CellValue::Number);
    match col {
        Col::IndicatorName => text(&ind.name),
        Col::Unit => text(&ind.unit),
        Col::Target => match number(&ind.target) {
            Some(value) => value,
            None if ind.target_dash => text("-"),
            None => CellValue::Blank,
        },
        Col::Previous => match number(&ind.previous) {
            Some(value) => value,
            None if ind.previous_blank => CellValue::Blank,
            None => text("-"),
        },
        Col::PreviousEstimate => flag(ind.previous_estimate, ESTIMATE),
        Col::Direction => text(ind.direction_label()),
        Col::Cumulative => flag(ind.cumulative, CUMULATIVE),
        Col::Actual => match &ind.actual {
            Some(q) if !ind.actual_unit.is_empty() => text(&format!("{q}{}", ind.actual_unit)),
            Some(q) => CellValue::Number(*q),
            None if !ind.actual_text.is_empty() => text(&ind.actual_text),
            None => CellValue::Blank,
        },
        Col::ActualEstimate => flag(ind.actual_estimate, ESTIMATE),
        Col::ActualAsOf => ind
            .actual_as_of
            .map(CellValue::Date)
            .unwrap_or(CellValue::Blank),
        Col::IndicatorKind => text(ind.kind.map_or("", IndicatorKind::label)),
        Col::Baseline => number(&ind.baseline).unwrap_or(CellValue::Blank),
        Col::BaselineAsOf => text(&ind.baseline_as_of),
        Col::LongTerm => number(&ind.long_term).unwrap_or(CellValue::Blank),
        Col::LongTermYear => text(&ind.long_term_year),
        Col::Basis => text(&ind.basis),
        _ => CellValue::Blank,
    }
}

/// SDGs goals as the template's cell holds them: 11、17.
fn sdgs_text(goals: &[u8]) -> String {
    goals
        .iter()
        .map(u8::to_string)
        .collect::<Vec<_>>()
        .join("、")
}

fn input_format(col: Col) -> Format {
    let format = match col.kind() {
        form::Kind::Number => style::number(0).set_num_format("General"),
        form::Kind::Date => style::date(),
        form::Kind::Text | form::Kind::Short => style::cell(),
        _ => style::cell().set_align(FormatAlign::Center),
    };
    format.set_unlocked()
}

fn write_input(
    sheet: &mut Worksheet,
    row: u32,
    c: u16,
    col: Col,
    value: &CellValue,
    fullwidth: bool,
) -> Result<()> {
    let format = input_format(col);
    match value {
        CellValue::Blank => sheet.write_blank(row, c, &format)?,
        CellValue::Text(text) => style::write_text(sheet, row, c, text, &format)?,
        CellValue::Number(q) if fullwidth => {
            sheet.write_string_with_format(row, c, to_fullwidth(&q.to_string()), &format)?
        }
        CellValue::Number(q) => {
            let format = if q.decimals > 0 {
                style::number(q.decimals).set_unlocked()
            } else {
                format
            };
            sheet.write_number_with_format(row, c, q.value, &format)?
        }
        CellValue::Date(date) => {
            let time = excel_datetime(date.and_hms_opt(0, 0, 0).unwrap_or_default())?;
            sheet.write_datetime_with_format(row, c, &time, &format)?
        }
    };
    Ok(())
}

/// Half-width digits and signs to full-width, as typed with the IME on.
pub fn to_fullwidth(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '0'..='9' | '.' | ',' | '-' | '%' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

fn add_list_table(
    sheet: &mut Worksheet,
    list: List,
    (row, col): (u32, u16),
    last_row: u32,
) -> Result<()> {
    let columns: Vec<TableColumn> = list
        .columns()
        .iter()
        .map(|c| {
            let header = if c.is_year_end() {
                style::year_end_label()
            } else if c.is_mid_year() {
                style::mid_year_label()
            } else {
                style::label()
            };
            TableColumn::new()
                .set_header(c.header())
                .set_header_format(header)
        })
        .collect();
    let table = Table::new()
        .set_name(list.table_name())
        .set_columns(&columns)
        .set_autofilter(false)
        .set_banded_rows(false)
        .set_style(TableStyle::None);
    let last_col = col + list.columns().len() as u16 - 1;
    sheet.add_table(row, col, last_row, last_col, &table)?;
    for (i, c) in list.columns().iter().enumerate() {
        let note = Note::new(c.guide())
            .set_author("mokuhyo")
            .set_font_name(style::FONT)
            .set_width(260)
            .set_height(90);
        sheet.insert_note(row, col + i as u16, &note)?;
    }
    sheet.set_row_height(row, 30.0)?;
    Ok(())
}
