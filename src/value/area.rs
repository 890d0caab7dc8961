//! The place a reported figure applies to: a jurisdiction, a region, or a remainder.

use std::fmt;
use std::str::FromStr;

use crate::value::jurisdiction::Jurisdiction;
use crate::value::jurisdiction::JurisdictionError;
use crate::value::region::Region;

/// Where a reported figure applies.
///
/// Reports give figures for countries and states ("58 in Queensland"), for regions
/// ("one child in Europe") and for explicit remainders ("rest of Canada", "other
/// countries"). A remainder is a part of a breakdown, never the whole place.
///
/// | text | meaning |
/// |---|---|
/// | `AU`, `AU-QLD` | a [`Jurisdiction`] |
/// | `150` | a [`Region`] (UN M49) |
/// | `rest-of:CA` | Canada, less the parts listed beside it |
/// | `rest-of:001` | the world less the parts listed beside it ("other countries") |
///
/// # Example
///
/// ```
/// use investigation_outcomes::Area;
///
/// let rest: Area = "rest-of:CA".parse()?;
/// assert!(rest.is_remainder());
/// assert_eq!(rest.to_string(), "rest-of:CA");
/// # Ok::<(), investigation_outcomes::AreaError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub enum Area {
    /// A country or subdivision.
    Jurisdiction(Jurisdiction),
    /// A UN M49 region.
    Region(Region),
    /// A jurisdiction less the other parts of the same breakdown.
    RestOfJurisdiction(Jurisdiction),
    /// A region less the other parts of the same breakdown.
    RestOfRegion(Region),
}

/// The text given for an [`Area`] is neither a jurisdiction, a region nor a remainder.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "invalid area {text:?}: expected a jurisdiction (\"AU-QLD\"), an M49 region (\"150\") or a remainder (\"rest-of:CA\")"
)]
pub struct AreaError {
    text: String,
    #[source]
    jurisdiction: Option<JurisdictionError>,
}

const REST_OF: &str = "rest-of:";

impl Area {
    /// Whether the area is a remainder (`rest-of:…`).
    pub fn is_remainder(&self) -> bool {
        matches!(self, Area::RestOfJurisdiction(_) | Area::RestOfRegion(_))
    }

    /// The jurisdiction named, for a jurisdiction or its remainder.
    pub fn jurisdiction(&self) -> Option<Jurisdiction> {
        match self {
            Area::Jurisdiction(j) | Area::RestOfJurisdiction(j) => Some(*j),
            Area::Region(_) | Area::RestOfRegion(_) => None,
        }
    }

    /// The region named, for a region or its remainder.
    pub fn region(&self) -> Option<Region> {
        match self {
            Area::Region(r) | Area::RestOfRegion(r) => Some(*r),
            Area::Jurisdiction(_) | Area::RestOfJurisdiction(_) => None,
        }
    }

    /// Whether the place this area names lies within the place `outer` names,
    /// where the crate can tell (remainder marks are ignored: `rest-of:CA` lies
    /// within `CA`).
    ///
    /// `None` when it cannot: the crate does not know which countries make up a
    /// region other than the world.
    pub fn lies_within(&self, outer: &Area) -> Option<bool> {
        if outer.region() == Some(Region::WORLD) {
            return Some(true);
        }
        match (self.jurisdiction(), outer.jurisdiction()) {
            (Some(inner), Some(outer)) => Some(outer.contains(inner)),
            (None, Some(_)) => Some(false),
            (Some(_), None) => None,
            (None, None) => (self.region() == outer.region()).then_some(true),
        }
    }
}

impl fmt::Display for Area {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Area::Jurisdiction(j) => write!(f, "{j}"),
            Area::Region(r) => write!(f, "{r}"),
            Area::RestOfJurisdiction(j) => write!(f, "{REST_OF}{j}"),
            Area::RestOfRegion(r) => write!(f, "{REST_OF}{r}"),
        }
    }
}

impl FromStr for Area {
    type Err = AreaError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (rest, place) = match text.strip_prefix(REST_OF) {
            Some(place) => (true, place),
            None => (false, text),
        };
        let error = |jurisdiction| AreaError {
            text: text.to_owned(),
            jurisdiction,
        };
        if place.bytes().next().is_some_and(|b| b.is_ascii_digit()) {
            let region: Region = place.parse().map_err(|_| error(None))?;
            Ok(if rest {
                Area::RestOfRegion(region)
            } else {
                Area::Region(region)
            })
        } else {
            let j: Jurisdiction = place.parse().map_err(|e| error(Some(e)))?;
            Ok(if rest {
                Area::RestOfJurisdiction(j)
            } else {
                Area::Jurisdiction(j)
            })
        }
    }
}

impl TryFrom<String> for Area {
    type Error = AreaError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<Area> for String {
    fn from(a: Area) -> String {
        a.to_string()
    }
}

impl Area {
    /// The English name, for a person to read beside the code: `Europe` for `150`,
    /// `Queensland` for `AU-QLD`, `the rest of Canada` for `rest-of:CA`.
    ///
    /// ```
    /// use investigation_outcomes::Area;
    ///
    /// assert_eq!(Area::try_from("150")?.name(), "Europe");
    /// assert_eq!(Area::try_from("rest-of:CA")?.name(), "the rest of Canada");
    /// # Ok::<(), investigation_outcomes::AreaError>(())
    /// ```
    pub fn name(&self) -> String {
        match self {
            Area::Jurisdiction(j) => j.name().to_owned(),
            Area::Region(r) => r.name().to_owned(),
            Area::RestOfJurisdiction(j) => format!("the rest of {}", j.name()),
            Area::RestOfRegion(r) => format!("the rest of {}", r.name()),
        }
    }
}

impl TryFrom<&str> for Area {
    type Error = AreaError;

    /// As [`str::parse`]: `Area::try_from("NZ")`, where `parse` would need a type.
    fn try_from(text: &str) -> Result<Self, Self::Error> {
        text.parse()
    }
}

impl From<Jurisdiction> for Area {
    fn from(j: Jurisdiction) -> Self {
        Area::Jurisdiction(j)
    }
}

impl From<Region> for Area {
    fn from(r: Region) -> Self {
        Area::Region(r)
    }
}

crate::value::text_form::serde_via_text!(Area);

#[cfg(test)]
mod tests {
    use super::*;

    fn area(s: &str) -> Area {
        s.parse().unwrap()
    }

    #[test]
    fn text_forms_round_trip() {
        for text in ["NZ", "AU-QLD", "150", "001", "rest-of:CA", "rest-of:001"] {
            assert_eq!(area(text).to_string(), text);
        }
        for bad in [
            "rest-of:",
            "rest-of:XX",
            "999",
            "Europe",
            "rest-of:rest-of:CA",
        ] {
            let err = bad.parse::<Area>().unwrap_err();
            assert!(err.to_string().contains(&format!("{bad:?}")), "{err}");
        }
    }

    #[test]
    fn containment() {
        assert_eq!(area("AU-QLD").lies_within(&area("AU")), Some(true));
        assert_eq!(area("rest-of:AU").lies_within(&area("AU")), Some(true));
        assert_eq!(area("NZ").lies_within(&area("AU")), Some(false));
        assert_eq!(area("NZ").lies_within(&area("001")), Some(true));
        assert_eq!(area("150").lies_within(&area("001")), Some(true));
        assert_eq!(area("GB").lies_within(&area("150")), None);
        assert_eq!(area("150").lies_within(&area("GB")), Some(false));
    }
}
