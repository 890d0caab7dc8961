//! Python bindings of `investigation-outcomes`: the extension module
//! `investigation_outcomes._native`, which the Python package of the same name wraps
//! in its classes and DataFrames (see `python/README.md`).
//!
//! Long work (reading, summarising, protecting, reconciling) runs with the
//! interpreter released, on the crate's threads.

mod analysis;
mod arrow;
mod dataset;
mod errors;
mod summary;

use pyo3::prelude::*;

/// The native module.
#[pymodule]
fn _native(module: &Bound<'_, PyModule>) -> PyResult<()> {
    errors::register(module)?;
    module.add_class::<dataset::Dataset>()?;
    module.add_class::<summary::Summary>()?;
    module.add_class::<summary::Publication>()?;
    module.add_function(wrap_pyfunction!(summary::summary, module)?)?;
    module.add_function(wrap_pyfunction!(analysis::validate_findings, module)?)?;
    module.add_function(wrap_pyfunction!(analysis::reconcile_json, module)?)?;
    module.add_function(wrap_pyfunction!(analysis::protect_table, module)?)?;
    module.add_function(wrap_pyfunction!(analysis::measure_risk, module)?)?;
    module.add_function(wrap_pyfunction!(analysis::deidentify, module)?)?;
    module.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
