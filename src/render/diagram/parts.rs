//! The statements every diagram is built from: quoted attributes, nodes, edges and clusters, the
//! graph-wide header, and how an actor's node and a state's cluster look. The snapshot and the
//! diff diagrams both build on these, so the two pictures share one look.

use std::collections::{BTreeMap, BTreeSet};

use graphviz_rust::dot_structures::{
    Attribute, Edge, EdgeTy, GraphAttributes, Id, Node, NodeId, Stmt, Subgraph, Vertex,
};

use super::quote::{html_text, quoted};
use super::style;
use crate::snapshot::ActorNode;

/// The font of every text in the diagram; the built-in renderer measures and draws it the same
/// way on every machine.
pub(super) const FONT: &str = "Helvetica";

/// An attribute whose value is quoted; `key` is always one of our own Graphviz attribute names.
pub(crate) fn attr(key: &'static str, value: &str) -> Attribute {
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

/// Whether `actor` is a person placed nowhere on its snapshot's date: no post, and part of no
/// collective. Drawn with no tie either, such a person is a former official or one to be, whom
/// one date's diagram and the diff diagram leave out unless asked for every actor.
pub(super) fn unplaced_person(actor: &ActorNode) -> bool {
    actor.kind == crate::model::ActorKind::Person
        && actor.posts.is_empty()
        && actor.part_of.is_none()
}

/// Whether anything drawn in `container`'s cluster, at any depth, has a tie: the container,
/// one of its `members`, or (through `inner`, the collectives drawn inside each container) a
/// cluster nested in it. `depth` counts down to 0, bounding the walk should a graph built in
/// code hold a cycle of memberships (a loaded one cannot).
pub(super) fn cluster_live(
    container: &str,
    tied: &BTreeSet<&str>,
    members: &BTreeMap<&str, Vec<&ActorNode>>,
    inner: &BTreeMap<&str, Vec<&str>>,
    depth: usize,
) -> bool {
    tied.contains(container)
        || members
            .get(container)
            .is_some_and(|persons| persons.iter().any(|p| tied.contains(p.id.as_str())))
        || (depth > 0
            && inner.get(container).is_some_and(|inner_ones| {
                inner_ones
                    .iter()
                    .any(|c| cluster_live(c, tied, members, inner, depth - 1))
            }))
}

/// The attributes of a state's or organisation's cluster; `live` says whether anything in it
/// has a tie (otherwise its outline is faded).
///
/// The title is an HTML-like label in bold, so that the layout measures it in bold (a plain
/// label in `Helvetica-Bold` is measured as regular Helvetica by Graphviz's font tables, and
/// drawn wider than its box); it wraps after [`WRAP`] characters (a longer word is cut), so a
/// long name makes the box taller rather than far wider than its contents, and a name longer
/// than [`NAME_CHARS`] is cut with an ellipsis (the cluster's tooltip has it whole).
pub(super) fn cluster_attributes(name: &str, live: bool) -> Vec<Stmt> {
    let (shown, cut) = bounded(name, WRAP);
    let lines: Vec<String> = shown.lines().map(html_text).collect();
    let title = format!("<<B>{}</B>>", lines.join("<BR/>"));
    let mut attributes = vec![
        // Built from html_text only, so no name can open a tag.
        Stmt::Attribute(Attribute(Id::Plain("label".into()), Id::Html(title))),
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
        Stmt::Attribute(attr("fontname", FONT)),
    ];
    if cut {
        attributes.push(Stmt::Attribute(attr("tooltip", name)));
    }
    attributes
}

/// How an actor's node looks; `tied` says whether it has a tie on the date.
///
/// Every part of the label (the name, the post's title, the other posts) is [`bounded`]: lines
/// of at most [`NAME_LINE`] characters for the name and [`WRAP`] for titles, and at most
/// [`NAME_CHARS`] characters of each, so no name makes a huge node. When anything was cut the
/// tooltip gives the whole label.
pub(super) fn actor_attributes(actor: &ActorNode, tied: bool) -> Vec<Attribute> {
    let ink = if tied { style::INK } else { style::FADED };
    let (name, mut cut) = bounded(&actor.name, NAME_LINE);
    let mut whole = actor.name.clone();
    let mut attributes = match actor.kind {
        kind if kind.is_container() => vec![
            attr("label", &name),
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
        _ => {
            let mut label = name;
            // Each title is cut (not the line around it), then the line wrapped.
            let mut add = |title: &str, line: &dyn Fn(&str) -> String, label: &mut String| {
                let (shown, shortened) = cut_to_length(title);
                cut |= shortened;
                label.push('\n');
                label.push_str(&wrap_hard(&line(&shown), WRAP));
                whole.push('\n');
                whole.push_str(&line(title));
            };
            if let Some(post) = &actor.placement {
                add(&post.title, &|t| t.to_string(), &mut label);
            }
            // The other posts held on the date: the node sits in the primary post's cluster,
            // and its label says what else the person holds.
            for other in actor.posts.iter().filter(|p| {
                actor
                    .placement
                    .as_ref()
                    .is_none_or(|primary| primary.of != p.of || primary.title != p.title)
            }) {
                add(
                    &other.title,
                    &|t| format!("also: {t} ({})", other.of),
                    &mut label,
                );
            }
            vec![
                attr("label", &label),
                attr("style", if tied { "filled" } else { "filled,dashed" }),
            ]
        }
    };
    let tooltip = if cut {
        format!("{} ({})\n{whole}", actor.name, actor.id)
    } else {
        format!("{} ({})", actor.name, actor.id)
    };
    attributes.extend([
        attr("color", ink),
        attr("fontcolor", ink),
        attr("tooltip", &tooltip),
    ]);
    attributes
}

/// The most characters of a name, title or kind a diagram shows; a longer one is cut with an
/// ellipsis (its tooltip has it whole). Names of up to 60 characters are always shown whole.
pub(crate) const NAME_CHARS: usize = 60;

/// How wide the lines of an actor's name may be, in characters, before they wrap.
pub(super) const NAME_LINE: usize = 40;

/// `text` cut to [`NAME_CHARS`] characters (ending in `...` when it was longer: three ASCII
/// dots, which the layout's font tables measure, where they warn about `…` and measure it as
/// spaces) and
/// [`wrap_hard`]ed to lines of at most `line` characters, and whether it was cut. Text that
/// fits is returned as [`wrap`] gives it, so that short names look as they always did.
pub(crate) fn bounded(text: &str, line: usize) -> (String, bool) {
    let (text, cut) = cut_to_length(text);
    (wrap_hard(&text, line), cut)
}

/// `text` cut to [`NAME_CHARS`] characters as [`bounded`] cuts it, and whether it was cut.
fn cut_to_length(text: &str) -> (String, bool) {
    if text.chars().nth(NAME_CHARS).is_none() {
        return (text.to_string(), false);
    }
    let cut = text
        .chars()
        .take(NAME_CHARS - 3)
        .chain("...".chars())
        .collect();
    (cut, true)
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

/// [`wrap`], and then words longer than `width` cut into pieces of `width` characters, so that
/// no line is longer than `width`.
pub(super) fn wrap_hard(text: &str, width: usize) -> String {
    let width = width.max(1);
    let lines: Vec<String> = wrap(text, width)
        .lines()
        .flat_map(|line| {
            let chars: Vec<char> = line.chars().collect();
            if chars.is_empty() {
                return vec![String::new()];
            }
            chars
                .chunks(width)
                .map(|c| c.iter().collect())
                .collect::<Vec<String>>()
        })
        .collect();
    lines.join("\n")
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

    #[test]
    fn labels_are_bounded_in_width_and_length() {
        assert_eq!(bounded("Belarus", WRAP), ("Belarus".to_string(), false));
        let sixty = "The Extraordinarily Long Official Name of a Small Republic X";
        let (shown, cut) = bounded(sixty, WRAP);
        assert!(!cut && shown.replace('\n', " ") == sixty, "{shown}");
        let long = "x".repeat(200);
        let (shown, cut) = bounded(&long, NAME_LINE);
        assert!(cut);
        assert!(
            shown.lines().all(|l| l.chars().count() <= NAME_LINE),
            "{shown}"
        );
        assert_eq!(shown.replace('\n', "").chars().count(), NAME_CHARS);
        assert!(shown.ends_with("..."));
    }

    #[test]
    fn hard_wrapping_cuts_long_words() {
        assert_eq!(wrap_hard("Belarus", 24), "Belarus");
        assert_eq!(
            wrap_hard("Office of Sviatlana Tsikhanouskaya", 24),
            "Office of Sviatlana\nTsikhanouskaya"
        );
        assert_eq!(wrap_hard("abcdefg hi", 3), "abc\ndef\ng\nhi");
    }
}
