//! No field the loader accepts is ignored by every command: each field of the schema (which a
//! unit test keeps equal to the fields the loader reads) has an entry here that sets it in a small
//! file and names a command whose output changes because of it.

use std::collections::BTreeSet;

use crate::support::detente;

/// A file that sets few optional fields, so that setting one changes something.
const BASE: &str = "detente: 1
scale: {min: -1, max: 1}
sources:
  s1: {title: S1}
  s2: {title: S2}
actors:
  A: {name: A, kind: state}
  B: {name: B, kind: state}
  p: {name: P, kind: person, posts: [{title: T, of: A}]}
  C: {name: C, kind: group, part_of: [{of: A}]}
relations:
  - between: [A, B]
    series:
      - {date: 2020, weight: 0.5}
events:
  e1: {date: 2020, title: E}
";

/// `(field, text in BASE, replacement, command)`: the field as `SECTION.NAME` (`top` for the
/// top level, else the schema's definition), and the command whose output must change.
const FIELDS: &[(&str, &str, &str, &str)] = &[
    ("top.detente", "detente: 1\n", "detente: 9\n", "check"),
    (
        "top.title",
        "detente: 1\n",
        "detente: 1\ntitle: X\n",
        "textconv",
    ),
    (
        "top.description",
        "detente: 1\n",
        "detente: 1\ndescription: X\n",
        "textconv",
    ),
    (
        "top.interpolation",
        "detente: 1\n",
        "detente: 1\ninterpolation: linear\n",
        "textconv",
    ),
    (
        "top.scale",
        "scale: {min: -1, max: 1}",
        "scale: {min: -2, max: 2}",
        "textconv",
    ),
    ("scale.min", "min: -1,", "min: -3,", "textconv"),
    ("scale.max", "max: 1}", "max: 3}", "textconv"),
    (
        "top.sources",
        "  s2: {title: S2}\n",
        "  s2: {title: S2}\n  s3: {title: S3}\n",
        "textconv",
    ),
    ("source.title", "{title: S1}", "{title: S9}", "textconv"),
    (
        "source.publisher",
        "{title: S1}",
        "{title: S1, publisher: X}",
        "textconv",
    ),
    (
        "source.date",
        "{title: S1}",
        "{title: S1, date: 2020}",
        "textconv",
    ),
    (
        "source.url",
        "{title: S1}",
        "{title: S1, url: x}",
        "textconv",
    ),
    (
        "top.actors",
        "  B: {name: B, kind: state}\n",
        "  B: {name: B, kind: state}\n  C: {name: C, kind: state}\n",
        "textconv",
    ),
    ("actor.name", "{name: A,", "{name: AA,", "textconv"),
    (
        "actor.kind",
        "{name: B, kind: state}",
        "{name: B, kind: organisation}",
        "textconv",
    ),
    (
        "actor.posts",
        "{name: P, kind: person, posts: [{title: T, of: A}]}",
        "{name: P, kind: person}",
        "textconv",
    ),
    ("actor.note", "{name: A,", "{note: X, name: A,", "textconv"),
    (
        "actor.aliases",
        "{name: A,",
        "{aliases: [Aa], name: A,",
        "textconv",
    ),
    (
        "actor.attributes",
        "{name: A,",
        "{attributes: {iso3: AAA}, name: A,",
        "textconv",
    ),
    (
        "actor.part_of",
        "{name: C, kind: group, part_of: [{of: A}]}",
        "{name: C, kind: group}",
        "textconv",
    ),
    (
        "membership.of",
        "part_of: [{of: A}]",
        "part_of: [{of: B}]",
        "textconv",
    ),
    (
        "membership.from",
        "part_of: [{of: A}]",
        "part_of: [{of: A, from: 2019}]",
        "textconv",
    ),
    (
        "membership.until",
        "part_of: [{of: A}]",
        "part_of: [{of: A, until: 2019}]",
        "textconv",
    ),
    (
        "membership.source",
        "part_of: [{of: A}]",
        "part_of: [{of: A, source: s1}]",
        "textconv",
    ),
    (
        "membership.sources",
        "part_of: [{of: A}]",
        "part_of: [{of: A, sources: [s1]}]",
        "textconv",
    ),
    (
        "membership.note",
        "part_of: [{of: A}]",
        "part_of: [{of: A, note: X}]",
        "textconv",
    ),
    (
        "post.title",
        "{title: T, of: A}",
        "{title: U, of: A}",
        "textconv",
    ),
    (
        "post.of",
        "{title: T, of: A}",
        "{title: T, of: B}",
        "textconv",
    ),
    (
        "post.from",
        "{title: T, of: A}",
        "{title: T, of: A, from: 2019}",
        "textconv",
    ),
    (
        "post.until",
        "{title: T, of: A}",
        "{title: T, of: A, until: 2019}",
        "textconv",
    ),
    (
        "post.primary",
        "{title: T, of: A}",
        "{title: T, of: A, primary: true}",
        "textconv",
    ),
    (
        "post.source",
        "{title: T, of: A}",
        "{title: T, of: A, source: s1}",
        "textconv",
    ),
    (
        "post.sources",
        "{title: T, of: A}",
        "{title: T, of: A, sources: [s1]}",
        "textconv",
    ),
    (
        "post.note",
        "{title: T, of: A}",
        "{title: T, of: A, note: X}",
        "textconv",
    ),
    (
        "top.relations",
        "relations:\n",
        "relations:\n  - {between: [A, p], series: [{date: 2020, weight: 1}]}\n",
        "textconv",
    ),
    (
        "relation.between",
        "between: [A, B]",
        "between: [A, p]",
        "textconv",
    ),
    (
        "relation.from",
        "between: [A, B]",
        "from: A\n    to: B",
        "textconv",
    ),
    (
        "relation.to",
        "between: [A, B]",
        "from: A\n    to: p",
        "textconv",
    ),
    (
        "relation.kind",
        "between: [A, B]\n",
        "between: [A, B]\n    kind: trade\n",
        "textconv",
    ),
    (
        "relation.interpolation",
        "between: [A, B]\n",
        "between: [A, B]\n    interpolation: linear\n",
        "textconv",
    ),
    (
        "relation.note",
        "between: [A, B]\n",
        "between: [A, B]\n    note: X\n",
        "textconv",
    ),
    (
        "relation.series",
        "weight: 0.5}\n",
        "weight: 0.5}\n      - {date: 2021, weight: 0.1}\n",
        "textconv",
    ),
    (
        "point.date",
        "{date: 2020, weight: 0.5}",
        "{date: 2021, weight: 0.5}",
        "textconv",
    ),
    (
        "point.weight",
        "{date: 2020, weight: 0.5}",
        "{date: 2020, weight: 0.25}",
        "textconv",
    ),
    (
        "point.end",
        "weight: 0.5}\n",
        "weight: 0.5}\n      - {date: 2021, end: true}\n",
        "textconv",
    ),
    (
        "point.note",
        "{date: 2020, weight: 0.5}",
        "{date: 2020, weight: 0.5, note: X}",
        "textconv",
    ),
    (
        "point.event",
        "{date: 2020, weight: 0.5}",
        "{date: 2020, weight: 0.5, event: e1}",
        "textconv",
    ),
    (
        "point.source",
        "{date: 2020, weight: 0.5}",
        "{date: 2020, weight: 0.5, source: s1}",
        "textconv",
    ),
    (
        "point.sources",
        "{date: 2020, weight: 0.5}",
        "{date: 2020, weight: 0.5, sources: [s1]}",
        "textconv",
    ),
    (
        "top.events",
        "  e1: {date: 2020, title: E}\n",
        "  e1: {date: 2020, title: E}\n  e2: {date: 2021, title: F}\n",
        "textconv",
    ),
    (
        "event.date",
        "{date: 2020, title: E}",
        "{date: 2021, title: E}",
        "textconv",
    ),
    (
        "event.title",
        "{date: 2020, title: E}",
        "{date: 2020, title: F}",
        "textconv",
    ),
    (
        "event.actors",
        "{date: 2020, title: E}",
        "{date: 2020, title: E, actors: [A]}",
        "textconv",
    ),
    (
        "event.source",
        "{date: 2020, title: E}",
        "{date: 2020, title: E, source: s1}",
        "textconv",
    ),
    (
        "event.sources",
        "{date: 2020, title: E}",
        "{date: 2020, title: E, sources: [s1]}",
        "textconv",
    ),
    (
        "event.description",
        "{date: 2020, title: E}",
        "{date: 2020, title: E, description: X}",
        "textconv",
    ),
    (
        "point.confidence",
        "{date: 2020, weight: 0.5}",
        "{date: 2020, weight: 0.5, confidence: 0.6}",
        "textconv",
    ),
    (
        "point.count",
        "{date: 2020, weight: 0.5}",
        "{date: 2020, weight: 0.5, count: 7}",
        "textconv",
    ),
    (
        "point.range",
        "{date: 2020, weight: 0.5}",
        "{date: 2020, weight: 0.5, range: [0.2, 0.7]}",
        "textconv",
    ),
    (
        "top.relation_kinds",
        "detente: 1\n",
        "detente: 1\nrelation_kinds: {relation: {}}\n",
        "textconv",
    ),
    (
        "relation_kind.expires",
        "detente: 1\n",
        "detente: 1\nrelation_kinds: {relation: {expires: 1d}}\n",
        "textconv",
    ),
    (
        "relation_kind.signed",
        "detente: 1\n",
        "detente: 1\nrelation_kinds: {relation: {signed: false}}\n",
        "textconv",
    ),
    (
        "relation_kind.factor",
        "detente: 1\n",
        "detente: 1\nrelation_kinds: {relation: {factor: 2}}\n",
        "textconv",
    ),
    (
        "relation_kind.stale",
        "detente: 1\n",
        "detente: 1\nrelation_kinds: {relation: {stale: 1y}}\n",
        "textconv",
    ),
    (
        "relation_kind.style",
        "detente: 1\n",
        "detente: 1\nrelation_kinds: {relation: {style: {line: bold}}}\n",
        "textconv",
    ),
    (
        "kind_style.color",
        "detente: 1\n",
        "detente: 1\nrelation_kinds: {relation: {style: {color: '#112233'}}}\n",
        "textconv",
    ),
    (
        "kind_style.colour",
        "detente: 1\n",
        "detente: 1\nrelation_kinds: {relation: {style: {colour: '#112233'}}}\n",
        "textconv",
    ),
    (
        "kind_style.line",
        "detente: 1\n",
        "detente: 1\nrelation_kinds: {relation: {style: {line: dotted}}}\n",
        "textconv",
    ),
];

/// Every field of the schema, as `SECTION.NAME`.
fn schema_fields() -> BTreeSet<String> {
    let out = detente(["schema"]).run();
    out.ok();
    let schema: serde_json::Value = serde_json::from_str(&out.stdout).expect("the schema is JSON");
    let names = |section: &str, object: &serde_json::Value| -> Vec<String> {
        object["properties"]
            .as_object()
            .expect("an object schema")
            .keys()
            .map(|k| format!("{section}.{k}"))
            .collect()
    };
    let mut fields: BTreeSet<String> = names("top", &schema).into_iter().collect();
    fields.extend(names("scale", &schema["properties"]["scale"]));
    for (name, def) in schema["$defs"].as_object().expect("definitions") {
        if def.get("properties").is_some() {
            fields.extend(names(name, def));
        }
    }
    fields
}

/// What `command` prints (and its exit code) for `text`, written to a temporary file.
fn output(command: &str, text: &str, dir: &std::path::Path, name: &str) -> (String, String, i32) {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    let out = detente([command, path.to_str().unwrap()]).run();
    (
        out.stdout.replace(name, "FILE"),
        out.stderr.replace(name, "FILE"),
        out.code,
    )
}

#[test]
fn every_field_has_an_entry_here() {
    let listed: BTreeSet<String> = FIELDS.iter().map(|(f, ..)| f.to_string()).collect();
    assert_eq!(listed.len(), FIELDS.len(), "a field is listed twice");
    assert_eq!(
        listed,
        schema_fields(),
        "a field the loader reads has no entry in FIELDS (or an entry names no field)"
    );
}

#[test]
fn every_field_changes_what_some_command_prints() {
    let dir = tempfile::tempdir().unwrap();
    for (field, find, replace, command) in FIELDS {
        assert!(BASE.contains(find), "{field}: `{find}` is not in BASE");
        let changed = BASE.replacen(find, replace, 1);
        let before = output(command, BASE, dir.path(), "base.yaml");
        let after = output(command, &changed, dir.path(), "base.yaml");
        if *command != "check" {
            assert_eq!(
                after.2, 0,
                "{field}: {command} fails on\n{changed}\n{}",
                after.1
            );
        }
        assert_ne!(before, after, "{field}: `{command}` does not see it");
    }
}
