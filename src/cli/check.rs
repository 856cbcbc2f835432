//! `detente check FILE...`: validate graph files and report every problem with its location.

use std::path::{Path, PathBuf};

use detente::InputFile;
use detente::explain::{Unsourced, coverage};
use detente::load::{Diagnostic, LoadError, positions};
use detente::model::Graph;
use detente::render::report::{self, Origin};

use super::common::{TextOrJson, open_input, print};
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
\"unsourced\": [{\"line\", \"what\"}]}. --unsourced never changes the exit code.";

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
}

/// What checking one file found.
struct Checked {
    file: String,
    outcome: Result<Graph, CliError>,
    /// With `--unsourced`, for a valid file.
    sources: Option<SourcesReport>,
    /// The files read (the file, and a scenario's bases), each with its sha256; a file that
    /// could be read but not loaded is still listed.
    read: Vec<InputFile>,
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
    /// With `--unsourced`.
    #[serde(skip_serializing_if = "Option::is_none")]
    sources: Option<SourcesReport>,
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

/// The `--unsourced` report of `graph`, read from `file` (read again for the lines).
fn sources_report(file: &Path, graph: &Graph) -> SourcesReport {
    let coverage = coverage(graph);
    let positions = detente::load::read_input_text(file)
        .ok()
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
                    .map_or(0, |(_, line)| *line),
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
            let (outcome, read) = match open_input(file) {
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
                Ok(graph) if args.unsourced => Some(sources_report(file, graph)),
                _ => None,
            };
            Checked {
                file: name,
                outcome,
                sources,
                read,
            }
        })
        .collect();
    match args.format {
        TextOrJson::Text => {
            let (mut out, err) = text(&checked, args.quiet);
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
        TextOrJson::Json => print(&json(&checked))?,
    }
    Ok(if checked.iter().all(|c| c.outcome.is_ok()) {
        ExitStatus::Success
    } else {
        ExitStatus::Error
    })
}

/// The text report: one `FILE: ok (...)` line per valid file on stdout, every problem on stderr.
fn text(checked: &[Checked], quiet: bool) -> (String, String) {
    let (mut out, mut err) = (String::new(), String::new());
    for c in checked {
        match &c.outcome {
            Ok(graph) if !quiet => {
                let points: usize = graph.relations.iter().map(|r| r.series.len()).sum();
                out.push_str(&format!(
                    "{}: ok ({} actors, {} relations, {} points, {} events, {} sources)\n",
                    c.file,
                    graph.actors.len(),
                    graph.relations.len(),
                    points,
                    graph.events.len(),
                    graph.sources.len()
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
fn json(checked: &[Checked]) -> String {
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
            ok: c.outcome.is_ok(),
            sources: None,
            problems: match &c.outcome {
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
