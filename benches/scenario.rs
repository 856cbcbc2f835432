//! Applying scenarios to generated graphs of several sizes: 100 tie edits and one actor removal.

#[path = "../src/allocator.rs"]
mod allocator;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

use detente::generate::{Spec, generate};
use detente::model::Date;
use detente::scenario::{Edit, Provenance, TieRef, apply};

fn edits(graph: &detente::model::Graph, count: usize) -> Vec<Edit> {
    let date = Date::ymd(2010, 6, 1).expect("a valid date");
    let step = (graph.relations.len() / count).max(1);
    let mut edits: Vec<Edit> = graph
        .relations
        .iter()
        .step_by(step)
        .take(count)
        .enumerate()
        .map(|(i, r)| {
            let tie = TieRef {
                ends: r.ends.clone(),
                kind: r.kind.clone(),
            };
            if i % 2 == 0 {
                Edit::Set {
                    tie,
                    date,
                    weight: 0.25,
                    why: Provenance::default(),
                }
            } else {
                Edit::Shift {
                    tie,
                    date,
                    delta: -0.1,
                    why: Provenance::default(),
                }
            }
        })
        .collect();
    edits.push(Edit::RemoveActor { id: "S0".into() });
    edits
}

fn bench(c: &mut Criterion) {
    allocator::keep_freed_memory();
    let mut group = c.benchmark_group("scenario_apply_100_edits");
    group.sample_size(10);
    for relations in [1_000usize, 100_000] {
        let graph = generate(&Spec::sized(relations / 10, relations, 3));
        let edits = edits(&graph, 100);
        group.bench_with_input(BenchmarkId::from_parameter(relations), &graph, |b, g| {
            b.iter(|| apply(g, &edits).expect("the edits fit"))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
