//! What several outputs show the same way, so that the workbook, the PDF
//! and the web pages agree: the section headings, the text of an indicator
//! cell and of an actual.

use serde::{Deserialize, Serialize};

use crate::domain::model::{Document, Indicator, circled};

/// Section headings. Other years and cities head (1) 部局の役割・使命
/// (ミッション)・経営方針: the text is configurable, the structure is not.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Headings {
    /// Heading of (1).
    pub themes: String,
    /// Heading of (2).
    pub projects: String,
    /// Heading of the indicator column of (2).
    pub indicators: String,
}

impl Default for Headings {
    fn default() -> Headings {
        Headings {
            themes: "(1) 部局の方向性 (テーマ)".to_string(),
            projects: "(2) 事業成果目標 (重点事業)".to_string(),
            indicators: "指標名及び目標値".to_string(),
        }
    }
}

/// The lines of the 指標名及び目標値 cell, as in the seed:
/// 指標:①… / 目標値:①… / (令和7年度実績値:①…).
pub fn indicator_lines(doc: &Document, indicators: &[Indicator]) -> Vec<String> {
    if indicators.is_empty() {
        return Vec::new();
    }
    let many = indicators.len() > 1;
    let number = |i: usize| if many { circled(i + 1) } else { String::new() };
    let names: String = indicators
        .iter()
        .enumerate()
        .map(|(i, ind)| format!("{}{}", number(i), ind.display_name()))
        .collect::<Vec<_>>()
        .join(" ");
    let targets: String = indicators
        .iter()
        .enumerate()
        .map(|(i, ind)| format!("{}{}", number(i), ind.display(ind.target.as_ref())))
        .collect::<Vec<_>>()
        .join(" ");
    let estimate = indicators
        .iter()
        .any(|i| i.previous_estimate && i.previous.is_some());
    let previous: String = indicators
        .iter()
        .enumerate()
        .map(|(i, ind)| format!("{}{}", number(i), ind.display(ind.previous.as_ref())))
        .collect::<Vec<_>>()
        .join(" ");
    let label = format!(
        "{}実績値{}",
        doc.year.previous().label(),
        if estimate { "(見込み)" } else { "" }
    );
    vec![
        format!("指標:{names}"),
        format!("目標値:{targets}"),
        format!("({label}:{previous})"),
    ]
}

/// The actual as shown: as written in the target's unit, in its own
/// unit when typed in another (0.33億円), the text typed when not a number,
/// `-` when none; (見込み) after an estimate.
pub fn actual_text(ind: &Indicator) -> String {
    let value = match ind.actual {
        Some(q) if !ind.actual_unit.is_empty() && ind.actual_unit != ind.unit => {
            format!("{q}{}", ind.actual_unit)
        }
        Some(q) => ind.display(Some(&q)),
        None if !ind.actual_text.is_empty() => crate::domain::finding::excerpt(&ind.actual_text),
        None => "-".to_string(),
    };
    if ind.actual_estimate && ind.actual.is_some() {
        format!("{value}(見込み)")
    } else {
        value
    }
}

/// An indicator's name as listed on its own row: ① before it when its
/// project has several, (累計) after it as [`Indicator::display_name`] says.
pub fn numbered_name(project: &crate::domain::model::Project, index: usize) -> String {
    let name = project
        .indicators
        .get(index)
        .map(Indicator::display_name)
        .unwrap_or_default();
    if project.indicators.len() > 1 {
        format!("{}{name}", circled(index + 1))
    } else {
        name
    }
}
