//! Turns the raw file into the model, collecting every problem with its location and likely fix.

use std::collections::{BTreeMap, HashMap};

use super::raw::{
    RawActor, RawEvent, RawGraph, RawRelation, RawScale, RawSource, Relations, Series,
};
use crate::model::{
    Actor, ActorKind, Ends, Event, Graph, Interpolation, Point, PointValue, Post, Relation, Scale,
    Source,
};
use crate::reader::{
    Checker, Diagnostic, Entries, Field, Got, List, Located, OneOrMany, Position, RawDate,
    RawPoint, RawPost, Text, did_you_mean, id_list, kind_of, or,
};

/// The format version this build reads.
pub const FORMAT_VERSION: u64 = 1;

/// What ids the file declares, for reference checks and suggestions.
struct Declared<'a> {
    actors: BTreeMap<&'a str, (&'a str, Option<ActorKind>)>,
    events: BTreeMap<&'a str, &'a str>,
    sources: BTreeMap<&'a str, &'a str>,
}

impl Declared<'_> {
    /// Checks that an actor id is declared, reporting it at `at` (or `fallback` when unknown).
    fn check_actor(&self, c: &mut Checker, id: &str, at: Position, fallback: Position) -> bool {
        if self.actors.contains_key(id) {
            return true;
        }
        let suggestion = did_you_mean(
            id,
            self.actors
                .iter()
                .map(|(id, (name, _))| (*id, Some(*name).filter(|n| !n.is_empty()))),
        );
        let d = c.error(or(at, fallback), format!("unknown actor `{id}`"));
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
        id: &str,
        at: Position,
    ) -> bool {
        if table.contains_key(id) {
            return true;
        }
        let suggestion = did_you_mean(
            id,
            table
                .iter()
                .map(|(id, t)| (*id, Some(*t).filter(|t| !t.is_empty()))),
        );
        let d = c.error(at, format!("unknown {what} `{id}`"));
        d.help = Some(match suggestion {
            Some(s) => format!("did you mean {s}?"),
            None => format!("declare it under `{section}:`, or correct the id"),
        });
        false
    }
}

fn ids<'a>(
    c: &mut Checker,
    field: &'a Field<OneOrMany>,
    name: &str,
) -> Option<Vec<(&'a str, Position)>> {
    let (many, at) = c.get(field, name)?;
    Some(id_list(c, &many.0, name, at))
}

/// The declared ids of a map section, reporting badly shaped and repeated keys.
fn keys<'a, V>(
    c: &mut Checker,
    entries: &'a Entries<V>,
    section: &str,
) -> Vec<Option<(&'a str, Position)>> {
    let mut first: HashMap<&str, Position> = HashMap::with_capacity(entries.0.len());
    let mut out = Vec::with_capacity(entries.0.len());
    for (key, _) in &entries.0 {
        let id = match &key.value {
            Got::Ok(Text(id)) if id.trim().is_empty() => {
                c.error(key.at, format!("an id in `{section}` cannot be empty"))
                    .help = Some("give it a short id such as `BLR` or `lukashenko`".into());
                None
            }
            Got::Ok(Text(id)) => Some(id.as_str()),
            Got::Wrong(found) => {
                c.error(
                    key.at,
                    format!("an id in `{section}` must be text, found {found}"),
                )
                .help = Some("use a short word such as `BLR` or `lukashenko`".into());
                None
            }
        };
        let id = id.and_then(|id| match first.get(id) {
            Some(earlier) => {
                c.error(
                    key.at,
                    format!(
                        "duplicate key `{id}` in `{section}`; the first is at line {}",
                        earlier.line
                    ),
                )
                .help = Some("ids must be unique: rename one, or merge the two".into());
                None
            }
            None => {
                first.insert(id, key.at);
                Some(id)
            }
        });
        out.push(id.map(|id| (id, key.at)));
    }
    out
}

fn title_of(field: &Field<Text>) -> &str {
    match field {
        Some(Located {
            value: Got::Ok(Text(t)),
            ..
        }) => t.as_str(),
        _ => "",
    }
}

/// Checks `raw` and builds the model, or returns every problem found. `root` is where the file's
/// map starts, for problems of the file as a whole.
pub fn validate(raw: &mut RawGraph, root: Position) -> Result<Graph, Vec<Diagnostic>> {
    let mut c = Checker {
        problems: Vec::new(),
    };
    c.strays(&raw.strays, RawGraph::NAMES, || {
        "the top level of the file".into()
    });
    let version = c.need(&raw.detente, "detente", root, || {
        (
            "the file does not say its format version".into(),
            "start the file with `detente: 1`",
        )
    });
    if let Some((&version, at)) = version
        && version != FORMAT_VERSION
    {
        c.error(at, format!("unsupported format version {version}"))
            .help = Some(format!("this detente reads `detente: {FORMAT_VERSION}`"));
    }
    let interpolation = c
        .interpolation(&raw.interpolation)
        .flatten()
        .unwrap_or_default();
    let scale = scale_of(&mut c, &raw.scale).unwrap_or_default();

    let empty_sources = Entries::default();
    let empty_actors = Entries::default();
    let empty_events = Entries::default();
    let sources = c
        .get(&raw.sources, "sources")
        .map_or(&empty_sources, |(s, _)| s);
    let actors = c
        .get(&raw.actors, "actors")
        .map_or(&empty_actors, |(a, _)| a);
    let events = c
        .get(&raw.events, "events")
        .map_or(&empty_events, |(e, _)| e);
    c.get(&raw.relations, "relations");
    let (relations, quick): (&mut [Located<Got<RawRelation>>], _) = match &mut raw.relations {
        Some(Located {
            value: Got::Ok(Relations::Located(r)),
            ..
        }) => (r, None),
        Some(Located {
            value: Got::Ok(Relations::Quick(r, ok)),
            ..
        }) => (&mut [], Some((std::mem::take(r), *ok))),
        _ => (&mut [], None),
    };

    let source_ids = keys(&mut c, sources, "sources");
    let actor_ids = keys(&mut c, actors, "actors");
    let event_ids = keys(&mut c, events, "events");

    let declared = Declared {
        actors: actor_ids
            .iter()
            .zip(&actors.0)
            .filter_map(|(id, (_, actor))| {
                let (id, _) = (*id)?;
                let (name, kind) = match &actor.value {
                    Got::Ok(a) => (
                        title_of(&a.name),
                        match &a.kind {
                            Some(Located {
                                value: Got::Ok(Text(k)),
                                ..
                            }) => kind_of(k),
                            _ => None,
                        },
                    ),
                    Got::Wrong(_) => ("", None),
                };
                Some((id, (name, kind)))
            })
            .collect(),
        events: event_ids
            .iter()
            .zip(&events.0)
            .filter_map(|(id, (_, event))| {
                let (id, _) = (*id)?;
                Some((id, event.value_ok().map_or("", |e| title_of(&e.title))))
            })
            .collect(),
        sources: source_ids
            .iter()
            .zip(&sources.0)
            .filter_map(|(id, (_, source))| {
                let (id, _) = (*id)?;
                Some((id, source.value_ok().map_or("", |s| title_of(&s.title))))
            })
            .collect(),
    };

    let mut graph = Graph {
        title: c.text(&raw.title, "title"),
        description: c.text(&raw.description, "description"),
        interpolation,
        scale,
        ..Graph::default()
    };
    for (id, (_, source)) in source_ids.iter().zip(&sources.0) {
        let id = id.map_or("?", |(id, _)| id);
        let Some(s) = c.shaped(source, &format!("source `{id}`")) else {
            continue;
        };
        if let Some(s) = source_of(&mut c, id, source.at, s) {
            graph.sources.insert(id.to_string(), s);
        }
    }
    for (key, (_, actor)) in actor_ids.iter().zip(&actors.0) {
        let (id, at) = key.unwrap_or(("?", actor.at));
        let Some(a) = c.shaped(actor, &format!("actor `{id}`")) else {
            continue;
        };
        if let Some(a) = actor_of(&mut c, &declared, id, at, a)
            && key.is_some()
        {
            graph.actors.insert(id.to_string(), a);
        }
    }
    for (key, (_, event)) in event_ids.iter().zip(&events.0) {
        let (id, at) = key.unwrap_or(("?", event.at));
        let Some(e) = c.shaped(event, &format!("event `{id}`")) else {
            continue;
        };
        if let Some(e) = event_of(&mut c, &declared, id, at, e)
            && key.is_some()
        {
            graph.events.insert(id.to_string(), e);
        }
    }
    graph.relations.reserve(relations.len());
    let mut positions = Vec::with_capacity(relations.len());
    for relation in relations.iter_mut() {
        if c.shaped(relation, "a relation").is_none() {
            continue;
        }
        let Got::Ok(r) = &mut relation.value else {
            continue;
        };
        if let Some(r) = relation_of(&mut c, &declared, scale, relation.at, r) {
            graph.relations.push(r);
            positions.push(relation.at);
        }
        // Free the raw relation now rather than with the whole file: on a large file the raw
        // relations and the model would otherwise both be in memory at the end.
        relation.value = Got::Ok(RawRelation::default());
    }
    if let Some((quick, ok)) = quick {
        if !ok {
            c.error(root, "a relation has a problem");
        }
        for mut r in quick {
            let (a, b) = r.ends.pair();
            let valid =
                a != b && declared.actors.contains_key(a) && declared.actors.contains_key(b);
            let series = std::mem::take(&mut r.series);
            let series = quick_series(&mut c, &declared, scale, series, valid, root);
            if let Some(series) = series {
                r.series = series;
                graph.relations.push(r);
                positions.push(root);
            }
        }
    }
    duplicate_relations(&mut c, &mut graph.relations, &positions);
    if c.problems.is_empty() {
        Ok(graph)
    } else {
        Err(c.problems)
    }
}

/// Reports and removes relations with the identity of an earlier one (a mutual tie written twice
/// in either order counts). Sorting borrowed identities costs no allocation per relation, unlike
/// a map of owned relation keys.
fn duplicate_relations(c: &mut Checker, relations: &mut Vec<Relation>, positions: &[Position]) {
    fn identity(r: &Relation) -> (&str, &str, &str, bool) {
        let (a, b) = r.ends.pair();
        let directed = r.ends.is_directed();
        let (from, to) = if directed || a <= b { (a, b) } else { (b, a) };
        (from, to, r.kind.as_str(), directed)
    }
    let mut order: Vec<usize> = (0..relations.len()).collect();
    // Stable: within one identity, file order, so the first written is kept.
    order.sort_by(|&i, &j| identity(&relations[i]).cmp(&identity(&relations[j])));
    let mut duplicate = vec![false; relations.len()];
    let mut first: Option<usize> = None;
    for &i in &order {
        match first {
            Some(f) if identity(&relations[f]) == identity(&relations[i]) => {
                duplicate[i] = true;
                c.error(
                    positions[i],
                    format!("duplicate relation {}", relations[i].key()),
                )
                .help = Some(format!(
                    "the same tie is already declared at line {}; merge the two series into one",
                    positions[f].line
                ));
            }
            _ => first = Some(i),
        }
    }
    if duplicate.contains(&true) {
        let mut index = 0;
        relations.retain(|_| {
            index += 1;
            !duplicate[index - 1]
        });
    }
}

impl<T> Located<Got<T>> {
    fn value_ok(&self) -> Option<&T> {
        match &self.value {
            Got::Ok(v) => Some(v),
            Got::Wrong(_) => None,
        }
    }
}

fn scale_of(c: &mut Checker, field: &Field<RawScale>) -> Option<Scale> {
    let (s, at) = c.get(field, "scale")?;
    c.strays(&s.strays, RawScale::NAMES, || "`scale`".into());
    let missing = |end: &'static str| {
        move || {
            (
                format!("`scale` needs `{end}:`"),
                "e.g. `scale: {min: -10, max: 10}`",
            )
        }
    };
    let min = c.need(&s.min, "min", at, missing("min"));
    let max = c.need(&s.max, "max", at, missing("max"));
    let (&min, _) = min?;
    let (&max, _) = max?;
    if min.is_finite() && max.is_finite() && min < max {
        Some(Scale { min, max })
    } else {
        c.error(at, "`scale` needs finite `min` < `max`").help =
            Some("e.g. `scale: {min: -10, max: 10}`".into());
        None
    }
}

fn source_of(c: &mut Checker, id: &str, at: Position, raw: &RawSource) -> Option<Source> {
    c.strays(&raw.strays, RawSource::NAMES, || format!("source `{id}`"));
    let title = c.need(&raw.title, "title", at, || {
        (
            format!("source `{id}` needs `title:`"),
            "give the headline or title of the article or statement",
        )
    });
    let date = match c.get(&raw.date, "date") {
        Some((d, at)) => Some(c.date(d, at, "source date")?),
        None => None,
    };
    Some(Source {
        title: title?.0.0.clone(),
        publisher: c.text(&raw.publisher, "publisher"),
        date,
        url: c.text(&raw.url, "url"),
    })
}

fn actor_of(
    c: &mut Checker,
    declared: &Declared,
    id: &str,
    at: Position,
    raw: &RawActor,
) -> Option<Actor> {
    c.strays(&raw.strays, RawActor::NAMES, || format!("actor `{id}`"));
    let name = c.need(&raw.name, "name", at, || {
        (
            format!("actor `{id}` needs `name:`"),
            "give it a display name, e.g. `name: Belarus`",
        )
    });
    let kind_field = c.need(&raw.kind, "kind", at, || {
        (
            format!("actor `{id}` needs `kind:` (state, organisation or person)"),
            "e.g. `kind: state`",
        )
    });
    let mut ok = name.is_some();
    if let Some((name, at)) = name
        && name.0.trim().is_empty()
    {
        c.error(at, format!("actor `{id}` has an empty name")).help =
            Some("give it a display name, e.g. `name: Belarus`".into());
        ok = false;
    }
    let kind = kind_field.and_then(|(text, at)| {
        let kind = kind_of(&text.0);
        if kind.is_none() {
            let guess = did_you_mean(
                &text.0,
                [("state", None), ("organisation", None), ("person", None)],
            );
            c.error(at, format!("unknown actor kind `{}`", text.0)).help = Some(match guess {
                Some(g) => format!("did you mean {g}? Kinds are state, organisation and person"),
                None => "kinds are state, organisation and person".into(),
            });
        }
        kind
    });
    ok &= kind.is_some();
    let mut posts = Vec::new();
    let raw_posts: &[Located<Got<RawPost>>] =
        c.get(&raw.posts, "posts").map_or(&[], |(List(p), _)| p);
    for post in raw_posts {
        let Some(p) = c.shaped(post, &format!("a post of `{id}`")) else {
            ok = false;
            continue;
        };
        match post_of(c, declared, id, post.at, p) {
            Some(p) => posts.push(p),
            None => ok = false,
        }
    }
    if raw.posts.is_some()
        && let Some(k) = kind
        && k != ActorKind::Person
    {
        c.error(
            at,
            format!("`{id}` is a {}, and only persons hold posts", k.as_str()),
        )
        .help = Some("use `kind: person`, or remove `posts:`".into());
        ok = false;
    }
    let note = c.text(&raw.note, "note");
    ok.then(|| Actor {
        id: id.to_string(),
        name: name.map(|(n, _)| n.0.clone()).unwrap_or_default(),
        kind: kind.unwrap_or(ActorKind::Person),
        posts,
        note,
    })
}

fn post_of(
    c: &mut Checker,
    declared: &Declared,
    id: &str,
    at: Position,
    p: &RawPost,
) -> Option<Post> {
    c.strays(&p.strays, RawPost::NAMES, || format!("a post of `{id}`"));
    let title = c.need(&p.title, "title", at, || {
        (
            format!("a post of `{id}` needs `title:`"),
            "name the office, e.g. `title: President`",
        )
    });
    let of = c.need(&p.of, "of", at, || {
        (
            format!("a post of `{id}` needs `of:` (the state or organisation it belongs to)"),
            "e.g. `of: USA`",
        )
    });
    let mut ok = title.is_some();
    if let Some((of, of_at)) = of {
        if declared.check_actor(c, &of.0, of_at, at) {
            if let Some((_, Some(kind))) = declared.actors.get(of.0.as_str())
                && !kind.is_container()
            {
                c.error(
                    of_at,
                    format!(
                        "`{}` is not a state or organisation, so no post can be held in it",
                        of.0
                    ),
                )
                .help = Some("`of:` names the state or organisation the office belongs to".into());
                ok = false;
            }
        } else {
            ok = false;
        }
    } else {
        ok = false;
    }
    let from = match c.get(&p.from, "from") {
        Some((d, at)) => c.date(d, at, "post start").map(Some),
        None => Some(None).filter(|_| p.from.is_none()),
    };
    let until = match c.get(&p.until, "until") {
        Some((d, at)) => c.date(d, at, "post end").map(|d| Some((d, at))),
        None => Some(None).filter(|_| p.until.is_none()),
    };
    let (Some(from), Some(until)) = (from, until) else {
        return None;
    };
    let title = title.map(|(t, _)| t.0.as_str()).unwrap_or_default();
    if let (Some(f), Some((u, until_at))) = (from, until)
        && u <= f
    {
        c.error(
            until_at,
            format!("post `{title}` of `{id}`: `until` ({u}) is not after `from` ({f})"),
        )
        .help = Some("`until:` is the first day out of office and must come after `from:`".into());
        ok = false;
    }
    ok.then(|| Post {
        title: title.to_string(),
        of: of.map(|(o, _)| o.0.clone()).unwrap_or_default(),
        from,
        until: until.map(|(u, _)| u),
    })
}

fn event_of(
    c: &mut Checker,
    declared: &Declared,
    id: &str,
    at: Position,
    e: &RawEvent,
) -> Option<Event> {
    c.strays(&e.strays, RawEvent::NAMES, || format!("event `{id}`"));
    let date = c.need(&e.date, "date", at, || {
        (
            format!("event `{id}` needs `date:`"),
            "e.g. `date: 2020-02-01`",
        )
    });
    let date = date.and_then(|(d, at)| c.date(d, at, "event date"));
    let title = c.need(&e.title, "title", at, || {
        (
            format!("event `{id}` needs `title:`"),
            "describe it in one line",
        )
    });
    let mut ok = title.is_some();
    let actors = match c.get(&e.actors, "actors") {
        Some((List(items), list_at)) => id_list(c, items, "actors", list_at),
        None => {
            ok &= e.actors.is_none();
            Vec::new()
        }
    };
    for (actor, actor_at) in &actors {
        ok &= declared.check_actor(c, actor, *actor_at, at);
    }
    let sources = ids(c, &e.sources, "sources");
    ok &= sources.is_some() || e.sources.is_none();
    let sources = sources.unwrap_or_default();
    for (source, source_at) in &sources {
        ok &= Declared::check_in(
            c,
            &declared.sources,
            "source",
            "sources",
            source,
            *source_at,
        );
    }
    let description = c.text(&e.description, "description");
    let event = Event {
        date: date?,
        title: title?.0.0.clone(),
        actors: actors.iter().map(|(a, _)| a.to_string()).collect(),
        sources: sources.iter().map(|(s, _)| s.to_string()).collect(),
        description,
    };
    ok.then_some(event)
}

fn relation_of(
    c: &mut Checker,
    declared: &Declared,
    scale: Scale,
    at: Position,
    r: &mut RawRelation,
) -> Option<Relation> {
    c.strays(&r.strays, RawRelation::NAMES, || "a relation".into());
    let between = c.get(&r.between, "between");
    let from = c.get(&r.from, "from");
    let to = c.get(&r.to, "to");
    let ends = match (between, from, to) {
        (Some((List(items), between_at)), None, None) => {
            match id_list(c, items, "between", between_at).as_slice() {
                [(a, a_at), (b, b_at)] => {
                    let ok = declared.check_actor(c, a, *a_at, between_at)
                        & declared.check_actor(c, b, *b_at, between_at);
                    ok.then(|| Ends::Mutual(a.to_string(), b.to_string()))
                }
                ids if ids.len() == items.len() => {
                    c.error(
                        between_at,
                        format!("`between` needs exactly two actors, found {}", items.len()),
                    )
                    .help = Some(
                        "write `between: [A, B]`; for a directed tie use `from:` and `to:`".into(),
                    );
                    None
                }
                _ => None,
            }
        }
        (None, Some((from, from_at)), Some((to, to_at))) => {
            let ok = declared.check_actor(c, &from.0, from_at, at)
                & declared.check_actor(c, &to.0, to_at, at);
            ok.then(|| Ends::Directed {
                from: from.0.clone(),
                to: to.0.clone(),
            })
        }
        // A badly shaped end was reported already.
        _ if r.between.is_some() && between.is_none()
            || r.from.is_some() && from.is_none()
            || r.to.is_some() && to.is_none() =>
        {
            None
        }
        (None, Some(_), None) | (None, None, Some(_)) => {
            c.error(at, "a directed relation needs both `from:` and `to:`")
                .help =
                Some("add the missing end, or write `between: [A, B]` for a mutual tie".into());
            None
        }
        (None, None, None) => {
            c.error(at, "a relation needs its two ends").help =
                Some("write `between: [A, B]` for a mutual tie, or `from: A` and `to: B`".into());
            None
        }
        (Some(_), _, _) => {
            c.error(
                at,
                "a relation has either `between:` or `from:`/`to:`, not both",
            )
            .help = Some(
                "keep `between:` for a mutual tie, or `from:`/`to:` for a directed one".into(),
            );
            None
        }
    };
    let mut ok = true;
    if let Some(ends) = &ends {
        let (a, b) = ends.pair();
        if a == b {
            c.error(at, format!("a relation joins `{a}` to itself"))
                .help = Some("a tie needs two different actors".into());
            ok = false;
        }
    }
    let kind = match c.get(&r.kind, "kind") {
        Some((k, k_at)) if k.0.trim().is_empty() => {
            c.error(k_at, "a relation kind cannot be empty");
            None
        }
        Some((k, _)) => Some(k.0.clone()),
        None if r.kind.is_some() => None,
        None => Some(crate::model::DEFAULT_KIND.to_string()),
    };
    let interpolation = c.interpolation(&r.interpolation);
    let note = c.text(&r.note, "note");
    ok &= r.note.is_none() || note.is_some();
    let series = c.need(&r.series, "series", at, || {
        (
            "a relation needs `series:`".into(),
            "add its dated points, e.g. `series: [{date: 2020, weight: 0.5}]`",
        )
    });
    let series_at = series.map(|(_, at)| at);
    let series = match (&mut r.series, series_at) {
        (
            Some(Located {
                value: Got::Ok(series),
                ..
            }),
            Some(series_at),
        ) => match series {
            Series::Located(points) => series_of(c, declared, scale, points, series_at),
            Series::Quick(points, ok) => {
                quick_series(c, declared, scale, std::mem::take(points), *ok, series_at)
            }
        },
        _ => None,
    };
    let (Some(ends), Some(kind), Some(interpolation), Some(series)) =
        (ends, kind, interpolation, series)
    else {
        return None;
    };
    ok.then_some(Relation {
        ends,
        kind,
        interpolation,
        series,
        note,
    })
}

fn series_of(
    c: &mut Checker,
    declared: &Declared,
    scale: Scale,
    raw: &[Located<Got<RawPoint>>],
    at: Position,
) -> Option<Vec<Point>> {
    if raw.is_empty() {
        c.error(at, "a relation's series is empty").help =
            Some("add at least one point, e.g. `- {date: 2020, weight: 0.5}`".into());
        return None;
    }
    let mut ok = true;
    let mut points: Vec<(Point, Position)> = Vec::with_capacity(raw.len());
    for point in raw {
        let Some(p) = c.shaped(point, "a series point") else {
            ok = false;
            continue;
        };
        match point_of(c, declared, scale, point.at, p) {
            Some(p) => points.push((p, point.at)),
            None => ok = false,
        }
    }
    // Stable, so equal dates keep file order: the later one is reported.
    points.sort_by_key(|(p, _)| p.date);
    for pair in points.windows(2) {
        let ((first, first_at), (second, second_at)) = (&pair[0], &pair[1]);
        if first.date == second.date {
            c.error(
                *second_at,
                format!("two points on {} in one series", second.date),
            )
            .help = Some(format!(
                "the other is at line {}; keep one point per date",
                first_at.line
            ));
            ok = false;
        }
    }
    if let Some((first, first_at)) = points.first()
        && first.value == PointValue::End
        && ok
    {
        c.error(
            *first_at,
            format!("the series starts with `end` on {}", first.date),
        )
        .help =
            Some("a tie must exist before it can end; remove the point or give it a weight".into());
        ok = false;
    }
    ok.then(|| points.into_iter().map(|(p, _)| p).collect())
}

/// Converts a relation read without positions into a model relation, or `None` if anything about it
/// is wrong (then the file is read again with positions, and [`relation_of`] says what). Its ends
/// are not checked against the declared actors, nor its series against the scale: the validator
/// does that with [`quick_series`].
pub(super) fn quick_relation(r: RawRelation) -> Option<Relation> {
    fn ok<T>(field: Field<T>) -> Option<Option<T>> {
        match field {
            None => Some(None),
            Some(Located {
                value: Got::Ok(v), ..
            }) => Some(Some(v)),
            Some(_) => None,
        }
    }
    if r.strays.0.is_some() {
        return None;
    }
    let ends = match (ok(r.between)?, ok(r.from)?, ok(r.to)?) {
        (Some(List(between)), None, None) => {
            let mut ids = between.into_iter().map(|id| match id.value {
                Got::Ok(Text(id)) => Some(id),
                Got::Wrong(_) => None,
            });
            match (ids.next(), ids.next(), ids.next()) {
                (Some(Some(a)), Some(Some(b)), None) => Ends::Mutual(a, b),
                _ => return None,
            }
        }
        (None, Some(Text(from)), Some(Text(to))) => Ends::Directed { from, to },
        _ => return None,
    };
    let kind = match ok(r.kind)? {
        Some(Text(k)) if k.trim().is_empty() => return None,
        Some(Text(k)) => k,
        None => crate::model::DEFAULT_KIND.to_string(),
    };
    let interpolation = match ok(r.interpolation)? {
        None => None,
        Some(Text(i)) => match i.as_str() {
            "step" => Some(Interpolation::Step),
            "linear" => Some(Interpolation::Linear),
            _ => return None,
        },
    };
    let series = match ok(r.series)? {
        Some(Series::Quick(points, true)) if !points.is_empty() => points,
        _ => return None,
    };
    Some(Relation {
        ends,
        kind,
        interpolation,
        series,
        note: ok(r.note)?.map(|Text(t)| t),
    })
}

/// Checks a series read without positions: only whether it is valid, since an invalid file is
/// read again with positions and checked by [`series_of`].
fn quick_series(
    c: &mut Checker,
    declared: &Declared,
    scale: Scale,
    mut points: Vec<Point>,
    ok: bool,
    at: Position,
) -> Option<Vec<Point>> {
    // Stable, so that the points of one date keep their file order, as in `series_of`.
    points.sort_by_key(|p| p.date);
    let valid = ok
        && points.first().is_some_and(|p| p.value != PointValue::End)
        && points.windows(2).all(|w| w[0].date != w[1].date)
        && points.iter().all(|p| {
            let weight_ok = match p.value {
                PointValue::Weight(w) => scale.contains(w),
                PointValue::End => true,
            };
            weight_ok
                && p.event
                    .as_ref()
                    .is_none_or(|e| declared.events.contains_key(e.as_str()))
                && p.sources
                    .iter()
                    .all(|s| declared.sources.contains_key(s.as_str()))
        });
    if valid {
        Some(points)
    } else {
        c.error(at, "a relation's series has a problem");
        None
    }
}

/// Converts a point read without positions into a model point, or `None` if anything about it is
/// wrong (then the file is read again with positions, and [`point_of`] says what). The weight is
/// not checked against the scale, nor the ids against the declared ones: [`quick_series`] does.
pub(super) fn quick_point(p: RawPoint) -> Option<Point> {
    fn ok<T>(field: Field<T>) -> Option<Option<T>> {
        match field {
            None => Some(None),
            Some(Located {
                value: Got::Ok(v), ..
            }) => Some(Some(v)),
            Some(_) => None,
        }
    }
    if p.strays.0.is_some() {
        return None;
    }
    let Some(RawDate(Ok(date))) = ok(p.date)? else {
        return None;
    };
    let value = match (ok(p.weight)?, ok(p.end)?) {
        (Some(w), None) => PointValue::Weight(w),
        (None, Some(true)) => PointValue::End,
        _ => return None,
    };
    let sources = match ok(p.sources)? {
        None => Vec::new(),
        Some(OneOrMany(ids)) => ids
            .into_iter()
            .map(|id| match id.value {
                Got::Ok(Text(id)) => Some(id),
                Got::Wrong(_) => None,
            })
            .collect::<Option<Vec<_>>>()?,
    };
    Some(Point {
        date,
        value,
        note: ok(p.note)?.map(|Text(t)| t),
        event: ok(p.event)?.map(|Text(t)| t),
        sources,
    })
}

fn point_of(
    c: &mut Checker,
    declared: &Declared,
    scale: Scale,
    at: Position,
    p: &RawPoint,
) -> Option<Point> {
    if p.strays.0.is_some() {
        c.strays(&p.strays, RawPoint::NAMES, || "a series point".into());
    }
    let date = c.need(&p.date, "date", at, || {
        (
            "a series point needs `date:`".into(),
            "e.g. `{date: 2020-02-01, weight: 0.2}`",
        )
    });
    let date = date.and_then(|(d, at)| c.date(d, at, "point date"));
    let weight = c.get(&p.weight, "weight");
    let end = c.get(&p.end, "end");
    let value = match (weight, end) {
        (Some((&w, w_at)), None) if p.end.is_none() => {
            if scale.contains(w) {
                Some(PointValue::Weight(w))
            } else {
                c.error(
                    w_at,
                    format!(
                        "weight {w} is outside the scale [{}, {}]",
                        scale.min, scale.max
                    ),
                )
                .help = Some("use a weight within the scale, or declare a wider `scale:`".into());
                None
            }
        }
        (None, Some((&true, _))) if p.weight.is_none() => Some(PointValue::End),
        (None, Some((&false, e_at))) if p.weight.is_none() => {
            c.error(e_at, "`end: false` means nothing").help =
                Some("remove it and give the point a `weight:`".into());
            None
        }
        _ if p.weight.is_some() && p.end.is_some() => {
            let e_at = p.end.as_ref().map_or(at, |e| e.at);
            c.error(
                e_at,
                "a point has either `weight:` or `end: true`, not both",
            )
            .help = Some("an end removes the tie; put the new weight on a later point".into());
            None
        }
        _ if p.weight.is_none() && p.end.is_none() => {
            c.error(at, "a point needs `weight:` or `end: true`").help =
                Some("e.g. `{date: 2020-02-01, weight: 0.2}`".into());
            None
        }
        // A badly shaped weight or end was reported already.
        _ => None,
    };
    let mut ok = true;
    let event = c.get(&p.event, "event");
    if let Some((event, event_at)) = event {
        ok &= Declared::check_in(c, &declared.events, "event", "events", &event.0, event_at);
    } else {
        ok &= p.event.is_none();
    }
    let sources = ids(c, &p.sources, "sources");
    ok &= sources.is_some() || p.sources.is_none();
    let sources = sources.unwrap_or_default();
    for (source, source_at) in &sources {
        ok &= Declared::check_in(
            c,
            &declared.sources,
            "source",
            "sources",
            source,
            *source_at,
        );
    }
    let note = c.text(&p.note, "note");
    ok &= note.is_some() || p.note.is_none();
    let point = Point {
        date: date?,
        value: value?,
        note,
        event: event.map(|(e, _)| e.0.clone()),
        sources: sources.iter().map(|(s, _)| s.to_string()).collect(),
    };
    ok.then_some(point)
}
