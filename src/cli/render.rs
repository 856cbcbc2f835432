//! `detente render FILE --at DATE`: the diagram of the graph as of a date, as DOT, SVG or PNG;
//! with `--from D1 --to D2 [--every N]`, one diagram per date into a directory, every actor in
//! the same place in every frame.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Duration;

use detente::analysis::trend::{self, Every};
use detente::diff::{DiffOptions, GraphDiff};
use detente::model::{Date, Graph};
use detente::render::diagram::image::{Engine, ImageError, ImageFormat, Layout, PngSize};
use detente::render::diagram::{DotOptions, EdgeLabels, Membership, dot, write_dot};
use detente::render::diagram::{animation, frames};
// Past the layout, the built-in engine's pictures are freed of collisions (issue 14).
#[cfg(feature = "builtin-render")]
use detente::render::diagram::declutter::render as draw_picture;
#[cfg(not(feature = "builtin-render"))]
use detente::render::diagram::image::render as draw_picture;
use detente::snapshot::{Aggregation, Filter, Snapshot};

use super::args::{Narrow, Output, OutputFormat, Rollup};
use super::common::{
    citer, free_in_background, load_graph, open_input, parse_date, parse_end_date,
};
use super::output::Sink;
use super::{CliError, ExitStatus};

const EXAMPLES: &str = "\
What is drawn:
  states and organisations are boxes (clusters) holding the persons in office there on the
  date; ties are blue when cooperative, vermillion when hostile, wider when stronger, dashed,
  dotted or doubled by kind, with arrows when directed; actors with no tie on the date are faded.
  People with no post and no tie on the date are left out (the legend counts them); --all-actors
  draws them too, faded.
  Under --layout neato, sfdp, circo and twopi, which draw no clusters, each member stands beside
  its state, joined to it by a grey wedge.

--level state rolls each official's ties up into their state's: a tie's ends are replaced by
the states where they hold a post on the date, ties inside one state are dropped, and ties that
land on the same pair, kind and direction are combined by --aggregate (mean by default).

--layout auto uses `dot` for graphs of up to 60 actors and 150 ties, `sfdp` beyond.

Examples:
  detente render graphs/us-belarus.yaml --at 2020-03 -o us-belarus-2020-03.svg
  detente render graphs/us-belarus.yaml --at 2025-05 -o states.png --level state
  detente render graphs/us-belarus.yaml --at 2025-05 -o us-belarus.pdf
  detente render graphs/us-belarus.yaml --from 2019 --to 2025 --every 6m -o frames/
  detente render graphs/us-belarus.yaml --from 2019 --to 2025 --every 6m -o story.gif
  detente render graphs/us-belarus.yaml -o story.html
  detente render graphs/us-belarus.yaml --kinds diplomatic,alliance -o story.html

Frames: with --from and --to, one diagram per date (every --every from --from, and --to) is
written into the directory -o names, created if missing, as DIR/YYYY-MM-DD.svg (or .png, .pdf,
.dot with --format). The frames share one layout: every actor stays in the same place. --diffs
adds DIR/diff-D1-D2.svg between each two dates, on the same layout. -o FILE.gif (or .apng)
writes the frames as one animation instead.

--kinds, --exclude-kinds, --only and --exclude narrow every snapshot, every frame and the HTML
story; --ego needs a date, so it applies to a snapshot and to each frame, and the HTML story
refuses it.";

/// A diagram of the graph as of a date: DOT, or SVG/PNG drawn with nothing installed.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// The graph file.
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// The date: YYYY, YYYY-MM or YYYY-MM-DD (a partial date means its first day).
    #[arg(long, value_parser = parse_date, value_name = "DATE",
          conflicts_with_all = ["from", "to"])]
    at: Option<Date>,
    /// Frames: the first date (with --to and -o DIR/).
    #[arg(long, value_parser = parse_date, value_name = "DATE", requires = "to")]
    from: Option<Date>,
    /// Frames: the last date; a partial date means its last day (2025 is 2025-12-31).
    #[arg(long, value_parser = parse_end_date, value_name = "DATE", requires = "from")]
    to: Option<Date>,
    /// Frames: the interval between dates: a number and y, m, w or d.
    #[arg(long, value_name = "INTERVAL", default_value = "1y", requires = "from")]
    every: Every,
    #[command(flatten)]
    output: Output<Format>,
    #[command(flatten)]
    rollup: Rollup,
    #[command(flatten)]
    narrow: Narrow,
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
    /// Frames: also write the diff diagram of each two consecutive dates
    /// (DIR/diff-D1-D2.svg), on the frames' layout.
    #[arg(long, requires = "from")]
    diffs: bool,
    /// Add a "Sources: ..." line under the diagram (with the title, which moves there too): the
    /// sources of the ties drawn.
    #[arg(long)]
    sources_note: bool,
    /// A line of text under the diagram (the title moves under it too).
    #[arg(long, value_name = "TEXT")]
    caption: Option<String>,
    /// Leave out the actors with no tie on the date.
    #[arg(long)]
    hide_inactive: bool,
    /// Also draw the people who hold no post and have no tie on the date (former officials and
    /// officials to be), faded; one date's diagram leaves them out by default.
    #[arg(long, conflicts_with = "hide_inactive")]
    all_actors: bool,
    /// PNG: the resolution in dots per inch (72 by default, drawn as 4/3 of a pixel per point of
    /// the layout, like a browser showing the SVG); 144 doubles it.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(24..=600))]
    dpi: Option<u32>,
    /// PNG: scale the picture to this many pixels wide (within --height too when given, keeping
    /// its proportions).
    #[arg(long, value_name = "PX", conflicts_with = "dpi",
          value_parser = clap::value_parser!(u32).range(16..=16_384))]
    width: Option<u32>,
    /// PNG: scale the picture to this many pixels high (within --width too when given).
    #[arg(long, value_name = "PX", conflicts_with = "dpi",
          value_parser = clap::value_parser!(u32).range(16..=16_384))]
    height: Option<u32>,
    /// Draw on a transparent background instead of white (SVG, PNG, PDF).
    #[arg(long)]
    transparent: bool,
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
    /// A one-page PDF (vector, with its font embedded).
    Pdf,
    /// One self-contained interactive page with every date (no --at).
    Html,
    /// Frames: one animated GIF of them (with --from and --to).
    Gif,
    /// Frames: one animated PNG of them (with --from and --to).
    Apng,
}

impl OutputFormat for Format {
    const EXTENSIONS: &'static [(&'static str, Format)] = &[
        ("dot", Format::Dot),
        ("gv", Format::Dot),
        ("svg", Format::Svg),
        ("png", Format::Png),
        ("pdf", Format::Pdf),
        ("html", Format::Html),
        ("gif", Format::Gif),
        ("apng", Format::Apng),
    ];
    const DEFAULT: Format = Format::Dot;

    fn name(self) -> &'static str {
        match self {
            Format::Dot => "dot",
            Format::Svg => "svg",
            Format::Png => "png",
            Format::Pdf => "pdf",
            Format::Html => "html",
            Format::Gif => "gif",
            Format::Apng => "apng",
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
    /// Radial: circles around a centre node.
    Twopi,
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
            LayoutArg::Twopi => Layout::Twopi,
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
        ImageError::TooLarge { .. } => {
            "draw it as SVG (`-o FILE.svg`), which has no size limit, or fewer actors (`--ego`, `--only`)"
        }
        ImageError::Failed(_) => return error.to_string(),
    };
    format!("{error}; {hint}")
}

pub fn run(args: Args) -> Result<ExitStatus, CliError> {
    let png_size = png_size(&args)?;
    if let (Some(from), Some(to)) = (args.from, args.to) {
        return run_frames(&args, from, to);
    }
    let format = args.output.format()?;
    if format == Format::Html {
        return run_html(&args);
    }
    let Some(at) = args.at else {
        return Err(CliError::msg(
            "give --at DATE, --from and --to for frames, or --format html for the whole story",
        ));
    };
    let aggregation = args.rollup.aggregation()?;
    if args.sources_note && aggregation.is_some() {
        return Err(CliError::msg(
            "`--sources-note` lists the sources of the file's own ties, and `--level state` \
             draws ties combined from several; drop one of them",
        ));
    }
    let picture = match format {
        Format::Dot | Format::Html => None,
        Format::Svg | Format::Pdf => Some(ImageFormat::Svg),
        Format::Png => Some(ImageFormat::Png),
        Format::Gif | Format::Apng => {
            return Err(CliError::msg(format!(
                "an animation has several dates: give --from and --to (and --every) instead of \
                 --at, and -o FILE.{}",
                format.name()
            )));
        }
    };
    if picture.is_some() {
        refuse_binary(args.output.path(), format.name())?;
    }
    if args.dpi.is_some() && !matches!(format, Format::Png | Format::Dot) {
        return Err(CliError::msg(
            "--dpi sizes PNG pictures; SVG and PDF are vector and scale freely: drop --dpi or write a .png",
        ));
    }
    if png_size.is_some() && !matches!(format, Format::Png | Format::Dot) {
        return Err(CliError::msg(
            "--width and --height size PNG pictures; SVG and PDF are vector and scale freely: \
             drop them or write a .png",
        ));
    }
    let sink = Sink::open(args.output.path(), &[&args.file])?;
    let opened = open_input(&args.file)?;
    let citer = citer(&opened);
    let filter = args.narrow.filter(citer.graph())?;
    let mut snapshot = Snapshot::at(citer.graph(), at).into_filtered(&filter);
    if let Some(aggregation) = aggregation {
        snapshot = snapshot.rolled_up(aggregation);
    }
    // A rolled-up tie may combine several of the file's ties, so no one point speaks for it.
    // Each tie's point in force is found as its edge is written.
    let points = aggregation.is_none().then_some(&citer);
    let size = (snapshot.graph.node_count(), snapshot.graph.edge_count());
    let layout = Layout::from(args.layout).resolve(size.0, size.1);
    let options = DotOptions {
        membership: Membership::for_layout(layout),
        labels: args.labels.into(),
        rolled_up: aggregation,
        sources: None,
        citer: points,
        sources_note: args.sources_note,
        caption: args.caption.as_deref(),
        hide_inactive: args.hide_inactive,
        leave_out_idle: !args.all_actors,
        anchor_untied: true,
        transparent: args.transparent,
        dpi: args.dpi,
        png_size,
    };
    if picture.is_none() {
        // Streamed: the DOT of a large snapshot is hundreds of megabytes.
        sink.write_with(|out| write_dot(&snapshot, &options, out))?;
        drop(citer);
        free_in_background((snapshot, opened));
        return Ok(ExitStatus::Success);
    }
    let text = dot(&snapshot, &options);
    let drawing = Drawing {
        layout: args.layout.into(),
        engine: args.engine.into(),
        timeout: args.timeout,
    };
    let mut bytes = drawing.draw(text, picture, size)?;
    if format == Format::Pdf {
        bytes = to_pdf(&bytes)?;
    }
    sink.write(&bytes)?;
    Ok(ExitStatus::Success)
}

/// `--width` and `--height`, when either is given.
fn png_size(args: &Args) -> Result<Option<PngSize>, CliError> {
    if args.width.is_none() && args.height.is_none() {
        return Ok(None);
    }
    if args.from.is_some() {
        return Err(CliError::msg(
            "--width and --height size one PNG picture; frames share the layout's size: drop them",
        ));
    }
    Ok(Some(PngSize {
        width: args.width,
        height: args.height,
    }))
}

/// The SVG `bytes` as a PDF.
fn to_pdf(svg: &[u8]) -> Result<Vec<u8>, CliError> {
    let svg = std::str::from_utf8(svg).map_err(|_| CliError::msg("the SVG is not UTF-8"))?;
    detente::render::pdf::from_svg(svg).map_err(CliError::msg)
}

/// `--from D1 --to D2 -o DIR/`: one diagram per date, on one layout.
fn run_frames(args: &Args, from: Date, to: Date) -> Result<ExitStatus, CliError> {
    let dates = trend::dates(from, to, args.every).map_err(|e| match e {
        trend::RangeError::Reversed { from, to } => {
            CliError::msg(format!("--to {to} is before --from {from}; swap them"))
        }
        other => CliError::msg(format!("{other}; use a longer --every")),
    })?;
    let Some(dir) = args
        .output
        .raw_path()
        .filter(|p| !super::output::is_stdout(p))
    else {
        return Err(CliError::msg(
            "frames go into a directory: give `-o DIR/` (created if missing), or `-o FILE.gif` \
             for one animation",
        ));
    };
    // `--format gif -o story.png` contradicts itself, as it would for one picture.
    if args.output.given_format().is_some() {
        args.output.format()?;
    }
    // `-o DIR/` has no extension to read the format from, but `-o x.gif` names an animation.
    let format = match args.output.given_format() {
        Some(format) => format,
        None => args
            .output
            .format()
            .ok()
            .filter(|f| matches!(f, Format::Gif | Format::Apng))
            .unwrap_or(Format::Svg),
    };
    if format == Format::Html {
        return Err(CliError::msg(
            "frames are SVG, PNG, PDF or DOT, or one GIF or APNG; the HTML story (--format \
             html, without --from and --to) has every date",
        ));
    }
    // `-o frames.png` names one picture, but frames are one per date: a directory of that name
    // (holding SVG files, unless --format says otherwise) is not what was asked for.
    let single = dir
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .filter(|e| matches!(e.as_str(), "svg" | "png" | "pdf" | "dot"));
    if let Some(single) = single
        && !matches!(format, Format::Gif | Format::Apng)
        && !dir.is_dir()
    {
        let stem = dir
            .file_stem()
            .map_or_else(|| "frames".into(), |s| s.to_string_lossy().into_owned());
        return Err(CliError::msg(format!(
            "`{}` names one file, but --from and --to make one picture per date; give a \
             directory, e.g. `-o {stem}/ --format {}`, or `-o {stem}.gif` for one animation",
            dir.display(),
            single,
        )));
    }
    let animated = matches!(format, Format::Gif | Format::Apng);
    if args.diffs && (animated || aggregation_given(args)) {
        return Err(CliError::msg(
            "--diffs writes diff diagrams beside the frames of the file's own actors: drop \
             --diffs, or the animation format or --level state",
        ));
    }
    if animated {
        refuse_binary(args.output.path(), format.name())?;
    }
    let aggregation = args.rollup.aggregation()?;
    let graph = load_graph(&args.file)?;
    let filter = args.narrow.filter(&graph)?;
    let snapshots = frame_snapshots(&graph, &dates, &filter, aggregation);
    let layout = frames::union(&snapshots).map_or(Layout::Dot, |all| {
        Layout::from(args.layout).resolve(all.graph.node_count(), all.graph.edge_count())
    });
    let options = DotOptions {
        labels: args.labels.into(),
        rolled_up: aggregation,
        membership: Membership::for_layout(layout),
        ..DotOptions::default()
    };
    let timeout = Duration::from_secs(args.timeout);
    let engine: Engine = args.engine.into();
    let name = args.file.display().to_string();
    let diffs: Vec<GraphDiff> = if args.diffs {
        snapshots
            .windows(2)
            .map(|pair| {
                GraphDiff::between(&pair[0], &pair[1], &DiffOptions::default())
                    .with_names(name.clone(), name.clone())
            })
            .collect()
    } else {
        Vec::new()
    };
    // The layout keeps room for the largest diff legend, which is larger than a frame's.
    let mut legend: Option<(f64, f64)> = None;
    for diff in &diffs {
        let size = frames::diff_legend_size(diff, options.membership, (engine, timeout))
            .map_err(|e| CliError::msg(with_hint(&e)))?;
        if let Some((w, h)) = size {
            legend = Some(legend.map_or((w, h), |(lw, lh)| (lw.max(w), lh.max(h))));
        }
    }
    let pins = frames::stable_layout_reserving(
        &snapshots,
        &options,
        args.layout.into(),
        (engine, timeout),
        legend,
    )
    .map_err(|e| CliError::msg(with_hint(&e)))?;
    if animated {
        let sink = Sink::open(args.output.path(), &[&args.file])?;
        let mut pngs = Vec::with_capacity(snapshots.len());
        for snapshot in &snapshots {
            let text = frames::pinned_dot(snapshot, &options, &pins);
            pngs.push(
                draw_picture(&text, Layout::Pinned, ImageFormat::Png, engine, timeout)
                    .map_err(|e| CliError::msg(with_hint(&e)))?,
            );
        }
        let bytes = match format {
            Format::Gif => animation::gif(&pngs),
            _ => animation::apng(&pngs),
        }
        .map_err(CliError::msg)?;
        sink.write(&bytes)?;
        return Ok(ExitStatus::Success);
    }
    if dir.exists() && !dir.is_dir() {
        return Err(CliError::msg(format!(
            "{} is not a directory; frames go into a directory",
            dir.display()
        )));
    }
    std::fs::create_dir_all(dir)
        .map_err(|e| CliError::msg(format!("cannot create {}: {e}", dir.display())))?;
    for snapshot in &snapshots {
        let text = frames::pinned_dot(snapshot, &options, &pins);
        let path = dir.join(format!("{}.{}", snapshot.date.to_day(), format.name()));
        let sink = Sink::open(Some(&path), &[&args.file])?;
        sink.write(&draw_pinned(text, format, engine, timeout)?)?;
    }
    // The diff diagrams (none without --diffs), on the frames' layout.
    for (pair, diff) in snapshots.windows(2).zip(&diffs) {
        let text = frames::pinned_diff_dot(diff, &pins, options.membership, (engine, timeout))
            .map_err(|e| CliError::msg(with_hint(&e)))?;
        let path = dir.join(format!(
            "diff-{}-{}.{}",
            pair[0].date.to_day(),
            pair[1].date.to_day(),
            format.name()
        ));
        let sink = Sink::open(Some(&path), &[&args.file])?;
        sink.write(&draw_pinned(text, format, engine, timeout)?)?;
    }
    Ok(ExitStatus::Success)
}

/// A pinned DOT text drawn as a frame file of `format` (DOT, SVG, PNG or PDF).
fn draw_pinned(
    text: String,
    format: Format,
    engine: Engine,
    timeout: Duration,
) -> Result<Vec<u8>, CliError> {
    let picture = match format {
        Format::Svg | Format::Pdf => ImageFormat::Svg,
        Format::Png => ImageFormat::Png,
        _ => return Ok(text.into_bytes()),
    };
    let bytes = draw_picture(&text, Layout::Pinned, picture, engine, timeout)
        .map_err(|e| CliError::msg(with_hint(&e)))?;
    if format == Format::Pdf {
        return to_pdf(&bytes);
    }
    Ok(bytes)
}

/// Whether `--level state` (or another roll-up) was asked for.
fn aggregation_given(args: &Args) -> bool {
    args.rollup.aggregation().ok().flatten().is_some()
}

/// `--format html`: the whole story as one self-contained page.
fn run_html(args: &Args) -> Result<ExitStatus, CliError> {
    if args.at.is_some() {
        return Err(CliError::msg(
            "the HTML story has every date; drop --at (open the page at `#YYYY-MM-DD`)",
        ));
    }
    if args.rollup.aggregation()?.is_some() {
        return Err(CliError::msg(
            "the HTML story shows every actor; drop --level state",
        ));
    }
    let sink = Sink::open(args.output.path(), &[&args.file])?;
    let whole = load_graph(&args.file)?;
    // The page has every date, so the filter narrows every relation; an ego needs one date.
    let filter = args.narrow.filter(&whole)?;
    let mut graph = filter.graph(&whole).map_err(|e| {
        CliError::msg(format!(
            "--ego: {e}, and the HTML story has every date; name the actors with --only"
        ))
    })?;
    // A reader of the page must see that it does not show the whole graph.
    if let Some(narrowed) = Narrow::describe(&filter) {
        let title = graph.title.as_deref().unwrap_or("detente");
        graph.title = Some(format!("{title} (narrowed: {narrowed})"));
    }
    let page = detente::render::html::story(
        &graph,
        args.engine.into(),
        Duration::from_secs(args.timeout),
    )
    .map_err(|e| CliError::msg(with_hint(&e)))?;
    sink.write(page.as_bytes())?;
    Ok(ExitStatus::Success)
}

/// The snapshot of `graph` on each date, rolled up if asked.
pub(super) fn frame_snapshots(
    graph: &Graph,
    dates: &[Date],
    filter: &Filter,
    aggregation: Option<Aggregation>,
) -> Vec<Snapshot> {
    dates
        .iter()
        .map(|&d| {
            let s = Snapshot::at(graph, d).into_filtered(filter);
            match aggregation {
                Some(rule) => s.rolled_up(rule),
                None => s,
            }
        })
        .collect()
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
        draw_picture(
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
        Some(picture) => refuse_binary(output, picture.as_str()),
        None => Ok(()),
    }
}

/// Refuses to send a picture in `format` (its `--format` name) to a terminal when there is no
/// `-o`.
pub(super) fn refuse_binary(output: Option<&Path>, format: &str) -> Result<(), CliError> {
    if output.is_none() && std::io::stdout().is_terminal() {
        return Err(CliError::msg(format!(
            "refusing to write {} to a terminal; write it to a file with `-o PATH` or redirect \
             stdout",
            format.to_uppercase()
        )));
    }
    Ok(())
}
