//! `detente diff --balance`: triangles that became unbalanced or balanced, the frustration index
//! before and after, bloc moves and centrality rank changes, on a fixture where one actor changes
//! camp.

use crate::support::{detente, generated};

const BALANCE: &str = "tests/fixtures/diff-balance.yaml";

fn json(args: &[&str]) -> serde_json::Value {
    let mut all = vec!["diff", BALANCE];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let out = detente(all).run();
    out.ok();
    serde_json::from_str(&out.stdout).expect("JSON")
}

#[test]
fn a_triangle_turns_unbalanced_and_an_actor_changes_bloc() {
    let got = json(&["--from", "2020", "--to", "2022", "--balance"]);
    let b = &got["balance"];
    assert_eq!(b["before"]["frustration"]["index"], 0);
    assert_eq!(b["after"]["frustration"]["index"], 1);
    assert_eq!(b["after"]["frustration"]["exact"], true);
    assert_eq!(b["before"]["balanced"], true);
    assert_eq!(b["after"]["balanced"], false);
    assert_eq!(b["before"]["ratio"], 1.0);
    assert_eq!(b["after"]["ratio"], 0.5);
    assert_eq!(
        b["became_unbalanced"],
        serde_json::json!([
            {"actors": ["A", "B", "C"], "before": "balanced", "after": "unbalanced"},
            {"actors": ["B", "C", "E"], "before": "balanced", "after": "unbalanced"},
        ])
    );
    assert_eq!(b["became_balanced"], serde_json::json!([]));
    assert_eq!(
        b["bloc_moves"],
        serde_json::json!([{"id": "C", "from": 1, "to": 2}])
    );
    assert_eq!(
        b["after"]["blocs"],
        serde_json::json!([
            {"label": 1, "members": ["A", "B"]},
            {"label": 2, "members": ["C", "D", "E"]},
        ])
    );
    // The fields the JSON output promises are all still there.
    for field in ["from", "to", "actors", "ties", "summary"] {
        assert!(got.get(field).is_some(), "no {field}");
    }
    // Largest move first: A falls from the most central by PageRank to the least.
    let first = &got["centrality"][0];
    assert_eq!(
        (
            &first["id"],
            &first["metric"],
            &first["before_rank"],
            &first["after_rank"]
        ),
        (&"A".into(), &"pagerank".into(), &1.into(), &4.into())
    );
}

#[test]
fn the_reverse_diff_mirrors_the_balance_section() {
    let got = json(&["--from", "2022", "--to", "2020", "--balance"]);
    let b = &got["balance"];
    assert_eq!(b["before"]["frustration"]["index"], 1);
    assert_eq!(b["after"]["frustration"]["index"], 0);
    assert_eq!(b["became_unbalanced"], serde_json::json!([]));
    assert_eq!(
        b["became_balanced"],
        serde_json::json!([
            {"actors": ["A", "B", "C"], "before": "unbalanced", "after": "balanced"},
            {"actors": ["B", "C", "E"], "before": "unbalanced", "after": "balanced"},
        ])
    );
    assert_eq!(
        b["bloc_moves"],
        serde_json::json!([{"id": "C", "from": 2, "to": 1}])
    );
}

#[test]
fn without_the_option_there_is_no_balance_section() {
    let got = json(&["--from", "2020", "--to", "2022"]);
    assert!(got.get("balance").is_none() && got.get("centrality").is_none());
    let out = detente(["diff", BALANCE, "--from", "2020", "--to", "2022"]).run();
    assert!(!out.stdout.contains("Balance and blocs"));
}

#[test]
fn balance_text_output() {
    let out = detente([
        "diff",
        BALANCE,
        "--from",
        "2020",
        "--to",
        "2022",
        "--balance",
    ])
    .run();
    out.ok();
    insta::assert_snapshot!(out.stdout);
}

#[test]
fn balance_markdown_output() {
    let out = detente([
        "diff",
        BALANCE,
        "--from",
        "2020",
        "--to",
        "2022",
        "--balance",
        "--format",
        "markdown",
    ])
    .run();
    out.ok();
    insta::assert_snapshot!(out.stdout);
}

#[test]
fn balance_is_refused_for_the_diagram() {
    detente([
        "diff",
        BALANCE,
        "--from",
        "2020",
        "--to",
        "2022",
        "--balance",
        "--format",
        "dot",
    ])
    .run()
    .code(2)
    .stderr_has(
        "error: `--balance` adds a section to text, json and markdown output; the dot diagram \
         does not show it, so drop `--balance` or choose one of those formats",
    );
}

/// `--betweenness-samples` estimates the betweenness ranked from sampled sources, and says so in
/// each format; sampling every actor ranks as the exact search does.
#[test]
fn sampled_betweenness_ranks_say_so() {
    let dir = tempfile::tempdir().unwrap();
    let graph = generated(&dir.path().join("small.yaml"), (24, 90, 3));
    let json = |samples: &[&str]| -> serde_json::Value {
        let mut all = vec![
            "diff",
            &graph,
            "--from",
            "2005",
            "--to",
            "2015",
            "--balance",
        ];
        all.extend_from_slice(&["--format", "json"]);
        all.extend_from_slice(samples);
        let out = detente(all).run();
        out.ok();
        serde_json::from_str(&out.stdout).expect("JSON")
    };
    let exact = json(&[]);
    assert_eq!(exact["betweenness"], serde_json::json!({"exact": true}));
    let every = json(&["--betweenness-samples", "24"]);
    assert_eq!(
        every["betweenness"],
        serde_json::json!({"exact": false, "sampled_sources": 24})
    );
    let ranks = |got: &serde_json::Value| -> Vec<(String, String, i64, i64, f64)> {
        let list = got["centrality"].as_array().expect("centrality").iter();
        list.map(|r| {
            (
                r["id"].as_str().unwrap().to_owned(),
                r["metric"].as_str().unwrap().to_owned(),
                r["before_rank"].as_i64().unwrap(),
                r["after_rank"].as_i64().unwrap(),
                r["after"].as_f64().unwrap(),
            )
        })
        .collect()
    };
    let (a, b) = (ranks(&exact), ranks(&every));
    assert!(a.iter().any(|r| r.1 == "betweenness"), "{a:?}");
    assert_eq!(a.len(), b.len(), "{a:?} {b:?}");
    for (x, y) in a.iter().zip(&b) {
        assert_eq!((&x.0, &x.1, x.2, x.3), (&y.0, &y.1, y.2, y.3));
        assert!((x.4 - y.4).abs() < 1e-9, "{x:?} {y:?}");
    }
    // Fewer sources rank differently: the sample is used.
    assert_ne!(ranks(&json(&["--betweenness-samples", "3"])), a);
    for format in ["text", "markdown"] {
        let args = |samples: &[&'static str]| {
            let mut all = vec!["diff", BALANCE, "--from", "2020", "--to", "2022"];
            all.extend_from_slice(&["--balance", "--format", format]);
            all.extend_from_slice(samples);
            detente(all).run()
        };
        let sampled = args(&["--betweenness-samples", "2"]);
        sampled.ok();
        assert!(
            sampled
                .stdout
                .contains("Betweenness ranks: estimated from 2 sampled sources on each side"),
            "{}",
            sampled.stdout
        );
        assert!(!args(&[]).stdout.contains("sampled"));
    }
}

#[test]
fn betweenness_samples_need_the_balance_section() {
    let diff = |args: &[&str]| {
        detente(["diff", BALANCE, "--from", "2020", "--to", "2022"])
            .args(args)
            .run()
    };
    diff(&["--betweenness-samples", "16"])
        .code(2)
        .stderr_has("--balance");
    diff(&["--balance", "--betweenness-samples", "0"])
        .code(2)
        .stderr_has("--betweenness-samples");
}

/// Exact betweenness on both sides of a large graph: a note on standard error, before the work,
/// says how to sample it; a small graph has none.
#[test]
fn a_long_exact_balance_section_says_how_to_sample_it() {
    let dir = tempfile::tempdir().unwrap();
    let graph = generated(&dir.path().join("large.json"), (5000, 80_000, 2));
    let args = [
        "diff",
        &graph,
        "--from",
        "2000",
        "--to",
        "2030",
        "--balance",
    ];
    let note = detente(args).first_stderr_line();
    assert!(
        note.starts_with("note: exact betweenness search from each of the 5000 actors over "),
        "{note}"
    );
    assert!(
        note.contains(" ties on each side, which takes a while"),
        "{note}"
    );
    assert!(
        note.trim_end().ends_with("in a fraction of the time"),
        "{note}"
    );
    let small = detente(["diff", BALANCE, "--from", "2020", "--to", "2022"])
        .arg("--balance")
        .run();
    small.ok();
    assert_eq!(small.stderr, "");
}
