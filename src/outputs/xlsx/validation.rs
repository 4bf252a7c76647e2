//! The input rules of the template's cells: dates, numbers, the choices
//! of each list column, with the guide shown as the cell is entered.

use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, ExcelDateTime, Formula, Worksheet,
};

use crate::domain::form::{self, CUMULATIVE, ESTIMATE};
use crate::domain::model::Direction;
use crate::domain::plan::{IndicatorKind, Progress};
use crate::error::Result;

pub(super) fn add_validation(
    sheet: &mut Worksheet,
    first: (u32, u16),
    last: (u32, u16),
    validation: DataValidation,
) -> Result<()> {
    sheet.add_data_validation(first.0, first.1, last.0, last.1, &validation)?;
    Ok(())
}

pub(super) fn date_validation() -> DataValidation {
    let from = ExcelDateTime::from_ymd(1989, 1, 8)
        .unwrap_or_else(|_| ExcelDateTime::from_serial_datetime(32516.0).unwrap_or_default());
    let to = ExcelDateTime::from_ymd(2200, 12, 31)
        .unwrap_or_else(|_| ExcelDateTime::from_serial_datetime(110_000.0).unwrap_or_default());
    DataValidation::new()
        .allow_date(DataValidationRule::Between(from, to))
        .set_error_style(DataValidationErrorStyle::Warning)
}

fn list_validation(choices: &[&str]) -> Result<DataValidation> {
    Ok(DataValidation::new().allow_list_strings(choices)?)
}

pub(super) fn add_project_validations(
    sheet: &mut Worksheet,
    first_row: u32,
    last_row: u32,
) -> Result<()> {
    for (i, col) in form::PROJECT_COLUMNS.iter().enumerate() {
        let c = i as u16;
        let validation = match col.kind() {
            form::Kind::Number => {
                let cell = form::a1(first_row, c as u32);
                DataValidation::new()
                    .allow_custom(Formula::new(format!("=OR(ISNUMBER({cell}),{cell}=\"-\")")))
                    .set_error_title("数値を入力してください")?
                    .set_error_message("数値だけを入力してください。単位は「単位」列に入力します。値がない場合は「-」を入力します。")?
            }
            form::Kind::Estimate => list_validation(&[ESTIMATE])?,
            form::Kind::Cumulative => list_validation(&[CUMULATIVE])?,
            form::Kind::Direction => list_validation(&Direction::ALL.map(Direction::label))?,
            form::Kind::IndicatorKind => {
                list_validation(&IndicatorKind::ALL.map(IndicatorKind::label))?
            }
            form::Kind::Progress => {
                let labels = Progress::ALL.map(Progress::label);
                list_validation(&labels.each_ref().map(String::as_str))?
            }
            form::Kind::Date => date_validation(),
            _ => continue,
        };
        let validation = validation
            .set_input_title(col.header())?
            .set_input_message(col.guide())?;
        add_validation(sheet, (first_row, c), (last_row, c), validation)?;
    }
    Ok(())
}
