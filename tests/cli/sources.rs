//! Sources in diagrams: edge tooltips carry the tie's event and source titles as literal text
//! (through the built-in engine and a real Graphviz), and `render --sources-note`.

use crate::render::have_graphviz;
use crate::support::detente;

const HOSTILE: &str = "tests/fixtures/sources-hostile.yaml";

/// The tooltip Graphviz gives the edge between Alpha and Beta, as the SVG's reader sees it.
const TOOLTIP: &str = "Alpha — Beta (relation): +0.50\nsince 2020: Event \"x\" <b>bold</b>\n\
                       Sources: Quote \" back\\slash <script>alert(1)</script> & co\nnew line";

/// The SVG parsed (Graphviz writes a DOCTYPE).
fn parse(svg: &str) -> roxmltree::Document<'_> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    roxmltree::Document::parse_with_options(svg, options).expect("the SVG is well-formed XML")
}

fn edge_tooltips(svg: &str) -> Vec<String> {
    let doc = parse(svg);
    assert!(
        !doc.descendants()
            .any(|n| n.has_tag_name("script") || n.has_tag_name("b")),
        "no markup from a title became an element:\n{svg}"
    );
    doc.descendants()
        .filter_map(|n| n.attribute(("http://www.w3.org/1999/xlink", "title")))
        .filter(|t| t.starts_with("Alpha — Beta"))
        .map(str::to_string)
        .collect()
}

#[cfg(feature = "builtin-render")]
#[test]
fn tooltips_carry_hostile_titles_as_literal_text_through_the_builtin_engine() {
    let out = detente(["render", HOSTILE, "--at", "2021", "--format", "svg"]).run();
    out.ok();
    let tooltips = edge_tooltips(&out.stdout);
    assert!(!tooltips.is_empty(), "{}", out.stdout);
    assert!(tooltips.iter().all(|t| t == TOOLTIP), "{tooltips:?}");
}

#[test]
fn tooltips_carry_hostile_titles_as_literal_text_through_a_real_graphviz() {
    if !have_graphviz() {
        return;
    }
    let out = detente([
        "render", HOSTILE, "--at", "2021", "--format", "svg", "--engine", "graphviz",
    ])
    .run();
    out.ok();
    let tooltips = edge_tooltips(&out.stdout);
    assert!(!tooltips.is_empty(), "{}", out.stdout);
    assert!(tooltips.iter().all(|t| t == TOOLTIP), "{tooltips:?}");
}

/// `&` is written `&amp;`, since Graphviz decodes entities in every string.
#[test]
fn the_dot_tooltip_is_one_quoted_string() {
    let out = detente(["render", HOSTILE, "--at", "2021"]).run();
    out.ok();
    assert!(
        out.stdout.contains(
            r#"tooltip="Alpha — Beta (relation): +0.50\nsince 2020: Event \"x\" <b>bold</b>\nSources: Quote \" back\\slash <script>alert(1)</script> &amp; co\nnew line"]"#
        ),
        "{}",
        out.stdout
    );
    assert!(graphviz_rust::parse(&out.stdout).is_ok());
}

#[test]
fn the_sources_note_lists_each_source_once_under_the_diagram() {
    let out = detente([
        "render",
        "graphs/us-belarus.yaml",
        "--at",
        "2020-03",
        "--sources-note",
    ])
    .run();
    out.ok();
    let label = out
        .stdout
        .lines()
        .find(|l| l.contains("labelloc=\"b\""))
        .expect("a label under the diagram");
    assert!(label.contains("<B>US–Belarus relations, 2019–2025<BR/>as of 2020-03</B>"));
    assert!(label.contains("Sources: European Union sanctions Belarus&#39;s Lukashenko"));
    // Eight titles, then how many more.
    assert!(label.contains(" and 5 more<BR ALIGN=\"LEFT\"/>"), "{label}");
    assert!(graphviz_rust::parse(&out.stdout).is_ok());
    // Without the flag, no note.
    let plain = detente(["render", "graphs/us-belarus.yaml", "--at", "2020-03"]).run();
    assert!(!plain.stdout.contains("labelloc=\"b\""));
}

#[test]
fn hostile_titles_in_the_sources_note_stay_text() {
    let out = detente(["render", HOSTILE, "--at", "2021", "--sources-note"]).run();
    out.ok();
    assert!(out.stdout.contains(
        "Sources: Quote &quot; back\\slash &lt;script&gt;alert(1)&lt;/script&gt; &amp; co<BR/>new"
    ), "{}", out.stdout);
    assert!(graphviz_rust::parse(&out.stdout).is_ok());
}

#[cfg(feature = "builtin-render")]
#[test]
fn the_sources_note_is_drawn_by_the_builtin_engine() {
    let out = detente([
        "render",
        HOSTILE,
        "--at",
        "2021",
        "--sources-note",
        "--format",
        "svg",
    ])
    .run();
    out.ok();
    let doc = parse(&out.stdout);
    let texts: String = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join("|");
    assert!(
        texts.contains("Sources: Quote \" back\\slash <script>alert(1)</script> & co"),
        "{texts}"
    );
}

#[test]
fn the_sources_note_refuses_rolled_up_ties() {
    detente([
        "render",
        "graphs/us-belarus.yaml",
        "--at",
        "2020-03",
        "--sources-note",
        "--level",
        "state",
    ])
    .run()
    .code(2)
    .stdout_is("")
    .stderr_is(
        "error: `--sources-note` lists the sources of the file's own ties, and `--level state` \
         draws ties combined from several; drop one of them\n",
    );
}
