//! CSL-JSON: the graph's sources as citation items for reference managers (Zotero, Pandoc's
//! citeproc, BibTeX converters).
//!
//! One item per declared source, in id order: `id` (the source's id), `type` (`article-newspaper`
//! when the source names a publisher, else `webpage`), `title`, `container-title` (the publisher),
//! `issued` as `date-parts` to the precision the date was written with, and `URL`. Fields the
//! source does not give are left out. serde_json writes the text, so any string is escaped.

use serde::Serialize;

use crate::model::{Date, Graph, Precision};

/// One CSL-JSON item.
#[derive(Serialize)]
struct Item<'a> {
    id: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    title: &'a str,
    #[serde(rename = "container-title", skip_serializing_if = "Option::is_none")]
    container_title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    issued: Option<Issued>,
    #[serde(rename = "URL", skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

/// A CSL date: one `[year, month, day]` list, as long as the date's precision.
#[derive(Serialize)]
struct Issued {
    #[serde(rename = "date-parts")]
    date_parts: [Vec<i32>; 1],
}

fn issued(date: Date) -> Issued {
    let day = date.civil();
    let parts = match date.precision() {
        Precision::Year => vec![i32::from(day.year())],
        Precision::Month => vec![i32::from(day.year()), i32::from(day.month())],
        Precision::Day => vec![
            i32::from(day.year()),
            i32::from(day.month()),
            i32::from(day.day()),
        ],
    };
    Issued {
        date_parts: [parts],
    }
}

/// The sources of `graph` as a CSL-JSON array (pretty-printed, ending in a newline).
pub fn csl_json(graph: &Graph) -> String {
    let items: Vec<Item> = graph
        .sources
        .iter()
        .map(|(id, s)| Item {
            id,
            kind: if s.publisher.is_some() {
                "article-newspaper"
            } else {
                "webpage"
            },
            title: &s.title,
            container_title: s.publisher.as_deref(),
            issued: s.date.map(issued),
            url: s.url.as_deref(),
        })
        .collect();
    // Serialising plain structs of strings and numbers cannot fail.
    let mut text = serde_json::to_string_pretty(&items).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Source;

    #[test]
    fn sources_become_items_with_their_dates_to_their_precision() {
        let mut graph = Graph::default();
        graph.sources.insert(
            "b".into(),
            Source {
                title: "Talks \"resume\" <soon>".into(),
                publisher: Some("Reuters".into()),
                date: "2020-02".parse().ok(),
                url: Some("https://x.example/?a=1&b=2".into()),
            },
        );
        graph.sources.insert(
            "a".into(),
            Source {
                title: "A page".into(),
                ..Source::default()
            },
        );
        let json: serde_json::Value = serde_json::from_str(&csl_json(&graph)).expect("JSON");
        assert_eq!(
            json,
            serde_json::json!([
                {"id": "a", "type": "webpage", "title": "A page"},
                {"id": "b", "type": "article-newspaper", "title": "Talks \"resume\" <soon>",
                 "container-title": "Reuters", "issued": {"date-parts": [[2020, 2]]},
                 "URL": "https://x.example/?a=1&b=2"}
            ])
        );
    }
}
