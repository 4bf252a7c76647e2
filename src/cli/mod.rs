//! Runs the commands: the command line ([`args`]) becomes validated
//! [`settings`] before any work, then each command (one file each) reads,
//! checks and writes; [`report`] prints the results, as text or JSON, and
//! gives the exit code.

pub mod args;
mod build;
mod check;
mod diff;
mod fill;
mod publish;
mod report;
mod rollup;
mod settings;
mod status;
mod template;
mod usage;

use std::process::ExitCode;

use crate::error::Result;
use args::{Cli, Command};

pub use fill::load_document;
pub use report::EXIT_INPUT_ERRORS;
pub use usage::{command, parse};

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<ExitCode> {
    crate::read::install_panic_hook();
    match cli.command {
        Command::Template(args) => template::run_template(args),
        Command::Check(args) => check::run_check(args),
        Command::Build(args) => build::run_build(args),
        Command::Status(args) => status::run_status(args),
        Command::Rollup(args) => rollup::run_rollup(args),
        Command::Diff(args) => diff::run_diff(args),
        Command::Publish(args) => publish::run_publish(args),
        Command::Help(args) => match usage::help(args.command.as_deref()) {
            Ok(page) => {
                print!("{page}");
                Ok(ExitCode::SUCCESS)
            }
            Err(message) => {
                eprintln!("{message}");
                Ok(ExitCode::from(2))
            }
        },
    }
}
