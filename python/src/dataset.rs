//! `Dataset`: operations read from a file, a string or the bundled examples.

use std::path::PathBuf;

use investigation_outcomes::Dataset as RustDataset;
use pyo3::prelude::*;
use pyo3::types::PyTuple;

use crate::errors::ToPyResult;

/// Whether a file holds JSON Lines, by its name: `.jsonl` or `.ndjson`.
pub fn is_json_lines(path: &std::path::Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("jsonl" | "ndjson")
    )
}

/// Operations of a dataset, held in memory.
///
/// Read one with `Dataset.from_path`, `Dataset.from_json` or
/// `Dataset.from_json_lines`, or take a bundled one: `Dataset.operation_h()`.
#[pyclass(module = "investigation_outcomes", frozen)]
pub struct Dataset {
    pub inner: RustDataset,
}

#[pymethods]
impl Dataset {
    /// Reads a dataset document (JSON) or JSON Lines (by the extension `.jsonl` or
    /// `.ndjson`, one operation per line).
    #[staticmethod]
    fn from_path(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        let inner = py
            .detach(|| {
                if is_json_lines(&path) {
                    RustDataset::from_json_lines_path(&path)
                } else {
                    RustDataset::from_path(&path)
                }
            })
            .py_err()?;
        Ok(Self { inner })
    }

    /// Reads a dataset document from a JSON string.
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &str) -> PyResult<Self> {
        let inner = py.detach(|| RustDataset::from_json_str(text)).py_err()?;
        Ok(Self { inner })
    }

    /// Reads JSON Lines, one operation per line.
    #[staticmethod]
    fn from_json_lines(py: Python<'_>, text: &str) -> PyResult<Self> {
        let inner = py
            .detach(|| RustDataset::from_json_lines(text.as_bytes()))
            .py_err()?;
        Ok(Self { inner })
    }

    /// The bundled dataset of Operation H (2019–2022), built from its published figures.
    #[staticmethod]
    fn operation_h() -> PyResult<Self> {
        Ok(Self {
            inner: RustDataset::operation_h().py_err()?,
        })
    }

    /// The bundled NCMEC CyberTipline reports by year, with their conflicting sources.
    #[staticmethod]
    fn cybertipline() -> PyResult<Self> {
        Ok(Self {
            inner: RustDataset::cybertipline().py_err()?,
        })
    }

    /// The dataset as a JSON document, as `from_json` reads it.
    fn to_json(&self) -> String {
        self.inner.to_json_string()
    }

    /// The operations as JSON Lines, as `from_json_lines` reads them.
    fn to_json_lines(&self) -> PyResult<String> {
        let mut out = Vec::new();
        self.inner.to_json_lines(&mut out).py_err()?;
        Ok(String::from_utf8_lossy(&out).into_owned())
    }

    /// The operations' identifiers, in order.
    #[getter]
    fn operation_ids(&self) -> Vec<String> {
        self.inner
            .operations
            .iter()
            .map(|o| o.id.to_string())
            .collect()
    }

    /// How many case records, over every operation.
    #[getter]
    fn cases(&self) -> usize {
        self.inner.operations.iter().map(|o| o.cases.len()).sum()
    }

    /// How many operations.
    fn __len__(&self) -> usize {
        self.inner.operations.len()
    }

    fn __repr__(&self) -> String {
        format!(
            "Dataset({} operations, {} cases)",
            self.inner.operations.len(),
            self.cases()
        )
    }

    fn __eq__(&self, other: &Self) -> bool {
        self.inner == other.inner
    }

    /// Pickles as the JSON document.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let from_json = py.get_type::<Dataset>().getattr("from_json")?;
        let json = slf.get().inner.to_json_string();
        PyTuple::new(
            py,
            [from_json.into_any(), PyTuple::new(py, [json])?.into_any()],
        )
    }
}
