//! What several outputs show the same way, so that the workbook, the PDF
//! and the web pages agree: the section headings, the text of an indicator
//! cell and of an actual; which texts a spreadsheet would take for a
//! formula; a year's change (`change`).

pub mod change;
pub mod open_data;
pub mod page_key;

use serde::{Deserialize, Serialize};

use crate::domain::model::{Document, Indicator, circled};

/// Whether a spreadsheet would read a text as a formula (OWASP's list for
/// CSV injection: `=`, `+`, `-`, `@`, a tab or a carriage return first), in
/// a CSV cell or once a workbook's cell is edited. A lone `-`, the form's
/// mark for 「実績なし」, is a text to every spreadsheet and stays as it is.
pub fn formula_like(text: &str) -> bool {
    text != "-" && text.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// The document's name when the configuration gives none.
pub const DEFAULT_DOCUMENT: &str = "部局経営目標";

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
    /// The label of the header's department cell (部局名; 部名 elsewhere).
    pub department: String,
    /// The label of the header's head cell (部局長名; 部長名 elsewhere).
    pub head: String,
    /// The document's name (the configuration's top-level `document`).
    #[serde(skip)]
    pub document: String,
}

impl Default for Headings {
    fn default() -> Headings {
        Headings {
            themes: "(1) 部局の方向性 (テーマ)".to_string(),
            projects: "(2) 事業成果目標 (重点事業)".to_string(),
            indicators: "指標名及び目標値".to_string(),
            department: "部局名".to_string(),
            head: "部局長名".to_string(),
            document: DEFAULT_DOCUMENT.to_string(),
        }
    }
}

impl Headings {
    /// A header field's label as the city words it: the department's and
    /// the head's as configured, the others as the template has them.
    pub fn field_label(&self, field: crate::domain::form::Field) -> &str {
        use crate::domain::form::Field;
        match field {
            Field::Department => &self.department,
            Field::Head => &self.head,
            other => other.label(),
        }
    }
}

/// One line of the 指標名及び目標値 cell: its label and its items (each
/// indicator's name or value, ① before it when the project has several),
/// in parentheses when `aside` (the previous year's actuals).
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorLine {
    /// 「指標」, 「目標値」, 「令和7年度実績値」….
    pub label: String,
    /// The names, or each value with its unit (and its own (見込み)).
    pub items: Vec<String>,
    /// Whether the items are values (each kept with its unit on a page).
    pub values: bool,
    /// Whether the line is written in parentheses.
    pub aside: bool,
}

impl IndicatorLine {
    /// The line as text: 「目標値:①10.0億円 ②350店」.
    pub fn text(&self) -> String {
        let line = format!("{}:{}", self.label, self.items.join(" "));
        if self.aside {
            format!("({line})")
        } else {
            line
        }
    }
}

/// The lines of the 指標名及び目標値 cell, as in the seed:
/// 指標:①… / 目標値:①… / (令和7年度実績値:①…).
pub fn indicator_cell(doc: &Document, indicators: &[Indicator]) -> Vec<IndicatorLine> {
    if indicators.is_empty() {
        return Vec::new();
    }
    let many = indicators.len() > 1;
    let number = |i: usize| if many { circled(i + 1) } else { String::new() };
    let names = indicators
        .iter()
        .enumerate()
        .map(|(i, ind)| format!("{}{}", number(i), ind.display_name()))
        .collect();
    let targets = indicators
        .iter()
        .enumerate()
        .map(|(i, ind)| format!("{}{}", number(i), ind.display(ind.target.as_ref())))
        .collect();
    // 見込み belongs to its own value: the label carries it, as the city
    // writes it, only when every value shown is an estimate; otherwise each
    // estimate is marked after its own value.
    let valued = || indicators.iter().filter(|i| i.previous.is_some());
    let estimated = valued().filter(|i| i.previous_estimate).count();
    let all_estimates = estimated > 0 && estimated == valued().count();
    let previous = indicators
        .iter()
        .enumerate()
        .map(|(i, ind)| {
            let mark = if !all_estimates && ind.previous_estimate && ind.previous.is_some() {
                "(見込み)"
            } else {
                ""
            };
            format!("{}{}{mark}", number(i), ind.display(ind.previous.as_ref()))
        })
        .collect();
    let label = format!(
        "{}実績値{}",
        doc.year.previous().label(),
        if all_estimates { "(見込み)" } else { "" }
    );
    let line = |label: &str, items, values, aside| IndicatorLine {
        label: label.to_string(),
        items,
        values,
        aside,
    };
    vec![
        line("指標", names, false, false),
        line("目標値", targets, true, false),
        line(&label, previous, true, true),
    ]
}

/// [`indicator_cell`]'s lines as text.
pub fn indicator_lines(doc: &Document, indicators: &[Indicator]) -> Vec<String> {
    indicator_cell(doc, indicators)
        .iter()
        .map(IndicatorLine::text)
        .collect()
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

/// SDGs goals in the city's own style: 【No.8:働きがいも経済成長も】, one
/// after another; empty when none.
pub fn sdgs_marks(goals: &[u8]) -> String {
    goals
        .iter()
        .map(|&n| format!("【{}】", crate::domain::plan::sdg_label(n)))
        .collect()
}

/// The 施策 a theme or project serves: each as `2-1 観光と交流による…`
/// when the office lists it, else as written; joined by 、.
pub fn plan_names(items: &[String], plans: &crate::domain::plan::Plans) -> String {
    items
        .iter()
        .map(|item| match plans.find(item) {
            Some(plan) => format!("{} {}", plan.code, plan.name),
            None => item.clone(),
        })
        .collect::<Vec<_>>()
        .join("、")
}

/// 予算額 as shown: `48,500千円`.
pub fn budget_text(budget: &crate::domain::quantity::Quantity) -> String {
    format!("{budget}千円")
}

/// 基準値 with its 時点, when there is one: `205.3万人(令和5年度)`.
pub fn baseline_text(ind: &Indicator) -> Option<String> {
    let value = ind.display(Some(ind.baseline.as_ref()?));
    Some(with_when(value, &ind.baseline_as_of))
}

/// 長期目標値 with its year, when there is one: `250万人(令和12年度)`.
pub fn long_term_text(ind: &Indicator) -> Option<String> {
    let value = ind.display(Some(ind.long_term.as_ref()?));
    Some(with_when(value, &ind.long_term_year))
}

fn with_when(value: String, when: &str) -> String {
    if when.is_empty() {
        value
    } else {
        format!("{value}({when})")
    }
}

/// The 中間評価's 進捗 as shown: `△ やや遅れ`.
pub fn progress_text(progress: crate::domain::plan::Progress) -> String {
    format!("{} {}", progress.mark(), progress.meaning())
}

/// What a theme or a project serves, as labelled facts, in this order and
/// only those written: (SDGs, 【No.8:…】), (施策, 2-1 …), (予算額, 48,500千円).
/// A theme has no budget: pass `None`.
pub fn link_facts(
    sdgs: &[u8],
    plan: &[String],
    budget: Option<&crate::domain::quantity::Quantity>,
    plans: &crate::domain::plan::Plans,
) -> Vec<(&'static str, String)> {
    let mut facts = Vec::new();
    if !sdgs.is_empty() {
        facts.push(("SDGs", sdgs_marks(sdgs)));
    }
    if !plan.is_empty() {
        facts.push(("施策", plan_names(plan, plans)));
    }
    if let Some(budget) = budget {
        facts.push(("予算額", budget_text(budget)));
    }
    facts
}

/// An indicator's fields of version 2, as labelled facts, in this order and
/// only those written: 指標の種類 (成果指標), 基準値, 長期目標値, 根拠となる計画.
pub fn indicator_facts(ind: &Indicator) -> Vec<(&'static str, String)> {
    let mut facts = Vec::new();
    if let Some(kind) = ind.kind {
        facts.push(("指標の種類", format!("{}指標", kind.label())));
    }
    if let Some(text) = baseline_text(ind) {
        facts.push(("基準値", text));
    }
    if let Some(text) = long_term_text(ind) {
        facts.push(("長期目標値", text));
    }
    if !ind.basis.is_empty() {
        facts.push(("根拠となる計画", ind.basis.clone()));
    }
    facts
}

/// The 中間評価 as labelled facts, only those written: (進捗, ○ 予定通り),
/// (成果, …), (課題, …), (今後の取組, …).
pub fn mid_year_facts(mid: &crate::domain::model::MidYear) -> Vec<(&'static str, String)> {
    let mut facts = Vec::new();
    if let Some(progress) = mid.progress {
        facts.push(("進捗", progress_text(progress)));
    }
    for (label, text) in [
        ("成果", &mid.results),
        ("課題", &mid.issues),
        ("今後の取組", &mid.next_steps),
    ] {
        if !text.is_empty() {
            facts.push((label, text.clone()));
        }
    }
    facts
}

/// True when some document of the run carries a field of template
/// version 2 that the outputs show (SDGs, 施策, 予算額, baselines, …).
pub fn has_version_2_fields(docs: &[&Document]) -> bool {
    docs.iter().any(|d| {
        d.themes
            .iter()
            .any(|t| !t.sdgs.is_empty() || !t.plan.is_empty())
            || d.projects.iter().any(|p| {
                !p.sdgs.is_empty()
                    || !p.plan.is_empty()
                    || p.budget.is_some()
                    || p.indicators.iter().any(|i| {
                        i.kind.is_some()
                            || i.baseline.is_some()
                            || i.long_term.is_some()
                            || !i.basis.is_empty()
                    })
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::quantity::Quantity;

    #[test]
    fn texts_a_spreadsheet_takes_for_formulas() {
        for text in ["=1+1", "+81 3", "-2+3", "@SUM(A1)", "\tx", "\r=1", "--"] {
            assert!(formula_like(text), "{text:?}");
        }
        for text in ["-", "", "1-①", "−5", "＝1", " =1", "a=b"] {
            assert!(!formula_like(text), "{text:?}");
        }
    }

    #[test]
    fn version_2_fields_as_shown() {
        assert_eq!(
            sdgs_marks(&[8, 17]),
            "【No.8:働きがいも経済成長も】【No.17:パートナーシップで目標を達成しよう】"
        );
        let plans = crate::domain::plan::Plans(vec![crate::domain::plan::Plan {
            code: "2-1".into(),
            name: "観光の振興".into(),
        }]);
        assert_eq!(
            plan_names(&["2-1".into(), "独自".into()], &plans),
            "2-1 観光の振興、独自"
        );
        assert_eq!(budget_text(&Quantity::new(48_500.0, 0)), "48,500千円");
        let ind = Indicator {
            unit: "万人".into(),
            baseline: Some(Quantity::new(205.3, 1)),
            baseline_as_of: "令和5年度".into(),
            long_term: Some(Quantity::new(250.0, 0)),
            ..Indicator::default()
        };
        assert_eq!(baseline_text(&ind).unwrap(), "205.3万人(令和5年度)");
        assert_eq!(long_term_text(&ind).unwrap(), "250万人");
        assert_eq!(
            indicator_facts(&ind),
            [
                ("基準値", "205.3万人(令和5年度)".to_string()),
                ("長期目標値", "250万人".to_string())
            ]
        );
        assert_eq!(
            link_facts(&[8], &[], Some(&Quantity::new(6_200.0, 0)), &plans),
            [
                ("SDGs", "【No.8:働きがいも経済成長も】".to_string()),
                ("予算額", "6,200千円".to_string())
            ]
        );
        assert!(indicator_facts(&Indicator::default()).is_empty());
        assert_eq!(
            progress_text(crate::domain::plan::Progress::Behind),
            "△ やや遅れ"
        );
    }
}
