//! `detente render --format html`: the interactive story, loaded in headless Chromium at fragment
//! dates and compared with `show --format json`; hostile names stay text; nothing is fetched.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use crate::support::{detente, fixture};

const GRAPH: &str = "graphs/us-belarus.yaml";

/// Whether headless Chromium is installed. Under CI its absence fails the test instead of
/// skipping it, since .ci/run installs it.
fn have_chromium() -> bool {
    let found = Command::new("chromium")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        found || std::env::var_os("CI").is_none(),
        "CI is set but Chromium (`chromium`) is not installed"
    );
    if !found {
        eprintln!("skipped: Chromium (`chromium`) is not installed");
    }
    found
}

/// Chromium's flags for a quiet, offline, throw-away headless run.
fn chromium(profile: &Path) -> Command {
    let mut c = Command::new("chromium");
    c.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--hide-scrollbars",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    c
}

/// The page at `page#fragment` after its script ran, as Chromium serializes it.
fn dom(page: &Path, fragment: &str) -> String {
    let profile = tempfile::tempdir().unwrap();
    let out = chromium(profile.path())
        .arg("--dump-dom")
        .arg(format!("file://{}#{fragment}", page.display()))
        .output()
        .expect("chromium runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The visible `data-tie` elements of a serialized DOM, with their `data-weight`.
fn visible_ties(dom: &str) -> BTreeMap<String, f64> {
    let mut out = BTreeMap::new();
    // Element tags only (the script's comments mention the attribute too).
    let tags = dom
        .split('<')
        .filter(|t| t.starts_with("g ") && t.contains("data-tie=\""));
    for tag in tags {
        let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
        let attr = |name: &str| {
            let start = tag.find(&format!("{name}=\""))? + name.len() + 2;
            Some(tag[start..].split('"').next()?.to_string())
        };
        if attr("style").is_some_and(|s| s.replace(' ', "").contains("display:none")) {
            continue;
        }
        let weight = attr("data-weight").expect("a visible tie has a weight");
        out.insert(
            attr("data-tie").unwrap().replace("&amp;", "&"),
            weight.parse().unwrap(),
        );
    }
    out
}

/// `show --format json`'s ties on `date`, keyed as the page keys them.
fn shown_ties(file: &str, date: &str) -> BTreeMap<String, f64> {
    let out = detente(["show", file, "--at", date, "--format", "json"]).run();
    out.ok();
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    json["ties"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            let key = format!(
                "{}|{}|{}",
                t["from"].as_str().unwrap(),
                t["to"].as_str().unwrap(),
                t["kind"].as_str().unwrap()
            );
            (key, t["weight"].as_f64().unwrap())
        })
        .collect()
}

fn story(file: &Path, dir: &Path) -> std::path::PathBuf {
    let page = dir.join("story.html");
    detente(["render"])
        .arg(file)
        .args(["--format", "html", "-o"])
        .arg(&page)
        .run()
        .ok();
    page
}

#[cfg(feature = "builtin-render")]
#[test]
fn the_page_is_self_contained_and_small() {
    let dir = tempfile::tempdir().unwrap();
    let page = story(&crate::support::repo(GRAPH), dir.path());
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.len() < 2_000_000, "{} bytes", html.len());
    // Nothing to fetch: no external script, style, font or image, and a policy that forbids it.
    for needle in ["<script src", "<link", "@import", "url(", "<img", "<iframe"] {
        assert!(!html.contains(needle), "the page has {needle}");
    }
    assert!(html.contains("content=\"default-src 'none';"));
}

#[cfg(feature = "builtin-render")]
#[test]
fn the_ties_shown_at_a_fragment_date_are_shows() {
    if !have_chromium() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let page = story(&crate::support::repo(GRAPH), dir.path());
    let mut seen = Vec::new();
    for date in ["2020-03-01", "2025-05-01"] {
        let dom = dom(&page, date);
        let (page_ties, show_ties) = (visible_ties(&dom), shown_ties(GRAPH, date));
        assert_eq!(
            page_ties.keys().collect::<Vec<_>>(),
            show_ties.keys().collect::<Vec<_>>(),
            "on {date}"
        );
        for (key, w) in &show_ties {
            assert!((page_ties[key] - w).abs() < 1e-9, "{key} on {date}");
        }
        assert!(dom.contains(&format!("<output id=\"date\">{date}</output>")));
        seen.push(page_ties);
    }
    assert_ne!(seen[0], seen[1], "the two dates show different ties");
}

#[cfg(feature = "builtin-render")]
#[test]
fn hostile_names_stay_text() {
    if !have_chromium() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let page = story(&fixture("render-hostile.yaml"), dir.path());
    let dom = dom(&page, "2020-01-01");
    // The name `<b>html</b> & <img src="/etc/passwd"/>` is text, never an element.
    assert!(!dom.contains("<img") && !dom.contains("<b>"), "{dom}");
    assert!(
        dom.contains("&lt;b&gt;html&lt;/b&gt; &amp; &lt;img src=\"/etc/passwd\"/&gt;")
            || dom
                .contains("&lt;b&gt;html&lt;/b&gt; &amp; &lt;img src=&quot;/etc/passwd&quot;/&gt;")
    );
    let ties = visible_ties(&dom);
    assert_eq!(
        ties.len(),
        shown_ties("tests/fixtures/render-hostile.yaml", "2020-01-01").len()
    );
}

#[test]
fn the_story_has_every_date_and_a_picture_needs_one() {
    detente(["render", GRAPH, "--format", "html", "--at", "2020"])
        .run()
        .code(2)
        .stderr_is(
            "error: the HTML story has every date; drop --at (open the page at `#YYYY-MM-DD`)\n",
        );
    detente(["render", GRAPH, "--format", "svg"])
        .run()
        .code(2)
        .stderr_is(
            "error: give --at DATE, --from and --to for frames, or --format html for the whole \
             story\n",
        );
}

/// The size and RGBA pixels of a PNG file (RGB ones get an opaque alpha).
pub(crate) fn pixels(path: &Path) -> (u32, u32, Vec<u8>) {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
    let mut reader = decoder.read_info().expect("a PNG header");
    let mut pixels = vec![0; reader.output_buffer_size().expect("a sane size")];
    let info = reader.next_frame(&mut pixels).expect("the image decodes");
    let rgba = match info.color_type {
        png::ColorType::Rgba => pixels[..info.buffer_size()].to_vec(),
        png::ColorType::Rgb => pixels[..info.buffer_size()]
            .chunks(3)
            .flat_map(|p| [p[0], p[1], p[2], 255])
            .collect(),
        other => panic!("unexpected colour type {other:?}"),
    };
    (info.width, info.height, rgba)
}

#[cfg(feature = "builtin-render")]
#[test]
fn a_screenshot_of_the_page_shows_the_diagram() {
    if !have_chromium() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let page = story(&crate::support::repo(GRAPH), dir.path());
    let shot = dir.path().join("shot.png");
    let profile = tempfile::tempdir().unwrap();
    let out = chromium(profile.path())
        .arg("--window-size=1400,1000")
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("file://{}#2020-03-01", page.display()))
        .output()
        .expect("chromium runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (w, h, px) = pixels(&shot);
    assert_eq!((w, h), (1400, 1000));
    // Loosely pinned: the page is mostly white, with blue (cooperative) and vermillion (hostile)
    // ties drawn on 2020-03-01.
    let count = |f: &dyn Fn(&[u8]) -> bool| px.chunks(4).filter(|p| f(p)).count();
    let white = count(&|p| p[0] > 240 && p[1] > 240 && p[2] > 240);
    assert!(white > px.len() / 4 / 2, "{white} white pixels");
    assert!(
        count(&|p| p[0] < 40 && (90..140).contains(&p[1]) && p[2] > 150) > 100,
        "blue"
    );
    assert!(
        count(&|p| p[0] > 180 && (70..110).contains(&p[1]) && p[2] < 40) > 100,
        "vermillion"
    );
}

#[cfg(feature = "builtin-render")]
#[test]
fn a_tie_shows_the_point_in_force_with_its_event_and_sources() {
    if !have_chromium() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let page = story(&crate::support::repo(GRAPH), dir.path());
    let page_dom = dom(&page, "2020-03-01&tie=BLR%7CUSA%7Cdiplomatic");
    let info = &page_dom[page_dom.find("<aside id=\"info\">").expect("the panel")..];
    let info = &info[..info.find("</aside>").unwrap()];
    assert!(
        info.contains("<h2>Belarus — United States (diplomatic)</h2>"),
        "{info}"
    );
    assert!(info.contains("Weight: +0.30"), "{info}");
    assert!(info.contains("In force since 2020-02-01"), "{info}");
    assert!(
        info.contains(
            "2020-02-01: US Secretary of State Mike Pompeo visits Minsk and meets Lukashenko"
        ),
        "{info}"
    );
    assert!(
        info.contains(
            "<a href=\"https://belarusfeed.com/secretary-pompeo-meets-lukashenko-belarus/\""
        ),
        "{info}"
    );
    let actor = dom(&page, "2020-03-01&actor=pompeo");
    assert!(actor.contains("<h2>Mike Pompeo</h2>") && actor.contains("<h3>Posts</h3>"));
}

#[cfg(feature = "builtin-render")]
#[test]
fn an_html_output_file_is_the_story() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("story.html");
    detente(["render", "tests/fixtures/render-sample.yaml", "-o"])
        .arg(&page)
        .run()
        .ok();
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("data-tie=\""));
}

const LINEAR: &str = "tests/fixtures/story-linear.yaml";

/// Asserts that the ties visible in `dom` are `show --format json`'s on `date` in `file`.
fn assert_shows(dom: &str, file: &str, date: &str) -> BTreeMap<String, f64> {
    let (page_ties, show_ties) = (visible_ties(dom), shown_ties(file, date));
    assert_eq!(
        page_ties.keys().collect::<Vec<_>>(),
        show_ties.keys().collect::<Vec<_>>(),
        "on {date}"
    );
    for (key, w) in &show_ties {
        assert!(
            (page_ties[key] - w).abs() < 1e-9,
            "{key} on {date}: {} vs {w}",
            page_ties[key]
        );
    }
    assert!(
        dom.contains(&format!("<output id=\"date\">{date}</output>")),
        "the page does not say {date}"
    );
    page_ties
}

#[cfg(feature = "builtin-render")]
#[test]
fn a_linear_tie_shows_shows_weight_between_its_points() {
    if !have_chromium() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let page = story(&crate::support::repo(LINEAR), dir.path());
    // 2020-07-01 is a stop of the slider inside the linear stretch: the weight has moved from
    // -0.5 half way (182 of 366 days) to 0.5.
    let ties = assert_shows(&dom(&page, "2020-07-01"), LINEAR, "2020-07-01");
    let w = ties["A|B|trade"];
    assert!((w - (-0.5 + 182.0 / 366.0)).abs() < 1e-9, "{w}");
    // Between two stops, the page opens on the stop before (and says so), never showing one
    // date's weights under another date.
    assert_shows(&dom(&page, "2020-07-20"), LINEAR, "2020-07-01");
}

#[cfg(feature = "builtin-render")]
#[test]
fn moving_the_slider_shows_the_ties_of_its_date() {
    if !have_chromium() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let page = story(&crate::support::repo(LINEAR), dir.path());
    let start = assert_shows(&dom(&page, "2020-01-01"), LINEAR, "2020-01-01");
    // The same page with a script after the viewer's that drags the slider to 2020-10-01, as a
    // hand on the range input would: set its value, then fire `input`.
    let html = std::fs::read_to_string(&page).unwrap();
    let drag = "<script>(function () {\n\
        var dates = JSON.parse(document.getElementById('story-data').textContent).dates;\n\
        var slider = document.getElementById('slider');\n\
        slider.value = String(dates.indexOf('2020-10-01'));\n\
        slider.dispatchEvent(new Event('input', { bubbles: true }));\n\
        document.body.setAttribute('data-hash', location.hash);\n\
        })();</script>\n</body>";
    let dragged = dir.path().join("dragged.html");
    std::fs::write(&dragged, html.replacen("</body>", drag, 1)).unwrap();
    let dom = dom(&dragged, "2020-01-01");
    let moved = assert_shows(&dom, LINEAR, "2020-10-01");
    assert_ne!(start, moved);
    // The slider's date is the page's address.
    assert!(dom.contains("data-hash=\"#2020-10-01\""), "{dom}");
}
