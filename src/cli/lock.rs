//! An exclusive advisory lock on a file that is edited by replacing it, so that two commands
//! editing one file (`scenario add` run in parallel) take turns and no edit is lost.

use std::fs::File;
use std::path::Path;

use super::CliError;

/// Locks the file at `path` for as long as the returned handle lives, waiting for whoever holds
/// it. Read, edit and write back while holding it; dropping it (or exiting) lets the next one in.
///
/// The edit replaces the file (a new file renamed over the old, see `output.rs`), so a lock
/// taken on the old file, once its holder has finished, guards nothing: after locking, the
/// file still at `path` must be the one locked, else the new one is locked in turn.
///
/// Errors: the file cannot be opened or locked.
pub fn lock(path: &Path) -> Result<File, CliError> {
    let fail = |e: std::io::Error| CliError::msg(format!("cannot lock {}: {e}", path.display()));
    loop {
        let file = File::open(path)
            .map_err(|e| CliError::msg(format!("cannot read {}: {e}", path.display())))?;
        file.lock().map_err(fail)?;
        let now = std::fs::metadata(path).map_err(fail)?;
        if same_file(&file.metadata().map_err(fail)?, &now) {
            return Ok(file);
        }
    }
}

#[cfg(unix)]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    (a.dev(), a.ino()) == (b.dev(), b.ino())
}

#[cfg(not(unix))]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    // Without inode numbers, the modification time and size tell a replaced file apart well
    // enough for files written by this program.
    (a.modified().ok(), a.len()) == (b.modified().ok(), b.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_replaced_while_waiting_is_locked_anew() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.yaml");
        std::fs::write(&path, "one").unwrap();
        let held = lock(&path).unwrap();
        let waiter = {
            let path = path.clone();
            std::thread::spawn(move || {
                let file = lock(&path).unwrap();
                std::io::read_to_string(&file).unwrap()
            })
        };
        // Replace the file as an edit does, then let the waiter in: it must hold the new file.
        let new = dir.path().join("s.yaml.new");
        std::fs::write(&new, "two").unwrap();
        std::fs::rename(&new, &path).unwrap();
        drop(held);
        assert_eq!(waiter.join().unwrap(), "two");
    }
}
