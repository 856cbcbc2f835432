//! Benchmarks of `analyze` on generated signed graphs: a 1,000-actor / 20,000-tie snapshot
//! analysed in full (exact betweenness), and on a 50,000-actor / 1,000,000-tie snapshot (the
//! issue's L size) the single metrics (PageRank to an L1 change of 1e-10, the signed triangle
//! census, betweenness and closeness from 256 sampled sources, eigenvector centrality, the
//! frustration index and the blocs) and `analyze` as the two
//! end-to-end rows run it (`--metrics pagerank,balance`, `--betweenness-samples 256`).
//!
//! Each run also writes the generated graphs as edge lists (`a b weight` per line) to
//! `target/analysis-bench/`, so that `bench/networkx_compare.py` times NetworkX on the very same
//! graphs.

#[path = "../src/allocator.rs"]
mod allocator;

use std::collections::{BTreeMap, HashSet};
use std::io::Write;

use criterion::{Criterion, criterion_group, criterion_main};
use detente::analysis::{
    self, BetweennessSources, Metric, Metrics, Options, Signed, Sources, View, balance, centrality,
};
use detente::model::{ActorKind, RelationKey, Scale};
use detente::snapshot::{ActorNode, Snapshot, Tie};
use rand::{RngExt, SeedableRng};

/// A snapshot of `n` states and `m` distinct mutual ties between uniformly random pairs, with
/// weights uniform in [−1, 1] (never 0), from a fixed seed.
fn generate(n: usize, m: usize, seed: u64) -> (Snapshot, Vec<(u32, u32, f64)>) {
    let mut rng = rand_pcg::Pcg64::seed_from_u64(seed);
    let ids: Vec<detente::model::Id> = (0..n).map(|i| format!("a{i:06}").into()).collect();
    let mut graph = petgraph::Graph::with_capacity(n, m);
    let mut index = BTreeMap::new();
    for id in &ids {
        let node = graph.add_node(ActorNode {
            id: id.clone(),
            name: id.to_string(),
            kind: ActorKind::State,
            placement: None,
            posts: Vec::new(),
            part_of: None,
            home: None,
            attributes: Default::default(),
        });
        index.insert(id.clone(), node);
    }
    let mut seen = HashSet::with_capacity(m);
    let mut edges = Vec::with_capacity(m);
    while edges.len() < m {
        let (a, b) = (rng.random_range(0..n as u32), rng.random_range(0..n as u32));
        if a == b || !seen.insert((a.min(b), a.max(b))) {
            continue;
        }
        let mut w: f64 = rng.random_range(-1.0..1.0);
        if w == 0.0 {
            w = 0.5;
        }
        let key = RelationKey::mutual(&ids[a as usize], &ids[b as usize], "relation");
        let (from, to) = (index[&key.from], index[&key.to]);
        graph.add_edge(from, to, Tie::new(key, w));
        edges.push((a, b, w));
    }
    let snapshot = Snapshot {
        date: "2020".parse().expect("a valid date"),
        scale: Scale::default(),
        title: None,
        graph,
        index,
        kinds: Default::default(),
    };
    (snapshot, edges)
}

fn export(name: &str, n: usize, edges: &[(u32, u32, f64)]) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/analysis-bench");
    let written = std::fs::create_dir_all(&dir).and_then(|()| {
        let mut out = std::io::BufWriter::new(std::fs::File::create(dir.join(name))?);
        writeln!(out, "# nodes {n}")?;
        for (a, b, w) in edges {
            writeln!(out, "{a} {b} {w}")?;
        }
        out.flush()
    });
    if let Err(e) = written {
        eprintln!("cannot export {name}: {e}");
    }
}

fn small(c: &mut Criterion) {
    allocator::keep_freed_memory();
    let (snapshot, edges) = generate(1_000, 20_000, 42);
    export("graph-1k-20k.txt", 1_000, &edges);
    let mut group = c.benchmark_group("1k actors, 20k ties");
    group.sample_size(10);
    group.bench_function("analyze (everything, exact betweenness)", |b| {
        b.iter(|| analysis::analyze(&snapshot, &Options::default()))
    });
    let view = View::of(&snapshot);
    group.bench_function("betweenness (exact, weighted)", |b| {
        b.iter(|| centrality::betweenness(&view, Sources::All))
    });
    group.bench_function("closeness (weighted)", |b| {
        b.iter(|| centrality::closeness(&view))
    });
    group.bench_function("frustration index (heuristic)", |b| {
        let signed = Signed::of(&view);
        b.iter(|| analysis::frustration::frustration(&signed, &Default::default()))
    });
    group.finish();
}

fn large(c: &mut Criterion) {
    allocator::keep_freed_memory();
    let (snapshot, edges) = generate(50_000, 1_000_000, 43);
    export("graph-50k-1m.txt", 50_000, &edges);
    let mut group = c.benchmark_group("50k actors, 1M ties");
    group.sample_size(10);
    group.bench_function("views (from the snapshot)", |b| {
        b.iter(|| View::of(&snapshot))
    });
    let view = View::of(&snapshot);
    // The figure: a total L1 change below 1e-10 (`pagerank` stops at n·tol).
    let tol = 1e-10 / view.node_count() as f64;
    group.bench_function("pagerank (L1 1e-10)", |b| {
        b.iter(|| {
            let pr = centrality::pagerank(&view.directed, centrality::DAMPING, tol, 10_000);
            assert!(pr.converged);
            pr
        })
    });
    group.bench_function("pagerank (as analyze runs it, L1 1e-12)", |b| {
        b.iter(|| centrality::pagerank_scores(&view))
    });
    let signed = Signed::of(&view);
    group.bench_function("signed triangle census", |b| {
        b.iter(|| balance::census(&signed))
    });
    group.bench_function("census and unbalanced triangles", |b| {
        b.iter(|| balance::census_and_unbalanced(&signed))
    });
    group.bench_function("eigenvector", |b| b.iter(|| centrality::eigenvector(&view)));
    group.bench_function("frustration index (heuristic)", |b| {
        b.iter(|| analysis::frustration::frustration(&signed, &Default::default()))
    });
    group.bench_function("blocs (automatic K)", |b| {
        b.iter(|| analysis::blocs::blocs(&signed, Default::default(), &Default::default()))
    });
    let sample = Sources::Sample {
        k: 256,
        seed: centrality::SAMPLE_SEED,
    };
    group.bench_function("betweenness, 256 sampled sources (weighted)", |b| {
        b.iter(|| centrality::betweenness(&view, sample))
    });
    let hops = centrality::path_graph(&view, centrality::PathLengths::Hops);
    group.bench_function("betweenness, 256 sampled sources (hops)", |b| {
        b.iter(|| centrality::shortest_path_betweenness(&hops, sample))
    });
    group.bench_function("closeness, 256 sampled sources (Eppstein-Wang)", |b| {
        b.iter(|| centrality::closeness_estimate(&view, sample))
    });
    let lengths = centrality::length_graph(&view);
    group.bench_function("betweenness and closeness, 256 sampled sources", |b| {
        b.iter(|| centrality::shortest_paths(&lengths, sample))
    });
    let metrics = |list: &[Metric]| Options {
        metrics: Metrics::of(list),
        ..Options::default()
    };
    let pagerank_balance = metrics(&[Metric::PageRank, Metric::Balance]);
    group.bench_function("analyze --metrics pagerank,balance", |b| {
        b.iter(|| analysis::analyze(&snapshot, &pagerank_balance))
    });
    let sampled = Options {
        betweenness: BetweennessSources::Sample(256),
        ..Options::default()
    };
    group.bench_function("analyze --betweenness-samples 256", |b| {
        b.iter(|| analysis::analyze(&snapshot, &sampled))
    });
    group.finish();
}

criterion_group!(benches, small, large);
criterion_main!(benches);
