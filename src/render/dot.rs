//! A snapshot as a Graphviz DOT diagram, built with graphviz-rust's DOT types and printer.
//!
//! What is drawn (docs/rendering.md has the full description):
//! - every state and organisation is a cluster labelled with its name; inside it, a box node
//!   stands for the state itself and carries its ties with other actors;
//! - each person holding a post on the date is drawn inside the cluster of that post's state,
//!   labelled with their name and the post's title; persons without a post stand outside;
//! - ties are coloured by sign, as wide as their |weight| and styled by kind
//!   ([`super::style`]); directed ties have arrows, mutual ties none;
//! - actors with no tie on the date are drawn faded, so frames of one graph are comparable;
//! - a title (the graph's title and the date) and a legend ([`super::legend`]).
//!
//! Every id, label and attribute value goes through [`quoted`]; node ids are generated (`n0`,
//! `n1`, ... in actor-id order), so no user text is ever a DOT identifier.

use std::collections::{BTreeMap, BTreeSet};

use graphviz_rust::dot_structures::{
    Attribute, Edge, EdgeTy, Graph, GraphAttributes, Id, Node, NodeId, Stmt, Subgraph, Vertex,
};
use graphviz_rust::printer::{DotPrinter, PrinterContext};

use super::legend;
use super::quote::quoted;
use super::style;
use crate::model::ActorKind;
use crate::snapshot::{ActorNode, Aggregation, Snapshot, Tie};

/// What the edges of a diagram are labelled with.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum EdgeLabels {
    /// The weight on the date, signed (`+0.20`).
    #[default]
    Weights,
    /// The relation's kind.
    Kinds,
    /// No edge labels.
    None,
}

/// How a diagram is drawn.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DotOptions {
    /// What edges are labelled with.
    pub labels: EdgeLabels,
    /// Set when the snapshot was rolled up to states, to say so in the title.
    pub rolled_up: Option<Aggregation>,
}

/// The font of every text in the diagram; the built-in renderer measures and draws it the same
/// way on every machine.
pub(super) const FONT: &str = "Helvetica";

/// An attribute whose value is quoted; `key` is always one of our own Graphviz attribute names.
pub(super) fn attr(key: &'static str, value: &str) -> Attribute {
    Attribute(Id::Plain(key.to_string()), quoted(value))
}

/// A node statement.
pub(super) fn node(id: &str, attributes: Vec<Attribute>) -> Stmt {
    Stmt::Node(Node::new(NodeId(quoted(id), None), attributes))
}

/// An edge statement.
pub(super) fn edge(from: &str, to: &str, attributes: Vec<Attribute>) -> Stmt {
    Stmt::Edge(Edge {
        ty: EdgeTy::Pair(
            Vertex::N(NodeId(quoted(from), None)),
            Vertex::N(NodeId(quoted(to), None)),
        ),
        attributes,
    })
}

/// A subgraph statement (a cluster when `id` starts with `cluster`).
pub(super) fn subgraph(id: &str, stmts: Vec<Stmt>) -> Stmt {
    Stmt::Subgraph(Subgraph {
        id: quoted(id),
        stmts,
    })
}

/// The diagram of `snapshot` as DOT text. The same snapshot and options give the same bytes.
///
/// Runs in O(V log V + E log E).
///
/// ```
/// use detente::render::dot::{DotOptions, dot};
/// let model = detente::load::load_str(
///     "detente: 1\nactors:\n  A: {name: Alpha, kind: state}\n  B: {name: Beta, kind: state}\n\
///      relations:\n  - between: [A, B]\n    series: [{date: 2020, weight: -0.5}]\n",
///     "example.yaml",
/// )?;
/// let snapshot = detente::snapshot::Snapshot::at(&model, "2021".parse()?);
/// let text = dot(&snapshot, &DotOptions::default());
/// assert!(text.contains(r#"label="Alpha""#));
/// assert!(graphviz_rust::parse(&text).is_ok());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn dot(snapshot: &Snapshot, options: &DotOptions) -> String {
    let mut text = diagram(snapshot, options).print(&mut PrinterContext::default());
    text.push('\n');
    text
}

/// The diagram of `snapshot` as a graphviz-rust graph (what [`dot`] prints).
pub fn diagram(snapshot: &Snapshot, options: &DotOptions) -> Graph {
    let ids: BTreeMap<&str, String> = snapshot
        .actors()
        .enumerate()
        .map(|(i, actor)| (actor.id.as_str(), format!("n{i}")))
        .collect();
    let tied: BTreeSet<&str> = snapshot
        .ties()
        .into_iter()
        .flat_map(|(a, b, _)| [a.id.as_str(), b.id.as_str()])
        .collect();

    // Persons placed in a state that is drawn, by state; everyone else stands on their own.
    let (members, loose) = group_by_container(snapshot.actors(), |actor| {
        let p = actor.placement.as_ref()?;
        let node = snapshot.node(&p.of)?;
        snapshot.graph[node]
            .kind
            .is_container()
            .then_some(p.of.as_str())
    });

    let mut stmts = header(snapshot, options);
    for (container, persons) in &members {
        let Some(state) = snapshot.node(container).map(|n| &snapshot.graph[n]) else {
            continue;
        };
        let id = &ids[state.id.as_str()];
        let live = tied.contains(state.id.as_str())
            || persons.iter().any(|p| tied.contains(p.id.as_str()));
        let mut inside = cluster_attributes(&state.name, live);
        inside.push(node(
            id,
            actor_attributes(state, tied.contains(state.id.as_str())),
        ));
        for person in persons {
            inside.push(node(
                &ids[person.id.as_str()],
                actor_attributes(person, tied.contains(person.id.as_str())),
            ));
        }
        stmts.push(subgraph(&format!("cluster_{id}"), inside));
    }
    for actor in loose {
        stmts.push(node(
            &ids[actor.id.as_str()],
            actor_attributes(actor, tied.contains(actor.id.as_str())),
        ));
    }
    for (a, b, tie) in snapshot.ties() {
        let (Some(from), Some(to)) = (ids.get(a.id.as_str()), ids.get(b.id.as_str())) else {
            continue;
        };
        stmts.push(edge(from, to, tie_attributes(a, b, tie, snapshot, options)));
    }
    let kinds: BTreeSet<&str> = snapshot
        .ties()
        .into_iter()
        .map(|(_, _, t)| t.key.kind.as_str())
        .collect();
    stmts.push(legend::legend(&kinds, snapshot.scale));
    Graph::DiGraph {
        id: quoted("detente"),
        strict: false,
        stmts,
    }
}

/// The graph-wide attributes of a snapshot's diagram.
fn header(snapshot: &Snapshot, options: &DotOptions) -> Vec<Stmt> {
    let mut subtitle = format!("as of {}", snapshot.date);
    if let Some(aggregation) = options.rolled_up {
        subtitle.push_str(&format!(
            ", officials' ties rolled up into their states ({})",
            aggregation.as_str()
        ));
    }
    let title = match &snapshot.title {
        Some(title) => format!("{title}\n{subtitle}"),
        None => subtitle,
    };
    header_with_title(&title)
}

/// The graph-wide attributes shared by every diagram: the title, fonts, spacing.
pub(super) fn header_with_title(title: &str) -> Vec<Stmt> {
    vec![
        Stmt::GAttribute(GraphAttributes::Graph(vec![
            attr("label", title),
            attr("labelloc", "t"),
            attr("rankdir", "LR"),
            attr("fontname", "Helvetica-Bold"),
            attr("fontsize", "16"),
            attr("fontcolor", style::INK),
            attr("bgcolor", "white"),
            attr("pad", "0.3"),
            attr("nodesep", "0.4"),
            attr("ranksep", "0.7"),
            attr("newrank", "true"),
            attr("outputorder", "edgesfirst"),
            attr("overlap", "false"),
        ])),
        Stmt::GAttribute(GraphAttributes::Node(vec![
            attr("fontname", FONT),
            attr("fontsize", "11"),
            attr("shape", "ellipse"),
            attr("style", "filled"),
            attr("fillcolor", "white"),
        ])),
        Stmt::GAttribute(GraphAttributes::Edge(vec![
            attr("fontname", FONT),
            attr("fontsize", "9"),
            attr("arrowsize", "0.7"),
        ])),
    ]
}

/// Actors grouped for drawing: persons that `container_of` places in a container (a state or
/// organisation that is itself drawn) by that container, every container with its (possibly
/// empty) list, and everyone else standing on their own. Iteration order is kept.
pub(super) fn group_by_container<'a>(
    actors: impl Iterator<Item = &'a ActorNode>,
    container_of: impl Fn(&'a ActorNode) -> Option<&'a str>,
) -> (BTreeMap<&'a str, Vec<&'a ActorNode>>, Vec<&'a ActorNode>) {
    let mut members: BTreeMap<&str, Vec<&ActorNode>> = BTreeMap::new();
    let mut loose: Vec<&ActorNode> = Vec::new();
    for actor in actors {
        if actor.kind.is_container() {
            members.entry(&actor.id).or_default();
            continue;
        }
        match container_of(actor) {
            Some(of) => members.entry(of).or_default().push(actor),
            None => loose.push(actor),
        }
    }
    (members, loose)
}

/// The attributes of a state's or organisation's cluster; `live` says whether anything in it
/// has a tie (otherwise its outline is faded).
pub(super) fn cluster_attributes(name: &str, live: bool) -> Vec<Stmt> {
    vec![
        Stmt::Attribute(attr("label", name)),
        Stmt::Attribute(attr("style", "rounded")),
        Stmt::Attribute(attr(
            "color",
            if live {
                style::CLUSTER_LINE
            } else {
                style::FADED
            },
        )),
        Stmt::Attribute(attr("fontcolor", style::INK)),
        Stmt::Attribute(attr("fontname", "Helvetica-Bold")),
    ]
}

/// How an actor's node looks; `tied` says whether it has a tie on the date.
pub(super) fn actor_attributes(actor: &ActorNode, tied: bool) -> Vec<Attribute> {
    let ink = if tied { style::INK } else { style::FADED };
    let mut attributes = match actor.kind {
        ActorKind::State | ActorKind::Organisation => vec![
            attr("label", &actor.name),
            attr("shape", "box"),
            attr(
                "style",
                if tied {
                    "rounded,filled"
                } else {
                    "rounded,filled,dashed"
                },
            ),
            attr("fillcolor", if tied { style::STATE_FILL } else { "white" }),
        ],
        ActorKind::Person => {
            let label = match &actor.placement {
                Some(post) => format!("{}\n{}", actor.name, wrap(&post.title, WRAP)),
                None => actor.name.clone(),
            };
            vec![
                attr("label", &label),
                attr("style", if tied { "filled" } else { "filled,dashed" }),
            ]
        }
    };
    attributes.extend([
        attr("color", ink),
        attr("fontcolor", ink),
        attr("tooltip", &format!("{} ({})", actor.name, actor.id)),
    ]);
    attributes
}

/// Post titles longer than this many characters are wrapped onto more lines, so that a long
/// title does not make its node (and the whole diagram) wide.
pub(super) const WRAP: usize = 24;

/// `text` with spaces turned into line breaks so that no line exceeds `width` characters
/// (a single longer word stays whole). Existing line breaks are kept.
pub(super) fn wrap(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let mut used = 0;
        for (j, word) in line.split(' ').enumerate() {
            let len = word.chars().count();
            if j > 0 && used + 1 + len > width {
                out.push('\n');
                used = 0;
            } else if j > 0 {
                out.push(' ');
                used += 1;
            }
            out.push_str(word);
            used += len;
        }
    }
    out
}

/// How a tie's edge looks.
fn tie_attributes(
    from: &ActorNode,
    to: &ActorNode,
    tie: &Tie,
    snapshot: &Snapshot,
    options: &DotOptions,
) -> Vec<Attribute> {
    let weight = style::weight_label(tie.weight);
    let mut attributes = vec![
        attr("color", style::colour(tie.weight)),
        attr(
            "penwidth",
            &format!("{:.2}", style::width(tie.weight, snapshot.scale)),
        ),
        attr("style", style::line_style(&tie.key.kind)),
    ];
    if !tie.directed() {
        attributes.push(attr("dir", "none"));
    }
    match options.labels {
        EdgeLabels::Weights => attributes.push(attr("label", &weight)),
        EdgeLabels::Kinds => attributes.push(attr("label", &tie.key.kind)),
        EdgeLabels::None => {}
    }
    if options.labels != EdgeLabels::None {
        attributes.push(attr("fontcolor", style::colour(tie.weight)));
    }
    let arrow = if tie.directed() { "→" } else { "—" };
    attributes.push(attr(
        "tooltip",
        &format!(
            "{} {arrow} {} ({}): {weight}",
            from.name, to.name, tie.key.kind
        ),
    ));
    attributes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_titles_wrap_at_spaces() {
        assert_eq!(wrap("President", 24), "President");
        assert_eq!(
            wrap("Deputy to the Special Presidential Envoy for Ukraine", 24),
            "Deputy to the Special\nPresidential Envoy for\nUkraine"
        );
        assert_eq!(
            wrap("Supercalifragilistic word", 5),
            "Supercalifragilistic\nword"
        );
        assert_eq!(wrap("a\nb c", 1), "a\nb\nc");
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;
    use crate::model::{Actor, Date, Ends, Graph as Model, Point, Post, Relation};

    /// A model of two states and a placed person, named by the property's inputs.
    fn model(state: &str, person: &str, title: &str, kind: &str) -> Model {
        let actor = |id: &str, name: &str, kind, posts| Actor {
            id: id.into(),
            name: name.into(),
            kind,
            posts,
            note: None,
        };
        let mut model = Model {
            title: Some(state.into()),
            ..Model::default()
        };
        let post = Post {
            title: title.into(),
            of: "A".into(),
            from: None,
            until: None,
        };
        for a in [
            actor("A", state, ActorKind::State, vec![]),
            actor("B", person, ActorKind::State, vec![]),
            actor("p", person, ActorKind::Person, vec![post]),
        ] {
            model.actors.insert(a.id.clone(), a);
        }
        let date: Date = "2020".parse().expect("a date");
        for ends in [
            Ends::Mutual("A".into(), "B".into()),
            Ends::Directed {
                from: "p".into(),
                to: "B".into(),
            },
        ] {
            model.relations.push(Relation {
                ends,
                kind: kind.into(),
                interpolation: None,
                series: vec![Point::weight(date, -0.5)],
                note: None,
            });
        }
        model
    }

    proptest! {
        /// Whatever the names, the DOT parses, and every statement of the diagram survives
        /// (no name can end a statement or add one).
        #[test]
        fn any_names_give_dot_that_parses_to_the_same_statements(
            state in ".{0,20}", person in ".{0,20}", title in ".{0,20}", kind in ".{0,12}",
        ) {
            let model = model(&state, &person, &title, &kind);
            let snapshot = Snapshot::at(&model, "2021".parse().expect("a date"));
            let built = diagram(&snapshot, &DotOptions::default());
            let text = dot(&snapshot, &DotOptions::default());
            let parsed = graphviz_rust::parse(&text);
            prop_assert!(parsed.is_ok(), "{:?}\n{}", parsed.err(), text);
            let count = |g: &Graph| match g {
                Graph::Graph { stmts, .. } | Graph::DiGraph { stmts, .. } => stmts.len(),
            };
            prop_assert_eq!(count(&built), count(&parsed.expect("checked")));
        }
    }
}
