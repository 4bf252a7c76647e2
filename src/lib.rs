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

pub mod check;
pub mod cli;
pub mod config;
pub mod consolidate;
pub mod domain;
pub mod error;
pub mod input;
pub mod outputs;
pub mod read;
pub mod year_end;
