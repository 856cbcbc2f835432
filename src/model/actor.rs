//! Actors (states, organisations, persons) and the posts that place a person in a state.

use std::collections::BTreeMap;

use super::{Date, Id};

/// What sort of actor this is. States and organisations contain persons in diagrams.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ActorKind {
    /// A sovereign state.
    State,
    /// An international or non-state organisation (the EU, NATO, a party, a company).
    Organisation,
    /// A person, placed in a state or organisation by their posts.
    Person,
}

impl ActorKind {
    /// The kind as written in the file.
    pub fn as_str(self) -> &'static str {
        match self {
            ActorKind::State => "state",
            ActorKind::Organisation => "organisation",
            ActorKind::Person => "person",
        }
    }

    /// Whether persons can hold posts in an actor of this kind (and be drawn inside it).
    pub fn is_container(self) -> bool {
        matches!(self, ActorKind::State | ActorKind::Organisation)
    }
}

/// An office held for a period: President of BLR from 1994-07-20.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize)]
pub struct Post {
    /// The office, e.g. `Secretary of State`.
    pub title: String,
    /// The state or organisation the office belongs to (a declared actor id).
    pub of: Id,
    /// First day in office; `None` means since before the graph's time.
    pub from: Option<Date>,
    /// First day out of office; `None` means still in office.
    pub until: Option<Date>,
    /// Marked `primary: true`: among the posts held on a date, this one places the person.
    pub primary: bool,
    /// The sources that report the post (declared source ids).
    pub sources: Vec<Id>,
    /// A free-text note on the post.
    pub note: Option<String>,
}

impl Post {
    /// Whether the post is held on `date`: from `from` (inclusive) until `until` (exclusive).
    pub fn holds_on(&self, date: Date) -> bool {
        self.from.is_none_or(|from| from <= date) && self.until.is_none_or(|until| date < until)
    }
}

/// The value of a free attribute on an actor (`iso3: BLR`, `population: 9.2`, `member: true`).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(untagged)]
pub enum Attribute {
    /// Text.
    Text(String),
    /// A number.
    Number(f64),
    /// `true` or `false`.
    Bool(bool),
}

/// A state, organisation or person.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Actor {
    /// Its id, as written in the file (the map key).
    pub id: Id,
    /// Its display name.
    pub name: String,
    /// What sort of actor it is.
    pub kind: ActorKind,
    /// Offices held, in file order (persons only).
    pub posts: Vec<Post>,
    /// Free-text notes.
    pub note: Option<String>,
    /// Other names it goes by (`Lukashenka`), which command-line arguments and did-you-mean
    /// suggestions accept in place of the id.
    pub aliases: Vec<String>,
    /// Free attributes (`iso3: BLR`), carried to JSON outputs.
    pub attributes: BTreeMap<String, Attribute>,
}

impl Actor {
    /// Every post held on `date`, in file order.
    pub fn posts_on(&self, date: Date) -> impl Iterator<Item = &Post> {
        self.posts.iter().filter(move |p| p.holds_on(date))
    }

    /// The primary post held on `date`: the one that places the person in a state or
    /// organisation. It is the first held post marked `primary: true`, else the held post that
    /// started earliest (a post with no start first; on equal starts, the first in file order).
    pub fn post_on(&self, date: Date) -> Option<&Post> {
        self.posts_on(date).find(|p| p.primary).or_else(|| {
            // `min_by_key` keeps the first of equal keys, so file order breaks ties.
            self.posts_on(date).min_by_key(|p| p.from)
        })
    }

    /// The actor this one belongs to on `date`: for a person, the state or organisation of the
    /// primary post they hold then ([`Actor::post_on`]); for any other actor, none.
    pub fn home_on(&self, date: Date) -> Option<&Id> {
        match self.kind {
            ActorKind::Person => self.post_on(date).map(|post| &post.of),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_post_is_held_from_its_start_until_the_day_before_its_end() {
        let post = Post {
            title: "Secretary of State".into(),
            of: "USA".into(),
            from: Some("2018-04-26".parse().unwrap()),
            until: Some("2021-01-20".parse().unwrap()),
            ..Default::default()
        };
        assert!(!post.holds_on("2018-04-25".parse().unwrap()));
        assert!(post.holds_on("2018-04-26".parse().unwrap()));
        assert!(post.holds_on("2021-01-19".parse().unwrap()));
        assert!(!post.holds_on("2021-01-20".parse().unwrap()));
    }

    #[test]
    fn the_primary_post_is_the_marked_one_else_the_earliest_started() {
        let post = |title: &str, from: Option<&str>, primary: bool| Post {
            title: title.into(),
            of: "USA".into(),
            from: from.map(|f| f.parse().unwrap()),
            primary,
            ..Default::default()
        };
        let mut actor = Actor {
            id: "p".into(),
            name: "P".into(),
            kind: ActorKind::Person,
            posts: vec![
                post("second", Some("2021"), false),
                post("first", Some("2020"), false),
            ],
            note: None,
            aliases: Vec::new(),
            attributes: Default::default(),
        };
        let on = "2022".parse().unwrap();
        assert_eq!(actor.post_on(on).unwrap().title, "first");
        assert_eq!(actor.posts_on(on).count(), 2);
        actor.posts[0].primary = true;
        assert_eq!(actor.post_on(on).unwrap().title, "second");
        actor.posts.push(post("always", None, false));
        actor.posts[0].primary = false;
        assert_eq!(actor.post_on(on).unwrap().title, "always");
    }
}
