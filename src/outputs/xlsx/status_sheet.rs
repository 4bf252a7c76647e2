//! The sheet 提出状況 of the consolidated workbook: one row per department
//! with its state, the file taken and why, then names not in the roster
//! and files whose department is unknown.

use rust_xlsxwriter::Worksheet;

use super::{Value, table_sheet};
use crate::consolidate::status::Status;
use crate::domain::quantity::Quantity;
use crate::error::Result;

/// Writes the status sheet.
pub(super) fn write(sheet: &mut Worksheet, status: &Status) -> Result<()> {
    let mut rows: Vec<Vec<Value>> = Vec::new();
    for d in &status.departments {
        let taken = d
            .received
            .iter()
            .find(|r| r.taken)
            .map(|r| r.path.display().to_string())
            .unwrap_or_default();
        let mail = d
            .received
            .first()
            .and_then(|r| r.mail_label())
            .unwrap_or_default();
        rows.push(vec![
            Value::text(&d.department),
            Value::text(d.state.label()),
            Value::text(taken),
            Value::Number(Quantity::new(d.received.len() as f64, 0)),
            Value::text(&d.note),
            Value::text(mail),
        ]);
    }
    for u in &status.unlisted {
        let note = match &u.suggestion {
            Some(s) => format!("名簿にない部局名です(「{s}」の誤りではありませんか)"),
            None => "名簿にない部局名です".to_string(),
        };
        rows.push(vec![
            Value::text(&u.name),
            Value::text("名簿外"),
            Value::text(u.path.display().to_string()),
            Value::Number(Quantity::new(1.0, 0)),
            Value::text(note),
            Value::text(""),
        ]);
    }
    for path in &status.unknown {
        rows.push(vec![
            Value::text("(不明)"),
            Value::text("部局不明"),
            Value::text(path.display().to_string()),
            Value::Number(Quantity::new(1.0, 0)),
            Value::text("部局名が読み取れません。検証結果のシートを見てください"),
            Value::text(""),
        ]);
    }
    table_sheet(
        sheet,
        "提出状況",
        &[
            "部局名",
            "状況",
            "採用したファイル",
            "提出数",
            "説明",
            "メール",
        ],
        &rows,
    )?;
    Ok(())
}
