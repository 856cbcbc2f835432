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

#[cfg(unix)]
#[test]
fn written_files_get_ordinary_permissions_and_keep_those_they_replace() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.yaml");
    detente(["generate", "--actors", "5", "--relations", "5", "-o"])
        .arg(&path)
        .run()
        .ok();
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    let umask = std::process::Command::new("sh")
        .args(["-c", "umask"])
        .output()
        .unwrap();
    let umask = u32::from_str_radix(String::from_utf8(umask.stdout).unwrap().trim(), 8).unwrap();
    assert_eq!(
        mode,
        0o666 & !umask,
        "a new file gets 0666 less the umask, like any new file"
    );
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    detente(["generate", "--actors", "6", "--relations", "5", "-o"])
        .arg(&path)
        .run()
        .ok();
    assert_eq!(
        std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o640
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temporary file is left behind");
}

#[test]
fn sizes_past_the_documented_caps_are_refused() {
    detente(["generate", "--relations", "1000000000000"])
        .run()
        .code(2)
        .stderr_is(
            "error: --relations: 1000000000000 relations is more than the 10000000 a generated \
             graph may have\n",
        );
    detente(["generate", "--actors", "1000000000000"])
        .run()
        .code(2)
        .stderr_is(
            "error: --actors: 1000000000000 actors is more than the 1000000 a generated graph \
             may have\n",
        );
    detente(["generate", "--actors", "2", "--relations", "13"])
        .run()
        .code(2)
        .stderr_is(
            "error: --relations: 13 relations is more than the 12 distinct ties the actors allow\n",
        );
}

#[test]
fn zero_points_is_an_error() {
    detente(["generate", "--points", "0"])
        .run()
        .code(2)
        .stderr_is("error: --points: a relation has at least 1 point, not 0\n");
}
