//! References to the statute an offence is charged under.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::value::jurisdiction::Jurisdiction;

/// The law an offence is charged under: jurisdiction, act and section.
///
/// Sections are written as the act numbers them, with subsections in brackets:
/// `124`, `131A`, `127(4)`. A penalty table matches a reference by exactly these
/// three fields.
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct StatuteRef {
    /// The jurisdiction whose law it is.
    pub jurisdiction: Jurisdiction,
    /// The act's short title: "Films, Videos, and Publications Classification Act 1993".
    pub act: String,
    /// The section: "131A", "127(4)".
    pub section: String,
}

impl StatuteRef {
    /// A section of an act of one jurisdiction.
    pub fn new(
        jurisdiction: Jurisdiction,
        act: impl Into<String>,
        section: impl Into<String>,
    ) -> Self {
        Self {
            jurisdiction,
            act: act.into(),
            section: section.into(),
        }
    }
}

impl fmt::Display for StatuteRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} s {} ({})", self.act, self.section, self.jurisdiction)
    }
}
