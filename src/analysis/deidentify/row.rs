//! One de-identified case as a row of a research file.
//!
//! A case record holds exact values (every charge, every term to the day) that a
//! generalisation cannot make coarser without becoming something the record format
//! does not allow. A [`CaseRow`] holds what research uses of a case, each as a value
//! that can be generalised: numbers of charges and custodial terms are [`Band`]s, an
//! exact figure being the narrowest band.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::error::BandError;
use crate::error::{CsvError, Error};
use crate::io::csv_tables::{joined, text};
use crate::record::case::Case;
use crate::record::charge::Outcome;
use crate::record::defendant::AgeBand;
use crate::record::offence::OffenceKind;
use crate::record::sentence::CustodialTerm;
use crate::value::code_list::code_list;
use crate::value::event_date::EventDate;
use crate::value::id::{CaseId, DefendantId, OperationId};
use crate::value::interval::Interval;
use crate::value::jurisdiction::Jurisdiction;

/// A whole number known exactly (`3`), within bounds (`24-35`) or from a bound up
/// (`5+`): how a research file states a figure that generalisation has widened.
///
/// ```
/// use investigation_outcomes::deidentify::Band;
///
/// let band: Band = "24-35".parse()?;
/// assert!(band.contains(30) && !band.contains(36));
/// assert_eq!(Band::exact(7).to_string(), "7");
/// assert_eq!(Band::exact(7).top_coded(5), "5+".parse()?);
/// assert!("35-24".parse::<Band>().is_err());
/// # Ok::<(), investigation_outcomes::deidentify::BandError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Band(Interval);

impl Band {
    /// A figure known exactly.
    pub fn exact(value: u64) -> Self {
        Self(Interval::exact(value))
    }

    /// `low` or more.
    pub fn at_least(low: u64) -> Self {
        Self(Interval::at_least(low))
    }

    /// From `low` to `high`, both included.
    ///
    /// # Errors
    ///
    /// [`BandError`] when `low` is above `high`.
    pub fn new(low: u64, high: u64) -> Result<Self, BandError> {
        Interval::new(low, Some(high))
            .map(Self)
            .map_err(|_| BandError(format!("{low}-{high}")))
    }

    /// The smallest value in the band.
    pub fn low(&self) -> u64 {
        self.0.low()
    }

    /// The largest value, or `None` when the band is open above.
    pub fn high(&self) -> Option<u64> {
        self.0.high()
    }

    /// Whether `value` is in the band.
    pub fn contains(&self, value: u64) -> bool {
        self.0.contains(value)
    }

    /// The band with every value from `cap` up stated as `cap+`.
    pub fn top_coded(self, cap: u64) -> Self {
        if self.high().is_none_or(|high| high >= cap) {
            Self::at_least(self.low().min(cap))
        } else {
            self
        }
    }

    /// The band of `bounds` (ascending lower bounds, the first 0) that holds the
    /// band's lowest value; bands already at least as wide are kept.
    fn banded(self, bounds: &[u64]) -> Self {
        let Some(index) = bounds.iter().rposition(|&b| b <= self.low()) else {
            return self;
        };
        let low = bounds.get(index).copied().unwrap_or(0);
        let wider = match bounds.get(index + 1) {
            Some(&next) => Self::new(low, next.saturating_sub(1)).unwrap_or(self),
            None => Self::at_least(low),
        };
        let holds = self
            .high()
            .is_some_and(|h| wider.contains(self.low()) && wider.contains(h));
        if holds { wider } else { self }
    }
}

impl From<Band> for Interval {
    fn from(band: Band) -> Self {
        band.0
    }
}

impl fmt::Display for Band {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.high() {
            Some(high) if high == self.low() => write!(f, "{high}"),
            Some(high) => write!(f, "{}-{high}", self.low()),
            None => write!(f, "{}+", self.low()),
        }
    }
}

impl FromStr for Band {
    type Err = BandError;

    fn from_str(text: &str) -> Result<Self, BandError> {
        let error = || BandError(text.to_owned());
        let number = |t: &str| {
            if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
                return Err(error());
            }
            t.parse::<u64>().map_err(|_| error())
        };
        if let Some(low) = text.strip_suffix('+') {
            return Ok(Self::at_least(number(low)?));
        }
        match text.split_once('-') {
            Some((low, high)) => Self::new(number(low)?, number(high)?).map_err(|_| error()),
            None => Ok(Self::exact(number(text)?)),
        }
    }
}

crate::value::text_form::serde_via_text!(Band);

/// The lower bounds of the bands custodial terms are generalised to, in months:
/// under 6 months, 6 to 11, 12 to 23, 24 to 35, 36 to 59, 60 to 119, 120 and more.
pub const CUSTODIAL_MONTH_BANDS: [u64; 7] = [0, 6, 12, 24, 36, 60, 120];

code_list! {
    /// What a sentence holds in custody; in text, its snake_case name.
    #[non_exhaustive]
    pub enum Custody : "custody" {
        /// A sentence with no custodial part.
        None = "none",
        /// A determinate term.
        Determinate = "determinate",
        /// Life imprisonment.
        Life = "life",
        /// Indefinite detention.
        Indefinite = "indefinite",
        /// Custodial parts whose concurrency the record does not state.
        Unstated = "unstated",
    }
}

/// One de-identified case: what a research file holds of it.
///
/// Made by [`DeidentifyPolicy::rows`](super::DeidentifyPolicy::rows), so that its
/// identifiers are always pseudonyms; read back from JSON or CSV as written.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct CaseRow {
    /// The operation (public reporting, kept).
    pub operation: OperationId,
    /// The case's pseudonym.
    pub case: CaseId,
    /// The defendant's pseudonym, the same for every case of one defendant.
    pub defendant: DefendantId,
    /// Where the case was prosecuted.
    pub jurisdiction: Jurisdiction,
    /// The defendant's age band, when known and not suppressed.
    pub age_band: Option<AgeBand>,
    /// When the defendant was arrested.
    pub arrested: Option<EventDate>,
    /// When charged.
    pub charged: Option<EventDate>,
    /// When a plea was entered.
    pub pleaded: Option<EventDate>,
    /// When a verdict was given.
    pub verdict: Option<EventDate>,
    /// When sentenced.
    pub sentenced: Option<EventDate>,
    /// The kinds of offence charged, each once, in order.
    pub offence_kinds: Vec<OffenceKind>,
    /// How many charges.
    pub charges: Band,
    /// How many of them ended in a conviction.
    pub convicted: Band,
    /// What the sentence holds in custody; `None` without a sentence.
    pub custody: Option<Custody>,
    /// A determinate custodial term in whole months (rounded up), when not suppressed.
    pub custodial_months: Option<Band>,
}

/// The columns of a research file, in order.
pub const CASE_ROW_COLUMNS: [&str; 15] = [
    "operation",
    "case",
    "defendant",
    "jurisdiction",
    "age_band",
    "arrested",
    "charged",
    "pleaded",
    "verdict",
    "sentenced",
    "offence_kinds",
    "charges",
    "convicted",
    "custody",
    "custodial_months",
];

fn count(n: usize) -> Band {
    Band::exact(u64::try_from(n).unwrap_or(u64::MAX))
}

impl CaseRow {
    /// The row of a case, with the identifiers it has: callers pseudonymise first.
    pub(super) fn of(operation: &OperationId, case: &Case) -> Self {
        let mut offence_kinds: Vec<OffenceKind> =
            case.charges.iter().map(|c| c.offence.kind).collect();
        offence_kinds.sort_unstable();
        offence_kinds.dedup();
        let convicted = case
            .charges
            .iter()
            .filter(|c| c.disposition.outcome == Outcome::Convicted)
            .count();
        let (custody, custodial_months) = match &case.sentence {
            None => (None, None),
            Some(sentence) => match sentence.effective_custodial_term() {
                Ok(CustodialTerm::None) => (Some(Custody::None), None),
                Ok(CustodialTerm::Determinate(term)) => (
                    Some(Custody::Determinate),
                    Some(Band::exact(term.months_rounded_up())),
                ),
                Ok(CustodialTerm::Life { .. }) => (Some(Custody::Life), None),
                Ok(CustodialTerm::Indefinite { .. }) => (Some(Custody::Indefinite), None),
                Err(_) => (Some(Custody::Unstated), None),
            },
        };
        let [arrested, charged, pleaded, verdict, sentenced] = case.events.all();
        Self {
            operation: operation.clone(),
            case: case.id.clone(),
            defendant: case.defendant.id.clone(),
            jurisdiction: case.jurisdiction,
            age_band: case.defendant.age_band,
            arrested,
            charged,
            pleaded,
            verdict,
            sentenced,
            offence_kinds,
            charges: count(case.charges.len()),
            convicted: count(convicted),
            custody,
            custodial_months,
        }
    }

    /// The five event dates, to change in place.
    pub(super) fn events_mut(&mut self) -> [&mut Option<EventDate>; 5] {
        [
            &mut self.arrested,
            &mut self.charged,
            &mut self.pleaded,
            &mut self.verdict,
            &mut self.sentenced,
        ]
    }

    /// The custodial term generalised to [`CUSTODIAL_MONTH_BANDS`].
    pub(super) fn band_custodial_months(&mut self) {
        self.custodial_months = self
            .custodial_months
            .map(|m| m.banded(&CUSTODIAL_MONTH_BANDS));
    }

    /// The row's values as text, in the order of [`CASE_ROW_COLUMNS`]; empty when
    /// absent, offence kinds joined by `;`.
    pub fn csv_record(&self) -> [String; 15] {
        [
            self.operation.to_string(),
            self.case.to_string(),
            self.defendant.to_string(),
            self.jurisdiction.to_string(),
            text(&self.age_band),
            text(&self.arrested),
            text(&self.charged),
            text(&self.pleaded),
            text(&self.verdict),
            text(&self.sentenced),
            joined(&self.offence_kinds),
            self.charges.to_string(),
            self.convicted.to_string(),
            text(&self.custody),
            text(&self.custodial_months),
        ]
    }
}

/// The table name CSV errors give.
const TABLE: &str = "case_rows";

/// Writes research rows as CSV: a header of [`CASE_ROW_COLUMNS`], then a line a row.
///
/// # Errors
///
/// An error of `out`.
pub fn write_csv<'a>(
    rows: impl IntoIterator<Item = &'a CaseRow>,
    out: impl std::io::Write,
) -> std::io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(CASE_ROW_COLUMNS)?;
    for row in rows {
        writer.write_record(row.csv_record())?;
    }
    writer.flush()
}

/// Reads research rows written by [`write_csv`].
///
/// # Errors
///
/// [`Error::Csv`] naming the line and column of a value that cannot be read, or a
/// header that is not [`CASE_ROW_COLUMNS`].
pub fn read_csv(input: impl std::io::Read) -> Result<Vec<CaseRow>, Error> {
    let error = |row: u64, column: Option<&str>, message: String| {
        Error::Csv(CsvError {
            table: TABLE,
            row,
            column: column.map(str::to_owned),
            message,
        })
    };
    let mut reader = csv::Reader::from_reader(input);
    let header = reader
        .headers()
        .map_err(|e| error(1, None, e.to_string()))?;
    if !header.iter().eq(CASE_ROW_COLUMNS) {
        return Err(error(
            1,
            None,
            format!("expected the columns {}", CASE_ROW_COLUMNS.join(",")),
        ));
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            error(line, None, e.to_string())
        })?;
        let line = record.position().map_or(0, |p| p.line());
        let cell = |index: usize| record.get(index).unwrap_or_default();
        fn parse<T: FromStr>(text: &str) -> Result<T, String>
        where
            T::Err: fmt::Display,
        {
            text.parse().map_err(|e: T::Err| e.to_string())
        }
        fn optional<T: FromStr>(text: &str) -> Result<Option<T>, String>
        where
            T::Err: fmt::Display,
        {
            if text.is_empty() {
                Ok(None)
            } else {
                parse(text).map(Some)
            }
        }
        let at = |index: usize| {
            let column = CASE_ROW_COLUMNS.get(index).copied();
            move |message: String| error(line, column, message)
        };
        let offence_kinds = if cell(10).is_empty() {
            Vec::new()
        } else {
            cell(10)
                .split(';')
                .map(parse)
                .collect::<Result<_, _>>()
                .map_err(at(10))?
        };
        rows.push(CaseRow {
            operation: parse(cell(0)).map_err(at(0))?,
            case: parse(cell(1)).map_err(at(1))?,
            defendant: parse(cell(2)).map_err(at(2))?,
            jurisdiction: parse(cell(3)).map_err(at(3))?,
            age_band: optional(cell(4)).map_err(at(4))?,
            arrested: optional(cell(5)).map_err(at(5))?,
            charged: optional(cell(6)).map_err(at(6))?,
            pleaded: optional(cell(7)).map_err(at(7))?,
            verdict: optional(cell(8)).map_err(at(8))?,
            sentenced: optional(cell(9)).map_err(at(9))?,
            offence_kinds,
            charges: parse(cell(11)).map_err(at(11))?,
            convicted: parse(cell(12)).map_err(at(12))?,
            custody: optional(cell(13)).map_err(at(13))?,
            custodial_months: optional(cell(14)).map_err(at(14))?,
        });
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn band() -> impl Strategy<Value = Band> {
        prop_oneof![
            (0u64..300).prop_map(Band::exact),
            (0u64..300).prop_map(Band::at_least),
            (0u64..300, 0u64..300).prop_map(|(a, b)| Band::new(a.min(b), a.max(b)).unwrap()),
        ]
    }

    proptest! {
        #[test]
        fn bands_read_back_as_written(band in band()) {
            prop_assert_eq!(band.to_string().parse::<Band>(), Ok(band));
        }

        /// Generalising only widens: every value of the band stays in it.
        #[test]
        fn generalised_bands_hold_the_band(band in band(), cap in 1u64..10, value in 0u64..400) {
            for wider in [band.top_coded(cap), band.banded(&CUSTODIAL_MONTH_BANDS)] {
                prop_assert!(!band.contains(value) || wider.contains(value), "{} in {} but not {}", value, band, wider);
            }
            let capped = band.top_coded(cap);
            prop_assert!(capped.high().is_none_or(|h| h < cap));
        }
    }

    #[test]
    fn custodial_terms_fall_in_the_published_bands() {
        let banded = |m| Band::exact(m).banded(&CUSTODIAL_MONTH_BANDS).to_string();
        assert_eq!(banded(0), "0-5");
        assert_eq!(banded(6), "6-11");
        assert_eq!(banded(35), "24-35");
        assert_eq!(banded(36), "36-59");
        assert_eq!(banded(400), "120+");
        assert_eq!(Band::exact(2).top_coded(5), Band::exact(2));
        for text in ["", "+", "-3", "3-", "a", "3 - 4", "99999999999999999999999"] {
            assert!(text.parse::<Band>().is_err(), "{text}");
        }
    }
}
