//! `-o G.parquet`: writing a columnar graph, a directory of Parquet tables, all at once.
//!
//! The tables are written into a temporary directory beside the target, which is then renamed
//! into place, so a reader never sees half a graph and a failed or interrupted write (SIGINT,
//! SIGTERM) leaves the old one whole and nothing half-written behind.
//! An existing columnar graph is replaced (moved aside, then removed once the new one is in
//! place); any other existing path (a file, a directory of anything else) is refused rather than
//! destroyed.

use std::path::{Path, PathBuf};

use super::CliError;
use super::output::TempDir;

/// Whether `-o PATH` asks for a columnar graph: its name ends in `.parquet`.
pub fn wants(path: Option<&Path>) -> bool {
    path.and_then(|p| p.extension())
        .is_some_and(|e| e.eq_ignore_ascii_case("parquet"))
}

/// Where a columnar graph goes, settled before the work starts.
#[derive(Debug)]
pub struct DirSink {
    target: PathBuf,
}

impl DirSink {
    /// Settles writing the directory `path`; `inputs` are the command's inputs, never written
    /// over.
    ///
    /// Errors: `path` exists and is not a columnar graph; it is an input; its parent does not
    /// exist.
    pub fn open(path: Option<&Path>, inputs: &[&Path]) -> Result<DirSink, CliError> {
        let Some(path) = path.filter(|p| !super::output::is_stdout(p)) else {
            return Err(CliError::msg(
                "a columnar graph is a directory of Parquet tables and cannot go to stdout; \
                 give `-o NAME.parquet`",
            ));
        };
        if let Ok(meta) = std::fs::symlink_metadata(path) {
            if !meta.is_dir() || !is_columnar(path) {
                return Err(CliError::msg(format!(
                    "cannot write `{}`: it exists and is not a columnar graph (a directory of \
                     detente's .parquet tables); remove it or choose another name",
                    path.display()
                )));
            }
            // A scenario's chain of bases counts: its base may be this very directory.
            let read = inputs
                .iter()
                .flat_map(|input| super::output::files_read(input));
            if read
                .map(|(file, _)| file)
                .any(|file| super::output::same_file(&file, path))
            {
                return Err(CliError::msg(format!(
                    "cannot write `{}`: it is an input of this command; write to another name",
                    path.display()
                )));
            }
        }
        let parent = parent_of(path);
        if !parent.is_dir() {
            return Err(CliError::msg(format!(
                "cannot write `{}`: directory `{}` does not exist",
                path.display(),
                parent.display()
            )));
        }
        Ok(DirSink {
            target: path.to_path_buf(),
        })
    }

    /// Writes the tables, each as it comes, and renames the directory into place.
    ///
    /// The tables go into a temporary directory beside the target, which a signal's clean-up
    /// (`output::clean_up_on_signals`) removes while it is being filled; an error (from the writes
    /// or from `tables`) removes it too.
    pub fn write<E: std::fmt::Display>(
        self,
        tables: impl IntoIterator<Item = Result<(&'static str, Vec<u8>), E>>,
    ) -> Result<(), CliError> {
        let target = &self.target;
        let fail =
            |e: std::io::Error| CliError::msg(format!("cannot write {}: {e}", target.display()));
        let parent = parent_of(target);
        let temp = TempDir::create_in(parent, ".detente-parquet-").map_err(fail)?;
        for table in tables {
            let (name, bytes) = table.map_err(CliError::msg)?;
            std::fs::write(temp.path().join(name), bytes).map_err(fail)?;
        }
        if std::fs::symlink_metadata(target).is_ok() {
            // The old graph steps aside (into a directory of its own, removed when dropped)
            // before the new one takes its name, so that a failed rename leaves the old one.
            let aside = TempDir::create_in(parent, ".detente-parquet-old-").map_err(fail)?;
            let old = aside.path().join("old");
            temp.rename_into_place(target, Some(&old)).map_err(fail)?;
        } else {
            temp.rename_into_place(target, None).map_err(fail)?;
        }
        Ok(())
    }
}

/// The directory that holds `path`.
fn parent_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Whether the directory `path` holds a columnar graph and nothing else: `actors.parquet`, and
/// only `.parquet` files.
fn is_columnar(path: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir(path) else {
        return false;
    };
    let mut actors = false;
    for entry in entries {
        let Ok(entry) = entry else { return false };
        let name = entry.file_name();
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        if !is_file || Path::new(&name).extension().is_none_or(|e| e != "parquet") {
            return false;
        }
        actors |= name == "actors.parquet";
    }
    actors
}
