//! Format 1.1 for relations: `confidence` and `range` on a point, the `relation_kinds:` section
//! (expiry, signed view, stale warnings, diagram styles), located errors and warnings, and
//! scenario edits that carry a confidence.

use crate::support::detente;

const CONTACTS: &str = "tests/fixtures/kinds/contacts.yaml";

/// Runs `detente check` on an error fixture: exit 2 and exactly `expected` on stderr.
#[track_caller]
fn fails_with(fixture: &str, expected: &str) {
    let path = format!("tests/fixtures/errors/{fixture}");
    let out = detente(["check", &path]).run();
    out.code(2);
    out.stderr_is(&expected.replace("FILE", &path));
}

#[test]
fn a_bad_confidence_or_range_is_located() {
    fails_with(
        "confidence.yaml",
        "error: FILE:8:47: confidence 1.5 is outside [0, 1]
 8 |       - {date: 2020, weight: 0.5, confidence: 1.5}
   |                                               ^
  help: write 1 for certain, 0.5 for an even guess, 0 for no confidence
error: FILE:9:42: range [0.6, 0.9] does not contain the weight 0.5
 9 |       - {date: 2021, weight: 0.5, range: [0.6, 0.9]}
   |                                          ^
  help: a range gives the weights possible around the point's own
error: FILE:10:42: range [0.4, 2] is outside the scale [-1, 1]
 10 |       - {date: 2022, weight: 0.5, range: [0.4, 2]}
    |                                          ^
  help: keep both bounds within the scale
error: FILE:11:42: range [0.9, 0.1] is not low to high
 11 |       - {date: 2023, weight: 0.5, range: [0.9, 0.1]}
    |                                          ^
  help: write the lower bound first, e.g. `range: [0.1, 0.4]`
error: FILE:12:42: `range` needs two numbers, found 1
 12 |       - {date: 2024, weight: 0.5, range: [0.1]}
    |                                          ^
  help: write `range: [low, high]`, e.g. `range: [0.1, 0.4]`
error: FILE:13:45: an end point has no weight, so no `confidence`
 13 |       - {date: 2025, end: true, confidence: 0.5}
    |                                             ^
  help: remove `confidence`, or give the point a `weight:`
error: FILE:14:47: `confidence` must be a number, found `high`
 14 |       - {date: 2026, weight: 0.5, confidence: high}
    |                                               ^
  help: write a number here
FILE: 7 problems found
",
    );
}

#[test]
fn a_bad_relation_kind_is_located() {
    fails_with(
        "relation-kinds.yaml",
        "error: FILE:3:22: `expires`: `90 days` is not a span; write a whole number and a unit, e.g. `90d`, `6w`, `3m` or `1y`
 3 |   contact: {expires: 90 days, stale: 0y}
   |                      ^
  help: d is days, w weeks, m calendar months, y calendar years
error: FILE:3:38: `stale`: `0y` is not a span; write a whole number and a unit, e.g. `90d`, `6w`, `3m` or `1y`
 3 |   contact: {expires: 90 days, stale: 0y}
   |                                      ^
  help: d is days, w weeks, m calendar months, y calendar years
error: FILE:4:19: `signed` must be `true` or `false`, found `maybe`
 4 |   trade: {signed: maybe, factor: 0}
   |                   ^
  help: write `true` or `false` here
error: FILE:4:34: factor 0 must be a number above 0
 4 |   trade: {signed: maybe, factor: 0}
   |                                  ^
  help: e.g. `factor: 0.5`; to leave a kind out of signed measures write `signed: false`
error: FILE:5:26: `red` is not a colour
 5 |   talks: {style: {color: red, line: wavy, width: 2}}
   |                          ^
  help: write a colour as `\"#rrggbb\"`, e.g. `\"#1f77b4\"` (quoted: `#` starts a YAML comment)
error: FILE:5:37: unknown line `wavy`
 5 |   talks: {style: {color: red, line: wavy, width: 2}}
   |                                     ^
  help: a line is one of `solid`, `dashed`, `dotted`, `bold` and `double`
error: FILE:5:43: unknown field `width` in the style of relation kind `talks`
 5 |   talks: {style: {color: red, line: wavy, width: 2}}
   |                                           ^
  help: the fields here are `color` and `line`
error: FILE:6:11: unknown field `expire` in relation kind `visit`
 6 |   visit: {expire: 30d}
   |           ^
  help: did you mean `expires`?
FILE: 8 problems found
",
    );
}

#[test]
fn check_warns_about_unused_kinds_and_stale_ties_and_still_exits_0() {
    let out = detente(["check", CONTACTS]).run();
    out.ok()
        .stdout_is("tests/fixtures/kinds/contacts.yaml: ok (3 actors, 4 relations, 6 points, 0 events, 0 sources)\n")
        .stderr_is(
            "warning: tests/fixtures/kinds/contacts.yaml:7:3: relation kind `diplomatc` is declared but never used
 7 |   diplomatc: {factor: 2}
   |   ^
  help: did you mean `diplomatic`? no relation has the kind `diplomatc`
warning: tests/fixtures/kinds/contacts.yaml:21:9: A -- B (diplomatic) is stale: its weight of 2020 is carried 2192 days to the graph's end (2026-01-01), longer than 2y
 21 |       - {date: 2020, weight: -0.8, confidence: 0.5}
    |         ^
  help: add a later point that confirms or changes the weight, or end the tie
tests/fixtures/kinds/contacts.yaml: 2 problems found
",
        );
}

#[test]
fn stale_after_applies_to_kinds_without_their_own_span() {
    // The trade tie's kind declares no `stale:`; the contact tie lapses, so it is never carried.
    let out = detente(["check", "--stale-after", "5y", "--format", "json", CONTACTS]).run();
    out.ok();
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let messages: Vec<&str> = json["files"][0]["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["message"].as_str().unwrap())
        .collect();
    assert_eq!(messages.len(), 3, "{messages:?}");
    assert!(messages[2].starts_with("A -- C (trade) is stale"));
    assert_eq!(json["files"][0]["warnings"][2]["line"], 25);
    let bad = detente(["check", "--stale-after", "2 years", CONTACTS]).run();
    bad.code(2).stderr_has("`2 years` is not a span");
}

#[test]
fn show_carries_confidence_and_range_and_drops_an_expired_tie() {
    let out = detente(["show", CONTACTS, "--at", "2025-03", "--format", "json"]).run();
    out.ok();
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let tie = &json["ties"][0];
    assert_eq!(tie["tie"], "A|B|contact");
    assert_eq!(tie["confidence"], 0.7);
    assert_eq!(tie["range"], serde_json::json!([0.4, 0.8]));
    assert_eq!(json["ties"][1]["confidence"], 0.5);
    assert!(json["ties"][1].get("range").is_none());
    // 90 days after 2025-02-01 is 2025-05-02: the February meeting no longer counts.
    let later = detente(["show", CONTACTS, "--at", "2025-05-02", "--format", "json"]).run();
    later.ok();
    assert!(!later.stdout.contains("A|B|contact"));
    let eve = detente(["show", CONTACTS, "--at", "2025-05-01", "--format", "json"]).run();
    eve.ok().stdout_has("A|B|contact");
}

#[test]
fn explain_says_when_an_expired_weight_lapsed() {
    let out = detente([
        "explain", CONTACTS, "A", "B", "--kind", "contact", "--at", "2025-06",
    ])
    .run();
    out.ok().stdout_is(
        "Ties between A and B on 2025-06

A -- B (contact): absent
  rule: expired: the weight of the point of 2025-02-01 lapsed on 2025-05-02
  points:
  * 2025-02-01  +0.6 (confidence 0.7, range 0.4 to 0.8)
      note: a February meeting
      sources: none
",
    );
    let json = detente([
        "explain", CONTACTS, "A", "B", "--kind", "contact", "--at", "2025-06", "--format", "json",
    ])
    .run();
    json.ok();
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let rule = &v["ties"][0]["rule"];
    assert_eq!(rule["kind"], "expired");
    assert_eq!(rule["from"], "2025-02-01");
    assert_eq!(rule["lapsed"], "2025-05-02");
    assert_eq!(v["ties"][0]["weight"], serde_json::Value::Null);
    assert_eq!(v["ties"][0]["points"][0]["confidence"], 0.7);
    let md = detente([
        "explain", CONTACTS, "A", "B", "--kind", "contact", "--at", "2025-06", "--format",
        "markdown",
    ])
    .run();
    md.ok()
        .stdout_has("Rule: expired: the weight of the point of 2025-02-01 lapsed on 2025-05-02.");
    // Stale: carried longer than the kind's `stale:` says.
    let stale = detente([
        "explain",
        CONTACTS,
        "A",
        "B",
        "--kind",
        "diplomatic",
        "--at",
        "2025-06",
        "--format",
        "json",
    ])
    .run();
    stale.ok();
    let v: serde_json::Value = serde_json::from_str(&stale.stdout).unwrap();
    assert_eq!(v["ties"][0]["rule"]["stale_days"], 1978);
    assert_eq!(v["ties"][0]["rule"]["stale_beyond"], "2y");
    let early = detente([
        "explain",
        CONTACTS,
        "A",
        "B",
        "--kind",
        "diplomatic",
        "--at",
        "2021",
    ])
    .run();
    early
        .ok()
        .stdout_has("stale: 366 days since its last point\n");
}

#[test]
fn the_signed_view_leaves_out_unsigned_kinds_and_weighs_kinds_by_factor() {
    let analyze = |at: &str| {
        let out = detente(["analyze", CONTACTS, "--at", at, "--format", "json"]).run();
        out.ok();
        serde_json::from_str::<serde_json::Value>(&out.stdout).unwrap()
    };
    // March: A–B is contact +0.6 and diplomatic 0.5 × -0.8 = -0.4, net positive; the trade tie
    // A–C (-0.9) is not signed, so no triangle is unbalanced and all three form one bloc.
    let march = analyze("2025-03");
    assert_eq!(
        march["blocs"],
        serde_json::json!([{"id": 1, "actors": ["A", "B", "C"]}])
    );
    assert_eq!(march["balance"]["triangles"], 0);
    assert_eq!(
        march["signed_view"]["kinds"],
        serde_json::json!({
            "contact": {"signed": true, "factor": 1.0},
            "diplomatic": {"signed": true, "factor": 0.5},
            "trade": {"signed": false, "factor": 1.0}
        })
    );
    assert!(
        march["signed_view"]["combine"]
            .as_str()
            .unwrap()
            .contains("factor")
    );
    // June: the contact has lapsed, A–B is hostile.
    let june = analyze("2025-06");
    assert_eq!(
        june["blocs"],
        serde_json::json!([{"id": 1, "actors": ["A"]}, {"id": 2, "actors": ["B", "C"]}])
    );
}

#[test]
fn the_diagram_draws_kind_styles_and_confidence() {
    let out = detente(["render", CONTACTS, "--at", "2025-03", "--format", "dot"]).run();
    out.ok()
        // The contact kind's own colour, translucent at confidence 0.7, dashed.
        .stdout_has(r##"color="#1f77b4C6""##)
        .stdout_has("since 2025-02-01 (confidence 0.7)")
        .stdout_has("translucent: confidence below 1");
}

#[test]
fn scenario_set_carries_a_confidence_through_apply() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("s.yaml");
    let base = std::fs::canonicalize(CONTACTS).unwrap();
    std::fs::write(
        &scenario,
        format!(
            "detente-scenario: 1\nbase: {}\nedits:\n  - set: {{between: [A, C], kind: trade, date: 2026-02, weight: 0.3, confidence: 0.4}}\n",
            base.display()
        ),
    )
    .unwrap();
    let applied = dir.path().join("applied.yaml");
    detente(["scenario", "apply"])
        .arg(&scenario)
        .arg("-o")
        .arg(&applied)
        .run()
        .ok();
    let text = std::fs::read_to_string(&applied).unwrap();
    assert!(
        text.contains("{date: 2026-02, weight: 0.3, confidence: 0.4}"),
        "{text}"
    );
    detente(["check"]).arg(&applied).run().ok();
    // Out of [0, 1]: located at the edit's field when applied.
    std::fs::write(
        &scenario,
        format!(
            "detente-scenario: 1\nbase: {}\nedits:\n  - set: {{between: [A, C], kind: trade, date: 2026-02, weight: 0.3, confidence: 4}}\n",
            base.display()
        ),
    )
    .unwrap();
    detente(["scenario", "apply"])
        .arg(&scenario)
        .run()
        .code(2)
        .stderr_has("confidence 4 is outside [0, 1]");
}

#[cfg(feature = "builtin-render")]
#[test]
fn diff_diagram_tooltips_carry_the_changing_point_s_event_and_sources_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("d.svg");
    detente([
        "diff",
        "tests/fixtures/kinds/hostile-diff.yaml",
        "--from",
        "2020-06",
        "--to",
        "2021-06",
        "--engine",
        "builtin",
        "-o",
    ])
    .arg(&svg)
    .run()
    .ok();
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(
        text.contains(
            "since 2021&#45;03&#45;01: Event &quot;&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;&#10;Sources: Evil &quot;quote&quot;"
        ),
        "{text}"
    );
    assert!(!text.contains("<script"));
    assert!(!text.contains("</title><"));
}

#[test]
fn the_long_table_carries_confidence_and_range_both_ways() {
    let out = detente(["export", CONTACTS]).run();
    out.ok().stdout_has(
        "from,to,kind,date,weight,directed,end,interpolation,note,source,event,confidence,\
         range_low,range_high,count,relation_note\n\
         A,B,contact,2025-02-01,0.6,false,,,a February meeting,,,0.7,0.4,0.8,,\n",
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("t.csv"), &out.stdout).unwrap();
    detente(["import", "csv", "t.csv"])
        .in_dir(dir.path())
        .run()
        .ok()
        .stdout_has(
            r#"{date: "2025-02-01", weight: 0.6, note: a February meeting, confidence: 0.7, range: [0.4, 0.8]}"#,
        );
    std::fs::write(
        dir.path().join("bad.csv"),
        "from,to,date,weight,confidence\nA,B,2020,0.5,2\n",
    )
    .unwrap();
    detente(["import", "csv", "bad.csv"])
        .in_dir(dir.path())
        .run()
        .code(2)
        .stderr_has("confidence `2` is not a number from 0 to 1 on a weight");
}

/// Runs `schema/validate.py ARGS...` (python3 with jsonschema and PyYAML, as `schema.rs` needs).
fn validate(args: &[&str]) -> (bool, String) {
    let out = std::process::Command::new("python3")
        .arg("schema/validate.py")
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("python3 runs");
    assert_ne!(
        out.status.code(),
        Some(3),
        "install python3-jsonschema and python3-yaml"
    );
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn the_schema_knows_the_new_fields() {
    let (ok, out) = validate(&[CONTACTS]);
    assert!(ok, "{out}");
    let (ok, out) = validate(&[
        "--expect-invalid",
        "tests/fixtures/errors/confidence.yaml",
        "tests/fixtures/errors/relation-kinds.yaml",
    ]);
    assert!(ok, "{out}");
    assert!(
        out.contains("1.5 is greater than the maximum of 1"),
        "{out}"
    );
    assert!(out.contains("'90 days' does not match"), "{out}");
}

#[test]
fn scenario_add_writes_a_confidence_from_the_shell() {
    let dir = tempfile::tempdir().unwrap();
    let base = std::fs::canonicalize(CONTACTS).unwrap();
    detente(["scenario", "new", "s.yaml", "--base"])
        .arg(&base)
        .in_dir(dir.path())
        .run()
        .ok();
    detente([
        "scenario",
        "add",
        "s.yaml",
        "shift",
        "--between",
        "B",
        "C",
        "--kind",
        "diplomatic",
        "--date",
        "2026-02",
        "--delta",
        "0.1",
        "--confidence",
        "0.3",
    ])
    .in_dir(dir.path())
    .run()
    .ok();
    let text = std::fs::read_to_string(dir.path().join("s.yaml")).unwrap();
    assert!(text.contains("confidence: 0.3"), "{text}");
    detente(["scenario", "apply", "s.yaml"])
        .in_dir(dir.path())
        .run()
        .ok()
        .stdout_has("{date: 2026-02, weight: 0.6, confidence: 0.3}");
    detente([
        "scenario",
        "add",
        "s.yaml",
        "end",
        "--between",
        "B",
        "C",
        "--kind",
        "diplomatic",
        "--date",
        "2026-03",
        "--confidence",
        "0.3",
    ])
    .in_dir(dir.path())
    .run()
    .code(2)
    .stderr_has("an end has no weight, so no `confidence`");
}
