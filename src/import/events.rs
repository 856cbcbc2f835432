//! Coded event data (GDELT 2.0 event exports, or any CSV of CAMEO country codes with a date and a
//! Goldstein score) aggregated into ties between countries.
//!
//! Each event names two actors by their CAMEO/ISO 3166 alpha-3 country codes; they become states
//! named in English (by their code when it is no country's, as for CAMEO's regions). Rows missing a
//! code, and events of a country with itself, are left out. The rest make one mutual tie of kind
//! `events` per pair of countries, with one point per month on the month's first day whose weight
//! is the mean Goldstein score of the month's events divided by 10 (Goldstein runs from -10 to
//! 10), its note the number of events, and its sources the first events' URLs (a few per point).
//! Memory grows with the number of pair-months, not with the number of rows: files are read as a
//! stream. docs/event-data.md gives the same aggregation as SQL.
//!
//! GDELT 2.0 events exports have 61 tab-separated columns and no header; the columns read are,
//! counting from 0: 0 `GLOBALEVENTID`, 1 `SQLDATE` (YYYYMMDD), 7 `Actor1CountryCode`,
//! 17 `Actor2CountryCode`, 30 `GoldsteinScale` and 60 `SOURCEURL` (GDELT 2.0 Event Codebook).

use std::collections::BTreeMap;

use super::{Imported, checked};
use crate::load::{Diagnostic, Diagnostics, LoadError, Position};
use crate::model::{Actor, ActorKind, Date, Ends, Graph, Id, Point, Relation, Source};

/// The layout of the event files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// GDELT 2.0's events export: 61 tab-separated columns, no header.
    Gdelt,
    /// A CSV with a header naming `actor1`, `actor2`, `date` (YYYYMMDD or YYYY-MM-DD) and
    /// `goldstein`, and optionally `id` and `url`.
    CameoCsv,
}

/// How to read and aggregate the events.
#[derive(Debug, Clone)]
pub struct Options {
    /// The files' layout.
    pub format: Format,
    /// Malformed rows are errors rather than skipped and counted.
    pub strict: bool,
    /// The most sources (event URLs) kept per point.
    pub sources_per_point: usize,
}

/// The relation kind of every tie made from events.
pub const KIND: &str = "events";

/// The GDELT 2.0 export's columns, counting from 0.
mod gdelt {
    pub const COLUMNS: usize = 61;
    pub const ID: usize = 0;
    pub const DATE: usize = 1;
    pub const ACTOR1: usize = 7;
    pub const ACTOR2: usize = 17;
    pub const GOLDSTEIN: usize = 30;
    pub const URL: usize = 60;
}

/// The malformed rows listed by line, per file; the rest are counted.
const LISTED: usize = 20;

/// One pair's events in one month.
#[derive(Debug, Default)]
struct Cell {
    sum: f64,
    count: u64,
    /// `(event id, url)` of the first events.
    sources: Vec<(String, String)>,
}

/// Events aggregated so far, file by file.
#[derive(Debug)]
pub struct Aggregate {
    options: Options,
    cells: BTreeMap<(Id, Id, Date), Cell>,
    skipped: Vec<Diagnostics>,
    problems: Vec<Diagnostics>,
}

impl Aggregate {
    /// An empty aggregate.
    pub fn new(options: Options) -> Aggregate {
        Aggregate {
            options,
            cells: BTreeMap::new(),
            skipped: Vec::new(),
            problems: Vec::new(),
        }
    }

    /// Adds the events read from `reader`, a file named `name` in diagnostics.
    ///
    /// Malformed rows are skipped and reported (or, with [`Options::strict`], kept as problems
    /// that [`Aggregate::finish`] returns).
    pub fn add(&mut self, name: &str, reader: impl std::io::Read) -> Result<(), LoadError> {
        let gdelt = self.options.format == Format::Gdelt;
        let mut csv = csv::ReaderBuilder::new()
            .delimiter(if gdelt { b'\t' } else { b',' })
            .has_headers(!gdelt)
            .flexible(true)
            .quoting(!gdelt)
            .from_reader(reader);
        let columns = if gdelt {
            Columns {
                id: Some(gdelt::ID),
                date: gdelt::DATE,
                actor1: gdelt::ACTOR1,
                actor2: gdelt::ACTOR2,
                goldstein: gdelt::GOLDSTEIN,
                url: Some(gdelt::URL),
                width: Some(gdelt::COLUMNS),
            }
        } else {
            let header = csv.headers().map_err(|e| io_error(name, e))?.clone();
            match Columns::from_header(&header) {
                Ok(c) => c,
                Err(d) => return Err(LoadError::Invalid(Diagnostics::new(name, vec![d], None))),
            }
        };
        let mut malformed = Vec::new();
        let mut record = csv::ByteRecord::new();
        loop {
            match csv.read_byte_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {
                    let line = record.position().map_or(0, csv::Position::line);
                    let at = Position {
                        line: u32::try_from(line).unwrap_or(u32::MAX),
                        column: 1,
                    };
                    match columns.event(&record) {
                        Ok(Some(event)) => self.count(event),
                        Ok(None) => {}
                        Err(why) => malformed.push(Diagnostic::new(Some(at), why)),
                    }
                }
                Err(e) if e.is_io_error() => return Err(io_error(name, e)),
                Err(e) => {
                    let line = e.position().map_or(0, csv::Position::line);
                    malformed.push(Diagnostic::new(
                        Some(Position {
                            line: u32::try_from(line).unwrap_or(u32::MAX),
                            column: 1,
                        }),
                        format!("unreadable row: {e}"),
                    ));
                }
            }
        }
        if malformed.is_empty() {
        } else if self.options.strict {
            self.problems.push(Diagnostics::new(name, malformed, None));
        } else {
            let total = malformed.len();
            let listed: Vec<Diagnostic> = malformed
                .into_iter()
                .take(LISTED)
                .map(|mut d| {
                    d.message = format!("skipped: {}", d.message);
                    d
                })
                .collect();
            self.skipped.push(Diagnostics::new(name, listed, None));
            let count = format!(
                "{total} malformed row{} skipped{}",
                if total == 1 { "" } else { "s" },
                if total > LISTED {
                    format!(" (the first {LISTED} listed above)")
                } else {
                    String::new()
                }
            );
            let summary = Diagnostic::new(None, count)
                .with_help("fix them, or give --strict to make them errors");
            self.skipped
                .push(Diagnostics::new(name, vec![summary], None));
        }
        Ok(())
    }

    fn count(&mut self, event: Row) {
        let (a, b) = if event.actor1 <= event.actor2 {
            (event.actor1, event.actor2)
        } else {
            (event.actor2, event.actor1)
        };
        let cell = self.cells.entry((a, b, event.month)).or_default();
        cell.sum += event.goldstein;
        cell.count += 1;
        if cell.sources.len() < self.options.sources_per_point
            && let (Some(id), Some(url)) = (event.id, event.url)
        {
            cell.sources.push((id, url));
        }
    }

    /// The graph of the events added, checked; with [`Options::strict`], the malformed rows as
    /// an error (those of the first file that had any).
    pub fn finish(self) -> Result<Imported, LoadError> {
        if let Some(problems) = self.problems.into_iter().next() {
            return Err(LoadError::Invalid(problems));
        }
        let mut graph = Graph::default();
        let mut relations: BTreeMap<(Id, Id), Relation> = BTreeMap::new();
        for ((a, b, month), cell) in self.cells {
            for id in [&a, &b] {
                graph.actors.entry(id.clone()).or_insert_with(|| Actor {
                    id: id.clone(),
                    name: super::countries::name(id).map_or_else(|| id.clone(), str::to_string),
                    kind: ActorKind::State,
                    posts: Vec::new(),
                    note: None,
                    aliases: Vec::new(),
                    attributes: Default::default(),
                    part_of: Vec::new(),
                });
            }
            let mean = crate::model::round12(cell.sum / cell.count as f64 / 10.0);
            let mut point = Point::weight(month, mean.clamp(-1.0, 1.0));
            point.note = Some(format!(
                "{} event{}",
                cell.count,
                if cell.count == 1 { "" } else { "s" }
            ));
            for (id, url) in cell.sources {
                let source = format!("event-{id}");
                graph.sources.entry(source.clone()).or_insert(Source {
                    title: format!("Event {id}"),
                    url: Some(url),
                    ..Source::default()
                });
                point.sources.push(source);
            }
            relations
                .entry((a.clone(), b.clone()))
                .or_insert_with(|| Relation {
                    ends: Ends::Mutual(a, b),
                    kind: KIND.to_string(),
                    interpolation: None,
                    series: Vec::new(),
                    note: None,
                })
                .series
                .push(point);
        }
        // Cells are ordered by pair then month, so each series is already in date order.
        graph.relations = relations.into_values().collect();
        checked(graph, self.skipped)
    }
}

fn io_error(name: &str, e: csv::Error) -> LoadError {
    LoadError::Io {
        path: name.to_string(),
        source: std::io::Error::other(e.to_string()),
    }
}

/// Where each field is in a row.
#[derive(Debug)]
struct Columns {
    id: Option<usize>,
    date: usize,
    actor1: usize,
    actor2: usize,
    goldstein: usize,
    url: Option<usize>,
    /// The number of fields every row has, when the layout fixes it.
    width: Option<usize>,
}

/// One event, as aggregation needs it.
struct Row {
    id: Option<String>,
    month: Date,
    actor1: String,
    actor2: String,
    goldstein: f64,
    url: Option<String>,
}

impl Columns {
    fn from_header(header: &csv::StringRecord) -> Result<Columns, Diagnostic> {
        let find = |name: &str| {
            header
                .iter()
                .position(|h| h.trim().eq_ignore_ascii_case(name))
        };
        let need = |name: &str| {
            find(name).ok_or_else(|| {
                Diagnostic::new(
                    Some(Position { line: 1, column: 1 }),
                    format!("the header has no `{name}` column"),
                )
                .with_help("a CAMEO CSV has the columns actor1,actor2,date,goldstein (and id, url)")
            })
        };
        Ok(Columns {
            id: find("id"),
            date: need("date")?,
            actor1: need("actor1")?,
            actor2: need("actor2")?,
            goldstein: need("goldstein")?,
            url: find("url"),
            width: None,
        })
    }

    /// The event in `record`, `None` for one that is left out (a code missing, a self-pair), or
    /// why the row is malformed.
    fn event(&self, record: &csv::ByteRecord) -> Result<Option<Row>, String> {
        if let Some(width) = self.width
            && record.len() != width
        {
            return Err(format!("{} columns instead of {width}", record.len()));
        }
        let field = |i: usize| -> Result<&str, String> {
            let bytes = record
                .get(i)
                .ok_or_else(|| format!("no column {} (counting from 1)", i + 1))?;
            std::str::from_utf8(bytes)
                .map(str::trim)
                .map_err(|_| format!("column {} is not UTF-8 text", i + 1))
        };
        let (a, b) = (field(self.actor1)?, field(self.actor2)?);
        let date = field(self.date)?;
        let month = month_of(date).ok_or_else(|| format!("`{date}` is not a date (YYYYMMDD)"))?;
        let goldstein = field(self.goldstein)?;
        let goldstein = goldstein
            .parse::<f64>()
            .ok()
            .filter(|g| g.is_finite() && (-10.0..=10.0).contains(g))
            .ok_or_else(|| {
                format!("Goldstein score `{goldstein}` is not a number from -10 to 10")
            })?;
        if a.is_empty() || b.is_empty() || a == b {
            return Ok(None);
        }
        let optional = |i: Option<usize>| -> Result<Option<String>, String> {
            Ok(match i {
                Some(i) => Some(field(i)?)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string),
                None => None,
            })
        };
        Ok(Some(Row {
            id: optional(self.id)?,
            month,
            actor1: a.to_string(),
            actor2: b.to_string(),
            goldstein,
            url: optional(self.url)?,
        }))
    }
}

/// The first day of the month of `text` (YYYYMMDD or YYYY-MM-DD), written `YYYY-MM`.
fn month_of(text: &str) -> Option<Date> {
    let digits: String = text.chars().filter(|c| *c != '-').collect();
    if digits.len() != 8 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year: i16 = digits[..4].parse().ok()?;
    let month: i8 = digits[4..6].parse().ok()?;
    let day: i8 = digits[6..].parse().ok()?;
    Date::ymd(year, month, day)?;
    Date::ymd(year, month, 1).map(|d| d.with_precision(crate::model::Precision::Month))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gdelt_row(id: u32, date: &str, a: &str, b: &str, goldstein: &str) -> String {
        let mut fields = vec![String::new(); gdelt::COLUMNS];
        fields[gdelt::ID] = id.to_string();
        fields[gdelt::DATE] = date.to_string();
        fields[gdelt::ACTOR1] = a.to_string();
        fields[gdelt::ACTOR2] = b.to_string();
        fields[gdelt::GOLDSTEIN] = goldstein.to_string();
        fields[gdelt::URL] = format!("https://example.org/{id}");
        fields.join("\t")
    }

    #[test]
    fn months_are_the_first_day_of_the_events_month() {
        assert_eq!(month_of("20240215").unwrap().to_string(), "2024-02");
        assert_eq!(month_of("2024-02-15").unwrap().to_string(), "2024-02");
        assert!(month_of("20240230").is_none());
        assert!(month_of("2024021").is_none());
    }

    #[test]
    fn events_become_monthly_means_of_goldstein_over_ten() {
        let text = [
            gdelt_row(1, "20240105", "USA", "RUS", "-4"),
            gdelt_row(2, "20240120", "RUS", "USA", "-2"),
            gdelt_row(3, "20240203", "USA", "RUS", "3.4"),
            gdelt_row(4, "20240203", "USA", "USA", "3.4"),
            gdelt_row(5, "20240203", "", "RUS", "3.4"),
        ]
        .join("\n");
        let mut aggregate = Aggregate::new(Options {
            format: Format::Gdelt,
            strict: false,
            sources_per_point: 1,
        });
        aggregate.add("e.tsv", text.as_bytes()).unwrap();
        let graph = aggregate.finish().unwrap().graph;
        assert_eq!(graph.relations.len(), 1);
        let series = &graph.relations[0].series;
        assert_eq!(series[0].value, crate::model::PointValue::Weight(-0.3));
        assert_eq!(series[0].note.as_deref(), Some("2 events"));
        assert_eq!(series[0].sources, vec!["event-1".to_string()]);
        assert_eq!(series[1].value, crate::model::PointValue::Weight(0.34));
    }
}
