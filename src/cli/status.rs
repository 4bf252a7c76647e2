//! `mokuhyo status`: one line per roster department.

use std::io::Write;
use std::process::ExitCode;

use serde::Serialize;

use super::report::{EXIT_INPUT_ERRORS, Printer};
use super::settings::{Settings, read_all};
use crate::cli::args::StatusArgs;
use crate::consolidate::status;
use crate::domain::finding::Finding;
use crate::domain::wareki::FiscalYear;
use crate::error::Result;

/// `mokuhyo status`.
pub(super) fn run_status(args: StatusArgs) -> Result<ExitCode> {
    let mut settings = Settings::from(&args.common)?;
    settings.progress &= !args.json;
    settings.headers_only = true;
    let (submissions, walk_findings) = read_all(&args.inputs, &settings)?;
    let c = settings.consolidate(submissions, settings.year);
    let status = status::status(&c, &settings.config.roster);
    let mut out = Printer::new();
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
    out.finish()?;
    Ok(if status.is_complete() && walk_findings.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_INPUT_ERRORS)
    })
}
