//! Reporting periods: the calendar year, financial year, quarter or range of days a
//! figure covers.

use std::fmt;
use std::str::FromStr;

use crate::value::date::PartialDate;

/// The period a reported figure covers: a calendar year (`2023`), a financial year of
/// twelve months from its first month (`FY2023-07`, July 2023 to June 2024), a quarter
/// (`2023-Q1`), or the days from one date to another, both included
/// (`2023-01-01/2023-06-30`; either end may be known to the month or the year, and
/// then stands for its first or last day).
///
/// Periods compare by the days they cover: a year contains its quarters, and two
/// periods overlap when they share a day.
///
/// # Example
///
/// ```
/// use investigation_outcomes::Period;
///
/// let year: Period = "2023".parse()?;
/// let q2: Period = "2023-Q2".parse()?;
/// let fy: Period = "FY2023-07".parse()?;
/// assert!(year.contains(&q2));
/// assert!(!year.contains(&fy) && year.overlaps(&fy));
/// assert_eq!(fy.to_string(), "FY2023-07");
/// assert!("2023-Q5".parse::<Period>().is_err());
/// # Ok::<(), investigation_outcomes::PeriodError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct Period {
    form: Form,
}

// Checked by `Period`'s constructors: months 1 to 12, quarters 1 to 4, ranges in order.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
enum Form {
    Year(u16),
    FinancialYear { year: u16, start_month: u8 },
    Quarter { year: u16, quarter: u8 },
    Range { from: PartialDate, to: PartialDate },
}

/// Text that is not a reporting period, or a period that cannot be.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid period {text:?}: {reason}")]
pub struct PeriodError {
    text: String,
    reason: &'static str,
}

const FORMS: &str = "expected a year (2023), a financial year (FY2023-07), a quarter (2023-Q1) or a range of dates (2023-01-01/2023-06-30)";

impl Period {
    /// A calendar year.
    ///
    /// # Errors
    ///
    /// [`PeriodError`] when the year is outside 1..=9999.
    pub fn year(year: u16) -> Result<Self, PeriodError> {
        let error = || PeriodError {
            text: year.to_string(),
            reason: "the year must be 1 to 9999",
        };
        PartialDate::year(year).map_err(|_| error())?;
        Ok(Self {
            form: Form::Year(year),
        })
    }

    /// A financial year of twelve months from `start_month` of `year`.
    ///
    /// # Errors
    ///
    /// [`PeriodError`] when the year is outside 1..=9998 or the month outside 1..=12.
    pub fn financial_year(year: u16, start_month: u8) -> Result<Self, PeriodError> {
        let error = |reason| PeriodError {
            text: format!("FY{year:04}-{start_month:02}"),
            reason,
        };
        PartialDate::year_month(year, start_month)
            .map_err(|_| error("the year must be 1 to 9998 and the month 1 to 12"))?;
        PartialDate::year(year + 1).map_err(|_| error("the year must be 1 to 9998"))?;
        Ok(Self {
            form: Form::FinancialYear { year, start_month },
        })
    }

    /// A quarter (1 to 4) of a calendar year.
    ///
    /// # Errors
    ///
    /// [`PeriodError`] when the year is outside 1..=9999 or the quarter outside 1..=4.
    pub fn quarter(year: u16, quarter: u8) -> Result<Self, PeriodError> {
        let error = |reason| PeriodError {
            text: format!("{year:04}-Q{quarter}"),
            reason,
        };
        if !(1..=4).contains(&quarter) {
            return Err(error("the quarter must be 1 to 4"));
        }
        PartialDate::year(year).map_err(|_| error("the year must be 1 to 9999"))?;
        Ok(Self {
            form: Form::Quarter { year, quarter },
        })
    }

    /// The days from `from` to `to`, both included.
    ///
    /// # Errors
    ///
    /// [`PeriodError`] when `to` begins before `from` does.
    pub fn range(from: PartialDate, to: PartialDate) -> Result<Self, PeriodError> {
        if to.last_day_number() < from.first_day_number() {
            return Err(PeriodError {
                text: format!("{from}/{to}"),
                reason: "the range ends before it begins",
            });
        }
        Ok(Self {
            form: Form::Range { from, to },
        })
    }

    /// The first day, counted as [`PartialDate::first_day_number`] counts.
    pub fn first_day_number(&self) -> i64 {
        self.ends().0
    }

    /// The last day, counted as [`PartialDate::last_day_number`] counts.
    pub fn last_day_number(&self) -> i64 {
        self.ends().1
    }

    fn ends(&self) -> (i64, i64) {
        // Every date below was checked when the period was made; the fallbacks are
        // never used.
        let month = |year: u16, month: u8| PartialDate::year_month(year, month).ok();
        let span = |first: Option<PartialDate>, last: Option<PartialDate>| {
            (
                first.map_or(i64::MIN, |d| d.first_day_number()),
                last.map_or(i64::MAX, |d| d.last_day_number()),
            )
        };
        match self.form {
            Form::Year(year) => {
                let year = PartialDate::year(year).ok();
                span(year, year)
            }
            Form::FinancialYear { year, start_month } => {
                let (end_year, end_month) = match start_month {
                    1 => (year, 12),
                    m => (year + 1, m - 1),
                };
                span(month(year, start_month), month(end_year, end_month))
            }
            Form::Quarter { year, quarter } => {
                let first = quarter * 3 - 2;
                span(month(year, first), month(year, first + 2))
            }
            Form::Range { from, to } => span(Some(from), Some(to)),
        }
    }

    /// Whether every day of `other` is a day of this period.
    pub fn contains(&self, other: &Period) -> bool {
        self.first_day_number() <= other.first_day_number()
            && other.last_day_number() <= self.last_day_number()
    }

    /// Whether the two periods share a day.
    pub fn overlaps(&self, other: &Period) -> bool {
        self.first_day_number() <= other.last_day_number()
            && other.first_day_number() <= self.last_day_number()
    }

    /// Whether `date` ends before the period does: a figure "as of" it cannot cover
    /// the whole period yet.
    pub fn ends_after(&self, date: &PartialDate) -> bool {
        date.last_day_number() < self.last_day_number()
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.form {
            Form::Year(year) => write!(f, "{year:04}"),
            Form::FinancialYear { year, start_month } => write!(f, "FY{year:04}-{start_month:02}"),
            Form::Quarter { year, quarter } => write!(f, "{year:04}-Q{quarter}"),
            Form::Range { from, to } => write!(f, "{from}/{to}"),
        }
    }
}

impl FromStr for Period {
    type Err = PeriodError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let error = |reason| PeriodError {
            text: text.to_owned(),
            reason,
        };
        let number = |digits: &str, len: usize| {
            (digits.len() == len && digits.bytes().all(|b| b.is_ascii_digit()))
                .then(|| digits.parse::<u16>().ok())
                .flatten()
        };
        let rewrap = |e: PeriodError| PeriodError {
            text: text.to_owned(),
            reason: e.reason,
        };
        if let Some((from, to)) = text.split_once('/') {
            let date = |d: &str| d.parse::<PartialDate>().map_err(|_| error(FORMS));
            return Period::range(date(from)?, date(to)?).map_err(rewrap);
        }
        if let Some(rest) = text.strip_prefix("FY") {
            let (year, month) = rest.split_once('-').ok_or_else(|| error(FORMS))?;
            let (year, month) = number(year, 4)
                .zip(number(month, 2))
                .ok_or_else(|| error(FORMS))?;
            let month = u8::try_from(month).map_err(|_| error(FORMS))?;
            return Period::financial_year(year, month).map_err(rewrap);
        }
        if let Some((year, quarter)) = text.split_once("-Q") {
            let (year, quarter) = number(year, 4)
                .zip(number(quarter, 1))
                .ok_or_else(|| error(FORMS))?;
            let quarter = u8::try_from(quarter).map_err(|_| error(FORMS))?;
            return Period::quarter(year, quarter).map_err(rewrap);
        }
        match number(text, 4) {
            Some(year) => Period::year(year).map_err(rewrap),
            None => Err(error(FORMS)),
        }
    }
}

crate::value::text_form::serde_via_text!(Period);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn period(text: &str) -> Period {
        text.parse().unwrap()
    }

    #[test]
    fn forms_read_back_and_cover_their_days() {
        for text in [
            "2023",
            "FY2023-07",
            "FY2023-01",
            "2023-Q4",
            "2023-01-01/2023-06-30",
            "2019-10/2022",
        ] {
            assert_eq!(period(text).to_string(), text);
        }
        let days = |p: &str| {
            let p = period(p);
            p.last_day_number() - p.first_day_number() + 1
        };
        assert_eq!(days("2023"), 365);
        assert_eq!(days("2024"), 366);
        assert_eq!(
            days("FY2023-07"),
            366,
            "July 2023 to June 2024 holds 29 February"
        );
        assert_eq!(days("2023-Q1"), 90);
        assert_eq!(days("2023-01-01/2023-06-30"), 181);
        // The quarters tile the year; a financial year straddles two.
        let quarters: Vec<Period> = (1..=4).map(|q| Period::quarter(2023, q).unwrap()).collect();
        assert!(quarters.iter().all(|q| period("2023").contains(q)));
        assert!(quarters.windows(2).all(|w| !w[0].overlaps(&w[1])));
        assert!(period("FY2023-07").overlaps(&period("2024-Q2")));
        assert!(!period("FY2023-07").overlaps(&period("2024-Q3")));
    }

    #[test]
    fn malformed_periods_say_what_was_expected() {
        for text in [
            "",
            "23",
            "FY2023",
            "FY2023-13",
            "2023-Q0",
            "2023-Q5",
            "2023-Q12",
            "2023-06/2023-01",
            "2023-13-01/2024",
            "fy2023-07",
        ] {
            let message = text.parse::<Period>().unwrap_err().to_string();
            assert!(
                message.starts_with(&format!("invalid period {text:?}: ")),
                "{message}"
            );
        }
        assert!(Period::financial_year(9999, 7).is_err());
    }

    proptest! {
        #[test]
        fn text_and_json_round_trip(p in crate::arbitrary::period()) {
            prop_assert_eq!(p.to_string().parse::<Period>().unwrap(), p);
            let json = serde_json::to_string(&p).unwrap();
            prop_assert_eq!(serde_json::from_str::<Period>(&json).unwrap(), p);
            prop_assert!(p.first_day_number() <= p.last_day_number());
            prop_assert!(p.contains(&p) && p.overlaps(&p));
        }
    }
}
