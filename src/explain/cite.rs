//! Points with what stands behind them: a series point resolved to its note, its event and every
//! source it cites (its own, then its event's), and whether a scenario put it there.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::model::{Date, Ends, Graph, Id, Point, PointValue, Relation, RelationKey};
use crate::snapshot::Tie;

/// An event as a cited point names it.
#[derive(Debug, Clone, PartialEq)]
pub struct EventRef {
    /// The event's id.
    pub id: Id,
    /// Its one-line title.
    pub title: String,
    /// The day it happened.
    pub date: Date,
}

/// A source as a cited point lists it: a declared source of the graph, or the scenario file whose
/// edit made the point.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceRef {
    /// The source's id; `None` for a scenario.
    pub id: Option<Id>,
    /// Its title (a scenario's title, or its file name when it has none).
    pub title: String,
    /// Who published it.
    pub publisher: Option<String>,
    /// When it was published.
    pub date: Option<Date>,
    /// Where to read it.
    pub url: Option<String>,
    /// For a scenario: the scenario file, as the user named it.
    pub file: Option<String>,
}

/// One point of a series with its note, event and sources resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct CitedPoint {
    /// When the value takes effect.
    pub date: Date,
    /// The weight from this date, or the end of the tie.
    pub value: PointValue,
    /// The point's note.
    pub note: Option<String>,
    /// The event behind the change.
    pub event: Option<EventRef>,
    /// Every source: the point's own in the order written, then its event's, each once; for a
    /// point a scenario made, the scenario first.
    pub sources: Vec<SourceRef>,
    /// Whether a scenario's edit made (or changed) this point.
    pub from_scenario: bool,
    /// The point's confidence, from 0 to 1, when it states one.
    pub confidence: Option<f64>,
    /// The weights thought possible, `[low, high]`, when the point gives them.
    pub range: Option<[f64; 2]>,
    /// How many observations (events) are behind the value, when the point says.
    pub count: Option<u64>,
}

impl CitedPoint {
    /// The weight, or `None` for an end point.
    pub fn weight(&self) -> Option<f64> {
        match self.value {
            PointValue::Weight(w) => Some(w),
            PointValue::End => None,
        }
    }
}

/// Which scenario a graph came from, so that the points its edits made can be told apart.
#[derive(Debug, Clone, Copy)]
pub struct ScenarioOrigin<'a> {
    /// The graph the scenario's edits were applied to.
    pub base: &'a Graph,
    /// The scenario's title, if it has one.
    pub title: Option<&'a str>,
    /// The scenario file, as the user named it.
    pub file: &'a str,
}

/// Resolves points of one graph to [`CitedPoint`]s.
///
/// A scenario's result does not record which points its edits made, so they are found by
/// comparison: a point of the edited graph is the scenario's when the base's relation of the same
/// key has no identical point (same date, value, note, event and sources). A `set` that replaces
/// a point, a `shift` (which moves every later point too), an `end` and an added relation all show
/// as the scenario's; points the edits left alone keep their own sources. For a scenario whose base
/// is another scenario, only the outer scenario's edits are marked.
#[derive(Debug, Clone)]
pub struct Citer<'a> {
    graph: &'a Graph,
    relations: Relations<'a>,
    scenario: Option<(ScenarioOrigin<'a>, Relations<'a>)>,
}

/// How many ties [`Citer::prefetch_at`] reads ahead at a time: enough for their reads to
/// overlap, few enough that what they bring stays at hand until the ties are written (at L, 16
/// and 64 do as well, 256 worse). [`Citer::prefetch_at`]'s documentation quotes this number.
const PREFETCHED: usize = 64;

/// A graph's relations by key: a diff asks for many ties, and `Graph::relation` scans them all.
///
/// Names are interned ([`crate::model::Name`]): two names have one address exactly when they
/// have one text. So every key, a snapshot's tie or one typed by a user alike, is found by the
/// addresses of its ends and kind: three numbers hashed, no text read.
#[derive(Debug, Clone)]
struct Relations<'a> {
    /// Built the first time a tie is looked up by key (a snapshot's ties say where theirs are).
    /// Places in the relations, not references, so that a `Citer<'a>` stays covariant in `'a`.
    by_address: OnceLock<HashMap<Address, usize, foldhash::fast::RandomState>>,
    graph: &'a Graph,
}

/// A key's ends (in key order) and kind by the addresses of their text, and its direction.
type Address = (usize, usize, usize, bool);

impl<'a> Relations<'a> {
    fn of(graph: &'a Graph) -> Relations<'a> {
        Relations {
            by_address: OnceLock::new(),
            graph,
        }
    }

    fn by_address(&self) -> &HashMap<Address, usize, foldhash::fast::RandomState> {
        self.by_address.get_or_init(|| {
            self.graph
                .relations
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    let key = r.key();
                    let at = (
                        key.from.address(),
                        key.to.address(),
                        key.kind.address(),
                        key.directed,
                    );
                    (at, i)
                })
                .collect()
        })
    }

    fn get(&self, key: &RelationKey) -> Option<&'a Relation> {
        let at = (
            key.from.address(),
            key.to.address(),
            key.kind.address(),
            key.directed,
        );
        let i = *self.by_address().get(&at)?;
        Some(&self.graph.relations[i])
    }
}

/// Whether `relation` is the tie `key` names.
fn is_of(relation: &Relation, key: &RelationKey) -> bool {
    relation.kind == key.kind
        && match &relation.ends {
            Ends::Directed { from, to } => key.directed && *from == key.from && *to == key.to,
            Ends::Mutual(a, b) => {
                !key.directed
                    && ((*a == key.from && *b == key.to) || (*b == key.from && *a == key.to))
            }
        }
}

impl<'a> Citer<'a> {
    /// Cites points of `graph`, a plain graph.
    pub fn new(graph: &'a Graph) -> Citer<'a> {
        Citer {
            graph,
            relations: Relations::of(graph),
            scenario: None,
        }
    }

    /// Cites points of `graph`, the result of the scenario `origin`.
    pub fn with_scenario(graph: &'a Graph, origin: ScenarioOrigin<'a>) -> Citer<'a> {
        Citer {
            graph,
            relations: Relations::of(graph),
            scenario: Some((origin, Relations::of(origin.base))),
        }
    }

    /// The relation with this key.
    pub fn relation(&self, key: &RelationKey) -> Option<&'a Relation> {
        self.relations.get(key)
    }

    /// Whether a relation has been looked up by key here (its map of every relation built).
    #[cfg(test)]
    pub(crate) fn looked_up_by_key(&self) -> bool {
        self.relations.by_address.get().is_some()
    }

    /// The graph the points come from.
    pub fn graph(&self) -> &'a Graph {
        self.graph
    }

    /// `point` of `relation` with what stands behind it.
    pub fn cite(&self, relation: &Relation, point: &Point) -> CitedPoint {
        let origin = self.scenario.as_ref().and_then(|(origin, base)| {
            (!has_point(base, &relation.key(), point)).then_some(origin)
        });
        let event = point.event().and_then(|id| {
            self.graph.events.get(id).map(|e| EventRef {
                id: id.into(),
                title: e.title.clone(),
                date: e.date,
            })
        });
        let mut sources = Vec::new();
        if let Some(origin) = origin {
            sources.push(SourceRef {
                id: None,
                title: origin.title.unwrap_or(origin.file).to_string(),
                publisher: None,
                date: None,
                url: None,
                file: Some(origin.file.to_string()),
            });
        }
        let event_sources = point
            .event()
            .and_then(|id| self.graph.events.get(id))
            .map_or(&[][..], |e| e.sources.as_slice());
        let mut seen: Vec<&str> = Vec::new();
        for id in point.sources().iter().chain(event_sources) {
            if seen.contains(&id.as_str()) {
                continue;
            }
            seen.push(id);
            if let Some(s) = self.graph.sources.get(id) {
                sources.push(SourceRef {
                    id: Some(id.clone()),
                    title: s.title.clone(),
                    publisher: s.publisher.clone(),
                    date: s.date,
                    url: s.url.clone(),
                    file: None,
                });
            }
        }
        CitedPoint {
            date: point.date,
            value: point.value(),
            note: point.note().map(str::to_string),
            event,
            sources,
            from_scenario: origin.is_some(),
            confidence: point.confidence(),
            range: point.range(),
            count: point.count(),
        }
    }

    /// The confidence of the tie `key` on `date` ([`Relation::confidence_on`]: the point in
    /// force's, the lower of two under linear interpolation).
    pub fn confidence_on(&self, key: &RelationKey, date: Date) -> Option<f64> {
        let relation = self.relation(key)?;
        relation.confidence_on(date, self.graph.interpolation_of(relation))
    }

    /// The point in force on `date` for the tie `key` (the last on or before it, unless its
    /// weight has lapsed), cited.
    pub fn in_force(&self, key: &RelationKey, date: Date) -> Option<CitedPoint> {
        self.in_force_of(self.relation(key)?, date)
    }

    /// The relation of the snapshot tie `tie`: found where the tie says it is when the cited
    /// graph is the one the snapshot was taken of (checked against the key), else by its key.
    pub fn tie_relation(&self, tie: &Tie) -> Option<&'a Relation> {
        self.relation_near(tie.relation(), &tie.key)
    }

    /// The relation `key` names: looked for at `at` in the cited graph's relations first (where
    /// a snapshot tie of this graph says it is), checked against the key, else by the key.
    pub(crate) fn relation_near(
        &self,
        at: Option<usize>,
        key: &RelationKey,
    ) -> Option<&'a Relation> {
        at.and_then(|at| self.graph.relations.get(at))
            .filter(|r| is_of(r, key))
            .or_else(|| self.relation(key))
    }

    /// [`Citer::in_force`] of the relation [`Citer::relation_near`] finds.
    pub(crate) fn in_force_near(
        &self,
        at: Option<usize>,
        key: &RelationKey,
        date: Date,
    ) -> Option<CitedPoint> {
        self.in_force_of(self.relation_near(at, key)?, date)
    }

    /// Reads `ties` (a few), their relations and their series' dates, so that the lookups of
    /// [`Citer::tie_relation`] and the like that follow find them at hand. A large graph's ties,
    /// in key order, name relations scattered through memory; looked up one by one, between the
    /// writing of one tie and the next, each waits for memory in turn, while these reads, which
    /// do not depend on one another, wait together.
    pub fn prefetch<'t>(&self, ties: impl Iterator<Item = &'t Tie> + Clone) {
        let relations = &self.graph.relations;
        // The ties themselves, which a snapshot holds in its own order, not in key order, and
        // their kinds' texts, which every writer reads (a name's length is in its pointer; its
        // first byte is in its text). A graph loaded from text has a copy of the kind for each
        // relation, scattered through memory: read tie by tie, the kinds were a sixth of the
        // time of writing a large diagram.
        let keys = ties.clone().fold(0usize, |n, t| {
            n.wrapping_add(t.key.from.len())
                .wrapping_add(t.key.to.len())
                .wrapping_add(usize::from(
                    t.key.kind.as_bytes().first().copied().unwrap_or(0),
                ))
                .wrapping_add(t.relation().unwrap_or(0))
        });
        // A relation spans two cache lines: its ends and kind, and its series' place.
        let series = ties
            .clone()
            .filter_map(|t| relations.get(t.relation()?))
            .fold(0usize, |n, r| {
                n.wrapping_add(r.series.len())
                    .wrapping_add(r.kind.len())
                    .wrapping_add(usize::from(r.ends.is_directed()))
            });
        // The point in force where the tie says it is, and the next one (its date bounds the
        // point's time, and linear interpolation reads its confidence); without a place, every
        // point's date, as the series is searched by date (a series is a few cache lines).
        let points = ties
            .filter_map(|t| Some((relations.get(t.relation()?)?, t.point())))
            .fold(0usize, |n, (r, point)| {
                let Some(first) = r.series.first() else {
                    return n;
                };
                let around = match point {
                    Some(p) => r.series.get(p..).unwrap_or_default(),
                    None => &r.series,
                };
                let read = if point.is_some() { 2 } else { around.len() };
                around
                    .iter()
                    .take(read)
                    .fold(n, |n, p| n.wrapping_add(usize::from(p.date > first.date)))
            });
        std::hint::black_box((keys, series, points));
    }

    /// For a writer going through `items` in order, each with a tie (`tie`): when the `i`th
    /// starts a block (of 64 ties), [`Citer::prefetch`]es that block's ties. Call it before
    /// using each item.
    pub fn prefetch_at<T>(&self, items: &[T], i: usize, tie: impl Fn(&T) -> &Tie) {
        if i.is_multiple_of(PREFETCHED) {
            let block = items
                .get(i..(i + PREFETCHED).min(items.len()))
                .unwrap_or_default();
            self.prefetch(block.iter().map(&tie));
        }
    }

    /// The relation of the snapshot tie `tie` ([`Citer::tie_relation`]) and the tie's guess at
    /// where its point in force is ([`Tie::point`]), which [`Relation::place_on`] checks: a
    /// guess that is wrong for the relation found (of another graph, say) is only searched past.
    fn tie_relation_and_place(&self, tie: &Tie) -> Option<(&'a Relation, Option<usize>)> {
        let place = tie.point();
        Some((self.tie_relation(tie)?, place))
    }

    /// [`Citer::in_force`] for a snapshot's tie, found by [`Citer::tie_relation`].
    pub fn tie_in_force(&self, tie: &Tie, date: Date) -> Option<CitedPoint> {
        let (relation, place) = self.tie_relation_and_place(tie)?;
        let (_, point) = self.point_in_force(relation, place, date)?;
        Some(self.cite(relation, point))
    }

    /// [`Citer::tie_in_force`] and [`Citer::confidence_on`] with one lookup of the tie.
    pub fn tie_in_force_and_confidence(
        &self,
        tie: &Tie,
        date: Date,
    ) -> Option<(CitedPoint, Option<f64>)> {
        let (relation, place) = self.tie_relation_and_place(tie)?;
        let (place, point) = self.point_in_force(relation, place, date)?;
        let interpolation = self.graph.interpolation_of(relation);
        let confidence = relation.confidence_at(place, date, interpolation);
        Some((self.cite(relation, point), confidence))
    }

    /// The point of a snapshot's tie in force on `date`, as the graph has it (not cited): what
    /// [`Citer::tie_in_force`] cites.
    pub fn tie_point_in_force(&self, tie: &Tie, date: Date) -> Option<&'a Point> {
        let (relation, place) = self.tie_relation_and_place(tie)?;
        self.point_in_force(relation, place, date)
            .map(|(_, point)| point)
    }

    /// The point of `relation` in force on `date` and where it is in the series, given a guess
    /// at where (checked).
    fn point_in_force<'r>(
        &self,
        relation: &'r Relation,
        guess: Option<usize>,
        date: Date,
    ) -> Option<(usize, &'r Point)> {
        let place = relation.place_on(date, guess)?;
        if relation
            .lapsed_at(place, date, self.graph().expiry_of(relation))
            .is_some()
        {
            return None;
        }
        Some((place, relation.series.get(place)?))
    }

    /// The point of `relation` in force on `date`, cited.
    fn in_force_of(&self, relation: &Relation, date: Date) -> Option<CitedPoint> {
        let (_, point) = self.point_in_force(relation, None, date)?;
        Some(self.cite(relation, point))
    }
}

/// The points that moved the tie `key` from its value in `before` on `from` to its value in
/// `after` on `to`, cited from the side they belong to.
///
/// - One graph on two dates: its points dated in `(from, to]` (in `(to, from]` when `to` comes
///   first).
/// - Two graphs (a file and its edit, a base and a scenario): also every point of `after`'s series
///   up to `to` that `before`'s series lacks (same date and content) — on one date, exactly those.
///
/// The points come from `after`, or from `before` when `to` is earlier than `from`; oldest first.
pub fn changes(
    before: &Citer,
    after: &Citer,
    key: &RelationKey,
    from: Date,
    to: Date,
) -> Vec<CitedPoint> {
    changes_near(before, after, key, (None, None), from, to)
}

/// [`changes`], the relation of each side looked for first where `at` says it is in that side's
/// graph (see [`Citer::relation_near`]).
pub(crate) fn changes_near(
    before: &Citer,
    after: &Citer,
    key: &RelationKey,
    at: (Option<usize>, Option<usize>),
    from: Date,
    to: Date,
) -> Vec<CitedPoint> {
    let (newer, older, start, end, (older_at, newer_at)) = if from <= to {
        (after, before, from, to, at)
    } else {
        (before, after, to, from, (at.1, at.0))
    };
    let Some(relation) = newer.relation_near(newer_at, key) else {
        return Vec::new();
    };
    // One graph on two dates: a point up to `start` is in the older side's series too.
    let one_graph = std::ptr::eq(newer.graph, older.graph);
    let mut older_relation = None;
    let mut in_older = |p: &Point| {
        older_relation
            .get_or_insert_with(|| older.relation_near(older_at, key))
            .is_some_and(|r| in_series(r, p))
    };
    relation
        .series
        .iter()
        .filter(|p| p.date <= end && (start < p.date || (!one_graph && !in_older(p))))
        .map(|p| newer.cite(relation, p))
        .collect()
}

/// Whether the relation `key` of `relations` has a point identical to `point`.
fn has_point(relations: &Relations, key: &RelationKey, point: &Point) -> bool {
    relations.get(key).is_some_and(|r| in_series(r, point))
}

/// Whether `relation`'s series has a point identical to `point`.
fn in_series(relation: &Relation, point: &Point) -> bool {
    let i = relation.series.partition_point(|p| p.date < point.date);
    relation.series.get(i) == Some(point)
}

#[cfg(test)]
mod address_tests {
    use super::*;

    #[test]
    fn prefetching_reads_only_what_is_there() {
        let graph = crate::load::load_path(std::path::Path::new("graphs/us-belarus.yaml")).unwrap();
        let citer = Citer::new(&graph);
        let snapshot = crate::snapshot::Snapshot::at(&graph, "2020-09-01".parse().unwrap());
        let tie = snapshot.ties()[0].2.clone();
        let elsewhere = |relation| tie.clone().placed(relation, tie.point());
        // A roll-up's tie names no relation, and a tie of another graph may name one past the end.
        let ties = [tie.clone(), elsewhere(None), elsewhere(Some(usize::MAX))];
        citer.prefetch(ties.iter());
        // A relation with no points.
        let mut bare = graph.clone();
        bare.relations[tie.relation().unwrap()].series.clear();
        Citer::new(&bare).prefetch(ties.iter());
        // Block by block, the last one short of a whole block.
        for i in 0..ties.len() {
            citer.prefetch_at(&ties, i, |t| t);
        }
    }

    #[test]
    fn keys_are_found_by_address_whether_a_snapshots_own_or_typed() {
        let graph = crate::load::load_path(std::path::Path::new("graphs/us-belarus.yaml")).unwrap();
        let citer = Citer::new(&graph);
        let snapshot = crate::snapshot::Snapshot::at(&graph, "2020-09-01".parse().unwrap());
        let ties = snapshot.ties();
        assert!(!ties.is_empty());
        for (_, _, tie) in &ties {
            assert!(citer.relation(&tie.key).is_some());
        }
        // A key typed in has the same names, so the same addresses.
        let (_, _, tie) = ties[0];
        let typed = RelationKey {
            from: tie.key.from.as_str().into(),
            to: tie.key.to.as_str().into(),
            kind: tie.key.kind.as_str().into(),
            directed: tie.key.directed,
        };
        assert!(std::ptr::eq(
            citer.relation(&typed).unwrap(),
            citer.relation(&tie.key).unwrap()
        ));
        // A key with a kind the graph does not have, or the ends the wrong way round, is none.
        let other = |key: RelationKey| citer.relation(&key).is_none();
        assert!(other(RelationKey {
            kind: "no-such-kind".into(),
            ..typed.clone()
        }));
        assert!(other(RelationKey {
            from: typed.to.clone(),
            to: typed.from.clone(),
            ..typed.clone()
        }));
    }

    #[test]
    fn a_snapshots_ties_are_found_where_they_say_and_checked() {
        let graph = crate::load::load_path(std::path::Path::new("graphs/us-belarus.yaml")).unwrap();
        let date = "2020-09-01".parse().unwrap();
        let snapshot = crate::snapshot::Snapshot::at(&graph, date);
        let (citer, by_key) = (Citer::new(&graph), Citer::new(&graph));
        for (_, _, tie) in snapshot.ties() {
            let found = citer.tie_relation(tie).unwrap();
            assert!(std::ptr::eq(
                found,
                &graph.relations[tie.relation().unwrap()]
            ));
            assert_eq!(found.key(), tie.key);
            assert_eq!(
                citer.tie_in_force(tie, date),
                by_key.in_force(&tie.key, date)
            );
        }
        assert!(
            citer.relations.by_address.get().is_none(),
            "no tie was looked up by its key"
        );
        // The same ties cited from a graph with the relations the other way round: the places
        // they say are wrong, and each is found by its key.
        let mut reversed = graph.clone();
        reversed.relations.reverse();
        let citer = Citer::new(&reversed);
        for (_, _, tie) in snapshot.ties() {
            assert_eq!(citer.tie_relation(tie).unwrap().key(), tie.key);
            assert_eq!(
                citer.tie_in_force(tie, date),
                by_key.in_force(&tie.key, date)
            );
        }
        // Each tie says where its point in force is; a wrong guess, or a guess asked about
        // another date, is checked and the series searched: the same point either way.
        let mut guessed = 0;
        for (_, _, tie) in snapshot.ties() {
            let relation = &graph.relations[tie.relation().unwrap()];
            let place = tie.point().unwrap();
            assert!(std::ptr::eq(
                &relation.series[place],
                relation.point_on(date).unwrap()
            ));
            let citer = Citer::new(&graph);
            for other in ["2019-01-01", "2020-08-09", "2021-06-21", "2025-12-15"] {
                let other = other.parse().unwrap();
                let expected = by_key.in_force(&tie.key, other);
                assert_eq!(citer.tie_in_force(tie, other), expected);
                let confidence = by_key.confidence_on(&tie.key, other);
                assert_eq!(
                    citer.tie_in_force_and_confidence(tie, other),
                    expected.map(|p| (p, confidence))
                );
            }
            for wrong in [0, place + 1, relation.series.len(), u32::MAX as usize] {
                let wrong = tie.clone().placed(tie.relation(), Some(wrong));
                assert_eq!(
                    citer.tie_in_force(&wrong, date),
                    by_key.in_force(&tie.key, date)
                );
                assert_eq!(
                    citer
                        .tie_point_in_force(&wrong, date)
                        .map(|p| p as *const Point),
                    relation.point_on(date).map(|p| p as *const Point)
                );
            }
            guessed += 1;
        }
        assert!(guessed > 10, "{guessed} ties");
        // A tie made by combining others says no place, and is looked up by its key.
        let (_, _, tie) = snapshot.ties()[0];
        let combined = tie.clone().placed(None, tie.point());
        assert_eq!(citer.tie_relation(&combined).unwrap().key(), tie.key);
    }
}
