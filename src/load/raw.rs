//! Serde structs that mirror a graph file as written, with source locations, before any checking.
//!
//! They are built from the shared reader's lenient values ([`crate::reader`]): every value is read
//! into a [`Got`], and every map records its unknown and repeated keys, so that the validator
//! ([`super::validate`]) reports every problem at once. Series and relations are the exception
//! when positions are not recorded: they become model values as they are read.

use serde::de::SeqAccess;

use crate::model::{Attribute, Point, Relation};
use crate::reader::{
    Entries, Got, List, Located, OneOrMany, RawDate, RawMembership, RawPoint, RawPost, Shape, Text,
    is_locating, raw_struct,
};

/// A relation's series: raw located points when locating, else model points converted as they
/// are read (so that a large file never holds all its raw points at once).
#[derive(Debug)]
pub enum Series {
    /// Every point as written, with positions.
    Located(Vec<Located<Got<RawPoint>>>),
    /// The points, unchecked against the scale and the declared ids and unsorted; `false` when
    /// some point could not be converted (the file is then read again with positions).
    Quick(Vec<Point>, bool),
}

impl<'de> Shape<'de> for Series {
    const EXPECTED: &'static str = "a list of points";
    fn from_seq<A: SeqAccess<'de>>(mut seq: A) -> Result<Option<Self>, A::Error> {
        if is_locating() {
            return Ok(List::from_seq(seq)?.map(|List(points)| Series::Located(points)));
        }
        let mut points = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        let mut ok = true;
        while let Some(point) = seq.next_element::<Got<RawPoint>>()? {
            match point {
                Got::Ok(raw) => match super::validate::quick_point(raw) {
                    Some(p) => points.push(p),
                    None => ok = false,
                },
                Got::Wrong(_) => ok = false,
            }
        }
        // Growth by doubling leaves up to half of each series unused; across a million points
        // that is tens of megabytes.
        points.shrink_to_fit();
        Ok(Some(Series::Quick(points, ok)))
    }
}

/// The relations: raw located ones when locating, else model relations converted as they are read,
/// whose ends, kinds and series are not yet checked against the rest of the file.
#[derive(Debug)]
pub enum Relations {
    /// Every relation as written, with positions.
    Located(Vec<Located<Got<RawRelation>>>),
    /// The relations; `false` when some relation could not be converted (the file is then read
    /// again with positions).
    Quick(Vec<Relation>, bool),
}

impl<'de> Shape<'de> for Relations {
    const EXPECTED: &'static str = "a list";
    fn from_seq<A: SeqAccess<'de>>(mut seq: A) -> Result<Option<Self>, A::Error> {
        if is_locating() {
            return Ok(List::from_seq(seq)?.map(|List(items)| Relations::Located(items)));
        }
        let mut relations = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        let mut ok = true;
        while let Some(relation) = seq.next_element::<Got<RawRelation>>()? {
            match relation {
                Got::Ok(raw) => match super::validate::quick_relation(raw) {
                    Some(r) => relations.push(r),
                    None => ok = false,
                },
                Got::Wrong(_) => ok = false,
            }
        }
        relations.shrink_to_fit();
        Ok(Some(Relations::Quick(relations, ok)))
    }
}

/// The format version as written: `1` or `1.1` (YAML reads the second as a number).
#[derive(Debug, Clone)]
pub struct RawVersion(pub String);

impl Shape<'_> for RawVersion {
    const EXPECTED: &'static str = "a format version (`1` or `1.1`)";
    fn from_u64(v: u64) -> Option<Self> {
        Some(RawVersion(v.to_string()))
    }
    fn from_f64(v: f64) -> Option<Self> {
        // Beyond a few digits a float prints in a form no version is written in.
        (v.is_finite() && v.abs() < 1e6).then(|| RawVersion(v.to_string()))
    }
}

raw_struct! {
    /// The whole file.
    pub struct RawGraph {
        detente: RawVersion = ["detente"],
        title: Text = ["title"],
        description: Text = ["description"],
        interpolation: Text = ["interpolation"],
        scale: RawScale = ["scale"],
        sources: Entries<Located<Got<RawSource>>> = ["sources"],
        actors: Entries<Located<Got<RawActor>>> = ["actors"],
        relations: Relations = ["relations"],
        events: Entries<Located<Got<RawEvent>>> = ["events"],
        relation_kinds: Entries<Located<Got<RawKindRules>>> = ["relation_kinds"],
    }
}

raw_struct! {
    /// What one relation kind means: `contact: {expires: 90d, stale: 1y}`.
    pub struct RawKindRules {
        expires: Text = ["expires"],
        signed: bool = ["signed"],
        factor: f64 = ["factor"],
        stale: Text = ["stale"],
        style: RawKindStyle = ["style"],
    }
}

raw_struct! {
    /// A kind's diagram hint: `{color: "#1f77b4", line: dashed}`.
    pub struct RawKindStyle {
        color: Text = ["color", "colour"],
        line: Text = ["line"],
    }
}

raw_struct! {
    /// `scale: {min: -10, max: 10}`.
    pub struct RawScale {
        min: f64 = ["min"],
        max: f64 = ["max"],
    }
}

raw_struct! {
    /// A cited source.
    pub struct RawSource {
        title: Text = ["title"],
        publisher: Text = ["publisher"],
        date: RawDate = ["date"],
        url: Text = ["url"],
    }
}

raw_struct! {
    /// A state, organisation or person.
    pub struct RawActor {
        name: Text = ["name"],
        kind: Text = ["kind"],
        posts: List<Located<Got<RawPost>>> = ["posts"],
        note: Text = ["note"],
        aliases: List<Located<Got<Text>>> = ["aliases"],
        attributes: Entries<Located<Got<Attribute>>> = ["attributes"],
        part_of: List<Located<Got<RawMembership>>> = ["part_of"],
    }
}

raw_struct! {
    /// A tie and its series.
    pub struct RawRelation {
        between: List<Located<Got<Text>>> = ["between"],
        from: Text = ["from"],
        to: Text = ["to"],
        kind: Text = ["kind"],
        interpolation: Text = ["interpolation"],
        note: Text = ["note"],
        series: Series = ["series"],
    }
}

raw_struct! {
    /// Something that happened.
    pub struct RawEvent {
        date: RawDate = ["date"],
        title: Text = ["title"],
        actors: List<Located<Got<Text>>> = ["actors"],
        sources: OneOrMany = ["sources", "source"],
        description: Text = ["description"],
    }
}
