//! Next year's document from this year's: what `template --from` writes,
//! and what it could not carry over.

use mokuhyo_domain::finding::{Problem, excerpt};
use mokuhyo_domain::model::{Document, Indicator, Project};
use mokuhyo_domain::quantity::{convert, convert_quantity};
use mokuhyo_domain::wareki::FiscalYear;

/// Next year's document from this year's: department, head, themes and
/// projects carried over; this year's actuals become 前年度実績値 (見込み
/// carried as such; none: 「-」; one that is not a number or does not
/// convert: blank, for the department to fill in); targets and year-end
/// entries left empty; 備考 carried only when `remark` says so.
pub fn next_year(doc: &Document, year: FiscalYear, remark: bool) -> Document {
    Document {
        year,
        created: None,
        department: doc.department.clone(),
        head: doc.head.clone(),
        remark: if remark {
            doc.remark.clone()
        } else {
            String::new()
        },
        themes: doc.themes.clone(),
        projects: doc
            .projects
            .iter()
            .map(|p| Project {
                code: p.code.clone(),
                title: p.title.clone(),
                description: p.description.clone(),
                sdgs: p.sdgs.clone(),
                plan: p.plan.clone(),
                // Next year's budget, 中間評価 and year-end comments are its own.
                indicators: p.indicators.iter().map(next_indicator).collect(),
                ..Project::default()
            })
            .collect(),
    }
}

fn next_indicator(i: &Indicator) -> Indicator {
    // 0.33億円 for an indicator in 万円 becomes 3,300.
    let previous = i
        .actual
        .and_then(|q| convert_quantity(q, &i.actual_unit, &i.unit));
    Indicator {
        name: i.name.clone(),
        unit: i.unit.clone(),
        target: None,
        previous_estimate: previous.is_some() && i.actual_estimate,
        previous_blank: previous.is_none() && (i.actual.is_some() || !i.actual_text.is_empty()),
        previous,
        direction: i.direction,
        cumulative: i.cumulative,
        kind: i.kind,
        baseline: i.baseline,
        baseline_as_of: i.baseline_as_of.clone(),
        long_term: i.long_term,
        long_term_year: i.long_term_year.clone(),
        basis: i.basis.clone(),
        ..Indicator::default()
    }
}

/// What [`next_year`] could not carry from `doc`, to be said to the clerk:
/// actuals that are not numbers or do not convert (left blank), and how
/// many indicators had none (「-」).
pub fn not_carried(doc: &Document) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut none = 0;
    for i in doc.projects.iter().flat_map(|p| &p.indicators) {
        match i.actual {
            Some(q) if convert(q.value, &i.actual_unit, &i.unit).is_none() => {
                problems.push(Problem::PreviousNotConverted {
                    name: excerpt(&i.name),
                    actual: format!("{}{}", q.to_plain_string(), i.actual_unit),
                    unit: i.unit.clone(),
                });
            }
            Some(_) => {}
            None if !i.actual_text.is_empty() => problems.push(Problem::PreviousNotCarried {
                name: excerpt(&i.name),
                actual: excerpt(&i.actual_text),
            }),
            None => none += 1,
        }
    }
    if none > 0 {
        problems.push(Problem::PreviousNone { count: none });
    }
    problems
}
