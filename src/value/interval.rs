//! Closed intervals of whole numbers, possibly unbounded above.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The closed interval of whole numbers `[low, high]`, or `[low, ∞)` when `high` is
/// `None`: the possible true values behind a reported figure.
///
/// # Example
///
/// ```
/// use investigation_outcomes::Interval;
///
/// let a = Interval::new(85_000, Some(95_000))?;
/// let b = Interval::exact(146);
/// let sum = a.checked_add(b).expect("no overflow");
/// assert_eq!(sum, Interval::new(85_146, Some(95_146))?);
/// assert!(sum.contains(90_146));
/// assert_eq!(Interval::at_least(100).to_string(), "[100, ∞)");
/// assert_eq!("[100, ∞)".parse::<Interval>()?, Interval::at_least(100));
///
/// // In JSON an interval is an object; `high` is null when unbounded.
/// let json = serde_json::to_string(&Interval::at_least(100)).unwrap();
/// assert_eq!(json, r#"{"low":100,"high":null}"#);
/// assert!(serde_json::from_str::<Interval>(r#"{"low":5,"high":2}"#).is_err());
/// # Ok::<(), investigation_outcomes::IntervalError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(try_from = "IntervalFields")]
pub struct Interval {
    low: u64,
    high: Option<u64>,
}

/// The serde form of an interval, checked by [`Interval::new`] when read.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IntervalFields {
    low: u64,
    high: Option<u64>,
}

impl TryFrom<IntervalFields> for Interval {
    type Error = IntervalError;

    fn try_from(fields: IntervalFields) -> Result<Self, Self::Error> {
        Interval::new(fields.low, fields.high)
    }
}

/// An interval whose low end is above its high end, or text that is not an interval.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IntervalError {
    /// The low end is above the high end.
    #[error("invalid interval: low end {low} is above high end {high}")]
    Reversed {
        /// The low end.
        low: u64,
        /// The high end.
        high: u64,
    },
    /// Text that is not of the form `[low, high]` or `[low, ∞)`.
    #[error("invalid interval {0:?}: expected [low, high] or [low, ∞)")]
    Syntax(String),
}

impl Interval {
    /// `[low, high]`, or `[low, ∞)` when `high` is `None`.
    ///
    /// # Errors
    ///
    /// Returns [`IntervalError`] when `low > high`.
    pub fn new(low: u64, high: Option<u64>) -> Result<Self, IntervalError> {
        match high {
            Some(high) if low > high => Err(IntervalError::Reversed { low, high }),
            _ => Ok(Self { low, high }),
        }
    }

    /// The single value `[value, value]`.
    pub fn exact(value: u64) -> Self {
        Self {
            low: value,
            high: Some(value),
        }
    }

    /// `[low, ∞)`.
    pub fn at_least(low: u64) -> Self {
        Self { low, high: None }
    }

    /// The lowest possible value.
    pub fn low(&self) -> u64 {
        self.low
    }

    /// The highest possible value, `None` when unbounded.
    pub fn high(&self) -> Option<u64> {
        self.high
    }

    /// Whether `value` lies in the interval.
    pub fn contains(&self, value: u64) -> bool {
        self.low <= value && self.high.is_none_or(|h| value <= h)
    }

    /// Whether the two intervals share a value.
    pub fn overlaps(&self, other: &Interval) -> bool {
        self.intersection(other).is_some()
    }

    /// The values both intervals hold, if any.
    pub fn intersection(&self, other: &Interval) -> Option<Interval> {
        let low = self.low.max(other.low);
        let high = match (self.high, other.high) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        Interval::new(low, high).ok()
    }

    /// The interval of `a + b` for every `a` in `self` and `b` in `other`;
    /// `None` on overflow of the low end. An overflowing high end becomes unbounded,
    /// which still holds every possible sum.
    pub fn checked_add(self, other: Interval) -> Option<Interval> {
        let low = self.low.checked_add(other.low)?;
        let high = match (self.high, other.high) {
            (Some(a), Some(b)) => a.checked_add(b),
            _ => None,
        };
        Some(Interval { low, high })
    }

    /// The interval of the sum of one value from each interval; `None` on overflow.
    /// The sum of no intervals is `[0, 0]`.
    pub fn checked_sum<I: IntoIterator<Item = Interval>>(intervals: I) -> Option<Interval> {
        intervals
            .into_iter()
            .try_fold(Interval::exact(0), Interval::checked_add)
    }
}

impl FromStr for Interval {
    type Err = IntervalError;

    /// Parses the [`Display`](fmt::Display) form: `[low, high]`, or `[low, ∞)` when
    /// unbounded.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let syntax = || IntervalError::Syntax(text.to_owned());
        let inner = text.trim().strip_prefix('[').ok_or_else(syntax)?;
        let (low, rest) = inner.split_once(',').ok_or_else(syntax)?;
        let low = low.trim().parse::<u64>().map_err(|_| syntax())?;
        let rest = rest.trim();
        if let Some(high) = rest.strip_suffix(']') {
            let high = high.trim().parse::<u64>().map_err(|_| syntax())?;
            Interval::new(low, Some(high))
        } else if rest.strip_suffix(')').map(str::trim) == Some("∞") {
            Ok(Interval::at_least(low))
        } else {
            Err(syntax())
        }
    }
}

impl fmt::Display for Interval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.high {
            Some(high) => write!(f, "[{}, {}]", self.low, high),
            None => write!(f, "[{}, ∞)", self.low),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn arb_interval() -> impl Strategy<Value = Interval> {
        (0u64..1_000_000, proptest::option::of(0u64..1_000_000)).prop_map(|(a, b)| match b {
            Some(b) => Interval::new(a.min(b), Some(a.max(b))).unwrap(),
            None => Interval::at_least(a),
        })
    }

    #[test]
    fn rejects_reversed_bounds() {
        assert_eq!(
            Interval::new(5, Some(3)).unwrap_err().to_string(),
            "invalid interval: low end 5 is above high end 3"
        );
    }

    #[test]
    fn overflowing_low_end_is_reported() {
        assert_eq!(
            Interval::exact(u64::MAX).checked_add(Interval::exact(1)),
            None
        );
        let high_overflow = Interval::new(1, Some(u64::MAX))
            .unwrap()
            .checked_add(Interval::exact(1))
            .unwrap();
        assert_eq!(high_overflow, Interval::at_least(2));
    }

    #[test]
    fn text_that_is_not_an_interval_is_refused() {
        for text in ["", "[1, 2", "1, 2]", "[a, 2]", "[1, inf)", "[3, 2]", "[1]"] {
            assert!(text.parse::<Interval>().is_err(), "{text:?}");
        }
    }

    proptest! {
        #[test]
        fn display_and_json_round_trip(i in arb_interval()) {
            prop_assert_eq!(i.to_string().parse::<Interval>().unwrap(), i);
            let json = serde_json::to_string(&i).unwrap();
            prop_assert_eq!(serde_json::from_str::<Interval>(&json).unwrap(), i);
        }

        #[test]
        fn sum_contains_every_sum_of_members(
            parts in proptest::collection::vec((arb_interval(), 0.0f64..=1.0), 0..8)
        ) {
            let sum = Interval::checked_sum(parts.iter().map(|(i, _)| *i)).unwrap();
            // One value drawn from each part, at a chosen fraction of its width.
            let drawn: u64 = parts.iter().map(|(i, t)| {
                let width = i.high().unwrap_or(i.low() + 1_000) - i.low();
                i.low() + (width as f64 * t) as u64
            }).sum();
            prop_assert!(sum.contains(drawn), "{sum} does not hold {drawn}");
        }

        #[test]
        fn intersection_is_within_both(a in arb_interval(), b in arb_interval(), v in 0u64..1_100_000) {
            match a.intersection(&b) {
                Some(i) => prop_assert_eq!(i.contains(v), a.contains(v) && b.contains(v)),
                None => prop_assert!(!(a.contains(v) && b.contains(v))),
            }
            prop_assert_eq!(a.overlaps(&b), b.overlaps(&a));
        }
    }
}
