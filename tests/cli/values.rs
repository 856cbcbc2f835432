//! Exact and honest values: YAML 1.2 booleans only, JSON floats read exactly, and metrics that
//! stay finite on the smallest weights.

use crate::support::detente;

fn temp(name: &str, text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

#[test]
fn yaml_1_1_booleans_stay_text() {
    let (_dir, path) = temp(
        "g.yaml",
        "detente: 1\nactors:\n  NO: {name: Norway, kind: state}\n  SE: {name: Sweden, kind: state}\n  \
         Y: {name: yes, kind: state}\nrelations:\n  \
         - {between: [NO, SE], kind: Off, series: [{date: 2020, weight: 0.5}]}\n  \
         - {between: [Y, SE], kind: on, series: [{date: 2020, weight: 0.5}]}\n",
    );
    detente(["show", "--at", "2021"])
        .arg(&path)
        .run()
        .ok()
        .stdout_is(
            "As of 2021\n\nActors (3)\nid  name    kind   post\nNO  Norway  state\nSE  Sweden  \
             state\nY   yes     state\n\nTies (2)\ntie       kind  weight\nNO -- SE  Off    \
             +0.50\nSE -- Y   on     +0.50\n",
        );
}

#[test]
fn json_floats_are_read_exactly() {
    let weights = [
        "-0.9736640168902517",
        "0.1234567890123456",
        "-0.5843914157958398",
        "0.7071067811865476",
    ];
    let relations: Vec<String> = weights
        .iter()
        .enumerate()
        .map(|(i, w)| {
            format!(
                r#"{{"between":["A","B"],"kind":"k{i}","series":[{{"date":2020,"weight":{w}}}]}}"#
            )
        })
        .collect();
    let (_dir, path) = temp(
        "g.json",
        &format!(
            r#"{{"detente":1,"actors":{{"A":{{"name":"A","kind":"state"}},"B":{{"name":"B","kind":"state"}}}},"relations":[{}]}}"#,
            relations.join(",")
        ),
    );
    let out = detente(["show", "--at", "2021", "--format", "json"])
        .arg(&path)
        .run();
    out.ok();
    for w in weights {
        out.stdout_has(&format!("\"weight\": {w}\n"));
    }
}

#[test]
fn a_subnormal_weight_keeps_pagerank_finite() {
    let (_dir, path) = temp(
        "g.json",
        r#"{"detente":1,"actors":{"A":{"name":"A","kind":"state"},"B":{"name":"B","kind":"state"}},"relations":[{"between":["A","B"],"kind":"x","series":[{"date":2020,"weight":5e-324}]}]}"#,
    );
    let text = detente(["analyze", "--at", "2021"]).arg(&path).run();
    text.ok();
    assert!(
        !text.stdout.contains("inf") && !text.stdout.contains("NaN"),
        "{}",
        text.stdout
    );
    text.stdout_has("    0.5000 ");
    let json = detente(["analyze", "--at", "2021", "--format", "json"])
        .arg(&path)
        .run();
    json.ok();
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    for actor in value["actors"].as_array().unwrap() {
        for (metric, v) in actor.as_object().unwrap() {
            if metric != "id" && metric != "name" && !v.is_string() {
                assert!(v.is_number(), "{metric} is {v}");
            }
        }
        assert!((actor["pagerank"].as_f64().unwrap() - 0.5).abs() < 1e-9);
    }
}

/// A graph with `SPELLING` in every place a date is read: a series point, a post, a
/// membership, an event and a source.
fn every_date(spelling: &str) -> String {
    "detente: 1\nsources:\n  s: {title: S, date: SPELLING}\nactors:\n  \
     A: {name: A, kind: state}\n  B: {name: B, kind: party, part_of: [{of: A, from: ~SPELLING}]}\n  \
     p: {name: P, kind: person, posts: [{title: T, of: A, from: SPELLING}]}\n\
     events:\n  e: {date: SPELLING, title: E}\nrelations:\n  \
     - {between: [A, B], kind: k, series: [{date: SPELLING, weight: 0.5}]}\n"
        .replace("SPELLING", spelling)
}

#[test]
fn years_are_read_as_written() {
    for spelling in ["+2020", "0x7E4", "2_020", "2020.0", "0o3744"] {
        let (_dir, path) = temp("g.yaml", &every_date(spelling));
        let out = detente(["check"]).arg(&path).run();
        out.code(2);
        let wanted = format!("`{spelling}` is not a date; write the year as 2020");
        let stderr = &out.stderr;
        assert_eq!(
            stderr.matches(&wanted).count(),
            5,
            "{spelling}: one error per date (source, membership, post, event, point):\n{stderr}"
        );
        // Each error points at its line: the source's is line 3.
        assert!(stderr.contains("g.yaml:3:"), "{stderr}");
    }
    let (_dir, path) = temp("g.yaml", &every_date("2020"));
    detente(["check"]).arg(&path).run().ok();
}

#[test]
fn scenario_edit_years_are_read_as_written() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("g.yaml"), every_date("2019")).unwrap();
    let scenario = dir.path().join("s.yaml");
    std::fs::write(
        &scenario,
        "detente-scenario: 1\nbase: g.yaml\nedits:\n  \
         - set: {between: [A, B], kind: k, date: 0x7E4, weight: 0.2}\n",
    )
    .unwrap();
    detente(["check"])
        .arg(&scenario)
        .run()
        .code(2)
        .stderr_has("s.yaml:4:")
        .stderr_has("`0x7E4` is not a date; write the year as 2020");
}
