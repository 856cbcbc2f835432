"""Type stubs of the detente package: signed, weighted, time-varying graphs of political actors."""

import datetime
import os
from typing import Any, Dict, Iterable, List, Literal, Optional, Sequence, Tuple, Union

__version__: str

DateLike = Union[str, datetime.date]
PathLike = Union[str, os.PathLike[str]]
Names = Union[str, Sequence[str]]
Level = Literal["grouped", "all", "state"]
Aggregate = Literal["mean", "sum", "strongest"]

class LoadError(Exception):
    """A file could not be read or is not valid; ``str()`` is what ``detente`` prints."""

    path: str
    line: Optional[int]
    column: Optional[int]
    message: Optional[str]
    problems: List[Dict[str, Any]]

class ScenarioError(Exception):
    """A scenario edit does not fit the graph as the edits before it left it."""

    problems: List[Dict[str, Any]]

def open(path: PathLike) -> Graph:
    """Opens a graph file or a scenario file; raises LoadError."""

def diff(
    a: Graph,
    b: Graph,
    *,
    at: Optional[DateLike] = None,
    from_: Optional[DateLike] = None,
    to: Optional[DateLike] = None,
    threshold: float = 0.0,
    balance: bool = False,
    points: bool = True,
    betweenness_samples: Optional[int] = None,
    kinds: Optional[Names] = None,
    exclude_kinds: Optional[Names] = None,
    only: Optional[Names] = None,
    exclude: Optional[Names] = None,
    ego: Optional[str] = None,
    depth: Optional[int] = None,
) -> Dict[str, Any]:
    """``detente diff A B --format json``."""

class Graph:
    """A graph (or a scenario's result), as of no date yet."""

    @property
    def path(self) -> Optional[str]: ...
    @property
    def name(self) -> str: ...
    @property
    def kind(self) -> Literal["graph", "scenario"]: ...
    @property
    def title(self) -> Optional[str]: ...
    def dates(self) -> List[str]: ...
    def snapshot(
        self,
        at: DateLike,
        *,
        sources: bool = False,
        kinds: Optional[Names] = None,
        exclude_kinds: Optional[Names] = None,
        only: Optional[Names] = None,
        exclude: Optional[Names] = None,
        ego: Optional[str] = None,
        depth: Optional[int] = None,
    ) -> Snapshot:
        """``detente show --at DATE --format json``."""
    def analyze(
        self,
        at: DateLike,
        metrics: Optional[Iterable[str]] = None,
        *,
        level: Level = "grouped",
        aggregate: Optional[Aggregate] = None,
        blocs: Optional[int] = None,
        betweenness_samples: Optional[int] = None,
        betweenness_lengths: Literal["inverse", "hops"] = "inverse",
        kinds: Optional[Names] = None,
        exclude_kinds: Optional[Names] = None,
        only: Optional[Names] = None,
        exclude: Optional[Names] = None,
        ego: Optional[str] = None,
        depth: Optional[int] = None,
    ) -> Dict[str, Any]:
        """``detente analyze --at DATE --format json``."""
    def trend(
        self,
        start: DateLike,
        end: DateLike,
        every: str = "1y",
        *,
        level: Level = "grouped",
        aggregate: Optional[Aggregate] = None,
        blocs: Optional[int] = None,
        kinds: Optional[Names] = None,
        exclude_kinds: Optional[Names] = None,
        only: Optional[Names] = None,
        exclude: Optional[Names] = None,
        ego: Optional[str] = None,
        depth: Optional[int] = None,
    ) -> Dict[str, Any]:
        """``detente trend --from START --to END --every EVERY --format json``."""
    def diff(
        self,
        other: Optional[Graph] = None,
        *,
        at: Optional[DateLike] = None,
        from_: Optional[DateLike] = None,
        to: Optional[DateLike] = None,
        threshold: float = 0.0,
        balance: bool = False,
        points: bool = True,
        betweenness_samples: Optional[int] = None,
        kinds: Optional[Names] = None,
        exclude_kinds: Optional[Names] = None,
        only: Optional[Names] = None,
        exclude: Optional[Names] = None,
        ego: Optional[str] = None,
        depth: Optional[int] = None,
    ) -> Dict[str, Any]:
        """``detente diff --format json``."""
    def explain(
        self,
        a: str,
        b: str,
        *,
        at: DateLike,
        kind: Optional[str] = None,
        kinds: Optional[Names] = None,
        exclude_kinds: Optional[Names] = None,
        only: Optional[Names] = None,
        exclude: Optional[Names] = None,
        ego: Optional[str] = None,
        depth: Optional[int] = None,
    ) -> Dict[str, Any]:
        """``detente explain A B --at DATE --format json``."""
    def render(
        self,
        at: DateLike,
        path_or_format: Union[str, os.PathLike[str]] = "svg",
        *,
        level: Level = "grouped",
        aggregate: Optional[Aggregate] = None,
        labels: Literal["weights", "kinds", "none"] = "weights",
        caption: Optional[str] = None,
        hide_inactive: bool = False,
        all_actors: bool = False,
        transparent: bool = False,
        dpi: Optional[int] = None,
        layout: Literal["auto", "dot", "neato", "fdp", "sfdp", "circo"] = "auto",
        engine: Literal["builtin", "graphviz"] = "builtin",
        timeout: int = 60,
        kinds: Optional[Names] = None,
        exclude_kinds: Optional[Names] = None,
        only: Optional[Names] = None,
        exclude: Optional[Names] = None,
        ego: Optional[str] = None,
        depth: Optional[int] = None,
    ) -> Optional[bytes]:
        """``detente render --at DATE``: bytes for a format name, None after writing a path."""
    def scenario(
        self,
        title: Optional[str] = None,
        description: Optional[str] = None,
        assumes: Optional[str] = None,
    ) -> Scenario: ...

class Snapshot:
    """``detente show --format json`` as Python data."""

    data: Dict[str, Any]
    def __init__(self, data: Dict[str, Any]) -> None: ...
    @property
    def date(self) -> str: ...
    @property
    def title(self) -> Optional[str]: ...
    @property
    def actors(self) -> List[Dict[str, Any]]: ...
    @property
    def ties(self) -> List[Dict[str, Any]]: ...
    def to_pandas(self, what: Literal["ties", "actors"] = "ties") -> Any:
        """A pandas DataFrame (pandas.DataFrame) of the ties or the actors."""
    def to_networkx(self, directed: Optional[bool] = None) -> Any:
        """A networkx.MultiDiGraph (or MultiGraph) with weight, kind and sign on each edge."""

Pair = Tuple[str, str]

class Scenario:
    """A "what if" scenario scripted edit by edit; each edit returns the scenario."""

    @staticmethod
    def new(
        base: Union[PathLike, Graph],
        title: Optional[str] = None,
        description: Optional[str] = None,
        assumes: Optional[str] = None,
    ) -> Scenario: ...
    @staticmethod
    def open(path: PathLike) -> Scenario: ...
    @property
    def title(self) -> Optional[str]: ...
    @property
    def path(self) -> Optional[str]: ...
    def __len__(self) -> int: ...
    def copy(self) -> Scenario: ...
    def apply(self) -> Graph: ...
    def save(self, path: Optional[PathLike] = None) -> Scenario: ...
    def set(
        self,
        *,
        date: DateLike,
        weight: float,
        between: Optional[Pair] = None,
        from_: Optional[str] = None,
        to: Optional[str] = None,
        kind: Optional[str] = None,
        note: Optional[str] = None,
        event: Optional[str] = None,
        sources: Optional[List[str]] = None,
        confidence: Optional[float] = None,
    ) -> Scenario: ...
    def shift(
        self,
        *,
        date: DateLike,
        delta: float,
        between: Optional[Pair] = None,
        from_: Optional[str] = None,
        to: Optional[str] = None,
        kind: Optional[str] = None,
        note: Optional[str] = None,
        event: Optional[str] = None,
        sources: Optional[List[str]] = None,
        confidence: Optional[float] = None,
    ) -> Scenario: ...
    def end(
        self,
        *,
        date: DateLike,
        between: Optional[Pair] = None,
        from_: Optional[str] = None,
        to: Optional[str] = None,
        kind: Optional[str] = None,
        note: Optional[str] = None,
        event: Optional[str] = None,
        sources: Optional[List[str]] = None,
    ) -> Scenario: ...
    def add_actor(self, *, id: str, name: str, kind: str, note: Optional[str] = None) -> Scenario: ...
    def remove_actor(self, *, id: str) -> Scenario: ...
    def add_relation(
        self,
        *,
        date: DateLike,
        weight: float,
        between: Optional[Pair] = None,
        from_: Optional[str] = None,
        to: Optional[str] = None,
        kind: Optional[str] = None,
        interpolation: Optional[Literal["step", "linear"]] = None,
        note: Optional[str] = None,
        event: Optional[str] = None,
        sources: Optional[List[str]] = None,
        confidence: Optional[float] = None,
    ) -> Scenario: ...
    def remove_relation(
        self,
        *,
        between: Optional[Pair] = None,
        from_: Optional[str] = None,
        to: Optional[str] = None,
        kind: Optional[str] = None,
    ) -> Scenario: ...
    def add_post(
        self,
        *,
        actor: str,
        title: str,
        of: str,
        from_: Optional[DateLike] = None,
        until: Optional[DateLike] = None,
        primary: bool = False,
        sources: Optional[List[str]] = None,
        note: Optional[str] = None,
    ) -> Scenario: ...
    def end_post(self, *, actor: str, date: DateLike, title: Optional[str] = None) -> Scenario: ...
    def add_part_of(
        self,
        *,
        actor: str,
        of: str,
        from_: Optional[DateLike] = None,
        until: Optional[DateLike] = None,
        sources: Optional[List[str]] = None,
        note: Optional[str] = None,
    ) -> Scenario: ...
    def end_part_of(self, *, actor: str, of: str, date: DateLike) -> Scenario: ...
    def add_alias(self, *, actor: str, alias: str) -> Scenario: ...
    def set_attribute(self, *, actor: str, name: str, value: Union[str, float, bool]) -> Scenario: ...
    def add_event(
        self,
        *,
        id: str,
        date: DateLike,
        title: str,
        actors: Optional[List[str]] = None,
        sources: Optional[List[str]] = None,
        description: Optional[str] = None,
    ) -> Scenario: ...
