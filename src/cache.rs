//! Help for loops whose reads land all over memory.

/// Asks the processor to bring the cache line at `at` in, without waiting for it: a read would
/// hold up every instruction after it until the line came, while a prefetch lets the work at
/// hand go on meanwhile. Elsewhere than on x86-64, nothing.
#[inline(always)]
pub(crate) fn prefetch<T>(at: *const T) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        // SAFETY: the intrinsic is `unsafe` only because it needs SSE, which every x86-64
        // processor has (it is in the target's baseline). A prefetch reads nothing the program
        // sees and never faults, whatever the address.
        #[allow(unsafe_code)]
        unsafe {
            _mm_prefetch::<_MM_HINT_T0>(at.cast::<i8>());
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = at;
}
