//! The columnar graph gives back the graph it was written from, and the long table read from
//! Parquet gives the graph the same table gives from CSV.

use std::path::Path;

use proptest::prelude::*;

use super::{read_graph_dir, relations_table};
use crate::generate::{Spec, generate};
use crate::import::Input;
use crate::import::csv::{self, Options};
use crate::load::FileSystem;
use crate::model::Graph;

/// A text column of `cells`, for a table written in a test.
fn text(cells: &[&'static str]) -> crate::export::parquet::Values<'static> {
    crate::export::parquet::Values::Text(
        cells
            .iter()
            .map(|&c| std::borrow::Cow::Borrowed(c))
            .collect(),
    )
}

/// `graph` written as a columnar graph into a temporary directory, then read back.
fn round_trip(graph: &Graph) -> Graph {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in crate::export::parquet::graph(graph).unwrap() {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    read_graph_dir(dir.path(), &FileSystem).unwrap().0
}

/// The bundled graph written as a columnar graph into a temporary directory.
fn bundled_graph_dir() -> tempfile::TempDir {
    let graph = crate::load::load_path(Path::new("graphs/us-belarus.yaml")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in crate::export::parquet::graph(&graph).unwrap() {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    dir
}

/// A points table of one row: USA to BLR in 2020, weighing `weight`.
fn one_point_table(weight: f64) -> Vec<u8> {
    use crate::export::parquet::{Table, Values};
    Table::default()
        .column("from", text(&["USA"]))
        .column("to", text(&["BLR"]))
        .column("date", text(&["2020"]))
        .column("weight", Values::OptDouble(vec![Some(weight)]))
        .write()
        .unwrap()
}

/// An actors table of two states.
fn two_states_table(ids: [&'static str; 2], names: [&'static str; 2]) -> Vec<u8> {
    crate::export::parquet::Table::default()
        .column("id", text(&ids))
        .column("name", text(&names))
        .column("kind", text(&["state", "state"]))
        .write()
        .unwrap()
}

fn assert_same(graph: &Graph) {
    let back = round_trip(graph);
    assert_eq!(&back, graph);
    assert_eq!(
        crate::load::to_yaml(&back).unwrap(),
        crate::load::to_yaml(graph).unwrap()
    );
}

#[test]
fn the_bundled_graph_and_the_example_come_back_equal() {
    for file in ["graphs/us-belarus.yaml", "examples/jcpoa.yaml"] {
        let graph = crate::load::load_path(Path::new(file)).unwrap();
        assert_same(&graph);
    }
}

/// Every text field holds something a careless writer would break: quotes, commas, `;`,
/// newlines, tabs, backslashes, markup and characters outside ASCII.
const HOSTILE: &str = "a \\\"b\\\", c; d\\n\\te <x>&amp; \\\\ é 中 🙂 ' --";

#[test]
fn hostile_strings_in_every_field_survive() {
    let h = HOSTILE;
    // A name may hold a line break but no other control character (a located error otherwise).
    let n = HOSTILE.replace("\\t", "");
    let yaml = format!(
        "detente: 1.1\ntitle: \"{h}\"\ndescription: \"{h}\"\ninterpolation: linear\n\
         scale: {{min: -10, max: 10}}\n\
         relation_kinds:\n  \"k {h}\": {{expires: 6m}}\n\
         sources:\n  \"s;1 {h}\": {{title: \"{h}\", publisher: \"{h}\", date: 2020-01-02, url: \"https://x.org/?a=1;b={h}\"}}\n\
         events:\n  \"e {h}\": {{date: 2020-03, title: \"{h}\", description: \"{h}\", actors: [\"A {h}\"], sources: [\"s;1 {h}\"]}}\n\
         actors:\n  \"A {h}\":\n    name: \"{n}\"\n    kind: state\n    note: \"{h}\"\n    aliases: [\"{h} alias\", \"x;y\"]\n    \
         attributes: {{text: \"{h}\", n: 2.5, flag: true}}\n  \
         G: {{name: G, kind: armed_group, part_of: [{{of: \"A {h}\", from: ~2001, until: unknown, note: \"{h}\", sources: [\"s;1 {h}\"]}}]}}\n  \
         P:\n    name: P\n    kind: person\n    posts:\n      - {{title: \"{h}\", of: \"A {h}\", from: 2019-05, until: 2021, primary: true, note: \"{h}\", sources: [\"s;1 {h}\"]}}\n      \
         - {{title: second, of: G, from: unknown}}\n\
         relations:\n  - from: P\n    to: \"A {h}\"\n    kind: \"k {h}\"\n    interpolation: step\n    note: \"{h}\"\n    series:\n      \
         - {{date: 2020, weight: -9.5, note: \"{h}\", event: \"e {h}\", sources: [\"s;1 {h}\"], confidence: 0.25, range: [-10, 0], count: 18446744073709551615}}\n      \
         - {{date: 2020-06-30, end: true}}\n  - between: [G, P]\n    series: [{{date: 2021, weight: 3}}]\n"
    );
    let graph = crate::load::load_str(&yaml, "hostile.yaml").unwrap();
    assert_eq!(graph.relations[0].series[0].count(), Some(u64::MAX));
    assert_same(&graph);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]
    #[test]
    fn generated_graphs_come_back_equal(
        seed in 0u64..1000,
        actors in 2usize..30,
        relations in 0usize..60,
        points in 1usize..6,
    ) {
        let spec = Spec { seed, end_share: 0.3, ..Spec::sized(actors, relations, points) };
        let graph = generate(&spec);
        prop_assert_eq!(round_trip(&graph), graph);
    }

    #[test]
    fn the_long_table_reads_the_same_from_parquet_as_from_csv(
        seed in 0u64..1000,
        actors in 2usize..20,
        relations in 1usize..40,
        points in 1usize..5,
    ) {
        let spec = Spec { seed, end_share: 0.3, ..Spec::sized(actors, relations, points) };
        let graph = generate(&spec);
        let text = crate::export::csv::relations(&graph).unwrap();
        let from_csv = csv::relations(&Input { name: "r.csv".into(), text }, None, &Options::default())
            .unwrap()
            .graph;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.parquet");
        std::fs::write(&path, crate::export::parquet::relations(&graph).unwrap()).unwrap();
        let from_parquet = relations_table(&path, None, &Options::default()).unwrap().graph;
        prop_assert_eq!(from_parquet, from_csv);
    }
}

#[test]
fn mutated_tables_are_errors_never_panics() {
    let graph = crate::load::load_path(Path::new("graphs/us-belarus.yaml")).unwrap();
    let tables = crate::export::parquet::graph(&graph).unwrap();
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in &tables {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    let mut rng = 0x9e37_79b9_7f4a_7c15u64;
    for (name, bytes) in &tables {
        for _ in 0..40 {
            let mut mutated = bytes.clone();
            // xorshift: a fixed sequence of byte positions and values.
            for _ in 0..3 {
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                let at = usize::try_from(rng % mutated.len() as u64).unwrap();
                mutated[at] = mutated[at].wrapping_add(u8::try_from(rng >> 56).unwrap() | 1);
            }
            std::fs::write(dir.path().join(name), &mutated).unwrap();
            let _ = read_graph_dir(dir.path(), &FileSystem);
        }
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
}

#[test]
fn a_points_table_in_many_row_groups_reads_as_in_one() {
    // The points table is made row group by row group; groups of 1, 3 and 7 rows cut through
    // the series of the bundled graph's ties at every place.
    let graph = crate::load::load_path(Path::new("graphs/us-belarus.yaml")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let read = |group: usize| {
        let path = dir.path().join(format!("points-{group}.parquet"));
        let bytes = crate::export::parquet::relations_grouped(&graph, group).unwrap();
        std::fs::write(&path, bytes).unwrap();
        relations_table(&path, None, &Options::default())
            .unwrap()
            .graph
            .relations
    };
    let whole = read(1 << 20);
    assert_eq!(whole, graph.relations);
    for group in [1, 3, 7] {
        assert_eq!(read(group), whole, "row groups of {group}");
    }
}

#[test]
fn an_empty_kind_and_the_default_kind_are_one_tie() {
    // Kinds are keyed by their interned index; an empty cell and `relation` written out must
    // still name the same tie, as they do in a CSV.
    use crate::export::parquet::{Table, Values};
    let bytes = Table::default()
        .column("from", text(&["A", "B", "A"]))
        .column("to", text(&["B", "A", "B"]))
        .column("kind", text(&["relation", "", "trade"]))
        .column("date", text(&["2020", "2021", "2020"]))
        .column(
            "weight",
            Values::OptDouble(vec![Some(0.5), Some(0.25), Some(-0.5)]),
        )
        .write()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ties.parquet");
    std::fs::write(&path, bytes).unwrap();
    let graph = relations_table(&path, None, &Options::default())
        .unwrap()
        .graph;
    let csv = Input {
        name: "ties.csv".into(),
        text:
            "from,to,kind,date,weight\nA,B,relation,2020,0.5\nB,A,,2021,0.25\nA,B,trade,2020,-0.5\n"
                .into(),
    };
    let from_csv = csv::relations(&csv, None, &Options::default())
        .unwrap()
        .graph;
    assert_eq!(graph.relations.len(), 2, "{:?}", graph.relations);
    assert_eq!(graph.relations[0].series.len(), 2);
    assert_eq!(graph.relations, from_csv.relations);
}

#[test]
fn the_first_bad_row_is_reported_whichever_check_finds_it() {
    // A row's ends are checked in a first pass over the rows and its point in a second, by
    // relation; the problem reported must still be the first in row order.
    use crate::export::parquet::{Table, Values};
    use std::borrow::Cow;
    let dir = tempfile::tempdir().unwrap();
    let error = |to: &[&'static str], weights: Vec<Option<f64>>, how: &[&'static str]| {
        let rows = to.len();
        let bytes = Table::default()
            .column("from", text(&["A", "C", "A", "A"][..rows]))
            .column("to", text(to))
            .column("date", text(&["2020", "2020", "2021", "2022"][..rows]))
            .column("weight", Values::OptDouble(weights))
            .column(
                "interpolation",
                Values::OptText(
                    how.iter()
                        .map(|&c| (!c.is_empty()).then_some(Cow::Borrowed(c)))
                        .collect(),
                ),
            )
            .write()
            .unwrap();
        let path = dir.path().join("t.parquet");
        std::fs::write(&path, bytes).unwrap();
        let Err(e) = relations_table(&path, None, &Options::default()) else {
            panic!("{to:?} loads");
        };
        e.to_string()
    };
    let says = |message: String, wanted: &str| {
        assert!(message.contains(wanted), "{message} does not say {wanted}");
    };
    // A bad point on row 1, a blank end on row 2: row 1.
    says(
        error(&["B", ""], vec![Some(1.5), Some(0.5)], &["", ""]),
        "row 1, column `weight`: weight 1.5 is outside",
    );
    // A blank end on row 1, a bad point on row 2 (of another tie): row 1.
    says(
        error(&["", "D"], vec![Some(0.5), Some(1.5)], &["", ""]),
        "row 1, column `to`: is empty",
    );
    // A bad point on row 3, after the tie of rows 1 and 3 was given its interpolation on row 1,
    // and a bad end on row 4: row 3, the interpolation that disagrees.
    says(
        error(
            &["B", "D", "B", ""],
            vec![Some(0.5), Some(0.5), Some(0.5), Some(0.5)],
            &["step", "", "linear", ""],
        ),
        "row 3, column `interpolation`: `linear` here but `step` on row 1",
    );
    // An interpolation that is none on row 2, and one that disagrees on row 3: row 2.
    says(
        error(
            &["B", "D", "B"],
            vec![Some(0.5), Some(0.5), Some(0.5)],
            &["step", "bogus", "linear"],
        ),
        "row 2, column `interpolation`: interpolation `bogus` is not step or linear",
    );
}

proptest! {
    #[test]
    fn runs_are_found_across_chunks_as_in_one_pass(
        keys in prop::collection::vec(0u32..3, 0..60),
        refused in prop::option::of(0usize..60),
    ) {
        // Few distinct keys, so that runs are long and cross the joins of the (small, in unit
        // tests) chunks; a refused row cuts the runs short.
        use super::{Key, RUN_CHUNK, runs_of};
        const { assert!(RUN_CHUNK < 10, "unit tests read small chunks") };
        let key = |i: usize| -> Key { (keys[i], keys[i] + 1, 0, true) };
        let (runs, problem) = runs_of(keys.len(), |row| match refused == Some(row) {
            true => Err(super::at_row(row, "to", "refused")),
            false => Ok((key(row), (keys[row], keys[row] + 1))),
        });
        let end = refused.filter(|&r| r < keys.len()).unwrap_or(keys.len());
        let mut wanted: Vec<(Key, u32, u32)> = Vec::new();
        for row in 0..end {
            match wanted.last_mut() {
                Some((k, _, len)) if *k == key(row) => *len += 1,
                _ => wanted.push((key(row), row as u32, 1)),
            }
        }
        let got: Vec<(Key, u32, u32)> = runs
            .iter()
            .scan(0, |start, r| {
                *start += r.len;
                Some((r.key(), *start - r.len, r.len))
            })
            .collect();
        prop_assert_eq!(got, wanted);
        prop_assert_eq!(problem.is_some(), end < keys.len());
    }

    #[test]
    fn earlier_runs_name_the_first_run_of_each_key(keys in prop::collection::vec(0u32..8, 0..80)) {
        use super::{Run, earlier_runs_hashed, earlier_runs_sorted};
        let runs: Vec<Run> = keys
            .iter()
            .map(|&k| Run {
                a: k,
                b: 0,
                kind: k % 3,
                len: 1,
                directed: k % 2 == 0,
                swapped: false,
            })
            .collect();
        let mut first = std::collections::HashMap::new();
        let mut wanted = Vec::new();
        for (i, &k) in keys.iter().enumerate() {
            let at = *first.entry(k).or_insert(i as u32);
            if at != i as u32 {
                wanted.push((i as u32, at));
            }
        }
        prop_assert_eq!(earlier_runs_sorted(&runs), wanted.clone());
        prop_assert_eq!(earlier_runs_hashed(&runs), wanted);
    }
}

#[test]
fn a_tie_in_scattered_rows_gets_them_in_row_order_and_its_doubled_date_is_found() {
    use crate::export::parquet::{Table, Values};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.parquet");
    let read = |to: &[&'static str], dates: &[&'static str]| {
        let rows = to.len();
        let bytes = Table::default()
            .column("from", text(&vec!["A"; rows]))
            .column("to", text(to))
            .column("date", text(dates))
            .column(
                "weight",
                Values::OptDouble((0..rows).map(|i| Some(i as f64 / 10.0)).collect()),
            )
            .write()
            .unwrap();
        std::fs::write(&path, bytes).unwrap();
        relations_table(&path, None, &Options::default())
    };
    // A–B's rows are 1, 3, 4 and 9 (dates out of order), spread over several chunks.
    let to = ["B", "C", "B", "B", "D", "C", "D", "C", "B"];
    let graph = read(
        &to,
        &[
            "2020", "2020", "2019", "2023", "2020", "2021", "2021", "2022", "2021",
        ],
    )
    .unwrap()
    .graph;
    let tie = |other: &str| {
        graph
            .relations
            .iter()
            .find(|r| r.ends.pair() == ("A", other))
            .unwrap()
    };
    let weights = |other: &str| -> Vec<(String, f64)> {
        tie(other)
            .series
            .iter()
            .map(|p| match p.value() {
                crate::model::PointValue::Weight(w) => (p.date.to_string(), w),
                crate::model::PointValue::End => panic!("an end"),
            })
            .collect()
    };
    assert_eq!(
        weights("B"),
        [
            ("2019".into(), 0.2),
            ("2020".into(), 0.0),
            ("2021".into(), 0.8),
            ("2023".into(), 0.3)
        ]
    );
    assert_eq!(
        weights("C"),
        [
            ("2020".into(), 0.1),
            ("2021".into(), 0.5),
            ("2022".into(), 0.7)
        ]
    );
    // The relations come in the order of their first rows.
    let order: Vec<&str> = graph.relations.iter().map(|r| r.ends.pair().1).collect();
    assert_eq!(order, ["B", "C", "D"]);
    // Rows 4 and 9 of A–B on one date: the second is the error, naming the first.
    let e = read(
        &to,
        &[
            "2020", "2020", "2019", "2021", "2020", "2021", "2021", "2022", "2021",
        ],
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("row 9, column `date`") && e.contains("(row 4)"),
        "{e}"
    );
}

#[test]
fn actors_missing_from_the_actors_table_are_named_once_each_in_the_order_ties_name_them() {
    use crate::export::parquet::{Table, Values};
    let dir = tempfile::tempdir().unwrap();
    let ties = dir.path().join("t.parquet");
    let actors = dir.path().join("a.parquet");
    let write =
        |path: &Path, table: Table<'_>| std::fs::write(path, table.write().unwrap()).unwrap();
    write(
        &ties,
        Table::default()
            .column("from", text(&["USA", "ZZB", "USA", "USA"]))
            .column("to", text(&["BLR", "USA", "ZZA", "ZZB"]))
            .column("date", text(&["2020", "2020", "2021", "2022"]))
            .column("weight", Values::OptDouble(vec![Some(0.1); 4])),
    );
    write(
        &actors,
        Table::default()
            .column("id", text(&["USA", "BLR"]))
            .column("name", text(&["United States", "Belarus"]))
            .column("kind", text(&["state", "state"])),
    );
    let strict = Options {
        strict_actors: true,
        ..Options::default()
    };
    let e = relations_table(&ties, Some(&actors), &strict)
        .unwrap_err()
        .to_string();
    let b = e.find("actor `ZZB` is not").unwrap();
    let a = e.find("actor `ZZA` is not").unwrap();
    assert!(b < a, "{e}");
    assert_eq!(e.matches("actor `ZZB`").count(), 1, "{e}");
    let imported = relations_table(&ties, Some(&actors), &Options::default()).unwrap();
    let warned = imported.warnings[0].to_string();
    assert!(
        warned.contains("2 actors not in an actors table"),
        "{warned}"
    );
    let ids: Vec<&str> = imported.graph.actors.keys().map(|id| id.as_str()).collect();
    assert_eq!(ids, ["BLR", "USA", "ZZA", "ZZB"]);
}

#[test]
fn a_problem_with_the_actors_is_reported_before_one_with_the_points() {
    // The actors and the points are read side by side; the actors' problem still comes first.
    let dir = bundled_graph_dir();
    let points = one_point_table(7.0);
    std::fs::write(dir.path().join("points.parquet"), points).unwrap();
    let e = read_graph_dir(dir.path(), &FileSystem)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("points.parquet") && e.contains("weight 7"),
        "{e}"
    );
    let actors = two_states_table(["USA", ""], ["United States", "Belarus"]);
    std::fs::write(dir.path().join("actors.parquet"), actors).unwrap();
    let e = read_graph_dir(dir.path(), &FileSystem)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("actors.parquet") && !e.contains("weight 7"),
        "{e}"
    );
}

#[test]
fn what_the_reader_vouches_for_holds_and_the_rest_is_still_checked() {
    // A columnar graph's ties are not compared with each other again once read (the reader
    // makes one relation per tie); what it does not vouch for is checked as before.
    use crate::export::parquet::{Table, Values};
    let dir = bundled_graph_dir();
    let read_points = |from: &[&'static str], to: &[&'static str], kind: &[&'static str]| {
        let n = from.len();
        let dates: Vec<&'static str> = ["2019", "2020", "2021", "2022", "2023", "2024", "2025"]
            .into_iter()
            .cycle()
            .take(n)
            .collect();
        let points = Table::default()
            .column("from", text(from))
            .column("to", text(to))
            .column("kind", text(kind))
            .column("date", text(&dates))
            .column("weight", Values::OptDouble(vec![Some(0.5); n]))
            .write()
            .unwrap();
        std::fs::write(dir.path().join("points.parquet"), points).unwrap();
        read_graph_dir(dir.path(), &FileSystem)
    };
    // One tie in scattered rows, written both ways round, and named by the default kind both
    // blank and spelt out: one relation each, which the full check as text accepts.
    let read = read_points(
        &["USA", "BLR", "RUS", "USA", "BLR", "RUS", "USA"],
        &["BLR", "USA", "BLR", "BLR", "RUS", "BLR", "RUS"],
        &["", "relation", "", "trade", "", "relation", ""],
    )
    .unwrap()
    .0;
    assert_eq!(read.relations.len(), 4, "{:?}", read.relations);
    assert_eq!(crate::load::validate(&read), Ok(()));
    // An end naming no actor, an actor joined to itself: refused, as a file would be.
    // The error's text, or nothing when the graph was read (not the whole graph, in a failure).
    let refused = |read: Result<_, crate::load::LoadError>| read.err().map(|e| e.to_string());
    let e = refused(read_points(&["USA", "XYZ"], &["BLR", "USA"], &["", ""])).unwrap_or_default();
    assert!(e.contains("XYZ"), "{e}");
    let e = refused(read_points(&["USA"], &["USA"], &[""])).unwrap_or_default();
    assert!(e.contains("itself"), "{e}");
    // A series that starts with its end, a point citing an undeclared event: refused too.
    for (weight, event, expected) in [
        (None, None, "starts with `end`"),
        (Some(0.5), Some("no-such-event"), "no-such-event"),
    ] {
        let points = Table::default()
            .column("from", text(&["USA"]))
            .column("to", text(&["BLR"]))
            .column("date", text(&["2020"]))
            .column("weight", Values::OptDouble(vec![weight]))
            .column(
                "event",
                Values::Text(vec![
                    event.map_or(std::borrow::Cow::Borrowed(""), |e| e.into()),
                ]),
            )
            .write()
            .unwrap();
        std::fs::write(dir.path().join("points.parquet"), points).unwrap();
        let e = refused(read_graph_dir(dir.path(), &FileSystem)).unwrap_or_default();
        assert!(e.contains(expected), "{e}");
    }
    // The series checks the reader makes as it builds each series, in place of a pass over
    // every point after: a tie's rows in date order or not, its first point (by date) an end,
    // a date twice, sources and events declared or not. Each refused as a file would be, or
    // read, and then valid as text.
    let unknown_source = [crate::model::Name::from("no-such-source")];
    let known_source = [crate::model::Name::from("tvr-2020-02-01")];
    let no_source: [crate::model::Name; 0] = [];
    type Row<'a> = (
        &'static str,
        Option<f64>,
        &'static str,
        &'a [crate::model::Name],
    );
    let cases: [(&[Row], Option<&str>); 7] = [
        (
            &[
                ("2021", Some(0.5), "", &no_source),
                ("2020", None, "", &no_source),
            ],
            Some("starts with `end`"),
        ),
        (
            &[
                ("2020", None, "", &no_source),
                ("2021", Some(0.5), "", &no_source),
            ],
            Some("starts with `end`"),
        ),
        (
            &[
                ("2020", Some(0.5), "", &no_source),
                ("2020", Some(0.2), "", &no_source),
            ],
            Some("already has a point on 2020"),
        ),
        (
            &[("2020", Some(0.5), "", &unknown_source)],
            Some("no-such-source"),
        ),
        (
            &[
                ("2021", Some(0.5), "", &no_source),
                ("2020", Some(0.2), "no-such-event", &no_source),
            ],
            Some("no-such-event"),
        ),
        (
            &[
                ("2020", Some(0.5), "pompeo-visit", &known_source),
                ("2021", None, "", &no_source),
            ],
            None,
        ),
        (
            &[
                ("2021", Some(0.5), "", &no_source),
                ("2020", Some(0.2), "pompeo-visit", &known_source),
            ],
            None,
        ),
    ];
    for (rows, expected) in cases {
        let n = rows.len();
        let points = Table::default()
            .column("from", text(&vec!["USA"; n]))
            .column("to", text(&vec!["BLR"; n]))
            .column("date", text(&rows.iter().map(|r| r.0).collect::<Vec<_>>()))
            .column(
                "weight",
                Values::OptDouble(rows.iter().map(|r| r.1).collect()),
            )
            .column("event", text(&rows.iter().map(|r| r.2).collect::<Vec<_>>()))
            .column(
                "source",
                Values::List(
                    rows.iter()
                        .map(|r| crate::export::parquet::List::Names(r.3))
                        .collect(),
                ),
            )
            .write()
            .unwrap();
        std::fs::write(dir.path().join("points.parquet"), points).unwrap();
        let read = read_graph_dir(dir.path(), &FileSystem);
        match expected {
            Some(expected) => {
                let e = refused(read).unwrap_or_default();
                assert!(e.contains(expected), "{rows:?}: {e}");
            }
            None => {
                let graph = read.unwrap().0;
                assert_eq!(crate::load::validate(&graph), Ok(()), "{rows:?}");
                let series = &graph.relations[0].series;
                assert!(series.windows(2).all(|w| w[0].date < w[1].date), "{rows:?}");
            }
        }
    }
    // The outline, checked as the points are read: an actor's name with a control character.
    let actors = two_states_table(["USA", "BLR"], ["United States\u{7}", "Belarus"]);
    let alone = tempfile::tempdir().unwrap();
    std::fs::write(alone.path().join("actors.parquet"), actors).unwrap();
    let points = one_point_table(0.5);
    std::fs::write(alone.path().join("points.parquet"), points).unwrap();
    let e = refused(read_graph_dir(alone.path(), &FileSystem)).unwrap_or_default();
    assert!(e.contains("control character"), "{e}");
    // The long table with that actors table: the outline is checked there too.
    let e = relations_table(
        &alone.path().join("points.parquet"),
        Some(&alone.path().join("actors.parquet")),
        &Options::default(),
    )
    .err()
    .map(|e| e.to_string())
    .unwrap_or_default();
    assert!(e.contains("control character"), "{e}");
}

#[test]
fn compact_columns_keep_nulls_and_nans_apart() {
    use super::columns::{Indices, Numbers};
    use super::dictionary::Cells;
    let mut numbers = Numbers::default();
    // A null; the usual NaN; a NaN in the file that happens to carry the null's bits; a number.
    let null_bits = f64::from_bits(0x7ff8_0000_0000_0bad);
    for cell in [None, Some(f64::NAN), Some(null_bits), Some(-0.5)] {
        numbers.push(cell);
    }
    assert_eq!(numbers.get(0), None);
    assert!(numbers.get(1).is_some_and(f64::is_nan));
    assert!(numbers.get(2).is_some_and(f64::is_nan));
    assert_eq!(numbers.get(3), Some(-0.5));
    assert_eq!(numbers.get(4), None);
    let mut indices = Indices::default();
    indices.push(Some(0));
    indices.push(None);
    indices.push(Some(Indices::NULL - 1));
    assert_eq!(
        (0..4).map(|row| indices.get(row)).collect::<Vec<_>>(),
        [Some(0), None, Some(Indices::NULL - 1), None]
    );
}

#[test]
fn a_nan_weight_is_refused_not_read_as_an_end() {
    use crate::export::parquet::{Table, Values};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ties.parquet");
    let bits = [f64::NAN, f64::from_bits(0x7ff8_0000_0000_0bad)];
    for nan in bits {
        let bytes = Table::default()
            .column("from", text(&["A", "A"]))
            .column("to", text(&["B", "B"]))
            .column("date", text(&["2020", "2021"]))
            .column("weight", Values::OptDouble(vec![Some(0.5), Some(nan)]))
            .write()
            .unwrap();
        std::fs::write(&path, bytes).unwrap();
        let e = relations_table(&path, None, &Options::default())
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.contains("row 2") && e.contains("NaN"), "{e}");
    }
}

#[test]
fn a_flag_column_of_one_value_reads_as_the_same_column_cell_by_cell() {
    // `directed` true in every row is known from the statistics; with a false or a null in one
    // row group it is read cell by cell. Either way the graph is the one the CSV gives.
    use crate::export::parquet::{Table, Values};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ties.parquet");
    for directed in [
        [Some(true), Some(true), Some(true)],
        [Some(false), Some(false), Some(false)],
        [Some(true), Some(false), Some(true)],
        [Some(true), None, Some(true)],
    ] {
        let table = || {
            Table::default()
                .column("from", text(&["A", "B", "A"]))
                .column("to", text(&["B", "A", "C"]))
                .column("date", text(&["2020", "2021", "2022"]))
                .column("weight", Values::OptDouble(vec![Some(0.5); 3]))
                .column("directed", Values::OptBool(directed.to_vec()))
        };
        let cell = |d: Option<bool>| d.map_or("", |d| if d { "true" } else { "false" });
        let csv = Input {
            name: "ties.csv".into(),
            text: format!(
                "from,to,date,weight,directed\nA,B,2020,0.5,{}\nB,A,2021,0.5,{}\nA,C,2022,0.5,{}\n",
                cell(directed[0]),
                cell(directed[1]),
                cell(directed[2])
            ),
        };
        let from_csv = csv::relations(&csv, None, &Options::default())
            .unwrap()
            .graph;
        // In one row group and in row groups of one row each.
        for group in [3, 1] {
            std::fs::write(&path, table().write_grouped(group).unwrap()).unwrap();
            let graph = relations_table(&path, None, &Options::default())
                .unwrap()
                .graph;
            assert_eq!(
                graph.relations, from_csv.relations,
                "{directed:?} by {group}"
            );
        }
    }
}

#[test]
fn a_relations_ends_share_their_actors_ids() {
    let graph = round_trip(&crate::load::load_path(Path::new("graphs/us-belarus.yaml")).unwrap());
    let address = |id: &str| id.as_ptr();
    assert!(!graph.relations.is_empty());
    for relation in &graph.relations {
        let (a, b) = relation.ends.pair();
        for end in [a, b] {
            let (key, actor) = graph.actors.get_key_value(end).unwrap();
            assert_eq!(address(end), address(&actor.id), "{end}");
            assert_eq!(address(end), address(key), "{end}");
        }
    }
}

#[test]
fn a_problem_found_in_the_graphs_text_is_said_of_the_row_and_column_it_came_from() {
    // Problems the checks of a graph file find (an unknown id, a post that ends before it
    // starts, a control character) were located in YAML the reader wrote for itself
    // (`graph:636:39`); each is now said of the table, row and column it came from.
    use super::columns::Table;
    let bundled = crate::load::load_path(Path::new("graphs/us-belarus.yaml")).unwrap();
    let date = |s: &str| s.parse::<crate::model::Date>().unwrap();
    type Break = fn(&mut Graph);
    // (what to break, the table, the column, the bad value as the table holds it, the message)
    let cases: [(Break, &str, &str, &str, &str); 10] = [
        (
            |g| g.actors.get_mut("blinken").unwrap().posts[0].of = "BLR2".into(),
            "posts.parquet",
            "of",
            "BLR2",
            "unknown actor `BLR2`",
        ),
        (
            |g| {
                let post = &mut g.actors.get_mut("blinken").unwrap().posts[0];
                post.until = Some("2020-01-01".parse().unwrap());
            },
            "posts.parquet",
            "until",
            "2020-01-01",
            "is not after `from`",
        ),
        (
            |g| {
                // Belarus part of an unknown union (the bundled graph has no memberships).
                g.actors
                    .get_mut("BLR")
                    .unwrap()
                    .part_of
                    .push(crate::model::Membership {
                        of: "NOWHERE".into(),
                        from: Some("2020".parse().unwrap()),
                        until: None,
                        from_certainty: crate::model::Certainty::Exact,
                        until_certainty: crate::model::Certainty::Exact,
                        sources: Vec::new(),
                        note: None,
                    });
            },
            "part_of.parquet",
            "of",
            "NOWHERE",
            "unknown actor `NOWHERE`",
        ),
        (
            |g| g.relations[3].series[1].edit_detail(|d| d.sources = vec!["nosuch".into()]),
            "points.parquet",
            "source",
            "nosuch",
            "unknown source `nosuch`",
        ),
        (
            |g| {
                let (a, _) = g.relations[5].ends.pair();
                g.relations[5].ends = crate::model::Ends::Mutual(a.into(), "XXX".into());
            },
            "points.parquet",
            "to",
            "XXX",
            "unknown actor `XXX`",
        ),
        (
            // The first end as the table writes it (ids sort before this one's), of a tie of
            // the default kind, which the table leaves out.
            |g| {
                let (_, b) = g.relations[7].ends.pair();
                g.relations[7].ends = crate::model::Ends::Mutual("AAAA".into(), b.into());
                g.relations[7].kind = crate::model::DEFAULT_KIND.into();
            },
            "points.parquet",
            "from",
            "AAAA",
            "unknown actor `AAAA`",
        ),
        (
            // A directed tie's unknown source, its kind written out.
            |g| {
                let (_, b) = g.relations[9].ends.pair();
                g.relations[9].ends = crate::model::Ends::Directed {
                    from: "ZZZZ".into(),
                    to: b.into(),
                };
            },
            "points.parquet",
            "from",
            "ZZZZ",
            "unknown actor `ZZZZ`",
        ),
        (
            |g| g.events.values_mut().nth(1).unwrap().actors = vec!["NOPE".into()],
            "events.parquet",
            "actors",
            "NOPE",
            "unknown actor `NOPE`",
        ),
        (
            |g| g.actors.get_mut("USA").unwrap().name = "bell \u{7}".into(),
            "actors.parquet",
            "name",
            "bell \u{7}",
            "control character",
        ),
        (
            |g| {
                let event = g.events.values_mut().nth(4).unwrap();
                event.sources.push("nosrc".into());
            },
            "events.parquet",
            "sources",
            "nosrc",
            "unknown source `nosrc`",
        ),
    ];
    for (bad, table, column, value, message) in cases {
        let mut graph = bundled.clone();
        bad(&mut graph);
        let dir = tempfile::tempdir().unwrap();
        let mut written = std::collections::BTreeMap::new();
        for (name, bytes) in crate::export::parquet::graph(&graph).unwrap() {
            std::fs::write(dir.path().join(name), &bytes).unwrap();
            written.insert(name.to_string(), bytes);
        }
        // The row holding the bad value, found in the table as written.
        let t = Table::open(table, written[table].clone()).unwrap();
        let row = match t.lists(column).ok().flatten() {
            Some(lists) => lists.iter().position(|l| l.iter().any(|n| n == value)),
            None if column == "until" => t
                .dates(column)
                .unwrap()
                .unwrap()
                .iter()
                .position(|d| *d == Some(date(value))),
            None => t
                .texts(column)
                .unwrap()
                .unwrap()
                .iter()
                .position(|c| c.as_deref() == Some(value)),
        }
        .unwrap_or_else(|| panic!("{table} holds {value:?} in `{column}`"));
        let e = match read_graph_dir(dir.path(), &FileSystem) {
            Err(e) => e.to_string(),
            Ok(_) => panic!("{table} `{column}` {value:?} was not refused"),
        };
        let said = format!("{table}, row {}, column `{column}`: ", row + 1);
        assert!(
            e.contains(&said) && e.contains(message),
            "{said}{message}: {e}"
        );
        assert!(!e.contains("graph:"), "{e}");
        // The help speaks of the tables, not of a file's sections.
        assert!(!e.contains("declare it under"), "{e}");
    }
}
