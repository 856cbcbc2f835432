//! The README's promises: a quick start of exactly two commands, the first of which draws the
//! bundled graph.

use crate::support::{detente, repo};

fn quick_start() -> Vec<String> {
    let readme = std::fs::read_to_string(repo("README.md")).expect("README.md");
    let section = readme
        .split("## Quick start")
        .nth(1)
        .expect("a Quick start section");
    let block = section.split("```sh\n").nth(1).expect("a sh block");
    let block = block.split("```").next().unwrap_or_default();
    block
        .lines()
        .map(str::to_string)
        .filter(|l| !l.trim().is_empty())
        .collect()
}

#[cfg(feature = "builtin-render")]
#[test]
fn the_quick_start_is_two_commands_build_and_draw_then_test() {
    let commands = quick_start();
    assert_eq!(commands.len(), 2, "{commands:?}");
    assert_eq!(commands[1], "cargo test");
    let args: Vec<&str> = commands[0]
        .strip_prefix("cargo run --release -- ")
        .expect("the first command builds and runs detente")
        .split_whitespace()
        .collect();
    assert_eq!(args[..2], ["render", "graphs/us-belarus.yaml"]);
    // Run it (with the test build) in a scratch directory holding a copy of the graph.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("graphs")).unwrap();
    std::fs::copy(
        repo("graphs/us-belarus.yaml"),
        dir.path().join("graphs/us-belarus.yaml"),
    )
    .unwrap();
    detente(&args).in_dir(dir.path()).run().ok();
    let out = args
        .iter()
        .skip_while(|a| **a != "-o")
        .nth(1)
        .expect("an output file");
    let svg = std::fs::read_to_string(dir.path().join(out)).unwrap();
    assert!(svg.contains("<svg") && svg.contains("Alexander Lukashenko"));
}
