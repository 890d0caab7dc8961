//! Sentence statistics over effective custodial terms, and non-custodial outcomes.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::distribution::DistributionBuilder;
use super::{Bin, Distribution};
use crate::{Case, CustodialTerm, Operation, PenaltyKind, SentenceError, TERM_UNITS_PER_DAY, Term};

/// Statistics of the sentences of a set of cases (unit: person, one sentence each).
///
/// Determinate effective custodial terms (see
/// [`Sentence::effective_custodial_term`](crate::Sentence::effective_custodial_term))
/// go into an exact [`Distribution`] of lengths; life and indefinite sentences are
/// counted apart and never averaged in; sentences without custody are counted by the
/// kind of each component they contain.
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SentenceStats {
    custodial: Distribution,
    life: u64,
    indefinite: u64,
    non_custodial: BTreeMap<PenaltyKind, u64>,
    concurrency_unstated: u64,
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

    /// Counts of determinate terms per bin, for bin edges given as terms.
    pub fn histogram(&self, edges: &[Term]) -> Vec<Bin> {
        let edges: Vec<u64> = edges.iter().map(Term::length_units).collect();
        self.custodial.histogram(&edges)
    }

    /// Adds every count of `other`. Associative and commutative.
    pub fn merge(&mut self, other: &SentenceStats) {
        self.custodial.merge(&other.custodial);
        self.life += other.life;
        self.indefinite += other.indefinite;
        for (&kind, &n) in &other.non_custodial {
            *self.non_custodial.entry(kind).or_insert(0) += n;
        }
        self.concurrency_unstated += other.concurrency_unstated;
    }

    /// Adds the sentences of one operation's cases.
    pub fn add_operation(&mut self, operation: &Operation) {
        let mut local = SentenceStatsBuilder::default();
        for case in &operation.cases {
            let term = case.effective_custodial_term();
            local.add_case(case, &term);
        }
        local.finish(self);
    }
}

/// Sentence statistics gathered cheaply, then added to [`SentenceStats`].
#[derive(Default)]
pub(crate) struct SentenceStatsBuilder {
    custodial: DistributionBuilder,
    // Non-custodial sentences by penalty kind, indexed by `PenaltyKind as usize`.
    non_custodial: [u64; PenaltyKind::ALL.len()],
    stats: SentenceStats,
}

impl SentenceStatsBuilder {
    pub(crate) fn add_case(&mut self, case: &Case, term: &Result<CustodialTerm, SentenceError>) {
        let Some(sentence) = &case.sentence else {
            return;
        };
        let stats = &mut self.stats;
        match term {
            Ok(CustodialTerm::Determinate(t)) => self.custodial.add(t.length_units()),
            Ok(CustodialTerm::Life { .. }) => stats.life += 1,
            Ok(CustodialTerm::Indefinite { .. }) => stats.indefinite += 1,
            Ok(CustodialTerm::None) => {
                let mut kinds: Vec<PenaltyKind> = sentence
                    .components
                    .iter()
                    .map(|c| c.penalty.kind())
                    .collect();
                kinds.sort_unstable();
                kinds.dedup();
                for kind in kinds {
                    *stats.non_custodial.entry(kind).or_insert(0) += 1;
                }
            }
            Err(_) => stats.concurrency_unstated += 1,
        }
    }

    pub(crate) fn finish(self, into: &mut SentenceStats) {
        let mut stats = self.stats;
        self.custodial.finish(&mut stats.custodial);
        for (&kind, &n) in PenaltyKind::ALL.iter().zip(&self.non_custodial) {
            if n > 0 {
                *stats.non_custodial.entry(kind).or_insert(0) += n;
            }
        }
        into.merge(&stats);
    }
}

fn units_to_days(units: f64) -> f64 {
    units / TERM_UNITS_PER_DAY as f64
}
