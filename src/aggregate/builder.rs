//! Building a [`Summary`]: one pass over each operation's cases feeds every part.

use std::collections::hash_map::Entry;
use std::hash::{Hash, Hasher};

use super::counts::{GroupKey, JurisdictionLevel, Tally, roll_up};
use super::funnel::{FunnelRow, Stages};
use super::sentences::SentenceStatsBuilder;
use super::time_to_outcome::TimeToOutcomeBuilder;
use super::{Counts, Funnel, GroupBy, PrincipalOffenceRule, SentenceStats, Summary, TimeToOutcome};
use crate::fx::{FxHashMap, FxHashSet};
use crate::{
    Case, Charge, CustodialTerm, DefendantId, IccsCode, Jurisdiction, OffenceKind, Operation,
    Outcome,
};

/// Builds a [`Summary`] from operations added one at a time, reading each case once.
///
/// [`Summary::of`] uses it. Use it directly to summarise a stream of operations (JSON
/// Lines, say) without holding them all: work shared between operations (ordering the
/// groups and the distributions) is done once, in [`finish`](Self::finish).
///
/// # Example
///
/// ```
/// use investigation_outcomes::aggregate::{GroupBy, HeaviestSentence, Summary, SummaryBuilder};
/// use investigation_outcomes::synthetic::{Generator, SyntheticConfig};
///
/// let config = SyntheticConfig { seed: 1, operations: 20, cases: 2_000 };
/// let rule = HeaviestSentence::default();
/// let mut builder = SummaryBuilder::new(GroupBy::standard(), &rule);
/// for operation in Generator::new(config) {
///     builder.add_operation(&operation);
/// }
/// let streamed = builder.finish();
/// assert_eq!(streamed.cases(), 2_000);
/// assert_eq!(streamed, Summary::of(&config.dataset(), GroupBy::standard(), &rule));
/// ```
pub struct SummaryBuilder<'r> {
    group_by: GroupBy,
    rule: &'r dyn PrincipalOffenceRule,
    operations: u64,
    cases: u64,
    groups: FxHashMap<GroupKey, Tally>,
    funnel_rows: Vec<FunnelRow>,
    sentences: SentenceStatsBuilder,
    time_to_outcome: TimeToOutcomeBuilder,
}

impl<'r> SummaryBuilder<'r> {
    /// A builder grouping counts by `group_by` and counting people under `rule`.
    pub fn new(group_by: GroupBy, rule: &'r dyn PrincipalOffenceRule) -> Self {
        Self {
            group_by,
            rule,
            operations: 0,
            cases: 0,
            groups: FxHashMap::default(),
            funnel_rows: Vec::new(),
            sentences: SentenceStatsBuilder::default(),
            time_to_outcome: TimeToOutcomeBuilder::default(),
        }
    }

    /// Adds one operation's cases.
    pub fn add_operation(&mut self, operation: &Operation) {
        let mut pass = OperationPass::new(self.group_by, operation.cases.len());
        for case in &operation.cases {
            let term = case.effective_custodial_term();
            let place = pass.place(case.jurisdiction);
            let charges = pass.scan_charges(case);
            pass.add_to_funnel(place, case, &charges, &term);
            pass.add_to_counts(place, case, &charges, self.rule);
            self.sentences.add_case(case, &term);
            self.time_to_outcome.add_case(case);
        }
        pass.finish(self, operation);
        self.operations += 1;
        self.cases += operation.cases.len() as u64;
    }

    /// The summary of every operation added.
    pub fn finish(self) -> Summary {
        let mut counts = Counts::empty(self.group_by, self.rule.name());
        counts.add_groups(self.groups);
        let mut sentences = SentenceStats::default();
        self.sentences.finish(&mut sentences);
        let mut time_to_outcome = TimeToOutcome::default();
        self.time_to_outcome.finish(&mut time_to_outcome);
        Summary {
            operations: self.operations,
            cases: self.cases,
            counts,
            funnel: Funnel::from(self.funnel_rows),
            sentences,
            time_to_outcome,
        }
    }
}

/// Where cases are prosecuted, as one operation's pass sees it: each jurisdiction
/// as recorded, with its funnel stages and the group its counts go to.
struct Place {
    jurisdiction: Jurisdiction,
    stages: Stages,
    // Index into `OperationPass::grouped` of the jurisdiction at the grouping level.
    group: u32,
}

/// The group of a tally within one operation, as small numbers: the grouped
/// jurisdiction, the offence (see [`OperationPass::offence`]) and the year.
#[derive(Clone, Copy, PartialEq, Eq)]
struct TallyKey {
    jurisdiction: u32,
    offence: u32,
    year: Option<u16>,
}

impl Hash for TallyKey {
    // Two words rather than one per field: the key is hashed for every case.
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(u64::from(self.jurisdiction) << 32 | u64::from(self.offence));
        state.write_u32(self.year.map_or(u32::MAX, u32::from));
    }
}

/// What a case's charges have in common, from [`OperationPass::scan_charges`].
struct ChargeScan {
    // The offence (as numbered by `OperationPass::offence`) and outcome of the first.
    first: Option<(u32, Outcome)>,
    // Whether every charge has the first one's offence and outcome.
    all_alike: bool,
    any_convicted: bool,
}

/// The state of one operation while its cases are added.
struct OperationPass<'a> {
    group_by: GroupBy,
    places: FxHashMap<Jurisdiction, u32>,
    place_list: Vec<Place>,
    // The jurisdictions at the grouping level, in order of first sight.
    grouped: Vec<Option<Jurisdiction>>,
    // The rolled-up ICCS codes seen, numbered from 1 in order of first sight.
    iccs: FxHashMap<IccsCode, u32>,
    iccs_list: Vec<IccsCode>,
    tally_index: FxHashMap<TallyKey, u32>,
    tallies: Vec<(TallyKey, Tally)>,
    // Where each person was first counted, and where else.
    first_group: FxHashMap<&'a DefendantId, u32>,
    further_groups: FxHashSet<(&'a DefendantId, u32)>,
}

impl<'a> OperationPass<'a> {
    fn new(group_by: GroupBy, cases: usize) -> Self {
        Self {
            group_by,
            places: FxHashMap::default(),
            place_list: Vec::new(),
            grouped: Vec::new(),
            iccs: FxHashMap::default(),
            iccs_list: Vec::new(),
            tally_index: FxHashMap::default(),
            tallies: Vec::new(),
            first_group: FxHashMap::with_capacity_and_hasher(cases, Default::default()),
            further_groups: FxHashSet::default(),
        }
    }

    /// The index of a jurisdiction in `place_list`, adding it when new.
    fn place(&mut self, jurisdiction: Jurisdiction) -> usize {
        let next = self.place_list.len();
        let index = *self
            .places
            .entry(jurisdiction)
            .or_insert_with(|| u32::try_from(next).unwrap_or(u32::MAX));
        if index as usize == next {
            let grouped = self.group_by.jurisdiction.map(|level| match level {
                JurisdictionLevel::AsRecorded => jurisdiction,
                JurisdictionLevel::Country => jurisdiction.country(),
            });
            let group = match self.grouped.iter().position(|&g| g == grouped) {
                Some(group) => group,
                None => {
                    self.grouped.push(grouped);
                    self.grouped.len() - 1
                }
            };
            self.place_list.push(Place {
                jurisdiction,
                stages: Stages::default(),
                group: u32::try_from(group).unwrap_or(u32::MAX),
            });
        }
        index as usize
    }

    fn add_to_funnel(
        &mut self,
        place: usize,
        case: &Case,
        charges: &ChargeScan,
        term: &Result<CustodialTerm, crate::SentenceError>,
    ) {
        let Some(Place { stages, .. }) = self.place_list.get_mut(place) else {
            return;
        };
        stages.identified += 1;
        stages.arrested += u64::from(case.events.arrested.is_some());
        stages.charged += u64::from(!case.charges.is_empty() || case.events.charged.is_some());
        stages.convicted += u64::from(charges.any_convicted);
        let custody = match term {
            Ok(CustodialTerm::Life { .. } | CustodialTerm::Indefinite { .. }) => true,
            Ok(CustodialTerm::Determinate(t)) => !t.is_zero(),
            Ok(CustodialTerm::None) | Err(_) => false,
        };
        stages.sentenced_to_custody += u64::from(custody);
    }

    /// The offence of a charge in the grouped dimensions, as a number: 0 when no
    /// offence dimension is grouped; otherwise the kind (1 + its index, or 0) in the
    /// low byte and the rolled-up ICCS code (numbered from 1, or 0) above it.
    fn offence(&mut self, charge: &Charge) -> u32 {
        let kind = if self.group_by.offence_kind {
            charge.offence.kind as u32 + 1
        } else {
            0
        };
        let iccs = match self.group_by.iccs {
            None => 0,
            Some(level) => {
                let code = roll_up(charge.offence.iccs, level);
                let next = u32::try_from(self.iccs_list.len() + 1).unwrap_or(u32::MAX);
                match self.iccs.entry(code) {
                    Entry::Occupied(slot) => *slot.get(),
                    Entry::Vacant(slot) => {
                        self.iccs_list.push(code);
                        *slot.insert(next)
                    }
                }
            }
        };
        iccs << 8 | kind
    }

    /// The index in `tallies` of a group, adding it when new.
    fn tally(&mut self, key: TallyKey) -> usize {
        let next = self.tallies.len();
        let index = *self
            .tally_index
            .entry(key)
            .or_insert_with(|| u32::try_from(next).unwrap_or(u32::MAX));
        if index as usize == next {
            self.tallies.push((key, Tally::default()));
        }
        index as usize
    }

    /// What the funnel and the counts need of a case's charges, in one pass with
    /// no early exit (data-dependent branches are what cost most here).
    fn scan_charges(&mut self, case: &Case) -> ChargeScan {
        let Some((first, rest)) = case.charges.split_first() else {
            return ChargeScan {
                first: None,
                all_alike: true,
                any_convicted: false,
            };
        };
        let offence = self.offence(first);
        let outcome = first.disposition.outcome;
        let mut all_alike = true;
        let mut any_convicted = outcome.is_conviction();
        for charge in rest {
            let charge_outcome = charge.disposition.outcome;
            any_convicted |= charge_outcome.is_conviction();
            all_alike &= (charge_outcome == outcome) & (self.offence(charge) == offence);
        }
        ChargeScan {
            first: Some((offence, outcome)),
            all_alike,
            any_convicted,
        }
    }

    /// Adds a case to the counts.
    ///
    /// The rule is consulted only for a case whose charges would be filed differently
    /// (by outcome or a grouped offence dimension): otherwise every charge gives the
    /// same group and outcome, and the first stands for all.
    fn add_to_counts(
        &mut self,
        place: usize,
        case: &'a Case,
        charges: &ChargeScan,
        rule: &dyn PrincipalOffenceRule,
    ) {
        let jurisdiction = self.place_list.get(place).map_or(0, |p| p.group);
        let year = self.group_by.year.and_then(|event| event.year(case));
        let (offence, outcome) = match charges.first {
            None => (0, None),
            Some((offence, outcome)) if charges.all_alike => (offence, Some(outcome)),
            Some((offence, outcome)) => {
                match rule.principal(case).and_then(|i| case.charges.get(i)) {
                    Some(principal) => {
                        (self.offence(principal), Some(principal.disposition.outcome))
                    }
                    None => (offence, Some(outcome)),
                }
            }
        };
        let key = TallyKey {
            jurisdiction,
            offence,
            year,
        };
        let index = self.tally(key);
        let group = u32::try_from(index).unwrap_or(u32::MAX);
        let defendant = &case.defendant.id;
        let new_person = match self.first_group.entry(defendant) {
            Entry::Vacant(slot) => {
                slot.insert(group);
                true
            }
            Entry::Occupied(first) => {
                *first.get() != group && self.further_groups.insert((defendant, group))
            }
        };
        if let Some((_, tally)) = self.tallies.get_mut(index) {
            tally.cases.add(outcome, 1);
            if new_person {
                tally.persons.add(outcome, 1);
            }
            if charges.all_alike {
                case.charges
                    .iter()
                    .for_each(|charge| add_charge(tally, charge));
                return;
            }
        }
        // Charges filed under other offences than the case go to other groups.
        for charge in &case.charges {
            let charge_key = TallyKey {
                offence: self.offence(charge),
                ..key
            };
            let index = if charge_key == key {
                index
            } else {
                self.tally(charge_key)
            };
            if let Some((_, tally)) = self.tallies.get_mut(index) {
                add_charge(tally, charge);
            }
        }
    }

    /// Adds the operation's funnel rows and tallies to the builder.
    fn finish(self, into: &mut SummaryBuilder<'_>, operation: &Operation) {
        // In order, so that the rows of a dataset in operation order need no sorting.
        let mut places = self.place_list;
        places.sort_unstable_by_key(|place| place.jurisdiction);
        into.funnel_rows
            .extend(places.iter().map(|place| FunnelRow {
                operation: operation.id.clone(),
                jurisdiction: place.jurisdiction,
                stages: place.stages,
            }));
        let operation_id = self.group_by.operation.then(|| operation.id.clone());
        for (key, tally) in &self.tallies {
            let kind = (key.offence & 0xff)
                .checked_sub(1)
                .and_then(|k| OffenceKind::ALL.get(k as usize).copied());
            let iccs = (key.offence >> 8)
                .checked_sub(1)
                .and_then(|i| self.iccs_list.get(i as usize).copied());
            let group = GroupKey {
                operation: operation_id.clone(),
                jurisdiction: self
                    .grouped
                    .get(key.jurisdiction as usize)
                    .copied()
                    .flatten(),
                offence_kind: kind,
                iccs,
                year: key.year,
            };
            into.groups.entry(group).or_default().merge(tally);
        }
    }
}

fn add_charge(tally: &mut Tally, charge: &Charge) {
    let outcome: Option<Outcome> = Some(charge.disposition.outcome);
    tally.charges.add(outcome, 1);
    tally.counts.add(outcome, u64::from(charge.counts.get()));
}
