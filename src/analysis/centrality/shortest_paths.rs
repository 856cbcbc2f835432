//! Brandes' single-source shortest paths, which give betweenness and closeness in one round.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use rand::SeedableRng;
use rayon::prelude::*;

use super::super::view::Csr;

/// The seed of the source sample of [`betweenness`](super::betweenness()), fixed so that runs are reproducible.
pub const SAMPLE_SEED: u64 = 0x5EED_DE7E;

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
/// edge values (1/|w| in [`betweenness`](super::betweenness())); when all edge lengths are equal, breadth-first search
/// replaces Dijkstra. Lengths equal within a relative 1e-10 count as ties.
///
/// # Arguments
/// * `graph`: undirected adjacency (each edge in both rows) with positive lengths.
/// * `sources`: all nodes, or a seeded sample.
///
/// The same searches give closeness ([`closeness`](super::closeness())'s definition) for free when every node is a
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

#[cfg(test)]
mod tests {
    use rand::SeedableRng;

    use super::Work;
    use crate::analysis::centrality::tests::undirected;

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
}
