"""pandas and NetworkX: a snapshot's ties as a DataFrame and as a multigraph (each skipped when
the module is missing, except under CI, which installs both)."""

import detente

from conftest import GRAPH, optional


def test_to_pandas_has_a_row_per_tie_with_the_json_s_columns():
    pd = optional("pandas")
    snap = detente.open(GRAPH).snapshot("2025-12-15")
    frame = snap.to_pandas()
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns[:7]) == ["tie", "from", "to", "kind", "directed", "since", "weight"]
    assert frame.to_dict("records") == snap.ties
    actors = snap.to_pandas("actors")
    assert list(actors["id"]) == [a["id"] for a in snap.actors]


def test_to_pandas_keeps_the_point_with_sources():
    optional("pandas")
    frame = detente.open(GRAPH).snapshot("2020-03", sources=True).to_pandas()
    assert "point" in frame.columns


def test_to_networkx_carries_weight_kind_and_sign_and_the_actors_attributes():
    nx = optional("networkx")
    snap = detente.open(GRAPH).snapshot("2025-12-15")
    graph = snap.to_networkx()
    assert isinstance(graph, nx.MultiDiGraph), "the graph has directed contact ties"
    assert set(graph.nodes) == {a["id"] for a in snap.actors}
    assert graph.nodes["BLR"]["name"] == "Belarus" and graph.nodes["BLR"]["iso3"] == "BLR"
    edge = graph.edges["BLR", "USA", "diplomatic"]
    assert (edge["weight"], edge["kind"], edge["sign"]) == (0.1, "diplomatic", 1)
    # A mutual tie runs both ways in a directed graph, a directed one only its own way.
    assert graph.has_edge("USA", "BLR", "diplomatic")
    mutual = sum(1 for t in snap.ties if not t["directed"])
    assert graph.number_of_edges() == len(snap.ties) + mutual
    hostile = [(u, v) for u, v, s in graph.edges(data="sign") if s < 0]
    assert ("BLR", "EU") in hostile


def test_to_networkx_undirected_keeps_one_edge_per_tie():
    nx = optional("networkx")
    snap = detente.open(GRAPH).snapshot("2025-12-15", kinds=["diplomatic", "alliance"])
    graph = snap.to_networkx()
    assert isinstance(graph, nx.MultiGraph) and not graph.is_directed()
    assert graph.number_of_edges() == len(snap.ties)
    assert snap.to_networkx(directed=True).number_of_edges() == 2 * len(snap.ties)
