//! No file disclosure through a scenario's `base:`: a base that is not a graph file is named in
//! one line, and none of its contents reach the output (text or JSON).

use std::path::{Path, PathBuf};

use crate::support::{detente, repo};

const SECRET: &str = "root:$6$SECRETHASH:19000:0:99999:7:::\nadmin: hunter2\n";

/// A scenario `s.yaml` in `dir` whose base is `base`.
fn scenario(dir: &Path, base: &str) -> PathBuf {
    let file = dir.join("s.yaml");
    std::fs::write(
        &file,
        format!("detente-scenario: 1\nbase: {base}\nedits: []\n"),
    )
    .unwrap();
    file
}

#[track_caller]
fn refused_without_contents(dir: &Path, base: &str, shown: &str) {
    let file = scenario(dir, base);
    let out = detente(["check"]).arg(&file).run();
    out.code(2).stderr_is(&format!(
        "error: {file}:2:7: the base `{shown}` is not a graph file (it has no `detente:` line); \
         its contents are not shown\n 2 | base: {base}\n   |       ^\n  help: `base:` names a \
         detente graph or another scenario, by a path relative to the scenario file's directory\n",
        file = file.display()
    ));
    let json = detente(["check", "--format", "json"]).arg(&file).run();
    json.code(2);
    for text in [&out.stdout, &out.stderr, &json.stdout, &json.stderr] {
        assert!(
            !text.contains("SECRET") && !text.contains("hunter2"),
            "{text}"
        );
    }
    assert!(
        json.stdout.contains("is not a graph file"),
        "{}",
        json.stdout
    );
}

#[test]
fn an_absolute_base_that_is_not_a_graph_is_not_quoted() {
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("shadow");
    std::fs::write(&secret, SECRET).unwrap();
    let base = secret.display().to_string();
    refused_without_contents(dir.path(), &base, &base);
}

#[test]
fn a_yaml_base_that_is_not_a_graph_is_not_quoted() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("config.yaml"), SECRET).unwrap();
    let shown = dir.path().join("config.yaml").display().to_string();
    refused_without_contents(dir.path(), "config.yaml", &shown);
}

#[test]
fn a_binary_base_is_not_quoted() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = SECRET.as_bytes().to_vec();
    bytes.extend([0xff, 0xfe, 0x00, 0x01]);
    std::fs::write(dir.path().join("blob.bin"), bytes).unwrap();
    let shown = dir.path().join("blob.bin").display().to_string();
    refused_without_contents(dir.path(), "blob.bin", &shown);
}

#[test]
fn a_relative_base_that_is_a_graph_still_works() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    std::fs::copy(repo("graphs/us-belarus.yaml"), dir.path().join("g.yaml")).unwrap();
    let file = scenario(&sub, "../g.yaml");
    detente(["check"]).arg(&file).run().ok();
}

#[test]
fn a_base_that_is_a_broken_graph_keeps_its_located_errors() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("g.yaml"),
        "detente: 1\nactors: {A: {name: A, kind: State}}\n",
    )
    .unwrap();
    let file = scenario(dir.path(), "g.yaml");
    detente(["check"])
        .arg(&file)
        .run()
        .code(2)
        .stderr_has("g.yaml:2:")
        .stderr_has("State");
}
