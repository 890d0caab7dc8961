//! Aggregation: exact counts on a small hand-made dataset, and the merge laws and
//! split-and-merge equality over generated datasets.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::{BTreeMap, BTreeSet};

use investigation_outcomes::aggregate::{
    EventKind, FirstListed, GroupBy, GroupKey, GroupStatistics, HeaviestSentence,
    JurisdictionLevel, PrincipalOffenceRule, Stages, Summary, SummaryBuilder, Tally,
};
use investigation_outcomes::synthetic::SyntheticConfig;
use investigation_outcomes::{
    Charge, CustodialTerm, Dataset, DefendantId, IccsLevel, Jurisdiction, OffenceKind, Outcome,
    PenaltyKind, Term, arbitrary,
};
use proptest::prelude::*;
use serde_json::json;

fn charge(id: &str, kind: &str, iccs: &str, counts: u32, outcome: &str) -> serde_json::Value {
    json!({"id": id, "offence": {"kind": kind, "iccs": iccs}, "counts": counts, "disposition": {"outcome": outcome}})
}

/// Four cases; defendant d1 has two cases in the operation.
fn small() -> Dataset {
    let document = json!({"schema_version": 1, "operations": [{
        "id": "op", "name": "Op", "participants": ["NZ", "AU"],
        "cases": [
            {"id": "a", "jurisdiction": "NZ-AUK", "defendant": {"id": "d1"},
             "events": {"arrested": "2020-01-10", "charged": "2020-01-11", "verdict": "2020-07-08", "sentenced": "2020-09-06"},
             "charges": [charge("p", "possession", "030221", 3, "convicted"), charge("q", "distribution", "030221", 1, "convicted")],
             "sentence": {"components": [
                 {"penalty": {"kind": "imprisonment", "term": "2y"}, "charges": ["p"]},
                 {"penalty": {"kind": "imprisonment", "term": "3y"}, "charges": ["q"], "runs": "cumulative"}
             ], "status": "final"}},
            {"id": "b", "jurisdiction": "NZ-WGN", "defendant": {"id": "d2"},
             "events": {"arrested": "2021-03"},
             "charges": [charge("p", "possession", "030221", 1, "withdrawn")]},
            {"id": "c", "jurisdiction": "AU-QLD", "defendant": {"id": "d3"},
             "events": {"arrested": "2021-02-01", "charged": "2021-02-02"},
             "charges": [charge("g", "grooming", "030223", 2, "pending")]},
            {"id": "d", "jurisdiction": "NZ", "defendant": {"id": "d1"},
             "events": {"arrested": "2022-05-01", "verdict": "2022-06-30", "sentenced": "2022-06-30"},
             "charges": [charge("p", "possession", "030221", 1, "convicted")],
             "sentence": {"components": [{"penalty": {"kind": "community_work", "hours": 100}, "charges": ["p"]}], "status": "final"}}
        ]
    }]});
    Dataset::from_json_str(&document.to_string()).unwrap()
}

fn key(jurisdiction: &str, kind: OffenceKind) -> GroupKey {
    GroupKey {
        jurisdiction: Some(jurisdiction.parse().unwrap()),
        offence_kind: Some(kind),
        ..GroupKey::default()
    }
}

#[test]
fn counts_by_country_and_offence_follow_the_principal_offence() {
    let summary = Summary::of(
        &small(),
        GroupBy::country_and_offence(),
        &HeaviestSentence::default(),
    );
    let counts = summary.counts();
    assert_eq!(counts.rule(), "heaviest_sentence");
    let convicted = Some(Outcome::Convicted);

    // Case a: the 3-year term on distribution outweighs the 2 years on possession.
    let nz_distribution = counts.get(&key("NZ", OffenceKind::Distribution)).unwrap();
    assert_eq!(nz_distribution.cases.get(convicted), 1);
    assert_eq!(nz_distribution.persons.get(convicted), 1);
    assert_eq!(nz_distribution.charges.get(convicted), 1);

    // Cases b and d; d1 counts again here, in another group.
    let nz_possession = counts.get(&key("NZ", OffenceKind::Possession)).unwrap();
    assert_eq!(nz_possession.cases.total(), 2);
    assert_eq!(nz_possession.cases.get(Some(Outcome::Withdrawn)), 1);
    assert_eq!(nz_possession.persons.total(), 2);
    // Charges are filed under their own offence: a's possession charge is here.
    assert_eq!(nz_possession.charges.get(convicted), 2);
    assert_eq!(nz_possession.counts.get(convicted), 4);

    let au = counts.get(&key("AU", OffenceKind::Grooming)).unwrap();
    assert_eq!(au.cases.get(Some(Outcome::Pending)), 1);
    assert_eq!(au.counts.get(Some(Outcome::Pending)), 2);

    let total = counts.total();
    assert_eq!(total.cases.total(), 4);
    assert_eq!(total.charges.total(), 5);
    assert_eq!(total.counts.total(), 8);
}

#[test]
fn people_count_once_per_group() {
    let by_nothing = Summary::of(&small(), GroupBy::default(), &HeaviestSentence::default());
    let total = by_nothing.counts().total();
    assert_eq!(total.cases.total(), 4);
    assert_eq!(
        total.persons.total(),
        3,
        "d1 has two cases but is one person"
    );
}

#[test]
fn the_rule_is_a_parameter() {
    let first = Summary::of(&small(), GroupBy::country_and_offence(), &FirstListed);
    assert_eq!(first.counts().rule(), "first_listed");
    // Under "first listed", case a is filed under possession, not distribution.
    assert!(
        first
            .counts()
            .get(&key("NZ", OffenceKind::Distribution))
            .is_none_or(|t| t.cases.total() == 0)
    );
    let heaviest = Summary::of(
        &small(),
        GroupBy::country_and_offence(),
        &HeaviestSentence::default(),
    );
    let mut merged = heaviest.clone();
    assert!(
        merged.merge(&first).is_err(),
        "summaries under different rules do not merge"
    );
    assert_eq!(merged, heaviest, "a failed merge changes nothing");
}

#[test]
fn jurisdictions_roll_up_and_iccs_codes_roll_up() {
    let as_recorded = GroupBy {
        jurisdiction: Some(JurisdictionLevel::AsRecorded),
        ..GroupBy::default()
    };
    let summary = Summary::of(&small(), as_recorded, &HeaviestSentence::default());
    let jurisdictions: Vec<String> = summary
        .counts()
        .groups()
        .map(|(k, _)| k.jurisdiction.unwrap().to_string())
        .collect();
    assert_eq!(jurisdictions, ["AU-QLD", "NZ", "NZ-AUK", "NZ-WGN"]);

    let by_division = GroupBy {
        iccs: Some(IccsLevel::Division),
        ..GroupBy::default()
    };
    let summary = Summary::of(&small(), by_division, &HeaviestSentence::default());
    let codes: Vec<String> = summary
        .counts()
        .groups()
        .map(|(k, _)| k.iccs.unwrap().to_string())
        .collect();
    assert_eq!(codes, ["0302"]);
    assert_eq!(summary.counts().total().charges.total(), 5);
}

#[test]
fn counts_group_by_event_year_and_operation() {
    let by_year = GroupBy {
        operation: true,
        year: Some(EventKind::Arrest),
        ..GroupBy::default()
    };
    let summary = Summary::of(&small(), by_year, &HeaviestSentence::default());
    let years: Vec<(Option<u16>, u64)> = summary
        .counts()
        .groups()
        .map(|(k, t)| (k.year, t.cases.total()))
        .collect();
    assert_eq!(years, [(Some(2020), 1), (Some(2021), 2), (Some(2022), 1)]);
    assert!(
        summary
            .counts()
            .groups()
            .all(|(k, _)| k.operation.as_ref().unwrap().as_str() == "op")
    );
}

#[test]
fn funnel_counts_each_stage() {
    let summary = Summary::of(&small(), GroupBy::default(), &HeaviestSentence::default());
    let total = summary.funnel().total();
    assert_eq!(total.as_array(), [4, 4, 4, 2, 1]);
    let conversion = total.conversion();
    assert_eq!(conversion, [Some(1.0), Some(1.0), Some(0.5), Some(0.5)]);
    let nz = summary.funnel().by_country()[&"NZ".parse::<Jurisdiction>().unwrap()];
    assert_eq!(nz.as_array(), [3, 3, 3, 2, 1]);
}

#[test]
fn sentence_statistics_and_time_to_outcome() {
    let summary = Summary::of(&small(), GroupBy::default(), &HeaviestSentence::default());
    let sentences = summary.sentences();
    assert_eq!(sentences.custodial().count(), 1);
    assert_eq!(
        sentences.range_days(),
        Some((Term::years(5).average_days(), Term::years(5).average_days()))
    );
    assert_eq!(sentences.non_custodial()[&PenaltyKind::CommunityWork], 1);
    assert_eq!((sentences.life(), sentences.indefinite()), (0, 0));
    let bins: Vec<u64> = sentences
        .histogram(&[Term::years(1), Term::years(5)])
        .iter()
        .map(|b| b.count)
        .collect();
    assert_eq!(bins, [0, 0, 1]);

    let time = summary.time_to_outcome();
    // Case a: 10 January to 8 July 2020 (180 days) and to 6 September (240 days);
    // case d: 1 May to 30 June 2022 (60 days) for both.
    assert_eq!(
        time.arrest_to_verdict.iter().collect::<Vec<_>>(),
        [(60, 1), (180, 1)]
    );
    assert_eq!(time.arrest_to_sentence.median(), Some(150.0));
    assert_eq!(time.not_to_the_day, 0);
}

#[test]
fn summaries_serialise_and_read_back() {
    let summary = Summary::of(
        &small(),
        GroupBy::country_and_offence(),
        &HeaviestSentence::default(),
    );
    let json = serde_json::to_string(&summary).unwrap();
    assert_eq!(serde_json::from_str::<Summary>(&json).unwrap(), summary);
}

fn group_by() -> impl Strategy<Value = GroupBy> {
    (
        any::<bool>(),
        prop::option::of(prop::sample::select(vec![
            JurisdictionLevel::AsRecorded,
            JurisdictionLevel::Country,
        ])),
        any::<bool>(),
        prop::option::of(prop::sample::select(vec![
            IccsLevel::Section,
            IccsLevel::Division,
            IccsLevel::Group,
            IccsLevel::Class,
        ])),
        prop::option::of(prop::sample::select(EventKind::ALL.to_vec())),
    )
        .prop_map(
            |(operation, jurisdiction, offence_kind, iccs, year)| GroupBy {
                operation,
                jurisdiction,
                offence_kind,
                iccs,
                year,
            },
        )
}

/// A dataset whose people have several cases, in one group or in several: one
/// person in every case of the first operation, two taking turns in the next, and
/// so on; and cases prosecuted in turn in AU, NZ, NZ-AUK and NZ again.
fn with_repeat_defendants(mut dataset: Dataset) -> Dataset {
    let places: Vec<Jurisdiction> = ["AU", "NZ", "NZ-AUK", "NZ"]
        .iter()
        .map(|code| code.parse().unwrap())
        .collect();
    for (pool, operation) in (1..).zip(&mut dataset.operations) {
        for (n, case) in operation.cases.iter_mut().enumerate() {
            case.defendant.id = DefendantId::new(format!("d{}", n % pool)).unwrap();
            case.jurisdiction = places[n % places.len()];
        }
    }
    dataset
}

/// The counts as documented, with ordered maps and no shortcuts: the rule consulted
/// for every case, every person looked up in a set of (person, group) pairs.
fn reference_counts(
    dataset: &Dataset,
    group_by: GroupBy,
    rule: &dyn PrincipalOffenceRule,
) -> BTreeMap<GroupKey, Tally> {
    let mut groups: BTreeMap<GroupKey, Tally> = BTreeMap::new();
    for operation in &dataset.operations {
        let mut counted: BTreeSet<(String, GroupKey)> = BTreeSet::new();
        for case in &operation.cases {
            let key = |charge: Option<&Charge>| reference_key(operation, case, group_by, charge);
            let principal = rule.principal(case).map(|i| &case.charges[i]);
            let outcome = principal.map(|c| c.disposition.outcome);
            let case_key = key(principal);
            let tally = groups.entry(case_key.clone()).or_default();
            tally.cases.add(outcome, 1).unwrap();
            if counted.insert((case.defendant.id.to_string(), case_key)) {
                tally.persons.add(outcome, 1).unwrap();
            }
            for charge in &case.charges {
                let tally = groups.entry(key(Some(charge))).or_default();
                let outcome = Some(charge.disposition.outcome);
                tally.charges.add(outcome, 1).unwrap();
                tally
                    .counts
                    .add(outcome, u64::from(charge.counts.get()))
                    .unwrap();
            }
        }
    }
    groups
}

/// The group a case or charge is filed under, as documented.
fn reference_key(
    operation: &investigation_outcomes::Operation,
    case: &investigation_outcomes::Case,
    group_by: GroupBy,
    charge: Option<&Charge>,
) -> GroupKey {
    let events = &case.events;
    GroupKey {
        operation: group_by.operation.then(|| operation.id.clone()),
        jurisdiction: group_by.jurisdiction.map(|level| match level {
            JurisdictionLevel::AsRecorded => case.jurisdiction,
            JurisdictionLevel::Country => case.jurisdiction.country(),
        }),
        offence_kind: charge
            .filter(|_| group_by.offence_kind)
            .map(|c| c.offence.kind),
        iccs: group_by.iccs.and_then(|level| {
            let code = charge?.offence.iccs;
            Some(code.ancestry().find(|c| c.level() <= level).unwrap_or(code))
        }),
        year: group_by.year.and_then(|event| {
            match event {
                EventKind::Arrest => events.arrested,
                EventKind::Charge => events.charged,
                EventKind::Verdict => events.verdict,
                EventKind::Sentence => events.sentenced,
            }
            .and_then(|d| d.date())
            .map(|d| d.calendar_year())
        }),
    }
}

/// Sentence statistics and time to outcome per group, as documented: each group's
/// cases (filed under their principal charge) summarised alone.
fn reference_by_group(
    dataset: &Dataset,
    group_by: GroupBy,
    rule: &dyn PrincipalOffenceRule,
) -> BTreeMap<GroupKey, GroupStatistics> {
    let mut cases: BTreeMap<GroupKey, Vec<investigation_outcomes::Case>> = BTreeMap::new();
    for operation in &dataset.operations {
        for case in &operation.cases {
            let principal = rule.principal(case).map(|i| &case.charges[i]);
            let key = reference_key(operation, case, group_by, principal);
            cases.entry(key).or_default().push(case.clone());
        }
    }
    cases
        .into_iter()
        .map(|(key, cases)| {
            let mut group =
                investigation_outcomes::Operation::new("group".parse().unwrap(), "group");
            group.cases = cases;
            let mut statistics = GroupStatistics::default();
            statistics.sentences.add_operation(&group).unwrap();
            statistics.time_to_outcome.add_operation(&group).unwrap();
            (key, statistics)
        })
        .filter(|(_, s)| !s.is_empty())
        .collect()
}

/// The funnel as documented, stage by stage.
fn reference_funnel(dataset: &Dataset) -> BTreeMap<(String, Jurisdiction), Stages> {
    let mut rows: BTreeMap<(String, Jurisdiction), Stages> = BTreeMap::new();
    for operation in &dataset.operations {
        for case in &operation.cases {
            let stages = rows
                .entry((operation.id.to_string(), case.jurisdiction))
                .or_default();
            stages.identified += 1;
            stages.arrested += u64::from(case.events.arrested.is_some());
            stages.charged += u64::from(!case.charges.is_empty() || case.events.charged.is_some());
            stages.convicted += u64::from(
                case.charges
                    .iter()
                    .any(|c| c.disposition.outcome == Outcome::Convicted),
            );
            stages.sentenced_to_custody += u64::from(match case.effective_custodial_term() {
                Ok(CustodialTerm::Determinate(term)) => !term.is_zero(),
                Ok(CustodialTerm::Life { .. } | CustodialTerm::Indefinite { .. }) => true,
                Ok(CustodialTerm::None) | Err(_) => false,
            });
        }
    }
    rows
}

#[test]
fn counts_and_funnel_of_a_large_generated_dataset_match_their_definitions() {
    // Hundreds of places and groups per operation: lookups that share a slot in the
    // builder's cache of recent keys must still tell them apart.
    let dataset = with_repeat_defendants_every(
        SyntheticConfig {
            seed: 5,
            operations: 6,
            cases: 6_000,
        }
        .dataset(),
        7,
    );
    let rule = HeaviestSentence::default();
    for group_by in [
        GroupBy::country_and_offence(),
        GroupBy {
            operation: true,
            jurisdiction: Some(JurisdictionLevel::AsRecorded),
            offence_kind: true,
            iccs: Some(IccsLevel::Class),
            year: Some(EventKind::Arrest),
        },
    ] {
        let summary = Summary::of(&dataset, group_by, &rule);
        let counts: BTreeMap<GroupKey, Tally> = summary
            .counts()
            .groups()
            .map(|(k, t)| (k.clone(), *t))
            .collect();
        assert!(counts.len() > 100, "{}", counts.len());
        assert_eq!(counts, reference_counts(&dataset, group_by, &rule));
        let by_group: BTreeMap<GroupKey, GroupStatistics> = summary
            .by_group()
            .map(|(k, s)| (k.clone(), s.clone()))
            .collect();
        assert!(by_group.len() > 50, "{}", by_group.len());
        assert_eq!(by_group, reference_by_group(&dataset, group_by, &rule));
        let funnel: BTreeMap<(String, Jurisdiction), Stages> = summary
            .funnel()
            .rows()
            .map(|(operation, jurisdiction, stages)| {
                ((operation.to_string(), jurisdiction), *stages)
            })
            .collect();
        assert_eq!(funnel, reference_funnel(&dataset));
    }
}

/// Every `every`-th case of an operation is the same person's.
fn with_repeat_defendants_every(mut dataset: Dataset, every: usize) -> Dataset {
    for operation in &mut dataset.operations {
        for (n, case) in operation.cases.iter_mut().enumerate() {
            if n % every == 0 {
                case.defendant.id = DefendantId::new("repeated").unwrap();
            }
        }
    }
    dataset
}

fn summary_of(
    operations: &[investigation_outcomes::Operation],
    group_by: GroupBy,
    rule: &dyn PrincipalOffenceRule,
) -> Summary {
    Summary::of(&Dataset::new(operations.to_vec()), group_by, rule)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn counts_and_funnel_match_their_definitions(
        dataset in arbitrary::dataset().prop_map(with_repeat_defendants),
        group_by in group_by(),
        first_listed in any::<bool>(),
    ) {
        let heaviest = HeaviestSentence::default();
        let rule: &dyn PrincipalOffenceRule = if first_listed { &FirstListed } else { &heaviest };
        let summary = Summary::of(&dataset, group_by, rule);
        let counts: BTreeMap<GroupKey, Tally> =
            summary.counts().groups().map(|(k, t)| (k.clone(), *t)).collect();
        prop_assert_eq!(counts, reference_counts(&dataset, group_by, rule));
        // Sentence statistics and time to outcome per group, when grouped.
        let by_group: BTreeMap<GroupKey, GroupStatistics> =
            summary.by_group().map(|(k, s)| (k.clone(), s.clone())).collect();
        if group_by == GroupBy::default() {
            prop_assert!(by_group.is_empty());
        } else {
            prop_assert_eq!(by_group, reference_by_group(&dataset, group_by, rule));
        }
        let funnel: BTreeMap<(String, Jurisdiction), Stages> = summary
            .funnel()
            .rows()
            .map(|(operation, jurisdiction, stages)| ((operation.to_string(), jurisdiction), *stages))
            .collect();
        prop_assert_eq!(funnel, reference_funnel(&dataset));
    }

    #[test]
    fn a_builder_fed_one_operation_at_a_time_gives_the_summary(
        dataset in arbitrary::dataset().prop_map(with_repeat_defendants), group_by in group_by()
    ) {
        let rule = HeaviestSentence::default();
        let mut builder = SummaryBuilder::new(group_by, &rule);
        let mut added = Summary::empty(group_by, &rule);
        for operation in &dataset.operations {
            builder.add_operation(operation);
            added.add_operation(operation, &rule).unwrap();
        }
        let whole = Summary::of(&dataset, group_by, &rule);
        prop_assert_eq!(&builder.finish(), &whole);
        prop_assert_eq!(&added, &whole);
    }

    #[test]
    fn summarising_a_split_and_merging_equals_summarising_the_whole(
        dataset in arbitrary::dataset(), group_by in group_by(), cut in any::<prop::sample::Index>()
    ) {
        let rule = HeaviestSentence::default();
        let whole = Summary::of(&dataset, group_by, &rule);
        let at = cut.index(dataset.operations.len() + 1);
        let (left, right) = dataset.operations.split_at(at);
        let mut merged = summary_of(left, group_by, &rule);
        merged.merge(&summary_of(right, group_by, &rule)).unwrap();
        prop_assert_eq!(&merged, &whole);
        // And it survives JSON.
        let json = serde_json::to_string(&whole).unwrap();
        prop_assert_eq!(serde_json::from_str::<Summary>(&json).unwrap(), whole);
    }

    /// The totals a summary keeps, so that a merge checks its sums without going
    /// over what it holds, are the sums of its groups and rows however it was made:
    /// summarised, merged, added to one operation at a time, or read back.
    #[test]
    fn kept_totals_are_the_sums_of_the_groups_and_rows(
        dataset in arbitrary::dataset(), group_by in group_by(), cut in any::<prop::sample::Index>()
    ) {
        let rule = HeaviestSentence::default();
        let at = cut.index(dataset.operations.len() + 1);
        let (left, right) = dataset.operations.split_at(at);
        let mut merged = summary_of(left, group_by, &rule);
        merged.merge(&summary_of(right, group_by, &rule)).unwrap();
        let mut added = Summary::empty(group_by, &rule);
        for operation in &dataset.operations {
            added.add_operation(operation, &rule).unwrap();
        }
        let read: Summary = serde_json::from_str(&serde_json::to_string(&merged).unwrap()).unwrap();
        for summary in [&merged, &added, &read] {
            let mut groups = Tally::default();
            for (_, tally) in summary.counts().groups() {
                groups.merge(tally).unwrap();
            }
            prop_assert_eq!(summary.counts().total(), groups);
            let mut rows = Stages::default();
            for (_, _, stages) in summary.funnel().rows() {
                rows = rows.checked_add(stages).unwrap();
            }
            prop_assert_eq!(summary.funnel().total(), rows);
        }
    }

    #[test]
    fn merge_is_associative_and_commutative_with_an_identity(
        a in arbitrary::dataset(), b in arbitrary::dataset(), c in arbitrary::dataset(), group_by in group_by()
    ) {
        let rule = HeaviestSentence::default();
        let [sa, sb, sc] = [&a, &b, &c].map(|d| Summary::of(d, group_by, &rule));

        let mut ab = sa.clone();
        ab.merge(&sb).unwrap();
        let mut ba = sb.clone();
        ba.merge(&sa).unwrap();
        prop_assert_eq!(&ab, &ba);

        let mut ab_c = ab.clone();
        ab_c.merge(&sc).unwrap();
        let mut bc = sb.clone();
        bc.merge(&sc).unwrap();
        let mut a_bc = sa.clone();
        a_bc.merge(&bc).unwrap();
        prop_assert_eq!(&ab_c, &a_bc);

        let mut with_empty = Summary::empty(group_by, &rule);
        with_empty.merge(&sa).unwrap();
        prop_assert_eq!(&with_empty, &sa);
    }

    #[test]
    fn totals_do_not_depend_on_the_grouping(dataset in arbitrary::dataset(), group_by in group_by()) {
        let rule = HeaviestSentence::default();
        let grouped = Summary::of(&dataset, group_by, &rule).counts().total();
        let ungrouped = Summary::of(&dataset, GroupBy::default(), &rule).counts().total();
        prop_assert_eq!(grouped.cases, ungrouped.cases);
        prop_assert_eq!(grouped.charges, ungrouped.charges);
        prop_assert_eq!(grouped.counts, ungrouped.counts);
        let cases: usize = dataset.operations.iter().map(|o| o.cases.len()).sum();
        prop_assert_eq!(grouped.cases.total(), cases as u64);
    }
}

#[test]
fn group_keys_display_their_dimensions() {
    use investigation_outcomes::aggregate::GroupKey;
    assert_eq!(GroupKey::default().to_string(), "all");
    let key = GroupKey {
        jurisdiction: Some("GB".parse().unwrap()),
        offence_kind: Some("possession".parse().unwrap()),
        year: Some(2021),
        ..GroupKey::default()
    };
    assert_eq!(key.to_string(), "GB / possession / 2021");
}
