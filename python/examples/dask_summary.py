"""Summarise JSON Lines on a Dask cluster and publish one protected summary.

Each partition of lines is summarised on a worker with the crate's own summary;
the partial summaries (small, and picklable) are merged on the workers by a tree
reduction; the merged summary is protected and published once, on the client.
The result is byte for byte what ``outcomes summary`` prints for the same files.

Partition rule: a partition holds whole operations. JSON Lines has one operation per
line and ``dask.bag.read_text`` cuts blocks only at line breaks, so any block size
keeps it. (A person is identified within an operation: an operation split across
partitions would count its defendants once per partition.)

Run::

    python examples/dask_summary.py data.jsonl --by country --suppress-below 5

On a real cluster, pass ``--scheduler tcp://host:8786`` and paths every worker can
read (a shared file system, or ``s3://`` with s3fs installed).
"""

from __future__ import annotations

import argparse
import sys
from typing import Iterable, Optional, Sequence, Union

import dask.bag as db

import investigation_outcomes as outcomes


def summarise(
    paths: Union[str, Sequence[str]],
    *,
    by: str = "",
    rule: str = "heaviest",
    blocksize: Union[int, str] = "64MiB",
) -> outcomes.Summary:
    """The summary of every operation in ``paths``, computed on the current Dask
    scheduler: one partial summary per block of lines, merged in a tree."""
    lines = db.read_text(paths, blocksize=blocksize)

    def per_partition(partition: Iterable[str]) -> outcomes.Summary:
        return outcomes.Summary.of_lines(list(partition), by=by, rule=rule)

    def merge(parts: Iterable[outcomes.Summary]) -> outcomes.Summary:
        return outcomes.Summary.merge_all(list(parts), by=by, rule=rule)

    result: outcomes.Summary = lines.reduction(per_partition, merge, split_every=8).compute()
    return result


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", help="JSON Lines files (or globs, or s3:// URLs)")
    parser.add_argument("--by", default="", help="as `outcomes summary --by`")
    parser.add_argument("--suppress-below", type=int, default=None)
    parser.add_argument("--round", choices=["rr3", "grr"], default=None)
    parser.add_argument("--scheduler", help="address of a running scheduler; by default a local cluster")
    parser.add_argument("--workers", type=int, default=2, help="worker processes of the local cluster")
    parser.add_argument("--blocksize", default="64MiB")
    args = parser.parse_args(argv)

    from dask.distributed import Client, LocalCluster

    if args.scheduler:
        client = Client(args.scheduler)
    else:
        client = Client(LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=":0"))
    with client:
        summary = summarise(args.paths, by=args.by, blocksize=args.blocksize)
    published = outcomes.summary(summary, suppress_below=args.suppress_below, round=args.round)
    sys.stdout.write(published.to_csv())
    sys.stderr.write(f"{published.operations} operations, {published.cases} cases; {published.audit}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
