//! Where `-o` output goes, and getting it there without destroying anything on the way.
//!
//! A regular file is replaced atomically (a temporary file beside it, then a rename), so a reader
//! never sees half a file and a failed write leaves the old one intact. What a rename would
//! destroy is never renamed over: a symlink is written through (the file it names is replaced,
//! the link stays), a FIFO or a character device (`/dev/null`, a terminal) is opened and written
//! like a shell's `>` would, and a directory or an input of the command is refused. `-` and
//! `/dev/stdout` mean stdout. The temporary files (and directories, for a columnar graph) still
//! in flight are removed when a signal ends the process, together with the child processes it
//! started (an installed Graphviz).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

use super::CliError;

/// Whether `path` is a FIFO or character device (symlinks followed): a stream, which takes the
/// command's default format when its name has no extension, as stdout does.
pub fn is_stream(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|meta| streams(&meta))
}

/// Whether `meta` is a FIFO's or a character device's.
fn streams(meta: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        meta.file_type().is_fifo() || meta.file_type().is_char_device()
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        false
    }
}

/// Whether `-o PATH` means stdout: `-`, or stdout's own names.
pub fn is_stdout(path: &Path) -> bool {
    ["-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"]
        .iter()
        .any(|name| path.as_os_str() == *name)
}

/// Where the output goes, settled before the work starts, so that a mistake in `-o` (a
/// directory, an input file) costs nothing and an interrupted run can clean up.
#[derive(Debug)]
pub struct Sink {
    /// The path as the user gave it, for messages.
    shown: PathBuf,
    to: To,
}

#[derive(Debug)]
enum To {
    Stdout,
    /// A FIFO or character device, opened and written in place.
    Device(PathBuf),
    /// A regular file (or none yet), replaced by renaming `temp` over `target`.
    Replace {
        target: PathBuf,
        temp: Temp,
    },
}

impl Sink {
    /// Settles where `path` (stdout without it) writes. `inputs` are the files the command
    /// reads; a scenario among them brings its chain of bases. Writing over any of them is
    /// refused.
    ///
    /// Errors: `path` is a directory, a block device or a socket; it is (or links to) an
    /// input; its directory does not take a new file.
    pub fn open(path: Option<&Path>, inputs: &[&Path]) -> Result<Sink, CliError> {
        let Some(path) = path.filter(|p| !is_stdout(p)) else {
            return Ok(Sink {
                shown: PathBuf::from("-"),
                to: To::Stdout,
            });
        };
        let fail =
            |e: std::io::Error| CliError::msg(format!("cannot write {}: {e}", path.display()));
        let target = resolve_links(path).map_err(fail)?;
        let existing = match std::fs::metadata(&target) {
            Ok(meta) => Some(meta),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(fail(e)),
        };
        let permissions = match &existing {
            None => new_file_permissions(),
            Some(meta) if meta.is_file() => {
                refuse_inputs(path, &target, inputs)?;
                Some(meta.permissions())
            }
            Some(meta) => return special(path, target, meta),
        };
        let temp = Temp::create(&target, permissions).map_err(fail)?;
        Ok(Sink {
            shown: path.to_path_buf(),
            to: To::Replace { target, temp },
        })
    }

    /// Writes `bytes` and, for a regular file, renames it into place.
    pub fn write(self, bytes: &[u8]) -> Result<(), CliError> {
        self.write_with(|out| out.write_all(bytes))
    }

    /// Writes what `write` writes, through a buffer, and, for a regular file, renames it into
    /// place: a large output streams out without being held whole in memory first.
    pub fn write_with(
        self,
        write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<(), CliError> {
        let fail = |e: std::io::Error| {
            CliError::msg(format!("cannot write {}: {e}", self.shown.display()))
        };
        match self.to {
            To::Stdout => {
                let mut out = std::io::BufWriter::with_capacity(BUFFER, std::io::stdout().lock());
                write(&mut out)?;
                out.flush()?;
            }
            To::Device(ref target) => {
                // No `create` and no `truncate`: the node is written as it is, never replaced.
                let file = std::fs::OpenOptions::new()
                    .write(true)
                    .open(target)
                    .map_err(fail)?;
                let mut out = std::io::BufWriter::with_capacity(BUFFER, file);
                write(&mut out).map_err(fail)?;
                out.flush().map_err(fail)?;
            }
            To::Replace { ref target, temp } => temp.persist(target, write).map_err(fail)?,
        }
        Ok(())
    }
}

/// The buffer between a streamed output and its file: large enough that writing costs a few
/// system calls per megabyte.
const BUFFER: usize = 1 << 16;

/// The sink for what is not a regular file: a FIFO or character device is written in place;
/// anything else is refused.
fn special(path: &Path, target: PathBuf, meta: &std::fs::Metadata) -> Result<Sink, CliError> {
    if meta.is_dir() {
        return Err(CliError::msg(format!(
            "cannot write `{}`: it is a directory; give the path of a file to write, such as `{}`",
            path.display(),
            path.join("out").display()
        )));
    }
    if streams(meta) {
        return Ok(Sink {
            shown: path.to_path_buf(),
            to: To::Device(target),
        });
    }
    Err(CliError::msg(format!(
        "cannot write `{}`: it is neither a file, a FIFO nor a character device",
        path.display()
    )))
}

/// `path` with its symlinks followed to the file they name, which need not exist yet (a
/// dangling link's file is created, as a shell's `>` would).
fn resolve_links(path: &Path) -> std::io::Result<PathBuf> {
    // The limit Linux sets on links followed in one lookup.
    const MAX_LINKS: usize = 40;
    let mut path = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = std::fs::read_link(&path)?;
                // A relative target is relative to the link's directory; joining keeps `..` for
                // the system to resolve, which is right even when that directory is a link.
                path = match path.parent() {
                    Some(dir) => dir.join(target),
                    None => target,
                };
            }
            _ => return Ok(path),
        }
    }
    Err(std::io::Error::other("too many levels of symbolic links"))
}

/// Refuses when `target` (what `path` resolves to) is one of `inputs` or of the bases they
/// lead to, compared as files (the same device and inode), not as spellings.
fn refuse_inputs(path: &Path, target: &Path, inputs: &[&Path]) -> Result<(), CliError> {
    for input in inputs {
        for (file, named_by) in files_read(input) {
            if !same_file(target, &file) {
                continue;
            }
            let how = match named_by {
                Some(scenario) => format!(" (the base of `{}`)", scenario.display()),
                None if file.as_path() == path => String::new(),
                None => format!(" (as `{}`)", file.display()),
            };
            return Err(CliError::msg(format!(
                "refusing to write `{}`: this command reads it{how}; write the output to another \
                 file",
                path.display()
            )));
        }
    }
    Ok(())
}

/// The files that loading `path` reads: `path` itself and, for a scenario, its chain of bases,
/// each with the scenario that names it (relative to that scenario's directory, as the loader
/// resolves it).
pub(super) fn files_read(path: &Path) -> Vec<(PathBuf, Option<PathBuf>)> {
    // Loading refuses cycles and reports what it cannot read; here the walk only needs to end.
    const MAX_CHAIN: usize = 64;
    let mut files = vec![(path.to_path_buf(), None)];
    let mut current = path.to_path_buf();
    while files.len() < MAX_CHAIN {
        let Ok(text) = detente::load::read_input_text(&current) else {
            break;
        };
        if !detente::scenario::is_scenario(&text) {
            break;
        }
        let name = current.display().to_string();
        let Ok(file) = detente::scenario::parse_str(&text, &name) else {
            break;
        };
        let base = detente::load::follow_links(&current)
            .unwrap_or_else(|_| current.clone())
            .parent()
            .unwrap_or_else(|| Path::new(""))
            .join(&file.header.base);
        if files.iter().any(|(f, _)| same_file(f, &base)) {
            break;
        }
        files.push((base.clone(), Some(current)));
        current = base;
    }
    files
}

/// Whether `a` and `b` are one file (symlinks followed); false when either cannot be read.
pub(super) fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (std::fs::metadata(a), std::fs::metadata(b)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        }
    }
}

#[cfg(unix)]
fn new_file_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    // A temporary file is private (0600); the result should get what an ordinary new file
    // would (0666 less the umask).
    Some(std::fs::Permissions::from_mode(0o666))
}

#[cfg(not(unix))]
fn new_file_permissions() -> Option<std::fs::Permissions> {
    // Elsewhere the platform's defaults for a new file already apply.
    None
}

// ---------------------------------------------------------------------------- temporary files

/// The temporary files in flight, which a signal's clean-up removes.
static LIVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// The list of temporary files in flight. Holding it keeps a signal's clean-up and a rename
/// from interleaving; a panic elsewhere leaves the list itself intact, so poisoning is ignored.
fn live() -> MutexGuard<'static, Vec<PathBuf>> {
    LIVE.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A temporary file beside the target, listed in [`LIVE`] from its creation to its rename or
/// removal.
#[derive(Debug)]
struct Temp {
    file: Option<tempfile::NamedTempFile>,
    path: PathBuf,
}

impl Temp {
    fn create(target: &Path, permissions: Option<std::fs::Permissions>) -> std::io::Result<Temp> {
        let dir = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let mut builder = tempfile::Builder::new();
        builder.prefix(".detente-").suffix(".tmp");
        if let Some(permissions) = permissions {
            builder.permissions(permissions);
        }
        // Created and listed under the lock, so that a signal cannot come between the two.
        let mut live = live();
        let file = builder.tempfile_in(dir)?;
        let path = file.path().to_path_buf();
        live.push(path.clone());
        Ok(Temp {
            file: Some(file),
            path,
        })
    }

    fn persist(
        mut self,
        target: &Path,
        write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        let Some(mut file) = self.file.take() else {
            return Ok(());
        };
        let mut out = std::io::BufWriter::with_capacity(BUFFER, &mut file);
        write(&mut out)?;
        out.flush()?;
        drop(out);
        file.as_file().sync_all()?;
        let mut live = live();
        // On failure the file comes back with the error, and dropping it removes it.
        let renamed = file.persist(target).map(drop).map_err(|e| e.error);
        live.retain(|p| *p != self.path);
        renamed
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        // Dropping the file removes it (`NamedTempFile` does); then it is no longer in flight.
        let mut live = live();
        drop(self.file.take());
        live.retain(|p| *p != self.path);
    }
}

/// A temporary directory beside a target (a columnar graph being written), listed in [`LIVE`]
/// from its creation until it is renamed into place or removed, so that a signal's clean-up
/// removes it with whatever it holds.
#[derive(Debug)]
pub struct TempDir {
    dir: Option<tempfile::TempDir>,
    path: PathBuf,
}

impl TempDir {
    /// A new empty directory in `parent`, its name starting with `prefix`.
    pub fn create_in(parent: &Path, prefix: &str) -> std::io::Result<TempDir> {
        // Created and listed under the lock, so that a signal cannot come between the two.
        let mut live = live();
        let dir = tempfile::Builder::new().prefix(prefix).tempdir_in(parent)?;
        let path = dir.path().to_path_buf();
        live.push(path.clone());
        Ok(TempDir {
            dir: Some(dir),
            path,
        })
    }

    /// Where the directory is while it is being filled.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Renames the directory to `target`. An existing `target` is first moved to `aside` (a
    /// path inside another temporary directory, which removes it when dropped) and put back if
    /// the rename fails. Both renames happen under the lock that a signal's clean-up takes, so an
    /// interruption finds either the old target in place and this directory in flight, or the
    /// new one in place: never neither.
    pub fn rename_into_place(mut self, target: &Path, aside: Option<&Path>) -> std::io::Result<()> {
        let mut live = live();
        if let Some(aside) = aside {
            std::fs::rename(target, aside)?;
        }
        if let Err(e) = std::fs::rename(&self.path, target) {
            if let Some(aside) = aside {
                let _ = std::fs::rename(aside, target);
            }
            return Err(e);
        }
        live.retain(|p| *p != self.path);
        // The directory now has the target's name; nothing is left to remove.
        if let Some(dir) = self.dir.take() {
            let _ = dir.keep();
        }
        Ok(())
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        // Dropping the directory removes it (`tempfile::TempDir` does); then it is no longer in
        // flight.
        let mut live = live();
        drop(self.dir.take());
        live.retain(|p| *p != self.path);
    }
}

// ---------------------------------------------------------------------------------- signals

/// On SIGINT, SIGTERM or SIGHUP: removes the temporary files in flight, ends the child
/// processes (an installed Graphviz), then ends the process by the same signal, so that the
/// shell sees the conventional status (130 for SIGINT, 143 for SIGTERM) and a script that runs
/// detente stops on Ctrl-C as it would for any other command.
///
/// The clean-up runs on an ordinary thread that `signal-hook` wakes, so it may take locks and
/// call anything; if the handler cannot be installed, signals keep their default action.
#[cfg(unix)]
pub fn clean_up_on_signals() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
        return;
    };
    let spawned = std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                // Held to the end, so that no rename happens after the clean-up.
                let live = live();
                for path in live.iter() {
                    // A temporary file, or a directory being filled (a columnar graph).
                    if std::fs::remove_file(path).is_err() {
                        remove_dir_being_filled(path);
                    }
                }
                end_children();
                let _ = signal_hook::low_level::emulate_default_handler(signal);
                std::process::exit(128 + signal);
            }
        });
    // Without the thread, signals still end the process, as they did before.
    drop(spawned);
}

/// Removes the directory `path` while another thread may still be writing files into it (a
/// columnar graph's tables are written without the lock the clean-up holds).
///
/// It is first renamed aside, in the same parent: a writer that names files by `path` then
/// fails at its next file, instead of racing the removal (which, with the writer filling the
/// directory as fast as it was emptied, took from a second to minutes). A file made between
/// `remove_dir_all`'s listing and its removal of the directory still leaves the directory
/// behind, not empty, so it is tried again until the directory is gone (or cannot be removed).
#[cfg(unix)]
fn remove_dir_being_filled(path: &Path) {
    let aside = path.file_name().map(|name| {
        let mut hidden = std::ffi::OsString::from(".");
        hidden.push(name);
        hidden.push(format!(".removed-{}", std::process::id()));
        path.with_file_name(hidden)
    });
    let path = match aside {
        Some(aside) if std::fs::rename(path, &aside).is_ok() => aside,
        _ => path.to_path_buf(),
    };
    for _ in 0..10_000 {
        match std::fs::remove_dir_all(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => std::thread::yield_now(),
            _ => return,
        }
    }
}

#[cfg(not(unix))]
pub fn clean_up_on_signals() {
    // Ctrl-C on Windows ends the process as before; the temporary file may stay behind.
}

/// Sends SIGTERM to every child of this process. The library starts them (an installed `dot`)
/// and keeps no list, so they are found in `/proc`; where there is none, this does nothing.
#[cfg(unix)]
fn end_children() {
    let me = std::process::id();
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return;
    };
    for entry in entries.flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|n| n.parse::<i32>().ok())
        else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        if parent_of(&stat) == Some(me)
            && let Some(pid) = rustix::process::Pid::from_raw(pid)
        {
            let _ = rustix::process::kill_process(pid, rustix::process::Signal::TERM);
        }
    }
}

/// The parent's pid in the text of `/proc/PID/stat`: `PID (NAME) STATE PPID ...`, where NAME may
/// hold spaces and parentheses, so the fields are counted from the last `)`.
#[cfg(unix)]
fn parent_of(stat: &str) -> Option<u32> {
    let (_, rest) = stat.rsplit_once(')')?;
    rest.split_whitespace().nth(1)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_directory_is_removed_while_files_are_still_written_into_it() {
        // What the signals' clean-up meets when an export is interrupted: a thread writing
        // tables into the directory as it is removed. A single `remove_dir_all` often left it.
        for _ in 0..5 {
            let parent = tempfile::tempdir().unwrap();
            let dir = parent.path().join("filling");
            std::fs::create_dir(&dir).unwrap();
            for i in 0..200 {
                std::fs::write(dir.join(format!("early{i}")), b"x").unwrap();
            }
            let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
            let writer = {
                let (dir, stop) = (dir.clone(), stop.clone());
                std::thread::spawn(move || {
                    // Until the directory is gone (a write then fails) or the removal returned.
                    (0..)
                        .take_while(|i| {
                            !stop.load(std::sync::atomic::Ordering::Relaxed)
                                && std::fs::write(dir.join(format!("t{i}")), b"x").is_ok()
                        })
                        .count()
                })
            };
            // Let the writer start.
            while std::fs::read_dir(&dir).unwrap().count() < 210 {
                std::thread::yield_now();
            }
            remove_dir_being_filled(&dir);
            stop.store(true, std::sync::atomic::Ordering::Relaxed);
            let written = writer.join().unwrap();
            assert!(!dir.exists(), "left behind after {written} files");
            // Nor under the name it was moved aside to.
            let left: Vec<_> = std::fs::read_dir(parent.path()).unwrap().collect();
            assert!(
                left.is_empty(),
                "{left:?} left behind after {written} files"
            );
        }
    }

    #[test]
    fn stdout_has_several_names() {
        for name in ["-", "/dev/stdout", "/dev/fd/1"] {
            assert!(is_stdout(Path::new(name)), "{name}");
        }
        assert!(!is_stdout(Path::new("./-")));
        assert!(!is_stdout(Path::new("out.svg")));
    }

    #[cfg(unix)]
    #[test]
    fn the_parent_is_read_after_the_name() {
        assert_eq!(parent_of("12 (dot) S 34 12 12 0"), Some(34));
        assert_eq!(parent_of("12 (a) b) (c) R 56 1"), Some(56));
        assert_eq!(parent_of("garbage"), None);
    }

    #[test]
    fn a_temporary_file_is_listed_while_in_flight() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.txt");
        let temp = Temp::create(&target, None).unwrap();
        let path = temp.path.clone();
        assert!(path.exists() && live().contains(&path));
        temp.persist(&target, |out| out.write_all(b"done")).unwrap();
        assert!(!path.exists() && !live().contains(&path));
        assert_eq!(std::fs::read(&target).unwrap(), b"done");

        // Abandoned (an error before the write): removed and no longer listed.
        let temp = Temp::create(&target, None).unwrap();
        let path = temp.path.clone();
        drop(temp);
        assert!(!path.exists() && !live().contains(&path));
        assert_eq!(std::fs::read(&target).unwrap(), b"done");
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_resolves_to_the_file_it_names_even_a_missing_one() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("sub");
        std::fs::create_dir(&sub).unwrap();
        std::os::unix::fs::symlink("sub/real.svg", dir.path().join("link.svg")).unwrap();
        std::os::unix::fs::symlink("../link.svg", sub.join("link2.svg")).unwrap();
        let resolved = resolve_links(&sub.join("link2.svg")).unwrap();
        assert_eq!(resolved, dir.path().join("sub/../sub/real.svg"));
        std::os::unix::fs::symlink("loop", dir.path().join("loop")).unwrap();
        assert!(resolve_links(&dir.path().join("loop")).is_err());
    }
}
