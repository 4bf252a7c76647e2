//! Benchmark (not a test): the year-end rollup of N departments made from
//! the year-end sample documents: grading, the rollup workbook (with a
//! chart per department) and the report PDF. `cargo bench --bench rollup
//! [-- N]`. Prints time, sizes and peak memory (Linux).

use std::path::{Path, PathBuf};
use std::time::Instant;

use mokuhyo::achievement::Thresholds;
use mokuhyo::config::Headings;
use mokuhyo::consolidate::Consolidation;
use mokuhyo::model::Document;
use mokuhyo::pdf::font::FontSet;
use mokuhyo::pdf::{PdfOptions, Writer};
use mokuhyo::workbook::WorkbookOptions;

/// Peak resident memory in MB (VmHWM), when the system reports it.
fn peak_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn main() {
    let n: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(1000);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut sources: Vec<Document> = std::fs::read_dir(root.join("samples/year-end/source"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| mokuhyo::run::load_document(&p).unwrap())
        .collect();
    sources.sort_by(|a, b| a.department.cmp(&b.department));
    let documents: Vec<(PathBuf, Document)> = (0..n)
        .map(|i| {
            let mut doc = sources[i % sources.len()].clone();
            doc.department = format!("{}{i:04}", doc.department);
            (PathBuf::from(format!("{i:04}.xlsx")), doc)
        })
        .collect();
    let c = Consolidation {
        municipality: "真庭市".to_string(),
        year: Some(documents[0].1.year),
        documents,
        submissions: Vec::new(),
    };
    let timestamp = chrono::NaiveDate::from_ymd_opt(2027, 3, 31)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap();
    let before = peak_mb();

    let start = Instant::now();
    let r = mokuhyo::rollup::rollup(&c, &Thresholds::default());
    let grading = start.elapsed();

    let start = Instant::now();
    let options = WorkbookOptions {
        headings: Headings::default(),
        timestamp: Some(timestamp),
        status: None,
        comparison: None,
    };
    let book = mokuhyo::workbook::rollup::to_bytes(&c, &r, &options).unwrap();
    let workbook = start.elapsed();

    let start = Instant::now();
    let writer = Writer::new(PdfOptions {
        headings: Headings::default(),
        timestamp,
        fonts: FontSet::embedded(),
    })
    .unwrap();
    let pdf = writer.rollup(&c, &r).unwrap();
    let report = start.elapsed();

    println!("departments: {n}, indicators: {}", r.counts.total());
    println!("grade every indicator: {:.3} s", grading.as_secs_f64());
    println!(
        "rollup workbook: {:.2} s, {} KB",
        workbook.as_secs_f64(),
        book.len() / 1024
    );
    println!(
        "report PDF: {} pages in {:.2} s ({:.0} pages/s), {} KB",
        pdf.pages,
        report.as_secs_f64(),
        pdf.pages as f64 / report.as_secs_f64(),
        pdf.bytes.len() / 1024
    );
    if let (Some(before), Some(after)) = (before, peak_mb()) {
        println!("peak memory: {after:.0} MB (before: {before:.0} MB)");
    }
}
