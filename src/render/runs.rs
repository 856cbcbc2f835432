//! Writing a long list's text on all cores: the items are made in runs, a window of runs at a
//! time (so that only a window's text is ever held), and written in order, the same bytes as
//! one thread's. The DOT of a large snapshot and the JSON of `show` and `diff` are written so.

use std::io;
use std::ops::Range;

/// How many runs are made before they are written (a few megabytes of text).
const RUNS_PER_WINDOW: usize = 16;

/// The text of items `0..count`, made by `make` on all cores in runs of `per_run` items (each
/// given its range) and passed to `write` run by run, in order. Stops at the first error.
pub(crate) fn write_in_runs(
    count: usize,
    per_run: usize,
    make: impl Fn(Range<usize>) -> io::Result<Vec<u8>> + Sync,
    mut write: impl FnMut(&[u8]) -> io::Result<()>,
) -> io::Result<()> {
    use rayon::prelude::*;
    let per_run = per_run.max(1);
    let runs: Vec<Range<usize>> = (0..count)
        .step_by(per_run)
        .map(|start| start..(start + per_run).min(count))
        .collect();
    for window in runs.chunks(RUNS_PER_WINDOW) {
        let texts: Vec<Vec<u8>> = window
            .par_iter()
            .map(|run| make(run.clone()))
            .collect::<io::Result<_>>()?;
        texts.iter().try_for_each(|text| write(text))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_are_written_in_order_and_cover_every_item_once() {
        for (count, per_run) in [(0, 3), (1, 3), (3, 3), (100, 7), (1000, 1), (5, 0)] {
            let mut written = Vec::new();
            write_in_runs(
                count,
                per_run,
                |run| {
                    Ok(run
                        .map(|i| format!("{i},"))
                        .collect::<String>()
                        .into_bytes())
                },
                |text| {
                    written.extend_from_slice(text);
                    Ok(())
                },
            )
            .unwrap();
            let expected: String = (0..count).map(|i| format!("{i},")).collect();
            assert_eq!(String::from_utf8(written).unwrap(), expected);
        }
    }

    #[test]
    fn the_first_error_stops_the_writing() {
        let mut written = 0;
        let result = write_in_runs(
            100,
            10,
            |run| {
                if run.start == 50 {
                    Err(io::Error::other("bad run"))
                } else {
                    Ok(vec![b'x'; run.len()])
                }
            },
            |text| {
                written += text.len();
                Ok(())
            },
        );
        assert_eq!(result.unwrap_err().to_string(), "bad run");
        // The window holding the bad run is never written.
        assert_eq!(written, 0);
    }
}
