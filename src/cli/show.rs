//! `detente show FILE --at DATE`: the graph as of a date, as a table or JSON.

use std::path::PathBuf;

use detente::model::Date;
use detente::render::report::snapshot as view;
use detente::snapshot::Snapshot;

use super::common::{TextOrJson, load_graph, parse_date, print};
use super::{CliError, ExitStatus};

const EXAMPLES: &str = "\
Examples:
  detente show graphs/us-belarus.yaml --at 2020-03
  detente show graphs/us-belarus.yaml --at 2025-05-01 --format json | jq '.ties[]'";

/// The graph as of a date: the actors (persons placed in their states) and each tie's weight.
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
}

pub fn run(args: Args) -> Result<ExitStatus, CliError> {
    let graph = load_graph(&args.file)?;
    let snapshot = Snapshot::at(&graph, args.at);
    let text = match args.format {
        TextOrJson::Text => view::text(&snapshot),
        TextOrJson::Json => view::json(&snapshot),
    };
    print(&text)?;
    Ok(ExitStatus::Success)
}
