//! Actors (states, organisations, persons) and the posts that place a person in a state.

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
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Post {
    /// The office, e.g. `Secretary of State`.
    pub title: String,
    /// The state or organisation the office belongs to (a declared actor id).
    pub of: Id,
    /// First day in office; `None` means since before the graph's time.
    pub from: Option<Date>,
    /// First day out of office; `None` means still in office.
    pub until: Option<Date>,
}

impl Post {
    /// Whether the post is held on `date`: from `from` (inclusive) until `until` (exclusive).
    pub fn holds_on(&self, date: Date) -> bool {
        self.from.is_none_or(|from| from <= date) && self.until.is_none_or(|until| date < until)
    }
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
}

impl Actor {
    /// The first post held on `date`, in file order: the one that places the person in a state.
    pub fn post_on(&self, date: Date) -> Option<&Post> {
        self.posts.iter().find(|p| p.holds_on(date))
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
        };
        assert!(!post.holds_on("2018-04-25".parse().unwrap()));
        assert!(post.holds_on("2018-04-26".parse().unwrap()));
        assert!(post.holds_on("2021-01-19".parse().unwrap()));
        assert!(!post.holds_on("2021-01-20".parse().unwrap()));
    }
}
