//! `mokuhyo review`: the 中間評価 workbook and report (end of September).

use std::process::ExitCode;

use super::report::Outputs;
use super::rollup::run_report;
use crate::cli::args::ReviewArgs;
use crate::error::Result;
use crate::outputs::xlsx;
use crate::year_end::mid_year::review;

/// `mokuhyo review`: the progress marks per department and for the city,
/// the projects behind schedule, as a workbook and a PDF.
pub(super) fn run_review(ReviewArgs { report: args }: ReviewArgs) -> Result<ExitCode> {
    run_report(
        args,
        |_, c| review(c),
        |names, year| {
            (
                names.mid_year_workbook_name(year),
                names.mid_year_pdf_name(year),
            )
        },
        |writer, c, r| writer.prepare_mid_year(c, r),
        xlsx::review::workbook,
        |r, c, files| Outputs::Review {
            files,
            blank: r.is_blank(c),
            review: Box::new(r),
        },
    )
}
