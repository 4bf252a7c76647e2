//! mokuhyo: the standard template of 部局経営目標, a reader that survives
//! real edits, checks with messages naming file, sheet and cell, and the
//! consolidated outputs.
//!
//! The pipeline runs one way: [`inputs`] and [`intake`] (files, mails,
//! zips) → [`read`] → [`model`] → [`check`] → [`consolidate`] →
//! [`status`] → outputs ([`workbook`], [`pdf`], [`feedback`]); at year end
//! [`achievement`] → [`rollup`] → the rollup's workbook and PDF; [`template`] writes what
//! departments fill, from the same [`layout`] the reader uses.

pub mod achievement;
pub mod check;
pub mod cli;
pub mod config;
pub mod consolidate;
pub mod diff;
pub mod error;
pub mod feedback;
pub mod finding;
pub mod inputs;
pub mod intake;
pub mod layout;
pub mod mark;
pub mod model;
pub mod output;
pub mod pdf;
pub mod read;
pub mod rollup;
pub mod run;
pub mod status;
pub mod style;
pub mod template;
pub mod value;
pub mod wareki;
pub mod workbook;
