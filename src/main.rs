//! The `detente` command: parse arguments, run, map the outcome to an exit code.

mod cli;

use std::process::ExitCode;

/// mimalloc rather than the system's allocator (`detente::allocator` says why).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    detente::allocator::keep_freed_memory();
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
