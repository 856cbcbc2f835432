//! Writing the big outputs of a generated L graph (50,000 actors, 1,000,000 ties): the DOT of a
//! snapshot as `render --format dot` builds it (target: 0.5 s), and the JSON of `show` and of
//! `diff` (target: 300 MB/s of written JSON), bare and as the command line writes them (with
//! each tie's `since`, and each change's points). The snapshots and the diff are built first;
//! only the writing is timed.

#[path = "../src/allocator.rs"]
mod allocator;

use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use detente::diff::{DiffOptions, GraphDiff};
use detente::explain::Citer;
use detente::generate::{Spec, generate};
use detente::render::diagram::image::Layout;
use detente::render::diagram::{DotOptions, Membership, dot, write_dot};
use detente::render::report::{Origin, diff, snapshot};
use detente::snapshot::Snapshot;

fn bench(c: &mut Criterion) {
    allocator::keep_freed_memory();
    // Two points per tie: what is written depends on the ties in force, not on the history.
    let model = generate(&Spec::sized(50_000, 1_000_000, 2));
    let at = |d: &str| Snapshot::at(&model, d.parse().expect("a date"));
    let (early, late) = (at("2010-06-30"), at("2020-06-30"));
    let citer = Citer::new(&model);
    let size = (late.graph.node_count(), late.graph.edge_count());
    // As the command line draws it: each tie's point in force found as its edge is written.
    let options = DotOptions {
        membership: Membership::for_layout(Layout::Auto.resolve(size.0, size.1)),
        citer: Some(&citer),
        ..DotOptions::default()
    };
    let origin = Origin::new(Vec::new());
    let changes = GraphDiff::between(&early, &late, &DiffOptions::default());

    let mut group = c.benchmark_group("output");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    let text = dot(&late, &options);
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("L snapshot dot", |b| b.iter(|| dot(&late, &options)));
    // As `render --format dot` writes it: streamed, never held whole (the same bytes).
    group.bench_function("L snapshot dot streamed", |b| {
        b.iter(|| write_dot(&late, &options, &mut std::io::sink()))
    });
    // Written as the command line writes them: serialised into a buffered writer.
    let text = snapshot::json(&late, &origin);
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("L show json", |b| {
        b.iter(|| snapshot::write_json_cited(&late, None, &origin, std::io::sink()))
    });
    let text = diff::json(&changes, &origin);
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("L diff json", |b| {
        b.iter(|| diff::write_json(&changes, &origin, std::io::sink()))
    });
    // As `show` and `diff` write them on the command line: each tie's `since` (its point in
    // force, found through the citer), and each change's points.
    let cited = Some(snapshot::Cited {
        citer: &citer,
        sources: false,
    });
    let text = snapshot::json_cited(&late, cited, &origin);
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("L show json cited", |b| {
        b.iter(|| snapshot::write_json_cited(&late, cited, &origin, std::io::sink()))
    });
    let changes = changes.with_points(&citer, &citer);
    let text = diff::json(&changes, &origin);
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("L diff json points", |b| {
        b.iter(|| diff::write_json(&changes, &origin, std::io::sink()))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
