//! A graph file as stable, line-oriented text for `git diff` (a textconv driver): one line per
//! actor, post, series point, event and source, each line saying what it belongs to, so that a
//! hunk of `git diff` or `git log -p` reads on its own.
//!
//! The order is fixed by ids and relation keys, not by the file, so moving things around in the
//! YAML shows no change, and a point's line changes only when that point does.

use crate::model::{Certainty, Date, Graph, Id, PointValue, Relation, RelationKey};
use crate::render::escape::printable;
use crate::render::format;

/// Keeps a free text on one line, so that one thing stays one line. Trailing whitespace (the
/// final newline of a YAML block scalar) is dropped.
fn one_line(text: &str) -> String {
    esc(text.trim_end())
}

/// An id or a text on one line: a line break is written `\n` (so a committed graph cannot forge
/// lines in `git diff`), a backslash `\\`, and any other control character (an escape sequence,
/// a bell) the terminal's `\u{..}` escape.
fn esc(text: &str) -> String {
    printable(
        &text
            .replace('\\', "\\\\")
            .replace('\r', "\\r")
            .replace('\n', "\\n"),
    )
}

/// Ids joined with `, `, each on one line.
fn ids(list: &[Id]) -> String {
    list.iter().map(|id| esc(id)).collect::<Vec<_>>().join(", ")
}

/// A relation key as `FROM -- TO (KIND)` or `FROM -> TO (KIND)`, each part on one line.
fn key_text(key: &RelationKey) -> String {
    let arrow = if key.directed { "->" } else { "--" };
    format!(
        "{} {arrow} {} ({})",
        esc(&key.from),
        esc(&key.to),
        esc(&key.kind)
    )
}

fn relation_lines(out: &mut Vec<String>, relation: &Relation) {
    let key = relation.key();
    let tie = format!("tie {}", key_text(&key));
    if let Some(interpolation) = relation.interpolation {
        out.push(format!("{tie} interpolation: {}", interpolation.as_str()));
    }
    if let Some(note) = &relation.note {
        out.push(format!("{tie} note: {}", one_line(note)));
    }
    for point in &relation.series {
        let mut line = format!("{tie} {}: ", point.date);
        match point.value() {
            PointValue::Weight(w) => line.push_str(&format::exact_signed(w)),
            PointValue::End => line.push_str("end"),
        }
        if let Some(c) = point.confidence() {
            line.push_str(&format!("; confidence {}", format::exact(c)));
        }
        if let Some([low, high]) = point.range() {
            line.push_str(&format!(
                "; range {} .. {}",
                format::exact_signed(low),
                format::exact_signed(high)
            ));
        }
        if let Some(n) = point.count() {
            line.push_str(&format!("; count {n}"));
        }
        if let Some(event) = &point.event() {
            line.push_str(&format!("; event {}", esc(event)));
        }
        if !point.sources().is_empty() {
            line.push_str(&format!("; sources {}", ids(point.sources())));
        }
        if let Some(note) = &point.note() {
            line.push_str(&format!("; note {}", one_line(note)));
        }
        out.push(line);
    }
}

/// The listing of `graph`, one item per line, ending with a newline.
///
/// ```
/// let graph = detente::load::load_str(
///     "detente: 1\nactors:\n  A: {name: A, kind: state}\n  B: {name: B, kind: state}\n\
///      relations:\n  - between: [B, A]\n    series: [{date: 2020, weight: 0.5}]\n",
///     "example.yaml",
/// ).unwrap();
/// assert!(detente::render::report::textconv::text(&graph).contains("tie A -- B (relation) 2020: +0.5\n"));
/// ```
pub fn text(graph: &Graph) -> String {
    let mut out = Vec::new();
    // Writing to memory cannot fail.
    let _ = write_text(graph, &mut out);
    crate::render::runs::written_text(out)
}

/// How many relations' lines one task of [`write_text`] makes.
const RELATIONS_PER_RUN: usize = 1024;

/// [`text`], written to `out` as it is made: the relations' lines (a line per point, the bulk of
/// a large graph's listing) are made on all cores a few runs at a time and written in order, so
/// that the listing of ten million points is never held whole.
pub fn write_text(graph: &Graph, sink: &mut dyn std::io::Write) -> std::io::Result<()> {
    let write_lines = |sink: &mut dyn std::io::Write, lines: &[String]| {
        let mut text = String::with_capacity(lines.iter().map(|l| l.len() + 1).sum());
        for line in lines {
            text.push_str(line);
            text.push('\n');
        }
        sink.write_all(text.as_bytes())
    };
    let mut out = Vec::new();
    if let Some(title) = &graph.title {
        out.push(format!("title: {}", one_line(title)));
    }
    if let Some(description) = &graph.description {
        out.push(format!("description: {}", one_line(description)));
    }
    out.push(format!("interpolation: {}", graph.interpolation.as_str()));
    out.push(format!(
        "scale: {} .. {}",
        format::exact_signed(graph.scale.min),
        format::exact_signed(graph.scale.max)
    ));
    for actor in graph.actors.values() {
        out.push(format!(
            "actor {}: {} ({})",
            esc(&actor.id),
            one_line(&actor.name),
            actor.kind.as_str()
        ));
        if let Some(note) = &actor.note {
            out.push(format!("actor {} note: {}", esc(&actor.id), one_line(note)));
        }
        if !actor.aliases.is_empty() {
            let aliases: Vec<String> = actor.aliases.iter().map(|a| one_line(a)).collect();
            out.push(format!(
                "actor {} aliases: {}",
                esc(&actor.id),
                aliases.join(", ")
            ));
        }
        for (name, value) in &actor.attributes {
            let value = match value {
                crate::model::Attribute::Text(t) => one_line(t),
                crate::model::Attribute::Number(n) => format::exact(*n),
                crate::model::Attribute::Bool(b) => b.to_string(),
            };
            out.push(format!(
                "actor {} {}: {value}",
                esc(&actor.id),
                one_line(name)
            ));
        }
        for post in &actor.posts {
            let period = period(
                (post.from, post.from_certainty),
                (post.until, post.until_certainty),
            );
            let mut line = format!(
                "post {}: {}, {}{period}",
                esc(&actor.id),
                one_line(&post.title),
                esc(&post.of)
            );
            if post.primary {
                line.push_str("; primary");
            }
            if !post.sources.is_empty() {
                line.push_str(&format!("; sources {}", ids(&post.sources)));
            }
            if let Some(note) = &post.note {
                line.push_str(&format!("; note {}", one_line(note)));
            }
            out.push(line);
        }
        for m in &actor.part_of {
            let period = period((m.from, m.from_certainty), (m.until, m.until_certainty));
            let mut line = format!("part_of {}: {}{period}", esc(&actor.id), esc(&m.of));
            if !m.sources.is_empty() {
                line.push_str(&format!("; sources {}", ids(&m.sources)));
            }
            if let Some(note) = &m.note {
                line.push_str(&format!("; note {}", one_line(note)));
            }
            out.push(line);
        }
    }
    for (kind, rules) in &graph.relation_kinds {
        let mut parts = Vec::new();
        if let Some(span) = rules.expires {
            parts.push(format!("expires {span}"));
        }
        if !rules.signed {
            parts.push("unsigned".to_string());
        }
        if rules.factor != 1.0 {
            parts.push(format!("factor {}", format::exact(rules.factor)));
        }
        if let Some(span) = rules.stale {
            parts.push(format!("stale after {span}"));
        }
        if let Some(style) = &rules.style {
            if let Some(color) = &style.color {
                parts.push(format!("color {color}"));
            }
            if let Some(line) = style.line {
                parts.push(format!("line {}", line.as_str()));
            }
        }
        out.push(format!("relation kind {}: {}", esc(kind), parts.join("; ")));
    }
    write_lines(sink, &out)?;
    out.clear();
    let mut relations: Vec<&Relation> = graph.relations.iter().collect();
    relations.sort_by_cached_key(|r| r.key());
    crate::render::runs::write_in_runs(
        relations.len(),
        RELATIONS_PER_RUN,
        |run| {
            let mut lines = Vec::new();
            for relation in &relations[run] {
                relation_lines(&mut lines, relation);
            }
            let mut text = Vec::new();
            write_lines(&mut text, &lines)?;
            Ok(text)
        },
        |bytes| sink.write_all(bytes),
    )?;
    for (id, event) in &graph.events {
        let mut line = format!(
            "event {} {}: {}",
            esc(id),
            event.date,
            one_line(&event.title)
        );
        if !event.actors.is_empty() {
            line.push_str(&format!("; actors {}", ids(&event.actors)));
        }
        if !event.sources.is_empty() {
            line.push_str(&format!("; sources {}", ids(&event.sources)));
        }
        out.push(line);
        if let Some(description) = &event.description {
            out.push(format!(
                "event {} description: {}",
                esc(id),
                one_line(description)
            ));
        }
    }
    for (id, source) in &graph.sources {
        let mut line = format!("source {}: {}", esc(id), one_line(&source.title));
        if let Some(publisher) = &source.publisher {
            line.push_str(&format!("; {}", one_line(publisher)));
        }
        if let Some(date) = source.date {
            line.push_str(&format!("; {date}"));
        }
        if let Some(url) = &source.url {
            line.push_str(&format!("; {}", one_line(url)));
        }
        out.push(line);
    }
    write_lines(sink, &out)
}

/// A period as a listing writes it: `, 2019 until 2021`, `, since ~2019`, `, until unknown`.
fn period(from: (Option<Date>, Certainty), until: (Option<Date>, Certainty)) -> String {
    let bound = |(date, certainty): (Option<Date>, Certainty)| match (date, certainty) {
        (_, Certainty::Unknown) => Some("unknown".to_string()),
        (Some(d), Certainty::Approximate) => Some(format!("~{d}")),
        (Some(d), Certainty::Exact) => Some(d.to_string()),
        (None, _) => None,
    };
    match (bound(from), bound(until)) {
        (Some(from), Some(until)) => format!(", {from} until {until}"),
        (Some(from), None) => format!(", since {from}"),
        (None, Some(until)) => format!(", until {until}"),
        (None, None) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ties_of_many_runs_are_listed_in_key_order_on_any_thread_count() {
        let graph = crate::generate::generate(&crate::generate::Spec::sized(
            200,
            3 * RELATIONS_PER_RUN + 5,
            3,
        ));
        let mut relations: Vec<&Relation> = graph.relations.iter().collect();
        relations.sort_by_cached_key(|r| r.key());
        let mut expected = Vec::new();
        for relation in relations {
            relation_lines(&mut expected, relation);
        }
        for threads in [1, 2, 4] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            let listing = pool.install(|| text(&graph));
            let ties: Vec<&str> = listing.lines().filter(|l| l.starts_with("tie ")).collect();
            assert!(ties == expected, "{threads} threads");
            assert!(listing.ends_with('\n') && !listing.ends_with("\n\n"));
        }
    }

    #[test]
    fn free_text_stays_on_one_line() {
        assert_eq!(one_line("a\nb\\n"), "a\\nb\\\\n");
        assert_eq!(one_line("block scalar\n"), "block scalar");
    }

    #[test]
    fn the_listing_ignores_the_order_of_the_file() {
        let a = crate::load::load_str(
            "detente: 1\nactors:\n  A: {name: A, kind: state}\n  B: {name: B, kind: state}\n\
             relations:\n  - between: [B, A]\n    series: [{date: 2021, end: true}, {date: 2020, weight: 1}]\n\
             \x20 - {from: A, to: B, kind: x, series: [{date: 2020, weight: -0.25, note: \"two\\nlines\"}]}\n",
            "a.yaml",
        )
        .unwrap();
        let b = crate::load::load_str(
            "detente: 1\nactors:\n  B: {name: B, kind: state}\n  A: {name: A, kind: state}\n\
             relations:\n  - {from: A, to: B, kind: x, series: [{date: 2020, weight: -0.25, note: \"two\\nlines\"}]}\n\
             \x20 - between: [A, B]\n    series: [{date: 2020, weight: 1}, {date: 2021, end: true}]\n",
            "b.yaml",
        )
        .unwrap();
        assert_eq!(text(&a), text(&b));
        assert_eq!(
            text(&a),
            "interpolation: step\nscale: -1 .. +1\nactor A: A (state)\nactor B: B (state)\n\
             tie A -- B (relation) 2020: +1\ntie A -- B (relation) 2021: end\n\
             tie A -> B (x) 2020: -0.25; note two\\nlines\n"
        );
    }
}
