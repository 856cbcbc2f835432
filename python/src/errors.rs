//! Detente's errors as Python exceptions: `LoadError` with the CLI's text and the first
//! problem's location, `ScenarioError` for an edit that does not fit, `ValueError` for the rest.

use detente::load::{Diagnostic, Diagnostics};
use detente::scenario::{Edit, Problem};
use pyo3::exceptions::{PyException, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyDict;

pyo3::create_exception!(
    detente,
    LoadError,
    PyException,
    "A file could not be read or is not valid: `str()` is what the command line prints; `.path`, \
     `.line`, `.column` and `.message` locate the first problem, `.problems` lists them all."
);

pyo3::create_exception!(
    detente,
    ScenarioError,
    PyException,
    "A scenario edit does not fit the graph: `str()` says why, field by field; `.problems` lists \
     each problem (`field`, `message`, `help`)."
);

/// A `ValueError` with `message`.
pub fn value_error(message: impl Into<String>) -> PyErr {
    PyValueError::new_err(message.into())
}

/// The `LoadError` for `error`, its text the CLI's.
pub fn load_error(py: Python<'_>, error: &detente::LoadError) -> PyErr {
    let text = detente::render::escape::load_error(error);
    let text = text.strip_suffix('\n').unwrap_or(&text).to_string();
    let err = LoadError::new_err(text);
    // Setting attributes on a fresh exception only fails when Python is out of memory; the
    // exception is still raised, without them.
    let _ = describe_load(py, &err, error);
    err
}

fn describe_load(py: Python<'_>, err: &PyErr, error: &detente::LoadError) -> PyResult<()> {
    let value = err.value(py);
    match error {
        detente::LoadError::Io { path, source } => {
            value.setattr("path", path)?;
            value.setattr("line", py.None())?;
            value.setattr("column", py.None())?;
            value.setattr("message", format!("cannot read {path}: {source}"))?;
            value.setattr("problems", Vec::<Py<PyAny>>::new())?;
        }
        detente::LoadError::Invalid(d) => {
            value.setattr("path", &d.file)?;
            let first = d.items.first();
            let position = first.and_then(|item| item.position);
            value.setattr("line", position.map(|p| p.line))?;
            value.setattr("column", position.map(|p| p.column))?;
            value.setattr("message", first.map(|item| item.message.clone()))?;
            value.setattr("problems", problems(py, &d.items)?)?;
        }
    }
    Ok(())
}

/// Each diagnostic as a dict: `line`, `column` (None when unlocated), `message`, `help`.
fn problems<'py>(py: Python<'py>, items: &[Diagnostic]) -> PyResult<Vec<Bound<'py, PyDict>>> {
    items
        .iter()
        .map(|item| {
            let dict = PyDict::new(py);
            dict.set_item("line", item.position.map(|p| p.line))?;
            dict.set_item("column", item.position.map(|p| p.column))?;
            dict.set_item("message", &item.message)?;
            dict.set_item("help", item.help.as_deref())?;
            Ok(dict)
        })
        .collect()
}

/// The keyword argument a field of an edit comes from (`from` is a Python keyword: `from_`).
pub fn keyword(field: &str) -> &str {
    match field {
        "from" => "from_",
        "sources" | "source" => "sources",
        "actors" => "actors",
        other => other,
    }
}

/// The `ScenarioError` for an edit that did not fit: as the CLI's `scenario add` says it, with
/// each field named by its keyword argument rather than its flag.
pub fn scenario_error(py: Python<'_>, scenario: &str, edit: &Edit, problems: &[Problem]) -> PyErr {
    let items: Vec<Diagnostic> = problems
        .iter()
        .map(|p| {
            let prefix = match p.field.name {
                "" => String::new(),
                name => format!("{}: ", keyword(name)),
            };
            let mut d = Diagnostic::new(None, format!("{prefix}{}", p.message));
            d.help = p.help.clone();
            d
        })
        .collect();
    let diagnostics = Diagnostics::new(
        &format!("{scenario} (new {} edit)", edit.name()),
        items,
        None,
    );
    let text = detente::render::escape::load_error(&detente::LoadError::Invalid(diagnostics));
    let err = ScenarioError::new_err(text.trim_end().to_string());
    let _ = describe_scenario(py, &err, problems);
    err
}

fn describe_scenario(py: Python<'_>, err: &PyErr, problems: &[Problem]) -> PyResult<()> {
    let list = problems
        .iter()
        .map(|p| {
            let dict = PyDict::new(py);
            dict.set_item("field", keyword(p.field.name))?;
            dict.set_item("message", &p.message)?;
            dict.set_item("help", p.help.as_deref())?;
            Ok(dict)
        })
        .collect::<PyResult<Vec<_>>>()?;
    err.value(py).setattr("problems", list)
}
