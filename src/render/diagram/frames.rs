//! Frames on a stable layout: diagrams of one graph on several dates where every actor keeps
//! its place. The union of the frames (every actor, every tie of any date) is laid out once;
//! each frame is then drawn with its nodes pinned there (`neato -n`), with its clusters' boxes
//! computed around the members they have on that date.
//!
//! Node ids are `n0`, `n1`, ... in actor-id order, and every actor is a node of every snapshot
//! of a graph, so an id names the same actor in every frame (not so for `--level state`
//! roll-ups, which drop persons; their frames are laid out from their own union).

use std::collections::BTreeMap;
use std::time::Duration;

use graphviz_rust::dot_structures::{Attribute, Graph, Id, Stmt};
use graphviz_rust::printer::{DotPrinter, PrinterContext};

use super::image::{self, Engine, ImageError, Layout};
use super::parts::attr;
use super::snapshot::{DotOptions, diagram, dot};
use crate::snapshot::Snapshot;

/// A node's centre `(x, y)` and size `(width, height)`, in points.
pub type Pin = ((f64, f64), (f64, f64));

/// Where each node sits, in points, and how large it was drawn in the union.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Pins {
    /// Node id → centre `(x, y)` and size `(width, height)`, in points.
    pub nodes: BTreeMap<String, Pin>,
    /// Cluster id → its box `llx,lly,urx,ury` in the union, in points.
    pub clusters: BTreeMap<String, String>,
    /// The union's whole box, `(llx, lly, urx, ury)`.
    pub bb: Option<(f64, f64, f64, f64)>,
}

/// The union of `snapshots` (all of one graph): the last one, with every tie that any other has
/// and, for a person without a post on the last date, the post of the latest date they held one.
/// `None` without snapshots.
pub fn union(snapshots: &[Snapshot]) -> Option<Snapshot> {
    let mut out = snapshots.last()?.clone();
    for s in snapshots.iter().rev().skip(1) {
        for (a, b, tie) in s.ties() {
            if out.edge(&tie.key).is_some() {
                continue;
            }
            let (Some(x), Some(y)) = (out.node(&a.id), out.node(&b.id)) else {
                continue;
            };
            out.graph.add_edge(x, y, tie.clone());
        }
        for actor in s.actors() {
            if let Some(n) = out.node(&actor.id)
                && out.graph[n].placement.is_none()
            {
                out.graph[n].placement = actor.placement.clone();
            }
        }
    }
    Some(out)
}

/// Lays the union of `snapshots` out once with `layout` and returns every node's place.
pub fn stable_layout(
    snapshots: &[Snapshot],
    options: &DotOptions,
    layout: Layout,
    engine: Engine,
    timeout: Duration,
) -> Result<Pins, ImageError> {
    stable_layout_reserving(snapshots, options, layout, (engine, timeout), None)
}

/// [`stable_layout`] with the legend's place made at least `legend` (width, height, in points)
/// large: the size of the largest diff legend ([`diff_legend_size`]), when diff diagrams are
/// drawn on the same layout, so that theirs covers no actor.
pub fn stable_layout_reserving(
    snapshots: &[Snapshot],
    options: &DotOptions,
    layout: Layout,
    (engine, timeout): (Engine, Duration),
    legend: Option<(f64, f64)>,
) -> Result<Pins, ImageError> {
    let Some(all) = union(snapshots) else {
        return Ok(Pins::default());
    };
    let size = (all.graph.node_count(), all.graph.edge_count());
    let mut text = dot(&all, options);
    if let Some((width, height)) = legend
        && let Some(end) = text.rfind('}')
    {
        // A node stated again takes the new attributes; a plaintext node's width and height
        // are its least size (in inches), its table drawn at the middle.
        text.insert_str(
            end,
            &format!(
                "\"{LEGEND}\" [width={}, height={}]\n",
                num(width / 72.0),
                num(height / 72.0)
            ),
        );
    }
    let laid = image::positions(&text, layout.resolve(size.0, size.1), engine, timeout)?;
    let mut pins = pins(&laid).map_err(ImageError::Failed)?;
    // The frames' legend at the room's top left, where a diff's is pinned too.
    if legend.is_some()
        && let Some(&((x, y), (room_w, room_h))) = pins.nodes.get(LEGEND)
        && let Some((w, h)) = legend_size(diagram(&all, options), (engine, timeout))?
    {
        let at = (x - room_w / 2.0 + w / 2.0, y + room_h / 2.0 - h / 2.0);
        pins.nodes.insert(LEGEND.to_string(), (at, (w, h)));
    }
    Ok(pins)
}

/// The size (width, height, in points) of the legend of `diff`'s diagram drawn with
/// `membership`; `None` when it has none. Laid out alone: its size is its table's.
///
/// Errors: the layout failed or timed out.
pub fn diff_legend_size(
    diff: &crate::diff::GraphDiff,
    membership: super::Membership,
    run: (Engine, Duration),
) -> Result<Option<(f64, f64)>, ImageError> {
    legend_size(super::diff_diagram_with(diff, membership), run)
}

/// The size of the legend of a diagram, laid out alone; `None` when it has none.
fn legend_size(
    mut graph: Graph,
    (engine, timeout): (Engine, Duration),
) -> Result<Option<(f64, f64)>, ImageError> {
    let (Graph::DiGraph { stmts, .. } | Graph::Graph { stmts, .. }) = &mut graph;
    let Some(legend) = find_legend(stmts) else {
        return Ok(None);
    };
    // The defaults (fonts, sizes) and the legend, nothing else.
    stmts.retain(|s| matches!(s, Stmt::Attribute(_) | Stmt::GAttribute(_)));
    stmts.push(legend);
    let mut text = graph.print(&mut PrinterContext::default());
    text.push('\n');
    let measured = pins(&image::positions(&text, Layout::Dot, engine, timeout)?)
        .map_err(ImageError::Failed)?;
    Ok(measured.nodes.get(LEGEND).map(|&(_, size)| size))
}

/// The legend's node statement, wherever it is among `stmts` and their subgraphs.
fn find_legend(stmts: &[Stmt]) -> Option<Stmt> {
    stmts.iter().find_map(|s| match s {
        Stmt::Node(node) if value(&node.id.0) == LEGEND => Some(s.clone()),
        Stmt::Subgraph(sub) => find_legend(&sub.stmts),
        _ => None,
    })
}

/// An attribute's value without its quotes.
fn value(id: &Id) -> String {
    match id {
        Id::Html(v) | Id::Escaped(v) | Id::Plain(v) | Id::Anonymous(v) => {
            v.trim_matches('"').replace("\\\n", "")
        }
    }
}

/// Every node's `pos`, `width` and `height` in a laid-out DOT text.
fn pins(laid_out: &str) -> Result<Pins, String> {
    let graph =
        graphviz_rust::parse(laid_out).map_err(|e| format!("cannot read the layout back: {e}"))?;
    let mut pins = Pins::default();
    let stmts = match &graph {
        Graph::Graph { stmts, .. } | Graph::DiGraph { stmts, .. } => stmts,
    };
    pins.bb = bb_of(stmts).and_then(|text| {
        let n: Vec<f64> = text
            .split(',')
            .filter_map(|t| t.trim().parse().ok())
            .collect();
        (n.len() == 4).then(|| (n[0], n[1], n[2], n[3]))
    });
    collect(stmts, &mut pins);
    Ok(pins)
}

/// The `bb` a (sub)graph's own statements give it.
fn bb_of(stmts: &[Stmt]) -> Option<String> {
    stmts.iter().find_map(|s| match s {
        Stmt::Attribute(Attribute(k, v)) if value(k) == "bb" => Some(value(v)),
        Stmt::GAttribute(graphviz_rust::dot_structures::GraphAttributes::Graph(list)) => list
            .iter()
            .find(|Attribute(k, _)| value(k) == "bb")
            .map(|Attribute(_, v)| value(v)),
        _ => None,
    })
}

fn collect(stmts: &[Stmt], pins: &mut Pins) {
    for stmt in stmts {
        match stmt {
            Stmt::Node(node) => {
                let get = |key: &str| {
                    node.attributes
                        .iter()
                        .find(|Attribute(k, _)| value(k) == key)
                        .map(|Attribute(_, v)| value(v))
                };
                let number = |text: &str| text.trim().parse::<f64>().ok();
                let Some(pos) = get("pos") else { continue };
                let mut xy = pos.split(',').filter_map(number);
                let (Some(x), Some(y)) = (xy.next(), xy.next()) else {
                    continue;
                };
                // Graphviz gives sizes in inches.
                let w = get("width").as_deref().and_then(number).unwrap_or(0.0) * 72.0;
                let h = get("height").as_deref().and_then(number).unwrap_or(0.0) * 72.0;
                pins.nodes.insert(value(&node.id.0), ((x, y), (w, h)));
            }
            Stmt::Subgraph(sub) => {
                if let Some(bb) = bb_of(&sub.stmts) {
                    pins.clusters.insert(value(&sub.id), bb);
                }
                collect(&sub.stmts, pins);
            }
            _ => {}
        }
    }
}

/// Space around a cluster's members, and above them for its label, in points.
const CLUSTER_MARGIN: f64 = 8.0;
const CLUSTER_LABEL: f64 = 20.0;

/// The diagram of `snapshot` as DOT with every node pinned where `pins` puts it (`pos="x,y!"`)
/// and every cluster's box (`bb`) drawn around its members, for [`Layout::Pinned`]. Nodes
/// `pins` does not know are left for the engine to place.
pub fn pinned_dot(snapshot: &Snapshot, options: &DotOptions, pins: &Pins) -> String {
    let mut text = pinned_diagram(snapshot, options, pins).print(&mut PrinterContext::default());
    text.push('\n');
    text
}

/// [`pinned_dot`] as a graphviz-rust graph, for callers that add attributes of their own.
pub fn pinned_diagram(snapshot: &Snapshot, options: &DotOptions, pins: &Pins) -> Graph {
    pin_diagram(diagram(snapshot, options), pins)
}

/// The diff diagram of `diff` (between two snapshots of the graph the frames show) with every
/// actor pinned where `pins` puts it, as DOT for [`Layout::Pinned`], so that it lines up with the
/// two dates' frames. The diff diagram names actors `n0`, `n1`, ... in actor-id order over both
/// sides, as the frames do, so an id names the same actor in both.
///
/// Two things would shift the drawing on the page: the diff's legend is larger than a frame's
/// (it is laid out once to measure it, then pinned by its top-left corner where the frames'
/// legend has its own), and its one-line title (`TITLE: D1 → D2`) is set on two lines like the
/// frames' (`TITLE` / `as of D`).
///
/// `membership` should be the frames' own ([`DotOptions::membership`]), so that the diff draws
/// members as they do.
///
/// Errors: the measuring layout failed or timed out.
pub fn pinned_diff_dot(
    diff: &crate::diff::GraphDiff,
    pins: &Pins,
    membership: super::Membership,
    (engine, timeout): (Engine, Duration),
) -> Result<String, ImageError> {
    let print = |pins: &Pins| {
        let mut graph = pin_diagram(super::diff_diagram_with(diff, membership), pins);
        two_line_title(&mut graph);
        let mut text = graph.print(&mut PrinterContext::default());
        text.push('\n');
        text
    };
    let first = print(pins);
    let Some(&((x, y), (w, h))) = pins.nodes.get(LEGEND) else {
        return Ok(first);
    };
    let measured = self::pins(&image::positions(&first, Layout::Pinned, engine, timeout)?)
        .map_err(ImageError::Failed)?;
    let Some(&(_, (dw, dh))) = measured.nodes.get(LEGEND) else {
        return Ok(first);
    };
    let mut anchored = pins.clone();
    // The same left and top edges: x - w/2 and y + h/2 (y grows upwards).
    anchored.nodes.insert(
        LEGEND.to_string(),
        ((x - w / 2.0 + dw / 2.0, y + h / 2.0 - dh / 2.0), (dw, dh)),
    );
    Ok(print(&anchored))
}

/// The legend's node id in every diagram.
const LEGEND: &str = "legend";

/// A diff's title `TITLE: D1 → D2` as `TITLE` over `D1 → D2`, the frames' two lines.
fn two_line_title(graph: &mut Graph) {
    let (Graph::DiGraph { stmts, .. } | Graph::Graph { stmts, .. }) = graph;
    for stmt in stmts.iter_mut() {
        let Stmt::GAttribute(graphviz_rust::dot_structures::GraphAttributes::Graph(list)) = stmt
        else {
            continue;
        };
        for Attribute(key, val) in list.iter_mut() {
            if value(key) != "label" {
                continue;
            }
            if let Id::Escaped(text) = val
                && let Some(i) = text.rfind(": ")
            {
                text.replace_range(i..i + 2, "\\n");
            }
        }
    }
}

/// `graph` (a snapshot's or a diff's diagram) with its nodes pinned and its clusters boxed.
fn pin_diagram(mut graph: Graph, pins: &Pins) -> Graph {
    let (Graph::DiGraph { stmts, .. } | Graph::Graph { stmts, .. }) = &mut graph;
    // Nothing may move: no translation, and no overlap removal (which scales the layout).
    stmts.push(Stmt::Attribute(attr("notranslate", "true")));
    stmts.push(Stmt::Attribute(attr("overlap", "true")));
    // Edges routed around the nodes, as in the single-date diagrams.
    stmts.push(Stmt::Attribute(attr("splines", "true")));
    pin(stmts, pins);
    // Two invisible corners span the union's box, so every frame has the same extent and its
    // drawing the same offset on the page.
    if let Some((x0, y0, x1, y1)) = pins.bb {
        for (id, x, y) in [("frame_ll", x0, y0), ("frame_ur", x1, y1)] {
            stmts.push(super::parts::node(
                id,
                vec![
                    attr("shape", "point"),
                    attr("style", "invis"),
                    attr("width", "0"),
                    attr("label", ""),
                    attr("pos", &format!("{},{}!", num(x), num(y))),
                ],
            ));
        }
    }
    graph
}

/// Pins the nodes of `stmts` and boxes its clusters; returns the box of what it holds.
fn pin(stmts: &mut [Stmt], pins: &Pins) -> Option<(f64, f64, f64, f64)> {
    let mut bb: Option<(f64, f64, f64, f64)> = None;
    let mut grow = |b: (f64, f64, f64, f64)| {
        bb = Some(bb.map_or(b, |a| {
            (a.0.min(b.0), a.1.min(b.1), a.2.max(b.2), a.3.max(b.3))
        }));
    };
    for stmt in stmts.iter_mut() {
        match stmt {
            Stmt::Node(node) => {
                let Some(&((x, y), (w, h))) = pins.nodes.get(&value(&node.id.0)) else {
                    continue;
                };
                node.attributes
                    .push(attr("pos", &format!("{},{}!", num(x), num(y))));
                grow((x - w / 2.0, y - h / 2.0, x + w / 2.0, y + h / 2.0));
            }
            Stmt::Subgraph(sub) => {
                if let Some(inner) = pin(&mut sub.stmts, pins) {
                    let boxed = (
                        inner.0 - CLUSTER_MARGIN,
                        inner.1 - CLUSTER_MARGIN,
                        inner.2 + CLUSTER_MARGIN,
                        inner.3 + CLUSTER_MARGIN + CLUSTER_LABEL,
                    );
                    let id = value(&sub.id);
                    if id.starts_with("cluster") {
                        // The union's box where it has one, so clusters stay put too.
                        let text = pins.clusters.get(&id).cloned().unwrap_or_else(|| {
                            [boxed.0, boxed.1, boxed.2, boxed.3].map(num).join(",")
                        });
                        sub.stmts.push(Stmt::Attribute(attr("bb", &text)));
                    }
                    grow(boxed);
                }
            }
            _ => {}
        }
    }
    bb
}

/// A coordinate as Graphviz reads it: at most two decimals, no trailing zeros.
fn num(x: f64) -> String {
    let text = format!("{x:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".into()
    } else {
        text.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_read_back_from_a_layout() {
        let laid = "digraph { graph [bb=\"0,0,100,50\"]; subgraph cluster_a { graph [bb=\"0,0,100,50\"]; \"n0\" [pos=\"27,18\", \
                    width=0.75, height=0.5]; } n1 [pos=\"80.5,18\", width=\"1\", height=\"0.5\"]; }";
        let p = pins(laid).unwrap();
        assert_eq!(p.nodes["n0"], ((27.0, 18.0), (54.0, 36.0)));
        assert_eq!(p.nodes["n1"], ((80.5, 18.0), (72.0, 36.0)));
        assert_eq!(p.clusters["cluster_a"], "0,0,100,50".to_string());
        assert_eq!(p.bb, Some((0.0, 0.0, 100.0, 50.0)));
    }

    #[test]
    fn coordinates_print_short() {
        assert_eq!(num(27.0), "27");
        assert_eq!(num(27.126), "27.13");
        assert_eq!(num(27.10), "27.1");
        assert_eq!(num(-0.001), "0");
    }
}
