//! `detente trend FILE --from D1 --to D2`: ties, balance, frustration and blocs at regular
//! dates, the biggest movers and the actors that switched bloc.

use std::path::PathBuf;

use detente::analysis::BlocCount;
use detente::analysis::trend::{self, Every, TrendOptions};
use detente::model::Date;
use detente::render::report::Origin;
use detente::render::report::trend as view;

use super::args::{Narrow, Rollup, Timeout};
use super::common::{open_input, parse_date};
use super::output::Sink;
use super::{CliError, ExitStatus};

const EXAMPLES: &str = "\
Examples:
  detente trend graphs/us-belarus.yaml --from 2019 --to 2025
  detente trend graphs/us-belarus.yaml --from 2020-01 --to 2021-01 --every 1m --level state
  detente trend graphs/us-belarus.yaml --from 2019 --to 2025 --every 6m --format csv > trend.csv

Dates run from --from by --every, and --to is always the last date; a partial --to means
the last day of the period it names (--to 2025 is 2025-12-31).";

/// Output formats of `trend`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TrendFormat {
    /// Readable tables.
    Text,
    /// JSON with stable field names, for scripts.
    Json,
    /// Tidy CSV: date, measure, subject, value.
    Csv,
}

/// Ties and metrics over a range of dates; the biggest movers and bloc switches.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// The graph file.
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// The first date.
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    from: Date,
    /// The last date; a partial date means its last day (`--to 2025` is 2025-12-31).
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    to: Date,
    /// The interval between dates: a number and y (years), m (months), w (weeks) or d (days).
    #[arg(long, default_value = "1y", value_name = "INTERVAL")]
    every: Every,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TrendFormat::Text)]
    format: TrendFormat,
    #[command(flatten)]
    rollup: Rollup,
    #[command(flatten)]
    narrow: Narrow,
    /// Look for at most K blocs at each date (default: chosen per date, see `analyze`).
    #[arg(long, value_name = "K", value_parser = clap::value_parser!(u8).range(1..=32))]
    blocs: Option<u8>,
    #[command(flatten)]
    timeout: Timeout,
}

/// The library's range error in the words of the flags that set the range, with `--to` as typed.
fn range_error(error: trend::RangeError, to: Date) -> CliError {
    CliError::msg(match error {
        trend::RangeError::Reversed { from, .. } => {
            format!("--to {to} is before --from {from}; swap them")
        }
        trend::RangeError::TooMany { from, every, .. } => format!(
            "{from} to {to} every {every} makes more than {} dates; use a longer --every",
            trend::MAX_STEPS
        ),
    })
}

pub fn run(args: Args) -> Result<ExitStatus, CliError> {
    // A partial --to names a period, and the range runs through its last day.
    let dates = trend::dates(args.from, args.to.end_of_period(), args.every)
        .map_err(|e| range_error(e, args.to))?;
    let rollup = args.rollup.aggregation()?;
    let mut opened = open_input(&args.file)?;
    let origin = args
        .rollup
        .record(Origin::new(std::mem::take(&mut opened.inputs)))?;
    let graph = opened.into_graph();
    let filter = args.narrow.filter(&graph)?;
    let origin = origin.narrowed(&filter);
    let options = TrendOptions {
        filter,
        rollup,
        blocs: args
            .blocs
            .map_or(BlocCount::Auto, |k| BlocCount::Fixed(usize::from(k))),
        effort: args.timeout.effort(),
        persons: args.rollup.level.persons(),
    };
    let result = trend::trend(&graph, &dates, &options);
    args.timeout.check(&options.effort, "the trend")?;
    let every = args.every.to_string();
    let range = view::Range {
        every: &every,
        level: args.rollup.level.as_str(),
    };
    match args.format {
        // Streamed: at a million ties, the text, JSON and CSV of ten dates are gigabytes.
        TrendFormat::Text => Sink::open(None, &[])?
            .write_with(|out| view::write_text(&result, graph.title.as_deref(), range, out))?,
        TrendFormat::Json => Sink::open(None, &[])?
            .write_with(|out| view::write_json(&result, range, &origin, out))?,
        TrendFormat::Csv => Sink::open(None, &[])?.write_with(|out| {
            view::write_csv(&result, out).map_err(|e| {
                let message = format!("cannot write CSV: {e}");
                match e.into_kind() {
                    csv::ErrorKind::Io(e) => e,
                    _ => std::io::Error::other(message),
                }
            })
        })?,
    }
    Ok(ExitStatus::Success)
}
