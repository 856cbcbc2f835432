//! GEXF 1.3 of the whole graph over time, for Gephi's timeline and NetworkX (`read_gexf`).
//!
//! The graph is `mode="dynamic"` with `timeformat="date"`; intervals are closed (`end` is the
//! last day included). Nodes are actors (id, label = name, static `kind`), present over their
//! posts (persons) or from their first tie to the end of their last one. Edges are relations
//! (static `kind` and `directed`), present while the tie is in force, with a dynamic `weight`
//! and `sign` per point: a point's weight holds from its date until the day before the next
//! point, as in a step series (a linear series is written at its points). A graph whose ties are
//! all directed is directed; any other is undirected, with `directed` per edge.

use std::collections::BTreeMap;
use std::io::Write;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use super::xml::{attr, text};
use crate::model::{Date, Graph, PointValue, Relation, Span};

/// The closed interval `[start, end]` (`end` absent: open).
type Interval = (Date, Option<Date>);

/// The day before `date`, written in full.
fn day_before(date: Date) -> Date {
    date.civil()
        .checked_sub(jiff::Span::new().days(1))
        .map_or(date, Date::from_civil)
}

fn full(date: Date) -> String {
    Date::from_civil(date.civil()).to_string()
}

/// The weighted stretches of a series: each point's weight until the day before the next point,
/// or before the day it lapses when its kind expires (`expires`) first.
fn stretches(relation: &Relation, expires: Option<Span>) -> Vec<(f64, Interval)> {
    let series = &relation.series;
    series
        .iter()
        .enumerate()
        .filter_map(|(i, p)| match p.value() {
            PointValue::Weight(w) => {
                let next = series.get(i + 1).map(|n| n.date);
                let lapse = expires.and_then(|span| span.after(p.date));
                let until = match (next, lapse) {
                    (Some(n), Some(l)) => Some(n.min(l)),
                    (n, l) => n.or(l),
                };
                Some((w, (p.date, until.map(day_before))))
            }
            PointValue::End => None,
        })
        .collect()
}

/// When the tie is in force: its stretches, joined where one ends the day before the next begins
/// (a gap is an end point or a lapse).
fn spells(relation: &Relation, expires: Option<Span>) -> Vec<Interval> {
    let mut spells: Vec<Interval> = Vec::new();
    for (_, (start, end)) in stretches(relation, expires) {
        match spells.last_mut() {
            Some((_, last_end)) if *last_end == Some(day_before(start)) => *last_end = end,
            _ => spells.push((start, end)),
        }
    }
    spells
}

/// When each actor without posts is present: from its first tie until the end of its last one
/// (open when any of its ties is still in force at its last point). One pass over the relations.
fn tie_presence(graph: &Graph) -> BTreeMap<&str, Interval> {
    let mut present: BTreeMap<&str, Interval> = BTreeMap::new();
    for relation in &graph.relations {
        let spells = spells(relation, graph.expiry_of(relation));
        let (Some(first), Some(last)) = (spells.first(), spells.last()) else {
            continue;
        };
        let (a, b) = relation.ends.pair();
        for id in [a, b] {
            let entry = present.entry(id).or_insert((first.0, last.1));
            entry.0 = entry.0.min(first.0);
            entry.1 = match (entry.1, last.1) {
                (Some(x), Some(y)) => Some(x.max(y)),
                _ => None,
            };
        }
    }
    present
}

/// When an actor is present: over its posts (a post without a start from the graph's first
/// date), else as `tie_presence` says; always, when it has neither.
fn presence(
    actor: &crate::model::Actor,
    first: Option<Date>,
    ties: &BTreeMap<&str, Interval>,
) -> Vec<Interval> {
    if !actor.posts.is_empty() {
        return actor
            .posts
            .iter()
            .filter_map(|p| Some((p.from.or(first)?, p.until.map(day_before))))
            .collect();
    }
    ties.get(actor.id.as_str()).copied().into_iter().collect()
}

/// The graph as a dynamic GEXF 1.3 document.
///
/// ```
/// let graph = detente::load::load_str(
///     "detente: 1\nactors:\n  A: {name: A, kind: state}\n  B: {name: B, kind: state}\n\
///      relations:\n  - between: [A, B]\n    series: [{date: 2020, weight: -0.5}, {date: 2021, end: true}]\n",
///     "g.yaml",
/// )?;
/// let xml = detente::export::gexf::gexf(&graph)?;
/// assert!(xml.contains(r#"<spell start="2020-01-01" end="2020-12-31"/>"#));
/// assert!(xml.contains(r#"<attvalue for="weight" value="-0.5" start="2020-01-01" end="2020-12-31"/>"#));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn gexf(graph: &Graph) -> std::io::Result<String> {
    let mut out = Vec::new();
    write_gexf(graph, &mut out)?;
    Ok(crate::render::runs::written_text(out))
}

/// [`gexf`], written to `out` as it is made (through a buffer the caller gives): a large graph's
/// file is never held whole in memory.
pub fn write_gexf(graph: &Graph, out: &mut dyn Write) -> std::io::Result<()> {
    let directed =
        !graph.relations.is_empty() && graph.relations.iter().all(|r| r.ends.is_directed());
    let mut w = Writer::new_with_indent(out, b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.create_element("gexf")
        .with_attributes([attr("xmlns", "http://gexf.net/1.3"), attr("version", "1.3")])
        .write_inner_content(|w| {
            w.create_element("meta").write_inner_content(|w| {
                w.create_element("creator")
                    .write_text_content(BytesText::new("detente"))?;
                if let Some(title) = &graph.title {
                    w.create_element("description")
                        .write_text_content(BytesText::new(&text(title)))?;
                }
                Ok(())
            })?;
            let edges = if directed { "directed" } else { "undirected" };
            w.create_element("graph")
                .with_attributes([
                    attr("mode", "dynamic"),
                    attr("defaultedgetype", edges),
                    attr("timeformat", "date"),
                ])
                .write_inner_content(|w| {
                    // The actors' free attributes join `kind` as static node attributes, with
                    // ids `a0`, `a1`... and their names as titles.
                    let free = super::attribute_keys(graph.actors.values().map(|a| &a.attributes));
                    let mut node_list: Vec<(String, String, &str)> =
                        vec![("kind".into(), "kind".into(), "string")];
                    for (i, (name, kind)) in free.iter().enumerate() {
                        node_list.push((format!("a{i}"), name.clone(), kind));
                    }
                    titled_attributes(w, "node", "static", &node_list)?;
                    attributes(
                        w,
                        "edge",
                        "static",
                        &[("kind", "string"), ("directed", "boolean")],
                    )?;
                    attributes(
                        w,
                        "edge",
                        "dynamic",
                        &[("weight", "double"), ("sign", "integer")],
                    )?;
                    let first = graph.date_range().map(|(first, _)| first);
                    let ties = tie_presence(graph);
                    w.create_element("nodes").write_inner_content(|w| {
                        for actor in graph.actors.values() {
                            w.create_element("node")
                                .with_attributes([
                                    attr("id", &actor.id),
                                    attr("label", &actor.name),
                                ])
                                .write_inner_content(|w| {
                                    w.create_element("attvalues").write_inner_content(|w| {
                                        attvalue(w, "kind", actor.kind.as_str(), None)?;
                                        for (i, (name, _)) in free.iter().enumerate() {
                                            if let Some(value) = actor.attributes.get(name) {
                                                let text = super::attribute_text(value);
                                                attvalue(w, &format!("a{i}"), &text, None)?;
                                            }
                                        }
                                        Ok(())
                                    })?;
                                    spell_list(w, &presence(actor, first, &ties))
                                })?;
                        }
                        Ok(())
                    })?;
                    // The edges, most of a large file, are made on all cores a few runs at a
                    // time and written in order, each as its own document indented under
                    // `<edges>` (attribute values hold no line breaks: they are escaped).
                    let out = w.get_mut();
                    out.write_all(b"\n    <edges>")?;
                    crate::render::runs::write_in_runs(
                        graph.relations.len(),
                        EDGES_PER_RUN,
                        |run| {
                            let mut text = Vec::with_capacity(run.len() * 1024);
                            for i in run {
                                let relation = &graph.relations[i];
                                let mut one = Writer::new_with_indent(Vec::new(), b' ', 2);
                                edge(&mut one, i, relation, graph.expiry_of(relation))?;
                                for line in one.into_inner().split(|&b| b == b'\n') {
                                    text.extend_from_slice(b"\n      ");
                                    text.extend_from_slice(line);
                                }
                            }
                            Ok(text)
                        },
                        |bytes| out.write_all(bytes),
                    )?;
                    out.write_all(b"\n    </edges>")?;
                    Ok(())
                })?;
            Ok(())
        })?;
    w.into_inner().write_all(b"\n")
}

/// How many edges one task of [`write_gexf`] makes.
const EDGES_PER_RUN: usize = 1024;

fn edge(
    w: &mut Writer<impl Write>,
    i: usize,
    relation: &Relation,
    expires: Option<Span>,
) -> std::io::Result<()> {
    let (from, to) = relation.ends.pair();
    w.create_element("edge")
        .with_attributes([
            attr("id", &i.to_string()),
            attr("source", from),
            attr("target", to),
            attr("label", &relation.kind),
        ])
        .write_inner_content(|w| {
            w.create_element("attvalues").write_inner_content(|w| {
                attvalue(w, "kind", &relation.kind, None)?;
                attvalue(
                    w,
                    "directed",
                    &relation.ends.is_directed().to_string(),
                    None,
                )?;
                let stretches = stretches(relation, expires);
                for &(weight, interval) in &stretches {
                    attvalue(w, "weight", &weight.to_string(), Some(interval))?;
                }
                for &(weight, interval) in &stretches {
                    let sign = if weight > 0.0 {
                        "1"
                    } else if weight < 0.0 {
                        "-1"
                    } else {
                        "0"
                    };
                    attvalue(w, "sign", sign, Some(interval))?;
                }
                Ok(())
            })?;
            spell_list(w, &spells(relation, expires))
        })?;
    Ok(())
}

/// Like [`attributes`], with a title apart from each id: `(id, title, type)`.
fn titled_attributes(
    w: &mut Writer<impl Write>,
    class: &str,
    mode: &str,
    list: &[(String, String, &str)],
) -> std::io::Result<()> {
    w.create_element("attributes")
        .with_attributes([attr("class", class), attr("mode", mode)])
        .write_inner_content(|w| {
            for (id, title, kind) in list {
                w.create_element("attribute")
                    .with_attributes([attr("id", id), attr("title", title), attr("type", kind)])
                    .write_empty()?;
            }
            Ok(())
        })?;
    Ok(())
}

fn attributes(
    w: &mut Writer<impl Write>,
    class: &str,
    mode: &str,
    list: &[(&str, &str)],
) -> std::io::Result<()> {
    w.create_element("attributes")
        .with_attributes([attr("class", class), attr("mode", mode)])
        .write_inner_content(|w| {
            for (id, kind) in list {
                w.create_element("attribute")
                    .with_attributes([attr("id", id), attr("title", id), attr("type", kind)])
                    .write_empty()?;
            }
            Ok(())
        })?;
    Ok(())
}

fn attvalue(
    w: &mut Writer<impl Write>,
    key: &str,
    value: &str,
    interval: Option<Interval>,
) -> std::io::Result<()> {
    let mut element = w
        .create_element("attvalue")
        .with_attributes([attr("for", key), attr("value", value)]);
    if let Some((start, end)) = interval {
        element = element.with_attribute(attr("start", &full(start)));
        if let Some(end) = end {
            element = element.with_attribute(attr("end", &full(end)));
        }
    }
    element.write_empty()?;
    Ok(())
}

fn spell_list(w: &mut Writer<impl Write>, spells: &[Interval]) -> std::io::Result<()> {
    if spells.is_empty() {
        return Ok(());
    }
    w.create_element("spells").write_inner_content(|w| {
        for &(start, end) in spells {
            let mut element = w
                .create_element("spell")
                .with_attribute(attr("start", &full(start)));
            if let Some(end) = end {
                element = element.with_attribute(attr("end", &full(end)));
            }
            element.write_empty()?;
        }
        Ok(())
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edges_made_in_runs_on_any_thread_count_are_those_of_one_nested_writer() {
        let mut graph =
            crate::generate::generate(&crate::generate::Spec::sized(200, 3 * EDGES_PER_RUN + 5, 4));
        // A hostile kind on one edge: its attribute values must stay on one line.
        graph.relations[EDGES_PER_RUN].kind = "a\nb <&> \"c\"".into();
        // The edges written by one writer, nested as `write_gexf` nests them.
        let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
        w.create_element("gexf")
            .write_inner_content(|w| {
                w.create_element("graph").write_inner_content(|w| {
                    w.create_element("edges").write_inner_content(|w| {
                        for (i, relation) in graph.relations.iter().enumerate() {
                            edge(w, i, relation, graph.expiry_of(relation))?;
                        }
                        Ok(())
                    })?;
                    Ok(())
                })?;
                Ok(())
            })
            .unwrap();
        let nested = String::from_utf8(w.into_inner()).unwrap();
        let edges = |text: &str| {
            let start = text.find("    <edges>").unwrap();
            let end = text.find("</edges>").unwrap();
            text[start..end].to_string()
        };
        let expected = edges(&nested);
        for threads in [1, 2, 4] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            let written = pool.install(|| gexf(&graph)).unwrap();
            assert!(edges(&written) == expected, "{threads} threads");
        }
    }

    #[test]
    fn nodes_are_present_over_their_posts_or_their_ties() {
        let graph = crate::load::load_str(
            "detente: 1\nactors:\n  A: {name: A, kind: state}\n  B: {name: B, kind: state}\n  \
             C: {name: C, kind: state}\n  p:\n    name: P\n    kind: person\n    posts:\n      \
             - {title: Envoy, of: A, from: 2019-03-01, until: 2022}\n\
             relations:\n  - between: [A, B]\n    series: [{date: 2020, weight: 0.5}, {date: 2021, end: true}]\n  \
             - between: [A, C]\n    series: [{date: 2018, weight: -0.5}]\n",
            "g.yaml",
        )
        .unwrap();
        let xml = gexf(&graph).unwrap();
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let spells = |id: &str| -> Vec<(String, Option<String>)> {
            let node = doc
                .descendants()
                .find(|n| n.has_tag_name("node") && n.attribute("id") == Some(id))
                .unwrap();
            node.descendants()
                .filter(|n| n.has_tag_name("spell"))
                .map(|s| {
                    (
                        s.attribute("start").unwrap().to_string(),
                        s.attribute("end").map(str::to_string),
                    )
                })
                .collect()
        };
        let open = |s: &str| vec![(s.to_string(), None)];
        assert_eq!(
            spells("B"),
            vec![("2020-01-01".to_string(), Some("2020-12-31".to_string()))]
        );
        assert_eq!(spells("A"), open("2018-01-01"));
        assert_eq!(spells("C"), open("2018-01-01"));
        assert_eq!(
            spells("p"),
            vec![("2019-03-01".to_string(), Some("2021-12-31".to_string()))]
        );
    }
}
