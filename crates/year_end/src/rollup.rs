//! The year-end rollup: every accepted document's indicators assessed
//! ([`crate::achievement`]), with grade counts per department and for the
//! city. The workbook and the PDF are drawn from this.

use serde::Serialize;

use crate::achievement::{Achievement, Grade, Thresholds, assess};
use mokuhyo_consolidate::Consolidation;
use mokuhyo_domain::model::{Document, Indicator, Project};
use mokuhyo_domain::quantity::convert;

/// The rollup of a consolidation.
#[derive(Debug, Clone, Serialize)]
pub struct Rollup {
    /// The rules the grades were given by.
    pub thresholds: Thresholds,
    /// One per accepted document, in the consolidation's order.
    pub departments: Vec<DepartmentRollup>,
    /// The city's grade counts.
    pub counts: Counts,
}

impl Rollup {
    /// The achievement of indicator `indicator` of project `project` of the
    /// `document`-th accepted document.
    pub fn achievement(
        &self,
        document: usize,
        project: usize,
        indicator: usize,
    ) -> Option<&Achievement> {
        self.departments
            .get(document)?
            .rows
            .iter()
            .find(|row| row.project == project && row.indicator == indicator)
            .map(|row| &row.achievement)
    }
}

/// One department's rollup.
#[derive(Debug, Clone, Serialize)]
pub struct DepartmentRollup {
    /// The index of the document in [`Consolidation::documents`] (not in
    /// the JSON, whose `files` list every file read).
    #[serde(skip)]
    pub document: usize,
    /// 部局名.
    pub department: String,
    /// Every indicator, project by project.
    pub rows: Vec<Row>,
    /// The department's grade counts.
    pub counts: Counts,
}

/// One indicator's line.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// The index of the project in the document.
    pub project: usize,
    /// The index of the indicator in the project.
    pub indicator: usize,
    /// The project's code (1-①), when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The project's title.
    pub project_title: String,
    /// The indicator's name.
    pub name: String,
    /// The indicator's unit.
    pub unit: String,
    /// Its achievement.
    pub achievement: Achievement,
    /// How far the actual has come from the 基準値 toward the 長期目標値, in
    /// percent with one decimal (template version 2); absent without both,
    /// without an actual, or when they are equal.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub long_term_progress: Option<f64>,
}

impl Row {
    /// The project and indicator of this row in `doc`.
    pub fn of<'a>(&self, doc: &'a Document) -> (&'a Project, &'a Indicator) {
        let project = &doc.projects[self.project];
        (project, &project.indicators[self.indicator])
    }
}

/// How many indicators got each grade.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts([usize; 5]);

impl Counts {
    /// The count of a grade.
    pub fn get(&self, grade: Grade) -> usize {
        self.0[index(grade)]
    }

    /// Counts one more indicator of a grade.
    pub fn add(&mut self, grade: Grade) {
        self.0[index(grade)] += 1;
    }

    /// Adds another set of counts.
    pub fn add_all(&mut self, other: &Counts) {
        for (a, b) in self.0.iter_mut().zip(other.0) {
            *a += b;
        }
    }

    /// Every indicator counted.
    pub fn total(&self) -> usize {
        self.0.iter().sum()
    }

    /// The counts in words, grade by grade, joined by `separator`: `A 24、B
    /// 21、C 6、D 2、−(測定不能)2` with `unmeasured` = `−(測定不能)` (the
    /// label of − written right before its count).
    pub fn listing(&self, separator: &str, unmeasured: &str) -> String {
        Grade::ALL
            .iter()
            .map(|g| match g {
                Grade::Unmeasured => format!("{unmeasured}{}", self.get(*g)),
                g => format!("{} {}", g.label(), self.get(*g)),
            })
            .collect::<Vec<_>>()
            .join(separator)
    }

    /// Indicators with a grade A to D.
    pub fn measured(&self) -> usize {
        self.total() - self.get(Grade::Unmeasured)
    }
}

impl Serialize for Counts {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(6))?;
        for grade in Grade::ALL {
            map.serialize_entry(grade.label(), &self.get(grade))?;
        }
        map.serialize_entry("計", &self.total())?;
        map.end()
    }
}

fn index(grade: Grade) -> usize {
    Grade::ALL.iter().position(|g| *g == grade).unwrap_or(4)
}

/// Assesses every indicator of every accepted document.
pub fn rollup(c: &Consolidation, thresholds: &Thresholds) -> Rollup {
    let mut counts = Counts::default();
    let departments = c
        .documents
        .iter()
        .enumerate()
        .map(|(i, (_, doc))| {
            let mut dept = DepartmentRollup {
                document: i,
                department: doc.department.clone(),
                rows: Vec::new(),
                counts: Counts::default(),
            };
            for (p, project) in doc.projects.iter().enumerate() {
                for (n, indicator) in project.indicators.iter().enumerate() {
                    let achievement = assess(indicator, thresholds);
                    let long_term_progress = long_term_progress(indicator, &achievement);
                    dept.counts.add(achievement.grade);
                    dept.rows.push(Row {
                        project: p,
                        indicator: n,
                        code: project.code.clone(),
                        project_title: project.title.clone(),
                        name: indicator.name.clone(),
                        unit: indicator.unit.clone(),
                        achievement,
                        long_term_progress,
                    });
                }
            }
            counts.add_all(&dept.counts);
            dept
        })
        .collect();
    Rollup {
        thresholds: *thresholds,
        departments,
        counts,
    }
}

/// (実績 − 基準値) ÷ (長期目標値 − 基準値), in percent with one decimal: how
/// far the indicator has come toward its long-term target; the actual in
/// the target's unit as the achievement converted it.
pub fn long_term_progress(ind: &Indicator, achievement: &Achievement) -> Option<f64> {
    let baseline = ind.baseline?.value;
    let long_term = ind.long_term?.value;
    // The actual converted exactly, as the rate was computed.
    let actual = match achievement.actual {
        Some(_) => convert(ind.actual?.value, &ind.actual_unit, &ind.unit)?,
        None => ind.actual.filter(|_| ind.actual_unit.is_empty())?.value,
    };
    let span = long_term - baseline;
    (span != 0.0).then(|| mokuhyo_domain::quantity::round_to((actual - baseline) / span * 100.0, 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use mokuhyo_domain::quantity::Quantity;

    #[test]
    fn progress_toward_the_long_term_target_from_the_baseline() {
        let q = |v: f64| Some(Quantity::from_f64(v));
        let ind = |baseline, long_term, actual| Indicator {
            baseline,
            long_term,
            actual,
            target: q(100.0),
            ..Indicator::default()
        };
        let t = Thresholds::default();
        // (baseline, long-term, actual) → progress
        let table = [
            (q(82.4), q(88.0), q(85.2), Some(50.0)),
            (q(61.0), q(40.0), q(52.0), Some(42.9)),
            (q(10.0), q(20.0), q(8.0), Some(-20.0)),
            (q(10.0), q(10.0), q(12.0), None),
            (None, q(10.0), q(12.0), None),
            (q(10.0), q(20.0), None, None),
        ];
        for (baseline, long_term, actual, expected) in table {
            let i = ind(baseline, long_term, actual);
            let a = assess(&i, &t);
            assert_eq!(
                long_term_progress(&i, &a),
                expected,
                "{baseline:?} {long_term:?} {actual:?}"
            );
        }
    }
}
