//! Connected components of the snapshot: over every tie, and over positive ties only.

use petgraph::unionfind::UnionFind;

use super::view::{Sign, View};

/// The groups of node positions connected by the chosen ties, each sorted, largest first (then
/// by first member). Every node is in exactly one group; isolated nodes are groups of one.
///
/// # Complexity
/// O(V + E α(V) + V log V).
///
/// # Example
/// ```
/// # use detente::analysis::{components::components, view::View};
/// let model = detente::load::load_str("detente: 1\nactors:\n  A: {name: A, kind: state}\n  \
///     B: {name: B, kind: state}\n  C: {name: C, kind: state}\nrelations:\n  \
///     - {between: [A, B], series: [{date: 2020, weight: -0.5}]}\n", "x.yaml").unwrap();
/// let view = View::of(&detente::snapshot::Snapshot::at(&model, "2021".parse().unwrap()));
/// assert_eq!(components(&view, false), vec![vec![0, 1], vec![2]]);
/// assert_eq!(components(&view, true), vec![vec![0], vec![1], vec![2]]);
/// ```
///
/// # Reference
/// R. E. Tarjan, "Efficiency of a good but not linear set union algorithm", *J. ACM* 22 (1975)
/// 215–225 (union–find, as in `petgraph::unionfind`).
pub fn components(view: &View, positive_only: bool) -> Vec<Vec<u32>> {
    let n = view.node_count();
    let mut uf = UnionFind::<u32>::new(n);
    for p in &view.pairs {
        if !positive_only || p.sign() == Some(Sign::Positive) {
            uf.union(p.a, p.b);
        }
    }
    let labels = uf.into_labeling();
    let mut groups: std::collections::BTreeMap<u32, Vec<u32>> = std::collections::BTreeMap::new();
    for (v, &root) in labels.iter().enumerate() {
        groups.entry(root).or_default().push(v as u32);
    }
    let mut out: Vec<Vec<u32>> = groups.into_values().collect();
    out.sort_by(|a, b| b.len().cmp(&a.len()).then(a[0].cmp(&b[0])));
    out
}
