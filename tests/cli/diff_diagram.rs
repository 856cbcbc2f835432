//! `detente diff --format dot|svg|png`: the diff diagram's DOT for the fixture pairs, parsing by
//! graphviz-rust and a real Graphviz, hostile names, built-in SVG and PNG, and the docs picture.

use crate::render::{graphviz, have_graphviz, parse_svg, s, svg_texts};
use crate::support::detente;

const TIMELINE: &str = "tests/fixtures/diff-timeline.yaml";
const BEFORE: &str = "tests/fixtures/diff-embassy.before.yaml";
const AFTER: &str = "tests/fixtures/diff-embassy.after.yaml";
const HOSTILE: &str = "tests/fixtures/render-hostile.yaml";

fn diff(args: &[&str]) -> String {
    let mut all = vec!["diff"];
    all.extend_from_slice(args);
    let out = detente(all).run();
    out.ok();
    out.stdout
}

fn pair_dot() -> String {
    diff(&[BEFORE, AFTER, "--at", "2025-05", "--format", "dot"])
}

fn timeline_dot() -> String {
    diff(&[
        TIMELINE, "--from", "2020", "--to", "2025-05", "--format", "dot",
    ])
}

#[test]
fn dot_of_a_pair_of_files() {
    insta::assert_snapshot!(pair_dot());
}

#[test]
fn dot_of_one_graph_on_two_dates() {
    insta::assert_snapshot!(timeline_dot());
}

#[test]
fn each_movement_has_its_own_line_marker_and_label() {
    let text = pair_dot();
    let edge = |tooltip: &str| {
        text.lines()
            .find(|l| l.contains(tooltip))
            .unwrap_or_else(|| panic!("no edge {tooltip:?} in\n{text}"))
            .to_string()
    };
    // Each tie is drawn in its kind's look, as in the snapshot diagram; the movement is a marker
    // at its first end and the label.
    // Gained: an open circle, "new".
    let gained = edge("Belarus — European Union (diplomatic): gained");
    assert!(gained.contains(r#"style="solid" dir="both" arrowtail="odot""#));
    assert!(gained.contains(">new -0.70</FONT>"));
    let contact = edge("Keith Kellogg → Alexander Lukashenko (contact): gained");
    assert!(contact.contains(r#"style="dashed" dir="both" arrowtail="odot" arrowhead="normal""#));
    // Lost: grey with a bar; sanctions keep their two dotted lines.
    let lost = edge("Ukraine — United States (diplomatic): lost");
    assert!(lost.contains(r##"color="#777777""##) && lost.contains(r#"style="solid""#));
    assert!(lost.contains(r#"arrowtail="tee""#) && lost.contains(">ended (was +0.80)</FONT>"));
    let sanctions = edge("United States → Belarus (sanctions): lost");
    assert!(sanctions.contains(r##"color="#777777:invis:#777777""##));
    assert!(sanctions.contains(r#"style="dotted" dir="both" arrowtail="tee""#));
    // Weakened: an open diamond, before → after; the alliance keeps its double line.
    let weakened = edge("Belarus — Russia (alliance): weakened");
    assert!(weakened.contains(r##"color="#0072B2:invis:#0072B2""##));
    assert!(weakened.contains(r#"style="solid" dir="both" arrowtail="odiamond""#));
    assert!(weakened.contains(">+0.90 → +0.85</FONT>"));
    // Sign flipped: a filled square, in the new sign's colour.
    let flipped = edge("Belarus — United States (diplomatic): sign flipped");
    assert!(flipped.contains(r##"color="#0072B2""##) && flipped.contains(r#"arrowtail="box""#));
    assert!(flipped.contains(">-0.90 → +0.20</FONT>"));
    // Unchanged: thin light grey, no label, in its kind's dash (trade is dotted).
    let steady = edge("Belarus — United States (trade): unchanged");
    assert!(steady.contains(r##"color="#C8C8C8" penwidth="1.00" style="dotted""##));
    assert!(!steady.contains("label"));
    // Strengthened: a filled diamond, as wide as the new weight, the alliance's two lines
    // sharing it (the timeline's RUS–BLR alliance).
    let timeline = timeline_dot();
    let strengthened = timeline
        .lines()
        .find(|l| l.contains("(alliance): strengthened"))
        .unwrap();
    assert!(strengthened.contains(
        r#"penwidth="2.30" style="solid" dir="both" arrowtail="diamond" arrowhead="none""#
    ));
    assert!(strengthened.contains(">+0.70 → +0.90</FONT>"));
}

#[test]
fn entered_departed_and_office_changes_are_marked() {
    let text = pair_dot();
    assert!(text.contains(r#"label="European Union\n(new actor)""#));
    assert!(text.contains(r#"peripheries="2""#));
    assert!(text.contains(
        r##"[label="Ukraine\n(removed)" shape="box" style="rounded,filled,dashed" fillcolor="white" color="#777777""##
    ));
    assert!(text.contains(
        r#"label="Keith Kellogg\nSpecial Presidential\nEnvoy\n(took office)\n(left: Special Envoy for\nUkraine)""#
    ));
    let timeline = timeline_dot();
    assert!(timeline.contains(
        r#"label="Mike Pompeo\nSecretary of State\n(left office)" style="filled,dotted""#
    ));
    assert!(timeline.contains(
        r#"label="Christopher Smith\nDeputy Assistant\nSecretary of State\n(took office)""#
    ));
}

#[test]
fn the_legend_lists_exactly_the_categories_drawn() {
    let legend = |text: &str| {
        text.lines()
            .find(|l| l.contains("\"legend\""))
            .unwrap()
            .to_string()
    };
    let pair = legend(&pair_dot());
    for present in [
        "gained:",
        "lost:",
        "weakened:",
        "sign flipped:",
        "unchanged",
        "new actor",
        "removed actor",
        "took office",
    ] {
        assert!(pair.contains(present), "{present} missing: {pair}");
    }
    // Nothing strengthened, nobody left office without a new post, everyone has a tie.
    for absent in ["strengthened:", "left office", "no tie on either side"] {
        assert!(!pair.contains(absent), "{absent} drawn: {pair}");
    }
    // The kinds drawn, each with its look, as in the snapshot diagram's legend.
    for kind in ["alliance", "contact", "diplomatic", "sanctions", "trade"] {
        assert!(
            pair.contains(&format!("kind: {kind}<")),
            "{kind} missing: {pair}"
        );
    }
    let timeline = legend(&timeline_dot());
    assert!(timeline.contains("strengthened:") && timeline.contains("left office"));
    assert!(!timeline.contains("kind: sanctions"));
    assert!(!timeline.contains("new actor") && !timeline.contains("sign flipped:"));
}

#[test]
fn the_title_names_the_graph_and_dates_or_the_two_files() {
    assert!(timeline_dot().contains(r#"label="Diff timeline fixture: 2020 → 2025-05-31""#));
    assert!(pair_dot().contains(
        r#"label="tests/fixtures/diff-embassy.before.yaml (2025-05)\n→ tests/fixtures/diff-embassy.after.yaml (2025-05)""#
    ));
}

#[test]
fn the_threshold_dims_small_changes_and_says_so() {
    let text = diff(&[
        BEFORE,
        AFTER,
        "--at",
        "2025-05",
        "--threshold",
        "0.1",
        "--format",
        "dot",
    ]);
    assert!(text.contains("(alliance): unchanged"));
    assert!(text.contains("unchanged, or changed less than the threshold"));
}

#[test]
fn dot_parses_with_graphviz_rust_and_is_byte_identical_across_runs() {
    for text in [pair_dot(), timeline_dot()] {
        graphviz_rust::parse(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    }
    assert_eq!(pair_dot(), pair_dot());
    let hostile = diff(&[HOSTILE, "--from", "2018", "--to", "2020", "--format", "dot"]);
    graphviz_rust::parse(&hostile).unwrap();
}

#[test]
fn dot_is_accepted_by_a_real_graphviz() {
    if !have_graphviz() {
        return;
    }
    for text in [pair_dot(), timeline_dot()] {
        svg_texts(&String::from_utf8(graphviz(text.as_bytes(), "svg")).unwrap());
    }
}

/// The hostile fixture's names as they must come out of a diagram of its ties appearing.
fn check_hostile_svg(svg: &str) {
    let (texts, image) = svg_texts(svg);
    assert!(!image, "an <image> element was injected:\n{svg}");
    for literal in [
        "Evil\" image=\"/etc/passwd",
        "<b>html</b> & <img src=\"/etc/passwd\"/>",
        "x\"]; node [image=\"/etc/passwd\"]; y[\"",
        r"Back\slash \N \G \l end\",
        "Line one",
        "Line two",
        "Line three",
        "Hostile \"title\" image=\"/etc/passwd\": 2018 → 2020-12-31",
    ] {
        assert!(
            texts.iter().any(|t| t == literal),
            "{literal:?} is not a text of the SVG: {texts:#?}"
        );
    }
    // Both gained ties are drawn (the kind's injected `style="invis"` hid neither).
    let doc = parse_svg(svg);
    let edges = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("edge"))
        .count();
    assert_eq!(edges, 2, "{svg}");
}

#[test]
fn hostile_names_come_out_of_a_real_graphviz_as_literal_text() {
    if !have_graphviz() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("hostile.svg");
    detente([
        "diff",
        HOSTILE,
        "--from",
        "2018",
        "--to",
        "2020",
        "--engine",
        "graphviz",
        "-o",
        s(&out),
    ])
    .run()
    .ok();
    check_hostile_svg(&std::fs::read_to_string(&out).unwrap());
}

#[cfg(feature = "builtin-render")]
#[test]
fn hostile_names_come_out_of_the_builtin_renderer_as_literal_text() {
    let svg = diff(&[HOSTILE, "--from", "2018", "--to", "2020", "--format", "svg"]);
    check_hostile_svg(&svg);
}

#[cfg(feature = "builtin-render")]
#[test]
fn builtin_svg_is_well_formed_and_names_every_actor_of_both_sides() {
    let svg = diff(&[BEFORE, AFTER, "--at", "2025-05", "--format", "svg"]);
    let (texts, image) = svg_texts(&svg);
    assert!(!image);
    for name in [
        "United States",
        "Belarus",
        "Russia",
        "Ukraine",
        "European Union",
        "Keith Kellogg",
        "Alexander Lukashenko",
    ] {
        assert!(texts.iter().any(|t| t == name), "no {name:?} in {texts:?}");
    }
}

#[cfg(feature = "builtin-render")]
#[test]
fn png_decodes_with_plausible_dimensions() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("diff.png");
    detente([
        "diff",
        TIMELINE,
        "--from",
        "2020",
        "--to",
        "2025-05",
        "-o",
        s(&path),
    ])
    .run()
    .ok();
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&path).unwrap()));
    let mut reader = decoder.read_info().expect("a PNG header");
    let mut pixels = vec![0; reader.output_buffer_size().expect("a sane size")];
    let info = reader.next_frame(&mut pixels).expect("the image decodes");
    assert!((400..6000).contains(&info.width), "width {}", info.width);
    assert!((300..6000).contains(&info.height), "height {}", info.height);
    assert!(
        pixels.chunks(4).any(|p| p[0] > 180 && p[2] < 80),
        "no vermillion pixel"
    );
}

#[test]
fn the_output_extension_picks_the_format() {
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("changes.md");
    detente([
        "diff",
        TIMELINE,
        "--from",
        "2020",
        "--to",
        "2025-05",
        "-o",
        s(&md),
    ])
    .run()
    .ok();
    assert!(
        std::fs::read_to_string(&md)
            .unwrap()
            .starts_with("## Diff timeline fixture")
    );
    let gv = dir.path().join("changes.gv");
    detente([
        "diff",
        TIMELINE,
        "--from",
        "2020",
        "--to",
        "2025-05",
        "-o",
        s(&gv),
    ])
    .run()
    .ok();
    assert_eq!(std::fs::read_to_string(&gv).unwrap(), timeline_dot());
    let odd = dir.path().join("changes.pdf");
    detente([
        "diff",
        TIMELINE,
        "--from",
        "2020",
        "--to",
        "2025-05",
        "-o",
        s(&odd),
    ])
    .run()
    .code(2)
    .stderr_has(&format!(
        "error: cannot tell the format of `{}` from its extension; name it .txt, .json, .md, \
         .markdown, .dot, .gv, .svg or .png, or give `--format`",
        odd.display()
    ));
    assert!(!odd.exists());
}

#[cfg(feature = "builtin-render")]
#[test]
fn the_docs_picture_is_up_to_date() {
    /// Regenerate with `DETENTE_BLESS=1 cargo test the_docs_picture`.
    const PICTURE: &str = "docs/img/us-belarus-diff-2020-2025.svg";
    let out = detente([
        "diff",
        "graphs/us-belarus.yaml",
        "--from",
        "2020-03",
        "--to",
        "2025-12-15",
        "--format",
        "svg",
    ])
    .run();
    out.ok();
    let path = crate::support::repo(PICTURE);
    if std::env::var_os("DETENTE_BLESS").is_some() {
        std::fs::write(&path, &out.bytes).unwrap();
        return;
    }
    let current = std::fs::read(&path).unwrap_or_default();
    assert!(
        current == out.bytes,
        "{PICTURE} is out of date; regenerate it with \
         `DETENTE_BLESS=1 cargo test the_docs_picture`"
    );
}

/// The canvas of an SVG, in square points, per node drawn (the legend excluded).
#[cfg(feature = "builtin-render")]
fn area_per_node(svg: &str) -> f64 {
    let doc = parse_svg(svg);
    let root = doc.root_element();
    let points = |name: &str| -> f64 {
        root.attribute(name)
            .unwrap()
            .trim_end_matches("pt")
            .parse()
            .unwrap()
    };
    let nodes = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("node"))
        .filter(|n| {
            n.children()
                .find(|t| t.has_tag_name("title"))
                .and_then(|t| t.text())
                != Some("legend")
        })
        .count();
    points("width") * points("height") / nodes as f64
}

/// Issue 14, item 5: the diff diagram had about 60% more empty canvas than the snapshot's. Its
/// canvas per node is now at most a quarter more than the snapshot diagram's of the later date,
/// between each two consecutive years of the bundled graph.
#[cfg(feature = "builtin-render")]
#[test]
fn the_diff_diagram_is_about_as_compact_as_the_snapshot_diagram() {
    let file = "graphs/us-belarus.yaml";
    for year in 2019..2026 {
        let (from, to) = (year.to_string(), (year + 1).to_string());
        let diffed = diff(&[file, "--from", &from, "--to", &to, "--format", "svg"]);
        let out = detente(["render", file, "--at", &to, "--format", "svg"]).run();
        out.ok();
        let (d, s) = (area_per_node(&diffed), area_per_node(&out.stdout));
        assert!(
            d <= 1.25 * s,
            "{from} → {to}: the diff has {d:.0} pt² of canvas per node, the snapshot {s:.0}"
        );
    }
}

/// The id the diagram gives the actor `id` (its node's tooltip ends with the id in brackets).
fn node_of(dot: &str, id: &str) -> String {
    let line = dot
        .lines()
        .find(|l| l.contains(&format!(" ({id})\"")) && l.contains("[label="))
        .unwrap_or_else(|| panic!("no node for {id} in\n{dot}"));
    line.trim_start().split('"').nth(1).unwrap().to_string()
}

#[test]
fn the_diagram_leaves_out_the_people_with_no_post_and_no_tie_on_either_side() {
    let file = "graphs/us-belarus.yaml";
    let dates = ["--from", "2020-03", "--to", "2025-12-15", "--format", "dot"];
    let default = diff(&[&[file][..], &dates].concat());
    let all = diff(&[&[file][..], &dates, &["--all-actors"]].concat());
    // Biden and Blinken hold office between the dates, not on them; Fisher's post ended and
    // Ziankovych holds none. None has a tie on either date.
    // (Ziankovych's release is named in a tie's tooltip: his node is looked for by its id.)
    for gone in ["biden", "blinken", "fisher", "ziankovych"] {
        let node = format!(" ({gone})\"");
        assert!(!default.contains(&node), "{gone}: {default}");
        assert!(all.contains(&node), "{gone}: {all}");
    }
    // Rubio took office and has no tie: drawn, faded. Pompeo left office: drawn.
    for kept in ["Marco Rubio", "Mike Pompeo", "Sviatlana Tsikhanouskaya"] {
        assert!(default.contains(kept), "{kept}: {default}");
    }
    assert!(default.contains("4 people with no post and no tie left out"));
    assert!(default.contains("faded: no tie on either side"));
    assert!(!all.contains("left out"));
    // Tsikhanouskaya has no tie: an invisible edge keeps her beside her office's node, rather
    // than in the first layer with the box stretched across the diagram to reach her.
    let anchor = |dot: &str, person: &str, of: &str| {
        format!(
            "\"{}\" -> \"{}\" [style=\"invis\"]",
            node_of(dot, person),
            node_of(dot, of)
        )
    };
    assert!(default.contains(&anchor(&default, "tsikhanouskaya", "tsikhanouskaya-office")));
    // Pompeo has a tie (lost): nothing joins him to the United States but it.
    assert!(!default.contains(&anchor(&default, "pompeo", "USA")));
}

#[test]
fn a_person_who_enters_or_departs_is_drawn_even_with_no_post_and_no_tie() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, extra: &str| {
        let path = dir.path().join(name);
        std::fs::write(
            &path,
            format!(
                "detente: 1\nactors:\n  A: {{name: Alpha, kind: state}}\n  \
                 B: {{name: Beta, kind: state}}\n  idle: {{name: Still Idle, kind: person}}\n{extra}\
                 relations:\n  - between: [A, B]\n    series: [{{date: 2020, weight: 0.5}}]\n"
            ),
        )
        .unwrap();
        path
    };
    let before = write("before.yaml", "  gone: {name: Gone Person, kind: person}\n");
    let after = write("after.yaml", "  new: {name: New Person, kind: person}\n");
    let dot = diff(&[s(&before), s(&after), "--at", "2021", "--format", "dot"]);
    assert!(
        dot.contains("New Person") && dot.contains("Gone Person"),
        "{dot}"
    );
    assert!(!dot.contains("Still Idle"), "{dot}");
    assert!(
        dot.contains("1 person with no post and no tie left out"),
        "{dot}"
    );
}
