//! Coverage of sources: which points, posts and events cite no source (directly or through their
//! event), and how many points do.

use crate::model::{Date, Graph, Id, RelationKey};

/// Something that cites no source.
#[derive(Debug, Clone, PartialEq)]
pub enum Unsourced {
    /// A point of a relation's series, neither citing a source nor naming an event that does.
    Point {
        /// The relation's index in the graph (file order).
        relation: usize,
        /// The relation's identity.
        key: RelationKey,
        /// The point's date.
        date: Date,
    },
    /// A post citing no source (`source`/`sources` on the post, format 1.1).
    Post {
        /// The person.
        actor: Id,
        /// The post's index among the person's posts.
        index: usize,
        /// The post's title.
        title: String,
    },
    /// An event citing no source.
    Event {
        /// The event's id.
        id: Id,
    },
}

/// What cites no source, and the share of points that do.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Coverage {
    /// Every unsourced point (relations in file order, points by date), then post, then event.
    pub unsourced: Vec<Unsourced>,
    /// Points citing a source, directly or through their event.
    pub sourced_points: usize,
    /// All points.
    pub points: usize,
}

/// The coverage of sources in `graph`.
///
/// Runs in O(P log E) for P points and E events.
pub fn coverage(graph: &Graph) -> Coverage {
    let mut out = Coverage::default();
    let event_sourced = |id: &str| graph.events.get(id).is_some_and(|e| !e.sources.is_empty());
    for (i, relation) in graph.relations.iter().enumerate() {
        for point in &relation.series {
            out.points += 1;
            if !point.sources().is_empty() || point.event().is_some_and(event_sourced) {
                out.sourced_points += 1;
            } else {
                out.unsourced.push(Unsourced::Point {
                    relation: i,
                    key: relation.key(),
                    date: point.date,
                });
            }
        }
    }
    for actor in graph.actors.values() {
        for (index, post) in actor.posts.iter().enumerate() {
            if !post.sources.is_empty() {
                continue;
            }
            out.unsourced.push(Unsourced::Post {
                actor: actor.id.clone(),
                index,
                title: post.title.clone(),
            });
        }
    }
    for (id, event) in &graph.events {
        if event.sources.is_empty() {
            out.unsourced.push(Unsourced::Event { id: id.clone() });
        }
    }
    out
}
