//! Sentence statistics and time to outcome per group of cases.

use serde::{Deserialize, Serialize};

use super::{MergeError, SentenceStats, TimeToOutcome};

/// The sentence statistics and time to outcome of one group of cases (unit: person):
/// "the median sentence for this offence, in this country".
///
/// A case falls in the group its counts are filed under: its principal charge's
/// offence, its jurisdiction at the grouping level, its operation and year. Groups
/// merge as the whole does.
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupStatistics {
    /// The group's sentence statistics.
    pub sentences: SentenceStats,
    /// The group's time to outcome.
    pub time_to_outcome: TimeToOutcome,
}

impl GroupStatistics {
    /// Adds every count of `other`. Associative and commutative.
    ///
    /// # Errors
    ///
    /// [`MergeError`] when a count would overflow; `self` is then unchanged.
    pub fn merge(&mut self, other: &GroupStatistics) -> Result<(), MergeError> {
        self.check_merge(other)?;
        self.merge_checked(other);
        Ok(())
    }

    /// Whether [`merge`](Self::merge) with `other` would succeed, in time that does
    /// not grow with `self`.
    pub(crate) fn check_merge(&self, other: &GroupStatistics) -> Result<(), MergeError> {
        self.sentences.check_merge(&other.sentences)?;
        self.time_to_outcome.check_merge(&other.time_to_outcome)
    }

    /// Adds `other`, once [`check_merge`](Self::check_merge) found that it fits.
    pub(crate) fn merge_checked(&mut self, other: &GroupStatistics) {
        self.sentences.merge_checked(&other.sentences);
        self.time_to_outcome.merge_checked(&other.time_to_outcome);
    }

    /// Whether no case is counted.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}
