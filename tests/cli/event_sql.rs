//! docs/event-data.md's SQL, run with DuckDB on the GDELT fixture, gives the ties that
//! `detente import events` gives. Skipped where python3 lacks duckdb, except in CI (`.ci/run`
//! installs it).

use std::process::Command;

use crate::support::{detente, fixture, repo};

/// The ties of `show --format json` on `date`: (from, to, weight).
fn ties(file: &std::path::Path, date: &str) -> Vec<(String, String, f64)> {
    let out = detente(["show", "--format", "json", "--at", date])
        .arg(file)
        .run();
    out.ok();
    let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    json["ties"]
        .as_array()
        .expect("ties")
        .iter()
        .map(|t| {
            (
                t["from"].as_str().unwrap_or_default().to_string(),
                t["to"].as_str().unwrap_or_default().to_string(),
                t["weight"].as_f64().unwrap_or(f64::NAN),
            )
        })
        .collect()
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

/// Runs the `n`th SQL block of docs/event-data.md (from 1) with DuckDB on the GDELT fixture,
/// and imports the table it writes; the graph's path.
fn sql_graph(n: usize, dir: &std::path::Path) -> std::path::PathBuf {
    let doc = std::fs::read_to_string(repo("docs/event-data.md")).expect("the doc");
    let sql = doc
        .split("```sql\n")
        .nth(n)
        .and_then(|rest| rest.split("```").next())
        .expect("docs/event-data.md has the SQL block");
    let table = dir.join("ties.csv");
    let sql = sql
        .replace(
            "'*.export.CSV'",
            &format!("'{}'", fixture("import/gdelt-small.tsv").display()),
        )
        .replace("'ties.csv'", &format!("'{}'", table.display()));
    let script = "import sys, duckdb\ncon = duckdb.connect()\n\
                  for s in sys.stdin.read().split(';'):\n    \
                  if s.strip():\n        con.execute(s)\n";
    let mut child = Command::new("python3")
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .spawn()
        .expect("python3 runs");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("stdin");
        stdin.write_all(sql.as_bytes()).expect("the SQL is sent");
    }
    assert!(child.wait().expect("python3 ends").success());
    let from_sql = dir.join("sql.yaml");
    detente(["import", "csv"])
        .arg(&table)
        .arg("-o")
        .arg(&from_sql)
        .run()
        .ok();
    from_sql
}

/// `import events` of the GDELT fixture with `options`; the graph's path.
fn events_graph(options: &[&str], dir: &std::path::Path) -> std::path::PathBuf {
    let from_events = dir.join("events.yaml");
    detente(["import", "events", "--format", "gdelt"])
        .args(options)
        .arg(fixture("import/gdelt-small.tsv"))
        .arg("-o")
        .arg(&from_events)
        .run()
        .ok();
    from_events
}

fn same_ties(a: &std::path::Path, b: &std::path::Path, dates: &[&str]) {
    for date in dates {
        let (a, b) = (ties(a, date), ties(b, date));
        assert_eq!(a.len(), b.len(), "{date}");
        assert!(!a.is_empty());
        for (x, y) in a.iter().zip(&b) {
            assert_eq!((&x.0, &x.1), (&y.0, &y.1), "{date}");
            assert!((x.2 - y.2).abs() < 1e-12, "{date}: {x:?} {y:?}");
        }
    }
}

#[test]
fn the_documented_sql_gives_the_ties_of_import_events() {
    if !has_duckdb() {
        return;
    }
    let dir = tempfile::tempdir().expect("a temporary directory");
    let (sql, events) = (sql_graph(1, dir.path()), events_graph(&[], dir.path()));
    same_ties(&sql, &events, &["2024-01", "2024-02", "2024-03"]);
}

#[test]
fn the_documented_sql_with_options_gives_the_ties_of_import_events_with_them() {
    if !has_duckdb() {
        return;
    }
    let dir = tempfile::tempdir().expect("a temporary directory");
    let sql = sql_graph(2, dir.path());
    let options = [
        "--period",
        "quarter",
        "--weight-by",
        "mentions",
        "--min-events",
        "2",
        "--directed",
    ];
    let events = events_graph(&options, dir.path());
    same_ties(&sql, &events, &["2024-01", "2024-02", "2024-04"]);
    // The counts travel too, in the long table's `count` column.
    assert_eq!(
        std::fs::read_to_string(&sql)
            .unwrap()
            .matches("count: 3")
            .count(),
        2
    );
}
