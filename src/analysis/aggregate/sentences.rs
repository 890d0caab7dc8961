//! Sentence statistics over effective custodial terms, and non-custodial outcomes.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::distribution::DistributionBuilder;
use super::{Bin, Distribution, MergeError, add_counts};
use crate::record::case::Case;
use crate::record::operation::Operation;
use crate::record::sentence::CustodialTerm;
use crate::record::sentence::PenaltyKind;
use crate::record::sentence::SentenceError;
use crate::value::term::LengthUnit;
use crate::value::term::TERM_UNITS_PER_DAY;
use crate::value::term::Term;

/// Statistics of the sentences of a set of cases (unit: person, one sentence each).
///
/// Determinate effective custodial terms (see
/// [`Sentence::effective_custodial_term`](crate::Sentence::effective_custodial_term))
/// go into an exact [`Distribution`] of lengths; life and indefinite sentences are
/// counted apart and never averaged in; sentences without custody are counted by the
/// kind of each component they contain.
///
/// A fixed term followed by indefinite detention counts as indefinite here, even
/// though its minimum (the fixed term, at least) is known: the distribution holds
/// lengths that were imposed as such, so that its median is one. Reconciliation
/// uses that minimum as a lower bound of the longest sentence
/// ([`CaseFigure::Indefinite`](crate::reconcile::CaseFigure::Indefinite)).
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SentenceStats {
    custodial: Distribution,
    life: u64,
    indefinite: u64,
    non_custodial: BTreeMap<PenaltyKind, u64>,
    concurrency_unstated: u64,
    #[serde(default, skip_serializing_if = "is_zero")]
    too_long: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

impl SentenceStats {
    /// The distribution of determinate effective custodial terms, in units of
    /// 1/[`TERM_UNITS_PER_DAY`] of a day (exact; see [`Term::length_units`]).
    pub fn custodial(&self) -> &Distribution {
        &self.custodial
    }

    /// How many life sentences.
    pub fn life(&self) -> u64 {
        self.life
    }

    /// How many indefinite detentions.
    pub fn indefinite(&self) -> u64 {
        self.indefinite
    }

    /// Sentences without custody, by the kinds of component they contain (a sentence
    /// of community work and a fine counts once under each).
    pub fn non_custodial(&self) -> &BTreeMap<PenaltyKind, u64> {
        &self.non_custodial
    }

    /// Sentences whose custodial parts do not state how they run, so that no
    /// effective term can be given.
    pub fn concurrency_unstated(&self) -> u64 {
        self.concurrency_unstated
    }

    /// Sentences whose cumulative custodial parts are longer than the longest term
    /// kept ([`MAX_TERM_YEARS`](crate::MAX_TERM_YEARS)): custody, but no length.
    pub fn too_long(&self) -> u64 {
        self.too_long
    }

    /// A statistic of the determinate terms in days: `quantile(p)` of their lengths.
    pub fn quantile_days(&self, p: f64) -> Option<f64> {
        self.custodial.quantile(p).map(units_to_days)
    }

    /// The mean determinate term in days.
    pub fn mean_days(&self) -> Option<f64> {
        self.custodial.mean().map(units_to_days)
    }

    /// The shortest and longest determinate terms, in days.
    pub fn range_days(&self) -> Option<(f64, f64)> {
        Some((
            units_to_days(self.custodial.min()? as f64),
            units_to_days(self.custodial.max()? as f64),
        ))
    }

    /// `quantile(p)` of the determinate terms (linear interpolation), in `unit`.
    ///
    /// ```
    /// use investigation_outcomes::aggregate::{GroupBy, HeaviestSentence, Summary};
    /// use investigation_outcomes::{Dataset, LengthUnit};
    ///
    /// let dataset = Dataset::operation_h()?;
    /// let summary = Summary::of(&dataset, GroupBy::default(), &HeaviestSentence::default());
    /// // Sentences of one and three years.
    /// assert_eq!(summary.sentences().quantile(0.5, LengthUnit::Months), Some(24.0));
    /// assert_eq!(summary.sentences().quantile(1.0, LengthUnit::Years), Some(3.0));
    /// # Ok::<(), investigation_outcomes::Error>(())
    /// ```
    pub fn quantile(&self, p: f64, unit: LengthUnit) -> Option<f64> {
        self.custodial
            .quantile(p)
            .map(|units| unit.from_term_units(units))
    }

    /// The median determinate term, in `unit`.
    pub fn median(&self, unit: LengthUnit) -> Option<f64> {
        self.quantile(0.5, unit)
    }

    /// The mean determinate term, in `unit`.
    pub fn mean(&self, unit: LengthUnit) -> Option<f64> {
        self.custodial
            .mean()
            .map(|units| unit.from_term_units(units))
    }

    /// Counts of determinate terms per bin, for bin edges given as terms.
    pub fn histogram(&self, edges: &[Term]) -> Vec<Bin> {
        let edges: Vec<u64> = edges.iter().map(Term::length_units).collect();
        self.custodial.histogram(&edges)
    }

    /// Adds every count of `other`. Associative and commutative.
    ///
    /// # Errors
    ///
    /// [`MergeError`] when a count would overflow; `self` is then unchanged.
    pub fn merge(&mut self, other: &SentenceStats) -> Result<(), MergeError> {
        self.check_merge(other)?;
        self.merge_checked(other);
        Ok(())
    }

    /// Whether [`merge`](Self::merge) with `other` would succeed, in time that does
    /// not grow with `self`.
    pub(crate) fn check_merge(&self, other: &SentenceStats) -> Result<(), MergeError> {
        self.custodial.check_merge(&other.custodial)?;
        add_counts(self.life, other.life, "life sentences")?;
        add_counts(self.indefinite, other.indefinite, "indefinite detentions")?;
        for (kind, &n) in &other.non_custodial {
            let mine = self.non_custodial.get(kind).copied().unwrap_or(0);
            add_counts(mine, n, "non-custodial sentences")?;
        }
        add_counts(
            self.concurrency_unstated,
            other.concurrency_unstated,
            "sentences of unstated concurrency",
        )?;
        add_counts(self.too_long, other.too_long, "overlong sentences")?;
        Ok(())
    }

    /// Adds `other`, once [`check_merge`](Self::check_merge) found that it fits.
    pub(crate) fn merge_checked(&mut self, other: &SentenceStats) {
        self.custodial.merge_checked(&other.custodial);
        self.life = self.life.saturating_add(other.life);
        self.indefinite = self.indefinite.saturating_add(other.indefinite);
        for (&kind, &n) in &other.non_custodial {
            let slot = self.non_custodial.entry(kind).or_insert(0);
            *slot = slot.saturating_add(n);
        }
        self.concurrency_unstated = self
            .concurrency_unstated
            .saturating_add(other.concurrency_unstated);
        self.too_long = self.too_long.saturating_add(other.too_long);
    }

    /// Adds the sentences of one operation's cases.
    ///
    /// # Errors
    ///
    /// [`MergeError`] when a count would overflow; `self` is then unchanged.
    pub fn add_operation(&mut self, operation: &Operation) -> Result<(), MergeError> {
        let mut builder = SentenceStatsBuilder::default();
        for case in &operation.cases {
            builder.add_case(case, &case.effective_custodial_term());
        }
        self.merge(&builder.finish())
    }
}

/// Sentence statistics gathered cheaply, then added to [`SentenceStats`].
pub(crate) struct SentenceStatsBuilder {
    // Terms are mostly whole months, which the builder counts in an array.
    custodial: DistributionBuilder<{ crate::value::term::UNITS_PER_MONTH }>,
    life: u64,
    indefinite: u64,
    // Non-custodial sentences by penalty kind, indexed by `PenaltyKind as usize`.
    non_custodial: [u64; PenaltyKind::ALL.len()],
    concurrency_unstated: u64,
    too_long: u64,
}

impl Default for SentenceStatsBuilder {
    fn default() -> Self {
        Self {
            custodial: DistributionBuilder::default(),
            life: 0,
            indefinite: 0,
            non_custodial: [0; PenaltyKind::ALL.len()],
            concurrency_unstated: 0,
            too_long: 0,
        }
    }
}

impl SentenceStatsBuilder {
    /// A builder that stays small: one of a group's.
    pub(crate) fn small() -> Self {
        Self {
            custodial: DistributionBuilder::small(),
            ..Self::default()
        }
    }

    pub(crate) fn add_case(&mut self, case: &Case, term: &Result<CustodialTerm, SentenceError>) {
        let Some(sentence) = &case.sentence else {
            return;
        };
        match term {
            Ok(CustodialTerm::Determinate(t)) => self.custodial.add(t.length_units()),
            Ok(CustodialTerm::Life { .. }) => self.life = self.life.saturating_add(1),
            Ok(CustodialTerm::Indefinite { .. }) => {
                self.indefinite = self.indefinite.saturating_add(1)
            }
            Ok(CustodialTerm::None) => {
                // Each kind once per sentence, however many components have it.
                let kinds = sentence
                    .components
                    .iter()
                    .fold(0u32, |kinds, c| kinds | 1 << (c.penalty.kind() as u32));
                for (index, slot) in self.non_custodial.iter_mut().enumerate() {
                    *slot = slot.saturating_add(u64::from(kinds >> index & 1));
                }
            }
            Err(SentenceError::ConcurrencyUnstated { .. }) => {
                self.concurrency_unstated = self.concurrency_unstated.saturating_add(1)
            }
            Err(SentenceError::Overflow { .. }) => self.too_long = self.too_long.saturating_add(1),
        }
    }

    /// The statistics of the cases added.
    pub(crate) fn finish(self) -> SentenceStats {
        SentenceStats {
            custodial: self.custodial.build(),
            life: self.life,
            indefinite: self.indefinite,
            non_custodial: PenaltyKind::ALL
                .iter()
                .zip(self.non_custodial)
                .filter(|&(_, n)| n > 0)
                .map(|(&kind, n)| (kind, n))
                .collect(),
            concurrency_unstated: self.concurrency_unstated,
            too_long: self.too_long,
        }
    }
}

fn units_to_days(units: f64) -> f64 {
    units / TERM_UNITS_PER_DAY as f64
}
