//! Reconciliation: reported figures against each other, breakdowns against their
//! totals, and case records against what was reported.
//!
//! Conflicting figures are data, not errors: [`reconcile`] reads a dataset that
//! validates and says where its sources agree, where they conflict, and what a
//! breakdown leaves unattributed, always naming the claims (and so the citations)
//! involved.
//!
//! **How a conflict is decided.** Claims are grouped by operation, metric and scope
//! (area, agency and reporting period, a period by the days it covers: `FY2019-07`
//! and `2019-07-01/2020-06-30` are one period; each claim keeps its period as
//! written). Each claim stands for the [`Interval`] its quantity allows, dated by its
//! "as of" date (or, failing that, its source's publication date). Two claims of a
//! group are compared by their dates, as intervals:
//!
//! - dated at overlapping times (or either undated), they must share a value, or they
//!   [disagree](ConflictKind::Disagreement);
//! - one certainly earlier than the other: a figure that only grows
//!   ([`Metric::is_cumulative`]) must not fall, so a later interval entirely below an
//!   earlier one is a [decrease](ConflictKind::Decrease); an interim count followed
//!   by a higher final one is no conflict;
//! - for a reporting period (which has ended), every final figure must agree,
//!   whatever its date; interim figures are left out.
//!
//! **Revisions.** A publisher that states a figure for the same time (the same
//! period, or the same "as of" date) in a publication certainly later than an
//! earlier one restates it: the earlier claim is *superseded*, and when the two share
//! no value the later is a [revision](ConflictKind::Revision) of it, not a
//! disagreement. Superseded claims take part in no disagreement or decrease. The
//! publisher is the source's [attribution](crate::Source::attribution), or the
//! source itself when it has none.
//!
//! Every claim is reported with *one* earlier claim it disagrees with, one it fell
//! below and the publisher's statement it revises, when there are such, rather than
//! with every claim it conflicts with: the output grows with the number of claims,
//! not with the number of pairs, and a hundred thousand conflicting figures of one
//! metric take milliseconds. The claims are also partitioned into *consistent
//! sets*, each allowing a common value (the fewest such sets), so that every conflict
//! is between two sets. Conflicts name claims by their position in the group, and
//! each claim's quote is written once.
//!
//! **A publication that contradicts itself** is a headline finding: every source
//! with two figures for the same thing and time that share no value is listed in its
//! group's [`self_contradictions`](FigureGroup::self_contradictions), and
//! [`FigureGroup::contradicting_pairs`] lists every such pair.
//!
//! The *agreed* interval of a group is what the claims that stand all allow: for a
//! period, its final figures; otherwise its latest claims (those no other claim is
//! certainly after); superseded claims left out. `None` when they conflict.
//!
//! **Breakdowns** are the claims that name a total in `part_of`. Their intervals add
//! up ([`Interval::checked_sum`]); what the total allows beyond the parts is the
//! *residual*, unattributed; parts that must add up to more than the total allows are
//! a contradiction.
//!
//! **Cases against claims.** Where a metric can be computed from case records, the
//! records in the claim's area (the whole operation, a jurisdiction and its
//! subdivisions, or the world) are counted and compared with the claim's interval:
//! consistent, below (the records are incomplete) or contradicting (more on record
//! than reported). The record metrics and what they count
//! ([`RecordFigure::unit`]):
//!
//! | metric | counts | the event that dates it |
//! |---|---|---|
//! | `suspects` | distinct defendants | none |
//! | `arrests` | distinct defendants arrested | the arrest |
//! | `persons_charged` | distinct defendants charged | the first charge |
//! | `charges_laid` | charge records, however many counts each has | the first charge |
//! | `offences_charged` | counts of charges (a charge of 24 counts is 24) | the first charge |
//! | `persons_convicted` | distinct defendants convicted of a charge | the charge's disposition |
//! | `longest_sentence` | months, rounded up | the sentence |
//!
//! A defendant (one identifier in an operation) with two cases is one person. Only
//! the events no later than the claim's "as of" date count (an event whose date is
//! not known counts as by it); for a claim with a reporting period, only those in
//! the period: a record whose date may or may not fall in it (a year against a
//! financial year, or no date) widens the figure into a range
//! ([`CaseFigure::Between`]) rather than being counted or dropped. A claim whose area
//! holds no case record is not checked: it is listed once in
//! [`Reconciliation::no_records`].
//!
//! # Example
//!
//! ```
//! use investigation_outcomes::Dataset;
//! use investigation_outcomes::reconcile::{reconcile, ConflictKind};
//!
//! let dataset = Dataset::from_json_str(include_str!("../../../data/operation-h.json"))?;
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

mod cases;
mod figures;

use serde::Serialize;

use crate::io::dataset::Dataset;
use crate::record::claim::Claim;
use crate::record::claim::Scope;
use crate::record::operation::Operation;
use crate::record::source::Source;
use crate::value::area::Area;
use crate::value::date::PartialDate;
use crate::value::id::ClaimId;
use crate::value::id::OperationId;
use crate::value::id::SourceId;
use crate::value::interval::Interval;
use crate::value::jurisdiction::Jurisdiction;
use crate::value::metric::{CountingUnit, Metric};
use crate::value::period::Period;
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
    /// When its source was published, when the source is listed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<PartialDate>,
    /// The reporting period as the claim writes it (its group compares periods by
    /// their days, so `2019` and `2019-01-01/2019-12-31` share a group).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<Period>,
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
            publisher: source.and_then(Source::attribution),
            quote: claim.citation.quote.clone(),
            paraphrase: claim.citation.paraphrase,
            interim: claim.interim,
            dated: claim.as_of.or(source.map(|s| s.published)),
            published: source.map(|s| s.published),
            period: claim.scope.period,
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
    /// A publisher restating, in a later publication, its figure for the same time
    /// with a value the earlier one did not allow: the later stands.
    Revision,
}

impl std::fmt::Display for ConflictKind {
    /// The snake_case name, as in JSON.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ConflictKind::Disagreement => "disagreement",
            ConflictKind::Decrease => "decrease",
            ConflictKind::Revision => "revision",
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
    /// The first claim (earlier in the group's order; the earlier, for a decrease
    /// and a revision).
    pub first: usize,
    /// The second claim (the later, for a decrease and a revision).
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
    /// is one: at most three conflicts a claim (see the module documentation).
    pub conflicts: Vec<Conflict>,
    /// Every source that contradicts itself here, with the claims involved: all
    /// their pairs are in [`FigureGroup::contradicting_pairs`].
    pub self_contradictions: Vec<SourceContradiction>,
    /// What the claims that stand all allow (see the module documentation); `None`
    /// when they conflict.
    pub agreed: Option<Interval>,
}

/// A publication that gives figures for the same thing and time that cannot all be
/// right: a headline finding, whatever else they conflict with.
#[derive(Clone, PartialEq, Eq, Debug, Serialize)]
pub struct SourceContradiction {
    /// The source.
    pub source: SourceId,
    /// Its claims (positions in the group's `claims`) that conflict with another of
    /// its claims, ordered by the upper ends of their intervals.
    pub claims: Vec<usize>,
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
    /// Records whose dates are too coarse to place in the figure's period (or not
    /// known) give a range: at least the records certainly in it, at most those that
    /// may be (`None`: no upper bound, for a sentence of life).
    Between {
        /// What the records certainly in the period give.
        at_least: u64,
        /// What they give with those that may be in it.
        at_most: Option<u64>,
    },
}

impl CaseFigure {
    /// The values the records allow for the figure.
    pub fn interval(self) -> Interval {
        match self {
            CaseFigure::Value(v) => Interval::exact(v),
            CaseFigure::Indefinite { at_least_months } => Interval::at_least(at_least_months),
            CaseFigure::LongerThanAnyTerm => Interval::exact(u64::MAX),
            CaseFigure::Between { at_least, at_most } => {
                Interval::new(at_least, at_most).unwrap_or(Interval::at_least(at_least))
            }
        }
    }

    /// The longer of two sentences on record (never a range).
    fn longer(self, other: CaseFigure) -> CaseFigure {
        use CaseFigure::{Between, Indefinite, LongerThanAnyTerm, Value};
        match (self, other) {
            (Between { .. }, x) | (x, Between { .. }) => x,
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
            CaseFigure::Between {
                at_least,
                at_most: Some(at_most),
            } => write!(f, "{at_least} to {at_most}"),
            CaseFigure::Between {
                at_least,
                at_most: None,
            } => write!(f, "at least {at_least}"),
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
    /// What it counts: distinct defendants for people, charge records for charges
    /// laid, counts of charges for offences charged, months for the longest sentence.
    pub unit: CountingUnit,
    /// The figure.
    pub figure: CaseFigure,
}

/// Figures no case record could be checked against: the operation holds no case
/// records (`area` is `None`), or none in the claims' area. Said once, not as a
/// "below" for each claim.
#[derive(Clone, PartialEq, Eq, Debug, Serialize)]
pub struct NoRecords {
    /// The operation.
    pub operation: OperationId,
    /// The area without records; `None` when the operation holds no case records.
    pub area: Option<Area>,
    /// The claims not checked, in claim order.
    pub claims: Vec<ClaimId>,
}

/// The metrics case records can give, in the order they are reported.
const RECORD_METRICS: [Metric; 7] = [
    Metric::Suspects,
    Metric::Arrests,
    Metric::PersonsCharged,
    Metric::ChargesLaid,
    Metric::OffencesCharged,
    Metric::PersonsConvicted,
    Metric::LongestSentence,
];

/// Everything reconciliation found.
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize)]
pub struct Reconciliation {
    groups: Vec<FigureGroup>,
    breakdowns: Vec<Breakdown>,
    case_checks: Vec<CaseCheck>,
    no_records: Vec<NoRecords>,
    participant_checks: Vec<ParticipantCheck>,
    record_figures: Vec<RecordFigure>,
}

impl Reconciliation {
    /// Claims grouped by operation, metric and scope, with their conflicts.
    pub fn groups(&self) -> &[FigureGroup] {
        &self.groups
    }

    /// Totals and their parts.
    pub fn breakdowns(&self) -> &[Breakdown] {
        &self.breakdowns
    }

    /// Figures checked against case records.
    pub fn case_checks(&self) -> &[CaseCheck] {
        &self.case_checks
    }

    /// Figures that no case record covers, so not checked.
    pub fn no_records(&self) -> &[NoRecords] {
        &self.no_records
    }

    /// Reported numbers of countries checked against the participants listed.
    pub fn participant_checks(&self) -> &[ParticipantCheck] {
        &self.participant_checks
    }

    /// What the case records themselves give, for every metric they can compute, per
    /// operation and jurisdiction: to set beside a report the dataset does not hold.
    pub fn record_figures(&self) -> &[RecordFigure] {
        &self.record_figures
    }
}

impl FigureGroup {
    /// Every pair of claims of a source that contradicts itself, as positions in
    /// `claims`, the lower figure first: in time proportional to the pairs.
    pub fn contradicting_pairs<'a>(
        &'a self,
        contradiction: &'a SourceContradiction,
    ) -> impl Iterator<Item = (usize, usize)> + 'a {
        let claim = |i: usize| self.claims.get(i);
        let members = &contradiction.claims;
        // Ordered by upper end, the claims wholly below a claim are a prefix.
        members.iter().flat_map(move |&upper| {
            let low = claim(upper).map_or(0, |c| c.interval.low());
            members
                .iter()
                .take_while(move |&&lower| {
                    claim(lower)
                        .and_then(|c| c.interval.high())
                        .is_some_and(|h| h < low)
                })
                .map(move |&lower| (lower, upper))
        })
    }

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
            no_records,
            participant_checks,
            record_figures,
        } = later;
        self.groups.extend(groups);
        self.breakdowns.extend(breakdowns);
        self.case_checks.extend(case_checks);
        self.no_records.extend(no_records);
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
    figures::figure_groups(operation, into);
    breakdowns(operation, into);
    cases::case_checks(operation, into);
    participant_checks(operation, into);
    cases::record_figures(operation, into);
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
