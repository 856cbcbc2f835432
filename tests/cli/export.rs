//! `detente export`: CSV that `import csv` reads back to the same graph, GraphML of a snapshot
//! with `show`'s weights, and dynamic GEXF, both read by NetworkX.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{detente, fixture, repo};

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary directory")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).expect("the output exists")
}

/// Graphs with every field the tables carry, and hostile strings in them.
fn graphs() -> Vec<PathBuf> {
    vec![
        repo("graphs/us-belarus.yaml"),
        fixture("render-hostile.yaml"),
        fixture("sources-hostile.yaml"),
        fixture("numbers.yaml"),
    ]
}

#[test]
fn csv_export_then_import_gives_the_same_tables_back() {
    for graph in graphs() {
        let dir = tempdir();
        let (ties, actors, back) = (
            dir.path().join("t.csv"),
            dir.path().join("a.csv"),
            dir.path().join("back.yaml"),
        );
        detente(["export"])
            .arg(&graph)
            .arg("-o")
            .arg(&ties)
            .arg("--actors-output")
            .arg(&actors)
            .run()
            .ok();
        detente(["import", "csv"])
            .arg(&ties)
            .arg("--actors")
            .arg(&actors)
            .arg("-o")
            .arg(&back)
            .run()
            .ok()
            .stderr_is("");
        let again = dir.path().join("again.csv");
        detente(["export"])
            .arg(&back)
            .arg("-o")
            .arg(&again)
            .run()
            .ok();
        assert_eq!(read(&ties), read(&again), "{}", graph.display());
        // The weights on every date are the original graph's.
        for at in ["2019-06", "2020-03", "2025-05"] {
            let show = |file: &Path| {
                let out = detente(["show", "--format", "json", "--at", at])
                    .arg(file)
                    .run();
                out.ok();
                let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
                json["ties"].clone()
            };
            assert_eq!(show(&graph), show(&back), "{} at {at}", graph.display());
        }
    }
}

#[test]
fn graphml_is_the_snapshot_that_show_gives() {
    let graph = repo("graphs/us-belarus.yaml");
    let out = detente(["export", "--format", "graphml", "--at", "2020-03"])
        .arg(&graph)
        .run();
    out.ok();
    let doc = roxmltree::Document::parse(&out.stdout).expect("well-formed XML");
    let show = detente(["show", "--format", "json", "--at", "2020-03"])
        .arg(&graph)
        .run();
    let json: serde_json::Value = serde_json::from_str(&show.stdout).expect("JSON");
    let nodes: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("node"))
        .filter_map(|n| n.attribute("id"))
        .collect();
    let actors: Vec<&str> = json["actors"]
        .as_array()
        .expect("actors")
        .iter()
        .filter_map(|a| a["id"].as_str())
        .collect();
    assert_eq!(nodes, actors);
    let data = |edge: roxmltree::Node, key: &str| {
        edge.children()
            .find(|c| c.attribute("key") == Some(key))
            .and_then(|c| c.text())
            .map(str::to_string)
    };
    let edges: Vec<(String, String, String, f64, bool)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("edge"))
        .map(|e| {
            (
                e.attribute("source").unwrap_or_default().to_string(),
                e.attribute("target").unwrap_or_default().to_string(),
                data(e, "relation").unwrap_or_default(),
                data(e, "weight")
                    .and_then(|w| w.parse().ok())
                    .unwrap_or(f64::NAN),
                data(e, "directed").as_deref() == Some("true"),
            )
        })
        .collect();
    let ties: Vec<(String, String, String, f64, bool)> = json["ties"]
        .as_array()
        .expect("ties")
        .iter()
        .map(|t| {
            let s = |k: &str| t[k].as_str().unwrap_or_default().to_string();
            (
                s("from"),
                s("to"),
                s("kind"),
                t["weight"].as_f64().unwrap_or(f64::NAN),
                t["directed"].as_bool().unwrap_or(false),
            )
        })
        .collect();
    assert!(!edges.is_empty());
    assert_eq!(edges.len(), ties.len());
    for (e, t) in edges.iter().zip(&ties) {
        assert_eq!((&e.0, &e.1, &e.2, e.4), (&t.0, &t.1, &t.2, t.4));
        assert!((e.3 - t.3).abs() < 1e-12, "{e:?} {t:?}");
    }
    // Mutual and directed ties mix here: the graph is undirected, direction kept per edge.
    let graph_element = doc
        .descendants()
        .find(|n| n.has_tag_name("graph"))
        .expect("graph");
    assert_eq!(graph_element.attribute("edgedefault"), Some("undirected"));
}

#[test]
fn gexf_is_dynamic_with_spells_and_weights_over_time() {
    let out = detente(["export", "--format", "gexf"])
        .arg(repo("graphs/us-belarus.yaml"))
        .run();
    out.ok();
    let doc = roxmltree::Document::parse(&out.stdout).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().namespace(), Some("http://gexf.net/1.3"));
    assert_eq!(root.attribute("version"), Some("1.3"));
    let graph = root
        .children()
        .find(|n| n.has_tag_name("graph"))
        .expect("graph");
    assert_eq!(graph.attribute("mode"), Some("dynamic"));
    assert_eq!(graph.attribute("timeformat"), Some("date"));
    // The US–Belarus diplomatic tie: its weights over time, each until the next point.
    let edge = graph
        .descendants()
        .find(|n| {
            n.has_tag_name("edge")
                && n.attribute("source") == Some("USA")
                && n.attribute("target") == Some("BLR")
                && n.attribute("label") == Some("diplomatic")
        })
        .expect("the diplomatic tie");
    let weights: Vec<(&str, &str, Option<&str>)> = edge
        .descendants()
        .filter(|n| n.has_tag_name("attvalue") && n.attribute("for") == Some("weight"))
        .map(|n| {
            (
                n.attribute("value").unwrap_or_default(),
                n.attribute("start").unwrap_or_default(),
                n.attribute("end"),
            )
        })
        .collect();
    assert_eq!(weights[0], ("-0.2", "2019-01-01", Some("2019-09-16")));
    assert_eq!(weights[1], ("-0.1", "2019-09-17", Some("2020-01-31")));
    assert_eq!(weights[2], ("0.3", "2020-02-01", weights[2].2));
    assert!(weights.last().expect("weights").2.is_none());
    let spells = edge
        .descendants()
        .filter(|n| n.has_tag_name("spell"))
        .count();
    assert_eq!(spells, 1);
}

#[test]
fn hostile_strings_stay_well_formed_xml() {
    for graph in graphs() {
        for (format, at) in [("gexf", None), ("graphml", Some("2025-05"))] {
            let mut run = detente(["export", "--format", format]).arg(&graph);
            if let Some(at) = at {
                run = run.arg("--at").arg(at);
            }
            let out = run.run();
            out.ok();
            let doc = roxmltree::Document::parse(&out.stdout)
                .unwrap_or_else(|e| panic!("{} as {format}: {e}", graph.display()));
            assert!(doc.descendants().any(|n| n.has_tag_name("node")));
        }
    }
    let out = detente(["export", "--format", "graphml", "--at", "2019-06"])
        .arg(fixture("render-hostile.yaml"))
        .run();
    let doc = roxmltree::Document::parse(&out.stdout).expect("XML");
    let names: Vec<&str> = doc
        .descendants()
        .filter(|n| n.attribute("key") == Some("name"))
        .filter_map(|n| n.text())
        .collect();
    assert!(names.contains(&"<b>html</b> & <img src=\"/etc/passwd\"/>"));
    assert!(names.contains(&"Line one\nLine two\nLine three"));
}

#[test]
fn the_date_goes_with_graphml_only() {
    let graph = repo("graphs/us-belarus.yaml");
    detente(["export", "--format", "graphml"])
        .arg(&graph)
        .run()
        .code(2)
        .stderr_is("error: GraphML is a snapshot: give its date with `--at DATE`\n");
    detente(["export", "--format", "gexf", "--at", "2020"])
        .arg(&graph)
        .run()
        .code(2)
        .stderr_is("error: `--at` applies only to GraphML; gexf holds the whole graph over time\n");
}

/// NetworkX reads both files with the right numbers of nodes and edges. Skipped where python3
/// lacks networkx, except in CI (`.ci/run` installs it).
#[test]
fn networkx_reads_the_gexf_and_graphml() {
    let has = Command::new("python3")
        .args(["-c", "import networkx"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI installs networkx (.ci/run); python3 cannot import it"
        );
        eprintln!("skipped: python3 has no networkx");
        return;
    }
    let dir = tempdir();
    let graph = repo("graphs/us-belarus.yaml");
    let (gexf, graphml) = (dir.path().join("g.gexf"), dir.path().join("g.graphml"));
    detente(["export"])
        .arg(&graph)
        .arg("-o")
        .arg(&gexf)
        .run()
        .ok();
    detente(["export", "--at", "2020-03"])
        .arg(&graph)
        .arg("-o")
        .arg(&graphml)
        .run()
        .ok();
    let show = detente(["show", "--format", "json", "--at", "2020-03"])
        .arg(&graph)
        .run();
    let json: serde_json::Value = serde_json::from_str(&show.stdout).expect("JSON");
    let model = detente::load::load_path(&graph).expect("the graph loads");
    let script = r#"
import sys, networkx as nx
g = nx.read_gexf(sys.argv[1])
h = nx.read_graphml(sys.argv[2])
weights = sorted(round(d["weight"], 12) for _, _, d in h.edges(data=True))
print(g.number_of_nodes(), g.number_of_edges(), h.number_of_nodes(), h.number_of_edges())
print(" ".join(repr(w) for w in weights))
"#;
    let out = Command::new("python3")
        .args(["-c", script])
        .arg(&gexf)
        .arg(&graphml)
        .output()
        .expect("python3 runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ties = json["ties"].as_array().expect("ties");
    let actors = json["actors"].as_array().expect("actors");
    let mut lines = stdout.lines();
    assert_eq!(
        lines.next(),
        Some(
            format!(
                "{} {} {} {}",
                model.actors.len(),
                model.relations.len(),
                actors.len(),
                ties.len()
            )
            .as_str()
        )
    );
    let mut expected: Vec<f64> = ties.iter().filter_map(|t| t["weight"].as_f64()).collect();
    expected.sort_by(f64::total_cmp);
    let read: Vec<f64> = lines
        .next()
        .unwrap_or_default()
        .split(' ')
        .filter_map(|w| w.parse().ok())
        .collect();
    assert_eq!(read.len(), expected.len());
    for (a, b) in read.iter().zip(&expected) {
        assert!((a - b).abs() < 1e-12, "{read:?} {expected:?}");
    }
}

#[test]
fn csl_json_lists_every_source_with_its_fields_read_back() {
    let dir = tempdir();
    let out = dir.path().join("sources.json");
    detente(["export", "--format", "csl-json", "-o"])
        .arg(&out)
        .arg(repo("graphs/us-belarus.yaml"))
        .run()
        .ok();
    let items: serde_json::Value = serde_json::from_str(&read(&out)).expect("JSON");
    let items = items.as_array().expect("an array");
    let graph = detente::load::load_path(&repo("graphs/us-belarus.yaml")).expect("it loads");
    assert_eq!(items.len(), graph.sources.len());
    for (item, (id, source)) in items.iter().zip(&graph.sources) {
        assert_eq!(item["id"], id.as_str());
        assert_eq!(item["title"], source.title.as_str());
        assert_eq!(item["URL"].as_str(), source.url.as_deref());
    }
    let ids: Vec<&str> = items
        .iter()
        .map(|i| i["id"].as_str().expect("an id"))
        .collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    assert_eq!(ids, sorted, "items are in id order");
    let item = items
        .iter()
        .find(|i| i["id"] == "afp-2020-11-07")
        .expect("the AFP source");
    assert_eq!(item["type"], "article-newspaper");
    assert_eq!(item["container-title"], "AFP (via The News International)");
    assert_eq!(
        item["issued"]["date-parts"],
        serde_json::json!([[2020, 11, 7]])
    );
    assert_eq!(
        item["URL"],
        "https://www.thenews.com.pk/print/740086-lukashenko"
    );
    // The `.json` extension names the format; the same input gives the same bytes.
    let again = dir.path().join("again.json");
    detente(["export", "-o"])
        .arg(&again)
        .arg(repo("graphs/us-belarus.yaml"))
        .run()
        .ok();
    assert_eq!(read(&again), read(&out));
}

#[test]
fn csl_json_keeps_hostile_titles_as_text() {
    let out = detente(["export", "--format", "csl-json"])
        .arg(fixture("sources-hostile.yaml"))
        .run();
    out.ok();
    let items: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(
        items,
        serde_json::json!([{
            "id": "evil",
            "type": "webpage",
            "title": "Quote \" back\\slash <script>alert(1)</script> & co\nnew line"
        }])
    );
}

#[test]
fn graphml_carries_the_actors_free_attributes_with_their_types() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("g.yaml");
    std::fs::write(
        &file,
        "detente: 1\nactors:\n  A: {name: A, kind: state, attributes: {iso3: AAA, population: 9.5, \
         member: true, name: Alpha}}\n  B: {name: B, kind: state, attributes: {population: 2, \
         member: false}}\nrelations:\n  - {between: [A, B], series: [{date: 2020, weight: 0.5}]}\n",
    )
    .unwrap();
    let out = detente(["export", "--format", "graphml", "--at", "2021"])
        .arg(&file)
        .run();
    out.ok();
    let xml = &out.stdout;
    for key in [
        r#"<key id="a0" for="node" attr.name="iso3" attr.type="string"/>"#,
        r#"<key id="a1" for="node" attr.name="member" attr.type="boolean"/>"#,
        r#"<key id="a2" for="node" attr.name="attribute:name" attr.type="string"/>"#,
        r#"<key id="a3" for="node" attr.name="population" attr.type="double"/>"#,
        r#"<data key="a0">AAA</data>"#,
        r#"<data key="a1">false</data>"#,
        r#"<data key="a2">Alpha</data>"#,
        r#"<data key="a3">9.5</data>"#,
        r#"<data key="a3">2</data>"#,
    ] {
        assert!(xml.contains(key), "{key} in\n{xml}");
    }
    roxmltree::Document::parse(xml).expect("well-formed GraphML");
    let out = detente(["export", "--format", "gexf"]).arg(&file).run();
    out.ok();
    let xml = &out.stdout;
    for part in [
        r#"<attribute id="a0" title="iso3" type="string"/>"#,
        r#"<attribute id="a3" title="population" type="double"/>"#,
        r#"<attvalue for="a0" value="AAA"/>"#,
        r#"<attvalue for="a1" value="true"/>"#,
        r#"<attvalue for="a3" value="2"/>"#,
    ] {
        assert!(xml.contains(part), "{part} in\n{xml}");
    }
    roxmltree::Document::parse(xml).expect("well-formed GEXF");
}

/// The weights of the `contact` ties on `date`, as `show --format json` gives them.
fn contact_weights(file: &Path, date: &str) -> Vec<serde_json::Value> {
    let out = detente([
        "show", "--kinds", "contact", "--format", "json", "--at", date,
    ])
    .arg(file)
    .run();
    out.ok();
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    json["ties"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["weight"].clone())
        .collect()
}

#[test]
fn weights_that_lapse_export_as_end_rows_and_read_back_the_same() {
    let original = repo("tests/fixtures/kinds/contacts.yaml");
    let out = detente(["export"]).arg(&original).run();
    out.ok()
        .stdout_has("A,B,contact,2025-05-02,,false,true,,,,,,,,,\n")
        .stdout_has("A,B,contact,2025-11-30,,false,true,,,,,,,,,\n");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("t.csv"), &out.stdout).unwrap();
    let back = dir.path().join("back.yaml");
    detente(["import", "csv", "t.csv", "-o", "back.yaml"])
        .in_dir(dir.path())
        .run()
        .ok();
    for date in [
        "2025-03",
        "2025-05-01",
        "2025-05-02",
        "2025-08",
        "2025-09-15",
        "2025-11-29",
        "2025-11-30",
        "2026-06",
    ] {
        assert_eq!(
            contact_weights(&back, date),
            contact_weights(&original, date),
            "{date}"
        );
    }
}

/// A reader that stops after the first line, as `| head -1` does: the writer then meets a closed
/// pipe, which is not an error (exit 0, nothing on stderr), for the outputs written as they are
/// made.
#[test]
fn a_closed_pipe_ends_a_streamed_output_quietly() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    let dir = tempdir();
    let graph = dir.path().join("g.json");
    // Far more than a pipe holds (64 KB), so that writing meets the closed pipe.
    detente([
        "generate",
        "--actors",
        "60",
        "--relations",
        "3000",
        "--points",
        "4",
    ])
    .arg("-o")
    .arg(&graph)
    .run()
    .ok();
    let commands: [&[&str]; 3] = [
        &["export", "--format", "csv"],
        &["export", "--format", "gexf"],
        &["diff", "--from", "2000-01-01", "--to", "2020-01-01"],
    ];
    for args in commands {
        let mut child = Command::new(env!("CARGO_BIN_EXE_detente"))
            .args(&args[..1])
            .arg(&graph)
            .args(&args[1..])
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("detente starts");
        let mut first = String::new();
        BufReader::new(child.stdout.take().expect("piped"))
            .read_line(&mut first)
            .expect("a first line");
        // The reading end is dropped (closed) here.
        let out = child.wait_with_output().expect("detente finishes");
        assert!(!first.is_empty(), "{args:?}");
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            "",
            "{args:?} said something on a closed pipe"
        );
        assert_eq!(out.status.code(), Some(0), "{args:?}");
    }
}
