//! What the goals serve: the 17 SDGs goals, the 総合計画's 施策 the office
//! keeps in `mokuhyo.toml` (`[[plan]]`), and the 中間評価's progress marks.

use serde::{Deserialize, Serialize};

use crate::quantity::normalize;

/// The 17 goals' Japanese names (国連広報センター), goal 1 first.
pub const SDGS_GOALS: [&str; 17] = [
    "貧困をなくそう",
    "飢餓をゼロに",
    "すべての人に健康と福祉を",
    "質の高い教育をみんなに",
    "ジェンダー平等を実現しよう",
    "安全な水とトイレを世界中に",
    "エネルギーをみんなに そしてクリーンに",
    "働きがいも経済成長も",
    "産業と技術革新の基盤をつくろう",
    "人や国の不平等をなくそう",
    "住み続けられるまちづくりを",
    "つくる責任 つかう責任",
    "気候変動に具体的な対策を",
    "海の豊かさを守ろう",
    "陸の豊かさも守ろう",
    "平和と公正をすべての人に",
    "パートナーシップで目標を達成しよう",
];

/// The name of goal `n` (1–17).
pub fn sdg_name(n: u8) -> &'static str {
    SDGS_GOALS
        .get(usize::from(n).wrapping_sub(1))
        .copied()
        .unwrap_or("")
}

/// A goal as the city's pages write it: 【No.17:パートナーシップで目標を達成しよう】.
pub fn sdg_label(n: u8) -> String {
    format!("No.{n}:{}", sdg_name(n))
}

/// Reads the goals typed in an SDGs cell: `11、17`, `No.17`, `目標3・11`,
/// 【No.17:パートナーシップで目標を達成しよう】, or a goal's name. Sorted,
/// without repeats; `Err` with the part that is not a goal (a number
/// outside 1–17, or text naming none).
pub fn parse_sdgs(text: &str) -> Result<Vec<u8>, String> {
    let text = normalize(text);
    let mut goals = Vec::new();
    let mut digits = String::new();
    let flush = |digits: &mut String, goals: &mut Vec<u8>| -> Result<(), String> {
        if digits.is_empty() {
            return Ok(());
        }
        let goal = digits
            .parse::<u8>()
            .ok()
            .filter(|n| (1..=17).contains(n))
            .ok_or_else(|| digits.clone())?;
        goals.push(goal);
        digits.clear();
        Ok(())
    };
    for c in text.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else {
            flush(&mut digits, &mut goals)?;
        }
    }
    flush(&mut digits, &mut goals)?;
    if goals.is_empty() && !text.trim().is_empty() {
        // The names without their spaces, made once.
        static SQUEEZED: std::sync::LazyLock<Vec<String>> =
            std::sync::LazyLock::new(|| SDGS_GOALS.iter().map(|name| squeeze(name)).collect());
        let squeezed = squeeze(&text);
        for (i, name) in SQUEEZED.iter().enumerate() {
            if squeezed.contains(name.as_str()) {
                goals.push(i as u8 + 1);
            }
        }
        if goals.is_empty() {
            return Err(text.trim().to_string());
        }
    }
    goals.sort_unstable();
    goals.dedup();
    Ok(goals)
}

/// A text without its spaces.
fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Splits a cell listing several items (施策): 、 , ; and line breaks
/// separate them (not ・, which names use); spaces around each are dropped.
pub fn split_items(text: &str) -> Vec<String> {
    text.split(['、', ',', '，', ';', '；', '\n'])
        .map(|item| item.trim().to_string())
        .filter(|item| !item.is_empty())
        .collect()
}

/// One 施策 of the 総合計画 (or a 総合戦略 KPI) the office lists in
/// `mokuhyo.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// Its code as departments write it: `1-1`.
    pub code: String,
    /// Its name: 移住・定住の促進.
    pub name: String,
}

/// The office's list of 施策, in the order of the plan.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Plans(pub Vec<Plan>);

impl Plans {
    /// True when the office lists none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The 施策 an item names, by its code or its name (full-width and
    /// half-width alike).
    pub fn find(&self, item: &str) -> Option<&Plan> {
        let item = normalize(item);
        self.0
            .iter()
            .find(|p| normalize(&p.code) == item || normalize(&p.name) == item)
    }

    /// Every listed 施策, in order.
    pub fn iter(&self) -> impl Iterator<Item = &Plan> {
        self.0.iter()
    }
}

/// 進捗 of the 中間評価.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Progress {
    /// ◎ 予定以上.
    #[serde(rename = "◎")]
    Ahead,
    /// ○ 予定通り.
    #[serde(rename = "○")]
    OnTrack,
    /// △ やや遅れ.
    #[serde(rename = "△")]
    Behind,
    /// × 大幅な遅れ.
    #[serde(rename = "×")]
    FarBehind,
}

impl Progress {
    /// All marks, best first.
    pub const ALL: [Progress; 4] = [
        Progress::Ahead,
        Progress::OnTrack,
        Progress::Behind,
        Progress::FarBehind,
    ];

    /// The mark: ◎.
    pub fn mark(self) -> &'static str {
        match self {
            Progress::Ahead => "◎",
            Progress::OnTrack => "○",
            Progress::Behind => "△",
            Progress::FarBehind => "×",
        }
    }

    /// What the mark means: 予定以上.
    pub fn meaning(self) -> &'static str {
        match self {
            Progress::Ahead => "予定以上",
            Progress::OnTrack => "予定通り",
            Progress::Behind => "やや遅れ",
            Progress::FarBehind => "大幅な遅れ",
        }
    }

    /// The choice as the template lists it: ◎予定以上.
    pub fn label(self) -> String {
        format!("{}{}", self.mark(), self.meaning())
    }

    /// True for △ and ×: behind schedule.
    pub fn is_behind(self) -> bool {
        matches!(self, Progress::Behind | Progress::FarBehind)
    }

    /// Reads a choice as typed: the mark, its meaning, or both; 〇 (the
    /// kanji zero) and ✕ or x are taken for ○ and ×.
    pub fn parse(text: &str) -> Option<Progress> {
        let text: String = normalize(text)
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| match c {
                '〇' | '◯' => '○',
                '✕' | '✖' | 'x' | 'X' => '×',
                c => c,
            })
            .collect();
        Progress::ALL
            .into_iter()
            .find(|p| text == p.mark() || text == p.meaning() || text == p.label())
    }
}

/// 指標の種類.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum IndicatorKind {
    /// 成果指標 (outcome).
    #[serde(rename = "成果")]
    Outcome,
    /// 活動指標 (output).
    #[serde(rename = "活動")]
    Activity,
}

impl IndicatorKind {
    /// Both kinds, in the template's order.
    pub const ALL: [IndicatorKind; 2] = [IndicatorKind::Outcome, IndicatorKind::Activity];

    /// The choice as the template lists it: 成果.
    pub fn label(self) -> &'static str {
        match self {
            IndicatorKind::Outcome => "成果",
            IndicatorKind::Activity => "活動",
        }
    }

    /// Reads 成果, 成果指標, 活動, 活動指標.
    pub fn parse(text: &str) -> Option<IndicatorKind> {
        let text = normalize(text);
        let text = text.trim();
        let text = text.strip_suffix("指標").unwrap_or(text);
        IndicatorKind::ALL.into_iter().find(|k| k.label() == text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sdgs_as_departments_type_them() {
        assert_eq!(parse_sdgs("11、17"), Ok(vec![11, 17]));
        assert_eq!(parse_sdgs("１７，３"), Ok(vec![3, 17]));
        assert_eq!(parse_sdgs("No.17"), Ok(vec![17]));
        assert_eq!(parse_sdgs("目標3・11"), Ok(vec![3, 11]));
        assert_eq!(
            parse_sdgs("【No.17:パートナーシップで目標を達成しよう】"),
            Ok(vec![17])
        );
        assert_eq!(parse_sdgs("住み続けられるまちづくりを"), Ok(vec![11]));
        assert_eq!(parse_sdgs(""), Ok(vec![]));
        assert_eq!(parse_sdgs("18"), Err("18".to_string()));
        assert_eq!(parse_sdgs("0、3"), Err("0".to_string()));
        assert_eq!(parse_sdgs("まちづくり"), Err("まちづくり".to_string()));
    }

    #[test]
    fn progress_marks_as_typed() {
        assert_eq!(Progress::parse("◎"), Some(Progress::Ahead));
        assert_eq!(Progress::parse("〇"), Some(Progress::OnTrack));
        assert_eq!(Progress::parse("△やや遅れ"), Some(Progress::Behind));
        assert_eq!(Progress::parse("大幅な遅れ"), Some(Progress::FarBehind));
        assert_eq!(Progress::parse("x"), Some(Progress::FarBehind));
        assert_eq!(Progress::parse("順調"), None);
        assert_eq!(
            IndicatorKind::parse("成果指標"),
            Some(IndicatorKind::Outcome)
        );
        assert_eq!(IndicatorKind::parse("活動"), Some(IndicatorKind::Activity));
        assert_eq!(IndicatorKind::parse("参考"), None);
    }

    #[test]
    fn plans_by_code_or_name() {
        let plans = Plans(vec![Plan {
            code: "1-1".into(),
            name: "移住・定住の促進".into(),
        }]);
        assert_eq!(plans.find("１－１").map(|p| p.code.as_str()), Some("1-1"));
        assert_eq!(
            plans.find("移住・定住の促進").map(|p| p.code.as_str()),
            Some("1-1")
        );
        assert!(plans.find("2-1").is_none());
        assert_eq!(split_items("1-1、2-3\n 3-1 "), vec!["1-1", "2-3", "3-1"]);
    }
}
