//! Why two summaries cannot be merged, or a count added.

/// Two summaries cannot be merged: they were made differently, or a count would
/// exceed the largest the crate keeps (`u64::MAX`). Also returned when adding to a
/// summary would overflow.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot merge summaries: {reason}")]
pub struct MergeError {
    reason: String,
}

impl MergeError {
    pub(crate) fn new(reason: &str) -> Self {
        Self {
            reason: reason.to_owned(),
        }
    }

    /// A count that would overflow.
    pub(crate) fn overflow(what: &str) -> Self {
        Self {
            reason: format!("{what} would exceed {}", u64::MAX),
        }
    }
}
