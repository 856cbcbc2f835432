//! Diagrams: a snapshot or a diff as a Graphviz DOT picture, and DOT drawn as SVG or PNG.
//!
//! [`dot`] (a snapshot) and [`diff_dot`] (a diff) build the two kinds of picture from the same
//! parts: DOT statements and actor nodes (`parts`), the colour, width and line style mapping
//! (`style`), the legend box (`legend`) and the quoting of every user text (`quote`). [`image`]
//! lays a DOT text out and draws it.

pub mod animation;
#[cfg(feature = "builtin-render")]
pub mod declutter;
mod diff;
pub mod frames;
pub mod image;
mod legend;
mod membership;
pub(crate) mod parts;
pub(crate) mod quote;
mod snapshot;
pub(crate) mod style;

pub use diff::{
    DiffDotOptions, diff_diagram, diff_diagram_for, diff_diagram_with, diff_dot, diff_dot_for,
    diff_dot_with,
};
pub use membership::Membership;
pub use snapshot::{DotOptions, EdgeLabels, TiePoints, diagram, dot, points_in_force, write_dot};
