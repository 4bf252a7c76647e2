//! `mokuhyo rollup`: the year-end workbook and report.

use std::process::ExitCode;

use super::report::{Written, add_missing_glyphs, finish, nothing_accepted, report};
use super::settings::{Settings, current_year, input_files, read_all};
use crate::cli::args::RollupArgs;
use crate::error::Result;
use crate::outputs::{write, xlsx};
use crate::year_end::rollup::rollup;

/// `mokuhyo rollup`: the achievement workbook and report.
pub(super) fn run_rollup(args: RollupArgs) -> Result<ExitCode> {
    let mut settings = Settings::from(&args.common)?;
    settings.progress &= !args.json;
    let fonts = settings.fonts(args.font.as_deref())?;
    let (submissions, walk_findings) = read_all(&args.inputs, &settings)?;
    let mut c = settings.consolidate(submissions, settings.year);
    if c.documents.is_empty() {
        return nothing_accepted(&c, &walk_findings, args.json);
    }
    let year = c.year.unwrap_or_else(current_year);
    let r = rollup(&c, &settings.config.rollup);
    let names = &settings.config.output;
    let book_path = args.output.join(names.rollup_workbook_name(year));
    let pdf_path = args.output.join(names.rollup_pdf_name(year));
    let inputs = input_files(&c);
    for path in [&book_path, &pdf_path] {
        write::ensure_not_input(path, &inputs)?;
    }
    let timestamp = settings.timestamp(Some(year));
    let writer = settings.pdf_writer(fonts, timestamp)?;
    let report_pdf = writer.rollup(&c, &r)?;
    add_missing_glyphs(&mut c, &report_pdf.missing, &pdf_path);
    let options = settings.workbook_options(&c, timestamp, None);
    let bytes = xlsx::rollup::to_bytes(&c, &r, &options)?;
    let outcome = write::write_each([
        (book_path.as_path(), bytes.as_slice()),
        (pdf_path.as_path(), report_pdf.bytes.as_slice()),
    ]);
    let written = Written {
        workbook: outcome.wrote(&book_path),
        pdf: outcome.wrote(&pdf_path),
        department_pdfs: Vec::new(),
        rollup: Some(r),
        status: settings.roster_status(&options),
        quiet: settings.quiet,
        ..Written::default()
    };
    let code = report(&c, &walk_findings, args.json, &written)?;
    Ok(finish(code, &outcome))
}
