"""The Dask example on a local cluster of two worker processes equals the tool."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

import investigation_outcomes as outcomes

distributed = pytest.importorskip("distributed")

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "dask_summary.py"


def _example():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("dask_summary", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def client():  # type: ignore[no-untyped-def]
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    with distributed.Client(cluster) as client:
        yield client
    cluster.close()


@pytest.mark.parametrize("by,threshold", [("country", 5), ("offence", 3), ("", 10)])
def test_a_summary_on_two_worker_processes_is_the_tools_byte_for_byte(client, generated: Path, run_tool, by: str, threshold: int) -> None:  # type: ignore[no-untyped-def]
    example = _example()
    # Blocks of 64 kB: dozens of partitions, each of whole lines.
    with distributed.get_task_stream(client) as tasks:
        summary = example.summarise(str(generated), by=by, blocksize="64kB")
    workers = {task["worker"] for task in tasks.data}
    assert summary.cases == 3000
    published = outcomes.summary(summary, suppress_below=threshold)
    expected = run_tool("summary", "--format", "csv", "--by", by, "--suppress-below", str(threshold), str(generated))
    assert published.to_csv() == expected
    # The work ran on both worker processes.
    assert len(workers) == 2


def test_the_example_runs_as_a_script(generated: Path, run_tool, capsys) -> None:  # type: ignore[no-untyped-def]
    example = _example()
    assert example.main([str(generated), "--by", "country", "--suppress-below", "5", "--blocksize", "128kB"]) == 0
    expected = run_tool("summary", "--format", "csv", "--by", "country", "--suppress-below", "5", str(generated))
    assert capsys.readouterr().out == expected
