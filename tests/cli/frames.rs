//! `detente render --from --to --every -o DIR/`: one diagram per date, every actor in the same
//! place in every frame.

use std::collections::BTreeMap;

use crate::render::parse_svg;
use crate::support::detente;

const GRAPH: &str = "graphs/us-belarus.yaml";

/// The numbers in an attribute value (`points`, `d`, `transform`).
fn numbers(text: &str) -> Vec<f64> {
    text.split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
        .filter_map(|t| t.parse().ok())
        .collect()
}

/// Each node's centre as drawn on the page (the graph's `translate` applied), by node id.
pub(crate) fn centres(svg: &str) -> BTreeMap<String, (f64, f64)> {
    let doc = parse_svg(svg);
    let graph = doc
        .descendants()
        .find(|n| n.attribute("class") == Some("graph"))
        .expect("a graph group");
    let t = graph.attribute("transform").unwrap_or_default();
    let shift = t
        .find("translate(")
        .map(|i| numbers(&t[i..]))
        .map_or((0.0, 0.0), |n| (n[0], n[1]));
    let mut out = BTreeMap::new();
    for node in doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("node"))
    {
        let id = node
            .children()
            .find(|c| c.has_tag_name("title"))
            .and_then(|t| t.text())
            .unwrap_or_default()
            .to_string();
        // Invisible nodes (the frame's corners) have no shape.
        let Some(shape) = node.descendants().find(|c| {
            ["ellipse", "polygon", "path"]
                .iter()
                .any(|s| c.has_tag_name(*s))
        }) else {
            continue;
        };
        let centre = if shape.has_tag_name("ellipse") {
            let get = |a: &str| shape.attribute(a).unwrap().parse::<f64>().unwrap();
            (get("cx"), get("cy"))
        } else {
            let n = numbers(shape.attribute("points").or(shape.attribute("d")).unwrap());
            let xs = n.iter().step_by(2);
            let ys = n.iter().skip(1).step_by(2);
            let (x0, x1) = xs.fold((f64::MAX, f64::MIN), |(a, b), &x| (a.min(x), b.max(x)));
            let (y0, y1) = ys.fold((f64::MAX, f64::MIN), |(a, b), &y| (a.min(y), b.max(y)));
            ((x0 + x1) / 2.0, (y0 + y1) / 2.0)
        };
        out.insert(id, (centre.0 + shift.0, centre.1 + shift.1));
    }
    out
}

#[cfg(feature = "builtin-render")]
#[test]
fn every_actor_keeps_its_place_in_every_frame() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("frames/");
    detente([
        "render", GRAPH, "--from", "2019", "--to", "2025", "--every", "3y", "-o",
    ])
    .arg(&out)
    .run()
    .ok();
    let names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    // `--to 2025` runs through the last day of 2025, which ends the range.
    assert_eq!(
        names,
        [
            "2019-01-01.svg",
            "2022-01-01.svg",
            "2025-01-01.svg",
            "2025-12-31.svg"
        ]
    );
    let read = |name: &str| std::fs::read_to_string(out.join(name)).unwrap();
    let (first, last) = (read("2019-01-01.svg"), read("2025-01-01.svg"));
    // The date is the title.
    assert!(first.contains("as of 2019") && last.contains("as of 2025"));
    let (a, b) = (centres(&first), centres(&last));
    // Actors are `n0`, `n1`, ...; the legend is not one.
    let actor = |k: &&String| k.starts_with('n') && k[1..].bytes().all(|c| c.is_ascii_digit());
    let common: Vec<&String> = a
        .keys()
        .filter(actor)
        .filter(|k| b.contains_key(*k))
        .collect();
    assert!(common.len() >= 10, "{common:?}");
    for id in common {
        let (p, q) = (a[id], b[id]);
        assert!(
            (p.0 - q.0).abs() < 0.01 && (p.1 - q.1).abs() < 0.01,
            "{id} moved from {p:?} to {q:?}"
        );
    }
}

#[cfg(feature = "builtin-render")]
#[test]
fn frames_need_a_directory() {
    detente(["render", GRAPH, "--from", "2019", "--to", "2020"])
        .run()
        .code(2)
        .stderr_is(
            "error: frames go into a directory: give `-o DIR/` (created if missing), or `-o \
             FILE.gif` for one animation\n",
        );
    detente([
        "render", GRAPH, "--from", "2020", "--to", "2019", "-o", "x/",
    ])
    .run()
    .code(2)
    .stderr_is("error: --to 2019-12-31 is before --from 2020; swap them\n");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("file");
    std::fs::write(&file, "").unwrap();
    let out = detente([
        "render", GRAPH, "--from", "2019", "--to", "2020", "--format", "dot", "-o",
    ])
    .arg(&file)
    .run();
    out.code(2);
    assert!(
        out.stderr
            .ends_with("is not a directory; frames go into a directory\n"),
        "{}",
        out.stderr
    );
}

#[cfg(feature = "builtin-render")]
#[test]
fn frames_named_like_one_picture_are_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    for (name, format) in [("frames.png", "png"), ("frames.svg", "svg"), ("f.pdf", "pdf")] {
        let out = detente(["render", GRAPH, "--from", "2019", "--to", "2020", "-o"])
            .arg(dir.path().join(name))
            .run();
        out.code(2);
        let stem = name.split('.').next().unwrap();
        assert!(
            out.stderr.contains("names one file, but --from and --to make one picture per date")
                && out
                    .stderr
                    .contains(&format!("`-o {stem}/ --format {format}`, or `-o {stem}.gif`")),
            "{}",
            out.stderr
        );
        assert!(!dir.path().join(name).exists(), "{name} was created");
    }
    // --format and the extension of -o must agree, as for one picture.
    let out = detente([
        "render", GRAPH, "--from", "2019", "--to", "2020", "--format", "gif", "-o",
    ])
    .arg(dir.path().join("story.png"))
    .run();
    out.code(2);
    assert!(out.stderr.contains("`--format gif` contradicts the extension"), "{}", out.stderr);
    assert!(!dir.path().join("story.png").exists());
    // A new directory named without an extension takes the format from --format.
    let fresh = dir.path().join("fresh");
    detente(["render", GRAPH, "--from", "2019", "--to", "2020", "--format", "png", "-o"])
        .arg(&fresh)
        .run()
        .code(0);
    assert!(fresh.join("2019-01-01.png").is_file());
    // A directory that exists is written into, whatever its name.
    let named = dir.path().join("kept.png");
    std::fs::create_dir(&named).unwrap();
    detente(["render", GRAPH, "--from", "2019", "--to", "2020", "-o"])
        .arg(&named)
        .run()
        .code(0);
    assert!(named.join("2019-01-01.svg").is_file());
}

const SAMPLE: &str = "tests/fixtures/render-sample.yaml";

/// Runs `render SAMPLE --from 2019 --to 2025-01-01 --every 3y` (three dates: a partial `--to
/// 2025` would add its last day) with `flags`, writing to `out`.
fn frames_of(flags: &[&str], out: &std::path::Path) {
    detente([
        "render",
        SAMPLE,
        "--from",
        "2019",
        "--to",
        "2025-01-01",
        "--every",
        "3y",
    ])
    .args(flags)
    .arg("-o")
    .arg(out)
    .run()
    .ok();
}

#[cfg(feature = "builtin-render")]
#[test]
fn an_animated_png_is_the_frames_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let (anim, pngs) = (dir.path().join("story.apng"), dir.path().join("pngs/"));
    frames_of(&[], &anim);
    frames_of(&["--format", "png"], &pngs);
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&anim).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let control = reader.info().animation_control().expect("an animated PNG");
    assert_eq!((control.num_frames, control.num_plays), (3, 0));
    let (w, h) = (reader.info().width, reader.info().height);
    for date in ["2019-01-01", "2022-01-01", "2025-01-01"] {
        let mut buffer = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buffer).unwrap();
        // Every frame covers the whole canvas.
        assert_eq!((info.width, info.height), (w, h), "{date}");
        let frame = reader.info().frame_control().unwrap();
        assert_eq!((frame.delay_num, frame.delay_den), (1000, 1000));
        // ... and is that date's frame (titled with the date), pixel for pixel.
        let (fw, fh, px) = crate::story::pixels(&pngs.join(format!("{date}.png")));
        assert_eq!((fw, fh), (w, h), "{date}");
        assert!(buffer == px, "the {date} frame differs from {date}.png");
    }
}

#[cfg(feature = "builtin-render")]
#[test]
fn an_animated_gif_has_one_frame_per_date_of_one_size_and_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.gif"), dir.path().join("b.anim"));
    frames_of(&[], &a);
    frames_of(&["--format", "gif"], &b);
    let bytes = std::fs::read(&a).unwrap();
    assert_eq!(bytes, std::fs::read(&b).unwrap());
    let mut options = gif::DecodeOptions::new();
    options.set_color_output(gif::ColorOutput::RGBA);
    let mut decoder = options.read_info(bytes.as_slice()).unwrap();
    let (w, h) = (decoder.width(), decoder.height());
    assert!(w > 300 && h > 300, "{w} x {h}");
    let mut frames = Vec::new();
    while let Some(frame) = decoder.read_next_frame().unwrap() {
        assert_eq!(
            (frame.left, frame.top, frame.width, frame.height),
            (0, 0, w, h)
        );
        assert_eq!(frame.delay, 100);
        frames.push(frame.buffer.to_vec());
    }
    assert_eq!(frames.len(), 3);
    // The dates differ, so the pictures do; the background is white.
    assert_ne!(frames[0], frames[2]);
    assert_eq!(&frames[0][..4], &[255, 255, 255, 255]);
}

#[test]
fn an_animation_needs_a_range() {
    detente(["render", SAMPLE, "--at", "2020", "-o", "x.gif"])
        .run()
        .code(2)
        .stderr_is(
            "error: an animation has several dates: give --from and --to (and --every) \
             instead of --at, and -o FILE.gif\n",
        );
}

#[cfg(feature = "builtin-render")]
#[test]
fn diff_diagrams_between_frames_keep_the_frames_places() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("frames/");
    frames_of(&["--diffs"], &out);
    let read = |name: &str| std::fs::read_to_string(out.join(name)).unwrap();
    let diff = read("diff-2019-01-01-2022-01-01.svg");
    assert!(read("diff-2022-01-01-2025-01-01.svg").contains("2022 → 2025"));
    // A diff diagram: the weights before and after.
    assert!(diff.contains("2019 → 2022") && diff.contains("+0.60 → +0.90"));
    let d = centres(&diff);
    for frame in ["2019-01-01.svg", "2022-01-01.svg"] {
        let f = centres(&read(frame));
        let actors: Vec<&String> = f
            .keys()
            .filter(|k| k.starts_with('n') && k[1..].bytes().all(|c| c.is_ascii_digit()))
            .collect();
        assert!(actors.len() >= 9, "{actors:?}");
        for id in actors {
            let (p, q) = (f[id], d[id]);
            assert!(
                (p.0 - q.0).abs() < 0.01 && (p.1 - q.1).abs() < 0.01,
                "{id} is at {p:?} in {frame} and at {q:?} in the diff"
            );
        }
    }
    detente([
        "render", SAMPLE, "--from", "2019", "--to", "2025", "--diffs", "-o", "x.gif",
    ])
    .run()
    .code(2)
    .stderr_is(
        "error: --diffs writes diff diagrams beside the frames of the file's own actors: drop \
         --diffs, or the animation format or --level state\n",
    );
}

#[cfg(feature = "builtin-render")]
#[test]
fn frames_join_no_untied_member_to_its_state_by_an_invisible_edge() {
    // One date's diagram anchors an untied member beside its state's node; frames share one
    // layout instead, so their edges stay the ties alone.
    let single = detente(["render", SAMPLE, "--at", "2020-03"]).run();
    single.ok();
    let anchors = |dot: &str| {
        dot.lines()
            .filter(|l| l.contains("->") && l.contains("[style=\"invis\"]"))
            .count()
    };
    assert!(anchors(&single.stdout) > 0, "{}", single.stdout);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("frames");
    frames_of(&["--format", "dot"], &out);
    let mut seen = 0;
    for entry in std::fs::read_dir(&out).unwrap() {
        let dot = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        assert_eq!(anchors(&dot), 0, "{dot}");
        seen += 1;
    }
    assert_eq!(seen, 3);
}
