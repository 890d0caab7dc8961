//! Building a [`Summary`]: one pass over each operation's cases feeds every part.

use std::collections::BTreeMap;
use std::collections::hash_map::Entry;
use std::hash::{Hash, Hasher};

use super::counts::{GroupKey, JurisdictionLevel, Tally, roll_up};
use super::funnel::{FunnelRow, Stages};
use super::inner::{CaseClass, InnerCells, SentenceClass};
use super::sentences::SentenceStatsBuilder;
use super::time_to_outcome::TimeToOutcomeBuilder;
use super::{Counts, Funnel, GroupBy, GroupStatistics, PrincipalOffenceRule, Summary};
use crate::record::case::Case;
use crate::record::charge::Charge;
use crate::record::charge::Outcome;
use crate::record::offence::OffenceKind;
use crate::record::operation::Operation;
use crate::record::sentence::CustodialTerm;
use crate::record::sentence::SentenceError;
use crate::util::fx::{FxHashMap, FxHashSet, FxHasher};
use crate::value::iccs::IccsCode;
use crate::value::id::DefendantId;
use crate::value::id::OperationId;
use crate::value::jurisdiction::Jurisdiction;

/// Builds a [`Summary`] from operations added one at a time, reading each case once.
///
/// [`Summary::of`] uses it. Use it directly to summarise a stream of operations (JSON
/// Lines, say) without holding them all: work shared between operations (numbering
/// the groups, ordering them and the distributions) is done once, in
/// [`finish`](Self::finish).
///
/// # Example
///
/// ```
/// use investigation_outcomes::aggregate::{GroupBy, HeaviestSentence, Summary, SummaryBuilder};
/// use investigation_outcomes::synthetic::{Generator, SyntheticConfig};
///
/// let config = SyntheticConfig { seed: 1, operations: 20, cases: 2_000 };
/// let rule = HeaviestSentence::default();
/// let mut builder = SummaryBuilder::new(GroupBy::country_and_offence(), &rule);
/// for operation in Generator::new(config) {
///     builder.add_operation(&operation);
/// }
/// let streamed = builder.finish();
/// assert_eq!(streamed.cases(), 2_000);
/// assert_eq!(streamed, Summary::of(&config.dataset(), GroupBy::country_and_offence(), &rule));
/// ```
pub struct SummaryBuilder<'r> {
    group_by: GroupBy,
    rule: &'r dyn PrincipalOffenceRule,
    operations: u64,
    cases: u64,
    groups: Groups,
    funnel_rows: Vec<FunnelRow>,
    sentences: SentenceStatsBuilder,
    time_to_outcome: TimeToOutcomeBuilder,
    // The cases in their inner cells, by the group's number in the counts.
    inner: FxHashMap<(u32, CaseClass), u64>,
    // Per group, by the group's number in the counts; kept only when grouped (an
    // ungrouped summary is one group, the whole).
    by_group: Option<Vec<(SentenceStatsBuilder, TimeToOutcomeBuilder)>>,
}

impl<'r> SummaryBuilder<'r> {
    /// A builder grouping counts by `group_by` and counting people under `rule`.
    pub fn new(group_by: GroupBy, rule: &'r dyn PrincipalOffenceRule) -> Self {
        Self {
            group_by,
            rule,
            operations: 0,
            cases: 0,
            groups: Groups::new(group_by),
            funnel_rows: Vec::new(),
            sentences: SentenceStatsBuilder::default(),
            time_to_outcome: TimeToOutcomeBuilder::default(),
            inner: FxHashMap::default(),
            by_group: (group_by != GroupBy::default()).then(Vec::new),
        }
    }

    /// Adds one operation's cases.
    pub fn add_operation(&mut self, operation: &Operation) {
        self.add_operation_with(operation, |_| {});
    }

    /// Adds one operation's cases, giving each case's class, in order, to `each`.
    #[inline]
    pub(crate) fn add_operation_with(
        &mut self,
        operation: &Operation,
        mut each: impl FnMut(&CaseClass),
    ) {
        let groups = &mut self.groups;
        groups.start_operation(&operation.id);
        let mut people = People::with_capacity(operation.cases.len());
        for case in &operation.cases {
            let term = case.effective_custodial_term();
            let place = groups.place(case.jurisdiction);
            let charges = groups.scan_charges(case);
            let reached = reached(case, &charges, &term);
            groups.add_to_funnel(place, &reached);
            let (group, outcome, counts_person) =
                groups.add_to_counts(place, case, &charges, self.rule, &mut people);
            self.sentences.add_case(case, &term);
            let (to_verdict, to_sentence) = self.time_to_outcome.add_case(case);
            let class = CaseClass {
                outcome,
                counts_person,
                country: case.jurisdiction.country(),
                arrested: reached.arrested,
                charged: reached.charged,
                convicted: reached.convicted,
                custody: reached.custody,
                sentence: SentenceClass::of(case, &term),
                to_verdict,
                to_sentence,
            };
            each(&class);
            let slot = self
                .inner
                .entry((u32::try_from(group).unwrap_or(u32::MAX), class))
                .or_default();
            *slot = slot.saturating_add(1);
            if let Some(by_group) = &mut self.by_group {
                if by_group.len() <= group {
                    let small = || (SentenceStatsBuilder::small(), TimeToOutcomeBuilder::small());
                    by_group.resize_with(group + 1, small);
                }
                if let Some((sentences, time)) = by_group.get_mut(group) {
                    sentences.add_case(case, &term);
                    time.add_case(case);
                }
            }
        }
        groups.finish_operation(&operation.id, &mut self.funnel_rows);
        self.operations += 1;
        self.cases += operation.cases.len() as u64;
    }

    /// The summary of every operation added.
    pub fn finish(self) -> Summary {
        let mut counts = Counts::empty(self.group_by, self.rule.name());
        let mut by_group = BTreeMap::new();
        let mut statistics = self.by_group.unwrap_or_default().into_iter();
        let mut keys = Vec::new();
        let groups = self.groups.into_group_keys().map(|(key, tally)| {
            keys.push(key.clone());
            // Groups are numbered in the order they are made, as their statistics are.
            if let Some((sentences, time)) = statistics.next() {
                let group = GroupStatistics {
                    sentences: sentences.finish(),
                    time_to_outcome: time.finish(),
                };
                // Tallies of several operations share a group when not grouped by
                // operation. Counted one case at a time, the sums fit.
                if !group.is_empty() {
                    let slot: &mut GroupStatistics = by_group.entry(key.clone()).or_default();
                    if slot.merge(&group).is_err() {
                        debug_assert!(false, "a group's statistics overflowed");
                    }
                }
            }
            (key, tally)
        });
        counts.add_groups(groups);
        let inner = InnerCells::from_counted(self.inner.into_iter().filter_map(
            |((group, class), cases)| {
                let key = keys.get(group as usize)?.clone();
                Some(((key, class), cases))
            },
        ));
        Summary {
            operations: self.operations,
            cases: self.cases,
            counts,
            funnel: Funnel::from_rows(self.funnel_rows),
            sentences: self.sentences.finish(),
            time_to_outcome: self.time_to_outcome.finish(),
            inner,
            by_group,
        }
    }
}

/// A jurisdiction as recorded in the current operation, with its funnel stages.
struct Place {
    jurisdiction: Jurisdiction,
    // The number of the jurisdiction at the grouping level (see `Groups::grouped_list`).
    group: u32,
    stages: Stages,
}

/// The group of a tally as small numbers: the operation (when grouped by it), the
/// grouped jurisdiction, the offence (see [`Groups::offence`]) and the year.
#[derive(Clone, Copy, PartialEq, Eq)]
struct TallyKey {
    operation: u32,
    jurisdiction: u32,
    offence: u32,
    year: Option<u16>,
}

impl Hash for TallyKey {
    // Two words rather than one per field: the key is hashed for every case.
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(u64::from(self.jurisdiction) << 32 | u64::from(self.offence));
        state.write_u64(
            u64::from(self.operation) << 32 | u64::from(self.year.map_or(u32::MAX, u32::from)),
        );
    }
}

/// The funnel stages a case reached beyond being identified.
struct Reached {
    arrested: bool,
    charged: bool,
    convicted: bool,
    custody: bool,
}

#[inline]
fn reached(
    case: &Case,
    charges: &ChargeScan,
    term: &Result<CustodialTerm, SentenceError>,
) -> Reached {
    let custody = match term {
        Ok(CustodialTerm::Life { .. } | CustodialTerm::Indefinite { .. }) => true,
        Ok(CustodialTerm::Determinate(t)) => !t.is_zero(),
        // Cumulative parts longer than the longest term kept are custody all the same.
        Err(SentenceError::Overflow { .. }) => true,
        Ok(CustodialTerm::None) | Err(SentenceError::ConcurrencyUnstated { .. }) => false,
    };
    Reached {
        arrested: case.events.arrested.is_some(),
        charged: !case.charges.is_empty() || case.events.charged.is_some(),
        convicted: charges.any_convicted,
        custody,
    }
}

/// What a case's charges have in common, from [`Groups::scan_charges`].
struct ChargeScan {
    // The offence (as numbered by `Groups::offence`) and outcome of the first.
    first: Option<(u32, Outcome)>,
    // Whether every charge has the first one's offence and outcome.
    all_alike: bool,
    any_convicted: bool,
}

/// Who has been counted in which group, within one operation: people are identified
/// by their defendant identifier within an operation.
struct People<'a> {
    first_group: FxHashMap<&'a DefendantId, u32>,
    further_groups: FxHashSet<(&'a DefendantId, u32)>,
}

impl<'a> People<'a> {
    fn with_capacity(cases: usize) -> Self {
        Self {
            first_group: FxHashMap::with_capacity_and_hasher(cases, Default::default()),
            further_groups: FxHashSet::default(),
        }
    }

    /// Whether the person is counted in the group for the first time.
    #[inline]
    fn is_new_in(&mut self, defendant: &'a DefendantId, group: u32) -> bool {
        match self.first_group.entry(defendant) {
            Entry::Vacant(slot) => {
                slot.insert(group);
                true
            }
            Entry::Occupied(first) => {
                *first.get() != group && self.further_groups.insert((defendant, group))
            }
        }
    }
}

/// Keys numbered from 0 in the order they are first seen.
///
/// The last few keys looked up are also kept, each in a slot chosen by its hash, in
/// front of the map: most cases fall into a place or group seen shortly before, and
/// comparing one slot is cheaper than probing the map.
struct Numbering<K> {
    numbers: FxHashMap<K, u32>,
    recent: [Option<(K, u32)>; RECENT_SLOTS],
}

const RECENT_SLOTS: usize = 256;

impl<K: Copy + Eq + Hash> Numbering<K> {
    fn new() -> Self {
        Self {
            numbers: FxHashMap::default(),
            recent: [None; RECENT_SLOTS],
        }
    }

    /// The key's number, and whether the key is new.
    #[inline]
    fn number(&mut self, key: K) -> (usize, bool) {
        let mut hasher = FxHasher::default();
        key.hash(&mut hasher);
        // The top bits are the best mixed.
        let slot = (hasher.finish() >> 56) as usize % RECENT_SLOTS;
        if let Some(Some((recent, number))) = self.recent.get(slot)
            && *recent == key
        {
            return (*number as usize, false);
        }
        let next = u32::try_from(self.numbers.len()).unwrap_or(u32::MAX);
        let (number, new) = match self.numbers.entry(key) {
            Entry::Occupied(entry) => (*entry.get(), false),
            Entry::Vacant(entry) => (*entry.insert(next), true),
        };
        if let Some(recent) = self.recent.get_mut(slot) {
            *recent = Some((key, number));
        }
        (number as usize, new)
    }

    fn clear(&mut self) {
        self.numbers.clear();
        self.recent = [None; RECENT_SLOTS];
    }
}

/// The tallies and funnel stages, with the jurisdictions, offences and operations
/// they are grouped by numbered as they are first seen: keys of small numbers are
/// cheap to hash, and the group keys are written out once, at the end.
struct Groups {
    group_by: GroupBy,
    // The jurisdictions of the current operation: few, so looked up quickly.
    places: Numbering<Jurisdiction>,
    place_list: Vec<Place>,
    // The jurisdictions at the grouping level.
    grouped: Numbering<Option<Jurisdiction>>,
    grouped_list: Vec<Option<Jurisdiction>>,
    // The rolled-up ICCS codes seen.
    iccs: Numbering<IccsCode>,
    iccs_list: Vec<IccsCode>,
    // The operations seen, when grouping by operation.
    operation_list: Vec<OperationId>,
    operation: u32,
    tally_numbers: Numbering<TallyKey>,
    tallies: Vec<(TallyKey, Tally)>,
}

impl Groups {
    fn new(group_by: GroupBy) -> Self {
        Self {
            group_by,
            places: Numbering::new(),
            place_list: Vec::new(),
            grouped: Numbering::new(),
            grouped_list: Vec::new(),
            iccs: Numbering::new(),
            iccs_list: Vec::new(),
            operation_list: Vec::new(),
            operation: 0,
            tally_numbers: Numbering::new(),
            tallies: Vec::new(),
        }
    }

    fn start_operation(&mut self, operation: &OperationId) {
        if self.group_by.operation {
            self.operation = u32::try_from(self.operation_list.len()).unwrap_or(u32::MAX);
            self.operation_list.push(operation.clone());
        }
    }

    /// The number of a jurisdiction, adding it when new.
    #[inline]
    fn place(&mut self, jurisdiction: Jurisdiction) -> usize {
        let (index, new) = self.places.number(jurisdiction);
        if new {
            let grouped = self.group_by.jurisdiction.map(|level| match level {
                JurisdictionLevel::AsRecorded => jurisdiction,
                JurisdictionLevel::Country => jurisdiction.country(),
            });
            let (group, new_group) = self.grouped.number(grouped);
            if new_group {
                self.grouped_list.push(grouped);
            }
            self.place_list.push(Place {
                jurisdiction,
                group: u32::try_from(group).unwrap_or(u32::MAX),
                stages: Stages::default(),
            });
        }
        index
    }

    #[inline]
    fn add_to_funnel(&mut self, place: usize, reached: &Reached) {
        let Some(Place { stages, .. }) = self.place_list.get_mut(place) else {
            return;
        };
        stages.identified = stages.identified.saturating_add(1);
        stages.arrested = stages.arrested.saturating_add(u64::from(reached.arrested));
        stages.charged = stages.charged.saturating_add(u64::from(reached.charged));
        stages.convicted = stages
            .convicted
            .saturating_add(u64::from(reached.convicted));
        stages.sentenced_to_custody = stages
            .sentenced_to_custody
            .saturating_add(u64::from(reached.custody));
    }

    /// The offence of a charge in the grouped dimensions, as a number: 0 when no
    /// offence dimension is grouped; otherwise the kind (1 + its index, or 0) in the
    /// low byte and the rolled-up ICCS code (numbered from 1, or 0) above it.
    #[inline]
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
                let (number, new) = self.iccs.number(code);
                if new {
                    self.iccs_list.push(code);
                }
                u32::try_from(number + 1).unwrap_or(u32::MAX)
            }
        };
        iccs << 8 | kind
    }

    /// The index in `tallies` of a group, adding it when new.
    #[inline]
    fn tally(&mut self, key: TallyKey) -> usize {
        let (index, new) = self.tally_numbers.number(key);
        if new {
            self.tallies.push((key, Tally::default()));
        }
        index
    }

    /// What the funnel and the counts need of a case's charges, in one pass with
    /// no early exit (data-dependent branches are what cost most here).
    #[inline]
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

    /// Adds a case to the counts; returns its group's number, its outcome and
    /// whether it counts its defendant as a person in the group.
    ///
    /// The rule is consulted only for a case whose charges would be filed differently
    /// (by outcome or a grouped offence dimension): otherwise every charge gives the
    /// same group and outcome, and the first stands for all.
    #[inline]
    fn add_to_counts<'a>(
        &mut self,
        place: usize,
        case: &'a Case,
        charges: &ChargeScan,
        rule: &dyn PrincipalOffenceRule,
        people: &mut People<'a>,
    ) -> (usize, Option<Outcome>, bool) {
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
            operation: self.operation,
            jurisdiction,
            offence,
            year,
        };
        let index = self.tally(key);
        let new_person =
            people.is_new_in(&case.defendant.id, u32::try_from(index).unwrap_or(u32::MAX));
        if let Some((_, tally)) = self.tallies.get_mut(index) {
            tally.cases.add_saturating(outcome, 1);
            if new_person {
                tally.persons.add_saturating(outcome, 1);
            }
            if charges.all_alike {
                case.charges
                    .iter()
                    .for_each(|charge| add_charge(tally, charge));
                return (index, outcome, new_person);
            }
        }
        // Charges filed under other offences than the case go to other groups.
        for charge in &case.charges {
            let charge_key = TallyKey {
                offence: self.offence(charge),
                ..key
            };
            let charge_index = if charge_key == key {
                index
            } else {
                self.tally(charge_key)
            };
            if let Some((_, tally)) = self.tallies.get_mut(charge_index) {
                add_charge(tally, charge);
            }
        }
        (index, outcome, new_person)
    }

    /// Writes out the operation's funnel rows, in jurisdiction order so that the rows
    /// of a dataset in operation order need no sorting, and forgets its places.
    fn finish_operation(&mut self, operation: &OperationId, rows: &mut Vec<FunnelRow>) {
        self.place_list
            .sort_unstable_by_key(|place| place.jurisdiction);
        rows.extend(self.place_list.drain(..).map(|place| FunnelRow {
            operation: operation.clone(),
            jurisdiction: place.jurisdiction,
            stages: place.stages,
        }));
        self.places.clear();
    }

    /// The tallies by their full group keys.
    fn into_group_keys(self) -> impl Iterator<Item = (GroupKey, Tally)> {
        let Groups {
            group_by,
            grouped_list,
            iccs_list,
            operation_list,
            tallies,
            ..
        } = self;
        tallies.into_iter().map(move |(key, tally)| {
            let kind = (key.offence & 0xff)
                .checked_sub(1)
                .and_then(|k| OffenceKind::ALL.get(k as usize).copied());
            let iccs = (key.offence >> 8)
                .checked_sub(1)
                .and_then(|i| iccs_list.get(i as usize).copied());
            let group = GroupKey {
                operation: operation_list
                    .get(key.operation as usize)
                    .filter(|_| group_by.operation)
                    .cloned(),
                jurisdiction: grouped_list
                    .get(key.jurisdiction as usize)
                    .copied()
                    .flatten(),
                offence_kind: kind,
                iccs,
                year: key.year,
            };
            (group, tally)
        })
    }
}

fn add_charge(tally: &mut Tally, charge: &Charge) {
    let outcome: Option<Outcome> = Some(charge.disposition.outcome);
    tally.charges.add_saturating(outcome, 1);
    tally
        .counts
        .add_saturating(outcome, u64::from(charge.counts.get()));
}
