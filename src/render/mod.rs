//! Output: every format reads the same result types and only formats them.

pub mod analysis;
pub mod diff;
pub mod diff_dot;
pub mod diff_structure;
pub mod dot;
pub mod image;
pub mod legend;
pub mod quote;
pub mod scenario;
pub mod snapshot;
pub mod style;
pub mod table;
pub mod textconv;
pub mod trend;
