//! Defined-name references as each program stores them: `'部局経営目標'!$B$3`
//! (Excel, rust_xlsxwriter), `部局経営目標!$B$4` (LibreOffice xlsx/xls),
//! `$部局経営目標.$B$4` and `$部局経営目標.$A$11:.$H$23` (ods).

/// A rectangular block of cells on one sheet; rows and columns zero-based.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellRange {
    /// The sheet's name.
    pub sheet: String,
    /// Top-left (row, column).
    pub first: (u32, u32),
    /// Bottom-right (row, column).
    pub last: (u32, u32),
}

/// Parses a defined name's reference. `None` when it does not point at
/// cells (`#REF!`, a constant, a formula).
pub fn parse_reference(formula: &str) -> Option<CellRange> {
    let text = formula.trim().trim_start_matches('=').trim();
    let (sheet, cells) = split_sheet(text)?;
    let (a, b) = match cells.split_once(':') {
        Some((a, b)) => (a, b),
        None => (cells, cells),
    };
    let first = parse_cell(a, &sheet)?;
    let last = parse_cell(b, &sheet)?;
    if sheet.is_empty() || first.0 > last.0 || first.1 > last.1 {
        return None;
    }
    Some(CellRange { sheet, first, last })
}

/// Splits `sheet!cells` or `$sheet.cells` into the unquoted sheet name and
/// the cell part.
fn split_sheet(text: &str) -> Option<(String, &str)> {
    let ods = text.starts_with('$') && !text.contains('!');
    let body = if ods { &text[1..] } else { text };
    let (sheet, rest) = if let Some(quoted) = body.strip_prefix('\'') {
        let mut name = String::new();
        let mut chars = quoted.char_indices().peekable();
        let mut end = None;
        while let Some((i, c)) = chars.next() {
            if c == '\'' {
                if matches!(chars.peek(), Some((_, '\''))) {
                    chars.next();
                    name.push('\'');
                } else {
                    end = Some(i + 1);
                    break;
                }
            } else {
                name.push(c);
            }
        }
        (name, &quoted[end?..])
    } else if ods {
        let dot = body.find(".$").or_else(|| body.rfind('.'))?;
        (body[..dot].to_string(), &body[dot..])
    } else {
        let bang = body.rfind('!')?;
        (body[..bang].to_string(), &body[bang..])
    };
    let rest = rest.strip_prefix('!').or_else(|| rest.strip_prefix('.'))?;
    Some((sheet, rest))
}

/// Parses `$B$3`, `B3`, `.$H$23` or `$Sheet.$H$23` (ods, the sheet
/// repeated) into (row, column); anything more is refused.
fn parse_cell(text: &str, sheet: &str) -> Option<(u32, u32)> {
    let text = match text.rfind('.') {
        Some(dot) => {
            let prefix = text[..dot].trim_start_matches('$');
            let unquoted = prefix
                .strip_prefix('\'')
                .and_then(|p| p.strip_suffix('\''))
                .map(|p| p.replace("''", "'"));
            if !prefix.is_empty() && prefix != sheet && unquoted.as_deref() != Some(sheet) {
                return None;
            }
            &text[dot + 1..]
        }
        None => text,
    };
    let text = text.strip_prefix('$').unwrap_or(text);
    let split = text.find(|c: char| !c.is_ascii_alphabetic())?;
    let (letters, rest) = text.split_at(split);
    let digits = rest.strip_prefix('$').unwrap_or(rest);
    mokuhyo_domain::form::parse_a1(&format!("{letters}{digits}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(sheet: &str, first: (u32, u32), last: (u32, u32)) -> Option<CellRange> {
        Some(CellRange {
            sheet: sheet.to_string(),
            first,
            last,
        })
    }

    #[test]
    fn each_program_s_dialect() {
        let cases = [
            (
                "='部局経営目標'!$B$3",
                range("部局経営目標", (2, 1), (2, 1)),
            ),
            ("部局経営目標!$B$4", range("部局経営目標", (3, 1), (3, 1))),
            ("$部局経営目標.$B$4", range("部局経営目標", (3, 1), (3, 1))),
            (
                "$部局経営目標.$A$11:.$H$23",
                range("部局経営目標", (10, 0), (22, 7)),
            ),
            (
                "$部局経営目標.$A$11:$部局経営目標.$H$23",
                range("部局経営目標", (10, 0), (22, 7)),
            ),
            (
                "'It''s here'!$A$1:$P$62",
                range("It's here", (0, 0), (61, 15)),
            ),
            ("$'R8. 目標'.$C$2", range("R8. 目標", (1, 2), (1, 2))),
            ("Sheet1!A1", range("Sheet1", (0, 0), (0, 0))),
        ];
        for (formula, expected) in cases {
            assert_eq!(parse_reference(formula), expected, "{formula}");
        }
    }

    #[test]
    fn broken_or_constant_references() {
        for formula in [
            "#REF!",
            "='部局経営目標'!#REF!",
            "\"mokuhyo-1\"",
            "1",
            "",
            "=SUM(A1)",
            "$.$A$1",
            "S!$A$0",
            "S!$XFE$1",
            "'部局経営目標'!$A$23:$P$63$部局経営目標.$A$1:.$AMJ$1048576",
            "S!$A$1:$B$2:$C$3",
            "S!$A$1$",
            "S!A$$1",
            "$S.$A$1:$T.$B$2",
        ] {
            assert_eq!(parse_reference(formula), None, "{formula}");
        }
    }
}
