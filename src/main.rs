//! The `detente` command: parse arguments, run, map the outcome to an exit code.

mod cli;

use std::process::ExitCode;

/// mimalloc rather than the system's allocator: glibc grows each worker thread's heap a page at a
/// time, with a system call for each page (88,000 of them to load ten million points).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay`: its place in `mi_option_e` (mimalloc.h, version 3), which
/// the bindings do not name. A test checks it still holds the option's default, 1,000 ms.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// A command runs for seconds and exits: memory it frees is kept for its next allocations rather
/// than handed back to the system, to be faulted in again (as huge pages, a stall of up to a
/// second at ten million points).
fn keep_freed_memory() {
    #[allow(unsafe_code)]
    // SAFETY: sets an integer option, which mimalloc stores atomically; no pointer is involved.
    unsafe {
        libmimalloc_sys::mi_option_set(PURGE_DELAY, -1);
    }
}

fn main() -> ExitCode {
    keep_freed_memory();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_purge_delay_option_is_where_main_sets_it() {
        // Only `purge_delay` defaults to 1,000 (ms); a mimalloc whose options moved fails here.
        #[allow(unsafe_code)]
        // SAFETY: reads an integer option.
        let delay = unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) };
        assert_eq!(delay, 1000);
    }
}
