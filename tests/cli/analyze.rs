//! `detente analyze`.

use crate::support::{detente, generated};

const CAMPS: &str = "tests/fixtures/analysis-camps.yaml";

fn json(args: &[&str]) -> serde_json::Value {
    let mut all = vec!["analyze", CAMPS, "--format", "json"];
    all.extend_from_slice(args);
    let out = detente(all).run();
    out.ok();
    serde_json::from_str(&out.stdout).expect("analyze prints JSON")
}

fn ids(value: &serde_json::Value) -> Vec<String> {
    value
        .as_array()
        .expect("a list")
        .iter()
        .map(|v| v.as_str().expect("an id").to_string())
        .collect()
}

#[test]
fn json_has_the_fields_design_md_fixes() {
    let j = json(&["--at", "2021-06"]);
    assert_eq!(j["date"], "2021-06");
    let actor = &j["actors"][0];
    for field in [
        "id",
        "degree",
        "strength",
        "positive_strength",
        "negative_strength",
        "pagerank",
        "betweenness",
        "closeness",
        "eigenvector",
    ] {
        assert!(!actor[field].is_null(), "actor field {field}");
    }
    for field in [
        "triangles",
        "balanced",
        "ratio",
        "census",
        "unbalanced",
        "frustration",
    ] {
        assert!(!j["balance"][field].is_null(), "balance field {field}");
    }
    for field in ["index", "exact", "groups", "edges"] {
        assert!(
            !j["balance"]["frustration"][field].is_null(),
            "frustration field {field}"
        );
    }
    assert!(j["blocs"].is_array());
    assert!(j["components"].is_array());
}

#[test]
fn balance_of_the_two_camps_worked_out_by_hand() {
    // On 2021-06 the signed pairs are + USA–POL, USA–LTU, POL–LTU, RUS–BLR, TUR–USA, TUR–RUS
    // and − USA–RUS, POL–BLR, LTU–BLR, USA–BLR (diplomatic −0.8 plus trade −0.2). Of the six
    // triangles, USA·POL·LTU is +++, USA·RUS·TUR is ++- and the four through BLR are +--.
    let j = json(&["--at", "2021-06"]);
    let b = &j["balance"];
    assert_eq!(b["triangles"], 6);
    assert_eq!(b["census"]["+++"], 1);
    assert_eq!(b["census"]["++-"], 1);
    assert_eq!(b["census"]["+--"], 4);
    assert_eq!(b["census"]["---"], 0);
    assert!((b["ratio"].as_f64().unwrap() - 5.0 / 6.0).abs() < 1e-12);
    assert_eq!(b["unbalanced"][0], serde_json::json!(["RUS", "TUR", "USA"]));
    assert_eq!(b["balanced"], false);
    assert_eq!(b["weakly_balanced"], false);
    // One tie of the cycle USA–TUR–RUS must go: the camps are {USA, POL, LTU} and {RUS, BLR},
    // with TUR on either side.
    let f = &b["frustration"];
    assert_eq!(f["index"], 1);
    assert_eq!(f["exact"], true);
    let (a, c) = (ids(&f["groups"][0]), ids(&f["groups"][1]));
    let camp = |g: &[String], x: &str| g.iter().any(|i| i == x);
    assert!(
        camp(&a, "USA") && camp(&a, "POL") && camp(&a, "LTU"),
        "{a:?} {c:?}"
    );
    assert!(camp(&c, "RUS") && camp(&c, "BLR"), "{a:?} {c:?}");
    // The envoy has no tie then, but holds a post for the USA: it stands with the USA.
    assert!(camp(&a, "envoy"), "{a:?}");
}

#[test]
fn blocs_and_components_of_the_two_camps() {
    let j = json(&["--at", "2021-06"]);
    // K = 1 leaves 4 negative ties inside; K = 2 only the one frustrated tie; K ≥ 3 cannot do
    // better (the cycle USA–TUR–RUS has exactly one negative tie), so the rule picks K = 2.
    assert_eq!(j["partition"]["k"], 2);
    assert_eq!(j["partition"]["cost"], 1);
    assert_eq!(j["blocs"].as_array().unwrap().len(), 2);
    // The envoy, without a tie of its own, is placed with the USA it serves.
    assert!(ids(&j["partition"]["unaligned"]).is_empty());
    assert_eq!(
        ids(&j["components"][0]),
        ["BLR", "LTU", "POL", "RUS", "TUR", "USA"]
    );
    assert_eq!(ids(&j["components"][1]), ["envoy"]);
    let fixed = json(&["--at", "2021-06", "--blocs", "1"]);
    assert_eq!(fixed["partition"]["rule"], "fixed");
    assert_eq!(fixed["partition"]["cost"], 4);
}

#[test]
fn parallel_ties_and_strengths() {
    // BLR on 2021-06: RUS +0.9, POL −0.6, LTU −0.5, USA −0.8 (diplomatic) and −0.2 (trade).
    let j = json(&["--at", "2021-06"]);
    let blr = &j["actors"][0];
    assert_eq!(blr["id"], "BLR");
    assert_eq!(blr["degree"], 4);
    assert_eq!(blr["ties"], 5);
    assert!((blr["strength"].as_f64().unwrap() + 1.2).abs() < 1e-12);
    assert!((blr["positive_strength"].as_f64().unwrap() - 0.9).abs() < 1e-12);
    assert!((blr["negative_strength"].as_f64().unwrap() + 2.1).abs() < 1e-12);
    let total: f64 = j["actors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["pagerank"].as_f64().unwrap())
        .sum();
    assert!((total - 1.0).abs() < 1e-9);
}

#[test]
fn state_level_rolls_the_envoy_into_the_usa() {
    let j = json(&["--at", "2020-07", "--level", "state"]);
    assert_eq!(j["level"], "state");
    let actors: Vec<&str> = j["actors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(actors, ["BLR", "LTU", "POL", "RUS", "TUR", "USA"]);
    // The envoy's contact with BLR becomes a USA → BLR tie: six ties at BLR.
    assert_eq!(j["actors"][0]["ties"], 6);
}

#[test]
fn sampled_betweenness_and_closeness_are_reported_and_exact_with_every_source() {
    let all = json(&["--at", "2021-06"]);
    assert_eq!(all["closeness"]["exact"], true);
    let sampled = json(&["--at", "2021-06", "--betweenness-samples", "100"]);
    assert_eq!(sampled["betweenness"]["exact"], false);
    assert_eq!(sampled["betweenness"]["sampled_sources"], 7);
    assert_eq!(sampled["closeness"]["exact"], false);
    assert_eq!(sampled["closeness"]["sampled_sources"], 7);
    for (a, b) in all["actors"]
        .as_array()
        .unwrap()
        .iter()
        .zip(sampled["actors"].as_array().unwrap())
    {
        for metric in ["betweenness", "closeness"] {
            let (x, y) = (a[metric].as_f64().unwrap(), b[metric].as_f64().unwrap());
            assert!((x - y).abs() < 1e-12, "{metric}: {x} {y}");
        }
    }
}

#[test]
fn sampled_closeness_is_an_estimate_said_so() {
    // Two of the seven actors as sources: the others' closeness is estimated, and both notes
    // say so under the table.
    let out = detente([
        "analyze",
        CAMPS,
        "--at",
        "2021-06",
        "--betweenness-samples",
        "2",
    ])
    .run();
    out.ok();
    assert!(out.stdout.contains(
        "(betweenness estimated from 2 sampled sources)\n(closeness estimated from 2 sampled sources)\n"
    ), "{}", out.stdout);
    let only = json(&[
        "--at",
        "2021-06",
        "--metrics",
        "closeness",
        "--betweenness-samples",
        "2",
    ]);
    assert_eq!(only["closeness"]["sampled_sources"], 2);
    assert!(only.get("betweenness").is_none());
    let exact = json(&["--at", "2021-06", "--metrics", "closeness"]);
    let differs = exact["actors"]
        .as_array()
        .unwrap()
        .iter()
        .zip(only["actors"].as_array().unwrap())
        .filter(|(a, b)| {
            (a["closeness"].as_f64().unwrap() - b["closeness"].as_f64().unwrap()).abs() > 1e-9
        })
        .count();
    assert!(differs > 0, "two sources of seven estimate some closeness");
}

#[test]
fn text_report() {
    let out = detente(["analyze", CAMPS, "--at", "2021-06"]).run();
    out.ok();
    insta::assert_snapshot!("analyze_camps_text", out.stdout);
}

#[test]
fn json_report() {
    let out = detente(["analyze", CAMPS, "--at", "2021-06", "--format", "json"]).run();
    out.ok();
    // The version changes with every release; everything else is pinned.
    insta::assert_snapshot!(
        "analyze_camps_json",
        out.stdout.replace(env!("CARGO_PKG_VERSION"), "[version]")
    );
}

#[test]
fn a_graph_without_ties_has_no_triangles_and_is_balanced() {
    let j = json(&["--at", "2018"]);
    assert_eq!(j["balance"]["triangles"], 0);
    assert!(j["balance"]["ratio"].is_null());
    assert_eq!(j["balance"]["balanced"], true);
    assert_eq!(j["balance"]["frustration"]["index"], 0);
    assert_eq!(j["blocs"].as_array().unwrap().len(), 0);
    assert!(
        j["actors"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["pagerank"].as_f64().unwrap() > 0.0)
    );
}

#[test]
fn zero_blocs_is_an_error() {
    detente(["analyze", CAMPS, "--at", "2021", "--blocs", "0"])
        .run()
        .code(2)
        .stderr_has("error: invalid value '0' for '--blocs <K>': 0 is not in 1..=32");
}

#[test]
fn zero_samples_is_an_error() {
    detente([
        "analyze",
        CAMPS,
        "--at",
        "2021",
        "--betweenness-samples",
        "0",
    ])
    .run()
    .code(2)
    .stderr_has(
        "error: invalid value '0' for '--betweenness-samples <N>': 0 is not in 1..=4294967295",
    );
}

#[test]
fn a_missing_file_is_an_error() {
    detente([
        "analyze",
        "tests/fixtures/no-such-file.yaml",
        "--at",
        "2021",
    ])
    .run()
    .code(2)
    .stderr_has("no-such-file.yaml");
}

#[test]
fn hop_count_betweenness_is_reported_and_leaves_closeness_alone() {
    let inverse = json(&["--at", "2021-06"]);
    let hops = json(&["--at", "2021-06", "--betweenness-lengths", "hops"]);
    assert_eq!(hops["betweenness"]["lengths"], "hops");
    assert!(inverse["betweenness"].get("lengths").is_none());
    for (a, b) in inverse["actors"]
        .as_array()
        .unwrap()
        .iter()
        .zip(hops["actors"].as_array().unwrap())
    {
        let (x, y) = (
            a["closeness"].as_f64().unwrap(),
            b["closeness"].as_f64().unwrap(),
        );
        assert!((x - y).abs() < 1e-12);
    }
    detente([
        "analyze",
        CAMPS,
        "--at",
        "2021-06",
        "--betweenness-lengths",
        "hops",
    ])
    .run()
    .ok()
    .stdout_has("(betweenness path lengths are hop counts, not 1/|w|)");
    detente([
        "analyze",
        CAMPS,
        "--at",
        "2021",
        "--betweenness-lengths",
        "steps",
    ])
    .run()
    .code(2)
    .stderr_has("error: invalid value 'steps' for '--betweenness-lengths <LENGTHS>'");
}

/// The blocs of the bundled graph on a date, as lists of ids (see docs/metrics.md, "The bundled
/// graph's blocs", for why each is right).
fn bundled_blocs(at: &str, level: &[&str]) -> Vec<Vec<String>> {
    let mut args = vec![
        "analyze",
        "graphs/us-belarus.yaml",
        "--at",
        at,
        "--format",
        "json",
    ];
    args.extend_from_slice(level);
    let out = detente(args).run();
    out.ok();
    let j: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    j["blocs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| ids(&b["actors"]))
        .collect()
}

#[test]
fn the_bundled_graphs_blocs_put_every_official_with_their_state() {
    let list = |s: &str| -> Vec<String> { s.split(' ').map(String::from).collect() };
    assert_eq!(
        bundled_blocs("2020-07", &[]),
        [
            list("BLR EU RUS lukashenko putin"),
            list("UKR USA hale pompeo smith trump zelensky")
        ]
    );
    assert_eq!(
        bundled_blocs("2021-06", &[]),
        [
            list("BLR RUS lukashenko putin"),
            list(
                "EU LTU UKR USA biden blinken fisher hale smith tsikhanouskaya \
                 tsikhanouskaya-office zelensky ziankovych"
            )
        ]
    );
    assert_eq!(
        bundled_blocs("2025-05", &[]),
        [
            list("BLR RUS lukashenko putin"),
            list(
                "EU LTU POL UKR USA coale kellogg rubio smith trump tsikhanouskaya \
                 tsikhanouskaya-office zelensky"
            )
        ]
    );
}

#[test]
fn level_all_analyses_each_actor_on_its_own() {
    // With every actor on its own, the 2025 contacts put Trump's envoys in Lukashenko's bloc:
    // the reading that the default avoids.
    let blocs = bundled_blocs("2025-05", &["--level", "all"]);
    let with_lukashenko = blocs
        .iter()
        .find(|b| b.iter().any(|id| id == "lukashenko"))
        .unwrap();
    assert!(with_lukashenko.iter().any(|id| id == "coale"), "{blocs:?}");
    let out = detente([
        "analyze",
        "graphs/us-belarus.yaml",
        "--at",
        "2025-05",
        "--level",
        "all",
        "--format",
        "json",
    ])
    .run();
    let j: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(j["persons"], "separate");
}

#[test]
fn metrics_computes_only_what_is_asked() {
    let j = json(&["--at", "2021-06", "--metrics", "pagerank,blocs"]);
    let actor = j["actors"][0].as_object().unwrap();
    let keys: Vec<&str> = actor.keys().map(String::as_str).collect();
    assert_eq!(keys, ["id", "pagerank"]);
    for absent in [
        "balance",
        "components",
        "positive_components",
        "betweenness",
    ] {
        assert!(j.get(absent).is_none(), "{absent}");
    }
    assert_eq!(j["partition"]["k"], 2);
    let j = json(&["--at", "2021-06", "--metrics", "frustration"]);
    let balance = j["balance"].as_object().unwrap();
    assert_eq!(balance.keys().collect::<Vec<_>>(), ["frustration"]);
    assert_eq!(j["balance"]["frustration"]["index"], 1);
    let out = detente([
        "analyze",
        CAMPS,
        "--at",
        "2021-06",
        "--metrics",
        "closeness",
    ])
    .run();
    out.ok();
    assert!(out.stdout.contains("closeness") && !out.stdout.contains("pagerank"));
    assert!(!out.stdout.contains("Blocs") && !out.stdout.contains("Frustration"));
    detente(["analyze", CAMPS, "--at", "2021-06", "--metrics", "pagrank"])
        .run()
        .code(2)
        .stderr_has("tip: a similar value exists: 'pagerank'");
}

/// Exact betweenness on a graph where it takes a while: a note on standard error, before the
/// work, says how to sample it; sampled, the same command has no note and prints JSON.
#[test]
fn a_long_exact_search_says_how_to_sample_it() {
    let dir = tempfile::tempdir().unwrap();
    let graph = generated(&dir.path().join("large.json"), (5000, 80_000, 2));
    let args = [
        "analyze",
        &graph,
        "--at",
        "2030",
        "--metrics",
        "betweenness",
        "--betweenness-lengths",
        "hops",
        "--format",
        "json",
    ];
    let note = detente(args).first_stderr_line();
    assert!(
        note.starts_with("note: exact betweenness search from each of the 5000 actors over "),
        "{note}"
    );
    assert!(
        note.contains("--betweenness-samples 256 estimates it"),
        "{note}"
    );
    let sampled = detente(args).args(["--betweenness-samples", "16"]).run();
    sampled.ok();
    assert_eq!(sampled.stderr, "");
    serde_json::from_str::<serde_json::Value>(&sampled.stdout).expect("analyze prints JSON");
    let small = detente(["analyze", CAMPS, "--at", "2021-06"]).run();
    small.ok();
    assert_eq!(small.stderr, "");
}
