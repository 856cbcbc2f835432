//! Raster limits (issue 17, item 7): no PNG, animation or PDF page of unbounded size, whichever
//! engine draws it. A hostile graph of 120 states with 193-character names, laid out by `dot`,
//! is about 23,500 points tall: its PNG would be about 1,600 × 31,000 px.

use std::path::{Path, PathBuf};

use crate::render::have_graphviz;
use crate::support::detente;

/// The hostile graph, written into `dir`: 160 states with names of 193 characters, one under
/// the other (names are cut to 60 characters when drawn, so it takes that many to pass 200
/// inches).
fn huge(dir: &Path) -> PathBuf {
    let mut text = String::from("detente: 1\nactors:\n");
    for i in 0..160 {
        text.push_str(&format!(
            "  a{i}: {{name: \"{}{i:03}\", kind: state}}\n",
            "Wide name ".repeat(19)
        ));
    }
    let path = dir.join("huge.yaml");
    std::fs::write(&path, text).unwrap();
    path
}

const REFUSED: &str = "px, more than the limit of 16384 px a side and 64 Mi pixels";

/// Renders the hostile graph with `args` into a file ending in `extension` and checks that it
/// is refused for its size, with nothing written.
fn refused_for_size(args: &[&str], extension: &str) {
    let dir = tempfile::tempdir().unwrap();
    let file = huge(dir.path());
    let out = dir.path().join(format!("x.{extension}"));
    let mut all = vec!["render", file.to_str().unwrap()];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--layout", "dot", "-o", out.to_str().unwrap()]);
    let run = detente(all).run();
    run.code(2);
    assert!(run.stderr.contains(REFUSED), "{}", run.stderr);
    assert!(!out.exists());
}

#[cfg(feature = "builtin-render")]
#[test]
fn a_huge_png_is_refused_by_the_builtin_engine() {
    refused_for_size(&["--at", "2020"], "png");
}

#[test]
fn a_huge_png_is_refused_before_graphviz_draws_it() {
    if !have_graphviz() {
        return;
    }
    refused_for_size(&["--at", "2020", "--engine", "graphviz"], "png");
}

#[cfg(feature = "builtin-render")]
#[test]
fn a_huge_animation_is_refused() {
    refused_for_size(&["--from", "2020", "--to", "2021"], "gif");
}

#[cfg(feature = "builtin-render")]
#[test]
fn a_huge_pdf_page_is_scaled_down_to_200_inches() {
    let dir = tempfile::tempdir().unwrap();
    let file = huge(dir.path());
    let out = dir.path().join("x.pdf");
    detente([
        "render",
        file.to_str().unwrap(),
        "--at",
        "2020",
        "--layout",
        "dot",
        "-o",
        out.to_str().unwrap(),
    ])
    .run()
    .ok();
    let pdf = String::from_utf8_lossy(&std::fs::read(&out).unwrap()).into_owned();
    let media = pdf
        .lines()
        .find_map(|l| l.trim().strip_prefix("/MediaBox ["))
        .expect("a page size");
    let numbers: Vec<f64> = media
        .trim_end_matches(']')
        .split_whitespace()
        .map(|n| n.parse().unwrap())
        .collect();
    // The longest side is 200 inches; the other keeps the picture's proportions.
    assert!((numbers[3] - 14_400.0).abs() < 0.5, "{media}");
    assert!(numbers[2] > 100.0 && numbers[2] < 1000.0, "{media}");
}

/// A PNG's width and height, from its header.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    let word = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    (word(16), word(20))
}

#[cfg(feature = "builtin-render")]
#[test]
fn width_and_height_scale_a_png_to_fit_keeping_its_proportions() {
    let file = crate::support::repo("tests/fixtures/render-sample.yaml");
    let png = |size: &[&str]| {
        let mut args = vec!["render", file.to_str().unwrap(), "--at", "2020"];
        args.extend_from_slice(size);
        args.extend_from_slice(&["--format", "png"]);
        let out = detente(args).run();
        out.ok();
        png_size(&out.bytes)
    };
    let (w, h) = png(&[]);
    let ratio = f64::from(h) / f64::from(w);
    let (w800, h800) = png(&["--width", "800"]);
    assert_eq!(w800, 800);
    assert!((f64::from(h800) / 800.0 - ratio).abs() < 0.01);
    // Up as well as down.
    assert!(w < 1500);
    assert_eq!(png(&["--width", "1500"]).0, 1500);
    assert_eq!(png(&["--height", "500"]).1, 500);
    // Both: within the box, the tighter side exact.
    let (bw, bh) = png(&["--width", "800", "--height", "300"]);
    assert!(bw <= 800 && bh == 300, "{bw} × {bh}");
}

#[test]
fn width_and_height_refuse_dpi_other_formats_frames_and_absurd_sizes() {
    let file = crate::support::repo("graphs/us-belarus.yaml");
    let file = file.to_str().unwrap();
    let refused = |args: &[&str], expected: &str| {
        let mut all = vec!["render", file];
        all.extend_from_slice(args);
        let out = detente(all).run();
        out.code(2);
        assert!(out.stderr.contains(expected), "{}", out.stderr);
    };
    refused(
        &[
            "--at", "2025", "--width", "800", "--dpi", "144", "--format", "png",
        ],
        "the argument '--width <PX>' cannot be used with '--dpi <N>'",
    );
    refused(
        &["--at", "2025", "--height", "8", "--format", "png"],
        "8 is not in 16..=16384",
    );
    refused(
        &["--at", "2025", "--width", "20000", "--format", "png"],
        "20000 is not in 16..=16384",
    );
    refused(
        &["--at", "2025", "--width", "800", "--format", "svg"],
        "error: --width and --height size PNG pictures; SVG and PDF are vector",
    );
    refused(
        &[
            "--from", "2020", "--to", "2021", "--width", "800", "-o", "frames/",
        ],
        "error: --width and --height size one PNG picture",
    );
}
