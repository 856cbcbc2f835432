//! `detente render --from --to --every -o DIR/`: one diagram per date, every actor in the same
//! place in every frame.

use std::collections::BTreeMap;

use crate::render::parse_svg;
use crate::support::detente;

const GRAPH: &str = "graphs/us-belarus.yaml";

/// The numbers in an attribute value (`points`, `d`, `transform`).
fn numbers(text: &str) -> Vec<f64> {
    text.split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
        .filter_map(|t| t.parse().ok())
        .collect()
}

/// Each node's centre as drawn on the page (the graph's `translate` applied), by node id.
pub(crate) fn centres(svg: &str) -> BTreeMap<String, (f64, f64)> {
    let doc = parse_svg(svg);
    let graph = doc
        .descendants()
        .find(|n| n.attribute("class") == Some("graph"))
        .expect("a graph group");
    let t = graph.attribute("transform").unwrap_or_default();
    let shift = t
        .find("translate(")
        .map(|i| numbers(&t[i..]))
        .map_or((0.0, 0.0), |n| (n[0], n[1]));
    let mut out = BTreeMap::new();
    for node in doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("node"))
    {
        let id = node
            .children()
            .find(|c| c.has_tag_name("title"))
            .and_then(|t| t.text())
            .unwrap_or_default()
            .to_string();
        // Invisible nodes (the frame's corners) have no shape.
        let Some(shape) = node.descendants().find(|c| {
            ["ellipse", "polygon", "path"]
                .iter()
                .any(|s| c.has_tag_name(*s))
        }) else {
            continue;
        };
        let centre = if shape.has_tag_name("ellipse") {
            let get = |a: &str| shape.attribute(a).unwrap().parse::<f64>().unwrap();
            (get("cx"), get("cy"))
        } else {
            let n = numbers(shape.attribute("points").or(shape.attribute("d")).unwrap());
            let xs = n.iter().step_by(2);
            let ys = n.iter().skip(1).step_by(2);
            let (x0, x1) = xs.fold((f64::MAX, f64::MIN), |(a, b), &x| (a.min(x), b.max(x)));
            let (y0, y1) = ys.fold((f64::MAX, f64::MIN), |(a, b), &y| (a.min(y), b.max(y)));
            ((x0 + x1) / 2.0, (y0 + y1) / 2.0)
        };
        out.insert(id, (centre.0 + shift.0, centre.1 + shift.1));
    }
    out
}

#[test]
fn every_actor_keeps_its_place_in_every_frame() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("frames/");
    detente([
        "render", GRAPH, "--from", "2019", "--to", "2025", "--every", "3y", "-o",
    ])
    .arg(&out)
    .run()
    .ok();
    let names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    // `--to 2025` runs through the last day of 2025, which ends the range.
    assert_eq!(
        names,
        [
            "2019-01-01.svg",
            "2022-01-01.svg",
            "2025-01-01.svg",
            "2025-12-31.svg"
        ]
    );
    let read = |name: &str| std::fs::read_to_string(out.join(name)).unwrap();
    let (first, last) = (read("2019-01-01.svg"), read("2025-01-01.svg"));
    // The date is the title.
    assert!(first.contains("as of 2019") && last.contains("as of 2025"));
    let (a, b) = (centres(&first), centres(&last));
    // Actors are `n0`, `n1`, ...; the legend is not one.
    let actor = |k: &&String| k.starts_with('n') && k[1..].bytes().all(|c| c.is_ascii_digit());
    let common: Vec<&String> = a
        .keys()
        .filter(actor)
        .filter(|k| b.contains_key(*k))
        .collect();
    assert!(common.len() >= 10, "{common:?}");
    for id in common {
        let (p, q) = (a[id], b[id]);
        assert!(
            (p.0 - q.0).abs() < 0.01 && (p.1 - q.1).abs() < 0.01,
            "{id} moved from {p:?} to {q:?}"
        );
    }
}

#[test]
fn frames_need_a_directory() {
    detente(["render", GRAPH, "--from", "2019", "--to", "2020"])
        .run()
        .code(2)
        .stderr_is("error: frames go into a directory: give `-o DIR/` (created if missing)\n");
    detente([
        "render", GRAPH, "--from", "2020", "--to", "2019", "-o", "x/",
    ])
    .run()
    .code(2)
    .stderr_is("error: --to 2019-12-31 is before --from 2020; swap them\n");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("file");
    std::fs::write(&file, "").unwrap();
    let out = detente([
        "render", GRAPH, "--from", "2019", "--to", "2020", "--format", "dot", "-o",
    ])
    .arg(&file)
    .run();
    out.code(2);
    assert!(
        out.stderr
            .ends_with("is not a directory; frames go into a directory\n"),
        "{}",
        out.stderr
    );
}
