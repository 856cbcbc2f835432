//! Reading scenario files, writing edits, and appending them without touching the rest.

use std::path::{Path, PathBuf};

use super::*;
use crate::model::Date;
use crate::scenario::chain::{normalise, relative_path};
use crate::scenario::edit::{Provenance, TieRef};
use crate::scenario::write::{append_edit, edit_to_yaml, new_scenario_yaml};

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

fn set() -> Edit {
    Edit::Set {
        tie: TieRef::mutual("USA", "BLR", "diplomatic"),
        date: d("2025-09"),
        weight: 0.2,
        why: Provenance::note("embassy reopens"),
    }
}

const HEAD: &str = "detente-scenario: 1\nbase: ../us-belarus.yaml\n";

#[test]
fn a_scenario_file_is_recognised_by_its_top_level_key() {
    assert!(is_scenario("detente-scenario: 1\n"));
    assert!(is_scenario("# comment\ndetente-scenario: 1\n"));
    assert!(!is_scenario("detente: 1\ntitle: detente-scenario: no\n"));
    assert!(!is_scenario("detente: 1\n  detente-scenario: 1\n"));
}

#[test]
fn every_edit_kind_reads_back_as_written() {
    let text = format!(
        "{HEAD}edits:
  - set: {{between: [USA, BLR], kind: diplomatic, date: 2025-09, weight: 0.2, note: embassy reopens}}
  - shift: {{between: [BLR, RUS], kind: alliance, date: 2025-09, delta: -0.1, event: e, sources: [s]}}
  - end: {{from: pompeo, to: lukashenko, kind: contact, date: 2021-01-20}}
  - add_actor: {{id: coale, name: John Coale, kind: person, posts: [{{title: Deputy, of: USA, from: 2025}}]}}
  - remove_actor: {{id: kellogg}}
  - add_relation: {{from: coale, to: lukashenko, kind: contact, series: [{{date: 2025-05, weight: 0.3}}]}}
  - remove_relation: {{between: [EU, BLR], kind: diplomatic}}
  - add_post: {{actor: coale, title: Envoy, of: USA, from: 2025-06, until: 2026}}
  - end_post: {{actor: trump, date: 2029-01-20, title: President}}
  - add_event: {{id: release, date: 2025-09-11, title: Prisoners released, actors: [lukashenko], sources: [s]}}
"
    );
    let file = parse_str(&text, "s.yaml").unwrap();
    assert_eq!(file.edits.len(), 10);
    assert_eq!(file.edits[0], set());
    assert_eq!(file.header.base, "../us-belarus.yaml");
    // Each edit written by `edit_to_yaml` reads back as itself.
    for edit in &file.edits {
        let again = format!("{HEAD}edits:\n  - {}\n", edit_to_yaml(edit).unwrap());
        assert_eq!(
            &parse_str(&again, "t.yaml").unwrap().edits[0],
            edit,
            "{again}"
        );
    }
}

#[test]
fn problems_found_without_the_base_are_located_and_reported_together() {
    let text = format!(
        "{HEAD}edits:
  - set: {{between: [USA], date: 2025-09, weight: 0.2}}
  - end: {{from: pompeo, kind: contact, date: 2021-13-20}}
  - add_actor: {{id: x, name: X, kind: Persn}}
"
    );
    let err = parse_str(&text, "s.yaml").unwrap_err();
    let got: Vec<String> = err
        .items
        .iter()
        .map(|d| {
            let p = d.position.unwrap();
            format!("{}:{} {}", p.line, p.column, d.message)
        })
        .collect();
    assert_eq!(
        got,
        [
            "4:20 `between` needs exactly two actors, found 1",
            "5:17 a directed tie needs both `from:` and `to:`",
            "5:46 date: `2021-13-20` is not a real date: month 13 is not between 01 and 12",
            "6:39 invalid actor kind `Persn`: an actor kind is written in lower-case snake_case",
        ]
    );
    assert_eq!(
        err.items[3].help.as_deref(),
        Some(
            "did you mean `person`? Kinds are state, organisation, person, or any lower-case \
             snake_case name for a collective, such as `group` or `armed_group`"
        )
    );
}

#[test]
fn a_misspelt_edit_or_field_gets_a_suggestion() {
    let err = parse_str(&format!("{HEAD}edits:\n  - sett: {{id: x}}\n"), "s.yaml").unwrap_err();
    assert_eq!(err.items[0].message, "unknown edit `sett`");
    assert_eq!(err.items[0].help.as_deref(), Some("did you mean `set`?"));
    let err = parse_str(
        &format!("{HEAD}edits:\n  - remove_actor: {{idd: x}}\n"),
        "s.yaml",
    )
    .unwrap_err();
    assert_eq!(err.items[0].message, "a `remove_actor` edit needs `id:`");
    assert_eq!(
        err.items[1].message,
        "unknown field `idd` in a `remove_actor` edit"
    );
    assert_eq!(err.items[1].help.as_deref(), Some("did you mean `id`?"));
}

/// Every problem of the file, in file order, each at its place: as for graph files.
fn problems(text: &str) -> Vec<String> {
    parse_str(text, "s.yaml")
        .unwrap_err()
        .items
        .iter()
        .map(|d| {
            let at = d
                .position
                .map_or(String::new(), |p| format!("{}:{} ", p.line, p.column));
            format!("{at}{} ({})", d.message, d.help.as_deref().unwrap_or(""))
        })
        .collect()
}

#[test]
fn unknown_fields_and_wrong_shapes_are_all_reported_at_once() {
    let got = problems(
        "detente-scenario: 1\nbase: b.yaml\ntitel: T\nedits:
  - set: {between: [USA, BLR], date: 2025, weight: high, not: x}
  - remove_actor: {}
  - shift: {between: [USA, BLR], date: 2025, delta: 0.1}
    end: {between: [USA, BLR], date: 2025}
  - 7
",
    );
    assert_eq!(
        got,
        [
            "3:1 unknown field `titel` in the top level of the scenario (did you mean `title`?)",
            "5:52 `weight` must be a number, found `high` (write a number here)",
            "5:58 unknown field `not` in a `set` edit (did you mean `note`?)",
            "6:5 a `remove_actor` edit needs `id:` (add `id:` to it)",
            "8:10 one edit item holds both `shift` and `end` (write each edit as its own `- ` item)",
            "9:5 an edit must be a map, found `7` \
             (write its fields as `key: value` lines, or `{key: value, ...}`)",
        ]
    );
}

#[test]
fn a_repeated_key_is_reported_with_both_lines() {
    let got = problems(&format!(
        "{HEAD}edits:\n  - set:\n      between: [USA, BLR]\n      date: 2025\n      weight: 0.1\n      date: 2026\n"
    ));
    assert_eq!(
        got,
        ["8:7 duplicate key `date` in a `set` edit; the first is at line 6 (keep one of the two)"]
    );
}

#[test]
fn a_file_that_is_not_a_map_or_lacks_its_base_says_so() {
    assert_eq!(
        problems("- detente-scenario: 1\n"),
        ["1:1 a scenario file must be a map, found a list \
          (a scenario file starts with `detente-scenario: 1` and `base: graph.yaml`)"]
    );
    assert_eq!(
        problems("detente-scenario: 2\n"),
        [
            "1:1 the scenario does not name its base \
             (add `base:` with the graph (or scenario) this one edits, relative to this file)",
            "1:19 unsupported scenario version 2 (this detente reads `detente-scenario: 1`)",
        ]
    );
}

#[test]
fn appending_keeps_every_byte_and_matches_the_list_indentation() {
    let text = concat!(
        "# My scenario\n",
        "detente-scenario: 1   # version\n",
        "base: ../us-belarus.yaml\n",
        "edits:\n",
        "    # first the embassy\n",
        "    - remove_actor: {id: kellogg}   # gone\n",
        "    \n",
        "    # more to come\n",
        "title: Last key\n",
    );
    let out = append_edit(text, &set()).unwrap();
    let item = "    - set: {between: [USA, BLR], kind: diplomatic, date: 2025-09, weight: 0.2, note: embassy reopens}\n";
    let at = text.find("\n    \n").unwrap() + 1;
    assert_eq!(out, format!("{}{item}{}", &text[..at], &text[at..]));
}

#[test]
fn appending_to_an_empty_or_missing_list_or_one_in_column_zero() {
    let out = append_edit(&format!("{HEAD}edits: []  # none yet\n"), &set()).unwrap();
    assert_eq!(
        out,
        format!(
            "{HEAD}edits: # none yet\n  - set: {{between: [USA, BLR], kind: diplomatic, date: 2025-09, weight: 0.2, note: embassy reopens}}\n"
        )
    );
    let out = append_edit("detente-scenario: 1\nbase: b.yaml", &set()).unwrap();
    assert!(out.starts_with("detente-scenario: 1\nbase: b.yaml\nedits:\n  - set: {"));
    let text = format!("{HEAD}edits:\n- remove_actor: {{id: kellogg}}\n");
    let out = append_edit(&text, &Edit::RemoveActor { id: "EU".into() }).unwrap();
    assert_eq!(out, format!("{text}- remove_actor: {{id: EU}}\n"));
    // A multi-line block item: the new item goes after its last line.
    let text = format!(
        "{HEAD}edits:\n  - set:\n      between: [USA, BLR]\n      date: 2025\n      weight: 0.1\n"
    );
    let out = append_edit(&text, &Edit::RemoveActor { id: "EU".into() }).unwrap();
    assert_eq!(out, format!("{text}  - remove_actor: {{id: EU}}\n"));
}

#[test]
fn a_flow_list_of_edits_is_not_rewritten() {
    let text = format!("{HEAD}edits: [{{remove_actor: {{id: kellogg}}}}]\n");
    let err = append_edit(&text, &set()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "line 3: `edits:` is written as a flow list `[...]`; write it as a block list (one `- ` item per line) to add edits"
    );
}

#[test]
fn a_new_file_reads_back_with_no_edits() {
    let header = ScenarioHeader {
        title: Some("Kellogg visit: thaw".into()),
        description: None,
        assumes: Some("the visit goes ahead".into()),
        base: "../us-belarus.yaml".into(),
    };
    let text = new_scenario_yaml(&header).unwrap();
    let file = parse_str(&text, "new.yaml").unwrap();
    assert_eq!(file.header, header);
    assert!(file.edits.is_empty());
}

#[test]
fn paths_are_made_relative_and_normalised() {
    assert_eq!(
        relative_path(
            Path::new("graphs/us-belarus.yaml"),
            Path::new("graphs/scenarios")
        ),
        PathBuf::from("../us-belarus.yaml")
    );
    assert_eq!(
        relative_path(Path::new("a/b.yaml"), Path::new("a")),
        PathBuf::from("b.yaml")
    );
    assert_eq!(
        normalise(Path::new("graphs/scenarios/../us-belarus.yaml")),
        PathBuf::from("graphs/us-belarus.yaml")
    );
    assert_eq!(normalise(Path::new("../x/./y")), PathBuf::from("../x/y"));
}

#[test]
fn edits_that_add_an_actor_or_an_event_write_the_id_first() {
    let text = format!(
        "{HEAD}edits:
  - add_actor: {{id: coale, name: John Coale, kind: person, posts: [{{title: Deputy, of: USA, from: 2025}}], note: envoy}}
  - add_event: {{id: release, date: 2025-09-11, title: Prisoners released, actors: [lukashenko], sources: [s]}}
  - add_post: {{actor: coale, title: Envoy, of: USA, from: 2025-06, until: 2026}}
"
    );
    let file = parse_str(&text, "s.yaml").unwrap();
    let written: Vec<String> = file
        .edits
        .iter()
        .map(|e| edit_to_yaml(e).unwrap())
        .collect();
    assert_eq!(
        written,
        [
            "add_actor: {id: coale, name: John Coale, kind: person, posts: [{title: Deputy, of: USA, \
             from: \"2025\"}], note: envoy}",
            "add_event: {id: release, date: \"2025-09-11\", title: Prisoners released, actors: \
             [lukashenko], sources: [s]}",
            "add_post: {actor: coale, title: Envoy, of: USA, from: 2025-06, until: \"2026\"}",
        ]
    );
}
