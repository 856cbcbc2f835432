//! A geometry checker for the SVG Graphviz writes: where each text, node, edge and cluster is,
//! and what collides. Text extents come from the font tables the built-in layout measures with
//! (`graphviz_pure_core::font`), so a label the layout thought fits is measured as it did.
//!
//! A text is one `<text>` element: the width its font tables give, and the layout's line box
//! around its baseline (the font size above it and a fifth of it below, Graphviz's 1.2 line
//! spacing). Texts of one node, edge or cluster (or the graph's own title) form one label and
//! are never compared with each other.

use graphviz_pure_core::font::estimate_text_size_styled;

/// How far two boxes may reach into each other (or an edge into a node) before it counts, in
/// points: rounding in the SVG's coordinates, not a margin for real collisions.
const TOLERANCE: f64 = 0.5;

/// An axis-aligned box, in SVG coordinates (y grows downwards).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub left: f64,
    pub top: f64,
    pub right: f64,
    pub bottom: f64,
}

impl Rect {
    /// The smallest box holding every point.
    fn around(points: &[(f64, f64)]) -> Option<Rect> {
        let (&(x, y), rest) = points.split_first()?;
        let mut rect = Rect {
            left: x,
            top: y,
            right: x,
            bottom: y,
        };
        for &(x, y) in rest {
            rect.left = rect.left.min(x);
            rect.right = rect.right.max(x);
            rect.top = rect.top.min(y);
            rect.bottom = rect.bottom.max(y);
        }
        Some(rect)
    }

    fn union(self, other: Rect) -> Rect {
        Rect {
            left: self.left.min(other.left),
            top: self.top.min(other.top),
            right: self.right.max(other.right),
            bottom: self.bottom.max(other.bottom),
        }
    }

    /// Whether the two boxes share more than [`TOLERANCE`] in both directions.
    pub fn overlaps(self, other: Rect) -> bool {
        self.left.max(other.left) + TOLERANCE < self.right.min(other.right)
            && self.top.max(other.top) + TOLERANCE < self.bottom.min(other.bottom)
    }

    /// Whether `other` lies inside this box (up to [`TOLERANCE`]).
    pub fn holds(self, other: Rect) -> bool {
        other.left + TOLERANCE >= self.left
            && other.right - TOLERANCE <= self.right
            && other.top + TOLERANCE >= self.top
            && other.bottom - TOLERANCE <= self.bottom
    }

    /// Whether the point lies inside the box shrunk by [`TOLERANCE`].
    fn contains(self, (x, y): (f64, f64)) -> bool {
        x > self.left + TOLERANCE
            && x < self.right - TOLERANCE
            && y > self.top + TOLERANCE
            && y < self.bottom - TOLERANCE
    }
}

/// What a text belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    Node,
    Edge,
    Cluster,
    Legend,
    /// The graph's own label: title, caption, sources note.
    Graph,
}

/// One line of text as drawn.
#[derive(Debug, Clone)]
pub struct Text {
    pub owner: Owner,
    /// The `<title>` of the node, edge or cluster (Graphviz's name for it).
    pub name: String,
    /// Which group it belongs to: texts of one group are one label.
    pub group: usize,
    pub text: String,
    pub rect: Rect,
}

/// A node's outline.
#[derive(Debug, Clone)]
pub enum Shape {
    Ellipse { cx: f64, cy: f64, rx: f64, ry: f64 },
    Box(Rect),
}

impl Shape {
    /// Whether the point is inside the shape shrunk by [`TOLERANCE`].
    fn contains(&self, (x, y): (f64, f64)) -> bool {
        match *self {
            Shape::Ellipse { cx, cy, rx, ry } => {
                let (rx, ry) = (rx - TOLERANCE, ry - TOLERANCE);
                rx > 0.0 && ry > 0.0 && ((x - cx) / rx).powi(2) + ((y - cy) / ry).powi(2) < 1.0
            }
            Shape::Box(rect) => rect.contains((x, y)),
        }
    }

    fn rect(&self) -> Rect {
        match *self {
            Shape::Ellipse { cx, cy, rx, ry } => Rect {
                left: cx - rx,
                top: cy - ry,
                right: cx + rx,
                bottom: cy + ry,
            },
            Shape::Box(rect) => rect,
        }
    }
}

/// A node: its Graphviz name and outline.
#[derive(Debug, Clone)]
pub struct NodeShape {
    pub name: String,
    pub shape: Shape,
}

/// An edge: the names of its ends and the points of its drawn lines (curves sampled).
#[derive(Debug, Clone)]
pub struct EdgeLine {
    pub from: String,
    pub to: String,
    /// The points of every stroke, one after another.
    pub points: Vec<(f64, f64)>,
    /// Each stroke's points (a double line has several).
    pub paths: Vec<Vec<(f64, f64)>>,
}

/// A cluster: its name, outline box and title lines.
#[derive(Debug, Clone)]
pub struct Cluster {
    pub name: String,
    pub rect: Rect,
}

/// Everything the checks read from one SVG.
#[derive(Debug, Default)]
pub struct Drawing {
    pub texts: Vec<Text>,
    pub nodes: Vec<NodeShape>,
    pub edges: Vec<EdgeLine>,
    pub clusters: Vec<Cluster>,
}

/// The numbers of an SVG `d` or `points` attribute, in order.
fn numbers(text: &str) -> Vec<f64> {
    text.split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-' || c == 'e'))
        .filter_map(|n| n.parse().ok())
        .collect()
}

fn pairs(text: &str) -> Vec<(f64, f64)> {
    numbers(text)
        .chunks_exact(2)
        .map(|p| (p[0], p[1]))
        .collect()
}

/// The points of a path of cubic Béziers as Graphviz writes them (`M p C c c p c c p ...`),
/// each curve sampled at 16 steps.
fn sampled(d: &str) -> Vec<(f64, f64)> {
    let points = pairs(d);
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

/// The attribute as a number.
fn number(node: roxmltree::Node, name: &str) -> f64 {
    node.attribute(name)
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("<{}> without a numeric {name}", node.tag_name().name()))
}

/// The box of a `<text>` element as the layout measured it.
fn text_rect(node: roxmltree::Node, text: &str) -> Rect {
    let x = number(node, "x");
    let y = number(node, "y");
    let size = number(node, "font-size");
    let family = node
        .attribute("font-family")
        .unwrap_or("Times-Roman")
        .split(',')
        .next()
        .unwrap_or_default();
    let bold = node.attribute("font-weight") == Some("bold");
    let italic = node.attribute("font-style") == Some("italic");
    // The layout measures each byte of a character beyond ASCII as a space (and warns that it
    // does): measured the same way here, without the warning.
    let measured: String = text
        .chars()
        .map(|c| {
            if c.is_ascii() {
                c.to_string()
            } else {
                " ".repeat(c.len_utf8())
            }
        })
        .collect();
    let (width, _) = estimate_text_size_styled(&measured, family, size, bold, italic);
    let left = match node.attribute("text-anchor") {
        Some("middle") => x - width / 2.0,
        Some("end") => x - width,
        _ => x,
    };
    Rect {
        left,
        right: left + width,
        top: y - size,
        bottom: y + size * 0.2,
    }
}

/// The `<title>` child of a group.
fn title(group: roxmltree::Node) -> String {
    group
        .children()
        .find(|c| c.has_tag_name("title"))
        .and_then(|t| t.text())
        .unwrap_or_default()
        .to_string()
}

/// The outline drawn by a shape element, as points.
fn outline(node: roxmltree::Node) -> Vec<(f64, f64)> {
    match node.tag_name().name() {
        "polygon" | "polyline" => pairs(node.attribute("points").unwrap_or_default()),
        "path" => sampled(node.attribute("d").unwrap_or_default()),
        "ellipse" => {
            let (cx, cy) = (number(node, "cx"), number(node, "cy"));
            let (rx, ry) = (number(node, "rx"), number(node, "ry"));
            vec![(cx - rx, cy - ry), (cx + rx, cy + ry)]
        }
        _ => Vec::new(),
    }
}

/// Reads the geometry of an SVG written by Graphviz (either engine).
pub fn read(svg: &str) -> Drawing {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    let doc = roxmltree::Document::parse_with_options(svg, options).expect("the SVG is XML");
    let mut drawing = Drawing::default();
    let root = doc
        .descendants()
        .find(|n| n.attribute("class") == Some("graph"))
        .expect("the graph's group");
    // The graph's own label: texts directly in the graph's group.
    for text in root.children().filter(|n| n.has_tag_name("text")) {
        let content = text.text().unwrap_or_default().to_string();
        drawing.texts.push(Text {
            owner: Owner::Graph,
            name: "graph".into(),
            group: 0,
            rect: text_rect(text, &content),
            text: content,
        });
    }
    for (index, group) in root
        .descendants()
        .filter(|n| n.has_tag_name("g"))
        .filter(|n| {
            matches!(
                n.attribute("class"),
                Some("node") | Some("edge") | Some("cluster")
            )
        })
        .enumerate()
    {
        let name = title(group);
        let class = group.attribute("class").unwrap_or_default();
        let owner = match class {
            "node" if name == "legend" => Owner::Legend,
            "node" => Owner::Node,
            "edge" => Owner::Edge,
            _ => Owner::Cluster,
        };
        for text in group.descendants().filter(|n| n.has_tag_name("text")) {
            let content = text.text().unwrap_or_default().to_string();
            if content.trim().is_empty() {
                continue;
            }
            drawing.texts.push(Text {
                owner,
                name: name.clone(),
                group: index + 1,
                rect: text_rect(text, &content),
                text: content,
            });
        }
        let shapes: Vec<roxmltree::Node> = group
            .descendants()
            .filter(|n| matches!(n.tag_name().name(), "path" | "polygon" | "ellipse"))
            .collect();
        match class {
            "node" => {
                let shape = match shapes.iter().find(|n| n.has_tag_name("ellipse")) {
                    Some(e) => Shape::Ellipse {
                        cx: number(*e, "cx"),
                        cy: number(*e, "cy"),
                        rx: number(*e, "rx"),
                        ry: number(*e, "ry"),
                    },
                    None => {
                        let mut points: Vec<(f64, f64)> =
                            shapes.iter().flat_map(|s| outline(*s)).collect();
                        // A plaintext node (the legend) is drawn by its texts as much as by
                        // its cells.
                        for text in drawing.texts.iter().filter(|t| t.group == index + 1) {
                            points.push((text.rect.left, text.rect.top));
                            points.push((text.rect.right, text.rect.bottom));
                        }
                        match Rect::around(&points) {
                            Some(rect) => Shape::Box(rect),
                            None => continue,
                        }
                    }
                };
                drawing.nodes.push(NodeShape { name, shape });
            }
            "edge" => {
                let (from, to) = name
                    .split_once("->")
                    .or_else(|| name.split_once("--"))
                    .map(|(a, b)| (a.to_string(), b.to_string()))
                    .unwrap_or_default();
                let paths: Vec<Vec<(f64, f64)>> = shapes
                    .iter()
                    .filter(|s| s.has_tag_name("path"))
                    .map(|s| sampled(s.attribute("d").unwrap_or_default()))
                    .collect();
                let points = paths.concat();
                drawing.edges.push(EdgeLine {
                    from,
                    to,
                    points,
                    paths,
                });
            }
            _ => {
                let outline = shapes
                    .iter()
                    .find(|s| s.parent().is_some_and(|p| p == group))
                    .map(|s| outline(*s))
                    .unwrap_or_default();
                if let Some(rect) = Rect::around(&outline) {
                    drawing.clusters.push(Cluster { name, rect });
                }
            }
        }
    }
    drawing
}

/// What collides in a drawing, one line each (empty when nothing does).
///
/// - two texts of different labels whose boxes overlap;
/// - a text over a node it does not belong to (an edge's label on a person's ellipse);
/// - an edge line through a node that is not one of its ends;
/// - a cluster's title outside its box.
pub fn collisions(drawing: &Drawing) -> Vec<String> {
    let mut found = Vec::new();
    let describe = |t: &Text| format!("{:?} {} {:?}", t.owner, t.name, t.text);
    for (i, a) in drawing.texts.iter().enumerate() {
        for b in &drawing.texts[i + 1..] {
            if a.group != b.group && a.rect.overlaps(b.rect) {
                found.push(format!(
                    "label overlap: {} and {}",
                    describe(a),
                    describe(b)
                ));
            }
        }
    }
    for text in &drawing.texts {
        for node in &drawing.nodes {
            let own = matches!(text.owner, Owner::Node | Owner::Legend) && text.name == node.name;
            if !own && text.rect.overlaps(node.shape.rect()) && covers(&node.shape, text.rect) {
                found.push(format!(
                    "label on a node: {} over {}",
                    describe(text),
                    node.name
                ));
            }
        }
    }
    for edge in &drawing.edges {
        for node in &drawing.nodes {
            if node.name == edge.from || node.name == edge.to {
                continue;
            }
            if edge.points.iter().any(|p| node.shape.contains(*p)) {
                found.push(format!(
                    "edge through a node: {}->{} through {}",
                    edge.from, edge.to, node.name
                ));
            }
        }
    }
    for cluster in &drawing.clusters {
        for text in drawing
            .texts
            .iter()
            .filter(|t| t.owner == Owner::Cluster && t.name == cluster.name)
        {
            if !cluster.rect.holds(text.rect) {
                found.push(format!(
                    "title outside its cluster: {} ({:?} from {:.1} to {:.1}, box {:.1} to {:.1})",
                    describe(text),
                    text.text,
                    text.rect.left,
                    text.rect.right,
                    cluster.rect.left,
                    cluster.rect.right
                ));
            }
        }
    }
    found
}

/// Whether any part of `rect` lies inside `shape` (an ellipse is tested at the box's corners,
/// edge midpoints and centre; a box by overlap).
fn covers(shape: &Shape, rect: Rect) -> bool {
    match shape {
        Shape::Box(_) => true,
        Shape::Ellipse { .. } => {
            let xs = [rect.left, (rect.left + rect.right) / 2.0, rect.right];
            let ys = [rect.top, (rect.top + rect.bottom) / 2.0, rect.bottom];
            xs.iter()
                .any(|&x| ys.iter().any(|&y| shape.contains((x, y))))
        }
    }
}

/// The union of the boxes of every text, node and cluster: the extent of the picture.
pub fn extent(drawing: &Drawing) -> Option<Rect> {
    drawing
        .texts
        .iter()
        .map(|t| t.rect)
        .chain(drawing.nodes.iter().map(|n| n.shape.rect()))
        .chain(drawing.clusters.iter().map(|c| c.rect))
        .reduce(Rect::union)
}

/// Edge labels that a line crosses (their own edge's line or another's), as `label on a line`
/// lines. Kept apart from [`collisions`]: a crowded single date may leave a label on a line
/// when no place beside it is free, but frames of the bundled graph never need to.
pub fn labels_on_lines(drawing: &Drawing) -> Vec<String> {
    texts_on_lines(drawing, Owner::Edge, "label on a line")
}

/// Cluster titles that a line crosses, as `title on a line` lines.
pub fn titles_on_lines(drawing: &Drawing) -> Vec<String> {
    texts_on_lines(drawing, Owner::Cluster, "title on a line")
}

/// The texts of `owner`'s kind that a line crosses, each as a `what` line.
fn texts_on_lines(drawing: &Drawing, owner: Owner, what: &str) -> Vec<String> {
    let mut found = Vec::new();
    for text in drawing.texts.iter().filter(|t| t.owner == owner) {
        // A line grazing the text's box is not through it.
        let inner = Rect {
            left: text.rect.left + 1.0,
            top: text.rect.top + 1.0,
            right: text.rect.right - 1.0,
            bottom: text.rect.bottom - 1.0,
        };
        for edge in &drawing.edges {
            // Each stroke on its own: a double line is several paths, not one.
            let crossed = (edge.paths.iter())
                .any(|path| path.windows(2).any(|s| segment_crosses(s[0], s[1], inner)));
            if crossed {
                found.push(format!(
                    "{what}: {:?} {:?} crossed by {}->{}",
                    text.name, text.text, edge.from, edge.to
                ));
            }
        }
    }
    found
}

/// Whether the segment from `a` to `b` passes through `rect` (Liang–Barsky clipping).
fn segment_crosses(a: (f64, f64), b: (f64, f64), rect: Rect) -> bool {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let (low_y, high_y) = (rect.top.min(rect.bottom), rect.top.max(rect.bottom));
    let mut t = (0.0_f64, 1.0_f64);
    for (p, q) in [
        (-dx, a.0 - rect.left),
        (dx, rect.right - a.0),
        (-dy, a.1 - low_y),
        (dy, high_y - a.1),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return false;
            }
        } else {
            let r = q / p;
            if p < 0.0 {
                t.0 = t.0.max(r);
            } else {
                t.1 = t.1.min(r);
            }
        }
    }
    t.0 <= t.1
}
