//! Reported figures: a value with a qualifier ("about 90,000", "just over five years").

use std::fmt;
use std::str::FromStr;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::value::interval::Interval;

/// A reported figure: a whole number in the unit of its metric, with the qualifier
/// the source used.
///
/// Every quantity denotes the closed [`Interval`] of true values it allows. The rules,
/// where `p` is the figure's *precision* and `h = max(p / 2, 1)`:
///
/// | qualifier | text | interval |
/// |---|---|---|
/// | exact | `146` | `[v, v]` |
/// | approximately | `about 90000` | `[v − h, v + h]` |
/// | at least | `at least 5` | `[v, ∞)` |
/// | more than | `more than 100` | `[v + 1, ∞)` |
/// | at most | `at most 3` | `[0, v]` |
/// | fewer than | `fewer than 10` | `[0, v − 1]` |
/// | almost | `almost 1400` | `[v − h, v − 1]` |
/// | just over | `just over 60` | `[v + 1, v + h]` |
/// | between | `between 10 and 20` | `[a, b]` |
/// | magnitude word | `dozens`, `hundreds`, `thousands`, `tens of thousands`, `hundreds of thousands`, `millions` | `[2u, ∞)` for the unit `u` |
///
/// **Precision.** Unless stated, `p` is the largest power of ten that divides the
/// value: "about 90,000" is stated to the nearest 10,000, so `p = 10000`, `h = 5000`
/// and the interval is `[85000, 95000]`; "almost 1,400" has `p = 100` and means
/// `[1350, 1399]`. A source that states a figure in a larger unit than the metric's
/// needs an explicit precision: "just over five years" in months is
/// `just over 60 (precision 12)`, that is `[61, 66]` months. Lower ends saturate at 0.
///
/// **Magnitude words** promise at least two of their unit and nothing above: speakers
/// say "thousands of accounts" of 90,000 accounts, so an upper bound would invent
/// conflicts.
///
/// Text forms parse back from [`Display`](fmt::Display); parsing also accepts
/// `approximately`, `around`, `over`, `nearly` and `under`, and digit groups with
/// commas (`90,000`). In JSON an exact figure is a number and any other a string.
///
/// # Example
///
/// ```
/// use investigation_outcomes::{Interval, Quantity};
///
/// let people: Quantity = "about 90,000".parse()?;
/// assert_eq!(people.to_string(), "about 90000");
/// assert_eq!(people.interval(), Interval::new(85_000, Some(95_000))?);
///
/// let longest: Quantity = "just over 60 (precision 12)".parse()?;
/// assert_eq!(longest.interval(), Interval::new(61, Some(66))?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Quantity {
    figure: Figure,
    // Stated rounding unit; only for approximately, almost and just over.
    precision: Option<u64>,
}

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum Figure {
    Exact(u64),
    Approximately(u64),
    AtLeast(u64),
    MoreThan(u64),
    AtMost(u64),
    FewerThan(u64),
    Almost(u64),
    JustOver(u64),
    Between(u64, u64),
    Magnitude(Magnitude),
}

/// The qualifier a source put on a figure.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
#[non_exhaustive]
pub enum Qualifier {
    /// An exact count: "146 children".
    Exact,
    /// "about", "approximately", "around".
    Approximately,
    /// "at least".
    AtLeast,
    /// "more than", "over".
    MoreThan,
    /// "at most", "up to".
    AtMost,
    /// "fewer than", "under".
    FewerThan,
    /// "almost", "nearly".
    Almost,
    /// "just over".
    JustOver,
    /// "between a and b".
    Between,
    /// A magnitude word: "dozens", "hundreds", "thousands", ….
    Magnitude(Magnitude),
}

/// A plural magnitude word standing in for a number.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Magnitude {
    /// "dozens": at least 24.
    Dozens,
    /// "hundreds": at least 200.
    Hundreds,
    /// "thousands": at least 2,000.
    Thousands,
    /// "tens of thousands": at least 20,000.
    TensOfThousands,
    /// "hundreds of thousands": at least 200,000.
    HundredsOfThousands,
    /// "millions": at least 2,000,000.
    Millions,
}

const MAGNITUDES: [(Magnitude, &str, u64); 6] = [
    (Magnitude::Dozens, "dozens", 12),
    (Magnitude::Hundreds, "hundreds", 100),
    (Magnitude::Thousands, "thousands", 1_000),
    (Magnitude::TensOfThousands, "tens of thousands", 10_000),
    (
        Magnitude::HundredsOfThousands,
        "hundreds of thousands",
        100_000,
    ),
    (Magnitude::Millions, "millions", 1_000_000),
];

impl Magnitude {
    /// The word as written, for example `"tens of thousands"`.
    pub fn as_str(self) -> &'static str {
        MAGNITUDES
            .iter()
            .find(|(m, _, _)| *m == self)
            .map_or("", |(_, word, _)| word)
    }

    /// The unit the word counts in (a dozen is 12).
    pub fn unit(self) -> u64 {
        MAGNITUDES
            .iter()
            .find(|(m, _, _)| *m == self)
            .map_or(1, |(_, _, unit)| *unit)
    }
}

/// The text or numbers given for a [`Quantity`] do not make a figure.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid quantity {text:?}: {reason}")]
pub struct QuantityError {
    text: String,
    reason: &'static str,
}

impl Quantity {
    /// An exact figure.
    pub fn exact(value: u64) -> Self {
        Self::plain(Figure::Exact(value))
    }

    /// "about `value`".
    ///
    /// # Errors
    ///
    /// Returns [`QuantityError`] when the interval would overflow.
    pub fn approximately(value: u64) -> Result<Self, QuantityError> {
        Self::checked(Figure::Approximately(value), None)
    }

    /// "at least `value`".
    pub fn at_least(value: u64) -> Self {
        Self::plain(Figure::AtLeast(value))
    }

    /// "more than `value`".
    ///
    /// # Errors
    ///
    /// Returns [`QuantityError`] when `value` is `u64::MAX`, which nothing is above.
    pub fn more_than(value: u64) -> Result<Self, QuantityError> {
        Self::checked(Figure::MoreThan(value), None)
    }

    /// "at most `value`".
    pub fn at_most(value: u64) -> Self {
        Self::plain(Figure::AtMost(value))
    }

    /// "fewer than `value`".
    ///
    /// # Errors
    ///
    /// Returns [`QuantityError`] when `value` is 0.
    pub fn fewer_than(value: u64) -> Result<Self, QuantityError> {
        Self::checked(Figure::FewerThan(value), None)
    }

    /// "almost `value`".
    ///
    /// # Errors
    ///
    /// Returns [`QuantityError`] when `value` is 0.
    pub fn almost(value: u64) -> Result<Self, QuantityError> {
        Self::checked(Figure::Almost(value), None)
    }

    /// "just over `value`".
    ///
    /// # Errors
    ///
    /// Returns [`QuantityError`] when the interval would overflow.
    pub fn just_over(value: u64) -> Result<Self, QuantityError> {
        Self::checked(Figure::JustOver(value), None)
    }

    /// "between `low` and `high`".
    ///
    /// # Errors
    ///
    /// Returns [`QuantityError`] unless `low < high`.
    pub fn between(low: u64, high: u64) -> Result<Self, QuantityError> {
        Self::checked(Figure::Between(low, high), None)
    }

    /// A magnitude word: "thousands".
    pub fn magnitude(magnitude: Magnitude) -> Self {
        Self::plain(Figure::Magnitude(magnitude))
    }

    /// The same figure with an explicitly stated rounding precision, for example 12
    /// for a term in months stated in whole years.
    ///
    /// # Errors
    ///
    /// Returns [`QuantityError`] when the qualifier is not approximately, almost or
    /// just over, when `precision` is 0, or when the interval would overflow.
    pub fn with_precision(self, precision: u64) -> Result<Self, QuantityError> {
        Self::checked(self.figure, Some(precision))
    }

    fn plain(figure: Figure) -> Self {
        Self {
            figure,
            precision: None,
        }
    }

    fn checked(figure: Figure, precision: Option<u64>) -> Result<Self, QuantityError> {
        let quantity = Self { figure, precision };
        let error = |reason| QuantityError {
            text: quantity.to_string(),
            reason,
        };
        if let Some(p) = precision {
            if p == 0 {
                return Err(error("precision must be at least 1"));
            }
            if !matches!(
                figure,
                Figure::Approximately(_) | Figure::Almost(_) | Figure::JustOver(_)
            ) {
                return Err(error(
                    "precision applies only to about, almost and just over",
                ));
            }
        }
        match figure {
            Figure::FewerThan(0) | Figure::Almost(0) => {
                return Err(error("no whole number is below 0"));
            }
            Figure::Between(low, high) if low >= high => {
                return Err(error("the first bound must be below the second"));
            }
            _ => {}
        }
        quantity
            .try_interval()
            .ok_or_else(|| error("the figure is too large"))?;
        Ok(quantity)
    }

    /// The qualifier.
    pub fn qualifier(&self) -> Qualifier {
        match self.figure {
            Figure::Exact(_) => Qualifier::Exact,
            Figure::Approximately(_) => Qualifier::Approximately,
            Figure::AtLeast(_) => Qualifier::AtLeast,
            Figure::MoreThan(_) => Qualifier::MoreThan,
            Figure::AtMost(_) => Qualifier::AtMost,
            Figure::FewerThan(_) => Qualifier::FewerThan,
            Figure::Almost(_) => Qualifier::Almost,
            Figure::JustOver(_) => Qualifier::JustOver,
            Figure::Between(_, _) => Qualifier::Between,
            Figure::Magnitude(m) => Qualifier::Magnitude(m),
        }
    }

    /// The number the source stated; `None` for "between" and magnitude words.
    pub fn value(&self) -> Option<u64> {
        match self.figure {
            Figure::Exact(v)
            | Figure::Approximately(v)
            | Figure::AtLeast(v)
            | Figure::MoreThan(v)
            | Figure::AtMost(v)
            | Figure::FewerThan(v)
            | Figure::Almost(v)
            | Figure::JustOver(v) => Some(v),
            Figure::Between(_, _) | Figure::Magnitude(_) => None,
        }
    }

    /// The rounding precision used for approximately, almost and just over: the
    /// stated one, or the largest power of ten dividing the value.
    pub fn precision(&self) -> u64 {
        self.precision
            .unwrap_or_else(|| inferred_precision(self.value().unwrap_or(0)))
    }

    /// The precision, when it was stated rather than inferred.
    pub fn stated_precision(&self) -> Option<u64> {
        self.precision
    }

    /// The interval of true values the figure allows (see the table above).
    pub fn interval(&self) -> Interval {
        // Constructors reject every figure whose interval does not exist.
        self.try_interval().unwrap_or(Interval::at_least(0))
    }

    fn try_interval(&self) -> Option<Interval> {
        let half = (self.precision() / 2).max(1);
        let bounded = |low: u64, high: u64| Interval::new(low, Some(high)).ok();
        match self.figure {
            Figure::Exact(v) => Some(Interval::exact(v)),
            Figure::Approximately(v) => bounded(v.saturating_sub(half), v.checked_add(half)?),
            Figure::AtLeast(v) => Some(Interval::at_least(v)),
            Figure::MoreThan(v) => Some(Interval::at_least(v.checked_add(1)?)),
            Figure::AtMost(v) => bounded(0, v),
            Figure::FewerThan(v) => bounded(0, v.checked_sub(1)?),
            Figure::Almost(v) => bounded(v.saturating_sub(half), v.checked_sub(1)?),
            Figure::JustOver(v) => bounded(v.checked_add(1)?, v.checked_add(half)?),
            Figure::Between(a, b) => bounded(a, b),
            Figure::Magnitude(m) => Some(Interval::at_least(2 * m.unit())),
        }
    }
}

fn inferred_precision(value: u64) -> u64 {
    if value == 0 {
        return 1;
    }
    let mut precision = 1u64;
    while let Some(next) = precision.checked_mul(10) {
        if !value.is_multiple_of(next) {
            break;
        }
        precision = next;
    }
    precision
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.figure {
            Figure::Exact(v) => write!(f, "{v}")?,
            Figure::Approximately(v) => write!(f, "about {v}")?,
            Figure::AtLeast(v) => write!(f, "at least {v}")?,
            Figure::MoreThan(v) => write!(f, "more than {v}")?,
            Figure::AtMost(v) => write!(f, "at most {v}")?,
            Figure::FewerThan(v) => write!(f, "fewer than {v}")?,
            Figure::Almost(v) => write!(f, "almost {v}")?,
            Figure::JustOver(v) => write!(f, "just over {v}")?,
            Figure::Between(a, b) => write!(f, "between {a} and {b}")?,
            Figure::Magnitude(m) => f.write_str(m.as_str())?,
        }
        if let Some(p) = self.precision {
            write!(f, " (precision {p})")?;
        }
        Ok(())
    }
}

// Qualifier words accepted on input, canonical first for each figure kind.
type MakeFigure = fn(u64) -> Figure;

const PREFIXES: [(&str, MakeFigure); 13] = [
    ("about ", Figure::Approximately),
    ("approximately ", Figure::Approximately),
    ("around ", Figure::Approximately),
    ("at least ", Figure::AtLeast),
    ("more than ", Figure::MoreThan),
    ("over ", Figure::MoreThan),
    ("at most ", Figure::AtMost),
    ("up to ", Figure::AtMost),
    ("fewer than ", Figure::FewerThan),
    ("under ", Figure::FewerThan),
    ("almost ", Figure::Almost),
    ("nearly ", Figure::Almost),
    ("just over ", Figure::JustOver),
];

fn parse_number(text: &str) -> Option<u64> {
    let well_grouped = match text.split_once(',') {
        None => true,
        Some((head, _)) => {
            let groups: Vec<&str> = text.split(',').skip(1).collect();
            (1..=3).contains(&head.len()) && groups.iter().all(|g| g.len() == 3)
        }
    };
    let digits: String = text.chars().filter(|&c| c != ',').collect();
    if !well_grouped || digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

impl FromStr for Quantity {
    type Err = QuantityError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let error = |reason| QuantityError {
            text: text.to_owned(),
            reason,
        };
        let (body, precision) = match text
            .strip_suffix(')')
            .and_then(|t| t.split_once(" (precision "))
        {
            Some((body, p)) => (
                body,
                Some(parse_number(p).ok_or_else(|| error("precision must be a whole number"))?),
            ),
            None => (text, None),
        };
        let number = |s: &str| {
            parse_number(s).ok_or_else(|| {
                error("expected a whole number, optionally qualified, such as \"about 90000\"")
            })
        };
        let figure = if let Some((m, _, _)) = MAGNITUDES.iter().find(|(_, word, _)| *word == body) {
            Figure::Magnitude(*m)
        } else if let Some(range) = body.strip_prefix("between ") {
            let (low, high) = range
                .split_once(" and ")
                .ok_or_else(|| error("expected \"between A and B\""))?;
            Figure::Between(number(low)?, number(high)?)
        } else if let Some((rest, make)) = PREFIXES
            .iter()
            .find_map(|(prefix, make)| body.strip_prefix(prefix).map(|rest| (rest, make)))
        {
            make(number(rest)?)
        } else {
            Figure::Exact(number(body)?)
        };
        Self::checked(figure, precision).map_err(|e| QuantityError {
            text: text.to_owned(),
            reason: e.reason,
        })
    }
}

impl Serialize for Quantity {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match (self.figure, self.precision) {
            (Figure::Exact(v), None) => serializer.serialize_u64(v),
            _ => serializer.collect_str(self),
        }
    }
}

impl<'de> Deserialize<'de> for Quantity {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct QuantityVisitor;
        impl Visitor<'_> for QuantityVisitor {
            type Value = Quantity;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a whole number or a qualified figure such as \"about 90000\"")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Quantity, E> {
                Ok(Quantity::exact(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Quantity, E> {
                u64::try_from(v).map(Quantity::exact).map_err(|_| {
                    E::custom(format!("invalid quantity {v}: figures cannot be negative"))
                })
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Quantity, E> {
                v.parse().map_err(E::custom)
            }
        }
        deserializer.deserialize_any(QuantityVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn q(s: &str) -> Quantity {
        s.parse().unwrap()
    }

    fn interval(low: u64, high: Option<u64>) -> Interval {
        Interval::new(low, high).unwrap()
    }

    #[test]
    fn intervals_follow_the_documented_rules() {
        let cases = [
            ("146", interval(146, Some(146))),
            ("about 90000", interval(85_000, Some(95_000))),
            ("approximately 153,000", interval(152_500, Some(153_500))),
            ("about 6", interval(5, Some(7))),
            ("at least 5", interval(5, None)),
            ("over 90,000", interval(90_001, None)),
            ("more than 100", interval(101, None)),
            ("at most 3", interval(0, Some(3))),
            ("fewer than 10", interval(0, Some(9))),
            ("almost 1,400", interval(1_350, Some(1_399))),
            ("just over 5", interval(6, Some(6))),
            ("just over 60 (precision 12)", interval(61, Some(66))),
            ("between 10 and 20", interval(10, Some(20))),
            ("dozens", interval(24, None)),
            ("hundreds", interval(200, None)),
            ("thousands", interval(2_000, None)),
            ("tens of thousands", interval(20_000, None)),
            ("millions", interval(2_000_000, None)),
        ];
        for (text, expected) in cases {
            assert_eq!(q(text).interval(), expected, "{text}");
        }
    }

    #[test]
    fn precision_is_inferred_from_trailing_zeros() {
        assert_eq!(q("about 90000").precision(), 10_000);
        assert_eq!(q("about 146").precision(), 1);
        assert_eq!(q("almost 1400").precision(), 100);
        assert_eq!(q("about 0").precision(), 1);
        assert_eq!(q("about 90000").stated_precision(), None);
    }

    #[test]
    fn rejects_malformed_figures_with_reason() {
        let cases = [
            ("", "expected a whole number"),
            ("-5", "expected a whole number"),
            ("about", "expected a whole number"),
            ("9,0000", "expected a whole number"),
            ("fewer than 0", "no whole number is below 0"),
            ("almost 0", "no whole number is below 0"),
            ("between 5 and 3", "first bound must be below"),
            ("between 5", "expected \"between A and B\""),
            ("146 (precision 10)", "precision applies only to"),
            ("about 5 (precision 0)", "precision must be at least 1"),
            ("about 5 (precision x)", "precision must be a whole number"),
            ("more than 18446744073709551615", "too large"),
            ("some", "expected a whole number"),
        ];
        for (text, reason) in cases {
            let message = text.parse::<Quantity>().unwrap_err().to_string();
            assert!(message.contains(reason), "{text}: {message}");
        }
    }

    #[test]
    fn json_uses_numbers_for_exact_figures() {
        assert_eq!(serde_json::to_string(&q("146")).unwrap(), "146");
        assert_eq!(
            serde_json::to_string(&q("over 90000")).unwrap(),
            "\"more than 90000\""
        );
        assert_eq!(serde_json::from_str::<Quantity>("46").unwrap(), q("46"));
        assert_eq!(serde_json::from_str::<Quantity>("\"46\"").unwrap(), q("46"));
        let negative = serde_json::from_str::<Quantity>("-1")
            .unwrap_err()
            .to_string();
        assert!(negative.contains("cannot be negative"), "{negative}");
        assert!(serde_json::from_str::<Quantity>("1.5").is_err());
    }

    // The crate's own strategies; the tests enable the `proptest` feature.
    use crate::arbitrary::quantity as arb_quantity;

    proptest! {
        #[test]
        fn text_and_json_round_trip(quantity in arb_quantity()) {
            prop_assert_eq!(quantity.to_string().parse::<Quantity>().unwrap(), quantity);
            let json = serde_json::to_string(&quantity).unwrap();
            prop_assert_eq!(serde_json::from_str::<Quantity>(&json).unwrap(), quantity);
        }

        #[test]
        fn stated_value_lies_in_or_next_to_its_interval(quantity in arb_quantity()) {
            let interval = quantity.interval();
            if let Some(v) = quantity.value() {
                match quantity.qualifier() {
                    Qualifier::MoreThan | Qualifier::JustOver => prop_assert_eq!(interval.low(), v + 1),
                    Qualifier::FewerThan | Qualifier::Almost => prop_assert_eq!(interval.high(), Some(v - 1)),
                    _ => prop_assert!(interval.contains(v)),
                }
            }
        }

        #[test]
        fn sum_of_quantities_holds_any_draw(
            parts in proptest::collection::vec((arb_quantity(), any::<u32>()), 1..6)
        ) {
            let intervals: Vec<Interval> = parts.iter().map(|(q, _)| q.interval()).collect();
            if let Some(sum) = Interval::checked_sum(intervals.iter().copied()) {
                let drawn = parts.iter().try_fold(0u64, |acc, (q, pick)| {
                    let i = q.interval();
                    let width = i.high().unwrap_or(i.low().saturating_add(1000)) - i.low();
                    let value = i.low() + u64::from(*pick) % width.saturating_add(1).max(1);
                    acc.checked_add(value)
                });
                if let Some(drawn) = drawn {
                    prop_assert!(sum.contains(drawn), "{} does not hold {}", sum, drawn);
                }
            }
        }
    }
}
