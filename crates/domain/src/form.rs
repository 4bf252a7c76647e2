//! The standard template's structure, shared by the writer and the reader:
//! defined names, list columns and their header texts. Positions written
//! here are where the template starts; the reader never relies on them.

/// The template version written in the named cell [`Field::Version`].
/// Change it whenever the reader could misread a file of the previous layout.
/// Version 2 added the optional columns (SDGs, 施策, 予算額, baselines,
/// long-term targets, the 中間評価); columns are found by their headers,
/// so a version 1 file reads with those fields empty.
pub const TEMPLATE_VERSION: &str = "mokuhyo-2";

/// How every template version starts, readable or not.
pub const VERSION_PREFIX: &str = "mokuhyo-";

/// Every version the reader reads: earlier ones lack only optional columns.
pub const READABLE_VERSIONS: [&str; 2] = ["mokuhyo-1", TEMPLATE_VERSION];

/// Name of the sheet the template is filled on.
pub const SHEET: &str = "部局経営目標";

/// Name of the sheet with instructions.
pub const GUIDE_SHEET: &str = "記入方法";

/// Prefix of every defined name the template carries.
pub const NAME_PREFIX: &str = "mk_";

/// A single named cell of the header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// 様式バージョン.
    Version,
    /// 年度.
    Year,
    /// 作成日.
    Created,
    /// 部局名.
    Department,
    /// 部局長名.
    Head,
    /// 備考.
    Remark,
}

impl Field {
    /// Every field, in reading order.
    pub const ALL: [Field; 6] = [
        Field::Version,
        Field::Year,
        Field::Created,
        Field::Department,
        Field::Head,
        Field::Remark,
    ];

    /// The defined name of the cell.
    pub fn name(self) -> &'static str {
        match self {
            Field::Version => "mk_version",
            Field::Year => "mk_year",
            Field::Created => "mk_created",
            Field::Department => "mk_department",
            Field::Head => "mk_head",
            Field::Remark => "mk_remark",
        }
    }

    /// The label printed next to the cell.
    pub fn label(self) -> &'static str {
        match self {
            Field::Version => "様式",
            Field::Year => "年度",
            Field::Created => "作成日",
            Field::Department => "部局名",
            Field::Head => "部局長名",
            Field::Remark => "備考",
        }
    }
}

/// The part of the template a defined name marks, as messages to the
/// departments call it (they never see the names): 「年度」の欄,
/// 「重点事業」の表.
pub fn part_label(name: &str) -> String {
    let name = name.to_ascii_lowercase();
    if let Some(field) = Field::ALL.iter().find(|f| f.name() == name) {
        return format!("「{}」の欄", field.label());
    }
    if let Some(list) = [List::Themes, List::Projects]
        .iter()
        .find(|l| l.name() == name)
    {
        return format!("「{}」の表", list.label());
    }
    "見出しや表の一部".to_string()
}

/// One of the template's lists: a header row then data rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum List {
    /// (1) 部局の方向性 (テーマ).
    Themes,
    /// (2) 事業成果目標 (重点事業) with their indicators.
    Projects,
}

impl List {
    /// The defined name covering the header row and the data rows.
    pub fn name(self) -> &'static str {
        match self {
            List::Themes => "mk_themes",
            List::Projects => "mk_projects",
        }
    }

    /// The Excel table name (xlsx only).
    pub fn table_name(self) -> &'static str {
        match self {
            List::Themes => "テーマ表",
            List::Projects => "重点事業表",
        }
    }

    /// The columns, in template order.
    pub fn columns(self) -> &'static [Col] {
        match self {
            List::Themes => &THEME_COLUMNS,
            List::Projects => &PROJECT_COLUMNS,
        }
    }

    /// How the list is called in messages.
    pub fn label(self) -> &'static str {
        match self {
            List::Themes => "部局の方向性(テーマ)",
            List::Projects => "重点事業",
        }
    }
}

/// A column of a list, identified by its header text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Col {
    /// テーマ: the theme's title line.
    ThemeTitle,
    /// 内容: the theme's body.
    ThemeBody,
    /// SDGs of a theme (version 2, optional).
    ThemeSdgs,
    /// 施策 of the 総合計画 a theme serves (version 2, optional).
    ThemePlan,
    /// 番号: the project's code such as 1-①.
    Code,
    /// 事業名.
    Title,
    /// 事業内容.
    Description,
    /// SDGs of a project: goal numbers 1–17 (version 2, optional).
    Sdgs,
    /// 施策 of the 総合計画 a project serves (version 2, optional).
    Plan,
    /// 予算額(事業費), in 千円 (version 2, optional).
    Budget,
    /// 指標名.
    IndicatorName,
    /// 単位.
    Unit,
    /// 目標値.
    Target,
    /// 前年度実績値.
    Previous,
    /// 前年度実績の見込み flag.
    PreviousEstimate,
    /// 方向 (増加/減少/維持).
    Direction,
    /// 累計.
    Cumulative,
    /// 指標の種類: 成果 or 活動 (version 2, optional).
    IndicatorKind,
    /// 基準値 (version 2, optional).
    Baseline,
    /// 基準値の時点, as written (version 2, optional).
    BaselineAsOf,
    /// 長期目標値 (version 2, optional).
    LongTerm,
    /// 長期目標の年度, as written (version 2, optional).
    LongTermYear,
    /// 根拠となる計画 (version 2, optional).
    Basis,
    /// 中間評価: 進捗 ◎○△× (version 2, optional).
    Progress,
    /// 中間評価: 成果.
    MidResults,
    /// 中間評価: 課題.
    MidIssues,
    /// 中間評価: 今後の取組.
    MidNextSteps,
    /// 実績値 at year end.
    Actual,
    /// 実績の見込み flag.
    ActualEstimate,
    /// 実績時点.
    ActualAsOf,
    /// 成果.
    Results,
    /// 課題.
    Issues,
    /// 今後の方向性.
    NextSteps,
}

/// What a column holds, for validation and formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Free text, wrapped.
    Text,
    /// Short text.
    Short,
    /// A number (or `-` for none).
    Number,
    /// The 見込み flag.
    Estimate,
    /// 増加 / 減少 / 維持.
    Direction,
    /// The 累計 flag.
    Cumulative,
    /// A date.
    Date,
    /// SDGs goal numbers.
    Sdgs,
    /// 成果 / 活動.
    IndicatorKind,
    /// ◎ / ○ / △ / ×.
    Progress,
}

impl Col {
    /// The header text as printed in the template.
    pub fn header(self) -> &'static str {
        match self {
            Col::ThemeTitle => "テーマ",
            Col::ThemeBody => "内容",
            Col::ThemeSdgs | Col::Sdgs => "SDGs",
            Col::ThemePlan | Col::Plan => "施策",
            Col::Budget => "予算額(千円)",
            Col::IndicatorKind => "指標の種類",
            Col::Baseline => "基準値",
            Col::BaselineAsOf => "基準値の時点",
            Col::LongTerm => "長期目標値",
            Col::LongTermYear => "長期目標の年度",
            Col::Basis => "根拠となる計画",
            Col::Progress => "進捗",
            Col::MidResults => "中間の成果",
            Col::MidIssues => "中間の課題",
            Col::MidNextSteps => "今後の取組",
            Col::Code => "番号",
            Col::Title => "事業名",
            Col::Description => "事業内容",
            Col::IndicatorName => "指標名",
            Col::Unit => "単位",
            Col::Target => "目標値",
            Col::Previous => "前年度実績値",
            Col::PreviousEstimate => "前年度見込み",
            Col::Direction => "方向",
            Col::Cumulative => "累計",
            Col::Actual => "実績値",
            Col::ActualEstimate => "実績見込み",
            Col::ActualAsOf => "実績時点",
            Col::Results => "成果",
            Col::Issues => "課題",
            Col::NextSteps => "今後の方向性",
        }
    }

    /// What the column holds.
    pub fn kind(self) -> Kind {
        match self {
            Col::Code
            | Col::IndicatorName
            | Col::Unit
            | Col::ThemePlan
            | Col::Plan
            | Col::BaselineAsOf
            | Col::LongTermYear => Kind::Short,
            Col::Target
            | Col::Previous
            | Col::Actual
            | Col::Budget
            | Col::Baseline
            | Col::LongTerm => Kind::Number,
            Col::ThemeSdgs | Col::Sdgs => Kind::Sdgs,
            Col::IndicatorKind => Kind::IndicatorKind,
            Col::Progress => Kind::Progress,
            Col::PreviousEstimate | Col::ActualEstimate => Kind::Estimate,
            Col::Direction => Kind::Direction,
            Col::Cumulative => Kind::Cumulative,
            Col::ActualAsOf => Kind::Date,
            _ => Kind::Text,
        }
    }

    /// Column width in the template, in Excel character units.
    pub fn width(self) -> f64 {
        match self {
            Col::Code => 7.0,
            // Themes sit in the project list's 事業名 and 事業内容 columns.
            Col::Title | Col::ThemeTitle => 20.0,
            Col::Description | Col::ThemeBody => 46.0,
            Col::IndicatorName => 22.0,
            Col::Unit => 7.0,
            Col::Target | Col::Previous | Col::Actual => 10.0,
            Col::PreviousEstimate | Col::ActualEstimate => 8.0,
            Col::Direction | Col::Cumulative => 6.5,
            Col::ActualAsOf => 12.0,
            // Theme columns sit above these project columns.
            Col::Sdgs | Col::ThemeSdgs => 9.0,
            Col::Plan | Col::ThemePlan => 12.0,
            Col::Budget | Col::Baseline | Col::LongTerm => 10.0,
            Col::BaselineAsOf | Col::LongTermYear => 10.0,
            Col::IndicatorKind | Col::Progress => 7.0,
            Col::Basis => 20.0,
            Col::Results | Col::Issues | Col::NextSteps => 30.0,
            Col::MidResults | Col::MidIssues | Col::MidNextSteps => 30.0,
        }
    }

    /// True for the columns filled at year end.
    pub fn is_year_end(self) -> bool {
        matches!(
            self,
            Col::Actual
                | Col::ActualEstimate
                | Col::ActualAsOf
                | Col::Results
                | Col::Issues
                | Col::NextSteps
        )
    }

    /// True for the columns of the 中間評価, filled at the end of September.
    pub fn is_mid_year(self) -> bool {
        matches!(
            self,
            Col::Progress | Col::MidResults | Col::MidIssues | Col::MidNextSteps
        )
    }

    /// True for the columns version 2 added: a file without them (version
    /// 1, or a department that deleted them) reads with those fields empty.
    pub fn is_optional(self) -> bool {
        matches!(
            self,
            Col::ThemeSdgs
                | Col::ThemePlan
                | Col::Sdgs
                | Col::Plan
                | Col::Budget
                | Col::IndicatorKind
                | Col::Baseline
                | Col::BaselineAsOf
                | Col::LongTerm
                | Col::LongTermYear
                | Col::Basis
        ) || self.is_mid_year()
    }

    /// True for columns that describe the project rather than an indicator;
    /// they are read from the project's first row.
    pub fn is_project_level(self) -> bool {
        matches!(
            self,
            Col::Code
                | Col::Title
                | Col::Description
                | Col::Sdgs
                | Col::Plan
                | Col::Budget
                | Col::Results
                | Col::Issues
                | Col::NextSteps
        ) || self.is_mid_year()
    }

    /// The note shown on the header cell to guide the person filling it.
    pub fn guide(self) -> &'static str {
        match self {
            Col::ThemeTitle => "テーマの見出しを1行で。先頭の「・」は不要です。",
            Col::ThemeBody => "テーマの内容。改行は Alt+Enter(LibreOffice は Ctrl+Enter)。",
            Col::ThemeSdgs | Col::Sdgs => {
                "【任意】関連する SDGs の目標の番号(1〜17)。複数は「、」で区切ります(例: 11、17)。"
            }
            Col::ThemePlan | Col::Plan => {
                "【任意】関連する総合計画の施策(または総合戦略の KPI)の番号か名称。複数は「、」で区切ります。"
            }
            Col::Budget => "【任意】事業の予算額(事業費)を千円単位の数値で。",
            Col::IndicatorKind => "【任意】成果指標か活動指標か(「成果」か「活動」)。",
            Col::Baseline => "【任意】基準値を数値で(単位は「単位」列と同じ)。",
            Col::BaselineAsOf => "【任意】基準値の時点(例: 令和6年度、令和7年3月末)。",
            Col::LongTerm => "【任意】長期的な目標値を数値で(単位は「単位」列と同じ)。",
            Col::LongTermYear => "【任意】長期目標の年度(例: 令和12年度)。",
            Col::Basis => "【任意】指標の根拠となる計画と、指標に選んだ理由。",
            Col::Progress => {
                "【中間評価・9月末】進捗: ◎予定以上・○予定通り・△やや遅れ・×大幅な遅れ。"
            }
            Col::MidResults => "【中間評価・9月末】ここまでの成果。",
            Col::MidIssues => "【中間評価・9月末】課題。",
            Col::MidNextSteps => "【中間評価・9月末】年度末に向けた今後の取組。",
            Col::Code => "事業の番号(例: 1-①)。なければ空欄(●で表示されます)。",
            Col::Title => "事業名。事業の最初の行にだけ記入します。",
            Col::Description => "事業の内容。箇条書きは行頭に「・」を付け、セル内で改行します。",
            Col::IndicatorName => {
                "指標名。指標が複数ある事業は、2つ目以降の指標を次の行に記入し、番号・事業名・事業内容は空欄にします。"
            }
            Col::Unit => "単位(例: 人、回、%、億円、万件)。数値の列には単位を入れません。",
            Col::Target => "目標値を数値で。単位は「単位」列に。",
            Col::Previous => "前年度の実績値を数値で。実績がない場合は「-」を入力します。",
            Col::PreviousEstimate => "前年度実績値が見込みの場合は「見込み」を選びます。",
            Col::Direction => {
                "増加(多いほどよい)・減少(少ないほどよい)・維持。空欄は増加とみなします。"
            }
            Col::Cumulative => "目標値が累計の場合は「累計」を選びます。",
            Col::Actual => "【年度末】今年度の実績値を数値で。",
            Col::ActualEstimate => "【年度末】実績値が見込みの場合は「見込み」を選びます。",
            Col::ActualAsOf => "【年度末】実績値の時点(日付)。",
            Col::Results => "【年度末】事業の成果。",
            Col::Issues => "【年度末】課題。",
            Col::NextSteps => "【年度末】今後の方向性。",
        }
    }
}

/// Columns of the theme list.
pub const THEME_COLUMNS: [Col; 4] = [
    Col::ThemeTitle,
    Col::ThemeBody,
    Col::ThemeSdgs,
    Col::ThemePlan,
];

/// Columns of the project list.
pub const PROJECT_COLUMNS: [Col; 29] = [
    Col::Code,
    Col::Title,
    Col::Description,
    Col::Sdgs,
    Col::Plan,
    Col::Budget,
    Col::IndicatorName,
    Col::Unit,
    Col::Target,
    Col::Previous,
    Col::PreviousEstimate,
    Col::Direction,
    Col::Cumulative,
    Col::IndicatorKind,
    Col::Baseline,
    Col::BaselineAsOf,
    Col::LongTerm,
    Col::LongTermYear,
    Col::Basis,
    Col::Progress,
    Col::MidResults,
    Col::MidIssues,
    Col::MidNextSteps,
    Col::Actual,
    Col::ActualEstimate,
    Col::ActualAsOf,
    Col::Results,
    Col::Issues,
    Col::NextSteps,
];

/// The text of the 見込み flag.
pub const ESTIMATE: &str = "見込み";

/// The text of the 累計 flag.
pub const CUMULATIVE: &str = "累計";

/// Normalises a header text for matching: NFKC, no whitespace or line breaks.
pub fn normalize_header(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.nfkc().filter(|c| !c.is_whitespace()).collect()
}

/// Finds the column whose header matches the text, in the given list.
pub fn column_for_header(list: List, text: &str) -> Option<Col> {
    let wanted = normalize_header(text);
    list.columns()
        .iter()
        .copied()
        .find(|c| normalize_header(c.header()) == wanted)
}

/// Excel's last column (zero-based): XFD.
pub const LAST_COL: u32 = 16_383;
/// Excel's last row (zero-based): 1048576.
pub const LAST_ROW: u32 = 1_048_575;

/// A1 name of a zero-based column: 0 → A, 26 → AA.
pub fn column_letters(col: u32) -> String {
    rust_xlsxwriter::utility::column_number_to_name(col.min(LAST_COL) as u16)
}

/// A1 reference of a zero-based (row, column): (0, 0) → A1.
pub fn a1(row: u32, col: u32) -> String {
    rust_xlsxwriter::utility::row_col_to_cell(row, col.min(LAST_COL) as u16)
}

/// `F24` (or `f24`) → zero-based (row, column); `None` when it is not a
/// cell reference or lies beyond XFD1048576. The inverse of [`a1`], and
/// the one parser of cell references (names, sheet parts, findings).
pub fn parse_a1(text: &str) -> Option<(u32, u32)> {
    let split = text.bytes().position(|b| !b.is_ascii_alphabetic())?;
    let (letters, digits) = text.split_at(split);
    if letters.is_empty()
        || letters.len() > 3
        || digits.is_empty()
        || !digits.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let col = letters.bytes().fold(0u32, |acc, b| {
        acc * 26 + (b.to_ascii_uppercase() - b'A') as u32 + 1
    }) - 1;
    let row: u32 = digits.parse().ok()?;
    (row >= 1 && row - 1 <= LAST_ROW && col <= LAST_COL).then(|| (row - 1, col))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_references() {
        assert_eq!(a1(0, 0), "A1");
        assert_eq!(a1(22, 5), "F23");
        assert_eq!(a1(0, 25), "Z1");
        assert_eq!(a1(0, 26), "AA1");
        assert_eq!(a1(9, 701), "ZZ10");
        assert_eq!(a1(0, 702), "AAA1");
    }

    #[test]
    fn headers_match_after_normalisation() {
        assert_eq!(
            column_for_header(List::Projects, "目標値"),
            Some(Col::Target)
        );
        assert_eq!(
            column_for_header(List::Projects, " 前年度\n実績値 "),
            Some(Col::Previous)
        );
        assert_eq!(column_for_header(List::Projects, "列1"), None);
        assert_eq!(column_for_header(List::Themes, "目標値"), None);
    }

    #[test]
    fn every_header_is_unique_within_its_list() {
        for list in [List::Themes, List::Projects] {
            let mut seen = std::collections::BTreeSet::new();
            for c in list.columns() {
                assert!(seen.insert(c.header()), "{} twice", c.header());
            }
        }
    }
}
