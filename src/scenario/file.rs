//! Reading scenario files: the YAML that names a base graph and lists edits, turned into [`Edit`]s
//! with every problem located.
//!
//! YAML knowledge of scenarios lives here (reading, behind [`parse_str`]) and in
//! [`super::write`] (writing); [`super::chain`] follows `base:` and applies the edits.

use std::collections::BTreeMap;

use super::edit::Edit;
use super::problem::{Field, ScenarioError};
use crate::load::LoadError;
use crate::reader::known;
use crate::reader::{
    self, Diagnostic, Diagnostics, Got, List, Located, Position, yaml_error, yaml_options,
};

/// The scenario format version this build reads.
pub const SCENARIO_VERSION: u64 = 1;

/// The top-level key that marks a scenario file.
const MARKER: &str = "detente-scenario:";

/// Whether `text` is a scenario file rather than a graph: one of its lines starts with
/// `detente-scenario:` (a top-level key).
pub fn is_scenario(text: &str) -> bool {
    text.starts_with(MARKER) || text.contains(&format!("\n{MARKER}"))
}

mod convert;
mod raw;

use convert::Convert;
use raw::{RawEdit, RawScenario};

// ------------------------------------------------------------------------------ checked file

/// What a scenario file says about itself.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct ScenarioHeader {
    /// A one-line name.
    pub title: Option<String>,
    /// A longer description.
    pub description: Option<String>,
    /// What the scenario assumes, in free text.
    pub assumes: Option<String>,
    /// The base graph or scenario, relative to the scenario file's directory.
    pub base: String,
}

/// Where each part of one edit is written.
#[derive(Debug, Clone, Default)]
struct Spans {
    edit: Option<Position>,
    fields: BTreeMap<Field, Position>,
}

/// A scenario file read and checked on its own (its edits are not yet checked against a base).
#[derive(Debug, Clone)]
pub struct ScenarioFile {
    /// The file's name as the user gave it.
    pub name: String,
    /// Title, description, assumptions and base.
    pub header: ScenarioHeader,
    /// The edits, in file order.
    pub edits: Vec<Edit>,
    pub(super) base_at: Option<Position>,
    spans: Vec<Spans>,
    text: String,
}

impl ScenarioFile {
    /// The problems of applying this file's edits, located in the file.
    pub fn diagnostics(&self, error: &ScenarioError) -> Diagnostics {
        let items = error
            .problems
            .iter()
            .map(|p| {
                let spans = self.spans.get(p.edit);
                let position = spans.and_then(|s| {
                    s.fields
                        .get(&p.field)
                        .or_else(|| {
                            s.fields.get(&Field {
                                name: p.field.name,
                                index: None,
                            })
                        })
                        .copied()
                        .or(s.edit)
                });
                let mut d = Diagnostic::new(position, p.message.clone());
                d.help = p.help.clone();
                d
            })
            .collect();
        Diagnostics::new(&self.name, items, Some(self.text.clone()))
    }

    pub(super) fn error(
        &self,
        position: Option<Position>,
        message: String,
        help: String,
    ) -> LoadError {
        let d = Diagnostic::new(position, message).with_help(help);
        LoadError::Invalid(Diagnostics::new(
            &self.name,
            vec![d],
            Some(self.text.clone()),
        ))
    }
}

/// Reads and checks the scenario in `text`, naming it `name` in diagnostics. Every problem that
/// can be found without the base (syntax, unknown fields, impossible dates, malformed ties) is
/// reported at once.
pub fn parse_str(text: &str, name: &str) -> Result<ScenarioFile, Diagnostics> {
    let located = |items| Diagnostics::new(name, items, Some(text.to_string()));
    // Scenario files are small and every edit needs its positions (problems found later, against
    // the base, are located through them), so they are always read with positions, by the same
    // parser, budgets and lenient raw structs as graph files.
    let raw: Located<Got<RawScenario>> =
        reader::locating(|| serde_saphyr::from_str_with_options(text, yaml_options(text.len())))
            .map_err(|e| {
                // The parser's messages speak of graph files; this one is a scenario.
                let mut d = yaml_error(&e);
                d.message = d.message.replace("a graph file", "a scenario file");
                d.help = d.help.map(|h| h.replace("a graph file", "a scenario file"));
                located(vec![d])
            })?;
    let root = raw.at;
    let raw = match raw.value {
        Got::Ok(raw) => raw,
        Got::Wrong(found) => {
            let d = Diagnostic::new(
                (root.line > 0).then_some(root),
                format!("a scenario file must be a map, found {found}"),
            )
            .with_help("a scenario file starts with `detente-scenario: 1` and `base: graph.yaml`");
            return Err(located(vec![d]));
        }
    };
    let mut c = Convert::default();
    c.c.strays(&raw.strays, RawScenario::NAMES, || {
        "the top level of the scenario".into()
    });
    let version = c.c.need(&raw.version, "detente-scenario", root, || {
        (
            "the file does not say its scenario format version".into(),
            "start the file with `detente-scenario: 1`",
        )
    });
    if let Some((&version, at)) = version
        && version != SCENARIO_VERSION
    {
        c.problem(
            at,
            format!("unsupported scenario version {version}"),
            format!("this detente reads `detente-scenario: {SCENARIO_VERSION}`"),
        );
    }
    let title = c.text(&raw.title, "title");
    let description = c.text(&raw.description, "description");
    let assumes = c.text(&raw.assumes, "assumes");
    let base = c.c.need(&raw.base, "base", root, || {
        (
            "the scenario does not name its base".into(),
            "add `base:` with the graph (or scenario) this one edits, relative to this file",
        )
    });
    if let Some((base, at)) = base
        && base.0.trim().is_empty()
    {
        c.problem(
            at,
            "`base` is empty",
            "name the graph (or scenario) this one edits, relative to this file",
        );
    }
    let raw_edits: &[Located<Got<RawEdit>>] =
        c.c.get(&raw.edits, "edits").map_or(&[], |(List(e), _)| e);
    let mut edits = Vec::with_capacity(raw_edits.len());
    let mut spans = Vec::with_capacity(raw_edits.len());
    for edit in raw_edits {
        c.spans = Spans {
            edit: known(edit.at),
            fields: BTreeMap::new(),
        };
        if let Some(e) = c.edit(edit) {
            edits.push(e);
            spans.push(std::mem::take(&mut c.spans));
        }
    }
    if !c.c.problems.is_empty() {
        return Err(located(c.c.problems));
    }
    let (base, base_at) = base.map_or((String::new(), None), |(b, at)| (b.0.clone(), known(at)));
    Ok(ScenarioFile {
        name: name.to_string(),
        header: ScenarioHeader {
            title: title.flatten(),
            description: description.flatten(),
            assumes: assumes.flatten(),
            base,
        },
        edits,
        base_at,
        spans,
        text: text.to_string(),
    })
}

#[cfg(test)]
mod tests;
