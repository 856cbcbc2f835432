//! Output that can be joined and reproduced: every JSON output says which detente made it, from
//! which files (with their sha256) and with which filters; every tie row carries its canonical
//! key `FROM|TO|KIND`.

use serde_json::{Value, json};

use crate::support::{detente, repo};

const GRAPH: &str = "graphs/us-belarus.yaml";
const CHAIN_A: &str = "tests/fixtures/scenario-chain-a.yaml";
const CHAIN_B: &str = "tests/fixtures/scenario-chain-b.yaml";
const BASE: &str = "tests/fixtures/scenario-us-belarus.yaml";

/// The sha256 of a file, from coreutils rather than from detente itself.
fn sha256(path: &str) -> String {
    let out = std::process::Command::new("sha256sum")
        .arg(repo(path))
        .output()
        .expect("sha256sum runs");
    String::from_utf8(out.stdout).unwrap()[..64].to_string()
}

fn run_json(args: &[&str]) -> Value {
    let out = detente(args).run();
    out.ok();
    serde_json::from_str(&out.stdout).expect("JSON")
}

fn files(paths: &[&str]) -> Value {
    Value::Array(
        paths
            .iter()
            .map(|p| json!({"name": p, "sha256": sha256(p)}))
            .collect(),
    )
}

#[test]
fn every_json_output_says_how_it_was_made() {
    let version = env!("CARGO_PKG_VERSION");
    let cases: Vec<(Vec<&str>, Value, Value)> = vec![
        (
            vec!["show", GRAPH, "--at", "2020-03", "--format", "json"],
            files(&[GRAPH]),
            json!({}),
        ),
        (
            vec!["analyze", GRAPH, "--at", "2020-03", "--format", "json"],
            files(&[GRAPH]),
            json!({"level": "grouped"}),
        ),
        (
            vec![
                "analyze",
                GRAPH,
                "--at",
                "2020-03",
                "--format",
                "json",
                "--level",
                "state",
                "--aggregate",
                "sum",
            ],
            files(&[GRAPH]),
            json!({"level": "state", "aggregate": "sum"}),
        ),
        (
            vec![
                "trend", GRAPH, "--from", "2019", "--to", "2020", "--format", "json", "--level",
                "state",
            ],
            files(&[GRAPH]),
            json!({"level": "state", "aggregate": "mean"}),
        ),
        (
            vec![
                "diff",
                GRAPH,
                "--from",
                "2019",
                "--to",
                "2021",
                "--format",
                "json",
                "--threshold",
                "0.1",
            ],
            files(&[GRAPH]),
            json!({"threshold": 0.1}),
        ),
        (
            vec!["diff", BASE, CHAIN_B, "--at", "2026-02", "--format", "json"],
            files(&[BASE, CHAIN_B, CHAIN_A, BASE]),
            json!({"threshold": 0.0}),
        ),
        (
            vec!["check", "--format", "json", GRAPH, CHAIN_A],
            files(&[GRAPH, CHAIN_A, BASE]),
            json!({}),
        ),
        (
            vec![
                "explain",
                GRAPH,
                "USA",
                "BLR",
                "--at",
                "2021",
                "--format",
                "json",
                "--kinds",
                "diplomatic",
            ],
            files(&[GRAPH]),
            json!({"kinds": ["diplomatic"]}),
        ),
        (
            vec![
                "explain", CHAIN_A, "USA", "BLR", "--at", "2021", "--format", "json",
            ],
            files(&[CHAIN_A, BASE]),
            json!({}),
        ),
        (
            vec!["scenario", "list", CHAIN_B, "--format", "json"],
            files(&[CHAIN_B, CHAIN_A, BASE]),
            json!({}),
        ),
    ];
    for (args, input_files, filters) in cases {
        let got = run_json(&args);
        assert_eq!(got["detente_version"], version, "{args:?}");
        assert_eq!(got["input_files"], input_files, "{args:?}");
        assert_eq!(got["filters"], filters, "{args:?}");
    }
}

#[test]
fn the_same_input_gives_the_same_origin_and_another_input_another_hash() {
    let a = run_json(&["show", GRAPH, "--at", "2020", "--format", "json"]);
    let b = run_json(&["show", GRAPH, "--at", "2020", "--format", "json"]);
    assert_eq!(a, b);
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("g.yaml");
    let mut text = std::fs::read_to_string(repo(GRAPH)).unwrap();
    text.push_str("# one more line\n");
    std::fs::write(&copy, text).unwrap();
    let c = run_json(&[
        "show",
        copy.to_str().unwrap(),
        "--at",
        "2020",
        "--format",
        "json",
    ]);
    assert_ne!(a["input_files"][0]["sha256"], c["input_files"][0]["sha256"]);
    assert_eq!(a["ties"], c["ties"]);
}

fn assert_keys(rows: &Value) {
    let rows = rows.as_array().expect("an array of tie rows");
    assert!(!rows.is_empty());
    for row in rows {
        let key = format!(
            "{}|{}|{}",
            row["from"].as_str().unwrap(),
            row["to"].as_str().unwrap(),
            row["kind"].as_str().unwrap()
        );
        assert_eq!(row["tie"], key.as_str(), "{row}");
    }
}

#[test]
fn every_tie_row_carries_its_canonical_key() {
    let show = run_json(&["show", GRAPH, "--at", "2020-03", "--format", "json"]);
    assert_keys(&show["ties"]);
    // Mutual ends in the order `show` lists them: the smaller id first.
    assert!(
        show["ties"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["tie"] == "BLR|USA|diplomatic")
    );
    let diff = run_json(&[
        "diff", GRAPH, "--from", "2020", "--to", "2021", "--format", "json",
    ]);
    assert_keys(&diff["ties"]);
    let trend = run_json(&[
        "trend", GRAPH, "--from", "2019", "--to", "2021", "--format", "json",
    ]);
    for step in trend["steps"].as_array().unwrap() {
        assert_keys(&step["ties"]);
    }
    assert_keys(&trend["movers"]["ties"]);
    let scenario = run_json(&["scenario", "list", CHAIN_B, "--format", "json"]);
    let shift = &scenario["edits"][1]["tie"];
    assert_eq!(shift["key"], "BLR|USA|diplomatic");
}

#[test]
fn the_trend_csv_carries_the_key_on_tie_rows() {
    let out = detente([
        "trend", GRAPH, "--from", "2020", "--to", "2020", "--format", "csv",
    ])
    .run();
    out.ok();
    let tie_rows: Vec<&str> = out
        .stdout
        .lines()
        .filter(|l| l.contains(",tie_weight,"))
        .collect();
    assert!(!tie_rows.is_empty());
    assert!(
        tie_rows.iter().any(|l| l.ends_with(",BLR|USA|diplomatic")),
        "{tie_rows:?}"
    );
}
