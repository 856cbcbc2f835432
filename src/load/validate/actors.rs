//! Actors and the posts they hold.

use super::Declared;
use crate::load::raw::RawActor;
use crate::model::{Actor, ActorKind, Certainty, Date, Id, Post};
use std::collections::BTreeMap;

use crate::reader::{
    Checker, Entries, Field, Got, List, Located, Position, RawBound, RawPost, Text, kind_of,
};

/// The actor `id` declared at `at`, or `None` when anything in it is wrong (reported). The
/// position of each of its `part_of` periods goes into `part_of_at`, for the cycle check.
pub(super) fn actor_of(
    c: &mut Checker,
    declared: &Declared,
    id: &str,
    at: Position,
    raw: &RawActor,
    part_of_at: &mut BTreeMap<String, Vec<Position>>,
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
    if let Some((name, at)) = name
        && name.0.chars().nth(super::MAX_NAME_CHARS).is_some()
    {
        c.error(
            at,
            format!(
                "the name of actor `{id}` is {} characters long, more than {}: `{}`",
                name.0.chars().count(),
                super::MAX_NAME_CHARS,
                super::opening(&name.0)
            ),
        )
        .help = Some("shorten it; put the long form in `note:`".into());
        ok = false;
    }
    if let Some((name, at)) = name
        && let Some(control) = name.0.chars().find(|&c| c.is_control() && c != '\n')
    {
        // A name is a label in every diagram, table and report: an escape sequence, a carriage
        // return or a tab in it can only be a mistake or an attack. A line break is how a long
        // name is set on two lines, and every output escapes it.
        c.error(
            at,
            format!(
                "the name of actor `{id}` holds the control character {}",
                control.escape_unicode()
            ),
        )
        .help = Some(
            "remove it: a name is plain text (a line break is the one control character allowed)"
                .into(),
        );
        ok = false;
    }
    let kind = kind_field.and_then(|(text, at)| match kind_of(&text.0) {
        Ok(kind) => Some(kind),
        Err((message, help)) => {
            c.error(at, message).help = Some(help);
            None
        }
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
    let (part_of_ok, part_of, positions) =
        super::part_of::memberships_of(c, declared, id, kind, &raw.part_of);
    ok &= part_of_ok;
    if !part_of.is_empty() {
        part_of_at.insert(id.to_string(), positions);
    }
    let note = c.text(&raw.note, "note");
    let mut aliases = Vec::new();
    let raw_aliases: &[Located<Got<Text>>] =
        c.get(&raw.aliases, "aliases").map_or(&[], |(List(a), _)| a);
    for item in raw_aliases {
        let Some(Text(alias)) = c.scalar(item, &format!("an alias of `{id}`")) else {
            ok = false;
            continue;
        };
        let clash = if alias.trim().is_empty() {
            Some((
                "an alias cannot be empty".to_string(),
                "remove it".to_string(),
            ))
        } else if declared.actors.contains_key(alias.as_str()) {
            Some((
                format!("alias `{alias}` of `{id}` is the id of an actor"),
                "an alias names one actor; remove it or rename that actor".to_string(),
            ))
        } else if let Some(owner) = declared.aliases.get(alias.as_str()).filter(|o| **o != id) {
            Some((
                format!("alias `{alias}` of `{id}` is already an alias of `{owner}`"),
                "an alias names one actor; remove one of the two".to_string(),
            ))
        } else if aliases.contains(alias) {
            Some((
                format!("alias `{alias}` of `{id}` is given twice"),
                "remove the repeat".to_string(),
            ))
        } else {
            None
        };
        match clash {
            Some((message, help)) => {
                c.error(item.at, message).help = Some(help);
                ok = false;
            }
            None => aliases.push(alias.clone()),
        }
    }
    let mut attributes = BTreeMap::new();
    if let Some((Entries(entries), _)) = c.get(&raw.attributes, "attributes") {
        for (key, value) in entries {
            let Some(Text(name)) = c.scalar(key, &format!("an attribute name of `{id}`")) else {
                ok = false;
                continue;
            };
            match c.scalar(value, &format!("attribute `{name}` of `{id}`")) {
                Some(v) => {
                    attributes.insert(name.clone(), v.clone());
                }
                None => ok = false,
            }
        }
    } else {
        ok &= raw.attributes.is_none();
    }
    ok.then(|| Actor {
        id: id.into(),
        name: name.map(|(n, _)| n.0.clone()).unwrap_or_default(),
        kind: kind.unwrap_or(ActorKind::Person),
        posts,
        note,
        aliases,
        attributes,
        part_of,
    })
}

pub(super) fn post_of(
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
                    format!("`{}` is a person, so no post can be held in it", of.0),
                )
                .help = Some(
                    "`of:` names the state, organisation or other collective the office \
                     belongs to"
                        .into(),
                );
                ok = false;
            }
        } else {
            ok = false;
        }
    } else {
        ok = false;
    }
    let title = title.map(|(t, _)| t.0.as_str()).unwrap_or_default();
    let period = period(
        c,
        (&p.from, &p.until),
        "post",
        &format!("post `{title}` of `{id}`"),
        "`until:` is the first day out of office and must come after `from:`",
    );
    let period = period?;
    ok &= period.ordered;
    let primary = c.get(&p.primary, "primary").map(|(p, _)| *p);
    ok &= primary.is_some() || p.primary.is_none();
    let (sources_ok, sources) = super::declared_sources(c, declared, &p.sources);
    ok &= sources_ok;
    let note = c.text(&p.note, "note");
    ok &= note.is_some() || p.note.is_none();
    ok.then(|| Post {
        title: title.to_string(),
        of: of.map(|(o, _)| o.0.as_str().into()).unwrap_or_default(),
        from: period.from.0,
        until: period.until.0,
        from_certainty: period.from.1,
        until_certainty: period.until.1,
        primary: primary.unwrap_or(false),
        sources: sources.iter().map(|(s, _)| Id::from(*s)).collect(),
        note,
    })
}

/// A period's start and end as read, each with how sure it is.
pub(super) struct Period {
    pub(super) from: (Option<Date>, Certainty),
    pub(super) until: (Option<Date>, Certainty),
    /// False when `until` is not after `from` (reported).
    pub(super) ordered: bool,
}

/// The `from`/`until` of a post or membership (`what`: "post"; `label` names it in messages),
/// or `None` when either is badly written (reported).
pub(super) fn period(
    c: &mut Checker,
    (from, until): (&Field<RawBound>, &Field<RawBound>),
    what: &str,
    label: &str,
    help: &str,
) -> Option<Period> {
    let start = match c.get(from, "from") {
        Some((d, at)) => c.bound(d, at, &format!("{what} start")),
        None => Some((None, Certainty::Exact)).filter(|_| from.is_none()),
    };
    let end = match c.get(until, "until") {
        Some((d, at)) => c
            .bound(d, at, &format!("{what} end"))
            .map(|bound| (bound, at)),
        None => Some(((None, Certainty::Exact), Position { line: 0, column: 0 }))
            .filter(|_| until.is_none()),
    };
    let (start, (end, until_at)) = (start?, end?);
    let mut ordered = true;
    if let ((Some(f), _), (Some(u), _)) = (start, end)
        && u <= f
    {
        c.error(
            until_at,
            format!("{label}: `until` ({u}) is not after `from` ({f})"),
        )
        .help = Some(help.into());
        ordered = false;
    }
    Some(Period {
        from: start,
        until: end,
        ordered,
    })
}
