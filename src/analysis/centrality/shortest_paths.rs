//! Brandes' single-source shortest paths, which give betweenness and closeness in one round.

use rand::SeedableRng;
use rayon::prelude::*;

use super::super::view::Csr;
use crate::cache::prefetch;

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

/// Each node's (weakly connected) component, named by its first node, and each component's
/// size (by label). Union–find over every arc, so that a row naming a node that does not name
/// it back still joins their components; merging under the smaller root keeps each root the
/// component's first node.
fn component_labels(graph: &Csr) -> (Vec<u32>, Vec<u32>) {
    let n = graph.len();
    let mut parent: Vec<u32> = (0..n as u32).collect();
    fn root(parent: &mut [u32], mut v: u32) -> u32 {
        while parent[v as usize] != v {
            let up = parent[parent[v as usize] as usize];
            parent[v as usize] = up;
            v = up;
        }
        v
    }
    for v in 0..n {
        for &w in graph.row(v).0 {
            let (a, b) = (root(&mut parent, v as u32), root(&mut parent, w));
            if a != b {
                parent[a.max(b) as usize] = a.min(b);
            }
        }
    }
    let label: Vec<u32> = (0..n as u32).map(|v| root(&mut parent, v)).collect();
    let mut size = vec![0u32; n];
    for &r in &label {
        size[r as usize] += 1;
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
    let by_length = (!unit).then(|| ByLength::new(graph));
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
                match &by_length {
                    None => work.bfs(graph, s),
                    Some(rows) if wanted.betweenness => work.dijkstra::<true>(rows, s),
                    // Closeness reads the distances only: no path counts, no DAG.
                    Some(rows) => work.dijkstra::<false>(rows, s),
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
    /// Where each node stands in Dijkstra's search: [`UNSEEN`], [`SETTLED`], [`IN_BUCKET`] or
    /// its heap slot.
    state: Vec<u32>,
    /// The settled nodes, one bit each. Every arc scanned asks whether its end is settled; these
    /// bits (6 KB at 50,000 nodes) stay in the nearest cache where `state` (200 KB) did not, so
    /// an arc costs one read from memory (its end's distance) instead of two.
    settled: Vec<u64>,
    queue: Queue,
    /// Arcs (u, w) of the shortest-path DAG, recorded so that every arc into a node comes after
    /// the arcs into the nodes nearer the source: accumulation walks this list backwards,
    /// sequentially, instead of rescanning every adjacency row.
    dag: Vec<(u32, u32)>,
    /// Nodes not reached yet by a bottom-up breadth-first search.
    unreached: Vec<u32>,
    /// Dijkstra's deferred rows: settled nodes whose rows go on past the bound, with the length
    /// of the path over the next arc.
    deferred: Vec<(f64, u32)>,
    /// The bound of the next Dijkstra's search (see [`Work::dijkstra`]).
    bound: f64,
    /// Where each deferred row goes on.
    cursor: Vec<usize>,
    /// How many times each node's distance has fallen in Dijkstra's search.
    generation: Vec<u32>,
    /// Arcs (v, w) that gave w its distance or tied it, with w's generation then: those of w's
    /// last generation are its arcs in the DAG.
    candidates: Vec<(u32, u32, u32)>,
}

/// How far past what it needs Dijkstra's search raises its bound: a little more scans a few arcs
/// that cannot shorten any path; a little less raises the bound again, each time a pass over the
/// deferred rows.
const BOUND_SLACK: f64 = 1.05;

/// One arc of a row sorted by length, its length and its end side by side: a row is one run
/// of memory, which a search reads from its start after a single wait.
#[derive(Debug, Clone, Copy, PartialEq)]
#[repr(C, packed(4))]
struct Arc {
    len: f64,
    to: u32,
}

/// The arc that ends every row: no length (NaN) is within any bound, and no node is `END`.
const END: Arc = Arc {
    len: f64::NAN,
    to: u32::MAX,
};

/// A graph's rows sorted by length, and the size of each node's component: what the lazy
/// Dijkstra's search needs.
pub(crate) struct ByLength {
    /// Where each node's row starts in `arcs`.
    starts: Vec<usize>,
    /// The rows, each sorted by length (then end) and closed by [`END`].
    arcs: Vec<Arc>,
    /// The number of nodes in each node's weakly connected component: a search from it
    /// settles at most that many.
    reach: Vec<u32>,
    /// The width of the queue's buckets (see [`Queue`]): a third of the shortest arc.
    width: f64,
}

impl ByLength {
    pub(crate) fn new(graph: &Csr) -> ByLength {
        // Each block of rows is sorted on its own, on all cores, and the blocks joined in order.
        const ROWS_PER_BLOCK: usize = 4096;
        let n = graph.len();
        let blocks: Vec<Vec<Arc>> = (0..n.div_ceil(ROWS_PER_BLOCK))
            .into_par_iter()
            .map(|b| {
                let rows = b * ROWS_PER_BLOCK..((b + 1) * ROWS_PER_BLOCK).min(n);
                let first = graph.offsets[rows.start];
                let mut arcs = Vec::with_capacity(graph.offsets[rows.end] - first + rows.len());
                let mut pairs: Vec<(u64, u32)> = Vec::new();
                for i in rows {
                    let range = graph.offsets[i]..graph.offsets[i + 1];
                    pairs.clear();
                    pairs.extend(
                        graph.values[range.clone()]
                            .iter()
                            .zip(&graph.targets[range])
                            .map(|(&len, &w)| (len.to_bits(), w)),
                    );
                    // Positive lengths order as their bit patterns; ties by end, for a fixed
                    // order.
                    pairs.sort_unstable();
                    arcs.extend(pairs.iter().map(|&(len, to)| Arc {
                        len: f64::from_bits(len),
                        to,
                    }));
                    arcs.push(END);
                }
                arcs
            })
            .collect();
        let mut starts = Vec::with_capacity(n + 1);
        starts.push(0);
        for i in 0..n {
            starts.push(starts[i] + graph.offsets[i + 1] - graph.offsets[i] + 1);
        }
        let arcs = blocks.concat();
        let (label, size) = component_labels(graph);
        let reach = label.iter().map(|&r| size[r as usize]).collect();
        let shortest = graph
            .values
            .iter()
            .copied()
            .filter(|&len| len > 0.0)
            .fold(f64::INFINITY, f64::min);
        ByLength {
            starts,
            arcs,
            reach,
            width: if shortest.is_finite() {
                shortest / 3.0
            } else {
                0.0
            },
        }
    }
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

/// A node waiting in a bucket of Dijkstra's queue rather than in its heap.
const IN_BUCKET: u32 = u32::MAX - 2;

/// How many buckets Dijkstra's queue keeps before the heap takes over.
const BUCKETS: usize = 4096;

/// Dijkstra's queue: buckets of distances a third of the shortest arc wide (Dial's algorithm),
/// then, past [`BUCKETS`] of them, the heap.
///
/// Two nodes in one bucket are less than two thirds of the shortest arc apart, so neither can
/// lie on a shortest path to the other (not even within rounding): a bucket's nodes may be
/// settled in any order, and each is put in or taken out at no cost where the heap sifts it
/// through eight levels at 50,000 nodes. A node whose distance falls is put in its new bucket
/// again, and the stale copy is skipped. The heap holds the nodes past the last bucket, all
/// farther than any in a bucket.
#[derive(Default)]
struct Queue {
    /// A third of the shortest arc's length; 0 when the arcs give no positive width, and the
    /// heap holds every node.
    width: f64,
    buckets: Vec<Vec<u32>>,
    /// The bucket being settled, and the place in it.
    current: usize,
    at: usize,
    heap: Heap,
}

impl Queue {
    fn bucket(&self, d: f64) -> Option<usize> {
        let b = d / self.width;
        // Also refuses NaN: no width, or an infinite distance over an infinite width.
        (self.width > 0.0 && b < BUCKETS as f64).then_some(b as usize)
    }

    fn clear(&mut self) {
        for bucket in &mut self.buckets {
            bucket.clear();
        }
        self.current = 0;
        self.at = 0;
        self.heap.entries.clear();
    }

    /// Queues unseen node `w` at distance `d`.
    fn push(&mut self, w: u32, d: f64, state: &mut [u32]) {
        match self.bucket(d) {
            Some(b) => self.put(b, w, state),
            None => self.heap.push((d.to_bits(), w), state),
        }
    }

    fn put(&mut self, b: usize, w: u32, state: &mut [u32]) {
        if self.buckets.len() <= b {
            self.buckets.resize_with(b + 1, Vec::new);
        }
        self.buckets[b].push(w);
        state[w as usize] = IN_BUCKET;
        // A bucket already settled gets a node when a raised bound scans arcs shorter than the
        // current bucket's distances: the search goes back to it.
        if b < self.current {
            self.current = b;
            self.at = 0;
        }
    }

    /// Lowers the distance of queued node `w` to `d`.
    fn lower(&mut self, w: u32, d: f64, state: &mut [u32]) {
        let slot = state[w as usize];
        match self.bucket(d) {
            Some(b) => {
                if slot != IN_BUCKET {
                    // Out of the heap: lowered to 0, it is the only entry at the top.
                    self.heap.decrease(slot as usize, 0, state);
                    self.heap.pop(state);
                }
                self.put(b, w, state);
            }
            None => self.heap.decrease(slot as usize, d.to_bits(), state),
        }
    }

    /// The nearest queued node and its distance, left in the queue.
    fn peek(&mut self, dist: &[f64], state: &[u32]) -> Option<(f64, u32)> {
        while self.current < self.buckets.len() {
            let bucket = &self.buckets[self.current];
            while let Some(&w) = bucket.get(self.at) {
                let d = dist[w as usize];
                if state[w as usize] == IN_BUCKET && self.bucket(d) == Some(self.current) {
                    return Some((d, w));
                }
                self.at += 1;
            }
            self.buckets[self.current].clear();
            self.current += 1;
            self.at = 0;
        }
        let &(key, w) = self.heap.entries.first()?;
        Some((f64::from_bits(key), w))
    }

    /// Takes out the node [`Queue::peek`] gave.
    fn take(&mut self, state: &mut [u32]) {
        if self.current < self.buckets.len() {
            self.at += 1;
        } else {
            self.heap.pop(state);
        }
    }

    /// The node after the one [`Queue::peek`] gave, most likely (it may be stale).
    fn after(&self) -> Option<u32> {
        match self.buckets.get(self.current) {
            Some(bucket) => bucket.get(self.at + 1).copied(),
            None => self.heap.entries.first().map(|&(_, w)| w),
        }
    }
}

/// One level of a breadth-first search grown top-down: the rows of the frontier (the nodes at
/// `level`, `order[frontier]`) are scanned, and each node one hop further gets its distance
/// (when first met), its path counts and its arcs of the DAG.
///
/// The search's arrays are separate arguments, not fields of one `Work`, so that the compiler
/// knows that writing a distance or a count does not move the lists being pushed to. (Whole
/// commands timed the same within noise either way; the accumulation's register sum, in
/// [`Work::accumulate`], is what measurably paid.)
fn top_down(
    graph: &Csr,
    level: f64,
    frontier: std::ops::Range<usize>,
    dist: &mut [f64],
    sigma: &mut [f64],
    order: &mut Vec<u32>,
    dag: &mut Vec<(u32, u32)>,
) {
    let next = level + 1.0;
    let end = frontier.end;
    for head in frontier {
        // The frontier's rows are scattered: each is asked for a little ahead.
        if let Some(&ahead) = order[..end].get(head + 2) {
            prefetch(graph.row(ahead as usize).0.as_ptr());
        }
        let v = order[head];
        // v is at `level` and its arcs lead to `next`: its own count does not change here.
        let sigma_v = sigma[v as usize];
        for &w in graph.row(v as usize).0 {
            let wi = w as usize;
            if dist[wi] == f64::INFINITY {
                dist[wi] = next;
                order.push(w);
            }
            if dist[wi] == next {
                sigma[wi] += sigma_v;
                dag.push((v, w));
            }
        }
    }
}

/// One level of a breadth-first search grown bottom-up: the rows of the nodes not reached yet
/// are scanned for parents at `level`; those that have any are one hop further and leave
/// `unreached`. See [`top_down`] for why the arrays are separate arguments.
fn bottom_up(
    graph: &Csr,
    level: f64,
    unreached: &mut Vec<u32>,
    dist: &mut [f64],
    sigma: &mut [f64],
    order: &mut Vec<u32>,
    dag: &mut Vec<(u32, u32)>,
) {
    let next = level + 1.0;
    let mut kept = 0;
    for i in 0..unreached.len() {
        let w = unreached[i];
        let wi = w as usize;
        if dist[wi].is_finite() {
            continue;
        }
        // w's count is summed in a register: the same additions, in the same order.
        let mut sigma_w = sigma[wi];
        let mut found = false;
        for &v in graph.row(wi).0 {
            if dist[v as usize] == level {
                sigma_w += sigma[v as usize];
                dag.push((v, w));
                found = true;
            }
        }
        sigma[wi] = sigma_w;
        if found {
            dist[wi] = next;
            order.push(w);
        } else {
            unreached[kept] = w;
            kept += 1;
        }
    }
    unreached.truncate(kept);
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
            queue: Queue::default(),
            dag: Vec::new(),
            unreached: Vec::new(),
            deferred: Vec::new(),
            bound: f64::INFINITY,
            cursor: vec![0; n],
            generation: vec![0; n],
            candidates: Vec::new(),
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
            self.generation[v] = 0;
        }
        self.order.clear();
        self.dag.clear();
        self.deferred.clear();
        self.candidates.clear();
        self.queue.clear();
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
                bottom_up(
                    graph,
                    level,
                    &mut self.unreached,
                    &mut self.dist,
                    &mut self.sigma,
                    &mut self.order,
                    &mut self.dag,
                );
            } else {
                top_down(
                    graph,
                    level,
                    start..end,
                    &mut self.dist,
                    &mut self.sigma,
                    &mut self.order,
                    &mut self.dag,
                );
            }
            frontier_entries = self.order[end..].iter().map(|&v| degree(v)).sum();
            unreached_entries -= frontier_entries;
            start = end;
            level = next;
        }
    }

    /// Dijkstra's search from `s` over `graph`'s rows sorted by length: every reached node's
    /// distance and the settling order, and with `PATHS` the shortest-path counts σ and the DAG
    /// that accumulation walks (betweenness needs them; closeness does not).
    ///
    /// Arcs are scanned lazily, shortest first. A settled node v scans its row only while
    /// d(v) + ℓ stays within a bound on the distances the search will reach (the farthest
    /// distance of the previous search), and leaves the rest in `deferred`. A node is settled
    /// only when its distance is within the bound, so every arc that could shorten or tie its
    /// path has been scanned; when the nearest node lies beyond the bound, the bound is raised
    /// and the deferred rows scanned on to it. When the last node of the component is settled,
    /// no arc left can change anything, and the search ends: the arcs longer than the distance
    /// left to the farthest node are never read. On a random graph of 50,000 nodes with
    /// lengths 1/|w| that is about 70% of the arcs, all of which a plain search scans.
    fn dijkstra<const PATHS: bool>(&mut self, graph: &ByLength, s: u32) {
        self.reset();
        let arcs = &graph.arcs[..];
        self.dist[s as usize] = 0.0;
        if PATHS {
            self.sigma[s as usize] = 1.0;
        }
        self.queue.width = graph.width;
        self.queue.push(s, 0.0, &mut self.state);
        let mut bound = self.bound;
        let mut farthest = 0.0f64;
        // Every node of the component is settled once; when the last is, the search ends.
        let mut left = graph.reach[s as usize];
        loop {
            let next = self.queue.peek(&self.dist, &self.state);
            let top = next.map(|(d, _)| d);
            // Settled only well within the bound: an arc that ties its distance within
            // rounding (`same_length`) lies within the bound too, and has been scanned.
            if top.is_none_or(|d| d > bound * (1.0 - 4e-10)) {
                let nearest = self
                    .deferred
                    .iter()
                    .map(|&(key, _)| key)
                    .fold(top.unwrap_or(f64::INFINITY), f64::min);
                if nearest == f64::INFINITY && top.is_none() {
                    break;
                }
                // Raised a little past what is needed now, so that the rows are not scanned on
                // one arc at a time.
                bound = bound.max(nearest) * BOUND_SLACK;
                if bound.is_nan() || nearest == f64::INFINITY {
                    bound = f64::INFINITY;
                }
                let mut kept = 0;
                for i in 0..self.deferred.len() {
                    let (key, v) = self.deferred[i];
                    let key = if key <= bound {
                        let from = self.cursor[v as usize];
                        match self.scan::<PATHS>(arcs, v, from, bound) {
                            Some(key) => key,
                            None => continue,
                        }
                    } else {
                        key
                    };
                    self.deferred[kept] = (key, v);
                    kept += 1;
                }
                self.deferred.truncate(kept);
                continue;
            }
            let Some((d, v)) = next else {
                break;
            };
            self.queue.take(&mut self.state);
            farthest = farthest.max(d);
            let vi = v as usize;
            self.state[vi] = SETTLED;
            self.settled[vi / 64] |= 1 << (vi % 64);
            // Every reached node is settled once before the search ends, so `order` also lists
            // every node to reset.
            self.order.push(v);
            left = left.saturating_sub(1);
            if left == 0 {
                break;
            }
            // The next node to settle is most likely the queue's next. Reading the start of its
            // row now brings it in from memory while this row is scanned; otherwise each row's
            // first read waits in turn (the rows of a large graph are out of cache, and the
            // waits were a large part of a search).
            if let Some(next) = self.queue.after() {
                prefetch(arcs[graph.starts[next as usize]..].as_ptr());
            }
            if let Some(key) = self.scan::<PATHS>(arcs, v, graph.starts[vi], bound) {
                self.deferred.push((key, v));
            }
        }
        // The next search most likely reaches about as far; a search that reached no farther
        // than its source (a node without ties) says nothing about the next.
        if farthest > 0.0 {
            self.bound = farthest * BOUND_SLACK;
        }
        if PATHS {
            // The arcs recorded into a node before its distance last fell are not on a shortest
            // path: its generation tells them apart.
            let generation = &self.generation;
            self.dag.extend(
                self.candidates
                    .iter()
                    .filter(|&&(_, w, g)| generation[w as usize] == g)
                    .map(|&(v, w, _)| (v, w)),
            );
        }
    }

    /// Scans settled node `v`'s row from arc `from` while d(v) + ℓ is within `bound`; the
    /// length of the path over the next arc when the row goes on (its place kept in `cursor`).
    fn scan<const PATHS: bool>(
        &mut self,
        arcs: &[Arc],
        v: u32,
        from: usize,
        bound: f64,
    ) -> Option<f64> {
        let Work {
            dist,
            sigma,
            state,
            settled,
            queue,
            cursor,
            generation,
            candidates,
            ..
        } = self;
        let vi = v as usize;
        let is_settled = |bits: &[u64], w: usize| bits[w / 64] & (1 << (w % 64)) != 0;
        let d = dist[vi];
        let sv = sigma[vi];
        for (at, &Arc { len, to: w }) in arcs.iter().enumerate().skip(from) {
            let nd = d + len;
            // Also stops at the row's end, whose length is NaN (unordered with the bound).
            if nd.partial_cmp(&bound).is_none_or(|o| o.is_gt()) {
                if w == END.to {
                    return None;
                }
                cursor[vi] = at;
                return Some(nd);
            }
            let wi = w as usize;
            // A settled node's distance is final, and every arc on a shortest path into it was
            // scanned before it was settled.
            if is_settled(settled, wi) {
                continue;
            }
            let dw = dist[wi];
            // An unseen node is at infinity; so is one reached over an infinite length (1/m
            // of a subnormal m), which is in the heap already: the slot tells them apart.
            // A length equal to the best so far (within rounding) adds paths; without path
            // counts it changes nothing, and must not lower the distance either.
            if dw == f64::INFINITY && state[wi] == UNSEEN {
                dist[wi] = nd;
                if PATHS {
                    sigma[wi] = sv;
                    candidates.push((v, w, generation[wi]));
                }
                queue.push(w, nd, state);
            } else if same_length(nd, dw) {
                if PATHS {
                    sigma[wi] += sv;
                    candidates.push((v, w, generation[wi]));
                }
            } else if nd < dw {
                dist[wi] = nd;
                if PATHS {
                    sigma[wi] = sv;
                    generation[wi] += 1;
                    candidates.push((v, w, generation[wi]));
                }
                queue.lower(w, nd, state);
            }
        }
        None
    }

    fn accumulate(&mut self, s: u32, bc: &mut [f64]) {
        // The arcs out of one node mostly come in a run (a top-down search lists a frontier
        // node's arcs together): its dependency is summed in a register over the run and stored
        // once, instead of loaded and stored at every arc. The same additions in the same order.
        let mut arcs = self.dag.iter().rev().peekable();
        while let Some(&(v, w)) = arcs.next() {
            let v = v as usize;
            let (sigma_v, mut delta_v) = (self.sigma[v], self.delta[v]);
            let mut w = w as usize;
            loop {
                // An arc of the DAG joins two levels, so w is never v.
                delta_v += sigma_v / self.sigma[w] * (1.0 + self.delta[w]);
                match arcs.next_if(|&&(u, _)| u as usize == v) {
                    Some(&(_, next)) => w = next as usize,
                    None => break,
                }
            }
            self.delta[v] = delta_v;
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

    use super::{ByLength, Work};
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
                dijkstra.dijkstra::<true>(&ByLength::new(&g), s);
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
            let rows = ByLength::new(&g);
            let (mut full, mut bare) = (Work::new(g.len()), Work::new(g.len()));
            for s in 0..n {
                full.dijkstra::<true>(&rows, s);
                bare.dijkstra::<false>(&rows, s);
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

#[cfg(test)]
mod lazy_search {
    use rand::{RngExt, SeedableRng};

    use super::*;

    /// Textbook Dijkstra and Brandes on the rows as given: every arc scanned, predecessors found
    /// by comparing distances. Returns each node's distance, σ and dependency δ from `s`.
    fn reference(g: &Csr, s: u32) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
        let n = g.len();
        let mut dist = vec![f64::INFINITY; n];
        let mut done = vec![false; n];
        dist[s as usize] = 0.0;
        let mut order = Vec::new();
        // O(V²): the smallest unsettled distance, by scanning.
        while let Some(v) = (0..n)
            .filter(|&v| !done[v] && dist[v].is_finite())
            .min_by(|&a, &b| dist[a].total_cmp(&dist[b]).then(a.cmp(&b)))
        {
            done[v] = true;
            order.push(v);
            let (targets, lengths) = g.row(v);
            for (&w, &len) in targets.iter().zip(lengths) {
                let w = w as usize;
                let nd = dist[v] + len;
                if !done[w]
                    && (dist[w] == f64::INFINITY || nd < dist[w] && !same_length(nd, dist[w]))
                {
                    dist[w] = dist[v] + len;
                }
            }
        }
        // σ and δ over the arcs that lie on shortest paths.
        let on_path = |v: usize, w: usize, len: f64| {
            v != w && dist[v].is_finite() && same_length(dist[v] + len, dist[w])
        };
        let mut sigma = vec![0.0; n];
        sigma[s as usize] = 1.0;
        for &v in &order {
            let (targets, lengths) = g.row(v);
            for (&w, &len) in targets.iter().zip(lengths) {
                if on_path(v, w as usize, len) {
                    sigma[w as usize] += sigma[v];
                }
            }
        }
        let mut delta = vec![0.0; n];
        for &v in order.iter().rev() {
            let (targets, lengths) = g.row(v);
            for (&w, &len) in targets.iter().zip(lengths) {
                let w = w as usize;
                if on_path(v, w, len) {
                    delta[v] += sigma[v] / sigma[w] * (1.0 + delta[w]);
                }
            }
        }
        (dist, sigma, delta)
    }

    /// Random graphs: several components, a component whose lengths are a thousand times
    /// longer (so that the bound carried from one search is far too short for the next),
    /// lengths from a few values (many tied paths) or from a continuum, and with `directed`
    /// some arcs without their reverse.
    fn graph(seed: u64, n: u32, m: usize, few_lengths: bool, directed: bool) -> Csr {
        let mut rng = rand_pcg::Pcg64::seed_from_u64(seed);
        let mut t = Vec::new();
        for _ in 0..m {
            let (a, b) = (rng.random_range(0..n), rng.random_range(0..n));
            // Nodes below n/3 and the rest form separate parts.
            if a == b || (a < n / 3) != (b < n / 3) {
                continue;
            }
            let mut len = if few_lengths {
                [0.5, 1.0, 1.5, 2.0, 1.0 / 3.0][rng.random_range(0..5)]
            } else {
                1.0 / rng.random_range(0.01..1.0)
            };
            if a < n / 3 {
                len *= 1000.0;
            }
            t.push((a, b, len));
            if !directed || rng.random_range(0..3) > 0 {
                t.push((b, a, len));
            }
        }
        t.sort_by_key(|x| (x.0, x.1));
        t.dedup_by_key(|x| (x.0, x.1));
        Csr::from_triples(n as usize, &t)
    }

    #[test]
    fn the_lazy_search_finds_what_a_search_of_every_arc_finds() {
        for (seed, n, m) in [(1, 60, 300), (2, 200, 3000), (3, 150, 400), (4, 90, 2000)] {
            for few_lengths in [false, true] {
                for directed in [false, true] {
                    let g = graph(seed, n, m, few_lengths, directed);
                    let rows = ByLength::new(&g);
                    let (mut work, mut bare) = (Work::new(g.len()), Work::new(g.len()));
                    // Sources alternate between the parts, so the bound carried over is now
                    // far too short, now far too long.
                    let sources = (0..n).map(|i| if i % 2 == 0 { i / 2 } else { n - 1 - i / 2 });
                    for s in sources {
                        let (dist, sigma, delta) = reference(&g, s);
                        work.dijkstra::<true>(&rows, s);
                        let mut bc = vec![0.0; g.len()];
                        work.accumulate(s, &mut bc);
                        let at = format!("seed {seed} few {few_lengths} directed {directed} s {s}");
                        for v in 0..g.len() {
                            let (a, b) = (dist[v], work.dist[v]);
                            assert!(a == b || same_length(a, b), "{at} v {v}: {a} {b}");
                            assert_eq!(sigma[v], work.sigma[v], "{at} v {v} dist {a} {b}");
                            let want = if v == s as usize { 0.0 } else { delta[v] };
                            assert!((want - bc[v]).abs() <= 1e-9 * want.max(1.0), "{at} v {v}");
                        }
                        let reached = dist.iter().filter(|d| d.is_finite()).count();
                        assert_eq!(work.order.len(), reached, "{at}");
                        // Distances alone, from a search with the same history: the same
                        // distances in the same order.
                        bare.dijkstra::<false>(&rows, s);
                        assert_eq!(bare.order, work.order, "{at}");
                        assert_eq!(bare.dist, work.dist, "{at}");
                    }
                }
            }
        }
    }

    #[test]
    fn a_path_that_ties_within_rounding_just_past_the_bound_still_counts() {
        // A search from 0 reaches 1.0 and leaves a bound of 1.0 · BOUND_SLACK. From 2, node 4
        // lies exactly at that bound over its own arc, and over 3 at a length a hair longer,
        // which counts as a tie: both paths count, though the second's last arc lies past
        // the bound when 4 is reached.
        let bound = 1.0 * BOUND_SLACK;
        let hair = bound * (1.0 + 5e-11) - 0.5;
        assert!(0.5 + hair > bound && same_length(0.5 + hair, bound));
        let mut t = vec![(0, 1, 1.0), (1, 0, 1.0)];
        for (a, b, len) in [(2, 4, bound), (2, 3, 0.5), (3, 4, hair)] {
            t.extend([(a, b, len), (b, a, len)]);
        }
        t.sort_by_key(|x| (x.0, x.1));
        let rows = ByLength::new(&Csr::from_triples(5, &t));
        let mut work = Work::new(5);
        work.dijkstra::<true>(&rows, 0);
        work.dijkstra::<true>(&rows, 2);
        assert_eq!(work.dist[4], bound);
        assert_eq!(work.sigma[4], 2.0, "both paths to 4");
        let mut bc = vec![0.0; 5];
        work.accumulate(2, &mut bc);
        assert_eq!(bc[3], 0.5, "3 is on one of the two paths from 2 to 4");
    }

    #[test]
    fn a_node_moves_from_the_heap_to_a_bucket_when_its_distance_falls() {
        // The shortest arc is 1, so buckets reach 4096/3: w is first queued at 2000, in the
        // heap, then lowered to 2 over u, into a bucket; x, at 3000, comes out of the heap
        // after it, and w only once.
        let (s, u, w, x) = (0, 1, 2, 3);
        let mut t = Vec::new();
        for (a, b, len) in [(s, u, 1.0), (u, w, 1.0), (s, w, 2000.0), (s, x, 3000.0)] {
            t.extend([(a, b, len), (b, a, len)]);
        }
        t.sort_by_key(|x| (x.0, x.1));
        let rows = ByLength::new(&Csr::from_triples(4, &t));
        assert!(2000.0 / rows.width > BUCKETS as f64, "w starts in the heap");
        let mut work = Work::new(4);
        work.dijkstra::<true>(&rows, s);
        assert_eq!(work.order, vec![s, u, w, x]);
        assert_eq!(work.dist, vec![0.0, 1.0, 2.0, 3000.0]);
    }

    #[test]
    fn rows_are_sorted_by_length_and_components_counted_across_one_way_arcs() {
        // 0 → 1 only, 1 – 2 both ways; 3 alone; 4 – 5.
        let t = [
            (0, 2, 3.0),
            (0, 1, 2.0),
            (1, 2, 0.5),
            (2, 1, 0.5),
            (2, 0, 3.0),
            (4, 5, 1.0),
            (5, 4, 1.0),
        ];
        let rows = ByLength::new(&Csr::from_triples(6, &t));
        let row: Vec<Arc> = rows.arcs[rows.starts[0]..rows.starts[1]].to_vec();
        let arc = |len, to| Arc { len, to };
        assert_eq!(row[..2], [arc(2.0, 1), arc(3.0, 2)]);
        assert_eq!((row.len(), row[2].to), (3, END.to), "closed by END");
        assert_eq!(rows.reach, vec![3, 3, 3, 1, 2, 2]);
    }
}
