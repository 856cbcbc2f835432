//! `detente timeline FILE A B`: a chart of ties' weights over time, with the events that moved
//! them, as SVG, PNG or PDF.

use std::path::PathBuf;

use detente::model::{Date, Graph, RelationKey};
use detente::render::timeline::{self, TimelineError};
use detente::snapshot::Filter;

use super::args::{Narrow, Output, OutputFormat};
use super::common::{load_graph, parse_date, parse_end_date};
use super::output::Sink;
use super::render::refuse_binary;
use super::{CliError, ExitStatus};
use detente::render::escape::printable;

const EXAMPLES: &str = "\
What is drawn:
  each tie is a line: steps rise on the day of a point, linear stretches are straight, and the
  line stops where the tie does not exist (before its first point, after an `end`). A dot marks
  each point. Every event behind a point in the range is a tick on the time axis, with its title
  below. The range defaults to the ties' first point to a little past their last change.

Examples:
  detente timeline graphs/us-belarus.yaml USA BLR --from 2019 --to 2026 -o usa-blr.png
  detente timeline graphs/us-belarus.yaml USA RUS --kind diplomatic -o usa-rus.pdf
  detente timeline graphs/us-belarus.yaml --ties \"USA BLR, RUS BLR\" -o two.svg
  detente timeline graphs/us-belarus.yaml --top 5 --from 2020 --to 2023 -o movers.svg
  detente timeline graphs/us-belarus.yaml --top 5 --from 2020 --to 2023 --kinds diplomatic

--kinds, --exclude-kinds, --only and --exclude narrow the ties drawn (and those --top ranks);
--ego needs a date, so a timeline refuses it.";

/// A chart of ties' weights over time, with the events that moved them.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// The graph file.
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// The two actors whose ties to draw (every kind and direction, unless --kind).
    #[arg(value_name = "ACTOR", num_args = 0..=2)]
    pair: Vec<String>,
    /// Only ties of this kind.
    #[arg(long, value_name = "KIND")]
    kind: Option<String>,
    /// Several pairs, comma-separated: "A B, C D".
    #[arg(long, value_name = "PAIRS", conflicts_with_all = ["pair", "top"])]
    ties: Option<String>,
    /// The N ties that moved most between --from and --to.
    #[arg(long, value_name = "N", conflicts_with = "pair",
          value_parser = clap::value_parser!(u16).range(1..=20))]
    top: Option<u16>,
    /// The first date drawn.
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    from: Option<Date>,
    /// The last date drawn; a partial date means its last day (2025 is 2025-12-31).
    #[arg(long, value_parser = parse_end_date, value_name = "DATE")]
    to: Option<Date>,
    #[command(flatten)]
    narrow: Narrow,
    #[command(flatten)]
    output: Output<Format>,
}

/// `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// Scalable vector graphics.
    Svg,
    /// A PNG image.
    Png,
    /// A one-page PDF (vector, with its font embedded).
    Pdf,
}

impl OutputFormat for Format {
    const EXTENSIONS: &'static [(&'static str, Format)] = &[
        ("svg", Format::Svg),
        ("png", Format::Png),
        ("pdf", Format::Pdf),
    ];
    const DEFAULT: Format = Format::Svg;

    fn name(self) -> &'static str {
        match self {
            Format::Svg => "svg",
            Format::Png => "png",
            Format::Pdf => "pdf",
        }
    }
}

pub fn run(args: Args) -> Result<ExitStatus, CliError> {
    let format = args.output.format()?;
    if format != Format::Svg {
        refuse_binary(args.output.path(), format.name())?;
    }
    let sink = Sink::open(args.output.path(), &[&args.file])?;
    let whole = load_graph(&args.file)?;
    let filter = args.narrow.filter(&whole)?;
    // The chart spans a range, so the filter narrows every relation; an ego needs one date.
    let graph = filter.graph(&whole).map_err(|e| {
        CliError::msg(format!(
            "--ego: {e}, and a timeline spans a range; name the actors with --only"
        ))
    })?;
    let ties = which_ties(&graph, &filter, &args)?;
    let (from, to) = match (args.from, args.to) {
        (Some(from), Some(to)) => (from, to),
        (from, to) => {
            let (first, last) = timeline::default_range(&graph, &ties)
                .ok_or_else(|| CliError::msg("the ties have no points to draw"))?;
            (from.unwrap_or(first), to.unwrap_or(last))
        }
    };
    let svg = timeline::svg(&graph, &ties, from, to).map_err(with_hint)?;
    let bytes = match format {
        Format::Svg => svg.into_bytes(),
        Format::Png => timeline::png(&svg).map_err(with_hint)?,
        Format::Pdf => detente::render::pdf::from_svg(&svg).map_err(CliError::msg)?,
    };
    sink.write(&bytes)?;
    Ok(ExitStatus::Success)
}

/// The ties the flags name: a pair, `--ties` or `--top`.
fn which_ties(graph: &Graph, filter: &Filter, args: &Args) -> Result<Vec<RelationKey>, CliError> {
    let kind = args.kind.as_deref();
    let between = |a: &str, b: &str| {
        for id in [a, b] {
            if graph.actors.contains_key(id) || filter.keeps_actor(id) {
                continue;
            }
            return Err(CliError::msg(format!(
                "--only or --exclude leaves out `{}`; nothing to draw between {} and {}",
                printable(id),
                printable(a),
                printable(b)
            )));
        }
        timeline::ties_between(graph, a, b, kind).map_err(|e| match e {
            TimelineError::NoTie { .. }
                if !filter.kinds.is_empty() || !filter.exclude_kinds.is_empty() =>
            {
                CliError::msg(format!(
                    "{e} among the kinds --kinds and --exclude-kinds keep"
                ))
            }
            e => with_hint(e),
        })
    };
    if let Some(list) = &args.ties {
        let mut keys = Vec::new();
        for pair in list.split(',') {
            let ends: Vec<&str> = pair.split_whitespace().collect();
            let [a, b] = ends.as_slice() else {
                return Err(CliError::msg(format!(
                    "`{}` in --ties is not a pair of actors; write \"A B, C D\"",
                    pair.trim()
                )));
            };
            for key in between(a, b)? {
                if !keys.contains(&key) {
                    keys.push(key);
                }
            }
        }
        return Ok(keys);
    }
    if let Some(n) = args.top {
        let (Some(from), Some(to)) = (args.from, args.to) else {
            return Err(CliError::msg(
                "--top needs the range it ranks over: give --from and --to",
            ));
        };
        if to <= from {
            return Err(CliError::msg(format!(
                "--to {to} is not after --from {from}"
            )));
        }
        // The N chosen among the ties kept (and of --kind, if given).
        let of_kind = Filter {
            kinds: kind.map(str::to_string).into_iter().collect(),
            ..Filter::default()
        }
        .graph(graph)
        .map_err(CliError::msg)?;
        let keys = timeline::top_movers(&of_kind, from, to, usize::from(n));
        if keys.is_empty() {
            return Err(CliError::msg(format!(
                "no tie moved between {from} and {to}"
            )));
        }
        return Ok(keys);
    }
    match args.pair.as_slice() {
        [a, b] => between(a, b),
        _ => Err(CliError::msg(
            "name the two actors (`detente timeline FILE A B`), or give --ties or --top",
        )),
    }
}

/// The library's error with the flags that get around it.
fn with_hint(error: TimelineError) -> CliError {
    match &error {
        TimelineError::Range { .. } => CliError::msg(format!("{error}; give a --to after --from")),
        TimelineError::NoTie { kind: Some(_), .. } => {
            CliError::msg(format!("{error}; drop --kind to see every kind"))
        }
        TimelineError::UnknownActor(_) => CliError::msg(format!(
            "{error}; `detente show FILE --at DATE` lists the actors"
        )),
        _ => CliError::msg(error),
    }
}
