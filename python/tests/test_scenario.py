"""Scenario editing from Python: the file `s.save()` writes is `detente scenario add`'s, byte for
byte; `s.apply()` works in memory."""

import os

import detente

from conftest import GRAPH

# The same edits, as keyword arguments and as `detente scenario add` arguments.
EDITS = [
    ("set", dict(between=("USA", "BLR"), kind="diplomatic", date="2025-09-01", weight=0.2,
                 note="embassy reopens", sources=["reuters-2022-02-24"], confidence=0.7),
     ["set", "--between", "USA", "BLR", "--kind", "diplomatic", "--date", "2025-09-01",
      "--weight", "0.2", "--note", "embassy reopens", "--source", "reuters-2022-02-24",
      "--confidence", "0.7"]),
    ("shift", dict(between=("BLR", "RUS"), kind="alliance", date="2025-10", delta=-0.1),
     ["shift", "--between", "BLR", "RUS", "--kind", "alliance", "--date", "2025-10",
      "--delta", "-0.1"]),
    ("add_actor", dict(id="envoy", name="An Envoy", kind="person", note="envoy"),
     ["add-actor", "--id", "envoy", "--name", "An Envoy", "--kind", "person", "--note", "envoy"]),
    ("add_post", dict(actor="envoy", title="Special Envoy", of="USA", from_="2025-09"),
     ["add-post", "--actor", "envoy", "--title", "Special Envoy", "--of", "USA", "--from", "2025-09"]),
    ("add_event", dict(id="talks", date="2025-11-02", title="Minsk talks", actors=["USA", "BLR"]),
     ["add-event", "--id", "talks", "--date", "2025-11-02", "--title", "Minsk talks",
      "--actor", "USA", "--actor", "BLR"]),
    ("add_relation", dict(from_="envoy", to="BLR", kind="contact", date="2025-11-02", weight=0.4,
                          event="talks", interpolation="step"),
     ["add-relation", "--from", "envoy", "--to", "BLR", "--kind", "contact", "--date",
      "2025-11-02", "--weight", "0.4", "--event", "talks", "--interpolation", "step"]),
    ("set_attribute", dict(actor="envoy", name="career", value="lawyer"),
     ["set-attribute", "--actor", "envoy", "--name", "career", "--value", "lawyer"]),
    ("add_alias", dict(actor="envoy", alias="Coale"),
     ["add-alias", "--actor", "envoy", "--alias", "Coale"]),
    ("end", dict(from_="pompeo", to="lukashenko", kind="contact", date="2021-01-20"),
     ["end", "--from", "pompeo", "--to", "lukashenko", "--kind", "contact", "--date", "2021-01-20"]),
    ("remove_actor", dict(id="kellogg"), ["remove-actor", "--id", "kellogg"]),
]


def _cli_scenario(cli, path, edits):
    cli.run("scenario", "new", str(path), "--base", GRAPH, "--title", "Thaw")
    for _, _, args in edits:
        cli.run("scenario", "add", str(path), *args)


def test_save_writes_what_scenario_add_writes(cli, tmp_path):
    (tmp_path / "cli").mkdir()
    (tmp_path / "py").mkdir()
    _cli_scenario(cli, tmp_path / "cli" / "s.yaml", EDITS)
    s = detente.Scenario.new(base=GRAPH, title="Thaw")
    for method, kwargs, _ in EDITS:
        assert getattr(s, method)(**kwargs) is s
    assert len(s) == len(EDITS)
    s.save(tmp_path / "py" / "s.yaml")
    assert (tmp_path / "py" / "s.yaml").read_bytes() == (tmp_path / "cli" / "s.yaml").read_bytes()


def test_an_opened_scenario_goes_on_where_the_file_left_off(cli, tmp_path):
    first, rest = EDITS[:3], EDITS[3:]
    (tmp_path / "cli").mkdir()
    (tmp_path / "py").mkdir()
    _cli_scenario(cli, tmp_path / "cli" / "s.yaml", EDITS)
    _cli_scenario(cli, tmp_path / "py" / "s.yaml", first)
    s = detente.Scenario.open(tmp_path / "py" / "s.yaml")
    assert len(s) == 3 and s.title == "Thaw"
    for method, kwargs, _ in rest:
        getattr(s, method)(**kwargs)
    s.save()
    assert (tmp_path / "py" / "s.yaml").read_bytes() == (tmp_path / "cli" / "s.yaml").read_bytes()


def test_apply_is_the_saved_file_s_graph(cli, tmp_path):
    s = detente.Scenario.new(base=GRAPH, title="Thaw")
    for method, kwargs, _ in EDITS:
        getattr(s, method)(**kwargs)
    applied = s.apply()
    path = tmp_path / "s.yaml"
    s.save(path)
    for day in ("2021-02", "2025-09-15", "2025-12-01"):
        expected = cli.json("show", str(path), "--at", day)
        assert applied.snapshot(day).ties == expected["ties"]
        assert applied.snapshot(day).actors == expected["actors"]
    assert detente.open(path).snapshot("2025-12").data == cli.json("show", str(path), "--at", "2025-12")


def test_a_scenario_compares_with_its_base():
    g = detente.open(GRAPH)
    s = g.scenario(title="Thaw").set(between=("USA", "BLR"), kind="diplomatic",
                                     date="2025-12-14", weight=0.5)
    diff = detente.diff(g, s.apply(), at="2025-12-15")
    assert diff["summary"]["changed"] == 1
    assert [(t["tie"], t["change"], t["after"]) for t in diff["ties"]] == [
        ("BLR|USA|diplomatic", "changed", 0.5)
    ]


def test_a_sweep_writes_no_file_and_copies_are_independent(tmp_path):
    g = detente.open(GRAPH)
    base = detente.Scenario.new(base=g, title="sweep")
    before = sorted(os.listdir("."))
    weights = {}
    for w in (-0.5, 0.0, 0.5):
        s = base.copy().set(between=("USA", "BLR"), kind="diplomatic", date="2025-12-14", weight=w)
        ties = s.apply().snapshot("2025-12-15").ties
        weights[w] = [t["weight"] for t in ties if t["tie"] == "BLR|USA|diplomatic"]
    assert weights == {-0.5: [-0.5], 0.0: [0.0], 0.5: [0.5]}
    assert len(base) == 0
    assert sorted(os.listdir(".")) == before


def test_alias_names_resolve_to_ids_as_scenario_add_resolves_them(cli, tmp_path):
    s = detente.Scenario.new(base=GRAPH)
    s.add_actor(id="envoy", name="An Envoy", kind="person").add_alias(actor="envoy", alias="JC")
    s.set_attribute(actor="JC", name="age", value=70)
    path = tmp_path / "s.yaml"
    s.save(path)
    assert "actor: envoy" in path.read_text()
    assert "actor: JC" not in path.read_text()
