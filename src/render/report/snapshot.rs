//! The `show` views of a snapshot: a readable table and JSON with the fields docs/format.md and the
//! README document; given the graph's points ([`Cited`]), each tie's `since` and, with
//! `--sources`, the point in force with its event and sources.

use std::collections::BTreeMap;

use serde::Serialize;

use super::Origin;
use super::cited::{PointView, point_details, point_view, value};
use super::origin::{ELEMENTS_PER_RUN, KeyText};
use super::table::{Align, flush_full, printable, table, write_table};
use crate::explain::{CitedPoint, Citer};
use crate::model::{Attribute, Certainty};
use crate::model::{Date, Id};
use crate::render::escape::terminal;
use crate::render::format;
use crate::snapshot::{ActorNode, Snapshot, Tie};

/// What `show` says about where each tie's value comes from.
#[derive(Debug, Clone, Copy)]
pub struct Cited<'c, 'g> {
    /// The graph the snapshot was taken of (or the scenario's result), to find each tie's points.
    pub citer: &'c Citer<'g>,
    /// Whether to list the point in force with its event and sources (`show --sources`);
    /// otherwise only its date (`since` in JSON).
    pub sources: bool,
}

impl Cited<'_, '_> {
    /// The tie's point in force, and the tie's confidence on the date (which under linear
    /// interpolation also reads the next point).
    fn point(&self, date: Date, tie: &Tie) -> Option<InForce> {
        self.citer.tie_in_force_and_confidence(tie, date)
    }
}

/// A tie's point in force, and the tie's confidence on the date.
type InForce = (CitedPoint, Option<f64>);

/// An actor as `show --format json` prints it.
#[derive(Debug, Serialize)]
pub(crate) struct ActorView<'a> {
    /// The actor's id.
    pub id: &'a str,
    /// The display name.
    pub name: &'a str,
    /// `state`, `organisation`, `person`, or an open collective kind (`group`).
    pub kind: &'a str,
    /// For a person in office: the state they serve and their post.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub post: Option<PostView<'a>>,
    /// For a person in office: every post held on the date, in file order, the primary one
    /// among them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub posts: Vec<HeldPostView<'a>>,
    /// For a collective part of another on the date: that one's id (absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part_of: Option<&'a str>,
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
    /// `approximate` or `unknown` when the start is (absent when exact).
    #[serde(skip_serializing_if = "Certainty::is_exact")]
    pub from_certainty: Certainty,
    /// `approximate` or `unknown` when the end is (absent when exact).
    #[serde(skip_serializing_if = "Certainty::is_exact")]
    pub until_certainty: Certainty,
    /// The sources that report it.
    #[serde(skip_serializing_if = "<[Id]>::is_empty")]
    pub sources: &'a [Id],
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
    pub tie: KeyText<'a>,
    /// The first end (the source of a directed tie).
    pub from: &'a str,
    /// The second end.
    pub to: &'a str,
    /// The relation's kind.
    pub kind: &'a str,
    /// Whether the tie has a direction.
    pub directed: bool,
    /// The date of the point in force (given the graph's points).
    // Before `weight`, which scripts and tests read as the last field of a plain tie.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<Date>,
    /// The weight on the date, in the file's scale.
    pub weight: f64,
    /// How sure the weight is (the point in force's `confidence`; under linear interpolation,
    /// the lower of the two points'), when stated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
    /// The point in force's `range`, when it gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub range: Option<[f64; 2]>,
    /// With `--sources`: the point in force, with its event and sources.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub point: Option<PointView<'a>>,
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
    pub ties: TiesView<'a>,
}

/// Every tie of a snapshot as JSON, each tie's view made as it is written rather than all
/// collected first (a large snapshot has a million).
pub(crate) struct TiesView<'a> {
    ties: Vec<(&'a ActorNode, &'a ActorNode, &'a Tie)>,
    date: Date,
    cited: Option<Cited<'a, 'a>>,
}

impl TiesView<'_> {
    /// The `i`th tie, with its point in force found now when the snapshot is cited.
    fn serialize_tie<S: serde::Serializer>(
        &self,
        i: usize,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        self.serialize_tie_in_force(i, self.in_force(i).as_ref(), serializer)
    }

    /// The `i`th tie's point in force: `None` when the snapshot is not cited.
    fn in_force(&self, i: usize) -> Option<Option<InForce>> {
        let (_, _, t) = self.ties[i];
        self.cited.map(|c| c.point(self.date, t))
    }

    /// The `i`th tie, given its [`TiesView::in_force`].
    fn serialize_tie_in_force<S: serde::Serializer>(
        &self,
        i: usize,
        in_force: Option<&Option<InForce>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        let (_, _, t) = self.ties[i];
        let sources = self.cited.is_some_and(|c| c.sources);
        tie_view(t, in_force, sources).serialize(serializer)
    }
}

/// The `i`th tie of a [`TiesView`], as an element of its list.
struct TieAt<'v, 'a>(&'v TiesView<'a>, usize);

impl Serialize for TieAt<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize_tie(self.1, serializer)
    }
}

impl Serialize for TiesView<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq((0..self.ties.len()).map(|i| TieAt(self, i)))
    }
}

/// A tie's view, given its point in force when the snapshot is cited (`in_force`: `None` when
/// not, `Some(None)` when the tie has no point in force) and whether to show that point.
fn tie_view<'a>(t: &'a Tie, in_force: Option<&'a Option<InForce>>, sources: bool) -> TieView<'a> {
    let in_force = in_force.and_then(Option::as_ref);
    let point = in_force.map(|(p, _)| p);
    TieView {
        tie: KeyText(&t.key),
        from: t.key.from.as_str(),
        to: t.key.to.as_str(),
        kind: t.key.kind.as_str(),
        directed: t.key.directed,
        since: point.map(|p| p.date),
        weight: format::weight(t.weight),
        confidence: in_force.and_then(|(_, c)| *c).map(format::weight),
        range: point.and_then(|p| p.range).map(|r| r.map(format::weight)),
        point: point.filter(|_| sources).map(|p| point_view(p, true)),
    }
}

impl std::fmt::Debug for TiesView<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "TiesView({} ties)", self.ties.len())
    }
}

/// The serialisable view of `snapshot`, with each tie's point in force when `cited`.
pub(crate) fn view<'a>(snapshot: &'a Snapshot, cited: Option<Cited<'a, 'a>>) -> SnapshotView<'a> {
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
                        from_certainty: p.from_certainty,
                        until_certainty: p.until_certainty,
                        sources: &p.sources,
                        note: p.note.as_deref(),
                    })
                    .collect(),
                part_of: a.part_of.as_deref(),
                attributes: &a.attributes,
            })
            .collect(),
        ties: TiesView {
            ties: snapshot.ties(),
            date: snapshot.date,
            cited,
        },
    }
}

/// Each tie's point in force, in [`Snapshot::ties`] order.
fn points_in_force(snapshot: &Snapshot, cited: Option<Cited>) -> Vec<Option<InForce>> {
    let Some(cited) = cited else {
        return Vec::new();
    };
    snapshot
        .ties()
        .into_iter()
        .map(|(_, _, t)| cited.point(snapshot.date, t))
        .collect()
}

/// `show --format json`: pretty-printed, with how it was made, ending with a newline.
pub fn json(snapshot: &Snapshot, origin: &Origin) -> String {
    json_cited(snapshot, None, origin)
}

/// `show --format json` with each tie's `since` and, when `cited.sources`, its point in force
/// (`point`: `{"date", "weight", "end", "note", "in_force", "event", "sources"}`).
pub fn json_cited(snapshot: &Snapshot, cited: Option<Cited>, origin: &Origin) -> String {
    let mut bytes = Vec::new();
    // Into memory: writing cannot fail.
    let _ = write_json_cited(snapshot, cited, origin, &mut bytes);
    String::from_utf8(bytes).unwrap_or_default()
}

/// [`json_cited`] written to `out` as it is serialised (give a buffered writer). Fails only
/// when `out` does.
pub fn write_json_cited(
    snapshot: &Snapshot,
    cited: Option<Cited>,
    origin: &Origin,
    out: impl std::io::Write,
) -> std::io::Result<()> {
    let mut view = view(snapshot, cited);
    if view.ties.ties.len() <= ELEMENTS_PER_RUN {
        return super::origin::write_json(&view, origin, out);
    }
    // A large snapshot's ties are written apart from the rest, on all cores.
    let ties = TiesView {
        ties: std::mem::take(&mut view.ties.ties),
        ..view.ties
    };
    super::origin::write_json_listing(
        &view,
        origin,
        "ties",
        ties.ties.len(),
        |i, serializer| {
            if let Some(cited) = ties.cited {
                cited.citer.prefetch_at(&ties.ties, i, |t| t.2);
            }
            ties.serialize_tie(i, serializer)
        },
        out,
    )
}

/// `show --format text`: a heading, the actors, then the ties.
pub fn text(snapshot: &Snapshot) -> String {
    text_cited(snapshot, None)
}

/// `show --format text`; with `cited.sources`, each tie's point in force with its event, note and
/// sources under the table.
pub fn text_cited(snapshot: &Snapshot, cited: Option<Cited>) -> String {
    let mut out = Vec::new();
    // Writing into a vector cannot fail, and only text is written.
    let _ = write_text_cited(snapshot, cited, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// [`text_cited`] written to `out` as it is made: the ties' table a line at a time (at a million
/// ties, it was built whole, as a text of every cell, before the first byte was written).
pub fn write_text_cited(
    snapshot: &Snapshot,
    cited: Option<Cited>,
    mut out: impl std::io::Write,
) -> std::io::Result<()> {
    let mut text = String::new();
    match &snapshot.title {
        Some(title) => text.push_str(&format!(
            "{} — as of {}\n\n",
            printable(title),
            snapshot.date
        )),
        None => text.push_str(&format!("As of {}\n\n", snapshot.date)),
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
                .chain(
                    a.part_of
                        .iter()
                        .map(|of| format!("part of {}", printable(of))),
                )
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
    text.push_str(&format!("Actors ({})\n", actors.len()));
    text.push_str(&table(
        &["id", "name", "kind", "post"],
        &[Align::Left; 4],
        &actors,
    ));
    let ties = snapshot.ties();
    text.push_str(&format!("\nTies ({})\n", ties.len()));
    if ties.is_empty() {
        text.push_str("(none on this date)\n");
    } else {
        // Each row into the same three strings, allocating nothing once they are long enough.
        let mut cells: [String; 3] = Default::default();
        let header = ["tie", "kind", "weight"];
        let align = [Align::Left, Align::Left, Align::Right];
        write_table(&mut text, &mut out, &header, &align, |row| {
            for (_, _, t) in &ties {
                let arrow = if t.key.directed { " -> " } else { " -- " };
                cells.iter_mut().for_each(String::clear);
                for piece in [terminal(&t.key.from), arrow.into(), terminal(&t.key.to)] {
                    cells[0].push_str(&piece);
                }
                cells[1].push_str(&terminal(&t.key.kind));
                format::push_two_decimals(&mut cells[2], t.weight, true);
                row(&cells);
            }
        })?;
    }
    if cited.is_some_and(|c| c.sources) {
        let points = points_in_force(snapshot, cited);
        text.push_str("\nSources (the point in force of each tie)\n");
        for ((_, _, t), point) in ties.iter().zip(&points) {
            text.push_str(&format!("\n{}\n", printable(&t.key.to_string())));
            if let Some((p, _)) = point {
                text.push_str(&format!("  {}  {}\n", p.date, value(p)));
                text.push_str(&point_details(p, "    "));
            }
            flush_full(&mut text, &mut out)?;
        }
    }
    out.write_all(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{Spec, generate};

    #[test]
    fn the_ties_table_written_a_line_at_a_time_is_the_table_built_whole() {
        let model = generate(&Spec::sized(300, 3_000, 3));
        let snapshot = Snapshot::at(&model, "2012".parse().expect("a date"));
        let citer = Citer::new(&model);
        let cited = Some(Cited {
            citer: &citer,
            sources: true,
        });
        let mut written = Vec::new();
        write_text_cited(&snapshot, cited, &mut written).expect("written");
        let written = String::from_utf8(written).expect("text");
        // Every tie's cells made as strings first, then laid out at once.
        let rows: Vec<Vec<String>> = (snapshot.ties().into_iter())
            .map(|(_, _, t)| {
                let arrow = if t.key.directed { "->" } else { "--" };
                let ends = format!("{} {arrow} {}", t.key.from, t.key.to);
                vec![ends, t.key.kind.to_string(), format::signed(t.weight)]
            })
            .collect();
        let align = [Align::Left, Align::Left, Align::Right];
        let whole = table(&["tie", "kind", "weight"], &align, &rows);
        let expected = format!("\nTies ({})\n{whole}\nSources", rows.len());
        assert!(expected.len() > 1 << 16, "{} bytes", expected.len());
        assert_eq!(written.matches(&expected).count(), 1);
        assert_eq!(written.matches("\nTies (").count(), 1);
        // Each tie's point in force follows, once.
        let sources = &written[written.find("\nSources (").expect("the sources")..];
        assert_eq!(sources.matches("\n  20").count(), rows.len());
        assert_eq!(text_cited(&snapshot, cited), written);
    }

    #[test]
    fn ties_written_in_runs_on_several_threads_are_the_documents_bytes() {
        // Enough ties for several runs, each finding its own ties' points in force; a title and
        // an attribute that hold the text the writer splits the document at.
        let mut model = generate(&Spec::sized(300, 3 * ELEMENTS_PER_RUN + 7, 3));
        model.title = Some("\n  \"ties\": []".into());
        let first = model.actors.keys().next().cloned().expect("an actor");
        model
            .actors
            .get_mut(&first)
            .expect("the actor")
            .attributes
            .insert(
                "ties".into(),
                crate::model::Attribute::Text("\n  \"ties\": []".into()),
            );
        let snapshot = Snapshot::at(&model, "2012".parse().expect("a date"));
        assert!(snapshot.graph.edge_count() > 2 * ELEMENTS_PER_RUN);
        let citer = Citer::new(&model);
        let origin = Origin::new(Vec::new()).filter("level", "state");
        for cited in [
            None,
            Some(Cited {
                citer: &citer,
                sources: false,
            }),
            Some(Cited {
                citer: &citer,
                sources: true,
            }),
        ] {
            let whole = super::super::origin::json(&view(&snapshot, cited), &origin);
            assert_eq!(json_cited(&snapshot, cited, &origin), whole);
        }
    }
}
