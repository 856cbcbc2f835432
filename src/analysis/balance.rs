//! Structural balance of the signed view: the triangle census by sign, the unbalanced
//! triangles, balance in the Cartwright–Harary sense and weak balance (clusterability).

use petgraph::unionfind::UnionFind;

use super::view::{Sign, Signed};

/// Triangles counted by how many of their three edges are negative.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Census {
    /// No negative edge: balanced ("the friend of my friend is my friend").
    #[serde(rename = "+++")]
    pub ppp: u64,
    /// One negative edge: unbalanced.
    #[serde(rename = "++-")]
    pub ppm: u64,
    /// Two negative edges: balanced ("the enemy of my enemy is my friend").
    #[serde(rename = "+--")]
    pub pmm: u64,
    /// Three negative edges: unbalanced in Heider's sense, allowed by weak balance.
    #[serde(rename = "---")]
    pub mmm: u64,
}

impl Census {
    /// All triangles.
    pub fn triangles(&self) -> u64 {
        self.ppp + self.ppm + self.pmm + self.mmm
    }

    /// Triangles with an even number of negative edges.
    pub fn balanced(&self) -> u64 {
        self.ppp + self.pmm
    }

    /// balanced / triangles, or `None` without triangles.
    pub fn ratio(&self) -> Option<f64> {
        let t = self.triangles();
        (t > 0).then(|| self.balanced() as f64 / t as f64)
    }

    fn add(&mut self, negatives: usize) {
        match negatives {
            0 => self.ppp += 1,
            1 => self.ppm += 1,
            2 => self.pmm += 1,
            _ => self.mmm += 1,
        }
    }
}

/// Forward adjacency for triangle listing: each edge stored once, from the endpoint of lower
/// (degree, position) rank to the higher, rows sorted by target.
struct Oriented {
    offsets: Vec<usize>,
    targets: Vec<u32>,
    negative: Vec<bool>,
}

impl Oriented {
    fn new(g: &Signed) -> Oriented {
        let rank = |v: u32| (g.adjacency[v as usize].len(), v);
        let mut arcs: Vec<(u32, u32, bool)> = g
            .edges
            .iter()
            .map(|&(a, b, s)| {
                let neg = s == Sign::Negative;
                if rank(a) < rank(b) {
                    (a, b, neg)
                } else {
                    (b, a, neg)
                }
            })
            .collect();
        arcs.sort_unstable();
        let mut offsets = vec![0usize; g.n + 1];
        for &(a, _, _) in &arcs {
            offsets[a as usize + 1] += 1;
        }
        for i in 0..g.n {
            offsets[i + 1] += offsets[i];
        }
        Oriented {
            offsets,
            targets: arcs.iter().map(|a| a.1).collect(),
            negative: arcs.iter().map(|a| a.2).collect(),
        }
    }
}

/// Calls `f(u, v, w, negatives)` once for every triangle of `g` (nodes in ascending order) with
/// the number of its negative edges.
///
/// # Complexity
/// O(E^1.5) with the degree ordering of Chiba & Nishizeki (1985); O(V) extra memory.
pub fn for_each_triangle(g: &Signed, mut f: impl FnMut(u32, u32, u32, usize)) {
    let o = Oriented::new(g);
    // mark[w] = 1 + (u–w negative) for the forward neighbours w of the current u, 0 otherwise.
    let mut mark = vec![0u8; g.n];
    for u in 0..g.n {
        let (start, end) = (o.offsets[u], o.offsets[u + 1]);
        for i in start..end {
            mark[o.targets[i] as usize] = 1 + u8::from(o.negative[i]);
        }
        for i in start..end {
            let v = o.targets[i] as usize;
            let uv = usize::from(o.negative[i]);
            for j in o.offsets[v]..o.offsets[v + 1] {
                let w = o.targets[j] as usize;
                let m = mark[w];
                if m != 0 {
                    let negatives = uv + usize::from(o.negative[j]) + usize::from(m == 2);
                    let mut t = [u as u32, v as u32, w as u32];
                    t.sort_unstable();
                    f(t[0], t[1], t[2], negatives);
                }
            }
        }
        for i in start..end {
            mark[o.targets[i] as usize] = 0;
        }
    }
}

/// The signed triangle census of `g`.
///
/// Counts every triangle of the signed graph by its number of negative edges. A triangle is
/// balanced when that number is even (Cartwright & Harary 1956).
///
/// # Complexity
/// O(E^1.5) time, O(V + E) memory.
///
/// # Example
/// ```
/// use detente::analysis::balance::census;
/// use detente::analysis::view::{Sign, Signed};
/// let g = Signed::new(3, vec![(0, 1, Sign::Positive), (1, 2, Sign::Positive), (0, 2, Sign::Negative)]);
/// let c = census(&g);
/// assert_eq!((c.ppp, c.ppm, c.pmm, c.mmm), (0, 1, 0, 0));
/// assert_eq!(c.ratio(), Some(0.0));
/// ```
///
/// # Reference
/// F. Heider, "Attitudes and cognitive organization", *J. Psychology* 21 (1946) 107–112;
/// D. Cartwright, F. Harary, "Structural balance: a generalization of Heider's theory",
/// *Psychological Review* 63 (1956) 277–293.
pub fn census(g: &Signed) -> Census {
    let mut census = Census::default();
    for_each_triangle(g, |_, _, _, negatives| census.add(negatives));
    census
}

/// The unbalanced triangles of `g` (an odd number of negative edges), as sorted node triples in
/// ascending order.
///
/// # Complexity
/// O(E^1.5 + T log T) for T unbalanced triangles.
pub fn unbalanced_triangles(g: &Signed) -> Vec<[u32; 3]> {
    census_and_unbalanced(g).1
}

/// [`census`] and [`unbalanced_triangles`] from one listing of the triangles.
///
/// # Complexity
/// O(E^1.5 + T log T) for T unbalanced triangles.
pub fn census_and_unbalanced(g: &Signed) -> (Census, Vec<[u32; 3]>) {
    let mut census = Census::default();
    let mut list = Vec::new();
    for_each_triangle(g, |u, v, w, negatives| {
        census.add(negatives);
        if negatives % 2 == 1 {
            list.push([u, v, w]);
        }
    });
    list.sort_unstable();
    (census, list)
}

/// A two-group split that satisfies every edge (positive inside, negative across), if one
/// exists: `Some(side)` exactly when `g` is balanced in the Cartwright–Harary sense.
///
/// # Complexity
/// O(V + E), by breadth-first 2-colouring.
///
/// # Reference
/// F. Harary, "On the notion of balance of a signed graph", *Michigan Math. J.* 2 (1953) 143–146.
pub fn balanced_split(g: &Signed) -> Option<Vec<bool>> {
    let mut side: Vec<Option<bool>> = vec![None; g.n];
    let mut queue = std::collections::VecDeque::new();
    for start in 0..g.n {
        if side[start].is_some() {
            continue;
        }
        side[start] = Some(false);
        queue.push_back(start);
        while let Some(v) = queue.pop_front() {
            let sv = side[v].unwrap_or(false);
            for &(w, e) in &g.adjacency[v] {
                let want = if g.edges[e as usize].2 == Sign::Positive {
                    sv
                } else {
                    !sv
                };
                match side[w as usize] {
                    None => {
                        side[w as usize] = Some(want);
                        queue.push_back(w as usize);
                    }
                    Some(s) if s != want => return None,
                    Some(_) => {}
                }
            }
        }
    }
    Some(side.into_iter().map(|s| s.unwrap_or(false)).collect())
}

/// Whether `g` is weakly balanced (clusterable): its nodes split into any number of groups with
/// every positive edge inside a group and every negative edge between groups. Equivalently, no
/// cycle has exactly one negative edge.
///
/// # Complexity
/// O(E α(V)), with union–find over the positive edges.
///
/// # Example
/// ```
/// use detente::analysis::balance::weakly_balanced;
/// use detente::analysis::view::{Sign, Signed};
/// // Three mutual enemies: not balanced, but clusterable into three groups.
/// let g = Signed::new(3, vec![(0, 1, Sign::Negative), (1, 2, Sign::Negative), (0, 2, Sign::Negative)]);
/// assert!(weakly_balanced(&g));
/// ```
///
/// # Reference
/// J. A. Davis, "Clustering and structural balance in graphs", *Human Relations* 20 (1967)
/// 181–187.
pub fn weakly_balanced(g: &Signed) -> bool {
    let mut uf = UnionFind::<u32>::new(g.n);
    for &(a, b, s) in &g.edges {
        if s == Sign::Positive {
            uf.union(a, b);
        }
    }
    g.edges
        .iter()
        .all(|&(a, b, s)| s == Sign::Positive || !uf.equiv(a, b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use Sign::{Negative as N, Positive as P};

    #[test]
    fn census_of_k4_by_hand() {
        // K4 with one negative edge 0–1: triangles 012 and 013 have one negative, 023 and 123
        // none.
        let g = Signed::new(
            4,
            vec![
                (0, 1, N),
                (0, 2, P),
                (0, 3, P),
                (1, 2, P),
                (1, 3, P),
                (2, 3, P),
            ],
        );
        let c = census(&g);
        assert_eq!((c.ppp, c.ppm, c.pmm, c.mmm), (2, 2, 0, 0));
        assert_eq!(unbalanced_triangles(&g), vec![[0, 1, 2], [0, 1, 3]]);
        assert!(balanced_split(&g).is_none());
        assert!(!weakly_balanced(&g));
    }

    #[test]
    fn two_hostile_camps_are_balanced() {
        let g = Signed::new(
            4,
            vec![(0, 1, P), (2, 3, P), (0, 2, N), (1, 3, N), (0, 3, N)],
        );
        let side = balanced_split(&g).unwrap();
        assert_eq!(side, vec![false, false, true, true]);
        assert!(weakly_balanced(&g));
        assert_eq!(census(&g).pmm, 2);
    }

    #[test]
    fn a_square_with_one_negative_edge_has_no_triangle_but_is_unbalanced() {
        let g = Signed::new(4, vec![(0, 1, P), (1, 2, P), (2, 3, P), (0, 3, N)]);
        assert_eq!(census(&g).triangles(), 0);
        assert!(balanced_split(&g).is_none());
        assert!(!weakly_balanced(&g));
    }
}
