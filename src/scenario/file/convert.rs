//! Turns the raw edits of a scenario file into [`Edit`]s, reporting every problem with its place
//! and noting where each field of each edit is written (for problems found later, against the base).

use super::Spans;
use super::raw::{
    Ids, RawAddActor, RawAddEvent, RawAddPost, RawAddRelation, RawEdit, RawEnd, RawEndPost, RawId,
    RawSet, RawShift, RawTie,
};
use crate::model::{
    Actor, ActorKind, DEFAULT_KIND, Date, Ends, Event, Interpolation, Point, PointValue, Post,
    Relation,
};
use crate::reader::{
    Checker, Diagnostic, Field as Slot, Found, Got, List, Located, OneOrMany, Position, RawDate,
    RawPoint, RawPost, Stray, Text, did_you_mean, id_list, kind_of, list,
};
use crate::scenario::edit::{Edit, Provenance, TieRef};
use crate::scenario::problem::Field;

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

    /// An optional date: `Some(None)` when absent, `None` when wrong (reported).
    fn opt_date(&mut self, field: &Slot<RawDate>, name: &'static str) -> Option<Option<Date>> {
        if field.is_none() {
            return Some(None);
        }
        let (raw, at) = self.c.get(field, name)?;
        self.parse_date(raw, at, name).map(Some)
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
    ) -> Option<Vec<String>> {
        let ids = id_list(&mut self.c, items, name, at);
        let ok = ids.len() == items.len();
        let ids: Vec<String> = ids
            .into_iter()
            .enumerate()
            .map(|(i, (id, p))| {
                self.mark(Field::item(name, i), p);
                id.to_string()
            })
            .collect();
        ok.then_some(ids)
    }

    /// Optional ids written as one or a list (`source: s` or `sources: [s, t]`).
    fn ids(&mut self, field: &Slot<OneOrMany>, name: &'static str) -> Option<Vec<String>> {
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
            event: event?,
            sources: sources?,
        })
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
                    from: from.0.clone(),
                    to: to.0.clone(),
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
            kind: kind?,
        })
    }

    fn post(&mut self, raw: &RawPost) -> Option<Post> {
        self.c
            .strays(&raw.strays, RawPost::NAMES, || "a post".into());
        let title = self.required(&raw.title, "title", "a post");
        let of = self.required(&raw.of, "of", "a post");
        let from = self.opt_date(&raw.from, "from");
        let until = self.opt_date(&raw.until, "until");
        Some(Post {
            title: title?,
            of: of?,
            from: from?,
            until: until?,
        })
    }

    pub(super) fn edit(&mut self, item: &Located<Got<RawEdit>>) -> Option<Edit> {
        let raw = self.c.shaped(item, "an edit")?;
        for stray in raw.strays.iter() {
            match stray {
                Stray::Unknown { key, at } => {
                    let guess = match key {
                        Found::Scalar(s) => {
                            did_you_mean(s, RawEdit::NAMES.iter().map(|n| (*n, None)))
                        }
                        _ => None,
                    };
                    let key = match key {
                        Found::Scalar(s) => format!("`{s}`"),
                        other => other.to_string(),
                    };
                    self.problem(
                        *at,
                        format!("unknown edit {key}"),
                        match guess {
                            Some(g) => format!("did you mean {g}?"),
                            None => format!("the edits are {}", list(RawEdit::NAMES)),
                        },
                    );
                }
                Stray::Repeated { key, at, first } => self.problem(
                    *at,
                    format!(
                        "a second `{key}` in one edit; the first is at line {}",
                        first.line
                    ),
                    "write each edit as its own `- ` item",
                ),
            }
        }
        let kinds: Vec<(&str, Position)> = [
            raw.set.as_ref().map(|f| ("set", f.at)),
            raw.shift.as_ref().map(|f| ("shift", f.at)),
            raw.end.as_ref().map(|f| ("end", f.at)),
            raw.add_actor.as_ref().map(|f| ("add_actor", f.at)),
            raw.remove_actor.as_ref().map(|f| ("remove_actor", f.at)),
            raw.add_relation.as_ref().map(|f| ("add_relation", f.at)),
            raw.remove_relation
                .as_ref()
                .map(|f| ("remove_relation", f.at)),
            raw.add_post.as_ref().map(|f| ("add_post", f.at)),
            raw.end_post.as_ref().map(|f| ("end_post", f.at)),
            raw.add_event.as_ref().map(|f| ("add_event", f.at)),
        ]
        .into_iter()
        .flatten()
        .collect();
        match kinds.as_slice() {
            [] => {
                if raw.strays.iter().next().is_none() {
                    self.edit_problem(
                        "an edit needs a kind",
                        format!(
                            "write it as `- KIND: {{...}}`, KIND being one of {}",
                            list(RawEdit::NAMES)
                        ),
                    );
                }
                return None;
            }
            [_] => {}
            [(first, _), (second, at), ..] => {
                self.problem(
                    *at,
                    format!("one edit item holds both `{first}` and `{second}`"),
                    "write each edit as its own `- ` item",
                );
                return None;
            }
        }
        if let Some(r) = &raw.set {
            let r = self.c.shaped(r, "a `set` edit")?;
            let what = "a `set` edit";
            self.c.strays(&r.strays, RawSet::NAMES, || what.into());
            let tie = self.tie(&r.between, &r.from, &r.to, &r.kind);
            let date = self.date(&r.date, "date", what);
            let weight = self.number(&r.weight, "weight", what);
            let why = self.provenance(&r.note, &r.event, &r.source);
            return Some(Edit::Set {
                tie: tie?,
                date: date?,
                weight: weight?,
                why: why?,
            });
        }
        if let Some(r) = &raw.shift {
            let r = self.c.shaped(r, "a `shift` edit")?;
            let what = "a `shift` edit";
            self.c.strays(&r.strays, RawShift::NAMES, || what.into());
            let tie = self.tie(&r.between, &r.from, &r.to, &r.kind);
            let date = self.date(&r.date, "date", what);
            let delta = self.number(&r.delta, "delta", what);
            let why = self.provenance(&r.note, &r.event, &r.source);
            return Some(Edit::Shift {
                tie: tie?,
                date: date?,
                delta: delta?,
                why: why?,
            });
        }
        if let Some(r) = &raw.end {
            let r = self.c.shaped(r, "an `end` edit")?;
            let what = "an `end` edit";
            self.c.strays(&r.strays, RawEnd::NAMES, || what.into());
            let tie = self.tie(&r.between, &r.from, &r.to, &r.kind);
            let date = self.date(&r.date, "date", what);
            let why = self.provenance(&r.note, &r.event, &r.source);
            return Some(Edit::End {
                tie: tie?,
                date: date?,
                why: why?,
            });
        }
        if let Some(r) = &raw.remove_relation {
            let r = self.c.shaped(r, "a `remove_relation` edit")?;
            self.c.strays(&r.strays, RawTie::NAMES, || {
                "a `remove_relation` edit".into()
            });
            return Some(Edit::RemoveRelation {
                tie: self.tie(&r.between, &r.from, &r.to, &r.kind)?,
            });
        }
        if let Some(r) = &raw.remove_actor {
            let what = "a `remove_actor` edit";
            let r = self.c.shaped(r, what)?;
            self.c.strays(&r.strays, RawId::NAMES, || what.into());
            return Some(Edit::RemoveActor {
                id: self.required(&r.id, "id", what)?,
            });
        }
        if let Some(r) = &raw.add_actor {
            let r = self.c.shaped(r, "an `add_actor` edit")?;
            return self.add_actor(r);
        }
        if let Some(r) = &raw.add_relation {
            return self.add_relation(r);
        }
        if let Some(r) = &raw.add_post {
            let what = "an `add_post` edit";
            let r = self.c.shaped(r, what)?;
            self.c.strays(&r.strays, RawAddPost::NAMES, || what.into());
            let actor = self.required(&r.actor, "actor", what);
            let title = self.required(&r.title, "title", what);
            let of = self.required(&r.of, "of", what);
            let from = self.opt_date(&r.from, "from");
            let until = self.opt_date(&r.until, "until");
            return Some(Edit::AddPost {
                actor: actor?,
                post: Post {
                    title: title?,
                    of: of?,
                    from: from?,
                    until: until?,
                },
            });
        }
        if let Some(r) = &raw.end_post {
            let what = "an `end_post` edit";
            let r = self.c.shaped(r, what)?;
            self.c.strays(&r.strays, RawEndPost::NAMES, || what.into());
            let actor = self.required(&r.actor, "actor", what);
            let date = self.date(&r.date, "date", what);
            let title = self.text(&r.title, "title");
            return Some(Edit::EndPost {
                actor: actor?,
                date: date?,
                title: title?,
            });
        }
        if let Some(r) = &raw.add_event {
            let what = "an `add_event` edit";
            let r = self.c.shaped(r, what)?;
            self.c.strays(&r.strays, RawAddEvent::NAMES, || what.into());
            let id = self.required(&r.id, "id", what);
            let date = self.date(&r.date, "date", what);
            let title = self.required(&r.title, "title", what);
            let actors = match self.c.get(&r.actors, "actors") {
                Some((List(items), at)) => self.id_items(items, "actors", at),
                None => r.actors.is_none().then(Vec::new),
            };
            let sources = self.ids(&r.sources, "sources");
            let description = self.text(&r.description, "description");
            return Some(Edit::AddEvent {
                id: id?,
                event: Event {
                    date: date?,
                    title: title?,
                    actors: actors?,
                    sources: sources?,
                    description: description?,
                },
            });
        }
        None
    }

    fn add_actor(&mut self, r: &RawAddActor) -> Option<Edit> {
        let what = "an `add_actor` edit";
        self.c.strays(&r.strays, RawAddActor::NAMES, || what.into());
        let id = self.required(&r.id, "id", what);
        let name = self.required(&r.name, "name", what);
        let kind = if r.kind.is_none() {
            self.edit_problem(
                format!("{what} needs `kind:` (state, organisation or person)"),
                "e.g. `kind: person`",
            );
            None
        } else {
            self.c
                .get(&r.kind, "kind")
                .and_then(|(k, at)| self.actor_kind(&k.0, at))
        };
        let mut posts = Vec::new();
        let mut ok = true;
        let raw_posts: &[Located<Got<RawPost>>] = match self.c.get(&r.posts, "posts") {
            Some((List(p), _)) => p,
            None => {
                ok &= r.posts.is_none();
                &[]
            }
        };
        // The fields of the posts are not the actor's: only each post's position is kept.
        let fields = self.spans.fields.clone();
        for post in raw_posts {
            match self.c.shaped(post, "a post").and_then(|p| self.post(p)) {
                Some(p) => posts.push(p),
                None => ok = false,
            }
        }
        self.spans.fields = fields;
        for (i, post) in raw_posts.iter().enumerate() {
            self.mark(Field::item("posts", i), post.at);
        }
        let note = self.text(&r.note, "note");
        ok.then_some(())?;
        Some(Edit::AddActor(Actor {
            id: id?,
            name: name?,
            kind: kind?,
            posts,
            note: note?,
        }))
    }

    fn add_relation(&mut self, r: &Located<Got<RawAddRelation>>) -> Option<Edit> {
        let what = "an `add_relation` edit";
        let r = self.c.shaped(r, what)?;
        self.c
            .strays(&r.strays, RawAddRelation::NAMES, || what.into());
        let ends = self.ends(&r.between, &r.from, &r.to);
        let kind = self.kind(&r.kind);
        let interpolation = match self.c.get(&r.interpolation, "interpolation") {
            None => r.interpolation.is_none().then_some(None),
            Some((i, at)) => match i.0.as_str() {
                "step" => Some(Some(Interpolation::Step)),
                "linear" => Some(Some(Interpolation::Linear)),
                other => {
                    self.problem(
                        at,
                        format!("unknown interpolation `{other}`"),
                        "use `step` or `linear`",
                    );
                    None
                }
            },
        };
        let note = self.text(&r.note, "note");
        let points: &[Located<Got<RawPoint>>] = if r.series.is_none() {
            self.edit_problem(
                format!("{what} needs `series:`"),
                "e.g. `series: [{date: 2025-09, weight: 0.2}]`",
            );
            return None;
        } else {
            let (List(points), at) = self.c.get(&r.series, "series")?;
            self.mark(Field::at("series"), at);
            points
        };
        // The fields of the points are not the edit's: only each point's position is kept.
        let fields = self.spans.fields.clone();
        let mut series = Vec::with_capacity(points.len());
        let mut ok = true;
        for p in points {
            match self.point(p) {
                Some(point) => series.push(point),
                None => ok = false,
            }
        }
        self.spans.fields = fields;
        for (i, p) in points.iter().enumerate() {
            self.mark(Field::item("series", i), p.at);
        }
        ok.then_some(())?;
        Some(Edit::AddRelation(Relation {
            ends: ends?,
            kind: kind?,
            interpolation: interpolation?,
            series,
            note: note?,
        }))
    }

    fn actor_kind(&mut self, kind: &str, at: Position) -> Option<ActorKind> {
        self.mark(Field::at("kind"), at);
        let found = kind_of(kind);
        if found.is_none() {
            let guess = did_you_mean(
                kind,
                [("state", None), ("organisation", None), ("person", None)],
            );
            self.problem(
                at,
                format!("unknown actor kind `{kind}`"),
                match guess {
                    Some(g) => {
                        format!("did you mean {g}? Kinds are state, organisation and person")
                    }
                    None => "kinds are state, organisation and person".into(),
                },
            );
        }
        found
    }

    fn point(&mut self, raw: &Located<Got<RawPoint>>) -> Option<Point> {
        let p = self.c.shaped(raw, "a series point")?;
        self.c
            .strays(&p.strays, RawPoint::NAMES, || "a series point".into());
        let date = if p.date.is_none() {
            self.problem(
                raw.at,
                "a series point needs `date:`",
                "e.g. `{date: 2025-09, weight: 0.2}`",
            );
            None
        } else {
            self.c
                .get(&p.date, "date")
                .and_then(|(d, at)| self.parse_date(d, at, "date"))
        };
        let weight = self.c.get(&p.weight, "weight");
        let end = self.c.get(&p.end, "end");
        let value = match (weight, end) {
            (Some((&w, at)), None) if p.end.is_none() => {
                if w.is_finite() {
                    Some(PointValue::Weight(w))
                } else {
                    self.problem(at, "`weight` must be a finite number", "e.g. 0.2");
                    None
                }
            }
            (None, Some((&true, _))) if p.weight.is_none() => Some(PointValue::End),
            // A badly shaped weight or end was reported already.
            _ if (p.weight.is_some() && weight.is_none()) || (p.end.is_some() && end.is_none()) => {
                None
            }
            _ => {
                self.problem(
                    raw.at,
                    "a point needs either `weight:` or `end: true`",
                    "e.g. `{date: 2025-09, weight: 0.2}`",
                );
                None
            }
        };
        let note = self.text(&p.note, "note");
        let event = self.text(&p.event, "event");
        let sources = self.ids(&p.sources, "sources");
        Some(Point {
            date: date?,
            value: value?,
            note: note?,
            event: event?,
            sources: sources?,
        })
    }
}
