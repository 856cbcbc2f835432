//! Exporters: a graph or a snapshot written for other tools (CSV tables, GraphML, GEXF), and its
//! sources for reference managers (CSL-JSON).
//!
//! One file per format. Each reads the model (or a snapshot of it) and returns the bytes to
//! write; nothing here touches files or prints.

pub mod csl;
pub mod csv;
pub mod gexf;
pub mod graphml;
pub mod parquet;
mod xml;

use std::collections::BTreeMap;

use crate::model::Attribute;

/// The names of the actors' free attributes (in name order), each with the XML type its values
/// share: `double` or `boolean` when every value of that name is one, `string` otherwise.
fn attribute_keys<'a>(
    maps: impl Iterator<Item = &'a BTreeMap<String, Attribute>>,
) -> Vec<(String, &'static str)> {
    let mut kinds: BTreeMap<&str, &'static str> = BTreeMap::new();
    for map in maps {
        for (name, value) in map {
            let kind = match value {
                Attribute::Number(_) => "double",
                Attribute::Bool(_) => "boolean",
                Attribute::Text(_) => "string",
            };
            kinds
                .entry(name.as_str())
                .and_modify(|k| {
                    if *k != kind {
                        *k = "string";
                    }
                })
                .or_insert(kind);
        }
    }
    kinds.into_iter().map(|(n, k)| (n.to_string(), k)).collect()
}

/// An attribute's value as XML text: numbers in shortest round-trip form.
fn attribute_text(value: &Attribute) -> String {
    match value {
        Attribute::Text(text) => text.clone(),
        Attribute::Number(n) => n.to_string(),
        Attribute::Bool(b) => b.to_string(),
    }
}
