//! Charges and what became of each.

use std::num::NonZeroU32;

use serde::{Deserialize, Serialize};

use crate::record::offence::Offence;
use crate::value::code_list::code_list;
use crate::value::date::PartialDate;
use crate::value::id::ChargeId;

code_list! {
    /// What became of a charge.
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
pub struct Disposition {
    /// What became of the charge.
    pub outcome: Outcome,
    /// When, as precisely as known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<PartialDate>,
}

/// One charge against a defendant.
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[derive(Clone, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
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
}
