"""The PySpark example in local mode equals the tool (skipped without PySpark or Java)."""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
from pathlib import Path

import pytest

import investigation_outcomes as outcomes

pyspark = pytest.importorskip("pyspark")
if shutil.which("java") is None:
    pytest.skip("PySpark needs Java", allow_module_level=True)

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "spark_summary.py"


@pytest.fixture(scope="module")
def spark():  # type: ignore[no-untyped-def]
    from pyspark.sql import SparkSession

    # The workers run this interpreter, which has the package.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    session = SparkSession.builder.master("local[2]").appName("investigation-outcomes tests").getOrCreate()
    yield session
    session.stop()


def test_a_summary_on_spark_is_the_tools_byte_for_byte(spark, generated: Path, run_tool) -> None:  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("spark_summary", EXAMPLE)
    assert spec is not None and spec.loader is not None
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)
    summary = example.summarise(spark, str(generated), by="country", partitions=7)
    assert summary.cases == 3000
    published = outcomes.summary(summary, suppress_below=5)
    expected = run_tool("summary", "--format", "csv", "--by", "country", "--suppress-below", "5", str(generated))
    assert published.to_csv() == expected
