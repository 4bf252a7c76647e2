//! The `mokuhyo` binary: parses the command line and dispatches.

use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match mokuhyo::cli::parse(std::env::args_os()) {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    match mokuhyo::cli::run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("mokuhyo: {err}");
            ExitCode::from(2)
        }
    }
}
