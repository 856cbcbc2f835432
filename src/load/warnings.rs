//! What `check` warns about in a valid file: things that load but are likely mistakes (an actor
//! kind used once and close to another, a kind declared under `relation_kinds:` that no relation
//! has) and weights carried stale, past a kind's `stale:` span, to the graph's end. Each warning
//! is a [`Diagnostic`] with its position, like an error; `check --strict` reports them as errors.
//!
//! A valid file is read without positions. The warnings are found in the graph, and only when
//! there are some is the file read once more, with positions, to locate them, as the
//! diagnostics of an invalid one are: a large file that is fine costs no second reading.

use std::cell::LazyCell;
use std::collections::BTreeMap;

use super::{Diagnostic, Positions};
use crate::model::{ActorKind, BUILT_IN_KINDS, Date, Graph, Span};
use crate::reader::{Got, Position, Text, did_you_mean, locating};

/// The warnings about a valid file: its `text` (YAML or JSON) and the `graph` loaded from it, in
/// file order.
///
/// # Arguments
/// * `stale_after`: the stale span of kinds that declare none (`check --stale-after`); a kind's
///   own `stale:` wins.
pub fn warnings(text: &str, graph: &Graph, stale_after: Option<Span>) -> Vec<Diagnostic> {
    // Actor kinds are checked on the graph's first: a kind is written as the graph holds it.
    let mut out = if kind_typos(&graph_kinds(graph)).is_empty() {
        Vec::new()
    } else {
        actor_kind_typos(text)
    };
    if !graph.relation_kinds.is_empty() || stale_after.is_some() {
        let positions = LazyCell::new(|| super::positions(text).unwrap_or_default());
        out.extend(relation_warnings(graph, &positions, stale_after));
    }
    out.sort_by_key(|d| d.position);
    out
}

/// Whether [`warnings`] finds anything in the file of `graph`, found without its text: a caller
/// need not read a large file again when there is nothing to warn about.
pub fn has_warnings(graph: &Graph, stale_after: Option<Span>) -> bool {
    !kind_typos(&graph_kinds(graph)).is_empty()
        || ((!graph.relation_kinds.is_empty() || stale_after.is_some())
            && !relation_warnings(graph, &LazyCell::new(Positions::default), stale_after)
                .is_empty())
}

/// The kind of each actor of `graph`, unlocated.
fn graph_kinds(graph: &Graph) -> Vec<(String, Position)> {
    graph
        .actors
        .values()
        .map(|a| (a.kind.as_str().to_string(), Position { line: 0, column: 0 }))
        .collect()
}

/// The actor kinds that look like typos of another, read from `text`; none when it cannot be
/// read.
fn actor_kind_typos(text: &str) -> Vec<Diagnostic> {
    let Ok(raw) = locating(|| super::parse_yaml(text)) else {
        return Vec::new();
    };
    let Got::Ok(graph) = raw.value else {
        return Vec::new();
    };
    let mut kinds: Vec<(String, Position)> = Vec::new();
    if let Some(Got::Ok(crate::reader::Entries(actors))) = graph.actors.map(|a| a.value) {
        for (_, actor) in actors {
            if let Got::Ok(actor) = actor.value
                && let Some(kind) = actor.kind
                && let Got::Ok(Text(text)) = kind.value
            {
                kinds.push((text, kind.at));
            }
        }
    }
    kind_typos(&kinds)
}

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
fn relation_warnings(
    graph: &Graph,
    positions: &impl std::ops::Deref<Target = Positions>,
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
    let Some((_, end)) = graph.date_range() else {
        return out;
    };
    for (i, relation) in graph.relations.iter().enumerate() {
        let rules = graph.relation_kinds.get(relation.kind.as_str());
        let Some(span) = rules.and_then(|k| k.stale).or(stale_after) else {
            continue;
        };
        let Some(last) = relation.series.last() else {
            continue;
        };
        if last.is_end() || graph.weight_on(relation, end).is_none() {
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

/// A warning for each open kind used by one actor only that is within two edits of a built-in
/// kind or of another kind of the file: `stat` is likely `state`, `grup` likely `group`.
fn kind_typos(kinds: &[(String, Position)]) -> Vec<Diagnostic> {
    let mut uses: BTreeMap<&str, usize> = BTreeMap::new();
    for (kind, _) in kinds {
        // `organization` is the built-in `organisation`, spelt the American way.
        let kind = ActorKind::parse(kind).map_or(kind.as_str(), |k| match k {
            ActorKind::Other(_) => kind.as_str(),
            _ => "",
        });
        *uses.entry(kind).or_default() += 1;
    }
    let mut out = Vec::new();
    for (kind, at) in kinds {
        if !matches!(ActorKind::parse(kind), Ok(ActorKind::Other(_))) || uses[kind.as_str()] != 1 {
            continue;
        }
        let candidates = BUILT_IN_KINDS
            .iter()
            .copied()
            .chain(uses.keys().copied().filter(|k| !k.is_empty() && *k != kind));
        let closest = candidates
            .map(|c| (strsim::damerau_levenshtein(kind, c), c))
            .filter(|(d, _)| *d <= 2)
            .min();
        if let Some((_, like)) = closest {
            out.push(
                Diagnostic::new(
                    Some(*at),
                    format!("actor kind `{kind}` is used only here, and is close to `{like}`"),
                )
                .with_help(format!(
                    "did you mean `{like}`? If `{kind}` is meant, ignore this warning"
                )),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kind_used_once_near_another_is_a_likely_typo() {
        let text = "detente: 1\nactors:\n  A: {name: A, kind: stat}\n  B: {name: B, kind: group}\n  \
                    C: {name: C, kind: group}\n  D: {name: D, kind: grop}\n  E: {name: E, kind: \
                    armed_group}\n  F: {name: F, kind: organization}\n";
        let got: Vec<(u32, String)> = actor_kind_typos(text)
            .into_iter()
            .map(|d| (d.position.unwrap().line, d.message))
            .collect();
        assert_eq!(
            got,
            [
                (
                    3,
                    "actor kind `stat` is used only here, and is close to `state`".to_string()
                ),
                (
                    6,
                    "actor kind `grop` is used only here, and is close to `group`".to_string()
                ),
            ]
        );
    }

    #[test]
    fn the_graph_tells_whether_there_is_anything_to_locate() {
        let head =
            "detente: 1\nactors:\n  A: {name: A, kind: state}\n  B: {name: B, kind: group}\n";
        let ties = "relations:\n  - between: [A, B]\n    kind: trade\n    series:\n      - {date: 2019, weight: 0.5}\n  - between: [A, B]\n    series:\n      - {date: 2024, weight: 0.5}\n";
        // The file, `--stale-after`, and the first warning's line and start (or none).
        type Case<'a> = (String, Option<Span>, Option<(u32, &'a str)>);
        let cases: [Case; 5] = [
            (format!("{head}{ties}"), None, None),
            (
                format!("{head}  C: {{name: C, kind: stat}}\n{ties}"),
                None,
                Some((5, "actor kind `stat`")),
            ),
            (
                format!("{head}relation_kinds:\n  aid: {{}}\n{ties}"),
                None,
                Some((6, "relation kind `aid`")),
            ),
            (
                format!("{head}{ties}"),
                Some("2y".parse().unwrap()),
                Some((9, "A -- B (trade) is stale")),
            ),
            (format!("{head}{ties}"), Some("10y".parse().unwrap()), None),
        ];
        for (text, stale_after, first) in cases {
            let graph = crate::load::load_str(&text, "t.yaml").unwrap();
            let found = warnings(&text, &graph, stale_after);
            assert_eq!(
                has_warnings(&graph, stale_after),
                !found.is_empty(),
                "{text}"
            );
            let got = found
                .first()
                .map(|d| (d.position.unwrap().line, d.message.as_str()));
            match (got, first) {
                (None, None) => {}
                (Some((line, message)), Some((want_line, start))) => {
                    assert_eq!(line, want_line, "{message}");
                    assert!(message.starts_with(start), "{message}");
                }
                _ => panic!("{got:?} but expected {first:?} in\n{text}"),
            }
        }
    }
}
