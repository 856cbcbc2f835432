use super::*;
use crate::model::*;

#[test]
fn explore() {
    let d = |s: &str| s.parse::<Date>().unwrap();
    let edits = vec![
        Edit::Set { tie: TieRef::mutual("USA", "BLR", "diplomatic"), date: d("2025-09"), weight: 0.2, why: Provenance::note("embassy reopens: a \"big\" step, with a very long note that goes on and on and on for more than eighty characters") },
        Edit::End { tie: TieRef::directed("pompeo", "lukashenko", "contact"), date: d("2021-01-20"), why: Provenance { event: Some("x".into()), sources: vec!["a".into(), "b".into()], note: None } },
        Edit::AddActor(Actor { id: "coale".into(), name: "John Coale".into(), kind: ActorKind::Person, posts: vec![Post { title: "Deputy envoy".into(), of: "USA".into(), from: Some(d("2025")), until: None }], note: None }),
        Edit::AddRelation(Relation { ends: Ends::Mutual("A".into(), "B".into()), kind: "x".into(), interpolation: None, series: vec![Point::weight(d("2020"), 0.5), Point::end(d("2021"))], note: None }),
        Edit::AddEvent { id: "e".into(), event: Event { date: d("2025-06-17"), title: "Something: happens".into(), actors: vec!["a".into()], sources: vec![], description: None } },
        Edit::Shift { tie: TieRef::mutual("USA", "BLR", "diplomatic"), date: d("2025"), delta: -0.1, why: Provenance::default() },
    ];
    for e in &edits { println!("{}", edit_to_yaml(e).unwrap()); }
    println!("{}", new_scenario_yaml(&ScenarioHeader { title: Some("T: x".into()), base: "../us-belarus.yaml".into(), ..Default::default() }).unwrap());
    let mut text = new_scenario_yaml(&ScenarioHeader { title: Some("T".into()), base: "../us-belarus.yaml".into(), ..Default::default() }).unwrap();
    for e in &edits { text = append_edit(&text, e).unwrap(); }
    println!("{text}");
}
