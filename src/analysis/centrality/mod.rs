//! Centralities of actors: degree and strength, PageRank, betweenness, closeness and eigenvector
//! centrality, defined so that on a graph whose weights are all 1 they equal NetworkX's defaults.
//!
//! Betweenness, closeness and eigenvector centrality read the undirected view (ties are channels
//! whichever side started them); PageRank reads the directed view, where a mutual tie is an arc
//! each way. Path lengths are 1/|w| (a strong tie is a short path). See `docs/metrics.md`.

use petgraph::graph::UnGraph;

use super::view::View;

mod betweenness;
mod closeness;
mod eigenvector;
mod pagerank;
mod shortest_paths;
mod strength;

pub use betweenness::{PathLengths, betweenness, length_graph, path_graph};
pub use closeness::{closeness, closeness_estimate};
pub use eigenvector::eigenvector;
pub use pagerank::{DAMPING, PageRank, pagerank};
pub use shortest_paths::{
    SAMPLE_SEED, ShortestPaths, Sources, shortest_path_betweenness, shortest_paths,
};
pub(crate) use shortest_paths::{Wanted, searches};
pub use strength::{Strength, strengths};

/// How far PageRank and eigenvector centrality iterate: until the L1 change of the whole score
/// vector in one iteration is below this. NetworkX's default stops at n·10⁻⁶, which leaves
/// scores a few 10⁻⁶ from the exact eigenvector; at 10⁻¹² they agree with it to about 10⁻¹¹.
pub const CONVERGENCE: f64 = 1e-12;

/// The most iterations PageRank and eigenvector centrality run before giving up.
pub const MAX_ITERATIONS: usize = 10_000;

/// PageRank of the view's directed graph with damping [`DAMPING`], iterated to [`CONVERGENCE`].
pub fn pagerank_scores(view: &View) -> Vec<f64> {
    let n = view.node_count().max(1) as f64;
    // `pagerank` stops at n·tol, NetworkX's rule; n·(C/n) is a total change of C.
    pagerank(&view.directed, DAMPING, CONVERGENCE / n, MAX_ITERATIONS).scores
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

#[cfg(test)]
mod tests;
