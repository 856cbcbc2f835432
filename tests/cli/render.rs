//! `detente render`: DOT snapshots, parsing by graphviz-rust and a real Graphviz, hostile names,
//! built-in SVG and PNG, and the README pictures.

use std::path::Path;

use crate::support::detente;

const SAMPLE: &str = "tests/fixtures/render-sample.yaml";
const HOSTILE: &str = "tests/fixtures/render-hostile.yaml";

/// Whether a real Graphviz is installed. Under CI its absence fails the test instead of
/// skipping it, since .ci/run installs it.
pub(crate) fn have_graphviz() -> bool {
    let found = std::process::Command::new("dot")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        found || std::env::var_os("CI").is_none(),
        "CI is set but Graphviz (`dot`) is not installed"
    );
    if !found {
        eprintln!("skipped: Graphviz (`dot`) is not installed");
    }
    found
}

/// Runs `dot -T<format>` on `input` and returns its output, asserting it succeeds quietly.
pub(crate) fn graphviz(input: &[u8], format: &str) -> Vec<u8> {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new("dot")
        .arg(format!("-T{format}"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("dot runs");
    child
        .stdin
        .take()
        .expect("piped")
        .write_all(input)
        .expect("dot reads its input");
    let out = child.wait_with_output().expect("dot finishes");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "dot failed: {stderr}");
    assert!(stderr.trim().is_empty(), "dot warned: {stderr}");
    out.stdout
}

/// An SVG parsed as XML (Graphviz writes a DOCTYPE, which roxmltree refuses by default).
pub(crate) fn parse_svg(svg: &str) -> roxmltree::Document<'_> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    roxmltree::Document::parse_with_options(svg, options).expect("the SVG is well-formed XML")
}

/// The texts of an SVG, one per `<text>` element, and whether it has an `<image>` element.
pub(crate) fn svg_texts(svg: &str) -> (Vec<String>, bool) {
    let doc = parse_svg(svg);
    let texts = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or_default().to_string())
        .collect();
    let image = doc.descendants().any(|n| n.has_tag_name("image"));
    (texts, image)
}

fn dot_of(file: &str, extra: &[&str]) -> String {
    let mut args = vec!["render", file];
    args.extend_from_slice(extra);
    let out = detente(args).run();
    out.ok();
    out.stdout
}

#[test]
fn dot_of_the_sample_with_officials_in_their_states() {
    insta::assert_snapshot!(dot_of(SAMPLE, &["--at", "2020-03"]));
}

#[test]
fn dot_rolled_up_to_states_with_kind_labels() {
    insta::assert_snapshot!(dot_of(
        SAMPLE,
        &["--at", "2025-05", "--level", "state", "--labels", "kinds"]
    ));
}

#[test]
fn dot_output_is_byte_identical_across_runs() {
    let first = dot_of(SAMPLE, &["--at", "2025-05"]);
    assert_eq!(first, dot_of(SAMPLE, &["--at", "2025-05"]));
}

#[test]
fn dot_parses_with_graphviz_rust() {
    for date in ["2019", "2020-03", "2025-05"] {
        let text = dot_of(SAMPLE, &["--at", date]);
        graphviz_rust::parse(&text).unwrap_or_else(|e| panic!("{date}: {e}\n{text}"));
    }
    graphviz_rust::parse(&dot_of(HOSTILE, &["--at", "2020"])).unwrap();
}

#[test]
fn dot_is_accepted_by_a_real_graphviz() {
    if !have_graphviz() {
        return;
    }
    for date in ["2019", "2020-03", "2025-05"] {
        let svg = graphviz(dot_of(SAMPLE, &["--at", date]).as_bytes(), "svg");
        svg_texts(&String::from_utf8(svg).unwrap());
    }
}

#[test]
fn persons_without_a_post_stand_outside_and_untied_actors_are_faded() {
    let text = dot_of(SAMPLE, &["--at", "2020-03", "--all-actors"]);
    // Ziankovych (n9) holds no post: he is not inside any cluster, i.e. after the last `}` of
    // the clusters and before the first edge.
    let clusters_end = text.find("\n  \"n").expect("a loose node");
    assert!(text[clusters_end..].contains("\"n9\"[label=\"Yuras Ziankovych\""));
    // Putin has no tie in March 2020: faded and dashed.
    assert!(text.contains(
        "[label=\"Vladimir Putin\\nPresident\" style=\"filled,dashed\" color=\"#B0B0B0\""
    ));
}

#[test]
fn hostile_names_come_out_of_a_real_graphviz_as_literal_text() {
    if !have_graphviz() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("hostile.svg");
    detente([
        "render",
        HOSTILE,
        "--at",
        "2020",
        "--engine",
        "graphviz",
        "-o",
        s(&out),
    ])
    .run()
    .ok();
    let svg = std::fs::read_to_string(&out).unwrap();
    check_hostile_svg(&svg);
    // And the DOT alone, through `dot` directly, says nothing about images or syntax.
    graphviz(dot_of(HOSTILE, &["--at", "2020"]).as_bytes(), "svg");
}

#[cfg(feature = "builtin-render")]
#[test]
fn hostile_names_come_out_of_the_builtin_renderer_as_literal_text() {
    let out = detente(["render", HOSTILE, "--at", "2020", "--format", "svg"]).run();
    out.ok();
    check_hostile_svg(&out.stdout);
}

fn check_hostile_svg(svg: &str) {
    let (texts, image) = svg_texts(svg);
    assert!(!image, "an <image> element was injected:\n{svg}");
    for literal in [
        "Hostile \"title\" image=\"/etc/passwd\"",
        "Evil\" image=\"/etc/passwd",
        "<b>html</b> & <img src=\"/etc/passwd\"/>",
        "x\"]; node [image=\"/etc/passwd\"]; y[\"",
        r"Back\slash \N \G \l end\",
        "Line one",
        "Line two",
        "Line three",
        "kind: diplomatic\" style=\"invis",
    ] {
        assert!(
            texts.iter().any(|t| t == literal),
            "{literal:?} is not a text of the SVG: {texts:#?}"
        );
    }
    // Both ties are drawn (the injected `style="invis"` did not hide one).
    let doc = parse_svg(svg);
    let edges = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("edge"))
        .filter(|n| {
            n.descendants().any(|p| {
                p.has_tag_name("path")
                    && p.attribute("stroke")
                        .is_some_and(|s| s != "none" && s != "transparent")
            }) && n
                .descendants()
                .any(|t| t.has_tag_name("title") && t.text().is_some_and(|s| s.starts_with("n")))
        })
        .count();
    assert_eq!(edges, 2, "{svg}");
}

#[cfg(feature = "builtin-render")]
#[test]
fn builtin_svg_is_well_formed_and_names_every_actor() {
    for date in ["2020-03", "2025-05"] {
        let out = detente([
            "render",
            SAMPLE,
            "--at",
            date,
            "--format",
            "svg",
            "--all-actors",
        ])
        .run();
        out.ok();
        let (texts, image) = svg_texts(&out.stdout);
        assert!(!image);
        for name in [
            "United States",
            "Belarus",
            "Russia",
            "Ukraine",
            "European Union",
            "Mike Pompeo",
            "Alexander Lukashenko",
            "Vladimir Putin",
            "Keith Kellogg",
            "Yuras Ziankovych",
        ] {
            assert!(
                texts.iter().any(|t| t == name),
                "{date}: no {name:?} in {texts:?}"
            );
        }
        assert!(texts.iter().any(|t| t == &format!("as of {date}")));
    }
}

#[test]
fn one_dates_diagram_leaves_out_the_people_with_no_post_and_no_tie() {
    // March 2020: Kellogg's post starts in 2025 and Ziankovych holds none; neither has a tie.
    // Putin holds his post and has no tie: drawn, faded. Pompeo is in office and tied.
    let default = dot_of(SAMPLE, &["--at", "2020-03"]);
    let all = dot_of(SAMPLE, &["--at", "2020-03", "--all-actors"]);
    for gone in ["Keith Kellogg", "Yuras Ziankovych"] {
        assert!(!default.contains(gone), "{gone}: {default}");
        assert!(all.contains(gone), "{gone}: {all}");
    }
    for kept in ["Vladimir Putin", "Mike Pompeo", "Alexander Lukashenko"] {
        assert!(default.contains(kept), "{kept}: {default}");
    }
    assert!(default.contains("2 people with no post and no tie left out"));
    assert!(!all.contains("left out"));
    assert!(default.contains("faded: no tie on this date"));
    // May 2025: Pompeo is out of office and untied.
    let later = dot_of(SAMPLE, &["--at", "2025-05"]);
    assert!(!later.contains("Mike Pompeo"), "{later}");
    assert!(
        later.contains("person with no post and no tie left out")
            || later.contains("people with no post and no tie left out")
    );
    // Putin (n8) has no tie: an invisible edge keeps him beside Russia's node (n2), rather
    // than in the first layer with Russia's box stretched across the diagram to reach him.
    assert!(
        default.contains("\"n8\" -> \"n2\" [style=\"invis\"]"),
        "{default}"
    );
    // Pompeo (n7) has one: nothing joins him to the United States (n6) but his tie.
    assert!(!default.contains("\"n7\" -> \"n6\" [style=\"invis\"]"));
    // Every actor drawn has a tie: the legend does not explain fading.
    let tied = dot_of(SAMPLE, &["--at", "2020-03", "--only", "USA,BLR"]);
    assert!(!tied.contains("faded"), "{tied}");
    // The two options contradict each other.
    detente([
        "render",
        SAMPLE,
        "--at",
        "2020-03",
        "--all-actors",
        "--hide-inactive",
    ])
    .run()
    .code(2)
    .stderr_has("cannot be used with");
}

#[cfg(feature = "builtin-render")]
#[test]
fn png_decodes_with_plausible_dimensions() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sample.png");
    detente(["render", SAMPLE, "--at", "2025-05", "-o", s(&path)])
        .run()
        .ok();
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&path).unwrap()));
    let mut reader = decoder.read_info().expect("a PNG header");
    let mut pixels = vec![0; reader.output_buffer_size().expect("a sane size")];
    let info = reader.next_frame(&mut pixels).expect("the image decodes");
    assert!((800..6000).contains(&info.width), "width {}", info.width);
    assert!((300..4000).contains(&info.height), "height {}", info.height);
    // Not blank: the picture has ink in the two tie colours' neighbourhood at least somewhere.
    assert!(
        pixels.chunks(4).any(|p| p[0] < 100 && p[2] > 150),
        "no blue pixel"
    );
}

#[cfg(feature = "builtin-render")]
#[test]
fn rendering_needs_nothing_on_path() {
    let out = detente(["render", SAMPLE, "--at", "2020-03", "--format", "svg"])
        .env("PATH", "")
        .run();
    out.ok();
    svg_texts(&out.stdout);
}

#[cfg(not(feature = "builtin-render"))]
#[test]
fn without_the_builtin_renderer_svg_needs_graphviz() {
    detente(["render", SAMPLE, "--at", "2020-03", "--format", "svg"])
        .run()
        .code(2)
        .stderr_has("error: this detente was built without the built-in renderer");
}

/// A directory holding a fake `dot` that runs `script`, to put first on PATH.
fn fake_dot(script: &str) -> tempfile::TempDir {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dot");
    std::fs::write(&path, format!("#!/bin/sh\n{script}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    dir
}

fn path_with(dir: &Path) -> String {
    format!("{}:/usr/bin:/bin", dir.display())
}

#[test]
fn a_graphviz_that_overruns_the_timeout_is_killed_with_a_clear_error() {
    let dir = fake_dot("exec sleep 600");
    let args = ["render", SAMPLE, "--at", "2020-03", "--format", "svg"];
    detente(
        args.into_iter()
            .chain(["--engine", "graphviz", "--timeout", "1"]),
    )
    .env("PATH", path_with(dir.path()))
    .run()
    .code(2)
    .stderr_has(
        "error: the `dot` layout did not finish within 1 s; try `--layout sfdp` for a large \
             graph, or allow more time with `--timeout`",
    );
}

#[test]
fn a_failing_graphviz_is_reported_with_its_message() {
    let dir = fake_dot("cat >/dev/null; echo 'Error: syntax error in line 1' >&2; exit 1");
    let args = ["render", SAMPLE, "--at", "2020-03", "--format", "svg"];
    detente(args.into_iter().chain(["--engine", "graphviz"]))
        .env("PATH", path_with(dir.path()))
        .run()
        .code(2)
        .stderr_has("error: Graphviz failed (exit status: 1): Error: syntax error in line 1");
}

#[test]
fn the_installed_graphviz_gets_the_layout_format_and_server_mode() {
    let dir = fake_dot("cat >/dev/null; echo \"$1 $2 SERVER_NAME=$SERVER_NAME\"");
    let args = ["render", SAMPLE, "--at", "2020-03", "--format", "png"];
    detente(
        args.into_iter()
            .chain(["--engine", "graphviz", "--layout", "neato"]),
    )
    .env("PATH", path_with(dir.path()))
    .run()
    .ok()
    .stdout_has("-Kneato -Tpng SERVER_NAME=detente");
}

#[test]
fn a_missing_graphviz_is_a_clear_error() {
    detente([
        "render", SAMPLE, "--at", "2020-03", "--format", "svg", "--engine", "graphviz",
    ])
    .env("PATH", "")
    .run()
    .code(2)
    .stderr_has(
        "error: Graphviz is not installed (no `dot` on PATH); install it (e.g. `apt-get \
             install graphviz`) or use the built-in renderer (`--engine builtin`)",
    );
}

#[test]
fn the_output_extension_picks_the_format_and_must_agree_with_format() {
    let dir = tempfile::tempdir().unwrap();
    let dot = dir.path().join("sample.gv");
    detente(["render", SAMPLE, "--at", "2020-03", "-o", s(&dot)])
        .run()
        .ok();
    assert!(
        std::fs::read_to_string(&dot)
            .unwrap()
            .starts_with("digraph")
    );

    let svg = dir.path().join("sample.svg");
    let out = detente([
        "render",
        SAMPLE,
        "--at",
        "2020-03",
        "--format",
        "png",
        "-o",
        s(&svg),
    ])
    .run();
    out.code(2).stderr_has(&format!(
        "error: `--format png` contradicts the extension of `{}`; drop `--format` or name the \
         file .png",
        svg.display()
    ));
    assert!(!svg.exists());

    // `.pdf` is a PDF now; `.jpg` is still no format of ours.
    let odd = dir.path().join("sample.jpg");
    detente(["render", SAMPLE, "--at", "2020-03", "-o", s(&odd)])
        .run()
        .code(2)
        .stderr_has("cannot tell the format of");
}

#[test]
fn aggregate_needs_level_state() {
    detente(["render", SAMPLE, "--at", "2020-03", "--aggregate", "sum"])
        .run()
        .code(2)
        .stderr_has("error: `--aggregate` applies only with `--level state`");
}

#[test]
fn level_state_draws_no_officials() {
    let text = dot_of(SAMPLE, &["--at", "2020-03", "--level", "state"]);
    assert!(!text.contains("Mike Pompeo"));
    assert!(text.contains("officials' ties rolled up into their states (mean)"));
    // Persons without a post stay, when every actor is asked for (and have no tie here).
    assert!(!text.contains("Yuras Ziankovych"));
    let all = dot_of(
        SAMPLE,
        &["--at", "2020-03", "--level", "state", "--all-actors"],
    );
    assert!(all.contains("Yuras Ziankovych"));
}

#[cfg(feature = "builtin-render")]
#[test]
fn the_readme_pictures_are_up_to_date() {
    /// The README pictures: (date, committed file). Regenerate with `DETENTE_BLESS=1 cargo test`.
    const PICTURES: [(&str, &str); 2] = [
        ("2020-03", "docs/img/us-belarus-2020-03.svg"),
        ("2025-12-15", "docs/img/us-belarus-2025-12.svg"),
    ];
    /// The graph the README pictures show.
    const PICTURED: &str = "graphs/us-belarus.yaml";
    let bless = std::env::var_os("DETENTE_BLESS").is_some();
    for (date, committed) in PICTURES {
        let out = detente(["render", PICTURED, "--at", date, "--format", "svg"]).run();
        out.ok();
        let path = crate::support::repo(committed);
        if bless {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &out.bytes).unwrap();
            continue;
        }
        let current = std::fs::read(&path).unwrap_or_default();
        assert!(
            current == out.bytes,
            "{committed} is out of date; regenerate the README pictures with \
             `DETENTE_BLESS=1 cargo test the_readme_pictures`"
        );
    }
}

/// A temporary path as an argument (temporary directories have UTF-8 names here).
pub(crate) fn s(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 temporary path")
}

#[cfg(feature = "builtin-render")]
#[test]
fn a_pdf_diagram_holds_its_labels_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = |name: &str| {
        let path = dir.path().join(name);
        detente([
            "render",
            "tests/fixtures/render-sample.yaml",
            "--at",
            "2020-03",
            "-o",
        ])
        .arg(&path)
        .run()
        .ok();
        path
    };
    let (a, b) = (pdf("a.pdf"), pdf("b.pdf"));
    let bytes = std::fs::read(&a).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    assert_eq!(bytes, std::fs::read(&b).unwrap());
    if !crate::timeline::have_pdftotext() {
        return;
    }
    let text = crate::timeline::pdf_text(&a);
    for needle in ["as of 2020-03", "Belarus", "Alexander Lukashenko", "Legend"] {
        assert!(
            text.contains(needle),
            "{needle:?} is not in the PDF's text:\n{text}"
        );
    }
}
