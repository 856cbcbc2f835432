//! Relations and points read without positions, turned into the model as they are read; a
//! problem in one sends the file back to be read with positions, where the other files say what.

use super::Declared;
use crate::load::raw::{RawRelation, Series};
use crate::model::{
    Actor, Attribute, Ends, Graph, Interpolation, Name, Point, PointDetail, PointValue, Relation,
    Scale,
};
use crate::reader::{
    Checker, Field, Got, List, Located, OneOrMany, Position, RawDate, RawPoint, Text,
};

/// Converts a relation read without positions into a model relation, or `None` if anything about it
/// is wrong (then the file is read again with positions, and [`relation_of`] says what). Its ends
/// are not checked against the declared actors, nor its series against the scale: the validator
/// does that with [`quick_series`].
pub(in crate::load) fn quick_relation(r: RawRelation) -> Option<Relation> {
    fn ok<T>(field: Field<T>) -> Option<Option<T>> {
        match field {
            None => Some(None),
            Some(Located {
                value: Got::Ok(v), ..
            }) => Some(Some(v)),
            Some(_) => None,
        }
    }
    if r.strays.0.is_some() {
        return None;
    }
    let ends = match (ok(r.between)?, ok(r.from)?, ok(r.to)?) {
        (Some(List(between)), None, None) => {
            let mut ids = between.into_iter().map(|id| match id.value {
                Got::Ok(Text(id)) => Some(id),
                Got::Wrong(_) => None,
            });
            match (ids.next(), ids.next(), ids.next()) {
                (Some(Some(a)), Some(Some(b)), None) => Ends::Mutual(a.into(), b.into()),
                _ => return None,
            }
        }
        (None, Some(Text(from)), Some(Text(to))) => Ends::Directed {
            from: from.into(),
            to: to.into(),
        },
        _ => return None,
    };
    let kind = match ok(r.kind)? {
        Some(Text(k)) if k.trim().is_empty() => return None,
        Some(Text(k)) => k.into(),
        None => crate::model::DEFAULT_KIND.into(),
    };
    let interpolation = match ok(r.interpolation)? {
        None => None,
        Some(Text(i)) => match i.as_str() {
            "step" => Some(Interpolation::Step),
            "linear" => Some(Interpolation::Linear),
            _ => return None,
        },
    };
    let series = match ok(r.series)? {
        Some(Series::Quick(points, true)) if !points.is_empty() => points,
        _ => return None,
    };
    Some(Relation {
        ends,
        kind,
        interpolation,
        series,
        note: ok(r.note)?.map(|Text(t)| t),
    })
}

/// Checks a series read without positions: only whether it is valid, since an invalid file is
/// read again with positions and checked by [`series_of`].
pub(super) fn quick_series(
    c: &mut Checker,
    declared: &Declared,
    scale: Scale,
    mut points: Vec<Point>,
    ok: bool,
    at: Position,
) -> Option<Vec<Point>> {
    // Stable, so that the points of one date keep their file order, as in `series_of`.
    points.sort_by_key(|p| p.date);
    let valid = ok
        && points.first().is_some_and(|p| !p.is_end())
        && points.windows(2).all(|w| w[0].date != w[1].date)
        && points.iter().all(|p| {
            let weight_ok = match p.value() {
                PointValue::Weight(w) => scale.contains(w),
                PointValue::End => true,
            };
            weight_ok
                && point_confidence_ok(p, scale)
                && p.event().is_none_or(|e| declared.events.contains_key(e))
                && p.sources()
                    .iter()
                    .all(|s| declared.sources.contains_key(s.as_str()))
        });
    if valid {
        Some(points)
    } else {
        c.error(at, "a relation's series has a problem");
        None
    }
}

/// Converts a point read without positions into a model point, or `None` if anything about it is
/// wrong (then the file is read again with positions, and [`point_of`] says what). The weight is
/// not checked against the scale, nor the ids against the declared ones: [`quick_series`] does.
pub(in crate::load) fn quick_point(p: RawPoint) -> Option<Point> {
    fn ok<T>(field: Field<T>) -> Option<Option<T>> {
        match field {
            None => Some(None),
            Some(Located {
                value: Got::Ok(v), ..
            }) => Some(Some(v)),
            Some(_) => None,
        }
    }
    if p.strays.0.is_some() {
        return None;
    }
    let Some(RawDate(Ok(date))) = ok(p.date)? else {
        return None;
    };
    let value = match (ok(p.weight)?, ok(p.end)?) {
        (Some(w), None) => PointValue::Weight(w),
        (None, Some(true)) => PointValue::End,
        _ => return None,
    };
    let sources = match ok(p.sources)? {
        None => Vec::new(),
        Some(OneOrMany(ids)) => ids
            .into_iter()
            .map(|id| match id.value {
                Got::Ok(Text(id)) => Some(id.into()),
                Got::Wrong(_) => None,
            })
            .collect::<Option<Vec<_>>>()?,
    };
    let confidence = ok(p.confidence)?;
    let count = ok(p.count)?;
    let range = match ok(p.range)? {
        None => None,
        Some(List(items)) => match items.as_slice() {
            [
                Located {
                    value: Got::Ok(low),
                    ..
                },
                Located {
                    value: Got::Ok(high),
                    ..
                },
            ] => Some([*low, *high]),
            _ => return None,
        },
    };
    Some(Point::new(
        date,
        value,
        PointDetail {
            note: ok(p.note)?.map(|Text(t)| t),
            event: ok(p.event)?.map(|Text(t)| t.into()),
            sources,
            confidence,
            range,
            count,
        },
    ))
}

/// Whether a point's confidence and range hold (what `confidence_of` checks with positions).
fn point_confidence_ok(p: &Point, scale: Scale) -> bool {
    let confidence_ok = p
        .confidence()
        .is_none_or(|c| (0.0..=1.0).contains(&c) && !p.is_end());
    let range_ok = p.range().is_none_or(|[low, high]| match p.value() {
        PointValue::Weight(w) => {
            scale.contains(low) && scale.contains(high) && low <= w && w <= high
        }
        PointValue::End => false,
    });
    confidence_ok && range_ok
}

/// Whether every relation of `graph` passes the checks a file's relations get (declared,
/// distinct ends; a kind; a series that does not start with an end, with dates in order and
/// none twice, weights, confidences and ranges in the scale, declared events and sources), and
/// no tie is declared twice. Checks a graph built in code without writing it as text; what it
/// refuses is then checked in full, for the located messages.
pub(in crate::load) fn relations_ok(graph: &Graph) -> bool {
    // Each series on its own, on all cores for a large graph, beside the check of the ties.
    let (ties_ok, all_series_ok) = rayon::join(|| ties_ok(graph), || all_series_ok(graph));
    ties_ok && all_series_ok
}

/// Whether every series of `graph` passes the checks a file's series get: it does not start
/// with an end, its dates are in order and none twice, its weights, confidences and ranges are
/// in the scale, and its events and sources are declared.
pub(in crate::load) fn all_series_ok(graph: &Graph) -> bool {
    use rayon::prelude::*;
    (graph.relations.par_iter().with_min_len(4096)).all(|r| series_ok(graph, r))
}

/// Whether the series of `r`, a relation of `graph`, passes the checks of [`all_series_ok`].
fn series_ok(graph: &Graph, r: &Relation) -> bool {
    let scale = graph.scale;
    r.series.first().is_some_and(|p| !p.is_end())
        && r.series.windows(2).all(|w| w[0].date < w[1].date)
        && r.series.iter().all(|p| {
            let weight_ok = match p.value() {
                PointValue::Weight(w) => scale.contains(w),
                PointValue::End => true,
            };
            weight_ok
                && point_confidence_ok(p, scale)
                && p.event().is_none_or(|e| graph.events.contains_key(e))
                && p.sources().iter().all(|s| graph.sources.contains_key(s))
        })
}

/// Whether `r`, a relation of `graph`, passes every check of [`relations_ok`] that looks at it
/// alone: two distinct ends among `declared` (the ids of the graph's actors), a named kind, and
/// its series ([`all_series_ok`]). Only whether a tie is declared twice is left out.
pub(in crate::load) fn relation_ok(
    graph: &Graph,
    declared: &std::collections::HashSet<&str, foldhash::fast::RandomState>,
    r: &Relation,
) -> bool {
    let (a, b) = r.ends.pair();
    a != b
        && declared.contains(a)
        && declared.contains(b)
        && !r.kind.trim().is_empty()
        && series_ok(graph, r)
}

/// Whether every relation of `graph` joins two distinct declared actors by a named kind, and no
/// tie is declared twice.
fn ties_ok<'a>(graph: &'a Graph) -> bool {
    use std::collections::{HashMap, HashSet};
    type Fast = foldhash::fast::RandomState;
    // Ids looked up by hash: a million relations' ends in a `BTreeMap` of tens of thousands of
    // actors cost seconds of string comparisons. Names are interned (one address per text), so
    // each distinct end is looked up once and remembered by address, and ties are told apart by
    // the addresses of their ends and kind.
    let actors: HashSet<&str, Fast> = graph.actors.keys().map(Name::as_str).collect();
    let (mut ends, mut kinds): (HashMap<usize, &str, Fast>, HashMap<usize, &str, Fast>) =
        Default::default();
    let address = |seen: &mut HashMap<usize, &'a str, Fast>, name: &'a Name| {
        let at = name.address();
        seen.entry(at).or_insert(name.as_str());
        at
    };
    let mut keys: Vec<(usize, usize, usize, bool)> = Vec::with_capacity(graph.relations.len());
    for r in &graph.relations {
        let (a, b) = match &r.ends {
            Ends::Mutual(a, b) | Ends::Directed { from: a, to: b } => (a, b),
        };
        if a == b || r.kind.trim().is_empty() {
            return false;
        }
        let directed = r.ends.is_directed();
        let (a, b) = (address(&mut ends, a), address(&mut ends, b));
        let pair = if directed || a <= b { (a, b) } else { (b, a) };
        keys.push((pair.0, pair.1, address(&mut kinds, &r.kind), directed));
    }
    #[allow(
        clippy::disallowed_methods,
        reason = "whether all are declared: order is moot"
    )]
    let declared = ends.values().all(|id| actors.contains(id));
    if !declared {
        return false;
    }
    rayon::slice::ParallelSliceMut::par_sort_unstable(&mut keys[..]);
    keys.windows(2).all(|w| w[0] != w[1])
}

/// Whether `actor` is plain: an id, a name, a kind and attributes, and nothing else (no posts,
/// memberships, aliases or note), so that nothing in it names another actor or a period. The
/// actors of a large graph (a columnar graph's tens of thousands) usually are.
pub(in crate::load) fn plain_actor(actor: &Actor) -> bool {
    actor.posts.is_empty()
        && actor.part_of.is_empty()
        && actor.aliases.is_empty()
        && actor.note.is_none()
}

/// Whether the plain actor `actor`, declared under `id`, passes what reading it from a file
/// checks (a test compares the two on generated actors): its id and name are text
/// ([`forbidden_char`]), the id is not blank and at most [`super::MAX_ID_CHARS`] characters
/// long, the name is not blank, at most [`super::MAX_NAME_CHARS`] characters long and holds no
/// control character but a line break ([`super::actors::actor_of`]), and each attribute's name
/// is text and its number, if it is one, finite (a file cannot write another).
pub(in crate::load) fn plain_actor_ok(id: &str, actor: &Actor) -> bool {
    use crate::reader::forbidden_char;
    let id_ok = forbidden_char(id).is_none()
        && !id.trim().is_empty()
        && id.chars().nth(super::MAX_ID_CHARS).is_none();
    let name = actor.name.as_str();
    let name_ok = forbidden_char(name).is_none()
        && !name.trim().is_empty()
        && name.chars().nth(super::MAX_NAME_CHARS).is_none()
        && !name.chars().any(|c| c.is_control() && c != '\n');
    let attributes_ok = actor.attributes.iter().all(|(key, value)| {
        forbidden_char(key).is_none()
            && match value {
                Attribute::Number(x) => x.is_finite(),
                Attribute::Text(_) | Attribute::Bool(_) => true,
            }
    });
    id_ok && name_ok && attributes_ok
}
