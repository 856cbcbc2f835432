//! Names, ids and other text: Unicode noncharacters are refused at load with a located error,
//! so none reaches an SVG or Graphviz. (Control characters load, and every output escapes them:
//! tests/cli/escapes.rs.)

use crate::support::detente;

#[track_caller]
fn refused(yaml: &str, expected_first_line: &str) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.yaml");
    std::fs::write(&path, yaml).unwrap();
    let out = detente(["check"]).arg(&path).run();
    out.code(2);
    let first = out.stderr.lines().next().unwrap_or_default();
    assert_eq!(
        first,
        format!("error: {}{expected_first_line}", path.display()),
        "\n{}",
        out.stderr
    );
    assert!(!out.stderr.contains('\u{fffe}') && !out.stderr.contains('\u{fdd0}'));
}

#[test]
fn a_noncharacter_in_a_name_is_refused() {
    refused(
        "detente: 1\nactors:\n  A: {name: \"A\\uFFFEB\", kind: state}\n",
        ":3:13: `name` holds a Unicode noncharacter: `A\\u{fffe}B`",
    );
}

#[test]
fn a_noncharacter_in_a_relation_kind_is_refused() {
    refused(
        "detente: 1\nactors:\n  A: {name: A, kind: state}\n  B: {name: B, kind: state}\n\
         relations:\n  - {between: [A, B], kind: \"x\\uFDD0\", series: [{date: 2020, weight: 1}]}\n",
        ":6:29: `kind` holds a Unicode noncharacter: `x\\u{fdd0}`",
    );
}

#[test]
fn a_noncharacter_in_a_json_id_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.json");
    std::fs::write(
        &path,
        "{\"detente\": 1, \"actors\": {\"A\u{ffff}\": {\"name\": \"A\", \"kind\": \"state\"}}}",
    )
    .unwrap();
    let out = detente(["check"]).arg(&path).run();
    out.code(2)
        .stderr_has("g.json: an id in `actors` must be text, found `A\\u{ffff}`");
    assert!(!out.stderr.contains('\u{ffff}'), "{}", out.stderr);
}

#[test]
fn notes_keep_their_line_breaks_and_tabs() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.yaml");
    std::fs::write(
        &path,
        "detente: 1\nactors:\n  A: {name: A, kind: state, note: \"one\\n\\ttwo\"}\n",
    )
    .unwrap();
    detente(["check"]).arg(&path).run().ok();
}
