//! The data model of one department's 部局経営目標, as read from a template
//! and as written to every output (serde: TOML sample sources, JSON export).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::plan::{IndicatorKind, Progress};
use crate::quantity::{Quantity, round_to, unit_scale};
use crate::wareki::FiscalYear;

/// One department's 部局経営目標 for one fiscal year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// 年度.
    pub year: FiscalYear,
    /// 作成日.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<NaiveDate>,
    /// 部局名.
    pub department: String,
    /// 部局長名.
    #[serde(default)]
    pub head: String,
    /// A note shown with the department, e.g. that sample content is invented.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub remark: String,
    /// (1) 部局の方向性 (テーマ).
    #[serde(default, rename = "theme")]
    pub themes: Vec<Theme>,
    /// (2) 事業成果目標 (重点事業).
    #[serde(default, rename = "project")]
    pub projects: Vec<Project>,
}

/// One theme of (1) 部局の方向性: a title line and a body paragraph.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    /// The title line, without the leading ・.
    pub title: String,
    /// The body; lines separated by `\n`.
    #[serde(default)]
    pub body: String,
    /// SDGs goals (1–17) the theme serves, sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sdgs: Vec<u8>,
    /// 施策 of the 総合計画 it serves, as written (code or name).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub plan: Vec<String>,
}

/// One priority project (重点事業) of (2).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Project {
    /// Optional code such as `1-①`; a project without one is shown with ●.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// 事業名.
    pub title: String,
    /// 事業内容: sentences and bullet lines (starting with ・), separated by `\n`.
    #[serde(default)]
    pub description: String,
    /// SDGs goals (1–17) the project serves, sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sdgs: Vec<u8>,
    /// 施策 of the 総合計画 it serves, as written (code or name).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub plan: Vec<String>,
    /// 予算額(事業費) in 千円.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget: Option<Quantity>,
    /// 指標, shown as ①②③… in order.
    #[serde(default, rename = "indicator")]
    pub indicators: Vec<Indicator>,
    /// 中間評価 (end of September).
    #[serde(default, skip_serializing_if = "MidYear::is_empty")]
    pub mid_year: MidYear,
    /// Year-end comments (年度末).
    #[serde(default, skip_serializing_if = "Review::is_empty")]
    pub review: Review,
}

/// The 中間評価 of a project, written at the end of September.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MidYear {
    /// 進捗 ◎○△×.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub progress: Option<Progress>,
    /// 成果 so far.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub results: String,
    /// 課題.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub issues: String,
    /// 今後の取組.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub next_steps: String,
}

impl MidYear {
    /// True when nothing of the 中間評価 is written.
    pub fn is_empty(&self) -> bool {
        self.progress.is_none()
            && self.results.is_empty()
            && self.issues.is_empty()
            && self.next_steps.is_empty()
    }
}

/// Year-end comments on a project.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Review {
    /// 成果.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub results: String,
    /// 課題.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub issues: String,
    /// 今後の方向性.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub next_steps: String,
}

impl Review {
    /// True when no comment is written.
    pub fn is_empty(&self) -> bool {
        self.results.is_empty() && self.issues.is_empty() && self.next_steps.is_empty()
    }
}

/// Which way an indicator is better.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Direction {
    /// 増加: higher is better (also what a blank 方向 is graded as).
    #[default]
    #[serde(rename = "増加")]
    Increase,
    /// 減少: lower is better.
    #[serde(rename = "減少")]
    Decrease,
    /// 維持: should hold.
    #[serde(rename = "維持")]
    Maintain,
}

impl Direction {
    /// All directions, in the order of the template's list.
    pub const ALL: [Direction; 3] = [
        Direction::Increase,
        Direction::Decrease,
        Direction::Maintain,
    ];

    /// The Japanese label as written in the template.
    pub fn label(self) -> &'static str {
        match self {
            Direction::Increase => "増加",
            Direction::Decrease => "減少",
            Direction::Maintain => "維持",
        }
    }

    /// Parses a label as typed (surrounding spaces ignored).
    pub fn from_label(text: &str) -> Option<Direction> {
        let text = text.trim();
        Direction::ALL.into_iter().find(|d| d.label() == text)
    }
}

/// One indicator (指標) of a project.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// 指標名, as written (may contain (累計)).
    pub name: String,
    /// 単位 as written: 組, 人, 億円, 万件, %. Empty when the indicator has none.
    #[serde(default)]
    pub unit: String,
    /// 目標値; `None` when not set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<Quantity>,
    /// 目標値 was written `-` (none, said so), not left blank: a blank
    /// target is an error, `-` is not.
    #[serde(default, skip_serializing_if = "is_false")]
    pub target_dash: bool,
    /// 前年度実績値; `None` means none (`-`), which is not zero.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<Quantity>,
    /// 前年度実績値 was left blank, not written `-`: kept so that what was
    /// typed is what a rebuilt file shows, and the check can ask about it.
    #[serde(default, skip_serializing_if = "is_false")]
    pub previous_blank: bool,
    /// The previous actual is an estimate (見込み).
    #[serde(default, skip_serializing_if = "is_false")]
    pub previous_estimate: bool,
    /// 方向 as chosen; `None` when the cell is blank or holds no valid
    /// choice (the achievement then counts it as 増加, see
    /// [`Indicator::graded_direction`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
    /// 累計: the target is cumulative.
    #[serde(default, skip_serializing_if = "is_false")]
    pub cumulative: bool,
    /// 実績値 entered at year end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual: Option<Quantity>,
    /// The year-end actual is an estimate (見込み).
    #[serde(default, skip_serializing_if = "is_false")]
    pub actual_estimate: bool,
    /// 実績時点: the date the year-end actual stands at.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual_as_of: Option<NaiveDate>,
    /// 実績値 as typed when it is not a number (集計中): kept so that it is
    /// shown, and the achievement is then not measurable.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub actual_text: String,
    /// The unit written with the 実績値 when it differs from `unit`
    /// (`30件` for an indicator in 人).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub actual_unit: String,
    /// 指標の種類: 成果 or 活動.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<IndicatorKind>,
    /// 基準値.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<Quantity>,
    /// 基準値の時点, as written (令和6年度).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub baseline_as_of: String,
    /// 長期目標値.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub long_term: Option<Quantity>,
    /// 長期目標の年度, as written (令和12年度).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub long_term_year: String,
    /// 根拠となる計画 and why the indicator was chosen.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub basis: String,
}

fn is_false(value: &bool) -> bool {
    !*value
}

impl Indicator {
    /// The name as displayed: (累計) appended when the flag is set and the
    /// name does not already say so.
    pub fn display_name(&self) -> String {
        if self.cumulative && !self.name.contains("累計") {
            format!("{}(累計)", self.name)
        } else {
            self.name.clone()
        }
    }

    /// The direction the achievement follows: the one chosen, else 増加.
    pub fn graded_direction(&self) -> Direction {
        self.direction.unwrap_or_default()
    }

    /// The 方向 as written: its label, empty when none was chosen.
    pub fn direction_label(&self) -> &'static str {
        self.direction.map_or("", Direction::label)
    }

    /// A value as displayed with the unit, with the decimals it was written
    /// with: `10.0億円`, `450万件`; `-` when none.
    pub fn display(&self, value: Option<&Quantity>) -> String {
        match value {
            None => "-".to_string(),
            Some(q) => format!("{q}{}", self.unit),
        }
    }

    /// The change of the target against the previous actual: the difference
    /// (with the more decimals of the two, rounded as a number) and the ratio
    /// less one (rounded to a tenth of a percent, as shown).
    pub fn change(&self) -> (Option<Quantity>, Option<f64>) {
        match (self.target, self.previous) {
            (Some(t), Some(p)) => {
                let decimals = t.decimals.max(p.decimals);
                let diff = Quantity::new(t.value - p.value, decimals).rounded();
                let ratio = (p.value != 0.0).then(|| round_to(t.value / p.value - 1.0, 3));
                (Some(diff), ratio)
            }
            _ => (None, None),
        }
    }

    /// A value scaled by the unit's prefix (億 = 10^8, 万 = 10^4) for sums and
    /// charts: 10.0億円 gives 1,000,000,000.
    pub fn scaled(&self, value: &Quantity) -> f64 {
        value.value * unit_scale(&self.unit).0
    }

    /// The unit without its scale prefix (億円 → 円).
    pub fn base_unit(&self) -> &str {
        unit_scale(&self.unit).1
    }
}

impl Project {
    /// The label shown before the title: the code, or ● when there is none.
    pub fn marker(&self) -> &str {
        self.code.as_deref().unwrap_or("●")
    }

    /// The marker and the title as one heading: 「1-①キャッシュレス…」 and
    /// 「●人口減少…」 as the city writes them, but a code ending in a
    /// letter or digit (「1」, 「2-1」) is set apart by a space, so that it
    /// does not run into the title (「1 移住相談窓口の運営」).
    pub fn heading(&self) -> String {
        marked_title(self.marker(), &self.title)
    }
}

/// A project's marker before a title (see [`Project::heading`]).
pub fn marked_title(marker: &str, title: &str) -> String {
    let letter_or_digit = |c: char| {
        c.is_ascii_alphanumeric()
            || ('０'..='９').contains(&c)
            || ('Ａ'..='Ｚ').contains(&c)
            || ('ａ'..='ｚ').contains(&c)
    };
    if marker.chars().last().is_some_and(letter_or_digit) && !title.is_empty() {
        format!("{marker} {title}")
    } else {
        format!("{marker}{title}")
    }
}

/// Circled numbers used to list indicators: ① for the first.
pub fn circled(n: usize) -> String {
    const CIRCLED: &str = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳";
    CIRCLED
        .chars()
        .nth(n.wrapping_sub(1))
        .map(String::from)
        .unwrap_or_else(|| format!("({n})"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_shown_as_written() {
        let ind = Indicator {
            name: "アクセス件数".to_string(),
            unit: "万件".to_string(),
            target: Some(Quantity::new(450.0, 0)),
            previous: Some(Quantity::new(395.0, 0)),
            actual: Some(Quantity::new(412.5, 1)),
            ..Indicator::default()
        };
        assert_eq!(ind.display(ind.target.as_ref()), "450万件");
        assert_eq!(ind.display(ind.actual.as_ref()), "412.5万件");
        assert_eq!(ind.display(None), "-");
    }
}
