//! Edits of ties: `set`, `shift`, `end`, `add_relation` and `remove_relation`, and the
//! series surgery they share.

use super::Check;
use crate::model::{
    Date, Ends, Graph, Interpolation, Point, PointDetail, PointValue, Relation, RelationKey, Span,
};
use crate::scenario::edit::{Provenance, TieRef};
use crate::scenario::effect::Effect;
use crate::scenario::problem::Field;

/// `set`: the tie takes a weight from a date on.
pub(super) fn set(
    graph: &mut Graph,
    check: &mut Check,
    tie: &TieRef,
    date: &Date,
    weight: &f64,
    why: &Provenance,
) -> Option<Effect> {
    let index = check.relation(graph, tie);
    check.weight(graph, *weight, Field::at("weight"));
    check.provenance(graph, why);
    let index = index.filter(|_| check.ok())?;
    let interpolation = graph.interpolation_of(&graph.relations[index]);
    let expires = graph.expiry_of(&graph.relations[index]);
    let relation = &mut graph.relations[index];
    let before = relation.weight_lasting(*date, interpolation, expires);
    let replaced = edit_series(relation, *date, (interpolation, expires), |series| {
        put(series, point(*date, PointValue::Weight(*weight), why))
    });
    Some(Effect::Set {
        tie: tie.clone(),
        date: *date,
        before,
        after: *weight,
        replaced: replaced.map(|p| p.value()),
    })
}

/// `shift`: the tie's weight moves by a delta from a date on, later points included.
pub(super) fn shift(
    graph: &mut Graph,
    check: &mut Check,
    tie: &TieRef,
    date: &Date,
    delta: &f64,
    why: &Provenance,
) -> Option<Effect> {
    let index = check.relation(graph, tie);
    if !delta.is_finite() {
        check.fail(Field::at("delta"), "the delta is not a number", None);
    }
    check.provenance(graph, why);
    let index = index.filter(|_| check.ok())?;
    let scale = graph.scale;
    let interpolation = graph.interpolation_of(&graph.relations[index]);
    let expires = graph.expiry_of(&graph.relations[index]);
    let relation = &mut graph.relations[index];
    let before = relation.weight_lasting(*date, interpolation, expires);
    let mut later_points = 0;
    let mut clamped = 0;
    edit_series(relation, *date, (interpolation, expires), |series| {
        let mut shift = |w: f64| {
            let moved = w + delta;
            let kept = moved.clamp(scale.min, scale.max);
            if kept != moved {
                clamped += 1;
            }
            kept
        };
        for p in series.iter_mut().filter(|p| p.date >= *date) {
            if let PointValue::Weight(w) = p.value() {
                p.set_value(PointValue::Weight(shift(w)));
                if p.date > *date {
                    later_points += 1;
                } else {
                    merge(p, why);
                }
            }
        }
        if let Some(w) = before
            && !series.iter().any(|p| p.date == *date)
        {
            put(series, point(*date, PointValue::Weight(shift(w)), why));
        }
    });
    let after = relation.weight_lasting(*date, interpolation, expires);
    Some(Effect::Shift {
        tie: tie.clone(),
        date: *date,
        delta: *delta,
        before,
        after,
        later_points,
        clamped,
    })
}

/// `end`: the tie ends on a date; later points are dropped.
pub(super) fn end(
    graph: &mut Graph,
    check: &mut Check,
    tie: &TieRef,
    date: &Date,
    why: &Provenance,
) -> Option<Effect> {
    let index = check.relation(graph, tie);
    check.provenance(graph, why);
    if why.confidence.is_some() {
        check.fail(
            Field::at("confidence"),
            "an end has no weight, so no `confidence`",
            Some("remove `confidence`".to_string()),
        );
    }
    let index = index.filter(|_| check.ok())?;
    let interpolation = graph.interpolation_of(&graph.relations[index]);
    let expires = graph.expiry_of(&graph.relations[index]);
    let relation = &mut graph.relations[index];
    if let Some(first) = relation.series.first()
        && first.date >= *date
    {
        check.fail(
            Field::at("date"),
            format!(
                "the tie {tie} only begins on {}, so it cannot end on {date}",
                first.date
            ),
            Some("end it after its first point, or remove it with `remove_relation`".to_string()),
        );
        return None;
    }
    let before = relation.weight_lasting(*date, interpolation, expires);
    let mut dropped = 0;
    edit_series(relation, *date, (interpolation, expires), |series| {
        let keep = series.partition_point(|p| p.date < *date);
        dropped = series[keep..].iter().filter(|p| p.date > *date).count();
        series.truncate(keep);
        series.push(point(*date, PointValue::End, why));
    });
    Some(Effect::End {
        tie: tie.clone(),
        date: *date,
        before,
        dropped,
    })
}

/// `add_relation`: a new tie with its series.
pub(super) fn add_relation(
    graph: &mut Graph,
    check: &mut Check,
    relation: &Relation,
) -> Option<Effect> {
    let relation = checked_relation(graph, relation, check)?;
    let effect = Effect::AddRelation {
        tie: TieRef {
            ends: relation.ends.clone(),
            kind: relation.kind.clone(),
        },
        points: relation.series.len(),
    };
    graph.relations.push(relation);
    Some(effect)
}

/// `remove_relation`: the tie goes, with its series.
pub(super) fn remove_relation(
    graph: &mut Graph,
    check: &mut Check,
    tie: &TieRef,
) -> Option<Effect> {
    let index = check.relation(graph, tie)?;
    let relation = graph.relations.remove(index);
    Some(Effect::RemoveRelation {
        tie: tie.clone(),
        points: relation.series.len(),
    })
}

/// The relation an `add_relation` edit adds, once its ends, kind, interpolation and series check.
fn checked_relation(graph: &Graph, relation: &Relation, check: &mut Check) -> Option<Relation> {
    let ends_ok = check.ends(graph, &relation.ends);
    let (a, b) = relation.ends.pair();
    if ends_ok && a == b {
        check.fail(
            Field::EDIT,
            format!("a relation joins `{a}` to itself"),
            Some("a tie needs two different actors".to_string()),
        );
    }
    if relation.kind.trim().is_empty() {
        check.fail(Field::at("kind"), "a relation kind cannot be empty", None);
    }
    let key = relation.key();
    if ends_ok && position(graph, &key).is_some() {
        check.fail(
            Field::EDIT,
            format!(
                "the tie {} already exists",
                TieRef {
                    ends: relation.ends.clone(),
                    kind: relation.kind.clone(),
                }
            ),
            Some("change its weight with `set` or `shift`".to_string()),
        );
    }
    if relation.series.is_empty() {
        check.fail(
            Field::at("series"),
            "a relation's series is empty",
            Some("add at least one point, e.g. `{date: 2025-09, weight: 0.2}`".to_string()),
        );
    }
    let mut order: Vec<usize> = (0..relation.series.len()).collect();
    order.sort_by_key(|&i| (relation.series[i].date, i));
    for pair in order.windows(2) {
        if relation.series[pair[0]].date == relation.series[pair[1]].date {
            check.fail(
                Field::item("series", pair[1]),
                format!(
                    "two points on {} in one series",
                    relation.series[pair[1]].date
                ),
                Some("keep one point per date".to_string()),
            );
        }
    }
    if let Some(&first) = order.first()
        && relation.series[first].is_end()
    {
        check.fail(
            Field::item("series", first),
            format!(
                "the series starts with `end` on {}",
                relation.series[first].date
            ),
            Some("a tie must exist before it can end".to_string()),
        );
    }
    for (i, p) in relation.series.iter().enumerate() {
        if let PointValue::Weight(w) = p.value() {
            check.weight(graph, w, Field::item("series", i));
        }
        if let Some(event) = &p.event() {
            check.event(graph, event, Field::item("series", i));
        }
        for source in p.sources() {
            if !graph.sources.contains_key(source) {
                check.fail(
                    Field::item("series", i),
                    format!("unknown source `{source}`"),
                    None,
                );
            }
        }
    }
    if !check.ok() {
        return None;
    }
    let mut relation = relation.clone();
    relation.sort_series();
    Some(relation)
}

/// The index of the relation with identity `key`.
///
/// Compares ends and kind in place rather than building each relation's key: a scan with no
/// allocation, which for the few edits of a scenario costs less than building an index (applying
/// is dominated by copying the base).
pub(super) fn position(graph: &Graph, key: &RelationKey) -> Option<usize> {
    graph.relations.iter().position(|r| {
        r.kind == key.kind
            && match &r.ends {
                Ends::Mutual(a, b) => {
                    !key.directed
                        && ((*a == key.from && *b == key.to) || (*a == key.to && *b == key.from))
                }
                Ends::Directed { from, to } => key.directed && *from == key.from && *to == key.to,
            }
    })
}

/// A point on `date` with what the edit says stands behind it.
fn point(date: Date, value: PointValue, why: &Provenance) -> Point {
    Point::new(
        date,
        value,
        PointDetail {
            note: why.note.clone(),
            event: why.event.clone(),
            sources: why.sources.clone(),
            confidence: why.confidence.filter(|_| value != PointValue::End),
            range: None,
            count: None,
        },
    )
}

/// Gives the point on `date` what the edit says stands behind it.
fn merge(point: &mut Point, why: &Provenance) {
    if why.is_empty() {
        return;
    }
    point.edit_detail(|d| d.note = why.note.clone());
    point.edit_detail(|d| d.event = why.event.clone());
    point.edit_detail(|d| d.sources = why.sources.clone());
    point.edit_detail(|d| d.confidence = why.confidence);
    // A range was about the replaced weight.
    point.edit_detail(|d| d.range = None);
}

/// Puts `point` into the sorted `series`, replacing the one on its date; returns the replaced one.
fn put(series: &mut Vec<Point>, point: Point) -> Option<Point> {
    let i = series.partition_point(|p| p.date < point.date);
    match series.get_mut(i) {
        Some(there) if there.date == point.date => Some(std::mem::replace(there, point)),
        _ => {
            series.insert(i, point);
            None
        }
    }
}

/// Runs `change` on the series of a tie edited from `date` on, keeping every day before `date`
/// as it was.
///
/// Under linear interpolation a new point on `date` would bend the line from the previous point,
/// so the weight of the day before is pinned with a point of its own whenever the change would
/// otherwise move it. Under step interpolation nothing before `date` can move.
fn edit_series<T>(
    relation: &mut Relation,
    date: Date,
    (interpolation, expires): (Interpolation, Option<Span>),
    change: impl FnOnce(&mut Vec<Point>) -> T,
) -> T {
    let eve = date.civil().yesterday().ok().map(Date::from_civil);
    let pinned = eve
        .filter(|_| interpolation == Interpolation::Linear)
        .and_then(|eve| Some((eve, relation.weight_lasting(eve, interpolation, expires)?)));
    let result = change(&mut relation.series);
    if let Some((eve, weight)) = pinned
        && relation.weight_lasting(eve, interpolation, expires) != Some(weight)
    {
        put(&mut relation.series, Point::weight(eve, weight));
    }
    result
}
