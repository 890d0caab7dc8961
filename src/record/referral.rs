//! The report or alert that started an operation.

use crate::record::with;
use serde::{Deserialize, Serialize};

use crate::value::code_list::code_list;
use crate::value::date::PartialDate;
use crate::value::id::AgencyId;

code_list! {
    /// Where the referral that started an operation came from.
    pub enum ReferralKind : "referral kind" {
        /// An alert from an electronic service provider (a platform or host).
        ElectronicServiceProvider = "electronic_service_provider",
        /// A report through NCMEC's CyberTipline.
        NcmecCybertipline = "ncmec_cybertipline",
        /// A referral from a law-enforcement agency of another country.
        ForeignLawEnforcement = "foreign_law_enforcement",
        /// The agency's own undercover work.
        Undercover = "undercover",
        /// A report from a member of the public.
        PublicReport = "public_report",
        /// Anything else.
        Other = "other",
    }
}

/// The referral that started an operation: its kind and metadata only, never the
/// material it concerned.
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Referral {
    /// Where it came from.
    pub kind: ReferralKind,
    /// When it was received, as precisely as known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub received: Option<PartialDate>,
    /// The agency that passed it on, when that agency is listed in the operation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<AgencyId>,
    /// Free text: "alert from an electronic service provider, not named in any source".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Referral {
    /// A referral of a kind, with nothing else known.
    pub fn new(kind: ReferralKind) -> Self {
        Self {
            kind,
            received: None,
            from: None,
            note: None,
        }
    }

    with!(/// Sets when the referral was received.
        with_received: received = some PartialDate);
    with!(/// Sets the agency it came from.
        with_from: from = some AgencyId);
    with!(/// Sets a short note (never anything that identifies a person).
        with_note: note = some String);
}
