"""Fixtures: the `outcomes` tool (the oracle the package must agree with) and
generated datasets."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def outcomes_bin() -> Path:
    """The `outcomes` tool: $OUTCOMES_BIN, or built from this checkout."""
    given = os.environ.get("OUTCOMES_BIN")
    if given:
        return Path(given)
    subprocess.run(
        ["cargo", "build", "--quiet", "-p", "investigation-outcomes-cli"],
        cwd=ROOT,
        check=True,
    )
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    return target / "debug" / "outcomes"


@pytest.fixture(scope="session")
def run_tool(outcomes_bin: Path):
    """Runs the tool and gives its standard output; fails on a non-zero exit."""

    def run(*args: str) -> str:
        done = subprocess.run(
            [str(outcomes_bin), *args], capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    return run


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory, run_tool) -> Path:
    """3,000 generated cases in 12 operations, as JSON Lines."""
    path = tmp_path_factory.mktemp("data") / "generated.jsonl"
    path.write_text(run_tool("generate", "--operations", "12", "--cases", "3000", "--seed", "7"))
    return path


@pytest.fixture(scope="session")
def operation_h_path(tmp_path_factory: pytest.TempPathFactory, run_tool) -> Path:
    """The bundled dataset as the tool writes it."""
    path = tmp_path_factory.mktemp("data") / "operation-h.json"
    path.write_text(run_tool("bundled", "operation-h"))
    return path
