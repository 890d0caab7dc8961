"""Type stubs of the extension module that ``investigation_outcomes`` wraps."""

import os
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union, final

__all__ = [
    "OutcomesError",
    "ParseError",
    "InvalidValueError",
    "OutcomesIOError",
    "MergeError",
    "ProtectionError",
    "DeidentifyError",
    "Dataset",
    "Summary",
    "Publication",
    "summary",
    "validate_findings",
    "reconcile_json",
    "protect_table",
    "measure_risk",
    "deidentify",
    "__version__",
]

__version__: str

class OutcomesError(Exception):
    """Base class of every error the package raises."""

    #: Where it happened (``"data.jsonl: line 3, column 14"``, ``"cases.csv: row 2"``), or None.
    location: Optional[str]

class ParseError(OutcomesError):
    """A document, line or table is not valid for the format, or is too large to read."""

class InvalidValueError(OutcomesError):
    """A value breaks a rule of its type (jurisdiction, date, period, code, ...)."""

class OutcomesIOError(OutcomesError):
    """A file could not be read or written."""

class MergeError(OutcomesError):
    """Partial summaries that cannot be merged."""

class ProtectionError(OutcomesError):
    """A table that cannot be protected: nothing should be published."""

class DeidentifyError(OutcomesError):
    """De-identification refused."""

@final
class Dataset:
    """Operations of a dataset, held in memory."""

    @staticmethod
    def from_path(path: Union[str, os.PathLike[str]]) -> Dataset:
        """Reads JSON, or JSON Lines by the extension ``.jsonl`` or ``.ndjson``."""
    @staticmethod
    def from_json(text: str) -> Dataset:
        """Reads a dataset document."""
    @staticmethod
    def from_json_lines(text: str) -> Dataset:
        """Reads JSON Lines, one operation per line."""
    @staticmethod
    def operation_h() -> Dataset:
        """The bundled dataset of Operation H."""
    @staticmethod
    def cybertipline() -> Dataset:
        """The bundled CyberTipline reports by year."""
    def to_json(self) -> str: ...
    def to_json_lines(self) -> str: ...
    @property
    def operation_ids(self) -> List[str]: ...
    @property
    def cases(self) -> int: ...
    def __len__(self) -> int: ...
    def __eq__(self, value: object, /) -> bool: ...

@final
class Publication:
    """What a protected summary publishes: long rows with the audit; an Arrow stream."""

    def __arrow_c_stream__(self, requested_schema: Optional[object] = None) -> object: ...
    def to_arrow(self) -> Any:
        """A ``pyarrow.Table``."""
    def to_pandas(self) -> Any:
        """A pandas DataFrame."""
    def to_polars(self) -> Any:
        """A Polars DataFrame."""
    def to_csv(self) -> str:
        """Byte for byte what ``outcomes summary --format csv`` prints."""
    def to_json(self) -> str:
        """The rows and metadata, as ``outcomes summary --format json`` prints them."""
    @property
    def audit(self) -> str: ...
    @property
    def disclosure(self) -> str: ...
    @property
    def operations(self) -> int: ...
    @property
    def cases(self) -> int: ...
    def __len__(self) -> int: ...

_Path = Union[str, os.PathLike[str]]
_Source = Union[Dataset, _Path, Sequence[_Path]]
# One grouping as the tool's `--by` writes it, or several: a table by each, protected as one.
_By = Union[str, Sequence[str]]

@final
class Summary:
    """A summary not yet published; merges exactly and pickles."""

    @staticmethod
    def of(data: _Source, by: _By = "", rule: str = "heaviest", threads: Optional[int] = None) -> Summary: ...
    @staticmethod
    def of_lines(lines: Union[str, Sequence[str]], by: _By = "", rule: str = "heaviest") -> Summary: ...
    @staticmethod
    def empty(by: _By = "", rule: str = "heaviest") -> Summary: ...
    @staticmethod
    def merge_all(parts: Sequence[Summary], by: _By = "", rule: str = "heaviest") -> Summary: ...
    @staticmethod
    def from_json(text: str) -> Summary: ...
    def merge(self, other: Summary) -> None: ...
    def to_json(self) -> str: ...
    def publish(
        self,
        *,
        suppress_below: Optional[int] = None,
        min_people: Optional[int] = None,
        extremes: bool = False,
        round: Optional[str] = None,
        seed: int = 0,
    ) -> Publication: ...
    @property
    def operations(self) -> int: ...
    @property
    def cases(self) -> int: ...
    @property
    def by(self) -> Union[str, List[str]]: ...
    @property
    def rule(self) -> str: ...
    def __eq__(self, value: object, /) -> bool: ...

def summary(
    data: Union[_Source, Summary],
    *,
    by: Optional[_By] = None,
    rule: Optional[str] = None,
    suppress_below: Optional[int] = None,
    min_people: Optional[int] = None,
    extremes: bool = False,
    round: Optional[str] = None,
    seed: int = 0,
    threads: Optional[int] = None,
) -> Publication:
    """Summarises and publishes under disclosure control, as ``outcomes summary``."""

def validate_findings(data: _Source) -> List[Tuple[str, str, str, str]]: ...
def reconcile_json(data: _Source) -> Tuple[str, List[Tuple[int, int, int]]]: ...
def protect_table(
    rows: List[str],
    columns: List[str],
    counts: List[List[int]],
    *,
    suppress_below: int,
    protection_level: Optional[int] = None,
    suppress_zeros: bool = False,
    round: Optional[str] = None,
    seed: int = 0,
) -> Tuple[
    List[List[Optional[int]]],
    List[Optional[int]],
    List[Optional[int]],
    Optional[int],
    List[Tuple[int, int, int, Optional[int]]],
    int,
]: ...

_Risk = Tuple[int, int, Dict[int, int]]

def measure_risk(dataset: Dataset, quasi_identifiers: Optional[List[str]] = None) -> _Risk: ...
def deidentify(
    dataset: Dataset,
    key: bytes,
    *,
    k: int = 5,
    quasi_identifiers: Optional[List[str]] = None,
    max_suppressed: float = 5.0,
    dates: str = "month",
    age_bands: int = 5,
) -> Tuple[str, str, _Risk, _Risk, List[str], int, int, int, int, Tuple[int, int]]: ...
