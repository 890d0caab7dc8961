//! Input and output: JSON and JSON Lines, CSV tables, JSON Schema.

pub mod csv_tables;
pub(crate) mod dataset;
pub(crate) mod json_lines;
#[cfg(feature = "json-schema")]
pub mod json_schema;
pub(crate) mod objects_only;
#[cfg(feature = "parquet")]
pub mod parquet_tables;
pub(crate) mod quick_json;
pub(crate) mod text;
