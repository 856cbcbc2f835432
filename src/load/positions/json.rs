//! The [`Positions`] of a JSON file, read with `serde_json`.
//!
//! JSON is YAML, so the YAML reader with positions reads JSON files too, but it pays a saphyr
//! location and a synthesised map for every value: `check --unsourced` of a 100 MB JSON graph
//! took 6 s and 1 GB there. Here serde_json keeps each point, post and entry as the slice of the
//! text it was written in ([`RawValue`]), and a slice's place in the text is its position. The
//! result is the same as the YAML reader's (a test compares them); a file this cannot read is
//! left to that reader.

use std::borrow::Cow;
use std::fmt;

use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;

use super::Positions;
use crate::model::Date;
use crate::reader::{Got, Position, RawDate};

/// The positions in `text`, read as JSON; `None` when it is not a JSON object or has a shape
/// the file format does not (then the YAML reader says the same, or better).
pub(super) fn positions(text: &str) -> Option<Positions> {
    if !text.trim_start().starts_with('{') {
        return None;
    }
    let top: Top<'_> = serde_json::from_str(text).ok()?;
    // Every offset to locate, in the order they are used; located in one pass in text order.
    let mut points: Vec<Vec<(Date, usize)>> = Vec::new();
    for relation in top.relations.unwrap_or_default() {
        let located = relation
            .series
            .unwrap_or_default()
            .into_iter()
            .filter_map(|raw| {
                let point: Point = serde_json::from_str(raw.get()).ok()?;
                Some((point.date()?, offset(text, raw)))
            })
            .collect();
        points.push(located);
    }
    let mut posts: Vec<(String, Vec<usize>)> = Vec::new();
    for (id, raw) in top.actors.map(|a| a.0).unwrap_or_default() {
        let Ok(actor) = serde_json::from_str::<Actor<'_>>(raw.get()) else {
            continue;
        };
        let at = actor.posts.unwrap_or_default();
        posts.push((
            id.into_owned(),
            at.iter().map(|p| offset(text, p)).collect(),
        ));
    }
    let key_at = |raw: &RawValue| key_before(text, offset(text, raw));
    let kinds: Vec<(String, usize)> = (top.relation_kinds.map(|k| k.0).unwrap_or_default())
        .into_iter()
        .map(|(kind, raw)| Some((kind.into_owned(), key_at(raw)?)))
        .collect::<Option<_>>()?;
    let events: Vec<(String, usize)> = (top.events.map(|e| e.0).unwrap_or_default())
        .into_iter()
        .map(|(id, raw)| Some((id.into_owned(), key_at(raw)?)))
        .collect::<Option<_>>()?;

    let mut offsets: Vec<usize> = points.iter().flatten().map(|&(_, at)| at).collect();
    offsets.extend(posts.iter().flat_map(|(_, at)| at.iter().copied()));
    offsets.extend(kinds.iter().chain(&events).map(|&(_, at)| at));
    let located = Located::new(text, offsets);

    let mut out = Positions {
        points: points
            .into_iter()
            .map(|points| {
                let at = |&(date, at): &(Date, usize)| (date, located.at(at));
                points.iter().map(at).collect()
            })
            .collect(),
        ..Positions::default()
    };
    for (id, at) in posts {
        let lines = at.iter().map(|&at| located.at(at).line).collect();
        // A repeated key: the last one holds, as in the YAML reader.
        out.posts.insert(id.into(), lines);
    }
    for (kind, at) in kinds {
        out.relation_kinds.entry(kind).or_insert(located.at(at));
    }
    for (id, at) in events {
        out.events.insert(id.into(), located.at(at).line);
    }
    Some(out)
}

/// The parts of a graph file that have positions; everything else is skipped unread.
#[derive(Deserialize)]
struct Top<'a> {
    #[serde(borrow)]
    relations: Option<Vec<Relation<'a>>>,
    #[serde(borrow)]
    actors: Option<Entries<'a>>,
    #[serde(borrow)]
    relation_kinds: Option<Entries<'a>>,
    #[serde(borrow)]
    events: Option<Entries<'a>>,
}

#[derive(Deserialize)]
struct Relation<'a> {
    #[serde(borrow)]
    series: Option<Vec<&'a RawValue>>,
}

#[derive(Deserialize)]
struct Actor<'a> {
    #[serde(borrow)]
    posts: Option<Vec<&'a RawValue>>,
}

/// A point's date, read as the YAML reader reads it (text, or a year written as a number); a
/// point without a readable date has no position there either.
#[derive(Deserialize)]
struct Point {
    date: Option<Got<RawDate>>,
}

impl Point {
    fn date(self) -> Option<Date> {
        match self.date? {
            Got::Ok(RawDate(Ok(date))) => Some(date),
            _ => None,
        }
    }
}

/// A JSON object's entries in file order, each value as written.
struct Entries<'a>(Vec<(Cow<'a, str>, &'a RawValue)>);

impl<'de: 'a, 'a> Deserialize<'de> for Entries<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct EntriesVisitor<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for EntriesVisitor<'a> {
            type Value = Entries<'a>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry::<Cow<'a, str>, &'a RawValue>()? {
                    entries.push(entry);
                }
                Ok(Entries(entries))
            }
        }
        d.deserialize_map(EntriesVisitor(std::marker::PhantomData))
    }
}

/// Where `raw`, a slice of `text`, starts in it.
fn offset(text: &str, raw: &RawValue) -> usize {
    (raw.get().as_ptr() as usize).saturating_sub(text.as_ptr() as usize)
}

/// Where the key of the value at `value` starts (its opening quote): back over the blanks and
/// the colon before the value, then to the key's unescaped opening quote.
fn key_before(text: &str, value: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let blank = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r');
    let mut i = value;
    while i > 0 && blank(bytes[i - 1]) {
        i -= 1;
    }
    i = i.checked_sub(1).filter(|&i| bytes[i] == b':')?;
    while i > 0 && blank(bytes[i - 1]) {
        i -= 1;
    }
    // The closing quote, then back to the opening one: a quote is escaped when an odd number
    // of backslashes comes before it.
    let mut end = i.checked_sub(1).filter(|&i| bytes[i] == b'"')?;
    loop {
        end = bytes[..end].iter().rposition(|&b| b == b'"')?;
        let slashes = bytes[..end]
            .iter()
            .rev()
            .take_while(|&&b| b == b'\\')
            .count();
        if slashes % 2 == 0 {
            return Some(end);
        }
    }
}

/// Positions of byte offsets of a text, found in one pass over it in order.
struct Located {
    /// The offsets, sorted, each with its position.
    sorted: Vec<(usize, Position)>,
}

impl Located {
    fn new(text: &str, mut offsets: Vec<usize>) -> Located {
        offsets.sort_unstable();
        offsets.dedup();
        let (mut byte, mut line, mut column) = (0, 1_u32, 1_u32);
        let sorted = offsets
            .into_iter()
            .map(|at| {
                let at = at.min(text.len());
                let gone = text.get(byte..at).unwrap_or("");
                match gone.rfind('\n') {
                    Some(last) => {
                        let lines = gone.bytes().filter(|&b| b == b'\n').count();
                        line = line.saturating_add(u32::try_from(lines).unwrap_or(u32::MAX));
                        column = 1 + count(&gone[last + 1..]);
                    }
                    None => column = column.saturating_add(count(gone)),
                }
                byte = at;
                (at, Position { line, column })
            })
            .collect();
        Located { sorted }
    }

    fn at(&self, offset: usize) -> Position {
        match self.sorted.binary_search_by_key(&offset, |&(at, _)| at) {
            Ok(i) => self.sorted[i].1,
            Err(_) => Position { line: 0, column: 0 },
        }
    }
}

/// The characters of `s`, as a column counts them.
fn count(s: &str) -> u32 {
    u32::try_from(s.chars().count()).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{load_json_str, load_path, to_json};

    /// A graph with every located part, written to trip a reader that counts bytes for
    /// characters or takes an escaped quote for the end of a key.
    const TRICKY: &str = r#"{
  "detente": 1,
  "relation_kinds": {"trade" : {"stale": "2y"}, "sanctions": {}},
  "actors": {
    "BLR": {"name": "Беларусь", "kind": "state"},
    "USA": {"name": "United States", "kind": "state"},
    "a\"b\\": {"name": "Official \"quoted\"", "kind": "person",
      "posts": [{"title": "Envoy", "of": "USA", "from": "2020-01-01"},
                {"title": "Адвокат", "of": "BLR", "from": "2021-01-01"}]}
  },
  "events": {
    "ев-1": {"date": "2020-02-01", "title": "Визит"},   "e\\2":
      {"date": 2021, "title": "A year"}
  },
  "relations": [
    {"between": ["BLR", "USA"], "kind": "trade", "series": [{"date": "2019", "weight": 0.1},
      {"date": "2020-02", "weight": -0.2, "note": "«кавычки» \"q\""},   {"date": 2021, "weight": 0.3}]},
    {"from": "USA", "to": "a\"b\\", "kind": "sanctions", "series": [
      {"weight": -0.5, "date": "2020-08-09"}
    ]}
  ]
}
"#;

    /// The JSON reader's positions, which must exist and be the YAML reader's.
    fn both(text: &str) -> Positions {
        let json = positions(text).expect("the JSON reader reads it");
        let yaml = super::super::yaml_positions(text).expect("the YAML reader reads it");
        assert_eq!(json, yaml);
        json
    }

    #[test]
    fn a_json_files_positions_are_the_yaml_readers() {
        load_json_str(TRICKY, "tricky.json").expect("the tricky file is a valid graph");
        let found = both(TRICKY);
        // Counted by hand: characters, not bytes, and keys at their opening quote.
        let at = |line, column| Position { line, column };
        let second = &found.points[0][1];
        assert_eq!(second.1, at(17, 7));
        assert_eq!(found.points[0][2].1, at(17, 73));
        assert_eq!(
            found.points[1],
            vec![("2020-08-09".parse().unwrap(), at(19, 7))]
        );
        assert_eq!(found.relation_kinds["trade"], at(3, 22));
        assert_eq!(found.relation_kinds["sanctions"], at(3, 49));
        assert_eq!(found.events["e\\2"], 12);
        assert_eq!(found.posts["a\"b\\"], vec![8, 9]);
        assert_eq!(found.posts["BLR"], Vec::<u32>::new());

        // The same on one line, and with Windows line ends.
        let value: serde_json::Value = serde_json::from_str(TRICKY).unwrap();
        both(&serde_json::to_string(&value).unwrap());
        both(&TRICKY.replace('\n', "\r\n"));
    }

    #[test]
    fn the_bundled_graph_as_json_has_the_yaml_readers_positions() {
        let graph = load_path(std::path::Path::new("graphs/us-belarus.yaml")).unwrap();
        let found = both(&to_json(&graph).unwrap());
        assert_eq!(found.points.len(), graph.relations.len());
        assert!(!found.events.is_empty() && !found.posts.is_empty());
    }

    #[test]
    fn what_is_not_a_json_object_is_left_to_the_yaml_reader() {
        assert!(positions("relations: []\n").is_none());
        assert!(positions("{relations: []}").is_none());
        assert!(positions("{\"relations\": 3}").is_none());
        // Still located, by the YAML reader.
        assert!(super::super::positions("relations: []\n").is_some());
    }
}
