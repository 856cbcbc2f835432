//! `Graph`: an opened graph or scenario file (or a scenario applied in memory), and every
//! command's computation on it, each returning the JSON text the command line prints.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use detente::analysis::trend::{self, Every, TrendOptions};
use detente::analysis::{self, BlocCount, Effort, PathLengths};
use detente::diff::{DiffOptions, GraphDiff};
use detente::explain::{Citer, ScenarioOrigin};
use detente::load::InputFile;
use detente::render::diagram::image::{Engine, ImageFormat, Layout};
use detente::render::diagram::{DotOptions, EdgeLabels, Membership, dot};
use detente::render::report::{self, Origin};
use detente::snapshot::Snapshot;
use detente::{InputKind, Opened};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};

use crate::errors::{load_error, value_error};
use crate::options::{self, Level, Narrow};

/// Where a graph came from: a file opened, or a scenario's edits applied in memory.
#[derive(Debug)]
pub(crate) enum Source {
    Opened(Opened),
    Applied(Applied),
}

/// A scenario built in Python and applied: its result, and what its citations name.
#[derive(Debug)]
pub(crate) struct Applied {
    pub graph: detente::Graph,
    pub base: Arc<detente::Graph>,
    pub title: Option<String>,
    /// The scenario's file once saved, `<scenario>` before.
    pub file: String,
    /// The files read for its base.
    pub inputs: Vec<InputFile>,
}

/// A graph, as of no date yet. `detente.open(path)` gives one.
#[pyclass(module = "detente._detente", frozen)]
pub struct Graph {
    pub(crate) source: Arc<Source>,
    /// The name the graph goes by in outputs (its path as given).
    pub(crate) name: String,
    /// The file it was opened from, if any.
    pub(crate) path: Option<PathBuf>,
}

impl Graph {
    pub(crate) fn graph(&self) -> &detente::Graph {
        match &*self.source {
            Source::Opened(opened) => opened.graph(),
            Source::Applied(applied) => &applied.graph,
        }
    }

    fn inputs(&self) -> Vec<InputFile> {
        match &*self.source {
            Source::Opened(opened) => opened.inputs.clone(),
            Source::Applied(applied) => applied.inputs.clone(),
        }
    }

    /// What resolves points to their events and sources; a scenario's edits cite the scenario.
    fn citer(&self) -> Citer<'_> {
        match &*self.source {
            Source::Opened(opened) => match opened.scenario() {
                None => Citer::new(opened.graph()),
                Some(s) => Citer::with_scenario(
                    &s.outcome.graph,
                    ScenarioOrigin {
                        base: &s.base,
                        title: s.file.header.title.as_deref(),
                        file: &s.file.name,
                    },
                ),
            },
            Source::Applied(applied) => Citer::with_scenario(
                &applied.graph,
                ScenarioOrigin {
                    base: &applied.base,
                    title: applied.title.as_deref(),
                    file: &applied.file,
                },
            ),
        }
    }
}

/// Opens the graph or scenario file at `path` (YAML, or JSON for `.json`).
#[pyfunction]
pub fn open(py: Python<'_>, path: PathBuf) -> PyResult<Graph> {
    let opened = detente::open(&path).map_err(|e| load_error(py, &e))?;
    Ok(Graph {
        source: Arc::new(Source::Opened(opened)),
        name: path.display().to_string(),
        path: Some(path),
    })
}

#[pymethods]
impl Graph {
    /// The file the graph was opened from (None for a scenario applied in memory).
    #[getter]
    fn path(&self) -> Option<String> {
        self.path.as_ref().map(|p| p.display().to_string())
    }

    /// The name outputs give the graph: its path as given, or the scenario's.
    #[getter]
    fn name(&self) -> &str {
        &self.name
    }

    /// `graph` or `scenario`.
    #[getter]
    fn kind(&self) -> &'static str {
        match &*self.source {
            Source::Opened(opened) if opened.kind() == InputKind::Graph => "graph",
            _ => "scenario",
        }
    }

    /// The graph's title, if it has one.
    #[getter]
    fn title(&self) -> Option<String> {
        self.graph().title.clone()
    }

    /// Every date a point of the graph names, in order, as ISO text.
    fn dates(&self) -> Vec<String> {
        self.graph()
            .dates()
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    /// `detente show --format json` (with `--sources` when `sources`).
    #[pyo3(signature = (at, narrow = None, sources = false))]
    fn snapshot_json(
        &self,
        at: &Bound<'_, PyAny>,
        narrow: Option<&Bound<'_, PyDict>>,
        sources: bool,
    ) -> PyResult<String> {
        let at = options::date("at", at)?;
        let citer = self.citer();
        let filter = Narrow::extract(narrow)?.filter(citer.graph())?;
        let origin = Origin::new(self.inputs()).narrowed(&filter);
        let snapshot = Snapshot::at(citer.graph(), at).filtered(&filter);
        let cited = Some(report::snapshot::Cited {
            citer: &citer,
            sources,
        });
        Ok(report::snapshot::json_cited(&snapshot, cited, &origin))
    }

    /// `detente analyze --format json`.
    #[pyo3(signature = (at, metrics = None, narrow = None, level = "grouped", aggregate = None,
                        blocs = None, betweenness_samples = None, betweenness_lengths = "inverse"))]
    #[allow(
        clippy::too_many_arguments,
        reason = "one keyword argument per CLI option"
    )]
    fn analyze_json(
        &self,
        at: &Bound<'_, PyAny>,
        metrics: Option<Vec<String>>,
        narrow: Option<&Bound<'_, PyDict>>,
        level: &str,
        aggregate: Option<&str>,
        blocs: Option<u8>,
        betweenness_samples: Option<u32>,
        betweenness_lengths: &str,
    ) -> PyResult<String> {
        let at = options::date("at", at)?;
        let level = Level::parse(level, aggregate)?;
        let blocs = bloc_count(blocs)?;
        let metrics = options::metrics(metrics)?;
        let graph = self.graph();
        let filter = Narrow::extract(narrow)?.filter(graph)?;
        let origin = level.record(Origin::new(self.inputs())).narrowed(&filter);
        let mut snapshot = Snapshot::at(graph, at).filtered(&filter);
        if let Some(rule) = level.rollup {
            snapshot = snapshot.rolled_up(rule);
        }
        let betweenness = options::betweenness_sources(betweenness_samples)?;
        let options = analysis::Options {
            betweenness,
            betweenness_lengths: match betweenness_lengths {
                "inverse" => PathLengths::Inverse,
                "hops" => PathLengths::Hops,
                other => {
                    return Err(value_error(format!(
                        "betweenness_lengths: `{other}` is not a length; use inverse or hops"
                    )));
                }
            },
            blocs,
            effort: Effort::default(),
            persons: level.persons(),
            metrics,
        };
        let result = analysis::analyze(&snapshot, &options);
        Ok(report::analysis::json(&result, level.name, &origin))
    }

    /// `detente trend --format json`: `end` partial means the last day of its period.
    #[pyo3(signature = (start, end, every = "1y", narrow = None, level = "grouped",
                        aggregate = None, blocs = None))]
    #[allow(
        clippy::too_many_arguments,
        reason = "one keyword argument per CLI option"
    )]
    fn trend_json(
        &self,
        start: &Bound<'_, PyAny>,
        end: &Bound<'_, PyAny>,
        every: &str,
        narrow: Option<&Bound<'_, PyDict>>,
        level: &str,
        aggregate: Option<&str>,
        blocs: Option<u8>,
    ) -> PyResult<String> {
        let from = options::date("start", start)?;
        let to = options::date("end", end)?;
        let step: Every = every
            .parse()
            .map_err(|e| value_error(format!("every: {e}")))?;
        let dates = trend::dates(from, to.end_of_period(), step).map_err(|e| match e {
            trend::RangeError::Reversed { from, .. } => {
                value_error(format!("end {to} is before start {from}; swap them"))
            }
            trend::RangeError::TooMany { from, every, .. } => value_error(format!(
                "{from} to {to} every {every} makes more than {} dates; use a longer every",
                trend::MAX_STEPS
            )),
        })?;
        let level = Level::parse(level, aggregate)?;
        let graph = self.graph();
        let filter = Narrow::extract(narrow)?.filter(graph)?;
        let origin = level.record(Origin::new(self.inputs())).narrowed(&filter);
        let options = TrendOptions {
            filter,
            rollup: level.rollup,
            blocs: bloc_count(blocs)?,
            effort: Effort::default(),
            persons: level.persons(),
        };
        let result = trend::trend(graph, &dates, &options);
        let every = step.to_string();
        let range = report::trend::Range {
            every: &every,
            level: level.name,
        };
        Ok(report::trend::json(&result, range, &origin))
    }

    /// `detente explain A B --format json`.
    #[pyo3(signature = (a, b, at, kind = None, narrow = None))]
    fn explain_json(
        &self,
        a: &str,
        b: &str,
        at: &Bound<'_, PyAny>,
        kind: Option<&str>,
        narrow: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<String> {
        let at = options::date("at", at)?;
        let citer = self.citer();
        let filter = Narrow::extract(narrow)?.filter(self.graph())?;
        let explanation = detente::explain::explain(&citer, a, b, kind, at)
            .map_err(|e| value_error(e.to_string()))?;
        let (explanation, _left) = explanation.narrowed(self.graph(), &filter);
        let origin = Origin::new(self.inputs()).narrowed(&filter);
        Ok(report::explain::json(&explanation, &origin))
    }

    /// `detente diff --format json`: this graph between `from_` and `to`, or against `other`
    /// (on `at`, by default the last date either mentions).
    #[pyo3(signature = (other = None, at = None, from_ = None, to = None, threshold = 0.0,
                        balance = false, narrow = None, points = true,
                        betweenness_samples = None))]
    #[allow(
        clippy::too_many_arguments,
        reason = "one keyword argument per CLI option"
    )]
    fn diff_json(
        &self,
        other: Option<PyRef<'_, Graph>>,
        at: Option<&Bound<'_, PyAny>>,
        from_: Option<&Bound<'_, PyAny>>,
        to: Option<&Bound<'_, PyAny>>,
        threshold: f64,
        balance: bool,
        narrow: Option<&Bound<'_, PyDict>>,
        points: bool,
        betweenness_samples: Option<u32>,
    ) -> PyResult<String> {
        if !(threshold.is_finite() && threshold >= 0.0) {
            return Err(value_error(format!(
                "threshold: `{threshold}` is not a threshold; give a number ≥ 0, e.g. 0.1"
            )));
        }
        let betweenness = options::betweenness_sources(betweenness_samples)?;
        if betweenness_samples.is_some() && !balance {
            return Err(value_error(
                "betweenness_samples: samples the betweenness of balance=True; add it",
            ));
        }
        let at = options::maybe_date("at", at)?;
        let from = options::maybe_date("from_", from_)?;
        // As `--to`: a partial date means the last day of its period.
        let to = options::maybe_date("to", to)?.map(detente::Date::end_of_period);
        let second: &Graph = other.as_deref().unwrap_or(self);
        let (before_graph, after_graph) = (self.graph(), second.graph());
        let (from, to) = if other.is_none() {
            if at.is_some() {
                return Err(value_error(
                    "at: compares two graphs; with one, give from_ and to",
                ));
            }
            match (from, to) {
                (Some(from), Some(to)) => (from, to),
                _ => {
                    return Err(value_error(
                        "with one graph, give the two dates to compare: from_=DATE, to=DATE",
                    ));
                }
            }
        } else {
            let last = before_graph
                .dates()
                .last()
                .copied()
                .max(after_graph.dates().last().copied());
            let at = match (at, from, to) {
                (None, None, None) => last,
                (at, _, _) => at,
            };
            match (from.or(at), to.or(at)) {
                (Some(from), Some(to)) => (from, to),
                _ => {
                    return Err(value_error(
                        "give the date to compare the two graphs on: at=DATE (or from_ and to)",
                    ));
                }
            }
        };
        let mut read = self.inputs();
        if other.is_some() {
            read.extend(second.inputs());
        }
        let origin = Origin::new(read).filter("threshold", threshold);
        let filter = Narrow::extract(narrow)?.filter(before_graph)?;
        let origin = origin.narrowed(&filter);
        let before = Snapshot::at(before_graph, from).filtered(&filter);
        let after = Snapshot::at(after_graph, to).filtered(&filter);
        let mut diff = GraphDiff::between(&before, &after, &DiffOptions { threshold })
            .with_names(self.name.clone(), second.name.clone());
        if balance {
            let options = analysis::Options {
                betweenness,
                ..Default::default()
            };
            diff = diff.with_structure(&before, &after, &options);
        }
        // Without the points (`--no-points`), the diff is the weights' alone.
        if points {
            let (before_citer, after_citer) = (self.citer(), second.citer());
            diff = diff.with_points(&before_citer, &after_citer);
        }
        Ok(report::diff::json(&diff, &origin))
    }

    /// `detente render --at DATE`: the diagram as DOT text, SVG, PNG or PDF bytes.
    #[pyo3(signature = (at, format = "svg", narrow = None, level = "grouped", aggregate = None,
                        labels = "weights", caption = None, hide_inactive = false,
                        all_actors = false, transparent = false, dpi = None, layout = "auto", engine = "builtin",
                        timeout = 60))]
    #[allow(
        clippy::too_many_arguments,
        reason = "one keyword argument per CLI option"
    )]
    fn render<'py>(
        &self,
        py: Python<'py>,
        at: &Bound<'_, PyAny>,
        format: &str,
        narrow: Option<&Bound<'_, PyDict>>,
        level: &str,
        aggregate: Option<&str>,
        labels: &str,
        caption: Option<&str>,
        hide_inactive: bool,
        all_actors: bool,
        transparent: bool,
        dpi: Option<u32>,
        layout: &str,
        engine: &str,
        timeout: u64,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let at = options::date("at", at)?;
        let picture = match format {
            "dot" => None,
            "svg" | "pdf" => Some(ImageFormat::Svg),
            "png" => Some(ImageFormat::Png),
            other => {
                return Err(value_error(format!(
                    "format: `{other}` is not a diagram format; use svg, png, pdf or dot"
                )));
            }
        };
        if dpi.is_some_and(|d| !(24..=600).contains(&d)) {
            return Err(value_error("dpi: give a resolution from 24 to 600"));
        }
        if timeout == 0 {
            return Err(value_error("timeout: give at least 1 second"));
        }
        if hide_inactive && all_actors {
            return Err(value_error(
                "hide_inactive and all_actors: give one or the other (all_actors draws the \
                 actors that hide_inactive leaves out)",
            ));
        }
        let labels = match labels {
            "weights" => EdgeLabels::Weights,
            "kinds" => EdgeLabels::Kinds,
            "none" => EdgeLabels::None,
            other => {
                return Err(value_error(format!(
                    "labels: `{other}` is not a labelling; use weights, kinds or none"
                )));
            }
        };
        let layout = match layout {
            "auto" => Layout::Auto,
            "dot" => Layout::Dot,
            "neato" => Layout::Neato,
            "fdp" => Layout::Fdp,
            "sfdp" => Layout::Sfdp,
            "circo" => Layout::Circo,
            "twopi" => Layout::Twopi,
            other => {
                return Err(value_error(format!(
                    "layout: `{other}` is not a layout; use auto, dot, neato, fdp, sfdp, circo \
                     or twopi"
                )));
            }
        };
        let engine = match engine {
            "builtin" => Engine::Builtin,
            "graphviz" => Engine::Graphviz,
            other => {
                return Err(value_error(format!(
                    "engine: `{other}` is not an engine; use builtin or graphviz"
                )));
            }
        };
        let level = Level::parse(level, aggregate)?;
        let citer = self.citer();
        let filter = Narrow::extract(narrow)?.filter(citer.graph())?;
        let mut snapshot = Snapshot::at(citer.graph(), at).filtered(&filter);
        if let Some(rule) = level.rollup {
            snapshot = snapshot.rolled_up(rule);
        }
        // Each tie's point in force is found as its edge is written (none for a rolled-up tie).
        let points = level.rollup.is_none().then_some(&citer);
        // Resolved before the DOT is written: whether members sit in boxes depends on the
        // layout `auto` picks for this size.
        let size = (snapshot.graph.node_count(), snapshot.graph.edge_count());
        let layout = layout.resolve(size.0, size.1);
        let text = dot(
            &snapshot,
            &DotOptions {
                labels,
                rolled_up: level.rollup,
                sources: None,
                citer: points,
                sources_note: false,
                caption,
                hide_inactive,
                leave_out_idle: !all_actors,
                anchor_untied: true,
                transparent,
                dpi,
                png_size: None,
                membership: Membership::for_layout(layout),
            },
        );
        let Some(picture) = picture else {
            return Ok(PyBytes::new(py, text.as_bytes()));
        };
        // As the CLI draws: past the layout, the built-in engine's pictures are freed of
        // collisions.
        let bytes = detente::render::diagram::declutter::render(
            &text,
            layout,
            picture,
            engine,
            Duration::from_secs(timeout),
        )
        .map_err(|e| value_error(e.to_string()))?;
        let bytes = if format == "pdf" {
            let svg = String::from_utf8(bytes).map_err(|_| value_error("the SVG is not UTF-8"))?;
            detente::render::pdf::from_svg(&svg).map_err(|e| value_error(e.to_string()))?
        } else {
            bytes
        };
        Ok(PyBytes::new(py, &bytes))
    }
}

/// `blocs=`: at most K blocs, 1 to 32 (chosen per date when None).
fn bloc_count(blocs: Option<u8>) -> PyResult<BlocCount> {
    match blocs {
        None => Ok(BlocCount::Auto),
        Some(k @ 1..=32) => Ok(BlocCount::Fixed(usize::from(k))),
        Some(_) => Err(value_error("blocs: give a number of blocs from 1 to 32")),
    }
}
