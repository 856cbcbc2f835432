//! The point in force on a tie on a date, with its event and sources resolved: what the viewer
//! shows when a tie is hovered. One small function reading the model, so that it can give way
//! to a shared provenance module later.

use serde::Serialize;

use crate::model::{Date, Graph, Id, PointValue, Relation};

/// The point of a series in force on a date, with what stands behind it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InForce {
    /// The point's date, `YYYY-MM-DD`.
    pub date: String,
    /// The point's weight as written (`None` for an `end`).
    pub weight: Option<f64>,
    /// The point's note.
    pub note: Option<String>,
    /// The event behind the point.
    pub event: Option<EventRef>,
    /// The point's sources, then the event's not already listed.
    pub sources: Vec<SourceRef>,
    /// The point's date, for de-duplication.
    #[serde(skip)]
    pub date_key: Date,
}

/// An event as the viewer shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventRef {
    /// Its id.
    pub id: Id,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Its title.
    pub title: String,
}

/// A source as the viewer shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceRef {
    /// Its id.
    pub id: Id,
    /// Its title.
    pub title: String,
    /// Who published it.
    pub publisher: Option<String>,
    /// When, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Where to read it.
    pub url: Option<String>,
}

/// The point of `relation` in force on `date` (the last one on or before it), with its event and
/// sources looked up in `graph`; `None` before the first point.
pub fn in_force(graph: &Graph, relation: &Relation, date: Date) -> Option<InForce> {
    let point = relation.point_on(date)?;
    let event = point
        .event()
        .and_then(|id| graph.events.get(id).map(|e| (id, e)));
    let mut ids: Vec<&Id> = point.sources().iter().collect();
    if let Some((_, e)) = event {
        for id in &e.sources {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
    }
    let sources = ids
        .into_iter()
        .filter_map(|id| {
            graph.sources.get(id).map(|s| SourceRef {
                id: id.clone(),
                title: s.title.clone(),
                publisher: s.publisher.clone(),
                date: s.date.map(|d| d.to_day().to_string()),
                url: s.url.clone(),
            })
        })
        .collect();
    Some(InForce {
        date: point.date.to_day().to_string(),
        weight: match point.value() {
            PointValue::Weight(w) => Some(w),
            PointValue::End => None,
        },
        note: point.note().map(str::to_string),
        event: event.map(|(id, e)| EventRef {
            id: id.into(),
            date: e.date.to_day().to_string(),
            title: e.title.clone(),
        }),
        sources,
        date_key: point.date,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_point_in_force_brings_its_event_and_sources() {
        let g = crate::load::load_str(
            "detente: 1\nactors:\n  A: {name: A, kind: state}\n  B: {name: B, kind: state}\n\
             sources:\n  s1: {title: One}\n  s2: {title: Two, url: 'https://example.org/2'}\n\
             events:\n  e1: {date: 2020-02-01, title: Talks, sources: [s2, s1]}\n\
             relations:\n  - between: [A, B]\n    series:\n      \
             - {date: 2020, weight: 0.1}\n      \
             - {date: 2020-02-01, weight: 0.5, event: e1, sources: [s1]}\n",
            "x.yaml",
        )
        .unwrap();
        let r = &g.relations[0];
        assert!(in_force(&g, r, "2019".parse().unwrap()).is_none());
        let p = in_force(&g, r, "2020-03".parse().unwrap()).unwrap();
        assert_eq!(p.date, "2020-02-01");
        assert_eq!(p.weight, Some(0.5));
        assert_eq!(p.event.unwrap().title, "Talks");
        let ids: Vec<&str> = p.sources.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["s1", "s2"]);
    }
}
