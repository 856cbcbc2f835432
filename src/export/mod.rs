//! Exporters: a graph or a snapshot written for other tools (CSV tables, GraphML, GEXF), and its
//! sources for reference managers (CSL-JSON).
//!
//! One file per format. Each reads the model (or a snapshot of it) and returns the bytes to
//! write; nothing here touches files or prints.

pub mod csl;
pub mod csv;
pub mod gexf;
pub mod graphml;
mod xml;
