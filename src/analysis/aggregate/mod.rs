//! Aggregation: statistics from case records, as summaries that merge exactly.
//!
//! Every summary type has an empty value and a `merge` that is associative and
//! commutative, and serialises to JSON. A dataset can therefore be summarised in
//! parts (per file, thread or machine) and the parts merged: the result is exactly
//! the summary of the whole. Split by operation: a defendant is identified within
//! an operation.
//!
//! | summary | what it counts | unit |
//! |---|---|---|
//! | [`Counts`] | cases, people, charges and counts of charges, by outcome, grouped by any of operation, jurisdiction (as recorded or rolled up to the country), offence kind, ICCS code (rolled up to a level) and the year of an event | case, person, charge, count |
//! | [`Funnel`] | identified → arrested → charged → convicted → sentenced to custody, per operation and jurisdiction, with conversion ratios | person |
//! | [`SentenceStats`] | the exact distribution of effective custodial terms; life and indefinite sentences apart; non-custodial sentences by component kind | person |
//! | [`TimeToOutcome`] | exact distributions of days from arrest to verdict and to sentence | person |
//! | [`GroupStatistics`] | sentence statistics and time to outcome per group of the [`GroupBy`] | person |
//!
//! **People and the principal offence.** A person-level count files each person
//! under one charge, chosen by a [`PrincipalOffenceRule`]. The crate ships
//! [`HeaviestSentence`] (the UK Ministry of Justice rule: heaviest sentence, ties
//! broken by the highest statutory maximum) and [`FirstListed`]. Charge-level counts
//! file each charge under its own offence.
//!
//! **Streams.** A [`SummaryBuilder`] takes operations one at a time (read with
//! [`OperationLines`](crate::OperationLines), say) and finishes once, so a dataset
//! too large to hold can be summarised in a few megabytes; [`Summary::of`] is a
//! builder fed every operation of a dataset.
//!
//! **Statistics are exact.** Distributions keep a count per distinct value, so means,
//! medians and any percentile are exact and merge exactly. Quantiles interpolate
//! linearly between ranks, as numpy, Spark and DataFusion do by default (see
//! [`Distribution`]).
//!
//! # Example
//!
//! ```
//! use investigation_outcomes::Dataset;
//! use investigation_outcomes::aggregate::{GroupBy, HeaviestSentence, Summary};
//!
//! let dataset = Dataset::from_json_str(include_str!("../../../data/operation-h.json"))?;
//! let rule = HeaviestSentence::default();
//! let summary = Summary::of(&dataset, GroupBy::country_and_offence(), &rule);
//!
//! assert_eq!(summary.funnel().total().sentenced_to_custody, 2);
//! // Three years and twelve months: the median is two years.
//! assert_eq!(summary.sentences().quantile_days(0.5), Some(730.485));
//!
//! // Summarising in parts and merging gives the same summary.
//! let mut merged = Summary::empty(GroupBy::country_and_offence(), &rule);
//! for operation in &dataset.operations {
//!     let part = Summary::of(&Dataset::new(vec![operation.clone()]), GroupBy::country_and_offence(), &rule);
//!     merged.merge(&part)?;
//! }
//! assert_eq!(merged, summary);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod builder;
mod by_group;
mod counts;
mod distribution;
mod funnel;
mod inner;
mod joint;
pub(crate) mod merge_error;
mod principal;
mod sentences;
mod time_to_outcome;

use serde::{Deserialize, Serialize};

use std::collections::BTreeMap;

pub use builder::SummaryBuilder;
pub use by_group::GroupStatistics;
pub use counts::{ByOutcome, Counts, EventKind, GroupBy, GroupKey, JurisdictionLevel, Tally};
pub use distribution::{Bin, Distribution};
pub use funnel::{Funnel, FunnelRow, Stages};
pub use inner::{CaseClass, InnerCell, InnerCells, SentenceClass, term_bin_edges};
pub use joint::{
    CrossCell, CrossCells, CrossCharges, JointSummary, JointSummaryBuilder, RunSummary,
    RunSummaryBuilder,
};
pub use merge_error::MergeError;
pub use principal::{FirstListed, HeaviestSentence, PrincipalOffenceRule};
pub use sentences::SentenceStats;
pub use time_to_outcome::TimeToOutcome;

use crate::error::{Error, JsonError};
use crate::io::dataset::Dataset;
use crate::record::operation::Operation;

/// `a + b`, or the overflow of `what`.
pub(crate) fn add_counts(a: u64, b: u64, what: &str) -> Result<u64, MergeError> {
    a.checked_add(b).ok_or_else(|| MergeError::overflow(what))
}

/// The standard summary of a dataset: counts, the funnel, sentence statistics and
/// time to outcome, with how many operations and cases went into it.
///
/// Summaries merge exactly, so a dataset can be summarised in parts (by shard,
/// thread or machine) and the parts merged.
///
/// # Example
///
/// ```
/// use investigation_outcomes::aggregate::{GroupBy, HeaviestSentence, Summary};
/// use investigation_outcomes::{Dataset, LengthUnit};
///
/// let dataset = Dataset::operation_h()?;
/// let rule = HeaviestSentence::default();
/// let whole = Summary::of(&dataset, GroupBy::default(), &rule);
/// assert_eq!((whole.operations(), whole.cases()), (1, 2));
/// assert_eq!(whole.funnel().total().convicted, 2);
/// assert_eq!(whole.sentences().median(LengthUnit::Months), Some(24.0));
///
/// // The same, from two halves merged.
/// let mut first = Summary::empty(GroupBy::default(), &rule);
/// first.add_operation(&dataset.operations[0], &rule)?;
/// let second = Summary::empty(GroupBy::default(), &rule);
/// first.merge(&second)?;
/// assert_eq!(first, whole);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Summary {
    operations: u64,
    cases: u64,
    counts: Counts,
    funnel: Funnel,
    sentences: SentenceStats,
    time_to_outcome: TimeToOutcome,
    inner: InnerCells,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty", with = "entries")]
    by_group: BTreeMap<GroupKey, GroupStatistics>,
}

impl Summary {
    /// The summary of nothing, for the given grouping and rule.
    pub fn empty(group_by: GroupBy, rule: &dyn PrincipalOffenceRule) -> Self {
        Self {
            operations: 0,
            cases: 0,
            counts: Counts::empty(group_by, rule.name()),
            funnel: Funnel::default(),
            sentences: SentenceStats::default(),
            time_to_outcome: TimeToOutcome::default(),
            inner: InnerCells::default(),
            by_group: BTreeMap::new(),
        }
    }

    /// The summary of a dataset.
    pub fn of(dataset: &Dataset, group_by: GroupBy, rule: &dyn PrincipalOffenceRule) -> Self {
        let mut builder = SummaryBuilder::new(group_by, rule);
        for operation in &dataset.operations {
            builder.add_operation(operation);
        }
        builder.finish()
    }

    /// Adds one operation. `rule` must be the rule the summary was made with. To
    /// summarise many operations, a [`SummaryBuilder`] is faster.
    ///
    /// # Errors
    ///
    /// [`MergeError`] when a count would overflow; `self` is then unchanged.
    pub fn add_operation(
        &mut self,
        operation: &Operation,
        rule: &dyn PrincipalOffenceRule,
    ) -> Result<(), MergeError> {
        let mut builder = SummaryBuilder::new(self.counts.group_by(), rule);
        builder.add_operation(operation);
        let part = builder.finish();
        self.add(&part)
    }

    /// Adds `other` into this summary. Associative and commutative.
    ///
    /// # Errors
    ///
    /// [`MergeError`] when the two were grouped differently or made under different
    /// principal-offence rules, or when a count would overflow; `self` is then
    /// unchanged.
    pub fn merge(&mut self, other: &Summary) -> Result<(), MergeError> {
        self.counts.compatible(&other.counts)?;
        self.add(other)
    }

    /// The summaries merged into one: the summary of everything that went into
    /// them, grouped by `group_by` under `rule` (the summary of nothing when there
    /// are none), with a [`SummaryMerger`].
    ///
    /// ```
    /// use investigation_outcomes::Dataset;
    /// use investigation_outcomes::aggregate::{GroupBy, HeaviestSentence, Summary};
    /// use investigation_outcomes::synthetic::SyntheticConfig;
    ///
    /// let dataset = SyntheticConfig { seed: 1, operations: 10, cases: 500 }.dataset();
    /// let rule = HeaviestSentence::default();
    /// // Split by operation, as a summary's parts must be.
    /// let parts = dataset.operations.chunks(3).map(|operations| {
    ///     Summary::of(&Dataset::new(operations.to_vec()), GroupBy::country_and_offence(), &rule)
    /// });
    /// let merged = Summary::merge_all(parts, GroupBy::country_and_offence(), &rule)?;
    /// assert_eq!(merged, Summary::of(&dataset, GroupBy::country_and_offence(), &rule));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`MergeError`] as [`merge`](Self::merge) gives it.
    pub fn merge_all(
        parts: impl IntoIterator<Item = Summary>,
        group_by: GroupBy,
        rule: &dyn PrincipalOffenceRule,
    ) -> Result<Summary, MergeError> {
        let mut merger = SummaryMerger::default();
        for part in parts {
            merger.push(part)?;
        }
        let empty = Self::empty(group_by, rule);
        match merger.finish()? {
            Some(summary) => {
                empty.counts.compatible(&summary.counts)?;
                Ok(summary)
            }
            None => Ok(empty),
        }
    }

    /// Adds `other` in place, whatever the rule of `other`'s counts; `self` is
    /// unchanged on error. Every sum is checked before any is made, each in time
    /// that does not grow with `self`, so that adding many small summaries one by
    /// one costs what they hold, not what has been added before.
    fn add(&mut self, other: &Summary) -> Result<(), MergeError> {
        let operations = add_counts(
            self.operations,
            other.operations,
            "the number of operations",
        )?;
        let cases = add_counts(self.cases, other.cases, "the number of cases")?;
        self.counts.check_add_groups_of(&other.counts)?;
        self.funnel.check_merge(&other.funnel)?;
        self.sentences.check_merge(&other.sentences)?;
        self.time_to_outcome.check_merge(&other.time_to_outcome)?;
        self.inner.check_merge(&other.inner)?;
        for (group, statistics) in &other.by_group {
            // A group `self` lacks starts empty, and anything fits into nothing.
            if let Some(mine) = self.by_group.get(group) {
                mine.check_merge(statistics)?;
            }
        }

        self.operations = operations;
        self.cases = cases;
        self.counts.add_groups_of_checked(&other.counts);
        self.funnel.merge_checked(&other.funnel);
        self.sentences.merge_checked(&other.sentences);
        self.time_to_outcome.merge_checked(&other.time_to_outcome);
        self.inner.merge_checked(&other.inner);
        for (group, statistics) in &other.by_group {
            self.by_group
                .entry(group.clone())
                .or_default()
                .merge_checked(statistics);
        }
        Ok(())
    }

    /// How many operations went in.
    pub fn operations(&self) -> u64 {
        self.operations
    }

    /// How many cases went in.
    pub fn cases(&self) -> u64 {
        self.cases
    }

    /// The counts.
    pub fn counts(&self) -> &Counts {
        &self.counts
    }

    /// The funnel.
    pub fn funnel(&self) -> &Funnel {
        &self.funnel
    }

    /// The sentence statistics.
    pub fn sentences(&self) -> &SentenceStats {
        &self.sentences
    }

    /// The time to outcome.
    pub fn time_to_outcome(&self) -> &TimeToOutcome {
        &self.time_to_outcome
    }

    /// The cases in their inner cells: every count of cases and people the summary
    /// publishes is a sum of these.
    pub fn inner_cells(&self) -> &InnerCells {
        &self.inner
    }

    /// Sentence statistics and time to outcome per group, in group order, for the
    /// groups with cases; none when the summary is not grouped (the whole is one
    /// group, [`sentences`](Self::sentences) and
    /// [`time_to_outcome`](Self::time_to_outcome)).
    ///
    /// # Example
    ///
    /// ```
    /// use investigation_outcomes::aggregate::{GroupBy, HeaviestSentence, JurisdictionLevel, Summary};
    /// use investigation_outcomes::{Dataset, LengthUnit};
    ///
    /// let by_state = GroupBy { jurisdiction: Some(JurisdictionLevel::AsRecorded), ..GroupBy::default() };
    /// let summary = Summary::of(&Dataset::operation_h()?, by_state, &HeaviestSentence::default());
    /// let medians: Vec<(String, Option<f64>)> = summary
    ///     .by_group()
    ///     .map(|(group, s)| (group.to_string(), s.sentences.median(LengthUnit::Months)))
    ///     .collect();
    /// assert_eq!(medians, [("AU-TAS".to_owned(), Some(12.0)), ("AU-VIC".to_owned(), Some(36.0))]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn by_group(&self) -> impl Iterator<Item = (&GroupKey, &GroupStatistics)> {
        self.by_group.iter()
    }
}

/// The version of the partial-summary format: see [`Summary::to_partial_json`].
pub const PARTIAL_SUMMARY_VERSION: u32 = 2;

#[derive(Serialize)]
struct PartialOut<'a> {
    partial_summary_version: u32,
    summary: &'a Summary,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PartialIn {
    // Checked before the whole is read.
    #[serde(rename = "partial_summary_version")]
    _version: u64,
    summary: Summary,
}

impl Summary {
    /// The summary as a partial summary: one line of JSON, `{"partial_summary_version":
    /// 1, "summary": …}`, that one process (or a job in another language: Spark,
    /// DataFusion) writes and another merges with
    /// [`from_partial_json`](Self::from_partial_json) and [`merge`](Self::merge).
    ///
    /// The format is stable: it is the serde form of [`Summary`] and its parts, each
    /// documented, under a version that changes when the form does. Split a dataset
    /// by operation to summarise it in parts (people are identified within one).
    ///
    /// # Example
    ///
    /// ```
    /// use investigation_outcomes::aggregate::{GroupBy, HeaviestSentence, Summary};
    /// use investigation_outcomes::Dataset;
    ///
    /// let rule = HeaviestSentence::default();
    /// let whole = Summary::of(&Dataset::operation_h()?, GroupBy::country_and_offence(), &rule);
    /// let written = whole.to_partial_json();
    /// assert!(written.starts_with(r#"{"partial_summary_version":2,"summary":"#));
    /// assert_eq!(Summary::from_partial_json(&written)?, whole);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_partial_json(&self) -> String {
        serde_json::to_string(&PartialOut {
            partial_summary_version: PARTIAL_SUMMARY_VERSION,
            summary: self,
        })
        .unwrap_or_default()
    }

    /// Reads a partial summary written by [`to_partial_json`](Self::to_partial_json),
    /// with the checks every summary read from JSON gets.
    ///
    /// # Errors
    ///
    /// [`Error::Json`](crate::Error::Json) with the line, column and reason when the
    /// text is not a partial summary, or its counts could not have been made;
    /// [`Error::UnsupportedPartialVersion`](crate::Error::UnsupportedPartialVersion)
    /// for another version.
    pub fn from_partial_json(text: &str) -> Result<Summary, Error> {
        let partial: PartialIn = read_partial(text)?;
        Ok(partial.summary)
    }
}

/// A partial summary's fields, once its version is found to be this crate's: the
/// version first, so that another version's fields are not misread.
fn read_partial<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, Error> {
    #[derive(Deserialize)]
    struct VersionProbe {
        partial_summary_version: Option<u64>,
    }
    if let Ok(VersionProbe {
        partial_summary_version: Some(found),
    }) = serde_json::from_str(text)
        && found != u64::from(PARTIAL_SUMMARY_VERSION)
    {
        return Err(Error::UnsupportedPartialVersion {
            found,
            supported: PARTIAL_SUMMARY_VERSION,
        });
    }
    crate::io::objects_only::from_str(text)
        .map_err(|e| JsonError::from_serde(&e, text, None, 0).into())
}

/// Serialises a map with structured keys as a list of `{"key": …, "value": …}`
/// entries, since JSON object keys must be strings.
mod entries {
    use std::collections::BTreeMap;

    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Entry<K, V> {
        key: K,
        value: V,
    }

    pub(super) fn serialize<K: Serialize, V: Serialize, S: Serializer>(
        map: &BTreeMap<K, V>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(map.iter().map(|(key, value)| Entry { key, value }))
    }

    pub(super) fn deserialize<'de, K, V, D>(deserializer: D) -> Result<BTreeMap<K, V>, D::Error>
    where
        K: Deserialize<'de> + Ord,
        V: Deserialize<'de>,
        D: Deserializer<'de>,
    {
        let entries = Vec::<Entry<K, V>>::deserialize(deserializer)?;
        Ok(entries.into_iter().map(|e| (e.key, e.value)).collect())
    }
}

/// Merges summaries given one at a time, in a balanced tree: merging `n` parts
/// costs about as much as `log n` merges of the whole, not one merge of the growing
/// total per part, and holds about `log n` summaries at once.
///
/// Parts are merged only with their neighbours, so the result is that of merging
/// them in the order given (which, merging being associative and commutative, is
/// the summary of all they summarise).
///
/// It merges [`Summary`]s by default, and [`JointSummary`]s or [`RunSummary`]s alike.
#[derive(Debug)]
pub struct SummaryMerger<S = Summary> {
    // Merged runs, each with how many parts it holds; the counts fall from the
    // bottom of the stack to the top.
    runs: Vec<(S, usize)>,
}

impl<S> Default for SummaryMerger<S> {
    fn default() -> Self {
        Self { runs: Vec::new() }
    }
}

/// A summary that merges exactly: [`Summary`], [`JointSummary`], [`RunSummary`].
pub trait Mergeable: Sized + sealed::Sealed {
    /// Adds `other`; `self` is unchanged on error.
    ///
    /// # Errors
    ///
    /// [`MergeError`] when the two cannot be merged or a count would overflow.
    fn merge_from(&mut self, other: &Self) -> Result<(), MergeError>;

    /// Whether `other` was made the same way (groupings, rule), in time that does
    /// not grow with either.
    ///
    /// # Errors
    ///
    /// [`MergeError`] when it was not.
    fn check_compatible(&self, other: &Self) -> Result<(), MergeError>;
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for super::Summary {}
    impl Sealed for super::JointSummary {}
    impl Sealed for super::RunSummary {}
}

impl Mergeable for Summary {
    fn merge_from(&mut self, other: &Self) -> Result<(), MergeError> {
        self.merge(other)
    }

    fn check_compatible(&self, other: &Self) -> Result<(), MergeError> {
        self.counts.compatible(&other.counts)
    }
}

impl Mergeable for JointSummary {
    fn merge_from(&mut self, other: &Self) -> Result<(), MergeError> {
        self.merge(other)
    }

    fn check_compatible(&self, other: &Self) -> Result<(), MergeError> {
        let (mine, theirs): (Vec<&Summary>, Vec<&Summary>) =
            (self.parts().collect(), other.parts().collect());
        if mine.len() != theirs.len() {
            return Err(MergeError::new(
                "joint summaries of different numbers of groupings",
            ));
        }
        mine.iter()
            .zip(&theirs)
            .try_for_each(|(a, b)| a.check_compatible(b))
    }
}

impl Mergeable for RunSummary {
    fn merge_from(&mut self, other: &Self) -> Result<(), MergeError> {
        self.merge(other)
    }

    fn check_compatible(&self, other: &Self) -> Result<(), MergeError> {
        match (self, other) {
            (RunSummary::One(a), RunSummary::One(b)) => a.check_compatible(b),
            (RunSummary::Joint(a), RunSummary::Joint(b)) => a.check_compatible(b),
            _ => Err(MergeError::new(
                "summaries of different numbers of groupings",
            )),
        }
    }
}

impl<S: Mergeable> SummaryMerger<S> {
    /// Adds the next part.
    ///
    /// # Errors
    ///
    /// [`MergeError`] as [`Summary::merge`] gives it: when the part was grouped
    /// differently or made under another rule than the first part (found at once,
    /// so the error is the part's), or when a count would overflow.
    pub fn push(&mut self, part: S) -> Result<(), MergeError> {
        if let Some((first, _)) = self.runs.first() {
            first.check_compatible(&part)?;
        }
        let mut run = (part, 1);
        while let Some((top, size)) = self.runs.last_mut() {
            if *size > run.1 {
                break;
            }
            top.merge_from(&run.0)?;
            *size += run.1;
            run = match self.runs.pop() {
                Some(merged) => merged,
                None => break,
            };
        }
        self.runs.push(run);
        Ok(())
    }

    /// All the parts merged, or `None` when none were pushed.
    ///
    /// # Errors
    ///
    /// [`MergeError`] as [`Summary::merge`] gives it.
    pub fn finish(mut self) -> Result<Option<S>, MergeError> {
        let Some((mut total, _)) = self.runs.pop() else {
            return Ok(None);
        };
        // Later runs are smaller: each is merged into the run before it.
        while let Some((mut earlier, _)) = self.runs.pop() {
            earlier.merge_from(&total)?;
            total = earlier;
        }
        Ok(Some(total))
    }
}
