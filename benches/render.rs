//! Rendering benchmarks: the bundled graph to SVG, and a generated 300-actor / 2,000-tie graph
//! to SVG with `--layout auto`, both with the built-in renderer and the pass that frees
//! collisions after the layout, as `render` draws them (targets: 0.5 s and 5 s).

#[path = "../src/allocator.rs"]
mod allocator;

use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use detente::generate::{Spec, generate};
use detente::model::Graph;
use detente::render::diagram::declutter::render;
use detente::render::diagram::image::{Engine, ImageFormat, Layout};
use detente::render::diagram::{DotOptions, dot};
use detente::snapshot::Snapshot;

/// The whole `render --format svg` pipeline after loading: snapshot, DOT, layout and SVG.
fn svg(model: &Graph, date: &str) -> Vec<u8> {
    let snapshot = Snapshot::at(model, date.parse().expect("a date"));
    let text = dot(&snapshot, &DotOptions::default());
    let layout = Layout::Auto.resolve(snapshot.graph.node_count(), snapshot.graph.edge_count());
    render(
        &text,
        layout,
        ImageFormat::Svg,
        Engine::Builtin,
        Duration::from_secs(600),
    )
    .expect("the graph renders")
}

fn bundled(c: &mut Criterion) {
    allocator::keep_freed_memory();
    let model = detente::load::load_path(std::path::Path::new("graphs/us-belarus.yaml"))
        .expect("the bundled graph loads");
    let mut group = c.benchmark_group("render");
    group.sample_size(10);
    group.bench_function("us-belarus 2025-05 svg", |b| {
        b.iter(|| svg(&model, "2025-05"))
    });
    group.finish();
}

fn generated(c: &mut Criterion) {
    allocator::keep_freed_memory();
    let model = generate(&Spec::sized(300, 2000, 3));
    let mut group = c.benchmark_group("render");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.bench_function("generated 300 actors 2000 ties svg auto", |b| {
        b.iter(|| svg(&model, "2019"))
    });
    group.finish();
}

criterion_group!(benches, bundled, generated);
criterion_main!(benches);
