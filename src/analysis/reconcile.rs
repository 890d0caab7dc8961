//! Reconciliation: reported figures against each other, breakdowns against their
//! totals, and case records against what was reported.
//!
//! Conflicting figures are data, not errors: [`reconcile`] reads a dataset that
//! validates and says where its sources agree, where they conflict, and what a
//! breakdown leaves unattributed, always naming the claims (and so the citations)
//! involved.
//!
//! **How a conflict is decided.** Claims are grouped by operation, metric and scope
//! (area and agency). Each claim stands for the [`Interval`] its quantity allows,
//! dated by its "as of" date (or, failing that, its source's publication date). Two
//! claims of a group are compared by their dates, as intervals:
//!
//! - dated at overlapping times (or either undated), they must share a value, or they
//!   [disagree](ConflictKind::Disagreement);
//! - one certainly earlier than the other: a figure that only grows
//!   ([`Metric::is_cumulative`]) must not fall, so a later interval entirely below an
//!   earlier one is a [decrease](ConflictKind::Decrease); an interim count followed
//!   by a higher final one is no conflict.
//!
//! The *agreed* interval of a group is what its latest claims (those no other claim
//! is certainly after) all allow; `None` when they conflict.
//!
//! **Breakdowns** are the claims that name a total in `part_of`. Their intervals add
//! up ([`Interval::checked_sum`]); what the total allows beyond the parts is the
//! *residual*, unattributed; parts that must add up to more than the total allows are
//! a contradiction.
//!
//! **Cases against claims.** Where a metric can be computed from case records
//! (arrests, people charged, charges laid, people convicted, suspects, the longest
//! sentence in whole months rounded up), the records in the claim's area (the whole
//! operation, a jurisdiction and its subdivisions, or the world) dated no later than
//! the claim are counted and compared with the claim's interval: consistent, below
//! (the records are incomplete) or contradicting (more on record than reported).
//!
//! # Example
//!
//! ```
//! use investigation_outcomes::Dataset;
//! use investigation_outcomes::reconcile::{reconcile, ConflictKind};
//!
//! let dataset = Dataset::from_json_str(include_str!("../../data/operation-h.json"))?;
//! let result = reconcile(&dataset);
//! let countries = result
//!     .conflicts()
//!     .find(|(group, _)| group.metric.as_str() == "countries_involved")
//!     .map(|(_, conflict)| conflict)
//!     .expect("13 against 12 countries");
//! assert_eq!(countries.kind, ConflictKind::Disagreement);
//! assert_eq!(countries.first.quantity.to_string(), "12"); // NYT, March 2022
//! assert_eq!(countries.second.quantity.to_string(), "13"); // RNZ, 2 March 2022
//! # Ok::<(), investigation_outcomes::Error>(())
//! ```

use std::collections::BTreeMap;

use serde::Serialize;

use crate::io::dataset::Dataset;
use crate::record::case::Case;
use crate::record::claim::Claim;
use crate::record::claim::Scope;
use crate::record::operation::Operation;
use crate::record::sentence::{CustodialTerm, SentenceError};
use crate::value::date::DateRelation;
use crate::value::date::PartialDate;
use crate::value::id::ClaimId;
use crate::value::id::OperationId;
use crate::value::id::SourceId;
use crate::value::interval::Interval;
use crate::value::metric::Metric;
use crate::value::quantity::Quantity;
use crate::value::region::Region;

/// A claim as reconciliation reports it: enough to cite it.
#[derive(Clone, PartialEq, Eq, Debug, Serialize)]
pub struct ClaimRef {
    /// The claim.
    pub claim: ClaimId,
    /// Its source.
    pub source: SourceId,
    /// The source's publisher, when the source is listed.
    pub publisher: Option<String>,
    /// The verbatim quote.
    pub quote: String,
    /// The date the figure stands for: its "as of" date, or its source's publication.
    pub dated: Option<PartialDate>,
    /// The figure.
    pub quantity: Quantity,
    /// The interval it allows.
    #[serde(serialize_with = "serialize_interval")]
    pub interval: Interval,
}

fn serialize_interval<S: serde::Serializer>(interval: &Interval, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(interval)
}

fn serialize_option_interval<S: serde::Serializer>(
    interval: &Option<Interval>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match interval {
        Some(i) => s.collect_str(i),
        None => s.serialize_none(),
    }
}

impl ClaimRef {
    fn new(operation: &Operation, claim: &Claim) -> Self {
        let source = operation.source(&claim.citation.source);
        Self {
            claim: claim.id.clone(),
            source: claim.citation.source.clone(),
            publisher: source.map(|s| s.publisher.clone()),
            quote: claim.citation.quote.clone(),
            dated: claim.as_of.or(source.map(|s| s.published)),
            quantity: claim.quantity,
            interval: claim.quantity.interval(),
        }
    }
}

/// How two claims conflict.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConflictKind {
    /// Figures for overlapping times that share no value.
    Disagreement,
    /// A later figure of a cumulative metric entirely below an earlier one.
    Decrease,
}

impl std::fmt::Display for ConflictKind {
    /// The snake_case name, as in JSON.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ConflictKind::Disagreement => "disagreement",
            ConflictKind::Decrease => "decrease",
        })
    }
}

/// Two claims that cannot both be right.
#[derive(Clone, PartialEq, Eq, Debug, Serialize)]
pub struct Conflict {
    /// How they conflict.
    pub kind: ConflictKind,
    /// The first claim (the earlier, for a decrease).
    pub first: ClaimRef,
    /// The second claim (the later, for a decrease).
    pub second: ClaimRef,
}

/// The claims of one operation for one metric and scope.
#[derive(Clone, PartialEq, Eq, Debug, Serialize)]
pub struct FigureGroup {
    /// The operation.
    pub operation: OperationId,
    /// What the figures count.
    pub metric: Metric,
    /// What part of the operation they cover.
    pub scope: Scope,
    /// The claims, earliest first (undated last).
    pub claims: Vec<ClaimRef>,
    /// Every pair that conflicts.
    pub conflicts: Vec<Conflict>,
    /// What the latest claims all allow; `None` when they conflict.
    #[serde(serialize_with = "serialize_option_interval")]
    pub agreed: Option<Interval>,
}

/// How a breakdown relates to its total.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BreakdownStatus {
    /// The parts certainly account for the whole total.
    Complete,
    /// The parts may leave part of the total unattributed.
    Residual,
    /// The parts must add up to more than the total allows.
    Contradiction,
}

impl std::fmt::Display for BreakdownStatus {
    /// The snake_case name, as in JSON.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            BreakdownStatus::Complete => "complete",
            BreakdownStatus::Residual => "residual",
            BreakdownStatus::Contradiction => "contradiction",
        })
    }
}

/// A total and the parts that break it down.
#[derive(Clone, PartialEq, Eq, Debug, Serialize)]
pub struct Breakdown {
    /// The operation.
    pub operation: OperationId,
    /// The total.
    pub total: ClaimRef,
    /// The parts, in claim order.
    pub parts: Vec<ClaimRef>,
    /// What the parts add up to; `None` if the sum overflows.
    #[serde(serialize_with = "serialize_option_interval")]
    pub parts_sum: Option<Interval>,
    /// What the total leaves unattributed; `None` for a contradiction.
    #[serde(serialize_with = "serialize_option_interval")]
    pub residual: Option<Interval>,
    /// The verdict.
    pub status: BreakdownStatus,
}

/// How case records compare with a reported figure.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseCheckStatus {
    /// The records give a value the figure allows.
    Consistent,
    /// The records give less than the figure: they are incomplete.
    Below,
    /// The records give more than the figure allows.
    Contradicting,
}

impl std::fmt::Display for CaseCheckStatus {
    /// The snake_case name, as in JSON.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            CaseCheckStatus::Consistent => "consistent",
            CaseCheckStatus::Below => "below",
            CaseCheckStatus::Contradicting => "contradicting",
        })
    }
}

/// A reported figure checked against the case records.
#[derive(Clone, PartialEq, Eq, Debug, Serialize)]
pub struct CaseCheck {
    /// The operation.
    pub operation: OperationId,
    /// The claim.
    pub claim: ClaimRef,
    /// The metric.
    pub metric: Metric,
    /// The value from case records (for the longest sentence: months, rounded up;
    /// `u64::MAX` stands for life or indefinite detention).
    pub from_cases: u64,
    /// The verdict.
    pub status: CaseCheckStatus,
}

/// Everything reconciliation found.
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize)]
pub struct Reconciliation {
    /// Claims grouped by operation, metric and scope, with their conflicts.
    pub groups: Vec<FigureGroup>,
    /// Totals and their parts.
    pub breakdowns: Vec<Breakdown>,
    /// Figures checked against case records.
    pub case_checks: Vec<CaseCheck>,
}

impl Reconciliation {
    /// Every conflict, with its group.
    pub fn conflicts(&self) -> impl Iterator<Item = (&FigureGroup, &Conflict)> {
        self.groups
            .iter()
            .flat_map(|g| g.conflicts.iter().map(move |c| (g, c)))
    }
}

/// Reconciles every operation of a dataset.
pub fn reconcile(dataset: &Dataset) -> Reconciliation {
    let mut result = Reconciliation::default();
    for operation in &dataset.operations {
        reconcile_operation(operation, &mut result);
    }
    result
}

/// Reconciles one operation, adding to `into`.
pub fn reconcile_operation(operation: &Operation, into: &mut Reconciliation) {
    figure_groups(operation, into);
    breakdowns(operation, into);
    case_checks(operation, into);
}

/// Whether `a` is certainly before `b`.
fn certainly_before(a: &ClaimRef, b: &ClaimRef) -> bool {
    matches!((a.dated, b.dated), (Some(x), Some(y)) if x.relation(&y) == DateRelation::Before)
}

fn figure_groups(operation: &Operation, into: &mut Reconciliation) {
    let mut groups: BTreeMap<(Metric, &Scope), Vec<ClaimRef>> = BTreeMap::new();
    for claim in &operation.claims {
        groups
            .entry((claim.metric, &claim.scope))
            .or_default()
            .push(ClaimRef::new(operation, claim));
    }
    for ((metric, scope), mut claims) in groups {
        // Earliest first; undated last; claim order breaks ties (the sort is stable).
        claims.sort_by_key(|c| (c.dated.is_none(), c.dated));
        let mut conflicts = Vec::new();
        for (i, a) in claims.iter().enumerate() {
            for b in claims.iter().skip(i + 1) {
                let kind = if certainly_before(a, b) || certainly_before(b, a) {
                    let (earlier, later) = if certainly_before(a, b) {
                        (a, b)
                    } else {
                        (b, a)
                    };
                    let fell = later
                        .interval
                        .high()
                        .is_some_and(|h| h < earlier.interval.low());
                    (metric.is_cumulative() && fell).then_some((
                        ConflictKind::Decrease,
                        earlier,
                        later,
                    ))
                } else {
                    (!a.interval.overlaps(&b.interval)).then_some((
                        ConflictKind::Disagreement,
                        a,
                        b,
                    ))
                };
                if let Some((kind, first, second)) = kind {
                    conflicts.push(Conflict {
                        kind,
                        first: first.clone(),
                        second: second.clone(),
                    });
                }
            }
        }
        let mut latest = claims
            .iter()
            .filter(|c| !claims.iter().any(|other| certainly_before(c, other)));
        let agreed = latest.try_fold(Interval::at_least(0), |acc, c| {
            acc.intersection(&c.interval)
        });
        into.groups.push(FigureGroup {
            operation: operation.id.clone(),
            metric,
            scope: scope.clone(),
            claims,
            conflicts,
            agreed,
        });
    }
}

fn breakdowns(operation: &Operation, into: &mut Reconciliation) {
    for total in &operation.claims {
        let parts: Vec<&Claim> = operation
            .claims
            .iter()
            .filter(|c| {
                c.part_of.as_ref() == Some(&total.id)
                    && c.id != total.id
                    && c.metric == total.metric
            })
            .collect();
        if parts.is_empty() || !total.metric.is_additive() {
            continue;
        }
        let total_interval = total.quantity.interval();
        let parts_sum = Interval::checked_sum(parts.iter().map(|p| p.quantity.interval()));
        let (residual, status) = match parts_sum {
            Some(sum) if total_interval.high().is_none_or(|h| sum.low() <= h) => {
                let low = sum
                    .high()
                    .map_or(0, |h| total_interval.low().saturating_sub(h));
                let high = total_interval.high().map(|h| h - sum.low());
                let residual = Interval::new(low, high).ok();
                let status = if high == Some(0) {
                    BreakdownStatus::Complete
                } else {
                    BreakdownStatus::Residual
                };
                (residual, status)
            }
            _ => (None, BreakdownStatus::Contradiction),
        };
        into.breakdowns.push(Breakdown {
            operation: operation.id.clone(),
            total: ClaimRef::new(operation, total),
            parts: parts.iter().map(|p| ClaimRef::new(operation, p)).collect(),
            parts_sum,
            residual,
            status,
        });
    }
}

/// Whether an event dated `date` (if known) falls no later than `as_of` (if known).
fn by(date: Option<PartialDate>, as_of: Option<PartialDate>) -> bool {
    match (date, as_of) {
        (Some(d), Some(a)) => !d.is_after(&a),
        _ => true,
    }
}

fn from_cases(metric: Metric, cases: &[&Case], as_of: Option<PartialDate>) -> Option<u64> {
    let count = |f: &dyn Fn(&Case) -> bool| cases.iter().filter(|c| f(c)).count() as u64;
    Some(match metric {
        Metric::Suspects => count(&|_| true),
        Metric::Arrests => count(&|c| c.events.arrested.is_some_and(|d| by(Some(d), as_of))),
        Metric::PersonsCharged => count(&|c| {
            (!c.charges.is_empty() || c.events.charged.is_some()) && by(c.events.charged, as_of)
        }),
        Metric::ChargesLaid => cases
            .iter()
            .filter(|c| by(c.events.charged, as_of))
            // Charges held in memory cannot overflow a u64; saturate all the same.
            .fold(0u64, |sum, c| sum.saturating_add(c.charges.len() as u64)),
        Metric::PersonsConvicted => count(&|c| {
            c.charges
                .iter()
                .any(|ch| ch.disposition.outcome.is_conviction() && by(ch.disposition.date, as_of))
        }),
        Metric::LongestSentence => cases
            .iter()
            .filter(|c| by(c.events.sentenced, as_of))
            .filter_map(|c| match c.sentence.as_ref()?.effective_custodial_term() {
                Ok(CustodialTerm::None) => Some(0),
                Ok(CustodialTerm::Determinate(t)) => Some(t.months_rounded_up()),
                // Longer than any term kept, like life.
                Ok(CustodialTerm::Life { .. } | CustodialTerm::Indefinite { .. })
                | Err(SentenceError::Overflow { .. }) => Some(u64::MAX),
                Err(SentenceError::ConcurrencyUnstated { .. }) => None,
            })
            .max()
            .unwrap_or(0),
        _ => return None,
    })
}

fn case_checks(operation: &Operation, into: &mut Reconciliation) {
    for claim in &operation.claims {
        if claim.scope.agency.is_some() {
            continue;
        }
        let cases: Vec<&Case> = match claim.scope.area {
            None => operation.cases.iter().collect(),
            Some(area) if area.is_remainder() => continue,
            Some(area) => match (area.jurisdiction(), area.region()) {
                (Some(j), _) => operation
                    .cases
                    .iter()
                    .filter(|c| j.contains(c.jurisdiction))
                    .collect(),
                (None, Some(r)) if r == Region::WORLD => operation.cases.iter().collect(),
                _ => continue,
            },
        };
        let Some(computed) = from_cases(claim.metric, &cases, claim.as_of) else {
            continue;
        };
        let interval = claim.quantity.interval();
        let status = if interval.contains(computed) {
            CaseCheckStatus::Consistent
        } else if computed < interval.low() {
            CaseCheckStatus::Below
        } else {
            CaseCheckStatus::Contradicting
        };
        into.case_checks.push(CaseCheck {
            operation: operation.id.clone(),
            claim: ClaimRef::new(operation, claim),
            metric: claim.metric,
            from_cases: computed,
            status,
        });
    }
}
