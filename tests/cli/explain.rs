//! `detente explain`: the rule, points, events and sources behind each tie between two actors.

use serde_json::Value;

use crate::support::detente;

const GRAPH: &str = "graphs/us-belarus.yaml";
const RELIEF: &str = "graphs/scenarios/relief-track.yaml";

fn json(args: &[&str]) -> Value {
    let out = detente(args).run();
    out.ok();
    serde_json::from_str(&out.stdout).unwrap()
}

fn source_ids(point: &Value) -> Vec<&str> {
    point["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect()
}

#[test]
fn usa_blr_in_march_2020_is_the_pompeo_visit_with_its_sources() {
    let e = json(&[
        "explain", GRAPH, "USA", "BLR", "--at", "2020-03", "--format", "json",
    ]);
    assert_eq!(e["at"], "2020-03");
    let ties = e["ties"].as_array().unwrap();
    assert_eq!(ties.len(), 1);
    let t = &ties[0];
    assert_eq!(
        (&t["from"], &t["to"], &t["kind"], &t["directed"]),
        (
            &Value::from("BLR"),
            &Value::from("USA"),
            &Value::from("diplomatic"),
            &Value::from(false)
        )
    );
    assert_eq!(t["weight"], 0.3);
    assert_eq!(t["rule"]["kind"], "step");
    assert_eq!(t["rule"]["from"], "2020-02-01");
    let points = t["points"].as_array().unwrap();
    // The 2019 starting point, Hale's visit of 2019-09-17, then Pompeo's.
    assert_eq!(points.len(), 3);
    let pompeo = &points[2];
    assert_eq!(pompeo["in_force"], true);
    assert_eq!(points[0]["in_force"], false);
    assert_eq!(points[1]["event"]["id"], "hale-visit");
    assert_eq!(points[1]["in_force"], false);
    assert_eq!(pompeo["date"], "2020-02-01");
    assert_eq!(pompeo["weight"], 0.3);
    assert_eq!(pompeo["end"], false);
    assert_eq!(pompeo["event"]["id"], "pompeo-visit");
    assert_eq!(
        pompeo["event"]["title"],
        "US Secretary of State Mike Pompeo visits Minsk and meets Lukashenko"
    );
    assert_eq!(pompeo["event"]["date"], "2020-02-01");
    // The point cites no source of its own: these are its event's, in the event's order.
    assert_eq!(
        source_ids(pompeo),
        [
            "commonspace-2020-02-01",
            "tvr-2020-02-01",
            "belarusfeed-2020-02",
            "reuters-2025-06-17-kellogg"
        ]
    );
    assert_eq!(
        pompeo["sources"][0]["url"],
        "https://commonspace.eu/index.php?m=23&news_id=5390"
    );
    assert_eq!(pompeo["sources"][0]["publisher"], "commonspace.eu");
    assert_eq!(pompeo["sources"][3]["url"], Value::Null);
}

#[test]
fn the_text_view_marks_the_point_in_force() {
    let out = detente([
        "explain",
        GRAPH,
        "BLR",
        "USA",
        "--at",
        "2020-03",
        "--kind",
        "diplomatic",
    ])
    .run();
    out.ok();
    insta::assert_snapshot!(out.stdout);
}

#[test]
fn past_the_last_point_the_value_is_stale() {
    let e = json(&[
        "explain",
        GRAPH,
        "USA",
        "BLR",
        "--at",
        "2026-01-12",
        "--format",
        "json",
    ]);
    let rule = &e["ties"][0]["rule"];
    assert_eq!(rule["kind"], "step");
    assert_eq!(rule["from"], "2025-12-13");
    assert_eq!(rule["stale_days"], 30);
    assert_eq!(
        rule["text"],
        "step from the point of 2025-12-13; stale: 30 days since its last point"
    );
}

#[test]
fn an_ended_tie_names_its_end() {
    // Pompeo's contact with Lukashenko ends when he leaves office.
    let e = json(&[
        "explain",
        GRAPH,
        "pompeo",
        "lukashenko",
        "--at",
        "2022",
        "--format",
        "json",
    ]);
    let t = &e["ties"][0];
    assert_eq!(t["weight"], Value::Null);
    assert_eq!(t["rule"]["kind"], "ended");
    let last = t["points"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["end"], true);
    assert_eq!(last["in_force"], true);
    assert_eq!(last["weight"], Value::Null);
}

#[test]
fn in_a_scenario_the_edited_points_cite_the_scenario() {
    let e = json(&[
        "explain", RELIEF, "USA", "BLR", "--at", "2026-07", "--format", "json",
    ]);
    let points = e["ties"][0]["points"].as_array().unwrap();
    let last = points.last().unwrap();
    assert_eq!(last["date"], "2026-06-01");
    assert_eq!(last["weight"], 0.35);
    assert_eq!(last["in_force"], true);
    assert_eq!(last["scenario"], true);
    assert_eq!(last["event"]["id"], "scenario-embassy-2026-06");
    assert_eq!(
        last["sources"][0]["title"],
        "(hypothetical) The releases-for-relief track goes on and the US embassy reopens"
    );
    assert_eq!(last["sources"][0]["file"], RELIEF);
    assert_eq!(last["sources"][0]["id"], Value::Null);
    let edited: Vec<&str> = points
        .iter()
        .filter(|p| p["scenario"] == true)
        .map(|p| p["date"].as_str().unwrap())
        .collect();
    assert_eq!(edited, ["2026-03-01", "2026-06-01"]);
}

#[test]
fn markdown_footnotes_each_source_once() {
    let out = detente([
        "explain", GRAPH, "USA", "BLR", "--at", "2020-03", "--format", "markdown",
    ])
    .run();
    out.ok();
    insta::assert_snapshot!(out.stdout);
}

#[test]
fn an_unknown_actor_suggests_the_closest() {
    detente(["explain", GRAPH, "USA", "Belarsu", "--at", "2020"])
        .run()
        .code(2)
        .stdout_is("")
        .stderr_is("error: unknown actor `Belarsu` (did you mean `BLR` (Belarus)?)\n");
    detente([
        "explain",
        GRAPH,
        "USA",
        "BLR",
        "--kind",
        "diplomatik",
        "--at",
        "2020",
    ])
    .run()
    .code(2)
    .stderr_is(
        "error: no relation of the graph has the kind `diplomatik` (did you mean \
             `diplomatic`?)\n",
    );
}

#[test]
fn actors_without_a_tie_are_not_an_error() {
    detente(["explain", GRAPH, "USA", "zelensky", "--at", "2020"])
        .run()
        .ok()
        .stdout_is("Ties between USA and zelensky on 2020\n\n(no tie between them)\n");
}

#[test]
fn the_output_goes_to_a_file_with_o() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("why.json");
    detente(["explain", GRAPH, "USA", "BLR", "--at", "2020-03"])
        .arg("-o")
        .arg(&path)
        .run()
        .ok()
        .stdout_is("");
    let e: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(e["ties"][0]["weight"], 0.3);
}
