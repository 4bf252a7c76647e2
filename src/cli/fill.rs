//! What `template --fill` fills templates with: a document as written in
//! `samples/source/*.toml` (TOML or JSON), or what `check --json` printed
//! (every accepted file's document).

use std::path::Path;

use crate::config::explain::{json_error, toml_error};
use crate::domain::model::Document;
use crate::error::{Error, OsReason, Result};

/// Reads one document from TOML or JSON (the samples' sources).
pub fn load_document(path: &Path) -> Result<Document> {
    let mut docs = load_fill(path)?;
    match docs.len() {
        1 => Ok(docs.remove(0)),
        found => Err(Error::FillNotOne {
            path: path.to_path_buf(),
            found,
        }),
    }
}

/// The documents of a `--fill` file: one document (TOML or JSON), or every
/// accepted file's document in what `check --json` printed.
pub fn load_fill(path: &Path) -> Result<Vec<Document>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::FillRead {
        path: path.to_path_buf(),
        reason: OsReason::from(&e),
    })?;
    let parse = |message: String| Error::FillParse {
        path: path.to_path_buf(),
        message,
    };
    let json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
        || text.trim_start().starts_with('{');
    if !json {
        return toml::from_str(&text)
            .map(|doc| vec![doc])
            .map_err(|e| parse(toml_error(&text, &e)));
    }
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| parse(json_error(&text, &e)))?;
    let Some(files) = value.get("files").and_then(|f| f.as_array()) else {
        return serde_json::from_str(&text)
            .map(|doc| vec![doc])
            .map_err(|e| parse(json_error(&text, &e)));
    };
    let docs: Vec<Document> = files
        .iter()
        .filter(|f| f.get("status").and_then(|s| s.as_str()) == Some("accepted"))
        .filter_map(|f| f.get("document"))
        .map(|d| serde_json::from_value(d.clone()))
        .collect::<std::result::Result<_, _>>()
        .map_err(|e| parse(json_error(&text, &e)))?;
    if docs.is_empty() {
        return Err(Error::FillEmpty {
            path: path.to_path_buf(),
        });
    }
    Ok(docs)
}
