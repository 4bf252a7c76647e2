//! `mokuhyo diff`: last year's documents against this year's, told apart
//! by the year written in each.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use serde::Serialize;

use super::report::{EXIT_INPUT_ERRORS, Printer, quoted};
use super::settings::{Settings, read_all};
use crate::cli::args::DiffArgs;
use crate::consolidate::Consolidation;
use crate::domain::finding::{Finding, Severity};
use crate::domain::model::Document;
use crate::domain::wareki::FiscalYear;
use crate::error::{Error, Result};
use crate::outputs::present::change::render;
use crate::read::Submission;
use crate::year_end::diff::{Comparison, compare};

/// `mokuhyo diff`.
pub(super) fn run_diff(args: DiffArgs) -> Result<ExitCode> {
    let mut settings = Settings::from(&args.common)?;
    settings.progress &= !args.json;
    // Both years are read: the year is not checked against the run's.
    let reading = Settings {
        year: None,
        one_year: false,
        ..settings.clone()
    };
    let (submissions, walk_findings) = read_all(&args.inputs, &reading)?;
    let (last, this) = years(&submissions, args.common.year.as_ref().and(settings.year))?;
    let (before, now): (Vec<Submission>, Vec<Submission>) = submissions
        .into_iter()
        .partition(|s| s.document.as_ref().is_some_and(|d| d.year == last));
    let before = settings.consolidate(before, Some(last));
    let now = settings.consolidate(now, Some(this));
    let comparison = comparison(&before, &now, &settings, (last, this));
    let findings: Vec<&Finding> = walk_findings
        .iter()
        .chain(before.findings())
        .chain(now.findings())
        .collect();
    let mut out = Printer::new();
    if args.json {
        #[derive(Serialize)]
        struct JsonDiff<'a> {
            #[serde(flatten)]
            comparison: &'a Comparison,
            findings: &'a [&'a Finding],
        }
        let json = JsonDiff {
            comparison: &comparison,
            findings: &findings,
        };
        let _ = writeln!(out, "{}", serde_json::to_string_pretty(&json)?);
    } else {
        // Errors keep a file out of the comparison; warnings (targets not
        // yet set…) are `check`'s business.
        for finding in findings.iter().filter(|f| f.severity == Severity::Error) {
            let _ = writeln!(out, "{finding}");
        }
        let _ = write!(out, "{}", render(&comparison));
        for (c, year) in [(&before, last), (&now, this)] {
            if let Some(hint) = warnings_hint(c, year, &args) {
                let _ = writeln!(out, "{hint}");
            }
        }
    }
    out.finish()?;
    let errors = findings.iter().any(|f| f.severity == Severity::Error);
    Ok(if errors {
        ExitCode::from(EXIT_INPUT_ERRORS)
    } else {
        ExitCode::SUCCESS
    })
}

/// The warnings of one year's files, which `diff` does not list (targets
/// not yet set in next year's templates…): how many, and the command that
/// lists them, with that year and the inputs that hold its files.
fn warnings_hint(c: &Consolidation, year: FiscalYear, args: &DiffArgs) -> Option<String> {
    let warnings = c
        .findings()
        .filter(|f| f.severity == Severity::Warning)
        .count();
    if warnings == 0 {
        return None;
    }
    let files: Vec<&Path> = c
        .submissions
        .iter()
        .filter(|s| s.document.is_some())
        .map(|s| s.input_file())
        .collect();
    let mut command = format!("mokuhyo check --year {year}");
    if let Some(config) = &args.common.config {
        command.push_str(&format!(" --config {}", quoted(config)));
    }
    for input in &args.inputs {
        if files.iter().any(|f| f.starts_with(input)) {
            command.push(' ');
            command.push_str(&quoted(input));
        }
    }
    Some(format!(
        "{year}の様式に警告が {warnings} 件あります(比較には影響しません)。内容は次のコマンドで確かめられます: {command}"
    ))
}

/// The comparison of two consolidations, of last year and of this year.
pub(super) fn comparison(
    before: &Consolidation,
    now: &Consolidation,
    settings: &Settings,
    years: (FiscalYear, FiscalYear),
) -> Comparison {
    fn docs(c: &Consolidation) -> Vec<&Document> {
        c.documents.iter().map(|(_, d)| &**d).collect()
    }
    compare(&docs(before), &docs(now), &settings.config.roster, years)
}

/// Last year and this year: `--year` and the year before it, else the two
/// years the documents are of.
fn years(
    submissions: &[Submission],
    given: Option<FiscalYear>,
) -> Result<(FiscalYear, FiscalYear)> {
    let found: BTreeSet<FiscalYear> = submissions
        .iter()
        .filter(|s| !s.is_own_output())
        .filter_map(|s| s.document.as_ref().map(|d| d.year))
        .collect();
    if let Some(this) = given
        && found.contains(&this)
        && found.contains(&this.previous())
    {
        return Ok((this.previous(), this));
    }
    match found.iter().collect::<Vec<_>>()[..] {
        [last, this] if given.is_none() => Ok((*last, *this)),
        _ => Err(Error::DiffYears {
            found: if found.is_empty() {
                "なし".to_string()
            } else {
                found
                    .iter()
                    .map(|y| y.label())
                    .collect::<Vec<_>>()
                    .join("、")
            },
        }),
    }
}
