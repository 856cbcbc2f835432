//! Diagrams fit to publish (issue 14): kinds told apart without colour, cluster titles inside
//! their boxes, captions and print options. Geometry is measured on the built-in renderer's SVG
//! with the font tables its layout uses.

use std::path::Path;

use crate::render::parse_svg;
use crate::support::detente;

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A graph of two states tied by each of `kinds`, the first state named `name`.
fn graph(dir: &Path, name: &str, kinds: &[&str]) -> std::path::PathBuf {
    let mut text = format!(
        "detente: 1\nactors:\n  A: {{name: \"{name}\", kind: state}}\n  B: {{name: Beta, kind: state}}\n  \
         C: {{name: Gamma, kind: state}}\n  p: {{name: Pat, kind: person, posts: [{{title: Envoy, of: A}}]}}\nrelations:\n"
    );
    for kind in kinds {
        text.push_str(&format!(
            "  - between: [A, B]\n    kind: {kind}\n    series: [{{date: 2020, weight: 0.9}}]\n"
        ));
    }
    let path = dir.join("g.yaml");
    std::fs::write(&path, text).unwrap();
    path
}

/// The x coordinates of every point of a path's `d` or a polygon's `points`.
fn xs(points: &str) -> Vec<f64> {
    let numbers: Vec<f64> = points
        .split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
        .filter_map(|n| n.parse().ok())
        .collect();
    numbers.chunks(2).map(|p| p[0]).collect()
}

#[cfg(feature = "builtin-render")]
#[test]
fn cluster_titles_of_sixty_characters_fit_their_boxes() {
    use graphviz_pure_core::font::estimate_text_size_styled;
    for name in [
        "The Extraordinarily Long Official Name of a Small Republic X",
        "Abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefgh",
    ] {
        assert_eq!(name.chars().count(), 60);
        let dir = tempfile::tempdir().unwrap();
        let file = graph(dir.path(), name, &["diplomatic"]);
        let out = detente(["render", s(&file), "--at", "2021", "--format", "svg"]).run();
        out.ok();
        let doc = parse_svg(&out.stdout);
        let cluster = doc
            .descendants()
            .filter(|n| n.attribute("class") == Some("cluster"))
            .find(|n| n.descendants().any(|t| t.has_tag_name("text")))
            .expect("a cluster with a title");
        let outline = cluster
            .descendants()
            .find_map(|n| n.attribute("d").or(n.attribute("points")))
            .expect("the cluster's outline");
        let x = xs(outline);
        let (left, right) = (
            x.iter().cloned().fold(f64::MAX, f64::min),
            x.iter().cloned().fold(f64::MIN, f64::max),
        );
        let lines: Vec<_> = cluster
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .collect();
        assert!(
            lines.len() >= 3,
            "a 60-character name wraps: {}",
            out.stdout
        );
        for line in lines {
            let text = line.text().unwrap();
            assert!(text.chars().count() <= 24, "{text:?}");
            assert_eq!(line.attribute("font-weight"), Some("bold"));
            let size: f64 = line.attribute("font-size").unwrap().parse().unwrap();
            let (width, _) = estimate_text_size_styled(text, "Helvetica", size, true, false);
            let x: f64 = line.attribute("x").unwrap().parse().unwrap();
            let start = match line.attribute("text-anchor") {
                Some("middle") => x - width / 2.0,
                Some("end") => x - width,
                _ => x,
            };
            assert!(
                start >= left - 0.01 && start + width <= right + 0.01,
                "{text:?} ({width} wide from {start}) overflows the box {left}..{right}"
            );
        }
    }
}
