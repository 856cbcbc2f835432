//! Numbers in outputs (docs/metrics.md, "Numbers in outputs"): a weight read from the file
//! prints with every digit, a computed value without floating-point noise, and a weight reads
//! the same in `show`, `diff` and diagram labels.

use crate::support::detente;

const NUMBERS: &str = "tests/fixtures/numbers.yaml";

fn stdout(args: &[&str]) -> String {
    let out = detente(args).run();
    out.ok();
    out.stdout.clone()
}

#[test]
fn diff_json_deltas_are_rounded_and_weights_kept_as_read() {
    let json = stdout(&[
        "diff", NUMBERS, "--from", "2020", "--to", "2021", "--format", "json",
    ]);
    // 0.8 - 0.1 is 0.7000000000000001 in floating point.
    assert!(json.contains("\"delta\": 0.7,\n"), "{json}");
    assert!(json.contains("\"delta\": -1.17366401689,\n"), "{json}");
    assert!(json.contains("\"after\": -0.9736640168902517,\n"), "{json}");
    assert!(json.contains("\"after\": 0.004,\n"), "{json}");
    assert!(!json.contains("0000000"), "{json}");
}

#[test]
fn trend_csv_values_are_rounded_and_weights_kept_as_read() {
    let csv = stdout(&[
        "trend", NUMBERS, "--from", "2020", "--to", "2021", "--every", "1y", "--format", "csv",
    ]);
    // A's strength on 2020 is 0.1 + 0.2, which is 0.30000000000000004 in floating point.
    assert!(csv.contains("\n2020,strength,A,0.3,\n"), "{csv}");
    assert!(csv.contains("\n2020,strength,B,0.15,\n"), "{csv}");
    assert!(csv.contains("\n2021,strength,A,-0.17366401689,\n"), "{csv}");
    assert!(
        csv.contains("\n2021,tie_weight,A -- C (relation),-0.9736640168902517,A|C|relation\n"),
        "{csv}"
    );
    assert!(!csv.contains("0000000"), "{csv}");
}

#[test]
fn show_json_keeps_every_digit_of_a_weight_read_from_the_file() {
    let json = stdout(&["show", NUMBERS, "--at", "2021", "--format", "json"]);
    assert!(json.contains("\"weight\": -0.9736640168902517\n"), "{json}");
}

#[test]
fn a_small_weight_reads_the_same_in_show_diff_and_the_diagram() {
    // Issue 9: `diff` printed 0.004 as `+4.00e-3` while `show` and the DOT label said `+0.00`.
    let show = stdout(&["show", NUMBERS, "--at", "2021"]);
    assert!(show.contains("B -- C  relation   +0.00\n"), "{show}");
    let diff = stdout(&["diff", NUMBERS, "--from", "2020", "--to", "2021"]);
    assert!(
        diff.contains("~ B -- C  relation  changed   +0.05  +0.00  -0.05\n"),
        "{diff}"
    );
    assert!(!diff.contains("e-3"), "{diff}");
    let dot = stdout(&["render", NUMBERS, "--at", "2021"]);
    assert!(dot.contains("label=\"+0.00\""), "{dot}");
    let diff_dot = stdout(&[
        "diff", NUMBERS, "--from", "2020", "--to", "2021", "--format", "dot",
    ]);
    assert!(diff_dot.contains("+0.05 → +0.00"), "{diff_dot}");
}

#[test]
fn an_interpolated_weight_is_kept_to_twelve_significant_digits_everywhere() {
    // From 0 on 2020-01-01 to 1 on 2020-01-04, linearly: on 2020-01-02 a third of the way.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("linear.yaml");
    std::fs::write(
        &path,
        "detente: 1\ninterpolation: linear\nactors:\n  A: {name: A, kind: state}\n  \
         B: {name: B, kind: state}\nrelations:\n  - between: [A, B]\n    series:\n      \
         - {date: 2020-01-01, weight: 0}\n      - {date: 2020-01-04, weight: 1}\n",
    )
    .unwrap();
    let file = path.to_str().unwrap();
    let show = stdout(&["show", file, "--at", "2020-01-02", "--format", "json"]);
    assert!(show.contains("\"weight\": 0.333333333333\n"), "{show}");
    let diff = stdout(&[
        "diff",
        file,
        "--from",
        "2020-01-02",
        "--to",
        "2020-01-03",
        "--format",
        "json",
    ]);
    assert!(diff.contains("\"before\": 0.333333333333,"), "{diff}");
    assert!(diff.contains("\"after\": 0.666666666667,"), "{diff}");
    let explain = stdout(&[
        "explain",
        file,
        "A",
        "B",
        "--at",
        "2020-01-02",
        "--format",
        "json",
    ]);
    assert!(explain.contains("\"weight\": 0.333333333333,"), "{explain}");
    assert!(!show.contains("3333333333333"), "{show}");
}
