//! What is wrong in mokuhyo.toml (and in a `--fill` file), in Japanese: where (line and column, and
//! the line itself) and what to write instead, from the TOML parser's error
//! (its span and its message), with the closest key suggested for a
//! misspelt one.

/// The parser's error as a message for the clerk.
pub fn toml_error(text: &str, e: &toml::de::Error) -> String {
    let place = e
        .span()
        .map(|span| place(text, span.start))
        .unwrap_or_default();
    format!("{place}{}", what(e.message()).unwrap_or_else(generic))
}

/// A JSON parser's error (a `--fill` file) as a message for the clerk: the
/// line and column, and what is wrong in the same words as for TOML.
pub fn json_error(text: &str, e: &serde_json::Error) -> String {
    let line = e.line().max(1);
    let shown: String = text
        .lines()
        .nth(line - 1)
        .unwrap_or("")
        .trim()
        .chars()
        .take(60)
        .collect();
    let place = format!("{line}行目 {}文字目(「{shown}」): ", e.column());
    // serde_json appends " at line L column C" to the serde message.
    let message = e.to_string();
    let message = message
        .rsplit_once(" at line ")
        .map_or(message.as_str(), |(m, _)| m);
    let what = what(message).unwrap_or_else(|| match e.classify() {
        serde_json::error::Category::Eof => {
            "JSON が途中で終わっています。ファイルの最後まで保存されているか確かめてください。"
                .to_string()
        }
        serde_json::error::Category::Data => {
            "値の形が正しくありません。日付は \"2026-04-01\"、年度は 2026、数値は \"10.0\" の形で書いてください。"
                .to_string()
        }
        _ => "JSON の書き方が正しくありません。mokuhyo check --json が書き出したまま使うか、括弧と「,」と「\"」を確かめてください。".to_string(),
    });
    format!("{place}{what}")
}

/// `3行目 5文字目(「a = "100"」)で`: where the error is.
fn place(text: &str, offset: usize) -> String {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    let shown = text.lines().nth(line - 1).unwrap_or("").trim();
    let shown: String = shown.chars().take(60).collect();
    format!("{line}行目 {column}文字目(「{shown}」): ")
}

/// The backquoted words of a serde message: `a`, `b`.
fn quoted(message: &str) -> Vec<&str> {
    message.split('`').skip(1).step_by(2).collect()
}

/// What a serde message says, in Japanese; `None` for a syntax error, which
/// each format words its own way.
fn what(message: &str) -> Option<String> {
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let words = quoted(rest);
        let (Some(found), expected) = (words.first(), words.get(1..).unwrap_or_default()) else {
            return None;
        };
        let closest = expected
            .iter()
            .map(|k| (strsim::levenshtein(found, k), *k))
            .filter(|(d, k)| *d <= k.chars().count().div_ceil(3).max(1))
            .min()
            .map(|(_, k)| format!("もしかして「{k}」ですか。"))
            .unwrap_or_default();
        return Some(format!(
            "「{found}」という項目は設定できません。{closest}(ここに書ける項目: {})",
            expected.join("、")
        ));
    }
    if let Some(rest) = message.strip_prefix("missing field ") {
        let field = quoted(rest).first().copied().unwrap_or("");
        return Some(format!(
            "「{field}」がありません。この表には必ず書いてください。"
        ));
    }
    if message.starts_with("duplicate key") {
        return Some("同じ項目が2回書かれています。1つにしてください。".to_string());
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return Some(format!(
            "{}が書かれています。ここには{}",
            kind(found),
            expected_kind(expected)
        ));
    }
    if let Some(rest) = message.strip_prefix("invalid value: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return Some(format!(
            "{}は使えません。ここには{}",
            kind(found),
            expected_kind(expected)
        ));
    }
    if message.contains("string values must be quoted") {
        return Some("文字は \"令和8年度\" のように「\"」で囲んでください。".to_string());
    }
    None
}

/// What was written: `string "100"` → 文字列「100」.
fn kind(found: &str) -> String {
    let (what, value) = found.split_once(' ').unwrap_or((found, ""));
    let value = value.trim_matches(|c| c == '`' || c == '"');
    let what = match what {
        "string" => "文字列",
        "integer" => "整数",
        "float" => "小数",
        "boolean" => "真偽値",
        "sequence" => "配列",
        "map" => "表",
        _ => "値",
    };
    if value.is_empty() {
        what.to_string()
    } else {
        format!("{what}「{value}」")
    }
}

/// What was expected, and how to write it.
fn expected_kind(expected: &str) -> String {
    let text = match expected.trim() {
        "f64" | "f32" => "数値を、引用符なしで書いてください(例: 100)",
        "u64" | "u32" | "usize" | "u16" | "u8" => {
            "0 以上の整数を、引用符なしで書いてください(例: 50)"
        }
        "i64" | "i32" | "an integer" => "整数を、引用符なしで書いてください",
        "a string" => "文字列を「\"」で囲んで書いてください",
        "a boolean" => "true か false を書いてください",
        "a sequence" => "[\"…\", \"…\"] のように配列で書いてください",
        e if e.starts_with("a fiscal year") => {
            "年度を \"令和8年度\" か 2026 のように書いてください"
        }
        e if e.starts_with("a report date") => {
            "日付を \"令和9年5月20日\"、\"R9.5.20\" か \"2027-05-20\" のように書いてください"
        }
        e if e.starts_with("a number") => "数値を \"10.0\" か 100 のように書いてください",
        e if e.contains("date") => "日付を \"2026-04-01\" の形で書いてください",
        _ => {
            "正しい形で書いてください(docs/reference/configuration.md の設定の例を確かめてください)"
        }
    };
    format!("{text}。")
}

fn generic() -> String {
    "TOML の書き方が正しくありません。「項目 = 値」の形か、文字は「\"」で囲んであるか、表の名前は [ ] で囲んであるかを確かめてください。".to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(text: &str) -> String {
        let e = toml::from_str::<super::super::Config>(text).unwrap_err();
        toml_error(text, &e)
    }

    #[test]
    fn messages_name_the_line_and_say_what_to_write() {
        assert_eq!(
            message("municipalty = \"x\""),
            "1行目 1文字目(「municipalty = \"x\"」): 「municipalty」という項目は設定できません。もしかして「municipality」ですか。(ここに書ける項目: municipality、code、year、document、date、headings、output、pdf、rollup、limits、department、plan)"
        );
        assert_eq!(
            message("[rollup]\na = \"100\""),
            "2行目 5文字目(「a = \"100\"」): 文字列「100」が書かれています。ここには数値を、引用符なしで書いてください(例: 100)。"
        );
        assert_eq!(
            message("[[department]]\nhead = \"x\""),
            "1行目 1文字目(「[[department]]」): 「name」がありません。この表には必ず書いてください。"
        );
        assert!(message("year = 令和8年度").contains("「\"」で囲んでください"));
        assert!(message("[limits]\nmax_cells = -1").contains("整数「-1」は使えません"));
        assert!(message("a = \"x\"\na = \"y\"").contains("同じ項目が2回"));
        assert_eq!(
            message("pdf = \"x\""),
            "1行目 7文字目(「pdf = \"x\"」): 文字列「x」が書かれています。ここには正しい形で書いてください(docs/reference/configuration.md の設定の例を確かめてください)。"
        );
        for text in [
            "municipalty = 1",
            "[rollup]\na = \"1\"",
            "[pdf]\nfont = 3",
            "x =",
        ] {
            let m = message(text);
            for english in ["expected", "invalid", "unknown", "field", "type"] {
                assert!(!m.contains(english), "{text:?}: {m}");
            }
        }
    }

    fn json(text: &str) -> String {
        let e = serde_json::from_str::<crate::domain::model::Document>(text).unwrap_err();
        json_error(text, &e)
    }

    #[test]
    fn json_messages_name_the_line_and_say_what_to_write() {
        assert_eq!(
            json("{\"year\": \"来年\"}"),
            "1行目 17文字目(「{\"year\": \"来年\"}」): 文字列「来年」は使えません。ここには年度を \"令和8年度\" か 2026 のように書いてください。"
        );
        assert!(json("{\"year\": 2026,\n \"department\": \"x\",").starts_with("2行目 "));
        assert!(json("{\"year\": 2026,").contains("途中で終わっています"));
        assert!(
            json("{\"year\": 2026, \"department\": \"x\", \"created\": \"4月\"}")
                .contains("日付は")
        );
        assert!(json("{\"year\": 2026 \"x\"}").contains("JSON の書き方が正しくありません"));
        assert!(
            json("{\"year\": 2026, \"deprtment\": \"x\"}")
                .contains("もしかして「department」ですか")
        );
    }
}
