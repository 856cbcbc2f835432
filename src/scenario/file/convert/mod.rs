//! Turns the raw edits of a scenario file into [`Edit`]s, reporting every problem with its place
//! and noting where each field of each edit is written (for problems found later, against the base).

use super::Spans;
use super::raw::Ids;
use crate::model::{Certainty, DEFAULT_KIND, Date, Ends, Id, Post};
use crate::reader::{
    Checker, Diagnostic, Field as Slot, Got, List, Located, OneOrMany, Position, RawBound, RawDate,
    RawPost, Text, id_list,
};
use crate::scenario::edit::{Provenance, TieRef};
use crate::scenario::problem::Field;

mod edits;

/// The help for a date that is not one.
const DATE_HELP: &str = "dates are YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2025-09-01";

/// Turns raw edits into edits, collecting problems and the position of every field.
pub(super) struct Convert {
    pub(super) c: Checker,
    pub(super) spans: Spans,
}

impl Default for Convert {
    fn default() -> Self {
        Convert {
            c: Checker {
                problems: Vec::new(),
            },
            spans: Spans::default(),
        }
    }
}

impl Convert {
    pub(super) fn problem(
        &mut self,
        at: Position,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.c.error(at, message).help = Some(help.into());
    }

    /// A problem of the edit as a whole, at the edit.
    fn edit_problem(&mut self, message: impl Into<String>, help: impl Into<String>) {
        let d = Diagnostic::new(self.spans.edit, message).with_help(help);
        self.c.problems.push(d);
    }

    fn mark(&mut self, field: Field, at: Position) {
        if at.line > 0 {
            self.spans.fields.insert(field, at);
        }
    }

    /// An optional text: `Some(None)` when absent, `None` when badly shaped (reported).
    pub(super) fn text(
        &mut self,
        field: &Slot<Text>,
        name: &'static str,
    ) -> Option<Option<String>> {
        if field.is_none() {
            return Some(None);
        }
        let (text, at) = self.c.get(field, name)?;
        self.mark(Field::at(name), at);
        Some(Some(text.0.clone()))
    }

    /// A required text (an id, a name, a title) of `what` (``a `set` edit``).
    fn required(&mut self, field: &Slot<Text>, name: &'static str, what: &str) -> Option<String> {
        if field.is_none() {
            self.edit_problem(
                format!("{what} needs `{name}:`"),
                format!("add `{name}:` to it"),
            );
            return None;
        }
        self.text(field, name).flatten()
    }

    fn parse_date(&mut self, raw: &RawDate, at: Position, name: &'static str) -> Option<Date> {
        self.mark(Field::at(name), at);
        match &raw.0 {
            Ok(date) => Some(*date),
            Err(e) => {
                self.problem(at, format!("{name}: {e}"), DATE_HELP);
                None
            }
        }
    }

    /// A required date of `what`.
    fn date(&mut self, field: &Slot<RawDate>, name: &'static str, what: &str) -> Option<Date> {
        if field.is_none() {
            self.edit_problem(format!("{what} needs `{name}:`"), DATE_HELP);
            return None;
        }
        let (raw, at) = self.c.get(field, name)?;
        self.parse_date(raw, at, name)
    }

    /// An optional start or end of a period (`2019`, `~2019`, `unknown`): absent is an open,
    /// exact bound; `None` when wrong (reported).
    pub(super) fn opt_bound(
        &mut self,
        field: &Slot<RawBound>,
        name: &'static str,
    ) -> Option<(Option<Date>, Certainty)> {
        if field.is_none() {
            return Some((None, Certainty::Exact));
        }
        let (raw, at) = self.c.get(field, name)?;
        self.mark(Field::at(name), at);
        match &raw.0 {
            Ok(bound) => Some(*bound),
            Err(e) => {
                self.problem(at, format!("{name}: {e}"), DATE_HELP);
                None
            }
        }
    }

    /// A required finite number of `what`.
    fn number(&mut self, field: &Slot<f64>, name: &'static str, what: &str) -> Option<f64> {
        if field.is_none() {
            self.edit_problem(format!("{what} needs `{name}:`"), "e.g. 0.2");
            return None;
        }
        let (&value, at) = self.c.get(field, name)?;
        self.mark(Field::at(name), at);
        if value.is_finite() {
            Some(value)
        } else {
            self.problem(at, format!("`{name}` must be a finite number"), "e.g. 0.2");
            None
        }
    }

    /// The ids of a list, each marked as an item of `name`; `None` if one is not an id.
    fn id_items(
        &mut self,
        items: &[Located<Got<Text>>],
        name: &'static str,
        at: Position,
    ) -> Option<Vec<Id>> {
        let ids = id_list(&mut self.c, items, name, at);
        let ok = ids.len() == items.len();
        let ids: Vec<Id> = ids
            .into_iter()
            .enumerate()
            .map(|(i, (id, p))| {
                self.mark(Field::item(name, i), p);
                Id::from(id)
            })
            .collect();
        ok.then_some(ids)
    }

    /// Optional ids written as one or a list (`source: s` or `sources: [s, t]`).
    fn ids(&mut self, field: &Slot<OneOrMany>, name: &'static str) -> Option<Vec<Id>> {
        if field.is_none() {
            return Some(Vec::new());
        }
        let (many, at) = self.c.get(field, name)?;
        self.mark(Field::at(name), at);
        self.id_items(&many.0, name, at)
    }

    fn provenance(
        &mut self,
        note: &Slot<Text>,
        event: &Slot<Text>,
        source: &Slot<OneOrMany>,
    ) -> Option<Provenance> {
        let note = self.text(note, "note");
        let event = self.text(event, "event");
        let sources = self.ids(source, "source");
        Some(Provenance {
            note: note?,
            event: event?.map(Into::into),
            sources: sources?,
            confidence: None,
        })
    }

    /// An edit's `confidence:`, checked against `[0, 1]` when the edit is applied.
    fn confidence(&mut self, field: &Slot<f64>) -> Option<Option<f64>> {
        if field.is_none() {
            return Some(None);
        }
        let (&value, at) = self.c.get(field, "confidence")?;
        self.mark(Field::at("confidence"), at);
        Some(Some(value))
    }

    fn ends(&mut self, between: &Slot<Ids>, from: &Slot<Text>, to: &Slot<Text>) -> Option<Ends> {
        let b = self.c.get(between, "between");
        let f = self.c.get(from, "from");
        let t = self.c.get(to, "to");
        // A badly shaped end was reported already.
        if (between.is_some() && b.is_none())
            || (from.is_some() && f.is_none())
            || (to.is_some() && t.is_none())
        {
            return None;
        }
        match (b, f, t) {
            (Some((List(items), at)), None, None) => {
                self.mark(Field::at("between"), at);
                if items.len() != 2 {
                    self.problem(
                        at,
                        format!("`between` needs exactly two actors, found {}", items.len()),
                        "write `between: [A, B]`; for a directed tie use `from:` and `to:`",
                    );
                    return None;
                }
                match self.id_items(items, "between", at)?.as_slice() {
                    [a, b] => Some(Ends::Mutual(a.clone(), b.clone())),
                    _ => None,
                }
            }
            (None, Some((from, from_at)), Some((to, to_at))) => {
                self.mark(Field::at("from"), from_at);
                self.mark(Field::at("to"), to_at);
                Some(Ends::Directed {
                    from: from.0.as_str().into(),
                    to: to.0.as_str().into(),
                })
            }
            (Some((_, at)), _, _) => {
                self.problem(
                    at,
                    "a tie has either `between:` or `from:`/`to:`, not both",
                    "keep `between:` for a mutual tie, or `from:`/`to:` for a directed one",
                );
                None
            }
            (None, Some((_, at)), None) | (None, None, Some((_, at))) => {
                self.problem(
                    at,
                    "a directed tie needs both `from:` and `to:`",
                    "add the missing end, or write `between: [A, B]` for a mutual tie",
                );
                None
            }
            (None, None, None) => {
                self.edit_problem(
                    "the edit does not say which tie",
                    "add `between: [A, B]`, or `from: A` and `to: B`",
                );
                None
            }
        }
    }

    fn kind(&mut self, kind: &Slot<Text>) -> Option<String> {
        if kind.is_none() {
            return Some(DEFAULT_KIND.to_string());
        }
        let (k, at) = self.c.get(kind, "kind")?;
        self.mark(Field::at("kind"), at);
        if k.0.trim().is_empty() {
            self.problem(
                at,
                "a relation kind cannot be empty",
                format!("leave `kind:` out for the default kind `{DEFAULT_KIND}`"),
            );
            None
        } else {
            Some(k.0.clone())
        }
    }

    fn tie(
        &mut self,
        between: &Slot<Ids>,
        from: &Slot<Text>,
        to: &Slot<Text>,
        kind: &Slot<Text>,
    ) -> Option<TieRef> {
        let ends = self.ends(between, from, to);
        let kind = self.kind(kind);
        Some(TieRef {
            ends: ends?,
            kind: kind?.into(),
        })
    }

    fn post(&mut self, raw: &RawPost) -> Option<Post> {
        self.c
            .strays(&raw.strays, RawPost::NAMES, || "a post".into());
        let title = self.required(&raw.title, "title", "a post");
        let of = self.required(&raw.of, "of", "a post");
        let from = self.opt_bound(&raw.from, "from");
        let until = self.opt_bound(&raw.until, "until");
        let extras = self.post_extras(&raw.primary, &raw.sources, &raw.note);
        let ((from, from_certainty), (until, until_certainty)) = (from?, until?);
        Some(Post {
            title: title?,
            of: of?.into(),
            from,
            until,
            from_certainty,
            until_certainty,
            ..extras?
        })
    }

    /// A post's `primary`, `sources` and `note`, as a post with only those fields set.
    pub(super) fn post_extras(
        &mut self,
        primary: &Slot<bool>,
        sources: &Slot<OneOrMany>,
        note: &Slot<Text>,
    ) -> Option<Post> {
        let primary_ok = primary.is_none() || self.c.get(primary, "primary").is_some();
        let primary = self.c.get(primary, "primary").is_some_and(|(p, _)| *p);
        let sources = match self.c.get(sources, "sources") {
            Some((many, at)) => Some(
                crate::reader::id_list(&mut self.c, &many.0, "sources", at)
                    .into_iter()
                    .map(|(s, _)| Id::from(s))
                    .collect(),
            ),
            None => sources.is_none().then(Vec::new),
        };
        let note_ok = note.is_none() || self.c.get(note, "note").is_some();
        let note = self.c.get(note, "note").map(|(t, _)| t.0.clone());
        (primary_ok && note_ok).then_some(())?;
        Some(Post {
            primary,
            sources: sources?,
            note,
            ..Post::default()
        })
    }
}
