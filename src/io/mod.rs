//! Input and output: JSON and JSON Lines, CSV tables, JSON Schema.

pub mod csv_tables;
pub(crate) mod dataset;
#[cfg(feature = "json-schema")]
pub mod json_schema;
pub(crate) mod objects_only;
