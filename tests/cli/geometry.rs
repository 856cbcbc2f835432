//! Issue 14's geometry, measured on the SVG the built-in renderer writes: no two labels overlap,
//! no label sits on a node it does not belong to, no edge runs through a node it does not
//! connect, and cluster titles stay inside their boxes — on the bundled graph at many dates and
//! both levels, on its diff diagrams, and on generated graphs. `checker` reads the SVG; its own
//! tests below run it on hand-made SVG, so the checks cannot pass by finding nothing.

#![cfg(feature = "builtin-render")]

mod checker;

use checker::{Owner, collisions, labels_on_lines, read, titles_on_lines};

use crate::support::detente;

/// An SVG as Graphviz writes it, around `body` (in the graph's group).
fn svg(body: &str) -> String {
    format!(
        r#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><g id="graph0" class="graph">{body}</g></svg>"#
    )
}

fn text(x: f64, y: f64, content: &str) -> String {
    format!(
        r#"<text text-anchor="middle" x="{x}" y="{y}" font-family="Helvetica,sans-Serif" font-size="10.00">{content}</text>"#
    )
}

fn node(name: &str, x: f64, y: f64, label: &str) -> String {
    format!(
        r#"<g class="node"><title>{name}</title><ellipse cx="{x}" cy="{y}" rx="30" ry="12"/>{}</g>"#,
        text(x, y + 3.0, label)
    )
}

fn edge(from: &str, to: &str, d: &str, label: Option<(f64, f64, &str)>) -> String {
    let label = label.map(|(x, y, l)| text(x, y, l)).unwrap_or_default();
    format!(r#"<g class="edge"><title>{from}&#45;&gt;{to}</title><path d="{d}"/>{label}</g>"#)
}

#[test]
fn the_checker_measures_text_with_the_layouts_font_tables() {
    let drawing = read(&svg(&text(100.0, 50.0, "Belarus")));
    let t = &drawing.texts[0];
    assert_eq!(t.owner, Owner::Graph);
    // Helvetica's AFM widths of B, e, l, a, r, u, s sum to 3,390 thousandths of an em: 33.9 pt
    // at 10 pt (the tables round them to their own units).
    let width = t.rect.right - t.rect.left;
    assert!((width - 33.9).abs() < 0.05, "{width}");
    assert!((t.rect.top - 40.0).abs() < 1e-9 && (t.rect.bottom - 52.0).abs() < 1e-9);
}

#[test]
fn the_checker_finds_overlapping_labels_and_passes_apart_ones() {
    let apart = svg(&(node("a", 50.0, 50.0, "Alpha") + &node("b", 200.0, 50.0, "Beta")));
    assert_eq!(collisions(&read(&apart)), Vec::<String>::new());
    // An edge label written over Beta's name.
    let over = svg(&(node("a", 50.0, 50.0, "Alpha")
        + &node("b", 200.0, 150.0, "Beta")
        + &edge(
            "a",
            "b",
            "M50,62C50,100 200,100 200,138",
            Some((205.0, 153.0, "-0.50")),
        )));
    let found = collisions(&read(&over));
    assert!(
        found
            .iter()
            .any(|f| f.starts_with("label overlap") && f.contains("Beta") && f.contains("-0.50")),
        "{found:?}"
    );
    // Two lines of one label are one label.
    let two_lines = svg(&format!(
        r#"<g class="node"><title>a</title><ellipse cx="50" cy="50" rx="40" ry="20"/>{}{}</g>"#,
        text(50.0, 45.0, "Alpha"),
        text(50.0, 55.0, "President")
    ));
    assert_eq!(collisions(&read(&two_lines)), Vec::<String>::new());
}

#[test]
fn the_checker_finds_a_label_a_line_crosses_even_between_its_samples() {
    let nodes = node("a", 50.0, 50.0, "A") + &node("b", 650.0, 50.0, "B");
    // A straight edge sampled at x = 318.1 and 350 (and every 32 points or so): its label
    // (about 24 points wide, centred at 334) sits on the line between those two samples.
    let on = svg(&(nodes.clone()
        + &edge(
            "a",
            "b",
            "M80,50C280,50 420,50 620,50",
            Some((334.0, 53.0, "-0.50")),
        )));
    let found = labels_on_lines(&read(&on));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("-0.50") && found[0].contains("a->b"));
    let beside = svg(&(nodes
        + &edge(
            "a",
            "b",
            "M80,50C280,50 420,50 620,50",
            Some((334.0, 42.0, "-0.50")),
        )));
    assert_eq!(labels_on_lines(&read(&beside)), Vec::<String>::new());
}

#[test]
fn the_checker_takes_each_stroke_of_a_double_line_on_its_own() {
    // Two strokes of one edge, 50 points apart, and a label between them: no stroke crosses
    // it, though a segment from the end of one to the start of the other would.
    let strokes = r#"<g class="edge"><title>a&#45;&gt;b</title><path d="M80,50C280,50 420,50 620,50"/><path d="M80,100C280,100 420,100 620,100"/>"#;
    let between = svg(&format!("{strokes}{}</g>", text(350.0, 78.0, "+0.50")));
    assert_eq!(labels_on_lines(&read(&between)), Vec::<String>::new());
    let on = svg(&format!("{strokes}{}</g>", text(350.0, 103.0, "+0.50")));
    assert_eq!(labels_on_lines(&read(&on)).len(), 1);
}

#[test]
fn the_checker_finds_an_edge_through_a_node_it_does_not_connect() {
    let nodes = node("a", 50.0, 50.0, "A") + &node("b", 250.0, 50.0, "B");
    let through = svg(&(nodes.clone()
        + &node("c", 150.0, 50.0, "C")
        + &edge("a", "b", "M80,50C120,50 180,50 220,50", None)));
    assert_eq!(
        collisions(&read(&through)),
        vec!["edge through a node: a->b through c".to_string()]
    );
    let around = svg(&(nodes
        + &node("c", 150.0, 50.0, "C")
        + &edge("a", "b", "M80,50C120,120 180,120 220,50", None)));
    assert_eq!(collisions(&read(&around)), Vec::<String>::new());
}

#[test]
fn the_checker_finds_a_title_outside_its_cluster_and_a_label_on_a_node() {
    let cluster = |right: f64| {
        svg(&format!(
            r#"<g class="cluster"><title>cluster_x</title><polygon points="0,0 {right},0 {right},40 0,40 0,0"/>{}</g>"#,
            text(30.0, 20.0, "United States")
        ))
    };
    assert_eq!(collisions(&read(&cluster(80.0))), Vec::<String>::new());
    let found = collisions(&read(&cluster(50.0)));
    assert!(
        found.len() == 1 && found[0].starts_with("title outside its cluster"),
        "{found:?}"
    );
    // An edge label on an ellipse, clear of its text.
    let on = svg(&(node("a", 50.0, 50.0, "A")
        + &node("b", 250.0, 50.0, "B")
        + &edge(
            "a",
            "b",
            "M80,80C120,80 180,80 220,50",
            Some((70.0, 45.0, "+0.3")),
        )));
    let found = collisions(&read(&on));
    assert!(
        found.len() == 1 && found[0].starts_with("label on a node"),
        "{found:?}"
    );
}

/// The collisions of the SVG `args` give, each line prefixed with `what`.
fn collisions_of(what: &str, args: &[&str]) -> Vec<String> {
    drawn_collisions(what, args, false)
}

/// [`collisions_of`], and labels on lines too.
fn collisions_and_lines_of(what: &str, args: &[&str]) -> Vec<String> {
    drawn_collisions(what, args, true)
}

fn drawn_collisions(what: &str, args: &[&str], lines: bool) -> Vec<String> {
    let out = detente(args.iter().copied().chain(["--format", "svg"])).run();
    out.ok();
    let drawing = read(&out.stdout);
    assert!(!drawing.texts.is_empty() && !drawing.nodes.is_empty());
    let on_lines = if lines {
        labels_on_lines(&drawing)
    } else {
        Vec::new()
    };
    collisions(&drawing)
        .into_iter()
        .chain(on_lines)
        .map(|c| format!("{what}: {c}"))
        .collect()
}

fn bundled() -> String {
    crate::support::repo("graphs/us-belarus.yaml")
        .to_str()
        .unwrap()
        .to_string()
}

/// The dates issue 14 names: every year-start 2019–2026, 2020-03, 2020-09 and 2025-05.
const DATES: [&str; 11] = [
    "2019", "2020", "2020-03", "2020-09", "2021", "2022", "2023", "2024", "2025", "2025-05", "2026",
];

fn report(found: &[String]) {
    assert!(
        found.is_empty(),
        "{} collisions:\n{}",
        found.len(),
        found.join("\n")
    );
}

#[test]
fn the_bundled_graph_has_no_collisions_at_any_date_grouped() {
    let file = bundled();
    let found: Vec<String> = DATES
        .iter()
        .flat_map(|at| collisions_and_lines_of(at, &["render", &file, "--at", at]))
        .collect();
    report(&found);
}

#[test]
fn no_line_crosses_a_cluster_title_of_the_bundled_graph() {
    // The README's picture had a tie running through the "Belarus" title: a line through a
    // title is routed again around it, as a line through a node is.
    let file = bundled();
    let found: Vec<String> = DATES
        .iter()
        .chain(&["2025-12-15"])
        .flat_map(|at| {
            let out = detente(["render", &file, "--at", at, "--format", "svg"]).run();
            out.ok();
            let drawing = read(&out.stdout);
            assert!(drawing.texts.iter().any(|t| t.owner == Owner::Cluster));
            titles_on_lines(&drawing)
                .into_iter()
                .map(|c| format!("{at}: {c}"))
                .collect::<Vec<_>>()
        })
        .collect();
    report(&found);
}

#[test]
fn the_bundled_graph_has_no_collisions_at_any_date_by_state() {
    let file = bundled();
    let found: Vec<String> = DATES
        .iter()
        .flat_map(|at| {
            collisions_and_lines_of(
                &format!("{at} state"),
                &["render", &file, "--at", at, "--level", "state"],
            )
        })
        .collect();
    report(&found);
}

#[test]
fn the_bundled_diff_diagrams_between_consecutive_years_have_no_collisions() {
    let file = bundled();
    let years: Vec<String> = (2019..=2026).map(|y| y.to_string()).collect();
    let found: Vec<String> = years
        .windows(2)
        .flat_map(|pair| {
            collisions_and_lines_of(
                &format!("diff {}-{}", pair[0], pair[1]),
                &["diff", &file, "--from", &pair[0], "--to", &pair[1]],
            )
        })
        .collect();
    report(&found);
}

#[test]
fn generated_graphs_have_no_collisions() {
    let dir = tempfile::tempdir().unwrap();
    let mut found = Vec::new();
    for (actors, relations, seed) in [("12", "20", "1"), ("30", "60", "2"), ("50", "120", "3")] {
        let path = dir.path().join(format!("g{seed}.yaml"));
        let path = path.to_str().unwrap();
        detente([
            "generate",
            "--actors",
            actors,
            "--relations",
            relations,
            "--seed",
            seed,
            "-o",
            path,
        ])
        .run()
        .ok();
        found.extend(collisions_of(
            &format!("generated {actors}/{relations} seed {seed}"),
            &["render", path, "--at", "2020"],
        ));
    }
    report(&found);
}

/// A graph of a state named `state`, whose person is named `person` and holds a post titled
/// `title`, and a second state, tied to each other.
fn named(dir: &std::path::Path, state: &str, person: &str, title: &str) -> String {
    let text = format!(
        "detente: 1\nactors:\n  A: {{name: \"{state}\", kind: state}}\n  B: {{name: Beta, kind: state}}\n  \
         p: {{name: \"{person}\", kind: person, posts: [{{title: \"{title}\", of: A}}]}}\n\
         relations:\n  - between: [A, B]\n    series: [{{date: 2020, weight: 0.5}}]\n  \
         - between: [p, B]\n    kind: \"{person}\"\n    series: [{{date: 2020, weight: -0.5}}]\n"
    );
    let path = dir.join("named.yaml");
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn names_of_sixty_characters_are_shown_whole_and_fit_their_boxes() {
    let dir = tempfile::tempdir().unwrap();
    let sixty = "aaaaaaaaaaaa bbbbbbbbbbbb cccccccccccc dddddddddddd eeeeeeee";
    assert_eq!(sixty.chars().count(), 60);
    let file = named(dir.path(), sixty, sixty, sixty);
    let out = detente(["render", &file, "--at", "2021", "--format", "svg"]).run();
    out.ok();
    let drawing = read(&out.stdout);
    report(&collisions(&drawing));
    let title: Vec<&str> = drawing
        .texts
        .iter()
        .filter(|t| t.owner == Owner::Cluster && t.name == "cluster_n0")
        .map(|t| t.text.as_str())
        .collect();
    assert!(title.len() >= 3, "{title:?}");
    assert_eq!(title.join(" "), sixty, "the whole name, wrapped");
    assert!(
        !out.stdout.contains("..."),
        "nothing is cut at 60 characters"
    );
}

#[test]
fn a_name_of_200_characters_is_cut_to_a_bounded_label_with_the_whole_name_in_the_tooltip() {
    let dir = tempfile::tempdir().unwrap();
    let long = |c: char| {
        (0..20)
            .map(|_| c.to_string().repeat(9))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let (state, person, title) = (long('s'), long('p'), "t".repeat(200));
    let file = named(dir.path(), &state, &person, &title);
    for level in ["grouped", "state"] {
        let out = detente([
            "render", &file, "--at", "2021", "--level", level, "--labels", "kinds", "--format",
            "svg",
        ])
        .run();
        out.ok();
        let drawing = read(&out.stdout);
        report(&collisions(&drawing));
        // The graph's own title line is ours, not a name.
        for text in drawing.texts.iter().filter(|t| t.owner != Owner::Graph) {
            let width = text.rect.right - text.rect.left;
            // 40 characters of Helvetica at 11 pt (the widest node line) and a title's 24 in
            // bold at 16 pt are both under 300 pt.
            assert!(width < 300.0, "{level}: {:?} is {width} pt wide", text.text);
        }
        let extent = checker::extent(&drawing).unwrap();
        assert!(
            extent.right - extent.left < 1500.0,
            "{level}: the picture is {} pt wide",
            extent.right - extent.left
        );
        assert!(
            out.stdout.contains("sss..."),
            "{level}: cut names end with an ellipsis"
        );
        // The tooltips (xlink:title) keep the whole name.
        assert!(out.stdout.contains(&state), "{level}");
    }
}

/// Issue 14 item 7 on a 300-actor, 2,000-tie graph (drawn with `sfdp`, straight lines): no two
/// labels overlap and no label sits on a node; only the strongest ties are labelled, and the
/// legend says so. Its straight edges do cross nodes: through 300 actors and 1,888 ties drawn,
/// they cannot all go around, and routing them is left to the smaller graphs.
#[test]
fn a_300_actor_2000_tie_graph_has_no_overlapping_labels() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.yaml");
    let path = path.to_str().unwrap();
    detente([
        "generate",
        "--actors",
        "300",
        "--relations",
        "2000",
        "--seed",
        "3",
        "-o",
        path,
    ])
    .run()
    .ok();
    let out = detente(["render", path, "--at", "2019", "--format", "svg"]).run();
    out.ok();
    let drawing = read(&out.stdout);
    assert!(drawing.nodes.len() > 300 && drawing.edges.len() > 1500);
    let labels = drawing
        .texts
        .iter()
        .filter(|t| t.owner == Owner::Edge)
        .count();
    assert_eq!(labels, 50, "the 50 strongest ties are labelled");
    assert!(out.stdout.contains("labels on the 50 strongest of"));
    let found: Vec<String> = collisions(&drawing)
        .into_iter()
        .filter(|c| !c.starts_with("edge through a node"))
        .collect();
    report(&found);
}

/// The bundled graph's frames for every year 2019–2026 (with `extra` flags), each SVG file's
/// name and drawing, in name order.
fn bundled_frames(extra: &[&str]) -> Vec<(String, checker::Drawing)> {
    let file = bundled();
    let dir = tempfile::tempdir().unwrap();
    let args = [
        "render", &file, "--from", "2019", "--to", "2026", "--every", "1y",
    ];
    detente(args.iter().chain(extra).chain(&["-o"]))
        .arg(dir.path())
        .run()
        .ok();
    let mut frames: Vec<(String, checker::Drawing)> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            let drawing = read(&std::fs::read_to_string(&path).unwrap());
            assert!(!drawing.texts.is_empty() && !drawing.nodes.is_empty());
            (
                path.file_name().unwrap().to_string_lossy().into_owned(),
                drawing,
            )
        })
        .collect();
    frames.sort_by(|a, b| a.0.cmp(&b.0));
    frames
}

/// Frames are drawn pinned to one layout, so their edges are not routed again, but their labels
/// are freed as a single date's are: no label overlaps another, sits on a node or on a line.
#[test]
fn the_bundled_frames_have_no_colliding_labels() {
    let frames = bundled_frames(&[]);
    assert_eq!(frames.len(), 9);
    let found: Vec<String> = frames
        .iter()
        .flat_map(|(name, drawing)| {
            collisions(drawing)
                .into_iter()
                .filter(|c| c.starts_with("label"))
                .chain(labels_on_lines(drawing))
                .map(move |c| format!("{name}: {c}"))
        })
        .collect();
    report(&found);
}

/// A diff between frames has a larger legend than a frame's; the frames' layout keeps room for
/// it, so it covers no actor (it covered Marco Rubio's and Antony Blinken's nodes before).
#[test]
fn the_legends_of_diffs_between_frames_cover_nothing() {
    let frames = bundled_frames(&["--diffs"]);
    assert_eq!(frames.len(), 17);
    let found: Vec<String> = frames
        .iter()
        .flat_map(|(name, drawing)| {
            collisions(drawing)
                .into_iter()
                .filter(|c| c.contains("Legend") || c.contains("over legend"))
                .map(move |c| format!("{name}: {c}"))
        })
        .collect();
    report(&found);
}
