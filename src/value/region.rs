//! UN M49 geographic regions ("Europe", "the world"), for figures reported by region.

use std::fmt;
use std::str::FromStr;

/// A UN M49 geographic region (`001` World, `150` Europe, …).
///
/// Reports scope figures to regions as well as countries ("one child in Europe").
/// The crate knows the regions and sub-regions of the M49 standard
/// (unstats.un.org/unsd/methodology/m49), whose list is short and stable; it does not
/// know which countries each region contains, except that the world contains all.
///
/// The text and JSON form is the three-digit code.
///
/// # Example
///
/// ```
/// use investigation_outcomes::Region;
///
/// let europe: Region = "150".parse()?;
/// assert_eq!(europe.name(), "Europe");
/// assert!("999".parse::<Region>().is_err());
/// # Ok::<(), investigation_outcomes::RegionError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Region {
    code: u16,
}

/// The code given for a [`Region`] is not a known UN M49 region.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "invalid region {code:?}: expected a three-digit UN M49 region code such as \"150\" (Europe)"
)]
pub struct RegionError {
    code: String,
}

// UN M49 regions and sub-regions (not countries), code and English name.
const M49_REGIONS: &[(u16, &str)] = &[
    (1, "World"),
    (2, "Africa"),
    (5, "South America"),
    (9, "Oceania"),
    (11, "Western Africa"),
    (13, "Central America"),
    (14, "Eastern Africa"),
    (15, "Northern Africa"),
    (17, "Middle Africa"),
    (18, "Southern Africa"),
    (19, "Americas"),
    (21, "Northern America"),
    (29, "Caribbean"),
    (30, "Eastern Asia"),
    (34, "Southern Asia"),
    (35, "South-eastern Asia"),
    (39, "Southern Europe"),
    (53, "Australia and New Zealand"),
    (54, "Melanesia"),
    (57, "Micronesia"),
    (61, "Polynesia"),
    (142, "Asia"),
    (143, "Central Asia"),
    (145, "Western Asia"),
    (150, "Europe"),
    (151, "Eastern Europe"),
    (154, "Northern Europe"),
    (155, "Western Europe"),
    (202, "Sub-Saharan Africa"),
    (419, "Latin America and the Caribbean"),
];

impl Region {
    /// The whole world, M49 `001`.
    pub const WORLD: Region = Region { code: 1 };

    /// Parses a three-digit M49 region code.
    ///
    /// # Errors
    ///
    /// Returns [`RegionError`] when the text is not three digits naming an M49 region.
    pub fn new(code: &str) -> Result<Self, RegionError> {
        let error = || RegionError {
            code: code.to_owned(),
        };
        if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(error());
        }
        let number: u16 = code.parse().map_err(|_| error())?;
        M49_REGIONS
            .binary_search_by_key(&number, |&(c, _)| c)
            .map(|_| Region { code: number })
            .map_err(|_| error())
    }

    /// The English name, for example `"Europe"`.
    pub fn name(&self) -> &'static str {
        M49_REGIONS
            .binary_search_by_key(&self.code, |&(c, _)| c)
            .ok()
            .and_then(|i| M49_REGIONS.get(i))
            .map_or("", |&(_, name)| name)
    }

    /// Every region the crate knows.
    pub fn all() -> impl Iterator<Item = Region> {
        M49_REGIONS.iter().map(|&(code, _)| Region { code })
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:03}", self.code)
    }
}

impl fmt::Debug for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Region({:03})", self.code)
    }
}

impl FromStr for Region {
    type Err = RegionError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::new(s)
    }
}

impl TryFrom<String> for Region {
    type Error = RegionError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::new(&s)
    }
}

impl From<Region> for String {
    fn from(r: Region) -> String {
        r.to_string()
    }
}

crate::value::text_form::serde_via_text!(Region);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_for_binary_search() {
        assert!(M49_REGIONS.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn parses_known_regions_and_rejects_others() {
        assert_eq!("001".parse::<Region>().unwrap(), Region::WORLD);
        assert_eq!("150".parse::<Region>().unwrap().name(), "Europe");
        for bad in ["1", "0001", "999", "036", "abc", "15O"] {
            let err = bad.parse::<Region>().unwrap_err();
            assert!(err.to_string().contains(&format!("{bad:?}")));
        }
        for region in Region::all() {
            assert_eq!(region.to_string().parse::<Region>().unwrap(), region);
        }
    }
}
