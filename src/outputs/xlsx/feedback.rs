//! Corrections sent back to departments: their workbook rebuilt in the
//! standard template with their own values, each cell with a problem
//! highlighted and noted, and a reply in polite Japanese listing the
//! corrections cell by cell.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rust_xlsxwriter::{ConditionalFormatFormula, Format, Note};

use crate::consolidate::status::{State, Status};
use crate::domain::file_name::safe_name;
use crate::domain::finding::{Finding, Problem, Severity};
use crate::domain::form::parse_a1;
use crate::domain::mark::Mark;
use crate::domain::wareki::FiscalYear;
use crate::error::Result;
use crate::outputs::xlsx::template::{self, Readback, TemplateOptions};
use crate::read::{SourceMap, Submission};

/// One department's (or one file's) feedback.
#[derive(Debug, Clone)]
pub struct Feedback {
    /// File names to write, without folder: the reply text and, when the
    /// file could be read, the marked workbook.
    pub text_name: String,
    /// The reply.
    pub text: String,
    /// The marked workbook (name, bytes).
    pub workbook: Option<(String, Vec<u8>)>,
}

/// Whether a finding asks the department for something.
fn for_department(f: &Finding) -> bool {
    f.severity != Severity::Note && !matches!(f.problem, Problem::Superseded { .. })
}

/// Who a reply goes to.
#[derive(Debug, Clone, PartialEq)]
pub struct Addressee {
    /// The department, as the file names it (a roster name, or a name not
    /// on it); `None` when the file names none.
    pub department: Option<String>,
    /// The roster's contact for the department (a mail address, a section).
    pub contact: Option<String>,
}

/// The submissions to send feedback on: the latest of each department that
/// has problems, and files whose department is not in the roster or unknown.
pub fn select<'a>(
    status: &Status,
    submissions: &'a [Submission],
) -> Vec<(Addressee, &'a Submission)> {
    let find = |path: &Path| submissions.iter().find(|s| s.path == path);
    let mut out = Vec::new();
    for d in &status.departments {
        if d.state == State::Missing {
            continue;
        }
        let Some(latest) = d.received.first().and_then(|r| find(&r.path)) else {
            continue;
        };
        if latest.findings.iter().any(for_department) {
            let to = Addressee {
                department: Some(d.department.clone()),
                contact: d.contact.clone(),
            };
            out.push((to, latest));
        }
    }
    for u in &status.unlisted {
        if let Some(s) = find(&u.path) {
            let to = Addressee {
                department: Some(u.name.clone()),
                contact: None,
            };
            out.push((to, s));
        }
    }
    for path in &status.unknown {
        if let Some(s) = find(path) {
            let department = s
                .document
                .as_ref()
                .map(|d| d.department.clone())
                .filter(|d| !d.is_empty());
            out.push((
                Addressee {
                    department,
                    contact: None,
                },
                s,
            ));
        }
    }
    out
}

/// A finding as the department reads it: the clerk's words about the
/// configuration (名簿, aliases) become what the department should write.
pub fn department_message(f: &Finding) -> String {
    match &f.problem {
        Problem::UnknownDepartment {
            name,
            closest: Some(closest),
        } => format!(
            "部局名「{name}」は、集約で用いる部局名と一致しません。部局名は「{closest}」と入力してください(部局の名称が変わった場合は、集約担当にお知らせください)。"
        ),
        Problem::UnknownDepartment {
            name,
            closest: None,
        } => format!(
            "部局名「{name}」は、集約で用いる部局名と一致しません。正式な部局名を入力してください(分からない場合は、集約担当にお問い合わせください)。"
        ),
        _ => f.message.clone(),
    }
}

/// The file a submission was read from, as the department knows it: the
/// attachment's name, else the file's.
fn file_label(submission: &Submission) -> String {
    submission
        .origin
        .as_ref()
        .map(|o| o.name.clone())
        .unwrap_or_else(|| {
            submission
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        })
}

/// Builds the feedback of one submission.
pub fn build(
    to: &Addressee,
    submission: &Submission,
    options: &TemplateOptions,
    year: Option<FiscalYear>,
    back: &Readback,
) -> Result<Feedback> {
    let label = to.department.clone().unwrap_or_else(|| {
        let file = file_label(submission);
        match file.rsplit_once('.') {
            Some((stem, _)) if !stem.is_empty() => stem.to_string(),
            _ => file,
        }
    });
    let base = safe_name(&format!("{label}_修正依頼"));
    let findings: Vec<&Finding> = submission
        .findings
        .iter()
        .filter(|f| for_department(f))
        .collect();
    let workbook = match (&submission.document, &submission.source) {
        (Some(doc), Some(source)) => {
            let name = format!("{base}.xlsx");
            Some((
                name,
                marked_workbook(doc, source, &findings, options, back)?,
            ))
        }
        _ => None,
    };
    let text = reply(
        to,
        submission,
        &findings,
        workbook.as_ref().map(|(n, _)| n.as_str()),
        year,
        options,
    );
    Ok(Feedback {
        text_name: format!("{base}.txt"),
        text,
        workbook,
    })
}

/// Where a cell of the submitted sheet is in a rebuilt template: the same
/// header field, theme or indicator, in the same column.
fn relocate(cell: &str, from: &SourceMap, to: &SourceMap) -> Option<(u32, u32)> {
    let (row, col) = parse_a1(cell)?;
    if let Some((field, _)) = from.fields.iter().find(|(_, c)| c.as_str() == cell) {
        return to.field(*field).and_then(|c| parse_a1(&c));
    }
    let column = from
        .columns
        .iter()
        .find(|(_, c)| **c == col)
        .map(|(k, _)| *k)?;
    let target_col = *to.columns.get(&column)?;
    if let Some(k) = from.themes.iter().position(|r| *r == row) {
        return Some((*to.themes.get(k)?, target_col));
    }
    for (p, (first, indicators)) in from.projects.iter().enumerate() {
        let (to_first, to_indicators) = to.projects.get(p)?;
        if let Some(i) = indicators.iter().position(|r| *r == row) {
            return Some((*to_indicators.get(i)?, target_col));
        }
        if *first == row {
            return Some((*to_first, target_col));
        }
    }
    None
}

/// The text a problem quotes from its cell, written back into the rebuilt
/// template so that nothing the department typed is lost.
fn typed_text(problem: &Problem) -> Option<&str> {
    match problem {
        Problem::NotANumber { text, .. }
        | Problem::NotADate { text, .. }
        | Problem::NotAChoice { text, .. }
        | Problem::BadYear { text } => Some(text),
        _ => None,
    }
}

fn marked_workbook(
    doc: &crate::domain::model::Document,
    source: &SourceMap,
    findings: &[&Finding],
    options: &TemplateOptions,
    back: &Readback,
) -> Result<Vec<u8>> {
    // Where the document's parts land in the template: read it back.
    let plain = template::to_bytes(doc, options)?;
    let mut marks: BTreeMap<(u32, u32), Vec<&Finding>> = BTreeMap::new();
    if let Some(to) = (back.source_map)(&plain) {
        for f in findings {
            let same_sheet = f.sheet.as_deref() == Some(source.sheet.as_str());
            if let (true, Some(cell)) = (same_sheet, &f.cell)
                && let Some(at) = relocate(cell, source, &to)
            {
                marks.entry(at).or_default().push(f);
            }
        }
    }
    let mut workbook = template::workbook(doc, options)?;
    let sheet = workbook.worksheet_from_name(template::sheet_name(options))?;
    let highlight = Format::new().set_background_color("#FFE699");
    for ((row, col), list) in &marks {
        let text: Vec<String> = list
            .iter()
            .map(|f| format!("【{}】{}", f.severity.label(), department_message(f)))
            .collect();
        let note = Note::new(text.join("\n"))
            .set_author("mokuhyo")
            .set_width(360)
            .set_height(120);
        sheet.insert_note(*row, *col as u16, &note)?;
        if let Some(typed) = list.iter().find_map(|f| typed_text(&f.problem)) {
            let format = crate::outputs::xlsx::style::cell().set_unlocked();
            crate::outputs::xlsx::style::write_text(sheet, *row, *col as u16, typed, &format)?;
        }
        let rule = ConditionalFormatFormula::new()
            .set_rule("TRUE")
            .set_format(&highlight);
        sheet.add_conditional_format(*row, *col as u16, *row, *col as u16, &rule)?;
    }
    let bytes = workbook.save_to_buffer()?;
    template::seal(&mut workbook, bytes, Mark::Feedback, back)
}

/// The reply, ready to paste into a mail: to the department (or, when the
/// file names none, to whoever sent it), asking for corrections when there
/// are errors and only for a check when there are warnings.
fn reply(
    to: &Addressee,
    submission: &Submission,
    findings: &[&Finding],
    workbook: Option<&str>,
    year: Option<FiscalYear>,
    options: &TemplateOptions,
) -> String {
    let year = year.map(|y| y.label()).unwrap_or_default();
    let file = file_label(submission);
    let mut out = String::new();
    if let Some(contact) = &to.contact {
        out.push_str(&format!("宛先: {contact}\n\n"));
    }
    let sender = submission.origin.as_ref().and_then(|o| o.mail.as_ref());
    match (&to.department, sender) {
        (Some(department), _) => out.push_str(&format!("{department} ご担当者様\n\n")),
        (None, Some(mail)) => out.push_str(&format!("{} 様\n\n", mail.from)),
        (None, None) => out.push_str(&format!("「{file}」をご提出いただいたご担当者様\n\n")),
    }
    out.push_str(&format!(
        "お疲れさまです。{year}{}のご提出ありがとうございました。\n",
        options.headings.document
    ));
    let errors = findings.iter().any(|f| f.severity == Severity::Error);
    if errors {
        out.push_str(
            "提出いただいたファイルを点検したところ、修正をお願いしたい箇所がありました。\n",
        );
        out.push_str("お手数をおかけしますが、修正のうえ、あらためてご提出くださいますようお願いいたします。\n\n");
    } else {
        out.push_str(
            "提出いただいたファイルを点検したところ、ご確認をお願いしたい点がありました。\n",
        );
        out.push_str("内容に誤りがなければ、このままで差し支えありません(再提出は不要です)。修正される場合は、修正したファイルをあらためてご提出ください。\n\n");
    }
    out.push_str(&format!("提出ファイル: {file}\n"));
    if let Some(name) = workbook {
        out.push_str(&format!(
            "添付の「{name}」は、提出いただいた内容を標準の様式に写したものです。該当するセルを色付けし、メモで内容を記しています。このファイルに修正して提出いただいてもかまいません。\n"
        ));
    }
    let section = |out: &mut String, title: &str, severity: Severity| {
        let list: Vec<&&Finding> = findings.iter().filter(|f| f.severity == severity).collect();
        if list.is_empty() {
            return;
        }
        out.push_str(&format!("\n【{title}】\n"));
        for (i, f) in list.iter().enumerate() {
            let place = match (&f.sheet, &f.cell) {
                (Some(sheet), Some(cell)) => format!("シート「{sheet}」セル {cell}: "),
                (Some(sheet), None) => format!("シート「{sheet}」: "),
                _ => String::new(),
            };
            out.push_str(&format!("{}. {place}{}\n", i + 1, department_message(f)));
        }
    };
    section(&mut out, "修正をお願いする点", Severity::Error);
    section(&mut out, "ご確認をお願いする点", Severity::Warning);
    out.push_str("\nご不明な点がございましたら、お気軽にお問い合わせください。\nよろしくお願いいたします。\n");
    if !options.municipality.is_empty() {
        out.push_str(&format!(
            "\n{} {} 集約担当\n",
            options.municipality, options.headings.document
        ));
    }
    out
}

/// The paths feedback is written to, in `dir`, never overwriting another
/// feedback of the same run.
pub fn paths(
    dir: &Path,
    feedback: &Feedback,
    used: &mut Vec<PathBuf>,
) -> (PathBuf, Option<PathBuf>) {
    let unique = |name: &str, used: &mut Vec<PathBuf>| {
        let mut path = dir.join(name);
        let mut n = 2;
        while used.contains(&path) {
            path = dir.join(format!("({n}) {name}"));
            n += 1;
        }
        used.push(path.clone());
        path
    };
    let text = unique(&feedback.text_name, used);
    let workbook = feedback
        .workbook
        .as_ref()
        .map(|(name, _)| unique(name, used));
    (text, workbook)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::form::{self, Field, a1};

    #[test]
    fn cells_follow_their_rows() {
        let mut from = SourceMap {
            sheet: "S".into(),
            ..Default::default()
        };
        from.fields.insert(Field::Head, "D5".into());
        from.columns.insert(form::Col::Target, 5);
        from.projects = vec![(30, vec![30, 31])];
        let mut to = SourceMap::default();
        to.fields.insert(Field::Head, "D4".into());
        to.columns.insert(form::Col::Target, 4);
        to.projects = vec![(22, vec![22, 23])];
        assert_eq!(relocate("D5", &from, &to), Some((3, 3)));
        assert_eq!(relocate(&a1(31, 5), &from, &to), Some((23, 4)));
        assert_eq!(relocate(&a1(40, 5), &from, &to), None);
    }

    #[test]
    fn a_file_without_department_is_addressed_to_its_sender() {
        let path = Path::new("受信/07.eml/a.xlsx");
        let submission = Submission {
            path: path.to_path_buf(),
            document: None,
            source: None,
            findings: vec![Finding::file(Severity::Error, path, Problem::EmptyDocument)],
            origin: Some(crate::input::Origin {
                container: "受信/07.eml".into(),
                name: "a.xlsx".into(),
                mail: Some(crate::input::MailInfo {
                    from: "山田 <yamada@example.jp>".into(),
                    subject: "提出".into(),
                    date: None,
                }),
            }),
        };
        let to = Addressee {
            department: None,
            contact: None,
        };
        let back = Readback {
            source_map: &|_| None,
            fingerprint: &|_| None,
        };
        let fb = build(&to, &submission, &TemplateOptions::default(), None, &back).unwrap();
        assert!(
            fb.text.starts_with("山田 <yamada@example.jp> 様\n\n"),
            "{}",
            fb.text
        );
        assert!(fb.text.contains("提出ファイル: a.xlsx\n"), "{}", fb.text);
        assert!(
            fb.text.contains("修正のうえ、あらためてご提出"),
            "{}",
            fb.text
        );
        assert_eq!(fb.text_name, "a_修正依頼.txt");
        assert!(fb.workbook.is_none());
    }
}
