//! Next year's document from this year's: what `template --from` writes.

use crate::domain::model::{Document, Indicator, Project};
use crate::domain::quantity::Quantity;
use crate::domain::quantity::convert;
use crate::domain::wareki::FiscalYear;

/// Next year's document from this year's: department, head, themes and
/// projects carried over; this year's actuals become 前年度実績値 (見込み
/// carried as such); targets and year-end entries left empty.
pub fn next_year(doc: &Document, year: FiscalYear) -> Document {
    Document {
        year,
        created: None,
        department: doc.department.clone(),
        head: doc.head.clone(),
        remark: doc.remark.clone(),
        themes: doc.themes.clone(),
        projects: doc
            .projects
            .iter()
            .map(|p| Project {
                code: p.code.clone(),
                title: p.title.clone(),
                description: p.description.clone(),
                indicators: p.indicators.iter().map(next_indicator).collect(),
                review: Default::default(),
            })
            .collect(),
    }
}

fn next_indicator(i: &Indicator) -> Indicator {
    let previous = i.actual.and_then(|q| {
        if i.actual_unit.is_empty() || i.actual_unit == i.unit {
            return Some(q);
        }
        // 0.33億円 for an indicator in 万円 becomes 3,300.
        convert(q.value, &i.actual_unit, &i.unit).map(Quantity::from_f64)
    });
    Indicator {
        name: i.name.clone(),
        unit: i.unit.clone(),
        target: None,
        previous_estimate: previous.is_some() && i.actual_estimate,
        previous,
        direction: i.direction,
        cumulative: i.cumulative,
        ..Indicator::default()
    }
}
