//! `detente trend`.

use crate::support::detente;

const CAMPS: &str = "tests/fixtures/analysis-camps.yaml";

fn json(args: &[&str]) -> serde_json::Value {
    let mut all = vec!["trend", CAMPS, "--format", "json"];
    all.extend_from_slice(args);
    let out = detente(all).run();
    out.ok();
    serde_json::from_str(&out.stdout).expect("trend prints JSON")
}

#[test]
fn steps_run_from_the_first_date_to_the_last() {
    let j = json(&["--from", "2019", "--to", "2021-06"]);
    let dates: Vec<&str> = j["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["date"].as_str().unwrap())
        .collect();
    // Steps are written as precisely as the start and the unit need; a partial --to means the
    // last day of the period it names.
    assert_eq!(dates, ["2019", "2020", "2021", "2021-06-30"]);
    assert_eq!(j["every"], "1y");
}

#[test]
fn balance_improves_as_belarus_turns_hostile() {
    // 2019: POL–BLR and USA–BLR (net +0.2) are positive, so four triangles are ++-; by 2021
    // both have turned negative and only USA·RUS·TUR is unbalanced.
    let j = json(&["--from", "2019", "--to", "2021"]);
    let steps = j["steps"].as_array().unwrap();
    let first = &steps[0];
    let last = &steps[steps.len() - 1];
    assert!((first["ratio"].as_f64().unwrap() - 2.0 / 6.0).abs() < 1e-12);
    assert!((last["ratio"].as_f64().unwrap() - 5.0 / 6.0).abs() < 1e-12);
    assert_eq!(first["frustration"]["index"], 2);
    assert_eq!(last["frustration"]["index"], 1);
}

#[test]
fn movers_and_bloc_switches() {
    let j = json(&["--from", "2019", "--to", "2021"]);
    let top = &j["movers"]["ties"][0];
    assert_eq!(
        (top["from"].as_str(), top["to"].as_str()),
        (Some("BLR"), Some("POL"))
    );
    assert!((top["change"].as_f64().unwrap() + 0.8).abs() < 1e-12);
    let actor = &j["movers"]["actors"][0];
    assert_eq!(actor["id"], "BLR");
    assert!((actor["change"].as_f64().unwrap() + 2.0).abs() < 1e-12);
    // Everyone is one bloc in 2019; in 2021 BLR and RUS form a new bloc, labelled 1 as the
    // bloc of the first member, while the others' bloc, now 2, continues the old bloc 1. The
    // envoy takes office in 2020 and enters the one bloc with the state it serves; in 2021 it
    // stays in the bloc that continues, so only BLR and RUS switch.
    let switched: Vec<(&str, u64)> = j["switches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["actor"].as_str().unwrap(), s["to"].as_u64().unwrap()))
        .collect();
    assert_eq!(switched, [("envoy", 1), ("BLR", 1), ("RUS", 1)]);
    assert_eq!(
        j["steps"][2]["blocs"],
        serde_json::json!([
            {"id": 1, "actors": ["BLR", "RUS"], "continues": null},
            {"id": 2, "actors": ["LTU", "POL", "TUR", "USA", "envoy"], "continues": 1},
        ])
    );
}

#[test]
fn a_partial_to_includes_the_whole_period_it_names() {
    // `--to 2021` runs through 2021-12-31: the last step is that day, after the yearly 2021.
    let j = json(&["--from", "2019", "--to", "2021"]);
    let last = j["steps"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["date"], "2021-12-31");
    // A full date is that day.
    let j = json(&["--from", "2019", "--to", "2021-03-04"]);
    let last = j["steps"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["date"], "2021-03-04");
}

#[test]
fn text_report() {
    let out = detente(["trend", CAMPS, "--from", "2019", "--to", "2021-06"]).run();
    out.ok();
    insta::assert_snapshot!("trend_camps_text", out.stdout);
}

#[test]
fn csv_is_tidy() {
    let out = detente([
        "trend", CAMPS, "--from", "2019", "--to", "2021", "--format", "csv",
    ])
    .run();
    out.ok();
    let mut lines = out.stdout.lines();
    // The fifth column is the canonical tie key, for joining with other outputs.
    assert_eq!(lines.next(), Some("date,measure,subject,value,tie"));
    assert!(
        out.stdout
            .contains("2021,tie_weight,BLR -- POL (relation),-0.6,BLR|POL|relation\n")
    );
    assert!(out.stdout.contains("2021,frustration_index,,1,\n"));
    assert!(out.stdout.contains("2019,bloc,USA,1,\n"));
    assert!(out.stdout.contains("2021-12-31,bloc,USA,2,\n"));
    assert!(out.stdout.lines().all(|l| l.split(',').count() == 5));
}

#[test]
fn monthly_state_level_trend() {
    let j = json(&[
        "--from", "2020-05", "--to", "2020-08", "--every", "1m", "--level", "state",
    ]);
    // 2020-05, -06, -07, -08 and the last day of August that `--to 2020-08` runs through.
    assert_eq!(j["steps"].as_array().unwrap().len(), 5);
    assert_eq!(j["level"], "state");
    assert!(j["steps"][0]["strength"].get("envoy").is_none());
}

#[test]
fn a_reversed_range_is_an_error() {
    detente(["trend", CAMPS, "--from", "2021", "--to", "2019"])
        .run()
        .code(2)
        .stderr_has("error: --to 2019 is before --from 2021; swap them\n");
}

#[test]
fn a_bad_interval_is_an_error() {
    detente([
        "trend", CAMPS, "--from", "2019", "--to", "2021", "--every", "1q",
    ])
    .run()
    .code(2)
    .stderr_has(
        "error: invalid value '1q' for '--every <INTERVAL>': `1q` is not an interval; \
             write a number and a unit: 1y, 6m, 2w or 1d",
    );
}

#[test]
fn too_many_steps_is_an_error() {
    detente([
        "trend", CAMPS, "--from", "1900", "--to", "2100", "--every", "1d",
    ])
    .run()
    .code(2)
    .stderr_has("makes more than 10000 dates; use a longer --every");
}

/// A complete signed graph of `n` actors with one point per tie, in 2000: every later date has
/// the same snapshot, and its frustration and bloc searches are long.
fn complete(n: usize) -> String {
    let mut text = String::from("detente: 1\nactors:\n");
    for i in 0..n {
        text.push_str(&format!("  a{i}: {{name: Actor {i}, kind: state}}\n"));
    }
    text.push_str("relations:\n");
    for i in 0..n {
        for j in i + 1..n {
            let w = if (i * 7 + j * 13) % 5 < 2 { -0.5 } else { 0.5 };
            text.push_str(&format!(
                "  - {{between: [a{i}, a{j}], series: [{{date: 2000, weight: {w}}}]}}\n"
            ));
        }
    }
    text
}

#[test]
fn a_timeout_stops_the_searches_with_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("complete.yaml");
    std::fs::write(&path, complete(40)).unwrap();
    let out = detente([
        "trend",
        "--from",
        "2010",
        "--to",
        "2020",
        "--timeout",
        "0.01",
    ])
    .arg(&path)
    .run();
    out.code(2).stderr_is(
        "error: the trend took longer than --timeout 0.01 s; allow more time, or ask for less \
         (--blocs K, a shorter range or a longer --every)\n",
    );
    assert!(out.stdout.is_empty());
    detente(["analyze", "--at", "2010", "--timeout", "0.01"])
        .arg(&path)
        .run()
        .code(2)
        .stderr_has("error: the analysis took longer than --timeout 0.01 s");
    detente(["trend", "--from", "2010", "--to", "2020", "--timeout", "0"])
        .arg(&path)
        .run()
        .code(2)
        .stderr_has("`0` is not a number of seconds");
}

#[test]
fn a_generous_timeout_changes_nothing() {
    let plain = detente([
        "trend",
        "graphs/us-belarus.yaml",
        "--from",
        "2019",
        "--to",
        "2025",
    ])
    .run();
    plain.ok();
    detente([
        "trend",
        "graphs/us-belarus.yaml",
        "--from",
        "2019",
        "--to",
        "2025",
    ])
    .args(["--timeout", "600"])
    .run()
    .ok()
    .stdout_is(&plain.stdout);
}

#[test]
fn on_the_bundled_graph_every_official_stands_with_their_state_every_month() {
    let out = detente([
        "trend",
        "graphs/us-belarus.yaml",
        "--from",
        "2019",
        "--to",
        "2025",
        "--every",
        "1m",
        "--format",
        "json",
    ])
    .run();
    out.ok();
    let j: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let model = detente::load::load_path(&crate::support::repo("graphs/us-belarus.yaml")).unwrap();
    let mut checked = 0;
    for step in j["steps"].as_array().unwrap() {
        let date: detente::Date = step["date"].as_str().unwrap().parse().unwrap();
        let bloc_of = |id: &str| {
            step["blocs"]
                .as_array()
                .unwrap()
                .iter()
                .find(|b| b["actors"].as_array().unwrap().iter().any(|a| a == id))
                .map(|b| b["id"].clone())
        };
        for actor in model.actors.values() {
            if let Some(home) = actor.home_on(date) {
                assert_eq!(bloc_of(&actor.id), bloc_of(home), "{} on {date}", actor.id);
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "{checked}");
}
