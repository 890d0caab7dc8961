//! Charges and what became of each.

use crate::record::with;
use std::num::NonZeroU32;

use serde::{Deserialize, Serialize};

use crate::record::offence::Offence;
use crate::record::source::Citation;
use crate::value::code_list::code_list;
use crate::value::date::PartialDate;
use crate::value::id::ChargeId;

code_list! {
    /// What became of a charge.
    #[non_exhaustive]
    pub enum Outcome : "disposition" {
        /// Not yet decided.
        Pending = "pending",
        /// Convicted, by plea or verdict.
        Convicted = "convicted",
        /// Acquitted.
        Acquitted = "acquitted",
        /// Withdrawn by the prosecution.
        Withdrawn = "withdrawn",
        /// Dismissed by the court.
        Dismissed = "dismissed",
        /// Discharged without conviction (NZ Sentencing Act 2002 s106: deemed an acquittal).
        DischargedWithoutConviction = "discharged_without_conviction",
        /// Diverted out of prosecution.
        Diverted = "diverted",
        /// Not known.
        Unknown = "unknown",
    }
}

impl Outcome {
    /// Whether the charge ended in a conviction, so that a sentence may follow.
    pub fn is_conviction(self) -> bool {
        self == Outcome::Convicted
    }
}

/// The disposition of a charge: its outcome and when it was reached.
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[derive(Clone, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Disposition {
    /// What became of the charge.
    pub outcome: Outcome,
    /// When, as precisely as known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<PartialDate>,
}

impl Disposition {
    /// An outcome with no date.
    pub fn new(outcome: Outcome) -> Self {
        Self {
            outcome,
            date: None,
        }
    }

    with!(/// Sets the date of the outcome.
        with_date: date = some PartialDate);
}

/// One charge against a defendant.
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
///
/// # Example
///
/// ```
/// use investigation_outcomes::{Charge, Disposition, IccsCode, Offence, OffenceKind, Outcome, StatuteRef};
///
/// let offence = Offence::new(OffenceKind::Possession, IccsCode::CHILD_PORNOGRAPHY)
///     .with_statute(StatuteRef::new("NZ".parse()?, "Films, Videos, and Publications Classification Act 1993", "131A"));
/// let charge = Charge::new("c1".parse()?, offence, Disposition::new(Outcome::Convicted).with_date("2021-06".parse()?))
///     .with_counts(4)?
///     .with_offence_date("2019".parse()?);
/// assert_eq!(charge.counts.get(), 4);
/// assert!(Charge::new("c2".parse()?, charge.offence.clone(), Disposition::new(Outcome::Pending)).with_counts(0).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Charge {
    /// Identifier, unique within the case.
    pub id: ChargeId,
    /// The offence charged.
    pub offence: Offence,
    /// How many counts (representative charges may cover many acts); at least 1.
    pub counts: NonZeroU32,
    /// When the offence was committed, as precisely as known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offence_date: Option<PartialDate>,
    /// What became of it.
    pub disposition: Disposition,
    /// The sources of this charge's record, when they differ from the case's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub citations: Vec<Citation>,
}

/// A charge was given no counts: every charge has at least one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("invalid counts 0: a charge has at least one count")]
pub struct ZeroCountsError;

impl Charge {
    /// A charge of one count; see [`with_counts`](Self::with_counts) for more.
    pub fn new(id: ChargeId, offence: Offence, disposition: Disposition) -> Self {
        Self {
            id,
            offence,
            counts: NonZeroU32::MIN,
            offence_date: None,
            disposition,
            citations: Vec::new(),
        }
    }

    /// Sets the number of counts.
    ///
    /// # Errors
    ///
    /// [`ZeroCountsError`] when `counts` is 0.
    pub fn with_counts(mut self, counts: u32) -> Result<Self, ZeroCountsError> {
        self.counts = NonZeroU32::new(counts).ok_or(ZeroCountsError)?;
        Ok(self)
    }

    with!(/// Sets when the offence was committed.
        with_offence_date: offence_date = some PartialDate);
    with!(/// Adds a source of this charge's record.
        with_citation: citations = push Citation);
}
