//! Runs the commands: arguments become validated settings before any
//! work, then read → check → outputs. Returns the exit code.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use rayon::prelude::*;
use serde::Serialize;

use crate::check::{Expectations, check};
use crate::cli::args::{BuildArgs, CheckArgs, Cli, Command, Common, StatusArgs, TemplateArgs};

pub mod args;
mod diff;
mod year_end;

use crate::config::Config;
use crate::consolidate::status;
use crate::consolidate::{Consolidation, consolidate};
use crate::domain::finding::{Finding, Severity};
use crate::domain::model::Document;
use crate::domain::wareki::FiscalYear;
use crate::error::{Error, Result};
use crate::outputs::pdf::font::FontSet;
use crate::outputs::pdf::{MissingGlyphs, PdfOptions};
use crate::outputs::xlsx::template::TemplateOptions;
use crate::outputs::xlsx::{self as workbook, feedback, template};
use crate::outputs::{pdf, write as output};
use crate::read::{Submission, read_source};
use crate::{input as inputs, input as intake};

/// Exit code when some input has errors.
pub const EXIT_INPUT_ERRORS: u8 = 1;

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<ExitCode> {
    crate::read::install_panic_hook();
    match cli.command {
        Command::Template(args) => run_template(args),
        Command::Check(args) => run_check(args),
        Command::Build(args) => run_build(args),
        Command::Status(args) => run_status(args),
        Command::Rollup(args) => year_end::run_rollup(args),
        Command::Diff(args) => year_end::run_diff(args),
    }
}

/// Configuration and year, validated.
#[derive(Clone)]
pub(crate) struct Settings {
    pub(crate) config: Config,
    /// The configuration file read, if any.
    config_path: Option<PathBuf>,
    pub(crate) year: Option<FiscalYear>,
}

impl Settings {
    pub(crate) fn from(common: &Common) -> Result<Settings> {
        let (config, config_path) = Config::discover(common.config.as_deref())?;
        let year = match &common.year {
            Some(text) => {
                Some(FiscalYear::parse(text).ok_or_else(|| Error::BadYear(text.clone()))?)
            }
            None => config.year,
        };
        Ok(Settings {
            config,
            config_path,
            year,
        })
    }

    /// The consolidation of what was read, with this run's roster.
    pub(crate) fn consolidate(
        &self,
        submissions: Vec<Submission>,
        year: Option<FiscalYear>,
    ) -> Consolidation {
        consolidate(
            submissions,
            &self.config.roster,
            &self.config.municipality,
            year,
        )
    }

    pub(crate) fn expectations(&self) -> Expectations<'_> {
        Expectations {
            year: self.year,
            roster: Some(&self.config.roster),
        }
    }

    /// The PDF's fonts: `--font`, else the configuration's (paths relative
    /// to its folder), else the embedded ones.
    pub(crate) fn fonts(&self, font: Option<&str>) -> Result<FontSet> {
        let from_config = |spec: &Option<String>| {
            spec.as_ref().map(|s| {
                let folder = self.config_path.as_ref().and_then(|p| p.parent());
                match folder {
                    Some(dir) if Path::new(s).is_relative() => dir.join(s).display().to_string(),
                    _ => s.clone(),
                }
            })
        };
        match font {
            Some(spec) => FontSet::choose(Some(spec), None),
            None => FontSet::choose(
                from_config(&self.config.pdf.font).as_deref(),
                from_config(&self.config.pdf.bold_font).as_deref(),
            ),
        }
    }

    /// The PDF writer of `build` and `rollup`.
    pub(crate) fn pdf_writer(
        &self,
        fonts: FontSet,
        timestamp: chrono::NaiveDateTime,
    ) -> Result<pdf::Writer> {
        pdf::Writer::new(PdfOptions {
            headings: self.config.headings.clone(),
            timestamp,
            fonts,
        })
    }

    /// The options of `build`'s and `rollup`'s workbooks, with the
    /// submission status of `c`.
    pub(crate) fn workbook_options(
        &self,
        c: &Consolidation,
        timestamp: chrono::NaiveDateTime,
        comparison: Option<crate::year_end::diff::Comparison>,
    ) -> workbook::WorkbookOptions {
        workbook::WorkbookOptions {
            headings: self.config.headings.clone(),
            timestamp: Some(timestamp),
            status: Some(status::status(c, &self.config.roster)),
            comparison,
        }
    }

    /// The time written into outputs: `SOURCE_DATE_EPOCH`, else April 1 of
    /// the year, so reruns give identical bytes.
    pub(crate) fn timestamp(&self, year: Option<FiscalYear>) -> chrono::NaiveDateTime {
        let day = year
            .or(self.year)
            .map(FiscalYear::first_day)
            .unwrap_or_default();
        output::timestamp(day.and_hms_opt(0, 0, 0).unwrap_or_default())
    }
}

fn run_template(args: TemplateArgs) -> Result<ExitCode> {
    let settings = Settings::from(&args.common)?;
    if !args.from.is_empty() {
        return year_end::run_next_year(&args, &settings);
    }
    let options = |year| TemplateOptions {
        municipality: settings.config.municipality.clone(),
        headings: settings.config.headings.clone(),
        fullwidth: args.fullwidth,
        timestamp: Some(settings.timestamp(Some(year))),
        handed_out: args.fill.is_none(),
    };
    let docs: Vec<Document> = if let Some(path) = &args.fill {
        let mut doc = load_document(path)?;
        if let Some(year) = settings.year {
            doc.year = year;
        }
        vec![doc]
    } else {
        let year = settings.year.unwrap_or_else(current_year);
        let blank = |department: &str, head: &str| Document {
            year,
            created: None,
            department: department.to_string(),
            head: head.to_string(),
            remark: String::new(),
            themes: Vec::new(),
            projects: Vec::new(),
        };
        match &args.department {
            Some(name) => {
                let roster = &settings.config.roster;
                let head = roster.entry(name).map_or("", |d| d.head.as_str());
                vec![blank(roster.canonical_name(name), head)]
            }
            None if !settings.config.roster.is_empty() => settings
                .config
                .roster
                .entries()
                .iter()
                .map(|d| blank(&d.name, &d.head))
                .collect(),
            None => vec![blank("", "")],
        }
    };
    let to_file = docs.len() == 1 && has_xlsx_extension(&args.output);
    let mut out = std::io::stdout().lock();
    let mut kept = 0;
    for doc in &docs {
        let path = if to_file {
            args.output.clone()
        } else {
            let department = if doc.department.is_empty() {
                "様式"
            } else {
                &doc.department
            };
            args.output
                .join(settings.config.output.template_name(doc.year, department))
        };
        let bytes = template::to_bytes(doc, &options(doc.year))?;
        if write_template(&path, &bytes, args.force)? {
            let _ = writeln!(out, "様式を書き出しました: {}", path.display());
        } else {
            kept += 1;
        }
    }
    Ok(kept_code(kept))
}

/// Writes a template, unless a file is already there (it may have been
/// filled in) and `force` is not given: then it is left as it is, said so,
/// and `false` is returned.
pub(crate) fn write_template(path: &Path, bytes: &[u8], force: bool) -> Result<bool> {
    if !force && (path.exists() || path.symlink_metadata().is_ok()) {
        println!(
            "[お知らせ] {}: 同じ名前のファイルが既にあるため、書き出していません(記入済みかもしれないため)。置き換えるときは --force を付けてください。",
            path.display()
        );
        return Ok(false);
    }
    output::write_atomic(path, bytes)?;
    Ok(true)
}

/// The exit code of a template run that left `kept` existing files alone.
pub(crate) fn kept_code(kept: usize) -> ExitCode {
    if kept == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_INPUT_ERRORS)
    }
}

pub(crate) fn has_xlsx_extension(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
}

/// The fiscal year containing today.
pub(crate) fn current_year() -> FiscalYear {
    use chrono::Datelike;
    let today = chrono::Local::now().date_naive();
    FiscalYear::new(if today.month() >= 4 {
        today.year()
    } else {
        today.year() - 1
    })
}

/// Reads a document from TOML or JSON (sample sources, `--json` output).
pub fn load_document(path: &Path) -> Result<Document> {
    let err = |message: String| Error::SampleSource {
        path: path.to_path_buf(),
        message,
    };
    let text = std::fs::read_to_string(path).map_err(|e| err(e.to_string()))?;
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
    {
        serde_json::from_str(&text).map_err(|e| err(e.to_string()))
    } else {
        toml::from_str(&text).map_err(|e| err(e.message().to_string()))
    }
}

/// Reads and checks every input. Inputs are never modified.
pub(crate) fn read_all(
    paths: &[PathBuf],
    settings: &Settings,
) -> Result<(Vec<Submission>, Vec<Finding>)> {
    if paths.is_empty() {
        return Err(Error::NoInput);
    }
    let found = inputs::collect(paths);
    let limits = &settings.config.limits;
    let (sources, taken_apart) = intake::expand(&found.files, limits);
    let expectations = settings.expectations();
    let submissions = sources
        .par_iter()
        .map(|source| {
            let mut submission = read_source(source, limits);
            check(&mut submission, &expectations);
            submission
        })
        .collect();
    let mut findings = found.findings;
    findings.extend(taken_apart);
    Ok((submissions, findings))
}

fn run_check(args: CheckArgs) -> Result<ExitCode> {
    let settings = Settings::from(&args.common)?;
    let (submissions, walk_findings) = read_all(&args.inputs, &settings)?;
    let c = settings.consolidate(submissions, settings.year);
    let code = report(&c, &walk_findings, args.json, &Written::default())?;
    if let Some(dir) = &args.feedback {
        let written = write_feedback(dir, &c, &settings)?;
        if !args.json {
            println!("修正依頼を {written} 件書き出しました: {}", dir.display());
        }
    }
    Ok(code)
}

/// The files the inputs were read from (a mail or zip, not the attachment),
/// which no output may replace. A file mokuhyo wrote itself (skipped) is
/// not one: a run writing into its input folder replaces its last outputs.
pub(crate) fn input_files(c: &Consolidation) -> Vec<PathBuf> {
    c.submissions
        .iter()
        .filter(|s| !(s.is_own_output() && s.origin.is_none()))
        .map(|s| s.input_file().to_path_buf())
        .collect()
}

/// Writes the feedback files of every department with problems; returns
/// how many departments (or files) got one.
fn write_feedback(dir: &Path, c: &Consolidation, settings: &Settings) -> Result<usize> {
    let status = status::status(c, &settings.config.roster);
    let inputs = input_files(c);
    let year = c.year.unwrap_or_else(current_year);
    let options = TemplateOptions {
        municipality: settings.config.municipality.clone(),
        headings: settings.config.headings.clone(),
        fullwidth: false,
        timestamp: Some(settings.timestamp(Some(year))),
        handed_out: false,
    };
    let selected = feedback::select(&status, &c.submissions);
    let mut used = Vec::new();
    for (label, submission) in &selected {
        let fb = feedback::build(label, submission, &options, c.year)?;
        let (text_path, workbook_path) = feedback::paths(dir, &fb, &mut used);
        output::ensure_not_input(&text_path, &inputs)?;
        output::write_atomic(&text_path, fb.text.as_bytes())?;
        if let (Some(path), Some((_, bytes))) = (workbook_path, &fb.workbook) {
            output::ensure_not_input(&path, &inputs)?;
            output::write_atomic(&path, bytes)?;
        }
    }
    Ok(selected.len())
}

fn run_build(args: BuildArgs) -> Result<ExitCode> {
    let settings = Settings::from(&args.common)?;
    let fonts = settings.fonts(args.font.as_deref())?;
    let (submissions, mut walk_findings) = read_all(&args.inputs, &settings)?;
    let mut c = settings.consolidate(submissions, settings.year);
    if c.documents.is_empty() {
        return nothing_accepted(&c, &walk_findings, args.json);
    }
    let year = c.year.unwrap_or_else(current_year);
    let comparison = if args.compare.is_empty() {
        None
    } else {
        let (last, findings) = read_last_year(&args.compare, &settings, year)?;
        walk_findings.extend(findings);
        let years = (year.previous(), year);
        Some(diff::comparison(&last, &c, &settings, years))
    };
    let names = &settings.config.output;
    let book_path = args.output.join(names.workbook_name(year));
    let pdf_path = args.output.join(names.pdf_name(year));
    let department_paths: Vec<PathBuf> = if args.per_department {
        c.documents
            .iter()
            .map(|(_, d)| {
                args.output
                    .join(names.department_pdf_name(d.year, &d.department))
            })
            .collect()
    } else {
        Vec::new()
    };
    let inputs = input_files(&c);
    for path in [&book_path, &pdf_path].into_iter().chain(&department_paths) {
        output::ensure_not_input(path, &inputs)?;
    }
    let timestamp = settings.timestamp(Some(year));
    // The PDF first: what its font cannot draw goes into the workbook's
    // 検証結果 too.
    let writer = settings.pdf_writer(fonts, timestamp)?;
    let packet = writer.packet_compared(&c, comparison.as_ref())?;
    add_missing_glyphs(&mut c, &packet.missing, &pdf_path);
    let department_pdfs = department_paths
        .iter()
        .enumerate()
        .map(|(i, path)| Ok((path, writer.department(&c, i)?.bytes)))
        .collect::<Result<Vec<_>>>()?;
    let options = settings.workbook_options(&c, timestamp, comparison);
    let bytes = workbook::to_bytes(&c, &options)?;
    output::write_atomic(&book_path, &bytes)?;
    output::write_atomic(&pdf_path, &packet.bytes)?;
    for (path, bytes) in &department_pdfs {
        output::write_atomic(path, bytes)?;
    }
    let written = Written {
        workbook: Some(book_path),
        pdf: Some(pdf_path),
        department_pdfs: department_paths,
        rollup: None,
    };
    report(&c, &walk_findings, args.json, &written)
}

/// `build` and `rollup` when no document was accepted: nothing is written,
/// so that a mistyped folder or a wrong year never replaces the last good
/// outputs with empty ones.
pub(crate) fn nothing_accepted(
    c: &Consolidation,
    walk: &[Finding],
    json: bool,
) -> Result<ExitCode> {
    report(c, walk, json, &Written::default())?;
    if !json {
        println!(
            "受け付けた様式が1件もないため、何も書き出していません(出力先に前回の出力があれば、そのまま残っています)。"
        );
    }
    Ok(ExitCode::from(EXIT_INPUT_ERRORS))
}

/// Reads last year's documents for `build --compare`, checked against the
/// year before `year`. Their errors are returned (such a file is left out of
/// the comparison); their warnings are last year's business.
fn read_last_year(
    paths: &[PathBuf],
    settings: &Settings,
    year: FiscalYear,
) -> Result<(Consolidation, Vec<Finding>)> {
    let last = Settings {
        year: Some(year.previous()),
        ..settings.clone()
    };
    let (submissions, walk) = read_all(paths, &last)?;
    let c = last.consolidate(submissions, last.year);
    let errors = walk
        .iter()
        .chain(c.findings())
        .filter(|f| f.severity == Severity::Error)
        .cloned()
        .collect();
    Ok((c, errors))
}

/// Turns text the PDF's font could not draw into warnings on the
/// department's file (on the PDF for text of the configuration).
pub(crate) fn add_missing_glyphs(c: &mut Consolidation, missing: &[MissingGlyphs], pdf: &Path) {
    let mut orphans = Vec::new();
    for m in missing {
        let problem = crate::domain::finding::Problem::MissingGlyph {
            department: if m.department.is_empty() {
                "(設定ファイル)".to_string()
            } else {
                m.department.clone()
            },
            text: crate::domain::finding::excerpt(&m.text),
            chars: m.chars.iter().collect(),
        };
        let file = m.file.as_deref().unwrap_or(pdf);
        let finding = Finding::file(Severity::Warning, file, problem);
        match c
            .submissions
            .iter_mut()
            .find(|s| Some(&s.path) == m.file.as_ref())
        {
            Some(s) => s.findings.push(finding),
            None => orphans.push(finding),
        }
    }
    if let Some(first) = c.submissions.first_mut() {
        first.findings.extend(orphans);
    }
}

/// The outputs written by `build`.
#[derive(Debug, Default)]
pub(crate) struct Written {
    pub(crate) workbook: Option<PathBuf>,
    pub(crate) pdf: Option<PathBuf>,
    pub(crate) department_pdfs: Vec<PathBuf>,
    /// The year-end rollup the outputs show (`rollup`).
    pub(crate) rollup: Option<crate::year_end::rollup::Rollup>,
}

fn run_status(args: StatusArgs) -> Result<ExitCode> {
    let settings = Settings::from(&args.common)?;
    let (submissions, walk_findings) = read_all(&args.inputs, &settings)?;
    let c = settings.consolidate(submissions, settings.year);
    let status = status::status(&c, &settings.config.roster);
    let mut out = std::io::stdout().lock();
    if args.json {
        #[derive(Serialize)]
        struct JsonStatus<'a> {
            year: Option<FiscalYear>,
            #[serde(flatten)]
            status: &'a status::Status,
            findings: Vec<&'a Finding>,
        }
        let report = JsonStatus {
            year: c.year,
            status: &status,
            findings: walk_findings.iter().collect(),
        };
        let _ = writeln!(out, "{}", serde_json::to_string_pretty(&report)?);
    } else {
        if let Some(year) = c.year {
            let _ = writeln!(out, "{year} 提出状況");
        }
        for finding in &walk_findings {
            let _ = writeln!(out, "{finding}");
        }
        let _ = write!(out, "{}", status::render(&status));
    }
    Ok(if status.is_complete() && walk_findings.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_INPUT_ERRORS)
    })
}

/// One file's line in the JSON output.
#[derive(Serialize)]
struct FileReport<'a> {
    #[serde(serialize_with = "crate::domain::finding::serialize_path")]
    path: &'a Path,
    status: &'static str,
    /// The mail or zip it came in.
    #[serde(skip_serializing_if = "Option::is_none")]
    origin: Option<&'a intake::Origin>,
    #[serde(skip_serializing_if = "Option::is_none")]
    document: Option<&'a Document>,
}

/// The JSON output of `check` and `build`.
#[derive(Serialize)]
struct JsonReport<'a> {
    year: Option<FiscalYear>,
    files: Vec<FileReport<'a>>,
    findings: Vec<&'a Finding>,
    #[serde(skip_serializing_if = "Option::is_none")]
    workbook: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pdf: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    department_pdfs: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rollup: Option<&'a crate::year_end::rollup::Rollup>,
}

fn status(c: &Consolidation, s: &Submission) -> &'static str {
    if c.documents.iter().any(|(p, _)| *p == s.path) {
        "accepted"
    } else if s.is_skipped() {
        "skipped"
    } else if s.is_accepted() {
        "superseded"
    } else {
        "rejected"
    }
}

/// Prints findings and a summary; the exit code says whether some input
/// has errors.
pub(crate) fn report(
    c: &Consolidation,
    walk: &[Finding],
    json: bool,
    written: &Written,
) -> Result<ExitCode> {
    let errors = walk
        .iter()
        .chain(c.findings())
        .filter(|f| f.severity == Severity::Error)
        .count();
    let warnings = walk
        .iter()
        .chain(c.findings())
        .filter(|f| f.severity == Severity::Warning)
        .count();
    let mut out = std::io::stdout().lock();
    if json {
        let report = JsonReport {
            year: c.year,
            files: c
                .submissions
                .iter()
                .map(|s| FileReport {
                    path: &s.path,
                    status: status(c, s),
                    origin: s.origin.as_ref(),
                    document: s.document.as_ref(),
                })
                .collect(),
            findings: walk.iter().chain(c.findings()).collect(),
            workbook: written.workbook.as_ref().map(|p| p.display().to_string()),
            pdf: written.pdf.as_ref().map(|p| p.display().to_string()),
            department_pdfs: written
                .department_pdfs
                .iter()
                .map(|p| p.display().to_string())
                .collect(),
            rollup: written.rollup.as_ref(),
        };
        let text = serde_json::to_string_pretty(&report)?;
        let _ = writeln!(out, "{text}");
    } else {
        for finding in walk.iter().chain(c.findings()) {
            let _ = writeln!(out, "{finding}");
        }
        let rejected = c.rejected().count() + walk.len();
        let _ = writeln!(
            out,
            "{} ファイルを点検しました: 受付 {}、不受理 {}(エラー {} 件、警告 {} 件)",
            c.submissions.len() + walk.len(),
            c.accepted_count(),
            rejected,
            errors,
            warnings
        );
        let (book, pdf) = match &written.rollup {
            Some(r) => {
                let _ = writeln!(out, "{}", year_end::summary_line(r));
                ("実績集計ブック", "実績報告の PDF ")
            }
            None => ("集約ブック", "議会資料の PDF "),
        };
        if let Some(path) = &written.workbook {
            let _ = writeln!(out, "{book}を書き出しました: {}", path.display());
        }
        if let Some(path) = &written.pdf {
            let _ = writeln!(out, "{pdf}を書き出しました: {}", path.display());
        }
        if !written.department_pdfs.is_empty() {
            let _ = writeln!(
                out,
                "部局別の PDF を {} 件書き出しました: {}",
                written.department_pdfs.len(),
                written.department_pdfs[0]
                    .parent()
                    .unwrap_or(Path::new("."))
                    .display()
            );
        }
    }
    Ok(if errors > 0 {
        ExitCode::from(EXIT_INPUT_ERRORS)
    } else {
        ExitCode::SUCCESS
    })
}
