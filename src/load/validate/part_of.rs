//! Collectives being part of others (`part_of:`): each period checked on its own, then the
//! memberships of the whole file checked for cycles.

use std::collections::BTreeMap;

use super::Declared;
use super::actors::period;
use crate::model::{Actor, ActorKind, Date, Id, Membership};
use crate::reader::{Checker, Got, List, Located, Position, RawMembership};

/// The memberships of actor `id` (of `kind`, when known), with the position of each; `false`
/// when any is wrong (reported).
pub(super) fn memberships_of(
    c: &mut Checker,
    declared: &Declared,
    id: &str,
    kind: Option<ActorKind>,
    field: &crate::reader::Field<List<Located<Got<RawMembership>>>>,
) -> (bool, Vec<Membership>, Vec<Position>) {
    let mut ok = true;
    let (mut memberships, mut positions) = (Vec::new(), Vec::new());
    let Some((List(items), list_at)) = c.get(field, "part_of") else {
        return (field.is_none(), memberships, positions);
    };
    if kind == Some(ActorKind::Person) {
        c.error(
            list_at,
            format!("`{id}` is a person, and a person is placed by posts, not `part_of`"),
        )
        .help = Some("give the person a post (`posts: [{title: ..., of: ...}]`)".into());
        return (false, memberships, positions);
    }
    for item in items {
        let Some(m) = c.shaped(item, &format!("a `part_of` period of `{id}`")) else {
            ok = false;
            continue;
        };
        match membership_of(c, declared, id, item.at, m) {
            Some(m) => {
                memberships.push(m);
                positions.push(item.at);
            }
            None => ok = false,
        }
    }
    // Periods in one collective must not overlap: the second would say nothing new, and a
    // reader could not tell which of the two notes or sources is meant.
    for (i, m) in memberships.iter().enumerate() {
        if let Some(earlier) = memberships[..i]
            .iter()
            .position(|e| e.of == m.of && overlap(e, m))
        {
            c.error(
                positions[i],
                format!(
                    "`{id}` is already part of `{}` then (the period at line {})",
                    m.of, positions[earlier].line
                ),
            )
            .help = Some("periods in one collective must not overlap; join or shorten them".into());
            ok = false;
        }
    }
    (ok, memberships, positions)
}

fn overlap(a: &Membership, b: &Membership) -> bool {
    let starts_before_end = |m: &Membership, other: &Membership| match (m.from, other.until) {
        (Some(f), Some(u)) => f < u,
        _ => true,
    };
    starts_before_end(a, b) && starts_before_end(b, a)
}

fn membership_of(
    c: &mut Checker,
    declared: &Declared,
    id: &str,
    at: Position,
    m: &RawMembership,
) -> Option<Membership> {
    c.strays(&m.strays, RawMembership::NAMES, || {
        format!("a `part_of` period of `{id}`")
    });
    let of = c.need(&m.of, "of", at, || {
        (
            format!("a `part_of` period of `{id}` needs `of:` (the collective it is part of)"),
            "e.g. `of: IRN`",
        )
    });
    let mut ok = true;
    match of {
        Some((of, of_at)) if of.0 == id => {
            c.error(of_at, format!("`{id}` cannot be part of itself"))
                .help = Some("`of:` names another state, organisation or collective".into());
            ok = false;
        }
        Some((of, of_at)) => {
            if !declared.check_actor(c, &of.0, of_at, at) {
                ok = false;
            } else if let Some((_, Some(kind))) = declared.actors.get(of.0.as_str())
                && !kind.is_container()
            {
                c.error(
                    of_at,
                    format!("`{}` is a person, so nothing can be part of it", of.0),
                )
                .help = Some("`of:` names a state, organisation or other collective".into());
                ok = false;
            }
        }
        None => ok = false,
    }
    let label = format!("`{id}` part of `{}`", of.map_or("?", |(o, _)| o.0.as_str()));
    let period = period(
        c,
        (&m.from, &m.until),
        "membership",
        &label,
        "`until:` is the first day no longer part of it and must come after `from:`",
    )?;
    ok &= period.ordered;
    let (sources_ok, sources) = super::declared_sources(c, declared, &m.sources);
    ok &= sources_ok;
    let note = c.text(&m.note, "note");
    ok &= note.is_some() || m.note.is_none();
    ok.then(|| Membership {
        of: of.map(|(o, _)| o.0.as_str().into()).unwrap_or_default(),
        from: period.from.0,
        until: period.until.0,
        from_certainty: period.from.1,
        until_certainty: period.until.1,
        sources: sources.iter().map(|(s, _)| Id::from(*s)).collect(),
        note,
    })
}

/// Reports every cycle of memberships (A part of B part of A) held together on some date, at the
/// first membership of the cycle in id order. `positions` holds each actor's membership
/// positions, in file order.
pub(super) fn cycles(
    c: &mut Checker,
    actors: &BTreeMap<crate::model::Id, Actor>,
    positions: &BTreeMap<String, Vec<Position>>,
) {
    for (id, at, path, on) in find_cycles(actors) {
        let at = positions
            .get(&id)
            .and_then(|p| p.get(at))
            .copied()
            .unwrap_or(Position { line: 0, column: 0 });
        let when = on.map_or_else(|| "from the start".to_string(), |d| format!("on {d}"));
        c.error(
            at,
            format!(
                "`part_of` goes round in a circle {when}: {}",
                path.join(" → ")
            ),
        )
        .help = Some("a collective cannot be part of itself through others; end one period".into());
    }
}

/// Whether `m` holds on `date`, `None` standing for a date before every dated start.
fn held(m: &Membership, date: Option<Date>) -> bool {
    match date {
        None => m.from.is_none(),
        Some(d) => m.holds_on(d),
    }
}

/// Each cycle once: (the actor it is reported on, the index of its membership in the cycle, the
/// ids round the cycle, the first date checked on which it holds).
///
/// Memberships held together on some date are all held on the latest of their starts, so only
/// the starts (and the time before every start) need checking: O(S · (A + M)) for S distinct
/// starts, A actors and M memberships.
pub(crate) fn find_cycles(
    actors: &BTreeMap<Id, Actor>,
) -> Vec<(String, usize, Vec<String>, Option<Date>)> {
    let mut dates: Vec<Option<Date>> = vec![None];
    dates.extend(
        actors
            .values()
            .flat_map(|a| a.part_of.iter().filter_map(|m| m.from))
            .map(Some),
    );
    dates.sort();
    dates.dedup();
    let mut found: Vec<(String, usize, Vec<String>, Option<Date>)> = Vec::new();
    let mut seen: Vec<Vec<String>> = Vec::new();
    for date in dates {
        // Depth-first search with colours: 0 unvisited, 1 on the path, 2 done.
        let mut colour: BTreeMap<&str, u8> = BTreeMap::new();
        // An actor part of nothing is on no cycle, nor is a search from it: a graph of states
        // alone (a million ties among fifty thousand) costs nothing here.
        for (start, _) in actors.iter().filter(|(_, a)| !a.part_of.is_empty()) {
            if colour.get(start.as_str()).copied().unwrap_or(0) != 0 {
                continue;
            }
            let mut path: Vec<(&str, usize)> = vec![(start.as_str(), 0)];
            colour.insert(start, 1);
            while let Some(&(id, next)) = path.last() {
                let memberships = actors.get(id).map_or(&[][..], |a| &a.part_of[..]);
                let step = memberships[next.min(memberships.len())..]
                    .iter()
                    .position(|m| held(m, date))
                    .map(|i| next + i);
                let Some(i) = step else {
                    colour.insert(id, 2);
                    path.pop();
                    continue;
                };
                if let Some(top) = path.last_mut() {
                    top.1 = i + 1;
                }
                let of = memberships[i].of.as_str();
                match colour.get(of).copied().unwrap_or(0) {
                    0 if actors.contains_key(of) => {
                        colour.insert(of, 1);
                        path.push((of, 0));
                    }
                    1 => {
                        let begin = path.iter().position(|(p, _)| *p == of).unwrap_or(0);
                        let mut ring: Vec<String> =
                            path[begin..].iter().map(|(p, _)| p.to_string()).collect();
                        // One cycle, however it is entered: rotate it to start at its least id.
                        let least = (0..ring.len()).min_by_key(|&k| &ring[k]).unwrap_or(0);
                        ring.rotate_left(least);
                        if !seen.contains(&ring) {
                            seen.push(ring.clone());
                            let first = ring[0].clone();
                            let to = ring.get(1).unwrap_or(&ring[0]).clone();
                            let index = actors[first.as_str()]
                                .part_of
                                .iter()
                                .position(|m| m.of == to && held(m, date))
                                .unwrap_or(0);
                            let mut shown = ring.clone();
                            shown.push(first.clone());
                            found.push((first, index, shown, date));
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use crate::load::load_str;

    fn check(part_of_b: &str, part_of_c: &str) -> Vec<String> {
        let text = format!(
            "detente: 1\nactors:\n  B: {{name: B, kind: group, part_of: [{part_of_b}]}}\n  \
             C: {{name: C, kind: group, part_of: [{part_of_c}]}}\n"
        );
        match load_str(&text, "g.yaml") {
            Ok(_) => Vec::new(),
            Err(e) => e
                .diagnostics()
                .map(|d| d.items.iter().map(|i| i.message.clone()).collect())
                .unwrap_or_default(),
        }
    }

    #[test]
    fn a_cycle_counts_only_when_its_periods_meet() {
        // B in C until 2000, C in B from 2000: never both on one date.
        assert!(check("{of: C, until: 2000}", "{of: B, from: 2000}").is_empty());
        assert_eq!(
            check("{of: C, until: 2001}", "{of: B, from: 2000}"),
            ["`part_of` goes round in a circle on 2000: B → C → B"]
        );
        assert_eq!(
            check("{of: C}", "{of: B}"),
            ["`part_of` goes round in a circle from the start: B → C → B"]
        );
    }

    #[test]
    fn actors_part_of_nothing_leave_a_cycle_as_it_is_found() {
        // A and Z are part of nothing (A listed first); D leads into the cycle from outside.
        // Loaded without C in B, which is then added (a cycle is refused by loading).
        let text = "detente: 1\nactors:\n  A: {name: A, kind: state}\n  \
             B: {name: B, kind: group}\n  \
             C: {name: C, kind: group, part_of: [{of: B}, {of: Z}]}\n  \
             D: {name: D, kind: group, part_of: [{of: C}]}\n  Z: {name: Z, kind: state}\n";
        let mut graph = load_str(text, "g.yaml").unwrap();
        let d_in_c = graph.actors["D"].part_of[0].clone();
        graph.actors.get_mut("B").unwrap().part_of.push(d_in_c);
        let cycles: Vec<_> = super::find_cycles(&graph.actors)
            .into_iter()
            .map(|(id, _, path, on)| (id, path.join(" → "), on))
            .collect();
        assert_eq!(cycles, [("B".to_string(), "B → C → B".to_string(), None)]);
    }
}
