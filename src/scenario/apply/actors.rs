//! Edits of actors and their posts: `add_actor`, `remove_actor`, `add_post` and `end_post`.

use super::Check;
use crate::model::{Actor, ActorKind, Date, Graph, Id, Post};
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
