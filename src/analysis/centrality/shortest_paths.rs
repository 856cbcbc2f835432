//! Brandes' single-source shortest paths, which give betweenness and closeness in one round.

use rand::SeedableRng;
use rayon::prelude::*;

use super::super::view::Csr;

/// The seed of the source sample of [`betweenness`](super::betweenness()) and
/// [`closeness_estimate`](super::closeness_estimate()), fixed so that runs are reproducible.
pub const SAMPLE_SEED: u64 = 0x5EED_DE7E;

/// Which sources the shortest-path centralities search from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sources {
    /// Every node: the exact value.
    All,
    /// `k` nodes drawn uniformly without replacement with a fixed seed: betweenness sums are
    /// scaled by n/k, an unbiased estimate (Brandes & Pich 2007); closeness is estimated from the
    /// distances to the sampled nodes (Eppstein & Wang 2004).
    Sample {
        /// How many sources.
        k: usize,
        /// The random seed.
        seed: u64,
    },
}

/// What one round of searches is asked to give.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Wanted {
    /// Accumulate betweenness (Brandes' backward pass).
    pub betweenness: bool,
    /// Sum the distances closeness needs.
    pub closeness: bool,
}

/// Shortest-path betweenness and closeness of every node of an undirected weighted graph,
/// from one round of single-source searches.
///
/// Betweenness is normalised as NetworkX's `betweenness_centrality(G, normalized=True)`:
/// c(v) = Σ_{s≠v≠t} σ_st(v)/σ_st · 1/((n−1)(n−2)), the sum over ordered pairs (so each unordered
/// pair counts once relative to the (n−1)(n−2)/2 pairs not involving v). Closeness is
/// [`closeness`](super::closeness())'s definition (Wasserman–Faust); with a sample it is
/// [`closeness_estimate`](super::closeness_estimate())'s estimate. Path lengths are the edge
/// values (1/|w| in [`betweenness`](super::betweenness())); when all edge lengths are equal,
/// breadth-first search replaces Dijkstra. Lengths equal within a relative 1e-10 count as ties.
///
/// # Arguments
/// * `graph`: undirected adjacency (each edge in both rows) with positive lengths.
/// * `sources`: all nodes, or a seeded sample.
///
/// # Returns
/// One betweenness and one closeness score per node.
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
/// assert_eq!(paths.closeness, vec![2.0 / 3.0, 1.0, 2.0 / 3.0]);
/// ```
///
/// # Reference
/// U. Brandes, "A faster algorithm for betweenness centrality", *Journal of Mathematical
/// Sociology* 25 (2001) 163–177; U. Brandes, C. Pich, "Centrality estimation in large networks",
/// *International Journal of Bifurcation and Chaos* 17 (2007) 2303–2318; D. Eppstein, J. Wang,
/// "Fast approximation of centrality", *Journal of Graph Algorithms and Applications* 8 (2004)
/// 39–45.
pub fn shortest_paths(graph: &Csr, sources: Sources) -> ShortestPaths {
    let both = Wanted {
        betweenness: true,
        closeness: true,
    };
    searches(graph, sources, both)
}

/// Betweenness and closeness from one round of single-source shortest paths.
#[derive(Debug, Clone, PartialEq)]
pub struct ShortestPaths {
    /// Normalised betweenness.
    pub betweenness: Vec<f64>,
    /// Closeness (Wasserman–Faust): exact with [`Sources::All`], else the Eppstein–Wang estimate.
    pub closeness: Vec<f64>,
}

/// Betweenness only; see [`shortest_paths`].
pub fn shortest_path_betweenness(graph: &Csr, sources: Sources) -> Vec<f64> {
    let betweenness = Wanted {
        betweenness: true,
        closeness: false,
    };
    searches(graph, sources, betweenness).betweenness
}

/// One search from `node`; `sampled` is false for the extra sources that only closeness reads.
#[derive(Debug, Clone, Copy)]
struct Source {
    node: u32,
    sampled: bool,
}

/// The sources of a round: every node, or the sample (sorted) followed, when closeness is
/// wanted, by the first node of every component of two nodes or more that holds no sampled
/// node, so that every node with a tie has a distance to average.
fn source_list(graph: &Csr, sources: Sources, closeness: bool) -> Vec<Source> {
    let n = graph.len();
    let Sources::Sample { k, seed } = sources else {
        return (0..n as u32)
            .map(|node| Source {
                node,
                sampled: true,
            })
            .collect();
    };
    let mut rng = rand_pcg::Pcg64::seed_from_u64(seed);
    let mut sample: Vec<u32> = rand::seq::index::sample(&mut rng, n, k.min(n))
        .into_iter()
        .map(|i| i as u32)
        .collect();
    sample.sort_unstable();
    let mut list: Vec<Source> = sample
        .iter()
        .map(|&node| Source {
            node,
            sampled: true,
        })
        .collect();
    if closeness {
        let (label, _) = component_labels(graph);
        let mut covered = vec![false; n];
        for &s in &sample {
            covered[label[s as usize] as usize] = true;
        }
        for (v, &c) in label.iter().enumerate() {
            let c = c as usize;
            // A component's label is its first node, so this visits each component once.
            if c == v && !covered[c] && graph.offsets[v + 1] > graph.offsets[v] {
                list.push(Source {
                    node: v as u32,
                    sampled: false,
                });
            }
        }
    }
    list
}

/// Each node's component, named by its first node, and each component's size (by label).
fn component_labels(graph: &Csr) -> (Vec<u32>, Vec<u32>) {
    let n = graph.len();
    let mut label = vec![u32::MAX; n];
    let mut size = vec![0u32; n];
    let mut stack = Vec::new();
    for start in 0..n {
        if label[start] != u32::MAX {
            continue;
        }
        label[start] = start as u32;
        stack.push(start as u32);
        let mut count = 0;
        while let Some(v) = stack.pop() {
            count += 1;
            for &w in graph.row(v as usize).0 {
                if label[w as usize] == u32::MAX {
                    label[w as usize] = start as u32;
                    stack.push(w);
                }
            }
        }
        size[start] = count;
    }
    (label, size)
}

/// Per chunk of sources: betweenness sums, each source's own closeness (when searched), and for
/// a sample the sums of distances from the sampled sources and how many reached each node.
struct Partial {
    betweenness: Vec<f64>,
    own: Vec<(u32, f64)>,
    distance: Vec<f64>,
    reached: Vec<u32>,
}

/// One round of searches from `sources`, giving what `wanted` asks (the other vector is empty).
pub(crate) fn searches(graph: &Csr, sources: Sources, wanted: Wanted) -> ShortestPaths {
    let n = graph.len();
    let list = source_list(graph, sources, wanted.closeness);
    let sampled = list.iter().filter(|s| s.sampled).count();
    let estimate = wanted.closeness && matches!(sources, Sources::Sample { .. });
    let unit = graph
        .values
        .first()
        .is_none_or(|&first| graph.values.iter().all(|&v| v == first));
    // In breadth-first search every hop has this length; closeness needs it back.
    let length = if unit {
        graph.values.first().copied().unwrap_or(1.0)
    } else {
        1.0
    };
    const CHUNK: usize = 64;
    let partials: Vec<Partial> = list
        .par_chunks(CHUNK)
        .map(|chunk| {
            let mut work = Work::new(n);
            let mut part = Partial {
                betweenness: if wanted.betweenness {
                    vec![0.0; n]
                } else {
                    Vec::new()
                },
                own: Vec::with_capacity(chunk.len()),
                distance: if estimate { vec![0.0; n] } else { Vec::new() },
                reached: if estimate { vec![0; n] } else { Vec::new() },
            };
            for source in chunk {
                let s = source.node;
                if unit {
                    work.bfs(graph, s);
                } else if wanted.betweenness {
                    work.dijkstra::<true>(graph, s);
                } else {
                    // Closeness reads the distances only: no path counts, no DAG.
                    work.dijkstra::<false>(graph, s);
                }
                if wanted.betweenness && source.sampled {
                    work.accumulate(s, &mut part.betweenness);
                }
                if wanted.closeness {
                    part.own.push((s, work.closeness(n, length)));
                }
                if estimate {
                    for &v in &work.order {
                        part.distance[v as usize] += work.dist[v as usize] * length;
                        part.reached[v as usize] += 1;
                    }
                }
            }
            part
        })
        .collect();
    let mut betweenness = if wanted.betweenness {
        vec![0.0; n]
    } else {
        Vec::new()
    };
    let mut own = vec![None; n];
    let (mut distance, mut reached) = if estimate {
        (vec![0.0; n], vec![0u32; n])
    } else {
        (Vec::new(), Vec::new())
    };
    for part in partials {
        for (total, x) in betweenness.iter_mut().zip(part.betweenness) {
            *total += x;
        }
        for (s, c) in part.own {
            own[s as usize] = Some(c);
        }
        for (total, x) in distance.iter_mut().zip(part.distance) {
            *total += x;
        }
        for (total, x) in reached.iter_mut().zip(part.reached) {
            *total += x;
        }
    }
    if wanted.betweenness && n > 2 {
        let mut scale = 1.0 / ((n - 1) as f64 * (n - 2) as f64);
        if let Sources::Sample { .. } = sources {
            scale *= n as f64 / sampled.max(1) as f64;
        }
        betweenness.iter_mut().for_each(|v| *v *= scale);
    }
    let closeness = if !wanted.closeness {
        Vec::new()
    } else if estimate {
        let (label, size) = component_labels(graph);
        (0..n)
            .map(|v| {
                own[v].unwrap_or_else(|| {
                    let r = size[label[v] as usize] as f64;
                    estimated_closeness(n, r, distance[v], reached[v])
                })
            })
            .collect()
    } else {
        own.into_iter().map(|c| c.unwrap_or(0.0)).collect()
    };
    ShortestPaths {
        betweenness,
        closeness,
    }
}

/// The Eppstein–Wang closeness of a node that was not a source: its component of `r` nodes lies
/// at `total` distance from the `reached` sources in it, so the mean distance to the other
/// r − 1 nodes is estimated as total / reached, and D(v) as (r − 1)·total / reached.
fn estimated_closeness(n: usize, r: f64, total: f64, reached: u32) -> f64 {
    if reached == 0 || r <= 1.0 || total <= 0.0 {
        return 0.0;
    }
    let mean = total / f64::from(reached);
    let sum = (r - 1.0) * mean;
    (r - 1.0) / sum * (r - 1.0) / (n - 1) as f64
}

/// Reusable per-thread arrays of Brandes' algorithm; only touched entries are reset.
struct Work {
    dist: Vec<f64>,
    sigma: Vec<f64>,
    delta: Vec<f64>,
    /// Reached nodes in order of distance: what accumulation walks backwards.
    order: Vec<u32>,
    /// Where each node stands in Dijkstra's search: [`UNSEEN`], [`SETTLED`] or its heap slot.
    state: Vec<u32>,
    /// The settled nodes, one bit each. Every arc scanned asks whether its end is settled; these
    /// bits (6 KB at 50,000 nodes) stay in the nearest cache where `state` (200 KB) did not, so
    /// an arc costs one read from memory (its end's distance) instead of two.
    settled: Vec<u64>,
    heap: Heap,
    /// Arcs (u, w) of the shortest-path DAG, recorded so that every arc into a node comes after
    /// the arcs into the nodes nearer the source: accumulation walks this list backwards,
    /// sequentially, instead of rescanning every adjacency row.
    dag: Vec<(u32, u32)>,
    /// Nodes not reached yet by a bottom-up breadth-first search.
    unreached: Vec<u32>,
}

/// A node Dijkstra's search has not reached.
const UNSEEN: u32 = u32::MAX;
/// A node whose distance is final.
const SETTLED: u32 = u32::MAX - 1;

/// An indexed 4-ary min-heap of nodes keyed by distance, with decrease-key: each node enters
/// once, so the heap holds at most V entries, and a 4-ary tree is half as deep as a binary one.
/// Distances are non-negative, so their bit patterns order as the numbers do and compare as
/// integers; equal keys are ordered by node, which keeps the search order deterministic.
#[derive(Default)]
struct Heap {
    entries: Vec<(u64, u32)>,
}

impl Heap {
    /// Places `entry` at slot `i` or above, moving larger parents down; records slots in `state`.
    fn sift_up(&mut self, mut i: usize, entry: (u64, u32), state: &mut [u32]) {
        while i > 0 {
            let parent = (i - 1) / 4;
            let p = self.entries[parent];
            if p <= entry {
                break;
            }
            self.entries[i] = p;
            state[p.1 as usize] = i as u32;
            i = parent;
        }
        self.entries[i] = entry;
        state[entry.1 as usize] = i as u32;
    }

    fn push(&mut self, entry: (u64, u32), state: &mut [u32]) {
        self.entries.push(entry);
        let i = self.entries.len() - 1;
        self.sift_up(i, entry, state);
    }

    /// Lowers the key of the node at slot `i`.
    fn decrease(&mut self, i: usize, key: u64, state: &mut [u32]) {
        let node = self.entries[i].1;
        self.sift_up(i, (key, node), state);
    }

    /// Removes the smallest entry; its node's state is left for the caller to set.
    fn pop(&mut self, state: &mut [u32]) -> Option<(u64, u32)> {
        let top = *self.entries.first()?;
        let last = self.entries.pop()?;
        let len = self.entries.len();
        if len > 0 {
            let mut i = 0;
            loop {
                let first = 4 * i + 1;
                if first >= len {
                    break;
                }
                let mut child = first;
                let mut smallest = self.entries[first];
                for c in first + 1..(first + 4).min(len) {
                    if self.entries[c] < smallest {
                        smallest = self.entries[c];
                        child = c;
                    }
                }
                if last <= smallest {
                    break;
                }
                self.entries[i] = smallest;
                state[smallest.1 as usize] = i as u32;
                i = child;
            }
            self.entries[i] = last;
            state[last.1 as usize] = i as u32;
        }
        Some(top)
    }
}

/// Asks the processor to bring the cache line at `at` in, without waiting for it: a read would
/// hold up every instruction after it until the line came, while a prefetch lets the scan of the
/// current row go on meanwhile. Elsewhere than on x86-64, nothing.
#[inline(always)]
fn prefetch<T>(at: *const T) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        // SAFETY: the intrinsic is `unsafe` only because it needs SSE, which every x86-64
        // processor has (it is in the target's baseline). A prefetch reads nothing the program
        // sees and never faults, whatever the address (an empty row's start is one past its end).
        #[allow(unsafe_code)]
        unsafe {
            _mm_prefetch::<_MM_HINT_T0>(at.cast::<i8>());
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = at;
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
            state: vec![UNSEEN; n],
            settled: vec![0; n.div_ceil(64)],
            heap: Heap::default(),
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
            self.state[v] = UNSEEN;
            self.settled[v / 64] = 0;
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
                    // The frontier's rows are scattered: each is asked for a little ahead.
                    if let Some(&ahead) = self.order[..end].get(head + 2) {
                        prefetch(graph.row(ahead as usize).0.as_ptr());
                    }
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

    /// Dijkstra's search from `s`: every reached node's distance and the settling order, and
    /// with `PATHS` the shortest-path counts σ and the DAG that accumulation walks (betweenness
    /// needs them; closeness does not, and each arc to a settled node is then skipped at once).
    fn dijkstra<const PATHS: bool>(&mut self, graph: &Csr, s: u32) {
        self.reset();
        let Work {
            dist,
            sigma,
            order,
            state,
            settled,
            heap,
            dag,
            ..
        } = self;
        let is_settled = |bits: &[u64], v: usize| bits[v / 64] & (1 << (v % 64)) != 0;
        dist[s as usize] = 0.0;
        if PATHS {
            sigma[s as usize] = 1.0;
        }
        heap.push((0.0f64.to_bits(), s), state);
        // Every reached node enters the heap once and leaves it settled, so `order` (the
        // settling order, which accumulation needs) also lists every node to reset.
        while let Some((_, v)) = heap.pop(state) {
            let vi = v as usize;
            state[vi] = SETTLED;
            settled[vi / 64] |= 1 << (vi % 64);
            order.push(v);
            // The next node to settle is most likely the heap's new top. Reading the start of its
            // row now brings it in from memory while this row is scanned; otherwise each row's
            // first read waits in turn (the rows of a large graph are out of cache, and the
            // waits were a large part of a search).
            if let Some(&(_, next)) = heap.entries.first() {
                let (targets, lengths) = graph.row(next as usize);
                prefetch(targets.as_ptr());
                prefetch(lengths.as_ptr());
            }
            let d = dist[vi];
            let sv = sigma[vi];
            let (targets, lengths) = graph.row(vi);
            for (&w, &len) in targets.iter().zip(lengths) {
                let wi = w as usize;
                let dw = dist[wi];
                if is_settled(settled, wi) {
                    // v's predecessors are settled and final now.
                    if PATHS && wi != vi && same_length(dw + len, d) {
                        dag.push((w, v));
                    }
                    continue;
                }
                let nd = d + len;
                // An unseen node is at infinity; so is one reached over an infinite length (1/m
                // of a subnormal m), which is in the heap already: the slot tells them apart.
                // A length equal to the best so far (within rounding) adds paths; without path
                // counts it changes nothing, and must not lower the distance either.
                if dw == f64::INFINITY && state[wi] == UNSEEN {
                    dist[wi] = nd;
                    if PATHS {
                        sigma[wi] = sv;
                    }
                    heap.push((nd.to_bits(), w), state);
                } else if same_length(nd, dw) {
                    if PATHS {
                        sigma[wi] += sv;
                    }
                } else if nd < dw {
                    dist[wi] = nd;
                    if PATHS {
                        sigma[wi] = sv;
                    }
                    heap.decrease(state[wi] as usize, nd.to_bits(), state);
                }
            }
        }
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
                dijkstra.dijkstra::<true>(&g, s);
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

#[cfg(test)]
mod distances_only {
    use rand::{RngExt, SeedableRng};

    use super::*;

    #[test]
    fn a_search_for_distances_only_finds_the_distances_and_order_of_a_full_one() {
        // Lengths from a few values, so that many paths tie: the search without path counts
        // must settle the same nodes in the same order at the same distances.
        let mut rng = rand_pcg::Pcg64::seed_from_u64(11);
        for (n, m) in [(40u32, 60), (150, 1500), (300, 900)] {
            let mut triples = Vec::new();
            for _ in 0..m {
                let (a, b) = (rng.random_range(0..n), rng.random_range(0..n));
                if a != b {
                    let length = [0.5, 1.0, 1.5, 2.0, 1.0 / 3.0][rng.random_range(0..5)];
                    triples.push((a, b, length));
                    triples.push((b, a, length));
                }
            }
            let g = Csr::from_triples(n as usize, &triples);
            let (mut full, mut bare) = (Work::new(g.len()), Work::new(g.len()));
            for s in 0..n {
                full.dijkstra::<true>(&g, s);
                bare.dijkstra::<false>(&g, s);
                assert_eq!(full.order, bare.order, "n {n} m {m} s {s}");
                assert_eq!(full.dist, bare.dist, "n {n} m {m} s {s}");
                assert!(bare.dag.is_empty());
                assert!(bare.sigma.iter().all(|&x| x == 0.0), "no path counted");
            }
            // And closeness alone is what the round that also gives betweenness gives.
            for sources in [Sources::All, Sources::Sample { k: 7, seed: 3 }] {
                let both = shortest_paths(&g, sources).closeness;
                let wanted = Wanted {
                    betweenness: false,
                    closeness: true,
                };
                assert_eq!(searches(&g, sources, wanted).closeness, both, "n {n} m {m}");
            }
        }
    }
}

#[cfg(test)]
mod sampled_closeness {
    use super::*;
    use crate::analysis::centrality::tests::undirected;

    /// Wasserman–Faust closeness from every node, by breadth-first search (unit lengths).
    fn exact(g: &Csr) -> Vec<f64> {
        let n = g.len();
        let mut work = Work::new(n);
        (0..n as u32)
            .map(|s| {
                work.bfs(g, s);
                work.closeness(n, 1.0)
            })
            .collect()
    }

    #[test]
    fn one_source_on_a_path_estimates_by_hand() {
        // The path 0 – 1 – 2 – 3 – 4 and one sampled source s: s is exact; any other node v
        // has D̂(v) = (r − 1)·d(s, v) = 4·|s − v|, so C(v) = 4/(4·|s − v|) · 4/4 = 1/|s − v|.
        let g = undirected(5, &[(0, 1), (1, 2), (2, 3), (3, 4)]);
        let sources = Sources::Sample { k: 1, seed: 11 };
        let s = source_list(&g, sources, true)[0].node as f64;
        let got = shortest_paths(&g, sources).closeness;
        let want = exact(&g);
        for (v, c) in got.iter().enumerate() {
            let v_f = v as f64;
            let expected = if v_f == s {
                want[v]
            } else {
                1.0 / (s - v_f).abs()
            };
            assert!((c - expected).abs() < 1e-12, "v {v} s {s}: {got:?}");
        }
    }

    #[test]
    fn sampling_every_source_is_exact_closeness() {
        // Two components, an isolated node, several lengths.
        let t = [
            (0, 1, 1.0),
            (0, 2, 0.5),
            (1, 0, 1.0),
            (1, 2, 2.0),
            (2, 0, 0.5),
            (2, 1, 2.0),
            (2, 3, 0.25),
            (3, 2, 0.25),
            (5, 6, 3.0),
            (6, 5, 3.0),
        ];
        let g = Csr::from_triples(7, &t);
        let all = shortest_paths(&g, Sources::All).closeness;
        for seed in [1, 2, 3] {
            let sampled = shortest_paths(&g, Sources::Sample { k: 7, seed }).closeness;
            for (a, b) in all.iter().zip(&sampled) {
                assert!((a - b).abs() < 1e-12, "{all:?} {sampled:?}");
            }
        }
        // 0 –(0.5)– 2 –(0.25)– 3 and 0 –(1)– 1: D(0) = 1 + 0.5 + 0.75 = 2.25, r = 4, n = 7.
        assert!((all[0] - 3.0 / 2.25 * 3.0 / 6.0).abs() < 1e-12, "{all:?}");
        assert_eq!(all[4], 0.0);
    }

    #[test]
    fn a_component_without_a_sampled_source_gets_one() {
        // A triangle and a separate pair; one source can sample only one of them, yet every node
        // with a tie gets a closeness and the isolated node 5 none.
        let g = undirected(6, &[(0, 1), (1, 2), (0, 2), (3, 4)]);
        let sources = Sources::Sample { k: 1, seed: 5 };
        let list = source_list(&g, sources, true);
        assert_eq!(list.iter().filter(|s| s.sampled).count(), 1);
        assert_eq!(list.len(), 2, "{} extra source expected", 1);
        let c = shortest_paths(&g, sources).closeness;
        let want = exact(&g);
        // On a triangle and a pair every estimate is exact: all distances are 1.
        for (a, b) in c.iter().zip(&want) {
            assert!((a - b).abs() < 1e-12, "{c:?} {want:?}");
        }
        assert!(c[..5].iter().all(|&x| x > 0.0));
        // The extra source counts for closeness only: betweenness reads the sample alone.
        let alone = shortest_path_betweenness(&g, sources);
        assert_eq!(shortest_paths(&g, sources).betweenness, alone);
    }

    /// A random undirected graph of `n` nodes and up to `ties` ties with lengths 1/|w|.
    fn random_graph(seed: u64, n: u32, ties: usize) -> Csr {
        use rand::RngExt;
        let mut rng = rand_pcg::Pcg64::seed_from_u64(seed);
        let edges: std::collections::BTreeSet<(u32, u32)> = (0..ties)
            .map(|_| (rng.random_range(0..n), rng.random_range(0..n)))
            .filter(|(a, b)| a != b)
            .map(|(a, b)| (a.min(b), a.max(b)))
            .collect();
        let mut t: Vec<(u32, u32, f64)> = edges
            .iter()
            .flat_map(|&(a, b)| {
                let len = 1.0 / rng.random_range(0.05..1.0);
                [(a, b, len), (b, a, len)]
            })
            .collect();
        t.sort_by_key(|&(s, t, _)| (s, t));
        Csr::from_triples(n as usize, &t)
    }

    #[test]
    fn results_do_not_depend_on_the_thread_count() {
        // More sources than one chunk, so that several chunks are summed.
        let g = random_graph(23, 300, 1500);
        for sources in [Sources::All, Sources::Sample { k: 200, seed: 3 }] {
            let on = |threads: usize| {
                rayon::ThreadPoolBuilder::new()
                    .num_threads(threads)
                    .build()
                    .expect("a thread pool")
                    .install(|| shortest_paths(&g, sources))
            };
            let one = on(1);
            assert_eq!(one, on(2), "{sources:?}");
            assert_eq!(one, on(3), "{sources:?}");
        }
    }

    #[test]
    fn the_estimate_is_close_on_a_random_graph_and_reproducible() {
        let g = random_graph(17, 400, 3000);
        let exact = shortest_paths(&g, Sources::All).closeness;
        let sources = Sources::Sample { k: 64, seed: 9 };
        let estimate = shortest_paths(&g, sources).closeness;
        assert_eq!(estimate, shortest_paths(&g, sources).closeness);
        let worst = exact
            .iter()
            .zip(&estimate)
            .map(|(a, b)| (a - b).abs() / a)
            .fold(0.0, f64::max);
        // Eppstein & Wang: with k = Θ(log n / ε²) sources the error is within ε·diameter
        // whp; on this small-world graph 64 sources keep every estimate within 10 %.
        assert!(worst < 0.10, "worst relative error {worst}");
        assert!(worst > 0.0, "a sample of 64 of 400 is not exact");
    }
}
