//! What the goals serve, city-wide: the SDGs matrix (departments × the 17
//! goals, with the themes and projects behind each mark) and the plan view
//! (each 施策 of the 総合計画 with the themes and projects that serve it).
//! Every output that shows them takes these, so they agree.

use mokuhyo_domain::model::Document;
use mokuhyo_domain::plan::Plans;

/// A theme or a project of one department, by position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Part {
    /// The n-th theme (from 0).
    Theme(usize),
    /// The n-th project (from 0).
    Project(usize),
}

impl Part {
    /// The part as shown in a list: the theme's title, the project's code
    /// and title.
    pub fn label(self, doc: &Document) -> String {
        match self {
            Part::Theme(t) => doc
                .themes
                .get(t)
                .map(|t| format!("テーマ: {}", t.title))
                .unwrap_or_default(),
            Part::Project(p) => doc
                .projects
                .get(p)
                .map(|p| format!("{} {}", p.marker(), p.title))
                .unwrap_or_default(),
        }
    }
}

/// One department's row of the SDGs matrix: for goal n (index n − 1), the
/// parts that name it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SdgsRow {
    /// The department's position in the consolidation's documents.
    pub department: usize,
    /// For each of the 17 goals, the themes and projects that name it.
    pub goals: [Vec<Part>; 17],
}

impl SdgsRow {
    /// True when the department names no goal.
    pub fn is_empty(&self) -> bool {
        self.goals.iter().all(Vec::is_empty)
    }
}

/// The SDGs matrix: a row per department, in the documents' order
/// (departments that name no goal included, with empty rows).
pub fn sdgs_matrix(documents: &[&Document]) -> Vec<SdgsRow> {
    documents
        .iter()
        .enumerate()
        .map(|(department, doc)| {
            let mut row = SdgsRow {
                department,
                ..SdgsRow::default()
            };
            let themes = doc
                .themes
                .iter()
                .enumerate()
                .map(|(i, t)| (Part::Theme(i), &t.sdgs));
            let projects = doc
                .projects
                .iter()
                .enumerate()
                .map(|(i, p)| (Part::Project(i), &p.sdgs));
            for (part, goals) in themes.chain(projects) {
                for &goal in goals {
                    if let Some(cell) = row.goals.get_mut(usize::from(goal).wrapping_sub(1)) {
                        cell.push(part);
                    }
                }
            }
            row
        })
        .collect()
}

/// True when some document names an SDGs goal.
pub fn has_sdgs(documents: &[&Document]) -> bool {
    documents.iter().any(|d| {
        d.themes.iter().any(|t| !t.sdgs.is_empty()) || d.projects.iter().any(|p| !p.sdgs.is_empty())
    })
}

/// One 施策 and what serves it.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanEntry {
    /// Its code (`1-1`); for a 施策 not on the office's list, the text as
    /// written.
    pub code: String,
    /// Its name; empty for a 施策 not on the list.
    pub name: String,
    /// False for a 施策 written by a department but not on the list.
    pub listed: bool,
    /// (department's position, part) of every theme and project naming it.
    pub parts: Vec<(usize, Part)>,
}

impl PlanEntry {
    /// The 施策 as shown: `1-1 移住・定住の促進`, or the text as written.
    pub fn title(&self) -> String {
        if self.name.is_empty() {
            self.code.clone()
        } else {
            format!("{} {}", self.code, self.name)
        }
    }
}

/// The plan view: every listed 施策 in the plan's order (those nothing
/// serves included), then what departments wrote that is not on the list,
/// in the order first met.
pub fn plan_view(documents: &[&Document], plans: &Plans) -> Vec<PlanEntry> {
    let mut entries: Vec<PlanEntry> = plans
        .iter()
        .map(|p| PlanEntry {
            code: p.code.clone(),
            name: p.name.clone(),
            listed: true,
            parts: Vec::new(),
        })
        .collect();
    // Each code's entry, found without a scan (thousands of departments).
    let mut index: std::collections::HashMap<String, usize> = Default::default();
    for (i, e) in entries.iter().enumerate() {
        index.entry(e.code.clone()).or_insert(i);
    }
    for (department, doc) in documents.iter().enumerate() {
        let themes = doc
            .themes
            .iter()
            .enumerate()
            .map(|(i, t)| (Part::Theme(i), &t.plan));
        let projects = doc
            .projects
            .iter()
            .enumerate()
            .map(|(i, p)| (Part::Project(i), &p.plan));
        for (part, items) in themes.chain(projects) {
            for item in items {
                let code = plans.find(item).map_or(item.as_str(), |p| p.code.as_str());
                let at = match index.get(code) {
                    Some(&at) => at,
                    None => {
                        entries.push(PlanEntry {
                            code: code.to_string(),
                            name: String::new(),
                            listed: false,
                            parts: Vec::new(),
                        });
                        index.insert(code.to_string(), entries.len() - 1);
                        entries.len() - 1
                    }
                };
                // Parts come in department order: a repeat can only be
                // among this department's, at the end.
                let parts = &mut entries[at].parts;
                let repeat = parts
                    .iter()
                    .rev()
                    .take_while(|(d, _)| *d == department)
                    .any(|p| *p == (department, part));
                if !repeat {
                    parts.push((department, part));
                }
            }
        }
    }
    entries
}

/// True when some document names a 施策.
pub fn has_plans(documents: &[&Document]) -> bool {
    documents.iter().any(|d| {
        d.themes.iter().any(|t| !t.plan.is_empty()) || d.projects.iter().any(|p| !p.plan.is_empty())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use mokuhyo_domain::model::{Project, Theme};
    use mokuhyo_domain::plan::Plan;

    fn doc(themes: Vec<Theme>, projects: Vec<Project>) -> Document {
        Document {
            year: mokuhyo_domain::wareki::FiscalYear::new(2026),
            created: None,
            department: "総合政策部".into(),
            head: String::new(),
            remark: String::new(),
            themes,
            projects,
        }
    }

    #[test]
    fn the_matrix_and_the_plan_view_name_the_parts() {
        let a = doc(
            vec![Theme {
                title: "共生社会".into(),
                sdgs: vec![11, 17],
                plan: vec!["移住・定住の促進".into()],
                ..Theme::default()
            }],
            vec![Project {
                title: "移住促進".into(),
                sdgs: vec![11],
                plan: vec!["1-1".into(), "独自の施策".into()],
                ..Project::default()
            }],
        );
        let b = doc(Vec::new(), Vec::new());
        // One part naming a 施策 twice (its code and its name) is listed once.
        let twice = doc(
            Vec::new(),
            vec![Project {
                plan: vec!["1-1".into(), "移住・定住の促進".into()],
                ..Project::default()
            }],
        );
        let matrix = sdgs_matrix(&[&a, &b]);
        assert_eq!(matrix[0].goals[10], vec![Part::Theme(0), Part::Project(0)]);
        assert_eq!(matrix[0].goals[16], vec![Part::Theme(0)]);
        assert!(matrix[1].is_empty());
        let plans = Plans(vec![
            Plan {
                code: "1-1".into(),
                name: "移住・定住の促進".into(),
            },
            Plan {
                code: "1-2".into(),
                name: "結婚・出産の支援".into(),
            },
        ]);
        let view = plan_view(&[&a, &b], &plans);
        assert_eq!(view.len(), 3);
        assert_eq!(
            view[0].parts,
            vec![(0, Part::Theme(0)), (0, Part::Project(0))]
        );
        assert!(view[1].parts.is_empty());
        assert_eq!(view[2].title(), "独自の施策");
        assert!(!view[2].listed);
        assert_eq!(Part::Project(0).label(&a), "● 移住促進");
        let view = plan_view(&[&a, &twice], &plans);
        assert_eq!(
            view[0].parts,
            vec![
                (0, Part::Theme(0)),
                (0, Part::Project(0)),
                (1, Part::Project(0))
            ]
        );
    }
}
