//! The simple graphs every metric works on, derived once from a snapshot: an undirected view with
//! one entry per pair of actors (parallel ties combined) and a directed view for PageRank.
//!
//! Combining rules (see `docs/metrics.md`): for each unordered pair {u, v}, every tie between
//! them (any kind, either direction) contributes its weight normalised to `[-1, 1]` by the file's
//! scale; the pair's *magnitude* is Σ|w| (how much contact there is, used by centralities) and its
//! *sign* is the sign of Σw (used by structural balance; a pair whose weights cancel to 0 has no
//! sign). The sign reads only the kinds that count in signed measures, each weighted by its
//! `factor` (`relation_kinds:`): Σ factor·w over the pair's signed ties. In the directed view a directed tie u→v is one arc of weight |w| and a mutual tie is an
//! arc each way; parallel arcs are summed.
//!
//! Adjacency is stored in compressed sparse rows (CSR), so the algorithms scan contiguous memory.

use petgraph::visit::EdgeRef;

pub use super::csr::Csr;
use crate::model::Id;
use crate::snapshot::Snapshot;

/// The sign of a pair in the signed view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum Sign {
    /// Σw < 0: hostility.
    #[serde(rename = "-")]
    Negative,
    /// Σw > 0: cooperation.
    #[serde(rename = "+")]
    Positive,
}

impl Sign {
    /// `+` or `-`.
    pub fn symbol(self) -> char {
        match self {
            Sign::Positive => '+',
            Sign::Negative => '-',
        }
    }

    /// The other sign.
    pub fn flipped(self) -> Sign {
        match self {
            Sign::Positive => Sign::Negative,
            Sign::Negative => Sign::Positive,
        }
    }
}

/// One unordered pair of actors with at least one tie between them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pair {
    /// The smaller node position.
    pub a: u32,
    /// The larger node position.
    pub b: u32,
    /// Σ|w| over the pair's ties, weights normalised by the scale.
    pub magnitude: f64,
    /// Σw over the pair's ties, normalised by the scale.
    pub net: f64,
    /// Σ factor·w over the pair's ties of signed kinds (`relation_kinds:`), normalised by the
    /// scale: what the pair's sign reads.
    pub signed_net: f64,
}

impl Pair {
    /// The pair's sign in the signed view, or `None` when its signed weights cancel to zero or
    /// it has no tie of a signed kind.
    pub fn sign(&self) -> Option<Sign> {
        if self.signed_net > 0.0 {
            Some(Sign::Positive)
        } else if self.signed_net < 0.0 {
            Some(Sign::Negative)
        } else {
            None
        }
    }
}

/// The views of one snapshot.
#[derive(Debug, Clone)]
pub struct View {
    /// Actor ids by node position (sorted).
    pub ids: Vec<Id>,
    /// Every pair with a tie, sorted by (a, b).
    pub pairs: Vec<Pair>,
    /// Undirected adjacency over `pairs`; the value is the pair's magnitude.
    pub undirected: Csr,
    /// Undirected adjacency, value = index into `pairs`.
    pub pair_of: Vec<u32>,
    /// Directed adjacency for PageRank; the value is the summed |w| of the arcs u→v.
    pub directed: Csr,
    /// Per node: (number of ties, Σw, Σ of positive w, Σ of negative w), in the file's scale.
    pub tie_sums: Vec<TieSums>,
}

/// Sums over the ties at one actor, in the file's scale.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct TieSums {
    /// Ties at the actor (parallel ties counted separately).
    pub ties: usize,
    /// Σw.
    pub strength: f64,
    /// Σ of the positive weights.
    pub positive: f64,
    /// Σ of the negative weights (≤ 0).
    pub negative: f64,
}

impl View {
    /// Derives the views of `snapshot`.
    ///
    /// Runs in O(V + E log E).
    pub fn of(snapshot: &Snapshot) -> View {
        let ids: Vec<Id> = snapshot.index.keys().cloned().collect();
        let mut position = vec![u32::MAX; snapshot.graph.node_count()];
        for (i, node) in snapshot.index.values().enumerate() {
            position[node.index()] = i as u32;
        }
        let n = ids.len();
        let scale = snapshot.scale;
        let mut tie_sums = vec![TieSums::default(); n];
        let mut pair_list: Vec<(u32, u32, f64, f64, f64)> = Vec::new();
        let mut arc_list: Vec<(u32, u32, f64)> = Vec::new();
        // Each tie's kind is placed among the kinds met by the address of its text (names are
        // interned), and its rules looked up once per kind: looked up whenever the kind changed,
        // they were a comparison of texts for most ties of a graph whose kinds come in turn.
        let mut kinds = crate::snapshot::KindPlaces::default();
        let mut rules_of: Vec<Option<&crate::model::KindRules>> = Vec::new();
        for edge in snapshot.graph.edge_references() {
            let (s, t) = (
                position[edge.source().index()],
                position[edge.target().index()],
            );
            let tie = edge.weight();
            for end in [s, t] {
                let sums = &mut tie_sums[end as usize];
                sums.ties += 1;
                sums.strength += tie.weight;
                if tie.weight > 0.0 {
                    sums.positive += tie.weight;
                } else {
                    sums.negative += tie.weight;
                }
            }
            if s == t {
                continue;
            }
            let w = scale.normalise(tie.weight);
            let kind = tie.key.kind.as_str();
            let place = kinds.place(kind) as usize;
            if place == rules_of.len() {
                rules_of.push(snapshot.kinds.get(kind));
            }
            let rules = match rules_of.get(place) {
                Some(rules) => *rules,
                None => snapshot.kinds.get(kind),
            };
            let signed = match rules {
                Some(rules) if !rules.signed => 0.0,
                Some(rules) => rules.factor * w,
                None => w,
            };
            pair_list.push((s.min(t), s.max(t), w.abs(), w, signed));
            arc_list.push((s, t, w.abs()));
            if !tie.key.directed {
                arc_list.push((t, s, w.abs()));
            }
        }
        // Sorting by pair then merging equal neighbours combines parallel ties; the sorts are
        // stable so sums are taken in the snapshot's edge order, deterministically. The two
        // lists are independent: they are sorted side by side, each on all cores when large.
        {
            use rayon::slice::ParallelSliceMut;
            rayon::join(
                || pair_list.par_sort_by_key(|&(a, b, _, _, _)| (a, b)),
                || arc_list.par_sort_by_key(|&(s, t, _)| (s, t)),
            );
        }
        let mut pairs: Vec<Pair> = Vec::with_capacity(pair_list.len());
        for (a, b, magnitude, net, signed_net) in pair_list {
            match pairs.last_mut() {
                Some(last) if last.a == a && last.b == b => {
                    last.magnitude += magnitude;
                    last.net += net;
                    last.signed_net += signed_net;
                }
                _ => pairs.push(Pair {
                    a,
                    b,
                    magnitude,
                    net,
                    signed_net,
                }),
            }
        }
        let mut arc_triples: Vec<(u32, u32, f64)> = Vec::with_capacity(arc_list.len());
        for (s, t, w) in arc_list {
            match arc_triples.last_mut() {
                Some(last) if last.0 == s && last.1 == t => last.2 += w,
                _ => arc_triples.push((s, t, w)),
            }
        }
        let mut triples = Vec::with_capacity(pairs.len() * 2);
        let mut pair_triples = Vec::with_capacity(pairs.len() * 2);
        for (i, p) in pairs.iter().enumerate() {
            triples.push((p.a, p.b, p.magnitude));
            triples.push((p.b, p.a, p.magnitude));
            pair_triples.push((p.a, p.b, i as f64));
            pair_triples.push((p.b, p.a, i as f64));
        }
        // Sorted rows make every scan deterministic and let triangle listing merge rows. No sort
        // is needed: `pairs` is sorted by (a, b), and `Csr::from_triples` buckets by row keeping
        // the input order, so row r receives its (r, a) entries, a < r, in increasing a, then its
        // (r, b) entries, b > r, in increasing b.
        // Three independent tables, built side by side.
        let (undirected, (pair_of, directed)) = rayon::join(
            || Csr::from_triples(n, &triples),
            || {
                rayon::join(
                    || {
                        Csr::from_triples(n, &pair_triples)
                            .values
                            .into_iter()
                            .map(|v| v as u32)
                            .collect()
                    },
                    || Csr::from_triples(n, &arc_triples),
                )
            },
        );
        View {
            ids,
            pairs,
            undirected,
            pair_of,
            directed,
            tie_sums,
        }
    }

    /// The number of actors.
    pub fn node_count(&self) -> usize {
        self.ids.len()
    }

    /// The signed pairs only: `(a, b, sign)` for every pair whose net weight is not zero.
    pub fn signed_pairs(&self) -> Vec<(u32, u32, Sign)> {
        self.pairs
            .iter()
            .filter_map(|p| p.sign().map(|s| (p.a, p.b, s)))
            .collect()
    }
}

/// A signed simple graph in CSR form, the input of balance, frustration and blocs.
#[derive(Debug, Clone, Default)]
pub struct Signed {
    /// The number of nodes.
    pub n: usize,
    /// Signed edges `(a, b, sign)` with `a < b`, sorted.
    pub edges: Vec<(u32, u32, Sign)>,
    /// Each edge's weight (the magnitude of its signed net weight; 1 for every edge of a graph
    /// built by [`Signed::new`]), parallel to `edges`. Counts decide partitions; weights only
    /// break ties between partitions of equal count.
    pub weight: Vec<f64>,
    /// Adjacency: row i lists `(neighbour, edge index)`, sorted by neighbour.
    pub adjacency: Vec<Vec<(u32, u32)>>,
}

impl Signed {
    /// Builds the signed graph on `n` nodes from edges `(a, b, sign)`, each of weight 1;
    /// duplicate pairs and self-loops are the caller's responsibility to avoid.
    pub fn new(n: usize, edges: Vec<(u32, u32, Sign)>) -> Signed {
        Signed::weighted(
            n,
            edges.into_iter().map(|(a, b, s)| (a, b, s, 1.0)).collect(),
        )
    }

    /// Builds the signed graph on `n` nodes from edges `(a, b, sign, weight)`; duplicate pairs
    /// and self-loops are the caller's responsibility to avoid.
    pub fn weighted(n: usize, mut edges: Vec<(u32, u32, Sign, f64)>) -> Signed {
        for e in &mut edges {
            if e.0 > e.1 {
                *e = (e.1, e.0, e.2, e.3);
            }
        }
        edges.sort_by(|x, y| {
            (x.0, x.1, x.2)
                .cmp(&(y.0, y.1, y.2))
                .then(x.3.total_cmp(&y.3))
        });
        let weight = edges.iter().map(|e| e.3).collect();
        let edges: Vec<(u32, u32, Sign)> =
            edges.into_iter().map(|(a, b, s, _)| (a, b, s)).collect();
        let mut adjacency = vec![Vec::new(); n];
        for (i, &(a, b, _)) in edges.iter().enumerate() {
            adjacency[a as usize].push((b, i as u32));
            adjacency[b as usize].push((a, i as u32));
        }
        for row in &mut adjacency {
            row.sort_unstable();
        }
        Signed {
            n,
            edges,
            weight,
            adjacency,
        }
    }

    /// The signed view of a snapshot's [`View`].
    pub fn of(view: &View) -> Signed {
        let edges = view
            .pairs
            .iter()
            .filter_map(|p| p.sign().map(|s| (p.a, p.b, s, p.signed_net.abs())))
            .collect();
        Signed::weighted(view.node_count(), edges)
    }

    /// Whether nodes `a` and `b` are in the same group under `side` make the edge satisfied.
    pub fn satisfied(sign: Sign, same_group: bool) -> bool {
        (sign == Sign::Positive) == same_group
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_pairs_signed_sum_follows_its_ties_kinds_however_many_come_in_turn() {
        let model = crate::analysis::kinds_in_turn(3000);
        let snapshot = Snapshot::at(&model, "2030".parse().expect("a valid date"));
        let view = View::of(&snapshot);
        let position = |id: &Id| view.ids.binary_search(id).expect("an actor") as u32;
        let mut expected: std::collections::BTreeMap<(u32, u32), f64> = Default::default();
        for (a, b, tie) in snapshot.ties() {
            let (a, b) = (position(&a.id), position(&b.id));
            if a == b {
                continue;
            }
            let w = snapshot.scale.normalise(tie.weight);
            let signed = match tie.key.kind.as_str() {
                "k3" => 0.0,
                "k17" => 0.25 * w,
                _ => w,
            };
            *expected.entry((a.min(b), a.max(b))).or_default() += signed;
        }
        assert_eq!(view.pairs.len(), expected.len());
        for pair in &view.pairs {
            let want = expected[&(pair.a, pair.b)];
            assert!((pair.signed_net - want).abs() < 1e-9, "{pair:?}: {want}");
        }
    }

    #[test]
    fn rows_are_sorted_and_match_the_pairs() {
        // The rows are built without sorting (see `View::of`); check what that relies on, on a
        // generated graph with parallel, directed and person ties.
        let model = crate::generate::generate(&crate::generate::Spec::sized(300, 4000, 2));
        let snapshot = Snapshot::at(&model, "2010".parse().expect("a valid date"));
        let view = View::of(&snapshot);
        assert!(view.pairs.len() > 1000);
        let lengths = crate::analysis::centrality::length_graph(&view);
        for i in 0..view.node_count() {
            let (targets, magnitudes) = view.undirected.row(i);
            assert!(targets.windows(2).all(|w| w[0] < w[1]), "row {i}");
            // The length graph leaves out pairs whose weights are all 0.
            let positive: Vec<u32> = targets
                .iter()
                .zip(magnitudes)
                .filter(|&(_, &m)| m > 0.0)
                .map(|(&t, _)| t)
                .collect();
            assert_eq!(lengths.row(i).0, positive, "row {i}");
            let range = view.undirected.offsets[i]..view.undirected.offsets[i + 1];
            for ((&t, &m), &p) in targets.iter().zip(magnitudes).zip(&view.pair_of[range]) {
                let pair = view.pairs[p as usize];
                assert_eq!((pair.a.min(pair.b), pair.a.max(pair.b)), (pair.a, pair.b));
                assert_eq!((i as u32).min(t), pair.a);
                assert_eq!((i as u32).max(t), pair.b);
                assert_eq!(m, pair.magnitude);
            }
        }
    }
}
