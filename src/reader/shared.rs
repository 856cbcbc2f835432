//! The parts that graph files and scenario files write alike: a post, a membership, a series
//! point.

use super::located::{OneOrMany, RawBound, RawDate, Text};
use super::raw_struct;

raw_struct! {
    /// An office held for a period.
    pub struct RawPost {
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
    /// A period in which a collective is part of another.
    pub struct RawMembership {
        of: Text = ["of"],
        from: RawBound = ["from"],
        until: RawBound = ["until"],
        sources: OneOrMany = ["sources", "source"],
        note: Text = ["note"],
    }
}

raw_struct! {
    /// One dated point of a series.
    pub struct RawPoint {
        date: RawDate = ["date"],
        weight: f64 = ["weight"],
        end: bool = ["end"],
        note: Text = ["note"],
        event: Text = ["event"],
        sources: OneOrMany = ["sources", "source"],
    }
}
