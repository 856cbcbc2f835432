//! Writing a model back as a graph file (YAML or JSON) that loads into the same model.
//!
//! Used by `scenario apply -o` and by the synthetic-graph generator. Points are written in flow
//! style (`- {date: 2020-02-01, weight: 0.2}`), one per line, as people write them by hand.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_saphyr::{FlowMap, FlowSeq};

use crate::model::{
    Actor, Attribute, Certainty, Date, Ends, Event, Graph, Interpolation, KindRules, KindStyle,
    Membership, Point, PointValue, Post, Relation, Scale, Source, Span,
};

#[derive(Serialize)]
struct FileOut<'a, P: Serialize, S: Serialize> {
    detente: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "is_step")]
    interpolation: Interpolation,
    #[serde(skip_serializing_if = "Option::is_none")]
    scale: Option<ScaleOut>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    sources: BTreeMap<&'a str, SourceOut<'a>>,
    actors: BTreeMap<&'a str, ActorOut<'a, P>>,
    relations: Vec<RelationOut<'a, S>>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    events: BTreeMap<&'a str, EventOut<'a>>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    relation_kinds: BTreeMap<&'a str, KindOut<'a>>,
}

/// A relation kind's rules as the file writes them: only what differs from the defaults.
#[derive(Serialize)]
struct KindOut<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    expires: Option<Span>,
    #[serde(skip_serializing_if = "Option::is_none")]
    signed: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    factor: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    stale: Option<Span>,
    #[serde(skip_serializing_if = "Option::is_none")]
    style: Option<FlowMap<&'a KindStyle>>,
}

fn kind_out(k: &KindRules) -> KindOut<'_> {
    KindOut {
        expires: k.expires,
        signed: (!k.signed).then_some(false),
        factor: (k.factor != 1.0).then_some(k.factor),
        stale: k.stale,
        style: k.style.as_ref().map(FlowMap),
    }
}

fn is_step(i: &Interpolation) -> bool {
    *i == Interpolation::Step
}

#[derive(Serialize)]
struct ScaleOut {
    min: f64,
    max: f64,
}

#[derive(Serialize)]
struct SourceOut<'a> {
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    publisher: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

/// An actor as the file writes it, under its id (shared with scenario files' `add_actor`).
#[derive(Serialize)]
pub(crate) struct ActorOut<'a, P: Serialize> {
    name: &'a str,
    kind: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    posts: Vec<P>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
    #[serde(skip_serializing_if = "is_empty_flow")]
    aliases: FlowSeq<Vec<&'a str>>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    attributes: &'a BTreeMap<String, Attribute>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    part_of: Vec<FlowMap<MembershipOut<'a>>>,
}

/// A start or end of a period as the file writes it: a date, `~DATE` or `unknown`.
#[derive(Serialize)]
#[serde(untagged)]
pub(crate) enum BoundOut {
    Exact(Date),
    Marked(String),
}

/// The bound written for `date` known with `certainty`; `None` when absent.
pub(crate) fn bound_out(date: Option<Date>, certainty: Certainty) -> Option<BoundOut> {
    match (date, certainty) {
        (_, Certainty::Unknown) => Some(BoundOut::Marked("unknown".into())),
        (Some(d), Certainty::Approximate) => Some(BoundOut::Marked(format!("~{d}"))),
        (Some(d), Certainty::Exact) => Some(BoundOut::Exact(d)),
        (None, _) => None,
    }
}

/// A `part_of` period as the file writes it (shared with scenario files' `add_part_of`).
#[derive(Serialize)]
pub(crate) struct MembershipOut<'a> {
    of: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    from: Option<BoundOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    until: Option<BoundOut>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    sources: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
}

pub(crate) fn membership_out(m: &Membership) -> MembershipOut<'_> {
    MembershipOut {
        of: &m.of,
        from: bound_out(m.from, m.from_certainty),
        until: bound_out(m.until, m.until_certainty),
        sources: m.sources.iter().map(crate::model::Name::as_str).collect(),
        note: m.note.as_deref(),
    }
}

/// A post as the file writes it (shared with scenario files' `add_actor` and `add_post`).
#[derive(Serialize)]
pub(crate) struct PostOut<'a> {
    title: &'a str,
    of: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    from: Option<BoundOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    until: Option<BoundOut>,
    #[serde(skip_serializing_if = "is_false")]
    primary: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    sources: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
}

fn is_empty_flow(list: &FlowSeq<Vec<&str>>) -> bool {
    list.0.is_empty()
}

fn is_false(b: &bool) -> bool {
    !*b
}

#[derive(Serialize)]
struct RelationOut<'a, S: Serialize> {
    #[serde(skip_serializing_if = "Option::is_none")]
    between: Option<Pair<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    from: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    to: Option<&'a str>,
    kind: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    interpolation: Option<Interpolation>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
    series: Vec<S>,
}

type Pair<'a> = FlowSeq<[&'a str; 2]>;

/// A series point as the file writes it (shared with scenario files' `add_relation`).
#[derive(Serialize)]
pub(crate) struct PointOut<'a> {
    date: Date,
    #[serde(skip_serializing_if = "Option::is_none")]
    weight: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    count: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    event: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    sources: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    confidence: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    range: Option<FlowSeq<[f64; 2]>>,
}

/// An event as the file writes it, under its id (shared with scenario files' `add_event`).
#[derive(Serialize)]
pub(crate) struct EventOut<'a> {
    date: Date,
    title: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    actors: Vec<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    sources: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
}

fn scale_out(scale: Scale) -> Option<ScaleOut> {
    (scale != Scale::default()).then_some(ScaleOut {
        min: scale.min,
        max: scale.max,
    })
}

fn source_out(s: &Source) -> SourceOut<'_> {
    SourceOut {
        title: &s.title,
        publisher: s.publisher.as_deref(),
        date: s.date,
        url: s.url.as_deref(),
    }
}

pub(crate) fn post_out(p: &Post) -> PostOut<'_> {
    PostOut {
        title: &p.title,
        of: &p.of,
        from: bound_out(p.from, p.from_certainty),
        until: bound_out(p.until, p.until_certainty),
        primary: p.primary,
        sources: p.sources.iter().map(crate::model::Name::as_str).collect(),
        note: p.note.as_deref(),
    }
}

pub(crate) fn point_out(p: &Point) -> PointOut<'_> {
    let (weight, end) = match p.value() {
        PointValue::Weight(w) => (Some(w), None),
        PointValue::End => (None, Some(true)),
    };
    PointOut {
        date: p.date,
        weight,
        end,
        count: p.count(),
        event: p.event(),
        sources: p.sources().iter().map(crate::model::Name::as_str).collect(),
        note: p.note(),
        confidence: p.confidence(),
        range: p.range().map(FlowSeq),
    }
}

pub(crate) fn event_out(e: &Event) -> EventOut<'_> {
    EventOut {
        date: e.date,
        title: &e.title,
        actors: e.actors.iter().map(crate::model::Name::as_str).collect(),
        sources: e.sources.iter().map(crate::model::Name::as_str).collect(),
        description: e.description.as_deref(),
    }
}

pub(crate) fn actor_out<'a, P: Serialize>(
    a: &'a Actor,
    post: impl Fn(&'a Post) -> P,
) -> ActorOut<'a, P> {
    ActorOut {
        name: &a.name,
        kind: a.kind.as_str(),
        posts: a.posts.iter().map(post).collect(),
        note: a.note.as_deref(),
        aliases: FlowSeq(a.aliases.iter().map(String::as_str).collect()),
        attributes: &a.attributes,
        part_of: a
            .part_of
            .iter()
            .map(|m| FlowMap(membership_out(m)))
            .collect(),
    }
}

fn file_out<'a, P: Serialize, S: Serialize>(
    graph: &'a Graph,
    post: impl Fn(&'a Post) -> P,
    point: impl Fn(&'a Point) -> S,
) -> FileOut<'a, P, S> {
    let relation = |r: &'a Relation| {
        let (between, from, to) = match &r.ends {
            Ends::Mutual(a, b) => (Some(FlowSeq([a.as_str(), b.as_str()])), None, None),
            Ends::Directed { from, to } => (None, Some(from.as_str()), Some(to.as_str())),
        };
        RelationOut {
            between,
            from,
            to,
            kind: &r.kind,
            interpolation: r.interpolation,
            note: r.note.as_deref(),
            series: r.series.iter().map(&point).collect(),
        }
    };
    let actor = |a: &'a Actor| actor_out(a, &post);
    FileOut {
        detente: super::FORMAT_VERSION,
        title: graph.title.as_deref(),
        description: graph.description.as_deref(),
        interpolation: graph.interpolation,
        scale: scale_out(graph.scale),
        sources: graph
            .sources
            .iter()
            .map(|(k, v)| (k.as_str(), source_out(v)))
            .collect(),
        actors: graph
            .actors
            .iter()
            .map(|(k, v)| (k.as_str(), actor(v)))
            .collect(),
        relations: graph.relations.iter().map(relation).collect(),
        events: graph
            .events
            .iter()
            .map(|(k, v)| (k.as_str(), event_out(v)))
            .collect(),
        relation_kinds: graph
            .relation_kinds
            .iter()
            .map(|(k, v)| (k.as_str(), kind_out(v)))
            .collect(),
    }
}

/// Why a model could not be written.
#[derive(Debug, thiserror::Error)]
#[error("cannot write the graph: {0}")]
pub struct WriteError(String);

/// The graph as a YAML graph file; loading the text gives back an equal model.
///
/// ```
/// let text = "detente: 1\nactors:\n  A: {name: A, kind: state}\n  B: {name: B, kind: state}\n\
///             relations:\n  - between: [A, B]\n    series: [{date: 2020-02, weight: 0.5}]\n";
/// let model = detente::load::load_str(text, "a.yaml").unwrap();
/// let written = detente::load::to_yaml(&model).unwrap();
/// assert!(written.contains("- {date: 2020-02, weight: 0.5}"));
/// assert_eq!(detente::load::load_str(&written, "b.yaml").unwrap(), model);
/// ```
pub fn to_yaml(graph: &Graph) -> Result<String, WriteError> {
    let file = file_out(graph, |p| FlowMap(post_out(p)), |p| FlowMap(point_out(p)));
    serde_saphyr::to_string(&file).map_err(|e| WriteError(e.to_string()))
}

/// The graph as a JSON graph file (for `.json`); loading it gives back an equal model.
pub fn to_json(graph: &Graph) -> Result<String, WriteError> {
    let file = file_out(graph, post_out, point_out);
    let mut text = serde_json::to_string_pretty(&file).map_err(|e| WriteError(e.to_string()))?;
    text.push('\n');
    Ok(text)
}
