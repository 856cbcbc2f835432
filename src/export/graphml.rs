//! GraphML of a snapshot, for NetworkX (`read_graphml`), Gephi, yEd and igraph.
//!
//! Node ids are actor ids, with `name` and `kind`; each tie in force is an edge with `weight` (as
//! `show` gives it), `kind`, `sign` (1, 0 or -1) and `directed`. A snapshot whose ties are all
//! directed is a directed graph; any other is undirected, the direction of its directed ties kept
//! in `directed` (NetworkX refuses a graph that mixes the two).

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use super::xml::{attr, text};
use crate::render::format;
use crate::snapshot::Snapshot;

/// The snapshot as a GraphML document.
///
/// ```
/// let graph = detente::load::load_str(
///     "detente: 1\nactors:\n  A: {name: A & Co, kind: state}\n  B: {name: B, kind: state}\n\
///      relations:\n  - between: [A, B]\n    series: [{date: 2020, weight: -0.5}]\n",
///     "g.yaml",
/// )?;
/// let snapshot = detente::Snapshot::at(&graph, "2021".parse()?);
/// let xml = detente::export::graphml::graphml(&snapshot)?;
/// assert!(xml.contains(r#"<data key="name">A &amp; Co</data>"#));
/// assert!(xml.contains(r#"<data key="weight">-0.5</data>"#));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn graphml(snapshot: &Snapshot) -> std::io::Result<String> {
    let ties = snapshot.ties();
    let directed = !ties.is_empty() && ties.iter().all(|(_, _, t)| t.directed());
    let free = super::attribute_keys(snapshot.actors().map(|a| &a.attributes));
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.create_element("graphml")
        .with_attribute(attr("xmlns", "http://graphml.graphdrawing.org/xmlns"))
        .write_inner_content(|w| {
            let keys = [
                ("name", "node", "name", "string"),
                ("kind", "node", "kind", "string"),
                ("weight", "edge", "weight", "double"),
                ("relation", "edge", "kind", "string"),
                ("sign", "edge", "sign", "int"),
                ("directed", "edge", "directed", "boolean"),
            ];
            for (id, on, name, kind) in keys {
                w.create_element("key")
                    .with_attributes([
                        attr("id", id),
                        attr("for", on),
                        attr("attr.name", name),
                        attr("attr.type", kind),
                    ])
                    .write_empty()?;
            }
            for (i, (name, kind)) in free.iter().enumerate() {
                // `name` and `kind` are taken by the fixed keys above.
                let shown = if matches!(name.as_str(), "name" | "kind") {
                    format!("attribute:{name}")
                } else {
                    name.clone()
                };
                w.create_element("key")
                    .with_attributes([
                        attr("id", &format!("a{i}")),
                        attr("for", "node"),
                        attr("attr.name", &shown),
                        attr("attr.type", kind),
                    ])
                    .write_empty()?;
            }
            let edges = if directed { "directed" } else { "undirected" };
            w.create_element("graph")
                .with_attributes([attr("id", "G"), attr("edgedefault", edges)])
                .write_inner_content(|w| {
                    for actor in snapshot.actors() {
                        w.create_element("node")
                            .with_attribute(attr("id", &actor.id))
                            .write_inner_content(|w| {
                                data(w, "name", &actor.name)?;
                                data(w, "kind", actor.kind.as_str())?;
                                for (i, (name, _)) in free.iter().enumerate() {
                                    if let Some(value) = actor.attributes.get(name) {
                                        data(w, &format!("a{i}"), &super::attribute_text(value))?;
                                    }
                                }
                                Ok(())
                            })?;
                    }
                    for (i, (from, to, tie)) in ties.iter().enumerate() {
                        let weight = format::weight(tie.weight);
                        let sign = if weight > 0.0 {
                            1
                        } else if weight < 0.0 {
                            -1
                        } else {
                            0
                        };
                        w.create_element("edge")
                            .with_attributes([
                                attr("id", &format!("e{i}")),
                                attr("source", &from.id),
                                attr("target", &to.id),
                            ])
                            .write_inner_content(|w| {
                                data(w, "weight", &weight.to_string())?;
                                data(w, "relation", &tie.key.kind)?;
                                data(w, "sign", &sign.to_string())?;
                                data(w, "directed", &tie.directed().to_string())
                            })?;
                    }
                    Ok(())
                })?;
            Ok(())
        })?;
    let mut out = String::from_utf8_lossy(&w.into_inner()).into_owned();
    out.push('\n');
    Ok(out)
}

fn data(w: &mut Writer<Vec<u8>>, key: &str, value: &str) -> std::io::Result<()> {
    w.create_element("data")
        .with_attribute(attr("key", key))
        .write_text_content(BytesText::new(&text(value)))?;
    Ok(())
}
