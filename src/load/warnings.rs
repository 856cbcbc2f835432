//! What `check` warns about in a valid file: kinds declared under `relation_kinds:` that no
//! relation has, and weights carried stale, past a kind's `stale:` span, to the graph's end.
//!
//! A warning never makes a file invalid; it names a likely mistake or a value that has rested on
//! an old point for too long.

use super::Positions;
use crate::model::{Date, Graph, PointValue, Span};
use crate::reader::{Diagnostic, did_you_mean};

/// The warnings about `graph`, located with `positions` (from [`super::positions`]).
///
/// # Arguments
/// * `stale_after`: the stale span of kinds that declare none (`check --stale-after`); a kind's
///   own `stale:` wins.
///
/// A tie is stale when its last point holds a weight and the graph's end (the latest date the
/// file mentions: a point, a post or an event) comes more than the span after that point, and
/// the weight has not lapsed by then (an expiring kind's weight is not carried). The warning is
/// located at the last point.
///
/// # Complexity
/// O(K·k + R) for K declared kinds, k kinds in use and R relations.
pub fn warnings(
    graph: &Graph,
    positions: &Positions,
    stale_after: Option<Span>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut used: Vec<&str> = graph.relations.iter().map(|r| r.kind.as_str()).collect();
    used.sort_unstable();
    used.dedup();
    for kind in graph.relation_kinds.keys() {
        if used.binary_search(&kind.as_str()).is_ok() {
            continue;
        }
        let help = match did_you_mean(kind, used.iter().map(|k| (*k, None))) {
            Some(s) => format!("did you mean {s}? no relation has the kind `{kind}`"),
            None => format!("no relation has the kind `{kind}`; remove it or correct the name"),
        };
        out.push(
            Diagnostic::new(
                positions.relation_kinds.get(kind).copied(),
                format!("relation kind `{kind}` is declared but never used"),
            )
            .with_help(help),
        );
    }
    let Some(&end) = graph.dates().last() else {
        return out;
    };
    for (i, relation) in graph.relations.iter().enumerate() {
        let rules = graph.relation_kinds.get(&relation.kind);
        let Some(span) = rules.and_then(|k| k.stale).or(stale_after) else {
            continue;
        };
        let Some(last) = relation.series.last() else {
            continue;
        };
        if last.value == PointValue::End || graph.weight_on(relation, end).is_none() {
            continue;
        }
        if span.after(last.date).is_none_or(|limit| end <= limit) {
            continue;
        }
        let at = positions
            .points
            .get(i)
            .and_then(|points| points.iter().rev().find(|(d, _)| *d == last.date))
            .map(|(_, at)| *at);
        out.push(stale(relation.key(), last.date, end, span, at));
    }
    out.sort_by_key(|d| d.position);
    out
}

fn stale(
    key: crate::model::RelationKey,
    last: Date,
    end: Date,
    span: Span,
    at: Option<crate::reader::Position>,
) -> Diagnostic {
    let days = last.days_until(end);
    Diagnostic::new(
        at,
        format!(
            "{key} is stale: its weight of {last} is carried {days} days to the graph's end ({end}), longer than {span}"
        ),
    )
    .with_help("add a later point that confirms or changes the weight, or end the tie")
}
