//! Format 1.1, actors: open collective kinds, `part_of` memberships (nested clusters, the
//! state-level roll-up), uncertain post dates, kind-typo warnings and `check --strict`, version
//! 1.1, scenario edits of the new fields, and the JCPOA example.

use crate::support::{detente, repo};

const KINDS: &str = "tests/fixtures/format-1.1/kinds.yaml";
const JCPOA: &str = "examples/jcpoa.yaml";

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
fn show_json_gives_open_kinds_memberships_and_uncertain_post_dates() {
    let doc = json(&["show", KINDS, "--at", "2005", "--format", "json"]);
    assert_eq!(
        actor(&doc, "QF"),
        &serde_json::json!({"id": "QF", "name": "Quds Force", "kind": "military", "part_of": "IRGC"})
    );
    assert_eq!(actor(&doc, "IRGC")["part_of"], "IRN");
    assert_eq!(actor(&doc, "IRN").get("part_of"), None, "part of nothing");
    assert_eq!(
        actor(&doc, "cmdr")["posts"],
        serde_json::json!([{"of": "QF", "title": "Commander", "from": "1998", "until": null,
            "from_certainty": "approximate", "until_certainty": "unknown"}])
    );
    // Before the IRGC's approximate start it is part of nothing.
    let doc = json(&["show", KINDS, "--at", "1979-04", "--format", "json"]);
    assert_eq!(actor(&doc, "IRGC").get("part_of"), None);
    assert_eq!(
        actor(&doc, "QF")["part_of"],
        "IRGC",
        "an unknown start is open"
    );
}

#[test]
fn show_text_says_what_a_collective_is_part_of() {
    detente(["show", KINDS, "--at", "2005"])
        .run()
        .ok()
        .stdout_has("QF    Quds Force     military  part of IRGC\n");
}

#[test]
fn a_member_is_drawn_inside_its_container_cluster_nested() {
    let out = detente(["render", KINDS, "--at", "2005"]).run();
    out.ok();
    let lines: Vec<&str> = out.stdout.lines().collect();
    let at = |text: &str| {
        lines
            .iter()
            .position(|l| l.contains(text))
            .unwrap_or_else(|| panic!("{text} in the DOT"))
    };
    // Iran's cluster holds the IRGC's, which holds the Quds Force's, which holds the person.
    assert!(lines[at("label=<<B>Iran</B>>") - 1].starts_with("  subgraph"));
    assert!(lines[at("label=<<B>IRGC</B>>") - 1].starts_with("    subgraph"));
    assert!(lines[at("label=<<B>Quds Force</B>>") - 1].starts_with("      subgraph"));
    assert!(lines[at("tooltip=\"Commander (cmdr)\"")].starts_with("        \"n"));
}

#[test]
fn the_diff_diagram_nests_members_as_the_snapshot_diagram_does() {
    let out = detente([
        "diff", KINDS, "--from", "1999", "--to", "2005", "--format", "dot",
    ])
    .run();
    out.ok();
    let lines: Vec<&str> = out.stdout.lines().collect();
    let at = |text: &str| {
        lines
            .iter()
            .position(|l| l.contains(text))
            .unwrap_or_else(|| panic!("{text} in the DOT:\n{}", out.stdout))
    };
    assert!(lines[at("label=<<B>Iran</B>>") - 1].starts_with("  subgraph"));
    assert!(lines[at("label=<<B>IRGC</B>>") - 1].starts_with("    subgraph"));
    assert!(lines[at("label=<<B>Quds Force</B>>") - 1].starts_with("      subgraph"));
}

#[test]
fn state_level_rolls_a_member_up_into_its_top_level_container() {
    let out = detente(["render", KINDS, "--at", "2005", "--level", "state"]).run();
    out.ok();
    // The commander's hostility (person in the Quds Force in the IRGC in Iran) becomes Iran's.
    assert!(
        out.stdout
            .contains("tooltip=\"Iran → United States (hostility): -0.80\""),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("Quds Force"), "{}", out.stdout);
    assert!(!out.stdout.contains("tooltip=\"IRGC"), "{}", out.stdout);
}

#[test]
fn a_kind_used_once_close_to_another_is_a_warning_and_strict_makes_it_an_error() {
    let warning = "tests/fixtures/format-1.1/kinds.yaml:6:36: actor kind `stat` is used only here, and is close to `state`
 6 |   USA: {name: United States, kind: stat}
   |                                    ^
  help: did you mean `state`? If `stat` is meant, ignore this warning
";
    detente(["check", KINDS])
        .run()
        .ok()
        .stdout_is("tests/fixtures/format-1.1/kinds.yaml: ok (5 actors, 2 relations, 2 points, 0 events, 1 sources)\n")
        .stderr_is(&format!("warning: {warning}"));
    detente(["check", "--strict", KINDS])
        .run()
        .code(2)
        .stdout_is("")
        .stderr_is(&format!("error: {warning}"));
    let doc: serde_json::Value = serde_json::from_str(
        &detente(["check", "--strict", "--format", "json", KINDS])
            .run()
            .code(2)
            .stdout,
    )
    .unwrap();
    assert_eq!(doc["files"][0]["ok"], false);
    assert_eq!(doc["files"][0]["problems"][0]["line"], 6);
    let doc = json(&["check", "--format", "json", KINDS]);
    assert_eq!(doc["files"][0]["ok"], true);
    assert_eq!(doc["files"][0]["warnings"][0]["column"], 36);
}

#[test]
fn bad_kinds_and_memberships_are_located_errors() {
    let file = "tests/fixtures/format-1.1/part-of-errors.yaml";
    let expected = "error: FILE:3:27: invalid actor kind `State`: an actor kind is written in lower-case snake_case
 3 |   IRN: {name: Iran, kind: State}
   |                           ^
  help: did you mean `state`? Kinds are state, organisation, person, or any lower-case snake_case name for a collective, such as `group` or `armed_group`
error: FILE:4:44: `A` cannot be part of itself
 4 |   A: {name: A, kind: group, part_of: [{of: A}]}
   |                                            ^
  help: `of:` names another state, organisation or collective
error: FILE:5:39: `part_of` goes round in a circle on 2010: B → C → B
 5 |   B: {name: B, kind: group, part_of: [{of: C, from: 2000}]}
   |                                       ^
  help: a collective cannot be part of itself through others; end one period
error: FILE:7:62: `D` is already part of `IRN` then (the period at line 7)
 7 |   D: {name: D, kind: group, part_of: [{of: IRN, from: 2000}, {of: IRN, from: 2005, until: 2010}]}
   |                                                              ^
  help: periods in one collective must not overlap; join or shorten them
error: FILE:8:44: `p` is a person, so nothing can be part of it
 8 |   E: {name: E, kind: group, part_of: [{of: p}, {of: IRM}]}
   |                                            ^
  help: `of:` names a state, organisation or other collective
error: FILE:8:53: unknown actor `IRM`
 8 |   E: {name: E, kind: group, part_of: [{of: p}, {of: IRM}]}
   |                                                     ^
  help: did you mean `IRN` (Iran)?
error: FILE:9:39: `p` is a person, and a person is placed by posts, not `part_of`
 9 |   p: {name: P, kind: person, part_of: [{of: D}]}
   |                                       ^
  help: give the person a post (`posts: [{title: ..., of: ...}]`)
FILE: 7 problems found
"
    .replace("FILE", file);
    detente(["check", file])
        .run()
        .code(2)
        .stdout_is("")
        .stderr_is(&expected);
}

#[test]
fn version_1_1_is_read_and_other_versions_are_not() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.yaml");
    for (version, ok) in [("1", true), ("1.1", true), ("1.2", false), ("2", false)] {
        std::fs::write(&path, format!("detente: {version}\nactors: {{}}\n")).unwrap();
        let out = detente(["check"]).arg(&path).run();
        if ok {
            out.ok();
        } else {
            out.code(2)
                .stderr_has(&format!("unsupported format version {version}"));
        }
    }
}

#[cfg(feature = "builtin-render")]
#[test]
fn the_jcpoa_example_checks_shows_and_renders() {
    detente(["check", "--strict", JCPOA]).run().ok().stdout_is(
        "examples/jcpoa.yaml: ok (12 actors, 8 relations, 17 points, 3 events, 4 sources)\n",
    );
    let doc = json(&["show", JCPOA, "--at", "2016-02", "--format", "json"]);
    assert_eq!(actor(&doc, "E3")["kind"], "group");
    for member in ["FRA", "DEU", "GBR"] {
        assert_eq!(actor(&doc, member)["part_of"], "E3");
    }
    assert_eq!(actor(&doc, "IRGC")["part_of"], "IRN");
    assert_eq!(
        actor(&doc, "zarif")["posts"].as_array().map(Vec::len),
        Some(2),
        "Zarif holds two posts"
    );
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("jcpoa.png");
    detente(["render", JCPOA, "--at", "2016-02", "-o"])
        .arg(&png)
        .run()
        .ok();
    assert!(std::fs::metadata(&png).unwrap().len() > 1000);
}

#[test]
fn scenario_edits_of_the_new_actor_fields_round_trip_through_apply() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("s.yaml");
    detente(["scenario", "new", "--base"])
        .arg(repo(JCPOA))
        .arg(&scenario)
        .run()
        .ok();
    let edits: &[&[&str]] = &[
        &[
            "add-actor",
            "--id",
            "INSTEX",
            "--name",
            "INSTEX",
            "--kind",
            "company",
        ],
        &[
            "add-part-of",
            "--actor",
            "INSTEX",
            "--of",
            "E3",
            "--from",
            "2019-01-31",
            "--source",
            "jcpoa-text",
            "--note",
            "trade channel",
        ],
        &[
            "end-part-of",
            "--actor",
            "GBR",
            "--of",
            "E3",
            "--date",
            "2020-02-01",
        ],
        &["add-alias", "--actor", "zarif", "--alias", "Javad Zarif"],
        &[
            "set-attribute",
            "--actor",
            "IRN",
            "--name",
            "population",
            "--value",
            "85.0",
        ],
        &[
            "add-post",
            "--actor",
            "kerry",
            "--title",
            "Special Envoy for Climate",
            "--of",
            "USA",
            "--from",
            "2021-01-20",
            "--primary",
            "--source",
            "jcpoa-text",
            "--note",
            "climate",
        ],
    ];
    for edit in edits {
        detente(["scenario", "add"])
            .arg(&scenario)
            .args(edit.iter().copied())
            .run()
            .ok();
    }
    // The YAML overlay forms, written by hand, read too.
    let mut text = std::fs::read_to_string(&scenario).unwrap();
    text.push_str(
        "  - add_post: {actor: zarif, title: Adviser, of: IRN, from: ~2022, until: unknown}\n",
    );
    std::fs::write(&scenario, text).unwrap();
    let out = dir.path().join("out.yaml");
    detente(["scenario", "apply"])
        .arg(&scenario)
        .arg("-o")
        .arg(&out)
        .run()
        .ok();
    detente(["check", "--strict"]).arg(&out).run().ok();
    let path = out.display().to_string();
    let doc = json(&["show", &path, "--at", "2022-06", "--format", "json"]);
    assert_eq!(actor(&doc, "INSTEX")["kind"], "company");
    assert_eq!(actor(&doc, "INSTEX")["part_of"], "E3");
    assert_eq!(
        actor(&doc, "GBR").get("part_of"),
        None,
        "left on 2020-02-01"
    );
    assert_eq!(actor(&doc, "IRN")["attributes"]["population"], 85.0);
    assert_eq!(
        actor(&doc, "zarif")["posts"][1],
        serde_json::json!({"of": "IRN", "title": "Adviser", "from": "2022", "until": null,
            "from_certainty": "approximate", "until_certainty": "unknown"})
    );
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(written.contains("aliases: [Sepah]"), "{written}");
    assert!(written.contains("Javad Zarif"), "{written}");
    assert!(
        written.contains("- {of: E3, from: ~2003, until: \"2020-02-01\"}"),
        "{written}"
    );
    let kerry = actor(&doc, "kerry");
    assert_eq!(kerry["post"]["title"], "Special Envoy for Climate");
    assert_eq!(
        kerry["posts"][0]["sources"],
        serde_json::json!(["jcpoa-text"])
    );
}
