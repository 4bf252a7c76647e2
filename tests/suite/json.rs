//! The `--json` of every command against the lists of fields of the JSON
//! reference (docs/reference/json.md), both ways: every field printed is
//! documented, and every documented field (but those marked `?`) is printed
//! by some run here.

use std::collections::BTreeSet;
use std::path::Path;

use crate::common::*;

/// Where the JSON output is documented, from the repository's root.
const JSON_REFERENCE: &str = "docs/reference/json.md";

/// The JSON reference's field lists: the block after `<!-- json-fields: NAME -->`,
/// each line's first word a path (`?` at its end: only for some inputs).
fn documented(name: &str) -> Vec<(String, bool)> {
    let reference = std::fs::read_to_string(root().join(JSON_REFERENCE)).unwrap();
    let marker = format!("<!-- json-fields: {name} -->");
    let start = reference
        .find(&marker)
        .unwrap_or_else(|| panic!("no {marker} in {JSON_REFERENCE}"));
    let block = reference[start..].split("```").nth(1).unwrap();
    block
        .lines()
        .skip(1)
        .filter_map(|line| line.split_whitespace().next())
        .map(|path| match path.strip_suffix('?') {
            Some(path) => (path.to_string(), true),
            None => (path.to_string(), false),
        })
        .collect()
}

/// Every leaf path of a JSON value (`a.b[].c`); an empty list or object is
/// a leaf of its own path.
fn paths(value: &serde_json::Value, at: &str, out: &mut BTreeSet<String>) {
    use serde_json::Value;
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (key, v) in map {
                let next = if at.is_empty() {
                    key.clone()
                } else {
                    format!("{at}.{key}")
                };
                paths(v, &next, out);
            }
        }
        Value::Array(list) if !list.is_empty() => {
            for v in list {
                paths(v, &format!("{at}[]"), out);
            }
        }
        _ => {
            out.insert(at.to_string());
        }
    }
}

/// Whether a documented path covers a path printed.
fn covers(doc: &str, found: &str) -> bool {
    if doc == found {
        return true;
    }
    if let Some(prefix) = doc.strip_suffix('*')
        && found.starts_with(prefix)
    {
        return true;
    }
    // An empty list or object, documented by what it holds.
    doc.starts_with(&format!("{found}[]")) || doc.starts_with(&format!("{found}."))
}

fn json_of(dir: &Path, args: &[&str]) -> serde_json::Value {
    let out = mokuhyo(dir, args);
    assert!(code(&out) < 2, "{args:?}: {}", stderr(&out, dir));
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{args:?}: {e}"))
}

fn assert_documented(name: &str, runs: &[serde_json::Value]) {
    let doc = documented(name);
    let mut found = BTreeSet::new();
    for run in runs {
        paths(run, "", &mut found);
    }
    let undocumented: Vec<&String> = found
        .iter()
        .filter(|f| !doc.iter().any(|(d, _)| covers(d, f)))
        .collect();
    assert!(
        undocumented.is_empty(),
        "{name}: printed but not in {JSON_REFERENCE}: {undocumented:#?}"
    );
    let unseen: Vec<&String> = doc
        .iter()
        .filter(|(d, optional)| !optional && !found.iter().any(|f| covers(d, f)))
        .map(|(d, _)| d)
        .collect();
    assert!(
        unseen.is_empty(),
        "{name}: in {JSON_REFERENCE} but printed by no run: {unseen:#?}"
    );
}

#[test]
fn every_field_is_documented() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let mail = fixture("mail");
    let mail_config = mail.join("mokuhyo.toml");
    let (mail, mail_config) = (mail.to_str().unwrap(), mail_config.to_str().unwrap());
    let year_end = root().join("samples/year-end");
    let year_end = year_end.to_str().unwrap();
    let start = root().join("samples/start");
    let start = start.to_str().unwrap();
    let check = [
        json_of(dir, &["check", year_end, "--json"]),
        json_of(dir, &["check", mail, "--config", mail_config, "--json"]),
        json_of(
            dir,
            &["build", start, "-o", "b", "--per-department", "--json"],
        ),
        json_of(dir, &["rollup", year_end, "-o", "r", "--json"]),
        json_of(dir, &["publish", year_end, "-o", "w", "--json"]),
        json_of(dir, &["review", year_end, "-o", "m", "--json"]),
    ];
    assert_documented("check", &check);
    let status = [json_of(
        dir,
        &["status", mail, "--config", mail_config, "--json"],
    )];
    assert_documented("status", &status);
    std::fs::create_dir(dir.join("令和9年度")).unwrap();
    for department in ["総合政策部", "建設部"] {
        let source = format!("samples/source/{department}.toml");
        let to = format!("令和9年度/{department}.xlsx");
        fill_next_year(dir, &source, Path::new(&to));
    }
    let diff = [json_of(dir, &["diff", year_end, "令和9年度", "--json"])];
    assert_documented("diff", &diff);
}
