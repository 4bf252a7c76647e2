//! A year's `Change` as every output shows it: the words and values of the
//! `diff` text, the workbook's 前年度比較 sheet and the packet's comparison
//! section are decided here, once, and those outputs only lay them out.

use crate::domain::model::{Direction, Indicator};
use crate::domain::quantity::Quantity;
use crate::year_end::diff::{Change, Comparison, DepartmentDiff, Trend};

/// What happened to the indicator, as [`Change`]'s variants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// New this year.
    Added,
    /// Last year's only.
    Dropped,
    /// In both years (perhaps renamed).
    Kept,
}

/// One change taken apart into what is shown of it.
#[derive(Debug, Clone, Copy)]
pub struct Shown<'a> {
    /// 継続, 名称変更, 新規, 廃止.
    pub label: &'static str,
    /// 事業名 (last year's for a dropped indicator).
    pub project: &'a str,
    /// This year's indicator, or last year's when dropped.
    pub indicator: &'a Indicator,
    /// New, dropped or kept.
    pub kind: Kind,
    /// Last year's name when it was renamed.
    pub renamed_from: Option<&'a str>,
    /// Last year's target, in this year's unit.
    pub last_target: Option<Quantity>,
    /// Last year's actual, in this year's unit.
    pub last_actual: Option<Quantity>,
    /// This year's target (none for a dropped indicator).
    pub target: Option<Quantity>,
    /// This year's target against last year's.
    pub versus_target: Option<Trend>,
    /// This year's target against last year's actual.
    pub versus_actual: Option<Trend>,
    /// This year's 前年度実績値 differs from last year's actual.
    pub previous_differs: bool,
    /// Last year's 長期目標値, in this year's unit.
    pub last_long_term: Option<Quantity>,
    /// This year's 長期目標値 against last year's, when it moved.
    pub long_term_moved: Option<Trend>,
}

impl<'a> Shown<'a> {
    /// The parts of `change`.
    pub fn of(change: &'a Change) -> Shown<'a> {
        let plain = |project: &'a String, indicator: &'a Indicator, kind: Kind| {
            let dropped = kind == Kind::Dropped;
            Shown {
                label: change.label(),
                project,
                indicator,
                kind,
                renamed_from: None,
                last_target: if dropped { indicator.target } else { None },
                last_actual: if dropped { indicator.actual } else { None },
                target: if dropped { None } else { indicator.target },
                versus_target: None,
                versus_actual: None,
                previous_differs: false,
                last_long_term: None,
                long_term_moved: None,
            }
        };
        match change {
            Change::Added { project, indicator } => plain(project, indicator, Kind::Added),
            Change::Dropped { project, indicator } => plain(project, indicator, Kind::Dropped),
            Change::Kept {
                project,
                renamed_from,
                indicator,
                last_target,
                last_actual,
                versus_target,
                versus_actual,
                previous_differs,
                last_long_term,
                versus_long_term,
            } => Shown {
                renamed_from: renamed_from.as_deref(),
                last_target: *last_target,
                last_actual: *last_actual,
                versus_target: *versus_target,
                versus_actual: *versus_actual,
                previous_differs: *previous_differs,
                last_long_term: *last_long_term,
                long_term_moved: versus_long_term.filter(|t| *t != Trend::Same),
                ..plain(project, indicator, Kind::Kept)
            },
        }
    }

    /// Whether this is a kept indicator whose name and target did not
    /// change (the packet leaves it out; the workbook lists it).
    pub fn unchanged(&self) -> bool {
        self.kind == Kind::Kept
            && self.renamed_from.is_none()
            && self.versus_target == Some(Trend::Same)
    }

    /// The indicator's name, `「old」→「new」` when it was renamed.
    pub fn name(&self) -> String {
        match self.renamed_from {
            Some(old) => format!("「{old}」→「{}」", self.indicator.display_name()),
            None => self.indicator.display_name(),
        }
    }

    /// A value with the indicator's unit, `-` when none.
    pub fn value(&self, value: Option<Quantity>) -> String {
        self.indicator.display(value.as_ref())
    }

    /// This year's target as shown, `未設定` when not set yet.
    pub fn target_text(&self) -> String {
        match self.target {
            Some(q) => self.value(Some(q)),
            None => "未設定".to_string(),
        }
    }

    /// The direction when it is not 増加: `減少`, `維持`.
    pub fn direction(&self) -> Option<&'static str> {
        match self.indicator.direction {
            None | Some(Direction::Increase) => None,
            Some(d) => Some(d.label()),
        }
    }

    /// The words of how the target moved: 引上げ, 実績より高い….
    pub fn moved(&self) -> Vec<&'static str> {
        [
            self.versus_target.map(Trend::versus_target),
            self.versus_actual.map(Trend::versus_actual),
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    /// The notes of a table row, whose other columns give the values.
    pub fn notes(&self) -> String {
        let mut notes = Vec::new();
        if self.previous_differs {
            notes.push("前年度実績値が前年度の実績値と異なります".to_string());
        }
        if let Some(t) = self.long_term_moved {
            notes.push(format!("長期目標値を{}", t.versus_target()));
        }
        notes.join("。")
    }

    /// The change as one line of text, after its label.
    pub fn line(&self) -> String {
        let name = self.name();
        let project = self.project;
        match self.kind {
            Kind::Dropped => {
                return format!(
                    "{project} / {name}  (前年度の目標値 {}、実績値 {})",
                    self.value(self.last_target),
                    self.value(self.last_actual)
                );
            }
            Kind::Added => {
                return format!("{project} / {name}  目標値 {}", self.value(self.target));
            }
            Kind::Kept => {}
        }
        let mut text = format!(
            "{project} / {name}  目標値 {}(前年度の目標値 {}",
            self.target_text(),
            self.value(self.last_target)
        );
        if let Some(t) = self.versus_target {
            text.push_str(&format!("から{}", t.versus_target()));
        }
        text.push_str(&format!("、実績値 {}", self.value(self.last_actual)));
        if let Some(t) = self.versus_actual {
            text.push_str(&format!("、{}", t.versus_actual()));
        }
        text.push(')');
        if let Some(direction) = self.direction() {
            text.push_str(&format!(" [{direction}]"));
        }
        if self.previous_differs {
            text.push_str(&format!(
                " ※前年度実績値 {} が前年度の実績値と異なります",
                self.indicator.display(self.indicator.previous.as_ref())
            ));
        }
        if let Some(t) = self.long_term_moved {
            text.push_str(&format!(
                " ※長期目標値を{}(前年度 {})",
                t.versus_target(),
                self.value(self.last_long_term)
            ));
        }
        text
    }
}

/// The headline counts of a department: `新規 1、廃止 0、…`.
pub fn headline(d: &DepartmentDiff) -> String {
    let labels = ["新規", "廃止", "名称変更", "目標引上げ", "目標引下げ"];
    let mut text = labels
        .iter()
        .zip(d.counts())
        .map(|(label, count)| format!("{label} {count}"))
        .collect::<Vec<_>>()
        .join("、");
    if !d.in_last {
        text.push_str("(前年度の様式なし)");
    }
    if !d.in_this {
        text.push_str("(今年度の様式なし)");
    }
    text
}

/// The comparison as lines of text (`mokuhyo diff`).
pub fn render(c: &Comparison) -> String {
    let mut out = format!("{}と{}の比較\n", c.last, c.this);
    for d in &c.departments {
        out.push_str(&format!("\n■ {}  {}\n", d.department, headline(d)));
        for change in &d.changes {
            let shown = Shown::of(change);
            out.push_str(&format!("  [{}] {}\n", shown.label, shown.line()));
        }
    }
    out
}
