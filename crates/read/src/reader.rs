//! The reader of one sheet: a cell's value for reading (a formula error or
//! a formula without its result is said once, on its cell, and never read),
//! and the findings said about the sheet, each placed on its cell.

use std::collections::BTreeSet;
use std::path::Path;

use super::Grid;
use super::cell::Cell;
use mokuhyo_domain::finding::{Finding, Problem, Severity, excerpt};
use mokuhyo_domain::form::a1;

/// Collects findings for one sheet of one file.
pub(super) struct Reader<'a> {
    path: &'a Path,
    pub(super) grid: &'a Grid,
    findings: Vec<Finding>,
    /// Cells that hold no usable value (a formula error, a formula without
    /// its result), already reported: nothing more is said about them.
    unusable: BTreeSet<(u32, u32)>,
}

impl<'a> Reader<'a> {
    /// A reader of `grid`, a sheet of the file at `path`.
    pub(super) fn new(path: &'a Path, grid: &'a Grid) -> Reader<'a> {
        Reader {
            path,
            grid,
            findings: Vec::new(),
            unusable: BTreeSet::new(),
        }
    }

    /// What was found, in the order it was said.
    pub(super) fn into_findings(self) -> Vec<Finding> {
        self.findings
    }

    /// A cell's value for reading; `None` when it holds no usable value: a
    /// formula error or a formula whose result was not saved, reported here
    /// on the cell (`what` names the field or column), once.
    pub(super) fn cell(&mut self, row: u32, col: u32, what: &str) -> Option<Cell> {
        let cell = self.grid.cell(row, col);
        let problem = match &cell {
            Cell::Error(code) => Problem::CellError {
                column: what.to_string(),
                code: code.clone(),
            },
            Cell::Uncomputed(formula) => Problem::FormulaWithoutResult {
                column: what.to_string(),
                formula: excerpt(formula),
            },
            _ => return Some(cell),
        };
        self.report(Severity::Error, row, col, problem);
        self.unusable.insert((row, col));
        None
    }

    /// A cell's text as read (empty for an unusable cell).
    pub(super) fn text(&mut self, row: u32, col: u32, what: &str) -> String {
        self.cell(row, col, what)
            .map(|c| c.display())
            .unwrap_or_default()
    }

    pub(super) fn report(&mut self, severity: Severity, row: u32, col: u32, problem: Problem) {
        if self.unusable.contains(&(row, col)) {
            return;
        }
        let finding = Finding::at(
            severity,
            self.path,
            Some(&self.grid.name),
            Some(a1(row, col)),
            problem,
        );
        self.findings.push(finding);
    }

    pub(super) fn report_sheet(&mut self, severity: Severity, problem: Problem) {
        let finding = Finding::at(severity, self.path, Some(&self.grid.name), None, problem);
        self.findings.push(finding);
    }
}
