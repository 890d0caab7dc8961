//! Operations: a coordinated investigation, with its referral, agencies, sources,
//! reported figures and case records.

use crate::record::with;
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
#[non_exhaustive]
pub struct Alias {
    /// The name.
    pub name: String,
    /// Where it is used.
    pub jurisdiction: Jurisdiction,
}

impl Alias {
    /// The name used in one jurisdiction.
    pub fn new(name: impl Into<String>, jurisdiction: Jurisdiction) -> Self {
        Self {
            name: name.into(),
            jurisdiction,
        }
    }
}

/// A law-enforcement operation and everything recorded about it.
///
/// An operation is self-contained: the agencies, sources, claims and cases it refers
/// to are all inside it, so one operation can be read, written or shipped on its own
/// (one per line in JSON Lines).
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
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
    /// An operation with its identifier and name; everything else is added with the
    /// `with_` methods.
    ///
    /// # Example
    ///
    /// ```
    /// use investigation_outcomes::{Alias, Jurisdiction, Operation, PartialDate};
    ///
    /// let nz: Jurisdiction = "NZ".parse()?;
    /// let au: Jurisdiction = "AU".parse()?;
    /// let operation = Operation::new("op-h".parse()?, "Operation H")
    ///     .with_alias(Alias::new("Operation Molto", au))
    ///     .with_participant(nz)
    ///     .with_participant(au)
    ///     .with_started("2019-10".parse::<PartialDate>()?);
    /// assert_eq!(operation.participants, [nz, au]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(id: OperationId, name: impl Into<String>) -> Self {
        Self {
            id,
            name: name.into(),
            aliases: Vec::new(),
            lead_agency: None,
            partner_agencies: Vec::new(),
            participants: Vec::new(),
            started: None,
            ended: None,
            announced: None,
            referral: None,
            agencies: Vec::new(),
            sources: Vec::new(),
            claims: Vec::new(),
            cases: Vec::new(),
        }
    }

    with!(/// Adds a name the operation is known by in one jurisdiction.
        with_alias: aliases = push Alias);
    with!(/// Sets the agency that led the operation.
        with_lead_agency: lead_agency = some AgencyId);
    with!(/// Adds a partner agency.
        with_partner_agency: partner_agencies = push AgencyId);
    with!(/// Adds a participating jurisdiction.
        with_participant: participants = push Jurisdiction);
    with!(/// Sets when the operation started.
        with_started: started = some PartialDate);
    with!(/// Sets when the operation ended.
        with_ended: ended = some PartialDate);
    with!(/// Sets when the operation was announced.
        with_announced: announced = some PartialDate);
    with!(/// Sets the referral that started the operation.
        with_referral: referral = some Referral);
    with!(/// Adds an agency taking part.
        with_agency: agencies = push Agency);
    with!(/// Adds a source that claims and cases cite.
        with_source: sources = push Source);
    with!(/// Adds a reported figure.
        with_claim: claims = push Claim);
    with!(/// Adds a case record.
        with_case: cases = push Case);
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
