//! De-identified copies of case records, for handing case-level data to researchers.
//!
//! Tables made from case records are protected by [`disclosure`](crate::disclosure);
//! case records themselves need other rules. [`Dataset::deidentify`] makes a copy in
//! which:
//!
//! - **identifiers are keyed pseudonyms**: each defendant and case identifier becomes
//!   the HMAC-SHA-256 of the operation and the identifier under a key the caller keeps
//!   (`d-` or `k-` and 24 hexadecimal digits, 96 bits). The same defendant in the same
//!   operation gets the same pseudonym under the same key, so a researcher can still
//!   count people; without the key no one can go back from a pseudonym, or check a
//!   guessed identifier against it;
//! - **dates are coarsened** to the month (or, by policy, the year): arrest, charge,
//!   plea, verdict, sentence, disposition, appeal and offence dates;
//! - **age bands are widened** to aligned bands at least five years wide (`45-49`,
//!   or `40-49` with ten);
//! - **free text is dropped**: court names, the description of an `other` penalty
//!   (which becomes `"withheld"`), and the citations of case records (a court report
//!   or a local news story, with its words, links a record to the person in it).
//!
//! Charge identifiers (`c1`, `c2`, …, local to a case), offences, outcomes and
//! sentences are kept: they are what research needs. Operation-level records (names,
//! agencies, sources, claims) are public reporting and are kept as they are.
//!
//! The copy validates as the original does. Suppression still applies to any table
//! made from it.
//!
//! **Pseudonyms are not enough.** A record whose jurisdiction, dates, age band,
//! offences, charges and sentence are unique identifies its defendant to anyone who
//! knows them, and a record holds every charge and every term exactly. What goes to
//! researchers is therefore a *research file*: [`DeidentifyPolicy::rows`] makes a
//! [`CaseRow`] a case (pseudonyms, jurisdiction, age band, event dates, offence kinds,
//! numbers of charges and convictions, custody and the custodial term in months, the
//! numbers and the term as [`Band`]s). [`measure`] and [`Risk::of`] give the share of
//! unique rows and the distribution of class sizes over declared
//! [`QuasiIdentifier`]s; [`anonymise`] reaches k-anonymity by generalising (terms to
//! bands, numbers of charges top-coded among others), then suppressing values, then
//! withholding the rows still rare, and refuses when that would withhold too many
//! (see [`KAnonymity`]). [`write_csv`] and [`read_csv`] write and read the file; in
//! JSON a row is an object of the same fields.
//!
//! # Example
//!
//! ```
//! use investigation_outcomes::Dataset;
//! use investigation_outcomes::deidentify::DeidentifyPolicy;
//!
//! let dataset = Dataset::from_json_str(include_str!("../../../data/operation-h.json"))?;
//! let policy = DeidentifyPolicy::new(b"a key the publisher keeps secret")?;
//! let shared = dataset.deidentify(&policy);
//! let case = &shared.operations[0].cases[0];
//! assert!(case.defendant.id.as_str().starts_with("d-"));
//! assert_eq!(case.court, None);
//! assert!(!investigation_outcomes::validate(&shared).has_errors());
//!
//! // A research file: a row a case, every row one of at least k alike.
//! use investigation_outcomes::deidentify::{Generalisation, KAnonymity, QuasiIdentifier, anonymise};
//! let generated = investigation_outcomes::synthetic::SyntheticConfig {
//!     seed: 1,
//!     operations: 1,
//!     cases: 5_000,
//! }
//! .dataset();
//! let rows = generated.operations.iter().flat_map(|o| policy.rows(o)).collect();
//! // What someone who knows a defendant may know: where, how old, what sentence.
//! let known = [QuasiIdentifier::Jurisdiction, QuasiIdentifier::AgeBand, QuasiIdentifier::SentenceLength];
//! let file = anonymise(rows, &KAnonymity { quasi_identifiers: known.to_vec(), ..KAnonymity::default() })?;
//! assert!(file.after.min_k() >= Some(5));
//! assert!(file.generalised.contains(&Generalisation::CustodialTermsToBands));
//! assert!(file.rows.iter().all(|r| r.defendant.as_str().starts_with("d-")));
//! println!("{file}"); // the risk before and after, what was generalised and withheld
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub(crate) mod error;
mod risk;
mod row;

pub use error::{BandError, DeidentifyError, MIN_AGE_BAND_YEARS, MIN_KEY_BYTES};
pub use risk::{Anonymised, Generalisation, KAnonymity, QuasiIdentifier, Risk, anonymise, measure};
pub use row::{
    Band, CASE_ROW_COLUMNS, CUSTODIAL_MONTH_BANDS, CaseRow, Custody, read_csv, write_csv,
};

use std::fmt::{self, Write as _};

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use crate::io::dataset::Dataset;
use crate::record::case::Case;
use crate::record::defendant::AgeBand;
use crate::record::operation::Operation;
use crate::record::sentence::{Penalty, SentenceComponent, SentenceStatus};
use crate::value::date::DatePrecision;
use crate::value::id::{CaseId, DefendantId, OperationId};

/// How to de-identify case records: the pseudonym key, and how far to coarsen
/// dates and ages.
#[derive(Clone)]
pub struct DeidentifyPolicy {
    key: Vec<u8>,
    dates: DatePrecision,
    age_band_years: u8,
}

impl fmt::Debug for DeidentifyPolicy {
    // The key never appears in logs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DeidentifyPolicy")
            .field("key", &"<withheld>")
            .field("dates", &self.dates)
            .field("age_band_years", &self.age_band_years)
            .finish()
    }
}

impl DeidentifyPolicy {
    /// Pseudonyms under `key`, dates to the month, age bands five years wide.
    ///
    /// # Errors
    ///
    /// [`DeidentifyError::ShortKey`] when the key has fewer than [`MIN_KEY_BYTES`] bytes.
    pub fn new(key: &[u8]) -> Result<Self, DeidentifyError> {
        if key.len() < MIN_KEY_BYTES {
            return Err(DeidentifyError::ShortKey(key.len()));
        }
        Ok(Self {
            key: key.to_vec(),
            dates: DatePrecision::Month,
            age_band_years: MIN_AGE_BAND_YEARS,
        })
    }

    /// Coarsens dates to `precision`: the month or the year.
    ///
    /// # Errors
    ///
    /// [`DeidentifyError::DatesToTheDay`] for [`DatePrecision::Day`].
    pub fn dates(mut self, precision: DatePrecision) -> Result<Self, DeidentifyError> {
        if precision == DatePrecision::Day {
            return Err(DeidentifyError::DatesToTheDay);
        }
        self.dates = precision;
        Ok(self)
    }

    /// Widens age bands to aligned bands `years` wide.
    ///
    /// # Errors
    ///
    /// [`DeidentifyError::NarrowAgeBands`] below [`MIN_AGE_BAND_YEARS`].
    pub fn age_bands(mut self, years: u8) -> Result<Self, DeidentifyError> {
        if years < MIN_AGE_BAND_YEARS {
            return Err(DeidentifyError::NarrowAgeBands(years));
        }
        self.age_band_years = years;
        Ok(self)
    }

    /// `prefix` and 24 hexadecimal digits of HMAC-SHA-256(key, kind, operation, id).
    fn pseudonym(&self, prefix: &str, operation: &OperationId, id: &str) -> String {
        let mut pseudonym = String::with_capacity(prefix.len() + 24);
        pseudonym.push_str(prefix);
        if let Ok(mut mac) = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.key) {
            // The unit separator keeps ("ab", "c") and ("a", "bc") apart.
            for part in [prefix, operation.as_str(), id] {
                mac.update(part.as_bytes());
                mac.update(&[0x1f]);
            }
            for byte in mac.finalize().into_bytes().iter().take(12) {
                let _ = write!(pseudonym, "{byte:02x}");
            }
        }
        pseudonym
    }

    /// De-identifies the case records of one operation in place: for streams, where
    /// operations are read and written one at a time.
    pub fn apply(&self, operation: &mut Operation) {
        let id = operation.id.clone();
        for case in &mut operation.cases {
            self.case(&id, case);
        }
    }

    /// The research rows of one operation's cases, de-identified: pseudonyms,
    /// coarsened dates and age bands. [`anonymise`] then makes them k-anonymous.
    pub fn rows<'a>(&'a self, operation: &'a Operation) -> impl Iterator<Item = CaseRow> + 'a {
        operation.cases.iter().map(|case| {
            let mut case = case.clone();
            self.case(&operation.id, &mut case);
            CaseRow::of(&operation.id, &case)
        })
    }

    fn age_band(&self, band: AgeBand) -> AgeBand {
        risk::widen(band, self.age_band_years)
    }

    fn case(&self, operation: &OperationId, case: &mut Case) {
        if let Ok(id) = self
            .pseudonym("k-", operation, case.id.as_str())
            .parse::<CaseId>()
        {
            case.id = id;
        }
        if let Ok(id) = self
            .pseudonym("d-", operation, case.defendant.id.as_str())
            .parse::<DefendantId>()
        {
            case.defendant.id = id;
        }
        case.defendant.age_band = case.defendant.age_band.map(|b| self.age_band(b));
        case.court = None;
        case.citations.clear();
        risk::coarsen_dates(case, self.dates);
        for charge in &mut case.charges {
            charge.citations.clear();
        }
        if let Some(sentence) = &mut case.sentence {
            sentence.citations.clear();
            self.components(&mut sentence.components);
            if let SentenceStatus::VariedOnAppeal { original, .. } = &mut sentence.status {
                self.components(original);
            }
        }
    }

    fn components(&self, components: &mut [SentenceComponent]) {
        for component in components {
            if let Penalty::Other { description } = &mut component.penalty {
                "withheld".clone_into(description);
            }
        }
    }
}

impl Dataset {
    /// A de-identified copy of the dataset; see the [`deidentify`](crate::deidentify)
    /// module.
    pub fn deidentify(&self, policy: &DeidentifyPolicy) -> Dataset {
        let mut copy = self.clone();
        for operation in &mut copy.operations {
            policy.apply(operation);
        }
        copy
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> DeidentifyPolicy {
        DeidentifyPolicy::new(b"0123456789abcdef").unwrap()
    }

    #[test]
    fn policies_refuse_weak_settings() {
        assert_eq!(
            DeidentifyPolicy::new(b"short").unwrap_err(),
            DeidentifyError::ShortKey(5)
        );
        assert_eq!(
            policy().dates(DatePrecision::Day).unwrap_err(),
            DeidentifyError::DatesToTheDay
        );
        assert_eq!(
            policy().age_bands(4).unwrap_err(),
            DeidentifyError::NarrowAgeBands(4)
        );
        assert!(!format!("{:?}", policy()).contains("0123456789"));
    }

    #[test]
    fn age_bands_widen_to_aligned_bands() {
        let band = |s: &str| s.parse::<AgeBand>().unwrap();
        let five = policy();
        assert_eq!(five.age_band(band("45-45")).to_string(), "45-49");
        assert_eq!(five.age_band(band("43-46")).to_string(), "40-49");
        assert_eq!(five.age_band(band("65+")).to_string(), "65+");
        let ten = policy().age_bands(10).unwrap();
        assert_eq!(ten.age_band(band("45-49")).to_string(), "40-49");
        assert_eq!(ten.age_band(band("18-21")).to_string(), "10-29");
    }

    #[test]
    fn pseudonyms_depend_on_the_key_the_operation_and_the_identifier() {
        let op: OperationId = "op".parse().unwrap();
        let other: OperationId = "op2".parse().unwrap();
        let a = policy().pseudonym("d-", &op, "x");
        assert_eq!(a.len(), 26);
        assert_eq!(a, policy().pseudonym("d-", &op, "x"));
        assert_ne!(a, policy().pseudonym("d-", &op, "y"));
        assert_ne!(a, policy().pseudonym("d-", &other, "x"));
        assert_ne!(
            a,
            policy().pseudonym("k-", &op, "x")[..].replacen("k-", "d-", 1)
        );
        let other_key = DeidentifyPolicy::new(b"fedcba9876543210").unwrap();
        assert_ne!(a, other_key.pseudonym("d-", &op, "x"));
    }
}
