//! Amounts of money with their currency, for fines and statutory maxima.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// An ISO 4217 currency code such as `NZD` (three upper-case letters; the crate checks
/// the form, not membership of the list).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Currency([u8; 3]);

/// The text given for a [`Currency`] is not three upper-case letters.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "invalid currency {text:?}: expected an ISO 4217 code of three upper-case letters such as \"NZD\""
)]
pub struct CurrencyError {
    text: String,
}

impl Currency {
    /// New Zealand dollar.
    pub const NZD: Currency = Currency(*b"NZD");
    /// Australian dollar.
    pub const AUD: Currency = Currency(*b"AUD");
    /// United States dollar.
    pub const USD: Currency = Currency(*b"USD");
    /// Pound sterling.
    pub const GBP: Currency = Currency(*b"GBP");
    /// Canadian dollar.
    pub const CAD: Currency = Currency(*b"CAD");
    /// Euro.
    pub const EUR: Currency = Currency(*b"EUR");

    /// Checks a currency code.
    ///
    /// # Errors
    ///
    /// Returns [`CurrencyError`] unless the text is three upper-case ASCII letters.
    pub fn new(text: &str) -> Result<Self, CurrencyError> {
        let bytes: [u8; 3] = text.as_bytes().try_into().map_err(|_| CurrencyError {
            text: text.to_owned(),
        })?;
        if bytes.iter().all(u8::is_ascii_uppercase) {
            Ok(Self(bytes))
        } else {
            Err(CurrencyError {
                text: text.to_owned(),
            })
        }
    }

    /// The code, for example `"NZD"`.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Currency({})", self.as_str())
    }
}

impl FromStr for Currency {
    type Err = CurrencyError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::new(s)
    }
}

impl TryFrom<String> for Currency {
    type Error = CurrencyError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::new(&s)
    }
}

impl From<Currency> for String {
    fn from(c: Currency) -> String {
        c.as_str().to_owned()
    }
}

/// An amount of money in whole units of its currency (fines and their maxima are set
/// and reported in whole units).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Money {
    /// The amount, in whole units of the currency.
    pub amount: u64,
    /// The currency.
    pub currency: Currency,
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.amount, self.currency)
    }
}

crate::value::text_form::serde_via_text!(Currency);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn currency_form_is_checked() {
        assert_eq!(Currency::new("NZD").unwrap().as_str(), "NZD");
        for bad in ["nzd", "NZ", "NZDD", "N1D", ""] {
            assert!(
                Currency::new(bad)
                    .unwrap_err()
                    .to_string()
                    .contains(&format!("{bad:?}"))
            );
        }
    }
}
