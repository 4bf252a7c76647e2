//! The `mokuhyo` binary: hands the command line to the library.

use std::process::ExitCode;

fn main() -> ExitCode {
    mokuhyo::cli::main(std::env::args_os().collect())
}
