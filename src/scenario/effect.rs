//! What applied edits did: one effect per edit, for `scenario list` and for scripts.

use super::edit::TieRef;
use crate::model::{ActorKind, Attribute, Date, Graph, Id, Membership, PointValue, Post};

/// What one applied edit did to the graph, for `scenario list` and for scripts.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(tag = "edit", rename_all = "snake_case")]
pub enum Effect {
    /// A weight was set from a date.
    Set {
        /// The tie.
        tie: TieRef,
        /// The date.
        date: Date,
        /// The tie's weight on the date before the edit (`None`: absent then).
        before: Option<f64>,
        /// The weight from the date.
        after: f64,
        /// The point the edit replaced on that date, if there was one.
        replaced: Option<PointValue>,
    },
    /// A weight was shifted from a date on.
    Shift {
        /// The tie.
        tie: TieRef,
        /// The date.
        date: Date,
        /// The amount added.
        delta: f64,
        /// The weight on the date before the edit.
        before: Option<f64>,
        /// The weight on the date after the edit.
        after: Option<f64>,
        /// How many later points were shifted too.
        later_points: usize,
        /// How many shifted weights were clamped to the scale.
        clamped: usize,
    },
    /// A tie was ended.
    End {
        /// The tie.
        tie: TieRef,
        /// The first day without it.
        date: Date,
        /// Its weight on the date before the edit.
        before: Option<f64>,
        /// How many later points were dropped.
        dropped: usize,
    },
    /// An actor was added.
    AddActor {
        /// Its id.
        id: Id,
        /// Its kind.
        kind: ActorKind,
        /// How many posts it holds.
        posts: usize,
    },
    /// An actor was removed with everything that needs it.
    RemoveActor {
        /// Its id.
        id: Id,
        /// The ties removed with it.
        ties: Vec<TieRef>,
        /// How many posts were removed (its own, and those held in it).
        posts: usize,
        /// The events it was removed from.
        events: Vec<Id>,
    },
    /// A relation was added.
    AddRelation {
        /// The tie.
        tie: TieRef,
        /// Its number of points.
        points: usize,
    },
    /// A relation was removed.
    RemoveRelation {
        /// The tie.
        tie: TieRef,
        /// How many points its series had.
        points: usize,
    },
    /// A person took up a post.
    AddPost {
        /// The person.
        actor: Id,
        /// The post.
        post: Post,
    },
    /// A person left a post.
    EndPost {
        /// The person.
        actor: Id,
        /// The post as it now reads.
        post: Post,
        /// The end it had before (`None`: open-ended).
        previous_until: Option<Date>,
    },
    /// A collective became part of another.
    AddPartOf {
        /// The collective.
        actor: Id,
        /// The period.
        membership: Membership,
    },
    /// A collective stopped being part of another.
    EndPartOf {
        /// The collective.
        actor: Id,
        /// The period as it now reads.
        membership: Membership,
        /// The end it had before (`None`: open-ended).
        previous_until: Option<Date>,
    },
    /// An actor got another name.
    AddAlias {
        /// The actor.
        actor: Id,
        /// The alias.
        alias: String,
    },
    /// An attribute was set.
    SetAttribute {
        /// The actor.
        actor: Id,
        /// The attribute's name.
        name: String,
        /// Its value before (`None`: absent).
        before: Option<Attribute>,
        /// Its value now.
        after: Attribute,
    },
    /// An event was added.
    AddEvent {
        /// Its id.
        id: Id,
        /// Its date.
        date: Date,
    },
}

/// The result of applying edits: the new graph and what each edit did.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The graph with every edit applied.
    pub graph: Graph,
    /// One effect per edit, in order.
    pub effects: Vec<Effect>,
}
