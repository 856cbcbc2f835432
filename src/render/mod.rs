//! Output: every format reads the same result types and only formats them.

pub mod diff;
pub mod scenario;
pub mod snapshot;
pub mod table;
pub mod textconv;
