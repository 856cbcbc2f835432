//! Closeness of the actors of a view, with path lengths 1/|w|.

use petgraph::visit::EdgeRef;
use rustworkx_core::centrality::newman_weighted_closeness_centrality;

use super::super::view::View;
use super::magnitude_graph;

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
