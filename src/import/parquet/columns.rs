//! One Parquet table read column by column through the crate's low-level reader (no arrow): only
//! the columns asked for are decoded (projection), each checked for its type before it is read,
//! and every problem is a diagnostic naming the file, the column and, for a bad cell, the row.
//!
//! Tables written by other tools are read as leniently as their types allow: text may be plain
//! `BYTE_ARRAY`, numbers may be `DOUBLE`, `FLOAT`, `INT32` or `INT64`, a date may be text or a
//! Parquet `DATE`, and a list of text may be a plain text cell whose items are `;`-separated.

use std::collections::HashMap;

use parquet::basic::{LogicalType, Type as Physical};
use parquet::column::reader::ColumnReader;
use parquet::data_type::{
    BoolType, ByteArray, ByteArrayType, DataType, DoubleType, FloatType, Int32Type, Int64Type,
};
use parquet::errors::ParquetError;
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::file::statistics::Statistics;

use super::dictionary::Cells;
use crate::load::{Diagnostic, Diagnostics, LoadError};
use crate::model::{Date, Name};

/// The levels and values decoded at a time: enough to amortise the calls, small enough to stay
/// in cache.
const BATCH: usize = 8192;

/// A Parquet file open for reading its columns.
pub(crate) struct Table {
    name: String,
    reader: SerializedFileReader<bytes::Bytes>,
    rows: usize,
}

/// A text column interned: per row, an index into the distinct values (or null); the values.
pub(crate) type Interned = (Indices, Vec<Name>);

/// Per row, an index into a column's distinct values, or [`Indices::NULL`] for a null cell: half
/// the memory of `Option<u32>`, which over the ten million rows of a large points table is the
/// difference between 40 and 80 MB per column, all of it touched once.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Indices(Vec<u32>);

impl Indices {
    /// A null cell. No column has this many distinct values: interning refuses the last one.
    pub(crate) const NULL: u32 = u32::MAX;

    fn with_capacity(rows: usize) -> Indices {
        Indices(Vec::with_capacity(rows))
    }

    /// The index on `row`: `None` when the cell is null or the column is shorter.
    pub(crate) fn get(&self, row: usize) -> Option<u32> {
        self.0.get(row).copied().filter(|&i| i != Self::NULL)
    }
}

impl super::dictionary::Cells<u32> for Indices {
    fn len(&self) -> usize {
        self.0.len()
    }

    fn push(&mut self, cell: Option<u32>) {
        self.0.push(cell.unwrap_or(Self::NULL));
    }

    fn truncate(&mut self, len: usize) {
        self.0.truncate(len);
    }

    fn reserve(&mut self, more: usize) {
        self.0.reserve(more);
    }

    fn extend_from_dictionary(&mut self, indices: &[u32], dictionary: &[u32]) -> Option<()> {
        // Checked first, so that the copy is one tight loop.
        if indices.iter().any(|&k| k as usize >= dictionary.len()) {
            return None;
        }
        self.0
            .extend(indices.iter().map(|&k| dictionary[k as usize]));
        Some(())
    }
}

/// A boolean column: each row's cell, or one value in every row.
pub(crate) enum Flags {
    All(bool),
    Each(Vec<Option<bool>>),
}

impl Flags {
    /// The cell on `row`.
    pub(crate) fn get(&self, row: usize) -> Option<bool> {
        match self {
            Flags::All(value) => Some(*value),
            Flags::Each(cells) => cells.get(row).copied().flatten(),
        }
    }
}

/// Per row, a number or null, in the memory of the numbers alone (half that of `Option<f64>`):
/// a null is one NaN, [`Numbers::NULL_BITS`], and any NaN in the file is kept as the usual
/// NaN, so that the two are never mistaken for each other.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Numbers(Vec<f64>);

impl Numbers {
    /// A quiet NaN with a payload: a null cell.
    const NULL_BITS: u64 = 0x7ff8_0000_0000_0bad;

    /// The number on `row`: `None` when the cell is null or the column is shorter.
    pub(crate) fn get(&self, row: usize) -> Option<f64> {
        self.0
            .get(row)
            .copied()
            .filter(|x| x.to_bits() != Self::NULL_BITS)
    }
}

impl super::dictionary::Cells<f64> for Numbers {
    fn len(&self) -> usize {
        self.0.len()
    }

    fn push(&mut self, cell: Option<f64>) {
        self.0.push(match cell {
            Some(x) if x.is_nan() => f64::NAN,
            Some(x) => x,
            None => f64::from_bits(Self::NULL_BITS),
        });
    }

    fn truncate(&mut self, len: usize) {
        self.0.truncate(len);
    }

    fn reserve(&mut self, more: usize) {
        self.0.reserve(more);
    }

    fn extend_from_dictionary(&mut self, indices: &[u32], dictionary: &[f64]) -> Option<()> {
        // Checked first, so that the copy is one tight loop.
        if indices.iter().any(|&k| k as usize >= dictionary.len()) {
            return None;
        }
        // As `push`: a NaN read is the plain NaN, never the null's.
        self.0.extend(indices.iter().map(|&k| {
            let x = dictionary[k as usize];
            if x.is_nan() { f64::NAN } else { x }
        }));
        Some(())
    }
}

/// A problem found reading a table, before it is given its file's name.
pub(crate) type Problem = Diagnostic;

impl Table {
    /// The Parquet file in `bytes`, named `name` in diagnostics.
    pub(crate) fn open(name: &str, bytes: impl Into<bytes::Bytes>) -> Result<Table, LoadError> {
        let bytes: bytes::Bytes = bytes.into();
        let len = bytes.len() as u64;
        let reader = guarded(|| SerializedFileReader::new(bytes))
            .unwrap_or_else(|| Err(ParquetError::General("its footer is corrupt".into())))
            .map_err(|e| fail(name, not_parquet(&e)))?;
        check_chunks(&reader, len).map_err(|d| fail(name, d))?;
        let rows = usize::try_from(reader.metadata().file_metadata().num_rows()).map_err(|_| {
            fail(
                name,
                Diagnostic::new(None, "the file says it has a negative number of rows"),
            )
        })?;
        Ok(Table {
            name: name.to_string(),
            reader,
            rows,
        })
    }

    /// The file's name, as diagnostics give it.
    pub(crate) fn name(&self) -> &str {
        &self.name
    }

    /// The number of rows.
    pub(crate) fn rows(&self) -> usize {
        self.rows
    }

    /// The names of the table's top-level columns, in order.
    pub(crate) fn column_names(&self) -> Vec<String> {
        let schema = self.reader.metadata().file_metadata().schema_descr();
        let mut names: Vec<String> = Vec::new();
        for leaf in schema.columns() {
            let top = leaf.path().parts().first().cloned().unwrap_or_default();
            if names.last() != Some(&top) {
                names.push(top);
            }
        }
        names
    }

    /// The value of the footer's key-value pair `key`, if any.
    pub(crate) fn metadata(&self, key: &str) -> Option<&str> {
        self.reader
            .metadata()
            .file_metadata()
            .key_value_metadata()?
            .iter()
            .find(|kv| kv.key == key)?
            .value
            .as_deref()
    }

    /// A problem of this table as a load error.
    pub(crate) fn error(&self, problem: Problem) -> LoadError {
        fail(&self.name, problem)
    }

    /// The leaf column under the top-level column `column`.
    fn leaf(&self, column: &str) -> Option<usize> {
        let schema = self.reader.metadata().file_metadata().schema_descr();
        schema
            .columns()
            .iter()
            .position(|c| c.path().parts().first().is_some_and(|p| p == column))
    }

    /// Calls `each(row, cell)` for every row of the text column `column`, or returns `false`
    /// when there is no such column. A list column is refused.
    pub(crate) fn each_text(
        &self,
        column: &str,
        mut each: impl FnMut(usize, Option<&str>) -> Result<(), Problem>,
    ) -> Result<bool, LoadError> {
        self.each_bytes(column, |row, cell| {
            let text = match cell {
                Some(bytes) => Some(utf8(bytes.data(), row, column)?),
                None => None,
            };
            each(row, text)
        })
    }

    /// [`Table::each_text`] before the UTF-8 check, which is the caller's.
    fn each_bytes(
        &self,
        column: &str,
        mut each: impl FnMut(usize, Option<&ByteArray>) -> Result<(), Problem>,
    ) -> Result<bool, LoadError> {
        let Some(leaf) = self.leaf(column) else {
            return Ok(false);
        };
        self.single(column, leaf)?;
        match self.physical(leaf) {
            Physical::BYTE_ARRAY => {
                let mut row = 0;
                self.read::<ByteArrayType>(column, leaf, |_, cell| {
                    each(row, cell)?;
                    row += 1;
                    Ok(())
                })?;
            }
            other => return Err(self.wrong_type(column, other, "text (BYTE_ARRAY, STRING)")),
        }
        Ok(true)
    }

    /// The text column `column`, `None` when the table has no such column.
    pub(crate) fn texts(&self, column: &str) -> Result<Option<Vec<Option<String>>>, LoadError> {
        let mut out = Vec::with_capacity(self.rows);
        let found = self.each_text(column, |_, cell| {
            out.push(cell.map(str::to_string));
            Ok(())
        })?;
        Ok(found.then_some(out))
    }

    /// The text column `column`, every cell interned: one index per row into a list of the
    /// distinct values (ids and kinds repeat over millions of rows).
    pub(crate) fn interned(&self, column: &str) -> Result<Option<Interned>, LoadError> {
        let mut index: HashMap<Name, u32, foldhash::fast::RandomState> = HashMap::default();
        let mut values: Vec<Name> = Vec::new();
        let mut rows = Indices::with_capacity(self.rows);
        // Through the dictionaries when the column has them (it almost always does).
        if let Some(leaf) = self.leaf(column) {
            let mut intern = |text: &str| {
                if let Some(&i) = index.get(text) {
                    return Some(i);
                }
                let i = u32::try_from(values.len())
                    .ok()
                    .filter(|&i| i != Indices::NULL)?;
                let name = Name::from(text);
                index.insert(name.clone(), i);
                values.push(name);
                Some(i)
            };
            if self.by_dictionary(leaf, &mut intern, &mut rows) {
                return Ok(Some((rows, values)));
            }
            index.clear();
            values.clear();
            rows.0.clear();
        }
        let mut seen = ByAddress::default();
        let found = self.each_bytes(column, |row, cell| {
            let Some(cell) = cell else {
                rows.push(None);
                return Ok(());
            };
            if let Some(i) = seen.get(cell) {
                rows.push(Some(i));
                return Ok(());
            }
            let text = utf8(cell.data(), row, column)?;
            let i = match index.get(text) {
                Some(&i) => i,
                None => {
                    let i = u32::try_from(values.len())
                        .ok()
                        .filter(|&i| i != Indices::NULL)
                        .ok_or_else(|| {
                            at_row(row, column, "has more than 4 billion distinct values")
                        })?;
                    let name = Name::from(text);
                    index.insert(name.clone(), i);
                    values.push(name);
                    i
                }
            };
            seen.remember(cell, i);
            rows.push(Some(i));
            Ok(())
        })?;
        Ok(found.then_some((rows, values)))
    }

    /// The list-of-text column `column` (a plain text column is read as `;`-separated items),
    /// `None` when the table has no such column. A null list is empty.
    pub(crate) fn lists(&self, column: &str) -> Result<Option<Vec<Vec<Name>>>, LoadError> {
        let Some(leaf) = self.leaf(column) else {
            return Ok(None);
        };
        let descr = self.descr(leaf);
        if descr.max_rep_level() == 0 {
            let Some(cells) = self.texts(column)? else {
                return Ok(None);
            };
            return Ok(Some(
                cells
                    .into_iter()
                    .map(|cell| {
                        cell.unwrap_or_default()
                            .split(';')
                            .map(str::trim)
                            .filter(|s| !s.is_empty())
                            .map(Name::from)
                            .collect()
                    })
                    .collect(),
            ));
        }
        if descr.max_rep_level() > 1 {
            return Err(self.error(Diagnostic::new(
                None,
                format!("column `{column}` is a list of lists; expected a list of text"),
            )));
        }
        match self.physical(leaf) {
            Physical::BYTE_ARRAY => {}
            // A list column whose every list is empty or null has no item to give its type:
            // pandas writes one (`list<null>`) with INT32 items. It reads as empty lists.
            Physical::INT32 => return self.empty_lists(column, leaf).map(Some),
            other => return Err(self.wrong_type(column, other, "a list of text")),
        }
        let mut out: Vec<Vec<Name>> = Vec::with_capacity(self.rows);
        self.read::<ByteArrayType>(column, leaf, |new_row, cell| {
            if new_row {
                out.push(Vec::new());
            }
            if let Some(bytes) = cell {
                let row = out.len().saturating_sub(1);
                let text = std::str::from_utf8(bytes.data())
                    .map_err(|_| at_row(row, column, "holds bytes that are not UTF-8 text"))?;
                if let Some(list) = out.last_mut() {
                    list.push(Name::from(text));
                }
            }
            Ok(())
        })?;
        Ok(Some(out))
    }

    /// The list column `column` of INT32 items as lists of text, when it holds no item at all:
    /// an empty list per row. An item refuses it, as a column of the wrong type.
    fn empty_lists(&self, column: &str, leaf: usize) -> Result<Vec<Vec<Name>>, LoadError> {
        let mut rows = 0;
        let mut item = false;
        self.read::<Int32Type>(column, leaf, |new_row, cell| {
            rows += usize::from(new_row);
            item |= cell.is_some();
            Ok(())
        })?;
        match item {
            true => Err(self.wrong_type(column, Physical::INT32, "a list of text")),
            false => Ok(vec![Vec::new(); rows]),
        }
    }

    /// The number column `column` (`DOUBLE`, `FLOAT`, `INT32` or `INT64`), `None` when absent:
    /// as options, or as [`Numbers`] for a column of millions of rows.
    pub(crate) fn numbers<C: Cells<f64> + Default>(
        &self,
        column: &str,
    ) -> Result<Option<C>, LoadError> {
        let Some(leaf) = self.leaf(column) else {
            return Ok(None);
        };
        self.single(column, leaf)?;
        let mut out = C::default();
        out.reserve(self.rows);
        // A DECIMAL (DuckDB writes `0.5` as one) is an integer scaled by a power of ten.
        let descr = self.descr(leaf);
        let decimal = matches!(descr.logical_type_ref(), Some(LogicalType::Decimal(_)))
            || descr.converted_type() == parquet::basic::ConvertedType::DECIMAL;
        let scale = if decimal { descr.type_scale() } else { 0 };
        let unscale = |x: f64| if scale == 0 { x } else { x / 10f64.powi(scale) };
        if self.physical(leaf) == Physical::DOUBLE {
            let read = guarded(|| {
                super::dictionary::read_doubles(&self.reader, leaf, self.rows, &mut out)
            });
            if matches!(read, Some(Some(()))) {
                return Ok(Some(out));
            }
            out.truncate(0);
        }
        match self.physical(leaf) {
            Physical::DOUBLE => self.read::<DoubleType>(column, leaf, |_, v| {
                out.push(v.copied());
                Ok(())
            })?,
            Physical::FLOAT => self.read::<FloatType>(column, leaf, |_, v| {
                out.push(v.map(|&x| f64::from(x)));
                Ok(())
            })?,
            Physical::INT32 => self.read::<Int32Type>(column, leaf, |_, v| {
                out.push(v.map(|&x| unscale(f64::from(x))));
                Ok(())
            })?,
            Physical::INT64 => self.read::<Int64Type>(column, leaf, |_, v| {
                // Exact up to 2^53, far past any weight, confidence or range.
                #[allow(clippy::cast_precision_loss, reason = "exact for every value in range")]
                out.push(v.map(|&x| unscale(x as f64)));
                Ok(())
            })?,
            other => return Err(self.wrong_type(column, other, "a number (DOUBLE)")),
        }
        Ok(Some(out))
    }

    /// The whole-number column `column` (`INT32` or `INT64`; negative values are refused),
    /// `None` when absent.
    pub(crate) fn counts(&self, column: &str) -> Result<Option<Vec<Option<u64>>>, LoadError> {
        let Some(leaf) = self.leaf(column) else {
            return Ok(None);
        };
        self.single(column, leaf)?;
        let unsigned = matches!(
            self.descr(leaf).logical_type_ref(),
            Some(LogicalType::Integer(int)) if !int.is_signed
        );
        let mut out = Vec::with_capacity(self.rows);
        let mut row = 0;
        let negative =
            |row, x: i64| at_row(row, column, format!("holds {x}; a count is 0 or more"));
        match self.physical(leaf) {
            Physical::INT64 => self.read::<Int64Type>(column, leaf, |_, v| {
                let value = match v {
                    // An unsigned column keeps the count's bits in INT64.
                    Some(&x) if unsigned => Some(u64::from_ne_bytes(x.to_ne_bytes())),
                    Some(&x) => Some(u64::try_from(x).map_err(|_| negative(row, x))?),
                    None => None,
                };
                out.push(value);
                row += 1;
                Ok(())
            })?,
            Physical::INT32 => self.read::<Int32Type>(column, leaf, |_, v| {
                let value = match v {
                    Some(&x) if unsigned => Some(u64::from(u32::from_ne_bytes(x.to_ne_bytes()))),
                    Some(&x) => Some(u64::try_from(x).map_err(|_| negative(row, i64::from(x)))?),
                    None => None,
                };
                out.push(value);
                row += 1;
                Ok(())
            })?,
            other => return Err(self.wrong_type(column, other, "a whole number (INT64)")),
        }
        Ok(Some(out))
    }

    /// The boolean column `column`, `None` when absent; one value for every row, unread, when the
    /// statistics of every row group say it has no nulls and that one value (as `export` writes
    /// `directed` for a graph whose ties all are).
    pub(crate) fn flags(&self, column: &str) -> Result<Option<Flags>, LoadError> {
        let Some(leaf) = self.leaf(column) else {
            return Ok(None);
        };
        let groups = self.reader.metadata().row_groups();
        let constant = |group: &parquet::file::metadata::RowGroupMetaData| match group
            .column(leaf)
            .statistics()
        {
            Some(Statistics::Boolean(s)) if s.null_count_opt() == Some(0) => {
                s.min_opt().filter(|&min| Some(min) == s.max_opt()).copied()
            }
            _ => None,
        };
        let first = groups.first().and_then(constant);
        if let Some(value) = first
            && self.descr(leaf).max_rep_level() == 0
            && groups.iter().all(|g| constant(g) == Some(value))
        {
            return Ok(Some(Flags::All(value)));
        }
        Ok(self.bools(column)?.map(Flags::Each))
    }

    /// The boolean column `column`, `None` when absent.
    pub(crate) fn bools(&self, column: &str) -> Result<Option<Vec<Option<bool>>>, LoadError> {
        let Some(leaf) = self.leaf(column) else {
            return Ok(None);
        };
        self.single(column, leaf)?;
        let mut out = Vec::with_capacity(self.rows);
        match self.physical(leaf) {
            Physical::BOOLEAN => self.read::<BoolType>(column, leaf, |_, v| {
                out.push(v.copied());
                Ok(())
            })?,
            other => return Err(self.wrong_type(column, other, "true or false (BOOLEAN)")),
        }
        Ok(Some(out))
    }

    /// The date column `column`: text as the file format writes dates, or a Parquet `DATE`
    /// (days since 1970-01-01, read as a full date). `None` when absent.
    pub(crate) fn dates(&self, column: &str) -> Result<Option<Vec<Option<Date>>>, LoadError> {
        let Some(leaf) = self.leaf(column) else {
            return Ok(None);
        };
        let mut out = Vec::with_capacity(self.rows);
        if self.physical(leaf) == Physical::INT32 {
            self.single(column, leaf)?;
            let epoch = jiff::civil::date(1970, 1, 1);
            let mut row = 0;
            self.read::<Int32Type>(column, leaf, |_, v| {
                let value = v
                    .map(|&days| {
                        epoch
                            .checked_add(jiff::Span::new().days(i64::from(days)))
                            .map(Date::from_civil)
                            .map_err(|_| at_row(row, column, format!("day {days} is out of range")))
                    })
                    .transpose()?;
                out.push(value);
                row += 1;
                Ok(())
            })?;
        } else {
            let parse = |text: &str| text.parse::<Date>().ok();
            if self.by_dictionary(leaf, parse, &mut out) {
                return Ok(Some(out));
            }
            out.clear();
            let mut seen = ByAddress::default();
            self.each_bytes(column, |row, cell| {
                let date = match cell {
                    Some(cell) => match seen.get(cell) {
                        Some(date) => Some(date),
                        None => {
                            let date = utf8(cell.data(), row, column)?
                                .parse::<Date>()
                                .map_err(|e| at_row(row, column, e.to_string()))?;
                            seen.remember(cell, date);
                            Some(date)
                        }
                    },
                    None => None,
                };
                out.push(date);
                Ok(())
            })?;
        }
        Ok(Some(out))
    }

    /// Reads the text column `leaf` through its dictionaries into `out` ([`super::dictionary`]):
    /// `entry` makes each distinct value's `V`. `false`, with `out` as it was, when the column
    /// is not one that can be read so (or `entry` refuses a value): the caller reads it cell by
    /// cell, and reports any problem at its row.
    fn by_dictionary<V: Copy>(
        &self,
        leaf: usize,
        entry: impl FnMut(&str) -> Option<V>,
        out: &mut impl Cells<V>,
    ) -> bool {
        let start = out.len();
        let read = guarded(|| super::dictionary::read(&self.reader, leaf, self.rows, entry, out));
        let ok = matches!(read, Some(Some(())));
        if !ok {
            out.truncate(start);
        }
        ok
    }

    #[cfg(test)]
    pub(crate) fn reader_for_tests(&self) -> &SerializedFileReader<bytes::Bytes> {
        &self.reader
    }

    #[cfg(test)]
    pub(crate) fn leaf_for_tests(&self, column: &str) -> Option<usize> {
        self.leaf(column)
    }

    /// Whether the table has the column `column` and its row groups' statistics say it is null
    /// in every row, so that reading it would only make a vector of nulls (an exported graph
    /// writes every optional column, mostly empty). A writer that leaves the statistics out
    /// gets `false`, and the column is read.
    pub(crate) fn all_null(&self, column: &str) -> bool {
        let Some(leaf) = self.leaf(column) else {
            return false;
        };
        self.reader.metadata().row_groups().iter().all(|group| {
            let rows = u64::try_from(group.num_rows()).ok();
            let nulls = group
                .column(leaf)
                .statistics()
                .and_then(|s| s.null_count_opt());
            rows.is_some() && nulls == rows
        })
    }

    fn descr(&self, leaf: usize) -> &parquet::schema::types::ColumnDescriptor {
        &self
            .reader
            .metadata()
            .file_metadata()
            .schema_descr()
            .columns()[leaf]
    }

    fn physical(&self, leaf: usize) -> Physical {
        self.descr(leaf).physical_type()
    }

    /// Refuses a list (or nested) column where one value per row is expected.
    fn single(&self, column: &str, leaf: usize) -> Result<(), LoadError> {
        if self.descr(leaf).max_rep_level() > 0 {
            return Err(self.error(Diagnostic::new(
                None,
                format!("column `{column}` is a list; expected one value per row"),
            )));
        }
        Ok(())
    }

    fn wrong_type(&self, column: &str, found: Physical, expected: &str) -> LoadError {
        self.error(
            Diagnostic::new(
                None,
                format!("column `{column}` holds {found}; expected {expected}"),
            )
            .with_help("docs/format.md gives each column's type"),
        )
    }

    /// Reads every level of the leaf column `leaf`, in every row group, calling
    /// `each(starts_row, value)` for each (a null or an empty list has no value). Checks that
    /// the column has as many rows as the table.
    fn read<T: DataType>(
        &self,
        column: &str,
        leaf: usize,
        each: impl FnMut(bool, Option<&T::T>) -> Result<(), Problem>,
    ) -> Result<(), LoadError> {
        guarded(|| self.read_unguarded::<T>(column, leaf, each)).unwrap_or_else(|| {
            Err(self.error(Diagnostic::new(
                None,
                format!("column `{column}` cannot be read: its pages are corrupt"),
            )))
        })
    }

    fn read_unguarded<T: DataType>(
        &self,
        column: &str,
        leaf: usize,
        mut each: impl FnMut(bool, Option<&T::T>) -> Result<(), Problem>,
    ) -> Result<(), LoadError> {
        let descr = self.descr(leaf);
        let (max_def, max_rep) = (descr.max_def_level(), descr.max_rep_level());
        let broken = |e: ParquetError| {
            self.error(Diagnostic::new(
                None,
                format!("column `{column}` cannot be read: {e}"),
            ))
        };
        let mut rows = 0usize;
        let (mut defs, mut reps, mut values) = (Vec::new(), Vec::new(), Vec::<T::T>::new());
        for group in 0..self.reader.num_row_groups() {
            let group = self.reader.get_row_group(group).map_err(broken)?;
            let reader: ColumnReader = group.get_column_reader(leaf).map_err(broken)?;
            let Some(mut reader) = T::get_column_reader(reader) else {
                return Err(self.wrong_type(column, descr.physical_type(), "another type"));
            };
            loop {
                defs.clear();
                reps.clear();
                values.clear();
                let (records, _, levels) = reader
                    .read_records(BATCH, Some(&mut defs), Some(&mut reps), &mut values)
                    .map_err(broken)?;
                if records == 0 && levels == 0 {
                    break;
                }
                let mut next = values.iter();
                for i in 0..levels {
                    let starts = max_rep == 0 || reps.get(i) == Some(&0);
                    let present = max_def == 0 || defs.get(i) == Some(&max_def);
                    let value = if present { next.next() } else { None };
                    if present && value.is_none() {
                        return Err(broken(ParquetError::General(
                            "fewer values than levels".into(),
                        )));
                    }
                    if starts {
                        rows += 1;
                    }
                    each(starts, value).map_err(|p| self.error(p))?;
                }
            }
        }
        if rows != self.rows {
            return Err(self.error(Diagnostic::new(
                None,
                format!(
                    "column `{column}` has {rows} rows; the table has {}",
                    self.rows
                ),
            )));
        }
        Ok(())
    }
}

/// A problem in the cell of `column` on `row` (counted from 0; shown from 1).
/// What was made of text cells already seen, by the cells' addresses.
///
/// A dictionary-encoded column (what pandas, DuckDB and `export` write) hands out the same
/// bytes for every repeat of a value, so a repeat is known by its address without checking,
/// hashing or parsing its text again. The cells are kept (a `ByteArray` shares its buffer), so
/// that no address can be reused for other text while it is remembered. A column without a
/// dictionary never repeats an address: the memory is cleared every [`ByAddress::LIMIT`] cells.
struct ByAddress<V> {
    last: Option<(ByteArray, V)>,
    map: HashMap<(usize, usize), V, foldhash::fast::FixedState>,
    kept: Vec<ByteArray>,
}

impl<V> Default for ByAddress<V> {
    fn default() -> Self {
        ByAddress {
            last: None,
            map: HashMap::default(),
            kept: Vec::new(),
        }
    }
}

impl<V: Copy> ByAddress<V> {
    const LIMIT: usize = 1 << 16;

    fn address(cell: &ByteArray) -> (usize, usize) {
        let data = cell.data();
        (data.as_ptr() as usize, data.len())
    }

    fn get(&mut self, cell: &ByteArray) -> Option<V> {
        let at = Self::address(cell);
        if let Some((last, v)) = &self.last
            && Self::address(last) == at
        {
            return Some(*v);
        }
        let v = *self.map.get(&at)?;
        self.last = Some((cell.clone(), v));
        Some(v)
    }

    fn remember(&mut self, cell: &ByteArray, v: V) {
        if self.kept.len() >= Self::LIMIT {
            self.map.clear();
            self.kept.clear();
        }
        self.map.insert(Self::address(cell), v);
        self.kept.push(cell.clone());
        self.last = Some((cell.clone(), v));
    }
}

/// The text in `bytes`, or a problem at `row` of `column`.
fn utf8<'a>(bytes: &'a [u8], row: usize, column: &str) -> Result<&'a str, Problem> {
    std::str::from_utf8(bytes)
        .map_err(|_| at_row(row, column, "holds bytes that are not UTF-8 text"))
}

pub(crate) fn at_row(row: usize, column: &str, message: impl std::fmt::Display) -> Problem {
    Diagnostic::new(
        None,
        format!("row {}, column `{column}`: {message}", row + 1),
    )
}

/// A load error of the file `name`.
pub(crate) fn fail(name: &str, problem: Problem) -> LoadError {
    LoadError::Invalid(Diagnostics::new(name, vec![problem], None))
}

fn not_parquet(e: &ParquetError) -> Diagnostic {
    Diagnostic::new(None, format!("not a readable Parquet file: {e}"))
        .with_help("give a Parquet file (pandas' to_parquet, DuckDB's COPY ... TO 'x.parquet') or a directory written by `detente export --format parquet`")
}

/// Checks that every column chunk the footer describes lies within the file, which the reader
/// assumes (it panics on a negative offset or size).
fn check_chunks(reader: &SerializedFileReader<bytes::Bytes>, len: u64) -> Result<(), Diagnostic> {
    for group in reader.metadata().row_groups() {
        if group.num_rows() < 0 {
            return Err(Diagnostic::new(
                None,
                "a row group has a negative number of rows",
            ));
        }
        for chunk in group.columns() {
            if let Some(codec) = unread_codec(chunk.compression()) {
                return Err(Diagnostic::new(
                    None,
                    format!(
                        "column `{}` is compressed with {codec}, which detente does not read",
                        chunk.column_path().string()
                    ),
                )
                .with_help(
                    "write the table uncompressed or with Snappy, Zstandard, LZ4 or gzip \
                     (pandas and polars: `compression=\"zstd\"`; DuckDB: `COMPRESSION zstd`)",
                ));
            }
            let start = chunk
                .dictionary_page_offset()
                .unwrap_or_else(|| chunk.data_page_offset());
            let size = chunk.compressed_size();
            let inside = u64::try_from(start)
                .ok()
                .zip(u64::try_from(size).ok())
                .and_then(|(s, n)| s.checked_add(n))
                .is_some_and(|end| end <= len);
            if !inside {
                return Err(Diagnostic::new(
                    None,
                    format!(
                        "not a readable Parquet file: column `{}` lies outside the file",
                        chunk.column_path()
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// The name of `codec` when this build cannot decompress it: Brotli and LZO, which pandas,
/// polars, DuckDB and Spark only write when asked to. Every codec they write by default
/// (Snappy, Zstandard) and the other common ones (LZ4, gzip) are read.
fn unread_codec(codec: parquet::basic::Compression) -> Option<&'static str> {
    use parquet::basic::Compression as C;
    match codec {
        C::BROTLI(_) => Some("Brotli"),
        C::LZO => Some("LZO"),
        C::UNCOMPRESSED | C::SNAPPY | C::GZIP(_) | C::LZ4 | C::LZ4_RAW | C::ZSTD(_) => None,
    }
}

thread_local! {
    /// Set while this thread runs the Parquet reader under [`guarded`].
    static GUARDED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// `work()`, or `None` if it panicked. The Parquet reader trusts some of what a file says (a
/// dictionary page before dictionary-encoded data) and panics when a corrupt file lies; a
/// broken input must be an error, never a crash, and the panic's own message is not shown
/// (the process's other panics still are).
fn guarded<T>(work: impl FnOnce() -> T) -> Option<T> {
    static QUIET: std::sync::Once = std::sync::Once::new();
    QUIET.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !GUARDED.with(std::cell::Cell::get) {
                previous(info);
            }
        }));
    });
    GUARDED.with(|g| g.set(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).ok();
    GUARDED.with(|g| g.set(false));
    result
}

#[cfg(test)]
mod tests {
    use super::super::dictionary::Cells;
    use super::*;

    #[test]
    fn cells_from_a_dictionary_are_its_values_and_an_index_past_it_is_refused() {
        let mut ids = Indices::with_capacity(4);
        ids.push(None);
        assert_eq!(
            ids.extend_from_dictionary(&[2, 0, 2], &[10, 11, 12]),
            Some(())
        );
        assert_eq!(ids.0, [Indices::NULL, 12, 10, 12]);
        assert_eq!(ids.extend_from_dictionary(&[0, 3], &[10, 11, 12]), None);

        let mut numbers = Numbers::default();
        let dictionary = [0.5, f64::from_bits(Numbers::NULL_BITS), -1.0];
        assert_eq!(
            numbers.extend_from_dictionary(&[2, 0, 1], &dictionary),
            Some(())
        );
        // A NaN read, even one with the null's bits, is a NaN and not a null.
        assert_eq!(numbers.get(0), Some(-1.0));
        assert_eq!(numbers.get(1), Some(0.5));
        assert!(numbers.get(2).is_some_and(f64::is_nan));
        assert_eq!(numbers.extend_from_dictionary(&[3], &dictionary), None);
    }
}
