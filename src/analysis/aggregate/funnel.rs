//! The attrition funnel: identified, arrested, charged, convicted, sentenced to custody.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{FirstListed, GroupBy, MergeError, SummaryBuilder, add_counts};
use crate::record::operation::Operation;
use crate::value::id::OperationId;
use crate::value::jurisdiction::Jurisdiction;

/// How many cases (one defendant each; unit: person) reached each stage.
///
/// A case is *identified* by existing; *arrested* when it has an arrest date;
/// *charged* when it has a charge or a charge date; *convicted* when any charge is
/// convicted; *sentenced to custody* when its effective custodial term is a
/// determinate term longer than zero, life, or indefinite detention.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stages {
    /// People identified (cases recorded).
    pub identified: u64,
    /// People arrested.
    pub arrested: u64,
    /// People charged.
    pub charged: u64,
    /// People convicted of at least one charge.
    pub convicted: u64,
    /// People sentenced to custody.
    pub sentenced_to_custody: u64,
}

impl Stages {
    /// The counts in funnel order.
    pub fn as_array(&self) -> [u64; 5] {
        [
            self.identified,
            self.arrested,
            self.charged,
            self.convicted,
            self.sentenced_to_custody,
        ]
    }

    /// The names of the stages, in funnel order.
    pub const NAMES: [&'static str; 5] = [
        "identified",
        "arrested",
        "charged",
        "convicted",
        "sentenced_to_custody",
    ];

    /// The share of each stage that reached the next: arrested/identified,
    /// charged/arrested, convicted/charged, custody/convicted; `None` where the
    /// earlier stage is zero.
    pub fn conversion(&self) -> [Option<f64>; 4] {
        let s = self.as_array();
        std::array::from_fn(|i| match (s.get(i), s.get(i + 1)) {
            (Some(&from), Some(&to)) if from > 0 => Some(to as f64 / from as f64),
            _ => None,
        })
    }

    /// Every count added to `other`'s.
    ///
    /// # Errors
    ///
    /// [`MergeError`] when a count would overflow.
    pub fn checked_add(&self, other: &Stages) -> Result<Stages, MergeError> {
        let add = |a, b| add_counts(a, b, "a funnel stage");
        Ok(Stages {
            identified: add(self.identified, other.identified)?,
            arrested: add(self.arrested, other.arrested)?,
            charged: add(self.charged, other.charged)?,
            convicted: add(self.convicted, other.convicted)?,
            sentenced_to_custody: add(self.sentenced_to_custody, other.sentenced_to_custody)?,
        })
    }

    fn saturating_add(&self, other: &Stages) -> Stages {
        Stages {
            identified: self.identified.saturating_add(other.identified),
            arrested: self.arrested.saturating_add(other.arrested),
            charged: self.charged.saturating_add(other.charged),
            convicted: self.convicted.saturating_add(other.convicted),
            sentenced_to_custody: self
                .sentenced_to_custody
                .saturating_add(other.sentenced_to_custody),
        }
    }
}

/// One row of a [`Funnel`].
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FunnelRow {
    /// The operation.
    pub operation: OperationId,
    /// The jurisdiction, as recorded.
    pub jurisdiction: Jurisdiction,
    /// The stages.
    pub stages: Stages,
}

/// The funnel per operation and jurisdiction, from case records.
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
#[serde(try_from = "Vec<FunnelRow>", into = "Vec<FunnelRow>")]
pub struct Funnel {
    rows: BTreeMap<(OperationId, Jurisdiction), Stages>,
    // The stages over every row, known to fit: kept so that a merge checks its sums
    // without going over the rows it already has.
    total: Stages,
}

impl TryFrom<Vec<FunnelRow>> for Funnel {
    type Error = MergeError;

    /// Rows for the same operation and jurisdiction are added together; the totals
    /// over all rows must fit in a `u64`.
    fn try_from(rows: Vec<FunnelRow>) -> Result<Self, MergeError> {
        let mut funnel = Funnel::default();
        for row in rows {
            let stages = funnel
                .rows
                .entry((row.operation, row.jurisdiction))
                .or_default();
            *stages = stages.checked_add(&row.stages)?;
        }
        funnel.total = funnel.checked_total()?;
        Ok(funnel)
    }
}

impl Funnel {
    /// Rows gathered from case records, one case at a time: their sums fit.
    pub(crate) fn from_rows(mut rows: Vec<FunnelRow>) -> Self {
        // Sorting first builds the map in one go; rows usually come nearly sorted.
        rows.sort_by(|a, b| (&a.operation, a.jurisdiction).cmp(&(&b.operation, b.jurisdiction)));
        let mut merged: Vec<((OperationId, Jurisdiction), Stages)> = Vec::with_capacity(rows.len());
        for row in rows {
            match merged.last_mut() {
                Some(((operation, jurisdiction), stages))
                    if *operation == row.operation && *jurisdiction == row.jurisdiction =>
                {
                    *stages = stages.saturating_add(&row.stages);
                }
                _ => merged.push(((row.operation, row.jurisdiction), row.stages)),
            }
        }
        let mut funnel = Funnel {
            rows: merged.into_iter().collect(),
            total: Stages::default(),
        };
        funnel.total = funnel.saturating_total();
        funnel
    }
}

impl From<Funnel> for Vec<FunnelRow> {
    fn from(funnel: Funnel) -> Self {
        funnel
            .rows
            .into_iter()
            .map(|((operation, jurisdiction), stages)| FunnelRow {
                operation,
                jurisdiction,
                stages,
            })
            .collect()
    }
}

impl Funnel {
    /// The rows, by operation and jurisdiction.
    pub fn rows(&self) -> impl Iterator<Item = (&OperationId, Jurisdiction, &Stages)> {
        self.rows.iter().map(|((op, j), s)| (op, *j, s))
    }

    /// The stages over every operation and jurisdiction.
    pub fn total(&self) -> Stages {
        self.total
    }

    fn saturating_total(&self) -> Stages {
        self.rows
            .values()
            .fold(Stages::default(), |total, s| total.saturating_add(s))
    }

    fn checked_total(&self) -> Result<Stages, MergeError> {
        self.rows
            .values()
            .try_fold(Stages::default(), |total, s| total.checked_add(s))
    }

    /// The stages per country, over every operation, subdivisions rolled up.
    pub fn by_country(&self) -> BTreeMap<Jurisdiction, Stages> {
        let mut by_country: BTreeMap<Jurisdiction, Stages> = BTreeMap::new();
        for ((_, j), stages) in &self.rows {
            let country = by_country.entry(j.country()).or_default();
            *country = country.saturating_add(stages);
        }
        by_country
    }

    /// Adds every row of `other`. Associative and commutative.
    ///
    /// # Errors
    ///
    /// [`MergeError`] when a count would overflow; `self` is then unchanged.
    pub fn merge(&mut self, other: &Funnel) -> Result<(), MergeError> {
        self.check_merge(other)?;
        self.merge_checked(other);
        Ok(())
    }

    /// Whether [`merge`](Self::merge) with `other` would succeed, in time that does
    /// not grow with `self`.
    pub(crate) fn check_merge(&self, other: &Funnel) -> Result<(), MergeError> {
        self.total.checked_add(&other.total).map(drop)
    }

    /// Adds `other`, once [`check_merge`](Self::check_merge) found that it fits.
    pub(crate) fn merge_checked(&mut self, other: &Funnel) {
        // The totals fit, so every row's sum does.
        self.total = self.total.saturating_add(&other.total);
        for (key, stages) in &other.rows {
            let mine = self.rows.entry(key.clone()).or_default();
            *mine = mine.saturating_add(stages);
        }
    }

    /// Adds one operation's cases.
    ///
    /// # Errors
    ///
    /// [`MergeError`] when a count would overflow; `self` is then unchanged.
    pub fn add_operation(&mut self, operation: &Operation) -> Result<(), MergeError> {
        // The funnel does not depend on the grouping or the principal-offence rule.
        let mut builder = SummaryBuilder::new(GroupBy::default(), &FirstListed);
        builder.add_operation(operation);
        self.merge(builder.finish().funnel())
    }
}
