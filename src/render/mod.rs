//! Output: every format reads the same result types and only formats them.

pub mod analysis;
pub mod snapshot;
pub mod table;
pub mod trend;
