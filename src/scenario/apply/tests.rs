//! The meaning of each edit on small graphs, and a property test: a scenario changes its base
//! exactly as its edits say, and nothing else.

use proptest::prelude::*;

use super::*;
use crate::model::{
    Actor, ActorKind, Date, Event, Interpolation, Point, PointDetail, PointValue, Relation,
    RelationKey,
};
use crate::scenario::Scenario;
use crate::snapshot::Snapshot;

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

const BASE: &str = "detente: 1
sources:
  reuters: {title: A report}
actors:
  USA: {name: United States, kind: state}
  BLR: {name: Belarus, kind: state}
  RUS: {name: Russia, kind: state}
  kellogg:
    name: Keith Kellogg
    kind: person
    posts:
      - {title: Special Envoy, of: USA, from: 2025-01-20}
  lukashenko:
    name: Alexander Lukashenko
    kind: person
    posts:
      - {title: President, of: BLR, from: 1994-07-20}
relations:
  - between: [USA, BLR]
    kind: diplomatic
    series:
      - {date: 2019, weight: -0.2}
      - {date: 2020-02-01, weight: 0.3}
      - {date: 2022-02-28, weight: -0.9}
  - between: [BLR, RUS]
    kind: alliance
    series:
      - {date: 2019, weight: 0.7}
      - {date: 2022-02-24, weight: 0.95}
  - from: kellogg
    to: lukashenko
    kind: contact
    series:
      - {date: 2025-06-17, weight: 0.2}
      - {date: 2025-06-21, weight: 0.5}
events:
  visit:
    date: 2025-06-21
    title: Kellogg meets Lukashenko
    actors: [kellogg, lukashenko]
";

fn base() -> Graph {
    crate::load::load_str(BASE, "base.yaml").unwrap()
}

fn usa_blr() -> TieRef {
    TieRef::mutual("USA", "BLR", "diplomatic")
}

fn kellogg() -> TieRef {
    TieRef::directed("kellogg", "lukashenko", "contact")
}

fn weight(g: &Graph, tie: &TieRef, date: &str) -> Option<f64> {
    Snapshot::at(g, d(date)).weight(&tie.key())
}

fn close(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() < 1e-9,
        (None, None) => true,
        _ => false,
    }
}

#[test]
fn set_adds_a_point_and_changes_nothing_before_its_date() {
    let base = base();
    let out = apply(
        &base,
        &[Edit::Set {
            tie: usa_blr(),
            date: d("2025-09"),
            weight: 0.2,
            why: Provenance::note("embassy reopens"),
        }],
    )
    .unwrap();
    assert_eq!(weight(&out.graph, &usa_blr(), "2025-08-31"), Some(-0.9));
    assert_eq!(weight(&out.graph, &usa_blr(), "2025-09-01"), Some(0.2));
    assert_eq!(weight(&out.graph, &usa_blr(), "2030"), Some(0.2));
    let point = out
        .graph
        .relation(&usa_blr().key())
        .unwrap()
        .point_on(d("2025-09"));
    assert_eq!(point.unwrap().note(), Some("embassy reopens"));
    assert_eq!(
        out.effects,
        vec![Effect::Set {
            tie: usa_blr(),
            date: d("2025-09"),
            before: Some(-0.9),
            after: 0.2,
            replaced: None,
        }]
    );
    // The base is untouched.
    assert_eq!(weight(&base, &usa_blr(), "2030"), Some(-0.9));
}

#[test]
fn set_on_a_point_replaces_it_and_keeps_later_points() {
    let out = apply(
        &base(),
        &[Edit::Set {
            tie: TieRef::mutual("BLR", "USA", "diplomatic"),
            date: d("2020-02-01"),
            weight: 0.5,
            why: Provenance::default(),
        }],
    )
    .unwrap();
    let series = &out.graph.relation(&usa_blr().key()).unwrap().series;
    assert_eq!(series.len(), 3);
    assert_eq!(series[1].value(), PointValue::Weight(0.5));
    assert_eq!(weight(&out.graph, &usa_blr(), "2023"), Some(-0.9));
    assert!(matches!(
        out.effects[0],
        Effect::Set {
            replaced: Some(PointValue::Weight(w)),
            ..
        } if w == 0.3
    ));
}

#[test]
fn shift_moves_every_later_weight_and_clamps_to_the_scale() {
    let out = apply(
        &base(),
        &[Edit::Shift {
            tie: TieRef::mutual("RUS", "BLR", "alliance"),
            date: d("2021"),
            delta: 0.1,
            why: Provenance::default(),
        }],
    )
    .unwrap();
    let alliance = TieRef::mutual("BLR", "RUS", "alliance");
    assert_eq!(weight(&out.graph, &alliance, "2020-12-31"), Some(0.7));
    assert!(close(weight(&out.graph, &alliance, "2021"), Some(0.8)));
    assert_eq!(weight(&out.graph, &alliance, "2023"), Some(1.0));
    assert!(matches!(
        out.effects[0],
        Effect::Shift {
            later_points: 1,
            clamped: 1,
            ..
        }
    ));
}

#[test]
fn end_removes_the_tie_for_good_and_needs_an_earlier_point() {
    let out = apply(
        &base(),
        &[Edit::End {
            tie: usa_blr(),
            date: d("2021"),
            why: Provenance::default(),
        }],
    )
    .unwrap();
    assert_eq!(weight(&out.graph, &usa_blr(), "2020-12-31"), Some(0.3));
    assert_eq!(weight(&out.graph, &usa_blr(), "2021"), None);
    assert_eq!(weight(&out.graph, &usa_blr(), "2023"), None);
    assert!(matches!(out.effects[0], Effect::End { dropped: 1, .. }));

    let err = apply(
        &base(),
        &[Edit::End {
            tie: kellogg(),
            date: d("2025-06-17"),
            why: Provenance::default(),
        }],
    )
    .unwrap_err();
    assert_eq!(
        err.problems[0].message,
        "the tie kellogg -> lukashenko (contact) only begins on 2025-06-17, so it cannot end on 2025-06-17"
    );
    assert_eq!(err.problems[0].field, Field::at("date"));
}

#[test]
fn removing_an_actor_removes_its_ties_posts_and_mentions() {
    let out = apply(&base(), &[Edit::RemoveActor { id: "BLR".into() }]).unwrap();
    assert!(!out.graph.actors.contains_key("BLR"));
    assert_eq!(out.graph.relations.len(), 1);
    // Lukashenko's post was held in Belarus.
    assert!(out.graph.actors["lukashenko"].posts.is_empty());
    assert_eq!(
        out.effects,
        vec![Effect::RemoveActor {
            id: "BLR".into(),
            ties: vec![usa_blr(), TieRef::mutual("BLR", "RUS", "alliance")],
            posts: 1,
            events: vec![],
        }]
    );
    let out = apply(
        &base(),
        &[Edit::RemoveActor {
            id: "kellogg".into(),
        }],
    )
    .unwrap();
    assert_eq!(out.graph.events["visit"].actors, vec!["lukashenko"]);
    assert!(matches!(
        &out.effects[0],
        Effect::RemoveActor { ties, posts: 1, events, .. } if ties.len() == 1 && events == &["visit"]
    ));
}

#[test]
fn edits_see_what_earlier_edits_added() {
    let coale = Actor {
        id: "coale".into(),
        name: "John Coale".into(),
        kind: ActorKind::Person,
        posts: vec![],
        note: None,
        aliases: Vec::new(),
        attributes: Default::default(),
        part_of: Vec::new(),
    };
    let graph = Scenario::on(&base())
        .add_actor(coale)
        .add_post(
            "coale",
            Post {
                title: "Deputy envoy".into(),
                of: "USA".into(),
                from: Some(d("2025-05")),
                until: None,
                ..Default::default()
            },
        )
        .add_event(
            "release",
            Event {
                date: d("2025-09-11"),
                title: "52 prisoners released".into(),
                actors: vec!["coale".into(), "lukashenko".into()],
                sources: vec!["reuters".into()],
                description: None,
            },
        )
        .add_relation(Relation {
            ends: Ends::Directed {
                from: "coale".into(),
                to: "lukashenko".into(),
            },
            kind: "contact".into(),
            interpolation: None,
            series: vec![Point::weight(d("2025-09-11"), 0.4).with(PointDetail {
                event: Some("release".into()),
                ..PointDetail::default()
            })],
            note: None,
        })
        .end_post("coale", d("2026"))
        .apply()
        .unwrap();
    let contact = TieRef::directed("coale", "lukashenko", "contact");
    assert_eq!(weight(&graph, &contact, "2025-10"), Some(0.4));
    assert_eq!(graph.actors["coale"].posts[0].until, Some(d("2026")));
}

#[test]
fn every_problem_is_reported_at_once_with_its_field() {
    let err = Scenario::on(&base())
        .set(
            TieRef::mutual("USA", "Belarsu", "diplomatic"),
            d("2025"),
            0.1,
        )
        .set(usa_blr(), d("2025"), 1.5)
        .remove_relation(TieRef::mutual("USA", "BLR", "trade"))
        .remove_actor("kelogg")
        .end_post("kellogg", d("2024"))
        .apply()
        .unwrap_err();
    let got: Vec<(usize, Field, &str)> = err
        .problems
        .iter()
        .map(|p| (p.edit, p.field, p.message.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            (0, Field::item("between", 1), "unknown actor `Belarsu`"),
            (
                1,
                Field::at("weight"),
                "weight 1.5 is outside the scale [-1, 1]"
            ),
            (2, Field::at("kind"), "there is no tie USA -- BLR (trade)"),
            (3, Field::at("id"), "unknown actor `kelogg`"),
            (4, Field::at("date"), "`kellogg` holds no post on 2024"),
        ]
    );
    assert_eq!(
        err.problems[0].help.as_deref(),
        Some("did you mean `BLR` (Belarus)?")
    );
    assert_eq!(
        err.problems[2].help.as_deref(),
        Some("the ties between them are: USA -- BLR (diplomatic)")
    );
    assert_eq!(
        err.problems[3].help.as_deref(),
        Some("did you mean `kellogg` (Keith Kellogg)?")
    );
}

#[test]
fn under_linear_interpolation_nothing_before_the_date_moves() {
    let mut base = base();
    base.interpolation = Interpolation::Linear;
    // Halfway between 2020-02-01 (0.3) and 2022-02-28 (-0.9).
    let before = weight(&base, &usa_blr(), "2021-02-14");
    for edit in [
        Edit::Set {
            tie: usa_blr(),
            date: d("2021-03"),
            weight: 1.0,
            why: Provenance::default(),
        },
        Edit::Shift {
            tie: usa_blr(),
            date: d("2021-03"),
            delta: -0.05,
            why: Provenance::default(),
        },
        Edit::End {
            tie: usa_blr(),
            date: d("2021-03"),
            why: Provenance::default(),
        },
    ] {
        let out = apply(&base, std::slice::from_ref(&edit)).unwrap();
        for day in ["2021-02-14", "2021-02-27", "2021-02-28"] {
            assert!(
                close(
                    weight(&out.graph, &usa_blr(), day),
                    weight(&base, &usa_blr(), day)
                ),
                "{} moved {day}",
                edit.name()
            );
        }
        assert!(close(weight(&out.graph, &usa_blr(), "2021-02-14"), before));
    }
}

// ------------------------------------------------------------------------------ property test

/// What one tie should weigh on `t` after `edit` (dated `date`) on `r`, from the documented
/// semantics, computed from the base series alone.
fn expected(
    r: &Relation,
    i: Interpolation,
    edit: &Edit,
    scale: crate::model::Scale,
    t: Date,
) -> Option<f64> {
    let base = |t| r.weight_on(t, i);
    let Some(date) = edit.date() else {
        return base(t);
    };
    if t < date {
        return base(t);
    }
    let next = r.series.iter().find(|p| p.date > date);
    let linear = |w0: f64, d0: Date, next: Option<&Point>, w1: Option<f64>| match (next, w1) {
        (Some(n), Some(w1)) if i == Interpolation::Linear => {
            let span = d0.days_until(n.date) as f64;
            Some(w0 + (w1 - w0) * (d0.days_until(t) as f64 / span))
        }
        _ => Some(w0),
    };
    let value = |p: &Point| match p.value() {
        PointValue::Weight(w) => Some(w),
        PointValue::End => None,
    };
    match edit {
        Edit::Set { weight, .. } => match next {
            Some(n) if t >= n.date => base(t),
            _ => linear(*weight, date, next, next.and_then(value)),
        },
        Edit::Shift { delta, .. } => {
            base(t)?;
            let moved = |w: f64| (w + delta).clamp(scale.min, scale.max);
            // The surrounding anchors: the point on or before t (or the date), and the next one.
            let at = r.series.iter().rev().find(|p| p.date <= t && p.date > date);
            let (d0, w0) = match at {
                Some(p) => (p.date, moved(value(p)?)),
                None => (date, moved(base(date)?)),
            };
            let after = r.series.iter().find(|p| p.date > t);
            linear(w0, d0, after, after.and_then(value).map(moved))
        }
        Edit::End { .. } => None,
        _ => base(t),
    }
}

fn arbitrary_edit(r: &Relation, kind: u8, day: i64, amount: i32) -> Edit {
    let first = r.series[0].date;
    let date = Date::from_civil(
        first
            .civil()
            .checked_add(jiff::Span::new().days(day - 400))
            .unwrap(),
    );
    let tie = TieRef {
        ends: r.ends.clone(),
        kind: r.kind.clone(),
    };
    let why = Provenance::default();
    match kind % 3 {
        0 => Edit::Set {
            tie,
            date,
            weight: f64::from(amount) / 100.0,
            why,
        },
        1 => Edit::Shift {
            tie,
            date,
            delta: f64::from(amount) / 100.0,
            why,
        },
        // An end needs a point before it.
        _ if date > first => Edit::End { tie, date, why },
        _ => Edit::RemoveRelation { tie },
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Applying random edits to a generated graph and comparing snapshots with the base on every
    /// date that matters shows exactly the edits: edited ties change as documented from their
    /// edit's date on, ties of a removed actor vanish, and every other tie is unchanged.
    #[test]
    fn a_scenario_changes_exactly_what_its_edits_say(
        seed in 0u64..1000,
        linear in any::<bool>(),
        picks in prop::collection::vec((0usize..1000, 0u8..3, 0i64..3000, -100i32..=100), 1..6),
        remove in prop::option::of(0usize..1000),
    ) {
        let spec = crate::generate::Spec {
            states: 6,
            persons: 4,
            relations: 25,
            points_per_relation: 4,
            end_share: 0.1,
            years: 8,
            seed,
            ..crate::generate::Spec::default()
        };
        let mut base = crate::generate::generate(&spec);
        if linear {
            base.interpolation = Interpolation::Linear;
        }
        let mut edits = Vec::new();
        let mut edited: Vec<RelationKey> = Vec::new();
        for (index, kind, day, amount) in picks {
            let r = &base.relations[index % base.relations.len()];
            if edited.contains(&r.key()) {
                continue;
            }
            edited.push(r.key());
            edits.push(arbitrary_edit(r, kind, day, amount));
        }
        // Remove an actor that none of the edited ties touches.
        let ids: Vec<&Id> = base.actors.keys().collect();
        let removed = remove
            .map(|i| ids[i % ids.len()].clone())
            .filter(|id| !edited.iter().any(|k| &k.from == id || &k.to == id));
        if let Some(id) = &removed {
            edits.push(Edit::RemoveActor { id: id.clone() });
        }
        let out = apply(&base, &edits).map_err(|e| TestCaseError::fail(e.to_string()))?;

        let mut dates: Vec<Date> = base.dates();
        for e in &edits {
            if let Some(date) = e.date() {
                dates.push(date);
                dates.extend(date.civil().yesterday().ok().map(Date::from_civil));
                dates.extend(date.civil().tomorrow().ok().map(Date::from_civil));
            }
        }
        let mut more = Vec::new();
        for pair in dates.windows(2) {
            let half = pair[0].days_until(pair[1]) / 2;
            more.extend(pair[0].civil().checked_add(jiff::Span::new().days(half)).ok().map(Date::from_civil));
        }
        dates.extend(more);
        dates.sort();
        dates.dedup();

        for &t in &dates {
            let before = Snapshot::at(&base, t);
            let after = Snapshot::at(&out.graph, t);
            for r in &base.relations {
                let key = r.key();
                let i = base.interpolation_of(r);
                let edit = edits.iter().find(|e| match e {
                    Edit::Set { tie, .. } | Edit::Shift { tie, .. } | Edit::End { tie, .. }
                    | Edit::RemoveRelation { tie } => tie.key() == key,
                    _ => false,
                });
                let want = match edit {
                    _ if removed.as_ref().is_some_and(|id| key.from == *id || key.to == *id) => None,
                    Some(Edit::RemoveRelation { .. }) => None,
                    Some(edit) => expected(r, i, edit, base.scale, t),
                    None => before.weight(&key),
                };
                let got = after.weight(&key);
                prop_assert!(
                    close(got, want),
                    "{key} on {t}: got {got:?}, want {want:?} (base {:?}) after {edit:?}",
                    before.weight(&key)
                );
            }
            // No tie appears that the base did not have.
            prop_assert!(after.graph.edge_count() <= before.graph.edge_count() + edits.len());
        }
        // The result is a valid graph: it writes and loads back as itself.
        let text = crate::load::to_yaml(&out.graph).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let again = crate::load::load_str(&text, "out.yaml").map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(again, out.graph);
    }
}

#[test]
fn memberships_aliases_and_attributes_are_edited_and_a_cycle_is_refused() {
    let base = crate::load::load_str(BASE, "base.yaml").unwrap();
    let group = ActorKind::parse("group").unwrap();
    let union = Actor {
        id: "UNION".into(),
        name: "Union State".into(),
        kind: group,
        posts: Vec::new(),
        note: None,
        aliases: Vec::new(),
        attributes: Default::default(),
        part_of: Vec::new(),
    };
    let member = |of: &str, from: &str| crate::model::Membership {
        of: of.into(),
        from: Some(d(from)),
        ..Default::default()
    };
    let outcome = apply(
        &base,
        &[
            Edit::AddActor(union),
            Edit::AddPartOf {
                actor: "BLR".into(),
                membership: member("UNION", "1999-12-08"),
            },
            Edit::AddAlias {
                actor: "BLR".into(),
                alias: "Byelorussia".into(),
            },
            Edit::SetAttribute {
                actor: "BLR".into(),
                name: "iso3".into(),
                value: crate::model::Attribute::Text("BLR".into()),
            },
            Edit::EndPartOf {
                actor: "BLR".into(),
                of: "UNION".into(),
                date: d("2030"),
            },
        ],
    )
    .unwrap();
    let blr = &outcome.graph.actors["BLR"];
    assert_eq!(blr.home_on(d("2000")).map(Id::as_str), Some("UNION"));
    assert_eq!(blr.home_on(d("2031")), None);
    assert_eq!(blr.aliases, ["Byelorussia"]);
    assert!(crate::load::validate(&outcome.graph).is_ok());
    // UNION part of BLR while BLR is part of UNION: a cycle, refused.
    let error = apply(
        &outcome.graph,
        &[Edit::AddPartOf {
            actor: "UNION".into(),
            membership: member("BLR", "2005"),
        }],
    )
    .unwrap_err();
    assert_eq!(
        error.problems[0].message,
        "`part_of` would go round in a circle: BLR → UNION → BLR"
    );
}
