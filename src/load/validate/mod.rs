//! Turns the raw file into the model, collecting every problem with its location and likely fix.
//!
//! This file checks the file as a whole (version, scale, the ids each section declares) and
//! drives the rest, one file per entity: [`actors`] (and their posts), [`events`] (and sources),
//! [`relations`], [`series`] (their points), and [`quick`], which turns relations and points into
//! the model as they are read when no positions are recorded.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::raw::{RawGraph, RawRelation, RawScale, Relations};
use crate::model::{Actor, ActorKind, Ends, Graph, Id, Name, Relation, Scale};
use crate::reader::{
    Checker, Diagnostic, Entries, Field, Got, List, Located, OneOrMany, Position, Text,
    did_you_mean, id_list, kind_of, or,
};

mod actors;
mod events;
mod kinds;
mod part_of;
mod quick;
mod relations;
mod series;

use actors::actor_of;
use events::{event_of, source_of};
pub(crate) use part_of::find_cycles;
use quick::quick_series;
pub(super) use quick::{
    all_series_ok, plain_actor, plain_actor_ok, quick_point, quick_relation, relation_ok,
    relations_ok,
};
use relations::{duplicate_relations, relation_of};

/// The format version this build writes.
pub const FORMAT_VERSION: u64 = 1;

/// The longest id (of an actor, event or source), in characters: an id is a short handle, and
/// every table, diff and diagram tooltip prints it.
pub const MAX_ID_CHARS: usize = 100;
/// The longest actor name, in characters: a name is drawn as a diagram label, and a 100 KB
/// name made a PNG a million pixels wide.
pub const MAX_NAME_CHARS: usize = 200;

/// `text` cut to a few characters for an error message about its length.
pub(super) fn opening(text: &str) -> String {
    let mut out: String = text.chars().take(20).collect();
    out.push('…');
    out
}

/// The format versions this build reads: `1`, and `1.1`, which names the same format with its
/// later optional fields (open kinds, `part_of`, uncertain dates...) that `1` accepts too.
pub const FORMAT_VERSIONS: [&str; 2] = ["1", "1.1"];

/// What ids the file declares, for reference checks and suggestions.
struct Declared<'a> {
    actors: BTreeMap<&'a str, (&'a str, Option<ActorKind>)>,
    events: BTreeMap<&'a str, &'a str>,
    sources: BTreeMap<&'a str, &'a str>,
    /// Each alias and the first actor that gives it.
    aliases: BTreeMap<&'a str, &'a str>,
}

impl Declared<'_> {
    /// Checks that an actor id is declared, reporting it at `at` (or `fallback` when unknown).
    fn check_actor(&self, c: &mut Checker, id: &str, at: Position, fallback: Position) -> bool {
        if self.actors.contains_key(id) {
            return true;
        }
        let suggestion = did_you_mean(
            id,
            self.actors
                .iter()
                .map(|(id, (name, _))| (*id, Some(*name).filter(|n| !n.is_empty())))
                .chain(self.aliases.iter().map(|(alias, id)| (*id, Some(*alias)))),
        );
        let d = c.error(or(at, fallback), format!("unknown actor `{id}`"));
        d.help = Some(match suggestion {
            Some(s) => format!("did you mean {s}?"),
            None => "declare it under `actors:`, or correct the id".into(),
        });
        false
    }

    fn check_in(
        c: &mut Checker,
        table: &BTreeMap<&str, &str>,
        what: &str,
        section: &str,
        id: &str,
        at: Position,
    ) -> bool {
        if table.contains_key(id) {
            return true;
        }
        let suggestion = did_you_mean(
            id,
            table
                .iter()
                .map(|(id, t)| (*id, Some(*t).filter(|t| !t.is_empty()))),
        );
        let d = c.error(at, format!("unknown {what} `{id}`"));
        d.help = Some(match suggestion {
            Some(s) => format!("did you mean {s}?"),
            None => format!("declare it under `{section}:`, or correct the id"),
        });
        false
    }
}

fn ids<'a>(
    c: &mut Checker,
    field: &'a Field<OneOrMany>,
    name: &str,
) -> Option<Vec<(&'a str, Position)>> {
    let (many, at) = c.get(field, name)?;
    Some(id_list(c, &many.0, name, at))
}

/// The ids of a `source`/`sources` field (one id or a list), each checked against the declared
/// sources. Returns whether the field is well formed and every id declared, and the ids.
fn declared_sources<'a>(
    c: &mut Checker,
    declared: &Declared,
    field: &'a Field<OneOrMany>,
) -> (bool, Vec<(&'a str, Position)>) {
    let sources = ids(c, field, "sources");
    let mut ok = sources.is_some() || field.is_none();
    let sources = sources.unwrap_or_default();
    for (source, at) in &sources {
        ok &= Declared::check_in(c, &declared.sources, "source", "sources", source, *at);
    }
    (ok, sources)
}

/// The declared ids of a map section, reporting badly shaped and repeated keys.
fn keys<'a, V>(
    c: &mut Checker,
    entries: &'a Entries<V>,
    section: &str,
) -> Vec<Option<(&'a str, Position)>> {
    let mut first: HashMap<&str, Position> = HashMap::with_capacity(entries.0.len());
    let mut out = Vec::with_capacity(entries.0.len());
    for (key, _) in &entries.0 {
        let id = match &key.value {
            Got::Ok(Text(id)) if id.trim().is_empty() => {
                c.error(key.at, format!("an id in `{section}` cannot be empty"))
                    .help = Some("give it a short id such as `BLR` or `lukashenko`".into());
                None
            }
            Got::Ok(Text(id)) if id.chars().nth(MAX_ID_CHARS).is_some() => {
                c.error(
                    key.at,
                    format!(
                        "an id in `{section}` is {} characters long, more than {MAX_ID_CHARS}: `{}`",
                        id.chars().count(),
                        opening(id)
                    ),
                )
                .help = Some("use a short id such as `BLR` or `lukashenko`".into());
                None
            }
            Got::Ok(Text(id)) => Some(id.as_str()),
            Got::Wrong(found) => {
                c.error(
                    key.at,
                    format!("an id in `{section}` must be text, found {found}"),
                )
                .help = Some("use a short word such as `BLR` or `lukashenko`".into());
                None
            }
        };
        let id = id.and_then(|id| match first.get(id) {
            Some(earlier) => {
                c.error(
                    key.at,
                    format!(
                        "duplicate key `{id}` in `{section}`; the first is at line {}",
                        earlier.line
                    ),
                )
                .help = Some("ids must be unique: rename one, or merge the two".into());
                None
            }
            None => {
                first.insert(id, key.at);
                Some(id)
            }
        });
        out.push(id.map(|id| (id, key.at)));
    }
    out
}

fn title_of(field: &Field<Text>) -> &str {
    match field {
        Some(Located {
            value: Got::Ok(Text(t)),
            ..
        }) => t.as_str(),
        _ => "",
    }
}

/// Checks `raw` and builds the model, or returns every problem found. `root` is where the file's
/// map starts, for problems of the file as a whole.
pub fn validate(raw: &mut RawGraph, root: Position) -> Result<Graph, Vec<Diagnostic>> {
    let mut c = Checker {
        problems: Vec::new(),
    };
    c.strays(&raw.strays, RawGraph::NAMES, || {
        "the top level of the file".into()
    });
    let version = c.need(&raw.detente, "detente", root, || {
        (
            "the file does not say its format version".into(),
            "start the file with `detente: 1`",
        )
    });
    if let Some((super::raw::RawVersion(version), at)) = version
        && !FORMAT_VERSIONS.contains(&version.as_str())
    {
        c.error(at, format!("unsupported format version {version}"))
            .help = Some("this detente reads `detente: 1` and `detente: 1.1`".into());
    }
    let interpolation = c
        .interpolation(&raw.interpolation)
        .flatten()
        .unwrap_or_default();
    let scale = scale_of(&mut c, &raw.scale).unwrap_or_default();

    let empty_sources = Entries::default();
    let empty_actors = Entries::default();
    let empty_events = Entries::default();
    let sources = c
        .get(&raw.sources, "sources")
        .map_or(&empty_sources, |(s, _)| s);
    let actors = c
        .get(&raw.actors, "actors")
        .map_or(&empty_actors, |(a, _)| a);
    let events = c
        .get(&raw.events, "events")
        .map_or(&empty_events, |(e, _)| e);
    c.get(&raw.relations, "relations");
    let (relations, quick): (&mut [Located<Got<RawRelation>>], _) = match &mut raw.relations {
        Some(Located {
            value: Got::Ok(Relations::Located(r)),
            ..
        }) => (r, None),
        Some(Located {
            value: Got::Ok(Relations::Quick(r, ok)),
            ..
        }) => (&mut [], Some((std::mem::take(r), *ok))),
        _ => (&mut [], None),
    };

    let empty_kinds = Entries::default();
    let kinds = c
        .get(&raw.relation_kinds, "relation_kinds")
        .map_or(&empty_kinds, |(k, _)| k);
    let kind_ids = keys(&mut c, kinds, "relation_kinds");
    let relation_kinds = kinds::kinds_of(&mut c, kinds, &kind_ids);
    let source_ids = keys(&mut c, sources, "sources");
    let actor_ids = keys(&mut c, actors, "actors");
    let event_ids = keys(&mut c, events, "events");

    let declared = Declared {
        actors: actor_ids
            .iter()
            .zip(&actors.0)
            .filter_map(|(id, (_, actor))| {
                let (id, _) = (*id)?;
                let (name, kind) = match &actor.value {
                    Got::Ok(a) => (
                        title_of(&a.name),
                        match &a.kind {
                            Some(Located {
                                value: Got::Ok(Text(k)),
                                ..
                            }) => kind_of(k).ok(),
                            _ => None,
                        },
                    ),
                    Got::Wrong(_) => ("", None),
                };
                Some((id, (name, kind)))
            })
            .collect(),
        events: event_ids
            .iter()
            .zip(&events.0)
            .filter_map(|(id, (_, event))| {
                let (id, _) = (*id)?;
                Some((id, event.value_ok().map_or("", |e| title_of(&e.title))))
            })
            .collect(),
        sources: source_ids
            .iter()
            .zip(&sources.0)
            .filter_map(|(id, (_, source))| {
                let (id, _) = (*id)?;
                Some((id, source.value_ok().map_or("", |s| title_of(&s.title))))
            })
            .collect(),
        aliases: {
            let mut aliases = BTreeMap::new();
            for (id, (_, actor)) in actor_ids.iter().zip(&actors.0) {
                let (Some((id, _)), Some(actor)) = (id, actor.value_ok()) else {
                    continue;
                };
                let Some(Located {
                    value: Got::Ok(List(items)),
                    ..
                }) = &actor.aliases
                else {
                    continue;
                };
                for item in items {
                    if let Got::Ok(Text(alias)) = &item.value {
                        aliases.entry(alias.as_str()).or_insert(*id);
                    }
                }
            }
            aliases
        },
    };

    let mut graph = Graph {
        title: c.text(&raw.title, "title"),
        description: c.text(&raw.description, "description"),
        interpolation,
        scale,
        relation_kinds,
        ..Graph::default()
    };
    for (id, (_, source)) in source_ids.iter().zip(&sources.0) {
        let id = id.map_or("?", |(id, _)| id);
        let Some(s) = c.shaped(source, &format!("source `{id}`")) else {
            continue;
        };
        if let Some(s) = source_of(&mut c, id, source.at, s) {
            graph.sources.insert(id.into(), s);
        }
    }
    let mut part_of_at = BTreeMap::new();
    for (key, (_, actor)) in actor_ids.iter().zip(&actors.0) {
        let (id, at) = key.unwrap_or(("?", actor.at));
        let Some(a) = c.shaped(actor, &format!("actor `{id}`")) else {
            continue;
        };
        if let Some(a) = actor_of(&mut c, &declared, id, at, a, &mut part_of_at)
            && key.is_some()
        {
            graph.actors.insert(id.into(), a);
        }
    }
    part_of::cycles(&mut c, &graph.actors, &part_of_at);
    for (key, (_, event)) in event_ids.iter().zip(&events.0) {
        let (id, at) = key.unwrap_or(("?", event.at));
        let Some(e) = c.shaped(event, &format!("event `{id}`")) else {
            continue;
        };
        if let Some(e) = event_of(&mut c, &declared, id, at, e)
            && key.is_some()
        {
            graph.events.insert(id.into(), e);
        }
    }
    let mut shared = Shared::new(&declared, &graph.actors);
    graph.relations.reserve(relations.len());
    let mut positions = Vec::with_capacity(relations.len());
    for relation in relations.iter_mut() {
        if c.shaped(relation, "a relation").is_none() {
            continue;
        }
        let Got::Ok(r) = &mut relation.value else {
            continue;
        };
        if let Some(mut r) = relation_of(&mut c, &declared, scale, relation.at, r) {
            shared.share(&mut r);
            graph.relations.push(r);
            positions.push(relation.at);
        }
        // Free the raw relation now rather than with the whole file: on a large file the raw
        // relations and the model would otherwise both be in memory at the end.
        relation.value = Got::Ok(RawRelation::default());
    }
    if let Some((quick, ok)) = quick {
        if !ok {
            c.error(root, "a relation has a problem");
        }
        for mut r in quick {
            let declared_ends = shared.share(&mut r);
            let (a, b) = r.ends.pair();
            let valid = a != b && declared_ends;
            let series = std::mem::take(&mut r.series);
            let series = quick_series(&mut c, &declared, scale, series, valid, root);
            if let Some(series) = series {
                r.series = series;
                graph.relations.push(r);
                positions.push(root);
            }
        }
    }
    duplicate_relations(&mut c, &mut graph.relations, &positions);
    if c.problems.is_empty() {
        Ok(graph)
    } else {
        Err(c.problems)
    }
}

/// One copy of each actor id and relation kind, handed to every relation.
///
/// A relation read from text holds its own copies of its ends and kind: three allocations per
/// relation, and names that compare equal only by reading their text. Handing each relation its
/// actors' ids and one copy per kind instead lets what compares names (snapshots, diffs, the
/// check for a tie declared twice) find them equal by address.
struct Shared<'a> {
    /// Each declared actor id, with the id of its actor in the graph when it has one (an actor
    /// with a problem has none).
    actors: HashMap<&'a str, Option<Id>, foldhash::fast::RandomState>,
    /// Each kind met so far.
    kinds: HashSet<Name, foldhash::fast::RandomState>,
}

impl<'a> Shared<'a> {
    fn new(declared: &Declared<'a>, actors: &BTreeMap<Id, Actor>) -> Self {
        Shared {
            actors: declared
                .actors
                .keys()
                .map(|&id| (id, actors.get_key_value(id).map(|(id, _)| id.clone())))
                .collect(),
            kinds: HashSet::default(),
        }
    }

    /// Gives `r` the graph's copies of its ends and kind; whether both ends are declared.
    fn share(&mut self, r: &mut Relation) -> bool {
        let mut declared = true;
        let mut end = |id: &mut Id| match self.actors.get(id.as_str()) {
            Some(Some(shared)) => *id = shared.clone(),
            Some(None) => {}
            None => declared = false,
        };
        match &mut r.ends {
            Ends::Mutual(a, b) | Ends::Directed { from: a, to: b } => {
                end(a);
                end(b);
            }
        }
        match self.kinds.get(r.kind.as_str()) {
            Some(kind) => r.kind = kind.clone(),
            None => {
                self.kinds.insert(r.kind.clone());
            }
        }
        declared
    }
}

impl<T> Located<Got<T>> {
    pub(super) fn value_ok(&self) -> Option<&T> {
        match &self.value {
            Got::Ok(v) => Some(v),
            Got::Wrong(_) => None,
        }
    }
}

fn scale_of(c: &mut Checker, field: &Field<RawScale>) -> Option<Scale> {
    let (s, at) = c.get(field, "scale")?;
    c.strays(&s.strays, RawScale::NAMES, || "`scale`".into());
    let missing = |end: &'static str| {
        move || {
            (
                format!("`scale` needs `{end}:`"),
                "e.g. `scale: {min: -10, max: 10}`",
            )
        }
    };
    let min = c.need(&s.min, "min", at, missing("min"));
    let max = c.need(&s.max, "max", at, missing("max"));
    let (&min, _) = min?;
    let (&max, _) = max?;
    if min.is_finite() && max.is_finite() && min < max {
        Some(Scale { min, max })
    } else {
        c.error(at, "`scale` needs finite `min` < `max`").help =
            Some("e.g. `scale: {min: -10, max: 10}`".into());
        None
    }
}
