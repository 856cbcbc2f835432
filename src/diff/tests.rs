//! Unit and property tests of the diff: worked examples, then invariants over random graphs.

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;

use super::matching::{KeyLayout, KindRanks, Ranks, match_narrow, match_ties, scan};
use super::*;
use crate::explain::changes;
use crate::model::{Actor, Ends, Graph, Point, Post, Relation};

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

fn actor(id: &str, kind: ActorKind, posts: Vec<Post>) -> Actor {
    Actor {
        id: id.into(),
        name: format!("Actor {id}"),
        kind,
        posts,
        note: None,
        aliases: Vec::new(),
        attributes: Default::default(),
        part_of: Vec::new(),
    }
}

fn tie(ends: Ends, kind: &str, series: Vec<Point>) -> Relation {
    Relation {
        ends,
        kind: kind.into(),
        interpolation: None,
        series,
        note: None,
    }
}

fn mutual(a: &str, b: &str) -> Ends {
    Ends::Mutual(a.into(), b.into())
}

fn model() -> Graph {
    let mut g = Graph::default();
    for id in ["BLR", "RUS", "USA"] {
        g.actors
            .insert(id.into(), actor(id, ActorKind::State, vec![]));
    }
    let post = |of: &str, from: &str, until: Option<&str>| Post {
        title: "Secretary of State".into(),
        of: of.into(),
        from: Some(d(from)),
        until: until.map(d),
        ..Default::default()
    };
    g.actors.insert(
        "pompeo".into(),
        actor(
            "pompeo",
            ActorKind::Person,
            vec![post("USA", "2018-04-26", Some("2021-01-20"))],
        ),
    );
    g.actors.insert(
        "blinken".into(),
        actor(
            "blinken",
            ActorKind::Person,
            vec![post("USA", "2021-01-26", None)],
        ),
    );
    g.relations = vec![
        // Written BLR first, matched whatever the order.
        tie(
            mutual("USA", "BLR"),
            "diplomatic",
            vec![
                Point::weight(d("2019"), -0.2),
                Point::weight(d("2020-02"), 0.2),
                Point::weight(d("2020-08-10"), -0.6),
            ],
        ),
        tie(
            mutual("BLR", "RUS"),
            "alliance",
            vec![Point::weight(d("2019"), 0.7)],
        ),
        tie(
            Ends::Directed {
                from: "pompeo".into(),
                to: "BLR".into(),
            },
            "contact",
            vec![
                Point::weight(d("2020-02"), 0.3),
                Point::end(d("2021-01-20")),
            ],
        ),
        tie(
            mutual("USA", "RUS"),
            "diplomatic",
            vec![
                Point::weight(d("2019"), -0.3),
                Point::weight(d("2020-06"), -0.35),
            ],
        ),
    ];
    g
}

fn snapshots(g: &Graph, from: &str, to: &str) -> (Snapshot, Snapshot) {
    (Snapshot::at(g, d(from)), Snapshot::at(g, d(to)))
}

fn diff_of<'a>(s: &'a (Snapshot, Snapshot), threshold: f64) -> GraphDiff<'a> {
    GraphDiff::between(&s.0, &s.1, &DiffOptions { threshold })
}

#[test]
fn one_graph_on_two_dates() {
    let s = snapshots(&model(), "2020-03", "2021-06");
    let diff = diff_of(&s, 0.0);
    let ties: Vec<(String, Change, Option<f64>, Option<f64>)> = diff
        .ties
        .iter()
        .map(|t| (t.key.to_string(), t.change, t.before, t.after))
        .collect();
    assert_eq!(
        ties,
        vec![
            (
                "BLR -- USA (diplomatic)".to_string(),
                Change::Changed,
                Some(0.2),
                Some(-0.6)
            ),
            (
                "RUS -- USA (diplomatic)".to_string(),
                Change::Changed,
                Some(-0.3),
                Some(-0.35)
            ),
            (
                "pompeo -> BLR (contact)".to_string(),
                Change::Removed,
                Some(0.3),
                None
            ),
        ]
    );
    assert_eq!(
        diff.summary,
        Summary {
            added: 0,
            removed: 1,
            changed: 2,
            unchanged: 1,
            sign_flips: 1,
            hidden: 0,
        }
    );
    assert!(diff.actors.added.is_empty() && diff.actors.removed.is_empty());
    let names = |p: &[PostChange]| p.iter().map(|p| p.actor.clone()).collect::<Vec<_>>();
    assert_eq!(names(&diff.posts.started), ["blinken"]);
    assert_eq!(names(&diff.posts.ended), ["pompeo"]);
    assert!((diff.ties[0].delta - -0.8).abs() < 1e-12);
    assert_eq!(diff.ties[0].movement(), Movement::SignFlipped);
    assert_eq!(diff.ties[1].movement(), Movement::Strengthened);
    assert_eq!(diff.ties[2].movement(), Movement::Lost);
    assert_eq!(diff.ties[2].delta, -0.3);
}

#[test]
fn one_graphs_ties_on_one_side_are_cited_without_a_lookup_by_key() {
    let g = model();
    let s = snapshots(&g, "2020-03", "2021-06");
    let (before, after) = (Citer::new(&g), Citer::new(&g));
    let diff = diff_of(&s, 0.0).with_points(&before, &after);
    assert!(diff.ties.iter().any(|t| t.change != Change::Changed));
    // Each tie's relation is where one side or the other says, in the one graph.
    assert!(!before.looked_up_by_key() && !after.looked_up_by_key());
    let by_key = Citer::new(&g);
    for (i, t) in diff.ties.iter().enumerate() {
        let expected = changes(&by_key, &by_key, t.key, d("2020-03"), d("2021-06"));
        assert_eq!(diff.tie_points(i).expect("points").points, expected);
    }
}

#[test]
fn each_ties_points_are_found_by_position_and_by_key() {
    let g = model();
    let s = snapshots(&g, "2020-03", "2021-06");
    let citer = Citer::new(&g);
    let mut diff = diff_of(&s, 0.0).with_points(&citer, &citer);
    assert!(diff.ties.len() > 1);
    for (i, t) in diff.ties.iter().enumerate() {
        let expected = changes(&citer, &citer, t.key, d("2020-03"), d("2021-06"));
        let found = diff.tie_points(i).expect("every tie has its points");
        assert_eq!(found.points, expected, "{}", t.key);
        assert!(std::ptr::eq(
            found,
            diff.points_for(t.key).expect("found by key")
        ));
    }
    // The point that moved BLR -- USA (2020-08-10) is the one in force on the second date.
    let blr = diff.tie_points(0).expect("points");
    assert_eq!(blr.in_force, Some(blr.points.len() - 1));
    // A key that is not a tie change has none; nor do ties changed since the points were found.
    let steady =
        s.1.ties()
            .into_iter()
            .map(|(_, _, t)| &t.key)
            .find(|k| diff.ties.iter().all(|t| t.key != *k));
    assert!(diff.points_for(steady.expect("a steady tie")).is_none());
    diff.ties.pop();
    assert!(diff.tie_points(0).is_none());
}

#[test]
fn changes_say_the_relations_their_ties_say() {
    // A roll-up's ties say no relation; other ties' relations are listed as the ties say them.
    let g = model();
    let (before, after) = snapshots(&g, "2020-03", "2021-06");
    let rolled = (
        before.rolled_up(crate::snapshot::Aggregation::Mean),
        after.rolled_up(crate::snapshot::Aggregation::Mean),
    );
    let diff = diff_of(&rolled, 0.0);
    assert!(!diff.ties.is_empty());
    assert!(diff.ties.iter().all(|t| t.relations == (None, None)));
    let moved = |by: usize| {
        let mut moved = snapshots(&g, "2020-03", "2021-06");
        for tie in moved.0.graph.edge_weights_mut() {
            *tie = tie
                .clone()
                .placed(tie.relation().map(|r| r + by), tie.point());
        }
        moved
    };
    let plain = snapshots(&g, "2020-03", "2021-06");
    let expected = diff_of(&plain, 0.0);
    let far = u32::MAX as usize - 1 - g.relations.len();
    let far_off = moved(far);
    let diff = diff_of(&far_off, 0.0);
    assert_eq!(diff.ties.len(), expected.ties.len());
    for (t, e) in diff.ties.iter().zip(&expected.ties) {
        assert_eq!(t.relations, (e.relations.0.map(|r| r + far), e.relations.1));
    }
    // A tie keeps no relation past 32 bits: the change then says none on that side.
    let past = moved(1 << 40);
    let diff = diff_of(&past, 0.0);
    assert_eq!(diff.ties.len(), expected.ties.len());
    for (t, e) in diff.ties.iter().zip(&expected.ties) {
        assert_eq!(t.relations, (None, e.relations.1));
    }
}

#[test]
fn tie_changes_say_where_their_relations_are_and_the_points_found_there_are_the_keys() {
    let g = model();
    let s = snapshots(&g, "2020-03", "2021-06");
    let diff = diff_of(&s, 0.0);
    assert!(diff.ties.len() > 1);
    for t in &diff.ties {
        for (side, at) in [(t.before, t.relations.0), (t.after, t.relations.1)] {
            match (side, at) {
                (Some(_), Some(at)) => assert_eq!(g.relations[at].key(), *t.key),
                (None, None) => {}
                other => panic!("{}: weight and relation disagree: {other:?}", t.key),
            }
        }
    }
    // Cited from a graph whose relations are in another order, the positions name other
    // relations: the points are still the tie's own, found by key.
    let mut reordered = g.clone();
    reordered.relations.reverse();
    let (same, other) = (Citer::new(&g), Citer::new(&reordered));
    for (before, after) in [
        (&same, &same),
        (&other, &other),
        (&same, &other),
        (&other, &same),
    ] {
        for (from, to) in [(d("2020-03"), d("2021-06")), (d("2021-06"), d("2020-03"))] {
            for t in &diff.ties {
                assert_eq!(
                    ChangePoints::of_change(t, before, after, from, to),
                    ChangePoints::of(t.key, before, after, from, to),
                    "{}",
                    t.key
                );
            }
        }
    }
}

#[test]
fn the_threshold_hides_small_changes_and_counts_them() {
    let s = snapshots(&model(), "2020-03", "2021-06");
    let diff = diff_of(&s, 0.1);
    assert_eq!(diff.ties.len(), 2);
    assert_eq!(diff.summary.hidden, 1);
    assert_eq!(diff.summary.changed, 1);
    // A change of exactly the threshold is shown.
    let s = snapshots(&model(), "2020-03", "2021-06");
    let diff = diff_of(&s, (-0.6f64 - 0.2).abs());
    assert_eq!(diff.summary.changed, 1);
}

#[test]
fn added_and_removed_ties_ignore_the_threshold() {
    let s = snapshots(&model(), "2020-03", "2021-06");
    let diff = diff_of(&s, 10.0);
    assert_eq!(diff.summary.removed, 1);
    assert_eq!(diff.summary.hidden, 2);
}

#[test]
fn zero_is_neutral_so_moving_to_or_from_it_is_not_a_sign_flip() {
    let key = RelationKey::mutual("A", "B", "relation");
    let change = |before, after| TieChange {
        key: &key,
        change: Change::Changed,
        before: Some(before),
        after: Some(after),
        delta: after - before,
        relations: (None, None),
    };
    assert!(!change(0.3, 0.0).is_sign_flip());
    assert!(!change(0.0, -0.3).is_sign_flip());
    assert!(!change(-0.0, 0.3).is_sign_flip());
    assert!(change(1e-300, -1e-300).is_sign_flip());
    assert_eq!(change(0.0, 0.3).movement(), Movement::Strengthened);
    assert_eq!(change(0.3, 0.0).movement(), Movement::Weakened);
}

#[test]
fn differences_below_epsilon_are_unchanged() {
    let mut g = model();
    g.relations[1]
        .series
        .push(Point::weight(d("2021"), 0.7 + 1e-13));
    let s = snapshots(&g, "2020", "2022");
    let diff = diff_of(&s, 0.0);
    assert_eq!(diff.summary.unchanged, 1);
    assert!(
        !diff
            .ties
            .iter()
            .any(|t| *t.key == RelationKey::mutual("BLR", "RUS", "alliance"))
    );
}

#[test]
fn two_graphs_add_and_remove_actors_and_their_posts() {
    let a = model();
    let mut b = model();
    b.actors.remove("RUS");
    b.relations.retain(|r| !r.ends.touches("RUS"));
    b.actors.insert(
        "kellogg".into(),
        actor(
            "kellogg",
            ActorKind::Person,
            vec![Post {
                title: "Special Envoy".into(),
                of: "USA".into(),
                from: Some(d("2025")),
                until: None,
                ..Default::default()
            }],
        ),
    );
    let date = d("2025-05");
    let (sa, sb) = (Snapshot::at(&a, date), Snapshot::at(&b, date));
    let diff = GraphDiff::between(&sa, &sb, &DiffOptions::default()).with_names("a.yaml", "b.yaml");
    let ids = |v: &[ActorRef]| v.iter().map(|a| a.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&diff.actors.added), ["kellogg"]);
    assert_eq!(ids(&diff.actors.removed), ["RUS"]);
    assert_eq!(diff.posts.started[0].title, "Special Envoy");
    assert_eq!(diff.summary.removed, 2);
    assert_eq!(diff.from.name.as_deref(), Some("a.yaml"));
    assert!(!diff.is_empty());
}

#[test]
fn a_snapshot_diffed_with_itself_is_empty() {
    let s = Snapshot::at(&model(), d("2020-03"));
    let diff = GraphDiff::between(&s, &s, &DiffOptions::default());
    assert!(diff.is_empty());
    assert_eq!(diff.summary.unchanged, 4);
}

// ---- property tests over small random graphs built with the model API ----

const POOL: [&str; 6] = ["A", "B", "C", "D", "p", "q"];
const KINDS: [&str; 2] = ["diplomatic", "trade"];

/// A random graph over a fixed pool of ids: some states, some persons with posts, ties between
/// present actors with short random series (weights on a grid that includes 0, and end points).
fn graph_strategy() -> impl Strategy<Value = Graph> {
    let actors = proptest::collection::vec(any::<bool>(), POOL.len());
    let posts = proptest::collection::vec((0usize..4, 2018i16..2024, 1i16..4), 2);
    let point = (
        2018i16..2025,
        prop_oneof![Just(None), (-4i32..=4).prop_map(Some)],
    );
    let relation = (
        0usize..POOL.len(),
        0usize..POOL.len(),
        0usize..KINDS.len(),
        any::<bool>(),
        proptest::collection::vec(point, 1..4),
    );
    let relations = proptest::collection::vec(relation, 0..20);
    (actors, posts, relations).prop_map(|(present, posts, relations)| {
        let mut g = Graph::default();
        for (i, id) in POOL.iter().enumerate() {
            if !present[i] {
                continue;
            }
            let person = i >= 4;
            let kind = if person {
                ActorKind::Person
            } else {
                ActorKind::State
            };
            let mut actor_posts = vec![];
            if person {
                let (of, from, years) = posts[i - 4];
                if present[of] {
                    actor_posts.push(Post {
                        title: "Minister".into(),
                        of: POOL[of].into(),
                        from: Date::ymd(from, 1, 1),
                        until: Date::ymd(from + years, 1, 1),
                        ..Default::default()
                    });
                }
            }
            g.actors.insert((*id).into(), actor(id, kind, actor_posts));
        }
        let mut keys = BTreeSet::new();
        for (a, b, kind, directed, points) in relations {
            if a == b || !present[a] || !present[b] {
                continue;
            }
            let ends = if directed {
                Ends::Directed {
                    from: POOL[a].into(),
                    to: POOL[b].into(),
                }
            } else {
                mutual(POOL[a], POOL[b])
            };
            let mut series: BTreeMap<i16, Point> = BTreeMap::new();
            for (year, weight) in points {
                let Some(date) = Date::ymd(year, 1, 1) else {
                    continue;
                };
                let point = match weight {
                    Some(w) => Point::weight(date, f64::from(w) / 4.0),
                    None => Point::end(date),
                };
                series.insert(year, point);
            }
            let mut series: Vec<Point> = series.into_values().collect();
            // A series never starts with an end (the loader rejects it).
            while series.first().is_some_and(|p| p.is_end()) {
                series.remove(0);
            }
            let r = tie(ends, KINDS[kind], series);
            if !r.series.is_empty() && keys.insert(r.key()) {
                g.relations.push(r);
            }
        }
        g
    })
}

fn date_strategy() -> impl Strategy<Value = Date> {
    (2017i16..2026, 1i8..13).prop_map(|(y, m)| Date::ymd(y, m, 1).unwrap_or_else(|| d("2020")))
}

fn weights(s: &Snapshot) -> BTreeMap<RelationKey, f64> {
    s.ties()
        .into_iter()
        .map(|(_, _, t)| (t.key.clone(), t.weight))
        .collect()
}

fn placements(s: &Snapshot) -> BTreeMap<Id, (Id, String)> {
    s.actors()
        .filter_map(|a| {
            let p = a.placement.as_ref()?;
            Some((a.id.clone(), (p.of.clone(), p.title.clone())))
        })
        .collect()
}

proptest! {
    #[test]
    fn a_graph_diffed_with_itself_is_empty(g in graph_strategy(), date in date_strategy()) {
        let s = Snapshot::at(&g, date);
        let diff = GraphDiff::between(&s, &s, &DiffOptions::default());
        prop_assert!(diff.is_empty());
        prop_assert_eq!(diff.summary.unchanged, s.graph.edge_count());
    }

    #[test]
    fn diff_b_a_mirrors_diff_a_b(
        a in graph_strategy(), b in graph_strategy(),
        da in date_strategy(), db in date_strategy(),
        threshold in prop_oneof![Just(0.0), Just(0.3)],
    ) {
        let (sa, sb) = (Snapshot::at(&a, da), Snapshot::at(&b, db));
        let options = DiffOptions { threshold };
        let ab = GraphDiff::between(&sa, &sb, &options);
        let ba = GraphDiff::between(&sb, &sa, &options);
        prop_assert_eq!(&ab.actors.added, &ba.actors.removed);
        prop_assert_eq!(&ab.actors.removed, &ba.actors.added);
        prop_assert_eq!(&ab.posts.started, &ba.posts.ended);
        prop_assert_eq!(&ab.posts.ended, &ba.posts.started);
        prop_assert_eq!(ab.ties.len(), ba.ties.len());
        for (x, y) in ab.ties.iter().zip(&ba.ties) {
            prop_assert_eq!(&x.key, &y.key);
            prop_assert_eq!(x.change, y.change.mirror());
            prop_assert_eq!(x.before, y.after);
            prop_assert_eq!(x.after, y.before);
            prop_assert!((x.delta + y.delta).abs() < 1e-12);
        }
        let s = (ab.summary, ba.summary);
        prop_assert_eq!((s.0.added, s.0.removed), (s.1.removed, s.1.added));
        prop_assert_eq!(
            (s.0.changed, s.0.unchanged, s.0.sign_flips, s.0.hidden),
            (s.1.changed, s.1.unchanged, s.1.sign_flips, s.1.hidden)
        );
    }

    #[test]
    fn applying_the_changes_to_a_gives_b(
        a in graph_strategy(), b in graph_strategy(),
        da in date_strategy(), db in date_strategy(),
    ) {
        let (sa, sb) = (Snapshot::at(&a, da), Snapshot::at(&b, db));
        let diff = GraphDiff::between(&sa, &sb, &DiffOptions::default());

        let mut ties = weights(&sa);
        for change in &diff.ties {
            match change.after {
                Some(w) => ties.insert(change.key.clone(), w),
                None => ties.remove(change.key),
            };
        }
        let expected = weights(&sb);
        prop_assert_eq!(ties.keys().collect::<Vec<_>>(), expected.keys().collect::<Vec<_>>());
        for (key, w) in &ties {
            prop_assert!((w - expected[key]).abs() <= EPSILON, "{key}: {w} vs {}", expected[key]);
        }

        let mut actors: BTreeSet<Id> = sa.index.keys().cloned().collect();
        for removed in &diff.actors.removed {
            prop_assert!(actors.remove(&removed.id));
        }
        for added in &diff.actors.added {
            prop_assert!(actors.insert(added.id.clone()));
        }
        prop_assert_eq!(actors, sb.index.keys().cloned().collect::<BTreeSet<_>>());

        let mut posts = placements(&sa);
        for ended in &diff.posts.ended {
            prop_assert!(posts.remove(&ended.actor).is_some());
        }
        for started in &diff.posts.started {
            posts.insert(started.actor.clone(), (started.of.clone(), started.title.clone()));
        }
        prop_assert_eq!(posts, placements(&sb));
        prop_assert_eq!(diff.summary.added + diff.summary.removed + diff.summary.changed, diff.ties.len());
    }
}

/// The diff's ties computed naively: both snapshots' ties in ordered maps, walked by key.
fn reference(a: &Snapshot, b: &Snapshot) -> Vec<(RelationKey, Option<f64>, Option<f64>)> {
    let (wa, wb) = (weights(a), weights(b));
    let keys: BTreeSet<&RelationKey> = wa.keys().chain(wb.keys()).collect();
    keys.into_iter()
        .map(|k| (k.clone(), wa.get(k).copied(), wb.get(k).copied()))
        .filter(|(_, x, y)| match (x, y) {
            (Some(x), Some(y)) => (y - x).abs() > EPSILON,
            _ => true,
        })
        .collect()
}

proptest! {
    #[test]
    fn packed_matching_agrees_with_a_naive_walk_on_both_key_widths(
        a in graph_strategy(), b in graph_strategy(),
        da in date_strategy(), db in date_strategy(),
    ) {
        let (sa, sb) = (Snapshot::at(&a, da), Snapshot::at(&b, db));
        let expected = reference(&sa, &sb);
        let ranks = Ranks::of(&sa, &sb);
        let (x, y) = (scan(&sa, &ranks.before), scan(&sb, &ranks.after));
        let kinds = KindRanks::of(&x.kinds, &y.kinds);
        let layout = KeyLayout::new(ranks.count, kinds.count);
        let options = DiffOptions::default();
        let narrow = match_ties(&x, &y, &kinds, layout, &options, |k| k as u64).0;
        let wide = match_ties(&x, &y, &kinds, layout, &options, |k| k).0;
        prop_assert_eq!(&narrow, &wide);
        // Scanned straight into 64-bit keys, as `GraphDiff::between` does at these sizes.
        let scanned = match_narrow(&sa, &sb, &ranks, &options).expect("a few actors fit");
        prop_assert_eq!(&scanned.0, &wide);
        let got: Vec<_> = wide.iter().map(|t| (t.key.clone(), t.before, t.after)).collect();
        prop_assert_eq!(got, expected);
    }
}

#[test]
fn packed_keys_order_like_relation_keys() {
    let layout = KeyLayout::new(1000, 3);
    assert!(layout.fits_u64());
    let keys = [
        layout.pack(0, 999, 2, true),
        layout.pack(1, 0, 0, false),
        layout.pack(1, 0, 0, true),
        layout.pack(1, 0, 1, false),
        layout.pack(1, 1, 0, false),
    ];
    assert!(keys.windows(2).all(|w| w[0] < w[1]));
    assert!(!KeyLayout::new(1 << 31, 2).fits_u64());
}

#[test]
fn the_cast_says_who_took_and_left_office_and_steady_ties_are_kept() {
    let s = snapshots(&model(), "2020-03", "2021-06");
    let diff = diff_of(&s, 0.1);
    let moved: Vec<(&str, Option<ActorMove>)> = diff
        .cast
        .iter()
        .map(|a| (a.node.id.as_str(), a.moved))
        .collect();
    assert_eq!(
        moved,
        [
            ("BLR", None),
            ("RUS", None),
            ("USA", None),
            ("blinken", Some(ActorMove::TookOffice)),
            ("pompeo", Some(ActorMove::LeftOffice)),
        ]
    );
    let steady: Vec<(String, f64, f64)> = diff
        .steady
        .iter()
        .map(|t| (t.key.to_string(), t.before, t.after))
        .collect();
    // The unchanged alliance, and the change of -0.05 that the threshold hides.
    assert_eq!(
        steady,
        [
            ("BLR -- RUS (alliance)".to_string(), 0.7, 0.7),
            ("RUS -- USA (diplomatic)".to_string(), -0.3, -0.35),
        ]
    );
    assert_eq!(diff.to.scale, s.1.scale);
}

proptest! {
    /// The cast agrees with the actor and post lists, and every tie on both sides is either
    /// listed as a change or steady.
    #[test]
    fn the_cast_and_the_steady_ties_agree_with_the_lists(
        g in graph_strategy(), a in date_strategy(), b in date_strategy(), threshold in 0.0..0.5f64,
    ) {
        let s = (Snapshot::at(&g, a), Snapshot::at(&g, b));
        let diff = diff_of(&s, threshold);
        let with = |m: ActorMove| -> Vec<&str> {
            diff.cast.iter().filter(|x| x.moved == Some(m)).map(|x| x.node.id.as_str()).collect()
        };
        prop_assert_eq!(with(ActorMove::Entered), diff.actors.added.iter().map(|x| x.id.as_str()).collect::<Vec<_>>());
        prop_assert_eq!(with(ActorMove::Departed), diff.actors.removed.iter().map(|x| x.id.as_str()).collect::<Vec<_>>());
        let started: Vec<&str> = diff.posts.started.iter().map(|p| p.actor.as_str()).collect();
        for id in with(ActorMove::TookOffice) {
            prop_assert!(started.contains(&id));
        }
        prop_assert_eq!(
            diff.steady.len(),
            diff.summary.unchanged + diff.summary.hidden
        );
        prop_assert_eq!(diff.cast.len(), {
            let mut all: BTreeSet<&Id> = s.0.index.keys().collect();
            all.extend(s.1.index.keys());
            all.len()
        });
    }
}
