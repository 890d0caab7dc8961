//! Lengths of sentences and orders: years, months and days.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

/// A length of time as a court states it: years, months and days.
///
/// Kept as stated (`18m` stays 18 months, not `1y 6m`), because that is how
/// sentences are pronounced and published. Terms are non-negative by construction.
///
/// **Text form**: `5y 2m`, `3y`, `12m`, `14d`, `0d` for zero; ISO 8601 durations
/// (`P5Y2M`, `P14D`, `P0D`) are accepted on input. The JSON form is the text form.
///
/// **Comparison**: terms are ordered by length, counting a year as 365.2425 days and a
/// month as a twelfth of that (the Gregorian averages), so `12m` and `1y` are equally
/// long; ties between different spellings are broken by the components, so that
/// ordering stays consistent with equality.
///
/// # Example
///
/// ```
/// use investigation_outcomes::Term;
///
/// let t: Term = "P5Y2M".parse()?;
/// assert_eq!(t.to_string(), "5y 2m");
/// assert!(t > "5y".parse()?);
/// assert_eq!(t.checked_add("10m".parse()?), Some("5y 12m".parse()?));
/// # Ok::<(), investigation_outcomes::TermError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Term {
    years: u32,
    months: u32,
    days: u32,
}

/// The text given for a [`Term`] is neither `5y 2m 3d` nor an ISO 8601 duration, or
/// it is longer than [`MAX_TERM_YEARS`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid term {text:?}: {}", if *.too_long {
    "longer than the longest term kept, 1000000 years"
} else {
    "expected years, months and days such as \"5y 2m\" or \"P5Y2M\""
})]
pub struct TermError {
    text: String,
    too_long: bool,
}

/// The longest term kept, in years: a million years, far beyond the longest real
/// sentences (cumulative sentences of tens of thousands of years have been passed).
/// Parsing a longer term, or adding terms past it, is an error.
pub const MAX_TERM_YEARS: u32 = 1_000_000;

/// How many units of [`Term::length_units`] make a day. A Gregorian-average year
/// (146097/400 days) and month are then whole numbers of units.
pub const TERM_UNITS_PER_DAY: u64 = 4_800;

/// A unit to state a length of time in: days, Gregorian-average months
/// (30.436875 days) or years (365.2425 days), the lengths by which terms compare.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
#[non_exhaustive]
pub enum LengthUnit {
    /// Days.
    Days,
    /// Gregorian-average months of 30.436875 days.
    Months,
    /// Gregorian-average years of 365.2425 days.
    Years,
}

impl LengthUnit {
    /// How many of [`Term::length_units`] make one of this unit.
    pub fn term_units(self) -> u64 {
        match self {
            LengthUnit::Days => UNITS_PER_DAY,
            LengthUnit::Months => UNITS_PER_MONTH,
            LengthUnit::Years => UNITS_PER_YEAR,
        }
    }

    /// A length given in [`Term::length_units`], in this unit.
    ///
    /// ```
    /// use investigation_outcomes::{LengthUnit, Term};
    ///
    /// let units = Term::years(2).length_units() as f64;
    /// assert_eq!(LengthUnit::Months.from_term_units(units), 24.0);
    /// assert_eq!(LengthUnit::Years.from_term_units(units), 2.0);
    /// ```
    pub fn from_term_units(self, units: f64) -> f64 {
        units / self.term_units() as f64
    }
}
const UNITS_PER_DAY: u64 = TERM_UNITS_PER_DAY;
pub(crate) const UNITS_PER_MONTH: u64 = 146_097;
const UNITS_PER_YEAR: u64 = 12 * UNITS_PER_MONTH;

impl Term {
    /// The zero-length term.
    pub const ZERO: Term = Term {
        years: 0,
        months: 0,
        days: 0,
    };

    /// A term of the given years, months and days.
    pub fn new(years: u32, months: u32, days: u32) -> Self {
        Self {
            years,
            months,
            days,
        }
    }

    /// A term in whole years.
    pub fn years(years: u32) -> Self {
        Self::new(years, 0, 0)
    }

    /// A term in whole months.
    pub fn months(months: u32) -> Self {
        Self::new(0, months, 0)
    }

    /// A term in whole days.
    pub fn days(days: u32) -> Self {
        Self::new(0, 0, days)
    }

    /// The stated years.
    pub fn year_part(&self) -> u32 {
        self.years
    }

    /// The stated months.
    pub fn month_part(&self) -> u32 {
        self.months
    }

    /// The stated days.
    pub fn day_part(&self) -> u32 {
        self.days
    }

    /// Whether the term has zero length.
    pub fn is_zero(&self) -> bool {
        *self == Self::ZERO
    }

    /// The sum of two terms, component by component; `None` when it would be longer
    /// than [`MAX_TERM_YEARS`].
    pub fn checked_add(self, other: Term) -> Option<Term> {
        let sum = Term {
            years: self.years.checked_add(other.years)?,
            months: self.months.checked_add(other.months)?,
            days: self.days.checked_add(other.days)?,
        };
        (!sum.is_too_long()).then_some(sum)
    }

    /// Whether the term is longer than [`MAX_TERM_YEARS`].
    pub fn is_too_long(&self) -> bool {
        self.length_units() > u64::from(MAX_TERM_YEARS) * UNITS_PER_YEAR
    }

    /// Compares lengths only: `12m` and `1y` are equally long, though not equal.
    pub fn cmp_length(&self, other: &Term) -> Ordering {
        self.length_units().cmp(&other.length_units())
    }

    /// The length in average Gregorian days (a month is 30.436875 days).
    pub fn average_days(&self) -> f64 {
        self.length_units() as f64 / UNITS_PER_DAY as f64
    }

    /// The length in whole months, rounding any part month up: a term that is
    /// longer than `n` months counts as `n + 1`.
    pub fn months_rounded_up(&self) -> u64 {
        self.length_units().div_ceil(UNITS_PER_MONTH)
    }

    /// The exact length in units of 1/4800 of a day, in which a Gregorian-average
    /// year and month are whole numbers: comparisons and sums stay exact.
    pub fn length_units(&self) -> u64 {
        u64::from(self.years) * UNITS_PER_YEAR
            + u64::from(self.months) * UNITS_PER_MONTH
            + u64::from(self.days) * UNITS_PER_DAY
    }

    /// The term as an ISO 8601 duration, for example `P5Y2M`.
    pub fn to_iso8601(&self) -> String {
        if self.is_zero() {
            return "P0D".to_owned();
        }
        let mut text = String::from("P");
        for (n, unit) in [(self.years, 'Y'), (self.months, 'M'), (self.days, 'D')] {
            if n != 0 {
                text.push_str(&n.to_string());
                text.push(unit);
            }
        }
        text
    }
}

impl Ord for Term {
    fn cmp(&self, other: &Self) -> Ordering {
        self.cmp_length(other).then_with(|| {
            (self.years, self.months, self.days).cmp(&(other.years, other.months, other.days))
        })
    }
}

impl PartialOrd for Term {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_zero() {
            return f.write_str("0d");
        }
        let mut first = true;
        for (n, unit) in [(self.years, 'y'), (self.months, 'm'), (self.days, 'd')] {
            if n != 0 {
                if !first {
                    f.write_str(" ")?;
                }
                write!(f, "{n}{unit}")?;
                first = false;
            }
        }
        Ok(())
    }
}

impl fmt::Debug for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Term({self})")
    }
}

// Reads `<digits><unit>` pieces in the order of `units`, each at most once.
/// Reads `5y2m3d` (or `5Y2M3D` after the ISO `P`), any unit left out but in that
/// order; with `spaces`, spaces are ignored, as if removed first.
fn parse_components(text: &str, units: [u8; 3], spaces: bool) -> Option<Term> {
    let mut values = [None::<u32>; 3];
    let mut next_unit = 0;
    // The number before the next unit, if any digits have come.
    let mut number: Option<u32> = None;
    for byte in text.bytes() {
        if byte.is_ascii_digit() {
            let digit = u32::from(byte - b'0');
            number = Some(number.unwrap_or(0).checked_mul(10)?.checked_add(digit)?);
            continue;
        }
        if spaces && byte == b' ' {
            continue;
        }
        let index = units.iter().position(|&u| u == byte)?;
        if index < next_unit {
            return None;
        }
        *values.get_mut(index)? = Some(number.take()?);
        next_unit = index + 1;
    }
    if number.is_some() || values.iter().all(Option::is_none) {
        return None;
    }
    let [years, months, days] = values.map(|v| v.unwrap_or(0));
    Some(Term::new(years, months, days))
}

impl FromStr for Term {
    type Err = TermError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let parsed = match text.strip_prefix('P') {
            Some(iso) => parse_components(iso, *b"YMD", false),
            None if text.contains("  ") || text.starts_with(' ') || text.ends_with(' ') => None,
            None => parse_components(text, *b"ymd", true),
        };
        match parsed {
            Some(term) if !term.is_too_long() => Ok(term),
            other => Err(TermError {
                text: text.to_owned(),
                too_long: other.is_some(),
            }),
        }
    }
}

impl TryFrom<String> for Term {
    type Error = TermError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<Term> for String {
    fn from(t: Term) -> String {
        t.to_string()
    }
}

crate::value::text_form::serde_via_text!(Term);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn t(s: &str) -> Term {
        s.parse().unwrap()
    }

    #[test]
    fn parses_canonical_and_iso_forms() {
        assert_eq!(t("5y 2m"), Term::new(5, 2, 0));
        assert_eq!(t("5y2m"), Term::new(5, 2, 0));
        assert_eq!(t("P5Y2M"), Term::new(5, 2, 0));
        assert_eq!(t("P14D"), Term::days(14));
        assert_eq!(t("P0D"), Term::ZERO);
        assert_eq!(t("0d"), Term::ZERO);
        assert_eq!(Term::ZERO.to_string(), "0d");
        assert_eq!(t("40y 3m").to_iso8601(), "P40Y3M");
        assert_eq!(Term::ZERO.to_iso8601(), "P0D");
    }

    #[test]
    fn rejects_malformed_terms() {
        for bad in [
            "",
            "5",
            "y",
            "5x",
            "2m 5y",
            "5y 5y",
            "P",
            "P5",
            "p5y",
            "-5y",
            "5y  2m",
            " 5y",
            "P5Y2M3D4D",
        ] {
            let message = bad.parse::<Term>().unwrap_err().to_string();
            assert!(message.contains(&format!("{bad:?}")), "{message}");
        }
    }

    #[test]
    fn compares_by_length() {
        assert!(t("12m") > t("11m 30d"));
        assert!(t("1y") > t("11m"));
        assert_eq!(t("12m").average_days(), t("1y").average_days());
        assert_ne!(t("12m"), t("1y"));
        assert_eq!(t("12m").months_rounded_up(), 12);
        assert_eq!(t("5y 10d").months_rounded_up(), 61);
        assert_eq!(t("5y").months_rounded_up(), 60);
    }

    use crate::arbitrary::term as arb_term;

    proptest! {
        #[test]
        fn text_forms_round_trip(term in arb_term()) {
            prop_assert_eq!(term.to_string().parse::<Term>().unwrap(), term);
            prop_assert_eq!(term.to_iso8601().parse::<Term>().unwrap(), term);
            prop_assert_eq!(term.to_string().replace(' ', "").parse::<Term>().unwrap(), term);
        }

        #[test]
        fn numbers_past_u32_are_refused_not_wrapped(years in u64::from(u32::MAX) + 1..u64::MAX) {
            let text = format!("{years}y");
            let iso = format!("P{years}Y");
            prop_assert!(text.parse::<Term>().is_err());
            prop_assert!(iso.parse::<Term>().is_err());
        }

        #[test]
        fn order_follows_length_and_equality(a in arb_term(), b in arb_term()) {
            if a.average_days() < b.average_days() {
                prop_assert!(a < b);
            }
            prop_assert_eq!(a.cmp(&b) == Ordering::Equal, a == b);
            let sum = a.checked_add(b).unwrap();
            prop_assert!(sum >= a && sum >= b);
        }
    }
}
