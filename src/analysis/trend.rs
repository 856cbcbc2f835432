//! Trends: ties, balance, frustration and blocs at regular dates over a range, with the biggest
//! movers and the actors that switched bloc. Bloc labels are kept comparable across dates by
//! matching each date's blocs to the previous date's.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::str::FromStr;

use super::blocs::{BlocCount, blocs_knowing};
use super::membership::{self, Persons};
use super::partition::{Effort, best_partition};
use super::view::{Signed, View};
use crate::model::{Date, Graph, Id, Precision, RelationKey};
use crate::snapshot::{Aggregation, Filter, Snapshot};

/// The most dates one trend may have, so that a typo like a one-day interval over centuries is an
/// error rather than hours of work.
pub const MAX_STEPS: usize = 10_000;

/// The interval between two dates of a trend: `Ny`, `Nm`, `Nw` or `Nd`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Every {
    /// How many units.
    pub count: u16,
    /// Which unit.
    pub unit: Unit,
}

/// A calendar unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Calendar years.
    Year,
    /// Calendar months (a day past the month's end is clamped to its last day).
    Month,
    /// Weeks of 7 days.
    Week,
    /// Days.
    Day,
}

impl FromStr for Every {
    type Err = String;

    fn from_str(text: &str) -> Result<Every, String> {
        let bad =
            || format!("`{text}` is not an interval; write a number and a unit: 1y, 6m, 2w or 1d");
        let text = text.trim();
        let (split, _) = text.char_indices().last().ok_or_else(bad)?;
        let (digits, unit) = text.split_at(split);
        let unit = match unit {
            "y" => Unit::Year,
            "m" => Unit::Month,
            "w" => Unit::Week,
            "d" => Unit::Day,
            _ => return Err(bad()),
        };
        let count: u16 = digits.parse().map_err(|_| bad())?;
        if count == 0 {
            return Err(format!(
                "`{text}` is not an interval; it must be at least 1"
            ));
        }
        Ok(Every { count, unit })
    }
}

impl fmt::Display for Every {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = match self.unit {
            Unit::Year => 'y',
            Unit::Month => 'm',
            Unit::Week => 'w',
            Unit::Day => 'd',
        };
        write!(f, "{}{unit}", self.count)
    }
}

/// Why a range of dates cannot be built. The messages name no command-line flag; the command line
/// adds its own hints.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RangeError {
    /// The end is before the start.
    #[error("the end {to} is before the start {from}; swap them")]
    Reversed {
        /// The start.
        from: Date,
        /// The end.
        to: Date,
    },
    /// Too many steps.
    #[error(
        "{from} to {to} every {every} makes more than {MAX_STEPS} dates; use a longer interval"
    )]
    TooMany {
        /// The start.
        from: Date,
        /// The end.
        to: Date,
        /// The interval.
        every: Every,
    },
}

/// The dates `from`, `from + every`, `from + 2·every`, … up to `to`, and `to` itself when the
/// steps do not land on it. Each date is computed from `from` (not from the previous date), so
/// monthly steps from January 31 give the last day of each month without drifting.
///
/// # Example
/// ```
/// use detente::analysis::trend::{Every, dates};
/// let d = |s: &str| s.parse().unwrap();
/// let list = dates(d("2020-01-31"), d("2020-04-15"), "1m".parse().unwrap()).unwrap();
/// let text: Vec<String> = list.iter().map(|x| x.to_string()).collect();
/// assert_eq!(text, ["2020-01-31", "2020-02-29", "2020-03-31", "2020-04-15"]);
/// // Steps are written as precisely as the start and the unit need.
/// let years = dates(d("2019"), d("2021"), "1y".parse().unwrap()).unwrap();
/// let text: Vec<String> = years.iter().map(|x| x.to_string()).collect();
/// assert_eq!(text, ["2019", "2020", "2021"]);
/// let halves = dates(d("2019"), d("2020"), "6m".parse().unwrap()).unwrap();
/// let text: Vec<String> = halves.iter().map(|x| x.to_string()).collect();
/// assert_eq!(text, ["2019", "2019-07", "2020"]);
/// ```
pub fn dates(from: Date, to: Date, every: Every) -> Result<Vec<Date>, RangeError> {
    if to < from {
        return Err(RangeError::Reversed { from, to });
    }
    // Steps are written as precisely as `from` and the unit need: yearly steps from `2019` are
    // `2020`, `2021`...; monthly ones `2019-02`...; anything finer, or off the first day, in full.
    let precision = from.precision().max(match every.unit {
        Unit::Year => Precision::Year,
        Unit::Month => Precision::Month,
        Unit::Week | Unit::Day => Precision::Day,
    });
    let mut out = vec![from];
    for i in 1.. {
        let n = i64::from(every.count) * i;
        let span = match every.unit {
            Unit::Year => jiff::Span::new().try_years(n),
            Unit::Month => jiff::Span::new().try_months(n),
            Unit::Week => jiff::Span::new().try_days(n * 7),
            Unit::Day => jiff::Span::new().try_days(n),
        };
        let next = span
            .ok()
            .and_then(|s| from.civil().checked_add(s).ok())
            .map(|d| Date::from_civil(d).with_precision(precision));
        match next {
            Some(d) if d <= to => {
                if out.len() >= MAX_STEPS {
                    return Err(RangeError::TooMany { from, to, every });
                }
                out.push(d);
            }
            _ => break,
        }
    }
    // The last date is `to`, written as the user wrote it.
    if out.last() == Some(&to) {
        out.pop();
    }
    out.push(to);
    Ok(out)
}

/// One date of a trend.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendStep {
    /// The date.
    pub date: Date,
    /// Every tie that exists on the date, with its weight (file's scale).
    pub ties: BTreeMap<RelationKey, f64>,
    /// Each actor's strength Σw.
    pub strength: BTreeMap<Id, f64>,
    /// Triangles of the signed view.
    pub triangles: u64,
    /// The balanced-triangle ratio, `None` without triangles.
    pub ratio: Option<f64>,
    /// The frustration index (an upper bound unless `frustration_exact`).
    pub frustration: usize,
    /// Whether the index is proven.
    pub frustration_exact: bool,
    /// Each actor's bloc label: 1..K without gaps, numbered in order of each bloc's first
    /// member; actors without a signed tie have none.
    pub blocs: BTreeMap<Id, u32>,
    /// For each bloc label of this step, the previous step's bloc it continues (the one it
    /// shares the most actors with, matched greedily), or `None` for a new bloc.
    pub continues: BTreeMap<u32, Option<u32>>,
}

/// A tie that moved over the range.
#[derive(Debug, Clone, PartialEq)]
pub struct TieMove {
    /// The tie.
    pub key: RelationKey,
    /// Its weight on the first date, `None` if absent.
    pub first: Option<f64>,
    /// Its weight on the last date, `None` if absent.
    pub last: Option<f64>,
    /// last − first, an absent tie counting as 0.
    pub change: f64,
}

/// An actor whose strength moved over the range.
#[derive(Debug, Clone, PartialEq)]
pub struct ActorMove {
    /// The actor.
    pub id: Id,
    /// Strength on the first date.
    pub first: f64,
    /// Strength on the last date.
    pub last: f64,
    /// last − first.
    pub change: f64,
}

/// An actor that changed bloc between two consecutive dates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Switch {
    /// The date it is first seen in its new bloc.
    pub date: Date,
    /// The actor.
    pub id: Id,
    /// Its bloc's label on the previous date (`None`: no signed tie then).
    pub from: Option<u32>,
    /// Its bloc's label on this date, which does not continue `from`.
    pub to: Option<u32>,
}

/// A trend over a range of dates.
#[derive(Debug, Clone, PartialEq)]
pub struct Trend {
    /// One entry per date.
    pub steps: Vec<TrendStep>,
    /// Ties whose weight changed between the first and last date, largest |change| first.
    pub tie_movers: Vec<TieMove>,
    /// Actors whose strength changed, largest |change| first.
    pub actor_movers: Vec<ActorMove>,
    /// Every bloc change, in date then id order.
    pub switches: Vec<Switch>,
}

/// What [`trend`] computes at each date.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TrendOptions {
    /// Which ties and actors each date's snapshot keeps (before any roll-up).
    pub filter: Filter,
    /// Roll persons up into their states first (see [`Snapshot::rolled_up`]) with this rule.
    pub rollup: Option<Aggregation>,
    /// How many blocs.
    pub blocs: BlocCount,
    /// Effort of the frustration and bloc searches.
    pub effort: Effort,
    /// How persons enter the frustration index and blocs.
    pub persons: Persons,
}

/// The trend of `model` over `dates` (see the module docs).
///
/// # Complexity
/// One snapshot per date, and a balance census, frustration index and bloc search per date whose
/// snapshot differs from the date before (same actors, same ties and weights: the previous
/// date's results are reused). The dates are computed a window at a time, one per core (at
/// most eight, and no more than about four million relations' worth), whose snapshots are held
/// at once; the result does not depend on the number of cores. With a deadline in
/// `options.effort`, the windows after it passes are left out (the caller checks
/// [`Effort::timed_out`]).
///
/// # Example
/// ```
/// use detente::analysis::trend::{TrendOptions, dates, trend};
/// let model = detente::load::load_str("detente: 1\nactors:\n  A: {name: A, kind: state}\n  \
///     B: {name: B, kind: state}\nrelations:\n  \
///     - {between: [A, B], series: [{date: 2020, weight: 0.5}, {date: 2021, weight: -0.5}]}\n",
///     "x.yaml").unwrap();
/// let d = |s: &str| s.parse().unwrap();
/// let t = trend(&model, &dates(d("2020"), d("2021"), "1y".parse().unwrap()).unwrap(),
///     &TrendOptions::default());
/// assert_eq!(t.tie_movers[0].change, -1.0);
/// // Friends in one bloc, then enemies in two: B switches.
/// assert_eq!(t.switches.len(), 1);
/// ```
pub fn trend(model: &Graph, dates: &[Date], options: &TrendOptions) -> Trend {
    use rayon::prelude::*;
    let mut steps: Vec<TrendStep> = Vec::with_capacity(dates.len());
    let mut previous: Option<Computed> = None;
    // The dates are taken a window at a time, one date per core (see `window`): each date's
    // snapshot and searches are its own (the searches are seeded), so computing them side by
    // side gives what computing them one after another does, and the bloc search, mostly on
    // one core, no longer leaves the others idle. The window's snapshots are held until its
    // steps are made.
    let window = window(
        model.relations.len() + model.actors.len(),
        rayon::current_num_threads(),
    );
    for dates in dates.chunks(window) {
        if options.effort.timed_out() {
            break;
        }
        let seen: Vec<Seen> = dates
            .par_iter()
            .map(|&date| Seen::of(model, date, options))
            .collect();
        // The same actors and ties as the date before give the same metrics: only the dates
        // that differ from theirs are computed, and the others reuse the one before. (The
        // previous window's last ties are in its step, not copied into what is reused.)
        let fresh: Vec<bool> = (0..seen.len())
            .map(|i| match i.checked_sub(1) {
                Some(before) => {
                    seen[before].ids != seen[i].ids || seen[before].ties != seen[i].ties
                }
                None => !previous.as_ref().is_some_and(|p| {
                    p.ids == seen[i].ids && steps.last().is_some_and(|s| s.ties == seen[i].ties)
                }),
            })
            .collect();
        let computed: Vec<Option<Computed>> = seen
            .par_iter()
            .zip(&fresh)
            .map(|(s, &fresh)| fresh.then(|| Computed::of(&s.snapshot, s.ids.clone(), options)))
            .collect();
        for (seen, computed) in seen.into_iter().zip(computed) {
            let computed = match (computed, previous.take()) {
                (Some(c), _) | (None, Some(c)) => c,
                // Not reached: the first date is always computed.
                (None, None) => Computed::of(&seen.snapshot, seen.ids, options),
            };
            let current = &computed.groups;
            let mut bloc_of = BTreeMap::new();
            for (label, members) in (1u32..).zip(current) {
                for id in members {
                    bloc_of.insert(id.clone(), label);
                }
            }
            let continues = match_labels(steps.last().map(|s| &s.blocs), current);
            steps.push(TrendStep {
                date: seen.date,
                ties: seen.ties,
                strength: computed.strength.clone(),
                triangles: computed.triangles,
                ratio: computed.ratio,
                frustration: computed.frustration,
                frustration_exact: computed.frustration_exact,
                blocs: bloc_of,
                continues,
            });
            previous = Some(computed);
        }
    }
    let (tie_movers, actor_movers) = movers(&steps);
    let switches = switches(&steps);
    Trend {
        steps,
        tie_movers,
        actor_movers,
        switches,
    }
}

/// How many snapshots a trend of a graph of `size` relations and actors holds and searches at
/// once on `threads` cores: one per core, but no more than about four million relations' worth
/// (a snapshot of a million relations is about 400 MB) and no more than eight.
fn window(size: usize, threads: usize) -> usize {
    const RELATIONS_AT_ONCE: usize = 4_000_000;
    threads.min(8).min(RELATIONS_AT_ONCE / size.max(1)).max(1)
}

/// One date of a trend before its metrics: its snapshot, and the actors and ties that decide
/// whether the metrics of the date before can be reused.
struct Seen {
    date: Date,
    snapshot: Snapshot,
    /// Each actor with the actor it belongs to: a person taking office changes the blocs even
    /// when no tie changes.
    ids: Vec<(Id, Option<Id>)>,
    ties: BTreeMap<RelationKey, f64>,
}

impl Seen {
    fn of(model: &Graph, date: Date, options: &TrendOptions) -> Seen {
        let mut snapshot = Snapshot::at(model, date).filtered(&options.filter);
        if let Some(rule) = options.rollup {
            snapshot = snapshot.rolled_up(rule);
        }
        let ids = snapshot
            .actors()
            .map(|a| (a.id.clone(), a.home.clone()))
            .collect();
        let ties = snapshot
            .ties()
            .into_iter()
            .map(|(_, _, t)| (t.key.clone(), t.weight))
            .collect();
        Seen {
            date,
            snapshot,
            ids,
            ties,
        }
    }
}

/// What one snapshot gives, kept to be reused while the snapshots stay the same.
struct Computed {
    ids: Vec<(Id, Option<Id>)>,
    strength: BTreeMap<Id, f64>,
    triangles: u64,
    ratio: Option<f64>,
    frustration: usize,
    frustration_exact: bool,
    /// The blocs, in order of their first member.
    groups: Vec<BTreeSet<Id>>,
}

impl Computed {
    fn of(snapshot: &Snapshot, ids: Vec<(Id, Option<Id>)>, options: &TrendOptions) -> Computed {
        let view = View::of(snapshot);
        // With persons merged into their states, the signed measures read the merged graph and
        // every member takes its state's bloc (see `membership`); strengths stay per actor.
        let merged = match options.persons {
            Persons::WithTheirState => membership::merged(snapshot),
            Persons::Separate => None,
        };
        let merged_view = merged.as_ref().map(|m| View::of(&m.snapshot));
        let signed_view = merged_view.as_ref().unwrap_or(&view);
        let signed = Signed::of(signed_view);
        let census = super::balance::census(&signed);
        // The frustration index's two groups are the blocs' K = 2: searched once for both, as
        // `analyze` does.
        let two = best_partition(&signed, 2, &options.effort);
        let b = blocs_knowing(&signed, options.blocs, &options.effort, Some(&two));
        let f = super::frustration::of_partition(&signed, two);
        let mut found: BTreeMap<u8, Vec<Id>> = BTreeMap::new();
        for (v, g) in b.group.iter().enumerate() {
            if let Some(g) = g {
                found
                    .entry(*g)
                    .or_default()
                    .push(signed_view.ids[v].clone());
            }
        }
        let found: Vec<Vec<Id>> = found.into_values().collect();
        let found = match &merged {
            Some(m) => membership::expand(&found, &view.ids, m).0,
            None => found,
        };
        let mut groups: Vec<BTreeSet<Id>> = found
            .into_iter()
            .filter(|g| !g.is_empty())
            .map(|g| g.into_iter().collect())
            .collect();
        groups.sort();
        Computed {
            ids,
            strength: view
                .ids
                .iter()
                .zip(&view.tie_sums)
                .map(|(id, s)| (id.clone(), s.strength))
                .collect(),
            triangles: census.triangles(),
            ratio: census.ratio(),
            frustration: f.index,
            frustration_exact: f.exact,
            groups,
        }
    }
}

/// Which bloc of the previous step each of this step's blocs continues: each takes the previous
/// label it shares most actors with (greedily, largest overlap first; ties to the smaller
/// previous label, then to the smaller current label); a bloc that matches none is new (`None`).
/// This step's blocs are labelled 1, 2, … in the order of `current`.
pub fn match_labels(
    previous: Option<&BTreeMap<Id, u32>>,
    current: &[BTreeSet<Id>],
) -> BTreeMap<u32, Option<u32>> {
    let mut candidates: Vec<(usize, u32, u32)> = Vec::new();
    if let Some(previous) = previous {
        for (label, members) in (1u32..).zip(current) {
            let mut overlap: BTreeMap<u32, usize> = BTreeMap::new();
            for id in members {
                if let Some(&before) = previous.get(id) {
                    *overlap.entry(before).or_default() += 1;
                }
            }
            candidates.extend(
                overlap
                    .into_iter()
                    .map(|(before, count)| (count, before, label)),
            );
        }
    }
    candidates.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    let mut continues: BTreeMap<u32, Option<u32>> =
        (1u32..).take(current.len()).map(|l| (l, None)).collect();
    let mut taken = BTreeSet::new();
    for (_, before, label) in candidates {
        if continues[&label].is_none() && taken.insert(before) {
            continues.insert(label, Some(before));
        }
    }
    continues
}

fn by_change<T>(items: &mut [T], change: impl Fn(&T) -> f64) {
    items.sort_by(|a, b| change(b).abs().total_cmp(&change(a).abs()));
}

fn movers(steps: &[TrendStep]) -> (Vec<TieMove>, Vec<ActorMove>) {
    let (Some(first), Some(last)) = (steps.first(), steps.last()) else {
        return (Vec::new(), Vec::new());
    };
    let keys: BTreeSet<&RelationKey> = first.ties.keys().chain(last.ties.keys()).collect();
    let mut ties: Vec<TieMove> = keys
        .into_iter()
        .map(|key| {
            let (a, b) = (first.ties.get(key).copied(), last.ties.get(key).copied());
            TieMove {
                key: key.clone(),
                first: a,
                last: b,
                change: b.unwrap_or(0.0) - a.unwrap_or(0.0),
            }
        })
        .filter(|m| m.change != 0.0 || m.first.is_some() != m.last.is_some())
        .collect();
    // A stable sort keeps key order among equal changes.
    by_change(&mut ties, |m| m.change);
    let mut actors: Vec<ActorMove> = last
        .strength
        .iter()
        .map(|(id, &b)| {
            let a = first.strength.get(id).copied().unwrap_or(0.0);
            ActorMove {
                id: id.clone(),
                first: a,
                last: b,
                change: b - a,
            }
        })
        .filter(|m| m.change != 0.0)
        .collect();
    by_change(&mut actors, |m| m.change);
    (ties, actors)
}

fn switches(steps: &[TrendStep]) -> Vec<Switch> {
    let mut out = Vec::new();
    for pair in steps.windows(2) {
        let (before, after) = (&pair[0], &pair[1]);
        let ids: BTreeSet<&Id> = before.blocs.keys().chain(after.blocs.keys()).collect();
        for id in ids {
            let (from, to) = (before.blocs.get(id).copied(), after.blocs.get(id).copied());
            // Labels are per date: an actor stays when its new bloc continues its old one.
            let continued = to.and_then(|t| after.continues.get(&t).copied().flatten());
            let stayed = match (from, to) {
                (None, None) => true,
                (Some(f), Some(_)) => continued == Some(f),
                _ => false,
            };
            if !stayed {
                out.push(Switch {
                    date: after.date,
                    id: id.clone(),
                    from,
                    to,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_errors_name_no_command_line_flag() {
        let date = |s: &str| s.parse::<Date>().unwrap();
        let every: Every = "1d".parse().unwrap();
        let reversed = dates(date("2021"), date("2019"), every).unwrap_err();
        assert_eq!(
            reversed.to_string(),
            "the end 2019 is before the start 2021; swap them"
        );
        let many = dates(date("1900"), date("2100"), every).unwrap_err();
        assert!(
            many.to_string().ends_with("use a longer interval"),
            "{many}"
        );
        assert!(!many.to_string().contains("--"));
    }

    fn ids(list: &[&str]) -> BTreeSet<Id> {
        list.iter().map(|s| Id::from(*s)).collect()
    }

    #[test]
    fn blocs_continue_the_largest_overlap() {
        let previous: BTreeMap<Id, u32> = [("A", 1), ("B", 1), ("C", 1), ("D", 2), ("E", 2)]
            .into_iter()
            .map(|(k, v)| (Id::from(k), v))
            .collect();
        // C has left for a third bloc of its own; labels follow the first members.
        let current = vec![ids(&["A", "B"]), ids(&["C"]), ids(&["D", "E"])];
        let continues = match_labels(Some(&previous), &current);
        assert_eq!(
            continues,
            BTreeMap::from([(1, Some(1)), (2, None), (3, Some(2))])
        );
        assert_eq!(
            match_labels(None, &current),
            BTreeMap::from([(1, None), (2, None), (3, None)])
        );
    }

    #[test]
    fn intervals_parse_and_reject_nonsense() {
        assert_eq!(
            "6m".parse::<Every>(),
            Ok(Every {
                count: 6,
                unit: Unit::Month
            })
        );
        assert!("0y".parse::<Every>().is_err());
        assert_eq!(
            "1x".parse::<Every>().unwrap_err(),
            "`1x` is not an interval; write a number and a unit: 1y, 6m, 2w or 1d"
        );
        assert!("".parse::<Every>().is_err());
    }

    #[test]
    fn reused_dates_give_what_fresh_ones_do() {
        let model = crate::generate::generate(&crate::generate::Spec::sized(15, 40, 3));
        let d = |s: &str| s.parse::<Date>().unwrap();
        // Yearly and then daily dates: many consecutive snapshots are the same.
        let mut list = dates(d("2000"), d("2020"), "1y".parse().unwrap()).unwrap();
        list.extend(dates(d("2020-01-02"), d("2020-01-09"), "1d".parse().unwrap()).unwrap());
        let options = TrendOptions::default();
        let all = trend(&model, &list, &options);
        assert_eq!(all.steps.len(), list.len());
        for (step, &date) in all.steps.iter().zip(&list) {
            let fresh = trend(&model, &[date], &options);
            let fresh = &fresh.steps[0];
            assert_eq!(step.ties, fresh.ties, "{date}");
            assert_eq!(step.strength, fresh.strength, "{date}");
            assert_eq!(step.triangles, fresh.triangles, "{date}");
            assert_eq!(step.ratio, fresh.ratio, "{date}");
            assert_eq!(step.frustration, fresh.frustration, "{date}");
            assert_eq!(step.frustration_exact, fresh.frustration_exact, "{date}");
            let groups = |b: &BTreeMap<Id, u32>| {
                let mut by: BTreeMap<u32, BTreeSet<Id>> = BTreeMap::new();
                for (id, &label) in b {
                    by.entry(label).or_default().insert(id.clone());
                }
                by.into_values().collect::<BTreeSet<_>>()
            };
            assert_eq!(groups(&step.blocs), groups(&fresh.blocs), "{date}");
        }
    }

    #[test]
    fn the_trend_does_not_depend_on_the_number_of_cores() {
        let model = crate::generate::generate(&crate::generate::Spec::sized(15, 40, 3));
        let d = |s: &str| s.parse::<Date>().unwrap();
        // Dates that change and dates that repeat the one before, across window boundaries.
        let mut list = dates(d("2000"), d("2020"), "1y".parse().unwrap()).unwrap();
        list.extend(dates(d("2020-01-02"), d("2020-01-09"), "1d".parse().unwrap()).unwrap());
        list.extend(dates(d("2021"), d("2024"), "1y".parse().unwrap()).unwrap());
        let on = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            pool.install(|| trend(&model, &list, &TrendOptions::default()))
        };
        let one = on(1);
        assert_eq!(one.steps.len(), list.len());
        assert!(!one.switches.is_empty(), "the blocs change over the range");
        for threads in [2, 3, 5] {
            assert_eq!(on(threads), one, "{threads} threads");
        }
    }

    #[test]
    fn large_graphs_hold_fewer_snapshots_at_once() {
        assert_eq!(window(100, 2), 2);
        assert_eq!(window(100, 64), 8);
        assert_eq!(window(1_050_000, 64), 3);
        assert_eq!(window(5_000_000, 64), 1);
        assert_eq!(window(0, 0), 1);
    }

    #[test]
    fn a_passed_deadline_stops_before_the_first_date() {
        let model = crate::generate::generate(&crate::generate::Spec::sized(10, 20, 2));
        let d = |s: &str| s.parse::<Date>().unwrap();
        let options = TrendOptions {
            effort: Effort::until(std::time::Instant::now()),
            ..TrendOptions::default()
        };
        let t = trend(&model, &[d("2005"), d("2010")], &options);
        assert!(t.steps.is_empty());
        assert!(options.effort.timed_out());
    }

    #[test]
    fn ranges_end_on_the_last_date() {
        let d = |s: &str| s.parse::<Date>().unwrap();
        let list = dates(d("2019"), d("2021-06"), "1y".parse().unwrap()).unwrap();
        assert_eq!(list, vec![d("2019"), d("2020"), d("2021"), d("2021-06")]);
        assert!(dates(d("2021"), d("2019"), "1y".parse().unwrap()).is_err());
        assert!(dates(d("1900"), d("2100"), "1d".parse().unwrap()).is_err());
    }
}
