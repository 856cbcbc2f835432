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

    fn combine(self, weights: &[f64], min: f64, max: f64) -> f64 {
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
    /// Runs in O(V + E log E).
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
        let container = |node: &ActorNode| -> String {
            let (mut top, mut at) = (node.id.as_str(), node);
            for _ in 0..self.graph.node_count() {
                let Some(next) = home(at).and_then(|of| self.node(of)) else {
                    break;
                };
                at = &self.graph[next];
                top = at.id.as_str();
            }
            top.to_string()
        };
        let mut graph = petgraph::Graph::new();
        let mut index = BTreeMap::new();
        for node in self.actors() {
            if home(node).is_none_or(|of| self.node(of).is_none()) {
                index.insert(node.id.clone(), graph.add_node(node.clone()));
            }
        }
        let mut grouped: BTreeMap<RelationKey, Vec<f64>> = BTreeMap::new();
        for (a, b, tie) in self.ties() {
            let (ca, cb) = (container(a), container(b));
            if ca == cb {
                continue;
            }
            let key = if tie.key.directed {
                RelationKey::directed(&ca, &cb, &tie.key.kind)
            } else {
                RelationKey::mutual(&ca, &cb, &tie.key.kind)
            };
            grouped.entry(key).or_default().push(tie.weight);
        }
        for (key, weights) in grouped {
            let (Some(&a), Some(&b)) = (index.get(&key.from), index.get(&key.to)) else {
                continue;
            };
            // A combined weight is computed: kept to 12 significant digits like any other.
            let weight = crate::model::round12(aggregation.combine(
                &weights,
                self.scale.min,
                self.scale.max,
            ));
            graph.add_edge(
                a,
                b,
                Tie {
                    key,
                    weight,
                    relation: None,
                    point: None,
                },
            );
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

#[cfg(test)]
mod tests {
    use super::*;

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
