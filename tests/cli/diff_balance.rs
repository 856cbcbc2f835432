//! `detente diff --balance`: triangles that became unbalanced or balanced, the frustration index
//! before and after, bloc moves and centrality rank changes, on a fixture where one actor changes
//! camp.

use crate::support::detente;

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
