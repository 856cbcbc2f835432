//! A pass after the layout that frees what the layout engine left colliding (issue 14): edges
//! that run through a node they do not connect are routed again around the nodes, and edge
//! labels that overlap another label, a node, a cluster's title or the legend move along their
//! own edge to the nearest free place. The picture is then drawn from the positions
//! (`neato -n2`), so the layout itself (ranks, clusters, node places) stays the engine's.
//!
//! Graphviz's own attributes were tried first (measured with the geometry test of
//! `tests/cli/geometry.rs` on the bundled graph): `splines=ortho` moves labels away from their
//! edges, `xlabel` with `forcelabels` still overlaps, and `nodesep`, `esep`, `splines=true`
//! change nothing, because `dot` routes edges past the nodes of a rank but not around nodes of
//! clusters it crosses and places flat edges' labels without looking at cluster titles.
//!
//! Text is measured with the font tables the built-in layout uses, so a label's box is the one
//! the layout would give it.

use std::collections::BTreeMap;
use std::time::Duration;

use graphviz_rust::dot_structures::{Attribute, EdgeTy, Graph, GraphAttributes, Id, Stmt, Vertex};
use graphviz_rust::printer::{DotPrinter, PrinterContext};

use super::image::{self, Engine, ImageError, ImageFormat, Layout};

/// Past this many edges, edges are not routed again: routing around every node of a large
/// graph is slow and its straight lines cross nodes anyway (labels are still freed).
pub const REROUTE_UP_TO: usize = 150;

/// The space kept around a label, in points.
const GAP: f64 = 2.0;

/// How far an edge may graze a node's outline before it counts as running through it, in
/// points.
const GRAZE: f64 = 1.0;

/// Draws `dot` as [`image::render`] does, with edges through nodes routed again and colliding
/// edge labels moved (see the module's documentation). Frames (`Layout::Pinned`) get their
/// labels moved but keep their edges' lines, which stay those of the layout they share; an
/// installed Graphviz draws as it is.
pub fn render(
    dot: &str,
    layout: Layout,
    format: ImageFormat,
    engine: Engine,
    timeout: Duration,
) -> Result<Vec<u8>, ImageError> {
    if engine != Engine::Builtin {
        return image::render(dot, layout, format, engine, timeout);
    }
    let laid = image::positions(dot, layout, engine, timeout)?;
    let mut graph = parse(&laid)?;
    let scene = Scene::of(&mut graph);
    let through = if layout != Layout::Pinned && scene.edges.len() <= REROUTE_UP_TO {
        scene.through_nodes()
    } else {
        Vec::new()
    };
    if !through.is_empty() {
        reroute(&mut graph, &through, &scene.titles);
        let again = image::positions(&print(&graph), Layout::Placed, engine, timeout)?;
        graph = parse(&again)?;
        drop_title_guards(&mut graph);
    }
    let scene = Scene::of(&mut graph);
    let moves = scene.free_labels();
    move_labels(&mut graph, &scene, &moves);
    unbox_clusters_not_drawn(&mut graph);
    image::render(&print(&graph), Layout::Placed, format, engine, timeout)
}

fn parse(text: &str) -> Result<Graph, ImageError> {
    graphviz_rust::parse(text)
        .map_err(|e| ImageError::Failed(format!("cannot read the layout back: {e}")))
}

fn print(graph: &Graph) -> String {
    graph.print(&mut PrinterContext::default())
}

/// An axis-aligned box, in the layout's points (y grows upwards).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Rect {
    left: f64,
    bottom: f64,
    right: f64,
    top: f64,
}

impl Rect {
    fn centred((x, y): (f64, f64), width: f64, height: f64) -> Rect {
        Rect {
            left: x - width / 2.0,
            right: x + width / 2.0,
            bottom: y - height / 2.0,
            top: y + height / 2.0,
        }
    }

    fn overlaps(self, other: Rect) -> bool {
        self.left.max(other.left) < self.right.min(other.right)
            && self.bottom.max(other.bottom) < self.top.min(other.top)
    }

    /// Like [`Rect::overlaps`], but boxes that only touch count too (a straight line's box
    /// has no height or no width).
    fn touches(self, other: Rect) -> bool {
        self.left.max(other.left) <= self.right.min(other.right)
            && self.bottom.max(other.bottom) <= self.top.min(other.top)
    }

    fn within(self, outer: Rect) -> bool {
        self.left >= outer.left
            && self.right <= outer.right
            && self.bottom >= outer.bottom
            && self.top <= outer.top
    }

    fn grown(self, by: f64) -> Rect {
        Rect {
            left: self.left - by,
            right: self.right + by,
            bottom: self.bottom - by,
            top: self.top + by,
        }
    }
}

/// A node's outline: an ellipse (by its box) or a box.
#[derive(Debug, Clone, Copy)]
struct Outline {
    rect: Rect,
    ellipse: bool,
}

impl Outline {
    /// Whether the point is inside the outline shrunk by [`GRAZE`].
    fn contains(self, (x, y): (f64, f64)) -> bool {
        let r = self.rect.grown(-GRAZE);
        if r.left >= r.right || r.bottom >= r.top {
            return false;
        }
        if self.ellipse {
            let (cx, cy) = ((r.left + r.right) / 2.0, (r.bottom + r.top) / 2.0);
            let (rx, ry) = ((r.right - r.left) / 2.0, (r.top - r.bottom) / 2.0);
            ((x - cx) / rx).powi(2) + ((y - cy) / ry).powi(2) < 1.0
        } else {
            x > r.left && x < r.right && y > r.bottom && y < r.top
        }
    }
}

/// An edge as laid out: its ends, the points of its line and its label's box.
#[derive(Debug, Clone)]
struct EdgeShape {
    from: String,
    to: String,
    line: Vec<(f64, f64)>,
    /// How far the drawn line reaches on each side of `line`, in points: half its pen width,
    /// and the strokes beside it when it is drawn as parallel lines (`color="a:b:c"`).
    reach: f64,
    label: Option<Rect>,
    /// Whether the label is external (`xlabel`, placed at `xlp`), as a diff's are.
    external: bool,
}

/// How far an edge drawn with `color` and `penwidth` reaches on each side of its centre line:
/// half the pen width, and for parallel strokes (colours joined by `:` with no `;` fractions)
/// the outer strokes' offset, their centres at least 2 points apart (as the built-in engine
/// draws an alliance's double line of pen width 1.5).
fn reach(color: Option<&str>, penwidth: Option<&str>) -> f64 {
    let pen = penwidth
        .and_then(|p| p.trim().parse::<f64>().ok())
        .filter(|p| p.is_finite() && *p >= 0.0)
        .unwrap_or(1.0);
    let strokes = color
        .filter(|c| !c.contains(';'))
        .map_or(1, |c| c.split(':').count().max(1));
    pen / 2.0 + pen.max(2.0) * (strokes - 1) as f64 / 2.0
}

/// What the passes read from a laid-out graph.
#[derive(Debug, Default)]
struct Scene {
    bb: Option<Rect>,
    nodes: Vec<(String, Outline)>,
    /// Graph and cluster titles.
    titles: Vec<Rect>,
    /// Every edge, in the order of the DOT's edge statements.
    edges: Vec<EdgeShape>,
}

/// Attributes in force: the defaults of the enclosing graphs, then a statement's own.
type Defaults = BTreeMap<String, String>;

/// The text of an id, without quotes; Graphviz's line continuations (`\` and a line break)
/// removed.
fn text(id: &Id) -> String {
    let raw = match id {
        Id::Escaped(s) => s
            .strip_prefix('"')
            .and_then(|s| s.strip_suffix('"'))
            .unwrap_or(s),
        Id::Html(s) | Id::Plain(s) | Id::Anonymous(s) => s,
    };
    raw.replace("\\\n", "").replace("\\\r\n", "")
}

fn attributes(list: &[Attribute], into: &mut Defaults) {
    for Attribute(key, value) in list {
        into.insert(text(key), text(value));
    }
}

fn numbers(text: &str) -> Vec<f64> {
    text.split([',', ' ', '\n'])
        .filter_map(|n| n.trim().parse().ok())
        .collect()
}

fn point(text: &str) -> Option<(f64, f64)> {
    match numbers(text)[..] {
        [x, y, ..] => Some((x, y)),
        _ => None,
    }
}

/// The points of an edge's `pos` (arrow ends `e,x,y` and `s,x,y` left out), its cubic Béziers
/// sampled at 16 steps.
fn line(pos: &str) -> Vec<(f64, f64)> {
    let points: Vec<(f64, f64)> = pos
        .split_whitespace()
        .filter(|p| !p.starts_with("e,") && !p.starts_with("s,"))
        .filter_map(point)
        .collect();
    let Some(&first) = points.first() else {
        return Vec::new();
    };
    let mut out = vec![first];
    let mut start = first;
    for curve in points[1..].chunks_exact(3) {
        let (c1, c2, end) = (curve[0], curve[1], curve[2]);
        for step in 1..=16 {
            let t = f64::from(step) / 16.0;
            let u = 1.0 - t;
            let at = |a: f64, b: f64, c: f64, d: f64| {
                u * u * u * a + 3.0 * u * u * t * b + 3.0 * u * t * t * c + t * t * t * d
            };
            out.push((
                at(start.0, c1.0, c2.0, end.0),
                at(start.1, c1.1, c2.1, end.1),
            ));
        }
        start = end;
    }
    out
}

/// The box of a plain label of `text` at `lp`, measured with the built-in layout's font tables.
/// The layout measures each byte of a character beyond ASCII (a diff's `→`) as a space, and
/// warns that it does: such characters are measured as those spaces here, without the warning.
fn label_box(text: &str, lp: (f64, f64), font: &str, size: f64) -> Rect {
    let lines: Vec<String> = text
        .split("\\n")
        .map(|line| {
            line.chars()
                .map(|c| {
                    if c.is_ascii() {
                        c.to_string()
                    } else {
                        " ".repeat(c.len_utf8())
                    }
                })
                .collect()
        })
        .collect();
    let width = lines
        .iter()
        .map(|l| graphviz_pure_core::font::estimate_text_size(l, font, size).0)
        .fold(0.0, f64::max);
    Rect::centred(lp, width, size * 1.2 * lines.len() as f64)
}

/// The box of an external label (`xlabel`) at `xlp`: plain text, or an HTML label of one cell,
/// as a diff's labels are (text on a white ground, the cell padded by 1 point and spaced by
/// Graphviz's default 2).
fn external_box(label: &str, xlp: (f64, f64), font: &str, size: f64) -> Rect {
    let Some(html) = label.strip_prefix('<').and_then(|l| l.strip_suffix('>')) else {
        return label_box(label, xlp, font, size);
    };
    label_box(&html_plain(html), xlp, font, size).grown(3.0)
}

/// The text of an HTML label: its tags dropped, `<BR/>` a line break (`\n`, as in a plain
/// label), the five entities that `quote::html_text` writes decoded.
fn html_plain(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            rest = "";
            break;
        };
        let tag = &rest[open + 1..open + close];
        if tag.trim_end_matches('/').trim().eq_ignore_ascii_case("br") {
            out.push_str("\\n");
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The box of a graph's or cluster's title from its `lp`, `lwidth` and `lheight`.
fn title_box(attributes: &Defaults) -> Option<Rect> {
    let lp = point(attributes.get("lp")?)?;
    let width: f64 = attributes.get("lwidth")?.parse().ok()?;
    let height: f64 = attributes.get("lheight")?.parse().ok()?;
    Some(Rect::centred(lp, width * 72.0, height * 72.0))
}

fn vertex_name(v: &Vertex) -> String {
    match v {
        Vertex::N(id) => text(&id.0),
        Vertex::S(_) => String::new(),
    }
}

impl Scene {
    fn of(graph: &mut Graph) -> Scene {
        let mut scene = Scene::default();
        let stmts = match graph {
            Graph::Graph { stmts, .. } | Graph::DiGraph { stmts, .. } => stmts,
        };
        let mut graph_attributes = Defaults::new();
        for stmt in stmts.iter() {
            if let Stmt::GAttribute(GraphAttributes::Graph(list)) = stmt {
                attributes(list, &mut graph_attributes);
            }
        }
        scene.bb = graph_attributes
            .get("bb")
            .and_then(|bb| match numbers(bb)[..] {
                [left, bottom, right, top] => Some(Rect {
                    left,
                    bottom,
                    right,
                    top,
                }),
                _ => None,
            });
        scene.titles.extend(title_box(&graph_attributes));
        let mut walk = |stmt: &mut Stmt, node: &Defaults, edge: &Defaults| match stmt {
            Stmt::Node(n) => {
                let mut all = node.clone();
                attributes(&n.attributes, &mut all);
                let (Some(pos), Some(w), Some(h)) = (
                    all.get("pos").and_then(|p| point(p)),
                    all.get("width").and_then(|w| w.parse::<f64>().ok()),
                    all.get("height").and_then(|h| h.parse::<f64>().ok()),
                ) else {
                    return;
                };
                let shape = all.get("shape").map(String::as_str).unwrap_or("ellipse");
                scene.nodes.push((
                    text(&n.id.0),
                    Outline {
                        rect: Rect::centred(pos, w * 72.0, h * 72.0),
                        ellipse: matches!(shape, "ellipse" | "oval" | "circle"),
                    },
                ));
            }
            Stmt::Edge(e) => {
                let mut all = edge.clone();
                attributes(&e.attributes, &mut all);
                let (from, to) = match &e.ty {
                    EdgeTy::Pair(a, b) => (vertex_name(a), vertex_name(b)),
                    EdgeTy::Chain(v) => (
                        v.first().map(vertex_name).unwrap_or_default(),
                        v.last().map(vertex_name).unwrap_or_default(),
                    ),
                };
                let size = all
                    .get("fontsize")
                    .and_then(|s| s.parse().ok())
                    .unwrap_or(14.0);
                let font = all.get("fontname").map(String::as_str).unwrap_or("Times");
                let at = |key: &str| all.get(key).and_then(|p| point(p));
                let (label, external) = match (all.get("label"), at("lp")) {
                    (Some(label), Some(lp)) if !label.is_empty() => {
                        (Some(label_box(label, lp, font, size)), false)
                    }
                    _ => match (all.get("xlabel"), at("xlp")) {
                        (Some(label), Some(xlp)) if !label.is_empty() => {
                            (Some(external_box(label, xlp, font, size)), true)
                        }
                        _ => (None, false),
                    },
                };
                scene.edges.push(EdgeShape {
                    from,
                    to,
                    line: all.get("pos").map(|p| line(p)).unwrap_or_default(),
                    reach: reach(
                        all.get("color").map(String::as_str),
                        all.get("penwidth").map(String::as_str),
                    ),
                    label,
                    external,
                });
            }
            _ => {}
        };
        let mut titles = Vec::new();
        visit(
            stmts,
            &Defaults::new(),
            &Defaults::new(),
            &mut walk,
            &mut titles,
        );
        scene.titles.extend(titles);
        scene
    }

    /// The indexes of the edges whose line runs through a node that is not one of its ends, or
    /// through a cluster's title.
    fn through_nodes(&self) -> Vec<usize> {
        self.edges
            .iter()
            .enumerate()
            .filter(|(_, e)| {
                let reach = bounds(&e.line);
                self.nodes.iter().any(|(name, outline)| {
                    *name != e.from
                        && *name != e.to
                        && outline.rect.touches(reach)
                        && e.line.iter().any(|p| outline.contains(*p))
                }) || (self.titles.iter())
                    .any(|&t| t.touches(reach.grown(e.reach)) && crosses(&e.line, t.grown(e.reach)))
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// Where each colliding edge label moves (by edge index): the free place nearest the
    /// middle of its own edge, beside the line, and clear of every edge's line where such a
    /// place exists. Labels that collide with nothing and cross no line stay; a label with no
    /// free place on its edge stays where it was.
    fn free_labels(&self) -> BTreeMap<usize, (f64, f64)> {
        let mut fixed: Vec<Rect> = self.nodes.iter().map(|(_, o)| o.rect).collect();
        fixed.extend(self.titles.iter().copied());
        // Each line with its box grown by how far its strokes reach beside it.
        let lines: Vec<(Rect, &EdgeShape)> = self
            .edges
            .iter()
            .map(|e| (bounds(&e.line).grown(e.reach), e))
            .collect();
        let on_a_line = |rect: Rect| {
            lines
                .iter()
                .any(|(b, e)| b.touches(rect) && crosses(&e.line, rect.grown(e.reach)))
        };
        let mut labels: Vec<Option<Rect>> = self.edges.iter().map(|e| e.label).collect();
        let mut moves = BTreeMap::new();
        for (i, edge) in self.edges.iter().enumerate() {
            let Some(current) = labels[i] else {
                continue;
            };
            let free = |rect: Rect, labels: &[Option<Rect>]| {
                let padded = rect.grown(GAP);
                self.bb.is_none_or(|bb| rect.within(bb))
                    && !fixed.iter().any(|f| f.overlaps(padded))
                    && !labels
                        .iter()
                        .enumerate()
                        .any(|(j, l)| j != i && l.is_some_and(|l| l.overlaps(padded)))
            };
            if free(current, &labels) && !on_a_line(current) {
                continue;
            }
            let (width, height) = (current.right - current.left, current.top - current.bottom);
            let middle = edge.line.len() / 2;
            let mut order: Vec<usize> = (0..edge.line.len()).collect();
            order.sort_by_key(|&k| (k.abs_diff(middle), k));
            // Beside the line: above, below, right, left, then a little further out each
            // time, so that a label can clear a slanting line.
            let offsets: Vec<(f64, f64)> = (0..5)
                .flat_map(|step| {
                    let out = GAP + 1.0 + 4.0 * f64::from(step);
                    let (dx, dy) = (width / 2.0 + out, height / 2.0 + out);
                    [(0.0, dy), (0.0, -dy), (dx, 0.0), (-dx, 0.0)]
                })
                .collect();
            // Further out and on the diagonals, tried only when the places above are all on a
            // line: a wide label beside a slanting line clears it only a long way off.
            let further: Vec<(f64, f64)> = (0..12)
                .flat_map(|step| {
                    let out = GAP + 1.0 + 4.0 * f64::from(step);
                    let (dx, dy) = (width / 2.0 + out, height / 2.0 + out);
                    let beside = (step >= 5)
                        .then_some([(0.0, dy), (0.0, -dy), (dx, 0.0), (-dx, 0.0)])
                        .into_iter()
                        .flatten();
                    beside.chain([(dx, dy), (-dx, dy), (dx, -dy), (-dx, -dy)])
                })
                .collect();
            let candidates = |offsets| places(&order, &edge.line, offsets);
            let clear = |c: (f64, f64)| {
                let rect = Rect::centred(c, width, height);
                free(rect, &labels) && !on_a_line(rect.grown(1.0))
            };
            // Clear of every line first; failing that, clear of labels and nodes only.
            let found = candidates(&offsets)
                .find(|&c| clear(c))
                .or_else(|| candidates(&further).find(|&c| clear(c)))
                .or_else(|| {
                    candidates(&offsets).find(|&c| free(Rect::centred(c, width, height), &labels))
                });
            if let Some(centre) = found {
                labels[i] = Some(Rect::centred(centre, width, height));
                moves.insert(i, centre);
            }
        }
        moves
    }
}

/// The places `offsets` away from each point of `line`, the points in `order`.
fn places<'a>(
    order: &'a [usize],
    line: &'a [(f64, f64)],
    offsets: &'a [(f64, f64)],
) -> impl Iterator<Item = (f64, f64)> + 'a {
    order.iter().flat_map(move |&k| {
        let (x, y) = line[k];
        offsets.iter().map(move |(dx, dy)| (x + dx, y + dy))
    })
}

/// Whether a line (points joined by segments) enters `rect`.
fn crosses(line: &[(f64, f64)], rect: Rect) -> bool {
    line.windows(2).any(|w| segment_enters(w[0], w[1], rect))
}

/// Whether the segment from `a` to `b` enters `rect` (Liang–Barsky clipping).
fn segment_enters(a: (f64, f64), b: (f64, f64), rect: Rect) -> bool {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let (mut low, mut high) = (0.0_f64, 1.0_f64);
    for (p, q) in [
        (-dx, a.0 - rect.left),
        (dx, rect.right - a.0),
        (-dy, a.1 - rect.bottom),
        (dy, rect.top - a.1),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return false;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                low = low.max(t);
            } else {
                high = high.min(t);
            }
            if low > high {
                return false;
            }
        }
    }
    true
}

/// The box around a line's points.
fn bounds(line: &[(f64, f64)]) -> Rect {
    line.iter().fold(
        Rect {
            left: f64::MAX,
            bottom: f64::MAX,
            right: f64::MIN,
            top: f64::MIN,
        },
        |r, &(x, y)| Rect {
            left: r.left.min(x),
            right: r.right.max(x),
            bottom: r.bottom.min(y),
            top: r.top.max(y),
        },
    )
}

/// Calls `f` on every node and edge statement with the node and edge defaults in force, and
/// collects the title box of every cluster into `titles`.
fn visit(
    stmts: &mut [Stmt],
    node: &Defaults,
    edge: &Defaults,
    f: &mut impl FnMut(&mut Stmt, &Defaults, &Defaults),
    titles: &mut Vec<Rect>,
) {
    let (mut node, mut edge) = (node.clone(), edge.clone());
    for stmt in stmts {
        match stmt {
            Stmt::GAttribute(GraphAttributes::Node(list)) => attributes(list, &mut node),
            Stmt::GAttribute(GraphAttributes::Edge(list)) => attributes(list, &mut edge),
            Stmt::Subgraph(sub) => {
                let mut own = Defaults::new();
                for s in &sub.stmts {
                    match s {
                        Stmt::GAttribute(GraphAttributes::Graph(list)) => {
                            attributes(list, &mut own)
                        }
                        Stmt::Attribute(a) => attributes(std::slice::from_ref(a), &mut own),
                        _ => {}
                    }
                }
                titles.extend(title_box(&own));
                visit(&mut sub.stmts, &node, &edge, f, titles);
            }
            other => f(other, &node, &edge),
        }
    }
}

/// The edge statements of `graph`, in the order [`Scene::of`] numbers them.
fn edges_mut(graph: &mut Graph) -> Vec<&mut Vec<Attribute>> {
    fn collect<'a>(stmts: &'a mut [Stmt], out: &mut Vec<&'a mut Vec<Attribute>>) {
        for stmt in stmts {
            match stmt {
                Stmt::Edge(e) => out.push(&mut e.attributes),
                Stmt::Subgraph(sub) => collect(&mut sub.stmts, out),
                _ => {}
            }
        }
    }
    let stmts = match graph {
        Graph::Graph { stmts, .. } | Graph::DiGraph { stmts, .. } => stmts,
    };
    let mut out = Vec::new();
    collect(stmts, &mut out);
    out
}

fn is(attribute: &Attribute, key: &str) -> bool {
    text(&attribute.0) == key
}

/// The name of the invisible nodes that keep rerouted edges off the titles; no node of ours
/// has a name with a colon.
const GUARD: &str = "declutter:title";

/// Drops the line and label place of the edges at `indexes`, and has the remaining pass route
/// them around the nodes (`splines=true`, which leaves every edge that keeps its line alone)
/// and around the `titles` (invisible nodes in their place, removed again by
/// [`drop_title_guards`]).
fn reroute(graph: &mut Graph, indexes: &[usize], titles: &[Rect]) {
    let mut edges = edges_mut(graph);
    for &i in indexes {
        if let Some(attributes) = edges.get_mut(i) {
            attributes.retain(|a| !is(a, "pos") && !is(a, "lp"));
        }
    }
    let stmts = match graph {
        Graph::Graph { stmts, .. } | Graph::DiGraph { stmts, .. } => stmts,
    };
    stmts.push(Stmt::GAttribute(GraphAttributes::Graph(vec![Attribute(
        Id::Plain("splines".into()),
        Id::Plain("true".into()),
    )])));
    for (i, title) in titles.iter().enumerate() {
        let value = |v: String| Id::Escaped(format!("\"{v}\""));
        let plain = |k: &str| Id::Plain(k.into());
        stmts.push(Stmt::Node(graphviz_rust::dot_structures::Node::new(
            graphviz_rust::dot_structures::NodeId(value(format!("{GUARD}{i}")), None),
            vec![
                Attribute(plain("shape"), plain("box")),
                Attribute(plain("style"), plain("invis")),
                Attribute(plain("label"), value(String::new())),
                Attribute(plain("fixedsize"), plain("true")),
                Attribute(
                    plain("pos"),
                    value(format!(
                        "{:.2},{:.2}",
                        (title.left + title.right) / 2.0,
                        (title.bottom + title.top) / 2.0
                    )),
                ),
                Attribute(
                    plain("width"),
                    value(format!("{:.4}", (title.right - title.left) / 72.0)),
                ),
                Attribute(
                    plain("height"),
                    value(format!("{:.4}", (title.top - title.bottom) / 72.0)),
                ),
            ],
        )));
    }
}

/// Renames the clusters the layout engine did not draw (`sfdp`, `neato` and others lay out no
/// clusters, and give them no `bb`) so that the drawing from positions does not draw them either:
/// `neato -n2` would draw each around the whole graph.
fn unbox_clusters_not_drawn(graph: &mut Graph) {
    fn walk(stmts: &mut [Stmt]) {
        for stmt in stmts {
            if let Stmt::Subgraph(sub) = stmt {
                let has_box = sub.stmts.iter().any(|s| match s {
                    Stmt::GAttribute(GraphAttributes::Graph(list)) => {
                        list.iter().any(|a| is(a, "bb"))
                    }
                    Stmt::Attribute(a) => is(a, "bb"),
                    _ => false,
                });
                let name = text(&sub.id);
                if !has_box && name.starts_with("cluster") {
                    sub.id = Id::Escaped(format!("\"unboxed_{name}\""));
                }
                walk(&mut sub.stmts);
            }
        }
    }
    let stmts = match graph {
        Graph::Graph { stmts, .. } | Graph::DiGraph { stmts, .. } => stmts,
    };
    walk(stmts);
}

/// Removes the nodes [`reroute`] added.
fn drop_title_guards(graph: &mut Graph) {
    let stmts = match graph {
        Graph::Graph { stmts, .. } | Graph::DiGraph { stmts, .. } => stmts,
    };
    stmts.retain(|s| !matches!(s, Stmt::Node(n) if text(&n.id.0).starts_with(GUARD)));
}

/// Sets the label place (`lp`, or `xlp` for an external label) of the edges in `moves`.
fn move_labels(graph: &mut Graph, scene: &Scene, moves: &BTreeMap<usize, (f64, f64)>) {
    let mut edges = edges_mut(graph);
    for (&i, &(x, y)) in moves {
        let key = if scene.edges.get(i).is_some_and(|e| e.external) {
            "xlp"
        } else {
            "lp"
        };
        if let Some(attributes) = edges.get_mut(i) {
            attributes.retain(|a| !is(a, key));
            attributes.push(Attribute(
                Id::Plain(key.into()),
                Id::Escaped(format!("\"{x:.2},{y:.2}\"")),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_reaches_half_its_pen_and_its_parallel_strokes() {
        assert!((reach(None, None) - 0.5).abs() < 1e-9);
        assert!((reach(Some("#0072B2"), Some("4.00")) - 2.0).abs() < 1e-9);
        // An alliance: three strokes (the middle one invisible) at pen width 1.5, their
        // centres 2 points apart, as the built-in engine draws them.
        assert!((reach(Some("#0072B2:invis:#0072B2"), Some("1.5")) - 2.75).abs() < 1e-9);
        // Colours with fractions are one stroke in segments, not parallel strokes.
        assert!((reach(Some("red;0.5:blue"), Some("2")) - 1.0).abs() < 1e-9);
        // A pen width that is not a number is the default.
        assert!((reach(None, Some("wide")) - 0.5).abs() < 1e-9);
    }

    /// Two nodes and an edge whose label was laid out on the second node's name.
    const LAID: &str = r#"digraph g {
        graph [bb="0,0,300,100"];
        node [shape=ellipse, fontname=Helvetica, fontsize=11];
        edge [fontname=Helvetica, fontsize=9];
        a [pos="30,50", width=0.8, height=0.5];
        b [pos="270,50", width=0.8, height=0.5];
        c [pos="150,50", width=0.8, height=0.5, shape=box];
        a -> b [label="+0.50", lp="265,50", pos="e,241,50 59,50 100,50 200,50 241,50"];
    }"#;

    #[test]
    fn an_edge_through_a_node_is_found_and_a_label_on_a_node_moves_beside_its_edge() {
        let mut graph = parse(LAID).unwrap();
        let scene = Scene::of(&mut graph);
        assert_eq!(scene.nodes.len(), 3);
        assert!(!scene.nodes[0].1.contains((0.0, 50.0)) && scene.nodes[0].1.contains((30.0, 50.0)));
        assert!(
            !scene.nodes[0].1.contains((5.0, 65.0)),
            "an ellipse, not its box"
        );
        assert_eq!(scene.through_nodes(), vec![0]);
        let moves = scene.free_labels();
        let (x, y) = moves[&0];
        let moved = Rect::centred((x, y), 28.0, 10.8);
        for (_, node) in &scene.nodes {
            assert!(!node.rect.overlaps(moved), "{moved:?} on {node:?}");
        }
        // Beside its own line, and as near its middle as is free.
        assert!(
            (y - 50.0).abs() < 12.0 && (40.0..=260.0).contains(&x),
            "{x},{y}"
        );
        move_labels(&mut graph, &scene, &moves);
        assert!(print(&graph).contains(&format!("lp=\"{x:.2},{y:.2}\"")));
        reroute(&mut graph, &[0], &scene.titles);
        let text = print(&graph);
        assert!(
            !text.contains("pos=\"e,241") && text.contains("splines=true"),
            "{text}"
        );
        assert!(segment_enters(
            (0.0, 0.0),
            (10.0, 10.0),
            Rect::centred((5.0, 5.0), 1.0, 1.0)
        ));
        assert!(!segment_enters(
            (0.0, 0.0),
            (10.0, 0.0),
            Rect::centred((5.0, 5.0), 1.0, 1.0)
        ));
    }

    #[test]
    fn labels_and_titles_are_measured_with_the_layouts_font_tables() {
        // Helvetica's AFM widths of "+0.50" sum to 2,530 thousandths of an em (the tables
        // round them to their own units).
        let r = label_box("+0.50", (10.0, 10.0), "Helvetica", 10.0);
        assert!((r.right - r.left - 25.3).abs() < 0.05, "{r:?}");
        assert!((r.top - r.bottom - 12.0).abs() < 1e-9);
        let two = label_box("a\\nb", (0.0, 0.0), "Helvetica", 10.0);
        assert!((two.top - two.bottom - 24.0).abs() < 1e-9);
        let mut title = Defaults::new();
        title.insert("lp".into(), "100,50".into());
        title.insert("lwidth".into(), "1".into());
        title.insert("lheight".into(), "0.5".into());
        assert_eq!(
            title_box(&title),
            Some(Rect {
                left: 64.0,
                right: 136.0,
                bottom: 32.0,
                top: 68.0
            })
        );
    }
}
