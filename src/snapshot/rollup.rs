//! State level: a snapshot in which persons' and member collectives' ties are rolled up into the
//! ties of the top-level collectives (states, organisations, groups) they belong to on the
//! snapshot's date.
//!
//! Each tie's ends are replaced by their top-level containers: a person placed by a post goes to
//! the collective of that post, a collective that is `part_of` another on the date goes to that
//! one, and so on up (a person in the IRGC, the IRGC part of Iran: Iran). Collectives part of
//! nothing, and persons without a post, stay themselves. Ties whose two ends land in the same
//! container disappear (a person's tie to their own state). The ties that land on one key (ends,
//! kind, direction) are combined by an [`Aggregation`]. Placed persons and member collectives are
//! not nodes of the rolled-up snapshot.

use std::collections::BTreeMap;

use petgraph::graph::NodeIndex;

use super::{ActorNode, Snapshot, Tie};
use crate::model::RelationKey;

/// How the ties that land on one state-level key are combined.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Aggregation {
    /// The arithmetic mean of the weights (the default): every contact counts equally.
    #[default]
    Mean,
    /// The sum of the weights, clamped to the scale: many contacts make a stronger tie.
    Sum,
    /// The weight of largest magnitude (on a tie of magnitudes, the more hostile one).
    Strongest,
}

impl Aggregation {
    /// The rule's name, as output and documentation write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Aggregation::Mean => "mean",
            Aggregation::Sum => "sum",
            Aggregation::Strongest => "strongest",
        }
    }

    /// The weights of the ties that land on one key, combined, in a scale from `min` to `max`.
    pub(crate) fn combine(self, weights: &[f64], min: f64, max: f64) -> f64 {
        match self {
            Aggregation::Mean => weights.iter().sum::<f64>() / weights.len() as f64,
            Aggregation::Sum => weights.iter().sum::<f64>().clamp(min, max),
            Aggregation::Strongest => weights.iter().copied().fold(0.0_f64, |best, w| {
                if w.abs() > best.abs() || (w.abs() == best.abs() && w < best) {
                    w
                } else {
                    best
                }
            }),
        }
    }
}

impl Snapshot {
    /// This snapshot with persons' ties rolled up into their states' ties (see the module docs).
    ///
    /// Runs in O(V·d·log V + E log E), for chains of at most d homes.
    ///
    /// ```
    /// use detente::model::RelationKey;
    /// use detente::snapshot::{Aggregation, Snapshot};
    /// let model = detente::load::load_str(
    ///     "detente: 1
    /// actors:
    ///   A: {name: A, kind: state}
    ///   B: {name: B, kind: state}
    ///   a1: {name: a1, kind: person, posts: [{title: envoy, of: A}]}
    /// relations:
    ///   - between: [A, B]
    ///     series: [{date: 2020, weight: 0.8}]
    ///   - between: [a1, B]
    ///     series: [{date: 2020, weight: -0.4}]
    /// ",
    ///     "example.yaml",
    /// ).unwrap();
    /// let states = Snapshot::at(&model, "2021".parse().unwrap()).rolled_up(Aggregation::Mean);
    /// let w = states.weight(&RelationKey::mutual("A", "B", "relation")).unwrap();
    /// assert!((w - 0.2).abs() < 1e-12);
    /// assert!(states.node("a1").is_none());
    /// ```
    pub fn rolled_up(&self, aggregation: Aggregation) -> Snapshot {
        fn home(node: &ActorNode) -> Option<&str> {
            match &node.placement {
                Some(p) => Some(p.of.as_str()),
                None => node.part_of.as_deref(),
            }
        }
        // Up the chain of homes to the top. A valid model has no cycle of memberships; the
        // bound keeps a graph built in code from looping all the same.
        let mut into = vec![None; self.graph.node_count()];
        for (v, node) in self.graph.node_indices().zip(self.graph.node_weights()) {
            let (mut top, mut at) = (v, node);
            for _ in 0..self.graph.node_count() {
                let Some(next) = home(at).and_then(|of| self.node(of)) else {
                    break;
                };
                at = &self.graph[next];
                top = next;
            }
            into[v.index()] = Some(top);
        }
        // The containers are the actors that belong to nothing drawn.
        let kept = |node: &ActorNode| home(node).is_none_or(|of| self.node(of).is_none());
        // A combined weight is computed: kept to 12 significant digits like any other.
        self.merged_into(&into, kept, |weights| {
            crate::model::round12(aggregation.combine(weights, self.scale.min, self.scale.max))
        })
    }

    /// This snapshot with each node `v` replaced by the node `into[v]`: the nodes that `kept`
    /// keeps (in id order), and the ties between the nodes they land on, those that land on
    /// one key (ends, kind, direction) combined by `combine` (their weights in key order). A tie
    /// whose ends land on one node, or on a node not kept, or with no `into`, is left out.
    ///
    /// Runs in O(V log V + E log E), every tie ranked by numbers: its new ends' places and its
    /// kind's rank, never its names (a million ties rolled up compared and copied ids).
    pub(crate) fn merged_into(
        &self,
        into: &[Option<NodeIndex>],
        kept: impl Fn(&ActorNode) -> bool,
        combine: impl Fn(&[f64]) -> f64,
    ) -> Snapshot {
        let mut graph = petgraph::Graph::new();
        // Each kept node's new node, by old node; new nodes are numbered in id order, so that
        // their numbers order as their ids do.
        let mut new_of: Vec<Option<NodeIndex>> = vec![None; self.graph.node_count()];
        let mut index = BTreeMap::new();
        for (id, &v) in &self.index {
            let node = &self.graph[v];
            if kept(node) {
                let n = graph.add_node(node.clone());
                new_of[v.index()] = Some(n);
                index.insert(id.clone(), n);
            }
        }
        let land = |v: NodeIndex| {
            into.get(v.index())
                .copied()
                .flatten()
                .and_then(|t| new_of[t.index()])
        };
        let (ties, kinds) = self.tie_edges_and_kinds();
        // Each tie's new key as numbers (ends, kind's rank, direction: ordered as the keys
        // are), in key order, so that a stable sort keeps each key's weights in that order.
        let mut landed: Vec<(Landed, &Tie)> = ties
            .into_iter()
            .filter_map(|(a, b, tie)| {
                let (a, b) = (land(a)?, land(b)?);
                if a == b {
                    return None;
                }
                let directed = tie.key.directed;
                let (a, b) = if directed {
                    (a, b)
                } else {
                    (a.min(b), a.max(b))
                };
                let kind = kinds
                    .binary_search(&tie.key.kind.as_str())
                    .unwrap_or(usize::MAX);
                Some(((a, b, kind, directed), tie))
            })
            .collect();
        landed.sort_by_key(|(key, _)| *key);
        let mut weights = Vec::new();
        for run in landed.chunk_by(|x, y| x.0 == y.0) {
            let ((a, b, _, directed), tie) = run[0];
            weights.clear();
            weights.extend(run.iter().map(|(_, t)| t.weight));
            let key = RelationKey {
                from: graph[a].id.clone(),
                to: graph[b].id.clone(),
                kind: tie.key.kind.clone(),
                directed,
            };
            let weight = combine(&weights);
            graph.add_edge(a, b, Tie::new(key, weight));
        }
        Snapshot {
            date: self.date,
            scale: self.scale,
            title: self.title.clone(),
            graph,
            index,
            kinds: self.kinds.clone(),
        }
    }
}

/// A tie's key after a merge, as numbers ordered as the keys are: its ends' new nodes (numbered
/// in id order), its kind's rank and whether it is directed.
type Landed = (NodeIndex, NodeIndex, usize, bool);

#[cfg(test)]
mod tests {
    use super::*;

    /// The roll-up as first written: each tie's ends' containers found by name, and the ties
    /// grouped in a map keyed by their new keys.
    fn rolled_up_by_names(s: &Snapshot, aggregation: Aggregation) -> Vec<(RelationKey, f64)> {
        let home = |node: &ActorNode| match &node.placement {
            Some(p) => Some(p.of.to_string()),
            None => node.part_of.as_ref().map(|p| p.to_string()),
        };
        let container = |node: &ActorNode| {
            let mut at = node;
            while let Some(next) = home(at).and_then(|of| s.node(&of)) {
                at = &s.graph[next];
            }
            at.id.to_string()
        };
        let mut grouped: BTreeMap<RelationKey, Vec<f64>> = BTreeMap::new();
        for (a, b, tie) in s.ties() {
            let (ca, cb) = (container(a), container(b));
            if ca != cb {
                let key = if tie.key.directed {
                    RelationKey::directed(&ca, &cb, &tie.key.kind)
                } else {
                    RelationKey::mutual(&ca, &cb, &tie.key.kind)
                };
                grouped.entry(key).or_default().push(tie.weight);
            }
        }
        let (min, max) = (s.scale.min, s.scale.max);
        (grouped.into_iter())
            .map(|(k, w)| (k, crate::model::round12(aggregation.combine(&w, min, max))))
            .collect()
    }

    #[test]
    fn ties_roll_up_as_grouping_them_by_name_does() {
        // A generated graph has persons with posts in states, ties of several kinds, mutual and
        // directed, many of them landing on one state-level key.
        let g = crate::generate::generate(&crate::generate::Spec::sized(800, 12_000, 3));
        let s = Snapshot::at(&g, "2010-06-01".parse().unwrap());
        let placed = s.actors().filter(|a| a.placement.is_some()).count();
        assert!(placed >= 20, "{placed} persons placed");
        for aggregation in [Aggregation::Mean, Aggregation::Sum, Aggregation::Strongest] {
            let up = s.rolled_up(aggregation);
            let expected = rolled_up_by_names(&s, aggregation);
            // Some keys combine several ties.
            assert!(expected.len() < s.graph.edge_count());
            let got: Vec<(RelationKey, f64)> = (up.graph.edge_weights())
                .map(|t| (t.key.clone(), t.weight))
                .collect();
            // Added in key order, with the same weights.
            assert_eq!(got, expected, "{aggregation:?}");
            // Each tie joins the nodes its key names, and the nodes are the containers.
            for e in up.graph.edge_indices() {
                let (a, b) = up.graph.edge_endpoints(e).unwrap();
                assert_eq!(
                    (&up.graph[a].id, &up.graph[b].id),
                    (&up.graph[e].key.from, &up.graph[e].key.to)
                );
            }
            assert!(up.actors().all(|a| a.placement.is_none()));
            assert_eq!(up.graph.node_count(), up.index.len());
            assert!(up.index.iter().all(|(id, &n)| &up.graph[n].id == id));
        }
    }

    #[test]
    fn aggregations_combine_as_documented() {
        let w = [0.5, -0.9, 0.8];
        assert!((Aggregation::Mean.combine(&w, -1.0, 1.0) - 0.4 / 3.0).abs() < 1e-12);
        assert_eq!(Aggregation::Sum.combine(&[0.7, 0.6], -1.0, 1.0), 1.0);
        assert_eq!(Aggregation::Strongest.combine(&w, -1.0, 1.0), -0.9);
        assert_eq!(
            Aggregation::Strongest.combine(&[0.5, -0.5], -1.0, 1.0),
            -0.5
        );
    }
}
