#!/usr/bin/env python3
"""Times NetworkX on the graphs that `cargo bench --bench analysis` generates, for comparison.

Run the Rust benchmark first (it writes target/analysis-bench/graph-*.txt), then:

    pip install networkx scipy
    python3 bench/networkx_compare.py            # both graphs
    python3 bench/networkx_compare.py --small    # only the 1k-actor graph

Each metric is computed the way detente defines it (docs/metrics.md): path lengths 1/|w| for
betweenness and closeness, weights |w| for PageRank and eigenvector centrality, the signed
triangle census over the signs of the weights. NetworkX has no signed census, so it is a plain
Python loop over NetworkX's adjacency. On the large graph, NetworkX's sampled betweenness is
timed with fewer sources and scaled linearly to 256 (the cost is linear in the number of
sources); the script says so in its output.
"""

import argparse
import os
import time

import networkx as nx

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
DATA = os.path.join(ROOT, "target", "analysis-bench")


def load(name):
    G = nx.Graph()
    with open(os.path.join(DATA, name), encoding="utf-8") as f:
        first = f.readline().split()
        G.add_nodes_from(range(int(first[2])))
        for line in f:
            a, b, w = line.split()
            w = float(w)
            G.add_edge(int(a), int(b), weight=w, magnitude=abs(w), length=1.0 / abs(w))
    return G


def timed(label, fn, scale=1.0, note=""):
    start = time.perf_counter()
    fn()
    elapsed = (time.perf_counter() - start) * scale
    suffix = f"  ({note})" if note else ""
    print(f"  {label:<48} {elapsed:10.3f} s{suffix}", flush=True)
    return elapsed


def census(G):
    counts = [0, 0, 0, 0]
    order = {v: (G.degree(v), v) for v in G}
    forward = {v: {w for w in G[v] if order[w] > order[v]} for v in G}
    for u in G:
        for v in forward[u]:
            for w in forward[u] & forward[v]:
                neg = (G[u][v]["weight"] < 0) + (G[v][w]["weight"] < 0) + (G[u][w]["weight"] < 0)
                counts[neg] += 1
    return counts


def small():
    G = load("graph-1k-20k.txt")
    print(f"1k actors, 20k ties (NetworkX {nx.__version__})")
    total = 0.0
    total += timed("betweenness (exact, weighted)", lambda: nx.betweenness_centrality(G, weight="length"))
    total += timed("closeness (weighted)", lambda: nx.closeness_centrality(G, distance="length"))
    total += timed("eigenvector", lambda: nx.eigenvector_centrality(G, weight="magnitude", max_iter=1000))
    total += timed("pagerank", lambda: nx.pagerank(G, weight="magnitude"))
    total += timed("signed triangle census (Python loop)", lambda: census(G))
    print(f"  {'sum of the above':<48} {total:10.3f} s")


def large():
    G = load("graph-50k-1m.txt")
    print(f"50k actors, 1M ties (NetworkX {nx.__version__})")
    timed("pagerank", lambda: nx.pagerank(G, weight="magnitude"))
    timed("signed triangle census (Python loop)", lambda: census(G))
    k = 8
    timed(
        "betweenness, 256 sampled sources (weighted)",
        lambda: nx.betweenness_centrality(G, k=k, weight="length", seed=1),
        scale=256 / k,
        note=f"timed with {k} sources, scaled to 256",
    )
    timed(
        "betweenness, 256 sampled sources (hops)",
        lambda: nx.betweenness_centrality(G, k=k, seed=1),
        scale=256 / k,
        note=f"timed with {k} sources, scaled to 256",
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="only the 1k-actor graph")
    args = parser.parse_args()
    small()
    if not args.small:
        large()


if __name__ == "__main__":
    main()
