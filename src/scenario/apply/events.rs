//! Edits of events: `add_event`.

use super::Check;
use crate::model::{Event, Graph, Id};
use crate::scenario::effect::Effect;
use crate::scenario::problem::Field;

/// `add_event`: a new event that points may cite.
pub(super) fn add_event(
    graph: &mut Graph,
    check: &mut Check,
    id: &Id,
    event: &Event,
) -> Option<Effect> {
    check.new_id(graph.events.contains_key(id), "event", id);
    if event.title.trim().is_empty() {
        check.fail(Field::at("title"), "an event needs a title", None);
    }
    for (i, actor) in event.actors.iter().enumerate() {
        check.actor(graph, actor, Field::item("actors", i));
    }
    check.sources(graph, &event.sources, "sources");
    if !check.ok() {
        return None;
    }
    graph.events.insert(id.clone(), event.clone());
    Some(Effect::AddEvent {
        id: id.clone(),
        date: event.date,
    })
}
