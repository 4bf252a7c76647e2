//! Runs the commands: the command line ([`args`]) becomes validated
//! [`settings`] before any work, then each command (one file each) reads,
//! checks and writes; [`report`] prints the results, as text or JSON, and
//! gives the exit code.

pub mod args;
mod build;
mod check;
mod diff;
mod explorer;
mod fill;
mod interrupt;
mod memory;
mod publish;
mod report;
mod review;
mod rollup;
mod serve;
mod settings;
mod status;
mod template;
mod usage;

use std::ffi::OsString;
use std::process::ExitCode;

use crate::error::Result;
use args::{Cli, Command};

pub use explorer::DROP_FOLDER;
pub use fill::load_document;
pub use report::EXIT_INPUT_ERRORS;
pub use usage::{command, parse};

/// The whole program: a command line, or what Explorer started (a drop
/// becomes a `build` beside it, a double-click opens the workbench, the
/// program alone in a terminal explains); an error is said
/// on stderr (exit code 2); a console window opened for this run waits for
/// Enter before it closes. Interrupted, it leaves no temporary file.
pub fn main(args: Vec<OsString>) -> ExitCode {
    interrupt::install();
    let command = command();
    let names: Vec<&str> = command.get_subcommands().map(|c| c.get_name()).collect();
    let program = args.first().cloned().unwrap_or_else(|| "mokuhyo".into());
    let line = match explorer::start(args, &names) {
        // A double-click in Explorer (a console of its own): the workbench
        // on the folder beside the program, in the browser.
        explorer::Start::Guide if explorer::own_window() => {
            vec![
                program,
                "serve".into(),
                explorer::workbench_folder().into_os_string(),
            ]
        }
        explorer::Start::Guide => {
            print!("{}", explorer::guide());
            explorer::pause_if_own_window();
            return ExitCode::SUCCESS;
        }
        explorer::Start::Dropped(line, config) => {
            println!("{}", explorer::drop_note(config.as_deref()));
            line
        }
        explorer::Start::Command(line) => line,
    };
    let code = match parse(line) {
        Ok(mut cli) => {
            cli.native_paths();
            run(cli).unwrap_or_else(|err| {
                eprintln!("mokuhyo: {err}");
                ExitCode::from(2)
            })
        }
        Err(code) => code,
    };
    explorer::pause_if_own_window();
    code
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<ExitCode> {
    crate::read::install_panic_hook();
    match cli.command {
        Command::Template(args) => template::run_template(args),
        Command::Check(args) => check::run_check(args),
        Command::Build(args) => build::run_build(args),
        Command::Status(args) => status::run_status(args),
        Command::Rollup(args) => rollup::run_rollup(args),
        Command::Review(args) => review::run_review(args),
        Command::Diff(args) => diff::run_diff(args),
        Command::Publish(args) => publish::run_publish(args),
        Command::Serve(args) => serve::run_serve(args),
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
