//! A fuzz smoke test: mutations of the seed files (every graph and scenario under
//! `tests/fixtures/` and `graphs/`) through the graph loader (YAML and JSON), the scenario reader
//! and `append_edit`, none of which may panic. It runs in seconds on every `cargo test`; the
//! coverage-guided fuzzer (docs/fuzzing.md) is what runs long. This is the library seen from
//! outside, so it is its own test binary rather than part of the CLI's.

use std::path::Path;

use detente::load::{Syntax, load_bytes};
use detente::model::Date;
use detente::scenario::{Edit, Provenance, TieRef, append_edit, parse_str};
use proptest::prelude::*;

/// The seed files, read once.
fn seeds() -> &'static Vec<Vec<u8>> {
    static SEEDS: std::sync::OnceLock<Vec<Vec<u8>>> = std::sync::OnceLock::new();
    SEEDS.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        for dir in ["tests/fixtures", "graphs", "graphs/scenarios"] {
            let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
                continue;
            };
            let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
            paths.sort();
            for path in paths {
                let small = path.metadata().map(|m| m.len() < 64_000).unwrap_or(false);
                if path.is_file() && small {
                    files.push(std::fs::read(&path).expect("a seed file is readable"));
                }
            }
        }
        assert!(files.len() > 10, "the seeds are found");
        files
    })
}

/// One mutation: what to do, where (a fraction of the length) and with which byte.
#[derive(Debug, Clone)]
enum Mutation {
    Flip(f64, u8),
    Insert(f64, u8),
    Delete(f64, usize),
    /// Copies a slice of the file elsewhere (repeats keys, brackets, whole lines).
    Splice(f64, f64, usize),
    /// Inserts one of the tokens that YAML and JSON give meaning to.
    Token(f64, usize),
}

const TOKENS: &[&str] = &[
    "\n",
    ": ",
    "- ",
    "[",
    "]",
    "{",
    "}",
    "\"",
    "'",
    "&a ",
    "*a",
    "!!str ",
    "~",
    "null",
    "1e308",
    "-0",
    "2020-02-30",
    "\u{1b}",
    "\u{feff}",
    "\t",
    "#",
    "|\n",
    ">\n",
    "? ",
    ",",
    "\\",
];

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (0.0..1.0f64, any::<u8>()).prop_map(|(p, b)| Mutation::Flip(p, b)),
        (0.0..1.0f64, any::<u8>()).prop_map(|(p, b)| Mutation::Insert(p, b)),
        (0.0..1.0f64, 1..40usize).prop_map(|(p, n)| Mutation::Delete(p, n)),
        (0.0..1.0f64, 0.0..1.0f64, 1..200usize).prop_map(|(a, b, n)| Mutation::Splice(a, b, n)),
        (0.0..1.0f64, 0..TOKENS.len()).prop_map(|(p, t)| Mutation::Token(p, t)),
    ]
}

fn at(len: usize, p: f64) -> usize {
    ((len as f64) * p) as usize
}

fn mutate(seed: &[u8], mutations: &[Mutation]) -> Vec<u8> {
    let mut bytes = seed.to_vec();
    for m in mutations {
        let len = bytes.len();
        match *m {
            Mutation::Flip(p, b) if len > 0 => {
                let i = at(len, p).min(len - 1);
                bytes[i] ^= b;
            }
            Mutation::Insert(p, b) => bytes.insert(at(len, p).min(len), b),
            Mutation::Delete(p, n) if len > 0 => {
                let i = at(len, p).min(len - 1);
                bytes.drain(i..(i + n).min(len));
            }
            Mutation::Splice(a, b, n) if len > 0 => {
                let from = at(len, a).min(len - 1);
                let piece = bytes[from..(from + n).min(len)].to_vec();
                let to = at(len, b).min(len);
                bytes.splice(to..to, piece);
            }
            Mutation::Token(p, t) => {
                let i = at(len, p).min(len);
                bytes.splice(i..i, TOKENS[t].bytes());
            }
            _ => {}
        }
    }
    bytes
}

/// An edit to append to whatever scenario the mutations left readable.
fn edit() -> Edit {
    Edit::Set {
        tie: TieRef::mutual("USA", "BLR", "diplomatic"),
        date: "2025-09".parse::<Date>().expect("a date"),
        weight: 0.2,
        why: Provenance::note("fuzz: a note with \"quotes\" and a\nline break"),
    }
}

proptest! {
    // FUZZ_CASES raises the count for a longer run (docs/fuzzing.md).
    #![proptest_config(ProptestConfig {
        cases: std::env::var("FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(400),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn mutated_seeds_never_panic(
        seed in any::<prop::sample::Index>(),
        mutations in prop::collection::vec(mutation(), 1..8),
    ) {
        let seeds = seeds();
        let bytes = mutate(&seeds[seed.index(seeds.len())], &mutations);
        let _ = load_bytes(&bytes, "fuzz.yaml", Syntax::Yaml);
        let _ = load_bytes(&bytes, "fuzz.json", Syntax::Json);
        let _ = detente::open_bytes(&bytes, "fuzz.yaml");
        if let Ok(text) = std::str::from_utf8(&bytes) {
            let _ = parse_str(text, "fuzz.yaml");
            if let Ok(appended) = append_edit(text, &edit()) {
                // What append_edit writes is a scenario the reader reads back with the edit.
                if parse_str(text, "fuzz.yaml").is_ok() {
                    let back = parse_str(&appended, "fuzz.yaml");
                    prop_assert!(back.is_ok(), "{appended}");
                }
            }
        }
    }
}
