//! Narrower snapshots: only some kinds of tie, only some actors, or one actor's neighbourhood.
//!
//! A [`Filter`] is applied to a snapshot before anything else reads it (roll-ups, analyses,
//! diffs, diagrams), so a tie of an excluded kind or an actor left out appears nowhere. Kinds are
//! filtered first; the actors then kept are those named by `only` (all when empty), minus
//! `exclude`, and, with an ego, those within `depth` ties of it over the ties that remain. A tie
//! is kept when its kind is kept and both its ends are.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use super::Snapshot;
use crate::model::{Graph, Id};
use crate::reader::did_you_mean;

/// Which kinds of tie and which actors a snapshot keeps (see the module docs).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Keep only ties of these kinds (all kinds when empty).
    pub kinds: BTreeSet<String>,
    /// Drop ties of these kinds.
    pub exclude_kinds: BTreeSet<String>,
    /// Keep only these actors (all when empty).
    pub only: BTreeSet<Id>,
    /// Drop these actors.
    pub exclude: BTreeSet<Id>,
    /// Keep only this actor and those within `depth` ties of it.
    pub ego: Option<Ego>,
}

/// The centre and radius of an ego network.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ego {
    /// The actor at the centre.
    pub actor: Id,
    /// How many ties away an actor may be (1: its direct partners).
    pub depth: usize,
}

impl Filter {
    /// Whether the filter keeps everything.
    pub fn is_empty(&self) -> bool {
        self == &Filter::default()
    }

    /// Whether a tie of `kind` is kept.
    pub fn keeps_kind(&self, kind: &str) -> bool {
        (self.kinds.is_empty() || self.kinds.contains(kind)) && !self.exclude_kinds.contains(kind)
    }

    /// Whether `only` and `exclude` keep the actor `id` (an ego is not consulted: it needs a
    /// snapshot).
    pub fn keeps_actor(&self, id: &str) -> bool {
        (self.only.is_empty() || self.only.contains(id)) && !self.exclude.contains(id)
    }
}

/// The id of the actor `name` names in `graph` (its id or an alias), or a message saying that
/// none does, with the closest id or name as a suggestion.
pub fn actor_named(graph: &Graph, name: &str) -> Result<Id, String> {
    graph.resolve(name).cloned().ok_or_else(|| {
        let candidates = graph
            .actors
            .values()
            .map(|a| (a.id.as_str(), Some(a.name.as_str())));
        let hint = did_you_mean(name, candidates)
            .map_or_else(String::new, |s| format!("; did you mean {s}?"));
        format!("no actor `{name}` in the graph{hint}")
    })
}

/// `kind` if some relation of `graph` has it, or a message saying that none does, with the
/// closest kind as a suggestion.
pub fn kind_named(graph: &Graph, kind: &str) -> Result<String, String> {
    let known: BTreeSet<&str> = graph.relations.iter().map(|r| r.kind.as_str()).collect();
    if known.contains(kind) {
        return Ok(kind.to_string());
    }
    let hint = did_you_mean(kind, known.iter().map(|k| (*k, None)))
        .map_or_else(String::new, |s| format!("; did you mean {s}?"));
    Err(format!("no tie of kind `{kind}` in the graph{hint}"))
}

impl Filter {
    /// `graph` narrowed over all time: the relations of kept kinds between kept actors (`only`
    /// and `exclude`), the actors kept, and nothing that points at an actor left out (posts,
    /// memberships and an event's actors naming one are dropped; events and sources stay, since
    /// points cite them).
    ///
    /// An ego network has no meaning without a date (who is within `depth` ties changes as ties
    /// begin and end), so a filter with an ego is refused: narrow a snapshot with
    /// [`Snapshot::filtered`] instead.
    ///
    /// Runs in O(V + E + P) for P posts, memberships and event actors.
    ///
    /// ```
    /// use detente::snapshot::Filter;
    /// let model = detente::load::load_str("detente: 1\nactors:\n  A: {name: A, kind: state}\n  \
    ///     B: {name: B, kind: state}\n  C: {name: C, kind: state}\nrelations:\n  \
    ///     - {between: [A, B], kind: trade, series: [{date: 2020, weight: 0.5}]}\n  \
    ///     - {between: [B, C], kind: alliance, series: [{date: 2020, weight: 0.5}]}\n",
    ///     "x.yaml").unwrap();
    /// let filter = Filter { exclude: ["C".into()].into(), ..Default::default() };
    /// let narrowed = filter.graph(&model).unwrap();
    /// assert_eq!(narrowed.relations.len(), 1);
    /// assert!(!narrowed.actors.contains_key("C"));
    /// ```
    pub fn graph(&self, graph: &Graph) -> Result<Graph, String> {
        if self.ego.is_some() {
            return Err(
                "an ego network needs a date (who is within reach changes over time)".into(),
            );
        }
        let keeps_actor = |id: &Id| {
            (self.only.is_empty() || self.only.contains(id)) && !self.exclude.contains(id)
        };
        let mut out = graph.clone();
        out.actors.retain(|id, _| keeps_actor(id));
        for actor in out.actors.values_mut() {
            actor.posts.retain(|p| keeps_actor(&p.of));
            actor.part_of.retain(|m| keeps_actor(&m.of));
        }
        out.relations.retain(|r| {
            let key = r.key();
            self.keeps_kind(&r.kind) && keeps_actor(&key.from) && keeps_actor(&key.to)
        });
        for event in out.events.values_mut() {
            event.actors.retain(|a| keeps_actor(a));
        }
        Ok(out)
    }
}

impl Snapshot {
    /// [`Snapshot::filtered`], consuming the snapshot: an empty filter (what most commands get)
    /// gives it back as it is, where `filtered` would copy every node and tie.
    pub fn into_filtered(self, filter: &Filter) -> Snapshot {
        if filter.is_empty() {
            self
        } else {
            self.filtered(filter)
        }
    }

    /// This snapshot narrowed by `filter`: the actors and ties it keeps, nothing else.
    ///
    /// Runs in O(V + E log V).
    ///
    /// ```
    /// use detente::snapshot::{Filter, Snapshot};
    /// let model = detente::load::load_str("detente: 1\nactors:\n  A: {name: A, kind: state}\n  \
    ///     B: {name: B, kind: state}\n  C: {name: C, kind: state}\nrelations:\n  \
    ///     - {between: [A, B], kind: trade, series: [{date: 2020, weight: 0.5}]}\n  \
    ///     - {between: [B, C], kind: alliance, series: [{date: 2020, weight: 0.5}]}\n",
    ///     "x.yaml").unwrap();
    /// let s = Snapshot::at(&model, "2021".parse().unwrap());
    /// let trade = s.filtered(&Filter { kinds: ["trade".to_string()].into(), ..Default::default() });
    /// assert_eq!(trade.ties().len(), 1);
    /// let ego = s.filtered(&Filter {
    ///     ego: Some(detente::snapshot::Ego { actor: "A".into(), depth: 1 }),
    ///     ..Default::default()
    /// });
    /// assert!(ego.node("C").is_none());
    /// // An empty filter keeps everything; `into_filtered` then hands the snapshot back uncopied.
    /// let all = s.clone().into_filtered(&Filter::default());
    /// assert_eq!(all.ties().len(), 2);
    /// assert_eq!(all.ties().len(), s.filtered(&Filter::default()).ties().len());
    /// ```
    pub fn filtered(&self, filter: &Filter) -> Snapshot {
        if filter.is_empty() {
            return self.clone();
        }
        let mut kept: BTreeSet<&Id> = self
            .index
            .keys()
            .filter(|id| filter.only.is_empty() || filter.only.contains(*id))
            .filter(|id| !filter.exclude.contains(*id))
            .collect();
        let ties: Vec<_> = self
            .ties()
            .into_iter()
            .filter(|(_, _, t)| filter.keeps_kind(&t.key.kind))
            .collect();
        if let Some(ego) = &filter.ego {
            let mut neighbours: BTreeMap<&Id, Vec<&Id>> = BTreeMap::new();
            for (a, b, _) in &ties {
                if kept.contains(&a.id) && kept.contains(&b.id) {
                    neighbours.entry(&a.id).or_default().push(&b.id);
                    neighbours.entry(&b.id).or_default().push(&a.id);
                }
            }
            let mut distance: BTreeMap<&Id, usize> = BTreeMap::new();
            let mut queue = VecDeque::new();
            if kept.contains(&ego.actor) {
                distance.insert(&ego.actor, 0);
                queue.push_back(&ego.actor);
            }
            while let Some(at) = queue.pop_front() {
                let d = distance[at];
                if d == ego.depth {
                    continue;
                }
                for &next in neighbours.get(at).into_iter().flatten() {
                    if !distance.contains_key(next) {
                        distance.insert(next, d + 1);
                        queue.push_back(next);
                    }
                }
            }
            kept = distance.into_keys().collect();
        }
        let mut graph = petgraph::Graph::new();
        let mut index = BTreeMap::new();
        for (id, &node) in &self.index {
            if kept.contains(id) {
                index.insert(id.clone(), graph.add_node(self.graph[node].clone()));
            }
        }
        // Ties in the model's relation order, as `Snapshot::at` adds them.
        for edge in self.graph.edge_indices() {
            let tie = &self.graph[edge];
            if !filter.keeps_kind(&tie.key.kind) {
                continue;
            }
            if let (Some(&a), Some(&b)) = (index.get(&tie.key.from), index.get(&tie.key.to)) {
                graph.add_edge(a, b, tie.clone());
            }
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
    use proptest::prelude::*;

    use super::*;
    use crate::generate::{Spec, generate};

    fn kinds(graph: &crate::model::Graph) -> Vec<String> {
        let set: BTreeSet<String> = graph.relations.iter().map(|r| r.kind.to_string()).collect();
        set.into_iter().collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// Every tie an ego filter keeps has both ends within `depth` ties of the ego, and every
        /// actor kept is.
        #[test]
        fn ego_networks_keep_only_ties_among_the_ego_set(
            seed in 0u64..10_000,
            depth in 0usize..4,
            pick in 0usize..1000,
        ) {
            let model = generate(&Spec { states: 12, persons: 4, relations: 25, seed, ..Default::default() });
            let s = Snapshot::at(&model, "2010".parse().unwrap());
            let ids: Vec<&Id> = s.index.keys().collect();
            let actor = ids[pick % ids.len()].clone();
            let ego = s.filtered(&Filter {
                ego: Some(Ego { actor: actor.clone(), depth }),
                ..Default::default()
            });
            // Distances by breadth-first search over the whole snapshot.
            let mut distance: BTreeMap<Id, usize> = BTreeMap::from([(actor.clone(), 0)]);
            let mut frontier = vec![actor.clone()];
            for d in 1..=depth {
                let mut next = Vec::new();
                for (a, b, _) in s.ties() {
                    for (x, y) in [(&a.id, &b.id), (&b.id, &a.id)] {
                        if frontier.contains(x) && !distance.contains_key(y) {
                            distance.insert(y.clone(), d);
                            next.push(y.clone());
                        }
                    }
                }
                frontier = next;
            }
            let kept: BTreeSet<Id> = ego.index.keys().cloned().collect();
            prop_assert_eq!(&kept, &distance.keys().cloned().collect::<BTreeSet<_>>());
            for (a, b, _) in ego.ties() {
                prop_assert!(kept.contains(&a.id) && kept.contains(&b.id));
            }
        }

        /// No tie of an excluded kind survives, in the snapshot, its roll-up or a diff.
        #[test]
        fn excluded_kinds_appear_nowhere(seed in 0u64..10_000, which in 0usize..8) {
            let mut model = generate(&Spec { states: 8, persons: 6, relations: 30, seed, ..Default::default() });
            // The generator uses one kind; give every third relation another.
            for (i, r) in model.relations.iter_mut().enumerate() {
                if i % 3 == 0 {
                    r.kind = "trade".into();
                }
            }
            let all = kinds(&model);
            let gone = all[which % all.len()].clone();
            let filter = Filter { exclude_kinds: [gone.clone()].into(), ..Default::default() };
            let before = Snapshot::at(&model, "2005".parse().unwrap()).filtered(&filter);
            let after = Snapshot::at(&model, "2015".parse().unwrap()).filtered(&filter);
            prop_assert!(before.ties().iter().all(|(_, _, t)| t.key.kind != gone));
            let states = after.rolled_up(crate::snapshot::Aggregation::Mean);
            prop_assert!(states.ties().iter().all(|(_, _, t)| t.key.kind != gone));
            let diff = crate::diff::GraphDiff::between(&before, &after, &Default::default());
            prop_assert!(diff.ties.iter().all(|t| t.key.kind != gone));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(12))]

        /// Over time, no tie of an excluded kind and no tie of an actor left out reaches the
        /// CSV or GEXF export, the HTML story's embedded data or an explanation.
        #[test]
        fn narrowed_graphs_carry_no_excluded_tie(
            seed in 0u64..10_000,
            which in 0usize..8,
            drop in 0usize..100,
        ) {
            let mut model = generate(&Spec { states: 6, persons: 3, relations: 18, seed, ..Default::default() });
            for (i, r) in model.relations.iter_mut().enumerate() {
                if i % 3 == 0 {
                    r.kind = "trade".into();
                }
            }
            let all = kinds(&model);
            let gone = all[which % all.len()].clone();
            let ids: Vec<Id> = model.actors.keys().cloned().collect();
            let out = ids[drop % ids.len()].clone();
            let filter = Filter {
                exclude_kinds: [gone.clone()].into(),
                exclude: [out.clone()].into(),
                ..Default::default()
            };
            let narrowed = filter.graph(&model).unwrap();
            let bad = |from: &str, to: &str, kind: &str| kind == gone || from == out || to == out;

            let csv = crate::export::csv::relations(&narrowed).unwrap();
            let mut rows = ::csv::Reader::from_reader(csv.as_bytes());
            for row in rows.records() {
                let row = row.unwrap();
                prop_assert!(!bad(&row[0], &row[1], &row[2]), "CSV row {:?}", row);
            }

            let gexf = crate::export::gexf::gexf(&narrowed).unwrap();
            for attribute in [
                format!("label=\"{gone}\""),
                format!("source=\"{out}\""),
                format!("target=\"{out}\""),
            ] {
                prop_assert!(!gexf.contains(&attribute), "GEXF has {}", attribute);
            }

            // The story page draws its diagram with the built-in renderer.
            #[cfg(feature = "builtin-render")]
            {
                let page = crate::render::html::story(
                    &narrowed,
                    crate::render::diagram::image::Engine::Builtin,
                    std::time::Duration::from_secs(30),
                )
                .unwrap();
                let start = page.find("id=\"story-data\">").unwrap() + "id=\"story-data\">".len();
                let end = start + page[start..].find("</script>").unwrap();
                let data: serde_json::Value = serde_json::from_str(&page[start..end]).unwrap();
                for tie in data["ties"].as_array().unwrap() {
                    let key: Vec<&str> = tie["key"].as_str().unwrap().split('|').collect();
                    prop_assert!(!bad(key[0], key[1], key[2]), "HTML tie {:?}", key);
                }
            }

            let citer = crate::explain::Citer::new(&model);
            for r in &model.relations {
                let key = r.key();
                let e = crate::explain::explain(&citer, &key.from, &key.to, None, "2015".parse().unwrap())
                    .unwrap();
                let (e, left) = e.narrowed(&model, &filter);
                for t in &e.ties {
                    prop_assert!(!bad(&t.key.from, &t.key.to, &t.key.kind), "explained {}", t.key);
                }
                prop_assert_eq!(bad(&key.from, &key.to, &key.kind), left.ties.contains(&key));
            }
        }
    }
}
