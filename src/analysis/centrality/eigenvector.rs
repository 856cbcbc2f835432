//! Eigenvector centrality of the undirected view.

use std::convert::Infallible;

use rustworkx_core::centrality::eigenvector_centrality;

use super::super::view::View;
use super::{CONVERGENCE, MAX_ITERATIONS, magnitude_graph};

/// Eigenvector centrality of the undirected view with edge weights |w|, unit Euclidean norm.
///
/// The power iteration of NetworkX's `eigenvector_centrality` (x ← (A + I)x, normalised),
/// computed by `rustworkx_core::centrality::eigenvector_centrality`, run until the L1 change of
/// the vector is below [`CONVERGENCE`] (10⁻¹², where NetworkX stops at n·10⁻⁶). Returns `None`
/// when it does not converge within [`MAX_ITERATIONS`] iterations.
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
    // rustworkx stops at n·tol, NetworkX's rule; n·(C/n) is a total change of C.
    let tol = CONVERGENCE / view.node_count().max(1) as f64;
    let result: Result<Option<Vec<f64>>, Infallible> =
        eigenvector_centrality(&g, |e| Ok(*e.weight()), Some(MAX_ITERATIONS), Some(tol));
    result.ok().flatten()
}
