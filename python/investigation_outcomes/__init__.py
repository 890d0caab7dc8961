"""Typed, checked and disclosure-controlled statistics of law-enforcement operations
against online child sexual exploitation, from the Rust crate ``investigation-outcomes``.

The package models outcome statistics and case metadata only: no abuse material,
nothing that identifies a child; defendants are pseudonymous identifiers.

>>> import investigation_outcomes as outcomes
>>> dataset = outcomes.Dataset.operation_h()
>>> published = outcomes.summary(dataset, suppress_below=5)
>>> published.to_pandas().columns.tolist()
['section', 'unit', 'by', 'group', 'measure', 'value', 'suppressed']
>>> outcomes.validate(dataset).is_valid
True

Summaries merge exactly and pickle, so workers (Dask, Spark) can summarise
partitions of whole operations and the parts be merged::

    parts = [outcomes.Summary.of_lines(lines, by="country") for lines in partitions]
    whole = outcomes.Summary.merge_all(parts, by="country")
    outcomes.summary(whole, suppress_below=5).to_csv()
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, fields
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

from ._native import (
    Dataset,
    DeidentifyError,
    InvalidValueError,
    MergeError,
    OutcomesError,
    OutcomesIOError,
    ParseError,
    ProtectionError,
    Publication,
    Summary,
    __version__,
    summary,
)
from . import _native

__all__ = [
    "Breakdown",
    "CaseCheck",
    "Claim",
    "Conflict",
    "Dataset",
    "Deidentified",
    "DeidentifyError",
    "Finding",
    "InvalidValueError",
    "MergeError",
    "OutcomesError",
    "OutcomesIOError",
    "ParseError",
    "ProtectedTable",
    "ProtectionError",
    "Publication",
    "RecordFigure",
    "Reconciliation",
    "Risk",
    "Summary",
    "Validation",
    "__version__",
    "deidentify",
    "measure_risk",
    "protect",
    "reconcile",
    "summary",
    "validate",
]


def _frame(records: List[Dict[str, Any]], columns: Sequence[str], library: str) -> Any:
    """A pandas (``library`` "pandas") or Polars DataFrame of flat records, with its
    columns in order even when empty."""
    if library == "pandas":
        import pandas  # type: ignore[import-untyped,unused-ignore]

        return pandas.DataFrame.from_records(records, columns=list(columns))
    import polars

    if not records:
        return polars.DataFrame({c: [] for c in columns})
    return polars.DataFrame(records, infer_schema_length=None).select(list(columns))


def _columns(kind: type) -> List[str]:
    """The columns of a dataclass's records: a nested claim's fields, prefixed."""
    columns: List[str] = []
    for f in fields(kind):
        if f.type in ("Claim", Claim):
            columns += [f"{f.name}_{g.name}" for g in fields(Claim)]
        else:
            columns.append(f.name)
    return columns


def _flat(item: Any) -> Dict[str, Any]:
    """A dataclass as one flat record: a nested claim's fields are prefixed."""
    record: Dict[str, Any] = {}
    for f in fields(item):
        value = getattr(item, f.name)
        if isinstance(value, Claim):
            for g in fields(value):
                record[f"{f.name}_{g.name}"] = getattr(value, g.name)
        elif isinstance(value, (list, tuple)) and value and isinstance(value[0], Claim):
            record[f.name] = "; ".join(c.id for c in value)
        else:
            record[f.name] = value
    return record


class _Frames:
    """`to_pandas()` and `to_polars()` for a list of dataclasses."""

    def _records(self) -> Tuple[List[Dict[str, Any]], Sequence[str]]:
        raise NotImplementedError

    def to_pandas(self) -> Any:
        """The items as a pandas DataFrame, one row each (needs pandas)."""
        return _frame(*self._records(), "pandas")

    def to_polars(self) -> Any:
        """The items as a Polars DataFrame, one row each (needs polars)."""
        return _frame(*self._records(), "polars")


# --- validation ------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """A validation finding: ``severity`` (``error`` or ``warning``), its stable
    ``code``, its ``location`` in the dataset (``operations[0].cases[3]``) and its
    ``message``."""

    severity: str
    code: str
    location: str
    message: str


@dataclass(frozen=True)
class Validation(_Frames):
    """Every finding of validating a dataset, in dataset order.

    >>> v = validate(Dataset.operation_h())
    >>> v.is_valid, len(v.errors)
    (True, 0)
    >>> list(v.to_pandas().columns)
    ['severity', 'code', 'location', 'message']
    """

    findings: List[Finding]

    @property
    def errors(self) -> List[Finding]:
        """The findings of severity ``error``."""
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> List[Finding]:
        """The findings of severity ``warning``."""
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def is_valid(self) -> bool:
        """No finding is an error (warnings allowed)."""
        return not self.errors

    def _records(self) -> Tuple[List[Dict[str, Any]], Sequence[str]]:
        return [_flat(f) for f in self.findings], _columns(Finding)


def validate(data: Union[Dataset, str, "os.PathLike[str]", Sequence[Union[str, "os.PathLike[str]"]]]) -> Validation:
    """Checks a dataset, or files read as one, against the format's rules: identifiers,
    references, dates in order, counts that add up, sources cited, small counts.
    A JSON Lines file is read a line at a time, never held whole. Never raises for
    what it finds (only for what it cannot read); the findings say what and where."""
    return Validation([Finding(*t) for t in _native.validate_findings(data)])


# --- reconciliation --------------------------------------------------------------


@dataclass(frozen=True)
class Claim:
    """A published figure with its citation: the claim's ``id``, its ``source`` and
    ``publisher``, the ``quote``, the date it stands for (``dated``), when the source
    was ``published``, the ``quantity`` as stated (``"about 90000"``, ``"hundreds"``)
    and the interval it allows (``low``, ``high``; ``high`` None: no upper bound)."""

    id: str
    source: str
    publisher: Optional[str]
    quote: str
    dated: Optional[str]
    published: Optional[str]
    period: Optional[str]
    quantity: str
    low: int
    high: Optional[int]

    @staticmethod
    def _of(raw: Dict[str, Any]) -> "Claim":
        interval = raw["interval"]
        return Claim(
            id=raw["claim"],
            source=raw["source"],
            publisher=raw.get("publisher"),
            quote=raw["quote"],
            dated=raw.get("dated"),
            published=raw.get("published"),
            period=raw.get("period"),
            quantity=str(raw["quantity"]),
            low=interval["low"],
            high=interval.get("high"),
        )


@dataclass(frozen=True)
class Conflict:
    """Two claims about the same figure (operation, metric, area, agency, period)
    that cannot both be right. ``kind``: ``disagreement``, ``decrease`` (a cumulative
    figure going down), ``revision`` (a publisher restating its own figure: the
    ``second`` stands) or ``self_contradiction`` (one source, one time)."""

    operation: str
    metric: str
    area: Optional[str]
    agency: Optional[str]
    period: Optional[str]
    kind: str
    first: Claim
    second: Claim


@dataclass(frozen=True)
class Breakdown:
    """Parts published for a total: ``status`` (``consistent``, ``parts_exceed_total``,
    …), the total and the parts, what the parts add up to (``parts_low``,
    ``parts_high``; both None if the sum overflows) and what they leave
    unattributed (``residual_low``, ``residual_high``; None for a contradiction)."""

    operation: str
    status: str
    total: Claim
    parts: List[Claim]
    parts_low: Optional[int]
    parts_high: Optional[int]
    residual_low: Optional[int]
    residual_high: Optional[int]


@dataclass(frozen=True)
class CaseCheck:
    """A published figure against what the dataset's case records give for it:
    ``status`` (``consistent``, ``below``, ``above``, …) and the records' figure as
    an interval (``from_cases_low``, ``from_cases_high``; None where unbounded)."""

    operation: str
    metric: str
    status: str
    claim: Claim
    from_cases_low: Optional[int]
    from_cases_high: Optional[int]


@dataclass(frozen=True)
class RecordFigure:
    """What the case records give for a metric, per operation and jurisdiction
    (``None``: the whole operation), in ``unit``; an interval where records are
    imprecise."""

    operation: str
    jurisdiction: Optional[str]
    metric: str
    unit: str
    low: Optional[int]
    high: Optional[int]


def _case_figure(raw: Any) -> Tuple[Optional[int], Optional[int]]:
    if isinstance(raw, dict) and "value" in raw:
        return raw["value"], raw["value"]
    if isinstance(raw, dict) and "indefinite" in raw:
        return raw["indefinite"]["at_least_months"], None
    if isinstance(raw, dict) and "between" in raw:
        between = raw["between"]
        return between.get("at_least"), between.get("at_most")
    return None, None


def _interval(raw: Optional[Dict[str, Any]]) -> Tuple[Optional[int], Optional[int]]:
    return (None, None) if raw is None else (raw.get("low"), raw.get("high"))


class _Listed(_Frames):
    def __init__(self, items: List[Any], kind: type) -> None:
        self._items = items
        self._kind = kind

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, index: int) -> Any:
        return self._items[index]

    def __repr__(self) -> str:
        return f"[{len(self._items)} {self._kind.__name__}]"

    def _records(self) -> Tuple[List[Dict[str, Any]], Sequence[str]]:
        return [_flat(item) for item in self._items], _columns(self._kind)


class Reconciliation:
    """A dataset's published figures reconciled with each other and with its case
    records. Each part is a list of objects with ``to_pandas()`` and ``to_polars()``
    (one row per item, citations flattened to ``first_source``, ``first_quote``, …).

    >>> r = reconcile(Dataset.operation_h())
    >>> [(c.metric, c.first.low, c.second.low) for c in r.conflicts][:1]
    [('arrests', 43, 46)]
    """

    def __init__(self, raw: Dict[str, Any], contradictions: List[Tuple[int, int, int]]) -> None:
        #: The reconciliation as ``outcomes reconcile --format json`` writes it.
        self.raw = raw
        conflicts: List[Conflict] = []
        contradicting: Dict[int, List[Tuple[int, int]]] = {}
        for g, lower, upper in contradictions:
            contradicting.setdefault(g, []).append((lower, upper))
        for g, group in enumerate(raw["groups"]):
            claims = [Claim._of(c) for c in group["claims"]]
            scope = group.get("scope", {})
            at = (
                group["operation"],
                group["metric"],
                scope.get("area"),
                scope.get("agency"),
                scope.get("period"),
            )
            for conflict in group["conflicts"]:
                conflicts.append(
                    Conflict(*at, conflict["kind"], claims[conflict["first"]], claims[conflict["second"]])
                )
            for lower, upper in contradicting.get(g, []):
                conflicts.append(Conflict(*at, "self_contradiction", claims[lower], claims[upper]))
        self.conflicts = _Listed(conflicts, Conflict)
        breakdowns = []
        for b in raw["breakdowns"]:
            parts_low, parts_high = _interval(b.get("parts_sum"))
            residual_low, residual_high = _interval(b.get("residual"))
            breakdowns.append(
                Breakdown(
                    b["operation"],
                    b["status"],
                    Claim._of(b["total"]),
                    [Claim._of(p) for p in b["parts"]],
                    parts_low,
                    parts_high,
                    residual_low,
                    residual_high,
                )
            )
        self.breakdowns = _Listed(breakdowns, Breakdown)
        self.case_checks = _Listed(
            [
                CaseCheck(c["operation"], c["metric"], c["status"], Claim._of(c["claim"]), *_case_figure(c["from_cases"]))
                for c in raw["case_checks"]
            ],
            CaseCheck,
        )
        self.record_figures = _Listed(
            [
                RecordFigure(f["operation"], f.get("jurisdiction"), f["metric"], f["unit"], *_case_figure(f["figure"]))
                for f in raw["record_figures"]
            ],
            RecordFigure,
        )

    def __repr__(self) -> str:
        return (
            f"Reconciliation({len(self.conflicts)} conflicts, {len(self.breakdowns)} breakdowns, "
            f"{len(self.case_checks)} case checks, {len(self.record_figures)} record figures)"
        )


def reconcile(data: Union[Dataset, str, "os.PathLike[str]", Sequence[Union[str, "os.PathLike[str]"]]]) -> Reconciliation:
    """Reconciles every published figure of a dataset, or files (JSON Lines read a
    line at a time): conflicts between sources, revisions, breakdowns against their
    totals, figures against the case records."""
    raw, contradictions = _native.reconcile_json(data)
    return Reconciliation(json.loads(raw), contradictions)


# --- protecting a table ----------------------------------------------------------


class ProtectedTable:
    """A two-way table of counts as it may be published: ``cells`` (None where
    withheld), ``row_totals``, ``column_totals`` and ``grand_total``, with the
    attacker's interval for every withheld cell (``intervals``: ``{(row, column):
    (low, high)}``, ``high`` None when unbounded), computed from everything
    published by exact linear programs."""

    def __init__(self, rows: List[str], columns: List[str], raw: Tuple[Any, ...]) -> None:
        cells, row_totals, column_totals, grand_total, intervals, withheld = raw
        self.rows: List[str] = rows
        self.columns: List[str] = columns
        self.cells: List[List[Optional[int]]] = cells
        self.row_totals: List[Optional[int]] = row_totals
        self.column_totals: List[Optional[int]] = column_totals
        self.grand_total: Optional[int] = grand_total
        self.intervals: Dict[Tuple[str, str], Tuple[int, Optional[int]]] = {
            (rows[r], columns[c]): (low, high) for r, c, low, high in intervals
        }
        #: How many cells and totals are withheld.
        self.withheld: int = withheld

    def to_pandas(self) -> Any:
        """The table with a ``total`` column and row, withheld cells as missing
        values (pandas' nullable integers)."""
        import pandas  # type: ignore[import-untyped,unused-ignore]

        data = [row + [total] for row, total in zip(self.cells, self.row_totals)]
        data.append(self.column_totals + [self.grand_total])
        frame = pandas.DataFrame(data, index=self.rows + ["total"], columns=self.columns + ["total"])
        return frame.astype("Int64")

    def __repr__(self) -> str:
        return f"ProtectedTable({len(self.rows)}×{len(self.columns)}, {self.withheld} withheld)"


def protect(
    table: Any,
    *,
    suppress_below: int,
    protection_level: Optional[int] = None,
    suppress_zeros: bool = False,
    round: Optional[str] = None,
    seed: int = 0,
    rows: Optional[Sequence[str]] = None,
    columns: Optional[Sequence[str]] = None,
) -> ProtectedTable:
    """Protects a table of counts with its totals: counts below ``suppress_below``
    withheld, and complements until no withheld count can be narrowed below
    ``protection_level`` (by default the threshold).

    ``table`` is a pandas DataFrame (its index and columns are the labels), a Polars
    DataFrame (its columns; rows numbered unless ``rows`` is given) or nested lists.

    >>> t = protect([[41, 2, 17], [63, 9, 25]], suppress_below=5, rows=["North", "South"],
    ...             columns=["convicted", "acquitted", "pending"])
    >>> t.cells[0][1] is None and t.intervals[("North", "acquitted")][1] - t.intervals[("North", "acquitted")][0] >= 5
    True
    """
    if hasattr(table, "to_numpy") and hasattr(table, "index") and hasattr(table, "columns"):
        row_labels = [str(r) for r in (rows if rows is not None else table.index)]
        column_labels = [str(c) for c in (columns if columns is not None else table.columns)]
        counts = [[int(v) for v in row] for row in table.to_numpy().tolist()]
    elif hasattr(table, "rows") and hasattr(table, "columns") and hasattr(table, "height"):
        column_labels = [str(c) for c in (columns if columns is not None else table.columns)]
        counts = [[int(v) for v in row] for row in table.rows()]
        row_labels = [str(r) for r in (rows if rows is not None else range(len(counts)))]
    else:
        counts = [[int(v) for v in row] for row in table]
        width = len(counts[0]) if counts else 0
        row_labels = [str(r) for r in (rows if rows is not None else range(len(counts)))]
        column_labels = [str(c) for c in (columns if columns is not None else range(width))]
    raw = _native.protect_table(
        row_labels,
        column_labels,
        counts,
        suppress_below=suppress_below,
        protection_level=protection_level,
        suppress_zeros=suppress_zeros,
        round=round,
        seed=seed,
    )
    return ProtectedTable(row_labels, column_labels, raw)


# --- de-identification -----------------------------------------------------------


@dataclass(frozen=True)
class Risk:
    """Re-identification risk over the declared quasi-identifiers: how many
    ``records``, how many are ``unique``, and ``by_k``: how many records are in
    classes of each size."""

    records: int
    unique: int
    by_k: Dict[int, int]

    @property
    def min_k(self) -> Optional[int]:
        """The smallest class; None without records."""
        return min(self.by_k) if self.by_k else None


@dataclass(frozen=True)
class Deidentified:
    """A k-anonymous research file and what it took.

    ``rows`` holds a dict a case (``operation``, ``case`` and ``defendant``
    pseudonyms, ``jurisdiction``, ``age_band``, the five event dates,
    ``offence_kinds``, ``charges`` and ``convicted`` as bands such as ``"3"`` or
    ``"5+"``, ``custody``, ``custodial_months`` as a band such as ``"24-35"``; a
    suppressed or absent value is ``None``); ``csv`` is the file as ``outcomes
    deidentify`` writes it. Then the risk ``before`` and ``after``, the
    ``generalised`` steps, how many rows had their dates, age bands and custodial
    terms suppressed, how many were ``withheld``, and ``values_suppressed`` of all
    ``values`` (rows times quasi-identifiers; a withheld row's every value
    counting)."""

    rows: List[Dict[str, Any]]
    csv: str
    before: Risk
    after: Risk
    generalised: List[str]
    dates_suppressed: int
    age_bands_suppressed: int
    custodial_terms_suppressed: int
    withheld: int
    values_suppressed: int
    values: int


def measure_risk(dataset: Dataset, quasi_identifiers: Optional[Sequence[str]] = None) -> Risk:
    """The re-identification risk of a dataset's cases, as research rows before any
    coarsening, over the quasi-identifiers (by default all: ``jurisdiction``, ``dates``, ``age_band``,
    ``offence_kinds``, ``charges``, ``sentence_length``)."""
    qi = None if quasi_identifiers is None else list(quasi_identifiers)
    return Risk(*_native.measure_risk(dataset, qi))


def deidentify(
    dataset: Dataset,
    key: Union[bytes, bytearray],
    *,
    k: int = 5,
    quasi_identifiers: Optional[Sequence[str]] = None,
    max_suppressed: float = 5.0,
    dates: str = "month",
    age_bands: int = 5,
) -> Deidentified:
    """A research file, as ``outcomes deidentify`` makes it: keyed pseudonyms
    (HMAC-SHA-256 with ``key``, at least 16 bytes; keep it secret), dates to the
    ``month`` or ``year``, age bands of ``age_bands`` years, a row a case; then every
    row one of at least ``k`` on the quasi-identifiers (generalising, then
    suppressing values, withholding rows still rare), refusing
    (``DeidentifyError``) when more than ``max_suppressed`` percent of the
    quasi-identifier values would be suppressed, a withheld row's every value
    counting."""
    qi = None if quasi_identifiers is None else list(quasi_identifiers)
    rows, csv, before, after, generalised, dates, ages, terms, withheld, values = _native.deidentify(
        dataset,
        bytes(key),
        k=k,
        quasi_identifiers=qi,
        max_suppressed=max_suppressed,
        dates=dates,
        age_bands=age_bands,
    )
    return Deidentified(
        json.loads(rows), csv, Risk(*before), Risk(*after), generalised, dates, ages, terms, withheld, *values
    )
