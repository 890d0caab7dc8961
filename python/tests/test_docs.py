"""The documentation's examples run: the package's doctests and the guide's code."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import investigation_outcomes as outcomes

GUIDE = Path(__file__).resolve().parents[1] / "README.md"
README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_docstring_examples_hold() -> None:
    result = doctest.testmod(outcomes, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 8
    assert result.failed == 0


def test_the_guides_python_blocks_run() -> None:
    blocks = re.findall(r"```python\n(.*?)```", GUIDE.read_text(), flags=re.S)
    assert blocks
    for block in blocks:
        namespace: dict = {}
        exec(compile(block, str(GUIDE), "exec"), namespace)
    # The tour's last lines publish Operation H by country.
    assert namespace["published"].audit.startswith("audit: 15 cells withheld (15 small, ")
    assert list(namespace["frame"].columns) == ["section", "unit", "by", "group", "measure", "value", "suppressed"]


def test_the_readmes_python_block_runs() -> None:
    (block,) = re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.S)
    namespace: dict = {}
    exec(compile(block, str(README), "exec"), namespace)
    assert namespace["published"].to_pandas().shape[1] == 7
