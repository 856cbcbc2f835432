//! The `show` views of a snapshot: a readable table and JSON with the fields docs/format.md and the
//! README document.

use std::collections::BTreeMap;

use serde::Serialize;

use super::Origin;
use super::table::{Align, printable, table};
use crate::model::Attribute;
use crate::render::format;
use crate::snapshot::Snapshot;

/// An actor as `show --format json` prints it.
#[derive(Debug, Serialize)]
pub(crate) struct ActorView<'a> {
    /// The actor's id.
    pub id: &'a str,
    /// The display name.
    pub name: &'a str,
    /// `state`, `organisation` or `person`.
    pub kind: &'a str,
    /// For a person in office: the state they serve and their post.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub post: Option<PostView<'a>>,
    /// For a person in office: every post held on the date, in file order, the primary one
    /// among them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub posts: Vec<HeldPostView<'a>>,
    /// The actor's free attributes, as the file gives them.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: &'a BTreeMap<String, Attribute>,
}

/// A post held on the date.
#[derive(Debug, Serialize)]
pub(crate) struct HeldPostView<'a> {
    /// The state or organisation.
    pub of: &'a str,
    /// The post's title.
    pub title: &'a str,
    /// Its first day, when known.
    pub from: Option<String>,
    /// Its first day out of office, when it ends.
    pub until: Option<String>,
    /// The sources that report it.
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    pub sources: &'a [String],
    /// Its note.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<&'a str>,
}

/// Where a person stands on the date.
#[derive(Debug, Serialize)]
pub(crate) struct PostView<'a> {
    /// The state or organisation.
    pub of: &'a str,
    /// The post's title.
    pub title: &'a str,
}

/// A tie as `show --format json` prints it.
#[derive(Debug, Serialize)]
pub(crate) struct TieView<'a> {
    /// The canonical key `FROM|TO|KIND`, for joining outputs.
    pub tie: String,
    /// The first end (the source of a directed tie).
    pub from: &'a str,
    /// The second end.
    pub to: &'a str,
    /// The relation's kind.
    pub kind: &'a str,
    /// Whether the tie has a direction.
    pub directed: bool,
    /// The weight on the date, in the file's scale.
    pub weight: f64,
}

/// The whole `show --format json` document.
#[derive(Debug, Serialize)]
pub(crate) struct SnapshotView<'a> {
    /// The date, as given.
    pub date: String,
    /// The graph's title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<&'a str>,
    /// Every actor, in id order.
    pub actors: Vec<ActorView<'a>>,
    /// Every tie that exists on the date, in key order.
    pub ties: Vec<TieView<'a>>,
}

/// The serialisable view of `snapshot`.
pub(crate) fn view(snapshot: &Snapshot) -> SnapshotView<'_> {
    SnapshotView {
        date: snapshot.date.to_string(),
        title: snapshot.title.as_deref(),
        actors: snapshot
            .actors()
            .map(|a| ActorView {
                id: &a.id,
                name: &a.name,
                kind: a.kind.as_str(),
                post: a.placement.as_ref().map(|p| PostView {
                    of: &p.of,
                    title: &p.title,
                }),
                posts: a
                    .posts
                    .iter()
                    .map(|p| HeldPostView {
                        of: &p.of,
                        title: &p.title,
                        from: p.from.map(|d| d.to_string()),
                        until: p.until.map(|d| d.to_string()),
                        sources: &p.sources,
                        note: p.note.as_deref(),
                    })
                    .collect(),
                attributes: &a.attributes,
            })
            .collect(),
        ties: snapshot
            .ties()
            .into_iter()
            .map(|(_, _, t)| TieView {
                tie: t.key.tie(),
                from: &t.key.from,
                to: &t.key.to,
                kind: &t.key.kind,
                directed: t.key.directed,
                weight: format::weight(t.weight),
            })
            .collect(),
    }
}

/// `show --format json`: pretty-printed, with how it was made, ending with a newline.
pub fn json(snapshot: &Snapshot, origin: &Origin) -> String {
    super::origin::json(&view(snapshot), origin)
}

/// `show --format text`: a heading, the actors, then the ties.
pub fn text(snapshot: &Snapshot) -> String {
    let mut out = String::new();
    match &snapshot.title {
        Some(title) => out.push_str(&format!(
            "{} — as of {}\n\n",
            printable(title),
            snapshot.date
        )),
        None => out.push_str(&format!("As of {}\n\n", snapshot.date)),
    }
    let actors: Vec<Vec<String>> = snapshot
        .actors()
        .map(|a| {
            // The primary post first, then the others held on the date.
            let primary = a.placement.as_ref();
            let post = primary
                .into_iter()
                .map(|p| (p.title.as_str(), p.of.as_str()))
                .chain(
                    a.posts
                        .iter()
                        .filter(|p| primary.is_none_or(|q| q.of != p.of || q.title != p.title))
                        .map(|p| (p.title.as_str(), p.of.as_str())),
                )
                .map(|(title, of)| format!("{}, {}", printable(title), printable(of)))
                .collect::<Vec<_>>()
                .join("; ");
            vec![
                printable(&a.id),
                printable(&a.name),
                a.kind.as_str().to_string(),
                post,
            ]
        })
        .collect();
    out.push_str(&format!("Actors ({})\n", actors.len()));
    out.push_str(&table(
        &["id", "name", "kind", "post"],
        &[Align::Left; 4],
        &actors,
    ));
    let ties: Vec<Vec<String>> = snapshot
        .ties()
        .into_iter()
        .map(|(_, _, t)| {
            let arrow = if t.key.directed { "->" } else { "--" };
            vec![
                format!(
                    "{} {arrow} {}",
                    printable(&t.key.from),
                    printable(&t.key.to)
                ),
                printable(&t.key.kind),
                format::signed(t.weight),
            ]
        })
        .collect();
    out.push_str(&format!("\nTies ({})\n", ties.len()));
    if ties.is_empty() {
        out.push_str("(none on this date)\n");
    } else {
        out.push_str(&table(
            &["tie", "kind", "weight"],
            &[Align::Left, Align::Left, Align::Right],
            &ties,
        ));
    }
    out
}
