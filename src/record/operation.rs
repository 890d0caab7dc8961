//! Operations: a coordinated investigation, with its referral, agencies, sources,
//! reported figures and case records.

use serde::{Deserialize, Serialize};

use crate::record::agency::Agency;
use crate::record::case::Case;
use crate::record::claim::Claim;
use crate::record::referral::Referral;
use crate::record::source::Source;
use crate::value::date::PartialDate;
use crate::value::id::AgencyId;
use crate::value::id::OperationId;
use crate::value::jurisdiction::Jurisdiction;

/// A name an operation is known by in one jurisdiction ("Operation Molto" in AU).
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[derive(Clone, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Alias {
    /// The name.
    pub name: String,
    /// Where it is used.
    pub jurisdiction: Jurisdiction,
}

/// A law-enforcement operation and everything recorded about it.
///
/// An operation is self-contained: the agencies, sources, claims and cases it refers
/// to are all inside it, so one operation can be read, written or shipped on its own
/// (one per line in JSON Lines).
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Operation {
    /// Identifier, unique within the dataset.
    pub id: OperationId,
    /// The operation's name: "Operation H".
    pub name: String,
    /// Names used in particular jurisdictions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<Alias>,
    /// The agency that led it, when listed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead_agency: Option<AgencyId>,
    /// Partner agencies.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub partner_agencies: Vec<AgencyId>,
    /// The jurisdictions that took part, as far as sources name them. A subdivision's
    /// cases count as its country's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub participants: Vec<Jurisdiction>,
    /// When it started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started: Option<PartialDate>,
    /// When it ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended: Option<PartialDate>,
    /// When it was announced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub announced: Option<PartialDate>,
    /// The referral that started it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referral: Option<Referral>,
    /// Agencies referred to by the operation, its claims and its referral.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub agencies: Vec<Agency>,
    /// Sources cited by its claims.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
    /// Reported figures.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub claims: Vec<Claim>,
    /// Case records.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::record::compact::vec"
    )]
    pub cases: Vec<Case>,
}

impl Operation {
    /// Whether `jurisdiction` is a participant, directly or through its country.
    pub fn has_participant(&self, jurisdiction: Jurisdiction) -> bool {
        self.participants.iter().any(|p| p.contains(jurisdiction))
    }

    /// The agency with the given identifier.
    pub fn agency(&self, id: &AgencyId) -> Option<&Agency> {
        self.agencies.iter().find(|a| a.id == *id)
    }

    /// The source with the given identifier.
    pub fn source(&self, id: &crate::value::id::SourceId) -> Option<&Source> {
        self.sources.iter().find(|s| s.id == *id)
    }
}
