//! Reading graph files: the only code that knows YAML and JSON.
//!
//! A file is parsed into raw structs that mirror it ([`raw`]), then checked and turned into the
//! model ([`validate`]), which reports every problem at once with its location and likely fix.
//! YAML goes through `serde-saphyr` (source spans, duplicate-key and alias-bomb protection, budgets
//! that scale with the input); `.json` files go through `serde_json` for speed.

mod diagnostic;
pub(crate) mod raw;
mod suggest;
mod validate;
mod write;

pub use diagnostic::{Diagnostic, Diagnostics, Position};
pub use suggest::did_you_mean;
pub use validate::FORMAT_VERSION;
pub use write::{WriteError, to_json, to_yaml};

use std::path::Path;

use crate::model::Graph;

/// Why a graph could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read.
    #[error("error: cannot read {path}: {source}")]
    Io {
        /// The path as given.
        path: String,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The file was read but is not a valid graph.
    #[error("{0}")]
    Invalid(Diagnostics),
}

impl LoadError {
    /// The diagnostics, when the file was read but is invalid.
    pub fn diagnostics(&self) -> Option<&Diagnostics> {
        match self {
            LoadError::Invalid(d) => Some(d),
            LoadError::Io { .. } => None,
        }
    }
}

/// The syntax a file is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// YAML 1.2 (the default).
    Yaml,
    /// JSON, for large generated graphs.
    Json,
}

impl Syntax {
    /// JSON for a `.json` extension, YAML otherwise.
    pub fn of_path(path: &Path) -> Syntax {
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("json") => Syntax::Json,
            _ => Syntax::Yaml,
        }
    }
}

/// Reads and checks the graph file at `path` (YAML, or JSON for `.json`).
pub fn load_path(path: &Path) -> Result<Graph, LoadError> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| LoadError::Io {
        path: name.clone(),
        source,
    })?;
    load_bytes(&bytes, &name, Syntax::of_path(path))
}

/// Checks the graph in `bytes`, naming it `name` in diagnostics.
pub fn load_bytes(bytes: &[u8], name: &str, syntax: Syntax) -> Result<Graph, LoadError> {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let line = bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1;
            let d = Diagnostic::new(
                Some(Position {
                    line: u32::try_from(line).unwrap_or(u32::MAX),
                    column: 1,
                }),
                format!(
                    "the file is not UTF-8 text (invalid byte at offset {})",
                    e.valid_up_to()
                ),
            )
            .with_help("save the file as UTF-8");
            return Err(LoadError::Invalid(Diagnostics::new(name, vec![d], None)));
        }
    };
    match syntax {
        Syntax::Yaml => load_str(text, name),
        Syntax::Json => load_json_str(text, name),
    }
}

/// Checks the YAML graph in `text`, naming it `name` in diagnostics.
pub fn load_str(text: &str, name: &str) -> Result<Graph, LoadError> {
    let invalid = |items| LoadError::Invalid(Diagnostics::new(name, items, Some(text.to_string())));
    if text.trim().is_empty() {
        let d = Diagnostic::new(None, "the file is empty").with_help(
            "a graph file starts with `detente: 1`; see `detente schema` or docs/format.md",
        );
        return Err(invalid(vec![d]));
    }
    let raw: raw::RawGraph = serde_saphyr::from_str_with_options(text, yaml_options(text.len()))
        .map_err(|e| invalid(vec![yaml_error(&e)]))?;
    validate::validate(raw).map_err(invalid)
}

/// Checks the JSON graph in `text`, naming it `name` in diagnostics.
pub fn load_json_str(text: &str, name: &str) -> Result<Graph, LoadError> {
    let invalid = |items| LoadError::Invalid(Diagnostics::new(name, items, Some(text.to_string())));
    let raw: raw::RawGraph = serde_json::from_str(text).map_err(|e| {
        let position = (e.line() > 0).then(|| Position {
            line: u32::try_from(e.line()).unwrap_or(u32::MAX),
            column: u32::try_from(e.column().max(1)).unwrap_or(u32::MAX),
        });
        let message = e.to_string();
        // serde_json appends " at line L column C"; the position already says it.
        let message = message
            .split(" at line ")
            .next()
            .unwrap_or(&message)
            .to_string();
        invalid(vec![Diagnostic::new(position, message)])
    })?;
    match validate::validate(raw) {
        Ok(graph) => Ok(graph),
        // serde_json keeps no spans; JSON is YAML, so read it again (slowly, only on this error
        // path) to locate each problem.
        Err(problems) => match load_str(text, name) {
            Err(located) => Err(located),
            Ok(_) => Err(invalid(problems)),
        },
    }
}

/// Parser options whose budgets grow with the input, so that a legitimate large file loads while
/// hostile input (alias bombs, deep nesting) is still rejected quickly.
pub(crate) fn yaml_options(len: usize) -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_reader_input_bytes = Some(len.saturating_add(1024));
    budget.max_events = budget.max_events.max(len);
    budget.max_nodes = budget.max_nodes.max(len / 2);
    budget.max_total_scalar_bytes = budget.max_total_scalar_bytes.max(len);
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options.with_snippet = false;
    options
}

pub(crate) fn yaml_error(e: &serde_saphyr::Error) -> Diagnostic {
    let position = e.location().and_then(Position::from_location);
    let message = e.to_string();
    let message = message.lines().next().unwrap_or("invalid YAML").to_string();
    let mut d = Diagnostic::new(position, message.clone());
    if let Some(field) = message
        .strip_prefix("unknown field `")
        .and_then(|m| m.split('`').next())
    {
        let expected: Vec<&str> = message
            .split("expected ")
            .nth(1)
            .unwrap_or("")
            .split('`')
            .enumerate()
            .filter_map(|(i, s)| (i % 2 == 1).then_some(s))
            .collect();
        if let Some(guess) = did_you_mean(field, expected.iter().map(|f| (*f, None))) {
            d.help = Some(format!("did you mean {guess}?"));
        }
    }
    d
}

#[cfg(test)]
mod tests;
