//! Claims: one reported figure, with what it counts, where, when and who said it.

use crate::record::with;
use serde::{Deserialize, Serialize};

use crate::record::source::Citation;
use crate::value::area::Area;
use crate::value::date::PartialDate;
use crate::value::id::AgencyId;
use crate::value::id::ClaimId;
use crate::value::metric::Metric;
use crate::value::period::Period;
use crate::value::quantity::Quantity;

/// What part of an operation a figure covers.
///
/// The default is the whole operation. A scope may narrow to an area (a country, a
/// state, a region or a remainder), to the work of one agency ("NCA officers have
/// also safeguarded 79 children"), and to a reporting period ("reports received in
/// 2022"). Figures of different scopes are never compared as conflicting.
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Scope {
    /// The place the figure covers; `None` for the whole operation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<Area>,
    /// The agency whose work the figure covers; `None` for all agencies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agency: Option<AgencyId>,
    /// The reporting period the figure covers (a year, a financial year, a quarter,
    /// a range of dates); `None` for the whole operation so far.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<Period>,
}

impl Scope {
    with!(/// Limits the scope to an area: a jurisdiction, region or remainder.
        with_area: area = some Area);
    with!(/// Limits the scope to one agency's part.
        with_agency: agency = some AgencyId);
    with!(/// Limits the scope to a reporting period.
        with_period: period = some Period);
}

impl Scope {
    /// The whole operation.
    pub fn whole() -> Self {
        Self::default()
    }

    /// The operation within one area.
    pub fn area(area: impl Into<Area>) -> Self {
        Self {
            area: Some(area.into()),
            ..Self::default()
        }
    }

    /// The operation within the area written as text (`"NZ"`, `"150"`,
    /// `"rest-of:CA"`): `Scope::area_str("NZ")?`.
    ///
    /// ```
    /// use investigation_outcomes::Scope;
    ///
    /// let nz = Scope::area_str("NZ")?;
    /// assert_eq!(nz.area.unwrap().to_string(), "NZ");
    /// assert!(Scope::area_str("Atlantis").is_err());
    /// # Ok::<(), investigation_outcomes::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`AreaError`](crate::AreaError) when the text is not an area.
    pub fn area_str(area: &str) -> Result<Self, crate::value::area::AreaError> {
        Ok(Self::area(Area::try_from(area)?))
    }

    /// Whether this is the whole operation.
    pub fn is_whole(&self) -> bool {
        *self == Self::default()
    }
}

/// One reported figure.
///
/// Different sources may report different figures for the same thing: loading such
/// claims always succeeds, and reconciliation compares them. A claim that is one part
/// of a breakdown names the claim for the total in `part_of`; validation checks that
/// the parts do not add up to more than the total.
///
/// # Example
///
/// ```
/// use investigation_outcomes::{Citation, Claim, ClaimId, Metric, Scope, SourceId};
///
/// let claim = Claim::new(
///     ClaimId::new("nz-arrests")?,
///     Metric::Arrests,
///     "46".parse()?,
///     Citation::new(SourceId::new("rnz-2022-03-02")?, "Forty-six people have been arrested here"),
/// )
/// .with_scope(Scope::area("NZ".parse::<investigation_outcomes::Jurisdiction>()?))
/// .with_as_of("2022-03-02".parse()?);
/// assert!(claim.quantity.interval().contains(46));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Claim {
    /// Identifier, unique within the operation.
    pub id: ClaimId,
    /// What the figure counts.
    pub metric: Metric,
    /// What part of the operation it covers.
    #[serde(default, skip_serializing_if = "Scope::is_whole")]
    pub scope: Scope,
    /// The figure as reported, with its qualifier.
    pub quantity: Quantity,
    /// The date the figure is "as of", when the source gives or implies one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<PartialDate>,
    /// Who reported it, in their words.
    pub citation: Citation,
    /// The claim for the total this figure is one part of.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part_of: Option<ClaimId>,
    /// The figure is interim: given before its reporting period ended.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub interim: bool,
}

impl Claim {
    /// A figure for the whole operation; see the `with_` methods for a narrower
    /// scope, an "as of" date and the total it is part of, and the type's example.
    pub fn new(id: ClaimId, metric: Metric, quantity: Quantity, citation: Citation) -> Self {
        Self {
            id,
            metric,
            scope: Scope::default(),
            quantity,
            as_of: None,
            citation,
            part_of: None,
            interim: false,
        }
    }

    with!(/// Sets what the figure covers.
        with_scope: scope = Scope);
    with!(/// Sets the date the figure stands as of.
        with_as_of: as_of = some PartialDate);
    with!(/// Makes the figure a part of the total claim named.
        with_part_of: part_of = some ClaimId);
    with!(/// Marks the figure as interim (given before its period ended), or not.
        with_interim: interim = bool);
}
