//! One Parquet table written column by column through the crate's low-level writer (no arrow):
//! text, optional text, lists of text, numbers and booleans, in row groups of a bounded size, so
//! that a table of ten million rows never holds more than one row group's cells as Parquet
//! values at once.

use std::borrow::Cow;
use std::sync::Arc;

use parquet::basic::Compression;
use parquet::data_type::{BoolType, ByteArray, ByteArrayType, DoubleType, Int64Type};
use parquet::errors::ParquetError;
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;

/// The rows of one row group: large enough for DuckDB and pandas to read quickly, small enough
/// that the Parquet values built for it stay a few tens of megabytes.
const ROW_GROUP: usize = 1 << 20;

/// The cells of one column, borrowed from the graph.
pub(crate) enum Values<'a> {
    /// Text in every row.
    Text(Vec<Cow<'a, str>>),
    /// Text or null.
    OptText(Vec<Option<Cow<'a, str>>>),
    /// A list of text (possibly empty) in every row.
    List(Vec<&'a [String]>),
    /// A number or null.
    OptDouble(Vec<Option<f64>>),
    /// A boolean in every row.
    Bool(Vec<bool>),
    /// A boolean or null.
    OptBool(Vec<Option<bool>>),
    /// An unsigned count or null.
    OptU64(Vec<Option<u64>>),
}

impl Values<'_> {
    fn len(&self) -> usize {
        match self {
            Values::Text(v) => v.len(),
            Values::OptText(v) => v.len(),
            Values::List(v) => v.len(),
            Values::OptDouble(v) => v.len(),
            Values::Bool(v) => v.len(),
            Values::OptBool(v) => v.len(),
            Values::OptU64(v) => v.len(),
        }
    }

    /// The column's line in the schema's message type.
    fn schema(&self, name: &str) -> String {
        match self {
            Values::Text(_) => format!("required binary {name} (STRING);"),
            Values::OptText(_) => format!("optional binary {name} (STRING);"),
            // The three-level list every reader knows (Parquet's LogicalTypes.md).
            Values::List(_) => format!(
                "required group {name} (LIST) {{ repeated group list {{ required binary element (STRING); }} }}"
            ),
            Values::OptDouble(_) => format!("optional double {name};"),
            Values::Bool(_) => format!("required boolean {name};"),
            Values::OptBool(_) => format!("optional boolean {name};"),
            Values::OptU64(_) => format!("optional int64 {name} (INTEGER(64,false));"),
        }
    }
}

/// A table: named columns of equal length, and key-value metadata for the file's footer.
#[derive(Default)]
pub(crate) struct Table<'a> {
    columns: Vec<(&'static str, Values<'a>)>,
    metadata: Vec<(String, String)>,
}

impl<'a> Table<'a> {
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
        let rows = self.columns.first().map_or(0, |(_, v)| v.len());
        if let Some((name, _)) = self.columns.iter().find(|(_, v)| v.len() != rows) {
            return Err(ParquetError::General(format!(
                "column `{name}` has a different number of rows"
            )));
        }
        let fields: String = self.columns.iter().map(|(n, v)| v.schema(n)).collect();
        let schema = Arc::new(parse_message_type(&format!(
            "message detente {{ {fields} }}"
        ))?);
        let metadata = (!self.metadata.is_empty()).then(|| {
            self.metadata
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
        let mut start = 0;
        // A table with no rows still gets one (empty) row group, so readers see its schema.
        loop {
            let end = (start + ROW_GROUP).min(rows);
            let mut group = writer.next_row_group()?;
            for (_, values) in &self.columns {
                let Some(mut column) = group.next_column()? else {
                    break;
                };
                write_range(&mut column, values, start, end)?;
                column.close()?;
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

fn text(s: &str) -> ByteArray {
    ByteArray::from(s.as_bytes().to_vec())
}

/// Writes rows `start..end` of `values` into `column`.
fn write_range(
    column: &mut parquet::file::writer::SerializedColumnWriter<'_>,
    values: &Values<'_>,
    start: usize,
    end: usize,
) -> Result<(), ParquetError> {
    match values {
        Values::Text(v) => {
            let cells: Vec<ByteArray> = v[start..end].iter().map(|s| text(s)).collect();
            column
                .typed::<ByteArrayType>()
                .write_batch(&cells, None, None)?;
        }
        Values::OptText(v) => {
            let rows = &v[start..end];
            let cells: Vec<ByteArray> = rows.iter().flatten().map(|s| text(s)).collect();
            let defs = defined(rows);
            column
                .typed::<ByteArrayType>()
                .write_batch(&cells, Some(&defs), None)?;
        }
        Values::List(v) => {
            let mut cells = Vec::new();
            let mut defs = Vec::new();
            let mut reps = Vec::new();
            for list in &v[start..end] {
                if list.is_empty() {
                    // An empty list: one level entry, defined up to the list but holding nothing.
                    defs.push(0);
                    reps.push(0);
                }
                for (i, item) in list.iter().enumerate() {
                    cells.push(text(item));
                    defs.push(1);
                    reps.push(i16::from(i > 0));
                }
            }
            column
                .typed::<ByteArrayType>()
                .write_batch(&cells, Some(&defs), Some(&reps))?;
        }
        Values::OptDouble(v) => {
            let rows = &v[start..end];
            let cells: Vec<f64> = rows.iter().flatten().copied().collect();
            column
                .typed::<DoubleType>()
                .write_batch(&cells, Some(&defined(rows)), None)?;
        }
        Values::Bool(v) => {
            column
                .typed::<BoolType>()
                .write_batch(&v[start..end], None, None)?;
        }
        Values::OptBool(v) => {
            let rows = &v[start..end];
            let cells: Vec<bool> = rows.iter().flatten().copied().collect();
            column
                .typed::<BoolType>()
                .write_batch(&cells, Some(&defined(rows)), None)?;
        }
        Values::OptU64(v) => {
            let rows = &v[start..end];
            // An unsigned 64-bit integer is stored in INT64's bits (the schema says unsigned).
            let cells: Vec<i64> = rows
                .iter()
                .flatten()
                .map(|&n| i64::from_ne_bytes(n.to_ne_bytes()))
                .collect();
            column
                .typed::<Int64Type>()
                .write_batch(&cells, Some(&defined(rows)), None)?;
        }
    }
    Ok(())
}

/// The definition levels of an optional column: 1 where a value is, 0 where it is null.
fn defined<T>(rows: &[Option<T>]) -> Vec<i16> {
    rows.iter().map(|r| i16::from(r.is_some())).collect()
}
