//! What the subcommands share: reading inputs, parsing dates, writing output.

use std::io::Write;
use std::path::Path;

use detente::explain::{Citer, ScenarioOrigin};
use detente::load::LoadError;
use detente::model::{Date, Graph};
use detente::scenario::LoadedScenario;

use super::output::Sink;

/// An error the binary reports on stderr before exiting with code 2.
///
/// Messages are stored plain; `Display` is the one place that puts `error: ` before them.
#[derive(Debug)]
pub enum CliError {
    /// An input file could not be loaded; the diagnostics say why.
    Load(LoadError),
    /// Writing the output failed.
    Io(std::io::Error),
    /// Any other error, phrased for the user (without the `error: ` that printing adds).
    Message(String),
}

impl std::fmt::Display for CliError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let message = match self {
            // `LoadError` still words its own lines (one per diagnostic), so it prints as it is.
            CliError::Load(error) => return write!(f, "{error}"),
            CliError::Io(error) => format!("cannot write output: {error}"),
            CliError::Message(message) => message.clone(),
        };
        write!(f, "error: {message}")
    }
}

impl std::error::Error for CliError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            CliError::Load(error) => Some(error),
            CliError::Io(error) => Some(error),
            CliError::Message(_) => None,
        }
    }
}

impl From<LoadError> for CliError {
    fn from(error: LoadError) -> CliError {
        CliError::Load(error)
    }
}

impl From<std::io::Error> for CliError {
    fn from(error: std::io::Error) -> CliError {
        CliError::Io(error)
    }
}

impl CliError {
    /// A user-facing error message, without the `error: ` that printing adds.
    pub fn msg(message: impl std::fmt::Display) -> CliError {
        CliError::Message(message.to_string())
    }

    /// Whether this is stdout closing under us (`detente show ... | head`), which is not an error.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, CliError::Io(e) if e.kind() == std::io::ErrorKind::BrokenPipe)
    }
}

/// Loads the graph file at `path`, or the graph a scenario file gives (its base with its edits
/// applied): a file with a top-level `detente-scenario:` key is a scenario. This is how every
/// command accepts a scenario in place of a graph.
pub fn load_graph(path: &Path) -> Result<Graph, CliError> {
    Ok(open_graph(path)?.into_graph())
}

/// A graph as read from a file: a graph file, or a scenario with its base and edits applied.
#[derive(Debug)]
pub enum Opened {
    /// A graph file.
    Graph(Graph),
    /// A scenario file (boxed: it holds its base as well).
    Scenario(Box<LoadedScenario>),
}

impl Opened {
    /// The graph (a scenario's result).
    pub fn graph(&self) -> &Graph {
        match self {
            Opened::Graph(graph) => graph,
            Opened::Scenario(scenario) => &scenario.outcome.graph,
        }
    }

    /// The graph, owned.
    pub fn into_graph(self) -> Graph {
        match self {
            Opened::Graph(graph) => graph,
            Opened::Scenario(scenario) => scenario.outcome.graph,
        }
    }

    /// What resolves the graph's points to their events and sources; a scenario's edits cite the
    /// scenario.
    pub fn citer(&self) -> Citer<'_> {
        match self {
            Opened::Graph(graph) => Citer::new(graph),
            Opened::Scenario(s) => Citer::with_scenario(
                &s.outcome.graph,
                ScenarioOrigin {
                    base: &s.base,
                    title: s.file.header.title.as_deref(),
                    file: &s.file.name,
                },
            ),
        }
    }
}

/// Reads `path` as [`load_graph`] does, keeping a scenario's base and header.
pub fn open_graph(path: &Path) -> Result<Opened, CliError> {
    let bytes = std::fs::read(path).map_err(|source| LoadError::Io {
        path: path.display().to_string(),
        source,
    })?;
    if std::str::from_utf8(&bytes).is_ok_and(detente::scenario::is_scenario) {
        return Ok(Opened::Scenario(Box::new(detente::scenario::load_path(
            path,
        )?)));
    }
    // `load_path` lets the text go as soon as it is parsed, so that text and model are never in
    // memory together (a 50 MB file would otherwise peak above 4x its size); reading the file a
    // second time from the page cache costs far less.
    drop(bytes);
    Ok(Opened::Graph(detente::load::load_path(path)?))
}

/// Parses a `--at`/`--from`/`--to` value; used as a clap value parser.
pub fn parse_date(text: &str) -> Result<Date, String> {
    text.parse::<Date>().map_err(|e| e.to_string())
}

/// Writes `text` to stdout.
pub fn print(text: &str) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}

/// Writes `bytes` to the file `path` as `-o` does (see [`Sink`]): atomically for a regular file,
/// through a symlink to the file it names, in place for a FIFO or device. For a file the command
/// means to rewrite (`scenario add`); `-o` goes through [`Sink::open`], which also refuses inputs.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    Sink::open(Some(path), &[])?.write(bytes)
}

/// Output formats shared by the commands that print results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TextOrJson {
    /// A readable table.
    Text,
    /// JSON with stable field names, for scripts.
    Json,
}
