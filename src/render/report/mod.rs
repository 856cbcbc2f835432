//! Reports: the text, JSON, Markdown and CSV views of every command's result, one file per
//! result type, with the aligned and Markdown tables they share (`table`).

pub mod analysis;
mod cited;
pub mod diff;
mod diff_structure;
pub mod explain;
pub mod origin;
mod pretty;
pub mod scenario;
pub mod snapshot;
mod table;

pub use origin::Origin;
pub mod textconv;
pub mod trend;
