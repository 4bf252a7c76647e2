//! `mokuhyo rollup`: the year-end workbook and report; and what it shares
//! with `review`, which writes a workbook and a report the same way.

use std::path::PathBuf;
use std::process::ExitCode;

use rust_xlsxwriter::Workbook;

use super::report::{
    Documents, Outputs, Written, add_missing_glyphs, finish, nothing_accepted, report,
};
use super::settings::{Settings, current_year, input_files, read_all};
use crate::cli::args::{ReportArgs, RollupArgs};
use crate::config::OutputNames;
use crate::consolidate::Consolidation;
use crate::domain::wareki::FiscalYear;
use crate::error::Result;
use crate::outputs::xlsx::WorkbookOptions;
use crate::outputs::{pdf, write, xlsx};
use crate::year_end::rollup::rollup;
use mokuhyo_typeset::font::FontSet;

/// `mokuhyo rollup`: the achievement workbook and report.
pub(super) fn run_rollup(RollupArgs { report: args }: RollupArgs) -> Result<ExitCode> {
    run_report(
        args,
        |settings, c| rollup(c, &settings.config.rollup),
        |names, year| {
            (
                names.rollup_workbook_name(year),
                names.rollup_pdf_name(year),
            )
        },
        |writer, c, r| writer.prepare_rollup(c, r),
        xlsx::rollup::workbook,
        |r, _, files| Outputs::Rollup(files, Box::new(r)),
    )
}

/// A report command's one flow (`rollup`, `review`): read the inputs,
/// consolidate (nothing accepted ends it), compute the report, write its
/// workbook and PDF, print the result. What differs is passed in: the
/// computation, the two files' names, the PDF, the workbook and the
/// outputs as its own type.
pub(super) fn run_report<R: Sync>(
    args: ReportArgs,
    compute: impl FnOnce(&Settings, &Consolidation) -> R,
    file_names: impl FnOnce(&OutputNames, FiscalYear) -> (String, String),
    make_pdf: impl FnOnce(&pdf::Writer, &Consolidation, &R) -> pdf::Prepared,
    make_book: impl FnOnce(&Consolidation, &R, &WorkbookOptions) -> Result<Workbook> + Send,
    outputs: impl FnOnce(R, &Consolidation, Documents) -> Outputs,
) -> Result<ExitCode> {
    let mut settings = Settings::from(&args.common)?;
    settings.progress &= !args.json;
    let fonts = settings.fonts(args.font.as_deref())?;
    let (submissions, walk_findings) = read_all(&args.inputs, &settings)?;
    let mut c = settings.consolidate(submissions, settings.year);
    if c.documents.is_empty() {
        return nothing_accepted(&c, &walk_findings, args.json);
    }
    let year = c.year.unwrap_or_else(current_year);
    let r = compute(&settings, &c);
    let files = file_names(&settings.config.output, year);
    let written = write_report(
        &settings,
        &mut c,
        fonts,
        args.output.join(&files.0),
        args.output.join(&files.1),
        |writer, c| make_pdf(writer, c, &r),
        |c, options| make_book(c, &r, options),
    )?;
    let outcome = written.outcome;
    let files = Documents {
        workbook: outcome.wrote(&written.book),
        pdf: outcome.wrote(&written.pdf),
        department_pdfs: Vec::new(),
    };
    let written = Written {
        status: settings.roster_status(&written.options),
        outputs: outputs(r, &c, files),
        quiet: settings.quiet,
    };
    let code = report(&c, &walk_findings, args.json, &written);
    finish(code, &outcome)
}

/// What a report command wrote: its workbook and PDF (each written even
/// when the other could not be) and the workbook's options.
pub(super) struct ReportFiles {
    pub(super) outcome: write::Outcome,
    pub(super) book: PathBuf,
    pub(super) pdf: PathBuf,
    pub(super) options: WorkbookOptions,
}

/// Writes a report command's workbook and PDF (`rollup`, `review`): neither
/// may be an input; the PDF's missing glyphs become findings of the run.
pub(super) fn write_report(
    settings: &Settings,
    c: &mut Consolidation,
    fonts: FontSet,
    book_path: PathBuf,
    pdf_path: PathBuf,
    make_pdf: impl FnOnce(&pdf::Writer, &Consolidation) -> pdf::Prepared,
    make_book: impl FnOnce(&Consolidation, &WorkbookOptions) -> Result<Workbook> + Send,
) -> Result<ReportFiles> {
    let inputs = input_files(c);
    for path in [&book_path, &pdf_path] {
        write::ensure_not_input(path, &inputs)?;
    }
    let timestamp = settings.timestamp();
    let writer = settings.pdf_writer(fonts, timestamp)?;
    let prepared = make_pdf(&writer, c);
    add_missing_glyphs(c, &prepared.missing, &pdf_path);
    let options = settings.workbook_options(c, timestamp, None);
    let c = &*c;
    // The PDF written to its temporary file as it is made (see `build`).
    // The workbook saved straight into its temporary file, too.
    let (report_pdf, book) = super::memory::both(
        c.documents.len(),
        || write::stage_with(&pdf_path, |file| writer.write_to(prepared, &pdf_path, file)),
        || {
            write::stage_with(&book_path, |file| {
                Ok(make_book(c, &options)?.save_to_writer(file)?)
            })
        },
    );
    let ((report_pdf, _), (book, ())) = (report_pdf?, book?);
    let outcome = write::commit_each([book, report_pdf]);
    Ok(ReportFiles {
        outcome,
        book: book_path,
        pdf: pdf_path,
        options,
    })
}
