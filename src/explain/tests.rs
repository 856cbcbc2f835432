//! Tests of `explain`: each rule on a small graph, sources and scenario edits, and the property
//! that explain's weight is the snapshot's for every tie on any date.

use proptest::prelude::*;

use super::*;
use crate::model::Interpolation;
use crate::snapshot::Snapshot;

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

const GRAPH: &str = "detente: 1
sources:
  s1: {title: First report, publisher: Paper, date: 2020-01-02, url: 'https://example.org/1'}
  s2: {title: Second report}
  s3: {title: Third report}
actors:
  A: {name: Aland, kind: state}
  B: {name: Belland, kind: state}
events:
  talks: {date: 2021-01-01, title: Talks in the capital, sources: [s2, s1]}
relations:
  - between: [B, A]
    kind: trade
    series:
      - {date: 2020, weight: 0.5, sources: [s1], note: a deal}
      - {date: 2021, weight: -0.25, event: talks, sources: [s3, s2]}
      - {date: 2022, end: true}
  - between: [A, B]
    kind: diplomatic
    interpolation: linear
    series:
      - {date: 2020-01-01, weight: 0.0}
      - {date: 2020-01-11, weight: 1.0}
  - from: A
    to: B
    kind: aid
    series:
      - {date: 2030, weight: 0.1}
  - from: B
    to: A
    kind: aid
    interpolation: linear
    series:
      - {date: 2019, weight: 0.3}
";

fn graph() -> Graph {
    crate::load::load_str(GRAPH, "t.yaml").unwrap()
}

fn tie<'e>(e: &'e Explanation, kind: &str, from: &str) -> &'e TieExplanation {
    e.ties
        .iter()
        .find(|t| t.key.kind == kind && t.key.from == from)
        .unwrap()
}

#[test]
fn step_names_the_point_in_force_and_its_sources() {
    let g = graph();
    let e = explain(&Citer::new(&g), "A", "B", Some("trade"), d("2021-06")).unwrap();
    assert_eq!(e.ties.len(), 1);
    let t = &e.ties[0];
    assert_eq!(t.weight, Some(-0.25));
    assert_eq!(t.rule, Rule::Step { from: d("2021") });
    assert_eq!(t.stale, None);
    assert_eq!(t.points.len(), 2);
    assert_eq!(t.in_force, Some(1));
    let p = &t.points[1];
    assert_eq!(p.event.as_ref().unwrap().title, "Talks in the capital");
    // The point's own sources in order, then its event's, each once.
    let ids: Vec<_> = p.sources.iter().map(|s| s.id.as_deref().unwrap()).collect();
    assert_eq!(ids, ["s3", "s2", "s1"]);
    assert_eq!(p.sources[2].url.as_deref(), Some("https://example.org/1"));
    assert!(!p.from_scenario);
}

#[test]
fn an_end_point_ends_the_tie_and_is_in_force() {
    let g = graph();
    let e = explain(&Citer::new(&g), "A", "B", Some("trade"), d("2023")).unwrap();
    let t = &e.ties[0];
    assert_eq!(t.weight, None);
    assert_eq!(t.rule, Rule::Ended { on: d("2022") });
    assert_eq!(t.stale, None);
    assert_eq!(t.in_force, Some(2));
    assert_eq!(t.points[2].value, PointValue::End);
}

#[test]
fn linear_names_both_points_and_shows_the_next() {
    let g = graph();
    let e = explain(
        &Citer::new(&g),
        "B",
        "A",
        Some("diplomatic"),
        d("2020-01-04"),
    )
    .unwrap();
    let t = &e.ties[0];
    assert!((t.weight.unwrap() - 0.3).abs() < 1e-12);
    assert_eq!(
        t.rule,
        Rule::Linear {
            from: d("2020-01-01"),
            to: d("2020-01-11")
        }
    );
    assert_eq!(t.interpolation, Interpolation::Linear);
    assert_eq!(t.points.len(), 2);
    assert_eq!(t.in_force, Some(0));
}

#[test]
fn past_the_last_point_a_value_is_stale_and_linear_holds() {
    let g = graph();
    let e = explain(&Citer::new(&g), "A", "B", None, d("2020-02-01")).unwrap();
    // Both directions of the directed `aid` tie, in key order.
    let kinds: Vec<_> = e.ties.iter().map(|t| t.key.to_string()).collect();
    assert_eq!(
        kinds,
        [
            "A -> B (aid)",
            "A -- B (diplomatic)",
            "A -- B (trade)",
            "B -> A (aid)"
        ]
    );
    let t = tie(&e, "diplomatic", "A");
    assert_eq!(t.weight, Some(1.0));
    assert_eq!(
        t.rule,
        Rule::Held {
            from: d("2020-01-11")
        }
    );
    assert_eq!(
        t.stale,
        Some(Stale {
            since: d("2020-01-11"),
            days: 21,
            beyond: None,
        })
    );
    let t = tie(&e, "aid", "A");
    assert_eq!(t.rule, Rule::NotYetBegun { first: d("2030") });
    assert_eq!(t.weight, None);
    assert!(t.points.is_empty());
    assert_eq!(t.in_force, None);
}

#[test]
fn unknown_actors_and_kinds_suggest_the_closest() {
    let g = graph();
    let c = Citer::new(&g);
    assert_eq!(
        explain(&c, "Belland", "A", None, d("2020"))
            .unwrap_err()
            .to_string(),
        "unknown actor `Belland` (did you mean `B` (Belland)?)"
    );
    assert_eq!(
        explain(&c, "A", "B", Some("trad"), d("2020"))
            .unwrap_err()
            .to_string(),
        "no relation of the graph has the kind `trad` (did you mean `trade`?)"
    );
    assert_eq!(
        explain(&c, "A", "A", None, d("2020"))
            .unwrap_err()
            .to_string(),
        "`A` is given twice; name two different actors"
    );
}

#[test]
fn points_a_scenario_made_cite_the_scenario() {
    use crate::scenario::{Provenance, Scenario, TieRef};
    let base = graph();
    let edited = Scenario::on(&base)
        .set_with(
            TieRef::mutual("A", "B", "trade"),
            d("2021-06"),
            0.75,
            Provenance {
                sources: vec!["s1".into()],
                ..Provenance::note("what if")
            },
        )
        .apply()
        .unwrap();
    let origin = ScenarioOrigin {
        base: &base,
        title: Some("A thaw"),
        file: "thaw.yaml",
    };
    let citer = Citer::with_scenario(&edited, origin);
    let e = explain(&citer, "A", "B", Some("trade"), d("2021-07")).unwrap();
    let t = &e.ties[0];
    assert_eq!(t.weight, Some(0.75));
    let p = &t.points[t.in_force.unwrap()];
    assert!(p.from_scenario);
    assert_eq!(p.note.as_deref(), Some("what if"));
    assert_eq!(p.sources[0].title, "A thaw");
    assert_eq!(p.sources[0].file.as_deref(), Some("thaw.yaml"));
    assert_eq!(p.sources[0].id, None);
    assert_eq!(p.sources[1].id.as_deref(), Some("s1"));
    // The points the scenario left alone keep their own sources only.
    assert!(!t.points[0].from_scenario);
    assert!(t.points[0].sources.iter().all(|s| s.file.is_none()));
}

#[test]
fn an_expired_weight_names_when_it_lapsed_and_a_later_point_renews_it() {
    let g = crate::load::load_str(
        "detente: 1\nrelation_kinds:\n  contact: {expires: 90d}\nactors:\n  \
         A: {name: A, kind: state}\n  B: {name: B, kind: state}\nrelations:\n  \
         - between: [A, B]\n    kind: contact\n    interpolation: linear\n    series:\n      \
         - {date: 2025-02-01, weight: 0.6, confidence: 0.8}\n      \
         - {date: 2025-04-01, weight: 0.2, confidence: 0.5}\n      \
         - {date: 2025-09-01, weight: -0.4}\n",
        "c.yaml",
    )
    .unwrap();
    let citer = Citer::new(&g);
    let at = |s: &str| explain(&citer, "A", "B", None, d(s)).unwrap().ties[0].clone();
    // February to April is within 90 days: the line moves, and the confidence is the lower.
    let march = at("2025-03-01");
    assert_eq!(
        march.rule,
        Rule::Linear {
            from: d("2025-02-01"),
            to: d("2025-04-01")
        }
    );
    assert_eq!(march.confidence, Some(0.5));
    // April's point lapses 90 days on, before September's: no line across the gap.
    let june = at("2025-06-29");
    assert_eq!(
        june.rule,
        Rule::Held {
            from: d("2025-04-01")
        }
    );
    assert_eq!(june.weight, Some(0.2));
    let july = at("2025-06-30");
    assert_eq!(july.weight, None);
    assert_eq!(
        july.rule,
        Rule::Expired {
            from: d("2025-04-01"),
            lapsed: d("2025-06-30")
        }
    );
    assert_eq!(july.in_force, Some(1));
    assert_eq!(at("2025-09-01").weight, Some(-0.4));
    assert_eq!(Snapshot::at(&g, d("2025-07")).graph.edge_count(), 0);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// explain's weight is the snapshot's for every tie, on any date, under either interpolation.
    #[test]
    fn explain_weighs_every_tie_as_the_snapshot_does(
        seed in 0u64..1_000,
        linear in any::<bool>(),
        day in 0i64..(22 * 365),
        expires in prop::option::of(1u32..1500),
    ) {
        let mut g = crate::generate::generate(&crate::generate::Spec {
            states: 6,
            persons: 3,
            relations: 30,
            points_per_relation: 4,
            end_share: 0.2,
            seed,
            ..crate::generate::Spec::default()
        });
        g.interpolation = if linear { Interpolation::Linear } else { Interpolation::Step };
        // Some relations override the file's interpolation.
        for r in g.relations.iter_mut().step_by(3) {
            r.interpolation = Some(Interpolation::Step);
        }
        // Half the kinds expire, when the case has an expiry.
        let mut kinds: Vec<String> = g.relations.iter().map(|r| r.kind.to_string()).collect();
        kinds.sort();
        kinds.dedup();
        for kind in kinds.iter().step_by(2) {
            g.relation_kinds.insert(kind.clone(), crate::model::KindRules {
                expires: expires.map(|count| crate::model::Span {
                    count,
                    unit: crate::model::SpanUnit::Day,
                }),
                ..crate::model::KindRules::default()
            });
        }
        let at = Date::from_civil(
            d("1999-06-01").civil().checked_add(jiff::Span::new().days(day)).unwrap(),
        );
        let snapshot = Snapshot::at(&g, at);
        let citer = Citer::new(&g);
        for relation in &g.relations {
            let (a, b) = relation.ends.pair();
            let e = explain(&citer, a, b, Some(&relation.kind), at).unwrap();
            let key = relation.key();
            let t = e.ties.iter().find(|t| t.key == key).unwrap();
            prop_assert_eq!(t.weight, snapshot.weight(&key));
            prop_assert_eq!(t.weight.is_some(), matches!(
                t.rule,
                Rule::Step { .. } | Rule::Linear { .. } | Rule::Held { .. }
            ));
            if let Rule::Expired { from, lapsed } = t.rule {
                prop_assert!(from < lapsed && lapsed <= at);
            }
        }
    }
}

#[test]
fn changes_between_two_dates_come_from_the_later_side_in_either_order() {
    let g = graph();
    let c = Citer::new(&g);
    let key = RelationKey::mutual("A", "B", "trade");
    let dates = |points: Vec<CitedPoint>| points.iter().map(|p| p.date).collect::<Vec<_>>();
    assert_eq!(
        dates(changes(&c, &c, &key, d("2020"), d("2021-06"))),
        [d("2021")]
    );
    assert_eq!(
        dates(changes(&c, &c, &key, d("2023"), d("2020-06"))),
        [d("2021"), d("2022")]
    );
    assert!(changes(&c, &c, &key, d("2021"), d("2021")).is_empty());
}

#[test]
fn a_citer_finds_a_tie_by_its_own_key_and_by_a_key_made_from_text() {
    let g = graph();
    let citer = Citer::new(&g);
    let snapshot = Snapshot::at(&g, d("2021-06"));
    let mut found = 0;
    for (_, _, tie) in snapshot.ties() {
        // The snapshot's key shares the relation's names; the typed one shares nothing.
        let typed = if tie.key.directed {
            RelationKey::directed(
                tie.key.from.as_str(),
                tie.key.to.as_str(),
                tie.key.kind.as_str(),
            )
        } else {
            RelationKey::mutual(
                tie.key.to.as_str(),
                tie.key.from.as_str(),
                tie.key.kind.as_str(),
            )
        };
        let by_own = citer.relation(&tie.key).expect("the snapshot's own key");
        let by_text = citer.relation(&typed).expect("the same key, typed");
        assert!(std::ptr::eq(by_own, by_text));
        assert_eq!(by_own.key(), tie.key);
        found += 1;
    }
    assert!(found > 0);
    assert!(
        citer
            .relation(&RelationKey::mutual("A", "B", "no-such-kind"))
            .is_none()
    );
}
