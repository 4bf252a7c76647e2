//! Benchmark (not a test): the year-end rollup of N departments made from
//! the year-end sample documents: grading, the rollup workbook (with a
//! chart per department) and the report PDF. `cargo bench --bench rollup
//! [-- N]`. Prints time, sizes and peak memory (Linux).

use std::time::Instant;

use mokuhyo::outputs::pdf::{PdfOptions, Writer};
use mokuhyo::outputs::present::Headings;
use mokuhyo::outputs::xlsx::WorkbookOptions;
use mokuhyo::year_end::achievement::Thresholds;
use mokuhyo_typeset::font::FontSet;

mod common;

use common::{count, departments, peak_mb};

fn main() {
    let n = count();
    let c = departments("samples/year-end/source", n);
    let timestamp = chrono::NaiveDate::from_ymd_opt(2027, 3, 31)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap();
    let before = peak_mb();

    let start = Instant::now();
    let r = mokuhyo::year_end::rollup::rollup(&c, &Thresholds::default());
    let grading = start.elapsed();

    let start = Instant::now();
    let options = WorkbookOptions {
        headings: Headings::default(),
        timestamp: Some(timestamp),
        status: None,
        comparison: None,
    };
    let book = mokuhyo::outputs::xlsx::rollup::to_bytes(&c, &r, &options).unwrap();
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
