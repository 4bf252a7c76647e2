//! The year-end commands: `rollup`, `template --from` (next year's
//! templates) and `diff` (last year against this year).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use super::{
    Settings, Written, add_missing_glyphs, current_year, has_xlsx_extension, input_files,
    kept_code, nothing_accepted, read_all, report, write_template,
};
use crate::achievement::convert;
use crate::cli::{RollupArgs, TemplateArgs};
use crate::consolidate::consolidate;
use crate::error::Result;
use crate::model::{Document, Indicator, Project};
use crate::rollup::{Rollup, rollup};
use crate::template::TemplateOptions;
use crate::value::Quantity;
use crate::wareki::FiscalYear;
use crate::{output, template, workbook};

pub(crate) use super::diff_command::run_diff;

/// `mokuhyo rollup`: the achievement workbook and report.
pub(crate) fn run_rollup(args: RollupArgs) -> Result<ExitCode> {
    let settings = Settings::from(&args.common)?;
    let fonts = settings.fonts(args.font.as_deref())?;
    let (submissions, walk_findings) = read_all(&args.inputs, &settings)?;
    let mut c = consolidate(submissions, &settings.config, settings.year);
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
    let c = consolidate(submissions, &settings.config, reading.year);
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

/// Next year's document from this year's: department, head, themes and
/// projects carried over; this year's actuals become 前年度実績値 (見込み
/// carried as such); targets and year-end entries left empty.
pub fn next_year(doc: &Document, year: FiscalYear) -> Document {
    Document {
        year,
        created: None,
        department: doc.department.clone(),
        head: doc.head.clone(),
        remark: doc.remark.clone(),
        themes: doc.themes.clone(),
        projects: doc
            .projects
            .iter()
            .map(|p| Project {
                code: p.code.clone(),
                title: p.title.clone(),
                description: p.description.clone(),
                indicators: p.indicators.iter().map(next_indicator).collect(),
                review: Default::default(),
            })
            .collect(),
    }
}

fn next_indicator(i: &Indicator) -> Indicator {
    let previous = i.actual.and_then(|q| {
        if i.actual_unit.is_empty() || i.actual_unit == i.unit {
            return Some(q);
        }
        // 0.33億円 for an indicator in 万円 becomes 3,300.
        convert(q.value, &i.actual_unit, &i.unit).map(Quantity::from_f64)
    });
    Indicator {
        name: i.name.clone(),
        unit: i.unit.clone(),
        target: None,
        previous_estimate: previous.is_some() && i.actual_estimate,
        previous,
        direction: i.direction,
        cumulative: i.cumulative,
        ..Indicator::default()
    }
}
