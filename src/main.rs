//! The `detente` command: parse arguments, run, map the outcome to an exit code.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args = cli::Cli::parse_from_env();
    match cli::run(args) {
        Ok(outcome) => outcome.exit_code(),
        Err(error) if error.is_broken_pipe() => cli::ExitStatus::Success.into(),
        Err(error) => {
            eprintln!("{error}");
            cli::ExitStatus::Error.into()
        }
    }
}
