//! The `lianluo` command: parses the command line, calls the library, maps the outcome to an
//! exit status (0 fine, 1 the data has errors or a strict check failed, 2 usage or I/O).

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = <cli::Cli as clap::Parser>::parse();
    ExitCode::from(cli::run(cli))
}
