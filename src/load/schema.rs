//! The JSON Schema (draft 2020-12) of the graph file format, for editors: with
//! yaml-language-server, a graph file that starts with
//! `# yaml-language-server: $schema=../schema/detente-1.json` gets completion and checking.
//!
//! The schema describes what the loader accepts; a test checks that every field the loader
//! reads is in it, and that the committed `schema/detente-1.json` is this schema.

use serde_json::{Value, json};

/// The schema's `$id`.
pub const SCHEMA_ID: &str = "urn:detente:schema:graph-file:1";

/// The JSON Schema of format version 1, as a JSON value.
///
/// ```
/// let schema = detente::load::schema();
/// assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
/// assert_eq!(schema["additionalProperties"], false);
/// ```
pub fn schema() -> Value {
    let date = json!({
        "description": "A date: YYYY, YYYY-MM or YYYY-MM-DD; a partial date means the first day of its year or month.",
        "anyOf": [
            {
                "type": "string",
                "pattern": "^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"
            },
            {"type": "integer", "minimum": 1000, "maximum": 9999}
        ]
    });
    let bound = json!({
        "description": "A start or end of a period: a date; `~DATE` for an approximate date (used as given); `unknown` for a date no one knows (the period is treated as open on that side, and reported as uncertain).",
        "anyOf": [
            {"$ref": "#/$defs/date"},
            {
                "type": "string",
                "pattern": "^~[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"
            },
            {"const": "unknown"}
        ]
    });
    let text = json!({"type": ["string", "number", "boolean"]});
    let id = json!({"type": "string", "minLength": 1});
    let ids = json!({
        "description": "An id, or a list of ids.",
        "anyOf": [
            {"$ref": "#/$defs/id"},
            {"type": "array", "items": {"$ref": "#/$defs/id"}}
        ]
    });
    let interpolation = json!({
        "description": "How a weight behaves between two points: `step` holds it until the next point; `linear` moves in a straight line, by calendar days, towards the next point (never across an end).",
        "enum": ["step", "linear"]
    });
    // A series point, apart: one `json!` holding the whole schema would pass the macro's
    // recursion limit.
    let point = json!({
        "type": "object",
        "additionalProperties": false,
        "required": ["date"],
        "oneOf": [
            {"required": ["weight"], "not": {"required": ["end"]}},
            {"required": ["end"], "not": {"required": ["weight"]}}
        ],
        "properties": {
            "date": {"description": "When the value takes effect.", "$ref": "#/$defs/date"},
            "weight": {"description": "The weight from this date, within the scale.", "type": "number"},
            "end": {"description": "The tie is absent from this date until a later point.", "const": true},
            "note": {"description": "A free-text note.", "$ref": "#/$defs/text"},
            "event": {"description": "The event behind the change (an event id).", "$ref": "#/$defs/id"},
            "source": {"description": "The source(s) behind the value (source ids).", "$ref": "#/$defs/ids"},
            "sources": {"description": "The sources behind the value (source ids).", "$ref": "#/$defs/ids"},
            "confidence": {"description": "How sure the weight is, from 0 (a guess) to 1 (certain); not on an end.", "type": "number", "minimum": 0, "maximum": 1},
            "count": {"description": "How many observations are behind the value (the events an import aggregated into it).", "type": "integer", "minimum": 0},
            "range": {
                "description": "The weights thought possible, [low, high]: low <= weight <= high, within the scale; not on an end.",
                "type": "array",
                "items": {"type": "number"},
                "minItems": 2,
                "maxItems": 2
            }
        }
    });
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "detente graph file, format version 1",
        "description": "Signed, weighted, time-varying relations between political actors. See docs/format.md.",
        "type": "object",
        "additionalProperties": false,
        "required": ["detente"],
        "properties": {
            "detente": {"description": "The format version: 1, or 1.1 (the same format; 1 accepts every later optional field too).", "enum": [1, 1.1]},
            "title": {"description": "What the graph is about.", "$ref": "#/$defs/text"},
            "description": {"description": "A longer description.", "$ref": "#/$defs/text"},
            "interpolation": {"$ref": "#/$defs/interpolation"},
            "scale": {
                "description": "The range weights are written in; [-1, 1] unless declared.",
                "type": "object",
                "additionalProperties": false,
                "required": ["min", "max"],
                "properties": {
                    "min": {"description": "The most hostile weight.", "type": "number"},
                    "max": {"description": "The most cooperative weight.", "type": "number"}
                }
            },
            "sources": {
                "description": "Cited sources, by id.",
                "type": "object",
                "additionalProperties": {"$ref": "#/$defs/source"}
            },
            "actors": {
                "description": "States, organisations and persons, by id.",
                "type": "object",
                "additionalProperties": {"$ref": "#/$defs/actor"}
            },
            "relations": {
                "description": "Ties between two actors, each with a dated series of weights.",
                "type": "array",
                "items": {"$ref": "#/$defs/relation"}
            },
            "events": {
                "description": "Things that happened and moved ties, by id.",
                "type": "object",
                "additionalProperties": {"$ref": "#/$defs/event"}
            },
            "relation_kinds": {
                "description": "What each relation kind means, by kind; an undeclared kind never expires, is signed, has factor 1 and no style.",
                "type": "object",
                "additionalProperties": {"$ref": "#/$defs/relation_kind"}
            }
        },
        "$defs": {
            "date": date,
            "bound": bound,
            "text": text,
            "id": id,
            "ids": ids,
            "interpolation": interpolation,
            "source": {
                "type": "object",
                "additionalProperties": false,
                "required": ["title"],
                "properties": {
                    "title": {"description": "Headline or title.", "$ref": "#/$defs/text"},
                    "publisher": {"description": "Who published it.", "$ref": "#/$defs/text"},
                    "date": {"description": "When it was published.", "$ref": "#/$defs/date"},
                    "url": {"description": "Where to read it.", "type": "string"}
                }
            },
            "actor": {
                "type": "object",
                "additionalProperties": false,
                "required": ["name", "kind"],
                "properties": {
                    "name": {"description": "Display name.", "$ref": "#/$defs/text"},
                    "kind": {
                        "description": "What sort of actor it is: state, organisation (or organization), person, or any other lower-case snake_case kind of collective (group, party, armed_group...), which behaves like an organisation.",
                        "type": "string",
                        "pattern": "^[a-z][a-z0-9_]{0,31}$"
                    },
                    "part_of": {
                        "description": "Periods in which this collective is part of another (not for persons): drawn inside its cluster, rolled up into it at state level.",
                        "type": "array",
                        "items": {"$ref": "#/$defs/membership"}
                    },
                    "posts": {
                        "description": "Offices held (persons only); they place a person in a state.",
                        "type": "array",
                        "items": {"$ref": "#/$defs/post"}
                    },
                    "note": {"description": "Free-text notes.", "$ref": "#/$defs/text"},
                    "aliases": {
                        "description": "Other names it goes by; command-line arguments accept them in place of the id. None may be another actor's id or alias.",
                        "type": "array",
                        "items": {"type": "string", "minLength": 1}
                    },
                    "attributes": {
                        "description": "Free attributes (`iso3: BLR`), carried to JSON outputs: text, numbers or booleans.",
                        "type": "object",
                        "additionalProperties": {"type": ["string", "number", "boolean"]}
                    }
                }
            },
            "post": {
                "type": "object",
                "additionalProperties": false,
                "required": ["title", "of"],
                "properties": {
                    "title": {"description": "The office, e.g. President.", "$ref": "#/$defs/text"},
                    "of": {"description": "The state or organisation it belongs to (an actor id).", "$ref": "#/$defs/id"},
                    "from": {"description": "First day in office.", "$ref": "#/$defs/bound"},
                    "until": {"description": "First day out of office; after `from`.", "$ref": "#/$defs/bound"},
                    "primary": {"description": "Among posts held at once, the one that places the person (in diagrams and the state roll-up).", "type": "boolean"},
                    "source": {"description": "The source(s) that report the post (source ids).", "$ref": "#/$defs/ids"},
                    "sources": {"description": "The sources that report the post (source ids).", "$ref": "#/$defs/ids"},
                    "note": {"description": "A free-text note on the post.", "$ref": "#/$defs/text"}
                }
            },
            "membership": {
                "type": "object",
                "additionalProperties": false,
                "required": ["of"],
                "properties": {
                    "of": {"description": "The collective it is part of (an actor id, not a person).", "$ref": "#/$defs/id"},
                    "from": {"description": "First day part of it.", "$ref": "#/$defs/bound"},
                    "until": {"description": "First day no longer part of it; after `from`.", "$ref": "#/$defs/bound"},
                    "source": {"description": "The source(s) that report it (source ids).", "$ref": "#/$defs/ids"},
                    "sources": {"description": "The sources that report it (source ids).", "$ref": "#/$defs/ids"},
                    "note": {"description": "A free-text note.", "$ref": "#/$defs/text"}
                }
            },
            "relation": {
                "type": "object",
                "additionalProperties": false,
                "required": ["series"],
                "oneOf": [
                    {"required": ["between"], "not": {"anyOf": [{"required": ["from"]}, {"required": ["to"]}]}},
                    {"required": ["from", "to"], "not": {"required": ["between"]}}
                ],
                "properties": {
                    "between": {
                        "description": "The two ends of a mutual tie (in any order).",
                        "type": "array",
                        "items": {"$ref": "#/$defs/id"},
                        "minItems": 2,
                        "maxItems": 2
                    },
                    "from": {"description": "Where a directed tie goes out from (an actor id).", "$ref": "#/$defs/id"},
                    "to": {"description": "Where a directed tie goes to (an actor id).", "$ref": "#/$defs/id"},
                    "kind": {"description": "What sort of tie; `relation` by default.", "type": "string", "minLength": 1},
                    "interpolation": {"$ref": "#/$defs/interpolation"},
                    "note": {"description": "A note on the relation as a whole.", "$ref": "#/$defs/text"},
                    "series": {
                        "description": "Dated points, in any order, at most one per date; the earliest is not an end.",
                        "type": "array",
                        "minItems": 1,
                        "items": {"$ref": "#/$defs/point"}
                    }
                }
            },
            "point": point,
            "span": {
                "description": "A calendar span: a whole number and d (days), w (weeks), m (calendar months) or y (calendar years), e.g. 90d.",
                "type": "string",
                "pattern": "^[0-9]+[dwmy]$"
            },
            "relation_kind": {
                "type": "object",
                "additionalProperties": false,
                "properties": {
                    "expires": {"description": "A point's weight lapses this long after its date unless a later point renews it.", "$ref": "#/$defs/span"},
                    "signed": {"description": "false: shown, but left out of signed measures (balance, frustration, blocs).", "type": "boolean"},
                    "factor": {"description": "The kind's weight in the signed view when several kinds join one pair; above 0, 1 by default.", "type": "number", "exclusiveMinimum": 0},
                    "stale": {"description": "`check` warns when a weight is carried longer than this past the tie's last point.", "$ref": "#/$defs/span"},
                    "style": {"$ref": "#/$defs/kind_style"}
                }
            },
            "kind_style": {
                "description": "How diagrams draw the kind's edges.",
                "type": "object",
                "additionalProperties": false,
                "properties": {
                    "color": {"description": "A colour, \"#rrggbb\".", "type": "string", "pattern": "^#[0-9A-Fa-f]{6}$"},
                    "colour": {"description": "The same as `color`.", "type": "string", "pattern": "^#[0-9A-Fa-f]{6}$"},
                    "line": {"description": "How the line is drawn.", "enum": ["solid", "dashed", "dotted", "bold", "double"]}
                }
            },
            "event": {
                "type": "object",
                "additionalProperties": false,
                "required": ["date", "title"],
                "properties": {
                    "date": {"description": "The day it happened.", "$ref": "#/$defs/date"},
                    "title": {"description": "A one-line description.", "$ref": "#/$defs/text"},
                    "actors": {"description": "The actors involved (actor ids).", "type": "array", "items": {"$ref": "#/$defs/id"}},
                    "sources": {"description": "The sources that report it (source ids).", "$ref": "#/$defs/ids"},
                    "source": {"description": "The source(s) that report it (source ids).", "$ref": "#/$defs/ids"},
                    "description": {"description": "A longer description.", "$ref": "#/$defs/text"}
                }
            }
        }
    })
}

/// The schema as the text of `schema/detente-1.json`: pretty-printed, ending in a newline.
pub fn schema_text() -> String {
    let mut text = serde_json::to_string_pretty(&schema()).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::super::raw::{
        RawActor, RawEvent, RawGraph, RawKindRules, RawKindStyle, RawRelation, RawScale, RawSource,
    };
    use super::*;
    use crate::reader::{RawMembership, RawPoint, RawPost};

    /// The properties of the object schema at `pointer`, which must forbid any other.
    fn properties(pointer: &str) -> Vec<String> {
        let schema = schema();
        let object = schema
            .pointer(pointer)
            .expect("the pointer names an object schema");
        assert_eq!(object["additionalProperties"], false, "{pointer} is closed");
        let mut names: Vec<String> = object["properties"]
            .as_object()
            .expect("properties")
            .keys()
            .cloned()
            .collect();
        names.sort();
        names
    }

    fn keys(names: &[&str], aliases: &[&str]) -> Vec<String> {
        let mut all: Vec<String> = names.iter().chain(aliases).map(|s| s.to_string()).collect();
        all.sort();
        all
    }

    #[test]
    fn every_field_the_loader_reads_is_in_the_schema_and_no_other() {
        assert_eq!(properties(""), keys(RawGraph::NAMES, &[]));
        assert_eq!(properties("/properties/scale"), keys(RawScale::NAMES, &[]));
        assert_eq!(properties("/$defs/source"), keys(RawSource::NAMES, &[]));
        assert_eq!(properties("/$defs/actor"), keys(RawActor::NAMES, &[]));
        assert_eq!(properties("/$defs/post"), keys(RawPost::NAMES, &["source"]));
        assert_eq!(
            properties("/$defs/membership"),
            keys(RawMembership::NAMES, &["source"])
        );
        assert_eq!(properties("/$defs/relation"), keys(RawRelation::NAMES, &[]));
        assert_eq!(
            properties("/$defs/point"),
            keys(RawPoint::NAMES, &["source"])
        );
        assert_eq!(
            properties("/$defs/event"),
            keys(RawEvent::NAMES, &["source"])
        );
        assert_eq!(
            properties("/$defs/relation_kind"),
            keys(RawKindRules::NAMES, &[])
        );
        assert_eq!(
            properties("/$defs/kind_style"),
            keys(RawKindStyle::NAMES, &["colour"])
        );
    }

    #[test]
    fn the_committed_schema_is_up_to_date() {
        let committed = include_str!("../../schema/detente-1.json");
        assert!(
            committed == schema_text(),
            "schema/detente-1.json is stale: run `cargo run -- schema > schema/detente-1.json`"
        );
    }
}
