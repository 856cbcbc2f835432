//! How a member is shown with the collective it belongs to: a person with the state of their
//! post, a collective with the one it is `part_of`.
//!
//! `dot` and `fdp` draw clusters, so a member sits in its collective's box. The other layouts
//! (`neato`, `sfdp`, `circo`, `twopi`) ignore clusters: `neato` draws a cluster's box around
//! wherever its members happened to land, over actors of other states, and `sfdp` draws no box
//! at all, leaving officials adrift. Under those layouts every actor stands on its own and each
//! member is joined to its collective by a short, thick grey wedge (wide at the member, pointed
//! at the collective), so nobody is ever drawn inside a box that is not theirs, and the legend
//! says what the wedge means.

use graphviz_rust::dot_structures::{Attribute, Stmt};

use super::image::Layout;
use super::legend::row;
use super::parts::{attr, edge};
use super::style;

/// How members are drawn with their collective.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Membership {
    /// Inside the collective's box (a Graphviz cluster), for the layouts that draw clusters.
    #[default]
    Boxes,
    /// Beside the collective, joined to it by a grey wedge, for the layouts that do not.
    Wedges,
}

impl Membership {
    /// Boxes for a layout that draws clusters (`dot`, `fdp`, and pinned frames, whose boxes are
    /// computed around their members), wedges for the others. `layout` is resolved (not `auto`).
    pub fn for_layout(layout: Layout) -> Membership {
        match layout {
            Layout::Auto | Layout::Dot | Layout::Fdp | Layout::Pinned | Layout::Placed => {
                Membership::Boxes
            }
            Layout::Neato | Layout::Sfdp | Layout::Circo | Layout::Twopi => Membership::Wedges,
        }
    }
}

/// The colour of a membership wedge: the clusters' outline colour, so that it reads as "the
/// box, folded into a line".
const WEDGE: &str = style::CLUSTER_LINE;

/// The edge joining `member` (a node id) to `container` (the node id of its collective);
/// `tooltip` says who belongs to what.
pub(super) fn wedge(member: &str, container: &str, tooltip: &str) -> Stmt {
    edge(member, container, wedge_attributes(tooltip))
}

fn wedge_attributes(tooltip: &str) -> Vec<Attribute> {
    vec![
        attr("color", WEDGE),
        attr("fillcolor", WEDGE),
        // `tapered` draws a wedge from `penwidth` at the tail down to a point at the head: not a
        // line style any tie has, so it cannot be read as one.
        attr("style", "tapered"),
        attr("penwidth", "6"),
        attr("dir", "forward"),
        attr("arrowhead", "none"),
        // Short and stiff where the layout reads them (`neato`, `fdp`: `len`; `dot`: `weight`),
        // so members stay next to their collective.
        attr("len", "0.4"),
        attr("weight", "5"),
        attr("tooltip", tooltip),
    ]
}

/// The legend row explaining the wedge: a thick bar of its colour (an HTML-like table cannot
/// draw a taper, and a row of narrowing cells would read as a dashed line).
pub(super) fn legend_row() -> String {
    let sample = format!(
        r#"<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0"><TR><TD BGCOLOR="{WEDGE}" WIDTH="36" HEIGHT="6" FIXEDSIZE="TRUE"></TD></TR></TABLE>"#
    );
    row(&sample, "grey wedge: member of (post in, part of)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layouts_without_clusters_get_wedges() {
        for layout in [Layout::Dot, Layout::Fdp, Layout::Pinned] {
            assert_eq!(Membership::for_layout(layout), Membership::Boxes);
        }
        for layout in [Layout::Neato, Layout::Sfdp, Layout::Circo, Layout::Twopi] {
            assert_eq!(Membership::for_layout(layout), Membership::Wedges);
        }
    }
}
