//! The legend of a diagram: a cluster of sample edges and nodes, each labelled with what it
//! means. Drawn with real edges, so it shows exactly the colours, widths and line styles used.

use std::collections::BTreeSet;

use graphviz_rust::dot_structures::Stmt;

use super::dot::{attr, edge, node, subgraph};
use super::style;
use crate::model::Scale;

/// Entries per row of the legend.
const PER_ROW: usize = 3;

/// One sample edge: its label, colour, width, line style and whether it has an arrow.
struct Sample {
    label: String,
    colour: &'static str,
    width: f64,
    line: &'static str,
    arrow: bool,
}

/// The legend cluster for a diagram whose ties have the given `kinds` (sorted, so the legend
/// lists them in a stable order).
pub fn legend(kinds: &BTreeSet<&str>, scale: Scale) -> Stmt {
    let middle = (style::MIN_WIDTH + style::MAX_WIDTH) / 2.0;
    let strongest = style::weight_label(scale.magnitude()).replace('+', "±");
    let mut samples = vec![
        Sample {
            label: "cooperation (weight > 0)".into(),
            colour: style::POSITIVE,
            width: middle,
            line: "solid",
            arrow: false,
        },
        Sample {
            label: "hostility (weight < 0)".into(),
            colour: style::NEGATIVE,
            width: middle,
            line: "solid",
            arrow: false,
        },
        Sample {
            label: format!(
                "strongest (|weight| = {})",
                strongest.trim_start_matches('±')
            ),
            colour: style::NEUTRAL,
            width: style::MAX_WIDTH,
            line: "solid",
            arrow: false,
        },
        Sample {
            label: "weakest (weight = 0)".into(),
            colour: style::NEUTRAL,
            width: style::MIN_WIDTH,
            line: "solid",
            arrow: false,
        },
        Sample {
            label: "directed (from → to)".into(),
            colour: style::NEUTRAL,
            width: middle,
            line: "solid",
            arrow: true,
        },
    ];
    for kind in kinds {
        samples.push(Sample {
            label: format!("kind: {kind}"),
            colour: style::NEUTRAL,
            width: middle,
            line: style::line_style(kind),
            arrow: false,
        });
    }

    let mut stmts = vec![
        Stmt::Attribute(attr("label", "Legend")),
        Stmt::Attribute(attr("style", "rounded,dashed")),
        Stmt::Attribute(attr("color", style::FADED)),
        Stmt::Attribute(attr("fontcolor", style::INK)),
        Stmt::Attribute(attr("fontname", "Helvetica-Bold")),
        Stmt::Attribute(attr("fontsize", "11")),
    ];
    // Each entry is a short horizontal line ending in its text; entries run in rows of
    // `PER_ROW`, and invisible edges stack the rows.
    let mut rows: Vec<Vec<Stmt>> = Vec::new();
    for (i, sample) in samples.iter().enumerate() {
        let (a, b) = (format!("legend{i}a"), format!("legend{i}b"));
        if i % PER_ROW == 0 {
            rows.push(vec![Stmt::Attribute(attr("rank", "same"))]);
            if i > 0 {
                stmts.push(edge(
                    &format!("legend{}a", i - PER_ROW),
                    &a,
                    vec![attr("style", "invis")],
                ));
            }
        }
        let Some(row) = rows.last_mut() else {
            continue;
        };
        row.push(node(
            &a,
            vec![
                attr("shape", "point"),
                attr("width", "0.01"),
                attr("style", "invis"),
                attr("label", ""),
            ],
        ));
        row.push(node(
            &b,
            vec![
                attr("shape", "plaintext"),
                attr("style", ""),
                attr("label", &sample.label),
                attr("fontsize", "9"),
                attr("fontcolor", style::INK),
            ],
        ));
        let mut attributes = vec![
            attr("color", sample.colour),
            attr("penwidth", &format!("{:.2}", sample.width)),
            attr("style", sample.line),
            attr("minlen", "1"),
        ];
        if !sample.arrow {
            attributes.push(attr("dir", "none"));
        }
        stmts.push(edge(&a, &b, attributes));
    }
    for (i, row) in rows.into_iter().enumerate() {
        stmts.push(subgraph(&format!("legend_row{i}"), row));
    }
    stmts.push(node(
        "legend_faded",
        vec![
            attr("label", "no tie on\nthis date"),
            attr("shape", "box"),
            attr("style", "rounded,filled,dashed"),
            attr("fillcolor", "white"),
            attr("color", style::FADED),
            attr("fontcolor", style::FADED),
            attr("fontsize", "9"),
        ],
    ));
    subgraph("cluster_legend", stmts)
}
