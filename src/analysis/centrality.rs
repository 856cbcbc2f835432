//! Centralities of actors: degree and strength, PageRank, betweenness, closeness and eigenvector
//! centrality, defined so that on a graph whose weights are all 1 they equal NetworkX's defaults.
//!
//! Betweenness, closeness and eigenvector centrality read the undirected view (ties are channels
//! whichever side started them); PageRank reads the directed view, where a mutual tie is an arc
//! each way. Path lengths are 1/|w| (a strong tie is a short path). See `docs/metrics.md`.

use std::cmp::Ordering;
use std::collections::BinaryHeap;
use std::convert::Infallible;

use petgraph::graph::UnGraph;
use petgraph::visit::EdgeRef;
use rand::SeedableRng;
use rayon::prelude::*;
use rustworkx_core::centrality::{eigenvector_centrality, newman_weighted_closeness_centrality};

use super::view::{Csr, View};

/// Damping factor of PageRank, as in Brin & Page (1998) and NetworkX.
pub const DAMPING: f64 = 0.85;

/// The seed of the source sample of [`betweenness`], fixed so that runs are reproducible.
pub const SAMPLE_SEED: u64 = 0x5EED_DE7E;

/// The result of [`pagerank`].
#[derive(Debug, Clone, PartialEq)]
pub struct PageRank {
    /// Each node's score; the scores sum to 1.
    pub scores: Vec<f64>,
    /// Power iterations run.
    pub iterations: usize,
    /// Whether the iteration met the tolerance within the allowed iterations.
    pub converged: bool,
}

/// Weighted PageRank by power iteration, exactly as NetworkX's `pagerank` computes it.
///
/// Each arc u→v of weight w carries the share w / Σ(out-weights of u) of u's score; a node with
/// no outgoing weight (dangling) spreads its score uniformly over all nodes, and every node
/// receives the teleport term (1 − α)/n. Starting from the uniform vector, the iteration stops
/// when the L1 change is below `n · tol` (NetworkX's rule, `tol = 1e-6`) or after `max_iter`.
///
/// # Arguments
/// * `graph`: directed adjacency with arc weights ≥ 0 (the [`View::directed`] view).
/// * `damping`: α, usually [`DAMPING`].
/// * `tol`, `max_iter`: stopping rule.
///
/// # Returns
/// The scores (summing to 1), the iterations run and whether it converged.
///
/// # Complexity
/// O(V + E) per iteration; at most `max_iter` iterations (about 20 to 60 in practice).
///
/// # Example
/// ```
/// use detente::analysis::centrality::pagerank;
/// use detente::analysis::view::Csr;
/// // 0 → 1 → 2 → 0: a directed cycle, every node scores 1/3.
/// let g = Csr::from_triples(3, &[(0, 1, 1.0), (1, 2, 1.0), (2, 0, 1.0)]);
/// let pr = pagerank(&g, 0.85, 1e-6, 100);
/// assert!(pr.scores.iter().all(|s| (s - 1.0 / 3.0).abs() < 1e-9));
/// ```
///
/// # Reference
/// S. Brin, L. Page, "The anatomy of a large-scale hypertextual Web search engine",
/// *Computer Networks and ISDN Systems* 30 (1998) 107–117.
pub fn pagerank(graph: &Csr, damping: f64, tol: f64, max_iter: usize) -> PageRank {
    let n = graph.len();
    if n == 0 {
        return PageRank {
            scores: Vec::new(),
            iterations: 0,
            converged: true,
        };
    }
    let nf = n as f64;
    let out: Vec<f64> = (0..n).map(|i| graph.row(i).1.iter().sum()).collect();
    let mut x = vec![1.0 / nf; n];
    let mut next = vec![0.0; n];
    for iteration in 1..=max_iter {
        next.iter_mut().for_each(|v| *v = 0.0);
        let mut dangling = 0.0;
        for i in 0..n {
            if out[i] > 0.0 {
                let share = x[i] / out[i];
                let (targets, weights) = graph.row(i);
                for (&t, &w) in targets.iter().zip(weights) {
                    next[t as usize] += share * w;
                }
            } else {
                dangling += x[i];
            }
        }
        let spread = dangling / nf;
        let teleport = (1.0 - damping) / nf;
        let mut err = 0.0;
        for (v, old) in next.iter_mut().zip(&x) {
            *v = damping * (*v + spread) + teleport;
            err += (*v - old).abs();
        }
        std::mem::swap(&mut x, &mut next);
        if err < nf * tol {
            return PageRank {
                scores: x,
                iterations: iteration,
                converged: true,
            };
        }
    }
    PageRank {
        scores: x,
        iterations: max_iter,
        converged: false,
    }
}

/// Which sources shortest-path betweenness counts paths from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sources {
    /// Every node: the exact value.
    All,
    /// `k` nodes drawn uniformly without replacement with a fixed seed; the sums are scaled by
    /// n/k, an unbiased estimate (Brandes & Pich 2007).
    Sample {
        /// How many sources.
        k: usize,
        /// The random seed.
        seed: u64,
    },
}

/// Shortest-path betweenness of every node of an undirected weighted graph, normalised as
/// NetworkX's `betweenness_centrality(G, normalized=True)` does.
///
/// c(v) = Σ_{s≠v≠t} σ_st(v)/σ_st · 1/((n−1)(n−2)), the sum over ordered pairs (so each unordered
/// pair counts once relative to the (n−1)(n−2)/2 pairs not involving v). Path lengths are the
/// edge values (1/|w| in [`betweenness`]); when all edge lengths are equal, breadth-first search
/// replaces Dijkstra. Lengths equal within a relative 1e-10 count as ties.
///
/// # Arguments
/// * `graph`: undirected adjacency (each edge in both rows) with positive lengths.
/// * `sources`: all nodes, or a seeded sample.
///
/// The same searches give closeness ([`closeness`]'s definition) for free when every node is a
/// source.
///
/// # Returns
/// One betweenness score per node, and the closeness of each node with [`Sources::All`].
///
/// # Complexity
/// O(k·(V + E)) unweighted, O(k·(E + V log V)) weighted, for k sources; memory O(V) per thread.
/// Sources are split into fixed chunks run in parallel and summed in chunk order, so the result
/// does not depend on the number of threads.
///
/// # Example
/// ```
/// use detente::analysis::centrality::{Sources, shortest_paths};
/// use detente::analysis::view::Csr;
/// // The path 0 – 1 – 2: node 1 lies on the only path between 0 and 2.
/// let g = Csr::from_triples(3, &[(0, 1, 1.0), (1, 0, 1.0), (1, 2, 1.0), (2, 1, 1.0)]);
/// let paths = shortest_paths(&g, Sources::All);
/// assert_eq!(paths.betweenness, vec![0.0, 1.0, 0.0]);
/// assert_eq!(paths.closeness, Some(vec![2.0 / 3.0, 1.0, 2.0 / 3.0]));
/// ```
///
/// # Reference
/// U. Brandes, "A faster algorithm for betweenness centrality", *Journal of Mathematical
/// Sociology* 25 (2001) 163–177; U. Brandes, C. Pich, "Centrality estimation in large networks",
/// *International Journal of Bifurcation and Chaos* 17 (2007) 2303–2318.
pub fn shortest_paths(graph: &Csr, sources: Sources) -> ShortestPaths {
    let n = graph.len();
    if n == 0 {
        return ShortestPaths {
            betweenness: Vec::new(),
            closeness: Some(Vec::new()),
        };
    }
    let list: Vec<u32> = match sources {
        Sources::All => (0..n as u32).collect(),
        Sources::Sample { k, seed } => {
            let mut rng = rand_pcg::Pcg64::seed_from_u64(seed);
            let mut list: Vec<u32> = rand::seq::index::sample(&mut rng, n, k.min(n))
                .into_iter()
                .map(|i| i as u32)
                .collect();
            list.sort_unstable();
            list
        }
    };
    let unit = graph
        .values
        .first()
        .is_none_or(|&first| graph.values.iter().all(|&v| v == first));
    const CHUNK: usize = 64;
    // In breadth-first search every hop has this length; closeness needs it back.
    let unit_length = graph.values.first().copied().unwrap_or(1.0);
    // Per chunk: betweenness sums, and (source, closeness) pairs.
    type Partial = (Vec<f64>, Vec<(u32, f64)>);
    let partials: Vec<Partial> = list
        .par_chunks(CHUNK)
        .map(|chunk| {
            let mut work = Work::new(n);
            let mut bc = vec![0.0; n];
            let mut closeness = Vec::with_capacity(chunk.len());
            for &s in chunk {
                if unit {
                    work.bfs(graph, s);
                } else {
                    work.dijkstra(graph, s);
                }
                work.accumulate(s, &mut bc);
                let scale = if unit { unit_length } else { 1.0 };
                closeness.push((s, work.closeness(n, scale)));
            }
            (bc, closeness)
        })
        .collect();
    let mut bc = vec![0.0; n];
    let mut closeness = vec![0.0; n];
    for (partial, cl) in partials {
        for (total, part) in bc.iter_mut().zip(partial) {
            *total += part;
        }
        for (s, c) in cl {
            closeness[s as usize] = c;
        }
    }
    if n > 2 {
        let mut scale = 1.0 / ((n - 1) as f64 * (n - 2) as f64);
        if let Sources::Sample { .. } = sources {
            scale *= n as f64 / list.len().max(1) as f64;
        }
        bc.iter_mut().for_each(|v| *v *= scale);
    }
    ShortestPaths {
        betweenness: bc,
        closeness: (sources == Sources::All).then_some(closeness),
    }
}

/// Betweenness and, when every node was a source, closeness from one round of single-source
/// shortest paths.
#[derive(Debug, Clone, PartialEq)]
pub struct ShortestPaths {
    /// Normalised betweenness.
    pub betweenness: Vec<f64>,
    /// Closeness (Wasserman–Faust), only with [`Sources::All`].
    pub closeness: Option<Vec<f64>>,
}

/// Betweenness only; see [`shortest_paths`].
pub fn shortest_path_betweenness(graph: &Csr, sources: Sources) -> Vec<f64> {
    shortest_paths(graph, sources).betweenness
}

/// Reusable per-thread arrays of Brandes' algorithm; only touched entries are reset.
struct Work {
    dist: Vec<f64>,
    sigma: Vec<f64>,
    delta: Vec<f64>,
    order: Vec<u32>,
    settled: Vec<bool>,
    heap: BinaryHeap<Entry>,
    /// Arcs (u, w) of the shortest-path DAG, recorded so that every arc into a node comes after
    /// the arcs into the nodes nearer the source: accumulation walks this list backwards,
    /// sequentially, instead of rescanning every adjacency row.
    dag: Vec<(u32, u32)>,
    /// Nodes not reached yet by a bottom-up breadth-first search.
    unreached: Vec<u32>,
}

#[derive(PartialEq)]
struct Entry(f64, u32);

impl Eq for Entry {}

impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Entry {
    // A min-heap on distance, ties broken by node so the order is deterministic.
    fn cmp(&self, other: &Self) -> Ordering {
        other.0.total_cmp(&self.0).then(other.1.cmp(&self.1))
    }
}

fn same_length(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-10 * a.abs().max(b.abs())
}

impl Work {
    fn new(n: usize) -> Work {
        Work {
            dist: vec![f64::INFINITY; n],
            sigma: vec![0.0; n],
            delta: vec![0.0; n],
            order: Vec::with_capacity(n),
            settled: vec![false; n],
            heap: BinaryHeap::new(),
            dag: Vec::new(),
            unreached: Vec::new(),
        }
    }

    fn reset(&mut self) {
        for &v in &self.order {
            let v = v as usize;
            self.dist[v] = f64::INFINITY;
            self.sigma[v] = 0.0;
            self.delta[v] = 0.0;
            self.settled[v] = false;
        }
        self.order.clear();
        self.dag.clear();
    }

    /// Breadth-first search from `s`, direction-optimising (Beamer, Asanović, Patterson 2012):
    /// each level is grown either top-down, scanning the rows of the frontier, or bottom-up,
    /// scanning the rows of the nodes not reached yet for parents in the frontier, whichever
    /// scans fewer entries. On a random graph most nodes lie a few hops away, so the last levels
    /// have a huge frontier and few nodes left: bottom-up skips most of the graph. Both ways find
    /// every shortest-path parent of every node, so σ and the DAG are the same either way.
    fn bfs(&mut self, graph: &Csr, s: u32) {
        self.reset();
        let n = graph.len();
        let degree = |v: u32| graph.offsets[v as usize + 1] - graph.offsets[v as usize];
        self.dist[s as usize] = 0.0;
        self.sigma[s as usize] = 1.0;
        self.order.push(s);
        // Entries in the rows of the frontier, and of the nodes not reached yet.
        let mut frontier_entries = degree(s);
        let mut unreached_entries = graph.targets.len() - frontier_entries;
        // Nodes not reached yet, built at the first bottom-up level; nodes reached top-down
        // later are dropped from it lazily.
        let mut unreached_ready = false;
        let mut start = 0;
        let mut level = 0.0;
        while start < self.order.len() {
            let end = self.order.len();
            let next = level + 1.0;
            if unreached_entries < frontier_entries {
                if !unreached_ready {
                    self.unreached.clear();
                    self.unreached
                        .extend((0..n as u32).filter(|&v| self.dist[v as usize].is_infinite()));
                    unreached_ready = true;
                }
                let mut kept = 0;
                for i in 0..self.unreached.len() {
                    let w = self.unreached[i];
                    let wi = w as usize;
                    if self.dist[wi].is_finite() {
                        continue;
                    }
                    let mut found = false;
                    for &v in graph.row(wi).0 {
                        if self.dist[v as usize] == level {
                            self.sigma[wi] += self.sigma[v as usize];
                            self.dag.push((v, w));
                            found = true;
                        }
                    }
                    if found {
                        self.dist[wi] = next;
                        self.order.push(w);
                    } else {
                        self.unreached[kept] = w;
                        kept += 1;
                    }
                }
                self.unreached.truncate(kept);
            } else {
                for head in start..end {
                    let v = self.order[head] as usize;
                    for &w in graph.row(v).0 {
                        let w = w as usize;
                        if self.dist[w] == f64::INFINITY {
                            self.dist[w] = next;
                            self.order.push(w as u32);
                        }
                        if self.dist[w] == next {
                            self.sigma[w] += self.sigma[v];
                            self.dag.push((v as u32, w as u32));
                        }
                    }
                }
            }
            frontier_entries = self.order[end..].iter().map(|&v| degree(v)).sum();
            unreached_entries -= frontier_entries;
            start = end;
            level = next;
        }
    }

    fn dijkstra(&mut self, graph: &Csr, s: u32) {
        self.reset();
        // `order` first records every touched node for the reset, then is rebuilt in settling
        // order, which is what the accumulation needs.
        let mut touched = std::mem::take(&mut self.order);
        let mut settled_order = Vec::new();
        self.dist[s as usize] = 0.0;
        self.sigma[s as usize] = 1.0;
        touched.push(s);
        self.heap.push(Entry(0.0, s));
        while let Some(Entry(d, v)) = self.heap.pop() {
            let vi = v as usize;
            if self.settled[vi] || d > self.dist[vi] {
                continue;
            }
            self.settled[vi] = true;
            settled_order.push(v);
            let (targets, lengths) = graph.row(vi);
            for (&w, &len) in targets.iter().zip(lengths) {
                let wi = w as usize;
                if self.settled[wi] {
                    // v's predecessors are settled and final now.
                    if wi != vi && same_length(self.dist[wi] + len, d) {
                        self.dag.push((w, v));
                    }
                    continue;
                }
                let nd = d + len;
                let known = self.dist[wi].is_finite();
                if !known {
                    touched.push(w);
                }
                if known && same_length(nd, self.dist[wi]) {
                    self.sigma[wi] += self.sigma[vi];
                } else if nd < self.dist[wi] {
                    self.dist[wi] = nd;
                    self.sigma[wi] = self.sigma[vi];
                    self.heap.push(Entry(nd, w));
                }
            }
        }
        // Nodes reached but never settled cannot exist (every pushed node is popped), so the
        // settled order covers every touched node.
        debug_assert_eq!(settled_order.len(), touched.len());
        self.order = settled_order;
    }

    fn accumulate(&mut self, s: u32, bc: &mut [f64]) {
        for &(v, w) in self.dag.iter().rev() {
            let (v, w) = (v as usize, w as usize);
            self.delta[v] += self.sigma[v] / self.sigma[w] * (1.0 + self.delta[w]);
        }
        for &v in &self.order {
            if v != s {
                bc[v as usize] += self.delta[v as usize];
            }
        }
    }

    /// Closeness of the source of the last search (Wasserman–Faust), lengths scaled by `unit`.
    fn closeness(&self, n: usize, unit: f64) -> f64 {
        let reach = self.order.len();
        if reach <= 1 || n <= 1 {
            return 0.0;
        }
        let total: f64 = self
            .order
            .iter()
            .map(|&v| self.dist[v as usize])
            .sum::<f64>()
            * unit;
        let r = (reach - 1) as f64;
        r / total * r / (n - 1) as f64
    }
}

/// The undirected path graph of a view: one edge per pair with non-zero magnitude, valued by
/// that magnitude.
fn magnitude_graph(view: &View) -> UnGraph<(), f64> {
    let mut g = UnGraph::with_capacity(view.node_count(), view.pairs.len());
    for _ in 0..view.node_count() {
        g.add_node(());
    }
    for p in view.pairs.iter().filter(|p| p.magnitude > 0.0) {
        g.add_edge(
            petgraph::graph::NodeIndex::new(p.a as usize),
            petgraph::graph::NodeIndex::new(p.b as usize),
            p.magnitude,
        );
    }
    g
}

/// How long a path is, for betweenness.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PathLengths {
    /// Each edge has length 1/|w| (a strong tie is a short path): the documented default.
    #[default]
    Inverse,
    /// Each edge has length 1 (hop count), whatever its weight: breadth-first search, several
    /// times faster than Dijkstra's algorithm on large graphs.
    Hops,
}

/// The path-length graph of a view: edges with length 1/|w|, for [`shortest_path_betweenness`].
pub fn length_graph(view: &View) -> Csr {
    path_graph(view, PathLengths::Inverse)
}

/// The path-length graph of a view: one edge per pair with non-zero magnitude, in both rows,
/// with length 1/|w| or 1 as `lengths` says.
pub fn path_graph(view: &View, lengths: PathLengths) -> Csr {
    let mut triples = Vec::with_capacity(view.pairs.len() * 2);
    for p in view.pairs.iter().filter(|p| p.magnitude > 0.0) {
        let len = match lengths {
            PathLengths::Inverse => 1.0 / p.magnitude,
            PathLengths::Hops => 1.0,
        };
        triples.push((p.a, p.b, len));
        triples.push((p.b, p.a, len));
    }
    // Rows come out sorted without a sort: see `View::of`.
    Csr::from_triples(view.node_count(), &triples)
}

/// Betweenness of every actor of a view with path lengths 1/|w| (see
/// [`shortest_path_betweenness`]).
///
/// # Complexity
/// O(k·(E + V log V)) for k sources, O(k·(V + E)) when every pair has the same magnitude.
///
/// # Example
/// ```
/// # use detente::analysis::{centrality, view::View};
/// let model = detente::load::load_str("detente: 1\nactors:\n  A: {name: A, kind: state}\n  \
///     B: {name: B, kind: state}\n  C: {name: C, kind: state}\nrelations:\n  \
///     - {between: [A, B], series: [{date: 2020, weight: 1}]}\n  \
///     - {between: [B, C], series: [{date: 2020, weight: 1}]}\n", "x.yaml").unwrap();
/// let view = View::of(&detente::snapshot::Snapshot::at(&model, "2021".parse().unwrap()));
/// assert_eq!(centrality::betweenness(&view, centrality::Sources::All), vec![0.0, 1.0, 0.0]);
/// ```
///
/// # Reference
/// Brandes (2001); for weighted paths, Newman, *Phys. Rev. E* 64 (2001) 016132.
pub fn betweenness(view: &View, sources: Sources) -> Vec<f64> {
    shortest_path_betweenness(&length_graph(view), sources)
}

/// Closeness centrality with path lengths 1/|w|, NetworkX's rule for disconnected graphs:
/// C(u) = (r − 1)/Σ_v d(u, v) · (r − 1)/(n − 1), where r counts the nodes reachable from u
/// (u included); 0 for an isolated node.
///
/// Computed by `rustworkx_core::centrality::newman_weighted_closeness_centrality`.
///
/// # Complexity
/// O(V·(E + V log V)).
///
/// # Example
/// ```
/// # use detente::analysis::{centrality, view::View};
/// let model = detente::load::load_str("detente: 1\nactors:\n  A: {name: A, kind: state}\n  \
///     B: {name: B, kind: state}\n  C: {name: C, kind: state}\nrelations:\n  \
///     - {between: [A, B], series: [{date: 2020, weight: 1}]}\n  \
///     - {between: [B, C], series: [{date: 2020, weight: 1}]}\n", "x.yaml").unwrap();
/// let view = View::of(&detente::snapshot::Snapshot::at(&model, "2021".parse().unwrap()));
/// assert_eq!(centrality::closeness(&view), vec![2.0 / 3.0, 1.0, 2.0 / 3.0]);
/// ```
///
/// # Reference
/// L. C. Freeman, "Centrality in social networks: conceptual clarification", *Social Networks* 1
/// (1979) 215–239; S. Wasserman, K. Faust, *Social Network Analysis* (1994), §5.3; M. E. J.
/// Newman, *Phys. Rev. E* 64 (2001) 016132 (weighted lengths).
pub fn closeness(view: &View) -> Vec<f64> {
    let g = magnitude_graph(view);
    newman_weighted_closeness_centrality(&g, true, |e| *e.weight(), usize::MAX)
        .into_iter()
        .map(|c| c.unwrap_or(0.0))
        .collect()
}

/// Eigenvector centrality of the undirected view with edge weights |w|, unit Euclidean norm.
///
/// The power iteration of NetworkX's `eigenvector_centrality` (x ← (A + I)x, normalised, until
/// the L1 change is below n·1e-6), computed by `rustworkx_core::centrality::eigenvector_centrality`.
/// Returns `None` when it does not converge within 1,000 iterations.
///
/// # Complexity
/// O(V + E) per iteration.
///
/// # Example
/// ```
/// # use detente::analysis::{centrality, view::View};
/// let model = detente::load::load_str("detente: 1\nactors:\n  A: {name: A, kind: state}\n  \
///     B: {name: B, kind: state}\nrelations:\n  \
///     - {between: [A, B], series: [{date: 2020, weight: 0.5}]}\n", "x.yaml").unwrap();
/// let view = View::of(&detente::snapshot::Snapshot::at(&model, "2021".parse().unwrap()));
/// let x = centrality::eigenvector(&view).unwrap();
/// assert!((x[0] - 0.5_f64.sqrt()).abs() < 1e-9);
/// ```
///
/// # Reference
/// P. Bonacich, "Factoring and weighting approaches to status scores and clique identification",
/// *Journal of Mathematical Sociology* 2 (1972) 113–120.
pub fn eigenvector(view: &View) -> Option<Vec<f64>> {
    let g = magnitude_graph(view);
    let result: Result<Option<Vec<f64>>, Infallible> =
        eigenvector_centrality(&g, |e| Ok(*e.weight()), Some(1000), Some(1e-6));
    result.ok().flatten()
}

/// Degree and strengths of every actor.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Strength {
    /// Distinct actors this one has at least one tie with.
    pub degree: usize,
    /// Ties at the actor, parallel ties counted separately.
    pub ties: usize,
    /// Σw over its ties, in the file's scale.
    pub strength: f64,
    /// Σ of its positive weights.
    pub positive: f64,
    /// Σ of its negative weights (≤ 0).
    pub negative: f64,
}

/// Degree and strengths of every actor of `view`.
///
/// # Complexity
/// O(V).
pub fn strengths(view: &View) -> Vec<Strength> {
    (0..view.node_count())
        .map(|i| {
            let sums = view.tie_sums[i];
            Strength {
                degree: view.undirected.row(i).0.len(),
                ties: sums.ties,
                strength: sums.strength,
                positive: sums.positive,
                negative: sums.negative,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn undirected(n: usize, edges: &[(u32, u32)]) -> Csr {
        let mut t: Vec<(u32, u32, f64)> = edges
            .iter()
            .flat_map(|&(a, b)| [(a, b, 1.0), (b, a, 1.0)])
            .collect();
        t.sort_by_key(|&(s, t, _)| (s, t));
        Csr::from_triples(n, &t)
    }

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
    fn breadth_first_search_agrees_with_dijkstra() {
        // Random graphs dense enough that the search goes bottom-up on its last levels, sparse
        // enough to leave several components: both searches must find the same distances, path
        // counts and dependencies from every source.
        use rand::RngExt;
        let mut rng = rand_pcg::Pcg64::seed_from_u64(7);
        for (n, m) in [(30, 20), (60, 400), (200, 3000), (120, 100)] {
            let edges: Vec<(u32, u32)> = (0..m)
                .map(|_| (rng.random_range(0..n), rng.random_range(0..n)))
                .filter(|(a, b)| a != b)
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect();
            let g = undirected(n as usize, &edges);
            let (mut bfs, mut dijkstra) = (Work::new(g.len()), Work::new(g.len()));
            for s in 0..n {
                let (mut a, mut b) = (vec![0.0; g.len()], vec![0.0; g.len()]);
                bfs.bfs(&g, s);
                dijkstra.dijkstra(&g, s);
                assert_eq!(bfs.dist, dijkstra.dist, "n {n} m {m} s {s}");
                assert_eq!(bfs.sigma, dijkstra.sigma, "n {n} m {m} s {s}");
                bfs.accumulate(s, &mut a);
                dijkstra.accumulate(s, &mut b);
                for (x, y) in a.iter().zip(&b) {
                    assert!((x - y).abs() < 1e-9, "n {n} m {m} s {s}: {a:?} {b:?}");
                }
            }
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
}

#[cfg(test)]
mod path_length_tests {
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
}
