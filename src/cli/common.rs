//! What the subcommands share: reading inputs, parsing dates, writing output.

use std::io::Write;
use std::path::{Path, PathBuf};

use detente::load::LoadError;
use detente::model::{Date, Graph};

/// An error the binary reports on stderr before exiting with code 2.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// An input file could not be loaded; the diagnostics say why, each labelled `error:`.
    #[error("{}", .0.labelled("error"))]
    Load(#[from] LoadError),
    /// Writing the output failed.
    #[error("error: cannot write output: {0}")]
    Io(#[from] std::io::Error),
    /// Any other error, already phrased for the user (starts with `error:`).
    #[error("{0}")]
    Message(String),
}

impl CliError {
    /// A user-facing error message; `error: ` is prefixed.
    pub fn msg(message: impl std::fmt::Display) -> CliError {
        CliError::Message(format!("error: {message}"))
    }

    /// Whether this is stdout closing under us (`detente show ... | head`), which is not an error.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, CliError::Io(e) if e.kind() == std::io::ErrorKind::BrokenPipe)
    }
}

/// Loads the graph file at `path`, or the graph a scenario file gives (its base with its edits
/// applied), through [`detente::open`]: this is how every command accepts a scenario in place of
/// a graph.
pub fn load_graph(path: &Path) -> Result<Graph, CliError> {
    Ok(detente::open(path)?.into_graph())
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

/// Writes `bytes` to `path` atomically: a temporary file in the same directory, then a rename,
/// so a reader never sees half a file and a failed write leaves the old file intact.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let fail = |e: std::io::Error| CliError::msg(format!("cannot write {}: {e}", path.display()));
    // A temporary file is private (0600) by default; the result should get the permissions an
    // ordinary new file would (0666 less the umask), or keep those of the file it replaces.
    let mut builder = tempfile::Builder::new();
    builder.prefix(".detente-").suffix(".tmp");
    let permissions = match std::fs::metadata(path) {
        Ok(meta) => Some(meta.permissions()),
        Err(_) => new_file_permissions(),
    };
    if let Some(permissions) = permissions {
        builder.permissions(permissions);
    }
    let mut tmp = builder.tempfile_in(&dir).map_err(fail)?;
    tmp.write_all(bytes).map_err(fail)?;
    tmp.as_file().sync_all().map_err(fail)?;
    tmp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}

#[cfg(unix)]
fn new_file_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(std::fs::Permissions::from_mode(0o666))
}

#[cfg(not(unix))]
fn new_file_permissions() -> Option<std::fs::Permissions> {
    // Elsewhere the platform's defaults for a new file already apply.
    None
}

/// Output formats shared by the commands that print results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TextOrJson {
    /// A readable table.
    Text,
    /// JSON with stable field names, for scripts.
    Json,
}
