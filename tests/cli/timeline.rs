//! `detente timeline`: the chart of a tie over time, its events, its determinism and its errors.

use crate::render::parse_svg;
use crate::support::{detente, repo};

const GRAPH: &str = "graphs/us-belarus.yaml";

fn svg(args: &[&str]) -> String {
    let out = detente([&["timeline", GRAPH][..], args].concat()).run();
    out.ok();
    out.stdout.clone()
}

/// The texts of the chart, in document order.
fn texts(svg: &str) -> Vec<String> {
    parse_svg(svg)
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or("").trim().to_string())
        .collect()
}

#[test]
fn a_tie_is_drawn_with_every_event_behind_it_labelled() {
    let chart = svg(&[
        "USA",
        "BLR",
        "--kind",
        "diplomatic",
        "--from",
        "2019",
        "--to",
        "2026",
    ]);
    let texts = texts(&chart);
    assert_eq!(
        texts[0],
        "United States – Belarus (diplomatic), 2019 to 2026-12-31"
    );
    for title in [
        "US Secretary of State Mike Pompeo visits Minsk and meets Lukashenko",
        "Disputed Belarusian presidential election, followed by a violent crackdown on protests",
        "The US suspends operations of its embassy in Minsk",
    ] {
        assert!(texts.iter().any(|t| t == title), "{title} is not labelled");
    }
    // The axis is ticked on years and the scale is named.
    assert!(texts.iter().any(|t| t == "2022"));
    assert!(texts.iter().any(|t| t == "weight (scale -1 to 1)"));
    assert!(texts.iter().any(|t| t == "0.00"));
}

#[test]
fn the_same_input_draws_the_same_bytes() {
    let args = [
        "--ties",
        "USA BLR, RUS BLR",
        "--from",
        "2019",
        "--to",
        "2026",
    ];
    assert_eq!(svg(&args), svg(&args));
    let dir = tempfile::tempdir().unwrap();
    let png = |name: &str| {
        let path = dir.path().join(name);
        detente(["timeline", GRAPH, "USA", "BLR", "-o"])
            .arg(&path)
            .run()
            .ok();
        std::fs::read(path).unwrap()
    };
    let (a, b) = (png("a.png"), png("b.png"));
    assert_eq!(&a[1..4], b"PNG");
    assert_eq!(a, b);
}

#[test]
fn several_ties_get_a_legend() {
    let texts = texts(&svg(&["--ties", "USA BLR, RUS BLR"]));
    assert!(texts[0].starts_with("2 ties, "), "{}", texts[0]);
    assert_eq!(texts[1], "United States – Belarus (diplomatic)");
    assert_eq!(texts[2], "Belarus – Russia (alliance)");
}

#[test]
fn the_top_movers_are_the_trends() {
    let texts = texts(&svg(&["--top", "3", "--from", "2020", "--to", "2023"]));
    assert!(texts[0].starts_with("3 ties, 2020 to 2023"), "{}", texts[0]);
}

#[test]
fn bad_requests_are_clear_errors() {
    detente(["timeline", GRAPH, "USA", "XXX"])
        .run()
        .code(2)
        .stderr_is(
            "error: no actor `XXX` in the graph; `detente show FILE --at DATE` lists the actors\n",
        );
    detente(["timeline", GRAPH, "USA", "BLR", "--kind", "war"])
        .run()
        .code(2)
        .stderr_is(
            "error: no tie joins USA and BLR of kind `war`; drop --kind to see every kind\n",
        );
    detente(["timeline", GRAPH, "--ties", "USA BLR, RUS"])
        .run()
        .code(2)
        .stderr_is("error: `RUS` in --ties is not a pair of actors; write \"A B, C D\"\n");
    detente([
        "timeline", GRAPH, "USA", "BLR", "--from", "2022", "--to", "2021",
    ])
    .run()
    .code(2)
    .stderr_is(
        "error: the range 2022 to 2021-12-31 is empty; the end must come after the start; give a \
             --to after --from\n",
    );
    detente(["timeline", GRAPH, "--top", "3"])
        .run()
        .code(2)
        .stderr_is("error: --top needs the range it ranks over: give --from and --to\n");
    assert!(repo(GRAPH).exists());
}

#[test]
fn the_png_chart_draws_the_line_on_white() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("usa-blr.png");
    detente([
        "timeline",
        GRAPH,
        "USA",
        "BLR",
        "--kind",
        "diplomatic",
        "--from",
        "2019",
    ])
    .args(["--to", "2026", "-o"])
    .arg(&path)
    .run()
    .ok();
    let (w, h, px) = crate::story::pixels(&path);
    // Loosely pinned: the plot is 1000 px wide and the event titles widen it; the line is blue.
    assert!(
        (1000..1600).contains(&w) && (400..700).contains(&h),
        "{w} x {h}"
    );
    let blue = px
        .chunks(4)
        .filter(|p| p[0] < 40 && (90..140).contains(&p[1]) && p[2] > 150)
        .count();
    assert!(blue > 500, "{blue} blue pixels");
}

#[cfg(feature = "builtin-render")]
#[test]
fn the_docs_timeline_and_story_are_up_to_date() {
    // (arguments, committed file). Regenerate with `DETENTE_BLESS=1 cargo test`.
    let pictures: [(&[&str], &str); 2] = [
        (
            &[
                "timeline",
                GRAPH,
                "USA",
                "BLR",
                "--kind",
                "diplomatic",
                "--from",
                "2019",
                "--to",
                "2026",
            ],
            "docs/img/usa-blr-timeline.svg",
        ),
        (&["render", GRAPH, "--format", "html"], "docs/story.html"),
    ];
    let bless = std::env::var_os("DETENTE_BLESS").is_some();
    for (args, committed) in pictures {
        let out = detente(args).run();
        out.ok();
        let path = repo(committed);
        if bless {
            std::fs::write(&path, &out.bytes).unwrap();
            continue;
        }
        let current = std::fs::read(&path).unwrap_or_default();
        assert!(
            current == out.bytes,
            "{committed} is out of date; regenerate it with \
             `DETENTE_BLESS=1 cargo test the_docs_timeline_and_story`"
        );
    }
}

/// Whether poppler's `pdftotext` is installed. Under CI its absence fails the test instead of
/// skipping it, since .ci/run installs it.
pub(crate) fn have_pdftotext() -> bool {
    let found = std::process::Command::new("pdftotext")
        .arg("-v")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        found || std::env::var_os("CI").is_none(),
        "CI is set but poppler's `pdftotext` is not installed"
    );
    if !found {
        eprintln!("skipped: `pdftotext` (poppler-utils) is not installed");
    }
    found
}

/// The text of a PDF as poppler reads it.
pub(crate) fn pdf_text(path: &std::path::Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_pdf_chart_has_its_title_events_and_axis_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = |name: &str, flags: &[&str]| {
        let path = dir.path().join(name);
        detente([
            "timeline",
            GRAPH,
            "USA",
            "BLR",
            "--kind",
            "diplomatic",
            "--from",
            "2019",
            "--to",
            "2026",
        ])
        .args(flags)
        .arg("-o")
        .arg(&path)
        .run()
        .ok();
        path
    };
    // From the extension, and from --format (to a file named otherwise).
    let (a, b) = (pdf("a.pdf", &[]), pdf("b.chart", &["--format", "pdf"]));
    let bytes = std::fs::read(&a).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    // Deterministic: no date, no id, resources in a fixed order.
    assert_eq!(bytes, std::fs::read(&b).unwrap());
    if !have_pdftotext() {
        return;
    }
    let text = pdf_text(&a);
    for needle in [
        "United States – Belarus (diplomatic), 2019 to 2026",
        "US Secretary of State Mike Pompeo visits Minsk and meets Lukashenko",
        "The US suspends operations of its embassy in Minsk",
        "weight (scale -1 to 1)",
        "2022",
        "0.00",
    ] {
        assert!(
            text.contains(needle),
            "{needle:?} is not in the PDF's text:\n{text}"
        );
    }
}
