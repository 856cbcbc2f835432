//! The relations table (long: one row per point; wide: one row per tie, one column per date) and
//! the actors table, read from CSV into a graph. docs/data.md describes both tables.
//!
//! Columns are named by [`Column`] and [`ActorColumn`]: a new per-point field (say `confidence`)
//! is one variant, its name, and one arm in `point_of`; a new actor field (`aliases`,
//! attributes) is one variant of [`ActorColumn`] and one arm in `actors`. Any other column of
//! the actors table is an attribute: `true`/`false` as a boolean, a number as a number, else
//! text; an empty cell sets nothing.

use std::collections::{BTreeMap, BTreeSet};

pub use super::actors::ActorColumn;
use super::{Imported, Input, checked, position};
use crate::load::{Diagnostic, Diagnostics, LoadError, Position, did_you_mean};
use crate::model::{
    Actor, ActorKind, DEFAULT_KIND, Date, Ends, Event, Graph, Id, Interpolation, Point, PointValue,
    Relation, RelationKey, Scale, Source,
};

/// A column of the relations table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Column {
    /// The actor the tie goes from (or one end of a mutual tie). Required.
    From,
    /// The other end. Required.
    To,
    /// The relation's kind; `relation` when absent or empty.
    Kind,
    /// The point's date (long format). Required in the long format.
    Date,
    /// The point's weight; empty ends the tie. Required in the long format.
    Weight,
    /// `true` for a directed tie.
    Directed,
    /// `true` ends the tie on the date.
    End,
    /// The relation's interpolation (`step` or `linear`); one value per relation.
    Interpolation,
    /// The point's note.
    Note,
    /// The point's sources, `;`-separated.
    Source,
    /// The point's event.
    Event,
    /// The point's confidence, from 0 to 1 (format 1.1).
    Confidence,
    /// The low end of the point's range (format 1.1); with `range_high`.
    RangeLow,
    /// The high end of the point's range (format 1.1); with `range_low`.
    RangeHigh,
    /// How many observations are behind the point (format 1.1), a whole number.
    Count,
    /// The relation's note, on any of its rows (the first given is kept).
    RelationNote,
}

impl Column {
    /// Every column, in the order the exporter writes them.
    pub const ALL: [Column; 16] = [
        Column::From,
        Column::To,
        Column::Kind,
        Column::Date,
        Column::Weight,
        Column::Directed,
        Column::End,
        Column::Interpolation,
        Column::Note,
        Column::Source,
        Column::Event,
        Column::Confidence,
        Column::RangeLow,
        Column::RangeHigh,
        Column::Count,
        Column::RelationNote,
    ];

    /// The column's header.
    pub fn name(self) -> &'static str {
        match self {
            Column::From => "from",
            Column::To => "to",
            Column::Kind => "kind",
            Column::Date => "date",
            Column::Weight => "weight",
            Column::Directed => "directed",
            Column::End => "end",
            Column::Interpolation => "interpolation",
            Column::Note => "note",
            Column::Source => "source",
            Column::Event => "event",
            Column::Confidence => "confidence",
            Column::RangeLow => "range_low",
            Column::RangeHigh => "range_high",
            Column::Count => "count",
            Column::RelationNote => "relation_note",
        }
    }

    /// The column with this header, if any.
    pub fn parse(name: &str) -> Option<Column> {
        Column::ALL.into_iter().find(|c| c.name() == name)
    }

    fn required(self, wide: bool) -> bool {
        match self {
            Column::From | Column::To => true,
            Column::Date | Column::Weight => !wide,
            _ => false,
        }
    }

    /// Whether the wide format reads this column (the rest are per point, one column per date).
    fn in_wide(self) -> bool {
        matches!(
            self,
            Column::From | Column::To | Column::Kind | Column::Directed | Column::Interpolation
        )
    }
}

/// How to read the tables.
#[derive(Debug, Clone)]
pub struct Options {
    /// Every row is a directed tie (as if `directed` were `true` in each).
    pub directed: bool,
    /// Headers that stand for the named columns (`src` for `from`...).
    pub columns: BTreeMap<Column, String>,
    /// The kind of an actor that the actors table does not list.
    pub default_kind: ActorKind,
    /// Actors missing from the actors table are errors rather than created.
    pub strict_actors: bool,
    /// The wide format: one row per tie, one column per date.
    pub wide: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            directed: false,
            columns: BTreeMap::new(),
            default_kind: ActorKind::State,
            strict_actors: false,
            wide: false,
        }
    }
}

/// One cell: its text and where it starts.
#[derive(Debug, Clone)]
struct Cell {
    text: String,
    at: Position,
}

/// One point's row, whichever format it came from, with the cells of the relations table.
#[derive(Debug)]
struct Row {
    cells: BTreeMap<Column, Cell>,
    /// Where the row starts, for problems of the whole row.
    at: Position,
}

impl Row {
    fn get(&self, column: Column) -> Option<&Cell> {
        self.cells.get(&column)
    }

    /// The cell's text trimmed, `None` when absent or blank.
    fn value(&self, column: Column) -> Option<(&str, Position)> {
        self.get(column)
            .map(|c| (c.text.trim(), c.at))
            .filter(|(t, _)| !t.is_empty())
    }
}

/// A CSV table as records with the position of every field; the header is the first record.
pub(super) struct Records {
    pub(super) header: Vec<(String, Position)>,
    pub(super) rows: Vec<(Vec<(String, Position)>, Position)>,
}

pub(super) fn records(input: &Input, problems: &mut Vec<Diagnostic>) -> Records {
    let text = &input.text;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    let mut all = Vec::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let (byte, line) = record.position().map_or((0, 1), |p| (p.byte(), p.line()));
                let byte = usize::try_from(byte).unwrap_or(usize::MAX);
                let at = position::fields(text, byte, line, b',');
                let fields: Vec<(String, Position)> = record
                    .iter()
                    .enumerate()
                    .map(|(i, f)| {
                        let p = at.get(i).or(at.last()).copied();
                        (f.to_string(), p.unwrap_or(Position { line: 1, column: 1 }))
                    })
                    .collect();
                let start = at
                    .first()
                    .copied()
                    .unwrap_or(Position { line: 1, column: 1 });
                all.push((fields, start));
            }
            Err(e) => {
                let at = e.position().map(|p| Position {
                    line: u32::try_from(p.line()).unwrap_or(u32::MAX),
                    column: 1,
                });
                problems.push(Diagnostic::new(at, format!("unreadable CSV: {e}")));
                break;
            }
        }
    }
    let mut rows = all.into_iter();
    let header = rows
        .next()
        .map(|(fields, _)| {
            fields
                .into_iter()
                .map(|(name, at)| (name.trim().to_string(), at))
                .collect()
        })
        .unwrap_or_default();
    Records {
        header,
        rows: rows.collect(),
    }
}

/// A row whose number of fields differs from the header's.
pub(super) fn check_width(
    fields: &[(String, Position)],
    header: usize,
    at: Position,
    problems: &mut Vec<Diagnostic>,
) -> bool {
    if fields.len() == header {
        return true;
    }
    problems.push(
        Diagnostic::new(
            Some(at),
            format!(
                "this row has {} fields; the header has {header}",
                fields.len()
            ),
        )
        .with_help("quote cells that contain commas, and give every row the header's columns"),
    );
    false
}

/// Reads the relations table `table` (and the actors table, if any) into a checked graph.
///
/// Every bad row is reported, with its line and column, in one [`LoadError::Invalid`] for the
/// file it is in.
///
/// ```
/// use detente::import::{Input, csv};
/// let table = Input {
///     name: "ties.csv".into(),
///     text: "from,to,kind,date,weight\nUSA,BLR,diplomatic,2019,-0.2\nBLR,USA,diplomatic,2020-02,0.2\n"
///         .into(),
/// };
/// let imported = csv::relations(&table, None, &csv::Options::default())?;
/// assert_eq!(imported.graph.relations.len(), 1);
/// assert_eq!(imported.graph.relations[0].series.len(), 2);
/// # Ok::<(), detente::LoadError>(())
/// ```
pub fn relations(
    table: &Input,
    actors_table: Option<&Input>,
    options: &Options,
) -> Result<Imported, LoadError> {
    let mut warnings = Vec::new();
    let known = match actors_table {
        Some(input) => {
            let (known, warned) = super::actors::actors(input, options)?;
            if !warned.is_empty() {
                warnings.push(Diagnostics::new(
                    &input.name,
                    warned,
                    Some(input.text.clone()),
                ));
            }
            Some(known)
        }
        None => None,
    };
    let mut problems = Vec::new();
    let mut warned = Vec::new();
    let rows = if options.wide {
        wide_rows(table, options, &mut problems, &mut warned)
    } else {
        long_rows(table, options, &mut problems, &mut warned)
    };
    let graph = assemble(&rows, known, options, &mut problems, &mut warned);
    let invalid = |problems| {
        LoadError::Invalid(Diagnostics::new(
            &table.name,
            problems,
            Some(table.text.clone()),
        ))
    };
    if !problems.is_empty() {
        return Err(invalid(problems));
    }
    if !warned.is_empty() {
        warnings.push(Diagnostics::new(
            &table.name,
            warned,
            Some(table.text.clone()),
        ));
    }
    checked(graph, warnings)
}

/// Which field of each record holds each column, from the header; missing required columns are
/// problems, and headers that are no column are warned about.
fn locate_columns(
    header: &[(String, Position)],
    options: &Options,
    wanted: impl Fn(Column) -> bool,
    problems: &mut Vec<Diagnostic>,
) -> BTreeMap<Column, usize> {
    let mut found = BTreeMap::new();
    for column in Column::ALL.into_iter().filter(|&c| wanted(c)) {
        let name = options
            .columns
            .get(&column)
            .map_or(column.name(), String::as_str);
        match header.iter().position(|(h, _)| h == name) {
            Some(i) => {
                found.insert(column, i);
            }
            None if column.required(options.wide) => {
                let guess = did_you_mean(name, header.iter().map(|(h, _)| (h.as_str(), None)));
                let help = match guess {
                    Some(g) => format!(
                        "did you mean {g}? map it with `--columns {}={}`",
                        column.name(),
                        g.trim_matches('`')
                    ),
                    None => format!(
                        "add a `{name}` column, or map another one with `--columns {}=HEADER`",
                        column.name()
                    ),
                };
                problems.push(
                    Diagnostic::new(
                        Some(Position { line: 1, column: 1 }),
                        format!("the header has no `{name}` column"),
                    )
                    .with_help(help),
                );
            }
            None => {}
        }
    }
    found
}

fn long_rows(
    input: &Input,
    options: &Options,
    problems: &mut Vec<Diagnostic>,
    warned: &mut Vec<Diagnostic>,
) -> Vec<Row> {
    let records = records(input, problems);
    let columns = locate_columns(&records.header, options, |_| true, problems);
    for (i, (name, at)) in records.header.iter().enumerate() {
        if !columns.values().any(|&c| c == i) {
            warned.push(Diagnostic::new(
                Some(*at),
                format!("column `{name}` is not read"),
            ));
        }
    }
    if problems
        .iter()
        .any(|p| p.position.is_some_and(|p| p.line == 1))
    {
        return Vec::new();
    }
    let width = records.header.len();
    records
        .rows
        .into_iter()
        .filter(|(fields, at)| check_width(fields, width, *at, problems))
        .map(|(fields, at)| Row {
            cells: columns
                .iter()
                .map(|(&column, &i)| {
                    let (text, at) = fields[i].clone();
                    (column, Cell { text, at })
                })
                .collect(),
            at,
        })
        .collect()
}

fn wide_rows(
    input: &Input,
    options: &Options,
    problems: &mut Vec<Diagnostic>,
    warned: &mut Vec<Diagnostic>,
) -> Vec<Row> {
    let records = records(input, problems);
    let columns = locate_columns(&records.header, options, Column::in_wide, problems);
    let mut dates = Vec::new();
    for (i, (name, at)) in records.header.iter().enumerate() {
        if columns.values().any(|&c| c == i) {
            continue;
        }
        match name.parse::<Date>() {
            Ok(_) => dates.push(i),
            Err(_) => warned.push(Diagnostic::new(
                Some(*at),
                format!("column `{name}` is neither a tie's column nor a date; it is not read"),
            )),
        }
    }
    if problems
        .iter()
        .any(|p| p.position.is_some_and(|p| p.line == 1))
    {
        return Vec::new();
    }
    let width = records.header.len();
    let mut rows = Vec::new();
    for (fields, at) in records.rows {
        if !check_width(&fields, width, at, problems) {
            continue;
        }
        let tie: BTreeMap<Column, Cell> = columns
            .iter()
            .map(|(&column, &i)| {
                let (text, at) = fields[i].clone();
                (column, Cell { text, at })
            })
            .collect();
        for &i in &dates {
            let (text, cell_at) = &fields[i];
            if text.trim().is_empty() {
                continue;
            }
            let mut cells = tie.clone();
            let (date, date_at) = &records.header[i];
            let cell = |text: &str| Cell {
                text: text.to_string(),
                at: *cell_at,
            };
            cells.insert(
                Column::Date,
                Cell {
                    text: date.clone(),
                    at: *date_at,
                },
            );
            if text.trim().eq_ignore_ascii_case("end") {
                cells.insert(Column::End, cell("true"));
            } else {
                cells.insert(Column::Weight, cell(text));
            }
            rows.push(Row { cells, at });
        }
    }
    rows
}

/// `true`/`false` (also `yes`/`no`, `1`/`0`, any case); empty is `false`.
fn boolean(row: &Row, column: Column, problems: &mut Vec<Diagnostic>) -> bool {
    let Some((text, at)) = row.value(column) else {
        return false;
    };
    match text.to_ascii_lowercase().as_str() {
        "true" | "yes" | "1" => true,
        "false" | "no" | "0" => false,
        _ => {
            problems.push(
                Diagnostic::new(
                    Some(at),
                    format!("`{}` is `{text}`, not true or false", column.name()),
                )
                .with_help("write true or false, or leave the cell empty"),
            );
            false
        }
    }
}

/// What one row says: the tie it belongs to and its point.
struct RowPoint {
    ends: Ends,
    kind: String,
    point: Point,
    interpolation: Option<(Interpolation, Position)>,
    relation_note: Option<String>,
}

/// Reads one row's point; its problems go to `problems`.
fn point_of(row: &Row, options: &Options, problems: &mut Vec<Diagnostic>) -> Option<RowPoint> {
    let before = problems.len();
    let end_of = |column: Column, problems: &mut Vec<Diagnostic>| match row.value(column) {
        Some((id, _)) => Some(id.to_string()),
        None => {
            let at = row.get(column).map_or(row.at, |c| c.at);
            problems.push(Diagnostic::new(
                Some(at),
                format!(
                    "`{}` is empty; every row names both ends of its tie",
                    column.name()
                ),
            ));
            None
        }
    };
    let from = end_of(Column::From, problems);
    let to = end_of(Column::To, problems);
    if let (Some(a), Some(b)) = (&from, &to)
        && a == b
    {
        problems.push(Diagnostic::new(
            row.get(Column::To).map(|c| c.at),
            format!("a tie joins `{a}` to itself"),
        ));
    }
    let kind = row
        .value(Column::Kind)
        .map_or(DEFAULT_KIND, |(k, _)| k)
        .to_string();
    let directed = options.directed || boolean(row, Column::Directed, problems);
    let date = match row.value(Column::Date) {
        Some((text, at)) => match text.parse::<Date>() {
            Ok(d) => Some(d),
            Err(e) => {
                problems.push(Diagnostic::new(Some(at), e.to_string()));
                None
            }
        },
        None => {
            let at = row.get(Column::Date).map_or(row.at, |c| c.at);
            problems.push(Diagnostic::new(Some(at), "`date` is empty"));
            None
        }
    };
    let end = boolean(row, Column::End, problems);
    let value = match (row.value(Column::Weight), end) {
        (None, _) => PointValue::End,
        (Some(_), true) => {
            let at = row.get(Column::End).map(|c| c.at);
            problems.push(
                Diagnostic::new(at, "this row both gives a weight and ends the tie")
                    .with_help("an end row leaves `weight` empty"),
            );
            PointValue::End
        }
        (Some((text, at)), false) => match text.parse::<f64>() {
            Ok(w) if Scale::default().contains(w) => PointValue::Weight(w),
            Ok(_) => {
                problems.push(
                    Diagnostic::new(
                        Some(at),
                        format!("weight {text} is outside the scale [-1, 1]"),
                    )
                    .with_help("weights run from -1 (most hostile) to 1 (most cooperative)"),
                );
                PointValue::End
            }
            Err(_) => {
                problems.push(
                    Diagnostic::new(Some(at), format!("weight `{text}` is not a number"))
                        .with_help("write a number such as -0.4, or leave it empty to end the tie"),
                );
                PointValue::End
            }
        },
    };
    let interpolation = match row.value(Column::Interpolation) {
        None => None,
        Some(("step", at)) => Some((Interpolation::Step, at)),
        Some(("linear", at)) => Some((Interpolation::Linear, at)),
        Some((other, at)) => {
            problems.push(
                Diagnostic::new(
                    Some(at),
                    format!("interpolation `{other}` is not step or linear"),
                )
                .with_help("write step or linear, or leave it empty"),
            );
            None
        }
    };
    let note = row
        .get(Column::Note)
        .filter(|c| !c.text.trim().is_empty())
        .map(|c| c.text.clone());
    let sources = row
        .value(Column::Source)
        .map(|(text, _)| {
            text.split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    let event = row.value(Column::Event).map(|(e, _)| e.to_string());
    let confidence = match row.value(Column::Confidence) {
        None => None,
        Some((text, at)) => match text.parse::<f64>() {
            Ok(c) if (0.0..=1.0).contains(&c) && value != PointValue::End => Some(c),
            _ => {
                problems.push(
                    Diagnostic::new(
                        Some(at),
                        format!("confidence `{text}` is not a number from 0 to 1 on a weight"),
                    )
                    .with_help(
                        "write 1 for certain, 0.5 for an even guess; leave it empty on an end row",
                    ),
                );
                None
            }
        },
    };
    let number = |column: Column, problems: &mut Vec<Diagnostic>| match row.value(column) {
        None => None,
        Some((text, at)) => match text.parse::<f64>() {
            Ok(x) if x.is_finite() => Some((x, at)),
            _ => {
                problems.push(Diagnostic::new(
                    Some(at),
                    format!("`{}` is `{text}`, not a number", column.name()),
                ));
                None
            }
        },
    };
    let low = number(Column::RangeLow, problems);
    let high = number(Column::RangeHigh, problems);
    let range = match (low, high, value) {
        (None, None, _) => None,
        (Some((l, _)), Some((h, _)), PointValue::Weight(w))
            if l <= w && w <= h && Scale::default().contains(l) && Scale::default().contains(h) =>
        {
            Some([l, h])
        }
        (Some((_, at)), _, _) | (None, Some((_, at)), _) => {
            problems.push(
                Diagnostic::new(
                    Some(at),
                    "a range needs both `range_low` and `range_high`, low ≤ weight ≤ high",
                )
                .with_help("give both ends around the weight, within [-1, 1]; none on an end row"),
            );
            None
        }
    };
    let count = match row.value(Column::Count) {
        None => None,
        Some((text, at)) => match text.parse::<u64>() {
            Ok(n) => Some(n),
            Err(_) => {
                problems.push(
                    Diagnostic::new(
                        Some(at),
                        format!("count `{text}` is not a whole number, 0 or more"),
                    )
                    .with_help(
                        "write the number of observations behind the point, or leave it empty",
                    ),
                );
                None
            }
        },
    };
    let relation_note = row
        .get(Column::RelationNote)
        .filter(|c| !c.text.trim().is_empty())
        .map(|c| c.text.clone());
    if problems.len() > before {
        return None;
    }
    let (from, to, date) = (from?, to?, date?);
    let ends = if directed {
        Ends::Directed { from, to }
    } else {
        Ends::Mutual(from, to)
    };
    Some(RowPoint {
        ends,
        kind,
        point: Point {
            date,
            value,
            note,
            event,
            sources,
            confidence,
            range,
            count,
        },
        interpolation,
        relation_note,
    })
}

/// A relation being gathered from its rows.
struct Gathering {
    relation: Relation,
    dates: BTreeMap<Date, Position>,
    interpolation: Option<(Interpolation, Position)>,
}

/// Groups the rows' points into relations and declares the actors, events and sources they name.
fn assemble(
    rows: &[Row],
    known: Option<BTreeMap<Id, Actor>>,
    options: &Options,
    problems: &mut Vec<Diagnostic>,
    warned: &mut Vec<Diagnostic>,
) -> Graph {
    let mut ties: Vec<Gathering> = Vec::new();
    let mut index: BTreeMap<RelationKey, usize> = BTreeMap::new();
    let mut missing: BTreeMap<Id, Position> = BTreeMap::new();
    let mut events: BTreeMap<Id, Event> = BTreeMap::new();
    let mut sources: BTreeSet<Id> = BTreeSet::new();
    for row in rows {
        let Some(got) = point_of(row, options, problems) else {
            continue;
        };
        let (a, b) = got.ends.pair();
        for (id, column) in [(a, Column::From), (b, Column::To)] {
            let in_table = known.as_ref().is_some_and(|k| k.contains_key(id));
            let at = row.get(column).map_or(row.at, |c| c.at);
            if in_table {
                continue;
            }
            if options.strict_actors {
                let listed = known
                    .iter()
                    .flat_map(|k| k.values().map(|a| (a.id.as_str(), Some(a.name.as_str()))));
                let mut d =
                    Diagnostic::new(Some(at), format!("actor `{id}` is not in the actors table"));
                d.help = Some(match did_you_mean(id, listed) {
                    Some(g) => format!("did you mean {g}?"),
                    None => "add it to the actors table, or drop --strict-actors".to_string(),
                });
                problems.push(d);
            } else {
                missing.entry(id.to_string()).or_insert(at);
            }
        }
        let point_at = row.get(Column::Date).map_or(row.at, |c| c.at);
        if let Some(event) = &got.point.event {
            let e = events.entry(event.clone()).or_insert_with(|| Event {
                date: got.point.date,
                title: event.clone(),
                actors: Vec::new(),
                sources: Vec::new(),
                description: None,
            });
            for id in [a, b] {
                if !e.actors.iter().any(|x| x == id) {
                    e.actors.push(id.to_string());
                }
            }
        }
        sources.extend(got.point.sources.iter().cloned());
        let relation = Relation {
            ends: got.ends,
            kind: got.kind,
            interpolation: None,
            series: Vec::new(),
            note: None,
        };
        let key = relation.key();
        let i = *index.entry(key.clone()).or_insert_with(|| {
            ties.push(Gathering {
                relation,
                dates: BTreeMap::new(),
                interpolation: None,
            });
            ties.len() - 1
        });
        let tie = &mut ties[i];
        if let Some(first) = tie.dates.get(&got.point.date) {
            problems.push(
                Diagnostic::new(
                    Some(point_at),
                    format!(
                        "{key} already has a point on {} (line {})",
                        got.point.date, first.line
                    ),
                )
                .with_help("keep one row per tie and date"),
            );
            continue;
        }
        tie.dates.insert(got.point.date, point_at);
        match (tie.interpolation, got.interpolation) {
            (Some((was, first)), Some((now, at))) if was != now => problems.push(
                Diagnostic::new(
                    Some(at),
                    format!(
                        "{key} is `{}` here but `{}` on line {}",
                        now.as_str(),
                        was.as_str(),
                        first.line
                    ),
                )
                .with_help("interpolation belongs to the whole tie: give every row the same"),
            ),
            (None, Some(i)) => tie.interpolation = Some(i),
            _ => {}
        }
        if tie.relation.note.is_none() {
            tie.relation.note = got.relation_note;
        }
        tie.relation.series.push(got.point);
    }
    let table = known.is_some();
    let mut actors = known.unwrap_or_default();
    if table {
        for (id, at) in &missing {
            warned.push(Diagnostic::new(
                Some(*at),
                format!(
                    "actor `{id}` is not in the actors table; created as a {} named `{id}`",
                    options.default_kind.as_str()
                ),
            ));
        }
    } else if !missing.is_empty() {
        warned.push(
            Diagnostic::new(
                None,
                format!(
                    "no actors table: {} actors created as {} named by their ids",
                    missing.len(),
                    plural_kind(options.default_kind)
                ),
            )
            .with_help("give --actors ACTORS.csv (columns id,name,kind) for names and kinds"),
        );
    }
    for id in missing.into_keys() {
        actors.insert(
            id.clone(),
            Actor {
                name: id.clone(),
                id,
                kind: options.default_kind,
                posts: Vec::new(),
                note: None,
                aliases: Vec::new(),
                attributes: BTreeMap::new(),
                part_of: Vec::new(),
            },
        );
    }
    let relations = ties
        .into_iter()
        .map(|mut t| {
            t.relation.interpolation = t.interpolation.map(|(i, _)| i);
            t.relation.sort_series();
            t.relation
        })
        .collect();
    Graph {
        actors,
        relations,
        events,
        sources: sources
            .into_iter()
            .map(|id| {
                let url =
                    (id.starts_with("https://") || id.starts_with("http://")).then(|| id.clone());
                (
                    id.clone(),
                    Source {
                        title: id,
                        url,
                        ..Source::default()
                    },
                )
            })
            .collect(),
        ..Graph::default()
    }
}

fn plural_kind(kind: ActorKind) -> &'static str {
    match kind {
        ActorKind::State => "states",
        ActorKind::Organisation => "organisations",
        ActorKind::Person => "persons",
        ActorKind::Other(_) => "actors",
    }
}
