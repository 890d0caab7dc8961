//! The crate's error type.

use std::fmt;
use std::path::PathBuf;

// The errors of every layer, each from a module that imports nothing of the crate's
// above the values, so that every layer may return this type without a loop.
use crate::analysis::aggregate::merge_error::MergeError;
use crate::analysis::deidentify::error::{BandError, DeidentifyError};
use crate::analysis::disclosure::error::{ProtectionError, TableError};
use crate::record::charge::ZeroCountsError;
use crate::record::defendant::AgeBandError;
use crate::record::sentence::SentenceError;
use crate::value::area::AreaError;
use crate::value::code_list::CodeError;
use crate::value::date::DateError;
use crate::value::iccs::IccsError;
use crate::value::id::IdError;
use crate::value::interval::IntervalError;
use crate::value::jurisdiction::JurisdictionError;
use crate::value::money::CurrencyError;
use crate::value::period::PeriodError;
use crate::value::quantity::QuantityError;
use crate::value::region::RegionError;
use crate::value::term::TermError;

/// Any error the crate returns.
///
/// Each variant wraps the small error of one concern; reading and writing datasets
/// add the place in the document (file, line and column) and what was wrong there.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A document is not valid JSON for the format, or breaks a rule of one of its values.
    #[error(transparent)]
    Json(#[from] JsonError),
    /// A file or stream could not be read or written.
    ///
    /// The message includes the I/O error's; it is not also given as the
    /// [`source`](std::error::Error::source), so that a chain prints it once.
    #[error("{}{error}", path_prefix(.path))]
    Io {
        /// The file, when there is one.
        path: Option<PathBuf>,
        /// What went wrong.
        error: std::io::Error,
    },
    /// A document declares a `schema_version` the crate does not know.
    #[error("{}schema_version {found} is not supported: this version of investigation-outcomes reads schema_version 1 to {supported}; {}", path_prefix(.path), if *.found > u64::from(*.supported) { "upgrade the crate to read newer documents" } else { "versions start at 1" })]
    UnsupportedSchemaVersion {
        /// The file, when there is one.
        path: Option<PathBuf>,
        /// The version the document declares.
        found: u64,
        /// The newest version the crate reads.
        supported: u32,
    },
    /// A partial summary declares a `partial_summary_version` the crate does not
    /// know: see [`Summary::from_partial_json`](crate::aggregate::Summary::from_partial_json).
    #[error(
        "partial_summary_version {found} is not supported: this version of investigation-outcomes reads version {supported}"
    )]
    UnsupportedPartialVersion {
        /// The version the partial summary declares.
        found: u64,
        /// The version the crate reads.
        supported: u32,
    },
    /// A JSON document, or a JSON Lines line, is longer than the limit set for
    /// reading: see [`DEFAULT_MAX_RECORD_BYTES`](crate::DEFAULT_MAX_RECORD_BYTES).
    #[error("{}{} longer than the limit of {limit} bytes", path_prefix(.path), match .line { Some(line) => format!("line {line} is"), None => "the document is".to_owned() })]
    TooLarge {
        /// The file, when reading one.
        path: Option<PathBuf>,
        /// The line (from 1), when reading JSON Lines.
        line: Option<usize>,
        /// The limit in bytes.
        limit: usize,
    },
    /// A CSV table could not be read or written: see [`CsvError`].
    #[error(transparent)]
    Csv(#[from] CsvError),
    /// A Parquet table could not be read or written (feature `parquet`).
    #[cfg(feature = "parquet")]
    #[cfg_attr(docsrs, doc(cfg(feature = "parquet")))]
    #[error("{table}.parquet: {message}")]
    Parquet {
        /// The table.
        table: &'static str,
        /// What was wrong.
        message: String,
    },
    /// See [`JurisdictionError`].
    #[error(transparent)]
    Jurisdiction(#[from] JurisdictionError),
    /// See [`RegionError`].
    #[error(transparent)]
    Region(#[from] RegionError),
    /// See [`AreaError`].
    #[error(transparent)]
    Area(#[from] AreaError),
    /// See [`DateError`].
    #[error(transparent)]
    Date(#[from] DateError),
    /// See [`QuantityError`].
    #[error(transparent)]
    Quantity(#[from] QuantityError),
    /// See [`IntervalError`].
    #[error(transparent)]
    Interval(#[from] IntervalError),
    /// See [`TermError`].
    #[error(transparent)]
    Term(#[from] TermError),
    /// See [`IccsError`].
    #[error(transparent)]
    Iccs(#[from] IccsError),
    /// See [`IdError`].
    #[error(transparent)]
    Id(#[from] IdError),
    /// See [`CodeError`].
    #[error(transparent)]
    Code(#[from] CodeError),
    /// See [`CurrencyError`].
    #[error(transparent)]
    Currency(#[from] CurrencyError),
    /// See [`AgeBandError`].
    #[error(transparent)]
    AgeBand(#[from] AgeBandError),
    /// See [`SentenceError`].
    #[error(transparent)]
    Sentence(#[from] SentenceError),
    /// See [`ZeroCountsError`].
    #[error(transparent)]
    Counts(#[from] ZeroCountsError),
    /// See [`PeriodError`].
    #[error(transparent)]
    Period(#[from] PeriodError),
    /// See [`MergeError`].
    #[error(transparent)]
    Merge(#[from] MergeError),
    /// See [`TableError`].
    #[error(transparent)]
    Table(#[from] TableError),
    /// See [`ProtectionError`].
    #[error(transparent)]
    Protection(#[from] ProtectionError),
    /// See [`DeidentifyError`].
    #[error(transparent)]
    Deidentify(#[from] DeidentifyError),
    /// See [`BandError`].
    #[error(transparent)]
    Band(#[from] BandError),
}

/// A CSV table that cannot be read: the table, the row (line in the file; 1 is the
/// header) and the column, when known, and what was wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{table}.csv: row {row}{}: {message}", column.as_ref().map(|c| format!(", column {c}")).unwrap_or_default())]
pub struct CsvError {
    /// The table.
    pub table: &'static str,
    /// The line in the file, from 1 (the header).
    pub row: u64,
    /// The column, when the problem is in one cell.
    pub column: Option<String>,
    /// What was wrong.
    pub message: String,
}

fn path_prefix(path: &Option<PathBuf>) -> String {
    path.as_ref()
        .map(|p| format!("{}: ", p.display()))
        .unwrap_or_default()
}

/// Where in a JSON or JSON Lines document reading failed, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    /// The file, when there is one.
    pub path: Option<PathBuf>,
    /// The line, from 1 (for JSON Lines, the line of the record).
    pub line: usize,
    /// The column, from 1; 0 when the problem is not at one place in the line.
    pub column: usize,
    /// What was wrong, for example
    /// `invalid jurisdiction "XX": not an ISO 3166-1 alpha-2 country code`.
    pub message: String,
}

impl JsonError {
    /// The error of reading `text`, its column counted in characters.
    pub(crate) fn from_serde(
        error: &serde_json::Error,
        text: &str,
        path: Option<PathBuf>,
        line_offset: usize,
    ) -> Self {
        let full = error.to_string();
        // serde_json appends " at line L column C"; the position is kept in fields.
        let message = match full.rfind(" at line ") {
            Some(at) => full.get(..at).unwrap_or(&full).to_owned(),
            None => full,
        };
        // serde_json counts bytes; people count characters.
        let column = text
            .lines()
            .nth(error.line().saturating_sub(1))
            .map_or(error.column(), |line| {
                line.char_indices()
                    .take_while(|&(i, _)| i < error.column())
                    .count()
            })
            // Columns count from 1, also for an error before the line's first character.
            .max(1);
        Self {
            path,
            line: error.line() + line_offset,
            column,
            message,
        }
    }
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&path_prefix(&self.path))?;
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.message
        )
    }
}

impl std::error::Error for JsonError {}

#[cfg(test)]
mod tests {
    use std::error::Error as _;

    use super::Error;

    /// Walks the chain as error reporters do: every message printed once.
    fn chain(error: &dyn std::error::Error) -> Vec<String> {
        let mut messages = vec![error.to_string()];
        let mut next = error.source();
        while let Some(e) = next {
            messages.push(e.to_string());
            next = e.source();
        }
        messages
    }

    #[test]
    fn a_chain_states_each_message_once() {
        let missing = crate::Dataset::from_path("/nonexistent/dataset.json").unwrap_err();
        let json = crate::Dataset::from_json_str("{").unwrap_err();
        let code = Error::from("arrested".parse::<crate::Metric>().unwrap_err());
        for error in [missing, json, code] {
            let messages = chain(&error);
            for (i, message) in messages.iter().enumerate() {
                for later in messages.iter().skip(i + 1) {
                    assert!(!message.contains(later.as_str()), "{messages:?}");
                }
            }
            assert!(
                error
                    .source()
                    .is_none_or(|s| !error.to_string().contains(&s.to_string()))
            );
        }
        let io = crate::Dataset::from_path("/nonexistent/dataset.json").unwrap_err();
        assert!(
            io.to_string().starts_with("/nonexistent/dataset.json: "),
            "{io}"
        );
    }
}
