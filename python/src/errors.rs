//! The exceptions: `OutcomesError` and a subclass per kind of failure, each carrying
//! the Rust error's message and, when it has one, where it happened.

use investigation_outcomes::Error;
use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;

create_exception!(
    investigation_outcomes,
    OutcomesError,
    PyException,
    "Base class of every error the package raises: `str(e)` is the message, `e.location` where it happened (a file, line and column, or a table's row), or None."
);
create_exception!(
    investigation_outcomes,
    ParseError,
    OutcomesError,
    "A document, line or table is not valid for the format, or is too large to read."
);
create_exception!(
    investigation_outcomes,
    InvalidValueError,
    OutcomesError,
    "A value breaks a rule of its type: a jurisdiction, date, period, code, identifier, term or quantity."
);
create_exception!(
    investigation_outcomes,
    OutcomesIOError,
    OutcomesError,
    "A file could not be read or written."
);
create_exception!(
    investigation_outcomes,
    MergeError,
    OutcomesError,
    "Partial summaries that cannot be merged: different groupings or rules, or counts that overflow."
);
create_exception!(
    investigation_outcomes,
    ProtectionError,
    OutcomesError,
    "A table that cannot be protected, or is not a table: nothing should be published."
);
create_exception!(
    investigation_outcomes,
    DeidentifyError,
    OutcomesError,
    "De-identification refused: a key too short, or more records withheld than allowed."
);

/// Adds the exception classes to the module.
pub fn register(module: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = module.py();
    // Errors without a place have `location` None too.
    py.get_type::<OutcomesError>()
        .setattr("location", py.None())?;
    module.add("OutcomesError", py.get_type::<OutcomesError>())?;
    module.add("ParseError", py.get_type::<ParseError>())?;
    module.add("InvalidValueError", py.get_type::<InvalidValueError>())?;
    module.add("OutcomesIOError", py.get_type::<OutcomesIOError>())?;
    module.add("MergeError", py.get_type::<MergeError>())?;
    module.add("ProtectionError", py.get_type::<ProtectionError>())?;
    module.add("DeidentifyError", py.get_type::<DeidentifyError>())?;
    Ok(())
}

/// Where an error happened, as `file:line:column`, `table.csv:row` or `file`.
fn location(error: &Error) -> Option<String> {
    let file = |path: &Option<std::path::PathBuf>| path.as_ref().map(|p| p.display().to_string());
    match error {
        Error::Json(e) => {
            let at = match e.column {
                0 => format!("line {}", e.line),
                column => format!("line {}, column {column}", e.line),
            };
            Some(match file(&e.path) {
                Some(path) => format!("{path}: {at}"),
                None => at,
            })
        }
        Error::TooLarge { path, line, .. } => match (file(path), line) {
            (Some(path), Some(line)) => Some(format!("{path}: line {line}")),
            (None, Some(line)) => Some(format!("line {line}")),
            (path, None) => path,
        },
        Error::Io { path, .. } | Error::UnsupportedSchemaVersion { path, .. } => file(path),
        Error::Csv(e) => Some(match &e.column {
            Some(column) => format!("{}.csv: row {}, column {column}", e.table, e.row),
            None => format!("{}.csv: row {}", e.table, e.row),
        }),
        _ => None,
    }
}

/// The Python exception of a Rust error: its class by kind, its message, and its
/// `location`.
pub fn to_py(error: Error) -> PyErr {
    let message = error.to_string();
    let err = match &error {
        Error::Json(_)
        | Error::Csv(_)
        | Error::TooLarge { .. }
        | Error::UnsupportedSchemaVersion { .. }
        | Error::UnsupportedPartialVersion { .. } => ParseError::new_err(message),
        Error::Io { .. } => OutcomesIOError::new_err(message),
        Error::Merge(_) => MergeError::new_err(message),
        Error::Table(_) | Error::Protection(_) => ProtectionError::new_err(message),
        Error::Deidentify(_) => DeidentifyError::new_err(message),
        _ => InvalidValueError::new_err(message),
    };
    let place = location(&error);
    Python::attach(|py| {
        // Setting an attribute on a fresh exception fails only without memory, and
        // the exception is still worth raising then.
        let _ = err.value(py).setattr("location", place);
    });
    err
}

/// Converts a Rust result into a Python one.
pub trait ToPyResult<T> {
    /// The value, or the Python exception of the error.
    fn py_err(self) -> PyResult<T>;
}

impl<T, E: Into<Error>> ToPyResult<T> for Result<T, E> {
    fn py_err(self) -> PyResult<T> {
        self.map_err(|e| to_py(e.into()))
    }
}
