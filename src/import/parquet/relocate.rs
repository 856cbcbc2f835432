//! Problems of a columnar graph, traced back to the rows of its tables.
//!
//! A columnar graph is checked by the checks a graph file gets: when something is wrong (an
//! unknown actor a post names, a source no table lists, a post that ends before it starts), the
//! graph is written out as YAML and read back, which finds every problem with a line and a
//! column of that text. Nobody wrote that text. This module finds, for each problem, the value of
//! the text it points at (every value of the text is read again with its position), what that
//! value is in the graph (a post of an actor, a point of a tie, ...), and the row and column of
//! the table it came from: `posts.parquet, row 2, column `of`: unknown actor `BLR2``.

use std::collections::{BTreeMap, HashMap};

use super::columns::{Indices, Interned, Table};
use crate::load::raw::{RawGraph, Relations, Series};
use crate::load::{Diagnostic, Diagnostics};
use crate::model::{DEFAULT_KIND, Date, Graph};
use crate::reader::{Field, FieldPositions, Got, List, Located, Position, Text};

/// What a value of the written text is in the graph.
#[derive(Debug, Clone, PartialEq)]
enum Place {
    /// A field (or, with `None`, the whole) of an actor.
    Actor(String, Option<&'static str>),
    /// An attribute of an actor: its name, and whether the position is the name's (or the
    /// value's).
    Attribute(String, String, bool),
    /// The `nth` post (`true`) or membership (`false`) of an actor, and a field of it.
    Period(String, bool, usize, Option<&'static str>),
    /// A field of an event.
    Event(String, Option<&'static str>),
    /// A field of a source.
    Source(String, Option<&'static str>),
    /// A field of the `nth` relation.
    Relation(usize, Option<&'static str>),
    /// An end of the `nth` relation, as written in `between:`.
    End(usize, String),
    /// A field of a point: the relation's place and the point's.
    Point(usize, usize, Option<&'static str>),
}

/// Pushes the place of a value at `at` (`place(None)`) and of each of its fields.
fn push<T: FieldPositions>(
    out: &mut Vec<(Position, Place)>,
    at: Position,
    value: &T,
    place: impl Fn(Option<&'static str>) -> Place,
) {
    out.push((at, place(None)));
    for (field, at) in value.positions() {
        out.push((at, place(Some(field))));
    }
}

/// Pushes the places of an actor's posts (`posts`) or memberships, and of their fields.
fn periods<T: FieldPositions>(
    out: &mut Vec<(Position, Place)>,
    actor: &str,
    posts: bool,
    list: &Field<List<Located<Got<T>>>>,
) {
    let Some(Got::Ok(list)) = list.as_ref().map(|f| &f.value) else {
        return;
    };
    for (nth, period) in list.0.iter().enumerate() {
        let place = |field| Place::Period(actor.to_string(), posts, nth, field);
        match &period.value {
            Got::Ok(value) => push(out, period.at, value, place),
            Got::Wrong(_) => out.push((period.at, place(None))),
        }
    }
}

/// Every value of `raw` that this module can trace, with where it starts, in text order.
fn places(raw: &RawGraph) -> Vec<(Position, Place)> {
    let mut out = Vec::new();
    let text = |key: &Located<Got<Text>>| match &key.value {
        Got::Ok(Text(t)) => Some(t.clone()),
        Got::Wrong(_) => None,
    };
    if let Some(Got::Ok(actors)) = raw.actors.as_ref().map(|f| &f.value) {
        for (key, actor) in &actors.0 {
            let Some(id) = text(key) else { continue };
            let Got::Ok(actor) = &actor.value else {
                continue;
            };
            push(&mut out, key.at, actor, |f| Place::Actor(id.clone(), f));
            periods(&mut out, &id, true, &actor.posts);
            periods(&mut out, &id, false, &actor.part_of);
            if let Some(Got::Ok(attributes)) = actor.attributes.as_ref().map(|f| &f.value) {
                for (name, value) in &attributes.0 {
                    let Some(name_text) = text(name) else {
                        continue;
                    };
                    out.push((
                        name.at,
                        Place::Attribute(id.clone(), name_text.clone(), true),
                    ));
                    out.push((value.at, Place::Attribute(id.clone(), name_text, false)));
                }
            }
        }
    }
    if let Some(Got::Ok(events)) = raw.events.as_ref().map(|f| &f.value) {
        for (key, event) in &events.0 {
            if let (Some(id), Got::Ok(event)) = (text(key), &event.value) {
                push(&mut out, key.at, event, |f| Place::Event(id.clone(), f));
            }
        }
    }
    if let Some(Got::Ok(sources)) = raw.sources.as_ref().map(|f| &f.value) {
        for (key, source) in &sources.0 {
            if let (Some(id), Got::Ok(source)) = (text(key), &source.value) {
                push(&mut out, key.at, source, |f| Place::Source(id.clone(), f));
            }
        }
    }
    if let Some(Got::Ok(Relations::Located(relations))) = raw.relations.as_ref().map(|f| &f.value) {
        for (nth, relation) in relations.iter().enumerate() {
            let (at, Got::Ok(relation)) = (relation.at, &relation.value) else {
                continue;
            };
            push(&mut out, at, relation, |f| Place::Relation(nth, f));
            if let Some(Got::Ok(ends)) = relation.between.as_ref().map(|f| &f.value) {
                for end in &ends.0 {
                    if let Some(id) = text(end) {
                        out.push((end.at, Place::End(nth, id)));
                    }
                }
            }
            if let Some(Got::Ok(Series::Located(points))) =
                relation.series.as_ref().map(|f| &f.value)
            {
                for (p, point) in points.iter().enumerate() {
                    if let Got::Ok(value) = &point.value {
                        push(&mut out, point.at, value, |f| Place::Point(nth, p, f));
                    }
                }
            }
        }
    }
    // Stable: a value and its first field may start at one position; the field is kept last,
    // and the last place at or before a position is the one it is in.
    out.sort_by_key(|(at, _)| *at);
    out
}

/// The tables of a columnar graph, and the columns read from them so far: a graph of millions
/// of points with a hundred problems reads each column once.
struct Tables<'a> {
    tables: &'a BTreeMap<&'a str, Table>,
    graph: &'a Graph,
    texts: HashMap<(&'static str, &'static str), Vec<Option<String>>>,
    dates: Option<Vec<Option<Date>>>,
    /// The rows of `points.parquet` of each relation asked for, by its place in the graph.
    rows: HashMap<usize, Vec<usize>>,
    /// The `from` column of `points.parquet`, interned, once relations were looked for.
    from: Option<Interned>,
}

impl<'a> Tables<'a> {
    /// A table's text column, or nothing when it cannot be read (the problem is then reported
    /// without its row).
    fn column(&mut self, table: &'static str, column: &'static str) -> &[Option<String>] {
        let tables = self.tables;
        self.texts.entry((table, column)).or_insert_with(|| {
            let read = tables.get(table).map(|t| t.texts(column));
            read.and_then(Result::ok).flatten().unwrap_or_default()
        })
    }

    /// The row of `table` whose `column` is `value`.
    fn row_with(
        &mut self,
        table: &'static str,
        column: &'static str,
        value: &str,
    ) -> Option<usize> {
        self.column(table, column)
            .iter()
            .position(|cell| cell.as_deref() == Some(value))
    }

    /// Finds the rows of `points.parquet` of each of `relations` (places in the graph), in one
    /// pass over the table's `from`, `to` and `kind` columns, interned (as the reader reads
    /// them): rows are matched by the indices of their values, and only the values are read as
    /// text (ten million rows as strings took seconds).
    fn find_relations(&mut self, relations: &[usize]) {
        let graph = self.graph;
        let Some(table) = self.tables.get("points.parquet") else {
            return;
        };
        let interned = |column| table.interned(column).ok().flatten();
        let (Some(from), Some(to)) = (interned("from"), interned("to")) else {
            return;
        };
        let kinds = interned("kind");
        // The index of each of a column's distinct values.
        let places = |values: &[crate::model::Name]| -> HashMap<String, u32> {
            (values.iter().enumerate())
                .map(|(i, v)| (v.to_string(), u32::try_from(i).unwrap_or(Indices::NULL)))
                .collect()
        };
        let (from_at, to_at) = (places(&from.1), places(&to.1));
        let kind_at = kinds.as_ref().map(|k| places(&k.1)).unwrap_or_default();
        // A relation's rows name its ends in either order (a mutual tie's rows may): each is
        // looked for both ways, by (from, to, kind) indices. The default kind is looked for as a
        // null cell (and a row that writes it out is read as one below); another kind that no
        // row names has no rows.
        let mut wanted: HashMap<(u32, u32, u32), Vec<usize>> = HashMap::new();
        for &nth in relations {
            let Some(r) = graph.relations.get(nth) else {
                continue;
            };
            let (a, b) = r.ends.pair();
            let kind = match kind_at.get(r.kind.as_str()) {
                _ if r.kind.as_str() == DEFAULT_KIND => Indices::NULL,
                Some(&k) => k,
                None => continue,
            };
            for (x, y) in [(a, b), (b, a)] {
                if let (Some(&f), Some(&t)) = (from_at.get(x), to_at.get(y)) {
                    let rows = wanted.entry((f, t, kind)).or_default();
                    if !rows.contains(&nth) {
                        rows.push(nth);
                    }
                }
            }
        }
        // A default kind written out in the column is the same kind as a null one.
        let default_kind = kind_at.get(DEFAULT_KIND).copied();
        let mut found: HashMap<usize, Vec<usize>> = HashMap::new();
        for row in 0..table.rows() {
            let (Some(f), Some(t)) = (from.0.get(row), to.0.get(row)) else {
                continue;
            };
            let kind = match kinds.as_ref().and_then(|k| k.0.get(row)) {
                Some(k) if Some(k) == default_kind => Indices::NULL,
                Some(k) => k,
                None => Indices::NULL,
            };
            for nth in wanted.get(&(f, t, kind)).into_iter().flatten() {
                found.entry(*nth).or_default().push(row);
            }
        }
        self.rows = found;
        self.from = Some(from);
    }

    /// The first row of `points.parquet` of the `nth` relation of the graph (and, with `point`,
    /// of that point of its series).
    fn point_row(&mut self, nth: usize, point: Option<usize>) -> Option<usize> {
        let rows = self.rows.get(&nth)?;
        let Some(p) = point else {
            return rows.first().copied();
        };
        let date = self.graph.relations.get(nth)?.series.get(p)?.date;
        let tables = self.tables;
        let dates = self.dates.get_or_insert_with(|| {
            let read = tables.get("points.parquet").map(|t| t.dates("date"));
            read.and_then(Result::ok).flatten().unwrap_or_default()
        });
        rows.iter()
            .copied()
            .find(|&r| dates.get(r).copied().flatten() == Some(date))
    }

    /// Where a place's value came from: a table, and the row and column when found.
    fn origin(&mut self, place: &Place) -> Option<(&'static str, Option<usize>, Option<String>)> {
        let field = |f: &Option<&'static str>| f.map(str::to_string);
        let has = |name: &str| self.tables.contains_key(name);
        Some(match place {
            Place::Actor(id, f) => {
                let t = "actors.parquet";
                (t, self.row_with(t, "id", id), field(f))
            }
            Place::Attribute(actor, name, is_name) => {
                let t = "attributes.parquet";
                if !has(t) {
                    return None;
                }
                let owners = self.column(t, "actor").to_vec();
                let names = self.column(t, "name");
                let row = (0..owners.len().min(names.len())).find(|&r| {
                    owners[r].as_deref() == Some(actor) && names[r].as_deref() == Some(name)
                });
                let col = match (is_name, row) {
                    (true, _) => Some("name"),
                    // The value's column is the one filled in that row.
                    (false, Some(r)) => Some(match self.column(t, "text").get(r) {
                        Some(Some(_)) => "text",
                        _ => "number",
                    }),
                    (false, None) => None,
                };
                (t, row, col.map(str::to_string))
            }
            Place::Period(actor, posts, nth, f) => {
                let t = if *posts {
                    "posts.parquet"
                } else {
                    "part_of.parquet"
                };
                if !has(t) {
                    return None;
                }
                // An actor's periods are in the order of their rows.
                let row = self
                    .column(t, "actor")
                    .iter()
                    .enumerate()
                    .filter(|(_, cell)| cell.as_deref() == Some(actor))
                    .nth(*nth)
                    .map(|(r, _)| r);
                (t, row, field(f))
            }
            Place::Event(id, f) => {
                let t = "events.parquet";
                if !has(t) {
                    return None;
                }
                (t, self.row_with(t, "id", id), field(f))
            }
            Place::Source(id, f) => {
                let t = "sources.parquet";
                if !has(t) {
                    return None;
                }
                (t, self.row_with(t, "id", id), field(f))
            }
            Place::Relation(nth, f) => {
                let col = f
                    .filter(|f| *f != "between")
                    .map(|f| point_column(f).to_string());
                ("points.parquet", self.point_row(*nth, None), col)
            }
            Place::End(nth, id) => {
                let row = self.point_row(*nth, None);
                let from = |r| {
                    let (rows, values) = self.from.as_ref()?;
                    values.get(rows.get(r)? as usize)
                };
                let col = row.map(|r| match from(r) {
                    Some(from) if from.as_str() == id => "from".to_string(),
                    _ => "to".to_string(),
                });
                ("points.parquet", row, col)
            }
            Place::Point(nth, p, f) => {
                let row = self.point_row(*nth, Some(*p));
                (
                    "points.parquet",
                    row,
                    f.map(|f| point_column(f).to_string()),
                )
            }
        })
    }
}

/// The column of `points.parquet` that a field of a relation or point is read from.
fn point_column(field: &str) -> &str {
    match field {
        "sources" => "source",
        "range" => "range_low",
        other => other,
    }
}

/// The problems that checking `graph`'s text found (`found`), each said of the table, row and
/// column it came from, as problems of the columnar graph `dir`. A problem that cannot be
/// traced keeps its message, without a position.
pub(super) fn relocate(
    dir: &str,
    tables: &BTreeMap<&str, Table>,
    graph: &Graph,
    found: Diagnostics,
) -> Diagnostics {
    let last = found.items.iter().filter_map(|d| d.position).max();
    let places = found
        .source
        .as_deref()
        .and_then(|text| {
            // Read up to the last problem only: at a million points the text is hundreds of
            // megabytes, and a problem is often in the actors, before the relations.
            let upto = last.map_or(text, |at| up_to_line(text, at.line));
            crate::load::located_raw(upto).or_else(|| crate::load::located_raw(text))
        })
        .map(|raw| places(&raw))
        .unwrap_or_default();
    let place_of = |at: Position| {
        let i = places.partition_point(|(p, _)| *p <= at);
        i.checked_sub(1).map(|i| &places[i].1)
    };
    let mut lookup = Tables {
        tables,
        graph,
        texts: HashMap::new(),
        dates: None,
        rows: HashMap::new(),
        from: None,
    };
    let relations: Vec<usize> = found
        .items
        .iter()
        .filter_map(|d| match place_of(d.position?)? {
            Place::Relation(nth, _) | Place::End(nth, _) | Place::Point(nth, _, _) => Some(*nth),
            _ => None,
        })
        .collect();
    if !relations.is_empty() {
        lookup.find_relations(&relations);
    }
    let items = found
        .items
        .into_iter()
        .map(|d| {
            let origin = d.position.and_then(place_of).and_then(|p| lookup.origin(p));
            let message = match origin {
                Some((t, Some(row), Some(col))) => {
                    format!("{t}, row {}, column `{col}`: {}", row + 1, d.message)
                }
                Some((t, Some(row), None)) => format!("{t}, row {}: {}", row + 1, d.message),
                Some((t, None, _)) => format!("{t}: {}", d.message),
                None => d.message,
            };
            Diagnostic {
                position: None,
                message,
                help: d.help.map(|h| table_help(&h)),
            }
        })
        .collect();
    Diagnostics::new(dir, items, None)
}

/// `text` (YAML as [`crate::load::to_yaml`] writes it) up to the end of the value that line
/// `line` is in: cut before the first later line at which a top-level key or a relation (an item
/// of the top-level list) starts, so that what is left still reads as a graph.
fn up_to_line(text: &str, line: u32) -> &str {
    let index = crate::reader::LineIndex::new(text);
    let Some(next) = index.start(line.saturating_add(1)) else {
        return text;
    };
    let mut at = next;
    for rest in text[next..].split_inclusive('\n') {
        let top_key = rest.split_once(':').is_some_and(|(key, _)| {
            !key.is_empty() && key.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
        });
        if rest.starts_with("- ") || top_key {
            return &text[..at];
        }
        at += rest.len();
    }
    text
}

/// A help written for a graph file, said of the tables instead.
fn table_help(help: &str) -> String {
    let mut out = help.to_string();
    for (section, table) in [
        ("actors", "actors.parquet"),
        ("events", "events.parquet"),
        ("sources", "sources.parquet"),
    ] {
        out = out.replace(
            &format!("declare it under `{section}:`"),
            &format!("add a row for it to {table}"),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::up_to_line;

    #[test]
    fn the_text_is_cut_after_the_value_a_line_is_in_and_still_reads_as_a_graph() {
        let text = "detente: 1\nactors:\n  A: {name: A, kind: state}\n  B: {name: B, kind: state}\n\
                    relations:\n- between: [A, B]\n  series:\n  - {date: 2020, weight: 0.5}\n\
                    - between: [B, A]\n  kind: trade\n  series:\n  - {date: 2021, weight: 0.1}\n\
                    events:\n  e: {date: 2020, title: E}\n";
        let lines: Vec<&str> = text.lines().collect();
        // In an actor: up to the relations; in the first relation: up to the second; in the
        // second: up to the events; in the events, or past the end: all of it.
        for (line, ends_before) in [
            (3, Some("relations:")),
            (8, Some("- between: [B, A]")),
            (10, Some("events:")),
            (14, None),
            (99, None),
        ] {
            let cut = up_to_line(text, line);
            match ends_before {
                Some(next) => assert!(text[cut.len()..].starts_with(next), "{line}: {cut}"),
                None => assert_eq!(cut, text),
            }
            assert!(cut.contains(lines[(line as usize).min(lines.len()) - 1]));
            assert!(crate::load::located_raw(cut).is_some(), "{cut}");
        }
    }
}
