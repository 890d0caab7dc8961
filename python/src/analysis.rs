//! Validation, reconciliation, protection of a count table and de-identification:
//! plain values for the Python package to wrap in its classes and DataFrames.

use std::collections::BTreeMap;

use investigation_outcomes::DatePrecision;
use investigation_outcomes::deidentify::{
    DeidentifyPolicy, KAnonymity, QuasiIdentifier, Risk, anonymise, measure, write_csv,
};
use investigation_outcomes::disclosure::{Cell, CountTable, Protection, protect};
use investigation_outcomes::reconcile::{Reconciliation, reconcile_operation};
use investigation_outcomes::validate::{Options, Validator};
use investigation_outcomes::{Dataset as RustDataset, Error, Operation, OperationLines};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::dataset::{Dataset, is_json_lines};
use crate::errors::ToPyResult;
use crate::summary::{Source, rounding};

/// A finding: severity, code, location, message.
type FindingTuple = (String, String, String, String);

/// Calls `each` with every operation of a dataset in memory, or of a file: JSON
/// Lines (by its extension) a line at a time, never held whole; a document whole.
fn for_each_operation(
    py: Python<'_>,
    data: Source<'_>,
    mut each: impl FnMut(&Operation) + Send,
) -> PyResult<()> {
    match data {
        Source::Dataset(dataset) => {
            let dataset = &dataset.inner;
            py.detach(|| dataset.operations.iter().for_each(each));
            Ok(())
        }
        files => {
            let paths = files.paths().to_vec();
            py.detach(|| -> Result<(), Error> {
                for path in &paths {
                    if is_json_lines(path) {
                        for operation in OperationLines::from_path(path)? {
                            each(&operation?);
                        }
                    } else {
                        RustDataset::from_path(path)?
                            .operations
                            .iter()
                            .for_each(&mut each);
                    }
                }
                Ok(())
            })
            .py_err()
        }
    }
}

/// Validates a dataset or a file: every finding as (severity, code, location,
/// message), in dataset order.
#[pyfunction]
pub fn validate_findings(py: Python<'_>, data: Source<'_>) -> PyResult<Vec<FindingTuple>> {
    let options = Options::default();
    let mut validator = Validator::new(&options);
    for_each_operation(py, data, |operation| validator.add_operation(operation))?;
    Ok(validator
        .finish()
        .findings()
        .iter()
        .map(|f| {
            (
                f.severity.to_string(),
                f.code.to_string(),
                f.location.clone(),
                f.message.clone(),
            )
        })
        .collect())
}

/// The reconciliation of a dataset or files, as JSON (what `outcomes reconcile
/// --format json` prints), with every pair of claims of a source that contradicts
/// itself as (group, lower claim, upper claim): positions in `groups` and in its
/// group's `claims`.
type ReconciliationTuple = (String, Vec<(usize, usize, usize)>);

/// Reconciles the published figures of a dataset or files with each other and with
/// the records.
#[pyfunction]
pub fn reconcile_json(py: Python<'_>, data: Source<'_>) -> PyResult<ReconciliationTuple> {
    let mut reconciliation = Reconciliation::default();
    for_each_operation(py, data, |operation| {
        reconcile_operation(operation, &mut reconciliation)
    })?;
    let json =
        serde_json::to_string(&reconciliation).map_err(|e| PyValueError::new_err(e.to_string()))?;
    let mut contradictions = Vec::new();
    for (g, group) in reconciliation.groups().iter().enumerate() {
        for contradiction in &group.self_contradictions {
            contradictions.extend(
                group
                    .contradicting_pairs(contradiction)
                    .map(|(lower, upper)| (g, lower, upper)),
            );
        }
    }
    Ok((json, contradictions))
}

fn cell(cell: Cell) -> Option<u64> {
    match cell {
        Cell::Value(v) => Some(v),
        Cell::Suppressed => None,
    }
}

/// A protected table: published cells (None when withheld), row totals, column
/// totals, grand total, each withheld inner cell's interval as (row, column, low,
/// high), and the audit's count of withheld cells.
type ProtectedTuple = (
    Vec<Vec<Option<u64>>>,
    Vec<Option<u64>>,
    Vec<Option<u64>>,
    Option<u64>,
    Vec<(usize, usize, u64, Option<u64>)>,
    usize,
);

/// Protects a two-way table of counts with its row, column and grand totals.
#[pyfunction]
#[pyo3(signature = (rows, columns, counts, *, suppress_below, protection_level = None, suppress_zeros = false, round = None, seed = 0))]
#[allow(clippy::too_many_arguments)]
pub fn protect_table(
    py: Python<'_>,
    rows: Vec<String>,
    columns: Vec<String>,
    counts: Vec<Vec<u64>>,
    suppress_below: u64,
    protection_level: Option<u64>,
    suppress_zeros: bool,
    round: Option<&str>,
    seed: u64,
) -> PyResult<ProtectedTuple> {
    let table = CountTable::new(rows, columns, counts).py_err()?;
    let protection = Protection {
        suppress_below: Some(suppress_below),
        protection_level,
        suppress_zeros,
        rounding: rounding(round)?,
        seed,
        ..Protection::default()
    };
    let published = py.detach(|| protect(&table, &protection)).py_err()?;
    let mut intervals = Vec::new();
    for (r, row) in published.cells.iter().enumerate() {
        for c in 0..row.len() {
            if let Some(exposure) = published.exposure(r, c) {
                intervals.push((r, c, exposure.low, exposure.high));
            }
        }
    }
    Ok((
        published
            .cells
            .iter()
            .map(|row| row.iter().copied().map(cell).collect())
            .collect(),
        published.row_totals.iter().copied().map(cell).collect(),
        published.column_totals.iter().copied().map(cell).collect(),
        cell(published.grand_total),
        intervals,
        published.audit.withheld(),
    ))
}

/// A risk as (records, unique, records by class size).
type RiskTuple = (usize, usize, BTreeMap<usize, usize>);

fn risk(risk: &Risk) -> RiskTuple {
    (risk.records, risk.unique(), risk.by_k.clone())
}

fn quasi_identifiers(names: Option<Vec<String>>) -> PyResult<Vec<QuasiIdentifier>> {
    match names {
        None => Ok(QuasiIdentifier::ALL.to_vec()),
        Some(names) => names
            .iter()
            .map(|n| n.parse::<QuasiIdentifier>().py_err())
            .collect(),
    }
}

/// Measures the re-identification risk of a dataset over the quasi-identifiers.
#[pyfunction]
#[pyo3(signature = (dataset, quasi_identifiers = None))]
pub fn measure_risk(
    py: Python<'_>,
    dataset: PyRef<'_, Dataset>,
    quasi_identifiers: Option<Vec<String>>,
) -> PyResult<RiskTuple> {
    let declared = self::quasi_identifiers(quasi_identifiers)?;
    let dataset = &dataset.inner;
    Ok(py.detach(|| risk(&measure(dataset, &declared))))
}

/// A research file: its rows as JSON (an array) and as CSV, the risk before and
/// after, the generalisations, the rows whose dates, age bands and custodial terms
/// were suppressed, the rows withheld, and the values suppressed of all values.
type DeidentifiedTuple = (
    String,
    String,
    RiskTuple,
    RiskTuple,
    Vec<String>,
    usize,
    usize,
    usize,
    usize,
    (usize, usize),
);

/// A k-anonymous research file: keyed pseudonyms, coarser dates and age bands, a
/// row a case, then k-anonymity over the quasi-identifiers.
#[pyfunction]
#[pyo3(signature = (dataset, key, *, k = 5, quasi_identifiers = None, max_suppressed = 5.0, dates = "month", age_bands = 5))]
#[allow(clippy::too_many_arguments)]
pub fn deidentify(
    py: Python<'_>,
    dataset: PyRef<'_, Dataset>,
    key: &[u8],
    k: usize,
    quasi_identifiers: Option<Vec<String>>,
    max_suppressed: f64,
    dates: &str,
    age_bands: u8,
) -> PyResult<DeidentifiedTuple> {
    let precision = match dates {
        "month" => DatePrecision::Month,
        "year" => DatePrecision::Year,
        other => {
            return Err(PyValueError::new_err(format!(
                "unknown date precision {other:?}: expected \"month\" or \"year\""
            )));
        }
    };
    if !(0.0..=100.0).contains(&max_suppressed) {
        return Err(PyValueError::new_err(format!(
            "max_suppressed is a percentage from 0 to 100, not {max_suppressed}"
        )));
    }
    let policy = DeidentifyPolicy::new(key)
        .and_then(|p| p.dates(precision))
        .and_then(|p| p.age_bands(age_bands))
        .py_err()?;
    let declared = self::quasi_identifiers(quasi_identifiers)?;
    let k_anonymity = KAnonymity {
        k: k.max(1),
        quasi_identifiers: declared,
        max_suppressed_share: max_suppressed / 100.0,
        allow_more: false,
    };
    let source = &dataset.inner;
    let anonymised = py
        .detach(|| {
            let rows = source
                .operations
                .iter()
                .flat_map(|o| policy.rows(o))
                .collect();
            anonymise(rows, &k_anonymity)
        })
        .py_err()?;
    let json = serde_json::to_string(&anonymised.rows)
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    let mut csv = Vec::new();
    write_csv(&anonymised.rows, &mut csv).map_err(|e| PyValueError::new_err(e.to_string()))?;
    Ok((
        json,
        String::from_utf8_lossy(&csv).into_owned(),
        risk(&anonymised.before),
        risk(&anonymised.after),
        anonymised
            .generalised
            .iter()
            .map(|g| g.to_string())
            .collect(),
        anonymised.dates_suppressed,
        anonymised.age_bands_suppressed,
        anonymised.custodial_terms_suppressed,
        anonymised.withheld,
        (anonymised.values_suppressed, anonymised.values),
    ))
}
