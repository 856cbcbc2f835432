//! Loader tests on small inline files.

use super::*;

#[test]
fn a_minimal_graph_loads() {
    let g = load_str(
        "detente: 1\nactors:\n  USA: {name: United States, kind: state}\n  BLR: {name: Belarus, kind: state}\nrelations:\n  - between: [USA, BLR]\n    series:\n      - {date: 2019, weight: -0.2}\n",
        "t.yaml",
    )
    .unwrap();
    assert_eq!(g.actors.len(), 2);
    assert_eq!(g.relations[0].kind, "relation");
}

#[test]
fn unknown_actor_is_located_and_suggested() {
    let e = load_str(
        "detente: 1\nactors:\n  USA: {name: United States, kind: state}\n  BLR: {name: Belarus, kind: state}\nrelations:\n  - between: [USA, Belarsu]\n    series:\n      - {date: 2019, weight: -0.2}\n",
        "t.yaml",
    )
    .unwrap_err();
    let d = e.diagnostics().unwrap();
    assert_eq!(d.items.len(), 1);
    assert_eq!(d.items[0].message, "unknown actor `Belarsu`");
    assert_eq!(
        d.items[0].position,
        Some(Position {
            line: 6,
            column: 20
        })
    );
    assert_eq!(
        d.items[0].help.as_deref(),
        Some("did you mean `BLR` (Belarus)?")
    );
}

// ---- validating a graph built in code ----

mod built_in_code {
    use crate::load::{load_str, validate};
    use crate::model::{Point, Post};

    const GRAPH: &str = "detente: 1\nactors:\n  A: {name: A, kind: state}\n  B: {name: B, kind: state}\n\
                         relations:\n  - between: [A, B]\n    series: [{date: 2020, weight: 0.5}]\n";

    fn messages(graph: &crate::model::Graph) -> Vec<String> {
        let problems = validate(graph).unwrap_err();
        assert_eq!(problems.file, "graph");
        // Located in the YAML the graph writes, which they quote.
        assert!(problems.items.iter().all(|d| d.position.is_some()));
        assert!(problems.source.is_some());
        problems.items.into_iter().map(|d| d.message).collect()
    }

    #[test]
    fn a_valid_graph_passes() {
        let graph = load_str(GRAPH, "g.yaml").unwrap();
        assert_eq!(validate(&graph), Ok(()));
    }

    #[test]
    fn each_semantic_check_of_the_loader_applies() {
        let mut graph = load_str(GRAPH, "g.yaml").unwrap();
        // A tie declared twice, and a weight out of scale.
        graph.relations.push(graph.relations[0].clone());
        let mut other = graph.relations[0].clone();
        other.kind = "trade".into();
        other.series[0] = Point::weight("2020".parse().unwrap(), 1.5);
        graph.relations.push(other);
        // A post held in an unknown actor, ending before it starts.
        graph.actors.get_mut("A").unwrap().posts.push(Post {
            title: "President".into(),
            of: "ZZZ".into(),
            from: Some("2021".parse().unwrap()),
            until: Some("2020".parse().unwrap()),
            ..Default::default()
        });
        let got = messages(&graph);
        assert!(
            got.iter().any(|m| m.contains("duplicate relation")),
            "{got:?}"
        );
        assert!(got.iter().any(|m| m.contains("1.5")), "{got:?}");
        assert!(got.iter().any(|m| m.contains("`ZZZ`")), "{got:?}");
        assert!(
            got.iter().any(|m| m.contains("2021") && m.contains("2020")),
            "{got:?}"
        );
        assert!(
            validate(&graph)
                .unwrap_err()
                .to_string()
                .contains("| - between: [A, B]")
        );
    }
}

// ---- the library's messages carry no severity; a program adds it ----

#[test]
fn messages_are_plain_and_a_program_labels_them() {
    let error =
        crate::load::load_str("detente: 1\nactors: []\nrelations: 3\n", "g.yaml").unwrap_err();
    let plain = error.to_string();
    assert!(plain.starts_with("g.yaml:2:"), "{plain}");
    assert!(!plain.contains("error:"), "{plain}");
    let labelled = error.labelled("error").to_string();
    let lines: Vec<&str> = labelled
        .lines()
        .filter(|l| l.starts_with("error: "))
        .collect();
    assert_eq!(lines.len(), 2, "{labelled}");
    assert!(labelled.ends_with("g.yaml: 2 problems found"), "{labelled}");
    let io = crate::load::load_path(std::path::Path::new("no/such.yaml")).unwrap_err();
    assert!(io.to_string().starts_with("cannot read no/such.yaml: "));
    assert!(
        io.labelled("warning")
            .to_string()
            .starts_with("warning: cannot read no/such.yaml: ")
    );
}

#[test]
fn relation_kinds_confidence_and_range_are_written_back() {
    let text = include_str!("../../tests/fixtures/kinds/contacts.yaml");
    let g = load_str(text, "contacts.yaml").unwrap();
    assert_eq!(g.relation_kinds.len(), 4);
    assert_eq!(g.relations[0].series[0].range(), Some([0.4, 0.8]));
    let yaml = super::to_yaml(&g).unwrap();
    assert_eq!(load_str(&yaml, "back.yaml").unwrap(), g);
    let json = super::to_json(&g).unwrap();
    assert_eq!(super::load_json_str(&json, "back.json").unwrap(), g);
}

/// `validate_large` refuses what `validate` refuses, with the same messages, and accepts what it
/// accepts.
#[test]
fn validate_large_agrees_with_validate() {
    use crate::model::{Ends, Point, PointValue};
    let graph = load_path(std::path::Path::new("graphs/us-belarus.yaml")).unwrap();
    assert!(validate_large(&graph).is_ok());
    type Breaking = Box<dyn Fn(&mut Graph)>;
    let broken: Vec<Breaking> = vec![
        Box::new(|g| g.relations[0].ends = Ends::Mutual("USA".into(), "nobody".into())),
        Box::new(|g| g.relations[0].ends = Ends::Mutual("USA".into(), "USA".into())),
        Box::new(|g| g.relations[0].kind = " ".into()),
        Box::new(|g| {
            let copy = g.relations[0].clone();
            g.relations.push(copy);
        }),
        Box::new(|g| g.relations[0].series.clear()),
        Box::new(|g| g.relations[0].series[0].set_value(PointValue::End)),
        Box::new(|g| g.relations[0].series[0].set_value(PointValue::Weight(1.5))),
        Box::new(|g| {
            let p = g.relations[0].series[0].clone();
            g.relations[0].series.push(p);
        }),
        Box::new(|g| g.relations[0].series.reverse()),
        Box::new(|g| g.relations[0].series[0].edit_detail(|d| d.confidence = Some(2.0))),
        Box::new(|g| g.relations[0].series[0].edit_detail(|d| d.range = Some([0.9, 1.0]))),
        Box::new(|g| {
            g.relations[0].series[0].edit_detail(|d| d.event = Some("no-such-event".into()))
        }),
        Box::new(|g| {
            g.relations[0].series[0].edit_detail(|d| d.sources = vec!["no-such-source".into()])
        }),
        Box::new(|g| {
            g.relations[0]
                .series
                .push(Point::weight("2030".parse().unwrap(), 0.1));
            g.actors.remove("USA");
        }),
        // A tie declared twice with its ends the other way round, sharing their allocations.
        Box::new(|g| {
            let mut copy = g.relations[0].clone();
            let Ends::Mutual(a, b) = copy.ends.clone() else {
                panic!("the first tie is mutual")
            };
            copy.ends = Ends::Mutual(b, a);
            g.relations.push(copy);
        }),
        // A tie declared twice with ends and kind that are equal text in other allocations.
        Box::new(|g| {
            let mut copy = g.relations[0].clone();
            let (a, b) = copy.ends.pair();
            copy.ends = Ends::Mutual(a.into(), b.into());
            copy.kind = copy.kind.to_string().into();
            g.relations.push(copy);
        }),
        // A tie from an actor to itself, both ends one allocation.
        Box::new(|g| {
            let usa = g.actors.get("USA").expect("USA").id.clone();
            g.relations[0].ends = Ends::Directed {
                from: usa.clone(),
                to: usa,
            };
        }),
        // The outline (checked apart from the relations): a post in no declared state, an
        // actor without a name, an event of no declared actor, an alias that is another's id.
        Box::new(|g| {
            let person = g.actors.values_mut().find(|a| !a.posts.is_empty());
            person.expect("a person in office").posts[0].of = "nowhere".into();
        }),
        Box::new(|g| g.actors.get_mut("USA").expect("USA").name = " ".into()),
        Box::new(|g| {
            let event = g.events.values_mut().next().expect("an event");
            event.actors.push("nobody".into());
        }),
        Box::new(|g| {
            g.actors
                .get_mut("USA")
                .expect("USA")
                .aliases
                .push("BLR".into())
        }),
        // Several problems at once, found in a graph cut down to them: in the outline, in two
        // relations far apart, and a tie declared twice (both copies are kept for the check).
        Box::new(|g| {
            g.actors.get_mut("USA").expect("USA").name = " ".into();
            g.relations[1].series[0].set_value(PointValue::Weight(-3.0));
            let last = g.relations.len() - 1;
            g.relations[last].kind = "".into();
            let copy = g.relations[2].clone();
            g.relations.insert(5, copy);
        }),
    ];
    for (i, breaking) in broken.iter().enumerate() {
        let mut g = graph.clone();
        breaking(&mut g);
        let messages = |d: Diagnostics| d.items.into_iter().map(|d| d.message).collect::<Vec<_>>();
        let full = validate(&g).map_err(messages);
        assert_eq!(validate_large(&g).map_err(messages), full, "case {i}");
        // A series out of order is put in order by the loader, so it passes.
        assert_eq!(full.is_ok(), i == 8, "case {i}");
    }
}

/// A large graph with a problem is checked as text cut down to its outline and the relations
/// with a problem, not written out whole: the cut-down graph holds just those relations, in
/// order, and the problems are the whole graph's.
#[test]
fn a_graph_with_a_problem_is_checked_cut_down_to_it() {
    use crate::model::{Ends, PointValue};
    let graph = load_path(std::path::Path::new("graphs/us-belarus.yaml")).unwrap();
    let n = graph.relations.len();
    assert!(n > 10);
    let mut g = graph.clone();
    g.relations[3].ends = Ends::Mutual("USA".into(), "nobody".into());
    g.relations[n - 2].series[0].set_value(PointValue::Weight(9.0));
    let messages = |d: &Diagnostics| {
        d.items
            .iter()
            .map(|d| d.message.clone())
            .collect::<Vec<_>>()
    };
    let full = validate(&g).unwrap_err();
    for ties in [Ties::Distinct, Ties::MayRepeat] {
        let (found, narrowed) = validate_narrowed(&g, ties).unwrap_err();
        let narrowed = narrowed.expect("found in the cut-down graph");
        assert_eq!(
            narrowed.relations,
            [g.relations[3].clone(), g.relations[n - 2].clone()]
        );
        assert_eq!((&narrowed.actors, &narrowed.events), (&g.actors, &g.events));
        assert_eq!(messages(&found), messages(&full));
        assert_eq!(messages(&found).len(), 2);
    }
    // A tie declared twice is kept, both copies, unless the reader vouched that none is; then
    // the cut-down graph passes, and the whole graph is checked.
    let mut g = graph.clone();
    let copy = g.relations[0].clone();
    g.relations.push(copy);
    let (found, narrowed) = validate_narrowed(&g, Ties::MayRepeat).unwrap_err();
    let narrowed = narrowed.expect("found in the cut-down graph");
    assert_eq!(
        narrowed.relations,
        [g.relations[0].clone(), g.relations[0].clone()]
    );
    assert_eq!(messages(&found), messages(&validate(&g).unwrap_err()));
    let (found, narrowed) = validate_narrowed(&g, Ties::Distinct).unwrap_err();
    assert!(narrowed.is_none());
    assert_eq!(messages(&found), messages(&validate(&g).unwrap_err()));
    // An outline problem alone: no relation is kept.
    let mut g = graph.clone();
    g.actors.get_mut("USA").expect("USA").name = " ".into();
    let (found, narrowed) = validate_narrowed(&g, Ties::Distinct).unwrap_err();
    assert!(narrowed.expect("cut down").relations.is_empty());
    assert_eq!(messages(&found), messages(&validate(&g).unwrap_err()));
}

#[test]
fn duplicate_relations_are_reported_at_each_later_copy_in_file_order_and_the_first_is_kept() {
    // Identities out of sorted order, a mutual tie written both ways, a directed one twice, and a
    // directed tie that only reverses a mutual one's ends (not a duplicate).
    let text = "detente: 1\nactors:\n  A: {name: A, kind: state}\n  B: {name: B, kind: state}\n  C: {name: C, kind: state}\nrelations:\n  - between: [C, B]\n    series: [{date: 2019, weight: 0.1}]\n  - from: B\n    to: A\n    series: [{date: 2019, weight: 0.2}]\n  - between: [B, C]\n    series: [{date: 2019, weight: 0.3}]\n  - from: A\n    to: B\n    series: [{date: 2019, weight: 0.4}]\n  - from: B\n    to: A\n    series: [{date: 2019, weight: 0.5}]\n  - between: [C, B]\n    series: [{date: 2019, weight: 0.6}]\n";
    let e = load_str(text, "t.yaml").unwrap_err();
    let d = e.diagnostics().unwrap();
    let got: Vec<(u32, &str, Option<&str>)> = d
        .items
        .iter()
        .map(|p| {
            (
                p.position.map_or(0, |p| p.line),
                p.message.as_str(),
                p.help.as_deref(),
            )
        })
        .collect();
    let help = |line| {
        format!("the same tie is already declared at line {line}; merge the two series into one")
    };
    assert_eq!(
        got,
        vec![
            (
                12,
                "duplicate relation B -- C (relation)",
                Some(help(7).as_str())
            ),
            (
                17,
                "duplicate relation B -> A (relation)",
                Some(help(9).as_str())
            ),
            (
                20,
                "duplicate relation B -- C (relation)",
                Some(help(7).as_str())
            ),
        ]
    );
}

mod plain_outlines {
    use super::*;
    use crate::model::{Actor, ActorKind, Attribute};
    use proptest::prelude::*;

    /// Text near every edge the loader checks: blank, control characters, a line break,
    /// noncharacters, the id and name length limits either side, other scripts.
    fn tricky() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(String::new()),
            Just("  ".to_string()),
            Just("a\nb".to_string()),
            Just("a\tb".to_string()),
            Just("a\u{0}b".to_string()),
            Just("a\u{1b}[31m".to_string()),
            Just("\u{7f}".to_string()),
            Just("x\u{FDD0}".to_string()),
            Just("x\u{FFFE}".to_string()),
            Just("x\u{1FFFF}".to_string()),
            Just("é".repeat(100)),
            Just("é".repeat(101)),
            Just("n".repeat(200)),
            Just("n".repeat(201)),
            Just("Беларусь".to_string()),
            Just("\"quoted\" {b} [c]: #d".to_string()),
            "[a-zA-Z0-9 _.-]{1,12}",
        ]
    }

    fn attribute() -> impl Strategy<Value = Attribute> {
        prop_oneof![
            tricky().prop_map(Attribute::Text),
            Just(Attribute::Number(f64::NAN)),
            Just(Attribute::Number(f64::INFINITY)),
            Just(Attribute::Number(-0.0)),
            Just(Attribute::Number(1e308)),
            any::<i32>().prop_map(|n| Attribute::Number(f64::from(n) / 7.0)),
            any::<bool>().prop_map(Attribute::Bool),
        ]
    }

    fn actor() -> impl Strategy<Value = Actor> {
        (
            tricky(),
            tricky(),
            prop_oneof![
                Just(ActorKind::State),
                Just(ActorKind::Organisation),
                Just(ActorKind::Person)
            ],
            proptest::collection::btree_map(tricky(), attribute(), 0..3),
        )
            .prop_map(|(id, name, kind, attributes)| Actor {
                attributes,
                ..Actor::new(id, name, kind)
            })
    }

    proptest! {
        /// A graph of plain actors passes the outline check in place exactly when it passes
        /// written out as JSON and read back: the check in place is only a faster way to ask.
        #[test]
        fn plain_actors_checked_in_place_pass_as_they_pass_when_read_back(
            actors in proptest::collection::vec(actor(), 1..4),
        ) {
            let mut graph = Graph::default();
            for actor in actors {
                graph.actors.insert(actor.id.clone(), actor);
            }
            let read_back = write::to_json(&graph)
                .is_ok_and(|text| load_json_str(&text, "graph").is_ok());
            prop_assert_eq!(outline_ok(&graph), read_back, "{:?}", graph.actors);
        }
    }
}

#[test]
fn relations_hold_their_actors_ids_and_one_copy_of_each_kind() {
    // Read quickly and read with positions (a file with a problem elsewhere is read again so).
    let text = "detente: 1\nactors:\n  A: {name: A, kind: state}\n  B: {name: B, kind: state}\n  \
                C: {name: C, kind: state}\nrelations:\n  - between: [A, B]\n    kind: trade\n    \
                series: [{date: 2019, weight: 0.1}]\n  - from: B\n    to: C\n    kind: trade\n    \
                series: [{date: 2019, weight: 0.2}]\n  - between: [C, A]\n    \
                series: [{date: 2019, weight: 0.3}]\n";
    let json = crate::load::write::to_json(&load_str(text, "g.yaml").unwrap()).unwrap();
    let located =
        crate::reader::locating(|| super::parse_yaml(text).map(|mut raw| super::check(&mut raw)));
    for g in [
        load_str(text, "g.yaml").unwrap(),
        crate::load::load_json_str(&json, "g.json").unwrap(),
        located.unwrap().unwrap(),
    ] {
        let address = |name: &crate::model::Name| name.as_str().as_ptr();
        for r in &g.relations {
            let (a, b) = match &r.ends {
                crate::model::Ends::Mutual(a, b)
                | crate::model::Ends::Directed { from: a, to: b } => (a, b),
            };
            for end in [a, b] {
                let (id, _) = g.actors.get_key_value(end).unwrap();
                assert_eq!(address(end), address(id), "{end}");
            }
        }
        assert_eq!(address(&g.relations[0].kind), address(&g.relations[1].kind));
        assert_ne!(address(&g.relations[0].kind), address(&g.relations[2].kind));
    }
}

/// JSON allows characters in a string that YAML refuses anywhere (DEL, the C1 controls). Its
/// problems are located by reading it again as YAML, which must not fail on them: the unknown
/// actor is found on its line and column, after such characters on the same line, and no
/// unlocated placeholder is left.
#[test]
fn json_with_characters_yaml_refuses_has_its_problems_located() {
    let json = "{\"detente\": 1,\n \"actors\": {\"\u{7f}A\": {\"name\": \"A\", \"kind\": \"state\"},\n  \
                \"B\": {\"name\": \"B\", \"kind\": \"state\"}},\n \"relations\": [\n  \
                {\"between\": [\"\u{90}B\", \"A\"], \"series\": [{\"date\": \"2020-01-01\", \"weight\": 0.5}]}\n ]}\n";
    let Err(e) = load_json_str(json, "g.json") else {
        panic!("two unknown actors");
    };
    let items = &e.diagnostics().expect("problems").items;
    let found: Vec<_> = items
        .iter()
        .map(|d| (d.position.map(|p| (p.line, p.column)), d.message.as_str()))
        .collect();
    assert_eq!(found.len(), 2, "{found:?}");
    // Two spaces and `{"between": [` come first; the second id's quote follows `"\u{90}B", `.
    assert_eq!(found[0].0, Some((5, 16)), "{found:?}");
    assert!(found[0].1.starts_with("unknown actor"), "{found:?}");
    assert_eq!(found[1].0, Some((5, 22)), "{found:?}");
    assert_eq!(found[1].1, "unknown actor `A`", "{found:?}");
}
