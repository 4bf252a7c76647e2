//! The run's settings: the configuration file, the year and the fonts,
//! validated before any input is read, and what every command derives from
//! them (reading and checking the inputs, consolidating, the writers'
//! options, the time written into outputs).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::check::{Expectations, check};
use crate::cli::args::Common;
use crate::config::Config;
use crate::consolidate::status::Status;
use crate::consolidate::{Consolidation, consolidate, status};
use crate::domain::finding::{Finding, Problem, Severity};
use crate::domain::form::Field;
use crate::domain::wareki::FiscalYear;
use crate::error::{Error, Result};
use crate::outputs::pdf::{self, PdfOptions};
use crate::outputs::xlsx::template::{Readback, TemplateOptions};
use crate::outputs::{write, xlsx};
use crate::read::{SourceMap, Submission, read_bytes_as, read_source, template_fingerprint};
use mokuhyo_typeset::font::FontSet;

/// Configuration and year, validated.
#[derive(Clone)]
pub(super) struct Settings {
    pub(super) config: Config,
    /// The configuration file read, if any.
    pub(super) config_path: Option<PathBuf>,
    pub(super) year: Option<FiscalYear>,
    /// Where the year was set, as the user knows it: 「--year の指定」 or
    /// 「設定ファイル mokuhyo.toml の year」.
    pub(super) year_setting: String,
    /// The date reports carry: `--date`, else the configuration's `date`.
    pub(super) date: Option<chrono::NaiveDate>,
    /// `--quiet`: only errors are printed.
    pub(super) quiet: bool,
    /// Show a progress bar while reading (a terminal, not `--json` nor `--quiet`).
    pub(super) progress: bool,
    /// Keep of each document read only its header (department, year,
    /// dates), not its themes, projects and cells: for `check` and `status`,
    /// whose reports need no more, so that any number of files fits in
    /// bounded memory.
    pub(super) headers_only: bool,
    /// Whether a run without a year takes the one most files carry and
    /// refuses the others (`diff` reads two years and does not).
    pub(super) one_year: bool,
}

impl Settings {
    pub(super) fn from(common: &Common) -> Result<Settings> {
        let (config, config_path) = Config::discover(common.config.as_deref())?;
        Settings::with(config, config_path, common)
    }

    /// The settings of a year's working folder (the workbench): its
    /// mokuhyo.toml when it has one, without a progress bar.
    pub(super) fn of_folder(folder: &Path) -> Result<Settings> {
        let path = folder.join("mokuhyo.toml");
        let common = Common {
            config: None,
            year: None,
            date: None,
            quiet: true,
        };
        if path.is_file() {
            Settings::with(Config::load(&path)?, Some(path), &common)
        } else {
            Settings::with(Config::default(), None, &common)
        }
    }

    fn with(config: Config, config_path: Option<PathBuf>, common: &Common) -> Result<Settings> {
        let (year, year_setting) = match &common.year {
            Some(text) => (
                Some(FiscalYear::parse(text).ok_or_else(|| Error::BadYear(text.clone()))?),
                "--year の指定".to_string(),
            ),
            None => {
                let file = config_path.as_deref().unwrap_or(Path::new("mokuhyo.toml"));
                (
                    config.year,
                    format!("設定ファイル {} の year", file.display()),
                )
            }
        };
        let date = match &common.date {
            Some(text) => Some(
                crate::config::ReportDate::parse(text)
                    .ok_or_else(|| Error::BadDate(text.clone()))?
                    .0,
            ),
            None => config.date.map(|d| d.0),
        };
        use std::io::IsTerminal;
        Ok(Settings {
            date,
            config,
            config_path,
            year,
            year_setting,
            quiet: common.quiet,
            progress: !common.quiet
                && !super::report::capturing()
                && std::io::stderr().is_terminal(),
            headers_only: false,
            one_year: true,
        })
    }

    /// The consolidation of what was read, with this run's roster.
    pub(super) fn consolidate(
        &self,
        submissions: Vec<Submission>,
        year: Option<FiscalYear>,
    ) -> Consolidation {
        let mut consolidation = consolidate(
            submissions,
            &self.config.roster,
            &self.config.municipality,
            year,
        );
        consolidation.plans = self.config.plans.clone();
        consolidation
    }

    pub(super) fn expectations(&self) -> Expectations<'_> {
        Expectations {
            year: self.year,
            roster: Some(&self.config.roster),
            today: Some(current_year()),
            plans: Some(&self.config.plans),
        }
    }

    /// The PDF's fonts: `--font`, else the configuration's (paths relative
    /// to its folder), else the embedded ones.
    pub(super) fn fonts(&self, font: Option<&str>) -> Result<FontSet> {
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
            Some(spec) => pdf::fonts(Some(spec), None),
            None => pdf::fonts(
                from_config(&self.config.pdf.font).as_deref(),
                from_config(&self.config.pdf.bold_font).as_deref(),
            ),
        }
    }

    /// The PDF writer of `build` and `rollup`.
    pub(super) fn pdf_writer(
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
    pub(super) fn workbook_options(
        &self,
        c: &Consolidation,
        timestamp: chrono::NaiveDateTime,
        comparison: Option<crate::year_end::diff::Comparison>,
    ) -> xlsx::WorkbookOptions {
        xlsx::WorkbookOptions {
            headings: self.config.headings.clone(),
            timestamp: Some(timestamp),
            status: Some(status::status(c, &self.config.roster)),
            comparison,
        }
    }

    /// The status a run ends with: who on the roster is missing (`None`
    /// without a roster).
    pub(super) fn roster_status(&self, options: &xlsx::WorkbookOptions) -> Option<Status> {
        options
            .status
            .clone()
            .filter(|_| !self.config.roster.is_empty())
    }

    /// The options of the templates written.
    pub(super) fn template_options(&self, fullwidth: bool) -> TemplateOptions {
        TemplateOptions {
            municipality: self.config.municipality.clone(),
            headings: self.config.headings.clone(),
            fullwidth,
            timestamp: Some(self.timestamp()),
            plans: self.config.plans.clone(),
        }
    }

    /// The time written into outputs (a report's 作成日, the files'
    /// creation dates): the date given (`--date`, the configuration's
    /// `date`), else `SOURCE_DATE_EPOCH`, else today; always at midnight,
    /// so that reruns on one day give identical bytes.
    pub(super) fn timestamp(&self) -> chrono::NaiveDateTime {
        let midnight = |day: chrono::NaiveDate| day.and_hms_opt(0, 0, 0).unwrap_or_default();
        match self.date {
            Some(day) => midnight(day),
            None => write::timestamp(midnight(chrono::Local::now().date_naive())),
        }
    }
}

/// Reads and checks every input. Inputs are never modified.
pub(super) fn read_all(
    paths: &[PathBuf],
    settings: &Settings,
) -> Result<(Vec<Submission>, Vec<Finding>)> {
    if paths.is_empty() {
        return Err(Error::NoInput);
    }
    let (submissions, findings) = read_each(paths, settings);
    Ok((year_checked(submissions, settings)?, findings))
}

/// Reads and checks each input on its own: what one file says whatever
/// the others are (the workbench keeps it per file until the file
/// changes). [`year_checked`] then weighs the files' years together.
pub(super) fn read_each(paths: &[PathBuf], settings: &Settings) -> (Vec<Submission>, Vec<Finding>) {
    let limits = &settings.config.limits;
    let (sources, findings) = crate::input::sources(paths, limits);
    let expectations = settings.expectations();
    let progress = Progress::new(sources.len(), settings.progress);
    let submissions: Vec<Submission> = sources
        .par_iter()
        .map(|source| {
            let mut submission = read_source(source, limits);
            check(&mut submission, &expectations);
            if settings.headers_only {
                submission.source = None;
                if let Some(doc) = submission.document.as_mut().map(Arc::make_mut) {
                    doc.themes = Vec::new();
                    doc.projects = Vec::new();
                }
            }
            progress.tick();
            submission
        })
        .collect();
    progress.finish();
    super::memory::give_back();
    (submissions, findings)
}

/// The files' years weighed together: with no year given, a file of
/// another year than most is an error; with one given, files all of
/// another year stop the run (the year was likely mistyped).
pub(super) fn year_checked(
    mut submissions: Vec<Submission>,
    settings: &Settings,
) -> Result<Vec<Submission>> {
    if settings.year.is_none() && settings.one_year {
        add_other_years(&mut submissions);
    }
    if let Some(expected) = settings.year
        && let Some((found, files)) = one_other_year(&submissions, expected)
    {
        return Err(Error::RunYearDiffers {
            files,
            found: found.label(),
            expected: expected.label(),
            setting: settings.year_setting.clone(),
        });
    }
    Ok(submissions)
}

/// With no year given, the run's year is the one most files carry (the
/// later of two as common): a file of another year is an error on its 年度
/// cell, which says so, and stays out of every output.
fn add_other_years(submissions: &mut [Submission]) {
    let today = current_year();
    let year_of = |s: &Submission| {
        s.document
            .as_ref()
            .filter(|_| !s.is_own_output())
            .map(|d| d.year)
            .filter(|y| y.is_plausible_from(today))
    };
    let mut counts: std::collections::BTreeMap<FiscalYear, usize> = Default::default();
    for year in submissions.iter().filter_map(year_of) {
        *counts.entry(year).or_default() += 1;
    }
    let total: usize = counts.values().sum();
    let Some((expected, count)) = counts.into_iter().max_by_key(|&(year, n)| (n, year)) else {
        return;
    };
    for s in submissions.iter_mut() {
        let Some(found) = year_of(s).filter(|&y| y != expected) else {
            continue;
        };
        let cell = s.source.as_ref().and_then(|m| m.field(Field::Year));
        let sheet = s.source.as_ref().map(|m| m.sheet.clone());
        let problem = Problem::YearOfOthers {
            found: found.label(),
            expected: expected.label(),
            count,
            total,
        };
        let finding = Finding::at(Severity::Error, &s.path, sheet.as_deref(), cell, problem);
        s.findings.push(finding);
    }
}

/// The year every document read carries, and how many there are, when that
/// is one year other than `expected`.
fn one_other_year(submissions: &[Submission], expected: FiscalYear) -> Option<(FiscalYear, usize)> {
    let mut years = submissions
        .iter()
        .filter(|s| !s.is_own_output())
        .filter_map(|s| s.document.as_ref().map(|d| d.year));
    let first = years.next()?;
    let mut files = 1;
    for year in years {
        if year != first {
            return None;
        }
        files += 1;
    }
    (first != expected && first.is_plausible_from(current_year())).then_some((first, files))
}

/// The files the inputs were read from (a mail or zip, not the attachment),
/// which no output may replace. A file mokuhyo wrote itself (skipped) is
/// not one: a run writing into its input folder replaces its last outputs.
pub(super) fn input_files(c: &Consolidation) -> Vec<PathBuf> {
    c.submissions
        .iter()
        .filter(|s| !(s.is_own_output() && s.origin.is_none()))
        .map(|s| s.input_file().to_path_buf())
        .collect()
}

/// The fiscal year containing today, when neither the configuration, the
/// command line nor the inputs give one.
pub(super) fn current_year() -> FiscalYear {
    FiscalYear::of_date(chrono::Local::now().date_naive())
}

/// What the writers learn by reading back what they wrote (they never read
/// files themselves): where a document's parts land in its template, and
/// the fingerprint of a template sheet.
pub(super) fn readback() -> Readback<'static> {
    Readback {
        source_map: &rebuilt_source_map,
        fingerprint: &template_fingerprint,
    }
}

fn rebuilt_source_map(bytes: &[u8]) -> Option<SourceMap> {
    read_bytes_as(Path::new("rebuilt.xlsx"), bytes.to_vec()).source
}

/// A progress bar on stderr for reading many files: drawn only in a
/// terminal, and only once the run has taken more than a second (a short
/// run shows nothing); cleared when done, so the messages stay as they are.
struct Progress {
    bar: Option<indicatif::ProgressBar>,
    shown: std::sync::atomic::AtomicBool,
}

impl Progress {
    fn new(files: usize, wanted: bool) -> Progress {
        let bar = wanted.then(|| {
            let bar = indicatif::ProgressBar::with_draw_target(
                Some(files as u64),
                indicatif::ProgressDrawTarget::hidden(),
            );
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "{bar:30} {pos}/{len} ファイルを読み取りました(残り約 {eta})",
            ) {
                bar.set_style(style);
            }
            bar
        });
        Progress {
            bar,
            shown: std::sync::atomic::AtomicBool::new(false),
        }
    }

    fn tick(&self) {
        use std::sync::atomic::Ordering;
        let Some(bar) = &self.bar else { return };
        bar.inc(1);
        if bar.elapsed() > std::time::Duration::from_secs(1)
            && !self.shown.swap(true, Ordering::Relaxed)
        {
            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
