//! `mokuhyo review`: the 中間評価 workbook and report (end of September).

use std::process::ExitCode;

use super::report::{Written, add_missing_glyphs, finish, nothing_accepted, report};
use super::settings::{Settings, current_year, input_files, read_all};
use crate::cli::args::ReviewArgs;
use crate::error::Result;
use crate::outputs::{write, xlsx};
use crate::year_end::mid_year::review;

/// `mokuhyo review`: the progress marks per department and for the city,
/// the projects behind schedule, as a workbook and a PDF.
pub(super) fn run_review(args: ReviewArgs) -> Result<ExitCode> {
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
    let book_path = args.output.join(names.mid_year_workbook_name(year));
    let pdf_path = args.output.join(names.mid_year_pdf_name(year));
    let inputs = input_files(&c);
    for path in [&book_path, &pdf_path] {
        write::ensure_not_input(path, &inputs)?;
    }
    let timestamp = settings.timestamp(Some(year));
    let writer = settings.pdf_writer(fonts, timestamp)?;
    let report_pdf = writer.mid_year(&c, &r)?;
    add_missing_glyphs(&mut c, &report_pdf.missing, &pdf_path);
    let options = settings.workbook_options(&c, timestamp, None);
    let bytes = xlsx::review::to_bytes(&c, &r, &options)?;
    let outcome = write::write_each([
        (book_path.as_path(), bytes.as_slice()),
        (pdf_path.as_path(), report_pdf.bytes.as_slice()),
    ]);
    let blank = r.is_blank(&c);
    let written = Written {
        workbook: outcome.wrote(&book_path),
        pdf: outcome.wrote(&pdf_path),
        mid_year: Some(r),
        mid_year_blank: blank,
        status: settings.roster_status(&options),
        quiet: settings.quiet,
        ..Written::default()
    };
    let code = report(&c, &walk_findings, args.json, &written)?;
    Ok(finish(code, &outcome))
}
