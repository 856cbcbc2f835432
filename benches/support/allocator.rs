//! The allocator the `detente` command runs with, so that a benchmark measures what the command
//! does (`detente::allocator` says why): mimalloc, keeping the memory it frees. Under the
//! system's allocator, every buffer of more than 128 KiB was mapped afresh and faulted in again
//! on each iteration, which the command never does.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Sets the allocator's options as the command does; call first.
pub fn as_the_command_runs() {
    detente::allocator::keep_freed_memory();
}
