//! Line breaking: UAX #14 break opportunities (`unicode-linebreak`) with
//! Japanese kinsoku, numbers kept with their units, and overlong runs broken
//! rather than overflowing.

use std::sync::LazyLock;

/// Characters that may not start a line (行頭禁則).
const NO_START: &str = "、。，．,.)）]］}｝〕〉》」』】〙〗〟’”»・:：;；!！?？%％‐-－ー―〜～…‥ゝゞヽヾ々〻ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ";

/// Characters that may not end a line (行末禁則).
const NO_END: &str = "(（[［{｛〔〈《「『【〘〖〝‘“«";

/// Units that stay with the number before them (10.0億円, 450万件, 75％).
const UNITS: &str = "億万千百十円件人組店回%％年度月日時分秒歳世帯戸台本冊枚個名社校園所団体箇点倍割ヶか週周haakmgtL㎡㎞㎏";

/// The characters of a list, sorted for a binary search (a `str::contains`
/// per character of every paragraph was a twentieth of a build).
fn sorted(list: &str) -> Vec<char> {
    let mut chars: Vec<char> = list.chars().collect();
    chars.sort_unstable();
    chars.dedup();
    chars
}

static NO_START_SET: LazyLock<Vec<char>> = LazyLock::new(|| sorted(NO_START));
static NO_END_SET: LazyLock<Vec<char>> = LazyLock::new(|| sorted(NO_END));
static UNITS_SET: LazyLock<Vec<char>> = LazyLock::new(|| sorted(UNITS));

fn has(set: &[char], c: char) -> bool {
    set.binary_search(&c).is_ok()
}

/// True when `c` may not start a line.
pub fn no_start(c: char) -> bool {
    has(&NO_START_SET, c)
}

/// True when `c` may not end a line.
pub fn no_end(c: char) -> bool {
    has(&NO_END_SET, c)
}

/// True when a line ending with `last` followed by a line starting with
/// `first` breaks a kinsoku rule.
pub fn violates(last: char, first: char) -> bool {
    no_end(last) || no_start(first)
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

fn is_circled(c: char) -> bool {
    ('①'..='⑳').contains(&c) || ('㉑'..='㉟').contains(&c) || ('㊱'..='㊿').contains(&c)
}

/// Where a line may break: `allowed[i]` says a line may start at char `i`.
fn opportunities(text: &str, chars: &[char]) -> Vec<bool> {
    let mut allowed = vec![false; chars.len() + 1];
    let mut char_at = vec![0usize; text.len() + 1];
    for (n, (byte, _)) in text.char_indices().enumerate() {
        char_at[byte] = n;
    }
    char_at[text.len()] = chars.len();
    for (byte, _) in unicode_linebreak::linebreaks(text) {
        allowed[char_at[byte]] = true;
    }
    // A number followed by its unit, and a circled number with what follows.
    let mut in_number = false;
    for i in 0..chars.len() {
        let c = chars[i];
        let unit = in_number && !is_digit(c) && has(&UNITS_SET, c);
        in_number = is_digit(c) || (in_number && (matches!(c, '.' | ',' | '．' | '，') || unit));
        if i > 0 && (unit || is_circled(chars[i - 1]) || violates(chars[i - 1], c)) {
            allowed[i] = false;
        }
    }
    allowed
}

/// The pieces no line break may split (the narrowest a text can be set).
pub fn pieces(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let allowed = opportunities(text, &chars);
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=chars.len() {
        if i == chars.len() || allowed[i] {
            out.push(
                chars[start..i]
                    .iter()
                    .collect::<String>()
                    .trim_end()
                    .to_string(),
            );
            start = i;
        }
    }
    out
}

/// Breaks `text` into lines no wider than `width`, measuring characters
/// with `advance`. `\n` forces a break. Trailing spaces do not count and
/// are dropped; a run that cannot be broken and is wider than a line is
/// broken where it must, still avoiding kinsoku where it can.
pub fn break_lines(text: &str, width: f32, advance: &dyn Fn(char) -> f32) -> Vec<String> {
    break_lines_at(text, width, advance, false)
}

/// Like [`break_lines`]; with `at_spaces`, a line breaks at its last space
/// when it has one (lists of items such as ①… ②… stay whole).
pub fn break_lines_at(
    text: &str,
    width: f32,
    advance: &dyn Fn(char) -> f32,
    at_spaces: bool,
) -> Vec<String> {
    text.split('\n')
        .flat_map(|part| break_paragraph(part, width, advance, at_spaces))
        .collect()
}

fn break_paragraph(
    text: &str,
    width: f32,
    advance: &dyn Fn(char) -> f32,
    at_spaces: bool,
) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    if chars.is_empty() {
        return vec![String::new()];
    }
    let allowed = opportunities(text, &chars);
    let mut prefix = Vec::with_capacity(chars.len() + 1);
    prefix.push(0.0f32);
    for &c in &chars {
        prefix.push(prefix.last().copied().unwrap_or(0.0) + advance(c));
    }
    let n = chars.len();
    let mut lines = Vec::new();
    let mut start = 0;
    while start < n {
        // The furthest end that fits, trailing spaces not counted.
        let mut fit = start + 1;
        let mut last_ink = start;
        for end in start + 1..=n {
            if !chars[end - 1].is_whitespace() {
                last_ink = end;
            }
            if prefix[last_ink] - prefix[start] > width + 0.01 && end > start + 1 {
                break;
            }
            fit = end;
        }
        let end = if fit == n {
            n
        } else {
            (start + 2..=fit)
                .rev()
                .find(|&b| at_spaces && allowed[b] && chars[b - 1] == ' ')
                .or_else(|| (start + 1..=fit).rev().find(|&b| allowed[b]))
                .or_else(|| {
                    (start + 1..=fit)
                        .rev()
                        .find(|&b| !violates(chars[b - 1], chars[b]))
                })
                .unwrap_or(fit)
        };
        let line: String = chars[start..end].iter().collect();
        lines.push(line.trim_end().to_string());
        start = end;
        while start < n && chars[start] == ' ' {
            start += 1;
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Full-width characters measure 1, others 0.5.
    fn em(c: char) -> f32 {
        if c.is_ascii() { 0.5 } else { 1.0 }
    }

    fn lines(text: &str, width: f32) -> Vec<String> {
        break_lines(text, width, &em)
    }

    #[test]
    fn kinsoku_moves_punctuation_and_brackets() {
        assert_eq!(lines("ああああ。いい", 4.0), ["あああ", "あ。いい"]);
        assert_eq!(lines("あああ「いい」", 4.0), ["あああ", "「いい」"]);
        assert_eq!(lines("あいうえっお", 4.0), ["あいう", "えっお"]);
    }

    #[test]
    fn numbers_keep_their_units() {
        assert_eq!(
            lines("目標値は10.0億円です", 5.0),
            ["目標値は", "10.0億円で", "す"]
        );
        assert_eq!(lines("件数450万件", 5.0), ["件数", "450万件"]);
        assert_eq!(lines("①115組②30人", 5.0), ["①115組", "②30人"]);
    }

    #[test]
    fn latin_words_stay_whole_and_spaces_are_dropped_at_breaks() {
        assert_eq!(lines("SNS Transformation", 8.0), ["SNS", "Transformation"]);
        assert_eq!(
            pieces("SNSの活用、dXで"),
            ["SNS", "の", "活", "用、", "dX", "で"]
        );
        assert_eq!(lines("ab cd ef", 2.0), ["ab", "cd", "ef"]);
    }

    #[test]
    fn overlong_runs_still_break() {
        let long = "x".repeat(25);
        let out = lines(&long, 5.0);
        assert_eq!(out.len(), 3);
        assert!(out.iter().all(|l| l.len() <= 10));
        let digits = "1234567890億円";
        assert!(lines(digits, 3.0).len() > 1);
    }

    #[test]
    fn item_lists_break_at_spaces() {
        let items = "指標:①まにこいん決済額 ②加盟店数";
        assert_eq!(
            break_lines_at(items, 14.0, &em, true),
            ["指標:①まにこいん決済額", "②加盟店数"]
        );
        assert_eq!(
            break_lines_at(items, 14.0, &em, false),
            ["指標:①まにこいん決済額 ②加", "盟店数"]
        );
    }

    #[test]
    fn forced_breaks_and_empty_lines() {
        assert_eq!(lines("あ\n\nい", 10.0), ["あ", "", "い"]);
        assert_eq!(lines("", 10.0), [""]);
    }
}
