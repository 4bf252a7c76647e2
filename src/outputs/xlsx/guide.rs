//! The template's second sheet, 記入方法: how to fill it in.

use rust_xlsxwriter::Worksheet;

use super::style;
use crate::domain::form;
use crate::error::Result;
use crate::outputs::present::Headings;

/// Writes the sheet 記入方法: how to fill the template, with the section
/// headings as configured.
pub(super) fn write(sheet: &mut Worksheet, headings: &Headings) -> Result<()> {
    sheet.set_name(form::GUIDE_SHEET)?;
    sheet.set_column_width(0, 100.0)?;
    let lines = [
        ("記入方法", style::title()),
        ("", style::base()),
        (
            "1. シート「部局経営目標」の白いセルに記入します。見出しのセルは変更できません。",
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
        ("", style::base()),
        (
            &*format!("様式バージョン: {}", form::TEMPLATE_VERSION),
            style::faint(),
        ),
    ];
    for (row, (text, format)) in lines.iter().enumerate() {
        sheet.write_string_with_format(row as u32, 0, *text, format)?;
    }
    sheet.set_paper_size(9);
    sheet.protect();
    Ok(())
}
