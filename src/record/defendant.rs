//! Defendants, known only by pseudonymous identifiers.

use crate::record::with;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::value::id::DefendantId;

/// A defendant: a pseudonymous identifier and, optionally, an age band. There is no
/// field for a name or any other identifying detail, by design.
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[derive(Clone, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Defendant {
    /// The pseudonymous identifier.
    pub id: DefendantId,
    /// The age band at the time of the offence or of reporting, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_band: Option<AgeBand>,
}

impl Defendant {
    /// A defendant known by a pseudonymous identifier.
    pub fn new(id: DefendantId) -> Self {
        Self { id, age_band: None }
    }

    with!(/// Sets the age band at the time of the offence.
        with_age_band: age_band = some AgeBand);
}

/// An age band such as `45-49`, or an open band such as `65+`.
///
/// # Example
///
/// ```
/// use investigation_outcomes::AgeBand;
///
/// let band: AgeBand = "45-49".parse()?;
/// assert!(band.contains(48));
/// assert_eq!("65+".parse::<AgeBand>()?.to_string(), "65+");
/// # Ok::<(), investigation_outcomes::AgeBandError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct AgeBand {
    low: u8,
    high: Option<u8>,
}

/// The text given for an [`AgeBand`] is not `LOW-HIGH` or `LOW+` with ages 0 to 120.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "invalid age band {text:?}: expected \"LOW-HIGH\" or \"LOW+\" with ages from 0 to 120, low not above high"
)]
pub struct AgeBandError {
    text: String,
}

impl AgeBand {
    /// A band from `low` to `high` inclusive, or open above when `high` is `None`.
    ///
    /// # Errors
    ///
    /// Returns [`AgeBandError`] when an age is above 120 or `low > high`.
    pub fn new(low: u8, high: Option<u8>) -> Result<Self, AgeBandError> {
        let valid = low <= 120 && high.is_none_or(|h| h <= 120 && low <= h);
        if valid {
            Ok(Self { low, high })
        } else {
            Err(AgeBandError {
                text: Self { low, high }.to_string(),
            })
        }
    }

    /// Whether `age` falls in the band.
    pub fn contains(&self, age: u8) -> bool {
        self.low <= age && self.high.is_none_or(|h| age <= h)
    }

    /// The lowest age.
    pub fn low(&self) -> u8 {
        self.low
    }

    /// The highest age; `None` for an open band.
    pub fn high(&self) -> Option<u8> {
        self.high
    }
}

impl fmt::Display for AgeBand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.high {
            Some(high) => write!(f, "{}-{}", self.low, high),
            None => write!(f, "{}+", self.low),
        }
    }
}

impl FromStr for AgeBand {
    type Err = AgeBandError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bytes = text.as_bytes();
        let band = match bytes.split_last() {
            Some((b'+', low)) => age(low).map(|low| (low, None)),
            _ => bytes.iter().position(|&b| b == b'-').and_then(|dash| {
                let (low, high) = (bytes.get(..dash)?, bytes.get(dash + 1..)?);
                Some((age(low)?, Some(age(high)?)))
            }),
        };
        band.and_then(|(low, high)| Self::new(low, high).ok())
            .ok_or_else(|| AgeBandError {
                text: text.to_owned(),
            })
    }
}

/// An age written in decimal digits (leading zeros allowed), if it fits a `u8`.
fn age(digits: &[u8]) -> Option<u8> {
    if digits.is_empty() {
        return None;
    }
    // Saturates past `u8::MAX`, so that long runs of digits cannot overflow.
    let mut value: u16 = 0;
    for &byte in digits {
        let digit = byte.wrapping_sub(b'0');
        if digit > 9 {
            return None;
        }
        value = (value * 10 + u16::from(digit)).min(256);
    }
    u8::try_from(value).ok()
}

impl TryFrom<String> for AgeBand {
    type Error = AgeBandError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<AgeBand> for String {
    fn from(b: AgeBand) -> String {
        b.to_string()
    }
}

crate::value::text_form::serde_via_text!(AgeBand);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn rejects_bad_bands() {
        for bad in ["49-45", "45", "-5", "45-", "121+", "a-b", "+", "45-200"] {
            let message = bad.parse::<AgeBand>().unwrap_err().to_string();
            assert!(message.contains(&format!("{bad:?}")), "{message}");
        }
    }

    /// The reading of bands before it was written for speed, to compare with.
    fn reference_parse(text: &str) -> Result<AgeBand, AgeBandError> {
        let error = || AgeBandError {
            text: text.to_owned(),
        };
        let age = |s: &str| -> Result<u8, AgeBandError> {
            if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
                return Err(error());
            }
            s.parse().map_err(|_| error())
        };
        let band = if let Some(low) = text.strip_suffix('+') {
            AgeBand::new(age(low)?, None)
        } else {
            let (low, high) = text.split_once('-').ok_or_else(error)?;
            AgeBand::new(age(low)?, Some(age(high)?))
        };
        band.map_err(|_| error())
    }

    proptest! {
        /// Bands read as the plain reading reads them, errors included, on texts
        /// built from digits, signs and the odd other character.
        #[test]
        fn reads_as_the_reference_reading_does(
            text in "[0-9+\\-a ]{0,8}|0{0,20}[0-9]{1,4}-0{0,20}[0-9]{1,4}|[0-9]{1,4}\\+",
        ) {
            let read = text.parse::<AgeBand>().map_err(|e| e.to_string());
            prop_assert_eq!(read, reference_parse(&text).map_err(|e| e.to_string()));
        }

        #[test]
        fn text_round_trips(low in 0u8..=120, high in proptest::option::of(0u8..=120)) {
            if let Ok(band) = AgeBand::new(low, high) {
                prop_assert_eq!(band.to_string().parse::<AgeBand>().unwrap(), band);
                prop_assert!(band.contains(low));
            } else {
                prop_assert!(high.is_some_and(|h| h < low));
            }
        }
    }
}
