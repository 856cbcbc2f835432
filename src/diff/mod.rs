//! What changed between two snapshots: actors added and removed, ties added, removed and changed
//! (with before, after and delta), sign flips, and who entered or left office. Computed as data;
//! the reports in [`crate::render::report::diff`] print it and
//! [`crate::render::diagram::diff_dot`] draws it from the diff alone.
//!
//! The two snapshots may be one graph on two dates, two graphs (or a scenario and its base) on one
//! date, or anything else: a diff only ever compares two [`Snapshot`]s.
//!
//! # Definitions
//! - Ties are matched by [`RelationKey`]: their ends, kind and, for directed ties, direction. A
//!   mutual tie's key has its ends in sorted order, so `[USA, BLR]` matches `[BLR, USA]`.
//! - A matched tie has *changed* when `|after - before| > EPSILON` (`1e-12`); smaller differences
//!   are floating-point noise (linear interpolation by days) and count as unchanged.
//! - A *sign flip* is a changed tie whose weight went from strictly positive to strictly negative
//!   or the reverse. Zero is neutral, not a sign: `+0.3 -> 0` and `0 -> -0.3` are not flips.
//! - `delta` is `after - before`, with an absent side counting as 0: an added tie's delta is its
//!   weight, a removed tie's delta is minus its weight.
//! - `threshold` hides *changed* ties with `|delta| < threshold` and counts them as hidden. Added
//!   and removed ties are always shown: a tie appearing or disappearing is a change of kind, not of
//!   degree.
//! - Posts: a person's placement (the post that places them in a state on the snapshot's date) is
//!   compared; a different or new placement is a post started, a different or lost one a post
//!   ended. A person who moves from one post to another has one of each.
//!
//! # The structural section
//! The balance comparison (triangles that became balanced or unbalanced, the frustration index
//! before and after, bloc moves) and centrality rank changes are [`GraphDiff::structure`], an
//! `Option` computed from the same two snapshots only when asked for
//! ([`GraphDiff::with_structure`], `diff --balance`), because it runs the whole analysis on both
//! sides and costs far more than the tie walk. The renderers add a section when it is `Some`;
//! JSON omits its fields when `None`. See [`structure`].

mod cast;
mod matching;
pub mod structure;

use std::collections::BTreeMap;

use crate::explain::changes_near;
use crate::explain::{CitedPoint, Citer};
use crate::model::{ActorKind, Date, Id, RelationKey, Scale};
use crate::snapshot::Snapshot;

pub use cast::{ActorMove, ActorSides};

/// Differences in weight at or below this are floating-point noise, not changes.
pub const EPSILON: f64 = 1e-12;

/// What to compute and what to leave out.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct DiffOptions {
    /// Changed ties with `|delta|` below this are hidden (counted in [`Summary::hidden`]).
    pub threshold: f64,
}

/// One side of a diff: which graph, on which date.
#[derive(Debug, Clone, PartialEq)]
pub struct Side {
    /// What the user called the input (a path or `REV:PATH`), when known.
    pub name: Option<String>,
    /// The graph's title.
    pub title: Option<String>,
    /// The date of the snapshot.
    pub date: Date,
    /// The range its weights are written in.
    pub scale: Scale,
    /// Its relation kinds' rules (`relation_kinds:`), whose `style:` hints the diff diagram
    /// draws as the snapshot diagram does.
    pub kinds: BTreeMap<String, crate::model::KindRules>,
}

/// An actor present on one side only.
/// Serialised as `diff --format json` prints it (`id`, `name`, `kind`).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ActorRef {
    /// Its id.
    pub id: Id,
    /// Its display name.
    pub name: String,
    /// Its kind.
    pub kind: ActorKind,
}

/// Actors present in one snapshot and not the other.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct ActorChanges {
    /// In the second snapshot only, in id order.
    pub added: Vec<ActorRef>,
    /// In the first snapshot only, in id order.
    pub removed: Vec<ActorRef>,
}

/// How a tie differs between the two snapshots.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Change {
    /// The tie exists only in the second snapshot.
    Added,
    /// The tie exists only in the first snapshot.
    Removed,
    /// The tie exists in both, with different weights.
    Changed,
}

impl Change {
    /// The name used in JSON and tables.
    pub fn as_str(self) -> &'static str {
        match self {
            Change::Added => "added",
            Change::Removed => "removed",
            Change::Changed => "changed",
        }
    }

    /// The change seen from the other side (`diff(B, A)` for a change of `diff(A, B)`).
    pub fn mirror(self) -> Change {
        match self {
            Change::Added => Change::Removed,
            Change::Removed => Change::Added,
            Change::Changed => Change::Changed,
        }
    }
}

/// How a tie moved, for styling diagrams and grouping tables. Strength is the weight's magnitude,
/// so a hostile tie that becomes more hostile is *strengthened*.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Movement {
    /// The tie appeared.
    Gained,
    /// The tie disappeared.
    Lost,
    /// Same sign (or from zero), larger magnitude.
    Strengthened,
    /// Same sign (or to zero), smaller magnitude.
    Weakened,
    /// From strictly positive to strictly negative, or the reverse.
    SignFlipped,
}

impl Movement {
    /// The name used in JSON and tables.
    pub fn as_str(self) -> &'static str {
        match self {
            Movement::Gained => "gained",
            Movement::Lost => "lost",
            Movement::Strengthened => "strengthened",
            Movement::Weakened => "weakened",
            Movement::SignFlipped => "sign_flipped",
        }
    }
}

/// One tie that differs between the two snapshots.
#[derive(Debug, Clone, PartialEq)]
pub struct TieChange<'a> {
    /// The tie's identity, borrowed from the snapshot it was found in.
    pub key: &'a RelationKey,
    /// Added, removed or changed.
    pub change: Change,
    /// The weight in the first snapshot, if the tie exists there.
    pub before: Option<f64>,
    /// The weight in the second snapshot, if the tie exists there.
    pub after: Option<f64>,
    /// `after - before`, an absent side counting as 0.
    pub delta: f64,
    /// Where the tie's relation is in the `relations` of the first and of the second snapshot's
    /// graph (each side's [`Tie::relation`](crate::snapshot::Tie::relation)), so that its points
    /// are found without looking its key up.
    pub relations: (Option<usize>, Option<usize>),
}

impl TieChange<'_> {
    /// Whether the weight went from strictly positive to strictly negative or the reverse.
    pub fn is_sign_flip(&self) -> bool {
        match (self.before, self.after) {
            (Some(b), Some(a)) => flips(b, a),
            _ => false,
        }
    }

    /// How the tie moved.
    pub fn movement(&self) -> Movement {
        match (self.before, self.after) {
            (None, _) => Movement::Gained,
            (_, None) => Movement::Lost,
            _ if self.is_sign_flip() => Movement::SignFlipped,
            (Some(b), Some(a)) if a.abs() > b.abs() => Movement::Strengthened,
            _ => Movement::Weakened,
        }
    }
}

/// Whether a weight went from strictly positive to strictly negative or the reverse.
fn flips(before: f64, after: f64) -> bool {
    (before > 0.0 && after < 0.0) || (before < 0.0 && after > 0.0)
}

/// A tie present on both sides and not listed as a change (see [`GraphDiff::steady`]).
#[derive(Debug, Clone, PartialEq)]
pub struct SteadyTie<'a> {
    /// The tie's identity, borrowed from the second snapshot.
    pub key: &'a RelationKey,
    /// The weight in the first snapshot.
    pub before: f64,
    /// The weight in the second snapshot.
    pub after: f64,
}

/// A person's placement that begins or ends between the two snapshots.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PostChange {
    /// The person's id.
    pub actor: Id,
    /// The person's display name.
    pub name: String,
    /// The state or organisation of the post.
    pub of: Id,
    /// The post's title.
    pub title: String,
}

/// Who entered or left office between the two snapshots.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct PostChanges {
    /// Placements in the second snapshot that the first lacks, in actor id order.
    pub started: Vec<PostChange>,
    /// Placements in the first snapshot that the second lacks, in actor id order.
    pub ended: Vec<PostChange>,
}

/// The counts of a diff.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Ties added.
    pub added: usize,
    /// Ties removed.
    pub removed: usize,
    /// Ties changed and shown (at or above the threshold).
    pub changed: usize,
    /// Ties in both snapshots with the same weight (within [`EPSILON`]).
    pub unchanged: usize,
    /// Shown changed ties whose sign flipped.
    pub sign_flips: usize,
    /// Changed ties hidden by the threshold.
    pub hidden: usize,
}

/// What changed between two snapshots.
#[derive(Debug, Clone, PartialEq)]
pub struct GraphDiff<'a> {
    /// The first snapshot.
    pub from: Side,
    /// The second snapshot.
    pub to: Side,
    /// The threshold that was applied.
    pub threshold: f64,
    /// Actors added and removed.
    pub actors: ActorChanges,
    /// Tie changes that are shown, in key order.
    pub ties: Vec<TieChange<'a>>,
    /// Posts started and ended.
    pub posts: PostChanges,
    /// Every actor of either snapshot, in id order, with its node on each side and what happened
    /// to it: what the diff diagram draws.
    pub cast: Vec<ActorSides<'a>>,
    /// The ties present on both sides that [`GraphDiff::ties`] does not list (unchanged within
    /// [`EPSILON`], or changed by less than the threshold), in key order. Diagrams draw them
    /// dimmed.
    pub steady: Vec<SteadyTie<'a>>,
    /// The counts.
    pub summary: Summary,
    /// Balance, blocs and centrality ranks compared, when asked for.
    pub structure: Option<structure::StructureDiff>,
    /// For each tie of [`GraphDiff::ties`], in the same order, the points that changed it, with
    /// their events and sources, when asked for ([`GraphDiff::with_points`]); read them with
    /// [`GraphDiff::tie_points`] or [`GraphDiff::points_for`].
    pub points: Option<Vec<ChangePoints>>,
}

/// The points that changed one tie between the two sides (see [`crate::explain::changes`]).
#[derive(Debug, Clone, PartialEq)]
pub struct ChangePoints {
    /// The points, oldest first.
    pub points: Vec<CitedPoint>,
    /// The index of the point in force on the second side's date, when it is among them.
    pub in_force: Option<usize>,
}

impl ChangePoints {
    /// The points that changed the tie `key` from its value in `before` on `from` to its value
    /// in `after` on `to` (the citers of the two sides' graphs), as
    /// [`GraphDiff::with_points`] finds each tie's.
    pub fn of(key: &RelationKey, before: &Citer, after: &Citer, from: Date, to: Date) -> Self {
        Self::near(key, (None, None), before, after, from, to)
    }

    /// [`ChangePoints::of`] the tie change `change`, its relations looked for first where the
    /// change says they are.
    pub fn of_change(
        change: &TieChange,
        before: &Citer,
        after: &Citer,
        from: Date,
        to: Date,
    ) -> Self {
        Self::near(change.key, change.relations, before, after, from, to)
    }

    fn near(
        key: &RelationKey,
        at: (Option<usize>, Option<usize>),
        before: &Citer,
        after: &Citer,
        from: Date,
        to: Date,
    ) -> Self {
        // One graph on two dates: a tie on one side only is in that graph's relations all the
        // same, where its side says, and is not looked for by key (a map of every relation,
        // built for the ties added or removed: a million entries at L).
        let at = match std::ptr::eq(before.graph(), after.graph()) {
            true => (at.0.or(at.1), at.1.or(at.0)),
            false => at,
        };
        let points = changes_near(before, after, key, at, from, to);
        let in_force = after.in_force_near(at.1, key, to).and_then(|current| {
            points
                .iter()
                .rposition(|p| p.date == current.date && p.value == current.value)
        });
        ChangePoints { points, in_force }
    }
}

impl<'a> GraphDiff<'a> {
    /// Compares `before` with `after`.
    ///
    /// Ties are matched by key with a sort and a merge walk: actor ids are ranked once (a merge of
    /// the two snapshots' sorted id maps) and kinds likewise, so each tie's key packs into one
    /// integer whose order is [`RelationKey`]'s order, and no string is compared per tie. The two
    /// sides are scanned and radix-sorted on two threads; tie keys are borrowed, not copied.
    ///
    /// # Arguments
    /// * `before`, `after`: the two snapshots, in the order "from" and "to".
    /// * `options`: the threshold below which changed ties are hidden.
    ///
    /// # Returns
    /// A [`GraphDiff`] with the tie changes and the steady ties in key order and the actors and
    /// posts in id order.
    ///
    /// # Complexity
    /// O(A + E log k) time and O(A + E) memory for A actors, E ties and k distinct kinds on the
    /// two sides (the radix sort is linear in E; k is small in practice).
    ///
    /// # Example
    /// ```
    /// use detente::diff::{Change, DiffOptions, GraphDiff};
    /// use detente::snapshot::Snapshot;
    /// let model = detente::load::load_str(
    ///     "detente: 1\nactors:\n  A: {name: A, kind: state}\n  B: {name: B, kind: state}\n\
    ///      relations:\n  - between: [B, A]\n    series:\n      \
    ///      - {date: 2020, weight: 0.5}\n      - {date: 2021, weight: -0.25}\n",
    ///     "example.yaml",
    /// ).unwrap();
    /// let at = |d: &str| Snapshot::at(&model, d.parse().unwrap());
    /// let (before, after) = (at("2020-06"), at("2021-06"));
    /// let diff = GraphDiff::between(&before, &after, &DiffOptions::default());
    /// assert_eq!(diff.ties[0].change, Change::Changed);
    /// assert_eq!(diff.ties[0].delta, -0.75);
    /// assert_eq!(diff.summary.sign_flips, 1);
    /// ```
    ///
    /// # Reference
    /// The merge walk is the sort-merge join (Knuth, *The Art of Computer Programming*, vol. 3,
    /// §5.3.2, merging sorted sequences); the sort is an LSD radix sort (ibid., §5.2.5).
    pub fn between(before: &'a Snapshot, after: &'a Snapshot, options: &DiffOptions) -> Self {
        let (actors, ties, steady, summary) = matching::compare(before, after, options);
        let (cast, posts) = cast::cast(before, after);
        GraphDiff {
            from: side(before),
            to: side(after),
            threshold: options.threshold,
            actors,
            ties,
            posts,
            cast,
            steady,
            summary,
            structure: None,
            points: None,
        }
    }

    /// Adds, for each listed tie change, the points that made it ([`crate::explain::changes`]):
    /// `before` and `after` cite the graphs the two snapshots were taken of (the same graph for a
    /// diff between two dates).
    ///
    /// Runs in O(T·P) after the citers' O(R log R) indexes, for T tie changes of P points.
    pub fn with_points(mut self, before: &Citer, after: &Citer) -> Self {
        let (from, to) = (self.from.date, self.to.date);
        // Each tie on its own, on all cores; rayon's ordered collect keeps the ties' order.
        use rayon::prelude::*;
        let points: Vec<ChangePoints> = self
            .ties
            .par_iter()
            .with_min_len(1024)
            .map(|t| ChangePoints::of_change(t, before, after, from, to))
            .collect();
        self.points = Some(points);
        self
    }

    /// The points that changed the `i`th tie of [`GraphDiff::ties`], when the diff has them.
    pub fn tie_points(&self, i: usize) -> Option<&ChangePoints> {
        // Only while the ties are the ones the points were found for.
        let points = self
            .points
            .as_ref()
            .filter(|p| p.len() == self.ties.len())?;
        points.get(i)
    }

    /// The points that changed the tie `key` (one of [`GraphDiff::ties`]), when the diff has
    /// them. O(log T) key comparisons for T tie changes.
    pub fn points_for(&self, key: &RelationKey) -> Option<&ChangePoints> {
        let i = self.ties.binary_search_by(|t| t.key.cmp(key)).ok()?;
        self.tie_points(i)
    }

    /// Adds the structural comparison ([`structure::StructureDiff::between`]) of `before` and
    /// `after`, which must be the snapshots this diff was computed from.
    pub fn with_structure(
        mut self,
        before: &Snapshot,
        after: &Snapshot,
        options: &crate::analysis::Options,
    ) -> Self {
        self.structure = Some(structure::StructureDiff::between(before, after, options));
        self
    }

    /// Names the two sides (a path or `REV:PATH`), for headings.
    pub fn with_names(mut self, from: impl Into<String>, to: impl Into<String>) -> Self {
        self.from.name = Some(from.into());
        self.to.name = Some(to.into());
        self
    }

    /// Whether nothing that is shown differs: no actor, tie or post change.
    pub fn is_empty(&self) -> bool {
        self.actors.added.is_empty()
            && self.actors.removed.is_empty()
            && self.ties.is_empty()
            && self.posts.started.is_empty()
            && self.posts.ended.is_empty()
    }
}

fn side(snapshot: &Snapshot) -> Side {
    Side {
        name: None,
        title: snapshot.title.clone(),
        date: snapshot.date,
        scale: snapshot.scale,
        kinds: snapshot.kinds.clone(),
    }
}

#[cfg(test)]
mod tests;
