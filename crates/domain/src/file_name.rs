//! File names made from what users and mails give (a department's name, an
//! attachment's name): safe as one path component on every system.

/// A name from a mail or zip made harmless as one path component: only its
/// last part, no separators, no control characters, no Windows device
/// names, never `.` or `..`, never empty.
pub fn safe_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or_default().trim();
    let mut safe = safe_file_name(last);
    safe = safe
        .trim_matches(|c: char| c == '.' || c == ' ')
        .to_string();
    let stem = safe
        .split('.')
        .next()
        .unwrap_or_default()
        .to_ascii_uppercase();
    let device = matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || (stem.len() == 4
            && (stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.as_bytes()[3].is_ascii_digit());
    if device {
        safe.insert(0, '_');
    }
    if safe.is_empty() {
        safe = "添付ファイル".to_string();
    }
    safe
}

/// A file name with the characters Windows forbids replaced by `_`.
pub fn safe_file_name(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn names_never_become_paths() {
        let cases = [
            ("../../x.xlsx", "x.xlsx"),
            ("..\\..\\Windows\\x.xlsx", "x.xlsx"),
            ("/etc/passwd", "passwd"),
            ("C:\\a\\b.xls", "b.xls"),
            ("C:b.xls", "C_b.xls"),
            ("CON.xlsx", "_CON.xlsx"),
            ("com1.xlsx", "_com1.xlsx"),
            ("COMMENT.xlsx", "COMMENT.xlsx"),
            ("..", "添付ファイル"),
            ("", "添付ファイル"),
            ("a\u{0}b.xlsx", "a_b.xlsx"),
            ("総合政策部.xlsx", "総合政策部.xlsx"),
        ];
        for (name, safe) in cases {
            assert_eq!(safe_name(name), safe, "{name:?}");
            assert_eq!(Path::new(&safe_name(name)).components().count(), 1);
        }
    }
}
