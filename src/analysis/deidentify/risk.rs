//! Re-identification risk of case records, measured as sdcMicro measures it, and
//! k-anonymity reached by generalising, then suppressing.
//!
//! Pseudonyms do not help when the rest of a record is unique: someone who knows that
//! a person was prosecuted in Victoria, in their forties, arrested in March 2021 for
//! two charges of possession, can find the one record that fits. The publisher
//! declares the *quasi-identifiers*, what such a person may know
//! ([`QuasiIdentifier`]); records that agree on all of them (and on the operation,
//! which every export shows) form a class, and a record in a class of `k` records is
//! one of `k` people. [`Risk`] is the share of records that are unique and the
//! distribution of `k`.
//!
//! [`anonymise`] reaches `k` for every record: it generalises first, one step at a
//! time and only while some class is smaller than `k` (jurisdictions to their
//! country, dates to the year, age bands to 10 and then 20 years); then, in the
//! records still in classes smaller than `k` only, it suppresses values (their dates
//! become `undated`, their age band unknown); and last it withholds the records that
//! remain rare. It refuses when that would withhold more than a stated share of the
//! records, unless told to go on: records that the data cannot hide are better not
//! published than published identifiable.

use std::collections::BTreeMap;
use std::fmt;

use crate::io::dataset::Dataset;
use crate::record::case::Case;
use crate::record::defendant::AgeBand;
use crate::record::sentence::SentenceStatus;
use crate::util::fx::FxHashMap;
use crate::value::code_list::code_list;
use crate::value::date::{DatePrecision, PartialDate};
use crate::value::event_date::EventDate;

use super::error::DeidentifyError;

code_list! {
    /// What someone who knows a defendant may know of their record; in text, its
    /// snake_case name.
    #[non_exhaustive]
    pub enum QuasiIdentifier : "quasi-identifier" {
        /// The jurisdiction the case was prosecuted in.
        Jurisdiction = "jurisdiction",
        /// Every date of the case: events, offences, dispositions, an appeal's variation.
        Dates = "dates",
        /// The defendant's age band.
        AgeBand = "age_band",
        /// The kinds of offence charged.
        OffenceKinds = "offence_kinds",
        /// The number of charges and the outcome of each.
        Charges = "charges",
        /// The effective custodial term.
        SentenceLength = "sentence_length",
    }
}

/// The re-identification risk of a set of records.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct Risk {
    /// How many records.
    pub records: usize,
    /// For each class size `k`, how many records are in classes of that size.
    pub by_k: BTreeMap<usize, usize>,
}

impl Risk {
    /// How many records are alone in their class.
    pub fn unique(&self) -> usize {
        self.by_k.get(&1).copied().unwrap_or(0)
    }

    /// The smallest class; `None` without records.
    pub fn min_k(&self) -> Option<usize> {
        self.by_k.keys().next().copied()
    }

    /// How many records are in classes smaller than `k`.
    pub fn below(&self, k: usize) -> usize {
        self.by_k.range(..k).map(|(_, n)| n).sum()
    }
}

impl fmt::Display for Risk {
    /// `1000 records, 460 unique (46.0%); k = 1: 460, 2: 120, …`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let share = if self.records == 0 {
            0.0
        } else {
            100.0 * self.unique() as f64 / self.records as f64
        };
        write!(
            f,
            "{} records, {} unique ({share:.1}%)",
            self.records,
            self.unique()
        )?;
        let shown: Vec<String> = self
            .by_k
            .iter()
            .take(5)
            .map(|(k, n)| format!("{k}: {n}"))
            .collect();
        if !shown.is_empty() {
            write!(f, "; records by class size k = {}", shown.join(", "))?;
            let rest: usize = self.by_k.iter().skip(5).map(|(_, n)| n).sum();
            if rest > 0 {
                write!(f, ", larger: {rest}")?;
            }
        }
        Ok(())
    }
}

/// The class of a case: its operation and every declared quasi-identifier.
fn class_key(operation: &str, case: &Case, declared: &[QuasiIdentifier]) -> String {
    use std::fmt::Write as _;
    let mut key = String::from(operation);
    for qi in declared {
        key.push('\u{1f}');
        match qi {
            QuasiIdentifier::Jurisdiction => {
                let _ = write!(key, "{}", case.jurisdiction);
            }
            QuasiIdentifier::Dates => {
                for event in case.events.all() {
                    match event {
                        Some(date) => {
                            let _ = write!(key, "{date},");
                        }
                        None => key.push_str("-,"),
                    }
                }
                let mut dates: Vec<String> = case
                    .charges
                    .iter()
                    .flat_map(|c| [c.offence_date, c.disposition.date])
                    .map(|d| d.map_or_else(|| "-".to_owned(), |d| d.to_string()))
                    .collect();
                dates.sort_unstable();
                key.push_str(&dates.join(","));
                if let Some(SentenceStatus::VariedOnAppeal {
                    varied: Some(date), ..
                }) = case.sentence.as_ref().map(|s| &s.status)
                {
                    let _ = write!(key, ",varied {date}");
                }
            }
            QuasiIdentifier::AgeBand => match case.defendant.age_band {
                Some(band) => {
                    let _ = write!(key, "{band}");
                }
                None => key.push('-'),
            },
            QuasiIdentifier::OffenceKinds => {
                let mut kinds: Vec<String> = case
                    .charges
                    .iter()
                    .map(|c| c.offence.kind.to_string())
                    .collect();
                kinds.sort_unstable();
                kinds.dedup();
                key.push_str(&kinds.join(","));
            }
            QuasiIdentifier::Charges => {
                let mut outcomes: Vec<String> = case
                    .charges
                    .iter()
                    .map(|c| c.disposition.outcome.to_string())
                    .collect();
                outcomes.sort_unstable();
                let _ = write!(key, "{}:{}", case.charges.len(), outcomes.join(","));
            }
            QuasiIdentifier::SentenceLength => match &case.sentence {
                Some(sentence) => {
                    let _ = write!(key, "{:?}", sentence.effective_custodial_term());
                }
                None => key.push('-'),
            },
        }
    }
    key
}

/// Each case's class size, in dataset order (operations, then cases).
fn class_sizes(dataset: &Dataset, declared: &[QuasiIdentifier]) -> Vec<usize> {
    let keys: Vec<String> = dataset
        .operations
        .iter()
        .flat_map(|o| {
            o.cases
                .iter()
                .map(|c| class_key(o.id.as_str(), c, declared))
        })
        .collect();
    let mut sizes: FxHashMap<&str, usize> = FxHashMap::default();
    for key in &keys {
        *sizes.entry(key.as_str()).or_insert(0) += 1;
    }
    keys.iter()
        .map(|k| sizes.get(k.as_str()).copied().unwrap_or(0))
        .collect()
}

/// The re-identification risk of a dataset's case records over the declared
/// quasi-identifiers.
///
/// ```
/// use investigation_outcomes::Dataset;
/// use investigation_outcomes::deidentify::{QuasiIdentifier, measure};
///
/// let risk = measure(&Dataset::operation_h()?, &QuasiIdentifier::ALL);
/// // Two case records, each unique: each identifies its defendant.
/// assert_eq!((risk.records, risk.unique(), risk.min_k()), (2, 2, Some(1)));
/// # Ok::<(), investigation_outcomes::Error>(())
/// ```
pub fn measure(dataset: &Dataset, declared: &[QuasiIdentifier]) -> Risk {
    let sizes = class_sizes(dataset, declared);
    let mut risk = Risk {
        records: sizes.len(),
        ..Risk::default()
    };
    for &k in &sizes {
        *risk.by_k.entry(k).or_insert(0) += 1;
    }
    risk
}

/// How to reach k-anonymity.
#[derive(Clone, Debug, PartialEq)]
pub struct KAnonymity {
    /// Every record in a class of at least this many.
    pub k: usize,
    /// What may be known of a defendant.
    pub quasi_identifiers: Vec<QuasiIdentifier>,
    /// The largest share of records that may be withheld (0 to 1); more is refused
    /// unless `allow_more` is set.
    pub max_suppressed_share: f64,
    /// Withhold as many records as it takes.
    pub allow_more: bool,
}

impl Default for KAnonymity {
    /// k = 5 over every quasi-identifier, refusing to withhold more than 5% of the
    /// records.
    fn default() -> Self {
        Self {
            k: 5,
            quasi_identifiers: QuasiIdentifier::ALL.to_vec(),
            max_suppressed_share: 0.05,
            allow_more: false,
        }
    }
}

/// A generalisation applied to every case record.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[non_exhaustive]
pub enum Generalisation {
    /// Jurisdictions to their country.
    JurisdictionsToCountries,
    /// Dates to the year.
    DatesToYears,
    /// Age bands widened to this many years.
    AgeBands(u8),
}

impl fmt::Display for Generalisation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Generalisation::JurisdictionsToCountries => f.write_str("jurisdictions to countries"),
            Generalisation::DatesToYears => f.write_str("dates to years"),
            Generalisation::AgeBands(years) => write!(f, "age bands to {years} years"),
        }
    }
}

/// A k-anonymous copy and what it took.
#[derive(Clone, Debug)]
pub struct Anonymised {
    /// The copy.
    pub dataset: Dataset,
    /// The risk before.
    pub before: Risk,
    /// The generalisations applied, in order.
    pub generalised: Vec<Generalisation>,
    /// How many records had their dates suppressed (made `undated`).
    pub dates_suppressed: usize,
    /// How many records had their age band suppressed.
    pub age_bands_suppressed: usize,
    /// How many records were withheld.
    pub suppressed: usize,
    /// The risk after: every class at least `k`.
    pub after: Risk,
}

impl fmt::Display for Anonymised {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "risk before: {}", self.before)?;
        let generalised: Vec<String> = self.generalised.iter().map(|g| g.to_string()).collect();
        writeln!(
            f,
            "generalised: {}",
            if generalised.is_empty() {
                "nothing".to_owned()
            } else {
                generalised.join(", ")
            }
        )?;
        writeln!(
            f,
            "suppressed: the dates of {} records, the age band of {}",
            self.dates_suppressed, self.age_bands_suppressed
        )?;
        writeln!(f, "withheld: {} records", self.suppressed)?;
        write!(f, "risk after: {}", self.after)
    }
}

/// Every date of a case to `precision`: events, offences, dispositions and the
/// variation of a sentence on appeal.
pub(super) fn coarsen_dates(case: &mut Case, precision: DatePrecision) {
    let coarsen = |d: &mut PartialDate| *d = d.coarsened(precision);
    for event in case.events.all_mut() {
        if let Some(EventDate::On(date)) = event {
            coarsen(date);
        }
    }
    for charge in &mut case.charges {
        charge.offence_date.iter_mut().for_each(coarsen);
        charge.disposition.date.iter_mut().for_each(coarsen);
    }
    if let Some(SentenceStatus::VariedOnAppeal { varied, .. }) =
        case.sentence.as_mut().map(|s| &mut s.status)
    {
        varied.iter_mut().for_each(coarsen);
    }
}

/// Makes every date of a case unknown: events stay, as `undated`.
fn suppress_dates(case: &mut Case) {
    for event in case.events.all_mut() {
        if event.is_some() {
            *event = Some(EventDate::Undated);
        }
    }
    for charge in &mut case.charges {
        charge.offence_date = None;
        charge.disposition.date = None;
    }
    if let Some(SentenceStatus::VariedOnAppeal { varied, .. }) =
        case.sentence.as_mut().map(|s| &mut s.status)
    {
        *varied = None;
    }
}

/// Suppresses a value of every case in a class smaller than `k`; how many cases.
fn suppress_rare(
    dataset: &mut Dataset,
    declared: &[QuasiIdentifier],
    k: usize,
    suppress: impl Fn(&mut Case),
) -> usize {
    let sizes = class_sizes(dataset, declared);
    let mut sizes = sizes.into_iter();
    let mut count = 0;
    for case in dataset
        .operations
        .iter_mut()
        .flat_map(|o| o.cases.iter_mut())
    {
        if sizes.next().is_some_and(|s| s < k) {
            suppress(case);
            count += 1;
        }
    }
    count
}

/// Applies a generalisation to every case.
fn generalise(dataset: &mut Dataset, step: Generalisation) {
    for case in dataset
        .operations
        .iter_mut()
        .flat_map(|o| o.cases.iter_mut())
    {
        match step {
            Generalisation::JurisdictionsToCountries => {
                case.jurisdiction = case.jurisdiction.country()
            }
            Generalisation::DatesToYears => coarsen_dates(case, DatePrecision::Year),
            Generalisation::AgeBands(years) => {
                case.defendant.age_band = case.defendant.age_band.map(|b| widen(b, years));
            }
        }
    }
}

/// An age band widened to the aligned band of `years` years that holds it.
pub(super) fn widen(band: AgeBand, years: u8) -> AgeBand {
    let width = u16::from(years.max(1));
    let low = u16::from(band.low()) / width * width;
    let high = band
        .high()
        .and_then(|h| u8::try_from((u16::from(h) / width + 1) * width - 1).ok());
    AgeBand::new(u8::try_from(low).unwrap_or(0), high).unwrap_or(band)
}

/// A copy of `dataset` (already pseudonymised) in which every case record is in a
/// class of at least `k` over the declared quasi-identifiers; see the module
/// documentation.
///
/// # Errors
///
/// [`DeidentifyError::TooMuchSuppression`] when more than the allowed share of the
/// records would be withheld (and `allow_more` is not set).
pub fn anonymise(dataset: &Dataset, policy: &KAnonymity) -> Result<Anonymised, DeidentifyError> {
    let declared = &policy.quasi_identifiers;
    let k = policy.k.max(1);
    let before = measure(dataset, declared);
    let mut copy = dataset.clone();
    let mut generalised = Vec::new();
    let steps = [
        (
            QuasiIdentifier::Jurisdiction,
            Generalisation::JurisdictionsToCountries,
        ),
        (QuasiIdentifier::Dates, Generalisation::DatesToYears),
        (QuasiIdentifier::AgeBand, Generalisation::AgeBands(10)),
        (QuasiIdentifier::AgeBand, Generalisation::AgeBands(20)),
    ];
    for (qi, step) in steps {
        if !declared.contains(&qi) || measure(&copy, declared).below(k) == 0 {
            continue;
        }
        generalise(&mut copy, step);
        generalised.push(step);
    }
    let dates_suppressed = if declared.contains(&QuasiIdentifier::Dates) {
        suppress_rare(&mut copy, declared, k, suppress_dates)
    } else {
        0
    };
    let age_bands_suppressed = if declared.contains(&QuasiIdentifier::AgeBand) {
        suppress_rare(&mut copy, declared, k, |case| {
            case.defendant.age_band = None
        })
    } else {
        0
    };
    let sizes = class_sizes(&copy, declared);
    let suppressed = sizes.iter().filter(|&&s| s < k).count();
    let records = sizes.len();
    if !policy.allow_more && suppressed as f64 > policy.max_suppressed_share * records as f64 {
        return Err(DeidentifyError::TooMuchSuppression {
            withheld: suppressed,
            records,
            k,
        });
    }
    let mut sizes = sizes.into_iter();
    for operation in &mut copy.operations {
        operation
            .cases
            .retain(|_| sizes.next().is_some_and(|s| s >= k));
    }
    let after = measure(&copy, declared);
    Ok(Anonymised {
        dataset: copy,
        before,
        generalised,
        dates_suppressed,
        age_bands_suppressed,
        suppressed,
        after,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn age_bands_widen_to_aligned_bands() {
        let band = |text: &str| text.parse::<AgeBand>().unwrap_or_else(|_| unreachable!());
        assert_eq!(widen(band("45-49"), 10).to_string(), "40-49");
        assert_eq!(widen(band("45-49"), 20).to_string(), "40-59");
        assert_eq!(widen(band("65+"), 20).to_string(), "60+");
    }
}
