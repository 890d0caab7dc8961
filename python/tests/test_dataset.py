"""Reading datasets, writing them back, pickling, and errors that say where."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

import investigation_outcomes as outcomes


def test_bundled_datasets_read_and_round_trip_through_json_and_json_lines() -> None:
    for dataset in (outcomes.Dataset.operation_h(), outcomes.Dataset.cybertipline()):
        assert len(dataset) >= 1
        assert outcomes.Dataset.from_json(dataset.to_json()) == dataset
        assert outcomes.Dataset.from_json_lines(dataset.to_json_lines()) == dataset
    h = outcomes.Dataset.operation_h()
    assert h.operation_ids == ["operation-h"]
    assert h.cases == 2
    assert repr(h) == "Dataset(1 operations, 2 cases)"


def test_a_path_reads_json_and_json_lines_alike(operation_h_path: Path, generated: Path, tmp_path: Path) -> None:
    assert outcomes.Dataset.from_path(operation_h_path) == outcomes.Dataset.operation_h()
    assert outcomes.Dataset.from_path(str(operation_h_path)) == outcomes.Dataset.operation_h()
    lines = outcomes.Dataset.from_path(generated)
    assert len(lines) == 12 and lines.cases == 3000
    as_document = tmp_path / "generated.json"
    as_document.write_text(lines.to_json())
    assert outcomes.Dataset.from_path(as_document) == lines


def test_a_dataset_pickles() -> None:
    dataset = outcomes.Dataset.cybertipline()
    assert pickle.loads(pickle.dumps(dataset)) == dataset


def test_bad_json_raises_a_parse_error_with_its_place() -> None:
    with pytest.raises(outcomes.ParseError) as caught:
        outcomes.Dataset.from_json('{"schema_version": 1,\n "operations": [{]}')
    assert caught.value.location == "line 2, column 18"
    assert "line 2, column 18" in str(caught.value)
    assert isinstance(caught.value, outcomes.OutcomesError)


def test_a_bad_value_names_the_line_of_json_lines() -> None:
    operation = json.loads(outcomes.Dataset.operation_h().to_json_lines())
    good = json.dumps(operation)
    bad = good.replace('"NZ"', '"XX"', 1)
    assert bad != good
    with pytest.raises(outcomes.ParseError) as caught:
        outcomes.Dataset.from_json_lines(good + "\n" + bad + "\n")
    assert caught.value.location is not None and caught.value.location.startswith("line 2")
    assert "XX" in str(caught.value)


def test_a_missing_file_raises_an_io_error_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "missing.json"
    with pytest.raises(outcomes.OutcomesIOError) as caught:
        outcomes.Dataset.from_path(missing)
    assert str(missing) in str(caught.value)
    assert caught.value.location == str(missing)


@pytest.mark.parametrize(
    "text",
    ["", "null", "[]", "{", "\x00\xff", '{"schema_version": 99, "operations": []}', "[" * 100_000],
)
def test_hostile_documents_raise_a_python_exception_never_crash(text: str) -> None:
    with pytest.raises(outcomes.OutcomesError):
        outcomes.Dataset.from_json(text)


def test_an_unsupported_schema_version_says_so() -> None:
    with pytest.raises(outcomes.ParseError, match="schema_version 99 is not supported"):
        outcomes.Dataset.from_json('{"schema_version": 99, "operations": []}')


def test_errors_form_one_hierarchy() -> None:
    kinds = [
        outcomes.ParseError,
        outcomes.InvalidValueError,
        outcomes.OutcomesIOError,
        outcomes.MergeError,
        outcomes.ProtectionError,
        outcomes.DeidentifyError,
    ]
    for kind in kinds:
        assert issubclass(kind, outcomes.OutcomesError)
    assert outcomes.OutcomesError.location is None


def test_random_bytes_never_crash_the_interpreter(generated: Path) -> None:
    """Mangled documents, lines and partial summaries raise an OutcomesError (or a
    ValueError for text that is not UTF-8), and nothing else."""
    import random

    generator = random.Random(11)
    line = generated.read_text().splitlines()[0]
    partial = outcomes.Summary.of_lines([line], by="country").to_json()
    for text in (line, partial, outcomes.Dataset.operation_h().to_json()):
        for _ in range(60):
            chars = list(text)
            for _ in range(generator.randint(1, 8)):
                at = generator.randrange(len(chars))
                chars[at] = generator.choice(['"', "{", "]", ",", "0", "-1", "é", "\\", "9" * 30, ""])
            mangled = "".join(chars)
            for read in (
                outcomes.Dataset.from_json,
                outcomes.Dataset.from_json_lines,
                outcomes.Summary.from_json,
                lambda t: outcomes.Summary.of_lines([t], by="country"),
            ):
                try:
                    read(mangled)
                except outcomes.OutcomesError:
                    pass
