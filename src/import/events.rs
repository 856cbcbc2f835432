//! Coded event data (GDELT 2.0 event exports, ICEWS coded event files, or any CSV of CAMEO country
//! codes with a date and a Goldstein score) aggregated into ties between countries.
//!
//! Each event names two actors by their CAMEO/ISO 3166 alpha-3 country codes (ICEWS by country
//! names, turned into codes); they become states named in English (by their code when it is no
//! country's, as for CAMEO's regions). Rows missing a country, and events of a country with
//! itself, are left out. The rest make one tie per pair of countries (mutual, or directed from the
//! event's source to its target with [`Options::directed`]) and kind (one kind `events`, or one per
//! CAMEO QuadClass), with one point per period (month, ISO week, quarter or year) on the period's
//! first day whose weight is the mean Goldstein score (ICEWS: Intensity) of the period's events
//! divided by 10 (the scores run from -10 to 10), optionally each event weighted by its number of
//! mentions; its `count` is the number of events, and its sources the first events' ids with their
//! URLs (a few per point). Memory grows with the number of pair-periods, not with the number of
//! rows: files are read as a stream. docs/event-data.md gives the same aggregation as SQL.
//!
//! GDELT 2.0 events exports have 61 tab-separated columns and no header; the columns read are,
//! counting from 0: 0 `GLOBALEVENTID`, 1 `SQLDATE` (YYYYMMDD), 7 `Actor1CountryCode`,
//! 17 `Actor2CountryCode`, 29 `QuadClass`, 30 `GoldsteinScale`, 31 `NumMentions` and
//! 60 `SOURCEURL` (GDELT 2.0 Event Codebook). ICEWS files are tab-separated with a header row and
//! are read by their column names (`Event ID`, `Event Date`, `Source Country`, `CAMEO Code`,
//! `Intensity`, `Target Country`, `Publisher`).

mod dump;

use std::collections::{BTreeMap, HashMap};

use jiff::civil;

use super::{Imported, checked};
use crate::load::{Diagnostic, Diagnostics, LoadError, Position};
use crate::model::{Actor, ActorKind, Date, Ends, Graph, Id, Point, Precision, Relation, Source};

/// The layout of the event files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// GDELT 2.0's events export: 61 tab-separated columns, no header.
    Gdelt,
    /// ICEWS coded event data: tab-separated, with a header row, countries by name.
    Icews,
    /// A CSV with a header naming `actor1`, `actor2`, `date` (YYYYMMDD or YYYY-MM-DD) and
    /// `goldstein`, and optionally `id`, `url`, `mentions`, `quadclass` and `cameo`.
    CameoCsv,
}

/// The length of time each point covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Period {
    /// An ISO week, from Monday; the point is dated on the Monday.
    Week,
    /// A calendar month, dated `YYYY-MM`.
    #[default]
    Month,
    /// A calendar quarter (January, April, July, October), dated on its first month.
    Quarter,
    /// A calendar year, dated `YYYY`.
    Year,
}

impl Period {
    /// The first day of the period holding `day`, written as the period is (`YYYY-MM-DD` for a
    /// week, `YYYY-MM` for a month or quarter, `YYYY` for a year).
    pub fn start(self, day: civil::Date) -> Option<Date> {
        let (year, month) = (day.year(), day.month());
        match self {
            Period::Week => {
                let back = i64::from(day.weekday().to_monday_zero_offset());
                let monday = day.checked_sub(jiff::Span::new().days(back)).ok()?;
                Some(Date::from_civil(monday))
            }
            Period::Month => Date::ymd(year, month, 1).map(|d| d.with_precision(Precision::Month)),
            Period::Quarter => Date::ymd(year, (month - 1) / 3 * 3 + 1, 1)
                .map(|d| d.with_precision(Precision::Month)),
            Period::Year => Date::ymd(year, 1, 1).map(|d| d.with_precision(Precision::Year)),
        }
    }
}

/// What each event counts for in a period's mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum WeightBy {
    /// Every event counts once.
    #[default]
    Events,
    /// Every event counts as many times as it was mentioned (GDELT's `NumMentions`, a CAMEO
    /// CSV's `mentions`).
    Mentions,
}

/// The relation kinds the ties get.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Kinds {
    /// One kind, [`KIND`], for every event.
    #[default]
    Events,
    /// One kind per CAMEO QuadClass ([`QUAD_CLASSES`]).
    QuadClass,
}

/// How to read and aggregate the events.
#[derive(Debug, Clone)]
pub struct Options {
    /// The files' layout.
    pub format: Format,
    /// Malformed rows are errors rather than skipped and counted.
    pub strict: bool,
    /// The most sources (event ids with their URLs) kept per point.
    pub sources_per_point: usize,
    /// The length of time each point covers.
    pub period: Period,
    /// What each event counts for in the mean.
    pub weight_by: WeightBy,
    /// Periods with fewer events than this are left out.
    pub min_events: u64,
    /// Ties go from each event's first actor (source) to its second (target).
    pub directed: bool,
    /// The kinds of the ties.
    pub kinds: Kinds,
    /// Exponential smoothing: each point is the mean over its own and the earlier kept
    /// periods of its tie, an event counting half as much for each `half_life_days` between its
    /// period's first day and the point's. `None`: each period alone.
    pub half_life_days: Option<u32>,
}

impl Options {
    /// The default aggregation of files in `format`: monthly, mutual, one kind, every event
    /// counted once, three sources per point, malformed rows skipped.
    pub fn new(format: Format) -> Options {
        Options {
            format,
            strict: false,
            sources_per_point: 3,
            period: Period::Month,
            weight_by: WeightBy::Events,
            min_events: 1,
            directed: false,
            kinds: Kinds::Events,
            half_life_days: None,
        }
    }
}

/// The relation kind of every tie made from events, unless they are split by QuadClass.
pub const KIND: &str = "events";

/// The relation kinds of CAMEO's QuadClasses 1 to 4.
pub const QUAD_CLASSES: [&str; 4] = [
    "verbal-cooperation",
    "material-cooperation",
    "verbal-conflict",
    "material-conflict",
];

/// The QuadClass (1 to 4) of a CAMEO event code by its root (its first two digits): 01-05
/// verbal cooperation, 06-08 material cooperation, 09-13 verbal conflict, 14-20 material
/// conflict, as GDELT assigns them.
fn quad_class_of_cameo(code: &str) -> Option<u8> {
    let root: u8 = code.get(..2)?.parse().ok()?;
    match root {
        1..=5 => Some(1),
        6..=8 => Some(2),
        9..=13 => Some(3),
        14..=20 => Some(4),
        _ => None,
    }
}

/// The GDELT 2.0 export's columns, counting from 0.
mod gdelt {
    pub const COLUMNS: usize = 61;
    pub const ID: usize = 0;
    pub const DATE: usize = 1;
    pub const ACTOR1: usize = 7;
    pub const ACTOR2: usize = 17;
    pub const QUAD_CLASS: usize = 29;
    pub const GOLDSTEIN: usize = 30;
    pub const MENTIONS: usize = 31;
    pub const URL: usize = 60;
}

/// The ICEWS columns read, by their header names.
mod icews {
    pub const ID: &str = "Event ID";
    pub const DATE: &str = "Event Date";
    pub const SOURCE_COUNTRY: &str = "Source Country";
    pub const CAMEO: &str = "CAMEO Code";
    pub const INTENSITY: &str = "Intensity";
    pub const TARGET_COUNTRY: &str = "Target Country";
    pub const PUBLISHER: &str = "Publisher";
}

/// The malformed rows listed by line, per file; the rest are counted.
const LISTED: usize = 20;

/// One pair's events of one kind in one period.
#[derive(Debug, Default)]
struct Cell {
    /// The sum of the scores, each times its weight.
    sum: f64,
    /// The sum of the events' weights (the number of events, or of their mentions).
    weights: f64,
    count: u64,
    /// The first events' sources.
    sources: Vec<EventSource>,
}

/// With `--half-life`: a tie (its ends and kind), the date of its last kept period, and its
/// decayed sums of scores and of weights.
type Running = ((Id, Id, Id), crate::model::Date, f64, f64);

/// Where an event was reported.
#[derive(Debug)]
struct EventSource {
    id: String,
    url: Option<String>,
    publisher: Option<String>,
}

/// A cell's key: (first actor, second actor) by their index in [`Aggregate::actors`], the kind
/// (0 for [`KIND`], 1 to 4 for the QuadClasses) and the period. Small and `Copy`, so that the
/// millions of rows of a dump cost one hash lookup each and no allocation.
type Key = (u32, u32, u8, Date);

/// The maps of the aggregation: foldhash, not the default SipHash, since every row of a dump
/// makes a few lookups of short keys that come from the file itself.
type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// Events aggregated so far, file by file.
#[derive(Debug)]
pub struct Aggregate {
    options: Options,
    /// The actors' codes, each once; cells name them by index.
    actors: Vec<Id>,
    actor_index: FastMap<Box<str>, u32>,
    /// For mutual ties the actors of a key are ordered (by code). Ordered by code, kind and
    /// period only when finished.
    cells: FastMap<Key, Cell>,
    skipped: Vec<Diagnostics>,
    problems: Vec<Diagnostics>,
}

impl Aggregate {
    /// An empty aggregate, or why the options do not fit the format (ICEWS has no mentions).
    pub fn new(options: Options) -> Result<Aggregate, String> {
        if options.weight_by == WeightBy::Mentions && options.format == Format::Icews {
            return Err(
                "ICEWS records no number of mentions; weigh ICEWS events by events".to_string(),
            );
        }
        Ok(Aggregate {
            options,
            actors: Vec::new(),
            actor_index: FastMap::default(),
            cells: FastMap::default(),
            skipped: Vec::new(),
            problems: Vec::new(),
        })
    }

    /// Adds the events read from `reader`, a file named `name` in diagnostics.
    ///
    /// Malformed rows are skipped and reported (or, with [`Options::strict`], kept as problems
    /// that [`Aggregate::finish`] returns).
    pub fn add(&mut self, name: &str, reader: impl std::io::Read) -> Result<(), LoadError> {
        let format = self.options.format;
        if format == Format::Gdelt {
            let columns = self.gdelt_columns();
            let mut malformed = Vec::new();
            let total = dump::read(self, &columns, reader, &mut malformed).map_err(|source| {
                LoadError::Io {
                    path: name.to_string(),
                    source,
                }
            })?;
            self.report(name, malformed, total, &BTreeMap::new());
            return Ok(());
        }
        let tabs = format != Format::CameoCsv;
        let mut csv = csv::ReaderBuilder::new()
            .delimiter(if tabs { b'\t' } else { b',' })
            .has_headers(format != Format::Gdelt)
            .flexible(true)
            .quoting(!tabs)
            .from_reader(reader);
        let columns = {
            let header = csv.headers().map_err(|e| io_error(name, e))?.clone();
            match Columns::from_header(&header, &self.options) {
                Ok(c) => c,
                Err(d) => return Err(LoadError::Invalid(Diagnostics::new(name, vec![d], None))),
            }
        };
        let mut malformed = Vec::new();
        let mut unknown: BTreeMap<String, u64> = BTreeMap::new();
        let mut record = csv::ByteRecord::new();
        let mut periods = Periods::new(self.options.period);
        loop {
            match csv.read_byte_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {
                    let line = record.position().map_or(0, csv::Position::line);
                    let at = Position {
                        line: u32::try_from(line).unwrap_or(u32::MAX),
                        column: 1,
                    };
                    match columns.event(&record, &self.options, &mut periods) {
                        Ok(Event::Counted(event)) => self.count(&event),
                        Ok(Event::Unknown(names)) => {
                            for name in names {
                                *unknown.entry(name).or_default() += 1;
                            }
                        }
                        Ok(Event::LeftOut) => {}
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
        let total = malformed.len();
        self.report(name, malformed, total, &unknown);
        Ok(())
    }

    /// The layout of a GDELT 2.0 export, with the columns the options read.
    fn gdelt_columns(&self) -> Columns {
        Columns {
            id: Some(gdelt::ID),
            date: gdelt::DATE,
            actor1: gdelt::ACTOR1,
            actor2: gdelt::ACTOR2,
            score: gdelt::GOLDSTEIN,
            url: Some(gdelt::URL),
            publisher: None,
            mentions: (self.options.weight_by == WeightBy::Mentions).then_some(gdelt::MENTIONS),
            quad: (self.options.kinds == Kinds::QuadClass)
                .then_some(Quad::Class(gdelt::QUAD_CLASS)),
            names: false,
            width: Some(gdelt::COLUMNS),
        }
    }

    /// Records what file `name` left out: events between unknown countries, malformed rows
    /// (skipped and listed, or with [`Options::strict`] kept as problems): `total` of them, of
    /// which `malformed` holds at least the first [`LISTED`].
    fn report(
        &mut self,
        name: &str,
        malformed: Vec<Diagnostic>,
        total: usize,
        unknown: &BTreeMap<String, u64>,
    ) {
        if !unknown.is_empty() {
            self.skipped.push(unknown_countries(name, unknown));
        }
        if malformed.is_empty() {
        } else if self.options.strict {
            self.problems.push(Diagnostics::new(name, malformed, None));
        } else {
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
    }

    /// The index of the actor `code`, added if new.
    fn actor(&mut self, code: &str) -> u32 {
        if let Some(i) = self.actor_index.get(code) {
            return *i;
        }
        let i = u32::try_from(self.actors.len()).unwrap_or(u32::MAX);
        self.actors.push(code.into());
        self.actor_index.insert(code.into(), i);
        i
    }

    fn count(&mut self, event: &Row<'_>) {
        let (a, b) = if self.options.directed || event.actor1 <= event.actor2 {
            (event.actor1, event.actor2)
        } else {
            (event.actor2, event.actor1)
        };
        let key = (
            self.actor(a),
            self.actor(b),
            event.quad.unwrap_or(0),
            event.period,
        );
        let cell = self.cells.entry(key).or_default();
        cell.sum += event.score * event.weight;
        cell.weights += event.weight;
        cell.count += 1;
        if cell.sources.len() < self.options.sources_per_point
            && let Some(id) = event.id
            && (event.url.is_some() || event.publisher.is_some())
        {
            cell.sources.push(EventSource {
                id: id.to_string(),
                url: event.url.map(str::to_string),
                publisher: event.publisher.map(str::to_string),
            });
        }
    }

    /// The graph of the events added, checked; with [`Options::strict`], the malformed rows as
    /// an error (those of the first file that had any).
    pub fn finish(self) -> Result<Imported, LoadError> {
        if let Some(problems) = self.problems.into_iter().next() {
            return Err(LoadError::Invalid(problems));
        }
        let mut graph = Graph::default();
        let mut relations: BTreeMap<(Id, Id, Id), Relation> = BTreeMap::new();
        // With --half-life: the tie, the date of its last kept period, and its decayed sums.
        let mut running: Option<Running> = None;
        // By pair (codes), kind and period: each series comes out in date order.
        let actors = &self.actors;
        let code = |i: u32| actors[i as usize].clone();
        let kind_names: Vec<Id> = std::iter::once(KIND)
            .chain(QUAD_CLASSES)
            .map(Id::from)
            .collect();
        let kind_name = |k: u8| kind_names[usize::from(k)].clone();
        let cells: BTreeMap<(Id, Id, Id, Date), Cell> = self
            .cells
            .into_iter()
            .map(|((a, b, kind, period), cell)| ((code(a), code(b), kind_name(kind), period), cell))
            .collect();
        for ((a, b, kind, period), cell) in cells {
            if cell.count < self.options.min_events || cell.weights <= 0.0 {
                continue;
            }
            for id in [&a, &b] {
                graph.actors.entry(id.clone()).or_insert_with(|| Actor {
                    id: id.clone(),
                    name: super::countries::name(id).map_or_else(|| id.to_string(), str::to_string),
                    kind: ActorKind::State,
                    posts: Vec::new(),
                    note: None,
                    aliases: Vec::new(),
                    attributes: Default::default(),
                    part_of: Vec::new(),
                });
            }
            let (sum, weights) = match self.options.half_life_days {
                None => (cell.sum, cell.weights),
                Some(half_life) => {
                    // The running sums of the tie, decayed from its previous kept period to
                    // this one: S_k = S_(k-1) * 2^(-days/h) + sum_k, likewise the weights.
                    let key = (a.clone(), b.clone(), kind.clone());
                    let (sum, weights) = match &running {
                        Some((k, before, sum, weights)) if *k == key => {
                            #[allow(
                                clippy::cast_precision_loss,
                                reason = "days between two dates are far below 2^53"
                            )]
                            let days = before.days_until(period) as f64;
                            let decay = 0.5f64.powf(days / f64::from(half_life));
                            (sum * decay + cell.sum, weights * decay + cell.weights)
                        }
                        _ => (cell.sum, cell.weights),
                    };
                    running = Some((key, period, sum, weights));
                    (sum, weights)
                }
            };
            let mean = crate::model::round12(sum / weights / 10.0);
            let mut point = Point::weight(period, mean.clamp(-1.0, 1.0));
            point.edit_detail(|d| d.count = Some(cell.count));
            point.edit_detail(|d| {
                d.note = Some(format!(
                    "{} event{}",
                    cell.count,
                    if cell.count == 1 { "" } else { "s" }
                ))
            });
            for event in cell.sources {
                let source = Id::from(format!("event-{}", event.id));
                graph.sources.entry(source.clone()).or_insert(Source {
                    title: format!("Event {}", event.id),
                    url: event.url,
                    publisher: event.publisher,
                    ..Source::default()
                });
                point.edit_detail(|d| d.sources.push(source));
            }
            let directed = self.options.directed;
            relations
                .entry((a.clone(), b.clone(), kind.clone()))
                .or_insert_with(|| Relation {
                    ends: if directed {
                        Ends::Directed { from: a, to: b }
                    } else {
                        Ends::Mutual(a, b)
                    },
                    kind,
                    interpolation: None,
                    series: Vec::new(),
                    note: None,
                })
                .series
                .push(point);
        }
        // Cells are ordered by pair, kind, then period, so each series is in date order.
        graph.relations = relations.into_values().collect();
        checked(graph, self.skipped)
    }
}

/// The warning for the events of file `name` left out because a country name (ICEWS) is no
/// country's: how many, and the first names.
fn unknown_countries(name: &str, unknown: &BTreeMap<String, u64>) -> Diagnostics {
    let total: u64 = unknown.values().sum();
    let names: Vec<String> = unknown
        .keys()
        .take(LISTED)
        .map(|n| format!("`{n}`"))
        .collect();
    let d = Diagnostic::new(
        None,
        format!(
            "{total} event{} left out: no country is named {}{}",
            if total == 1 { "" } else { "s" },
            names.join(", "),
            if unknown.len() > LISTED { ", ..." } else { "" }
        ),
    )
    .with_help("only events between countries become ties; the names are ISO 3166's");
    Diagnostics::new(name, vec![d], None)
}

fn io_error(name: &str, e: csv::Error) -> LoadError {
    LoadError::Io {
        path: name.to_string(),
        source: std::io::Error::other(e.to_string()),
    }
}

/// Where a row's QuadClass comes from.
#[derive(Debug, Clone, Copy)]
enum Quad {
    /// A column holding the class, 1 to 4.
    Class(usize),
    /// A column holding the CAMEO event code, whose root gives the class.
    Cameo(usize),
}

/// Where each field is in a row.
#[derive(Debug)]
struct Columns {
    id: Option<usize>,
    date: usize,
    actor1: usize,
    actor2: usize,
    /// The Goldstein score (ICEWS: Intensity).
    score: usize,
    url: Option<usize>,
    publisher: Option<usize>,
    mentions: Option<usize>,
    quad: Option<Quad>,
    /// The actors are country names (ICEWS), not codes.
    names: bool,
    /// The number of fields every row has, when the layout fixes it.
    width: Option<usize>,
}

/// One event, as aggregation needs it, borrowing the text of its row.
struct Row<'a> {
    id: Option<&'a str>,
    period: Date,
    actor1: &'a str,
    actor2: &'a str,
    score: f64,
    /// What the event counts for in the mean.
    weight: f64,
    /// Its QuadClass (1 to 4) when ties are split by it.
    quad: Option<u8>,
    url: Option<&'a str>,
    publisher: Option<&'a str>,
}

/// What a well-formed row gives.
enum Event<'a> {
    Counted(Row<'a>),
    /// Left out: a country missing, or a country with itself.
    LeftOut,
    /// Left out: ICEWS country names that are no country's.
    Unknown(Vec<String>),
}

impl Columns {
    fn from_header(header: &csv::StringRecord, options: &Options) -> Result<Columns, Diagnostic> {
        let icews = options.format == Format::Icews;
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
                .with_help(if icews {
                    "an ICEWS file has the columns Event ID, Event Date, Source Country, \
                     CAMEO Code, Intensity, Target Country (and others)"
                } else {
                    "a CAMEO CSV has the columns actor1,actor2,date,goldstein (and id, url, \
                     mentions, quadclass or cameo)"
                })
            })
        };
        let quad = match options.kinds {
            Kinds::Events => None,
            Kinds::QuadClass if icews => Some(Quad::Cameo(need(icews::CAMEO)?)),
            Kinds::QuadClass => match (find("quadclass"), find("cameo")) {
                (Some(c), _) => Some(Quad::Class(c)),
                (None, Some(c)) => Some(Quad::Cameo(c)),
                (None, None) => Some(Quad::Class(need("quadclass")?)),
            },
        };
        if icews {
            return Ok(Columns {
                id: find(icews::ID),
                date: need(icews::DATE)?,
                actor1: need(icews::SOURCE_COUNTRY)?,
                actor2: need(icews::TARGET_COUNTRY)?,
                score: need(icews::INTENSITY)?,
                url: None,
                publisher: find(icews::PUBLISHER),
                mentions: None,
                quad,
                names: true,
                width: Some(header.len()),
            });
        }
        Ok(Columns {
            id: find("id"),
            date: need("date")?,
            actor1: need("actor1")?,
            actor2: need("actor2")?,
            score: need("goldstein")?,
            url: find("url"),
            publisher: None,
            mentions: match options.weight_by {
                WeightBy::Events => None,
                WeightBy::Mentions => Some(need("mentions")?),
            },
            quad,
            names: false,
            width: None,
        })
    }

    /// The event in `record`, left out (a country missing, a self-pair), or why the row is
    /// malformed.
    fn event<'r>(
        &self,
        record: impl Fields<'r>,
        options: &Options,
        periods: &mut Periods,
    ) -> Result<Event<'r>, String> {
        if let Some(width) = self.width
            && record.width() != width
        {
            return Err(format!("{} columns instead of {width}", record.width()));
        }
        let field = |i: usize| -> Result<&'r str, String> {
            let bytes = record
                .field(i)
                .ok_or_else(|| format!("no column {} (counting from 1)", i + 1))?;
            std::str::from_utf8(bytes)
                .map(str::trim)
                .map_err(|_| format!("column {} is not UTF-8 text", i + 1))
        };
        let (a, b) = (field(self.actor1)?, field(self.actor2)?);
        let date = field(self.date)?;
        let period = periods.of(date).ok_or_else(|| {
            let form = if options.format == Format::Gdelt {
                "YYYYMMDD"
            } else {
                "YYYY-MM-DD or YYYYMMDD"
            };
            format!("`{date}` is not a date ({form})")
        })?;
        let score = field(self.score)?;
        let score = score
            .parse::<f64>()
            .ok()
            .filter(|g| g.is_finite() && (-10.0..=10.0).contains(g))
            .ok_or_else(|| {
                let what = if self.names {
                    "Intensity"
                } else {
                    "Goldstein score"
                };
                format!("{what} `{score}` is not a number from -10 to 10")
            })?;
        let weight = match (options.weight_by, self.mentions) {
            (WeightBy::Mentions, Some(i)) => {
                let text = field(i)?;
                let n = text.parse::<u32>().ok().filter(|n| *n > 0).ok_or_else(|| {
                    format!("the number of mentions `{text}` is not a whole number above 0")
                })?;
                f64::from(n)
            }
            _ => 1.0,
        };
        let quad =
            match self.quad {
                None => None,
                Some(Quad::Class(i)) => {
                    let text = field(i)?;
                    Some(
                        text.parse::<u8>()
                            .ok()
                            .filter(|q| (1..=4).contains(q))
                            .ok_or_else(|| format!("QuadClass `{text}` is not 1, 2, 3 or 4"))?,
                    )
                }
                Some(Quad::Cameo(i)) => {
                    let text = field(i)?;
                    Some(quad_class_of_cameo(text).ok_or_else(|| {
                        format!("`{text}` is not a CAMEO event code (01 to 20..)")
                    })?)
                }
            };
        if a.is_empty() || b.is_empty() {
            return Ok(Event::LeftOut);
        }
        let (a, b) = if self.names {
            match (super::countries::code(a), super::countries::code(b)) {
                (Some(a), Some(b)) => (a, b),
                (x, y) => {
                    let mut unknown = Vec::new();
                    if x.is_none() {
                        unknown.push(a.to_string());
                    }
                    if y.is_none() {
                        unknown.push(b.to_string());
                    }
                    return Ok(Event::Unknown(unknown));
                }
            }
        } else {
            (a, b)
        };
        if a == b {
            return Ok(Event::LeftOut);
        }
        let optional = |i: Option<usize>| -> Result<Option<&'r str>, String> {
            Ok(match i {
                Some(i) => Some(field(i)?).filter(|s| !s.is_empty()),
                None => None,
            })
        };
        Ok(Event::Counted(Row {
            id: optional(self.id)?,
            period,
            actor1: a,
            actor2: b,
            score,
            weight,
            quad,
            url: optional(self.url)?,
            publisher: optional(self.publisher)?,
        }))
    }
}

/// A row's fields, by index from 0: a CSV record, or a line of a GDELT export split at its tabs,
/// whose text lives for `'r`.
trait Fields<'r> {
    /// The number of fields.
    fn width(&self) -> usize;
    /// The bytes of field `i`, if the row has it.
    fn field(&self, i: usize) -> Option<&'r [u8]>;
}

impl<'r> Fields<'r> for &'r csv::ByteRecord {
    fn width(&self) -> usize {
        self.len()
    }

    fn field(&self, i: usize) -> Option<&'r [u8]> {
        self.get(i)
    }
}

/// The periods of the days met so far: a dump has millions of rows but a few thousand days.
#[derive(Debug)]
struct Periods {
    period: Period,
    /// By the day's digits (YYYYMMDD as a number): its period, or none for no day.
    known: FastMap<u32, Option<Date>>,
}

impl Periods {
    fn new(period: Period) -> Periods {
        Periods {
            period,
            known: FastMap::default(),
        }
    }

    /// The period of the day `text` (YYYYMMDD or YYYY-MM-DD), or none when it is no day.
    fn of(&mut self, text: &str) -> Option<Date> {
        // Past this many days (a file of odd dates), the rest are worked out each time, so that
        // memory stays bounded.
        const MOST: usize = 1 << 16;
        let digits = date_digits(text)?;
        if let Some(known) = self.known.get(&digits) {
            return *known;
        }
        let period = day_of_digits(digits).and_then(|day| self.period.start(day));
        if self.known.len() < MOST {
            self.known.insert(digits, period);
        }
        period
    }
}

/// The eight digits of `text`, written YYYYMMDD or YYYY-MM-DD (dashes are dropped), as one
/// number.
fn date_digits(text: &str) -> Option<u32> {
    let mut number = 0u32;
    let mut digits = 0;
    for b in text.bytes().filter(|b| *b != b'-') {
        if !b.is_ascii_digit() || digits == 8 {
            return None;
        }
        number = number * 10 + u32::from(b - b'0');
        digits += 1;
    }
    (digits == 8).then_some(number)
}

/// The day whose digits are `digits` (YYYYMMDD as a number).
fn day_of_digits(digits: u32) -> Option<civil::Date> {
    let (year, month, day) = (digits / 10_000, digits / 100 % 100, digits % 100);
    civil::Date::new(
        i16::try_from(year).ok()?,
        i8::try_from(month).ok()?,
        i8::try_from(day).ok()?,
    )
    .ok()
}

/// The day of `text`, written YYYYMMDD or YYYY-MM-DD.
#[cfg(test)]
fn day_of(text: &str) -> Option<civil::Date> {
    day_of_digits(date_digits(text)?)
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    pub(super) fn gdelt_row(id: u32, date: &str, a: &str, b: &str, goldstein: &str) -> String {
        let mut fields = vec![String::new(); gdelt::COLUMNS];
        fields[gdelt::ID] = id.to_string();
        fields[gdelt::DATE] = date.to_string();
        fields[gdelt::ACTOR1] = a.to_string();
        fields[gdelt::ACTOR2] = b.to_string();
        fields[gdelt::GOLDSTEIN] = goldstein.to_string();
        fields[gdelt::QUAD_CLASS] = "1".to_string();
        fields[gdelt::MENTIONS] = "1".to_string();
        fields[gdelt::URL] = format!("https://example.org/{id}");
        fields.join("\t")
    }

    fn start(period: Period, text: &str) -> Option<String> {
        day_of(text)
            .and_then(|d| period.start(d))
            .map(|d| d.to_string())
    }

    #[test]
    fn periods_start_on_their_first_day() {
        assert_eq!(start(Period::Month, "20240215").as_deref(), Some("2024-02"));
        assert_eq!(
            start(Period::Month, "2024-02-15").as_deref(),
            Some("2024-02")
        );
        assert!(start(Period::Month, "20240230").is_none());
        assert!(start(Period::Month, "2024021").is_none());
        // 2024-02-15 was a Thursday; its ISO week began on Monday the 12th.
        assert_eq!(
            start(Period::Week, "20240215").as_deref(),
            Some("2024-02-12")
        );
        assert_eq!(
            start(Period::Week, "20240212").as_deref(),
            Some("2024-02-12")
        );
        assert_eq!(
            start(Period::Week, "20240218").as_deref(),
            Some("2024-02-12")
        );
        // A week that starts in the previous year: 2021-01-01 was a Friday.
        assert_eq!(
            start(Period::Week, "20210101").as_deref(),
            Some("2020-12-28")
        );
        assert_eq!(
            start(Period::Quarter, "20240515").as_deref(),
            Some("2024-04")
        );
        assert_eq!(
            start(Period::Quarter, "20241231").as_deref(),
            Some("2024-10")
        );
        assert_eq!(start(Period::Year, "20240515").as_deref(), Some("2024"));
    }

    #[test]
    fn cameo_roots_give_quad_classes() {
        assert_eq!(quad_class_of_cameo("010"), Some(1));
        assert_eq!(quad_class_of_cameo("057"), Some(1));
        assert_eq!(quad_class_of_cameo("0874"), Some(2));
        assert_eq!(quad_class_of_cameo("130"), Some(3));
        assert_eq!(quad_class_of_cameo("193"), Some(4));
        assert_eq!(quad_class_of_cameo("21"), None);
        assert_eq!(quad_class_of_cameo("x"), None);
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
            sources_per_point: 1,
            ..Options::new(Format::Gdelt)
        })
        .unwrap();
        aggregate.add("e.tsv", text.as_bytes()).unwrap();
        let graph = aggregate.finish().unwrap().graph;
        assert_eq!(graph.relations.len(), 1);
        let series = &graph.relations[0].series;
        assert_eq!(series[0].value(), crate::model::PointValue::Weight(-0.3));
        assert_eq!(series[0].note(), Some("2 events"));
        assert_eq!(series[0].sources(), vec!["event-1".to_string()]);
        assert_eq!(series[0].count(), Some(2));
        assert_eq!(series[1].value(), crate::model::PointValue::Weight(0.34));
    }

    use proptest::prelude::*;

    const SEEDS: [(&[u8], Format); 3] = [
        (
            include_bytes!("../../tests/fixtures/events/gdelt-options.tsv"),
            Format::Gdelt,
        ),
        (
            include_bytes!("../../tests/fixtures/events/icews-small.tsv"),
            Format::Icews,
        ),
        (
            b"id,date,actor1,actor2,goldstein,url,mentions,quadclass\n1,2024-01-05,USA,RUS,-4,u,2,1\n",
            Format::CameoCsv,
        ),
    ];

    proptest! {
        /// Mutated event files, under every option, give a graph or an error, never a panic,
        /// and every point they give counts at least `--min-events` events.
        #[test]
        fn mutated_event_files_never_panic(
            seed in 0usize..3,
            edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6),
            period in 0usize..4,
            mentions: bool,
            quad: bool,
            directed: bool,
            min_events in 1u64..3,
        ) {
            let (bytes, format) = SEEDS[seed];
            let mut bytes = bytes.to_vec();
            for (at, byte) in edits {
                let i = at.index(bytes.len() + 1);
                if byte % 2 == 0 && i < bytes.len() {
                    bytes[i] = byte;
                } else {
                    bytes.insert(i, byte);
                }
            }
            let options = Options {
                period: [Period::Week, Period::Month, Period::Quarter, Period::Year][period],
                weight_by: if mentions { WeightBy::Mentions } else { WeightBy::Events },
                kinds: if quad { Kinds::QuadClass } else { Kinds::Events },
                directed,
                min_events,
                ..Options::new(format)
            };
            if let Ok(mut aggregate) = Aggregate::new(options) {
                let _ = aggregate.add("fuzz", &bytes[..]);
                if let Ok(imported) = aggregate.finish() {
                    for relation in &imported.graph.relations {
                        for point in &relation.series {
                            prop_assert!(point.count().is_some_and(|n| n >= min_events));
                        }
                    }
                }
            }
        }
    }
}
