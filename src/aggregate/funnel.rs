//! The attrition funnel: identified, arrested, charged, convicted, sentenced to custody.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::fx::FxHashMap;
use crate::{Case, CustodialTerm, Jurisdiction, Operation, OperationId, SentenceError};

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
    fn from(rows: Vec<FunnelRow>) -> Self {
        let mut funnel = Funnel::default();
        for row in rows {
            funnel
                .rows
                .entry((row.operation, row.jurisdiction))
                .or_default()
                .merge(&row.stages);
        }
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
        let mut local = OperationFunnel::default();
        for case in &operation.cases {
            let term = case.effective_custodial_term();
            local.add_case(case, &term);
        }
        local.finish(self, &operation.id);
    }
}

/// The funnel of one operation while its cases are added.
#[derive(Default)]
pub(crate) struct OperationFunnel {
    local: FxHashMap<Jurisdiction, Stages>,
}

impl OperationFunnel {
    pub(crate) fn add_case(&mut self, case: &Case, term: &Result<CustodialTerm, SentenceError>) {
        let stages = self.local.entry(case.jurisdiction).or_default();
        stages.identified += 1;
        stages.arrested += u64::from(case.events.arrested.is_some());
        stages.charged += u64::from(!case.charges.is_empty() || case.events.charged.is_some());
        stages.convicted += u64::from(
            case.charges
                .iter()
                .any(|c| c.disposition.outcome.is_conviction()),
        );
        let custody = matches!(
            term,
            Ok(CustodialTerm::Life { .. } | CustodialTerm::Indefinite { .. })
        ) || matches!(term, Ok(CustodialTerm::Determinate(t)) if !t.is_zero());
        stages.sentenced_to_custody += u64::from(custody);
    }

    pub(crate) fn finish(self, into: &mut Funnel, operation: &OperationId) {
        for (jurisdiction, stages) in self.local {
            into.rows
                .entry((operation.clone(), jurisdiction))
                .or_default()
                .merge(&stages);
        }
    }
}
