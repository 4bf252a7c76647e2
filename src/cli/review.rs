//! `mokuhyo review`: the 中間評価 workbook and report (end of September).

use std::process::ExitCode;

use super::report::{Written, finish, nothing_accepted, report};
use super::rollup::write_report;
use super::settings::{Settings, current_year, read_all};
use crate::cli::args::ReviewArgs;
use crate::error::Result;
use crate::outputs::xlsx;
use crate::year_end::mid_year::review;

/// `mokuhyo review`: the progress marks per department and for the city,
/// the projects behind schedule, as a workbook and a PDF.
pub(super) fn run_review(ReviewArgs { report: args }: ReviewArgs) -> Result<ExitCode> {
    let mut settings = Settings::from(&args.common)?;
    settings.progress &= !args.json;
    let fonts = settings.fonts(args.font.as_deref())?;
    let (submissions, walk_findings) = read_all(&args.inputs, &settings)?;
    let mut c = settings.consolidate(submissions, settings.year);
    if c.documents.is_empty() {
        return nothing_accepted(&c, &walk_findings, args.json);
    }
    let year = c.year.unwrap_or_else(current_year);
    let r = review(&c);
    let names = &settings.config.output;
    let files = (
        names.mid_year_workbook_name(year),
        names.mid_year_pdf_name(year),
    );
    let written = write_report(
        &settings,
        &mut c,
        fonts,
        args.output.join(&files.0),
        args.output.join(&files.1),
        |writer, c| writer.prepare_mid_year(c, &r),
        |c, options| xlsx::review::workbook(c, &r, options),
    )?;
    let outcome = written.outcome;
    let blank = r.is_blank(&c);
    let written = Written {
        workbook: outcome.wrote(&written.book),
        pdf: outcome.wrote(&written.pdf),
        mid_year: Some(r),
        mid_year_blank: blank,
        status: settings.roster_status(&written.options),
        quiet: settings.quiet,
        ..Written::default()
    };
    let code = report(&c, &walk_findings, args.json, &written);
    finish(code, &outcome)
}
