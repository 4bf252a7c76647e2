//! `mokuhyo.toml`: municipality, fiscal year, roster and output names.
//! Every key is optional; defaults work without a file.

use std::path::{Path, PathBuf};

pub mod explain;

use serde::{Deserialize, Serialize};

use crate::domain::file_name::safe_file_name;
use crate::domain::plan::Plans;
use crate::domain::roster::Roster;
use crate::domain::wareki::FiscalYear;
use crate::error::{Error, OsReason, Result};
use crate::outputs::present::{DEFAULT_DOCUMENT, Headings};

/// The configuration file as written.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// 自治体名, shown in titles and document properties.
    #[serde(default)]
    pub municipality: String,
    /// 全国地方公共団体コード (6 digits, the last a check digit), on every
    /// row of the open data.
    #[serde(default)]
    pub code: Option<String>,
    /// The fiscal year processed (令和8年度, R8, 2026).
    #[serde(default)]
    pub year: Option<FiscalYear>,
    /// The document's name as the city calls it (部局長の実行宣言, 組織目標…):
    /// every title, heading, default file name and message that names the
    /// document says it. Without it, 部局経営目標.
    /// (Spanned: a name that cannot be is refused with its line.)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<toml::Spanned<String>>,
    /// The date reports carry (作成日 of the packet, the year-end report
    /// and the 中間評価): "令和9年5月20日", "R9.5.20", "2027-05-20" or a TOML
    /// date; without it, the day the report is made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<ReportDate>,
    /// Section headings of the template and outputs.
    #[serde(default)]
    pub headings: Headings,
    /// Output file names.
    #[serde(default)]
    pub output: OutputNames,
    /// The PDF packet.
    #[serde(default)]
    pub pdf: PdfConfig,
    /// The year-end grading rules.
    #[serde(default)]
    pub rollup: crate::year_end::achievement::Thresholds,
    /// Limits on what one input may cost.
    #[serde(default)]
    pub limits: crate::input::Limits,
    /// The roster: departments expected, in order.
    #[serde(default, rename = "department")]
    pub roster: Roster,
    /// The 施策 of the 総合計画 (or 総合戦略 KPIs) goals may serve, in order.
    #[serde(default, rename = "plan", skip_serializing_if = "Plans::is_empty")]
    pub plans: Plans,
}

/// A date given for reports, in any spelling a 作成日 cell may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportDate(pub chrono::NaiveDate);

impl ReportDate {
    /// Reads a date as a clerk types it (see [`crate::domain::wareki::parse_date`]).
    pub fn parse(text: &str) -> Option<ReportDate> {
        crate::domain::wareki::parse_date(text).map(ReportDate)
    }
}

impl Serialize for ReportDate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.0.format("%Y-%m-%d").to_string())
    }
}

impl<'de> Deserialize<'de> for ReportDate {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<ReportDate, D::Error> {
        use serde::de::{Error as _, Unexpected};
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Written {
            Text(String),
            Toml(toml::value::Datetime),
        }
        const EXPECTED: &str = "a report date such as \"令和9年5月20日\" or 2027-05-20";
        match Written::deserialize(d)
            .map_err(|_| D::Error::invalid_type(Unexpected::Other("value"), &EXPECTED))?
        {
            Written::Text(text) => ReportDate::parse(&text)
                .ok_or_else(|| D::Error::invalid_value(Unexpected::Str(&text), &EXPECTED)),
            Written::Toml(datetime) => datetime
                .date
                .and_then(|d| {
                    chrono::NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into())
                })
                .filter(|_| datetime.time.is_none())
                .map(ReportDate)
                .ok_or_else(|| {
                    D::Error::invalid_value(Unexpected::Other(&datetime.to_string()), &EXPECTED)
                }),
        }
    }
}

/// The PDF packet's fonts: TrueType files (.ttf, or .ttc with `#N` for
/// the face N of the collection, from 0); relative paths are taken from the
/// configuration file's folder. Without them, the embedded BIZ UDゴシック.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PdfConfig {
    /// The font of body text (and of bold text when `bold_font` is not set).
    pub font: Option<String>,
    /// The font of titles, headings and table headers.
    pub bold_font: Option<String>,
}

/// Output file names; `{year}` is replaced by the year's label.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct OutputNames {
    /// The consolidated workbook.
    pub workbook: String,
    /// A department's template; `{department}` is replaced too.
    pub template: String,
    /// The PDF council packet.
    pub pdf: String,
    /// A department's PDF (`build --per-department`).
    pub department_pdf: String,
    /// The year-end rollup workbook.
    pub rollup_workbook: String,
    /// The year-end report PDF.
    pub rollup_pdf: String,
    /// The 中間評価 workbook (`review`).
    pub mid_year_workbook: String,
    /// The 中間評価 report PDF (`review`).
    pub mid_year_pdf: String,
    /// What `{document}` stands for: the configuration's `document`.
    #[serde(skip)]
    pub document: String,
}

impl Default for OutputNames {
    fn default() -> OutputNames {
        OutputNames {
            workbook: "{year}_{document}_集約.xlsx".to_string(),
            template: "{year}_{document}_{department}.xlsx".to_string(),
            pdf: "{year}_{document}.pdf".to_string(),
            department_pdf: "{year}_{document}_{department}.pdf".to_string(),
            rollup_workbook: "{year}_{document}_実績集計.xlsx".to_string(),
            rollup_pdf: "{year}_{document}_実績報告.pdf".to_string(),
            mid_year_workbook: "{year}_{document}_中間評価.xlsx".to_string(),
            mid_year_pdf: "{year}_{document}_中間評価.pdf".to_string(),
            document: DEFAULT_DOCUMENT.to_string(),
        }
    }
}

impl OutputNames {
    /// A file name from a pattern with `{year}` and `{document}`.
    fn named(&self, pattern: &str, year: FiscalYear) -> String {
        safe_file_name(
            &pattern
                .replace("{document}", &self.document)
                .replace("{year}", &year.label()),
        )
    }

    /// The workbook's file name for a year.
    pub fn workbook_name(&self, year: FiscalYear) -> String {
        self.named(&self.workbook, year)
    }

    /// A template's file name for a year and department.
    pub fn template_name(&self, year: FiscalYear, department: &str) -> String {
        with_department(
            &self.template.replace("{document}", &self.document),
            year,
            department,
        )
    }

    /// The PDF packet's file name for a year.
    pub fn pdf_name(&self, year: FiscalYear) -> String {
        self.named(&self.pdf, year)
    }

    /// The rollup workbook's file name for a year.
    pub fn rollup_workbook_name(&self, year: FiscalYear) -> String {
        self.named(&self.rollup_workbook, year)
    }

    /// The year-end report's file name for a year.
    pub fn rollup_pdf_name(&self, year: FiscalYear) -> String {
        self.named(&self.rollup_pdf, year)
    }

    /// The 中間評価 workbook's file name for a year.
    pub fn mid_year_workbook_name(&self, year: FiscalYear) -> String {
        self.named(&self.mid_year_workbook, year)
    }

    /// The 中間評価 report's file name for a year.
    pub fn mid_year_pdf_name(&self, year: FiscalYear) -> String {
        self.named(&self.mid_year_pdf, year)
    }

    /// A department's PDF file name for a year.
    pub fn department_pdf_name(&self, year: FiscalYear, department: &str) -> String {
        with_department(
            &self.department_pdf.replace("{document}", &self.document),
            year,
            department,
        )
    }
}

/// A file name from a pattern with `{year}` and `{department}`; the
/// department name cannot add folders (its / \\ : … become _, a name of dots
/// stays inside the file name).
fn with_department(pattern: &str, year: FiscalYear, department: &str) -> String {
    let department = safe_file_name(department);
    let department = if department.trim_matches('.').is_empty() {
        department.replace('.', "_")
    } else {
        department
    };
    let name = pattern
        .replace("{year}", &year.label())
        .replace("{department}", &department);
    safe_file_name(&name)
}

impl Config {
    /// Reads a configuration file.
    pub fn load(path: &Path) -> Result<Config> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::ConfigRead {
            path: path.to_path_buf(),
            reason: OsReason::from(&e),
        })?;
        Config::parse(&text).map_err(|message| Error::ConfigParse {
            path: path.to_path_buf(),
            message,
        })
    }

    /// Parses configuration text.
    pub fn parse(text: &str) -> std::result::Result<Config, String> {
        let mut config: Config = toml::from_str(text).map_err(|e| explain::toml_error(text, &e))?;
        if let Some(written) = &config.document {
            let name = check_document(text, written)?;
            config.headings.document = name.clone();
            config.output.document = name;
        }
        config.rollup.validate()?;
        if let Some(code) = &config.code {
            check_code(code)?;
        }
        check_roster(text)?;
        check_plans(&config.plans)?;
        Ok(config)
    }

    /// Reads `--config PATH` if given, else `mokuhyo.toml` in the current
    /// folder if there is one, else the defaults.
    pub fn discover(explicit: Option<&Path>) -> Result<(Config, Option<PathBuf>)> {
        match explicit {
            Some(path) => Ok((Config::load(path)?, Some(path.to_path_buf()))),
            None => {
                let default = PathBuf::from("mokuhyo.toml");
                if default.is_file() {
                    Ok((Config::load(&default)?, Some(default)))
                } else {
                    Ok((Config::default(), None))
                }
            }
        }
    }
}

/// Refuses a 施策 without a code or name, and a code listed twice.
fn check_plans(plans: &Plans) -> std::result::Result<(), String> {
    let mut seen = std::collections::BTreeSet::new();
    for (i, plan) in plans.iter().enumerate() {
        if plan.code.trim().is_empty() || plan.name.trim().is_empty() {
            return Err(format!(
                "施策一覧([[plan]])の {} 番目に code か name がありません。code = \"1-1\" と name = \"施策の名称\" を書いてください。",
                i + 1
            ));
        }
        if !seen.insert(crate::domain::quantity::normalize(&plan.code)) {
            return Err(format!(
                "施策一覧([[plan]])に番号「{}」が2か所あります。番号は1つの施策に1つにしてください。",
                plan.code
            ));
        }
    }
    Ok(())
}

/// The document's name as the configuration gives it (trimmed), or why
/// it cannot be: it heads every output and names files and sheets, so it is
/// short (a sheet name is at most 31 characters) and has none of the
/// characters a file or sheet name cannot have.
fn check_document(
    text: &str,
    written: &toml::Spanned<String>,
) -> std::result::Result<String, String> {
    let name = written.get_ref().trim();
    let line = text
        .get(..written.span().start)
        .map_or(0, |before| before.matches('\n').count())
        + 1;
    let bad: Vec<char> = name
        .chars()
        .filter(|c| "[]:*?/\\<>\"|'".contains(*c) || c.is_control())
        .collect();
    let why = if name.is_empty() {
        "空です".to_string()
    } else if name.chars().count() > 20 {
        format!("{} 文字あります(20 文字まで)", name.chars().count())
    } else if !bad.is_empty() {
        let shown: String = bad.iter().collect();
        format!("ファイル名やシート名に使えない文字「{shown}」があります")
    } else {
        return Ok(name.to_string());
    };
    Err(format!(
        "{line}行目の document「{name}」は使えません({why})。文書の名前は表紙・見出し・ファイル名・シート名になるので、20 文字までで、[ ] : * ? / \\ < > \" | ' を含めずに書いてください(例: document = \"部局長の実行宣言\")。"
    ))
}

/// Refuses a roster in which a department is listed twice, or a name or
/// alias stands for two departments: each would be a department of its own
/// in every output. The message names both places by line.
fn check_roster(text: &str) -> std::result::Result<(), String> {
    #[derive(Deserialize)]
    struct Roster {
        #[serde(default, rename = "department")]
        departments: Vec<Entry>,
    }
    #[derive(Deserialize)]
    struct Entry {
        name: toml::Spanned<String>,
        #[serde(default)]
        aliases: Vec<toml::Spanned<String>>,
        #[serde(default)]
        page: Option<toml::Spanned<String>>,
    }
    let roster: Roster = toml::from_str(text).map_err(|e| e.message().to_string())?;
    let line = |span: std::ops::Range<usize>| {
        text.get(..span.start)
            .map_or(0, |before| before.matches('\n').count())
            + 1
    };
    // Each name as written: its department's index and where it is. Lines
    // are counted only for the message (counting each would be quadratic
    // in a long roster).
    let mut seen: std::collections::HashMap<&str, (usize, std::ops::Range<usize>)> =
        std::collections::HashMap::new();
    for (i, entry) in roster.departments.iter().enumerate() {
        for written in std::iter::once(&entry.name).chain(&entry.aliases) {
            let name = written.get_ref().trim();
            match seen.get(name) {
                Some((j, there)) if *j != i => {
                    let (there, here) = (line(there.clone()), line(written.span()));
                    return Err(format!(
                        "名簿([[department]])に「{name}」が2か所あります({there}行目と{here}行目)。同じ部局が2つの部局として扱われないよう、1か所にまとめてください(別の書き方は aliases に)。"
                    ));
                }
                Some(_) => {}
                None => {
                    seen.insert(name, (i, written.span()));
                }
            }
        }
    }
    check_pages(
        roster.departments.iter().filter_map(|d| d.page.as_ref()),
        line,
    )
}

/// Refuses a page key (`page = "seisaku"`) that is not ASCII letters,
/// digits and `-`, or that two departments share (as the same file on a
/// disk that ignores case, too): each is a department's address on the
/// site.
fn check_pages<'a>(
    pages: impl Iterator<Item = &'a toml::Spanned<String>>,
    line: impl Fn(std::ops::Range<usize>) -> usize,
) -> std::result::Result<(), String> {
    let mut seen: std::collections::HashMap<String, std::ops::Range<usize>> =
        std::collections::HashMap::new();
    for page in pages {
        let key = page.get_ref();
        let ok = !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        if !ok {
            let here = line(page.span());
            return Err(format!(
                "名簿([[department]])の{here}行目の page「{key}」は使えません。ページのアドレスになるので、半角英数字と「-」だけで書いてください(例: page = \"seisaku\")。"
            ));
        }
        let folded = key.to_ascii_lowercase();
        if let Some(there) = seen.get(&folded) {
            let (there, here) = (line(there.clone()), line(page.span()));
            return Err(format!(
                "名簿([[department]])の page「{key}」が2か所あります({there}行目と{here}行目)。ページのアドレスは部局ごとに別にしてください(大文字と小文字は同じと見なします)。"
            ));
        }
        seen.insert(folded, page.span());
    }
    Ok(())
}

/// The check digit of a 5-digit 全国地方公共団体コード (JIS X 0401/0402):
/// 33214 (真庭市) gives 3.
pub fn check_digit(five: &str) -> Option<u32> {
    let digits: Vec<u32> = five
        .chars()
        .map(|c| c.to_digit(10))
        .collect::<Option<_>>()?;
    if digits.len() != 5 {
        return None;
    }
    let sum: u32 = digits.iter().zip([6, 5, 4, 3, 2]).map(|(d, w)| d * w).sum();
    // The last digit of 11 less the remainder (苫小牧市 01213: remainder 0, 012131).
    Some((11 - sum % 11) % 10)
}

/// A `code` is 6 digits whose last is the check digit of the first five.
fn check_code(code: &str) -> std::result::Result<(), String> {
    let ok = code.len() == 6
        && check_digit(&code[..5]).is_some_and(|d| code[5..].parse::<u32>() == Ok(d));
    if ok {
        return Ok(());
    }
    let hint = match check_digit(code) {
        Some(d) => format!("5桁なら検査数字を付けて \"{code}{d}\" と書いてください。"),
        None => "6桁の数字で書いてください(真庭市なら \"332143\")。".to_string(),
    };
    Err(format!(
        "code「{code}」は全国地方公共団体コード(6桁、最後の1桁は検査数字)ではありません。{hint}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_without_file() {
        let config = Config::parse("").unwrap();
        assert_eq!(config.headings.themes, "(1) 部局の方向性 (テーマ)");
        assert!(config.roster.is_empty());
        assert_eq!(config.year, None);
    }

    #[test]
    fn roster_with_aliases() {
        let config = Config::parse(
            "municipality = \"真庭市\"\nyear = \"R8\"\n[[department]]\nname = \"総合政策部\"\naliases = [\"総政\"]\n",
        )
        .unwrap();
        assert_eq!(config.year, Some(FiscalYear::new(2026)));
        assert_eq!(config.roster.index("総政"), Some(0));
    }

    #[test]
    fn a_department_listed_twice_is_refused_naming_both_lines() {
        let text = "[[department]]\nname = \"総務部\"\n\n[[department]]\nname = \"建設部\"\n\n[[department]]\nname = \"総務部\"\n";
        assert_eq!(
            Config::parse(text).unwrap_err(),
            "名簿([[department]])に「総務部」が2か所あります(2行目と8行目)。同じ部局が2つの部局として扱われないよう、1か所にまとめてください(別の書き方は aliases に)。"
        );
        let alias = "[[department]]\nname = \"総合政策部\"\naliases = [\"総務部\"]\n[[department]]\nname = \"総務部\"\n";
        assert!(
            Config::parse(alias)
                .unwrap_err()
                .contains("「総務部」が2か所あります(3行目と5行目)")
        );
        // An alias repeating its own department's name is harmless.
        let own = "[[department]]\nname = \"総務部\"\naliases = [\"総務部\"]\n";
        assert!(Config::parse(own).is_ok());
    }

    #[test]
    fn a_page_key_is_ascii_and_one_department_s() {
        let text = "[[department]]\nname = \"総合政策部\"\npage = \"seisaku\"\n\n[[department]]\nname = \"総務部\"\npage = \"Seisaku\"\n";
        assert_eq!(
            Config::parse(text).unwrap_err(),
            "名簿([[department]])の page「Seisaku」が2か所あります(3行目と7行目)。ページのアドレスは部局ごとに別にしてください(大文字と小文字は同じと見なします)。"
        );
        for bad in ["総合政策", "sei saku", "../x", ""] {
            let text = format!("[[department]]\nname = \"総合政策部\"\npage = \"{bad}\"\n");
            assert_eq!(
                Config::parse(&text).unwrap_err(),
                format!(
                    "名簿([[department]])の3行目の page「{bad}」は使えません。ページのアドレスになるので、半角英数字と「-」だけで書いてください(例: page = \"seisaku\")。"
                )
            );
        }
        let good = "[[department]]\nname = \"総合政策部\"\npage = \"sogo-seisaku2\"\n";
        let config = Config::parse(good).unwrap();
        assert_eq!(
            config.roster.entries()[0].page.as_deref(),
            Some("sogo-seisaku2")
        );
    }

    #[test]
    fn unknown_keys_are_refused() {
        let err = Config::parse("municipalty = \"x\"").unwrap_err();
        assert!(err.contains("municipalty"), "{err}");
    }

    #[test]
    fn file_names_are_safe() {
        let names = OutputNames::default();
        assert_eq!(
            names.template_name(FiscalYear::new(2026), "総務/財政"),
            "令和8年度_部局経営目標_総務_財政.xlsx"
        );
        let names = OutputNames {
            department_pdf: "{department}.pdf".to_string(),
            ..OutputNames::default()
        };
        let year = FiscalYear::new(2026);
        assert_eq!(
            names.department_pdf_name(year, "../総務\\部"),
            ".._総務_部.pdf"
        );
        assert_eq!(names.department_pdf_name(year, ".."), "__.pdf");
        assert_eq!(names.pdf_name(year), "令和8年度_部局経営目標.pdf");
    }

    #[test]
    fn the_local_government_code_has_its_check_digit() {
        assert_eq!(check_digit("33214"), Some(3), "真庭市 332143");
        assert_eq!(check_digit("13101"), Some(6), "千代田区 131016");
        assert_eq!(check_digit("01213"), Some(1), "苫小牧市 012131");
        assert!(Config::parse("code = \"332143\"").is_ok());
        assert_eq!(
            Config::parse("code = \"33214\"").unwrap_err(),
            "code「33214」は全国地方公共団体コード(6桁、最後の1桁は検査数字)ではありません。5桁なら検査数字を付けて \"332143\" と書いてください。"
        );
        assert!(Config::parse("code = \"332144\"").is_err());
    }
}
