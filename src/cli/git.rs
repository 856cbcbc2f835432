//! Reading a graph as of a git revision: `REV:PATH` arguments, resolved with `git show`.
//!
//! An argument names a file when a file of that name exists, even if it contains a colon; only
//! otherwise does an argument with a colon name a revision and a path (`HEAD~1:graphs/x.yaml`, or
//! `:graphs/x.yaml` for the staged version), exactly as `git show` reads it: the path is relative
//! to the repository's root unless it starts with `./`.

use std::ffi::OsString;
use std::path::{Component, Path, PathBuf};
use std::process::{Command, Stdio};

use detente::{Files, Opened};

use super::CliError;
use super::common::open_input;

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

    /// Opens the input: from disk, or from `git show REV:PATH` run in the current directory (a
    /// scenario read at a revision reads its base at the same revision), keeping every file
    /// read and its sha256.
    pub fn open(&self) -> Result<Opened, CliError> {
        match self {
            Input::File(path) => open_input(path),
            Input::Revision(spec) => {
                let bytes = git_show(spec).map_err(|e| CliError::msg(e.message(spec)))?;
                let (revision, path) = spec.split_once(':').unwrap_or(("", spec));
                let files = AtRevision {
                    spec,
                    path,
                    revision,
                    from_here: path.starts_with("./"),
                };
                Ok(detente::open_bytes_with(&bytes, Path::new(path), &files)?)
            }
        }
    }
}

/// The files of one git revision (or of the index, for an empty revision), read with `git show`.
struct AtRevision<'a> {
    /// The `REV:PATH` given, named as given.
    spec: &'a str,
    /// Its path.
    path: &'a str,
    revision: &'a str,
    /// Whether paths are relative to the current directory (`REV:./PATH`) rather than to the
    /// repository's root; a base's path loses its `./` when joined, so it is put back.
    from_here: bool,
}

impl Files for AtRevision<'_> {
    fn read(&self, path: &Path) -> std::io::Result<Vec<u8>> {
        let spec = self.name(path);
        git_show(&spec).map_err(|e| std::io::Error::other(e.to_string()))
    }

    /// `REV:PATH`, with `/` between the path's parts as git wants them on every platform.
    fn name(&self, path: &Path) -> String {
        if path == Path::new(self.path) {
            return self.spec.to_string();
        }
        let parts: Vec<_> = path
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect();
        let here = if self.from_here && !matches!(path.components().next(), Some(Component::CurDir))
        {
            "./"
        } else {
            ""
        };
        format!("{}:{here}{}", self.revision, parts.join("/"))
    }
}

/// Why `git show` gave no file.
#[derive(Debug, thiserror::Error)]
enum GitError {
    #[error("git cannot be run: {0}")]
    CannotRun(std::io::Error),
    #[error("the current directory is not inside a git repository")]
    NotARepository,
    #[error("{0}")]
    Failed(String),
}

impl GitError {
    /// The whole message for `spec` given on the command line, with what to do.
    fn message(&self, spec: &str) -> String {
        match self {
            GitError::CannotRun(e) => format!(
                "no file `{spec}` exists, and git, needed to read it as REV:PATH, cannot be run: {e}\n  \
                 help: install git, or check the file's path"
            ),
            GitError::NotARepository => format!(
                "no file `{spec}` exists, and it cannot be read as REV:PATH: the current directory \
                 is not inside a git repository\n  help: run the command inside the repository, or \
                 check the file's path"
            ),
            GitError::Failed(reason) => format!(
                "git cannot read `{spec}` (REV:PATH): {reason}\n  help: check the revision with `git log` \
                 and the path (relative to the repository's root, or starting with `./`)"
            ),
        }
    }
}

/// The contents of `spec` (`REV:PATH`) as git stores them, without any textconv filter.
fn git_show(spec: &str) -> Result<Vec<u8>, GitError> {
    let output = Command::new("git")
        .args(["show", "--no-textconv", "--end-of-options", spec])
        .stdin(Stdio::null())
        .output()
        .map_err(GitError::CannotRun)?;
    if output.status.success() {
        return Ok(output.stdout);
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    if stderr.contains("not a git repository") {
        return Err(GitError::NotARepository);
    }
    let reason = stderr
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("unknown error")
        .trim_start_matches("fatal: ")
        .trim();
    Err(GitError::Failed(reason.to_string()))
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
