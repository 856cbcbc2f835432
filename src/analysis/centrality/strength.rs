//! Degree and strengths: the simplest centralities, read off the view.

use super::super::view::View;

/// Degree and strengths of every actor.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Strength {
    /// Distinct actors this one has at least one tie with.
    pub degree: usize,
    /// Ties at the actor, parallel ties counted separately.
    pub ties: usize,
    /// Σw over its ties, in the file's scale.
    pub strength: f64,
    /// Σ of its positive weights.
    pub positive: f64,
    /// Σ of its negative weights (≤ 0).
    pub negative: f64,
}

/// Degree and strengths of every actor of `view`.
///
/// # Complexity
/// O(V).
pub fn strengths(view: &View) -> Vec<Strength> {
    (0..view.node_count())
        .map(|i| {
            let sums = view.tie_sums[i];
            Strength {
                degree: view.undirected.row(i).0.len(),
                ties: sums.ties,
                strength: sums.strength,
                positive: sums.positive,
                negative: sums.negative,
            }
        })
        .collect()
}
