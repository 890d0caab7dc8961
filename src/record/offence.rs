//! Offences: what was charged, classified by kind and by ICCS code.

use crate::record::with;
use serde::{Deserialize, Serialize};

use crate::record::statute::StatuteRef;
use crate::value::code_list::code_list;
use crate::value::iccs::IccsCode;

code_list! {
    /// The kind of conduct an offence concerns.
    #[non_exhaustive]
    pub enum OffenceKind : "offence kind" {
        /// Possessing material.
        Possession = "possession",
        /// Accessing or viewing material online.
        Accessing = "accessing",
        /// Distributing, supplying, sharing or trading material.
        Distribution = "distribution",
        /// Making or producing material.
        Production = "production",
        /// Advertising material or seeking it.
        Advertising = "advertising",
        /// Grooming a child.
        Grooming = "grooming",
        /// Directing or watching live-streamed abuse.
        LiveStreamedAbuse = "live_streamed_abuse",
        /// Administering a site or a criminal enterprise.
        Administering = "administering",
        /// Any other offence.
        Other = "other",
    }
}

/// An offence as charged: its kind, its ICCS classification and, when known, the
/// statute it was charged under.
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[derive(Clone, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Offence {
    /// The kind of conduct.
    pub kind: OffenceKind,
    /// The ICCS classification, usually `030221` (child pornography).
    pub iccs: IccsCode,
    /// The statute charged under, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statute: Option<StatuteRef>,
}

impl Offence {
    /// An offence of a kind and ICCS code, with no statute.
    pub fn new(kind: OffenceKind, iccs: IccsCode) -> Self {
        Self {
            kind,
            iccs,
            statute: None,
        }
    }

    with!(/// Sets the statute charged.
        with_statute: statute = some StatuteRef);
}
