//! The year-end commands: `rollup`, `template --from` (next year's
//! templates) and `diff` (last year against this year).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use super::{
    Settings, Written, add_missing_glyphs, current_year, has_xlsx_extension, input_files,
    kept_code, nothing_accepted, read_all, report, write_template,
};
use crate::cli::args::{RollupArgs, TemplateArgs};
use crate::domain::model::Document;
use crate::domain::wareki::FiscalYear;
use crate::error::Result;
use crate::outputs::write as output;
use crate::outputs::xlsx::template::TemplateOptions;
use crate::outputs::xlsx::{self as workbook, template};
use crate::year_end::next_year::next_year;
use crate::year_end::rollup::{Rollup, rollup};

pub(crate) use super::diff::run_diff;

/// `mokuhyo rollup`: the achievement workbook and report.
pub(crate) fn run_rollup(args: RollupArgs) -> Result<ExitCode> {
    let settings = Settings::from(&args.common)?;
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
        output::ensure_not_input(path, &inputs)?;
    }
    let timestamp = settings.timestamp(Some(year));
    let writer = settings.pdf_writer(fonts, timestamp)?;
    let report_pdf = writer.rollup(&c, &r)?;
    add_missing_glyphs(&mut c, &report_pdf.missing, &pdf_path);
    let options = settings.workbook_options(&c, timestamp, None);
    let bytes = workbook::rollup::to_bytes(&c, &r, &options)?;
    output::write_atomic(&book_path, &bytes)?;
    output::write_atomic(&pdf_path, &report_pdf.bytes)?;
    let written = Written {
        workbook: Some(book_path),
        pdf: Some(pdf_path),
        department_pdfs: Vec::new(),
        rollup: Some(r),
    };
    report(&c, &walk_findings, args.json, &written)
}

/// The line that sums the city's grades up.
pub(crate) fn summary_line(r: &Rollup) -> String {
    let mut line = format!(
        "達成状況(全 {} 指標): {}",
        r.counts.total(),
        r.counts.listing("、", "−(測定不能)")
    );
    let empty: Vec<&str> = r
        .departments
        .iter()
        .filter(|d| {
            d.counts.total() > 0 && d.rows.iter().all(|row| row.achievement.actual.is_none())
        })
        .map(|d| d.department.as_str())
        .collect();
    if !empty.is_empty() {
        line.push_str(&format!(
            "\n実績値が1件も入力されていない部局があります: {}(年度当初の様式ではありませんか。実績値を記入した様式を指定してください)",
            empty.join("、")
        ));
    }
    line
}

/// `mokuhyo template --from`: next year's templates, pre-filled.
pub(crate) fn run_next_year(args: &TemplateArgs, settings: &Settings) -> Result<ExitCode> {
    // The inputs are this year's: with --year 令和9年度 they are checked
    // against 令和8年度.
    let reading = Settings {
        config: settings.config.clone(),
        config_path: settings.config_path.clone(),
        year: match &args.common.year {
            Some(_) => settings.year.map(FiscalYear::previous),
            None => settings.year,
        },
    };
    let (submissions, walk_findings) = read_all(&args.from, &reading)?;
    let c = settings.consolidate(submissions, reading.year);
    let next = args
        .common
        .year
        .as_ref()
        .and(settings.year)
        .or(c.year.map(FiscalYear::next))
        .unwrap_or_else(|| current_year().next());
    let inputs = input_files(&c);
    let docs: Vec<Document> = c
        .documents
        .iter()
        .map(|(_, doc)| next_year(doc, next))
        .collect();
    let options = TemplateOptions {
        municipality: settings.config.municipality.clone(),
        headings: settings.config.headings.clone(),
        fullwidth: false,
        timestamp: Some(settings.timestamp(Some(next))),
        handed_out: true,
    };
    let to_file = docs.len() == 1 && has_xlsx_extension(&args.output);
    let paths: Vec<PathBuf> = docs
        .iter()
        .map(|doc| {
            if to_file {
                args.output.clone()
            } else {
                args.output.join(
                    settings
                        .config
                        .output
                        .template_name(doc.year, &doc.department),
                )
            }
        })
        .collect();
    for path in &paths {
        output::ensure_not_input(path, &inputs)?;
    }
    let code = report(&c, &walk_findings, false, &Written::default())?;
    let mut out = std::io::stdout().lock();
    if docs.is_empty() {
        let _ = writeln!(
            out,
            "エラーなく読み取れた様式がないため、翌年度の様式は書き出していません。"
        );
    }
    let mut kept = 0;
    for (doc, path) in docs.iter().zip(&paths) {
        let bytes = template::to_bytes(doc, &options)?;
        if write_template(path, &bytes, args.force)? {
            let _ = writeln!(
                out,
                "{} の様式を書き出しました(前年度実績値を記入済み): {}",
                doc.year,
                path.display()
            );
        } else {
            kept += 1;
        }
    }
    Ok(if kept > 0 { kept_code(kept) } else { code })
}
