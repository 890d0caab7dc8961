"""Summaries: the same bytes as the tool, Arrow without copies, exact merges, pickling."""

from __future__ import annotations

import pickle
from pathlib import Path

import pyarrow as pa
import pytest

import investigation_outcomes as outcomes

OPTIONS = [
    ({}, []),
    ({"by": "country"}, ["--by", "country"]),
    ({"by": "country", "suppress_below": 5}, ["--by", "country", "--suppress-below", "5"]),
    ({"by": "offence", "suppress_below": 3, "round": "rr3", "seed": 4}, ["--by", "offence", "--suppress-below", "3", "--round", "rr3", "--seed", "4"]),
    ({"by": "year", "min_people": 20, "extremes": True}, ["--by", "year", "--min-people", "20", "--extremes"]),
    ({"by": "country", "rule": "first", "suppress_below": 10}, ["--by", "country", "--rule", "first", "--suppress-below", "10"]),
    ({"by": ["country", "offence"], "suppress_below": 5}, ["--by", "country", "--by", "offence", "--suppress-below", "5"]),
]


@pytest.mark.parametrize("options,flags", OPTIONS)
def test_the_csv_is_byte_for_byte_the_tools(generated: Path, run_tool, options, flags) -> None:
    expected = run_tool("summary", "--format", "csv", *flags, str(generated))
    from_path = outcomes.summary(generated, **options)
    assert from_path.to_csv() == expected
    dataset = outcomes.Dataset.from_path(generated)
    assert outcomes.summary(dataset, **options).to_csv() == expected


def test_the_json_has_the_tools_rows_and_audit(generated: Path, run_tool) -> None:
    import json

    expected = json.loads(run_tool("summary", "--format", "json", "--by", "country", "--suppress-below", "5", str(generated)))
    published = json.loads(outcomes.summary(generated, by="country", suppress_below=5).to_json())
    assert published == expected


def test_the_rows_are_an_arrow_stream_with_the_csv_columns(generated: Path) -> None:
    published = outcomes.summary(generated, by="country", suppress_below=5)
    table = pa.table(published)
    assert table.schema.names == ["section", "unit", "by", "group", "measure", "value", "suppressed"]
    assert table.schema.field("value").type == pa.float64()
    assert table.num_rows == len(published)
    assert published.to_arrow().equals(table)
    withheld = table.filter(table["suppressed"])
    assert withheld.num_rows > 0 and withheld["value"].null_count == withheld.num_rows
    # Every published value is the CSV's.
    lines = published.to_csv().splitlines()[1:]
    values = [line.rsplit(",", 2)[1] for line in lines]
    for value, text in zip(table["value"].to_pylist(), values):
        assert (value is None and text == "") or float(text) == value


def test_pandas_and_polars_hold_the_same_rows(generated: Path) -> None:
    published = outcomes.summary(generated, by="offence", suppress_below=5)
    frame = published.to_pandas()
    polars_frame = published.to_polars()
    assert frame.shape == polars_frame.shape == (len(published), 7)
    assert frame["value"].isna().sum() == polars_frame["value"].null_count()
    assert list(frame["group"]) == polars_frame["group"].to_list()


def test_the_audit_is_stated(generated: Path) -> None:
    assert outcomes.summary(generated).audit == "audit: nothing withheld"
    protected = outcomes.summary(generated, by="country", suppress_below=5)
    assert protected.audit.startswith("audit: ") and "none can be derived" in protected.audit
    assert protected.disclosure.startswith("counts below 5 withheld")
    assert (protected.operations, protected.cases) == (12, 3000)


def test_any_number_of_threads_gives_the_same_summary(generated: Path) -> None:
    one = outcomes.Summary.of(generated, by="country", threads=1)
    for threads in (2, 3, 8):
        assert outcomes.Summary.of(generated, by="country", threads=threads) == one
    assert outcomes.Summary.of(outcomes.Dataset.from_path(generated), by="country", threads=5) == one


def test_parts_merge_into_the_whole_and_survive_pickling(generated: Path) -> None:
    lines = generated.read_text().splitlines()
    whole = outcomes.Summary.of_lines(lines, by="country,offence")
    parts = [outcomes.Summary.of_lines(lines[i::3], by="country,offence") for i in range(3)]
    shipped = [pickle.loads(pickle.dumps(p)) for p in parts]
    assert shipped == parts
    assert outcomes.Summary.merge_all(shipped, by="country,offence") == whole
    merged = outcomes.Summary.empty(by="country,offence")
    for part in reversed(shipped):
        merged.merge(part)
    assert merged == whole
    assert outcomes.Summary.from_json(whole.to_json()) == whole
    assert whole == outcomes.Summary.of(generated, by="country,offence")
    assert (whole.by, whole.rule, whole.cases) == ("country,offence", "heaviest_sentence", 3000)


def test_a_partial_summary_is_the_tools(generated: Path, run_tool) -> None:
    partial = run_tool("summary", "--partial", "--by", "country", str(generated))
    assert outcomes.Summary.from_json(partial) == outcomes.Summary.of(generated, by="country")


def test_summaries_of_different_groupings_do_not_merge(generated: Path) -> None:
    by_country = outcomes.Summary.of(generated, by="country")
    with pytest.raises(outcomes.MergeError):
        by_country.merge(outcomes.Summary.of(generated, by="offence"))


def test_bad_options_raise_clear_exceptions(generated: Path, tmp_path: Path) -> None:
    with pytest.raises(outcomes.InvalidValueError, match="county"):
        outcomes.summary(generated, by="county")
    with pytest.raises(ValueError, match="rule"):
        outcomes.summary(generated, rule="lightest")
    with pytest.raises(ValueError, match="rounding"):
        outcomes.summary(generated, round="rr5")
    with pytest.raises(TypeError):
        outcomes.summary(42)  # type: ignore[arg-type]
    broken = tmp_path / "broken.jsonl"
    text = generated.read_text().splitlines()
    broken.write_text("\n".join(text[:5] + ["{not json"] + text[5:]) + "\n")
    with pytest.raises(outcomes.ParseError) as caught:
        outcomes.summary(broken, threads=3)
    assert caught.value.location is not None and "line 6" in caught.value.location
    with pytest.raises(outcomes.ParseError):
        outcomes.Summary.from_json('{"partial_summary_version": 99}')


def test_publishing_a_summary_refuses_options_that_would_change_it(generated: Path) -> None:
    by_country = outcomes.Summary.of(generated, by="country", rule="first")
    assert outcomes.summary(by_country, by="country", suppress_below=5).to_csv() == by_country.publish(suppress_below=5).to_csv()
    with pytest.raises(ValueError, match="grouped by \"country\", not \"offence\""):
        outcomes.summary(by_country, by="offence")
    with pytest.raises(ValueError, match="first_listed"):
        outcomes.summary(by_country, rule="heaviest_sentence")
    # One group, asked for explicitly, is not the summary's grouping either.
    with pytest.raises(ValueError, match="not \"\""):
        outcomes.summary(by_country, by="")
    with pytest.raises(ValueError, match="first_listed"):
        outcomes.summary(by_country, rule="heaviest")


def test_several_files_are_one_dataset_as_for_the_tool(generated: Path, operation_h_path: Path, run_tool, tmp_path: Path) -> None:
    lines = generated.read_text().splitlines(keepends=True)
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    first.write_text("".join(lines[:5]))
    second.write_text("".join(lines[5:]))
    files = [first, str(second), operation_h_path]
    expected = run_tool("summary", "--format", "csv", "--by", "country", "--suppress-below", "5", *map(str, files))
    assert outcomes.summary(files, by="country", suppress_below=5).to_csv() == expected
    assert outcomes.Summary.of(files, by="country", threads=3).cases == 3002
    assert outcomes.validate(files) == outcomes.validate([generated, operation_h_path])
    assert len(outcomes.reconcile(files).conflicts) == len(outcomes.reconcile(operation_h_path).conflicts)
    with pytest.raises(outcomes.OutcomesIOError):
        outcomes.summary([first, tmp_path / "missing.jsonl"])


def test_several_groupings_are_one_summary_that_merges_pickles_and_publishes_as_the_tool(generated: Path, run_tool, tmp_path: Path) -> None:
    by = ["country", "offence"]
    whole = outcomes.Summary.of(generated, by=by)
    assert whole.by == by
    assert "by=['country', 'offence']" in repr(whole)
    # Parts of whole operations merge to the whole, and pickle as partial summaries.
    lines = generated.read_text().splitlines()
    parts = [outcomes.Summary.of_lines(lines[i::3], by=by) for i in range(3)]
    merged = outcomes.Summary.merge_all([pickle.loads(pickle.dumps(p)) for p in parts], by=by)
    assert merged == whole
    partial = tmp_path / "whole.json"
    partial.write_text(whole.to_json())
    expected = run_tool("merge", "--format", "csv", "--suppress-below", "5", str(partial))
    assert whole.publish(suppress_below=5).to_csv() == expected
    assert outcomes.summary(whole, by=by, suppress_below=5).to_csv() == expected
    # Both groupings' tables, told apart by the `by` column.
    table = whole.publish(suppress_below=5).to_arrow()
    assert set(table.column("by").to_pylist()) >= {"country", "offence"}
    with pytest.raises(ValueError, match="grouped by"):
        outcomes.summary(whole, by="country")
    with pytest.raises(outcomes.MergeError):
        outcomes.Summary.merge_all(parts, by="country")
