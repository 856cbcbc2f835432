//! Betweenness of the actors of a view, with path lengths 1/|w| or hop counts.

use super::super::view::{Csr, View};
use super::shortest_paths::{Sources, shortest_path_betweenness};

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
