"""Shared fixtures: the repository root as the working directory (so that file names in outputs
match the command line's), and the `detente` binary to compare every result with."""

import json
import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
GRAPH = "graphs/us-belarus.yaml"
SCENARIO = "graphs/scenarios/relief-track.yaml"


def _binary():
    given = os.environ.get("DETENTE_BIN")
    if given:
        return given
    built = ROOT / "target" / "debug" / "detente"
    return str(built) if built.exists() else None


@pytest.fixture(autouse=True)
def at_root(monkeypatch):
    monkeypatch.chdir(ROOT)


class Cli:
    """Runs the `detente` binary from the repository root."""

    def __init__(self, binary):
        self.binary = binary
        # Whether the binary has the built-in renderer (SVG, PNG); a build without it draws DOT.
        self.draws = os.environ.get("DETENTE_BIN_DRAWS", "1") == "1"

    def run(self, *args, check=True):
        done = subprocess.run(
            [self.binary, *args], cwd=ROOT, capture_output=True, text=True, check=False
        )
        if check and done.returncode != 0:
            raise AssertionError(f"detente {' '.join(args)} failed: {done.stderr}")
        return done

    def json(self, *args):
        return json.loads(self.run(*args, "--format", "json").stdout)


@pytest.fixture
def cli():
    binary = _binary()
    if binary is None:
        if os.environ.get("CI"):
            raise AssertionError("CI runs these tests through tests/python.rs, which sets DETENTE_BIN")
        pytest.skip("no detente binary: set DETENTE_BIN or run `cargo build`")
    return Cli(binary)


def optional(module):
    """`pytest.importorskip`, except under CI, which installs every optional module."""
    if os.environ.get("CI"):
        return __import__(module)
    return pytest.importorskip(module)
