//! The parts that graph files and scenario files write alike: a post, a membership, a series
//! point.

use super::checker::Checker;
use super::diagnostic::Position;
use super::located::{Got, List, Located, OneOrMany, RawBound, RawDate, Text};
use super::raw_struct;
use crate::model::{PointValue, Scale};

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
        confidence: f64 = ["confidence"],
        range: List<Located<Got<f64>>> = ["range"],
        count: u64 = ["count"],
    }
}

/// A point's `confidence:` and `range:`, checked: a confidence in `[0, 1]`, a range of two numbers
/// `[low, high]` with low ≤ weight ≤ high (and within `scale` when it is known), neither on an
/// end point. `value` is the point's value when it could be read. `None` when something is wrong
/// (reported in `c`).
pub(crate) fn confidence_of(
    c: &mut Checker,
    p: &RawPoint,
    value: Option<PointValue>,
    scale: Option<Scale>,
) -> Option<(Option<f64>, Option<[f64; 2]>)> {
    let mut ok = true;
    let confidence = c.get(&p.confidence, "confidence");
    ok &= confidence.is_some() || p.confidence.is_none();
    if let Some((&level, at)) = confidence
        && !(0.0..=1.0).contains(&level)
    {
        c.error(at, format!("confidence {level} is outside [0, 1]"))
            .help = Some("write 1 for certain, 0.5 for an even guess, 0 for no confidence".into());
        ok = false;
    }
    let range = c.get(&p.range, "range");
    ok &= range.is_some() || p.range.is_none();
    let mut bounds = None;
    if let Some((List(items), at)) = range {
        let numbers: Vec<f64> = items
            .iter()
            .filter_map(|item| match &item.value {
                Got::Ok(x) => Some(*x),
                Got::Wrong(found) => {
                    c.wrong(item.at, "range", "a number", found);
                    None
                }
            })
            .collect();
        match numbers.as_slice() {
            _ if numbers.len() != items.len() => ok = false,
            &[low, high] => bounds = range_problem(c, at, low, high, value, scale),
            _ => {
                c.error(
                    at,
                    format!("`range` needs two numbers, found {}", items.len()),
                )
                .help = Some("write `range: [low, high]`, e.g. `range: [0.1, 0.4]`".into());
            }
        }
        ok &= bounds.is_some();
    }
    let ends = value == Some(PointValue::End);
    for (at, name) in [
        (confidence.map(|(_, at)| at), "confidence"),
        (range.map(|(_, at)| at), "range"),
    ] {
        if let Some(at) = at
            && ends
        {
            c.error(at, format!("an end point has no weight, so no `{name}`"))
                .help = Some(format!("remove `{name}`, or give the point a `weight:`"));
            ok = false;
        }
    }
    ok.then(|| (confidence.map(|(&level, _)| level), bounds))
}

/// Checks `range: [low, high]` against the point's weight and the scale.
fn range_problem(
    c: &mut Checker,
    at: Position,
    low: f64,
    high: f64,
    value: Option<PointValue>,
    scale: Option<Scale>,
) -> Option<[f64; 2]> {
    if !(low.is_finite() && high.is_finite() && low <= high) {
        c.error(at, format!("range [{low}, {high}] is not low to high"))
            .help = Some("write the lower bound first, e.g. `range: [0.1, 0.4]`".into());
        return None;
    }
    if let Some(scale) = scale
        && !(scale.contains(low) && scale.contains(high))
    {
        c.error(
            at,
            format!(
                "range [{low}, {high}] is outside the scale [{}, {}]",
                scale.min, scale.max
            ),
        )
        .help = Some("keep both bounds within the scale".into());
        return None;
    }
    if let Some(PointValue::Weight(w)) = value
        && !(low <= w && w <= high)
    {
        c.error(
            at,
            format!("range [{low}, {high}] does not contain the weight {w}"),
        )
        .help = Some("a range gives the weights possible around the point's own".into());
        return None;
    }
    Some([low, high])
}
