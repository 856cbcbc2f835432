//! Matching the two snapshots' ties: keys packed into integers whose order is [`RelationKey`]'s,
//! sorted on two threads (into buckets by their top bits, then each bucket radix-sorted) and
//! merged, so that no string is compared per tie.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use petgraph::graph::{Edge, NodeIndex};

use super::{ActorChanges, ActorRef, Change, DiffOptions, EPSILON, SteadyTie, Summary, TieChange};
use crate::model::Id;
use crate::snapshot::{Snapshot, Tie};

/// The actors on one side only, the tie changes and the steady ties in key order, and the counts.
pub(super) fn compare<'a>(
    before: &'a Snapshot,
    after: &'a Snapshot,
    options: &DiffOptions,
) -> (
    ActorChanges,
    Vec<TieChange<'a>>,
    Vec<SteadyTie<'a>>,
    Summary,
) {
    let ranks = Ranks::of(before, after);
    if let Some((ties, steady, summary)) = match_narrow(before, after, &ranks, options) {
        return (ranks.actors, ties, steady, summary);
    }
    let (a, b) = both(|| scan(before, &ranks.before), || scan(after, &ranks.after));
    let kinds = KindRanks::of(&a.kinds, &b.kinds);
    let layout = KeyLayout::new(ranks.count, kinds.count);
    let (ties, steady, summary) = if layout.fits_u64() {
        match_ties(&a, &b, &kinds, layout, options, |k| k as u64)
    } else {
        match_ties(&a, &b, &kinds, layout, options, |k| k)
    };
    (ranks.actors, ties, steady, summary)
}

/// Each node's rank in the sorted union of both snapshots' actor ids, and the actors on one side
/// only (found by the same merge).
pub(super) struct Ranks {
    pub(super) count: usize,
    pub(super) before: Vec<u32>,
    pub(super) after: Vec<u32>,
    actors: ActorChanges,
}

impl Ranks {
    pub(super) fn of(before: &Snapshot, after: &Snapshot) -> Ranks {
        let mut ranks = Ranks {
            count: 0,
            before: vec![0; before.graph.node_count()],
            after: vec![0; after.graph.node_count()],
            actors: ActorChanges::default(),
        };
        let actor = |s: &Snapshot, n: NodeIndex| {
            let node = &s.graph[n];
            ActorRef {
                id: node.id.clone(),
                name: node.name.clone(),
                kind: node.kind,
            }
        };
        let mut rank: u32 = 0;
        for_each_merged(&before.index, &after.index, |x, y| {
            if let Some(&n) = x {
                ranks.before[n.index()] = rank;
            }
            if let Some(&n) = y {
                ranks.after[n.index()] = rank;
            }
            match (x, y) {
                (Some(&n), None) => ranks.actors.removed.push(actor(before, n)),
                (None, Some(&n)) => ranks.actors.added.push(actor(after, n)),
                _ => {}
            }
            rank += 1;
        });
        ranks.count = rank as usize;
        ranks
    }
}

/// Walks two sorted maps together, calling `f` once per key of their union, in key order.
pub(super) fn for_each_merged<'a, V>(
    x: &'a BTreeMap<Id, V>,
    y: &'a BTreeMap<Id, V>,
    mut f: impl FnMut(Option<&'a V>, Option<&'a V>),
) {
    let mut x = x.iter().peekable();
    let mut y = y.iter().peekable();
    loop {
        let order = match (x.peek(), y.peek()) {
            (Some(a), Some(b)) => a.0.cmp(b.0),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => return,
        };
        match order {
            Ordering::Less => f(x.next().map(|e| e.1), None),
            Ordering::Greater => f(None, y.next().map(|e| e.1)),
            Ordering::Equal => f(x.next().map(|e| e.1), y.next().map(|e| e.1)),
        }
    }
}

/// Runs two independent computations on two threads and returns both results.
fn both<A: Send, B: Send>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B + Send) -> (A, B) {
    // On the worker pool (started by `main` before any work), not a thread of its own: a thread
    // started here could be refused, and would wait for a core the pool holds anyway.
    rayon::join(a, b)
}

/// One snapshot's ties in one pass: each as a provisional key (ends by actor rank, kind by its
/// number in `kinds`), weight and edge. Kinds get their final ranks once both sides are known.
pub(super) struct Scan<'a> {
    pub(super) kinds: Vec<&'a str>,
    ties: Vec<Packed<u128>>,
    edges: &'a [Edge<Tie>],
}

pub(super) fn scan<'a>(s: &'a Snapshot, ranks: &[u32]) -> Scan<'a> {
    let (ties, kinds) = scan_with(s, ranks, |from, to, kind, directed| {
        (u128::from(from) << 64)
            | (u128::from(to) << 32)
            | (u128::from(kind) << 1)
            | u128::from(directed)
    });
    Scan {
        kinds,
        ties,
        edges: s.graph.raw_edges(),
    }
}

/// One pass over a snapshot's edges: each tie with the key `pack` makes of its ends' ranks, its
/// kind's number on this side and its direction, and the kinds in the order numbered.
fn scan_with<'a, K>(
    s: &'a Snapshot,
    ranks: &[u32],
    mut pack: impl FnMut(u32, u32, u32, bool) -> K,
) -> (Vec<Packed<K>>, Vec<&'a str>) {
    // Kinds are numbered in the order first met, found by address (names are interned) before
    // their text is compared: comparing each tie's kind with the last one's as text took a
    // sixth of a diff's time when two kinds alternate.
    let mut kinds = crate::snapshot::KindPlaces::default();
    let ties = (s.graph.raw_edges().iter().enumerate())
        .map(|(e, edge)| {
            let tie = &edge.weight;
            let kind = kinds.place(&tie.key.kind);
            let (from, to) = (ranks[edge.source().index()], ranks[edge.target().index()]);
            let key = pack(from, to, kind, tie.key.directed);
            // Edge indices are `u32` (petgraph's default index type).
            (key, tie.weight, e as u32, tie.relation_place())
        })
        .collect();
    (ties, kinds.distinct)
}

/// The matching when keys fit in 64 bits with the kind field as wide as the ends leave it:
/// each side is scanned straight into its final `u64` keys (a kind by its number on that side),
/// then the kinds are renumbered in place to their ranks among both sides' kinds, and sorted.
/// That skips [`scan`]'s 32-byte provisional keys and the pass that packs them again. `None`
/// when the keys do not fit (billions of actors, or more kinds than the field holds).
pub(super) fn match_narrow<'a>(
    before: &'a Snapshot,
    after: &'a Snapshot,
    ranks: &Ranks,
    options: &DiffOptions,
) -> Option<(Vec<TieChange<'a>>, Vec<SteadyTie<'a>>, Summary)> {
    let actor_bits = usize::BITS - ranks.count.leading_zeros();
    // At least one bit for the kind, one for the direction.
    let kind_bits = 63u32.checked_sub(2 * actor_bits).filter(|&b| b >= 1)?;
    let layout = KeyLayout {
        actor_bits,
        kind_bits,
    };
    let scan_side = |s: &'a Snapshot, ranks: &[u32]| {
        let mut fits = true;
        let scanned = scan_with(s, ranks, |from, to, kind, directed| {
            fits &= u64::from(kind) >> kind_bits == 0;
            layout.pack(from, to, kind, directed) as u64
        });
        fits.then_some(scanned)
    };
    let (a, b) = both(
        || scan_side(before, &ranks.before),
        || scan_side(after, &ranks.after),
    );
    let ((a, a_kinds), (b, b_kinds)) = (a?, b?);
    let kinds = KindRanks::of(&a_kinds, &b_kinds);
    if (kinds.count as u64) >> kind_bits != 0 {
        return None;
    }
    let (a, b) = both(
        || renumbered_and_sorted(a, &kinds.before, layout),
        || renumbered_and_sorted(b, &kinds.after, layout),
    );
    let edges = (before.graph.raw_edges(), after.graph.raw_edges());
    Some(merge_sorted((&a, edges.0), (&b, edges.1), options))
}

/// A side's ties of [`match_narrow`], their kinds renumbered from the side's numbers to `ranks`
/// (in place, and not at all when the numbers are the ranks), sorted by key.
fn renumbered_and_sorted(
    mut ties: Vec<Packed<u64>>,
    ranks: &[u32],
    layout: KeyLayout,
) -> Vec<Packed<u64>> {
    let mask = ((1u64 << layout.kind_bits) - 1) << 1;
    if !ranks.iter().enumerate().all(|(i, &r)| i == r as usize) {
        for tie in ties.iter_mut() {
            let kind = ranks[((tie.0 & mask) >> 1) as usize];
            tie.0 = (tie.0 & !mask) | (u64::from(kind) << 1);
        }
    }
    // A graph stored in key order gives its ties sorted already (see `packed_ties`). Unsorted
    // ties fail this check within their first few.
    if ties.is_sorted_by_key(|t| t.0) {
        return ties;
    }
    let shift = layout.bits().saturating_sub(BUCKET_BITS);
    let mut counts = [0usize; 1 << BUCKET_BITS];
    let buckets: Vec<u8> = (ties.iter())
        .map(|tie| {
            let bucket = (tie.0 >> shift) as u8;
            counts[usize::from(bucket)] += 1;
            bucket
        })
        .collect();
    sort_in_buckets(&ties, &buckets, &counts)
}

/// Each side's kind numbers mapped to their ranks in the sorted union of both sides' kinds.
pub(super) struct KindRanks {
    before: Vec<u32>,
    after: Vec<u32>,
    pub(super) count: usize,
}

impl KindRanks {
    pub(super) fn of(before: &[&str], after: &[&str]) -> KindRanks {
        let mut union: BTreeMap<&str, u32> = before.iter().chain(after).map(|k| (*k, 0)).collect();
        for (rank, value) in union.values_mut().enumerate() {
            *value = u32::try_from(rank).unwrap_or(u32::MAX);
        }
        let ranks = |kinds: &[&str]| kinds.iter().map(|k| union[k]).collect();
        KindRanks {
            before: ranks(before),
            after: ranks(after),
            count: union.len(),
        }
    }
}

/// How a tie's key packs into one integer: from-rank, to-rank, kind-rank, directed bit, from the
/// most significant bits down, so that integer order is [`RelationKey`] order.
#[derive(Debug, Clone, Copy)]
pub(super) struct KeyLayout {
    actor_bits: u32,
    kind_bits: u32,
}

impl KeyLayout {
    pub(super) fn new(actors: usize, kinds: usize) -> KeyLayout {
        let bits = |n: usize| usize::BITS - n.leading_zeros();
        KeyLayout {
            actor_bits: bits(actors),
            kind_bits: bits(kinds),
        }
    }

    /// How many bits a packed key takes.
    pub(super) fn bits(self) -> u32 {
        2 * self.actor_bits + self.kind_bits + 1
    }

    /// Whether keys fit in 64 bits (up to millions of actors with a few kinds), which halves the
    /// memory the sort moves.
    pub(super) fn fits_u64(self) -> bool {
        2 * self.actor_bits + self.kind_bits < 64
    }

    pub(super) fn pack(self, from: u32, to: u32, kind: u32, directed: bool) -> u128 {
        let kind_shift = 1;
        let to_shift = kind_shift + self.kind_bits;
        let from_shift = to_shift + self.actor_bits;
        (u128::from(from) << from_shift)
            | (u128::from(to) << to_shift)
            | (u128::from(kind) << kind_shift)
            | u128::from(directed)
    }
}

/// A tie as the merge walk sees it: packed key, weight, its edge and its relation as the tie
/// keeps it ([`Tie::relation_place`]), so the walk reads memory in order: it only takes the
/// address of the edge's key, and never reads the edge itself.
type Packed<K> = (K, f64, u32, u32);

/// A side's scanned ties with their final packed keys, sorted by key.
fn packed_ties<K: Ord + Copy + radsort::Key>(
    scan: &Scan,
    kinds: &[u32],
    layout: KeyLayout,
    narrow: impl Fn(u128) -> K,
) -> Vec<Packed<K>> {
    // Each tie's bucket is the top `BUCKET_BITS` of its key, counted as the keys are packed.
    let shift = layout.bits().saturating_sub(BUCKET_BITS);
    let mut counts = [0usize; 1 << BUCKET_BITS];
    let mut buckets: Vec<u8> = Vec::with_capacity(scan.ties.len());
    let ties: Vec<Packed<K>> = scan
        .ties
        .iter()
        .map(|&(key, weight, edge, relation)| {
            let (from, to) = ((key >> 64) as u32, (key >> 32) as u32);
            let kind = kinds[((key >> 1) as u32 & 0x7fff_ffff) as usize];
            let packed = layout.pack(from, to, kind, key & 1 == 1);
            let bucket = (packed >> shift) as u8;
            counts[usize::from(bucket)] += 1;
            buckets.push(bucket);
            (narrow(packed), weight, edge, relation)
        })
        .collect();
    // A graph stored in key order (`import --order key`, or written so) gives its ties sorted
    // already: one pass finds that out, in a fraction of a sort's time.
    if ties.is_sorted_by_key(|t| t.0) {
        return ties;
    }
    sort_in_buckets(&ties, &buckets, &counts)
}

/// How many of a packed key's top bits choose its bucket in [`sort_in_buckets`]. Measured at a
/// million ties: 8 bits, 30–31 ms a diff; 10, 32–33 ms; 12, 33–36 ms; one LSD radix sort of the
/// whole side, 38–41 ms.
const BUCKET_BITS: u32 = 8;

/// `ties` sorted by key: first moved to the buckets of their keys' top bits (`buckets[i]` is
/// `ties[i]`'s, `counts` how many each holds), in one pass, then each bucket sorted on its own.
///
/// An LSD radix sort of a whole side moves every tie once per key byte, five times at 50,000
/// actors, each time all over a buffer of tens of megabytes. Here a tie moves once across that
/// buffer; a bucket (a few thousand ties at a million) is then radix-sorted where it fits in the
/// core's cache. Buckets follow in key order, so the result is sorted throughout.
fn sort_in_buckets<K: Ord + Copy + radsort::Key>(
    ties: &[Packed<K>],
    buckets: &[u8],
    counts: &[usize; 1 << BUCKET_BITS],
) -> Vec<Packed<K>> {
    let mut starts = [0usize; (1 << BUCKET_BITS) + 1];
    for (b, count) in counts.iter().enumerate() {
        starts[b + 1] = starts[b] + count;
    }
    let mut next = starts;
    let mut sorted: Vec<Packed<K>> = Vec::with_capacity(ties.len());
    let slots = &mut sorted.spare_capacity_mut()[..ties.len()];
    for (tie, &b) in ties.iter().zip(buckets) {
        let slot = &mut next[usize::from(b)];
        slots[*slot].write(*tie);
        *slot += 1;
    }
    // Each bucket filled exactly its own range, so every slot was written once. (A safe vector
    // of `Option`s, zeroed and then flattened, made the whole diff a quarter slower.)
    assert!(
        next[..1 << BUCKET_BITS] == starts[1..] && buckets.len() == ties.len(),
        "bucket counts match the buckets"
    );
    #[allow(unsafe_code)]
    // SAFETY: the first `ties.len()` slots are initialised: the buckets' ranges tile them
    // (`starts` are the counts' prefix sums, ending at `ties.len()`), and each range was filled
    // to its end, as just asserted.
    unsafe {
        sorted.set_len(ties.len());
    }
    for bucket in starts.windows(2) {
        radsort::sort_by_key(&mut sorted[bucket[0]..bucket[1]], |t| t.0);
    }
    sorted
}

/// Packs and sorts both sides' ties (in parallel: they are independent) and merges them.
pub(super) fn match_ties<'a, K: Ord + Copy + Send + Sync + radsort::Key>(
    scan_before: &Scan<'a>,
    scan_after: &Scan<'a>,
    kinds: &KindRanks,
    layout: KeyLayout,
    options: &DiffOptions,
    narrow: impl Fn(u128) -> K + Sync,
) -> (Vec<TieChange<'a>>, Vec<SteadyTie<'a>>, Summary) {
    let (a, b) = both(
        || packed_ties(scan_before, &kinds.before, layout, &narrow),
        || packed_ties(scan_after, &kinds.after, layout, &narrow),
    );
    merge_sorted((&a, scan_before.edges), (&b, scan_after.edges), options)
}

/// Merges two sides' ties, each sorted by packed key, cutting the work into parts.
fn merge_sorted<'a, K: Ord + Copy + Send + Sync>(
    (a, a_edges): (&[Packed<K>], &'a [Edge<Tie>]),
    (b, b_edges): (&[Packed<K>], &'a [Edge<Tie>]),
    options: &DiffOptions,
) -> (Vec<TieChange<'a>>, Vec<SteadyTie<'a>>, Summary) {
    // The merge of the two key-ordered lists is cut into parts at keys of the first list, each
    // merged on its own core: the same lists and counts as one merge from end to end, whatever
    // the number of cores. Each part is walked twice: once to count what it lists (without a
    // branch, see `listed`), then again to write its ties straight into their places in the two
    // lists. (Each part's own lists, joined in order afterwards, moved every change twice more,
    // growing and then joining, at 88 bytes a change.)
    let parts = if a.len() + b.len() >= MERGED_PER_PART {
        (a.len() + b.len()).div_ceil(MERGED_PER_PART)
    } else {
        1
    };
    let cuts: Vec<(usize, usize)> = (0..=parts)
        .map(|k| {
            let i = a.len() * k / parts;
            // The first part starts at the start of both lists (the second list's smallest keys
            // may come before the first's); every other part, at the first key of its own.
            let j = match (k, a.get(i)) {
                (0, _) => 0,
                (_, Some(&(key, ..))) => b.partition_point(|&(other, ..)| other < key),
                (_, None) => b.len(),
            };
            (i, j)
        })
        .collect();
    let part = |k: usize| {
        let ((i, j), (i_end, j_end)) = (cuts[k], cuts[k + 1]);
        ((&a[i..i_end], a_edges), (&b[j..j_end], b_edges))
    };
    use rayon::prelude::*;
    let counts: Vec<(usize, usize)> = (0..parts)
        .into_par_iter()
        .map(|k| {
            let ((a, _), (b, _)) = part(k);
            listed(a, b, options)
        })
        .collect();
    let (total_ties, total_steady) = counts.iter().fold((0, 0), |(t, s), (x, y)| (t + x, s + y));
    let mut ties: Vec<TieChange<'a>> = Vec::with_capacity(total_ties);
    let mut steady: Vec<SteadyTie<'a>> = Vec::with_capacity(total_steady);
    let summary = {
        // Each part's ranges of the two lists, in order.
        let (mut tie_slots, mut steady_slots) = (
            &mut ties.spare_capacity_mut()[..total_ties],
            &mut steady.spare_capacity_mut()[..total_steady],
        );
        let mut slots = Vec::with_capacity(parts);
        for &(t, s) in &counts {
            let (part_ties, rest_ties) = std::mem::take(&mut tie_slots).split_at_mut(t);
            let (part_steady, rest_steady) = std::mem::take(&mut steady_slots).split_at_mut(s);
            (tie_slots, steady_slots) = (rest_ties, rest_steady);
            slots.push(Write {
                ties: part_ties,
                steady: part_steady,
                written: (0, 0),
                counts: Summary::default(),
            });
        }
        slots.par_iter_mut().enumerate().for_each(|(k, write)| {
            let (a, b) = part(k);
            merge(a, b, options, write);
        });
        // `listed` counts what `merge` lists, so each part filled exactly its ranges.
        let filled = slots
            .iter()
            .all(|w| w.written == (w.ties.len(), w.steady.len()));
        assert!(filled, "each part of the merge writes what it counted");
        slots.iter().map(|w| w.counts).fold(Summary::default(), add)
    };
    #[allow(unsafe_code)]
    // SAFETY: the parts' ranges tile the first `total_ties` and `total_steady` slots (split in
    // order from the counts' sums), and each range was written to its end, as just asserted.
    unsafe {
        ties.set_len(total_ties);
        steady.set_len(total_steady);
    }
    (ties, steady, summary)
}

/// Two summaries' counts added up.
fn add(x: Summary, y: Summary) -> Summary {
    // Every count, named: a count added to `Summary` later must be added up here too.
    let Summary {
        added,
        removed,
        changed,
        unchanged,
        sign_flips,
        hidden,
    } = y;
    Summary {
        added: x.added + added,
        removed: x.removed + removed,
        changed: x.changed + changed,
        unchanged: x.unchanged + unchanged,
        sign_flips: x.sign_flips + sign_flips,
        hidden: x.hidden + hidden,
    }
}

/// How many changes and how many steady ties [`merge`] lists from two key-ordered lists: the
/// ties of both less those matched, and the matched ties whose weights differ by no more than
/// `EPSILON` or less than the threshold. Counted without a branch on the keys (whose order is
/// a coin toss where ties come and go), so that this walk costs a fraction of the listing one.
fn listed<K: Ord + Copy>(
    a: &[Packed<K>],
    b: &[Packed<K>],
    options: &DiffOptions,
) -> (usize, usize) {
    let (mut i, mut j) = (0, 0);
    let (mut matched, mut steady) = (0usize, 0usize);
    while i < a.len() && j < b.len() {
        let ((x, before, ..), (y, after, ..)) = (a[i], b[j]);
        let (behind, ahead) = (x < y, y < x);
        let same = !behind & !ahead;
        let delta = (after - before).abs();
        let quiet = (delta <= EPSILON) | (delta < options.threshold);
        matched += usize::from(same);
        steady += usize::from(same & quiet);
        i += usize::from(!ahead);
        j += usize::from(!behind);
    }
    (a.len() + b.len() - matched - steady, steady)
}

/// How many ties of both sides one part of the merge in [`match_ties`] takes, about.
const MERGED_PER_PART: usize = if cfg!(test) { 5 } else { 1 << 16 };

/// One part's ranges of the two lists, that [`merge`] writes the part's ties into, in order.
struct Write<'s, 'a> {
    ties: &'s mut [std::mem::MaybeUninit<TieChange<'a>>],
    steady: &'s mut [std::mem::MaybeUninit<SteadyTie<'a>>],
    /// How many of `ties` and of `steady` are written.
    written: (usize, usize),
    /// The part's counts.
    counts: Summary,
}

impl<'a> Write<'_, 'a> {
    fn change(&mut self, change: TieChange<'a>) {
        self.ties[self.written.0].write(change);
        self.written.0 += 1;
    }

    fn steady(&mut self, tie: SteadyTie<'a>) {
        self.steady[self.written.1].write(tie);
        self.written.1 += 1;
    }
}

/// Merges two key-ordered lists of packed ties (the ties of a range of keys on each side),
/// listing each change and steady tie in key order.
fn merge<'a, K: Ord + Copy>(
    (a, a_edges): (&[Packed<K>], &'a [Edge<Tie>]),
    (b, b_edges): (&[Packed<K>], &'a [Edge<Tie>]),
    options: &DiffOptions,
    list: &mut Write<'_, 'a>,
) {
    // The address of a side's tie, and its relation.
    let tie = |edges: &'a [Edge<Tie>], e: u32| &edges[e as usize].weight;
    let relation = crate::snapshot::said;
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        let order = match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) => x.0.cmp(&y.0),
            (Some(_), None) => Ordering::Less,
            _ => Ordering::Greater,
        };
        match order {
            Ordering::Less => {
                let (_, weight, e, r) = a[i];
                list.change(TieChange {
                    key: &tie(a_edges, e).key,
                    change: Change::Removed,
                    before: Some(weight),
                    after: None,
                    delta: -weight,
                    relations: (relation(r), None),
                });
                list.counts.removed += 1;
                i += 1;
            }
            Ordering::Greater => {
                let (_, weight, e, r) = b[j];
                list.change(TieChange {
                    key: &tie(b_edges, e).key,
                    change: Change::Added,
                    before: None,
                    after: Some(weight),
                    delta: weight,
                    relations: (None, relation(r)),
                });
                list.counts.added += 1;
                j += 1;
            }
            Ordering::Equal => {
                let ((_, x, _, first_r), (_, y, second, second_r)) = (a[i], b[j]);
                let key = &tie(b_edges, second).key;
                let delta = y - x;
                let quiet = SteadyTie {
                    key,
                    before: x,
                    after: y,
                };
                if delta.abs() <= EPSILON {
                    list.counts.unchanged += 1;
                    list.steady(quiet);
                } else if delta.abs() < options.threshold {
                    list.counts.hidden += 1;
                    list.steady(quiet);
                } else {
                    let counts = &mut list.counts;
                    counts.changed += 1;
                    counts.sign_flips += usize::from(super::flips(x, y));
                    list.change(TieChange {
                        key,
                        change: Change::Changed,
                        before: Some(x),
                        after: Some(y),
                        delta,
                        relations: (relation(first_r), relation(second_r)),
                    });
                }
                i += 1;
                j += 1;
            }
        }
    }
}

#[cfg(test)]
mod bucket_tests {
    use super::*;
    use proptest::prelude::*;

    /// A scan of made-up ties: `(from, to, kind, directed)` by rank and kind number.
    fn scan_of(keys: &[(u32, u32, u32, bool)]) -> Scan<'static> {
        let ties = keys
            .iter()
            .enumerate()
            .map(|(i, &(from, to, kind, directed))| {
                let key = (u128::from(from) << 64)
                    | (u128::from(to) << 32)
                    | (u128::from(kind) << 1)
                    | u128::from(directed);
                (key, i as f64, i as u32, i as u32)
            })
            .collect();
        Scan {
            kinds: Vec::new(),
            ties,
            edges: &[],
        }
    }

    proptest! {
        /// Whatever the number of actors (keys of fewer bits than a bucket number, or many
        /// more), the ties come out as a stable sort by key would give them, on both widths.
        #[test]
        fn bucketed_ties_are_sorted_by_key(
            actors in prop_oneof![Just(3u32), Just(200), Just(50_000), Just(u32::MAX - 1)],
            keys in proptest::collection::vec((any::<u32>(), any::<u32>(), 0u32..3, any::<bool>()), 0..400),
        ) {
            let keys: Vec<_> = keys
                .into_iter()
                .map(|(f, t, k, d)| (f % actors, t % actors, k, d))
                .collect();
            let scan = scan_of(&keys);
            // Kind numbers map to ranks the other way round, as when a side met them out of order.
            let kinds = [2, 1, 0];
            let layout = KeyLayout::new(actors as usize, 3);
            let mut expected: Vec<Packed<u128>> = scan
                .ties
                .iter()
                .zip(&keys)
                .map(|(t, &(f, to, k, d))| (layout.pack(f, to, kinds[k as usize], d), t.1, t.2, t.3))
                .collect();
            expected.sort_by_key(|t| t.0);
            let wide = packed_ties(&scan, &kinds, layout, |k| k);
            prop_assert_eq!(&wide, &expected);
            if layout.fits_u64() {
                let narrow = packed_ties(&scan, &kinds, layout, |k| k as u64);
                let narrow: Vec<_> = narrow.into_iter().map(|t| (u128::from(t.0), t.1, t.2, t.3)).collect();
                prop_assert_eq!(narrow, expected);
            }
        }
    }

    #[test]
    fn keys_that_do_not_fit_64_bits_are_matched_on_the_wide_path() {
        let yaml = |kinds: [&str; 2]| {
            format!(
                "detente: 1\nactors:\n  A: {{name: A, kind: state}}\n  B: {{name: B, kind: state}}\n  \
                 C: {{name: C, kind: state}}\nrelations:\n  \
                 - {{between: [A, B], kind: {}, series: [{{date: 2020, weight: 0.5}}]}}\n  \
                 - {{between: [B, C], kind: {}, series: [{{date: 2021, weight: -0.5}}]}}\n",
                kinds[0], kinds[1]
            )
        };
        let options = DiffOptions::default();
        for (kinds, actors, fits) in [
            (["trade", "trade"], 3, true),
            (["trade", "aid"], 3, true),
            // 31 bits an end leave one for the kind: one kind fits, two do not.
            (["trade", "trade"], 1 << 30, true),
            (["trade", "aid"], 1 << 30, false),
            // 32 bits an end leave none.
            (["trade", "trade"], 1 << 31, false),
        ] {
            let model = crate::load::load_str(&yaml(kinds), "t.yaml").unwrap();
            let before = Snapshot::at(&model, "2020-06-01".parse().unwrap());
            let after = Snapshot::at(&model, "2022-01-01".parse().unwrap());
            let mut ranks = Ranks::of(&before, &after);
            ranks.count = actors;
            let narrow = match_narrow(&before, &after, &ranks, &options);
            assert_eq!(narrow.is_some(), fits, "{kinds:?} {actors}");
            // Whichever path, the same matching.
            let (x, y) = (scan(&before, &ranks.before), scan(&after, &ranks.after));
            let kind_ranks = KindRanks::of(&x.kinds, &y.kinds);
            let layout = KeyLayout::new(ranks.count, kind_ranks.count);
            let wide = match_ties(&x, &y, &kind_ranks, layout, &options, |k| k).0;
            assert_eq!(wide.len(), 1, "the B–C tie is added");
            if let Some(narrow) = narrow {
                assert_eq!(narrow.0, wide);
            }
        }
    }

    #[test]
    fn a_million_ties_fill_every_bucket_in_order() {
        // Enough ties that every bucket holds thousands, from 50,000 actors.
        let mut state = 7u64;
        let mut next = |n: u32| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((state >> 33) % u64::from(n)) as u32
        };
        let keys: Vec<_> = (0..1_000_000)
            .map(|_| (next(50_000), next(50_000), next(2), next(2) == 1))
            .collect();
        let scan = scan_of(&keys);
        let layout = KeyLayout::new(50_000, 2);
        let ties = packed_ties(&scan, &[0, 1], layout, |k| k as u64);
        assert_eq!(ties.len(), keys.len());
        assert!(ties.is_sorted_by_key(|t| t.0));
        // Every tie is there once: its edge numbers are 0..n.
        let mut edges: Vec<u32> = ties.iter().map(|t| t.2).collect();
        edges.sort_unstable();
        assert!(edges.iter().copied().eq(0..1_000_000));
    }
}
