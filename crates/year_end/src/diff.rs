//! Last year against this year, department by department: indicators
//! added, dropped or renamed (matched by similar names within the
//! department), and each target against last year's target and actual.

use serde::Serialize;

use mokuhyo_domain::model::{Document, Indicator};
use mokuhyo_domain::quantity::{Quantity, convert_quantity, normalize};
use mokuhyo_domain::roster::Roster;
use mokuhyo_domain::wareki::FiscalYear;

/// Names at least this similar (1.0 = equal) are taken as one indicator
/// renamed.
const SIMILAR: f64 = 0.5;

/// The comparison of two years.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    /// 前年度.
    pub last: FiscalYear,
    /// 今年度.
    pub this: FiscalYear,
    /// Every department of either year, this year's order first.
    pub departments: Vec<DepartmentDiff>,
}

/// One department's changes.
#[derive(Debug, Clone, Serialize)]
pub struct DepartmentDiff {
    /// 部局名 (the roster's name).
    pub department: String,
    /// Whether the department has a document in each year.
    pub in_last: bool,
    /// See `in_last`.
    pub in_this: bool,
    /// Indicator by indicator, this year's order, then the dropped ones.
    pub changes: Vec<Change>,
}

/// What happened to one indicator.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    /// In both years under the same name (or renamed).
    Kept {
        /// 事業名 this year.
        project: String,
        /// Last year's name when it was renamed.
        #[serde(skip_serializing_if = "Option::is_none")]
        renamed_from: Option<String>,
        /// This year's indicator.
        indicator: Box<Indicator>,
        /// Last year's target, in this year's unit: as typed when the
        /// unit is the same ([`convert_quantity`]).
        last_target: Option<Quantity>,
        /// Last year's actual, in this year's unit, as the target.
        last_actual: Option<Quantity>,
        /// This year's target against last year's.
        versus_target: Option<Trend>,
        /// This year's target against last year's actual.
        versus_actual: Option<Trend>,
        /// This year's 前年度実績値 differs from last year's actual.
        previous_differs: bool,
        /// Last year's 長期目標値, in this year's unit (template version 2).
        #[serde(skip_serializing_if = "Option::is_none")]
        last_long_term: Option<Quantity>,
        /// This year's 長期目標値 against last year's.
        #[serde(skip_serializing_if = "Option::is_none")]
        versus_long_term: Option<Trend>,
    },
    /// New this year.
    Added {
        /// 事業名.
        project: String,
        /// The indicator.
        indicator: Box<Indicator>,
    },
    /// Not carried into this year.
    Dropped {
        /// Last year's 事業名.
        project: String,
        /// Last year's indicator.
        indicator: Box<Indicator>,
    },
}

/// Up, down or the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Trend {
    /// Higher than before.
    #[serde(rename = "上")]
    Up,
    /// Lower than before.
    #[serde(rename = "下")]
    Down,
    /// The same.
    #[serde(rename = "同")]
    Same,
}

impl Trend {
    fn of(now: f64, before: f64) -> Trend {
        let scale = now.abs().max(before.abs()).max(1.0);
        if (now - before).abs() <= scale * 1e-9 {
            Trend::Same
        } else if now > before {
            Trend::Up
        } else {
            Trend::Down
        }
    }

    /// How a target moved against last year's target: 引上げ, 引下げ, 据置き.
    pub fn versus_target(self) -> &'static str {
        match self {
            Trend::Up => "引上げ",
            Trend::Down => "引下げ",
            Trend::Same => "据置き",
        }
    }

    /// How a target stands against last year's actual: 実績超, 実績未満, 実績同.
    pub fn versus_actual(self) -> &'static str {
        match self {
            Trend::Up => "実績より高い",
            Trend::Down => "実績より低い",
            Trend::Same => "実績と同じ",
        }
    }
}

impl Change {
    /// The label of the change: 継続, 名称変更, 新規, 廃止.
    pub fn label(&self) -> &'static str {
        match self {
            Change::Kept {
                renamed_from: Some(_),
                ..
            } => "名称変更",
            Change::Kept { .. } => "継続",
            Change::Added { .. } => "新規",
            Change::Dropped { .. } => "廃止",
        }
    }
}

impl DepartmentDiff {
    /// Counts of 新規, 廃止, 名称変更, 目標引上げ, 目標引下げ.
    pub fn counts(&self) -> [usize; 5] {
        let mut n = [0; 5];
        for change in &self.changes {
            match change {
                Change::Added { .. } => n[0] += 1,
                Change::Dropped { .. } => n[1] += 1,
                Change::Kept {
                    renamed_from,
                    versus_target,
                    ..
                } => {
                    n[2] += usize::from(renamed_from.is_some());
                    n[3] += usize::from(*versus_target == Some(Trend::Up));
                    n[4] += usize::from(*versus_target == Some(Trend::Down));
                }
            }
        }
        n
    }
}

/// Compares last year's documents with this year's. Departments are
/// matched by their roster name (aliases count).
pub fn compare(
    last: &[&Document],
    this: &[&Document],
    roster: &Roster,
    years: (FiscalYear, FiscalYear),
) -> Comparison {
    let key = |d: &Document| roster.canonical_name(d.department.trim()).to_string();
    let mut departments = Vec::new();
    for doc in this {
        let name = key(doc);
        let before = last.iter().find(|d| key(d) == name).copied();
        departments.push(department(&name, before, Some(doc)));
    }
    for doc in last {
        let name = key(doc);
        if !this.iter().any(|d| key(d) == name) {
            departments.push(department(&name, Some(doc), None));
        }
    }
    Comparison {
        last: years.0,
        this: years.1,
        departments,
    }
}

/// An indicator with its project's title.
struct Entry<'a> {
    project: &'a str,
    indicator: &'a Indicator,
}

fn entries(doc: Option<&Document>) -> Vec<Entry<'_>> {
    doc.into_iter()
        .flat_map(|d| &d.projects)
        .flat_map(|p| {
            p.indicators.iter().map(|indicator| Entry {
                project: &p.title,
                indicator,
            })
        })
        .collect()
}

fn department(name: &str, last: Option<&Document>, this: Option<&Document>) -> DepartmentDiff {
    let before = entries(last);
    let now = entries(this);
    let pairs = match_names(&before, &now);
    let mut changes = Vec::new();
    for (j, entry) in now.iter().enumerate() {
        let change = match pairs.iter().find(|(_, b)| *b == j) {
            Some(&(i, _)) => kept(&before[i], entry),
            None => Change::Added {
                project: entry.project.to_string(),
                indicator: Box::new(entry.indicator.clone()),
            },
        };
        changes.push(change);
    }
    for (i, entry) in before.iter().enumerate() {
        if !pairs.iter().any(|(a, _)| *a == i) {
            changes.push(Change::Dropped {
                project: entry.project.to_string(),
                indicator: Box::new(entry.indicator.clone()),
            });
        }
    }
    DepartmentDiff {
        department: name.to_string(),
        in_last: last.is_some(),
        in_this: this.is_some(),
        changes,
    }
}

fn kept(before: &Entry, now: &Entry) -> Change {
    let was = before.indicator;
    let is = now.indicator;
    let in_unit =
        |q: Option<Quantity>, unit: &str| q.and_then(|q| convert_quantity(q, unit, &is.unit));
    let last_target = in_unit(was.target, &was.unit);
    let actual_unit = if was.actual_unit.is_empty() {
        &was.unit
    } else {
        &was.actual_unit
    };
    let last_actual = in_unit(was.actual, actual_unit);
    let target = is.target.map(|q| q.value);
    let trend = |before: Option<Quantity>| Some(Trend::of(target?, before?.value));
    let previous_differs = match (last_actual, is.previous) {
        (Some(a), Some(p)) => Trend::of(p.value, a.value) != Trend::Same,
        _ => false,
    };
    let renamed = key_name(&was.name) != key_name(&is.name);
    let last_long_term = in_unit(was.long_term, &was.unit);
    let versus_long_term = is
        .long_term
        .zip(last_long_term)
        .map(|(now, before)| Trend::of(now.value, before.value));
    Change::Kept {
        project: now.project.to_string(),
        renamed_from: renamed.then(|| was.name.clone()),
        indicator: Box::new(is.clone()),
        last_target,
        last_actual,
        versus_target: trend(last_target),
        versus_actual: trend(last_actual),
        previous_differs,
        last_long_term,
        versus_long_term,
    }
}

/// A name as compared: normalised (full-width, spaces), without (累計).
fn key_name(name: &str) -> String {
    normalize(name)
        .replace("(累計)", "")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Pairs (last, this) of indicators: equal names first, then the most
/// similar remaining names, best pair first.
fn match_names(before: &[Entry], now: &[Entry]) -> Vec<(usize, usize)> {
    let keys_before: Vec<String> = before.iter().map(|e| key_name(&e.indicator.name)).collect();
    let keys_now: Vec<String> = now.iter().map(|e| key_name(&e.indicator.name)).collect();
    let mut pairs = Vec::new();
    let mut used_before = vec![false; before.len()];
    let mut used_now = vec![false; now.len()];
    for (j, k) in keys_now.iter().enumerate() {
        if let Some(i) = (0..before.len()).find(|&i| !used_before[i] && keys_before[i] == *k) {
            used_before[i] = true;
            used_now[j] = true;
            pairs.push((i, j));
        }
    }
    let mut candidates = Vec::new();
    for (i, a) in keys_before.iter().enumerate() {
        for (j, b) in keys_now.iter().enumerate() {
            if used_before[i] || used_now[j] {
                continue;
            }
            let mut score = similarity(a, b);
            if before[i].project == now[j].project {
                score += 0.1;
            }
            if score >= SIMILAR {
                candidates.push((score, i, j));
            }
        }
    }
    candidates.sort_by(|x, y| y.0.total_cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
    for (_, i, j) in candidates {
        if !used_before[i] && !used_now[j] {
            used_before[i] = true;
            used_now[j] = true;
            pairs.push((i, j));
        }
    }
    pairs
}

/// 1 − edit distance ÷ the longer length, over characters.
pub fn similarity(a: &str, b: &str) -> f64 {
    strsim::normalized_levenshtein(a, b)
}
