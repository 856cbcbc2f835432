//! `detente check FILE...`: validate graph files and report every problem with its location.

use std::path::PathBuf;

use detente::InputFile;
use detente::load::{Diagnostic, LoadError};
use detente::model::Graph;
use detente::render::report::{self, Origin};

use super::common::{TextOrJson, open_input, print};
use super::{CliError, ExitStatus};

const EXAMPLES: &str = "\
Examples:
  detente check graphs/us-belarus.yaml
  detente check graphs/*.yaml
  detente check --format json graphs/*.yaml | jq '.files[] | select(.ok | not)'

Exit code 0 when every file is valid, 2 when any is not (every problem is printed).
With --format json, stdout has one entry per file, then how the report was made:
  {\"files\": [{\"file\", \"ok\", \"problems\": [{\"line\", \"column\", \"message\", \"help\"}]}],
   \"detente_version\", \"input_files\": [{\"name\", \"sha256\"}], \"filters\"}";

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
}

/// What checking one file found.
struct Checked {
    file: String,
    outcome: Result<Graph, CliError>,
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
}

pub fn run(args: Args) -> Result<ExitStatus, CliError> {
    let checked: Vec<Checked> = args
        .files
        .iter()
        .map(|file| {
            let name = file.display().to_string();
            match open_input(file) {
                Ok(mut opened) => Checked {
                    file: name,
                    read: std::mem::take(&mut opened.inputs),
                    outcome: Ok(opened.into_graph()),
                },
                Err(error) => Checked {
                    read: std::fs::read(file)
                        .map(|bytes| vec![InputFile::new(name.clone(), &bytes)])
                        .unwrap_or_default(),
                    file: name,
                    outcome: Err(error),
                },
            }
        })
        .collect();
    match args.format {
        TextOrJson::Text => {
            let (out, err) = text(&checked, args.quiet);
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
    let read = checked
        .iter()
        .flat_map(|c| c.read.iter().cloned())
        .collect();
    report::origin::json(&Report { files: reports }, &Origin::new(read))
}
