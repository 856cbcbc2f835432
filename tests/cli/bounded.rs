//! Bounded reads: only regular files, stdin and pipes a shell hands over are read as graphs, and
//! never more than `DETENTE_MAX_INPUT` bytes of any of them.

use std::process::{Command, Stdio};
use std::time::Duration;

use wait_timeout::ChildExt;

use crate::support::{detente, repo};

#[test]
fn a_device_is_refused_without_reading_it() {
    // With a small limit, a regression reads 1 MiB and fails on size instead of hanging.
    detente(["check", "/dev/zero"])
        .env("DETENTE_MAX_INPUT", "1M")
        .run()
        .code(2)
        .stderr_is(
            "error: cannot read /dev/zero: it is a character device, not a regular file \
             (read a stream through stdin: `-`)\n",
        );
}

#[test]
fn a_directory_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    detente(["check"])
        .arg(dir.path())
        .run()
        .code(2)
        .stderr_is(&format!(
            "error: cannot read {}: it is a directory, not a regular file\n",
            dir.path().display()
        ));
}

#[cfg(unix)]
#[test]
fn a_fifo_nobody_writes_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("g.yaml");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let mut child = Command::new(env!("CARGO_BIN_EXE_detente"))
        .arg("check")
        .arg(&fifo)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let Some(status) = child.wait_timeout(Duration::from_secs(30)).unwrap() else {
        let _ = child.kill();
        let _ = child.wait();
        panic!("`detente check FIFO` is still waiting for a writer");
    };
    assert_eq!(status.code(), Some(2));
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert_eq!(
        stderr,
        format!(
            "error: cannot read {}: it is a FIFO, not a regular file (read a stream through \
             stdin: `-`)\n",
            fifo.display()
        )
    );
}

#[cfg(unix)]
#[test]
fn a_process_substitution_is_read() {
    // `<(...)` is a pipe the shell holds open as /dev/fd/N: read, bounded, not "empty".
    let Ok(out) = Command::new("bash")
        .arg("-c")
        .arg(format!(
            "{} check <(cat graphs/us-belarus.yaml)",
            env!("CARGO_BIN_EXE_detente")
        ))
        .current_dir(repo(""))
        .output()
    else {
        return; // no bash to make a process substitution with
    };
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.ends_with(": ok (23 actors, 24 relations, 78 points, 42 events, 98 sources)\n"),
        "{stdout}"
    );
}

#[test]
fn stdin_is_read_as_a_graph() {
    let graph = std::fs::read(repo("graphs/us-belarus.yaml")).unwrap();
    detente(["check", "-"])
        .stdin(graph)
        .run()
        .ok()
        .stdout_is("-: ok (23 actors, 24 relations, 78 points, 42 events, 98 sources)\n");
}

#[test]
fn an_invalid_graph_on_stdin_is_located() {
    detente(["check", "-"])
        .stdin("detente: 1\nactors: {A: {name: A, kind: state\n")
        .run()
        .code(2)
        .stderr_has("error: -:2:");
}

#[test]
fn a_file_over_the_limit_is_refused() {
    detente(["check", "graphs/us-belarus.yaml"])
        .env("DETENTE_MAX_INPUT", "1K")
        .run()
        .code(2)
        .stderr_is(
            "error: cannot read graphs/us-belarus.yaml: it holds more than 1024 bytes, the most \
             an input may hold (set DETENTE_MAX_INPUT to raise the limit, e.g. \
             DETENTE_MAX_INPUT=4G)\n",
        );
}

#[test]
fn stdin_over_the_limit_is_refused() {
    detente(["check", "-"])
        .env("DETENTE_MAX_INPUT", "100")
        .stdin(vec![b'#'; 5000])
        .run()
        .code(2)
        .stderr_has("error: cannot read -: it holds more than 100 bytes");
}

#[test]
fn a_scenario_base_over_the_limit_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base.yaml");
    std::fs::write(
        &base,
        format!(
            "detente: 1\n{}actors: {{A: {{name: A, kind: state}}}}\n",
            "# padding\n".repeat(50)
        ),
    )
    .unwrap();
    let scenario = dir.path().join("s.yaml");
    std::fs::write(
        &scenario,
        "detente-scenario: 1\nbase: base.yaml\nedits: []\n",
    )
    .unwrap();
    detente(["check"])
        .arg(&scenario)
        .env("DETENTE_MAX_INPUT", "300")
        .run()
        .code(2)
        .stderr_has("cannot read the base `")
        .stderr_has("it holds more than 300 bytes");
}

#[test]
fn a_limit_that_is_not_a_size_is_an_error() {
    detente(["check", "graphs/us-belarus.yaml"])
        .env("DETENTE_MAX_INPUT", "lots")
        .run()
        .code(2)
        .stderr_is(
            "error: cannot read graphs/us-belarus.yaml: DETENTE_MAX_INPUT=\"lots\" is not a size \
             (a number of bytes, or a number followed by K, M or G)\n",
        );
}
