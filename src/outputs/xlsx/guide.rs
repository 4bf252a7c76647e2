//! The template's second sheet, 記入方法: how to fill it in.

use rust_xlsxwriter::Worksheet;

use super::style;
use crate::domain::form;
use crate::domain::plan::{Plans, SDGS_GOALS};
use crate::error::Result;
use crate::outputs::present::Headings;

/// Writes the sheet 記入方法: how to fill the template, with the section
/// headings as configured, the SDGs goals and the office's 施策.
pub(super) fn write(sheet: &mut Worksheet, headings: &Headings, plans: &Plans) -> Result<()> {
    sheet.set_name(form::GUIDE_SHEET)?;
    sheet.set_column_width(0, 100.0)?;
    let lines = [
        ("記入方法", style::title()),
        ("", style::base()),
        (
            &format!(
                "1. シート「{}」の白いセルに記入します。見出しのセルは変更できません。",
                headings.document
            ),
            style::base(),
        ),
        (
            &*format!(
                "2. {}: テーマごとに1行。見出し(テーマ)と内容を記入します。",
                headings.themes
            ),
            style::base(),
        ),
        (
            &*format!(
                "3. {}: 事業ごとに、最初の行に番号・事業名・事業内容を記入します。",
                headings.projects
            ),
            style::base(),
        ),
        (
            "   指標が2つ以上ある事業は、2つ目以降の指標を次の行に記入し、番号・事業名・事業内容は空欄にします。",
            style::base(),
        ),
        (
            "   指標のない事業は、指標の列を空欄にします。",
            style::base(),
        ),
        (
            "4. 目標値・前年度実績値は数値だけを入力し、単位(人、回、%、億円、万件など)は「単位」列に入力します。",
            style::base(),
        ),
        (
            "   前年度実績がない場合は「-」を、見込みの場合は「前年度見込み」列で「見込み」を選びます。",
            style::base(),
        ),
        (
            "5. 方向: 多いほどよい指標は「増加」、少ないほどよい指標(事故件数など)は「減少」、保つ指標は「維持」。",
            style::base(),
        ),
        (
            "6. 行が足りないときは、表の途中の行を右クリックして「挿入」で行を追加します(シート保護はパスワードなしで解除できます)。",
            style::base(),
        ),
        (
            "7. 「年度末に記入」の列は、年度末に実績値と振り返りを記入します。計画時は空欄のままで構いません。",
            style::base(),
        ),
        (
            "8. シート名や列見出しは変更しないでください。保存形式は .xlsx を推奨します(.xls・.ods も読み込めます)。",
            style::base(),
        ),
        (
            "9. 【任意】の列(SDGs、施策、予算額、指標の種類、基準値、長期目標値、根拠となる計画)は、空欄でも提出できます。",
            style::base(),
        ),
        (
            "   SDGs は目標の番号を「、」で区切って(例: 11、17)、施策は下の一覧の番号か名称で記入します。予算額は千円単位です。",
            style::base(),
        ),
        (
            "10. 「中間評価(9月末に記入)」の列は、9月末に進捗(◎予定以上・○予定通り・△やや遅れ・×大幅な遅れ)と成果・課題・今後の取組を記入します。",
            style::base(),
        ),
        ("", style::base()),
        (
            &*format!("様式バージョン: {}", form::TEMPLATE_VERSION),
            style::faint(),
        ),
    ];
    let mut row = 0;
    for (text, format) in &lines {
        sheet.write_string_with_format(row, 0, *text, format)?;
        row += 1;
    }
    row += 1;
    sheet.write_string_with_format(row, 0, "SDGs の目標", &style::heading())?;
    for (i, name) in SDGS_GOALS.iter().enumerate() {
        row += 1;
        sheet.write_string_with_format(row, 0, format!("{}. {name}", i + 1), &style::base())?;
    }
    if !plans.is_empty() {
        row += 2;
        sheet.write_string_with_format(row, 0, "総合計画の施策", &style::heading())?;
        for plan in plans.iter() {
            row += 1;
            let line = format!("{} {}", plan.code, plan.name);
            sheet.write_string_with_format(row, 0, line, &style::base())?;
        }
    }
    sheet.set_paper_size(9);
    sheet.protect();
    Ok(())
}
