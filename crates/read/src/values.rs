//! Reading the values of one template sheet: the year, dates, and each
//! indicator's numbers, choices and flags, as typed (full-width digits,
//! units with the value, 見込み, `-`); what cannot be read is a finding on
//! its cell, and nothing is ever defaulted.

use std::collections::BTreeMap;

use super::cell::{Cell, format_decimals, format_is_percent};
use super::reader::Reader;
use mokuhyo_domain::finding::{Problem, Severity, excerpt};
use mokuhyo_domain::form::{CUMULATIVE, Col, ESTIMATE};
use mokuhyo_domain::model::{Direction, Indicator};
use mokuhyo_domain::plan::{IndicatorKind, Progress, parse_sdgs, split_items};
use mokuhyo_domain::quantity::{ParsedValue, Quantity, convert, normalize, parse_value};
use mokuhyo_domain::wareki::{self, FiscalYear};

pub(super) fn read_year(r: &mut Reader, row: u32, col: u32, cell: &Cell) -> Option<FiscalYear> {
    let year = match cell {
        Cell::Empty => {
            r.report(
                Severity::Error,
                row,
                col,
                Problem::MissingField {
                    field: "年度".to_string(),
                },
            );
            return None;
        }
        Cell::Text(text) => match FiscalYear::parse_field(text) {
            Some((year, true)) => {
                let problem = Problem::YearWithoutDo {
                    text: excerpt(text),
                    year: year.label(),
                };
                r.report(Severity::Note, row, col, problem);
                Some(year)
            }
            read => read.map(|(year, _)| year),
        },
        Cell::Number(n, _) if n.fract() == 0.0 => FiscalYear::parse(&format!("{n}")),
        _ => None,
    };
    if year.is_none() {
        r.report(
            Severity::Error,
            row,
            col,
            Problem::BadYear {
                text: excerpt(&cell.display()),
            },
        );
    }
    year
}

pub(super) fn read_created(
    r: &mut Reader,
    row: u32,
    col: u32,
    cell: &Cell,
) -> Option<chrono::NaiveDate> {
    if cell.is_empty() {
        r.report(
            Severity::Warning,
            row,
            col,
            Problem::EmptyField {
                field: "作成日".to_string(),
            },
        );
        return None;
    }
    read_date(r, row, col, cell, "作成日")
}

pub(super) fn read_date(
    r: &mut Reader,
    row: u32,
    col: u32,
    cell: &Cell,
    what: &str,
) -> Option<chrono::NaiveDate> {
    let date = match cell {
        Cell::Empty => return None,
        Cell::Date(d) => Some(*d),
        Cell::Number(n, _) => r
            .grid
            .date_system
            .date(*n)
            .filter(|_| *n >= 1.0 && n.fract() == 0.0),
        Cell::Text(text) => wareki::parse_date(text),
        // Reported by `Reader::cell`.
        Cell::Error(_) | Cell::Uncomputed(_) => return None,
    };
    if date.is_none() {
        r.report(
            Severity::Error,
            row,
            col,
            Problem::NotADate {
                column: what.to_string(),
                text: excerpt(&cell.display()),
            },
        );
    }
    date
}

pub(super) fn read_indicator(r: &mut Reader, row: u32, columns: &BTreeMap<Col, u32>) -> Indicator {
    let at = |c: Col| columns[&c];
    let name = r.text(row, at(Col::IndicatorName), Col::IndicatorName.header());
    if name.is_empty() {
        r.report(
            Severity::Error,
            row,
            at(Col::IndicatorName),
            Problem::IndicatorWithoutName,
        );
    }
    let unit = normalize(&r.text(row, at(Col::Unit), Col::Unit.header()));
    let mut unit = Unit {
        indicator: &name,
        given: !unit.is_empty(),
        text: unit,
    };
    let mut number = |r: &mut Reader, c: Col| match columns.get(&c) {
        Some(&col) => read_number(r, (row, col), c, &mut unit),
        None => NumberRead::default(),
    };
    let target = number(r, Col::Target);
    let previous = number(r, Col::Previous);
    let actual = number(r, Col::Actual);
    let baseline = number(r, Col::Baseline);
    let long_term = number(r, Col::LongTerm);
    let unit = unit.text;
    let mut optional_text = |c: Col| match columns.get(&c) {
        Some(&col) => r.text(row, col, c.header()),
        None => String::new(),
    };
    let baseline_as_of = optional_text(Col::BaselineAsOf);
    let long_term_year = optional_text(Col::LongTermYear);
    let basis = optional_text(Col::Basis);
    let kind = columns
        .get(&Col::IndicatorKind)
        .and_then(|&col| read_kind(r, row, col));
    let previous_estimate = read_flag(
        r,
        row,
        at(Col::PreviousEstimate),
        Col::PreviousEstimate,
        ESTIMATE,
    ) || previous.estimate;
    let actual_estimate = read_flag(
        r,
        row,
        at(Col::ActualEstimate),
        Col::ActualEstimate,
        ESTIMATE,
    ) || actual.estimate;
    let cumulative = read_flag(r, row, at(Col::Cumulative), Col::Cumulative, CUMULATIVE)
        || name.contains(CUMULATIVE);
    let direction = read_direction(r, row, at(Col::Direction));
    let as_of = Col::ActualAsOf.header();
    let actual_as_of = r
        .cell(row, at(Col::ActualAsOf), as_of)
        .and_then(|cell| read_date(r, row, at(Col::ActualAsOf), &cell, as_of));
    Indicator {
        name,
        unit,
        target: target.value,
        target_dash: target.dash,
        previous: previous.value,
        previous_blank: previous.blank,
        previous_estimate,
        direction,
        cumulative,
        actual: actual.value,
        actual_estimate,
        actual_as_of,
        actual_text: actual.text,
        actual_unit: actual.other_unit,
        kind,
        baseline: baseline.value,
        baseline_as_of,
        long_term: long_term.value,
        long_term_year,
        basis,
    }
}

/// 指標の種類 on a row: 成果 or 活動; anything else is an error on the cell.
fn read_kind(r: &mut Reader, row: u32, col: u32) -> Option<IndicatorKind> {
    let labels = IndicatorKind::ALL.map(|k| k.label().to_string());
    read_choice(
        r,
        (row, col),
        Col::IndicatorKind,
        &labels,
        IndicatorKind::parse,
    )
}

/// The 中間評価's 進捗 on a row, when the column is there and filled.
pub(super) fn read_progress(r: &mut Reader, row: u32, col: Option<u32>) -> Option<Progress> {
    let labels = Progress::ALL.map(Progress::label);
    read_choice(r, (row, col?), Col::Progress, &labels, Progress::parse)
}

/// One of a list's choices typed in a cell; blank is none, anything else
/// is an error on the cell that lists the choices.
fn read_choice<T>(
    r: &mut Reader,
    (row, col): (u32, u32),
    column: Col,
    labels: &[String],
    parse: impl Fn(&str) -> Option<T>,
) -> Option<T> {
    let text = r.text(row, col, column.header());
    if text.is_empty() {
        return None;
    }
    let choice = parse(&text);
    if choice.is_none() {
        let problem = Problem::NotAChoice {
            column: column.header().to_string(),
            text: excerpt(&text),
            choices: labels.iter().map(|l| format!("「{l}」")).collect(),
        };
        r.report(Severity::Error, row, col, problem);
    }
    choice
}

/// The SDGs goals of a theme or project row (`col` is `None` when the
/// file has no such column); what is not a goal is an error on the cell.
pub(super) fn read_sdgs(r: &mut Reader, row: u32, col: Option<u32>) -> Vec<u8> {
    let Some(col) = col else {
        return Vec::new();
    };
    let text = r.text(row, col, "SDGs");
    match parse_sdgs(&text) {
        Ok(goals) => goals,
        Err(part) => {
            let problem = Problem::BadSdgs {
                text: excerpt(&text),
                part: excerpt(&part),
            };
            r.report(Severity::Error, row, col, problem);
            Vec::new()
        }
    }
}

/// The 施策 a theme or project row names, as written (checked against the
/// office's list by the check).
pub(super) fn read_plan(r: &mut Reader, row: u32, col: Option<u32>) -> Vec<String> {
    match col {
        Some(col) => split_items(&r.text(row, col, Col::Plan.header())),
        None => Vec::new(),
    }
}

/// 予算額 in 千円: a number, or a text with 千円, 万円, 円 (converted to
/// 千円); another unit or a text that is not a number is an error.
pub(super) fn read_budget(r: &mut Reader, row: u32, col: Option<u32>) -> Option<Quantity> {
    const THOUSAND_YEN: &str = "千円";
    let col = col?;
    let header = Col::Budget.header();
    let mut unit = Unit {
        indicator: "",
        text: THOUSAND_YEN.to_string(),
        given: false,
    };
    // Read as a number in its own unit first, then converted.
    let cell = r.cell(row, col, header)?;
    let converted = match &cell {
        Cell::Text(text) => match parse_value(text) {
            Some(ParsedValue::Number {
                quantity,
                unit: written,
                ..
            }) if !written.is_empty() && written != THOUSAND_YEN => {
                match convert(quantity.value, &written, THOUSAND_YEN) {
                    Some(value) => Some(Quantity::from_f64(value)),
                    None => {
                        let problem = Problem::BadBudget {
                            text: excerpt(text),
                        };
                        r.report(Severity::Error, row, col, problem);
                        return None;
                    }
                }
            }
            _ => None,
        },
        _ => None,
    };
    converted.or_else(|| read_number(r, (row, col), Col::Budget, &mut unit).value)
}

/// A number column's reading.
#[derive(Default)]
struct NumberRead {
    value: Option<Quantity>,
    estimate: bool,
    /// The cell was empty (not `-`).
    blank: bool,
    /// The cell was `-` (no value, said so).
    dash: bool,
    /// 実績値 only: the text typed when it is not a number.
    text: String,
    /// 実績値 only: the unit written with the value when it differs.
    other_unit: String,
}

/// The unit of the indicator a number belongs to: as written in its
/// column, or taken from the first value written with one.
struct Unit<'a> {
    /// The indicator's name, for messages.
    indicator: &'a str,
    /// The unit so far.
    text: String,
    /// The 単位 column gave it.
    given: bool,
}

/// Reads one number column of an indicator. A text with a unit sets the
/// indicator's unit when none is written; 実績値 typed as text or in
/// another unit is kept as written (the check says what it means).
fn read_number(r: &mut Reader, (row, col): (u32, u32), column: Col, unit: &mut Unit) -> NumberRead {
    let name = unit.indicator;
    let unit_given = unit.given;
    let unit = &mut unit.text;
    let header = column.header().to_string();
    let mut out = NumberRead {
        value: None,
        estimate: false,
        blank: false,
        dash: false,
        text: String::new(),
        other_unit: String::new(),
    };
    let Some(cell) = r.cell(row, col, &header) else {
        return out;
    };
    match &cell {
        Cell::Empty => out.blank = true,
        Cell::Number(n, format) => {
            let mut q = Quantity::from_f64(*n);
            if let Some(code) = format {
                if format_is_percent(code) {
                    q = Quantity::new(n * 100.0, format_decimals(code).unwrap_or(0));
                    if unit.is_empty() {
                        *unit = "%".to_string();
                    }
                } else if let Some(decimals) = format_decimals(code) {
                    q.decimals = q.decimals.max(decimals);
                }
            } else if unit == "%" && *n > 0.0 && *n <= 1.0 && n.fract() != 0.0 {
                let percent = Quantity::from_f64(n * 100.0).to_string();
                let problem = Problem::PercentAsFraction {
                    name: excerpt(name),
                    column: header.clone(),
                    text: excerpt(&cell.display()),
                    percent,
                };
                r.report(Severity::Warning, row, col, problem);
            }
            if q.value.is_finite() {
                out.value = Some(q);
            } else {
                let problem = Problem::NotANumber {
                    column: header,
                    text: excerpt(&cell.display()),
                };
                r.report(Severity::Error, row, col, problem);
            }
        }
        Cell::Text(text) => match parse_value(text) {
            Some(ParsedValue::Empty { estimate }) => {
                out.estimate = estimate;
                out.dash = true;
            }
            Some(ParsedValue::Number {
                quantity,
                unit: written,
                estimate,
            }) => {
                out.value = Some(quantity);
                out.estimate = estimate;
                if !written.is_empty() {
                    if unit.is_empty() {
                        *unit = written;
                    } else if column == Col::Actual && written != *unit {
                        // The year's figure is kept with its own unit; the
                        // rollup converts 万円 to 億円 or shows − for 件 in 人.
                        out.other_unit = written;
                    } else if unit_given && written != *unit {
                        let problem = Problem::UnitConflict {
                            column: header,
                            text: excerpt(text),
                            written,
                            unit: unit.clone(),
                        };
                        r.report(Severity::Error, row, col, problem);
                    }
                }
            }
            None if column == Col::Actual => out.text = text.clone(),
            None => r.report(
                Severity::Error,
                row,
                col,
                Problem::NotANumber {
                    column: header,
                    text: excerpt(text),
                },
            ),
        },
        Cell::Date(_) => r.report(
            Severity::Error,
            row,
            col,
            Problem::NotANumber {
                column: header,
                text: excerpt(&cell.display()),
            },
        ),
        // Reported by `Reader::cell`.
        Cell::Error(_) | Cell::Uncomputed(_) => {}
    }
    out
}

fn read_flag(r: &mut Reader, row: u32, col: u32, column: Col, label: &str) -> bool {
    let text = r.text(row, col, column.header());
    let normalized = mokuhyo_domain::quantity::normalize(&text);
    match normalized.as_str() {
        "" => false,
        t if t == label || (label == ESTIMATE && t == "見込") => true,
        _ => {
            let problem = Problem::NotAChoice {
                column: column.header().to_string(),
                text: excerpt(&text),
                choices: format!("「{label}」か空欄"),
            };
            r.report(Severity::Error, row, col, problem);
            false
        }
    }
}

/// The 方向 chosen; `None` for a blank cell and for text that is not a
/// choice (an error on the cell), never a default presented as read.
fn read_direction(r: &mut Reader, row: u32, col: u32) -> Option<Direction> {
    let text = r.text(row, col, Col::Direction.header());
    if text.is_empty() {
        return None;
    }
    let direction = Direction::from_label(&mokuhyo_domain::quantity::normalize(&text));
    if direction.is_none() {
        let choices: String = Direction::ALL
            .iter()
            .map(|d| format!("「{}」", d.label()))
            .collect();
        r.report(
            Severity::Error,
            row,
            col,
            Problem::NotAChoice {
                column: Col::Direction.header().to_string(),
                text: excerpt(&text),
                choices,
            },
        );
    }
    direction
}
