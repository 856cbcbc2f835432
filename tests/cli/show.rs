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
fn control_characters_in_names_never_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("evil.yaml");
    std::fs::write(
        &path,
        "detente: 1\ntitle: \"T\\e[2J\"\nactors:\n  A: {name: \"Evil\\e]0;pwned\\a\", kind: state}\n  B: {name: B, kind: state}\nrelations:\n  - between: [A, B]\n    kind: \"x\\ry\"\n    series: [{date: 2020, weight: 0.5}]\n",
    )
    .unwrap();
    let out = detente(["show"]).arg(&path).args(["--at", "2021"]).run();
    out.ok();
    assert!(!out.stdout.contains('\u{1b}'), "{}", out.stdout);
    assert!(!out.stdout.contains('\r'), "{}", out.stdout);
    out.stdout_has("Evil\\u{1b}]0;pwned\\u{7}")
        .stdout_has("x\\u{d}y");
}
