//! The relations table (long: one row per point; wide: one row per tie, one column per date) and
//! the actors table, read from CSV into a graph. docs/data.md describes both tables.
//!
//! Columns are named by [`Column`] and [`ActorColumn`]: a new per-point field (say `confidence`)
//! is one variant, its name, and one arm in `point_of`; a new actor field (`aliases`,
//! attributes) is one variant of [`ActorColumn`] and one arm in `actors`. Any other column of
//! the actors table is an attribute: `true`/`false` as a boolean, a number as a number, else
//! text; an empty cell sets nothing.

use std::collections::{BTreeMap, BTreeSet, HashMap};

pub use super::actors::ActorColumn;
use super::{Imported, Input, checked_vouched, position};
use crate::load::{Diagnostic, Diagnostics, LoadError, Position, did_you_mean};
use crate::model::{
    Actor, ActorKind, DEFAULT_KIND, Date, Ends, Event, Graph, Id, Interpolation, Name, Point,
    PointDetail, PointValue, Relation, RelationKey, Scale, Source,
};
use crate::reader::LineIndex;

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
    /// The order the ties are listed in.
    pub order: Order,
}

/// The order an imported graph lists its ties in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Order {
    /// Each tie where its first row is, so that the file follows the table.
    #[default]
    FirstRow,
    /// By key: `from`, then `to`, then `kind`, mutual before directed (a mutual tie's ends in
    /// id order), the order every output lists ties in. A large graph stored so is read faster
    /// by every command that walks its ties in that order (`show`, `render`, `diff`).
    Key,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            directed: false,
            columns: BTreeMap::new(),
            default_kind: ActorKind::State,
            strict_actors: false,
            wide: false,
            order: Order::FirstRow,
        }
    }
}

/// One cell: its text and where it starts.
#[derive(Debug, Clone)]
struct Cell {
    text: String,
    at: Position,
}

/// Where a row's cells are, asked for only when there is a problem to report: the long table is
/// read without finding where each of its tens of millions of fields starts.
trait Locate {
    /// Where the cell starts (where the row starts when the table has no such column).
    fn at(&self, column: Column) -> Position;
    /// The line the row starts on.
    fn line(&self) -> u32;
}

/// The cells of one point's row, whichever format it came from: a record of the long table read
/// in place, or a row made from one cell of the wide table.
trait Cells: Locate {
    /// The cell's text as written; `None` when the table has no such column.
    fn text(&self, column: Column) -> Option<&str>;

    /// The cell's text trimmed, `None` when absent or blank.
    fn value(&self, column: Column) -> Option<&str> {
        self.text(column).map(str::trim).filter(|t| !t.is_empty())
    }
}

/// A row of the wide table for one of its dates, with the cells of the relations table.
#[derive(Debug)]
struct Row {
    cells: BTreeMap<Column, Cell>,
    /// Where the row starts, for problems of the whole row.
    at: Position,
}

impl Locate for Row {
    fn at(&self, column: Column) -> Position {
        self.cells.get(&column).map_or(self.at, |c| c.at)
    }

    fn line(&self) -> u32 {
        self.at.line
    }
}

impl Cells for Row {
    fn text(&self, column: Column) -> Option<&str> {
        self.cells.get(&column).map(|c| c.text.as_str())
    }
}

/// Where a record of the long table is: its fields are found by the header's column indices in
/// the text, and only when asked for.
#[derive(Clone, Copy)]
struct Place<'a> {
    /// The field of each column ([`Column::ALL`]'s order), if the table has it.
    fields: &'a [Option<usize>; Column::ALL.len()],
    text: &'a str,
    /// Where the record starts: its byte and its line.
    byte: usize,
    line: u32,
}

impl Place<'_> {
    /// Where field `i` starts; where the record starts for `None`.
    fn at_field(&self, i: Option<usize>) -> Position {
        let starts = position::fields(self.text, self.byte, u64::from(self.line), b',');
        i.and_then(|i| starts.get(i))
            .or(starts.first())
            .copied()
            .unwrap_or(Position {
                line: self.line,
                column: 1,
            })
    }

    fn start(&self) -> Position {
        self.at_field(None)
    }
}

impl Locate for Place<'_> {
    fn at(&self, column: Column) -> Position {
        self.at_field(self.fields[column as usize])
    }

    fn line(&self) -> u32 {
        self.line
    }
}

/// A record of the long table, read in place.
struct Record<'a> {
    record: &'a csv::StringRecord,
    place: Place<'a>,
}

impl Locate for Record<'_> {
    fn at(&self, column: Column) -> Position {
        self.place.at(column)
    }

    fn line(&self) -> u32 {
        self.place.line
    }
}

impl Cells for Record<'_> {
    fn text(&self, column: Column) -> Option<&str> {
        self.record.get(self.place.fields[column as usize]?)
    }
}

/// A CSV table as records with the position of every field; the header is the first record.
pub(super) struct Records {
    pub(super) header: Vec<(String, Position)>,
    pub(super) rows: Vec<(Vec<(String, Position)>, Position)>,
}

/// A reader of every record of `text` (the header too), records of any width.
fn csv_reader(text: &str) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
}

pub(super) fn records(text: &str, problems: &mut Vec<Diagnostic>) -> Records {
    let mut reader = csv_reader(text);
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
    problems.push(width_problem(fields.len(), header, at));
    false
}

fn width_problem(fields: usize, header: usize, at: Position) -> Diagnostic {
    Diagnostic::new(
        Some(at),
        format!("this row has {fields} fields; the header has {header}"),
    )
    .with_help("quote cells that contain commas, and give every row the header's columns")
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
    assemble(
        &table.name,
        Text::Borrowed(&table.text),
        actors_table,
        options,
    )
}

/// [`relations`] of a table handed over with a way to read it again: once the rows of a long
/// table are read without a problem, its text (the size of the file, the largest thing held) is
/// let go before the ties are put together, and `reread` reads it again only should a problem or
/// warning found after that need to quote it or to find a row's cell.
///
/// A text read again that differs from the first in length or hash (the file changed
/// meanwhile), or that cannot be read, is not used: such a problem is reported at its row's
/// line, unquoted.
pub fn relations_releasing(
    table: Input,
    reread: &dyn Fn() -> Option<String>,
    actors_table: Option<&Input>,
    options: &Options,
) -> Result<Imported, LoadError> {
    let Input { name, text } = table;
    assemble(&name, Text::Owned { text, reread }, actors_table, options)
}

/// The relations table's text, as [`assemble`] is given it.
enum Text<'t> {
    /// The caller's, held throughout.
    Borrowed(&'t str),
    /// Handed over, with a way to read it again once let go.
    Owned {
        text: String,
        reread: &'t dyn Fn() -> Option<String>,
    },
}

impl Text<'_> {
    fn as_str(&self) -> &str {
        match self {
            Text::Borrowed(text) => text,
            Text::Owned { text, .. } => text,
        }
    }
}

/// A table's text after its rows are read: still held, or let go and read again at most once,
/// when first asked for.
struct Later<'t> {
    held: Option<std::borrow::Cow<'t, str>>,
    reread: Option<&'t dyn Fn() -> Option<String>>,
    /// The length and hash ([`digest`]) of the text as first read, which a text read again
    /// must have.
    len: usize,
    digest: u64,
    again: std::cell::OnceCell<Option<String>>,
}

/// A hash of `text` that tells a file read again from one changed meanwhile (foldhash, fixed
/// seed: tens of milliseconds for a text of hundreds of megabytes, not a cryptographic check).
fn digest(text: &str) -> u64 {
    use std::hash::BuildHasher;
    foldhash::quality::FixedState::default().hash_one(text)
}

impl<'t> Later<'t> {
    /// Holds `text`, or lets it go when it can be read again and `release` says so.
    fn new(text: Text<'t>, release: bool) -> Later<'t> {
        use std::borrow::Cow;
        let len = text.as_str().len();
        // Only a text let go is ever read again, to be compared with this.
        let digest = match &text {
            Text::Owned { text, .. } if release => digest(text),
            _ => 0,
        };
        let (held, reread) = match text {
            Text::Borrowed(text) => (Some(Cow::Borrowed(text)), None),
            Text::Owned { reread, .. } if release => (None, Some(reread)),
            Text::Owned { text, reread } => (Some(Cow::Owned(text)), Some(reread)),
        };
        Later {
            held,
            reread,
            len,
            digest,
            again: std::cell::OnceCell::new(),
        }
    }

    /// The text: held, or read again (`None` when that fails or gives another text).
    fn get(&self) -> Option<&str> {
        if let Some(text) = &self.held {
            return Some(text);
        }
        self.again
            .get_or_init(|| {
                self.reread
                    .and_then(|f| f())
                    .filter(|t| t.len() == self.len && digest(t) == self.digest)
            })
            .as_deref()
    }

    /// The text to quote in diagnostics: moved out when handed over, copied when borrowed.
    fn into_quoted(self) -> Option<String> {
        self.get()?;
        match (self.held, self.again.into_inner()) {
            (Some(text), _) => Some(text.into_owned()),
            (None, again) => again.flatten(),
        }
    }
}

/// [`relations`] and [`relations_releasing`]: the table named `name`, whose text is `text`.
fn assemble(
    name: &str,
    text: Text<'_>,
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
    let mut gathering = Assembler::new(known, options);
    let (mut graph, ends, text) = if options.wide {
        let rows = wide_rows(text.as_str(), options, &mut problems, &mut warned);
        // A wide row's date cell is in the header: its position is kept, found by index.
        let places: Vec<Position> = rows.iter().map(|r| r.at(Column::Date)).collect();
        for (i, row) in rows.iter().enumerate() {
            gathering.add(row, u32::try_from(i).unwrap_or(u32::MAX), &mut problems);
        }
        let (graph, ends) = gathering.finish(&mut problems, &mut warned, |spot| {
            places[usize::try_from(spot).unwrap_or(usize::MAX)]
        });
        (graph, ends, Later::new(text, false))
    } else {
        let date_field = long_rows(
            text.as_str(),
            options,
            &mut gathering,
            &mut problems,
            &mut warned,
        );
        // Past here the text is needed only to quote a problem or find a row's cell again; with
        // a problem already found it is kept, as it will be quoted.
        let text = Later::new(text, problems.is_empty());
        // A record is found again by its line only when two of them clash.
        let lines = std::cell::OnceCell::new();
        let (graph, ends) = gathering.finish(&mut problems, &mut warned, |line| {
            let unfound = Position { line, column: 1 };
            let Some(text) = text.get() else {
                return unfound;
            };
            let lines = lines.get_or_init(|| LineIndex::new(text));
            let start = lines.start(line).unwrap_or(0);
            let starts = position::fields(text, start, u64::from(line), b',');
            date_field
                .and_then(|i| starts.get(i))
                .or(starts.first())
                .copied()
                .unwrap_or(unfound)
        });
        (graph, ends, text)
    };
    if !problems.is_empty() {
        return Err(LoadError::Invalid(Diagnostics::new(
            name,
            problems,
            text.into_quoted(),
        )));
    }
    if !warned.is_empty() {
        // The text is kept to quote the lines warned about; a warning about the whole table
        // (no actors table) quotes none, and a copy of a large table would cost its size again.
        let quoted = warned.iter().any(|w| w.position.is_some());
        warnings.push(Diagnostics::new(
            name,
            warned,
            if quoted { text.into_quoted() } else { None },
        ));
    }
    super::put_in_order(&mut graph.relations, options.order);
    checked_vouched(graph, warnings, &ends, None)
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

/// Reads the long table record by record into `gathering`; returns the field that holds the date
/// (to find a record's date cell again for a problem found later).
fn long_rows(
    text: &str,
    options: &Options,
    gathering: &mut Assembler<'_>,
    problems: &mut Vec<Diagnostic>,
    warned: &mut Vec<Diagnostic>,
) -> Option<usize> {
    let mut reader = csv_reader(text);
    let mut record = csv::StringRecord::new();
    let unreadable = |e: csv::Error| {
        let at = e.position().map(|p| Position {
            line: u32::try_from(p.line()).unwrap_or(u32::MAX),
            column: 1,
        });
        Diagnostic::new(at, format!("unreadable CSV: {e}"))
    };
    let header: Vec<(String, Position)> = match reader.read_record(&mut record) {
        Ok(true) => {
            let at = position::fields(text, 0, 1, b',');
            record
                .iter()
                .zip(at)
                .map(|(name, at)| (name.trim().to_string(), at))
                .collect()
        }
        Ok(false) => Vec::new(),
        Err(e) => {
            problems.push(unreadable(e));
            return None;
        }
    };
    let columns = locate_columns(&header, options, |_| true, problems);
    for (i, (name, at)) in header.iter().enumerate() {
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
        return None;
    }
    let mut fields = [None; Column::ALL.len()];
    for (&column, &i) in &columns {
        fields[column as usize] = Some(i);
    }
    let width = header.len();
    // Two threads in a pipeline: one reads the records and their points, batch by batch, while
    // the caller's interns their names, numbers their ties and gathers them. Both see the rows
    // in the file's order, so the problems come out in it too, and the graph is the same as a
    // single thread's.
    std::thread::scope(|scope| {
        let (send, receive) = std::sync::mpsc::sync_channel::<Batch>(4);
        let fields = &fields;
        let reading = std::thread::Builder::new().spawn_scoped(scope, move || {
            let mut record = csv::StringRecord::new();
            let mut batch = Batch::default();
            loop {
                let done = match reader.read_record(&mut record) {
                    Ok(false) => true,
                    Ok(true) => {
                        let (byte, line) =
                            record.position().map_or((0, 1), |p| (p.byte(), p.line()));
                        let place = Place {
                            fields,
                            text,
                            byte: usize::try_from(byte).unwrap_or(usize::MAX),
                            line: u32::try_from(line).unwrap_or(u32::MAX),
                        };
                        if record.len() == width {
                            batch.add(
                                &Record {
                                    record: &record,
                                    place,
                                },
                                options,
                            );
                        } else {
                            let problem = width_problem(record.len(), width, place.start());
                            batch.items.push(Item::Problems(vec![problem]));
                        }
                        false
                    }
                    Err(e) => {
                        batch.items.push(Item::Problems(vec![unreadable(e)]));
                        true
                    }
                };
                if done || batch.items.len() >= Batch::ROWS {
                    // The gathering side stops reading only when this side is done.
                    if send.send(std::mem::take(&mut batch)).is_err() || done {
                        break;
                    }
                }
            }
        });
        // Without the reading thread (the system refused one), nothing comes: say why.
        if let Err(e) = reading {
            problems.push(Diagnostic::new(
                None,
                format!("cannot start a thread to read the table: {e}"),
            ));
        }
        for batch in receive {
            // The batch's names interned, in the order of its rows; then its ties looked up
            // together (see `TieIndex::found`); then its rows gathered.
            let Batch { items, texts } = batch;
            let items: Vec<Result<(Interned, usize, u32), Vec<Diagnostic>>> = items
                .into_iter()
                .map(|item| match item {
                    Item::Row(Parsed { row, byte, line }) => {
                        Ok((gathering.interned(row, &texts), byte, line))
                    }
                    Item::Problems(found) => Err(found),
                })
                .collect();
            let found = gathering.index.found(
                &gathering.ids,
                items.iter().flatten().map(|(row, _, _)| row),
            );
            let mut found = found.into_iter();
            for item in items {
                match item {
                    Err(found) => problems.extend(found),
                    Ok((row, byte, line)) => {
                        let place = Place {
                            fields,
                            text,
                            byte,
                            line,
                        };
                        let tie = found.next().flatten();
                        gathering.add_interned(row, tie, &place, line, problems);
                    }
                }
            }
        }
    });
    columns.get(&Column::Date).copied()
}

fn wide_rows(
    text: &str,
    options: &Options,
    problems: &mut Vec<Diagnostic>,
    warned: &mut Vec<Diagnostic>,
) -> Vec<Row> {
    let records = records(text, problems);
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
fn boolean(row: &impl Cells, column: Column, problems: &mut Vec<Diagnostic>) -> bool {
    let Some(text) = row.value(column) else {
        return false;
    };
    match text.to_ascii_lowercase().as_str() {
        "true" | "yes" | "1" => true,
        "false" | "no" | "0" => false,
        _ => {
            problems.push(
                Diagnostic::new(
                    Some(row.at(column)),
                    format!("`{}` is `{text}`, not true or false", column.name()),
                )
                .with_help("write true or false, or leave the cell empty"),
            );
            false
        }
    }
}

/// Rows of the long table read and parsed, in the file's order, on their way to the gathering.
#[derive(Default)]
struct Batch {
    items: Vec<Item>,
    /// The text of the rows' names that [`Said::Text`] points into.
    texts: String,
}

/// One row of a [`Batch`]: its point, or its problems.
enum Item {
    Row(Parsed),
    Problems(Vec<Diagnostic>),
}

/// A row's point and where the row is.
struct Parsed {
    row: Unnamed,
    byte: usize,
    line: u32,
}

/// An id or kind as the reading side hands it over: the gathering side interns it. The reading
/// side, which parses the rows, has the more work of the two; interning, a lookup per name, is
/// left to the other, and a name of up to 7 bytes travels as a number rather than as text.
#[derive(Clone, Copy)]
enum Said {
    /// The name as [`tiny`] packs it.
    Tiny(u64),
    /// The name at `at..at + len` in the batch's [`Batch::texts`].
    Text { at: usize, len: usize },
}

impl Said {
    /// `text` as said in a batch whose texts are `texts`.
    fn of(text: &str, texts: &mut String) -> Said {
        match tiny(text) {
            Some(tiny) => Said::Tiny(tiny),
            None => {
                let at = texts.len();
                texts.push_str(text);
                Said::Text {
                    at,
                    len: text.len(),
                }
            }
        }
    }
}

/// A row's point with its ends and kind as [`Said`]s.
struct Unnamed {
    from: Said,
    to: Said,
    kind: Said,
    directed: bool,
    point: Point,
    interpolation: Option<Interpolation>,
    relation_note: Option<String>,
}

/// A row's point with its ends and kind interned.
struct Interned {
    from: u32,
    to: u32,
    kind: u32,
    directed: bool,
    point: Point,
    interpolation: Option<Interpolation>,
    relation_note: Option<String>,
}

/// The ties, numbered in the order the rows first name them.
///
/// A key whose ends and kind fit in 24, 24 and 15 bits (any table of up to sixteen million
/// actors) is packed into a `u64`, which makes the table's entries half as large: at a million
/// ties, a lookup is a cache miss, and fewer of them miss.
#[derive(Default)]
struct TieIndex {
    packed: HashMap<u64, u32, foldhash::fast::RandomState>,
    wide: HashMap<(u32, u32, u32, bool), u32, foldhash::fast::RandomState>,
}

/// `(from, to, kind, directed)` in a `u64`, if its numbers fit.
fn packed_tie((from, to, kind, directed): (u32, u32, u32, bool)) -> Option<u64> {
    (from < 1 << 24 && to < 1 << 24 && kind < 1 << 15).then(|| {
        u64::from(from) << 40 | u64::from(to) << 16 | u64::from(kind) << 1 | u64::from(directed)
    })
}

impl TieIndex {
    /// The key of the tie of `got`, whose ends are interned in `ids`.
    fn key(ids: &Interner, got: &Interned) -> (u32, u32, u32, bool) {
        let (a, b) = (got.from, got.to);
        // Mutual ends are one key whichever order they are written in.
        if got.directed || ids.name(a) <= ids.name(b) {
            (a, b, got.kind, got.directed)
        } else {
            (b, a, got.kind, got.directed)
        }
    }

    /// The number of the tie of `got`, whose ends are interned in `ids`.
    fn of(&mut self, ids: &Interner, got: &Interned) -> u32 {
        let key = TieIndex::key(ids, got);
        let next = u32::try_from(self.packed.len() + self.wide.len()).unwrap_or(u32::MAX);
        match packed_tie(key) {
            Some(packed) => *self.packed.entry(packed).or_insert(next),
            None => *self.wide.entry(key).or_insert(next),
        }
    }

    /// The number of the tie of each of `rows` that is numbered already.
    ///
    /// At a million ties, each lookup misses the cache; one row after another, each waits for
    /// memory in turn, while these lookups, which do not depend on one another, wait together.
    /// A number found stays right: numbers are only ever added.
    fn found<'r>(
        &self,
        ids: &Interner,
        rows: impl Iterator<Item = &'r Interned>,
    ) -> Vec<Option<u32>> {
        rows.map(|got| {
            let key = TieIndex::key(ids, got);
            match packed_tie(key) {
                Some(packed) => self.packed.get(&packed).copied(),
                None => self.wide.get(&key).copied(),
            }
        })
        .collect()
    }
}

impl Batch {
    /// Rows per batch: enough to make handing a batch over cheap, few enough to keep a batch in
    /// a megabyte or two.
    const ROWS: usize = 8192;

    /// Reads `record`'s point, or its problems.
    fn add(&mut self, record: &Record<'_>, options: &Options) {
        let mut problems = Vec::new();
        let Some(got) = point_of(record, options, &mut problems) else {
            self.items.push(Item::Problems(problems));
            return;
        };
        let row = Unnamed {
            from: Said::of(got.from, &mut self.texts),
            to: Said::of(got.to, &mut self.texts),
            kind: Said::of(got.kind, &mut self.texts),
            directed: got.directed,
            point: got.point,
            interpolation: got.interpolation,
            relation_note: got.relation_note,
        };
        self.items.push(Item::Row(Parsed {
            row,
            byte: record.place.byte,
            line: record.place.line,
        }));
    }
}

/// What one row says: the tie it belongs to and its point.
struct RowPoint<'r> {
    from: &'r str,
    to: &'r str,
    kind: &'r str,
    directed: bool,
    point: Point,
    interpolation: Option<Interpolation>,
    relation_note: Option<String>,
}

impl RowPoint<'_> {
    /// The row with its ends and kind given as their numbers in the interners.
    fn interned(self, from: u32, to: u32, kind: u32) -> Interned {
        Interned {
            from,
            to,
            kind,
            directed: self.directed,
            point: self.point,
            interpolation: self.interpolation,
            relation_note: self.relation_note,
        }
    }
}

/// Reads one row's point; its problems go to `problems`.
fn point_of<'r>(
    row: &'r impl Cells,
    options: &Options,
    problems: &mut Vec<Diagnostic>,
) -> Option<RowPoint<'r>> {
    let before = problems.len();
    let end_of = |column: Column, problems: &mut Vec<Diagnostic>| match row.value(column) {
        Some(id) => Some(id),
        None => {
            problems.push(Diagnostic::new(
                Some(row.at(column)),
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
    if let (Some(a), Some(b)) = (from, to)
        && a == b
    {
        problems.push(Diagnostic::new(
            Some(row.at(Column::To)),
            format!("a tie joins `{a}` to itself"),
        ));
    }
    let kind = row.value(Column::Kind).unwrap_or(DEFAULT_KIND);
    let directed = options.directed || boolean(row, Column::Directed, problems);
    let date = match row.value(Column::Date) {
        Some(text) => match text.parse::<Date>() {
            Ok(d) => Some(d),
            Err(e) => {
                problems.push(Diagnostic::new(Some(row.at(Column::Date)), e.to_string()));
                None
            }
        },
        None => {
            problems.push(Diagnostic::new(
                Some(row.at(Column::Date)),
                "`date` is empty",
            ));
            None
        }
    };
    let end = boolean(row, Column::End, problems);
    let value = match (row.value(Column::Weight), end) {
        (None, _) => PointValue::End,
        (Some(_), true) => {
            problems.push(
                Diagnostic::new(
                    Some(row.at(Column::End)),
                    "this row both gives a weight and ends the tie",
                )
                .with_help("an end row leaves `weight` empty"),
            );
            PointValue::End
        }
        (Some(text), false) => match text.parse::<f64>() {
            Ok(w) if Scale::default().contains(w) => PointValue::Weight(w),
            Ok(_) => {
                problems.push(
                    Diagnostic::new(
                        Some(row.at(Column::Weight)),
                        format!("weight {text} is outside the scale [-1, 1]"),
                    )
                    .with_help("weights run from -1 (most hostile) to 1 (most cooperative)"),
                );
                PointValue::End
            }
            Err(_) => {
                problems.push(
                    Diagnostic::new(
                        Some(row.at(Column::Weight)),
                        format!("weight `{text}` is not a number"),
                    )
                    .with_help("write a number such as -0.4, or leave it empty to end the tie"),
                );
                PointValue::End
            }
        },
    };
    let interpolation = match row.value(Column::Interpolation) {
        None => None,
        Some("step") => Some(Interpolation::Step),
        Some("linear") => Some(Interpolation::Linear),
        Some(other) => {
            problems.push(
                Diagnostic::new(
                    Some(row.at(Column::Interpolation)),
                    format!("interpolation `{other}` is not step or linear"),
                )
                .with_help("write step or linear, or leave it empty"),
            );
            None
        }
    };
    let note = row
        .text(Column::Note)
        .filter(|t| !t.trim().is_empty())
        .map(str::to_string);
    let sources = row
        .value(Column::Source)
        .map(|text| {
            text.split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(Id::from)
                .collect()
        })
        .unwrap_or_default();
    let event = row.value(Column::Event).map(Id::from);
    let confidence = match row.value(Column::Confidence) {
        None => None,
        Some(text) => match text.parse::<f64>() {
            Ok(c) if (0.0..=1.0).contains(&c) && value != PointValue::End => Some(c),
            _ => {
                problems.push(
                    Diagnostic::new(
                        Some(row.at(Column::Confidence)),
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
        Some(text) => match text.parse::<f64>() {
            Ok(x) if x.is_finite() => Some((x, column)),
            _ => {
                problems.push(Diagnostic::new(
                    Some(row.at(column)),
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
        (Some((_, column)), _, _) | (None, Some((_, column)), _) => {
            problems.push(
                Diagnostic::new(
                    Some(row.at(column)),
                    "a range needs both `range_low` and `range_high`, low ≤ weight ≤ high",
                )
                .with_help("give both ends around the weight, within [-1, 1]; none on an end row"),
            );
            None
        }
    };
    let count = match row.value(Column::Count) {
        None => None,
        Some(text) => match text.parse::<u64>() {
            Ok(n) => Some(n),
            Err(_) => {
                problems.push(
                    Diagnostic::new(
                        Some(row.at(Column::Count)),
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
        .text(Column::RelationNote)
        .filter(|t| !t.trim().is_empty())
        .map(str::to_string);
    if problems.len() > before {
        return None;
    }
    Some(RowPoint {
        from: from?,
        to: to?,
        kind,
        directed,
        point: Point::new(
            date?,
            value,
            PointDetail {
                note,
                event,
                sources,
                confidence,
                range,
                count,
            },
        ),
        interpolation,
        relation_note,
    })
}

/// Distinct strings, each held once and known by its index.
///
/// A string of up to 15 bytes (most ids and kinds) is its own key, packed into a `u128` with its
/// length: a lookup then compares numbers in the table instead of following each candidate's
/// pointer to its text, which at ten million rows was a cache miss per row.
///
/// Up to 7 bytes (ISO codes, most generated ids), the key is a `u64`, whose table is half the
/// size again, so that more of it stays in the processor's cache.
#[derive(Default)]
struct Interner {
    tiny: HashMap<u64, u32, foldhash::fast::RandomState>,
    short: HashMap<u128, u32, foldhash::fast::RandomState>,
    long: HashMap<Name, u32, foldhash::fast::RandomState>,
    names: Vec<Name>,
}

/// `text`'s bytes, then its length in the last byte, if it has fewer than `N` bytes.
fn key_bytes<const N: usize>(text: &str) -> Option<[u8; N]> {
    let bytes = text.as_bytes();
    let len = u8::try_from(bytes.len())
        .ok()
        .filter(|&n| usize::from(n) < N)?;
    let mut key = [0; N];
    key[..bytes.len()].copy_from_slice(bytes);
    key[N - 1] = len;
    Some(key)
}

/// `text` as a number ([`key_bytes`]), if it has 7 bytes or fewer.
fn tiny(text: &str) -> Option<u64> {
    key_bytes(text).map(u64::from_le_bytes)
}

/// `text` as a number ([`key_bytes`]), if it has 15 bytes or fewer.
fn packed(text: &str) -> Option<u128> {
    key_bytes(text).map(u128::from_le_bytes)
}

impl Interner {
    /// The index of `name`, and whether it is new.
    fn intern(&mut self, name: &str) -> (u32, bool) {
        let next = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
        let tiny = tiny(name);
        let key = if tiny.is_some() { None } else { packed(name) };
        let known = match (tiny, key) {
            (Some(tiny), _) => self.tiny.get(&tiny),
            (None, Some(key)) => self.short.get(&key),
            (None, None) => self.long.get(name),
        };
        if let Some(&i) = known {
            return (i, false);
        }
        let name = Name::from(name);
        match (tiny, key) {
            (Some(tiny), _) => self.tiny.insert(tiny, next),
            (None, Some(key)) => self.short.insert(key, next),
            (None, None) => self.long.insert(name.clone(), next),
        };
        self.names.push(name);
        (next, true)
    }

    fn name(&self, i: u32) -> &Name {
        &self.names[i as usize]
    }

    /// The index of the name `said` says, in a batch whose texts are `texts`.
    fn intern_said(&mut self, said: Said, texts: &str) -> u32 {
        match said {
            Said::Tiny(tiny) => {
                if let Some(&i) = self.tiny.get(&tiny) {
                    return i;
                }
                let bytes = tiny.to_le_bytes();
                let len = usize::from(bytes[7]).min(7);
                // Packed from a `&str`, so its bytes are UTF-8.
                let text = std::str::from_utf8(&bytes[..len]).unwrap_or_default();
                self.intern(text).0
            }
            Said::Text { at, len } => self.intern(texts.get(at..at + len).unwrap_or_default()).0,
        }
    }
}

/// A relation being gathered from its rows: its interned ends and kind, and what its rows say of
/// the whole tie. Its points are in [`Assembler::points`].
struct Gathering {
    from: u32,
    to: u32,
    kind: u32,
    directed: bool,
    /// The interpolation the first row that gave one said, and that row's line.
    interpolation: Option<(Interpolation, u32)>,
    note: Option<String>,
}

/// Groups the rows' points into relations as they are read, and declares the actors, events and
/// sources they name. Ids and kinds are interned, so that a row costs no allocation beyond its
/// point; the relations are built once, at the end.
struct Assembler<'o> {
    options: &'o Options,
    known: Option<BTreeMap<Id, Actor>>,
    ids: Interner,
    kinds: Interner,
    /// Per interned id: whether it is missing from the actors table.
    unknown: Vec<bool>,
    /// The actors created, with where each was first named.
    missing: BTreeMap<Id, Position>,
    index: TieIndex,
    ties: Vec<Gathering>,
    /// Every row's point, its tie's number and its spot, in the order of the rows: appended as
    /// they come, and grouped into ties once at the end, which at ten million rows is much
    /// cheaper than growing a million series one point at a time. The points are held in
    /// chunks of [`CHUNK`], freed one by one as they are grouped, so that the points are not
    /// held twice, nor copied as they grow.
    points: Vec<Vec<Point>>,
    row_ties: Vec<u32>,
    spots: Vec<u32>,
    events: BTreeMap<Id, Event>,
    sources: BTreeSet<Id>,
}

impl<'o> Assembler<'o> {
    fn new(known: Option<BTreeMap<Id, Actor>>, options: &'o Options) -> Assembler<'o> {
        Assembler {
            options,
            known,
            ids: Interner::default(),
            kinds: Interner::default(),
            unknown: Vec::new(),
            missing: BTreeMap::new(),
            index: TieIndex::default(),
            ties: Vec::new(),
            points: Vec::new(),
            row_ties: Vec::new(),
            spots: Vec::new(),
            events: BTreeMap::new(),
            sources: BTreeSet::new(),
        }
    }

    /// Adds one row's point, or its problems. `spot` finds the row's date cell again should its
    /// date clash with another row's (see [`Assembler::finish`]).
    fn add(&mut self, row: &impl Cells, spot: u32, problems: &mut Vec<Diagnostic>) {
        if let Some(got) = point_of(row, self.options, problems) {
            self.add_point(got, row, spot, problems);
        }
    }

    /// Adds one row's point, read from the row that `row` locates.
    fn add_point(
        &mut self,
        got: RowPoint<'_>,
        row: &impl Locate,
        spot: u32,
        problems: &mut Vec<Diagnostic>,
    ) {
        let (from, _) = self.ids.intern(got.from);
        let (to, _) = self.ids.intern(got.to);
        let (kind, _) = self.kinds.intern(got.kind);
        self.add_interned(got.interned(from, to, kind), None, row, spot, problems);
    }

    /// `row` with its ends and kind interned (in `self.ids` and `self.kinds`), from a batch
    /// whose texts are `texts`.
    fn interned(&mut self, row: Unnamed, texts: &str) -> Interned {
        Interned {
            from: self.ids.intern_said(row.from, texts),
            to: self.ids.intern_said(row.to, texts),
            kind: self.kinds.intern_said(row.kind, texts),
            directed: row.directed,
            point: row.point,
            interpolation: row.interpolation,
            relation_note: row.relation_note,
        }
    }

    /// Adds one row's point whose ends and kind are interned already (in `self.ids` and
    /// `self.kinds`), numbered in the order the rows first name them; `tie` is its tie's number
    /// when already looked up and found.
    fn add_interned(
        &mut self,
        got: Interned,
        tie: Option<u32>,
        row: &impl Locate,
        spot: u32,
        problems: &mut Vec<Diagnostic>,
    ) {
        for (i, column) in [(got.from, Column::From), (got.to, Column::To)] {
            // An id is new when it is the next in the order of first appearance.
            if i as usize == self.unknown.len() {
                let id = self.ids.name(i);
                let in_table = self.known.as_ref().is_some_and(|k| k.contains_key(id));
                self.unknown.push(!in_table);
                if !in_table && !self.options.strict_actors {
                    self.missing.insert(id.clone(), row.at(column));
                }
            }
            if self.unknown[i as usize] && self.options.strict_actors {
                let id = self.ids.name(i);
                let listed = self
                    .known
                    .iter()
                    .flat_map(|k| k.values().map(|a| (a.id.as_str(), Some(a.name.as_str()))));
                let mut d = Diagnostic::new(
                    Some(row.at(column)),
                    format!("actor `{id}` is not in the actors table"),
                );
                d.help = Some(match did_you_mean(id, listed) {
                    Some(g) => format!("did you mean {g}?"),
                    None => "add it to the actors table, or drop --strict-actors".to_string(),
                });
                problems.push(d);
            }
        }
        if let Some(event) = got.point.event() {
            let e = self.events.entry(event.into()).or_insert_with(|| Event {
                date: got.point.date,
                title: event.to_string(),
                actors: Vec::new(),
                sources: Vec::new(),
                description: None,
            });
            for i in [got.from, got.to] {
                let id = self.ids.name(i);
                if !e.actors.iter().any(|x| x == id) {
                    e.actors.push(id.clone());
                }
            }
        }
        for source in got.point.sources() {
            if !self.sources.contains(source) {
                self.sources.insert(source.clone());
            }
        }
        let tie = tie.unwrap_or_else(|| self.index.of(&self.ids, &got));
        let i = tie as usize;
        if i == self.ties.len() {
            self.ties.push(Gathering {
                from: got.from,
                to: got.to,
                kind: got.kind,
                directed: got.directed,
                interpolation: None,
                note: None,
            });
        }
        match self.points.last_mut() {
            Some(chunk) if chunk.len() < CHUNK => chunk.push(got.point),
            _ => {
                let mut chunk = Vec::with_capacity(CHUNK);
                chunk.push(got.point);
                self.points.push(chunk);
            }
        }
        self.row_ties.push(tie);
        self.spots.push(spot);
        // Most rows say nothing of the whole tie, and need not visit it.
        if got.interpolation.is_none() && got.relation_note.is_none() {
            return;
        }
        let tie = &mut self.ties[i];
        match (tie.interpolation, got.interpolation) {
            (Some((was, first)), Some(now)) if was != now => {
                let key = relation_key(&self.ids, &self.kinds, tie);
                problems.push(
                    Diagnostic::new(
                        Some(row.at(Column::Interpolation)),
                        format!(
                            "{key} is `{}` here but `{}` on line {first}",
                            now.as_str(),
                            was.as_str(),
                        ),
                    )
                    .with_help("interpolation belongs to the whole tie: give every row the same"),
                );
            }
            (None, Some(now)) => tie.interpolation = Some((now, row.line())),
            _ => {}
        }
        if tie.note.is_none() {
            tie.note = got.relation_note;
        }
    }

    /// The graph of the rows added, and the ids its relations' ends name (which it vouches
    /// for: [`crate::load::Vouched`]). Two points of a tie on one date are problems, reported at
    /// the later row's date cell, which `locate` finds from its spot.
    fn finish(
        self,
        problems: &mut Vec<Diagnostic>,
        warned: &mut Vec<Diagnostic>,
        locate: impl Fn(u32) -> Position,
    ) -> (Graph, Vec<Id>) {
        let Assembler {
            options,
            known,
            ids,
            kinds,
            missing,
            index,
            ties,
            points,
            row_ties,
            spots,
            events,
            sources,
            ..
        } = self;
        drop(index);
        let Grouped {
            series: all,
            starts,
            rows,
        } = by_tie(ties.len(), points, &row_ties);
        drop(row_ties);
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
            actors.insert(id.clone(), Actor::new(id.clone(), id, options.default_kind));
        }
        let ends = super::named_ends(&ids.names, ties.iter().map(|t| (t.from, t.to)));
        let mut relations = Vec::with_capacity(ties.len());
        for (k, (tie, mut series)) in ties.into_iter().zip(all).enumerate() {
            // Rows usually come in date order; only a tie whose rows do not is sorted.
            if !series.windows(2).all(|w| w[0].date < w[1].date) {
                let spots: Vec<u32> = rows[starts[k]..starts[k + 1]]
                    .iter()
                    .map(|&r| spots[r as usize])
                    .collect();
                let mut order: Vec<usize> = (0..series.len()).collect();
                order.sort_by_key(|&i| (series[i].date, spots[i]));
                let mut first = 0;
                for (n, pair) in order.windows(2).enumerate() {
                    let (was, now) = (&series[pair[0]], &series[pair[1]]);
                    if was.date != now.date {
                        first = n + 1;
                        continue;
                    }
                    let key = relation_key(&ids, &kinds, &tie);
                    let line = locate(spots[order[first]]).line;
                    problems.push(
                        Diagnostic::new(
                            Some(locate(spots[pair[1]])),
                            format!("{key} already has a point on {} (line {line})", now.date),
                        )
                        .with_help("keep one row per tie and date"),
                    );
                }
                let mut taken: Vec<Option<Point>> = series.into_iter().map(Some).collect();
                series = order.iter().filter_map(|&i| taken[i].take()).collect();
            }
            let (from, to) = (ids.name(tie.from).clone(), ids.name(tie.to).clone());
            relations.push(Relation {
                ends: if tie.directed {
                    Ends::Directed { from, to }
                } else {
                    Ends::Mutual(from, to)
                },
                kind: kinds.name(tie.kind).clone(),
                interpolation: tie.interpolation.map(|(i, _)| i),
                series,
                note: tie.note,
            });
        }
        let graph = Graph {
            actors,
            relations,
            events,
            sources: sources
                .into_iter()
                .map(|id| {
                    let url = (id.starts_with("https://") || id.starts_with("http://"))
                        .then(|| id.to_string());
                    (
                        id.clone(),
                        Source {
                            title: id.to_string(),
                            url,
                            ..Source::default()
                        },
                    )
                })
                .collect(),
            ..Graph::default()
        };
        (graph, ends)
    }
}

/// The points of a chunk of [`Assembler::points`].
const CHUNK: usize = 1 << 16;

/// How many ranges of ties [`by_tie`] sorts the points into first.
const BUCKETS: usize = 64;

/// The points of `ties` ties, from rows in their order (row `r`'s point, the `r`th of `points`'
/// chunks, of tie `row_ties[r]`), grouped by tie: each tie's points in the order of its rows, and
/// the rows themselves, tie by tie (tie `t`'s rows are `rows[starts[t]..starts[t + 1]]`).
///
/// A counting sort in two steps. Sent straight to their ties, ten million points land in a
/// million places all over memory, each move waiting for memory (a second at ten million
/// points). So the points are first moved, in row order, into [`BUCKETS`] ranges of ties (a few
/// places written one after the other), each chunk freed as it is emptied; then each range's
/// points go to their ties, whose series (a range's share of them) stay at hand, the ranges on
/// all cores. Each range owns its ties' series and rows, so the result is the same whatever the
/// number of threads.
fn by_tie(ties: usize, points: Vec<Vec<Point>>, row_ties: &[u32]) -> Grouped {
    use rayon::prelude::*;
    let mut starts = vec![0usize; ties + 1];
    for &t in row_ties {
        starts[t as usize + 1] += 1;
    }
    for t in 0..ties {
        starts[t + 1] += starts[t];
    }
    // Range `b` holds ties `b * per..(b + 1) * per`.
    let per = ties.div_ceil(BUCKETS).max(1);
    let range = |b: usize| (b * per).min(ties)..((b + 1) * per).min(ties);
    // Each range's points with their rows. Each chunk is dropped once its points are moved out,
    // so the points are held about once (a range's pairs take 8 bytes more than its points).
    let mut buckets: Vec<Vec<(Point, u32)>> = (0..BUCKETS)
        .map(|b| Vec::with_capacity(starts[range(b).end] - starts[range(b).start]))
        .collect();
    for (r, (point, &t)) in points.into_iter().flatten().zip(row_ties).enumerate() {
        let row = u32::try_from(r).unwrap_or(u32::MAX);
        buckets[t as usize / per].push((point, row));
    }
    let mut series: Vec<Vec<Point>> = starts
        .windows(2)
        .map(|w| Vec::with_capacity(w[1] - w[0]))
        .collect();
    let mut rows = vec![0u32; row_ties.len()];
    // Each range's series and rows, apart.
    let mut work = Vec::with_capacity(BUCKETS);
    let (mut series_left, mut rows_left) = (&mut series[..], &mut rows[..]);
    for (b, bucket) in buckets.into_iter().enumerate() {
        let ties = range(b);
        let (own_series, rest) = series_left.split_at_mut(ties.len());
        series_left = rest;
        let (own_rows, rest) = rows_left.split_at_mut(starts[ties.end] - starts[ties.start]);
        rows_left = rest;
        work.push((ties.start, own_series, own_rows, bucket));
    }
    let at = &starts;
    work.into_par_iter()
        .for_each(|(first, own_series, own_rows, bucket)| {
            let base = at[first];
            for (point, r) in bucket {
                let t = row_ties[r as usize] as usize;
                let series = &mut own_series[t - first];
                own_rows[at[t] - base + series.len()] = r;
                series.push(point);
            }
        });
    Grouped {
        series,
        starts,
        rows,
    }
}

/// Points grouped by tie, see [`by_tie`].
struct Grouped {
    series: Vec<Vec<Point>>,
    starts: Vec<usize>,
    rows: Vec<u32>,
}

/// The key of a tie being gathered, for a message.
fn relation_key(ids: &Interner, kinds: &Interner, tie: &Gathering) -> RelationKey {
    let (a, b, kind) = (ids.name(tie.from), ids.name(tie.to), kinds.name(tie.kind));
    if tie.directed {
        RelationKey::directed(a, b, kind)
    } else {
        RelationKey::mutual(a, b, kind)
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A table whose only problem (two points of one tie on one date) is found after its rows
    /// are read, when the ties are put together.
    const CLASH: &str = "from,to,kind,date,weight\nUSA,BLR,dip,2019,-0.2\nBLR,USA,dip,2020,0.1\nUSA,BLR,dip,2019,0.3\n";

    /// [`relations_releasing`] of `text`, whose text read again is `again`; with how many times it
    /// was read again.
    fn released(text: &str, again: &str) -> (Result<Imported, LoadError>, usize) {
        let reads = std::cell::Cell::new(0);
        let reread = || {
            reads.set(reads.get() + 1);
            Some(again.to_string())
        };
        let input = Input {
            name: "t.csv".into(),
            text: text.into(),
        };
        let found = relations_releasing(input, &reread, None, &Options::default());
        (found, reads.get())
    }

    fn invalid(found: Result<Imported, LoadError>) -> Diagnostics {
        match found {
            Err(LoadError::Invalid(d)) => d,
            Err(other) => panic!("{other}"),
            Ok(_) => panic!("no problem found"),
        }
    }

    #[test]
    fn a_released_table_gives_the_graph_of_a_held_one_without_reading_it_again() {
        let text = "from,to,kind,date,weight\nUSA,BLR,dip,2019,-0.2\nBLR,USA,dip,2020,0.1\nUSA,RUS,trade,2021,0.4\n";
        let held = relations(
            &Input {
                name: "t.csv".into(),
                text: text.into(),
            },
            None,
            &Options::default(),
        )
        .unwrap();
        let (found, reads) = released(text, "");
        assert_eq!(found.unwrap().graph, held.graph);
        assert_eq!(reads, 0);
    }

    #[test]
    fn a_problem_found_after_the_text_is_let_go_is_located_and_quoted_from_it_read_again() {
        let (found, reads) = released(CLASH, CLASH);
        let problems = invalid(found);
        assert_eq!(reads, 1);
        let clash = &problems.items[0];
        assert_eq!(
            clash.position,
            Some(Position {
                line: 4,
                column: 13
            })
        );
        assert_eq!(problems.source.as_deref(), Some(CLASH));
        // The same as when the text is held throughout.
        let held = invalid(relations(
            &Input {
                name: "t.csv".into(),
                text: CLASH.into(),
            },
            None,
            &Options::default(),
        ));
        assert_eq!(held.to_string(), problems.to_string());
    }

    #[test]
    fn a_text_read_again_that_changed_is_not_used() {
        // Longer, and the same length with other text.
        let longer = format!("{CLASH}USA,BLR,dip,2021,0.3\n");
        let same_length = CLASH.replace("USA,BLR,dip,2019,0.3", "BLR,USA,dip,2019,0.3");
        assert_eq!(same_length.len(), CLASH.len());
        for changed in [longer, same_length] {
            let (found, reads) = released(CLASH, &changed);
            let problems = invalid(found);
            assert_eq!(reads, 1);
            assert_eq!(
                problems.items[0].position,
                Some(Position { line: 4, column: 1 })
            );
            assert_eq!(problems.source, None);
        }
    }

    #[test]
    fn a_table_with_a_problem_in_its_rows_is_held_and_quoted_without_reading_it_again() {
        let bad = CLASH.replace("0.1", "x");
        let (found, reads) = released(&bad, "");
        let problems = invalid(found);
        assert_eq!(reads, 0);
        assert_eq!(problems.items.len(), 2);
        assert_eq!(problems.source.as_deref(), Some(bad.as_str()));
    }

    #[test]
    fn a_warning_with_a_place_is_quoted_from_the_text_read_again() {
        let text = "from,to,kind,date,weight,extra\nUSA,BLR,dip,2019,-0.2,x\n";
        let (found, reads) = released(text, text);
        let imported = found.unwrap();
        assert_eq!(reads, 1);
        let warned = imported
            .warnings
            .iter()
            .find(|w| w.file == "t.csv")
            .expect("the unread column is warned about");
        assert_eq!(warned.source.as_deref(), Some(text));
    }

    #[test]
    fn the_interner_tells_apart_names_that_share_their_first_bytes_or_length() {
        let names = [
            "",
            "A",
            "A\0",
            "AB",
            "BA",
            "é",
            "ABCDEF",
            "ABCDEFG",
            "ABCDEFG\0",
            "ABCDEFGH",
            "ABCDEFGHI",
            "ABCDEFGHIJKLMN",
            "ABCDEFGHIJKLMNO",
            "ABCDEFGHIJKLMNOP",
            "ABCDEFGHIJKLMNOQ",
            "ABCDEFGHIJKLMNOPQ",
        ];
        let mut interner = Interner::default();
        for (i, name) in names.iter().enumerate() {
            assert_eq!(interner.intern(name), (u32::try_from(i).unwrap(), true));
        }
        for (i, name) in names.iter().enumerate().rev() {
            let i = u32::try_from(i).unwrap();
            assert_eq!(interner.intern(name), (i, false));
            assert_eq!(&**interner.name(i), *name);
        }
        // Handed over as `Said`s (numbers or text in a batch), they are the same names, whether
        // new to the gathering side or known to it.
        for known in [false, true] {
            let mut texts = String::new();
            let said: Vec<Said> = names.iter().map(|n| Said::of(n, &mut texts)).collect();
            let mut gathering = Interner::default();
            if known {
                for name in names.iter().rev() {
                    gathering.intern(name);
                }
            }
            for (name, said) in names.iter().zip(said) {
                let i = gathering.intern_said(said, &texts);
                assert_eq!(&**gathering.name(i), *name);
                assert_eq!(gathering.intern(name), (i, false));
            }
        }
    }

    #[test]
    fn points_are_grouped_by_tie_in_the_order_of_their_rows_across_chunks() {
        // Three ties, rows interleaved, over more than two chunks.
        let rows = 2 * CHUNK + 5;
        let tie_of = |r: usize| u32::try_from(r % 7 % 3).unwrap();
        let row_ties: Vec<u32> = (0..rows).map(tie_of).collect();
        // Each point tells its row by its weight.
        let point = |r: usize| {
            let weight = PointValue::Weight(r as f64 / rows as f64);
            Point::new(
                Date::ymd(2000, 1, 1).unwrap(),
                weight,
                PointDetail::default(),
            )
        };
        let points: Vec<Vec<Point>> = (0..rows)
            .collect::<Vec<_>>()
            .chunks(CHUNK)
            .map(|c| c.iter().map(|&r| point(r)).collect())
            .collect();
        let grouped = by_tie(3, points, &row_ties);
        for t in 0..3 {
            let expected: Vec<usize> = (0..rows).filter(|&r| tie_of(r) == t).collect();
            let range = grouped.starts[t as usize]..grouped.starts[t as usize + 1];
            let got: Vec<usize> = grouped.rows[range].iter().map(|&r| r as usize).collect();
            assert_eq!(got, expected, "tie {t}");
            let values: Vec<PointValue> = expected.iter().map(|&r| point(r).value()).collect();
            let series: Vec<PointValue> = grouped.series[t as usize]
                .iter()
                .map(|p| p.value())
                .collect();
            assert_eq!(series, values, "tie {t}");
        }
    }

    #[test]
    fn points_of_many_ties_are_grouped_as_one_pass_would_on_any_number_of_threads() {
        // More ties than ranges, not a multiple of them; rows in a scrambled tie order.
        let ties = 3 * BUCKETS + 7;
        let rows = CHUNK + 999;
        let tie_of = |r: usize| u32::try_from(r * 7919 % ties).unwrap();
        let row_ties: Vec<u32> = (0..rows).map(tie_of).collect();
        let point = |r: usize| {
            Point::new(
                Date::ymd(2000, 1, 1).unwrap(),
                PointValue::Weight(r as f64),
                PointDetail::default(),
            )
        };
        let points = || -> Vec<Vec<Point>> {
            (0..rows)
                .collect::<Vec<_>>()
                .chunks(CHUNK)
                .map(|c| c.iter().map(|&r| point(r)).collect())
                .collect()
        };
        for threads in [1, 2, 5] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            let grouped = pool.install(|| by_tie(ties, points(), &row_ties));
            let mut at = 0;
            for t in 0..ties {
                let expected: Vec<u32> = (0..rows)
                    .filter(|&r| tie_of(r) as usize == t)
                    .map(|r| r as u32)
                    .collect();
                assert_eq!(grouped.starts[t], at, "tie {t}");
                at += expected.len();
                assert_eq!(&grouped.rows[grouped.starts[t]..at], &expected[..]);
                let weights: Vec<PointValue> =
                    grouped.series[t].iter().map(|p| p.value()).collect();
                let wanted: Vec<PointValue> = expected
                    .iter()
                    .map(|&r| PointValue::Weight(f64::from(r)))
                    .collect();
                assert_eq!(weights, wanted, "tie {t}, {threads} threads");
            }
            assert_eq!(grouped.starts[ties], rows);
        }
    }

    #[test]
    fn ties_are_numbered_in_order_whether_their_keys_are_packed_or_not() {
        let mut ids = Interner::default();
        for name in ["b", "a"] {
            ids.intern(name);
        }
        let big = 1 << 24;
        let row = |from, to, kind, directed| Interned {
            from,
            to,
            kind,
            directed,
            point: Point::new(
                Date::ymd(2020, 1, 1).unwrap(),
                PointValue::End,
                PointDetail::default(),
            ),
            interpolation: None,
            relation_note: None,
        };
        let mut index = TieIndex::default();
        let keys = [
            (0, 1, 0, true),
            (1, 0, 0, true),
            (0, 1, 0, false),
            (0, 1, 1, false),
            (0, big, 0, true),
            (0, 1, 1 << 15, true),
            (big, 0, 0, true),
        ];
        for (n, &(a, b, k, d)) in keys.iter().enumerate() {
            assert_eq!(index.of(&ids, &row(a, b, k, d)), u32::try_from(n).unwrap());
        }
        // Mutual ends are one tie in either order ("a", numbered 1, sorts first).
        assert_eq!(index.of(&ids, &row(1, 0, 0, false)), 2);
        for (n, &(a, b, k, d)) in keys.iter().enumerate().rev() {
            assert_eq!(index.of(&ids, &row(a, b, k, d)), u32::try_from(n).unwrap());
        }
        assert!(packed_tie((0, 1, 0, true)).is_some());
        assert!(packed_tie((big, 0, 0, true)).is_none());
    }

    /// A table of `rows` rows in many batches, with a bad weight on each row of `bad`.
    fn table(rows: usize, bad: &[usize]) -> Input {
        let mut text = String::from("from,to,kind,date,weight\n");
        for row in 0..rows {
            let weight = if bad.contains(&row) { "heavy" } else { "0.5" };
            let day = row / 50 % 28 + 1;
            let month = row / 50 / 28 % 12 + 1;
            let year = 1900 + row / 50 / 28 / 12;
            text += &format!(
                "A{},B{},k,{year}-{month:02}-{day:02},{weight}\n",
                row % 50,
                row % 50
            );
        }
        Input {
            name: "t.csv".into(),
            text,
        }
    }

    #[test]
    fn ends_share_the_allocation_of_their_actors_ids_from_an_actors_table() {
        let actors = Input {
            name: "a.csv".into(),
            text: "id,name,kind\nUSA,United States,state\nBLR,Belarus,state\n".into(),
        };
        let table = Input {
            name: "t.csv".into(),
            text: "from,to,kind,date,weight\nUSA,BLR,dip,2019,-0.2\n".into(),
        };
        let graph = relations(&table, Some(&actors), &Options::default())
            .unwrap()
            .graph;
        let (a, b) = graph.relations[0].ends.pair();
        for end in [a, b] {
            let (key, actor) = graph.actors.get_key_value(end).unwrap();
            assert_eq!(end.as_ptr(), actor.id.as_ptr(), "{end}");
            assert_eq!(end.as_ptr(), key.as_ptr(), "{end}");
        }
    }

    #[test]
    fn long_and_short_names_across_batches_are_the_ties_they_name() {
        // Ends of up to 7 bytes travel as numbers, longer ones as text in their batch; both
        // kinds, first named in one batch and named again in later ones.
        let end = |n: usize| match n % 3 {
            0 => format!("S{n}"),
            1 => format!("a-long-actor-id-{n}"),
            _ => format!("é{n}"),
        };
        let rows = 3 * Batch::ROWS + 5;
        let mut text = String::from("from,to,kind,date,weight\n");
        for row in 0..rows {
            let (a, b) = (row % 40, (row + 1) % 40);
            let kind = if row / 40 % 2 == 0 {
                "k"
            } else {
                "a-long-kind-name"
            };
            let date = format!("{}-01-01", 1000 + row / 40);
            text += &format!("{},{},{kind},{date},0.5\n", end(a), end(b));
        }
        let input = Input {
            name: "t.csv".into(),
            text,
        };
        let graph = relations(&input, None, &Options::default()).unwrap().graph;
        // Forty pairs of neighbours, each with both kinds.
        assert_eq!(graph.relations.len(), 80);
        assert_eq!(graph.actors.len(), 40);
        for n in 0..40 {
            assert!(graph.actors.contains_key(end(n).as_str()), "{}", end(n));
        }
        let points: usize = graph.relations.iter().map(|r| r.series.len()).sum();
        assert_eq!(points, rows);
        // The first row's tie comes first, with its ends and kind as written.
        let first = &graph.relations[0];
        assert_eq!(first.ends.pair(), (end(0).as_str(), end(1).as_str()));
        assert_eq!(&*first.kind, "k");
        assert_eq!(&*graph.relations[40].kind, "a-long-kind-name");
        assert_eq!(
            graph.relations[40].ends.pair(),
            (end(0).as_str(), end(1).as_str())
        );
    }

    #[test]
    fn order_key_lists_the_ties_as_every_output_does_with_the_same_series() {
        // Mutual ends written larger id first, a directed and a mutual tie on one pair and
        // kind, kinds out of order: first-row order is none of the key order.
        let input = Input {
            name: "t.csv".into(),
            text: "from,to,kind,date,weight,directed\nC,A,trade,2019,0.5,\n\
                   A,C,trade,2020,-0.5,true\nB,A,aid,2019,0.25,\nA,B,aid,2021,0.75,\n\
                   A,C,aid,2019,0.1,\nC,A,trade,2021,0.3,\nA,B,trade,2018,-0.2,true\n"
                .into(),
        };
        let first_row = relations(&input, None, &Options::default()).unwrap().graph;
        let options = Options {
            order: Order::Key,
            ..Options::default()
        };
        let by_key = relations(&input, None, &options).unwrap().graph;
        let keys = |g: &Graph| g.relations.iter().map(Relation::key).collect::<Vec<_>>();
        let mut sorted = keys(&first_row);
        sorted.sort();
        assert_ne!(keys(&first_row), sorted);
        assert_eq!(keys(&by_key), sorted);
        // The same ties, each with its own points.
        let mut same = first_row.relations.clone();
        same.sort_by_key(Relation::key);
        assert_eq!(by_key.relations, same);
        assert_eq!(by_key.actors, first_row.actors);
    }

    #[test]
    fn rows_across_batches_make_one_graph_and_their_problems_keep_the_file_order() {
        let rows = 3 * Batch::ROWS + 17;
        let imported = relations(&table(rows, &[]), None, &Options::default()).unwrap();
        assert_eq!(imported.graph.relations.len(), 50);
        let points: usize = imported
            .graph
            .relations
            .iter()
            .map(|r| r.series.len())
            .sum();
        assert_eq!(points, rows);
        // Relations in the order of their first rows, their points in the order of theirs.
        assert_eq!(imported.graph.relations[1].ends.pair().0, "A1");
        let bad = [Batch::ROWS * 2 + 3, 5, Batch::ROWS - 1, Batch::ROWS];
        let Err(LoadError::Invalid(found)) =
            relations(&table(rows, &bad), None, &Options::default())
        else {
            panic!("bad weights are errors");
        };
        let at: Vec<(u32, u32)> = found
            .items
            .iter()
            .map(|d| d.position.map(|p| (p.line, p.column)).unwrap())
            .collect();
        let mut expected: Vec<(u32, u32)> = bad
            .iter()
            .map(|&row| {
                // `A{n},B{n},k,DATE,`: the weight starts after four fields and their commas.
                let id = format!("A{}", row % 50).len();
                let column = 2 * (id + 1) + "k,".len() + "1900-01-01,".len() + 1;
                (
                    u32::try_from(row).unwrap() + 2,
                    u32::try_from(column).unwrap(),
                )
            })
            .collect();
        expected.sort_unstable();
        assert_eq!(at, expected);
    }

    #[test]
    fn what_the_importer_vouches_for_holds() {
        // Its ties are not compared with each other again once made: one tie in scattered rows,
        // written both ways round, its kind blank and spelt out, in the long and the wide form,
        // is one relation, and the full check as text accepts the graph.
        let long = Input {
            name: "ties.csv".into(),
            text: "from,to,kind,date,weight\nA,B,,2019,0.5\nC,B,trade,2019,0.1\nB,A,relation,2020,0.25\nA,C,,2020,-0.5\nB,A,,2021,0.75\n".into(),
        };
        let wide = Input {
            name: "wide.csv".into(),
            text: "from,to,kind,2019,2020,2021\nA,B,,0.5,,\nB,A,relation,,0.25,0.75\nA,C,,,-0.5,\n"
                .into(),
        };
        for (input, wide) in [(&long, false), (&wide, true)] {
            let options = Options {
                wide,
                ..Options::default()
            };
            let graph = relations(input, None, &options).unwrap().graph;
            let between: Vec<(&str, &str, usize)> = graph
                .relations
                .iter()
                .map(|r| (r.ends.pair().0, r.ends.pair().1, r.series.len()))
                .collect();
            assert!(between.contains(&("A", "B", 3)), "{between:?}");
            assert_eq!(crate::load::validate(&graph), Ok(()), "{}", input.name);
        }
    }
}
