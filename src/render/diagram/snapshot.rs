//! A snapshot as a Graphviz DOT diagram, built with graphviz-rust's DOT types and printer.
//!
//! What is drawn (docs/rendering.md has the full description):
//! - every collective (state, organisation, group...) is a cluster labelled with its name; inside
//!   it, a box node stands for the collective itself and carries its ties with other actors;
//! - each person holding a post on the date is drawn inside the cluster of that post's state,
//!   labelled with their name and the post's title; persons without a post stand outside;
//! - a collective `part_of` another on the date is drawn as a cluster inside that one's cluster
//!   (nested: the IRGC's people inside the IRGC inside Iran);
//! - ties are coloured by sign, as wide as their |weight| and styled by kind
//!   (`super::style`); directed ties have arrows, mutual ties none;
//! - actors with no tie on the date are drawn faded, so frames of one graph are comparable;
//! - a title (the graph's title and the date) and a legend (`super::legend`).
//!
//! Every id, label and attribute value goes through `quoted`; node ids are generated (`n0`,
//! `n1`, ... in actor-id order), so no user text is ever a DOT identifier.

use std::collections::{BTreeMap, BTreeSet};

use graphviz_rust::dot_structures::{Attribute, Graph, GraphAttributes, Id, Stmt};
use graphviz_rust::printer::{DotPrinter, PrinterContext};

use super::image::PngSize;
use super::legend;
use super::membership::{self, Membership};
use super::parts::{
    FONT, WRAP, actor_attributes, attr, bounded, cluster_attributes, cluster_live, edge,
    group_by_container, header_with_title, node, subgraph, unplaced_person,
};
use super::quote::{html_text, quote_into, quoted};
use super::style;
use crate::explain::{CitedPoint, Citer};
use crate::model::{KindRules, RelationKey};
use crate::render::format;
use crate::snapshot::{ActorNode, Aggregation, KindPlaces, Snapshot, Tie};

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
#[derive(Debug, Clone, Copy, Default)]
pub struct DotOptions<'a> {
    /// What edges are labelled with.
    pub labels: EdgeLabels,
    /// Set when the snapshot was rolled up to states, to say so in the title.
    pub rolled_up: Option<Aggregation>,
    /// Each tie's point in force ([`points_in_force`]): its event and sources go into the
    /// edge's tooltip.
    pub sources: Option<&'a TiePoints>,
    /// Finds each tie's point in force as its edge is written, as [`points_in_force`] would,
    /// when `sources` is not given: the citer of the graph the snapshot was taken of. (The
    /// points of a large snapshot are then never all held at once.)
    pub citer: Option<&'a Citer<'a>>,
    /// Adds a "Sources: ..." line under the diagram listing the sources of the ties drawn (needs
    /// `sources` or `citer`).
    pub sources_note: bool,
    /// A line of text under the diagram (the title moves there too, above it).
    pub caption: Option<&'a str>,
    /// Leaves out actors with no tie on the date (a collective stays when anyone drawn in its
    /// box has one).
    pub hide_inactive: bool,
    /// Leaves out the people who hold no post and have no tie on the date (former officials and
    /// officials to be, who are otherwise drawn faded beside the boxes); the legend counts them.
    /// What `render` does for one date unless asked for every actor.
    pub leave_out_idle: bool,
    /// Joins each member without a tie to its collective's node by an invisible edge, so that
    /// `dot` draws it beside that node rather than in the first layer, with the box stretched
    /// across the diagram between them. For a diagram that stands alone: frames and the HTML
    /// story place every actor from one shared layout, and match its edges to ties.
    pub anchor_untied: bool,
    /// Draws on a transparent background rather than white.
    pub transparent: bool,
    /// The resolution of a PNG, in dots per inch (the renderer's default, 72 built in, when `None`).
    pub dpi: Option<u32>,
    /// Scales a PNG to this many pixels wide or high (instead of `dpi`).
    pub png_size: Option<PngSize>,
    /// Members in their collective's box, or beside it joined by a wedge (for layouts that do
    /// not draw clusters: [`Membership::for_layout`]).
    pub membership: Membership,
}

/// Options are equal when they say the same; their citers when they are the same citer.
impl PartialEq for DotOptions<'_> {
    fn eq(&self, other: &Self) -> bool {
        let DotOptions {
            labels,
            rolled_up,
            sources,
            citer,
            sources_note,
            caption,
            hide_inactive,
            leave_out_idle,
            anchor_untied,
            transparent,
            dpi,
            png_size,
            membership,
        } = self;
        *labels == other.labels
            && *rolled_up == other.rolled_up
            && *sources == other.sources
            && citer.map(std::ptr::from_ref) == other.citer.map(std::ptr::from_ref)
            && *sources_note == other.sources_note
            && *caption == other.caption
            && *hide_inactive == other.hide_inactive
            && *leave_out_idle == other.leave_out_idle
            && *anchor_untied == other.anchor_untied
            && *transparent == other.transparent
            && *dpi == other.dpi
            && *png_size == other.png_size
            && *membership == other.membership
    }
}

/// Where a diagram's points in force come from: given ([`DotOptions::sources`], which wins),
/// found as they are needed ([`DotOptions::citer`]), or nowhere.
#[derive(Clone, Copy)]
enum PointsFrom<'a> {
    Given(&'a TiePoints),
    Found(&'a Citer<'a>),
    Nowhere,
}

impl<'a> DotOptions<'a> {
    fn points_from(&self) -> PointsFrom<'a> {
        match (self.sources, self.citer) {
            (Some(points), _) => PointsFrom::Given(points),
            (None, Some(citer)) => PointsFrom::Found(citer),
            (None, None) => PointsFrom::Nowhere,
        }
    }
}

/// Each tie's point in force, by key.
pub type TiePoints = BTreeMap<RelationKey, CitedPoint>;

/// The point in force of each tie of `snapshot`, cited by `citer` (the graph the snapshot was
/// taken of). Ties a roll-up made have no point of their own and are left out.
pub fn points_in_force(snapshot: &Snapshot, citer: &Citer) -> TiePoints {
    // Looked up on all cores; the ties come in key order, which the map is then built from.
    use rayon::prelude::*;
    let points: Vec<(RelationKey, CitedPoint)> = snapshot
        .ties()
        .par_iter()
        .with_min_len(1024)
        .filter_map(|(_, _, t)| Some((t.key.clone(), citer.tie_in_force(t, snapshot.date)?)))
        .collect();
    points.into_iter().collect()
}

/// How many sources the note under a diagram names before "and N more".
const NOTE_SOURCES: usize = 8;

/// The "Sources: ..." line: the titles of the sources of the ties drawn, each once, in the order
/// of the ties (by key) and of each point's sources.
fn sources_note<'p>(points: impl IntoIterator<Item = &'p CitedPoint>) -> Option<String> {
    let mut titles: Vec<&str> = Vec::new();
    for point in points {
        for source in &point.sources {
            if !titles.contains(&source.title.as_str()) {
                titles.push(&source.title);
            }
        }
    }
    if titles.is_empty() {
        return None;
    }
    let shown = titles.len().min(NOTE_SOURCES);
    let mut note = format!("Sources: {}", titles[..shown].join("; "));
    if titles.len() > shown {
        note.push_str(&format!(" and {} more", titles.len() - shown));
    }
    Some(note)
}

/// The diagram of `snapshot` as DOT text. The same snapshot and options give the same bytes.
///
/// Runs in O(V log V + E log E). Past 2,000 ties the tie edges are written straight
/// into the text rather than built as graphviz-rust statements first; the bytes are the same.
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
    dot_by(
        snapshot,
        options,
        snapshot.graph.edge_count() > STREAM_ABOVE,
    )
}

/// [`dot`] written to `out` as it is made, so that the DOT of a large snapshot (hundreds of
/// megabytes) is never held whole in memory (give a buffered writer). The same bytes as
/// [`dot`]; fails only when `out` does.
pub fn write_dot(
    snapshot: &Snapshot,
    options: &DotOptions,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    write_dot_by(
        snapshot,
        options,
        snapshot.graph.edge_count() > STREAM_ABOVE,
        out,
    )
}

/// Past this many ties, [`dot`] streams the tie edges: a million of them built as statements
/// (a few strings each) and printed by joining took seconds; written straight, a fraction.
/// [`dot`]'s documentation quotes this number.
const STREAM_ABOVE: usize = 2_000;

/// [`dot`], streaming the tie edges or not (the tests compare both ways).
fn dot_by(snapshot: &Snapshot, options: &DotOptions, stream: bool) -> String {
    let mut bytes = Vec::new();
    // Into memory: writing cannot fail.
    let _ = write_dot_by(snapshot, options, stream, &mut bytes);
    // Every piece written is a `str`.
    String::from_utf8(bytes).unwrap_or_default()
}

/// [`write_dot`], streaming the tie edges or not.
fn write_dot_by(
    snapshot: &Snapshot,
    options: &DotOptions,
    stream: bool,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let parts = Parts::new(snapshot, options);
    if !stream {
        let text = parts.graph().print(&mut PrinterContext::default());
        out.write_all(text.as_bytes())?;
        return out.write_all(b"\n");
    }
    let Parts { head, tail, edges } = parts;
    let mut text = String::with_capacity(4096);
    text.push_str("digraph ");
    quote_into(&mut text, GRAPH_ID);
    text.push_str(" {\n");
    text.push_str(&top_level(head));
    out.write_all(text.as_bytes())?;
    // The edges' text is made on all cores, a window of runs at a time (so that only a window is
    // ever held), and written in tie order: the same bytes as one thread's.
    crate::render::runs::write_in_runs(
        edges.ties.len(),
        EDGES_PER_RUN,
        |run| {
            let mut text = String::with_capacity(run.len() * 192);
            edges.each_edge(run, |from, to, attributes| {
                push_edge(&mut text, from, to, attributes)
            });
            Ok(text.into_bytes())
        },
        |text| out.write_all(text),
    )?;
    text.clear();
    text.push('\n');
    text.push_str(&top_level(tail));
    text.push_str("\n}\n");
    out.write_all(text.as_bytes())
}

/// How many tie edges one task of the streaming writer writes.
const EDGES_PER_RUN: usize = 4096;

/// One tie's edge statement as graphviz-rust prints it at the top level: on a new line indented
/// by 2, its attributes in brackets separated by spaces.
fn push_edge(text: &mut String, from: &str, to: &str, attributes: &mut dyn FnMut(&mut Attributes)) {
    text.push_str("\n  ");
    quote_into(text, from);
    text.push_str(" -> ");
    quote_into(text, to);
    text.push_str(" [");
    attributes(&mut |i, key, value| {
        if i > 0 {
            text.push(' ');
        }
        text.push_str(key);
        text.push('=');
        quote_into(text, value);
    });
    text.push(']');
}

/// The id of every snapshot diagram.
const GRAPH_ID: &str = "detente";

/// Top-level `stmts` as graphviz-rust prints them inside a graph: each indented by 2, one per
/// line, without the graph's opening and closing lines.
fn top_level(stmts: Vec<Stmt>) -> String {
    // The printer joins statements with line breaks and prints each alone, so a long list is
    // printed in runs, on all cores, and the runs joined the same way: the same text.
    const PRINTED_PER_RUN: usize = 1024;
    if stmts.len() <= PRINTED_PER_RUN {
        return top_level_run(stmts);
    }
    use rayon::prelude::*;
    let mut stmts = stmts.into_iter();
    let mut runs = Vec::new();
    loop {
        let run: Vec<Stmt> = stmts.by_ref().take(PRINTED_PER_RUN).collect();
        if run.is_empty() {
            break;
        }
        runs.push(run);
    }
    let printed: Vec<String> = runs.into_par_iter().map(top_level_run).collect();
    printed.join("\n")
}

/// [`top_level`] of a few statements, on this thread.
fn top_level_run(stmts: Vec<Stmt>) -> String {
    let open = format!("digraph {} {{\n", printed(&quoted(GRAPH_ID)));
    let text = Graph::DiGraph {
        id: quoted(GRAPH_ID),
        strict: false,
        stmts,
    }
    .print(&mut PrinterContext::default());
    // The printer frames the statements with exactly these two lines.
    text.strip_prefix(open.as_str())
        .and_then(|t| t.strip_suffix("\n}"))
        .unwrap_or_default()
        .to_string()
}

/// An id as the printer prints it.
fn printed(id: &Id) -> String {
    id.print(&mut PrinterContext::default())
}

/// The diagram of `snapshot` as a graphviz-rust graph (what [`dot`] prints).
pub fn diagram(snapshot: &Snapshot, options: &DotOptions) -> Graph {
    Parts::new(snapshot, options).graph()
}

/// A tie's attributes, written one by one as `(position, key, value)`.
type Attributes<'f> = dyn FnMut(usize, &'static str, &str) + 'f;

/// A diagram in three parts: the statements before the ties' edges, the ties (many), and the
/// statements after them (the legend and the note).
struct Parts<'s, 'o> {
    head: Vec<Stmt>,
    tail: Vec<Stmt>,
    edges: Edges<'s, 'o>,
}

/// The ties' edges of a diagram, written in runs (on any thread).
struct Edges<'s, 'o> {
    snapshot: &'s Snapshot,
    options: &'o DotOptions<'o>,
    /// The node id (`n0`, `n1`, ...) of each graph node, by node index.
    node_ids: Vec<Option<String>>,
    /// The ties in key order, with the node indices of their ends.
    ties: Vec<(usize, usize, &'s ActorNode, &'s ActorNode, &'s Tie)>,
    /// The last tie, in [`label_order`], that keeps its label, when not all do.
    labelled: Option<&'s Tie>,
}

impl<'s, 'o> Parts<'s, 'o> {
    fn new(snapshot: &'s Snapshot, options: &'o DotOptions<'o>) -> Self {
        // Node ids `n0`, `n1`, ... in actor-id order, also by graph node for the ties' ends.
        let mut node_ids: Vec<Option<String>> = vec![None; snapshot.graph.node_count()];
        let ids: BTreeMap<&str, String> = snapshot
            .index
            .iter()
            .enumerate()
            .map(|(i, (id, _))| (id.as_str(), format!("n{i}")))
            .collect();
        for (id, node) in &snapshot.index {
            if let Some(slot) = node_ids.get_mut(node.index()) {
                *slot = ids.get(id.as_str()).cloned();
            }
        }
        let (ties, kinds) = snapshot.tie_edges_and_kinds();
        let mut has_tie = vec![false; snapshot.graph.node_count()];
        for e in snapshot.graph.raw_edges() {
            has_tie[e.source().index()] = true;
            has_tie[e.target().index()] = true;
        }
        // In id order, so the set is built from sorted keys.
        let tied: BTreeSet<&str> = snapshot
            .index
            .iter()
            .filter(|(_, n)| has_tie[n.index()])
            .map(|(id, _)| id.as_str())
            .collect();
        let drawn = |(a, b, tie): (
            petgraph::graph::NodeIndex,
            petgraph::graph::NodeIndex,
            &'s Tie,
        )| {
            node_ids[a.index()].as_ref()?;
            node_ids[b.index()].as_ref()?;
            Some((
                a.index(),
                b.index(),
                &snapshot.graph[a],
                &snapshot.graph[b],
                tie,
            ))
        };
        let ties: Vec<_> = if ties.len() > STREAM_ABOVE {
            use rayon::prelude::*;
            ties.into_par_iter().filter_map(drawn).collect()
        } else {
            ties.into_iter().filter_map(drawn).collect()
        };
        // Neither needs the other: side by side (each takes a few hundredths of a second on a
        // million ties).
        let ((head, tail), labelled) = rayon::join(
            || Self::frame(snapshot, options, &ids, &tied, &kinds),
            || labelled(snapshot),
        );
        Parts {
            head,
            tail,
            edges: Edges {
                snapshot,
                options,
                node_ids,
                ties,
                labelled,
            },
        }
    }

    /// The statements before and after the ties' edges.
    fn frame(
        snapshot: &'s Snapshot,
        options: &DotOptions,
        ids: &BTreeMap<&str, String>,
        tied: &BTreeSet<&str>,
        kinds: &[&str],
    ) -> (Vec<Stmt>, Vec<Stmt>) {
        // Where each actor is drawn: a person in the collective of their primary post, a
        // collective inside the one it is part of on the date; everyone else on their own.
        let (members, loose) = group_by_container(snapshot.actors(), |actor| {
            let p = actor.placement.as_ref()?;
            let node = snapshot.node(&p.of)?;
            snapshot.graph[node]
                .kind
                .is_container()
                .then_some(p.of.as_str())
        });
        let inner = nested(snapshot);
        let nested_ones: BTreeSet<&str> = inner.values().flatten().copied().collect();

        let mut stmts = header(snapshot, options);
        let drawing = Drawing {
            snapshot,
            ids,
            tied,
            members: &members,
            inner: &inner,
            anchor_untied: options.anchor_untied,
        };
        let mut print = Vec::new();
        if options.transparent {
            print.push(attr("bgcolor", "transparent"));
        }
        if let Some(dpi) = options.dpi {
            print.push(attr("dpi", &dpi.to_string()));
        }
        if let Some(size) = options.png_size.and_then(PngSize::graphviz_size) {
            print.push(attr("size", &size));
        }
        if !print.is_empty() {
            stmts.push(Stmt::GAttribute(GraphAttributes::Graph(print)));
        }
        // The legend explains the wedge only when one is drawn.
        let mut wedges = false;
        if options.membership == Membership::Wedges {
            let flat = drawing.wedged(options.hide_inactive);
            wedges = flat.iter().any(|s| matches!(s, Stmt::Edge(_)));
            stmts.extend(flat);
        }
        for container in members
            .keys()
            .filter(|_| options.membership == Membership::Boxes)
        {
            if !nested_ones.contains(container)
                && (!options.hide_inactive || drawing.live(container, 0))
            {
                stmts.push(drawing.cluster(container, 0, options.hide_inactive));
            }
        }
        // Made on all cores (a large graph has tens of thousands), in order.
        {
            use rayon::prelude::*;
            let shown: Vec<_> = loose
                .into_iter()
                .filter(|a| drawing.drawn_loose(a, options))
                .collect();
            stmts.par_extend(shown.into_par_iter().with_min_len(1024).map(|actor| {
                node(
                    &ids[actor.id.as_str()],
                    actor_attributes(actor, tied.contains(actor.id.as_str())),
                )
            }));
        }

        let edges = snapshot.graph.edge_count();
        let few_labels = (options.labels != EdgeLabels::None && edges > LABEL_ALL_UP_TO)
            .then(|| (LABELLED.min(edges), edges));
        let kinds: BTreeSet<&str> = kinds.iter().copied().collect();
        let below_one = |c: Option<f64>| c.is_some_and(|c| c < 1.0);
        let confident = match options.points_from() {
            PointsFrom::Given(points) => points.values().any(|p| below_one(p.confidence)),
            PointsFrom::Found(citer) => {
                use rayon::prelude::*;
                let ties: Vec<&Tie> = snapshot.graph.edge_weights().collect();
                ties.par_iter().with_min_len(4096).any(|t| {
                    below_one(
                        citer
                            .tie_point_in_force(t, snapshot.date)
                            .and_then(|p| p.confidence()),
                    )
                })
            }
            PointsFrom::Nowhere => false,
        };
        let left_out = |a: &&ActorNode| {
            if options.hide_inactive {
                !drawing.shown(a)
            } else {
                options.leave_out_idle && drawing.idle(a)
            }
        };
        // Counted once: as actors with no tie, or as people with no post and no tie.
        let left = snapshot.actors().filter(left_out).count();
        let drawn = legend::Drawn {
            wedges,
            hidden: if options.hide_inactive { left } else { 0 },
            idle: if options.hide_inactive { 0 } else { left },
            faded: snapshot
                .actors()
                .any(|a| !left_out(&a) && !tied.contains(a.id.as_str())),
        };
        let mut tail = vec![legend::legend(
            &kinds, snapshot, confident, few_labels, drawn,
        )];
        let note = match options.points_from() {
            _ if !options.sources_note => None,
            PointsFrom::Nowhere => None,
            PointsFrom::Given(points) => sources_note(points.values()),
            PointsFrom::Found(citer) => {
                let points: Vec<CitedPoint> = (snapshot.ties().iter())
                    .filter_map(|(_, _, t)| citer.tie_in_force(t, snapshot.date))
                    .collect();
                sources_note(&points)
            }
        };
        if note.is_some() || options.caption.is_some() {
            tail.push(note_label(snapshot, options, note.as_deref()));
        }
        (stmts, tail)
    }

    /// The whole diagram as graphviz-rust's graph.
    fn graph(self) -> Graph {
        let Parts {
            mut head,
            mut tail,
            edges,
        } = self;
        let mut stmts = std::mem::take(&mut head);
        edges.each_edge(0..edges.ties.len(), |from, to, attributes| {
            let mut list = Vec::new();
            attributes(&mut |_, key, value| list.push(attr(key, value)));
            stmts.push(edge(from, to, list));
        });
        stmts.append(&mut tail);
        Graph::DiGraph {
            id: quoted(GRAPH_ID),
            strict: false,
            stmts,
        }
    }
}

impl Edges<'_, '_> {
    /// Each tie's edge of `run` (positions in [`Edges::ties`]) in key order: its ends' node ids
    /// and a writer of its attributes.
    fn each_edge(
        &self,
        run: std::ops::Range<usize>,
        mut edge: impl FnMut(&str, &str, &mut dyn FnMut(&mut Attributes)),
    ) {
        // The ties and the points in force are both in key order: one walk pairs them.
        let ties = self.ties.get(run).unwrap_or_default();
        let (mut points, citer) = match self.options.points_from() {
            PointsFrom::Given(s) => {
                let from = ties.first().map(|first| &first.4.key);
                let walk = match from {
                    Some(key) => s.range(key..).peekable(),
                    None => s.range(..).peekable(),
                };
                (Some(walk), None)
            }
            // Each point found as its edge is written.
            PointsFrom::Found(citer) => (None, Some(citer)),
            PointsFrom::Nowhere => (None, None),
        };
        let mut looks = KindLooks::new(self.snapshot);
        let mut scratch = Scratch::default();
        for (i, &(from, to, a, b, tie)) in ties.iter().enumerate() {
            if let Some(citer) = citer {
                citer.prefetch_at(ties, i, |t| t.4);
            }
            let (Some(from), Some(to)) = (&self.node_ids[from], &self.node_ids[to]) else {
                continue;
            };
            let found = citer.and_then(|c| c.tie_in_force(tie, self.snapshot.date));
            let point = found.as_ref().or_else(|| {
                let points = points.as_mut()?;
                while points.next_if(|(key, _)| *key < &tie.key).is_some() {}
                points
                    .peek()
                    .filter(|(key, _)| **key == tie.key)
                    .map(|(_, p)| *p)
            });
            let mut options = *self.options;
            if self
                .labelled
                .is_some_and(|last| label_order(&tie, &last) == std::cmp::Ordering::Greater)
            {
                options.labels = EdgeLabels::None;
            }
            let tied = Tied {
                ends: (a, b),
                tie,
                point,
                look: looks.of(&tie.key.kind),
            };
            edge(from, to, &mut |write| {
                tie_attributes(&tied, self.snapshot, &options, &mut scratch, write)
            });
        }
    }
}

/// Past this many ties, only the [`LABELLED`] strongest are labelled: hundreds of labels cover
/// each other and the lines.
pub(crate) const LABEL_ALL_UP_TO: usize = 150;
/// How many ties keep their label in a diagram of more than [`LABEL_ALL_UP_TO`].
pub(crate) const LABELLED: usize = 50;

/// The order in which ties keep their labels: largest |weight| first, equal magnitudes in key
/// order (so the choice is the same on every run).
fn label_order(a: &&Tie, b: &&Tie) -> std::cmp::Ordering {
    b.weight
        .abs()
        .total_cmp(&a.weight.abs())
        .then_with(|| a.key.cmp(&b.key))
}

/// The last tie, in [`label_order`], that keeps its label, when not all do: the [`LABELLED`]
/// first in that order keep theirs, i.e. every tie not after this one. (Comparing each tie with
/// it is mostly one comparison of magnitudes, where a set of the labelled keys compared keys.)
fn labelled(snapshot: &Snapshot) -> Option<&Tie> {
    let mut ties: Vec<&Tie> = snapshot.graph.edge_weights().collect();
    if ties.len() <= LABEL_ALL_UP_TO {
        return None;
    }
    // Only the first few in that order matter: select them, not sort them all.
    let n = LABELLED.min(ties.len());
    ties.select_nth_unstable_by(n - 1, label_order);
    Some(ties[n - 1])
}

/// The collectives drawn inside each collective on the snapshot's date (by `part_of`), in id
/// order. A collective part of a person or of an actor not drawn stands on its own.
fn nested(snapshot: &Snapshot) -> BTreeMap<&str, Vec<&str>> {
    let mut inner: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for actor in snapshot.actors() {
        if let Some(of) = actor.part_of.as_deref()
            && actor.kind.is_container()
            && snapshot
                .node(of)
                .is_some_and(|n| snapshot.graph[n].kind.is_container())
        {
            inner.entry(of).or_default().push(actor.id.as_str());
        }
    }
    inner
}

/// What drawing one cluster needs to know of the whole diagram.
struct Drawing<'a> {
    snapshot: &'a Snapshot,
    ids: &'a BTreeMap<&'a str, String>,
    tied: &'a BTreeSet<&'a str>,
    members: &'a BTreeMap<&'a str, Vec<&'a ActorNode>>,
    inner: &'a BTreeMap<&'a str, Vec<&'a str>>,
    /// [`DotOptions::anchor_untied`].
    anchor_untied: bool,
}

impl Drawing<'_> {
    /// Whether anything drawn in `container`'s cluster, at any depth, has a tie.
    fn live(&self, container: &str, depth: usize) -> bool {
        let left = self.ids.len().saturating_sub(depth);
        cluster_live(container, self.tied, self.members, self.inner, left)
    }

    /// Whether an actor drawn on its own (not in a collective's box) is drawn: with
    /// `hide_inactive`, when it has a tie; with `leave_out_idle`, unless [`Drawing::idle`].
    fn drawn_loose(&self, actor: &ActorNode, options: &DotOptions) -> bool {
        if options.hide_inactive {
            self.tied.contains(actor.id.as_str())
        } else {
            !(options.leave_out_idle && self.idle(actor))
        }
    }

    /// Whether `actor` is a person with no post (so no placement), no collective and no tie on
    /// the date.
    fn idle(&self, actor: &ActorNode) -> bool {
        unplaced_person(actor) && !self.tied.contains(actor.id.as_str())
    }

    /// Whether `actor` is drawn when actors with no tie are left out: a collective when
    /// anything in its box has a tie, anyone else when they have one.
    fn shown(&self, actor: &ActorNode) -> bool {
        if self.members.contains_key(actor.id.as_str()) {
            self.live(&actor.id, 0)
        } else {
            self.tied.contains(actor.id.as_str())
        }
    }

    /// The collectives and their members without boxes ([`Membership::Wedges`]): each member
    /// (a person in office, a collective part of another) on its own, joined to its collective
    /// by a wedge. `hide` leaves out what [`Drawing::shown`] would not draw.
    fn wedged(&self, hide: bool) -> Vec<Stmt> {
        // Each container's statements made on all cores (a large graph has tens of thousands of
        // persons), in order.
        use rayon::prelude::*;
        let members: Vec<_> = self.members.iter().collect();
        members
            .into_par_iter()
            .flat_map_iter(|(container, persons)| self.wedged_in(container, persons, hide))
            .collect()
    }

    /// [`Drawing::wedged`] for one container and its persons.
    fn wedged_in(&self, container: &str, persons: &[&ActorNode], hide: bool) -> Vec<Stmt> {
        let name = |id: &str| &self.snapshot.graph[self.snapshot.index[id]].name;
        let state = &self.snapshot.graph[self.snapshot.index[container]];
        if hide && !self.shown(state) {
            return Vec::new();
        }
        let mut stmts = Vec::new();
        let id = &self.ids[container];
        stmts.push(node(
            id,
            actor_attributes(state, self.tied.contains(container)),
        ));
        for person in persons.iter().filter(|p| !hide || self.shown(p)) {
            let post = person.placement.as_ref().map_or("", |p| p.title.as_str());
            stmts.push(node(
                &self.ids[person.id.as_str()],
                actor_attributes(person, self.tied.contains(person.id.as_str())),
            ));
            stmts.push(membership::wedge(
                &self.ids[person.id.as_str()],
                id,
                &format!("{}: {post}, {}", person.name, state.name),
            ));
        }
        for inner in self.inner.get(container).into_iter().flatten() {
            if hide && !self.live(inner, 0) {
                continue;
            }
            stmts.push(membership::wedge(
                &self.ids[*inner],
                id,
                &format!("{}: part of {}", name(inner), state.name),
            ));
        }
        stmts
    }

    /// The cluster of `container`: its own node, its persons, then the clusters of the
    /// collectives part of it. `depth` bounds the nesting should a graph built in code hold a
    /// cycle of memberships (a loaded one cannot).
    ///
    /// `hide` leaves out the persons and inner collectives with no tie on the date.
    fn cluster(&self, container: &str, depth: usize, hide: bool) -> Stmt {
        let state = &self.snapshot.graph[self.snapshot.index[container]];
        let id = &self.ids[container];
        let mut inside = cluster_attributes(&state.name, self.live(container, depth));
        inside.push(node(
            id,
            actor_attributes(state, self.tied.contains(container)),
        ));
        for person in self
            .members
            .get(container)
            .into_iter()
            .flatten()
            .filter(|p| !hide || self.tied.contains(p.id.as_str()))
        {
            let tied = self.tied.contains(person.id.as_str());
            let person_id = &self.ids[person.id.as_str()];
            inside.push(node(person_id, actor_attributes(person, tied)));
            // A member without a tie has no edge to place it: `dot` puts it in the first layer,
            // and stretches its box across the diagram to the state's node. An invisible edge
            // to that node keeps it one layer away.
            if !tied && self.anchor_untied {
                inside.push(edge(person_id, id, vec![attr("style", "invis")]));
            }
        }
        if depth < self.ids.len() {
            for member in self.inner.get(container).into_iter().flatten() {
                if hide && !self.live(member, depth + 1) {
                    continue;
                }
                inside.push(self.cluster(member, depth + 1, hide));
            }
        }
        subgraph(&format!("cluster_{id}"), inside)
    }
}

/// The graph-wide attributes of a snapshot's diagram.
fn header(snapshot: &Snapshot, options: &DotOptions) -> Vec<Stmt> {
    header_with_title(&title(snapshot, options))
}

/// The diagram's title: the graph's title, the date, and whether ties were rolled up.
fn title(snapshot: &Snapshot, options: &DotOptions) -> String {
    let mut subtitle = format!("as of {}", snapshot.date);
    if let Some(aggregation) = options.rolled_up {
        subtitle.push_str(&format!(
            ", officials' ties rolled up into their states ({})",
            aggregation.as_str()
        ));
    }
    match &snapshot.title {
        Some(title) => format!("{title}\n{subtitle}"),
        None => subtitle,
    }
}

/// The graph label when a caption or a sources note is asked for: Graphviz gives a graph one
/// label, so the title, the caption and the note share it, under the diagram, the title in
/// bold, the caption in regular type and the note in small type wrapped to lines of about
/// [`NOTE_WIDTH`] characters. Every text goes through `html_text`.
fn note_label(snapshot: &Snapshot, options: &DotOptions, note: Option<&str>) -> Stmt {
    let caption = options.caption.map(|c| {
        let lines: Vec<String> = c.lines().map(html_text).collect();
        format!(
            "<BR/><FONT POINT-SIZE=\"12\" FACE=\"{FONT}\">{}</FONT>",
            lines.join("<BR/>")
        )
    });
    let note = note.map(|note| {
        let lines = note_lines(note);
        let note: Vec<String> = lines.iter().map(|l| html_text(l)).collect();
        format!(
            "<BR/><FONT POINT-SIZE=\"9\" FACE=\"{FONT}\">{}</FONT>",
            note.join("<BR ALIGN=\"LEFT\"/>") + "<BR ALIGN=\"LEFT\"/>"
        )
    });
    let html = format!(
        "<<B>{}</B>{}{}>",
        html_text(&title(snapshot, options)),
        caption.unwrap_or_default(),
        note.unwrap_or_default()
    );
    Stmt::GAttribute(GraphAttributes::Graph(vec![
        Attribute(Id::Plain("label".into()), Id::Html(html)),
        attr("labelloc", "b"),
    ]))
}

/// The sources note cut into lines of about [`NOTE_WIDTH`] characters at spaces.
fn note_lines(note: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in note.split(' ') {
        if !line.is_empty() && line.chars().count() + word.chars().count() >= NOTE_WIDTH {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(line);
    lines
}

/// How wide the lines of the sources note are, in characters.
const NOTE_WIDTH: usize = 110;

/// What every tie of one kind shares: the kind's rules and look, and its colour for each sign
/// when no confidence fades it.
struct KindLook<'s> {
    rules: Option<&'s KindRules>,
    look: style::Look,
    /// By [`sign_class`].
    colours: [String; 3],
}

/// [`style::colour`]'s three cases, as an index: positive, negative, neither.
fn sign_class(weight: f64) -> usize {
    if weight > 0.0 {
        0
    } else if weight < 0.0 {
        1
    } else {
        2
    }
}

/// The [`KindLook`] of each kind of a snapshot's ties, worked out once rather than per tie
/// (and found by [`KindPlaces`], which seldom compares texts).
struct KindLooks<'s> {
    snapshot: &'s Snapshot,
    places: KindPlaces<'s>,
    /// The look of each kind, by its place.
    looks: Vec<KindLook<'s>>,
}

impl<'s> KindLooks<'s> {
    fn new(snapshot: &'s Snapshot) -> Self {
        KindLooks {
            snapshot,
            places: KindPlaces::default(),
            looks: Vec::new(),
        }
    }

    fn of(&mut self, kind: &'s str) -> &KindLook<'s> {
        let place = self.places.place(kind) as usize;
        if place == self.looks.len() {
            let rules = self.snapshot.kinds.get(kind);
            let look = style::look(kind, rules);
            self.looks.push(KindLook {
                rules,
                look,
                colours: [1.0, -1.0, 0.0].map(|w| style::edge_colour(w, rules, None, look)),
            });
        }
        &self.looks[place]
    }
}

/// A tie to draw: its ends, its point in force (when known) and its kind's look.
struct Tied<'t, 's> {
    ends: (&'t ActorNode, &'t ActorNode),
    tie: &'t Tie,
    point: Option<&'t CitedPoint>,
    look: &'t KindLook<'s>,
}

/// The texts of one tie's attributes, kept from tie to tie so that a million ties are written
/// without allocating each time.
#[derive(Default)]
struct Scratch {
    weight: String,
    width: String,
    tooltip: String,
}

/// How a tie's edge looks: each attribute written by `write` with its position, in order.
fn tie_attributes(
    tied: &Tied,
    snapshot: &Snapshot,
    options: &DotOptions,
    scratch: &mut Scratch,
    write: &mut Attributes,
) {
    use std::fmt::Write;
    let Tied {
        ends: (from, to),
        tie,
        point,
        look,
    } = *tied;
    let Scratch {
        weight,
        width,
        tooltip,
    } = scratch;
    weight.clear();
    format::push_weight_label(weight, tie.weight);
    let confidence = point.and_then(|p| p.confidence);
    let mut at = 0;
    let mut put = |key: &'static str, value: &str| {
        write(at, key, value);
        at += 1;
    };
    match confidence.filter(|c| *c < 1.0) {
        // Opaque: the kind's colour for the sign, worked out once.
        None => put("color", &look.colours[sign_class(tie.weight)]),
        Some(_) => put(
            "color",
            &style::edge_colour(tie.weight, look.rules, confidence, look.look),
        ),
    }
    width.clear();
    format::push_two_decimals(
        width,
        look.look
            .pen_width(style::width(tie.weight, snapshot.scale)),
        false,
    );
    put("penwidth", width);
    put("style", look.look.dash);
    if !tie.directed() {
        put("dir", "none");
    }
    match options.labels {
        EdgeLabels::Weights => put("label", weight),
        // A kind is user text: bounded like a name (the tooltip has it whole).
        EdgeLabels::Kinds => put("label", &bounded(&tie.key.kind, WRAP).0),
        EdgeLabels::None => {}
    }
    if options.labels != EdgeLabels::None {
        put("fontcolor", style::colour(tie.weight));
    }
    let arrow = if tie.directed() { "→" } else { "—" };
    tooltip.clear();
    // `FROM → TO (KIND): WEIGHT`, pushed piece by piece: a million ties' `write!`s went through
    // the formatter's padding for every name.
    for piece in [
        from.name.as_str(),
        " ",
        arrow,
        " ",
        to.name.as_str(),
        " (",
        tie.key.kind.as_str(),
        "): ",
        weight,
    ] {
        tooltip.push_str(piece);
    }
    // Writing into a String cannot fail.
    if let Some(point) = point {
        tooltip.push_str("\nsince ");
        point.date.push_to(tooltip);
        if let Some(c) = point.confidence {
            let _ = write!(tooltip, " (confidence {})", format::exact(c));
        }
        if let Some(event) = &point.event {
            let _ = write!(tooltip, ": {}", event.title);
        }
        for (i, source) in point.sources.iter().enumerate() {
            tooltip.push_str(if i == 0 { "\nSources: " } else { "; " });
            tooltip.push_str(&source.title);
        }
    }
    // Written by the caller through `quoted` (or `quote_into`): no title can end the string or
    // add an attribute.
    put("tooltip", tooltip);
}

#[cfg(test)]
mod note {
    use super::*;
    use crate::explain::SourceRef;
    use crate::model::PointValue;

    fn point(titles: &[&str]) -> CitedPoint {
        CitedPoint {
            date: "2020".parse().expect("a date"),
            value: PointValue::Weight(0.5),
            note: None,
            confidence: None,
            range: None,
            count: None,
            event: None,
            sources: titles
                .iter()
                .map(|t| SourceRef {
                    id: None,
                    title: t.to_string(),
                    publisher: None,
                    date: None,
                    url: None,
                    file: None,
                })
                .collect(),
            from_scenario: false,
        }
    }

    #[test]
    fn the_note_names_each_source_once_in_tie_order_then_how_many_more() {
        let mut points = TiePoints::new();
        points.insert(RelationKey::mutual("A", "B", "x"), point(&["s1", "s2"]));
        points.insert(RelationKey::mutual("A", "C", "x"), point(&["s2", "s3"]));
        assert_eq!(
            sources_note(points.values()).unwrap(),
            "Sources: s1; s2; s3"
        );
        let many: Vec<String> = (0..11).map(|i| format!("t{i}")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        points.insert(RelationKey::mutual("B", "C", "x"), point(&many));
        assert_eq!(
            sources_note(points.values()).unwrap(),
            "Sources: s1; s2; s3; t0; t1; t2; t3; t4 and 6 more"
        );
        assert_eq!(sources_note(TiePoints::new().values()), None);
    }
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
            part_of: Vec::new(),
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

#[cfg(test)]
mod streaming {
    //! The streamed DOT of a large diagram is the DOT graphviz-rust prints, byte for byte.

    use super::*;
    use crate::generate::{Spec, generate};
    use crate::model::Graph as Model;

    /// Every way of drawing `model` on `date`, streamed and printed, must agree.
    fn agree(model: &Model, date: &str) {
        let snapshot = Snapshot::at(model, date.parse().expect("a date"));
        let citer = Citer::new(model);
        let points = points_in_force(&snapshot, &citer);
        let looks = [
            DotOptions::default(),
            DotOptions {
                sources: Some(&points),
                sources_note: true,
                caption: Some("A caption\nover two lines"),
                ..DotOptions::default()
            },
            DotOptions {
                labels: EdgeLabels::Kinds,
                membership: Membership::Wedges,
                hide_inactive: true,
                sources: Some(&points),
                ..DotOptions::default()
            },
            DotOptions {
                labels: EdgeLabels::None,
                transparent: true,
                dpi: Some(96),
                ..DotOptions::default()
            },
        ];
        for options in &looks {
            let printed = dot_by(&snapshot, options, false);
            let streamed = dot_by(&snapshot, options, true);
            assert_eq!(streamed, printed, "{options:?}");
            let mut library = diagram(&snapshot, options).print(&mut PrinterContext::default());
            library.push('\n');
            assert_eq!(printed, library);
            assert_eq!(dot(&snapshot, options), printed);
            // The points found by the citer as each edge is written: the same diagram.
            if options.sources.is_some() {
                let citing = DotOptions {
                    sources: None,
                    citer: Some(&citer),
                    ..*options
                };
                assert_eq!(dot_by(&snapshot, &citing, false), printed);
                assert_eq!(dot_by(&snapshot, &citing, true), printed);
            }
        }
    }

    #[test]
    fn the_bundled_graph_streams_as_it_prints() {
        let model = crate::load::load_path(std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/graphs/us-belarus.yaml"
        )))
        .expect("the bundled graph loads");
        for date in ["2020-08-01", "2025-05-01"] {
            agree(&model, date);
        }
    }

    #[test]
    fn generated_graphs_below_and_above_the_threshold_stream_as_they_print() {
        // The last has more top-level statements than the printer prints in one run.
        for (actors, ties) in [
            (40, 120),
            (120, STREAM_ABOVE + 500),
            (3000, STREAM_ABOVE + 500),
        ] {
            let model = generate(&Spec::sized(actors, ties, 3));
            let snapshot = Snapshot::at(&model, "2012".parse().expect("a date"));
            assert_eq!(
                snapshot.graph.edge_count() > STREAM_ABOVE,
                ties > STREAM_ABOVE,
                "the graph of {ties} ties falls on the intended side of the threshold"
            );
            agree(&model, "2012");
        }
    }

    #[test]
    fn ties_written_in_runs_on_several_threads_stream_as_they_print() {
        // Enough ties for several runs of the parallel writer: each run must find its ties'
        // points in force (the tooltips' "since" lines) where a single walk would.
        let mut model = generate(&Spec::sized(300, 4 * EDGES_PER_RUN + 7, 3));
        let snapshot = Snapshot::at(&model, "2012".parse().expect("a date"));
        assert!(snapshot.graph.edge_count() > 2 * EDGES_PER_RUN);
        agree(&model, "2012");
        // One uncertain point in force far into the ties: the legend says what faded lines
        // mean, whether the points are given or found as the edges are written.
        let last = snapshot.tie_edges().last().map(|(_, _, t)| t.key.clone());
        let relation = model
            .relations
            .iter_mut()
            .find(|r| Some(r.key()) == last)
            .expect("the last tie's relation");
        let date = "2012".parse().expect("a date");
        let at = relation
            .series
            .iter()
            .rposition(|p| p.date <= date)
            .expect("a point");
        relation.series[at].edit_detail(|d| d.confidence = Some(0.5));
        let plain = dot(&Snapshot::at(&model, date), &DotOptions::default());
        agree(&model, "2012");
        let citer = Citer::new(&model);
        let citing = DotOptions {
            citer: Some(&citer),
            ..DotOptions::default()
        };
        assert_ne!(dot(&Snapshot::at(&model, date), &citing), plain);
    }

    #[test]
    fn ties_come_in_key_order_plain_or_rolled_up() {
        let model = generate(&Spec::sized(200, 3000, 3));
        let snapshot = Snapshot::at(&model, "2012".parse().expect("a date"));
        let rolled = snapshot.rolled_up(crate::snapshot::Aggregation::Mean);
        for snapshot in [&snapshot, &rolled] {
            let mut by_key: Vec<&RelationKey> =
                snapshot.graph.edge_weights().map(|t| &t.key).collect();
            by_key.sort();
            let ordered: Vec<&RelationKey> = snapshot
                .tie_edges()
                .into_iter()
                .map(|(_, _, t)| &t.key)
                .collect();
            assert_eq!(ordered, by_key);
        }
    }

    #[test]
    fn an_empty_snapshot_streams_as_it_prints() {
        let model = generate(&Spec::sized(5, 3, 1));
        agree(&model, "1900");
    }
}
