//! No user text drives the terminal or a document: escape sequences, bells and line breaks in
//! titles, ids, kinds and notes are escaped in every text report and error, Markdown cannot show
//! a remote image, and CSV cells cannot run as spreadsheet formulas. The graph is
//! `tests/fixtures/hostile-escapes.yaml`.

use crate::support::{Output, detente, fixture};

const GRAPH: &str = "hostile-escapes.yaml";
const SCENARIO: &str = "hostile-escapes-scenario.yaml";
/// The ids of the hostile graph, as the shell would pass them.
const A: &str = "A\x1b[31m";
const B: &str = "B\nforged";

/// Asserts that neither stream holds an escape, a bell or a carriage return.
#[track_caller]
fn no_control(out: &Output) {
    for (name, text) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        let bad: Vec<char> = text
            .chars()
            .filter(|&c| c.is_control() && c != '\n')
            .collect();
        assert!(bad.is_empty(), "{name} holds {bad:?}:\n{text}");
    }
}

/// Asserts that no line of the output starts as a forged line would (the id `B\nforged`).
#[track_caller]
fn no_forged_line(out: &Output) {
    for (name, text) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        assert!(
            !text.lines().any(|l| l.starts_with("forged")),
            "{name} has a forged line:\n{text}"
        );
    }
}

#[test]
fn analyze_escapes_ids_and_the_title() {
    let out = detente(["analyze", "--at", "2020"])
        .arg(fixture(GRAPH))
        .run();
    out.ok();
    no_control(&out);
    no_forged_line(&out);
    out.stdout_has("Title \\u{1b}[31mred\\u{7}")
        .stdout_has("side A: =2+5, A\\u{1b}[31m, B\\u{a}forged");
}

#[test]
fn trend_text_escapes_ids_and_the_title() {
    let out = detente(["trend", "--from", "2019", "--to", "2020"])
        .arg(fixture(GRAPH))
        .run();
    out.ok();
    no_control(&out);
    no_forged_line(&out);
    out.stdout_has("2020  B\\u{a}forged: bloc 2 -> 1");
}

#[test]
fn trend_csv_neutralises_formulas_but_not_numbers() {
    let out = detente(["trend", "--from", "2019", "--to", "2019", "--format", "csv"])
        .arg(fixture(GRAPH))
        .run();
    out.ok();
    out.stdout_has("2019,strength,'=2+5,0.25,\n")
        .stdout_has(
            "2019,tie_weight,'=2+5 -> A\x1b[31m (@SUM(1+1)),0.25,'=2+5|A\x1b[31m|@SUM(1+1)\n",
        )
        .stdout_has("2019,strength,A\x1b[31m,-0.25,\n");
    assert!(!out.stdout.contains(",=2+5"), "{}", out.stdout);
}

#[test]
fn check_escapes_unknown_ids_in_errors() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("unknown.yaml");
    std::fs::write(
        &path,
        "detente: 1\nactors:\n  A: {name: A, kind: state}\nrelations:\n  \
         - between: [A, \"X\\e]0;pwned\\a\\nerror: forged\"]\n    series: [{date: 2020, weight: 0.5}]\n",
    )
    .unwrap();
    let out = detente(["check"]).arg(&path).run();
    out.code(2);
    no_control(&out);
    assert_eq!(
        out.stderr.lines().next().unwrap(),
        format!(
            "error: {}:5:18: unknown actor `X\\u{{1b}}]0;pwned\\u{{7}}\\u{{a}}error: forged`",
            path.display()
        )
    );
    let errors = out.stderr.lines().filter(|l| l.starts_with("error:"));
    assert_eq!(errors.count(), 1, "{}", out.stderr);
}

#[test]
fn a_quoted_line_shows_its_control_characters_by_their_pictures() {
    // A bell and an escape written raw into the graph: YAML refuses them, and the quoted line
    // shows which they are, one character each, so the caret stays under the bell's column.
    let out = detente(["check", "-"])
        .stdin("detente: 1\nactors:\n  \"A\x07\x1bb\": {name: A, kind: state}\n")
        .run();
    out.code(2);
    no_control(&out);
    let lines: Vec<&str> = out.stderr.lines().collect();
    assert_eq!(
        lines[1], " 3 |   \"A␇␛b\": {name: A, kind: state}",
        "{}",
        out.stderr
    );
    assert_eq!(lines[2], "   |     ^", "{}", out.stderr);
}

#[test]
fn scenario_list_and_add_escape_ids_kinds_and_titles() {
    let out = detente(["scenario", "list"]).arg(fixture(SCENARIO)).run();
    out.ok();
    no_control(&out);
    no_forged_line(&out);
    out.stdout_has("What if \\u{1b}]0;pwned\\u{7}")
        .stdout_has("1. set A\\u{1b}[31m -- B\\u{a}forged");

    let dir = tempfile::tempdir().unwrap();
    for name in [GRAPH, SCENARIO] {
        std::fs::copy(fixture(name), dir.path().join(name)).unwrap();
    }
    let scenario = dir.path().join(SCENARIO);
    let out = detente(["scenario", "add"])
        .arg(&scenario)
        .args([
            "add-actor",
            "--id",
            "Q\x1b[2J\nforged",
            "--name",
            "Q",
            "--kind",
            "state",
        ])
        .run();
    out.ok();
    no_control(&out);
    no_forged_line(&out);
    out.stdout_is("added edit 3: add_actor Q\\u{1b}[2J\\u{a}forged (state)\n");
    let out = detente(["scenario", "add"])
        .arg(&scenario)
        .args([
            "set",
            "--between",
            A,
            "Z\x1b[2J",
            "--kind",
            "k",
            "--date",
            "2022",
        ])
        .args(["--weight", "0.5"])
        .run();
    out.code(2);
    no_control(&out);
    out.stderr_has("--between: unknown actor `Z\\u{1b}[2J`");
}

#[test]
fn scenario_apply_reports_escaped_edits() {
    let dir = tempfile::tempdir().unwrap();
    let written = dir.path().join("applied.yaml");
    let out = detente(["scenario", "apply"])
        .arg(fixture(SCENARIO))
        .arg("-o")
        .arg(&written)
        .run();
    out.ok();
    no_control(&out);
    no_forged_line(&out);
    out.stdout_has("2. add_actor D\\u{1b}[2J (state)\n");
}

#[test]
fn textconv_keeps_every_id_on_its_line() {
    let out = detente(["textconv"]).arg(fixture(GRAPH)).run();
    out.ok();
    no_control(&out);
    no_forged_line(&out);
    out.stdout_has("actor B\\nforged: =HYPERLINK(\"http://evil.example\") (state)\n")
        .stdout_has("post =2+5: Chief \\u{1b}[5mblink\\u{7}, A\\u{1b}[31m, since 2019\n")
        .stdout_has("source src\\u{1b}[2J: Source \\u{1b}]0;pwned\\u{7}\n");
}

#[test]
fn explain_escapes_text_and_markdown() {
    let out = detente(["explain", "--at", "2020"])
        .arg(fixture(GRAPH))
        .args([A, B])
        .run();
    out.ok();
    no_control(&out);
    no_forged_line(&out);
    out.stdout_has("Ties between A\\u{1b}[31m and B\\u{a}forged on 2020\n");
    let out = detente(["explain", "--at", "2020", "--format", "markdown"])
        .arg(fixture(GRAPH))
        .args([A, B])
        .run();
    out.ok();
    no_control(&out);
    no_forged_line(&out);
    assert!(!out.stdout.contains("!["), "an image:\n{}", out.stdout);
    out.stdout_has("!\\[z\\](http://evil.example/n.png)");
}

#[test]
fn diff_markdown_shows_no_remote_image() {
    let out = detente([
        "diff", "--from", "2019", "--to", "2020", "--format", "markdown",
    ])
    .arg(fixture(GRAPH))
    .run();
    out.ok();
    no_control(&out);
    no_forged_line(&out);
    assert!(!out.stdout.contains("!["), "an image:\n{}", out.stdout);
    out.stdout_has(
        "## Title \\\\u{1b}\\[31mred\\\\u{7} !\\[x\\](http://evil.example/p.png): 2019 → 2020-12-31\n",
    );
}
