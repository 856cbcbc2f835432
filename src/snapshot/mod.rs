//! The graph as of one date: a petgraph [`petgraph::Graph`] of the actors and the ties that exist
//! on that date, with their weights, and maps between actor ids and node indices.
//!
//! Every actor of the model is a node, so that snapshots of one file on different dates have the
//! same nodes; ties are edges. A mutual tie is one edge from the smaller id to the larger, with
//! [`Tie::directed`] false; analyses that need an undirected view treat it as such.

mod filter;
mod rollup;

pub use filter::{Ego, Filter, actor_named, kind_named};
pub use rollup::Aggregation;

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use petgraph::graph::{EdgeIndex, NodeIndex};

use crate::model::{ActorKind, Attribute, Certainty, Date, Graph, Id, RelationKey, Scale};

/// Where a person stands on the snapshot's date: the post that places them in a state.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Placement {
    /// The state or organisation they hold a post in.
    pub of: Id,
    /// The post's title.
    pub title: String,
}

/// A post held on the snapshot's date, primary or not.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct HeldPost {
    /// The state or organisation the post belongs to.
    pub of: Id,
    /// The post's title.
    pub title: String,
    /// Its first day, if known.
    pub from: Option<Date>,
    /// Its first day out of office, if it ends.
    pub until: Option<Date>,
    /// How sure its start is (`exact` is left out of JSON).
    #[serde(skip_serializing_if = "Certainty::is_exact")]
    pub from_certainty: Certainty,
    /// How sure its end is (`exact` is left out of JSON).
    #[serde(skip_serializing_if = "Certainty::is_exact")]
    pub until_certainty: Certainty,
    /// The sources that report it.
    pub sources: Vec<Id>,
    /// Its note.
    pub note: Option<String>,
}

/// A node of a snapshot.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ActorNode {
    /// The actor's id.
    pub id: Id,
    /// The actor's display name.
    pub name: String,
    /// The actor's kind.
    pub kind: ActorKind,
    /// For a person holding a post on the date, where their primary post places them.
    pub placement: Option<Placement>,
    /// Every post held on the date, in file order (the primary one among them).
    pub posts: Vec<HeldPost>,
    /// For a collective that is part of another on the date, that other one's id.
    pub part_of: Option<Id>,
    /// The actor it belongs to on the date ([`crate::model::Actor::home_on`]): a person's state
    /// or organisation. Analyses place it with that actor; outputs show `placement` instead.
    #[serde(skip)]
    pub home: Option<Id>,
    /// The actor's free attributes.
    pub attributes: BTreeMap<String, Attribute>,
}

/// An edge of a snapshot: a tie that exists on the date, with its weight on that date.
///
/// Two ties are equal when their keys and weights are: where the tie's relation and point in
/// force are ([`Tie::relation`], [`Tie::point`]) only says where to look.
#[derive(Clone, serde::Serialize)]
pub struct Tie {
    /// The relation's identity; `key.from` and `key.to` are the edge's source and target.
    pub key: RelationKey,
    /// The weight on the date, in the file's scale.
    pub weight: f64,
    /// [`Tie::relation`], or [`NOWHERE`].
    #[serde(skip)]
    relation: u32,
    /// [`Tie::point`], or [`NOWHERE`].
    #[serde(skip)]
    point: u32,
}

/// A place a tie does not say: the two places are 32-bit numbers with this one for `None`, so
/// that a tie is 48 bytes and a snapshot's edge (the tie and petgraph's four indices) one cache
/// line of 64, where `Option<usize>` and `Option<u32>` made them 64 and 80.
const NOWHERE: u32 = u32::MAX;

fn place(at: Option<usize>) -> u32 {
    at.and_then(|at| u32::try_from(at).ok()).unwrap_or(NOWHERE)
}

/// A place as a tie keeps it ([`Tie::relation_place`]), as an index.
pub(crate) fn said(place: u32) -> Option<usize> {
    (place != NOWHERE).then_some(place as usize)
}

impl PartialEq for Tie {
    fn eq(&self, other: &Tie) -> bool {
        self.key == other.key && self.weight == other.weight
    }
}

impl fmt::Debug for Tie {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Tie")
            .field("key", &self.key)
            .field("weight", &self.weight)
            .field("relation", &self.relation())
            .field("point", &self.point())
            .finish()
    }
}

impl Tie {
    /// A tie that says nowhere its relation is: one made by combining others (a roll-up), or
    /// by hand. Citing it looks its relation up by key.
    pub fn new(key: RelationKey, weight: f64) -> Tie {
        Tie {
            key,
            weight,
            relation: NOWHERE,
            point: NOWHERE,
        }
    }

    /// The tie with where its relation is in the `relations` of the graph the snapshot was
    /// taken of, and where the point in force is in that relation's series. Both are guesses
    /// that [`crate::explain::Citer`] checks (against the key, against the date); a place past
    /// 32 bits is not kept.
    pub fn placed(self, relation: Option<usize>, point: Option<usize>) -> Tie {
        Tie {
            relation: place(relation),
            point: place(point),
            ..self
        }
    }

    /// Whether the tie has a direction.
    pub fn directed(&self) -> bool {
        self.key.directed
    }

    /// Where the tie's relation is in the `relations` of the graph the snapshot was taken of,
    /// so that its points are found without looking its key up; `None` for a tie made by
    /// combining others (a roll-up).
    #[inline]
    pub fn relation(&self) -> Option<usize> {
        said(self.relation)
    }

    /// [`Tie::relation`] as the tie keeps it: 32 bits, [`NOWHERE`] for none (what the diff's
    /// packed ties hold, with no conversion either way).
    #[inline]
    pub(crate) fn relation_place(&self) -> u32 {
        self.relation
    }

    /// Where the point in force on the snapshot's date is in that relation's series, so that
    /// it is found without searching the series again; `None` when [`Tie::relation`] is.
    #[inline]
    pub fn point(&self) -> Option<usize> {
        said(self.point)
    }
}

/// The graph as of one date.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// The date of the snapshot.
    pub date: Date,
    /// The scale the weights are in.
    pub scale: Scale,
    /// The graph's title.
    pub title: Option<String>,
    /// Actors as nodes (in id order) and ties as edges (in the model's relation order).
    pub graph: petgraph::Graph<ActorNode, Tie>,
    /// Node index of each actor id.
    pub index: BTreeMap<Id, NodeIndex>,
    /// The graph's `relation_kinds:`, for the measures that weigh kinds (the signed view).
    pub kinds: BTreeMap<String, crate::model::KindRules>,
}

/// Asks for the last 16 bytes of `at` ahead of a read: where petgraph keeps a node's edge-list
/// heads (its fields after the weight). Should a later petgraph place them elsewhere, the read
/// merely waits as it did before.
#[inline(always)]
fn prefetch_tail<T>(at: &T) {
    let end = std::ptr::from_ref(at)
        .cast::<u8>()
        .wrapping_add(std::mem::size_of::<T>());
    crate::cache::prefetch(end.wrapping_sub(16));
    crate::cache::prefetch(end.wrapping_sub(1));
}

/// How many relations ahead of the one at hand a snapshot asks for the points of.
const SERIES_AHEAD: usize = 8;

/// Asks for the cache lines of a series (up to the first eight) ahead of its search.
///
/// A loaded graph's series lie all over the heap, and the search of one for the point in
/// force began with a wait for memory: nine tenths of that search's time in `show` of 100,000
/// relations. (A generated graph's series lie in order, where the processor finds them
/// unasked: there this costs a few percent.)
#[inline(always)]
fn prefetch_series(series: &[crate::model::Point]) {
    const LINE: usize = 64;
    let bytes = std::mem::size_of_val(series).min(8 * LINE);
    let start = series.as_ptr().cast::<u8>();
    for offset in (0..bytes).step_by(LINE) {
        crate::cache::prefetch(start.wrapping_add(offset));
    }
}

/// Below this many relations a snapshot is built on one thread (spawning costs more).
const PARALLEL_FROM: usize = 16_384;

/// How many relations a large snapshot makes ties of at a time, while it adds the ties of the
/// run before: a few megabytes of ties, which stay in the cache until they are added.
const TIES_PER_RUN: usize = 32_768;

/// Adds `ties` to `graph` in order, leaving `ties` empty.
///
/// Each addition reads and writes the edge-list heads of its two end nodes, which petgraph
/// keeps after each node's weight (an `ActorNode` of about 200 bytes): ten megabytes of nodes
/// at 50,000 actors, read at random. The nodes of the tie `AHEAD` places on are asked for
/// ahead of time, which took about a tenth off a snapshot of a million relations.
///
/// With `places`, each tie's end nodes are written at its relation's place there.
fn add_ties(
    graph: &mut petgraph::Graph<ActorNode, Tie>,
    ties: &mut Vec<Option<(NodeIndex, NodeIndex, Tie)>>,
    mut places: Option<&mut [[u32; 2]]>,
) {
    const AHEAD: usize = 16;
    for i in 0..ties.len() {
        if let Some(Some((a, b, _))) = ties.get(i + AHEAD) {
            let nodes = graph.raw_nodes();
            prefetch_tail(&nodes[a.index()]);
            prefetch_tail(&nodes[b.index()]);
        }
        if let Some((a, b, tie)) = ties[i].take() {
            let place = places.as_deref_mut().zip(tie.relation());
            if let Some(slot) = place.and_then(|(places, at)| places.get_mut(at)) {
                *slot = [a, b].map(|n| u32::try_from(n.index()).unwrap_or(u32::MAX));
            }
            graph.add_edge(a, b, tie);
        }
    }
    ties.clear();
}

impl Snapshot {
    /// Builds the snapshot of `model` on `date`.
    ///
    /// Runs in O(A + R log P) for A actors, R relations and P points per series.
    ///
    /// ```
    /// let model = detente::load::load_str(
    ///     "detente: 1\nactors:\n  A: {name: A, kind: state}\n  B: {name: B, kind: state}\n\
    ///      relations:\n  - between: [A, B]\n    series: [{date: 2020, weight: 0.5}]\n",
    ///     "example.yaml",
    /// ).unwrap();
    /// let before = detente::snapshot::Snapshot::at(&model, "2019".parse().unwrap());
    /// let after = detente::snapshot::Snapshot::at(&model, "2021".parse().unwrap());
    /// assert_eq!(before.graph.edge_count(), 0);
    /// assert_eq!(after.weight(&detente::model::RelationKey::mutual("B", "A", "relation")), Some(0.5));
    /// ```
    pub fn at(model: &Graph, date: Date) -> Snapshot {
        let mut graph = petgraph::Graph::with_capacity(model.actors.len(), model.relations.len());
        // The actors' nodes (each with its posts and attributes copied) are made on all cores
        // for a large graph, and added in id order.
        let node_of = |actor: &crate::model::Actor| {
            let placement = actor.post_on(date).map(|post| Placement {
                of: post.of.clone(),
                title: post.title.clone(),
            });
            let posts = actor
                .posts_on(date)
                .map(|post| HeldPost {
                    of: post.of.clone(),
                    title: post.title.clone(),
                    from: post.from,
                    until: post.until,
                    from_certainty: post.from_certainty,
                    until_certainty: post.until_certainty,
                    sources: post.sources.clone(),
                    note: post.note.clone(),
                })
                .collect();
            ActorNode {
                id: actor.id.clone(),
                name: actor.name.clone(),
                kind: actor.kind,
                placement,
                posts,
                part_of: actor.part_of_on(date).map(|m| m.of.clone()),
                home: actor.home_on(date).cloned(),
                attributes: actor.attributes.clone(),
            }
        };
        // The nodes are made (on all cores for a large graph) while the id index and the ids'
        // addresses are made on the side: each is a pass over every actor, and the index's
        // alone (a tree of every id) took a quarter of the time before the first tie.
        let actors: Vec<&crate::model::Actor> = model.actors.values().collect();
        let places = (model.places.ends.get()).filter(|p| p.len() == model.relations.len());
        let index_and_addresses = || {
            // Nodes are numbered in id order: the index (like the hash map below) is built from
            // the ids in order, the tree in one pass (from sorted entries) rather than by an
            // insertion, and its search, each.
            let index: BTreeMap<Id, NodeIndex> = (actors.iter().map(|a| a.id.clone()))
                .zip((0..).map(NodeIndex::new))
                .collect();
            // Relations find their ends where an earlier snapshot found them (`model.places`),
            // when the actor there has the end's very id: one read of a small array, where
            // looking the end up by name reads a random slot of a map of every actor, which
            // was the slowest step of a large snapshot.
            let addresses: Vec<usize> = match places {
                Some(_) => actors.iter().map(|a| a.id.address()).collect(),
                None => Vec::new(),
            };
            (index, addresses)
        };
        let few = actors.len() < PARALLEL_FROM / 16;
        let (nodes, (index, addresses)): (Vec<ActorNode>, _) = if few {
            (
                actors.iter().map(|a| node_of(a)).collect(),
                index_and_addresses(),
            )
        } else {
            use rayon::prelude::*;
            rayon::join(
                || actors.par_iter().map(|a| node_of(a)).collect(),
                index_and_addresses,
            )
        };
        for node in nodes {
            graph.add_node(node);
        }
        let nodes = (0..).map(NodeIndex::new);
        // Otherwise through a hash map, made on first need, of the ids' addresses: ids are
        // interned, so an end's address is its actor's, and a lookup reads neither text (keyed
        // by the text, hashing and comparing it read each end's text from all over the heap: a
        // tenth of the CPU time of `diff` at a million relations). A `BTreeMap<String, _>`
        // compared strings at each level, and dominated the time on large graphs. foldhash, not
        // the default SipHash: no hash-flooding adversary gains anything here.
        let by_address = std::sync::OnceLock::new();
        let lookup = |end: &Id| -> Option<NodeIndex> {
            let map = by_address.get_or_init(|| {
                let mut map: HashMap<usize, NodeIndex, foldhash::fast::FixedState> =
                    HashMap::with_capacity_and_hasher(model.actors.len(), Default::default());
                map.extend(actors.iter().map(|a| a.id.address()).zip(nodes.clone()));
                map
            });
            map.get(&end.address()).copied()
        };
        // Each relation's weight and key are independent of the others, so large graphs compute
        // them on all cores; rayon's ordered collect keeps the model's relation order, so the
        // edge order (and every output) is the same whatever the number of threads.
        let tie = |(at, relation): (usize, &crate::model::Relation)| {
            if let Some(ahead) = model.relations.get(at + SERIES_AHEAD) {
                prefetch_series(&ahead.series);
            }
            let (weight, place) = model.weight_and_place_on(relation, date)?;
            // The edge runs from `key.from` to `key.to` (for a mutual tie, the smaller id first).
            let key = relation.key();
            let holds =
                |place: u32, end: &Id| addresses.get(place as usize) == Some(&end.address());
            let (a, b) = match places.map(|p| p[at]) {
                Some([x, y]) if holds(x, &key.from) && holds(y, &key.to) => {
                    (NodeIndex::new(x as usize), NodeIndex::new(y as usize))
                }
                // A valid model only has ties between declared actors.
                _ => (lookup(&key.from)?, lookup(&key.to)?),
            };
            Some((a, b, Tie::new(key, weight).placed(Some(at), Some(place))))
        };
        // A large graph's ties are made on all cores a run of relations at a time, into a
        // buffer of one slot per relation (`None` where no tie is in force), and added while
        // the next run is made: the edges are added on one core, so making every tie first left
        // the other core idle for the last fifth of a snapshot, and one slot per relation of the
        // whole graph (about a hundred megabytes at a million relations) was fresh memory the
        // system had to hand over a page at a time.
        if model.relations.len() < PARALLEL_FROM {
            for (at, relation) in model.relations.iter().enumerate() {
                if let Some((a, b, tie)) = tie((at, relation)) {
                    graph.add_edge(a, b, tie);
                }
            }
        } else {
            use rayon::prelude::*;
            let make = |run: usize, into: &mut Vec<Option<(NodeIndex, NodeIndex, Tie)>>| {
                let start = run * TIES_PER_RUN;
                let relations = model.relations.get(start..).unwrap_or_default();
                let relations = &relations[..relations.len().min(TIES_PER_RUN)];
                relations
                    .par_iter()
                    .enumerate()
                    .with_min_len(PARALLEL_FROM / 4)
                    .map(|(i, relation)| tie((start + i, relation)))
                    .collect_into_vec(into);
            };
            // The places of the ends are remembered from the second snapshot of a graph on
            // (most commands take one), for the snapshots after it.
            let again = model
                .places
                .asked
                .swap(true, std::sync::atomic::Ordering::Relaxed);
            let mut remembered = (again && model.places.ends.get().is_none())
                .then(|| vec![[u32::MAX; 2]; model.relations.len()]);
            let runs = model.relations.len().div_ceil(TIES_PER_RUN);
            let (mut ready, mut next) = (Vec::new(), Vec::new());
            make(0, &mut ready);
            for run in 0..runs {
                rayon::join(
                    || add_ties(&mut graph, &mut ready, remembered.as_deref_mut()),
                    || {
                        if run + 1 < runs {
                            make(run + 1, &mut next);
                        }
                    },
                );
                std::mem::swap(&mut ready, &mut next);
            }
            if let Some(places) = remembered {
                // Two snapshots taken at once may both have remembered them: one is kept.
                let _ = model.places.ends.set(places);
            }
        }
        Snapshot {
            date,
            scale: model.scale,
            title: model.title.clone(),
            graph,
            index,
            kinds: model.relation_kinds.clone(),
        }
    }

    /// The node of an actor.
    pub fn node(&self, id: &str) -> Option<NodeIndex> {
        self.index.get(id).copied()
    }

    /// The edge of a tie, if the tie exists on the snapshot's date.
    pub fn edge(&self, key: &RelationKey) -> Option<EdgeIndex> {
        let (a, b) = (self.node(&key.from)?, self.node(&key.to)?);
        self.graph
            .edges_connecting(a, b)
            .find(|e| &e.weight().key == key)
            .map(|e| petgraph::visit::EdgeRef::id(&e))
    }

    /// The weight of a tie on the snapshot's date, or `None` when it does not exist then.
    pub fn weight(&self, key: &RelationKey) -> Option<f64> {
        self.edge(key).map(|e| self.graph[e].weight)
    }

    /// The ties of the snapshot sorted by key, with their end nodes.
    pub fn ties(&self) -> Vec<(&ActorNode, &ActorNode, &Tie)> {
        self.tie_edges()
            .into_iter()
            .map(|(a, b, tie)| (&self.graph[a], &self.graph[b], tie))
            .collect()
    }

    /// The ties of the snapshot sorted by key, with the indices of their end nodes.
    ///
    /// Runs in O(E log E) integer comparisons: keys order by their ends' ids, then their kinds,
    /// then mutual before directed, so the ends are ranked in id order once and the kinds in
    /// text order once, and each key compares as numbers rather than strings. Ties already in
    /// key order (a graph stored in key order) are not sorted again.
    pub fn tie_edges(&self) -> Vec<(NodeIndex, NodeIndex, &Tie)> {
        self.tie_edges_and_kinds().0
    }

    /// [`Snapshot::tie_edges`], and the ties' kinds, each once, in text order.
    pub(crate) fn tie_edges_and_kinds<'s>(
        &'s self,
    ) -> (Vec<(NodeIndex, NodeIndex, &'s Tie)>, Vec<&'s str>) {
        use rayon::prelude::*;
        let mut rank = vec![0u32; self.graph.node_count()];
        for (i, node) in self.index.values().enumerate() {
            rank[node.index()] = u32::try_from(i).unwrap_or(u32::MAX);
        }
        // A run of edges, ranked: each tie with its ends' ranks, its kind's place among the
        // run's kinds (and its direction), its ends and itself; the run's kinds; and whether
        // every key's ends are its edge's ends (should a graph built in code break that, the
        // ranks say nothing and the keys alone decide). Large snapshots are ranked on all
        // cores, a run at a time, in order.
        let run =
            |edges: &'s [petgraph::graph::Edge<Tie>]| -> (Vec<Ranked<'s>>, Vec<&'s str>, bool) {
                let mut kinds = KindPlaces::default();
                let mut ends_match = true;
                let ranked = edges
                    .iter()
                    .map(|e| {
                        let (a, b) = (e.source(), e.target());
                        let tie = &e.weight;
                        ends_match &=
                            self.graph[a].id == tie.key.from && self.graph[b].id == tie.key.to;
                        let ends = u64::from(rank[a.index()]) << 32 | u64::from(rank[b.index()]);
                        let kind = kinds.place(&tie.key.kind) << 1 | u32::from(tie.directed());
                        (ends, kind, a, b, tie)
                    })
                    .collect();
                (ranked, kinds.distinct, ends_match)
            };
        let edges = self.graph.raw_edges();
        let large = edges.len() >= PARALLEL_FROM;
        let mut runs: Vec<(Vec<Ranked>, Vec<&str>, bool)> = if large {
            edges.par_chunks(PARALLEL_FROM).map(run).collect()
        } else {
            vec![run(edges)]
        };
        let mut kinds: Vec<&str> = runs.iter().flat_map(|r| r.1.iter().copied()).collect();
        kinds.sort_unstable();
        kinds.dedup();
        let ranked = runs.iter().all(|r| r.2);
        // Each run's places of kinds become ranks among all the ties' kinds.
        let to_ranks = |(ties, places, _): &mut (Vec<Ranked>, Vec<&str>, bool)| {
            let rank_of: Vec<u32> = places
                .iter()
                .map(|k| u32::try_from(kinds.binary_search(k).unwrap_or(0)).unwrap_or(u32::MAX))
                .collect();
            for t in ties {
                t.1 = rank_of[(t.1 >> 1) as usize] << 1 | (t.1 & 1);
            }
        };
        let mut ties: Vec<Ranked> = if large {
            runs.par_iter_mut().for_each(to_ranks);
            runs.into_par_iter().flat_map_iter(|r| r.0).collect()
        } else {
            runs.iter_mut().for_each(to_ranks);
            runs.into_iter().flat_map(|r| r.0).collect()
        };
        // Keys are unique in a snapshot, so an unstable sort gives the one order (on all cores
        // for a large snapshot: the same order).
        let by_rank = |x: &Ranked, y: &Ranked| (x.0, x.1).cmp(&(y.0, y.1));
        let by_key = |x: &Ranked, y: &Ranked| x.4.key.cmp(&y.4.key);
        let in_order = ranked
            && if large {
                ties.par_windows(2).all(|w| by_rank(&w[0], &w[1]).is_le())
            } else {
                ties.is_sorted_by(|x, y| by_rank(x, y).is_le())
            };
        match (ranked, large) {
            _ if in_order => {}
            (true, false) => ties.sort_unstable_by(by_rank),
            (false, false) => ties.sort_unstable_by(by_key),
            (true, true) => ties.par_sort_unstable_by(by_rank),
            (false, true) => ties.par_sort_unstable_by(by_key),
        }
        let ties = if large {
            ties.into_par_iter()
                .map(|(_, _, a, b, t)| (a, b, t))
                .collect()
        } else {
            ties.into_iter().map(|(_, _, a, b, t)| (a, b, t)).collect()
        };
        (ties, kinds)
    }

    /// The actors of the snapshot in id order.
    pub fn actors(&self) -> impl Iterator<Item = &ActorNode> {
        self.index.values().map(|&n| &self.graph[n])
    }
}

/// A tie ranked for sorting by key: its ends' ranks (from's above to's), its kind's rank and
/// direction (the kind's above the direction's bit), its ends and itself.
type Ranked<'t> = (u64, u32, NodeIndex, NodeIndex, &'t Tie);

/// The places of kinds among the distinct ones met so far, in the order first met.
///
/// A graph has a handful of kinds. The loaders hand every relation one copy of its kind (a
/// columnar graph, one copy per batch of relations), but a graph built in code may hold a copy
/// per relation, all over memory. A kind is looked for among the addresses of the copies met
/// last, all compared at once without a branch (ties of two kinds in random order made a branch
/// on the last kind met a coin toss), then by text among the distinct kinds met first, and only
/// then in a hash map. Looking each tie's kind up in an ordered map compared strings for a
/// tenth of the time of writing a large diagram. More than eight copies met in turn (nine kinds
/// in random order, say) are each found by text.
#[derive(Default)]
pub(crate) struct KindPlaces<'t> {
    /// The kinds met so far, each once, in the order first met.
    pub(crate) distinct: Vec<&'t str>,
    /// The addresses and lengths of the copies met last and their places; empty slots have
    /// address 0, which no text has.
    copies: [(usize, usize, u32); KindPlaces::COPIES],
    /// The slot the next copy met takes, round the slots.
    next_copy: usize,
    by_text: HashMap<&'t str, u32, foldhash::fast::FixedState>,
}

impl<'t> KindPlaces<'t> {
    /// How many copies are looked for by address.
    const COPIES: usize = 8;
    /// How many of the first kinds met are compared by text before the map.
    const BY_TEXT: usize = 16;

    /// The place of `kind` in [`KindPlaces::distinct`], where it is added if new.
    #[inline]
    pub(crate) fn place(&mut self, kind: &'t str) -> u32 {
        let copy = (kind.as_ptr() as usize, kind.len());
        let mut found = u32::MAX;
        for &(address, len, place) in &self.copies {
            if (address, len) == copy {
                found = place;
            }
        }
        if found != u32::MAX {
            return found;
        }
        self.place_of_new_copy(kind)
    }

    /// [`KindPlaces::place`] of a copy not among the last met, which then takes the oldest
    /// slot.
    #[cold]
    fn place_of_new_copy(&mut self, kind: &'t str) -> u32 {
        let first = &self.distinct[..self.distinct.len().min(Self::BY_TEXT)];
        let place = match first.iter().position(|k| *k == kind) {
            Some(i) => u32::try_from(i).unwrap_or(u32::MAX),
            None => *self.by_text.entry(kind).or_insert_with(|| {
                self.distinct.push(kind);
                u32::try_from(self.distinct.len() - 1).unwrap_or(u32::MAX)
            }),
        };
        self.copies[self.next_copy] = (kind.as_ptr() as usize, kind.len(), place);
        self.next_copy = (self.next_copy + 1) % Self::COPIES;
        place
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Actor, Ends, Point, Post, Relation};

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn an_edge_is_one_cache_line() {
        assert_eq!(std::mem::size_of::<Tie>(), 48);
        assert_eq!(std::mem::size_of::<petgraph::graph::Edge<Tie>>(), 64);
    }

    #[test]
    fn a_tie_says_the_places_it_was_given_that_fit_32_bits() {
        let tie = Tie::new(RelationKey::mutual("A", "B", "k"), 0.5);
        assert_eq!((tie.relation(), tie.point()), (None, None));
        let last = u32::MAX as usize - 1;
        for (relation, point) in [(Some(0), Some(3)), (Some(last), None), (None, Some(last))] {
            let placed = tie.clone().placed(relation, point);
            assert_eq!((placed.relation(), placed.point()), (relation, point));
            assert_eq!(placed, tie, "places are not part of a tie's identity");
        }
        for past in [last + 1, 1 << 40, usize::MAX] {
            let placed = tie.clone().placed(Some(past), Some(past));
            assert_eq!((placed.relation(), placed.point()), (None, None));
        }
    }

    fn model() -> Graph {
        let state = |id: &str| Actor {
            id: id.into(),
            name: id.into(),
            kind: ActorKind::State,
            posts: vec![],
            note: None,
            aliases: Vec::new(),
            attributes: Default::default(),
            part_of: Vec::new(),
        };
        let mut g = Graph::default();
        g.actors.insert("USA".into(), state("USA"));
        g.actors.insert("BLR".into(), state("BLR"));
        g.actors.insert(
            "pompeo".into(),
            Actor {
                id: "pompeo".into(),
                name: "Mike Pompeo".into(),
                kind: ActorKind::Person,
                posts: vec![Post {
                    title: "Secretary of State".into(),
                    of: "USA".into(),
                    from: Some(d("2018-04-26")),
                    until: Some(d("2021-01-20")),
                    ..Default::default()
                }],
                note: None,
                aliases: Vec::new(),
                attributes: Default::default(),
                part_of: Vec::new(),
            },
        );
        g.relations.push(Relation {
            ends: Ends::Mutual("USA".into(), "BLR".into()),
            kind: "diplomatic".into(),
            interpolation: None,
            series: vec![
                Point::weight(d("2019"), -0.2),
                Point::weight(d("2020-02-01"), 0.2),
            ],
            note: None,
        });
        g
    }

    #[test]
    fn every_actor_is_a_node_and_only_live_ties_are_edges() {
        let g = model();
        let s = Snapshot::at(&g, d("2018"));
        assert_eq!(s.graph.node_count(), 3);
        assert_eq!(s.graph.edge_count(), 0);
        let s = Snapshot::at(&g, d("2020-03"));
        assert_eq!(
            s.weight(&RelationKey::mutual("USA", "BLR", "diplomatic")),
            Some(0.2)
        );
        assert_eq!(s.ties().len(), 1);
    }

    #[test]
    fn persons_are_placed_by_the_post_they_hold_on_the_date() {
        let g = model();
        let on = |date| {
            let s = Snapshot::at(&g, d(date));
            s.graph[s.node("pompeo").unwrap()].placement.clone()
        };
        assert_eq!(on("2018-01-01"), None);
        assert_eq!(on("2020-02-01").unwrap().of, "USA");
        assert_eq!(on("2021-01-20"), None);
    }

    /// A snapshot's nodes and edges, with everything each edge holds.
    type Drawn = (
        Vec<Id>,
        Vec<(usize, usize, RelationKey, f64, Option<usize>, Option<usize>)>,
    );

    fn drawn(s: &Snapshot) -> Drawn {
        let nodes = s.graph.node_weights().map(|n| n.id.clone()).collect();
        let edges = (s.graph.raw_edges().iter())
            .map(|e| {
                let t = &e.weight;
                let ends = (e.source().index(), e.target().index());
                (
                    ends.0,
                    ends.1,
                    t.key.clone(),
                    t.weight,
                    t.relation(),
                    t.point(),
                )
            })
            .collect();
        (nodes, edges)
    }

    /// `g` as it is, without the places its snapshots remembered.
    fn forgetting(g: &Graph) -> Graph {
        Graph {
            places: std::sync::Arc::default(),
            ..g.clone()
        }
    }

    #[test]
    fn the_second_large_snapshot_remembers_where_the_ends_are() {
        let g = crate::generate::generate(&crate::generate::Spec::sized(400, PARALLEL_FROM, 2));
        let date = d("2010-06-01");
        let first = Snapshot::at(&g, date);
        assert!(
            g.places.ends.get().is_none(),
            "one snapshot remembers nothing"
        );
        let second = Snapshot::at(&g, date);
        let places = g.places.ends.get().expect("remembered by the second");
        assert_eq!(drawn(&first), drawn(&second));
        assert_eq!(places.len(), g.relations.len());
        let mut placed = 0;
        for e in second.graph.raw_edges() {
            let at = e.weight.relation().unwrap();
            let ends = [e.source(), e.target()].map(|n| n.index() as u32);
            assert_eq!(places[at], ends);
            placed += 1;
        }
        assert_eq!(
            places.iter().filter(|p| **p != [u32::MAX; 2]).count(),
            placed,
            "relations without a tie then have no place"
        );
        // Later snapshots, on other dates too, are the ones of a graph that remembers nothing.
        for date in ["2010-06-01", "2003-01-01", "2030-01-01"] {
            let date = d(date);
            assert_eq!(
                drawn(&Snapshot::at(&g, date)),
                drawn(&Snapshot::at(&forgetting(&g), date))
            );
        }
    }

    #[test]
    fn remembered_places_that_no_longer_hold_are_not_taken() {
        let g = crate::generate::generate(&crate::generate::Spec::sized(400, PARALLEL_FROM, 2));
        let date = d("2010-06-01");
        Snapshot::at(&g, date);
        Snapshot::at(&g, date);
        assert!(g.places.ends.get().is_some());
        let same = |h: &Graph| {
            let remembered = h
                .places
                .ends
                .get()
                .is_some_and(|p| p.len() == h.relations.len());
            assert!(remembered, "the changed graph still carries the places");
            assert_eq!(
                drawn(&Snapshot::at(h, date)),
                drawn(&Snapshot::at(&forgetting(h), date))
            );
        };
        // An actor placed before every other moves every place by one.
        let mut shifted = g.clone();
        shifted
            .actors
            .insert(Id::from("!"), Actor::new("!", "First", ActorKind::State));
        same(&shifted);
        // Relations in another order: each place is another relation's.
        let mut reordered = g.clone();
        reordered.relations.reverse();
        same(&reordered);
        // Ends that are equal to their actors' ids but not the ids themselves.
        let mut copied = g.clone();
        for r in &mut copied.relations {
            let (Ends::Directed { from, to } | Ends::Mutual(from, to)) = &mut r.ends;
            *from = Id::from(from.as_str());
            *to = Id::from(to.as_str());
        }
        same(&copied);
        // Places swapped or out of range.
        let wrong = forgetting(&g);
        let mut places = g.places.ends.get().unwrap().clone();
        for (i, p) in places.iter_mut().enumerate() {
            *p = if i % 2 == 0 {
                [p[1], p[0]]
            } else {
                [p[0], u32::MAX - 1]
            };
        }
        wrong.places.ends.set(places).unwrap();
        same(&wrong);
    }

    #[test]
    fn mutual_ends_are_ordered_by_id_however_written_and_filed() {
        let g = crate::generate::generate(&crate::generate::Spec::sized(400, PARALLEL_FROM, 2));
        // Every mutual relation's ends written the other way round.
        let mut flipped = g.clone();
        let mut mutual = 0;
        for r in &mut flipped.relations {
            if let Ends::Mutual(a, b) = &mut r.ends {
                std::mem::swap(a, b);
                mutual += 1;
            }
        }
        assert!(mutual > 100);
        // Actors filed under keys whose order is the reverse of their ids' (a model built in
        // code), so node order is not id order.
        let mut refiled = flipped.clone();
        let n = refiled.actors.len();
        refiled.actors = (refiled.actors.values().cloned().enumerate())
            .map(|(i, a)| (Id::from(format!("{:06}", n - i)), a))
            .collect();
        let date = d("2010-06-01");
        let expected = drawn(&Snapshot::at(&forgetting(&g), date));
        for model in [&flipped, &refiled] {
            // The first by name, the second remembering places, the third taking them.
            for _ in 0..3 {
                let s = Snapshot::at(model, date);
                for e in s.graph.raw_edges() {
                    let key = &e.weight.key;
                    let relation = &model.relations[e.weight.relation().unwrap()];
                    assert_eq!(*key, relation.key());
                    assert!(key.directed || key.from < key.to, "{key}");
                    assert_eq!(s.graph[e.source()].id, key.from);
                    assert_eq!(s.graph[e.target()].id, key.to);
                }
                if std::ptr::eq(model, &flipped) {
                    assert_eq!(drawn(&s), expected);
                }
            }
        }
    }

    #[test]
    fn large_snapshots_built_on_all_cores_keep_the_model_order() {
        // Enough actors that their nodes are made on all cores too, and enough relations for
        // three runs of ties, the last one short.
        let actors = PARALLEL_FROM / 8;
        let relations = 2 * TIES_PER_RUN + PARALLEL_FROM;
        let g = crate::generate::generate(&crate::generate::Spec::sized(actors, relations, 2));
        let date = d("2010-06-01");
        let s = Snapshot::at(&g, date);
        // The nodes are the model's actors, in id order, each indexed under its id.
        assert_eq!(s.graph.node_count(), actors);
        let ids: Vec<&Id> = s.graph.node_weights().map(|n| &n.id).collect();
        assert_eq!(ids, g.actors.keys().collect::<Vec<_>>());
        for (actor, node) in g.actors.values().zip(s.graph.node_weights()) {
            assert_eq!((&node.name, node.kind), (&actor.name, actor.kind));
            assert_eq!(s.graph[s.index[&actor.id]].id, actor.id);
        }
        let expected: Vec<(RelationKey, f64)> = g
            .relations
            .iter()
            .filter_map(|r| Some((r.key(), g.weight_on(r, date)?)))
            .collect();
        let got: Vec<(RelationKey, f64)> = s
            .graph
            .edge_weights()
            .map(|t| (t.key.clone(), t.weight))
            .collect();
        assert!(expected.len() > PARALLEL_FROM);
        // Some relations have no tie in force on the date, so their slots are left out.
        assert!(expected.len() < g.relations.len());
        assert_eq!(got, expected);
        // Each tie knows its relation and the point in force, whichever run it was made in.
        for tie in s.graph.edge_weights() {
            let at = tie.relation().expect("a tie of the model's relations");
            let relation = &g.relations[at];
            assert_eq!(relation.key(), tie.key);
            let place = tie.point().expect("a point in force");
            assert_eq!(relation.place_on(date, None), Some(place));
        }
        assert!(
            s.graph
                .edge_weights()
                .any(|t| t.relation() > Some(2 * TIES_PER_RUN))
        );
        for e in s.graph.edge_indices() {
            let (a, b) = s.graph.edge_endpoints(e).unwrap();
            assert_eq!(
                (&s.graph[a].id, &s.graph[b].id),
                (&s.graph[e].key.from, &s.graph[e].key.to)
            );
        }
        // Sorted on all cores, the ties come in key order.
        let keys: Vec<&RelationKey> = s.tie_edges().into_iter().map(|(_, _, t)| &t.key).collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted);
    }

    #[test]
    fn kinds_have_one_place_per_text_whoever_holds_them() {
        // Copies of one text at different addresses, a prefix of another, and more kinds than
        // are looked for by address.
        let texts: Vec<String> = ["b", "ab", "a", "b", "ab", "z"]
            .into_iter()
            .map(String::from)
            .chain((0..40).map(|i| format!("k{:02}", 39 - i)))
            .chain(["a".to_string(), "k07".to_string()])
            .collect();
        let mut kinds = KindPlaces::default();
        let places: Vec<u32> = texts.iter().map(|t| kinds.place(t)).collect();
        for (i, x) in texts.iter().enumerate() {
            assert_eq!(kinds.distinct[places[i] as usize], x);
            for (j, y) in texts.iter().enumerate() {
                assert_eq!(places[i] == places[j], x == y, "{x} against {y}");
            }
        }
        assert_eq!(kinds.distinct.len(), 44);
        // The same text met again at its own address.
        assert_eq!(kinds.place(texts[0].as_str()), places[0]);
    }

    proptest::proptest! {
        /// Whatever the kinds (texts shared or copied, many or few) and directions, and whether
        /// the relations come in key order or not, the ties come sorted by key.
        #[test]
        fn ties_come_in_key_order(
            rels in proptest::collection::vec((0u8..6, 0u8..6, 0usize..20, proptest::bool::ANY), 0..60),
            in_key_order in proptest::bool::ANY,
            shared in proptest::bool::ANY,
        ) {
            let kinds: Vec<crate::model::Name> =
                (0..20).map(|i| crate::model::Name::from(format!("k{}", i % 7 * 3))).collect();
            let mut g = Graph::default();
            for i in 0..6u8 {
                let id = format!("A{i}");
                g.actors.insert(id.as_str().into(), Actor::new(id.as_str(), id.as_str(), ActorKind::State));
            }
            let mut seen = std::collections::BTreeSet::new();
            for (a, b, k, directed) in rels {
                if a == b {
                    continue;
                }
                let (a, b): (Id, Id) = (format!("A{a}").into(), format!("A{b}").into());
                let kind = if shared { kinds[k].clone() } else { kinds[k].as_str().into() };
                let relation = Relation {
                    ends: if directed { Ends::Directed { from: a, to: b } } else { Ends::Mutual(a, b) },
                    kind,
                    interpolation: None,
                    series: vec![Point::weight(d("2000"), 0.5)],
                    note: None,
                };
                if seen.insert(relation.key()) {
                    g.relations.push(relation);
                }
            }
            if in_key_order {
                g.relations.sort_by_key(Relation::key);
            }
            let s = Snapshot::at(&g, d("2001"));
            let keys: Vec<&RelationKey> = s.tie_edges().into_iter().map(|(_, _, t)| &t.key).collect();
            let mut sorted = keys.clone();
            sorted.sort();
            proptest::prop_assert_eq!(keys.len(), g.relations.len());
            proptest::prop_assert_eq!(keys, sorted);
        }
    }
}
