//! Blocs: a partition of the actors into K groups with as few positive ties between groups and
//! negative ties within groups as possible, K given or chosen by a documented rule.

use super::partition::{Effort, Partition, best_partition};
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
/// 1..=min(m, 6) for the m nodes that have a signed tie, and the K with the lowest P wins, the
/// smallest K on a tie (so a balanced graph gets 2 blocs, or 1 if it has no negative tie).
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
        BlocCount::Fixed(k) => finish(k, best_partition(g, k.max(1), effort), Vec::new()),
        BlocCount::Auto => {
            let mut tried = Vec::new();
            let mut best: Option<(usize, Partition)> = None;
            for k in 1..=m.clamp(1, MAX_AUTO_BLOCS) {
                let p = best_partition(g, k, effort);
                tried.push((k, p.cost, p.exact));
                let better = best.as_ref().is_none_or(|(_, b)| p.cost < b.cost);
                if better {
                    let done = p.cost == 0;
                    best = Some((k, p));
                    if done {
                        break;
                    }
                }
            }
            match best {
                Some((k, p)) => finish(k, p, tried),
                None => finish(1, best_partition(g, 1, effort), tried),
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
