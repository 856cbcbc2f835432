//! Writing scenario files: one edit as a flow-style YAML item, a new file, and appending an edit
//! to a file's `edits:` list without touching any other byte.

use serde::Serialize;
use serde_saphyr::{FlowMap, FlowSeq};

use super::edit::{Edit, Provenance, TieRef};
use super::file::{SCENARIO_VERSION, ScenarioHeader, parse_str};
use crate::load::write::{self, PointOut, point_out};
use crate::model::{Date, Ends, Interpolation};

#[derive(Serialize)]
struct TieOut<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    between: Option<FlowSeq<[&'a str; 2]>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    from: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    to: Option<&'a str>,
    kind: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    weight: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    delta: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    interpolation: Option<Interpolation>,
    #[serde(skip_serializing_if = "Option::is_none")]
    event: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    sources: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    confidence: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    series: Option<Vec<PointOut<'a>>>,
}

impl<'a> TieOut<'a> {
    fn of(tie: &'a TieRef) -> TieOut<'a> {
        TieOut::ends(&tie.ends, &tie.kind)
    }

    fn ends(ends: &'a Ends, kind: &'a str) -> TieOut<'a> {
        let (between, from, to) = match ends {
            Ends::Mutual(a, b) => (Some(FlowSeq([a.as_str(), b.as_str()])), None, None),
            Ends::Directed { from, to } => (None, Some(from.as_str()), Some(to.as_str())),
        };
        TieOut {
            between,
            from,
            to,
            kind,
            date: None,
            weight: None,
            delta: None,
            interpolation: None,
            event: None,
            sources: Vec::new(),
            note: None,
            confidence: None,
            series: None,
        }
    }

    fn why(mut self, why: &'a Provenance) -> TieOut<'a> {
        self.event = why.event.as_deref();
        self.sources = why.sources.iter().map(crate::model::Name::as_str).collect();
        self.note = why.note.as_deref();
        self.confidence = why.confidence;
        self
    }
}

/// A post, with the person who takes it in `add_post`.
#[derive(Serialize)]
struct PostOut<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    actor: Option<&'a str>,
    #[serde(flatten)]
    post: write::PostOut<'a>,
}

/// An actor or event as a graph file writes it, with its id first (a graph file writes the id as
/// the key of its entry).
#[derive(Serialize)]
struct WithId<'a, T: Serialize> {
    id: &'a str,
    #[serde(flatten)]
    value: T,
}

#[derive(Serialize)]
struct IdOut<'a> {
    id: &'a str,
}

#[derive(Serialize)]
struct EndPostOut<'a> {
    actor: &'a str,
    date: Date,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
}

/// A `part_of` period, with the collective that enters it.
#[derive(Serialize)]
struct PartOfOut<'a> {
    actor: &'a str,
    #[serde(flatten)]
    membership: write::MembershipOut<'a>,
}

#[derive(Serialize)]
struct EndPartOfOut<'a> {
    actor: &'a str,
    of: &'a str,
    date: Date,
}

#[derive(Serialize)]
struct AliasOut<'a> {
    actor: &'a str,
    alias: &'a str,
}

#[derive(Serialize)]
struct AttributeOut<'a> {
    actor: &'a str,
    name: &'a str,
    value: &'a crate::model::Attribute,
}

/// One edit as the file writes it: a map with the edit's name as its one key.
#[derive(Serialize)]
#[serde(rename_all = "snake_case")]
enum EditOut<'a> {
    Set(FlowMap<TieOut<'a>>),
    Shift(FlowMap<TieOut<'a>>),
    End(FlowMap<TieOut<'a>>),
    AddActor(FlowMap<WithId<'a, write::ActorOut<'a, write::PostOut<'a>>>>),
    RemoveActor(FlowMap<IdOut<'a>>),
    AddRelation(FlowMap<TieOut<'a>>),
    RemoveRelation(FlowMap<TieOut<'a>>),
    AddPost(FlowMap<PostOut<'a>>),
    EndPost(FlowMap<EndPostOut<'a>>),
    AddPartOf(FlowMap<PartOfOut<'a>>),
    EndPartOf(FlowMap<EndPartOfOut<'a>>),
    AddAlias(FlowMap<AliasOut<'a>>),
    SetAttribute(FlowMap<AttributeOut<'a>>),
    AddEvent(FlowMap<WithId<'a, write::EventOut<'a>>>),
}

fn edit_out(edit: &Edit) -> EditOut<'_> {
    let dated = |tie, date, why| TieOut {
        date: Some(date),
        ..TieOut::of(tie).why(why)
    };
    match edit {
        Edit::Set {
            tie,
            date,
            weight,
            why,
        } => EditOut::Set(FlowMap(TieOut {
            weight: Some(*weight),
            ..dated(tie, *date, why)
        })),
        Edit::Shift {
            tie,
            date,
            delta,
            why,
        } => EditOut::Shift(FlowMap(TieOut {
            delta: Some(*delta),
            ..dated(tie, *date, why)
        })),
        Edit::End { tie, date, why } => EditOut::End(FlowMap(dated(tie, *date, why))),
        Edit::AddActor(actor) => EditOut::AddActor(FlowMap(WithId {
            id: &actor.id,
            value: write::actor_out(actor, write::post_out),
        })),
        Edit::RemoveActor { id } => EditOut::RemoveActor(FlowMap(IdOut { id })),
        Edit::AddRelation(r) => EditOut::AddRelation(FlowMap(TieOut {
            interpolation: r.interpolation,
            note: r.note.as_deref(),
            series: Some(r.series.iter().map(point_out).collect()),
            ..TieOut::ends(&r.ends, &r.kind)
        })),
        Edit::RemoveRelation { tie } => EditOut::RemoveRelation(FlowMap(TieOut::of(tie))),
        Edit::AddPost { actor, post } => EditOut::AddPost(FlowMap(PostOut {
            actor: Some(actor),
            post: write::post_out(post),
        })),
        Edit::EndPost { actor, date, title } => EditOut::EndPost(FlowMap(EndPostOut {
            actor,
            date: *date,
            title: title.as_deref(),
        })),
        Edit::AddPartOf { actor, membership } => EditOut::AddPartOf(FlowMap(PartOfOut {
            actor,
            membership: write::membership_out(membership),
        })),
        Edit::EndPartOf { actor, of, date } => EditOut::EndPartOf(FlowMap(EndPartOfOut {
            actor,
            of,
            date: *date,
        })),
        Edit::AddAlias { actor, alias } => EditOut::AddAlias(FlowMap(AliasOut { actor, alias })),
        Edit::SetAttribute { actor, name, value } => {
            EditOut::SetAttribute(FlowMap(AttributeOut { actor, name, value }))
        }
        Edit::AddEvent { id, event } => EditOut::AddEvent(FlowMap(WithId {
            id,
            value: write::event_out(event),
        })),
    }
}

/// Why an edit could not be written.
#[derive(Debug, thiserror::Error)]
pub enum AppendError {
    /// The serializer failed.
    #[error("cannot write the edit as YAML: {0}")]
    Serialize(String),
    /// `edits:` is written as a non-empty flow list (`edits: [...]`), which cannot be appended to
    /// without rewriting it.
    #[error(
        "line {0}: `edits:` is written as a flow list `[...]`; write it as a block list (one `- ` item per line) to add edits"
    )]
    FlowList(usize),
    /// The text with the edit appended does not read back as the same scenario plus the edit.
    #[error("appending the edit would not give a valid scenario: {0}")]
    Check(String),
}

/// The edit as the one line (in flow style) that follows `- ` in a file's `edits:` list, e.g.
/// `set: {between: [USA, BLR], kind: diplomatic, date: 2025-09, weight: 0.2}`.
pub fn edit_to_yaml(edit: &Edit) -> Result<String, AppendError> {
    let text = serde_saphyr::to_string(&edit_out(edit))
        .map_err(|e| AppendError::Serialize(e.to_string()))?;
    Ok(text.trim_end().to_string())
}

/// A new scenario file: the header and an empty `edits:` list, with a comment on how to add edits.
pub fn new_scenario_yaml(header: &ScenarioHeader) -> Result<String, AppendError> {
    #[derive(Serialize)]
    struct HeaderOut<'a> {
        #[serde(rename = "detente-scenario")]
        version: u64,
        #[serde(skip_serializing_if = "Option::is_none")]
        title: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        description: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        assumes: Option<&'a str>,
        base: &'a str,
    }
    let head = serde_saphyr::to_string(&HeaderOut {
        version: SCENARIO_VERSION,
        title: header.title.as_deref(),
        description: header.description.as_deref(),
        assumes: header.assumes.as_deref(),
        base: &header.base,
    })
    .map_err(|e| AppendError::Serialize(e.to_string()))?;
    Ok(format!(
        "# A detente scenario: a base graph and edits applied to it (see docs/scenarios.md).\n\
         # Add edits by hand or with `detente scenario add FILE <edit> ...`.\n\
         {head}edits: []\n"
    ))
}

/// `text` (a scenario file) with `edit` appended to its `edits:` list, every other byte kept.
///
/// The edit is serialised in flow style and inserted after the last item of `edits:`, with that
/// list's indentation; `edits: []` becomes a block list and a missing `edits:` is added at the end.
/// The result is read back and must give the same edits plus the new one.
///
/// ```
/// use detente::scenario::{Edit, append_edit};
/// let text = "detente-scenario: 1\nbase: g.yaml\nedits:\n  # who goes\n  - remove_actor: {id: kellogg}\n";
/// let out = append_edit(text, &Edit::RemoveActor { id: "EU".into() })?;
/// assert_eq!(out, format!("{text}  - remove_actor: {{id: EU}}\n"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn append_edit(text: &str, edit: &Edit) -> Result<String, AppendError> {
    let item = edit_to_yaml(edit)?;
    let appended = insert_item(text, &item)?;
    let check = |t: &str| parse_str(t, "scenario").map(|f| f.edits);
    let before = check(text).map_err(|d| AppendError::Check(d.to_string()))?;
    let after = check(&appended).map_err(|d| AppendError::Check(d.to_string()))?;
    if after.len() != before.len() + 1 || after[..before.len()] != before[..] {
        return Err(AppendError::Check(
            "the existing edits would change".to_string(),
        ));
    }
    if after.last() != Some(edit) {
        return Err(AppendError::Check(format!(
            "the edit reads back differently: {item}"
        )));
    }
    Ok(appended)
}

/// Whether `line` is the top-level key `key:`.
fn is_key(line: &str, key: &str) -> bool {
    line.strip_prefix(key)
        .and_then(|rest| rest.strip_prefix(':'))
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t', '\r', '\n']))
}

/// Splits a line's value from a trailing `# comment`.
fn value_and_comment(rest: &str) -> (&str, &str) {
    let bytes = rest.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'#' && (i == 0 || bytes[i - 1] == b' ' || bytes[i - 1] == b'\t') {
            return (rest[..i].trim(), rest[i..].trim_end());
        }
    }
    (rest.trim(), "")
}

fn indent(item: &str, spaces: usize) -> String {
    let pad = " ".repeat(spaces);
    let mut out = String::new();
    for (i, line) in item.lines().enumerate() {
        if i == 0 {
            out.push_str(&format!("{pad}- {line}\n"));
        } else {
            out.push_str(&format!("{pad}  {line}\n"));
        }
    }
    out
}

fn insert_item(text: &str, item: &str) -> Result<String, AppendError> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let Some(key) = lines.iter().position(|l| is_key(l, "edits")) else {
        let mut out = text.to_string();
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        out.push_str("edits:\n");
        out.push_str(&indent(item, 2));
        return Ok(out);
    };
    let (value, comment) = value_and_comment(&lines[key]["edits:".len()..]);
    let mut out: String = lines[..key].concat();
    if value == "[]" {
        out.push_str("edits:");
        if !comment.is_empty() {
            out.push(' ');
            out.push_str(comment);
        }
        out.push('\n');
        out.push_str(&indent(item, 2));
        out.push_str(&lines[key + 1..].concat());
        return Ok(out);
    }
    if !value.is_empty() {
        return Err(AppendError::FlowList(key + 1));
    }
    // The block list runs until the next line that starts in column 0 and is not a list item,
    // a comment or blank.
    let end = (key + 1..lines.len())
        .find(|&i| {
            let l = lines[i];
            let starts = l.chars().next();
            !matches!(starts, None | Some(' ' | '\t' | '\r' | '\n' | '#' | '-'))
                || l.starts_with("---")
        })
        .unwrap_or(lines.len());
    let is_content = |l: &str| {
        let t = l.trim_start();
        !t.is_empty() && !t.starts_with('#')
    };
    let spaces = (key + 1..end)
        .map(|i| lines[i])
        .find(|l| {
            let t = l.trim_start();
            t.starts_with("- ") || t.trim_end() == "-"
        })
        .map_or(2, |l| l.len() - l.trim_start().len());
    let last = (key + 1..end)
        .rev()
        .find(|&i| is_content(lines[i]))
        .unwrap_or(key);
    out.push_str(&lines[key..=last].concat());
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(&indent(item, spaces));
    out.push_str(&lines[last + 1..].concat());
    Ok(out)
}
