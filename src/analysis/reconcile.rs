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
//! Every claim is reported with *one* earlier claim it disagrees with and one it fell
//! below, when there are such, rather than with every claim it conflicts with: the
//! output grows with the number of claims, not with the number of pairs, and a
//! thousand conflicting figures of one metric take milliseconds. The claims are also
//! partitioned into *consistent sets*, each allowing a common value (the fewest
//! such sets), so that every conflict is between two sets. Conflicts name claims by
//! their position in the group, and each claim's quote is written once.
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
use crate::value::date::PartialDate;
use crate::value::event_date::EventDate;
use crate::value::id::ClaimId;
use crate::value::id::OperationId;
use crate::value::id::SourceId;
use crate::value::interval::Interval;
use crate::value::jurisdiction::Jurisdiction;
use crate::value::metric::Metric;
use crate::value::quantity::Quantity;
use crate::value::region::Region;
use crate::value::term::Term;

/// A claim as reconciliation reports it: enough to cite it.
#[derive(Clone, PartialEq, Eq, Debug, Serialize)]
pub struct ClaimRef {
    /// The claim.
    pub claim: ClaimId,
    /// Its source.
    pub source: SourceId,
    /// The source's publisher, when the source is listed.
    pub publisher: Option<String>,
    /// The verbatim quote (or, when `paraphrase` is set, the dataset's rendering).
    pub quote: String,
    /// The quote is not the source's own words.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub paraphrase: bool,
    /// The figure was given before its reporting period ended.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub interim: bool,
    /// The date the figure stands for: its "as of" date, or its source's publication.
    pub dated: Option<PartialDate>,
    /// The figure.
    pub quantity: Quantity,
    /// The interval it allows.
    pub interval: Interval,
}

impl ClaimRef {
    fn new(operation: &Operation, claim: &Claim) -> Self {
        let source = operation.source(&claim.citation.source);
        Self {
            claim: claim.id.clone(),
            source: claim.citation.source.clone(),
            publisher: source.map(|s| s.publisher.clone()),
            quote: claim.citation.quote.clone(),
            paraphrase: claim.citation.paraphrase,
            interim: claim.interim,
            dated: claim.as_of.or(source.map(|s| s.published)),
            quantity: claim.quantity,
            interval: claim.quantity.interval(),
        }
    }
}

/// How two claims conflict.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
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

/// Two claims of a [`FigureGroup`] that cannot both be right, by their positions in
/// the group's `claims`: each claim's citation is written once, however many
/// conflicts it takes part in.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize)]
pub struct Conflict {
    /// How they conflict.
    pub kind: ConflictKind,
    /// The first claim (earlier in the group's order; the earlier, for a decrease).
    pub first: usize,
    /// The second claim (the later, for a decrease).
    pub second: usize,
}

/// A [`Conflict`] with its two claims.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct ConflictRef<'a> {
    /// How they conflict.
    pub kind: ConflictKind,
    /// The first claim (the earlier, for a decrease).
    pub first: &'a ClaimRef,
    /// The second claim (the later, for a decrease).
    pub second: &'a ClaimRef,
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
    /// The claims in sets that each allow a common value, so that no two claims of a
    /// set conflict; ordered by that value. Conflicts are between sets.
    pub consistent: Vec<Vec<usize>>,
    /// For each claim, the earlier claim it conflicts with, of each kind, when there
    /// is one: at most two conflicts a claim (see the module documentation).
    pub conflicts: Vec<Conflict>,
    /// What the latest claims all allow; `None` when they conflict.
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
    pub parts_sum: Option<Interval>,
    /// What the total leaves unattributed; `None` for a contradiction.
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

/// What the case records give for a metric: a count or a length in months, or, for
/// the longest sentence, a bound.
///
/// In JSON: `{"value": 2}`, `{"indefinite": {"at_least_months": 144}}` or
/// `"longer_than_any_term"`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum CaseFigure {
    /// A count, or a determinate length in months (rounded up).
    Value(u64),
    /// Indefinite detention: at least this many months (its known minimum), with no
    /// upper bound.
    Indefinite {
        /// The known minimum in months, rounded up.
        at_least_months: u64,
    },
    /// Life imprisonment, or a term longer than any kept: longer than any figure.
    LongerThanAnyTerm,
}

impl CaseFigure {
    /// The values the records allow for the figure.
    pub fn interval(self) -> Interval {
        match self {
            CaseFigure::Value(v) => Interval::exact(v),
            CaseFigure::Indefinite { at_least_months } => Interval::at_least(at_least_months),
            CaseFigure::LongerThanAnyTerm => Interval::exact(u64::MAX),
        }
    }

    /// The longer of two sentences on record.
    fn longer(self, other: CaseFigure) -> CaseFigure {
        use CaseFigure::{Indefinite, LongerThanAnyTerm, Value};
        match (self, other) {
            (LongerThanAnyTerm, _) | (_, LongerThanAnyTerm) => LongerThanAnyTerm,
            (Value(a), Value(b)) => Value(a.max(b)),
            (Indefinite { at_least_months: a }, Value(b))
            | (Value(b), Indefinite { at_least_months: a }) => Indefinite {
                at_least_months: a.max(b),
            },
            (Indefinite { at_least_months: a }, Indefinite { at_least_months: b }) => Indefinite {
                at_least_months: a.max(b),
            },
        }
    }
}

impl std::fmt::Display for CaseFigure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CaseFigure::Value(v) => write!(f, "{v}"),
            CaseFigure::Indefinite { at_least_months } => {
                write!(f, "indefinite, at least {at_least_months} months")
            }
            CaseFigure::LongerThanAnyTerm => f.write_str("life, or longer than any term"),
        }
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
    /// What the case records give (for the longest sentence: months, rounded up, or
    /// a bound for life and indefinite detention).
    pub from_cases: CaseFigure,
    /// The verdict.
    pub status: CaseCheckStatus,
}

/// A reported number of countries checked against the operation's participants.
///
/// The status reads as for case records: `below` when fewer countries are listed than
/// reported (the list is incomplete), `contradicting` when more are listed than the
/// figure allows.
#[derive(Clone, PartialEq, Eq, Debug, Serialize)]
pub struct ParticipantCheck {
    /// The operation.
    pub operation: OperationId,
    /// The claim of `countries_involved` for the whole operation (its citation is
    /// in [`Reconciliation::groups`], not copied here).
    pub claim: ClaimId,
    /// The number it reports.
    pub quantity: Quantity,
    /// The countries among the participants (a subdivision counts as its country).
    pub listed: u64,
    /// The verdict.
    pub status: CaseCheckStatus,
}

/// What the case records give for one metric, in one operation and jurisdiction.
#[derive(Clone, PartialEq, Eq, Debug, Serialize)]
pub struct RecordFigure {
    /// The operation.
    pub operation: OperationId,
    /// A jurisdiction of its cases (a country, or a subdivision as recorded); `None`
    /// for the whole operation.
    pub jurisdiction: Option<Jurisdiction>,
    /// The metric.
    pub metric: Metric,
    /// The figure.
    pub figure: CaseFigure,
}

/// The metrics case records can give, in the order they are reported.
const RECORD_METRICS: [Metric; 6] = [
    Metric::Suspects,
    Metric::Arrests,
    Metric::PersonsCharged,
    Metric::ChargesLaid,
    Metric::PersonsConvicted,
    Metric::LongestSentence,
];

/// Everything reconciliation found.
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize)]
pub struct Reconciliation {
    /// Claims grouped by operation, metric and scope, with their conflicts.
    pub groups: Vec<FigureGroup>,
    /// Totals and their parts.
    pub breakdowns: Vec<Breakdown>,
    /// Figures checked against case records.
    pub case_checks: Vec<CaseCheck>,
    /// Reported numbers of countries checked against the participants listed.
    pub participant_checks: Vec<ParticipantCheck>,
    /// What the case records themselves give, for every metric they can compute, per
    /// operation and jurisdiction: to set beside a report the dataset does not hold.
    pub record_figures: Vec<RecordFigure>,
}

impl FigureGroup {
    /// A conflict with its two claims.
    pub fn resolve(&self, conflict: &Conflict) -> Option<ConflictRef<'_>> {
        Some(ConflictRef {
            kind: conflict.kind,
            first: self.claims.get(conflict.first)?,
            second: self.claims.get(conflict.second)?,
        })
    }
}

impl Reconciliation {
    /// Adds the reconciliation of later operations, made apart (on another thread):
    /// reconciling operations one after another into one `Reconciliation` gives
    /// what reconciling them in runs and appending the runs in order gives.
    pub fn append(&mut self, later: Reconciliation) {
        let Reconciliation {
            groups,
            breakdowns,
            case_checks,
            participant_checks,
            record_figures,
        } = later;
        self.groups.extend(groups);
        self.breakdowns.extend(breakdowns);
        self.case_checks.extend(case_checks);
        self.participant_checks.extend(participant_checks);
        self.record_figures.extend(record_figures);
    }

    /// Every conflict, with its group and its two claims.
    pub fn conflicts(&self) -> impl Iterator<Item = (&FigureGroup, ConflictRef<'_>)> {
        self.groups.iter().flat_map(|g| {
            g.conflicts
                .iter()
                .filter_map(move |c| g.resolve(c).map(|r| (g, r)))
        })
    }
}

/// Reconciles every operation of a dataset.
///
/// # Example
///
/// ```
/// use investigation_outcomes::{Dataset, Metric};
/// use investigation_outcomes::reconcile::reconcile;
///
/// let result = reconcile(&Dataset::operation_h()?);
/// // 146 or 153 children safeguarded? Both claims are named.
/// let (_, conflict) = result
///     .conflicts()
///     .find(|(group, _)| group.metric == Metric::ChildrenSafeguarded)
///     .unwrap();
/// assert_ne!(conflict.first.quantity, conflict.second.quantity);
/// # Ok::<(), investigation_outcomes::Error>(())
/// ```
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
    participant_checks(operation, into);
    record_figures(operation, into);
}

fn status(claimed: Interval, found: Interval) -> CaseCheckStatus {
    if claimed.overlaps(&found) {
        CaseCheckStatus::Consistent
    } else if found.high().is_some_and(|h| h < claimed.low()) {
        CaseCheckStatus::Below
    } else {
        CaseCheckStatus::Contradicting
    }
}

fn participant_checks(operation: &Operation, into: &mut Reconciliation) {
    let whole = |scope: &Scope| {
        scope.agency.is_none()
            && scope
                .area
                .is_none_or(|a| a.region() == Some(Region::WORLD) && !a.is_remainder())
    };
    let claims = operation
        .claims
        .iter()
        .filter(|c| c.metric == Metric::CountriesInvolved && whole(&c.scope));
    let mut countries: Vec<Jurisdiction> =
        operation.participants.iter().map(|p| p.country()).collect();
    countries.sort_unstable();
    countries.dedup();
    let listed = countries.len() as u64;
    for claim in claims {
        into.participant_checks.push(ParticipantCheck {
            operation: operation.id.clone(),
            claim: claim.id.clone(),
            quantity: claim.quantity,
            listed,
            status: status(claim.quantity.interval(), Interval::exact(listed)),
        });
    }
}

fn record_figures(operation: &Operation, into: &mut Reconciliation) {
    if operation.cases.is_empty() {
        return;
    }
    // Each case falls in its jurisdiction as recorded and in its country: linear in
    // the cases.
    let mut by_jurisdiction: BTreeMap<Jurisdiction, Vec<&Case>> = BTreeMap::new();
    for case in &operation.cases {
        by_jurisdiction
            .entry(case.jurisdiction)
            .or_default()
            .push(case);
        if !case.jurisdiction.is_country() {
            by_jurisdiction
                .entry(case.jurisdiction.country())
                .or_default()
                .push(case);
        }
    }
    let all: Vec<&Case> = operation.cases.iter().collect();
    let places = std::iter::once((None, all)).chain(
        by_jurisdiction
            .into_iter()
            .map(|(j, cases)| (Some(j), cases)),
    );
    for (jurisdiction, cases) in places {
        for metric in RECORD_METRICS {
            if let Some(figure) = from_cases(metric, &cases, None) {
                into.record_figures.push(RecordFigure {
                    operation: operation.id.clone(),
                    jurisdiction,
                    metric,
                    figure,
                });
            }
        }
    }
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
        // A figure for a reporting period that has ended does not grow: final figures
        // for one period must agree whatever their dates.
        let closed_period = scope.period.is_some();
        let conflicts = conflicts(&claims, metric.is_cumulative(), closed_period);
        // The latest claims are those no other claim is certainly after.
        let newest_start = claims
            .iter()
            .filter_map(|c| c.dated.map(|d| d.first_day_number()))
            .max();
        let mut latest = claims.iter().filter(|c| match (c.dated, newest_start) {
            (Some(d), Some(start)) => d.last_day_number() >= start,
            _ => true,
        });
        let agreed = latest.try_fold(Interval::at_least(0), |acc, c| {
            acc.intersection(&c.interval)
        });
        into.groups.push(FigureGroup {
            operation: operation.id.clone(),
            metric,
            scope: scope.clone(),
            consistent: consistent_sets(&claims),
            claims,
            conflicts,
            agreed,
        });
    }
}

/// The claims in sets that each share a value: the fewest such sets, found by taking
/// claims by their highest value and opening a set whenever a claim lies above the
/// current set's value (the greedy stabbing of intervals).
fn consistent_sets(claims: &[ClaimRef]) -> Vec<Vec<usize>> {
    let mut order: Vec<usize> = (0..claims.len()).collect();
    let high = |i: usize| {
        claims
            .get(i)
            .and_then(|c| c.interval.high())
            .unwrap_or(u64::MAX)
    };
    let low = |i: usize| claims.get(i).map_or(0, |c| c.interval.low());
    order.sort_by_key(|&i| (high(i), i));
    let mut sets: Vec<(u64, Vec<usize>)> = Vec::new();
    for i in order {
        match sets.last_mut() {
            Some((point, members)) if low(i) <= *point => members.push(i),
            _ => sets.push((high(i), vec![i])),
        }
    }
    sets.into_iter()
        .map(|(_, mut members)| {
            members.sort_unstable();
            members
        })
        .collect()
}

/// For each claim (in the group's order), an earlier claim it disagrees with and an
/// earlier claim it has fallen below, when there are such: in `O(n log n)` time and
/// at most two conflicts a claim, however many claims conflict pairwise.
///
/// The earlier claims dated at overlapping times (or undated) are kept in ordered
/// sets of their interval ends, so the one most apart from the claim is found at
/// once; those certainly before it (cumulative metrics) by their greatest low end.
/// Conflicts among claims sorted by date. With `timeless`, every claim not marked
/// interim is compared with every other such claim, whatever their dates, and interim
/// claims are left out.
fn conflicts(claims: &[ClaimRef], cumulative: bool, timeless: bool) -> Vec<Conflict> {
    use std::cmp::Reverse;
    use std::collections::{BTreeSet, BinaryHeap};

    let high = |c: &ClaimRef| c.interval.high().unwrap_or(u64::MAX);
    // Earlier claims still overlapping in time, by high and by low end.
    let mut by_high: BTreeSet<(u64, usize)> = BTreeSet::new();
    let mut by_low: BTreeSet<(Reverse<u64>, usize)> = BTreeSet::new();
    // Their last days, to retire them once certainly before the current claim.
    let mut ends: BinaryHeap<Reverse<(i64, usize)>> = BinaryHeap::new();
    // Retired claims: the greatest low end among them, first such claim on ties.
    let mut retired_low: Option<(u64, usize)> = None;
    // Every earlier claim, for undated claims, which overlap every date.
    let mut all_high: Option<(u64, usize)> = None;
    let mut all_low: Option<(u64, usize)> = None;
    let mut found = Vec::new();
    for (index, claim) in claims.iter().enumerate() {
        if timeless && claim.interim {
            continue;
        }
        let (low, top) = (claim.interval.low(), high(claim));
        let dated = claim.dated.filter(|_| !timeless);
        let (candidate_high, candidate_low) = match dated {
            Some(date) => {
                let start = date.first_day_number();
                while let Some(&Reverse((end, earlier))) = ends.peek() {
                    if end >= start {
                        break;
                    }
                    ends.pop();
                    if let Some(old) = claims.get(earlier) {
                        by_high.remove(&(high(old), earlier));
                        by_low.remove(&(Reverse(old.interval.low()), earlier));
                        let better = retired_low.is_none_or(|(l, i)| {
                            old.interval.low() > l || (old.interval.low() == l && earlier < i)
                        });
                        if better {
                            retired_low = Some((old.interval.low(), earlier));
                        }
                    }
                }
                (
                    by_high.first().copied(),
                    by_low.first().map(|&(Reverse(l), i)| (l, i)),
                )
            }
            None => (all_high, all_low),
        };
        // Disagreement: an overlapping earlier claim entirely below or above.
        let below = candidate_high.filter(|&(h, _)| h < low);
        let above = candidate_low.filter(|&(l, _)| l > top);
        if let Some((_, earlier)) = below.or(above) {
            found.push(Conflict {
                kind: ConflictKind::Disagreement,
                first: earlier,
                second: index,
            });
        }
        // Decrease: a cumulative figure below one certainly before it.
        if cumulative
            && dated.is_some()
            && let Some((l, earlier)) = retired_low
            && top < l
        {
            found.push(Conflict {
                kind: ConflictKind::Decrease,
                first: earlier,
                second: index,
            });
        }
        if let Some(date) = dated {
            by_high.insert((top, index));
            by_low.insert((Reverse(low), index));
            ends.push(Reverse((date.last_day_number(), index)));
        }
        if all_high.is_none_or(|(h, _)| top < h) {
            all_high = Some((top, index));
        }
        if all_low.is_none_or(|(l, _)| low > l) {
            all_low = Some((low, index));
        }
    }
    found
}

fn breakdowns(operation: &Operation, into: &mut Reconciliation) {
    // The parts of each total, in claim order, found in one pass.
    let mut parts_of: std::collections::HashMap<&str, Vec<&Claim>> =
        std::collections::HashMap::new();
    for claim in &operation.claims {
        if let Some(total) = &claim.part_of {
            parts_of.entry(total.as_str()).or_default().push(claim);
        }
    }
    for total in &operation.claims {
        let parts: Vec<&Claim> = parts_of
            .get(total.id.as_str())
            .into_iter()
            .flatten()
            .copied()
            .filter(|c| c.id != total.id && c.metric == total.metric)
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

fn from_cases(metric: Metric, cases: &[&Case], as_of: Option<PartialDate>) -> Option<CaseFigure> {
    let count = |f: &dyn Fn(&Case) -> bool| cases.iter().filter(|c| f(c)).count() as u64;
    Some(CaseFigure::Value(match metric {
        Metric::Suspects => count(&|_| true),
        // An undated event happened, by any date (it is not known to be later).
        Metric::Arrests => count(&|c| c.events.arrested.is_some_and(|d| by(d.date(), as_of))),
        Metric::PersonsCharged => count(&|c| {
            (!c.charges.is_empty() || c.events.charged.is_some())
                && by(c.events.charged.and_then(EventDate::date), as_of)
        }),
        Metric::ChargesLaid => cases
            .iter()
            .filter(|c| by(c.events.charged.and_then(EventDate::date), as_of))
            // Charges held in memory cannot overflow a u64; saturate all the same.
            .fold(0u64, |sum, c| sum.saturating_add(c.charges.len() as u64)),
        Metric::PersonsConvicted => count(&|c| {
            c.charges
                .iter()
                .any(|ch| ch.disposition.outcome.is_conviction() && by(ch.disposition.date, as_of))
        }),
        Metric::LongestSentence => return Some(longest_sentence(cases, as_of)),
        _ => return None,
    }))
}

/// The longest sentence on record, in months rounded up. Life imprisonment (and a
/// term longer than any kept) is longer than any term; indefinite detention counts
/// as at least its known minimum (see [`Sentence::effective_custodial_term`]), so that
/// a report of the fixed part is not contradicted by the detention that follows it.
///
/// [`Sentence::effective_custodial_term`]: crate::Sentence::effective_custodial_term
fn longest_sentence(cases: &[&Case], as_of: Option<PartialDate>) -> CaseFigure {
    let months = |term: Option<Term>| term.map_or(0, |t| t.months_rounded_up());
    let mut longest = CaseFigure::Value(0);
    for case in cases
        .iter()
        .filter(|c| by(c.events.sentenced.and_then(EventDate::date), as_of))
    {
        let Some(sentence) = &case.sentence else {
            continue;
        };
        let figure = match sentence.effective_custodial_term() {
            Ok(CustodialTerm::None) => CaseFigure::Value(0),
            Ok(CustodialTerm::Determinate(t)) => CaseFigure::Value(t.months_rounded_up()),
            Ok(CustodialTerm::Indefinite { minimum }) => CaseFigure::Indefinite {
                at_least_months: months(minimum),
            },
            Ok(CustodialTerm::Life { .. }) | Err(SentenceError::Overflow { .. }) => {
                CaseFigure::LongerThanAnyTerm
            }
            Err(SentenceError::ConcurrencyUnstated { .. }) => continue,
        };
        longest = longest.longer(figure);
    }
    longest
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
        let status = status(claim.quantity.interval(), computed.interval());
        into.case_checks.push(CaseCheck {
            operation: operation.id.clone(),
            claim: ClaimRef::new(operation, claim),
            metric: claim.metric,
            from_cases: computed,
            status,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::date::DateRelation;
    use proptest::prelude::*;

    fn claim(index: usize, quantity: Quantity, dated: Option<PartialDate>) -> ClaimRef {
        ClaimRef {
            claim: format!("c{index}")
                .parse()
                .unwrap_or_else(|_| unreachable!()),
            source: "s".parse().unwrap_or_else(|_| unreachable!()),
            publisher: None,
            quote: String::new(),
            paraphrase: false,
            interim: false,
            dated,
            interval: quantity.interval(),
            quantity,
        }
    }

    /// The definition: every pair, compared by their dates.
    fn pairwise(claims: &[ClaimRef], cumulative: bool) -> Vec<Conflict> {
        let before = |a: &ClaimRef, b: &ClaimRef| matches!((a.dated, b.dated), (Some(x), Some(y)) if x.relation(&y) == DateRelation::Before);
        let mut found = Vec::new();
        for (i, a) in claims.iter().enumerate() {
            for (j, b) in claims.iter().enumerate().skip(i + 1) {
                let kind = if before(a, b) {
                    (cumulative && b.interval.high().is_some_and(|h| h < a.interval.low()))
                        .then_some(ConflictKind::Decrease)
                } else {
                    (!a.interval.overlaps(&b.interval)).then_some(ConflictKind::Disagreement)
                };
                if let Some(kind) = kind {
                    found.push(Conflict {
                        kind,
                        first: i,
                        second: j,
                    });
                }
            }
        }
        found
    }

    fn arb_claims() -> impl Strategy<Value = Vec<ClaimRef>> {
        prop::collection::vec(
            (
                prop_oneof![
                    (0u64..30).prop_map(Quantity::exact),
                    (0u64..30).prop_map(Quantity::at_least)
                ],
                // Few distinct dates, so that claims share days, months and years.
                prop::option::of(prop_oneof![
                    (2020u16..2022)
                        .prop_map(|y| PartialDate::year(y).unwrap_or_else(|_| unreachable!())),
                    (1u8..3).prop_map(
                        |m| PartialDate::year_month(2020, m).unwrap_or_else(|_| unreachable!())
                    ),
                    (1u8..3, 1u8..3)
                        .prop_map(|(m, d)| PartialDate::ymd(2020, m, d)
                            .unwrap_or_else(|_| unreachable!())),
                    crate::arbitrary::partial_date(),
                ]),
            ),
            0..14,
        )
        .prop_map(|items| {
            let mut claims: Vec<ClaimRef> = items
                .into_iter()
                .enumerate()
                .map(|(i, (q, d))| claim(i, q, d))
                .collect();
            claims.sort_by_key(|c| (c.dated.is_none(), c.dated));
            claims
        })
    }

    proptest! {
        /// For a closed reporting period, dates do not matter: a claim is reported
        /// with one earlier claim whose interval it misses, when there is one, and
        /// never as a decrease.
        #[test]
        fn final_figures_for_a_period_all_agree_or_disagree(claims in arb_claims(), cumulative: bool) {
            let reported = conflicts(&claims, cumulative, true);
            for second in 0..claims.len() {
                let exists = (0..second).any(|first| !claims[first].interval.overlaps(&claims[second].interval));
                let shown: Vec<&Conflict> = reported.iter().filter(|c| c.second == second).collect();
                prop_assert_eq!(shown.len(), usize::from(exists), "claim {}", second);
                for c in shown {
                    prop_assert_eq!(c.kind, ConflictKind::Disagreement);
                    prop_assert!(!claims[c.first].interval.overlaps(&claims[second].interval));
                }
            }
        }

        /// What is reported is true, and every claim that conflicts with an earlier
        /// claim is reported with one, of each kind.
        #[test]
        fn conflicts_are_pairwise_conflicts_one_per_claim_and_kind(claims in arb_claims(), cumulative: bool) {
            let all = pairwise(&claims, cumulative);
            let reported = conflicts(&claims, cumulative, false);
            for c in &reported {
                prop_assert!(all.contains(c), "{:?} is not a conflict", c);
            }
            for kind in [ConflictKind::Disagreement, ConflictKind::Decrease] {
                for second in 0..claims.len() {
                    let exists = all.iter().any(|c| c.kind == kind && c.second == second);
                    let shown = reported.iter().filter(|c| c.kind == kind && c.second == second).count();
                    prop_assert_eq!(shown, usize::from(exists), "claim {} {:?}", second, kind);
                }
            }
        }

        /// Consistent sets partition the claims, and each set's claims share a value.
        #[test]
        fn consistent_sets_share_a_value(claims in arb_claims()) {
            let sets = consistent_sets(&claims);
            let mut seen: Vec<usize> = sets.iter().flatten().copied().collect();
            seen.sort_unstable();
            prop_assert_eq!(seen, (0..claims.len()).collect::<Vec<_>>());
            for set in &sets {
                let common = set.iter().try_fold(Interval::at_least(0), |acc, &i| acc.intersection(&claims[i].interval));
                prop_assert!(common.is_some());
            }
        }
    }
}
