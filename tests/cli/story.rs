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
        .args(["-o"])
        .arg(&page)
        .run()
        .ok();
    page
}

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
