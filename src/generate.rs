//! Synthetic graphs of any size, for benchmarks, property tests and trying the tool at scale.
//!
//! The same [`Spec`] (including its seed) always gives the same graph on one version of detente.

use std::collections::HashSet;

use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64;

use crate::model::{
    Actor, ActorKind, Date, Ends, Graph, Id, Name, Point, Post, Relation, RelationKey,
};

/// What to generate.
#[derive(Debug, Clone, PartialEq)]
pub struct Spec {
    /// Number of states.
    pub states: usize,
    /// Number of persons, each holding one post in a random state for part of the period.
    pub persons: usize,
    /// Number of relations (ties), between random distinct actors.
    pub relations: usize,
    /// Points per relation's series (at least 1).
    pub points_per_relation: usize,
    /// Share of relations that are directed, in `[0, 1]`.
    pub directed_share: f64,
    /// Share of points after the first that end the tie instead of giving a weight, in `[0, 1]`.
    pub end_share: f64,
    /// First year of the period the points fall in.
    pub first_year: i16,
    /// Length of the period, in years (at least 1).
    pub years: i16,
    /// Seed of the random choices.
    pub seed: u64,
}

impl Default for Spec {
    fn default() -> Self {
        Spec {
            states: 20,
            persons: 20,
            relations: 100,
            points_per_relation: 3,
            directed_share: 0.2,
            end_share: 0.05,
            first_year: 2000,
            years: 20,
            seed: 1,
        }
    }
}

impl Spec {
    /// A graph of `actors` actors (a tenth of them persons) and `relations` ties, with `points`
    /// points per tie: the shape the benchmarks use.
    pub fn sized(actors: usize, relations: usize, points: usize) -> Spec {
        let persons = actors / 10;
        Spec {
            states: actors - persons,
            persons,
            relations,
            points_per_relation: points,
            ..Spec::default()
        }
    }
}

const KINDS: [&str; 4] = ["diplomatic", "trade", "military", "contact"];

/// The most actors [`Spec::check`] accepts.
pub const MAX_ACTORS: usize = 1_000_000;
/// The most relations [`Spec::check`] accepts.
pub const MAX_RELATIONS: usize = 10_000_000;
/// The most points in all (relations × points per relation) [`Spec::check`] accepts: a graph of
/// this size takes a few GB in memory and is far beyond any real one.
pub const MAX_POINTS: usize = 20_000_000;

/// Why a [`Spec`] asks for a graph that [`generate`] will not make.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SpecError {
    /// Fewer than two actors: no tie can be placed.
    #[error("at least 2 actors are needed, not {0}")]
    TooFewActors(usize),
    /// More actors than [`MAX_ACTORS`].
    #[error("{asked} actors is more than the {MAX_ACTORS} a generated graph may have")]
    TooManyActors {
        /// The number asked for.
        asked: usize,
    },
    /// More relations than [`MAX_RELATIONS`], or than the actors allow.
    #[error("{asked} relations is more than the {max} {why}")]
    TooManyRelations {
        /// The number asked for.
        asked: usize,
        /// The most allowed.
        max: usize,
        /// Why that is the most.
        why: &'static str,
    },
    /// No points per relation: a relation has at least one point.
    #[error("a relation has at least 1 point, not 0")]
    NoPoints,
    /// More points in all than [`MAX_POINTS`].
    #[error(
        "{relations} relations of {points} points is more than the {MAX_POINTS} points a \
         generated graph may have"
    )]
    TooManyPoints {
        /// The relations asked for.
        relations: usize,
        /// The points per relation asked for.
        points: usize,
    },
}

impl Spec {
    /// Checks that the graph asked for is one [`generate`] makes in bounded time and memory:
    /// at least 2 and at most [`MAX_ACTORS`] actors, at most [`MAX_RELATIONS`] relations (and
    /// no more than the actors allow: 4 kinds of mutual and directed ties per pair), at least one
    /// point per relation and at most [`MAX_POINTS`] points in all.
    ///
    /// ```
    /// use detente::generate::{Spec, SpecError};
    /// assert!(Spec::sized(50, 200, 3).check().is_ok());
    /// assert_eq!(Spec::sized(50, 200, 0).check(), Err(SpecError::NoPoints));
    /// assert!(Spec::sized(50, 1_000_000_000_000, 1).check().is_err());
    /// ```
    pub fn check(&self) -> Result<(), SpecError> {
        let actors = self.states.saturating_add(self.persons);
        if actors < 2 {
            return Err(SpecError::TooFewActors(actors));
        }
        if actors > MAX_ACTORS {
            return Err(SpecError::TooManyActors { asked: actors });
        }
        if self.relations > MAX_RELATIONS {
            return Err(SpecError::TooManyRelations {
                asked: self.relations,
                max: MAX_RELATIONS,
                why: "a generated graph may have",
            });
        }
        // Per ordered pair: 4 kinds of directed tie; per unordered pair: 4 kinds of mutual tie.
        let pairs = actors.saturating_mul(actors - 1);
        let possible = pairs.saturating_mul(4).saturating_add(pairs / 2 * 4);
        if self.relations > possible {
            return Err(SpecError::TooManyRelations {
                asked: self.relations,
                max: possible,
                why: "distinct ties the actors allow",
            });
        }
        if self.points_per_relation == 0 {
            return Err(SpecError::NoPoints);
        }
        if self.relations.saturating_mul(self.points_per_relation) > MAX_POINTS {
            return Err(SpecError::TooManyPoints {
                relations: self.relations,
                points: self.points_per_relation,
            });
        }
        Ok(())
    }
}

/// Generates the graph described by `spec`.
///
/// Runs in O(R·P log P) for R relations of P points. Relations that cannot be placed (when `spec`
/// asks for more distinct ties than the actors allow) are left out.
///
/// ```
/// use detente::generate::{Spec, generate};
/// let g = generate(&Spec::sized(50, 200, 3));
/// assert_eq!(g.actors.len(), 50);
/// assert_eq!(g.relations.len(), 200);
/// assert_eq!(g, generate(&Spec::sized(50, 200, 3)));
/// ```
pub fn generate(spec: &Spec) -> Graph {
    // PCG has a fixed, documented algorithm, so a seed gives the same graph across versions of rand.
    let mut rng = Pcg64::seed_from_u64(spec.seed);
    let mut graph = Graph {
        title: Some(format!(
            "Synthetic graph: {} states, {} persons, {} relations (seed {})",
            spec.states, spec.persons, spec.relations, spec.seed
        )),
        ..Graph::default()
    };
    let days = i64::from(spec.years.max(1)) * 365;
    let first = Date::ymd(spec.first_year, 1, 1)
        .unwrap_or_else(|| Date::ymd(2000, 1, 1).expect("a valid date"));
    let day = |offset: i64| -> Date {
        first
            .civil()
            .checked_add(jiff::Span::new().days(offset))
            .map(Date::from_civil)
            .unwrap_or(first)
    };
    let state_id = |i: usize| Id::from(format!("S{i}"));
    for i in 0..spec.states {
        let id = state_id(i);
        graph.actors.insert(
            id.clone(),
            Actor {
                id: id.clone(),
                name: format!("State {i}"),
                kind: ActorKind::State,
                posts: vec![],
                note: None,
                aliases: Vec::new(),
                attributes: Default::default(),
                part_of: Vec::new(),
            },
        );
    }
    for i in 0..spec.persons {
        let id = Id::from(format!("p{i}"));
        let posts = if spec.states > 0 {
            let from = rng.random_range(0..days);
            let until = rng.random_range(from + 1..=days);
            vec![Post {
                title: "Official".into(),
                of: state_id(rng.random_range(0..spec.states)),
                from: Some(day(from)),
                until: Some(day(until)),
                ..Post::default()
            }]
        } else {
            vec![]
        };
        graph.actors.insert(
            id.clone(),
            Actor {
                id,
                name: format!("Person {i}"),
                kind: ActorKind::Person,
                posts,
                note: None,
                aliases: Vec::new(),
                attributes: Default::default(),
                part_of: Vec::new(),
            },
        );
    }
    let ids: Vec<Id> = graph.actors.keys().cloned().collect();
    if ids.len() < 2 {
        return graph;
    }
    let mut taken: HashSet<RelationKey> = HashSet::with_capacity(spec.relations);
    let mut attempts = 0usize;
    let points = spec.points_per_relation.max(1);
    // One copy of each kind for every relation, as the loaders hand them out.
    let kinds: Vec<Name> = KINDS.iter().map(|&k| Name::from(k)).collect();
    while graph.relations.len() < spec.relations && attempts < spec.relations.saturating_mul(20) {
        attempts += 1;
        let a = rng.random_range(0..ids.len());
        let b = rng.random_range(0..ids.len());
        if a == b {
            continue;
        }
        let kind = &kinds[rng.random_range(0..KINDS.len())];
        let directed = rng.random_bool(spec.directed_share.clamp(0.0, 1.0));
        let ends = if directed {
            Ends::Directed {
                from: ids[a].clone(),
                to: ids[b].clone(),
            }
        } else {
            Ends::Mutual(ids[a].clone(), ids[b].clone())
        };
        let mut relation = Relation {
            ends,
            kind: kind.clone(),
            interpolation: None,
            series: vec![],
            note: None,
        };
        if !taken.insert(relation.key()) {
            continue;
        }
        let mut offsets: Vec<i64> = (0..points).map(|_| rng.random_range(0..days)).collect();
        offsets.sort_unstable();
        offsets.dedup();
        for (i, offset) in offsets.into_iter().enumerate() {
            let date = day(offset);
            if i > 0 && rng.random_bool(spec.end_share.clamp(0.0, 1.0)) {
                relation.series.push(Point::end(date));
            } else {
                // Two decimals, as people write weights.
                let w = (rng.random_range(-100..=100) as f64) / 100.0;
                relation.series.push(Point::weight(date, w));
            }
        }
        graph.relations.push(relation);
    }
    graph
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_graphs_are_valid_and_round_trip() {
        let g = generate(&Spec::sized(30, 120, 4));
        let yaml = crate::load::to_yaml(&g).unwrap();
        assert_eq!(crate::load::load_str(&yaml, "g.yaml").unwrap(), g);
        let json = crate::load::to_json(&g).unwrap();
        assert_eq!(crate::load::load_json_str(&json, "g.json").unwrap(), g);
    }
}
