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
        let mut merged = self.clone();
        merged.sentences.merge(&other.sentences)?;
        merged.time_to_outcome.merge(&other.time_to_outcome)?;
        *self = merged;
        Ok(())
    }

    /// Whether no case is counted.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}
