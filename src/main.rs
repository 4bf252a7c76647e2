//! The `mokuhyo` binary: parses the command line and dispatches.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = mokuhyo::cli::args::Cli::parse();
    match mokuhyo::cli::run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("mokuhyo: {err}");
            ExitCode::from(2)
        }
    }
}
