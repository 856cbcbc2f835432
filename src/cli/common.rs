//! What the subcommands share: reading inputs, parsing dates, writing output.

use std::io::Write;
use std::path::Path;

use detente::explain::{Citer, ScenarioOrigin};
use detente::load::LoadError;
use detente::model::{Date, Graph};
use detente::render::escape::{load_error, printable};

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
            // A load error is one line per problem, each labelled on its own.
            CliError::Load(error) => return write!(f, "{}", load_error(error)),
            CliError::Io(error) => format!("cannot write output: {error}"),
            CliError::Message(message) => message.clone(),
        };
        write!(f, "error: {}", printable_lines(&message))
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

/// `text` with every control character but the line break escaped by [`printable`]: for
/// messages the binary composes, whose line breaks are its own.
fn printable_lines(text: &str) -> String {
    text.split('\n')
        .map(printable)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Loads the graph file at `path`, or the graph a scenario file gives (its base with its edits
/// applied), through [`detente::open`]: this is how every command accepts a scenario in place of
/// a graph.
pub fn load_graph(path: &Path) -> Result<Graph, CliError> {
    Ok(open_input(path)?.into_graph())
}

/// Opens the graph or scenario file at `path`, keeping what was read (each file and its sha256)
/// for the origin of JSON output.
pub fn open_input(path: &Path) -> Result<detente::Opened, CliError> {
    Ok(detente::open(path)?)
}

/// What resolves the opened graph's points to their events and sources; a scenario's edits cite
/// the scenario.
pub fn citer(opened: &detente::Opened) -> Citer<'_> {
    match opened.scenario() {
        None => Citer::new(opened.graph()),
        Some(s) => Citer::with_scenario(
            &s.outcome.graph,
            ScenarioOrigin {
                base: &s.base,
                title: s.file.header.title.as_deref(),
                file: &s.file.name,
            },
        ),
    }
}

/// Parses a `--at`/`--from`/`--to` value; used as a clap value parser.
pub fn parse_date(text: &str) -> Result<Date, String> {
    text.parse::<Date>().map_err(|e| e.to_string())
}

/// Parses the `--to` of a range: a partial date means the last day of the period it names
/// (`2025` is through 2025-12-31, `2025-06` through 2025-06-30); used as a clap value parser.
pub fn parse_end_date(text: &str) -> Result<Date, String> {
    parse_date(text).map(Date::end_of_period)
}

/// Leaves `value` to the system, which takes a process's memory back at once when it ends: for a
/// command that is done with a large model but still has work to do. Freeing a graph of millions
/// of points walks every allocation; on another thread ([`free_in_background`]) that still takes
/// a core from the work left on a two-core machine. Only for a model the command holds once (not
/// one per file of a loop, whose memory would add up).
pub fn leave_to_exit<T>(value: T) {
    std::mem::forget(value);
}

/// Frees `value` on another thread, for a command that is done with a large model: freeing a
/// graph of millions of points one allocation at a time takes a tenth of a second the command
/// need not wait for (and when the process ends first, the system takes the memory back at
/// once). Should no thread start, it is freed here.
pub fn free_in_background<T: Send + 'static>(value: T) {
    // A failed spawn drops the closure, and `value` with it, here.
    let _ = std::thread::Builder::new().spawn(move || drop(value));
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
