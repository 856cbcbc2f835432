//! Reading a column through its dictionaries: each distinct value once, each row an index.
//!
//! The column reader of the `parquet` crate hands out one `ByteArray` per row, a shared buffer
//! whose reference count goes up and down for every cell: for the ids, kinds and dates of ten
//! million points that is most of the time spent reading a table. Yet such columns are almost
//! always dictionary-encoded (pandas, DuckDB, Spark and `export` all do it), so a row is a small
//! index into the few thousand distinct values of its row group. Here the pages are read as the
//! Parquet format defines them: the dictionary page's values are turned into what the caller
//! wants once, and the data pages' definition levels and indices are decoded straight into it.
//!
//! Only what this needs is handled: a flat, optional or required `BYTE_ARRAY` (or `DOUBLE`:
//! the weights repeat as much as the ids) column whose data
//! pages are version 1 with RLE levels and dictionary-encoded values. Anything else (a column
//! that fell back to plain encoding, version 2 pages, a malformed page, a dictionary value that
//! the caller refuses) gives `None`, and the caller reads the column cell by cell, which reports
//! any problem at its row.

use bytes::Bytes;
use parquet::basic::{Encoding, Type as Physical};
use parquet::column::page::Page;
use parquet::file::reader::{FileReader, SerializedFileReader};

/// Where a column's cells go, one per row, in row order: a vector of options, or a compact
/// column that marks a null its own way ([`super::columns::Indices`], [`super::columns::Numbers`]).
pub(crate) trait Cells<V> {
    /// How many cells it holds.
    fn len(&self) -> usize;
    /// Appends a cell: a value, or a null.
    fn push(&mut self, cell: Option<V>);
    /// Keeps the first `len` cells.
    fn truncate(&mut self, len: usize);
    /// Makes room for `more` cells at once (a column of ten million grown by doubling copies
    /// itself over and over, into memory touched for the first time each time).
    fn reserve(&mut self, more: usize);
    /// Appends the cell `dictionary[k]` for each `k` of `indices`, in order. `None` (with any
    /// number of them appended) when an index is past the dictionary's end.
    fn extend_from_dictionary(&mut self, indices: &[u32], dictionary: &[V]) -> Option<()>
    where
        V: Copy,
    {
        for &k in indices {
            self.push(Some(*dictionary.get(k as usize)?));
        }
        Some(())
    }
}

impl<V> Cells<V> for Vec<Option<V>> {
    fn len(&self) -> usize {
        Vec::len(self)
    }

    fn push(&mut self, cell: Option<V>) {
        Vec::push(self, cell);
    }

    fn truncate(&mut self, len: usize) {
        Vec::truncate(self, len);
    }

    fn reserve(&mut self, more: usize) {
        Vec::reserve(self, more);
    }
}

/// Reads the text column `leaf` of `reader` (which has `rows` rows) into `out`: `entry` makes
/// each dictionary value's `V` once (per row group), and each row gets its value's `V`, or `None`
/// when null. `None` when the column is not one this reads (see the module's notes); `out` may
/// then hold part of the column.
pub(super) fn read<V: Copy>(
    reader: &SerializedFileReader<Bytes>,
    leaf: usize,
    rows: usize,
    mut entry: impl FnMut(&str) -> Option<V>,
    out: &mut impl Cells<V>,
) -> Option<()> {
    let values = |buf: &[u8], n: usize| {
        let mut values = Vec::with_capacity(n);
        let mut at = 0;
        for _ in 0..n {
            let len = usize::try_from(u32_at(buf, at)?).ok()?;
            let text = buf.get(at + 4..(at + 4).checked_add(len)?)?;
            values.push(entry(std::str::from_utf8(text).ok()?)?);
            at += 4 + len;
        }
        Some(values)
    };
    read_pages(reader, leaf, rows, Physical::BYTE_ARRAY, values, out)
}

/// [`read`] for a `DOUBLE` column: its dictionary's values are the numbers themselves.
pub(super) fn read_doubles(
    reader: &SerializedFileReader<Bytes>,
    leaf: usize,
    rows: usize,
    out: &mut impl Cells<f64>,
) -> Option<()> {
    let values = |buf: &[u8], n: usize| {
        buf.get(..n.checked_mul(8)?)?
            .chunks_exact(8)
            .map(|b| Some(f64::from_le_bytes(b.try_into().ok()?)))
            .collect()
    };
    read_pages(reader, leaf, rows, Physical::DOUBLE, values, out)
}

/// Reads the column `leaf`, of the physical type `physical`, through its dictionaries:
/// `dictionary` turns a dictionary page's bytes and number of values into the values.
fn read_pages<V: Copy>(
    reader: &SerializedFileReader<Bytes>,
    leaf: usize,
    rows: usize,
    physical: Physical,
    mut dictionary_of: impl FnMut(&[u8], usize) -> Option<Vec<V>>,
    out: &mut impl Cells<V>,
) -> Option<()> {
    let descr = reader
        .metadata()
        .file_metadata()
        .schema_descr()
        .columns()
        .get(leaf)?
        .clone();
    let max_def = descr.max_def_level();
    if descr.max_rep_level() != 0 || max_def > 1 || descr.physical_type() != physical {
        return None;
    }
    let start = out.len();
    let (mut levels, mut indices) = (Vec::new(), Vec::new());
    for group in 0..reader.num_row_groups() {
        let group = reader.get_row_group(group).ok()?;
        let mut pages = group.get_column_page_reader(leaf).ok()?;
        let mut dictionary: Option<Vec<V>> = None;
        while let Some(page) = pages.get_next_page().ok()? {
            match page {
                Page::DictionaryPage {
                    buf,
                    num_values,
                    encoding: Encoding::PLAIN | Encoding::PLAIN_DICTIONARY,
                    ..
                } => {
                    dictionary = Some(dictionary_of(&buf, usize::try_from(num_values).ok()?)?);
                }
                Page::DataPage {
                    buf,
                    num_values,
                    encoding: Encoding::RLE_DICTIONARY | Encoding::PLAIN_DICTIONARY,
                    def_level_encoding,
                    ..
                } => {
                    let dictionary = dictionary.as_deref()?;
                    let n = usize::try_from(num_values).ok()?;
                    let mut at = 0;
                    levels.clear();
                    let present = if max_def == 1 {
                        if def_level_encoding != Encoding::RLE {
                            return None;
                        }
                        let len = usize::try_from(u32_at(&buf, 0)?).ok()?;
                        hybrid(buf.get(4..4usize.checked_add(len)?)?, 1, n, &mut levels)?;
                        at = 4 + len;
                        levels.iter().filter(|&&l| l == 1).count()
                    } else {
                        n
                    };
                    indices.clear();
                    if present > 0 {
                        let width = *buf.get(at)?;
                        hybrid(buf.get(at + 1..)?, width.into(), present, &mut indices)?;
                    }
                    if present == n {
                        // No null in the page (a required column's pages never have one): the
                        // cells are the indices' values, appended at once.
                        if indices.len() != n {
                            return None;
                        }
                        out.extend_from_dictionary(&indices, dictionary)?;
                    } else {
                        let mut next = indices.iter();
                        for &level in &levels {
                            out.push(match level {
                                1 => Some(*dictionary.get(*next.next()? as usize)?),
                                _ => None,
                            });
                        }
                    }
                }
                _ => return None,
            }
        }
    }
    (out.len() - start == rows).then_some(())
}

/// The little-endian `u32` at `at` in `buf`.
fn u32_at(buf: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(buf.get(at..at + 4)?.try_into().ok()?))
}

/// Decodes `n` values of `width` bits from Parquet's RLE / bit-packed hybrid encoding (the
/// format's Encodings.md) in `data`, appending them to `out`. `None` when `data` ends early or
/// is not this encoding.
fn hybrid(data: &[u8], width: u32, n: usize, out: &mut Vec<u32>) -> Option<()> {
    if width > 32 {
        return None;
    }
    let end = out.len() + n;
    let mask = if width == 32 {
        u64::from(u32::MAX)
    } else {
        (1u64 << width) - 1
    };
    let width = width as usize;
    let mut at = 0;
    while out.len() < end {
        let (header, used) = uleb128(data.get(at..)?)?;
        at += used;
        if header & 1 == 0 {
            // A run: `count` times one value, in the fewest whole bytes that hold `width` bits.
            let count = usize::try_from(header >> 1).ok()?;
            let bytes = width.div_ceil(8);
            let mut value = 0u32;
            for (i, &b) in data.get(at..at + bytes)?.iter().enumerate() {
                value |= u32::from(b) << (8 * i);
            }
            at += bytes;
            out.extend(std::iter::repeat_n(value, count.min(end - out.len())));
        } else {
            // Groups of eight values packed `width` bits each, least significant bit first.
            let groups = usize::try_from(header >> 1).ok()?;
            let bytes = groups.checked_mul(width)?;
            let packed = data.get(at..at.checked_add(bytes)?)?;
            at += bytes;
            let take = groups.checked_mul(8)?.min(end - out.len());
            // The values whose eight bytes from their first lie inside `packed`, which is all
            // but the last few, are each read with one load: value i starts at byte
            // i·width / 8, which is at most len − 8 while i·width < (len − 7)·8.
            let whole = match packed.len().checked_sub(7) {
                Some(room) => (room * 8).div_ceil(width).min(take),
                None => 0,
            };
            out.extend((0..whole).map(|i| {
                let bit = i * width;
                let (byte, shift) = (bit / 8, bit % 8);
                let eight: [u8; 8] = packed[byte..byte + 8].try_into().unwrap_or_default();
                #[allow(clippy::cast_possible_truncation, reason = "masked to at most 32 bits")]
                let value = ((u64::from_le_bytes(eight) >> shift) & mask) as u32;
                value
            }));
            for i in whole..take {
                let bit = i * width;
                let (byte, shift) = (bit / 8, bit % 8);
                let word = match packed.get(byte..byte + 8) {
                    Some(eight) => u64::from_le_bytes(eight.try_into().ok()?),
                    None => packed
                        .get(byte..)?
                        .iter()
                        .rev()
                        .fold(0u64, |w, &b| (w << 8) | u64::from(b)),
                };
                #[allow(clippy::cast_possible_truncation, reason = "masked to at most 32 bits")]
                out.push(((word >> shift) & mask) as u32);
            }
        }
    }
    Some(())
}

/// The unsigned LEB128 number at the start of `data`, and how many bytes it takes.
fn uleb128(data: &[u8]) -> Option<(u64, usize)> {
    let mut value = 0u64;
    for (i, &b) in data.iter().enumerate().take(10) {
        value |= u64::from(b & 0x7f) << (7 * i);
        if b & 0x80 == 0 {
            return Some((value, i + 1));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hybrid_encoding_decodes_as_the_format_defines() {
        // Encodings.md's bit-packing example: 0..=7 in 3 bits is 10001000 11000110 11111010.
        let mut out = Vec::new();
        hybrid(
            &[0b11, 0b1000_1000, 0b1100_0110, 0b1111_1010],
            3,
            8,
            &mut out,
        )
        .unwrap();
        assert_eq!(out, [0, 1, 2, 3, 4, 5, 6, 7]);
        // A run of 5 sevens (header 5 << 1), then the packed group, stopping after n values.
        out.clear();
        let data = [10, 7, 0b11, 0b1000_1000, 0b1100_0110, 0b1111_1010];
        hybrid(&data, 3, 9, &mut out).unwrap();
        assert_eq!(out, [7, 7, 7, 7, 7, 0, 1, 2, 3]);
        // A run of a two-byte value (width 9): 300 = 0x012C, little-endian.
        out.clear();
        hybrid(&[4, 0x2C, 0x01], 9, 2, &mut out).unwrap();
        assert_eq!(out, [300, 300]);
        // Widths up to 32 bits, packed across byte boundaries.
        let values: Vec<u32> = (0..8).map(|i| 0x8000_0001u32.wrapping_mul(i + 1)).collect();
        let mut packed = vec![0b11];
        for v in &values {
            packed.extend_from_slice(&v.to_le_bytes());
        }
        out.clear();
        hybrid(&packed, 32, 8, &mut out).unwrap();
        assert_eq!(out, values);
    }

    /// Packs `values` `width` bits each, least significant bit first, as one bit-packed run of
    /// the hybrid encoding (zeros fill its last group of eight).
    fn bit_packed(values: &[u32], width: usize) -> Vec<u8> {
        let groups = values.len().div_ceil(8);
        let mut bits = vec![0u8; groups * width];
        for (i, &v) in values.iter().enumerate() {
            for b in 0..width {
                if v >> b & 1 == 1 {
                    let at = i * width + b;
                    bits[at / 8] |= 1 << (at % 8);
                }
            }
        }
        let mut data = Vec::new();
        let mut header = (groups as u64) << 1 | 1;
        loop {
            let byte = (header & 0x7f) as u8;
            header >>= 7;
            if header == 0 {
                data.push(byte);
                break;
            }
            data.push(byte | 0x80);
        }
        data.extend(bits);
        data
    }

    proptest::proptest! {
        /// Long bit-packed runs, read mostly a word at a time and their last values byte by
        /// byte, decode to what was packed, at every width and whatever the count.
        #[test]
        fn long_bit_packed_runs_decode_to_what_was_packed(
            width in 1usize..=32,
            seeds in proptest::collection::vec(proptest::num::u32::ANY, 0..600),
            cut in 0usize..8,
        ) {
            let mask = if width == 32 { u32::MAX } else { (1 << width) - 1 };
            let values: Vec<u32> = seeds.iter().map(|s| s & mask).collect();
            let data = bit_packed(&values, width);
            // Fewer values than the groups hold: the decoder stops at `n`.
            let n = values.len().saturating_sub(cut);
            let mut out = vec![7];
            proptest::prop_assert_eq!(hybrid(&data, width as u32, n, &mut out), Some(()));
            proptest::prop_assert_eq!(out[0], 7);
            proptest::prop_assert_eq!(&out[1..], &values[..n]);
            // A run cut short is refused, not read past its end.
            if n > 0 {
                let short = &data[..data.len() - 1];
                let mut out = Vec::new();
                let got = hybrid(short, width as u32, values.len().div_ceil(8) * 8, &mut out);
                proptest::prop_assert_eq!(got, None);
            }
        }
    }

    /// Each row's text, read cell by cell (the way every column can be read).
    fn cells(table: &super::super::columns::Table, column: &str) -> Vec<Option<String>> {
        table.texts(column).unwrap().unwrap()
    }

    #[test]
    fn an_exported_table_reads_through_its_dictionaries_as_cell_by_cell() {
        let graph = crate::load::load_path(std::path::Path::new("graphs/us-belarus.yaml")).unwrap();
        // Row groups of 3 rows: dictionaries change at every third row, and `note` has nulls.
        let bytes = crate::export::parquet::relations_grouped(&graph, 3).unwrap();
        let table = super::super::columns::Table::open("points.parquet", bytes).unwrap();
        let reader = table.reader_for_tests();
        for column in ["from", "to", "kind", "date", "note"] {
            let leaf = table.leaf_for_tests(column).unwrap();
            let mut by_index = Vec::new();
            let mut texts: Vec<String> = Vec::new();
            let read = read(
                reader,
                leaf,
                table.rows(),
                |t| {
                    texts.push(t.to_string());
                    Some(texts.len() - 1)
                },
                &mut by_index,
            );
            assert_eq!(read, Some(()), "{column} is dictionary-encoded");
            let through: Vec<Option<String>> = by_index
                .iter()
                .map(|i| i.map(|i| texts[i].clone()))
                .collect();
            assert_eq!(through, cells(&table, column), "{column}");
            if column == "note" {
                assert!(through.iter().any(Option::is_none) && through.iter().any(Option::is_some));
            }
        }
        // A number column too: the weights (null on the ends) through their dictionaries are
        // the weights cell by cell.
        use parquet::record::RowAccessor;
        let leaf = table.leaf_for_tests("weight").unwrap();
        let mut weights = Vec::new();
        assert_eq!(
            read_doubles(reader, leaf, table.rows(), &mut weights),
            Some(())
        );
        let column = reader
            .metadata()
            .file_metadata()
            .schema_descr()
            .columns()
            .iter()
            .position(|c| c.name() == "weight")
            .unwrap();
        let one_by_one: Vec<Option<f64>> =
            parquet::file::reader::FileReader::get_row_iter(reader, None)
                .unwrap()
                .map(|row| row.unwrap().get_double(column).ok())
                .collect();
        assert_eq!(weights, one_by_one);
        assert!(weights.contains(&None) && weights.iter().flatten().count() > 50);
        // And what the loader makes of them is what it made cell by cell.
        let (rows, names) = table.interned("from").unwrap().unwrap();
        let named: Vec<Option<String>> = (0..table.rows())
            .map(|row| rows.get(row).map(|i| names[i as usize].to_string()))
            .collect();
        assert_eq!(named, cells(&table, "from"));
    }

    #[test]
    fn a_plain_encoded_column_is_left_to_the_cell_by_cell_reader() {
        use parquet::data_type::{ByteArray, ByteArrayType};
        use parquet::file::properties::WriterProperties;
        use parquet::file::writer::SerializedFileWriter;
        let schema = std::sync::Arc::new(
            parquet::schema::parser::parse_message_type(
                "message t { optional binary id (STRING); }",
            )
            .unwrap(),
        );
        let properties = std::sync::Arc::new(
            WriterProperties::builder()
                .set_dictionary_enabled(false)
                .build(),
        );
        let mut bytes = Vec::new();
        let mut writer = SerializedFileWriter::new(&mut bytes, schema, properties).unwrap();
        let mut group = writer.next_row_group().unwrap();
        let mut column = group.next_column().unwrap().unwrap();
        let values: Vec<ByteArray> = ["USA", "BLR", "USA"].map(ByteArray::from).to_vec();
        column
            .typed::<ByteArrayType>()
            .write_batch(&values, Some(&[1, 1, 0, 1]), None)
            .unwrap();
        column.close().unwrap();
        group.close().unwrap();
        writer.close().unwrap();
        let table = super::super::columns::Table::open("ids.parquet", bytes).unwrap();
        let leaf = table.leaf_for_tests("id").unwrap();
        let mut out: Vec<Option<u8>> = Vec::new();
        assert_eq!(
            read(table.reader_for_tests(), leaf, 4, |_| Some(0), &mut out),
            None
        );
        let (rows, names) = table.interned("id").unwrap().unwrap();
        let named: Vec<Option<&str>> = (0..4)
            .map(|row| rows.get(row).map(|i| names[i as usize].as_str()))
            .collect();
        assert_eq!(named, [Some("USA"), Some("BLR"), None, Some("USA")]);
    }

    #[test]
    fn short_or_broken_data_is_none_never_a_panic() {
        let mut out = Vec::new();
        assert_eq!(hybrid(&[], 3, 1, &mut out), None);
        assert_eq!(hybrid(&[0b11, 0b1000_1000], 3, 8, &mut out), None);
        assert_eq!(hybrid(&[0xff; 12], 3, 1, &mut out), None);
        assert_eq!(hybrid(&[2, 1], 33, 1, &mut out), None);
        // Zero-length runs do not loop for ever: the data runs out.
        assert_eq!(hybrid(&[0, 0, 0, 0], 8, 1, &mut out), None);
        assert_eq!(uleb128(&[0x80, 0x80]), None);
        assert_eq!(uleb128(&[0xE5, 0x8E, 0x26]), Some((624_485, 3)));
    }
}
