//! Everyone in their own box under every layout (issue 14, item 4): measured on the SVG the
//! built-in renderer draws. Who belongs to which collective is read from the DOT of the `dot`
//! layout (its clusters); every other layout must then draw each member inside that
//! collective's box or joined to it by a membership wedge, and no actor inside the box of a
//! collective it does not belong to.

use std::collections::{BTreeMap, BTreeSet};

use graphviz_rust::dot_structures::{Graph, Id, Node, NodeId, Stmt, Subgraph};

use crate::render::parse_svg;
use crate::support::{detente, repo};

/// A box `(left, top, right, bottom)` in the SVG's coordinates.
type Box2 = (f64, f64, f64, f64);

/// The numbers of a `points` or `d` attribute, as `(x, y)` pairs.
fn pairs(text: &str) -> Vec<(f64, f64)> {
    let numbers: Vec<f64> = text
        .split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
        .filter_map(|n| n.parse().ok())
        .collect();
    numbers
        .chunks(2)
        .filter(|p| p.len() == 2)
        .map(|p| (p[0], p[1]))
        .collect()
}

/// The box of the first shape (ellipse, polygon or path) in an SVG group.
fn shape_box(group: roxmltree::Node) -> Option<Box2> {
    let shape = group.descendants().find(|n| {
        n.has_tag_name("ellipse") || n.has_tag_name("polygon") || n.has_tag_name("path")
    })?;
    if shape.has_tag_name("ellipse") {
        let num = |a: &str| shape.attribute(a)?.parse::<f64>().ok();
        let (cx, cy, rx, ry) = (num("cx")?, num("cy")?, num("rx")?, num("ry")?);
        return Some((cx - rx, cy - ry, cx + rx, cy + ry));
    }
    let points = pairs(shape.attribute("points").or(shape.attribute("d"))?);
    let fold = |f: fn(f64, f64) -> f64, init: f64, pick: fn(&(f64, f64)) -> f64| {
        points.iter().map(pick).fold(init, f)
    };
    Some((
        fold(f64::min, f64::MAX, |p| p.0),
        fold(f64::min, f64::MAX, |p| p.1),
        fold(f64::max, f64::MIN, |p| p.0),
        fold(f64::max, f64::MIN, |p| p.1),
    ))
}

/// What a diagram's SVG draws: node boxes and cluster boxes by id (`n3`, `cluster_n3`), and the
/// edges as `(tail, head, stroke colour)`.
struct Drawn {
    nodes: BTreeMap<String, Box2>,
    clusters: BTreeMap<String, Box2>,
    edges: Vec<(String, String, String)>,
}

fn drawn(svg: &str) -> Drawn {
    let doc = parse_svg(svg);
    let mut out = Drawn {
        nodes: BTreeMap::new(),
        clusters: BTreeMap::new(),
        edges: Vec::new(),
    };
    for group in doc.descendants().filter(|n| n.has_tag_name("g")) {
        let Some(title) = group
            .children()
            .find(|n| n.has_tag_name("title"))
            .and_then(|t| t.text())
        else {
            continue;
        };
        match group.attribute("class") {
            Some("node") => {
                out.nodes
                    .insert(title.to_string(), shape_box(group).unwrap());
            }
            Some("cluster") => {
                out.clusters
                    .insert(title.to_string(), shape_box(group).unwrap());
            }
            Some("edge") => {
                let (tail, head) = title.split_once("->").unwrap();
                // A line has a stroke; a tapered wedge is a filled polygon with none.
                let stroke = group
                    .descendants()
                    .flat_map(|n| [n.attribute("stroke"), n.attribute("fill")])
                    .flatten()
                    .find(|c| *c != "none")
                    .unwrap_or_default();
                out.edges
                    .push((tail.to_string(), head.to_string(), stroke.to_string()));
            }
            _ => {}
        }
    }
    out
}

fn plain(id: &Id) -> String {
    match id {
        Id::Html(v) | Id::Escaped(v) | Id::Plain(v) | Id::Anonymous(v) => {
            v.trim_matches('"').to_string()
        }
    }
}

/// For each node inside a cluster of the `dot` layout's DOT, the containers (`n3` for
/// `cluster_n3`) of the clusters it is drawn in, innermost first.
fn membership(dot: &str) -> BTreeMap<String, Vec<String>> {
    fn walk(stmts: &[Stmt], chain: &[String], out: &mut BTreeMap<String, Vec<String>>) {
        for stmt in stmts {
            match stmt {
                Stmt::Node(Node {
                    id: NodeId(id, _), ..
                }) if !chain.is_empty() => {
                    out.insert(plain(id), chain.to_vec());
                }
                Stmt::Subgraph(Subgraph { id, stmts }) => {
                    let name = plain(id);
                    let mut inner = chain.to_vec();
                    if let Some(container) = name.strip_prefix("cluster_") {
                        inner.insert(0, container.to_string());
                    }
                    walk(stmts, &inner, out);
                }
                _ => {}
            }
        }
    }
    let graph = graphviz_rust::parse(dot).unwrap();
    let stmts = match &graph {
        Graph::Graph { stmts, .. } | Graph::DiGraph { stmts, .. } => stmts,
    };
    let mut out = BTreeMap::new();
    walk(stmts, &[], &mut out);
    out
}

fn centre((l, t, r, b): Box2) -> (f64, f64) {
    ((l + r) / 2.0, (t + b) / 2.0)
}

fn inside((x, y): (f64, f64), (l, t, r, b): Box2) -> bool {
    l <= x && x <= r && t <= y && y <= b
}

/// The membership wedge's colour (the clusters' outline colour).
const WEDGE: &str = "#8899aa";

/// Draws the diagram `base` asks for (`render ... --at D` or `diff ... --from D1 --to D2`)
/// under every layout and checks that everyone is in their own box or wedged to it.
fn everyone_in_their_own_box(base: &[&str]) {
    let dot = detente(
        base.iter()
            .copied()
            .chain(["--layout", "dot", "--format", "dot"]),
    )
    .run()
    .ok()
    .stdout
    .clone();
    let belongs = membership(&dot);
    assert!(belongs.len() > 10, "{dot}");
    for layout in ["dot", "fdp", "neato", "sfdp", "circo", "twopi"] {
        let out = detente(
            base.iter()
                .copied()
                .chain(["--layout", layout, "--format", "svg"]),
        )
        .run();
        out.ok();
        let svg = drawn(&out.stdout);
        let context = format!("{} under {layout}", base.join(" "));
        // Nobody inside a box that is not theirs.
        for (id, node) in &svg.nodes {
            for (cluster, outline) in &svg.clusters {
                let container = cluster.strip_prefix("cluster_").unwrap();
                if id == "legend" || !inside(centre(*node), *outline) {
                    continue;
                }
                let own = id == container
                    || belongs
                        .get(id)
                        .is_some_and(|c| c.iter().any(|c| c == container));
                assert!(own, "{context}: {id} is drawn inside {cluster}");
            }
        }
        // Every member in its collective's box, or joined to it by a wedge.
        for (member, chain) in &belongs {
            // A collective's own node in its box, at the top level, belongs to nothing.
            let Some(container) = chain.iter().find(|c| *c != member) else {
                continue;
            };
            let boxed = svg
                .clusters
                .get(&format!("cluster_{container}"))
                .is_some_and(|outline| inside(centre(svg.nodes[member]), *outline));
            let wedged = svg.edges.iter().any(|(tail, head, stroke)| {
                tail == member && head == container && stroke.eq_ignore_ascii_case(WEDGE)
            });
            assert!(
                boxed || wedged,
                "{context}: {member} is neither in {container}'s box nor wedged to it"
            );
        }
        // The layouts that draw clusters keep them; the others draw none.
        assert_eq!(
            !svg.clusters.is_empty(),
            matches!(layout, "dot" | "fdp"),
            "{context}"
        );
    }
}

#[cfg(feature = "builtin-render")]
#[test]
fn every_actor_is_in_its_own_box_or_wedged_to_its_state_under_every_layout() {
    let file = repo("graphs/us-belarus.yaml");
    let file = file.to_str().unwrap();
    for date in ["2020-09", "2025-05"] {
        everyone_in_their_own_box(&["render", file, "--at", date]);
    }
}

#[cfg(feature = "builtin-render")]
#[test]
fn the_diff_diagram_puts_everyone_in_their_own_box_under_every_layout() {
    let file = repo("graphs/us-belarus.yaml");
    let file = file.to_str().unwrap();
    everyone_in_their_own_box(&["diff", file, "--from", "2020", "--to", "2025-05"]);
}

#[test]
fn the_legend_explains_the_wedge_only_when_one_is_drawn() {
    let file = repo("graphs/us-belarus.yaml");
    let file = file.to_str().unwrap();
    let wedged = detente(["render", file, "--at", "2025-05", "--layout", "neato"]).run();
    wedged.ok();
    assert!(
        wedged
            .stdout
            .contains("grey wedge: member of (post in, part of)")
    );
    assert!(wedged.stdout.contains(r#"style="tapered""#));
    assert!(!wedged.stdout.contains("subgraph"));
    let boxed = detente(["render", file, "--at", "2025-05", "--layout", "dot"]).run();
    boxed.ok();
    assert!(!boxed.stdout.contains("grey wedge"));
    assert!(boxed.stdout.contains("subgraph"));
    let members: BTreeSet<String> = membership(&boxed.stdout).into_keys().collect();
    assert!(members.len() > 10);
    // No member, no wedge, no legend row for it.
    let dir = tempfile::tempdir().unwrap();
    let states = dir.path().join("states.yaml");
    std::fs::write(
        &states,
        "detente: 1\nactors:\n  A: {name: Alpha, kind: state}\n  B: {name: Beta, kind: state}\n\
         relations:\n  - between: [A, B]\n    series: [{date: 2020, weight: 0.5}]\n",
    )
    .unwrap();
    let alone = detente([
        "render",
        states.to_str().unwrap(),
        "--at",
        "2021",
        "--layout",
        "neato",
    ])
    .run();
    alone.ok();
    assert!(!alone.stdout.contains("grey wedge") && !alone.stdout.contains("subgraph"));
}

/// The actor nodes of a diagram's DOT (`"n3"[...]`).
fn actor_nodes(dot: &str) -> usize {
    dot.lines()
        .filter(|l| {
            let l = l.trim_start();
            l.starts_with("\"n") && l.contains("\"[")
        })
        .count()
}

#[test]
fn hide_inactive_says_in_the_legend_how_many_actors_were_left_out() {
    let file = repo("graphs/us-belarus.yaml");
    let file = file.to_str().unwrap();
    for layout in ["dot", "neato"] {
        let drawn = |which: &str| {
            let out = detente(["render", file, "--at", "2025-05", "--layout", layout, which]).run();
            out.ok();
            out
        };
        let (all, shown) = (drawn("--all-actors"), drawn("--hide-inactive"));
        let hidden = actor_nodes(&all.stdout) - actor_nodes(&shown.stdout);
        assert!(hidden > 3, "{layout}: {hidden}");
        assert!(
            shown
                .stdout
                .contains(&format!("{hidden} actors with no tie left out")),
            "{layout}: {}",
            shown.stdout
        );
        assert!(!all.stdout.contains("left out"));
    }
}

#[cfg(feature = "builtin-render")]
#[test]
fn frames_and_their_diffs_under_neato_wedge_their_members() {
    let file = repo("graphs/us-belarus.yaml");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("frames");
    detente([
        "render",
        file.to_str().unwrap(),
        "--from",
        "2020",
        "--to",
        "2021-01",
        "--layout",
        "neato",
        "--diffs",
        "--format",
        "dot",
        "-o",
        &format!("{}/", out.display()),
    ])
    .run()
    .ok();
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(
        names.iter().filter(|n| n.starts_with("diff-")).count() >= 1,
        "{names:?}"
    );
    assert!(
        names.iter().filter(|n| !n.starts_with("diff-")).count() >= 2,
        "{names:?}"
    );
    for name in names {
        let text = std::fs::read_to_string(out.join(&name)).unwrap();
        assert!(!text.contains("subgraph"), "{name}: {text}");
        assert!(text.contains(r#"style="tapered""#), "{name}");
    }
}
