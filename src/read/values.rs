//! Reading the values of one template sheet: the year, dates, and each
//! indicator's numbers, choices and flags, as typed (full-width digits,
//! units with the value, 見込み, `-`); what cannot be read is a finding on
//! its cell, and nothing is ever defaulted.

use std::collections::BTreeMap;

use super::cell::{Cell, format_decimals, format_is_percent};
use super::sheet::Reader;
use crate::domain::finding::{Problem, Severity, excerpt};
use crate::domain::form::{CUMULATIVE, Col, ESTIMATE};
use crate::domain::model::{Direction, Indicator};
use crate::domain::quantity::{ParsedValue, Quantity, normalize, parse_value};
use crate::domain::wareki::{self, FiscalYear};

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
    let mut number = |r: &mut Reader, c: Col| read_number(r, (row, at(c)), c, &mut unit);
    let target = number(r, Col::Target);
    let previous = number(r, Col::Previous);
    let actual = number(r, Col::Actual);
    let unit = unit.text;
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
    }
}

/// A number column's reading.
struct NumberRead {
    value: Option<Quantity>,
    estimate: bool,
    /// The cell was empty (not `-`).
    blank: bool,
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
            Some(ParsedValue::Empty { estimate }) => out.estimate = estimate,
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
    let normalized = crate::domain::quantity::normalize(&text);
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
    let direction = Direction::from_label(&crate::domain::quantity::normalize(&text));
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
