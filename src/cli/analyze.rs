//! `detente analyze FILE --at DATE`: centralities, structural balance, the frustration index,
//! blocs and components of the graph as of a date.

use detente::analysis::{
    self, BetweennessSources, BlocCount, Metric, Metrics, Options, PathLengths,
};
use detente::render::report::Origin;
use detente::render::report::analysis as view;
use detente::snapshot::Snapshot;

use super::args::{FileAt, Narrow, Rollup, Timeout};
use super::common::{TextOrJson, leave_to_exit, open_input, print};
use super::{CliError, ExitStatus};

const EXAMPLES: &str = "\
Examples:
  detente analyze graphs/us-belarus.yaml --at 2025-05
  detente analyze graphs/us-belarus.yaml --at 2020-09 --level state --blocs 2
  detente analyze graphs/us-belarus.yaml --at 2025-05 --format json | jq '.balance.frustration'

Every number is defined in docs/metrics.md.";

/// Metrics of the graph as of a date: centralities, balance, frustration, blocs, components.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    #[command(flatten)]
    input: FileAt,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    format: TextOrJson,
    #[command(flatten)]
    rollup: Rollup,
    #[command(flatten)]
    narrow: Narrow,
    /// Look for at most K blocs (default: K in 1..=6 with the fewest violated ties).
    #[arg(long, value_name = "K", value_parser = clap::value_parser!(u8).range(1..=32))]
    blocs: Option<u8>,
    /// Estimate betweenness and closeness from N sampled source actors (fixed seed) instead of
    /// searching from all of them; closeness is then the Eppstein–Wang estimate.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    betweenness_samples: Option<u32>,
    /// Path lengths of betweenness: 1/|w| (a strong tie is a short path) or hop counts (faster).
    #[arg(long, value_enum, value_name = "LENGTHS", default_value_t = Lengths::Inverse)]
    betweenness_lengths: Lengths,
    /// Compute only these metrics, comma-separated (default: all): degree, pagerank,
    /// betweenness, closeness, eigenvector, balance, frustration, blocs, components. The others
    /// are left out of the output.
    #[arg(long, value_enum, value_delimiter = ',', value_name = "LIST")]
    metrics: Vec<MetricArg>,
    #[command(flatten)]
    timeout: Timeout,
}

/// `--metrics`: the command line's names for [`Metric`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum MetricArg {
    /// Degree, ties and strengths.
    Degree,
    /// PageRank.
    Pagerank,
    /// Betweenness.
    Betweenness,
    /// Closeness.
    Closeness,
    /// Eigenvector centrality.
    Eigenvector,
    /// The triangle census and the balance tests.
    Balance,
    /// The frustration index.
    Frustration,
    /// The blocs.
    Blocs,
    /// Connected components.
    Components,
}

impl From<MetricArg> for Metric {
    fn from(m: MetricArg) -> Metric {
        match m {
            MetricArg::Degree => Metric::Degree,
            MetricArg::Pagerank => Metric::PageRank,
            MetricArg::Betweenness => Metric::Betweenness,
            MetricArg::Closeness => Metric::Closeness,
            MetricArg::Eigenvector => Metric::Eigenvector,
            MetricArg::Balance => Metric::Balance,
            MetricArg::Frustration => Metric::Frustration,
            MetricArg::Blocs => Metric::Blocs,
            MetricArg::Components => Metric::Components,
        }
    }
}

impl Args {
    /// The metrics `--metrics` asks for, all without it.
    fn metrics(&self) -> Metrics {
        if self.metrics.is_empty() {
            return Metrics::default();
        }
        let list: Vec<Metric> = self.metrics.iter().map(|&m| m.into()).collect();
        Metrics::of(&list)
    }
}

/// `--betweenness-lengths`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Lengths {
    /// 1/|w|.
    Inverse,
    /// One per tie.
    Hops,
}

/// Past this many actors times ties, exact betweenness and closeness (a search from every actor)
/// take about two seconds or more on two cores (5,000 actors and 76,000 ties: 2.2 s), and
/// `analyze` says how to estimate them instead.
const EXACT_SEARCH_NOTE_FROM: u64 = 300_000_000;

/// The note `analyze` (and `diff --balance`) writes to standard error before searching from
/// every one of `actors` actors over `ties` ties for betweenness or closeness, when that is long
/// work; `scope` follows the ties (`diff` searches on each side) and `hint` ends the note.
/// `None` when the searches are sampled, not asked for, or short.
pub(super) fn exact_search_note(
    actors: usize,
    ties: usize,
    options: &Options,
    (scope, hint): (&str, &str),
) -> Option<String> {
    let exact = matches!(options.betweenness, BetweennessSources::All);
    let wanted: Vec<&str> = [
        (Metric::Betweenness, "betweenness"),
        (Metric::Closeness, "closeness"),
    ]
    .into_iter()
    .filter_map(|(m, name)| options.metrics.has(m).then_some(name))
    .collect();
    let work = (actors as u64).saturating_mul(ties as u64);
    if !exact || wanted.is_empty() || work < EXACT_SEARCH_NOTE_FROM {
        return None;
    }
    Some(format!(
        "exact {} search from each of the {actors} actors over {ties} ties{scope}, which takes a \
         while; --betweenness-samples 256 estimates {} from 256 sampled actors, in a fraction \
         of the time{hint}",
        wanted.join(" and "),
        if wanted.len() == 1 { "it" } else { "them" },
    ))
}

pub fn run(args: Args) -> Result<ExitStatus, CliError> {
    let aggregation = args.rollup.aggregation()?;
    let mut opened = open_input(&args.input.file)?;
    let origin = args
        .rollup
        .record(Origin::new(std::mem::take(&mut opened.inputs)))?;
    let graph = opened.into_graph();
    let filter = args.narrow.filter(&graph)?;
    let origin = origin.narrowed(&filter);
    let mut snapshot = Snapshot::at(&graph, args.input.at);
    // Filtering with nothing to filter copies the whole snapshot; skip it.
    if !filter.is_empty() {
        snapshot = snapshot.filtered(&filter);
    }
    // The model is not read again, and is left for the system to take back at exit: freeing it
    // now, even on another thread, would take a core from the analysis.
    leave_to_exit(graph);
    if let Some(aggregation) = aggregation {
        snapshot = snapshot.rolled_up(aggregation);
    }
    let options = Options {
        betweenness: super::args::betweenness_sources(args.betweenness_samples),
        betweenness_lengths: match args.betweenness_lengths {
            Lengths::Inverse => PathLengths::Inverse,
            Lengths::Hops => PathLengths::Hops,
        },
        blocs: args
            .blocs
            .map_or(BlocCount::Auto, |k| BlocCount::Fixed(usize::from(k))),
        effort: args.timeout.effort(),
        persons: args.rollup.level.persons(),
        metrics: args.metrics(),
    };
    if let Some(note) = exact_search_note(
        snapshot.graph.node_count(),
        snapshot.graph.edge_count(),
        &options,
        ("", " (--metrics leaves out what is not needed)"),
    ) {
        eprintln!("note: {note}");
    }
    let result = analysis::analyze(&snapshot, &options);
    args.timeout.check(&options.effort, "the analysis")?;
    let level = args.rollup.level.as_str();
    let text = match args.format {
        TextOrJson::Text => view::text(&result, snapshot.title.as_deref(), level),
        TextOrJson::Json => view::json(&result, level, &origin),
    };
    print(&text)?;
    // So are the snapshot (a million ties' names to let go of, one by one) and the results.
    leave_to_exit((snapshot, result, text));
    Ok(ExitStatus::Success)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HINT: (&str, &str) = ("", " (a hint)");

    fn options(sources: BetweennessSources, metrics: &[Metric]) -> Options {
        Options {
            betweenness: sources,
            metrics: if metrics.is_empty() {
                Metrics::default()
            } else {
                Metrics::of(metrics)
            },
            ..Options::default()
        }
    }

    #[test]
    fn long_exact_searches_say_how_to_sample_them() {
        let all = options(BetweennessSources::All, &[]);
        let note = exact_search_note(10_000, 100_000, &all, HINT).unwrap();
        assert!(note.starts_with("exact betweenness and closeness search from each of the 10000 actors over 100000 ties"), "{note}");
        assert!(
            note.contains("--betweenness-samples 256 estimates them"),
            "{note}"
        );
        let closeness = options(BetweennessSources::All, &[Metric::Closeness]);
        let note = exact_search_note(10_000, 100_000, &closeness, HINT).unwrap();
        assert!(note.starts_with("exact closeness search"), "{note}");
        assert!(note.contains("estimates it"), "{note}");
        assert!(
            note.ends_with("in a fraction of the time (a hint)"),
            "{note}"
        );
    }

    #[test]
    fn short_sampled_or_unasked_searches_get_no_note() {
        let all = options(BetweennessSources::All, &[]);
        assert_eq!(exact_search_note(3_000, 99_999, &all, HINT), None);
        assert!(exact_search_note(3_000, 100_000, &all, HINT).is_some());
        let sampled = options(BetweennessSources::Sample(256), &[]);
        assert_eq!(exact_search_note(10_000, 100_000, &sampled, HINT), None);
        let pagerank = options(
            BetweennessSources::All,
            &[Metric::PageRank, Metric::Balance],
        );
        assert_eq!(exact_search_note(10_000, 100_000, &pagerank, HINT), None);
    }
}
