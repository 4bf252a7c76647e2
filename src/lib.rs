//! mokuhyo: the standard template of 部局経営目標, a reader that survives
//! real edits, checks with messages naming file, sheet and cell, and the
//! consolidated outputs.
//!
//! The pipeline runs one way: [`read`] → [`model`] → [`check`] →
//! [`consolidate`] → outputs ([`workbook`], [`pdf`]); [`template`] writes what
//! departments fill, from the same [`layout`] the reader uses.

pub mod check;
pub mod cli;
pub mod config;
pub mod consolidate;
pub mod error;
pub mod finding;
pub mod inputs;
pub mod layout;
pub mod model;
pub mod output;
pub mod pdf;
pub mod read;
pub mod run;
pub mod style;
pub mod template;
pub mod value;
pub mod wareki;
pub mod workbook;
