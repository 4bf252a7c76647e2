//! Benchmark (not a test): the PDF council packet of N departments made
//! from the sample documents. `cargo bench --bench packet [-- N]`.
//! Prints pages, time, pages per second, size and peak memory (Linux).

use std::time::Instant;

use mokuhyo::outputs::pdf::{PdfOptions, Writer};
use mokuhyo::outputs::present::Headings;
use mokuhyo_typeset::font::FontSet;

mod common;

use common::{count, departments, peak_mb};

fn main() {
    let n = count();
    let c = departments("samples/source", n);
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
