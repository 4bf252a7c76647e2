//! What arrives: spreadsheet files as they are, and spreadsheets inside
//! mails (.eml, .mbox, Outlook's .msg) and zips, each with where it came from. Names found
//! inside mails and zips are never used as paths.

use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use serde::Serialize;

use super::limits::{Kind, Limits, read_limited};
use mokuhyo_domain::file_name::safe_name;
use mokuhyo_domain::finding::{Finding, Problem, Severity};

/// Where a submission came from, beyond its file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Origin {
    /// The mail or zip file it was taken from.
    #[serde(serialize_with = "mokuhyo_domain::finding::serialize_path")]
    pub container: PathBuf,
    /// The attachment's or entry's name as given (shown, never used as a path).
    pub name: String,
    /// The mail it came with, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mail: Option<MailInfo>,
}

/// The mail a submission came with.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MailInfo {
    /// 差出人 (address, with the display name when given).
    pub from: String,
    /// 件名.
    pub subject: String,
    /// 送信日時, in Japan time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDateTime>,
}

/// One spreadsheet to read.
#[derive(Debug, Clone)]
pub enum Source {
    /// A file on disk, read as it is.
    File(PathBuf),
    /// A spreadsheet taken from a mail or a zip, already in memory.
    Embedded {
        /// The path shown in messages: the container, then the safe name.
        path: PathBuf,
        /// Its bytes.
        bytes: Vec<u8>,
        /// Where it came from.
        origin: Origin,
    },
    /// An entry of a zip, or a zip attached to a mail, that cannot be read:
    /// reported on its own, the rest of its container still read.
    Unreadable {
        /// The path shown in messages.
        path: PathBuf,
        /// Why, in Japanese, with what to do.
        reason: String,
        /// Where it came from.
        origin: Origin,
    },
}

impl Source {
    /// The path shown in messages.
    pub fn path(&self) -> &Path {
        match self {
            Source::File(path) => path,
            Source::Embedded { path, .. } | Source::Unreadable { path, .. } => path,
        }
    }
}

/// The kinds of container files taken apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Container {
    Eml,
    Mbox,
    Msg,
    Zip,
}

fn container_kind(path: &Path) -> Option<Container> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "eml" => Some(Container::Eml),
        "mbox" | "mbx" => Some(Container::Mbox),
        "msg" => Some(Container::Msg),
        "zip" => Some(Container::Zip),
        _ => None,
    }
}

/// True for the files taken apart: mails and zips.
pub fn is_container(path: &Path) -> bool {
    container_kind(path).is_some()
}

/// Turns the input files into the spreadsheets to read: mails and zips are
/// opened, their spreadsheets taken; problems are findings on the container.
pub fn expand(files: &[PathBuf], limits: &Limits) -> (Vec<Source>, Vec<Finding>) {
    let mut sources = Vec::new();
    let mut findings = Vec::new();
    for file in files {
        let Some(kind) = container_kind(file) else {
            sources.push(Source::File(file.clone()));
            continue;
        };
        let bytes = match read_limited(file, limits, Kind::Container) {
            Ok(bytes) => bytes,
            Err(e) => {
                let problem = Problem::Unreadable {
                    reason: e.to_string(),
                };
                findings.push(Finding::file(Severity::Error, file, problem));
                continue;
            }
        };
        let before = sources.len();
        let result = match kind {
            Container::Eml => super::mail::eml(file, &bytes, limits, &mut sources),
            Container::Mbox => super::mail::mbox(file, &bytes, limits, &mut sources),
            Container::Msg => super::outlook::msg(file, &bytes, limits, &mut sources),
            Container::Zip => {
                super::archive::spreadsheets(file, file, &bytes, limits, None, &mut sources)
            }
        };
        if let Err(reason) = result {
            let problem = Problem::Unreadable {
                reason: reason.to_string(),
            };
            findings.push(Finding::file(Severity::Error, file, problem));
        } else if sources.len() == before {
            let problem = match kind {
                Container::Zip => Problem::NoSpreadsheetInZip,
                _ => Problem::NoAttachment,
            };
            findings.push(Finding::file(Severity::Warning, file, problem));
        }
    }
    (sources, findings)
}

/// Adds one spreadsheet found in a container (shown under `shown`: the
/// container, a message of it, a zip attached to it).
pub(super) fn push_spreadsheet(
    container: &Path,
    shown: &Path,
    name: &str,
    bytes: Vec<u8>,
    mail: Option<&MailInfo>,
    sources: &mut Vec<Source>,
) {
    let safe = safe_name(name);
    // Several attachments may share a name: each gets its own path.
    let mut path = shown.join(&safe);
    let mut n = 2;
    while sources.iter().any(|s| s.path() == path) {
        path = shown.join(format!("({n}) {safe}"));
        n += 1;
    }
    sources.push(Source::Embedded {
        path,
        bytes,
        origin: Origin {
            container: container.to_path_buf(),
            name: name.to_string(),
            mail: mail.cloned(),
        },
    });
}

/// Adds the spreadsheets of a zip attached to a mail; a zip that cannot be
/// read is reported on its own and the mail's other attachments still read.
pub(super) fn attached_zip(
    container: &Path,
    shown: &Path,
    name: &str,
    bytes: &[u8],
    limits: &Limits,
    mail: Option<&MailInfo>,
    sources: &mut Vec<Source>,
) {
    let shown = shown.join(safe_name(name));
    if let Err(reason) =
        super::archive::spreadsheets(container, &shown, bytes, limits, mail, sources)
    {
        sources.push(Source::Unreadable {
            path: shown,
            reason: reason.to_string(),
            origin: Origin {
                container: container.to_path_buf(),
                name: name.to_string(),
                mail: mail.cloned(),
            },
        });
    }
}

/// True when a name found in a mail or zip ends like a spreadsheet.
pub(super) fn is_spreadsheet_name(name: &str) -> bool {
    crate::is_spreadsheet(Path::new(&safe_name(name)))
}
