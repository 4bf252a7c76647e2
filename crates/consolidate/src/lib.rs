//! Chooses what goes into the consolidated outputs: the accepted documents,
//! one per department, in roster order (else by name), and the rejected
//! files, which are listed, never dropped silently.

pub mod links;
pub mod status;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use mokuhyo_domain::finding::{Finding, Problem, Severity};
use mokuhyo_domain::model::Document;
use mokuhyo_domain::plan::Plans;
use mokuhyo_domain::roster::Roster;
use mokuhyo_domain::wareki::FiscalYear;
use mokuhyo_read::Submission;

/// Everything the outputs are made from.
#[derive(Debug, Clone)]
pub struct Consolidation {
    /// 自治体名.
    pub municipality: String,
    /// The year of the run: configured, or the most common year read.
    pub year: Option<FiscalYear>,
    /// Accepted documents, one per department, in output order.
    pub documents: Vec<(PathBuf, Arc<Document>)>,
    /// Every file read, with its findings.
    pub submissions: Vec<Submission>,
    /// The 施策 of the 総合計画 the office lists (`[[plan]]`), for the
    /// plan view; empty when none.
    pub plans: Plans,
}

/// What became of one file read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileStatus {
    /// Its document is in the outputs.
    Accepted,
    /// Readable and valid, but another file of its department is used.
    Superseded,
    /// Errors, or not readable: listed, never dropped silently.
    Rejected,
    /// Skipped on purpose (a lock file, a file mokuhyo wrote).
    Skipped,
    /// Had errors, and a later file of its department is used.
    Replaced,
}

impl FileStatus {
    /// The label in the JSON report.
    pub fn key(self) -> &'static str {
        match self {
            FileStatus::Accepted => "accepted",
            FileStatus::Superseded => "superseded",
            FileStatus::Rejected => "rejected",
            FileStatus::Skipped => "skipped",
            FileStatus::Replaced => "replaced",
        }
    }

    /// The label shown in the workbook.
    pub fn label(self) -> &'static str {
        match self {
            FileStatus::Accepted => "採用",
            FileStatus::Superseded => "不採用(重複)",
            FileStatus::Rejected => "不受理",
            FileStatus::Skipped => "読み飛ばし",
            FileStatus::Replaced => "差し替え済",
        }
    }
}

impl Consolidation {
    /// What became of every file read, in order (one look-up per file).
    pub fn file_statuses(&self) -> Vec<FileStatus> {
        let accepted = self.accepted_paths();
        self.submissions
            .iter()
            .map(|s| Self::status_of(s, accepted.contains(s.path.as_path())))
            .collect()
    }

    /// The paths of the accepted documents.
    pub fn accepted_paths(&self) -> std::collections::HashSet<&std::path::Path> {
        self.documents.iter().map(|(p, _)| p.as_path()).collect()
    }

    fn status_of(s: &Submission, accepted: bool) -> FileStatus {
        if accepted {
            FileStatus::Accepted
        } else if s.is_skipped() {
            FileStatus::Skipped
        } else if s.is_replaced() {
            FileStatus::Replaced
        } else if s.is_accepted() {
            FileStatus::Superseded
        } else {
            FileStatus::Rejected
        }
    }

    /// Files not accepted (errors, unreadable), excluding skipped lock files.
    pub fn rejected(&self) -> impl Iterator<Item = &Submission> {
        self.submissions
            .iter()
            .filter(|s| !s.is_accepted() && !s.is_skipped() && !s.is_replaced())
    }

    /// Every finding of every file, in file order.
    pub fn findings(&self) -> impl Iterator<Item = &Finding> {
        self.submissions.iter().flat_map(|s| s.findings.iter())
    }

    /// Files whose document is in the outputs.
    pub fn accepted_count(&self) -> usize {
        self.documents.len()
    }
}

/// Builds the consolidation. Several accepted files of one department: the
/// latest (see [`newer`]) is used and the others get a
/// [`Problem::Superseded`] warning; they are never merged.
pub fn consolidate(
    mut submissions: Vec<Submission>,
    roster: &Roster,
    municipality: &str,
    year: Option<FiscalYear>,
) -> Consolidation {
    // The roster's name of each accepted file's department.
    let departments: Vec<Option<String>> = submissions
        .iter()
        .map(|s| {
            let doc = s.document.as_ref().filter(|_| s.is_accepted())?;
            Some(roster.canonical_name(&doc.department).to_string())
        })
        .collect();
    // Each department's place in `chosen`, and the files naming it: one
    // look-up per file (35,000 files are the scale).
    let mut chosen: Vec<(String, usize)> = Vec::new();
    let mut place: HashMap<&str, usize> = HashMap::new();
    let mut files: Vec<Vec<usize>> = Vec::new();
    for (i, department) in departments.iter().enumerate() {
        let Some(department) = department else {
            continue;
        };
        match place.get(department.as_str()) {
            None => {
                place.insert(department, chosen.len());
                chosen.push((department.clone(), i));
                files.push(vec![i]);
            }
            Some(&k) => {
                files[k].push(i);
                if newer(&submissions[i], &submissions[chosen[k].1]) {
                    chosen[k].1 = i;
                }
            }
        }
    }
    for ((department, used), files) in chosen.iter().zip(&files) {
        let used_path = submissions[*used].path.display().to_string();
        for &i in files.iter().filter(|&&i| i != *used) {
            let problem = Problem::Superseded {
                department: department.clone(),
                used: used_path.clone(),
            };
            let finding = Finding::file(Severity::Warning, &submissions[i].path, problem);
            submissions[i].findings.push(finding);
        }
    }
    replace_fixed(&mut submissions, roster, &place, &chosen);
    chosen.sort_by(|(a, _), (b, _)| {
        let rank = |name: &str| roster.index(name).unwrap_or(usize::MAX);
        rank(a).cmp(&rank(b)).then_with(|| a.cmp(b))
    });
    let documents = chosen
        .iter()
        .filter_map(|(_, i)| {
            submissions[*i]
                .document
                .clone()
                .map(|d| (submissions[*i].path.clone(), d))
        })
        .collect::<Vec<_>>();
    let year = year.or_else(|| most_common_year(&documents));
    Consolidation {
        municipality: municipality.to_string(),
        year,
        documents,
        submissions,
        plans: Plans::default(),
    }
}

/// A file with errors whose department has a later file of the same year
/// that is used (a resubmission that fixed it) keeps one note instead of
/// its findings, so that the run's result is that of the files used.
fn replace_fixed(
    submissions: &mut [Submission],
    roster: &Roster,
    place: &HashMap<&str, usize>,
    chosen: &[(String, usize)],
) {
    let replaced: Vec<(usize, usize)> = submissions
        .iter()
        .enumerate()
        .filter(|(_, s)| s.has_errors() && !s.is_own_output())
        .filter_map(|(i, s)| {
            let department = status::roster_department(s, roster)?;
            let used = chosen[*place.get(department.as_str())?].1;
            // Last year's file is no resubmission: its year stays an error.
            let year = |s: &Submission| s.document.as_ref().map(|d| d.year);
            let same_year = year(s).is_none_or(|y| Some(y) == year(&submissions[used]));
            (same_year && newer(&submissions[used], s)).then_some((i, used))
        })
        .collect();
    for (i, used) in replaced {
        let by = submissions[used].path.display().to_string();
        let department = chosen
            .iter()
            .find(|(_, u)| *u == used)
            .map(|(d, _)| d.clone())
            .unwrap_or_default();
        let s = &mut submissions[i];
        let errors = s
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count();
        let problem = Problem::Replaced {
            department,
            by,
            errors,
        };
        s.findings = vec![Finding::file(Severity::Note, &s.path, problem)];
    }
}

/// Whether `a` was made after `b`: by the template's 作成日, then the
/// mail's date, then the file's (or its mail's or zip's) modification time.
pub(crate) fn newer(a: &Submission, b: &Submission) -> bool {
    let modified = |s: &Submission| {
        std::fs::metadata(s.input_file())
            .and_then(|m| m.modified())
            .ok()
    };
    (a.created(), a.mail_date(), modified(a)) > (b.created(), b.mail_date(), modified(b))
}

fn most_common_year(documents: &[(PathBuf, Arc<Document>)]) -> Option<FiscalYear> {
    let mut counts: std::collections::BTreeMap<FiscalYear, usize> = Default::default();
    for (_, doc) in documents {
        *counts.entry(doc.year).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by_key(|(year, n)| (*n, *year))
        .map(|(year, _)| year)
}
