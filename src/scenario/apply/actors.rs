//! Edits of actors, their posts, memberships, aliases and attributes: `add_actor`,
//! `remove_actor`, `add_post`, `end_post`, `add_part_of`, `end_part_of`, `add_alias` and
//! `set_attribute`.

use super::Check;
use crate::model::{Actor, ActorKind, Attribute, Certainty, Date, Graph, Id, Membership, Post};
use crate::scenario::edit::TieRef;
use crate::scenario::effect::Effect;
use crate::scenario::problem::Field;

/// `add_actor`: a new actor, with its posts.
pub(super) fn add_actor(graph: &mut Graph, check: &mut Check, actor: &Actor) -> Option<Effect> {
    check.new_id(graph.actors.contains_key(&actor.id), "actor", &actor.id);
    if actor.name.trim().is_empty() {
        check.fail(
            Field::at("name"),
            format!("actor `{}` has an empty name", actor.id),
            Some("give it a display name".to_string()),
        );
    }
    if !actor.posts.is_empty() && actor.kind != ActorKind::Person {
        check.fail(
            Field::at("posts"),
            format!(
                "`{}` is a {}, and only persons hold posts",
                actor.id,
                actor.kind.as_str()
            ),
            Some("use `kind: person`, or remove `posts:`".to_string()),
        );
    }
    if !actor.part_of.is_empty() {
        check.fail(
            Field::at("part_of"),
            format!("`{}` is added with `part_of` periods", actor.id),
            Some("add the actor, then each period with `add_part_of`".to_string()),
        );
    }
    for (i, post) in actor.posts.iter().enumerate() {
        check.post(
            graph,
            post,
            Field::item("posts", i),
            Field::item("posts", i),
        );
    }
    if !check.ok() {
        return None;
    }
    graph.actors.insert(actor.id.clone(), actor.clone());
    Some(Effect::AddActor {
        id: actor.id.clone(),
        kind: actor.kind,
        posts: actor.posts.len(),
    })
}

/// `remove_actor`: the actor goes, with its ties, the posts held in it and its place in events.
pub(super) fn remove_actor(graph: &mut Graph, check: &mut Check, id: &Id) -> Option<Effect> {
    if !check.actor(graph, id, Field::at("id")) {
        return None;
    }
    let mut ties = Vec::new();
    graph.relations.retain(|r| {
        let gone = r.ends.touches(id);
        if gone {
            ties.push(TieRef {
                ends: r.ends.clone(),
                kind: r.kind.clone(),
            });
        }
        !gone
    });
    let mut posts = graph.actors.remove(id).map_or(0, |a| a.posts.len());
    for actor in graph.actors.values_mut() {
        let held = actor.posts.len();
        actor.posts.retain(|p| &p.of != id);
        posts += held - actor.posts.len();
        // Its members stand on their own from now on.
        actor.part_of.retain(|m| &m.of != id);
    }
    let mut events = Vec::new();
    for (event_id, event) in &mut graph.events {
        if event.actors.iter().any(|a| a == id) {
            event.actors.retain(|a| a != id);
            events.push(event_id.clone());
        }
    }
    Some(Effect::RemoveActor {
        id: id.clone(),
        ties,
        posts,
        events,
    })
}

/// `add_post`: a person takes a post.
pub(super) fn add_post(
    graph: &mut Graph,
    check: &mut Check,
    actor: &Id,
    post: &Post,
) -> Option<Effect> {
    if check.actor(graph, actor, Field::at("actor"))
        && graph
            .actors
            .get(actor)
            .is_some_and(|a| a.kind != ActorKind::Person)
    {
        check.fail(
            Field::at("actor"),
            format!("`{actor}` is not a person, and only persons hold posts"),
            None,
        );
    }
    check.post(graph, post, Field::at("of"), Field::at("until"));
    if !check.ok() {
        return None;
    }
    graph.actors.get_mut(actor)?.posts.push(post.clone());
    Some(Effect::AddPost {
        actor: actor.clone(),
        post: post.clone(),
    })
}

/// `end_post`: a person leaves the post held on a date.
pub(super) fn end_post(
    graph: &mut Graph,
    check: &mut Check,
    actor: &Id,
    date: &Date,
    title: &Option<String>,
) -> Option<Effect> {
    if !check.actor(graph, actor, Field::at("actor")) {
        return None;
    }
    let person = graph.actors.get_mut(actor)?;
    let held: Vec<usize> = (0..person.posts.len())
        .filter(|&i| person.posts[i].holds_on(*date))
        .filter(|&i| title.as_ref().is_none_or(|t| &person.posts[i].title == t))
        .collect();
    let index = match held.as_slice() {
        [i] => *i,
        [] => {
            let posts: Vec<String> = person
                .posts
                .iter()
                .map(|p| format!("{} of {}", p.title, p.of))
                .collect();
            let what = match title {
                Some(t) => format!("`{actor}` holds no post `{t}` on {date}"),
                None => format!("`{actor}` holds no post on {date}"),
            };
            let help = if posts.is_empty() {
                format!("`{actor}` holds no posts at all")
            } else {
                format!("their posts: {}", posts.join("; "))
            };
            check.fail(Field::at("date"), what, Some(help));
            return None;
        }
        _ => {
            check.fail(
                Field::at("date"),
                format!("`{actor}` holds {} posts on {date}", held.len()),
                Some("say which with `title:`".to_string()),
            );
            return None;
        }
    };
    let post = &mut person.posts[index];
    if post.from == Some(*date) {
        check.fail(
            Field::at("date"),
            format!(
                "post `{}` starts on {date}, so it cannot end then",
                post.title
            ),
            Some("end it on a later date".to_string()),
        );
        return None;
    }
    let previous_until = post.until.replace(*date);
    Some(Effect::EndPost {
        actor: actor.clone(),
        post: post.clone(),
        previous_until,
    })
}

/// `add_part_of`: a collective becomes part of another for a period.
pub(super) fn add_part_of(
    graph: &mut Graph,
    check: &mut Check,
    actor: &Id,
    membership: &Membership,
) -> Option<Effect> {
    if check.actor(graph, actor, Field::at("actor"))
        && graph
            .actors
            .get(actor)
            .is_some_and(|a| !a.kind.is_container())
    {
        check.fail(
            Field::at("actor"),
            format!("`{actor}` is a person, and a person is placed by posts, not `part_of`"),
            Some("use `add_post`".to_string()),
        );
    }
    if &membership.of == actor {
        check.fail(
            Field::at("of"),
            format!("`{actor}` cannot be part of itself"),
            None,
        );
    } else if check.actor(graph, &membership.of, Field::at("of"))
        && graph
            .actors
            .get(&membership.of)
            .is_some_and(|a| !a.kind.is_container())
    {
        check.fail(
            Field::at("of"),
            format!(
                "`{}` is a person, so nothing can be part of it",
                membership.of
            ),
            None,
        );
    }
    if let (Some(from), Some(until)) = (membership.from, membership.until)
        && until <= from
    {
        check.fail(
            Field::at("until"),
            format!(
                "`{actor}` part of `{}`: `until` ({until}) is not after `from` ({from})",
                membership.of
            ),
            Some("`until:` is the first day no longer part of it".to_string()),
        );
    }
    check.sources(graph, &membership.sources, "sources");
    if !check.ok() {
        return None;
    }
    let overlaps = graph.actors.get(actor)?.part_of.iter().any(|m| {
        m.of == membership.of
            && m.from
                .is_none_or(|f| membership.until.is_none_or(|u| f < u))
            && membership
                .from
                .is_none_or(|f| m.until.is_none_or(|u| f < u))
    });
    if overlaps {
        check.fail(
            Field::at("from"),
            format!("`{actor}` is already part of `{}` then", membership.of),
            Some("periods in one collective must not overlap".to_string()),
        );
        return None;
    }
    let mut changed = graph.actors.clone();
    changed.get_mut(actor)?.part_of.push(membership.clone());
    if let Some((_, _, ring, _)) = crate::load::validate::find_cycles(&changed).first() {
        check.fail(
            Field::at("of"),
            format!("`part_of` would go round in a circle: {}", ring.join(" → ")),
            None,
        );
        return None;
    }
    graph
        .actors
        .get_mut(actor)?
        .part_of
        .push(membership.clone());
    Some(Effect::AddPartOf {
        actor: actor.clone(),
        membership: membership.clone(),
    })
}

/// `end_part_of`: a collective stops being part of another on a date.
pub(super) fn end_part_of(
    graph: &mut Graph,
    check: &mut Check,
    actor: &Id,
    of: &Id,
    date: &Date,
) -> Option<Effect> {
    if !check.actor(graph, actor, Field::at("actor")) {
        return None;
    }
    let collective = graph.actors.get_mut(actor)?;
    let Some(membership) = collective
        .part_of
        .iter_mut()
        .find(|m| &m.of == of && m.holds_on(*date))
    else {
        check.fail(
            Field::at("date"),
            format!("`{actor}` is not part of `{of}` on {date}"),
            None,
        );
        return None;
    };
    if membership.from == Some(*date) {
        check.fail(
            Field::at("date"),
            format!("`{actor}` becomes part of `{of}` on {date}, so it cannot leave then"),
            Some("end it on a later date".to_string()),
        );
        return None;
    }
    let previous_until = membership.until.replace(*date);
    membership.until_certainty = Certainty::Exact;
    Some(Effect::EndPartOf {
        actor: actor.clone(),
        membership: membership.clone(),
        previous_until,
    })
}

/// `add_alias`: another name for an actor, unique among ids and aliases.
pub(super) fn add_alias(
    graph: &mut Graph,
    check: &mut Check,
    actor: &Id,
    alias: &str,
) -> Option<Effect> {
    if !check.actor(graph, actor, Field::at("actor")) {
        return None;
    }
    if alias.trim().is_empty() {
        check.fail(Field::at("alias"), "an alias cannot be empty", None);
    } else if graph.actors.contains_key(alias) {
        check.fail(
            Field::at("alias"),
            format!("alias `{alias}` is the id of an actor"),
            None,
        );
    } else if let Some(owner) = graph
        .actors
        .values()
        .find(|a| a.aliases.iter().any(|a| a == alias))
    {
        check.fail(
            Field::at("alias"),
            format!("`{alias}` is already an alias of `{}`", owner.id),
            None,
        );
    }
    if !check.ok() {
        return None;
    }
    graph.actors.get_mut(actor)?.aliases.push(alias.to_string());
    Some(Effect::AddAlias {
        actor: actor.clone(),
        alias: alias.to_string(),
    })
}

/// `set_attribute`: adds or replaces a free attribute of an actor.
pub(super) fn set_attribute(
    graph: &mut Graph,
    check: &mut Check,
    actor: &Id,
    name: &str,
    value: &Attribute,
) -> Option<Effect> {
    if !check.actor(graph, actor, Field::at("actor")) {
        return None;
    }
    if name.trim().is_empty() {
        check.fail(Field::at("name"), "an attribute name cannot be empty", None);
        return None;
    }
    if matches!(value, Attribute::Number(n) if !n.is_finite()) {
        check.fail(
            Field::at("value"),
            "an attribute number must be finite",
            None,
        );
        return None;
    }
    let before = graph
        .actors
        .get_mut(actor)?
        .attributes
        .insert(name.to_string(), value.clone());
    Some(Effect::SetAttribute {
        actor: actor.clone(),
        name: name.to_string(),
        before,
        after: value.clone(),
    })
}
