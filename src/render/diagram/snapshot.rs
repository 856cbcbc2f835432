//! A snapshot as a Graphviz DOT diagram, built with graphviz-rust's DOT types and printer.
//!
//! What is drawn (docs/rendering.md has the full description):
//! - every state and organisation is a cluster labelled with its name; inside it, a box node
//!   stands for the state itself and carries its ties with other actors;
//! - each person holding a post on the date is drawn inside the cluster of that post's state,
//!   labelled with their name and the post's title; persons without a post stand outside;
//! - ties are coloured by sign, as wide as their |weight| and styled by kind
//!   (`super::style`); directed ties have arrows, mutual ties none;
//! - actors with no tie on the date are drawn faded, so frames of one graph are comparable;
//! - a title (the graph's title and the date) and a legend (`super::legend`).
//!
//! Every id, label and attribute value goes through `quoted`; node ids are generated (`n0`,
//! `n1`, ... in actor-id order), so no user text is ever a DOT identifier.

use std::collections::{BTreeMap, BTreeSet};

use graphviz_rust::dot_structures::{Attribute, Graph, Stmt};
use graphviz_rust::printer::{DotPrinter, PrinterContext};

use super::legend;
use super::parts::{
    actor_attributes, attr, cluster_attributes, edge, group_by_container, header_with_title, node,
    subgraph,
};
use super::quote::quoted;
use super::style;
use crate::render::format;
use crate::snapshot::{ActorNode, Aggregation, Snapshot, Tie};

/// What the edges of a diagram are labelled with.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
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

/// The diagram of `snapshot` as DOT text. The same snapshot and options give the same bytes.
///
/// Runs in O(V log V + E log E).
///
/// ```
/// use detente::render::diagram::{DotOptions, dot};
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

/// How a tie's edge looks.
fn tie_attributes(
    from: &ActorNode,
    to: &ActorNode,
    tie: &Tie,
    snapshot: &Snapshot,
    options: &DotOptions,
) -> Vec<Attribute> {
    let weight = format::weight_label(tie.weight);
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
mod properties {
    use proptest::prelude::*;

    use super::*;
    use crate::model::{Actor, ActorKind, Date, Ends, Graph as Model, Point, Post, Relation};

    /// A model of two states and a placed person, named by the property's inputs.
    fn model(state: &str, person: &str, title: &str, kind: &str) -> Model {
        let actor = |id: &str, name: &str, kind, posts| Actor {
            id: id.into(),
            name: name.into(),
            kind,
            posts,
            note: None,
            aliases: Vec::new(),
            attributes: Default::default(),
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
            ..Default::default()
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
