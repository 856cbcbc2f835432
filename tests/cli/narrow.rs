//! The filters (`--kinds`, `--exclude-kinds`, `--only`, `--exclude`, `--ego`) on `explain`,
//! `timeline`, the HTML story and the CSV and GEXF exports, which read the graph over time.

use crate::support::detente;

const GRAPH: &str = "graphs/us-belarus.yaml";

#[test]
fn explain_leaves_out_filtered_kinds_with_a_note() {
    let all = detente(["explain", GRAPH, "USA", "BLR", "--at", "2025-12"]).run();
    all.ok().stdout_has("BLR -- USA (diplomatic)").stderr_is("");
    detente(["explain", GRAPH, "USA", "BLR", "--at", "2025-12"])
        .args(["--exclude-kinds", "diplomatic"])
        .run()
        .ok()
        .stdout_is("Ties between USA and BLR on 2025-12\n\n(no tie between them)\n")
        .stderr_is("note: the filter leaves out 1 tie between USA and BLR (kind diplomatic)\n");
    // Keeping the kind changes nothing and says nothing.
    detente(["explain", GRAPH, "USA", "BLR", "--at", "2025-12"])
        .args(["--kinds", "diplomatic,contact"])
        .run()
        .ok()
        .stdout_is(&all.stdout)
        .stderr_is("");
}

#[test]
fn explain_of_an_actor_left_out_explains_no_tie() {
    for filter in [
        &["--exclude", "USA"][..],
        &["--only", "BLR,RUS"],
        // Russia alone: depth 0 reaches no one.
        &["--ego", "RUS", "--depth", "0"],
    ] {
        detente(["explain", GRAPH, "USA", "BLR", "--at", "2025-12"])
            .args(filter)
            .run()
            .ok()
            .stdout_has("(no tie between them)")
            .stderr_has("note: the filter leaves out USA");
    }
    detente([
        "explain", GRAPH, "USA", "BLR", "--at", "2025-12", "--format", "json",
    ])
    .args(["--ego", "BLR"])
    .run()
    .ok()
    .stdout_has("\"diplomatic\"")
    .stderr_is("");
    detente([
        "explain",
        GRAPH,
        "USA",
        "BLR",
        "--at",
        "2025-12",
        "--kinds",
        "diplomatc",
    ])
    .run()
    .code(2)
    .stderr_has("--kinds: no tie of kind `diplomatc` in the graph; did you mean `diplomatic`?");
}

#[test]
fn timeline_draws_and_ranks_only_the_kept_ties() {
    let top = |extra: &[&str]| {
        let out = detente([
            "timeline", GRAPH, "--top", "5", "--from", "2020", "--to", "2023",
        ])
        .args(extra)
        .run();
        out.ok();
        out.stdout
    };
    assert!(top(&[]).contains("(diplomatic)"));
    let kept = top(&["--exclude-kinds", "diplomatic"]);
    assert!(!kept.contains("(diplomatic)"));
    // Five ties still: --top chooses among the kept ones.
    assert!(kept.contains("5 ties, 2020 to 2023-12-31"), "{kept}");
    let only = top(&["--only", "BLR,RUS,putin,lukashenko"]);
    assert!(!only.contains("United States"));
    detente(["timeline", GRAPH, "USA", "BLR", "--exclude", "USA"])
        .run()
        .code(2)
        .stderr_is(
            "error: --only or --exclude leaves out `USA`; nothing to draw between USA and BLR\n",
        );
    detente(["timeline", GRAPH, "USA", "BLR", "--kinds", "alliance"])
        .run()
        .code(2)
        .stderr_is(
            "error: no tie joins USA and BLR among the kinds --kinds and --exclude-kinds keep\n",
        );
    detente(["timeline", GRAPH, "USA", "BLR", "--ego", "USA"])
        .run()
        .code(2)
        .stderr_has("error: --ego: an ego network needs a date");
}

#[cfg(feature = "builtin-render")]
/// The ties of the HTML story's embedded data, as `FROM|TO|KIND` keys.
fn story_ties(extra: &[&str]) -> Vec<String> {
    let out = detente(["render", GRAPH, "--format", "html"])
        .args(extra)
        .run();
    out.ok();
    let page = &out.stdout;
    let start = page.find("id=\"story-data\">").unwrap() + "id=\"story-data\">".len();
    let end = start + page[start..].find("</script>").unwrap();
    let data: serde_json::Value = serde_json::from_str(&page[start..end]).unwrap();
    data["ties"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["key"].as_str().unwrap().to_string())
        .collect()
}

#[cfg(feature = "builtin-render")]
#[test]
fn the_html_story_holds_only_the_kept_ties() {
    assert!(story_ties(&[]).iter().any(|k| k.ends_with("|contact")));
    let kept = story_ties(&["--kinds", "diplomatic,alliance"]);
    assert!(!kept.is_empty());
    assert!(
        kept.iter()
            .all(|k| k.ends_with("|diplomatic") || k.ends_with("|alliance")),
        "{kept:?}"
    );
    let without = story_ties(&["--exclude", "RUS"]);
    assert!(!without.is_empty());
    assert!(
        without
            .iter()
            .all(|k| !k.split('|').take(2).any(|a| a == "RUS"))
    );
    detente(["render", GRAPH, "--format", "html", "--ego", "BLR"])
        .run()
        .code(2)
        .stderr_has("and the HTML story has every date; name the actors with --only");
}

#[test]
fn csv_and_gexf_exports_narrow_every_relation_and_actor() {
    let csv = |extra: &[&str]| {
        let out = detente(["export", GRAPH]).args(extra).run();
        out.ok();
        out.stdout
    };
    let kinds = |text: &str| -> Vec<String> {
        csv::Reader::from_reader(text.as_bytes())
            .records()
            .map(|r| r.unwrap()[2].to_string())
            .collect()
    };
    assert!(kinds(&csv(&[])).iter().any(|k| k == "contact"));
    let kept = kinds(&csv(&["--exclude-kinds", "contact"]));
    assert!(!kept.is_empty() && kept.iter().all(|k| k != "contact"));
    let only = csv(&["--only", "USA,BLR"]);
    for row in csv::Reader::from_reader(only.as_bytes()).records() {
        let row = row.unwrap();
        assert!(["USA", "BLR"].contains(&&row[0]) && ["USA", "BLR"].contains(&&row[1]));
    }
    let dir = tempfile::tempdir().unwrap();
    let actors = dir.path().join("actors.csv");
    detente([
        "export",
        GRAPH,
        "--exclude",
        "lukashenko",
        "--actors-output",
    ])
    .arg(&actors)
    .run()
    .ok();
    let table = std::fs::read_to_string(&actors).unwrap();
    assert!(
        table.contains("\nUSA,") && !table.contains("\nlukashenko,"),
        "{table}"
    );

    let gexf = |extra: &[&str]| {
        let out = detente(["export", GRAPH, "--format", "gexf"])
            .args(extra)
            .run();
        out.ok();
        out.stdout
    };
    assert!(gexf(&[]).contains("label=\"contact\""));
    let narrowed = gexf(&["--kinds", "diplomatic", "--exclude", "EU"]);
    assert!(narrowed.contains("label=\"diplomatic\""));
    assert!(!narrowed.contains("label=\"contact\""));
    assert!(!narrowed.contains("\"EU\""));
    detente(["export", GRAPH, "--format", "gexf", "--ego", "USA"])
        .run()
        .code(2)
        .stderr_is(
            "error: --ego: an ego network needs a date (who is within reach changes over time); \
             give it with `--format graphml --at DATE`, or name the actors with --only\n",
        );
}

#[cfg(feature = "builtin-render")]
#[test]
fn a_narrowed_html_story_says_so_in_its_heading() {
    let heading = |extra: &[&str]| {
        let out = detente(["render", GRAPH, "--format", "html"])
            .args(extra)
            .run();
        out.ok();
        let start = out.stdout.find("<h1>").unwrap() + 4;
        let end = start + out.stdout[start..].find("</h1>").unwrap();
        out.stdout[start..end].to_string()
    };
    assert_eq!(heading(&[]), "US–Belarus relations, 2019–2025");
    assert_eq!(
        heading(&["--kinds", "diplomatic,alliance", "--exclude", "RUS"]),
        "US–Belarus relations, 2019–2025 (narrowed: only ties of kinds alliance, diplomatic; \
         without actors RUS)"
    );
}
