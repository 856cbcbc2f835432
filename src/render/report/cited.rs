//! Cited points in every report: their JSON shape (shared by `explain`, `show --sources` and
//! `diff`), a source as one line of text, and Markdown footnotes that number each source once.

use std::collections::HashMap;

use serde::Serialize;

use super::table::{cell, printable};
use crate::explain::{CitedPoint, EventRef, SourceRef};
use crate::model::{Date, PointValue};
use crate::render::format;

/// An event as JSON: `{"id", "title", "date"}`.
#[derive(Debug, Serialize)]
pub(crate) struct EventView<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub date: Date,
}

/// A source as JSON: `{"id", "title", "publisher", "date", "url"}`, and `file` for a scenario.
#[derive(Debug, Serialize)]
pub(crate) struct SourceView<'a> {
    pub id: Option<&'a str>,
    pub title: &'a str,
    pub publisher: Option<&'a str>,
    pub date: Option<Date>,
    pub url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<&'a str>,
}

/// A point as JSON: `{"date", "weight", "end", "note", "in_force", "event", "sources"}`, and
/// `scenario` (whether a scenario's edit made it).
#[derive(Debug, Serialize)]
pub(crate) struct PointView<'a> {
    pub date: Date,
    pub weight: Option<f64>,
    pub end: bool,
    pub note: Option<&'a str>,
    pub in_force: bool,
    pub scenario: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub range: Option<[f64; 2]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<u64>,
    pub event: Option<EventView<'a>>,
    pub sources: Vec<SourceView<'a>>,
}

pub(crate) fn event_view(e: &EventRef) -> EventView<'_> {
    EventView {
        id: &e.id,
        title: &e.title,
        date: e.date,
    }
}

pub(crate) fn source_view(s: &SourceRef) -> SourceView<'_> {
    SourceView {
        id: s.id.as_deref(),
        title: &s.title,
        publisher: s.publisher.as_deref(),
        date: s.date,
        url: s.url.as_deref(),
        file: s.file.as_deref(),
    }
}

/// The JSON view of `p`; `in_force` says whether it gives the value shown.
pub(crate) fn point_view(p: &CitedPoint, in_force: bool) -> PointView<'_> {
    PointView {
        date: p.date,
        weight: p.weight().map(format::weight),
        end: p.value == PointValue::End,
        note: p.note.as_deref(),
        in_force,
        scenario: p.from_scenario,
        confidence: p.confidence.map(format::weight),
        range: p.range.map(|r| r.map(format::weight)),
        count: p.count,
        event: p.event.as_ref().map(event_view),
        sources: p.sources.iter().map(source_view).collect(),
    }
}

/// A point's value as written: `+0.3`, or `end`; with its confidence, range and count when it
/// states them: `+0.3 (confidence 0.7, range 0.1 to 0.4, count 12)`.
pub(crate) fn value(p: &CitedPoint) -> String {
    let mut text = p
        .weight()
        .map_or_else(|| "end".to_string(), format::exact_signed);
    let mut extra = Vec::new();
    if let Some(c) = p.confidence {
        extra.push(format!("confidence {}", format::exact(c)));
    }
    if let Some([low, high]) = p.range {
        extra.push(format!(
            "range {} to {}",
            format::exact(low),
            format::exact(high)
        ));
    }
    if let Some(n) = p.count {
        extra.push(format!("count {n}"));
    }
    if !extra.is_empty() {
        text.push_str(&format!(" ({})", extra.join(", ")));
    }
    text
}

/// A source in one line of plain text (unescaped): `Title — Publisher, 2020-02-01, URL`, or
/// `scenario: Title (FILE)`.
pub(crate) fn source_line(s: &SourceRef) -> String {
    if let Some(file) = &s.file {
        return if s.title == *file {
            format!("scenario {file}")
        } else {
            format!("scenario: {} ({file})", s.title)
        };
    }
    let details: Vec<String> = [
        s.publisher.clone(),
        s.date.map(|d| d.to_string()),
        s.url.clone(),
    ]
    .into_iter()
    .flatten()
    .collect();
    if details.is_empty() {
        s.title.clone()
    } else {
        format!("{} — {}", s.title, details.join(", "))
    }
}

/// An event in one line of plain text (unescaped): `Title (id, 2020-02-01)`.
pub(crate) fn event_line(e: &EventRef) -> String {
    format!("{} ({}, {})", e.title, e.id, e.date)
}

/// The lines under a point in text reports, indented by `indent`: its event, its note and its
/// sources, each escaped for the terminal.
pub(crate) fn point_details(p: &CitedPoint, indent: &str) -> String {
    let mut out = String::new();
    if let Some(e) = &p.event {
        out.push_str(&format!("{indent}event: {}\n", printable(&event_line(e))));
    }
    if let Some(note) = &p.note {
        out.push_str(&format!(
            "{indent}note: {}\n",
            printable(note.trim_end_matches('\n'))
        ));
    }
    if p.sources.is_empty() {
        out.push_str(&format!("{indent}sources: none\n"));
    } else {
        out.push_str(&format!("{indent}sources:\n"));
        for s in &p.sources {
            out.push_str(&format!("{indent}  - {}\n", printable(&source_line(s))));
        }
    }
    out
}

/// Markdown footnotes: each distinct source gets one number, in the order first cited.
#[derive(Debug, Default)]
pub(crate) struct Footnotes {
    lines: Vec<String>,
    /// Each line's number, found in one lookup: a graph imported from event data cites
    /// hundreds of thousands of sources, and searching the lines for each made a report
    /// quadratic (25 s for a diff that takes one as text).
    numbers: HashMap<String, usize>,
}

impl Footnotes {
    /// The references (`[^1][^2]`) for `sources`, numbering new ones.
    pub(crate) fn cite(&mut self, sources: &[SourceRef]) -> String {
        let mut refs = String::new();
        for s in sources {
            let line = cell(&source_line(s));
            let next = self.lines.len() + 1;
            let n = *self.numbers.entry(line).or_insert_with_key(|line| {
                self.lines.push(line.clone());
                next
            });
            refs.push_str(&format!("[^{n}]"));
        }
        refs
    }

    /// The footnote definitions, preceded by a blank line; empty when nothing was cited.
    pub(crate) fn render(&self) -> String {
        let mut out = String::new();
        if self.lines.is_empty() {
            return out;
        }
        out.push_str("\n### Sources\n\n");
        for (i, line) in self.lines.iter().enumerate() {
            out.push_str(&format!("[^{}]: {line}\n", i + 1));
        }
        out
    }
}

/// A point in one Markdown table cell: its event and note, escaped, then its footnote references.
pub(crate) fn markdown_point(p: &CitedPoint, notes: &mut Footnotes) -> String {
    let mut text: Vec<String> = Vec::new();
    if let Some(e) = &p.event {
        text.push(cell(&e.title));
    }
    if let Some(note) = &p.note {
        text.push(cell(note.trim()));
    }
    let mut out = text.join(": ");
    out.push_str(&notes.cite(&p.sources));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(title: &str) -> SourceRef {
        SourceRef {
            id: Some(title.into()),
            title: title.to_string(),
            publisher: None,
            date: None,
            url: None,
            file: None,
        }
    }

    #[test]
    fn each_source_is_numbered_once_in_the_order_first_cited() {
        let (a, b, c) = (source("A"), source("B"), source("C"));
        let mut notes = Footnotes::default();
        assert_eq!(notes.cite(&[b.clone(), a.clone()]), "[^1][^2]");
        assert_eq!(
            notes.cite(&[a.clone(), c.clone(), b.clone()]),
            "[^2][^3][^1]"
        );
        assert_eq!(notes.cite(&[]), "");
        assert_eq!(
            notes.render(),
            format!(
                "\n### Sources\n\n[^1]: {}\n[^2]: {}\n[^3]: {}\n",
                cell(&source_line(&b)),
                cell(&source_line(&a)),
                cell(&source_line(&c))
            )
        );
        assert_eq!(Footnotes::default().render(), "");
    }
}
