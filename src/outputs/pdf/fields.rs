//! Template version 2's fields in a department's section: the SDGs marks
//! and 施策 of a theme or project, its 予算額, and an indicator's 指標の種類,
//! 基準値, 長期目標値 and 根拠となる計画. A field that is absent adds
//! nothing, so a version 1 document lays out as before.

use std::path::Path;

use super::packet::Builder;
use crate::domain::model::{Document, Indicator, circled};
use crate::domain::plan::Plans;
use crate::outputs::present::{baseline_text, budget_text, long_term_text, plan_names, sdgs_marks};
use mokuhyo_typeset::blocks::Para;

type Doc<'a> = Option<(&'a Path, &'a Document)>;

/// Size of the lines the fields add.
const FIELD: f32 = 8.5;

impl Builder<'_> {
    /// The SDGs marks, 【No.8:働きがいも経済成長も】 one after another, a
    /// mark moved whole to the next line when it does not fit in `width`.
    pub(super) fn sdgs_para(&mut self, goals: &[u8], width: f32, indent: f32) -> Option<Para> {
        if goals.is_empty() {
            return None;
        }
        let mut text = String::new();
        let mut used = 0.0;
        for &goal in goals {
            let mark = self.drawable(None, &sdgs_marks(&[goal]));
            let w = self.m.width(&mark, FIELD, false);
            if used > 0.0 && used + w > width - indent {
                text.push('\n');
                used = 0.0;
            }
            text.push_str(&mark);
            used += w;
        }
        Some(Para::new(text).size(FIELD).indent(indent).space_before(1.5))
    }

    /// `label:value`, its continuation lines under the value (a long
    /// label's one character in, so that the value keeps its width).
    fn field(&mut self, d: Doc, label: &str, value: &str, indent: f32) -> Para {
        let head = format!("{label}:");
        let hanging = if label.chars().count() > 5 {
            FIELD
        } else {
            self.m.width(&head, FIELD, false)
        };
        Para::new(format!("{head}{}", self.drawable(d, value)))
            .size(FIELD)
            .indent(indent)
            .hanging(hanging)
            .space_before(1.5)
    }

    /// 施策:2-1 観光と交流による地域経済の活性化, when the theme or project
    /// names one.
    pub(super) fn plan_para(
        &mut self,
        d: Doc,
        items: &[String],
        plans: &Plans,
        indent: f32,
    ) -> Option<Para> {
        (!items.is_empty()).then(|| self.field(d, "施策", &plan_names(items, plans), indent))
    }

    /// 予算額:48,500千円, when written.
    pub(super) fn budget_para(
        &mut self,
        d: Doc,
        budget: Option<&crate::domain::quantity::Quantity>,
    ) -> Option<Para> {
        budget.map(|b| self.field(d, "予算額", &budget_text(b), 0.0))
    }

    /// Under the indicator cell's lines, for each indicator with a field
    /// of version 2: its number and name (when the project has several),
    /// then 指標の種類, 基準値 (時点), 長期目標値 (年度) and 根拠となる計画
    /// as written.
    pub(super) fn indicator_fields(&mut self, d: Doc, indicators: &[Indicator]) -> Vec<Para> {
        let many = indicators.len() > 1;
        let mut paras = Vec::new();
        for (i, ind) in indicators.iter().enumerate() {
            let mut fields: Vec<(&str, String)> = Vec::new();
            if let Some(kind) = ind.kind {
                fields.push(("指標の種類", kind.label().to_string()));
            }
            if let Some(text) = baseline_text(ind) {
                fields.push(("基準値", text));
            }
            if let Some(text) = long_term_text(ind) {
                fields.push(("長期目標値", text));
            }
            if !ind.basis.is_empty() {
                fields.push(("根拠となる計画", ind.basis.clone()));
            }
            if fields.is_empty() {
                continue;
            }
            // A project's only indicator is named by the lines above.
            let indent = if many {
                let name = self.drawable(d, &ind.display_name());
                paras.push(
                    Para::new(format!("{}{name}", circled(i + 1)))
                        .size(FIELD)
                        .space_before(4.0),
                );
                FIELD
            } else {
                0.0
            };
            for (k, (label, value)) in fields.into_iter().enumerate() {
                let para = self.field(d, label, &value, indent);
                paras.push(if k == 0 && !many {
                    para.space_before(4.0)
                } else {
                    para
                });
            }
        }
        paras
    }
}
