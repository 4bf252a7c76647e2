//! The roster: the departments expected, in output order, each with the
//! names it may be written as. How a name found in a file is matched to a
//! department (an alias is the department; a near miss is suggested).

use serde::{Deserialize, Serialize};

/// One department expected.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RosterEntry {
    /// The department's name, as written in its template.
    pub name: String,
    /// 部局長名, pre-filled in its template.
    #[serde(default)]
    pub head: String,
    /// Other names the department is written as (総政 for 総合政策部).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Contact address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
    /// The department's page on the site: `seisaku` gives
    /// `department-seisaku.html` (ASCII letters, digits and `-`; checked
    /// when the configuration is read). Without it, a short hash of the name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
}

/// The departments expected, in output order; empty when none is configured
/// (every department read is then taken as it is written).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Roster(pub Vec<RosterEntry>);

impl Roster {
    /// True when no roster is configured.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The departments, in order.
    pub fn entries(&self) -> &[RosterEntry] {
        &self.0
    }

    /// The roster position of a department name (or alias), if listed.
    pub fn index(&self, name: &str) -> Option<usize> {
        let name = name.trim();
        self.0
            .iter()
            .position(|d| d.name == name || d.aliases.iter().any(|a| a == name))
    }

    /// The entry of a department name (or alias), if listed.
    pub fn entry(&self, name: &str) -> Option<&RosterEntry> {
        self.index(name).map(|i| &self.0[i])
    }

    /// Every way a roster department may be written (its name and its
    /// aliases), each with the department's name.
    pub fn written_names(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().flat_map(|d| {
            std::iter::once(d.name.as_str())
                .chain(d.aliases.iter().map(String::as_str))
                .map(move |written| (written, d.name.as_str()))
        })
    }

    /// The roster department closest to a name that is not on the roster
    /// (総合政策課, 教育委員會): within a third of its length in edits.
    pub fn closest_name(&self, name: &str) -> Option<&str> {
        let length = name.chars().count();
        self.written_names()
            .map(|(written, canonical)| (strsim::levenshtein(name, written), canonical))
            .filter(|(d, _)| *d <= (length / 3).max(1))
            .min_by_key(|(d, _)| *d)
            .map(|(_, canonical)| canonical)
    }

    /// The roster's name for a department written as `name` (an alias maps
    /// to its department).
    pub fn canonical_name<'a>(&'a self, name: &'a str) -> &'a str {
        self.entry(name).map(|d| d.name.as_str()).unwrap_or(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roster() -> Roster {
        let entry = |name: &str, aliases: &[&str]| RosterEntry {
            name: name.to_string(),
            head: String::new(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            contact: None,
            page: None,
        };
        Roster(vec![entry("総合政策部", &["総政"]), entry("総務部", &[])])
    }

    #[test]
    fn aliases_are_the_department() {
        let roster = roster();
        assert_eq!(roster.index("総政"), Some(0));
        assert_eq!(roster.canonical_name("総政"), "総合政策部");
        assert_eq!(roster.canonical_name("建設部"), "建設部");
    }

    #[test]
    fn typos_find_their_department() {
        let roster = roster();
        assert_eq!(roster.closest_name("総合政箖部"), Some("総合政策部"));
        assert_eq!(roster.closest_name("総合政策"), Some("総合政策部"));
        assert_eq!(roster.closest_name("総政部"), Some("総合政策部"));
        assert_eq!(roster.closest_name("建設部"), None);
    }
}
