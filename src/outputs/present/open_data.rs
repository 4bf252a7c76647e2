//! The open data's table, which the CSV, the JSON and the workbook write
//! alike: every indicator as one row (総務省's 統一ルール), an ID first, the
//! key (団体コード, 年度, 部局名, 事業番号, 指標番号) unique, one value per
//! cell, no line break inside a text.

use crate::consolidate::Consolidation;
use crate::domain::model::Document;
use crate::domain::quantity::Quantity;
use crate::year_end::achievement::Grade;
use crate::year_end::rollup::Rollup;

/// A cell: text, a number as written, a flag, or nothing.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Text.
    Text(String),
    /// A number, as written (decimals kept): "10.0"; the JSON's literal.
    Number(String),
    /// A flag, 1 or 0 in the CSV, true or false in the JSON.
    Flag(bool),
    /// Nothing: an empty cell, `null`.
    Empty,
}

/// The table: its columns and one row per indicator.
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// The header row.
    pub columns: Vec<&'static str>,
    /// The rows, each as wide as the header.
    pub rows: Vec<Vec<Value>>,
}

/// The columns of every table; ID first, as the 統一ルール's model asks.
const COLUMNS: &[&str] = &[
    "ID",
    "全国地方公共団体コード",
    "地方公共団体名",
    "年度",
    "年度(和暦)",
    "部局名",
    "事業番号",
    "事業名",
    "指標番号",
    "指標名",
    "単位",
    "目標値",
    "前年度実績値",
    "前年度実績値見込み",
    "方向",
    "累計",
];

const YEAR_END: &[&str] = &[
    "実績値",
    "実績値見込み",
    "実績時点",
    "達成率(%)",
    "評価",
    "備考",
];

/// Every indicator of the consolidation as a row; with `rollup`, the
/// year-end columns too (実績値 in the indicator's unit). `keys` are the
/// documents' page keys (`present::page_key`), in order.
///
/// The row's ID is `{団体コード}-{年度}-{page key}-{事業順}-{指標番号}`
/// (`332143-2026-seisaku-4-2`): ASCII, the department's own key, the
/// project's place in its document. A project without a number (●) gets
/// ●1, ●2… in its document's order as its 事業番号, so that the key is
/// unique.
pub fn table(c: &Consolidation, code: &str, keys: &[String], rollup: Option<&Rollup>) -> Table {
    let mut columns = COLUMNS.to_vec();
    if rollup.is_some() {
        columns.extend_from_slice(YEAR_END);
    }
    let text = |t: &str| {
        if t.is_empty() {
            Value::Empty
        } else {
            Value::Text(one_line(t))
        }
    };
    let number =
        |q: Option<&Quantity>| q.map_or(Value::Empty, |q| Value::Number(q.to_plain_string()));
    let mut rows = Vec::new();
    for (d, (_, doc)) in c.documents.iter().enumerate() {
        let doc: &Document = doc;
        let key = keys.get(d).map_or("", String::as_str);
        let mut unnumbered = 0;
        for (p, project) in doc.projects.iter().enumerate() {
            let number_of_project = match project.code.as_deref() {
                Some(code) if !code.trim().is_empty() => code.to_string(),
                _ => {
                    unnumbered += 1;
                    format!("●{unnumbered}")
                }
            };
            for (i, ind) in project.indicators.iter().enumerate() {
                let year = doc.year.gregorian();
                let id = format!("{code}-{year}-{key}-{}-{}", p + 1, i + 1);
                let mut row = vec![
                    Value::Text(id),
                    text(code),
                    text(&c.municipality),
                    Value::Number(year.to_string()),
                    Value::Text(doc.year.label()),
                    text(&doc.department),
                    text(&number_of_project),
                    text(&project.title),
                    Value::Number((i + 1).to_string()),
                    text(&ind.name),
                    text(&ind.unit),
                    number(ind.target.as_ref()),
                    number(ind.previous.as_ref()),
                    Value::Flag(ind.previous_estimate && ind.previous.is_some()),
                    text(ind.direction_label()),
                    Value::Flag(ind.cumulative),
                ];
                if let Some(r) = rollup {
                    let a = r.achievement(d, p, i);
                    let actual = a.and_then(|a| a.actual);
                    row.extend([
                        number(actual.as_ref()),
                        Value::Flag(ind.actual_estimate && ind.actual.is_some()),
                        ind.actual_as_of.map_or(Value::Empty, |d| {
                            Value::Text(d.format("%Y-%m-%d").to_string())
                        }),
                        a.and_then(|a| a.rate)
                            .map_or(Value::Empty, |r| Value::Number(format!("{r:.1}"))),
                        a.map_or(Value::Empty, |a| Value::Text(grade(a.grade).to_string())),
                        a.map_or(Value::Empty, |a| text(&a.remark())),
                    ]);
                }
                rows.push(row);
            }
        }
    }
    Table { columns, rows }
}

/// A text on one line, as the 統一ルール ask of a cell: its lines, trimmed,
/// joined by 「／」 (U+FF0F), so that a reader still sees where a line
/// ended.
pub fn one_line(text: &str) -> String {
    if !text.contains(['\n', '\r']) {
        return text.to_string();
    }
    text.split(['\n', '\r'])
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("／")
}

/// The grade as the open data writes it: A to D, and 測定不能 as 「－」
/// (U+FF0D FULLWIDTH HYPHEN-MINUS), which Windows-31J holds as itself, so
/// that the UTF-8 and the Shift_JIS files carry the same character (the
/// pages' − U+2212 would read back from Shift_JIS as －).
fn grade(grade: Grade) -> &'static str {
    match grade {
        Grade::Unmeasured => "\u{FF0D}",
        other => other.label(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_is_put_on_one_line_with_slashes() {
        assert_eq!(
            one_line("一行目\n 二行目 \r\n\n三行目"),
            "一行目／二行目／三行目"
        );
        assert_eq!(one_line("古いMac\r改行"), "古いMac／改行");
        assert_eq!(one_line(" そのまま "), " そのまま ");
    }
}
