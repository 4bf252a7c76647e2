//! Checks on what was read, beyond what reading itself found (what a value
//! means, not how it was typed): a year-end actual that is not a number or
//! is in another unit, a blank 前年度実績値, missing targets and units; required
//! content (a document with neither theme nor project is not a
//! submission), the year of the run and a year too far ahead, the roster (a name not on it is an
//! error: such a file stays out of every output).

use mokuhyo_domain::finding::{Finding, Problem, Severity, excerpt};
use mokuhyo_domain::form::{Col, Field};
use mokuhyo_domain::plan::Plans;
use mokuhyo_domain::quantity::{Quantity, convert};
use mokuhyo_domain::roster::Roster;
use mokuhyo_domain::wareki::FiscalYear;
use mokuhyo_read::Submission;

/// What the checks compare against.
#[derive(Debug, Clone, Default)]
pub struct Expectations<'a> {
    /// The year of the run, when known.
    pub year: Option<FiscalYear>,
    /// The roster (empty: none).
    pub roster: Option<&'a Roster>,
    /// The fiscal year of today, against which a year far ahead (令和88年度)
    /// is questioned; `None`: not checked.
    pub today: Option<FiscalYear>,
    /// The 施策 of the 総合計画 (`[[plan]]`); a 施策 not on it is a warning.
    /// `None` or empty: any text is taken.
    pub plans: Option<&'a Plans>,
}

/// Adds the findings of every check to the submission.
pub fn check(submission: &mut Submission, expect: &Expectations) {
    let (Some(doc), Some(source)) = (&submission.document, &submission.source) else {
        return;
    };
    if submission.is_own_output() {
        return;
    }
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

    if let Some(today) = expect.today
        && !doc.year.is_plausible_from(today)
    {
        let problem = Problem::ImplausibleYear {
            found: doc.year.label(),
            gregorian: doc.year.gregorian(),
            today: today.label(),
        };
        add(Severity::Error, source.field(Field::Year), problem);
    } else if let Some(expected) = expect.year
        && doc.year != expected
    {
        let problem = Problem::YearMismatch {
            found: doc.year.label(),
            expected: expected.label(),
        };
        add(Severity::Error, source.field(Field::Year), problem);
    }
    if let Some(roster) = expect.roster
        && !roster.is_empty()
        && !doc.department.is_empty()
        && roster.index(&doc.department).is_none()
    {
        let problem = Problem::UnknownDepartment {
            name: excerpt(&doc.department),
            closest: roster.closest_name(&doc.department).map(str::to_string),
        };
        add(Severity::Error, source.field(Field::Department), problem);
    }
    match (doc.themes.is_empty(), doc.projects.is_empty()) {
        (true, true) => add(Severity::Error, None, Problem::EmptyDocument),
        (true, false) => add(Severity::Warning, None, Problem::NoThemes),
        (false, true) => add(Severity::Warning, None, Problem::NoProjects),
        (false, false) => {}
    }
    if let Some(plans) = expect.plans.filter(|p| !p.is_empty()) {
        let known: String = plans
            .iter()
            .take(3)
            .map(|p| format!("「{}」", p.code))
            .collect();
        let themes = doc
            .themes
            .iter()
            .enumerate()
            .map(|(t, theme)| (source.theme_cell(t, Col::ThemePlan), &theme.plan));
        let projects = doc
            .projects
            .iter()
            .enumerate()
            .map(|(p, project)| (source.project_cell(p, Col::Plan), &project.plan));
        for (cell, items) in themes.chain(projects) {
            for item in items.iter().filter(|item| plans.find(item).is_none()) {
                let problem = Problem::UnknownPlan {
                    text: excerpt(item),
                    known: known.clone(),
                };
                add(Severity::Warning, cell.clone(), problem);
            }
        }
    }
    for (p, project) in doc.projects.iter().enumerate() {
        for (i, indicator) in project.indicators.iter().enumerate() {
            let name = excerpt(&indicator.name);
            let cell = source.indicator_cell(p, i, Col::Target);
            if indicator.target.is_none() && !indicator.target_dash && fresh(&cell) {
                add(
                    Severity::Error,
                    cell,
                    Problem::MissingTarget { name: name.clone() },
                );
            }
            let cell = source.indicator_cell(p, i, Col::Actual);
            if !indicator.actual_text.is_empty() && fresh(&cell) {
                let problem = Problem::ActualNotANumber {
                    name: name.clone(),
                    text: excerpt(&indicator.actual_text),
                };
                add(Severity::Warning, cell.clone(), problem);
            }
            if let Some(actual) = indicator.actual
                && !indicator.actual_unit.is_empty()
                && indicator.actual_unit != indicator.unit
                && fresh(&cell)
            {
                let text = format!("{}{}", actual.to_plain_string(), indicator.actual_unit);
                match convert(actual.value, &indicator.actual_unit, &indicator.unit) {
                    Some(value) => {
                        let problem = Problem::ActualConverted {
                            name: name.clone(),
                            text,
                            unit: indicator.unit.clone(),
                            converted: format!("{}{}", Quantity::from_f64(value), indicator.unit),
                        };
                        add(Severity::Note, cell, problem);
                    }
                    None => {
                        let problem = Problem::ActualUnitDiffers {
                            name: name.clone(),
                            text,
                            written: indicator.actual_unit.clone(),
                            unit: indicator.unit.clone(),
                        };
                        add(Severity::Warning, cell, problem);
                    }
                }
            }
            let cell = source.indicator_cell(p, i, Col::Previous);
            if indicator.previous_blank && fresh(&cell) {
                let problem = Problem::BlankPrevious { name: name.clone() };
                add(Severity::Warning, cell, problem);
            }
            let cell = source.indicator_cell(p, i, Col::Unit);
            if indicator.unit.is_empty() && fresh(&cell) {
                add(Severity::Warning, cell, Problem::MissingUnit { name });
            }
        }
    }
}
