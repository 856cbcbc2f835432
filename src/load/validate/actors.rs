//! Actors and the posts they hold.

use super::Declared;
use crate::load::raw::RawActor;
use crate::model::{Actor, ActorKind, Post};
use std::collections::BTreeMap;

use crate::reader::{
    Checker, Entries, Got, List, Located, Position, RawPost, Text, did_you_mean, kind_of,
};

pub(super) fn actor_of(
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
    let mut aliases = Vec::new();
    let raw_aliases: &[Located<Got<Text>>] =
        c.get(&raw.aliases, "aliases").map_or(&[], |(List(a), _)| a);
    for item in raw_aliases {
        let Some(Text(alias)) = c.shaped(item, &format!("an alias of `{id}`")) else {
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
            let Some(Text(name)) = c.shaped(key, &format!("an attribute name of `{id}`")) else {
                ok = false;
                continue;
            };
            match c.shaped(value, &format!("attribute `{name}` of `{id}`")) {
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
        id: id.to_string(),
        name: name.map(|(n, _)| n.0.clone()).unwrap_or_default(),
        kind: kind.unwrap_or(ActorKind::Person),
        posts,
        note,
        aliases,
        attributes,
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
    let primary = c.get(&p.primary, "primary").map(|(p, _)| *p);
    ok &= primary.is_some() || p.primary.is_none();
    let (sources_ok, sources) = super::declared_sources(c, declared, &p.sources);
    ok &= sources_ok;
    let note = c.text(&p.note, "note");
    ok &= note.is_some() || p.note.is_none();
    ok.then(|| Post {
        title: title.to_string(),
        of: of.map(|(o, _)| o.0.clone()).unwrap_or_default(),
        from,
        until: until.map(|(u, _)| u),
        primary: primary.unwrap_or(false),
        sources: sources.iter().map(|(s, _)| s.to_string()).collect(),
        note,
    })
}
