"""Every computation from Python equals the command line's JSON for the same inputs."""

import datetime
import random

import detente
import pytest

from conftest import GRAPH, SCENARIO


def test_a_snapshot_is_show_s_json_and_takes_a_date_or_text(cli):
    g = detente.open(GRAPH)
    expected = cli.json("show", GRAPH, "--at", "2025-12-15")
    assert g.snapshot("2025-12-15").data == expected
    snap = g.snapshot(datetime.date(2025, 12, 15))
    assert snap.data == expected
    assert snap.actors == expected["actors"] and snap.ties == expected["ties"]
    assert snap.date == "2025-12-15"


def test_a_columnar_graph_opens_like_the_file_it_was_exported_from(cli, tmp_path):
    columnar = tmp_path / "g.parquet"
    cli.run("export", GRAPH, "--format", "parquet", "-o", str(columnar))
    g, h = detente.open(str(columnar)), detente.open(GRAPH)
    for day in ["2019-06-01", "2020-09", "2025-12-15"]:
        assert g.snapshot(day).ties == h.snapshot(day).ties
        assert g.snapshot(day).ties == cli.json("show", str(columnar), "--at", day)["ties"]


def test_sources_and_filters_are_show_s_flags(cli):
    g = detente.open(GRAPH)
    assert g.snapshot("2020-03", sources=True).data == cli.json(
        "show", GRAPH, "--at", "2020-03", "--sources"
    )
    assert g.snapshot("2025-05", kinds=["diplomatic", "alliance"], exclude="RUS").data == cli.json(
        "show", GRAPH, "--at", "2025-05", "--kinds", "diplomatic,alliance", "--exclude", "RUS"
    )
    assert g.snapshot("2025-05", ego="BLR", depth=1).data == cli.json(
        "show", GRAPH, "--at", "2025-05", "--ego", "BLR", "--depth", "1"
    )


def test_analyze_is_analyze_s_json(cli):
    g = detente.open(GRAPH)
    assert g.analyze("2025-05") == cli.json("analyze", GRAPH, "--at", "2025-05")
    assert g.analyze("2020-09", level="state", blocs=2) == cli.json(
        "analyze", GRAPH, "--at", "2020-09", "--level", "state", "--blocs", "2"
    )
    assert g.analyze("2025-05", metrics=["balance", "degree"]) == cli.json(
        "analyze", GRAPH, "--at", "2025-05", "--metrics", "balance,degree"
    )


def test_trend_is_trend_s_json(cli):
    g = detente.open(GRAPH)
    assert g.trend("2019", "2025") == cli.json("trend", GRAPH, "--from", "2019", "--to", "2025")
    assert g.trend(datetime.date(2020, 1, 1), "2021-01", every="3m", level="state") == cli.json(
        "trend", GRAPH, "--from", "2020-01-01", "--to", "2021-01", "--every", "3m",
        "--level", "state",
    )


def test_diff_is_diff_s_json_for_one_graph_and_for_two(cli):
    g = detente.open(GRAPH)
    assert g.diff(from_="2020", to="2025") == cli.json(
        "diff", GRAPH, "--from", "2020", "--to", "2025"
    )
    s = detente.open(SCENARIO)
    assert detente.diff(g, s, at="2026-07") == cli.json("diff", GRAPH, SCENARIO, "--at", "2026-07")
    assert g.diff(s) == cli.json("diff", GRAPH, SCENARIO)
    assert g.diff(from_="2020", to="2025", threshold=0.2, balance=True) == cli.json(
        "diff", GRAPH, "--from", "2020", "--to", "2025", "--threshold", "0.2", "--balance"
    )
    sampled = g.diff(from_="2020", to="2025", balance=True, betweenness_samples=3)
    assert sampled == cli.json(
        "diff", GRAPH, "--from", "2020", "--to", "2025", "--balance", "--betweenness-samples", "3"
    )
    assert sampled["betweenness"] == {"exact": False, "sampled_sources": 3}
    lean = g.diff(from_="2020", to="2025", points=False)
    assert lean == cli.json("diff", GRAPH, "--from", "2020", "--to", "2025", "--no-points")
    assert lean["ties"] and all("points" not in t for t in lean["ties"])
    assert detente.diff(g, s, points=False) == cli.json("diff", GRAPH, SCENARIO, "--no-points")


def test_explain_is_explain_s_json(cli):
    g = detente.open(GRAPH)
    assert g.explain("USA", "BLR", at="2020-03") == cli.json(
        "explain", GRAPH, "USA", "BLR", "--at", "2020-03"
    )
    assert g.explain("BLR", "RUS", at="2025", kind="alliance") == cli.json(
        "explain", GRAPH, "BLR", "RUS", "--kind", "alliance", "--at", "2025"
    )


def test_a_scenario_file_opens_as_a_graph_citing_its_edits(cli):
    s = detente.open(SCENARIO)
    assert s.kind == "scenario"
    assert s.snapshot("2026-07", sources=True).data == cli.json(
        "show", SCENARIO, "--at", "2026-07", "--sources"
    )
    assert s.explain("USA", "BLR", at="2026-07") == cli.json(
        "explain", SCENARIO, "USA", "BLR", "--at", "2026-07"
    )


def test_render_gives_the_cli_s_bytes_or_writes_the_file(cli, tmp_path):
    g = detente.open(GRAPH)
    if cli.draws:
        out = tmp_path / "cli.svg"
        cli.run("render", GRAPH, "--at", "2020-03", "-o", str(out))
        assert g.render("2020-03") == out.read_bytes()
    dot = tmp_path / "cli.dot"
    cli.run("render", GRAPH, "--at", "2020-03", "--level", "state", "-o", str(dot))
    assert g.render("2020-03", "dot", level="state") == dot.read_bytes()
    png = g.render("2020-03", "png")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    written = tmp_path / "py.svg"
    assert g.render(datetime.date(2020, 3, 1), written) is None
    assert written.read_bytes() == g.render("2020-03-01")
    # As on the command line, the people with no post and no tie are left out unless asked for.
    every = tmp_path / "every.dot"
    cli.run("render", GRAPH, "--at", "2020-03", "--all-actors", "-o", str(every))
    assert g.render("2020-03", "dot", all_actors=True) == every.read_bytes()
    assert b"Joe Biden" in every.read_bytes()
    assert b"Joe Biden" not in g.render("2020-03", "dot")
    with pytest.raises(ValueError, match="all_actors"):
        g.render("2020-03", "dot", all_actors=True, hide_inactive=True)


def test_render_draws_members_as_the_layout_auto_picks_does(cli, tmp_path):
    # Past 60 actors `auto` picks sfdp, which draws no boxes: members stand beside their state,
    # joined by a wedge, in Python as on the command line.
    graph = tmp_path / "g80.yaml"
    cli.run("generate", "--actors", "80", "--relations", "150", "--seed", "3", "-o", str(graph))
    dot = tmp_path / "g80.dot"
    cli.run("render", str(graph), "--at", "2010", "-o", str(dot))
    drawn = detente.open(str(graph)).render("2010", "dot")
    assert drawn == dot.read_bytes()
    assert b"tapered" in drawn


def test_dates_and_properties():
    g = detente.open(GRAPH)
    dates = g.dates()
    assert "2020-02-01" in dates and all(isinstance(d, str) for d in dates)
    assert g.path == GRAPH and g.name == GRAPH and g.kind == "graph"
    assert g.title.startswith("US")


def _random_dates(count, seed):
    rng = random.Random(seed)
    start = datetime.date(2018, 1, 1).toordinal()
    end = datetime.date(2027, 12, 31).toordinal()
    return [datetime.date.fromordinal(rng.randint(start, end)) for _ in range(count)]


@pytest.mark.parametrize("day", _random_dates(50, seed=18))
def test_ties_on_random_dates_are_show_s(cli, day):
    """Property: for any date, the snapshot's ties are `detente show --format json`'s."""
    g = detente.open(GRAPH)
    expected = cli.json("show", GRAPH, "--at", day.isoformat())["ties"]
    assert g.snapshot(day).ties == expected
    assert g.snapshot(day.isoformat()).ties == expected
