//! Reading graph files: the only code that knows YAML and JSON.
//!
//! A file is parsed into raw structs that mirror it (`raw`), then checked and turned into the
//! model (`validate`), which reports every problem at once with its location and likely fix.
//! YAML goes through `serde-saphyr` (duplicate-key and alias-bomb protection, budgets that scale
//! with the input); `.json` files go through `serde_json` for speed. The lenient, located reading
//! and the diagnostics are shared with scenario files (`crate::reader`).
//!
//! A file is read twice only when it is invalid. The first reading records no positions and turns
//! relations and their points into the model as it goes, which keeps a 50 MB file within a few
//! times its size in memory; if anything is wrong, the file is read again with the position of
//! every value (JSON is YAML, so JSON files too), and the problems are reported from that reading.

mod files;
mod positions;
pub(crate) mod raw;
mod schema;
pub(crate) mod validate;
mod warnings;
pub(crate) mod write;

pub use files::{
    DEFAULT_MAX_INPUT, FileSystem, Files, InputFile, MAX_INPUT_VAR, follow_links, max_input,
    read_input, read_input_text,
};
pub use positions::{Positions, positions};
pub use schema::{SCHEMA_ID, schema, schema_text};
pub use validate::{FORMAT_VERSION, FORMAT_VERSIONS};
pub use warnings::{has_warnings, warnings};
pub use write::{WriteError, to_json, to_yaml};

pub use crate::reader::{Diagnostic, Diagnostics, Labelled, Position, did_you_mean};
use crate::reader::{Got, Located, yaml_error, yaml_options};

use std::path::Path;

use serde::Deserialize;

use crate::model::Graph;

/// Why a graph could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
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
    /// The message with `label` (a severity such as `error`) before it, and before each problem
    /// of an invalid file, as a program reports it; see [`Diagnostics::labelled`].
    pub fn labelled<'a>(&'a self, label: &'a str) -> impl std::fmt::Display + 'a {
        struct Shown<'a>(&'a LoadError, &'a str);
        impl std::fmt::Display for Shown<'_> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self.0 {
                    LoadError::Invalid(d) => d.labelled(self.1).fmt(f),
                    io => write!(f, "{}: {io}", self.1),
                }
            }
        }
        Shown(self, label)
    }

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
    let read = || {
        read_input(path).map_err(|source| LoadError::Io {
            path: name.clone(),
            source,
        })
    };
    load_owned(read()?, &name, Syntax::of_path(path), read, |_| ()).0
}

/// Checks the graph in `bytes`, which it owns so as to let them go as soon as they are parsed;
/// `reread` gives them again should the file be invalid, to locate its problems. `alongside`
/// runs on the bytes while they are parsed, on another core (parsing a file is serial): the
/// caller's hash of a large file costs no time of its own.
pub(crate) fn load_owned<R: Send>(
    bytes: Vec<u8>,
    name: &str,
    syntax: Syntax,
    reread: impl FnOnce() -> Result<Vec<u8>, LoadError>,
    alongside: impl FnOnce(&[u8]) -> R + Send,
) -> (Result<Graph, LoadError>, R) {
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let by = alongside(e.as_bytes());
            return (load_bytes(e.as_bytes(), name, syntax), by);
        }
    };
    // A large valid file is the common case: the text is let go as soon as it is parsed, so that
    // it and the model are never in memory together. Should the file be invalid, it is read
    // again to locate and quote its problems.
    let (parsed, by) = rayon::join(
        || match syntax {
            Syntax::Yaml => parse_yaml(&text),
            Syntax::Json => parse_json(&text),
        },
        || alongside(text.as_bytes()),
    );
    let Ok(mut raw) = parsed else {
        return (load_bytes(text.as_bytes(), name, syntax), by);
    };
    drop(text);
    let graph = match check(&mut raw) {
        Ok(graph) => Ok(graph),
        Err(_) => {
            drop(raw);
            reread().and_then(|bytes| load_bytes(&bytes, name, syntax))
        }
    };
    (graph, by)
}

/// Checks the graph in `bytes`, naming it `name` in diagnostics.
pub fn load_bytes(bytes: &[u8], name: &str, syntax: Syntax) -> Result<Graph, LoadError> {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            // The prefix is valid UTF-8 by definition of `valid_up_to`.
            let column =
                std::str::from_utf8(&valid[line_start..]).map_or(0, |s| s.chars().count()) + 1;
            let d = Diagnostic::new(
                Some(Position {
                    line: u32::try_from(line).unwrap_or(u32::MAX),
                    column: u32::try_from(column).unwrap_or(u32::MAX),
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
    if let Some(d) = blank(text) {
        return Err(invalid(vec![d]));
    }
    let mut raw = parse_yaml(text).map_err(|d| invalid(vec![d]))?;
    check(&mut raw).map_err(|problems| invalid(locate(text, problems)))
}

/// Checks the JSON graph in `text`, naming it `name` in diagnostics.
pub fn load_json_str(text: &str, name: &str) -> Result<Graph, LoadError> {
    let invalid = |items| LoadError::Invalid(Diagnostics::new(name, items, Some(text.to_string())));
    if let Some(d) = blank(text) {
        return Err(invalid(vec![d]));
    }
    let mut raw = parse_json(text).map_err(|d| invalid(vec![d]))?;
    // JSON is YAML: its problems are located by reading it again as YAML.
    check(&mut raw).map_err(|problems| invalid(locate(text, problems)))
}

/// Checks a graph built in code as the loader checks a file: actors that relations, posts and
/// events name exist, no tie is declared twice, weights are within the scale, series and posts
/// are in order, and every other check of the file format.
///
/// The graph is checked as the YAML file [`to_yaml`] writes for it, and the diagnostics are
/// located in that text (named `graph`), which they quote: the offending actor, relation or point
/// as it would be written.
///
/// ```
/// use detente::model::{Ends, Point, Relation};
/// let mut graph = detente::load::load_str(
///     "detente: 1\nactors:\n  USA: {name: United States, kind: state}\n",
///     "g.yaml",
/// )?;
/// graph.relations.push(Relation {
///     ends: Ends::Mutual("USA".into(), "BLR".into()),
///     kind: "diplomatic".into(),
///     interpolation: None,
///     series: vec![Point::weight("2020".parse()?, 0.2)],
///     note: None,
/// });
/// let problems = detente::load::validate(&graph).unwrap_err();
/// assert_eq!(problems.items[0].message, "unknown actor `BLR`");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn validate(graph: &Graph) -> Result<(), Diagnostics> {
    let name = "graph";
    let text = write::to_yaml(graph)
        .map_err(|e| Diagnostics::new(name, vec![Diagnostic::new(None, e.to_string())], None))?;
    match load_str(&text, name) {
        Ok(_) => Ok(()),
        Err(LoadError::Invalid(diagnostics)) => Err(diagnostics),
        // Checking text reads no file.
        Err(LoadError::Io { path, source }) => Err(Diagnostics::new(
            name,
            vec![Diagnostic::new(
                None,
                format!("cannot read {path}: {source}"),
            )],
            None,
        )),
    }
}

/// [`validate`] for a graph of millions of points (an import, a columnar graph): the same
/// checks, with the relations checked in place rather than written out as text and read back;
/// only when something has a problem is the graph checked as text, for the located messages,
/// and then only its outline and the relations with a problem.
pub fn validate_large(graph: &Graph) -> Result<(), Diagnostics> {
    // The outline is checked on one core while the relations are checked on the rest.
    let (outline_ok, relations_ok) =
        rayon::join(|| outline_ok(graph), || validate::relations_ok(graph));
    if outline_ok && relations_ok {
        Ok(())
    } else {
        validate_narrowed(graph, Ties::MayRepeat).map_err(|(found, _)| found)
    }
}

/// Whether a graph's relations may declare one tie twice (a check across relations).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ties {
    /// A reader made one relation per tie ([`Vouched`]).
    Distinct,
    /// Anything goes: relations that are one tie are found and kept for the check.
    MayRepeat,
}

/// [`validate`] for a large graph that failed a quick check: its problems, found as `validate`
/// finds them, with the same messages in the same order, and, when they were found in a cut-down
/// graph, that graph (the diagnostics' positions are in the text written from it).
///
/// `validate` writes the whole graph as text and reads it back with positions: at a million
/// points, many seconds for one wrong row. Every check but one looks at the outline (actors,
/// events, sources) or at one relation alone, so the graph is cut down to its outline and the
/// relations that fail a check of their own ([`validate::relation_ok`]) or, with
/// [`Ties::MayRepeat`], declare a tie that another relation declares too, and only that is
/// written and read back. Should the cut-down graph pass (a problem the quick checks see and
/// the cut missed), the whole graph is checked.
pub(crate) fn validate_narrowed(
    graph: &Graph,
    ties: Ties,
) -> Result<(), (Diagnostics, Option<Box<Graph>>)> {
    use rayon::prelude::*;
    use std::collections::{HashMap, HashSet};
    type Fast = foldhash::fast::RandomState;
    let declared: HashSet<&str, Fast> = graph.actors.keys().map(crate::model::Id::as_str).collect();
    let mut kept: Vec<bool> = graph
        .relations
        .par_iter()
        .with_min_len(4096)
        .map(|r| !validate::relation_ok(graph, &declared, r))
        .collect();
    if ties == Ties::MayRepeat {
        let mut copies: HashMap<_, u32, Fast> =
            HashMap::with_capacity_and_hasher(graph.relations.len(), Fast::default());
        for r in &graph.relations {
            *copies.entry(r.key_parts()).or_default() += 1;
        }
        for (keep, r) in kept.iter_mut().zip(&graph.relations) {
            *keep |= copies.get(&r.key_parts()).is_some_and(|&n| n > 1);
        }
    }
    let narrowed = Graph {
        title: graph.title.clone(),
        description: graph.description.clone(),
        interpolation: graph.interpolation,
        scale: graph.scale,
        sources: graph.sources.clone(),
        actors: graph.actors.clone(),
        relations: (graph.relations.iter().zip(&kept))
            .filter(|&(_, &keep)| keep)
            .map(|(r, _)| r.clone())
            .collect(),
        events: graph.events.clone(),
        relation_kinds: graph.relation_kinds.clone(),
        ..Graph::default()
    };
    match validate(&narrowed) {
        Err(found) => Err((found, Some(Box::new(narrowed)))),
        Ok(()) => validate(graph).map_err(|found| (found, None)),
    }
}

/// Whether everything in `graph` but its relations passes [`validate`]. This is checked as
/// text: written as JSON and read back, which runs the same checks as YAML several times faster
/// (50,000 actors as YAML took longer than a million relations), since only whether it passes
/// matters here. When every actor is plain (a name, a kind, attributes) and no event names one,
/// the actors are checked in place as reading them would check them, on all cores, and only the
/// rest goes through the text: written out and read back, 50,000 actors were a sixth of the
/// time of reading a columnar graph of ten million points.
pub fn outline_ok(graph: &Graph) -> bool {
    let text_ok =
        |g: &Graph| write::to_json(g).is_ok_and(|text| load_json_str(&text, "graph").is_ok());
    // The outline with `actors`: the graph without its relations.
    let outline = |actors| Graph {
        title: graph.title.clone(),
        description: graph.description.clone(),
        interpolation: graph.interpolation,
        scale: graph.scale,
        sources: graph.sources.clone(),
        actors,
        relations: Vec::new(),
        events: graph.events.clone(),
        relation_kinds: graph.relation_kinds.clone(),
        ..Graph::default()
    };
    let plain = graph.actors.values().all(validate::plain_actor)
        && graph.events.values().all(|e| e.actors.is_empty());
    if !plain {
        return match graph.relations.is_empty() {
            true => text_ok(graph),
            false => text_ok(&outline(graph.actors.clone())),
        };
    }
    use rayon::prelude::*;
    let actors: Vec<(&crate::model::Id, &crate::model::Actor)> = graph.actors.iter().collect();
    let (actors_ok, rest_ok) = rayon::join(
        || {
            actors
                .par_iter()
                .with_min_len(4096)
                .all(|(id, actor)| validate::plain_actor_ok(id, actor))
        },
        || text_ok(&outline(std::collections::BTreeMap::new())),
    );
    actors_ok && rest_ok
}

/// What a reader that builds relations from interned ids vouches for, so that
/// [`validate_vouched`] need not look at every tie again: no two relations are one tie (each
/// was made from all the rows of its key), no relation joins an actor to itself or has a blank
/// kind, and `ends` lists every id that the relations' ends name (once each, or more: only
/// whether each is declared is asked).
pub struct Vouched<'a> {
    /// Whether [`outline_ok`] held for the graph's outline, when the reader checked it as the
    /// relations were read; `None`: [`validate_vouched`] checks it.
    pub outline_ok: Option<bool>,
    /// The ids the relations' ends name.
    pub ends: &'a [crate::model::Id],
    /// When the reader checked every series as a file's series are checked (a weight first,
    /// dates in order and none twice, weights, confidences and ranges in the scale): the event
    /// and source ids its points cite, which are then only looked up. `None`: every series is
    /// checked here, one more pass over every point.
    pub cited: Option<Cited<'a>>,
}

/// The event and source ids that a graph's points cite (each once, or more).
#[derive(Debug, Clone, Copy)]
pub struct Cited<'a> {
    /// Event ids.
    pub events: &'a [crate::model::Id],
    /// Source ids.
    pub sources: &'a [crate::model::Id],
}

/// [`validate_large`] for a graph whose ties a reader vouches for: the ends declared and every
/// series checked, the ties not compared with each other. Anything wrong, and the outline and
/// the relations that are wrong are checked as text, as by [`validate`], for the located
/// messages.
pub fn validate_vouched(graph: &Graph, vouched: &Vouched) -> Result<(), Diagnostics> {
    check_vouched(graph, vouched).map_err(|(found, _)| found)
}

/// [`validate_vouched`], and, with the problems, the cut-down graph they were found in, if they
/// were ([`validate_narrowed`]), to trace them back to where they were read from.
pub(crate) fn check_vouched(
    graph: &Graph,
    vouched: &Vouched,
) -> Result<(), (Diagnostics, Option<Box<Graph>>)> {
    let declared = || {
        type Fast = foldhash::fast::RandomState;
        let actors: std::collections::HashSet<&str, Fast> =
            graph.actors.keys().map(crate::model::Id::as_str).collect();
        vouched.ends.iter().all(|id| actors.contains(id.as_str()))
    };
    let series_ok = || match vouched.cited {
        Some(cited) => {
            cited.events.iter().all(|e| graph.events.contains_key(e))
                && cited.sources.iter().all(|s| graph.sources.contains_key(s))
        }
        None => validate::all_series_ok(graph),
    };
    let ((declared, series_ok), outline_ok) = rayon::join(
        || rayon::join(declared, series_ok),
        || vouched.outline_ok.unwrap_or_else(|| outline_ok(graph)),
    );
    if outline_ok && declared && series_ok {
        Ok(())
    } else {
        validate_narrowed(graph, Ties::Distinct)
    }
}

/// The problems of a file read without positions, found again with their positions by reading it
/// once more (slowly, but only when it is invalid). Should that reading disagree, the problems
/// found first are kept, without positions.
fn locate(text: &str, problems: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let text = yaml_readable(text);
    let located = crate::reader::locating(|| parse_yaml(&text).map(|mut raw| check(&mut raw)));
    match located {
        Ok(Err(located)) => located,
        _ => problems,
    }
}

/// `text` (JSON, or YAML) with each character that JSON allows in a string but YAML refuses
/// anywhere (DEL, the C1 controls but NEL, U+FFFE and U+FFFF) replaced by U+FFFD, one character
/// for one, so that a JSON file holding one can still be read again as YAML to locate its
/// problems, at the same lines and columns. YAML text holding one did not parse in the first
/// place.
fn yaml_readable(text: &str) -> std::borrow::Cow<'_, str> {
    let refused = |c: char| {
        c == '\u{7f}'
            || (('\u{80}'..='\u{9f}').contains(&c) && c != '\u{85}')
            || c == '\u{fffe}'
            || c == '\u{ffff}'
    };
    if text.contains(refused) {
        text.chars()
            .map(|c| if refused(c) { '\u{fffd}' } else { c })
            .collect::<String>()
            .into()
    } else {
        text.into()
    }
}

/// Parses JSON text into the raw file, or the diagnostic that stopped the parser.
fn parse_json(text: &str) -> Result<Located<Got<raw::RawGraph>>, Diagnostic> {
    // A byte-order mark is no JSON, but editors write one; YAML readers skip it too.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut deserializer = serde_json::Deserializer::from_str(text);
    Located::<Got<raw::RawGraph>>::deserialize(&mut deserializer)
        .and_then(|raw| deserializer.end().map(|()| raw))
        .map_err(|e| json_error(&e))
}

/// Parses YAML text into the raw file, or the diagnostic that stopped the parser.
fn parse_yaml(text: &str) -> Result<Located<Got<raw::RawGraph>>, Diagnostic> {
    serde_saphyr::from_str_with_options(text, yaml_options(text.len())).map_err(|e| yaml_error(&e))
}

/// The raw graph in YAML `text`, every value with its position, when it reads as a map: for
/// tracing a problem found in text written from a graph back to where it came from.
pub(crate) fn located_raw(text: &str) -> Option<raw::RawGraph> {
    match crate::reader::locating(|| parse_yaml(text)).ok()?.value {
        Got::Ok(graph) => Some(graph),
        Got::Wrong(_) => None,
    }
}

/// The diagnostic for a file with nothing in it, if it has nothing in it.
fn blank(text: &str) -> Option<Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.trim().is_empty().then(|| {
        Diagnostic::new(None, "the file is empty").with_help(
            "a graph file starts with `detente: 1`; see `detente schema` or docs/format.md",
        )
    })
}

fn check(raw: &mut Located<Got<raw::RawGraph>>) -> Result<Graph, Vec<Diagnostic>> {
    match &mut raw.value {
        Got::Ok(graph) => validate::validate(graph, raw.at),
        Got::Wrong(found) => {
            let at = (raw.at.line > 0).then_some(raw.at);
            Err(vec![
                Diagnostic::new(at, format!("a graph file must be a map, found {found}"))
                    .with_help("a graph file starts with `detente: 1`; see docs/format.md"),
            ])
        }
    }
}

/// A serde_json error (JSON syntax) as a diagnostic.
fn json_error(e: &serde_json::Error) -> Diagnostic {
    let position = (e.line() > 0).then(|| Position {
        line: u32::try_from(e.line()).unwrap_or(u32::MAX),
        column: u32::try_from(e.column().max(1)).unwrap_or(u32::MAX),
    });
    let message = e.to_string();
    // serde_json appends " at line L column C"; the position already says it.
    let message = match message.rfind(" at line ") {
        Some(i) => &message[..i],
        None => &message,
    };
    Diagnostic::new(position, format!("invalid JSON: {message}"))
        .with_help("fix the JSON syntax here; see docs/format.md for the format")
}

#[cfg(test)]
mod properties;
#[cfg(test)]
mod tests;
