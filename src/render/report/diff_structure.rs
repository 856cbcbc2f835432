//! The structural section of a diff (`diff --balance`): balance, blocs and centrality ranks
//! before and after, as JSON fields, a text section and Markdown tables.

use std::collections::BTreeMap;

use serde::Serialize;

use super::table::{Align, cell, markdown_table, printable, table};
use crate::analysis::Census;
use crate::diff::structure::{BalanceSide, BlocMove, RankChange, StructureDiff, TriangleChange};
use crate::model::Id;
use crate::render::format;

/// How many rank changes per metric the text and Markdown sections show (JSON has all).
pub(super) const TOP_RANKS: usize = 10;

/// One side's balance figures as JSON.
#[derive(Debug, Serialize)]
pub(crate) struct BalanceSideView<'a> {
    /// All triangles.
    pub triangles: u64,
    /// Triangles by sign.
    pub census: Census,
    /// Balanced / all, or null without triangles.
    pub ratio: Option<f64>,
    /// Frustration index 0.
    pub balanced: bool,
    /// The frustration index.
    pub frustration: FrustrationView,
    /// The blocs: label and sorted members.
    pub blocs: Vec<BlocView<'a>>,
}

/// The frustration index and whether it is proven.
#[derive(Debug, Serialize)]
pub(crate) struct FrustrationView {
    /// The index.
    pub index: usize,
    /// Proven minimal.
    pub exact: bool,
}

/// One bloc.
#[derive(Debug, Serialize)]
pub(crate) struct BlocView<'a> {
    /// Its label, matched across the two sides.
    pub label: u32,
    /// Its members, sorted.
    pub members: &'a [Id],
}

/// The `balance` field of `diff --format json --balance`.
#[derive(Debug, Serialize)]
pub(crate) struct BalanceView<'a> {
    /// The first snapshot.
    pub before: BalanceSideView<'a>,
    /// The second snapshot.
    pub after: BalanceSideView<'a>,
    /// Triangles that became unbalanced.
    pub became_unbalanced: &'a [TriangleChange],
    /// Triangles that became balanced or were broken up.
    pub became_balanced: &'a [TriangleChange],
    /// Actors that changed bloc.
    pub bloc_moves: &'a [BlocMove],
}

/// One entry of the `centrality` field.
#[derive(Debug, Serialize)]
pub(crate) struct RankView<'a> {
    /// The actor.
    pub id: &'a str,
    /// `pagerank` or `betweenness`.
    pub metric: &'static str,
    /// Rank before (1 = most central).
    pub before_rank: usize,
    /// Rank after.
    pub after_rank: usize,
    /// Places gained (negative: lost).
    pub gained: i64,
    /// Score before.
    pub before: f64,
    /// Score after.
    pub after: f64,
}

fn side_view(side: &BalanceSide) -> BalanceSideView<'_> {
    BalanceSideView {
        triangles: side.census.triangles(),
        census: side.census,
        ratio: format::round12_opt(side.ratio),
        balanced: side.balanced,
        frustration: FrustrationView {
            index: side.frustration,
            exact: side.exact,
        },
        blocs: side
            .blocs
            .iter()
            .map(|(&label, members)| BlocView { label, members })
            .collect(),
    }
}

/// The `balance` JSON field.
pub(crate) fn balance_view(s: &StructureDiff) -> BalanceView<'_> {
    let b = &s.balance;
    BalanceView {
        before: side_view(&b.before),
        after: side_view(&b.after),
        became_unbalanced: &b.became_unbalanced,
        became_balanced: &b.became_balanced,
        bloc_moves: &b.bloc_moves,
    }
}

/// The `betweenness` JSON field: how the betweenness ranked in `centrality` was computed;
/// `None` when it was not ranked.
pub(crate) fn betweenness_view(s: &StructureDiff) -> Option<super::analysis::BetweennessView> {
    s.betweenness_ranked
        .then_some(super::analysis::BetweennessView {
            exact: s.betweenness_samples.is_none(),
            sampled_sources: s.betweenness_samples,
            lengths: None,
        })
}

/// The `centrality` JSON field.
pub(crate) fn centrality_view(s: &StructureDiff) -> Vec<RankView<'_>> {
    s.centrality
        .iter()
        .map(|r| RankView {
            id: &r.id,
            metric: r.metric.as_str(),
            before_rank: r.before_rank,
            after_rank: r.after_rank,
            gained: r.gained(),
            before: format::round12(r.before),
            after: format::round12(r.after),
        })
        .collect()
}

fn ratio(side: &BalanceSide) -> String {
    match side.ratio {
        Some(r) => format!(
            "{} of {} ({})",
            side.census.balanced(),
            side.census.triangles(),
            format::percent(r)
        ),
        None => "no triangles".to_string(),
    }
}

fn frustration(side: &BalanceSide) -> String {
    if side.exact {
        side.frustration.to_string()
    } else {
        format!("≤ {}", side.frustration)
    }
}

fn bloc(label: Option<u32>) -> String {
    label.map_or_else(|| "none".to_string(), |l| format!("bloc {l}"))
}

fn blocs(side: &BalanceSide) -> String {
    if side.blocs.is_empty() {
        return "none".to_string();
    }
    side.blocs
        .iter()
        .map(|(label, members)| format!("{label} {{{}}}", members.join(", ")))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The summary lines of the section (plain text, shared by text and Markdown).
fn summary(s: &StructureDiff) -> Vec<String> {
    let (a, b) = (&s.balance.before, &s.balance.after);
    let yes = |x: bool| if x { "yes" } else { "no" };
    let mut lines = vec![
        format!("Frustration index: {} → {}", frustration(a), frustration(b)),
        format!("Balanced triangles: {} → {}", ratio(a), ratio(b)),
        format!("Balanced: {} → {}", yes(a.balanced), yes(b.balanced)),
        format!("Blocs before: {}", blocs(a)),
        format!("Blocs after: {}", blocs(b)),
    ];
    if let Some(k) = s.betweenness_samples.filter(|_| s.betweenness_ranked) {
        lines.push(format!(
            "Betweenness ranks: estimated from {k} sampled sources on each side"
        ));
    }
    lines
}

fn triangle_rows(list: &[TriangleChange]) -> Vec<Vec<String>> {
    list.iter()
        .map(|t| {
            vec![
                t.actors.join(", "),
                t.before.as_str().to_string(),
                t.after.as_str().to_string(),
            ]
        })
        .collect()
}

fn rank_rows(list: &[RankChange]) -> Vec<Vec<String>> {
    let mut shown: BTreeMap<&'static str, usize> = BTreeMap::new();
    list.iter()
        .filter(|r| {
            let n = shown.entry(r.metric.as_str()).or_default();
            *n += 1;
            *n <= TOP_RANKS
        })
        .map(|r| {
            vec![
                r.id.to_string(),
                r.metric.as_str().into(),
                r.before_rank.to_string(),
                r.after_rank.to_string(),
                format!("{:+}", r.gained()),
            ]
        })
        .collect()
}

/// The section for `diff --format text --balance`, starting with a blank line.
pub(super) fn text(s: &StructureDiff) -> String {
    let mut out = String::from("\nBalance and blocs\n");
    for line in summary(s) {
        out.push_str(&format!("  {}\n", printable(&line)));
    }
    let mut section = |title: String, header: &[&str], align: &[Align], rows: Vec<Vec<String>>| {
        out.push('\n');
        out.push_str(&title);
        out.push('\n');
        let rows: Vec<Vec<String>> = rows
            .iter()
            .map(|r| r.iter().map(|c| printable(c)).collect())
            .collect();
        for line in table(header, align, &rows).lines() {
            out.push_str("  ");
            out.push_str(line);
            out.push('\n');
        }
    };
    let b = &s.balance;
    let triangle_header = ["triangle", "before", "after"];
    if !b.became_unbalanced.is_empty() {
        section(
            format!(
                "Triangles that became unbalanced ({})",
                b.became_unbalanced.len()
            ),
            &triangle_header,
            &[Align::Left; 3],
            triangle_rows(&b.became_unbalanced),
        );
    }
    if !b.became_balanced.is_empty() {
        section(
            format!(
                "Triangles that became balanced ({})",
                b.became_balanced.len()
            ),
            &triangle_header,
            &[Align::Left; 3],
            triangle_rows(&b.became_balanced),
        );
    }
    if !b.bloc_moves.is_empty() {
        let rows: Vec<Vec<String>> = b
            .bloc_moves
            .iter()
            .map(|m| vec![m.id.to_string(), bloc(m.from), bloc(m.to)])
            .collect();
        section(
            format!("Bloc moves ({})", b.bloc_moves.len()),
            &["actor", "before", "after"],
            &[Align::Left; 3],
            rows,
        );
    }
    if !s.centrality.is_empty() {
        section(
            format!("Centrality rank changes (largest {TOP_RANKS} per measure)"),
            &["actor", "measure", "before", "after", "moved"],
            &[
                Align::Left,
                Align::Left,
                Align::Right,
                Align::Right,
                Align::Right,
            ],
            rank_rows(&s.centrality),
        );
    }
    out
}

/// The section for `diff --format markdown --balance`.
pub(super) fn markdown(s: &StructureDiff) -> String {
    let mut out = String::from("\n### Balance and blocs\n\n");
    for line in summary(s) {
        out.push_str(&format!("- {}\n", cell(&line)));
    }
    let cells = |rows: Vec<Vec<String>>| -> Vec<Vec<String>> {
        rows.into_iter()
            .map(|r| r.iter().map(|c| cell(c)).collect())
            .collect()
    };
    let b = &s.balance;
    for (title, list) in [
        ("Triangles that became unbalanced", &b.became_unbalanced),
        ("Triangles that became balanced", &b.became_balanced),
    ] {
        if !list.is_empty() {
            out.push_str(&format!("\n### {title}\n\n"));
            out.push_str(&markdown_table(
                &["triangle", "before", "after"],
                &[false; 3],
                &cells(triangle_rows(list)),
            ));
        }
    }
    if !b.bloc_moves.is_empty() {
        let rows = b
            .bloc_moves
            .iter()
            .map(|m| vec![m.id.to_string(), bloc(m.from), bloc(m.to)])
            .collect();
        out.push_str("\n### Bloc moves\n\n");
        out.push_str(&markdown_table(
            &["actor", "before", "after"],
            &[false; 3],
            &cells(rows),
        ));
    }
    if !s.centrality.is_empty() {
        out.push_str(&format!(
            "\n### Centrality rank changes (largest {TOP_RANKS} per measure)\n\n"
        ));
        out.push_str(&markdown_table(
            &["actor", "measure", "before", "after", "moved"],
            &[false, false, true, true, true],
            &cells(rank_rows(&s.centrality)),
        ));
    }
    out
}
