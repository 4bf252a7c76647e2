//! Benchmark (not a test): reading N filled templates and writing the
//! consolidated workbook. `cargo bench --bench consolidate [-- N]`.
//! Prints wall time per phase and the workbook's size.

use std::path::Path;
use std::time::Instant;

use mokuhyo::outputs::xlsx::template::{self, TemplateOptions};

mod common;

fn main() {
    let n = common::count();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let source = mokuhyo::cli::load_document(&root.join("samples/source/総合政策部.toml")).unwrap();
    let dir = tempfile::tempdir().unwrap();

    let start = Instant::now();
    for i in 0..n {
        let mut doc = source.clone();
        doc.department = format!("部局{i:04}");
        let bytes = template::to_bytes(&doc, &TemplateOptions::default()).unwrap();
        std::fs::write(dir.path().join(format!("{i:04}.xlsx")), bytes).unwrap();
    }
    let write = start.elapsed();

    let start = Instant::now();
    let found = mokuhyo::input::collect(&[dir.path().to_path_buf()]);
    let submissions: Vec<_> = found
        .files
        .iter()
        .map(|p| mokuhyo::read::read_file(p))
        .collect();
    let read_one_thread = start.elapsed();
    assert!(submissions.iter().all(|s| s.is_accepted()));

    let start = Instant::now();
    let c = mokuhyo::consolidate::consolidate(submissions, &Default::default(), "", None);
    let bytes = mokuhyo::outputs::xlsx::consolidated::to_bytes(&c, &Default::default()).unwrap();
    let build = start.elapsed();

    println!("templates: {n}");
    println!("write {n} filled templates: {:.2} s", write.as_secs_f64());
    println!(
        "read and check (one thread): {:.2} s ({:.0} files/s)",
        read_one_thread.as_secs_f64(),
        n as f64 / read_one_thread.as_secs_f64()
    );
    println!(
        "consolidate and write workbook: {:.2} s, {} KB",
        build.as_secs_f64(),
        bytes.len() / 1024
    );
}
