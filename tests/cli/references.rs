//! The repository stands on its own: every Markdown link and every file path named in the docs,
//! the sources and the tests resolves to a file that exists, and nothing sends a reader to a
//! document that is not in the repository.

use std::path::{Path, PathBuf};

use crate::support::root;

/// The folders whose files are read for references, relative to the root.
const READ: &[&str] = &[
    "docs", "src", "tests", "examples", "benches", "bench", "graphs", ".ci",
];

/// Top-level folders a path reference starts with; a word such as `render/format.rs` without one
/// of these is a module path, not a file path, and is not checked.
const ROOTS: &[&str] = &[
    "src/",
    "docs/",
    "tests/",
    "graphs/",
    "schema/",
    "examples/",
    "benches/",
    "bench/",
    ".ci/",
];

/// Extensions of the files a reference may name. A reference to a folder (ending in `/`) names a
/// room that may be planned rather than built, and is not checked.
const EXTENSIONS: &[&str] = &[
    "rs", "md", "yaml", "yml", "json", "svg", "png", "py", "sh", "toml", "snap", "txt",
];

fn text_files() -> Vec<PathBuf> {
    let mut files = vec![root().join("README.md"), root().join("CHANGELOG.md")];
    let mut stack: Vec<PathBuf> = READ.iter().map(|d| root().join(d)).collect();
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| ["rs", "md", "yaml", "sh", "py", "toml"].contains(&e))
                || path.file_name().is_some_and(|n| n == "run")
            {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// The targets of Markdown links `[text](target)` that point into the repository.
fn markdown_links(text: &str) -> Vec<String> {
    let mut links = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("](") {
        rest = &rest[at + 2..];
        let Some(end) = rest.find(')') else { break };
        let target = rest[..end].split('#').next().unwrap_or("").trim();
        let external = target.contains("://") || target.starts_with("mailto:");
        if !target.is_empty() && !external && !target.contains(' ') {
            links.push(target.to_string());
        }
    }
    links
}

/// Words that look like a path from the repository root to a file: `docs/metrics.md`,
/// `src/render/format.rs`, `tests/cli/errors.rs`.
fn file_references(text: &str) -> Vec<String> {
    let is_path_char = |c: char| c.is_ascii_alphanumeric() || "/._-".contains(c);
    let mut found = Vec::new();
    for word in text.split(|c: char| !is_path_char(c)) {
        let word = word.trim_end_matches('.');
        let Some(start) = ROOTS.iter().find_map(|r| word.find(r)) else {
            continue;
        };
        // `../docs/x.md` or `crate/src/x.rs` name files elsewhere; only root-relative words count.
        if start != 0 {
            continue;
        }
        let named_file = Path::new(word)
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| EXTENSIONS.contains(&e));
        // `graphs/x.yaml` or `src/cli/NAME.rs` stand for any file in an example of syntax.
        let stem = Path::new(word)
            .file_stem()
            .map_or(String::new(), |s| s.to_string_lossy().into_owned());
        let placeholder = stem.len() <= 1 || stem.chars().all(|c| c.is_ascii_uppercase());
        if named_file && !placeholder && !word.contains('*') {
            found.push(word.to_string());
        }
    }
    found
}

#[test]
fn every_markdown_link_resolves() {
    let mut broken = Vec::new();
    for file in text_files()
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "md"))
    {
        let text = std::fs::read_to_string(file).unwrap();
        let dir = file.parent().unwrap();
        for link in markdown_links(&text) {
            if !dir.join(&link).exists() {
                broken.push(format!(
                    "{}: {link}",
                    file.strip_prefix(root()).unwrap().display()
                ));
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn every_file_named_in_docs_and_sources_exists() {
    let mut broken = Vec::new();
    // Tests name missing files on purpose (to check the error); everything else must resolve.
    let tests = root().join("tests");
    for file in text_files().into_iter().filter(|f| !f.starts_with(&tests)) {
        let text = std::fs::read_to_string(&file).unwrap();
        for reference in file_references(&text) {
            if !root().join(&reference).exists() {
                let from = file.strip_prefix(root()).unwrap().display().to_string();
                broken.push(format!("{from}: {reference}"));
            }
        }
    }
    broken.sort();
    broken.dedup();
    assert!(
        broken.is_empty(),
        "files named but missing:\n{}",
        broken.join("\n")
    );
}

#[test]
fn nothing_sends_a_reader_outside_the_repository() {
    // The product's design lives in this repository's own docs; a reference to a design document
    // or a folder that is not here would leave a reader with nothing to open.
    let this = file!().rsplit('/').next().unwrap().to_string();
    let mut found = Vec::new();
    for file in text_files() {
        if file
            .file_name()
            .is_some_and(|n| n.to_string_lossy() == this)
        {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        for (number, line) in text.lines().enumerate() {
            if line.contains(concat!("DESIGN", ".md")) || line.contains(concat!("../", "shared")) {
                let from = file.strip_prefix(root()).unwrap().display();
                found.push(format!("{from}:{}: {line}", number + 1));
            }
        }
    }
    assert!(
        found.is_empty(),
        "references to documents not in the repository:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_reference_finders_find_what_they_should() {
    let text = "See [the format](docs/format.md#dates), [site](https://x.org/a.md), \
                `src/render/format.rs`, src/load/ (a room), render/dot.rs, graphs/x.yaml.";
    assert_eq!(markdown_links(text), ["docs/format.md"]);
    assert_eq!(
        file_references(text),
        ["docs/format.md", "src/render/format.rs"]
    );
}
