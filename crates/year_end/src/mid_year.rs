//! The 中間評価 (end of September): each project's 進捗 ◎○△× with its
//! comments, counted per department and for the city, and the projects
//! behind schedule. The `review` workbook and PDF are drawn from this.

use serde::Serialize;

use mokuhyo_consolidate::Consolidation;
use mokuhyo_domain::model::{Document, Project};
use mokuhyo_domain::plan::Progress;

/// The 中間評価 of a consolidation.
#[derive(Debug, Clone, Serialize)]
pub struct MidYearReview {
    /// One per accepted document, in the consolidation's order.
    pub departments: Vec<DepartmentReview>,
    /// The city's counts.
    pub counts: ProgressCounts,
}

/// One department's 中間評価.
#[derive(Debug, Clone, Serialize)]
pub struct DepartmentReview {
    /// The index of the document in [`Consolidation::documents`] (not in
    /// the JSON, whose `files` list every file read).
    #[serde(skip)]
    pub document: usize,
    /// 部局名.
    pub department: String,
    /// Every project, in the document's order.
    pub rows: Vec<ProjectProgress>,
    /// The department's counts.
    pub counts: ProgressCounts,
}

/// One project's line.
#[derive(Debug, Clone, Serialize)]
pub struct ProjectProgress {
    /// The index of the project in the document.
    pub project: usize,
    /// The project's code (1-①), when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// 事業名.
    pub title: String,
    /// 進捗; absent when not written (未記入).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub progress: Option<Progress>,
}

/// How many projects have each mark.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ProgressCounts {
    /// ◎ 予定以上.
    pub ahead: usize,
    /// ○ 予定通り.
    pub on_track: usize,
    /// △ やや遅れ.
    pub behind: usize,
    /// × 大幅な遅れ.
    pub far_behind: usize,
    /// 未記入: no 進捗 written.
    pub unrated: usize,
}

impl ProgressCounts {
    /// Counts one project.
    pub fn add(&mut self, progress: Option<Progress>) {
        *match progress {
            Some(Progress::Ahead) => &mut self.ahead,
            Some(Progress::OnTrack) => &mut self.on_track,
            Some(Progress::Behind) => &mut self.behind,
            Some(Progress::FarBehind) => &mut self.far_behind,
            None => &mut self.unrated,
        } += 1;
    }

    /// The count of a mark (`None`: 未記入).
    pub fn of(&self, progress: Option<Progress>) -> usize {
        match progress {
            Some(Progress::Ahead) => self.ahead,
            Some(Progress::OnTrack) => self.on_track,
            Some(Progress::Behind) => self.behind,
            Some(Progress::FarBehind) => self.far_behind,
            None => self.unrated,
        }
    }

    /// Every project counted.
    pub fn total(&self) -> usize {
        self.ahead + self.on_track + self.behind + self.far_behind + self.unrated
    }

    /// △ and ×: behind schedule.
    pub fn behind_schedule(&self) -> usize {
        self.behind + self.far_behind
    }

    /// The counts in words: `◎ 1、○ 2、△ 1、× 0、未記入 3`.
    pub fn listing(&self) -> String {
        let mut parts: Vec<String> = Progress::ALL
            .iter()
            .map(|&p| format!("{} {}", p.mark(), self.of(Some(p))))
            .collect();
        parts.push(format!("未記入 {}", self.unrated));
        parts.join("、")
    }
}

/// The columns of a counts table, in order: each mark, then 未記入.
pub const COLUMNS: [Option<Progress>; 5] = [
    Some(Progress::Ahead),
    Some(Progress::OnTrack),
    Some(Progress::Behind),
    Some(Progress::FarBehind),
    None,
];

/// The label of a counts column: `◎ 予定以上`, `未記入`.
pub fn column_label(progress: Option<Progress>) -> String {
    progress.map_or_else(
        || "未記入".to_string(),
        |p| format!("{} {}", p.mark(), p.meaning()),
    )
}

/// The 中間評価 of every accepted document.
pub fn review(c: &Consolidation) -> MidYearReview {
    let mut counts = ProgressCounts::default();
    let departments = c
        .documents
        .iter()
        .enumerate()
        .map(|(document, (_, doc))| {
            let department = department_review(document, doc);
            for row in &department.rows {
                counts.add(row.progress);
            }
            department
        })
        .collect();
    MidYearReview {
        departments,
        counts,
    }
}

fn department_review(document: usize, doc: &Document) -> DepartmentReview {
    let mut counts = ProgressCounts::default();
    let rows = doc
        .projects
        .iter()
        .enumerate()
        .map(|(project, p)| {
            counts.add(p.mid_year.progress);
            ProjectProgress {
                project,
                code: p.code.clone(),
                title: p.title.clone(),
                progress: p.mid_year.progress,
            }
        })
        .collect();
    DepartmentReview {
        document,
        department: doc.department.clone(),
        rows,
        counts,
    }
}

impl MidYearReview {
    /// The projects behind schedule (△ and ×), × first, then in the
    /// consolidation's order: (document, project).
    pub fn behind(&self) -> Vec<(usize, usize)> {
        let mut rows: Vec<(Progress, usize, usize)> = self
            .departments
            .iter()
            .flat_map(|d| {
                d.rows.iter().filter_map(|r| {
                    let p = r.progress.filter(|p| p.is_behind())?;
                    Some((p, d.document, r.project))
                })
            })
            .collect();
        rows.sort_by_key(|&(p, d, r)| (std::cmp::Reverse(p), d, r));
        rows.into_iter().map(|(_, d, r)| (d, r)).collect()
    }

    /// True when no project has any 中間評価 written.
    pub fn is_blank(&self, c: &Consolidation) -> bool {
        c.documents
            .iter()
            .all(|(_, d)| d.projects.iter().all(|p: &Project| p.mid_year.is_empty()))
    }
}
