//! Blocs: a partition of the actors into K groups with as few positive ties between groups and
//! negative ties within groups as possible, K given or chosen by a documented rule.

use super::partition::{Effort, Partition, best_partition, weight_of};
use super::view::Signed;

/// The most blocs the automatic rule considers.
pub const MAX_AUTO_BLOCS: usize = 6;

/// How many blocs to look for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BlocCount {
    /// The K in 1..=min(n, 6) with the fewest violated ties; ties go to the smallest K.
    #[default]
    Auto,
    /// At most this many blocs.
    Fixed(usize),
}

/// The result of [`blocs`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blocs {
    /// The K used (the number of blocs allowed; `groups` may use fewer).
    pub k: usize,
    /// Each node's bloc, numbered from 0 in order of each bloc's first node; `None` for nodes
    /// without a signed tie, which no bloc claims.
    pub group: Vec<Option<u8>>,
    /// Violated ties: positive between blocs plus negative within.
    pub cost: usize,
    /// Whether `cost` is proven minimal for this K.
    pub exact: bool,
    /// For the automatic rule: `(K, cost, exact)` for every K tried.
    pub tried: Vec<(usize, usize, bool)>,
}

/// Blocs of the signed graph `g`.
///
/// For a given K, the partition into at most K groups minimising
/// P(π) = |{positive edges between groups}| + |{negative edges within groups}|
/// ([`best_partition`], exact for small graphs). With [`BlocCount::Auto`], K runs over
/// 1..=min(m, 6) for the m nodes that have a signed tie, and the K with the lowest P wins; at an
/// equal P the K whose violated ties weigh less, then the smallest K (so a balanced graph gets 2
/// blocs, or 1 if it has no negative tie). Within a K, partitions of equal P are told apart by
/// the weight of their violated ties the same way (a light friendly tie between blocs rather
/// than a heavy hostile one within).
///
/// # Complexity
/// That of [`best_partition`], once per K tried.
///
/// # Example
/// ```
/// use detente::analysis::blocs::{BlocCount, blocs};
/// use detente::analysis::partition::Effort;
/// use detente::analysis::view::{Sign, Signed};
/// use Sign::{Negative as N, Positive as P};
/// // Three camps, each pair hostile.
/// let g = Signed::new(6, vec![(0, 1, P), (2, 3, P), (4, 5, P), (0, 2, N), (2, 4, N), (0, 4, N)]);
/// let b = blocs(&g, BlocCount::Auto, &Effort::default());
/// assert_eq!((b.k, b.cost), (3, 0));
/// assert_eq!(b.group, vec![Some(0), Some(0), Some(1), Some(1), Some(2), Some(2)]);
/// ```
///
/// # Reference
/// P. Doreian, A. Mrvar, "A partitioning approach to structural balance", *Social Networks* 18
/// (1996) 149–168; J. A. Davis, "Clustering and structural balance in graphs", *Human Relations*
/// 20 (1967) 181–187.
pub fn blocs(g: &Signed, count: BlocCount, effort: &Effort) -> Blocs {
    blocs_knowing(g, count, effort, None)
}

/// [`blocs`], with `two` the partition [`best_partition`] gives for K = 2 on `g` with `effort`
/// when it is known already (the frustration index searches it): it is not searched again.
pub fn blocs_knowing(
    g: &Signed,
    count: BlocCount,
    effort: &Effort,
    two: Option<&Partition>,
) -> Blocs {
    let partition = |k: usize| match two {
        Some(p) if k == 2 => p.clone(),
        _ => best_partition(g, k, effort),
    };
    let active: Vec<bool> = g.adjacency.iter().map(|row| !row.is_empty()).collect();
    let m = active.iter().filter(|&&a| a).count();
    let finish = |k: usize, p: Partition, tried| Blocs {
        k,
        group: relabel(&p.group, &active),
        cost: p.cost,
        exact: p.exact,
        tried,
    };
    match count {
        BlocCount::Fixed(k) => finish(k, partition(k.max(1)), Vec::new()),
        BlocCount::Auto => {
            // One group first (no search: the cost is the negative ties), then every other K at
            // once, on all cores; they are then taken one after another, as if searched so.
            let one = partition(1);
            let rest: Vec<Partition> = if one.cost == 0 {
                Vec::new()
            } else {
                use rayon::prelude::*;
                (2..=m.clamp(1, MAX_AUTO_BLOCS))
                    .into_par_iter()
                    .map(partition)
                    .collect()
            };
            let mut tried = Vec::new();
            let mut best: Option<(usize, Partition, f64)> = None;
            for (k, p) in (1..).zip(std::iter::once(one).chain(rest)) {
                let weight = weight_of(g, &p.group);
                tried.push((k, p.cost, p.exact));
                // Fewer violated ties first; at an equal count, less violated weight (by more
                // than rounding); at an equal weight too, the smaller K.
                let better = best.as_ref().is_none_or(|(_, b, bw)| {
                    p.cost < b.cost || (p.cost == b.cost && weight < bw - 1e-9)
                });
                if better {
                    let done = p.cost == 0;
                    best = Some((k, p, weight));
                    if done {
                        break;
                    }
                }
            }
            match best {
                Some((k, p, _)) => finish(k, p, tried),
                None => finish(1, partition(1), tried),
            }
        }
    }
}

/// Renumbers groups globally in order of first appearance over the active nodes.
fn relabel(group: &[u8], active: &[bool]) -> Vec<Option<u8>> {
    let mut map = [u8::MAX; 256];
    let mut next = 0u8;
    group
        .iter()
        .zip(active)
        .map(|(&g, &on)| {
            on.then(|| {
                if map[g as usize] == u8::MAX {
                    map[g as usize] = next;
                    next = next.saturating_add(1);
                }
                map[g as usize]
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::view::Sign::{Negative as N, Positive as P};

    /// The JCPOA in June 2018: the E3 cooperate with Iran (+0.1) and with the USA (+0.3), which
    /// has left the deal and is hostile to Iran (−0.7); China is friendly to Iran. Every
    /// partition violates one tie; by weight the light E3–Iran tie is the one to violate.
    fn jcpoa() -> Signed {
        // 0 IRN, 1 USA, 2 E3, 3 CHN
        Signed::weighted(
            4,
            vec![
                (0, 2, P, 0.1),
                (1, 2, P, 0.3),
                (0, 1, N, 0.7),
                (0, 3, P, 0.4),
            ],
        )
    }

    #[test]
    fn an_equal_count_is_decided_by_the_weight_of_the_violated_ties() {
        let b = blocs(&jcpoa(), BlocCount::Auto, &Effort::default());
        assert_eq!((b.k, b.cost, b.exact), (2, 1, true));
        // Iran with China; the USA with the E3.
        assert_eq!(b.group, vec![Some(0), Some(1), Some(1), Some(0)]);
        assert!((weight_of(&jcpoa(), &[0, 1, 1, 0]) - 0.1).abs() < 1e-12);
    }

    #[test]
    fn without_weights_the_smallest_k_still_wins_a_tie() {
        let g = Signed::new(4, jcpoa().edges);
        let b = blocs(&g, BlocCount::Auto, &Effort::default());
        assert_eq!((b.k, b.cost), (1, 1));
    }

    #[test]
    fn the_weight_never_costs_a_tie_more() {
        // A heavy negative tie inside a bloc cannot be traded for two light violations.
        let g = Signed::weighted(3, vec![(0, 1, P, 0.1), (1, 2, P, 0.1), (0, 2, N, 5.0)]);
        let b = blocs(&g, BlocCount::Fixed(2), &Effort::default());
        assert_eq!(b.cost, 1);
        assert!(
            (weight_of(&g, &b.group.iter().map(|g| g.unwrap()).collect::<Vec<_>>()) - 0.1).abs()
                < 1e-12
        );
    }
}
