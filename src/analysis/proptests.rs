//! Property tests of the analysis invariants: balance and frustration agree, sign flips and
//! switchings act on the census as theory says, the exact and heuristic searches agree on small
//! graphs, PageRank is a distribution, and our betweenness equals rustworkx-core's.

use proptest::prelude::*;

use super::balance::{balanced_split, census, unbalanced_triangles};
use super::centrality::{Sources, pagerank, shortest_paths};
use super::frustration::frustration;
use super::partition::{Effort, best_partition, cost_of};
use super::view::{Csr, Sign, Signed};

/// A random signed simple graph on up to `max` nodes.
fn signed_graph(max: usize) -> impl Strategy<Value = Signed> {
    (1..=max).prop_flat_map(|n| {
        let pairs: Vec<(u32, u32)> = (0..n as u32)
            .flat_map(|a| (a + 1..n as u32).map(move |b| (a, b)))
            .collect();
        let m = pairs.len();
        proptest::collection::vec(0u8..3, m).prop_map(move |choice| {
            let edges = pairs
                .iter()
                .zip(&choice)
                .filter_map(|(&(a, b), &c)| match c {
                    1 => Some((a, b, Sign::Positive)),
                    2 => Some((a, b, Sign::Negative)),
                    _ => None,
                })
                .collect();
            Signed::new(n, edges)
        })
    })
}

fn exhaustive() -> Effort {
    Effort {
        exact_limit: 64,
        budget: u64::MAX,
        bloc_budget: u64::MAX,
        seed: 1,
        deadline: None,
    }
}

fn heuristic_only(seed: u64) -> Effort {
    Effort {
        exact_limit: 0,
        budget: 0,
        bloc_budget: 0,
        seed,
        deadline: None,
    }
}

fn brute_force_frustration(g: &Signed) -> usize {
    (0..1u32 << g.n)
        .map(|code| {
            let group: Vec<u8> = (0..g.n).map(|i| ((code >> i) & 1) as u8).collect();
            cost_of(g, &group)
        })
        .min()
        .unwrap_or(0)
}

proptest! {
    #[test]
    fn frustration_is_zero_exactly_when_balanced(g in signed_graph(10)) {
        let f = frustration(&g, &exhaustive());
        prop_assert!(f.exact);
        prop_assert_eq!(f.index == 0, balanced_split(&g).is_some());
        prop_assert_eq!(f.index, f.edges.len());
    }

    #[test]
    fn exact_frustration_equals_brute_force(g in signed_graph(9)) {
        prop_assert_eq!(frustration(&g, &exhaustive()).index, brute_force_frustration(&g));
    }

    #[test]
    fn exact_and_heuristic_frustration_agree_on_small_graphs(g in signed_graph(9), seed in 0u64..1000) {
        let exact = frustration(&g, &exhaustive());
        let heuristic = frustration(&g, &heuristic_only(seed));
        prop_assert_eq!(heuristic.index, exact.index);
        prop_assert!(heuristic.exact == (heuristic.index == 0));
    }

    #[test]
    fn exact_and_heuristic_blocs_agree_on_small_graphs(g in signed_graph(8), k in 1usize..=4) {
        let exact = best_partition(&g, k, &exhaustive());
        let heuristic = best_partition(&g, k, &heuristic_only(3));
        prop_assert!(exact.exact);
        prop_assert_eq!(heuristic.cost, exact.cost);
        prop_assert_eq!(cost_of(&g, &exact.group), exact.cost);
    }

    #[test]
    fn flipping_every_sign_mirrors_the_census(g in signed_graph(10)) {
        let flipped = Signed::new(
            g.n,
            g.edges.iter().map(|&(a, b, s)| (a, b, s.flipped())).collect(),
        );
        let (c, f) = (census(&g), census(&flipped));
        prop_assert_eq!((c.ppp, c.ppm, c.pmm, c.mmm), (f.mmm, f.pmm, f.ppm, f.ppp));
    }

    #[test]
    fn switching_a_group_keeps_balance(g in signed_graph(10), mask in any::<u16>()) {
        // Negating every edge across a cut (a switching, Harary 1953) keeps the parity of the
        // negatives on every cycle: the balanced and unbalanced triangles and the frustration
        // index stay the same.
        let inside = |v: u32| mask >> (v % 16) & 1 == 1;
        let switched = Signed::new(
            g.n,
            g.edges
                .iter()
                .map(|&(a, b, s)| (a, b, if inside(a) != inside(b) { s.flipped() } else { s }))
                .collect(),
        );
        let (c, d) = (census(&g), census(&switched));
        prop_assert_eq!(c.balanced(), d.balanced());
        prop_assert_eq!(unbalanced_triangles(&g), unbalanced_triangles(&switched));
        prop_assert_eq!(
            frustration(&g, &exhaustive()).index,
            frustration(&switched, &exhaustive()).index
        );
    }

    #[test]
    fn census_counts_every_triangle(g in signed_graph(10)) {
        let sign = |a: u32, b: u32| {
            g.edges.iter().find(|e| (e.0, e.1) == (a.min(b), a.max(b))).map(|e| e.2)
        };
        let mut brute = [0u64; 4];
        let n = g.n as u32;
        for a in 0..n {
            for b in a + 1..n {
                for c in b + 1..n {
                    if let (Some(x), Some(y), Some(z)) = (sign(a, b), sign(b, c), sign(a, c)) {
                        let neg = [x, y, z].iter().filter(|&&s| s == Sign::Negative).count();
                        brute[neg] += 1;
                    }
                }
            }
        }
        let c = census(&g);
        prop_assert_eq!([c.ppp, c.ppm, c.pmm, c.mmm], brute);
    }

    #[test]
    fn pagerank_is_a_distribution(
        n in 1usize..30,
        arcs in proptest::collection::vec((0u32..30, 0u32..30, 0.0f64..1.0), 0..120),
    ) {
        let mut triples: Vec<(u32, u32, f64)> = arcs
            .into_iter()
            .filter(|&(s, t, _)| (s as usize) < n && (t as usize) < n && s != t)
            .collect();
        triples.sort_by_key(|&(s, t, _)| (s, t));
        triples.dedup_by_key(|&mut (s, t, _)| (s, t));
        let pr = pagerank(&Csr::from_triples(n, &triples), 0.85, 1e-10, 1000);
        prop_assert!(pr.converged);
        prop_assert!((pr.scores.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        prop_assert!(pr.scores.iter().all(|&x| x >= (1.0 - 0.85) / n as f64 - 1e-12));
    }

    #[test]
    fn betweenness_and_closeness_equal_rustworkx(
        n in 1usize..25,
        edges in proptest::collection::vec((0u32..25, 0u32..25), 0..80),
    ) {
        let edges: std::collections::BTreeSet<(u32, u32)> = edges
            .into_iter()
            .filter(|&(a, b)| (a as usize) < n && (b as usize) < n && a != b)
            .map(|(a, b)| (a.min(b), a.max(b)))
            .collect();
        let mut triples: Vec<(u32, u32, f64)> =
            edges.iter().flat_map(|&(a, b)| [(a, b, 1.0), (b, a, 1.0)]).collect();
        triples.sort_by_key(|&(s, t, _)| (s, t));
        let ours = shortest_paths(&Csr::from_triples(n, &triples), Sources::All);
        let mut g = petgraph::graph::UnGraph::<(), ()>::with_capacity(n, edges.len());
        for _ in 0..n {
            g.add_node(());
        }
        for &(a, b) in &edges {
            g.add_edge(a.into(), b.into(), ());
        }
        let theirs = rustworkx_core::centrality::betweenness_centrality(&g, false, true, usize::MAX);
        for (x, y) in ours.betweenness.iter().zip(theirs) {
            prop_assert!((x - y.unwrap_or(0.0)).abs() < 1e-9, "{} vs {:?}", x, y);
        }
        let theirs = rustworkx_core::centrality::closeness_centrality(&g, true, usize::MAX);
        for (x, y) in ours.closeness.iter().zip(theirs) {
            prop_assert!((x - y.unwrap_or(0.0)).abs() < 1e-9, "{} vs {:?}", x, y);
        }
    }
}

/// Where each actor stands in an analysis: its bloc (by its members) and its frustration side.
fn standing(
    a: &super::Analysis,
) -> std::collections::BTreeMap<&str, (Option<usize>, Option<usize>)> {
    let mut out = std::collections::BTreeMap::new();
    for m in &a.actors {
        let bloc = a.blocs.blocs.iter().position(|b| b.contains(&m.id));
        let side = a
            .balance
            .frustration
            .groups
            .iter()
            .position(|g| g.contains(&m.id));
        out.insert(m.id.as_str(), (bloc, side));
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// With the default options, every person holding a post on the date is in the bloc and on
    /// the frustration side of the state of that post, in `analyze` and at every `trend` date.
    #[test]
    fn persons_stand_with_their_states(
        seed in 0u64..10_000,
        states in 2usize..8,
        persons in 1usize..8,
        relations in 1usize..30,
        year in 2000i16..2021,
    ) {
        let model = crate::generate::generate(&crate::generate::Spec {
            states,
            persons,
            relations,
            seed,
            ..Default::default()
        });
        let date: crate::model::Date = year.to_string().parse().unwrap();
        let snapshot = crate::snapshot::Snapshot::at(&model, date);
        let a = super::analyze(&snapshot, &super::Options::default());
        let at = standing(&a);
        let trend = super::trend::trend(&model, &[date], &Default::default());
        let step = &trend.steps[0];
        for actor in model.actors.values() {
            if let Some(home) = actor.home_on(date) {
                prop_assert_eq!(at[actor.id.as_str()], at[home.as_str()], "{} in {}", actor.id, home);
                prop_assert_eq!(step.blocs.get(&actor.id), step.blocs.get(home));
            }
        }
        // Blocs are labelled 1..K without gaps, and none is empty.
        prop_assert!(a.blocs.blocs.iter().all(|b| !b.is_empty()));
        let labels: std::collections::BTreeSet<u32> = step.blocs.values().copied().collect();
        prop_assert_eq!(labels, (1..=a.blocs.blocs.len() as u32).collect());
    }
}
