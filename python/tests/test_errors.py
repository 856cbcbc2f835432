"""Errors are Python exceptions, located and worded as the command line words them; no panic
ever reaches Python."""

import math

import detente
import pytest

from conftest import GRAPH

BAD_GRAPH = """detente: 1
actors:
  USA: {name: United States, kind: state}
relations:
  - between: [USA, BLX]
    kind: diplomatic
    series:
      - {date: 2019, weight: 0.2}
"""


def test_a_load_error_says_what_the_cli_says_with_its_location(cli, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(BAD_GRAPH)
    with pytest.raises(detente.LoadError) as caught:
        detente.open(path)
    error = caught.value
    shown = cli.run("show", str(path), "--at", "2020", check=False)
    assert shown.returncode == 2
    assert str(error) == shown.stderr.rstrip("\n")
    assert error.path == str(path)
    assert (error.line, error.column) == (5, 20)
    assert "BLX" in error.message
    assert error.problems[0]["line"] == 5


def test_a_missing_file_is_a_load_error_without_a_position(cli, tmp_path):
    path = tmp_path / "missing.yaml"
    with pytest.raises(detente.LoadError) as caught:
        detente.open(path)
    shown = cli.run("show", str(path), "--at", "2020", check=False)
    assert str(caught.value) == shown.stderr.rstrip("\n")
    assert caught.value.line is None and caught.value.path == str(path)


def test_an_edit_that_does_not_fit_is_a_scenario_error_with_scenario_add_s_words(cli, tmp_path):
    s = detente.Scenario.new(base=GRAPH)
    with pytest.raises(detente.ScenarioError) as caught:
        s.set(between=("USA", "BLX"), kind="diplomatic", date="2025-09", weight=0.2)
    assert caught.value.problems == [
        {"field": "between", "message": "unknown actor `BLX`", "help": "did you mean `BLR` (Belarus)?"}
    ]
    path = tmp_path / "s.yaml"
    cli.run("scenario", "new", str(path), "--base", GRAPH)
    added = cli.run(
        "scenario", "add", str(path), "set", "--between", "USA", "BLX", "--kind", "diplomatic",
        "--date", "2025-09", "--weight", "0.2", check=False,
    )
    assert added.returncode == 2
    # The same message and help; Python names the keyword where the CLI names the flag.
    assert str(caught.value) == added.stderr.rstrip("\n").replace(str(path), "<scenario>").replace(
        "--between", "between"
    )
    assert len(s) == 0, "a refused edit is not kept"
    with pytest.raises(detente.ScenarioError, match="weight: weight 3 is outside the scale"):
        s.set(between=("USA", "BLR"), kind="diplomatic", date="2025-09", weight=3)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda g: g.snapshot("2025-13"), "at: `2025-13` is not a real date"),
        (lambda g: g.snapshot(2025), "at: give a date as text"),
        (lambda g: g.snapshot("2025", kinds="nope"), "kinds: no tie of kind `nope`"),
        (lambda g: g.snapshot("2025", only=["USX"]), "only: "),
        (lambda g: g.snapshot("2025", nope=1), "`nope` is not a filter"),
        (lambda g: g.analyze("2025", level="states"), "level: `states` is not a level"),
        (lambda g: g.analyze("2025", aggregate="sum"), "aggregate: applies only with level"),
        (lambda g: g.analyze("2025", metrics=["rank"]), "metrics: `rank` is not a metric"),
        (lambda g: g.analyze("2025", blocs=0), "blocs: give a number of blocs from 1 to 32"),
        (lambda g: g.analyze("2025", colour=True), "`colour` is not an option here"),
        (lambda g: g.trend("2025", "2019"), "end 2019 is before start 2025; swap them"),
        (lambda g: g.trend("2019", "2025", every="1q"), "every: `1q` is not an interval"),
        (lambda g: g.diff(from_="2020"), "with one graph, give the two dates"),
        (lambda g: g.diff(from_="2020", to="2021", threshold=-1), "threshold: "),
        (
            lambda g: g.diff(from_="2020", to="2021", betweenness_samples=8),
            "betweenness_samples: samples the betweenness of balance=True",
        ),
        (
            lambda g: g.diff(from_="2020", to="2021", balance=True, betweenness_samples=0),
            "betweenness_samples: give at least 1",
        ),
        (lambda g: g.explain("USA", "XXX", at="2025"), "unknown actor `XXX`"),
        (lambda g: g.render("2025", "gif"), "path_or_format: `gif` is neither"),
        (lambda g: g.render("2025", "svg", labels="all"), "labels: `all` is not a labelling"),
        (lambda g: g.render("2025", "png", dpi=5), "dpi: give a resolution from 24 to 600"),
    ],
)
def test_bad_arguments_are_value_errors(call, message):
    g = detente.open(GRAPH)
    with pytest.raises(ValueError) as caught:
        call(g)
    assert message in str(caught.value)


@pytest.mark.parametrize(
    "edit",
    [
        lambda s: s.set(between=("USA", "BLR"), kind="diplomatic", date="2025", weight=math.nan),
        lambda s: s.set(between=("USA", "BLR"), kind="diplomatic", date="2025", weight=math.inf),
        lambda s: s.shift(between=("USA", "BLR"), kind="diplomatic", date="9999-12-31", delta=math.nan),
        lambda s: s.set(between=("USA", "USA"), kind="diplomatic", date="2025", weight=0.1),
        lambda s: s.set(from_="USA", date="2025", weight=0.1),
        lambda s: s.end(between=("USA", "BLR"), kind="nope", date="2025"),
        lambda s: s.add_actor(id="", name="", kind="Person!"),
        lambda s: s.remove_actor(id="nobody"),
        lambda s: s.add_post(actor="USA", title="x", of="BLR", from_="2025", until="2020"),
        lambda s: s.set_attribute(actor="USA", name="gdp", value=[1]),
        lambda s: s.set_attribute(actor="USA", name="gdp", value=math.nan),
        lambda s: s.add_event(id="e", date="0000", title="", actors=["nobody"]),
        lambda s: s.add_relation(between=("USA", "BLR"), date="2025", weight=0.1, interpolation="cubic"),
        lambda s: s.save(),
    ],
)
def test_hostile_edits_raise_python_errors_never_a_panic(edit):
    s = detente.Scenario.new(base=GRAPH)
    with pytest.raises((detente.ScenarioError, ValueError)):
        edit(s)
