//! The edits of a scenario file, each turned from its raw map into an [`Edit`].

use super::Convert;
use crate::model::{
    Actor, ActorKind, Event, Interpolation, Membership, Point, PointDetail, PointValue, Post,
    Relation,
};
use crate::reader::{
    Found, Got, List, Located, Position, RawPoint, RawPost, Stray, did_you_mean, kind_of, list,
};
use crate::scenario::edit::{Edit, Provenance};
use crate::scenario::file::raw::{
    RawAddActor, RawAddAlias, RawAddEvent, RawAddPartOf, RawAddPost, RawAddRelation, RawEdit,
    RawEnd, RawEndPartOf, RawEndPost, RawId, RawSet, RawSetAttribute, RawShift, RawTie,
};
use crate::scenario::problem::Field;

impl Convert {
    /// The edit in one item of `edits:`, or `None` when it has a problem (then reported).
    pub(in crate::scenario::file) fn edit(&mut self, item: &Located<Got<RawEdit>>) -> Option<Edit> {
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
            raw.add_part_of.as_ref().map(|f| ("add_part_of", f.at)),
            raw.end_part_of.as_ref().map(|f| ("end_part_of", f.at)),
            raw.add_alias.as_ref().map(|f| ("add_alias", f.at)),
            raw.set_attribute.as_ref().map(|f| ("set_attribute", f.at)),
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
            let confidence = self.confidence(&r.confidence);
            let why = self
                .provenance(&r.note, &r.event, &r.source)
                .zip(confidence)
                .map(|(why, confidence)| Provenance { confidence, ..why });
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
            let confidence = self.confidence(&r.confidence);
            let why = self
                .provenance(&r.note, &r.event, &r.source)
                .zip(confidence)
                .map(|(why, confidence)| Provenance { confidence, ..why });
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
                id: self.required(&r.id, "id", what)?.into(),
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
            let from = self.opt_bound(&r.from, "from");
            let until = self.opt_bound(&r.until, "until");
            let extras = self.post_extras(&r.primary, &r.sources, &r.note);
            let ((from, from_certainty), (until, until_certainty)) = (from?, until?);
            return Some(Edit::AddPost {
                actor: actor?.into(),
                post: Post {
                    title: title?,
                    of: of?.into(),
                    from,
                    until,
                    from_certainty,
                    until_certainty,
                    ..extras?
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
                actor: actor?.into(),
                date: date?,
                title: title?,
            });
        }
        if let Some(r) = &raw.add_part_of {
            let what = "an `add_part_of` edit";
            let r = self.c.shaped(r, what)?;
            self.c
                .strays(&r.strays, RawAddPartOf::NAMES, || what.into());
            let actor = self.required(&r.actor, "actor", what);
            let of = self.required(&r.of, "of", what);
            let from = self.opt_bound(&r.from, "from");
            let until = self.opt_bound(&r.until, "until");
            let extras = self.post_extras(&None, &r.sources, &r.note);
            let ((from, from_certainty), (until, until_certainty)) = (from?, until?);
            let extras = extras?;
            return Some(Edit::AddPartOf {
                actor: actor?.into(),
                membership: Membership {
                    of: of?.into(),
                    from,
                    until,
                    from_certainty,
                    until_certainty,
                    sources: extras.sources,
                    note: extras.note,
                },
            });
        }
        if let Some(r) = &raw.end_part_of {
            let what = "an `end_part_of` edit";
            let r = self.c.shaped(r, what)?;
            self.c
                .strays(&r.strays, RawEndPartOf::NAMES, || what.into());
            let actor = self.required(&r.actor, "actor", what);
            let of = self.required(&r.of, "of", what);
            let date = self.date(&r.date, "date", what);
            return Some(Edit::EndPartOf {
                actor: actor?.into(),
                of: of?.into(),
                date: date?,
            });
        }
        if let Some(r) = &raw.add_alias {
            let what = "an `add_alias` edit";
            let r = self.c.shaped(r, what)?;
            self.c.strays(&r.strays, RawAddAlias::NAMES, || what.into());
            let actor = self.required(&r.actor, "actor", what);
            let alias = self.required(&r.alias, "alias", what);
            return Some(Edit::AddAlias {
                actor: actor?.into(),
                alias: alias?,
            });
        }
        if let Some(r) = &raw.set_attribute {
            let what = "a `set_attribute` edit";
            let r = self.c.shaped(r, what)?;
            self.c
                .strays(&r.strays, RawSetAttribute::NAMES, || what.into());
            let actor = self.required(&r.actor, "actor", what);
            let name = self.required(&r.name, "name", what);
            let value = match self.c.get(&r.value, "value") {
                Some((v, at)) => {
                    self.mark(Field::at("value"), at);
                    Some(v.clone())
                }
                None => {
                    if r.value.is_none() {
                        self.edit_problem(
                            format!("{what} needs `value:`"),
                            "text, a number or `true`/`false`",
                        );
                    }
                    None
                }
            };
            return Some(Edit::SetAttribute {
                actor: actor?.into(),
                name: name?,
                value: value?,
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
                id: id?.into(),
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
        let mut aliases = Vec::new();
        if let Some((List(items), _)) = self.c.get(&r.aliases, "aliases") {
            for item in items {
                match self.c.shaped(item, "an alias") {
                    Some(alias) => aliases.push(alias.0.clone()),
                    None => ok = false,
                }
            }
        }
        let mut attributes = std::collections::BTreeMap::new();
        if let Some((crate::reader::Entries(entries), _)) = self.c.get(&r.attributes, "attributes")
        {
            for (key, value) in entries {
                match (
                    self.c.shaped(key, "an attribute name"),
                    self.c.shaped(value, "an attribute"),
                ) {
                    (Some(k), Some(v)) => {
                        attributes.insert(k.0.clone(), v.clone());
                    }
                    _ => ok = false,
                }
            }
        }
        ok.then_some(())?;
        Some(Edit::AddActor(Actor {
            id: id?.into(),
            name: name?,
            kind: kind?,
            posts,
            note: note?,
            aliases,
            attributes,
            part_of: Vec::new(),
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
            kind: kind?.into(),
            interpolation: interpolation?,
            series,
            note: note?,
        }))
    }

    fn actor_kind(&mut self, kind: &str, at: Position) -> Option<ActorKind> {
        self.mark(Field::at("kind"), at);
        match kind_of(kind) {
            Ok(kind) => Some(kind),
            Err((message, help)) => {
                self.problem(at, message, help);
                None
            }
        }
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
        // The scale is the base graph's, checked when the edit is applied.
        let count = match self.c.get(&p.count, "count") {
            Some((&n, _)) => Some(Some(n)),
            None if p.count.is_some() => None,
            None => Some(None),
        };
        let (confidence, range) = crate::reader::confidence_of(&mut self.c, p, value, None)?;
        Some(Point::new(
            date?,
            value?,
            PointDetail {
                note: note?,
                event: event?.map(Into::into),
                sources: sources?,
                confidence,
                range,
                count: count?,
            },
        ))
    }
}
