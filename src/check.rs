//! Checks on what was read, beyond what reading itself found: required
//! content, the year of the run, the roster.

use crate::config::Config;
use crate::finding::{Finding, Problem, Severity, excerpt};
use crate::layout::{Col, Field};
use crate::read::Submission;
use crate::wareki::FiscalYear;

/// What the checks compare against.
#[derive(Debug, Clone, Default)]
pub struct Expectations<'a> {
    /// The year of the run, when known.
    pub year: Option<FiscalYear>,
    /// The configuration (roster).
    pub config: Option<&'a Config>,
}

/// Adds the findings of every check to the submission.
pub fn check(submission: &mut Submission, expect: &Expectations) {
    let (Some(doc), Some(source)) = (&submission.document, &submission.source) else {
        return;
    };
    let path = submission.path.clone();
    // A cell that already has a finding (an error value, text that is not a
    // number) is not reported again as empty.
    let reported: Vec<String> = submission
        .findings
        .iter()
        .filter_map(|f| f.cell.clone())
        .collect();
    let fresh = |cell: &Option<String>| cell.as_ref().is_none_or(|c| !reported.contains(c));
    let sheet = Some(source.sheet.as_str());
    let mut add = |severity, cell: Option<String>, problem| {
        submission
            .findings
            .push(Finding::at(severity, &path, sheet, cell, problem));
    };

    if let Some(expected) = expect.year
        && doc.year != expected
    {
        let problem = Problem::YearMismatch {
            found: doc.year.label(),
            expected: expected.label(),
        };
        add(Severity::Error, source.field(Field::Year), problem);
    }
    if let Some(config) = expect.config
        && !config.departments.is_empty()
        && !doc.department.is_empty()
        && config.roster_index(&doc.department).is_none()
    {
        let problem = Problem::UnknownDepartment {
            name: doc.department.clone(),
        };
        add(Severity::Warning, source.field(Field::Department), problem);
    }
    if doc.themes.is_empty() {
        add(Severity::Warning, None, Problem::NoThemes);
    }
    if doc.projects.is_empty() {
        add(Severity::Warning, None, Problem::NoProjects);
    }
    for (p, project) in doc.projects.iter().enumerate() {
        for (i, indicator) in project.indicators.iter().enumerate() {
            let name = excerpt(&indicator.name);
            let cell = source.indicator_cell(p, i, Col::Target);
            if indicator.target.is_none() && fresh(&cell) {
                add(
                    Severity::Warning,
                    cell,
                    Problem::MissingTarget { name: name.clone() },
                );
            }
            let cell = source.indicator_cell(p, i, Col::Unit);
            if indicator.unit.is_empty() && fresh(&cell) {
                add(Severity::Warning, cell, Problem::MissingUnit { name });
            }
        }
    }
}
