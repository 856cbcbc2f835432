//! Format 1.1 on actors: aliases (accepted by command-line arguments that name an actor) and free
//! attributes (carried to `show --format json` and to written files).

use crate::support::detente;

const FILE: &str = "tests/fixtures/format-1.1/aliases.yaml";

#[test]
fn show_json_carries_attributes() {
    let out = detente(["show", FILE, "--at", "2021", "--format", "json"]).run();
    out.ok();
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(
        doc["actors"][0]["attributes"],
        serde_json::json!({"iso3": "BLR", "population_m": 9.2, "region": "Europe", "un_member": true})
    );
    assert!(doc["actors"][1].get("attributes").is_none());
}

#[test]
fn scenario_add_accepts_an_alias_and_records_the_id() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("s.yaml");
    let base = crate::support::repo(FILE);
    detente(["scenario", "new"])
        .arg(&scenario)
        .arg("--base")
        .arg(&base)
        .run()
        .ok();
    detente(["scenario", "add"])
        .arg(&scenario)
        .args([
            "set",
            "--between",
            "USA",
            "Łukašenka",
            "--date",
            "2022-01-01",
            "--weight",
            "-0.5",
        ])
        .run()
        .ok();
    let text = std::fs::read_to_string(&scenario).unwrap();
    assert!(text.contains("between: [USA, lukashenko]"), "{text}");
    // The graph the scenario gives writes the aliases and attributes back.
    let out = detente(["scenario", "apply"]).arg(&scenario).run();
    out.ok()
        .stdout_has("aliases: [Lukashenka, Łukašenka]")
        .stdout_has("iso3: BLR");
}

#[test]
fn explain_accepts_an_alias_and_suggests_by_alias() {
    let out = detente([
        "explain",
        FILE,
        "USA",
        "Łukašenka",
        "--at",
        "2021",
        "--format",
        "json",
    ])
    .run();
    out.ok();
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(doc["ties"][0]["from"], "USA");
    assert_eq!(doc["ties"][0]["to"], "lukashenko");
    let wrong = detente(["explain", FILE, "USA", "Lukashenkaa", "--at", "2021"]).run();
    wrong.code(2);
    assert!(
        wrong.stderr.contains("did you mean `lukashenko`"),
        "{}",
        wrong.stderr
    );
}

#[test]
fn an_alias_or_attribute_of_the_wrong_shape_says_what_it_must_be() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("g.yaml");
    std::fs::write(
        &file,
        "detente: 1\nactors:\n  A:\n    name: A\n    kind: state\n    aliases: [[x]]\n    \
         attributes: {l: [1], \"\\uFDD0\": 2}\nrelations: []\n",
    )
    .unwrap();
    detente(["check"])
        .arg(&file)
        .run()
        .code(2)
        .stderr_has(":6:15: an alias of `A` must be text, found a list")
        .stderr_has(
            ":7:21: attribute `l` of `A` must be text, a number or `true`/`false`, found a list\n",
        )
        .stderr_has("help: write text, a number or `true`/`false` here")
        .stderr_has(":7:26: an attribute name of `A` holds a Unicode noncharacter");
}
