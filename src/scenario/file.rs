//! Reading scenario files: the YAML that names a base graph and lists edits, turned into [`Edit`]s
//! with every problem located.
//!
//! YAML knowledge of scenarios lives here (reading, behind [`parse_str`]) and in
//! [`super::write`] (writing); [`super::chain`] follows `base:` and applies the edits.

use std::collections::BTreeMap;

use serde_saphyr::{Location, Spanned};

use super::edit::{Edit, Provenance, TieRef};
use super::problem::{Field, ScenarioError};
use crate::load::raw::{OneOrMany, RawDate, RawPoint, RawPost};
use crate::load::{Diagnostic, Diagnostics, LoadError, Position, did_you_mean};
use crate::model::{
    Actor, ActorKind, DEFAULT_KIND, Date, Ends, Event, Interpolation, Point, PointValue, Post,
    Relation,
};

/// The scenario format version this build reads.
pub const SCENARIO_VERSION: u64 = 1;

/// The top-level key that marks a scenario file.
const MARKER: &str = "detente-scenario:";

/// Whether `text` is a scenario file rather than a graph: one of its lines starts with
/// `detente-scenario:` (a top-level key).
pub fn is_scenario(text: &str) -> bool {
    text.starts_with(MARKER) || text.contains(&format!("\n{MARKER}"))
}

mod raw;

use raw::{Id, Ids, RawEdit, RawScenario};

// ------------------------------------------------------------------------------ checked file

/// What a scenario file says about itself.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct ScenarioHeader {
    /// A one-line name.
    pub title: Option<String>,
    /// A longer description.
    pub description: Option<String>,
    /// What the scenario assumes, in free text.
    pub assumes: Option<String>,
    /// The base graph or scenario, relative to the scenario file's directory.
    pub base: String,
}

/// Where each part of one edit is written.
#[derive(Debug, Clone, Default)]
struct Spans {
    edit: Option<Position>,
    fields: BTreeMap<Field, Position>,
}

/// A scenario file read and checked on its own (its edits are not yet checked against a base).
#[derive(Debug, Clone)]
pub struct ScenarioFile {
    /// The file's name as the user gave it.
    pub name: String,
    /// Title, description, assumptions and base.
    pub header: ScenarioHeader,
    /// The edits, in file order.
    pub edits: Vec<Edit>,
    pub(super) base_at: Option<Position>,
    spans: Vec<Spans>,
    text: String,
}

impl ScenarioFile {
    /// The problems of applying this file's edits, located in the file.
    pub fn diagnostics(&self, error: &ScenarioError) -> Diagnostics {
        let items = error
            .problems
            .iter()
            .map(|p| {
                let spans = self.spans.get(p.edit);
                let position = spans.and_then(|s| {
                    s.fields
                        .get(&p.field)
                        .or_else(|| {
                            s.fields.get(&Field {
                                name: p.field.name,
                                index: None,
                            })
                        })
                        .copied()
                        .or(s.edit)
                });
                let mut d = Diagnostic::new(position, p.message.clone());
                d.help = p.help.clone();
                d
            })
            .collect();
        Diagnostics::new(&self.name, items, Some(self.text.clone()))
    }

    pub(super) fn error(
        &self,
        position: Option<Position>,
        message: String,
        help: String,
    ) -> LoadError {
        let d = Diagnostic::new(position, message).with_help(help);
        LoadError::Invalid(Diagnostics::new(
            &self.name,
            vec![d],
            Some(self.text.clone()),
        ))
    }
}

/// Reads and checks the scenario in `text`, naming it `name` in diagnostics. Every problem that
/// can be found without the base (syntax, unknown fields, impossible dates, malformed ties) is
/// reported at once.
pub fn parse_str(text: &str, name: &str) -> Result<ScenarioFile, Diagnostics> {
    let located = |items| Diagnostics::new(name, items, Some(text.to_string()));
    let raw: RawScenario =
        serde_saphyr::from_str_with_options(text, crate::load::yaml_options(text.len()))
            .map_err(|e| located(vec![yaml_error(&e)]))?;
    let mut c = Convert::default();
    if raw.version.value != SCENARIO_VERSION {
        c.problem(
            raw.version.referenced,
            format!("unsupported scenario version {}", raw.version.value),
            format!("this detente reads `detente-scenario: {SCENARIO_VERSION}`"),
        );
    }
    if raw.base.value.trim().is_empty() {
        c.problem(
            raw.base.referenced,
            "`base` is empty".into(),
            "name the graph (or scenario) this one edits, relative to this file".into(),
        );
    }
    let mut edits = Vec::new();
    let mut spans = Vec::new();
    for edit in raw.edits.iter().flatten() {
        c.spans = Spans {
            edit: Position::from_location(edit.referenced),
            fields: BTreeMap::new(),
        };
        if let Some(e) = c.edit(&edit.value) {
            edits.push(e);
            spans.push(std::mem::take(&mut c.spans));
        }
    }
    if !c.problems.is_empty() {
        return Err(located(c.problems));
    }
    Ok(ScenarioFile {
        name: name.to_string(),
        header: ScenarioHeader {
            title: raw.title,
            description: raw.description,
            assumes: raw.assumes,
            base: raw.base.value,
        },
        edits,
        base_at: Position::from_location(raw.base.referenced),
        spans,
        text: text.to_string(),
    })
}

/// The YAML parser's error as a diagnostic: without the parser's own "at line L, column C" (the
/// position says it), and with a guess for a misspelt edit or field name.
fn yaml_error(e: &serde_saphyr::Error) -> Diagnostic {
    let mut d = crate::load::yaml_error(e);
    if let Some(cut) = d.message.rfind(" at line ") {
        d.message.truncate(cut);
    }
    let named = |prefix: &str| {
        d.message
            .strip_prefix(prefix)
            .and_then(|m| m.split('`').next())
            .map(str::to_string)
    };
    let expected: Vec<String> = d
        .message
        .split("expected one of ")
        .nth(1)
        .unwrap_or("")
        .split(", ")
        .map(|s| s.trim_matches('`').to_string())
        .filter(|s| !s.is_empty())
        .collect();
    if d.help.is_none()
        && let Some(wrong) = named("unknown variant `").or_else(|| named("unknown field `"))
    {
        let guess = did_you_mean(&wrong, expected.iter().map(|n| (n.as_str(), None)));
        d.help = Some(match guess {
            Some(g) => format!("did you mean {g}?"),
            None => format!("use one of {}", expected.join(", ")),
        });
    }
    d
}

/// Turns raw edits into edits, collecting problems and the position of every field.
#[derive(Default)]
struct Convert {
    problems: Vec<Diagnostic>,
    spans: Spans,
}

impl Convert {
    fn problem(&mut self, at: Location, message: String, help: String) {
        self.problems
            .push(Diagnostic::new(Position::from_location(at), message).with_help(help));
    }

    fn mark(&mut self, field: Field, at: Location) {
        if let Some(p) = Position::from_location(at) {
            self.spans.fields.insert(field, p);
        }
    }

    fn date(&mut self, raw: &Spanned<RawDate>, field: &'static str) -> Option<Date> {
        self.mark(Field::at(field), raw.referenced);
        match raw.value.0.parse::<Date>() {
            Ok(date) => Some(date),
            Err(e) => {
                self.problem(
                    raw.referenced,
                    format!("{field}: {e}"),
                    "dates are YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2025-09-01".into(),
                );
                None
            }
        }
    }

    fn number(&mut self, raw: &Spanned<f64>, field: &'static str) -> Option<f64> {
        self.mark(Field::at(field), raw.referenced);
        if raw.value.is_finite() {
            Some(raw.value)
        } else {
            self.problem(
                raw.referenced,
                format!("`{field}` must be a finite number"),
                "e.g. 0.2".into(),
            );
            None
        }
    }

    fn ids(&mut self, raw: &Option<Spanned<OneOrMany>>, field: &'static str) -> Vec<String> {
        let Some(ids) = raw else {
            return Vec::new();
        };
        self.mark(Field::at(field), ids.referenced);
        for (i, id) in ids.value.0.iter().enumerate() {
            let at = if id.referenced.line() > 0 {
                id.referenced
            } else {
                ids.referenced
            };
            self.mark(Field::item(field, i), at);
        }
        ids.value.0.iter().map(|id| id.value.clone()).collect()
    }

    fn provenance(
        &mut self,
        note: &Option<String>,
        event: &Option<Id>,
        source: &Option<Spanned<OneOrMany>>,
    ) -> Provenance {
        if let Some(e) = event {
            self.mark(Field::at("event"), e.referenced);
        }
        Provenance {
            note: note.clone(),
            event: event.as_ref().map(|e| e.value.clone()),
            sources: self.ids(source, "source"),
        }
    }

    fn ends(&mut self, between: &Ids, from: &Option<Id>, to: &Option<Id>) -> Option<Ends> {
        match (between, from, to) {
            (Some(between), None, None) => {
                self.mark(Field::at("between"), between.referenced);
                match between.value.as_slice() {
                    [a, b] => {
                        self.mark(Field::item("between", 0), a.referenced);
                        self.mark(Field::item("between", 1), b.referenced);
                        Some(Ends::Mutual(a.value.clone(), b.value.clone()))
                    }
                    other => {
                        self.problem(
                            between.referenced,
                            format!("`between` needs exactly two actors, found {}", other.len()),
                            "write `between: [A, B]`; for a directed tie use `from:` and `to:`"
                                .into(),
                        );
                        None
                    }
                }
            }
            (None, Some(from), Some(to)) => {
                self.mark(Field::at("from"), from.referenced);
                self.mark(Field::at("to"), to.referenced);
                Some(Ends::Directed {
                    from: from.value.clone(),
                    to: to.value.clone(),
                })
            }
            (Some(between), _, _) => {
                self.problem(
                    between.referenced,
                    "a tie has either `between:` or `from:`/`to:`, not both".into(),
                    "keep `between:` for a mutual tie, or `from:`/`to:` for a directed one".into(),
                );
                None
            }
            (None, Some(one), None) | (None, None, Some(one)) => {
                self.problem(
                    one.referenced,
                    "a directed tie needs both `from:` and `to:`".into(),
                    "add the missing end, or write `between: [A, B]` for a mutual tie".into(),
                );
                None
            }
            (None, None, None) => {
                let d = Diagnostic::new(self.spans.edit, "the edit does not say which tie")
                    .with_help("add `between: [A, B]`, or `from: A` and `to: B`");
                self.problems.push(d);
                None
            }
        }
    }

    fn kind(&mut self, kind: &Option<Id>) -> Option<String> {
        match kind {
            None => Some(DEFAULT_KIND.to_string()),
            Some(k) => {
                self.mark(Field::at("kind"), k.referenced);
                if k.value.trim().is_empty() {
                    self.problem(
                        k.referenced,
                        "a relation kind cannot be empty".into(),
                        format!("leave `kind:` out for the default kind `{DEFAULT_KIND}`"),
                    );
                    None
                } else {
                    Some(k.value.clone())
                }
            }
        }
    }

    fn tie(
        &mut self,
        between: &Ids,
        from: &Option<Id>,
        to: &Option<Id>,
        kind: &Option<Id>,
    ) -> Option<TieRef> {
        let ends = self.ends(between, from, to);
        let kind = self.kind(kind);
        Some(TieRef {
            ends: ends?,
            kind: kind?,
        })
    }

    fn post(&mut self, raw: &RawPost) -> Option<Post> {
        let from = match &raw.from {
            Some(d) => Some(self.date(d, "from")?),
            None => None,
        };
        let until = match &raw.until {
            Some(d) => Some(self.date(d, "until")?),
            None => None,
        };
        self.mark(Field::at("of"), raw.of.referenced);
        Some(Post {
            title: raw.title.clone(),
            of: raw.of.value.clone(),
            from,
            until,
        })
    }

    fn edit(&mut self, raw: &RawEdit) -> Option<Edit> {
        match raw {
            RawEdit::Set(r) => {
                let tie = self.tie(&r.between, &r.from, &r.to, &r.kind);
                let date = self.date(&r.date, "date");
                let weight = self.number(&r.weight, "weight");
                let why = self.provenance(&r.note, &r.event, &r.source);
                Some(Edit::Set {
                    tie: tie?,
                    date: date?,
                    weight: weight?,
                    why,
                })
            }
            RawEdit::Shift(r) => {
                let tie = self.tie(&r.between, &r.from, &r.to, &r.kind);
                let date = self.date(&r.date, "date");
                let delta = self.number(&r.delta, "delta");
                let why = self.provenance(&r.note, &r.event, &r.source);
                Some(Edit::Shift {
                    tie: tie?,
                    date: date?,
                    delta: delta?,
                    why,
                })
            }
            RawEdit::End(r) => {
                let tie = self.tie(&r.between, &r.from, &r.to, &r.kind);
                let date = self.date(&r.date, "date");
                let why = self.provenance(&r.note, &r.event, &r.source);
                Some(Edit::End {
                    tie: tie?,
                    date: date?,
                    why,
                })
            }
            RawEdit::RemoveRelation(r) => Some(Edit::RemoveRelation {
                tie: self.tie(&r.between, &r.from, &r.to, &r.kind)?,
            }),
            RawEdit::RemoveActor(r) => {
                self.mark(Field::at("id"), r.id.referenced);
                Some(Edit::RemoveActor {
                    id: r.id.value.clone(),
                })
            }
            RawEdit::AddActor(r) => {
                self.mark(Field::at("id"), r.id.referenced);
                self.mark(Field::at("name"), r.name.referenced);
                let kind = self.actor_kind(&r.kind);
                let mut posts = Vec::new();
                let mut ok = true;
                for (i, post) in r.posts.iter().enumerate() {
                    self.mark(Field::item("posts", i), post.referenced);
                    match self.post(&post.value) {
                        Some(p) => posts.push(p),
                        None => ok = false,
                    }
                }
                // `of` positions above belong to the posts; an actor has no `of` of its own.
                self.spans.fields.remove(&Field::at("of"));
                ok.then_some(())?;
                Some(Edit::AddActor(Actor {
                    id: r.id.value.clone(),
                    name: r.name.value.clone(),
                    kind: kind?,
                    posts,
                    note: r.note.clone(),
                }))
            }
            RawEdit::AddRelation(r) => {
                let ends = self.ends(&r.between, &r.from, &r.to);
                let kind = self.kind(&r.kind);
                self.mark(Field::at("series"), r.series.referenced);
                let interpolation = match &r.interpolation {
                    None => Some(None),
                    Some(i) => match i.value.as_str() {
                        "step" => Some(Some(Interpolation::Step)),
                        "linear" => Some(Some(Interpolation::Linear)),
                        other => {
                            self.problem(
                                i.referenced,
                                format!("unknown interpolation `{other}`"),
                                "use `step` or `linear`".into(),
                            );
                            None
                        }
                    },
                };
                let mut series = Vec::new();
                let mut ok = true;
                for (i, p) in r.series.value.iter().enumerate() {
                    self.mark(Field::item("series", i), p.referenced);
                    match self.point(p) {
                        Some(point) => series.push(point),
                        None => ok = false,
                    }
                }
                self.spans.fields.remove(&Field::at("date"));
                ok.then_some(())?;
                Some(Edit::AddRelation(Relation {
                    ends: ends?,
                    kind: kind?,
                    interpolation: interpolation?,
                    series,
                    note: r.note.clone(),
                }))
            }
            RawEdit::AddPost(r) => {
                self.mark(Field::at("actor"), r.actor.referenced);
                let from = r.from.as_ref().map(|d| self.date(d, "from"));
                let until = r.until.as_ref().map(|d| self.date(d, "until"));
                self.mark(Field::at("of"), r.of.referenced);
                Some(Edit::AddPost {
                    actor: r.actor.value.clone(),
                    post: Post {
                        title: r.title.clone(),
                        of: r.of.value.clone(),
                        from: from.map_or(Some(None), |d| d.map(Some))?,
                        until: until.map_or(Some(None), |d| d.map(Some))?,
                    },
                })
            }
            RawEdit::EndPost(r) => {
                self.mark(Field::at("actor"), r.actor.referenced);
                Some(Edit::EndPost {
                    actor: r.actor.value.clone(),
                    date: self.date(&r.date, "date")?,
                    title: r.title.clone(),
                })
            }
            RawEdit::AddEvent(r) => {
                self.mark(Field::at("id"), r.id.referenced);
                self.mark(Field::at("title"), r.title.referenced);
                for (i, a) in r.actors.iter().enumerate() {
                    self.mark(Field::item("actors", i), a.referenced);
                }
                let sources = self.ids(&r.sources, "sources");
                Some(Edit::AddEvent {
                    id: r.id.value.clone(),
                    event: Event {
                        date: self.date(&r.date, "date")?,
                        title: r.title.value.clone(),
                        actors: r.actors.iter().map(|a| a.value.clone()).collect(),
                        sources,
                        description: r.description.clone(),
                    },
                })
            }
        }
    }

    fn actor_kind(&mut self, raw: &Id) -> Option<ActorKind> {
        match raw.value.as_str() {
            "state" => Some(ActorKind::State),
            "organisation" | "organization" => Some(ActorKind::Organisation),
            "person" => Some(ActorKind::Person),
            other => {
                let guess = did_you_mean(
                    other,
                    [("state", None), ("organisation", None), ("person", None)],
                );
                self.problem(
                    raw.referenced,
                    format!("unknown actor kind `{other}`"),
                    match guess {
                        Some(g) => {
                            format!("did you mean {g}? Kinds are state, organisation and person")
                        }
                        None => "kinds are state, organisation and person".into(),
                    },
                );
                None
            }
        }
    }

    fn point(&mut self, raw: &Spanned<RawPoint>) -> Option<Point> {
        let p = &raw.value;
        let date = self.date(&p.date, "date");
        let value = match (&p.weight, &p.end) {
            (Some(w), None) => self.number(w, "weight").map(PointValue::Weight),
            (None, Some(e)) if e.value => Some(PointValue::End),
            _ => {
                self.problem(
                    raw.referenced,
                    "a point needs either `weight:` or `end: true`".into(),
                    "e.g. `{date: 2025-09, weight: 0.2}`".into(),
                );
                None
            }
        };
        let sources = p
            .source
            .iter()
            .flat_map(|s| s.value.0.iter().map(|id| id.value.clone()))
            .collect();
        Some(Point {
            date: date?,
            value: value?,
            note: p.note.clone(),
            event: p.event.as_ref().map(|e| e.value.clone()),
            sources,
        })
    }
}

#[cfg(test)]
mod tests;
