//! Agencies taking part in operations.

use crate::record::with;
use serde::{Deserialize, Serialize};

use crate::value::code_list::code_list;
use crate::value::id::AgencyId;
use crate::value::jurisdiction::Jurisdiction;

code_list! {
    /// What kind of body an [`Agency`] is.
    pub enum AgencyKind : "agency kind" {
        /// A police force or law-enforcement agency (AFP, FBI, NCA).
        Police = "police",
        /// A ministry or government department (NZ Department of Internal Affairs).
        Ministry = "ministry",
        /// A prosecution service.
        Prosecutor = "prosecutor",
        /// An international body (INTERPOL, Europol).
        InternationalBody = "international_body",
        /// A non-governmental organisation (NCMEC).
        Ngo = "ngo",
        /// An online service provider that reports material.
        ServiceProvider = "service_provider",
        /// Anything else.
        Other = "other",
    }
}

/// An agency: a police force, a ministry, an international body, an NGO.
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Agency {
    /// Identifier, unique within the operation.
    pub id: AgencyId,
    /// The agency's name: "Australian Federal Police".
    pub name: String,
    /// What kind of body it is; `None` when the sources do not say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<AgencyKind>,
    /// The jurisdiction it belongs to; `None` for international bodies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jurisdiction: Option<Jurisdiction>,
}

impl Agency {
    /// An agency by its name and kind.
    pub fn new(id: AgencyId, name: impl Into<String>, kind: AgencyKind) -> Self {
        Self {
            id,
            name: name.into(),
            kind: Some(kind),
            jurisdiction: None,
        }
    }

    with!(/// Sets the jurisdiction the agency belongs to.
        with_jurisdiction: jurisdiction = some Jurisdiction);
}
