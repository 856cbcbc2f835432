//! Reading GDELT 2.0 exports fast: a dump is gigabytes of 61-column lines of which eight columns
//! matter, so lines are split at their tabs in place, only the columns read are looked at (as
//! text borrowed from the buffer), and the buffer is cut into pieces parsed on every core, whose
//! events are then counted in file order, so the result is the same as one line after another.
//!
//! A line ends at `\n`, `\r` or `\r\n`, and empty lines are skipped, as the CSV reader of the
//! other formats does; a row's line number counts the `\n`s before it.

use std::io::Read;

use rayon::prelude::*;

use super::{Aggregate, Columns, Event, Fields, Periods, gdelt as layout};
use crate::load::{Diagnostic, Position};

/// The bytes read at a time: large enough to share out among the cores, small enough that
/// memory does not grow with the file.
const BATCH: usize = 16 << 20;

/// The bytes each core parses at a time (cut at a line's end).
const PIECE: usize = 1 << 20;

/// Reads the export from `reader` and counts its events into `aggregate`; the malformed rows go
/// to `malformed` (all of them with [`super::Options::strict`], else the first
/// [`super::LISTED`]), and their number is returned.
pub(super) fn read(
    aggregate: &mut Aggregate,
    columns: &Columns,
    reader: impl Read,
    malformed: &mut Vec<Diagnostic>,
) -> std::io::Result<usize> {
    read_in(aggregate, columns, reader, malformed, (BATCH, PIECE))
}

/// [`read`] in batches and pieces of the sizes given (small ones in tests).
fn read_in(
    aggregate: &mut Aggregate,
    columns: &Columns,
    mut reader: impl Read,
    malformed: &mut Vec<Diagnostic>,
    (batch, piece): (usize, usize),
) -> std::io::Result<usize> {
    let keep = if aggregate.options.strict {
        usize::MAX
    } else {
        super::LISTED
    };
    let mut total = 0;
    let mut buffer: Vec<u8> = Vec::with_capacity(batch);
    // One cache of days per piece of a batch, kept from batch to batch.
    let mut periods: Vec<Periods> = Vec::new();
    // The line the buffer starts on.
    let mut line: u64 = 1;
    let mut done = false;
    // How full the buffer is to be: a batch, or more while a line is longer than that.
    let mut want = batch;
    while !done {
        // Fill the buffer (after what the last batch left of an unfinished line).
        while buffer.len() < want {
            let start = buffer.len();
            buffer.resize(want.max(start + piece), 0);
            let n = read_some(&mut reader, &mut buffer[start..])?;
            buffer.truncate(start + n);
            if n == 0 {
                done = true;
                break;
            }
        }
        // The batch ends after its last `\n` (all of it at the end of the input); the rest waits
        // for the next one. A batch with no `\n` at all is one long line: read on.
        let end = if done {
            buffer.len()
        } else {
            match buffer.iter().rposition(|b| *b == b'\n') {
                Some(i) => i + 1,
                None => {
                    want = buffer.len() + batch;
                    continue;
                }
            }
        };
        let pieces = pieces(&buffer[..end], piece);
        if periods.len() < pieces.len() {
            periods.resize_with(pieces.len(), || Periods::new(aggregate.options.period));
        }
        let options = &aggregate.options;
        let parsed: Vec<Parsed<'_>> = pieces
            .par_iter()
            .zip(periods.par_iter_mut())
            .map(|(piece, periods)| parse(piece, columns, options, periods))
            .collect();
        for piece in &parsed {
            for (at, event) in &piece.rows {
                match event {
                    Ok(Event::Counted(row)) => aggregate.count(row),
                    Ok(Event::LeftOut | Event::Unknown(_)) => {}
                    Err(why) => {
                        total += 1;
                        if malformed.len() < keep {
                            let at = Position {
                                line: u32::try_from(line + at).unwrap_or(u32::MAX),
                                column: 1,
                            };
                            malformed.push(Diagnostic::new(Some(at), why.clone()));
                        }
                    }
                }
            }
            line += piece.newlines;
        }
        drop(parsed);
        buffer.drain(..end);
        want = batch;
    }
    Ok(total)
}

/// Reads into `buffer`, trying again when interrupted.
fn read_some(reader: &mut impl Read, buffer: &mut [u8]) -> std::io::Result<usize> {
    loop {
        match reader.read(buffer) {
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            other => return other,
        }
    }
}

/// `bytes` cut into pieces of about `size` bytes, each ending after a `\n` (the last where
/// `bytes` ends).
fn pieces(bytes: &[u8], size: usize) -> Vec<&[u8]> {
    let mut pieces = Vec::with_capacity(bytes.len() / size + 1);
    let mut rest = bytes;
    while rest.len() > size {
        match rest[size..].iter().position(|b| *b == b'\n') {
            Some(i) => {
                let (piece, after) = rest.split_at(size + i + 1);
                pieces.push(piece);
                rest = after;
            }
            None => break,
        }
    }
    pieces.push(rest);
    pieces
}

/// The rows of one piece: each event (or why its row is malformed) with the row's line counted
/// from the piece's first, and the number of lines the piece ends.
struct Parsed<'a> {
    rows: Vec<(u64, Result<Event<'a>, String>)>,
    newlines: u64,
}

fn parse<'a>(
    piece: &'a [u8],
    columns: &Columns,
    options: &super::Options,
    periods: &mut Periods,
) -> Parsed<'a> {
    let mut rows = Vec::with_capacity(piece.len() / 256);
    let mut newlines = 0;
    let mut start = 0;
    let mut tabs = Tabs::new();
    for (i, b) in piece.iter().enumerate() {
        match *b {
            b'\t' => tabs.push(i - start),
            b'\n' | b'\r' => {
                if i > start {
                    let line = Line::new(&piece[start..i], &tabs);
                    rows.push((newlines, columns.event(line, options, periods)));
                }
                newlines += u64::from(*b == b'\n');
                start = i + 1;
                tabs.count = 0;
            }
            _ => {}
        }
    }
    if start < piece.len() {
        let line = Line::new(&piece[start..], &tabs);
        rows.push((newlines, columns.event(line, options, periods)));
    }
    Parsed { rows, newlines }
}

/// Where a line's first tabs are, and how many it has.
#[derive(Clone, Copy)]
struct Tabs {
    at: [usize; layout::COLUMNS],
    count: usize,
}

impl Tabs {
    fn new() -> Tabs {
        Tabs {
            at: [0; layout::COLUMNS],
            count: 0,
        }
    }

    fn push(&mut self, at: usize) {
        if let Some(slot) = self.at.get_mut(self.count) {
            *slot = at;
        }
        self.count += 1;
    }
}

/// A line of the export with its fields found.
struct Line<'a, 't> {
    text: &'a [u8],
    tabs: &'t Tabs,
}

impl<'a, 't> Line<'a, 't> {
    fn new(text: &'a [u8], tabs: &'t Tabs) -> Line<'a, 't> {
        Line { text, tabs }
    }
}

impl<'a> Fields<'a> for Line<'a, '_> {
    fn width(&self) -> usize {
        self.tabs.count + 1
    }

    fn field(&self, i: usize) -> Option<&'a [u8]> {
        if i > self.tabs.count || i >= layout::COLUMNS {
            return None;
        }
        let start = if i == 0 { 0 } else { self.tabs.at[i - 1] + 1 };
        let end = if i == self.tabs.count {
            self.text.len()
        } else {
            self.tabs.at[i]
        };
        self.text.get(start..end)
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Format, Options, Period, tests::gdelt_row};
    use super::*;

    /// The graph (as YAML) and the malformed rows' messages of `text` read in batches and
    /// pieces of the sizes given.
    fn read_with(text: &[u8], sizes: (usize, usize), period: Period) -> (String, Vec<String>) {
        let mut aggregate = Aggregate::new(Options {
            period,
            ..Options::new(Format::Gdelt)
        })
        .unwrap();
        let columns = aggregate.gdelt_columns();
        let mut malformed = Vec::new();
        let total = read_in(&mut aggregate, &columns, text, &mut malformed, sizes).unwrap();
        assert_eq!(total, malformed.len());
        let messages = malformed
            .iter()
            .map(|d| format!("{:?}: {}", d.position, d.message))
            .collect();
        let graph = aggregate.finish().unwrap().graph;
        (crate::load::to_yaml(&graph).unwrap(), messages)
    }

    #[test]
    fn batches_and_pieces_of_any_size_give_the_same_graph_and_lines() {
        let mut text = String::new();
        let pairs = [
            ("USA", "RUS"),
            ("RUS", "USA"),
            ("CHN", "USA"),
            ("FRA", "DEU"),
        ];
        for i in 0..400u32 {
            let (a, b) = pairs[(i % 4) as usize];
            let day = format!("2024{:02}{:02}", 1 + i % 12, 1 + i % 28);
            let score = format!("{}", f64::from(i % 20) - 10.0 + 0.1 * f64::from(i % 7));
            text.push_str(&gdelt_row(i, &day, a, b, &score));
            // Every kind of line end, blank lines and malformed rows along the way.
            text.push_str(["\n", "\r\n", "\r", "\n\n"][(i % 4) as usize]);
            if i % 50 == 7 {
                text.push_str("a\tshort\tline\n");
            }
            if i % 90 == 3 {
                text.push_str(&gdelt_row(i, "20241301", a, b, "1"));
                text.push('\n');
            }
        }
        let bytes = text.as_bytes();
        for period in [Period::Week, Period::Month] {
            let whole = read_with(bytes, (BATCH, PIECE), period);
            assert!(whole.0.contains("count: "), "{}", whole.0);
            assert_eq!(whole.1.len(), 8 + 5);
            // Rows on the lines their text starts on, counting `\n`s only (and after blank
            // lines).
            assert!(whole.1[0].contains("line: 5,"), "{:?}", whole.1);
            assert!(whole.1[1].contains("line: 10,"), "{:?}", whole.1);
            for sizes in [(64, 16), (1000, 100), (4096, 1), (1, 1)] {
                assert_eq!(read_with(bytes, sizes, period), whole, "{sizes:?}");
            }
        }
    }
}
