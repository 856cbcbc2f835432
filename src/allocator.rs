//! The allocator of the `detente` command, shared with the benchmarks (which include this file)
//! so that they measure what the command does. Not part of the library: a library leaves the
//! allocator to whoever links it, and mimalloc linked into the Python extension cannot be loaded
//! (its thread-local storage needs the static block of the executable that loads it).
//!
//! mimalloc rather than the system's allocator: glibc grows each worker thread's heap a page at a
//! time, with a system call for each page (88,000 of them to load ten million points), and maps
//! every buffer of more than 128 KiB afresh, to be faulted in again each time.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay`: its place in `mi_option_e` (mimalloc.h, version 3), which
/// the bindings do not name. A test checks it still holds the option's default, 1,000 ms.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// A command runs for seconds and exits: memory it frees is kept for its next allocations rather
/// than handed back to the system, to be faulted in again (as huge pages, a stall of up to a
/// second at ten million points). Call before anything is allocated in earnest.
pub fn keep_freed_memory() {
    #[allow(unsafe_code)]
    // SAFETY: sets an integer option, which mimalloc stores atomically; no pointer is involved.
    unsafe {
        libmimalloc_sys::mi_option_set(PURGE_DELAY, -1);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_purge_delay_option_is_where_it_is_set() {
        // Only `purge_delay` defaults to 1,000 (ms); a mimalloc whose options moved fails here.
        #[allow(unsafe_code)]
        // SAFETY: reads an integer option.
        let delay = unsafe { libmimalloc_sys::mi_option_get(super::PURGE_DELAY) };
        assert_eq!(delay, 1000);
    }
}
