//! Persons analysed with their states: the signed measures (balance, frustration, blocs) read a
//! graph in which every actor that belongs to another on the date (a person holding a post,
//! [`crate::model::Actor::home_on`]) is merged into it, and each member is then listed with the
//! bloc or side of the actor it belongs to.
//!
//! Why merge rather than let officials float free: a person speaks for their state while in
//! office, and a partition that puts a president in a bloc against their own country is a
//! statement no analyst would make. Merging makes the rule hold by construction, on every graph
//! and every date, and the merged graph is the one `--level state` already analyses (persons'
//! ties rolled into their states' ties, the ties landing on one key combined by their mean), so
//! the two levels agree on who sides with whom. Centralities stay per actor: how central an
//! official is in the network of contacts is a question about the official.

use std::collections::BTreeMap;

use crate::model::Id;
use crate::snapshot::{Aggregation, Snapshot};

/// How persons (and other members) enter the signed measures of an analysis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Persons {
    /// Merged into the actor they belong to on the date, and listed with its bloc and side.
    #[default]
    WithTheirState,
    /// Each actor on its own: a person may land in a bloc against their own state.
    Separate,
}

impl Persons {
    /// The name JSON outputs give the rule.
    pub fn as_str(self) -> &'static str {
        match self {
            Persons::WithTheirState => "with_their_state",
            Persons::Separate => "separate",
        }
    }
}

/// A snapshot with its members merged into the actors they belong to.
#[derive(Debug, Clone)]
pub struct Merged {
    /// The merged graph: actors that belong to no other, and the ties between them.
    pub snapshot: Snapshot,
    /// For every actor of the original snapshot that was merged, the actor it was merged into.
    pub root: BTreeMap<Id, Id>,
}

impl Merged {
    /// The actor `id` was merged into, or `id` itself.
    pub fn root_of<'a>(&'a self, id: &'a Id) -> &'a Id {
        self.root.get(id).unwrap_or(id)
    }
}

/// Merges every actor of `snapshot` that belongs to another on the date into it (following
/// chains of belonging to their end), rolling its ties into that actor's ties; ties landing on
/// one key are combined by their mean (as `--level state` does by default), and ties within one
/// merged actor disappear. `None` when no actor belongs to another: the snapshot is already
/// what the signed measures read.
///
/// Runs in O(V + E log E).
///
/// ```
/// use detente::analysis::membership::merged;
/// let model = detente::load::load_str("detente: 1\nactors:\n  A: {name: A, kind: state}\n  \
///     B: {name: B, kind: state}\n  a1: {name: a1, kind: person, posts: [{title: envoy, of: A}]}\n\
///     relations:\n  - {between: [a1, B], series: [{date: 2020, weight: -0.4}]}\n", "x.yaml").unwrap();
/// let snapshot = detente::snapshot::Snapshot::at(&model, "2021".parse().unwrap());
/// let m = merged(&snapshot).unwrap();
/// assert_eq!(m.root["a1"], "A");
/// assert!(m.snapshot.node("a1").is_none());
/// assert_eq!(m.snapshot.graph.edge_count(), 1);
/// ```
pub fn merged(snapshot: &Snapshot) -> Option<Merged> {
    let home = |id: &Id| -> Option<&Id> {
        let node = &snapshot.graph[snapshot.node(id)?];
        node.home
            .as_ref()
            .filter(|h| *h != id && snapshot.node(h).is_some())
    };
    let mut root: BTreeMap<Id, Id> = BTreeMap::new();
    let mut into = vec![None; snapshot.graph.node_count()];
    for (id, &v) in &snapshot.index {
        let mut at = id;
        // A valid graph has no cycle of belonging; the bound keeps a bad one from looping.
        for _ in 0..snapshot.index.len() {
            match home(at) {
                Some(next) => at = next,
                None => break,
            }
        }
        if at != id {
            root.insert(id.clone(), at.clone());
        }
        into[v.index()] = snapshot.node(at);
    }
    if root.is_empty() {
        return None;
    }
    // The ties landing on one key are combined by their mean, as `--level state` does.
    let snapshot = snapshot.merged_into(
        &into,
        |node| !root.contains_key(&node.id),
        |weights| {
            let mean = Aggregation::Mean.combine(weights, snapshot.scale.min, snapshot.scale.max);
            crate::model::round12(mean)
        },
    );
    Some(Merged { snapshot, root })
}

/// `groups` of merged actors expanded to every actor of `ids` whose root is in them: each group
/// sorted, and actors whose root is in no group returned apart, sorted.
pub fn expand(groups: &[Vec<Id>], ids: &[Id], merged: &Merged) -> (Vec<Vec<Id>>, Vec<Id>) {
    let mut group_of: BTreeMap<&Id, usize> = BTreeMap::new();
    for (g, members) in groups.iter().enumerate() {
        for id in members {
            group_of.insert(id, g);
        }
    }
    let mut out = vec![Vec::new(); groups.len()];
    let mut rest = Vec::new();
    for id in ids {
        match group_of.get(merged.root_of(id)) {
            Some(&g) => out[g].push(id.clone()),
            None => rest.push(id.clone()),
        }
    }
    (out, rest)
}
