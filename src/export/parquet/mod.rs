//! The columnar graph: a whole graph as Parquet tables, one file per entity, for data frames
//! (pandas, polars), DuckDB and Spark, and for reading large graphs fast. Every field of the
//! file format has its column, so that reading the tables back gives an equal graph;
//! docs/format.md describes each table and column.
//!
//! `points.parquet` is the long relations table that `import csv` reads (one row per point, the
//! same column names), with the list of sources as a list column and the fields a CSV leaves
//! out (`range`, `count`, the relation's note) in columns of their own.

mod dictionary;
mod table;

use std::borrow::Cow;

use parquet::errors::ParquetError;

use crate::import::csv::Column;
use crate::model::{
    Attribute, Certainty, Date, Graph, Id, Interpolation, Point, PointValue, Post, Relation,
};
pub(crate) use table::{Empty, List, Table, Values};

/// The footer key (in `actors.parquet`) that holds the graph's own fields.
pub const GRAPH_KEY: &str = "detente.graph";

/// The tables of a columnar graph, in the order they are written. `actors.parquet` comes first:
/// its presence is what makes a directory a columnar graph.
pub const TABLES: [&str; 7] = [
    "actors.parquet",
    "attributes.parquet",
    "part_of.parquet",
    "posts.parquet",
    "points.parquet",
    "events.parquet",
    "sources.parquet",
];

/// Why a graph cannot be written as Parquet.
#[derive(Debug, thiserror::Error)]
pub enum ParquetExportError {
    /// The Parquet writer failed.
    #[error("cannot write {table}: {source}")]
    Parquet {
        /// The table being written.
        table: &'static str,
        /// What the writer said.
        source: ParquetError,
    },
    /// The graph's own fields could not be written.
    #[error("cannot write the graph's fields: {0}")]
    Header(#[from] crate::load::WriteError),
}

/// The graph as Parquet files: each of [`TABLES`] with its bytes.
///
/// ```
/// let graph = detente::load::load_str(
///     "detente: 1\nactors:\n  A: {name: A, kind: state}\n  B: {name: B, kind: state}\n\
///      relations:\n  - between: [A, B]\n    series: [{date: 2020, weight: 0.5}]\n",
///     "g.yaml",
/// )?;
/// let tables = detente::export::parquet::graph(&graph)?;
/// assert_eq!(tables[0].0, "actors.parquet");
/// assert!(tables.iter().all(|(_, bytes)| bytes.starts_with(b"PAR1")));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn graph(graph: &Graph) -> Result<Vec<(&'static str, Vec<u8>)>, ParquetExportError> {
    tables(graph).collect()
}

/// The graph as Parquet files, each of [`TABLES`] encoded only when the iterator reaches it, so
/// that a writer holds one table's bytes at a time.
pub fn tables(
    graph: &Graph,
) -> impl Iterator<Item = Result<(&'static str, Vec<u8>), ParquetExportError>> + '_ {
    TABLES.into_iter().map(move |name| {
        let table = match name {
            "actors.parquet" => actors(graph).metadata(GRAPH_KEY, header(graph)?),
            "attributes.parquet" => attributes(graph),
            "part_of.parquet" => part_of(graph),
            "posts.parquet" => posts(graph),
            "points.parquet" => points(graph),
            "events.parquet" => events(graph),
            _ => sources(graph),
        };
        let bytes = table
            .write()
            .map_err(|source| ParquetExportError::Parquet {
                table: name,
                source,
            })?;
        Ok((name, bytes))
    })
}

/// The long relations table alone (`points.parquet`), as `import parquet` reads it.
pub fn relations(graph: &Graph) -> Result<Vec<u8>, ParquetExportError> {
    points(graph)
        .write()
        .map_err(|source| ParquetExportError::Parquet {
            table: "points.parquet",
            source,
        })
}

/// The graph's own fields (title, description, interpolation, scale, relation kinds) as a
/// graph file with nothing else, which the loader reads back.
fn header(graph: &Graph) -> Result<String, crate::load::WriteError> {
    let alone = Graph {
        title: graph.title.clone(),
        description: graph.description.clone(),
        interpolation: graph.interpolation,
        scale: graph.scale,
        relation_kinds: graph.relation_kinds.clone(),
        ..Graph::default()
    };
    crate::load::to_yaml(&alone)
}

/// The name of a certainty, as the tables write it.
pub(crate) fn certainty_name(c: Certainty) -> &'static str {
    match c {
        Certainty::Exact => "exact",
        Certainty::Approximate => "approximate",
        Certainty::Unknown => "unknown",
    }
}

fn date_text<'a>(date: Option<crate::model::Date>) -> Option<Cow<'a, str>> {
    date.map(|d| Cow::Owned(d.to_string()))
}

fn text(s: &str) -> Cow<'_, str> {
    Cow::Borrowed(s)
}

fn opt_text<S: AsRef<str> + ?Sized>(s: Option<&S>) -> Option<Cow<'_, str>> {
    s.map(|s| Cow::Borrowed(s.as_ref()))
}

fn actors(graph: &Graph) -> Table<'_> {
    let actors = || graph.actors.values();
    Table::default()
        .column("id", Values::Text(actors().map(|a| text(&a.id)).collect()))
        .column(
            "name",
            Values::Text(actors().map(|a| text(&a.name)).collect()),
        )
        .column(
            "kind",
            Values::Text(actors().map(|a| text(a.kind.as_str())).collect()),
        )
        .column(
            "note",
            Values::OptText(actors().map(|a| opt_text(a.note.as_ref())).collect()),
        )
        .column(
            "aliases",
            Values::List(actors().map(|a| List::Texts(&a.aliases)).collect()),
        )
}

fn attributes(graph: &Graph) -> Table<'_> {
    let rows: Vec<(&str, &str, &Attribute)> = graph
        .actors
        .values()
        .flat_map(|a| {
            a.attributes
                .iter()
                .map(move |(name, value)| (a.id.as_str(), name.as_str(), value))
        })
        .collect();
    Table::default()
        .column(
            "actor",
            Values::Text(rows.iter().map(|r| text(r.0)).collect()),
        )
        .column(
            "name",
            Values::Text(rows.iter().map(|r| text(r.1)).collect()),
        )
        .column(
            "text",
            Values::OptText(
                rows.iter()
                    .map(|r| match r.2 {
                        Attribute::Text(t) => Some(text(t)),
                        _ => None,
                    })
                    .collect(),
            ),
        )
        .column(
            "number",
            Values::OptDouble(
                rows.iter()
                    .map(|r| match r.2 {
                        Attribute::Number(n) => Some(*n),
                        _ => None,
                    })
                    .collect(),
            ),
        )
        .column(
            "bool",
            Values::OptBool(
                rows.iter()
                    .map(|r| match r.2 {
                        Attribute::Bool(b) => Some(*b),
                        _ => None,
                    })
                    .collect(),
            ),
        )
}

/// What a post and a membership share: their holder, `of`, the bounds with their certainty,
/// the note and the sources.
struct Period<'a> {
    actor: &'a str,
    of: &'a str,
    from: Option<Date>,
    from_certainty: Certainty,
    until: Option<Date>,
    until_certainty: Certainty,
    note: Option<&'a String>,
    sources: &'a [Id],
}

/// The columns of `rows` (posts add their title and `primary` after `of`).
fn periods<'a>(rows: &[Period<'a>], extra: Vec<(&'static str, Values<'a>)>) -> Table<'a> {
    let mut table = Table::default()
        .column(
            "actor",
            Values::Text(rows.iter().map(|r| text(r.actor)).collect()),
        )
        .column(
            "of",
            Values::Text(rows.iter().map(|r| text(r.of)).collect()),
        );
    for (name, values) in extra {
        table = table.column(name, values);
    }
    table
        .column(
            "from",
            Values::OptText(rows.iter().map(|r| date_text(r.from)).collect()),
        )
        .column(
            "from_certainty",
            Values::Text(
                rows.iter()
                    .map(|r| text(certainty_name(r.from_certainty)))
                    .collect(),
            ),
        )
        .column(
            "until",
            Values::OptText(rows.iter().map(|r| date_text(r.until)).collect()),
        )
        .column(
            "until_certainty",
            Values::Text(
                rows.iter()
                    .map(|r| text(certainty_name(r.until_certainty)))
                    .collect(),
            ),
        )
        .column(
            "note",
            Values::OptText(rows.iter().map(|r| opt_text(r.note)).collect()),
        )
        .column(
            "sources",
            Values::List(rows.iter().map(|r| List::Names(r.sources)).collect()),
        )
}

fn part_of(graph: &Graph) -> Table<'_> {
    let rows: Vec<Period<'_>> = graph
        .actors
        .values()
        .flat_map(|a| {
            a.part_of.iter().map(move |m| Period {
                actor: &a.id,
                of: &m.of,
                from: m.from,
                from_certainty: m.from_certainty,
                until: m.until,
                until_certainty: m.until_certainty,
                note: m.note.as_ref(),
                sources: &m.sources,
            })
        })
        .collect();
    periods(&rows, Vec::new())
}

fn posts(graph: &Graph) -> Table<'_> {
    let held: Vec<(&str, &Post)> = graph
        .actors
        .values()
        .flat_map(|a| a.posts.iter().map(move |p| (a.id.as_str(), p)))
        .collect();
    let rows: Vec<Period<'_>> = held
        .iter()
        .map(|&(actor, p)| Period {
            actor,
            of: &p.of,
            from: p.from,
            from_certainty: p.from_certainty,
            until: p.until,
            until_certainty: p.until_certainty,
            note: p.note.as_ref(),
            sources: &p.sources,
        })
        .collect();
    let extra = vec![
        (
            "title",
            Values::Text(held.iter().map(|(_, p)| text(&p.title)).collect()),
        ),
        (
            "primary",
            Values::Bool(held.iter().map(|(_, p)| p.primary).collect()),
        ),
    ];
    periods(&rows, extra)
}

/// The long relations table: one row per point, relations in the graph's order.
/// The long relations table of `graph` in row groups of `group` rows.
#[cfg(test)]
pub(crate) fn relations_grouped(graph: &Graph, group: usize) -> Result<Vec<u8>, ParquetError> {
    points(graph).write_grouped(group)
}

/// The long relations table, one row per point, made one row group at a time and one column at
/// a time: the points of a large graph are never all held as cells at once.
fn points(graph: &Graph) -> Table<'_> {
    points_as(graph, Said::of(graph))
}

/// [`points`], with the optional columns that `said` says no row fills written as nulls.
fn points_as(graph: &Graph, said: Said) -> Table<'_> {
    // Where each relation's rows start, to find the points of any range of rows.
    let mut starts = Vec::with_capacity(graph.relations.len() + 1);
    let mut total = 0;
    for r in &graph.relations {
        starts.push(total);
        total += r.series.len();
    }
    let names = Column::ALL.map(Column::name).to_vec();
    Table::lazy(total, names, move |column, range| {
        let first = starts
            .partition_point(|&s| s <= range.start)
            .saturating_sub(1);
        // The relations from the one holding the range's first row, with their first rows.
        let relations = || {
            graph.relations[first.min(graph.relations.len())..]
                .iter()
                .zip(&starts[first.min(starts.len())..])
        };
        // A relation's ends and kind, the same on each of its points: one run per relation.
        let runs = |text: fn(&Relation) -> &str| {
            relations()
                .take_while(|&(_, &start)| start < range.end)
                .map(|(r, &start)| {
                    let end = (start + r.series.len()).min(range.end);
                    (text(r), end.saturating_sub(start.max(range.start)))
                })
                .filter(|&(_, run)| run > 0)
                .collect()
        };
        let rows = || {
            relations()
                .flat_map(|(r, &start)| {
                    r.series
                        .iter()
                        .enumerate()
                        .map(move |(i, p)| (start + i, r, p))
                })
                .skip_while(|(row, _, _)| *row < range.start)
                .take(range.len())
                .map(|(_, r, p)| (r, p))
        };
        point_column(Column::ALL[column], range.len(), rows, runs, said)
    })
}

/// Which of the optional columns of the long relations table any row fills: one that none does
/// (most of them in a graph made from numbers alone) is written as nulls without visiting its
/// ten million points.
#[derive(Clone, Copy)]
struct Said {
    /// Some point has a note, event, sources, confidence, range or count.
    detail: bool,
    /// Some relation has its own interpolation.
    interpolation: bool,
    /// Some relation has a note.
    note: bool,
}

impl Said {
    fn of(graph: &Graph) -> Said {
        use rayon::prelude::*;
        Said {
            // Every point is visited (ten million at L, when none has any): on all cores.
            detail: graph
                .relations
                .par_iter()
                .with_min_len(4096)
                .any(|r| r.series.iter().any(Point::has_detail)),
            interpolation: graph.relations.iter().any(|r| r.interpolation.is_some()),
            note: graph.relations.iter().any(|r| r.note.is_some()),
        }
    }
}

/// Column `column` of the long relations table for the `len` points `rows` gives; `runs` gives a
/// text of their relations (ends, kind) as runs, one per relation.
fn point_column<'a, I>(
    column: Column,
    len: usize,
    rows: impl Fn() -> I,
    runs: impl Fn(fn(&Relation) -> &str) -> Vec<(&'a str, usize)>,
    said: Said,
) -> Values<'a>
where
    I: Iterator<Item = (&'a Relation, &'a Point)>,
{
    let unsaid = match column {
        Column::Interpolation => !said.interpolation,
        Column::RelationNote => !said.note,
        Column::Note
        | Column::Source
        | Column::Event
        | Column::Confidence
        | Column::RangeLow
        | Column::RangeHigh
        | Column::Count => !said.detail,
        _ => false,
    };
    if unsaid {
        let empty = match column {
            Column::Source => Empty::List,
            Column::Confidence | Column::RangeLow | Column::RangeHigh => Empty::Double,
            Column::Count => Empty::U64,
            _ => Empty::Text,
        };
        return Values::Empty(empty, len);
    }
    let weight = |p: &Point| match p.value() {
        PointValue::Weight(w) => Some(w),
        PointValue::End => None,
    };
    match column {
        Column::From => Values::Runs(runs(|r| r.ends.pair().0)),
        Column::To => Values::Runs(runs(|r| r.ends.pair().1)),
        Column::Kind => Values::Runs(runs(|r| &r.kind)),
        Column::Date => Values::Dates(sized(len, rows().map(|(_, p)| p.date))),
        Column::Weight => Values::OptDouble(sized(len, rows().map(|(_, p)| weight(p)))),
        Column::Directed => Values::Bool(sized(len, rows().map(|(r, _)| r.ends.is_directed()))),
        Column::End => Values::Bool(sized(len, rows().map(|(_, p)| p.is_end()))),
        Column::Interpolation => Values::OptText(sized(
            len,
            rows().map(|(r, _)| r.interpolation.map(|i| text(Interpolation::as_str(i)))),
        )),
        Column::Note => Values::OptText(sized(len, rows().map(|(_, p)| opt_text(p.note())))),
        Column::Source => Values::List(sized(len, rows().map(|(_, p)| List::Names(p.sources())))),
        Column::Event => Values::OptText(sized(len, rows().map(|(_, p)| opt_text(p.event())))),
        Column::Confidence => Values::OptDouble(sized(len, rows().map(|(_, p)| p.confidence()))),
        Column::RangeLow => {
            Values::OptDouble(sized(len, rows().map(|(_, p)| p.range().map(|r| r[0]))))
        }
        Column::RangeHigh => {
            Values::OptDouble(sized(len, rows().map(|(_, p)| p.range().map(|r| r[1]))))
        }
        Column::Count => Values::OptU64(sized(len, rows().map(|(_, p)| p.count()))),
        Column::RelationNote => {
            Values::OptText(sized(len, rows().map(|(r, _)| opt_text(r.note.as_ref()))))
        }
    }
}

/// The items of `rows`, which holds `len` of them, allocated at once: the rows' iterator cannot
/// tell its length, and a column grown cell by cell copied a million cells many times over.
fn sized<T>(len: usize, rows: impl Iterator<Item = T>) -> Vec<T> {
    let mut cells = Vec::with_capacity(len);
    cells.extend(rows);
    cells
}

fn events(graph: &Graph) -> Table<'_> {
    let events = || graph.events.iter();
    Table::default()
        .column(
            "id",
            Values::Text(events().map(|(id, _)| text(id)).collect()),
        )
        .column(
            "date",
            Values::Text(
                events()
                    .map(|(_, e)| Cow::Owned(e.date.to_string()))
                    .collect(),
            ),
        )
        .column(
            "title",
            Values::Text(events().map(|(_, e)| text(&e.title)).collect()),
        )
        .column(
            "description",
            Values::OptText(
                events()
                    .map(|(_, e)| opt_text(e.description.as_ref()))
                    .collect(),
            ),
        )
        .column(
            "actors",
            Values::List(events().map(|(_, e)| List::Names(&e.actors)).collect()),
        )
        .column(
            "sources",
            Values::List(events().map(|(_, e)| List::Names(&e.sources)).collect()),
        )
}

fn sources(graph: &Graph) -> Table<'_> {
    let sources = || graph.sources.iter();
    Table::default()
        .column(
            "id",
            Values::Text(sources().map(|(id, _)| text(id)).collect()),
        )
        .column(
            "title",
            Values::Text(sources().map(|(_, s)| text(&s.title)).collect()),
        )
        .column(
            "publisher",
            Values::OptText(
                sources()
                    .map(|(_, s)| opt_text(s.publisher.as_ref()))
                    .collect(),
            ),
        )
        .column(
            "date",
            Values::OptText(sources().map(|(_, s)| date_text(s.date)).collect()),
        )
        .column(
            "url",
            Values::OptText(sources().map(|(_, s)| opt_text(s.url.as_ref())).collect()),
        )
}

#[cfg(test)]
mod tests {
    use crate::generate::{Spec, generate};

    /// The tables written on `threads` threads, the points in row groups of `group` rows.
    fn written(graph: &crate::model::Graph, threads: usize, group: usize) -> Vec<Vec<u8>> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| {
            let mut tables: Vec<Vec<u8>> = super::graph(graph)
                .unwrap()
                .into_iter()
                .map(|(_, bytes)| bytes)
                .collect();
            tables.push(super::relations_grouped(graph, group).unwrap());
            tables
        })
    }

    #[test]
    fn columns_no_row_fills_are_the_same_bytes_written_as_nulls_or_cell_by_cell() {
        let mut graph = generate(&Spec {
            relations: 300,
            points_per_relation: 7,
            ..Spec::default()
        });
        let slow = |graph: &crate::model::Graph| {
            let all = super::Said {
                detail: true,
                interpolation: true,
                note: true,
            };
            super::points_as(graph, all).write_grouped(500).unwrap()
        };
        let fast = |graph: &crate::model::Graph| super::points(graph).write_grouped(500).unwrap();
        // Strip the graph of everything optional, then give back one field at a time.
        for r in &mut graph.relations {
            r.interpolation = None;
            r.note = None;
            for p in &mut r.series {
                p.take_detail();
            }
        }
        let said = super::Said::of(&graph);
        assert!(!(said.detail || said.interpolation || said.note));
        assert!(fast(&graph) == slow(&graph), "nothing said");
        let last = graph.relations.len() - 1;
        graph.relations[last].series[0].edit_detail(|d| d.count = Some(3));
        assert!(fast(&graph) == slow(&graph), "one count");
        graph.relations[last].note = Some("one note".to_string());
        graph.relations[0].interpolation = Some(crate::model::Interpolation::Linear);
        assert!(
            fast(&graph) == slow(&graph),
            "one note and one interpolation"
        );
    }

    #[test]
    fn the_tables_are_the_same_bytes_whatever_the_thread_count() {
        let graph = generate(&Spec {
            relations: 300,
            points_per_relation: 7,
            ..Spec::default()
        });
        let one = written(&graph, 1, 500);
        assert!(
            one.iter()
                .all(|t| t.starts_with(b"PAR1") && t.ends_with(b"PAR1"))
        );
        for threads in [2, 3, 8] {
            assert!(written(&graph, threads, 500) == one, "{threads} threads");
        }
    }
}
