//! One Parquet table written column by column through the crate's low-level writer (no arrow):
//! text, optional text, lists of text, numbers and booleans, in row groups of a bounded size, so
//! that a table of ten million rows never holds more than a few column chunks' cells as Parquet
//! values at once; the chunks of a row group are encoded in parallel.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use bytes::Bytes;
use parquet::basic::Compression;
use parquet::column::writer::{
    ColumnCloseResult, ColumnWriter, ColumnWriterImpl, get_column_writer,
    get_typed_column_writer_mut,
};
use parquet::data_type::{BoolType, ByteArray, ByteArrayType, DataType, DoubleType, Int64Type};
use parquet::errors::ParquetError;
use parquet::file::metadata::KeyValue;
use parquet::file::properties::{WriterProperties, WriterPropertiesPtr};
use parquet::file::writer::{SerializedFileWriter, SerializedPageWriter, TrackedWrite};
use parquet::schema::parser::parse_message_type;
use parquet::schema::types::ColumnDescPtr;
use rayon::prelude::*;

use super::dictionary::Indexed;

/// The rows of one row group: large enough for DuckDB and pandas to read quickly, small enough
/// that the Parquet values built for it stay a few tens of megabytes.
const ROW_GROUP: usize = 1 << 20;

/// The cells of one column, borrowed from the graph.
pub(crate) enum Values<'a> {
    /// Text in every row.
    Text(Vec<Cow<'a, str>>),
    /// Text in every row, given as runs of rows that hold one text (a tie's ends and kind on
    /// each of its points) and their lengths: written as [`Values::Text`] is, with each run's
    /// text looked up once rather than each row's.
    Runs(Vec<(&'a str, usize)>),
    /// Text or null.
    OptText(Vec<Option<Cow<'a, str>>>),
    /// A list of text (possibly empty) in every row.
    List(Vec<List<'a>>),
    /// A number or null.
    OptDouble(Vec<Option<f64>>),
    /// A boolean in every row.
    Bool(Vec<bool>),
    /// A boolean or null.
    OptBool(Vec<Option<bool>>),
    /// An unsigned count or null.
    OptU64(Vec<Option<u64>>),
    /// A date in every row, written as text (`2020`, `2020-06`, `2020-06-30`).
    Dates(Vec<crate::model::Date>),
    /// No value in any of `len` rows: an optional column that no row fills (null) or a list
    /// column whose every list is empty, made without a cell per row. A row group's chunk of it
    /// depends only on its length, so it is encoded once for every row group of that length.
    Empty(Empty, usize),
}

/// The type of a [`Values::Empty`] column.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Empty {
    /// Optional text ([`Values::OptText`]), null in every row.
    Text,
    /// An optional number ([`Values::OptDouble`]), null in every row.
    Double,
    /// An optional count ([`Values::OptU64`]), null in every row.
    U64,
    /// A list of text ([`Values::List`]), empty in every row.
    List,
}

/// One row's list of text, borrowed from the graph: free text (aliases) or names (ids).
#[derive(Clone, Copy)]
pub(crate) enum List<'a> {
    /// Free text.
    Texts(&'a [String]),
    /// Ids.
    Names(&'a [crate::model::Name]),
}

impl<'a> List<'a> {
    fn len(self) -> usize {
        match self {
            List::Texts(v) => v.len(),
            List::Names(v) => v.len(),
        }
    }

    fn get(self, i: usize) -> &'a str {
        match self {
            List::Texts(v) => &v[i],
            List::Names(v) => &v[i],
        }
    }
}

/// Column `i` of a range of rows, made when that column's chunk of the range's row group is
/// encoded (on any thread).
type Fill<'a> = Box<dyn Fn(usize, Range<usize>) -> Values<'a> + Sync + 'a>;

impl Values<'_> {
    fn len(&self) -> usize {
        match self {
            Values::Text(v) => v.len(),
            Values::Runs(v) => v.iter().map(|&(_, run)| run).sum(),
            Values::OptText(v) => v.len(),
            Values::List(v) => v.len(),
            Values::OptDouble(v) => v.len(),
            Values::Bool(v) => v.len(),
            Values::OptBool(v) => v.len(),
            Values::OptU64(v) => v.len(),
            Values::Dates(v) => v.len(),
            Values::Empty(_, len) => *len,
        }
    }

    /// The column's line in the schema's message type.
    fn schema(&self, name: &str) -> String {
        match self {
            Values::Text(_) | Values::Runs(_) | Values::Dates(_) => {
                format!("required binary {name} (STRING);")
            }
            Values::OptText(_) | Values::Empty(Empty::Text, _) => {
                format!("optional binary {name} (STRING);")
            }
            // The three-level list every reader knows (Parquet's LogicalTypes.md).
            Values::List(_) | Values::Empty(Empty::List, _) => format!(
                "required group {name} (LIST) {{ repeated group list {{ required binary element (STRING); }} }}"
            ),
            Values::OptDouble(_) | Values::Empty(Empty::Double, _) => {
                format!("optional double {name};")
            }
            Values::Bool(_) => format!("required boolean {name};"),
            Values::OptBool(_) => format!("optional boolean {name};"),
            Values::OptU64(_) | Values::Empty(Empty::U64, _) => {
                format!("optional int64 {name} (INTEGER(64,false));")
            }
        }
    }
}

/// A table: named columns of equal length, and key-value metadata for the file's footer.
#[derive(Default)]
pub(crate) struct Table<'a> {
    columns: Vec<(&'static str, Values<'a>)>,
    /// For a table made row group by row group: its number of rows, its columns' names and how
    /// to make each.
    lazy: Option<(usize, Vec<&'static str>, Fill<'a>)>,
    metadata: Vec<(String, String)>,
}

impl<'a> Table<'a> {
    /// A table of `rows` rows with the columns `names`, column `i` of which `fill(i, range)`
    /// makes for one row group's range at a time, so that a table of ten million rows never
    /// holds more than a few column chunks' cells.
    pub(crate) fn lazy(
        rows: usize,
        names: Vec<&'static str>,
        fill: impl Fn(usize, Range<usize>) -> Values<'a> + Sync + 'a,
    ) -> Self {
        Table {
            lazy: Some((rows, names, Box::new(fill))),
            ..Table::default()
        }
    }

    /// Adds a column (every column must have as many rows as the first).
    pub(crate) fn column(mut self, name: &'static str, values: Values<'a>) -> Self {
        self.columns.push((name, values));
        self
    }

    /// Adds a key-value pair to the footer.
    pub(crate) fn metadata(mut self, key: &str, value: String) -> Self {
        self.metadata.push((key.to_string(), value));
        self
    }

    /// The table as the bytes of a Parquet file (Snappy-compressed pages).
    pub(crate) fn write(self) -> Result<Vec<u8>, ParquetError> {
        self.write_grouped(ROW_GROUP)
    }

    /// [`Table::write`] in row groups of `group` rows (tests use small ones).
    pub(crate) fn write_grouped(self, group: usize) -> Result<Vec<u8>, ParquetError> {
        let size = group.max(1);
        let Table {
            columns,
            lazy,
            metadata,
        } = self;
        let (rows, names, fill): (usize, Vec<&'static str>, Fill<'a>) = match lazy {
            Some(lazy) => lazy,
            None => {
                let rows = columns.first().map_or(0, |(_, v)| v.len());
                if let Some((name, _)) = columns.iter().find(|(_, v)| v.len() != rows) {
                    return Err(ParquetError::General(format!(
                        "column `{name}` has a different number of rows"
                    )));
                }
                let names = columns.iter().map(|(name, _)| *name).collect();
                // A row group's range of a column given whole (these tables are small).
                (
                    rows,
                    names,
                    Box::new(move |i: usize, range: Range<usize>| columns[i].1.slice(range)),
                )
            }
        };
        let mut start = 0;
        let fields: String = names
            .iter()
            .enumerate()
            .map(|(i, name)| fill(i, 0..0).schema(name))
            .collect();
        let schema = Arc::new(parse_message_type(&format!(
            "message detente {{ {fields} }}"
        ))?);
        let metadata = (!metadata.is_empty()).then(|| {
            metadata
                .iter()
                .map(|(k, v)| KeyValue::new(k.clone(), v.clone()))
                .collect()
        });
        let properties = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_key_value_metadata(metadata)
            .set_created_by(format!("detente {}", env!("CARGO_PKG_VERSION")))
            .build();
        let mut writer = SerializedFileWriter::new(Vec::new(), schema, Arc::new(properties))?;
        let leaves = writer.schema_descr().columns().to_vec();
        if leaves.len() != names.len() {
            return Err(ParquetError::General(
                "every column must be one leaf of the schema".to_string(),
            ));
        }
        let properties = writer.properties().clone();
        // Each column's last empty chunk and its length: the next row group of that length
        // appends the same bytes again.
        let empties: Vec<std::sync::Mutex<Option<EncodedEmpty>>> =
            leaves.iter().map(|_| std::sync::Mutex::default()).collect();
        // A table with no rows still gets one (empty) row group, so readers see its schema.
        loop {
            let end = (start + size).min(rows);
            // Each column chunk is made and encoded on its own (on every core), then the chunks
            // are appended in the schema's order: the file is the same whatever the thread count.
            let chunks: Vec<Result<(Bytes, ColumnCloseResult), ParquetError>> = leaves
                .par_iter()
                .enumerate()
                .map(|(i, leaf)| {
                    let values = fill(i, start..end);
                    if values.len() != end - start {
                        return Err(ParquetError::General(format!(
                            "column `{}` has a different number of rows",
                            names[i]
                        )));
                    }
                    let Values::Empty(_, len) = values else {
                        return encode(leaf, &properties, &values);
                    };
                    // One task per column and row group: the lock is never contended.
                    let mut last = empties[i].lock().unwrap_or_else(|e| e.into_inner());
                    if let Some((same, bytes, close)) = last.as_ref()
                        && *same == len
                    {
                        return Ok((bytes.clone(), close.clone()));
                    }
                    let (bytes, close) = encode(leaf, &properties, &values)?;
                    *last = Some((len, bytes.clone(), close.clone()));
                    Ok((bytes, close))
                })
                .collect();
            let mut group = writer.next_row_group()?;
            for chunk in chunks {
                let (bytes, close) = chunk?;
                group.append_column(&bytes, close)?;
            }
            group.close()?;
            start = end;
            if start >= rows {
                break;
            }
        }
        writer.into_inner()
    }
}

impl<'a> Values<'a> {
    /// Rows `range` of the column.
    fn slice(&self, range: Range<usize>) -> Values<'a> {
        match self {
            Values::Text(v) => Values::Text(v[range].to_vec()),
            Values::Runs(v) => Values::Text(
                rows_of(v)
                    .skip(range.start)
                    .take(range.len())
                    .map(Cow::Borrowed)
                    .collect(),
            ),
            Values::OptText(v) => Values::OptText(v[range].to_vec()),
            Values::List(v) => Values::List(v[range].to_vec()),
            Values::OptDouble(v) => Values::OptDouble(v[range].to_vec()),
            Values::Bool(v) => Values::Bool(v[range].to_vec()),
            Values::OptBool(v) => Values::OptBool(v[range].to_vec()),
            Values::OptU64(v) => Values::OptU64(v[range].to_vec()),
            Values::Dates(v) => Values::Dates(v[range].to_vec()),
            Values::Empty(empty, _) => Values::Empty(*empty, range.len()),
        }
    }
}

fn text(s: &str) -> ByteArray {
    ByteArray::from(s.as_bytes().to_vec())
}

/// Each row's text of [`Values::Runs`].
fn rows_of<'a>(runs: &[(&'a str, usize)]) -> impl Iterator<Item = &'a str> {
    runs.iter()
        .flat_map(|&(text, run)| std::iter::repeat_n(text, run))
}

/// Text cells, the same text in a run of rows (a tie's ends and kind on each of its points)
/// sharing one buffer. `rows` holds at most `most` items.
fn texts<'s>(most: usize, rows: impl Iterator<Item = &'s str>) -> Vec<ByteArray> {
    let mut cells: Vec<ByteArray> = Vec::with_capacity(most);
    let mut last: Option<&str> = None;
    for s in rows {
        match (last, cells.last()) {
            (Some(l), Some(cell)) if l == s => {
                let cell = cell.clone();
                cells.push(cell);
            }
            _ => cells.push(text(s)),
        }
        last = Some(s);
    }
    cells
}

/// A column chunk of [`Values::Empty`] as [`encode`] made it, with its number of rows.
type EncodedEmpty = (usize, Bytes, ColumnCloseResult);

/// One column chunk of `values` encoded alone, with what the row group needs to append it.
fn encode(
    leaf: &ColumnDescPtr,
    properties: &WriterPropertiesPtr,
    values: &Values<'_>,
) -> Result<(Bytes, ColumnCloseResult), ParquetError> {
    // Text in every row: indexed here rather than by the crate's writer, unless the texts are
    // too many for a dictionary.
    let mut names = Vec::new();
    let indexed = match values {
        Values::Text(v) => Indexed::of(v.iter().map(|s| s.as_ref())),
        Values::Runs(v) => Indexed::of_runs(v.iter().copied(), values.len()),
        Values::Dates(v) => Indexed::of_values(v, |d| d.to_string(), &mut names),
        _ => None,
    };
    if let Some(indexed) = indexed {
        return indexed.encode(leaf);
    }
    let mut sink = TrackedWrite::new(Vec::new());
    let close = {
        let pages = SerializedPageWriter::new(&mut sink);
        let mut column = get_column_writer(leaf.clone(), properties.clone(), Box::new(pages));
        write_all(&mut column, values)?;
        column.close()?
    };
    Ok((Bytes::from(sink.into_inner()?), close))
}

/// Writes every row of `values` into `column`.
fn write_all(column: &mut ColumnWriter<'_>, values: &Values<'_>) -> Result<(), ParquetError> {
    match values {
        Values::Text(v) => {
            let cells = texts(v.len(), v.iter().map(|s| s.as_ref()));
            typed::<ByteArrayType>(column).write_batch(&cells, None, None)?;
        }
        Values::Runs(v) => {
            let cells = texts(values.len(), rows_of(v));
            typed::<ByteArrayType>(column).write_batch(&cells, None, None)?;
        }
        Values::Dates(v) => {
            // A few thousand distinct dates among millions of rows: each written out once.
            let mut seen: HashMap<crate::model::Date, ByteArray, foldhash::fast::RandomState> =
                HashMap::default();
            let cells: Vec<ByteArray> = v
                .iter()
                .map(|d| {
                    seen.entry(*d)
                        .or_insert_with(|| text(&d.to_string()))
                        .clone()
                })
                .collect();
            typed::<ByteArrayType>(column).write_batch(&cells, None, None)?;
        }
        Values::OptText(v) => {
            let rows = &v[..];
            let cells = texts(rows.len(), rows.iter().flatten().map(|s| s.as_ref()));
            let defs = defined(rows);
            typed::<ByteArrayType>(column).write_batch(&cells, Some(&defs), None)?;
        }
        Values::List(v) => {
            let mut cells = Vec::with_capacity(v.len());
            let mut defs = Vec::with_capacity(v.len());
            let mut reps = Vec::with_capacity(v.len());
            for &list in v {
                if list.len() == 0 {
                    // An empty list: one level entry, defined up to the list but holding nothing.
                    defs.push(0);
                    reps.push(0);
                }
                for i in 0..list.len() {
                    cells.push(text(list.get(i)));
                    defs.push(1);
                    reps.push(i16::from(i > 0));
                }
            }
            typed::<ByteArrayType>(column).write_batch(&cells, Some(&defs), Some(&reps))?;
        }
        Values::OptDouble(v) => {
            let rows = &v[..];
            let cells: Vec<f64> = rows.iter().flatten().copied().collect();
            typed::<DoubleType>(column).write_batch(&cells, Some(&defined(rows)), None)?;
        }
        Values::Bool(v) => {
            typed::<BoolType>(column).write_batch(v, None, None)?;
        }
        Values::OptBool(v) => {
            let rows = &v[..];
            let cells: Vec<bool> = rows.iter().flatten().copied().collect();
            typed::<BoolType>(column).write_batch(&cells, Some(&defined(rows)), None)?;
        }
        Values::OptU64(v) => {
            let rows = &v[..];
            // An unsigned 64-bit integer is stored in INT64's bits (the schema says unsigned).
            let cells: Vec<i64> = rows
                .iter()
                .flatten()
                .map(|&n| i64::from_ne_bytes(n.to_ne_bytes()))
                .collect();
            typed::<Int64Type>(column).write_batch(&cells, Some(&defined(rows)), None)?;
        }
        Values::Empty(empty, len) => {
            // Every row's level 0: null, or (a list) defined up to the list but holding nothing.
            let levels = vec![0i16; *len];
            match empty {
                Empty::Text => {
                    typed::<ByteArrayType>(column).write_batch(&[], Some(&levels), None)?;
                }
                Empty::List => {
                    typed::<ByteArrayType>(column).write_batch(
                        &[],
                        Some(&levels),
                        Some(&levels),
                    )?;
                }
                Empty::Double => {
                    typed::<DoubleType>(column).write_batch(&[], Some(&levels), None)?;
                }
                Empty::U64 => {
                    typed::<Int64Type>(column).write_batch(&[], Some(&levels), None)?;
                }
            }
        }
    }
    Ok(())
}

/// The writer of `column` for its type (the schema made `column` of that type).
fn typed<'w, 'c, T: DataType>(column: &'w mut ColumnWriter<'c>) -> &'w mut ColumnWriterImpl<'c, T> {
    get_typed_column_writer_mut::<T>(column)
}

/// The definition levels of an optional column: 1 where a value is, 0 where it is null.
fn defined<T>(rows: &[Option<T>]) -> Vec<i16> {
    rows.iter().map(|r| i16::from(r.is_some())).collect()
}
