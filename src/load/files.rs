//! Where input bytes come from: the filesystem by default, or a reader the caller supplies (the
//! command line reads `REV:PATH` through git), and the fingerprint of every file read.

use std::io;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// A place input files are read from. A scenario's `base:` is read through the same `Files` as
/// the scenario itself, so that a scenario read at a git revision reads its base at that revision.
///
/// Any `Fn(&Path) -> io::Result<Vec<u8>>` is a `Files`:
///
/// ```
/// use std::path::Path;
/// let files = |path: &Path| -> std::io::Result<Vec<u8>> {
///     match path.to_str() {
///         Some("g.yaml") => Ok(b"detente: 1\nactors: {A: {name: A, kind: state}}\n".to_vec()),
///         _ => Err(std::io::ErrorKind::NotFound.into()),
///     }
/// };
/// let opened = detente::open_with(Path::new("g.yaml"), &files)?;
/// assert_eq!(opened.graph().actors.len(), 1);
/// # Ok::<(), detente::load::LoadError>(())
/// ```
pub trait Files {
    /// The bytes of the file at `path`.
    fn read(&self, path: &Path) -> io::Result<Vec<u8>>;

    /// How diagnostics and the list of inputs name the file at `path`.
    fn name(&self, path: &Path) -> String {
        path.display().to_string()
    }

    /// A key that two paths naming the same file share, to find a chain of scenario bases that
    /// comes back on itself.
    fn identity(&self, path: &Path) -> PathBuf {
        path.to_path_buf()
    }
}

/// The files on disk, paths relative to the working directory.
#[derive(Debug, Clone, Copy, Default)]
pub struct FileSystem;

impl Files for FileSystem {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        std::fs::read(path)
    }

    fn identity(&self, path: &Path) -> PathBuf {
        // Two spellings of one file (`a/../b.yaml`, a symlink) are the same link of a chain.
        std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
    }
}

impl<F: Fn(&Path) -> io::Result<Vec<u8>>> Files for F {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        self(path)
    }
}

/// One file read to produce a graph, with the sha256 of its bytes, so that an output can say
/// exactly what it was computed from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct InputFile {
    /// The file's name as diagnostics give it (a path, or `REV:PATH`).
    pub name: String,
    /// The sha256 of the file's bytes, in lowercase hexadecimal.
    pub sha256: String,
}

impl InputFile {
    /// The file `name` whose contents are `bytes`.
    pub fn new(name: impl Into<String>, bytes: &[u8]) -> InputFile {
        let digest = Sha256::digest(bytes);
        let mut sha256 = String::with_capacity(2 * digest.len());
        for byte in digest.iter() {
            sha256.push(char::from(HEX[usize::from(byte >> 4)]));
            sha256.push(char::from(HEX[usize::from(byte & 0xf)]));
        }
        InputFile {
            name: name.into(),
            sha256,
        }
    }
}

const HEX: &[u8; 16] = b"0123456789abcdef";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_is_the_standard_digest() {
        // FIPS 180-2, appendix B.1.
        assert_eq!(
            InputFile::new("abc", b"abc").sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
