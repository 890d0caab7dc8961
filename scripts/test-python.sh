#!/usr/bin/env bash
# The Python package's tests: a fresh virtual environment, the package built and
# installed from ./python as a user installs it, pandas, Polars, pyarrow, Dask, mypy
# and PySpark from PyPI, then pytest. Spark's test is skipped where Java is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}
venv=$(mktemp -d)/venv
"$python" -m venv "$venv"
"$venv/bin/pip" install --quiet --upgrade pip
"$venv/bin/pip" install --quiet "./python[test]" pyspark
# The README's first line of Python, as a user types it, from another folder.
(cd "$(mktemp -d)" && "$venv/bin/python" -c "import investigation_outcomes as outcomes; print(outcomes.summary(outcomes.Dataset.operation_h()).to_pandas())" > /dev/null)
# From the repository root, `import investigation_outcomes` is the installed package,
# not the source folder beside it.
"$venv/bin/python" -m pytest -q python/tests "$@"
