//! The `detente` command: parse arguments, run, map the outcome to an exit code.

mod allocator;
mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    allocator::keep_freed_memory();
    let args = cli::Cli::parse_from_env();
    // The worker threads, started now: started on first use, a refusal by the system would
    // panic there instead of being reported.
    if let Err(e) = rayon::ThreadPoolBuilder::new().build_global() {
        eprintln!("error: cannot start the worker threads: {e}");
        return cli::ExitStatus::Error.into();
    }
    match cli::run(args) {
        Ok(outcome) => outcome.exit_code(),
        Err(error) if error.is_broken_pipe() => cli::ExitStatus::Success.into(),
        Err(error) => {
            eprintln!("{error}");
            cli::ExitStatus::Error.into()
        }
    }
}
