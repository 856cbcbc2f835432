//! Opening graph and scenario files: the kind found, the graph given, and every file read with
//! its digest, from disk and through a caller's reader.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use super::*;

const GRAPH: &str = "detente: 1\nactors:\n  A: {name: A, kind: state}\n  B: {name: B, kind: state}\n\
                     relations:\n  - between: [A, B]\n    series: [{date: 2020, weight: 0.5}]\n";

fn scenario(weight: f64) -> String {
    format!(
        "detente-scenario: 1\nbase: ../g.yaml\nedits:\n  \
         - set: {{between: [A, B], kind: relation, date: 2021, weight: {weight}}}\n"
    )
}

/// Files held in memory, as a git revision would give them.
struct Memory(BTreeMap<PathBuf, Vec<u8>>);

impl Files for Memory {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        self.0
            .get(path)
            .cloned()
            .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "not in memory"))
    }

    fn name(&self, path: &Path) -> String {
        format!("MEM:{}", path.display())
    }
}

fn weight_2021(graph: &Graph) -> Option<f64> {
    let key = crate::model::RelationKey::mutual("A", "B", "relation");
    crate::snapshot::Snapshot::at(graph, "2021-06".parse().ok()?).weight(&key)
}

#[test]
fn a_graph_file_opens_as_a_graph_with_its_digest() {
    let opened = open_bytes(GRAPH.as_bytes(), "g.yaml").unwrap();
    assert_eq!(opened.kind(), InputKind::Graph);
    assert!(opened.scenario().is_none());
    assert_eq!(opened.graph().actors.len(), 2);
    assert_eq!(
        opened.inputs,
        vec![InputFile::new("g.yaml", GRAPH.as_bytes())]
    );
}

#[test]
fn a_scenario_opens_with_its_base_and_lists_both_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("g.yaml"), GRAPH).unwrap();
    std::fs::create_dir(dir.path().join("s")).unwrap();
    let path = dir.path().join("s/x.yaml");
    std::fs::write(&path, scenario(-0.5)).unwrap();
    let opened = open(&path).unwrap();
    assert_eq!(opened.kind(), InputKind::Scenario);
    assert_eq!(weight_2021(opened.graph()), Some(-0.5));
    let names: Vec<&str> = opened.inputs.iter().map(|i| i.name.as_str()).collect();
    let base = dir.path().join("g.yaml").display().to_string();
    assert_eq!(names, [path.display().to_string().as_str(), base.as_str()]);
    assert_eq!(opened.inputs[1], InputFile::new(base, GRAPH.as_bytes()));
    assert_eq!(opened.into_scenario().unwrap().file.edits.len(), 1);
}

#[test]
fn a_scenario_reads_its_base_through_the_same_files() {
    let files = Memory(BTreeMap::from([
        (PathBuf::from("g.yaml"), GRAPH.as_bytes().to_vec()),
        (PathBuf::from("s/x.yaml"), scenario(0.25).into_bytes()),
    ]));
    let opened = open_with(Path::new("s/x.yaml"), &files).unwrap();
    assert_eq!(weight_2021(opened.graph()), Some(0.25));
    let names: Vec<&str> = opened.inputs.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(names, ["MEM:s/x.yaml", "MEM:g.yaml"]);
}

#[test]
fn a_missing_base_is_reported_at_base_in_the_files_names() {
    let files = Memory(BTreeMap::from([(
        PathBuf::from("s/x.yaml"),
        scenario(0.25).into_bytes(),
    )]));
    let error = open_with(Path::new("s/x.yaml"), &files).unwrap_err();
    let d = error.diagnostics().unwrap();
    assert_eq!(d.file, "MEM:s/x.yaml");
    assert_eq!(
        d.items[0].message,
        "cannot read the base `MEM:g.yaml`: not in memory"
    );
    assert_eq!(d.items[0].position.map(|p| p.line), Some(2));
}

#[test]
fn a_missing_file_is_an_io_error_naming_it() {
    let error = open(Path::new("no/such/file.yaml")).unwrap_err();
    assert!(matches!(error, LoadError::Io { ref path, .. } if path == "no/such/file.yaml"));
}

#[test]
fn an_invalid_graph_read_through_files_is_located() {
    let files = |_: &Path| Ok(b"detente: 1\nactors: {A: {name: A, kind: Planet}}\n".to_vec());
    let error = open_with(Path::new("g.yaml"), &files).unwrap_err();
    let d = error.diagnostics().unwrap();
    assert_eq!(d.items.len(), 1);
    assert_eq!(d.items[0].position.map(|p| p.line), Some(2));
}
