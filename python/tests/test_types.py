"""The type stubs agree with the extension module, and a program written against
the documented API type-checks strictly."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("mypy")

PROGRAM = '''
from pathlib import Path
from typing import List, Optional
import investigation_outcomes as outcomes

dataset: outcomes.Dataset = outcomes.Dataset.from_path(Path("data.jsonl"))
published: outcomes.Publication = outcomes.summary(dataset, by="country", suppress_below=5)
audit: str = published.audit
csv: str = published.to_csv()
part: outcomes.Summary = outcomes.Summary.of_lines(["{}"], by="country")
part.merge(outcomes.Summary.empty(by="country"))
whole = outcomes.Summary.merge_all([part], by="country")
findings: List[outcomes.Finding] = outcomes.validate(dataset).errors
conflicts = [c.first.quote for c in outcomes.reconcile(dataset).conflicts]
table = outcomes.protect([[1, 2], [3, 4]], suppress_below=3)
cell: Optional[int] = table.cells[0][0]
copy: outcomes.Deidentified = outcomes.deidentify(dataset, b"0123456789abcdef")
k: Optional[int] = copy.after.min_k
try:
    outcomes.Dataset.from_json("")
except outcomes.OutcomesError as error:
    where: Optional[str] = error.location
'''


def mypy_strict(path: Path) -> "subprocess.CompletedProcess[str]":
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(path)],
        capture_output=True,
        text=True,
        check=False,
        cwd=path.parent,
    )


def test_the_stubs_match_the_extension_module() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "investigation_outcomes._native"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_program_using_the_api_type_checks_strictly(tmp_path: Path) -> None:
    program = tmp_path / "program.py"
    program.write_text(PROGRAM)
    done = mypy_strict(program)
    assert done.returncode == 0, done.stdout + done.stderr
    bad = tmp_path / "bad.py"
    bad.write_text("import investigation_outcomes as o\nx: int = o.summary(o.Dataset.operation_h()).audit\n")
    done = mypy_strict(bad)
    assert done.returncode == 1 and "Incompatible types" in done.stdout
