//! The diff diagram: the union of both snapshots' actors and ties in one DOT picture, each tie
//! styled by how it moved and each actor marked by whether it entered, departed, took or left
//! office, with a legend of exactly the categories drawn.
//!
//! It reuses the snapshot diagram's parts (`super::parts`): the quoting, the clusters of states
//! with their officials, the actor nodes, the colour and width mapping of [`super::style`] and the
//! legend box. A tie's line is its kind's look, as in the snapshot diagram (dash pattern and
//! parallel lines, [`style::look`]); how it moved is said by a marker at its first end and its
//! label, so that no category relies on colour alone (docs/diff.md has the table):
//!
//! | tie | colour and width | marker | label |
//! | --- | --- | --- | --- |
//! | gained | its new sign, its new weight | open circle | `new +0.40` |
//! | lost | grey, its old weight | bar | `ended (was -0.80)` |
//! | strengthened | its new sign, its new weight | filled diamond | `+0.20 → +0.60` |
//! | weakened | its new sign, its new weight | open diamond | `+0.80 → +0.20` |
//! | sign flipped | its new sign, its new weight | filled square | `+0.40 → -0.20` |
//! | unchanged | light grey, thinnest, no label | none | none |

use std::collections::{BTreeMap, BTreeSet};

use graphviz_rust::dot_structures::{Attribute, Graph, GraphAttributes, Id, Stmt};
use graphviz_rust::printer::{DotPrinter, PrinterContext};

use super::legend::{legend_node, line, look_sample, row};
use super::membership::{self, Membership};
use super::parts::{
    WRAP, actor_attributes, attr, cluster_attributes, cluster_live, edge, group_by_container,
    header_with_title, node, subgraph, unplaced_person, wrap,
};
use super::quote::{html_text, quoted};
use super::style;
use crate::diff::{ActorMove, ActorSides, ChangePoints, GraphDiff, Movement};
use crate::model::{KindRules, RelationKey, Scale};
use crate::render::format;
use crate::snapshot::ActorNode;

/// Lost ties and departed actors.
const GONE: &str = "#777777";
/// Unchanged ties.
const STEADY: &str = "#C8C8C8";

/// How a tie is drawn in a diff diagram.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum TieMark {
    /// It moved (gained, lost, strengthened, weakened, sign flipped).
    Moved(Movement),
    /// Present on both sides with the same weight, or a change below the threshold.
    Steady,
}

/// How an actor is marked in a diff diagram.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum ActorMark {
    /// Only in the second snapshot.
    Entered,
    /// Only in the first snapshot.
    Departed,
    /// A person placed by a post in the second snapshot and not (or by another) in the first.
    TookOffice,
    /// A person placed by a post in the first snapshot and by none in the second.
    LeftOffice,
    /// No tie on either side.
    Untied,
}

/// The marks of one actor: what the diff says happened to it, and whether it is untied.
fn marks(actor: &ActorSides, tied: bool) -> Vec<ActorMark> {
    let mut marks: Vec<ActorMark> = actor
        .moved
        .map(|m| match m {
            ActorMove::Entered => ActorMark::Entered,
            ActorMove::Departed => ActorMark::Departed,
            ActorMove::TookOffice => ActorMark::TookOffice,
            ActorMove::LeftOffice => ActorMark::LeftOffice,
        })
        .into_iter()
        .collect();
    if !tied {
        marks.push(ActorMark::Untied);
    }
    marks
}

/// One edge of the diagram.
struct Drawn<'a> {
    key: &'a RelationKey,
    mark: TieMark,
    before: Option<f64>,
    after: Option<f64>,
}

/// The diff diagram as DOT text: everything drawn comes from `diff`. The same diff gives the same
/// bytes.
///
/// Runs in O(V log V + E (log E + d)) for V actors, E ties and d the most ties between one pair.
///
/// ```
/// use detente::diff::{DiffOptions, GraphDiff};
/// use detente::render::diagram::diff_dot;
/// use detente::snapshot::Snapshot;
/// let model = detente::load::load_str(
///     "detente: 1\nactors:\n  A: {name: Alpha, kind: state}\n  B: {name: Beta, kind: state}\n\
///      relations:\n  - between: [A, B]\n    series: [{date: 2020, weight: 0.4}, {date: 2021, weight: -0.2}]\n",
///     "example.yaml",
/// )?;
/// let (before, after) = (Snapshot::at(&model, "2020".parse()?), Snapshot::at(&model, "2021".parse()?));
/// let diff = GraphDiff::between(&before, &after, &DiffOptions::default());
/// let text = diff_dot(&diff);
/// assert!(text.contains(">+0.40 → -0.20</FONT>"));
/// assert!(graphviz_rust::parse(&text).is_ok());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn diff_dot(diff: &GraphDiff) -> String {
    diff_dot_with(diff, Membership::Boxes)
}

/// [`diff_dot`] with members drawn as `membership` says (wedges for a layout without clusters:
/// [`Membership::for_layout`]).
pub fn diff_dot_with(diff: &GraphDiff, membership: Membership) -> String {
    diff_dot_for(
        diff,
        &DiffDotOptions {
            membership,
            ..DiffDotOptions::default()
        },
    )
}

/// What a diff diagram draws besides the diff itself. The default draws every actor of either
/// side in boxes, as [`diff_dot`] does; `detente diff` also sets
/// [`DiffDotOptions::leave_out_idle`] and [`DiffDotOptions::anchor_untied`] unless asked for
/// every actor.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DiffDotOptions {
    /// Members in their collective's box, or beside it joined by a wedge.
    pub membership: Membership,
    /// Leaves out the people who hold no post, are part of nothing and have no tie on either
    /// side, and to whom nothing happened (former officials and officials to be, otherwise
    /// drawn faded beside the boxes); the legend counts them.
    pub leave_out_idle: bool,
    /// Joins each member without a tie on either side to its collective's node by an invisible
    /// edge, so that `dot` draws it beside that node rather than in the first layer with the box
    /// stretched across the diagram between them. For a diagram that stands alone: frames place
    /// every actor from one shared layout and match its edges to ties.
    pub anchor_untied: bool,
}

/// [`diff_dot`] drawn as `options` say.
///
/// ```
/// use detente::diff::{DiffOptions, GraphDiff};
/// use detente::render::diagram::{DiffDotOptions, diff_dot, diff_dot_for};
/// use detente::snapshot::Snapshot;
/// let model = detente::load::load_str(
///     "detente: 1\nactors:\n  A: {name: Alpha, kind: state}\n  B: {name: Beta, kind: state}\n  \
///      P: {name: Pat Idle, kind: person}\nrelations:\n  - between: [A, B]\n    \
///      series: [{date: 2020, weight: 0.4}, {date: 2021, weight: -0.2}]\n",
///     "example.yaml",
/// )?;
/// let (before, after) = (Snapshot::at(&model, "2020".parse()?), Snapshot::at(&model, "2021".parse()?));
/// let diff = GraphDiff::between(&before, &after, &DiffOptions::default());
/// assert!(diff_dot(&diff).contains("Pat Idle"));
/// let options = DiffDotOptions { leave_out_idle: true, ..DiffDotOptions::default() };
/// let text = diff_dot_for(&diff, &options);
/// assert!(!text.contains("Pat Idle"));
/// assert!(text.contains("1 person with no post and no tie left out"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn diff_dot_for(diff: &GraphDiff, options: &DiffDotOptions) -> String {
    let mut text = diff_diagram_for(diff, options).print(&mut PrinterContext::default());
    text.push('\n');
    text
}

/// The diff diagram as a graphviz-rust graph (what [`diff_dot`] prints).
pub fn diff_diagram(diff: &GraphDiff) -> Graph {
    diff_diagram_with(diff, Membership::Boxes)
}

/// [`diff_diagram`] with members drawn as `membership` says.
pub fn diff_diagram_with(diff: &GraphDiff, membership: Membership) -> Graph {
    diff_diagram_for(
        diff,
        &DiffDotOptions {
            membership,
            ..DiffDotOptions::default()
        },
    )
}

/// [`diff_diagram`] drawn as `options` say.
pub fn diff_diagram_for(diff: &GraphDiff, options: &DiffDotOptions) -> Graph {
    let membership = options.membership;
    let union: BTreeMap<&str, &ActorSides> =
        diff.cast.iter().map(|a| (a.node.id.as_str(), a)).collect();
    let ids: BTreeMap<&str, String> = union
        .keys()
        .enumerate()
        .map(|(i, id)| (*id, format!("n{i}")))
        .collect();

    let mut drawn: Vec<Drawn> = diff
        .ties
        .iter()
        .map(|t| Drawn {
            key: t.key,
            mark: TieMark::Moved(t.movement()),
            before: t.before,
            after: t.after,
        })
        .chain(diff.steady.iter().map(|t| Drawn {
            key: t.key,
            mark: TieMark::Steady,
            before: Some(t.before),
            after: Some(t.after),
        }))
        .collect();
    drawn.sort_by(|x, y| x.key.cmp(y.key));
    let tied: BTreeSet<&str> = drawn
        .iter()
        .flat_map(|d| [d.key.from.as_str(), d.key.to.as_str()])
        .collect();

    // People with no post, no collective and no tie on either side, to whom nothing happened.
    let idle = |a: &ActorSides| {
        options.leave_out_idle
            && a.moved.is_none()
            && [a.before, a.after]
                .into_iter()
                .flatten()
                .all(unplaced_person)
            && !tied.contains(a.node.id.as_str())
    };
    let left_out = diff.cast.iter().filter(|a| idle(a)).count();
    let drawn_cast = diff.cast.iter().filter(|a| !idle(a));
    let (members, loose) = group_by_container(drawn_cast.map(|a| a.node), |actor| {
        let of = union.get(actor.id.as_str())?.placement()?.of.as_str();
        union.get(of)?.node.kind.is_container().then_some(of)
    });

    let mut actor_marks: BTreeSet<ActorMark> = BTreeSet::new();
    let mut actor_node = |actor: &ActorNode| {
        let both = union.get(actor.id.as_str())?;
        let marks = marks(both, tied.contains(actor.id.as_str()));
        actor_marks.extend(marks.iter().copied());
        Some(node(
            &ids[actor.id.as_str()],
            marked_attributes(actor, both, &marks),
        ))
    };

    let mut stmts = header_with_title(&title(diff));
    stmts.push(compact());
    // Collectives `part_of` another (on either date) are drawn inside its cluster, as in the
    // snapshot diagram; the rest stand at the top level.
    let inner = nested(&members, &union);
    let inside_another: BTreeSet<&str> = inner.values().flatten().copied().collect();
    // The legend explains the wedge only when one is drawn.
    let mut wedges = false;
    if membership == Membership::Wedges {
        let flat = wedged(&members, &inner, &union, &ids, &mut actor_node);
        wedges = flat.iter().any(|s| matches!(s, Stmt::Edge(_)));
        stmts.extend(flat);
    }
    for container in members.keys() {
        if inside_another.contains(container) || membership == Membership::Wedges {
            continue;
        }
        let nest = Nest {
            members: &members,
            inner: &inner,
            union: &union,
            tied: &tied,
            ids: &ids,
            anchor_untied: options.anchor_untied,
        };
        if let Some(cluster) = nest.cluster(container, 0, &mut actor_node) {
            stmts.push(cluster);
        }
    }
    for actor in loose {
        stmts.extend(actor_node(actor));
    }

    let scale = diff.to.scale;
    let name = |id: &str| {
        union
            .get(id)
            .map_or_else(|| id.to_string(), |a| a.node.name.clone())
    };
    let mut tie_marks: BTreeSet<TieMark> = BTreeSet::new();
    let mut signs = (false, false);
    for d in &drawn {
        let (Some(from), Some(to)) = (ids.get(d.key.from.as_str()), ids.get(d.key.to.as_str()))
        else {
            continue;
        };
        tie_marks.insert(d.mark);
        if d.mark != TieMark::Steady && d.mark != TieMark::Moved(Movement::Lost) {
            let mut note = |w: Option<f64>| match w {
                Some(w) if w > 0.0 => signs.0 = true,
                Some(w) if w < 0.0 => signs.1 = true,
                _ => {}
            };
            note(d.after);
            if d.mark == TieMark::Moved(Movement::SignFlipped) {
                note(d.before);
            }
        }
        stmts.push(edge(
            from,
            to,
            tie_attributes(
                d,
                (&name(&d.key.from), &name(&d.key.to)),
                (scale, diff.to.kinds.get(d.key.kind.as_str())),
                diff.points_for(d.key),
            ),
        ));
    }
    let kinds: BTreeMap<&str, Option<&KindRules>> = drawn
        .iter()
        .map(|d| (d.key.kind.as_str(), diff.to.kinds.get(d.key.kind.as_str())))
        .collect();
    stmts.push(legend(
        &tie_marks,
        &actor_marks,
        &kinds,
        signs,
        (diff.threshold > 0.0, wedges),
        left_out,
    ));
    Graph::DiGraph {
        id: quoted("detente"),
        strict: false,
        stmts,
    }
}

/// Tighter spacing than the snapshot diagram's: a diff draws every actor of both dates and the
/// longer `before → after` labels, which the snapshot's spacing spread over a canvas a quarter
/// larger than the snapshot's, most of it empty (`tests/cli/diff_diagram.rs` measures it). The
/// labels are external (`xlabel`), placed after layout, so the spacing does not need to make
/// room for them.
fn compact() -> Stmt {
    Stmt::GAttribute(GraphAttributes::Graph(vec![
        attr("ranksep", "0.35"),
        attr("nodesep", "0.2"),
    ]))
}

/// The title: the diff's heading (`TITLE: DATE1 → DATE2` for one graph), with two inputs' names on two
/// lines so that long paths do not make the picture wide.
fn title(diff: &GraphDiff) -> String {
    let (from, to) = (&diff.from, &diff.to);
    match (&from.name, &to.name) {
        (Some(a), Some(b)) if a != b => {
            format!("{a} ({})\n→ {b} ({})", from.date, to.date)
        }
        _ => format::diff_heading(diff),
    }
}

/// Replaces the value of `key` in `attributes`, or adds it.
fn set(attributes: &mut Vec<Attribute>, key: &'static str, value: &str) {
    let new = attr(key, value);
    match attributes.iter_mut().find(|a| a.0 == new.0) {
        Some(old) => *old = new,
        None => attributes.push(new),
    }
}

/// An actor's node: as in a snapshot diagram (with the post that places it on either side),
/// then marked.
fn marked_attributes(actor: &ActorNode, both: &ActorSides, marks: &[ActorMark]) -> Vec<Attribute> {
    let shown = ActorNode {
        placement: both.placement().cloned(),
        ..actor.clone()
    };
    let mut attributes = actor_attributes(&shown, true);
    let mut notes: Vec<String> = Vec::new();
    for mark in marks {
        match mark {
            ActorMark::Entered => {
                notes.push("(new actor)".into());
                set(&mut attributes, "peripheries", "2");
                set(&mut attributes, "penwidth", "1.5");
            }
            ActorMark::Departed => {
                notes.push("(removed)".into());
                let dashed = if actor.kind.is_container() {
                    "rounded,filled,dashed"
                } else {
                    "filled,dashed"
                };
                set(&mut attributes, "style", dashed);
                set(&mut attributes, "fillcolor", "white");
                set(&mut attributes, "color", GONE);
                set(&mut attributes, "fontcolor", GONE);
            }
            ActorMark::TookOffice => {
                notes.push("(took office)".into());
                if let Some(old) = both.before.and_then(|b| b.placement.as_ref()) {
                    notes.push(wrap(&format!("(left: {})", old.title), WRAP));
                }
                set(&mut attributes, "penwidth", "2.5");
            }
            ActorMark::LeftOffice => {
                notes.push("(left office)".into());
                set(&mut attributes, "style", "filled,dotted");
                set(&mut attributes, "penwidth", "1.5");
            }
            ActorMark::Untied => {
                set(&mut attributes, "color", style::FADED);
                set(&mut attributes, "fontcolor", style::FADED);
                set(&mut attributes, "fillcolor", "white");
            }
        }
    }
    if !notes.is_empty() {
        let label = match &shown.placement {
            Some(post) => format!("{}\n{}", actor.name, wrap(&post.title, WRAP)),
            None => actor.name.clone(),
        };
        set(
            &mut attributes,
            "label",
            &format!("{label}\n{}", notes.join("\n")),
        );
    }
    attributes
}

/// The tail marker (a Graphviz arrow shape) and label of a tie mark.
fn mark_look(d: &Drawn) -> (Option<&'static str>, Option<String>) {
    let w = |x: Option<f64>| format::weight_label(x.unwrap_or(0.0));
    let change = || Some(format!("{} → {}", w(d.before), w(d.after)));
    match d.mark {
        TieMark::Moved(Movement::Gained) => (Some("odot"), Some(format!("new {}", w(d.after)))),
        TieMark::Moved(Movement::Lost) => {
            (Some("tee"), Some(format!("ended (was {})", w(d.before))))
        }
        TieMark::Moved(Movement::Strengthened) => (Some("diamond"), change()),
        TieMark::Moved(Movement::Weakened) => (Some("odiamond"), change()),
        TieMark::Moved(Movement::SignFlipped) => (Some("box"), change()),
        TieMark::Steady => (None, None),
    }
}

/// How a tie's edge looks; `points`, when the diff carries them, are the points that changed it,
/// whose events and sources go into the tooltip as the snapshot diagram's do.
fn tie_attributes(
    d: &Drawn,
    (from, to): (&str, &str),
    (scale, rules): (Scale, Option<&KindRules>),
    points: Option<&ChangePoints>,
) -> Vec<Attribute> {
    let (marker, label) = mark_look(d);
    let look = style::look(&d.key.kind, rules);
    let (colour, width, ink) = match d.mark {
        TieMark::Steady => (STEADY, style::MIN_WIDTH, STEADY),
        TieMark::Moved(Movement::Lost) => (
            GONE,
            style::width(d.before.unwrap_or(0.0), scale).max(1.5),
            GONE,
        ),
        TieMark::Moved(_) => {
            let after = d.after.unwrap_or(0.0);
            (
                style::colour(after),
                style::width(after, scale),
                style::colour(after),
            )
        }
    };
    // A look of several lines repeats the colour with an invisible line between each two, as
    // in the snapshot diagram.
    let colours = vec![colour; usize::from(look.lines)].join(":invis:");
    let mut attributes = vec![
        attr("color", &colours),
        attr("penwidth", &format!("{:.2}", look.pen_width(width))),
        attr("style", look.dash),
    ];
    match (marker, d.key.directed) {
        (Some(marker), directed) => attributes.extend([
            attr("dir", "both"),
            attr("arrowtail", marker),
            attr("arrowhead", if directed { "normal" } else { "none" }),
        ]),
        (None, false) => attributes.push(attr("dir", "none")),
        (None, true) => {}
    }
    if let Some(label) = &label {
        // An external label (`xlabel`), placed after layout where it overlaps nothing: `dot`
        // puts ordinary labels of edges between clusters on top of one another. On a white
        // ground, so that a line crossing it does not hide it. The text is ours (weights and
        // fixed words), escaped all the same.
        let html = format!(
            r#"<<TABLE BORDER="0" CELLBORDER="0" CELLPADDING="1" BGCOLOR="white"><TR><TD><FONT COLOR="{ink}">{}</FONT></TD></TR></TABLE>>"#,
            html_text(label)
        );
        attributes.push(Attribute(Id::Plain("xlabel".into()), Id::Html(html)));
    }
    let arrow = if d.key.directed { "→" } else { "—" };
    let what = match d.mark {
        TieMark::Moved(m) => m.as_str().replace('_', " "),
        TieMark::Steady => "unchanged".to_string(),
    };
    let w = |x: Option<f64>| x.map_or_else(|| "absent".to_string(), format::weight_label);
    let mut tooltip = format!(
        "{from} {arrow} {to} ({}): {what}, {} → {}",
        d.key.kind,
        w(d.before),
        w(d.after)
    );
    let changed = points.and_then(|c| {
        c.in_force
            .or(c.points.len().checked_sub(1))
            .map(|i| &c.points[i])
    });
    if let Some(point) = changed {
        tooltip.push_str(&format!("\nsince {}", point.date));
        if let Some(event) = &point.event {
            tooltip.push_str(&format!(": {}", event.title));
        }
        let titles: Vec<&str> = point.sources.iter().map(|s| s.title.as_str()).collect();
        if !titles.is_empty() {
            tooltip.push_str(&format!("\nSources: {}", titles.join("; ")));
        }
    }
    // Through `attr`, so through `quoted`: no title can end the string or add an attribute.
    attributes.push(attr("tooltip", &tooltip));
    attributes
}

/// A legend sample of a node outline: `border` points wide, `dashed`/`dotted` or solid, doubled
/// when `double`.
fn outline(colour: &str, border: u32, line_style: &str, double: bool) -> String {
    let style_attr = match line_style {
        "dashed" => r#" STYLE="DASHED""#,
        "dotted" => r#" STYLE="DOTTED""#,
        _ => "",
    };
    let inner = format!(
        r#"<TABLE BORDER="{border}" COLOR="{colour}" CELLBORDER="0" CELLPADDING="0" CELLSPACING="0"{style_attr}><TR><TD WIDTH="30" HEIGHT="10" FIXEDSIZE="TRUE"></TD></TR></TABLE>"#
    );
    if double {
        format!(
            r#"<TABLE BORDER="1" COLOR="{colour}" CELLBORDER="0" CELLPADDING="0" CELLSPACING="1"><TR><TD>{inner}</TD></TR></TABLE>"#
        )
    } else {
        inner
    }
}

/// The legend: the colours of the signs drawn, then each tie category, each kind and each actor
/// category present.
fn legend(
    ties: &BTreeSet<TieMark>,
    actors: &BTreeSet<ActorMark>,
    kinds: &BTreeMap<&str, Option<&KindRules>>,
    (positive, negative): (bool, bool),
    (threshold, wedges): (bool, bool),
    idle: usize,
) -> Stmt {
    let middle = ((style::MIN_WIDTH + style::MAX_WIDTH) / 2.0).round() as u32;
    let mut rows = vec![r#"<TR><TD COLSPAN="2"><B>Legend</B></TD></TR>"#.to_string()];
    if positive {
        rows.push(row(
            &line(style::POSITIVE, middle, 1),
            "cooperation (weight &gt; 0)",
        ));
    }
    if negative {
        rows.push(row(
            &line(style::NEGATIVE, middle, 1),
            "hostility (weight &lt; 0)",
        ));
    }
    if positive || negative {
        rows.push(row("", "wider: stronger (after the change)"));
    }
    for mark in ties {
        rows.push(match mark {
            TieMark::Moved(Movement::Gained) => row(
                &line(style::NEUTRAL, middle, 1),
                "gained: open circle at one end, “new +w”",
            ),
            TieMark::Moved(Movement::Lost) => row(
                &line(GONE, 2, 1),
                "lost: grey, bar at one end, “ended (was w)”",
            ),
            TieMark::Moved(Movement::Strengthened) => row(
                &line(style::NEUTRAL, style::MAX_WIDTH.round() as u32, 1),
                "strengthened: filled diamond at one end, “before → after”",
            ),
            TieMark::Moved(Movement::Weakened) => row(
                &line(style::NEUTRAL, middle, 1),
                "weakened: open diamond at one end, “before → after”",
            ),
            TieMark::Moved(Movement::SignFlipped) => row(
                &line(style::NEUTRAL, middle, 1),
                "sign flipped: square at one end, coloured by the new sign",
            ),
            TieMark::Steady if threshold => row(
                &line(STEADY, 1, 1),
                "unchanged, or changed less than the threshold",
            ),
            TieMark::Steady => row(&line(STEADY, 1, 1), "unchanged"),
        });
    }
    for (kind, rules) in kinds {
        let look = style::look(kind, *rules);
        let height = if look.dash == "bold" {
            style::MAX_WIDTH.round() as u32
        } else {
            middle
        };
        rows.push(row(
            &look_sample(style::NEUTRAL, height, look),
            &format!("kind: {}", html_text(kind)),
        ));
    }
    if wedges {
        rows.push(membership::legend_row());
    }
    for mark in actors {
        rows.push(match mark {
            ActorMark::Entered => row(
                &outline(style::INK, 1, "solid", true),
                "double outline: new actor",
            ),
            ActorMark::Departed => row(
                &outline(GONE, 1, "dashed", false),
                "dashed grey: removed actor",
            ),
            ActorMark::TookOffice => row(
                &outline(style::INK, 3, "solid", false),
                "bold outline: took office",
            ),
            ActorMark::LeftOffice => row(
                &outline(style::INK, 2, "dotted", false),
                "dotted outline: left office",
            ),
            ActorMark::Untied => row(
                &outline(style::FADED, 1, "solid", false),
                &format!(
                    r#"<FONT COLOR="{}">faded: no tie on either side</FONT>"#,
                    style::FADED
                ),
            ),
        });
    }
    if idle > 0 {
        rows.push(super::legend::idle_row(idle));
    }
    legend_node(&rows)
}

/// For each container of the diff diagram, the containers drawn inside it: those `part_of` it
/// on the later date, else on the earlier one (a collective part of a person, or of an actor not
/// drawn, stands on its own).
fn nested<'a>(
    members: &BTreeMap<&'a str, Vec<&'a ActorNode>>,
    union: &BTreeMap<&'a str, &'a ActorSides<'a>>,
) -> BTreeMap<&'a str, Vec<&'a str>> {
    let mut inner: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for &id in members.keys() {
        let Some(of) = union.get(id).and_then(|a| a.node.part_of.as_deref()) else {
            continue;
        };
        if let Some((&of, _)) = members.get_key_value(of)
            && of != id
        {
            inner.entry(of).or_default().push(id);
        }
    }
    inner
}

/// The collectives and their members without boxes ([`Membership::Wedges`]): every node of a
/// collective and of its members on its own, each member joined to its collective by a wedge.
fn wedged<'a>(
    members: &BTreeMap<&'a str, Vec<&'a ActorNode>>,
    inner: &BTreeMap<&'a str, Vec<&'a str>>,
    union: &BTreeMap<&'a str, &'a ActorSides<'a>>,
    ids: &BTreeMap<&'a str, String>,
    actor_node: &mut dyn FnMut(&ActorNode) -> Option<Stmt>,
) -> Vec<Stmt> {
    let mut stmts = Vec::new();
    for (container, persons) in members {
        let Some(state) = union.get(container) else {
            continue;
        };
        let id = &ids[*container];
        stmts.extend(actor_node(state.node));
        for person in persons {
            stmts.extend(actor_node(person));
            let post = union
                .get(person.id.as_str())
                .and_then(|p| p.placement())
                .map_or("", |p| p.title.as_str());
            stmts.push(membership::wedge(
                &ids[person.id.as_str()],
                id,
                &format!("{}: {post}, {}", person.name, state.node.name),
            ));
        }
        for part in inner.get(container).into_iter().flatten() {
            let name = union.get(part).map_or("", |a| a.node.name.as_str());
            stmts.push(membership::wedge(
                &ids[*part],
                id,
                &format!("{name}: part of {}", state.node.name),
            ));
        }
    }
    stmts
}

/// What drawing one nested cluster of the diff diagram needs to know of the whole diagram.
struct Nest<'n, 'a> {
    members: &'n BTreeMap<&'a str, Vec<&'a ActorNode>>,
    inner: &'n BTreeMap<&'a str, Vec<&'a str>>,
    union: &'n BTreeMap<&'a str, &'a ActorSides<'a>>,
    tied: &'n BTreeSet<&'a str>,
    ids: &'n BTreeMap<&'a str, String>,
    /// [`DiffDotOptions::anchor_untied`].
    anchor_untied: bool,
}

impl Nest<'_, '_> {
    /// Whether anything drawn in `container`'s cluster, at any depth, has a tie.
    fn live(&self, container: &str, depth: usize) -> bool {
        let left = self.ids.len().saturating_sub(depth);
        cluster_live(container, self.tied, self.members, self.inner, left)
    }

    /// The cluster of `container`: its node, its persons, then the clusters of the collectives
    /// part of it. `depth` bounds the nesting should a graph built in code hold a cycle.
    fn cluster(
        &self,
        container: &str,
        depth: usize,
        actor_node: &mut dyn FnMut(&ActorNode) -> Option<Stmt>,
    ) -> Option<Stmt> {
        let state = self.union.get(container)?.node;
        let mut inside = cluster_attributes(&state.name, self.live(container, depth));
        inside.extend(actor_node(state));
        let id = &self.ids[state.id.as_str()];
        for person in self.members.get(container).into_iter().flatten() {
            inside.extend(actor_node(person));
            // A member without a tie has no edge to place it: `dot` puts it in the first layer
            // and stretches its box across the diagram to the collective's node. An invisible
            // edge to that node keeps it one layer away.
            if self.anchor_untied && !self.tied.contains(person.id.as_str()) {
                inside.push(edge(
                    &self.ids[person.id.as_str()],
                    id,
                    vec![attr("style", "invis")],
                ));
            }
        }
        if depth < self.ids.len() {
            for member in self.inner.get(container).into_iter().flatten() {
                inside.extend(self.cluster(member, depth + 1, actor_node));
            }
        }
        Some(subgraph(&format!("cluster_{id}"), inside))
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;
    use crate::diff::DiffOptions;
    use crate::model::{Actor, ActorKind, Date, Ends, Graph as Model, Point, Post, Relation};
    use crate::snapshot::Snapshot;

    /// Two states and a person whose post and ties change between 2020 and 2022, named by the
    /// property's inputs: every movement and actor mark has user text nearby.
    fn model(state: &str, person: &str, title: &str, kind: &str) -> Model {
        let d = |s: &str| -> Date { s.parse().expect("a date") };
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
            title: Some(title.into()),
            ..Model::default()
        };
        let post = Post {
            title: title.into(),
            of: "A".into(),
            from: Some(d("2021")),
            until: None,
            ..Default::default()
        };
        for a in [
            actor("A", state, ActorKind::State, vec![]),
            actor("B", person, ActorKind::Organisation, vec![]),
            actor("p", person, ActorKind::Person, vec![post]),
        ] {
            model.actors.insert(a.id.clone(), a);
        }
        let mut relation = |ends, series| {
            model.relations.push(Relation {
                ends,
                kind: kind.into(),
                interpolation: None,
                series,
                note: None,
            })
        };
        relation(
            Ends::Mutual("A".into(), "B".into()),
            vec![
                Point::weight(d("2020"), 0.5),
                Point::weight(d("2022"), -0.5),
            ],
        );
        relation(
            Ends::Directed {
                from: "p".into(),
                to: "B".into(),
            },
            vec![Point::weight(d("2021"), 0.3)],
        );
        model
    }

    proptest! {
        /// Whatever the names, the diff diagram's DOT parses, and every statement survives.
        #[test]
        fn any_names_give_dot_that_parses_to_the_same_statements(
            state in ".{0,20}", person in ".{0,20}", title in ".{0,20}", kind in ".{0,12}",
        ) {
            let model = model(&state, &person, &title, &kind);
            let before = Snapshot::at(&model, "2020".parse().expect("a date"));
            let after = Snapshot::at(&model, "2022".parse().expect("a date"));
            let diff = GraphDiff::between(&before, &after, &DiffOptions::default());
            let built = diff_diagram(&diff);
            let text = diff_dot(&diff);
            let parsed = graphviz_rust::parse(&text);
            prop_assert!(parsed.is_ok(), "{:?}\n{}", parsed.err(), text);
            let count = |g: &Graph| match g {
                Graph::Graph { stmts, .. } | Graph::DiGraph { stmts, .. } => stmts.len(),
            };
            prop_assert_eq!(count(&built), count(&parsed.expect("checked")));
        }
    }
}
