//! Countries (ISO 3166-1 alpha-2) and their subdivisions (ISO 3166-2).

use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use crate::util::fx::FxHashSet;

/// A country or one of its subdivisions, by its ISO 3166 code.
///
/// A `Jurisdiction` that exists names a real entry of the ISO 3166-1 alpha-2
/// country list (`NZ`) or the ISO 3166-2 subdivision list (`AU-QLD`, `GB-ENG`).
/// Membership is checked against the Debian iso-codes data (through the
/// `rust_iso3166` crate), never against a hand-typed table.
///
/// The text form is the code itself, in upper case, and that is also its JSON form.
/// Ordering is by code, so a country sorts just before its subdivisions.
///
/// # Example
///
/// ```
/// use investigation_outcomes::Jurisdiction;
///
/// let queensland: Jurisdiction = "AU-QLD".parse()?;
/// let australia: Jurisdiction = "AU".parse()?;
/// assert_eq!(queensland.parent(), Some(australia));
/// assert!(australia.contains(queensland));
/// assert_eq!(queensland.to_string(), "AU-QLD");
/// assert!("XX".parse::<Jurisdiction>().is_err());
/// # Ok::<(), investigation_outcomes::JurisdictionError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Jurisdiction {
    // The code as ASCII bytes, padded with zeros: "AU-QLD" is at most six bytes
    // ("CC-XXX"), so the type stays `Copy` and cheap to group by.
    code: [u8; 6],
}

impl Jurisdiction {
    // The code as one number that orders as the text does ("AT" < "AU" < "AU-QLD"),
    // for hashing and comparing cheaply.
    fn word(&self) -> u64 {
        let [a, b, c, d, e, f] = self.code;
        u64::from_be_bytes([a, b, c, d, e, f, 0, 0])
    }
}

impl std::hash::Hash for Jurisdiction {
    // One word: cases are grouped by jurisdiction, so it is hashed for every case.
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_u64(self.word());
    }
}

impl PartialOrd for Jurisdiction {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Jurisdiction {
    /// By code, as text.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.word().cmp(&other.word())
    }
}

/// The code given for a [`Jurisdiction`] is malformed or not in the ISO 3166 lists.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid jurisdiction {code:?}: {reason}")]
pub struct JurisdictionError {
    code: String,
    reason: &'static str,
}

impl JurisdictionError {
    /// The code that was rejected.
    pub fn code(&self) -> &str {
        &self.code
    }
}

impl Jurisdiction {
    /// Parses and checks an ISO 3166-1 alpha-2 or ISO 3166-2 code.
    ///
    /// # Errors
    ///
    /// Returns [`JurisdictionError`] when the code is not upper-case `CC` or
    /// `CC-XXX`, or is not in the ISO 3166 lists.
    pub fn new(code: &str) -> Result<Self, JurisdictionError> {
        // A dataset names a few jurisdictions a million times: the codes that pass
        // the checks are looked up in a set made once, with a cheaper hash than the
        // ISO tables'; any other code gets the checks and their error.
        match packed(code) {
            Some(packed) if accepted_codes().contains(&packed) => Ok(Self::from_checked(code)),
            _ => Self::checked(code),
        }
    }

    /// [`Jurisdiction::new`], by the ISO 3166 tables.
    fn checked(code: &str) -> Result<Self, JurisdictionError> {
        let error = |reason| JurisdictionError {
            code: code.to_owned(),
            reason,
        };
        let (country, subdivision) = match code.split_once('-') {
            Some((country, subdivision)) => (country, Some(subdivision)),
            None => (code, None),
        };
        let upper_alpha = |s: &str| s.bytes().all(|b| b.is_ascii_uppercase());
        if country.len() != 2 || !upper_alpha(country) {
            return Err(error(
                "expected an upper-case ISO 3166-1 alpha-2 country code, optionally followed by -SUBDIVISION",
            ));
        }
        match subdivision {
            None => {
                if rust_iso3166::from_alpha2(country).is_none() {
                    return Err(error("not an ISO 3166-1 alpha-2 country code"));
                }
            }
            Some(sub) => {
                let well_formed = (1..=3).contains(&sub.len())
                    && sub
                        .bytes()
                        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
                if !well_formed {
                    return Err(error(
                        "expected a subdivision part of one to three upper-case letters or digits",
                    ));
                }
                if rust_iso3166::iso3166_2::from_code(code).is_none() {
                    return Err(error("not an ISO 3166-2 subdivision code"));
                }
            }
        }
        Ok(Self::from_checked(code))
    }

    /// The jurisdiction of a code that passed the checks.
    fn from_checked(code: &str) -> Self {
        let mut bytes = [0u8; 6];
        for (slot, byte) in bytes.iter_mut().zip(code.bytes()) {
            *slot = byte;
        }
        Self { code: bytes }
    }

    /// The code, for example `"AU-QLD"`.
    pub fn as_str(&self) -> &str {
        let len = self.code.iter().position(|&b| b == 0).unwrap_or(6);
        // The bytes were copied from a checked ASCII string.
        std::str::from_utf8(self.code.get(..len).unwrap_or_default()).unwrap_or_default()
    }

    /// Whether this is a country rather than a subdivision.
    pub fn is_country(&self) -> bool {
        self.code[2] == 0
    }

    /// The country this jurisdiction is in (itself, for a country).
    pub fn country(&self) -> Jurisdiction {
        let mut code = [0u8; 6];
        code[0] = self.code[0];
        code[1] = self.code[1];
        Jurisdiction { code }
    }

    /// The country of a subdivision; `None` for a country.
    ///
    /// ISO 3166-2 also lists some subdivisions inside others (a Spanish province in
    /// its autonomous community); their parent here is still the country, because
    /// the code lists used do not record that nesting.
    pub fn parent(&self) -> Option<Jurisdiction> {
        (!self.is_country()).then(|| self.country())
    }

    /// Whether `other` is this jurisdiction or lies within it.
    pub fn contains(&self, other: Jurisdiction) -> bool {
        *self == other || (self.is_country() && other.country() == *self)
    }

    /// The English short name from the ISO 3166 lists, for example `"Queensland"`.
    pub fn name(&self) -> &'static str {
        if self.is_country() {
            rust_iso3166::from_alpha2(self.as_str()).map_or("", |c| c.name)
        } else {
            rust_iso3166::iso3166_2::from_code(self.as_str()).map_or("", |s| s.name)
        }
    }
}

impl fmt::Display for Jurisdiction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Jurisdiction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Jurisdiction({})", self.as_str())
    }
}

impl FromStr for Jurisdiction {
    type Err = JurisdictionError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::new(s)
    }
}

impl TryFrom<String> for Jurisdiction {
    type Error = JurisdictionError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::new(&s)
    }
}

impl From<Jurisdiction> for String {
    fn from(j: Jurisdiction) -> String {
        j.as_str().to_owned()
    }
}

/// A code of at most six bytes as one word: its bytes, then its length.
fn packed(code: &str) -> Option<u64> {
    if code.len() > 6 {
        return None;
    }
    let mut bytes = [0u8; 8];
    for (slot, byte) in bytes.iter_mut().zip(code.bytes()) {
        *slot = byte;
    }
    bytes[7] = u8::try_from(code.len()).ok()?;
    Some(u64::from_le_bytes(bytes))
}

/// Every code in the ISO 3166 lists that passes [`Jurisdiction::checked`], packed.
fn accepted_codes() -> &'static FxHashSet<u64> {
    static ACCEPTED: OnceLock<FxHashSet<u64>> = OnceLock::new();
    ACCEPTED.get_or_init(|| {
        all_jurisdiction_codes()
            .filter(|code| Jurisdiction::checked(code).is_ok())
            .filter_map(packed)
            .collect()
    })
}

/// Every ISO 3166-1 country and ISO 3166-2 subdivision code the crate accepts.
///
/// Useful for generating data and for property tests.
pub fn all_jurisdiction_codes() -> impl Iterator<Item = &'static str> {
    rust_iso3166::ALL.iter().flat_map(|country| {
        std::iter::once(country.alpha2).chain(
            country
                .subdivisions()
                .unwrap_or_default()
                .iter()
                .map(|s| s.code),
        )
    })
}

crate::value::text_form::serde_via_text!(Jurisdiction);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn every_listed_code_is_accepted_as_the_tables_accept_it() {
        for code in all_jurisdiction_codes() {
            assert_eq!(
                Jurisdiction::new(code),
                Jurisdiction::checked(code),
                "{code}"
            );
        }
        assert!(accepted_codes().len() > 3_000);
    }

    proptest! {
        /// The lookup of accepted codes decides as the tables do, error included.
        #[test]
        fn the_lookup_decides_as_the_tables_do(
            code in prop_oneof![
                "[A-Z]{2}(-[A-Z0-9]{1,3})?",
                "[A-Za-z0-9\\-\0 ]{0,8}",
                crate::arbitrary::jurisdiction().prop_map(|j| format!("{j}\0")),
            ],
        ) {
            prop_assert_eq!(Jurisdiction::new(&code), Jurisdiction::checked(&code));
        }

        #[test]
        fn jurisdictions_order_and_hash_as_their_codes(
            a in crate::arbitrary::jurisdiction(),
            b in crate::arbitrary::jurisdiction(),
        ) {
            use std::hash::BuildHasher;
            prop_assert_eq!(a.cmp(&b), a.as_str().cmp(b.as_str()));
            let hasher = std::collections::hash_map::RandomState::new();
            prop_assert_eq!(a == b, hasher.hash_one(a) == hasher.hash_one(b));
        }
    }

    #[test]
    fn parses_countries_and_subdivisions() {
        for code in ["NZ", "AU", "AU-QLD", "GB-ENG", "US-CA", "NZ-AUK"] {
            let j: Jurisdiction = code.parse().unwrap();
            assert_eq!(j.to_string(), code);
        }
    }

    #[test]
    fn parent_and_containment() {
        let qld: Jurisdiction = "AU-QLD".parse().unwrap();
        let au: Jurisdiction = "AU".parse().unwrap();
        let nz: Jurisdiction = "NZ".parse().unwrap();
        assert_eq!(qld.parent(), Some(au));
        assert_eq!(au.parent(), None);
        assert!(au.contains(qld));
        assert!(au.contains(au));
        assert!(!qld.contains(au));
        assert!(!nz.contains(qld));
        assert_eq!(qld.name(), "Queensland");
    }

    #[test]
    fn rejects_unknown_and_malformed_codes_naming_them() {
        let cases = [
            ("XX", "not an ISO 3166-1 alpha-2 country code"),
            ("AU-ZZZ", "not an ISO 3166-2 subdivision code"),
            ("nz", "expected an upper-case"),
            ("NZL", "expected an upper-case"),
            ("AU-", "expected a subdivision part"),
            ("AU-QLDX", "expected a subdivision part"),
            ("", "expected an upper-case"),
        ];
        for (code, reason) in cases {
            let err = code.parse::<Jurisdiction>().unwrap_err();
            assert_eq!(err.code(), code);
            let message = err.to_string();
            assert!(message.contains(reason), "{message}");
            assert!(message.contains(&format!("{code:?}")), "{message}");
        }
    }

    #[test]
    fn every_listed_code_round_trips() {
        let mut count = 0;
        for code in all_jurisdiction_codes() {
            let j: Jurisdiction = code.parse().unwrap();
            assert_eq!(j.as_str(), code);
            count += 1;
        }
        assert!(count > 5000, "only {count} codes");
    }

    #[test]
    fn json_is_the_code() {
        let j: Jurisdiction = serde_json::from_str("\"AU-VIC\"").unwrap();
        assert_eq!(serde_json::to_string(&j).unwrap(), "\"AU-VIC\"");
        let err = serde_json::from_str::<Jurisdiction>("\"QQ\"").unwrap_err();
        assert!(err.to_string().contains("\"QQ\""));
    }
}
