//! Edits as data: what a scenario changes in its base graph, one value per edit.

use std::fmt;

use crate::model::{
    Actor, Attribute, Date, Ends, Event, Graph, Id, Membership, Name, Post, Relation, RelationKey,
};

/// A tie as an edit addresses it: its two ends, as written, and its kind.
///
/// A mutual tie matches its relation whatever the order of its ends; a directed one only in its
/// own direction. The order is kept so that output reads the way the user wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TieRef {
    /// The two ends and whether the tie is directed.
    pub ends: Ends,
    /// The relation's kind (`relation` when the file leaves it out).
    pub kind: Name,
}

impl TieRef {
    /// A mutual tie between `a` and `b` (either order).
    pub fn mutual(a: &str, b: &str, kind: &str) -> TieRef {
        TieRef {
            ends: Ends::Mutual(a.into(), b.into()),
            kind: kind.into(),
        }
    }

    /// A directed tie from `from` to `to`.
    pub fn directed(from: &str, to: &str, kind: &str) -> TieRef {
        TieRef {
            ends: Ends::Directed {
                from: from.into(),
                to: to.into(),
            },
            kind: kind.into(),
        }
    }

    /// The identity of the relation this addresses.
    pub fn key(&self) -> RelationKey {
        match &self.ends {
            Ends::Mutual(a, b) => RelationKey::mutual(a, b, &self.kind),
            Ends::Directed { from, to } => RelationKey::directed(from, to, &self.kind),
        }
    }
}

impl From<RelationKey> for TieRef {
    fn from(key: RelationKey) -> TieRef {
        let ends = if key.directed {
            Ends::Directed {
                from: key.from,
                to: key.to,
            }
        } else {
            Ends::Mutual(key.from, key.to)
        };
        TieRef {
            ends,
            kind: key.kind,
        }
    }
}

impl From<&RelationKey> for TieRef {
    fn from(key: &RelationKey) -> TieRef {
        TieRef::from(key.clone())
    }
}

/// `USA -- BLR (diplomatic)` or `kellogg -> lukashenko (contact)`, ends in the order written.
impl fmt::Display for TieRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (a, b) = self.ends.pair();
        let arrow = if self.ends.is_directed() { "->" } else { "--" };
        write!(f, "{a} {arrow} {b} ({})", self.kind)
    }
}

/// Serialises as `{"from", "to", "kind", "directed"}`, ends in the order written.
impl serde::Serialize for TieRef {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let (a, b) = self.ends.pair();
        let mut s = serializer.serialize_struct("TieRef", 5)?;
        // The canonical key every output joins ties on (`FROM|TO|KIND`, ends in output order),
        // beside the ends as the edit names them.
        s.serialize_field("key", &self.key().tie())?;
        s.serialize_field("from", a)?;
        s.serialize_field("to", b)?;
        s.serialize_field("kind", &self.kind)?;
        s.serialize_field("directed", &self.ends.is_directed())?;
        s.end()
    }
}

/// What stands behind a point an edit writes: a note, an event, sources (as on series points).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Provenance {
    /// A free-text note.
    pub note: Option<String>,
    /// The event behind the change (an id declared in the base or added by an earlier edit).
    pub event: Option<Id>,
    /// The sources behind the value (declared ids).
    pub sources: Vec<Id>,
    /// How sure the scenario's author is of the new weight, from 0 to 1 (`set` and `shift`).
    pub confidence: Option<f64>,
}

impl Provenance {
    /// Provenance with only a note.
    pub fn note(note: impl Into<String>) -> Provenance {
        Provenance {
            note: Some(note.into()),
            ..Provenance::default()
        }
    }

    /// Whether nothing is given.
    pub fn is_empty(&self) -> bool {
        self.note.is_none()
            && self.event.is_none()
            && self.sources.is_empty()
            && self.confidence.is_none()
    }
}

/// One change to a graph. The exact semantics of each are in `docs/scenarios.md`.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// The tie has `weight` from `date`: adds the point on that date, or replaces the one there.
    Set {
        /// The tie (it must exist).
        tie: TieRef,
        /// From when.
        date: Date,
        /// The new weight, in the graph's scale.
        weight: f64,
        /// What stands behind the new point.
        why: Provenance,
    },
    /// Adds `delta` to the tie's weight from `date` on: every weight point on or after the date,
    /// plus a point on the date with the shifted weight of that day. Results are clamped to the
    /// scale.
    Shift {
        /// The tie (it must exist).
        tie: TieRef,
        /// From when.
        date: Date,
        /// What to add (negative to cool a tie).
        delta: f64,
        /// What stands behind the point on the date.
        why: Provenance,
    },
    /// The tie ends on `date` for good: an end point on the date, and every later point dropped.
    End {
        /// The tie (it must exist before the date).
        tie: TieRef,
        /// The first day without the tie.
        date: Date,
        /// What stands behind the end.
        why: Provenance,
    },
    /// A new actor (with its posts, if a person).
    AddActor(Actor),
    /// Removes an actor, every tie it is an end of, every post it holds or that is held in it,
    /// and its mentions in events.
    RemoveActor {
        /// The actor's id.
        id: Id,
    },
    /// A new relation with its series.
    AddRelation(Relation),
    /// Removes a relation and its whole series.
    RemoveRelation {
        /// The tie (it must exist).
        tie: TieRef,
    },
    /// A person takes up a post.
    AddPost {
        /// The person's id.
        actor: Id,
        /// The post.
        post: Post,
    },
    /// A person leaves the post they hold on `date` (its `until` becomes `date`).
    EndPost {
        /// The person's id.
        actor: Id,
        /// The first day out of office.
        date: Date,
        /// Which post, when the person holds more than one on the date.
        title: Option<String>,
    },
    /// A collective becomes part of another for a period (`add_part_of`).
    AddPartOf {
        /// The collective's id.
        actor: Id,
        /// The period, and the collective it is part of.
        membership: Membership,
    },
    /// A collective stops being part of `of` on `date`: the period held then ends
    /// (`end_part_of`).
    EndPartOf {
        /// The collective's id.
        actor: Id,
        /// The collective it leaves.
        of: Id,
        /// The first day no longer part of it.
        date: Date,
    },
    /// Another name for an actor (`add_alias`).
    AddAlias {
        /// The actor's id.
        actor: Id,
        /// The new alias.
        alias: String,
    },
    /// Sets a free attribute of an actor, adding or replacing it (`set_attribute`).
    SetAttribute {
        /// The actor's id.
        actor: Id,
        /// The attribute's name.
        name: String,
        /// Its new value.
        value: Attribute,
    },
    /// A new event, which later edits' points may cite.
    AddEvent {
        /// The event's id.
        id: Id,
        /// The event.
        event: Event,
    },
}

impl Edit {
    /// The edit with every actor it names written as an id: a name that is an actor's alias in
    /// `graph` ([`Graph::resolve`]) becomes that actor's id; anything else is left for
    /// [`crate::scenario::apply`] to check.
    pub fn resolve_actors(&mut self, graph: &Graph) {
        let resolve = |name: &mut Id| {
            if let Some(id) = graph.resolve(name) {
                *name = id.clone();
            }
        };
        let ends = |ends: &mut Ends| match ends {
            Ends::Mutual(a, b) => {
                resolve(a);
                resolve(b);
            }
            Ends::Directed { from, to } => {
                resolve(from);
                resolve(to);
            }
        };
        match self {
            Edit::Set { tie, .. }
            | Edit::Shift { tie, .. }
            | Edit::End { tie, .. }
            | Edit::RemoveRelation { tie } => ends(&mut tie.ends),
            Edit::AddActor(actor) => actor.posts.iter_mut().for_each(|p| resolve(&mut p.of)),
            Edit::RemoveActor { id } => resolve(id),
            Edit::AddRelation(relation) => ends(&mut relation.ends),
            Edit::AddPost { actor, post } => {
                resolve(actor);
                resolve(&mut post.of);
            }
            Edit::EndPost { actor, .. }
            | Edit::AddAlias { actor, .. }
            | Edit::SetAttribute { actor, .. } => resolve(actor),
            Edit::AddPartOf { actor, membership } => {
                resolve(actor);
                resolve(&mut membership.of);
            }
            Edit::EndPartOf { actor, of, .. } => {
                resolve(actor);
                resolve(of);
            }
            Edit::AddEvent { event, .. } => event.actors.iter_mut().for_each(resolve),
        }
    }

    /// The edit's name as the scenario file writes it (`set`, `add_actor`...).
    pub fn name(&self) -> &'static str {
        match self {
            Edit::Set { .. } => "set",
            Edit::Shift { .. } => "shift",
            Edit::End { .. } => "end",
            Edit::AddActor(_) => "add_actor",
            Edit::RemoveActor { .. } => "remove_actor",
            Edit::AddRelation(_) => "add_relation",
            Edit::RemoveRelation { .. } => "remove_relation",
            Edit::AddPost { .. } => "add_post",
            Edit::EndPost { .. } => "end_post",
            Edit::AddPartOf { .. } => "add_part_of",
            Edit::EndPartOf { .. } => "end_part_of",
            Edit::AddAlias { .. } => "add_alias",
            Edit::SetAttribute { .. } => "set_attribute",
            Edit::AddEvent { .. } => "add_event",
        }
    }

    /// The date the edit takes effect, for edits that have one.
    pub fn date(&self) -> Option<Date> {
        match self {
            Edit::Set { date, .. }
            | Edit::Shift { date, .. }
            | Edit::End { date, .. }
            | Edit::EndPost { date, .. }
            | Edit::EndPartOf { date, .. } => Some(*date),
            Edit::AddPost { post, .. } => post.from,
            Edit::AddPartOf { membership, .. } => membership.from,
            Edit::AddEvent { event, .. } => Some(event.date),
            Edit::AddRelation(r) => r.series.first().map(|p| p.date),
            Edit::AddActor(_)
            | Edit::RemoveActor { .. }
            | Edit::RemoveRelation { .. }
            | Edit::AddAlias { .. }
            | Edit::SetAttribute { .. } => None,
        }
    }
}
