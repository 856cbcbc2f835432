//! detente: signed, weighted, time-varying graphs of political actors.
//!
//! A graph file names actors (states, organisations, persons holding posts) and relations between
//! them whose weights change over time, with the events and sources behind each change. This crate
//! loads and validates such files ([`load`]), builds the graph as of any date ([`snapshot`]),
//! analyses, diffs, edits and renders it.
//!
//! ```
//! let model = detente::load::load_str(
//!     "detente: 1\n\
//!      actors:\n  USA: {name: United States, kind: state}\n  BLR: {name: Belarus, kind: state}\n\
//!      relations:\n  - between: [USA, BLR]\n    kind: diplomatic\n    series:\n      \
//!      - {date: 2019, weight: -0.2}\n      - {date: 2020-02-01, weight: 0.2}\n",
//!     "us-belarus.yaml",
//! )?;
//! let march = detente::snapshot::Snapshot::at(&model, "2020-03".parse()?);
//! let key = detente::model::RelationKey::mutual("USA", "BLR", "diplomatic");
//! assert_eq!(march.weight(&key), Some(0.2));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod analysis;
pub mod diff;
pub mod explain;
pub mod generate;
pub mod load;
pub mod model;
pub mod render;
pub mod scenario;
pub mod snapshot;
