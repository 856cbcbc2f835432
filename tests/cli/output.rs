//! `-o`: what it writes through (symlinks, FIFOs, devices, stdout), what it refuses to write
//! over (directories, the command's own inputs), and what an interrupted run leaves behind.

#![cfg(unix)]

use std::os::unix::fs::{FileTypeExt, symlink};
use std::path::{Path, PathBuf};

use crate::support::{detente, fixture};

/// A temporary directory holding `g.yaml` (the minimal fixture).
fn workdir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("minimal.yaml"), dir.path().join("g.yaml")).unwrap();
    dir
}

/// The temporary files `-o` left in `dir`.
fn leftovers(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(".detente-")
        })
        .collect()
}

/// What `render g.yaml --at 2020` prints as DOT on stdout.
fn dot_of(dir: &Path) -> String {
    detente(["render", "g.yaml", "--at", "2020"])
        .in_dir(dir)
        .run()
        .ok()
        .stdout
        .clone()
}

#[test]
fn a_symlink_is_written_through_and_stays_a_link() {
    let dir = workdir();
    let real = dir.path().join("real");
    std::fs::create_dir(&real).unwrap();
    std::fs::write(real.join("out.dot"), "old").unwrap();
    symlink("real/out.dot", dir.path().join("link.dot")).unwrap();
    detente(["render", "g.yaml", "--at", "2020", "-o", "link.dot"])
        .in_dir(dir.path())
        .run()
        .ok()
        .stdout_is("");
    let link = std::fs::symlink_metadata(dir.path().join("link.dot")).unwrap();
    assert!(link.file_type().is_symlink());
    assert_eq!(
        std::fs::read_to_string(real.join("out.dot")).unwrap(),
        dot_of(dir.path())
    );
    // The temporary file was made beside the target, and renamed.
    assert!(leftovers(dir.path()).is_empty() && leftovers(&real).is_empty());
}

#[test]
fn a_dangling_symlink_creates_the_file_it_names() {
    let dir = workdir();
    std::fs::create_dir(dir.path().join("real")).unwrap();
    symlink("real/new.dot", dir.path().join("link.dot")).unwrap();
    detente(["render", "g.yaml", "--at", "2020", "-o", "link.dot"])
        .in_dir(dir.path())
        .run()
        .ok();
    let link = std::fs::symlink_metadata(dir.path().join("link.dot")).unwrap();
    assert!(link.file_type().is_symlink());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("real/new.dot")).unwrap(),
        dot_of(dir.path())
    );
}

#[test]
fn a_character_device_stays_a_character_device() {
    // As root, a regression here would turn the device into a regular file: the test makes its
    // own null device (mknod needs root) rather than risk the machine's `/dev/null`. Without
    // root, `/dev/null` itself is safe to use, since its directory is not writable.
    let dir = workdir();
    let own = dir.path().join("null");
    let made = std::process::Command::new("mknod")
        .arg(&own)
        .args(["c", "1", "3"])
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    let device = if made {
        own
    } else {
        PathBuf::from("/dev/null")
    };
    detente(["diff", "g.yaml", "--from", "2000", "--to", "2020", "-o"])
        .arg(&device)
        .in_dir(dir.path())
        .run()
        .ok()
        .stdout_is("");
    let meta = std::fs::metadata(&device).unwrap();
    assert!(meta.file_type().is_char_device());
    assert!(leftovers(dir.path()).is_empty());
}

#[test]
fn a_fifo_receives_the_output_and_stays_a_fifo() {
    let dir = workdir();
    let fifo = dir.path().join("pipe");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    detente(["render", "g.yaml", "--at", "2020", "-o"])
        .arg(&fifo)
        .in_dir(dir.path())
        .run()
        .ok()
        .stdout_is("");
    assert_eq!(reader.join().unwrap(), dot_of(dir.path()));
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
    assert!(leftovers(dir.path()).is_empty());
}

#[test]
fn dash_and_dev_stdout_mean_stdout() {
    let dir = workdir();
    let expected = dot_of(dir.path());
    for stdout in ["-", "/dev/stdout"] {
        detente(["render", "g.yaml", "--at", "2020", "-o", stdout])
            .in_dir(dir.path())
            .run()
            .ok()
            .stdout_is(&expected);
    }
    let yaml = detente(["generate", "--actors", "3", "--relations", "2"])
        .run()
        .ok()
        .stdout
        .clone();
    detente(["generate", "--actors", "3", "--relations", "2", "-o", "-"])
        .run()
        .ok()
        .stdout_is(&yaml);
    assert!(leftovers(dir.path()).is_empty());
    assert!(!dir.path().join("-").exists());
}

#[test]
fn a_directory_is_refused() {
    let dir = workdir();
    std::fs::create_dir(dir.path().join("out")).unwrap();
    for out in ["out", "out/"] {
        detente([
            "diff", "g.yaml", "--from", "2000", "--to", "2020", "--format", "json", "-o", out,
        ])
        .in_dir(dir.path())
        .run()
        .code(2)
        .stdout_is("")
        .stderr_is(&format!(
            "error: cannot write `{out}`: it is a directory; give the path of a file to write, \
             such as `out/out`\n"
        ));
    }
    assert!(dir.path().join("out").is_dir());
    assert!(leftovers(dir.path()).is_empty());
}

/// Runs `args` in `dir`, expects exit 2 with `stderr`, and checks that every file in `dir` is
/// unchanged.
fn refused(dir: &Path, args: &[&str], stderr: &str) {
    let before = contents(dir);
    detente(args)
        .in_dir(dir)
        .run()
        .code(2)
        .stdout_is("")
        .stderr_is(stderr);
    assert_eq!(contents(dir), before, "{args:?} changed a file");
}

/// Every entry of `dir`: its name, whether it is a link, and its contents (for files).
fn contents(dir: &Path) -> Vec<(String, bool, Option<Vec<u8>>)> {
    let mut all: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            let link = std::fs::symlink_metadata(&path)
                .unwrap()
                .file_type()
                .is_symlink();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, link, std::fs::read(&path).ok())
        })
        .collect();
    all.sort();
    all
}

#[test]
fn an_input_file_is_never_the_output() {
    let dir = workdir();
    detente([
        "generate",
        "--actors",
        "3",
        "--relations",
        "2",
        "-o",
        "g.json",
    ])
    .in_dir(dir.path())
    .run()
    .ok();
    symlink("g.json", dir.path().join("link.json")).unwrap();
    let input = |out: &str, shown: &str| {
        format!(
            "error: refusing to write `{out}`: this command reads it{shown}; write the output \
             to another file\n"
        )
    };
    for (arg, out, shown) in [
        ("g.json", "g.json", ""),
        ("./g.json", "g.json", " (as `./g.json`)"),
        ("g.json", "./g.json", " (as `g.json`)"),
        ("g.json", "link.json", " (as `g.json`)"),
        ("link.json", "g.json", " (as `link.json`)"),
    ] {
        refused(
            dir.path(),
            &["diff", arg, "--from", "2000", "--to", "2020", "-o", out],
            &input(out, shown),
        );
    }
    refused(
        dir.path(),
        &[
            "render", "g.yaml", "--at", "2020", "--format", "dot", "-o", "g.yaml",
        ],
        &input("g.yaml", ""),
    );
    // The second graph of a diff counts too.
    refused(
        dir.path(),
        &[
            "diff", "g.json", "g.yaml", "--at", "2020", "--format", "json", "-o", "g.yaml",
        ],
        &input("g.yaml", ""),
    );
}

#[test]
fn a_scenario_and_its_chain_of_bases_are_never_the_output() {
    let dir = workdir();
    let run = |args: &[&str]| detente(args).in_dir(dir.path()).run().ok().stdout.clone();
    run(&["scenario", "new", "s.yaml", "--base", "g.yaml"]);
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    run(&["scenario", "new", "sub/t.yaml", "--base", "s.yaml"]);
    let message = |out: &str, shown: &str| {
        format!(
            "error: refusing to write `{out}`: this command reads it{shown}; write the output \
             to another file\n"
        )
    };
    refused(
        dir.path(),
        &["scenario", "apply", "s.yaml", "-o", "s.yaml"],
        &message("s.yaml", ""),
    );
    refused(
        dir.path(),
        &["scenario", "apply", "s.yaml", "-o", "g.yaml"],
        &message("g.yaml", " (the base of `s.yaml`)"),
    );
    refused(
        dir.path(),
        &["scenario", "apply", "sub/t.yaml", "-o", "g.yaml"],
        &message("g.yaml", " (the base of `sub/../s.yaml`)"),
    );
    refused(
        dir.path(),
        &["scenario", "new", "g.yaml", "--base", "g.yaml", "--force"],
        &message("g.yaml", ""),
    );
    refused(
        dir.path(),
        &[
            "scenario",
            "new",
            "g.yaml",
            "--base",
            "sub/t.yaml",
            "--force",
        ],
        &message("g.yaml", " (the base of `sub/../s.yaml`)"),
    );
    // Any other file is fine.
    run(&["scenario", "apply", "sub/t.yaml", "-o", "out.yaml"]);
    assert!(dir.path().join("out.yaml").is_file());
}

/// How long to wait for the slow `dot` to start.
const PATIENCE: std::time::Duration = std::time::Duration::from_secs(30);

/// Runs `render --engine graphviz` with a `dot` on PATH that records its pid and sleeps, sends
/// `signal` once it runs, and checks what is left: no temporary file, no output, no `dot`.
fn interrupted_while_drawing(signal: rustix::process::Signal) {
    use std::os::unix::process::ExitStatusExt;
    let dir = workdir();
    let bin = dir.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    let pid_file = dir.path().join("dot.pid");
    let script = format!(
        "#!/bin/sh\necho $$ > '{}.part' && mv '{0}.part' '{0}'\nexec sleep 60\n",
        pid_file.display()
    );
    let dot = bin.join("dot");
    std::fs::write(&dot, script).unwrap();
    let made = std::process::Command::new("chmod")
        .arg("+x")
        .arg(&dot)
        .status()
        .unwrap();
    assert!(made.success());
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_detente"))
        .args([
            "render", "g.yaml", "--at", "2020", "--engine", "graphviz", "-o", "out.svg",
        ])
        .current_dir(dir.path())
        .env("PATH", path)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while !pid_file.exists() {
        assert!(started.elapsed() < PATIENCE, "the fake dot never started");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let dot_pid: i32 = std::fs::read_to_string(&pid_file)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    // The output was opened before drawing: its temporary file is there while `dot` runs.
    assert_eq!(leftovers(dir.path()).len(), 1);

    let pid = rustix::process::Pid::from_raw(child.id() as i32).unwrap();
    rustix::process::kill_process(pid, signal).unwrap();
    let signalled = std::time::Instant::now();
    let status = child.wait().unwrap();
    assert_eq!(status.signal(), Some(signal.as_raw()), "{status:?}");
    assert!(leftovers(dir.path()).is_empty());
    assert!(!dir.path().join("out.svg").exists());
    // `dot` ends (or is a zombie waiting for whoever adopted it to reap it).
    let stat = format!("/proc/{dot_pid}/stat");
    while let Ok(text) = std::fs::read_to_string(&stat) {
        let state = text.rsplit_once(')').map(|(_, rest)| rest.trim_start());
        if state.is_some_and(|s| s.starts_with('Z') || s.starts_with('X')) {
            break;
        }
        // The fake `dot` sleeps for 60 s: still running after 20 s means nothing ended it.
        assert!(
            signalled.elapsed() < std::time::Duration::from_secs(20),
            "dot still runs: {text}"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

#[test]
fn sigterm_removes_the_temporary_file_and_ends_dot() {
    interrupted_while_drawing(rustix::process::Signal::TERM);
}

#[test]
fn sigint_removes_the_temporary_file_and_ends_dot() {
    interrupted_while_drawing(rustix::process::Signal::INT);
}

#[test]
fn sighup_removes_the_temporary_file_and_ends_dot() {
    interrupted_while_drawing(rustix::process::Signal::HUP);
}
