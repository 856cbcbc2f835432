//! `detente import events` options (periods, mentions, thin periods, direction, QuadClass kinds),
//! ICEWS files and the `count` a point keeps, on small fixtures whose aggregates are computed by
//! hand in the comments.

use std::path::Path;

use crate::support::{detente, fixture};

/// One point of the imported graph: `(from, to, directed, kind, date, weight, count)`.
type Point = (String, String, bool, String, String, f64, u64);

/// The points `import events FILE --format FORMAT ARGS...` makes, read back from its JSON.
fn import(file: &str, format: &str, args: &[&str]) -> (Vec<Point>, String) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let out = detente(["import", "events", "--format", format, "-o", "g.json"])
        .arg(fixture(file))
        .args(args)
        .in_dir(dir.path())
        .run();
    out.ok();
    let text = std::fs::read_to_string(dir.path().join("g.json")).expect("the output exists");
    let json: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let mut points = Vec::new();
    for relation in json["relations"].as_array().expect("relations") {
        let (from, to, directed) = match relation.get("between") {
            Some(between) => (between[0].clone(), between[1].clone(), false),
            None => (relation["from"].clone(), relation["to"].clone(), true),
        };
        for point in relation["series"].as_array().expect("a series") {
            points.push((
                from.as_str().expect("an id").to_string(),
                to.as_str().expect("an id").to_string(),
                directed,
                relation["kind"].as_str().expect("a kind").to_string(),
                point["date"].as_str().expect("a date").to_string(),
                point["weight"].as_f64().expect("a weight"),
                point["count"].as_u64().expect("a count"),
            ));
        }
    }
    (points, out.stderr)
}

/// Checks `actual` against `expected` (`(from, to, directed, kind, date, weight, count)`), the
/// weights within 1e-9.
fn assert_points(actual: &[Point], expected: &[(&str, &str, bool, &str, &str, f64, u64)]) {
    let shown = |p: &[Point]| format!("{p:#?}");
    assert_eq!(actual.len(), expected.len(), "{}", shown(actual));
    for (a, e) in actual.iter().zip(expected) {
        assert!(
            a.0 == e.0
                && a.1 == e.1
                && a.2 == e.2
                && a.3 == e.3
                && a.4 == e.4
                && (a.5 - e.5).abs() < 1e-9
                && a.6 == e.6,
            "expected {e:?}, got {a:?} in {}",
            shown(actual)
        );
    }
}

const GDELT: &str = "events/gdelt-options.tsv";

// The GDELT fixture, one event a line: (id, day, Actor1, Actor2, QuadClass, Goldstein,
// NumMentions)
//   1 2024-01-01 Mon USA RUS 1  2 1
//   2 2024-01-07 Sun RUS USA 3 -4 3
//   3 2024-01-08 Mon USA RUS 4 -8 1
//   4 2024-02-15 Thu USA RUS 2  6 2
//   5 2024-04-10 Wed USA RUS 1  1 1
//   6 2024-04-10 Wed BLR RUS 1  5 1
//   7 2024-04-11 Thu RUS BLR 2  7 4
//   8 2024-12-31 Tue BLR RUS 3 -2 1
//   9 2024-03-01 Fri USA RUS x  0 0   (malformed for --kind quadclass and --weight-by mentions)

#[test]
fn monthly_by_default_with_the_event_count_on_each_point() {
    let (points, stderr) = import(GDELT, "gdelt", &[]);
    assert_points(
        &points,
        &[
            // (5 + 7) / 2 / 10
            ("BLR", "RUS", false, "events", "2024-04", 0.6, 2),
            ("BLR", "RUS", false, "events", "2024-12", -0.2, 1),
            // (2 - 4 - 8) / 3 / 10
            ("RUS", "USA", false, "events", "2024-01", -1.0 / 3.0, 3),
            ("RUS", "USA", false, "events", "2024-02", 0.6, 1),
            ("RUS", "USA", false, "events", "2024-03", 0.0, 1),
            ("RUS", "USA", false, "events", "2024-04", 0.1, 1),
        ],
    );
    assert_eq!(stderr, "");
}

#[test]
fn weeks_start_on_monday_and_quarters_and_years_on_their_first_month() {
    let (weeks, _) = import(GDELT, "gdelt", &["--period", "week"]);
    assert_points(
        &weeks,
        &[
            ("BLR", "RUS", false, "events", "2024-04-08", 0.6, 2),
            // Tuesday 31 December 2024 is in the week of Monday the 30th.
            ("BLR", "RUS", false, "events", "2024-12-30", -0.2, 1),
            // Monday 1 and Sunday 7 January: (2 - 4) / 2 / 10.
            ("RUS", "USA", false, "events", "2024-01-01", -0.1, 2),
            ("RUS", "USA", false, "events", "2024-01-08", -0.8, 1),
            ("RUS", "USA", false, "events", "2024-02-12", 0.6, 1),
            // Friday 1 March 2024 is in the week of Monday 26 February.
            ("RUS", "USA", false, "events", "2024-02-26", 0.0, 1),
            ("RUS", "USA", false, "events", "2024-04-08", 0.1, 1),
        ],
    );
    let (quarters, _) = import(GDELT, "gdelt", &["--period", "quarter"]);
    assert_points(
        &quarters,
        &[
            ("BLR", "RUS", false, "events", "2024-04", 0.6, 2),
            ("BLR", "RUS", false, "events", "2024-10", -0.2, 1),
            // (2 - 4 - 8 + 6 + 0) / 5 / 10
            ("RUS", "USA", false, "events", "2024-01", -0.08, 5),
            ("RUS", "USA", false, "events", "2024-04", 0.1, 1),
        ],
    );
    let (years, _) = import(GDELT, "gdelt", &["--period", "year"]);
    assert_points(
        &years,
        &[
            // (5 + 7 - 2) / 3 / 10
            ("BLR", "RUS", false, "events", "2024", 1.0 / 3.0, 3),
            // (2 - 4 - 8 + 6 + 0 + 1) / 6 / 10
            ("RUS", "USA", false, "events", "2024", -0.05, 6),
        ],
    );
}

#[test]
fn mentions_weigh_the_mean_and_a_row_without_mentions_is_malformed() {
    let (points, stderr) = import(GDELT, "gdelt", &["--weight-by", "mentions"]);
    assert_points(
        &points,
        &[
            // (5 * 1 + 7 * 4) / 5 / 10
            ("BLR", "RUS", false, "events", "2024-04", 0.66, 2),
            ("BLR", "RUS", false, "events", "2024-12", -0.2, 1),
            // (2 * 1 - 4 * 3 - 8 * 1) / 5 / 10
            ("RUS", "USA", false, "events", "2024-01", -0.36, 3),
            ("RUS", "USA", false, "events", "2024-02", 0.6, 1),
            ("RUS", "USA", false, "events", "2024-04", 0.1, 1),
        ],
    );
    let name = fixture(GDELT).display().to_string();
    assert_eq!(
        stderr,
        format!(
            "warning: {name}:9:1: skipped: the number of mentions `0` is not a whole number \
             above 0\nwarning: {name}: 1 malformed row skipped\n  \
             help: fix them, or give --strict to make them errors\n"
        )
    );
}

#[test]
fn min_events_drops_thin_periods() {
    let (points, _) = import(GDELT, "gdelt", &["--min-events", "2"]);
    assert_points(
        &points,
        &[
            ("BLR", "RUS", false, "events", "2024-04", 0.6, 2),
            ("RUS", "USA", false, "events", "2024-01", -1.0 / 3.0, 3),
        ],
    );
}

#[test]
fn directed_keeps_each_events_source_and_target() {
    let (points, _) = import(GDELT, "gdelt", &["--directed"]);
    assert_points(
        &points,
        &[
            ("BLR", "RUS", true, "events", "2024-04", 0.5, 1),
            ("BLR", "RUS", true, "events", "2024-12", -0.2, 1),
            ("RUS", "BLR", true, "events", "2024-04", 0.7, 1),
            ("RUS", "USA", true, "events", "2024-01", -0.4, 1),
            // (2 - 8) / 2 / 10
            ("USA", "RUS", true, "events", "2024-01", -0.3, 2),
            ("USA", "RUS", true, "events", "2024-02", 0.6, 1),
            ("USA", "RUS", true, "events", "2024-03", 0.0, 1),
            ("USA", "RUS", true, "events", "2024-04", 0.1, 1),
        ],
    );
}

#[test]
fn quad_classes_make_one_kind_each() {
    let (points, stderr) = import(GDELT, "gdelt", &["--kind", "quadclass"]);
    assert_points(
        &points,
        &[
            (
                "BLR",
                "RUS",
                false,
                "material-cooperation",
                "2024-04",
                0.7,
                1,
            ),
            ("BLR", "RUS", false, "verbal-conflict", "2024-12", -0.2, 1),
            ("BLR", "RUS", false, "verbal-cooperation", "2024-04", 0.5, 1),
            ("RUS", "USA", false, "material-conflict", "2024-01", -0.8, 1),
            (
                "RUS",
                "USA",
                false,
                "material-cooperation",
                "2024-02",
                0.6,
                1,
            ),
            ("RUS", "USA", false, "verbal-conflict", "2024-01", -0.4, 1),
            ("RUS", "USA", false, "verbal-cooperation", "2024-01", 0.2, 1),
            ("RUS", "USA", false, "verbal-cooperation", "2024-04", 0.1, 1),
        ],
    );
    assert!(stderr.contains(":9:1: skipped: QuadClass `x` is not 1, 2, 3 or 4\n"));
    detente([
        "import",
        "events",
        "--format",
        "gdelt",
        "--kind",
        "quadclass",
        "--strict",
    ])
    .arg(fixture(GDELT))
    .run()
    .code(2)
    .stdout_is("")
    .stderr_has(":9:1: QuadClass `x` is not 1, 2, 3 or 4\n");
}

#[test]
fn sources_per_point_keeps_the_first_event_ids_with_their_urls() {
    let out = detente([
        "import",
        "events",
        "--format",
        "gdelt",
        "--sources-per-point",
        "2",
    ])
    .arg(fixture(GDELT))
    .run();
    out.ok()
        .stdout_has(
            "  - {date: 2024-01, weight: -0.333333333333, count: 3, sources: [event-1, event-2], \
             note: 3 events}\n",
        )
        .stdout_has("  event-2:\n    title: Event 2\n    url: https://news.example.org/2\n");
    assert!(!out.stdout.contains("event-3:"));
}

// The ICEWS fixture: (Event ID, Event Date, Source Country, CAMEO Code, Intensity, Target Country)
//   101 2014-03-02 Russian Federation 010  0   Ukraine
//   102 2014-03-05 Ukraine            138 -7   Russia
//   103 2014-03-20 United States      163 -8   Russian Federation
//   104 2014-04-01 Russian Federation 042  1.9 United States
//   105 2014-04-02 (none)             010  0   Russian Federation   left out
//   106 2014-04-03 Atlantis           010  0   Russian Federation   left out, warned
//   107 2014-13-01 ...                                              malformed
//   108 2014-04-10 Russian Federation 040  1   Russian Federation   left out (itself)

#[test]
fn icews_countries_by_name_weighted_by_intensity() {
    let (points, stderr) = import("events/icews-small.tsv", "icews", &[]);
    assert_points(
        &points,
        &[
            // (0 - 7) / 2 / 10
            ("RUS", "UKR", false, "events", "2014-03", -0.35, 2),
            ("RUS", "USA", false, "events", "2014-03", -0.8, 1),
            ("RUS", "USA", false, "events", "2014-04", 0.19, 1),
        ],
    );
    let name = fixture("events/icews-small.tsv").display().to_string();
    assert_eq!(
        stderr,
        format!(
            "\
warning: {name}: 1 event left out: no country is named `Atlantis`
  help: only events between countries become ties; the names are ISO 3166's
warning: {name}:8:1: skipped: `2014-13-01` is not a date (YYYY-MM-DD or YYYYMMDD)
warning: {name}: 1 malformed row skipped
  help: fix them, or give --strict to make them errors
"
        )
    );
    let (kinds, _) = import(
        "events/icews-small.tsv",
        "icews",
        &["--kind", "quadclass", "--directed", "--period", "year"],
    );
    assert_points(
        &kinds,
        &[
            ("RUS", "UKR", true, "verbal-cooperation", "2014", 0.0, 1),
            ("RUS", "USA", true, "verbal-cooperation", "2014", 0.19, 1),
            ("UKR", "RUS", true, "verbal-conflict", "2014", -0.7, 1),
            ("USA", "RUS", true, "material-conflict", "2014", -0.8, 1),
        ],
    );
}

#[test]
fn icews_sources_carry_the_publisher_and_mentions_are_refused() {
    let out = detente(["import", "events", "--format", "icews"])
        .arg(fixture("events/icews-small.tsv"))
        .run();
    out.ok()
        .stdout_has("  event-101:\n    title: Event 101\n    publisher: Interfax & \"Co\" <x>\n");
    detente([
        "import",
        "events",
        "--format",
        "icews",
        "--weight-by",
        "mentions",
    ])
    .arg(fixture("events/icews-small.tsv"))
    .run()
    .code(2)
    .stderr_is(
        "error: --weight-by mentions: ICEWS records no number of mentions; weigh ICEWS \
             events by events\n",
    );
    let header_only = "Event ID\tEvent Date\tSource Country\n";
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(dir.path().join("e.tsv"), header_only).expect("written");
    detente(["import", "events", "e.tsv", "--format", "icews"])
        .in_dir(dir.path())
        .run()
        .code(2)
        .stderr_has("error: e.tsv:1:1: the header has no `Target Country` column\n");
}

#[test]
fn a_count_is_a_whole_number_and_explain_shows_it() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let graph = "detente: 1\nactors:\n  A: {name: A, kind: state}\n  B: {name: B, kind: state}\n\
                 relations:\n  - between: [A, B]\n    series:\n      - {date: 2020, weight: 0.5, count: -3}\n";
    std::fs::write(dir.path().join("g.yaml"), graph).expect("written");
    detente(["check", "g.yaml"])
        .in_dir(dir.path())
        .run()
        .code(2)
        .stderr_has("g.yaml:8:42: `count` must be a whole number, found `-3`\n");
    check_explain_shows_the_count(dir.path());
}

/// `explain --format json` gives the count of the point in force.
fn check_explain_shows_the_count(dir: &Path) {
    let graph = "detente: 1\nactors:\n  A: {name: A, kind: state}\n  B: {name: B, kind: state}\n\
                 relations:\n  - between: [A, B]\n    series:\n      - {date: 2020, weight: 0.5, count: 7}\n";
    std::fs::write(dir.join("c.yaml"), graph).expect("written");
    let out = detente([
        "explain", "c.yaml", "A", "B", "--at", "2020-06", "--format", "json",
    ])
    .in_dir(dir)
    .run();
    out.ok();
    let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    let text = json.to_string();
    assert!(text.contains("\"count\":7"), "{text}");
}

#[test]
fn half_life_smooths_each_tie_over_its_earlier_periods() {
    // January: two events (2 and 4); February, 31 days later: one event (-10). With a half-life
    // of 31 days January's events count half in February:
    //   January  = (2 + 4) / 2 / 10                     = 0.3
    //   February = (6 * 0.5 - 10) / (2 * 0.5 + 1) / 10  = -7 / 2 / 10 = -0.35
    // and without smoothing February is -10 / 1 / 10 = -1.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("e.csv"),
        "actor1,actor2,date,goldstein\nUSA,RUS,2024-01-05,2\nRUS,USA,2024-01-20,4\n\
         USA,RUS,2024-02-10,-10\n",
    )
    .unwrap();
    let run = |extra: &[&str]| {
        let out = detente(["import", "events", "e.csv", "--format", "cameo-csv"])
            .args(extra)
            .in_dir(dir.path())
            .run();
        out.ok();
        out.stdout.clone()
    };
    let smoothed = run(&["--half-life", "31d"]);
    assert!(
        smoothed.contains("{date: 2024-01, weight: 0.3,"),
        "{smoothed}"
    );
    assert!(
        smoothed.contains("{date: 2024-02, weight: -0.35,"),
        "{smoothed}"
    );
    let plain = run(&[]);
    assert!(plain.contains("{date: 2024-02, weight: -1.0,"), "{plain}");
    detente([
        "import",
        "events",
        "e.csv",
        "--format",
        "cameo-csv",
        "--half-life",
        "3m",
    ])
    .in_dir(dir.path())
    .run()
    .code(2)
    .stderr_is(
        "error: --half-life 3m: give it in days or weeks (`90d`, `13w`); months and years \
             have no fixed length\n",
    );
}

#[test]
fn a_zipped_gdelt_file_reads_as_the_file_it_holds() {
    // GDELT publishes `*.export.CSV.zip`, one file each; an archive of two files reads both.
    use std::io::Write;
    let plain = std::fs::read(fixture("events/gdelt-options.tsv")).expect("the fixture");
    let dir = tempfile::tempdir().expect("a temporary directory");
    let zipped = dir.path().join("20240101.export.CSV.zip");
    let mut archive = zip::ZipWriter::new(std::fs::File::create(&zipped).expect("a zip file"));
    let deflated = zip::write::SimpleFileOptions::default();
    archive
        .start_file("20240101.export.CSV", deflated)
        .expect("an entry");
    archive.write_all(&plain).expect("written");
    archive.finish().expect("finished");
    let from_zip = |path: &Path| {
        let out = detente(["import", "events", "--format", "gdelt", "-o", "g.yaml"])
            .arg(path)
            .in_dir(dir.path())
            .run();
        out.ok();
        std::fs::read_to_string(dir.path().join("g.yaml")).expect("the output exists")
    };
    let expected = from_zip(&fixture("events/gdelt-options.tsv"));
    assert_eq!(from_zip(&zipped), expected);
    assert!(expected.contains("relations:"), "{expected}");

    // A broken archive is a clear error, not a panic.
    let broken = dir.path().join("broken.zip");
    std::fs::write(&broken, b"PK\x03\x04 not really a zip").expect("written");
    detente(["import", "events", "--format", "gdelt"])
        .arg(&broken)
        .run()
        .code(2)
        .stderr_has("cannot read the zip archive");
}
