//! A dataset: the operations of one document, in a schema version.

use serde::{Deserialize, Serialize};

use crate::record::operation::Operation;

/// The newest `schema_version` this version of the crate reads and the one it writes.
pub const SCHEMA_VERSION: u32 = 1;

/// A collection of operations: the unit of the JSON format.
///
/// ```json
/// {"schema_version": 1, "operations": [ … ]}
/// ```
///
/// Reading is strict: unknown fields are rejected, every value is checked by its
/// type's own rules, and an error names the line and column and what was wrong there.
/// A document with a newer `schema_version` than the crate knows is refused. Whatever
/// reads, writes back equal.
///
/// JSON Lines holds one [`Operation`] per line, without a header, in the current
/// schema version; blank lines are skipped.
///
/// # Example
///
/// ```
/// use investigation_outcomes::Dataset;
///
/// let dataset = Dataset::from_json_str(r#"{
///     "schema_version": 1,
///     "operations": [{"id": "op-h", "name": "Operation H", "participants": ["NZ", "AU"]}]
/// }"#)?;
/// assert_eq!(dataset.operations[0].name, "Operation H");
///
/// let err = Dataset::from_json_str(r#"{"schema_version": 1, "operations": [{"id": "x", "name": "X", "participants": ["XX"]}]}"#)
///     .unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "line 1, column 83: invalid jurisdiction \"XX\": not an ISO 3166-1 alpha-2 country code",
/// );
/// # Ok::<(), investigation_outcomes::Error>(())
/// ```
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dataset {
    pub(crate) schema_version: u32,
    /// The operations.
    pub operations: Vec<Operation>,
}

impl Default for Dataset {
    fn default() -> Self {
        Self::new(Vec::new())
    }
}

impl Dataset {
    /// A dataset as read: its declared schema version (checked by the caller) and
    /// its operations.
    pub(crate) fn from_parts(schema_version: u32, operations: Vec<Operation>) -> Self {
        Self {
            schema_version,
            operations,
        }
    }

    /// A dataset of the given operations, in the current schema version.
    pub fn new(operations: Vec<Operation>) -> Self {
        Self {
            schema_version: SCHEMA_VERSION,
            operations,
        }
    }
}
