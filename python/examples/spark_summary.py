"""Summarise JSON Lines with PySpark and publish one protected summary.

Each partition of lines is summarised on an executor with the crate's own summary
(``mapPartitions``); the partial summaries are merged by ``treeReduce`` (they pickle
as the versioned partial-summary JSON); the merged summary is protected and
published once, on the driver. The result is byte for byte what ``outcomes summary``
prints for the same files.

Partition rule: as for Dask, a partition holds whole operations; ``textFile`` splits
only at line breaks, and JSON Lines has one operation per line.

Run::

    python examples/spark_summary.py data.jsonl --by country --suppress-below 5

On a cluster, ``spark-submit --master yarn examples/spark_summary.py hdfs:///data/*.jsonl``
with the package installed on every executor (``pip install`` it in the executors'
environment, or ship a wheel with ``--py-files``/a packed virtual environment).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any, Iterable, Iterator, Optional, Sequence

import investigation_outcomes as outcomes


def summarise(spark: Any, path: str, *, by: str = "", rule: str = "heaviest", partitions: Optional[int] = None) -> outcomes.Summary:
    """The summary of every operation in ``path`` (a file, directory or glob), on the
    Spark session's executors."""
    lines = spark.sparkContext.textFile(path, minPartitions=partitions)

    def per_partition(partition: Iterable[str]) -> Iterator[outcomes.Summary]:
        yield outcomes.Summary.of_lines(list(partition), by=by, rule=rule)

    def merge(a: outcomes.Summary, b: outcomes.Summary) -> outcomes.Summary:
        a.merge(b)
        return a

    result: outcomes.Summary = lines.mapPartitions(per_partition).treeReduce(merge)
    return result


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", help="JSON Lines: a file, directory or glob")
    parser.add_argument("--by", default="")
    parser.add_argument("--suppress-below", type=int, default=None)
    parser.add_argument("--partitions", type=int, default=None)
    parser.add_argument("--master", default=None, help="for example local[2]; by default spark-submit's")
    args = parser.parse_args(argv)

    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("investigation-outcomes summary")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    try:
        summary = summarise(spark, args.path, by=args.by, partitions=args.partitions)
    finally:
        spark.stop()
    published = outcomes.summary(summary, suppress_below=args.suppress_below)
    sys.stdout.write(published.to_csv())
    sys.stderr.write(f"{published.operations} operations, {published.cases} cases; {published.audit}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
