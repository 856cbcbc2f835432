//! Following a scenario's `base:` — to a graph, or along a chain of scenarios — and applying the
//! edits of each link in turn.

use std::path::{Component, Path, PathBuf};

use super::apply::apply;
use super::effect::Outcome;
use super::file::{ScenarioFile, is_scenario, parse_str};
use crate::load::{FileSystem, Files, InputFile, LoadError, Syntax};
use crate::model::Graph;

/// A scenario file with its base resolved and its edits applied.
#[derive(Debug, Clone)]
pub struct LoadedScenario {
    /// The file.
    pub file: ScenarioFile,
    /// The base graph (itself a scenario's result when the base is a scenario).
    pub base: Graph,
    /// The resulting graph and each edit's effect.
    pub outcome: Outcome,
}

/// Reads the scenario at `path`, resolves its base (a graph, or another scenario, recursively),
/// and applies its edits.
///
/// Errors: the file's own problems, located; a base that cannot be read, located at `base:`;
/// a chain of bases that comes back to a file already in it, naming the whole cycle; the base's
/// own problems; and every edit that does not fit the base, located at the edit's field.
pub fn load_path(path: &Path) -> Result<LoadedScenario, LoadError> {
    let files = FileSystem;
    let text = crate::load::read_input_text(path).map_err(|source| LoadError::Io {
        path: files.name(path),
        source,
    })?;
    load_with(path, &text, &files, &mut Vec::new())
}

/// The scenario at `path`, whose text is `text`, with its base read through `files` (every
/// file read, the base and its own bases, is added to `inputs`, each with its sha256).
pub(crate) fn load_with(
    path: &Path,
    text: &str,
    files: &dyn Files,
    inputs: &mut Vec<InputFile>,
) -> Result<LoadedScenario, LoadError> {
    load_chain(path, text, files, inputs)
}

/// The most scenarios a chain of bases may hold (the scenario itself included); a longer chain
/// is refused rather than followed, so no input can make the work (or a stack) grow without end.
pub const MAX_CHAIN: usize = 64;

/// Follows the chain iteratively: each link is read and parsed going down until a base is a
/// graph, then the edits are applied going back up, so a chain's length costs no stack.
fn load_chain(
    path: &Path,
    text: &str,
    files: &dyn Files,
    inputs: &mut Vec<InputFile>,
) -> Result<LoadedScenario, LoadError> {
    // Every link so far: its identity and name (for cycles) and its parsed file.
    let mut chain: Vec<(PathBuf, String)> = Vec::new();
    let mut links: Vec<ScenarioFile> = Vec::new();
    let mut path = path.to_path_buf();
    let mut text = text.to_string();
    let mut graph = loop {
        let name = files.name(&path);
        let file = parse_str(&text, &name).map_err(LoadError::Invalid)?;
        chain.push((files.identity(&path), name));
        // Relative to the scenario file itself, not to a link to it.
        let base_path = normalise(
            &files
                .resolve(&path)
                .parent()
                .unwrap_or_else(|| Path::new(""))
                .join(&file.header.base),
        );
        let base_name = files.name(&base_path);
        let base_here = files.identity(&base_path);
        if let Some(start) = chain.iter().position(|(p, _)| *p == base_here) {
            let cycle: Vec<&str> = chain[start..]
                .iter()
                .map(|(_, n)| n.as_str())
                .chain([chain[start].1.as_str()])
                .collect();
            return Err(file.error(
                file.base_at,
                format!("the chain of bases is a cycle: {}", cycle.join(" -> ")),
                "a scenario's base must be a graph, or a scenario that does not lead back to it"
                    .into(),
            ));
        }
        if files.is_columnar(&base_path) {
            // A columnar graph (`G.parquet/`) ends the chain like a graph file; each of its
            // tables is an input, with its own sha256.
            let (graph, tables) = crate::import::parquet::read_graph_dir(&base_path, files)?;
            inputs.extend(tables);
            links.push(file);
            break graph;
        }
        let bytes = files.read(&base_path).map_err(|e| {
            file.error(
                file.base_at,
                format!("cannot read the base `{base_name}`: {e}"),
                "`base:` is a path relative to the scenario file's directory".into(),
            )
        })?;
        inputs.push(InputFile::new(base_name.as_str(), &bytes));
        match std::str::from_utf8(&bytes) {
            Ok(base_text) if is_scenario(base_text) => {
                if chain.len() >= MAX_CHAIN {
                    return Err(file.error(
                        file.base_at,
                        format!(
                            "the chain of bases is longer than {MAX_CHAIN} scenarios \
                             (`{base_name}` would be number {})",
                            MAX_CHAIN + 1
                        ),
                        "apply part of the chain with `detente scenario apply` and start the \
                         rest from the graph it writes"
                            .into(),
                    ));
                }
                text = base_text.to_string();
                path = base_path;
                links.push(file);
            }
            _ => {
                if !looks_like_graph(&bytes) {
                    // Whatever the file is, none of it is quoted: `base:` may name any file the
                    // user can read (`/etc/shadow`), and the scenario may not be theirs.
                    return Err(file.error(
                        file.base_at,
                        format!(
                            "the base `{base_name}` is not a graph file (it has no `detente:` \
                             line); its contents are not shown"
                        ),
                        "`base:` names a detente graph or another scenario, by a path relative \
                         to the scenario file's directory"
                            .into(),
                    ));
                }
                links.push(file);
                break crate::load::load_bytes(&bytes, &base_name, Syntax::of_path(&base_path))?;
            }
        }
    };
    // Apply the edits from the link nearest the graph back to the scenario asked for (the first
    // link, pushed before the loop could end).
    let mut links = links.into_iter();
    let top = links.next();
    for file in links.rev() {
        graph = applied(&graph, &file)?.graph;
    }
    let file = top.ok_or_else(|| LoadError::Io {
        path: files.name(&path),
        source: std::io::Error::other("empty chain of scenarios"),
    })?;
    let outcome = applied(&graph, &file)?;
    Ok(LoadedScenario {
        file,
        base: graph,
        outcome,
    })
}

/// Whether `bytes` are a graph file, valid or not: UTF-8 text with a top-level `detente` key (a
/// `detente:` line in YAML, a `"detente"` key in JSON). Only then are a base's problems reported
/// with its lines quoted.
fn looks_like_graph(bytes: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return false;
    };
    let text = text.trim_start_matches('\u{feff}');
    text.lines().any(|line| line.starts_with("detente:"))
        || (text.trim_start().starts_with('{') && text.contains("\"detente\""))
}

/// `base` with the edits of `file` applied, titled and described as the file says.
fn applied(base: &Graph, file: &ScenarioFile) -> Result<Outcome, LoadError> {
    let mut outcome =
        apply(base, &file.edits).map_err(|e| LoadError::Invalid(file.diagnostics(&e)))?;
    if let Some(title) = &file.header.title {
        outcome.graph.title = Some(title.clone());
    }
    if let Some(description) = &file.header.description {
        outcome.graph.description = Some(description.clone());
    }
    Ok(outcome)
}

/// `a/b/../c` as `a/c`, so that paths in messages read as the user would write them.
pub(crate) fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir
                if matches!(out.components().next_back(), Some(Component::Normal(_))) =>
            {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// `target` as a path relative to the directory `from` (both relative to the working directory,
/// or both absolute), for writing `base:`.
pub fn relative_path(target: &Path, from: &Path) -> PathBuf {
    let absolute = |p: &Path| {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        normalise(&p)
    };
    let (target, from) = (absolute(target), absolute(from));
    let t: Vec<Component> = target.components().collect();
    let f: Vec<Component> = from.components().collect();
    let common = t.iter().zip(&f).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in common..f.len() {
        out.push("..");
    }
    for part in &t[common..] {
        out.push(part);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::looks_like_graph;

    #[test]
    fn only_files_with_a_detente_key_are_graphs() {
        assert!(looks_like_graph(b"# a graph\ndetente: 1\nactors: {}\n"));
        assert!(looks_like_graph(b"\xef\xbb\xbfdetente: 1\n"));
        assert!(looks_like_graph(b" {\"detente\": 1, \"actors\": {}}"));
        assert!(!looks_like_graph(b"root:x:0:0:root:/root:/bin/bash\n"));
        assert!(!looks_like_graph(b"foo: bar\n  detente: 1\n"));
        assert!(!looks_like_graph(b"\xff\xfe\x00detente: 1\n"));
        assert!(!looks_like_graph(b"[\"detente\"]"));
    }
}
