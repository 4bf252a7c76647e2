//! Who has submitted: one line per roster department (提出済, 未提出,
//! 要修正, 重複) with the file taken and why, departments not in the roster
//! with the closest roster name, and files whose department is unknown.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::{Consolidation, newer};
use mokuhyo_domain::finding::Severity;
use mokuhyo_domain::roster::Roster;
use mokuhyo_read::Submission;

/// A department's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// One valid submission.
    Submitted,
    /// Nothing received.
    Missing,
    /// The latest submission has errors.
    NeedsFix,
    /// Several submissions; the latest is valid and taken.
    Duplicate,
}

impl State {
    /// The label shown.
    pub fn label(self) -> &'static str {
        match self {
            State::Submitted => "提出済",
            State::Missing => "未提出",
            State::NeedsFix => "要修正",
            State::Duplicate => "重複",
        }
    }
}

/// One submission of a department, as listed in the status.
#[derive(Debug, Clone, Serialize)]
pub struct Received {
    /// The file (or attachment) read.
    #[serde(serialize_with = "mokuhyo_domain::finding::serialize_path")]
    pub path: PathBuf,
    /// Used in the outputs.
    pub taken: bool,
    /// Its errors.
    pub errors: usize,
    /// Its 作成日 (ISO 8601 in JSON: "2026-04-01").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created: Option<chrono::NaiveDate>,
    /// The mail it came with, if any: sender and date (Japan time, ISO 8601
    /// in JSON: "2026-04-03T10:15:00").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mail: Option<mokuhyo_input::MailInfo>,
}

impl Received {
    /// The mail as shown in the table and the workbook: the sender and the
    /// date, 「kensetsu@example.jp 2026-04-03 10:15」.
    pub fn mail_label(&self) -> Option<String> {
        self.mail.as_ref().map(|m| {
            let date = m.date.map(|d| d.format(" %Y-%m-%d %H:%M").to_string());
            format!("{}{}", m.from, date.unwrap_or_default())
        })
    }
}

/// A roster department's line.
#[derive(Debug, Clone, Serialize)]
pub struct DepartmentStatus {
    /// The department.
    pub department: String,
    /// Its state.
    pub state: State,
    /// Why: which file is taken and on what grounds.
    pub note: String,
    /// Its contact address from the roster.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
    /// Every submission received, the latest first.
    pub received: Vec<Received>,
}

/// A department name not in the roster.
#[derive(Debug, Clone, Serialize)]
pub struct Unlisted {
    /// The name written.
    pub name: String,
    /// The file.
    #[serde(serialize_with = "mokuhyo_domain::finding::serialize_path")]
    pub path: PathBuf,
    /// The closest roster name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
}

/// The submission status of a run.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Status {
    /// One line per department: the roster's, in order (without a roster,
    /// the departments read, by name).
    pub departments: Vec<DepartmentStatus>,
    /// Names not in the roster.
    pub unlisted: Vec<Unlisted>,
    /// Files whose department could not be told.
    #[serde(serialize_with = "serialize_paths")]
    pub unknown: Vec<PathBuf>,
}

fn serialize_paths<S: serde::Serializer>(paths: &[PathBuf], s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeSeq;
    let mut seq = s.serialize_seq(Some(paths.len()))?;
    for p in paths {
        seq.serialize_element(&p.to_string_lossy())?;
    }
    seq.end()
}

impl Status {
    /// Departments in a state.
    pub fn count(&self, state: State) -> usize {
        self.departments.iter().filter(|d| d.state == state).count()
    }

    /// True when every department has a valid submission taken.
    pub fn is_complete(&self) -> bool {
        self.departments
            .iter()
            .all(|d| matches!(d.state, State::Submitted | State::Duplicate))
            && self.unknown.is_empty()
    }
}

/// The department a submission is for: its document's, else one named in
/// its file name, attachment name or mail subject (longest match first).
fn department_of(s: &Submission, roster: &Roster) -> Option<String> {
    if let Some(doc) = &s.document
        && !doc.department.trim().is_empty()
    {
        return Some(roster.canonical_name(doc.department.trim()).to_string());
    }
    let mut clues = vec![s.path.to_string_lossy().into_owned()];
    if let Some(origin) = &s.origin {
        clues.push(origin.name.clone());
        if let Some(mail) = &origin.mail {
            clues.push(mail.subject.clone());
        }
    }
    let mut names: Vec<(&str, &str)> = roster.written_names().collect();
    names.sort_by_key(|(written, _)| std::cmp::Reverse(written.chars().count()));
    let file_name = |p: &str| {
        Path::new(p)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
    };
    clues.iter().find_map(|clue| {
        let clue = file_name(clue).unwrap_or_else(|| clue.clone());
        names
            .iter()
            .find(|(written, _)| !written.is_empty() && clue.contains(*written))
            .map(|(_, name)| name.to_string())
    })
}

/// The roster department a submission is for: [`department_of`], and a
/// name not on the roster taken as the roster name closest to it (a
/// misspelled 「都市整部」 is 都市整備部's file, to be fixed).
pub(crate) fn roster_department(s: &Submission, roster: &Roster) -> Option<String> {
    let name = department_of(s, roster)?;
    if roster.is_empty() || roster.index(&name).is_some() {
        return Some(name);
    }
    Some(roster.closest_name(&name)?.to_string())
}

fn errors(s: &Submission) -> usize {
    s.findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count()
}

fn received(s: &Submission, taken: bool) -> Received {
    Received {
        path: s.path.clone(),
        taken,
        errors: errors(s),
        created: s.created(),
        mail: s.origin.as_ref().and_then(|o| o.mail.clone()),
    }
}

/// Why the taken submission won over the others.
fn grounds(taken: &Submission, others: &[&Submission]) -> &'static str {
    if others.iter().all(|o| o.created() != taken.created()) {
        "作成日が最も新しい"
    } else if others.iter().all(|o| o.mail_date() != taken.mail_date()) {
        "メールの日時が最も新しい"
    } else {
        "ファイルの更新日時が最も新しい"
    }
}

/// The status of every department.
pub fn status(c: &Consolidation, roster: &Roster) -> Status {
    let mut groups: Vec<(String, Vec<&Submission>)> = roster
        .entries()
        .iter()
        .map(|d| (d.name.clone(), Vec::new()))
        .collect();
    let mut index: std::collections::HashMap<String, usize> = groups
        .iter()
        .enumerate()
        .map(|(i, (d, _))| (d.clone(), i))
        .collect();
    let accepted = c.accepted_paths();
    let mut out = Status::default();
    for s in c.submissions.iter().filter(|s| !s.is_skipped()) {
        let Some(written) = department_of(s, roster) else {
            out.unknown.push(s.path.clone());
            continue;
        };
        let name = roster_department(s, roster).unwrap_or(written);
        if !roster.is_empty() && roster.index(&name).is_none() {
            out.unlisted.push(Unlisted {
                suggestion: roster.closest_name(&name).map(str::to_string),
                name,
                path: s.path.clone(),
            });
            continue;
        }
        match index.get(&name) {
            Some(&i) => groups[i].1.push(s),
            None => {
                index.insert(name.clone(), groups.len());
                groups.push((name, vec![s]));
            }
        }
    }
    if roster.is_empty() {
        groups.sort_by(|a, b| a.0.cmp(&b.0));
    }
    for (department, mut list) in groups {
        list.sort_by(|a, b| {
            if newer(a, b) {
                std::cmp::Ordering::Less
            } else if newer(b, a) {
                std::cmp::Ordering::Greater
            } else {
                a.path.cmp(&b.path)
            }
        });
        let taken = list
            .iter()
            .position(|s| accepted.contains(s.path.as_path()));
        let (state, note) = judge(&list, taken);
        let contact = roster.entry(&department).and_then(|d| d.contact.clone());
        out.departments.push(DepartmentStatus {
            department,
            state,
            note,
            contact,
            received: list
                .iter()
                .enumerate()
                .map(|(i, s)| received(s, Some(i) == taken))
                .collect(),
        });
    }
    out
}

/// A department's state and the note that explains it; `list` is latest first.
fn judge(list: &[&Submission], taken: Option<usize>) -> (State, String) {
    let Some(latest) = list.first() else {
        return (State::Missing, String::new());
    };
    let shown = |s: &Submission| s.path.display().to_string();
    if !latest.is_accepted() {
        let mut note = format!(
            "最新の提出「{}」にエラーが {} 件あります",
            shown(latest),
            errors(latest)
        );
        if let Some(i) = taken {
            note.push_str(&format!(
                "。集約には前の提出「{}」を使います",
                shown(list[i])
            ));
        }
        return (State::NeedsFix, note);
    }
    if list.len() == 1 {
        return (State::Submitted, shown(latest));
    }
    let others: Vec<&Submission> = list[1..].to_vec();
    let note = format!(
        "{} 件の提出のうち「{}」を採用({})",
        list.len(),
        shown(latest),
        grounds(latest, &others)
    );
    (State::Duplicate, note)
}

/// The status as lines of text.
pub fn render(status: &Status) -> String {
    let mut out = String::new();
    let width = status
        .departments
        .iter()
        .map(|d| display_width(&d.department))
        .max()
        .unwrap_or(0);
    for d in &status.departments {
        let pad = " ".repeat(width - display_width(&d.department));
        let label = d.state.label();
        let label_pad = " ".repeat(6 - display_width(label).min(6));
        let mut line = format!("{}{pad}  {label}{label_pad}", d.department);
        if !d.note.is_empty() {
            line.push_str(&format!("  {}", d.note));
        }
        if let Some(mail) = d.received.first().and_then(Received::mail_label) {
            line.push_str(&format!("(メール: {mail})"));
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    for u in &status.unlisted {
        out.push_str(&format!(
            "名簿にない部局「{}」: {}",
            u.name,
            u.path.display()
        ));
        if let Some(s) = &u.suggestion {
            out.push_str(&format!("(「{s}」の誤りではありませんか)"));
        }
        out.push('\n');
    }
    for path in &status.unknown {
        out.push_str(&format!("部局が分からないファイル: {}\n", path.display()));
    }
    out.push_str(&format!(
        "提出済 {}、重複 {}、要修正 {}、未提出 {}\n",
        status.count(State::Submitted),
        status.count(State::Duplicate),
        status.count(State::NeedsFix),
        status.count(State::Missing)
    ));
    out
}

/// Columns a text takes in a terminal: wide (CJK) characters take two.
/// The columns a text takes in a Japanese console (East Asian ambiguous
/// characters count as wide there).
fn display_width(text: &str) -> usize {
    unicode_width::UnicodeWidthStr::width_cjk(text)
}
