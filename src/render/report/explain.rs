//! The views of an [`Explanation`]: readable text, JSON with the fields docs/explain.md fixes, and
//! Markdown with footnoted sources.

use serde::Serialize;

use super::cited::{Footnotes, PointView, markdown_point, point_details, point_view, value};
use super::origin::Origin;
use super::table::{cell, markdown_table, printable};
use crate::explain::{Explanation, LeftOut, Rule, TieExplanation};
use crate::render::format;

/// A tie's rule as JSON: `{"kind", "from", "to", "stale_days", "lapsed", "text"}`.
#[derive(Debug, Serialize)]
struct RuleView {
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    to: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    stale_days: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    stale_beyond: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    lapsed: Option<String>,
    text: String,
}

#[derive(Debug, Serialize)]
struct TieView<'a> {
    from: &'a str,
    to: &'a str,
    kind: &'a str,
    directed: bool,
    interpolation: &'static str,
    weight: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    confidence: Option<f64>,
    rule: RuleView,
    points: Vec<PointView<'a>>,
}

#[derive(Debug, Serialize)]
struct ExplanationView<'a> {
    at: String,
    actors: [&'a str; 2],
    ties: Vec<TieView<'a>>,
}

/// The rule in words: `step from 2020-02-01`, `linear between 2020-01-01 and 2020-06-01`...
pub(crate) fn rule_text(t: &TieExplanation) -> String {
    let mut text = match t.rule {
        Rule::NotYetBegun { first } => format!("not yet begun (its first point is {first})"),
        Rule::Step { from } => format!("step from the point of {from}"),
        Rule::Linear { from, to } => format!("linear between the points of {from} and {to}"),
        Rule::Held { from } => {
            format!("linear, held at the point of {from} (no later weight to move towards)")
        }
        Rule::Ended { on } => format!("ended on {on}"),
        Rule::Expired { from, lapsed } => {
            format!("expired: the weight of the point of {from} lapsed on {lapsed}")
        }
    };
    if let Some(stale) = t.stale {
        text.push_str(&format!(
            "; stale: {} since its last point",
            format::plural(stale.days as usize, "day", "days")
        ));
        if let Some(span) = stale.beyond {
            text.push_str(&format!(", longer than its kind's `stale: {span}`"));
        }
    }
    text
}

fn rule_view(t: &TieExplanation) -> RuleView {
    let (from, to) = match t.rule {
        Rule::NotYetBegun { first } => (None, Some(first)),
        Rule::Step { from } | Rule::Held { from } => (Some(from), None),
        Rule::Linear { from, to } => (Some(from), Some(to)),
        Rule::Ended { on } => (Some(on), None),
        Rule::Expired { from, .. } => (Some(from), None),
    };
    RuleView {
        kind: t.rule.as_str(),
        from: from.map(|d| d.to_string()),
        to: to.map(|d| d.to_string()),
        stale_days: t.stale.map(|s| s.days),
        stale_beyond: t.stale.and_then(|s| s.beyond).map(|s| s.to_string()),
        lapsed: match t.rule {
            Rule::Expired { lapsed, .. } => Some(lapsed.to_string()),
            _ => None,
        },
        text: rule_text(t),
    }
}

fn tie_view(t: &TieExplanation) -> TieView<'_> {
    TieView {
        from: &t.key.from,
        to: &t.key.to,
        kind: &t.key.kind,
        directed: t.key.directed,
        interpolation: t.interpolation.as_str(),
        weight: format::weight_opt(t.weight),
        confidence: t.confidence.map(format::weight),
        rule: rule_view(t),
        points: t
            .points
            .iter()
            .enumerate()
            .map(|(i, p)| point_view(p, t.in_force == Some(i)))
            .collect(),
    }
}

/// `explain --format json`: pretty-printed, ending with a newline, with the fields every JSON
/// output ends with (`detente_version`, `input_files`, `filters`).
pub fn json(e: &Explanation, origin: &Origin) -> String {
    let view = ExplanationView {
        at: e.at.to_string(),
        actors: [&e.a, &e.b],
        ties: e.ties.iter().map(tie_view).collect(),
    };
    super::origin::json(&view, origin)
}

fn tie_label(t: &TieExplanation) -> String {
    let arrow = if t.key.directed { "->" } else { "--" };
    format!("{} {arrow} {} ({})", t.key.from, t.key.to, t.key.kind)
}

fn weight_text(t: &TieExplanation) -> String {
    t.weight
        .map_or_else(|| "absent".to_string(), format::signed)
}

/// A one-line note for the terminal saying what a filter left out of `e`, or `None` when it
/// left nothing out.
pub fn left_out(e: &Explanation, left: &LeftOut) -> Option<String> {
    if !left.actors.is_empty() {
        let names: Vec<String> = left.actors.iter().map(|id| printable(id)).collect();
        return Some(format!(
            "the filter leaves out {}, so no tie between {} and {} is explained",
            names.join(" and "),
            printable(&e.a),
            printable(&e.b)
        ));
    }
    if left.ties.is_empty() {
        return None;
    }
    let mut kinds: Vec<String> = left.ties.iter().map(|k| printable(&k.kind)).collect();
    kinds.sort();
    kinds.dedup();
    Some(format!(
        "the filter leaves out {} between {} and {} (kind {})",
        format::plural(left.ties.len(), "tie", "ties"),
        printable(&e.a),
        printable(&e.b),
        kinds.join(", ")
    ))
}

/// `explain --format text`: per tie, its weight and rule, then each point with its event, note
/// and sources; the point in force is marked `*`.
pub fn text(e: &Explanation) -> String {
    let mut out = format!(
        "Ties between {} and {} on {}\n",
        printable(&e.a),
        printable(&e.b),
        e.at
    );
    if e.ties.is_empty() {
        out.push_str("\n(no tie between them)\n");
    }
    for t in &e.ties {
        out.push_str(&format!(
            "\n{}: {}\n  rule: {}\n",
            printable(&tie_label(t)),
            weight_text(t),
            rule_text(t)
        ));
        if t.points.is_empty() {
            continue;
        }
        out.push_str("  points:\n");
        for (i, p) in t.points.iter().enumerate() {
            let mark = if t.in_force == Some(i) { "*" } else { " " };
            let ahead = if p.date > e.at { "  (next)" } else { "" };
            let scenario = if p.from_scenario { "  (scenario)" } else { "" };
            out.push_str(&format!(
                "  {mark} {}  {}{ahead}{scenario}\n",
                p.date,
                value(p)
            ));
            out.push_str(&point_details(p, "      "));
        }
    }
    out
}

/// `explain --format markdown`: a heading, one table of points per tie, sources as footnotes.
pub fn markdown(e: &Explanation) -> String {
    let mut out = format!(
        "## Ties between {} and {} on {}\n",
        cell(&e.a),
        cell(&e.b),
        e.at
    );
    let mut notes = Footnotes::default();
    if e.ties.is_empty() {
        out.push_str("\nNo tie between them.\n");
    }
    for t in &e.ties {
        let bold = if t.in_force.is_some() {
            " The point in force is in bold."
        } else {
            ""
        };
        out.push_str(&format!(
            "\n### {}: {}\n\n{}{bold}\n",
            cell(&tie_label(t)),
            weight_text(t),
            cell(&format!("Rule: {}.", rule_text(t)))
        ));
        if t.points.is_empty() {
            continue;
        }
        let rows: Vec<Vec<String>> = t
            .points
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let mut date = p.date.to_string();
                if t.in_force == Some(i) {
                    date = format!("**{date}**");
                }
                vec![
                    date,
                    value(p),
                    if p.from_scenario { "scenario" } else { "" }.to_string(),
                    markdown_point(p, &mut notes),
                ]
            })
            .collect();
        out.push('\n');
        out.push_str(&markdown_table(
            &["date", "weight", "", "why"],
            &[false, true, false, false],
            &rows,
        ));
    }
    out.push_str(&notes.render());
    out
}
