//! `detente check FILE...`: validate graph files and report every problem with its location.

use std::path::{Path, PathBuf};

use detente::InputFile;
use detente::explain::{Unsourced, coverage};
use detente::load::{Diagnostic, Diagnostics, LoadError, has_warnings, positions, warnings};
use detente::model::{Graph, Span};
use detente::render::report::{self, Origin};

use super::common::{TextOrJson, free_in_background, open_input, print};
use super::{CliError, ExitStatus};
use detente::render::escape::printable;

const EXAMPLES: &str = "\
Examples:
  detente check graphs/us-belarus.yaml
  detente check graphs/*.yaml
  detente check --format json graphs/*.yaml | jq '.files[] | select(.ok | not)'

Exit code 0 when every file is valid, 2 when any is not (every problem is printed).
With --format json, stdout has one entry per file, then how the report was made:
  {\"files\": [{\"file\", \"ok\", \"problems\": [{\"line\", \"column\", \"message\", \"help\"}]}],
   \"detente_version\", \"input_files\": [{\"name\", \"sha256\"}], \"filters\"}
and with --unsourced, for a valid file, \"sources\": {\"points_sourced\", \"points\",
\"unsourced\": [{\"line\", \"what\"}]}. --unsourced never changes the exit code.
A valid file may have warnings (likely mistakes that still load: an actor kind used once and
close to another, a relation kind declared but unused, a stale tie): printed as `warning:` (in
JSON, \"warnings\": [{\"line\", \"column\", \"message\", \"help\"}]), exit code 0. With
--strict, warnings are errors: printed as `error:`, listed as problems, exit 2.";

/// Validate graph files: report every problem with file:line:column and a likely fix.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// Graph files to check (YAML, or JSON with a .json extension).
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Print nothing for valid files.
    #[arg(short, long)]
    quiet: bool,
    /// Output format: `text` (problems on stderr) or `json` (a report on stdout, for editors
    /// and CI).
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    format: TextOrJson,
    /// Also list every point, post and event that cites no source (directly or through its
    /// event), with its line, and how many points are sourced. Exits 0 all the same.
    #[arg(long)]
    unsourced: bool,
    /// Treat warnings as errors: report them as errors and exit 2.
    #[arg(long)]
    strict: bool,
    /// Warn when a tie's weight is carried longer than SPAN (e.g. `2y`, `18m`, `90d`) past its
    /// last point to the graph's end (its latest date), for kinds without their own
    /// `relation_kinds: {KIND: {stale: SPAN}}`.
    #[arg(long, value_name = "SPAN")]
    stale_after: Option<Span>,
}

/// What checking one file found.
struct Checked {
    file: String,
    /// The size of a valid graph (the graph itself is let go once checked).
    outcome: Result<Size, CliError>,
    /// With `--unsourced`, for a valid file.
    sources: Option<SourcesReport>,
    /// The warnings of a valid file, with its text for quoting the lines.
    warnings: Option<Diagnostics>,
    /// The files read (the file, and a scenario's bases), each with its sha256; a file that
    /// could be read but not loaded is still listed.
    read: Vec<InputFile>,
}

/// How much a valid graph holds, for its `ok` line.
struct Size {
    actors: usize,
    relations: usize,
    points: usize,
    events: usize,
    sources: usize,
}

impl Size {
    fn of(graph: &Graph) -> Size {
        Size {
            actors: graph.actors.len(),
            relations: graph.relations.len(),
            // Counted on all cores: a large graph's relations are a hundred megabytes to read.
            points: {
                use rayon::prelude::*;
                let relations = graph.relations.par_iter().with_min_len(1 << 14);
                relations.map(|r| r.series.len()).sum()
            },
            events: graph.events.len(),
            sources: graph.sources.len(),
        }
    }
}

/// The JSON report: one entry per file.
#[derive(serde::Serialize)]
struct Report<'a> {
    files: Vec<FileReport<'a>>,
}

/// One problem, as `--format json` reports it.
#[derive(serde::Serialize)]
struct Problem<'a> {
    line: Option<u32>,
    column: Option<u32>,
    message: &'a str,
    help: Option<&'a str>,
}

/// One file, as `--format json` reports it.
#[derive(serde::Serialize)]
struct FileReport<'a> {
    file: &'a str,
    ok: bool,
    problems: Vec<Problem<'a>>,
    /// Likely mistakes in a valid file (without `--strict`): actor kind typos, unused relation
    /// kinds, stale ties.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    warnings: Vec<Problem<'a>>,
    /// With `--unsourced`.
    #[serde(skip_serializing_if = "Option::is_none")]
    sources: Option<SourcesReport>,
}

/// The text of `file` for the lines that warnings and `--unsourced` quote: `kept` when it was
/// kept from the first read (stdin, which cannot be read again), else the file read again under
/// the same size limit.
fn text_of(file: &Path, kept: Option<&str>) -> Option<String> {
    match kept {
        Some(text) => Some(text.to_string()),
        None if file.as_os_str() == "-" => None,
        None => detente::load::read_input_text(file).ok(),
    }
}

/// The warnings about a valid `graph` read from `file` (whose text is `kept`, when it was kept);
/// `None` when there is nothing to warn about.
fn warnings_of(
    file: &Path,
    kept: Option<&str>,
    graph: &Graph,
    stale_after: Option<Span>,
) -> Option<Diagnostics> {
    // A large file is not read again for nothing.
    if !has_warnings(graph, stale_after) {
        return None;
    }
    let text = text_of(file, kept)?;
    let items = warnings(&text, graph, stale_after);
    let name = file.display().to_string();
    (!items.is_empty()).then(|| Diagnostics::new(&name, items, Some(text)))
}

/// What `--unsourced` finds in one valid file.
#[derive(Clone, serde::Serialize)]
struct SourcesReport {
    /// Points citing a source, directly or through their event.
    points_sourced: usize,
    /// All points.
    points: usize,
    /// What cites no source: `{"line", "what"}` (line 0 when unknown).
    unsourced: Vec<UnsourcedLine>,
}

#[derive(Clone, serde::Serialize)]
struct UnsourcedLine {
    line: u32,
    what: String,
}

/// The `--unsourced` report of `graph`, read from `file` (whose text is `kept`, when it was
/// kept; else read again for the lines).
fn sources_report(file: &Path, kept: Option<&str>, graph: &Graph) -> SourcesReport {
    let coverage = coverage(graph);
    let positions = text_of(file, kept)
        .and_then(|text| positions(&text))
        .unwrap_or_default();
    let mut unsourced: Vec<UnsourcedLine> = coverage
        .unsourced
        .iter()
        .map(|u| match u {
            Unsourced::Point {
                relation,
                key,
                date,
            } => UnsourcedLine {
                line: positions
                    .points
                    .get(*relation)
                    .and_then(|points| points.iter().find(|(d, _)| d == date))
                    .map_or(0, |(_, at)| at.line),
                what: format!("point {date} of {key}"),
            },
            Unsourced::Post {
                actor,
                index,
                title,
            } => UnsourcedLine {
                line: positions
                    .posts
                    .get(actor)
                    .and_then(|posts| posts.get(*index))
                    .copied()
                    .unwrap_or(0),
                what: format!("post `{title}` of {actor}"),
            },
            Unsourced::Event { id } => UnsourcedLine {
                line: positions.events.get(id).copied().unwrap_or(0),
                what: format!("event {id}"),
            },
        })
        .collect();
    // In file order (a stable sort: what has no line keeps its order, first).
    unsourced.sort_by_key(|u| u.line);
    SourcesReport {
        points_sourced: coverage.sourced_points,
        points: coverage.points,
        unsourced,
    }
}

/// The `--unsourced` report as text: `FILE:LINE: WHAT cites no source` lines, then the coverage.
fn sources_text(file: &str, report: &SourcesReport) -> String {
    let mut out = String::new();
    for u in &report.unsourced {
        let at = if u.line > 0 {
            format!("{file}:{}", u.line)
        } else {
            file.to_string()
        };
        out.push_str(&format!("{at}: {} cites no source\n", printable(&u.what)));
    }
    out.push_str(&format!(
        "{file}: {} of {} points sourced\n",
        report.points_sourced, report.points
    ));
    out
}

pub fn run(args: Args) -> Result<ExitStatus, CliError> {
    let checked: Vec<Checked> = args
        .files
        .iter()
        .map(|file| {
            let name = file.display().to_string();
            // Stdin is read once, here, and its text kept: the warnings and `--unsourced` quote
            // its lines, and it cannot be read again for them as a file is.
            let (opened, kept) = if file.as_os_str() == "-" {
                match detente::load::read_input(file) {
                    Ok(bytes) => {
                        let opened = detente::open_bytes(&bytes, "-").map_err(CliError::from);
                        (opened, String::from_utf8(bytes).ok())
                    }
                    Err(source) => {
                        let path = name.clone();
                        (Err(CliError::from(LoadError::Io { path, source })), None)
                    }
                }
            } else {
                (open_input(file), None)
            };
            let (outcome, read) = match opened {
                Ok(mut opened) => {
                    let read = std::mem::take(&mut opened.inputs);
                    (Ok(opened.into_graph()), read)
                }
                Err(error) => {
                    // Stdin is gone once read; a file is read again (bounded) for its sha256.
                    let read = Some(file)
                        .filter(|f| f.as_os_str() != "-")
                        .and_then(|f| detente::load::read_input(f).ok())
                        .map(|bytes| vec![InputFile::new(name.clone(), &bytes)])
                        .unwrap_or_default();
                    (Err(error), read)
                }
            };
            let sources = match &outcome {
                Ok(graph) if args.unsourced => Some(sources_report(file, kept.as_deref(), graph)),
                _ => None,
            };
            let warnings = match &outcome {
                Ok(graph) => warnings_of(file, kept.as_deref(), graph, args.stale_after),
                Err(_) => None,
            };
            Checked {
                file: name,
                outcome: outcome.map(|graph| {
                    let size = Size::of(&graph);
                    free_in_background(graph);
                    size
                }),
                sources,
                warnings,
                read,
            }
        })
        .collect();
    match args.format {
        TextOrJson::Text => {
            let (mut out, err) = text(&checked, args.quiet, args.strict);
            for c in &checked {
                if let Some(report) = &c.sources {
                    out.push_str(&sources_text(&c.file, report));
                }
            }
            if !err.is_empty() {
                eprint!("{err}");
            }
            print(&out)?;
        }
        TextOrJson::Json => print(&json(&checked, args.strict))?,
    }
    Ok(if checked.iter().all(|c| c.ok(args.strict)) {
        ExitStatus::Success
    } else {
        ExitStatus::Error
    })
}

impl Checked {
    /// Whether the file passes: valid, and with `strict`, without warnings.
    fn ok(&self, strict: bool) -> bool {
        self.outcome.is_ok() && !(strict && self.warnings.is_some())
    }
}

/// The text report: one `FILE: ok (...)` line per passing file on stdout, every problem (and
/// warning) on stderr.
fn text(checked: &[Checked], quiet: bool, strict: bool) -> (String, String) {
    let (mut out, mut err) = (String::new(), String::new());
    for c in checked {
        if let Some(warnings) = &c.warnings {
            let label = if strict { "error" } else { "warning" };
            err.push_str(&format!("{}\n", warnings.labelled(label)));
        }
        match &c.outcome {
            Ok(_) if strict && c.warnings.is_some() => {}
            Ok(size) if !quiet => {
                out.push_str(&format!(
                    "{}: ok ({} actors, {} relations, {} points, {} events, {} sources)\n",
                    c.file, size.actors, size.relations, size.points, size.events, size.sources
                ));
            }
            Ok(_) => {}
            Err(e) => err.push_str(&format!("{e}\n")),
        }
    }
    (out, err)
}

fn located(d: &Diagnostic) -> Problem<'_> {
    Problem {
        line: d.position.map(|p| p.line),
        column: d.position.map(|p| p.column),
        message: &d.message,
        help: d.help.as_deref(),
    }
}

/// The JSON report: a list with one entry per file.
fn json(checked: &[Checked], strict: bool) -> String {
    let messages: Vec<String> = checked
        .iter()
        .map(|c| match &c.outcome {
            Err(e) => e.to_string(),
            Ok(_) => String::new(),
        })
        .collect();
    let reports: Vec<FileReport> = checked
        .iter()
        .zip(&messages)
        .map(|(c, message)| FileReport {
            file: &c.file,
            ok: c.ok(strict),
            sources: None,
            warnings: match &c.warnings {
                Some(w) if !strict => w.items.iter().map(located).collect(),
                _ => Vec::new(),
            },
            problems: match &c.outcome {
                Ok(_) if strict => c
                    .warnings
                    .iter()
                    .flat_map(|w| w.items.iter().map(located))
                    .collect(),
                Ok(_) => Vec::new(),
                Err(CliError::Load(LoadError::Invalid(d))) => d.items.iter().map(located).collect(),
                Err(_) => vec![Problem {
                    line: None,
                    column: None,
                    message: message.strip_prefix("error: ").unwrap_or(message),
                    help: None,
                }],
            },
        })
        .collect();
    let mut reports = reports;
    for (report, c) in reports.iter_mut().zip(checked) {
        report.sources = c.sources.clone();
    }
    let read = checked
        .iter()
        .flat_map(|c| c.read.iter().cloned())
        .collect();
    report::origin::json(&Report { files: reports }, &Origin::new(read))
}
