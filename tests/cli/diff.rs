//! `detente diff` and `detente textconv`: fixture pairs with their expected diffs, every output
//! format, exit codes, pinned errors, and the git integration in a temporary repository.

use std::path::Path;
use std::process::Command;

use crate::support::{detente, repo};

const TIMELINE: &str = "tests/fixtures/diff-timeline.yaml";
const BEFORE: &str = "tests/fixtures/diff-embassy.before.yaml";
const AFTER: &str = "tests/fixtures/diff-embassy.after.yaml";
const REORDERED: &str = "tests/fixtures/diff-reordered.yaml";

fn json(args: &[&str]) -> serde_json::Value {
    let mut all = vec!["diff"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let out = detente(all).run();
    out.ok();
    let value = serde_json::from_str(&out.stdout).expect("diff --format json prints JSON");
    without_origin(value)
}

/// The diff without the fields that say how it was made (checked here, and pinned in
/// `json_says_how_it_was_made`), so that the expected files need no update per release.
fn without_origin(mut value: serde_json::Value) -> serde_json::Value {
    let object = value.as_object_mut().unwrap();
    let version = object.remove("detente_version").expect("detente_version");
    assert_eq!(version, env!("CARGO_PKG_VERSION"));
    let files = object.remove("input_files").expect("input_files");
    for file in files.as_array().unwrap() {
        let sha = file["sha256"].as_str().unwrap();
        assert!(sha.len() == 64 && sha.bytes().all(|b| b.is_ascii_hexdigit()));
    }
    object.remove("filters").expect("filters");
    value
}

fn expected(name: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(repo("tests/fixtures").join(name)).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn a_pair_of_files_gives_its_expected_diff() {
    let got = json(&[BEFORE, AFTER, "--at", "2025-05"]);
    assert_eq!(got, expected("diff-embassy.expected.json"));
}

#[test]
fn one_graph_on_two_dates_gives_its_expected_diff() {
    let got = json(&[TIMELINE, "--from", "2020", "--to", "2025-05"]);
    assert_eq!(got, expected("diff-timeline.expected.json"));
}

#[test]
fn the_same_graph_written_differently_has_no_differences() {
    detente(["diff", BEFORE, REORDERED, "--at", "2025-05", "--exit-code"])
        .run()
        .ok()
        .stdout_has("No differences.");
}

#[test]
fn exit_code_1_means_differences_only_with_the_option() {
    detente(["diff", BEFORE, AFTER, "--at", "2025-05", "--exit-code"])
        .run()
        .code(1);
    detente(["diff", BEFORE, AFTER, "--at", "2025-05"])
        .run()
        .ok();
    // With one side's date moved back before any tie, the ties differ again.
    detente([
        "diff",
        BEFORE,
        REORDERED,
        "--from",
        "2018",
        "--to",
        "2025-05",
        "--exit-code",
    ])
    .run()
    .code(1);
}

#[test]
fn the_threshold_hides_small_changes_and_says_how_many() {
    let got = json(&[BEFORE, AFTER, "--at", "2025-05", "--threshold", "0.1"]);
    assert_eq!(got["summary"]["hidden"], 1);
    assert_eq!(got["summary"]["changed"], 1);
    assert_eq!(got["threshold"], 0.1);
    detente([
        "diff",
        BEFORE,
        AFTER,
        "--at",
        "2025-05",
        "--threshold",
        "0.1",
    ])
    .run()
    .ok()
    .stdout_has("1 change below the threshold 0.1 hidden");
}

#[test]
fn text_output() {
    let out = detente(["diff", BEFORE, AFTER, "--at", "2025-05"]).run();
    out.ok();
    insta::assert_snapshot!(out.stdout);
}

#[test]
fn markdown_output() {
    let out = detente([
        "diff", TIMELINE, "--from", "2020", "--to", "2025-05", "--format", "markdown",
    ])
    .run();
    out.ok();
    insta::assert_snapshot!(out.stdout);
}

#[test]
fn json_output() {
    let out = detente(["diff", BEFORE, AFTER, "--at", "2025-05", "--format", "json"]).run();
    out.ok();
    // The version changes with every release; everything else is pinned.
    insta::assert_snapshot!(out.stdout.replace(env!("CARGO_PKG_VERSION"), "[version]"));
}

#[test]
fn colour_follows_the_terminal_and_no_color() {
    // Piped (as here): no escapes, even without NO_COLOR.
    let plain = detente(["diff", BEFORE, AFTER, "--at", "2025-05"])
        .env("NO_COLOR", "")
        .run();
    assert!(!plain.stdout.contains('\x1b'));
    let forced = detente([
        "diff", BEFORE, AFTER, "--at", "2025-05", "--color", "always",
    ])
    .run();
    assert!(forced.stdout.contains("\x1b[32m+ BLR -- EU"));
}

#[test]
fn one_graph_needs_two_dates() {
    let out = detente(["diff", TIMELINE, "--at", "2020"]).run();
    out.code(2);
    assert_eq!(
        out.stderr,
        "error: --at compares two graphs on one date; with one graph, give --from and --to\n"
    );
    let out = detente(["diff", TIMELINE, "--from", "2020"]).run();
    out.code(2);
    assert_eq!(
        out.stderr,
        "error: with one graph, give the two dates to compare: --from DATE --to DATE\n"
    );
}

#[test]
fn two_graphs_without_a_date_are_compared_in_their_final_state() {
    // The last date in either file is 2025-05 (Kellogg's contact).
    let got = json(&[BEFORE, AFTER]);
    assert_eq!(got["from"], "2025-05");
    assert_eq!(got["to"], "2025-05");
    assert_eq!(got, expected("diff-embassy.expected.json"));
}

#[test]
fn two_graphs_with_only_one_side_dated_is_an_error() {
    let out = detente(["diff", BEFORE, AFTER, "--from", "2020"]).run();
    out.code(2);
    assert_eq!(
        out.stderr,
        "error: give the date to compare the two graphs on: --at DATE (or --from and --to for a \
         date on each side)\n"
    );
}

#[test]
fn bad_options_and_files_are_errors() {
    detente(["diff", BEFORE, AFTER, "--at", "2025", "--threshold=-1"])
        .run()
        .code(2)
        .stderr_has("`-1` is not a threshold; give a number ≥ 0, e.g. 0.1");
    detente(["diff", BEFORE, "missing.yaml", "--at", "2025"])
        .run()
        .code(2)
        .stderr_has("error: cannot read missing.yaml:");
    detente([
        "diff",
        BEFORE,
        "tests/fixtures/minimal.yaml",
        "--at",
        "2020-13",
    ])
    .run()
    .code(2)
    .stderr_has("month 13");
}

// ---- git integration, in a temporary repository ----

const GRAPH_V1: &str = "\
detente: 1
actors:
  USA: {name: United States, kind: state}
  BLR: {name: Belarus, kind: state}
relations:
  - between: [USA, BLR]
    kind: diplomatic
    series:
      - {date: 2019, weight: -0.2}
";

const GRAPH_V2: &str = "\
detente: 1
actors:
  USA: {name: United States, kind: state}
  BLR: {name: Belarus, kind: state}
  kellogg:
    name: Keith Kellogg
    kind: person
    posts:
      - {title: Special Envoy, of: USA, from: 2025-01-20}
relations:
  - between: [BLR, USA]
    kind: diplomatic
    series:
      - {date: 2019, weight: -0.2}
      - {date: 2025-02, weight: 0.3}
";

/// Runs git in `dir`, isolated from the user's and the system's configuration.
fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.com"])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_PAGER", "cat")
        .env("NO_COLOR", "1")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A repository with two commits of `g.yaml` (and a directory with a colon-named file).
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path();
    git(path, &["init", "-q"]);
    std::fs::write(path.join("g.yaml"), GRAPH_V1).unwrap();
    git(path, &["add", "g.yaml"]);
    git(path, &["commit", "-q", "-m", "v1"]);
    std::fs::write(path.join("g.yaml"), GRAPH_V2).unwrap();
    git(path, &["commit", "-q", "-am", "v2"]);
    dir
}

fn binary() -> String {
    // git runs textconv and difftool commands through the shell: quote the path.
    format!("'{}'", env!("CARGO_BIN_EXE_detente"))
}

#[test]
fn rev_path_reads_a_file_as_of_a_revision() {
    let dir = repository();
    let out = detente([
        "diff",
        "HEAD~1:g.yaml",
        "g.yaml",
        "--at",
        "2025-05",
        "--format",
        "json",
    ])
    .in_dir(dir.path())
    .run();
    out.ok();
    let got: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(got["inputs"]["from"]["name"], "HEAD~1:g.yaml");
    assert_eq!(got["actors"]["added"][0]["id"], "kellogg");
    assert_eq!(got["ties"][0]["before"], -0.2);
    assert_eq!(got["ties"][0]["after"], 0.3);
    assert_eq!(got["summary"]["sign_flips"], 1);
    // Two revisions, with a textconv driver configured: git must hand over the raw YAML.
    std::fs::write(dir.path().join(".gitattributes"), "*.yaml diff=detente\n").unwrap();
    git(
        dir.path(),
        &[
            "config",
            "diff.detente.textconv",
            &format!("{} textconv", binary()),
        ],
    );
    detente(["diff", "HEAD~1:g.yaml", "HEAD:g.yaml", "--at", "2025-05"])
        .in_dir(dir.path())
        .run()
        .ok()
        .stdout_has("+ kellogg");
}

/// A scenario on `g.yaml` that sets the tie to 0.5 in 2025-03.
const SCENARIO: &str = "\
detente-scenario: 1
base: ../g.yaml
edits:
  - set: {between: [USA, BLR], kind: diplomatic, date: 2025-03, weight: 0.5}
";

#[test]
fn a_scenario_at_a_revision_reads_its_base_at_that_revision() {
    let dir = repository();
    std::fs::create_dir(dir.path().join("scenarios")).unwrap();
    std::fs::write(dir.path().join("scenarios/s.yaml"), SCENARIO).unwrap();
    git(dir.path(), &["add", "scenarios/s.yaml"]);
    git(dir.path(), &["commit", "-q", "-m", "scenario"]);
    // On disk, the base changes after the commit: it loses Kellogg and its tie starts at +0.9.
    std::fs::write(
        dir.path().join("g.yaml"),
        GRAPH_V1.replace("weight: -0.2", "weight: 0.9"),
    )
    .unwrap();
    let diff = |scenario: &str| {
        let out = detente([
            "diff", scenario, "g.yaml", "--at", "2025-05", "--format", "json",
        ])
        .in_dir(dir.path())
        .run();
        out.ok();
        serde_json::from_str::<serde_json::Value>(&out.stdout).unwrap()
    };
    // The committed base has Kellogg, which the graph on disk lacks: it departs.
    let got = diff("HEAD:scenarios/s.yaml");
    assert_eq!(got["inputs"]["from"]["name"], "HEAD:scenarios/s.yaml");
    assert_eq!(got["actors"]["removed"][0]["id"], "kellogg");
    assert_eq!(got["ties"][0]["before"], 0.5);
    assert_eq!(got["ties"][0]["after"], 0.9);
    // The same, with the path relative to the current directory.
    let got = diff("HEAD:./scenarios/s.yaml");
    assert_eq!(got["actors"]["removed"][0]["id"], "kellogg");
    // A base missing at the revision is reported at `base:`, under the revision's name.
    git(dir.path(), &["mv", "scenarios/s.yaml", "s.yaml"]);
    git(dir.path(), &["commit", "-q", "-m", "moved"]);
    detente(["diff", "HEAD:s.yaml", "g.yaml", "--at", "2025"])
        .in_dir(dir.path())
        .run()
        .code(2)
        .stderr_has("error: HEAD:s.yaml:2:7: cannot read the base `HEAD:../g.yaml`: ");
}

#[test]
fn an_existing_file_with_a_colon_is_a_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("v1:g.yaml"), GRAPH_V1).unwrap();
    std::fs::write(dir.path().join("g.yaml"), GRAPH_V2).unwrap();
    detente(["diff", "v1:g.yaml", "g.yaml", "--at", "2025-05"])
        .in_dir(dir.path())
        .run()
        .ok()
        .stdout_has("v1:g.yaml (2025-05) → g.yaml (2025-05)");
}

#[test]
fn rev_path_outside_a_repository_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("g.yaml"), GRAPH_V1).unwrap();
    let out = detente(["diff", "HEAD~1:g.yaml", "g.yaml", "--at", "2025"])
        .in_dir(dir.path())
        .env("GIT_CEILING_DIRECTORIES", dir.path().parent().unwrap())
        .run();
    out.code(2);
    assert_eq!(
        out.stderr,
        "error: no file `HEAD~1:g.yaml` exists, and it cannot be read as REV:PATH: the current \
         directory is not inside a git repository\n  help: run the command inside the \
         repository, or check the file's path\n"
    );
}

#[test]
fn an_unknown_revision_or_path_is_a_clear_error() {
    let dir = repository();
    let out = detente(["diff", "nosuchrev:g.yaml", "g.yaml", "--at", "2025"])
        .in_dir(dir.path())
        .run();
    out.code(2);
    assert!(
        out.stderr
            .starts_with("error: git cannot read `nosuchrev:g.yaml` (REV:PATH): "),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("help: check the revision"));
    detente(["diff", "HEAD:missing.yaml", "g.yaml", "--at", "2025"])
        .in_dir(dir.path())
        .run()
        .code(2)
        .stderr_has("error: git cannot read `HEAD:missing.yaml` (REV:PATH): ");
}

#[test]
fn an_invalid_graph_in_a_revision_is_located_under_its_rev_path() {
    let dir = repository();
    std::fs::write(dir.path().join("g.yaml"), "detente: 1\nactors: []\n").unwrap();
    git(dir.path(), &["commit", "-q", "-am", "broken"]);
    detente(["diff", "HEAD:g.yaml", "HEAD~1:g.yaml", "--at", "2025"])
        .in_dir(dir.path())
        .run()
        .code(2)
        .stderr_has("error: HEAD:g.yaml:2:");
}

#[test]
fn git_diff_and_log_show_graph_changes_through_textconv() {
    let dir = repository();
    std::fs::write(dir.path().join(".gitattributes"), "*.yaml diff=detente\n").unwrap();
    git(
        dir.path(),
        &[
            "config",
            "diff.detente.textconv",
            &format!("{} textconv", binary()),
        ],
    );
    let diff = git(dir.path(), &["diff", "HEAD~1", "HEAD", "--", "g.yaml"]);
    assert!(
        diff.contains("+actor kellogg: Keith Kellogg (person)\n"),
        "{diff}"
    );
    assert!(diff.contains("+post kellogg: Special Envoy, USA, since 2025-01-20\n"));
    assert!(diff.contains("+tie BLR -- USA (diplomatic) 2025-02: +0.3\n"));
    // Reversing the ends of the mutual tie is not a change.
    assert!(!diff.contains("-tie"), "{diff}");
    let log = git(dir.path(), &["log", "-p", "--", "g.yaml"]);
    assert!(
        log.contains("+tie BLR -- USA (diplomatic) 2019: -0.2\n"),
        "{log}"
    );
}

#[test]
fn detente_diff_works_as_a_git_difftool() {
    let dir = repository();
    let tool = format!("{} diff --at 2025-05 --color never", binary());
    let out = git(
        dir.path(),
        &[
            "difftool",
            "--no-prompt",
            "-x",
            &tool,
            "HEAD~1",
            "HEAD",
            "--",
            "g.yaml",
        ],
    );
    assert!(out.contains("+ kellogg"), "{out}");
    assert!(out.contains("sign flip"), "{out}");
    // The same, configured once as a named tool.
    git(
        dir.path(),
        &[
            "config",
            "difftool.detente.cmd",
            &format!("{} diff \"$LOCAL\" \"$REMOTE\" --at 2025-05", binary()),
        ],
    );
    let out = git(
        dir.path(),
        &[
            "difftool",
            "--no-prompt",
            "--tool",
            "detente",
            "HEAD~1",
            "--",
            "g.yaml",
        ],
    );
    assert!(out.contains("Actors: 1 added, 0 removed."), "{out}");
}

#[test]
fn textconv_shows_an_invalid_file_as_written() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("x.yaml"), "not: a graph\n").unwrap();
    let out = detente(["textconv", "x.yaml"]).in_dir(dir.path()).run();
    out.ok();
    assert_eq!(
        out.stdout,
        "# (not a valid detente graph; shown as written)\nnot: a graph\n"
    );
}

#[test]
fn textconv_lists_a_graph_line_by_line() {
    let out = detente(["textconv", TIMELINE]).run();
    out.ok();
    insta::assert_snapshot!(out.stdout);
}

#[test]
fn each_changed_tie_lists_the_points_that_changed_it_with_their_sources() {
    let out = detente([
        "diff",
        "graphs/us-belarus.yaml",
        "--from",
        "2020-01",
        "--to",
        "2020-09",
        "--format",
        "json",
    ])
    .run();
    out.ok();
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let tie = json["ties"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["from"] == "BLR" && t["to"] == "USA")
        .unwrap();
    let points = tie["points"].as_array().unwrap();
    let dates: Vec<&str> = points.iter().map(|p| p["date"].as_str().unwrap()).collect();
    // In (from, to]: the Pompeo visit and the election, not the 2019 starting point.
    assert_eq!(dates, ["2020-02-01", "2020-08-09"]);
    assert_eq!(points[0]["event"]["id"], "pompeo-visit");
    assert_eq!(points[0]["sources"][0]["id"], "commonspace-2020-02-01");
    assert_eq!(points[0]["in_force"], false);
    assert_eq!(points[1]["event"]["id"], "election-2020");
    assert_eq!(points[1]["in_force"], true);
}

#[test]
fn a_two_file_diff_cites_the_points_of_the_second_that_the_first_lacks() {
    let out = detente([
        "diff",
        "graphs/us-belarus.yaml",
        "graphs/scenarios/relief-track.yaml",
        "--at",
        "2026-07",
        "--format",
        "json",
    ])
    .run();
    out.ok();
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let tie = json["ties"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["from"] == "BLR" && t["to"] == "RUS")
        .unwrap();
    let points = tie["points"].as_array().unwrap();
    assert_eq!(points.len(), 1);
    assert_eq!(points[0]["date"], "2026-06-01");
    // A shifted weight prints without floating-point noise.
    assert_eq!(points[0]["weight"], 0.9);
    assert_eq!(points[0]["scenario"], true);
    assert_eq!(
        points[0]["sources"][0]["file"],
        "graphs/scenarios/relief-track.yaml"
    );
}

#[test]
fn markdown_fills_the_note_column_and_footnotes_the_sources() {
    let out = detente([
        "diff",
        "graphs/us-belarus.yaml",
        "--from",
        "2020-01",
        "--to",
        "2020-03",
        "--format",
        "markdown",
    ])
    .run();
    out.ok();
    insta::assert_snapshot!(out.stdout);
}

#[test]
fn text_says_why_each_tie_changed() {
    let out = detente([
        "diff",
        "graphs/us-belarus.yaml",
        "--from",
        "2025-04",
        "--to",
        "2025-05",
        "--color",
        "never",
    ])
    .run();
    out.ok();
    insta::assert_snapshot!(out.stdout);
}

#[test]
fn a_partial_to_includes_the_whole_period_it_names() {
    // The README's `diff --from 2020 --to 2025`: `--to 2025` runs through 2025-12-31, so the
    // envoy's June 2025 visit to Minsk is in the diff; `--to 2025-01-01` ends on that day.
    let tie = |to: &str, last_day: &str| {
        let out = detente([
            "diff",
            "graphs/us-belarus.yaml",
            "--from",
            "2020",
            "--to",
            to,
            "--format",
            "json",
        ])
        .run();
        out.ok();
        let j: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        assert_eq!(j["to"], last_day);
        j["ties"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["tie"] == "kellogg|lukashenko|contact")
    };
    assert!(tie("2025", "2025-12-31"));
    assert!(tie("2025-06", "2025-06-30"));
    assert!(!tie("2025-01-01", "2025-01-01"));
}

/// `diff --no-points`: the same report as without it, less the points behind each change, in
/// every report format; and for a diff large enough to be written on all cores.
#[test]
fn no_points_leaves_out_the_points_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let large = dir.path().join("large.json");
    detente([
        "generate",
        "--actors",
        "300",
        "--relations",
        "6000",
        "--points",
        "4",
        "-o",
    ])
    .arg(&large)
    .run()
    .ok();
    let large = large.to_str().unwrap().to_string();
    let cases: [(&str, &str, &str); 2] = [
        ("graphs/us-belarus.yaml", "2020-01", "2025-12"),
        (&large, "2001", "2030"),
    ];
    for (graph, from, to) in cases {
        let run = |format: &str, lean: bool| {
            let mut args = vec![
                "diff", graph, "--from", from, "--to", to, "--format", format,
            ];
            if lean {
                args.push("--no-points");
            }
            let out = detente(args).run();
            out.ok();
            out.stdout.clone()
        };
        let mut full: serde_json::Value = serde_json::from_str(&run("json", false)).unwrap();
        let lean: serde_json::Value = serde_json::from_str(&run("json", true)).unwrap();
        let ties = full["ties"].as_array_mut().unwrap();
        assert!(ties.len() > 10, "{graph}: {} ties", ties.len());
        let mut cited = 0;
        for tie in ties {
            cited += tie["points"].as_array().unwrap().len();
            tie.as_object_mut().unwrap().remove("points");
        }
        assert!(cited > 0, "{graph}: the full diff cites points");
        assert_eq!(without_origin(full), without_origin(lean), "{graph}");

        // Text: the same up to "Why the ties changed", which is left out.
        let (full, lean) = (run("text", false), run("text", true));
        let why = full
            .find("Why the ties changed")
            .expect("the full text says why");
        assert_eq!(
            lean,
            full[..why].trim_end_matches('\n').to_string() + "\n",
            "{graph}"
        );

        // Markdown: the ties' notes say only whether the sign flipped; no sources section.
        let lean = run("markdown", true);
        assert!(
            !lean.contains("[^1]") && !lean.contains("## Sources"),
            "{graph}"
        );
        assert!(run("markdown", false).contains("[^1]") || graph == large);
    }
    // The diagram: the tooltips of the bundled graph's changes name their sources, or not.
    let dot = |lean: bool| {
        let mut args = vec![
            "diff",
            "graphs/us-belarus.yaml",
            "--from",
            "2020-01",
            "--to",
        ];
        args.extend(["2020-09", "--format", "dot"]);
        if lean {
            args.push("--no-points");
        }
        detente(args).run().ok().stdout.clone()
    };
    assert!(dot(false).contains("\\nSources: "));
    assert!(!dot(true).contains("\\nSources: "));
}
