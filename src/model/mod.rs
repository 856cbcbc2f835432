//! The graph as plain data, keyed by actor id: actors and their posts, relations and their dated
//! series, events and sources. Nothing here knows YAML or petgraph.
//!
//! A [`Graph`] is always valid: the loader ([`crate::load`]) and the scenario engine
//! ([`crate::scenario`]) only hand out graphs whose references resolve, whose series are sorted by
//! date with no duplicate, and whose weights lie in the scale.

mod actor;
mod date;
mod kinds;
mod name;
mod number;
mod relation;

pub use actor::{
    Actor, ActorKind, Attribute, BUILT_IN_KINDS, Certainty, KindError, KindName, Membership, Post,
};
pub use date::{Date, DateError, Precision};
pub use kinds::{KindRules, KindStyle, Line, Span, SpanError, SpanUnit, is_hex_color};
pub use name::Name;
pub use number::round12;
pub use relation::{
    DEFAULT_KIND, Ends, Interpolation, Point, PointDetail, PointValue, Relation, RelationKey,
};

use std::collections::BTreeMap;

/// An identifier of an actor, event or source, as written in the file (shared, not copied: see
/// [`Name`]).
pub type Id = Name;

/// The range that weights are written in; `[-1, 1]` unless the file says otherwise.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Scale {
    /// The most hostile weight.
    pub min: f64,
    /// The most cooperative weight.
    pub max: f64,
}

impl Default for Scale {
    fn default() -> Self {
        Scale {
            min: -1.0,
            max: 1.0,
        }
    }
}

impl Scale {
    /// Whether `weight` lies in the scale (bounds included).
    pub fn contains(self, weight: f64) -> bool {
        weight.is_finite() && self.min <= weight && weight <= self.max
    }

    /// The largest absolute weight the scale allows, used to normalise widths and metrics.
    pub fn magnitude(self) -> f64 {
        self.min.abs().max(self.max.abs())
    }

    /// `weight` mapped to `[-1, 1]` by dividing by [`Scale::magnitude`]; the sign is kept.
    pub fn normalise(self, weight: f64) -> f64 {
        let m = self.magnitude();
        if m > 0.0 { weight / m } else { 0.0 }
    }
}

/// A cited source: an article, a statement, a dataset.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize)]
pub struct Source {
    /// Its headline or title.
    pub title: String,
    /// Who published it.
    pub publisher: Option<String>,
    /// When it was published.
    pub date: Option<Date>,
    /// Where to read it.
    pub url: Option<String>,
}

/// Something that happened on a date and moved one or more ties.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Event {
    /// The day it happened.
    pub date: Date,
    /// A one-line description.
    pub title: String,
    /// The actors involved (declared ids).
    pub actors: Vec<Id>,
    /// The sources that report it (declared ids).
    pub sources: Vec<Id>,
    /// A longer description.
    pub description: Option<String>,
}

/// One graph file: actors and the signed, weighted, time-varying relations between them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Graph {
    /// What the graph is about.
    pub title: Option<String>,
    /// A longer description.
    pub description: Option<String>,
    /// How weights behave between points, unless a relation says otherwise.
    pub interpolation: Interpolation,
    /// The range weights are written in.
    pub scale: Scale,
    /// Cited sources by id.
    pub sources: BTreeMap<Id, Source>,
    /// Actors by id.
    pub actors: BTreeMap<Id, Actor>,
    /// Relations, in file order.
    pub relations: Vec<Relation>,
    /// Events by id.
    pub events: BTreeMap<Id, Event>,
    /// What relation kinds mean (`relation_kinds:`), by kind; an undeclared kind has the
    /// default rules.
    pub relation_kinds: BTreeMap<String, KindRules>,
    /// Where each relation's ends stand among the actors, as snapshots of this graph found them
    /// (see [`Places`]), shared with the graph's copies.
    pub(crate) places: std::sync::Arc<Places>,
}

/// Where each relation's two ends stand among a graph's actors (their places in id order, the
/// node indices of a snapshot), remembered by [`crate::snapshot::Snapshot::at`] so that later
/// snapshots of a large graph need not look a million ends up by name again.
///
/// Never trusted: a snapshot takes a remembered place only when the actor there has the end's
/// very id (the same interned text, see [`Name`]), and looks the end up by name otherwise,
/// so a graph changed since (actors added, relations moved or edited) still gets its right
/// ties. Ignored when graphs are compared; shared by a graph and its copies (as they are never
/// trusted, a copy changed since takes only those that still hold).
#[derive(Default)]
pub(crate) struct Places {
    /// Whether a snapshot has been taken: the places are remembered from the second one on, so
    /// that a command taking one snapshot does not pay for remembering them.
    pub(crate) asked: std::sync::atomic::AtomicBool,
    /// For each relation, the places of its key's `from` and `to`; `u32::MAX` for a relation
    /// that had no tie then.
    pub(crate) ends: std::sync::OnceLock<Vec<[u32; 2]>>,
}

impl PartialEq for Places {
    fn eq(&self, _: &Places) -> bool {
        true
    }
}

impl std::fmt::Debug for Places {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Places")
    }
}

impl Graph {
    /// The relation with this identity, if any.
    pub fn relation(&self, key: &RelationKey) -> Option<&Relation> {
        self.relations.iter().find(|r| &r.key() == key)
    }

    /// The relation with this identity, mutably.
    pub fn relation_mut(&mut self, key: &RelationKey) -> Option<&mut Relation> {
        self.relations.iter_mut().find(|r| &r.key() == key)
    }

    /// The interpolation that applies to `relation`: its own, or the file's.
    pub fn interpolation_of(&self, relation: &Relation) -> Interpolation {
        relation.interpolation.unwrap_or(self.interpolation)
    }

    /// The rules of a relation kind: as declared, else the defaults.
    pub fn kind_rules(&self, kind: &str) -> KindRules {
        self.relation_kinds.get(kind).cloned().unwrap_or_default()
    }

    /// How long a weight of `relation`'s kind lasts after its point (`expires:`), if it lapses.
    pub fn expiry_of(&self, relation: &Relation) -> Option<Span> {
        self.relation_kinds
            .get(relation.kind.as_str())
            .and_then(|k| k.expires)
    }

    /// The weight of `relation` on `date` as every command reads it: the relation's or the
    /// file's interpolation, and its kind's expiry.
    pub fn weight_on(&self, relation: &Relation, date: Date) -> Option<f64> {
        relation.weight_lasting(
            date,
            self.interpolation_of(relation),
            self.expiry_of(relation),
        )
    }

    /// [`Graph::weight_on`], with where the point in force is in the relation's series.
    pub fn weight_and_place_on(&self, relation: &Relation, date: Date) -> Option<(f64, usize)> {
        relation.weight_and_place(
            date,
            self.interpolation_of(relation),
            self.expiry_of(relation),
        )
    }

    /// The point behind `relation`'s weight on `date`: the point in force, unless it ended the
    /// tie or its weight has lapsed.
    pub fn point_behind<'r>(&self, relation: &'r Relation, date: Date) -> Option<&'r Point> {
        self.weight_on(relation, date)?;
        relation.point_on(date)
    }

    /// The id of the actor that `name` names: an actor id, else an actor's alias.
    ///
    /// ```
    /// let graph = detente::load::load_str(
    ///     "detente: 1\nactors:\n  lukashenko: {name: Lukashenko, kind: person, aliases: [Lukashenka]}\n",
    ///     "a.yaml",
    /// ).unwrap();
    /// assert_eq!(graph.resolve("Lukashenka").map(detente::model::Name::as_str), Some("lukashenko"));
    /// assert_eq!(graph.resolve("lukashenko").map(detente::model::Name::as_str), Some("lukashenko"));
    /// assert_eq!(graph.resolve("Lukashenko"), None);
    /// ```
    pub fn resolve(&self, name: &str) -> Option<&Id> {
        if let Some((id, _)) = self.actors.get_key_value(name) {
            return Some(id);
        }
        // The loader rejects an alias that is another actor's id or alias, so at most one matches.
        self.actors
            .values()
            .find(|a| a.aliases.iter().any(|alias| alias == name))
            .map(|a| &a.id)
    }

    /// The display name of an actor, or its id when it has none.
    pub fn actor_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.actors.get(id).map_or(id, |a| a.name.as_str())
    }

    /// Every day a weight lapses (a point of an expiring kind, `expires:`, not renewed by the
    /// next point before then), sorted and without repeats.
    pub fn lapse_dates(&self) -> Vec<Date> {
        let mut dates: Vec<Date> = self
            .relations
            .iter()
            .filter_map(|r| Some((r, self.expiry_of(r)?)))
            .flat_map(|(r, span)| {
                r.series.iter().enumerate().filter_map(move |(i, p)| {
                    let lapse = span.after(p.date)?;
                    let renewed = r.series.get(i + 1).is_some_and(|n| n.date <= lapse);
                    (!p.is_end() && !renewed).then_some(lapse)
                })
            })
            .collect();
        dates.sort();
        dates.dedup();
        dates
    }

    /// Every date mentioned by a series point, a post or an event, sorted and without repeats.
    pub fn dates(&self) -> Vec<Date> {
        let mut dates: Vec<Date> = self.mentioned_dates().collect();
        dates.sort();
        dates.dedup();
        dates
    }

    /// The first and the last of [`Graph::dates`], found without collecting and sorting every
    /// date (ten million at the scale `check` and `diff` read); `None` when there is no date.
    pub fn date_range(&self) -> Option<(Date, Date)> {
        self.mentioned_dates().fold(None, |range, d| {
            Some(range.map_or((d, d), |(first, last): (Date, Date)| {
                (first.min(d), last.max(d))
            }))
        })
    }

    /// Every date a series point, a post or an event mentions, in no order, with repeats.
    fn mentioned_dates(&self) -> impl Iterator<Item = Date> + '_ {
        self.relations
            .iter()
            .flat_map(|r| r.series.iter().map(|p| p.date))
            .chain(self.actors.values().flat_map(|a| {
                a.posts
                    .iter()
                    .flat_map(|p| p.from.into_iter().chain(p.until))
            }))
            .chain(self.events.values().map(|e| e.date))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_date_range_is_the_first_and_last_of_the_dates() {
        let graph = crate::load::load_path(std::path::Path::new("graphs/us-belarus.yaml")).unwrap();
        let dates = graph.dates();
        assert_eq!(graph.date_range(), Some((dates[0], *dates.last().unwrap())));
        // Posts and events count, not only points: an event after every point ends the range.
        let mut later = graph.clone();
        let after: Date = "2031-01-01".parse().unwrap();
        assert!(after > *dates.last().unwrap());
        later.events.values_mut().next().unwrap().date = after;
        assert_eq!(later.date_range(), Some((dates[0], after)));
        assert_eq!(Graph::default().date_range(), None);
    }
}
