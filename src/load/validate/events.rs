//! Events and the sources they cite.

use super::Declared;
use crate::load::raw::{RawEvent, RawSource};
use crate::model::{Event, Id, Source};
use crate::reader::{Checker, List, Position, id_list};

pub(super) fn source_of(
    c: &mut Checker,
    id: &str,
    at: Position,
    raw: &RawSource,
) -> Option<Source> {
    c.strays(&raw.strays, RawSource::NAMES, || format!("source `{id}`"));
    let title = c.need(&raw.title, "title", at, || {
        (
            format!("source `{id}` needs `title:`"),
            "give the headline or title of the article or statement",
        )
    });
    let date = match c.get(&raw.date, "date") {
        Some((d, at)) => Some(c.date(d, at, "source date")?),
        None => None,
    };
    Some(Source {
        title: title?.0.0.clone(),
        publisher: c.text(&raw.publisher, "publisher"),
        date,
        url: c.text(&raw.url, "url"),
    })
}

pub(super) fn event_of(
    c: &mut Checker,
    declared: &Declared,
    id: &str,
    at: Position,
    e: &RawEvent,
) -> Option<Event> {
    c.strays(&e.strays, RawEvent::NAMES, || format!("event `{id}`"));
    let date = c.need(&e.date, "date", at, || {
        (
            format!("event `{id}` needs `date:`"),
            "e.g. `date: 2020-02-01`",
        )
    });
    let date = date.and_then(|(d, at)| c.date(d, at, "event date"));
    let title = c.need(&e.title, "title", at, || {
        (
            format!("event `{id}` needs `title:`"),
            "describe it in one line",
        )
    });
    let mut ok = title.is_some();
    let actors = match c.get(&e.actors, "actors") {
        Some((List(items), list_at)) => id_list(c, items, "actors", list_at),
        None => {
            ok &= e.actors.is_none();
            Vec::new()
        }
    };
    for (actor, actor_at) in &actors {
        ok &= declared.check_actor(c, actor, *actor_at, at);
    }
    let (sources_ok, sources) = super::declared_sources(c, declared, &e.sources);
    ok &= sources_ok;
    let description = c.text(&e.description, "description");
    let event = Event {
        date: date?,
        title: title?.0.0.clone(),
        actors: actors.iter().map(|(a, _)| Id::from(*a)).collect(),
        sources: sources.iter().map(|(s, _)| Id::from(*s)).collect(),
        description,
    };
    ok.then_some(event)
}
