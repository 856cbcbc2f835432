//! The columnar graph (`export --format parquet`, `G.parquet/`): every command reads it as it
//! reads the graph file it was written from, `import parquet` writes that file back, DuckDB reads
//! its tables, an existing directory is only ever replaced when it is a columnar graph, and a
//! broken table is a clear error.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{detente, repo};

/// `file` exported as a columnar graph into `dir`.
fn export(file: &Path, dir: &Path) -> PathBuf {
    let out = dir.join("g.parquet");
    detente(["export"]).arg(file).arg("-o").arg(&out).run().ok();
    out
}

/// `show --format json` at `date`, without the list of inputs read (which names the files).
fn shown(file: &Path, date: &str) -> serde_json::Value {
    let out = detente(["show", "--format", "json", "--sources", "--at", date])
        .arg(file)
        .run();
    out.ok();
    let mut json: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    json.as_object_mut()
        .expect("an object")
        .remove("input_files");
    json
}

fn textconv(file: &Path) -> String {
    let out = detente(["textconv"]).arg(file).run();
    out.ok();
    out.stdout.clone()
}

#[test]
fn every_command_reads_the_columnar_graph_as_the_file_it_came_from() {
    let dir = tempfile::tempdir().unwrap();
    let generated = dir.path().join("generated.yaml");
    detente([
        "generate",
        "--actors",
        "40",
        "--relations",
        "120",
        "--seed",
        "7",
        "-o",
    ])
    .arg(&generated)
    .run()
    .ok();
    for file in [
        repo("graphs/us-belarus.yaml"),
        repo("examples/jcpoa.yaml"),
        generated,
    ] {
        let sub = tempfile::tempdir_in(dir.path()).unwrap();
        let columnar = export(&file, sub.path());
        for date in ["2015-07", "2019-06", "2020-03", "2022-05", "2025-12"] {
            assert_eq!(
                shown(&columnar, date),
                shown(&file, date),
                "{file:?} {date}"
            );
        }
        let back = sub.path().join("back.yaml");
        detente(["import", "parquet"])
            .arg(&columnar)
            .arg("-o")
            .arg(&back)
            .run()
            .ok();
        assert_eq!(textconv(&back), textconv(&file), "{file:?}");
        assert_eq!(textconv(&columnar), textconv(&file), "{file:?}");
        detente(["check"]).arg(&columnar).run().ok();
    }
    let columnar = export(&repo("graphs/us-belarus.yaml"), dir.path());
    let out = detente(["analyze", "--at", "2020-03"]).arg(&columnar).run();
    out.ok();
    let original = detente(["analyze", "--at", "2020-03"])
        .arg(repo("graphs/us-belarus.yaml"))
        .run();
    assert_eq!(out.stdout, original.stdout);
}

#[test]
fn import_csv_writes_a_columnar_graph_for_a_parquet_name() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("t.csv"),
        "from,to,kind,date,weight,count,range_low,range_high\n\
         USA,BLR,diplomatic,2019,-0.2,12,-0.5,0\n",
    )
    .unwrap();
    detente(["import", "csv", "t.csv", "-o", "t.parquet"])
        .in_dir(dir.path())
        .run()
        .ok();
    detente(["textconv", "t.parquet"])
        .in_dir(dir.path())
        .run()
        .ok()
        .stdout_has("count 12")
        .stdout_has("range -0.5 .. +0");
}

#[test]
fn a_directory_of_tables_without_actors_parquet_is_named_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let columnar = export(&repo("graphs/us-belarus.yaml"), dir.path());
    std::fs::remove_file(columnar.join("actors.parquet")).unwrap();
    for command in [&["check"][..], &["show", "--at", "2020"]] {
        let out = detente(command).arg(&columnar).run();
        out.code(2);
        assert!(
            out.stderr.contains("a columnar graph needs actors.parquet and points.parquet; this directory has no actors.parquet"),
            "{command:?}: {}",
            out.stderr
        );
    }
    // A directory of anything else is only said to be a directory.
    let other = tempfile::tempdir().unwrap();
    std::fs::write(other.path().join("notes.txt"), "not a table").unwrap();
    let out = detente(["check"]).arg(other.path()).run();
    out.code(2);
    assert!(!out.stderr.contains("actors.parquet"), "{}", out.stderr);
}

#[test]
fn an_existing_directory_is_replaced_only_when_it_is_a_columnar_graph() {
    let dir = tempfile::tempdir().unwrap();
    let graph = repo("graphs/us-belarus.yaml");
    std::fs::create_dir(dir.path().join("photos.parquet")).unwrap();
    std::fs::write(dir.path().join("photos.parquet/cat.jpg"), "meow").unwrap();
    detente(["export"])
        .arg(&graph)
        .args(["-o", "photos.parquet"])
        .in_dir(dir.path())
        .run()
        .code(2)
        .stderr_is(
            "error: cannot write `photos.parquet`: it exists and is not a columnar graph (a \
             directory of detente's .parquet tables); remove it or choose another name\n",
        );
    assert!(dir.path().join("photos.parquet/cat.jpg").exists());
    // Written twice: the second replaces the first, and nothing is left beside it.
    for _ in 0..2 {
        detente(["export"])
            .arg(&graph)
            .args(["-o", "g.parquet"])
            .in_dir(dir.path())
            .run()
            .ok();
    }
    let mut left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["g.parquet", "photos.parquet"]);
    detente(["export"])
        .arg(&graph)
        .args(["--format", "parquet"])
        .run()
        .code(2)
        .stderr_is(
            "error: a columnar graph is a directory of Parquet tables and cannot go to stdout; \
             give `-o NAME.parquet`\n",
        );
}

/// A columnar graph of the bundled graph in a temporary directory, with `table` replaced by
/// `bytes`.
fn broken(table: &str, bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let columnar = export(&repo("graphs/us-belarus.yaml"), dir.path());
    std::fs::write(columnar.join(table), bytes).unwrap();
    (dir, columnar)
}

/// The bytes of a table written by DuckDB from `sql`, or `None` without duckdb.
fn duckdb_table(sql: &str, out: &Path) -> Option<()> {
    let script = format!(
        "import duckdb\nduckdb.sql(\"\"\"COPY ({sql}) TO '{}' (FORMAT parquet)\"\"\")\n",
        out.display()
    );
    let done = Command::new("python3")
        .args(["-c", &script])
        .output()
        .ok()?;
    done.status.success().then_some(())
}

fn has_duckdb() -> bool {
    let has = Command::new("python3")
        .args(["-c", "import duckdb"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI installs duckdb (.ci/run); python3 cannot import it"
        );
        eprintln!("skipped: python3 has no duckdb");
    }
    has
}

#[test]
fn a_broken_table_is_a_clear_error_never_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let whole =
        std::fs::read(export(&repo("graphs/us-belarus.yaml"), dir.path()).join("points.parquet"))
            .unwrap();
    let (_d, truncated) = broken("points.parquet", &whole[..whole.len() / 2]);
    detente(["check"])
        .arg(&truncated)
        .run()
        .code(2)
        .stderr_has("points.parquet: not a readable Parquet file");
    let (_d, junk) = broken("actors.parquet", b"id,name\nA,B\n");
    detente(["show", "--at", "2020"])
        .arg(&junk)
        .run()
        .code(2)
        .stderr_has("actors.parquet: not a readable Parquet file");
    // Every cut of a table is refused cleanly, wherever it falls.
    for cut in (0..whole.len()).step_by(97) {
        let (_d, cut_short) = broken("points.parquet", &whole[..cut]);
        let out = detente(["check"]).arg(&cut_short).run();
        out.code(2);
        assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    }
    let (_d, no_points) = broken("points.parquet", b"");
    std::fs::remove_file(no_points.join("points.parquet")).unwrap();
    detente(["check"])
        .arg(&no_points)
        .run()
        .code(2)
        .stderr_has("points.parquet: a columnar graph needs this table");
}

#[test]
fn a_wrong_column_type_or_a_missing_column_is_named() {
    if !has_duckdb() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join("t.parquet");
    duckdb_table(
        "SELECT 'USA' AS \"from\", 'BLR' AS \"to\", '2019' AS date, 'high' AS weight",
        &table,
    )
    .expect("duckdb writes");
    detente(["import", "parquet", "t.parquet"])
        .in_dir(dir.path())
        .run()
        .code(2)
        .stderr_is(
            "error: t.parquet: column `weight` holds BYTE_ARRAY; expected a number (DOUBLE)\n  \
             help: docs/format.md gives each column's type\n",
        );
    duckdb_table(
        "SELECT 'USA' AS \"from\", 'BLR' AS \"too\", '2019' AS date, 0.5 AS weight",
        &table,
    )
    .expect("duckdb writes");
    detente(["import", "parquet", "t.parquet"])
        .in_dir(dir.path())
        .run()
        .code(2)
        .stderr_is(
            "error: t.parquet: the table has no `to` column\n  \
             help: did you mean `too`? the columns are from, too, date, weight\n",
        );
    duckdb_table(
        "SELECT * FROM (VALUES ('USA', 'BLR', DATE '2019-01-01', 0.5), ('USA', 'BLR', DATE '2020-01-01', 1.5)) t(\"from\", \"to\", date, weight)",
        &table,
    )
    .expect("duckdb writes");
    detente(["import", "parquet", "t.parquet"])
        .in_dir(dir.path())
        .run()
        .code(2)
        .stderr_is(
            "error: t.parquet: row 2, column `weight`: weight 1.5 is outside the scale [-1, 1]\n",
        );
}

#[test]
fn duckdb_reads_the_tables_and_writes_a_long_table_detente_reads() {
    if !has_duckdb() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let columnar = export(&repo("graphs/us-belarus.yaml"), dir.path());
    let script = "import duckdb\n\
        print(duckdb.sql(\"select count(*), round(sum(weight), 6), count(distinct \\\"from\\\" || \\\"to\\\" || kind) from 'g.parquet/points.parquet'\").fetchall()[0])\n\
        print(duckdb.sql(\"select count(*) from 'g.parquet/actors.parquet' where len(aliases) > 0\").fetchall()[0])\n\
        print(duckdb.sql(\"select count(*) from 'g.parquet/posts.parquet' p join 'g.parquet/actors.parquet' a on p.actor = a.id\").fetchall()[0])\n";
    let out = Command::new("python3")
        .args(["-c", script])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let first: Vec<&str> = stdout
        .lines()
        .next()
        .unwrap()
        .trim_matches(['(', ')'])
        .split(", ")
        .collect();
    detente(["check"])
        .arg(&columnar)
        .run()
        .ok()
        .stdout_has(&format!("{} relations, {} points", first[2], first[0]));
    // Six actors have aliases, and every post's holder is an actor.
    assert_eq!(stdout.lines().nth(1), Some("(6,)"), "{stdout}");
    assert_eq!(stdout.lines().nth(2), Some("(18,)"), "{stdout}");
    // A table DuckDB writes (dates as DATE, the sources as one `;`-separated string) is read.
    let table = dir.path().join("long.parquet");
    duckdb_table(
        "SELECT * FROM (VALUES ('USA', 'BLR', 'diplomatic', DATE '2019-01-01', -0.2, 'a;b', 3::BIGINT), \
         ('BLR', 'USA', 'diplomatic', DATE '2020-02-01', 0.3, NULL, NULL)) t(\"from\", \"to\", kind, date, weight, source, count)",
        &table,
    )
    .expect("duckdb writes");
    detente(["import", "parquet", "long.parquet"])
        .in_dir(dir.path())
        .run()
        .ok()
        .stdout_has(
            "- between: [USA, BLR]\n  kind: diplomatic\n  series:\n  \
             - {date: \"2019-01-01\", weight: -0.2, count: 3, sources: [a, b]}\n  \
             - {date: \"2020-02-01\", weight: 0.3}\n",
        );
}

/// A copy of the columnar graph `columnar` in `dir`, its points table written again by DuckDB
/// compressed with `codec`; checks that the file says so.
fn recompressed(columnar: &Path, dir: &Path, codec: &str) -> PathBuf {
    let copy = dir.join(format!("{codec}.parquet"));
    std::fs::create_dir(&copy).unwrap();
    for entry in std::fs::read_dir(columnar).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), copy.join(entry.file_name())).unwrap();
    }
    let (from, to) = (columnar.join("points.parquet"), copy.join("points.parquet"));
    let script = format!(
        "import duckdb\n\
         duckdb.sql(\"\"\"COPY (SELECT * FROM '{from}') TO '{to}' (FORMAT parquet, COMPRESSION {codec})\"\"\")\n\
         print(duckdb.sql(\"\"\"SELECT DISTINCT compression FROM parquet_metadata('{to}')\"\"\").fetchall())\n",
        from = from.display(),
        to = to.display(),
    );
    let out = Command::new("python3")
        .args(["-c", &script])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout).to_uppercase();
    assert!(
        out.status.success() && said.contains(&codec.to_uppercase()),
        "{codec}: {said} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    copy
}

#[test]
fn tables_compressed_with_every_common_codec_read_alike_and_brotli_is_named() {
    if !has_duckdb() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = repo("graphs/us-belarus.yaml");
    let columnar = export(&file, dir.path());
    let expected = shown(&file, "2025-12-15");
    // polars writes Zstandard by default, and DuckDB users often ask for it; gzip and LZ4 are
    // the other codecs a reader is expected to know.
    for codec in ["zstd", "gzip", "lz4_raw", "uncompressed"] {
        let copy = recompressed(&columnar, dir.path(), codec);
        assert_eq!(shown(&copy, "2025-12-15"), expected, "{codec}");
    }
    let brotli = recompressed(&columnar, dir.path(), "brotli");
    detente(["check"]).arg(&brotli).run().code(2).stderr_has(
        "points.parquet: column `from` is compressed with Brotli, which detente does not \
             read\n  help: write the table uncompressed or with Snappy, Zstandard, LZ4 or gzip",
    );
}

#[test]
fn a_bad_name_among_plain_actors_is_refused_as_the_file_would_refuse_it() {
    if !has_duckdb() {
        return;
    }
    // Plain actors (a name, a kind, attributes) are checked in place rather than read back
    // as text; a name the file format refuses is refused the same way.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("g.yaml");
    std::fs::write(
        &file,
        "detente: 1\nactors:\n  A: {name: Alpha, kind: state, attributes: {iso: AAA}}\n  \
         B: {name: Beta, kind: state}\nrelations:\n  \
         - {between: [A, B], series: [{date: 2020, weight: 0.5}]}\n",
    )
    .unwrap();
    let columnar = export(&file, dir.path());
    detente(["check"]).arg(&columnar).run().ok();
    let actors = columnar.join("actors.parquet");
    let rewritten = dir.path().join("actors.parquet");
    duckdb_table(
        &format!(
            "SELECT * REPLACE (CASE WHEN id = 'A' THEN 'Al' || chr(27) || 'pha' ELSE name END \
             AS name) FROM '{}'",
            actors.display()
        ),
        &rewritten,
    )
    .expect("duckdb writes");
    std::fs::copy(&rewritten, &actors).unwrap();
    detente(["check"])
        .arg(&columnar)
        .run()
        .code(2)
        .stderr_has("the name of actor `A` holds the control character \\u{1b}");
}

#[test]
fn a_scenario_on_a_columnar_base_gives_what_it_gives_on_the_file_exported() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = dir.path().join("g.yaml");
    std::fs::copy(repo("graphs/us-belarus.yaml"), &yaml).unwrap();
    let columnar = export(&yaml, dir.path());
    // The scenarios live in a directory of their own: `base:` is relative to it.
    let sub = dir.path().join("what-if");
    std::fs::create_dir(&sub).unwrap();
    let mut scenarios = Vec::new();
    for (name, base) in [("on-yaml.yaml", &yaml), ("on-parquet.yaml", &columnar)] {
        let file = sub.join(name);
        detente(["scenario", "new"])
            .arg(&file)
            .arg("--base")
            .arg(base)
            .args(["--title", "Embassy reopens"])
            .run()
            .ok();
        detente(["scenario", "add"])
            .arg(&file)
            .args([
                "set",
                "--between",
                "USA",
                "BLR",
                "--kind",
                "diplomatic",
                "--date",
                "2025-09",
                "--weight",
                "-0.2",
            ])
            .run()
            .ok()
            .stdout_has("added edit 1: set USA -- BLR (diplomatic) from 2025-09");
        scenarios.push(file);
    }
    let text = std::fs::read_to_string(&scenarios[1]).unwrap();
    assert!(text.contains("base: ../g.parquet\n"), "{text}");
    for date in ["2020-03", "2025-12"] {
        assert_eq!(
            shown(&scenarios[1], date),
            shown(&scenarios[0], date),
            "{date}"
        );
    }
    // Every table read is an input, with its sha256, after the scenario itself.
    let out = detente(["scenario", "list", "--format", "json"])
        .arg(&scenarios[1])
        .run();
    out.ok();
    let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    let inputs = json["input_files"].as_array().expect("input files");
    let names: Vec<&str> = inputs.iter().map(|i| i["name"].as_str().unwrap()).collect();
    assert!(names[0].ends_with("on-parquet.yaml"), "{names:?}");
    assert!(
        names[1..]
            .iter()
            .all(|n| n.contains("g.parquet/") && n.ends_with(".parquet")),
        "{names:?}"
    );
    assert!(
        names
            .iter()
            .any(|n| n.ends_with("g.parquet/points.parquet")),
        "{names:?}"
    );
    for input in inputs {
        assert_eq!(input["sha256"].as_str().unwrap().len(), 64, "{input}");
    }
    // Applied, both give the same graph file.
    let applied: Vec<String> = scenarios
        .iter()
        .map(|s| {
            let out = detente(["scenario", "apply"]).arg(s).run();
            out.ok();
            out.stdout.clone()
        })
        .collect();
    assert_eq!(applied[0], applied[1]);
    // The scenario's result never replaces its own base.
    detente(["export"])
        .arg(&scenarios[1])
        .arg("-o")
        .arg(&columnar)
        .run()
        .code(2)
        .stderr_has("it is an input of this command");
}

/// The entries of `dir` whose names start with `.detente-`: temporary files and directories.
fn temporaries(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".detente-"))
        .collect()
}

/// Each file of the directory `dir` with its bytes, by name.
fn contents(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

#[cfg(unix)]
#[test]
fn an_interrupted_export_leaves_no_partial_directory_and_the_old_one_whole() {
    use std::os::unix::process::ExitStatusExt;
    let dir = tempfile::tempdir().unwrap();
    // 100,000 points between 1,000 actors: large enough that the tables take a while to encode
    // (the directory they go into exists all that time), read fast from a columnar graph.
    let mut csv = String::from("from,to,kind,date,weight\n");
    for tie in 0..20_000u32 {
        let (a, b) = (tie % 1000, (tie % 1000 + tie / 1000 + 1) % 1000);
        for year in 0..5 {
            let weight = f64::from((tie * 7 + year) % 200) / 100.0 - 1.0;
            csv.push_str(&format!("A{a},A{b},k,{},{weight}\n", 2000 + year));
        }
    }
    std::fs::write(dir.path().join("ties.csv"), csv).unwrap();
    let source = dir.path().join("source.parquet");
    detente(["import", "csv", "--directed"])
        .arg(dir.path().join("ties.csv"))
        .arg("-o")
        .arg(&source)
        .run()
        .ok();
    // The graph the interrupted exports would replace: a small one, so a mix-up shows.
    let old = export(&repo("graphs/us-belarus.yaml"), dir.path());
    let before = contents(&old);
    for signal in [rustix::process::Signal::TERM, rustix::process::Signal::INT] {
        let mut caught = false;
        for _attempt in 0..3 {
            let mut child = Command::new(env!("CARGO_BIN_EXE_detente"))
                .arg("export")
                .arg(&source)
                .arg("-o")
                .arg(&old)
                .stdin(std::process::Stdio::null())
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap();
            // Wait for the temporary directory to appear, then interrupt the write.
            while child.try_wait().unwrap().is_none() && temporaries(dir.path()).is_empty() {
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
            if child.try_wait().unwrap().is_some() {
                // It finished before it was seen: put the old graph back and try again.
                std::fs::remove_dir_all(&old).unwrap();
                export(&repo("graphs/us-belarus.yaml"), dir.path());
                continue;
            }
            let pid = rustix::process::Pid::from_raw(child.id() as i32).unwrap();
            rustix::process::kill_process(pid, signal).unwrap();
            let status = child.wait().unwrap();
            assert_eq!(status.signal(), Some(signal.as_raw()), "{status:?}");
            assert_eq!(temporaries(dir.path()), Vec::<String>::new());
            assert_eq!(contents(&old), before, "the old graph is whole");
            caught = true;
            break;
        }
        assert!(caught, "the export was never interrupted while writing");
    }
    // Uninterrupted, it replaces the old graph and leaves nothing beside it.
    detente(["export"])
        .arg(&source)
        .arg("-o")
        .arg(&old)
        .run()
        .ok();
    assert_eq!(temporaries(dir.path()), Vec::<String>::new());
    assert_eq!(shown(&old, "2003"), shown(&source, "2003"));
}

#[test]
fn tables_written_by_duckdb_are_checked_row_by_row_and_an_itemless_list_column_reads_as_empty() {
    if !has_duckdb() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let g = export(&repo("graphs/us-belarus.yaml"), dir.path());
    let posts = g.join("posts.parquet");
    let original = std::fs::read(&posts).unwrap();
    let edited = dir.path().join("edited.parquet");
    let replace = |table: &Path, select: &str| {
        let sql = format!("SELECT {select} FROM '{}'", table.display());
        duckdb_table(&sql, &edited).expect("duckdb writes");
        std::fs::rename(&edited, table).unwrap();
    };
    // A post of Blinken's in an unknown state: said of its table, row and column (before, of a
    // line of YAML the reader wrote for itself: `graph:636:39`).
    replace(
        &posts,
        "* REPLACE (CASE WHEN actor = 'blinken' THEN 'BLR2' ELSE \"of\" END AS \"of\")",
    );
    let row = Command::new("python3")
        .args(["-c", "import duckdb, sys; print(duckdb.sql(f\"SELECT n FROM (SELECT row_number() OVER () AS n, actor FROM '{sys.argv[1]}') WHERE actor = 'blinken'\").fetchall()[0][0])"])
        .arg(&posts)
        .output()
        .unwrap();
    let row = String::from_utf8(row.stdout).unwrap().trim().to_string();
    detente(["check"])
        .arg(&g)
        .run()
        .code(2)
        .stderr_has(&format!(
            "g.parquet: posts.parquet, row {row}, column `of`: unknown actor `BLR2`"
        ))
        .stderr_has("help: did you mean `BLR` (Belarus)?");
    std::fs::write(&posts, original).unwrap();
    // A mutual tie's rows after its first with their ends the other way round (a table may name
    // them in either order), and an unknown source on its last row: said of that row.
    let points = g.join("points.parquet");
    let original_points = std::fs::read(&points).unwrap();
    let tie = "\"from\" IN ('USA', 'BLR') AND \"to\" IN ('USA', 'BLR') AND kind = 'diplomatic'";
    let sql = format!(
        "SELECT * EXCLUDE (n, lo, hi) REPLACE (\
           CASE WHEN {tie} AND n > lo THEN \"to\" ELSE \"from\" END AS \"from\", \
           CASE WHEN {tie} AND n > lo THEN \"from\" ELSE \"to\" END AS \"to\", \
           CASE WHEN n = hi THEN ['nosuch'] ELSE source END AS source) \
         FROM (SELECT *, min(n) FILTER (WHERE {tie}) OVER () AS lo, \
                         max(n) FILTER (WHERE {tie}) OVER () AS hi \
               FROM (SELECT *, row_number() OVER () AS n FROM '{}')) ORDER BY n",
        points.display()
    );
    duckdb_table(&sql, &edited).expect("duckdb writes");
    std::fs::rename(&edited, &points).unwrap();
    let rows = Command::new("python3")
        .args(["-c", "import duckdb, sys; print(duckdb.sql(f\"SELECT n, \\\"from\\\" FROM (SELECT row_number() OVER () AS n, * FROM '{sys.argv[1]}') WHERE list_contains(source, 'nosuch')\").fetchall())"])
        .arg(&points)
        .output()
        .unwrap();
    let rows = String::from_utf8(rows.stdout).unwrap();
    // One row, naming the tie's ends the other way round from its first row (which names them
    // as the graph file does: `between: [USA, BLR]`).
    let (row, from) = rows
        .trim()
        .strip_prefix("[(")
        .and_then(|r| r.strip_suffix(")]"))
        .and_then(|r| r.split_once(", "))
        .unwrap_or_else(|| panic!("one row with the unknown source: {rows}"));
    assert_eq!(from, "'BLR'", "{rows}");
    detente(["check"])
        .arg(&g)
        .run()
        .code(2)
        .stderr_has(&format!(
            "g.parquet: points.parquet, row {row}, column `source`: unknown source `nosuch`"
        ));
    std::fs::write(&points, original_points).unwrap();
    // Every post's sources emptied: DuckDB (like pandas) writes a list column without an item
    // with INT32 items. It reads as empty lists.
    replace(&posts, "* REPLACE ([]::INTEGER[] AS sources)");
    detente(["check"])
        .arg(&g)
        .run()
        .ok()
        .stdout_has("ok (23 actors");
    let out = detente(["show", "--format", "json", "--at", "2022"])
        .arg(&g)
        .run();
    out.ok();
    assert!(out.stdout.contains("\"posts\"") && !out.stdout.contains("wbrz-2021-01-26"));
    // One item in such a column is of the wrong type, and said so.
    replace(
        &posts,
        "* REPLACE (CASE WHEN actor = 'blinken' THEN [7] ELSE []::INTEGER[] END AS sources)",
    );
    detente(["check"])
        .arg(&g)
        .run()
        .code(2)
        .stderr_has("column `sources` holds INT32; expected a list of text");
}
