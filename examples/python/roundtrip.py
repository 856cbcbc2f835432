"""A pandas and NetworkX round trip: the US–Belarus graph at the end of 2025 and in a scenario,
as DataFrames (what changed, tie by tie) and as NetworkX graphs (who is hostile to whom), and
back from NetworkX to the same table.

Run from the repository root: python3 examples/python/roundtrip.py (needs pandas and networkx).
"""

import networkx as nx
import pandas as pd

import detente

AT = "2025-12-15"

graph = detente.open("graphs/us-belarus.yaml")
thaw = (
    graph.scenario(title="A warmer December")
    .set(between=("USA", "BLR"), kind="diplomatic", date="2025-12-14", weight=0.6)
    .shift(between=("BLR", "RUS"), kind="alliance", date="2025-12-14", delta=-0.3)
    .apply()
)

# pandas: the two snapshots' ties side by side.
before = graph.snapshot(AT).to_pandas()
after = thaw.snapshot(AT).to_pandas()
both = before.merge(after, on=["tie", "from", "to", "kind"], suffixes=("_base", "_thaw"))
moved = both[both["weight_base"] != both["weight_thaw"]]
print(f"ties on {AT}: {len(before)}; moved by the scenario: {len(moved)}")
print(moved[["tie", "weight_base", "weight_thaw"]].to_string(index=False))

# NetworkX: the hostile ties of the base graph among states and organisations.
g = graph.snapshot(AT, kinds=["diplomatic", "alliance"]).to_networkx()
hostile = nx.Graph((u, v) for u, v, sign in g.edges(data="sign") if sign < 0)
print("most opposed:", ", ".join(
    f"{actor} ({degree})"
    for actor, degree in sorted(hostile.degree, key=lambda item: (-item[1], item[0]))[:3]
))

# And back: the NetworkX graph's edges are the DataFrame's rows.
edges = nx.to_pandas_edgelist(g, source="from", target="to", edge_key="key")
table = graph.snapshot(AT, kinds=["diplomatic", "alliance"]).to_pandas()
key = ["from", "to", "kind", "weight"]
same = edges[key].sort_values(key).reset_index(drop=True).equals(
    table[key].sort_values(key).reset_index(drop=True)
)
print("round trip through NetworkX keeps every tie:", same)
assert same
assert isinstance(edges, pd.DataFrame)
