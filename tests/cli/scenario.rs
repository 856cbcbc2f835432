//! `detente scenario` and scenario files in place of graphs.

use std::path::{Path, PathBuf};

use crate::support::{Run, detente, fixture, repo};

/// Several arguments at once.
trait ArgsFrom {
    fn args_from<'a>(self, args: impl IntoIterator<Item = &'a str>) -> Self;
}

impl ArgsFrom for Run {
    fn args_from<'a>(mut self, args: impl IntoIterator<Item = &'a str>) -> Self {
        for arg in args {
            self = self.arg(arg);
        }
        self
    }
}

#[path = "../../examples/kellogg_visit.rs"]
mod kellogg_visit;

const BASE: &str = "tests/fixtures/scenario-us-belarus.yaml";
const CHAIN_A: &str = "tests/fixtures/scenario-chain-a.yaml";
const CHAIN_B: &str = "tests/fixtures/scenario-chain-b.yaml";

/// The weight of a tie in `show --format json` output, or `None` when it is absent.
fn tie_weight(json: &str, from: &str, to: &str, kind: &str) -> Option<f64> {
    let value: serde_json::Value = serde_json::from_str(json).unwrap();
    value["ties"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["from"] == from && t["to"] == to && t["kind"] == kind)
        .map(|t| t["weight"].as_f64().unwrap())
}

fn show(file: &str, at: &str) -> String {
    detente(["show", file, "--at", at, "--format", "json"])
        .run()
        .ok()
        .stdout
        .clone()
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

#[test]
fn show_and_check_accept_a_scenario_in_place_of_a_graph() {
    detente(["check", CHAIN_A])
        .run()
        .ok()
        .stdout_has("scenario-chain-a.yaml: ok (16 actors, 8 relations");
    let base = show(BASE, "2025-10");
    let scenario = show(CHAIN_A, "2025-10");
    assert!(close(tie_weight(&base, "BLR", "USA", "diplomatic"), -0.5));
    assert!(close(
        tie_weight(&scenario, "BLR", "USA", "diplomatic"),
        0.1
    ));
    // Before the edit's date the scenario's ties are its base's.
    let ties =
        |json: String| serde_json::from_str::<serde_json::Value>(&json).unwrap()["ties"].clone();
    assert_eq!(ties(show(CHAIN_A, "2025-08")), ties(show(BASE, "2025-08")));
    detente(["show", CHAIN_A, "--at", "2025-10"])
        .run()
        .ok()
        .stdout_has("Chain, first link")
        .stdout_has("rubio");
}

#[test]
fn a_chain_of_scenarios_applies_each_link_in_turn() {
    let out = show(CHAIN_B, "2026-02");
    // 0.1 from the first link, shifted by 0.2 from 2026 by the second.
    assert!(close(tie_weight(&out, "BLR", "USA", "diplomatic"), 0.3));
    // The second link adds a tie to an actor the first link added.
    assert!(close(
        tie_weight(&out, "rubio", "lukashenko", "contact"),
        0.4
    ));
    detente(["scenario", "list", CHAIN_B])
        .run()
        .ok()
        .stdout_has("base: scenario-chain-a.yaml")
        .stdout_has("2. shift USA -- BLR (diplomatic) from 2026 by +0.20: 0.10 -> 0.30");
}

#[test]
fn a_shifted_weight_prints_without_floating_point_noise() {
    // 0.1 + 0.2 is 0.30000000000000004 in binary floating point; outputs print the 0.3 it means.
    let out = detente(["scenario", "list", CHAIN_B, "--format", "json"]).run();
    out.ok();
    assert!(out.stdout.contains("\"after\": 0.3,"), "{}", out.stdout);
    assert!(
        !out.stdout.contains("0.30000000000000004"),
        "{}",
        out.stdout
    );
}

#[test]
fn a_cycle_of_bases_is_an_error_naming_the_files() {
    let out = detente(["check", "tests/fixtures/scenario-cycle-a.yaml"]).run();
    out.code(2);
    assert_eq!(
        out.stderr,
        "error: tests/fixtures/scenario-cycle-b.yaml:2:7: the chain of bases is a cycle: \
         tests/fixtures/scenario-cycle-a.yaml -> tests/fixtures/scenario-cycle-b.yaml -> \
         tests/fixtures/scenario-cycle-a.yaml\n \
         2 | base: scenario-cycle-a.yaml\n   |       ^\n  \
         help: a scenario's base must be a graph, or a scenario that does not lead back to it\n"
    );
}

#[test]
fn every_bad_edit_kind_is_reported_at_its_place() {
    let out = detente(["check", "tests/fixtures/scenario-bad-edits.yaml"]).run();
    out.code(2);
    insta::assert_snapshot!("scenario_bad_edits", out.stderr);
}

#[test]
fn impossible_dates_and_malformed_ties_are_located() {
    let out = detente([
        "show",
        "tests/fixtures/scenario-bad-date.yaml",
        "--at",
        "2025",
    ])
    .run();
    out.code(2);
    assert_eq!(
        out.stderr,
        "error: tests/fixtures/scenario-bad-date.yaml:4:56: date: `2025-02-30` is not a real date: \
         day 30 does not exist in 2025-02, which has 28 days\n \
         4 |   - set: {between: [USA, BLR], kind: diplomatic, date: 2025-02-30, weight: 0.2}\n   \
         |                                                        ^\n  \
         help: dates are YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2025-09-01\n\
         error: tests/fixtures/scenario-bad-date.yaml:5:17: a directed tie needs both `from:` and `to:`\n \
         5 |   - end: {from: pompeo, kind: contact, date: 2021}\n   |                 ^\n  \
         help: add the missing end, or write `between: [A, B]` for a mutual tie\n\
         tests/fixtures/scenario-bad-date.yaml: 2 problems found\n"
    );
}

#[test]
fn a_missing_base_is_located_at_base() {
    detente(["check", "tests/fixtures/scenario-missing-base.yaml"])
        .run()
        .code(2)
        .stderr_has(
            "error: tests/fixtures/scenario-missing-base.yaml:2:7: cannot read the base \
             `tests/fixtures/no-such-graph.yaml`: ",
        )
        .stderr_has("help: `base:` is a path relative to the scenario file's directory");
}

#[test]
fn list_shows_each_edit_with_its_effect() {
    let out = detente(["scenario", "list", CHAIN_A]).run();
    out.ok();
    insta::assert_snapshot!("scenario_list_chain_a", out.stdout);
    let json = detente(["scenario", "list", CHAIN_A, "--format", "json"]).run();
    let value: serde_json::Value = serde_json::from_str(&json.ok().stdout).unwrap();
    assert_eq!(value["title"], "Chain, first link");
    assert_eq!(value["base"], "scenario-us-belarus.yaml");
    assert_eq!(value["edits"][0]["edit"], "set");
    assert_eq!(value["edits"][0]["before"], -0.5);
    assert_eq!(value["edits"][0]["after"], 0.1);
    assert_eq!(value["edits"][0]["tie"]["from"], "USA");
    assert_eq!(value["edits"][1]["edit"], "add_actor");
}

#[test]
fn removing_an_actor_says_what_went_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("s.yaml");
    std::fs::write(
        &file,
        format!(
            "detente-scenario: 1\nbase: {}\nedits:\n  - remove_actor: {{id: lukashenko}}\n",
            repo(BASE).display()
        ),
    )
    .unwrap();
    detente(["scenario", "list"])
        .arg(&file)
        .run()
        .ok()
        .stdout_has(
            "1. remove_actor lukashenko: removed 4 ties (pompeo -> lukashenko (contact), \
             smith -> lukashenko (contact), coale -> lukashenko (contact), \
             kellogg -> lukashenko (contact)), 1 post; dropped from 1 event (pompeo-visit)",
        );
}

fn temp_scenario(dir: &Path, text: &str) -> PathBuf {
    std::fs::copy(fixture("scenario-us-belarus.yaml"), dir.join("base.yaml")).unwrap();
    let file = dir.join("s.yaml");
    std::fs::write(&file, text).unwrap();
    file
}

#[test]
fn add_appends_the_edit_and_keeps_every_other_byte() {
    let dir = tempfile::tempdir().unwrap();
    let original = "# What if the embassy reopens?\n\
                    detente-scenario: 1     # format version\n\
                    title: Embassy   \n\
                    base: base.yaml\n\
                    edits:\n    # the visit\n    - set: {from: kellogg, to: lukashenko, kind: contact, date: 2025-06-21, weight: 0.5}  # as planned\n\n# the end\n";
    let file = temp_scenario(dir.path(), original);
    detente(["scenario", "add"])
        .arg(&file)
        .args_from([
            "set",
            "--between",
            "USA",
            "BLR",
            "--kind",
            "diplomatic",
            "--date",
            "2025-09",
            "--weight",
            "-0.2",
            "--note",
            "embassy: reopens",
        ])
        .run()
        .ok()
        .stdout_has(
            "added edit 2: set USA -- BLR (diplomatic) from 2025-09: -0.50 -> -0.20 (adds a point)",
        );
    let line = "    - set: {between: [USA, BLR], kind: diplomatic, date: 2025-09, weight: -0.2, note: \"embassy: reopens\"}\n";
    let at = original.find("\n\n# the end").unwrap() + 1;
    let expected = format!("{}{line}{}", &original[..at], &original[at..]);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), expected);

    detente(["scenario", "add"])
        .arg(&file)
        .args_from([
            "end",
            "--from",
            "pompeo",
            "--to",
            "lukashenko",
            "--kind",
            "contact",
            "--date",
            "2020-06",
        ])
        .run()
        .ok();
    detente(["scenario", "add"])
        .arg(&file)
        .args_from([
            "add-actor",
            "--id",
            "rubio",
            "--name",
            "Marco Rubio",
            "--kind",
            "person",
        ])
        .run()
        .ok();
    detente(["scenario", "add"])
        .arg(&file)
        .args_from([
            "add-post",
            "--actor",
            "rubio",
            "--title",
            "Secretary of State",
            "--of",
            "USA",
            "--from",
            "2025-01-21",
        ])
        .run()
        .ok();
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.starts_with(&expected[..at]));
    assert!(text.ends_with(
        "    - end: {from: pompeo, to: lukashenko, kind: contact, date: 2020-06}\n    \
         - add_actor: {id: rubio, name: Marco Rubio, kind: person}\n    \
         - add_post: {actor: rubio, title: Secretary of State, of: USA, from: \"2025-01-21\"}\n\n\
         # the end\n"
    ));
    detente(["show", "--at", "2025-02", "--format", "json"])
        .arg(&file)
        .run()
        .ok()
        .stdout_has("\"id\": \"rubio\"");
}

#[test]
fn add_refuses_an_edit_that_does_not_fit_and_leaves_the_file_alone() {
    let dir = tempfile::tempdir().unwrap();
    let original = "detente-scenario: 1\nbase: base.yaml\nedits: []\n";
    let file = temp_scenario(dir.path(), original);
    let out = detente(["scenario", "add"])
        .arg(&file)
        .args_from([
            "shift",
            "--between",
            "USA",
            "Belarsu",
            "--kind",
            "diplomatic",
            "--date",
            "2025",
            "--delta",
            "0.1",
        ])
        .run();
    out.code(2);
    assert_eq!(
        out.stderr,
        format!(
            "error: {} (new shift edit): --between: unknown actor `Belarsu`\n  \
             help: did you mean `BLR` (Belarus)?\n",
            file.display()
        )
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), original);
    detente(["scenario", "add"])
        .arg(&file)
        .args_from([
            "set",
            "--kind",
            "diplomatic",
            "--date",
            "2025",
            "--weight",
            "0.1",
        ])
        .run()
        .code(2)
        .stderr_has("error: say which tie: `--between A B` for a mutual tie, or `--from A --to B`");
}

#[test]
fn new_writes_the_base_relative_to_the_scenario_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("scenarios")).unwrap();
    std::fs::copy(
        fixture("scenario-us-belarus.yaml"),
        dir.path().join("g.yaml"),
    )
    .unwrap();
    let new = |extra: &[&str]| {
        detente([
            "scenario",
            "new",
            "scenarios/what-if.yaml",
            "--base",
            "g.yaml",
        ])
        .args_from(extra.iter().copied())
        .in_dir(dir.path())
        .run()
    };
    new(&["--title", "What if"]).ok();
    let file = dir.path().join("scenarios/what-if.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.contains("title: What if\nbase: ../g.yaml\nedits: []\n"),
        "{text}"
    );
    let out = new(&[]);
    out.code(2);
    assert_eq!(
        out.stderr,
        "error: scenarios/what-if.yaml already exists; pass --force to overwrite it\n"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
    new(&["--force", "--title", "Again"]).ok();
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("title: Again\n")
    );
    detente(["scenario", "new", "x.yaml", "--base", "nope.yaml"])
        .in_dir(dir.path())
        .run()
        .code(2)
        .stderr_has("error: cannot read nope.yaml");
    assert!(!dir.path().join("x.yaml").exists());
}

#[test]
fn apply_writes_a_graph_that_loads_back_as_the_same_graph() {
    let dir = tempfile::tempdir().unwrap();
    let base_text = std::fs::read(repo(BASE)).unwrap();
    let scenario = detente::scenario::load_path(&repo(CHAIN_B)).unwrap();
    for name in ["out.yaml", "out.json"] {
        let out = dir.path().join(name);
        detente(["scenario", "apply", CHAIN_B, "-o"])
            .arg(&out)
            .run()
            .ok()
            .stdout_has("(2 edits applied to scenario-chain-a.yaml)\n")
            .stdout_has("1. add_relation rubio -> lukashenko (contact) with 1 point\n");
        assert_eq!(
            detente::load::load_path(&out).unwrap(),
            scenario.outcome.graph
        );
        detente(["check"]).arg(&out).run().ok();
    }
    let printed = detente(["scenario", "apply", CHAIN_B]).run();
    let graph = detente::load::load_str(&printed.ok().stdout, "stdout.yaml").unwrap();
    assert_eq!(graph, scenario.outcome.graph);
    // The base file is never touched.
    assert_eq!(std::fs::read(repo(BASE)).unwrap(), base_text);
}

#[test]
fn scenario_commands_need_a_scenario() {
    detente(["scenario", "list", BASE])
        .run()
        .code(2)
        .stderr_has(
            "error: tests/fixtures/scenario-us-belarus.yaml is not a scenario file (it has no \
             `detente-scenario: 1` line); create one with `detente scenario new`",
        );
}

#[test]
fn the_bundled_scenarios_load_and_apply() {
    let scenarios = repo("graphs/scenarios");
    let mut names: Vec<String> = std::fs::read_dir(&scenarios)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["relapse.yaml", "relief-track.yaml"]);
    for name in &names {
        let path = scenarios.join(name);
        let loaded = detente::scenario::load_path(&path)
            .unwrap_or_else(|e| panic!("{name} does not apply:\n{e}"));
        let header = &loaded.file.header;
        assert_eq!(header.base, "../us-belarus.yaml");
        assert!(header.title.is_some() && header.description.is_some());
        assert!(header.assumes.as_ref().is_some_and(|a| a.len() > 100));
        detente(["check"]).arg(&path).run().ok();
    }
    let on = "2026-07-01";
    let weight = |name: &str| {
        let out = detente(["show", "--at", on, "--format", "json"])
            .arg(scenarios.join(name))
            .run();
        tie_weight(&out.ok().stdout, "BLR", "USA", "diplomatic")
    };
    assert!(close(weight("relief-track.yaml"), 0.35));
    assert!(close(weight("relapse.yaml"), -0.6));
}

#[test]
fn the_kellogg_visit_example_finds_what_separates_the_two_futures() {
    use detente::model::RelationKey;
    let base = detente::load::load_path(&repo("graphs/us-belarus.yaml")).unwrap();
    let ahead = kellogg_visit::visit_goes_ahead(&base).unwrap();
    let cancelled = kellogg_visit::visit_cancelled(&base).unwrap();
    let on = "2025-10-01".parse().unwrap();
    let found = kellogg_visit::differences(&ahead, &cancelled, on);
    let got: Vec<(RelationKey, Option<f64>, Option<f64>)> = found
        .iter()
        .map(|d| (d.tie.clone(), d.ahead, d.cancelled))
        .collect();
    let level = base
        .relation(&RelationKey::mutual("USA", "BLR", "diplomatic"))
        .and_then(|r| r.weight_on("2025-06-17".parse().unwrap(), base.interpolation))
        .unwrap();
    let alliance = detente::snapshot::Snapshot::at(&base, on)
        .weight(&RelationKey::mutual("BLR", "RUS", "alliance"))
        .unwrap();
    assert_eq!(
        got.iter().map(|g| g.0.clone()).collect::<Vec<_>>(),
        vec![
            RelationKey::mutual("BLR", "RUS", "alliance"),
            RelationKey::mutual("USA", "BLR", "diplomatic"),
            RelationKey::directed("kellogg", "lukashenko", "contact"),
        ]
    );
    assert!(close(got[0].1, alliance - 0.05) && close(got[0].2, alliance));
    assert!(close(got[1].1, -0.1) && close(got[1].2, level));
    assert!(close(got[2].1, 0.6) && got[2].2.is_none());
    let report = kellogg_visit::report(on, &found);
    assert!(report.starts_with("What separates the two futures on 2025-10-01: 3 ties\n"));
    assert!(report.contains("kellogg -> lukashenko (contact)         +0.60     absent\n"));
}

#[test]
fn problems_in_the_base_are_reported_against_the_base() {
    let out = detente([
        "show",
        "tests/fixtures/scenario-on-broken-base.yaml",
        "--at",
        "2020",
    ])
    .run();
    out.code(2);
    assert_eq!(
        out.stderr,
        "error: tests/fixtures/scenario-broken-base.yaml:7:20: unknown actor `Belarsu`\n \
         7 |   - between: [USA, Belarsu]\n   |                    ^\n  \
         help: did you mean `BLR` (Belarus)?\n"
    );
}

#[test]
fn unknown_fields_in_a_scenario_are_all_reported_with_suggestions() {
    let dir = tempfile::tempdir().unwrap();
    let file = temp_scenario(
        dir.path(),
        "detente-scenario: 1\nbase: base.yaml\nedits:\n\
         \x20 - sett: {between: [USA, BLR], date: 2025, weight: 0.2}\n\
         \x20 - remove_actor: {idd: kellogg}\n",
    );
    let out = detente(["check"]).arg(&file).run();
    out.code(2);
    let name = file.display().to_string();
    assert_eq!(
        out.stderr,
        format!(
            "error: {name}:4:5: unknown edit `sett`\n \
             4 |   - sett: {{between: [USA, BLR], date: 2025, weight: 0.2}}\n   |     ^\n  \
             help: did you mean `set`?\n\
             error: {name}:5:5: a `remove_actor` edit needs `id:`\n \
             5 |   - remove_actor: {{idd: kellogg}}\n   |     ^\n  \
             help: add `id:` to it\n\
             error: {name}:5:20: unknown field `idd` in a `remove_actor` edit\n \
             5 |   - remove_actor: {{idd: kellogg}}\n   |                    ^\n  \
             help: did you mean `id`?\n\
             {name}: 3 problems found\n"
        )
    );
}

#[test]
fn a_hostile_scenario_is_rejected_by_the_loader_budgets() {
    let dir = tempfile::tempdir().unwrap();
    // Each line holds ten of the one before: a billion values from a few hundred bytes.
    let mut text = String::from(
        "detente-scenario: 1\nbase: base.yaml\na: &a [x, x, x, x, x, x, x, x, x, x]\n",
    );
    let mut previous = "a".to_string();
    for i in 1..9 {
        let refs = vec![format!("*{previous}"); 10].join(", ");
        text.push_str(&format!("b{i}: &b{i} [{refs}]\n"));
        previous = format!("b{i}");
    }
    let file = temp_scenario(dir.path(), &text);
    detente(["check"])
        .arg(&file)
        .run()
        .code(2)
        .stderr_has("the file expands to more values than its size allows (an alias bomb?)");
}

/// Writes a chain of `n` scenarios `s0.yaml` → `s1.yaml` → ... → `g.yaml` in `dir`, each adding
/// one point to the same tie; returns the first.
fn chain(dir: &std::path::Path, n: usize) -> std::path::PathBuf {
    std::fs::copy(
        crate::support::fixture("scenario-us-belarus.yaml"),
        dir.join("g.yaml"),
    )
    .unwrap();
    for i in 0..n {
        let base = if i + 1 == n {
            "g.yaml".to_string()
        } else {
            format!("s{}.yaml", i + 1)
        };
        std::fs::write(
            dir.join(format!("s{i}.yaml")),
            format!(
                "detente-scenario: 1\nbase: {base}\nedits:\n  - set: {{between: [USA, BLR], \
                 kind: diplomatic, date: {}, weight: 0.{}}}\n",
                1000 + i,
                i % 10
            ),
        )
        .unwrap();
    }
    dir.join("s0.yaml")
}

#[test]
fn a_chain_of_sixty_four_scenarios_applies_every_link() {
    let dir = tempfile::tempdir().unwrap();
    let first = chain(dir.path(), 64);
    let out = detente(["show", "--at", "1001", "--format", "json"])
        .arg(&first)
        .run();
    out.ok();
    // s0 set 1000 to 0.0 and s1 set 1001 to 0.1: every link applied.
    assert!(close(
        tie_weight(&out.stdout, "BLR", "USA", "diplomatic"),
        0.1
    ));
}

#[test]
fn a_chain_longer_than_sixty_four_is_refused_without_overflowing() {
    let dir = tempfile::tempdir().unwrap();
    let first = chain(dir.path(), 3800);
    let out = detente(["check"]).arg(&first).run();
    out.code(2);
    let last = dir.path().join("s63.yaml");
    assert_eq!(
        out.stderr.lines().next().unwrap(),
        format!(
            "error: {}:2:7: the chain of bases is longer than 64 scenarios (`{}` would be number 65)",
            last.display(),
            dir.path().join("s64.yaml").display()
        )
    );
}
