//! Turns the raw file into the model, collecting every problem with its location and likely fix.

use std::collections::{BTreeMap, HashMap};

use serde_saphyr::{Location, Spanned};

use super::diagnostic::{Diagnostic, Position};
use super::raw::{
    OneOrMany, RawActor, RawDate, RawEvent, RawGraph, RawPoint, RawRelation, RawSource,
};
use super::suggest::did_you_mean;
use crate::model::{
    Actor, ActorKind, Date, Ends, Event, Graph, Id, Interpolation, Point, PointValue, Post,
    Relation, RelationKey, Scale, Source,
};

/// The format version this build reads.
pub const FORMAT_VERSION: u64 = 1;

fn at(location: Location) -> Option<Position> {
    Position::from_location(location)
}

/// Collects problems while the model is built.
struct Checker {
    problems: Vec<Diagnostic>,
}

impl Checker {
    fn error(&mut self, location: Location, message: impl Into<String>) -> &mut Diagnostic {
        self.problems.push(Diagnostic::new(at(location), message));
        let last = self.problems.len() - 1;
        &mut self.problems[last]
    }

    fn date(&mut self, raw: &Spanned<RawDate>, what: &str) -> Option<Date> {
        match raw.value.0.parse::<Date>() {
            Ok(date) => Some(date),
            Err(e) => {
                let d = self.error(raw.referenced, format!("{what}: {e}"));
                d.help = Some("dates are YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2020-08-09".into());
                None
            }
        }
    }

    fn interpolation(&mut self, raw: &Spanned<String>) -> Option<Interpolation> {
        match raw.value.as_str() {
            "step" => Some(Interpolation::Step),
            "linear" => Some(Interpolation::Linear),
            other => {
                let d = self.error(raw.referenced, format!("unknown interpolation `{other}`"));
                d.help = Some("use `step` or `linear`".into());
                None
            }
        }
    }
}

/// What ids the file declares, for reference checks and suggestions.
struct Declared<'a> {
    actors: BTreeMap<&'a str, (&'a str, ActorKind)>,
    events: BTreeMap<&'a str, &'a str>,
    sources: BTreeMap<&'a str, &'a str>,
}

impl Declared<'_> {
    fn check_actor(&self, c: &mut Checker, id: &Spanned<String>, fallback: Location) -> bool {
        if self.actors.contains_key(id.value.as_str()) {
            return true;
        }
        let location = known(id.referenced, fallback);
        let suggestion = did_you_mean(
            &id.value,
            self.actors.iter().map(|(id, (name, _))| (*id, Some(*name))),
        );
        let d = c.error(location, format!("unknown actor `{}`", id.value));
        d.help = Some(match suggestion {
            Some(s) => format!("did you mean {s}?"),
            None => "declare it under `actors:`, or correct the id".into(),
        });
        false
    }

    fn check_in(
        c: &mut Checker,
        table: &BTreeMap<&str, &str>,
        what: &str,
        section: &str,
        id: &Spanned<String>,
        fallback: Location,
    ) -> bool {
        if table.contains_key(id.value.as_str()) {
            return true;
        }
        let suggestion = did_you_mean(&id.value, table.iter().map(|(id, t)| (*id, Some(*t))));
        let d = c.error(
            known(id.referenced, fallback),
            format!("unknown {what} `{}`", id.value),
        );
        d.help = Some(match suggestion {
            Some(s) => format!("did you mean {s}?"),
            None => format!("declare it under `{section}:`, or correct the id"),
        });
        false
    }
}

/// `location` if it is known, else `fallback` (a single id read from a scalar has no span).
fn known(location: Location, fallback: Location) -> Location {
    if location.line() > 0 {
        location
    } else {
        fallback
    }
}

fn ids(raw: &Option<Spanned<OneOrMany>>) -> Vec<(Spanned<String>, Location)> {
    raw.iter()
        .flat_map(|s| s.value.0.iter().map(move |id| (id.clone(), s.referenced)))
        .collect()
}

fn actor_kind(c: &mut Checker, raw: &Spanned<String>) -> Option<ActorKind> {
    match raw.value.as_str() {
        "state" => Some(ActorKind::State),
        "organisation" | "organization" => Some(ActorKind::Organisation),
        "person" => Some(ActorKind::Person),
        other => {
            let d = c.error(raw.referenced, format!("unknown actor kind `{other}`"));
            let guess = did_you_mean(
                other,
                [("state", None), ("organisation", None), ("person", None)],
            );
            d.help = Some(match guess {
                Some(g) => format!("did you mean {g}? Kinds are state, organisation and person"),
                None => "kinds are state, organisation and person".into(),
            });
            None
        }
    }
}

/// Checks `raw` and builds the model, or returns every problem found.
pub fn validate(raw: RawGraph) -> Result<Graph, Vec<Diagnostic>> {
    let mut c = Checker {
        problems: Vec::new(),
    };
    if raw.detente.value != FORMAT_VERSION {
        let d = c.error(
            raw.detente.referenced,
            format!("unsupported format version {}", raw.detente.value),
        );
        d.help = Some(format!("this detente reads `detente: {FORMAT_VERSION}`"));
    }
    let interpolation = raw
        .interpolation
        .as_ref()
        .and_then(|i| c.interpolation(i))
        .unwrap_or_default();
    let scale = match &raw.scale {
        None => Scale::default(),
        Some(s)
            if s.value.min.is_finite() && s.value.max.is_finite() && s.value.min < s.value.max =>
        {
            Scale {
                min: s.value.min,
                max: s.value.max,
            }
        }
        Some(s) => {
            let d = c.error(s.referenced, "`scale` needs finite `min` < `max`");
            d.help = Some("e.g. `scale: {min: -10, max: 10}`".into());
            Scale::default()
        }
    };

    let declared = Declared {
        actors: raw
            .actors
            .0
            .iter()
            .map(|(id, a)| {
                let kind = match a.value.kind.value.as_str() {
                    "state" => ActorKind::State,
                    "organisation" | "organization" => ActorKind::Organisation,
                    _ => ActorKind::Person,
                };
                (id.value.as_str(), (a.value.name.as_str(), kind))
            })
            .collect(),
        events: raw
            .events
            .0
            .iter()
            .map(|(id, e)| (id.value.as_str(), e.value.title.as_str()))
            .collect(),
        sources: raw
            .sources
            .0
            .iter()
            .map(|(id, s)| (id.value.as_str(), s.value.title.as_str()))
            .collect(),
    };

    duplicates(&mut c, &raw.actors.0, "actor");
    duplicates(&mut c, &raw.events.0, "event");
    duplicates(&mut c, &raw.sources.0, "source");

    let mut graph = Graph {
        title: raw.title.clone(),
        description: raw.description.clone(),
        interpolation,
        scale,
        ..Graph::default()
    };
    for (id, source) in &raw.sources.0 {
        if let Some(s) = source_of(&mut c, &source.value) {
            graph.sources.insert(id.value.clone(), s);
        }
    }
    for (id, actor) in &raw.actors.0 {
        if let Some(a) = actor_of(&mut c, &declared, id, actor) {
            graph.actors.insert(id.value.clone(), a);
        }
    }
    for (id, event) in &raw.events.0 {
        if let Some(e) = event_of(&mut c, &declared, event) {
            graph.events.insert(id.value.clone(), e);
        }
    }
    let mut seen: HashMap<RelationKey, u64> = HashMap::new();
    for relation in &raw.relations {
        if let Some(r) = relation_of(&mut c, &declared, scale, relation) {
            let key = r.key();
            if let Some(line) = seen.get(&key) {
                let d = c.error(relation.referenced, format!("duplicate relation {key}"));
                d.help = Some(format!(
                    "the same tie is already declared at line {line}; merge the two series into one"
                ));
            } else {
                seen.insert(key, relation.referenced.line());
                graph.relations.push(r);
            }
        }
    }
    if c.problems.is_empty() {
        Ok(graph)
    } else {
        Err(c.problems)
    }
}

fn duplicates<V>(c: &mut Checker, entries: &[(Spanned<String>, V)], what: &str) {
    let mut first: HashMap<&str, u64> = HashMap::new();
    for (id, _) in entries {
        if let Some(line) = first.get(id.value.as_str()) {
            let d = c.error(id.referenced, format!("duplicate {what} id `{}`", id.value));
            d.help = Some(format!(
                "`{}` is already declared at line {line}; rename one",
                id.value
            ));
        } else {
            first.insert(&id.value, id.referenced.line());
        }
    }
}

fn source_of(c: &mut Checker, raw: &RawSource) -> Option<Source> {
    let date = match &raw.date {
        Some(d) => Some(c.date(d, "source date")?),
        None => None,
    };
    Some(Source {
        title: raw.title.clone(),
        publisher: raw.publisher.clone(),
        date,
        url: raw.url.clone(),
    })
}

fn actor_of(
    c: &mut Checker,
    declared: &Declared,
    id: &Spanned<String>,
    raw: &Spanned<RawActor>,
) -> Option<Actor> {
    let kind = actor_kind(c, &raw.value.kind);
    let mut posts = Vec::new();
    let mut ok = kind.is_some();
    if id.value.trim().is_empty() {
        c.error(id.referenced, "an actor id cannot be empty");
        ok = false;
    }
    if raw.value.name.trim().is_empty() {
        let d = c.error(
            raw.referenced,
            format!("actor `{}` has an empty name", id.value),
        );
        d.help = Some("give it a display name, e.g. `name: Belarus`".into());
        ok = false;
    }
    for post in &raw.value.posts {
        let p = &post.value;
        let mut good = declared.check_actor(c, &p.of, post.referenced);
        if good
            && let Some((_, of_kind)) = declared.actors.get(p.of.value.as_str())
            && !of_kind.is_container()
        {
            let d = c.error(
                p.of.referenced,
                format!(
                    "`{}` is not a state or organisation, so no post can be held in it",
                    p.of.value
                ),
            );
            d.help = Some("`of:` names the state or organisation the office belongs to".into());
            good = false;
        }
        let from = match &p.from {
            Some(d) => c.date(d, "post start").map(Some),
            None => Some(None),
        };
        let until = match &p.until {
            Some(d) => c.date(d, "post end").map(Some),
            None => Some(None),
        };
        let (Some(from), Some(until)) = (from, until) else {
            ok = false;
            continue;
        };
        if let (Some(f), Some(u), Some(raw_until)) = (from, until, &p.until)
            && u <= f
        {
            let d = c.error(
                raw_until.referenced,
                format!("post `{}` ends ({u}) before it starts ({f})", p.title),
            );
            d.help =
                Some("`until:` is the first day out of office and must come after `from:`".into());
            good = false;
        }
        ok &= good;
        posts.push(Post {
            title: p.title.clone(),
            of: p.of.value.clone(),
            from,
            until,
        });
    }
    if !posts.is_empty()
        && let Some(k) = kind
        && k != ActorKind::Person
    {
        let d = c.error(
            raw.referenced,
            format!(
                "`{}` is a {}, and only persons hold posts",
                id.value,
                k.as_str()
            ),
        );
        d.help = Some("use `kind: person`, or remove `posts:`".into());
        ok = false;
    }
    ok.then(|| Actor {
        id: id.value.clone(),
        name: raw.value.name.clone(),
        kind: kind.unwrap_or(ActorKind::Person),
        posts,
        note: raw.value.note.clone(),
    })
}

fn event_of(c: &mut Checker, declared: &Declared, raw: &Spanned<RawEvent>) -> Option<Event> {
    let e = &raw.value;
    let date = c.date(&e.date, "event date");
    let mut ok = date.is_some();
    for actor in &e.actors {
        ok &= declared.check_actor(c, actor, raw.referenced);
    }
    let sources = ids(&e.sources);
    for (id, fallback) in &sources {
        ok &= Declared::check_in(c, &declared.sources, "source", "sources", id, *fallback);
    }
    Some(Event {
        date: date?,
        title: e.title.clone(),
        actors: e.actors.iter().map(|a| a.value.clone()).collect(),
        sources: sources.into_iter().map(|(id, _)| id.value).collect(),
        description: e.description.clone(),
    })
    .filter(|_| ok)
}

fn relation_of(
    c: &mut Checker,
    declared: &Declared,
    scale: Scale,
    raw: &Spanned<RawRelation>,
) -> Option<Relation> {
    let r = &raw.value;
    let ends = match (&r.between, &r.from, &r.to) {
        (Some(between), None, None) => match between.value.as_slice() {
            [a, b] => {
                let ok = declared.check_actor(c, a, between.referenced)
                    & declared.check_actor(c, b, between.referenced);
                ok.then(|| Ends::Mutual(a.value.clone(), b.value.clone()))
            }
            other => {
                let d = c.error(
                    between.referenced,
                    format!("`between` needs exactly two actors, found {}", other.len()),
                );
                d.help = Some(
                    "write `between: [A, B]`; for a directed tie use `from:` and `to:`".into(),
                );
                None
            }
        },
        (None, Some(from), Some(to)) => {
            let ok = declared.check_actor(c, from, raw.referenced)
                & declared.check_actor(c, to, raw.referenced);
            ok.then(|| Ends::Directed {
                from: from.value.clone(),
                to: to.value.clone(),
            })
        }
        (None, Some(_), None) | (None, None, Some(_)) => {
            let d = c.error(
                raw.referenced,
                "a directed relation needs both `from:` and `to:`",
            );
            d.help =
                Some("add the missing end, or write `between: [A, B]` for a mutual tie".into());
            None
        }
        (None, None, None) => {
            let d = c.error(raw.referenced, "a relation needs its two ends");
            d.help =
                Some("write `between: [A, B]` for a mutual tie, or `from: A` and `to: B`".into());
            None
        }
        (Some(_), _, _) => {
            let d = c.error(
                raw.referenced,
                "a relation has either `between:` or `from:`/`to:`, not both",
            );
            d.help = Some(
                "keep `between:` for a mutual tie, or `from:`/`to:` for a directed one".into(),
            );
            None
        }
    };
    if let Some(ends) = &ends {
        let (a, b) = ends.pair();
        if a == b {
            let d = c.error(raw.referenced, format!("a relation joins `{a}` to itself"));
            d.help = Some("a tie needs two different actors".into());
        }
    }
    let kind = match &r.kind {
        Some(k) if k.value.trim().is_empty() => {
            c.error(k.referenced, "a relation kind cannot be empty");
            None
        }
        Some(k) => Some(k.value.clone()),
        None => Some(crate::model::DEFAULT_KIND.to_string()),
    };
    let interpolation = match &r.interpolation {
        Some(i) => c.interpolation(i).map(Some),
        None => Some(None),
    };
    let series = series_of(c, declared, scale, &r.series);
    let (Some(ends), Some(kind), Some(interpolation), Some(series)) =
        (ends, kind, interpolation, series)
    else {
        return None;
    };
    if let Some((a, b)) = Some(ends.pair())
        && a == b
    {
        return None;
    }
    Some(Relation {
        ends,
        kind,
        interpolation,
        series,
        note: r.note.clone(),
    })
}

fn series_of(
    c: &mut Checker,
    declared: &Declared,
    scale: Scale,
    raw: &Spanned<Vec<Spanned<RawPoint>>>,
) -> Option<Vec<Point>> {
    if raw.value.is_empty() {
        let d = c.error(raw.referenced, "a relation's series is empty");
        d.help = Some("add at least one point, e.g. `- {date: 2020, weight: 0.5}`".into());
        return None;
    }
    let mut ok = true;
    let mut points: Vec<(Point, Location)> = Vec::with_capacity(raw.value.len());
    for point in &raw.value {
        match point_of(c, declared, scale, point) {
            Some(p) => points.push((p, point.referenced)),
            None => ok = false,
        }
    }
    points.sort_by_key(|(p, _)| p.date);
    for pair in points.windows(2) {
        let ((first, first_at), (second, second_at)) = (&pair[0], &pair[1]);
        if first.date == second.date {
            // Report at the one written later in the file.
            let (later, earlier) = if first_at.line() <= second_at.line() {
                (second_at, first_at)
            } else {
                (first_at, second_at)
            };
            let d = c.error(
                *later,
                format!("two points on {} in one series", second.date),
            );
            d.help = Some(format!(
                "the other is at line {}; keep one point per date",
                earlier.line()
            ));
            ok = false;
        }
    }
    if let Some((first, at)) = points.first()
        && first.value == PointValue::End
        && ok
    {
        let d = c.error(
            *at,
            format!("the series starts with `end` on {}", first.date),
        );
        d.help =
            Some("a tie must exist before it can end; remove the point or give it a weight".into());
        ok = false;
    }
    ok.then(|| points.into_iter().map(|(p, _)| p).collect())
}

fn point_of(
    c: &mut Checker,
    declared: &Declared,
    scale: Scale,
    raw: &Spanned<RawPoint>,
) -> Option<Point> {
    let p = &raw.value;
    let date = c.date(&p.date, "point date");
    let value = match (&p.weight, &p.end) {
        (Some(w), None) => {
            if scale.contains(w.value) {
                Some(PointValue::Weight(w.value))
            } else {
                let d = c.error(
                    w.referenced,
                    format!(
                        "weight {} is outside the scale [{}, {}]",
                        w.value, scale.min, scale.max
                    ),
                );
                d.help = Some("use a weight within the scale, or declare a wider `scale:`".into());
                None
            }
        }
        (None, Some(e)) if e.value => Some(PointValue::End),
        (None, Some(e)) => {
            let d = c.error(e.referenced, "`end: false` means nothing");
            d.help = Some("remove it and give the point a `weight:`".into());
            None
        }
        (Some(_), Some(e)) => {
            let d = c.error(
                e.referenced,
                "a point has either `weight:` or `end: true`, not both",
            );
            d.help = Some("an end removes the tie; put the new weight on a later point".into());
            None
        }
        (None, None) => {
            let d = c.error(raw.referenced, "a point needs `weight:` or `end: true`");
            d.help = Some("e.g. `{date: 2020-02-01, weight: 0.2}`".into());
            None
        }
    };
    let mut ok = true;
    if let Some(event) = &p.event {
        ok &= Declared::check_in(
            c,
            &declared.events,
            "event",
            "events",
            event,
            raw.referenced,
        );
    }
    let sources = ids(&p.source);
    for (id, fallback) in &sources {
        ok &= Declared::check_in(c, &declared.sources, "source", "sources", id, *fallback);
    }
    let point = Point {
        date: date?,
        value: value?,
        note: p.note.clone(),
        event: p.event.as_ref().map(|e| e.value.clone()),
        sources: sources.into_iter().map(|(id, _)| id.value as Id).collect(),
    };
    ok.then_some(point)
}
