//! Problems found in inputs: what is wrong, where (file, sheet, cell), and
//! the Japanese message that tells the department what to do.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

pub use super::problem::Problem;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The file cannot be accepted until it is fixed.
    Error,
    /// The file is accepted, but something looks wrong.
    Warning,
    /// Information only.
    Note,
}

impl Severity {
    /// The label shown to the user.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "エラー",
            Severity::Warning => "警告",
            Severity::Note => "お知らせ",
        }
    }
}

/// One problem at one place.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// How serious it is.
    pub severity: Severity,
    /// The input file.
    #[serde(serialize_with = "serialize_path")]
    pub file: PathBuf,
    /// The sheet, when the problem is in one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// The cell in A1 notation, when the problem is in one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell: Option<String>,
    /// What is wrong.
    pub problem: Problem,
    /// The Japanese message (the problem's text), for machines reading JSON.
    pub message: String,
}

impl Finding {
    /// A finding about a whole file.
    pub fn file(severity: Severity, file: &Path, problem: Problem) -> Finding {
        Finding::at(severity, file, None, None, problem)
    }

    /// A finding at a sheet and cell.
    pub fn at(
        severity: Severity,
        file: &Path,
        sheet: Option<&str>,
        cell: Option<String>,
        problem: Problem,
    ) -> Finding {
        Finding {
            severity,
            file: file.to_path_buf(),
            sheet: sheet.map(str::to_string),
            message: problem.to_string(),
            cell,
            problem,
        }
    }

    /// Whether `--quiet` still prints it: an error, or a warning that an
    /// output differs from what was typed (a character the PDF's font or
    /// the CSV's Shift_JIS lacks, written as 〓).
    pub fn shown_when_quiet(&self) -> bool {
        self.severity == Severity::Error
            || matches!(
                self.problem,
                Problem::MissingGlyph { .. } | Problem::NotInShiftJis { .. }
            )
    }

    /// Where it is, as shown to the user: `file シート「S」セル F23`.
    pub fn location(&self) -> String {
        let mut out = self.file.display().to_string();
        if let Some(sheet) = &self.sheet {
            out.push_str(&format!(" シート「{sheet}」"));
        }
        if let Some(cell) = &self.cell {
            out.push_str(&format!(" セル{cell}"));
        }
        out
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "[{}] {}: {}",
            self.severity.label(),
            self.location(),
            self.message
        )
    }
}

/// Serialises a path as text, replacing what is not valid UTF-8 (file
/// names left in Shift_JIS by an unzip) instead of failing.
pub fn serialize_path<S: serde::Serializer>(
    path: impl AsRef<Path>,
    s: S,
) -> Result<S::Ok, S::Error> {
    s.serialize_str(&path.as_ref().to_string_lossy())
}

/// A value quoted in a message, shortened so that a message stays a
/// message whatever the cell held.
pub fn excerpt(text: &str) -> String {
    const MAX: usize = 100;
    if text.chars().count() <= MAX {
        text.to_string()
    } else {
        let head: String = text.chars().take(MAX).collect();
        format!("{head}…(以下略、全{}文字)", text.chars().count())
    }
}

/// Quotes and joins names: 「A」「B」.
pub fn quoted(names: &[String]) -> String {
    names.iter().map(|n| format!("「{n}」")).collect()
}
