//! Dates known to a year, a month or a day.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};

/// A date known to a year (`2019`), a month (`2019-10`) or a day (`2022-03-02`).
///
/// Reports say "October 2019" or "in 2015" as often as they give a day. A
/// `PartialDate` stands for the interval of days it covers, and comparisons that
/// matter for chronology use that interval: see [`PartialDate::relation`]. So
/// `2019-10` is neither before nor after `2019-10-15`: the two overlap.
///
/// [`Ord`] is a separate, total *sorting* order (by first day, then last day), so
/// that dates can be sorted and used as keys; it never decides whether one event
/// came before another.
///
/// The text and JSON form is ISO 8601 at the stated precision. Years run from 1 to
/// 9999.
///
/// # Example
///
/// ```
/// use investigation_outcomes::{DateRelation, PartialDate};
///
/// let launched: PartialDate = "2019-10".parse()?;
/// let mid_october: PartialDate = "2019-10-15".parse()?;
/// let article: PartialDate = "2022-03-02".parse()?;
/// assert_eq!(launched.relation(&mid_october), DateRelation::Overlapping);
/// assert_eq!(launched.relation(&article), DateRelation::Before);
/// assert_eq!(launched.first_day().to_string(), "2019-10-01");
/// assert_eq!(launched.last_day().to_string(), "2019-10-31");
/// # Ok::<(), investigation_outcomes::DateError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartialDate {
    year: u16,
    // 0 when not stated; a day is stated only when the month is.
    month: u8,
    day: u8,
}

/// How precisely a [`PartialDate`] is known.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub enum DatePrecision {
    /// Known to the year.
    Year,
    /// Known to the month.
    Month,
    /// Known to the day.
    Day,
}

/// How two [`PartialDate`] intervals lie relative to each other.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum DateRelation {
    /// Every day of the first is before every day of the second.
    Before,
    /// The two share at least one day, so neither can be said to come first.
    Overlapping,
    /// Every day of the first is after every day of the second.
    After,
}

/// The text given for a [`PartialDate`] is not a valid `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid date {text:?}: {reason}")]
pub struct DateError {
    text: String,
    reason: &'static str,
}

impl PartialDate {
    /// A date known to the year.
    ///
    /// # Errors
    ///
    /// Returns [`DateError`] when the year is outside 1..=9999.
    pub fn year(year: u16) -> Result<Self, DateError> {
        Self::checked(year, 0, 0)
    }

    /// A date known to the month.
    ///
    /// # Errors
    ///
    /// Returns [`DateError`] when the year is outside 1..=9999 or the month outside 1..=12.
    pub fn year_month(year: u16, month: u8) -> Result<Self, DateError> {
        if month == 0 {
            return Err(Self::error(year, month, 0, "month must be 1 to 12"));
        }
        Self::checked(year, month, 0)
    }

    /// A date known to the day.
    ///
    /// # Errors
    ///
    /// Returns [`DateError`] when the day does not exist in the calendar.
    pub fn ymd(year: u16, month: u8, day: u8) -> Result<Self, DateError> {
        if month == 0 || day == 0 {
            return Err(Self::error(year, month, day, "no such day in the calendar"));
        }
        Self::checked(year, month, day)
    }

    fn error(year: u16, month: u8, day: u8, reason: &'static str) -> DateError {
        DateError {
            text: format!("{year:04}-{month:02}-{day:02}"),
            reason,
        }
    }

    fn checked(year: u16, month: u8, day: u8) -> Result<Self, DateError> {
        if !(1..=9999).contains(&year) {
            return Err(Self::error(year, month, day, "year must be 1 to 9999"));
        }
        if month > 12 {
            return Err(Self::error(year, month, day, "month must be 1 to 12"));
        }
        // Every month has 28 days: the calendar is asked only about later ones.
        if day > 28 && day > days_in_month(year, month) {
            return Err(Self::error(year, month, day, "no such day in the calendar"));
        }
        Ok(Self { year, month, day })
    }

    /// The precision the date is known to.
    pub fn precision(&self) -> DatePrecision {
        match (self.month, self.day) {
            (0, _) => DatePrecision::Year,
            (_, 0) => DatePrecision::Month,
            _ => DatePrecision::Day,
        }
    }

    /// The same date known no more precisely than `precision`: a day becomes its
    /// month or year, a month its year; a date already as coarse stays as it is.
    ///
    /// ```
    /// use investigation_outcomes::{DatePrecision, PartialDate};
    ///
    /// let day: PartialDate = "2021-06-14".parse()?;
    /// assert_eq!(day.coarsened(DatePrecision::Month).to_string(), "2021-06");
    /// assert_eq!(day.coarsened(DatePrecision::Year).to_string(), "2021");
    /// # Ok::<(), investigation_outcomes::DateError>(())
    /// ```
    pub fn coarsened(&self, precision: DatePrecision) -> PartialDate {
        match precision {
            DatePrecision::Year => PartialDate {
                year: self.year,
                month: 0,
                day: 0,
            },
            DatePrecision::Month => PartialDate { day: 0, ..*self },
            DatePrecision::Day => *self,
        }
    }

    /// The calendar year.
    pub fn calendar_year(&self) -> u16 {
        self.year
    }

    /// The first day the date covers.
    pub fn first_day(&self) -> NaiveDate {
        let month = u32::from(self.month.max(1));
        let day = u32::from(self.day.max(1));
        NaiveDate::from_ymd_opt(i32::from(self.year), month, day).unwrap_or(NaiveDate::MIN)
    }

    /// The last day the date covers.
    pub fn last_day(&self) -> NaiveDate {
        let year = i32::from(self.year);
        match self.precision() {
            DatePrecision::Year => NaiveDate::from_ymd_opt(year, 12, 31),
            DatePrecision::Month => {
                let (next_year, next_month) = if self.month == 12 {
                    (year + 1, 1)
                } else {
                    (year, u32::from(self.month) + 1)
                };
                NaiveDate::from_ymd_opt(next_year, next_month, 1).and_then(|d| d.pred_opt())
            }
            DatePrecision::Day => Some(self.first_day()),
        }
        .unwrap_or(NaiveDate::MAX)
    }

    /// The first day as a count of days since 1970-01-01 (negative before), computed
    /// without a calendar lookup: cheap enough for hot loops.
    pub fn first_day_number(&self) -> i64 {
        days_from_civil(
            i64::from(self.year),
            i64::from(self.month.max(1)),
            i64::from(self.day.max(1)),
        )
    }

    /// The last day as a count of days since 1970-01-01, like
    /// [`first_day_number`](Self::first_day_number).
    pub fn last_day_number(&self) -> i64 {
        let year = i64::from(self.year);
        match self.precision() {
            DatePrecision::Year => days_from_civil(year + 1, 1, 1) - 1,
            DatePrecision::Month if self.month == 12 => days_from_civil(year + 1, 1, 1) - 1,
            DatePrecision::Month => days_from_civil(year, i64::from(self.month) + 1, 1) - 1,
            DatePrecision::Day => self.first_day_number(),
        }
    }

    /// How this date's interval lies relative to `other`'s.
    pub fn relation(&self, other: &PartialDate) -> DateRelation {
        if self.last_day_number() < other.first_day_number() {
            DateRelation::Before
        } else if self.first_day_number() > other.last_day_number() {
            DateRelation::After
        } else {
            DateRelation::Overlapping
        }
    }

    /// Whether this date is certainly after `other` (no day in common, and later).
    pub fn is_after(&self, other: &PartialDate) -> bool {
        self.relation(other) == DateRelation::After
    }

    /// Whether the date covers the given day.
    pub fn covers(&self, day: NaiveDate) -> bool {
        self.first_day() <= day && day <= self.last_day()
    }
}

// Howard Hinnant's days_from_civil: days since 1970-01-01 in the proleptic Gregorian
// calendar.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    // Shifted by whole 400-year eras so that every division is of a non-negative
    // number, which compiles to a multiplication (years here are 1 to 10000).
    const SHIFT_ERAS: i64 = 100;
    let y = if month <= 2 { year - 1 } else { year } + SHIFT_ERAS * 400;
    let era = y / 400;
    let year_of_era = y - era * 400;
    let shifted_month = (month + 9) % 12;
    let day_of_year = (153 * shifted_month + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    (era - SHIFT_ERAS) * 146_097 + day_of_era - 719_468
}

impl TryFrom<NaiveDate> for PartialDate {
    type Error = DateError;
    fn try_from(date: NaiveDate) -> Result<Self, Self::Error> {
        let year = u16::try_from(date.year()).unwrap_or(0);
        // Month and day come from a real calendar date, so they fit.
        let month = u8::try_from(date.month()).unwrap_or(0);
        let day = u8::try_from(date.day()).unwrap_or(0);
        Self::ymd(year, month, day)
    }
}

impl Ord for PartialDate {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.first_day_number(), self.last_day_number())
            .cmp(&(other.first_day_number(), other.last_day_number()))
    }
}

impl PartialOrd for PartialDate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if self.month != 0 {
            write!(f, "-{:02}", self.month)?;
        }
        if self.day != 0 {
            write!(f, "-{:02}", self.day)?;
        }
        Ok(())
    }
}

impl fmt::Debug for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PartialDate({self})")
    }
}

/// Days in a month of the proleptic Gregorian calendar.
fn days_in_month(year: u16, month: u8) -> u8 {
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl FromStr for PartialDate {
    type Err = DateError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let malformed = || DateError {
            text: text.to_owned(),
            reason: "expected YYYY, YYYY-MM or YYYY-MM-DD",
        };
        // Dates are the most common value in a dataset. The text is laid over the
        // longest form, so every field is read and checked at once, without a
        // branch per byte; a shorter form leaves the month or day zero. Each form
        // is matched by its length, so its bytes are copied as a fixed number.
        let bytes = match *text.as_bytes() {
            [y0, y1, y2, y3] => [y0, y1, y2, y3, b'-', b'0', b'0', b'-', b'0', b'0'],
            [y0, y1, y2, y3, s, m0, m1] => [y0, y1, y2, y3, s, m0, m1, b'-', b'0', b'0'],
            [y0, y1, y2, y3, s, m0, m1, t, d0, d1] => [y0, y1, y2, y3, s, m0, m1, t, d0, d1],
            _ => return Err(malformed()),
        };
        let length = text.len();
        let [y0, y1, y2, y3, dash_month, m0, m1, dash_day, d0, d1] =
            bytes.map(|b| b.wrapping_sub(b'0'));
        let digits = [y0, y1, y2, y3, m0, m1, d0, d1];
        let dash = b'-'.wrapping_sub(b'0');
        if digits.iter().any(|&d| d > 9) || dash_month != dash || dash_day != dash {
            return Err(malformed());
        }
        let year = u16::from(y0) * 1000 + u16::from(y1) * 100 + u16::from(y2) * 10 + u16::from(y3);
        let (month, day) = (m0 * 10 + m1, d0 * 10 + d1);
        let result = match length {
            4 => Self::year(year),
            7 => Self::year_month(year, month),
            _ => Self::ymd(year, month, day),
        };
        result.map_err(|e| DateError {
            text: text.to_owned(),
            reason: e.reason,
        })
    }
}

impl TryFrom<String> for PartialDate {
    type Error = DateError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<PartialDate> for String {
    fn from(d: PartialDate) -> String {
        d.to_string()
    }
}

crate::value::text_form::serde_via_text!(PartialDate);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn date(s: &str) -> PartialDate {
        s.parse().unwrap()
    }

    #[test]
    fn parses_each_precision() {
        assert_eq!(date("2019").precision(), DatePrecision::Year);
        assert_eq!(date("2019-10").precision(), DatePrecision::Month);
        assert_eq!(date("2022-03-02").precision(), DatePrecision::Day);
        assert_eq!(date("2024-02").last_day().to_string(), "2024-02-29");
        assert_eq!(date("2019-12").last_day().to_string(), "2019-12-31");
        assert_eq!(date("2019").last_day().to_string(), "2019-12-31");
    }

    #[test]
    fn rejects_bad_dates_with_reason() {
        let cases = [
            ("2019-13", "month must be 1 to 12"),
            ("2019-00", "month must be 1 to 12"),
            ("2023-02-29", "no such day"),
            ("0000", "year must be 1 to 9999"),
            ("19", "expected YYYY"),
            ("2019-1", "expected YYYY"),
            ("2019-10-01-01", "expected YYYY"),
            ("2019/10", "expected YYYY"),
            ("", "expected YYYY"),
            ("+201", "expected YYYY"),
        ];
        for (text, reason) in cases {
            let message = text.parse::<PartialDate>().unwrap_err().to_string();
            assert!(message.contains(reason), "{text}: {message}");
            assert!(message.contains(&format!("{text:?}")), "{message}");
        }
    }

    #[test]
    fn intervals_overlap_or_order() {
        assert_eq!(
            date("2019-10").relation(&date("2019-10-15")),
            DateRelation::Overlapping
        );
        assert_eq!(
            date("2019").relation(&date("2020-01-01")),
            DateRelation::Before
        );
        assert_eq!(date("2020").relation(&date("2019-12")), DateRelation::After);
        assert!(date("2019-10") < date("2019-10-15"));
    }

    /// The byte-by-byte reading the one-pass reading replaced, to compare with.
    fn reference_parse(text: &str) -> Result<PartialDate, DateError> {
        let error = |reason| DateError {
            text: text.to_owned(),
            reason,
        };
        let digits = |range: std::ops::Range<usize>| -> Option<u16> {
            text.as_bytes().get(range)?.iter().try_fold(0u16, |n, &b| {
                b.is_ascii_digit().then(|| n * 10 + u16::from(b - b'0'))
            })
        };
        let dash = |at: usize| text.as_bytes().get(at) == Some(&b'-');
        let to_u8 = |n: u16| u8::try_from(n).unwrap_or(u8::MAX);
        let malformed = || error("expected YYYY, YYYY-MM or YYYY-MM-DD");
        let result = match text.len() {
            4 => PartialDate::year(digits(0..4).ok_or_else(malformed)?),
            7 if dash(4) => match (digits(0..4), digits(5..7)) {
                (Some(year), Some(month)) => PartialDate::year_month(year, to_u8(month)),
                _ => return Err(malformed()),
            },
            10 if dash(4) && dash(7) => match (digits(0..4), digits(5..7), digits(8..10)) {
                (Some(y), Some(m), Some(d)) => PartialDate::ymd(y, to_u8(m), to_u8(d)),
                _ => return Err(malformed()),
            },
            _ => return Err(malformed()),
        };
        result.map_err(|e| error(e.reason))
    }

    pub(crate) fn arb_partial_date() -> impl Strategy<Value = PartialDate> {
        (1u16..=9999, 0u8..=12, 0u8..=31).prop_filter_map("valid date", |(y, m, d)| match (m, d) {
            (0, _) => PartialDate::year(y).ok(),
            (m, 0) => PartialDate::year_month(y, m).ok(),
            (m, d) => PartialDate::ymd(y, m, d).ok(),
        })
    }

    proptest! {
        #[test]
        fn full_dates_are_valid_exactly_when_the_calendar_has_them(
            year in 1u16..=9999, month in 0u8..=13, day in 0u8..=32
        ) {
            let text = format!("{year:04}-{month:02}-{day:02}");
            let calendar = NaiveDate::from_ymd_opt(year.into(), month.into(), day.into());
            prop_assert_eq!(text.parse::<PartialDate>().is_ok(), calendar.is_some());
        }

        #[test]
        fn only_the_three_forms_are_read(text in "[0-9]{0,5}(-[0-9+ ]{0,3}){0,3}") {
            if let Ok(date) = text.parse::<PartialDate>() {
                prop_assert_eq!(date.to_string(), text);
            }
        }

        #[test]
        fn reading_agrees_with_reading_byte_by_byte(
            // Each form with one part over digits, dashes and the digits'
            // neighbours ('/' and ':'), and anything.
            text in concat!(
                "[0129:/-]{4}|[1-9][0-9]{3}[0129:/-][01][0-9]|[1-9][0-9]{3}-[01][0129:/-]",
                "|[1-9][0-9]{3}-[01][0-9][0129:/-][0-2][0-9]|[1-9][0-9]{3}-[01][0-9]-[0-3][0129:/-]",
                "|.{0,11}",
            )
        ) {
            let read = text.parse::<PartialDate>().map_err(|e| e.to_string());
            prop_assert_eq!(read, reference_parse(&text).map_err(|e| e.to_string()));
        }

        #[test]
        fn text_round_trips(d in arb_partial_date()) {
            prop_assert_eq!(d.to_string().parse::<PartialDate>().unwrap(), d);
            let json = serde_json::to_string(&d).unwrap();
            prop_assert_eq!(serde_json::from_str::<PartialDate>(&json).unwrap(), d);
        }

        #[test]
        fn relation_is_antisymmetric_and_agrees_with_sort_order(
            a in arb_partial_date(), b in arb_partial_date()
        ) {
            let forward = a.relation(&b);
            let backward = b.relation(&a);
            match forward {
                DateRelation::Before => {
                    prop_assert_eq!(backward, DateRelation::After);
                    prop_assert!(a < b);
                }
                DateRelation::After => {
                    prop_assert_eq!(backward, DateRelation::Before);
                    prop_assert!(a > b);
                }
                DateRelation::Overlapping => prop_assert_eq!(backward, DateRelation::Overlapping),
            }
            prop_assert_eq!(a.relation(&a), DateRelation::Overlapping);
            prop_assert!(a.first_day() <= a.last_day());
        }

        #[test]
        fn day_numbers_agree_with_the_calendar(d in arb_partial_date()) {
            let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
            prop_assert_eq!(d.first_day_number(), (d.first_day() - epoch).num_days());
            prop_assert_eq!(d.last_day_number(), (d.last_day() - epoch).num_days());
        }

        #[test]
        fn before_is_transitive(a in arb_partial_date(), b in arb_partial_date(), c in arb_partial_date()) {
            if a.relation(&b) == DateRelation::Before && b.relation(&c) == DateRelation::Before {
                prop_assert_eq!(a.relation(&c), DateRelation::Before);
            }
        }

        #[test]
        fn a_coarser_date_overlaps_every_day_it_covers(d in arb_partial_date(), offset in 0u32..366) {
            let day = d.first_day() + chrono::Days::new(u64::from(offset));
            prop_assume!(d.calendar_year() < 9999);
            let as_day = PartialDate::try_from(day).unwrap();
            prop_assert_eq!(d.covers(day), d.relation(&as_day) == DateRelation::Overlapping);
        }
    }
}
