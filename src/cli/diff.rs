//! `detente diff`: what changed between two dates of one graph, or between two graphs (files,
//! scenarios or `REV:PATH` git revisions) on a date.

use std::ffi::OsString;
use std::path::Path;

use detente::diff::{DiffOptions, GraphDiff};
use detente::model::{Date, Graph};

use super::common::{citer, free_in_background};
use detente::render::diagram::image::{ImageFormat, Layout};
use detente::render::diagram::{DiffDotOptions, Membership, diff_dot_for};
use detente::render::report::Origin;
use detente::render::report::diff as view;
use detente::snapshot::Snapshot;

use super::args::{Narrow, Output, OutputFormat};
use super::common::{parse_date, parse_end_date};
use super::git::Input;
use super::output::Sink;
use super::render::{Drawing, EngineArg, LayoutArg, refuse_terminal};
use super::{CliError, ExitStatus};

const EXAMPLES: &str = "\
Examples:
  detente diff graphs/us-belarus.yaml --from 2020 --to 2025
  detente diff graphs/us-belarus.yaml --from 2020 --to 2025 --format markdown > changes.md
  detente diff old.yaml new.yaml --at 2025-05
  detente diff HEAD~1:graphs/us-belarus.yaml graphs/us-belarus.yaml --at 2025-05
  detente diff base.yaml scenario.yaml --from 2025-01 --to 2025-09 --threshold 0.1
  detente diff graphs/us-belarus.yaml --from 2020-03 --to 2025-05 -o changes.svg
  detente diff graphs/us-belarus.yaml --from 2020 --to 2025 --balance
  detente diff big.parquet --from 2010 --to 2020 --balance --betweenness-samples 256

The diagram (dot, svg, png) draws both sides' actors and ties: gained ties solid with a circle at
one end, lost ones dotted grey with a bar, strengthened solid, weakened dashed, sign flips as
a double line (old sign's colour beside the new), unchanged ties thin and grey; new actors have a
double outline, removed ones a dashed grey one, persons who took office a bold one and those who
left office a dotted one. Labels give the weights (`+0.20 → -0.60`); a legend lists what is drawn.
People with no post and no tie on either side are left out (the legend counts them);
--all-actors draws them too, faded.

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
    /// The diff diagram as Graphviz DOT.
    Dot,
    /// The diff diagram as SVG.
    Svg,
    /// The diff diagram as a PNG image at 96 dpi.
    Png,
}

impl Format {
    fn picture(self) -> Option<ImageFormat> {
        match self {
            Format::Svg => Some(ImageFormat::Svg),
            Format::Png => Some(ImageFormat::Png),
            _ => None,
        }
    }
}

impl OutputFormat for Format {
    const EXTENSIONS: &'static [(&'static str, Format)] = &[
        ("txt", Format::Text),
        ("json", Format::Json),
        ("md", Format::Markdown),
        ("markdown", Format::Markdown),
        ("dot", Format::Dot),
        ("gv", Format::Dot),
        ("svg", Format::Svg),
        ("png", Format::Png),
    ];
    const DEFAULT: Format = Format::Text;

    fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Json => "json",
            Format::Markdown => "markdown",
            Format::Dot => "dot",
            Format::Svg => "svg",
            Format::Png => "png",
        }
    }
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
/// posts started and ended; as text, JSON, Markdown or a diagram.
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
    /// The date of the second side; a partial date means its last day (`--to 2025` is
    /// 2025-12-31, so the comparison includes all of 2025).
    #[arg(long, value_parser = parse_end_date, value_name = "DATE")]
    to: Option<Date>,
    /// Hide changed ties whose |delta| is below X (added and removed ties are always shown).
    // Negative numbers reach `parse_threshold`, which says what is wrong with them, instead of
    // being taken for an unknown flag.
    #[arg(long, value_parser = parse_threshold, default_value_t = 0.0, value_name = "X",
          allow_negative_numbers = true)]
    threshold: f64,
    #[command(flatten)]
    narrow: Narrow,
    #[command(flatten)]
    output: Output<Format>,
    /// Layout engine for SVG/PNG.
    #[arg(long, value_enum, default_value_t = LayoutArg::Auto)]
    layout: LayoutArg,
    /// Which Graphviz draws SVG/PNG: the built-in one, or an installed `dot`.
    #[arg(long, value_enum, default_value_t = EngineArg::Builtin)]
    engine: EngineArg,
    /// Give up drawing after this many seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 60,
          value_parser = clap::value_parser!(u64).range(1..=86_400))]
    timeout: u64,
    /// When to colour text output.
    #[arg(long, value_enum, default_value_t = Color::Auto, value_name = "WHEN")]
    color: Color,
    /// Exit with 1 when there are differences and 0 when there are none.
    #[arg(long)]
    exit_code: bool,
    /// Also compare structural balance (triangles, frustration index), blocs and centrality
    /// ranks; runs the analysis on both sides (text, JSON and Markdown).
    #[arg(long)]
    balance: bool,
    /// With --balance: rank betweenness estimated from N sampled source actors (fixed seed)
    /// instead of searching from all of them, which is long work on a large graph.
    #[arg(long, value_name = "N", requires = "balance",
          value_parser = clap::value_parser!(u32).range(1..))]
    betweenness_samples: Option<u32>,
    /// Diagram: also draw the people who hold no post and have no tie on either side and to
    /// whom nothing happened (former officials and officials to be), faded; the diagram leaves
    /// them out by default and its legend counts them.
    #[arg(long)]
    all_actors: bool,
    /// Leave out the points behind each change (their dates, notes, events and sources): the
    /// ties' weights only, a report a fraction of the size for a large diff.
    #[arg(long)]
    no_points: bool,
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
        let last = |g: &Graph| g.date_range().map(|(_, last)| last);
        last(a).max(last(b))
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
    let format = args.output.format()?;
    refuse_terminal(args.output.path(), format.picture())?;
    if args.balance && matches!(format, Format::Dot | Format::Svg | Format::Png) {
        return Err(CliError::msg(format!(
            "`--balance` adds a section to text, json and markdown output; the {} diagram does \
             not show it, so drop `--balance` or choose one of those formats",
            format.name()
        )));
    }
    let first = Input::parse(&args.inputs[0]);
    let second = args.inputs.get(1).map(Input::parse);
    let files: Vec<&Path> = [Some(&first), second.as_ref()]
        .into_iter()
        .flatten()
        .filter_map(Input::file)
        .collect();
    let sink = Sink::open(args.output.path(), &files)?;
    let mut first_opened = first.open()?;
    let mut second_opened = second.as_ref().map(Input::open).transpose()?;
    let mut read = std::mem::take(&mut first_opened.inputs);
    if let Some(opened) = second_opened.as_mut() {
        read.append(&mut opened.inputs);
    }
    let origin = Origin::new(read).filter("threshold", args.threshold);
    let before_graph = first_opened.graph();
    let after_graph = second_opened
        .as_ref()
        .map_or(before_graph, detente::Opened::graph);
    let (from_date, to_date) = dates(&args, (before_graph, after_graph))?;
    let filter = args.narrow.filter(before_graph)?;
    let origin = origin.narrowed(&filter);
    // Side by side: each snapshot ends with a serial pass (its edges added one by one), which
    // the other's parallel work overlaps.
    let (before, after) = rayon::join(
        || Snapshot::at(before_graph, from_date).into_filtered(&filter),
        || Snapshot::at(after_graph, to_date).into_filtered(&filter),
    );
    let options = DiffOptions {
        threshold: args.threshold,
    };
    let first_name = first.name();
    let second_name = second
        .as_ref()
        .map_or_else(|| first_name.clone(), Input::name);
    let mut diff =
        GraphDiff::between(&before, &after, &options).with_names(first_name, second_name);
    if args.balance {
        let options = detente::analysis::Options {
            betweenness: super::args::betweenness_sources(args.betweenness_samples),
            metrics: detente::analysis::Metrics::of(&detente::diff::structure::COMPARED),
            ..Default::default()
        };
        let larger = |f: fn(&Snapshot) -> usize| f(&before).max(f(&after));
        if let Some(note) = super::analyze::exact_search_note(
            larger(|s| s.graph.node_count()),
            larger(|s| s.graph.edge_count()),
            &options,
            (" on each side", ""),
        ) {
            eprintln!("note: {note}");
        }
        diff = diff.with_structure(&before, &after, &options);
    }
    // The reports say which points changed each tie; the diagram's tooltips name their events
    // and sources.
    let before_citer = citer(&first_opened);
    let after_citer = second_opened.as_ref().map(citer);
    let after_citer_ref = after_citer.as_ref().unwrap_or(&before_citer);

    // The diagram draws the union of both sides.
    let size = (
        before.graph.node_count() + diff.actors.added.len(),
        before.graph.edge_count() + diff.summary.added,
    );
    let status = if args.exit_code && !diff.is_empty() {
        ExitStatus::Found
    } else {
        ExitStatus::Success
    };
    // JSON, text and Markdown find each change's points as they write it (see below); the
    // diagram reads them from the diff.
    let diff = match format {
        _ if args.no_points => diff,
        Format::Json | Format::Text | Format::Markdown => diff,
        _ => diff.with_points(&before_citer, after_citer_ref),
    };
    let text = match format {
        // Streamed, each change's points found as it is written: the JSON of a large diff is
        // hundreds of megabytes.
        Format::Json => {
            sink.write_with(|out| match args.no_points {
                true => view::write_json(&diff, &origin, out),
                false => {
                    view::write_json_citing(&diff, &before_citer, after_citer_ref, &origin, out)
                }
            })?;
            // The snapshots and models of a large diff are freed on another thread.
            drop((diff, before_citer, after_citer));
            free_in_background((before, after, first_opened, second_opened));
            return Ok(status);
        }
        Format::Text => {
            let color = match args.color {
                Color::Always => true,
                Color::Never => false,
                // A file is never coloured; stdout only on a terminal without NO_COLOR.
                Color::Auto => {
                    args.output.path().is_none()
                        && anstream::AutoStream::choice(&std::io::stdout())
                            == anstream::ColorChoice::Always
                }
            };
            // Streamed too: the text of a large diff is hundreds of megabytes.
            sink.write_with(|out| match args.no_points {
                true => view::write_text(&diff, color, out),
                false => view::write_text_citing(&diff, color, &before_citer, after_citer_ref, out),
            })?;
            drop((diff, before_citer, after_citer));
            free_in_background((before, after, first_opened, second_opened));
            return Ok(status);
        }
        Format::Markdown => {
            sink.write_with(|out| match args.no_points {
                true => view::write_markdown(&diff, out),
                false => view::write_markdown_citing(&diff, &before_citer, after_citer_ref, out),
            })?;
            drop((diff, before_citer, after_citer));
            free_in_background((before, after, first_opened, second_opened));
            return Ok(status);
        }
        Format::Dot | Format::Svg | Format::Png => {
            let layout = Layout::from(args.layout).resolve(size.0, size.1);
            let options = DiffDotOptions {
                membership: Membership::for_layout(layout),
                leave_out_idle: !args.all_actors,
                anchor_untied: true,
            };
            diff_dot_for(&diff, &options)
        }
    };
    let drawing = Drawing {
        layout: args.layout.into(),
        engine: args.engine.into(),
        timeout: args.timeout,
    };
    let bytes = drawing.draw(text, format.picture(), size)?;
    sink.write(&bytes)?;
    Ok(status)
}
