//! One way in: open a graph file or a scenario file, whichever it is, and know what was read.
//!
//! A file with a top-level `detente-scenario:` key is a scenario: opening it reads its base (a
//! graph, or another scenario, recursively) through the same [`Files`] and applies its edits.
//! A directory holding `actors.parquet` is a columnar graph (`G.parquet/`, the tables
//! `export --format parquet` writes).
//! Anything else is a graph file, YAML or (for a `.json` name) JSON.

use std::path::Path;

use crate::load::{self, FileSystem, Files, InputFile, LoadError, Syntax};
use crate::model::Graph;
use crate::scenario::{self, LoadedScenario};

/// What an input turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// A graph file.
    Graph,
    /// A scenario file: a base graph and edits.
    Scenario,
}

/// An opened input: the graph it gives, what kind of file it was, and every file read.
#[derive(Debug, Clone)]
pub struct Opened {
    content: Content,
    /// Every file read, the opened one first, then (for a scenario) its base and the base's own
    /// bases; each with the sha256 of its bytes.
    pub inputs: Vec<InputFile>,
}

#[derive(Debug, Clone)]
enum Content {
    Graph(Graph),
    // Boxed: a loaded scenario holds its base and its result, two graphs.
    Scenario(Box<LoadedScenario>),
}

impl Opened {
    /// The graph: the file's own, or a scenario's base with its edits applied.
    pub fn graph(&self) -> &Graph {
        match &self.content {
            Content::Graph(graph) => graph,
            Content::Scenario(loaded) => &loaded.outcome.graph,
        }
    }

    /// The graph, owned.
    pub fn into_graph(self) -> Graph {
        match self.content {
            Content::Graph(graph) => graph,
            Content::Scenario(loaded) => loaded.outcome.graph,
        }
    }

    /// Whether the input was a graph file or a scenario file.
    pub fn kind(&self) -> InputKind {
        match self.content {
            Content::Graph(_) => InputKind::Graph,
            Content::Scenario(_) => InputKind::Scenario,
        }
    }

    /// The scenario (its file, base and each edit's effect), when the input was one.
    pub fn scenario(&self) -> Option<&LoadedScenario> {
        match &self.content {
            Content::Graph(_) => None,
            Content::Scenario(loaded) => Some(loaded),
        }
    }

    /// The scenario, owned, when the input was one.
    pub fn into_scenario(self) -> Option<LoadedScenario> {
        match self.content {
            Content::Graph(_) => None,
            Content::Scenario(loaded) => Some(*loaded),
        }
    }
}

/// Opens the graph or scenario file at `path`.
///
/// ```
/// let opened = detente::open(std::path::Path::new("graphs/us-belarus.yaml"))?;
/// assert_eq!(opened.kind(), detente::InputKind::Graph);
/// assert_eq!(opened.inputs[0].sha256.len(), 64);
/// # Ok::<(), detente::load::LoadError>(())
/// ```
pub fn open(path: &Path) -> Result<Opened, LoadError> {
    open_with(path, &FileSystem)
}

/// Opens the graph or scenario file at `path`, reading it (and a scenario's bases) through
/// `files`.
pub fn open_with(path: &Path, files: &dyn Files) -> Result<Opened, LoadError> {
    if files.is_columnar(path) {
        let (graph, inputs) = crate::import::parquet::read_graph_dir(path, files)?;
        return Ok(Opened {
            content: Content::Graph(graph),
            inputs,
        });
    }
    let bytes = files.read(path).map_err(|source| LoadError::Io {
        path: files.name(path),
        source,
    })?;
    if path.as_os_str() == "-" {
        // Stdin cannot be read a second time to locate the problems of an invalid graph.
        return open_bytes_with(&bytes, path, files);
    }
    open_owned(bytes, path, files)
}

/// Opens the graph or scenario in `bytes`, named `name` in diagnostics; a scenario's base is read
/// from disk, relative to `name`'s directory. A name ending in `.json` means JSON.
pub fn open_bytes(bytes: &[u8], name: &str) -> Result<Opened, LoadError> {
    open_bytes_with(bytes, Path::new(name), &FileSystem)
}

/// Opens the graph or scenario in `bytes`, the contents of `path` in `files`, which also gives
/// its name and a scenario's bases.
pub fn open_bytes_with(bytes: &[u8], path: &Path, files: &dyn Files) -> Result<Opened, LoadError> {
    let name = files.name(path);
    let inputs = vec![InputFile::new(name.as_str(), bytes)];
    if let Ok(text) = std::str::from_utf8(bytes)
        && scenario::is_scenario(text)
    {
        return open_scenario(text, path, files, inputs);
    }
    let graph = load::load_bytes(bytes, &name, Syntax::of_path(path))?;
    Ok(Opened {
        content: Content::Graph(graph),
        inputs,
    })
}

fn open_owned(bytes: Vec<u8>, path: &Path, files: &dyn Files) -> Result<Opened, LoadError> {
    let name = files.name(path);
    if let Ok(text) = std::str::from_utf8(&bytes)
        && scenario::is_scenario(text)
    {
        let inputs = vec![InputFile::new(name.as_str(), &bytes)];
        return open_scenario(text, path, files, inputs);
    }
    // The graph loader lets the text go as soon as it is parsed, so that text and model are
    // never in memory together (a 50 MB file would otherwise peak above 4x its size). The
    // file's hash is taken while it is parsed.
    let reread = || {
        files.read(path).map_err(|source| LoadError::Io {
            path: name.clone(),
            source,
        })
    };
    let (graph, input) = load::load_owned(bytes, &name, Syntax::of_path(path), reread, |bytes| {
        InputFile::new(name.as_str(), bytes)
    });
    Ok(Opened {
        content: Content::Graph(graph?),
        inputs: vec![input],
    })
}

fn open_scenario(
    text: &str,
    path: &Path,
    files: &dyn Files,
    mut inputs: Vec<InputFile>,
) -> Result<Opened, LoadError> {
    let loaded = scenario::load_with(path, text, files, &mut inputs)?;
    Ok(Opened {
        content: Content::Scenario(Box::new(loaded)),
        inputs,
    })
}

#[cfg(test)]
mod tests;
