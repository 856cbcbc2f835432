//! Loader tests on small inline files.

use super::*;

#[test]
fn a_minimal_graph_loads() {
    let g = load_str(
        "detente: 1\nactors:\n  USA: {name: United States, kind: state}\n  BLR: {name: Belarus, kind: state}\nrelations:\n  - between: [USA, BLR]\n    series:\n      - {date: 2019, weight: -0.2}\n",
        "t.yaml",
    )
    .unwrap();
    assert_eq!(g.actors.len(), 2);
    assert_eq!(g.relations[0].kind, "relation");
}

#[test]
fn unknown_actor_is_located_and_suggested() {
    let e = load_str(
        "detente: 1\nactors:\n  USA: {name: United States, kind: state}\n  BLR: {name: Belarus, kind: state}\nrelations:\n  - between: [USA, Belarsu]\n    series:\n      - {date: 2019, weight: -0.2}\n",
        "t.yaml",
    )
    .unwrap_err();
    let d = e.diagnostics().unwrap();
    assert_eq!(d.items.len(), 1);
    assert_eq!(d.items[0].message, "unknown actor `Belarsu`");
    assert_eq!(
        d.items[0].position,
        Some(Position {
            line: 6,
            column: 20
        })
    );
    assert_eq!(
        d.items[0].help.as_deref(),
        Some("did you mean `BLR` (Belarus)?")
    );
}
