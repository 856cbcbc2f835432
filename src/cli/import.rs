//! `detente import csv|parquet|events`: tables and event data in, a graph file (or a columnar
//! graph, `-o G.parquet`) out.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use detente::import::{Imported, Input, csv, events, parquet};
use detente::load::{LoadError, Syntax};
use detente::model::ActorKind;

use super::columnar::{self, DirSink};
use super::common::free_in_background;
use super::output::Sink;
use super::{CliError, ExitStatus};

const EXAMPLES: &str = "\
Examples:
  detente import csv ties.csv --actors actors.csv -o graph.yaml
  detente import csv ties.csv --columns from=src,to=dst,weight=w --directed -o graph.json
  detente import csv wide.csv --wide -o graph.yaml
  detente import csv ties.csv -o graph.parquet
  detente import parquet ties.parquet --actors actors.parquet -o graph.yaml
  detente import parquet graph.parquet -o graph.yaml
  detente import events 20240101.export.CSV --format gdelt -o events.yaml
  detente import events events.2024.tab --format icews --period quarter --kind quadclass

docs/data.md describes the tables and the event aggregation.";

/// Make a graph file from a table (CSV) or from coded event data (GDELT, CAMEO CSV).
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    Csv(CsvArgs),
    Parquet(ParquetArgs),
    Events(EventsArgs),
}

/// Read a relations table: one row per point (`from,to,kind,date,weight`, optionally `directed`,
/// `end`, `interpolation`, `note`, `source`, `event`), or one row per tie with `--wide`.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
struct CsvArgs {
    /// The relations table (CSV with a header row).
    #[arg(value_name = "RELATIONS.csv")]
    relations: PathBuf,
    /// The actors table: `id,name,kind` (and `note`).
    #[arg(long, value_name = "ACTORS.csv")]
    actors: Option<PathBuf>,
    #[command(flatten)]
    table: TableArgs,
    /// One row per tie (`from,to`, optionally `kind`, `directed`, `interpolation`) and one
    /// column per date, each cell a weight, `end` or empty.
    #[arg(long)]
    wide: bool,
    /// Write here (YAML, or JSON for .json) instead of YAML to stdout.
    #[arg(short, long, value_name = "PATH")]
    output: Option<PathBuf>,
}

/// Read the long relations table from Parquet (the columns of the long CSV: `from,to,kind,date,
/// weight` and the optional ones), or a whole columnar graph (a `G.parquet/` directory).
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
struct ParquetArgs {
    /// The relations table (a Parquet file), or a columnar graph directory.
    #[arg(value_name = "RELATIONS.parquet")]
    relations: PathBuf,
    /// The actors table: `id,name,kind` (and `note`, `aliases`, attributes).
    #[arg(long, value_name = "ACTORS.parquet")]
    actors: Option<PathBuf>,
    #[command(flatten)]
    table: TableArgs,
    /// Write here (YAML, JSON for .json, a columnar graph for .parquet) instead of YAML to
    /// stdout.
    #[arg(short, long, value_name = "PATH")]
    output: Option<PathBuf>,
}

/// How a relations table is read, the same from CSV and from Parquet.
#[derive(Debug, clap::Args)]
struct TableArgs {
    /// Every row is a directed tie.
    #[arg(long)]
    directed: bool,
    /// Headers standing for the columns, e.g. `from=src,to=dst`.
    #[arg(long, value_name = "COLUMN=HEADER,...")]
    columns: Option<String>,
    /// The kind of actors that no actors table lists.
    #[arg(long, value_enum, default_value_t = Kind::State, value_name = "KIND")]
    default_kind: Kind,
    /// Actors missing from the actors table are errors instead of being created.
    #[arg(long)]
    strict_actors: bool,
    /// The order the ties are listed in: where each tie's first row is, or by key (`from`,
    /// `to`, `kind`), which is faster for `show`, `render` and `diff` of a large graph.
    #[arg(long, value_enum, default_value_t = Order::FirstRow, value_name = "ORDER")]
    order: Order,
}

/// `--order`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Order {
    /// Each tie where its first row is: the file follows the table.
    FirstRow,
    /// By `from`, then `to`, then `kind` (mutual before directed), as every output lists ties.
    Key,
}

impl TableArgs {
    /// Whether any of these was given (a whole columnar graph takes none).
    fn given(&self) -> bool {
        self.directed
            || self.columns.is_some()
            || self.strict_actors
            || self.default_kind != Kind::State
            || self.order != Order::FirstRow
    }

    /// The importer's options, `wide` or long.
    fn options(&self, wide: bool) -> Result<csv::Options, CliError> {
        Ok(csv::Options {
            directed: self.directed,
            columns: columns(self.columns.as_deref())?,
            default_kind: self.default_kind.into(),
            strict_actors: self.strict_actors,
            wide,
            order: match self.order {
                Order::FirstRow => csv::Order::FirstRow,
                Order::Key => csv::Order::Key,
            },
        })
    }
}

/// `--default-kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Kind {
    State,
    Organisation,
    Person,
}

impl From<Kind> for ActorKind {
    fn from(kind: Kind) -> ActorKind {
        match kind {
            Kind::State => ActorKind::State,
            Kind::Organisation => ActorKind::Organisation,
            Kind::Person => ActorKind::Person,
        }
    }
}

/// Aggregate coded events (GDELT 2.0 exports, ICEWS, or a CAMEO-coded CSV) into one tie per pair
/// of countries: one point per pair and period, weighted by the mean Goldstein score / 10.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
struct EventsArgs {
    /// Event files.
    #[arg(value_name = "FILE", required = true)]
    files: Vec<PathBuf>,
    /// The files' layout.
    #[arg(long, value_enum)]
    format: EventFormat,
    /// Malformed rows are errors instead of being skipped and counted.
    #[arg(long)]
    strict: bool,
    /// The most sources (event ids with their URLs) kept per point.
    #[arg(long, default_value_t = 3, value_name = "N")]
    sources_per_point: usize,
    /// The time each point covers, dated on its first day (weeks start on Monday, ISO).
    #[arg(long, value_enum, default_value_t = EventPeriod::Month, value_name = "PERIOD")]
    period: EventPeriod,
    /// What each event counts for in the mean: once, or as often as it was mentioned
    /// (GDELT's NumMentions, a CAMEO CSV's `mentions` column).
    #[arg(long, value_enum, default_value_t = WeightBy::Events, value_name = "WHAT")]
    weight_by: WeightBy,
    /// Leave out the periods of a pair with fewer events than this.
    #[arg(long, default_value_t = 1, value_name = "N")]
    min_events: u64,
    /// Ties go from each event's source (Actor1) to its target (Actor2) instead of being mutual.
    #[arg(long)]
    directed: bool,
    /// The ties' kind: one kind `events`, or one per CAMEO QuadClass (verbal-cooperation,
    /// material-cooperation, verbal-conflict, material-conflict).
    #[arg(long, value_enum, default_value_t = EventKinds::Events, value_name = "KINDS")]
    kind: EventKinds,
    /// Smooth each tie over time: every point is the mean of its own and earlier periods'
    /// events, an event counting half as much per half-life of age (`90d`, `13w`).
    #[arg(long, value_name = "SPAN")]
    half_life: Option<detente::model::Span>,
    /// Write here (YAML, or JSON for .json) instead of YAML to stdout.
    #[arg(short, long, value_name = "PATH")]
    output: Option<PathBuf>,
}

/// `import events --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum EventFormat {
    /// GDELT 2.0's events export: 61 tab-separated columns, no header.
    Gdelt,
    /// ICEWS coded event data: tab-separated with a header, countries by name.
    Icews,
    /// A CSV with a header: `actor1,actor2,date,goldstein` and optionally `id`, `url`,
    /// `mentions`, `quadclass` or `cameo`.
    CameoCsv,
}

/// `import events --period`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum EventPeriod {
    Week,
    Month,
    Quarter,
    Year,
}

/// `import events --weight-by`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum WeightBy {
    Events,
    Mentions,
}

/// `import events --kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum EventKinds {
    Events,
    Quadclass,
}

pub fn run(args: Args) -> Result<ExitStatus, CliError> {
    match args.command {
        Command::Csv(args) => run_csv(args),
        Command::Parquet(args) => run_parquet(args),
        Command::Events(args) => run_events(args),
    }
}

fn run_csv(args: CsvArgs) -> Result<ExitStatus, CliError> {
    let mut inputs: Vec<&Path> = vec![&args.relations];
    inputs.extend(args.actors.as_deref());
    let sink = Destination::open(args.output.as_deref(), &inputs)?;
    let options = args.table.options(args.wide)?;
    let relations = Input::read(&args.relations)?;
    let actors = args.actors.as_deref().map(Input::read).transpose()?;
    // A regular file can be read again, so its text (the size of the file) is let go once its
    // rows are read; a pipe's or the standard input's cannot, so it is held to the end.
    let imported = if args.relations.is_file() {
        let again = || Input::read(&args.relations).ok().map(|input| input.text);
        csv::relations_releasing(relations, &again, actors.as_ref(), &options)?
    } else {
        let imported = csv::relations(&relations, actors.as_ref(), &options)?;
        drop(relations);
        imported
    };
    // The actors table's text is not needed to write the graph either: the warnings that quote
    // it carry their own copy.
    drop(actors);
    write(imported, sink, args.output.as_deref())
}

fn run_parquet(args: ParquetArgs) -> Result<ExitStatus, CliError> {
    let mut inputs: Vec<&Path> = vec![&args.relations];
    inputs.extend(args.actors.as_deref());
    let is_dir = args.relations.is_dir();
    let given = args.actors.is_some() || args.table.given();
    if is_dir && given {
        return Err(CliError::msg(format!(
            "`{}` is a whole columnar graph; --actors, --directed, --columns, --default-kind, \
             --strict-actors and --order apply to a relations table alone",
            args.relations.display()
        )));
    }
    let sink = Destination::open(args.output.as_deref(), &inputs)?;
    let options = args.table.options(false)?;
    let imported = parquet::relations_table(&args.relations, args.actors.as_deref(), &options)?;
    write(imported, sink, args.output.as_deref())
}

fn run_events(args: EventsArgs) -> Result<ExitStatus, CliError> {
    let inputs: Vec<&Path> = args.files.iter().map(PathBuf::as_path).collect();
    let sink = Destination::open(args.output.as_deref(), &inputs)?;
    let options = events::Options {
        format: match args.format {
            EventFormat::Gdelt => events::Format::Gdelt,
            EventFormat::Icews => events::Format::Icews,
            EventFormat::CameoCsv => events::Format::CameoCsv,
        },
        strict: args.strict,
        sources_per_point: args.sources_per_point,
        period: match args.period {
            EventPeriod::Week => events::Period::Week,
            EventPeriod::Month => events::Period::Month,
            EventPeriod::Quarter => events::Period::Quarter,
            EventPeriod::Year => events::Period::Year,
        },
        weight_by: match args.weight_by {
            WeightBy::Events => events::WeightBy::Events,
            WeightBy::Mentions => events::WeightBy::Mentions,
        },
        min_events: args.min_events,
        directed: args.directed,
        kinds: match args.kind {
            EventKinds::Events => events::Kinds::Events,
            EventKinds::Quadclass => events::Kinds::QuadClass,
        },
        half_life_days: args.half_life.map(half_life_days).transpose()?,
    };
    let mut aggregate = events::Aggregate::new(options)
        .map_err(|why| CliError::msg(format!("--weight-by mentions: {why}")))?;
    let progress = Progress::new(&args.files);
    for path in &args.files {
        let name = path.display().to_string();
        let file = std::fs::File::open(path).map_err(|source| LoadError::Io {
            path: name.clone(),
            source,
        })?;
        let mut reader = std::io::BufReader::new(file);
        if std::io::BufRead::fill_buf(&mut reader).is_ok_and(|b| b.starts_with(b"PK\x03\x04")) {
            add_zipped(&mut aggregate, &name, reader)?;
            progress.advance(path);
            continue;
        }
        aggregate.add(&name, progress.wrap(reader))?;
    }
    progress.finish();
    let imported = aggregate.finish()?;
    write(imported, sink, args.output.as_deref())
}

/// Every file of the zip archive `reader` (GDELT's `*.export.CSV.zip` hold one each), in the
/// archive's order, each named `ARCHIVE/ENTRY` in messages.
fn add_zipped(
    aggregate: &mut events::Aggregate,
    name: &str,
    reader: std::io::BufReader<std::fs::File>,
) -> Result<(), CliError> {
    let unreadable = |e: zip::result::ZipError| {
        CliError::msg(format!("{name}: cannot read the zip archive: {e}"))
    };
    let mut archive = zip::ZipArchive::new(reader).map_err(unreadable)?;
    for i in 0..archive.len() {
        let entry = archive.by_index(i).map_err(unreadable)?;
        if entry.is_dir() {
            continue;
        }
        // The entry's name reaches the terminal in messages: no control characters.
        let inner: String = entry
            .name()
            .map_err(unreadable)?
            .chars()
            .map(|c| if c.is_control() { '?' } else { c })
            .collect();
        let entry_name = format!("{name}/{inner}");
        aggregate.add(&entry_name, entry)?;
    }
    Ok(())
}

/// `--half-life` in days: a span of days or weeks (months and years have no fixed length).
fn half_life_days(span: detente::model::Span) -> Result<u32, CliError> {
    use detente::model::SpanUnit;
    match span.unit {
        SpanUnit::Day => Ok(span.count),
        SpanUnit::Week => Ok(span.count.saturating_mul(7)),
        SpanUnit::Month | SpanUnit::Year => Err(CliError::msg(format!(
            "--half-life {span}: give it in days or weeks (`90d`, `13w`); months and years have \
             no fixed length"
        ))),
    }
}

/// The progress of an event import, drawn on stderr only when it is a terminal.
struct Progress(Option<indicatif::ProgressBar>);

impl Progress {
    fn new(files: &[PathBuf]) -> Progress {
        use std::io::IsTerminal;
        if !std::io::stderr().is_terminal() {
            return Progress(None);
        }
        let total: u64 = files
            .iter()
            .filter_map(|f| std::fs::metadata(f).ok())
            .map(|m| m.len())
            .sum();
        let bar = indicatif::ProgressBar::new(total);
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "{bar:40} {binary_bytes}/{binary_total_bytes} {binary_bytes_per_sec}",
        ) {
            bar.set_style(style);
        }
        Progress(Some(bar))
    }

    /// `reader`, advancing the bar as it is read.
    fn wrap<R: std::io::Read + 'static>(&self, reader: R) -> Box<dyn std::io::Read + '_> {
        match &self.0 {
            Some(bar) => Box::new(bar.wrap_read(reader)),
            None => Box::new(reader),
        }
    }

    /// Counts the file at `path` as read (a zip archive, read through its entries).
    fn advance(&self, path: &Path) {
        if let Some(bar) = &self.0 {
            bar.inc(std::fs::metadata(path).map_or(0, |m| m.len()));
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

/// `--columns from=src,to=dst`: the header that stands for each column.
fn columns(text: Option<&str>) -> Result<BTreeMap<csv::Column, String>, CliError> {
    let mut map = BTreeMap::new();
    for pair in text
        .unwrap_or("")
        .split(',')
        .filter(|p| !p.trim().is_empty())
    {
        let Some((column, header)) = pair.split_once('=') else {
            return Err(CliError::msg(format!(
                "`--columns` takes COLUMN=HEADER pairs separated by commas; `{pair}` has no `=`"
            )));
        };
        let Some(known) = csv::Column::parse(column.trim()) else {
            let names: Vec<&str> = csv::Column::ALL.iter().map(|c| c.name()).collect();
            return Err(CliError::msg(format!(
                "`--columns`: `{}` is not a column; the columns are {}",
                column.trim(),
                names.join(", ")
            )));
        };
        map.insert(known, header.trim().to_string());
    }
    Ok(map)
}

/// Where an imported graph goes: a graph file (or stdout), or a columnar graph for `.parquet`.
enum Destination {
    File(Sink),
    Columnar(DirSink),
}

impl Destination {
    fn open(output: Option<&Path>, inputs: &[&Path]) -> Result<Destination, CliError> {
        Ok(if columnar::wants(output) {
            Destination::Columnar(DirSink::open(output, inputs)?)
        } else {
            Destination::File(Sink::open(output, inputs)?)
        })
    }
}

/// Prints the warnings and writes the graph (YAML, JSON for `.json`, a columnar graph for
/// `.parquet`).
fn write(
    imported: Imported,
    sink: Destination,
    output: Option<&Path>,
) -> Result<ExitStatus, CliError> {
    for warnings in &imported.warnings {
        eprintln!("{}", warnings.labelled("warning"));
    }
    let sink = match sink {
        Destination::Columnar(dir) => {
            dir.write(detente::export::parquet::tables(&imported.graph))?;
            free_in_background(imported);
            return Ok(ExitStatus::Success);
        }
        Destination::File(sink) => sink,
    };
    let syntax = output.map_or(Syntax::Yaml, Syntax::of_path);
    let text = match syntax {
        Syntax::Yaml => detente::load::to_yaml(&imported.graph),
        Syntax::Json => detente::load::to_json(&imported.graph),
    }
    .map_err(CliError::msg)?;
    free_in_background(imported);
    sink.write(text.as_bytes())?;
    Ok(ExitStatus::Success)
}
