//! mokuhyo: the standard template of 部局経営目標, a reader that survives
//! real edits, checks with messages naming file, sheet and cell, and the
//! consolidated outputs. See ARCHITECTURE.md for the stages and the types
//! that pass between them.
//!
//! The pipeline runs one way: [`input`] (files, folders, mails, zips) →
//! [`read`] (one workbook into a document with findings) → [`check`] →
//! [`consolidate`] (one document per department, the submission status) /
//! [`year_end`] (achievement, rollup, next year, the comparison of two
//! years) → [`outputs`] (xlsx, pdf). [`domain`] is the vocabulary all of
//! them share; [`config`] the settings file; [`cli`] runs the commands.

pub use mokuhyo_check as check;
pub mod cli;
pub mod config;
pub use mokuhyo_consolidate as consolidate;
pub use mokuhyo_domain as domain;
pub mod error;
pub use mokuhyo_input as input;
pub mod outputs;
pub use mokuhyo_read as read;
pub use mokuhyo_year_end as year_end;
