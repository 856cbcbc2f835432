//! `detente explain FILE A B --at DATE`: why each tie between two actors has its value: the
//! rule, and the points, events and sources behind it.

use detente::explain::explain;
use detente::render::report::Origin;
use detente::render::report::explain as view;

use super::args::{FileAt, Narrow, Output, OutputFormat};
use super::common::{citer, open_input};
use super::output::Sink;
use super::{CliError, ExitStatus};

const EXAMPLES: &str = "\
For every tie between A and B (every kind unless --kind; both directions of directed ties):
its weight on the date, the rule that gave it (step from a point, linear between two points,
ended, not yet begun; stale when the date is past the last point), and every point up to the
date with its note, its event and its sources (the point's own, then its event's). The point in
force is marked `*`. In a scenario, the points its edits made cite the scenario.
--kinds, --exclude-kinds, --only, --exclude and --ego (on the snapshot at --at) narrow which
ties are explained; a note on stderr says what they left out.

Examples:
  detente explain graphs/us-belarus.yaml USA BLR --at 2020-03
  detente explain graphs/us-belarus.yaml BLR RUS --kind alliance --at 2025 --format json
  detente explain graphs/us-belarus.yaml USA BLR --exclude-kinds contact --at 2025-12
  detente explain graphs/scenarios/relief-track.yaml USA BLR --at 2026-07 --format markdown";

/// Output formats of `explain`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Readable text.
    Text,
    /// JSON with stable field names, for scripts.
    Json,
    /// Markdown with footnoted sources, for reports.
    Markdown,
}

impl OutputFormat for Format {
    const EXTENSIONS: &'static [(&'static str, Format)] = &[
        ("txt", Format::Text),
        ("json", Format::Json),
        ("md", Format::Markdown),
        ("markdown", Format::Markdown),
    ];
    const DEFAULT: Format = Format::Text;

    fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Json => "json",
            Format::Markdown => "markdown",
        }
    }
}

/// Why the ties between two actors have their values: rule, points, events and sources.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    #[command(flatten)]
    input: FileAt,
    /// The first actor (its id).
    #[arg(value_name = "A")]
    a: String,
    /// The second actor.
    #[arg(value_name = "B")]
    b: String,
    /// Only ties of this kind.
    #[arg(long, value_name = "KIND")]
    kind: Option<String>,
    #[command(flatten)]
    narrow: Narrow,
    #[command(flatten)]
    output: Output<Format>,
}

pub fn run(args: Args) -> Result<ExitStatus, CliError> {
    let format = args.output.format()?;
    let sink = Sink::open(args.output.path(), &[args.input.file.as_path()])?;
    let mut opened = open_input(&args.input.file)?;
    let filter = args.narrow.filter(opened.graph())?;
    let origin = Origin::new(std::mem::take(&mut opened.inputs)).narrowed(&filter);
    let explanation = explain(
        &citer(&opened),
        &args.a,
        &args.b,
        args.kind.as_deref(),
        args.input.at,
    )
    .map_err(CliError::msg)?;
    let (explanation, left) = explanation.narrowed(opened.graph(), &filter);
    if let Some(note) = view::left_out(&explanation, &left) {
        // Exit 0 as for any pair without a tie; the note says the filter is why.
        eprintln!("note: {note}");
    }
    let text = match format {
        Format::Text => view::text(&explanation),
        Format::Json => view::json(&explanation, &origin),
        Format::Markdown => view::markdown(&explanation),
    };
    sink.write(text.as_bytes())?;
    Ok(ExitStatus::Success)
}
