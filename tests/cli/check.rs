//! `detente check` on valid files, several files at once, and `--format json`.

use crate::support::detente;

const MINIMAL: &str = "tests/fixtures/minimal.yaml";

#[test]
fn a_valid_file_is_summarised() {
    let out = detente(["check", MINIMAL]).run();
    out.ok();
    assert_eq!(
        out.stdout,
        "tests/fixtures/minimal.yaml: ok (3 actors, 1 relations, 3 points, 0 events, 0 sources)\n"
    );
    assert_eq!(out.stderr, "");
}

#[test]
fn quiet_prints_nothing_for_valid_files() {
    let out = detente(["check", "--quiet", MINIMAL]).run();
    out.ok();
    assert_eq!(out.stdout, "");
}

#[test]
fn every_file_is_checked_and_any_invalid_one_fails_the_run() {
    let out = detente([
        "check",
        MINIMAL,
        "tests/fixtures/errors/post-until.yaml",
        "missing.yaml",
    ])
    .run();
    out.code(2)
        .stdout_has("minimal.yaml: ok")
        .stderr_has("post-until.yaml:9:71: post `Secretary of State`")
        .stderr_has("error: cannot read missing.yaml: ");
}

#[test]
fn every_graph_file_in_the_repository_passes() {
    let mut files: Vec<String> = std::fs::read_dir("graphs")
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("yaml" | "json")
            )
        })
        .map(|p| p.display().to_string())
        .collect();
    files.sort();
    files.push(MINIMAL.into());
    detente(["check"]).arg_all(&files).run().ok();
}

#[test]
fn json_format_reports_each_file_with_its_problems() {
    let out = detente([
        "check",
        "--format",
        "json",
        MINIMAL,
        "tests/fixtures/errors/duplicate-date.yaml",
    ])
    .run();
    out.code(2);
    assert_eq!(out.stderr, "");
    let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON on stdout");
    // The files' entries; how the report was made follows them (tests/cli/origin.rs).
    assert_eq!(
        json["files"],
        serde_json::json!([
            {"file": "tests/fixtures/minimal.yaml", "ok": true, "problems": []},
            {
                "file": "tests/fixtures/errors/duplicate-date.yaml",
                "ok": false,
                "problems": [{
                    "line": 10,
                    "column": 9,
                    "message": "two points on 2020-02-01 in one series",
                    "help": "the other is at line 8; keep one point per date"
                }]
            }
        ])
    );
}

#[test]
fn json_format_reports_unreadable_files_without_a_position() {
    let out = detente(["check", "--format", "json", "missing.yaml"]).run();
    out.code(2);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON on stdout");
    assert_eq!(json["files"][0]["ok"], false);
    assert_eq!(
        json["files"][0]["problems"][0]["line"],
        serde_json::Value::Null
    );
    assert!(
        json["files"][0]["problems"][0]["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("cannot read missing.yaml: ")),
        "{json}"
    );
}

#[test]
fn unsourced_lists_each_point_and_post_without_a_source_by_line() {
    detente(["check", "tests/fixtures/minimal.yaml", "--unsourced"])
        .run()
        .ok()
        .stderr_is("")
        .stdout_is(
            "tests/fixtures/minimal.yaml: ok (3 actors, 1 relations, 3 points, 0 events, 0 sources)
tests/fixtures/minimal.yaml:10: post `Secretary of State` of pompeo cites no source
tests/fixtures/minimal.yaml:15: point 2019 of BLR -- USA (diplomatic) cites no source
tests/fixtures/minimal.yaml:16: point 2020-02-01 of BLR -- USA (diplomatic) cites no source
tests/fixtures/minimal.yaml:17: point 2020-08-10 of BLR -- USA (diplomatic) cites no source
tests/fixtures/minimal.yaml: 0 of 3 points sourced
",
        );
}

#[test]
fn a_graph_on_stdin_gets_its_warnings_and_unsourced_lines_like_a_file() {
    // Stdin cannot be read twice: its text is kept from the one read for the lines quoted.
    let file = "tests/fixtures/format-1.1/kinds.yaml";
    let text = std::fs::read(crate::support::repo(file)).expect("the fixture");
    let warning = "-:6:36: actor kind `stat` is used only here, and is close to `state`
 6 |   USA: {name: United States, kind: stat}
   |                                    ^
  help: did you mean `state`? If `stat` is meant, ignore this warning
";
    detente(["check", "-"])
        .stdin(text.clone())
        .run()
        .ok()
        .stdout_is("-: ok (5 actors, 2 relations, 2 points, 0 events, 1 sources)\n")
        .stderr_is(&format!("warning: {warning}"));
    detente(["check", "--strict", "-"])
        .stdin(text.clone())
        .run()
        .code(2)
        .stderr_is(&format!("error: {warning}"));
    // The same lines as the file's.
    let lines = |out: &str, name: &str| -> Vec<String> {
        out.lines()
            .filter(|l| l.contains("cites no source"))
            .map(|l| l.replacen(name, "FILE", 1))
            .collect()
    };
    let from_file = detente(["check", file, "--unsourced"]).run();
    let from_stdin = detente(["check", "-", "--unsourced"]).stdin(text).run();
    let expected = lines(&from_file.stdout, file);
    assert_eq!(expected.len(), 3, "{}", from_file.stdout);
    assert!(
        expected.iter().all(|l| !l.starts_with("FILE:0:")),
        "{expected:?}"
    );
    assert_eq!(lines(&from_stdin.stdout, "-"), expected);
}

#[test]
fn every_point_post_and_event_of_the_bundled_graph_is_sourced() {
    let out = detente(["check", "graphs/us-belarus.yaml", "--unsourced"]).run();
    out.ok();
    assert!(
        out.stdout
            .ends_with("graphs/us-belarus.yaml: 78 of 78 points sourced\n"),
        "{}",
        out.stdout
    );
    // Posts cite their sources too (format 1.1): nothing is listed.
    assert!(!out.stdout.contains("cites no source"), "{}", out.stdout);
}

#[test]
fn a_post_citing_a_source_is_not_listed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.yaml");
    std::fs::write(
        &path,
        "detente: 1\nsources:\n  s: {title: S}\nactors:\n  A: {name: A, kind: state}\n  \
         p:\n    name: P\n    kind: person\n    posts:\n      \
         - {title: Envoy, of: A, from: 2020, source: s}\n      - {title: Adviser, of: A, from: 2021}\n",
    )
    .unwrap();
    let out = detente(["check", crate::render::s(&path), "--unsourced"]).run();
    out.ok();
    let listed: Vec<&str> = out
        .stdout
        .lines()
        .filter(|l| l.ends_with("cites no source"))
        .collect();
    assert_eq!(listed.len(), 1, "{}", out.stdout);
    assert!(
        listed[0].ends_with(":11: post `Adviser` of p cites no source"),
        "{}",
        out.stdout
    );
}

#[test]
fn unsourced_in_json_gives_lines_and_counts_and_an_event_without_sources() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.yaml");
    std::fs::write(
        &path,
        "detente: 1\nsources:\n  s: {title: S}\nactors:\n  A: {name: A, kind: state}\n  \
         B: {name: B, kind: state}\nevents:\n  bare: {date: 2020, title: Bare}\n  \
         cited: {date: 2020, title: Cited, sources: [s]}\nrelations:\n  - between: [A, B]\n    \
         series:\n      - {date: 2019, weight: 0.1, event: bare}\n      \
         - {date: 2020, weight: 0.2, event: cited}\n      - {date: 2021, weight: 0.3, source: s}\n",
    )
    .unwrap();
    let out = detente(["check", "--unsourced", "--format", "json"])
        .arg(&path)
        .run();
    out.ok();
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let sources = &json["files"][0]["sources"];
    assert_eq!(sources["points_sourced"], 2);
    assert_eq!(sources["points"], 3);
    assert_eq!(
        sources["unsourced"],
        serde_json::json!([
            {"line": 8, "what": "event bare"},
            {"line": 13, "what": "point 2019 of A -- B (relation)"}
        ])
    );
}
