//! Output: every format reads the same result types and only formats them.

pub mod scenario;
pub mod snapshot;
pub mod table;
