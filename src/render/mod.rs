//! Output: every format reads the same result types and only formats them.
//!
//! Two wings: [`diagram`] draws (DOT for snapshots and diffs, and SVG/PNG from DOT), [`report`]
//! writes (text, JSON, Markdown and CSV for every command). Both speak through one `format`
//! module for weights, numbers, plurals and headings, so a value reads the same everywhere.

pub mod diagram;
pub mod escape;
pub(crate) mod format;
pub mod html;
pub mod pdf;
pub mod report;
pub(crate) mod runs;
pub mod timeline;
