//! `detente analyze FILE --at DATE`: centralities, structural balance, the frustration index,
//! blocs and components of the graph as of a date.

use std::path::PathBuf;

use detente::analysis::{self, BetweennessSources, BlocCount, Options, PathLengths};
use detente::model::Date;
use detente::render::report::analysis as view;
use detente::snapshot::{Aggregation, Snapshot};

use super::common::{TextOrJson, load_graph, parse_date, print};
use super::{CliError, ExitStatus};

const EXAMPLES: &str = "\
Examples:
  detente analyze graphs/us-belarus.yaml --at 2025-05
  detente analyze graphs/us-belarus.yaml --at 2020-09 --level state --blocs 2
  detente analyze graphs/us-belarus.yaml --at 2025-05 --format json | jq '.balance.frustration'

Every number is defined in docs/metrics.md.";

/// Which actors the analysis is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Level {
    /// Every actor, persons included.
    #[default]
    All,
    /// States and organisations: persons' ties rolled up into the states where they hold a post.
    State,
}

impl Level {
    /// The name used on the command line and in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::All => "all",
            Level::State => "state",
        }
    }
}

/// Metrics of the graph as of a date: centralities, balance, frustration, blocs, components.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// The graph file.
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// The date: YYYY, YYYY-MM or YYYY-MM-DD (a partial date means its first day).
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    at: Date,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    format: TextOrJson,
    /// Analyse every actor, or states only with persons' ties rolled up into them.
    #[arg(long, value_enum, default_value_t = Level::All)]
    level: Level,
    /// How `--level state` combines the ties that land on one pair of states.
    #[arg(long, value_enum, default_value_t = Aggregation::Mean)]
    aggregate: Aggregation,
    /// Look for at most K blocs (default: K in 1..=6 with the fewest violated ties).
    #[arg(long, value_name = "K", value_parser = clap::value_parser!(u8).range(1..=32))]
    blocs: Option<u8>,
    /// Estimate betweenness from N sampled source actors (fixed seed) instead of all of them.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    betweenness_samples: Option<u32>,
    /// Path lengths of betweenness: 1/|w| (a strong tie is a short path) or hop counts (faster).
    #[arg(long, value_enum, value_name = "LENGTHS", default_value_t = Lengths::Inverse)]
    betweenness_lengths: Lengths,
}

/// `--betweenness-lengths`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Lengths {
    /// 1/|w|.
    Inverse,
    /// One per tie.
    Hops,
}

pub fn run(args: Args) -> Result<ExitStatus, CliError> {
    let graph = load_graph(&args.file)?;
    let mut snapshot = Snapshot::at(&graph, args.at);
    if args.level == Level::State {
        snapshot = snapshot.rolled_up(args.aggregate);
    }
    let options = Options {
        betweenness: args
            .betweenness_samples
            .map_or(BetweennessSources::All, |k| {
                BetweennessSources::Sample(k as usize)
            }),
        betweenness_lengths: match args.betweenness_lengths {
            Lengths::Inverse => PathLengths::Inverse,
            Lengths::Hops => PathLengths::Hops,
        },
        blocs: args
            .blocs
            .map_or(BlocCount::Auto, |k| BlocCount::Fixed(usize::from(k))),
        effort: Default::default(),
    };
    let result = analysis::analyze(&snapshot, &options);
    let level = args.level.as_str();
    let text = match args.format {
        TextOrJson::Text => view::text(&result, snapshot.title.as_deref(), level),
        TextOrJson::Json => view::json(&result, level),
    };
    print(&text)?;
    Ok(ExitStatus::Success)
}
