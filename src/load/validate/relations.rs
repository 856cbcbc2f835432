//! Relations: their ends and kinds, and ties declared twice.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use super::Declared;
use super::quick::quick_series;
use super::series::series_of;
use crate::load::raw::{RawRelation, Series};
use crate::model::{Ends, Relation, Scale};
use crate::reader::{Checker, Got, List, Located, Position, id_list};

pub(super) fn relation_of(
    c: &mut Checker,
    declared: &Declared,
    scale: Scale,
    at: Position,
    r: &mut RawRelation,
) -> Option<Relation> {
    c.strays(&r.strays, RawRelation::NAMES, || "a relation".into());
    let between = c.get(&r.between, "between");
    let from = c.get(&r.from, "from");
    let to = c.get(&r.to, "to");
    let ends = match (between, from, to) {
        (Some((List(items), between_at)), None, None) => {
            match id_list(c, items, "between", between_at).as_slice() {
                [(a, a_at), (b, b_at)] => {
                    let ok = declared.check_actor(c, a, *a_at, between_at)
                        & declared.check_actor(c, b, *b_at, between_at);
                    ok.then(|| Ends::Mutual((*a).into(), (*b).into()))
                }
                ids if ids.len() == items.len() => {
                    c.error(
                        between_at,
                        format!("`between` needs exactly two actors, found {}", items.len()),
                    )
                    .help = Some(
                        "write `between: [A, B]`; for a directed tie use `from:` and `to:`".into(),
                    );
                    None
                }
                _ => None,
            }
        }
        (None, Some((from, from_at)), Some((to, to_at))) => {
            let ok = declared.check_actor(c, &from.0, from_at, at)
                & declared.check_actor(c, &to.0, to_at, at);
            ok.then(|| Ends::Directed {
                from: from.0.as_str().into(),
                to: to.0.as_str().into(),
            })
        }
        // A badly shaped end was reported already.
        _ if r.between.is_some() && between.is_none()
            || r.from.is_some() && from.is_none()
            || r.to.is_some() && to.is_none() =>
        {
            None
        }
        (None, Some(_), None) | (None, None, Some(_)) => {
            c.error(at, "a directed relation needs both `from:` and `to:`")
                .help =
                Some("add the missing end, or write `between: [A, B]` for a mutual tie".into());
            None
        }
        (None, None, None) => {
            c.error(at, "a relation needs its two ends").help =
                Some("write `between: [A, B]` for a mutual tie, or `from: A` and `to: B`".into());
            None
        }
        (Some(_), _, _) => {
            c.error(
                at,
                "a relation has either `between:` or `from:`/`to:`, not both",
            )
            .help = Some(
                "keep `between:` for a mutual tie, or `from:`/`to:` for a directed one".into(),
            );
            None
        }
    };
    let mut ok = true;
    if let Some(ends) = &ends {
        let (a, b) = ends.pair();
        if a == b {
            c.error(at, format!("a relation joins `{a}` to itself"))
                .help = Some("a tie needs two different actors".into());
            ok = false;
        }
    }
    let kind = match c.get(&r.kind, "kind") {
        Some((k, k_at)) if k.0.trim().is_empty() => {
            c.error(k_at, "a relation kind cannot be empty");
            None
        }
        Some((k, _)) => Some(k.0.as_str().into()),
        None if r.kind.is_some() => None,
        None => Some(crate::model::DEFAULT_KIND.into()),
    };
    let interpolation = c.interpolation(&r.interpolation);
    let note = c.text(&r.note, "note");
    ok &= r.note.is_none() || note.is_some();
    let series = c.need(&r.series, "series", at, || {
        (
            "a relation needs `series:`".into(),
            "add its dated points, e.g. `series: [{date: 2020, weight: 0.5}]`",
        )
    });
    let series_at = series.map(|(_, at)| at);
    let series = match (&mut r.series, series_at) {
        (
            Some(Located {
                value: Got::Ok(series),
                ..
            }),
            Some(series_at),
        ) => match series {
            Series::Located(points) => series_of(c, declared, scale, points, series_at),
            Series::Quick(points, ok) => {
                quick_series(c, declared, scale, std::mem::take(points), *ok, series_at)
            }
        },
        _ => None,
    };
    let (Some(ends), Some(kind), Some(interpolation), Some(series)) =
        (ends, kind, interpolation, series)
    else {
        return None;
    };
    ok.then_some(Relation {
        ends,
        kind,
        interpolation,
        series,
        note,
    })
}

/// Reports and removes relations with the identity of an earlier one (a mutual tie written twice
/// in either order counts), each at the later one, in the file's order. The map holds borrowed
/// identities, so it costs no allocation per relation; one pass over it costs a fraction of
/// sorting the relations by their ids (a quarter of loading a million-point JSON graph did).
pub(super) fn duplicate_relations(
    c: &mut Checker,
    relations: &mut Vec<Relation>,
    positions: &[Position],
) {
    let mut first: HashMap<(&str, &str, &str, bool), usize, foldhash::fast::RandomState> =
        HashMap::with_capacity_and_hasher(relations.len(), Default::default());
    let mut duplicate = vec![false; relations.len()];
    for (i, relation) in relations.iter().enumerate() {
        match first.entry(relation.key_parts()) {
            Entry::Vacant(slot) => {
                slot.insert(i);
            }
            Entry::Occupied(f) => {
                duplicate[i] = true;
                c.error(
                    positions[i],
                    format!("duplicate relation {}", relation.key()),
                )
                .help = Some(format!(
                    "the same tie is already declared at line {}; merge the two series into one",
                    positions[*f.get()].line
                ));
            }
        }
    }
    drop(first);
    if duplicate.contains(&true) {
        let mut index = 0;
        relations.retain(|_| {
            index += 1;
            !duplicate[index - 1]
        });
    }
}
