//! What the benchmarks share: the departments count from the command line,
//! a consolidation of N departments made from sample sources, and the peak
//! memory.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use mokuhyo::consolidate::Consolidation;
use mokuhyo::domain::model::Document;

/// N from `cargo bench --bench NAME -- N`, else 1,000.
pub fn count() -> usize {
    std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(1000)
}

/// A consolidation of `n` departments cycling through the sources in
/// `folder` (relative to the repository), each named apart.
pub fn departments(folder: &str, n: usize) -> Consolidation {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut sources: Vec<Document> = std::fs::read_dir(root.join(folder))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| mokuhyo::cli::load_document(&p).unwrap())
        .collect();
    sources.sort_by(|a, b| a.department.cmp(&b.department));
    let documents: Vec<(PathBuf, Arc<Document>)> = (0..n)
        .map(|i| {
            let mut doc = sources[i % sources.len()].clone();
            doc.department = format!("{}{i:04}", doc.department);
            (PathBuf::from(format!("{i:04}.xlsx")), Arc::new(doc))
        })
        .collect();
    Consolidation {
        municipality: "真庭市".to_string(),
        year: Some(documents[0].1.year),
        documents,
        submissions: Vec::new(),
        plans: Default::default(),
    }
}

/// Peak resident memory in MB (VmHWM), when the system reports it.
pub fn peak_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}
