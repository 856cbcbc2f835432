//! Where input bytes come from: the filesystem by default, or a reader the caller supplies (the
//! command line reads `REV:PATH` through git), and the fingerprint of every file read.
//!
//! Every read from the filesystem is bounded ([`read_input`]): only a regular file, `-` (stdin)
//! or a pipe already open in the process (`/dev/fd/N`, as a shell's `<(...)` gives) is read, and
//! never more than [`max_input`] bytes, so that `/dev/zero` or a FIFO nobody writes cannot make a
//! command grow or wait without end.

use std::io::{self, Read};
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

    /// The file `path` names once its symlinks are followed, for finding the paths relative to
    /// it (a scenario's `base:` is relative to the directory of the file, not of a link to it).
    fn resolve(&self, path: &Path) -> PathBuf {
        path.to_path_buf()
    }

    /// Whether `path` names a columnar graph (`G.parquet/`: a directory holding
    /// `actors.parquet`), whose tables are then each read through [`Files::read`].
    fn is_columnar(&self, path: &Path) -> bool {
        let _ = path;
        false
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
        read_input(path)
    }

    fn resolve(&self, path: &Path) -> PathBuf {
        follow_links(path).unwrap_or_else(|_| path.to_path_buf())
    }

    fn is_columnar(&self, path: &Path) -> bool {
        path.is_dir() && path.join("actors.parquet").is_file()
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

/// `path` with its symlinks followed to the file they name, which need not exist yet; a
/// relative link is joined to the link's directory, so a relative path stays relative.
///
/// Errors: a link cannot be read, or links lead on through more than 40 of them.
pub fn follow_links(path: &Path) -> io::Result<PathBuf> {
    // The limit Linux sets on links followed in one lookup.
    const MAX_LINKS: usize = 40;
    let mut path = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = std::fs::read_link(&path)?;
                path = match path.parent() {
                    Some(dir) => dir.join(target),
                    None => target,
                };
            }
            _ => return Ok(path),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

/// The most bytes one input file may hold when `DETENTE_MAX_INPUT` does not say: 1 GiB, far
/// above any real graph (a 50 MB file holds about a million points) and below what a machine
/// running it is likely to hold several times over.
pub const DEFAULT_MAX_INPUT: u64 = 1 << 30;

/// The environment variable that sets the most bytes one input may hold: a number of bytes, or
/// a number followed by `K`, `M` or `G` (powers of 1024).
pub const MAX_INPUT_VAR: &str = "DETENTE_MAX_INPUT";

/// The most bytes one input may hold: `DETENTE_MAX_INPUT` if set, else [`DEFAULT_MAX_INPUT`].
///
/// Errors: the variable is set but is not a size; the message says what it holds.
pub fn max_input() -> io::Result<u64> {
    match std::env::var_os(MAX_INPUT_VAR) {
        None => Ok(DEFAULT_MAX_INPUT),
        Some(value) => {
            let text = value.to_string_lossy();
            parse_size(&text).ok_or_else(|| {
                io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!(
                        "{MAX_INPUT_VAR}={text:?} is not a size (a number of bytes, or a number \
                         followed by K, M or G)"
                    ),
                )
            })
        }
    }
}

/// `text` as a number of bytes: digits, then an optional `K`, `M` or `G` (powers of 1024).
fn parse_size(text: &str) -> Option<u64> {
    let text = text.trim();
    let (digits, unit) = match text.char_indices().last()? {
        (at, 'k' | 'K') => (&text[..at], 1 << 10),
        (at, 'm' | 'M') => (&text[..at], 1 << 20),
        (at, 'g' | 'G') => (&text[..at], 1 << 30),
        _ => (text, 1),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse::<u64>().ok()?.checked_mul(unit)
}

/// The bytes of the input at `path`, read with bounds: `-` is stdin; otherwise only a regular
/// file, or a pipe the process already holds open (`/dev/fd/N`, `/proc/self/fd/N`,
/// `/dev/stdin`: a shell's process substitution), is read. A named FIFO, a device, a socket or a
/// directory is refused at once rather than read (a FIFO nobody writes to would block; a device
/// such as `/dev/zero` never ends), and no input may hold more than [`max_input`] bytes.
///
/// Errors: the file cannot be opened or read; it is not one of the above; it is too large; or
/// `DETENTE_MAX_INPUT` is not a size.
pub fn read_input(path: &Path) -> io::Result<Vec<u8>> {
    let limit = max_input()?;
    if path.as_os_str() == "-" {
        return read_limited(io::stdin().lock(), limit, 0);
    }
    let meta = std::fs::metadata(path)?;
    if meta.is_file() && meta.len() > limit {
        return Err(too_large(limit));
    }
    // A regular file's size, known beforehand, sizes the buffer once (growing it by doubling
    // copied a large file's bytes once more and touched twice the memory).
    let (file, size) = if !meta.is_file() && is_pipe(&meta) && held_open(path) {
        // The writer is the process that gave us the descriptor, so opening cannot block.
        (std::fs::File::open(path)?, 0)
    } else {
        let file = open_without_waiting(path)?;
        // The type is checked on the opened file, so a file swapped after the `metadata` above
        // cannot slip through.
        let meta = file.metadata()?;
        if !meta.is_file() {
            let hint = if meta.is_dir() {
                columnar_hint(path)
            } else {
                " (read a stream through stdin: `-`)"
            };
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("it is {}, not a regular file{hint}", file_type(&meta)),
            ));
        }
        (file, meta.len())
    };
    let size = usize::try_from(size.min(limit)).unwrap_or(0);
    if let Some(bytes) = read_in_pieces(&file, size) {
        return Ok(bytes);
    }
    read_limited(file, limit, size)
}

/// A regular file of at least this many bytes is read in pieces, side by side.
const PIECES_FROM: usize = 8 << 20;

/// A large regular file of `size` bytes read in one piece per core, side by side: copying tens
/// of megabytes into memory touched for the first time is a wait at the start of every command
/// that one core alone makes twice as long. `None` when the file is small, not where its size
/// said it ends (it changed since), or a read fails: it is then read as a stream, from the start
/// (reading at an offset leaves the file's position where it was).
#[cfg(unix)]
fn read_in_pieces(file: &std::fs::File, size: usize) -> Option<Vec<u8>> {
    use rayon::prelude::*;
    use std::os::unix::fs::FileExt;
    if size < PIECES_FROM {
        return None;
    }
    let mut bytes = vec![0u8; size];
    let piece = size.div_ceil(rayon::current_num_threads().max(1));
    let read = bytes
        .par_chunks_mut(piece)
        .enumerate()
        .all(|(i, chunk)| file.read_exact_at(chunk, (i * piece) as u64).is_ok());
    let mut past = [0u8; 1];
    let ended = matches!(file.read_at(&mut past, size as u64), Ok(0));
    (read && ended).then_some(bytes)
}

#[cfg(not(unix))]
fn read_in_pieces(_: &std::fs::File, _: usize) -> Option<Vec<u8>> {
    None
}

/// For a directory of Parquet tables without `actors.parquet`, why it is not a columnar graph.
fn columnar_hint(dir: &Path) -> &'static str {
    let tables = std::fs::read_dir(dir).is_ok_and(|mut entries| {
        entries.any(|e| {
            e.is_ok_and(|e| Path::new(&e.file_name()).extension() == Some("parquet".as_ref()))
        })
    });
    if tables {
        " (a columnar graph needs actors.parquet and points.parquet; this directory has no \
         actors.parquet)"
    } else {
        ""
    }
}

/// [`read_input`] as UTF-8 text.
///
/// Errors: those of [`read_input`], and bytes that are not UTF-8.
pub fn read_input_text(path: &Path) -> io::Result<String> {
    String::from_utf8(read_input(path)?).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
}

/// Opens `path` for reading without waiting for a writer, should it be a FIFO.
fn open_without_waiting(path: &Path) -> io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // The flag's value differs between systems; rustix knows it. It has no effect on a
        // regular file, which is the only kind read after this.
        #[allow(clippy::cast_possible_wrap, reason = "open(2) flags are a C int")]
        options.custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32);
    }
    options.open(path)
}

/// Whether `path` names a descriptor the process already holds, as process substitution does.
fn held_open(path: &Path) -> bool {
    let text = path.as_os_str().to_string_lossy();
    text == "/dev/stdin"
        || ["/dev/fd/", "/proc/self/fd/"].iter().any(|dir| {
            text.strip_prefix(dir)
                .is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()))
        })
}

fn is_pipe(meta: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        meta.file_type().is_fifo()
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        false
    }
}

/// What kind of file `meta` describes, for a message.
fn file_type(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let kind = meta.file_type();
        if kind.is_fifo() {
            return "a FIFO";
        }
        if kind.is_char_device() {
            return "a character device";
        }
        if kind.is_block_device() {
            return "a block device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    if meta.is_dir() {
        "a directory"
    } else {
        "a special file"
    }
}

/// All of `reader`, or an error once it gives more than `limit` bytes.
fn read_limited(reader: impl Read, limit: u64, expected: usize) -> io::Result<Vec<u8>> {
    // One byte more than expected, so that the end is seen without growing the buffer.
    let mut bytes = Vec::with_capacity(expected.saturating_add(1));
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(limit));
    }
    Ok(bytes)
}

fn too_large(limit: u64) -> io::Error {
    io::Error::new(
        io::ErrorKind::FileTooLarge,
        format!(
            "it holds more than {limit} bytes, the most an input may hold (set \
             {MAX_INPUT_VAR} to raise the limit, e.g. {MAX_INPUT_VAR}=4G)"
        ),
    )
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
    fn sizes_take_binary_units() {
        assert_eq!(parse_size("1024"), Some(1024));
        assert_eq!(parse_size("4K"), Some(4096));
        assert_eq!(parse_size("2m"), Some(2 << 20));
        assert_eq!(parse_size("1G"), Some(1 << 30));
        for bad in ["", "G", "-1", "1.5G", "12 apples", "99999999999999999999G"] {
            assert_eq!(parse_size(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_reader_over_the_limit_is_refused() {
        assert_eq!(read_limited(&b"12345"[..], 5, 0).unwrap(), b"12345");
        assert_eq!(read_limited(&b"12345"[..], 5, 5).unwrap(), b"12345");
        let error = read_limited(&b"123456"[..], 5, 0).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::FileTooLarge);
    }

    #[test]
    fn only_descriptors_count_as_held_open() {
        assert!(held_open(Path::new("/dev/fd/63")));
        assert!(held_open(Path::new("/proc/self/fd/5")));
        assert!(!held_open(Path::new("/dev/fd/63/x")));
        assert!(!held_open(Path::new("/tmp/fifo")));
    }

    #[test]
    fn a_large_file_read_in_pieces_is_the_file() {
        let dir = tempfile::tempdir().unwrap();
        // Sizes around the threshold, one not a multiple of the number of pieces.
        for size in [PIECES_FROM - 1, PIECES_FROM, PIECES_FROM + 12_345] {
            let bytes: Vec<u8> = (0..size as u64)
                .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
                .collect();
            let path = dir.path().join(format!("{size}.bin"));
            std::fs::write(&path, &bytes).unwrap();
            let file = std::fs::File::open(&path).unwrap();
            assert_eq!(
                read_in_pieces(&file, size).is_some(),
                cfg!(unix) && size >= PIECES_FROM
            );
            assert!(read_input(&path).unwrap() == bytes, "{size}");
            // A size that is not where the file ends (it grew, or shrank, since) is not read in
            // pieces; the stream that is read then is the whole file.
            for wrong in [size - 1, size + 1] {
                let file = std::fs::File::open(&path).unwrap();
                assert_eq!(read_in_pieces(&file, wrong), None, "{wrong}");
                let streamed = read_limited(file, u64::MAX, wrong).unwrap();
                assert!(streamed == bytes, "{wrong}");
            }
        }
    }

    #[test]
    fn sha256_is_the_standard_digest() {
        // FIPS 180-2, appendix B.1.
        assert_eq!(
            InputFile::new("abc", b"abc").sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
