//! The views of a [`GraphDiff`]: readable text (optionally coloured), stable JSON with the fields
//! the docs fix (docs/diff.md), and Markdown tables for reports.

use anstyle::{AnsiColor, Style};
use serde::Serialize;

use super::Origin;
use super::cited::{Footnotes, PointView, markdown_point, point_details, point_view, value};
use super::origin::{ELEMENTS_PER_RUN, ElementSerializer, KeyText};
use super::table::{
    Align, aligned_line, cell, header_widths, markdown_table, printable, table, widen,
};
use crate::diff::{
    ActorChanges, ActorRef, ChangePoints, GraphDiff, PostChange, PostChanges, Side, TieChange,
};
use crate::explain::{CitedPoint, Citer};
use crate::render::escape::markdown_code;
use crate::render::format;

/// One side of the diff as JSON.
#[derive(Debug, Serialize)]
pub(crate) struct SideView<'a> {
    /// The path or `REV:PATH` the user gave, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<&'a str>,
    /// The graph's title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<&'a str>,
    /// The snapshot's date as written.
    pub date: String,
}

/// One tie change as JSON.
#[derive(Debug, Serialize)]
pub(crate) struct TieView<'a> {
    /// The canonical key `FROM|TO|KIND`, for joining outputs.
    pub tie: KeyText<'a>,
    /// The first end (the source of a directed tie; the smaller id of a mutual one).
    pub from: &'a str,
    /// The second end.
    pub to: &'a str,
    /// The relation's kind.
    pub kind: &'a str,
    /// Whether the tie has a direction.
    pub directed: bool,
    /// `added`, `removed` or `changed`.
    pub change: &'a str,
    /// The weight in the first snapshot, or null.
    pub before: Option<f64>,
    /// The weight in the second snapshot, or null.
    pub after: Option<f64>,
    /// `after - before`, an absent side counting as 0.
    pub delta: f64,
    /// Whether the weight crossed zero (strictly positive to strictly negative or back).
    pub sign_flip: bool,
    /// `gained`, `lost`, `strengthened`, `weakened` or `sign_flipped`.
    pub movement: &'a str,
    /// The points that changed the tie, with their events and sources (when computed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub points: Option<Vec<PointView<'a>>>,
}

/// The counts.
#[derive(Debug, Serialize)]
pub(crate) struct SummaryView {
    /// Ties added.
    pub added: usize,
    /// Ties removed.
    pub removed: usize,
    /// Ties changed (and shown).
    pub changed: usize,
    /// Ties with the same weight on both sides.
    pub unchanged: usize,
    /// Shown changed ties whose weight crossed zero.
    pub sign_flips: usize,
    /// Changed ties hidden by the threshold.
    pub hidden: usize,
    /// Actors added.
    pub actors_added: usize,
    /// Actors removed.
    pub actors_removed: usize,
    /// Posts started.
    pub posts_started: usize,
    /// Posts ended.
    pub posts_ended: usize,
}

/// The whole `diff --format json` document.
#[derive(Debug, Serialize)]
pub(crate) struct DiffView<'a> {
    /// The first snapshot's date.
    pub from: String,
    /// The second snapshot's date.
    pub to: String,
    /// Both sides in full: input name, graph title, date.
    pub inputs: InputsView<'a>,
    /// Changed ties with `|delta|` below this are hidden.
    pub threshold: f64,
    /// Actors added and removed.
    pub actors: &'a ActorChanges,
    /// Tie changes, in key order.
    pub ties: TiesView<'a>,
    /// Posts started and ended.
    pub posts: &'a PostChanges,
    /// The counts.
    pub summary: SummaryView,
    /// With `--balance`: balance and blocs before and after, and what changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub balance: Option<super::diff_structure::BalanceView<'a>>,
    /// With `--balance`: actors whose rank by PageRank or betweenness moved, largest move first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub centrality: Option<Vec<super::diff_structure::RankView<'a>>>,
    /// With `--balance`: whether the betweenness ranked was exact or from sampled sources.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub betweenness: Option<super::analysis::BetweennessView>,
}

/// Both sides of the diff.
#[derive(Debug, Serialize)]
pub(crate) struct InputsView<'a> {
    /// The first snapshot.
    pub from: SideView<'a>,
    /// The second snapshot.
    pub to: SideView<'a>,
}

fn side_view(side: &Side) -> SideView<'_> {
    SideView {
        name: side.name.as_deref(),
        title: side.title.as_deref(),
        date: side.date.to_string(),
    }
}

fn tie_view<'a>(t: &'a TieChange<'_>, points: Option<&'a ChangePoints>) -> TieView<'a> {
    TieView {
        tie: KeyText(t.key),
        from: t.key.from.as_str(),
        to: t.key.to.as_str(),
        kind: t.key.kind.as_str(),
        directed: t.key.directed,
        change: t.change.as_str(),
        before: format::weight_opt(t.before),
        after: format::weight_opt(t.after),
        delta: format::round12(t.delta),
        sign_flip: t.is_sign_flip(),
        movement: t.movement().as_str(),
        points: points.map(|c| {
            c.points
                .iter()
                .enumerate()
                .map(|(i, p)| point_view(p, c.in_force == Some(i)))
                .collect()
        }),
    }
}

/// The tie changes of a diff as JSON, each change's view made as it is written rather than all
/// collected first (a diff of large snapshots has a million).
pub(crate) struct TiesView<'a> {
    diff: &'a GraphDiff<'a>,
    /// How many of the diff's changes to write: all, or none when they are written apart.
    count: usize,
}

impl Serialize for TiesView<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let diff = self.diff;
        serializer.collect_seq(
            (diff.ties[..self.count].iter().enumerate())
                .map(|(i, t)| tie_view(t, diff.tie_points(i))),
        )
    }
}

impl std::fmt::Debug for TiesView<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "TiesView({} changes)", self.count)
    }
}

/// The serialisable view of `diff`.
pub(crate) fn view<'a>(diff: &'a GraphDiff<'_>) -> DiffView<'a> {
    let s = &diff.summary;
    DiffView {
        from: diff.from.date.to_string(),
        to: diff.to.date.to_string(),
        inputs: InputsView {
            from: side_view(&diff.from),
            to: side_view(&diff.to),
        },
        threshold: diff.threshold,
        actors: &diff.actors,
        ties: TiesView {
            diff,
            count: diff.ties.len(),
        },
        posts: &diff.posts,
        summary: SummaryView {
            added: s.added,
            removed: s.removed,
            changed: s.changed,
            unchanged: s.unchanged,
            sign_flips: s.sign_flips,
            hidden: s.hidden,
            actors_added: diff.actors.added.len(),
            actors_removed: diff.actors.removed.len(),
            posts_started: diff.posts.started.len(),
            posts_ended: diff.posts.ended.len(),
        },
        balance: diff
            .structure
            .as_ref()
            .map(super::diff_structure::balance_view),
        centrality: diff
            .structure
            .as_ref()
            .map(super::diff_structure::centrality_view),
        betweenness: diff
            .structure
            .as_ref()
            .and_then(super::diff_structure::betweenness_view),
    }
}

/// `diff --format json`: pretty-printed, with how it was made, ending with a newline.
pub fn json(diff: &GraphDiff, origin: &Origin) -> String {
    let mut bytes = Vec::new();
    // Into memory: writing cannot fail.
    let _ = write_json(diff, origin, &mut bytes);
    String::from_utf8(bytes).unwrap_or_default()
}

/// [`json`] written to `out` as it is serialised (give a buffered writer). Fails only when
/// `out` does.
pub fn write_json(
    diff: &GraphDiff,
    origin: &Origin,
    out: impl std::io::Write,
) -> std::io::Result<()> {
    if diff.ties.len() <= ELEMENTS_PER_RUN {
        return super::origin::write_json(&view(diff), origin, out);
    }
    // A large diff's changes are written apart from the rest, on all cores.
    write_apart(
        diff,
        origin,
        |i, serializer| tie_view(&diff.ties[i], diff.tie_points(i)).serialize(serializer),
        out,
    )
}

/// The JSON of `diff` with its changes written apart from the rest of the document, on all
/// cores, the `i`th by `change`.
fn write_apart(
    diff: &GraphDiff,
    origin: &Origin,
    change: impl Fn(usize, &mut ElementSerializer) -> serde_json::Result<()> + Sync,
    out: impl std::io::Write,
) -> std::io::Result<()> {
    let mut view = view(diff);
    view.ties.count = 0;
    super::origin::write_json_listing(&view, origin, "ties", diff.ties.len(), change, out)
}

/// [`write_json`] of `diff` with each change's points (as [`GraphDiff::with_points`] adds them)
/// found as they are written, so that a large diff's points are never all held at once:
/// `before` and `after` cite the graphs of the two sides. The same bytes as [`write_json`] of
/// the diff with its points. Fails only when `out` does.
pub fn write_json_citing(
    diff: &GraphDiff,
    before: &Citer,
    after: &Citer,
    origin: &Origin,
    out: impl std::io::Write,
) -> std::io::Result<()> {
    let (from, to) = (diff.from.date, diff.to.date);
    write_apart(
        diff,
        origin,
        |i, serializer| {
            let t = &diff.ties[i];
            let points = ChangePoints::of_change(t, before, after, from, to);
            tie_view(t, Some(&points)).serialize(serializer)
        },
        out,
    )
}

fn optional(x: Option<f64>) -> String {
    x.map_or_else(|| "—".to_string(), format::signed)
}

fn tie_label(t: &TieChange) -> String {
    let arrow = if t.key.directed { "->" } else { "--" };
    format!("{} {arrow} {}", t.key.from, t.key.to)
}

/// The summary as sentences (plain text, shared by the text and Markdown views).
fn summary_lines(diff: &GraphDiff) -> Vec<String> {
    let s = &diff.summary;
    let mut ties = format!("Ties: {} changed", s.changed);
    if s.sign_flips > 0 {
        ties.push_str(&format!(
            " ({})",
            format::plural(s.sign_flips, "sign flip", "sign flips")
        ));
    }
    ties.push_str(&format!(
        ", {} added, {} removed, {} unchanged",
        s.added, s.removed, s.unchanged
    ));
    if s.hidden > 0 {
        ties.push_str(&format!(
            "; {} below the threshold {} hidden",
            format::plural(s.hidden, "change", "changes"),
            diff.threshold
        ));
    }
    ties.push('.');
    vec![
        ties,
        format!(
            "Actors: {} added, {} removed. Posts: {} started, {} ended.",
            diff.actors.added.len(),
            diff.actors.removed.len(),
            diff.posts.started.len(),
            diff.posts.ended.len()
        ),
    ]
}

fn paint(text: &str, style: Style, color: bool) -> String {
    if color && style != Style::new() {
        format!("{style}{text}{style:#}")
    } else {
        text.to_string()
    }
}

fn tie_style(t: &TieChange) -> Style {
    use crate::diff::Movement;
    match t.movement() {
        Movement::Gained => AnsiColor::Green.on_default(),
        Movement::Lost => AnsiColor::Red.on_default(),
        Movement::SignFlipped => AnsiColor::Yellow.on_default().bold(),
        Movement::Strengthened | Movement::Weakened => Style::new(),
    }
}

/// `diff --format text`: the heading and a summary first, then actors, posts and ties in detail.
/// With `color`, added lines are green, removed red and sign flips bold yellow (ANSI escapes).
pub fn text(diff: &GraphDiff, color: bool) -> String {
    let mut out = Vec::new();
    // Writing to memory cannot fail.
    let _ = write_text(diff, color, &mut out);
    crate::render::runs::written_text(out)
}

/// [`text`], written to `out` as it is made: the ties' lines (a line and its points per tie, the
/// bulk of a large diff) are made on all cores, a few runs at a time, and written in order, the
/// same bytes as one thread's.
pub fn write_text(
    diff: &GraphDiff,
    color: bool,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let why = if diff.points.is_some() {
        Why::Held
    } else {
        Why::Not
    };
    write_text_why(diff, color, why, out)
}

/// [`write_text`] of a diff without its points, finding each change's points (cited from
/// `before` and `after`, as [`GraphDiff::with_points`] would) as it is written: the points of a
/// large diff are never all held at once. The same bytes as `write_text` of the diff with them.
pub fn write_text_citing(
    diff: &GraphDiff,
    color: bool,
    before: &Citer,
    after: &Citer,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    write_text_why(diff, color, Why::Citing(before, after), out)
}

/// Where the text's "why the ties changed" finds each change's points.
#[derive(Clone, Copy)]
enum Why<'c> {
    /// Nowhere: the section is left out.
    Not,
    /// In the diff.
    Held,
    /// Cited as each tie is written.
    Citing(&'c Citer<'c>, &'c Citer<'c>),
}

fn write_text_why(
    diff: &GraphDiff,
    color: bool,
    why: Why<'_>,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    out.write_all(head_text(diff, color).as_bytes())?;
    if !diff.is_empty() {
        write_ties_text(diff, color, why, out)?;
    }
    if let Some(structure) = &diff.structure {
        out.write_all(super::diff_structure::text(structure).as_bytes())?;
    }
    Ok(())
}

/// A section's title line, after a blank line.
fn section(out: &mut String, title: &str, color: bool) {
    out.push('\n');
    out.push_str(&paint(title, Style::new().bold(), color));
    out.push('\n');
}

/// The text view up to the ties: heading, summary, actors and posts.
fn head_text(diff: &GraphDiff, color: bool) -> String {
    let bold = Style::new().bold();
    let green = AnsiColor::Green.on_default();
    let red = AnsiColor::Red.on_default();
    let mut out = String::new();
    out.push_str(&paint(&printable(&format::diff_heading(diff)), bold, color));
    out.push_str("\n\n");
    for line in summary_lines(diff) {
        out.push_str(&line);
        out.push('\n');
    }
    if diff.is_empty() {
        out.push_str("\nNo differences.\n");
        return out;
    }

    let actors = |out: &mut String, title: &str, sign: &str, style, list: &[ActorRef]| {
        if list.is_empty() {
            return;
        }
        section(out, &format!("{title} ({})", list.len()), color);
        let rows: Vec<Vec<String>> = list
            .iter()
            .map(|a| {
                vec![
                    format!("{sign} {}", printable(&a.id)),
                    printable(&a.name),
                    a.kind.as_str().to_string(),
                ]
            })
            .collect();
        for line in table(&["  id", "name", "kind"], &[Align::Left; 3], &rows)
            .lines()
            .skip(1)
        {
            out.push_str(&paint(line, style, color));
            out.push('\n');
        }
    };
    actors(&mut out, "Actors added", "+", green, &diff.actors.added);
    actors(&mut out, "Actors removed", "-", red, &diff.actors.removed);

    let posts = |out: &mut String, title: &str, sign: &str, style, list: &[PostChange]| {
        if list.is_empty() {
            return;
        }
        section(out, &format!("{title} ({})", list.len()), color);
        let rows: Vec<Vec<String>> = list
            .iter()
            .map(|p| {
                vec![
                    format!("{sign} {}", printable(&p.actor)),
                    printable(&p.name),
                    printable(&format!("{}, {}", p.title, p.of)),
                ]
            })
            .collect();
        for line in table(&["  id", "name", "post"], &[Align::Left; 3], &rows)
            .lines()
            .skip(1)
        {
            out.push_str(&paint(line, style, color));
            out.push('\n');
        }
    };
    posts(&mut out, "Posts started", "+", green, &diff.posts.started);
    posts(&mut out, "Posts ended", "-", red, &diff.posts.ended);

    out
}

/// The columns of the ties' table.
const TIE_HEADER: [&str; 7] = ["  tie", "kind", "change", "before", "after", "delta", ""];
const TIE_ALIGN: [Align; 7] = [
    Align::Left,
    Align::Left,
    Align::Left,
    Align::Right,
    Align::Right,
    Align::Right,
    Align::Left,
];

/// The cells of a tie's row in the ties' table.
fn tie_cells(t: &TieChange) -> [String; 7] {
    let sign = match t.change {
        crate::diff::Change::Added => "+",
        crate::diff::Change::Removed => "-",
        crate::diff::Change::Changed => "~",
    };
    let note = if t.is_sign_flip() { "sign flip" } else { "" };
    [
        format!("{sign} {}", printable(&tie_label(t))),
        printable(&t.key.kind),
        t.change.as_str().to_string(),
        optional(t.before),
        optional(t.after),
        format::signed(t.delta),
        note.to_string(),
    ]
}

/// How many ties' lines one task of [`write_ties_text`] makes.
const TIES_PER_RUN: usize = 2048;

/// The ties' table and, unless `why` is [`Why::Not`], why each tie changed.
fn write_ties_text(
    diff: &GraphDiff,
    color: bool,
    why: Why<'_>,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    use rayon::prelude::*;
    use std::fmt::Write as _;
    if diff.ties.is_empty() {
        return Ok(());
    }
    let mut text = String::new();
    section(&mut text, &format!("Ties ({})", diff.ties.len()), color);
    // The columns' widths first, on all cores, so that the rows can be written as they are made.
    let widths = diff
        .ties
        .par_iter()
        .fold(
            || header_widths(&TIE_HEADER),
            |mut widths, t| {
                widen(&mut widths, &tie_cells(t));
                widths
            },
        )
        .reduce(
            || header_widths(&TIE_HEADER),
            |a, b| a.iter().zip(&b).map(|(x, y)| *x.max(y)).collect(),
        );
    aligned_line(&mut text, &TIE_HEADER, &widths, &TIE_ALIGN);
    out.write_all(text.as_bytes())?;
    crate::render::runs::write_in_runs(
        diff.ties.len(),
        TIES_PER_RUN,
        |run| {
            let mut text = String::with_capacity(run.len() * 96);
            let mut line = String::new();
            for t in &diff.ties[run] {
                line.clear();
                aligned_line(&mut line, &tie_cells(t), &widths, &TIE_ALIGN);
                let line = line.trim_end_matches('\n');
                text.push_str(&paint(line, tie_style(t), color));
                text.push('\n');
            }
            Ok(text.into_bytes())
        },
        |bytes| out.write_all(bytes),
    )?;
    if matches!(why, Why::Not) {
        return Ok(());
    }
    let (from, to) = (diff.from.date, diff.to.date);
    let mut text = String::new();
    section(&mut text, "Why the ties changed", color);
    out.write_all(text.as_bytes())?;
    crate::render::runs::write_in_runs(
        diff.ties.len(),
        TIES_PER_RUN,
        |run| {
            let mut text = String::with_capacity(run.len() * 160);
            for i in run {
                let t = &diff.ties[i];
                let _ = write!(
                    text,
                    "\n{} ({})\n",
                    printable(&tie_label(t)),
                    printable(&t.key.kind)
                );
                let found;
                let points = match why {
                    Why::Citing(before, after) => {
                        found = ChangePoints::of_change(t, before, after, from, to);
                        found.points.as_slice()
                    }
                    _ => diff.tie_points(i).map_or(&[][..], |c| c.points.as_slice()),
                };
                if points.is_empty() {
                    text.push_str("  (no point between the dates)\n");
                }
                for p in points {
                    let scenario = if p.from_scenario { "  (scenario)" } else { "" };
                    let _ = writeln!(text, "  {}  {}{scenario}", p.date, value(p));
                    text.push_str(&point_details(p, "    "));
                }
            }
            Ok(text.into_bytes())
        },
        |bytes| out.write_all(bytes),
    )
}

/// `diff --format markdown`: a heading, the summary, then one table per section, for reports.
pub fn markdown(diff: &GraphDiff) -> String {
    let mut out = Vec::new();
    // Writing to memory cannot fail.
    let _ = write_markdown(diff, &mut out);
    crate::render::runs::written_text(out)
}

/// [`markdown`], written to `out` as it is made (the ties' rows on all cores, a few runs at a
/// time, written in order).
pub fn write_markdown(diff: &GraphDiff, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    write_markdown_why(diff, Why::Held, out)
}

/// [`markdown`] of a diff without its points, written to `out` as it is made, each change's
/// points found (cited from `before` and `after`, as [`GraphDiff::with_points`] would) on all
/// cores a few runs at a time: the points of a large diff are never all held at once. The same
/// bytes as `markdown` of the diff with them.
pub fn write_markdown_citing(
    diff: &GraphDiff,
    before: &Citer,
    after: &Citer,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    write_markdown_why(diff, Why::Citing(before, after), out)
}

fn write_markdown_why(
    diff: &GraphDiff,
    why: Why<'_>,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut notes = Footnotes::default();
    out.write_all(head_markdown(diff).as_bytes())?;
    if !diff.is_empty() && !diff.ties.is_empty() {
        write_ties_markdown(diff, why, &mut notes, out)?;
    }
    if let Some(structure) = &diff.structure {
        out.write_all(super::diff_structure::markdown(structure).as_bytes())?;
    }
    out.write_all(notes.render().as_bytes())
}

/// The Markdown view up to the ties: heading, summary, actors and posts.
fn head_markdown(diff: &GraphDiff) -> String {
    let mut out = format!("## {}\n\n", cell(&format::diff_heading(diff)));
    for line in summary_lines(diff) {
        out.push_str(&format!("- {}\n", cell(&line)));
    }
    if diff.is_empty() {
        out.push_str("\nNo differences.\n");
        return out;
    }
    let actors = |out: &mut String, title: &str, list: &[ActorRef]| {
        if list.is_empty() {
            return;
        }
        let rows: Vec<Vec<String>> = list
            .iter()
            .map(|a| {
                vec![
                    format!("`{}`", markdown_code(&a.id)),
                    cell(&a.name),
                    a.kind.as_str().to_string(),
                ]
            })
            .collect();
        out.push_str(&format!("\n### {title}\n\n"));
        out.push_str(&markdown_table(&["id", "name", "kind"], &[false; 3], &rows));
    };
    actors(&mut out, "Actors added", &diff.actors.added);
    actors(&mut out, "Actors removed", &diff.actors.removed);
    let posts = |out: &mut String, title: &str, list: &[PostChange]| {
        if list.is_empty() {
            return;
        }
        let rows: Vec<Vec<String>> = list
            .iter()
            .map(|p| vec![cell(&p.name), cell(&p.title), cell(&p.of)])
            .collect();
        out.push_str(&format!("\n### {title}\n\n"));
        out.push_str(&markdown_table(
            &["person", "post", "of"],
            &[false; 3],
            &rows,
        ));
    };
    posts(&mut out, "Posts started", &diff.posts.started);
    posts(&mut out, "Posts ended", &diff.posts.ended);
    out
}

/// The cells of a tie's row in the Markdown ties' table: the tie, the change, and why it changed
/// (its `points`, their sources cited in `notes`).
fn markdown_tie_row(t: &TieChange, points: &[CitedPoint], notes: &mut Footnotes) -> [String; 7] {
    let mut why: Vec<String> = Vec::new();
    if t.is_sign_flip() {
        why.push("sign flip".to_string());
    }
    for p in points {
        let note = markdown_point(p, notes);
        let scenario = if p.from_scenario { " (scenario)" } else { "" };
        why.push(format!("{} {}{scenario}: {note}", p.date, value(p)));
    }
    [
        cell(&tie_label(t)),
        cell(&t.key.kind),
        t.change.as_str().to_string(),
        optional(t.before),
        optional(t.after),
        format::signed(t.delta),
        why.join("<br>"),
    ]
}

/// The ties' table, a row per tie with why it changed. Each run's points are found on all
/// cores; the rows are written in order, so that the footnotes are numbered as they are cited.
fn write_ties_markdown(
    diff: &GraphDiff,
    why: Why<'_>,
    notes: &mut Footnotes,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut text = String::from("\n### Ties\n\n");
    text.push_str(&markdown_table(
        &["tie", "kind", "change", "before", "after", "delta", "note"],
        &[false, false, false, true, true, true, false],
        &[],
    ));
    out.write_all(text.as_bytes())?;
    let (from, to) = (diff.from.date, diff.to.date);
    crate::render::runs::make_in_runs(
        diff.ties.len(),
        TIES_PER_RUN,
        |run| {
            let found: Vec<Option<ChangePoints>> = match why {
                Why::Citing(before, after) => run
                    .clone()
                    .map(|i| {
                        Some(ChangePoints::of_change(
                            &diff.ties[i],
                            before,
                            after,
                            from,
                            to,
                        ))
                    })
                    .collect(),
                _ => Vec::new(),
            };
            Ok((run, found))
        },
        |(run, found)| {
            let mut text = String::with_capacity(run.len() * 128);
            for (n, i) in run.enumerate() {
                let t = &diff.ties[i];
                let points = match found.get(n) {
                    Some(Some(c)) => c.points.as_slice(),
                    _ => diff.tie_points(i).map_or(&[][..], |c| c.points.as_slice()),
                };
                text.push_str("| ");
                text.push_str(&markdown_tie_row(t, points, notes).join(" | "));
                text.push_str(" |\n");
            }
            out.write_all(text.as_bytes())
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::DiffOptions;
    use crate::snapshot::Snapshot;

    fn snapshots() -> (Snapshot, Snapshot) {
        let model = crate::load::load_str(
            "detente: 1\nactors:\n  A: {name: A, kind: state}\n  B: {name: 'B|<b>', kind: state}\n\
             relations:\n  - between: [A, B]\n    series:\n      \
             - {date: 2020, weight: 0.5}\n      - {date: 2021, weight: -0.25}\n",
            "t.yaml",
        )
        .unwrap();
        let at = |d: &str| Snapshot::at(&model, d.parse().unwrap());
        (at("2020"), at("2021"))
    }

    /// A graph whose diff between 2005 and 2015 has ties enough for more than two runs.
    fn many_ties() -> crate::model::Graph {
        crate::generate::generate(&crate::generate::Spec::sized(300, 3 * TIES_PER_RUN + 7, 3))
    }

    /// Runs `test` on the diff of `model` between 2005 and 2015, without its points and with
    /// them, and the citer that finds them.
    fn with_diffs_of_many_ties(
        model: &crate::model::Graph,
        test: impl FnOnce(&crate::explain::Citer<'_>, &GraphDiff<'_>, &GraphDiff<'_>),
    ) {
        let at = |d: &str| Snapshot::at(model, d.parse().expect("a date"));
        let (early, late) = (at("2005"), at("2015"));
        let citer = crate::explain::Citer::new(model);
        let bare = GraphDiff::between(&early, &late, &DiffOptions::default());
        let diff = bare.clone().with_points(&citer, &citer);
        assert!(diff.ties.len() > 2 * TIES_PER_RUN);
        test(&citer, &bare, &diff);
    }

    #[test]
    fn the_text_of_many_ties_made_in_runs_is_one_table_in_the_ties_order() {
        let model = many_ties();
        with_diffs_of_many_ties(&model, |citer, bare, diff| {
            for color in [false, true] {
                let got = text(diff, color);
                // The ties' table as one table of every row, each line painted as its tie.
                let rows: Vec<Vec<String>> =
                    diff.ties.iter().map(|t| tie_cells(t).to_vec()).collect();
                let whole = table(&TIE_HEADER, &TIE_ALIGN, &rows);
                let mut lines = whole.lines();
                let mut expected = format!("{}\n", lines.next().unwrap());
                for (line, t) in lines.zip(&diff.ties) {
                    expected.push_str(&paint(line, tie_style(t), color));
                    expected.push('\n');
                }
                let start = got.find(&expected[..expected.find('\n').unwrap()]).unwrap();
                assert_eq!(&got[start..start + expected.len()], expected);
                // Then each tie's points, in the same order.
                let why = &got[start + expected.len()..];
                let labels: Vec<&str> = why
                    .lines()
                    .filter(|l| !l.is_empty() && !l.starts_with(' ') && !l.contains("Why the ties"))
                    .collect();
                let want: Vec<String> = diff
                    .ties
                    .iter()
                    .map(|t| format!("{} ({})", tie_label(t), t.key.kind))
                    .collect();
                assert_eq!(labels, want);
                let mut streamed = Vec::new();
                write_text(diff, color, &mut streamed).unwrap();
                assert_eq!(streamed, got.as_bytes());
                // Points found as they are written: the same bytes as points found first.
                let mut citing = Vec::new();
                write_text_citing(bare, color, citer, citer, &mut citing).unwrap();
                assert_eq!(citing, got.as_bytes());
            }
        });
    }

    #[test]
    fn the_markdown_of_many_ties_made_in_runs_is_one_table_with_footnotes_in_citing_order() {
        let mut model = many_ties();
        // Sources cited across runs, some again and again, numbered in the order first cited.
        for n in 0..50 {
            let id = crate::model::Id::from(format!("s{n}").as_str());
            let source = crate::model::Source {
                title: format!("Source {n}"),
                ..crate::model::Source::default()
            };
            model.sources.insert(id, source);
        }
        for (i, r) in model.relations.iter_mut().enumerate() {
            for p in &mut r.series {
                let id = crate::model::Id::from(format!("s{}", (i * 7) % 50).as_str());
                p.edit_detail(|d| d.sources.push(id));
            }
        }
        with_diffs_of_many_ties(&model, |citer, bare, diff| {
            // The document made whole: every row in one table, sources numbered as first cited.
            let mut notes = Footnotes::default();
            let rows: Vec<Vec<String>> = diff
                .ties
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    let points = diff.tie_points(i).map_or(&[][..], |c| c.points.as_slice());
                    markdown_tie_row(t, points, &mut notes).to_vec()
                })
                .collect();
            let footnotes = notes.render();
            assert!(
                footnotes.contains("[^1]:"),
                "the generated graph cites sources"
            );
            let expected = format!(
                "{}\n### Ties\n\n{}{footnotes}",
                head_markdown(diff),
                markdown_table(
                    &["tie", "kind", "change", "before", "after", "delta", "note"],
                    &[false, false, false, true, true, true, false],
                    &rows,
                )
            );
            assert_eq!(markdown(diff), expected);
            // Points found as they are written: the same bytes as points found first.
            let mut citing = Vec::new();
            write_markdown_citing(bare, citer, citer, &mut citing).unwrap();
            assert_eq!(String::from_utf8(citing).unwrap(), expected);
        });
    }

    #[test]
    fn changes_written_in_runs_on_several_threads_are_the_documents_bytes() {
        let model = crate::generate::generate(&crate::generate::Spec::sized(
            300,
            3 * ELEMENTS_PER_RUN + 7,
            3,
        ));
        let at = |d: &str| Snapshot::at(&model, d.parse().expect("a date"));
        let (early, late) = (at("2005"), at("2015"));
        let citer = crate::explain::Citer::new(&model);
        let origin = Origin::new(Vec::new()).filter("level", "state");
        let bare = GraphDiff::between(&early, &late, &DiffOptions::default());
        assert!(bare.ties.len() > 2 * ELEMENTS_PER_RUN);
        let cited = bare.clone().with_points(&citer, &citer);
        for diff in [&bare, &cited] {
            let whole = super::super::origin::json(&view(diff), &origin);
            assert_eq!(json(diff, &origin), whole);
        }
        // Points found as they are written: the same bytes as points found first.
        let mut citing = Vec::new();
        write_json_citing(&bare, &citer, &citer, &origin, &mut citing).unwrap();
        assert_eq!(String::from_utf8(citing).unwrap(), json(&cited, &origin));
    }

    #[test]
    fn points_found_as_written_are_the_points_found_first_between_two_graphs() {
        // Two graphs (a file and its edit) and a small diff, with a date going back too.
        let model = crate::generate::generate(&crate::generate::Spec::sized(40, 120, 4));
        let mut edited = model.clone();
        for (i, r) in edited.relations.iter_mut().enumerate() {
            if i % 3 == 0 {
                let last = r.series.len() - 1;
                r.series[last].set_value(crate::model::PointValue::Weight(0.125));
            }
        }
        let (a, b) = (
            crate::explain::Citer::new(&model),
            crate::explain::Citer::new(&edited),
        );
        let origin = Origin::new(Vec::new());
        for (from, to) in [("2012", "2012"), ("2016", "2008")] {
            let before = Snapshot::at(&model, from.parse().unwrap());
            let after = Snapshot::at(&edited, to.parse().unwrap());
            let bare = GraphDiff::between(&before, &after, &DiffOptions::default());
            assert!(!bare.ties.is_empty());
            let cited = bare.clone().with_points(&a, &b);
            let mut citing = Vec::new();
            write_json_citing(&bare, &a, &b, &origin, &mut citing).unwrap();
            assert_eq!(String::from_utf8(citing).unwrap(), json(&cited, &origin));
        }
    }

    #[test]
    fn the_betweenness_field_is_there_only_when_betweenness_was_ranked() {
        use crate::analysis::{Metric, Metrics, Options};
        let s = snapshots();
        let origin = Origin::new(Vec::new());
        let field = |options: &Options| {
            let d = GraphDiff::between(&s.0, &s.1, &DiffOptions::default())
                .with_structure(&s.0, &s.1, options);
            let summary = markdown(&d);
            let value: serde_json::Value = serde_json::from_str(&json(&d, &origin)).unwrap();
            (value.get("betweenness").cloned(), summary)
        };
        let (exact, _) = field(&Options::default());
        assert_eq!(exact, Some(serde_json::json!({"exact": true})));
        let sampled = Options {
            betweenness: crate::analysis::BetweennessSources::Sample(2),
            ..Options::default()
        };
        let (estimated, summary) = field(&sampled);
        assert_eq!(estimated.unwrap()["exact"], false);
        assert!(
            summary.contains("Betweenness ranks: estimated"),
            "{summary}"
        );
        // Without betweenness among the metrics, nothing is said about how it was computed.
        let pagerank_only = Options {
            metrics: Metrics::of(&[Metric::PageRank, Metric::Balance]),
            ..sampled
        };
        let (none, summary) = field(&pagerank_only);
        assert_eq!(none, None);
        assert!(!summary.contains("Betweenness ranks"), "{summary}");
    }

    #[test]
    fn colour_only_when_asked() {
        let s = snapshots();
        let d = GraphDiff::between(&s.0, &s.1, &DiffOptions::default());
        assert!(!text(&d, false).contains('\x1b'));
        assert!(text(&d, true).contains("\x1b[1m"));
        assert!(text(&d, true).contains("sign flip"));
    }

    #[test]
    fn markdown_cells_cannot_break_the_table() {
        assert_eq!(cell("a|b<i>\nc"), "a\\|b&lt;i> c");
    }

    #[test]
    fn control_characters_never_reach_the_terminal() {
        assert_eq!(printable("Evil\x1b[2J\r"), "Evil\\u{1b}[2J\\u{d}");
        assert_eq!(printable("Łukaszenka"), "Łukaszenka");
    }

    #[test]
    fn tiny_numbers_read_as_in_show() {
        // Deliberately changed in issue 9: `+4.00e-3` before, now the form of `show`.
        assert_eq!(optional(Some(0.004)), "+0.00");
        assert_eq!(optional(Some(-0.25)), "-0.25");
        assert_eq!(optional(Some(0.0)), "+0.00");
        assert_eq!(optional(None), "—");
    }
}
