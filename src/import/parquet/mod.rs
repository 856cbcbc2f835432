//! Parquet in: the columnar graph (`G.parquet/`, every table `export --format parquet` writes)
//! and the long relations table alone (the columns of the long CSV, from pandas, DuckDB or
//! Spark), each read into a checked [`Graph`]. docs/format.md describes the tables.
//!
//! Only the columns a table is read for are decoded. Ids and kinds, repeated on every row of a
//! points table, are interned while reading, so that each distinct one is held once until the
//! relations are built.

mod columns;
mod dictionary;
mod relocate;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use columns::{Numbers, Problem, Table, at_row};

use super::csv::{Column, Options};
use super::{Imported, checked_vouched};
use crate::export::parquet::{GRAPH_KEY, TABLES};
use crate::load::{Diagnostic, Diagnostics, Files, InputFile, LoadError};
use crate::model::{
    Actor, ActorKind, Attribute, Certainty, DEFAULT_KIND, Date, Ends, Event, Graph, Id,
    Interpolation, Membership, Name, Point, PointDetail, PointValue, Post, Relation, Scale, Source,
};

/// Whether `path` is a columnar graph: a directory holding `actors.parquet`.
pub fn is_graph_dir(path: &Path) -> bool {
    path.is_dir() && path.join(TABLES[0]).is_file()
}

/// Reads the columnar graph in the directory `dir` through `files`, with every table read (and
/// its sha256). `actors.parquet` and `points.parquet` are required; a missing other table is
/// read as empty.
///
/// Errors: a table that is not Parquet, a missing column, a column of the wrong type, a bad
/// cell (named by table, row and column), and whatever a graph file could get wrong.
pub fn read_graph_dir(dir: &Path, files: &dyn Files) -> Result<(Graph, Vec<InputFile>), LoadError> {
    let mut read = Vec::new();
    let mut tables: BTreeMap<&str, Table> = BTreeMap::new();
    for (i, name) in TABLES.iter().enumerate() {
        let path = dir.join(name);
        let shown = files.name(&path);
        match files.read(&path) {
            Ok(bytes) => {
                // Shared, not copied: the table reads the bytes and the digest is made of them.
                let bytes = bytes::Bytes::from(bytes);
                read.push((shown.clone(), bytes.clone()));
                tables.insert(name, Table::open(&shown, bytes)?);
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if i == 0 || *name == "points.parquet" {
                    return Err(missing_table(&shown));
                }
            }
            Err(source) => {
                return Err(LoadError::Io {
                    path: shown,
                    source,
                });
            }
        }
    }
    let table = |name: &str| tables.get(name);
    let actors_table = table("actors.parquet")
        .ok_or_else(|| missing_table(&files.name(&dir.join("actors.parquet"))))?;
    let points = table("points.parquet")
        .ok_or_else(|| missing_table(&files.name(&dir.join("points.parquet"))))?;
    // The files' digests, the outline and the points are made side by side, on all cores, and
    // the outline (actors, events, sources) is checked as the points are read. A problem with
    // the actors is reported before one with the points, and one with the events or sources
    // after, as if read in turn.
    let (inputs, (outline, relations)) = rayon::join(
        || {
            read.iter()
                .map(|(shown, bytes)| InputFile::new(shown.as_str(), bytes))
                .collect::<Vec<_>>()
        },
        || {
            rayon::join(
                || -> Result<_, LoadError> {
                    let mut graph = header(actors_table)?;
                    graph.actors = actors(actors_table, ActorKind::State)?;
                    if let Some(t) = table("attributes.parquet") {
                        attributes(t, &mut graph.actors)?;
                    }
                    if let Some(t) = table("part_of.parquet") {
                        for (actor, m, row) in periods(t, false)? {
                            holder(t, &mut graph.actors, &actor, row)?
                                .part_of
                                .push(m.membership());
                        }
                    }
                    if let Some(t) = table("posts.parquet") {
                        for (actor, p, row) in periods(t, true)? {
                            holder(t, &mut graph.actors, &actor, row)?
                                .posts
                                .push(p.post());
                        }
                    }
                    let cited = cited(
                        &mut graph,
                        table("events.parquet"),
                        table("sources.parquet"),
                    );
                    let outline_ok = cited.is_ok() && crate::load::outline_ok(&graph);
                    Ok((graph, cited, outline_ok))
                },
                // The scale is the header's, read here too (it is cheap) so as not to wait.
                || relations(points, &Options::default(), header(actors_table)?.scale),
            )
        },
    );
    let (mut graph, cited, outline_ok) = outline?;
    let mut read = relations?;
    cited?;
    graph.actors = super::sharing_ids(std::mem::take(&mut graph.actors), &read.ends);
    graph.relations = std::mem::take(&mut read.relations);
    let vouched = crate::load::Vouched {
        outline_ok: Some(outline_ok),
        ends: &read.ends,
        cited: read.cited(),
    };
    crate::load::check_vouched(&graph, &vouched).map_err(|(found, narrowed)| {
        let dir = files.name(dir);
        let checked = narrowed.as_deref().unwrap_or(&graph);
        LoadError::Invalid(relocate::relocate(&dir, &tables, checked, found))
    })?;
    Ok((graph, inputs))
}

/// Reads the events and sources tables, when present, into `graph`.
fn cited(
    graph: &mut Graph,
    events_table: Option<&Table>,
    sources_table: Option<&Table>,
) -> Result<(), LoadError> {
    if let Some(t) = events_table {
        graph.events = events(t)?;
    }
    if let Some(t) = sources_table {
        graph.sources = sources(t)?;
    }
    Ok(())
}

/// Reads the long relations table `relations` (one row per point: the columns of the long CSV;
/// a directory is read as a whole columnar graph) and, if given, an actors table
/// (`id,name,kind,note,aliases`, any other column an attribute).
///
/// Actors that no actors table lists are created as in `import csv`, with a warning (or, with
/// `strict_actors`, an error); events and sources are declared from the ids the points name.
pub fn relations_table(
    relations_path: &Path,
    actors_path: Option<&Path>,
    options: &Options,
) -> Result<Imported, LoadError> {
    if is_graph_dir(relations_path) {
        let (graph, _) = read_graph_dir(relations_path, &crate::load::FileSystem)?;
        return Ok(Imported {
            graph,
            warnings: Vec::new(),
        });
    }
    let open = |path: &Path| {
        let name = path.display().to_string();
        let bytes = crate::load::read_input(path).map_err(|source| LoadError::Io {
            path: name.clone(),
            source,
        })?;
        Table::open(&name, bytes)
    };
    let table = open(relations_path)?;
    let known = actors_path
        .map(|p| open(p).and_then(|t| actors(&t, options.default_kind)))
        .transpose()?;
    let mut read = relations(&table, options, Scale::default())?;
    let ends = std::mem::take(&mut read.ends);
    let mut graph = Graph {
        relations: std::mem::take(&mut read.relations),
        ..Graph::default()
    };
    let mut warned = Vec::new();
    let unknown = |id: &str| !known.as_ref().is_some_and(|k| k.contains_key(id));
    // The ids the ties name that no actors table lists: created (in id order), or with
    // `strict_actors` refused.
    let mut missing: BTreeMap<Id, ()> = BTreeMap::new();
    let mut problems = Vec::new();
    if options.strict_actors && ends.iter().any(|id| unknown(id)) {
        // Reported in the order the ties first name them.
        let mut seen: HashSet<&str, foldhash::fast::RandomState> = HashSet::default();
        let named = graph
            .relations
            .iter()
            .flat_map(|r| {
                let (a, b) = r.ends.pair();
                [a, b]
            })
            .filter(|id| seen.insert(id));
        for id in named.filter(|id| unknown(id)) {
            let listed = known
                .iter()
                .flat_map(|k| k.values().map(|a| (a.id.as_str(), Some(a.name.as_str()))));
            let mut d = Diagnostic::new(None, format!("actor `{id}` is not in the actors table"));
            d.help = Some(match crate::load::did_you_mean(id, listed) {
                Some(g) => format!("did you mean {g}?"),
                None => "add it to the actors table, or drop --strict-actors".to_string(),
            });
            problems.push(d);
        }
    } else {
        // `ends` names each id once (the reader's own list, no hashing of the ties' texts).
        missing = ends
            .iter()
            .filter(|id| unknown(id))
            .map(|id| (id.clone(), ()))
            .collect();
    }
    if !problems.is_empty() {
        return Err(LoadError::Invalid(Diagnostics::new(
            table.name(),
            problems,
            None,
        )));
    }
    if !missing.is_empty() {
        warned.push(
            Diagnostic::new(
                None,
                format!(
                    "{} actors not in an actors table, created as {} named by their ids",
                    missing.len(),
                    options.default_kind.as_str()
                ),
            )
            .with_help("give --actors ACTORS.parquet (columns id,name,kind) for names and kinds"),
        );
    }
    graph.actors = known.unwrap_or_default();
    for id in missing.into_keys() {
        graph.actors.insert(
            id.clone(),
            Actor::new(id.clone(), id.as_str(), options.default_kind),
        );
    }
    declare_cited(&mut graph);
    super::put_in_order(&mut graph.relations, options.order);
    let warnings = if warned.is_empty() {
        Vec::new()
    } else {
        vec![Diagnostics::new(table.name(), warned, None)]
    };
    checked_vouched(graph, warnings, &ends, read.cited())
}

/// Declares the events and sources that points name, as `import csv` does: an event titled by
/// its id, on its first point's date, with the ends of the ties it moved; a source titled by its
/// id, with the id as its URL when it is one.
fn declare_cited(graph: &mut Graph) {
    for r in &graph.relations {
        let (a, b) = r.ends.pair();
        for p in &r.series {
            if let Some(event) = &p.event() {
                let e = graph
                    .events
                    .entry(Id::from(*event))
                    .or_insert_with(|| Event {
                        date: p.date,
                        title: event.to_string(),
                        actors: Vec::new(),
                        sources: Vec::new(),
                        description: None,
                    });
                for id in [a, b] {
                    if !e.actors.iter().any(|x| x == id) {
                        e.actors.push(id.into());
                    }
                }
            }
            for id in p.sources() {
                graph.sources.entry(id.clone()).or_insert_with(|| Source {
                    title: id.to_string(),
                    url: (id.starts_with("https://") || id.starts_with("http://"))
                        .then(|| id.to_string()),
                    ..Source::default()
                });
            }
        }
    }
}

fn missing_table(shown: &str) -> LoadError {
    LoadError::Io {
        path: shown.to_string(),
        source: std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "a columnar graph needs this table",
        ),
    }
}

/// The graph's own fields, from `actors.parquet`'s footer (the defaults when absent).
fn header(actors: &Table) -> Result<Graph, LoadError> {
    let Some(text) = actors.metadata(GRAPH_KEY) else {
        return Ok(Graph::default());
    };
    let name = format!("{} (footer `{GRAPH_KEY}`)", actors.name());
    crate::load::load_str(text, &name)
}

/// A required column, or an error saying it is missing.
fn required<T>(table: &Table, column: &str, got: Option<T>) -> Result<T, LoadError> {
    got.ok_or_else(|| {
        let mut d = Diagnostic::new(None, format!("the table has no `{column}` column"));
        let names = table.column_names();
        d.help = Some(
            match crate::load::did_you_mean(column, names.iter().map(|n| (n.as_str(), None))) {
                Some(g) => format!("did you mean {g}? the columns are {}", names.join(", ")),
                None => format!("the columns are {}", names.join(", ")),
            },
        );
        table.error(d)
    })
}

/// A column that may be absent: all nulls then.
fn or_nulls<T: Clone>(got: Option<Vec<Option<T>>>, rows: usize) -> Vec<Option<T>> {
    got.unwrap_or_else(|| vec![None; rows])
}

/// The id in the text cell `value` on `row`, or an error naming the empty cell.
fn id_cell(value: &Option<String>, row: usize, column: &str) -> Result<Id, Problem> {
    cell(value.as_deref(), row, column).map(Id::from)
}

/// A required cell: a problem when null.
fn cell<T>(value: Option<T>, row: usize, column: &str) -> Result<T, Problem> {
    value.ok_or_else(|| at_row(row, column, "is empty"))
}

/// The actors table: `id`, `name`, `kind`, `note`, `aliases`, and any other column as an
/// attribute (text, number or boolean, as the column's type).
fn actors(table: &Table, default_kind: ActorKind) -> Result<BTreeMap<Id, Actor>, LoadError> {
    let rows = table.rows();
    let ids = required(table, "id", table.texts("id")?)?;
    let names = or_nulls(table.texts("name")?, rows);
    let kinds = or_nulls(table.texts("kind")?, rows);
    let notes = or_nulls(table.texts("note")?, rows);
    let aliases = table
        .lists("aliases")?
        .unwrap_or_else(|| vec![Vec::new(); rows]);
    let mut actors = BTreeMap::new();
    // Each row's cells are taken, not copied (tens of thousands of actors).
    let rest = names
        .into_iter()
        .zip(kinds)
        .zip(notes.into_iter().zip(aliases));
    for (row, (id, ((name, kind), (note, aliases)))) in ids.iter().zip(rest).enumerate() {
        let id = id_cell(id, row, "id").map_err(|p| table.error(p))?;
        let kind = match kind {
            Some(k) if !k.trim().is_empty() => {
                ActorKind::parse(k.trim()).map_err(|e| table.error(at_row(row, "kind", e)))?
            }
            _ => default_kind,
        };
        let actor = Actor {
            name: name
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| id.to_string()),
            id: id.clone(),
            kind,
            posts: Vec::new(),
            note,
            aliases: aliases.iter().map(Id::to_string).collect(),
            attributes: BTreeMap::new(),
            part_of: Vec::new(),
        };
        if actors.insert(id.clone(), actor).is_some() {
            return Err(table.error(at_row(row, "id", format!("actor `{id}` is listed twice"))));
        }
    }
    let ours = ["id", "name", "kind", "note", "aliases"];
    for column in table.column_names() {
        if ours.contains(&column.as_str()) {
            continue;
        }
        let values = attribute_column(table, &column)?;
        for (row, value) in values.into_iter().enumerate() {
            if let (Some(value), Some(Some(id))) = (value, ids.get(row))
                && let Some(actor) = actors.get_mut(id.as_str())
            {
                actor.attributes.insert(column.clone(), value);
            }
        }
    }
    Ok(actors)
}

/// An attribute column of the actors table, typed by the column's type.
fn attribute_column(table: &Table, column: &str) -> Result<Vec<Option<Attribute>>, LoadError> {
    if let Ok(Some(b)) = table.bools(column) {
        return Ok(b.into_iter().map(|v| v.map(Attribute::Bool)).collect());
    }
    if let Ok(Some(n)) = table.numbers::<Vec<_>>(column) {
        return Ok(n.into_iter().map(|v| v.map(Attribute::Number)).collect());
    }
    let texts = table.texts(column)?.unwrap_or_default();
    Ok(texts.into_iter().map(|v| v.map(Attribute::Text)).collect())
}

/// `attributes.parquet`: `actor`, `name`, and one of `text`, `number`, `bool` per row.
fn attributes(table: &Table, actors: &mut BTreeMap<Id, Actor>) -> Result<(), LoadError> {
    let rows = table.rows();
    let owners = required(table, "actor", table.texts("actor")?)?;
    let names = required(table, "name", table.texts("name")?)?;
    let texts = or_nulls(table.texts("text")?, rows);
    let numbers = or_nulls(table.numbers("number")?, rows);
    let bools = or_nulls(table.bools("bool")?, rows);
    // Each row's cells are taken, not copied.
    let values = texts.into_iter().zip(numbers).zip(bools);
    for (row, ((owner, name), ((text, number), bool))) in
        owners.into_iter().zip(names).zip(values).enumerate()
    {
        let actor = cell(owner, row, "actor").map_err(|p| table.error(p))?;
        let name = cell(name, row, "name").map_err(|p| table.error(p))?;
        let value = match (text, number, bool) {
            (Some(t), None, None) => Attribute::Text(t),
            (None, Some(n), None) => Attribute::Number(n),
            (None, None, Some(b)) => Attribute::Bool(b),
            _ => {
                return Err(table.error(at_row(
                    row,
                    "text",
                    "an attribute has exactly one of `text`, `number`, `bool`",
                )));
            }
        };
        holder(table, actors, &actor, row)?
            .attributes
            .insert(name, value);
    }
    Ok(())
}

/// The actor a row of a table names, which must be in the actors table.
fn holder<'a>(
    table: &Table,
    actors: &'a mut BTreeMap<Id, Actor>,
    id: &str,
    row: usize,
) -> Result<&'a mut Actor, LoadError> {
    actors.get_mut(id).ok_or_else(|| {
        table.error(at_row(
            row,
            "actor",
            format!("actor `{id}` is not in actors.parquet"),
        ))
    })
}

/// A row of `posts.parquet` or `part_of.parquet`.
struct Period {
    title: String,
    of: Id,
    from: Option<Date>,
    from_certainty: Certainty,
    until: Option<Date>,
    until_certainty: Certainty,
    primary: bool,
    note: Option<String>,
    sources: Vec<Id>,
}

impl Period {
    fn post(self) -> Post {
        Post {
            title: self.title,
            of: self.of,
            from: self.from,
            until: self.until,
            primary: self.primary,
            sources: self.sources,
            note: self.note,
            from_certainty: self.from_certainty,
            until_certainty: self.until_certainty,
        }
    }

    fn membership(self) -> Membership {
        Membership {
            of: self.of,
            from: self.from,
            until: self.until,
            from_certainty: self.from_certainty,
            until_certainty: self.until_certainty,
            sources: self.sources,
            note: self.note,
        }
    }
}

fn certainty(text: Option<&String>, row: usize, column: &str) -> Result<Certainty, Problem> {
    match text.map(String::as_str) {
        None | Some("exact") => Ok(Certainty::Exact),
        Some("approximate") => Ok(Certainty::Approximate),
        Some("unknown") => Ok(Certainty::Unknown),
        Some(other) => Err(at_row(
            row,
            column,
            format!("`{other}` is not exact, approximate or unknown"),
        )),
    }
}

/// The rows of `posts.parquet` (with `title` and `primary`) or `part_of.parquet`, each with its
/// actor and row.
fn periods(table: &Table, posts: bool) -> Result<Vec<(Id, Period, usize)>, LoadError> {
    let rows = table.rows();
    let actors = required(table, "actor", table.texts("actor")?)?;
    let ofs = required(table, "of", table.texts("of")?)?;
    let titles = if posts {
        required(table, "title", table.texts("title")?)?
    } else {
        vec![None; rows]
    };
    let primary = or_nulls(table.bools("primary")?, rows);
    let from = or_nulls(table.dates("from")?, rows);
    let until = or_nulls(table.dates("until")?, rows);
    let from_c = or_nulls(table.texts("from_certainty")?, rows);
    let until_c = or_nulls(table.texts("until_certainty")?, rows);
    let notes = or_nulls(table.texts("note")?, rows);
    let mut sources = table
        .lists("sources")?
        .unwrap_or_else(|| vec![Vec::new(); rows]);
    let mut out = Vec::with_capacity(rows);
    for row in 0..rows {
        let period = (|| {
            Ok::<_, Problem>(Period {
                title: if posts {
                    cell(titles[row].clone(), row, "title")?
                } else {
                    String::new()
                },
                of: id_cell(&ofs[row], row, "of")?,
                from: from[row],
                from_certainty: certainty(from_c[row].as_ref(), row, "from_certainty")?,
                until: until[row],
                until_certainty: certainty(until_c[row].as_ref(), row, "until_certainty")?,
                primary: primary[row].unwrap_or(false),
                note: notes[row].clone(),
                sources: std::mem::take(&mut sources[row]),
            })
        })()
        .map_err(|p| table.error(p))?;
        let actor = id_cell(&actors[row], row, "actor").map_err(|p| table.error(p))?;
        out.push((actor, period, row));
    }
    Ok(out)
}

/// `events.parquet`: `id`, `date`, `title`, `description`, `actors`, `sources`.
fn events(table: &Table) -> Result<BTreeMap<Id, Event>, LoadError> {
    let rows = table.rows();
    let ids = required(table, "id", table.texts("id")?)?;
    let dates = required(table, "date", table.dates("date")?)?;
    let titles = required(table, "title", table.texts("title")?)?;
    let descriptions = or_nulls(table.texts("description")?, rows);
    let mut actors = table
        .lists("actors")?
        .unwrap_or_else(|| vec![Vec::new(); rows]);
    let mut sources = table
        .lists("sources")?
        .unwrap_or_else(|| vec![Vec::new(); rows]);
    let mut out = BTreeMap::new();
    for row in 0..rows {
        let event = (|| {
            let id = id_cell(&ids[row], row, "id")?;
            let event = Event {
                date: cell(dates[row], row, "date")?,
                title: cell(titles[row].clone(), row, "title")?,
                actors: std::mem::take(&mut actors[row]),
                sources: std::mem::take(&mut sources[row]),
                description: descriptions[row].clone(),
            };
            Ok::<_, Problem>((id, event))
        })()
        .map_err(|p| table.error(p))?;
        if out.insert(event.0.clone(), event.1).is_some() {
            return Err(table.error(at_row(
                row,
                "id",
                format!("event `{}` is listed twice", event.0),
            )));
        }
    }
    Ok(out)
}

/// `sources.parquet`: `id`, `title`, `publisher`, `date`, `url`.
fn sources(table: &Table) -> Result<BTreeMap<Id, Source>, LoadError> {
    let rows = table.rows();
    let ids = required(table, "id", table.texts("id")?)?;
    let titles = required(table, "title", table.texts("title")?)?;
    let publishers = or_nulls(table.texts("publisher")?, rows);
    let dates = or_nulls(table.dates("date")?, rows);
    let urls = or_nulls(table.texts("url")?, rows);
    let mut out = BTreeMap::new();
    for row in 0..rows {
        let id = id_cell(&ids[row], row, "id").map_err(|p| table.error(p))?;
        let source = Source {
            title: cell(titles[row].clone(), row, "title").map_err(|p| table.error(p))?,
            publisher: publishers[row].clone(),
            date: dates[row],
            url: urls[row].clone(),
        };
        if out.insert(id.clone(), source).is_some() {
            return Err(table.error(at_row(row, "id", format!("source `{id}` is listed twice"))));
        }
    }
    Ok(out)
}

/// The header standing for `column` in `options` (its own name unless mapped).
fn header_of(options: &Options, column: Column) -> &str {
    options
        .columns
        .get(&column)
        .map_or(column.name(), String::as_str)
}

/// What [`relations`] reads from a points table.
struct Read {
    relations: Vec<Relation>,
    /// The ids the relations' ends name, each once.
    ends: Vec<Id>,
    /// Whether every series was checked as a file's series are (see [`crate::load::Vouched`]),
    /// so that loading need not go over every point again.
    series_checked: bool,
    /// The event ids the points cite (as often as cited).
    events: Vec<Id>,
    /// The source ids the points cite (as often as cited).
    sources: Vec<Id>,
}

impl Read {
    /// The citations to look up in place of checking every series, when the series were checked.
    fn cited(&self) -> Option<crate::load::Cited<'_>> {
        self.series_checked.then_some(crate::load::Cited {
            events: &self.events,
            sources: &self.sources,
        })
    }
}

/// The long relations table: one row per point, grouped into relations in the order their
/// first rows come, each series sorted by date.
///
/// Built for tables of tens of millions of rows: ids and kinds are interned (a relation's ends
/// and kind share their text with every other relation's), a row costs no allocation beyond
/// its point, the rows are keyed on all cores and each run of consecutive rows of one tie (the
/// order `export` writes) is matched with the others once, and optional columns that the
/// statistics say are empty are not read at all.
///
/// Also returns what the reader vouches for ([`crate::load::Vouched`]): the ids that the
/// relations' ends name, each once (the relations are made one per key of interned ends, kind
/// and direction, so that no two are one tie, none joins an id to itself and none has a blank
/// kind), and, when every series passed the checks a file's series get as it was built, the
/// event and source ids the points cite.
fn relations(table: &Table, options: &Options, scale: Scale) -> Result<Read, LoadError> {
    let rows = table.rows();
    let h = |c: Column| header_of(options, c);
    let err = |p: Problem| table.error(p);
    // An optional column worth reading: present, and not null in every row.
    let read = |c: Column| !table.all_null(h(c));
    // The five columns every table has are decoded side by side, on all cores; their problems
    // are reported in column order, as if they had been read one after the other.
    // So are the direction and end flags, when present.
    let bools = |c: Column| match read(c) {
        true => table.flags(h(c)),
        false => Ok(None),
    };
    // The heaviest first: the thread that starts here decodes the weights, then the dates,
    // while another core, once free of the actors and the files' digests, takes the ids.
    let ((weights, dates), ((from, to), (kind, (directed, ends)))) = rayon::join(
        || {
            rayon::join(
                || table.numbers::<Numbers>(h(Column::Weight)),
                || table.dates(h(Column::Date)),
            )
        },
        || {
            rayon::join(
                || {
                    rayon::join(
                        || table.interned(h(Column::From)),
                        || table.interned(h(Column::To)),
                    )
                },
                || {
                    rayon::join(
                        || match read(Column::Kind) {
                            true => table.interned(h(Column::Kind)),
                            false => Ok(None),
                        },
                        || rayon::join(|| bools(Column::Directed), || bools(Column::End)),
                    )
                },
            )
        },
    );
    let (from, ids) = required(table, h(Column::From), from?)?;
    let (to, to_ids) = required(table, h(Column::To), to?)?;
    let (kind, kinds) = kind?.map_or((None, Vec::new()), |(rows, names)| (Some(rows), names));
    let dates = required(table, h(Column::Date), dates?)?;
    let weights = required(table, h(Column::Weight), weights?)?;
    let numbers = |c: Column| match read(c) {
        true => table.numbers::<Numbers>(h(c)),
        false => Ok(None),
    };
    let directed = directed?;
    let ends = ends?;
    let (interpolations, interpolation_names) = match read(Column::Interpolation) {
        true => table.interned(h(Column::Interpolation))?,
        false => None,
    }
    .map_or((None, Vec::new()), |(rows, names)| (Some(rows), names));
    let interpolation_names = interpolation_names
        .iter()
        .map(|n| match n.as_str() {
            "step" => Some(Interpolation::Step),
            "linear" => Some(Interpolation::Linear),
            _ => None,
        })
        .collect::<Vec<_>>();
    let confidence = numbers(Column::Confidence)?;
    let low = numbers(Column::RangeLow)?;
    let high = numbers(Column::RangeHigh)?;
    let count = match read(Column::Count) {
        true => table.counts(h(Column::Count))?,
        false => None,
    };
    // One id space for both ends: the `to` column's distinct ids mapped onto the `from` column's
    // (extended), so that a row's key is four numbers and costs no allocation.
    let mut ids = ids;
    let to_unified: Vec<u32> = {
        let mut at: HashMap<&str, u32, foldhash::fast::RandomState> = ids
            .iter()
            .enumerate()
            .map(|(i, id)| (id.as_str(), u32::try_from(i).unwrap_or(u32::MAX)))
            .collect();
        let mut added = Vec::new();
        let mapped = to_ids
            .iter()
            .map(|id| {
                *at.entry(id.as_str()).or_insert_with(|| {
                    added.push(id.clone());
                    u32::try_from(ids.len() + added.len() - 1).unwrap_or(u32::MAX)
                })
            })
            .collect();
        drop(at);
        ids.extend(added);
        mapped
    };
    // Per distinct id, not per row: whether it names an actor (a blank one does not), and its
    // place in text order (a mutual tie's ends are stored smaller first).
    let usable: Vec<bool> = ids.iter().map(|id| !id.trim().is_empty()).collect();
    let rank: Vec<u32> = {
        let mut order: Vec<u32> = (0..u32::try_from(ids.len()).unwrap_or(u32::MAX)).collect();
        order.sort_unstable_by(|&a, &b| ids[a as usize].cmp(&ids[b as usize]));
        let mut rank = vec![0; ids.len()];
        for (place, &i) in order.iter().enumerate() {
            rank[i as usize] = u32::try_from(place).unwrap_or(u32::MAX);
        }
        rank
    };
    let name = |i: Option<u32>, row, column| -> Result<u32, Problem> {
        i.filter(|&i| usable.get(i as usize) == Some(&true))
            .ok_or_else(|| {
                at_row(
                    row,
                    column,
                    "is empty; every row names both ends of its tie",
                )
            })
    };
    // The default kind is its own index, whatever the table's kinds are.
    let no_kind = u32::MAX;
    let kind_index: Vec<u32> = kinds
        .iter()
        .enumerate()
        .map(|(i, k)| {
            let named = !k.trim().is_empty() && *k != DEFAULT_KIND;
            if named {
                u32::try_from(i).unwrap_or(no_kind)
            } else {
                no_kind
            }
        })
        .collect();
    let default_kind = Name::from(DEFAULT_KIND);
    if u32::try_from(rows).is_err() {
        return Err(table.error(Diagnostic::new(
            None,
            "has more than 4 billion rows; split it into several tables",
        )));
    }
    // First, each row's relation (by its interned ends, kind and direction) and how many points
    // each relation gets, so that every series is allocated once at its size. This stops at the
    // first row whose ends are wrong; the rows before it are still checked for the rest below,
    // so that the first problem in row order is the one reported.
    // A row's key, and its ends as the row gives them (a mutual tie keeps its first row's order).
    let key_of = |row: usize| -> Result<(Key, (u32, u32)), Problem> {
        let a = name(from.get(row), row, h(Column::From))?;
        let b = name(
            to.get(row)
                .and_then(|i| to_unified.get(i as usize).copied()),
            row,
            h(Column::To),
        )?;
        if a == b {
            return Err(at_row(
                row,
                h(Column::To),
                format!("a tie joins `{}` to itself", ids[a as usize]),
            ));
        }
        let k_index = kind
            .as_ref()
            .and_then(|k| k.get(row))
            .and_then(|i| kind_index.get(i as usize).copied())
            .unwrap_or(no_kind);
        let is_directed =
            options.directed || directed.as_ref().is_some_and(|d| d.get(row) == Some(true));
        let key = if is_directed || rank[a as usize] <= rank[b as usize] {
            (a, b, k_index, is_directed)
        } else {
            (b, a, k_index, is_directed)
        };
        Ok((key, (a, b)))
    };
    let (runs, ends_problem) = runs_of(rows, key_of);
    drop((from, to, kind, directed));
    // Each run's relation: the one of the first run with its key, numbered in the order the
    // first runs come (that is, the order of the relations' first rows).
    let earlier = earlier_runs(&runs, rows);
    let mut relation_of_run: Vec<u32> = Vec::with_capacity(runs.len());
    let mut first_runs: Vec<u32> = Vec::new();
    let mut earlier = earlier.into_iter().peekable();
    for i in 0..runs.len() {
        let relation = match earlier.next_if(|&(run, _)| run as usize == i) {
            Some((_, first)) => relation_of_run[first as usize],
            None => {
                first_runs.push(u32::try_from(i).unwrap_or(u32::MAX));
                u32::try_from(first_runs.len() - 1).unwrap_or(u32::MAX)
            }
        };
        relation_of_run.push(relation);
    }
    let named_ends = super::named_ends(
        &ids,
        first_runs
            .iter()
            .map(|&i| (runs[i as usize].a, runs[i as usize].b)),
    );
    let mut relations: Vec<Relation> = {
        use rayon::prelude::*;
        // Each batch of relations takes its own copies of the kinds: a kind is shared by a large
        // share of the relations, and two cores counting references to one copy take its cache
        // line from each other at every relation (most of this step's time at 1M relations).
        let local_kinds = || {
            let copy = |k: &Name| Name::from(k.as_str());
            let kinds: Vec<Name> = kinds.iter().map(copy).collect();
            (kinds, copy(&default_kind))
        };
        first_runs
            .par_iter()
            .with_min_len(1024)
            .map_init(local_kinds, |(kinds, default_kind), &i| {
                let run = &runs[i as usize];
                let (a, b) = (ids[run.a as usize].clone(), ids[run.b as usize].clone());
                let (a, b) = if run.swapped { (b, a) } else { (a, b) };
                Relation {
                    ends: if run.directed {
                        Ends::Directed { from: a, to: b }
                    } else {
                        Ends::Mutual(a, b)
                    },
                    kind: kinds
                        .get(run.kind as usize)
                        .map_or_else(|| default_kind.clone(), Name::clone),
                    interpolation: None,
                    series: Vec::new(),
                    note: None,
                }
            })
            .collect()
    };
    // The rows of each relation, in row order: `starts[r]..starts[r + 1]` in `order`, or in the
    // table itself when each relation's rows are one run (the order `export` writes).
    let mut starts: Vec<u32> = vec![0; relations.len() + 1];
    for (run, &r) in runs.iter().zip(&relation_of_run) {
        starts[r as usize + 1] += run.len;
    }
    for r in 0..relations.len() {
        starts[r + 1] += starts[r];
    }
    let order: Option<Vec<u32>> = (first_runs.len() < runs.len()).then(|| {
        let mut order = vec![0u32; starts[relations.len()] as usize];
        let mut cursor = starts.clone();
        let mut start = 0;
        for (run, &r) in runs.iter().zip(&relation_of_run) {
            let at = &mut cursor[r as usize];
            for (slot, row) in order[*at as usize..(*at + run.len) as usize]
                .iter_mut()
                .zip(start..)
            {
                *slot = row;
            }
            *at += run.len;
            start += run.len;
        }
        order
    });
    drop(first_runs);
    // Which relation each row is in, for the sparse text columns below.
    let sparse = [
        Column::Note,
        Column::Event,
        Column::Source,
        Column::RelationNote,
    ]
    .into_iter()
    .any(read);
    let row_relation: Vec<u32> = match sparse {
        true => runs
            .iter()
            .zip(&relation_of_run)
            .flat_map(|(run, &r)| std::iter::repeat_n(r, run.len as usize))
            .collect(),
        false => Vec::new(),
    };
    drop((runs, relation_of_run));
    let rows_of = |r: usize| {
        let span = starts[r] as usize..starts[r + 1] as usize;
        let order = order.as_deref();
        span.map(move |at| order.map_or(at, |o| o[at] as usize))
    };
    let opt = |column: &Option<Numbers>, row: usize| column.as_ref().and_then(|c| c.get(row));
    // Then each relation's points, on all cores: a row's date, value and detail, checked.
    let point_of = |row: usize| -> Result<(Point, Option<Interpolation>), Refused> {
        let date = cell(dates[row], row, h(Column::Date))?;
        let is_end = ends.as_ref().is_some_and(|e| e.get(row) == Some(true));
        let value = match (weights.get(row), is_end) {
            (None, _) => PointValue::End,
            (Some(_), true) => {
                return Err(Refused::Problem(at_row(
                    row,
                    h(Column::End),
                    "this row both gives a weight and ends the tie; an end row leaves `weight` empty",
                )));
            }
            (Some(w), false) if scale.contains(w) => PointValue::Weight(w),
            (Some(w), false) => {
                return Err(Refused::Problem(at_row(
                    row,
                    h(Column::Weight),
                    format!(
                        "weight {w} is outside the scale [{}, {}]",
                        scale.min, scale.max
                    ),
                )));
            }
        };
        let on_weight = |v: Option<f64>, column: &str, ok: &dyn Fn(f64) -> bool| match v {
            None => Ok(None),
            Some(x) if ok(x) && value != PointValue::End => Ok(Some(x)),
            Some(x) => Err(at_row(
                row,
                column,
                format!("{x} is not allowed here; see docs/format.md (a point's {column})"),
            )),
        };
        let confidence = on_weight(opt(&confidence, row), h(Column::Confidence), &|c| {
            (0.0..=1.0).contains(&c)
        })?;
        let range = match (opt(&low, row), opt(&high, row), value) {
            (None, None, _) => None,
            (Some(l), Some(hi), PointValue::Weight(w))
                if l <= w && w <= hi && scale.contains(l) && scale.contains(hi) =>
            {
                Some([l, hi])
            }
            _ => {
                return Err(Refused::Problem(at_row(
                    row,
                    h(Column::RangeLow),
                    "a range needs both `range_low` and `range_high`, with low ≤ weight ≤ high in the scale, and no range on an end row",
                )));
            }
        };
        let interpolation = match interpolations.as_ref().and_then(|i| i.get(row)) {
            None => None,
            Some(i) => match interpolation_names.get(i as usize).copied().flatten() {
                Some(found) => Some(found),
                None => return Err(Refused::Interpolation),
            },
        };
        let count = count.as_ref().and_then(|c| c.get(row).copied().flatten());
        let point = if confidence.is_none() && range.is_none() && count.is_none() {
            match value {
                PointValue::Weight(w) => Point::weight(date, w),
                PointValue::End => Point::end(date),
            }
        } else {
            Point::new(
                date,
                value,
                PointDetail {
                    note: None,
                    event: None,
                    sources: Vec::new(),
                    confidence,
                    range,
                    count,
                },
            )
        };
        Ok((point, interpolation))
    };
    // Where each relation's interpolation was first given.
    let mut said: Vec<Option<(Interpolation, usize)>> = vec![None; relations.len()];
    // Whether each series, as its rows give it, is in date order with no date twice and starts
    // with a weight: checked while it is in the cache, so that no later pass reads it again.
    let mut in_order: Vec<bool> = vec![false; relations.len()];
    let first_refused = {
        use rayon::prelude::*;
        relations
            .par_iter_mut()
            .zip(said.par_iter_mut().zip(in_order.par_iter_mut()))
            .enumerate()
            .with_min_len(1024)
            .filter_map(|(r, (relation, (said, in_order)))| {
                let mut series = Vec::with_capacity((starts[r + 1] - starts[r]) as usize);
                for row in rows_of(r) {
                    let (point, interpolation) = match point_of(row) {
                        Ok(made) => made,
                        Err(refused) => return Some((row, refused)),
                    };
                    match (*said, interpolation) {
                        (Some((was, first)), Some(now)) if was != now => {
                            return Some((
                                row,
                                Refused::Problem(at_row(
                                    row,
                                    h(Column::Interpolation),
                                    format!(
                                        "`{}` here but `{}` on row {}: interpolation belongs to the whole tie",
                                        now.as_str(),
                                        was.as_str(),
                                        first + 1
                                    ),
                                )),
                            ));
                        }
                        (None, Some(now)) => *said = Some((now, row)),
                        _ => {}
                    }
                    series.push(point);
                }
                *in_order = series_in_order(&series);
                relation.series = series;
                None
            })
            .min_by_key(|(row, _)| *row)
    };
    // A row refused here comes before the one whose ends stopped the first pass, if any.
    match (first_refused, ends_problem) {
        (Some((_, Refused::Problem(problem))), _) | (None, Some(problem)) => {
            return Err(err(problem));
        }
        (Some((row, Refused::Interpolation)), _) => {
            let text = &interpolation_names_text(table, h(Column::Interpolation), row)?;
            return Err(err(at_row(
                row,
                h(Column::Interpolation),
                format!("interpolation `{text}` is not step or linear"),
            )));
        }
        (None, None) => {}
    }
    drop((weights, ends, confidence, low, high, count));
    // The sparse text columns, filled in by row: a row's point is the next one of its relation
    // (points are in row order until the series are sorted below). Every row is in a run here.
    let mut next = vec![0u32; relations.len()];
    let slot = |next: &mut [u32], row: usize| {
        let r = row_relation[row] as usize;
        let p = next[r] as usize;
        next[r] += 1;
        (r, p)
    };
    if read(Column::Note) {
        next.fill(0);
        table.each_text(h(Column::Note), |row, text| {
            let (r, p) = slot(&mut next, row);
            if let Some(text) = text {
                relations[r].series[p].edit_detail(|d| d.note = Some(text.to_string()));
            }
            Ok(())
        })?;
    }
    let (mut events, mut sources) = (Vec::new(), Vec::new());
    if read(Column::Event) {
        next.fill(0);
        table.each_text(h(Column::Event), |row, text| {
            let (r, p) = slot(&mut next, row);
            if let Some(text) = text.filter(|t| !t.trim().is_empty()) {
                let event = Id::from(text);
                events.push(event.clone());
                relations[r].series[p].edit_detail(|d| d.event = Some(event));
            }
            Ok(())
        })?;
    }
    if read(Column::Source)
        && let Some(lists) = table.lists(h(Column::Source))?
    {
        next.fill(0);
        for (row, list) in lists.into_iter().enumerate() {
            let (r, p) = slot(&mut next, row);
            if !list.is_empty() {
                sources.extend(list.iter().cloned());
                relations[r].series[p].edit_detail(|d| d.sources = list);
            }
        }
    }
    if read(Column::RelationNote) {
        table.each_text(h(Column::RelationNote), |row, text| {
            let r = row_relation[row] as usize;
            if let Some(text) = text
                && relations[r].note.is_none()
            {
                relations[r].note = Some(text.to_string());
            }
            Ok(())
        })?;
    }
    drop(row_relation);
    // Each series sorted by date, on all cores; the first relation with two points on one date
    // is an error at the second of its rows on that date.
    let doubled = {
        use rayon::prelude::*;
        relations
            .par_iter_mut()
            .zip(said.par_iter().zip(in_order.par_iter()))
            .enumerate()
            .with_min_len(1024)
            .filter_map(|(r, (relation, (said, &in_order)))| {
                relation.interpolation = said.map(|(i, _)| i);
                if in_order {
                    return None;
                }
                if !relation.series.is_sorted_by_key(|p| p.date) {
                    relation.sort_series();
                }
                let pair = relation
                    .series
                    .windows(2)
                    .find(|w| w[0].date == w[1].date)?;
                Some((r, pair[0].date))
            })
            .min_by_key(|&(r, _)| r)
    };
    if let Some((r, date)) = doubled {
        // Rare, so the rows are looked for only now: the first two of this tie on that date.
        let mut found = rows_of(r).filter(|&row| dates[row] == Some(date));
        let (first, second) = (found.next().unwrap_or(0), found.next().unwrap_or(0));
        return Err(err(at_row(
            second,
            h(Column::Date),
            format!(
                "{} already has a point on {} (row {}); keep one row per tie and date",
                relations[r].key(),
                date,
                first + 1
            ),
        )));
    }
    // A series sorted just now is vouched for when it starts with a weight (its dates were
    // found distinct above); reading its first point only.
    let series_checked = in_order
        .iter()
        .zip(&relations)
        .all(|(&in_order, r)| in_order || r.series.first().is_some_and(|p| !p.is_end()));
    Ok(Read {
        relations,
        ends: named_ends,
        series_checked,
        events,
        sources,
    })
}

/// Whether `series` is in date order with no date twice and starts with a weight.
fn series_in_order(series: &[Point]) -> bool {
    series.first().is_some_and(|p| !p.is_end()) && series.windows(2).all(|w| w[0].date < w[1].date)
}

/// A relation's key in the points table: its ends and kind as interned indices, and whether it
/// is directed (a mutual tie's ends come in text order).
type Key = (u32, u32, u32, bool);

/// `len` consecutive rows with one key (a run starts where the one before it ends), and the
/// ends as the first of them gives them. Small, since a table may have as many runs as rows.
struct Run {
    a: u32,
    b: u32,
    kind: u32,
    len: u32,
    directed: bool,
    /// Whether the first row gives the ends the other way round (a mutual tie keeps the order).
    swapped: bool,
}

impl Run {
    fn key(&self) -> Key {
        (self.a, self.b, self.kind, self.directed)
    }
}

/// How many rows a core reads at a time when finding the runs. Small in unit tests, so that
/// runs and problems fall across the joins of the chunks.
const RUN_CHUNK: usize = if cfg!(test) { 7 } else { 1 << 16 };

/// The runs of the first `rows` rows, keyed on all cores by `key_of`, up to the first row that
/// it refuses, with its problem. A run is never split: one that crosses the join of two chunks
/// is joined up again.
fn runs_of(
    rows: usize,
    key_of: impl Fn(usize) -> Result<(Key, (u32, u32)), Problem> + Sync,
) -> (Vec<Run>, Option<Problem>) {
    use rayon::prelude::*;
    let chunks: Vec<(Vec<Run>, Option<Problem>)> = (0..rows.div_ceil(RUN_CHUNK))
        .into_par_iter()
        .map(|chunk| {
            let mut runs: Vec<Run> = Vec::new();
            for row in chunk * RUN_CHUNK..((chunk + 1) * RUN_CHUNK).min(rows) {
                let (key, given) = match key_of(row) {
                    Ok(made) => made,
                    Err(problem) => return (runs, Some(problem)),
                };
                match runs.last_mut() {
                    Some(run) if run.key() == key => run.len += 1,
                    _ => runs.push(Run {
                        a: key.0,
                        b: key.1,
                        kind: key.2,
                        len: 1,
                        directed: key.3,
                        swapped: given != (key.0, key.1),
                    }),
                }
            }
            (runs, None)
        })
        .collect();
    // A chunk is reached only when the one before it ended without a problem, so its first run
    // starts where the last one so far ends.
    let mut runs: Vec<Run> = Vec::with_capacity(chunks.iter().map(|(r, _)| r.len()).sum());
    for (chunk, problem) in chunks {
        let mut chunk = chunk.into_iter();
        if let Some(run) = chunk.next() {
            match runs.last_mut() {
                Some(last) if last.key() == run.key() => last.len += run.len,
                _ => runs.push(run),
            }
        }
        runs.extend(chunk);
        if problem.is_some() {
            return (runs, problem);
        }
    }
    (runs, None)
}

/// The runs whose key an earlier run has, each with the first run of that key, in run order.
///
/// When runs are long (the rows of a tie together, as `export` writes them), there are few runs
/// and most keys have one: they are sorted, and equal neighbours found. When runs are short (rows
/// in date order), sorting them all would take as much memory again as the rows, so they are
/// hashed instead, into a map per core. Both give the same answer.
fn earlier_runs(runs: &[Run], rows: usize) -> Vec<(u32, u32)> {
    if runs.len().saturating_mul(2) <= rows {
        earlier_runs_sorted(runs)
    } else {
        earlier_runs_hashed(runs)
    }
}

/// [`earlier_runs`] by sorting the runs by key (then place): the first of each key's group is its
/// first run.
fn earlier_runs_sorted(runs: &[Run]) -> Vec<(u32, u32)> {
    use rayon::prelude::*;
    // Run indices fit in a u32: there are no more runs than rows.
    let mut keyed: Vec<(Key, u32)> = runs
        .par_iter()
        .enumerate()
        .map(|(i, run)| (run.key(), i as u32))
        .collect();
    keyed.par_sort_unstable();
    let mut earlier = Vec::new();
    let mut first = None;
    for &(key, run) in &keyed {
        match first {
            Some((k, at)) if k == key => earlier.push((run, at)),
            _ => first = Some((key, run)),
        }
    }
    earlier.par_sort_unstable();
    earlier
}

/// [`earlier_runs`] by hashing: the keys are shared out among the cores by their hash, and each
/// core goes through the runs in order, so that the first run of a key is the first wherever the
/// key falls.
fn earlier_runs_hashed(runs: &[Run]) -> Vec<(u32, u32)> {
    use rayon::prelude::*;
    use std::hash::BuildHasher;
    let state = foldhash::fast::FixedState::default();
    let shards = rayon::current_num_threads().max(1);
    let mut earlier: Vec<(u32, u32)> = (0..shards)
        .into_par_iter()
        .flat_map_iter(|shard| {
            let mut first: HashMap<Key, u32, foldhash::fast::FixedState> =
                HashMap::with_hasher(state.clone());
            let mut earlier = Vec::new();
            for (i, run) in runs.iter().enumerate() {
                if state.hash_one(run.key()) as usize % shards != shard {
                    continue;
                }
                // Run indices fit in a u32: there are no more runs than rows.
                let i = i as u32;
                let at = *first.entry(run.key()).or_insert(i);
                if at != i {
                    earlier.push((i, at));
                }
            }
            earlier
        })
        .collect();
    earlier.par_sort_unstable();
    earlier
}

/// Why a row's point was refused: a problem, or an interpolation that is not one (its message
/// quotes the cell, read again only then).
enum Refused {
    Problem(Problem),
    Interpolation,
}

impl From<Problem> for Refused {
    fn from(problem: Problem) -> Refused {
        Refused::Problem(problem)
    }
}

/// The text of the interpolation cell on `row`, for a message.
fn interpolation_names_text(table: &Table, column: &str, row: usize) -> Result<String, LoadError> {
    let texts = table.texts(column)?.unwrap_or_default();
    Ok(texts.get(row).cloned().flatten().unwrap_or_default())
}

#[cfg(test)]
mod tests;
