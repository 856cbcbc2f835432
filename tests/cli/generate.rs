//! `detente generate`.

use crate::support::detente;

#[test]
fn generated_graphs_pass_check_and_are_reproducible() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = dir.path().join("g.yaml");
    let json = dir.path().join("g.json");
    for path in [&yaml, &json] {
        detente(["generate", "--actors", "40", "--relations", "150", "-o"])
            .arg(path)
            .run()
            .ok();
        detente(["check"])
            .arg(path)
            .run()
            .ok()
            .stdout_has("40 actors, 150 relations");
    }
    let again = detente(["generate", "--actors", "40", "--relations", "150"]).run();
    assert_eq!(again.stdout, std::fs::read_to_string(&yaml).unwrap());
}

#[test]
fn too_few_actors_is_an_error() {
    detente(["generate", "--actors", "1"])
        .run()
        .code(2)
        .stderr_has("--actors must be at least 2");
}
