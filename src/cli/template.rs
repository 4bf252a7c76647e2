//! `mokuhyo template`: blank or pre-filled templates, `--fill` for a filled
//! one, and `--from` for next year's; a file already there is left alone.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::fill::load_fill;
use super::report::{EXIT_INPUT_ERRORS, Printer, Written, quoted, report};
use super::settings::{Settings, current_year, input_files, read_all, readback};
use crate::cli::args::TemplateArgs;
use crate::consolidate::Consolidation;
use crate::consolidate::status::{self, State};
use crate::domain::finding::{Finding, Problem, Severity};
use crate::domain::model::Document;
use crate::domain::wareki::FiscalYear;
use crate::error::{Error, Result};
use crate::outputs::write;
use crate::outputs::xlsx::template;
use crate::year_end::next_year::{next_year, not_carried};

/// `mokuhyo template`.
pub(super) fn run_template(args: TemplateArgs) -> Result<ExitCode> {
    let settings = Settings::from(&args.common)?;
    if !args.from.is_empty() {
        return run_next_year(&args, &settings);
    }
    let options = |_year| settings.template_options(args.fullwidth);
    let docs: Vec<Document> = if let Some(path) = &args.fill {
        let mut docs = load_fill(path)?;
        if let Some(name) = &args.department {
            docs.retain(|d| d.department == *name);
            if docs.is_empty() {
                return Err(Error::FillWithoutDepartment {
                    path: path.clone(),
                    department: name.clone(),
                });
            }
        }
        if docs.len() > 1 && has_xlsx_extension(&args.output) {
            return Err(Error::FillNotOne {
                path: path.clone(),
                found: docs.len(),
            });
        }
        if let Some(year) = settings.year {
            for doc in &mut docs {
                doc.year = year;
            }
        }
        docs
    } else {
        let year = settings.year.unwrap_or_else(current_year);
        let blank = |department: &str, head: &str| Document {
            year,
            created: None,
            department: department.to_string(),
            head: head.to_string(),
            remark: String::new(),
            themes: Vec::new(),
            projects: Vec::new(),
        };
        match &args.department {
            Some(name) => {
                let roster = &settings.config.roster;
                let head = roster.entry(name).map_or("", |d| d.head.as_str());
                vec![blank(roster.canonical_name(name), head)]
            }
            None if !settings.config.roster.is_empty() => settings
                .config
                .roster
                .entries()
                .iter()
                .map(|d| blank(&d.name, &d.head))
                .collect(),
            None => vec![blank("", "")],
        }
    };
    let to_file = docs.len() == 1 && has_xlsx_extension(&args.output);
    let mut out = Printer::quiet(settings.quiet);
    let mut kept = 0;
    for doc in &docs {
        let path = if to_file {
            args.output.clone()
        } else {
            let department = if doc.department.is_empty() {
                "様式"
            } else {
                &doc.department
            };
            args.output
                .join(settings.config.output.template_name(doc.year, department))
        };
        let bytes = if args.fill.is_some() {
            template::to_bytes(doc, &options(doc.year))?
        } else {
            template::handed_out(doc, &options(doc.year), &readback())?
        };
        if write_template(&path, &bytes, args.force, &mut out)? {
            let _ = writeln!(out, "様式を書き出しました: {}", path.display());
        } else {
            kept += 1;
        }
    }
    out.finish()?;
    Ok(kept_code(kept))
}

/// Writes a template, unless a file is already there (it may have been
/// filled in) and `force` is not given: then it is left as it is, said so,
/// and `false` is returned.
fn write_template(path: &Path, bytes: &[u8], force: bool, out: &mut dyn Write) -> Result<bool> {
    if !force && (path.exists() || path.symlink_metadata().is_ok()) {
        let _ = writeln!(
            out,
            "[お知らせ] {}: 同じ名前のファイルが既にあるため、書き出していません(記入済みかもしれないため)。置き換えるときは --force を付けてください。",
            path.display()
        );
        return Ok(false);
    }
    write::write_atomic(path, bytes)?;
    Ok(true)
}

/// The exit code of a template run that left `kept` existing files alone.
fn kept_code(kept: usize) -> ExitCode {
    if kept == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_INPUT_ERRORS)
    }
}

fn has_xlsx_extension(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
}

/// `mokuhyo template --from`: next year's templates, pre-filled.
fn run_next_year(args: &TemplateArgs, settings: &Settings) -> Result<ExitCode> {
    // The inputs are this year's: with --year 令和9年度 they are checked
    // against 令和8年度.
    let reading = Settings {
        year: match &args.common.year {
            Some(_) => settings.year.map(FiscalYear::previous),
            None => settings.year,
        },
        ..settings.clone()
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
        .map(|(_, doc)| next_year(doc, next, args.carry_remark))
        .collect();
    let options = settings.template_options(false);
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
        write::ensure_not_input(path, &inputs)?;
    }
    let quiet = Written {
        quiet: settings.quiet,
        ..Written::default()
    };
    let code = report(&c, &walk_findings, false, &quiet)?;
    let mut out = Printer::quiet(settings.quiet);
    if docs.is_empty() {
        let _ = writeln!(
            out,
            "エラーなく読み取れた様式がないため、翌年度の様式は書き出していません。"
        );
    }
    let mut kept = 0;
    for ((doc, path), (_, this)) in docs.iter().zip(&paths).zip(&c.documents) {
        let bytes = template::handed_out(doc, &options, &readback())?;
        if write_template(path, &bytes, args.force, &mut out)? {
            let _ = writeln!(
                out,
                "{}の様式を書き出しました(前年度実績値を記入済み): {}",
                doc.year,
                path.display()
            );
            for problem in not_carried(this) {
                let _ = writeln!(out, "{}", Finding::file(Severity::Note, path, problem));
            }
        } else {
            kept += 1;
        }
    }
    for finding in without_template(&c, settings, args, next) {
        let _ = writeln!(out, "{finding}");
    }
    out.finish()?;
    Ok(if kept > 0 { kept_code(kept) } else { code })
}

/// The roster departments that get no template from `template --from`, each
/// on the file it would have had, with why and what to do.
fn without_template(
    c: &Consolidation,
    settings: &Settings,
    args: &TemplateArgs,
    next: FiscalYear,
) -> Vec<Finding> {
    let roster = &settings.config.roster;
    if roster.is_empty() {
        return Vec::new();
    }
    status::status(c, roster)
        .departments
        .into_iter()
        .filter_map(|d| {
            let problem = match d.state {
                State::Missing => Problem::NoTemplateWithoutFile {
                    department: d.department.clone(),
                    year: next.previous().label(),
                    command: blank_command(&d.department, args, next),
                },
                State::NeedsFix => Problem::NoTemplateWithErrors {
                    department: d.department.clone(),
                },
                State::Submitted | State::Duplicate => return None,
            };
            let name = settings.config.output.template_name(next, &d.department);
            Some(Finding::file(
                Severity::Note,
                &args.output.join(name),
                problem,
            ))
        })
        .collect()
}

/// The command that writes a department's blank template for `next` where
/// `template --from` writes: with the same configuration and output folder.
fn blank_command(department: &str, args: &TemplateArgs, next: FiscalYear) -> String {
    let mut command = format!("mokuhyo template --year {next} --department {department}");
    if let Some(config) = &args.common.config {
        command.push_str(&format!(" --config {}", quoted(config)));
    }
    if args.output != Path::new(".") {
        command.push_str(&format!(" -o {}", quoted(&args.output)));
    }
    command
}
