//! Diffing two snapshots of a generated 1,000,000-tie graph (the snapshots are built first; only
//! the comparison is timed). Target: under 0.2 s on the 2-core reference machine. Half the ties
//! differ, so the result is large: a realistic worst case for one graph on two dates. Timed twice:
//! with the relations in random order (each side's ties are sorted by key), and in key order, as
//! `import --order key` and `export` store them (each side's ties come sorted).

#[path = "../src/allocator.rs"]
mod allocator;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use detente::diff::{DiffOptions, GraphDiff};
use detente::model::{Actor, ActorKind, Date, Ends, Graph, Name, Point, Relation};
use detente::snapshot::Snapshot;

/// A deterministic pseudo-random sequence (SplitMix64), so every run measures the same graph.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn weight(&mut self) -> f64 {
        (self.below(2001) as f64 - 1000.0) / 1000.0
    }
}

/// `actors` states and `ties` relations between random pairs (each pair once). Most ties exist on
/// both dates, a third of them change weight between the dates, and some start or end between
/// them, so the diff has every kind of change.
fn graph(actors: usize, ties: usize) -> Graph {
    let mut rng = Rng(42);
    let mut g = Graph::default();
    let id = |i: usize| detente::model::Id::from(format!("a{i:06}"));
    for i in 0..actors {
        g.actors.insert(
            id(i),
            Actor {
                id: id(i),
                name: id(i).to_string(),
                kind: ActorKind::State,
                posts: vec![],
                note: None,
                aliases: Vec::new(),
                attributes: Default::default(),
                part_of: Vec::new(),
            },
        );
    }
    let date = |y: i16| Date::ymd(y, 1, 1).expect("a real date");
    // Each relation holds its actors' ids and one copy of its kind, as a loaded graph does.
    let ids: Vec<detente::model::Id> = g.actors.keys().cloned().collect();
    let (trade, diplomatic) = (Name::from("trade"), Name::from("diplomatic"));
    let mut seen = std::collections::HashSet::new();
    while g.relations.len() < ties {
        let a = rng.below(actors as u64) as usize;
        let b = rng.below(actors as u64) as usize;
        let kind = if rng.below(4) == 0 {
            &trade
        } else {
            &diplomatic
        };
        if a == b || !seen.insert((a.min(b), a.max(b), kind.as_str())) {
            continue;
        }
        let mut series = vec![Point::weight(date(2019), rng.weight())];
        match rng.below(10) {
            0 => series[0].date = date(2022),         // added between the dates
            1 => series.push(Point::end(date(2022))), // removed between the dates
            2..=4 => series.push(Point::weight(date(2022), rng.weight())), // changed
            _ => {}                                   // unchanged
        }
        g.relations.push(Relation {
            ends: Ends::Mutual(ids[a].clone(), ids[b].clone()),
            kind: kind.clone(),
            interpolation: None,
            series,
            note: None,
        });
    }
    g
}

fn bench(c: &mut Criterion) {
    allocator::keep_freed_memory();
    let g = graph(50_000, 1_000_000);
    // The same graph with its relations in key order, as `import --order key` stores them (and
    // as a file written by `export` keeps them): each side's ties come out sorted, and the sort
    // is a check.
    let mut sorted = g.clone();
    sorted.relations.sort_by_key(|r| r.key());
    let mut group = c.benchmark_group("diff");
    group.sample_size(10);
    for (name, g) in [
        ("1M ties, two dates", &g),
        ("1M ties, two dates, stored in key order", &sorted),
    ] {
        let before = Snapshot::at(g, Date::ymd(2020, 1, 1).expect("a real date"));
        let after = Snapshot::at(g, Date::ymd(2023, 1, 1).expect("a real date"));
        group.bench_function(name, |b| {
            b.iter(|| {
                GraphDiff::between(
                    black_box(&before),
                    black_box(&after),
                    &DiffOptions::default(),
                )
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
