//! The cast of a diff: every actor of either snapshot with its node on each side, and whether it
//! entered, departed, took or left office. Decided here once, from one walk over both snapshots'
//! actors, so that the post lists of [`super::PostChanges`] and the marks of the diff diagram
//! always agree.

use petgraph::graph::NodeIndex;

use super::matching::for_each_merged;
use super::{PostChange, PostChanges};
use crate::snapshot::{ActorNode, Placement, Snapshot};

/// What happened to an actor between the two snapshots.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ActorMove {
    /// Only in the second snapshot.
    Entered,
    /// Only in the first snapshot.
    Departed,
    /// Placed by a post in the second snapshot and by none, or by another, in the first. A move
    /// from one post to another is taking office (the old post is [`ActorSides::before`]'s).
    TookOffice,
    /// Placed by a post in the first snapshot and by none in the second.
    LeftOffice,
}

/// One actor of either snapshot.
#[derive(Debug, Clone, PartialEq)]
pub struct ActorSides<'a> {
    /// The node to show: the second side's when present (its name is the newer).
    pub node: &'a ActorNode,
    /// Its node in the first snapshot, if it is there.
    pub before: Option<&'a ActorNode>,
    /// Its node in the second snapshot, if it is there.
    pub after: Option<&'a ActorNode>,
    /// What happened to it, if anything.
    pub moved: Option<ActorMove>,
}

impl<'a> ActorSides<'a> {
    /// The post that places the actor: the second side's, else the first side's.
    pub fn placement(&self) -> Option<&'a Placement> {
        self.after
            .and_then(|a| a.placement.as_ref())
            .or_else(|| self.before.and_then(|b| b.placement.as_ref()))
    }
}

/// Every actor of either snapshot in id order, and the placements that begin or end.
pub(super) fn cast<'a>(
    before: &'a Snapshot,
    after: &'a Snapshot,
) -> (Vec<ActorSides<'a>>, PostChanges) {
    fn node<'a>(s: &'a Snapshot, n: Option<&NodeIndex>) -> Option<&'a ActorNode> {
        n.map(|&n| &s.graph[n])
    }
    let change = |node: &ActorNode, p: &Placement| PostChange {
        actor: node.id.clone(),
        name: node.name.clone(),
        of: p.of.clone(),
        title: p.title.clone(),
    };
    let mut actors = Vec::with_capacity(before.index.len().max(after.index.len()));
    let mut posts = PostChanges::default();
    for_each_merged(&before.index, &after.index, |x, y| {
        let (old, new) = (node(before, x), node(after, y));
        let (old_post, new_post) = (
            old.and_then(|o| o.placement.as_ref()),
            new.and_then(|n| n.placement.as_ref()),
        );
        let moved = match (old, new) {
            (None, _) => Some(ActorMove::Entered),
            (_, None) => Some(ActorMove::Departed),
            _ if old_post == new_post => None,
            _ if new_post.is_some() => Some(ActorMove::TookOffice),
            _ => Some(ActorMove::LeftOffice),
        };
        if old_post != new_post {
            if let (Some(o), Some(p)) = (old, old_post) {
                posts.ended.push(change(o, p));
            }
            if let (Some(n), Some(p)) = (new, new_post) {
                posts.started.push(change(n, p));
            }
        }
        if let Some(shown) = new.or(old) {
            actors.push(ActorSides {
                node: shown,
                before: old,
                after: new,
                moved,
            });
        }
    });
    (actors, posts)
}
