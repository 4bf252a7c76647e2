//! Reading one template sheet: the named header cells and the two lists,
//! found by defined names and header texts, never by fixed coordinates.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::cell::{Cell, format_decimals, format_is_percent};
use super::names::parse_reference;
use super::{Grid, Submission};
use crate::domain::finding::{Finding, Problem, Severity, excerpt};
use crate::domain::form::{self, CUMULATIVE, Col, ESTIMATE, Field, List, a1, column_for_header};
use crate::domain::model::{Direction, Document, Indicator, Project, Review, Theme};
use crate::domain::quantity::{ParsedValue, Quantity, parse_value};
use crate::domain::wareki::{self, FiscalYear};

/// Where each part of a document was read from, so later checks can name
/// the cell.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SourceMap {
    /// The sheet read.
    pub sheet: String,
    /// Each header field's cell.
    pub fields: BTreeMap<Field, String>,
    /// Each theme's row.
    pub themes: Vec<u32>,
    /// Each project's first row and its indicators' rows.
    pub projects: Vec<(u32, Vec<u32>)>,
    /// The column of each project-list column.
    pub columns: BTreeMap<Col, u32>,
}

impl SourceMap {
    /// The cell of a header field.
    pub fn field(&self, field: Field) -> Option<String> {
        self.fields.get(&field).cloned()
    }

    /// The cell of a project's column (on its first row).
    pub fn project_cell(&self, project: usize, col: Col) -> Option<String> {
        let (row, _) = self.projects.get(project)?;
        Some(a1(*row, *self.columns.get(&col)?))
    }

    /// The cell of an indicator's column.
    pub fn indicator_cell(&self, project: usize, indicator: usize, col: Col) -> Option<String> {
        let row = self.projects.get(project)?.1.get(indicator)?;
        Some(a1(*row, *self.columns.get(&col)?))
    }
}

/// Collects findings for one sheet of one file.
struct Reader<'a> {
    path: &'a Path,
    grid: &'a Grid,
    findings: Vec<Finding>,
    /// Cells that hold no usable value (a formula error, a formula without
    /// its result), already reported: nothing more is said about them.
    unusable: BTreeSet<(u32, u32)>,
}

impl Reader<'_> {
    /// A cell's value for reading; `None` when it holds no usable value: a
    /// formula error or a formula whose result was not saved, reported here
    /// on the cell (`what` names the field or column), once.
    fn cell(&mut self, row: u32, col: u32, what: &str) -> Option<Cell> {
        let cell = self.grid.cell(row, col);
        let problem = match &cell {
            Cell::Error(code) => Problem::CellError {
                column: what.to_string(),
                code: code.clone(),
            },
            Cell::Uncomputed(formula) => Problem::FormulaWithoutResult {
                column: what.to_string(),
                formula: excerpt(formula),
            },
            _ => return Some(cell),
        };
        self.report(Severity::Error, row, col, problem);
        self.unusable.insert((row, col));
        None
    }

    /// A cell's text as read (empty for an unusable cell).
    fn text(&mut self, row: u32, col: u32, what: &str) -> String {
        self.cell(row, col, what)
            .map(|c| c.display())
            .unwrap_or_default()
    }

    fn report(&mut self, severity: Severity, row: u32, col: u32, problem: Problem) {
        if self.unusable.contains(&(row, col)) {
            return;
        }
        let finding = Finding::at(
            severity,
            self.path,
            Some(&self.grid.name),
            Some(a1(row, col)),
            problem,
        );
        self.findings.push(finding);
    }

    fn report_sheet(&mut self, severity: Severity, problem: Problem) {
        let finding = Finding::at(severity, self.path, Some(&self.grid.name), None, problem);
        self.findings.push(finding);
    }
}

/// Reads the template on `grid`, using the defined names that point at it.
pub(super) fn read_sheet(path: &Path, grid: &Grid, defined: &[(String, String)]) -> Submission {
    let mut r = Reader {
        path,
        grid,
        findings: Vec::new(),
        unusable: BTreeSet::new(),
    };
    let mut source = SourceMap {
        sheet: grid.name.clone(),
        ..SourceMap::default()
    };
    report_long_texts(&mut r);
    let refs = resolve_names(&mut r, defined);
    let document = read_document(&mut r, &refs, &mut source);
    Submission {
        path: path.to_path_buf(),
        document,
        source: Some(source),
        findings: r.findings,
        origin: None,
    }
}

/// Cells longer than Excel allows cannot be written to any output.
fn report_long_texts(r: &mut Reader) {
    const EXCEL_MAX: usize = 32_767;
    let long: Vec<(u32, u32, usize)> = r
        .grid
        .texts()
        .filter_map(|(row, col, text)| {
            let length = text.chars().count();
            (length > EXCEL_MAX).then_some((row, col, length))
        })
        .collect();
    for (row, col, length) in long {
        r.report(Severity::Error, row, col, Problem::TooLong { length });
    }
}

/// The names pointing at this sheet; broken ones reported.
fn resolve_names(
    r: &mut Reader,
    defined: &[(String, String)],
) -> BTreeMap<String, super::CellRange> {
    let mut refs = BTreeMap::new();
    let mut broken = BTreeMap::new();
    for (name, formula) in defined {
        match parse_reference(formula) {
            Some(range) if range.sheet == r.grid.name => {
                refs.entry(name.clone()).or_insert(range);
            }
            Some(_) => {}
            None => {
                broken.insert(name.clone(), formula.clone());
            }
        }
    }
    for (name, formula) in broken {
        if !refs.contains_key(&name) {
            r.report_sheet(Severity::Error, Problem::BrokenName { name, formula });
        }
    }
    refs
}

fn read_document(
    r: &mut Reader,
    refs: &BTreeMap<String, super::CellRange>,
    source: &mut SourceMap,
) -> Option<Document> {
    let mut cells = BTreeMap::new();
    for field in Field::ALL {
        match refs.get(field.name()) {
            Some(range) => {
                let (row, col) = range.first;
                source.fields.insert(field, a1(row, col));
                let cell = r.cell(row, col, field.label()).unwrap_or(Cell::Empty);
                cells.insert(field, (row, col, cell));
            }
            None if field == Field::Remark => {}
            None => r.report_sheet(
                Severity::Error,
                Problem::MissingName {
                    name: field.name().to_string(),
                },
            ),
        }
    }
    if let Some((row, col, cell)) = cells.get(&Field::Version) {
        let found = cell.display();
        if found != form::TEMPLATE_VERSION {
            let problem = Problem::WrongVersion {
                found: excerpt(&found),
                expected: form::TEMPLATE_VERSION.to_string(),
            };
            r.report(Severity::Error, *row, *col, problem);
            return None;
        }
    }
    let year = cells
        .get(&Field::Year)
        .and_then(|(row, col, cell)| read_year(r, *row, *col, cell));
    let created = cells
        .get(&Field::Created)
        .and_then(|(row, col, cell)| read_created(r, *row, *col, cell));
    let mut text_field = |field: Field, severity: Severity| -> String {
        let Some((row, col, cell)) = cells.get(&field) else {
            return String::new();
        };
        let text = cell.display();
        if text.is_empty() && field != Field::Remark {
            let label = field.label().to_string();
            let problem = if severity == Severity::Error {
                Problem::MissingField { field: label }
            } else {
                Problem::EmptyField { field: label }
            };
            r.report(severity, *row, *col, problem);
        }
        text
    };
    let department = text_field(Field::Department, Severity::Error);
    let head = text_field(Field::Head, Severity::Warning);
    let remark = text_field(Field::Remark, Severity::Note);
    let themes = match refs.get(List::Themes.name()) {
        Some(range) => read_themes(r, range, refs, source),
        None => {
            r.report_sheet(
                Severity::Error,
                Problem::MissingName {
                    name: List::Themes.name().to_string(),
                },
            );
            Vec::new()
        }
    };
    let projects = match refs.get(List::Projects.name()) {
        Some(range) => read_projects(r, range, refs, source),
        None => {
            r.report_sheet(
                Severity::Error,
                Problem::MissingName {
                    name: List::Projects.name().to_string(),
                },
            );
            Vec::new()
        }
    };
    Some(Document {
        year: year?,
        created,
        department,
        head,
        remark,
        themes,
        projects,
    })
}

fn read_year(r: &mut Reader, row: u32, col: u32, cell: &Cell) -> Option<FiscalYear> {
    let year = match cell {
        Cell::Empty => {
            r.report(
                Severity::Error,
                row,
                col,
                Problem::MissingField {
                    field: "年度".to_string(),
                },
            );
            return None;
        }
        Cell::Text(text) => FiscalYear::parse(text),
        Cell::Number(n, _) if n.fract() == 0.0 => FiscalYear::parse(&format!("{n}")),
        _ => None,
    };
    if year.is_none() {
        r.report(
            Severity::Error,
            row,
            col,
            Problem::BadYear {
                text: excerpt(&cell.display()),
            },
        );
    }
    year
}

fn read_created(r: &mut Reader, row: u32, col: u32, cell: &Cell) -> Option<chrono::NaiveDate> {
    if cell.is_empty() {
        r.report(
            Severity::Warning,
            row,
            col,
            Problem::EmptyField {
                field: "作成日".to_string(),
            },
        );
        return None;
    }
    read_date(r, row, col, cell, "作成日")
}

fn read_date(
    r: &mut Reader,
    row: u32,
    col: u32,
    cell: &Cell,
    what: &str,
) -> Option<chrono::NaiveDate> {
    let date = match cell {
        Cell::Empty => return None,
        Cell::Date(d) => Some(*d),
        Cell::Number(n, _) => r
            .grid
            .date_system
            .date(*n)
            .filter(|_| *n >= 1.0 && n.fract() == 0.0),
        Cell::Text(text) => wareki::parse_date(text),
        // Reported by `Reader::cell`.
        Cell::Error(_) | Cell::Uncomputed(_) => return None,
    };
    if date.is_none() {
        r.report(
            Severity::Error,
            row,
            col,
            Problem::NotADate {
                column: what.to_string(),
                text: excerpt(&cell.display()),
            },
        );
    }
    date
}

/// A list's rows and columns as found on the sheet.
struct ListArea {
    columns: BTreeMap<Col, u32>,
    rows: Vec<u32>,
}

/// Finds a list: its header row from the name, its extent from the name or
/// the Excel table (whichever reaches further), plus rows typed right below.
fn locate_list(
    r: &mut Reader,
    list: List,
    range: &super::CellRange,
    refs: &BTreeMap<String, super::CellRange>,
) -> Option<ListArea> {
    let header_row = range.first.0;
    // Nothing lies past the grid's last cell: a name or a table spanning
    // the whole sheet is looked at only where there is something.
    let first_col = range.first.1;
    let last_col = range.last.1.min(r.grid.last_col().max(first_col));
    let mut last_row = range.last.0;
    for &(table_header, table_col, table_last) in &r.grid.tables {
        if table_header == header_row && table_col == first_col {
            last_row = last_row.max(table_last);
        }
    }
    let last_row = last_row.min(r.grid.last_row().max(header_row));
    let mut columns = BTreeMap::new();
    let mut extra = Vec::new();
    for col in first_col..=last_col {
        let header = r.grid.cell(header_row, col).display();
        match column_for_header(list, &header) {
            Some(c) => {
                columns.entry(c).or_insert(col);
            }
            None => extra.push((col, header)),
        }
    }
    let mut missing = false;
    for c in list.columns() {
        if !columns.contains_key(c) {
            let problem = Problem::MissingColumn {
                list: list.label().to_string(),
                header: c.header().to_string(),
            };
            r.report(Severity::Error, header_row, first_col, problem);
            missing = true;
        }
    }
    if missing {
        return None;
    }
    let has_data = |row: u32| (first_col..=last_col).any(|c| !r.grid.cell(row, c).is_empty());
    let other_headers: Vec<u32> = refs
        .values()
        .map(|range| range.first.0)
        .filter(|&row| row > header_row)
        .collect();
    let mut rows: Vec<u32> = (header_row + 1..=last_row).collect();
    let mut below = last_row + 1;
    while below <= r.grid.last_row() && !other_headers.contains(&below) && has_data(below) {
        if below == last_row + 1 {
            r.report(
                Severity::Warning,
                below,
                first_col,
                Problem::BelowList {
                    list: list.label().to_string(),
                },
            );
        }
        rows.push(below);
        below += 1;
    }
    rows.retain(|&row| has_data(row));
    for (col, header) in extra {
        if rows.iter().any(|&row| !r.grid.cell(row, col).is_empty()) {
            let header = if header.is_empty() {
                format!("{}列", form::column_letters(col))
            } else {
                header
            };
            r.report(
                Severity::Warning,
                header_row,
                col,
                Problem::ExtraColumn {
                    header: excerpt(&header),
                },
            );
        }
    }
    Some(ListArea { columns, rows })
}

fn read_themes(
    r: &mut Reader,
    range: &super::CellRange,
    refs: &BTreeMap<String, super::CellRange>,
    source: &mut SourceMap,
) -> Vec<Theme> {
    let Some(area) = locate_list(r, List::Themes, range, refs) else {
        return Vec::new();
    };
    source
        .columns
        .extend(area.columns.iter().map(|(c, n)| (*c, *n)));
    let mut themes = Vec::new();
    for &row in &area.rows {
        let title_col = area.columns[&Col::ThemeTitle];
        let title = r.text(row, title_col, Col::ThemeTitle.header());
        let body = r.text(row, area.columns[&Col::ThemeBody], Col::ThemeBody.header());
        if title.is_empty() {
            r.report(Severity::Error, row, title_col, Problem::ThemeWithoutTitle);
        }
        let title = title
            .strip_prefix('・')
            .map(str::to_string)
            .unwrap_or(title);
        themes.push(Theme { title, body });
        source.themes.push(row);
    }
    themes
}

fn read_projects(
    r: &mut Reader,
    range: &super::CellRange,
    refs: &BTreeMap<String, super::CellRange>,
    source: &mut SourceMap,
) -> Vec<Project> {
    let Some(area) = locate_list(r, List::Projects, range, refs) else {
        return Vec::new();
    };
    source
        .columns
        .extend(area.columns.iter().map(|(c, n)| (*c, *n)));
    let mut projects: Vec<Project> = Vec::new();
    for &row in &area.rows {
        let filled = |c: &Col| !r.grid.cell(row, area.columns[c]).is_empty();
        let project_level = form::PROJECT_COLUMNS
            .iter()
            .any(|c| c.is_project_level() && filled(c));
        let indicator_level = form::PROJECT_COLUMNS
            .iter()
            .any(|c| !c.is_project_level() && filled(c));
        let mut text = |c: Col| r.text(row, area.columns[&c], c.header());
        if project_level {
            let title = text(Col::Title);
            let code = Some(text(Col::Code)).filter(|c| !c.is_empty());
            let description = text(Col::Description);
            let review = Review {
                results: text(Col::Results),
                issues: text(Col::Issues),
                next_steps: text(Col::NextSteps),
            };
            if title.is_empty() {
                r.report(
                    Severity::Error,
                    row,
                    area.columns[&Col::Title],
                    Problem::ProjectWithoutTitle,
                );
            }
            projects.push(Project {
                code,
                title,
                description,
                indicators: Vec::new(),
                review,
            });
            source.projects.push((row, Vec::new()));
        }
        if !indicator_level {
            continue;
        }
        let indicator = read_indicator(r, row, &area.columns);
        match (projects.last_mut(), source.projects.last_mut()) {
            (Some(project), Some((_, rows))) => {
                project.indicators.push(indicator);
                rows.push(row);
            }
            _ => {
                let name = excerpt(&indicator.name);
                r.report(
                    Severity::Error,
                    row,
                    area.columns[&Col::IndicatorName],
                    Problem::IndicatorWithoutProject { name },
                );
            }
        }
    }
    projects
}

fn read_indicator(r: &mut Reader, row: u32, columns: &BTreeMap<Col, u32>) -> Indicator {
    let at = |c: Col| columns[&c];
    let name = r.text(row, at(Col::IndicatorName), Col::IndicatorName.header());
    if name.is_empty() {
        r.report(
            Severity::Error,
            row,
            at(Col::IndicatorName),
            Problem::IndicatorWithoutName,
        );
    }
    let mut unit =
        crate::domain::quantity::normalize(&r.text(row, at(Col::Unit), Col::Unit.header()));
    let unit_given = !unit.is_empty();
    let target = read_number(
        r,
        row,
        at(Col::Target),
        Col::Target,
        &name,
        &mut unit,
        unit_given,
    );
    let previous = read_number(
        r,
        row,
        at(Col::Previous),
        Col::Previous,
        &name,
        &mut unit,
        unit_given,
    );
    let actual = read_number(
        r,
        row,
        at(Col::Actual),
        Col::Actual,
        &name,
        &mut unit,
        unit_given,
    );
    let previous_estimate = read_flag(
        r,
        row,
        at(Col::PreviousEstimate),
        Col::PreviousEstimate,
        ESTIMATE,
    ) || previous.estimate;
    let actual_estimate = read_flag(
        r,
        row,
        at(Col::ActualEstimate),
        Col::ActualEstimate,
        ESTIMATE,
    ) || actual.estimate;
    let cumulative = read_flag(r, row, at(Col::Cumulative), Col::Cumulative, CUMULATIVE)
        || name.contains(CUMULATIVE);
    let direction = read_direction(r, row, at(Col::Direction));
    let as_of = Col::ActualAsOf.header();
    let actual_as_of = r
        .cell(row, at(Col::ActualAsOf), as_of)
        .and_then(|cell| read_date(r, row, at(Col::ActualAsOf), &cell, as_of));
    Indicator {
        name,
        unit,
        target: target.value,
        previous: previous.value,
        previous_blank: previous.blank,
        previous_estimate,
        direction,
        cumulative,
        actual: actual.value,
        actual_estimate,
        actual_as_of,
        actual_text: actual.text,
        actual_unit: actual.other_unit,
    }
}

/// A number column's reading.
struct NumberRead {
    value: Option<Quantity>,
    estimate: bool,
    /// The cell was empty (not `-`).
    blank: bool,
    /// 実績値 only: the text typed when it is not a number.
    text: String,
    /// 実績値 only: the unit written with the value when it differs.
    other_unit: String,
}

fn read_number(
    r: &mut Reader,
    row: u32,
    col: u32,
    column: Col,
    name: &str,
    unit: &mut String,
    unit_given: bool,
) -> NumberRead {
    let header = column.header().to_string();
    let mut out = NumberRead {
        value: None,
        estimate: false,
        blank: false,
        text: String::new(),
        other_unit: String::new(),
    };
    let Some(cell) = r.cell(row, col, &header) else {
        return out;
    };
    match &cell {
        Cell::Empty => out.blank = true,
        Cell::Number(n, format) => {
            let mut q = Quantity::from_f64(*n);
            if let Some(code) = format {
                if format_is_percent(code) {
                    q = Quantity::new(n * 100.0, format_decimals(code).unwrap_or(0));
                    if unit.is_empty() {
                        *unit = "%".to_string();
                    }
                } else if let Some(decimals) = format_decimals(code) {
                    q.decimals = q.decimals.max(decimals);
                }
            } else if unit == "%" && *n > 0.0 && *n <= 1.0 && n.fract() != 0.0 {
                let percent = Quantity::from_f64(n * 100.0).to_string();
                let problem = Problem::PercentAsFraction {
                    name: excerpt(name),
                    column: header.clone(),
                    text: excerpt(&cell.display()),
                    percent,
                };
                r.report(Severity::Warning, row, col, problem);
            }
            if q.value.is_finite() {
                out.value = Some(q);
            } else {
                let problem = Problem::NotANumber {
                    column: header,
                    text: excerpt(&cell.display()),
                };
                r.report(Severity::Error, row, col, problem);
            }
        }
        Cell::Text(text) => match parse_value(text) {
            Some(ParsedValue::Empty { estimate }) => out.estimate = estimate,
            Some(ParsedValue::Number {
                quantity,
                unit: written,
                estimate,
            }) => {
                out.value = Some(quantity);
                out.estimate = estimate;
                if !written.is_empty() {
                    if unit.is_empty() {
                        *unit = written;
                    } else if column == Col::Actual && written != *unit {
                        // The year's figure is kept with its own unit; the
                        // rollup converts 万円 to 億円 or shows − for 件 in 人.
                        let problem = Problem::ActualUnitDiffers {
                            name: excerpt(name),
                            text: excerpt(text),
                            written: written.clone(),
                            unit: unit.clone(),
                        };
                        r.report(Severity::Warning, row, col, problem);
                        out.other_unit = written;
                    } else if unit_given && written != *unit {
                        let problem = Problem::UnitConflict {
                            column: header,
                            text: excerpt(text),
                            written,
                            unit: unit.clone(),
                        };
                        r.report(Severity::Error, row, col, problem);
                    }
                }
            }
            None if column == Col::Actual => {
                let problem = Problem::ActualNotANumber {
                    name: excerpt(name),
                    text: excerpt(text),
                };
                r.report(Severity::Warning, row, col, problem);
                out.text = text.clone();
            }
            None => r.report(
                Severity::Error,
                row,
                col,
                Problem::NotANumber {
                    column: header,
                    text: excerpt(text),
                },
            ),
        },
        Cell::Date(_) => r.report(
            Severity::Error,
            row,
            col,
            Problem::NotANumber {
                column: header,
                text: excerpt(&cell.display()),
            },
        ),
        // Reported by `Reader::cell`.
        Cell::Error(_) | Cell::Uncomputed(_) => {}
    }
    out
}

fn read_flag(r: &mut Reader, row: u32, col: u32, column: Col, label: &str) -> bool {
    let text = r.text(row, col, column.header());
    let normalized = crate::domain::quantity::normalize(&text);
    match normalized.as_str() {
        "" => false,
        t if t == label || (label == ESTIMATE && t == "見込") => true,
        _ => {
            let problem = Problem::NotAChoice {
                column: column.header().to_string(),
                text: excerpt(&text),
                choices: format!("「{label}」か空欄"),
            };
            r.report(Severity::Error, row, col, problem);
            false
        }
    }
}

/// The 方向 chosen; `None` for a blank cell and for text that is not a
/// choice (an error on the cell), never a default presented as read.
fn read_direction(r: &mut Reader, row: u32, col: u32) -> Option<Direction> {
    let text = r.text(row, col, Col::Direction.header());
    if text.is_empty() {
        return None;
    }
    let direction = Direction::from_label(&crate::domain::quantity::normalize(&text));
    if direction.is_none() {
        let choices: String = Direction::ALL
            .iter()
            .map(|d| format!("「{}」", d.label()))
            .collect();
        r.report(
            Severity::Error,
            row,
            col,
            Problem::NotAChoice {
                column: Col::Direction.header().to_string(),
                text: excerpt(&text),
                choices,
            },
        );
    }
    direction
}
