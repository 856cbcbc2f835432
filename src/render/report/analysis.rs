//! The `analyze` views of an [`Analysis`]: a readable report and JSON with the fields
//! docs/metrics.md describes (`date`, `actors`, `balance`, `blocs`, `components`).

use serde::Serialize;

use super::Origin;
use super::table::{Align, printable, table};
use std::collections::BTreeMap;

use crate::analysis::{Analysis, Census, Metric, PathLengths, SignedKind, SignedPair};
use crate::model::Id;
use crate::render::format::{self, round12, round12_opt, score};

/// An actor's metrics as JSON.
#[derive(Debug, Serialize)]
pub(crate) struct ActorView<'a> {
    pub id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub degree: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ties: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub strength: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub positive_strength: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub negative_strength: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pagerank: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub betweenness: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closeness: Option<f64>,
    /// `null` when the iteration did not converge; absent when not asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eigenvector: Option<Option<f64>>,
}

/// A frustrated tie as JSON.
#[derive(Debug, Serialize)]
pub(crate) struct PairView<'a> {
    pub from: &'a str,
    pub to: &'a str,
    pub sign: char,
}

/// The frustration index as JSON.
#[derive(Debug, Serialize)]
pub(crate) struct FrustrationView<'a> {
    pub index: usize,
    pub exact: bool,
    pub groups: [&'a [Id]; 2],
    pub edges: Vec<PairView<'a>>,
}

/// Structural balance as JSON.
#[derive(Debug, Serialize)]
pub(crate) struct BalanceView<'a> {
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub triangles: Option<TrianglesView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub frustration: Option<FrustrationView<'a>>,
}

/// The triangle census and the balance tests as JSON.
#[derive(Debug, Serialize)]
pub(crate) struct TrianglesView<'a> {
    pub triangles: u64,
    pub balanced: bool,
    pub triangles_balanced: bool,
    pub weakly_balanced: bool,
    pub ratio: Option<f64>,
    pub census: Census,
    pub unbalanced: &'a [[Id; 3]],
}

/// One bloc as JSON.
#[derive(Debug, Serialize)]
pub(crate) struct BlocView<'a> {
    pub id: usize,
    pub actors: &'a [Id],
}

/// How the blocs were found, as JSON.
#[derive(Debug, Serialize)]
pub(crate) struct PartitionView<'a> {
    pub k: usize,
    pub rule: &'static str,
    pub cost: usize,
    pub exact: bool,
    pub unaligned: &'a [Id],
    pub tried: Vec<TriedView>,
}

/// One K tried by the automatic rule.
#[derive(Debug, Serialize)]
pub(crate) struct TriedView {
    pub k: usize,
    pub cost: usize,
    pub exact: bool,
}

/// How betweenness was computed.
#[derive(Debug, Serialize)]
pub(crate) struct BetweennessView {
    pub exact: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sampled_sources: Option<usize>,
    /// `"hops"` when path lengths were hop counts; absent for the default 1/|w|.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lengths: Option<&'static str>,
}

/// How closeness was computed: from every actor, or estimated from the sampled sources.
#[derive(Debug, Serialize)]
pub(crate) struct ClosenessView {
    pub exact: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sampled_sources: Option<usize>,
}

/// The whole `analyze --format json` document.
#[derive(Debug, Serialize)]
pub(crate) struct AnalysisView<'a> {
    pub date: String,
    pub level: &'a str,
    /// How persons entered balance, frustration and blocs: `with_their_state`, `separate` or
    /// `rolled_up`.
    pub persons: &'static str,
    pub actors: Vec<ActorView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub balance: Option<BalanceView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub blocs: Option<Vec<BlocView<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partition: Option<PartitionView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub components: Option<&'a [Vec<Id>]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub positive_components: Option<&'a [Vec<Id>]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub betweenness: Option<BetweennessView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closeness: Option<ClosenessView>,
    pub signed_view: SignedView<'a>,
}

/// How the signed view (balance, frustration, blocs) was built from the ties.
#[derive(Debug, Serialize)]
pub(crate) struct SignedView<'a> {
    pub combine: &'static str,
    pub kinds: &'a BTreeMap<Id, SignedKind>,
}

/// The rule the signed view combines a pair's ties by (docs/metrics.md).
const SIGNED_COMBINE: &str = "a pair's sign is the sign of the sum, over its ties of signed \
    kinds in either direction, of factor × weight / scale magnitude; a pair whose sum is 0 has \
    no sign";

fn pair_view(p: &SignedPair) -> PairView<'_> {
    PairView {
        from: &p.a,
        to: &p.b,
        sign: p.sign.symbol(),
    }
}

/// How persons entered the signed measures, as JSON and the text report name it.
fn persons(analysis: &Analysis, level: &str) -> &'static str {
    if level == "state" {
        "rolled_up"
    } else {
        analysis.persons.as_str()
    }
}

/// The serialisable view of `analysis`; `level` is `grouped`, `all` or `state`.
pub(crate) fn view<'a>(analysis: &'a Analysis, level: &'a str) -> AnalysisView<'a> {
    let b = &analysis.balance;
    let has = |m| analysis.metrics.has(m);
    AnalysisView {
        date: analysis.date.to_string(),
        level,
        persons: persons(analysis, level),
        actors: analysis
            .actors
            .iter()
            .map(|a| {
                let degree = has(Metric::Degree);
                ActorView {
                    id: &a.id,
                    degree: degree.then_some(a.degree),
                    ties: degree.then_some(a.ties),
                    strength: degree.then(|| round12(a.strength)),
                    positive_strength: degree.then(|| round12(a.positive_strength)),
                    negative_strength: degree.then(|| round12(a.negative_strength)),
                    pagerank: has(Metric::PageRank).then(|| round12(a.pagerank)),
                    betweenness: has(Metric::Betweenness).then(|| round12(a.betweenness)),
                    closeness: has(Metric::Closeness).then(|| round12(a.closeness)),
                    eigenvector: has(Metric::Eigenvector).then(|| round12_opt(a.eigenvector)),
                }
            })
            .collect(),
        balance: (has(Metric::Balance) || has(Metric::Frustration)).then(|| BalanceView {
            triangles: has(Metric::Balance).then(|| TrianglesView {
                triangles: b.census.triangles(),
                balanced: b.balanced,
                triangles_balanced: b.triangles_balanced,
                weakly_balanced: b.weakly_balanced,
                ratio: round12_opt(b.ratio),
                census: b.census,
                unbalanced: &b.unbalanced,
            }),
            frustration: has(Metric::Frustration).then(|| FrustrationView {
                index: b.frustration.index,
                exact: b.frustration.exact,
                groups: [&b.frustration.groups[0], &b.frustration.groups[1]],
                edges: b.frustration.edges.iter().map(pair_view).collect(),
            }),
        }),
        blocs: has(Metric::Blocs).then(|| {
            analysis
                .blocs
                .blocs
                .iter()
                .enumerate()
                .map(|(i, actors)| BlocView { id: i + 1, actors })
                .collect()
        }),
        partition: has(Metric::Blocs).then(|| PartitionView {
            k: analysis.blocs.k,
            rule: if analysis.blocs.automatic {
                "auto"
            } else {
                "fixed"
            },
            cost: analysis.blocs.cost,
            exact: analysis.blocs.exact,
            unaligned: &analysis.blocs.unaligned,
            tried: analysis
                .blocs
                .tried
                .iter()
                .map(|&(k, cost, exact)| TriedView { k, cost, exact })
                .collect(),
        }),
        components: has(Metric::Components).then_some(&analysis.components.all[..]),
        positive_components: has(Metric::Components).then_some(&analysis.components.positive[..]),
        betweenness: has(Metric::Betweenness).then(|| BetweennessView {
            exact: analysis.betweenness_samples.is_none(),
            sampled_sources: analysis.betweenness_samples,
            lengths: (analysis.betweenness_lengths == PathLengths::Hops).then_some("hops"),
        }),
        closeness: has(Metric::Closeness).then(|| ClosenessView {
            exact: analysis.betweenness_samples.is_none(),
            sampled_sources: analysis.betweenness_samples,
        }),
        signed_view: SignedView {
            combine: SIGNED_COMBINE,
            kinds: &analysis.signed_kinds,
        },
    }
}

/// `analyze --format json`: pretty-printed, with how it was made, ending with a newline.
pub fn json(analysis: &Analysis, level: &str, origin: &Origin) -> String {
    super::origin::json(&view(analysis, level), origin)
}

fn list(ids: &[Id]) -> String {
    if ids.is_empty() {
        "(none)".to_string()
    } else {
        join(ids)
    }
}

/// Ids joined with `, `, each escaped for the terminal; past [`super::LISTED`], the first ones
/// and how many more.
fn join(ids: &[Id]) -> String {
    super::listed(ids.iter().map(Id::as_str), ", ")
}

fn exactness(exact: bool) -> &'static str {
    if exact { "exact" } else { "upper bound" }
}

fn yes(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

/// `analyze --format text`: actors, balance, frustration, blocs and components.
pub fn text(analysis: &Analysis, title: Option<&str>, level: &str) -> String {
    let mut out = String::new();
    let heading = match title {
        Some(t) => format!("{} — analysis as of {}", printable(t), analysis.date),
        None => format!("Analysis as of {}", analysis.date),
    };
    out.push_str(&heading);
    if level == "state" {
        out.push_str(" (state level)");
    }
    out.push_str("\n\n");
    let has = |m| analysis.metrics.has(m);
    // Each column with the metric it shows (`None`: always shown); absent metrics drop out.
    let columns: [(&str, Option<Metric>); 9] = [
        ("actor", None),
        ("degree", Some(Metric::Degree)),
        ("strength", Some(Metric::Degree)),
        ("positive", Some(Metric::Degree)),
        ("negative", Some(Metric::Degree)),
        ("pagerank", Some(Metric::PageRank)),
        ("betweenness", Some(Metric::Betweenness)),
        ("closeness", Some(Metric::Closeness)),
        ("eigenvector", Some(Metric::Eigenvector)),
    ];
    let shown: Vec<bool> = columns.iter().map(|(_, m)| m.is_none_or(&has)).collect();
    let rows: Vec<Vec<String>> = analysis
        .actors
        .iter()
        .map(|a| {
            [
                printable(&a.id),
                a.degree.to_string(),
                format::signed(a.strength),
                format::signed(a.positive_strength),
                format::signed(a.negative_strength),
                score(a.pagerank),
                score(a.betweenness),
                score(a.closeness),
                a.eigenvector.map_or_else(|| "-".to_string(), score),
            ]
            .into_iter()
            .zip(&shown)
            .filter(|(_, shown)| **shown)
            .map(|(cell, _)| cell)
            .collect()
        })
        .collect();
    out.push_str(&format!("Actors ({})\n", rows.len()));
    let headers: Vec<&str> = columns
        .iter()
        .zip(&shown)
        .filter(|(_, shown)| **shown)
        .map(|((name, _), _)| *name)
        .collect();
    let mut align = vec![Align::Right; headers.len()];
    align[0] = Align::Left;
    out.push_str(&table(&headers, &align, &rows));
    if has(Metric::Betweenness) {
        if let Some(k) = analysis.betweenness_samples {
            out.push_str(&format!(
                "(betweenness estimated from {k} sampled sources)\n"
            ));
        }
        if analysis.betweenness_lengths == PathLengths::Hops {
            out.push_str("(betweenness path lengths are hop counts, not 1/|w|)\n");
        }
    }
    if has(Metric::Closeness)
        && let Some(k) = analysis.betweenness_samples
    {
        out.push_str(&format!("(closeness estimated from {k} sampled sources)\n"));
    }
    let b = &analysis.balance;
    if has(Metric::Balance) {
        out.push_str("\nStructural balance\n");
        let c = &b.census;
        out.push_str(&format!(
            "  triangles: {} (+++ {}, ++- {}, +-- {}, --- {})\n",
            c.triangles(),
            c.ppp,
            c.ppm,
            c.pmm,
            c.mmm
        ));
        let ratio = b
            .ratio
            .map_or_else(|| "n/a (no triangles)".to_string(), score);
        out.push_str(&format!("  balanced triangles: {ratio}\n"));
        out.push_str(&format!(
            "  balanced: {}   weakly balanced: {}\n",
            yes(b.balanced),
            yes(b.weakly_balanced)
        ));
        if !b.unbalanced.is_empty() {
            out.push_str(&format!(
                "  unbalanced triangles ({}):\n",
                b.unbalanced.len()
            ));
            for t in b.unbalanced.iter().take(20) {
                out.push_str(&format!(
                    "    {} · {} · {}\n",
                    printable(&t[0]),
                    printable(&t[1]),
                    printable(&t[2])
                ));
            }
            if b.unbalanced.len() > 20 {
                out.push_str(&format!(
                    "    … and {} more (see --format json)\n",
                    b.unbalanced.len() - 20
                ));
            }
        }
    }
    if has(Metric::Frustration) {
        let f = &b.frustration;
        out.push_str(&format!(
            "\nFrustration index: {} ({})\n",
            f.index,
            exactness(f.exact)
        ));
        out.push_str(&format!("  side A: {}\n", list(&f.groups[0])));
        out.push_str(&format!("  side B: {}\n", list(&f.groups[1])));
        if !f.edges.is_empty() {
            let ties: Vec<String> = f
                .edges
                .iter()
                .map(|e| {
                    format!(
                        "{} {} {}",
                        printable(&e.a),
                        e.sign.symbol(),
                        printable(&e.b)
                    )
                })
                .collect();
            out.push_str(&format!("  frustrated ties: {}\n", ties.join(", ")));
        }
    }
    if has(Metric::Blocs) {
        let blocs = &analysis.blocs;
        let rule = if blocs.automatic {
            "chosen automatically"
        } else {
            "as asked"
        };
        out.push_str(&format!(
            "\nBlocs (K = {}, {rule}; violated ties: {}, {})\n",
            blocs.k,
            blocs.cost,
            exactness(blocs.exact)
        ));
        for (i, members) in blocs.blocs.iter().enumerate() {
            out.push_str(&format!("  {}: {}\n", i + 1, list(members)));
        }
        if persons(analysis, level) == "with_their_state" {
            out.push_str("  (persons holding a post are placed with the state of that post)\n");
        }
        if !blocs.unaligned.is_empty() {
            out.push_str(&format!("  no signed tie: {}\n", list(&blocs.unaligned)));
        }
    }
    if has(Metric::Components) {
        let comps = &analysis.components;
        out.push_str(&format!(
            "\nComponents: {} over all ties, {} over positive ties\n",
            comps.all.len(),
            comps.positive.len()
        ));
        for (name, groups) in [("all ties", &comps.all), ("positive", &comps.positive)] {
            // At most the first `LISTED` groups too: a large sparse graph has thousands.
            let tied = groups.iter().filter(|g| g.len() > 1);
            let shown = super::capped(
                tied.clone().count(),
                tied.map(|g| format!("{{{}}}", join(g))),
                " ",
            );
            let singles = groups.iter().filter(|g| g.len() == 1).count();
            out.push_str(&format!(
                "  {name}: {}{}\n",
                if shown.is_empty() {
                    "(no ties)".to_string()
                } else {
                    shown
                },
                if singles > 0 {
                    format!(" + {singles} alone")
                } else {
                    String::new()
                }
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{Spec, generate};

    #[test]
    fn a_large_bloc_lists_its_first_members_in_text_and_all_in_json() {
        let model = generate(&Spec::sized(120, 900, 2));
        let snapshot = crate::Snapshot::at(&model, "2030".parse().expect("a date"));
        let analysis = crate::analysis::analyze(&snapshot, &crate::analysis::Options::default());
        let largest = analysis
            .blocs
            .blocs
            .iter()
            .map(Vec::len)
            .max()
            .expect("a bloc");
        assert!(largest > super::super::LISTED, "{largest}");
        let text = text(&analysis, None, "all");
        let more = format!("… and {} more", largest - super::super::LISTED);
        assert!(text.contains(&more), "{text}");
        let json: serde_json::Value =
            serde_json::from_str(&json(&analysis, "all", &Origin::new(Vec::new()))).expect("JSON");
        let listed: usize = json["blocs"]
            .as_array()
            .expect("blocs")
            .iter()
            .map(|b| b["actors"].as_array().map_or(0, Vec::len))
            .sum();
        let in_blocs: usize = analysis.blocs.blocs.iter().map(Vec::len).sum();
        assert_eq!(listed, in_blocs);
    }

    #[test]
    fn many_components_list_their_first_ones_in_text() {
        // 60 pairs of actors, each pair tied only to each other: 60 components of two.
        let mut yaml = String::from("detente: 1\nactors:\n");
        for i in 0..120 {
            yaml.push_str(&format!("  A{i:03}: {{name: A{i:03}, kind: state}}\n"));
        }
        yaml.push_str("relations:\n");
        for i in (0..120).step_by(2) {
            yaml.push_str(&format!(
                "  - {{between: [A{i:03}, A{:03}], series: [{{date: 2020, weight: 0.5}}]}}\n",
                i + 1
            ));
        }
        let model = crate::load::load_str(&yaml, "pairs.yaml").expect("a valid graph");
        let snapshot = crate::Snapshot::at(&model, "2021".parse().expect("a date"));
        let analysis = crate::analysis::analyze(&snapshot, &crate::analysis::Options::default());
        assert_eq!(analysis.components.all.len(), 60);
        let text = text(&analysis, None, "all");
        let line = text
            .lines()
            .find(|l| l.trim_start().starts_with("all ties:"))
            .expect("the components line");
        assert_eq!(line.matches('{').count(), super::super::LISTED, "{line}");
        assert!(
            line.ends_with(&format!("… and {} more", 60 - super::super::LISTED)),
            "{line}"
        );
    }
}
