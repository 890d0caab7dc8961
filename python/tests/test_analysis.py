"""Validation, reconciliation, protection of a table and de-identification."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pandas
import polars
import pytest

import investigation_outcomes as outcomes


def test_validation_findings_are_the_tools(tmp_path: Path, run_tool) -> None:
    dataset = json.loads(outcomes.Dataset.operation_h().to_json())
    case = dataset["operations"][0]["cases"][0]
    # The sentence cites a charge the case does not have.
    case["sentence"]["components"][0]["charges"] = ["c9"]
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(dataset))
    found = outcomes.validate(outcomes.Dataset.from_path(broken))
    assert not found.is_valid
    frame = found.to_pandas()
    assert list(frame.columns) == ["severity", "code", "location", "message"]
    assert len(frame) == len(found.findings) and (frame["severity"] == "error").sum() == len(found.errors)
    assert any("operations[0].cases[0]" in f.location for f in found.errors)
    assert found.to_polars().height == len(found.findings)


def test_reconciliation_holds_the_tools_findings_with_citations(operation_h_path: Path, run_tool) -> None:
    expected = json.loads(run_tool("reconcile", "--format", "json", str(operation_h_path)))
    found = outcomes.reconcile(outcomes.Dataset.operation_h())
    assert found.raw == expected
    conflicts = sum(len(g["conflicts"]) for g in expected["groups"])
    assert len(found.conflicts) == conflicts
    nz = [c for c in found.conflicts if c.metric == "arrests" and c.area == "NZ"]
    assert len(nz) == 1
    assert {nz[0].first.low, nz[0].second.low} == {43, 46}
    assert {nz[0].first.publisher, nz[0].second.publisher} == {"The New York Times (via WION)", "RNZ"}
    assert nz[0].second.quote == "Forty-six people have been arrested here"
    frame = found.conflicts.to_pandas()
    assert {"first_source", "first_quote", "second_publisher", "kind"} <= set(frame.columns)
    assert len(frame) == conflicts
    assert len(found.case_checks.to_polars()) == len(expected["case_checks"])
    assert len(found.breakdowns.to_pandas()) == len(expected["breakdowns"])
    figures = found.record_figures.to_pandas()
    assert len(figures) == len(expected["record_figures"])
    assert set(figures.columns) == {"operation", "jurisdiction", "metric", "unit", "low", "high"}


def test_revisions_and_disagreements_in_the_cybertipline_series() -> None:
    found = outcomes.reconcile(outcomes.Dataset.cybertipline())
    kinds = {c.kind for c in found.conflicts}
    assert kinds <= {"disagreement", "decrease", "revision", "self_contradiction"}
    assert len(found.conflicts) >= 2
    for conflict in found.conflicts:
        assert conflict.first.source and conflict.second.source


ROWS = ["North", "Central", "South"]
COLUMNS = ["convicted", "acquitted", "pending"]
COUNTS = [[41, 2, 17], [63, 9, 25], [38, 4, 12]]


def _check_protected(table: outcomes.ProtectedTable, counts: list, threshold: int) -> None:
    """Published values are the true ones; every small count is withheld and its
    interval holds the true value and is at least the threshold wide."""
    for r, c in itertools.product(range(len(counts)), range(len(counts[0]))):
        true = counts[r][c]
        published = table.cells[r][c]
        if published is None:
            low, high = table.intervals[(table.rows[r], table.columns[c])]
            assert low <= true and (high is None or true <= high)
            if 0 < true < threshold:
                assert high is None or high - low >= threshold
        else:
            assert published == true and true == 0 or true >= threshold
    assert table.grand_total in (None, sum(map(sum, counts)))


def test_a_table_is_protected_from_lists_pandas_and_polars() -> None:
    from_lists = outcomes.protect(COUNTS, suppress_below=5, rows=ROWS, columns=COLUMNS)
    _check_protected(from_lists, COUNTS, 5)
    assert from_lists.cells[0][1] is None and from_lists.cells[2][1] is None
    frame = pandas.DataFrame(COUNTS, index=ROWS, columns=COLUMNS)
    from_pandas = outcomes.protect(frame, suppress_below=5)
    assert (from_pandas.cells, from_pandas.intervals) == (from_lists.cells, from_lists.intervals)
    from_polars = outcomes.protect(polars.DataFrame(frame.reset_index(drop=True)), suppress_below=5, rows=ROWS)
    assert (from_polars.cells, from_polars.intervals) == (from_lists.cells, from_lists.intervals)
    shown = from_lists.to_pandas()
    assert shown.loc["total", "total"] == 211
    assert pandas.isna(shown.loc["North", "acquitted"])


@pytest.mark.parametrize("threshold", [3, 5, 10])
def test_random_tables_are_protected(threshold: int) -> None:
    import random

    generator = random.Random(threshold)
    for _ in range(10):
        counts = [[generator.choice([0, 1, 2, 3, 4, 8, 12, 30]) for _ in range(4)] for _ in range(3)]
        _check_protected(outcomes.protect(counts, suppress_below=threshold), counts, threshold)


def test_a_ragged_table_raises_a_protection_error() -> None:
    with pytest.raises(outcomes.ProtectionError):
        outcomes.protect([[1, 2], [3]], suppress_below=5)
    with pytest.raises((OverflowError, TypeError)):
        outcomes.protect([[-1, 2]], suppress_below=5)


def test_deidentify_writes_the_tools_research_file(generated: Path, run_tool, tmp_path: Path) -> None:
    dataset = outcomes.Dataset.from_path(generated)
    key = bytes(range(32))
    done = outcomes.deidentify(dataset, key, k=5, max_suppressed=100)
    assert done.after.min_k is None or done.after.min_k >= 5
    assert done.before.records == dataset.cases
    assert done.after.records + done.withheld == dataset.cases == len(done.rows) + done.withheld
    assert done.before.unique > done.after.unique == 0
    assert "custodial terms to bands" in done.generalised
    assert done.values == 6 * dataset.cases and done.values_suppressed >= 6 * done.withheld
    assert all(r["custodial_months"] is None or "-" in r["custodial_months"] or r["custodial_months"].endswith("+") for r in done.rows)
    assert outcomes.deidentify(dataset, key, k=5, max_suppressed=100).rows == done.rows
    other = outcomes.deidentify(dataset, bytes(reversed(range(32))), k=5, max_suppressed=100)
    assert {r["case"] for r in other.rows}.isdisjoint(r["case"] for r in done.rows)

    original_ids = {c["defendant"]["id"] for o in json.loads(dataset.to_json())["operations"] for c in o.get("cases", [])}
    assert original_ids and original_ids.isdisjoint(r["defendant"] for r in done.rows)

    # The same file, byte for byte, as the tool writes with the same key.
    key_file = tmp_path / "research.key"
    key_file.write_bytes(key)
    assert run_tool("deidentify", "--key-file", str(key_file), "--max-suppressed", "100", str(generated)) == done.csv
    assert done.csv.splitlines()[0].startswith("operation,case,defendant,jurisdiction,")


def test_deidentify_refuses_short_keys_and_too_much_withholding(generated: Path) -> None:
    dataset = outcomes.Dataset.from_path(generated)
    with pytest.raises(outcomes.DeidentifyError):
        outcomes.deidentify(dataset, b"short")
    with pytest.raises(outcomes.DeidentifyError):
        outcomes.deidentify(dataset, bytes(32), k=50, max_suppressed=0)
    with pytest.raises(outcomes.InvalidValueError):
        outcomes.measure_risk(dataset, ["shoe_size"])
    with pytest.raises(ValueError):
        outcomes.deidentify(dataset, bytes(32), dates="decade")


def test_validation_and_reconciliation_read_files_as_they_stream(generated: Path, operation_h_path: Path) -> None:
    in_memory = outcomes.Dataset.from_path(generated)
    assert outcomes.validate(generated) == outcomes.validate(in_memory)
    assert outcomes.validate(str(generated)).findings == outcomes.validate(in_memory).findings
    assert outcomes.reconcile(generated).raw == outcomes.reconcile(in_memory).raw
    assert outcomes.reconcile(operation_h_path).raw == outcomes.reconcile(outcomes.Dataset.operation_h()).raw
    with pytest.raises(outcomes.OutcomesIOError):
        outcomes.validate(generated.with_name("missing.jsonl"))


def test_every_pair_of_a_self_contradiction_is_a_conflict() -> None:
    """Three claims of one source on one figure, 13, 15 and 20: every pair disagrees,
    so three self-contradictions, checked against the raw claims pair by pair."""
    dataset = json.loads(outcomes.Dataset.operation_h().to_json())
    claims = dataset["operations"][0]["claims"]
    original = next(c for c in claims if c["id"] == "rnz-countries")
    for n, value in enumerate([15, 20]):
        claims.append(dict(original, id=f"rnz-countries-{n}", quantity=value))
    found = outcomes.reconcile(outcomes.Dataset.from_json(json.dumps(dataset)))
    own = [c for c in found.conflicts if c.kind == "self_contradiction"]
    pairs = {(c.first.low, c.second.low) for c in own}
    assert pairs == {(13, 15), (13, 20), (15, 20)}
    assert all(c.first.source == c.second.source == "rnz-2022-03-02" for c in own)
