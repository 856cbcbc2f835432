//! The long relations table and the actors table, as `import csv` reads them: one row per point
//! (expiries as `end` rows), every per-point field in its column, so that exporting a graph and
//! importing the tables gives the graph back (posts, events' and sources' details and the graph's
//! title are not in the tables; docs/data.md lists what is; the columnar graph,
//! [`super::parquet`], carries everything).

use crate::import::csv::{ActorColumn, Column};
use crate::model::{Actor, Attribute, Graph, Interpolation, Point, PointValue, Relation};

/// Why a graph cannot be written as tables.
#[derive(Debug, thiserror::Error)]
pub enum CsvError {
    /// A source id holds the `;` that separates sources in a cell.
    #[error("source id `{0}` contains `;`, which separates sources in the `source` column")]
    SourceId(String),
    /// The CSV writer failed.
    #[error("cannot write CSV: {0}")]
    Csv(#[from] csv::Error),
}

/// The relations table: a header, then one row per point, relations in the graph's order.
///
/// ```
/// let graph = detente::load::load_str(
///     "detente: 1\nactors:\n  A: {name: A, kind: state}\n  B: {name: B, kind: state}\n\
///      relations:\n  - between: [A, B]\n    series: [{date: 2020, weight: 0.5}, {date: 2021, end: true}]\n",
///     "g.yaml",
/// )?;
/// let table = detente::export::csv::relations(&graph)?;
/// assert_eq!(
///     table,
///     "from,to,kind,date,weight,directed,end,interpolation,note,source,event,confidence,\
///      range_low,range_high,count,relation_note\n\
///      A,B,relation,2020,0.5,false,,,,,,,,,,\n\
///      A,B,relation,2021,,false,true,,,,,,,,,\n"
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn relations(graph: &Graph) -> Result<String, CsvError> {
    let mut bytes = Vec::new();
    write_relations(graph, &mut bytes)?;
    Ok(crate::render::runs::written_text(bytes))
}

/// How many relations' rows one task of [`write_relations`] makes.
const RELATIONS_PER_RUN: usize = 4096;

/// [`relations`], written to `out` as it is made: the rows are made on all cores, a few runs of
/// relations at a time, and written in the graph's order (the same bytes as one thread's), so
/// that ten million rows are never held whole in memory.
///
/// # Errors
/// A source id holding `;` (before anything is written), or `out` failing.
pub fn write_relations(graph: &Graph, out: &mut dyn std::io::Write) -> Result<(), CsvError> {
    check_writable(graph)?;
    let mut header = csv::Writer::from_writer(Vec::new());
    header.write_record(Column::ALL.map(Column::name))?;
    out.write_all(&into_bytes(header)?)
        .map_err(csv::Error::from)?;
    crate::render::runs::write_in_runs(
        graph.relations.len(),
        RELATIONS_PER_RUN,
        |run| {
            let mut w = csv::Writer::from_writer(Vec::with_capacity(run.len() * 512));
            for relation in &graph.relations[run] {
                rows(graph, relation, &mut w).map_err(std::io::Error::other)?;
            }
            into_bytes(w).map_err(std::io::Error::other)
        },
        |bytes| out.write_all(bytes),
    )
    .map_err(csv::Error::from)?;
    Ok(())
}

/// Whether `graph` can be written as tables: no source id holds the `;` that separates sources
/// in a cell. [`write_relations`] checks it before it writes anything.
pub fn check_writable(graph: &Graph) -> Result<(), CsvError> {
    use rayon::prelude::*;
    let bad = graph
        .relations
        .par_iter()
        .flat_map_iter(|r| r.series.iter().flat_map(|p| p.sources()))
        .find_first(|source| source.contains(';'));
    match bad {
        Some(source) => Err(CsvError::SourceId(source.to_string())),
        None => Ok(()),
    }
}

/// The rows of `relation`'s points, with an `end` row where a weight lapses.
fn rows(graph: &Graph, relation: &Relation, w: &mut csv::Writer<Vec<u8>>) -> csv::Result<()> {
    let expires = graph.expiry_of(relation);
    for (i, point) in relation.series.iter().enumerate() {
        w.write_record(Column::ALL.map(|c| cell(relation, point, c)))?;
        // The table has no kinds: a weight that lapses (`expires:`) before the next point
        // renews it ends in an `end` row on the day it lapses, which reads back to the same
        // weight on every date (linear interpolation never crosses an end either).
        let lapse = expires.and_then(|span| span.after(point.date));
        let renewed = |lapse| relation.series.get(i + 1).is_some_and(|n| n.date <= lapse);
        if let Some(lapse) = lapse
            && !point.is_end()
            && !renewed(lapse)
        {
            let end = Point::end(lapse);
            w.write_record(Column::ALL.map(|c| cell(relation, &end, c)))?;
        }
    }
    Ok(())
}

/// One cell of a point's row.
fn cell(relation: &Relation, point: &Point, column: Column) -> String {
    let (from, to) = relation.ends.pair();
    match column {
        Column::From => from.to_string(),
        Column::To => to.to_string(),
        Column::Kind => relation.kind.to_string(),
        Column::Date => point.date.to_string(),
        // A weight read from the input: Rust prints the shortest text that reads back the same.
        Column::Weight => match point.value() {
            PointValue::Weight(w) => w.to_string(),
            PointValue::End => String::new(),
        },
        Column::Directed => relation.ends.is_directed().to_string(),
        Column::End => match point.value() {
            PointValue::End => "true".to_string(),
            PointValue::Weight(_) => String::new(),
        },
        Column::Interpolation => relation
            .interpolation
            .map(Interpolation::as_str)
            .unwrap_or_default()
            .to_string(),
        Column::Note => point.note().map(str::to_string).unwrap_or_default(),
        Column::Source => point.sources().join(";"),
        Column::Event => point.event().map(str::to_string).unwrap_or_default(),
        // A number read from the input, printed as it reads back.
        Column::Confidence => point
            .confidence()
            .map(|c| c.to_string())
            .unwrap_or_default(),
        Column::RangeLow => point.range().map(|r| r[0].to_string()).unwrap_or_default(),
        Column::RangeHigh => point.range().map(|r| r[1].to_string()).unwrap_or_default(),
        Column::Count => point.count().map(|c| c.to_string()).unwrap_or_default(),
        Column::RelationNote => relation.note.clone().unwrap_or_default(),
    }
}

/// The actors table: `id,name,kind,note`, by id.
pub fn actors(graph: &Graph) -> Result<String, CsvError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    // Attributes follow the fixed columns, one column each, in name order.
    let names: std::collections::BTreeSet<&str> = graph
        .actors
        .values()
        .flat_map(|a| a.attributes.keys().map(String::as_str))
        .collect();
    let header = ActorColumn::ALL
        .map(ActorColumn::name)
        .into_iter()
        .chain(names.iter().copied());
    w.write_record(header)?;
    for actor in graph.actors.values() {
        let attributes = names.iter().map(|name| {
            actor
                .attributes
                .get(*name)
                .map_or_else(String::new, attribute_cell)
        });
        w.write_record(
            ActorColumn::ALL
                .map(|c| actor_cell(actor, c))
                .into_iter()
                .chain(attributes),
        )?;
    }
    finish(w)
}

fn actor_cell(actor: &Actor, column: ActorColumn) -> String {
    match column {
        ActorColumn::Id => actor.id.to_string(),
        ActorColumn::Name => actor.name.clone(),
        ActorColumn::Kind => actor.kind.as_str().to_string(),
        ActorColumn::Note => actor.note.clone().unwrap_or_default(),
        ActorColumn::Aliases => actor.aliases.join(";"),
    }
}

fn attribute_cell(value: &Attribute) -> String {
    match value {
        Attribute::Text(text) => text.clone(),
        Attribute::Number(number) => number.to_string(),
        Attribute::Bool(b) => b.to_string(),
    }
}

fn finish(w: csv::Writer<Vec<u8>>) -> Result<String, CsvError> {
    Ok(crate::render::runs::written_text(into_bytes(w)?))
}

/// What a writer of text into memory wrote.
fn into_bytes(w: csv::Writer<Vec<u8>>) -> csv::Result<Vec<u8>> {
    w.into_inner().map_err(|e| e.into_error().into())
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use crate::generate::{Spec, generate};
    use crate::import::{Input, csv as import};

    /// A generated graph as the tables carry it: no title, no posts.
    fn tabular(mut graph: crate::model::Graph) -> crate::model::Graph {
        graph.title = None;
        for actor in graph.actors.values_mut() {
            actor.posts.clear();
        }
        graph
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]
        #[test]
        fn exporting_then_importing_gives_the_graph_back(
            seed in 0u64..1000,
            actors in 2usize..30,
            relations in 0usize..60,
            points in 1usize..6,
        ) {
            let spec = Spec { seed, end_share: 0.3, ..Spec::sized(actors, relations, points) };
            let graph = tabular(generate(&spec));
            let table = Input { name: "r.csv".into(), text: super::relations(&graph).unwrap() };
            let people = Input { name: "a.csv".into(), text: super::actors(&graph).unwrap() };
            let back = import::relations(&table, Some(&people), &import::Options::default())
                .unwrap();
            prop_assert!(back.warnings.is_empty(), "{:?}", back.warnings);
            prop_assert_eq!(back.graph, graph);
        }
    }

    #[test]
    fn rows_made_in_many_runs_are_written_in_the_graphs_order_and_read_back() {
        // Three runs and a bit, each relation's rows after the one before's.
        let relations = 3 * super::RELATIONS_PER_RUN + 17;
        let spec = Spec {
            seed: 7,
            end_share: 0.2,
            ..Spec::sized(300, relations, 3)
        };
        let graph = tabular(generate(&spec));
        let text = super::relations(&graph).unwrap();
        let mut streamed = Vec::new();
        super::write_relations(&graph, &mut streamed).unwrap();
        assert_eq!(streamed, text.as_bytes());
        let points: usize = graph.relations.iter().map(|r| r.series.len()).sum();
        assert_eq!(text.lines().count(), 1 + points);
        let table = Input {
            name: "r.csv".into(),
            text,
        };
        let people = Input {
            name: "a.csv".into(),
            text: super::actors(&graph).unwrap(),
        };
        let back = import::relations(&table, Some(&people), &import::Options::default()).unwrap();
        assert_eq!(back.graph, graph);
    }

    #[test]
    fn a_source_id_with_the_separator_stops_the_table_before_anything_is_written() {
        let graph = crate::load::load_str(
            "detente: 1\nactors:\n  A: {name: A, kind: state}\n  B: {name: B, kind: state}\n\
             sources:\n  x: {title: X}\n  'a;b': {title: AB}\nrelations:\n  - between: [A, B]\n    \
             series: [{date: 2020, weight: 0.5, sources: [x]}, {date: 2021, weight: 0.1, sources: ['a;b']}]\n",
            "g.yaml",
        )
        .unwrap();
        let mut out = Vec::new();
        let e = super::write_relations(&graph, &mut out).unwrap_err();
        assert_eq!(
            e.to_string(),
            "source id `a;b` contains `;`, which separates sources in the `source` column"
        );
        assert!(out.is_empty());
    }
}
