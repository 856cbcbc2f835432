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

#[cfg(feature = "builtin-render")]
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

#[cfg(feature = "builtin-render")]
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

#[cfg(feature = "builtin-render")]
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

#[cfg(feature = "builtin-render")]
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

#[cfg(feature = "builtin-render")]
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

/// The chart of the fixture with ranged, less-than-certain and expiring points: 2020-01-01 to
/// 2021-06-30 (546 days).
const MARKED: &str = "tests/fixtures/timeline-bands.yaml";
const MARKED_DAYS: f64 = 546.0;

fn marked_svg() -> String {
    let out = detente([
        "timeline", MARKED, "A", "B", "--from", "2020", "--to", "2021-06",
    ])
    .run();
    out.ok();
    out.stdout.clone()
}

/// The x pixel of a day of the range: the plot spans x = 80 to 972.
fn px(day: f64) -> f64 {
    80.0 + day / MARKED_DAYS * 892.0
}

/// The `points` of every `polygon` filled with `fill` at `opacity`.
fn polygons(svg: &str, fill: &str, opacity: &str) -> Vec<Vec<(f64, f64)>> {
    parse_svg(svg)
        .descendants()
        .filter(|n| n.has_tag_name("polygon"))
        .filter(|n| n.attribute("fill") == Some(fill) && n.attribute("opacity") == Some(opacity))
        .map(|n| {
            n.attribute("points")
                .unwrap()
                .split_whitespace()
                .map(|xy| {
                    let (x, y) = xy.split_once(',').unwrap();
                    (x.parse().unwrap(), y.parse().unwrap())
                })
                .collect()
        })
        .collect()
}

/// `(x0, x1, y0, y1)` of every expired span: a grey `rect` laid over the plot.
fn expired_spans(svg: &str) -> Vec<(f64, f64, f64, f64)> {
    let num = |n: &roxmltree::Node, a: &str| n.attribute(a).unwrap().parse::<f64>().unwrap();
    parse_svg(svg)
        .descendants()
        .filter(|n| n.has_tag_name("rect"))
        .filter(|n| {
            n.attribute("fill") == Some("#808080") && n.attribute("opacity") == Some("0.16")
        })
        .map(|n| {
            let (x, y) = (num(&n, "x"), num(&n, "y"));
            (x, x + num(&n, "width"), y, y + num(&n, "height"))
        })
        .filter(|r| r.3 - r.2 > 100.0)
        .collect()
}

fn extent(points: &[(f64, f64)]) -> (f64, f64, f64, f64) {
    let xs = points.iter().map(|p| p.0);
    let ys = points.iter().map(|p| p.1);
    (
        xs.clone().fold(f64::MAX, f64::min),
        xs.fold(f64::MIN, f64::max),
        ys.clone().fold(f64::MAX, f64::min),
        ys.fold(f64::MIN, f64::max),
    )
}

fn near(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1.5
}

#[test]
fn ranges_are_bands_over_the_span_their_points_hold() {
    let chart = marked_svg();
    // The plot's y frame, from an expired span (it covers the plot's height: 1.1 to -1.1).
    let (_, _, top, bottom) = expired_spans(&chart)[0];
    let py = |w: f64| top + (1.1 - w) / 2.2 * (bottom - top);
    // Step (diplomatic, the second tie's green): [0, 0.4] from 2020-01-01, [-0.8, -0.2] from
    // 2020-07-01, nothing from 2021-01-01 (day 366), whose point states no range.
    let step = polygons(&chart, "#009E73", "0.18");
    assert_eq!(step.len(), 1, "{chart}");
    let (x0, x1, y0, y1) = extent(&step[0]);
    assert!(near(x0, px(0.0)) && near(x1, px(366.0)), "{x0} {x1}");
    assert!(near(y0, py(0.4)) && near(y1, py(-0.8)), "{y0} {y1}");
    assert!(step[0].contains(&(px(182.0).round(), py(-0.2).round())));
    // Linear (trade, pink): from [-0.2, 0.2] on day 0 straight to [0.4, 0.8] on 2020-11-01
    // (day 305), then flat to the range's end.
    let linear = polygons(&chart, "#CC79A7", "0.18");
    assert_eq!(linear.len(), 1);
    let band = &linear[0];
    let at = |x: f64| -> Vec<f64> {
        let mut ys: Vec<f64> = band.iter().filter(|p| near(p.0, x)).map(|p| p.1).collect();
        ys.sort_by(f64::total_cmp);
        ys
    };
    let left = at(px(0.0));
    assert!(
        near(left[0], py(0.2)) && near(left[1], py(-0.2)),
        "{left:?}"
    );
    let bend = at(px(305.0));
    assert!(near(bend[0], py(0.8)) && near(bend[1], py(0.4)), "{bend:?}");
    let right = at(px(MARKED_DAYS));
    assert!(
        near(right[0], py(0.8)) && near(right[1], py(0.4)),
        "{right:?}"
    );
    let texts = texts(&chart);
    assert!(texts.iter().any(|t| t.starts_with("band: ")), "{texts:?}");
}

#[test]
fn a_lapsed_weight_is_an_expired_span_until_the_next_point() {
    let chart = marked_svg();
    // contact expires after 90 days: 2020-02-01 lapses on 2020-05-01 (day 121) until the point
    // of 2020-10-01 (day 274); that one lapses on 2020-12-30 (day 364) until the range's end.
    let spans = expired_spans(&chart);
    assert_eq!(spans.len(), 2, "{spans:?}");
    for ((x0, x1, _, _), (a, b)) in spans.iter().zip([(121.0, 274.0), (364.0, MARKED_DAYS)]) {
        assert!(near(*x0, px(a)) && near(*x1, px(b)), "{x0} {x1}");
    }
    let texts = texts(&chart);
    assert_eq!(texts.iter().filter(|t| *t == "expired").count(), 2);
    assert!(texts.iter().any(|t| t.starts_with("expired: ")));
    // The contact line (blue) stops at the lapse, as `show` has no contact tie on a date inside.
    let show = detente(["show", MARKED, "--at", "2020-06-01", "--format", "json"]).run();
    show.ok();
    assert!(!show.stdout.contains("A|B|contact"));
    let blue_inside = parse_svg(&chart)
        .descendants()
        .filter(|n| n.has_tag_name("polyline"))
        .filter(|n| {
            n.attribute("stroke") == Some("#0072B2") && n.attribute("stroke-width") == Some("2")
        })
        .flat_map(|n| {
            n.attribute("points")
                .unwrap()
                .split_whitespace()
                .map(|xy| xy.split_once(',').unwrap().0.parse::<f64>().unwrap())
                .collect::<Vec<_>>()
        })
        .filter(|x| px(121.0) + 1.5 < *x && *x < px(274.0) - 1.5)
        .count();
    assert_eq!(blue_inside, 0);
}

#[test]
fn confidence_below_one_draws_the_line_lighter() {
    let chart = marked_svg();
    // The diplomatic weight of 2020-01-01 has confidence 0.5: opacity 0.25 + 0.75 × 0.5.
    let doc = parse_svg(&chart);
    let opacities: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("polyline"))
        .filter(|n| {
            n.attribute("stroke") == Some("#009E73") && n.attribute("stroke-width") == Some("2")
        })
        .map(|n| n.attribute("opacity").unwrap())
        .collect();
    assert_eq!(opacities, ["0.625", "1"], "{chart}");
    assert!(
        texts(&chart)
            .iter()
            .any(|t| t.starts_with("lighter line: confidence below 1"))
    );
}

#[test]
fn no_band_expired_span_or_faded_line_without_format_1_1_marks() {
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
    assert!(polygons(&chart, "#0072B2", "0.18").is_empty());
    assert!(expired_spans(&chart).is_empty());
    assert!(!chart.contains("opacity=\"0.625\""));
    let texts = texts(&chart);
    assert!(
        !texts.iter().any(|t| t.starts_with("band:")
            || t.starts_with("expired")
            || t.starts_with("lighter")),
        "{texts:?}"
    );
}

#[cfg(feature = "builtin-render")]
#[test]
fn the_marked_chart_is_deterministic_and_its_png_shows_the_marks() {
    assert_eq!(marked_svg(), marked_svg());
    let dir = tempfile::tempdir().unwrap();
    let png = |name: &str| {
        let path = dir.path().join(name);
        detente([
            "timeline", MARKED, "A", "B", "--from", "2020", "--to", "2021-06", "-o",
        ])
        .arg(&path)
        .run()
        .ok();
        path
    };
    let (a, b) = (png("a.png"), png("b.png"));
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    let (_, _, px) = crate::story::pixels(&a);
    // The expired spans' light grey (#808080 at 0.16 over white) and the step band's pale green.
    let grey = px
        .chunks(4)
        .filter(|p| p[0] == p[1] && p[1] == p[2] && (228..=238).contains(&p[0]))
        .count();
    let green = px
        .chunks(4)
        .filter(|p| (200..225).contains(&p[0]) && p[1] > 230 && (220..240).contains(&p[2]))
        .count();
    assert!(grey > 40_000, "{grey} grey pixels");
    assert!(green > 10_000, "{green} pale green pixels");
}
