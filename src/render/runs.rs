//! Writing a long list's text on all cores: the items are made in runs, a window of runs at a
//! time (so that only a few windows' text is ever held), and written in order, the same bytes as
//! one thread's. The DOT of a large snapshot, the JSON of `show` and `diff`, the text of `diff`
//! and the rows of `export --format csv` are written so.

use std::io;
use std::ops::Range;

/// The text a writer of `str`s wrote into memory: UTF-8 as it is, taken without a copy (the
/// lossy branch only guards against a writer that broke a character, which none does).
pub(crate) fn written_text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// How many runs are made before they are written (a few megabytes of text).
const RUNS_PER_WINDOW: usize = 16;

/// The text of items `0..count`, made by `make` on all cores in runs of `per_run` items (each
/// given its range) and passed to `write` run by run, in order. Stops at the first error.
///
/// A window of runs is made while the one before it is written (a gigabyte of `diff` JSON kept
/// the writing thread busy for a second, the cores waiting for it); at most three windows' text
/// is alive at once. Called on a worker of rayon's pool, or should the system refuse the thread
/// that makes them, the windows are made and written in turn.
pub(crate) fn write_in_runs(
    count: usize,
    per_run: usize,
    make: impl Fn(Range<usize>) -> io::Result<Vec<u8>> + Sync,
    mut write: impl FnMut(&[u8]) -> io::Result<()>,
) -> io::Result<()> {
    make_in_runs(count, per_run, make, |text: Vec<u8>| write(&text))
}

/// [`write_in_runs`] for runs made into anything (`T`), handed to `write` in order: for output
/// whose writing must see every run in turn (footnotes numbered in the order they are cited).
pub(crate) fn make_in_runs<T: Send>(
    count: usize,
    per_run: usize,
    make: impl Fn(Range<usize>) -> io::Result<T> + Sync,
    mut write: impl FnMut(T) -> io::Result<()>,
) -> io::Result<()> {
    use rayon::prelude::*;
    let per_run = per_run.max(1);
    let runs: Vec<Range<usize>> = (0..count)
        .step_by(per_run)
        .map(|start| start..(start + per_run).min(count))
        .collect();
    let make_window = |window: &[Range<usize>]| -> io::Result<Vec<T>> {
        window.par_iter().map(|run| make(run.clone())).collect()
    };
    let mut write_window = |made: Vec<T>| made.into_iter().try_for_each(&mut write);
    // On a worker of the pool (inside a caller's parallel loop), waiting here for the windows
    // could leave no worker free to make them: they are made and written in turn there.
    if runs.len() <= RUNS_PER_WINDOW || rayon::current_thread_index().is_some() {
        return in_turn(&runs, make_window, write_window);
    }
    std::thread::scope(|scope| {
        // One window waits in the channel while the next is made.
        let (send, receive) = std::sync::mpsc::sync_channel::<io::Result<Vec<T>>>(1);
        let (windows, make_window) = (&runs, &make_window);
        let maker = std::thread::Builder::new()
            .name("detente-runs".into())
            .spawn_scoped(scope, move || {
                for window in windows.chunks(RUNS_PER_WINDOW) {
                    let texts = make_window(window);
                    let failed = texts.is_err();
                    // A closed channel: the writing failed and stopped listening.
                    if send.send(texts).is_err() || failed {
                        break;
                    }
                }
            });
        if maker.is_err() {
            return in_turn(windows, make_window, &mut write_window);
        }
        // Ends when the maker has sent its last window (or its error) and hung up.
        receive.iter().try_for_each(|texts| write_window(texts?))
    })
}

/// Each window of `runs` made by `make`, then written by `write`, one after the other.
fn in_turn<T>(
    runs: &[Range<usize>],
    make: impl Fn(&[Range<usize>]) -> io::Result<Vec<T>>,
    mut write: impl FnMut(Vec<T>) -> io::Result<()>,
) -> io::Result<()> {
    runs.chunks(RUNS_PER_WINDOW)
        .try_for_each(|window| write(make(window)?))
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

    #[test]
    fn many_windows_are_written_in_order_up_to_the_first_error() {
        // 1,000 runs of one item: windows of 16 runs, each made while the one before is written.
        let make = |run: Range<usize>| {
            if run.start == 500 {
                Err(io::Error::other("bad run"))
            } else {
                Ok(format!("{},", run.start).into_bytes())
            }
        };
        let mut written = Vec::new();
        let result = write_in_runs(1000, 1, make, |text| {
            written.extend_from_slice(text);
            Ok(())
        });
        assert_eq!(result.unwrap_err().to_string(), "bad run");
        // Every window before the one holding run 500 (runs 496..512), and nothing after.
        let expected: String = (0..496).map(|i| format!("{i},")).collect();
        assert_eq!(String::from_utf8(written).unwrap(), expected);
        // A failed write stops the making too (the test would hang otherwise).
        let mut calls = 0;
        let result = write_in_runs(
            100_000,
            1,
            |run| Ok(vec![b'x'; run.len()]),
            |_| {
                calls += 1;
                if calls == 40 {
                    Err(io::Error::other("disk full"))
                } else {
                    Ok(())
                }
            },
        );
        assert_eq!(result.unwrap_err().to_string(), "disk full");
        assert_eq!(calls, 40);
    }

    #[test]
    fn every_worker_of_the_pool_writing_at_once_finishes() {
        use rayon::prelude::*;
        // Each worker writes a long list at once: were each to wait for windows made by the
        // pool, no worker would be left to make them.
        let (done, finished) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let texts: Vec<usize> = (0..rayon::current_num_threads() * 2)
                .into_par_iter()
                .map(|_| {
                    let mut written = 0;
                    write_in_runs(
                        1000,
                        1,
                        |run| Ok(vec![b'x'; run.len()]),
                        |text| {
                            written += text.len();
                            Ok(())
                        },
                    )
                    .map(|()| written)
                    .unwrap_or(0)
                })
                .collect();
            let _ = done.send(texts);
        });
        let texts = finished
            .recv_timeout(std::time::Duration::from_secs(60))
            .expect("the writers finish");
        assert!(texts.iter().all(|&n| n == 1000));
    }
}
