//! `detente render FILE --at DATE`: the diagram of the graph as of a date, as DOT, SVG or PNG.

use std::io::IsTerminal;
use std::path::Path;
use std::time::Duration;

use detente::render::dot::{DotOptions, EdgeLabels, dot};
use detente::render::image::{self, Engine, ImageFormat, Layout};
use detente::snapshot::Snapshot;

use super::args::{FileAt, Output, OutputFormat, Rollup};
use super::common::load_graph;
use super::output::Sink;
use super::{CliError, ExitStatus};

const EXAMPLES: &str = "\
What is drawn:
  states and organisations are boxes (clusters) holding the persons in office there on the
  date; ties are blue when cooperative, vermillion when hostile, wider when stronger, dashed or
  dotted by kind, with arrows when directed; actors with no tie on the date are faded.

--level state rolls each official's ties up into their state's: a tie's ends are replaced by
the states where they hold a post on the date, ties inside one state are dropped, and ties that
land on the same pair, kind and direction are combined by --aggregate (mean by default).

--layout auto uses `dot` for graphs of up to 60 actors and 150 ties, `sfdp` beyond.

Examples:
  detente render graphs/us-belarus.yaml --at 2020-03 -o us-belarus-2020-03.svg
  detente render graphs/us-belarus.yaml --at 2025-05 -o states.png --level state
  detente render graphs/us-belarus.yaml --at 2025-05 | dot -Tpdf -o us-belarus.pdf";

/// A diagram of the graph as of a date: DOT, or SVG/PNG drawn with nothing installed.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    #[command(flatten)]
    input: FileAt,
    #[command(flatten)]
    output: Output<Format>,
    #[command(flatten)]
    rollup: Rollup,
    /// Layout engine for SVG/PNG.
    #[arg(long, value_enum, default_value_t = Layout::Auto)]
    layout: Layout,
    /// Which Graphviz draws SVG/PNG: the built-in one, or an installed `dot`.
    #[arg(long, value_enum, default_value_t = Engine::Builtin)]
    engine: Engine,
    /// What edges are labelled with.
    #[arg(long, value_enum, default_value_t = EdgeLabels::Weights)]
    labels: EdgeLabels,
    /// Give up drawing after this many seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 60,
          value_parser = clap::value_parser!(u64).range(1..=86_400))]
    timeout: u64,
}

/// `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// Graphviz DOT text.
    Dot,
    /// Scalable vector graphics.
    Svg,
    /// A PNG image at 96 dpi.
    Png,
}

impl OutputFormat for Format {
    const EXTENSIONS: &'static [(&'static str, Format)] = &[
        ("dot", Format::Dot),
        ("gv", Format::Dot),
        ("svg", Format::Svg),
        ("png", Format::Png),
    ];
    const DEFAULT: Format = Format::Dot;

    fn name(self) -> &'static str {
        match self {
            Format::Dot => "dot",
            Format::Svg => "svg",
            Format::Png => "png",
        }
    }
}

pub fn run(args: Args) -> Result<ExitStatus, CliError> {
    let format = args.output.format()?;
    let aggregation = args.rollup.aggregation()?;
    let picture = match format {
        Format::Dot => None,
        Format::Svg => Some(ImageFormat::Svg),
        Format::Png => Some(ImageFormat::Png),
    };
    refuse_terminal(args.output.path(), picture)?;
    let sink = Sink::open(args.output.path(), &[&args.input.file])?;
    let graph = load_graph(&args.input.file)?;
    let mut snapshot = Snapshot::at(&graph, args.input.at);
    if let Some(aggregation) = aggregation {
        snapshot = snapshot.rolled_up(aggregation);
    }
    let text = dot(
        &snapshot,
        &DotOptions {
            labels: args.labels,
            rolled_up: aggregation,
        },
    );
    let drawing = Drawing {
        layout: args.layout,
        engine: args.engine,
        timeout: args.timeout,
    };
    let size = (snapshot.graph.node_count(), snapshot.graph.edge_count());
    let bytes = drawing.draw(text, picture, size)?;
    sink.write(&bytes)?;
    Ok(ExitStatus::Success)
}

/// How SVG and PNG are drawn: the options `render` and `diff` share.
#[derive(Debug, Clone, Copy)]
pub(super) struct Drawing {
    pub layout: Layout,
    pub engine: Engine,
    pub timeout: u64,
}

impl Drawing {
    /// `dot` as is, or drawn as `picture` for a graph of `(nodes, edges)`.
    pub fn draw(
        self,
        dot: String,
        picture: Option<ImageFormat>,
        (nodes, edges): (usize, usize),
    ) -> Result<Vec<u8>, CliError> {
        let Some(picture) = picture else {
            return Ok(dot.into_bytes());
        };
        image::render(
            &dot,
            self.layout.resolve(nodes, edges),
            picture,
            self.engine,
            Duration::from_secs(self.timeout),
        )
        .map_err(CliError::msg)
    }
}

/// Refuses to send a picture to a terminal when there is no `-o`.
pub(super) fn refuse_terminal(
    output: Option<&Path>,
    picture: Option<ImageFormat>,
) -> Result<(), CliError> {
    match picture {
        Some(picture) if output.is_none() && std::io::stdout().is_terminal() => {
            Err(CliError::msg(format!(
                "refusing to write {} to a terminal; write it to a file with `-o PATH` or \
                 redirect stdout",
                picture.as_str().to_uppercase()
            )))
        }
        _ => Ok(()),
    }
}
