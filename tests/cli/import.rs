//! `detente import csv|events`: tables and event data in, a graph file out; every bad row
//! reported with its line and column.

use std::path::Path;

use crate::support::{detente, fixture};

/// A fresh directory holding `files`.
fn dir_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).expect("written");
    }
    dir
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).expect("the output exists")
}

const LONG: &str = "\
from,to,kind,date,weight,directed,end,interpolation,note,source,event
USA,BLR,diplomatic,2019,-0.2,,,,Cool,,
BLR,USA,diplomatic,2020-02-01,0.3,,,,\"Thaw, \"\"modest\"\"\",https://x.example/a;tvr,visit
USA,BLR,diplomatic,2021,,,,,,,
USA,BLR,sanctions,2020,-0.5,true,,linear,,,
USA,BLR,sanctions,2022,-0.9,true,,,,,
";

const ACTORS: &str = "\
id,name,kind
USA,United States,state
BLR,Belarus,state
";

#[test]
fn a_long_table_becomes_a_graph_grouped_into_series() {
    let dir = dir_with(&[("ties.csv", LONG), ("actors.csv", ACTORS)]);
    detente([
        "import",
        "csv",
        "ties.csv",
        "--actors",
        "actors.csv",
        "-o",
        "g.yaml",
    ])
    .in_dir(dir.path())
    .run()
    .ok()
    .stderr_is("");
    assert_eq!(
        read(dir.path(), "g.yaml"),
        "\
detente: 1
sources:
  \"https://x.example/a\":
    title: https://x.example/a
    url: https://x.example/a
  tvr:
    title: tvr
actors:
  BLR:
    name: Belarus
    kind: state
  USA:
    name: United States
    kind: state
relations:
- between: [USA, BLR]
  kind: diplomatic
  series:
  - {date: \"2019\", weight: -0.2, note: Cool}
  - {date: \"2020-02-01\", weight: 0.3, event: visit, sources: [https://x.example/a, tvr], note: \"Thaw, \\\"modest\\\"\"}
  - {date: \"2021\", end: true}
- from: USA
  to: BLR
  kind: sanctions
  interpolation: linear
  series:
  - {date: \"2020\", weight: -0.5}
  - {date: \"2022\", weight: -0.9}
events:
  visit:
    date: \"2020-02-01\"
    title: visit
    actors:
    - BLR
    - USA
"
    );
    detente(["check", "g.yaml"]).in_dir(dir.path()).run().ok();
}

#[test]
fn every_bad_row_is_reported_with_its_line_and_column() {
    let bad = "\
from,to,kind,date,weight,end
USA,BLR,dip,2019,-0.2,
BLR,USA,dip,2020-02,x,
USA,USA,dip,2021,0.1,
USA,BLR,dip,20x,0.1,
USA,BLR,dip,2019,0.3,
USA,BLR,dip,2022,1.5,
USA,BLR,dip,2023,0.5,true
USA,BLR,dip,2024
";
    let dir = dir_with(&[("bad.csv", bad)]);
    detente(["import", "csv", "bad.csv"])
        .in_dir(dir.path())
        .run()
        .code(2)
        .stdout_is("")
        .stderr_is(
            "\
error: bad.csv:3:21: weight `x` is not a number
 3 | BLR,USA,dip,2020-02,x,
   |                     ^
  help: write a number such as -0.4, or leave it empty to end the tie
error: bad.csv:4:5: a tie joins `USA` to itself
 4 | USA,USA,dip,2021,0.1,
   |     ^
error: bad.csv:5:13: `20x` is not a date; write YYYY, YYYY-MM or YYYY-MM-DD
 5 | USA,BLR,dip,20x,0.1,
   |             ^
error: bad.csv:6:13: BLR -- USA (dip) already has a point on 2019 (line 2)
 6 | USA,BLR,dip,2019,0.3,
   |             ^
  help: keep one row per tie and date
error: bad.csv:7:18: weight 1.5 is outside the scale [-1, 1]
 7 | USA,BLR,dip,2022,1.5,
   |                  ^
  help: weights run from -1 (most hostile) to 1 (most cooperative)
error: bad.csv:8:22: this row both gives a weight and ends the tie
 8 | USA,BLR,dip,2023,0.5,true
   |                      ^
  help: an end row leaves `weight` empty
error: bad.csv:9:1: this row has 4 fields; the header has 6
 9 | USA,BLR,dip,2024
   | ^
  help: quote cells that contain commas, and give every row the header's columns
bad.csv: 7 problems found
",
        );
}

#[test]
fn a_clash_found_once_the_rows_are_read_is_quoted_from_a_file_and_from_standard_input_alike() {
    // The file's text is let go once its rows are read and read again for this problem; the
    // standard input's is held throughout.
    let clash = "from,to,kind,date,weight\nUSA,BLR,dip,2019,-0.2\nBLR,USA,dip,2019,0.3\n";
    let expected = "\
error: {name}:3:13: BLR -- USA (dip) already has a point on 2019 (line 2)
 3 | BLR,USA,dip,2019,0.3
   |             ^
  help: keep one row per tie and date
";
    let dir = dir_with(&[("clash.csv", clash)]);
    detente(["import", "csv", "clash.csv"])
        .in_dir(dir.path())
        .run()
        .code(2)
        .stderr_is(&expected.replace("{name}", "clash.csv"));
    detente(["import", "csv", "-"])
        .in_dir(dir.path())
        .stdin(clash)
        .run()
        .code(2)
        .stderr_is(&expected.replace("{name}", "-"));
}

#[test]
fn order_key_lists_the_ties_by_their_ends_and_kind_from_csv_and_parquet_alike() {
    // First rows: USA--RUS, BLR--USA, BLR--RUS; by key: BLR--RUS, BLR--USA, RUS--USA.
    let table = "from,to,kind,date,weight\nUSA,RUS,trade,2019,0.5\nBLR,USA,diplomatic,2019,-0.2\n\
                 BLR,RUS,trade,2019,0.9\nUSA,RUS,trade,2020,0.4\n";
    let dir = dir_with(&[("t.csv", table)]);
    let between = |yaml: &str| -> Vec<String> {
        yaml.lines()
            .filter(|l| l.starts_with("- between:"))
            .map(str::to_string)
            .collect()
    };
    let as_read = detente(["import", "csv", "t.csv"]).in_dir(dir.path()).run();
    as_read.ok();
    assert_eq!(
        between(&as_read.stdout),
        [
            "- between: [USA, RUS]",
            "- between: [BLR, USA]",
            "- between: [BLR, RUS]"
        ]
    );
    let by_key = [
        "- between: [BLR, RUS]",
        "- between: [BLR, USA]",
        "- between: [USA, RUS]",
    ];
    let csv = detente(["import", "csv", "t.csv", "--order", "key"])
        .in_dir(dir.path())
        .run();
    csv.ok();
    assert_eq!(between(&csv.stdout), by_key);
    // The same series, only listed in another order.
    assert!(csv.stdout.contains("- {date: \"2020\", weight: 0.4}"));
    detente(["import", "csv", "t.csv", "-o", "g.parquet"])
        .in_dir(dir.path())
        .run()
        .ok();
    let parquet = detente([
        "import",
        "parquet",
        "g.parquet/points.parquet",
        "--order",
        "key",
    ])
    .in_dir(dir.path())
    .run();
    parquet.ok();
    assert_eq!(between(&parquet.stdout), by_key);
    // A whole columnar graph keeps its own order.
    detente(["import", "parquet", "g.parquet", "--order", "key"])
        .in_dir(dir.path())
        .run()
        .code(2)
        .stderr_has("--order apply to a relations table alone");
}

#[test]
fn other_headers_are_mapped_with_columns_and_directed_applies_to_every_row() {
    let dir = dir_with(&[("t.csv", "src,dst,date,w\nUSA,BLR,2019,-0.2\n")]);
    detente(["import", "csv", "t.csv"])
        .in_dir(dir.path())
        .run()
        .code(2)
        .stderr_is(
            "\
error: t.csv:1:1: the header has no `from` column
 1 | src,dst,date,w
   | ^
  help: add a `from` column, or map another one with `--columns from=HEADER`
error: t.csv:1:1: the header has no `to` column
 1 | src,dst,date,w
   | ^
  help: add a `to` column, or map another one with `--columns to=HEADER`
error: t.csv:1:1: the header has no `weight` column
 1 | src,dst,date,w
   | ^
  help: add a `weight` column, or map another one with `--columns weight=HEADER`
t.csv: 3 problems found
",
        );
    let out = detente([
        "import",
        "csv",
        "t.csv",
        "--columns",
        "from=src,to=dst,weight=w",
        "--directed",
        "--default-kind",
        "organisation",
    ])
    .in_dir(dir.path())
    .run();
    out.ok().stderr_is(
        "warning: t.csv: no actors table: 2 actors created as organisations named by their ids\n  \
         help: give --actors ACTORS.csv (columns id,name,kind) for names and kinds\n",
    );
    out.stdout_has("- from: USA\n  to: BLR\n  kind: relation\n")
        .stdout_has("kind: organisation");
    detente(["import", "csv", "t.csv", "--columns", "form=src"])
        .in_dir(dir.path())
        .run()
        .code(2)
        .stderr_is(
            "error: `--columns`: `form` is not a column; the columns are from, to, kind, date, \
             weight, directed, end, interpolation, note, source, event, confidence, range_low, \
             range_high, count, relation_note\n",
        );
}

#[test]
fn actors_missing_from_the_table_are_created_with_a_warning_or_refused_when_strict() {
    let ties = "from,to,date,weight\nUSA,BLR,2019,-0.2\nUSA,BRL,2020,0.1\n";
    let actors = "id,name,kind,flag\nUSA,United States,state,x\nBLR,Belarus,state,y\n";
    let dir = dir_with(&[("t.csv", ties), ("a.csv", actors)]);
    detente([
        "import",
        "csv",
        "t.csv",
        "--actors",
        "a.csv",
        "--strict-actors",
    ])
    .in_dir(dir.path())
    .run()
    .code(2)
    .stderr_is(
        "\
error: t.csv:3:5: actor `BRL` is not in the actors table
 3 | USA,BRL,2020,0.1
   |     ^
  help: did you mean `BLR` (Belarus)?
",
    );
    detente(["import", "csv", "t.csv", "--actors", "a.csv"])
        .in_dir(dir.path())
        .run()
        .ok()
        .stderr_is(
            "\
warning: t.csv:3:5: actor `BRL` is not in the actors table; created as a state named `BRL`
 3 | USA,BRL,2020,0.1
   |     ^
",
        )
        .stdout_has("  BRL:\n    name: BRL\n    kind: state\n");
}

#[test]
fn actors_carry_aliases_and_every_other_column_as_attributes_both_ways() {
    let ties = "from,to,date,weight\nUSA,BLR,2019,-0.2\n";
    let actors = "id,name,kind,aliases,iso3,population_m,un_member\n\
                  USA,United States,state,America; US,USA,331.9,true\n\
                  BLR,Belarus,state,,BLR,9.2,true\n";
    let dir = dir_with(&[("t.csv", ties), ("a.csv", actors)]);
    detente([
        "import", "csv", "t.csv", "--actors", "a.csv", "-o", "g.yaml",
    ])
    .in_dir(dir.path())
    .run()
    .ok()
    .stderr_is("");
    let out = detente(["show", "g.yaml", "--at", "2020", "--format", "json"])
        .in_dir(dir.path())
        .run();
    out.ok();
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(
        doc["actors"][1]["attributes"],
        serde_json::json!({"iso3": "USA", "population_m": 331.9, "un_member": true})
    );
    // The alias names the actor on the command line.
    detente(["explain", "g.yaml", "America", "BLR", "--at", "2020"])
        .in_dir(dir.path())
        .run()
        .ok()
        .stdout_has("BLR -- USA");
    // And the export writes them back in the same columns.
    let out = detente([
        "export",
        "g.yaml",
        "--format",
        "csv",
        "--actors-output",
        "b.csv",
    ])
    .in_dir(dir.path())
    .run();
    out.ok();
    assert_eq!(
        read(dir.path(), "b.csv"),
        "id,name,kind,note,aliases,iso3,population_m,un_member\n\
         BLR,Belarus,state,,,BLR,9.2,true\n\
         USA,United States,state,,America;US,USA,331.9,true\n"
    );
}

#[test]
fn a_wide_table_gives_the_graph_its_long_form_gives() {
    let wide =
        "from,to,kind,2019,2020-02-01,2021\nUSA,BLR,diplomatic,-0.2,0.3,end\nUSA,RUS,trade,,0.1,\n";
    let long = "from,to,kind,date,weight\nUSA,BLR,diplomatic,2019,-0.2\nUSA,BLR,diplomatic,2020-02-01,0.3\nUSA,BLR,diplomatic,2021,\nUSA,RUS,trade,2020-02-01,0.1\n";
    let dir = dir_with(&[("wide.csv", wide), ("long.csv", long)]);
    let from_wide = detente(["import", "csv", "wide.csv", "--wide"])
        .in_dir(dir.path())
        .run();
    from_wide.ok();
    let from_long = detente(["import", "csv", "long.csv"])
        .in_dir(dir.path())
        .run();
    from_long.ok();
    assert_eq!(from_wide.stdout, from_long.stdout);
    assert!(from_wide.stdout.contains("- {date: \"2021\", end: true}"));
}

#[test]
fn the_output_is_json_for_json_and_never_overwrites_an_input() {
    let dir = dir_with(&[("t.csv", "from,to,date,weight\nA,B,2019,0.5\n")]);
    detente(["import", "csv", "t.csv", "-o", "g.json"])
        .in_dir(dir.path())
        .run()
        .ok();
    let json: serde_json::Value = serde_json::from_str(&read(dir.path(), "g.json")).expect("JSON");
    assert_eq!(json["relations"][0]["series"][0]["weight"], 0.5);
    detente(["import", "csv", "t.csv", "-o", "t.csv"])
        .in_dir(dir.path())
        .run()
        .code(2);
    assert_eq!(
        read(dir.path(), "t.csv"),
        "from,to,date,weight\nA,B,2019,0.5\n"
    );
}

#[test]
fn gdelt_events_are_monthly_mean_goldstein_over_ten_and_malformed_rows_are_skipped_by_line() {
    let out = detente([
        "import",
        "events",
        "--format",
        "gdelt",
        "--sources-per-point",
        "2",
    ])
    .arg(fixture("import/gdelt-small.tsv"))
    .run();
    out.ok();
    // January USA–RUS: (-4 - 2 - 10) / 3 / 10; February: 3.4 / 10; BLR–RUS February: 7 / 10
    // (the 30 February, `seven` and the short row are malformed); March: (1.5 - 0.5) / 2 / 10.
    // The self-pair and the row without a code are left out.
    let relations = out.stdout.split("relations:\n").nth(1).expect("relations");
    assert_eq!(
        relations,
        "\
- between: [BLR, RUS]
  kind: events
  series:
  - {date: 2024-02, weight: 0.7, count: 1, sources: [event-7], note: 1 event}
  - {date: 2024-03, weight: 0.05, count: 2, sources: [event-11, event-12], note: 2 events}
- between: [RUS, USA]
  kind: events
  series:
  - {date: 2024-01, weight: -0.533333333333, count: 3, sources: [event-1, event-2], note: 3 events}
  - {date: 2024-02, weight: 0.34, count: 1, sources: [event-4], note: 1 event}
"
    );
    assert!(
        out.stdout
            .contains("    url: https://news.example.org/a?b=<c>&d=\"e\"\n")
    );
    let name = fixture("import/gdelt-small.tsv").display().to_string();
    out.stderr_is(&format!(
        "\
warning: {name}:8:1: skipped: `20240230` is not a date (YYYYMMDD)
warning: {name}:9:1: skipped: Goldstein score `seven` is not a number from -10 to 10
warning: {name}:10:1: skipped: 40 columns instead of 61
{name}: 3 problems found
warning: {name}: 3 malformed rows skipped
  help: fix them, or give --strict to make them errors
"
    ));
    detente(["import", "events", "--format", "gdelt", "--strict"])
        .arg(fixture("import/gdelt-small.tsv"))
        .run()
        .code(2)
        .stdout_is("")
        .stderr_has(&format!(
            "error: {name}:8:1: `20240230` is not a date (YYYYMMDD)\n"
        ));
}

#[test]
fn a_cameo_csv_aggregates_as_gdelt_does() {
    let csv = "id,date,actor1,actor2,goldstein,url\n1,2024-01-05,USA,RUS,-4,https://a.example/1\n2,20240120,RUS,USA,-2,\n3,2024-01-31,USA,RUS,x,\n";
    let dir = dir_with(&[("e.csv", csv)]);
    let out = detente(["import", "events", "e.csv", "--format", "cameo-csv"])
        .in_dir(dir.path())
        .run();
    out.ok()
        .stdout_has(
            "  - {date: 2024-01, weight: -0.3, count: 2, sources: [event-1], note: 2 events}\n",
        )
        .stderr_has(
            "warning: e.csv:4:1: skipped: Goldstein score `x` is not a number from -10 to 10\n",
        );
}

#[test]
fn unreadable_inputs_are_errors_not_panics() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(
        dir.path().join("latin1.csv"),
        b"from,to,date,weight\nA,B\xe9,2019,0.5\n",
    )
    .expect("written");
    std::fs::write(dir.path().join("e.zip"), b"PK\x03\x04rest of a zip").expect("written");
    std::fs::write(dir.path().join("empty.csv"), b"").expect("written");
    detente(["import", "csv", "latin1.csv"])
        .in_dir(dir.path())
        .run()
        .code(2)
        .stderr_is(
            "error: latin1.csv:2:4: the file is not UTF-8 text (invalid byte at offset 23)\n  \
             help: save the file as UTF-8\n",
        );
    detente(["import", "events", "e.zip", "--format", "gdelt"])
        .in_dir(dir.path())
        .run()
        .code(2)
        .stderr_has("error: e.zip: cannot read the zip archive: ");
    let out = detente(["import", "csv", "empty.csv"])
        .in_dir(dir.path())
        .run();
    out.code(2)
        .stderr_has("error: empty.csv:1:1: the header has no `from` column\n");
    detente(["import", "csv", "missing.csv"])
        .in_dir(dir.path())
        .run()
        .code(2)
        .stderr_has("missing.csv");
}
