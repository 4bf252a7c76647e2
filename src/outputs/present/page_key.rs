//! A department's page key: the part of its addresses that belongs to it
//! (its web page `department-{key}.html`, its open data rows' IDs), the
//! same whichever departments are published and wherever the roster lists
//! it.

use crate::domain::mark::{FNV_START, fnv};
use crate::domain::model::Document;
use crate::domain::roster::Roster;

/// The roster's `page` key (`seisaku`), else a short hash (FNV-1a, 8 hex
/// digits) of the department's roster name: plain ASCII whatever the
/// department is called (a place in the order would pass the key to
/// another department).
pub fn page_key(department: &str, roster: &Roster) -> String {
    match roster.entry(department).and_then(|e| e.page.as_deref()) {
        Some(page) => page.to_string(),
        None => format!("{:08x}", name_hash(department, roster) >> 32),
    }
}

/// FNV-1a (64 bits) of a department's roster name.
fn name_hash(department: &str, roster: &Roster) -> u64 {
    fnv(roster.canonical_name(department).trim().bytes(), FNV_START)
}

/// The keys of the documents' departments, in order: [`page_key`], but for
/// the second of two names whose short hashes meet (about one pair in
/// 4 × 10⁹), which takes the whole 64 bits.
pub fn page_keys(docs: &[&Document], roster: &Roster) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for doc in docs {
        let mut key = page_key(&doc.department, roster);
        if keys.contains(&key) {
            key = format!("{:016x}", name_hash(&doc.department, roster));
        }
        keys.push(key);
    }
    keys
}
