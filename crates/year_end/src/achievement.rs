//! 達成率 and 評価 of one indicator at year end: the rate that follows the
//! indicator's direction, the grade by configurable thresholds, and why a
//! rate cannot be measured.

use serde::{Deserialize, Serialize};

use mokuhyo_domain::model::{Direction, Indicator};
use mokuhyo_domain::quantity::{Quantity, convert, convert_quantity};

/// The grading rules (`[rollup]` in mokuhyo.toml). Rates are in percent.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Thresholds {
    /// A at or above this rate.
    pub a: f64,
    /// B at or above this rate.
    pub b: f64,
    /// C at or above this rate; D below.
    pub c: f64,
    /// 維持: an actual within this percentage of the target counts as 100%.
    pub tolerance: f64,
}

impl Default for Thresholds {
    fn default() -> Thresholds {
        Thresholds {
            a: 100.0,
            b: 80.0,
            c: 50.0,
            tolerance: 5.0,
        }
    }
}

impl Thresholds {
    /// Why these thresholds cannot be used, if they cannot.
    pub fn validate(&self) -> Result<(), String> {
        let all = [self.a, self.b, self.c, self.tolerance];
        if all.iter().any(|v| !v.is_finite() || *v < 0.0) {
            return Err(format!(
                "[rollup] の a・b・c・tolerance は 0 以上の数値で指定してください(a = {}, b = {}, c = {}, tolerance = {})。",
                self.a, self.b, self.c, self.tolerance
            ));
        }
        if !(self.a >= self.b && self.b >= self.c) {
            return Err(format!(
                "[rollup] の評価の基準は a ≧ b ≧ c の順に指定してください(a = {}, b = {}, c = {})。",
                self.a, self.b, self.c
            ));
        }
        Ok(())
    }

    /// The grade of a rate (in percent, already rounded for display).
    pub fn grade(&self, rate: f64) -> Grade {
        if rate >= self.a {
            Grade::A
        } else if rate >= self.b {
            Grade::B
        } else if rate >= self.c {
            Grade::C
        } else {
            Grade::D
        }
    }

    /// The rule of each grade, for legends: `A: 100%以上`.
    pub fn legend(&self) -> [(Grade, String); 5] {
        let pct = |v: f64| mokuhyo_domain::quantity::Quantity::from_f64(v).to_string();
        [
            (Grade::A, format!("{}%以上", pct(self.a))),
            (
                Grade::B,
                format!("{}%以上{}%未満", pct(self.b), pct(self.a)),
            ),
            (
                Grade::C,
                format!("{}%以上{}%未満", pct(self.c), pct(self.b)),
            ),
            (Grade::D, format!("{}%未満", pct(self.c))),
            (Grade::Unmeasured, "測定不能".to_string()),
        ]
    }
}

/// 評価.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Grade {
    /// Achieved.
    A,
    /// Nearly achieved.
    B,
    /// Half way.
    C,
    /// Below.
    D,
    /// −: cannot be measured.
    #[serde(rename = "−")]
    Unmeasured,
}

impl Grade {
    /// Every grade, in the order of tables and charts.
    pub const ALL: [Grade; 5] = [Grade::A, Grade::B, Grade::C, Grade::D, Grade::Unmeasured];

    /// The label shown: A, B, C, D or −.
    pub fn label(self) -> &'static str {
        match self {
            Grade::A => "A",
            Grade::B => "B",
            Grade::C => "C",
            Grade::D => "D",
            Grade::Unmeasured => "−",
        }
    }

    /// The grade's colour (RGB) in the workbook and the PDF.
    pub fn color(self) -> u32 {
        match self {
            Grade::A => 0x2E7D32,
            Grade::B => 0x9CCC65,
            Grade::C => 0xFFB300,
            Grade::D => 0xE53935,
            Grade::Unmeasured => 0xB0B0B0,
        }
    }

    /// A light tint of the colour, for cell backgrounds.
    pub fn tint(self) -> u32 {
        match self {
            Grade::A => 0xC8E6C9,
            Grade::B => 0xE6F2D5,
            Grade::C => 0xFFECB3,
            Grade::D => 0xFFCDD2,
            Grade::Unmeasured => 0xE8E8E8,
        }
    }
}

/// Why an indicator's achievement cannot be measured (in JSON, `kind` in
/// snake_case with the variant's fields beside it).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Unmeasurable {
    /// No target was set.
    NoTarget,
    /// No actual was entered.
    NoActual,
    /// The actual is text, not a number.
    NotANumber {
        /// The text typed.
        text: String,
    },
    /// The actual's unit differs from the target's and cannot be converted.
    UnitDiffers {
        /// The target's unit.
        target: String,
        /// The actual's unit.
        actual: String,
    },
}

impl Unmeasurable {
    /// The reason as shown in the 備考 column.
    pub fn reason(&self) -> String {
        match self {
            Unmeasurable::NoTarget => "目標値なし".to_string(),
            Unmeasurable::NoActual => "実績値なし".to_string(),
            Unmeasurable::NotANumber { text } => {
                format!(
                    "実績値「{}」が数値でない",
                    mokuhyo_domain::finding::excerpt(text)
                )
            }
            Unmeasurable::UnitDiffers { target, actual } => {
                format!("単位が異なる(目標「{target}」、実績「{actual}」)")
            }
        }
    }
}

/// One indicator's achievement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Achievement {
    /// 達成率 in percent, rounded to one decimal; `None` when unmeasurable.
    pub rate: Option<f64>,
    /// 評価.
    pub grade: Grade,
    /// Why it is unmeasurable.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unmeasurable: Option<Unmeasurable>,
    /// The actual in the target's unit: as typed (99.50) when typed in
    /// it, else converted (5,000万円 → 0.5億円, [`convert_quantity`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actual: Option<Quantity>,
    /// How the rate was found when not by plain division (zero or negative
    /// values, 維持 within the tolerance).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub note: String,
}

impl Achievement {
    fn unmeasured(why: Unmeasurable) -> Achievement {
        Achievement {
            rate: None,
            grade: Grade::Unmeasured,
            unmeasurable: Some(why),
            actual: None,
            note: String::new(),
        }
    }

    /// The rate as shown: `95.7%`, `−` when unmeasurable.
    pub fn rate_label(&self) -> String {
        match self.rate {
            Some(rate) => format!("{rate:.1}%"),
            None => "−".to_string(),
        }
    }

    /// What the 備考 column says: the reason for −, or the note.
    pub fn remark(&self) -> String {
        match &self.unmeasurable {
            Some(why) => why.reason(),
            None => self.note.clone(),
        }
    }
}

/// The achievement of an indicator under the thresholds.
///
/// - 増加: actual ÷ target. A zero or negative target has no ratio: the
///   rate is 100% + (actual − target) ÷ |target| (the same as the ratio for
///   positive targets), and for a target of 0, 100% when the actual is at
///   least 0, else 0%.
/// - 減少: target ÷ actual. When either is zero or negative: 100% +
///   (target − actual) ÷ |target|; a target of 0 gives 100% for an actual of
///   0 or less, else 0%.
/// - 維持: 100% when the actual is within the tolerance of the target, else
///   100% − the deviation in percent of the target.
///
/// The rate is rounded to one decimal before grading, so the grade agrees
/// with the rate a reader sees.
pub fn assess(indicator: &Indicator, rules: &Thresholds) -> Achievement {
    let Some(target) = indicator.target.map(|q| q.value) else {
        return Achievement::unmeasured(Unmeasurable::NoTarget);
    };
    let Some(actual) = indicator.actual else {
        if !indicator.actual_text.is_empty() {
            return Achievement::unmeasured(Unmeasurable::NotANumber {
                text: indicator.actual_text.clone(),
            });
        }
        return Achievement::unmeasured(Unmeasurable::NoActual);
    };
    let (from, to) = (&indicator.actual_unit, &indicator.unit);
    // The rate from the value converted exactly; the actual kept as typed.
    let (actual, typed) =
        match convert(actual.value, from, to).zip(convert_quantity(actual, from, to)) {
            Some(both) => both,
            None => {
                return Achievement::unmeasured(Unmeasurable::UnitDiffers {
                    target: indicator.unit.clone(),
                    actual: indicator.actual_unit.clone(),
                });
            }
        };
    let (ratio, note) = ratio(
        indicator.graded_direction(),
        target,
        actual,
        rules.tolerance,
    );
    let rate = round1(ratio * 100.0);
    Achievement {
        rate: Some(rate),
        grade: rules.grade(rate),
        unmeasurable: None,
        actual: Some(typed),
        note,
    }
}

/// The ratio (1.0 = 100%) and a note when it was not plain division.
fn ratio(direction: Direction, target: f64, actual: f64, tolerance: f64) -> (f64, String) {
    let by_difference = |better: f64| {
        if target == 0.0 {
            let met = better >= 0.0;
            let note = "目標値が0のため、達成(100%)か未達成(0%)で判定".to_string();
            (if met { 1.0 } else { 0.0 }, note)
        } else {
            let note = "0以下の値を含むため、目標との差で算出".to_string();
            (1.0 + better / target.abs(), note)
        }
    };
    match direction {
        Direction::Increase if target > 0.0 => (actual / target, String::new()),
        Direction::Increase => by_difference(actual - target),
        Direction::Decrease if target > 0.0 && actual > 0.0 => (target / actual, String::new()),
        Direction::Decrease => by_difference(target - actual),
        Direction::Maintain => {
            if target == 0.0 {
                let met = actual == 0.0;
                let note = "目標値が0のため、達成(100%)か未達成(0%)で判定".to_string();
                return (if met { 1.0 } else { 0.0 }, note);
            }
            let deviation = (actual - target).abs() / target.abs();
            if deviation <= tolerance / 100.0 + 1e-12 {
                let pct = mokuhyo_domain::quantity::Quantity::from_f64(tolerance);
                (1.0, format!("目標値の±{pct}%以内のため100%"))
            } else {
                (1.0 - deviation, "目標値からの差で算出".to_string())
            }
        }
    }
}

/// Rounds to one decimal, halves away from zero, without the binary noise of
/// `x * 10` (99.95 stays 100.0 whether stored as 99.9499… or 99.95).
fn round1(x: f64) -> f64 {
    let text = format!("{:.6}", x);
    let value: f64 = text.parse().unwrap_or(x);
    (value * 10.0).round() / 10.0
}
