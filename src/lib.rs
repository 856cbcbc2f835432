//! detente: signed, weighted, time-varying graphs of political actors.
//!
//! A graph file names actors (states, organisations, persons holding posts) and relations between
//! them whose weights change over time, with the events and sources behind each change. This crate
//! reads such files, builds the graph as of any date, analyses it, compares two dates or two
//! graphs, applies "what if" scenarios and renders diagrams and reports. The `detente` command is
//! a thin shell over it.
//!
//! # Start here
//!
//! - [`open`] reads a graph file or a scenario file (YAML, or JSON for `.json`), checks it and
//!   gives an [`Opened`]: its [`Graph`], and every file read with its sha256. Every problem is
//!   reported at once, with its line and column, in a [`LoadError`].
//! - [`Snapshot::at`] is the graph as of a date: the actors present, and each tie's weight.
//! - [`analysis::analyze`] gives an [`Analysis`] of a snapshot: centralities, structural
//!   balance, the frustration index, blocs and components.
//! - [`GraphDiff::between`] compares two snapshots (two dates, or two graphs).
//! - [`Scenario`] edits a graph in code (set, shift or end a tie; add or remove actors, posts and
//!   events) without touching the base; scenario files do the same from YAML.
//! - [`render`] turns every result into text, JSON, Markdown, CSV ([`render::report`]) or a
//!   Graphviz diagram ([`render::diagram`]).
//!
//! ```
//! use detente::{GraphDiff, Scenario, Snapshot};
//!
//! let opened = detente::open_bytes(
//!     b"detente: 1\n\
//!       actors:\n  USA: {name: United States, kind: state}\n  BLR: {name: Belarus, kind: state}\n\
//!       relations:\n  - between: [USA, BLR]\n    kind: diplomatic\n    series:\n      \
//!       - {date: 2019, weight: -0.2}\n      - {date: 2020-02-01, weight: 0.2}\n",
//!     "us-belarus.yaml",
//! )?;
//! let graph = opened.graph();
//! let march = Snapshot::at(graph, "2020-03".parse()?);
//! let key = detente::model::RelationKey::mutual("USA", "BLR", "diplomatic");
//! assert_eq!(march.weight(&key), Some(0.2));
//!
//! // What if relations had frozen in June 2020?
//! let frozen = Scenario::on(graph)
//!     .set(key.clone(), "2020-06".parse()?, -0.5)
//!     .apply()?;
//! let july = "2020-07".parse()?;
//! let (before, after) = (Snapshot::at(graph, july), Snapshot::at(&frozen, july));
//! let diff = GraphDiff::between(&before, &after, &Default::default());
//! assert_eq!(diff.summary.changed, 1);
//! assert_eq!(diff.summary.sign_flips, 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # How the crate is laid out
//!
//! The modules follow the pipeline: [`model`] (plain data) ← [`load`] and [`scenario`] (files and
//! edits) ← [`snapshot`] (the graph on a date) ← [`analysis`] and [`diff`] (results as data) ←
//! [`render`] (every output). Nothing here prints or knows the command line. The repository's
//! `docs/architecture.md` says which module owns what and where a change goes; `docs/format.md`
//! is the file format, `docs/metrics.md` the definition of every number.

#![warn(missing_docs)]

pub mod analysis;
mod cache;
pub mod diff;
pub mod explain;
pub mod export;
pub mod generate;
pub mod import;
pub mod load;
pub mod model;
mod open;
mod reader;
pub mod render;
pub mod scenario;
pub mod snapshot;

pub use analysis::Analysis;
pub use diff::GraphDiff;
pub use load::{FileSystem, Files, InputFile, LoadError};
pub use model::{Date, Graph, RelationKey};
pub use open::{InputKind, Opened, open, open_bytes, open_bytes_with, open_with};
pub use scenario::{Scenario, ScenarioError};
pub use snapshot::Snapshot;
