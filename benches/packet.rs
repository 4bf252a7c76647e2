//! Benchmark (not a test): the PDF council packet of N departments made
//! from the sample documents. `cargo bench --bench packet [-- N]`.
//! Prints pages, time, pages per second, size and peak memory (Linux).

use std::path::{Path, PathBuf};
use std::time::Instant;

use mokuhyo::config::Headings;
use mokuhyo::consolidate::Consolidation;
use mokuhyo::model::Document;
use mokuhyo::pdf::font::FontSet;
use mokuhyo::pdf::{PdfOptions, Writer};

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
    let mut sources: Vec<Document> = std::fs::read_dir(root.join("samples/source"))
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
    let before = peak_mb();
    let start = Instant::now();
    let writer = Writer::new(PdfOptions {
        headings: Headings::default(),
        timestamp: chrono::NaiveDate::from_ymd_opt(2026, 4, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap(),
        fonts: FontSet::embedded(),
    })
    .unwrap();
    let fonts = start.elapsed();
    let start = Instant::now();
    let pdf = writer.packet(&c).unwrap();
    let packet = start.elapsed();
    let start = Instant::now();
    let one = writer.department(&c, 0).unwrap();
    let department = start.elapsed();

    println!("departments: {n}");
    println!("parse fonts: {:.2} s", fonts.as_secs_f64());
    println!(
        "packet: {} pages in {:.2} s ({:.0} pages/s), {} KB",
        pdf.pages,
        packet.as_secs_f64(),
        pdf.pages as f64 / packet.as_secs_f64(),
        pdf.bytes.len() / 1024
    );
    println!(
        "one department: {} pages in {:.3} s, {} KB",
        one.pages,
        department.as_secs_f64(),
        one.bytes.len() / 1024
    );
    if let (Some(before), Some(peak)) = (before, peak_mb()) {
        println!("peak memory: {peak:.0} MB (before the PDF: {before:.0} MB)");
    }
}
