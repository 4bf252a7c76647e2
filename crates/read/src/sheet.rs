//! Reading one template sheet: the named header cells and the two lists,
//! found by defined names and header texts, never by fixed coordinates.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use super::cell::Cell;
use super::names::parse_reference;
use super::reader::Reader;
use super::values::{
    read_budget, read_created, read_indicator, read_plan, read_progress, read_sdgs, read_year,
};
use super::{Grid, Submission};
use mokuhyo_domain::finding::{Problem, Severity, excerpt};
use mokuhyo_domain::form::{self, Col, Field, List, a1, normalize_header};
use mokuhyo_domain::model::{Document, MidYear, Project, Review, Theme};

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

    /// The cell of a theme's column.
    pub fn theme_cell(&self, theme: usize, col: Col) -> Option<String> {
        let row = self.themes.get(theme)?;
        Some(a1(*row, *self.columns.get(&col)?))
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

/// Reads the template on `grid`, using the defined names that point at it.
pub(super) fn read_sheet(path: &Path, grid: &Grid, defined: &[(String, String)]) -> Submission {
    let mut r = Reader::new(path, grid);
    let mut source = SourceMap {
        sheet: grid.name.clone(),
        ..SourceMap::default()
    };
    report_long_texts(&mut r);
    let refs = resolve_names(&mut r, defined);
    let document = read_document(&mut r, &refs, &mut source);
    Submission {
        path: path.to_path_buf(),
        document: document.map(Arc::new),
        source: Some(source),
        findings: r.into_findings(),
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
            Some(range) if r.grid.is_named(&range.sheet) => {
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
            let what = form::part_label(&name);
            let problem = Problem::BrokenName {
                name,
                formula,
                what,
            };
            r.report_sheet(Severity::Error, problem);
        }
    }
    refs
}

/// The label the template prints left of a header field's cell, as the
/// file has it: a short text (a city's own wording), else `None`.
fn written_label(r: &Reader, row: u32, col: u32) -> Option<String> {
    let cell = r.grid.cell(row, col.checked_sub(1)?);
    let Cell::Text(text) = cell else {
        return None;
    };
    let text = text.trim();
    (!text.is_empty() && text.chars().count() <= 20).then(|| text.to_string())
}

fn read_document(
    r: &mut Reader,
    refs: &BTreeMap<String, super::CellRange>,
    source: &mut SourceMap,
) -> Option<Document> {
    let mut cells = BTreeMap::new();
    // Each field's label as the file words it (a city's template may say
    // 部長名 for 部局長名): messages name the cell as the department sees it.
    let mut labels: BTreeMap<Field, String> = BTreeMap::new();
    for field in Field::ALL {
        match refs.get(field.name()) {
            Some(range) => {
                let (row, col) = range.first;
                source.fields.insert(field, a1(row, col));
                let label = written_label(r, row, col).unwrap_or_else(|| field.label().to_string());
                let cell = r.cell(row, col, &label).unwrap_or(Cell::Empty);
                cells.insert(field, (row, col, cell));
                labels.insert(field, label);
            }
            None if field == Field::Remark => {}
            None => r.report_sheet(
                Severity::Error,
                Problem::MissingName {
                    name: field.name().to_string(),
                    what: form::part_label(field.name()),
                },
            ),
        }
    }
    if let Some((row, col, cell)) = cells.get(&Field::Version) {
        let found = cell.display();
        if !form::READABLE_VERSIONS.contains(&found.as_str()) {
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
            let label = labels
                .get(&field)
                .cloned()
                .unwrap_or_else(|| field.label().to_string());
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
                    what: form::part_label(List::Themes.name()),
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
                    what: form::part_label(List::Projects.name()),
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
    // As form::column_for_header, with each column's header normalised once.
    let known: Vec<(Col, String)> = list
        .columns()
        .iter()
        .map(|c| (*c, normalize_header(c.header())))
        .collect();
    for col in first_col..=last_col {
        let header = r.grid.cell(header_row, col).display();
        let wanted = normalize_header(&header);
        match known.iter().find(|(_, h)| *h == wanted).map(|(c, _)| *c) {
            Some(c) => {
                columns.entry(c).or_insert(col);
            }
            None => extra.push((col, header)),
        }
    }
    let mut missing = false;
    for c in list.columns() {
        if !columns.contains_key(c) && !c.is_optional() {
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
        let sdgs = read_sdgs(r, row, area.columns.get(&Col::ThemeSdgs).copied());
        let plan = read_plan(r, row, area.columns.get(&Col::ThemePlan).copied());
        themes.push(Theme {
            title,
            body,
            sdgs,
            plan,
        });
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
        let filled = |c: &Col, n: &u32| c.is_project_level() && !r.grid.cell(row, *n).is_empty();
        let project_level = area.columns.iter().any(|(c, n)| filled(c, n));
        let indicator_level = area
            .columns
            .iter()
            .any(|(c, n)| !c.is_project_level() && !r.grid.cell(row, *n).is_empty());
        let mut text = |c: Col| match area.columns.get(&c) {
            Some(&n) => r.text(row, n, c.header()),
            None => String::new(),
        };
        if project_level {
            let title = text(Col::Title);
            let code = Some(text(Col::Code)).filter(|c| !c.is_empty());
            let description = text(Col::Description);
            let review = Review {
                results: text(Col::Results),
                issues: text(Col::Issues),
                next_steps: text(Col::NextSteps),
            };
            let mut mid_year = MidYear {
                progress: None,
                results: text(Col::MidResults),
                issues: text(Col::MidIssues),
                next_steps: text(Col::MidNextSteps),
            };
            mid_year.progress = read_progress(r, row, area.columns.get(&Col::Progress).copied());
            let sdgs = read_sdgs(r, row, area.columns.get(&Col::Sdgs).copied());
            let plan = read_plan(r, row, area.columns.get(&Col::Plan).copied());
            let budget = read_budget(r, row, area.columns.get(&Col::Budget).copied());
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
                sdgs,
                plan,
                budget,
                indicators: Vec::new(),
                mid_year,
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
