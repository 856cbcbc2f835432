//! The keyword arguments shared by several methods, checked into the library's types: dates,
//! the narrowing filters (`kinds=`, `exclude_kinds=`, `only=`, `exclude=`, `ego=`, `depth=`) and
//! the actor level (`level=`, `aggregate=`), each bad value a `ValueError` in the CLI's words.

use detente::analysis::{BetweennessSources, Metric, Metrics, Persons};
use detente::model::{Date, Graph};
use detente::render::report::Origin;
use detente::snapshot::{Aggregation, Ego, Filter, actor_named, kind_named};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::errors::value_error;

/// A date: text written `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, or a `datetime.date` (anything with
/// `year`, `month` and `day`); `name` is the argument, for the message.
pub fn date(name: &str, value: &Bound<'_, PyAny>) -> PyResult<Date> {
    let text = if let Ok(text) = value.extract::<String>() {
        text
    } else if let (Ok(y), Ok(m), Ok(d)) = (
        value.getattr("year").and_then(|v| v.extract::<i64>()),
        value.getattr("month").and_then(|v| v.extract::<i64>()),
        value.getattr("day").and_then(|v| v.extract::<i64>()),
    ) {
        format!("{y:04}-{m:02}-{d:02}")
    } else {
        return Err(value_error(format!(
            "{name}: give a date as text (YYYY, YYYY-MM or YYYY-MM-DD) or a datetime.date"
        )));
    };
    text.parse::<Date>()
        .map_err(|e| value_error(format!("{name}: {e}")))
}

/// An optional date argument.
pub fn maybe_date(name: &str, value: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Date>> {
    value.map(|v| date(name, v)).transpose()
}

/// The narrowing filters, as given.
#[derive(Debug, Default, Clone)]
pub struct Narrow {
    pub kinds: Vec<String>,
    pub exclude_kinds: Vec<String>,
    pub only: Vec<String>,
    pub exclude: Vec<String>,
    pub ego: Option<String>,
    pub depth: Option<usize>,
}

impl Narrow {
    /// The filters in `dict` (the package passes its keyword arguments there); a key it does
    /// not know is a `ValueError`.
    pub fn extract(dict: Option<&Bound<'_, PyDict>>) -> PyResult<Narrow> {
        let mut narrow = Narrow::default();
        let Some(dict) = dict else {
            return Ok(narrow);
        };
        for (key, value) in dict.iter() {
            let key: String = key.extract()?;
            let list = |value: &Bound<'_, PyAny>| -> PyResult<Vec<String>> {
                if let Ok(one) = value.extract::<String>() {
                    return Ok(vec![one]);
                }
                value
                    .extract()
                    .map_err(|_| value_error(format!("{key}: give a name or a list of names")))
            };
            match key.as_str() {
                "kinds" => narrow.kinds = list(&value)?,
                "exclude_kinds" => narrow.exclude_kinds = list(&value)?,
                "only" => narrow.only = list(&value)?,
                "exclude" => narrow.exclude = list(&value)?,
                "ego" => narrow.ego = value.extract()?,
                "depth" => narrow.depth = value.extract()?,
                other => {
                    return Err(value_error(format!(
                        "`{other}` is not a filter; use kinds, exclude_kinds, only, exclude, ego \
                         or depth"
                    )));
                }
            }
        }
        Ok(narrow)
    }

    /// The library's filter, names resolved in `graph` (an unknown one is a `ValueError` with a
    /// suggestion, as the CLI's flags give).
    pub fn filter(&self, graph: &Graph) -> PyResult<Filter> {
        let actor = |arg: &str, name: &String| {
            actor_named(graph, name).map_err(|e| value_error(format!("{arg}: {e}")))
        };
        let kind = |arg: &str, name: &String| {
            kind_named(graph, name).map_err(|e| value_error(format!("{arg}: {e}")))
        };
        if self.depth.is_some() && self.ego.is_none() {
            return Err(value_error("depth: applies only with ego; add ego=ACTOR"));
        }
        Ok(Filter {
            kinds: self
                .kinds
                .iter()
                .map(|k| kind("kinds", k))
                .collect::<PyResult<_>>()?,
            exclude_kinds: self
                .exclude_kinds
                .iter()
                .map(|k| kind("exclude_kinds", k))
                .collect::<PyResult<_>>()?,
            only: self
                .only
                .iter()
                .map(|a| actor("only", a))
                .collect::<PyResult<_>>()?,
            exclude: self
                .exclude
                .iter()
                .map(|a| actor("exclude", a))
                .collect::<PyResult<_>>()?,
            ego: match &self.ego {
                Some(name) => Some(Ego {
                    actor: actor("ego", name)?,
                    depth: self.depth.unwrap_or(1),
                }),
                None => None,
            },
        })
    }
}

/// `level=` (`grouped`, `all`, `state`) and `aggregate=` (`mean`, `sum`, `strongest`).
#[derive(Debug, Clone, Copy)]
pub struct Level {
    pub name: &'static str,
    pub rollup: Option<Aggregation>,
}

impl Level {
    pub fn parse(level: &str, aggregate: Option<&str>) -> PyResult<Level> {
        let name = match level {
            "grouped" => "grouped",
            "all" => "all",
            "state" => "state",
            other => {
                return Err(value_error(format!(
                    "level: `{other}` is not a level; use grouped, all or state"
                )));
            }
        };
        let rule = match aggregate {
            None => None,
            Some("mean") => Some(Aggregation::Mean),
            Some("sum") => Some(Aggregation::Sum),
            Some("strongest") => Some(Aggregation::Strongest),
            Some(other) => {
                return Err(value_error(format!(
                    "aggregate: `{other}` is not a rule; use mean, sum or strongest"
                )));
            }
        };
        let rollup = match (name, rule) {
            ("state", rule) => Some(rule.unwrap_or_default()),
            (_, Some(_)) => {
                return Err(value_error(
                    "aggregate: applies only with level=\"state\"; add it or drop aggregate",
                ));
            }
            (_, None) => None,
        };
        Ok(Level { name, rollup })
    }

    /// How persons enter balance, frustration and blocs.
    pub fn persons(self) -> Persons {
        match self.name {
            "all" => Persons::Separate,
            _ => Persons::WithTheirState,
        }
    }

    /// Records the level (and a roll-up's rule) in `origin`, as the CLI does.
    pub fn record(self, origin: Origin) -> Origin {
        let origin = origin.filter("level", self.name);
        match self.rollup {
            Some(rule) => origin.filter("aggregate", rule.as_str()),
            None => origin,
        }
    }
}

/// `betweenness_samples=`: every actor when `None`, else that many sampled sources (at least 1).
pub fn betweenness_sources(samples: Option<u32>) -> PyResult<BetweennessSources> {
    match samples {
        None => Ok(BetweennessSources::All),
        Some(0) => Err(value_error("betweenness_samples: give at least 1")),
        Some(k) => Ok(BetweennessSources::Sample(k as usize)),
    }
}

/// `metrics=`: the metrics to compute, all when `None`.
pub fn metrics(names: Option<Vec<String>>) -> PyResult<Metrics> {
    let Some(names) = names else {
        return Ok(Metrics::default());
    };
    let list = names
        .iter()
        .map(|name| {
            Ok(match name.as_str() {
                "degree" => Metric::Degree,
                "pagerank" => Metric::PageRank,
                "betweenness" => Metric::Betweenness,
                "closeness" => Metric::Closeness,
                "eigenvector" => Metric::Eigenvector,
                "balance" => Metric::Balance,
                "frustration" => Metric::Frustration,
                "blocs" => Metric::Blocs,
                "components" => Metric::Components,
                other => {
                    return Err(value_error(format!(
                        "metrics: `{other}` is not a metric; use degree, pagerank, betweenness, \
                         closeness, eigenvector, balance, frustration, blocs or components"
                    )));
                }
            })
        })
        .collect::<PyResult<Vec<_>>>()?;
    Ok(Metrics::of(&list))
}
