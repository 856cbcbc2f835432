//! `detente schema`: the committed schema is what the command prints, and it accepts valid graph
//! files and rejects invalid ones (checked with Python's `jsonschema`, draft 2020-12).

use std::process::Command;

use crate::support::detente;

#[test]
fn schema_prints_the_committed_schema() {
    let out = detente(["schema"]).run();
    out.ok();
    let committed = std::fs::read_to_string("schema/detente-1.json").expect("committed schema");
    assert!(
        out.stdout == committed,
        "schema/detente-1.json is stale: run `cargo run -- schema > schema/detente-1.json`"
    );
    let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(
        json["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
}

/// Runs `schema/validate.py ARGS...`, which needs python3 with jsonschema and PyYAML.
fn validate(args: &[&str]) -> std::process::Output {
    let out = Command::new("python3")
        .arg("schema/validate.py")
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("python3 runs");
    assert_ne!(
        out.status.code(),
        Some(3),
        "install python3-jsonschema and python3-yaml: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

#[test]
fn valid_graph_files_validate_against_the_schema() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let yaml = dir.path().join("g.yaml");
    let json = dir.path().join("g.json");
    for path in [&yaml, &json] {
        detente([
            "generate",
            "--actors",
            "30",
            "--relations",
            "60",
            "--points",
            "4",
            "-o",
        ])
        .arg(path)
        .run()
        .ok();
    }
    let mut files = vec![
        "tests/fixtures/minimal.yaml".to_string(),
        "examples/jcpoa.yaml".to_string(),
        "tests/fixtures/format-1.1/kinds.yaml".to_string(),
        yaml.display().to_string(),
        json.display().to_string(),
    ];
    files.extend(
        std::fs::read_dir("graphs")
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .map(|p| p.display().to_string()),
    );
    let args: Vec<&str> = files.iter().map(String::as_str).collect();
    let out = validate(&args);
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn unknown_fields_and_wrong_shapes_do_not_validate() {
    let out = validate(&[
        "--expect-invalid",
        "tests/fixtures/errors/unknown-field.yaml",
        "tests/fixtures/errors/wrong-type.yaml",
        "tests/fixtures/errors/missing-field.yaml",
        "tests/fixtures/errors/bad-kind-and-bound.yaml",
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains(
            "actors/RUS: Additional properties are not allowed ('capital' was unexpected)"
        ),
        "{stdout}"
    );
}
