//! The partition engine behind the frustration index and blocs: split the nodes of a signed
//! graph into at most K groups so that as few edges as possible are *violated* (a positive edge
//! between groups or a negative edge inside one).
//!
//! With K = 2 the least number of violated edges is the frustration (line) index of balance;
//! with general K it is the criterion of Doreian & Mrvar's partitioning approach to structural
//! balance (with equal weights for both kinds of violation). Each connected component is solved
//! on its own (no edge joins two components, so their costs add up): exactly by branch and bound
//! when it is small enough and the search finishes within its budget, otherwise by a seeded local
//! search whose result is an upper bound.

use rand::{RngExt, SeedableRng};

use super::view::{Sign, Signed};

/// The most groups [`best_partition`] looks for.
pub const MAX_GROUPS: usize = 32;

/// How hard [`best_partition`] tries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Effort {
    /// Components with at most this many nodes are solved by branch and bound.
    pub exact_limit: usize,
    /// Search-tree nodes one branch and bound may visit before it gives up (then the component's
    /// result is the best found, marked inexact).
    pub budget: u64,
    /// The budget of each bloc search with K > 2, whose bound is weaker (empty groups cost
    /// nothing) and whose nodes cost K times more.
    pub bloc_budget: u64,
    /// Seed of the local search.
    pub seed: u64,
    /// When to stop: past this instant the searches stop where they are (their results are
    /// then upper bounds, marked inexact) and [`Effort::timed_out`] says so, so that a caller
    /// with a time limit can report it rather than wait.
    pub deadline: Option<std::time::Instant>,
}

impl Effort {
    /// The default effort, stopping at `deadline`.
    pub fn until(deadline: std::time::Instant) -> Effort {
        Effort {
            deadline: Some(deadline),
            ..Effort::default()
        }
    }

    /// Whether the deadline has passed.
    pub fn timed_out(&self) -> bool {
        self.deadline
            .is_some_and(|d| std::time::Instant::now() >= d)
    }
}

impl Default for Effort {
    fn default() -> Self {
        Effort {
            exact_limit: 64,
            budget: 5_000_000,
            bloc_budget: 100_000,
            seed: 0xB10C5,
            deadline: None,
        }
    }
}

/// A partition of the nodes of a signed graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Partition {
    /// Each node's group, `0..k`; nodes without an edge are in group 0.
    pub group: Vec<u8>,
    /// The number of violated edges.
    pub cost: usize,
    /// Whether `cost` is proven minimal.
    pub exact: bool,
}

/// Whether edge `(a, b, sign)` is violated by `group`.
pub fn violated(group: &[u8], a: u32, b: u32, sign: Sign) -> bool {
    let same = group[a as usize] == group[b as usize];
    (sign == Sign::Positive) != same
}

/// The number of edges of `g` violated by `group`.
pub fn cost_of(g: &Signed, group: &[u8]) -> usize {
    g.edges
        .iter()
        .filter(|&&(a, b, s)| violated(group, a, b, s))
        .count()
}

/// A partition of `g` into at most `k` groups (k is clamped to 1..=32) with the fewest violated
/// edges.
///
/// Per connected component: a seeded multi-start local search (single-node moves to the best
/// group, with random perturbations) gives an upper bound; components of at most
/// `effort.exact_limit` nodes are then solved by depth-first branch and bound, which assigns
/// nodes in breadth-first order, breaks the symmetry between groups (a node may open only the
/// next unused group), and prunes with the bound "cost so far + Σ over unassigned nodes of the
/// cheapest group given the assigned neighbours".
///
/// # Returns
/// The groups (within each component numbered in order of first appearance in its breadth-first
/// order, so its most connected node is in group 0), the cost and whether every component was
/// solved exactly.
///
/// # Complexity
/// Local search O(R·(E + V·k)) per pass; branch and bound exponential in the worst case, bounded
/// by `effort.budget` search nodes per component.
///
/// # Example
/// ```
/// use detente::analysis::partition::{Effort, best_partition};
/// use detente::analysis::view::{Sign, Signed};
/// // A triangle with one negative edge: one edge must be violated with two groups.
/// let g = Signed::new(3, vec![(0, 1, Sign::Positive), (1, 2, Sign::Positive), (0, 2, Sign::Negative)]);
/// let p = best_partition(&g, 2, &Effort::default());
/// assert_eq!((p.cost, p.exact), (1, true));
/// ```
///
/// # Reference
/// P. Doreian, A. Mrvar, "A partitioning approach to structural balance", *Social Networks* 18
/// (1996) 149–168; S. Aref, A. J. Mason, M. C. Wilson, "Computing the line index of balance using
/// integer programming optimisation", in *Optimization Problems in Graph Theory* (2018) 65–84.
pub fn best_partition(g: &Signed, k: usize, effort: &Effort) -> Partition {
    let k = k.clamp(1, MAX_GROUPS);
    let mut group = vec![0u8; g.n];
    let mut exact = true;
    // Each node's position in its component, written per component (a map per component cost
    // more than the searches on small graphs' many components).
    let mut position = vec![u32::MAX; g.n];
    for component in components(g) {
        if component.len() < 2 {
            continue;
        }
        for (i, &v) in component.iter().enumerate() {
            position[v as usize] = i as u32;
        }
        let local = Local::new(g, &component, &position);
        let (assign, proven) = local.solve(k, effort);
        exact &= proven;
        for (i, &v) in component.iter().enumerate() {
            group[v as usize] = assign[i];
        }
    }
    lighten(g, &mut group, k, effort);
    let cost = cost_of(g, &group);
    Partition { group, cost, exact }
}

/// The total weight of the edges of `g` violated by `group`.
pub fn weight_of(g: &Signed, group: &[u8]) -> f64 {
    g.edges
        .iter()
        .zip(&g.weight)
        .filter(|&(&(a, b, s), _)| violated(group, a, b, s))
        .map(|(_, &w)| w)
        .sum()
}

/// Breaks ties between partitions of equal count by weight: moves single nodes to the group
/// where they violate fewer edges or, at an equal count, less weight, until no move helps. The
/// count never grows, so a proven minimum stays one; among the partitions of that count the
/// result is a local minimum of violated weight (a heavy hostile tie is kept between blocs
/// rather than a light friendly one).
///
/// # Complexity
/// O(k·E) per pass; at most `4·V` passes (each pass lowers the weight or stops), fewer when the
/// deadline passes.
fn lighten(g: &Signed, group: &mut [u8], k: usize, effort: &Effort) {
    // A move must gain more than rounding: weights are sums of normalised floats.
    const GAIN: f64 = 1e-9;
    // How many nodes each group holds, kept as nodes move: the groups opened so far are read
    // from it in O(256) per move, where taking the largest label over every node made a pass
    // quadratic (18 s for the blocs of 50,000 actors).
    let mut members = [0usize; 256];
    for &at in group.iter() {
        members[usize::from(at)] += 1;
    }
    let opened = |members: &[usize; 256]| members.iter().rposition(|&c| c > 0).map_or(0, |m| m + 1);
    // Only one new group may be opened at a time, and never past k.
    let mut groups = (opened(&members) + 1).min(k);
    // Whether a node must be looked at again: its choice depends only on its own group, its
    // neighbours' groups and `groups`, so a node that stayed put stays put until one of those
    // changes. Skipping the others gives the same moves as a full pass, at the cost of the
    // nodes next to a move (a pass over every node took seconds at 50,000 actors).
    let mut dirty = vec![true; g.n];
    // A node's ties read once per node: (the neighbour's group, positive, weight).
    let mut ties: Vec<(u8, bool, f64)> = Vec::new();
    for _ in 0..4 * g.n.max(1) {
        if effort.timed_out() {
            return;
        }
        let mut moved = false;
        for v in 0..g.n {
            if !dirty[v] || g.adjacency[v].is_empty() {
                continue;
            }
            dirty[v] = false;
            let here = group[v];
            ties.clear();
            ties.extend(g.adjacency[v].iter().map(|&(w, e)| {
                let (_, _, sign) = g.edges[e as usize];
                (
                    group[w as usize],
                    sign == Sign::Positive,
                    g.weight[e as usize],
                )
            }));
            let mut best: Option<(u8, isize, f64)> = None;
            for to in (0..groups).map(|t| t as u8).filter(|&t| t != here) {
                let (mut count, mut weight) = (0isize, 0.0);
                for &(theirs, positive, w) in &ties {
                    let before = positive != (theirs == here);
                    let after = positive != (theirs == to);
                    let delta = isize::from(after) - isize::from(before);
                    count += delta;
                    weight += delta as f64 * w;
                }
                let gains = count < 0 || (count == 0 && weight < -GAIN);
                let beats = best.is_none_or(|(_, c, wt)| (count, weight) < (c, wt));
                if gains && beats {
                    best = Some((to, count, weight));
                }
            }
            if let Some((to, _, _)) = best {
                group[v] = to;
                members[usize::from(here)] -= 1;
                members[usize::from(to)] += 1;
                moved = true;
                dirty[v] = true;
                for &(w, _) in &g.adjacency[v] {
                    dirty[w as usize] = true;
                }
                let now = (opened(&members) + 1).min(k);
                if now != groups {
                    groups = now;
                    dirty.iter_mut().for_each(|d| *d = true);
                }
            }
        }
        if !moved {
            return;
        }
    }
}

/// Connected components, each in breadth-first order from its node of highest degree (ties to
/// the lowest position), so that branch and bound meets constrained nodes early.
fn components(g: &Signed) -> Vec<Vec<u32>> {
    let mut seen = vec![false; g.n];
    let mut placed = vec![false; g.n];
    let mut out = Vec::new();
    for start in 0..g.n {
        if seen[start] {
            continue;
        }
        // First collect the component, then restart the BFS from its best root.
        let mut members = vec![start as u32];
        seen[start] = true;
        let mut head = 0;
        while head < members.len() {
            let v = members[head] as usize;
            head += 1;
            for &(w, _) in &g.adjacency[v] {
                if !seen[w as usize] {
                    seen[w as usize] = true;
                    members.push(w);
                }
            }
        }
        let root = members
            .iter()
            .copied()
            .max_by_key(|&v| (g.adjacency[v as usize].len(), std::cmp::Reverse(v)))
            .unwrap_or(start as u32);
        let mut order = vec![root];
        placed[root as usize] = true;
        let mut head = 0;
        while head < order.len() {
            let v = order[head] as usize;
            head += 1;
            let mut next: Vec<u32> = g.adjacency[v]
                .iter()
                .map(|&(w, _)| w)
                .filter(|&w| !placed[w as usize])
                .collect();
            next.sort_by_key(|&w| (std::cmp::Reverse(g.adjacency[w as usize].len()), w));
            for w in next {
                if !placed[w as usize] {
                    placed[w as usize] = true;
                    order.push(w);
                }
            }
        }
        out.push(order);
    }
    out
}

/// How many groups [`count_in_lanes`] counts at once: one byte of a `u64` each.
const LANES: usize = 8;

/// Adds to `counts[g]` how many of `row`'s neighbours are in group `g` by a positive tie and by a
/// negative one, and returns how many ties are positive; every group below [`LANES`].
///
/// The neighbours are counted in the byte lanes of two registers, added to `counts` every 255
/// neighbours: counting each in `counts` itself made each count wait for the last one written
/// to the same group, and that was most of a bloc search's time.
fn count_in_lanes(row: &[(u32, bool)], group: &[u8], counts: &mut [(usize, usize)]) -> usize {
    let mut positives = 0;
    for chunk in row.chunks(255) {
        let (mut friends, mut foes) = (0u64, 0u64);
        for &(w, positive) in chunk {
            let g = u32::from(group[w as usize]);
            debug_assert!((g as usize) < LANES);
            let one = 1u64 << (8 * g);
            if positive {
                friends += one;
            } else {
                foes += one;
            }
        }
        for (g, c) in counts.iter_mut().enumerate().take(LANES) {
            let lane = |x: u64| ((x >> (8 * g)) & 0xff) as usize;
            c.0 += lane(friends);
            c.1 += lane(foes);
            positives += lane(friends);
        }
    }
    positives
}

/// One component relabelled `0..m`, with signed adjacency lists.
struct Local {
    adjacency: Vec<Vec<(u32, bool)>>,
    edges: usize,
}

impl Local {
    /// The component `members`, where `position[v]` is member v's place in `members` (every
    /// neighbour of a member is a member).
    fn new(g: &Signed, members: &[u32], position: &[u32]) -> Local {
        let adjacency: Vec<Vec<(u32, bool)>> = members
            .iter()
            .map(|&v| {
                g.adjacency[v as usize]
                    .iter()
                    .map(|&(w, e)| {
                        let positive = g.edges[e as usize].2 == Sign::Positive;
                        (position[w as usize], positive)
                    })
                    .collect()
            })
            .collect();
        let edges = adjacency.iter().map(Vec::len).sum::<usize>() / 2;
        Local { adjacency, edges }
    }

    /// How many ties `group` violates. Each tie is in the rows of both its ends: every row is
    /// counted whole and the total halved, without a branch on which end comes first (which
    /// went either way at random, and cost more than the counting).
    fn cost(&self, group: &[u8]) -> usize {
        let mut violated = 0;
        for (v, row) in self.adjacency.iter().enumerate() {
            let own = group[v];
            for &(w, positive) in row {
                violated += usize::from(positive != (own == group[w as usize]));
            }
        }
        violated / 2
    }

    fn solve(&self, k: usize, effort: &Effort) -> (Vec<u8>, bool) {
        let m = self.adjacency.len();
        if k == 1 {
            return (vec![0; m], true);
        }
        let (mut best, mut best_cost) = self.local_search(k, effort);
        let mut exact = best_cost == 0;
        if !exact && m <= effort.exact_limit {
            let budget = if k > 2 {
                effort.bloc_budget
            } else {
                effort.budget
            };
            let mut search = Search::new(self, k, best_cost, budget);
            search.deadline = effort.deadline;
            search.run(0);
            if let Some(found) = search.best_found {
                best = found;
                best_cost = search.best_cost;
            }
            exact = !search.exhausted;
        }
        debug_assert_eq!(self.cost(&best), best_cost);
        (canonical(&best), exact)
    }

    /// Moves single nodes to their cheapest group until none improves.
    fn descend(&self, k: usize, group: &mut [u8]) {
        let mut counts = vec![(0usize, 0usize); k];
        // A node's best group depends only on its neighbours' groups: one that stayed put stays
        // put until a neighbour moves, so only the nodes next to a move are looked at again
        // (the same moves as full passes, in a fraction of the time on large components).
        let mut dirty = vec![true; group.len()];
        loop {
            let mut moved = false;
            for v in 0..group.len() {
                if !dirty[v] {
                    continue;
                }
                dirty[v] = false;
                counts.iter_mut().for_each(|c| *c = (0, 0));
                let positives = if k <= LANES {
                    count_in_lanes(&self.adjacency[v], group, &mut counts)
                } else {
                    let mut positives = 0;
                    for &(w, positive) in &self.adjacency[v] {
                        let c = &mut counts[group[w as usize] as usize];
                        if positive {
                            c.0 += 1;
                            positives += 1;
                        } else {
                            c.1 += 1;
                        }
                    }
                    positives
                };
                let cost_in = |g: usize| positives - counts[g].0 + counts[g].1;
                let current = cost_in(group[v] as usize);
                let (best_g, best_c) = (0..k)
                    .map(|g| (g, cost_in(g)))
                    .min_by_key(|&(g, c)| (c, g))
                    .unwrap_or((0, current));
                if best_c < current {
                    group[v] = best_g as u8;
                    moved = true;
                    for &(w, _) in &self.adjacency[v] {
                        dirty[w as usize] = true;
                    }
                }
            }
            if !moved {
                return;
            }
        }
    }

    fn local_search(&self, k: usize, effort: &Effort) -> (Vec<u8>, usize) {
        let m = self.adjacency.len();
        let mut rng = rand_pcg::Pcg64::seed_from_u64(effort.seed);
        // Small components get many restarts (they are cheap and the exact search starts from
        // a better bound); large ones, where only the heuristic runs, fewer.
        let (restarts, kicks) = match (m, self.edges) {
            (_, e) if e > 100_000 => (2, 2),
            (m, _) if m > 200 => (4, 8),
            _ => (12, 30),
        };
        let mut best: Vec<u8> = vec![0; m];
        let mut best_cost = self.cost(&best);
        for restart in 0..restarts {
            let mut group: Vec<u8> = if restart == 0 {
                self.tree_split()
            } else {
                (0..m).map(|_| rng.random_range(0..k) as u8).collect()
            };
            self.descend(k, &mut group);
            let mut cost = self.cost(&group);
            for _ in 0..kicks {
                if effort.timed_out() {
                    break;
                }
                let mut trial = group.clone();
                let flips = (m / 10).max(1);
                for _ in 0..flips {
                    let v = rng.random_range(0..m);
                    trial[v] = rng.random_range(0..k) as u8;
                }
                self.descend(k, &mut trial);
                let c = self.cost(&trial);
                if c <= cost {
                    group = trial;
                    cost = c;
                }
            }
            if cost < best_cost {
                best = group;
                best_cost = cost;
            }
            if best_cost == 0 || effort.timed_out() {
                break;
            }
        }
        (best, best_cost)
    }

    /// Groups 0/1 from a breadth-first spanning tree, satisfying every tree edge.
    fn tree_split(&self) -> Vec<u8> {
        let m = self.adjacency.len();
        let mut group = vec![u8::MAX; m];
        group[0] = 0;
        let mut queue = vec![0usize];
        let mut head = 0;
        while head < queue.len() {
            let v = queue[head];
            head += 1;
            for &(w, positive) in &self.adjacency[v] {
                if group[w as usize] == u8::MAX {
                    group[w as usize] = if positive { group[v] } else { 1 - group[v] };
                    queue.push(w as usize);
                }
            }
        }
        group
    }
}

/// Relabels groups in order of first appearance (the component's root is group 0).
fn canonical(group: &[u8]) -> Vec<u8> {
    let mut map = [u8::MAX; 256];
    let mut next = 0u8;
    group
        .iter()
        .map(|&g| {
            if map[g as usize] == u8::MAX {
                map[g as usize] = next;
                next = next.saturating_add(1);
            }
            map[g as usize]
        })
        .collect()
}

/// Depth-first branch and bound over the nodes of one component in their breadth-first order.
struct Search<'a> {
    local: &'a Local,
    k: usize,
    group: Vec<u8>,
    /// `c[v * k + g]`: edges to assigned nodes violated if unassigned `v` joins group `g`.
    c: Vec<usize>,
    cost: usize,
    bound_rest: usize,
    used: usize,
    best_cost: usize,
    best_found: Option<Vec<u8>>,
    visited: u64,
    budget: u64,
    exhausted: bool,
    deadline: Option<std::time::Instant>,
}

const UNASSIGNED: u8 = u8::MAX;

impl<'a> Search<'a> {
    fn new(local: &'a Local, k: usize, incumbent: usize, budget: u64) -> Search<'a> {
        let m = local.adjacency.len();
        Search {
            local,
            k,
            group: vec![UNASSIGNED; m],
            c: vec![0; m * k],
            cost: 0,
            bound_rest: 0,
            used: 0,
            best_cost: incumbent,
            best_found: None,
            visited: 0,
            budget,
            exhausted: false,
            deadline: None,
        }
    }

    fn cheapest(&self, v: usize) -> usize {
        self.c[v * self.k..(v + 1) * self.k]
            .iter()
            .copied()
            .min()
            .unwrap_or(0)
    }

    /// Assigns `v` to `g`, updating the bound; returns what to undo.
    fn assign(&mut self, v: usize, g: usize) {
        self.cost += self.c[v * self.k + g];
        self.bound_rest -= self.cheapest(v);
        self.group[v] = g as u8;
        for &(w, positive) in &self.local.adjacency[v] {
            let w = w as usize;
            if self.group[w] != UNASSIGNED {
                continue;
            }
            let before = self.cheapest(w);
            if positive {
                for h in (0..self.k).filter(|&h| h != g) {
                    self.c[w * self.k + h] += 1;
                }
            } else {
                self.c[w * self.k + g] += 1;
            }
            self.bound_rest = self.bound_rest + self.cheapest(w) - before;
        }
    }

    fn unassign(&mut self, v: usize, g: usize) {
        for &(w, positive) in &self.local.adjacency[v] {
            let w = w as usize;
            if self.group[w] != UNASSIGNED {
                continue;
            }
            let before = self.cheapest(w);
            if positive {
                for h in (0..self.k).filter(|&h| h != g) {
                    self.c[w * self.k + h] -= 1;
                }
            } else {
                self.c[w * self.k + g] -= 1;
            }
            self.bound_rest = self.bound_rest + self.cheapest(w) - before;
        }
        self.group[v] = UNASSIGNED;
        self.bound_rest += self.cheapest(v);
        self.cost -= self.c[v * self.k + g];
    }

    fn run(&mut self, v: usize) {
        if self.exhausted {
            return;
        }
        self.visited += 1;
        if self.visited > self.budget {
            self.exhausted = true;
            return;
        }
        // Reading the clock costs; once every 4,096 nodes keeps it out of the search's time.
        if self.visited.is_multiple_of(4096)
            && self
                .deadline
                .is_some_and(|d| std::time::Instant::now() >= d)
        {
            self.exhausted = true;
            return;
        }
        if v == self.group.len() {
            if self.cost < self.best_cost {
                self.best_cost = self.cost;
                self.best_found = Some(self.group.clone());
            }
            return;
        }
        let open = (self.used + 1).min(self.k);
        // Cheapest groups first; a fixed array keeps allocation out of the search.
        let mut options = [(0usize, 0usize); MAX_GROUPS];
        for (g, slot) in options.iter_mut().enumerate().take(open) {
            *slot = (self.c[v * self.k + g], g);
        }
        options[..open].sort_unstable();
        for &(_, g) in &options[..open] {
            self.assign(v, g);
            let opened = g == self.used;
            if opened {
                self.used += 1;
            }
            if self.cost + self.bound_rest < self.best_cost {
                self.run(v + 1);
            }
            if opened {
                self.used -= 1;
            }
            self.unassign(v, g);
            if self.exhausted {
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Sign::{Negative as N, Positive as P};

    fn brute_force(g: &Signed, k: usize) -> usize {
        let n = g.n;
        let mut best = usize::MAX;
        let mut group = vec![0u8; n];
        let total = (k as u64).pow(n as u32);
        for code in 0..total {
            let mut c = code;
            for slot in group.iter_mut() {
                *slot = (c % k as u64) as u8;
                c /= k as u64;
            }
            best = best.min(cost_of(g, &group));
        }
        best
    }

    /// A random signed graph with random weights: `n` nodes, about `m` edges.
    fn random_signed(n: u32, m: usize, seed: u64) -> Signed {
        let mut rng = rand_pcg::Pcg64::seed_from_u64(seed);
        let pairs: std::collections::BTreeSet<(u32, u32)> = (0..m)
            .map(|_| (rng.random_range(0..n), rng.random_range(0..n)))
            .filter(|(a, b)| a != b)
            .map(|(a, b)| (a.min(b), a.max(b)))
            .collect();
        let edges = pairs
            .into_iter()
            .map(|(a, b)| {
                let sign = if rng.random_range(0..3) == 0 { N } else { P };
                (a, b, sign, rng.random_range(0.01..1.0))
            })
            .collect();
        Signed::weighted(n as usize, edges)
    }

    #[test]
    fn neighbours_counted_in_lanes_are_counted_one_by_one() {
        // Rows longer than a lane holds (255) and every number of groups the lanes take.
        let mut rng = rand_pcg::Pcg64::seed_from_u64(7);
        for k in 1..=LANES {
            for len in [0, 1, 254, 255, 256, 700] {
                let group: Vec<u8> = (0..1000).map(|_| rng.random_range(0..k) as u8).collect();
                let row: Vec<(u32, bool)> = (0..len)
                    .map(|_| (rng.random_range(0..1000), rng.random_bool(0.6)))
                    .collect();
                let mut expected = vec![(0, 0); k];
                for &(w, positive) in &row {
                    let c = &mut expected[group[w as usize] as usize];
                    if positive { c.0 += 1 } else { c.1 += 1 }
                }
                let mut counts = vec![(0, 0); k];
                let positives = count_in_lanes(&row, &group, &mut counts);
                assert_eq!(counts, expected, "k {k}, {len} neighbours");
                assert_eq!(positives, row.iter().filter(|t| t.1).count());
            }
        }
    }

    #[test]
    fn cost_counts_each_violated_tie_once() {
        for seed in 0..4 {
            let g = random_signed(120, 700, seed);
            let members: Vec<u32> = (0..g.n as u32).collect();
            let local = Local::new(&g, &members, &members);
            let mut rng = rand_pcg::Pcg64::seed_from_u64(seed);
            for k in [1, 2, 4] {
                let group: Vec<u8> = (0..g.n).map(|_| rng.random_range(0..k) as u8).collect();
                assert_eq!(local.cost(&group), cost_of(&g, &group), "seed {seed} k {k}");
            }
        }
    }

    #[test]
    fn descent_ends_where_no_single_move_helps() {
        // Descent looks again only at the nodes next to a move: it must still end where no node
        // has a cheaper group, as full passes over every node do.
        for seed in 0..6 {
            let g = random_signed(150, 900, seed);
            let members: Vec<u32> = (0..g.n as u32).collect();
            let position = members.clone();
            let local = Local::new(&g, &members, &position);
            let mut rng = rand_pcg::Pcg64::seed_from_u64(seed);
            // Up to 8 groups are counted in lanes, more one by one.
            for k in [2, 3, 5, 8, 9, 12] {
                let mut group: Vec<u8> = (0..g.n).map(|_| rng.random_range(0..k) as u8).collect();
                local.descend(k, &mut group);
                let cost = local.cost(&group);
                for v in 0..g.n {
                    for to in 0..k as u8 {
                        let mut moved = group.clone();
                        moved[v] = to;
                        assert!(local.cost(&moved) >= cost, "seed {seed} k {k} node {v}");
                    }
                }
            }
        }
    }

    #[test]
    fn partitions_end_where_no_single_move_lightens_them() {
        // The weight tie-break looks again only at the nodes next to a move (or at every node
        // when the number of groups open changes): its result must still be a local minimum,
        // no move lowering the count, nor the weight at an equal count.
        for seed in 0..4 {
            let g = random_signed(120, 700, seed);
            for k in [2, 3, 4] {
                let p = best_partition(&g, k, &Effort::default());
                let weight = weight_of(&g, &p.group);
                let opened = usize::from(*p.group.iter().max().unwrap_or(&0)) + 1;
                for v in (0..g.n).filter(|&v| !g.adjacency[v].is_empty()) {
                    for to in 0..(opened + 1).min(k) as u8 {
                        let mut moved = p.group.clone();
                        moved[v] = to;
                        let count = cost_of(&g, &moved);
                        assert!(count >= p.cost, "seed {seed} k {k} node {v}");
                        if count == p.cost {
                            let lighter = weight_of(&g, &moved);
                            assert!(lighter > weight - 1e-6, "seed {seed} k {k} node {v}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn three_mutual_enemies_need_three_groups() {
        let g = Signed::new(3, vec![(0, 1, N), (1, 2, N), (0, 2, N)]);
        let effort = Effort::default();
        assert_eq!(best_partition(&g, 1, &effort).cost, 3);
        assert_eq!(best_partition(&g, 2, &effort).cost, 1);
        let p = best_partition(&g, 3, &effort);
        assert_eq!((p.cost, p.exact), (0, true));
        assert_eq!(p.group, vec![0, 1, 2]);
    }

    #[test]
    fn branch_and_bound_matches_brute_force_on_a_wheel() {
        // A wheel of 7 with alternating signs: small enough to enumerate 3^8 partitions.
        let mut edges = Vec::new();
        for i in 1..8u32 {
            edges.push((0, i, if i % 3 == 0 { N } else { P }));
            let j = if i == 7 { 1 } else { i + 1 };
            edges.push((i.min(j), i.max(j), if i % 2 == 0 { N } else { P }));
        }
        let g = Signed::new(8, edges);
        for k in 1..=3 {
            let no_heuristic_luck = Effort {
                exact_limit: 64,
                budget: u64::MAX,
                bloc_budget: u64::MAX,
                seed: 7,
                deadline: None,
            };
            let p = best_partition(&g, k, &no_heuristic_luck);
            assert!(p.exact);
            assert_eq!(p.cost, brute_force(&g, k), "k = {k}");
        }
    }
}
