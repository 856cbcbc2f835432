//! Format 1.1, concurrent posts: every post held on a date is kept and shown; the primary one
//! places the person in diagrams and in the state-level roll-up.

use crate::support::detente;

const FILE: &str = "tests/fixtures/format-1.1/concurrent-posts.yaml";

fn json(args: &[&str]) -> serde_json::Value {
    let out = detente(args.iter().copied()).run();
    out.ok();
    serde_json::from_str(&out.stdout).expect("prints JSON")
}

fn actor<'a>(doc: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    doc["actors"]
        .as_array()
        .expect("actors")
        .iter()
        .find(|a| a["id"] == id)
        .expect("the actor is listed")
}

#[test]
fn show_json_lists_every_post_held_beside_the_primary_one() {
    let doc = json(&["show", FILE, "--at", "2022-01-01", "--format", "json"]);
    let envoy = actor(&doc, "envoy");
    assert_eq!(
        envoy["post"],
        serde_json::json!({"of": "B", "title": "Special Envoy"}),
        "`primary: true` wins over the earlier post"
    );
    assert_eq!(
        envoy["posts"],
        serde_json::json!([
            {"of": "A", "title": "Ambassador", "from": "2020-01-01", "until": null},
            {"of": "B", "title": "Special Envoy", "from": "2021-01-01", "until": "2023-01-01"}
        ])
    );
    let minister = actor(&doc, "minister");
    assert_eq!(
        minister["post"],
        serde_json::json!({"of": "A", "title": "Foreign Minister"}),
        "without `primary`, the earliest started post is primary"
    );
    assert_eq!(
        minister["posts"][1],
        serde_json::json!({"of": "A", "title": "acting Security Adviser",
            "from": "2021-05-01", "until": null, "sources": ["gazette"], "note": "interim"})
    );
}

#[test]
fn show_json_lists_only_the_posts_held_on_the_date() {
    let doc = json(&["show", FILE, "--at", "2020-06-01", "--format", "json"]);
    let envoy = actor(&doc, "envoy");
    assert_eq!(
        envoy["post"],
        serde_json::json!({"of": "A", "title": "Ambassador"})
    );
    assert_eq!(envoy["posts"].as_array().map(Vec::len), Some(1));
    let state = actor(&doc, "C");
    assert!(state.get("posts").is_none(), "no posts, no field");
}

#[test]
fn show_text_lists_the_primary_post_first_then_the_others() {
    detente(["show", FILE, "--at", "2022-01-01"])
        .run()
        .ok()
        .stdout_has("envoy     Envoy     person  Special Envoy, B; Ambassador, A\n")
        .stdout_has(
            "minister  Minister  person  Foreign Minister, A; acting Security Adviser, A\n",
        );
}

#[test]
fn the_diagram_puts_the_person_in_the_primary_cluster_and_notes_the_others() {
    let out = detente(["render", FILE, "--at", "2022-01-01", "--format", "dot"]).run();
    out.ok();
    let cluster_b = out
        .stdout
        .split("subgraph")
        .find(|s| s.contains("label=\"State B\""))
        .expect("a cluster for State B");
    assert!(
        cluster_b.contains(r#"label="Envoy\nSpecial Envoy\nalso: Ambassador (A)""#),
        "{cluster_b}"
    );
    assert!(
        out.stdout
            .contains(r#"label="Minister\nForeign Minister\nalso: acting Security\nAdviser (A)""#)
    );
}

#[test]
fn state_level_rolls_a_double_hatted_person_into_the_primary_posts_state() {
    let ties = |at: &str| -> Vec<String> {
        let out = detente([
            "analyze", FILE, "--at", at, "--level", "state", "--format", "json",
        ])
        .run();
        out.ok();
        let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        doc["actors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| format!("{} {}", a["id"].as_str().unwrap(), a["strength"]))
            .collect()
    };
    // Both posts held: the envoy's tie to C lands on B, the primary post's state.
    assert_eq!(ties("2022-01-01"), ["A -0.2", "B 0.6", "C 0.4"]);
    // Only the embassy held: it lands on A with the minister's, and the mean of +0.6 and -0.2
    // is the A–C tie.
    assert_eq!(ties("2020-06-01"), ["A 0.2", "B 0.0", "C 0.2"]);
}
