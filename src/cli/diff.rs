//! `detente diff`: what changed between two dates of one graph, or between two graphs (files,
//! scenarios or `REV:PATH` git revisions) on a date.

use std::ffi::OsString;

use detente::diff::{DiffOptions, GraphDiff};
use detente::model::{Date, Graph};
use detente::render::diff as view;
use detente::snapshot::Snapshot;

use super::common::{parse_date, print};
use super::git::Input;
use super::{CliError, ExitStatus};

const EXAMPLES: &str = "\
Examples:
  detente diff graphs/us-belarus.yaml --from 2020 --to 2025
  detente diff graphs/us-belarus.yaml --from 2020 --to 2025 --format markdown > changes.md
  detente diff old.yaml new.yaml --at 2025-05
  detente diff HEAD~1:graphs/us-belarus.yaml graphs/us-belarus.yaml --at 2025-05
  detente diff base.yaml scenario.yaml --from 2025-01 --to 2025-09 --threshold 0.1

Two graphs without --at, --from or --to are compared as of the last date either mentions.
An argument that names an existing file is that file, even if it contains a colon; otherwise
REV:PATH reads PATH as of git revision REV (PATH relative to the repository's root, or ./PATH).

Exit codes: 0 success (with --exit-code: no differences); 1 with --exit-code when there are
differences; 2 on any error.";

/// Output formats of `diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A summary, then actors, posts and ties in detail.
    Text,
    /// JSON with stable field names, for scripts.
    Json,
    /// Markdown tables, for reports.
    Markdown,
}

/// When to colour text output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Color {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// What changed: ties added, removed and changed (with sign flips), actors added and removed,
/// posts started and ended.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// One graph (compared between --from and --to), or two (compared --at a date); each a file,
    /// a scenario, or REV:PATH.
    #[arg(required = true, num_args = 1..=2, value_name = "GRAPH")]
    inputs: Vec<OsString>,
    /// The date of both sides when comparing two graphs (default: the last date either graph
    /// mentions, i.e. their final states).
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    at: Option<Date>,
    /// The date of the first side (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    from: Option<Date>,
    /// The date of the second side.
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    to: Option<Date>,
    /// Hide changed ties whose |delta| is below X (added and removed ties are always shown).
    #[arg(long, value_parser = parse_threshold, default_value_t = 0.0, value_name = "X")]
    threshold: f64,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// When to colour text output.
    #[arg(long, value_enum, default_value_t = Color::Auto, value_name = "WHEN")]
    color: Color,
    /// Exit with 1 when there are differences and 0 when there are none.
    #[arg(long)]
    exit_code: bool,
}

fn parse_threshold(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(x) if x.is_finite() && x >= 0.0 => Ok(x),
        _ => Err(format!(
            "`{text}` is not a threshold; give a number ≥ 0, e.g. 0.1"
        )),
    }
}

/// The two dates, from the options and the number of inputs. Two graphs with no date at all are
/// compared as of the last date either mentions (their final state).
fn dates(args: &Args, graphs: (&Graph, &Graph)) -> Result<(Date, Date), CliError> {
    if args.inputs.len() == 1 {
        if args.at.is_some() {
            return Err(CliError::msg(
                "--at compares two graphs on one date; with one graph, give --from and --to",
            ));
        }
        return match (args.from, args.to) {
            (Some(from), Some(to)) => Ok((from, to)),
            _ => Err(CliError::msg(
                "with one graph, give the two dates to compare: --from DATE --to DATE",
            )),
        };
    }
    let last = || {
        let (a, b) = graphs;
        a.dates().last().copied().max(b.dates().last().copied())
    };
    let at = match (args.at, args.from, args.to) {
        (None, None, None) => last(),
        (at, _, _) => at,
    };
    match (args.from.or(at), args.to.or(at)) {
        (Some(from), Some(to)) => Ok((from, to)),
        _ => Err(CliError::msg(
            "give the date to compare the two graphs on: --at DATE (or --from and --to for a \
             date on each side)",
        )),
    }
}

pub fn run(args: Args) -> Result<ExitStatus, CliError> {
    let first = Input::parse(&args.inputs[0]);
    let second = args.inputs.get(1).map(Input::parse);
    let before_graph = first.load()?;
    let after_graph = match &second {
        Some(input) => input.load()?,
        None => before_graph.clone(),
    };
    let (from_date, to_date) = dates(&args, (&before_graph, &after_graph))?;
    let before = Snapshot::at(&before_graph, from_date);
    let after = Snapshot::at(&after_graph, to_date);
    let options = DiffOptions {
        threshold: args.threshold,
    };
    let first_name = first.name();
    let second_name = second
        .as_ref()
        .map_or_else(|| first_name.clone(), Input::name);
    let diff = GraphDiff::between(&before, &after, &options).with_names(first_name, second_name);

    let text = match args.format {
        Format::Text => {
            let color = match args.color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => {
                    anstream::AutoStream::choice(&std::io::stdout())
                        == anstream::ColorChoice::Always
                }
            };
            view::text(&diff, color)
        }
        Format::Json => view::json(&diff),
        Format::Markdown => view::markdown(&diff),
    };
    print(&text)?;
    Ok(if args.exit_code && !diff.is_empty() {
        ExitStatus::Found
    } else {
        ExitStatus::Success
    })
}
