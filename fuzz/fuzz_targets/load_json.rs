//! The graph loader on JSON: any bytes give a graph or located diagnostics, never a panic.
#![no_main]

use detente::load::{Syntax, load_bytes};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(graph) = load_bytes(data, "fuzz.json", Syntax::Json) {
        let text = detente::load::to_json(&graph).expect("a loaded graph is written");
        let again = load_bytes(text.as_bytes(), "again.json", Syntax::Json);
        assert!(again.is_ok(), "{text}");
    }
});
