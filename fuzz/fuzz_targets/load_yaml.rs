//! The graph loader on YAML: any bytes give a graph or located diagnostics, never a panic.
#![no_main]

use detente::load::{Syntax, load_bytes};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(graph) = load_bytes(data, "fuzz.yaml", Syntax::Yaml) {
        // A graph that loads is written back and read again as the same graph.
        let text = detente::load::to_yaml(&graph).expect("a loaded graph is written");
        let again = load_bytes(text.as_bytes(), "again.yaml", Syntax::Yaml);
        assert!(again.is_ok(), "{text}");
    }
});
