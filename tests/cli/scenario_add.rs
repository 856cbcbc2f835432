//! `scenario add` keeps every edit: through a symlink it edits the file the link names, and
//! parallel adds to one file take turns (an advisory lock), each edit reported is in the file.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::support::{detente, repo};

/// `dir/real/s.yaml`, a scenario on `dir/real/g.yaml`.
fn scenario_in(dir: &Path) -> std::path::PathBuf {
    let real = dir.join("real");
    std::fs::create_dir(&real).unwrap();
    std::fs::copy(repo("graphs/us-belarus.yaml"), real.join("g.yaml")).unwrap();
    let file = real.join("s.yaml");
    std::fs::write(&file, "detente-scenario: 1\nbase: g.yaml\nedits: []\n").unwrap();
    file
}

#[cfg(unix)]
#[test]
fn add_through_a_symlink_edits_the_file_it_names() {
    let dir = tempfile::tempdir().unwrap();
    let file = scenario_in(dir.path());
    let other = dir.path().join("other");
    std::fs::create_dir(&other).unwrap();
    let link = other.join("link.yaml");
    std::os::unix::fs::symlink("../real/s.yaml", &link).unwrap();
    detente(["scenario", "add"])
        .arg(&link)
        .args([
            "add-actor",
            "--id",
            "X",
            "--name",
            "Xland",
            "--kind",
            "state",
        ])
        .run()
        .ok()
        .stdout_is("added edit 1: add_actor X (state)\n");
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "detente-scenario: 1\nbase: g.yaml\nedits:\n  - add_actor: {id: X, name: Xland, kind: state}\n"
    );
    // The base still resolves from the scenario's own directory, through the link too.
    detente(["scenario", "list"]).arg(&link).run().ok();
}

#[test]
fn twenty_parallel_adds_keep_twenty_edits() {
    let dir = tempfile::tempdir().unwrap();
    let file = scenario_in(dir.path());
    let children: Vec<_> = (0..20)
        .map(|i| {
            let id = format!("X{i}");
            Command::new(env!("CARGO_BIN_EXE_detente"))
                .args(["scenario", "add"])
                .arg(&file)
                .args(["add-actor", "--id", &id, "--name", &id, "--kind", "state"])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut succeeded = Vec::new();
    for (i, child) in children.into_iter().enumerate() {
        let out = child.wait_with_output().unwrap();
        if out.status.success() {
            succeeded.push(format!("X{i}"));
        } else {
            assert_eq!(
                out.status.code(),
                Some(2),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
    let text = std::fs::read_to_string(&file).unwrap();
    let mut kept: Vec<String> = text
        .lines()
        .filter_map(|line| line.strip_prefix("  - add_actor: {id: "))
        .map(|rest| rest.split(',').next().unwrap().to_string())
        .collect();
    kept.sort();
    succeeded.sort();
    assert_eq!(
        kept, succeeded,
        "every reported success is in the file, and nothing else"
    );
    assert_eq!(succeeded.len(), 20, "with a lock, every add succeeds");
    detente(["scenario", "list"]).arg(&file).run().ok();
}
