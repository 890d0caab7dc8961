//! The attrition funnel: identified, arrested, charged, convicted, sentenced to custody.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{FirstListed, GroupBy, SummaryBuilder};
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

    /// Adds every count of `other`.
    pub fn merge(&mut self, other: &Stages) {
        self.identified += other.identified;
        self.arrested += other.arrested;
        self.charged += other.charged;
        self.convicted += other.convicted;
        self.sentenced_to_custody += other.sentenced_to_custody;
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
#[serde(from = "Vec<FunnelRow>", into = "Vec<FunnelRow>")]
pub struct Funnel {
    rows: BTreeMap<(OperationId, Jurisdiction), Stages>,
}

impl From<Vec<FunnelRow>> for Funnel {
    /// Rows for the same operation and jurisdiction are added together.
    fn from(mut rows: Vec<FunnelRow>) -> Self {
        // Sorting first builds the map in one go; rows usually come nearly sorted.
        rows.sort_by(|a, b| (&a.operation, a.jurisdiction).cmp(&(&b.operation, b.jurisdiction)));
        let mut merged: Vec<((OperationId, Jurisdiction), Stages)> = Vec::with_capacity(rows.len());
        for row in rows {
            match merged.last_mut() {
                Some(((operation, jurisdiction), stages))
                    if *operation == row.operation && *jurisdiction == row.jurisdiction =>
                {
                    stages.merge(&row.stages);
                }
                _ => merged.push(((row.operation, row.jurisdiction), row.stages)),
            }
        }
        Funnel {
            rows: merged.into_iter().collect(),
        }
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
        let mut total = Stages::default();
        self.rows.values().for_each(|s| total.merge(s));
        total
    }

    /// The stages per country, over every operation, subdivisions rolled up.
    pub fn by_country(&self) -> BTreeMap<Jurisdiction, Stages> {
        let mut by_country: BTreeMap<Jurisdiction, Stages> = BTreeMap::new();
        for ((_, j), stages) in &self.rows {
            by_country.entry(j.country()).or_default().merge(stages);
        }
        by_country
    }

    /// Adds every row of `other`. Associative and commutative.
    pub fn merge(&mut self, other: &Funnel) {
        for (key, stages) in &other.rows {
            self.rows.entry(key.clone()).or_default().merge(stages);
        }
    }

    /// Adds one operation's cases.
    pub fn add_operation(&mut self, operation: &Operation) {
        // The funnel does not depend on the grouping or the principal-offence rule.
        let mut builder = SummaryBuilder::new(GroupBy::default(), &FirstListed);
        builder.add_operation(operation);
        self.merge(builder.finish().funnel());
    }
}
