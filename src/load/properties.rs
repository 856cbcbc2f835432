//! Property tests of loading: it never panics, whatever the bytes; what is written loads back the
//! same; and the series of loaded graphs mean what the format says.

use proptest::prelude::*;

use super::{Syntax, load_bytes, load_json_str, load_str, to_json, to_yaml};
use crate::generate::{Spec, generate};
use crate::model::{Date, Graph, Interpolation, PointValue};
use crate::snapshot::Snapshot;

/// A small generated graph, different for each seed, with some linear relations.
fn graph(seed: u64, relations: usize, points: usize) -> Graph {
    let mut g = generate(&Spec {
        seed,
        ..Spec::sized(12, relations, points)
    });
    for (i, r) in g.relations.iter_mut().enumerate() {
        if i % 3 == 0 {
            r.interpolation = Some(Interpolation::Linear);
        }
    }
    g
}

/// How a valid file is damaged.
#[derive(Debug, Clone)]
enum Mutation {
    DeleteLine(usize),
    DuplicateLine(usize),
    SwapLines(usize, usize),
    FlipChar(usize, char),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::DeleteLine),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        (
            any::<usize>(),
            prop_oneof![
                Just(':'),
                Just('-'),
                Just('['),
                Just('{'),
                Just(' '),
                Just('"'),
                Just('&'),
                Just('*'),
                Just('x'),
                Just('9'),
                any::<char>()
            ]
        )
            .prop_map(|(i, c)| Mutation::FlipChar(i, c)),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn mutate(text: &str, mutations: &[Mutation]) -> String {
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    for m in mutations {
        let n = lines.len().max(1);
        match *m {
            Mutation::DeleteLine(i) if !lines.is_empty() => {
                lines.remove(i % n);
            }
            Mutation::DuplicateLine(i) if !lines.is_empty() => {
                let line = lines[i % n].clone();
                lines.insert(i % n, line);
            }
            Mutation::SwapLines(a, b) if !lines.is_empty() => lines.swap(a % n, b % n),
            Mutation::FlipChar(i, c) if !lines.is_empty() => {
                let line = &mut lines[i % n];
                let mut chars: Vec<char> = line.chars().collect();
                if !chars.is_empty() {
                    let at = (i / n) % chars.len();
                    chars[at] = c;
                    *line = chars.into_iter().collect();
                }
            }
            Mutation::Truncate(i) => {
                let joined = lines.join("\n");
                let mut cut = i % (joined.len() + 1);
                while !joined.is_char_boundary(cut) {
                    cut -= 1;
                }
                lines = joined[..cut].lines().map(String::from).collect();
            }
            _ => {}
        }
    }
    lines.join("\n")
}

/// Loads `text` both ways it can be read and checks that a failure is well formed: problems
/// are reported, positions lie in the file, and the quick first reading never disagrees with
/// the located second one (its placeholder never shows).
fn loads_or_explains(text: &str) {
    let lines = u32::try_from(text.lines().count()).unwrap_or(u32::MAX);
    for result in [load_str(text, "t.yaml"), load_json_str(text, "t.json")] {
        if let Err(e) = result {
            let Some(d) = e.diagnostics() else {
                panic!("not an I/O error: {e}");
            };
            assert!(!d.items.is_empty());
            for item in &d.items {
                assert!(
                    item.message != "a relation's series has a problem"
                        && item.message != "a relation has a problem",
                    "unlocated placeholder for:\n{text}"
                );
                if let Some(p) = item.position {
                    assert!(p.line >= 1 && p.line <= lines + 1, "{p:?} outside:\n{text}");
                }
            }
            // Rendering never panics either.
            let _ = e.to_string();
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = load_bytes(&bytes, "t.yaml", Syntax::Yaml);
        let _ = load_bytes(&bytes, "t.json", Syntax::Json);
    }

    #[test]
    fn mutated_graph_files_never_panic(
        seed in 0u64..1000,
        json in any::<bool>(),
        mutations in proptest::collection::vec(mutation(), 1..6),
    ) {
        let g = graph(seed, 6, 3);
        let text = if json { to_json(&g) } else { to_yaml(&g) }.expect("writable");
        loads_or_explains(&mutate(&text, &mutations));
    }

    #[test]
    fn mutated_fixture_never_panics(mutations in proptest::collection::vec(mutation(), 1..6)) {
        let text = include_str!("../../tests/fixtures/minimal.yaml");
        loads_or_explains(&mutate(text, &mutations));
    }

    #[test]
    fn written_graphs_load_back_equal(seed in 0u64..10_000, points in 1usize..6) {
        let g = graph(seed, 8, points);
        let yaml = to_yaml(&g).expect("writable");
        prop_assert_eq!(&load_str(&yaml, "g.yaml").expect("valid"), &g);
        let json = to_json(&g).expect("writable");
        prop_assert_eq!(&load_json_str(&json, "g.json").expect("valid"), &g);
    }

    #[test]
    fn step_and_linear_agree_on_every_point_date(seed in 0u64..10_000) {
        let g = graph(seed, 8, 5);
        for r in &g.relations {
            for p in &r.series {
                let step = r.weight_on(p.date, Interpolation::Step);
                let linear = r.weight_on(p.date, Interpolation::Linear);
                prop_assert_eq!(step, linear);
                match p.value() {
                    PointValue::Weight(w) => prop_assert_eq!(step, Some(w)),
                    // An end point's date has no tie.
                    PointValue::End => prop_assert_eq!(step, None),
                }
            }
        }
    }

    #[test]
    fn no_tie_before_its_first_point(seed in 0u64..10_000, days in 0i64..20 * 366) {
        let g = graph(seed, 8, 3);
        let date = Date::from_civil(
            jiff::civil::date(2000, 1, 1)
                .checked_add(jiff::Span::new().days(days))
                .expect("in range"),
        );
        let snapshot = Snapshot::at(&g, date);
        for (_, _, tie) in snapshot.ties() {
            let r = g.relation(&tie.key).expect("every tie comes from a relation");
            prop_assert!(r.series[0].date <= date);
            prop_assert!(r.point_on(date).is_some_and(|p| !p.is_end()));
        }
        for r in &g.relations {
            if r.series[0].date > date {
                prop_assert_eq!(snapshot.weight(&r.key()), None);
            }
        }
    }

    #[test]
    fn linear_values_lie_between_neighbouring_weights(seed in 0u64..10_000, days in 0i64..20 * 366) {
        let g = graph(seed, 8, 4);
        let date = Date::from_civil(
            jiff::civil::date(2000, 1, 1)
                .checked_add(jiff::Span::new().days(days))
                .expect("in range"),
        );
        for r in &g.relations {
            let Some(w) = r.weight_on(date, Interpolation::Linear) else { continue };
            let i = r.series.partition_point(|p| p.date <= date);
            let PointValue::Weight(before) = r.series[i - 1].value() else {
                panic!("a tie exists only after a weighted point");
            };
            let after = match r.series.get(i).map(|p| p.value()) {
                Some(PointValue::Weight(after)) => after,
                _ => before,
            };
            let (lo, hi) = (before.min(after), before.max(after));
            prop_assert!(lo - 1e-12 <= w && w <= hi + 1e-12, "{w} not in [{lo}, {hi}]");
        }
    }

    /// An expiring point never counts after its span: on any date, a tie of an expiring kind
    /// exists only within the span after the point in force, and a snapshot agrees.
    #[test]
    fn an_expiring_point_never_counts_after_its_span(
        seed in 0u64..10_000,
        days in 0i64..20 * 366,
        count in 1u32..400,
        unit in 0usize..4,
        linear in any::<bool>(),
    ) {
        use crate::model::{KindRules, Span, SpanUnit};
        let mut g = graph(seed, 8, 4);
        g.interpolation = if linear { Interpolation::Linear } else { Interpolation::Step };
        let unit = [SpanUnit::Day, SpanUnit::Week, SpanUnit::Month, SpanUnit::Year][unit];
        let span = Span { count, unit };
        for r in &g.relations {
            g.relation_kinds.insert(r.kind.to_string(), KindRules {
                expires: Some(span),
                ..KindRules::default()
            });
        }
        let date = Date::from_civil(
            jiff::civil::date(2000, 1, 1)
                .checked_add(jiff::Span::new().days(days))
                .expect("in range"),
        );
        let snapshot = Snapshot::at(&g, date);
        for r in &g.relations {
            let w = g.weight_on(r, date);
            prop_assert_eq!(w, snapshot.weight(&r.key()));
            if w.is_some() {
                let point = r.point_on(date).expect("a tie exists only after a point");
                prop_assert!(date < span.after(point.date).expect("in range"));
            } else if let Some(point) = r.point_on(date)
                && !point.is_end()
            {
                // Absent after a weighted point: only because that point lapsed.
                prop_assert!(span.after(point.date).is_some_and(|lapse| lapse <= date));
            }
        }
    }
}
