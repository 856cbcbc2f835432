//! `Scenario`: "what if" edits scripted from Python, each checked against the graph as the edits
//! before it left it (with `scenario add`'s messages), applied in memory, and saved as the YAML
//! `detente scenario new` and `scenario add` would write.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use detente::load::InputFile;
use detente::model::{
    Actor, ActorKind, Attribute, DEFAULT_KIND, Ends, Event, Id, Interpolation, Membership, Point,
    PointDetail, Post, Relation,
};
use detente::scenario::{self, Edit, Provenance, ScenarioHeader, TieRef};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyFloat, PyInt, PyString};

use crate::errors::{load_error, scenario_error, value_error};
use crate::graph::{Applied, Graph, Source};
use crate::options::maybe_date;

/// The scenario file as last read or written: where, and its text.
#[derive(Debug, Clone)]
struct Saved {
    path: PathBuf,
    text: String,
}

/// A scenario on a base graph: edits added one by one, checked as they come.
#[pyclass(module = "detente._detente")]
#[derive(Debug, Clone)]
pub struct Scenario {
    /// The base file, as given (a scenario file writes it relative to its own directory).
    base_path: PathBuf,
    title: Option<String>,
    description: Option<String>,
    assumes: Option<String>,
    /// The file, once opened or saved.
    saved: Option<Saved>,
    /// Edits added since the file was read or written.
    pending: Vec<Edit>,
    /// The graph the edits apply to, and the files read for it.
    base: Arc<detente::Graph>,
    base_inputs: Vec<InputFile>,
    /// The base with every edit applied so far.
    graph: Arc<detente::Graph>,
    /// How many edits the scenario has, saved or not.
    count: usize,
}

impl Scenario {
    /// The name messages and citations give the scenario: its file, or `<scenario>`.
    fn name(&self) -> String {
        self.saved.as_ref().map_or_else(
            || "<scenario>".to_string(),
            |s| s.path.display().to_string(),
        )
    }

    /// Checks `edit` against the graph so far and keeps it; a `ScenarioError` if it does not fit.
    fn add(&mut self, py: Python<'_>, mut edit: Edit) -> PyResult<()> {
        // An actor may be named by an alias; the file records its id, as `scenario add` does.
        edit.resolve_actors(&self.graph);
        let outcome = scenario::apply(&self.graph, std::slice::from_ref(&edit))
            .map_err(|e| scenario_error(py, &self.name(), &edit, &e.problems))?;
        self.graph = Arc::new(outcome.graph);
        self.pending.push(edit);
        self.count += 1;
        Ok(())
    }
}

/// Which tie: `between=(A, B)` for a mutual one, `from_=A, to=B` for a directed one.
fn tie(
    between: Option<(String, String)>,
    from_: Option<String>,
    to: Option<String>,
    kind: Option<String>,
) -> PyResult<TieRef> {
    let ends = match (between, from_, to) {
        (Some((a, b)), None, None) => Ends::Mutual(a.into(), b.into()),
        (None, Some(from), Some(to)) => Ends::Directed {
            from: from.into(),
            to: to.into(),
        },
        _ => {
            return Err(value_error(
                "say which tie: between=(A, B) for a mutual tie, or from_=A, to=B for a directed one",
            ));
        }
    };
    Ok(TieRef {
        ends,
        kind: kind.map_or_else(|| DEFAULT_KIND.into(), Id::from),
    })
}

fn provenance(
    note: Option<String>,
    event: Option<String>,
    sources: Option<Vec<String>>,
    confidence: Option<f64>,
) -> Provenance {
    Provenance {
        note,
        event: event.map(Id::from),
        sources: ids(sources),
        confidence,
    }
}

/// The directory a file's relative paths resolve from.
fn directory(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Whether two directories are the same one.
fn same_directory(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// Writes `text` to `path` whole or not at all: into a temporary file beside it, then renamed.
fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut file = tempfile::NamedTempFile::new_in(directory(path))?;
    file.write_all(text.as_bytes())?;
    file.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[pymethods]
impl Scenario {
    /// A new scenario with no edits on `base` (a path, or a `Graph` opened from a file).
    #[staticmethod]
    #[pyo3(signature = (base, title = None, description = None, assumes = None))]
    fn new(
        py: Python<'_>,
        base: &Bound<'_, PyAny>,
        title: Option<String>,
        description: Option<String>,
        assumes: Option<String>,
    ) -> PyResult<Scenario> {
        let (base_path, graph, inputs) = if let Ok(graph) = base.cast::<Graph>() {
            let graph = graph.get();
            let Some(path) = graph.path.clone() else {
                return Err(value_error(
                    "base: this graph has no file (a scenario applied in memory); save that \
                     scenario and give its path",
                ));
            };
            (path, graph.graph().clone(), graph_inputs(graph))
        } else {
            let path: PathBuf = base.extract().map_err(|_| {
                value_error("base: give the path of a graph or scenario file, or a Graph")
            })?;
            let opened = detente::open(&path).map_err(|e| load_error(py, &e))?;
            let inputs = opened.inputs.clone();
            (path, opened.into_graph(), inputs)
        };
        let graph = Arc::new(graph);
        Ok(Scenario {
            base_path,
            title,
            description,
            assumes,
            saved: None,
            pending: Vec::new(),
            base: Arc::clone(&graph),
            base_inputs: inputs,
            graph,
            count: 0,
        })
    }

    /// The scenario file at `path`, to continue editing (its base is read as it names it).
    #[staticmethod]
    fn open(py: Python<'_>, path: PathBuf) -> PyResult<Scenario> {
        let name = path.display().to_string();
        let text = detente::load::read_input_text(&path).map_err(|source| {
            load_error(
                py,
                &detente::LoadError::Io {
                    path: name.clone(),
                    source,
                },
            )
        })?;
        if !scenario::is_scenario(&text) {
            return Err(value_error(format!(
                "{name} is not a scenario file (it has no `detente-scenario: 1` line); create \
                 one with Scenario.new"
            )));
        }
        let opened = detente::open_bytes(text.as_bytes(), &name).map_err(|e| load_error(py, &e))?;
        let inputs = opened.inputs.clone();
        let Some(loaded) = opened.into_scenario() else {
            return Err(value_error(format!("{name} is not a scenario file")));
        };
        let header = loaded.file.header;
        Ok(Scenario {
            base_path: directory(&path).join(&header.base),
            title: header.title,
            description: header.description,
            assumes: header.assumes,
            count: loaded.file.edits.len(),
            saved: Some(Saved { path, text }),
            pending: Vec::new(),
            base: Arc::new(loaded.base),
            base_inputs: inputs,
            graph: Arc::new(loaded.outcome.graph),
        })
    }

    /// The scenario's title.
    #[getter]
    fn title(&self) -> Option<String> {
        self.title.clone()
    }

    /// The file it was read from or last saved to.
    #[getter]
    fn path(&self) -> Option<String> {
        self.saved.as_ref().map(|s| s.path.display().to_string())
    }

    /// How many edits it has.
    fn __len__(&self) -> usize {
        self.count
    }

    /// An independent copy: edits added to one do not reach the other.
    fn copy(&self) -> Scenario {
        self.clone()
    }

    /// The graph the edits give, in memory (no file is written).
    fn apply(&self) -> Graph {
        let mut inputs = Vec::new();
        if let Some(saved) = &self.saved {
            inputs.push(InputFile::new(
                saved.path.display().to_string(),
                saved.text.as_bytes(),
            ));
        }
        inputs.extend(self.base_inputs.iter().cloned());
        let name = self.name();
        Graph {
            source: Arc::new(Source::Applied(Applied {
                graph: (*self.graph).clone(),
                base: Arc::clone(&self.base),
                title: self.title.clone(),
                file: name.clone(),
                inputs,
            })),
            name,
            path: None,
        }
    }

    /// Writes the scenario file to `path` (by default where it was read from): what
    /// `detente scenario new` then `scenario add` for each edit would write.
    #[pyo3(signature = (path = None))]
    fn save(&mut self, path: Option<PathBuf>) -> PyResult<()> {
        let target = match (path, &self.saved) {
            (Some(path), _) => path,
            (None, Some(saved)) => saved.path.clone(),
            (None, None) => return Err(value_error("path: give the file to save the scenario to")),
        };
        let dir = directory(&target);
        let mut text = match &self.saved {
            Some(saved) if same_directory(&directory(&saved.path), &dir) => saved.text.clone(),
            Some(saved) => {
                return Err(value_error(format!(
                    "path: the scenario read from {} names its base relative to that \
                     directory; save it in the same directory",
                    saved.path.display()
                )));
            }
            None => {
                // Paths in the file use `/` on every platform.
                let base = scenario::relative_path(&self.base_path, &dir)
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/");
                scenario::new_scenario_yaml(&ScenarioHeader {
                    title: self.title.clone(),
                    description: self.description.clone(),
                    assumes: self.assumes.clone(),
                    base,
                })
                .map_err(|e| value_error(e.to_string()))?
            }
        };
        for edit in &self.pending {
            text = scenario::append_edit(&text, edit)
                .map_err(|e| value_error(format!("{}: {e}", target.display())))?;
        }
        write_atomically(&target, &text)
            .map_err(|e| value_error(format!("cannot write {}: {e}", target.display())))?;
        self.saved = Some(Saved { path: target, text });
        self.pending.clear();
        Ok(())
    }

    /// A tie's weight from a date on (adds or replaces the point on that date).
    #[pyo3(signature = (*, date, weight, between = None, from_ = None, to = None, kind = None,
                        note = None, event = None, sources = None, confidence = None))]
    #[allow(
        clippy::too_many_arguments,
        reason = "one keyword argument per field of the edit"
    )]
    fn set(
        &mut self,
        py: Python<'_>,
        date: &Bound<'_, PyAny>,
        weight: f64,
        between: Option<(String, String)>,
        from_: Option<String>,
        to: Option<String>,
        kind: Option<String>,
        note: Option<String>,
        event: Option<String>,
        sources: Option<Vec<String>>,
        confidence: Option<f64>,
    ) -> PyResult<()> {
        let edit = Edit::Set {
            tie: tie(between, from_, to, kind)?,
            date: crate::options::date("date", date)?,
            weight,
            why: provenance(note, event, sources, confidence),
        };
        self.add(py, edit)
    }

    /// Adds `delta` to a tie's weight from a date on (clamped to the scale).
    #[pyo3(signature = (*, date, delta, between = None, from_ = None, to = None, kind = None,
                        note = None, event = None, sources = None, confidence = None))]
    #[allow(
        clippy::too_many_arguments,
        reason = "one keyword argument per field of the edit"
    )]
    fn shift(
        &mut self,
        py: Python<'_>,
        date: &Bound<'_, PyAny>,
        delta: f64,
        between: Option<(String, String)>,
        from_: Option<String>,
        to: Option<String>,
        kind: Option<String>,
        note: Option<String>,
        event: Option<String>,
        sources: Option<Vec<String>>,
        confidence: Option<f64>,
    ) -> PyResult<()> {
        let edit = Edit::Shift {
            tie: tie(between, from_, to, kind)?,
            date: crate::options::date("date", date)?,
            delta,
            why: provenance(note, event, sources, confidence),
        };
        self.add(py, edit)
    }

    /// Ends a tie on a date for good (later points are dropped).
    #[pyo3(signature = (*, date, between = None, from_ = None, to = None, kind = None,
                        note = None, event = None, sources = None))]
    #[allow(
        clippy::too_many_arguments,
        reason = "one keyword argument per field of the edit"
    )]
    fn end(
        &mut self,
        py: Python<'_>,
        date: &Bound<'_, PyAny>,
        between: Option<(String, String)>,
        from_: Option<String>,
        to: Option<String>,
        kind: Option<String>,
        note: Option<String>,
        event: Option<String>,
        sources: Option<Vec<String>>,
    ) -> PyResult<()> {
        let edit = Edit::End {
            tie: tie(between, from_, to, kind)?,
            date: crate::options::date("date", date)?,
            why: provenance(note, event, sources, None),
        };
        self.add(py, edit)
    }

    /// Adds an actor (`kind`: state, organisation, person, or a collective kind such as group).
    #[pyo3(signature = (*, id, name, kind, note = None))]
    fn add_actor(
        &mut self,
        py: Python<'_>,
        id: String,
        name: String,
        kind: &str,
        note: Option<String>,
    ) -> PyResult<()> {
        let kind = ActorKind::parse(kind).map_err(|e| {
            value_error(format!(
                "kind: {e}; kinds are state, organisation, person, or a collective kind such as `group`"
            ))
        })?;
        let actor = Actor {
            id: id.into(),
            name,
            kind,
            posts: Vec::new(),
            note,
            aliases: Vec::new(),
            attributes: Default::default(),
            part_of: Vec::new(),
        };
        self.add(py, Edit::AddActor(actor))
    }

    /// Removes an actor, its ties, the posts it holds or that are held in it, and its mentions
    /// in events.
    #[pyo3(signature = (*, id))]
    fn remove_actor(&mut self, py: Python<'_>, id: String) -> PyResult<()> {
        self.add(py, Edit::RemoveActor { id: id.into() })
    }

    /// Adds a relation with its first point (add more with `set`).
    #[pyo3(signature = (*, date, weight, between = None, from_ = None, to = None, kind = None,
                        interpolation = None, note = None, event = None, sources = None,
                        confidence = None))]
    #[allow(
        clippy::too_many_arguments,
        reason = "one keyword argument per field of the edit"
    )]
    fn add_relation(
        &mut self,
        py: Python<'_>,
        date: &Bound<'_, PyAny>,
        weight: f64,
        between: Option<(String, String)>,
        from_: Option<String>,
        to: Option<String>,
        kind: Option<String>,
        interpolation: Option<&str>,
        note: Option<String>,
        event: Option<String>,
        sources: Option<Vec<String>>,
        confidence: Option<f64>,
    ) -> PyResult<()> {
        let tie = tie(between, from_, to, kind)?;
        let interpolation = match interpolation {
            None => None,
            Some("step") => Some(Interpolation::Step),
            Some("linear") => Some(Interpolation::Linear),
            Some(other) => {
                return Err(value_error(format!(
                    "interpolation: `{other}` is not an interpolation; use step or linear"
                )));
            }
        };
        let point = Point::weight(crate::options::date("date", date)?, weight).with(PointDetail {
            note,
            event: event.map(Id::from),
            sources: ids(sources),
            confidence,
            ..PointDetail::default()
        });
        let relation = Relation {
            ends: tie.ends,
            kind: tie.kind,
            interpolation,
            series: vec![point],
            note: None,
        };
        self.add(py, Edit::AddRelation(relation))
    }

    /// Removes a relation and its series.
    #[pyo3(signature = (*, between = None, from_ = None, to = None, kind = None))]
    fn remove_relation(
        &mut self,
        py: Python<'_>,
        between: Option<(String, String)>,
        from_: Option<String>,
        to: Option<String>,
        kind: Option<String>,
    ) -> PyResult<()> {
        let tie = tie(between, from_, to, kind)?;
        self.add(py, Edit::RemoveRelation { tie })
    }

    /// A person takes up a post.
    #[pyo3(signature = (*, actor, title, of, from_ = None, until = None, primary = false,
                        sources = None, note = None))]
    #[allow(
        clippy::too_many_arguments,
        reason = "one keyword argument per field of the edit"
    )]
    fn add_post(
        &mut self,
        py: Python<'_>,
        actor: String,
        title: String,
        of: String,
        from_: Option<&Bound<'_, PyAny>>,
        until: Option<&Bound<'_, PyAny>>,
        primary: bool,
        sources: Option<Vec<String>>,
        note: Option<String>,
    ) -> PyResult<()> {
        let post = Post {
            title,
            of: of.into(),
            from: maybe_date("from_", from_)?,
            until: maybe_date("until", until)?,
            primary,
            sources: ids(sources),
            note,
            ..Default::default()
        };
        self.add(
            py,
            Edit::AddPost {
                actor: actor.into(),
                post,
            },
        )
    }

    /// A person leaves the post they hold on a date (`title` when they hold more than one).
    #[pyo3(signature = (*, actor, date, title = None))]
    fn end_post(
        &mut self,
        py: Python<'_>,
        actor: String,
        date: &Bound<'_, PyAny>,
        title: Option<String>,
    ) -> PyResult<()> {
        let date = crate::options::date("date", date)?;
        self.add(
            py,
            Edit::EndPost {
                actor: actor.into(),
                date,
                title,
            },
        )
    }

    /// A collective becomes part of another for a period.
    #[pyo3(signature = (*, actor, of, from_ = None, until = None, sources = None, note = None))]
    #[allow(
        clippy::too_many_arguments,
        reason = "one keyword argument per field of the edit"
    )]
    fn add_part_of(
        &mut self,
        py: Python<'_>,
        actor: String,
        of: String,
        from_: Option<&Bound<'_, PyAny>>,
        until: Option<&Bound<'_, PyAny>>,
        sources: Option<Vec<String>>,
        note: Option<String>,
    ) -> PyResult<()> {
        let membership = Membership {
            of: of.into(),
            from: maybe_date("from_", from_)?,
            until: maybe_date("until", until)?,
            sources: ids(sources),
            note,
            ..Default::default()
        };
        self.add(
            py,
            Edit::AddPartOf {
                actor: actor.into(),
                membership,
            },
        )
    }

    /// A collective stops being part of another on a date.
    #[pyo3(signature = (*, actor, of, date))]
    fn end_part_of(
        &mut self,
        py: Python<'_>,
        actor: String,
        of: String,
        date: &Bound<'_, PyAny>,
    ) -> PyResult<()> {
        let date = crate::options::date("date", date)?;
        self.add(
            py,
            Edit::EndPartOf {
                actor: actor.into(),
                of: of.into(),
                date,
            },
        )
    }

    /// Another name for an actor.
    #[pyo3(signature = (*, actor, alias))]
    fn add_alias(&mut self, py: Python<'_>, actor: String, alias: String) -> PyResult<()> {
        self.add(
            py,
            Edit::AddAlias {
                actor: actor.into(),
                alias,
            },
        )
    }

    /// Sets a free attribute of an actor: text, a number or a bool.
    #[pyo3(signature = (*, actor, name, value))]
    fn set_attribute(
        &mut self,
        py: Python<'_>,
        actor: String,
        name: String,
        value: &Bound<'_, PyAny>,
    ) -> PyResult<()> {
        let value = if value.is_instance_of::<PyBool>() {
            Attribute::Bool(value.extract()?)
        } else if value.is_instance_of::<PyInt>() || value.is_instance_of::<PyFloat>() {
            let n: f64 = value.extract()?;
            if !n.is_finite() {
                return Err(value_error("value: give a finite number"));
            }
            Attribute::Number(n)
        } else if value.is_instance_of::<PyString>() {
            Attribute::Text(value.extract()?)
        } else {
            return Err(value_error("value: give text, a number or a bool"));
        };
        self.add(
            py,
            Edit::SetAttribute {
                actor: actor.into(),
                name,
                value,
            },
        )
    }

    /// Adds an event, which later edits may cite with `event=`.
    #[pyo3(signature = (*, id, date, title, actors = None, sources = None, description = None))]
    #[allow(
        clippy::too_many_arguments,
        reason = "one keyword argument per field of the edit"
    )]
    fn add_event(
        &mut self,
        py: Python<'_>,
        id: String,
        date: &Bound<'_, PyAny>,
        title: String,
        actors: Option<Vec<String>>,
        sources: Option<Vec<String>>,
        description: Option<String>,
    ) -> PyResult<()> {
        let event = Event {
            date: crate::options::date("date", date)?,
            title,
            actors: ids(actors),
            sources: ids(sources),
            description,
        };
        self.add(
            py,
            Edit::AddEvent {
                id: id.into(),
                event,
            },
        )
    }
}

/// The files read for `graph`.
fn graph_inputs(graph: &Graph) -> Vec<InputFile> {
    match &*graph.source {
        Source::Opened(opened) => opened.inputs.clone(),
        Source::Applied(applied) => applied.inputs.clone(),
    }
}

/// Ids given from Python as an optional list of strings.
fn ids(list: Option<Vec<String>>) -> Vec<Id> {
    list.unwrap_or_default().into_iter().map(Id::from).collect()
}
