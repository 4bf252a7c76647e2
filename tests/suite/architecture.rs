//! The architecture's rules (ARCHITECTURE.md), read from the sources: data
//! flows one way between the top-level modules, no output imports another
//! output or a reader's functions, every module says what it owns, and no
//! file is too long to read in one sitting.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::common::root;

/// The stages, lowest first: a module may use only those before it.
const LAYERS: &[&str] = &[
    "domain",
    "error",
    "input",
    "read",
    "check",
    "consolidate",
    "year_end",
    "outputs::present",
    "outputs::write",
    "outputs::xlsx",
    "outputs::pdf",
    "outputs::html",
    "outputs::open_data",
    "config",
    "cli",
];

/// The outputs, which never use each other.
const OUTPUTS: &[&str] = &[
    "outputs::xlsx",
    "outputs::pdf",
    "outputs::html",
    "outputs::open_data",
];

/// What an output may take from the reader: its result types, never a
/// function that reads.
const READ_TYPES: &[&str] = &["Submission", "SourceMap"];

fn sources() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(&root().join("src"), &mut out);
    out.sort();
    out
}

/// The module a source file belongs to, as named in [`LAYERS`].
fn module_of(path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root().join("src")).unwrap();
    let parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    match parts.first()?.as_str() {
        "lib" | "main" => None,
        "outputs" if parts.len() > 1 && parts[1] != "mod" => Some(format!("outputs::{}", parts[1])),
        top => Some(top.to_string()),
    }
}

/// The code of a file without its tests.
fn code(text: &str) -> &str {
    text.split("#[cfg(test)]").next().unwrap_or(text)
}

/// Every `crate::a::b…` path a file names (in `use` lines and in code),
/// with the item it ends on.
fn crate_paths(text: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for (i, _) in text.match_indices("crate::") {
        let rest = &text[i + "crate::".len()..];
        let path: String = rest
            .chars()
            .take_while(|c| {
                c.is_alphanumeric()
                    || *c == '_'
                    || *c == ':'
                    || *c == '{'
                    || *c == ','
                    || *c == ' '
                    || *c == '}'
            })
            .collect();
        let head: Vec<String> = path
            .split("::")
            .take_while(|p| !p.contains('{'))
            .map(|p| p.split_whitespace().next().unwrap_or("").to_string())
            .filter(|p| !p.is_empty())
            .collect();
        if let Some(group) = path.split_once('{').map(|(_, g)| g) {
            for item in group.split(',') {
                let mut full = head.clone();
                let item = item.trim().trim_end_matches('}');
                let item = item.split_whitespace().next().unwrap_or("");
                full.extend(item.split("::").map(str::to_string));
                out.push(full);
            }
        } else {
            out.push(head);
        }
    }
    out
}

fn target_module(path: &[String]) -> Option<String> {
    match path.first()?.as_str() {
        "outputs" => Some(match path.get(1) {
            Some(sub) if sub != "self" => format!("outputs::{sub}"),
            _ => "outputs".to_string(),
        }),
        top => Some(top.to_string()),
    }
}

fn rank(module: &str) -> usize {
    LAYERS
        .iter()
        .position(|l| *l == module)
        .unwrap_or_else(|| panic!("module {module} is not in LAYERS"))
}

#[test]
fn data_flows_one_way_between_the_stages() {
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut wrong = Vec::new();
    for path in sources() {
        let Some(from) = module_of(&path) else {
            continue;
        };
        let text = std::fs::read_to_string(&path).unwrap();
        for used in crate_paths(code(&text)) {
            let Some(to) = target_module(&used) else {
                continue;
            };
            if to == from || to == "outputs" || from.starts_with(&format!("{to}::")) {
                continue;
            }
            edges.entry(from.clone()).or_default().insert(to.clone());
            let file = path.strip_prefix(root()).unwrap().display().to_string();
            if rank(&to) >= rank(&from) {
                wrong.push(format!(
                    "{file}: {from} uses {} (a later stage)",
                    used.join("::")
                ));
            }
            if OUTPUTS.contains(&from.as_str()) && OUTPUTS.contains(&to.as_str()) {
                wrong.push(format!("{file}: output {from} uses output {to}"));
            }
            if from.starts_with("outputs") && to == "read" {
                let item = used.last().map(String::as_str).unwrap_or("");
                if !READ_TYPES.contains(&item) {
                    wrong.push(format!(
                        "{file}: an output uses the reader's {}",
                        used.join("::")
                    ));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{}\n\nedges: {edges:#?}",
        wrong.join("\n")
    );
}

#[test]
fn every_module_says_what_it_owns_and_reads_in_one_sitting() {
    const MAX_LINES: usize = 620;
    let mut wrong = Vec::new();
    for path in sources() {
        let text = std::fs::read_to_string(&path).unwrap();
        let file = path.strip_prefix(root()).unwrap().display().to_string();
        if !text.starts_with("//!") {
            wrong.push(format!("{file}: does not open with a //! line"));
        }
        let lines = code(&text).lines().count();
        if lines > MAX_LINES {
            wrong.push(format!("{file}: {lines} lines of code (tests aside)"));
        }
    }
    let main = std::fs::read_to_string(root().join("src/main.rs")).unwrap();
    assert!(main.lines().count() <= 40, "main.rs only dispatches");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
