//! Loading (YAML and JSON) and snapshots on generated graphs of 1k, 100k and 1M relation points.
//!
//! `cargo bench --bench load`; the 50 MB targets and peak memory are measured by
//! `bench/load-targets.sh` on the release binary.

#[path = "../src/allocator.rs"]
mod allocator;

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use detente::generate::{Spec, generate};
use detente::load::{load_json_str, load_str, to_json, to_yaml};
use detente::snapshot::Snapshot;

/// (label, actors, relations, points per relation): 1k, 100k and 1M points in all.
const SIZES: [(&str, usize, usize, usize); 3] = [
    ("1k", 100, 250, 4),
    ("100k", 2_000, 25_000, 4),
    ("1M", 5_000, 250_000, 4),
];

fn load(c: &mut Criterion) {
    allocator::keep_freed_memory();
    let mut group = c.benchmark_group("load");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    for (label, actors, relations, points) in SIZES {
        let graph = generate(&Spec::sized(actors, relations, points));
        let yaml = to_yaml(&graph).expect("writable");
        let json = to_json(&graph).expect("writable");
        group.throughput(Throughput::Bytes(yaml.len() as u64));
        group.bench_with_input(BenchmarkId::new("yaml", label), &yaml, |b, text| {
            b.iter(|| load_str(black_box(text), "bench.yaml").expect("valid"))
        });
        group.throughput(Throughput::Bytes(json.len() as u64));
        group.bench_with_input(BenchmarkId::new("json", label), &json, |b, text| {
            b.iter(|| load_json_str(black_box(text), "bench.json").expect("valid"))
        });
    }
    group.finish();
}

fn snapshot(c: &mut Criterion) {
    allocator::keep_freed_memory();
    let mut group = c.benchmark_group("snapshot");
    group.sample_size(10);
    for (label, actors, relations) in [
        ("1k", 100, 1_000),
        ("100k", 10_000, 100_000),
        ("1M", 50_000, 1_000_000),
    ] {
        let graph = generate(&Spec::sized(actors, relations, 3));
        let date = "2010-06-01".parse().expect("a date");
        group.throughput(Throughput::Elements(relations as u64));
        group.bench_with_input(BenchmarkId::new("at", label), &graph, |b, g| {
            b.iter_with_large_drop(|| Snapshot::at(black_box(g), date))
        });
        // The same graph as a command has it: read from a file, each series where the loader's
        // threads put it, rather than one after another as generated.
        if label == "1M" {
            let json = to_json(&graph).expect("writable");
            let loaded = load_json_str(&json, "bench.json").expect("valid");
            group.bench_with_input(BenchmarkId::new("at, loaded", label), &loaded, |b, g| {
                b.iter_with_large_drop(|| Snapshot::at(black_box(g), date))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, load, snapshot);
criterion_main!(benches);
