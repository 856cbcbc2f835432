//! Actors (states, organisations, persons and open collective kinds), the posts that place a
//! person in a collective, and the memberships that place a collective in another.

use std::collections::BTreeMap;

use super::{Date, Id};

/// What sort of actor this is. Every kind but `person` is a collective: it contains persons
/// (through their posts) and other collectives (through their `part_of`) in diagrams and roll-ups.
///
/// The kind is `Copy` although it may name an open kind (`group`, `armed_group`): an open kind is
/// a short lower-case name held inline ([`KindName`]), so passing kinds around stays as cheap as
/// it was when the three built-in kinds were the only ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ActorKind {
    /// A sovereign state.
    State,
    /// An international or non-state organisation (the EU, NATO).
    Organisation,
    /// A person, placed in a collective by their posts.
    Person,
    /// Any other collective kind written in the file (`group`, `party`, `company`,
    /// `armed_group`, `government_in_exile`): it behaves like an organisation.
    Other(KindName),
}

/// The built-in kinds, as written in a file.
pub const BUILT_IN_KINDS: [&str; 3] = ["state", "organisation", "person"];

impl ActorKind {
    /// The kind a `kind:` value names: a built-in (`organization` is read as `organisation`), an
    /// open kind, or why it cannot be one.
    pub fn parse(text: &str) -> Result<ActorKind, KindError> {
        match text {
            "state" => Ok(ActorKind::State),
            "organisation" | "organization" => Ok(ActorKind::Organisation),
            "person" => Ok(ActorKind::Person),
            other => KindName::new(other).map(ActorKind::Other),
        }
    }

    /// The kind as written in the file.
    pub fn as_str(&self) -> &str {
        match self {
            ActorKind::State => "state",
            ActorKind::Organisation => "organisation",
            ActorKind::Person => "person",
            ActorKind::Other(name) => name.as_str(),
        }
    }

    /// Whether persons can hold posts in an actor of this kind, and collectives be part of it
    /// (and be drawn inside it): every kind but `person`.
    pub fn is_container(self) -> bool {
        !matches!(self, ActorKind::Person)
    }
}

impl std::fmt::Display for ActorKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for ActorKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// The name of an open actor kind: lower-case ASCII letters, digits and `_`, starting with a
/// letter, at most [`KindName::MAX`] bytes (`government_in_exile` is 19).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KindName([u8; KindName::MAX]);

impl KindName {
    /// The longest kind name, in bytes.
    pub const MAX: usize = 32;

    /// The kind name `text`, or why it cannot be one.
    pub fn new(text: &str) -> Result<KindName, KindError> {
        if text.is_empty() {
            return Err(KindError::Empty);
        }
        if text.len() > Self::MAX {
            return Err(KindError::TooLong);
        }
        let first = text.as_bytes()[0];
        let snake = text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !snake || !first.is_ascii_lowercase() {
            return Err(KindError::NotSnakeCase);
        }
        let mut bytes = [0; Self::MAX];
        bytes[..text.len()].copy_from_slice(text.as_bytes());
        Ok(KindName(bytes))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        // Zero bytes pad the name; the name itself never holds one (checked in `new`).
        let len = self.0.iter().position(|b| *b == 0).unwrap_or(Self::MAX);
        std::str::from_utf8(&self.0[..len]).unwrap_or_default()
    }
}

impl std::fmt::Debug for KindName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.as_str())
    }
}

/// Why a `kind:` value cannot name a kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum KindError {
    /// `kind: ""`.
    #[error("an actor kind cannot be empty")]
    Empty,
    /// Longer than [`KindName::MAX`].
    #[error("an actor kind is at most 32 characters")]
    TooLong,
    /// Upper case, spaces, punctuation, or not starting with a letter.
    #[error("an actor kind is written in lower-case snake_case")]
    NotSnakeCase,
}

/// How sure a post's or membership's start or end is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Certainty {
    /// As written (or absent: since before the graph's time, or still going on).
    #[default]
    Exact,
    /// Written `~2019`: about then; snapshots use the date as given.
    Approximate,
    /// Written `unknown`: it has a start (or end), but no one knows when; snapshots treat the
    /// bound as open (held since before the graph's time, or still held), and reports mark it.
    Unknown,
}

impl Certainty {
    /// Whether this is [`Certainty::Exact`] (JSON outputs leave exact marks out).
    pub fn is_exact(&self) -> bool {
        *self == Certainty::Exact
    }
}

/// A collective being part of another for a period: the IRGC within Iran from 1979.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize)]
pub struct Membership {
    /// The collective it is part of (a declared non-person actor id).
    pub of: Id,
    /// First day; `None` means since before the graph's time.
    pub from: Option<Date>,
    /// First day no longer part of it; `None` means still part of it.
    pub until: Option<Date>,
    /// How sure the start is.
    #[serde(skip_serializing_if = "Certainty::is_exact")]
    pub from_certainty: Certainty,
    /// How sure the end is.
    #[serde(skip_serializing_if = "Certainty::is_exact")]
    pub until_certainty: Certainty,
    /// The sources that report it (declared source ids).
    pub sources: Vec<Id>,
    /// A free-text note.
    pub note: Option<String>,
}

impl Membership {
    /// Whether the membership holds on `date`: from `from` (inclusive) until `until` (exclusive).
    pub fn holds_on(&self, date: Date) -> bool {
        self.from.is_none_or(|from| from <= date) && self.until.is_none_or(|until| date < until)
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
    /// How sure the start is (`from: ~2019`, `from: unknown`).
    #[serde(skip_serializing_if = "Certainty::is_exact")]
    pub from_certainty: Certainty,
    /// How sure the end is.
    #[serde(skip_serializing_if = "Certainty::is_exact")]
    pub until_certainty: Certainty,
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
    /// The collectives it is part of, for periods, in file order (collectives only).
    pub part_of: Vec<Membership>,
}

impl Actor {
    /// An actor with its name and kind and nothing else said (no posts, note, aliases,
    /// attributes or memberships).
    pub fn new(id: impl Into<Id>, name: impl Into<String>, kind: ActorKind) -> Actor {
        Actor {
            id: id.into(),
            name: name.into(),
            kind,
            posts: Vec::new(),
            note: None,
            aliases: Vec::new(),
            attributes: BTreeMap::new(),
            part_of: Vec::new(),
        }
    }

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

    /// The membership held on `date` (periods of one collective never overlap, and a
    /// collective part of two on one date is placed by the first in file order).
    pub fn part_of_on(&self, date: Date) -> Option<&Membership> {
        self.part_of.iter().find(|m| m.holds_on(date))
    }

    /// Where the actor belongs on `date`: for a person, the `of` of their primary post; for a
    /// collective, the `of` of its `part_of` period held then.
    pub fn home_on(&self, date: Date) -> Option<&Id> {
        match self.kind {
            ActorKind::Person => self.post_on(date).map(|p| &p.of),
            _ => self.part_of_on(date).map(|m| &m.of),
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
            part_of: Vec::new(),
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

    #[test]
    fn open_kinds_are_snake_case_collectives() {
        let group = ActorKind::parse("armed_group").unwrap();
        assert_eq!(group.as_str(), "armed_group");
        assert!(group.is_container());
        assert!(!ActorKind::Person.is_container());
        assert_eq!(
            ActorKind::parse("organization"),
            Ok(ActorKind::Organisation)
        );
        assert_eq!(ActorKind::parse("Group"), Err(KindError::NotSnakeCase));
        assert_eq!(ActorKind::parse("a group"), Err(KindError::NotSnakeCase));
        assert_eq!(ActorKind::parse("_x"), Err(KindError::NotSnakeCase));
        assert_eq!(ActorKind::parse(""), Err(KindError::Empty));
        assert_eq!(ActorKind::parse(&"a".repeat(33)), Err(KindError::TooLong));
        assert_eq!(
            ActorKind::parse(&"a".repeat(32)).unwrap().as_str().len(),
            32
        );
        assert_eq!(serde_json::to_string(&group).unwrap(), "\"armed_group\"");
    }

    #[test]
    fn home_is_the_primary_post_or_the_membership_held() {
        let membership = Membership {
            of: "IRN".into(),
            from: Some("1979".parse().unwrap()),
            ..Default::default()
        };
        let irgc = Actor {
            id: "IRGC".into(),
            name: "IRGC".into(),
            kind: ActorKind::parse("armed_group").unwrap(),
            posts: Vec::new(),
            note: None,
            aliases: Vec::new(),
            attributes: Default::default(),
            part_of: vec![membership],
        };
        assert_eq!(irgc.home_on("1978".parse().unwrap()), None);
        assert_eq!(irgc.home_on("1980".parse().unwrap()).unwrap(), "IRN");
    }
}
