//! Reading a graph as of a git revision: `REV:PATH` arguments, resolved with `git show`.
//!
//! An argument names a file when a file of that name exists, even if it contains a colon; only
//! otherwise does an argument with a colon name a revision and a path (`HEAD~1:graphs/x.yaml`, or
//! `:graphs/x.yaml` for the staged version), exactly as `git show` reads it: the path is relative
//! to the repository's root unless it starts with `./`.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use detente::load::Syntax;

use super::CliError;
use super::common::{Opened, open_graph};

/// Where a graph comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A file on disk.
    File(PathBuf),
    /// A file as of a git revision: `REV:PATH`, passed to git whole.
    Revision(String),
}

impl Input {
    /// Decides what `arg` names: an existing file wins; otherwise a colon means `REV:PATH`.
    pub fn parse(arg: &OsString) -> Input {
        let path = PathBuf::from(arg);
        if path.exists() {
            return Input::File(path);
        }
        match arg.to_str() {
            Some(text) if text.contains(':') => Input::Revision(text.to_string()),
            _ => Input::File(path),
        }
    }

    /// The file on disk, if it is one.
    pub fn file(&self) -> Option<&Path> {
        match self {
            Input::File(path) => Some(path),
            Input::Revision(_) => None,
        }
    }

    /// How diagnostics and headings name the input.
    pub fn name(&self) -> String {
        match self {
            Input::File(path) => path.display().to_string(),
            Input::Revision(spec) => spec.clone(),
        }
    }

    /// Reads the graph: from disk (a graph or a scenario, whose base and header are kept for
    /// citing the points its edits made), or from `git show REV:PATH` run in the current
    /// directory.
    pub fn open(&self) -> Result<Opened, CliError> {
        match self {
            Input::File(path) => open_graph(path),
            Input::Revision(spec) => {
                let bytes = git_show(spec)?;
                // The syntax follows the path's extension, as for files on disk.
                let path = spec.rsplit(':').next().unwrap_or(spec);
                let syntax = Syntax::of_path(Path::new(path));
                Ok(Opened::Graph(detente::load::load_bytes(
                    &bytes, spec, syntax,
                )?))
            }
        }
    }
}

/// The contents of `spec` (`REV:PATH`) as git stores them, without any textconv filter.
fn git_show(spec: &str) -> Result<Vec<u8>, CliError> {
    let output = Command::new("git")
        .args(["show", "--no-textconv", "--end-of-options", spec])
        .stdin(Stdio::null())
        .output()
        .map_err(|e| {
            CliError::msg(format!(
                "no file `{spec}` exists, and git, needed to read it as REV:PATH, cannot be run: {e}\n  \
                 help: install git, or check the file's path"
            ))
        })?;
    if output.status.success() {
        return Ok(output.stdout);
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    if stderr.contains("not a git repository") {
        return Err(CliError::msg(format!(
            "no file `{spec}` exists, and it cannot be read as REV:PATH: the current directory \
             is not inside a git repository\n  help: run the command inside the repository, or \
             check the file's path"
        )));
    }
    let reason = stderr
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("unknown error")
        .trim_start_matches("fatal: ")
        .trim();
    Err(CliError::msg(format!(
        "git cannot read `{spec}` (REV:PATH): {reason}\n  help: check the revision with `git log` \
         and the path (relative to the repository's root, or starting with `./`)"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_existing_file_wins_over_rev_path() {
        let dir = tempfile::tempdir().unwrap();
        let odd = dir.path().join("a:b.yaml");
        std::fs::write(&odd, "").unwrap();
        let arg = OsString::from(&odd);
        assert_eq!(Input::parse(&arg), Input::File(odd));
        let missing = OsString::from(dir.path().join("x:y.yaml"));
        assert!(matches!(Input::parse(&missing), Input::Revision(_)));
        assert_eq!(
            Input::parse(&OsString::from("no-such-file.yaml")),
            Input::File("no-such-file.yaml".into())
        );
    }
}
