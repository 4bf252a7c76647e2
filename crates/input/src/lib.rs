//! The input stage: the INPUT arguments (files, folders, mails, mailboxes,
//! zips) become the spreadsheets to read ([`Source`]), in a stable order,
//! each with where it came from; what cannot be walked or opened is
//! reported as a finding, never fatal. Every file is read within [`Limits`].

mod archive;
mod japanese;
mod limits;
mod mail;
mod outlook;
mod source;

use std::path::{Path, PathBuf};

pub use limits::{FileError, Kind, Limits, MB, read_limited};
pub use source::{MailInfo, Origin, Source, expand, is_container};
use source::{attached_zip, is_spreadsheet_name, push_spreadsheet};

use mokuhyo_domain::finding::{Finding, Problem, Severity};

/// Extensions read as spreadsheets.
pub const EXTENSIONS: [&str; 4] = ["xlsx", "xlsm", "xls", "ods"];

/// The files found, and problems met while walking.
#[derive(Debug, Default)]
pub struct Inputs {
    /// Spreadsheet files, sorted within each argument, duplicates removed.
    pub files: Vec<PathBuf>,
    /// Arguments that do not exist, folders that cannot be read.
    pub findings: Vec<Finding>,
}

/// True when the path has a spreadsheet extension.
pub fn is_spreadsheet(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .map(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        .unwrap_or(false)
}

/// Every spreadsheet to read from the arguments: files as given, folders
/// walked, mails and zips taken apart; with the problems met on the way.
pub fn sources(args: &[PathBuf], limits: &Limits) -> (Vec<Source>, Vec<Finding>) {
    let found = collect(args);
    let (sources, taken_apart) = expand(&found.files, limits);
    let mut findings = found.findings;
    findings.extend(taken_apart);
    (sources, findings)
}

/// Collects the files of the arguments: files as given (whatever their
/// extension), folders walked recursively for spreadsheet files, mails
/// (.eml, .mbox) and zips.
pub fn collect(args: &[PathBuf]) -> Inputs {
    let mut inputs = Inputs::default();
    for arg in args {
        if arg.is_dir() {
            walk(arg, &mut inputs);
        } else if arg.exists() || arg.symlink_metadata().is_ok() {
            inputs.files.push(arg.clone());
        } else {
            let finding = Finding::file(Severity::Error, arg, Problem::MissingPath);
            inputs.findings.push(finding);
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    inputs
        .files
        .retain(|f| seen.insert(std::fs::canonicalize(f).unwrap_or_else(|_| f.clone())));
    inputs
}

fn walk(dir: &Path, inputs: &mut Inputs) {
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by(|a, b| a.file_name().cmp(b.file_name()));
    for entry in walker {
        match entry {
            Ok(entry)
                if entry.file_type().is_file()
                    && (is_spreadsheet(entry.path()) || crate::is_container(entry.path())) =>
            {
                inputs.files.push(entry.into_path());
            }
            Ok(entry)
                if entry.depth() > 0
                    && entry.file_type().is_dir()
                    && is_spreadsheet(entry.path()) =>
            {
                let reason =
                    "ファイルではなくフォルダです(名前が .xlsx などで終わっています)".to_string();
                inputs.findings.push(Finding::file(
                    Severity::Error,
                    entry.path(),
                    Problem::Unreadable { reason },
                ));
            }
            Ok(_) => {}
            Err(err) => {
                let path = err.path().unwrap_or(dir).to_path_buf();
                let reason = if err.loop_ancestor().is_some() {
                    "フォルダのリンクが循環しています。リンクを外してください".to_string()
                } else {
                    err.io_error()
                        .map(|e| FileError::from(e).to_string())
                        .unwrap_or_else(|| err.to_string())
                };
                // A broken link to a non-spreadsheet is nothing we would have read.
                if is_spreadsheet(&path) || err.loop_ancestor().is_some() || path.is_dir() {
                    inputs.findings.push(Finding::file(
                        Severity::Error,
                        &path,
                        Problem::Unreadable { reason },
                    ));
                }
            }
        }
    }
}
