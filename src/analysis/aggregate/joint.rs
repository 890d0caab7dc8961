//! Several groupings of one run: a [`Summary`] per grouping, and the cases and
//! charges crossed by all of them, so that the tables of every grouping are sums of
//! the same cells and are protected as one problem.
//!
//! Two runs of one dataset, one by country and one by country and offence, publish
//! figures that add up across the runs (a country's cases are the sum of its
//! offences' cases): protected separately, a count one run withholds is the
//! difference of figures the other publishes. A [`JointSummary`] keeps what the
//! tables of both groupings are made of: each case in the cell of its group in every
//! grouping (with whether it counts its defendant as a person in each), and each
//! charge likewise, so that [`SummaryReport::joint`](crate::report::SummaryReport::joint)
//! lays out every grouping's tables over one model.
//!
//! # Example
//!
//! ```
//! use investigation_outcomes::aggregate::{GroupBy, HeaviestSentence, JointSummary, Summary};
//! use investigation_outcomes::synthetic::SyntheticConfig;
//!
//! let dataset = SyntheticConfig { seed: 1, operations: 3, cases: 300 }.dataset();
//! let rule = HeaviestSentence::default();
//! let by: Vec<GroupBy> = vec!["country".parse()?, "country,offence".parse()?];
//! let joint = JointSummary::of(&dataset, &by, &rule);
//! // Each grouping's summary is the summary of that grouping alone.
//! assert_eq!(joint.parts().nth(1), Some(&Summary::of(&dataset, by[1], &rule)));
//! assert_eq!(joint.cross_cells().cases(), 300);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::counts::{GroupKey, JurisdictionLevel, roll_up};
use super::inner::CaseClass;
use super::{
    GroupBy, MergeError, PARTIAL_SUMMARY_VERSION, PrincipalOffenceRule, Summary, SummaryBuilder,
    add_counts, read_partial,
};
use crate::error::Error;
use crate::io::dataset::Dataset;
use crate::record::case::Case;
use crate::record::charge::{Charge, Outcome};
use crate::record::operation::Operation;
use crate::util::fx::FxHashMap;
use crate::value::id::OperationId;

/// The group of a case (filed under `charge`, its principal one) or of one of its
/// charges under `by`: what [`SummaryBuilder`] files it under.
fn group_of(
    operation: &OperationId,
    case: &Case,
    charge: Option<&Charge>,
    by: GroupBy,
) -> GroupKey {
    GroupKey {
        operation: by.operation.then(|| operation.clone()),
        jurisdiction: by.jurisdiction.map(|level| match level {
            JurisdictionLevel::AsRecorded => case.jurisdiction,
            JurisdictionLevel::Country => case.jurisdiction.country(),
        }),
        offence_kind: charge.filter(|_| by.offence_kind).map(|c| c.offence.kind),
        iccs: by
            .iccs
            .and_then(|level| charge.map(|c| roll_up(c.offence.iccs, level))),
        year: by.year.and_then(|event| event.year(case)),
    }
}

/// Cases of one cell of the cross-classification: the same group in every grouping,
/// the same class.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrossCell {
    /// The cases' group in each grouping, in the order of the groupings.
    pub groups: Vec<GroupKey>,
    /// Whether the cases count their defendant as a person in each of those groups:
    /// the first case of the defendant there.
    pub counts_person: Vec<bool>,
    /// Everything else the tables ask of the cases; its `counts_person` is the first
    /// grouping's.
    pub class: CaseClass,
    /// How many cases.
    pub cases: u64,
}

/// Charges of one group in every grouping and one outcome.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrossCharges {
    /// The charges' group in each grouping (each filed under its own offence).
    pub groups: Vec<GroupKey>,
    /// Their outcome.
    pub outcome: Outcome,
    /// How many charges.
    pub charges: u64,
    /// How many counts the charges hold.
    pub counts: u64,
}

type CaseKey = (Vec<GroupKey>, Vec<bool>, CaseClass);
type ChargeKey = (Vec<GroupKey>, Outcome);

/// The cases and charges of a run crossed by every grouping it publishes; see the
/// module documentation.
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
#[serde(try_from = "CrossFields", into = "CrossFields")]
pub struct CrossCells {
    cases: BTreeMap<CaseKey, u64>,
    charges: BTreeMap<ChargeKey, (u64, u64)>,
    // The totals over every cell, known to fit: a merge checks its sums against them.
    total: [u64; 3],
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CrossFields {
    cases: Vec<CrossCell>,
    charges: Vec<CrossCharges>,
}

impl TryFrom<CrossFields> for CrossCells {
    type Error = MergeError;

    fn try_from(fields: CrossFields) -> Result<Self, MergeError> {
        let mut cells = CrossCells::default();
        for cell in fields.cases {
            if cell.counts_person.len() != cell.groups.len()
                || cell.counts_person.first() != Some(&cell.class.counts_person)
            {
                return Err(MergeError::new(
                    "a cross cell's groups and people do not match its groupings",
                ));
            }
            cells.add_cases((cell.groups, cell.counts_person, cell.class), cell.cases)?;
        }
        for charges in fields.charges {
            cells.add_charges(
                (charges.groups, charges.outcome),
                charges.charges,
                charges.counts,
            )?;
        }
        Ok(cells)
    }
}

impl From<CrossCells> for CrossFields {
    fn from(cells: CrossCells) -> Self {
        CrossFields {
            cases: cells
                .cases
                .into_iter()
                .map(|((groups, counts_person, class), cases)| CrossCell {
                    groups,
                    counts_person,
                    class,
                    cases,
                })
                .collect(),
            charges: cells
                .charges
                .into_iter()
                .map(|((groups, outcome), (charges, counts))| CrossCharges {
                    groups,
                    outcome,
                    charges,
                    counts,
                })
                .collect(),
        }
    }
}

impl CrossCells {
    fn add_cases(&mut self, key: CaseKey, n: u64) -> Result<(), MergeError> {
        let [cases, ..] = &mut self.total;
        *cases = add_counts(*cases, n, "the cases in cross cells")?;
        let slot = self.cases.entry(key).or_default();
        *slot = slot.saturating_add(n);
        Ok(())
    }

    fn add_charges(&mut self, key: ChargeKey, charges: u64, counts: u64) -> Result<(), MergeError> {
        let [_, all_charges, all_counts] = &mut self.total;
        let next_charges = add_counts(*all_charges, charges, "the charges in cross cells")?;
        *all_counts = add_counts(*all_counts, counts, "the counts in cross cells")?;
        *all_charges = next_charges;
        let slot = self.charges.entry(key).or_default();
        *slot = (
            slot.0.saturating_add(charges),
            slot.1.saturating_add(counts),
        );
        Ok(())
    }

    /// The cells of cases, in order.
    pub fn case_cells(&self) -> impl Iterator<Item = CrossCell> + '_ {
        self.cases
            .iter()
            .map(|((groups, counts_person, class), &cases)| CrossCell {
                groups: groups.clone(),
                counts_person: counts_person.clone(),
                class: *class,
                cases,
            })
    }

    /// The cells of charges, in order.
    pub fn charge_cells(&self) -> impl Iterator<Item = CrossCharges> + '_ {
        self.charges
            .iter()
            .map(|((groups, outcome), &(charges, counts))| CrossCharges {
                groups: groups.clone(),
                outcome: *outcome,
                charges,
                counts,
            })
    }

    /// The cases over every cell.
    pub fn cases(&self) -> u64 {
        self.total[0]
    }

    fn check_merge(&self, other: &CrossCells) -> Result<(), MergeError> {
        for (mine, theirs) in self.total.iter().zip(other.total) {
            add_counts(*mine, theirs, "the cross cells")?;
        }
        Ok(())
    }

    fn merge_checked(&mut self, other: &CrossCells) {
        for (mine, theirs) in self.total.iter_mut().zip(other.total) {
            *mine = mine.saturating_add(theirs);
        }
        for (key, &n) in &other.cases {
            let slot = self.cases.entry(key.clone()).or_default();
            *slot = slot.saturating_add(n);
        }
        for (key, &(charges, counts)) in &other.charges {
            let slot = self.charges.entry(key.clone()).or_default();
            *slot = (
                slot.0.saturating_add(charges),
                slot.1.saturating_add(counts),
            );
        }
    }
}

/// One run summarised by several groupings at once; see the module documentation.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(try_from = "JointFields", into = "JointFields")]
pub struct JointSummary {
    // The first grouping's summary apart, so that there always is one.
    first: Summary,
    rest: Vec<Summary>,
    cross: CrossCells,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct JointFields {
    parts: Vec<Summary>,
    cross: CrossCells,
}

impl TryFrom<JointFields> for JointSummary {
    type Error = MergeError;

    fn try_from(fields: JointFields) -> Result<Self, MergeError> {
        let groupings = fields.parts.len();
        let mut parts = fields.parts.into_iter();
        let first = parts
            .next()
            .ok_or_else(|| MergeError::new("a joint summary without groupings"))?;
        if fields
            .cross
            .cases
            .keys()
            .any(|(g, _, _)| g.len() != groupings)
            || fields
                .cross
                .charges
                .keys()
                .any(|(g, _)| g.len() != groupings)
        {
            return Err(MergeError::new(
                "a cross cell's groups do not match the joint summary's groupings",
            ));
        }
        Ok(JointSummary {
            first,
            rest: parts.collect(),
            cross: fields.cross,
        })
    }
}

impl From<JointSummary> for JointFields {
    fn from(joint: JointSummary) -> Self {
        JointFields {
            parts: std::iter::once(joint.first).chain(joint.rest).collect(),
            cross: joint.cross,
        }
    }
}

impl JointSummary {
    /// The summary of a dataset by each of `groupings` (repeats dropped; one group
    /// when there are none).
    pub fn of(dataset: &Dataset, groupings: &[GroupBy], rule: &dyn PrincipalOffenceRule) -> Self {
        let mut builder = JointSummaryBuilder::new(groupings, rule);
        for operation in &dataset.operations {
            builder.add_operation(operation);
        }
        builder.finish()
    }

    /// Each grouping's summary, in the order of the groupings.
    pub fn parts(&self) -> impl Iterator<Item = &Summary> {
        std::iter::once(&self.first).chain(&self.rest)
    }

    /// The first grouping's summary: every grouping's has the same operations,
    /// cases, rule, funnel, sentences and time to outcome.
    pub fn first(&self) -> &Summary {
        &self.first
    }

    /// The groupings, in order.
    pub fn groupings(&self) -> impl Iterator<Item = GroupBy> + '_ {
        self.parts().map(|p| p.counts().group_by())
    }

    /// The cases and charges crossed by every grouping.
    pub fn cross_cells(&self) -> &CrossCells {
        &self.cross
    }

    /// Adds `other`. Associative and commutative.
    ///
    /// # Errors
    ///
    /// [`MergeError`] when the two were grouped differently or made under different
    /// rules, or when a count would overflow; `self` is then unchanged.
    pub fn merge(&mut self, other: &JointSummary) -> Result<(), MergeError> {
        if self.rest.len() != other.rest.len() {
            return Err(MergeError::new(
                "joint summaries of different numbers of groupings",
            ));
        }
        self.cross.check_merge(&other.cross)?;
        let mut first = self.first.clone();
        first.merge(&other.first)?;
        let mut rest = self.rest.clone();
        for (mine, theirs) in rest.iter_mut().zip(&other.rest) {
            mine.merge(theirs)?;
        }
        self.first = first;
        self.rest = rest;
        self.cross.merge_checked(&other.cross);
        Ok(())
    }
}

/// The summary of a run by one grouping or by several: what `outcomes summary`
/// makes of its `--by` options, and what a partial summary holds.
///
/// ```
/// use investigation_outcomes::aggregate::{GroupBy, HeaviestSentence, RunSummary};
/// use investigation_outcomes::Dataset;
///
/// let dataset = Dataset::operation_h()?;
/// let rule = HeaviestSentence::default();
/// let by: Vec<GroupBy> = vec!["country".parse()?, "offence".parse()?];
/// let run = RunSummary::of(&dataset, &by, &rule);
/// assert!(matches!(run, RunSummary::Joint(_)));
/// let written = run.to_partial_json();
/// assert!(written.starts_with(r#"{"partial_summary_version":2,"joint_summary":"#));
/// assert_eq!(RunSummary::from_partial_json(&written)?, run);
/// // One grouping is a plain summary, read back by either.
/// let one = RunSummary::of(&dataset, &by[..1], &rule);
/// assert!(matches!(one, RunSummary::One(_)));
/// assert_eq!(RunSummary::from_partial_json(&one.to_partial_json())?, one);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum RunSummary {
    /// One grouping.
    One(Summary),
    /// Several, crossed.
    Joint(JointSummary),
}

impl RunSummary {
    /// The summary of a dataset by `groupings`: a [`Summary`] for one (or none: one
    /// group), a [`JointSummary`] for more (repeats dropped).
    pub fn of(dataset: &Dataset, groupings: &[GroupBy], rule: &dyn PrincipalOffenceRule) -> Self {
        let mut builder = RunSummaryBuilder::new(groupings, rule);
        for operation in &dataset.operations {
            builder.add_operation(operation);
        }
        builder.finish()
    }

    /// The groupings a run asked for `groupings` has: repeats dropped, in order; one
    /// group when there are none.
    ///
    /// ```
    /// use investigation_outcomes::aggregate::{GroupBy, RunSummary};
    ///
    /// let country: GroupBy = "country".parse()?;
    /// assert_eq!(RunSummary::groupings_of(&[country, country]), [country]);
    /// assert_eq!(RunSummary::groupings_of(&[]), [GroupBy::one_group()]);
    /// # Ok::<(), investigation_outcomes::CodeError>(())
    /// ```
    pub fn groupings_of(groupings: &[GroupBy]) -> Vec<GroupBy> {
        let mut unique: Vec<GroupBy> = Vec::with_capacity(groupings.len().max(1));
        for &by in groupings {
            if !unique.contains(&by) {
                unique.push(by);
            }
        }
        if unique.is_empty() {
            unique.push(GroupBy::one_group());
        }
        unique
    }

    /// The summary of the first grouping: every grouping's has the same operations,
    /// cases, rule, funnel, sentences and time to outcome.
    pub fn first(&self) -> &Summary {
        match self {
            RunSummary::One(summary) => summary,
            RunSummary::Joint(joint) => joint.first(),
        }
    }

    /// The groupings, in order.
    pub fn groupings(&self) -> Vec<GroupBy> {
        match self {
            RunSummary::One(summary) => vec![summary.counts().group_by()],
            RunSummary::Joint(joint) => joint.groupings().collect(),
        }
    }

    /// Adds `other`. Associative and commutative.
    ///
    /// # Errors
    ///
    /// [`MergeError`] when the two were grouped differently, or as the summaries'
    /// own merges give it; `self` is then unchanged.
    pub fn merge(&mut self, other: &RunSummary) -> Result<(), MergeError> {
        match (self, other) {
            (RunSummary::One(mine), RunSummary::One(theirs)) => mine.merge(theirs),
            (RunSummary::Joint(mine), RunSummary::Joint(theirs)) => mine.merge(theirs),
            _ => Err(MergeError::new(
                "summaries of different numbers of groupings",
            )),
        }
    }

    /// As a partial summary: [`Summary::to_partial_json`] for one grouping;
    /// `{"partial_summary_version": 2, "joint_summary": …}` for several.
    pub fn to_partial_json(&self) -> String {
        match self {
            RunSummary::One(summary) => summary.to_partial_json(),
            RunSummary::Joint(joint) => {
                #[derive(Serialize)]
                struct JointOut<'a> {
                    partial_summary_version: u32,
                    joint_summary: &'a JointSummary,
                }
                serde_json::to_string(&JointOut {
                    partial_summary_version: PARTIAL_SUMMARY_VERSION,
                    joint_summary: joint,
                })
                .unwrap_or_default()
            }
        }
    }

    /// Reads a partial summary of one grouping or of several.
    ///
    /// # Errors
    ///
    /// As [`Summary::from_partial_json`]; also when the text holds both a summary
    /// and a joint summary, or neither.
    pub fn from_partial_json(text: &str) -> Result<RunSummary, Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct EitherIn {
            #[serde(rename = "partial_summary_version")]
            _version: u64,
            #[serde(default)]
            summary: Option<Summary>,
            #[serde(default)]
            joint_summary: Option<JointSummary>,
        }
        let partial: EitherIn = read_partial(text)?;
        match (partial.summary, partial.joint_summary) {
            (Some(summary), None) => Ok(RunSummary::One(summary)),
            (None, Some(joint)) => Ok(RunSummary::Joint(joint)),
            (found, _) => Err(Error::Merge(MergeError::new(if found.is_some() {
                "a partial summary holds both a summary and a joint summary"
            } else {
                "a partial summary holds neither a summary nor a joint summary"
            }))),
        }
    }
}

/// Builds a [`RunSummary`] from operations added one at a time.
pub struct RunSummaryBuilder<'r>(RunBuilder<'r>);

enum RunBuilder<'r> {
    // Boxed: a summary builder keeps its recent lookups inline.
    One(Box<SummaryBuilder<'r>>),
    Joint(JointSummaryBuilder<'r>),
}

impl<'r> RunSummaryBuilder<'r> {
    /// A builder for `groupings`, as [`RunSummary::of`] chooses.
    pub fn new(groupings: &[GroupBy], rule: &'r dyn PrincipalOffenceRule) -> Self {
        let joint = JointSummaryBuilder::new(groupings, rule);
        RunSummaryBuilder(match joint.groupings.as_slice() {
            [one] => RunBuilder::One(Box::new(SummaryBuilder::new(*one, rule))),
            _ => RunBuilder::Joint(joint),
        })
    }

    /// Adds one operation's cases.
    pub fn add_operation(&mut self, operation: &Operation) {
        match &mut self.0 {
            RunBuilder::One(builder) => builder.add_operation(operation),
            RunBuilder::Joint(builder) => builder.add_operation(operation),
        }
    }

    /// The summary of every operation added.
    pub fn finish(self) -> RunSummary {
        match self.0 {
            RunBuilder::One(builder) => RunSummary::One(builder.finish()),
            RunBuilder::Joint(builder) => RunSummary::Joint(builder.finish()),
        }
    }
}

/// Builds a [`JointSummary`] from operations added one at a time.
pub struct JointSummaryBuilder<'r> {
    groupings: Vec<GroupBy>,
    rule: &'r dyn PrincipalOffenceRule,
    parts: Vec<SummaryBuilder<'r>>,
    // Each part's classes of the current operation's cases, in order.
    classes: Vec<Vec<CaseClass>>,
    cases: FxHashMap<CaseKey, u64>,
    charges: FxHashMap<ChargeKey, (u64, u64)>,
}

impl<'r> JointSummaryBuilder<'r> {
    /// A builder for each of `groupings` (repeats dropped; one group when there are
    /// none), counting people under `rule`.
    pub fn new(groupings: &[GroupBy], rule: &'r dyn PrincipalOffenceRule) -> Self {
        let unique = RunSummary::groupings_of(groupings);
        Self {
            parts: unique
                .iter()
                .map(|&by| SummaryBuilder::new(by, rule))
                .collect(),
            classes: vec![Vec::new(); unique.len()],
            groupings: unique,
            rule,
            cases: FxHashMap::default(),
            charges: FxHashMap::default(),
        }
    }

    /// Adds one operation's cases.
    pub fn add_operation(&mut self, operation: &Operation) {
        for (part, classes) in self.parts.iter_mut().zip(&mut self.classes) {
            classes.clear();
            part.add_operation_with(operation, |class| classes.push(*class));
        }
        let id = &operation.id;
        for (index, case) in operation.cases.iter().enumerate() {
            let principal = self
                .rule
                .principal(case)
                .and_then(|i| case.charges.get(i))
                .or_else(|| case.charges.first());
            let groups = self
                .groupings
                .iter()
                .map(|&by| group_of(id, case, principal, by))
                .collect();
            let counts_person = self
                .classes
                .iter()
                .map(|c| c.get(index).is_some_and(|c| c.counts_person))
                .collect();
            let Some(&class) = self.classes.first().and_then(|c| c.get(index)) else {
                continue;
            };
            let slot = self
                .cases
                .entry((groups, counts_person, class))
                .or_default();
            *slot = slot.saturating_add(1);
            for charge in &case.charges {
                let groups = self
                    .groupings
                    .iter()
                    .map(|&by| group_of(id, case, Some(charge), by))
                    .collect();
                let slot = self
                    .charges
                    .entry((groups, charge.disposition.outcome))
                    .or_default();
                *slot = (
                    slot.0.saturating_add(1),
                    slot.1.saturating_add(u64::from(charge.counts.get())),
                );
            }
        }
    }

    /// The joint summary of every operation added.
    pub fn finish(self) -> JointSummary {
        let mut cross = CrossCells::default();
        // Counted one case and charge at a time, the sums fit.
        for (key, n) in self.cases {
            let _ = cross.add_cases(key, n);
        }
        for (key, (charges, counts)) in self.charges {
            let _ = cross.add_charges(key, charges, counts);
        }
        let mut parts = self.parts.into_iter().map(SummaryBuilder::finish);
        let first = parts
            .next()
            .unwrap_or_else(|| Summary::empty(GroupBy::one_group(), self.rule));
        JointSummary {
            first,
            rest: parts.collect(),
            cross,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aggregate::HeaviestSentence;
    use crate::synthetic::SyntheticConfig;

    /// The cross cells summed over every grouping but one are that grouping's own
    /// inner cells: a second way of counting each.
    #[test]
    fn cross_cells_project_onto_each_groupings_inner_cells() {
        let dataset = SyntheticConfig {
            seed: 7,
            operations: 4,
            cases: 600,
        }
        .dataset();
        let rule = HeaviestSentence::default();
        let by: Vec<GroupBy> = [
            "country",
            "offence,year",
            "operation,jurisdiction",
            "iccs:division",
        ]
        .iter()
        .map(|t| t.parse().unwrap())
        .collect();
        let joint = JointSummary::of(&dataset, &by, &rule);
        for (i, part) in joint.parts().enumerate() {
            let mut projected: BTreeMap<(GroupKey, CaseClass), u64> = BTreeMap::new();
            for cell in joint.cross_cells().case_cells() {
                let mut class = cell.class;
                class.counts_person = cell.counts_person[i];
                *projected
                    .entry((cell.groups[i].clone(), class))
                    .or_default() += cell.cases;
            }
            let own: BTreeMap<(GroupKey, CaseClass), u64> = part
                .inner_cells()
                .iter()
                .map(|(g, c, n)| ((g.clone(), *c), n))
                .collect();
            assert_eq!(projected, own, "grouping {}", by[i]);
            for (group, tally) in part.counts().groups() {
                let (charges, counts) = joint
                    .cross_cells()
                    .charge_cells()
                    .filter(|c| &c.groups[i] == group)
                    .fold((0, 0), |(a, b), c| (a + c.charges, b + c.counts));
                assert_eq!(charges, tally.charges.total(), "{group}");
                assert_eq!(counts, tally.counts.total(), "{group}");
            }
        }
    }

    #[test]
    fn joint_summaries_merge_and_read_back() {
        let dataset = SyntheticConfig {
            seed: 3,
            operations: 6,
            cases: 300,
        }
        .dataset();
        let rule = HeaviestSentence::default();
        let by: Vec<GroupBy> = vec!["country".parse().unwrap(), "offence".parse().unwrap()];
        let whole = JointSummary::of(&dataset, &by, &rule);
        let (left, right) = dataset.operations.split_at(2);
        let mut merged = JointSummary::of(&Dataset::new(right.to_vec()), &by, &rule);
        merged
            .merge(&JointSummary::of(&Dataset::new(left.to_vec()), &by, &rule))
            .unwrap();
        assert_eq!(merged, whole);
        let json = serde_json::to_string(&whole).unwrap();
        assert_eq!(serde_json::from_str::<JointSummary>(&json).unwrap(), whole);
        let other = JointSummary::of(&dataset, &by[..1], &rule);
        assert!(merged.clone().merge(&other).is_err());
        assert!(
            merged
                .clone()
                .merge(&JointSummary::of(&dataset, &[by[1], by[0]], &rule))
                .is_err()
        );
    }
}
