//! The architecture's rules (ARCHITECTURE.md) that the compiler cannot
//! see. The stages are crates (crates/*), so a stage that uses a later one
//! does not compile; what is checked here: each crate depends only on the
//! stages before it and the typesetter on none; inside the application
//! (src/) data flows one way between its modules, no output imports another
//! output or a reader's functions; no two files of a crate use each other;
//! every module says what it owns and reads in one sitting. Tests count as
//! code: their imports obey the same rules.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::common::root;

/// The crates, lowest first: a crate may depend only on those before it.
const CRATES: &[(&str, &str)] = &[
    ("mokuhyo-domain", "crates/domain"),
    ("mokuhyo-input", "crates/input"),
    ("mokuhyo-read", "crates/read"),
    ("mokuhyo-check", "crates/check"),
    ("mokuhyo-consolidate", "crates/consolidate"),
    ("mokuhyo-year-end", "crates/year_end"),
    ("mokuhyo-typeset", "crates/typeset"),
    ("mokuhyo", "."),
];

/// The application's modules, lowest first: a module may use only those
/// before it. The stages' crates, re-exported under their names, come
/// before all of them.
const LAYERS: &[&str] = &[
    "domain",
    "input",
    "read",
    "check",
    "consolidate",
    "year_end",
    "error",
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

/// The `.rs` files under a folder, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
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
    walk(dir, &mut out);
    out.sort();
    out
}

/// The application's sources (src/).
fn sources() -> Vec<PathBuf> {
    rust_files(&root().join("src"))
}

/// Every crate's `src` folder and its sources.
fn crate_sources() -> Vec<(PathBuf, Vec<PathBuf>)> {
    CRATES
        .iter()
        .map(|(_, dir)| {
            let src = root().join(dir).join("src");
            let files = rust_files(&src);
            (src, files)
        })
        .collect()
}

/// The `mokuhyo-*` crates a manifest depends on (normal dependencies).
fn mokuhyo_dependencies(manifest: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_dependencies = false;
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_dependencies = line == "[dependencies]";
            continue;
        }
        if in_dependencies && line.starts_with("mokuhyo-") {
            let name = line.split(['.', ' ', '=']).next().unwrap_or("");
            out.push(name.to_string());
        }
    }
    out
}

#[test]
fn each_crate_depends_only_on_the_stages_before_it() {
    let mut wrong = Vec::new();
    for (rank, (name, dir)) in CRATES.iter().enumerate() {
        let manifest = std::fs::read_to_string(root().join(dir).join("Cargo.toml")).unwrap();
        assert!(
            manifest.contains(&format!("name = \"{name}\"")),
            "{dir}/Cargo.toml is not {name}"
        );
        for dependency in mokuhyo_dependencies(&manifest) {
            let at = CRATES.iter().position(|(n, _)| *n == dependency);
            match at {
                Some(at) if at < rank => {}
                _ => wrong.push(format!("{name} depends on {dependency}")),
            }
            if *name == "mokuhyo-typeset" {
                wrong.push(format!("the typesetter depends on {dependency}"));
            }
        }
    }
    let members: Vec<String> = std::fs::read_dir(root().join("crates"))
        .unwrap()
        .map(|e| format!("crates/{}", e.unwrap().file_name().to_string_lossy()))
        .collect();
    for member in members {
        if !CRATES.iter().any(|(_, dir)| *dir == member) {
            wrong.push(format!("{member} is not among the stages"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
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

/// The code of a file without its tests, for counting its lines.
fn code(text: &str) -> &str {
    text.split("#[cfg(test)]").next().unwrap_or(text)
}

/// A file's code, its tests included, without comments: a doc comment's
/// [`super::x`] link is no use of x.
fn uncommented(text: &str) -> String {
    text.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
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
        let text = uncommented(&std::fs::read_to_string(&path).unwrap());
        let (module, _) = file_module(&root().join("src"), &path);
        for used in named_paths(&text, &module) {
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
    for path in crate_sources().into_iter().flat_map(|(_, files)| files) {
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

/// A source file's module path in its crate (`outputs::pdf::packet`), and
/// whether it is a folder's `mod.rs` or the crate's root (`lib.rs`,
/// `main.rs`), which declare the files below them.
fn file_module(src: &Path, path: &Path) -> (Vec<String>, bool) {
    let rel = path.strip_prefix(src).unwrap();
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    let is_root = parts.len() == 1 && (parts[0] == "lib" || parts[0] == "main");
    let is_mod = is_root || parts.last().is_some_and(|p| p == "mod");
    if is_mod {
        parts.pop();
    }
    (parts, is_mod)
}

/// Every path a file names (`crate::…` and `super::…`, resolved): its
/// tests (after `#[cfg(test)]`, in a `mod tests`) from their own module.
fn named_paths(text: &str, module: &[String]) -> Vec<Vec<String>> {
    let (code, tests) = text.split_once("#[cfg(test)]").unwrap_or((text, ""));
    let mut in_tests = module.to_vec();
    in_tests.push("tests".to_string());
    let mut out = crate_paths(code);
    out.extend(super_paths(code, module));
    out.extend(crate_paths(tests));
    out.extend(super_paths(tests, &in_tests));
    out
}

/// The absolute paths a file names through `super::` (grouped or not),
/// resolved from its module (a `mod.rs`'s module is its folder's).
fn super_paths(text: &str, module: &[String]) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for (i, _) in text.match_indices("super::") {
        // A `super::super::` is read from its first `super`.
        if text[..i].ends_with("super::") {
            continue;
        }
        let mut rest = &text[i..];
        let mut base = module.to_vec();
        while let Some(r) = rest.strip_prefix("super::") {
            base.pop();
            rest = r;
        }
        let path: String = rest
            .chars()
            .take_while(|c| {
                c.is_alphanumeric() || matches!(c, '_' | ':' | '{' | ',' | ' ' | '}' | '\n')
            })
            .collect();
        let head: Vec<String> = path
            .split("::")
            .take_while(|p| !p.contains('{'))
            .map(|p| p.split_whitespace().next().unwrap_or("").to_string())
            .filter(|p| !p.is_empty())
            .collect();
        let group = path
            .split_once('{')
            .map(|(_, g)| g.split('}').next().unwrap_or(""));
        match group {
            Some(group) => {
                for item in group.split(',') {
                    let first = item.trim().split("::").next().unwrap_or("").trim();
                    if !first.is_empty() {
                        let mut full = base.clone();
                        full.extend(head.iter().cloned());
                        full.push(first.to_string());
                        out.push(full);
                    }
                }
            }
            None => {
                let mut full = base.clone();
                full.extend(head);
                out.push(full);
            }
        }
    }
    out
}

/// No two files of a crate use each other, by any path of imports
/// (`crate::…` or `super::…`), tests included: an item that both need
/// belongs below both. A folder's `mod.rs` and the crate's root are left
/// out (they declare their files, which may use what they hold).
#[test]
fn no_file_uses_another_that_uses_it_back() {
    let mut circles = Vec::new();
    for (src, sources) in crate_sources() {
        let folder = src.strip_prefix(root()).unwrap().display().to_string();
        let found = circles_among(&src, sources);
        circles.extend(found.into_iter().map(|c| format!("{folder}: {c}")));
    }
    assert!(
        circles.is_empty(),
        "files that use each other:\n{}",
        circles.join("\n")
    );
}

/// The circles of imports among one crate's files.
fn circles_among(src: &Path, sources: Vec<PathBuf>) -> Vec<String> {
    let files: Vec<(Vec<String>, bool, PathBuf)> = sources
        .into_iter()
        .map(|p| {
            let (m, is_mod) = file_module(src, &p);
            (m, is_mod, p)
        })
        .collect();
    let nodes: BTreeSet<Vec<String>> = files
        .iter()
        .filter(|(_, is_mod, _)| !is_mod)
        .map(|(m, _, _)| m.clone())
        .collect();
    let resolve = |path: &[String]| {
        (1..=path.len())
            .rev()
            .map(|n| path[..n].to_vec())
            .find(|prefix| nodes.contains(prefix))
    };
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for (module, _, path) in files.iter().filter(|(_, is_mod, _)| !is_mod) {
        let text = uncommented(&std::fs::read_to_string(path).unwrap());
        for target in named_paths(&text, module).iter().filter_map(|p| resolve(p)) {
            if target != *module {
                edges.entry(module.clone()).or_default().insert(target);
            }
        }
    }
    // Depth-first, reporting the first circle found from each file.
    fn visit(
        at: &Vec<String>,
        edges: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        trail: &mut Vec<Vec<String>>,
        done: &mut BTreeSet<Vec<String>>,
        circles: &mut Vec<String>,
    ) {
        if let Some(i) = trail.iter().position(|t| t == at) {
            let names: Vec<String> = trail[i..]
                .iter()
                .chain([at])
                .map(|m| m.join("::"))
                .collect();
            circles.push(names.join(" → "));
            return;
        }
        if !done.insert(at.clone()) {
            return;
        }
        trail.push(at.clone());
        for next in edges.get(at).into_iter().flatten() {
            visit(next, edges, trail, done, circles);
        }
        trail.pop();
    }
    let mut circles = Vec::new();
    let mut done = BTreeSet::new();
    for node in &nodes {
        visit(node, &edges, &mut Vec::new(), &mut done, &mut circles);
    }
    circles
}
