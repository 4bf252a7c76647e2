//! Reading filled templates (.xlsx, .xlsm, .xls, .ods) into [`Document`]s,
//! with every problem reported as a [`Finding`] naming file, sheet and cell.

mod biff;
mod cell;
mod extent;
mod guard;
mod names;
mod reader;
mod repack;
mod sheet;
mod shown;
mod unreadable;
mod values;
mod xlsx;

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use calamine::{Data, Range, Reader, Sheets};

pub use cell::Cell;
pub use names::{CellRange, parse_reference};
pub use sheet::SourceMap;
pub use unreadable::Unreadable;

use mokuhyo_domain::finding::{Finding, Problem, Severity, quoted};
use mokuhyo_domain::form::{self, Field};
use mokuhyo_domain::mark::{self, Mark};
use mokuhyo_domain::model::Document;
use mokuhyo_domain::wareki::DateSystem;
use mokuhyo_input::{Kind, Limits, Origin, Source, read_limited};

/// What reading one file gave.
#[derive(Debug, Clone)]
pub struct Submission {
    /// The file read.
    pub path: PathBuf,
    /// The document, when the file could be read as our template.
    pub document: Option<Arc<Document>>,
    /// Where each part of the document came from.
    pub source: Option<SourceMap>,
    /// Every problem found while reading.
    pub findings: Vec<Finding>,
    /// The mail or zip it came in, if any.
    pub origin: Option<Origin>,
}

impl Submission {
    fn failed(path: &Path, severity: Severity, problem: Problem) -> Submission {
        Submission {
            path: path.to_path_buf(),
            document: None,
            source: None,
            findings: vec![Finding::file(severity, path, problem)],
            origin: None,
        }
    }

    fn unreadable(path: &Path, why: Unreadable) -> Submission {
        let reason = why.to_string();
        Submission::failed(path, Severity::Error, Problem::Unreadable { reason })
    }

    /// True when the file was skipped on purpose: a lock file, or a file
    /// mokuhyo wrote itself (its document, if read, is only shown).
    pub fn is_skipped(&self) -> bool {
        (self.document.is_none() || self.is_own_output())
            && self.findings.iter().all(|f| f.severity == Severity::Note)
    }

    /// True when the document was read, nothing is an error, and it is a
    /// submission (not a file mokuhyo wrote and nobody has filled in).
    pub fn is_accepted(&self) -> bool {
        self.document.is_some()
            && !self.has_errors()
            && !self.is_own_output()
            && !self.is_replaced()
    }

    /// True when a later file of its department replaced this file with
    /// errors: its findings are one [`Problem::Replaced`] note.
    pub fn is_replaced(&self) -> bool {
        self.findings
            .iter()
            .any(|f| matches!(f.problem, Problem::Replaced { .. }))
    }

    /// The template's 作成日.
    pub fn created(&self) -> Option<chrono::NaiveDate> {
        self.document.as_ref().and_then(|d| d.created)
    }

    /// The date of the mail it came with.
    pub fn mail_date(&self) -> Option<chrono::NaiveDateTime> {
        self.origin.as_ref()?.mail.as_ref()?.date
    }

    /// The file it was read from: itself, or the mail or zip it came in.
    pub fn input_file(&self) -> &Path {
        self.origin.as_ref().map_or(&self.path, |o| &o.container)
    }

    /// True when the file is one mokuhyo wrote itself (skipped): an output
    /// of a run may replace it.
    pub fn is_own_output(&self) -> bool {
        self.findings
            .iter()
            .any(|f| matches!(f.problem, Problem::OwnOutput { .. }))
    }

    /// True when some finding is an error.
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }
}

/// True for Excel's lock files (`~$name.xlsx`).
pub fn is_lock_file(path: &Path) -> bool {
    path.file_name()
        .map(|n| n.to_string_lossy().starts_with("~$"))
        .unwrap_or(false)
}

/// Reads one spreadsheet: a file, or one taken from a mail or a zip.
pub fn read_source(source: &Source, limits: &Limits) -> Submission {
    match source {
        Source::File(path) => read_file_with(path, limits),
        Source::Embedded {
            path,
            bytes,
            origin,
        } => {
            let mut submission = if is_lock_file(path) {
                Submission::failed(path, Severity::Note, Problem::LockFile)
            } else {
                read_bytes_with(path, bytes.clone(), limits)
            };
            submission.origin = Some(origin.clone());
            submission
        }
        Source::Unreadable {
            path,
            reason,
            origin,
        } => {
            let reason = reason.clone();
            let mut submission =
                Submission::failed(path, Severity::Error, Problem::Unreadable { reason });
            submission.origin = Some(origin.clone());
            submission
        }
    }
}

/// Reads one file with the default limits.
pub fn read_file(path: &Path) -> Submission {
    read_file_with(path, &Limits::default())
}

/// Reads one file. Never panics: a failure of the underlying reader is
/// reported as a finding on the file.
pub fn read_file_with(path: &Path, limits: &Limits) -> Submission {
    if is_lock_file(path) {
        return Submission::failed(path, Severity::Note, Problem::LockFile);
    }
    match read_limited(path, limits, Kind::Spreadsheet) {
        Ok(bytes) => read_bytes_with(path, bytes, limits),
        // One of mokuhyo's own workbooks is skipped at any size.
        Err(e @ mokuhyo_input::FileError::TooLarge { .. }) => match guard::file_output(path) {
            Some(mark) => own_output(path, mark),
            None => Submission::unreadable(path, Unreadable::File(e)),
        },
        Err(e) => Submission::unreadable(path, Unreadable::File(e)),
    }
}

thread_local! {
    /// Set while a reader runs under `catch_unwind`, whose panics become findings.
    static CATCHING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Keeps the default panic message for real bugs but silences panics of the
/// underlying readers, which are reported as findings on the file instead.
pub fn install_panic_hook() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !CATCHING.with(|c| c.get()) {
            default(info);
        }
    }));
}

/// Reads a file's bytes (already loaded) as a template, with the default limits.
pub fn read_bytes_as(path: &Path, bytes: Vec<u8>) -> Submission {
    read_bytes_with(path, bytes, &Limits::default())
}

/// Reads a file's bytes (already loaded) as a template.
pub fn read_bytes_with(path: &Path, bytes: Vec<u8>, limits: &Limits) -> Submission {
    if mark::is_own_pdf(&bytes) {
        let what = "PDF(議会資料・実績報告)".to_string();
        return Submission::failed(path, Severity::Note, Problem::OwnOutput { what });
    }
    let inspected = match guard::inspect(&bytes, limits) {
        Ok(inspected) => inspected,
        Err(why) => return Submission::unreadable(path, why),
    };
    if let Some(mark) = inspected.output {
        return own_output(path, mark);
    }
    // calamine's parsers panic on some malformed files (out-of-range slices
    // in .xls records, for one): the file is broken, not the tool.
    let opened = catching(|| open_grids(&bytes, inspected)).unwrap_or(Err(Unreadable::Panicked));
    let (defined, grids, mark) = match opened {
        Ok(Opened::Template {
            defined,
            grids,
            mark,
        }) => (defined, grids, mark),
        Ok(Opened::NotTemplate) => {
            return Submission::failed(path, Severity::Error, Problem::NotTemplate);
        }
        Ok(Opened::SheetMissing(sheet)) => {
            let problem = Problem::TemplateSheetMissing { sheet };
            return Submission::failed(path, Severity::Error, problem);
        }
        Ok(Opened::Output(mark)) => return own_output(path, mark),
        Err(why) => return Submission::unreadable(path, why),
    };
    // A template or correction file that nobody has filled in since
    // mokuhyo wrote it is not a submission (its document is kept, to show).
    let unchanged = match (mark, grids.first()) {
        (Some(mark), Some(grid)) if mark.fingerprint() == Some(fingerprint(&grid.range)) => {
            Some(mark)
        }
        _ => None,
    };
    // A panic past this point is a bug of ours.
    let read = catching(|| read_grids(path, &defined, &grids));
    match (read, unchanged) {
        (Some(read), Some(mark)) => Submission {
            findings: own_output(path, mark).findings,
            ..read
        },
        (Some(read), None) => read,
        (None, _) => Submission::unreadable(path, Unreadable::Internal),
    }
}

/// The note that skips a file mokuhyo wrote itself.
fn own_output(path: &Path, mark: Mark) -> Submission {
    let what = mark.what().to_string();
    Submission::failed(path, Severity::Note, Problem::OwnOutput { what })
}

/// The fingerprint of a sheet's cells, as [`mark::fingerprint`] takes them.
fn fingerprint(range: &Range<Data>) -> u64 {
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let cells: Vec<(u32, u32, String)> = range
        .used_cells()
        .map(|(r, c, data)| {
            let text = Cell::from_data(Some(data), None, DateSystem::From1900).display();
            (row0 + r as u32, col0 + c as u32, text)
        })
        .collect();
    mark::fingerprint(cells.iter().map(|(r, c, t)| (*r, *c, t.as_str())))
}

/// The fingerprint of the template sheet (its first, named as the city
/// names the document) of a workbook mokuhyo has just written, to be
/// carried in its [`Mark`].
pub fn template_fingerprint(bytes: &[u8]) -> Option<u64> {
    let mut workbook = open(bytes).ok()?;
    let first = workbook.sheet_names().first()?.clone();
    let range = workbook.worksheet_range(&first).ok()?;
    Some(fingerprint(&range))
}

/// Runs `f`, turning a panic into `None` (silently: the caller reports it).
fn catching<T>(f: impl FnOnce() -> T) -> Option<T> {
    CATCHING.with(|c| c.set(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    CATCHING.with(|c| c.set(false));
    result.ok()
}

fn open(bytes: &[u8]) -> Result<Sheets<Cursor<&[u8]>>, Unreadable> {
    calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| Unreadable::from_calamine(&e))
}

/// A sheet's cells, number formats and Excel table extents.
pub(crate) struct Grid {
    pub(crate) name: String,
    /// The name the defined names give the sheet when a program renamed
    /// it and left them naming the old one.
    pub(crate) alias: Option<String>,
    range: Range<Data>,
    styles: Option<xlsx::Styles>,
    /// Number formats of an .xls or .ods, where calamine gives none.
    shown: shown::Formats,
    /// The formulas of the sheet, loaded only when some formula has no
    /// saved result (calamine reads such a cell as empty).
    formulas: Option<Range<String>>,
    /// How the workbook counts dates.
    pub(crate) date_system: DateSystem,
    /// (header row, first column, last row) of each Excel table on the sheet.
    pub(crate) tables: Vec<(u32, u32, u32)>,
}

impl Grid {
    /// True when a defined name's sheet is this one.
    pub(crate) fn is_named(&self, sheet: &str) -> bool {
        sheet == self.name || self.alias.as_deref() == Some(sheet)
    }

    /// The cell at an absolute zero-based position.
    pub(crate) fn cell(&self, row: u32, col: u32) -> Cell {
        let format = self
            .styles
            .as_ref()
            .and_then(|s| s.format((row, col)))
            .or_else(|| self.shown.get(&(row, col)).map(String::as_str));
        let cell = Cell::from_data(self.range.get_value((row, col)), format, self.date_system);
        match self.formula(row, col) {
            Some(formula) if cell.is_empty() => Cell::Uncomputed(formula),
            _ => cell,
        }
    }

    /// The formula of a cell, as written with its `=`, when formulas are loaded.
    fn formula(&self, row: u32, col: u32) -> Option<String> {
        let text = self.formulas.as_ref()?.get_value((row, col))?.trim();
        if text.is_empty() {
            return None;
        }
        // .ods formulas carry their namespace: of:=[.A1]+1.
        let text = text.strip_prefix("of:").unwrap_or(text);
        Some(if text.starts_with('=') {
            text.to_string()
        } else {
            format!("={text}")
        })
    }

    /// Every text cell with its absolute position.
    pub(crate) fn texts(&self) -> impl Iterator<Item = (u32, u32, &str)> {
        let (row0, col0) = self.range.start().unwrap_or((0, 0));
        self.range
            .used_cells()
            .filter_map(move |(r, c, data)| match data {
                Data::String(s) => Some((row0 + r as u32, col0 + c as u32, s.as_str())),
                _ => None,
            })
    }

    /// The last row holding anything.
    pub(crate) fn last_row(&self) -> u32 {
        self.range.end().map(|(r, _)| r).unwrap_or(0)
    }

    /// The last column holding anything.
    pub(crate) fn last_col(&self) -> u32 {
        self.range.end().map(|(_, c)| c).unwrap_or(0)
    }
}

fn load_grid(
    workbook: &mut Sheets<Cursor<&[u8]>>,
    sheet: &str,
    inspected: &guard::Inspected,
    bytes: Option<&[u8]>,
) -> Result<Grid, Unreadable> {
    let shown = match (inspected.format, bytes) {
        (guard::Format::Xls, Some(bytes)) => shown::xls(bytes, sheet),
        (guard::Format::Ods, Some(bytes)) => shown::ods(bytes, sheet),
        _ => shown::Formats::new(),
    };
    // An .xlsx sheet is parsed once for its values and styles.
    let one_pass = match workbook {
        Sheets::Xlsx(book) => xlsx::read_cells(book, sheet),
        _ => None,
    };
    let (range, mut styles) = match one_pass {
        Some(read) => {
            let (range, styles) =
                read.map_err(|e| Unreadable::from_calamine(&calamine::Error::Xlsx(e)))?;
            (range, Some(styles))
        }
        None => (
            workbook
                .worksheet_range(sheet)
                .map_err(|e| Unreadable::from_calamine(&e))?,
            None,
        ),
    };
    let formulas = if inspected.formulas_without_results {
        Some(
            workbook
                .worksheet_formula(sheet)
                .map_err(|e| Unreadable::from_calamine(&e))?,
        )
    } else {
        None
    };
    let is_1904 = match workbook {
        Sheets::Xlsx(book) => book.has_1904_epoch(),
        Sheets::Xls(xls) => xls.has_1904_epoch(),
        _ => false,
    };
    let date_system = if is_1904 {
        DateSystem::From1904
    } else {
        DateSystem::From1900
    };
    let mut tables = Vec::new();
    if let Sheets::Xlsx(book) = workbook {
        if styles.is_none() {
            styles = book.worksheet_style(sheet).ok().map(xlsx::Styles::Calamine);
        }
        // calamine cuts a table's area out of the sheet's cells, and panics
        // on some areas of an empty sheet: the probe stands in for a sheet
        // with cells only.
        let probe = inspected
            .repacked
            .as_ref()
            .filter(|_| !range.is_empty())
            .map(|r| r.probe.as_slice());
        tables = xlsx::tables(book, probe, sheet);
    }
    Ok(Grid {
        name: sheet.to_string(),
        alias: None,
        range,
        styles,
        shown,
        formulas,
        date_system,
        tables,
    })
}

/// What opening a workbook found.
enum Opened {
    /// The template's defined names, the grids of the sheets they point
    /// at, and the mark when mokuhyo wrote the file.
    Template {
        defined: Vec<(String, String)>,
        grids: Vec<Grid>,
        mark: Option<Mark>,
    },
    /// One of mokuhyo's own output workbooks.
    Output(Mark),
    /// No sheet carries the version name.
    NotTemplate,
    /// The version name points at a sheet that does not exist, and no
    /// sheet holds a version where it points.
    SheetMissing(String),
}

/// Everything calamine does: opens the workbook and loads the sheets the
/// version name points at.
fn open_grids(bytes: &[u8], inspected: guard::Inspected) -> Result<Opened, Unreadable> {
    // calamine keeps the number formats of .xlsx only: the others are read
    // from the bytes, once the template's sheet is known.
    let copy = (inspected.format != guard::Format::Xlsx).then_some(bytes);
    // The parts the guard inflated, packed again without compression.
    let package = inspected.repacked.as_ref().map_or(bytes, |r| &r.stored);
    let mut workbook = open(package)?;
    let mark = workbook
        .defined_names()
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(mark::NAME))
        .and_then(|(_, formula)| Mark::parse(formula))
        .or_else(|| {
            // calamine reads no text constant in an .xls name.
            let bytes = copy.filter(|_| inspected.format == guard::Format::Xls)?;
            Mark::parse(&shown::xls_name_text(bytes, mark::NAME)?)
        });
    if let Some(mark @ (Mark::Consolidated | Mark::Rollup | Mark::MidYear)) = mark {
        return Ok(Opened::Output(mark));
    }
    let defined: Vec<(String, String)> = workbook
        .defined_names()
        .iter()
        .filter(|(name, _)| name.to_ascii_lowercase().starts_with(form::NAME_PREFIX))
        .map(|(name, formula)| (name.to_ascii_lowercase(), formula.clone()))
        .collect();
    let sheet_order = workbook.sheet_names();
    let versions: Vec<CellRange> = defined
        .iter()
        .filter(|(name, _)| name == Field::Version.name())
        .filter_map(|(_, formula)| parse_reference(formula))
        .collect();
    let mut candidates: Vec<(String, Option<String>)> = versions
        .iter()
        .filter(|r| sheet_order.contains(&r.sheet))
        .map(|r| (r.sheet.clone(), None))
        .collect();
    if candidates.is_empty() {
        let Some(stale) = versions.first() else {
            return Ok(Opened::NotTemplate);
        };
        // A program renamed the sheet and left the names naming the old
        // one: the template is the sheet with a version where they point.
        for sheet in &sheet_order {
            if holds_version(&mut workbook, sheet, stale.first) {
                candidates.push((sheet.clone(), Some(stale.sheet.clone())));
            }
        }
        if candidates.is_empty() {
            return Ok(Opened::SheetMissing(stale.sheet.clone()));
        }
    }
    candidates.sort_by_key(|(s, _)| sheet_order.iter().position(|o| o == s));
    candidates.dedup();
    let grids = candidates
        .iter()
        .map(|(sheet, alias)| {
            let grid = load_grid(&mut workbook, sheet, &inspected, copy)?;
            Ok(Grid {
                alias: alias.clone(),
                ..grid
            })
        })
        .collect::<Result<Vec<Grid>, Unreadable>>()?;
    Ok(Opened::Template {
        defined,
        grids,
        mark,
    })
}

/// True when a sheet holds a template version (`mokuhyo-…`, readable or
/// not) at the cell of the version name.
fn holds_version(workbook: &mut Sheets<Cursor<&[u8]>>, sheet: &str, at: (u32, u32)) -> bool {
    let Ok(range) = workbook.worksheet_range(sheet) else {
        return false;
    };
    let cell = Cell::from_data(range.get_value(at), None, DateSystem::From1900);
    cell.display().trim().starts_with(form::VERSION_PREFIX)
}

/// Reads the template from the loaded sheets; copies of the template's
/// sheet are compared.
fn read_grids(path: &Path, defined: &[(String, String)], grids: &[Grid]) -> Submission {
    let candidates: Vec<String> = grids.iter().map(|g| g.name.clone()).collect();
    let reads: Vec<Submission> = grids
        .iter()
        .map(|grid| sheet::read_sheet(path, grid, defined))
        .collect();
    let mut reads = reads.into_iter();
    let Some(first) = reads.next() else {
        return Submission::failed(path, Severity::Error, Problem::NotTemplate);
    };
    let mut submission = first;
    let others: Vec<Submission> = reads.collect();
    if !others.is_empty() {
        let sheets = quoted(&candidates);
        let same = others.iter().all(|o| o.document == submission.document);
        let (severity, problem) = if same {
            (
                Severity::Note,
                Problem::SheetCopiesSame {
                    sheets,
                    used: candidates[0].clone(),
                },
            )
        } else {
            (Severity::Error, Problem::SheetCopies { sheets })
        };
        submission
            .findings
            .insert(0, Finding::file(severity, path, problem));
    }
    if let Some(template) = grids[0].alias.clone() {
        let sheet = grids[0].name.clone();
        let problem = Problem::SheetRenamed { sheet, template };
        let note = Finding::at(Severity::Note, path, Some(&grids[0].name), None, problem);
        submission.findings.insert(0, note);
    }
    submission
}
