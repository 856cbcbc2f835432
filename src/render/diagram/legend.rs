//! The legend of a diagram: one node whose HTML-like table shows each colour, width and line
//! style next to what it means. Line samples are table cells filled with the tie colours (dashes
//! and dots as rows of short cells), so they need no font glyphs. Kind names are user text and
//! go through [`html_text`].

use std::collections::BTreeSet;

use graphviz_rust::dot_structures::{Id, Node, NodeId, Stmt};

use super::parts::{WRAP, attr, bounded};
use super::quote::{html_text, quoted};
use super::style;
use crate::render::format;
use crate::snapshot::Snapshot;

/// The length of a line sample, in points.
const SAMPLE: u32 = 36;

/// A sample line of `colour`, `height` points thick, drawn as `segments` cells of equal length
/// separated by gaps (1 segment is a solid line).
pub(super) fn line(colour: &str, height: u32, segments: u32) -> String {
    let gap = if segments > 1 { 3 } else { 0 };
    let length = (SAMPLE - gap * (segments - 1)) / segments;
    let cells: String = (0..segments)
        .map(|_| {
            format!(
                r#"<TD BGCOLOR="{colour}" WIDTH="{length}" HEIGHT="{height}" FIXEDSIZE="TRUE"></TD>"#
            )
        })
        .collect();
    format!(
        r#"<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="{gap}" CELLPADDING="0"><TR>{cells}</TR></TABLE>"#
    )
}

/// A sample of a kind's `look`: [`line`] once per parallel line, with a gap between.
pub(super) fn look_sample(colour: &str, height: u32, look: style::Look) -> String {
    if look.lines == 1 {
        return line(colour, height, segments(look.dash));
    }
    // Thinner lines, as in the diagram, where the parallel lines share one tie's width. One
    // table of a row per line: tables nested two deep left see-through pixels in the PNG.
    let thin = (height / 2).max(1);
    let segments = segments(look.dash);
    let gap = 2;
    let length = (SAMPLE - gap * (segments - 1)) / segments;
    let cells: String = (0..segments)
        .map(|_| {
            format!(
                r#"<TD BGCOLOR="{colour}" WIDTH="{length}" HEIGHT="{thin}" FIXEDSIZE="TRUE"></TD>"#
            )
        })
        .collect();
    let rows: String = (0..look.lines)
        .map(|_| format!("<TR>{cells}</TR>"))
        .collect();
    format!(
        r#"<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="{gap}" CELLPADDING="0">{rows}</TABLE>"#
    )
}

/// How many segments draw a Graphviz line style.
pub(super) fn segments(line_style: &str) -> u32 {
    match line_style {
        "dashed" => 4,
        "dotted" => 9,
        _ => 1,
    }
}

/// One row: a sample and its (already escaped) text.
pub(super) fn row(sample: &str, text: &str) -> String {
    format!(r#"<TR><TD>{sample}</TD><TD ALIGN="LEFT">{text}</TD></TR>"#)
}

/// What the legend says about how the diagram was drawn, beyond its ties.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Drawn {
    /// Members are joined to their collective by wedges rather than drawn in its box.
    pub wedges: bool,
    /// How many actors with no tie were left out (`hide_inactive`).
    pub hidden: usize,
    /// How many people with no post and no tie were left out (`leave_out_idle`).
    pub idle: usize,
    /// Whether any actor drawn is faded (has no tie on the date).
    pub faded: bool,
}

/// The legend node for a diagram whose ties have the given `kinds` (sorted, so the legend
/// lists them in a stable order).
///
/// A kind's `style:` hint (`relation_kinds:`) draws its sample; `confidence` adds a row for the
/// translucent ties of a confidence below 1; `few_labels` (labelled, of all ties) says that
/// only the strongest ties are labelled; `drawn` adds the membership wedge and the count of
/// actors left out.
pub(super) fn legend(
    kinds: &BTreeSet<&str>,
    snapshot: &Snapshot,
    confidence: bool,
    few_labels: Option<(usize, usize)>,
    drawn: Drawn,
) -> Stmt {
    let scale = snapshot.scale;
    // Widths in the legend are the pen widths of the diagram, rounded to whole points.
    let thin = style::MIN_WIDTH.round() as u32;
    let thick = style::MAX_WIDTH.round() as u32;
    let middle = ((style::MIN_WIDTH + style::MAX_WIDTH) / 2.0).round() as u32;
    let strongest = html_text(&format::weight_label(scale.magnitude()).replace('+', ""));
    let mut rows = vec![
        format!(r#"<TR><TD COLSPAN="2"><B>Legend</B></TD></TR>"#),
        row(
            &line(style::POSITIVE, middle, 1),
            "cooperation (weight &gt; 0)",
        ),
        row(
            &line(style::NEGATIVE, middle, 1),
            "hostility (weight &lt; 0)",
        ),
        row(
            &line(style::NEUTRAL, thick, 1),
            &format!("strongest (|weight| = {strongest})"),
        ),
        row(&line(style::NEUTRAL, thin, 1), "weakest (weight = 0)"),
        row("→", "directed (from → to); no arrow: mutual"),
    ];
    for kind in kinds {
        let rules = snapshot.kinds.get(*kind);
        let colour = rules
            .and_then(|r| r.style.as_ref())
            .and_then(|s| s.color.as_deref())
            .unwrap_or(style::NEUTRAL);
        let look = style::look(kind, rules);
        let height = if look.dash == "bold" { thick } else { middle };
        rows.push(row(
            &look_sample(colour, height, look),
            // Bounded like every name in the diagram (issue 17).
            &format!("kind: {}", html_text(&bounded(kind, WRAP).0)),
        ));
    }
    if confidence {
        let faint = style::edge_colour(1.0, None, Some(0.0), style::PLAIN);
        rows.push(row(
            &line(&faint, middle, 1),
            "translucent: confidence below 1",
        ));
    }
    if let Some((labelled, all)) = few_labels {
        rows.push(format!(
            r#"<TR><TD COLSPAN="2">labels on the {labelled} strongest of {all} ties only</TD></TR>"#
        ));
    }
    if drawn.wedges {
        rows.push(super::membership::legend_row());
    }
    if drawn.faded {
        rows.push(format!(
            r#"<TR><TD COLSPAN="2"><FONT COLOR="{}">faded: no tie on this date</FONT></TD></TR>"#,
            style::FADED
        ));
    }
    if drawn.hidden > 0 {
        rows.push(hidden_row(drawn.hidden));
    }
    if drawn.idle > 0 {
        rows.push(idle_row(drawn.idle));
    }
    legend_node(&rows)
}

/// The row saying how many people with no post and no tie were left out.
pub(super) fn idle_row(idle: usize) -> String {
    format!(
        r#"<TR><TD COLSPAN="2">{} left out</TD></TR>"#,
        format::plural(
            idle,
            "person with no post and no tie",
            "people with no post and no tie"
        )
    )
}

/// The row saying how many actors with no tie were left out.
pub(super) fn hidden_row(hidden: usize) -> String {
    format!(
        r#"<TR><TD COLSPAN="2">{} left out</TD></TR>"#,
        format::plural(hidden, "actor with no tie", "actors with no tie")
    )
}

/// The legend node: `rows` (table rows built from our constants and [`html_text`]) in a
/// rounded box.
pub(super) fn legend_node(rows: &[String]) -> Stmt {
    let table = format!(
        r#"<<TABLE BORDER="1" COLOR="{}" STYLE="ROUNDED" CELLBORDER="0" CELLSPACING="2" CELLPADDING="2">{}</TABLE>>"#,
        style::FADED,
        rows.concat()
    );
    Stmt::Node(Node::new(
        NodeId(quoted("legend"), None),
        vec![
            attr("shape", "plaintext"),
            attr("style", ""),
            attr("fontsize", "9"),
            attr("margin", "0"),
            // The table is built from our constants and html_text only.
            graphviz_rust::dot_structures::Attribute(Id::Plain("label".into()), Id::Html(table)),
        ],
    ))
}
