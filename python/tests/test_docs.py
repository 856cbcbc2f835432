"""docs/python.md's examples run, in order, against the bundled graph."""

import re
import textwrap

from conftest import ROOT


def test_every_python_block_of_the_guide_runs(tmp_path, capsys):
    text = (ROOT / "docs" / "python.md").read_text()
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    assert len(blocks) >= 10
    namespace = {}
    for number, block in enumerate(blocks):
        # The guide writes its PDF beside the reader; here, into the test's directory.
        code = textwrap.dedent(block).replace('"us-belarus.pdf"', repr(str(tmp_path / "g.pdf")))
        exec(compile(code, f"docs/python.md block {number + 1}", "exec"), namespace)
    assert (tmp_path / "g.pdf").read_bytes().startswith(b"%PDF")
    assert "unknown actor `BLX`" in capsys.readouterr().out
