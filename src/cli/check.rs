//! `mokuhyo check`: every problem of every input, and with `--feedback`
//! the corrections to send back to each department.

use std::path::Path;
use std::process::ExitCode;

use super::report::{Written, report};
use super::settings::{Settings, current_year, input_files, read_all, readback};
use crate::cli::args::CheckArgs;
use crate::consolidate::{Consolidation, status};
use crate::error::Result;
use crate::outputs::write;
use crate::outputs::xlsx::feedback;

/// `mokuhyo check`.
pub(super) fn run_check(args: CheckArgs) -> Result<ExitCode> {
    let settings = Settings::from(&args.common)?;
    let (submissions, walk_findings) = read_all(&args.inputs, &settings)?;
    let c = settings.consolidate(submissions, settings.year);
    let code = report(&c, &walk_findings, args.json, &Written::default())?;
    if let Some(dir) = &args.feedback {
        let written = write_feedback(dir, &c, &settings)?;
        if !args.json {
            println!("修正依頼を {written} 件書き出しました: {}", dir.display());
        }
    }
    Ok(code)
}

/// Writes the feedback files of every department with problems; returns
/// how many departments (or files) got one.
fn write_feedback(dir: &Path, c: &Consolidation, settings: &Settings) -> Result<usize> {
    let status = status::status(c, &settings.config.roster);
    let inputs = input_files(c);
    let year = c.year.unwrap_or_else(current_year);
    let options = settings.template_options(year, false);
    let selected = feedback::select(&status, &c.submissions);
    let mut used = Vec::new();
    for (label, submission) in &selected {
        let fb = feedback::build(label, submission, &options, c.year, &readback())?;
        let (text_path, workbook_path) = feedback::paths(dir, &fb, &mut used);
        write::ensure_not_input(&text_path, &inputs)?;
        write::write_atomic(&text_path, fb.text.as_bytes())?;
        if let (Some(path), Some((_, bytes))) = (workbook_path, &fb.workbook) {
            write::ensure_not_input(&path, &inputs)?;
            write::write_atomic(&path, bytes)?;
        }
    }
    Ok(selected.len())
}
