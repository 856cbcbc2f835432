//! Running the real `detente` binary and checking what it prints and how it exits.

#![allow(dead_code, reason = "each test module uses the helpers it needs")]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The root of the repository (where Cargo.toml is).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A path under the repository root.
pub fn repo(path: &str) -> PathBuf {
    root().join(path)
}

/// A fixture under `tests/fixtures`.
pub fn fixture(name: &str) -> PathBuf {
    repo("tests/fixtures").join(name)
}

/// Writes `detente generate --actors A --relations R --points P` to `path` (YAML, or JSON for
/// `.json`), the same graph every time, and gives the path as text.
pub fn generated(path: &Path, (actors, relations, points): (u32, u32, u32)) -> String {
    detente(["generate", "--actors", &actors.to_string()])
        .args(["--relations", &relations.to_string()])
        .args(["--points", &points.to_string(), "-o"])
        .arg(path)
        .run()
        .ok();
    path.to_str().expect("a UTF-8 temporary path").to_owned()
}

/// What one run of `detente` produced.
#[derive(Debug)]
pub struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub bytes: Vec<u8>,
}

impl Output {
    /// Asserts the exit code, printing both streams when it differs.
    #[track_caller]
    pub fn code(&self, expected: i32) -> &Self {
        assert_eq!(
            self.code, expected,
            "exit code {} (expected {expected})\n--- stdout\n{}\n--- stderr\n{}",
            self.code, self.stdout, self.stderr
        );
        self
    }

    /// Asserts success (exit 0).
    #[track_caller]
    pub fn ok(&self) -> &Self {
        self.code(0)
    }

    /// Asserts that stdout contains `text`.
    #[track_caller]
    pub fn stdout_has(&self, text: &str) -> &Self {
        assert!(
            self.stdout.contains(text),
            "stdout lacks {text:?}:\n{}",
            self.stdout
        );
        self
    }

    /// Asserts that stdout is exactly `expected`, showing a line diff when it is not.
    #[track_caller]
    pub fn stdout_is(&self, expected: &str) -> &Self {
        assert!(
            self.stdout == expected,
            "stdout differs (- expected, + actual):\n{}",
            line_diff(expected, &self.stdout)
        );
        self
    }

    /// Asserts that stderr is exactly `expected`, showing a line diff when it is not.
    #[track_caller]
    pub fn stderr_is(&self, expected: &str) -> &Self {
        assert!(
            self.stderr == expected,
            "stderr differs (- expected, + actual):\n{}",
            line_diff(expected, &self.stderr)
        );
        self
    }

    /// Asserts that stderr contains `text`.
    #[track_caller]
    pub fn stderr_has(&self, text: &str) -> &Self {
        assert!(
            self.stderr.contains(text),
            "stderr lacks {text:?}:\n{}",
            self.stderr
        );
        self
    }
}

/// A `detente` invocation being built.
pub struct Run {
    command: Command,
    stdin: Option<Vec<u8>>,
}

/// Starts building `detente ARGS...`, run from the repository root.
pub fn detente<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let mut command = Command::new(env!("CARGO_BIN_EXE_detente"));
    command.args(args).current_dir(root()).env("NO_COLOR", "1");
    Run {
        command,
        stdin: None,
    }
}

impl Run {
    /// Runs in `dir` instead of the repository root.
    pub fn in_dir(mut self, dir: &Path) -> Self {
        self.command.current_dir(dir);
        self
    }

    /// Adds one more argument (a path, say).
    pub fn arg(mut self, arg: impl AsRef<std::ffi::OsStr>) -> Self {
        self.command.arg(arg);
        self
    }

    /// Adds more arguments.
    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        self.command.args(args);
        self
    }

    /// Adds several more arguments.
    pub fn arg_all<S: AsRef<std::ffi::OsStr>>(mut self, args: impl IntoIterator<Item = S>) -> Self {
        self.command.args(args);
        self
    }

    /// Sets an environment variable.
    pub fn env(mut self, key: &str, value: impl AsRef<std::ffi::OsStr>) -> Self {
        self.command.env(key, value);
        self
    }

    /// Feeds `input` on stdin.
    pub fn stdin(mut self, input: impl Into<Vec<u8>>) -> Self {
        self.stdin = Some(input.into());
        self
    }

    /// Runs until the first line on stderr, then stops the command: what a command says before
    /// long work, without waiting for the work. Empty when it ends without a line.
    pub fn first_stderr_line(mut self) -> String {
        use std::io::BufRead;
        let mut child = self
            .command
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the detente binary runs");
        let mut line = String::new();
        let stderr = child.stderr.take().expect("stderr is piped");
        std::io::BufReader::new(stderr)
            .read_line(&mut line)
            .expect("stderr is readable");
        // It may have finished already; either way it is gone after this.
        let _ = child.kill();
        let _ = child.wait();
        line
    }

    /// Runs to completion.
    pub fn run(mut self) -> Output {
        use std::io::Write;
        self.command
            .stdin(if self.stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = self.command.spawn().expect("the detente binary runs");
        if let Some(input) = self.stdin.take() {
            let mut pipe = child.stdin.take().expect("stdin is piped");
            // The command may exit before reading everything; that is its business.
            let _ = pipe.write_all(&input);
        }
        let out = child
            .wait_with_output()
            .expect("the detente binary finishes");
        Output {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            bytes: out.stdout,
        }
    }
}

/// The lines of `expected` and `actual`, marked `-` when only in `expected`, `+` when only in
/// `actual` and ` ` when in both (a longest-common-subsequence diff). Each line is printed with
/// its escapes (`{:?}`) so that a missing newline or a trailing space shows.
pub fn line_diff(expected: &str, actual: &str) -> String {
    let a: Vec<&str> = expected.split_inclusive('\n').collect();
    let b: Vec<&str> = actual.split_inclusive('\n').collect();
    // lcs[i][j]: the length of the longest common subsequence of a[i..] and b[j..].
    let mut lcs = vec![vec![0_usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut out = String::new();
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            out.push_str(&format!("  {:?}\n", a[i]));
            (i, j) = (i + 1, j + 1);
        } else if j == b.len() || (i < a.len() && lcs[i + 1][j] >= lcs[i][j + 1]) {
            out.push_str(&format!("- {:?}\n", a[i]));
            i += 1;
        } else {
            out.push_str(&format!("+ {:?}\n", b[j]));
            j += 1;
        }
    }
    out
}

#[test]
fn the_line_diff_marks_what_is_missing_and_what_is_extra() {
    assert_eq!(
        line_diff("a\nb\nc\n", "a\nc\nd"),
        "  \"a\\n\"\n- \"b\\n\"\n  \"c\\n\"\n+ \"d\"\n"
    );
}
