//! `mokuhyo check`: every problem of every input, and with `--feedback`
//! the corrections to send back to each department.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use super::report::{Printer, Written, report};
use super::settings::{Settings, input_files, read_all, readback};
use crate::cli::args::CheckArgs;
use crate::consolidate::{Consolidation, status};
use crate::error::Result;
use crate::outputs::write;
use crate::outputs::xlsx::feedback;

/// `mokuhyo check`.
pub(super) fn run_check(args: CheckArgs) -> Result<ExitCode> {
    let mut settings = Settings::from(&args.common)?;
    settings.progress &= !args.json;
    settings.headers_only = !args.json && args.feedback.is_none();
    let (submissions, walk_findings) = read_all(&args.inputs, &settings)?;
    let c = settings.consolidate(submissions, settings.year);
    let quiet = Written {
        quiet: settings.quiet,
        ..Written::default()
    };
    let code = report(&c, &walk_findings, args.json, &quiet)?;
    if let Some(dir) = &args.feedback {
        let (written, replaced) = write_feedback(dir, &c, &settings)?;
        if !args.json && !settings.quiet {
            let mut out = Printer::new();
            if written == 0 {
                let _ = writeln!(out, "修正依頼が必要な部局はありません: {}", dir.display());
            } else {
                let _ = writeln!(
                    out,
                    "修正依頼を {written} 件書き出しました: {}",
                    dir.display()
                );
            }
            let names = |paths: &[std::path::PathBuf]| {
                paths
                    .iter()
                    .filter_map(|p| p.file_name())
                    .map(|n| n.to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("、")
            };
            if !replaced.removed.is_empty() {
                let _ = writeln!(
                    out,
                    "前回の修正依頼のうち、今回は不要になったファイルを削除しました: {}",
                    names(&replaced.removed)
                );
            }
            if !replaced.kept.is_empty() {
                let _ = writeln!(
                    out,
                    "前回の修正依頼のうち、書き換えられているファイルは残しています(不要なら削除してください): {}",
                    names(&replaced.kept)
                );
            }
            out.finish()?;
        }
    }
    Ok(code)
}

/// Writes the feedback files of every department with problems, replacing
/// the last run's set; returns how many departments (or files) got one.
fn write_feedback(
    dir: &Path,
    c: &Consolidation,
    settings: &Settings,
) -> Result<(usize, write::Replaced)> {
    let status = status::status(c, &settings.config.roster);
    let inputs = input_files(c);
    let options = settings.template_options(false);
    let selected = feedback::select(&status, &c.submissions);
    let mut used = Vec::new();
    let mut files = Vec::new();
    for (to, submission) in &selected {
        let fb = feedback::build(to, submission, &options, c.year, &readback())?;
        let (text_path, workbook_path) = feedback::paths(dir, &fb, &mut used);
        files.push((text_path, fb.text.into_bytes()));
        if let (Some(path), Some((_, bytes))) = (workbook_path, fb.workbook) {
            files.push((path, bytes));
        }
    }
    for (path, bytes) in &files {
        write::ensure_not_input(path, &inputs)?;
        write::write_atomic(path, bytes)?;
    }
    let written: Vec<(std::path::PathBuf, &[u8])> = files
        .iter()
        .map(|(p, b)| (p.clone(), b.as_slice()))
        .collect();
    let replaced = write::replace_set(dir, &written)?;
    Ok((selected.len(), replaced))
}
