"""detente: signed, weighted, time-varying graphs of political actors, from Python.

The same operations as the ``detente`` command, returning Python data whose field names and
numbers are exactly the command's JSON::

    import detente

    g = detente.open("graphs/us-belarus.yaml")
    snap = g.snapshot("2025-12-15")            # or a datetime.date
    snap.ties[0]["weight"]
    g.analyze("2025-12-15")["balance"]

    s = detente.Scenario.new(base="graphs/us-belarus.yaml", title="Embassy reopens")
    s.set(between=("USA", "BLR"), kind="diplomatic", date="2025-09-01", weight=0.2)
    detente.diff(g, s.apply(), at="2025-10-01")["summary"]

Every method that takes a date takes ``datetime.date`` or ISO text (``2025``, ``2025-09``,
``2025-09-01``). Errors are :class:`LoadError` (a file that cannot be read or is invalid),
:class:`ScenarioError` (an edit that does not fit) and ``ValueError`` (a bad argument).
pandas and NetworkX are optional: :meth:`Snapshot.to_pandas` and :meth:`Snapshot.to_networkx`
import them when called. The whole API is in docs/python.md.
"""

from __future__ import annotations

# `open` below shadows the builtin inside this module: files are written with `_builtins.open`.
import builtins as _builtins
import datetime as _datetime
import json as _json
import os as _os
from typing import Any, Dict, Iterable, List, Optional, Union

from . import _detente
from ._detente import LoadError, ScenarioError

__version__: str = _detente.__version__

__all__ = [
    "Graph",
    "LoadError",
    "Scenario",
    "ScenarioError",
    "Snapshot",
    "diff",
    "open",
]

DateLike = Union[str, _datetime.date]
PathLike = Union[str, "_os.PathLike[str]"]

# The formats `render` returns as bytes; anything else is a path to write.
_FORMATS = ("svg", "png", "pdf", "dot")


def open(path: PathLike) -> "Graph":  # noqa: A001 - the front door is `detente.open`, as in Rust
    """Opens a graph file or a scenario file (YAML, or JSON for ``.json``).

    Raises :class:`LoadError` with every problem located (``.path``, ``.line``, ``.column``,
    ``.message``; ``str()`` is what ``detente`` prints).
    """
    return Graph(_detente.open(_os.fspath(path)))


def diff(a: "Graph", b: "Graph", *, at: Optional[DateLike] = None, **options: Any) -> Dict[str, Any]:
    """``detente diff A B --at DATE --format json``: what changed from graph ``a`` to ``b``.

    ``at`` defaults to the last date either graph mentions; ``from_`` and ``to`` give each side
    its own date. Other options as :meth:`Graph.diff`.
    """
    return a.diff(b, at=at, **options)


class Graph:
    """A graph (or a scenario's result), as of no date yet. :func:`open` gives one."""

    def __init__(self, inner: "_detente.Graph") -> None:
        self._inner = inner

    def __repr__(self) -> str:
        return f"<detente.Graph {self.name!r} ({self.kind})>"

    @property
    def path(self) -> Optional[str]:
        """The file it was opened from; None for a scenario applied in memory."""
        return self._inner.path

    @property
    def name(self) -> str:
        """The name outputs give it (its path as given)."""
        return self._inner.name

    @property
    def kind(self) -> str:
        """``graph`` or ``scenario``."""
        return self._inner.kind

    @property
    def title(self) -> Optional[str]:
        """The graph's title."""
        return self._inner.title

    def dates(self) -> List[str]:
        """Every date a point of the graph names, in order, as written (``2019``, ``2020-02``,
        ``2020-02-01``)."""
        return self._inner.dates()

    def snapshot(self, at: DateLike, *, sources: bool = False, **filters: Any) -> "Snapshot":
        """``detente show --at DATE --format json``: the actors present and the ties in force.

        ``sources=True`` adds each tie's point in force (``point``: note, event, sources).
        Filters: ``kinds``, ``exclude_kinds``, ``only``, ``exclude`` (names or lists), ``ego``
        and ``depth``.
        """
        return Snapshot(_json.loads(self._inner.snapshot_json(at, filters, sources)))

    def analyze(
        self, at: DateLike, metrics: Optional[Iterable[str]] = None, **options: Any
    ) -> Dict[str, Any]:
        """``detente analyze --at DATE --format json``: centralities, balance, frustration,
        blocs and components.

        ``metrics`` limits the computation (``degree``, ``pagerank``, ``betweenness``,
        ``closeness``, ``eigenvector``, ``balance``, ``frustration``, ``blocs``,
        ``components``). Options: ``level`` (``grouped``, ``all``, ``state``), ``aggregate``
        (``mean``, ``sum``, ``strongest``; with ``level="state"``), ``blocs`` (at most K),
        ``betweenness_samples`` (N sampled sources for betweenness, and for closeness too,
        estimated from the same sources; the result's ``closeness`` says
        ``{"exact": false, "sampled_sources": N}``), ``betweenness_lengths`` (``inverse``,
        ``hops``), and the filters of :meth:`snapshot`.
        """
        narrow, rest = _split(options, ("level", "aggregate", "blocs", "betweenness_samples",
                                        "betweenness_lengths"))
        listed = None if metrics is None else list(metrics)
        return _json.loads(self._inner.analyze_json(at, listed, narrow, **rest))

    def trend(
        self, start: DateLike, end: DateLike, every: str = "1y", **options: Any
    ) -> Dict[str, Any]:
        """``detente trend --from START --to END --every EVERY --format json``.

        ``every`` is a number and ``y``, ``m``, ``w`` or ``d``; a partial ``end`` means the last
        day of its period. Options: ``level``, ``aggregate``, ``blocs`` and the filters.
        """
        narrow, rest = _split(options, ("level", "aggregate", "blocs"))
        return _json.loads(self._inner.trend_json(start, end, every, narrow, **rest))

    def diff(
        self,
        other: Optional["Graph"] = None,
        *,
        at: Optional[DateLike] = None,
        from_: Optional[DateLike] = None,
        to: Optional[DateLike] = None,
        threshold: float = 0.0,
        balance: bool = False,
        points: bool = True,
        betweenness_samples: Optional[int] = None,
        **filters: Any,
    ) -> Dict[str, Any]:
        """``detente diff --format json``: this graph from ``from_`` to ``to``, or against
        ``other`` on ``at`` (by default the last date either mentions).

        ``threshold`` hides changed ties whose ``|delta|`` is below it; ``balance=True`` adds
        the structural comparison, whose betweenness ranks ``betweenness_samples=N`` estimates
        from N sampled sources (``--betweenness-samples``); ``points=False`` leaves out the
        points behind each change (``--no-points``). A partial ``to`` means the last day of its
        period.
        """
        inner = None if other is None else other._inner
        return _json.loads(
            self._inner.diff_json(
                inner, at, from_, to, threshold, balance, filters, points, betweenness_samples
            )
        )

    def explain(
        self, a: str, b: str, *, at: DateLike, kind: Optional[str] = None, **filters: Any
    ) -> Dict[str, Any]:
        """``detente explain A B --at DATE --format json``: why each tie between two actors
        has its value (the rule, the points, events and sources behind it)."""
        return _json.loads(self._inner.explain_json(a, b, at, kind, filters))

    def render(
        self, at: DateLike, path_or_format: Union[str, "_os.PathLike[str]"] = "svg", **options: Any
    ) -> Optional[bytes]:
        """``detente render --at DATE``: the diagram as SVG, PNG, PDF bytes or DOT text bytes
        (give the format's name), or written to a file (give a path ending in ``.svg``,
        ``.png``, ``.pdf`` or ``.dot``; returns None).

        Options: ``level``, ``aggregate``, ``labels`` (``weights``, ``kinds``, ``none``),
        ``caption``, ``hide_inactive``, ``all_actors`` (also draw the people with no post and no
        tie on the date, left out by default), ``transparent``, ``dpi``, ``layout``, ``engine``
        (``builtin``, ``graphviz``), ``timeout`` (seconds), and the filters.
        """
        target = _os.fspath(path_or_format)
        if target in _FORMATS:
            path, fmt = None, target
        else:
            path, ext = target, _os.path.splitext(target)[1].lower().lstrip(".")
            fmt = "dot" if ext == "gv" else ext
            if fmt not in _FORMATS:
                raise ValueError(
                    f"path_or_format: `{target}` is neither a format (svg, png, pdf, dot) nor a "
                    "path ending in one"
                )
        narrow, rest = _split(options, ("level", "aggregate", "labels", "caption",
                                        "hide_inactive", "all_actors", "transparent", "dpi", "layout",
                                        "engine", "timeout"))
        data = self._inner.render(at, fmt, narrow, **rest)
        if path is None:
            return data
        with _builtins.open(path, "wb") as out:
            out.write(data)
        return None

    def scenario(self, title: Optional[str] = None, **header: Any) -> "Scenario":
        """A new scenario on this graph (which must come from a file); see :class:`Scenario`."""
        return Scenario.new(base=self, title=title, **header)


_FILTERS = ("kinds", "exclude_kinds", "only", "exclude", "ego", "depth")


def _split(options: Dict[str, Any], known: Iterable[str]) -> "tuple[Dict[str, Any], Dict[str, Any]]":
    """Splits keyword options into the filters and the method's own; an unknown one is a
    ValueError naming both lists."""
    known = tuple(known)
    narrow: Dict[str, Any] = {}
    rest: Dict[str, Any] = {}
    for key, value in options.items():
        if key in _FILTERS:
            narrow[key] = value
        elif key in known:
            rest[key] = value
        else:
            raise ValueError(
                f"`{key}` is not an option here; use {', '.join(known)} or a filter "
                f"({', '.join(_FILTERS)})"
            )
    return narrow, rest


class Snapshot:
    """The graph as of one date: ``detente show --format json`` as Python data.

    ``.data`` is the whole JSON document; ``.actors`` and ``.ties`` are its lists of dicts.
    """

    def __init__(self, data: Dict[str, Any]) -> None:
        self.data = data

    def __repr__(self) -> str:
        return f"<detente.Snapshot {self.date} ({len(self.actors)} actors, {len(self.ties)} ties)>"

    @property
    def date(self) -> str:
        """The date, as ISO text."""
        return self.data["date"]

    @property
    def title(self) -> Optional[str]:
        """The graph's title."""
        return self.data.get("title")

    @property
    def actors(self) -> List[Dict[str, Any]]:
        """The actors present: ``id``, ``name``, ``kind``, and ``post``/``posts``,
        ``part_of``, ``attributes`` where they apply."""
        return self.data["actors"]

    @property
    def ties(self) -> List[Dict[str, Any]]:
        """The ties in force: ``tie``, ``from``, ``to``, ``kind``, ``directed``, ``since``,
        ``weight`` (and ``point`` with ``sources=True``)."""
        return self.data["ties"]

    def to_pandas(self, what: str = "ties") -> Any:
        """The ties (or, with ``what="actors"``, the actors) as a pandas DataFrame, one row
        each, the columns the JSON's field names. Needs pandas."""
        import pandas as pd

        if what == "ties":
            columns = ["tie", "from", "to", "kind", "directed", "since", "weight"]
            rows = self.ties
        elif what == "actors":
            columns = ["id", "name", "kind"]
            rows = self.actors
        else:
            raise ValueError(f"what: `{what}` is neither ties nor actors")
        extra = sorted({k for row in rows for k in row} - set(columns))
        return pd.DataFrame(rows, columns=columns + extra)

    def to_networkx(self, directed: Optional[bool] = None) -> Any:
        """The snapshot as a NetworkX multigraph. Needs networkx.

        A ``MultiDiGraph`` when a tie is directed (or ``directed=True``), with each mutual tie
        as two edges, one each way; a ``MultiGraph`` otherwise. Edges are keyed by kind and
        carry ``weight``, ``kind``, ``sign`` (+1, -1, or 0), ``directed``, ``since`` and ``tie``;
        nodes carry ``name``, ``kind``, ``part_of`` and ``post`` where present, and the actor's
        free attributes.
        """
        import networkx as nx

        if directed is None:
            directed = any(t["directed"] for t in self.ties)
        graph = nx.MultiDiGraph() if directed else nx.MultiGraph()
        graph.graph.update(date=self.date, title=self.title)
        for actor in self.actors:
            attrs = dict(actor.get("attributes", {}))
            attrs.update({k: v for k, v in actor.items() if k not in ("id", "attributes")})
            graph.add_node(actor["id"], **attrs)
        for tie in self.ties:
            weight = tie["weight"]
            attrs = {
                "weight": weight,
                "kind": tie["kind"],
                "sign": (weight > 0) - (weight < 0),
                "directed": tie["directed"],
                "since": tie.get("since"),
                "tie": tie["tie"],
            }
            graph.add_edge(tie["from"], tie["to"], key=tie["kind"], **attrs)
            if directed and not tie["directed"]:
                graph.add_edge(tie["to"], tie["from"], key=tie["kind"], **attrs)
        return graph


class Scenario:
    """A "what if" scenario on a base graph, scripted edit by edit.

    Each edit is checked against the graph as the edits before it left it, with the messages
    ``detente scenario add`` gives (a :class:`ScenarioError` when it does not fit), and returns
    the scenario so edits chain. :meth:`apply` gives the resulting :class:`Graph` in memory (no
    file is written, so a sweep over weights is cheap); :meth:`save` writes the file
    ``detente scenario new`` and ``scenario add`` would.

    A tie is ``between=(A, B)`` (mutual) or ``from_=A, to=B`` (directed), with ``kind``.
    """

    def __init__(self, inner: "_detente.Scenario") -> None:
        self._inner = inner

    def __repr__(self) -> str:
        return f"<detente.Scenario {self.title!r} ({len(self)} edits)>"

    @staticmethod
    def new(
        base: Union[PathLike, Graph],
        title: Optional[str] = None,
        description: Optional[str] = None,
        assumes: Optional[str] = None,
    ) -> "Scenario":
        """A scenario with no edits on ``base``: a graph or scenario file's path, or a
        :class:`Graph` opened from one (then nothing is read again)."""
        base_arg = base._inner if isinstance(base, Graph) else _os.fspath(base)
        return Scenario(_detente.Scenario.new(base_arg, title, description, assumes))

    @staticmethod
    def open(path: PathLike) -> "Scenario":
        """The scenario file at ``path``, to go on editing; :meth:`save` appends the new edits
        and keeps the file's text and comments."""
        return Scenario(_detente.Scenario.open(_os.fspath(path)))

    @property
    def title(self) -> Optional[str]:
        """The scenario's title."""
        return self._inner.title

    @property
    def path(self) -> Optional[str]:
        """The file it was read from or last saved to."""
        return self._inner.path

    def __len__(self) -> int:
        return len(self._inner)

    def copy(self) -> "Scenario":
        """An independent copy, to branch off (edits to one do not reach the other)."""
        return Scenario(self._inner.copy())

    def apply(self) -> Graph:
        """The graph the edits give, in memory."""
        return Graph(self._inner.apply())

    def save(self, path: Optional[PathLike] = None) -> "Scenario":
        """Writes the scenario file (by default where it was read from or last saved)."""
        self._inner.save(None if path is None else _os.fspath(path))
        return self

    def set(self, **edit: Any) -> "Scenario":
        """A tie's weight from ``date`` on: ``weight``, tie, and optionally ``note``,
        ``event``, ``sources``, ``confidence``."""
        self._inner.set(**edit)
        return self

    def shift(self, **edit: Any) -> "Scenario":
        """Adds ``delta`` to a tie's weight from ``date`` on (clamped to the scale)."""
        self._inner.shift(**edit)
        return self

    def end(self, **edit: Any) -> "Scenario":
        """Ends a tie on ``date`` for good."""
        self._inner.end(**edit)
        return self

    def add_actor(self, **edit: Any) -> "Scenario":
        """Adds an actor: ``id``, ``name``, ``kind``, ``note``."""
        self._inner.add_actor(**edit)
        return self

    def remove_actor(self, **edit: Any) -> "Scenario":
        """Removes actor ``id`` with its ties, posts and mentions in events."""
        self._inner.remove_actor(**edit)
        return self

    def add_relation(self, **edit: Any) -> "Scenario":
        """Adds a relation with its first point: tie, ``date``, ``weight``, ``interpolation``."""
        self._inner.add_relation(**edit)
        return self

    def remove_relation(self, **edit: Any) -> "Scenario":
        """Removes a relation and its series."""
        self._inner.remove_relation(**edit)
        return self

    def add_post(self, **edit: Any) -> "Scenario":
        """A person (``actor``) takes up a post: ``title``, ``of``, ``from_``, ``until``,
        ``primary``, ``sources``, ``note``."""
        self._inner.add_post(**edit)
        return self

    def end_post(self, **edit: Any) -> "Scenario":
        """A person (``actor``) leaves their post on ``date`` (``title`` if several)."""
        self._inner.end_post(**edit)
        return self

    def add_part_of(self, **edit: Any) -> "Scenario":
        """A collective (``actor``) becomes part of ``of`` from ``from_`` until ``until``."""
        self._inner.add_part_of(**edit)
        return self

    def end_part_of(self, **edit: Any) -> "Scenario":
        """A collective (``actor``) stops being part of ``of`` on ``date``."""
        self._inner.end_part_of(**edit)
        return self

    def add_alias(self, **edit: Any) -> "Scenario":
        """Another name (``alias``) for ``actor``."""
        self._inner.add_alias(**edit)
        return self

    def set_attribute(self, **edit: Any) -> "Scenario":
        """Sets the free attribute ``name`` of ``actor`` to ``value`` (text, number or bool)."""
        self._inner.set_attribute(**edit)
        return self

    def add_event(self, **edit: Any) -> "Scenario":
        """Adds an event (``id``, ``date``, ``title``, ``actors``, ``sources``,
        ``description``) that later edits may cite with ``event=``."""
        self._inner.add_event(**edit)
        return self
