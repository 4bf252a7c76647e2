//! `mokuhyo publish`: the city's web pages and the open data, checked like
//! `build`; the site's folder is written as a set (a rerun removes the pages
//! of departments no longer published).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use super::report::{Outputs, Printer, Written, finish, nothing_accepted, report};
use super::settings::{Settings, input_files, read_all};
use crate::cli::args::PublishArgs;
use crate::consolidate::status;
use crate::domain::model::Document;
use crate::error::Result;
use crate::outputs::html::{self, SiteOptions, department::has_actuals};
use crate::outputs::open_data::{self, Encoding};
use crate::outputs::present::page_key::page_keys;
use crate::outputs::write;
use crate::year_end::rollup::rollup;

/// The open data files, in the site's folder.
const CSV: &str = "指標一覧.csv";
const JSON: &str = "指標一覧.json";
const XLSX: &str = "指標一覧.xlsx";

/// `mokuhyo publish`.
pub(super) fn run_publish(args: PublishArgs) -> Result<ExitCode> {
    let mut settings = Settings::from(&args.common)?;
    settings.progress &= !args.json;
    let encoding = match args.csv_encoding.as_str() {
        "shift_jis" => Encoding::ShiftJis,
        _ => Encoding::Utf8Bom,
    };
    let (submissions, walk_findings) = read_all(&args.inputs, &settings)?;
    let c = settings.consolidate(submissions, settings.year);
    if c.documents.is_empty() {
        return nothing_accepted(&c, &walk_findings, args.json);
    }
    let year_end = c.documents.iter().any(|(_, d)| has_actuals(d));
    let r = year_end.then(|| rollup(&c, &settings.config.rollup));
    let options = SiteOptions {
        municipality: settings.config.municipality.clone(),
        headings: settings.config.headings.clone(),
        fragments: args.fragments,
        open_data: vec![
            ("指標一覧のオープンデータ(CSV)".to_string(), CSV.to_string()),
            (
                "指標一覧のオープンデータ(JSON)".to_string(),
                JSON.to_string(),
            ),
            (
                "指標一覧のオープンデータ(Excel)".to_string(),
                XLSX.to_string(),
            ),
        ],
        roster: settings.config.roster.clone(),
    };
    let mut files = html::site(&c, r.as_ref(), &options);
    let code = settings.config.code.clone().unwrap_or_default();
    let docs: Vec<&Document> = c.documents.iter().map(|(_, d)| &**d).collect();
    let keys = page_keys(&docs, &settings.config.roster);
    let table = open_data::table(&c, &code, &keys, r.as_ref());
    let title = format!(
        "{} {} 指標一覧",
        c.year.map(|y| y.label()).unwrap_or_default(),
        settings.config.headings.document
    );
    let workbook = crate::outputs::xlsx::open_data::to_bytes(
        &table,
        title.trim(),
        Some(settings.timestamp()),
    )?;
    let (csv, lost) = open_data::csv(&table, encoding);
    let mut c = c;
    add_lost_characters(&mut c, &lost);
    files.push((CSV.to_string(), csv));
    files.push((JSON.to_string(), open_data::json(&table)));
    files.push((XLSX.to_string(), workbook));
    let inputs = input_files(&c);
    let paths: Vec<(PathBuf, &[u8])> = files
        .iter()
        .map(|(name, bytes)| (args.output.join(name), bytes.as_slice()))
        .collect();
    for (path, _) in &paths {
        write::ensure_not_input(path, &inputs)?;
    }
    let outcome = write::write_each(paths.iter().map(|(p, b)| (p.as_path(), *b)));
    let kept: Vec<(PathBuf, &[u8])> = paths
        .iter()
        .filter(|(p, _)| outcome.wrote(p).is_some())
        .cloned()
        .collect();
    let replaced = write::replace_set(&args.output, &kept)?;
    if !replaced.kept.is_empty() && !args.json && !settings.quiet {
        // A page or fragment of an earlier set, not written this time, that
        // someone edited since: kept, and said so, since the site no longer
        // links to it.
        let mut out = Printer::new();
        for path in &replaced.kept {
            let _ = writeln!(
                out,
                "[注意] {}: 前回の公表で書き出したファイルですが、今回の公表には含まれません。書き出した後に編集されているので削除せずに残しました。不要なら削除してください。",
                path.display()
            );
        }
        out.finish()?;
    }
    let roster = &settings.config.roster;
    let written = Written {
        outputs: Outputs::Publish {
            site: outcome.wrote(&args.output.join("index.html")),
            open_data: [CSV, JSON, XLSX]
                .iter()
                .filter_map(|name| outcome.wrote(&args.output.join(name)))
                .collect(),
            kept: replaced.kept.clone(),
        },
        status: (!roster.is_empty()).then(|| status::status(&c, roster)),
        quiet: settings.quiet,
    };
    let code = report(&c, &walk_findings, args.json, &written);
    finish(code, &outcome)
}

/// Turns the characters the CSV's Shift_JIS lacked into warnings on the
/// department's file: counted in the summary, printed with `--quiet` too.
fn add_lost_characters(c: &mut crate::consolidate::Consolidation, lost: &[open_data::Lost]) {
    use crate::domain::finding::{Finding, Problem, Severity};
    for l in lost {
        let Some(path) = c
            .documents
            .iter()
            .find(|(_, d)| d.department == l.department)
            .map(|(p, _)| p.clone())
        else {
            continue;
        };
        let problem = Problem::NotInShiftJis {
            department: l.department.clone(),
            line: l.line,
            column: l.column.to_string(),
            chars: l.chars.iter().collect(),
        };
        if let Some(s) = c.submissions.iter_mut().find(|s| s.path == path) {
            s.findings
                .push(Finding::file(Severity::Warning, &path, problem));
        }
    }
}
