//! Counts of cases, people, charges and counts of charges, by outcome, in groups.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{MergeError, PrincipalOffenceRule, SummaryBuilder, add_counts};
use crate::record::case::Case;
use crate::record::charge::Outcome;
use crate::record::offence::OffenceKind;
use crate::record::operation::Operation;
use crate::value::code_list::{CodeError, code_list};
use crate::value::iccs::IccsCode;
use crate::value::iccs::IccsLevel;
use crate::value::id::OperationId;
use crate::value::jurisdiction::Jurisdiction;
use crate::value::metric::CountingUnit;

code_list! {
    /// A dated event of a case, for grouping by year.
    pub enum EventKind : "event" {
        /// The arrest.
        Arrest = "arrest",
        /// The first charge.
        Charge = "charge",
        /// The verdict.
        Verdict = "verdict",
        /// The sentence.
        Sentence = "sentence",
    }
}

impl EventKind {
    pub(crate) fn year(self, case: &Case) -> Option<u16> {
        let e = &case.events;
        match self {
            EventKind::Arrest => e.arrested,
            EventKind::Charge => e.charged,
            EventKind::Verdict => e.verdict,
            EventKind::Sentence => e.sentenced,
        }
        .and_then(|d| d.date())
        .map(|d| d.calendar_year())
    }
}

/// How far to roll jurisdictions up when grouping.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JurisdictionLevel {
    /// As recorded: a state stays a state.
    AsRecorded,
    /// Subdivisions roll up into their country.
    Country,
}

/// The dimensions to group counts by; any combination, including none (one group).
///
/// # Example
///
/// ```
/// use investigation_outcomes::aggregate::{EventKind, GroupBy, HeaviestSentence, JurisdictionLevel, Summary};
/// use investigation_outcomes::Dataset;
///
/// // Per country (states rolled up) and year of sentence.
/// let group_by = GroupBy {
///     jurisdiction: Some(JurisdictionLevel::Country),
///     year: Some(EventKind::Sentence),
///     ..GroupBy::default()
/// };
/// let summary = Summary::of(&Dataset::operation_h()?, group_by, &HeaviestSentence::default());
/// let groups: Vec<String> = summary.counts().groups().map(|(key, _)| key.to_string()).collect();
/// assert!(groups.iter().all(|g| g.starts_with("AU / ")), "{groups:?}");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupBy {
    /// Group by operation.
    #[serde(default)]
    pub operation: bool,
    /// Group by jurisdiction, at this level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jurisdiction: Option<JurisdictionLevel>,
    /// Group by offence kind.
    #[serde(default)]
    pub offence_kind: bool,
    /// Group by ICCS code, rolled up to this level (codes above it stay as they are).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iccs: Option<IccsLevel>,
    /// Group by the calendar year of this event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<EventKind>,
}

impl GroupBy {
    /// No grouping: every case in one group, `all` (the same as `GroupBy::default()`).
    pub fn one_group() -> Self {
        Self::default()
    }

    /// By country and offence kind: the `outcomes summary` tool's grouping when
    /// `--by` is not given.
    pub fn country_and_offence() -> Self {
        Self {
            jurisdiction: Some(JurisdictionLevel::Country),
            offence_kind: true,
            ..Self::default()
        }
    }
}

/// The forms of one dimension of a grouping, as [`GroupBy`]'s text writes them.
const GROUPING_FORMS: &[&str] = &[
    "operation",
    "jurisdiction",
    "country",
    "offence",
    "iccs[:section|division|group|class]",
    "year[:arrest|charge|verdict|sentence]",
];

/// A grouping as the tool's `--by` writes it: dimensions separated by commas, empty
/// for one group.
///
/// ```
/// use investigation_outcomes::aggregate::GroupBy;
///
/// let by: GroupBy = "country, offence".parse()?;
/// assert_eq!(by, GroupBy::country_and_offence());
/// assert_eq!(by.to_string(), "country,offence");
/// assert_eq!("".parse::<GroupBy>()?, GroupBy::one_group());
/// assert!("county".parse::<GroupBy>().is_err());
/// # Ok::<(), investigation_outcomes::CodeError>(())
/// ```
impl std::str::FromStr for GroupBy {
    type Err = CodeError;

    fn from_str(text: &str) -> Result<Self, CodeError> {
        let mut group_by = GroupBy::default();
        for item in text.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let (name, detail) = item
                .split_once(':')
                .map_or((item, None), |(n, d)| (n, Some(d)));
            match (name, detail) {
                ("operation", None) => group_by.operation = true,
                ("jurisdiction", None) => {
                    group_by.jurisdiction = Some(JurisdictionLevel::AsRecorded)
                }
                ("country", None) => group_by.jurisdiction = Some(JurisdictionLevel::Country),
                ("offence", None) => group_by.offence_kind = true,
                ("iccs", level) => group_by.iccs = Some(level.unwrap_or("class").parse()?),
                ("year", event) => group_by.year = Some(event.unwrap_or("arrest").parse()?),
                _ => return Err(CodeError::new("grouping dimension", item, GROUPING_FORMS)),
            }
        }
        Ok(group_by)
    }
}

/// The text [`FromStr`](std::str::FromStr) reads: `country,offence`; empty for one group.
impl std::fmt::Display for GroupBy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut items: Vec<String> = Vec::new();
        if self.operation {
            items.push("operation".to_owned());
        }
        match self.jurisdiction {
            Some(JurisdictionLevel::AsRecorded) => items.push("jurisdiction".to_owned()),
            Some(JurisdictionLevel::Country) => items.push("country".to_owned()),
            None => {}
        }
        if self.offence_kind {
            items.push("offence".to_owned());
        }
        if let Some(level) = self.iccs {
            items.push(format!("iccs:{level}"));
        }
        if let Some(event) = self.year {
            items.push(format!("year:{event}"));
        }
        f.write_str(&items.join(","))
    }
}

/// The values of the grouping dimensions for one group; a dimension not grouped by
/// is `None`. A year is `None` also when the case has no such event, and offence
/// dimensions are `None` for a case without charges.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupKey {
    /// The operation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation: Option<OperationId>,
    /// The jurisdiction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jurisdiction: Option<Jurisdiction>,
    /// The offence kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offence_kind: Option<OffenceKind>,
    /// The ICCS code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iccs: Option<IccsCode>,
    /// The calendar year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<u16>,
}

impl GroupKey {
    /// The group's label in a table grouped by `group_by`: each grouped dimension's
    /// value, joined by ` / `, with `none` for a dimension the group has no value
    /// of (cases without charges under an offence, without the event under a year),
    /// so that no group is labelled `all` like the row of totals. `all` for the one
    /// group of an ungrouped summary.
    ///
    /// ```
    /// use investigation_outcomes::aggregate::{EventKind, GroupBy, GroupKey};
    ///
    /// let by_year = GroupBy { year: Some(EventKind::Arrest), ..GroupBy::default() };
    /// assert_eq!(GroupKey::default().label(by_year), "none");
    /// assert_eq!(GroupKey { year: Some(2021), ..GroupKey::default() }.label(by_year), "2021");
    /// assert_eq!(GroupKey::default().label(GroupBy::default()), "all");
    /// ```
    pub fn label(&self, group_by: GroupBy) -> String {
        let none = || "none".to_owned();
        let parts: [Option<String>; 5] = [
            group_by
                .operation
                .then(|| self.operation.as_ref().map_or_else(none, |o| o.to_string())),
            group_by
                .jurisdiction
                .map(|_| self.jurisdiction.map_or_else(none, |j| j.to_string())),
            group_by
                .offence_kind
                .then(|| self.offence_kind.map_or_else(none, |k| k.to_string())),
            group_by
                .iccs
                .map(|_| self.iccs.map_or_else(none, |c| c.to_string())),
            group_by
                .year
                .map(|_| self.year.map_or_else(none, |y| y.to_string())),
        ];
        let parts: Vec<String> = parts.into_iter().flatten().collect();
        if parts.is_empty() {
            "all".to_owned()
        } else {
            parts.join(" / ")
        }
    }
}

impl std::fmt::Display for GroupKey {
    /// The dimensions grouped by, joined by ` / ` (`GB / possession / 2021`), or
    /// `all` for the one group of an ungrouped summary.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: [Option<String>; 5] = [
            self.operation.as_ref().map(|o| o.to_string()),
            self.jurisdiction.map(|j| j.to_string()),
            self.offence_kind.map(|k| k.to_string()),
            self.iccs.map(|c| c.to_string()),
            self.year.map(|y| y.to_string()),
        ];
        let mut parts = parts.into_iter().flatten().peekable();
        if parts.peek().is_none() {
            return f.write_str("all");
        }
        for (i, part) in parts.enumerate() {
            if i > 0 {
                f.write_str(" / ")?;
            }
            f.write_str(&part)?;
        }
        Ok(())
    }
}

/// Tallies by outcome: one slot per [`Outcome`], and one for cases without charges.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default, Serialize, Deserialize)]
#[serde(try_from = "OutcomeFields", into = "OutcomeFields")]
pub struct ByOutcome {
    slots: [u64; 9],
}

const NOT_CHARGED: usize = 8;

impl ByOutcome {
    fn slot(outcome: Option<Outcome>) -> usize {
        outcome.map_or(NOT_CHARGED, |o| o as usize)
    }

    /// Adds `n` with the given outcome (`None`: not charged).
    ///
    /// # Errors
    ///
    /// [`MergeError`] when the total would overflow; `self` is then unchanged.
    pub fn add(&mut self, outcome: Option<Outcome>, n: u64) -> Result<(), MergeError> {
        add_counts(self.total(), n, "a tally")?;
        self.add_saturating(outcome, n);
        Ok(())
    }

    /// Adds `n` from case records counted one at a time, whose sums fit.
    pub(crate) fn add_saturating(&mut self, outcome: Option<Outcome>, n: u64) {
        if let Some(slot) = self.slots.get_mut(Self::slot(outcome)) {
            *slot = slot.saturating_add(n);
        }
    }

    /// The tally for an outcome (`None`: not charged).
    pub fn get(&self, outcome: Option<Outcome>) -> u64 {
        self.slots.get(Self::slot(outcome)).copied().unwrap_or(0)
    }

    /// The tally over every outcome.
    pub fn total(&self) -> u64 {
        // Known to fit: reading, adding and merging check it.
        self.slots.iter().fold(0u64, |t, &n| t.saturating_add(n))
    }

    fn checked_total(&self) -> Result<u64, MergeError> {
        self.slots
            .iter()
            .try_fold(0u64, |t, &n| add_counts(t, n, "a tally"))
    }

    /// Adds every tally of `other`.
    ///
    /// # Errors
    ///
    /// [`MergeError`] when the total would overflow; `self` is then unchanged.
    pub fn merge(&mut self, other: &ByOutcome) -> Result<(), MergeError> {
        self.check_merge(other)?;
        self.merge_saturating(other);
        Ok(())
    }

    fn check_merge(&self, other: &ByOutcome) -> Result<(), MergeError> {
        add_counts(self.total(), other.total(), "a tally").map(drop)
    }

    fn merge_saturating(&mut self, other: &ByOutcome) {
        for (mine, theirs) in self.slots.iter_mut().zip(other.slots) {
            *mine = mine.saturating_add(theirs);
        }
    }
}

#[derive(Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct OutcomeFields {
    pending: u64,
    convicted: u64,
    acquitted: u64,
    withdrawn: u64,
    dismissed: u64,
    discharged_without_conviction: u64,
    diverted: u64,
    unknown: u64,
    not_charged: u64,
}

impl TryFrom<OutcomeFields> for ByOutcome {
    type Error = MergeError;

    fn try_from(f: OutcomeFields) -> Result<Self, MergeError> {
        let tally = Self {
            slots: [
                f.pending,
                f.convicted,
                f.acquitted,
                f.withdrawn,
                f.dismissed,
                f.discharged_without_conviction,
                f.diverted,
                f.unknown,
                f.not_charged,
            ],
        };
        tally.checked_total()?;
        Ok(tally)
    }
}

impl From<ByOutcome> for OutcomeFields {
    fn from(b: ByOutcome) -> Self {
        let [
            pending,
            convicted,
            acquitted,
            withdrawn,
            dismissed,
            discharged_without_conviction,
            diverted,
            unknown,
            not_charged,
        ] = b.slots;
        Self {
            pending,
            convicted,
            acquitted,
            withdrawn,
            dismissed,
            discharged_without_conviction,
            diverted,
            unknown,
            not_charged,
        }
    }
}

/// The counts of one group, each in its own unit.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tally {
    /// Cases (unit: case), by the outcome of the principal charge; filed under the
    /// principal charge's offence.
    pub cases: ByOutcome,
    /// People (unit: person), each counted once per group within an operation, by the
    /// outcome of the principal charge of their first case in the group.
    pub persons: ByOutcome,
    /// Charges (unit: charge), by their own outcome and filed under their own offence.
    pub charges: ByOutcome,
    /// Counts of charges (unit: count), likewise.
    pub counts: ByOutcome,
}

impl Tally {
    /// Adds every tally of `other`.
    ///
    /// # Errors
    ///
    /// [`MergeError`] when a total would overflow; `self` is then unchanged.
    pub fn merge(&mut self, other: &Tally) -> Result<(), MergeError> {
        self.check_merge(other)?;
        self.merge_saturating(other);
        Ok(())
    }

    fn check_merge(&self, other: &Tally) -> Result<(), MergeError> {
        self.cases.check_merge(&other.cases)?;
        self.persons.check_merge(&other.persons)?;
        self.charges.check_merge(&other.charges)?;
        self.counts.check_merge(&other.counts)
    }

    fn merge_saturating(&mut self, other: &Tally) {
        self.cases.merge_saturating(&other.cases);
        self.persons.merge_saturating(&other.persons);
        self.charges.merge_saturating(&other.charges);
        self.counts.merge_saturating(&other.counts);
    }

    /// Each tally with its counting unit.
    pub fn by_unit(&self) -> [(CountingUnit, &ByOutcome); 4] {
        [
            (CountingUnit::Case, &self.cases),
            (CountingUnit::Person, &self.persons),
            (CountingUnit::Charge, &self.charges),
            (CountingUnit::Count, &self.counts),
        ]
    }
}

/// Counts of cases, people, charges and counts, by outcome, in the groups of a
/// [`GroupBy`], under a principal-offence rule.
///
/// People are identified by their defendant identifier *within an operation*, so
/// split a dataset by operation when summarising it in parts.
///
/// # Example
///
/// ```
/// use investigation_outcomes::aggregate::{GroupBy, HeaviestSentence, Summary};
/// use investigation_outcomes::{Dataset, Outcome};
///
/// let dataset = Dataset::operation_h()?;
/// let group_by = GroupBy { offence_kind: true, ..GroupBy::default() };
/// let summary = Summary::of(&dataset, group_by, &HeaviestSentence::default());
/// let counts = summary.counts();
/// assert_eq!(counts.rule(), "heaviest_sentence");
/// for (group, tally) in counts.groups() {
///     // Each group's people, cases, charges and counts, by outcome.
///     assert!(tally.persons.get(Some(Outcome::Convicted)) <= tally.cases.total(), "{group}");
/// }
/// assert_eq!(counts.total().persons.total(), 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields, try_from = "CountsFields")]
pub struct Counts {
    group_by: GroupBy,
    rule: String,
    #[serde(with = "super::entries")]
    groups: BTreeMap<GroupKey, Tally>,
    // The tally over every group, known to fit: kept so that a merge checks its
    // sums without going over the groups it already has.
    #[serde(skip)]
    total: Tally,
}

/// Counts as written, checked when read: the totals over all groups fit.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CountsFields {
    group_by: GroupBy,
    rule: String,
    #[serde(with = "super::entries")]
    groups: BTreeMap<GroupKey, Tally>,
}

impl TryFrom<CountsFields> for Counts {
    type Error = MergeError;

    fn try_from(f: CountsFields) -> Result<Self, MergeError> {
        let mut counts = Counts {
            group_by: f.group_by,
            rule: f.rule,
            groups: f.groups,
            total: Tally::default(),
        };
        counts.total = counts.checked_total()?;
        Ok(counts)
    }
}

impl Counts {
    /// No counts yet, for the given grouping and rule name.
    pub fn empty(group_by: GroupBy, rule: &str) -> Self {
        Self {
            group_by,
            rule: rule.to_owned(),
            groups: BTreeMap::new(),
            total: Tally::default(),
        }
    }

    /// The grouping.
    pub fn group_by(&self) -> GroupBy {
        self.group_by
    }

    /// The name of the principal-offence rule the counts were made under.
    pub fn rule(&self) -> &str {
        &self.rule
    }

    /// The groups, in key order.
    pub fn groups(&self) -> impl Iterator<Item = (&GroupKey, &Tally)> {
        self.groups.iter()
    }

    /// The tally of one group.
    pub fn get(&self, key: &GroupKey) -> Option<&Tally> {
        self.groups.get(key)
    }

    /// The tally over all groups.
    pub fn total(&self) -> Tally {
        self.total
    }

    fn checked_total(&self) -> Result<Tally, MergeError> {
        self.groups
            .values()
            .try_fold(Tally::default(), |mut total, t| {
                total.merge(t)?;
                Ok(total)
            })
    }

    /// Adds the counts of `other`. Associative and commutative.
    ///
    /// # Errors
    ///
    /// [`MergeError`] when the two were grouped differently or under different rules,
    /// or when a total would overflow; `self` is then unchanged.
    pub fn merge(&mut self, other: &Counts) -> Result<(), MergeError> {
        self.compatible(other)?;
        self.add_groups_of(other)
    }

    /// Whether `other` was made the same way: same grouping, same rule.
    pub(crate) fn compatible(&self, other: &Counts) -> Result<(), MergeError> {
        if self.group_by != other.group_by {
            return Err(MergeError::new("counts grouped by different dimensions"));
        }
        if self.rule != other.rule {
            return Err(MergeError::new(
                "counts made under different principal-offence rules",
            ));
        }
        Ok(())
    }

    /// Adds tallies by group gathered from case records, whose sums fit.
    pub(crate) fn add_groups(&mut self, groups: impl IntoIterator<Item = (GroupKey, Tally)>) {
        for (key, tally) in groups {
            self.total.merge_saturating(&tally);
            self.groups.entry(key).or_default().merge_saturating(&tally);
        }
    }

    /// Adds one operation's cases, choosing principal charges with `rule`.
    ///
    /// # Errors
    ///
    /// [`MergeError`] when a count would overflow; `self` is then unchanged.
    pub fn add_operation(
        &mut self,
        operation: &Operation,
        rule: &dyn PrincipalOffenceRule,
    ) -> Result<(), MergeError> {
        let mut builder = SummaryBuilder::new(self.group_by, rule);
        builder.add_operation(operation);
        self.add_groups_of(builder.finish().counts())
    }

    /// Adds the groups of `other`, whatever its rule.
    ///
    /// # Errors
    ///
    /// [`MergeError`] when a total would overflow; `self` is then unchanged.
    pub(crate) fn add_groups_of(&mut self, other: &Counts) -> Result<(), MergeError> {
        self.check_add_groups_of(other)?;
        self.add_groups_of_checked(other);
        Ok(())
    }

    /// Whether [`add_groups_of`](Self::add_groups_of) would succeed, in time that
    /// does not grow with `self`.
    pub(crate) fn check_add_groups_of(&self, other: &Counts) -> Result<(), MergeError> {
        self.total.check_merge(&other.total)
    }

    /// Adds the groups of `other`, once
    /// [`check_add_groups_of`](Self::check_add_groups_of) found that they fit.
    pub(crate) fn add_groups_of_checked(&mut self, other: &Counts) {
        // The totals fit, so every group's sum does.
        self.add_groups(
            other
                .groups
                .iter()
                .map(|(key, tally)| (key.clone(), *tally)),
        );
    }
}

/// The ICCS code at `level`, or the code itself when it is already at or above it.
pub(crate) fn roll_up(code: IccsCode, level: IccsLevel) -> IccsCode {
    code.ancestry().find(|c| c.level() <= level).unwrap_or(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iccs_codes_roll_up_to_the_requested_level() {
        let code: IccsCode = "030221".parse().unwrap();
        assert_eq!(roll_up(code, IccsLevel::Division).to_string(), "0302");
        assert_eq!(roll_up(code, IccsLevel::Class).to_string(), "030221");
        let section: IccsCode = "03".parse().unwrap();
        assert_eq!(roll_up(section, IccsLevel::Group).to_string(), "03");
    }

    #[test]
    fn by_outcome_serialises_with_named_fields() {
        let mut b = ByOutcome::default();
        b.add(Some(Outcome::Convicted), 3).unwrap();
        b.add(None, 1).unwrap();
        let json = serde_json::to_value(b).unwrap();
        assert_eq!(json["convicted"], 3);
        assert_eq!(json["not_charged"], 1);
        assert_eq!(serde_json::from_value::<ByOutcome>(json).unwrap(), b);
        assert_eq!(b.total(), 4);
    }

    #[test]
    fn every_grouping_reads_back_from_its_text() {
        let levels = [
            None,
            Some(IccsLevel::Section),
            Some(IccsLevel::Division),
            Some(IccsLevel::Group),
            Some(IccsLevel::Class),
        ];
        let jurisdictions = [
            None,
            Some(JurisdictionLevel::AsRecorded),
            Some(JurisdictionLevel::Country),
        ];
        let years = [None]
            .into_iter()
            .chain(EventKind::ALL.iter().copied().map(Some));
        let mut seen = std::collections::HashSet::new();
        for year in years {
            for jurisdiction in jurisdictions {
                for iccs in levels {
                    for (operation, offence_kind) in
                        [(false, false), (true, false), (false, true), (true, true)]
                    {
                        let by = GroupBy {
                            operation,
                            jurisdiction,
                            offence_kind,
                            iccs,
                            year,
                        };
                        let text = by.to_string();
                        assert_eq!(text.parse::<GroupBy>(), Ok(by), "{text}");
                        assert!(seen.insert(text), "two groupings write the same text");
                    }
                }
            }
        }
        assert_eq!(seen.len(), 5 * 3 * 5 * 4);
        let error = "country,iccs:chapter".parse::<GroupBy>().unwrap_err();
        assert_eq!(error.found(), "chapter");
        assert!("year:birth".parse::<GroupBy>().is_err());
        assert!(
            "countries"
                .parse::<GroupBy>()
                .unwrap_err()
                .to_string()
                .contains("country")
        );
    }
}
