//! `mokuhyo build`: the consolidated workbook and the council packet (and,
//! with `--compare`, the comparison with last year).

use std::path::PathBuf;
use std::process::ExitCode;

use super::report::{
    Documents, Outputs, Written, add_missing_glyphs, finish, nothing_accepted, report,
};
use super::settings::{Settings, current_year, input_files, read_all};
use crate::cli::args::BuildArgs;
use crate::consolidate::Consolidation;
use crate::domain::finding::{Finding, Severity};
use crate::domain::wareki::FiscalYear;
use crate::error::Result;
use crate::outputs::{write, xlsx};

/// `mokuhyo build`.
pub(super) fn run_build(args: BuildArgs) -> Result<ExitCode> {
    let mut settings = Settings::from(&args.common)?;
    settings.progress &= !args.json;
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
        Some(super::diff::comparison(&last, &c, &settings, years))
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
        write::ensure_not_input(path, &inputs)?;
    }
    let timestamp = settings.timestamp();
    // The packet's blocks first: what its font cannot draw goes into the
    // workbook's 検証結果 too. Then the PDFs and the workbook at once.
    let writer = settings.pdf_writer(fonts, timestamp)?;
    let prepared = writer.prepare_packet(&c, comparison.as_ref());
    add_missing_glyphs(&mut c, &prepared.missing, &pdf_path);
    let options = settings.workbook_options(&c, timestamp, comparison);
    // Each PDF written to its temporary file as it is made: its bytes are
    // never all in memory, nor held while the workbook is being made.
    let pdfs = || {
        let (packet, _) =
            write::stage_with(&pdf_path, |file| writer.write_to(prepared, &pdf_path, file))?;
        let department_pdfs = department_paths
            .iter()
            .enumerate()
            .map(|(i, path)| Ok(write::stage(path, &writer.department(&c, i)?.bytes)))
            .collect::<Result<Vec<_>>>()?;
        Ok::<_, crate::error::Error>((packet, department_pdfs))
    };
    // The workbook saved straight into its temporary file, too.
    let book = || {
        write::stage_with(&book_path, |file| {
            Ok(xlsx::consolidated::workbook(&c, &options)?.save_to_writer(file)?)
        })
    };
    let (pdfs, book) = super::memory::both(c.documents.len(), pdfs, book);
    let (packet, department_pdfs) = pdfs?;
    let (book, ()) = book?;
    let outcome = write::commit_each([book, packet].into_iter().chain(department_pdfs));
    let written = Written {
        outputs: Outputs::Build {
            files: Documents {
                workbook: outcome.wrote(&book_path),
                pdf: outcome.wrote(&pdf_path),
                department_pdfs: department_paths
                    .iter()
                    .filter_map(|p| outcome.wrote(p))
                    .collect(),
            },
            status_table: args.status,
        },
        status: settings.roster_status(&options),
        quiet: settings.quiet,
    };
    let code = report(&c, &walk_findings, args.json, &written);
    finish(code, &outcome)
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
        year_setting: format!("--compare で比べる、{year}の前年度"),
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
