//! Text columns in every row (ids, kinds, dates) written as dictionary-encoded column chunks
//! directly, page by page.
//!
//! The crate's column writer interns every cell anew (a hash and a comparison of its bytes) and
//! compares it with the chunk's minimum and maximum: at ten million points, most of the time of
//! writing the points table. These columns repeat a few distinct texts (a tie's ends and kind on
//! each of its points, a few thousand dates), so here each row finds its text's place in the
//! dictionary from the row before (the same text, by address) or in a hash map keyed by the text
//! itself, and the chunk's minimum and maximum are those of the dictionary.
//!
//! The chunk is what the crate writes for such a column (format v1): a dictionary page of the
//! distinct texts in order of first appearance (PLAIN), then data pages of at most
//! [`PAGE_ROWS`] rows holding their places (RLE_DICTIONARY: a byte of bit width, then the
//! RLE/bit-packed hybrid of the format's Encodings.md), every page Snappy-compressed, with an
//! offset index. A column whose dictionary would pass [`DICTIONARY_LIMIT`] bytes is left to the
//! crate's writer, which falls back to plain pages.

use std::collections::HashMap;

use bytes::Bytes;
use parquet::basic::{Compression, Encoding};
use parquet::column::page::{CompressedPage, Page, PageWriter};
use parquet::column::writer::ColumnCloseResult;
use parquet::data_type::ByteArray;
use parquet::errors::ParquetError;
use parquet::file::metadata::{ColumnChunkMetaData, OffsetIndexBuilder};
use parquet::file::statistics::Statistics;
use parquet::file::writer::{SerializedPageWriter, TrackedWrite};
use parquet::schema::types::ColumnDescPtr;

/// Rows of a data page at most: the crate's default (`data_page_row_count_limit`).
const PAGE_ROWS: usize = 20_000;

/// The largest dictionary written here, in bytes as stored (each text and its 4-byte length).
/// A column of mostly distinct texts (free notes) gains nothing from a dictionary.
pub(super) const DICTIONARY_LIMIT: usize = 8 << 20;

/// Minimum and maximum longer than this are left out of the statistics (the crate truncates
/// them at this length; a reader gains little from longer ones).
const STATISTICS_LIMIT: usize = 64;

/// The distinct texts of a column chunk and each row's place among them.
pub(super) struct Indexed<'t> {
    /// Distinct texts in order of first appearance.
    dictionary: Vec<&'t str>,
    /// Each row's place in `dictionary`.
    places: Vec<u32>,
}

impl<'t> Indexed<'t> {
    /// The rows' texts indexed, or `None` when the dictionary would pass [`DICTIONARY_LIMIT`].
    /// A row holding the very text of the row before (one allocation, as a tie's ends are on
    /// each of its points) is placed without hashing.
    pub(super) fn of(rows: impl ExactSizeIterator<Item = &'t str>) -> Option<Indexed<'t>> {
        let len = rows.len();
        Indexed::of_runs(rows.map(|text| (text, 1)), len)
    }

    /// [`Indexed::of`] for `rows` rows given as runs of rows holding one text (a tie's ends and
    /// kind on each of its points): each run's text is placed once.
    pub(super) fn of_runs(
        runs: impl Iterator<Item = (&'t str, usize)>,
        rows: usize,
    ) -> Option<Indexed<'t>> {
        let mut seen: HashMap<&str, u32, foldhash::fast::FixedState> = HashMap::default();
        let mut dictionary = Vec::new();
        let mut places = Vec::with_capacity(rows);
        let mut bytes = 0usize;
        let mut last: Option<(&str, u32)> = None;
        for (text, run) in runs.filter(|&(_, run)| run > 0) {
            let place = match last {
                Some((l, place)) if std::ptr::eq(l, text) => place,
                _ => match seen.get(text) {
                    Some(&place) => place,
                    None => {
                        bytes += 4 + text.len();
                        if bytes > DICTIONARY_LIMIT {
                            return None;
                        }
                        let place = u32::try_from(dictionary.len()).ok()?;
                        dictionary.push(text);
                        seen.insert(text, place);
                        place
                    }
                },
            };
            places.extend(std::iter::repeat_n(place, run));
            last = Some((text, place));
        }
        Some(Indexed { dictionary, places })
    }

    /// The same for a column of few distinct values of another type, each written as text
    /// (`name`) once.
    pub(super) fn of_values<V: Copy + Eq + std::hash::Hash>(
        rows: &[V],
        name: impl Fn(V) -> String,
        names: &'t mut Vec<String>,
    ) -> Option<Indexed<'t>> {
        let mut seen: HashMap<V, u32, foldhash::fast::FixedState> = HashMap::default();
        let mut bytes = 0usize;
        let mut places = Vec::with_capacity(rows.len());
        for &v in rows {
            let next = u32::try_from(seen.len()).ok()?;
            let place = *seen.entry(v).or_insert_with(|| {
                let text = name(v);
                bytes += 4 + text.len();
                names.push(text);
                next
            });
            if bytes > DICTIONARY_LIMIT {
                return None;
            }
            places.push(place);
        }
        let names: &'t Vec<String> = names;
        let dictionary = names.iter().map(String::as_str).collect();
        Some(Indexed { dictionary, places })
    }

    /// The column chunk: its bytes, and what its row group needs to append it.
    pub(super) fn encode(
        &self,
        leaf: &ColumnDescPtr,
    ) -> Result<(Bytes, ColumnCloseResult), ParquetError> {
        let mut sink = TrackedWrite::new(Vec::new());
        let mut offsets = OffsetIndexBuilder::new();
        let (mut compressed, mut uncompressed) = (0usize, 0usize);
        let mut data_page_offset = None;
        {
            let mut pages = SerializedPageWriter::new(&mut sink);
            let mut buffer = Vec::new();
            let mut write = |page: Page,
                             raw: usize,
                             pages: &mut SerializedPageWriter<'_, Vec<u8>>|
             -> Result<_, ParquetError> {
                let spec = pages.write_page(CompressedPage::new(page, raw))?;
                compressed += spec.compressed_size;
                uncompressed += spec.uncompressed_size;
                Ok(spec)
            };
            for text in &self.dictionary {
                let len = u32::try_from(text.len()).map_err(|_| too_long())?;
                buffer.extend_from_slice(&len.to_le_bytes());
                buffer.extend_from_slice(text.as_bytes());
            }
            let page = Page::DictionaryPage {
                buf: snappy(&buffer)?,
                num_values: u32::try_from(self.dictionary.len()).map_err(|_| too_long())?,
                encoding: Encoding::PLAIN,
                is_sorted: false,
            };
            write(page, buffer.len(), &mut pages)?;
            let width = bit_width(self.dictionary.len());
            for rows in self.places.chunks(PAGE_ROWS) {
                buffer.clear();
                buffer.push(width);
                hybrid(rows, width, &mut buffer);
                let page = Page::DataPage {
                    buf: snappy(&buffer)?,
                    num_values: u32::try_from(rows.len()).map_err(|_| too_long())?,
                    encoding: Encoding::RLE_DICTIONARY,
                    def_level_encoding: Encoding::RLE,
                    rep_level_encoding: Encoding::RLE,
                    statistics: None,
                };
                let spec = write(page, buffer.len(), &mut pages)?;
                let offset = i64::try_from(spec.offset).map_err(|_| too_long())?;
                data_page_offset.get_or_insert(offset);
                let size = i32::try_from(spec.compressed_size).map_err(|_| too_long())?;
                offsets.append_offset_and_size(offset, size);
                offsets.append_row_count(rows.len() as i64);
            }
            pages.close()?;
        }
        let size = |n: usize| i64::try_from(n).map_err(|_| too_long());
        let rows = size(self.places.len())?;
        let mut metadata = ColumnChunkMetaData::builder(leaf.clone())
            .set_compression(Compression::SNAPPY)
            .set_encodings(vec![
                Encoding::PLAIN,
                Encoding::RLE,
                Encoding::RLE_DICTIONARY,
            ])
            .set_total_compressed_size(size(compressed)?)
            .set_total_uncompressed_size(size(uncompressed)?)
            .set_num_values(rows)
            .set_dictionary_page_offset(Some(0))
            // With no rows, no data page: the crate says 0 then too.
            .set_data_page_offset(data_page_offset.unwrap_or(0));
        if let Some(statistics) = self.statistics() {
            metadata = metadata.set_statistics(statistics);
        }
        let bytes = Bytes::from(sink.into_inner()?);
        let close = ColumnCloseResult {
            bytes_written: bytes.len() as u64,
            rows_written: self.places.len() as u64,
            metadata: metadata.build()?,
            bloom_filter: None,
            column_index: None,
            offset_index: Some(offsets.build()),
        };
        Ok((bytes, close))
    }

    /// The chunk's minimum and maximum (in byte order, as the format orders text) and no
    /// nulls; `None` for an empty chunk or one whose extremes pass [`STATISTICS_LIMIT`].
    fn statistics(&self) -> Option<Statistics> {
        let min = self
            .dictionary
            .iter()
            .min_by(|a, b| a.as_bytes().cmp(b.as_bytes()))?;
        let max = self
            .dictionary
            .iter()
            .max_by(|a, b| a.as_bytes().cmp(b.as_bytes()))?;
        if min.len() > STATISTICS_LIMIT || max.len() > STATISTICS_LIMIT {
            return None;
        }
        let text = |s: &str| ByteArray::from(s.as_bytes().to_vec());
        Some(Statistics::byte_array(
            Some(text(min)),
            Some(text(max)),
            None,
            Some(0),
            false,
        ))
    }
}

fn too_long() -> ParquetError {
    ParquetError::General("a column chunk too large for a Parquet page".to_string())
}

/// `raw` compressed as a Parquet Snappy page (the raw Snappy block format).
fn snappy(raw: &[u8]) -> Result<Bytes, ParquetError> {
    snap::raw::Encoder::new()
        .compress_vec(raw)
        .map(Bytes::from)
        .map_err(|e| ParquetError::General(format!("Snappy: {e}")))
}

/// The bits each place takes in a dictionary of `len` texts (0 for one text).
fn bit_width(len: usize) -> u8 {
    let largest = len.saturating_sub(1) as u64;
    (u64::BITS - largest.leading_zeros()) as u8
}

/// How many rows from `at` on hold the value at `at`, counting at most `most`.
fn run_at(values: &[u32], at: usize, most: usize) -> usize {
    let Some(&first) = values.get(at) else {
        return 0;
    };
    values[at..]
        .iter()
        .take(most)
        .take_while(|&&v| v == first)
        .count()
}

/// Appends `values` (each below 2^`width`) in the RLE/bit-packed hybrid encoding: a run of 8 or
/// more equal values as one repeated value, the rest bit-packed in groups of 8 (the last group
/// padded with zeros, which a reader ignores past the page's count of values).
fn hybrid(values: &[u32], width: u8, out: &mut Vec<u8>) {
    let value_bytes = usize::from(width.div_ceil(8));
    let mut at = 0;
    while at < values.len() {
        let run = run_at(values, at, usize::MAX);
        if run >= 8 {
            uleb128((run as u64) << 1, out);
            out.extend_from_slice(&values[at].to_le_bytes()[..value_bytes]);
            at += run;
            continue;
        }
        // Groups of 8 until the values end or a run of 8 starts.
        let start = at;
        let mut groups = 0u64;
        loop {
            at += 8;
            groups += 1;
            if at >= values.len() || run_at(values, at, 8) == 8 {
                break;
            }
        }
        uleb128((groups << 1) | 1, out);
        let end = at.min(values.len());
        let padded = values[start..end]
            .iter()
            .copied()
            .chain(std::iter::repeat(0))
            .take(at - start);
        let (mut bits, mut held) = (0u64, 0u32);
        for v in padded {
            bits |= u64::from(v) << held;
            held += u32::from(width);
            while held >= 8 {
                out.push(bits as u8);
                bits >>= 8;
                held -= 8;
            }
        }
    }
}

/// `n` as an unsigned LEB128 varint (the hybrid encoding's run headers).
fn uleb128(mut n: u64, out: &mut Vec<u8>) {
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// `bytes` decoded as the hybrid encoding of `count` values of `width` bits, written out
    /// from the format's description (not from the encoder above).
    fn decoded(bytes: &[u8], width: u8, count: usize) -> Vec<u32> {
        let mut out = Vec::new();
        let mut at = 0;
        while out.len() < count {
            let (mut header, mut shift) = (0u64, 0);
            loop {
                let b = bytes[at];
                at += 1;
                header |= u64::from(b & 0x7f) << shift;
                shift += 7;
                if b & 0x80 == 0 {
                    break;
                }
            }
            if header & 1 == 0 {
                let n = (header >> 1) as usize;
                let mut v = 0u32;
                for i in 0..usize::from(width.div_ceil(8)) {
                    v |= u32::from(bytes[at + i]) << (8 * i);
                }
                at += usize::from(width.div_ceil(8));
                out.extend(std::iter::repeat_n(v, n));
            } else {
                let n = (header >> 1) as usize * 8;
                for i in 0..n {
                    let mut v = 0u32;
                    for b in 0..usize::from(width) {
                        let bit = i * usize::from(width) + b;
                        v |= u32::from((bytes[at + bit / 8] >> (bit % 8)) & 1) << b;
                    }
                    out.push(v);
                }
                at += n * usize::from(width) / 8;
            }
        }
        assert_eq!(at, bytes.len(), "every byte is used");
        out.truncate(count);
        out
    }

    #[test]
    fn bit_widths_fit_the_largest_place() {
        assert_eq!(bit_width(0), 0);
        assert_eq!(bit_width(1), 0);
        assert_eq!(bit_width(2), 1);
        assert_eq!(bit_width(256), 8);
        assert_eq!(bit_width(257), 9);
        assert_eq!(bit_width(70_000), 17);
    }

    #[test]
    fn runs_are_repeated_and_the_rest_bit_packed() {
        let mut out = Vec::new();
        hybrid(&[5; 10], 3, &mut out);
        // One run of ten fives: header 10 << 1, the value in one byte.
        assert_eq!(out, [20, 5]);
        out.clear();
        hybrid(&[1, 2, 3], 2, &mut out);
        // One group of 8 (padded): header 1 << 1 | 1, then 1, 2, 3, 0... in 2 bits each.
        assert_eq!(out, [3, 0b11_10_01, 0]);
        out.clear();
        uleb128(300, &mut out);
        assert_eq!(out, [0xac, 0x02]);
    }

    proptest! {
        #[test]
        fn the_hybrid_encoding_decodes_to_the_values(
            runs in proptest::collection::vec((0u32..70_000, 1usize..20), 0..200),
            width in 17u8..=32,
        ) {
            let values: Vec<u32> = runs.iter().flat_map(|&(v, n)| std::iter::repeat_n(v, n)).collect();
            let mut out = Vec::new();
            hybrid(&values, width, &mut out);
            prop_assert_eq!(decoded(&out, width, values.len()), values);
        }

        #[test]
        fn narrow_places_decode_too(
            runs in proptest::collection::vec((0u32..2, 1usize..12), 0..100),
        ) {
            let values: Vec<u32> = runs.iter().flat_map(|&(v, n)| std::iter::repeat_n(v, n)).collect();
            for width in [1u8, 7, 8] {
                let mut out = Vec::new();
                hybrid(&values, width, &mut out);
                prop_assert_eq!(decoded(&out, width, values.len()), values.clone());
            }
        }
    }

    #[test]
    fn one_distinct_text_takes_no_bits() {
        let mut out = Vec::new();
        hybrid(&[0; 3], 0, &mut out);
        assert_eq!(out, [3]);
        assert_eq!(decoded(&out, 0, 3), [0, 0, 0]);
    }

    #[test]
    fn a_dictionary_past_the_limit_is_refused() {
        let texts: Vec<String> = (0..DICTIONARY_LIMIT / 1000 + 2)
            .map(|i| format!("{i:01000}"))
            .collect();
        assert!(Indexed::of(texts.iter().map(String::as_str)).is_none());
        let few = Indexed::of(texts.iter().take(3).map(String::as_str)).unwrap();
        assert_eq!(few.places, [0, 1, 2]);
    }

    #[test]
    fn rows_of_one_text_share_a_place_whether_or_not_they_share_its_allocation() {
        let a = String::from("USA");
        let a_again = String::from("USA");
        let b = String::from("BLR");
        let indexed =
            Indexed::of([a.as_str(), a.as_str(), b.as_str(), a_again.as_str()].into_iter())
                .unwrap();
        assert_eq!(indexed.dictionary, ["USA", "BLR"]);
        assert_eq!(indexed.places, [0, 0, 1, 0]);
        let stats = indexed.statistics().unwrap();
        assert_eq!(stats.min_bytes_opt(), Some(&b"BLR"[..]));
        assert_eq!(stats.max_bytes_opt(), Some(&b"USA"[..]));
    }

    /// Every row of `bytes`' columns as text, read by the crate's own reader.
    fn read_back(bytes: Vec<u8>) -> Vec<Vec<String>> {
        use parquet::file::reader::{FileReader, SerializedFileReader};
        use parquet::record::RowAccessor;
        let reader = SerializedFileReader::new(Bytes::from(bytes)).unwrap();
        let columns = reader
            .metadata()
            .file_metadata()
            .schema_descr()
            .num_columns();
        reader
            .get_row_iter(None)
            .unwrap()
            .map(|row| {
                let row = row.unwrap();
                (0..columns)
                    .map(|i| row.get_string(i).unwrap().clone())
                    .collect()
            })
            .collect()
    }

    #[test]
    fn a_reader_gets_back_every_row_across_pages_and_row_groups() {
        use super::super::table::{Table, Values};
        use std::borrow::Cow;
        // Runs of a few rows, 300 texts (9 bits), dates repeating; more rows than a page holds.
        let texts: Vec<String> = (0..300)
            .map(|i| format!("A{:05}", i * 7919 % 300))
            .collect();
        let rows = 3 * PAGE_ROWS + 123;
        let text_of = |r: usize| texts[(r / 3) % texts.len()].as_str();
        let dates: Vec<crate::model::Date> = (0..rows)
            .map(|r| {
                format!("{}-{:02}", 1990 + r % 30, 1 + r / 7 % 12)
                    .parse()
                    .unwrap()
            })
            .collect();
        let table = Table::default()
            .column(
                "id",
                Values::Text((0..rows).map(|r| Cow::Borrowed(text_of(r))).collect()),
            )
            .column("date", Values::Dates(dates.clone()));
        let got = read_back(table.write_grouped(PAGE_ROWS * 2).unwrap());
        let wanted: Vec<Vec<String>> = (0..rows)
            .map(|r| vec![text_of(r).to_string(), dates[r].to_string()])
            .collect();
        assert!(got == wanted);
    }

    #[test]
    fn texts_too_many_for_a_dictionary_are_written_by_the_crate_and_read_back() {
        use super::super::table::{Table, Values};
        use std::borrow::Cow;
        let texts: Vec<String> = (0..DICTIONARY_LIMIT / 1000 + 2)
            .map(|i| format!("{i:01000}"))
            .collect();
        let table = Table::default().column(
            "note",
            Values::Text(texts.iter().map(|t| Cow::Borrowed(t.as_str())).collect()),
        );
        let got = read_back(table.write().unwrap());
        assert!(got.iter().map(|row| &row[0]).eq(texts.iter()));
    }

    #[test]
    fn extremes_longer_than_a_reader_wants_are_left_out_of_the_statistics() {
        use super::super::table::{Table, Values};
        use std::borrow::Cow;
        let long = "Z".repeat(STATISTICS_LIMIT + 1);
        let texts = ["A", long.as_str()];
        assert!(
            Indexed::of(texts.into_iter())
                .unwrap()
                .statistics()
                .is_none()
        );
        let short = Indexed::of(["B", "A"].into_iter())
            .unwrap()
            .statistics()
            .unwrap();
        assert_eq!(short.min_bytes_opt(), Some(&b"A"[..]));
        assert_eq!(short.null_count_opt(), Some(0));
        // The chunk is read back all the same.
        let table = Table::default().column(
            "id",
            Values::Text(texts.iter().map(|t| Cow::Borrowed(*t)).collect()),
        );
        let got = read_back(table.write().unwrap());
        assert!(got.iter().map(|row| row[0].as_str()).eq(texts));
    }

    /// Asserts that `runs` are written as their rows one by one are, in row groups of `group`
    /// rows (which slice the runs), and read back as those rows.
    fn runs_written_as_rows(runs: &[(&str, usize)], group: usize) {
        use super::super::table::{Table, Values};
        use std::borrow::Cow;
        let rows: Vec<Cow<str>> = runs
            .iter()
            .flat_map(|&(t, n)| std::iter::repeat_n(Cow::Borrowed(t), n))
            .collect();
        let as_runs = Table::default().column("id", Values::Runs(runs.to_vec()));
        let as_rows = Table::default().column("id", Values::Text(rows.clone()));
        let bytes = as_runs.write_grouped(group).unwrap();
        assert!(bytes == as_rows.write_grouped(group).unwrap());
        let got = read_back(bytes);
        assert!(
            got.iter()
                .map(|row| row[0].as_str())
                .eq(rows.iter().map(|r| r.as_ref()))
        );
    }

    proptest! {
        /// Runs of rows holding one text (empty runs among them) are written exactly as the same
        /// rows one by one, in one row group or several.
        #[test]
        fn runs_are_written_as_their_rows_are(
            runs in prop::collection::vec((0usize..6, 0usize..5), 0..40),
            group in 1usize..9,
        ) {
            let texts: Vec<String> = (0..6).map(|i| format!("t{i}")).collect();
            let runs: Vec<(&str, usize)> = runs.iter().map(|&(t, n)| (texts[t].as_str(), n)).collect();
            runs_written_as_rows(&runs, group);
        }
    }

    #[test]
    fn runs_of_texts_too_many_for_a_dictionary_are_written_as_their_rows_are() {
        let texts: Vec<String> = (0..5)
            .map(|i| format!("{i}{}", "x".repeat(DICTIONARY_LIMIT / 4)))
            .collect();
        let runs: Vec<(&str, usize)> = texts.iter().map(|t| (t.as_str(), 2)).collect();
        assert!(Indexed::of_runs(runs.iter().copied(), 10).is_none());
        runs_written_as_rows(&runs, 4);
    }

    #[test]
    fn an_empty_column_is_a_valid_chunk() {
        use super::super::table::{Table, Values};
        let table = Table::default().column("id", Values::Text(Vec::new()));
        assert!(read_back(table.write().unwrap()).is_empty());
    }
}
