//! Statutory maximum penalties, versioned by date, and the bundled New Zealand table.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::record::statute::StatuteRef;
use crate::value::date::PartialDate;
use crate::value::jurisdiction::Jurisdiction;
use crate::value::money::Currency;
use crate::value::money::Money;
use crate::value::term::Term;

/// The maximum penalty for one statutory offence while one version of the law was in
/// force.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatutoryMaximum {
    /// The offence.
    pub statute: StatuteRef,
    /// The first day this maximum applied.
    pub in_force_from: NaiveDate,
    /// The first day it no longer applied; `None` while still in force.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_force_until: Option<NaiveDate>,
    /// The longest imprisonment for an individual; `None` when the offence carries
    /// no imprisonment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imprisonment: Option<Term>,
    /// The largest fine for an individual, when the law sets one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fine: Option<Money>,
    /// Where the figure comes from.
    pub source: String,
}

impl StatutoryMaximum {
    /// Whether this maximum was in force on at least one day of `date`.
    pub fn in_force_during(&self, date: &PartialDate) -> bool {
        self.in_force_from <= date.last_day()
            && self
                .in_force_until
                .is_none_or(|until| date.first_day() < until)
    }
}

/// A table of date-versioned statutory maxima: plain data the caller can build,
/// extend or load from JSON.
///
/// # Example
///
/// ```
/// use investigation_outcomes::{PenaltyTable, StatuteRef, Term};
///
/// let table = PenaltyTable::new_zealand_fvpca();
/// let possession = StatuteRef::new(
///     "NZ".parse()?,
///     "Films, Videos, and Publications Classification Act 1993",
///     "131A",
/// );
/// let max_2010 = table.max_imprisonment(&possession, &"2010".parse()?);
/// let max_2020 = table.max_imprisonment(&possession, &"2020".parse()?);
/// assert_eq!(max_2010, Some(Some(Term::years(5))));
/// assert_eq!(max_2020, Some(Some(Term::years(10))));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PenaltyTable {
    entries: Vec<StatutoryMaximum>,
}

/// The short title of the New Zealand act in the bundled table.
pub const NZ_FVPCA: &str = "Films, Videos, and Publications Classification Act 1993";

impl PenaltyTable {
    /// An empty table.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a row.
    pub fn push(&mut self, entry: StatutoryMaximum) {
        self.entries.push(entry);
    }

    /// The rows.
    pub fn entries(&self) -> &[StatutoryMaximum] {
        &self.entries
    }

    /// The rows for `statute` that were in force on some day of `date`.
    pub fn in_force<'a>(
        &'a self,
        statute: &'a StatuteRef,
        date: &'a PartialDate,
    ) -> impl Iterator<Item = &'a StatutoryMaximum> + 'a {
        // Sections differ where acts do not: comparing them first rejects most rows
        // without reading the act's long title.
        self.entries.iter().filter(move |e| {
            e.statute.section == statute.section
                && e.statute.jurisdiction == statute.jurisdiction
                && e.statute.act == statute.act
                && e.in_force_during(date)
        })
    }

    /// The longest imprisonment the law allowed for `statute` on `date`.
    ///
    /// `None` when the table has no row for it; `Some(None)` when the offence
    /// carried no imprisonment. A date that spans a change in the law gets the higher
    /// of the maxima, so that a sentence is flagged only when it exceeds every
    /// maximum that could have applied.
    pub fn max_imprisonment(
        &self,
        statute: &StatuteRef,
        date: &PartialDate,
    ) -> Option<Option<Term>> {
        self.in_force(statute, date)
            .map(|e| e.imprisonment)
            .reduce(|a, b| a.max(b))
    }

    /// The New Zealand Films, Videos, and Publications Classification Act 1993
    /// offences of `DOMAIN.md` section 5, for individuals, from the 2005 amendment
    /// (in force 22 February 2005) on, with the 2015 increases (in force 7 May 2015,
    /// the 28th day after Royal assent on 9 April 2015).
    ///
    /// Offences before 22 February 2005 are not covered: the table has no row for them.
    pub fn new_zealand_fvpca() -> Self {
        let nz = Jurisdiction::new("NZ").ok();
        let (Some(nz), Some(nzd), Some(amended_2005), Some(amended_2015)) = (
            nz,
            Currency::new("NZD").ok(),
            NaiveDate::from_ymd_opt(2005, 2, 22),
            NaiveDate::from_ymd_opt(2015, 5, 7),
        ) else {
            return Self::new();
        };
        const REPRINT: &str = "Films, Videos, and Publications Classification Act 1993, reprint as at 3 September 2007 (after Amendment Act 2005 No 2)";
        const AMENDMENT_2015: &str = "Films, Videos, and Publications Classification (Objectionable Publications) Amendment Act 2015 (2015 No 42)";
        let fine = |amount| {
            Some(Money {
                amount,
                currency: nzd,
            })
        };
        let row = |section: &str,
                   from,
                   until,
                   years: Option<u32>,
                   fine_amount: Option<u64>,
                   source: &str| {
            StatutoryMaximum {
                statute: StatuteRef {
                    jurisdiction: nz,
                    act: NZ_FVPCA.to_owned(),
                    section: section.to_owned(),
                },
                in_force_from: from,
                in_force_until: until,
                imprisonment: years.map(Term::years),
                fine: fine_amount.and_then(fine),
                source: source.to_owned(),
            }
        };
        let entries = vec![
            row("123", amended_2005, None, None, Some(10_000), REPRINT),
            row(
                "124",
                amended_2005,
                Some(amended_2015),
                Some(10),
                None,
                REPRINT,
            ),
            row("124", amended_2015, None, Some(14), None, AMENDMENT_2015),
            row("127(1)", amended_2005, None, None, Some(10_000), REPRINT),
            row("127(4)", amended_2005, None, Some(10), None, REPRINT),
            row("129(1)", amended_2005, None, None, Some(10_000), REPRINT),
            row("129(3)", amended_2005, None, Some(1), Some(20_000), REPRINT),
            row("131", amended_2005, None, None, Some(2_000), REPRINT),
            row(
                "131A",
                amended_2005,
                Some(amended_2015),
                Some(5),
                Some(50_000),
                REPRINT,
            ),
            row(
                "131A",
                amended_2015,
                None,
                Some(10),
                Some(50_000),
                AMENDMENT_2015,
            ),
        ];
        Self { entries }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn statute(section: &str) -> StatuteRef {
        StatuteRef {
            jurisdiction: "NZ".parse().unwrap(),
            act: NZ_FVPCA.into(),
            section: section.into(),
        }
    }

    fn date(s: &str) -> PartialDate {
        s.parse().unwrap()
    }

    #[test]
    fn maxima_follow_the_law_in_force() {
        let table = PenaltyTable::new_zealand_fvpca();
        assert_eq!(table.entries().len(), 10);
        let s124 = statute("124");
        assert_eq!(
            table.max_imprisonment(&s124, &date("2015-05-06")),
            Some(Some(Term::years(10)))
        );
        assert_eq!(
            table.max_imprisonment(&s124, &date("2015-05-07")),
            Some(Some(Term::years(14)))
        );
        // A date spanning the change gets the higher maximum.
        assert_eq!(
            table.max_imprisonment(&s124, &date("2015")),
            Some(Some(Term::years(14)))
        );
        assert_eq!(
            table.max_imprisonment(&statute("131"), &date("2020")),
            Some(None)
        );
        assert_eq!(table.max_imprisonment(&s124, &date("2004")), None);
        assert_eq!(table.max_imprisonment(&statute("999"), &date("2020")), None);
    }

    #[test]
    fn table_round_trips_through_json() {
        let table = PenaltyTable::new_zealand_fvpca();
        let json = serde_json::to_string(&table).unwrap();
        assert_eq!(serde_json::from_str::<PenaltyTable>(&json).unwrap(), table);
    }
}
