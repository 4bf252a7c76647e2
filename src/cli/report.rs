//! What a run prints: the findings and a summary line as text, or
//! everything as JSON; and the findings the PDF adds (characters its font
//! lacks). The exit code follows from the findings.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde::Serialize;

use crate::consolidate::Consolidation;
use crate::consolidate::status::{DepartmentStatus, State, Status};
use crate::domain::finding::{Finding, Severity};
use crate::domain::model::Document;
use crate::domain::wareki::FiscalYear;
use crate::error::{Error, OsReason, Result};
use crate::outputs::pdf::MissingGlyphs;
use crate::year_end::mid_year::MidYearReview;
use crate::year_end::rollup::Rollup;

/// Exit code when some input has errors.
pub const EXIT_INPUT_ERRORS: u8 = 1;

/// Where a command prints (stdout, nowhere with `--quiet`, or the
/// workbench's page when it runs the command): it keeps
/// the first error for [`Printer::finish`], so that each line stays one
/// `writeln!`, and a report that could not be printed (redirected to a
/// file on a full disk) is an error, not a success. A pipe closed by its
/// reader (`| head`) is none: nothing more is printed.
pub(super) struct Printer {
    out: Sink,
    error: Option<std::io::Error>,
}

/// Where a [`Printer`]'s text goes.
enum Sink {
    Stdout(std::io::StdoutLock<'static>),
    /// This thread's [`captured`] text.
    Captured,
    Nowhere,
}

thread_local! {
    /// The text printed on this thread while [`captured`] runs.
    static CAPTURED: std::cell::RefCell<Option<Vec<u8>>> = const { std::cell::RefCell::new(None) };
}

/// Runs `f` (a command) with what it prints kept instead of printed: the
/// workbench shows a command's report on its page, word for word.
pub(super) fn captured<T>(f: impl FnOnce() -> T) -> (T, String) {
    let before = CAPTURED.with(|c| c.borrow_mut().replace(Vec::new()));
    let value = f();
    let text = CAPTURED
        .with(|c| std::mem::replace(&mut *c.borrow_mut(), before))
        .unwrap_or_default();
    (value, String::from_utf8_lossy(&text).into_owned())
}

/// Whether this thread's printing is [`captured`].
pub(super) fn capturing() -> bool {
    CAPTURED.with(|c| c.borrow().is_some())
}

impl Printer {
    /// Prints to stdout.
    pub(super) fn new() -> Printer {
        Printer::quiet(false)
    }

    /// Prints to stdout (or the captured text), or nowhere when `quiet`.
    pub(super) fn quiet(quiet: bool) -> Printer {
        let out = if quiet {
            Sink::Nowhere
        } else if capturing() {
            Sink::Captured
        } else {
            Sink::Stdout(std::io::stdout().lock())
        };
        Printer { out, error: None }
    }

    /// Ends the printing: all of it printed, or the first error.
    pub(super) fn finish(mut self) -> Result<()> {
        let _ = self.flush();
        match self.error {
            Some(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                Err(Error::Stdout(OsReason::from(&e)))
            }
            _ => Ok(()),
        }
    }
}

impl Write for Printer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match &mut self.out {
            Sink::Stdout(out) if self.error.is_none() => {
                if let Err(e) = out.write_all(buf) {
                    self.error = Some(e);
                }
            }
            Sink::Captured => CAPTURED.with(|c| {
                if let Some(text) = c.borrow_mut().as_mut() {
                    text.extend_from_slice(buf);
                }
            }),
            _ => {}
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if let Sink::Stdout(out) = &mut self.out
            && self.error.is_none()
            && let Err(e) = out.flush()
        {
            self.error = Some(e);
        }
        Ok(())
    }
}

/// `build` and `rollup` when no document was accepted: nothing is written,
/// so that a mistyped folder or a wrong year never replaces the last good
/// outputs with empty ones.
pub(super) fn nothing_accepted(
    c: &Consolidation,
    walk: &[Finding],
    json: bool,
) -> Result<ExitCode> {
    report(c, walk, json, &Written::default())?;
    if !json {
        let mut out = Printer::new();
        let _ = writeln!(
            out,
            "受け付けた様式が1件もないため、何も書き出していません(出力先に前回の出力があれば、そのまま残っています)。"
        );
        out.finish()?;
    }
    Ok(ExitCode::from(EXIT_INPUT_ERRORS))
}

/// The exit code of a run that wrote `outcome`, given the report's: each
/// output that could not be written (open in Excel, say) is said on stderr
/// after the report (even one that could not be printed), and the run ends
/// with 2; the others were written all the same.
pub(super) fn finish(
    code: Result<ExitCode>,
    outcome: &crate::outputs::write::Outcome,
) -> Result<ExitCode> {
    // Outputs failing for one reason (an output folder that is a file) say
    // it once.
    let mut said: Vec<String> = Vec::new();
    for err in &outcome.failed {
        let message = err.to_string();
        if !said.contains(&message) {
            if capturing() {
                let mut out = Printer::new();
                let _ = writeln!(out, "mokuhyo: {message}");
            } else {
                eprintln!("mokuhyo: {message}");
            }
            said.push(message);
        }
    }
    let code = code?;
    Ok(if outcome.failed.is_empty() {
        code
    } else {
        ExitCode::from(2)
    })
}

/// Turns text the PDF's font could not draw into warnings on the
/// department's file (on the PDF for text of the configuration).
pub(super) fn add_missing_glyphs(c: &mut Consolidation, missing: &[MissingGlyphs], pdf: &Path) {
    let mut orphans = Vec::new();
    for m in missing {
        let problem = crate::domain::finding::Problem::MissingGlyph {
            department: if m.department.is_empty() {
                "(設定ファイル)".to_string()
            } else {
                m.department.clone()
            },
            text: crate::domain::finding::excerpt(&m.text),
            chars: m.chars.iter().collect(),
        };
        let file = m.file.as_deref().unwrap_or(pdf);
        let finding = Finding::file(Severity::Warning, file, problem);
        match c
            .submissions
            .iter_mut()
            .find(|s| Some(&s.path) == m.file.as_ref())
        {
            Some(s) => s.findings.push(finding),
            None => orphans.push(finding),
        }
    }
    if let Some(first) = c.submissions.first_mut() {
        first.findings.extend(orphans);
    }
}

/// What a run says after its findings: the command's own outputs, and
/// the roster's status.
#[derive(Debug, Default)]
pub(super) struct Written {
    /// The files the command wrote, as the command's own type.
    pub(super) outputs: Outputs,
    /// The roster's status, said last: who is still missing.
    pub(super) status: Option<Status>,
    /// `--quiet`: print the errors only.
    pub(super) quiet: bool,
}

/// Each command's outputs.
#[derive(Debug, Default)]
pub(super) enum Outputs {
    /// `check`, `template`: nothing written before the report.
    #[default]
    None,
    /// `build`: the consolidated workbook and the packet.
    Build {
        /// The files written.
        files: Documents,
        /// `build --status`: the status table in place of the roster's lines.
        status_table: bool,
    },
    /// `rollup`: the achievement workbook and report, and the rollup they show.
    Rollup(Documents, Box<Rollup>),
    /// `review`: the 中間評価 workbook and report, and the review they show.
    Review {
        /// The files written.
        files: Documents,
        /// The 中間評価.
        review: Box<MidYearReview>,
        /// No project has any 中間評価 written.
        blank: bool,
    },
    /// `publish`: the site's index page and the open data files.
    Publish {
        /// The site's index page.
        site: Option<PathBuf>,
        /// The open data files.
        open_data: Vec<PathBuf>,
        /// Files of an earlier set, not written this time, kept because
        /// someone edited them since.
        kept: Vec<PathBuf>,
    },
}

/// A workbook, a PDF and the departments' PDFs, each when written.
#[derive(Debug, Default)]
pub(super) struct Documents {
    pub(super) workbook: Option<PathBuf>,
    pub(super) pdf: Option<PathBuf>,
    pub(super) department_pdfs: Vec<PathBuf>,
}

impl Outputs {
    fn documents(&self) -> Option<&Documents> {
        match self {
            Outputs::Build { files, .. }
            | Outputs::Rollup(files, _)
            | Outputs::Review { files, .. } => Some(files),
            Outputs::None | Outputs::Publish { .. } => None,
        }
    }
}

/// One file's line in the JSON output.
#[derive(Serialize)]
struct FileReport<'a> {
    #[serde(serialize_with = "crate::domain::finding::serialize_path")]
    path: &'a Path,
    status: &'static str,
    /// The mail or zip it came in.
    #[serde(skip_serializing_if = "Option::is_none")]
    origin: Option<&'a crate::input::Origin>,
    #[serde(skip_serializing_if = "Option::is_none")]
    document: Option<&'a Document>,
}

/// The JSON output of `check` and `build`.
#[derive(Serialize)]
struct JsonReport<'a> {
    year: Option<FiscalYear>,
    files: Vec<FileReport<'a>>,
    findings: Vec<&'a Finding>,
    #[serde(skip_serializing_if = "Option::is_none")]
    workbook: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pdf: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    department_pdfs: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rollup: Option<&'a Rollup>,
    #[serde(skip_serializing_if = "Option::is_none")]
    mid_year: Option<&'a MidYearReview>,
    #[serde(skip_serializing_if = "Option::is_none")]
    site: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    open_data: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    kept: Vec<String>,
}

/// Prints findings and a summary; the exit code says whether some input
/// has errors.
pub(super) fn report(
    c: &Consolidation,
    walk: &[Finding],
    json: bool,
    written: &Written,
) -> Result<ExitCode> {
    let errors = walk
        .iter()
        .chain(c.findings())
        .filter(|f| f.severity == Severity::Error)
        .count();
    let warnings = walk
        .iter()
        .chain(c.findings())
        .filter(|f| f.severity == Severity::Warning)
        .count();
    let mut out = Printer::new();
    let no_files = Documents::default();
    let docs = written.outputs.documents().unwrap_or(&no_files);
    let (site, open_data, kept) = match &written.outputs {
        Outputs::Publish {
            site,
            open_data,
            kept,
        } => (site.as_ref(), open_data.as_slice(), kept.as_slice()),
        _ => (None, &[][..], &[][..]),
    };
    let shown = |p: &PathBuf| p.display().to_string();
    if json {
        let report = JsonReport {
            year: c.year,
            files: c
                .submissions
                .iter()
                .zip(c.file_statuses())
                .map(|(s, status)| FileReport {
                    path: &s.path,
                    status: status.key(),
                    origin: s.origin.as_ref(),
                    document: s.document.as_deref(),
                })
                .collect(),
            findings: walk.iter().chain(c.findings()).collect(),
            workbook: docs.workbook.as_ref().map(shown),
            pdf: docs.pdf.as_ref().map(shown),
            department_pdfs: docs.department_pdfs.iter().map(shown).collect(),
            rollup: match &written.outputs {
                Outputs::Rollup(_, r) => Some(r),
                _ => None,
            },
            mid_year: match &written.outputs {
                Outputs::Review { review, .. } => Some(review),
                _ => None,
            },
            site: site.map(shown),
            open_data: open_data.iter().map(shown).collect(),
            kept: kept.iter().map(shown).collect(),
        };
        let text = serde_json::to_string_pretty(&report)?;
        let _ = writeln!(out, "{text}");
    } else if written.quiet {
        for finding in walk.iter().chain(c.findings()) {
            if finding.shown_when_quiet() {
                let _ = writeln!(out, "{finding}");
            }
        }
    } else {
        for finding in walk.iter().chain(c.findings()) {
            let _ = writeln!(out, "{finding}");
        }
        // A path that does not exist is no file checked.
        let files = walk
            .iter()
            .filter(|f| !matches!(f.problem, crate::domain::finding::Problem::MissingPath))
            .count();
        let rejected = c.rejected().count() + files;
        let _ = writeln!(
            out,
            "{} ファイルを点検しました: 受付 {}、不受理 {}(エラー {} 件、警告 {} 件)",
            c.submissions.len() + files,
            c.accepted_count(),
            rejected,
            errors,
            warnings
        );
        let (book, pdf) = match &written.outputs {
            Outputs::Rollup(_, r) => {
                let _ = writeln!(out, "{}", summary_line(r));
                ("実績集計ブック", "実績報告の PDF ")
            }
            Outputs::Review {
                review: r, blank, ..
            } => {
                let _ = writeln!(
                    out,
                    "中間評価: 全{}事業の進捗 {}",
                    r.counts.total(),
                    r.counts.listing()
                );
                if *blank {
                    let _ = writeln!(
                        out,
                        "中間評価(進捗・成果・課題・今後の取組)はどの事業にも記入されていません。9月末に様式の「中間評価」の列に記入してから実行してください。"
                    );
                }
                ("中間評価ブック", "中間評価の PDF ")
            }
            _ => ("集約ブック", "議会資料の PDF "),
        };
        if let Some(path) = &docs.workbook {
            let _ = writeln!(out, "{book}を書き出しました: {}", path.display());
        }
        if let Some(path) = &docs.pdf {
            let _ = writeln!(out, "{pdf}を書き出しました: {}", path.display());
        }
        if let Some(first) = docs.department_pdfs.first() {
            let _ = writeln!(
                out,
                "部局別の PDF を {} 件書き出しました: {}",
                docs.department_pdfs.len(),
                first.parent().unwrap_or(Path::new(".")).display()
            );
        }
        if let Some(path) = site {
            let _ = writeln!(
                out,
                "公表用のウェブページを書き出しました: {}",
                path.display()
            );
        }
        for path in open_data {
            let _ = writeln!(out, "オープンデータを書き出しました: {}", path.display());
        }
        match &written.status {
            Some(status)
                if matches!(
                    written.outputs,
                    Outputs::Build {
                        status_table: true,
                        ..
                    }
                ) =>
            {
                let _ = write!(out, "\n{}", crate::consolidate::status::render(status));
            }
            Some(status) => {
                let _ = write!(out, "{}", roster_lines(status));
            }
            None => {}
        }
    }
    out.finish()?;
    Ok(if errors > 0 {
        ExitCode::from(EXIT_INPUT_ERRORS)
    } else {
        ExitCode::SUCCESS
    })
}

/// Who on the roster is still missing (未提出, 要修正), or that all are in;
/// a department whose latest file has errors but whose earlier one was
/// used is said apart. Nothing without a roster.
fn roster_lines(status: &Status) -> String {
    let total = status.departments.len();
    if total == 0 {
        return String::new();
    }
    let used = |d: &&DepartmentStatus| d.received.iter().any(|r| r.taken);
    let names = |state: State, taken: bool| -> Vec<&str> {
        status
            .departments
            .iter()
            .filter(|d| d.state == state && used(d) == taken)
            .map(|d| d.department.as_str())
            .collect()
    };
    let missing = names(State::Missing, false);
    let to_fix = names(State::NeedsFix, false);
    let earlier = names(State::NeedsFix, true);
    let mut text = if missing.is_empty() && to_fix.is_empty() {
        format!("名簿の {total} 部局がすべてそろっています。\n")
    } else {
        let mut text = format!(
            "名簿の {total} 部局のうち {} 部局がそろっていません(出力には入っていません):\n",
            missing.len() + to_fix.len()
        );
        for (label, list) in [("未提出", &missing), ("要修正", &to_fix)] {
            if !list.is_empty() {
                text.push_str(&format!("  {label} {}: {}\n", list.len(), list.join("、")));
            }
        }
        text
    };
    if !earlier.is_empty() {
        text.push_str(&format!(
            "最新の提出にエラーがあり、前の提出で集約した部局: {}\n",
            earlier.join("、")
        ));
    }
    if !(missing.is_empty() && to_fix.is_empty() && earlier.is_empty()) {
        text.push_str("提出状況の詳細は mokuhyo status で確かめられます。\n");
    }
    text
}

/// A path as typed on a command line, for the commands a message suggests:
/// in double quotes when it has a space.
pub(super) fn quoted(path: &Path) -> String {
    let text = path.display().to_string();
    if text.contains(char::is_whitespace) {
        format!("\"{text}\"")
    } else {
        text
    }
}

/// The line that sums the city's grades up.
fn summary_line(r: &Rollup) -> String {
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
