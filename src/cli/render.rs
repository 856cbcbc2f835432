//! `detente render FILE --at DATE`: the diagram of the graph as of a date, as DOT, SVG or PNG.

use std::io::IsTerminal;
use std::path::Path;
use std::time::Duration;

use detente::render::diagram::image::{self, Engine, ImageError, ImageFormat, Layout};
use detente::render::diagram::{DotOptions, EdgeLabels, dot, points_in_force};
use detente::snapshot::Snapshot;

use super::args::{FileAt, Output, OutputFormat, Rollup};
use super::common::{citer, open_input};
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
    #[arg(long, value_enum, default_value_t = LayoutArg::Auto)]
    layout: LayoutArg,
    /// Which Graphviz draws SVG/PNG: the built-in one, or an installed `dot`.
    #[arg(long, value_enum, default_value_t = EngineArg::Builtin)]
    engine: EngineArg,
    /// What edges are labelled with.
    #[arg(long, value_enum, default_value_t = LabelsArg::Weights)]
    labels: LabelsArg,
    /// Give up drawing after this many seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 60,
          value_parser = clap::value_parser!(u64).range(1..=86_400))]
    timeout: u64,
    /// Add a "Sources: ..." line under the diagram (with the title, which moves there too): the
    /// sources of the ties drawn.
    #[arg(long)]
    sources_note: bool,
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

/// `--layout`: the library's [`Layout`] under the command line's names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(super) enum LayoutArg {
    /// `dot` up to 60 actors and 150 ties, `sfdp` beyond (see `AUTO_MAX_NODES`).
    Auto,
    /// Hierarchical layers; draws clusters best.
    Dot,
    /// Spring model (stress majorisation).
    Neato,
    /// Force-directed, with clusters.
    Fdp,
    /// Multiscale force-directed, for large graphs.
    Sfdp,
    /// Circular.
    Circo,
}

impl From<LayoutArg> for Layout {
    fn from(arg: LayoutArg) -> Layout {
        match arg {
            LayoutArg::Auto => Layout::Auto,
            LayoutArg::Dot => Layout::Dot,
            LayoutArg::Neato => Layout::Neato,
            LayoutArg::Fdp => Layout::Fdp,
            LayoutArg::Sfdp => Layout::Sfdp,
            LayoutArg::Circo => Layout::Circo,
        }
    }
}

/// `--engine`: the library's [`Engine`] under the command line's names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(super) enum EngineArg {
    /// The Graphviz port built into detente: nothing to install.
    Builtin,
    /// An installed Graphviz (`dot` on PATH).
    Graphviz,
}

impl From<EngineArg> for Engine {
    fn from(arg: EngineArg) -> Engine {
        match arg {
            EngineArg::Builtin => Engine::Builtin,
            EngineArg::Graphviz => Engine::Graphviz,
        }
    }
}

/// `--labels`: the library's [`EdgeLabels`] under the command line's names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum LabelsArg {
    /// The weight on the date, signed (`+0.20`).
    Weights,
    /// The relation's kind.
    Kinds,
    /// No edge labels.
    None,
}

impl From<LabelsArg> for EdgeLabels {
    fn from(arg: LabelsArg) -> EdgeLabels {
        match arg {
            LabelsArg::Weights => EdgeLabels::Weights,
            LabelsArg::Kinds => EdgeLabels::Kinds,
            LabelsArg::None => EdgeLabels::None,
        }
    }
}

/// A drawing error with the flags that get around it: the library names no flag.
fn with_hint(error: &ImageError) -> String {
    let hint = match error {
        ImageError::NoBuiltin => {
            "use `--engine graphviz` with Graphviz installed, or `--format dot`"
        }
        ImageError::GraphvizMissing => {
            "install it (e.g. `apt-get install graphviz`) or use the built-in renderer \
             (`--engine builtin`)"
        }
        ImageError::Timeout { .. } => {
            "try `--layout sfdp` for a large graph, or allow more time with `--timeout`"
        }
        ImageError::Failed(_) => return error.to_string(),
    };
    format!("{error}; {hint}")
}

pub fn run(args: Args) -> Result<ExitStatus, CliError> {
    let format = args.output.format()?;
    let aggregation = args.rollup.aggregation()?;
    if args.sources_note && aggregation.is_some() {
        return Err(CliError::msg(
            "`--sources-note` lists the sources of the file's own ties, and `--level state` \
             draws ties combined from several; drop one of them",
        ));
    }
    let picture = match format {
        Format::Dot => None,
        Format::Svg => Some(ImageFormat::Svg),
        Format::Png => Some(ImageFormat::Png),
    };
    refuse_terminal(args.output.path(), picture)?;
    let sink = Sink::open(args.output.path(), &[&args.input.file])?;
    let opened = open_input(&args.input.file)?;
    let citer = citer(&opened);
    let mut snapshot = Snapshot::at(citer.graph(), args.input.at);
    if let Some(aggregation) = aggregation {
        snapshot = snapshot.rolled_up(aggregation);
    }
    // A rolled-up tie may combine several of the file's ties, so no one point speaks for it.
    let points = match aggregation {
        None => points_in_force(&snapshot, &citer),
        Some(_) => Default::default(),
    };
    let text = dot(
        &snapshot,
        &DotOptions {
            labels: args.labels.into(),
            rolled_up: aggregation,
            sources: Some(&points),
            sources_note: args.sources_note,
        },
    );
    let drawing = Drawing {
        layout: args.layout.into(),
        engine: args.engine.into(),
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
        .map_err(|e| CliError::msg(with_hint(&e)))
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
