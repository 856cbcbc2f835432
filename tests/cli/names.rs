//! Names, ids and other text: Unicode noncharacters are refused at load with a located error,
//! so none reaches an SVG or Graphviz. (Control characters load, and every output escapes them:
//! tests/cli/escapes.rs.) Names that look like HTML entities come out of both Graphviz engines
//! as written.

use crate::support::detente;

#[track_caller]
fn refused(yaml: &str, expected_first_line: &str) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.yaml");
    std::fs::write(&path, yaml).unwrap();
    let out = detente(["check"]).arg(&path).run();
    out.code(2);
    let first = out.stderr.lines().next().unwrap_or_default();
    assert_eq!(
        first,
        format!("error: {}{expected_first_line}", path.display()),
        "\n{}",
        out.stderr
    );
    assert!(!out.stderr.contains('\u{fffe}') && !out.stderr.contains('\u{fdd0}'));
}

#[test]
fn a_noncharacter_in_a_name_is_refused() {
    refused(
        "detente: 1\nactors:\n  A: {name: \"A\\uFFFEB\", kind: state}\n",
        ":3:13: `name` holds a Unicode noncharacter: `A\\u{fffe}B`",
    );
}

#[test]
fn a_noncharacter_in_a_relation_kind_is_refused() {
    refused(
        "detente: 1\nactors:\n  A: {name: A, kind: state}\n  B: {name: B, kind: state}\n\
         relations:\n  - {between: [A, B], kind: \"x\\uFDD0\", series: [{date: 2020, weight: 1}]}\n",
        ":6:29: `kind` holds a Unicode noncharacter: `x\\u{fdd0}`",
    );
}

#[test]
fn a_noncharacter_in_a_json_id_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.json");
    std::fs::write(
        &path,
        "{\"detente\": 1, \"actors\": {\"A\u{ffff}\": {\"name\": \"A\", \"kind\": \"state\"}}}",
    )
    .unwrap();
    let out = detente(["check"]).arg(&path).run();
    out.code(2)
        .stderr_has("g.json: an id in `actors` must be text, found `A\\u{ffff}`");
    assert!(!out.stderr.contains('\u{ffff}'), "{}", out.stderr);
}

#[test]
fn notes_keep_their_line_breaks_and_tabs() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.yaml");
    std::fs::write(
        &path,
        "detente: 1\nactors:\n  A: {name: A, kind: state, note: \"one\\n\\ttwo\"}\n",
    )
    .unwrap();
    detente(["check"]).arg(&path).run().ok();
}

const ENTITIES: &str = "tests/fixtures/render-entities.yaml";

/// Every text of the SVG: `<text>` contents and `title` attributes (tooltips).
fn svg_strings(svg: &str) -> Vec<String> {
    let doc = crate::render::parse_svg(svg);
    let mut out: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or_default().to_string())
        .collect();
    out.extend(doc.descendants().flat_map(|n| {
        n.attributes()
            .filter(|a| a.name() == "title")
            .map(|a| a.value().to_string())
            .collect::<Vec<_>>()
    }));
    out
}

fn entities_come_out_literally(engine: &str) {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("e.svg");
    let png = dir.path().join("e.png");
    for path in [&svg, &png] {
        detente(["render", ENTITIES, "--at", "2021", "--engine", engine, "-o"])
            .arg(path)
            .run()
            .ok();
    }
    let strings = svg_strings(&std::fs::read_to_string(&svg).unwrap());
    for literal in [
        "Title &amp; &#x1b; &#xFFFE;",
        "Esc &#x1b; x",
        "Non &#xFFFE; y",
        "Amp &amp; z &lt;b&gt;",
        "kind: k &#xFFFE; &amp;",
        "Esc &#x1b; x (A)",
        "Esc &#x1b; x — Non &#xFFFE; y (k &#xFFFE; &amp;): +0.50\nsince 2020",
    ] {
        let count = strings.iter().filter(|t| *t == literal).count();
        assert!(
            count > 0,
            "{engine}: {literal:?} is not in the SVG: {strings:#?}"
        );
    }
    // The cluster title and the node label are both the name.
    assert_eq!(
        strings.iter().filter(|t| *t == "Esc &#x1b; x").count(),
        2,
        "{engine}"
    );
    assert!(
        !strings
            .iter()
            .any(|t| t.contains('\u{1b}') || t.contains('\u{fffe}'))
    );
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&png).unwrap()));
    let info = decoder.read_info().expect("a PNG header").info().clone();
    assert!(
        info.width > 300 && info.height > 200,
        "{engine}: {}x{}",
        info.width,
        info.height
    );
}

#[cfg(feature = "builtin-render")]
#[test]
fn names_like_entities_come_out_of_the_builtin_renderer_as_written() {
    entities_come_out_literally("builtin");
}

#[test]
fn names_like_entities_come_out_of_graphviz_as_written() {
    if crate::render::have_graphviz() {
        entities_come_out_literally("graphviz");
    }
}

#[test]
fn a_name_longer_than_200_characters_is_refused() {
    // 201 two-byte characters: the limit counts characters, not bytes.
    let name = "é".repeat(201);
    refused(
        &format!("detente: 1\nactors:\n  A: {{name: {name}, kind: state}}\n"),
        &format!(
            ":3:13: the name of actor `A` is 201 characters long, more than 200: `{}…`",
            "é".repeat(20)
        ),
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.yaml");
    let name = "é".repeat(200);
    std::fs::write(
        &path,
        format!("detente: 1\nactors:\n  A: {{name: {name}, kind: state}}\n"),
    )
    .unwrap();
    detente(["check"]).arg(&path).run().ok();
}

#[test]
fn an_id_longer_than_100_characters_is_refused() {
    let id = "B".repeat(101);
    refused(
        &format!("detente: 1\nactors:\n  {id}: {{name: B, kind: state}}\n"),
        &format!(
            ":3:3: an id in `actors` is 101 characters long, more than 100: `{}…`",
            "B".repeat(20)
        ),
    );
    refused(
        &format!("detente: 1\nactors: {{}}\nevents:\n  {id}: {{date: 2020, title: E}}\n"),
        &format!(
            ":4:3: an id in `events` is 101 characters long, more than 100: `{}…`",
            "B".repeat(20)
        ),
    );
}
