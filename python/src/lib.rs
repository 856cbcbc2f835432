//! The `detente._detente` extension module: detente's library front door for Python.
//!
//! Every result crosses as the JSON text the command line prints for it (built by the same
//! functions in `detente::render::report`), which the pure-Python package `detente` parses: the
//! field names and numbers in Python are exactly the CLI's. Errors cross as `LoadError`,
//! `ScenarioError` or `ValueError`; nothing here unwraps, so no panic reaches Python.

mod errors;
mod graph;
mod options;
mod scenario;

use pyo3::prelude::*;

/// The module CPython loads as `detente._detente`.
#[pymodule]
mod _detente {
    #[pymodule_export]
    use super::errors::{LoadError, ScenarioError};
    #[pymodule_export]
    use super::graph::{Graph, open};
    #[pymodule_export]
    use super::scenario::Scenario;

    use pyo3::prelude::*;

    #[pymodule_init]
    fn init(m: &Bound<'_, PyModule>) -> PyResult<()> {
        m.add("__version__", detente::render::report::origin::VERSION)
    }
}
