//! `detente show`.

use crate::support::detente;

const MINIMAL: &str = "tests/fixtures/minimal.yaml";

#[test]
fn show_prints_the_ties_of_the_date_as_json() {
    let out = detente(["show", MINIMAL, "--at", "2020-03", "--format", "json"]).run();
    out.ok();
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(json["date"], "2020-03");
    assert_eq!(json["ties"][0]["from"], "BLR");
    assert_eq!(json["ties"][0]["to"], "USA");
    assert_eq!(json["ties"][0]["kind"], "diplomatic");
    assert_eq!(json["ties"][0]["directed"], false);
    assert_eq!(json["ties"][0]["weight"], 0.2);
    assert_eq!(json["actors"][2]["id"], "pompeo");
    assert_eq!(json["actors"][2]["post"]["of"], "USA");
}

#[test]
fn show_places_persons_in_their_state() {
    detente(["show", MINIMAL, "--at", "2020-03"])
        .run()
        .ok()
        .stdout_has("Secretary of State, USA")
        .stdout_has("BLR -- USA");
}

#[test]
fn a_bad_date_is_an_error_with_exit_code_2() {
    detente(["show", MINIMAL, "--at", "2020-13"])
        .run()
        .code(2)
        .stderr_has("month 13");
}

#[test]
fn control_characters_in_texts_never_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("evil.yaml");
    std::fs::write(
        &path,
        "detente: 1\ntitle: \"T\\e[2J\"\nactors:\n  A: {name: A, kind: state, note: \"Evil\\e]0;pwned\\a\"}\n  B: {name: B, kind: state}\nrelations:\n  - between: [A, B]\n    kind: \"x\\ry\"\n    series: [{date: 2020, weight: 0.5}]\n",
    )
    .unwrap();
    let out = detente(["show"]).arg(&path).args(["--at", "2021"]).run();
    out.ok();
    assert!(!out.stdout.contains('\u{1b}'), "{}", out.stdout);
    assert!(!out.stdout.contains('\r'), "{}", out.stdout);
    out.stdout_has("x\\u{d}y");
}

#[test]
fn a_control_character_in_a_name_is_a_located_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("evil.yaml");
    std::fs::write(
        &path,
        "detente: 1\nactors:\n  A: {name: \"Evil\\e]0;pwned\\a\", kind: state}\n  B: {name: \"Tab\\tbed\", kind: state}\n  C: {name: \"Two\\nlines\", kind: state}\nrelations: []\n",
    )
    .unwrap();
    let out = detente(["check"]).arg(&path).run();
    out.code(2)
        .stderr_has(":3:13: the name of actor `A` holds the control character \\u{1b}")
        .stderr_has(":4:13: the name of actor `B` holds the control character \\u{9}");
    assert!(!out.stderr.contains('\u{1b}'), "{}", out.stderr);
    assert!(!out.stderr.contains("actor `C`"), "{}", out.stderr);
}

#[test]
fn each_tie_in_json_says_since_when_its_value_holds() {
    let out = detente([
        "show",
        "graphs/us-belarus.yaml",
        "--at",
        "2020-03",
        "--format",
        "json",
    ])
    .run();
    out.ok();
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let tie = json["ties"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["from"] == "BLR" && t["to"] == "USA" && t["kind"] == "diplomatic")
        .unwrap();
    assert_eq!(tie["since"], "2020-02-01");
    assert_eq!(tie["weight"], 0.3);
    // Without --sources, no point.
    assert!(tie.get("point").is_none());
    assert!(
        json["ties"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["since"].is_string())
    );
}

#[test]
fn sources_adds_the_point_in_force_with_its_event_and_sources() {
    let out = detente([
        "show",
        "graphs/us-belarus.yaml",
        "--at",
        "2020-03",
        "--format",
        "json",
        "--sources",
    ])
    .run();
    out.ok();
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let tie = json["ties"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["from"] == "BLR" && t["to"] == "USA" && t["kind"] == "diplomatic")
        .unwrap();
    let point = &tie["point"];
    assert_eq!(point["date"], "2020-02-01");
    assert_eq!(point["in_force"], true);
    assert_eq!(point["event"]["id"], "pompeo-visit");
    assert_eq!(point["sources"][0]["id"], "commonspace-2020-02-01");
    assert_eq!(point["sources"].as_array().unwrap().len(), 4);
}

#[test]
fn sources_in_text_follow_the_table() {
    let out = detente(["show", MINIMAL, "--at", "2020-03", "--sources"]).run();
    out.ok();
    insta::assert_snapshot!(out.stdout);
}

#[test]
fn sources_in_text_name_the_event_and_each_source() {
    detente([
        "show",
        "graphs/us-belarus.yaml",
        "--at",
        "2020-03",
        "--sources",
    ])
    .run()
    .ok()
    .stdout_has(
        "\nBLR -- USA (diplomatic)\n  2020-02-01  +0.3\n    event: US Secretary of State Mike \
             Pompeo visits Minsk and meets Lukashenko (pompeo-visit, 2020-02-01)\n",
    )
    .stdout_has(
        "      - US Secretary of State on historic visit to Belarus — commonspace.eu, \
             2020-02-01, https://commonspace.eu/index.php?m=23&news_id=5390\n",
    );
}

#[test]
fn filters_narrow_the_snapshot_to_kinds_and_actors() {
    let ties = |extra: &[&str]| -> Vec<String> {
        let mut args = vec![
            "show",
            "graphs/us-belarus.yaml",
            "--at",
            "2025-07",
            "--format",
            "json",
        ];
        args.extend_from_slice(extra);
        let out = detente(args).run();
        out.ok();
        let j: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        j["ties"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["tie"].as_str().unwrap().to_string())
            .collect()
    };
    let diplomatic = ties(&["--kinds", "diplomatic"]);
    assert!(!diplomatic.is_empty());
    assert!(diplomatic.iter().all(|t| t.ends_with("|diplomatic")));
    assert!(
        ties(&["--exclude-kinds", "contact"])
            .iter()
            .all(|t| !t.ends_with("|contact"))
    );
    // Lukashenko's ego network at depth 1: his ties only, each with him at one end.
    let ego = ties(&["--ego", "lukashenko"]);
    assert!(!ego.is_empty());
    assert!(
        ego.iter()
            .all(|t| t.split('|').take(2).any(|a| a == "lukashenko"))
    );
    assert_eq!(
        ties(&["--only", "BLR,USA"]),
        ["BLR|USA|diplomatic".to_string()]
    );
    assert!(
        ties(&["--exclude", "BLR"])
            .iter()
            .all(|t| !t.split('|').take(2).any(|a| a == "BLR"))
    );
    detente([
        "show",
        "graphs/us-belarus.yaml",
        "--at",
        "2025-07",
        "--only",
        "BLR,USSA",
    ])
    .run()
    .code(2)
    .stderr_is(
        "error: --only: no actor `USSA` in the graph; did you mean `USA` (United States)?\n",
    );
}
