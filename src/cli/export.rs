//! `detente export FILE --format csv|parquet|gexf|graphml|csl-json`: a graph out to
//! spreadsheets, data frames, Gephi and NetworkX, its sources out to reference managers.

use std::borrow::Cow;
use std::path::PathBuf;

use detente::Snapshot;
use detente::model::{Date, Graph};
use detente::snapshot::Filter;

use super::args::{Narrow, Output, OutputFormat};
use super::columnar::DirSink;
use super::common::{load_graph, parse_date};
use super::output::Sink;
use super::{CliError, ExitStatus};

const EXAMPLES: &str = "\
Examples:
  detente export graphs/us-belarus.yaml -o ties.csv --actors-output actors.csv
  detente export graphs/us-belarus.yaml -o us-belarus.parquet
  detente export graphs/us-belarus.yaml -o us-belarus.gexf
  detente export graphs/us-belarus.yaml --at 2020-03 -o march.graphml
  detente export graphs/us-belarus.yaml --format csl-json -o sources.json

CSV is the long table that `detente import csv` reads back. Parquet is the whole graph as a
directory of tables (actors, posts, points, events, sources...) that every command reads in
place of a graph file, and pandas, DuckDB and Spark read as tables. GEXF is the whole graph over time
(Gephi's timeline); GraphML is the snapshot at --at; CSL-JSON is the sources, for reference
managers. docs/data.md describes each.";

/// Write a graph for other tools: the long CSV table, dynamic GEXF, GraphML of a snapshot, or
/// the sources as CSL-JSON.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// The graph (or scenario) file.
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// The date of the snapshot (GraphML only).
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    at: Option<Date>,
    /// With CSV: also write the actors table (`id,name,kind,note`) here.
    #[arg(long, value_name = "PATH")]
    actors_output: Option<PathBuf>,
    #[command(flatten)]
    narrow: Narrow,
    #[command(flatten)]
    output: Output<Format>,
}

/// `export --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// The long relations table: one row per point.
    Csv,
    /// The whole graph as a directory of Parquet tables (`-o NAME.parquet`).
    Parquet,
    /// GEXF 1.3, dynamic: the whole graph over time.
    Gexf,
    /// GraphML of the snapshot at --at.
    Graphml,
    /// The graph's sources as CSL-JSON, for reference managers.
    #[value(name = "csl-json")]
    CslJson,
}

impl OutputFormat for Format {
    const EXTENSIONS: &'static [(&'static str, Format)] = &[
        ("csv", Format::Csv),
        ("parquet", Format::Parquet),
        ("gexf", Format::Gexf),
        ("graphml", Format::Graphml),
        ("json", Format::CslJson),
    ];
    const DEFAULT: Format = Format::Csv;
    fn name(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Parquet => "parquet",
            Format::Gexf => "gexf",
            Format::Graphml => "graphml",
            Format::CslJson => "csl-json",
        }
    }
}

pub fn run(args: Args) -> Result<ExitStatus, CliError> {
    let format = args.output.format()?;
    if args.at.is_some() && format != Format::Graphml {
        return Err(CliError::msg(format!(
            "`--at` applies only to GraphML; {} holds the whole graph over time",
            format.name()
        )));
    }
    if args.actors_output.is_some() && format != Format::Csv {
        return Err(CliError::msg(
            "`--actors-output` applies only to `--format csv`",
        ));
    }
    if format == Format::Parquet {
        let sink = DirSink::open(args.output.raw_path(), &[&args.file])?;
        let graph = load_graph(&args.file)?;
        let filter = args.narrow.filter(&graph)?;
        let narrowed = over_time(
            &graph,
            &filter,
            "name the actors with --only for a graph over time",
        )?;
        sink.write(detente::export::parquet::tables(&narrowed))?;
        return Ok(ExitStatus::Success);
    }
    let sink = Sink::open(args.output.path(), &[&args.file])?;
    let actors_sink = args
        .actors_output
        .as_deref()
        .map(|p| Sink::open(Some(p), &[&args.file]))
        .transpose()?;
    let graph = load_graph(&args.file)?;
    let filter = args.narrow.filter(&graph)?;
    let text = match format {
        Format::Csv => {
            let narrowed = over_time(&graph, &filter, EGO_HINT)?;
            detente::export::csv::check_writable(&narrowed).map_err(CliError::msg)?;
            if let Some(actors) = actors_sink {
                let text = detente::export::csv::actors(&narrowed).map_err(CliError::msg)?;
                actors.write(text.as_bytes())?;
            }
            // Written as it is made: ten million rows are never held whole.
            sink.write_with(|out| {
                detente::export::csv::write_relations(&narrowed, out).map_err(|e| match e {
                    // The output's own error, so that a closed pipe stays one.
                    detente::export::csv::CsvError::Csv(e) => match e.into_kind() {
                        csv::ErrorKind::Io(e) => e,
                        kind => std::io::Error::other(format!("{kind:?}")),
                    },
                    other => std::io::Error::other(other),
                })
            })?;
            return Ok(ExitStatus::Success);
        }
        // Parquet is written above, to a directory.
        Format::Gexf | Format::Parquet => {
            let narrowed = over_time(&graph, &filter, EGO_HINT)?;
            sink.write_with(|out| detente::export::gexf::write_gexf(&narrowed, out))?;
            return Ok(ExitStatus::Success);
        }
        Format::CslJson => {
            // Sources are cited by points, events and posts alike; a filter does not narrow them.
            if !filter.is_empty() {
                return Err(CliError::msg(
                    "--kinds, --exclude-kinds, --ego, --only and --exclude narrow ties and \
                     actors; csl-json lists every source of the graph: drop them",
                ));
            }
            detente::export::csl::csl_json(&graph)
        }
        Format::Graphml => {
            let Some(at) = args.at else {
                return Err(CliError::msg(
                    "GraphML is a snapshot: give its date with `--at DATE`",
                ));
            };
            detente::export::graphml::graphml(&Snapshot::at(&graph, at).into_filtered(&filter))?
        }
    };
    sink.write(text.as_bytes())?;
    Ok(ExitStatus::Success)
}

/// What `--ego` needs for a table or GEXF, which hold the graph over time.
const EGO_HINT: &str = "give it with `--format graphml --at DATE`, or name the actors with --only";

/// `graph` narrowed by `filter` over time (kinds and actors narrow every relation), not copied
/// when nothing narrows it. An ego network needs a date: refused, with `ego_hint`.
fn over_time<'g>(
    graph: &'g Graph,
    filter: &Filter,
    ego_hint: &str,
) -> Result<Cow<'g, Graph>, CliError> {
    if filter.is_empty() {
        return Ok(Cow::Borrowed(graph));
    }
    filter
        .graph(graph)
        .map(Cow::Owned)
        .map_err(|e| CliError::msg(format!("--ego: {e}; {ego_hint}")))
}
