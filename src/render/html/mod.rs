//! The interactive story: one self-contained HTML page with the graph on a stable layout, a
//! slider over every date where something changes, play/pause, and for each tie its weight and
//! the point in force with its event and sources.
//!
//! The page loads nothing: the diagram is inline SVG (the union of all dates laid out once and
//! drawn pinned, see [`crate::render::diagram::frames`]), the script is `viewer.js` embedded at
//! build time, and the data is JSON in a `<script type="application/json">` whose `<`, `>` and
//! `&` are written as `\u003c`, `\u003e` and `\u0026`, so no name can close the script. The
//! script sets every user text with `textContent`.

mod provenance;

use std::time::Duration;

use graphviz_rust::dot_structures::{Graph as Dot, Stmt};
use graphviz_rust::printer::{DotPrinter, PrinterContext};
use serde::Serialize;

use crate::model::{Date, Graph, Interpolation, PointValue, Post};
use crate::render::diagram::frames::{self, Pins};
use crate::render::diagram::image::{self, Engine, ImageError, ImageFormat, Layout};
use crate::render::diagram::parts::attr;
use crate::render::diagram::style;
use crate::render::diagram::{DotOptions, EdgeLabels};
use crate::render::format;
use crate::snapshot::Snapshot;

pub use provenance::{InForce, in_force};

/// The viewer's script, kept in its own file so that it can be read and linted as JavaScript.
const SCRIPT: &str = include_str!("viewer.js");
/// The page's styles.
const STYLE: &str = include_str!("viewer.css");

/// Everything the script reads.
#[derive(Debug, Serialize)]
struct Data<'a> {
    title: &'a str,
    /// Every date where something changes, and the first of each month inside a stretch where a
    /// linear tie moves, `YYYY-MM-DD`, ascending.
    dates: Vec<String>,
    /// Actors in node order (`actor-0` is the first).
    actors: Vec<ActorData<'a>>,
    /// Every tie of any date (`tie-0` is the first).
    ties: Vec<TieData<'a>>,
    /// Per date: `[tie, weight, colour, width, label, in force]` for each tie that exists, and
    /// the actors with a tie (faded otherwise).
    frames: Vec<Frame>,
    /// The points in force that frames refer to.
    points: Vec<InForce>,
}

#[derive(Debug, Serialize)]
struct ActorData<'a> {
    id: &'a str,
    name: &'a str,
    kind: &'a str,
    posts: Vec<PostData<'a>>,
}

#[derive(Debug, Serialize)]
struct PostData<'a> {
    title: &'a str,
    of: &'a str,
    from: Option<String>,
    until: Option<String>,
}

#[derive(Debug, Serialize)]
struct TieData<'a> {
    /// `FROM|TO|KIND`, ends as `show --format json` gives them.
    key: String,
    name: String,
    kind: &'a str,
    directed: bool,
}

/// One tie on one date, as a JSON array to keep the page small: the tie's index, its weight,
/// colour, pen width and label, and the index of the point in force.
type FrameTie = (usize, f64, &'static str, f64, String, Option<usize>);

#[derive(Debug, Serialize)]
struct Frame {
    ties: Vec<FrameTie>,
    tied: Vec<usize>,
    /// Whether a linear tie moves after this date (before the next): its weights hold on this
    /// date only, not until the next. Left out when false, to keep the page small.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    moving: bool,
}

/// The story of `graph` as one HTML page, drawn with `engine` (the layout given up after
/// `timeout`).
///
/// Errors: the layout failed or timed out.
pub fn story(graph: &Graph, engine: Engine, timeout: Duration) -> Result<String, ImageError> {
    let stretches = linear_stretches(graph);
    let mut dates = graph.dates();
    dates.extend(
        stretches
            .iter()
            .flat_map(|&(from, to)| months_between(from, to)),
    );
    // The days a weight lapses (`expires:`) change the picture too.
    dates.extend(graph.lapse_dates());
    dates.sort();
    dates.dedup();
    let snapshots: Vec<Snapshot> = dates.iter().map(|&d| Snapshot::at(graph, d)).collect();
    let options = DotOptions {
        labels: EdgeLabels::Weights,
        rolled_up: None,
        ..DotOptions::default()
    };
    let pins = frames::stable_layout(&snapshots, &options, Layout::Auto, engine, timeout)?;
    let Some(all) = frames::union(&snapshots) else {
        return Ok(page(
            graph,
            "",
            &data(graph, &dates, &snapshots, None, &stretches),
        ));
    };
    let svg = union_svg(&all, &options, &pins, engine, timeout)?;
    Ok(page(
        graph,
        &svg,
        &data(graph, &dates, &snapshots, Some(&all), &stretches),
    ))
}

/// Every stretch `(from, to)` between two points of a `linear` tie whose weights differ: the
/// days on which the tie's weight moves every day.
fn linear_stretches(graph: &Graph) -> Vec<(Date, Date)> {
    let mut out: Vec<(Date, Date)> = graph
        .relations
        .iter()
        .filter(|r| graph.interpolation_of(r) == Interpolation::Linear)
        .flat_map(|r| r.series.windows(2))
        .filter_map(|pair| match (&pair[0].value(), &pair[1].value()) {
            (PointValue::Weight(a), PointValue::Weight(b)) if a != b => {
                Some((pair[0].date.to_day(), pair[1].date.to_day()))
            }
            _ => None,
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The first day of every month strictly between `from` and `to`: the slider's stops inside a
/// linear stretch, so the page shows the tie moving.
fn months_between(from: Date, to: Date) -> Vec<Date> {
    let mut out = Vec::new();
    let (mut year, mut month) = (from.year(), from.civil().month());
    loop {
        (year, month) = if month == 12 {
            (year + 1, 1)
        } else {
            (year, month + 1)
        };
        match Date::ymd(year, month, 1) {
            Some(d) if d < to => out.push(d),
            _ => return out,
        }
    }
}

/// The union drawn pinned, with `id="tie-K"` on each tie and `id="actor-K"` on each actor.
fn union_svg(
    all: &Snapshot,
    options: &DotOptions,
    pins: &Pins,
    engine: Engine,
    timeout: Duration,
) -> Result<String, ImageError> {
    let mut dot = frames::pinned_diagram(all, options, pins);
    let ties = all.ties();
    let (Dot::DiGraph { stmts, .. } | Dot::Graph { stmts, .. }) = &mut dot;
    tag(stmts, &ties, &mut 0);
    let mut text = dot.print(&mut PrinterContext::default());
    text.push('\n');
    let bytes = image::render(&text, Layout::Pinned, ImageFormat::Svg, engine, timeout)?;
    let svg = String::from_utf8_lossy(&bytes);
    // Inline SVG starts at its element: the XML declaration and DOCTYPE stay out.
    Ok(svg.find("<svg").map_or("", |i| &svg[i..]).to_string())
}

/// Gives the k-th edge (the k-th tie of the union, the order the diagram writes them) the id
/// `tie-k` and a tooltip without a date's weight, and each actor node `nK` the id `actor-K`.
fn tag(
    stmts: &mut [Stmt],
    ties: &[(
        &crate::snapshot::ActorNode,
        &crate::snapshot::ActorNode,
        &crate::snapshot::Tie,
    )],
    next_edge: &mut usize,
) {
    for stmt in stmts {
        match stmt {
            Stmt::Edge(edge) => {
                if let Some((a, b, tie)) = ties.get(*next_edge) {
                    edge.attributes
                        .push(attr("id", &format!("tie-{next_edge}")));
                    edge.attributes
                        .push(attr("tooltip", &tie_name(&a.name, &b.name, tie)));
                }
                *next_edge += 1;
            }
            Stmt::Node(node) => {
                let id = frames_value(&node.id.0);
                if let Some(k) = id.strip_prefix('n').and_then(|k| k.parse::<usize>().ok()) {
                    node.attributes.push(attr("id", &format!("actor-{k}")));
                }
            }
            Stmt::Subgraph(sub) => tag(&mut sub.stmts, ties, next_edge),
            _ => {}
        }
    }
}

/// A DOT id's text without its quotes.
fn frames_value(id: &graphviz_rust::dot_structures::Id) -> String {
    use graphviz_rust::dot_structures::Id;
    match id {
        Id::Html(v) | Id::Escaped(v) | Id::Plain(v) | Id::Anonymous(v) => {
            v.trim_matches('"').to_string()
        }
    }
}

fn tie_name(a: &str, b: &str, tie: &crate::snapshot::Tie) -> String {
    let join = if tie.directed() { "→" } else { "—" };
    format!("{a} {join} {b} ({})", tie.key.kind)
}

fn day(d: Date) -> String {
    d.to_day().to_string()
}

/// The script's data (see [`Data`]).
fn data<'a>(
    graph: &'a Graph,
    dates: &[Date],
    snapshots: &[Snapshot],
    all: Option<&Snapshot>,
    stretches: &[(Date, Date)],
) -> Data<'a> {
    let actors: Vec<ActorData> = graph
        .actors
        .values()
        .map(|a| ActorData {
            id: &a.id,
            name: &a.name,
            kind: a.kind.as_str(),
            posts: a.posts.iter().map(post).collect(),
        })
        .collect();
    let union_ties = all.map(|s| s.ties()).unwrap_or_default();
    let ties: Vec<TieData> = union_ties
        .iter()
        .map(|(a, b, t)| TieData {
            key: format!("{}|{}|{}", t.key.from, t.key.to, t.key.kind),
            name: tie_name(&a.name, &b.name, t),
            kind: graph
                .relation(&t.key)
                .map_or("relation", |r| r.kind.as_str()),
            directed: t.directed(),
        })
        .collect();
    let index: std::collections::BTreeMap<_, usize> = union_ties
        .iter()
        .enumerate()
        .map(|(i, (_, _, t))| (t.key.clone(), i))
        .collect();
    let actor_index: std::collections::BTreeMap<&str, usize> = graph
        .actors
        .keys()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i))
        .collect();
    let mut points: Vec<InForce> = Vec::new();
    let mut point_index: std::collections::BTreeMap<(usize, Date), usize> = Default::default();
    let frames = snapshots
        .iter()
        .map(|s| {
            let mut tied = std::collections::BTreeSet::new();
            let ties = s
                .ties()
                .into_iter()
                .filter_map(|(a, b, t)| {
                    let &k = index.get(&t.key)?;
                    tied.extend([a.id.as_str(), b.id.as_str()].map(|id| actor_index[id]));
                    let proof = graph
                        .relation(&t.key)
                        .and_then(|r| in_force(graph, r, s.date))
                        .map(|p| {
                            *point_index.entry((k, p.date_key)).or_insert_with(|| {
                                points.push(p);
                                points.len() - 1
                            })
                        });
                    Some((
                        k,
                        format::weight(t.weight),
                        style::colour(t.weight),
                        style::width(t.weight, graph.scale),
                        format::weight_label(t.weight),
                        proof,
                    ))
                })
                .collect();
            Frame {
                ties,
                tied: tied.into_iter().collect(),
                moving: stretches
                    .iter()
                    .any(|&(from, to)| from <= s.date && s.date < to),
            }
        })
        .collect();
    Data {
        title: graph.title.as_deref().unwrap_or("detente"),
        dates: dates.iter().map(|&d| day(d)).collect(),
        actors,
        ties,
        frames,
        points,
    }
}

fn post(p: &Post) -> PostData<'_> {
    PostData {
        title: &p.title,
        of: &p.of,
        from: p.from.map(day),
        until: p.until.map(day),
    }
}

/// JSON that can sit inside a `<script>` element: nothing in it can end the element or start a
/// comment or entity.
fn script_json(value: &impl Serialize) -> String {
    serde_json::to_string(value)
        .unwrap_or_else(|_| "null".into())
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// `text` escaped for HTML text and attribute values.
fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

fn page(graph: &Graph, svg: &str, data: &Data) -> String {
    let title = html_escape(graph.title.as_deref().unwrap_or("detente"));
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n\
         <header>\n<h1>{title}</h1>\n<div id=\"controls\">\n\
         <button id=\"play\" type=\"button\">Play</button>\n\
         <input id=\"slider\" type=\"range\" min=\"0\" max=\"0\" value=\"0\" \
         aria-label=\"date\">\n<output id=\"date\"></output>\n</div>\n</header>\n\
         <main>\n<div id=\"story\">\n{svg}</div>\n\
         <aside id=\"info\"><p class=\"hint\">Hover or click a tie or an actor.</p></aside>\n\
         </main>\n<script type=\"application/json\" id=\"story-data\">{}</script>\n\
         <script>\n{SCRIPT}</script>\n</body>\n</html>\n",
        script_json(data)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_linear_stretch_stops_on_every_first_of_a_month_inside_it() {
        let d = |s: &str| s.parse::<Date>().unwrap();
        let days: Vec<String> = months_between(d("2020-11-15"), d("2021-03-01"))
            .into_iter()
            .map(day)
            .collect();
        assert_eq!(days, ["2020-12-01", "2021-01-01", "2021-02-01"]);
        assert!(months_between(d("2020-01-01"), d("2020-02-01")).is_empty());
    }

    #[test]
    fn json_in_a_script_cannot_close_it() {
        let text = script_json(&"</script><script>alert(1)</script>&amp;");
        assert!(!text.contains('<') && !text.contains('>') && !text.contains('&'));
        let back: String = serde_json::from_str(&text).unwrap();
        assert_eq!(back, "</script><script>alert(1)</script>&amp;");
    }
}
