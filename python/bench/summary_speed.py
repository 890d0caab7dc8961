"""How fast the package summarises, against the tool, pandas and Polars.

Generates (once) a JSON Lines file of synthetic cases with the tool, then times,
best of ``--repeat`` runs each, on the same file and threads:

- ``outcomes summary`` (the tool, release build) publishing CSV;
- ``investigation_outcomes.summary(path).to_csv()`` from Python;
- the same file read and grouped in pandas (``read_json(lines=True)`` +
  ``json_normalize`` + ``groupby``) and in Polars (``read_ndjson`` + ``explode`` +
  ``group_by``): cases by country and the outcome of their first charge only, a
  small part of what the summary computes (no people, funnel, sentences, times or
  disclosure control), so the ratios flatter pandas and Polars.

Run from the repository (the tool is built if missing)::

    python python/bench/summary_speed.py --cases 1000000
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable, Optional

ROOT = Path(__file__).resolve().parents[2]


def best_of(repeat: int, run: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def pandas_summary(path: Path) -> object:
    import pandas

    operations = pandas.read_json(path, lines=True)
    cases = pandas.json_normalize(operations.to_dict("records"), record_path="cases", errors="ignore")
    cases["country"] = cases["jurisdiction"].str.slice(0, 2)
    cases["outcome"] = cases["charges"].map(
        lambda charges: charges[0].get("disposition", {}).get("outcome") if charges else "not_charged"
    )
    return cases.groupby(["country", "outcome"]).size()


def polars_summary(path: Path) -> object:
    import polars as pl

    cases = (
        pl.read_ndjson(path, infer_schema_length=None)
        .select(pl.col("cases").explode())
        .unnest("cases")
        .select(
            pl.col("jurisdiction").str.slice(0, 2).alias("country"),
            pl.col("charges").list.first().struct.field("disposition").struct.field("outcome").alias("outcome"),
        )
    )
    return cases.group_by("country", "outcome").len()


def main(argv: Optional[list] = None) -> int:
    parser = argparse.ArgumentParser(description="summary speed: package, tool, pandas, Polars")
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--operations", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--by", default="country")
    parser.add_argument("--suppress-below", default="10")
    parser.add_argument("--skip-pandas", action="store_true", help="pandas takes minutes at a million cases")
    parser.add_argument("--data", type=Path, default=None, help="where the generated file goes")
    args = parser.parse_args(argv)

    import investigation_outcomes as outcomes

    tool = ROOT / "target" / "release" / "outcomes"
    if not tool.exists():
        subprocess.run(["cargo", "build", "--release", "-q", "-p", "investigation-outcomes-cli"], cwd=ROOT, check=True)
    data = args.data or Path(f"/tmp/outcomes-bench-{args.cases}.jsonl")
    if not data.exists():
        with open(data, "w") as out:
            subprocess.run(
                [str(tool), "generate", "--operations", str(args.operations), "--cases", str(args.cases), "--seed", "1"],
                stdout=out,
                check=True,
            )
    size = data.stat().st_size / 1e6
    print(f"{args.cases} cases in {args.operations} operations, {size:.0f} MB of JSON Lines; {args.threads} threads")

    command = [str(tool), "summary", "--format", "csv", "--by", args.by, "--suppress-below", args.suppress_below, "--threads", str(args.threads), str(data)]
    expected = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    from_python = outcomes.summary(data, by=args.by, suppress_below=int(args.suppress_below), threads=args.threads).to_csv()
    assert from_python == expected, "the package and the tool disagree"

    tool_time = best_of(args.repeat, lambda: subprocess.run(command, capture_output=True, check=True))
    python_time = best_of(
        args.repeat,
        lambda: outcomes.summary(data, by=args.by, suppress_below=int(args.suppress_below), threads=args.threads).to_csv(),
    )
    print(f"tool (outcomes summary):      {tool_time:7.2f} s")
    print(f"package (from Python):        {python_time:7.2f} s  = {python_time / tool_time:.2f} x the tool")
    polars_time = best_of(args.repeat, lambda: polars_summary(data))
    print(f"Polars (one table only):      {polars_time:7.2f} s  = {polars_time / python_time:.1f} x the package")
    if not args.skip_pandas:
        pandas_time = best_of(1, lambda: pandas_summary(data))
        print(f"pandas (one table only):      {pandas_time:7.2f} s  = {pandas_time / python_time:.1f} x the package")
    return 0


if __name__ == "__main__":
    sys.exit(main())
