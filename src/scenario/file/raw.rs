//! Structs that mirror a scenario file as written, with source locations, before any check.
//!
//! They are built from the reader shared with graph files ([`crate::reader`]): every value
//! is read leniently into a [`Got`], and every map keeps its unknown and repeated keys, so that
//! the reader ([`super`]) reports every problem of a file at once.

use crate::model::Attribute;
use crate::reader::{
    Entries, Got, List, Located, OneOrMany, RawBound, RawDate, RawPoint, RawPost, Text, raw_struct,
};

/// A list of ids, each located.
pub(super) type Ids = List<Located<Got<Text>>>;

raw_struct! {
    /// The whole file.
    pub struct RawScenario {
        version: u64 = ["detente-scenario"],
        title: Text = ["title"],
        description: Text = ["description"],
        assumes: Text = ["assumes"],
        base: Text = ["base"],
        edits: List<Located<Got<RawEdit>>> = ["edits"],
    }
}

raw_struct! {
    /// One item of `edits:`, a map with a single key naming the kind of edit.
    pub struct RawEdit {
        set: RawSet = ["set"],
        shift: RawShift = ["shift"],
        end: RawEnd = ["end"],
        add_actor: RawAddActor = ["add_actor"],
        remove_actor: RawId = ["remove_actor"],
        add_relation: RawAddRelation = ["add_relation"],
        remove_relation: RawTie = ["remove_relation"],
        add_post: RawAddPost = ["add_post"],
        end_post: RawEndPost = ["end_post"],
        add_part_of: RawAddPartOf = ["add_part_of"],
        end_part_of: RawEndPartOf = ["end_part_of"],
        add_alias: RawAddAlias = ["add_alias"],
        set_attribute: RawSetAttribute = ["set_attribute"],
        add_event: RawAddEvent = ["add_event"],
    }
}

raw_struct! {
    /// `set`: a tie's weight from a date on.
    pub struct RawSet {
        between: Ids = ["between"],
        from: Text = ["from"],
        to: Text = ["to"],
        kind: Text = ["kind"],
        date: RawDate = ["date"],
        weight: f64 = ["weight"],
        note: Text = ["note"],
        event: Text = ["event"],
        source: OneOrMany = ["source", "sources"],
        confidence: f64 = ["confidence"],
    }
}

raw_struct! {
    /// `shift`: a tie's weight moved by a delta from a date on.
    pub struct RawShift {
        between: Ids = ["between"],
        from: Text = ["from"],
        to: Text = ["to"],
        kind: Text = ["kind"],
        date: RawDate = ["date"],
        delta: f64 = ["delta"],
        note: Text = ["note"],
        event: Text = ["event"],
        source: OneOrMany = ["source", "sources"],
        confidence: f64 = ["confidence"],
    }
}

raw_struct! {
    /// `end`: a tie ended on a date.
    pub struct RawEnd {
        between: Ids = ["between"],
        from: Text = ["from"],
        to: Text = ["to"],
        kind: Text = ["kind"],
        date: RawDate = ["date"],
        note: Text = ["note"],
        event: Text = ["event"],
        source: OneOrMany = ["source", "sources"],
    }
}

raw_struct! {
    /// `remove_relation`: which tie.
    pub struct RawTie {
        between: Ids = ["between"],
        from: Text = ["from"],
        to: Text = ["to"],
        kind: Text = ["kind"],
    }
}

raw_struct! {
    /// `remove_actor`: which actor.
    pub struct RawId {
        id: Text = ["id"],
    }
}

raw_struct! {
    /// `add_actor`: a new actor, its posts written as in a graph file.
    pub struct RawAddActor {
        id: Text = ["id"],
        name: Text = ["name"],
        kind: Text = ["kind"],
        posts: List<Located<Got<RawPost>>> = ["posts"],
        note: Text = ["note"],
        aliases: List<Located<Got<Text>>> = ["aliases"],
        attributes: Entries<Located<Got<Attribute>>> = ["attributes"],
    }
}

raw_struct! {
    /// `add_relation`: a new tie, its series written as in a graph file.
    pub struct RawAddRelation {
        between: Ids = ["between"],
        from: Text = ["from"],
        to: Text = ["to"],
        kind: Text = ["kind"],
        interpolation: Text = ["interpolation"],
        note: Text = ["note"],
        series: List<Located<Got<RawPoint>>> = ["series"],
    }
}

raw_struct! {
    /// `add_post`: an office taken up by an actor.
    pub struct RawAddPost {
        actor: Text = ["actor"],
        title: Text = ["title"],
        of: Text = ["of"],
        from: RawBound = ["from"],
        until: RawBound = ["until"],
        primary: bool = ["primary"],
        sources: OneOrMany = ["sources", "source"],
        note: Text = ["note"],
    }
}

raw_struct! {
    /// `end_post`: an office left on a date.
    pub struct RawEndPost {
        actor: Text = ["actor"],
        date: RawDate = ["date"],
        title: Text = ["title"],
    }
}

raw_struct! {
    /// `add_part_of`: a collective becomes part of another for a period.
    pub struct RawAddPartOf {
        actor: Text = ["actor"],
        of: Text = ["of"],
        from: RawBound = ["from"],
        until: RawBound = ["until"],
        sources: OneOrMany = ["sources", "source"],
        note: Text = ["note"],
    }
}

raw_struct! {
    /// `end_part_of`: a collective leaves another on a date.
    pub struct RawEndPartOf {
        actor: Text = ["actor"],
        of: Text = ["of"],
        date: RawDate = ["date"],
    }
}

raw_struct! {
    /// `add_alias`: another name for an actor.
    pub struct RawAddAlias {
        actor: Text = ["actor"],
        alias: Text = ["alias"],
    }
}

raw_struct! {
    /// `set_attribute`: a free attribute of an actor, added or replaced.
    pub struct RawSetAttribute {
        actor: Text = ["actor"],
        name: Text = ["name"],
        value: Attribute = ["value"],
    }
}

raw_struct! {
    /// `add_event`: a new event.
    pub struct RawAddEvent {
        id: Text = ["id"],
        date: RawDate = ["date"],
        title: Text = ["title"],
        actors: Ids = ["actors"],
        sources: OneOrMany = ["sources", "source"],
        description: Text = ["description"],
    }
}
