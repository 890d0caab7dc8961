//! `Summary` (a partial summary that pickles and merges) and `Publication` (what a
//! protected summary publishes), and summarising on the crate's threads.

use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, mpsc};

use investigation_outcomes::aggregate::{
    FirstListed, GroupBy, HeaviestSentence, Mergeable, PrincipalOffenceRule, RunSummary,
    RunSummaryBuilder, SummaryMerger,
};
use investigation_outcomes::disclosure::{Protection, Rounding};
use investigation_outcomes::report::{Row, RunMetadata, StatisticsRule, SummaryReport, csv};
use investigation_outcomes::{Dataset as RustDataset, Error, LineChunk, Operation, OperationLines};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyTuple};

use crate::arrow;
use crate::dataset::{Dataset, is_json_lines};
use crate::errors::{ToPyResult, to_py};

/// About how many bytes of JSON Lines a thread parses at a time, as the tool does.
const CHUNK_BYTES: usize = 256 << 10;

/// A principal-offence rule by its name: `heaviest` or `first`.
fn rule(name: &str) -> PyResult<&'static (dyn PrincipalOffenceRule + Sync)> {
    static HEAVIEST: std::sync::OnceLock<HeaviestSentence> = std::sync::OnceLock::new();
    match name {
        "heaviest" | "heaviest_sentence" => Ok(HEAVIEST.get_or_init(HeaviestSentence::default)),
        "first" | "first_listed" => Ok(&FirstListed),
        other => Err(PyValueError::new_err(format!(
            "unknown rule {other:?}: expected \"heaviest\" or \"first\""
        ))),
    }
}

/// A rounding by its name: none, `rr3` or `grr`.
pub fn rounding(name: Option<&str>) -> PyResult<Rounding> {
    match name {
        None => Ok(Rounding::None),
        Some("rr3") => Ok(Rounding::Rr3),
        Some("grr") => Ok(Rounding::Graduated),
        Some(other) => Err(PyValueError::new_err(format!(
            "unknown rounding {other:?}: expected \"rr3\" or \"grr\""
        ))),
    }
}

fn group_by(text: &str) -> PyResult<GroupBy> {
    text.parse::<GroupBy>().py_err()
}

/// A grouping as the tool's `--by` writes it, or several: a table by each, protected
/// as one problem.
#[derive(FromPyObject)]
pub enum By {
    /// One grouping.
    One(String),
    /// Several.
    Several(Vec<String>),
}

impl By {
    fn groupings(&self) -> PyResult<Vec<GroupBy>> {
        match self {
            By::One(text) => Ok(vec![group_by(text)?]),
            By::Several(texts) => texts.iter().map(|t| group_by(t)).collect(),
        }
    }
}

impl Default for By {
    fn default() -> Self {
        By::One(String::new())
    }
}

/// Texts as a Python list shows them.
fn python_list(texts: &[String]) -> String {
    let quoted: Vec<String> = texts.iter().map(|t| format!("'{t}'")).collect();
    format!("[{}]", quoted.join(", "))
}

/// A summary's grouping as `by` takes it: one text, or a list.
fn describe(run: &RunSummary) -> String {
    let texts: Vec<String> = run.groupings().iter().map(ToString::to_string).collect();
    match (run, texts.as_slice()) {
        (RunSummary::One(_), [one]) => format!("{one:?}"),
        _ => python_list(&texts),
    }
}

/// The summary of nothing by `by` under `rule`.
fn empty_run(by: &[GroupBy], rule: &dyn PrincipalOffenceRule) -> RunSummary {
    RunSummaryBuilder::new(by, rule).finish()
}

/// The parts merged (the summary of nothing when there are none), checked to be made
/// by `by` under `rule`.
fn merge_all(
    parts: impl IntoIterator<Item = RunSummary>,
    by: &[GroupBy],
    rule: &dyn PrincipalOffenceRule,
) -> Result<RunSummary, Error> {
    let mut merger = SummaryMerger::default();
    for part in parts {
        merger.push(part)?;
    }
    let empty = empty_run(by, rule);
    match merger.finish()? {
        Some(merged) => {
            empty.check_compatible(&merged)?;
            Ok(merged)
        }
        None => Ok(empty),
    }
}

fn threads(requested: Option<usize>) -> usize {
    requested
        .and_then(NonZeroUsize::new)
        .unwrap_or_else(|| std::thread::available_parallelism().unwrap_or(NonZeroUsize::MIN))
        .get()
}

/// Summarises operations on `threads` threads, each into a builder of its own, and
/// merges the threads' summaries: merging is exact, associative and commutative, so
/// the result does not depend on which thread took which operations.
fn summarise_operations(
    operations: &[Operation],
    by: &[GroupBy],
    rule: &(dyn PrincipalOffenceRule + Sync),
    threads: usize,
) -> Result<RunSummary, Error> {
    let per_thread = operations.len().div_ceil(threads.max(1)).max(1);
    let parts = std::thread::scope(|scope| {
        let workers: Vec<_> = operations
            .chunks(per_thread)
            .map(|share| {
                scope.spawn(move || {
                    let mut builder = RunSummaryBuilder::new(by, rule);
                    share.iter().for_each(|o| builder.add_operation(o));
                    builder.finish()
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().map_err(|_| stopped()))
            .collect::<Result<Vec<_>, _>>()
    })?;
    merge_all(parts, by, rule)
}

fn stopped() -> Error {
    Error::Io {
        path: None,
        error: std::io::Error::other("a worker thread stopped"),
    }
}

/// Summarises a file: JSON Lines is read in chunks that `threads` threads parse and
/// summarise, and is never held whole; a dataset document is read whole. Of several
/// errors, the one earliest in the file is given.
fn summarise_path(
    path: &Path,
    by: &[GroupBy],
    rule: &(dyn PrincipalOffenceRule + Sync),
    threads: usize,
) -> Result<RunSummary, Error> {
    if !is_json_lines(path) {
        let dataset = RustDataset::from_path(path)?;
        return summarise_operations(&dataset.operations, by, rule, threads);
    }
    let mut lines = OperationLines::from_path(path)?;
    let (sender, chunks) = mpsc::sync_channel::<LineChunk>(threads * 2);
    let chunks = Mutex::new(chunks);
    let (parts, read_error) = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                let chunks = &chunks;
                scope.spawn(move || {
                    let mut builder = RunSummaryBuilder::new(by, rule);
                    loop {
                        let next = match chunks.lock() {
                            Ok(receiver) => receiver.recv(),
                            Err(_) => return Err((0, stopped())),
                        };
                        let Ok(chunk) = next else { break };
                        for operation in chunk.operations() {
                            match operation {
                                Ok(operation) => builder.add_operation(&operation),
                                Err(e) => return Err((chunk.first_line(), e)),
                            }
                        }
                    }
                    Ok(builder.finish())
                })
            })
            .collect();
        let mut read_error = None;
        while let Some(chunk) = lines.next_chunk(CHUNK_BYTES) {
            match chunk {
                Ok(chunk) => {
                    if sender.send(chunk).is_err() {
                        break;
                    }
                }
                Err(e) => {
                    read_error = Some(e);
                    break;
                }
            }
        }
        drop(sender);
        let parts: Vec<_> = workers
            .into_iter()
            .map(|w| w.join().unwrap_or_else(|_| Err((0, stopped()))))
            .collect();
        (parts, read_error)
    });
    let mut summaries = Vec::with_capacity(parts.len());
    let mut first_error: Option<(usize, Error)> = None;
    for part in parts {
        match part {
            Ok(summary) => summaries.push(summary),
            Err((line, e)) => {
                if first_error.as_ref().is_none_or(|(l, _)| line < *l) {
                    first_error = Some((line, e));
                }
            }
        }
    }
    if let Some((_, e)) = first_error {
        return Err(e);
    }
    if let Some(e) = read_error {
        return Err(e);
    }
    merge_all(summaries, by, rule)
}

/// What `summary` and `Summary.of` take: a dataset, or a file to read.
#[derive(FromPyObject)]
pub enum Source<'py> {
    /// A dataset in memory.
    Dataset(PyRef<'py, Dataset>),
    /// A file: JSON, or JSON Lines by its extension.
    Path(PathBuf),
    /// Files, read in turn as one dataset, as the tool reads several inputs.
    Paths(Vec<PathBuf>),
}

impl Source<'_> {
    /// The files to read, in order; none for a dataset in memory.
    pub fn paths(&self) -> &[PathBuf] {
        match self {
            Source::Dataset(_) => &[],
            Source::Path(path) => std::slice::from_ref(path),
            Source::Paths(paths) => paths,
        }
    }
}

/// A summary not yet published: counts, funnel, sentences and time to outcome, with
/// every record's inner cell.
///
/// Summaries merge exactly, so a dataset can be summarised in parts (by partition,
/// worker or machine) and the parts merged; they pickle as the versioned
/// partial-summary JSON that `outcomes merge` reads.
#[pyclass(module = "investigation_outcomes")]
pub struct Summary {
    pub inner: RunSummary,
}

#[pymethods]
impl Summary {
    /// Summarises a dataset or a file (JSON, or JSON Lines by its extension, read in
    /// chunks on `threads` threads), grouped `by` the tool's `--by` text, or by each
    /// of a list of them (a table by each, protected as one problem).
    #[staticmethod]
    #[pyo3(
        signature = (data, by = By::default(), rule = "heaviest", threads = None),
        text_signature = "(data, by='', rule='heaviest', threads=None)"
    )]
    fn of(
        py: Python<'_>,
        data: Source<'_>,
        by: By,
        rule: &str,
        threads: Option<usize>,
    ) -> PyResult<Self> {
        let (by, rule, threads) = (by.groupings()?, self::rule(rule)?, self::threads(threads));
        let by = by.as_slice();
        let inner = match data {
            Source::Dataset(dataset) => {
                let dataset = &dataset.inner;
                py.detach(|| summarise_operations(&dataset.operations, by, rule, threads))
            }
            files => {
                let paths = files.paths().to_vec();
                py.detach(|| {
                    let parts = paths
                        .iter()
                        .map(|path| summarise_path(path, by, rule, threads))
                        .collect::<Result<Vec<_>, Error>>()?;
                    merge_all(parts, by, rule)
                })
            }
        }
        .map_err(to_py)?;
        Ok(Self { inner })
    }

    /// Summarises JSON Lines given as text or as a list of lines: a partition of a
    /// `dask.bag` or a Spark partition.
    #[staticmethod]
    #[pyo3(
        signature = (lines, by = By::default(), rule = "heaviest"),
        text_signature = "(lines, by='', rule='heaviest')"
    )]
    fn of_lines(py: Python<'_>, lines: Lines, by: By, rule: &str) -> PyResult<Self> {
        let (by, rule) = (by.groupings()?, self::rule(rule)?);
        let text = match lines {
            Lines::Text(text) => text,
            // Lines as `dask.bag.read_text` gives them end with their line break.
            Lines::List(lines) => lines
                .iter()
                .map(|l| l.trim_end_matches(['\n', '\r']))
                .collect::<Vec<_>>()
                .join("\n"),
        };
        let inner = py
            .detach(|| -> Result<RunSummary, Error> {
                let mut builder = RunSummaryBuilder::new(&by, rule);
                for operation in OperationLines::new(text.as_bytes()) {
                    builder.add_operation(&operation?);
                }
                Ok(builder.finish())
            })
            .map_err(to_py)?;
        Ok(Self { inner })
    }

    /// A summary of nothing, to merge parts into.
    #[staticmethod]
    #[pyo3(
        signature = (by = By::default(), rule = "heaviest"),
        text_signature = "(by='', rule='heaviest')"
    )]
    fn empty(by: By, rule: &str) -> PyResult<Self> {
        Ok(Self {
            inner: empty_run(&by.groupings()?, self::rule(rule)?),
        })
    }

    /// Adds `other` to this summary, in place: the result is exactly the summary of
    /// both parts' operations. Raises `MergeError` for different groupings or rules.
    fn merge(&mut self, py: Python<'_>, other: PyRef<'_, Summary>) -> PyResult<()> {
        let other = &other.inner;
        let inner = &mut self.inner;
        py.detach(|| inner.merge(other)).py_err()
    }

    /// Merges parts into one summary (an empty one when there are none).
    #[staticmethod]
    #[pyo3(
        signature = (parts, by = By::default(), rule = "heaviest"),
        text_signature = "(parts, by='', rule='heaviest')"
    )]
    fn merge_all(
        py: Python<'_>,
        parts: Vec<PyRef<'_, Summary>>,
        by: By,
        rule: &str,
    ) -> PyResult<Self> {
        let (by, rule) = (by.groupings()?, self::rule(rule)?);
        let parts: Vec<RunSummary> = parts.iter().map(|p| p.inner.clone()).collect();
        let inner = py.detach(|| merge_all(parts, &by, rule)).map_err(to_py)?;
        Ok(Self { inner })
    }

    /// The summary as versioned partial-summary JSON (what `outcomes merge` reads).
    fn to_json(&self) -> String {
        self.inner.to_partial_json()
    }

    /// Reads a partial summary written by `to_json` or `outcomes summary --partial`.
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &str) -> PyResult<Self> {
        let inner = py.detach(|| RunSummary::from_partial_json(text)).py_err()?;
        Ok(Self { inner })
    }

    /// Protects and publishes the summary, as `outcomes summary` does.
    #[pyo3(signature = (*, suppress_below = None, min_people = None, extremes = false, round = None, seed = 0))]
    fn publish(
        &self,
        py: Python<'_>,
        suppress_below: Option<u64>,
        min_people: Option<u64>,
        extremes: bool,
        round: Option<&str>,
        seed: u64,
    ) -> PyResult<Publication> {
        let options = PublishOptions {
            suppress_below,
            min_people,
            extremes,
            round,
            seed,
        };
        publish(py, &self.inner, &options)
    }

    /// How many operations went into it.
    #[getter]
    fn operations(&self) -> u64 {
        self.inner.first().operations()
    }

    /// How many case records went into it.
    #[getter]
    fn cases(&self) -> u64 {
        self.inner.first().cases()
    }

    /// The grouping, as the tool's `--by` writes it; for a summary of several
    /// groupings, the list of them, as it was made.
    #[getter]
    fn by<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let texts: Vec<String> = self
            .inner
            .groupings()
            .iter()
            .map(ToString::to_string)
            .collect();
        match (&self.inner, texts.as_slice()) {
            (RunSummary::One(_), [one]) => Ok(one.into_pyobject(py)?.into_any()),
            _ => Ok(texts.into_pyobject(py)?.into_any()),
        }
    }

    /// The principal-offence rule's name.
    #[getter]
    fn rule(&self) -> String {
        self.inner.first().counts().rule().to_owned()
    }

    fn __eq__(&self, other: &Self) -> bool {
        self.inner == other.inner
    }

    fn __repr__(&self) -> String {
        let by = describe(&self.inner);
        format!(
            "Summary({} operations, {} cases, by={by})",
            self.operations(),
            self.cases(),
        )
    }

    /// Pickles as the partial-summary JSON.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let from_json = py.get_type::<Summary>().getattr("from_json")?;
        let json = slf.borrow().inner.to_partial_json();
        PyTuple::new(
            py,
            [from_json.into_any(), PyTuple::new(py, [json])?.into_any()],
        )
    }
}

/// JSON Lines as one text or as lines.
#[derive(FromPyObject)]
pub enum Lines {
    /// One text.
    Text(String),
    /// A list of lines.
    List(Vec<String>),
}

/// The options of publishing, as `outcomes summary` takes them.
struct PublishOptions<'a> {
    suppress_below: Option<u64>,
    min_people: Option<u64>,
    extremes: bool,
    round: Option<&'a str>,
    seed: u64,
}

fn publish(
    py: Python<'_>,
    summary: &RunSummary,
    options: &PublishOptions<'_>,
) -> PyResult<Publication> {
    let PublishOptions {
        suppress_below,
        min_people,
        extremes,
        round,
        seed,
    } = *options;
    let rounding = rounding(round)?;
    let protection = Protection {
        suppress_below,
        rounding,
        seed,
        ..Protection::default()
    };
    let statistics = StatisticsRule {
        min_people,
        extremes,
    };
    let report = py
        .detach(|| SummaryReport::of_run(summary, &protection, &statistics))
        .py_err()?;
    Ok(Publication {
        metadata: RunMetadata::new(summary.first(), &protection, &report),
        rows: report.rows,
    })
}

/// Summarises a dataset or a file and publishes it under disclosure control, as
/// `outcomes summary` does.
///
/// `by` and `rule` default to one group and the heaviest sentence; a `Summary` is
/// already grouped and counted, and one that differs from them is refused rather
/// than ignored.
#[pyfunction]
#[pyo3(signature = (data, *, by = None, rule = None, suppress_below = None, min_people = None, extremes = false, round = None, seed = 0, threads = None))]
#[allow(clippy::too_many_arguments)]
pub fn summary(
    py: Python<'_>,
    data: &Bound<'_, PyAny>,
    by: Option<By>,
    rule: Option<&str>,
    suppress_below: Option<u64>,
    min_people: Option<u64>,
    extremes: bool,
    round: Option<&str>,
    seed: u64,
    threads: Option<usize>,
) -> PyResult<Publication> {
    let options = PublishOptions {
        suppress_below,
        min_people,
        extremes,
        round,
        seed,
    };
    if let Ok(summary) = data.cast::<Summary>() {
        let summary = summary.borrow();
        let counts = summary.inner.first().counts();
        if let Some(by) = &by
            && RunSummary::groupings_of(&by.groupings()?) != summary.inner.groupings()
        {
            let asked = match by {
                By::One(text) => format!("{text:?}"),
                By::Several(texts) => python_list(texts),
            };
            return Err(PyValueError::new_err(format!(
                "this summary is grouped by {}, not {asked}: summarise again to regroup",
                describe(&summary.inner)
            )));
        }
        if let Some(rule) = rule
            && self::rule(rule)?.name() != counts.rule()
        {
            return Err(PyValueError::new_err(format!(
                "this summary counts people under {:?}, not {rule:?}",
                counts.rule()
            )));
        }
        return publish(py, &summary.inner, &options);
    }
    let source: Source<'_> = data.extract()?;
    let summary = Summary::of(
        py,
        source,
        by.unwrap_or_default(),
        rule.unwrap_or("heaviest"),
        threads,
    )?;
    publish(py, &summary.inner, &options)
}

/// What a protected summary publishes: the long rows (section, unit, by, group, measure,
/// value, suppressed), with the audit of the disclosure control.
///
/// It is an Arrow stream (`__arrow_c_stream__`): `pyarrow.table(p)` takes it without
/// copying through Python objects; `to_pandas()` and `to_polars()` go through Arrow.
#[pyclass(module = "investigation_outcomes", frozen)]
pub struct Publication {
    rows: Vec<Row>,
    metadata: RunMetadata,
}

#[pymethods]
impl Publication {
    /// The rows as an Arrow C stream (the Arrow PyCapsule interface).
    #[pyo3(signature = (requested_schema = None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        // The rows have one schema; a consumer asking for another casts it.
        let _ = requested_schema;
        let batch = arrow::batch(&self.rows).map_err(|e| PyValueError::new_err(e.to_string()))?;
        arrow::stream_capsule(py, batch)
    }

    /// The rows as a `pyarrow.Table`.
    fn to_arrow<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        slf.py().import("pyarrow")?.call_method1("table", (slf,))
    }

    /// The rows as a pandas DataFrame (needs pandas).
    fn to_pandas<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        Self::to_arrow(slf)?.call_method0("to_pandas")
    }

    /// The rows as a Polars DataFrame (needs polars).
    fn to_polars<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        let table = Self::to_arrow(slf)?;
        slf.py()
            .import("polars")?
            .call_method1("from_arrow", (table,))
    }

    /// The rows as CSV, byte for byte what `outcomes summary --format csv` prints.
    fn to_csv(&self) -> String {
        csv(&self.rows)
    }

    /// The rows and the run's metadata as JSON, as `outcomes summary --format json`
    /// prints them.
    fn to_json(&self) -> PyResult<String> {
        serde_json::to_string_pretty(&self.metadata.with_rows(&self.rows))
            .map_err(|e| PyValueError::new_err(e.to_string()))
    }

    /// The audit in one sentence: how many cells are withheld, and the narrowest
    /// interval an attacker can derive for any of them.
    #[getter]
    fn audit(&self) -> &str {
        &self.metadata.audit_statement
    }

    /// The disclosure control applied, in words.
    #[getter]
    fn disclosure(&self) -> &str {
        &self.metadata.disclosure
    }

    /// How many operations were summarised.
    #[getter]
    fn operations(&self) -> u64 {
        self.metadata.operations
    }

    /// How many case records were summarised.
    #[getter]
    fn cases(&self) -> u64 {
        self.metadata.cases
    }

    /// How many rows.
    fn __len__(&self) -> usize {
        self.rows.len()
    }

    fn __repr__(&self) -> String {
        format!(
            "Publication({} rows; {}; {})",
            self.rows.len(),
            self.metadata.disclosure,
            self.metadata.audit_statement
        )
    }
}
