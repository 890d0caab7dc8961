//! Re-identification risk of research rows, measured as sdcMicro measures it, and
//! k-anonymity reached by generalising, then suppressing.
//!
//! Pseudonyms do not help when the rest of a record is unique: someone who knows that
//! a person was prosecuted in Victoria, in their forties, arrested in March 2021 for
//! two charges of possession, can find the one record that fits. The publisher
//! declares the *quasi-identifiers*, what such a person may know
//! ([`QuasiIdentifier`]); people whose rows agree on all of them (and on the
//! operation, which every export shows) form a class, and a row in a class of `k`
//! is one of `k` people. A defendant with several cases has several rows, linked by
//! their pseudonym: what counts is everything their rows show together. [`Risk`] is the share of rows that are unique and the distribution
//! of `k`.
//!
//! [`anonymise`] reaches `k` for every row: it generalises first, one step at a time
//! and only while some class is smaller than `k` (jurisdictions to their country,
//! dates to the year, age bands to 10 and then 20 years, custodial terms to bands,
//! numbers of charges top-coded at 5 and then 3); then, in the rows still in classes
//! smaller than `k` only, it suppresses values (their dates become `undated`, their
//! age band and custodial term unknown); and last it withholds the rows that remain
//! rare. It refuses when that would withhold more than a stated share of the rows,
//! unless told to go on: cases that the data cannot hide are better not published
//! than published identifiable.

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
use super::row::CaseRow;

code_list! {
    /// What someone who knows a defendant may know of their record; in text, its
    /// snake_case name.
    #[non_exhaustive]
    pub enum QuasiIdentifier : "quasi-identifier" {
        /// The jurisdiction the case was prosecuted in.
        Jurisdiction = "jurisdiction",
        /// The dates of the case's events: arrest, charge, plea, verdict, sentence.
        Dates = "dates",
        /// The defendant's age band.
        AgeBand = "age_band",
        /// The kinds of offence charged.
        OffenceKinds = "offence_kinds",
        /// The number of charges and how many ended in a conviction.
        Charges = "charges",
        /// What the sentence holds in custody, and a determinate term's length.
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

/// The class of a row: its operation and every declared quasi-identifier.
fn class_key(row: &CaseRow, declared: &[QuasiIdentifier]) -> String {
    use std::fmt::Write as _;
    fn text<T: fmt::Display>(key: &mut String, value: &Option<T>) {
        match value {
            Some(value) => {
                let _ = write!(key, "{value}");
            }
            None => key.push('-'),
        }
        key.push(',');
    }
    let mut key = String::from(row.operation.as_str());
    for qi in declared {
        key.push('\u{1f}');
        match qi {
            QuasiIdentifier::Jurisdiction => {
                let _ = write!(key, "{}", row.jurisdiction);
            }
            QuasiIdentifier::Dates => {
                for event in [
                    &row.arrested,
                    &row.charged,
                    &row.pleaded,
                    &row.verdict,
                    &row.sentenced,
                ] {
                    text(&mut key, event);
                }
            }
            QuasiIdentifier::AgeBand => text(&mut key, &row.age_band),
            QuasiIdentifier::OffenceKinds => {
                for kind in &row.offence_kinds {
                    let _ = write!(key, "{kind},");
                }
            }
            QuasiIdentifier::Charges => {
                let _ = write!(key, "{} {}", row.charges, row.convicted);
            }
            QuasiIdentifier::SentenceLength => {
                text(&mut key, &row.custody);
                text(&mut key, &row.custodial_months);
            }
        }
    }
    key
}

/// Each row's class size, in order. A defendant's rows link (they share a
/// pseudonym), so the class is of people: a person shows everything their rows
/// show, and a row's class size is how many people in the operation show the same.
fn class_sizes(rows: &[CaseRow], declared: &[QuasiIdentifier]) -> Vec<usize> {
    let keys: Vec<String> = rows.iter().map(|r| class_key(r, declared)).collect();
    let mut people: FxHashMap<(&str, &str), Vec<usize>> = FxHashMap::default();
    for (index, row) in rows.iter().enumerate() {
        people
            .entry((row.operation.as_str(), row.defendant.as_str()))
            .or_default()
            .push(index);
    }
    let person_keys: Vec<(String, &[usize])> = people
        .values()
        .map(|indices| {
            let mut shown: Vec<&str> = indices
                .iter()
                .filter_map(|&i| keys.get(i).map(String::as_str))
                .collect();
            shown.sort_unstable();
            (shown.join("\u{1e}"), indices.as_slice())
        })
        .collect();
    let mut sizes: FxHashMap<&str, usize> = FxHashMap::default();
    for (key, _) in &person_keys {
        *sizes.entry(key.as_str()).or_insert(0) += 1;
    }
    let mut row_sizes = vec![0; rows.len()];
    for (key, indices) in &person_keys {
        let size = sizes.get(key.as_str()).copied().unwrap_or(0);
        for &index in *indices {
            if let Some(slot) = row_sizes.get_mut(index) {
                *slot = size;
            }
        }
    }
    row_sizes
}

impl Risk {
    /// The re-identification risk of research rows over the declared
    /// quasi-identifiers.
    pub fn of(rows: &[CaseRow], declared: &[QuasiIdentifier]) -> Self {
        let mut risk = Risk {
            records: rows.len(),
            ..Risk::default()
        };
        for k in class_sizes(rows, declared) {
            *risk.by_k.entry(k).or_insert(0) += 1;
        }
        risk
    }
}

/// The re-identification risk of a dataset's case records over the declared
/// quasi-identifiers: the risk of their research rows as the records stand, before
/// any coarsening. (The records themselves hold more, such as every charge's dates,
/// so sharing them is at least this risky.)
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
    let rows: Vec<CaseRow> = dataset
        .operations
        .iter()
        .flat_map(|o| o.cases.iter().map(|c| CaseRow::of(&o.id, c)))
        .collect();
    Risk::of(&rows, declared)
}

/// How to reach k-anonymity.
#[derive(Clone, Debug, PartialEq)]
pub struct KAnonymity {
    /// Every record in a class of at least this many.
    pub k: usize,
    /// What may be known of a defendant.
    pub quasi_identifiers: Vec<QuasiIdentifier>,
    /// The largest share of the quasi-identifier values (a row's value of each
    /// declared quasi-identifier) that may be suppressed, 0 to 1, every value of a
    /// withheld row counting as suppressed; more is refused unless `allow_more` is
    /// set.
    pub max_suppressed_share: f64,
    /// Suppress and withhold as much as it takes.
    pub allow_more: bool,
}

impl Default for KAnonymity {
    /// k = 5 over every quasi-identifier, refusing to suppress more than 5% of the
    /// values.
    fn default() -> Self {
        Self {
            k: 5,
            quasi_identifiers: QuasiIdentifier::ALL.to_vec(),
            max_suppressed_share: 0.05,
            allow_more: false,
        }
    }
}

/// A generalisation applied to every row.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[non_exhaustive]
pub enum Generalisation {
    /// Jurisdictions to their country.
    JurisdictionsToCountries,
    /// Dates to the year.
    DatesToYears,
    /// Age bands widened to this many years.
    AgeBands(u8),
    /// Determinate custodial terms to the bands of [`CUSTODIAL_MONTH_BANDS`](super::CUSTODIAL_MONTH_BANDS).
    CustodialTermsToBands,
    /// Numbers of charges (and of convictions) from this many up stated as `N+`.
    ChargesTopCoded(u32),
}

impl fmt::Display for Generalisation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Generalisation::JurisdictionsToCountries => f.write_str("jurisdictions to countries"),
            Generalisation::DatesToYears => f.write_str("dates to years"),
            Generalisation::AgeBands(years) => write!(f, "age bands to {years} years"),
            Generalisation::CustodialTermsToBands => f.write_str("custodial terms to bands"),
            Generalisation::ChargesTopCoded(cap) => write!(f, "numbers of charges to {cap}+"),
        }
    }
}

/// The generalisations [`anonymise`] may apply, in the order it tries them, each
/// with the quasi-identifier it coarsens.
const STEPS: [(QuasiIdentifier, Generalisation); 7] = [
    (
        QuasiIdentifier::Jurisdiction,
        Generalisation::JurisdictionsToCountries,
    ),
    (QuasiIdentifier::Dates, Generalisation::DatesToYears),
    (QuasiIdentifier::AgeBand, Generalisation::AgeBands(10)),
    (QuasiIdentifier::AgeBand, Generalisation::AgeBands(20)),
    (
        QuasiIdentifier::SentenceLength,
        Generalisation::CustodialTermsToBands,
    ),
    (QuasiIdentifier::Charges, Generalisation::ChargesTopCoded(5)),
    (QuasiIdentifier::Charges, Generalisation::ChargesTopCoded(3)),
];

/// A k-anonymous research file and what it took.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Anonymised {
    /// The rows kept, every one in a class of at least `k`.
    pub rows: Vec<CaseRow>,
    /// The risk before.
    pub before: Risk,
    /// The generalisations applied, in order.
    pub generalised: Vec<Generalisation>,
    /// How many rows had their dates suppressed (made `undated`).
    pub dates_suppressed: usize,
    /// How many rows had their age band suppressed.
    pub age_bands_suppressed: usize,
    /// How many rows had their custodial term suppressed.
    pub custodial_terms_suppressed: usize,
    /// How many rows were withheld.
    pub withheld: usize,
    /// How many quasi-identifier values were suppressed, every value of a withheld
    /// row included.
    pub values_suppressed: usize,
    /// How many quasi-identifier values the rows had: rows times quasi-identifiers.
    pub values: usize,
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
            "suppressed: the dates of {} records, the age band of {}, the custodial term of {}",
            self.dates_suppressed, self.age_bands_suppressed, self.custodial_terms_suppressed
        )?;
        writeln!(f, "withheld: {} records", self.withheld)?;
        let share = if self.values == 0 {
            0.0
        } else {
            100.0 * self.values_suppressed as f64 / self.values as f64
        };
        writeln!(
            f,
            "values suppressed: {} of {} ({share:.1}%), a withheld record's every value included",
            self.values_suppressed, self.values
        )?;
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

/// Suppresses a value of every row in a class smaller than `k`, counting it in the
/// row's `suppressed`; how many rows.
fn suppress_rare(
    rows: &mut [CaseRow],
    suppressed: &mut [usize],
    declared: &[QuasiIdentifier],
    k: usize,
    suppress: impl Fn(&mut CaseRow),
) -> usize {
    let sizes = class_sizes(rows, declared);
    let mut count = 0;
    for ((row, size), suppressed) in rows.iter_mut().zip(sizes).zip(suppressed) {
        if size < k {
            suppress(row);
            *suppressed += 1;
            count += 1;
        }
    }
    count
}

/// Applies a generalisation to every row.
fn generalise(rows: &mut [CaseRow], step: Generalisation) {
    for row in rows {
        match step {
            Generalisation::JurisdictionsToCountries => {
                row.jurisdiction = row.jurisdiction.country();
            }
            Generalisation::DatesToYears => {
                for event in row.events_mut() {
                    if let Some(EventDate::On(date)) = event {
                        *date = date.coarsened(DatePrecision::Year);
                    }
                }
            }
            Generalisation::AgeBands(years) => {
                row.age_band = row.age_band.map(|b| widen(b, years));
            }
            Generalisation::CustodialTermsToBands => row.band_custodial_months(),
            Generalisation::ChargesTopCoded(cap) => {
                row.charges = row.charges.top_coded(u64::from(cap));
                row.convicted = row.convicted.top_coded(u64::from(cap));
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

/// A research file of `rows` in which every row is in a class of at least `k` over
/// the declared quasi-identifiers; see the module documentation.
///
/// # Errors
///
/// [`DeidentifyError::TooMuchSuppression`] when more than the allowed share of the
/// values would be suppressed, a withheld row's every value included (and
/// `allow_more` is not set).
pub fn anonymise(
    mut rows: Vec<CaseRow>,
    policy: &KAnonymity,
) -> Result<Anonymised, DeidentifyError> {
    let declared = &policy.quasi_identifiers;
    let k = policy.k.max(1);
    let before = Risk::of(&rows, declared);
    let mut generalised = Vec::new();
    for (qi, step) in STEPS {
        if !declared.contains(&qi) || Risk::of(&rows, declared).below(k) == 0 {
            continue;
        }
        generalise(&mut rows, step);
        generalised.push(step);
    }
    let mut per_row = vec![0; rows.len()];
    let mut suppressed = |qi: QuasiIdentifier, suppress: fn(&mut CaseRow)| {
        if declared.contains(&qi) {
            suppress_rare(&mut rows, &mut per_row, declared, k, suppress)
        } else {
            0
        }
    };
    let dates_suppressed = suppressed(QuasiIdentifier::Dates, |row| {
        for event in row.events_mut() {
            if event.is_some() {
                *event = Some(EventDate::Undated);
            }
        }
    });
    let age_bands_suppressed = suppressed(QuasiIdentifier::AgeBand, |row| row.age_band = None);
    let custodial_terms_suppressed = suppressed(QuasiIdentifier::SentenceLength, |row| {
        row.custodial_months = None
    });
    let sizes = class_sizes(&rows, declared);
    let withheld = sizes.iter().filter(|&&s| s < k).count();
    let records = sizes.len();
    let mut kinds = declared.clone();
    kinds.sort_unstable();
    kinds.dedup();
    let values = records * kinds.len();
    let values_suppressed: usize = sizes
        .iter()
        .zip(&per_row)
        .map(|(&size, &n)| if size < k { kinds.len() } else { n })
        .sum();
    if !policy.allow_more && values_suppressed as f64 > policy.max_suppressed_share * values as f64
    {
        return Err(DeidentifyError::TooMuchSuppression {
            suppressed: values_suppressed,
            values,
            withheld,
            records,
            k,
        });
    }
    let mut sizes = sizes.into_iter();
    rows.retain(|_| sizes.next().is_some_and(|s| s >= k));
    // In the order of the input, a row's place could point to its case.
    rows.sort_unstable_by(|a, b| (&a.operation, &a.case).cmp(&(&b.operation, &b.case)));
    let after = Risk::of(&rows, declared);
    Ok(Anonymised {
        rows,
        before,
        generalised,
        dates_suppressed,
        age_bands_suppressed,
        custodial_terms_suppressed,
        withheld,
        values_suppressed,
        values,
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
