//! Why a tie has its value: for every tie between two actors on a date, the weight, the rule of
//! the series that produced it, and the points up to the date with their notes, events and
//! sources. Computed as data; [`crate::render::report::explain`] prints it.
//!
//! The weight is the model's own ([`Graph::weight_on`]: the graph's interpolation and the kind's
//! expiry), the very call [`crate::snapshot::Snapshot::at`] makes, so `explain` and `show` cannot disagree.
//! [`Citer`] resolves a point's event and sources, and is what `show --sources`, `diff` and the
//! diagrams' tooltips use to say where a value comes from.

mod cite;
mod coverage;

pub(crate) use cite::changes_near;
pub use cite::{CitedPoint, Citer, EventRef, ScenarioOrigin, SourceRef, changes};
pub use coverage::{Coverage, Unsourced, coverage};

use crate::model::{Date, Graph, Id, Interpolation, PointValue, Relation, RelationKey};
use crate::snapshot::{Filter, Snapshot};

/// How a series gave the tie its value (or none) on the date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// The series' first point comes after the date.
    NotYetBegun {
        /// The first point's date.
        first: Date,
    },
    /// The weight of the point on `from` holds (step interpolation).
    Step {
        /// The point in force.
        from: Date,
    },
    /// The weight moves in a straight line from the point on `from` to the one on `to`.
    Linear {
        /// The point in force.
        from: Date,
        /// The next point, after the date.
        to: Date,
    },
    /// Linear interpolation with nothing to move towards (no later point, or the next point ends
    /// the tie): the weight of the point on `from` holds.
    Held {
        /// The point in force.
        from: Date,
    },
    /// An end point on `on` removed the tie.
    Ended {
        /// The end point's date.
        on: Date,
    },
    /// The weight of the point on `from` lapsed on `lapsed` (its kind's `expires:`), and no later
    /// point renewed it by the date.
    Expired {
        /// The point whose weight lapsed.
        from: Date,
        /// The first day it no longer counted.
        lapsed: Date,
    },
}

impl Rule {
    /// The name used in JSON: `not_yet_begun`, `step`, `linear`, `held`, `ended` or `expired`.
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::NotYetBegun { .. } => "not_yet_begun",
            Rule::Step { .. } => "step",
            Rule::Linear { .. } => "linear",
            Rule::Held { .. } => "held",
            Rule::Ended { .. } => "ended",
            Rule::Expired { .. } => "expired",
        }
    }
}

/// How long a tie's value has rested on its last point: the date lies after every point of the
/// series, so nothing newer speaks for the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stale {
    /// The last point's date.
    pub since: Date,
    /// Calendar days from it to the date explained.
    pub days: i64,
    /// The kind's `stale:` span when the value has been carried longer than it (what `check`
    /// warns about at the graph's end).
    pub beyond: Option<crate::model::Span>,
}

/// One tie between the two actors, explained.
#[derive(Debug, Clone, PartialEq)]
pub struct TieExplanation {
    /// The tie's identity.
    pub key: RelationKey,
    /// The interpolation that applies to it.
    pub interpolation: Interpolation,
    /// Its weight on the date (`None`: the tie does not exist then); equal to the snapshot's.
    pub weight: Option<f64>,
    /// Its confidence on the date ([`Relation::confidence_on`]), when the points state one.
    pub confidence: Option<f64>,
    /// How the series gave that weight.
    pub rule: Rule,
    /// Set when the date lies after the series' last point and the tie holds a weight.
    pub stale: Option<Stale>,
    /// The points dated up to the date, oldest first; for a [`Rule::Linear`] value, also the
    /// next point it moves towards (the last one, dated after the date).
    pub points: Vec<CitedPoint>,
    /// The index in `points` of the point in force (the last on or before the date).
    pub in_force: Option<usize>,
}

/// Every tie between two actors on a date, explained.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    /// The date.
    pub at: Date,
    /// The first actor, as resolved.
    pub a: Id,
    /// The second actor, as resolved.
    pub b: Id,
    /// The ties, in key order (both directions of directed ties).
    pub ties: Vec<TieExplanation>,
}

/// What a [`Filter`] left out of an [`Explanation`] (see [`Explanation::narrowed`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LeftOut {
    /// The two actors named that the filter leaves out (then no tie is explained).
    pub actors: Vec<Id>,
    /// The ties between the two that the filter leaves out, in key order.
    pub ties: Vec<RelationKey>,
}

impl LeftOut {
    /// Whether the filter left nothing out.
    pub fn is_empty(&self) -> bool {
        self.actors.is_empty() && self.ties.is_empty()
    }
}

impl Explanation {
    /// This explanation with only the ties `filter` keeps, and what it left out. An actor left
    /// out by `only` or `exclude`, or (with an ego) not within reach of the ego in the snapshot
    /// on the explanation's date, leaves no tie; otherwise ties of a kind left out go.
    ///
    /// ```
    /// use detente::explain::{Citer, explain};
    /// use detente::snapshot::Filter;
    /// let model = detente::load::load_str("detente: 1\nactors:\n  A: {name: A, kind: state}\n  \
    ///     B: {name: B, kind: state}\nrelations:\n  \
    ///     - {between: [A, B], kind: trade, series: [{date: 2020, weight: 0.5}]}\n  \
    ///     - {between: [A, B], kind: alliance, series: [{date: 2020, weight: 0.5}]}\n",
    ///     "x.yaml").unwrap();
    /// let e = explain(&Citer::new(&model), "A", "B", None, "2021".parse().unwrap()).unwrap();
    /// let filter = Filter { kinds: ["trade".to_string()].into(), ..Default::default() };
    /// let (e, left) = e.narrowed(&model, &filter);
    /// assert_eq!(e.ties.len(), 1);
    /// assert_eq!(left.ties[0].kind, "alliance");
    /// ```
    pub fn narrowed(mut self, graph: &Graph, filter: &Filter) -> (Explanation, LeftOut) {
        let mut left = LeftOut::default();
        if filter.is_empty() {
            return (self, left);
        }
        let reach = filter
            .ego
            .as_ref()
            .map(|_| Snapshot::at(graph, self.at).into_filtered(filter));
        for id in [&self.a, &self.b] {
            let kept = match &reach {
                Some(snapshot) => snapshot.node(id).is_some(),
                None => filter.keeps_actor(id),
            };
            if !kept {
                left.actors.push(id.clone());
            }
        }
        let (kept, gone): (Vec<_>, Vec<_>) = std::mem::take(&mut self.ties)
            .into_iter()
            .partition(|t| left.actors.is_empty() && filter.keeps_kind(&t.key.kind));
        self.ties = kept;
        left.ties = gone.into_iter().map(|t| t.key).collect();
        (self, left)
    }
}

/// Why an explanation cannot be given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExplainError {
    /// No actor has this id.
    #[error("unknown actor `{name}`{}", hint(.suggestion))]
    UnknownActor {
        /// The name asked for.
        name: String,
        /// The closest actor, as `` `id` (Name) ``.
        suggestion: Option<String>,
    },
    /// No relation of the graph has this kind.
    #[error("no relation of the graph has the kind `{kind}`{}", hint(.suggestion))]
    UnknownKind {
        /// The kind asked for.
        kind: String,
        /// The closest kind.
        suggestion: Option<String>,
    },
    /// Both actors are the same.
    #[error("`{0}` is given twice; name two different actors")]
    SameActor(Id),
}

fn hint(suggestion: &Option<String>) -> String {
    suggestion
        .as_ref()
        .map_or_else(String::new, |s| format!(" (did you mean {s}?)"))
}

/// The actor `name` refers to, by id or alias ([`Graph::resolve`]); an unknown name is an error
/// with a suggestion by id, display name or alias.
pub fn resolve_actor<'g>(graph: &'g Graph, name: &str) -> Result<&'g Id, ExplainError> {
    if let Some(id) = graph.resolve(name) {
        return Ok(id);
    }
    // Suggest by id, display name and alias alike.
    let names = graph
        .actors
        .values()
        .map(|a| (a.id.as_str(), Some(a.name.as_str())));
    let aliases = graph.actors.values().flat_map(|a| {
        a.aliases
            .iter()
            .map(move |alias| (a.id.as_str(), Some(alias.as_str())))
    });
    Err(ExplainError::UnknownActor {
        name: name.to_string(),
        suggestion: crate::load::did_you_mean(name, names.chain(aliases)),
    })
}

/// Explains every tie between `a` and `b` (actor ids or names [`resolve_actor`] accepts) on `at`,
/// of the kind `kind` or of every kind, with `citer` resolving events and sources.
///
/// # Arguments
/// * `citer`: the graph, and the scenario it came from if any (see [`Citer`]).
/// * `a`, `b`: the two actors, in either order; directed ties in both directions are explained.
/// * `kind`: only ties of this kind; an error when no relation of the graph has it.
/// * `at`: the date.
///
/// # Returns
/// The ties in key order; none when the two actors share no tie (of that kind).
///
/// # Complexity
/// O(R + P) for R relations in the graph and P points in the two actors' series.
///
/// # Example
/// ```
/// use detente::explain::{Citer, Rule, explain};
/// let graph = detente::load::load_str(
///     "detente: 1\nactors:\n  A: {name: A, kind: state}\n  B: {name: B, kind: state}\n\
///      relations:\n  - between: [A, B]\n    series:\n      \
///      - {date: 2020, weight: 0.5}\n      - {date: 2021, weight: -0.25, note: a quarrel}\n",
///     "example.yaml",
/// )?;
/// let e = explain(&Citer::new(&graph), "B", "A", None, "2021-06".parse()?)?;
/// assert_eq!(e.ties[0].weight, Some(-0.25));
/// assert_eq!(e.ties[0].rule, Rule::Step { from: "2021".parse()? });
/// assert_eq!(e.ties[0].points[1].note.as_deref(), Some("a quarrel"));
/// assert_eq!(e.ties[0].in_force, Some(1));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn explain(
    citer: &Citer,
    a: &str,
    b: &str,
    kind: Option<&str>,
    at: Date,
) -> Result<Explanation, ExplainError> {
    let graph = citer.graph();
    let a = resolve_actor(graph, a)?;
    let b = resolve_actor(graph, b)?;
    if a == b {
        return Err(ExplainError::SameActor(a.clone()));
    }
    if let Some(kind) = kind
        && !graph.relations.iter().any(|r| r.kind == kind)
    {
        let mut kinds: Vec<&str> = graph.relations.iter().map(|r| r.kind.as_str()).collect();
        kinds.sort_unstable();
        kinds.dedup();
        return Err(ExplainError::UnknownKind {
            kind: kind.to_string(),
            suggestion: crate::load::did_you_mean(kind, kinds.into_iter().map(|k| (k, None))),
        });
    }
    let mut ties: Vec<TieExplanation> = graph
        .relations
        .iter()
        .filter(|r| {
            let (x, y) = r.ends.pair();
            ((x == a && y == b) || (x == b && y == a)) && kind.is_none_or(|k| r.kind == k)
        })
        .map(|r| explain_tie(citer, r, at))
        .collect();
    ties.sort_by(|x, y| x.key.cmp(&y.key));
    Ok(Explanation {
        at,
        a: a.clone(),
        b: b.clone(),
        ties,
    })
}

/// One relation on `at`, explained.
pub fn explain_tie(citer: &Citer, relation: &Relation, at: Date) -> TieExplanation {
    let graph = citer.graph();
    let interpolation = graph.interpolation_of(relation);
    let expires = graph.expiry_of(relation);
    let weight = graph.weight_on(relation, at);
    let series = &relation.series;
    // Points up to the date; the one before `upto` is in force.
    let upto = series.partition_point(|p| p.date <= at);
    let next = series.get(upto);
    let rule = match upto.checked_sub(1).map(|i| &series[i]) {
        None => Rule::NotYetBegun {
            first: next.map_or(at, |p| p.date),
        },
        Some(current) => match (current.value(), interpolation, next) {
            (PointValue::End, _, _) => Rule::Ended { on: current.date },
            _ if let Some(lapsed) = relation.lapsed_on(at, expires) => Rule::Expired {
                from: current.date,
                lapsed,
            },
            (_, Interpolation::Step, _) => Rule::Step { from: current.date },
            (_, Interpolation::Linear, Some(n))
                if !n.is_end()
                    && expires
                        .and_then(|span| span.after(current.date))
                        .is_none_or(|lapse| n.date <= lapse) =>
            {
                Rule::Linear {
                    from: current.date,
                    to: n.date,
                }
            }
            (_, Interpolation::Linear, _) => Rule::Held { from: current.date },
        },
    };
    let stale = match (weight, next, series.last()) {
        (Some(_), None, Some(last)) => Some(Stale {
            since: last.date,
            days: last.date.days_until(at),
            beyond: graph
                .relation_kinds
                .get(relation.kind.as_str())
                .and_then(|k| k.stale)
                .filter(|span| span.after(last.date).is_some_and(|limit| limit < at)),
        }),
        _ => None,
    };
    let shown = if matches!(rule, Rule::Linear { .. }) {
        upto + 1
    } else {
        upto
    };
    let points = series[..shown]
        .iter()
        .map(|p| citer.cite(relation, p))
        .collect();
    TieExplanation {
        key: relation.key(),
        interpolation,
        weight,
        confidence: weight.and(relation.confidence_on(at, interpolation)),
        rule,
        stale,
        points,
        in_force: upto.checked_sub(1),
    }
}

#[cfg(test)]
mod tests;
