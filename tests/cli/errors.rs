//! `detente check` on invalid files: the exact message and location of every kind of error.
//!
//! Each fixture in `tests/fixtures/errors/` holds one kind of error (several instances where the
//! kind has variants); the whole of stderr is pinned, so a change of wording or position shows.

use crate::support::detente;

/// Runs `detente check` on the fixture and checks that it fails with exactly `expected` on stderr.
#[track_caller]
fn fails_with(fixture: &str, expected: &str) {
    let path = format!("tests/fixtures/errors/{fixture}");
    let out = detente(["check", &path]).run();
    out.code(2);
    assert_eq!(out.stdout, "", "nothing on stdout for an invalid file");
    let expected = expected.replace("FILE", &path);
    assert_eq!(
        out.stderr, expected,
        "\n--- actual stderr\n{}\n--- expected\n{}",
        out.stderr, expected
    );
}

#[test]
fn a_syntax_error_is_located_in_plain_words() {
    fails_with(
        "syntax.yaml",
        r#"error: FILE:4:6: invalid YAML: while parsing a flow mapping, did not find expected ',' or '}'
 4 |   BLR: {name: Belarus, kind: state}
   |      ^
  help: fix the YAML syntax here; see docs/format.md for the format
"#,
    );
}

#[test]
fn a_json_syntax_error_is_located() {
    fails_with(
        "syntax.json",
        r#"error: FILE:5:3: invalid JSON: trailing comma
 5 |   }
   |   ^
  help: fix the JSON syntax here; see docs/format.md for the format
"#,
    );
}

#[test]
fn unknown_fields_are_reported_with_a_suggestion() {
    fails_with(
        "unknown-field.yaml",
        r#"error: FILE:5:36: unknown field `capital` in actor `RUS`
 5 |   RUS: {name: Russia, kind: state, capital: Moscow}
   |                                    ^
  help: the fields here are `name`, `kind`, `posts`, `note`, `aliases`, `attributes` and `part_of`
error: FILE:6:3: actor `pompeo` needs `name:`
 6 |   pompeo:
   |   ^
  help: give it a display name, e.g. `name: Belarus`
error: FILE:7:5: unknown field `nmae` in actor `pompeo`
 7 |     nmae: Mike Pompeo
   |     ^
  help: did you mean `name`?
FILE: 3 problems found
"#,
    );
}

#[test]
fn duplicate_keys_are_reported_with_the_first_line() {
    fails_with(
        "duplicate-key.yaml",
        r#"error: FILE:5:3: duplicate key `USA` in `actors`; the first is at line 3
 5 |   USA: {name: United States of America, kind: state}
   |   ^
  help: ids must be unique: rename one, or merge the two
error: FILE:9:5: duplicate key `name` in actor `RUS`; the first is at line 7
 9 |     name: Russian Federation
   |     ^
  help: keep one of the two
FILE: 2 problems found
"#,
    );
}

#[test]
fn wrong_types_say_what_was_expected_and_found() {
    fails_with(
        "wrong-type.yaml",
        r#"error: FILE:8:30: `weight` must be a number, found `high`
 8 |       - {date: 2019, weight: high}
   |                              ^
  help: write a number here
error: FILE:9:27: `end` must be `true` or `false`, found `yes please`
 9 |       - {date: 2020, end: yes please}
   |                           ^
  help: write `true` or `false` here
error: FILE:10:14: `between` must be a list, found `USA`
 10 |   - between: USA
    |              ^
  help: write a list here
error: FILE:11:13: `series` must be a list of points, found a map
 11 |     series: {date: 2021, weight: 0.1}
    |             ^
  help: write a list of points here
FILE: 4 problems found
"#,
    );
}

#[test]
fn missing_fields_say_what_is_needed() {
    fails_with(
        "missing-field.yaml",
        r#"error: FILE:5:3: actor `RUS` needs `kind:` (state, organisation or person)
 5 |   RUS: {name: Russia}
   |   ^
  help: e.g. `kind: state`
error: FILE:6:3: actor `pompeo` needs `name:`
 6 |   pompeo:
   |   ^
  help: give it a display name, e.g. `name: Belarus`
error: FILE:9:9: a post of `pompeo` needs `of:` (the state or organisation it belongs to)
 9 |       - {title: Secretary of State}
   |         ^
  help: e.g. `of: USA`
error: FILE:11:5: a relation needs `series:`
 11 |   - between: [USA, BLR]
    |     ^
  help: add its dated points, e.g. `series: [{date: 2020, weight: 0.5}]`
error: FILE:15:9: a series point needs `date:`
 15 |       - {weight: 0.1}
    |         ^
  help: e.g. `{date: 2020-02-01, weight: 0.2}`
FILE: 5 problems found
"#,
    );
}

#[test]
fn unknown_actor_event_and_source_ids_in_relations_posts_and_events() {
    fails_with(
        "unknown-id.yaml",
        r#"error: FILE:9:41: unknown actor `UAS`
 9 |       - {title: Secretary of State, of: UAS, from: 2018-04-26}
   |                                         ^
  help: did you mean `USA` (United States)?
error: FILE:11:20: unknown actor `Belarus`
 11 |   - between: [USA, Belarus]
    |                    ^
  help: did you mean `BLR` (Belarus)?
error: FILE:14:9: unknown actor `lukashenko`
 14 |     to: lukashenko
    |         ^
  help: declare it under `actors:`, or correct the id
error: FILE:15:47: unknown event `pompeo-vist`
 15 |     series: [{date: 2020, weight: 0.3, event: pompeo-vist, source: reuter}]
    |                                               ^
  help: did you mean `pompeo-visit` (Pompeo visits Minsk)?
error: FILE:15:68: unknown source `reuter`
 15 |     series: [{date: 2020, weight: 0.3, event: pompeo-vist, source: reuter}]
    |                                                                    ^
  help: declare it under `sources:`, or correct the id
error: FILE:20:22: unknown actor `lukashnko`
 20 |     actors: [pompeo, lukashnko]
    |                      ^
  help: declare it under `actors:`, or correct the id
FILE: 6 problems found
"#,
    );
}

#[test]
fn duplicate_relations_count_a_mutual_tie_written_in_either_order() {
    fails_with(
        "duplicate-relation.yaml",
        r#"error: FILE:9:5: duplicate relation BLR -- USA (diplomatic)
 9 |   - between: [BLR, USA]
   |     ^
  help: the same tie is already declared at line 6; merge the two series into one
error: FILE:15:5: duplicate relation USA -> BLR (relation)
 15 |   - from: USA
    |     ^
  help: the same tie is already declared at line 12; merge the two series into one
FILE: 2 problems found
"#,
    );
}

#[test]
fn duplicate_dates_in_one_series_count_partial_dates() {
    fails_with(
        "duplicate-date.yaml",
        r#"error: FILE:10:9: two points on 2020-02-01 in one series
 10 |       - {date: 2020-02-01, weight: 0.2}
    |         ^
  help: the other is at line 8; keep one point per date
"#,
    );
}

#[test]
fn weights_outside_the_default_scale() {
    fails_with(
        "weight-scale.yaml",
        r#"error: FILE:8:30: weight 1.5 is outside the scale [-1, 1]
 8 |       - {date: 2019, weight: 1.5}
   |                              ^
  help: use a weight within the scale, or declare a wider `scale:`
error: FILE:9:30: weight -2 is outside the scale [-1, 1]
 9 |       - {date: 2020, weight: -2}
   |                              ^
  help: use a weight within the scale, or declare a wider `scale:`
error: FILE:12:35: weight 8 is outside the scale [-1, 1]
 12 |     series: [{date: 2019, weight: 8}]
    |                                   ^
  help: use a weight within the scale, or declare a wider `scale:`
FILE: 3 problems found
"#,
    );
}

#[test]
fn weights_outside_a_declared_scale() {
    fails_with(
        "weight-custom-scale.yaml",
        r#"error: FILE:8:60: weight -10.5 is outside the scale [-10, 10]
 8 |     series: [{date: 2019, weight: 8}, {date: 2020, weight: -10.5}]
   |                                                            ^
  help: use a weight within the scale, or declare a wider `scale:`
"#,
    );
}

#[test]
fn impossible_and_malformed_dates() {
    fails_with(
        "impossible-date.yaml",
        r#"error: FILE:8:56: post start: `2018-02-30` is not a real date: day 30 does not exist in 2018-02, which has 28 days
 8 |     posts: [{title: Secretary of State, of: USA, from: 2018-02-30}]
   |                                                        ^
  help: dates are YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2020-08-09; `~2020` for an approximate date, `unknown` for one no one knows
error: FILE:12:16: point date: `2019-13-01` is not a real date: month 13 is not between 01 and 12
 12 |       - {date: 2019-13-01, weight: 0.1}
    |                ^
  help: dates are YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2020-08-09
error: FILE:13:16: point date: `20190101` is not a date; write YYYY, YYYY-MM or YYYY-MM-DD
 13 |       - {date: 20190101, weight: 0.2}
    |                ^
  help: dates are YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2020-08-09
FILE: 3 problems found
"#,
    );
}

#[test]
fn a_post_until_not_after_its_from() {
    fails_with(
        "post-until.yaml",
        r#"error: FILE:9:71: post `Secretary of State` of `pompeo`: `until` (2018-04-26) is not after `from` (2018-04-26)
 9 |       - {title: Secretary of State, of: USA, from: 2018-04-26, until: 2018-04-26}
   |                                                                       ^
  help: `until:` is the first day out of office and must come after `from:`
error: FILE:10:65: post `CIA Director` of `pompeo`: `until` (2016) is not after `from` (2017-01-23)
 10 |       - {title: CIA Director, of: USA, from: 2017-01-23, until: 2016}
    |                                                                 ^
  help: `until:` is the first day out of office and must come after `from:`
FILE: 2 problems found
"#,
    );
}

#[test]
fn a_series_that_starts_with_end_in_date_order() {
    fails_with(
        "series-starts-with-end.yaml",
        r#"error: FILE:9:9: the series starts with `end` on 2019
 9 |       - {date: 2019, end: true}
   |         ^
  help: a tie must exist before it can end; remove the point or give it a weight
"#,
    );
}

#[test]
fn every_problem_in_a_file_is_reported_at_once() {
    fails_with(
        "many.yaml",
        r#"error: FILE:2:1: unknown field `titel` in the top level of the file
 2 | titel: Everything wrong at once
   | ^
  help: did you mean `title`?
error: FILE:5:30: invalid actor kind `State`: an actor kind is written in lower-case snake_case
 5 |   BLR: {name: Belarus, kind: State}
   |                              ^
  help: did you mean `state`? Kinds are state, organisation, person, or any lower-case snake_case name for a collective, such as `group` or `armed_group`
error: FILE:9:30: `weight` must be a number, found `high`
 9 |       - {date: 2019, weight: high}
   |                              ^
  help: write a number here
error: FILE:10:16: point date: `2020-02-30` is not a real date: day 30 does not exist in 2020-02, which has 29 days
 10 |       - {date: 2020-02-30, weight: 0.2}
    |                ^
  help: dates are YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2020-08-09
error: FILE:11:30: weight 1.2 is outside the scale [-1, 1]
 11 |       - {date: 2021, weight: 1.2}
    |                              ^
  help: use a weight within the scale, or declare a wider `scale:`
error: FILE:12:20: unknown actor `Russia`
 12 |   - between: [BLR, Russia]
    |                    ^
  help: declare it under `actors:`, or correct the id
FILE: 6 problems found
"#,
    );
}

#[test]
fn json_files_get_located_problems_too() {
    fails_with(
        "unknown-id.json",
        r#"error: FILE:17:9: unknown actor `Belarus`
 17 |         "Belarus"
    |         ^
  help: did you mean `BLR` (Belarus)?
error: FILE:32:21: `weight` must be a number, found `high`
 32 |           "weight": "high"
    |                     ^
  help: write a number here
error: FILE:35:19: point date: `2019-13-01` is not a real date: month 13 is not between 01 and 12
 35 |           "date": "2019-13-01",
    |                   ^
  help: dates are YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2020-08-09
error: FILE:37:11: unknown field `nte` in a series point
 37 |           "nte": "x"
    |           ^
  help: did you mean `note`?
FILE: 4 problems found
"#,
    );
}

#[test]
fn yaml_merge_keys_are_unknown_fields() {
    fails_with(
        "merge-key.yaml",
        r#"error: FILE:4:3: actor `BLR` needs `kind:` (state, organisation or person)
 4 |   BLR: {<<: *state, name: Belarus}
   |   ^
  help: e.g. `kind: state`
error: FILE:4:9: unknown field `<<` in actor `BLR`
 4 |   BLR: {<<: *state, name: Belarus}
   |         ^
  help: YAML merge keys are not part of the format; write the fields out
FILE: 2 problems found
"#,
    );
}

#[test]
fn aliases_that_clash_are_located_and_an_alias_is_suggested() {
    fails_with(
        "aliases.yaml",
        r#"error: FILE:3:47: alias `USA` of `BLR` is the id of an actor
 3 |   BLR: {name: Belarus, kind: state, aliases: [USA]}
   |                                               ^
  help: an alias names one actor; remove it or rename that actor
error: FILE:4:62: alias `America` of `USA` is given twice
 4 |   USA: {name: United States, kind: state, aliases: [America, America]}
   |                                                              ^
  help: remove the repeat
error: FILE:5:41: alias `America` of `US` is already an alias of `USA`
 5 |   US: {name: US, kind: state, aliases: [America]}
   |                                         ^
  help: an alias names one actor; remove one of the two
error: FILE:7:20: unknown actor `Lukashenka`
 7 |   - between: [USA, Lukashenka]
   |                    ^
  help: declare it under `actors:`, or correct the id
error: FILE:9:20: unknown actor `Amerika`
 9 |   - between: [USA, Amerika]
   |                    ^
  help: did you mean `USA` (America)?
FILE: 5 problems found
"#,
    );
}
