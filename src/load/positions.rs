//! Where each point, post and event of a file is written, for reports that name lines about a
//! valid file (`check --unsourced`, the warnings of `check`). A valid file is read without
//! positions; this reads it once more with them: a JSON file with serde_json, keeping each
//! located value as its slice of the text (`json`), anything else with the YAML reader, as the
//! diagnostics of an invalid file are.

use std::collections::BTreeMap;

mod json;

use super::raw::{Relations, Series};
use crate::model::{Date, Id};
use crate::reader::{self as raw, Got, Position, locating};

/// Lines (1-based; 0 when unknown) of a file's points, posts and events.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Positions {
    /// Per relation in file order, each point's date and position, in file order.
    pub points: Vec<Vec<(Date, Position)>>,
    /// Per actor, the line of each post, in file order.
    pub posts: BTreeMap<Id, Vec<u32>>,
    /// The line of each event's id.
    pub events: BTreeMap<Id, u32>,
    /// Where each kind of `relation_kinds:` is declared.
    pub relation_kinds: BTreeMap<String, Position>,
}

/// The positions in `text` (YAML or JSON), or `None` when it cannot be read.
pub fn positions(text: &str) -> Option<Positions> {
    if let Some(found) = json::positions(text) {
        return Some(found);
    }
    yaml_positions(text)
}

/// The positions in `text`, read by the YAML reader with positions (which reads JSON too).
fn yaml_positions(text: &str) -> Option<Positions> {
    let raw = locating(|| super::parse_yaml(text)).ok()?;
    let Got::Ok(graph) = raw.value else {
        return None;
    };
    let mut out = Positions::default();
    if let Some(Got::Ok(Relations::Located(relations))) = graph.relations.map(|r| r.value) {
        for relation in relations {
            let mut points = Vec::new();
            if let Got::Ok(relation) = relation.value
                && let Some(Got::Ok(Series::Located(series))) = relation.series.map(|s| s.value)
            {
                for point in series {
                    let date = match &point.value {
                        Got::Ok(p) => match p.date.as_ref().map(|d| &d.value) {
                            Some(Got::Ok(raw::RawDate(Ok(date)))) => Some(*date),
                            _ => None,
                        },
                        Got::Wrong(_) => None,
                    };
                    if let Some(date) = date {
                        points.push((date, point.at));
                    }
                }
            }
            out.points.push(points);
        }
    }
    if let Some(Got::Ok(raw::Entries(actors))) = graph.actors.map(|a| a.value) {
        for (id, actor) in actors {
            let (Got::Ok(raw::Text(id)), Got::Ok(actor)) = (id.value, actor.value) else {
                continue;
            };
            let lines = match actor.posts.map(|p| p.value) {
                Some(Got::Ok(raw::List(posts))) => posts.iter().map(|p| p.at.line).collect(),
                _ => Vec::new(),
            };
            out.posts.insert(id.into(), lines);
        }
    }
    if let Some(Got::Ok(raw::Entries(kinds))) = graph.relation_kinds.map(|k| k.value) {
        for (kind, _) in kinds {
            if let Got::Ok(raw::Text(name)) = kind.value {
                out.relation_kinds.entry(name).or_insert(kind.at);
            }
        }
    }
    if let Some(Got::Ok(raw::Entries(events))) = graph.events.map(|e| e.value) {
        for (id, _) in events {
            if let Got::Ok(raw::Text(name)) = id.value {
                out.events.insert(name.into(), id.at.line);
            }
        }
    }
    Some(out)
}
