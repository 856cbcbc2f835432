//! `detente show FILE --at DATE`: the graph as of a date, as a table or JSON.

use detente::render::report::Origin;
use detente::render::report::snapshot as view;
use detente::snapshot::Snapshot;

use super::args::FileAt;
use super::common::{TextOrJson, open_input, print};
use super::{CliError, ExitStatus};

const EXAMPLES: &str = "\
Examples:
  detente show graphs/us-belarus.yaml --at 2020-03
  detente show graphs/us-belarus.yaml --at 2025-05-01 --format json | jq '.ties[]'";

/// The graph as of a date: the actors (persons placed in their states) and each tie's weight.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    #[command(flatten)]
    input: FileAt,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    format: TextOrJson,
}

pub fn run(args: Args) -> Result<ExitStatus, CliError> {
    let mut opened = open_input(&args.input.file)?;
    let origin = Origin::new(std::mem::take(&mut opened.inputs));
    let graph = opened.into_graph();
    let snapshot = Snapshot::at(&graph, args.input.at);
    let text = match args.format {
        TextOrJson::Text => view::text(&snapshot),
        TextOrJson::Json => view::json(&snapshot, &origin),
    };
    print(&text)?;
    Ok(ExitStatus::Success)
}
