//! Eigenvector centrality of the undirected view.

use rayon::prelude::*;

use super::super::view::View;
use super::{CONVERGENCE, MAX_ITERATIONS};

/// Eigenvector centrality of the undirected view with edge weights |w|, unit Euclidean norm.
///
/// The power iteration of NetworkX's `eigenvector_centrality` (x ← (A + I)x from the all-ones
/// vector, normalised; rustworkx-core's `eigenvector_centrality` iterates the same), run on the
/// view's compressed rows until the L1 change of the vector is below [`CONVERGENCE`] (10⁻¹²,
/// where NetworkX stops at n·10⁻⁶). Returns `None` when it does not converge within
/// [`MAX_ITERATIONS`] iterations. A pair whose weights are all 0 adds nothing, as if it were
/// absent.
///
/// # Complexity
/// O(V + E) per iteration, split across threads by node; the result does not depend on the
/// number of threads.
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
    let graph = &view.undirected;
    let n = graph.len();
    // NetworkX's rule stops at n·tol; n·(C/n) is a total change of C.
    let tol = CONVERGENCE / n.max(1) as f64;
    let mut x = vec![1.0; n];
    let mut last = vec![0.0; n];
    for _ in 0..MAX_ITERATIONS {
        std::mem::swap(&mut x, &mut last);
        // Each node gathers from its row (the view is symmetric, so a row lists the node's
        // neighbours either way), so nodes split across threads without sharing a write and
        // every sum is taken in the row's fixed order, whatever the number of threads.
        x.par_chunks_mut(CHUNK).enumerate().for_each(|(c, chunk)| {
            for (j, slot) in chunk.iter_mut().enumerate() {
                let v = c * CHUNK + j;
                let (neighbours, weights) = graph.row(v);
                let mut sum = last[v];
                for (&u, &w) in neighbours.iter().zip(weights) {
                    sum += last[u as usize] * w;
                }
                *slot = sum;
            }
        });
        let norm = x.iter().map(|v| v * v).sum::<f64>().sqrt();
        if norm == 0.0 {
            return None;
        }
        x.iter_mut().for_each(|v| *v /= norm);
        let change: f64 = x.iter().zip(&last).map(|(a, b)| (a - b).abs()).sum();
        if change < n as f64 * tol {
            return Some(x);
        }
    }
    None
}

/// Nodes per parallel task of an iteration.
const CHUNK: usize = 4096;

#[cfg(test)]
mod tests {
    use std::convert::Infallible;

    use rustworkx_core::centrality::eigenvector_centrality;

    use super::*;
    use crate::analysis::centrality::magnitude_graph;
    use crate::snapshot::Snapshot;

    #[test]
    fn the_same_iteration_as_rustworkx() {
        // A generated graph with parallel, directed and person ties, several weights per pair:
        // the gathering iteration must land where rustworkx-core's scattering one does.
        let model = crate::generate::generate(&crate::generate::Spec::sized(300, 4000, 2));
        let view = View::of(&Snapshot::at(&model, "2010".parse().expect("a valid date")));
        let ours = eigenvector(&view).expect("converges");
        let tol = CONVERGENCE / view.node_count() as f64;
        let g = magnitude_graph(&view);
        let theirs: Result<Option<Vec<f64>>, Infallible> =
            eigenvector_centrality(&g, |e| Ok(*e.weight()), Some(MAX_ITERATIONS), Some(tol));
        let theirs = theirs.ok().flatten().expect("converges");
        assert_eq!(ours.len(), theirs.len());
        for (a, b) in ours.iter().zip(&theirs) {
            assert!((a - b).abs() < 1e-12, "{a} {b}");
        }
        assert!(ours.iter().any(|&x| x > 0.01));
    }
}
