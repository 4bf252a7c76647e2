//! The year end: the achievement of one indicator against its target, the
//! rollup of a consolidation, next year's documents, and the comparison of
//! two years.

pub mod achievement;
pub mod diff;
pub mod mid_year;
pub mod next_year;
pub mod rollup;
