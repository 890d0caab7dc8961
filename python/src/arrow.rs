//! The published rows as Arrow, handed to pyarrow, pandas or Polars through the
//! Arrow C stream interface (a PyCapsule): the data never passes through Python
//! objects.

use std::sync::Arc;

use arrow_array::ffi_stream::FFI_ArrowArrayStream;
use arrow_array::{
    ArrayRef, BooleanArray, Float64Array, RecordBatch, RecordBatchIterator, StringArray,
};
use arrow_schema::{ArrowError, DataType, Field, Schema};
use investigation_outcomes::report::Row;
use pyo3::prelude::*;
use pyo3::types::PyCapsule;

/// The columns of the long rows, as the tool's CSV: `section`, `unit`, `by`,
/// `group`, `measure` (text), `value` (a float; null when withheld or not defined; counts
/// are whole numbers), `suppressed`.
pub fn schema() -> Arc<Schema> {
    Arc::new(Schema::new(vec![
        Field::new("section", DataType::Utf8, false),
        Field::new("unit", DataType::Utf8, false),
        Field::new("by", DataType::Utf8, false),
        Field::new("group", DataType::Utf8, false),
        Field::new("measure", DataType::Utf8, false),
        Field::new("value", DataType::Float64, true),
        Field::new("suppressed", DataType::Boolean, false),
    ]))
}

/// The rows as one record batch.
pub fn batch(rows: &[Row]) -> Result<RecordBatch, ArrowError> {
    let text = |f: fn(&Row) -> &str| -> ArrayRef {
        Arc::new(StringArray::from_iter_values(rows.iter().map(f)))
    };
    let columns: Vec<ArrayRef> = vec![
        text(|r| r.section.as_str()),
        text(|r| r.unit.as_str()),
        text(|r| &r.by),
        text(|r| &r.group),
        text(|r| &r.measure),
        Arc::new(Float64Array::from_iter(
            rows.iter().map(|r| r.value.map(|v| v.as_f64())),
        )),
        Arc::new(BooleanArray::from_iter(
            rows.iter().map(|r| Some(r.suppressed)),
        )),
    ];
    RecordBatch::try_new(schema(), columns)
}

/// A capsule named `arrow_array_stream` holding a stream of `batch`: what
/// `__arrow_c_stream__` returns.
pub fn stream_capsule<'py>(py: Python<'py>, batch: RecordBatch) -> PyResult<Bound<'py, PyCapsule>> {
    let reader = RecordBatchIterator::new([Ok(batch.clone())], batch.schema());
    let stream = FFI_ArrowArrayStream::new(Box::new(reader));
    // The consumer moves the stream out and marks it released; dropping what is left
    // then releases nothing twice.
    PyCapsule::new_with_value(py, stream, c"arrow_array_stream")
}
