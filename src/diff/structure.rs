//! The structural part of a diff: how balance, blocs and centrality ranks moved between the two
//! snapshots. Every number comes from [`crate::analysis`] run on each snapshot; this module only
//! compares the two results.
//!
//! # Definitions
//! - A *triangle* is three actors tied pairwise in the signed view of the analysis module
//!   (docs/metrics.md: parallel and directed ties combined by their net weight). It is balanced
//!   when it has an even number of negative ties.
//! - A triangle *became unbalanced* when it is unbalanced in the second snapshot and was balanced
//!   or not a triangle in the first; it *became balanced* when it was unbalanced in the first and
//!   is balanced or no longer a triangle in the second. New or vanished balanced triangles are not
//!   listed: they change nothing about tension.
//! - *Bloc moves*: the blocs of each side are labelled 1, 2, … with the trend command's matching
//!   (each bloc of the second side takes the label of the first side's bloc it shares most actors
//!   with); an actor moved when its label differs, including into or out of no bloc (no signed
//!   tie).
//! - *Rank changes*: on each side the actors with at least one tie are ranked by PageRank and by
//!   betweenness, highest first, with competition ranking (equal scores, within 1e-12, share the
//!   better rank: 1, 2, 2, 4). Listed for actors tied on both sides whose rank differs, largest
//!   move first, then by id.

use std::collections::{BTreeMap, BTreeSet};

use crate::analysis::trend::match_labels;
use crate::analysis::{self, Analysis, Census, Signed, View, balance};
use crate::model::Id;
use crate::snapshot::Snapshot;

/// A triangle's state on one side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TriangleState {
    /// An even number of negative ties.
    Balanced,
    /// An odd number of negative ties.
    Unbalanced,
    /// The three actors are not pairwise tied.
    Absent,
}

impl TriangleState {
    /// The name used in JSON and tables.
    pub fn as_str(self) -> &'static str {
        match self {
            TriangleState::Balanced => "balanced",
            TriangleState::Unbalanced => "unbalanced",
            TriangleState::Absent => "absent",
        }
    }
}

/// A triangle whose tension changed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct TriangleChange {
    /// The three actors, in id order.
    pub actors: [Id; 3],
    /// Its state in the first snapshot.
    pub before: TriangleState,
    /// Its state in the second snapshot.
    pub after: TriangleState,
}

/// The balance figures of one side.
#[derive(Debug, Clone, PartialEq)]
pub struct BalanceSide {
    /// Triangles by sign.
    pub census: Census,
    /// Balanced triangles / all triangles, `None` without triangles.
    pub ratio: Option<f64>,
    /// Balanced in the Cartwright–Harary sense (frustration index 0).
    pub balanced: bool,
    /// The frustration index (an upper bound unless `exact`).
    pub frustration: usize,
    /// Whether the index is proven minimal.
    pub exact: bool,
    /// The blocs, each sorted, labelled by position + 1 after matching (see the module docs).
    pub blocs: BTreeMap<u32, Vec<Id>>,
}

/// An actor whose bloc changed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct BlocMove {
    /// The actor.
    pub id: Id,
    /// Its bloc label in the first snapshot (`None`: in no bloc).
    pub from: Option<u32>,
    /// Its bloc label in the second snapshot.
    pub to: Option<u32>,
}

/// Balance and blocs, before and after.
#[derive(Debug, Clone, PartialEq)]
pub struct BalanceDiff {
    /// The first snapshot's figures.
    pub before: BalanceSide,
    /// The second snapshot's figures.
    pub after: BalanceSide,
    /// Triangles that became unbalanced, in id order.
    pub became_unbalanced: Vec<TriangleChange>,
    /// Triangles that became balanced (or were broken up), in id order.
    pub became_balanced: Vec<TriangleChange>,
    /// Actors that changed bloc, in id order.
    pub bloc_moves: Vec<BlocMove>,
}

/// A centrality measure ranked in [`RankChange`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Metric {
    /// PageRank (damping 0.85, weights |w|).
    PageRank,
    /// Normalised betweenness (path lengths 1/|w|).
    Betweenness,
}

impl Metric {
    /// The name used in JSON and tables.
    pub fn as_str(self) -> &'static str {
        match self {
            Metric::PageRank => "pagerank",
            Metric::Betweenness => "betweenness",
        }
    }
}

/// An actor whose rank by a centrality moved.
#[derive(Debug, Clone, PartialEq)]
pub struct RankChange {
    /// The actor.
    pub id: Id,
    /// Which centrality.
    pub metric: Metric,
    /// Its rank in the first snapshot (1 = most central).
    pub before_rank: usize,
    /// Its rank in the second snapshot.
    pub after_rank: usize,
    /// Its score in the first snapshot.
    pub before: f64,
    /// Its score in the second snapshot.
    pub after: f64,
}

impl RankChange {
    /// Places gained (positive: more central).
    pub fn gained(&self) -> i64 {
        self.before_rank as i64 - self.after_rank as i64
    }
}

/// The structural comparison of two snapshots.
#[derive(Debug, Clone, PartialEq)]
pub struct StructureDiff {
    /// Balance and blocs.
    pub balance: BalanceDiff,
    /// Rank changes by PageRank then betweenness, each largest move first (then by id).
    pub centrality: Vec<RankChange>,
    /// How many sampled source actors betweenness was estimated from on each side: the number
    /// asked for, or the larger side's actors when there are fewer (a side searches from all
    /// its actors at most); `None` when it was exact.
    pub betweenness_samples: Option<usize>,
    /// Whether betweenness was ranked at all (the options' metrics held it); when not,
    /// `betweenness_samples` says nothing.
    pub betweenness_ranked: bool,
}

/// The metrics of the analysis that a structural comparison reads; the others are not computed.
pub const COMPARED: [analysis::Metric; 5] = [
    analysis::Metric::PageRank,
    analysis::Metric::Betweenness,
    analysis::Metric::Balance,
    analysis::Metric::Frustration,
    analysis::Metric::Blocs,
];

impl StructureDiff {
    /// Compares the balance, blocs and centrality ranks of `before` and `after`, running
    /// [`analysis::analyze`] on each with `options`, both sides at once.
    ///
    /// Only the metrics compared are computed: PageRank, betweenness, balance, frustration and
    /// blocs, those of them that `options.metrics` holds (a centrality left out has no rank
    /// changes). `options.betweenness` samples the betweenness sources as `analyze` does; the
    /// path lengths are always 1/|w| ([`Metric::Betweenness`]), whatever
    /// `options.betweenness_lengths` says.
    ///
    /// # Complexity
    /// That of [`analysis::analyze`] on each side (dominated by betweenness, O(V·(E + V log V)),
    /// or O(k·(E + V log V)) with k sampled sources, and the frustration and bloc searches), plus
    /// O(T log T) for T triangles.
    ///
    /// # Example
    /// ```
    /// use detente::diff::structure::{StructureDiff, TriangleState};
    /// use detente::snapshot::Snapshot;
    /// let model = detente::load::load_str("detente: 1\nactors:\n  A: {name: A, kind: state}\n  \
    ///     B: {name: B, kind: state}\n  C: {name: C, kind: state}\nrelations:\n  \
    ///     - {between: [A, B], series: [{date: 2020, weight: 1}]}\n  \
    ///     - {between: [B, C], series: [{date: 2020, weight: 1}]}\n  \
    ///     - {between: [A, C], series: [{date: 2020, weight: 1}, {date: 2021, weight: -1}]}\n",
    ///     "x.yaml").unwrap();
    /// let at = |d: &str| Snapshot::at(&model, d.parse().unwrap());
    /// let s = StructureDiff::between(&at("2020"), &at("2021"), &Default::default());
    /// assert_eq!(s.balance.before.frustration, 0);
    /// assert_eq!(s.balance.after.frustration, 1);
    /// assert_eq!(s.balance.became_unbalanced[0].before, TriangleState::Balanced);
    /// ```
    ///
    /// # Reference
    /// Cartwright & Harary, "Structural balance: a generalization of Heider's theory",
    /// *Psychological Review* 63 (1956); the metrics' own references are in docs/metrics.md.
    pub fn between(
        before: &Snapshot,
        after: &Snapshot,
        options: &analysis::Options,
    ) -> StructureDiff {
        let wanted: Vec<analysis::Metric> = (COMPARED.into_iter())
            .filter(|&m| options.metrics.has(m))
            .collect();
        let options = analysis::Options {
            metrics: analysis::Metrics::of(&wanted),
            betweenness_lengths: analysis::PathLengths::Inverse,
            ..*options
        };
        // Each side's analysis is computed as it would be alone; side by side, the cores one
        // leaves idle (the bloc search is sequential) the other fills.
        let (a, b) = rayon::join(
            || analysis::analyze(before, &options),
            || analysis::analyze(after, &options),
        );
        let (old, new) = (triangles(before), triangles(after));
        let mut became_unbalanced = Vec::new();
        let mut became_balanced = Vec::new();
        let keys: BTreeSet<&[Id; 3]> = old.keys().chain(new.keys()).collect();
        for key in keys {
            let state = |m: &BTreeMap<[Id; 3], TriangleState>| {
                m.get(key).copied().unwrap_or(TriangleState::Absent)
            };
            let change = TriangleChange {
                actors: key.clone(),
                before: state(&old),
                after: state(&new),
            };
            let unbalanced = |s| s == TriangleState::Unbalanced;
            match (unbalanced(change.before), unbalanced(change.after)) {
                (false, true) => became_unbalanced.push(change),
                (true, false) => became_balanced.push(change),
                _ => {}
            }
        }

        let groups = |a: &Analysis| -> BTreeMap<u8, BTreeSet<Id>> {
            (0u8..)
                .zip(&a.blocs.blocs)
                .map(|(i, bloc)| (i, bloc.iter().cloned().collect()))
                .collect()
        };
        let (first, second) = (groups(&a), groups(&b));
        let labels: BTreeMap<u8, u32> = first.keys().map(|&g| (g, u32::from(g) + 1)).collect();
        let bloc_of = |groups: &BTreeMap<u8, BTreeSet<Id>>, labels: &BTreeMap<u8, u32>| {
            let mut of: BTreeMap<Id, u32> = BTreeMap::new();
            for (g, members) in groups {
                for id in members {
                    of.insert(id.clone(), labels[g]);
                }
            }
            of
        };
        let first_of = bloc_of(&first, &labels);
        // The after side keeps the label of the bloc it continues, so that a move reads as one;
        // a new bloc takes the next unused label.
        let continues = match_labels(
            Some(&first_of),
            &second.values().cloned().collect::<Vec<_>>(),
        );
        let mut next = labels.len() as u32 + 1;
        let second_labels: BTreeMap<u8, u32> = second
            .keys()
            .zip(continues.values())
            .map(|(&g, c)| {
                (
                    g,
                    c.unwrap_or_else(|| {
                        next += 1;
                        next - 1
                    }),
                )
            })
            .collect();
        let second_of = bloc_of(&second, &second_labels);
        let ids: BTreeSet<&Id> = first_of.keys().chain(second_of.keys()).collect();
        let bloc_moves = ids
            .into_iter()
            .filter_map(|id| {
                let (from, to) = (first_of.get(id).copied(), second_of.get(id).copied());
                (from != to).then(|| BlocMove {
                    id: id.clone(),
                    from,
                    to,
                })
            })
            .collect();

        let side =
            |a: &Analysis, groups: &BTreeMap<u8, BTreeSet<Id>>, labels: &BTreeMap<u8, u32>| {
                BalanceSide {
                    census: a.balance.census,
                    ratio: a.balance.ratio,
                    balanced: a.balance.balanced,
                    frustration: a.balance.frustration.index,
                    exact: a.balance.frustration.exact,
                    blocs: groups
                        .iter()
                        .map(|(g, members)| (labels[g], members.iter().cloned().collect()))
                        .collect(),
                }
            };
        StructureDiff {
            balance: BalanceDiff {
                before: side(&a, &first, &labels),
                after: side(&b, &second, &second_labels),
                became_unbalanced,
                became_balanced,
                bloc_moves,
            },
            centrality: [
                (Metric::PageRank, analysis::Metric::PageRank),
                (Metric::Betweenness, analysis::Metric::Betweenness),
            ]
            .into_iter()
            .filter(|&(_, computed)| options.metrics.has(computed))
            .flat_map(|(m, _)| rank_changes(&a, &b, m))
            .collect(),
            betweenness_samples: a.betweenness_samples.max(b.betweenness_samples),
            betweenness_ranked: options.metrics.has(analysis::Metric::Betweenness),
        }
    }
}

/// Every triangle of the snapshot's signed view with its state, by sorted actor ids.
fn triangles(snapshot: &Snapshot) -> BTreeMap<[Id; 3], TriangleState> {
    let view = View::of(snapshot);
    let signed = Signed::of(&view);
    let mut out = BTreeMap::new();
    balance::for_each_triangle(&signed, |u, v, w, negatives| {
        let mut ids = [u, v, w].map(|x| view.ids[x as usize].clone());
        ids.sort();
        let state = if negatives % 2 == 0 {
            TriangleState::Balanced
        } else {
            TriangleState::Unbalanced
        };
        out.insert(ids, state);
    });
    out
}

/// Scores within this are equal for ranking.
const TIE: f64 = 1e-12;

/// Competition ranks (1 = highest score) of `scores`.
fn ranks(scores: &[(Id, f64)]) -> BTreeMap<&Id, (usize, f64)> {
    let mut sorted: Vec<f64> = scores.iter().map(|s| s.1).collect();
    sorted.sort_by(|x, y| y.total_cmp(x));
    scores
        .iter()
        .map(|(id, score)| {
            let better = sorted.partition_point(|&s| s > score + TIE);
            (id, (better + 1, *score))
        })
        .collect()
}

fn scores(a: &Analysis, metric: Metric) -> Vec<(Id, f64)> {
    // Actors without a tie all share the last places; their ranks move only because others'
    // do, so they are left out.
    a.actors
        .iter()
        .filter(|m| m.degree > 0)
        .map(|m| {
            let score = match metric {
                Metric::PageRank => m.pagerank,
                Metric::Betweenness => m.betweenness,
            };
            (m.id.clone(), score)
        })
        .collect()
}

/// Rank changes by `metric` for actors on both sides, largest move first, then by id.
fn rank_changes(a: &Analysis, b: &Analysis, metric: Metric) -> Vec<RankChange> {
    let (sa, sb) = (scores(a, metric), scores(b, metric));
    let (ra, rb) = (ranks(&sa), ranks(&sb));
    let mut out: Vec<RankChange> = ra
        .iter()
        .filter_map(|(id, &(before_rank, before))| {
            let &(after_rank, after) = rb.get(id)?;
            (before_rank != after_rank).then(|| RankChange {
                id: (*id).clone(),
                metric,
                before_rank,
                after_rank,
                before,
                after,
            })
        })
        .collect();
    out.sort_by(|x, y| {
        y.gained()
            .abs()
            .cmp(&x.gained().abs())
            .then_with(|| x.id.cmp(&y.id))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn competition_ranks_share_the_better_place() {
        let s = |v: &[(&str, f64)]| -> Vec<(Id, f64)> {
            v.iter().map(|(i, x)| (Id::from(*i), *x)).collect()
        };
        let scores = s(&[("a", 0.5), ("b", 0.2), ("c", 0.5), ("d", 0.1)]);
        let r = ranks(&scores);
        let rank = |id: &str| r[&Id::from(id)].0;
        assert_eq!((rank("a"), rank("c"), rank("b"), rank("d")), (1, 1, 3, 4));
    }

    #[test]
    fn only_the_centralities_asked_for_are_ranked() {
        use crate::analysis::{BetweennessSources, Metric as M, Metrics, Options};
        let model = crate::generate::generate(&crate::generate::Spec::sized(24, 90, 3));
        let at = |d: &str| Snapshot::at(&model, d.parse().unwrap());
        let (before, after) = (at("2005"), at("2015"));
        let ranked = |options: &Options| {
            let s = StructureDiff::between(&before, &after, options);
            let metrics: BTreeSet<Metric> = s.centrality.iter().map(|r| r.metric).collect();
            (metrics, s.betweenness_samples)
        };
        let both = BTreeSet::from([Metric::PageRank, Metric::Betweenness]);
        assert_eq!(ranked(&Options::default()), (both, None));
        let sampled = Options {
            betweenness: BetweennessSources::Sample(5),
            ..Options::default()
        };
        assert_eq!(ranked(&sampled).1, Some(5));
        // No more sources than actors, as `analyze` reports.
        let all = Options {
            betweenness: BetweennessSources::Sample(1000),
            ..Options::default()
        };
        assert_eq!(ranked(&all).1, Some(24));
        let no_betweenness = Options {
            metrics: Metrics::of(&[M::PageRank, M::Balance, M::Frustration, M::Blocs]),
            ..Options::default()
        };
        let pagerank = BTreeSet::from([Metric::PageRank]);
        assert_eq!(ranked(&no_betweenness), (pagerank, None));
        // Balance and blocs are the same whatever the centralities.
        let full = StructureDiff::between(&before, &after, &Options::default());
        let lean = StructureDiff::between(&before, &after, &no_betweenness);
        assert_eq!(full.balance, lean.balance);
        // Betweenness is ranked by lengths 1/|w|, as `Metric::Betweenness` says.
        let hops = Options {
            betweenness_lengths: crate::analysis::PathLengths::Hops,
            ..Options::default()
        };
        assert_eq!(StructureDiff::between(&before, &after, &hops), full);
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;
    use crate::model::{Actor, ActorKind, Ends, Graph, Id, Point, Relation};

    /// Six states with a tie on every listed pair: weight `w2020` from 2020 and `w2021` from
    /// 2021 (0 drops the tie from 2021 on).
    fn model(ties: &[(u8, u8, i8, i8)]) -> Graph {
        let mut g = Graph::default();
        for i in 0..6u8 {
            let id = Id::from(format!("s{i}"));
            g.actors.insert(
                id.clone(),
                Actor {
                    id: id.clone(),
                    name: id.to_string(),
                    kind: ActorKind::State,
                    posts: vec![],
                    note: None,
                    aliases: Vec::new(),
                    attributes: Default::default(),
                    part_of: Vec::new(),
                },
            );
        }
        let d = |s: &str| s.parse().expect("a date");
        let mut seen = BTreeSet::new();
        for &(a, b, w0, w1) in ties {
            let (a, b) = (a.min(b), a.max(b));
            if a == b || !seen.insert((a, b)) {
                continue;
            }
            let second = if w1 == 0 {
                Point::end(d("2021"))
            } else {
                Point::weight(d("2021"), f64::from(w1))
            };
            g.relations.push(Relation {
                ends: Ends::Mutual(format!("s{a}").into(), format!("s{b}").into()),
                kind: "relation".into(),
                interpolation: None,
                series: vec![Point::weight(d("2020"), f64::from(w0)), second],
                note: None,
            });
        }
        g
    }

    fn signs() -> impl Strategy<Value = i8> {
        prop_oneof![Just(-1i8), Just(1i8)]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// A snapshot compared with itself has no structural change, and comparing the other
        /// way round swaps the two sides: what became unbalanced became balanced, the indices
        /// trade places and every rank change is reversed. (Bloc moves are not mirrored
        /// exactly: labels are matched from the first side, greedily.)
        #[test]
        fn itself_is_empty_and_the_reverse_is_the_mirror(
            ties in prop::collection::vec((0u8..6, 0u8..6, signs(), prop_oneof![Just(0i8), Just(-1), Just(1)]), 0..14),
        ) {
            let g = model(&ties);
            let a = Snapshot::at(&g, "2020".parse().expect("a date"));
            let b = Snapshot::at(&g, "2021".parse().expect("a date"));
            let options = analysis::Options::default();
            let same = StructureDiff::between(&a, &a, &options);
            prop_assert!(same.balance.became_unbalanced.is_empty());
            prop_assert!(same.balance.became_balanced.is_empty());
            prop_assert!(same.balance.bloc_moves.is_empty());
            prop_assert!(same.centrality.is_empty());

            let forward = StructureDiff::between(&a, &b, &options);
            let back = StructureDiff::between(&b, &a, &options);
            let swap = |list: &[TriangleChange]| -> Vec<TriangleChange> {
                list.iter().map(|t| TriangleChange {
                    actors: t.actors.clone(), before: t.after, after: t.before,
                }).collect()
            };
            prop_assert_eq!(swap(&forward.balance.became_unbalanced), back.balance.became_balanced.clone());
            prop_assert_eq!(swap(&forward.balance.became_balanced), back.balance.became_unbalanced.clone());
            prop_assert_eq!(forward.balance.before.frustration, back.balance.after.frustration);
            let moved = |s: &StructureDiff| -> BTreeSet<(Id, Metric, usize, usize)> {
                s.centrality.iter().map(|r| (r.id.clone(), r.metric, r.before_rank, r.after_rank)).collect()
            };
            let reversed: BTreeSet<_> = moved(&back).into_iter().map(|(i, m, x, y)| (i, m, y, x)).collect();
            prop_assert_eq!(moved(&forward), reversed);
        }
    }
}
