//! Metrics of a snapshot: centralities, structural balance, the frustration index, blocs and
//! components, each computed by its own module and collected into one [`Analysis`]; plus
//! [`trend`], the same over a range of dates.
//!
//! Every metric reads the simple views of [`view::View`]: how directed, mutual and parallel ties
//! are combined is defined there and in `docs/metrics.md`.

pub mod balance;
pub mod blocs;
pub mod centrality;
pub mod components;
pub mod frustration;
pub mod partition;
pub mod trend;
pub mod view;

use crate::model::{Date, Id};
use crate::snapshot::Snapshot;

pub use balance::Census;
pub use blocs::BlocCount;
pub use centrality::Sources;
pub use partition::Effort;
pub use view::{Sign, Signed, View};

/// What [`analyze`] computes and how hard it tries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Options {
    /// The sources of betweenness: all (exact) or a seeded sample.
    pub betweenness: BetweennessSources,
    /// How many blocs.
    pub blocs: BlocCount,
    /// Effort of the frustration and bloc searches.
    pub effort: Effort,
}

/// [`Sources`] with a default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BetweennessSources {
    /// Every actor.
    #[default]
    All,
    /// This many actors, drawn with [`centrality::SAMPLE_SEED`].
    Sample(usize),
}

/// The metrics of one actor.
#[derive(Debug, Clone, PartialEq)]
pub struct ActorMetrics {
    /// The actor's id.
    pub id: Id,
    /// Distinct actors it has a tie with.
    pub degree: usize,
    /// Its ties, parallel ties counted separately.
    pub ties: usize,
    /// Σw over its ties (file's scale).
    pub strength: f64,
    /// Σ of its positive weights.
    pub positive_strength: f64,
    /// Σ of its negative weights (≤ 0).
    pub negative_strength: f64,
    /// PageRank on the directed view with weights |w|.
    pub pagerank: f64,
    /// Normalised betweenness, path lengths 1/|w|.
    pub betweenness: f64,
    /// Closeness, path lengths 1/|w|, Wasserman–Faust for disconnected graphs.
    pub closeness: f64,
    /// Eigenvector centrality (unit Euclidean norm), `None` if the iteration did not converge.
    pub eigenvector: Option<f64>,
}

/// A tie of the signed view, by actor ids.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SignedPair {
    /// The smaller id.
    pub a: Id,
    /// The larger id.
    pub b: Id,
    /// The sign of the pair's net weight.
    pub sign: Sign,
}

/// The frustration index with its split, by actor ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrustrationReport {
    /// The index (an upper bound unless `exact`).
    pub index: usize,
    /// Whether the index is proven minimal.
    pub exact: bool,
    /// The two sides of the optimal split (actors with a signed tie only), each sorted.
    pub groups: [Vec<Id>; 2],
    /// The frustrated pairs.
    pub edges: Vec<SignedPair>,
}

/// Structural balance of the signed view.
#[derive(Debug, Clone, PartialEq)]
pub struct BalanceReport {
    /// Triangles by sign.
    pub census: Census,
    /// balanced / all triangles, `None` without triangles.
    pub ratio: Option<f64>,
    /// The unbalanced triangles as sorted id triples, sorted.
    pub unbalanced: Vec<[Id; 3]>,
    /// Balanced in the Cartwright–Harary sense: every cycle has an even number of negative ties
    /// (frustration index 0). Stronger than `triangles_balanced`.
    pub balanced: bool,
    /// No triangle is unbalanced (longer cycles may still be).
    pub triangles_balanced: bool,
    /// Weakly balanced (clusterable, Davis 1967): no cycle has exactly one negative tie.
    pub weakly_balanced: bool,
    /// The frustration index.
    pub frustration: FrustrationReport,
}

/// The blocs, by actor ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlocReport {
    /// The number of blocs allowed.
    pub k: usize,
    /// Whether K was chosen automatically.
    pub automatic: bool,
    /// Violated ties: positive between blocs plus negative within.
    pub cost: usize,
    /// Whether `cost` is proven minimal.
    pub exact: bool,
    /// The blocs, each sorted, in order of their first member.
    pub blocs: Vec<Vec<Id>>,
    /// Actors without a signed tie, in no bloc.
    pub unaligned: Vec<Id>,
    /// For the automatic rule: `(K, cost, exact)` for every K tried.
    pub tried: Vec<(usize, usize, bool)>,
}

/// Connected components, by actor ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComponentReport {
    /// Over every tie.
    pub all: Vec<Vec<Id>>,
    /// Over positive pairs only.
    pub positive: Vec<Vec<Id>>,
}

/// Everything `detente analyze` reports about one snapshot.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    /// The snapshot's date.
    pub date: Date,
    /// Per actor, in id order.
    pub actors: Vec<ActorMetrics>,
    /// Structural balance.
    pub balance: BalanceReport,
    /// Blocs.
    pub blocs: BlocReport,
    /// Components.
    pub components: ComponentReport,
    /// How betweenness was computed: `None` for exact, else the number of sampled sources.
    pub betweenness_samples: Option<usize>,
}

/// Analyses `snapshot`: every metric of this module, by actor id.
///
/// # Complexity
/// Dominated by closeness and exact betweenness, O(V·(E + V log V)); see each metric.
///
/// # Example
/// ```
/// let model = detente::load::load_str("detente: 1\nactors:\n  A: {name: A, kind: state}\n  \
///     B: {name: B, kind: state}\n  C: {name: C, kind: state}\nrelations:\n  \
///     - {between: [A, B], series: [{date: 2020, weight: 1}]}\n  \
///     - {between: [B, C], series: [{date: 2020, weight: 1}]}\n  \
///     - {between: [A, C], series: [{date: 2020, weight: -1}]}\n", "x.yaml").unwrap();
/// let snapshot = detente::snapshot::Snapshot::at(&model, "2021".parse().unwrap());
/// let a = detente::analysis::analyze(&snapshot, &Default::default());
/// assert_eq!(a.balance.census.ppm, 1);
/// assert_eq!(a.balance.frustration.index, 1);
/// assert!(!a.balance.balanced);
/// ```
pub fn analyze(snapshot: &Snapshot, options: &Options) -> Analysis {
    let view = View::of(snapshot);
    let signed = Signed::of(&view);
    let ids = &view.ids;
    let sources = match options.betweenness {
        BetweennessSources::All => Sources::All,
        BetweennessSources::Sample(k) => Sources::Sample {
            k,
            seed: centrality::SAMPLE_SEED,
        },
    };
    let strengths = centrality::strengths(&view);
    let pagerank = centrality::pagerank(&view.directed, centrality::DAMPING, 1e-6, 100).scores;
    let betweenness = centrality::betweenness(&view, sources);
    let closeness = centrality::closeness(&view);
    let eigenvector = centrality::eigenvector(&view);
    let actors = (0..view.node_count())
        .map(|i| ActorMetrics {
            id: ids[i].clone(),
            degree: strengths[i].degree,
            ties: strengths[i].ties,
            strength: strengths[i].strength,
            positive_strength: strengths[i].positive,
            negative_strength: strengths[i].negative,
            pagerank: pagerank[i],
            betweenness: betweenness[i],
            closeness: closeness[i],
            eigenvector: eigenvector.as_ref().map(|x| x[i]),
        })
        .collect();
    Analysis {
        date: snapshot.date,
        actors,
        balance: balance_report(&signed, ids, &options.effort),
        blocs: bloc_report(&signed, ids, options.blocs, &options.effort),
        components: ComponentReport {
            all: named_groups(&components::components(&view, false), ids),
            positive: named_groups(&components::components(&view, true), ids),
        },
        betweenness_samples: match options.betweenness {
            BetweennessSources::All => None,
            BetweennessSources::Sample(k) => Some(k.min(view.node_count())),
        },
    }
}

fn named_groups(groups: &[Vec<u32>], ids: &[Id]) -> Vec<Vec<Id>> {
    groups
        .iter()
        .map(|g| g.iter().map(|&v| ids[v as usize].clone()).collect())
        .collect()
}

fn signed_pair(ids: &[Id], (a, b, sign): (u32, u32, Sign)) -> SignedPair {
    SignedPair {
        a: ids[a as usize].clone(),
        b: ids[b as usize].clone(),
        sign,
    }
}

/// Structural balance and the frustration index of a signed graph, by actor ids.
pub fn balance_report(signed: &Signed, ids: &[Id], effort: &Effort) -> BalanceReport {
    let census = balance::census(signed);
    let unbalanced = balance::unbalanced_triangles(signed)
        .into_iter()
        .map(|t| t.map(|v| ids[v as usize].clone()))
        .collect();
    let f = frustration::frustration(signed, effort);
    let mut groups: [Vec<Id>; 2] = [Vec::new(), Vec::new()];
    for (v, &side) in f.side.iter().enumerate() {
        if !signed.adjacency[v].is_empty() {
            groups[usize::from(side.min(1))].push(ids[v].clone());
        }
    }
    BalanceReport {
        ratio: census.ratio(),
        census,
        unbalanced,
        balanced: balance::balanced_split(signed).is_some(),
        triangles_balanced: census.ppm + census.mmm == 0,
        weakly_balanced: balance::weakly_balanced(signed),
        frustration: FrustrationReport {
            index: f.index,
            exact: f.exact,
            groups,
            edges: f.edges.into_iter().map(|e| signed_pair(ids, e)).collect(),
        },
    }
}

/// Blocs of a signed graph, by actor ids.
pub fn bloc_report(signed: &Signed, ids: &[Id], count: BlocCount, effort: &Effort) -> BlocReport {
    let b = blocs::blocs(signed, count, effort);
    let mut groups: Vec<Vec<Id>> = Vec::new();
    let mut unaligned = Vec::new();
    for (v, g) in b.group.iter().enumerate() {
        match g {
            Some(g) => {
                let g = usize::from(*g);
                if groups.len() <= g {
                    groups.resize(g + 1, Vec::new());
                }
                groups[g].push(ids[v].clone());
            }
            None => unaligned.push(ids[v].clone()),
        }
    }
    BlocReport {
        k: b.k,
        automatic: count == BlocCount::Auto,
        cost: b.cost,
        exact: b.exact,
        blocs: groups,
        unaligned,
        tried: b.tried,
    }
}
