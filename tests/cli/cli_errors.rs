//! Errors of the command line itself: unknown commands, flags and values, missing arguments, bad
//! dates, flags that contradict each other, a missing input file.
//!
//! Each error is pinned whole (all of stderr, nothing on stdout, exit code 2), as the loader's are
//! in `errors.rs`, so that a change of wording shows. Most come from clap; the rest from
//! `src/cli/`.

use crate::support::detente;

const GRAPH: &str = "graphs/us-belarus.yaml";

/// Runs `detente ARGS` and checks that it fails with exit code 2, nothing on stdout and exactly
/// `expected` on stderr.
#[track_caller]
fn fails_with(args: &[&str], expected: &str) {
    detente(args)
        .run()
        .code(2)
        .stdout_is("")
        .stderr_is(expected);
}

// Commands.

#[test]
fn an_unknown_command() {
    fails_with(
        &["frobnicate"],
        "error: unrecognized subcommand 'frobnicate'

Usage: detente <COMMAND>

For more information, try '--help'.
",
    );
}

#[test]
fn a_mistyped_command_gets_a_suggestion() {
    fails_with(
        &["shwo", GRAPH, "--at", "2020"],
        "error: unrecognized subcommand 'shwo'

  tip: a similar subcommand exists: 'show'

Usage: detente <COMMAND>

For more information, try '--help'.
",
    );
}

// Flags and their values.

#[test]
fn an_unknown_flag() {
    fails_with(
        &["show", GRAPH, "--at", "2020", "--bogus"],
        "error: unexpected argument '--bogus' found

  tip: to pass '--bogus' as a value, use '-- --bogus'

Usage: detente show --at <DATE> <FILE>

For more information, try '--help'.
",
    );
}

#[test]
fn a_mistyped_flag_gets_a_suggestion() {
    fails_with(
        &["render", GRAPH, "--at", "2020", "--levl", "state"],
        "error: unexpected argument '--levl' found

  tip: a similar argument exists: '--level'

Usage: detente render --at <DATE> --level <LEVEL> <FILE>

For more information, try '--help'.
",
    );
}

#[test]
fn an_unknown_format() {
    fails_with(
        &["show", GRAPH, "--at", "2020", "--format", "xml"],
        "error: invalid value 'xml' for '--format <FORMAT>'
  [possible values: text, json]

For more information, try '--help'.
",
    );
}

#[test]
fn a_mistyped_level_gets_a_suggestion() {
    fails_with(
        &["analyze", GRAPH, "--at", "2020", "--level", "states"],
        "error: invalid value 'states' for '--level <LEVEL>'
  [possible values: grouped, all, state]

  tip: a similar value exists: 'state'

For more information, try '--help'.
",
    );
}

#[test]
fn an_unknown_aggregation_rule() {
    fails_with(
        &[
            "trend",
            GRAPH,
            "--from",
            "2019",
            "--to",
            "2020",
            "--level",
            "state",
            "--aggregate",
            "median",
        ],
        "error: invalid value 'median' for '--aggregate <RULE>'
  [possible values: mean, sum, strongest]

  tip: a similar value exists: 'mean'

For more information, try '--help'.
",
    );
}

#[test]
fn a_number_out_of_range() {
    fails_with(
        &["analyze", GRAPH, "--at", "2020", "--blocs", "0"],
        "error: invalid value '0' for '--blocs <K>': 0 is not in 1..=32

For more information, try '--help'.
",
    );
    fails_with(
        &["render", GRAPH, "--at", "2020", "--timeout", "0"],
        "error: invalid value '0' for '--timeout <SECONDS>': 0 is not in 1..=86400

For more information, try '--help'.
",
    );
}

#[test]
fn a_negative_threshold_is_named_as_such() {
    // It used to be taken for an unknown flag `-1`, with a tip to pass it after `--`.
    fails_with(
        &["diff", GRAPH, "--from", "2020", "--to", "2021", "--threshold", "-1"],
        "error: invalid value '-1' for '--threshold <X>': `-1` is not a threshold; give a number ≥ 0, e.g. 0.1

For more information, try '--help'.
",
    );
}

#[test]
fn a_bad_interval() {
    fails_with(
        &["trend", GRAPH, "--from", "2019", "--to", "2020", "--every", "0y"],
        "error: invalid value '0y' for '--every <INTERVAL>': `0y` is not an interval; it must be at least 1

For more information, try '--help'.
",
    );
}

// Missing arguments.

#[test]
fn no_file_and_no_date() {
    fails_with(
        &["show"],
        "error: the following required arguments were not provided:
  --at <DATE>
  <FILE>

Usage: detente show --at <DATE> <FILE>

For more information, try '--help'.
",
    );
}

#[test]
fn no_date() {
    fails_with(
        &["analyze", GRAPH],
        "error: the following required arguments were not provided:
  --at <DATE>

Usage: detente analyze --at <DATE> <FILE>

For more information, try '--help'.
",
    );
}

#[test]
fn a_flag_without_its_value() {
    fails_with(
        &["render", GRAPH, "--at"],
        "error: a value is required for '--at <DATE>' but none was supplied

For more information, try '--help'.
",
    );
}

#[test]
fn trend_without_its_last_date() {
    fails_with(
        &["trend", GRAPH, "--from", "2019"],
        "error: the following required arguments were not provided:
  --to <DATE>

Usage: detente trend --from <DATE> --to <DATE> <FILE>

For more information, try '--help'.
",
    );
}

#[test]
fn diff_without_a_graph() {
    fails_with(
        &["diff"],
        "error: the following required arguments were not provided:
  <GRAPH>...

Usage: detente diff <GRAPH>...

For more information, try '--help'.
",
    );
}

#[test]
fn check_without_a_file() {
    fails_with(
        &["check"],
        "error: the following required arguments were not provided:
  <FILE>...

Usage: detente check <FILE>...

For more information, try '--help'.
",
    );
}

#[test]
fn one_file_too_many() {
    fails_with(
        &["show", GRAPH, GRAPH, "--at", "2020"],
        "error: unexpected argument 'graphs/us-belarus.yaml' found

Usage: detente show [OPTIONS] --at <DATE> <FILE>

For more information, try '--help'.
",
    );
}

// Dates.

#[test]
fn a_month_that_does_not_exist() {
    fails_with(
        &["show", GRAPH, "--at", "2020-13"],
        "error: invalid value '2020-13' for '--at <DATE>': `2020-13` is not a real date: month 13 is not between 01 and 12

For more information, try '--help'.
",
    );
}

#[test]
fn a_day_that_does_not_exist() {
    fails_with(
        &["render", GRAPH, "--at", "2021-02-29"],
        "error: invalid value '2021-02-29' for '--at <DATE>': `2021-02-29` is not a real date: day 29 does not exist in 2021-02, which has 28 days

For more information, try '--help'.
",
    );
}

#[test]
fn a_word_for_a_date() {
    fails_with(
        &["analyze", GRAPH, "--at", "yesterday"],
        "error: invalid value 'yesterday' for '--at <DATE>': `yesterday` is not a date; write YYYY, YYYY-MM or YYYY-MM-DD

For more information, try '--help'.
",
    );
}

#[test]
fn bad_dates_in_diff() {
    fails_with(
        &["diff", GRAPH, "--from", "2020-13", "--to", "2021"],
        "error: invalid value '2020-13' for '--from <DATE>': `2020-13` is not a real date: month 13 is not between 01 and 12

For more information, try '--help'.
",
    );
    fails_with(
        &["diff", GRAPH, "--from", "2020", "--to", "yesterday"],
        "error: invalid value 'yesterday' for '--to <DATE>': `yesterday` is not a date; write YYYY, YYYY-MM or YYYY-MM-DD

For more information, try '--help'.
",
    );
}

#[test]
fn trend_from_after_to() {
    // `diff` takes `--from` after `--to` as asked: it shows the changes backwards in time (see
    // `diff_balance::the_reverse_diff_mirrors_the_balance_section`). A trend has no such reading.
    fails_with(
        &["trend", GRAPH, "--from", "2021", "--to", "2019"],
        "error: --to 2019 is before --from 2021; swap them\n",
    );
}

#[test]
fn trend_over_too_many_dates() {
    fails_with(
        &[
            "trend", GRAPH, "--from", "1900", "--to", "2100", "--every", "1d",
        ],
        "error: 1900 to 2100 every 1d makes more than 10000 dates; use a longer --every\n",
    );
}

#[test]
fn diff_of_one_graph_needs_two_dates() {
    fails_with(
        &["diff", GRAPH],
        "error: with one graph, give the two dates to compare: --from DATE --to DATE\n",
    );
    fails_with(
        &["diff", GRAPH, "--from", "2020"],
        "error: with one graph, give the two dates to compare: --from DATE --to DATE\n",
    );
    fails_with(
        &["diff", GRAPH, "--at", "2020"],
        "error: --at compares two graphs on one date; with one graph, give --from and --to\n",
    );
}

#[test]
fn diff_of_two_graphs_needs_a_date_on_each_side() {
    fails_with(
        &["diff", GRAPH, GRAPH, "--from", "2020"],
        "error: give the date to compare the two graphs on: --at DATE (or --from and --to for a \
         date on each side)\n",
    );
}

// Flags that go together.

/// What every command with `--level` and `--aggregate` says to a rule without `--level state`;
/// `analyze` and `trend` used to ignore the rule silently.
const AGGREGATE_ALONE: &str = "error: `--aggregate` applies only with `--level state`; add \
                               `--level state` or drop `--aggregate`\n";

#[test]
fn analyze_refuses_aggregate_without_level_state() {
    fails_with(
        &["analyze", GRAPH, "--at", "2020", "--aggregate", "sum"],
        AGGREGATE_ALONE,
    );
    fails_with(
        &[
            "analyze",
            GRAPH,
            "--at",
            "2020",
            "--level",
            "all",
            "--aggregate",
            "mean",
        ],
        AGGREGATE_ALONE,
    );
}

#[test]
fn trend_refuses_aggregate_without_level_state() {
    fails_with(
        &[
            "trend",
            GRAPH,
            "--from",
            "2019",
            "--to",
            "2020",
            "--aggregate",
            "sum",
        ],
        AGGREGATE_ALONE,
    );
}

#[test]
fn render_refuses_aggregate_without_level_state() {
    fails_with(
        &["render", GRAPH, "--at", "2020", "--aggregate", "strongest"],
        AGGREGATE_ALONE,
    );
}

#[test]
fn aggregate_with_level_state_is_accepted_everywhere() {
    detente([
        "analyze",
        GRAPH,
        "--at",
        "2020",
        "--level",
        "state",
        "--aggregate",
        "sum",
    ])
    .run()
    .ok();
    detente([
        "trend",
        GRAPH,
        "--from",
        "2019",
        "--to",
        "2020",
        "--level",
        "state",
        "--aggregate",
        "strongest",
    ])
    .run()
    .ok();
    detente([
        "render",
        GRAPH,
        "--at",
        "2020",
        "--level",
        "state",
        "--aggregate",
        "sum",
    ])
    .run()
    .ok();
}

#[test]
fn diff_has_no_level_or_aggregate() {
    fails_with(
        &[
            "diff",
            GRAPH,
            "--from",
            "2020",
            "--to",
            "2021",
            "--aggregate",
            "sum",
        ],
        "error: unexpected argument '--aggregate' found

  tip: to pass '--aggregate' as a value, use '-- --aggregate'

Usage: detente diff --from <DATE> --to <DATE> <GRAPH>...

For more information, try '--help'.
",
    );
}

#[test]
fn a_format_that_contradicts_the_output_file() {
    fails_with(
        &[
            "render", GRAPH, "--at", "2020", "-o", "x.svg", "--format", "png",
        ],
        "error: `--format png` contradicts the extension of `x.svg`; drop `--format` or name the \
         file .png\n",
    );
    fails_with(
        &[
            "diff", GRAPH, "--from", "2020", "--to", "2021", "-o", "x.md", "--format", "json",
        ],
        "error: `--format json` contradicts the extension of `x.md`; drop `--format` or name the \
         file .json\n",
    );
}

#[test]
fn an_output_file_of_unknown_format() {
    fails_with(
        &["render", GRAPH, "--at", "2020", "-o", "x.jpg"],
        "error: cannot tell the format of `x.jpg` from its extension; name it .dot, .gv, .svg, \
         .png, .pdf, .html, .gif or .apng, or give `--format`\n",
    );
}

// Input files.

#[cfg(unix)] // The reason is the operating system's own words.
#[test]
fn a_missing_input_file() {
    fails_with(
        &["show", "no-such-graph.yaml", "--at", "2020"],
        "error: cannot read no-such-graph.yaml: No such file or directory (os error 2)\n",
    );
}
