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

const BUNDLED: &str = "graphs/us-belarus.yaml";

fn bundled() -> String {
    crate::support::repo(BUNDLED).to_str().unwrap().to_string()
}

/// Width, height and the first pixel's RGBA of a PNG.
fn png_facts(bytes: &[u8]) -> (u32, u32, [u8; 4]) {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let pixel = match info.color_type {
        png::ColorType::Rgba => [buf[0], buf[1], buf[2], buf[3]],
        png::ColorType::Rgb => [buf[0], buf[1], buf[2], 255],
        other => panic!("unexpected colour type {other:?}"),
    };
    (info.width, info.height, pixel)
}

#[test]
fn a_caption_goes_under_the_diagram_as_literal_text() {
    let caption = "Figure 1: Belarus & \"friends\" </FONT><IMG SRC=\"/etc/passwd\"/>";
    let dot = detente([
        "render",
        &bundled(),
        "--at",
        "2025-05",
        "--caption",
        caption,
    ])
    .run();
    dot.ok();
    assert!(
        dot.stdout.contains(
            "Figure 1: Belarus &amp; &quot;friends&quot; &lt;/FONT&gt;&lt;IMG SRC=&quot;/etc/passwd&quot;/&gt;"
        ),
        "{}",
        dot.stdout
    );
    assert!(dot.stdout.contains(r#"labelloc="b""#));
    #[cfg(feature = "builtin-render")]
    {
        let svg = detente([
            "render",
            &bundled(),
            "--at",
            "2025-05",
            "--caption",
            caption,
            "--format",
            "svg",
        ])
        .run();
        svg.ok();
        let doc = parse_svg(&svg.stdout);
        assert!(!doc.descendants().any(|n| n.has_tag_name("image")));
        let texts: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .filter_map(|n| n.text())
            .collect();
        assert!(texts.contains(&caption), "{texts:?}");
    }
}

#[test]
fn hide_inactive_leaves_out_the_actors_without_a_tie() {
    let shown = detente(["render", &bundled(), "--at", "2025-05", "--all-actors"]).run();
    shown.ok();
    // By default only the people with no post and no tie go: Biden, not Kellogg (in office).
    let default = detente(["render", &bundled(), "--at", "2025-05"]).run();
    default.ok();
    assert!(!default.stdout.contains("Joe Biden"));
    assert!(default.stdout.contains("Keith Kellogg"));
    let hidden = detente(["render", &bundled(), "--at", "2025-05", "--hide-inactive"]).run();
    hidden.ok();
    // Joe Biden and Keith Kellogg (no tie in May 2025) go; Lukashenko and Belarus stay.
    for gone in ["Joe Biden", "Keith Kellogg"] {
        assert!(shown.stdout.contains(gone));
        assert!(!hidden.stdout.contains(gone), "{gone}: {}", hidden.stdout);
    }
    for kept in [
        "Alexander Lukashenko",
        "<B>Belarus</B>",
        "<B>United States</B>",
    ] {
        assert!(hidden.stdout.contains(kept), "{kept}: {}", hidden.stdout);
    }
}

#[cfg(feature = "builtin-render")]
#[test]
fn dpi_scales_a_png_and_is_refused_for_vector_formats() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("a.png");
    let double = dir.path().join("b.png");
    detente(["render", &bundled(), "--at", "2020", "-o", s(&plain)])
        .run()
        .ok();
    detente([
        "render",
        &bundled(),
        "--at",
        "2020",
        "--dpi",
        "144",
        "-o",
        s(&double),
    ])
    .run()
    .ok();
    let (w1, h1, _) = png_facts(&std::fs::read(&plain).unwrap());
    let (w2, h2, _) = png_facts(&std::fs::read(&double).unwrap());
    assert!(
        (f64::from(w2) / f64::from(w1) - 2.0).abs() < 0.02,
        "{w1} -> {w2}"
    );
    assert!(
        (f64::from(h2) / f64::from(h1) - 2.0).abs() < 0.02,
        "{h1} -> {h2}"
    );
    detente([
        "render",
        &bundled(),
        "--at",
        "2020",
        "--dpi",
        "192",
        "--format",
        "svg",
    ])
    .run()
    .code(2)
    .stderr_has("--dpi sizes PNG pictures");
    detente(["render", &bundled(), "--at", "2020", "--dpi", "5"])
        .run()
        .code(2);
}

#[cfg(feature = "builtin-render")]
#[test]
fn transparent_leaves_the_background_clear() {
    let dir = tempfile::tempdir().unwrap();
    let white = dir.path().join("a.png");
    let clear = dir.path().join("b.png");
    detente(["render", &bundled(), "--at", "2020", "-o", s(&white)])
        .run()
        .ok();
    detente([
        "render",
        &bundled(),
        "--at",
        "2020",
        "--transparent",
        "-o",
        s(&clear),
    ])
    .run()
    .ok();
    assert_eq!(
        png_facts(&std::fs::read(&white).unwrap()).2,
        [255, 255, 255, 255]
    );
    assert_eq!(png_facts(&std::fs::read(&clear).unwrap()).2[3], 0);
    let svg = detente([
        "render",
        &bundled(),
        "--at",
        "2020",
        "--transparent",
        "--format",
        "svg",
    ])
    .run();
    svg.ok();
    assert!(
        !svg.stdout
            .contains(r#"<polygon fill="white" stroke="none""#)
    );
}

#[test]
fn past_150_ties_only_the_strongest_are_labelled_and_the_legend_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("detente: 1\nactors:\n");
    for i in 0..20 {
        text.push_str(&format!("  S{i:02}: {{name: State {i}, kind: state}}\n"));
    }
    text.push_str("relations:\n");
    let mut n = 0;
    for i in 0..20 {
        for j in i + 1..20 {
            n += 1;
            // Distinct magnitudes: the strongest is the last pair, at +0.95.
            let weight = f64::from(n) / 200.0 * if n % 2 == 0 { 1.0 } else { -1.0 };
            text.push_str(&format!(
                "  - between: [S{i:02}, S{j:02}]\n    series: [{{date: 2020, weight: {weight}}}]\n"
            ));
        }
    }
    assert_eq!(n, 190);
    let file = dir.path().join("g.yaml");
    std::fs::write(&file, text).unwrap();
    let out = detente(["render", s(&file), "--at", "2021"]).run();
    out.ok();
    let edges: Vec<&str> = out.stdout.lines().filter(|l| l.contains(" -> ")).collect();
    assert_eq!(edges.len(), 190);
    let labelled: Vec<&&str> = edges.iter().filter(|l| l.contains(" label=")).collect();
    assert_eq!(labelled.len(), 50);
    assert!(labelled.iter().any(|l| l.contains(r#"label="+0.95""#)));
    assert!(
        !edges
            .iter()
            .any(|l| l.contains(r#"label="+0.01""#) || l.contains(r#"label="-0.01""#))
    );
    assert!(
        out.stdout
            .contains("labels on the 50 strongest of 190 ties only")
    );
    // At 150 ties or fewer every tie keeps its label and the legend says nothing.
    let small = detente(["render", &bundled(), "--at", "2025-05"]).run();
    small.ok();
    assert!(!small.stdout.contains("strongest of"));
}
