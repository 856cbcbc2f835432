//! What every JSON output says about how it was made, so that a result can be reproduced and
//! joined with others: the detente version, every input file with its sha256, and the filters
//! that shaped the graph before anything was computed.

use std::collections::{BTreeMap, BTreeSet};

use std::io::Write;

use serde::Serialize;

use super::pretty::Pretty;

use crate::load::InputFile;
use crate::snapshot::Filter;

/// The version of detente that made an output.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// How an output was made: the fields every JSON output ends with.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Origin {
    /// The version of detente, e.g. `0.1.0`.
    pub detente_version: &'static str,
    /// Every file read, in the order read (a scenario before its base), with its sha256.
    /// (Named `input_files` rather than `inputs`: `diff` already has an `inputs` field.)
    pub input_files: Vec<InputFile>,
    /// The options that narrowed or transformed the graph (`level`, `aggregate`, ...), by name;
    /// an empty object when none applied.
    pub filters: BTreeMap<String, serde_json::Value>,
}

impl Origin {
    /// The origin of an output computed from `inputs`, with no filter yet.
    pub fn new(inputs: Vec<InputFile>) -> Origin {
        Origin {
            detente_version: VERSION,
            input_files: inputs,
            filters: BTreeMap::new(),
        }
    }

    /// Records that the filter `name` was applied with `value`.
    pub fn filter(mut self, name: &str, value: impl Into<serde_json::Value>) -> Origin {
        self.filters.insert(name.to_string(), value.into());
        self
    }

    /// Records the narrowing `filter` (`--kinds`, `--exclude-kinds`, `--only`, `--exclude`,
    /// `--ego`/`--depth`) under the names every JSON output gives it; nothing when it narrows
    /// nothing.
    pub fn narrowed(mut self, filter: &Filter) -> Origin {
        fn list(set: &BTreeSet<impl ToString>) -> Vec<String> {
            set.iter().map(ToString::to_string).collect()
        }
        if !filter.kinds.is_empty() {
            self = self.filter("kinds", list(&filter.kinds));
        }
        if !filter.exclude_kinds.is_empty() {
            self = self.filter("exclude_kinds", list(&filter.exclude_kinds));
        }
        if !filter.only.is_empty() {
            self = self.filter("only", list(&filter.only));
        }
        if !filter.exclude.is_empty() {
            self = self.filter("exclude", list(&filter.exclude));
        }
        if let Some(ego) = &filter.ego {
            self = self
                .filter("ego", ego.actor.to_string())
                .filter("depth", ego.depth);
        }
        self
    }
}

/// A result's JSON view with the origin fields after its own.
#[derive(Serialize)]
struct Document<'a, T: Serialize> {
    #[serde(flatten)]
    body: &'a T,
    #[serde(flatten)]
    origin: &'a Origin,
}

/// `body` as pretty JSON with the origin fields added at its top level, and a final newline.
pub fn json<T: Serialize>(body: &T, origin: &Origin) -> String {
    let mut bytes = Vec::new();
    // Plain data with string keys, into memory: writing it cannot fail.
    let _ = write_json(body, origin, &mut bytes);
    String::from_utf8(bytes).unwrap_or_default()
}

/// [`json`] written to `out` as it is serialised, so that a large result is never held whole
/// in memory as text (give a buffered writer). Fails only when `out` does.
pub fn write_json<T: Serialize>(
    body: &T,
    origin: &Origin,
    out: impl std::io::Write,
) -> std::io::Result<()> {
    // The serialiser makes a few small writes per value: buffered here, they are cheap whatever
    // `out` is (a `&mut dyn Write` costs a call each).
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, Pretty::default());
    Document { body, origin }
        .serialize(&mut serializer)
        .map_err(std::io::Error::from)?;
    out.write_all(b"\n")?;
    out.flush()
}

/// How many elements one task of [`write_json_listing`] writes.
pub(crate) const ELEMENTS_PER_RUN: usize = 1024;

/// The serialiser an element of a top-level list is written with: its lines indented as they
/// are inside the document.
pub(crate) type ElementSerializer<'w> = serde_json::Serializer<&'w mut Vec<u8>, Pretty>;

/// [`write_json`] of a body whose top-level list `list` is long (a million ties): `frame` is
/// the body with that list empty, and the list's `count` elements, each written by `element`,
/// are made in runs on all cores and written in order where the empty list stood. The same
/// bytes as [`write_json`] of the whole body. Fails only when `out` or `element` does.
pub(crate) fn write_json_listing<T: Serialize>(
    frame: &T,
    origin: &Origin,
    list: &str,
    count: usize,
    element: impl Fn(usize, &mut ElementSerializer) -> serde_json::Result<()> + Sync,
    out: impl std::io::Write,
) -> std::io::Result<()> {
    let mut text = Vec::new();
    write_json(frame, origin, &mut text)?;
    // The empty list's line is the only one that opens with two spaces and the list's key:
    // a line break inside a text is escaped, and deeper keys are indented further.
    let empty = format!("\n  \"{list}\": []");
    let Some(at) = text
        .windows(empty.len())
        .position(|w| w == empty.as_bytes())
    else {
        return Err(std::io::Error::other(format!(
            "the JSON document has no top-level `{list}` list to write"
        )));
    };
    let split = at + empty.len() - 1;
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    out.write_all(&text[..split])?;
    let mut first = true;
    // Each run's buffer is sized from the longest elements made so far (on average over a run),
    // so that it is rarely grown, and copied, while it is filled: a tie with its points is a
    // kilobyte and more of JSON, a tie without them a few hundred bytes.
    let per_element = std::sync::atomic::AtomicUsize::new(256);
    crate::render::runs::write_in_runs(
        count,
        ELEMENTS_PER_RUN,
        |run| {
            use std::sync::atomic::Ordering::Relaxed;
            let elements = run.len();
            // At most 64 MiB reserved ahead: a run of huge elements does not size every other.
            let ahead = elements
                .saturating_mul(per_element.load(Relaxed))
                .min(1 << 26);
            let mut text = Vec::with_capacity(ahead + 64);
            for i in run {
                // Each element on its own line, four spaces in: the list is two levels deep.
                text.extend_from_slice(b",\n    ");
                let mut serializer =
                    serde_json::Serializer::with_formatter(&mut text, Pretty::at_depth(2));
                element(i, &mut serializer)?;
            }
            per_element.fetch_max(text.len().div_ceil(elements.max(1)), Relaxed);
            Ok(text)
        },
        |text| {
            // The first element follows the opening bracket without a comma.
            let text = &text[usize::from(first)..];
            first = false;
            out.write_all(text)
        },
    )?;
    if count > 0 {
        out.write_all(b"\n  ")?;
    }
    out.write_all(&text[split..])?;
    out.flush()
}

/// A tie's canonical key `FROM|TO|KIND` as a JSON string, written without building a `String`
/// per tie (a million ties made a million of them).
#[derive(Debug)]
pub(crate) struct KeyText<'a>(pub &'a crate::model::RelationKey);

impl Serialize for KeyText<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let key = self.0;
        let (from, to, kind) = (key.from.as_str(), key.to.as_str(), key.kind.as_str());
        let mut buffer = [0u8; 192];
        let length = from.len() + to.len() + kind.len() + 2;
        if length > buffer.len() {
            return serializer.serialize_str(&key.tie());
        }
        let mut at = 0;
        for (i, part) in [from, to, kind].into_iter().enumerate() {
            if i > 0 {
                buffer[at] = b'|';
                at += 1;
            }
            buffer[at..at + part.len()].copy_from_slice(part.as_bytes());
            at += part.len();
        }
        // Whole strs joined by an ASCII bar: always UTF-8.
        match std::str::from_utf8(&buffer[..at]) {
            Ok(text) => serializer.serialize_str(text),
            Err(_) => serializer.serialize_str(&key.tie()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_provenance_follows_the_body_at_its_top_level() {
        #[derive(Serialize)]
        struct Body {
            date: &'static str,
        }
        let origin = Origin::new(vec![InputFile::new("g.yaml", b"abc")])
            .filter("level", "state")
            .filter("aggregate", "mean");
        let text = json(&Body { date: "2020" }, &origin);
        let expected = format!(
            "{{\n  \"date\": \"2020\",\n  \"detente_version\": \"{VERSION}\",\n  \"input_files\": [\n    \
             {{\n      \"name\": \"g.yaml\",\n      \"sha256\": \
             \"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\"\n    }}\n  ],\n  \
             \"filters\": {{\n    \"aggregate\": \"mean\",\n    \"level\": \"state\"\n  }}\n}}\n"
        );
        assert_eq!(text, expected);
    }
}
