//! The bundled graphs: every file in `graphs/` is valid and fully sourced, the US–Belarus graph
//! tells its story on the right dates, and the examples in `docs/format.md` load and mean what the
//! page says they mean.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::{detente, repo};

const US_BELARUS: &str = "graphs/us-belarus.yaml";

/// Every graph file under `graphs/` (recursively), relative to the repository root, sorted.
/// Scenario overlays live in `graphs/scenarios/` and are checked with the scenario tests.
fn bundled_graphs() -> Vec<String> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<String>) {
        let entries = std::fs::read_dir(dir).expect("graphs/ is readable");
        for entry in entries {
            let path = entry.expect("a directory entry").path();
            let relative = path
                .strip_prefix(root)
                .expect("under the root")
                .to_string_lossy()
                .replace('\\', "/");
            if path.is_dir() {
                if relative != "graphs/scenarios" {
                    walk(&path, root, out);
                }
            } else if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml" | "json")
            ) {
                out.push(relative);
            }
        }
    }
    let root = repo("");
    let mut files = Vec::new();
    walk(&repo("graphs"), &root, &mut files);
    files.sort();
    files
}

#[test]
fn every_bundled_graph_passes_check() {
    let files = bundled_graphs();
    assert!(
        files.iter().any(|f| f == US_BELARUS),
        "the bundled graph is missing from {files:?}"
    );
    let out = detente(
        ["check"]
            .into_iter()
            .chain(files.iter().map(String::as_str)),
    )
    .run();
    out.ok();
    for file in &files {
        out.stdout_has(&format!("{file}: ok"));
    }
}

#[test]
fn every_point_and_event_of_every_bundled_graph_is_sourced() {
    for file in bundled_graphs() {
        let graph = detente::load::load_path(&repo(&file)).expect("a bundled graph loads");
        for (id, event) in &graph.events {
            assert!(
                !event.sources.is_empty(),
                "{file}: event `{id}` cites no source"
            );
        }
        for relation in &graph.relations {
            for point in &relation.series {
                let by_event = point
                    .event()
                    .and_then(|e| graph.events.get(e))
                    .is_some_and(|e| !e.sources.is_empty());
                assert!(
                    !point.sources().is_empty() || by_event,
                    "{file}: the point of {} on {} cites neither a source nor a sourced event",
                    relation.key(),
                    point.date
                );
            }
        }
        for (id, source) in &graph.sources {
            assert!(
                source.publisher.is_some(),
                "{file}: source `{id}` names no publisher"
            );
        }
    }
}

#[test]
fn the_bundled_graph_points_editors_at_the_schema() {
    let text = std::fs::read_to_string(repo(US_BELARUS)).expect("readable");
    assert_eq!(
        text.lines().next(),
        Some("# yaml-language-server: $schema=../schema/detente-1.json")
    );
}

/// `detente show FILE --at DATE --format json`, parsed.
fn show(file: &Path, date: &str) -> Value {
    let out = detente([
        "show".as_ref(),
        file.as_os_str(),
        "--at".as_ref(),
        date.as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
    ])
    .run();
    out.ok();
    serde_json::from_str(&out.stdout).expect("show prints JSON")
}

fn bundled(date: &str) -> Value {
    show(&PathBuf::from(US_BELARUS), date)
}

/// The weight of the tie `from`–`to` of `kind` in a `show` document, if it exists on its date.
/// Mutual ties are listed with their ends sorted, so `from`/`to` are taken in either order for
/// them.
fn tie(snapshot: &Value, from: &str, to: &str, kind: &str) -> Option<f64> {
    snapshot["ties"].as_array()?.iter().find_map(|t| {
        let (a, b) = (t["from"].as_str()?, t["to"].as_str()?);
        let ends = if t["directed"].as_bool()? {
            (a, b) == (from, to)
        } else {
            (a, b) == (from, to) || (a, b) == (to, from)
        };
        (ends && t["kind"] == kind).then(|| t["weight"].as_f64())?
    })
}

/// Where a person is placed in a `show` document: `(of, title)`.
fn post(snapshot: &Value, actor: &str) -> Option<(String, String)> {
    let actor = snapshot["actors"]
        .as_array()?
        .iter()
        .find(|a| a["id"] == actor)?;
    let post = actor.get("post")?;
    Some((
        post["of"].as_str()?.to_string(),
        post["title"].as_str()?.to_string(),
    ))
}

#[test]
fn the_bundled_graph_declares_the_actors_other_work_relies_on() {
    let snapshot = bundled("2025-06-18");
    let ids: Vec<&str> = snapshot["actors"]
        .as_array()
        .expect("actors")
        .iter()
        .filter_map(|a| a["id"].as_str())
        .collect();
    for (id, kind) in [
        ("USA", "state"),
        ("BLR", "state"),
        ("RUS", "state"),
        ("UKR", "state"),
        ("EU", "organisation"),
        ("kellogg", "person"),
        ("lukashenko", "person"),
        ("pompeo", "person"),
        ("trump", "person"),
        ("biden", "person"),
        ("smith", "person"),
        ("ziankovych", "person"),
        ("putin", "person"),
        ("zelensky", "person"),
        ("coale", "person"),
        ("rubio", "person"),
    ] {
        let actor = snapshot["actors"]
            .as_array()
            .and_then(|a| a.iter().find(|a| a["id"] == id));
        assert_eq!(
            actor.map(|a| &a["kind"]),
            Some(&Value::from(kind)),
            "actor `{id}` ({kind}) is missing from {ids:?}"
        );
    }
}

#[test]
fn the_bundled_graph_has_the_ties_other_work_relies_on() {
    let ties = [
        ("2020-03-01", "USA", "BLR", "diplomatic"),
        ("2020-03-01", "BLR", "RUS", "alliance"),
        ("2020-03-01", "RUS", "UKR", "conflict"),
        ("2020-03-01", "USA", "UKR", "diplomatic"),
        ("2020-03-01", "USA", "RUS", "diplomatic"),
        ("2020-03-01", "EU", "BLR", "diplomatic"),
        ("2023-01-01", "EU", "UKR", "diplomatic"),
        ("2020-03-01", "pompeo", "lukashenko", "contact"),
        ("2025-03-01", "smith", "lukashenko", "contact"),
        ("2024-01-01", "BLR", "ziankovych", "detention"),
        ("2025-06-18", "kellogg", "lukashenko", "contact"),
    ];
    for (date, from, to, kind) in ties {
        assert!(
            tie(&bundled(date), from, to, kind).is_some(),
            "no {from}–{to} ({kind}) tie on {date}"
        );
    }
}

#[test]
fn us_belarus_ties_warm_with_pompeo_then_sour_after_the_election() {
    let before = tie(&bundled("2020-01-31"), "USA", "BLR", "diplomatic").expect("a tie");
    let visit = tie(&bundled("2020-03-01"), "USA", "BLR", "diplomatic").expect("a tie");
    let crackdown = tie(&bundled("2021-01-01"), "USA", "BLR", "diplomatic").expect("a tie");
    assert!(before < 0.0 && visit > 0.0, "{before} then {visit}");
    assert!(crackdown < 0.0, "{crackdown}");
}

#[test]
fn us_belarus_ties_hit_bottom_with_the_embassy_and_recover_in_2025() {
    let weight = |date| tie(&bundled(date), "USA", "BLR", "diplomatic").expect("a tie");
    let (invasion, closed, thaw) = (
        weight("2022-02-27"),
        weight("2022-02-28"),
        weight("2025-07"),
    );
    assert!(closed < invasion, "{invasion} then {closed}");
    assert!(closed <= -0.9 + 1e-9, "{closed}");
    assert!(thaw > closed && thaw < 0.0, "{closed} then {thaw}");
}

#[test]
fn persons_are_placed_by_their_posts() {
    let usa = |title: &str| Some(("USA".to_string(), title.to_string()));
    assert_eq!(
        post(&bundled("2020-02-01"), "pompeo"),
        usa("Secretary of State")
    );
    assert_eq!(post(&bundled("2021-02-01"), "pompeo"), None);
    assert_eq!(post(&bundled("2020-06"), "trump"), usa("President"));
    assert_eq!(post(&bundled("2022-06"), "trump"), None);
    assert_eq!(post(&bundled("2022-06"), "biden"), usa("President"));
    assert_eq!(post(&bundled("2025-06"), "trump"), usa("President"));
    assert_eq!(
        post(&bundled("2025-06"), "rubio"),
        usa("Secretary of State")
    );
    assert_eq!(
        post(&bundled("2025-06"), "kellogg"),
        usa("Special Presidential Envoy for Ukraine")
    );
    assert_eq!(
        post(&bundled("2025-06"), "lukashenko"),
        Some(("BLR".to_string(), "President".to_string()))
    );
    assert_eq!(post(&bundled("2025-06"), "ziankovych"), None);
}

#[test]
fn pompeo_s_contact_with_lukashenko_ends_when_he_leaves_office() {
    assert_eq!(
        tie(&bundled("2020-01-31"), "pompeo", "lukashenko", "contact"),
        None
    );
    assert!(tie(&bundled("2021-01-19"), "pompeo", "lukashenko", "contact").is_some());
    assert_eq!(
        tie(&bundled("2021-01-20"), "pompeo", "lukashenko", "contact"),
        None
    );
    // A directed tie: there is none the other way.
    assert_eq!(
        tie(&bundled("2020-03"), "lukashenko", "pompeo", "contact"),
        None
    );
}

#[test]
fn the_kellogg_contact_begins_with_the_reported_plan() {
    assert_eq!(
        tie(&bundled("2025-05-01"), "kellogg", "lukashenko", "contact"),
        None
    );
    let planned = tie(&bundled("2025-06-18"), "kellogg", "lukashenko", "contact").expect("a tie");
    let met = tie(&bundled("2025-06-22"), "kellogg", "lukashenko", "contact").expect("a tie");
    assert!(0.0 < planned && planned < met, "{planned} then {met}");
}

#[test]
fn ziankovych_is_detained_from_2021_until_his_release() {
    let detention = |date| tie(&bundled(date), "BLR", "ziankovych", "detention");
    assert_eq!(detention("2021-03-31"), None);
    assert!(detention("2021-04-01").is_some_and(|w| w < 0.0));
    assert!(detention("2025-04-29").is_some_and(|w| w < 0.0));
    assert_eq!(detention("2025-04-30"), None);
}

#[test]
fn belarus_stays_russia_s_ally_and_russia_goes_to_war() {
    for date in ["2019", "2020-01-15", "2021", "2023", "2025-06"] {
        let alliance = tie(&bundled(date), "BLR", "RUS", "alliance").expect("a tie");
        assert!(alliance > 0.0, "{date}: {alliance}");
    }
    let low = tie(&bundled("2020-01-15"), "BLR", "RUS", "alliance").expect("a tie");
    let high = tie(&bundled("2020-10"), "BLR", "RUS", "alliance").expect("a tie");
    assert!(
        low < high,
        "the 2020 oil quarrel: {low}, then Sochi: {high}"
    );
    let war = tie(&bundled("2022-03"), "RUS", "UKR", "conflict").expect("a tie");
    assert!((war - -1.0).abs() < 1e-9, "{war}");
}

/// The fenced code block that follows `<!-- example: NAME -->` in `docs/format.md`.
fn format_example(name: &str) -> String {
    let page = std::fs::read_to_string(repo("docs/format.md")).expect("docs/format.md");
    let marker = format!("<!-- example: {name} -->");
    let after = page
        .split_once(&marker)
        .unwrap_or_else(|| panic!("docs/format.md lacks {marker}"))
        .1;
    let body = after
        .split_once("```")
        .and_then(|(_, rest)| rest.split_once('\n'))
        .expect("a fenced block after the marker")
        .1;
    body.split_once("\n```")
        .expect("the fenced block is closed")
        .0
        .to_string()
}

/// Writes `text` to `name` in a fresh temporary directory.
fn temporary(name: &str, text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join(name);
    std::fs::write(&path, text).expect("written");
    (dir, path)
}

#[test]
fn the_complete_example_of_the_format_page_loads() {
    let (_dir, path) = temporary("example.yaml", &format_example("complete"));
    detente(["check".as_ref(), path.as_os_str()])
        .run()
        .ok()
        .stdout_has("ok (6 actors, 3 relations, 7 points, 1 events, 2 sources)");
}

#[test]
fn the_json_example_of_the_format_page_loads() {
    let (_dir, path) = temporary("example.json", &format_example("json"));
    detente(["check".as_ref(), path.as_os_str()])
        .run()
        .ok()
        .stdout_has("ok (2 actors, 1 relations, 2 points, 0 events, 1 sources)");
}

#[test]
fn the_worked_table_of_the_format_page_is_right() {
    let (_dir, path) = temporary("example.yaml", &format_example("complete"));
    let at = |date| show(&path, date);

    let first = at("2018");
    assert_eq!(first["ties"].as_array().map(Vec::len), Some(0));
    assert_eq!(post(&first, "ada"), None);

    assert_eq!(tie(&at("2019"), "ALPHA", "BETA", "diplomatic"), Some(-0.2));
    let between = tie(&at("2019-07-02"), "ALPHA", "BETA", "diplomatic").expect("a tie");
    let expected = -0.2 + 0.6 * 182.0 / 396.0;
    assert!((between - expected).abs() < 1e-9, "{between} != {expected}");

    let visit = at("2020-02-01");
    assert_eq!(tie(&visit, "ALPHA", "BETA", "diplomatic"), Some(0.4));
    assert_eq!(tie(&visit, "ada", "ben", "contact"), Some(0.5));
    assert_eq!(tie(&visit, "UNION", "BETA", "relation"), Some(0.1));

    let ended = at("2021-01-20");
    assert_eq!(tie(&ended, "ALPHA", "BETA", "diplomatic"), Some(-0.6));
    assert_eq!(tie(&ended, "ada", "ben", "contact"), None);
    assert_eq!(
        post(&ended, "ada"),
        Some(("UNION".to_string(), "Envoy".to_string()))
    );

    assert_eq!(tie(&at("2022-06"), "ada", "ben", "contact"), Some(0.2));
}

#[test]
fn the_format_sketch_in_the_readme_loads() {
    let readme = std::fs::read_to_string(repo("README.md")).expect("README.md");
    let sketch = readme
        .split_once("```yaml\n")
        .and_then(|(_, rest)| rest.split_once("\n```"))
        .expect("a YAML block in the README")
        .0;
    let (_dir, path) = temporary("sketch.yaml", sketch);
    detente(["check".as_ref(), path.as_os_str()]).run().ok();
}
