//! Days from arrest to verdict and to sentence.

use serde::{Deserialize, Serialize};

use super::distribution::DistributionBuilder;
use super::{Distribution, MergeError, add_counts};
use crate::record::case::Case;
use crate::record::operation::Operation;
use crate::value::date::DatePrecision;
use crate::value::event_date::EventDate;

/// Days from arrest to verdict and from arrest to sentence, as exact distributions
/// (unit: person, one case each).
///
/// Only cases whose two dates are known to the day are measured; the others,
/// events known to have happened on no known date among them, are counted in
/// `not_to_the_day`. A pair whose later event comes first (a validation
/// error) is counted in `out_of_order` and left out.
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimeToOutcome {
    /// Days from arrest to verdict.
    pub arrest_to_verdict: Distribution,
    /// Days from arrest to sentence.
    pub arrest_to_sentence: Distribution,
    /// Pairs of dates not both known to the day.
    pub not_to_the_day: u64,
    /// Pairs in the wrong order.
    pub out_of_order: u64,
}

impl TimeToOutcome {
    /// Adds every count of `other`. Associative and commutative.
    ///
    /// # Errors
    ///
    /// [`MergeError`] when a count would overflow; `self` is then unchanged.
    pub fn merge(&mut self, other: &TimeToOutcome) -> Result<(), MergeError> {
        self.check_merge(other)?;
        self.merge_checked(other);
        Ok(())
    }

    /// Whether [`merge`](Self::merge) with `other` would succeed, in time that does
    /// not grow with `self`.
    pub(crate) fn check_merge(&self, other: &TimeToOutcome) -> Result<(), MergeError> {
        self.arrest_to_verdict
            .check_merge(&other.arrest_to_verdict)?;
        self.arrest_to_sentence
            .check_merge(&other.arrest_to_sentence)?;
        add_counts(
            self.not_to_the_day,
            other.not_to_the_day,
            "pairs of dates not known to the day",
        )?;
        add_counts(
            self.out_of_order,
            other.out_of_order,
            "pairs of dates out of order",
        )?;
        Ok(())
    }

    /// Adds `other`, once [`check_merge`](Self::check_merge) found that it fits.
    pub(crate) fn merge_checked(&mut self, other: &TimeToOutcome) {
        self.arrest_to_verdict
            .merge_checked(&other.arrest_to_verdict);
        self.arrest_to_sentence
            .merge_checked(&other.arrest_to_sentence);
        self.not_to_the_day = self.not_to_the_day.saturating_add(other.not_to_the_day);
        self.out_of_order = self.out_of_order.saturating_add(other.out_of_order);
    }

    /// Adds the cases of one operation.
    ///
    /// # Errors
    ///
    /// [`MergeError`] when a count would overflow; `self` is then unchanged.
    pub fn add_operation(&mut self, operation: &Operation) -> Result<(), MergeError> {
        let mut local = TimeToOutcomeBuilder::default();
        for case in &operation.cases {
            local.add_case(case);
        }
        self.merge(&local.finish())
    }
}

/// Time to outcome gathered cheaply, then added to [`TimeToOutcome`].
#[derive(Default)]
pub(crate) struct TimeToOutcomeBuilder {
    arrest_to_verdict: DistributionBuilder<1>,
    arrest_to_sentence: DistributionBuilder<1>,
    not_to_the_day: u64,
    out_of_order: u64,
}

impl TimeToOutcomeBuilder {
    /// A builder that stays small: one of a group's.
    pub(crate) fn small() -> Self {
        Self {
            arrest_to_verdict: DistributionBuilder::small(),
            arrest_to_sentence: DistributionBuilder::small(),
            ..Self::default()
        }
    }

    /// Adds a case; returns whether its days to verdict and to sentence were measured.
    pub(crate) fn add_case(&mut self, case: &Case) -> (bool, bool) {
        let e = &case.events;
        let Some(arrested) = e.arrested else {
            return (false, false);
        };
        let measured = [(e.verdict, true), (e.sentenced, false)];
        if measured.iter().all(|(to, _)| to.is_none()) {
            return (false, false);
        }
        let mut known = (false, false);
        // The arrest's day number is worked out once for both measures. An undated
        // event counts as not known to the day.
        let to_the_day = |e: EventDate| e.date().filter(|d| d.precision() == DatePrecision::Day);
        let from = to_the_day(arrested).map(|d| d.first_day_number());
        for (to, into_verdict) in measured {
            let Some(to) = to else { continue };
            let (from, to) = match (from, to_the_day(to)) {
                (Some(from), Some(to)) => (from, to),
                _ => {
                    self.not_to_the_day = self.not_to_the_day.saturating_add(1);
                    continue;
                }
            };
            match u64::try_from(to.first_day_number() - from) {
                Ok(days) if into_verdict => {
                    self.arrest_to_verdict.add(days);
                    known.0 = true;
                }
                Ok(days) => {
                    self.arrest_to_sentence.add(days);
                    known.1 = true;
                }
                Err(_) => self.out_of_order = self.out_of_order.saturating_add(1),
            }
        }
        known
    }

    /// The time to outcome of the cases added.
    pub(crate) fn finish(self) -> TimeToOutcome {
        TimeToOutcome {
            arrest_to_verdict: self.arrest_to_verdict.build(),
            arrest_to_sentence: self.arrest_to_sentence.build(),
            not_to_the_day: self.not_to_the_day,
            out_of_order: self.out_of_order,
        }
    }
}
