//! `detente show FILE --at DATE`: the graph as of a date, as a table or JSON.

use detente::render::report::Origin;
use detente::render::report::snapshot as view;
use detente::snapshot::Snapshot;

use super::args::{FileAt, Narrow};
use super::common::{TextOrJson, citer, free_in_background, open_input};
use super::output::Sink;
use super::{CliError, ExitStatus};

const EXAMPLES: &str = "\
Examples:
  detente show graphs/us-belarus.yaml --at 2020-03
  detente show graphs/us-belarus.yaml --at 2025-05-01 --format json | jq '.ties[]'
  detente show graphs/us-belarus.yaml --at 2020-03 --sources

In JSON each tie has `since`, the date of the point that gives its value; --sources adds that
point (`point`: its note, event and sources). `detente explain` gives a tie's whole history.";

/// The graph as of a date: the actors (persons placed in their states) and each tie's weight.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    #[command(flatten)]
    input: FileAt,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    format: TextOrJson,
    /// For each tie, the point that gives its value, with its note, event and sources.
    #[arg(long)]
    sources: bool,
    #[command(flatten)]
    narrow: Narrow,
}

pub fn run(args: Args) -> Result<ExitStatus, CliError> {
    let mut opened = open_input(&args.input.file)?;
    let origin = Origin::new(std::mem::take(&mut opened.inputs));
    let citer = citer(&opened);
    let filter = args.narrow.filter(citer.graph())?;
    let origin = origin.narrowed(&filter);
    let snapshot = Snapshot::at(citer.graph(), args.input.at).into_filtered(&filter);
    let cited = Some(view::Cited {
        citer: &citer,
        sources: args.sources,
    });
    match args.format {
        // Streamed: the text and JSON of a large snapshot are tens and hundreds of megabytes.
        TextOrJson::Text => Sink::open(None, &[])?
            .write_with(|out| view::write_text_cited(&snapshot, cited, out))?,
        TextOrJson::Json => Sink::open(None, &[])?
            .write_with(|out| view::write_json_cited(&snapshot, cited, &origin, out))?,
    }
    drop(citer);
    free_in_background((snapshot, opened));
    Ok(ExitStatus::Success)
}
