"""Every example in examples/python/ runs and says what it promises."""

import os
import subprocess
import sys

from conftest import ROOT, optional


def _run(name):
    done = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "python" / name)],
        cwd=ROOT, capture_output=True, text=True, env=dict(os.environ), check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_sweep_moves_the_usa_blr_weight_and_reports_balance_and_blocs():
    lines = _run("sweep.py").splitlines()
    assert lines[0] == "USA–BLR diplomatic weight on 2025-12-15: balance and blocs of the states"
    rows = [line.split() for line in lines[2:]]
    assert [row[0] for row in rows] == [
        "-1.00", "-0.75", "-0.50", "-0.25", "0.00", "0.25", "0.50", "0.75", "1.00"
    ]
    # Only full hostility balances every triangle; any warmer weight leaves one frustrated tie.
    assert (rows[0][1], rows[0][2]) == ("1.0", "0")
    assert all((row[1], row[2]) == ("0.5", "1") for row in rows[1:])
    assert all("BLR RUS |" in " ".join(row) for row in rows)


def test_the_round_trip_keeps_every_tie():
    optional("pandas")
    optional("networkx")
    out = _run("roundtrip.py")
    assert "moved by the scenario: 2" in out
    assert "BLR|USA|diplomatic         0.10         0.60" in out
    assert out.endswith("round trip through NetworkX keeps every tie: True\n")
