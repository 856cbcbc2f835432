//! Centralities checked by hand on small graphs, and the effect of the path lengths chosen.

use super::*;
use crate::analysis::view::Csr;

/// An undirected graph of unit lengths with the given edges, each in both rows.
pub(super) fn undirected(n: usize, edges: &[(u32, u32)]) -> Csr {
    let mut t: Vec<(u32, u32, f64)> = edges
        .iter()
        .flat_map(|&(a, b)| [(a, b, 1.0), (b, a, 1.0)])
        .collect();
    t.sort_by_key(|&(s, t, _)| (s, t));
    Csr::from_triples(n, &t)
}

mod by_hand {
    use super::*;

    #[test]
    fn betweenness_of_a_star_by_hand() {
        // Centre 0 lies on all C(4,2) = 6 paths between leaves: normalised 1.
        let g = undirected(5, &[(0, 1), (0, 2), (0, 3), (0, 4)]);
        let bc = shortest_path_betweenness(&g, Sources::All);
        assert!((bc[0] - 1.0).abs() < 1e-12);
        assert!(bc[1..].iter().all(|&b| b == 0.0));
    }

    #[test]
    fn weighted_betweenness_follows_the_short_path() {
        // A square 0-1-2-3-0 where 0-1-2 is shorter: only 1 brokers 0 and 2.
        let t = [
            (0, 1, 1.0),
            (1, 0, 1.0),
            (1, 2, 1.0),
            (2, 1, 1.0),
            (2, 3, 5.0),
            (3, 2, 5.0),
            (0, 3, 5.0),
            (3, 0, 5.0),
        ];
        let mut t = t.to_vec();
        t.sort_by_key(|&(s, t, _)| (s, t));
        let g = Csr::from_triples(4, &t);
        let bc = shortest_path_betweenness(&g, Sources::All);
        // Pairs (ordered) through 1: 0-2, 2-0, 3-... 3 reaches 1 via 0 (5+1=6) or 2 (5+1=6).
        // 1 lies on 0-2 and 2-0; 0 lies on 3-1 half the time each way; so does 2.
        assert!((bc[1] - 2.0 / 6.0).abs() < 1e-12, "{bc:?}");
        assert!((bc[0] - 1.0 / 6.0).abs() < 1e-12, "{bc:?}");
        assert!((bc[2] - 1.0 / 6.0).abs() < 1e-12, "{bc:?}");
        assert_eq!(bc[3], 0.0);
    }

    #[test]
    fn sampling_every_source_is_exact() {
        let g = undirected(6, &[(0, 1), (1, 2), (2, 3), (3, 4), (4, 5), (1, 4)]);
        let all = shortest_path_betweenness(&g, Sources::All);
        let sampled = shortest_path_betweenness(&g, Sources::Sample { k: 6, seed: 1 });
        for (a, b) in all.iter().zip(&sampled) {
            assert!((a - b).abs() < 1e-12);
        }
    }

    #[test]
    fn pagerank_spreads_dangling_nodes_uniformly() {
        // 0 → 1, 1 dangling. 0 gets only the teleport and half of 1's spread:
        // x0 = a·x1/2 + (1 − a)/2 with x0 + x1 = 1, so x0 = 1/(2 + a).
        let g = Csr::from_triples(2, &[(0, 1, 1.0)]);
        let pr = pagerank(&g, 0.85, 1e-12, 1000);
        let x0_exact = 1.0 / (2.0 + 0.85);
        assert!((pr.scores[0] - x0_exact).abs() < 1e-9, "{:?}", pr.scores);
        assert!((pr.scores.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    }

    #[test]
    fn pagerank_stays_finite_on_subnormal_weights() {
        // 5e-324 is the smallest subnormal: x / out overflows, w / out does not.
        let g = Csr::from_triples(2, &[(0, 1, 5e-324), (1, 0, 5e-324)]);
        let pr = pagerank(&g, 0.85, 1e-12, 1000);
        for s in &pr.scores {
            assert!((s - 0.5).abs() < 1e-9, "{:?}", pr.scores);
        }
    }
}

mod path_lengths {
    use super::*;
    use crate::analysis::{Options, analyze};

    /// The square A–B–C–D–A with strong ties A–B, B–C and weak ties C–D, D–A.
    fn square() -> crate::snapshot::Snapshot {
        let model = crate::load::load_str(
            "detente: 1\nactors:\n  A: {name: A, kind: state}\n  B: {name: B, kind: state}\n  \
             C: {name: C, kind: state}\n  D: {name: D, kind: state}\nrelations:\n  \
             - {between: [A, B], series: [{date: 2020, weight: 1}]}\n  \
             - {between: [B, C], series: [{date: 2020, weight: 1}]}\n  \
             - {between: [C, D], series: [{date: 2020, weight: 0.1}]}\n  \
             - {between: [D, A], series: [{date: 2020, weight: 0.1}]}\n",
            "square.yaml",
        )
        .expect("a valid graph");
        crate::snapshot::Snapshot::at(&model, "2021".parse().expect("a valid date"))
    }

    #[test]
    fn hops_ignore_weights_and_keep_closeness_on_inverse_lengths() {
        let snapshot = square();
        let view = View::of(&snapshot);
        // With 1/|w|, A–C goes through B only; B–D through A or C, half each:
        // B = 2/6, A = C = 1/6, D = 0 (ordered pairs over (n − 1)(n − 2) = 6).
        let inverse = analyze(&snapshot, &Options::default());
        let by_inverse: Vec<f64> = inverse.actors.iter().map(|a| a.betweenness).collect();
        for (got, want) in by_inverse
            .iter()
            .zip([1.0 / 6.0, 2.0 / 6.0, 1.0 / 6.0, 0.0])
        {
            assert!((got - want).abs() < 1e-12, "{by_inverse:?}");
        }
        // With hops the square is symmetric: each actor brokers its opposite pair half the time.
        let options = Options {
            betweenness_lengths: PathLengths::Hops,
            ..Options::default()
        };
        let hops = analyze(&snapshot, &options);
        assert_eq!(hops.betweenness_lengths, PathLengths::Hops);
        for a in &hops.actors {
            assert!((a.betweenness - 1.0 / 6.0).abs() < 1e-12, "{a:?}");
        }
        let expected = closeness(&view);
        for (a, c) in hops.actors.iter().zip(&expected) {
            assert!((a.closeness - c).abs() < 1e-12, "{a:?} {c}");
        }
        for (a, b) in hops.actors.iter().zip(&inverse.actors) {
            assert!((a.closeness - b.closeness).abs() < 1e-12);
        }
    }

    #[test]
    fn sampled_closeness_reads_inverse_lengths_whatever_betweenness_reads() {
        let snapshot = square();
        let view = View::of(&snapshot);
        let sources = Sources::Sample {
            k: 2,
            seed: SAMPLE_SEED,
        };
        let want = closeness_estimate(&view, sources);
        assert_ne!(want, closeness(&view), "two sources of four estimate");
        for lengths in [PathLengths::Inverse, PathLengths::Hops] {
            let options = Options {
                betweenness: crate::analysis::BetweennessSources::Sample(2),
                betweenness_lengths: lengths,
                ..Options::default()
            };
            let got: Vec<f64> = analyze(&snapshot, &options)
                .actors
                .iter()
                .map(|a| a.closeness)
                .collect();
            assert_eq!(got, want, "{lengths:?}");
        }
    }
}
