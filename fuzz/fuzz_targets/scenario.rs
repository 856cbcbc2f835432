//! The scenario reader: any bytes, opened as a scenario on a fixed base graph (read from memory,
//! never from disk), give a graph or located diagnostics, never a panic.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

const BASE: &[u8] = include_bytes!("../../graphs/us-belarus.yaml");

fuzz_target!(|data: &[u8]| {
    // Every base the scenario names is the same graph; a chain (a base that is a scenario) is
    // not followed from memory, so the reader's own checks are what is exercised.
    let files = |_: &Path| -> std::io::Result<Vec<u8>> { Ok(BASE.to_vec()) };
    let _ = detente::open_bytes_with(data, Path::new("fuzz.yaml"), &files);
});
