//! When an event of a case happened: on a date known to a day, a month or a year, or
//! on a date the sources do not give.

use std::fmt;
use std::str::FromStr;

use crate::value::date::{DateError, PartialDate};

/// When an event happened. Sources often say that someone was arrested or charged
/// without saying when: such an event is [`Undated`](EventDate::Undated), and it
/// counts as having happened (in the funnel and against reported figures), though
/// nothing that needs its date (time to outcome, grouping by year) can use it.
///
/// Its text is the date, or `undated`.
///
/// # Example
///
/// ```
/// use investigation_outcomes::{EventDate, PartialDate};
///
/// let known: EventDate = "2021-06".parse()?;
/// assert_eq!(known.date(), Some("2021-06".parse::<PartialDate>()?));
/// let undated: EventDate = "undated".parse()?;
/// assert_eq!(undated.date(), None);
/// assert_eq!(undated.to_string(), "undated");
/// # Ok::<(), investigation_outcomes::DateError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum EventDate {
    /// It happened on this date.
    On(PartialDate),
    /// It happened; the date is not known.
    Undated,
}

impl EventDate {
    /// The text of an event known to have happened on a date not known.
    pub const UNDATED: &'static str = "undated";

    /// The date, when known.
    pub fn date(self) -> Option<PartialDate> {
        match self {
            EventDate::On(date) => Some(date),
            EventDate::Undated => None,
        }
    }
}

impl From<PartialDate> for EventDate {
    fn from(date: PartialDate) -> Self {
        EventDate::On(date)
    }
}

impl fmt::Display for EventDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EventDate::On(date) => date.fmt(f),
            EventDate::Undated => f.write_str(Self::UNDATED),
        }
    }
}

impl FromStr for EventDate {
    type Err = DateError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            Self::UNDATED => Ok(EventDate::Undated),
            _ => text.parse().map(EventDate::On),
        }
    }
}

crate::value::text_form::serde_via_text!(EventDate);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_json_round_trip() {
        for text in ["undated", "2019", "2019-10", "2022-03-02"] {
            let event: EventDate = text.parse().unwrap();
            assert_eq!(event.to_string(), text);
            let json = serde_json::to_string(&event).unwrap();
            assert_eq!(serde_json::from_str::<EventDate>(&json).unwrap(), event);
        }
        assert!("Undated".parse::<EventDate>().is_err());
        assert!("unknown".parse::<EventDate>().is_err());
    }
}
