//! Closeness of the actors of a view, with path lengths 1/|w|.

use petgraph::visit::EdgeRef;
use rustworkx_core::centrality::newman_weighted_closeness_centrality;

use super::super::view::View;
use super::length_graph;
use super::magnitude_graph;
use super::shortest_paths::{Sources, Wanted, searches};

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

/// Closeness with path lengths 1/|w| estimated from sampled sources (Eppstein–Wang), or exact
/// from every source, by the searches of [`shortest_paths`](super::shortest_paths()).
///
/// With [`Sources::Sample`], k actors are drawn as for betweenness (uniformly, without
/// replacement, from the seed) and searched from. A sampled actor's closeness is exact (its own
/// search gives D(u) and r). Any other actor u, in a component of r actors, has its total
/// distance estimated from the sources s in that component, D̂(u) = (r − 1) · mean d(s, u), and
/// C(u) = (r − 1)/D̂(u) · (r − 1)/(n − 1) as in [`closeness`]. A component of two actors or more
/// that holds no sampled actor is searched from its first actor as well, so every actor with a
/// tie gets an estimate. With k ≥ n every actor is a source and the values are exact.
///
/// # Complexity
/// O(k·(E + V log V)) for k sources (plus one search per component without a sampled actor,
/// O(V + E) together), split across threads in fixed chunks: the result does not depend on the
/// number of threads.
///
/// # Example
/// ```
/// # use detente::analysis::{centrality, view::View};
/// let model = detente::load::load_str("detente: 1\nactors:\n  A: {name: A, kind: state}\n  \
///     B: {name: B, kind: state}\n  C: {name: C, kind: state}\nrelations:\n  \
///     - {between: [A, B], series: [{date: 2020, weight: 1}]}\n  \
///     - {between: [B, C], series: [{date: 2020, weight: 1}]}\n", "x.yaml").unwrap();
/// let view = View::of(&detente::snapshot::Snapshot::at(&model, "2021".parse().unwrap()));
/// let every = centrality::Sources::Sample { k: 3, seed: centrality::SAMPLE_SEED };
/// assert_eq!(centrality::closeness_estimate(&view, every), centrality::closeness(&view));
/// ```
///
/// # Reference
/// D. Eppstein, J. Wang, "Fast approximation of centrality", *Journal of Graph Algorithms and
/// Applications* 8 (2004) 39–45.
pub fn closeness_estimate(view: &View, sources: Sources) -> Vec<f64> {
    let closeness = Wanted {
        betweenness: false,
        closeness: true,
    };
    searches(&length_graph(view), sources, closeness).closeness
}
