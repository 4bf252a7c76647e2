//! The 設定 page's form: a working folder without a mokuhyo.toml gets one
//! (municipality, year, roster) written from what the clerk typed, read
//! back as every command reads it before it is saved, and never over an
//! existing one.

use std::io::Write;
use std::path::Path;

use crate::config::Config;
use crate::domain::wareki::FiscalYear;

/// The configuration file's name in the working folder.
pub(super) const CONFIG: &str = "mokuhyo.toml";

/// What the form sends.
#[derive(Debug, Default, serde::Deserialize)]
pub(super) struct SetupForm {
    /// 自治体名.
    #[serde(default)]
    pub(super) municipality: String,
    /// 全国地方公共団体コード (6 digits), optional.
    #[serde(default)]
    pub(super) code: String,
    /// 年度 as typed: 令和8年度, R8, 2026.
    #[serde(default)]
    pub(super) year: String,
    /// One department a line: 部局名, then optionally 部局長名 and the
    /// contact, separated by tabs (pasted from Excel) or commas.
    #[serde(default)]
    pub(super) roster: String,
}

/// The configuration's text for `form`, or what to fix in the form.
pub(super) fn config_text(form: &SetupForm) -> Result<String, String> {
    let quote = |s: &str| toml::Value::String(s.trim().to_string()).to_string();
    let municipality = form.municipality.trim();
    if municipality.is_empty() {
        return Err("自治体名を入力してください。".to_string());
    }
    let year = FiscalYear::parse(form.year.trim()).ok_or_else(|| {
        format!(
            "年度「{}」が読めません。令和8年度、R8、2026 のように入力してください。",
            form.year.trim()
        )
    })?;
    let mut text = String::from(
        "# mokuhyo の設定(作業画面で作成)。名簿の部局の順番は集約ブックと PDF の順番です。\n",
    );
    text.push_str(&format!("municipality = {}\n", quote(municipality)));
    if !form.code.trim().is_empty() {
        text.push_str(&format!("code = {}\n", quote(&form.code)));
    }
    text.push_str(&format!("year = {}\n", quote(&year.label())));
    for line in form.roster.lines().filter(|l| !l.trim().is_empty()) {
        let parts: Vec<&str> = line.split(['\t', ',', '，']).map(str::trim).collect();
        text.push_str(&format!("\n[[department]]\nname = {}\n", quote(parts[0])));
        if let Some(head) = parts.get(1).filter(|h| !h.is_empty()) {
            text.push_str(&format!("head = {}\n", quote(head)));
        }
        if let Some(contact) = parts.get(2).filter(|c| !c.is_empty()) {
            text.push_str(&format!("contact = {}\n", quote(contact)));
        }
    }
    Config::parse(&text).map_err(|why| format!("設定にできません: {why}"))?;
    Ok(text)
}

/// Writes `text` as the working folder's mokuhyo.toml, whole, unless one
/// is already there.
pub(super) fn save(folder: &Path, text: &str) -> Result<(), String> {
    let target = folder.join(CONFIG);
    let refused = |e: std::io::Error| {
        format!(
            "{CONFIG} を保存できません。{}。",
            crate::error::OsReason::from(&e)
        )
    };
    let mut staged = tempfile::Builder::new()
        .prefix(".mokuhyo-setup-")
        .tempfile_in(folder)
        .map_err(refused)?;
    staged.write_all(text.as_bytes()).map_err(refused)?;
    staged.as_file().sync_all().map_err(refused)?;
    match staged.persist_noclobber(&target) {
        Ok(_) => Ok(()),
        Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => Err(format!(
            "作業フォルダにはすでに {CONFIG} があります。書き換えるときは、メモ帳などで直接編集してください。"
        )),
        Err(e) => Err(refused(e.error)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(roster: &str) -> SetupForm {
        SetupForm {
            municipality: "真庭市".into(),
            code: "332143".into(),
            year: "R8".into(),
            roster: roster.into(),
        }
    }

    #[test]
    fn a_roster_pasted_from_excel_becomes_the_departments() {
        let text = config_text(&form(
            "総合政策部\t木村 辰生\tseisaku@example.jp\n\n建設部,,\n\"引用\"部\n",
        ))
        .unwrap();
        let config = Config::parse(&text).unwrap();
        assert_eq!(config.municipality, "真庭市");
        assert_eq!(config.year.unwrap().label(), "令和8年度");
        let names: Vec<&str> = config
            .roster
            .entries()
            .iter()
            .map(|d| d.name.as_str())
            .collect();
        assert_eq!(names, ["総合政策部", "建設部", "\"引用\"部"]);
        assert_eq!(config.roster.entries()[0].head, "木村 辰生");
        assert_eq!(
            config.roster.entries()[0].contact.as_deref(),
            Some("seisaku@example.jp")
        );
    }

    #[test]
    fn a_form_missing_its_year_or_name_says_so() {
        let mut bad = form("");
        bad.year = "来年".into();
        assert_eq!(
            config_text(&bad).unwrap_err(),
            "年度「来年」が読めません。令和8年度、R8、2026 のように入力してください。"
        );
        bad.municipality = " ".into();
        assert_eq!(
            config_text(&bad).unwrap_err(),
            "自治体名を入力してください。"
        );
        let mut twice = form("建設部\n建設部");
        twice.code = String::new();
        assert!(
            config_text(&twice)
                .unwrap_err()
                .starts_with("設定にできません: ")
        );
    }

    #[test]
    fn an_existing_configuration_is_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(CONFIG), "year = \"R7\"\n").unwrap();
        assert!(save(dir.path(), "year = \"R8\"\n").is_err());
        assert_eq!(
            std::fs::read_to_string(dir.path().join(CONFIG)).unwrap(),
            "year = \"R7\"\n"
        );
        let fresh = tempfile::tempdir().unwrap();
        save(fresh.path(), "year = \"R8\"\n").unwrap();
        assert_eq!(
            std::fs::read_to_string(fresh.path().join(CONFIG)).unwrap(),
            "year = \"R8\"\n"
        );
    }
}
